#include "core/store/cache.hpp"

#include <git2/odb.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <unordered_set>

#include "core/query.hpp"
#include "core/search.hpp"
#include "core/metrics.hpp"
#include "core/store/facts_pack.hpp"
#include "core/store/git.hpp"
#include "formats/ticket_toml.hpp"

namespace tier::store {
namespace {

// The tables' layout and the facts packs' (core/store/facts_pack.hpp): a
// cache made with another version of either is made again.
constexpr int schema_version = 4 * 256 + facts_pack_version;

struct Stmt {
  sqlite3_stmt* s = nullptr;
  Stmt(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK)
      throw Error(Exit::Failure, std::string("cache: ") + sqlite3_errmsg(db));
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() { sqlite3_finalize(s); }
  void text(int i, std::string_view v) { sqlite3_bind_text(s, i, v.data(), int(v.size()), SQLITE_TRANSIENT); }
  void integer(int i, std::int64_t v) { sqlite3_bind_int64(s, i, v); }
  void blob(int i, const std::string& v) { sqlite3_bind_blob(s, i, v.data(), int(v.size()), SQLITE_TRANSIENT); }
  bool step() {
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) throw Error(Exit::Failure, std::string("cache: ") + sqlite3_errmsg(sqlite3_db_handle(s)));
    return false;
  }
  void reset() {
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
  }
  std::string col(int i) const {
    const auto* p = sqlite3_column_text(s, i);
    return p ? std::string(reinterpret_cast<const char*>(p), std::size_t(sqlite3_column_bytes(s, i))) : std::string();
  }
  std::int64_t num(int i) const { return sqlite3_column_int64(s, i); }
  double real(int i) const { return sqlite3_column_double(s, i); }
  std::string_view blob(int i) const {
    const void* p = sqlite3_column_blob(s, i);
    return p ? std::string_view(static_cast<const char*>(p), std::size_t(sqlite3_column_bytes(s, i))) : std::string_view();
  }
  bool null(int i) const { return sqlite3_column_type(s, i) == SQLITE_NULL; }
};

void exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw Error(Exit::Failure, "cache: " + msg);
  }
}

constexpr const char* columns =
    "path, dir, oid, problem, line, id, title, status, priority, category, tier, grp, assignee, owner,"
    " escalations, handbacks, tags, created, updated, req_name, req_email, org, asset, location, symptoms,"
    " tried, connection, appt_at, appt_place, appt_tech, csat";

std::string join_tags(const std::vector<std::string>& tags) {
  std::string out;
  for (const auto& t : tags) {
    if (!out.empty()) out += '\x1f';
    out += t;
  }
  return out;
}

std::vector<std::string> split_tags(const std::string& s) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  std::size_t start = 0;
  for (;;) {
    const auto end = s.find('\x1f', start);
    out.push_back(s.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

int problem_line(const std::string& message) {
  // formats report "path:line:col: what".
  const auto first = message.find(".toml:");
  if (first == std::string::npos) return 0;
  return std::atoi(message.c_str() + first + 6);
}

// The full-text index of `tier search`: the text of each ticket
// (search_document()) in search_docs, indexed by the FTS5 table `search`
// (external content: the text is stored once), its rows following the
// tickets table's by triggers. It stays empty until the first search turns it
// on (meta 'search'): parsing every log costs more than a cold listing may.
constexpr const char* search_schema =
    "CREATE TABLE search_docs(docid INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, title TEXT, details TEXT,"
    " log TEXT);"
    "CREATE VIRTUAL TABLE search USING fts5(title, details, log, content='search_docs', content_rowid='docid',"
    " tokenize='porter unicode61 remove_diacritics 2');"
    "CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN"
    " INSERT INTO search(rowid, title, details, log) VALUES(new.docid, new.title, new.details, new.log); END;"
    "CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN"
    " INSERT INTO search(search, rowid, title, details, log) VALUES('delete', old.docid, old.title, old.details,"
    " old.log); END;"
    "CREATE TRIGGER tickets_search_bi BEFORE INSERT ON tickets BEGIN"
    " DELETE FROM search_docs WHERE path=new.path; END;"
    "CREATE TRIGGER tickets_search_ad AFTER DELETE ON tickets BEGIN"
    " DELETE FROM search_docs WHERE path=old.path; END;";

// bm25 with the title weighing most, then the template, then the log.
constexpr const char* search_rank = "bm25(10.0, 4.0, 1.0)";

// The header of a row that selected `columns`, starting at column `first`.
Header header_from_row(const Stmt& q, int first) {
  auto c = [first](int i) { return first + i; };
  Header h;
  h.id = q.col(c(5));
  h.title = q.col(c(6));
  h.status = Status(q.num(c(7)));
  h.priority = Priority(q.num(c(8)));
  h.category = q.col(c(9));
  h.tier = int(q.num(c(10)));
  h.group = q.col(c(11));
  h.assignee = q.col(c(12));
  h.owner = q.col(c(13));
  h.escalations = int(q.num(c(14)));
  h.handbacks = int(q.num(c(15)));
  h.tags = split_tags(q.col(c(16)));
  h.created.ms = q.num(c(17));
  h.updated.ms = q.num(c(18));
  h.requester = Requester{q.col(c(19)), q.col(c(20)), q.col(c(21))};
  h.details = Details{q.col(c(22)), q.col(c(23)), q.col(c(24)), q.col(c(25)), q.col(c(26))};
  if (!q.null(c(27))) h.appointment = Appointment{Time{q.num(c(27))}, q.col(c(28)), q.col(c(29))};
  if (!q.null(c(30))) h.csat = int(q.num(c(30)));
  return h;
}

// A bad file's row: the parser's "path:line:col: " is dropped from the
// message; Problem carries them.
Problem problem_from_row(const std::string& path, int line, std::string msg) {
  if (msg.rfind(path + ":", 0) == 0) {
    auto rest = msg.find(": ", path.size());
    if (rest != std::string::npos) msg = msg.substr(rest + 2);
  }
  return Problem{path, line, std::move(msg)};
}

// The status and group filters as SQL on the tickets table `t`; ?3 is the group.
std::string prefilter_sql(const Prefilter& pre, const std::string& t) {
  std::string where;
  if (!pre.statuses.empty()) {
    where += " AND " + t + "status IN (";
    for (std::size_t i = 0; i < pre.statuses.size(); ++i) {
      if (i) where += ',';
      where += std::to_string(int(pre.statuses[i]));
    }
    where += ")";
  }
  if (!pre.group.empty()) where += " AND " + t + "grp=?3";
  return where;
}

}  // namespace

namespace {

// A blob's size, from its header alone.
std::size_t blob_size(git_repository* repo, const git_oid& id) {
  git_odb* raw = nullptr;
  git::check(git_repository_odb(&raw, repo), "open the object database");
  std::unique_ptr<git_odb, void (*)(git_odb*)> odb(raw, git_odb_free);
  std::size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  git::check(git_odb_read_header(&size, &type, odb.get(), &id), "read a ticket's size");
  return size;
}

}  // namespace

Cache::Cache(git_repository* repo, std::string path, std::size_t max_file)
    : repo_(repo), path_(std::move(path)), max_file_(max_file) {
  open();
}

Cache::~Cache() { sqlite3_close(db_); }

void Cache::open() {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) == SQLITE_OK) {
      try {
        sqlite3_busy_timeout(db_, 10000);
        exec(db_, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;");
        Stmt v(db_, "PRAGMA user_version");
        v.step();
        if (v.num(0) != schema_version) {
          exec(db_,
               "DROP TABLE IF EXISTS tickets; DROP TABLE IF EXISTS dirs; DROP TABLE IF EXISTS meta;"
               "DROP TABLE IF EXISTS search; DROP TABLE IF EXISTS search_docs;"
               "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
               "CREATE TABLE dirs(name TEXT PRIMARY KEY, oid TEXT);"
               "CREATE TABLE tickets(path TEXT PRIMARY KEY, dir TEXT, oid TEXT, problem TEXT, line INTEGER,"
               " id TEXT, title TEXT, status INTEGER, priority INTEGER, category TEXT, tier INTEGER, grp TEXT,"
               " assignee TEXT, owner TEXT, escalations INTEGER, handbacks INTEGER, tags TEXT, created INTEGER,"
               " updated INTEGER, req_name TEXT, req_email TEXT, org TEXT, asset TEXT, location TEXT,"
               " symptoms TEXT, tried TEXT, connection TEXT, appt_at INTEGER, appt_place TEXT, appt_tech TEXT,"
               " csat INTEGER);"
               "CREATE INDEX tickets_dir ON tickets(dir);"
               "CREATE INDEX tickets_status ON tickets(status, grp);"
               "DROP TABLE IF EXISTS facts; DROP TABLE IF EXISTS facts_packs;"
               "CREATE TABLE facts_packs(dir TEXT PRIMARY KEY, data BLOB);");
          exec(db_, ("PRAGMA user_version=" + std::to_string(schema_version) + ";").c_str());
          exec(db_, search_schema);
        }
        return;
      } catch (const Error&) {
        // A broken cache is only a cache: start it again.
      }
    }
    sqlite3_close(db_);
    db_ = nullptr;
    std::remove(path_.c_str());
    std::remove((path_ + "-wal").c_str());
    std::remove((path_ + "-shm").c_str());
  }
  throw Error(Exit::Failure, "cannot open the cache '" + path_ + "'");
}

void Cache::update(const git_tree* root) {
  // The tree of tickets/ decides: unchanged, nothing to do.
  std::string top_oid;
  git::Tree top;
  if (root) {
    if (const git_tree_entry* e = git_tree_entry_byname(root, "tickets"); e && git_tree_entry_type(e) == GIT_OBJECT_TREE) {
      top_oid = git::to_hex(*git_tree_entry_id(e));
      top = git::make<git::Tree>("read 'tickets'", git_tree_lookup, repo_, git_tree_entry_id(e));
    }
  }
  {
    Stmt m(db_, "SELECT value FROM meta WHERE key='tickets'");
    if (m.step() && m.col(0) == top_oid) return;
  }
  exec(db_, "BEGIN IMMEDIATE");
  try {
    std::map<std::string, std::string> cached_dirs;
    {
      Stmt d(db_, "SELECT name, oid FROM dirs");
      while (d.step()) cached_dirs[d.col(0)] = d.col(1);
    }
    Stmt del_dir(db_, "DELETE FROM dirs WHERE name=?");
    Stmt del_dir_tickets(db_, "DELETE FROM tickets WHERE dir=?");
    Stmt put_dir(db_, "INSERT OR REPLACE INTO dirs(name, oid) VALUES(?, ?)");
    Stmt old_files(db_, "SELECT path, oid FROM tickets WHERE dir=?");
    Stmt del_file(db_, "DELETE FROM tickets WHERE path=?");
    const std::string insert_sql = std::string("INSERT OR REPLACE INTO tickets(") + columns +
                                   ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    Stmt put(db_, insert_sql.c_str());
    // What the first search and the first report turned on (enable()).
    const bool index_text = enabled("search");
    const bool keep_facts = enabled("facts");
    Stmt put_doc(db_, "INSERT INTO search_docs(path, title, details, log) VALUES(?, ?, ?, ?)");
    // Each ticket's facts (core/metrics), for stats and overdue: one pack
    // per directory (core/store/facts_pack.hpp), by path while it changes.
    Stmt get_pack(db_, "SELECT data FROM facts_packs WHERE dir=?");
    Stmt put_pack(db_, "INSERT OR REPLACE INTO facts_packs(dir, data) VALUES(?, ?)");
    Stmt del_pack(db_, "DELETE FROM facts_packs WHERE dir=?");
    std::map<std::string, PackEntry> pack;
    auto pack_problem = [&](const std::string& path, const std::string& msg) {
      if (!keep_facts) return;
      PackEntry& e = pack[path];
      e.is_problem = true;
      e.path = path;
      e.line = problem_line(msg);
      e.message = msg.empty() ? std::string("cannot be read") : msg;
    };

    auto put_problem = [&](const std::string& path, const std::string& dir, const std::string& oid, const std::string& msg) {
      put.reset();
      put.text(1, path);
      put.text(2, dir);
      put.text(3, oid);
      put.text(4, msg);
      put.integer(5, problem_line(msg));
      put.step();
      pack_problem(path, msg);
    };

    std::map<std::string, bool> seen;
    const std::size_t n = top ? git_tree_entrycount(top.get()) : 0;
    for (std::size_t i = 0; i < n; ++i) {
      const git_tree_entry* de = git_tree_entry_byindex(top.get(), i);
      const std::string dir = git_tree_entry_name(de);
      const std::string oid = git::to_hex(*git_tree_entry_id(de));
      seen[dir] = true;
      auto it = cached_dirs.find(dir);
      if (it != cached_dirs.end() && it->second == oid) continue;
      const std::string dir_path = "tickets/" + dir;
      pack.clear();
      if (git_tree_entry_type(de) != GIT_OBJECT_TREE) {
        del_dir_tickets.reset();
        del_dir_tickets.text(1, dir);
        del_dir_tickets.step();
        put_problem(dir_path, dir, oid, "not a directory of tickets");
      } else {
        std::map<std::string, std::string> before;
        old_files.reset();
        old_files.text(1, dir);
        while (old_files.step()) before[old_files.col(0)] = old_files.col(1);
        // The facts of the files that did not change come from the old
        // pack; without one, or with a damaged one, every file is read again.
        if (keep_facts && !before.empty()) {
          get_pack.reset();
          get_pack.text(1, dir);
          bool whole_pack = false;
          if (get_pack.step()) {
            try {
              decode_pack(get_pack.blob(0), [&](const PackEntry& e) {
                pack[e.is_problem ? e.path : ticket_path(e.facts.id)] = e;
              });
              whole_pack = true;
            } catch (const Error&) {
            }
          }
          if (!whole_pack) {
            pack.clear();
            before.clear();
          }
        }
        auto sub = git::make<git::Tree>("read '" + dir_path + "'", git_tree_lookup, repo_, git_tree_entry_id(de));
        for (std::size_t j = 0, m = git_tree_entrycount(sub.get()); j < m; ++j) {
          const git_tree_entry* fe = git_tree_entry_byindex(sub.get(), j);
          const std::string path = dir_path + "/" + git_tree_entry_name(fe);
          const std::string foid = git::to_hex(*git_tree_entry_id(fe));
          auto b = before.find(path);
          if (b != before.end()) {
            const bool same = b->second == foid;
            before.erase(b);
            if (same) continue;
          }
          if (git_tree_entry_type(fe) != GIT_OBJECT_BLOB) {
            put_problem(path, dir, foid, "not a ticket file");
            continue;
          }
          // A file over the limit is never read: it is refused everywhere.
          if (const std::size_t size = blob_size(repo_, *git_tree_entry_id(fe)); size > max_file_) {
            put_problem(path, dir, foid, path + ": the ticket file is " + std::to_string(size) +
                                             " bytes, over the limit of " + std::to_string(max_file_));
            continue;
          }
          auto blob = git::make<git::Blob>("read '" + path + "'", git_blob_lookup, repo_, git_tree_entry_id(fe));
          const std::string_view text(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                                      std::size_t(git_blob_rawsize(blob.get())));
          try {
            // The whole file when the search index or the facts need it; a log
            // that cannot be read leaves its title and template searchable.
            std::optional<Ticket> whole;
            std::string log_problem;
            if (index_text || keep_facts) {
              try {
                whole = formats::parse_ticket(text, path);
              } catch (const Error& e) {
                log_problem = e.what();
              }
            }
            const Header h = whole ? whole->header() : formats::parse_header(text, path);
            const std::string expected = ticket_path(h.id);
            if (expected != path) {
              put_problem(path, dir, foid, path + ": the id '" + h.id + "' belongs at '" + expected + "'");
              continue;
            }
            put.reset();
            put.text(1, path);
            put.text(2, dir);
            put.text(3, foid);
            put.integer(5, 0);
            put.text(6, h.id);
            put.text(7, h.title);
            put.integer(8, int(h.status));
            put.integer(9, int(h.priority));
            put.text(10, h.category);
            put.integer(11, h.tier);
            put.text(12, h.group);
            put.text(13, h.assignee);
            put.text(14, h.owner);
            put.integer(15, h.escalations);
            put.integer(16, h.handbacks);
            put.text(17, join_tags(h.tags));
            put.integer(18, h.created.ms);
            put.integer(19, h.updated.ms);
            put.text(20, h.requester.name);
            put.text(21, h.requester.email);
            put.text(22, h.requester.organization);
            put.text(23, h.details.asset);
            put.text(24, h.details.location);
            put.text(25, h.details.symptoms);
            put.text(26, h.details.tried);
            put.text(27, h.details.connection);
            if (h.appointment) {
              put.integer(28, h.appointment->at.ms);
              put.text(29, h.appointment->place);
              put.text(30, h.appointment->technician);
            }
            if (h.csat) put.integer(31, *h.csat);
            put.step();
            if (index_text) {
              const SearchDocument doc = whole ? search_document(*whole) : search_document(h);
              put_doc.reset();
              put_doc.text(1, path);
              put_doc.text(2, doc.title);
              put_doc.text(3, doc.details);
              put_doc.text(4, doc.log);
              put_doc.step();
            }
            if (keep_facts && whole) {
              PackEntry& e = pack[path];
              e.is_problem = false;
              e.facts = facts_of(*whole);
            } else {
              pack_problem(path, log_problem);
            }
          } catch (const Error& e) {
            put_problem(path, dir, foid, e.what());
          }
        }
        for (const auto& [path, unused] : before) {
          del_file.reset();
          del_file.text(1, path);
          del_file.step();
          pack.erase(path);
        }
      }
      if (keep_facts) {
        std::vector<PackEntry> entries;
        entries.reserve(pack.size());
        for (auto& [path, e] : pack) entries.push_back(std::move(e));
        put_pack.reset();
        put_pack.text(1, dir);
        put_pack.blob(2, encode_pack(entries));
        put_pack.step();
      }
      put_dir.reset();
      put_dir.text(1, dir);
      put_dir.text(2, oid);
      put_dir.step();
    }
    for (const auto& [dir, unused] : cached_dirs) {
      if (seen.count(dir)) continue;
      del_dir.reset();
      del_dir.text(1, dir);
      del_dir.step();
      del_dir_tickets.reset();
      del_dir_tickets.text(1, dir);
      del_dir_tickets.step();
      del_pack.reset();
      del_pack.text(1, dir);
      del_pack.step();
    }
    Stmt m(db_, "INSERT OR REPLACE INTO meta(key, value) VALUES('tickets', ?)");
    m.text(1, top_oid);
    m.step();
    exec(db_, "COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

std::vector<Header> Cache::headers(const git_tree* tree, std::vector<Problem>& problems, const Prefilter& pre) {
  update(tree);
  // Two queries, so that the filtered one can use the (status, grp) index.
  std::string where = "problem IS NULL";
  if (!pre.statuses.empty()) {
    where += " AND status IN (";
    for (std::size_t i = 0; i < pre.statuses.size(); ++i) {
      if (i) where += ',';
      where += std::to_string(int(pre.statuses[i]));
    }
    where += ")";
  }
  if (!pre.group.empty()) where += " AND grp=?1";
  const std::string sql = std::string("SELECT ") + columns + " FROM tickets WHERE problem IS NOT NULL UNION ALL SELECT " +
                          columns + " FROM tickets WHERE " + where;
  Stmt q(db_, sql.c_str());
  if (!pre.group.empty()) q.text(1, pre.group);
  std::vector<Header> out;
  while (q.step()) {
    if (!q.null(3)) {
      problems.push_back(problem_from_row(q.col(0), int(q.num(4)), q.col(3)));
      continue;
    }
    out.push_back(header_from_row(q, 0));
  }
  return out;
}

bool Cache::enabled(const char* part) {
  Stmt on(db_, "SELECT value FROM meta WHERE key=?");
  on.text(1, part);
  return on.step() && on.col(0) == "1";
}

void Cache::enable(const char* part) {
  if (enabled(part)) return;
  // Forgetting every ticket makes the next update read them all again, now
  // whole; a crash in between only means the same again next time.
  exec(db_,
       "BEGIN IMMEDIATE; DELETE FROM tickets; DELETE FROM dirs; DELETE FROM facts_packs;"
       " DELETE FROM meta WHERE key='tickets'");
  Stmt on(db_, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, '1')");
  on.text(1, part);
  on.step();
  exec(db_, "COMMIT");
}

std::vector<SearchHit> Cache::search(const git_tree* tree, const SearchQuery& query, std::size_t limit,
                                     std::vector<Problem>& problems) {
  enable("search");
  update(tree);
  {
    Stmt bad(db_, "SELECT path, line, problem FROM tickets WHERE problem IS NOT NULL ORDER BY path");
    while (bad.step()) problems.push_back(problem_from_row(bad.col(0), int(bad.num(1)), bad.col(2)));
  }
  // The FTS table leads (CROSS JOIN keeps it first), so that FTS5 yields the
  // rows best first and the loop can stop at the limit.
  std::string t_columns;
  for (std::string_view rest = columns; !rest.empty();) {
    const auto comma = rest.find(',');
    std::string_view name = rest.substr(0, comma);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    t_columns += (t_columns.empty() ? "t." : ", t.") + std::string(name);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  const Prefilter pre{query.filter.statuses, query.filter.group};
  const std::string sql = "SELECT search.rowid, search.rank, " + t_columns +
                          " FROM search CROSS JOIN search_docs d CROSS JOIN tickets t"
                          " WHERE search MATCH ?1 AND search.rank MATCH ?2 AND d.docid = search.rowid"
                          " AND t.path = d.path AND t.problem IS NULL" +
                          prefilter_sql(pre, "t.") + " ORDER BY search.rank";
  Stmt q(db_, sql.c_str());
  q.text(1, fts_match(query.terms));
  q.text(2, search_rank);
  if (!pre.group.empty()) q.text(3, pre.group);
  struct Row {
    std::int64_t docid;
    double rank;
    Header header;
  };
  std::vector<Row> rows;
  while (q.step()) {
    const double rank = q.real(1);
    // Past the limit, only rows that tie with the last one still count.
    if (limit && rows.size() >= limit && rank != rows.back().rank) break;
    Header h = header_from_row(q, 2);
    if (!matches(h, query.filter)) continue;
    rows.push_back(Row{q.num(0), rank, std::move(h)});
  }
  // Ties go by id, so the order never depends on how the index was built.
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.rank != b.rank ? a.rank < b.rank : a.header.id < b.header.id;
  });
  if (limit && rows.size() > limit) rows.resize(limit);
  std::vector<SearchHit> hits;
  hits.reserve(rows.size());
  Stmt snip(db_,
            "SELECT snippet(search, 0, char(2), char(3), '...', 12), snippet(search, 1, char(2), char(3), '...', 12),"
            " snippet(search, 2, char(2), char(3), '...', 12) FROM search WHERE search MATCH ?1 AND rowid = ?2");
  for (auto& r : rows) {
    snip.reset();
    snip.text(1, fts_match(query.terms));
    snip.integer(2, r.docid);
    std::string snippet = snip.step() ? best_snippet(snip.col(0), snip.col(1), snip.col(2)) : std::string();
    hits.push_back(SearchHit{std::move(r.header), -r.rank, std::move(snippet)});
  }
  return hits;
}

std::vector<Facts> Cache::facts(const git_tree* tree, std::vector<Problem>& problems, const Prefilter& pre) {
  std::vector<Facts> out;
  each_facts(tree, problems, [&](const Facts& f) { out.push_back(f); }, pre);
  return out;
}

void Cache::each_facts(const git_tree* tree, std::vector<Problem>& problems, const std::function<void(const Facts&)>& fn,
                       const Prefilter& pre) {
  enable("facts");
  update(tree);
  const bool filtered = !pre.statuses.empty() || !pre.group.empty();
  std::unordered_set<std::string> ids;
  if (filtered) {
    Stmt q(db_, ("SELECT id FROM tickets WHERE problem IS NULL" + prefilter_sql(pre, "")).c_str());
    if (!pre.group.empty()) q.text(3, pre.group);
    while (q.step()) ids.insert(q.col(0));
  }
  Stmt q(db_, "SELECT data FROM facts_packs ORDER BY dir");
  try {
    while (q.step()) {
      decode_pack(q.blob(0), [&](const PackEntry& e) {
        if (e.is_problem)
          problems.push_back(problem_from_row(e.path, e.line, e.message));
        else if (!filtered || ids.count(e.facts.id))
          fn(e.facts);
      });
    }
  } catch (const Error& e) {
    // Only a damaged cache file gets here: the next command builds it anew.
    q.reset();
    exec(db_, "DELETE FROM tickets; DELETE FROM dirs; DELETE FROM facts_packs; DELETE FROM meta WHERE key='tickets'");
    throw Error(Exit::Failure, std::string(e.what()) + "; the cache has been cleared", "run the command again");
  }
}

}  // namespace tier::store
