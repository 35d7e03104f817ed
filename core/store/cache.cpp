#include "core/store/cache.hpp"

#include <git2/odb.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_set>

#include "core/query.hpp"
#include "core/search.hpp"
#include "core/metrics.hpp"
#include "core/store/facts_pack.hpp"
#include "core/store/fts_words.hpp"
#include "core/store/git.hpp"
#include "formats/ticket_toml.hpp"

namespace tier::store {
namespace {

using Kept = Cache::Kept;

// The tables' layout (schema below) and the facts packs'
// (core/store/facts_pack.hpp): a cache made with another version of either
// is made again. 12: the listings' indexes may be left for later (meta
// 'indexes'), which an older tier, listing through them, would not know.
constexpr int schema_version = 12 * 256 + facts_pack_version;

// From how many files an update reads them on threads of their own.
constexpr std::size_t threaded_from = 2000;
// From how many directories of tickets a cache filled from nothing is
// written through a rollback journal (Cache::update()).
constexpr std::size_t bulk_dirs = 64;

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
  /// A text that outlives the next step(): bound without a copy.
  void view(int i, std::string_view v) { sqlite3_bind_text(s, i, v.data(), int(v.size()), SQLITE_STATIC); }
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
  /// A text column, valid until the next step() or reset().
  std::string_view view_col(int i) const {
    const auto* p = sqlite3_column_text(s, i);
    return p ? std::string_view(reinterpret_cast<const char*>(p), std::size_t(sqlite3_column_bytes(s, i)))
             : std::string_view();
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

// What the service-level clocks of an unfinished ticket need of its log
// (core/metrics.hpp sla_left()), so that a listing computes the time left
// without reading the log: the intake group (for its calendar), and, NULL
// for a resolved or closed ticket, when the clocks started, the last
// reopen, whether the requester has had a response, and the stretches in
// which the clocks stood still (clock_text()). Wall times only, as the facts:
// the policy's limits and calendars apply when a listing asks.
constexpr const char* clock_columns = "intake, clock_start, clock_episode, responded, pauses";

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

// The indexes of `tickets` besides its primary key. A cache filled from
// nothing makes them after the rows are in (Cache::update()): one sort each,
// not a search of a growing index per row. The listings' three are a tenth of
// a first search at 100,000 tickets, which reads none of them: a fill for a
// search leaves them to the first command that lists (meta 'indexes').
constexpr const char* list_indexes =
    // a status and a group (the queues, list's most common filters), in
    // list's default order: --limit stops early there too
    "CREATE INDEX IF NOT EXISTS tickets_status ON tickets(status, grp, created, id);"
    // list's default order, read in order, so that --limit stops early
    "CREATE INDEX IF NOT EXISTS tickets_created ON tickets(created, id);"
    // the time left (sort "left") of the queues' and list's tickets from the
    // index alone: what sla_left() and the common filters read
    "CREATE INDEX IF NOT EXISTS tickets_clock ON tickets(status, grp, assignee, priority, org, intake, clock_start,"
    " clock_episode, responded, pauses, created, id) WHERE problem IS NULL;";
// the bad files, without a scan of every row
constexpr const char* problems_index =
    "CREATE INDEX IF NOT EXISTS tickets_problems ON tickets(path) WHERE problem IS NOT NULL;";
constexpr const char* unlisted_done = "DELETE FROM meta WHERE key='indexes';";
constexpr const char* drop_ticket_indexes =
    "DROP INDEX IF EXISTS tickets_status; DROP INDEX IF EXISTS tickets_created;"
    " DROP INDEX IF EXISTS tickets_clock; DROP INDEX IF EXISTS tickets_problems;";

// The cache's tables. `tickets` holds a row per file: its header, or the
// problem that kept it out. With the reports' facts kept (Cache::Kept) each
// directory's facts are in facts_packs; with the search index kept each
// ticket's text (search_document()) is in search_docs under the ticket row's
// rowid, indexed by the FTS5 table `search` (external content: the text is
// stored once). Rows are added and
// forgotten by the update's own statements, never by triggers: a trigger's
// statement makes FTS5 flush its pending terms at every row, which made the
// first search several times slower.
constexpr const char* schema =
    "DROP TABLE IF EXISTS tickets; DROP TABLE IF EXISTS dirs; DROP TABLE IF EXISTS meta;"
    "DROP TABLE IF EXISTS search; DROP TABLE IF EXISTS search_docs;"
    "DROP TABLE IF EXISTS facts; DROP TABLE IF EXISTS facts_packs;"
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE dirs(name TEXT PRIMARY KEY, oid TEXT);"
    "CREATE TABLE tickets(path TEXT PRIMARY KEY, dir TEXT, oid TEXT, problem TEXT, line INTEGER,"
    " id TEXT, title TEXT, status INTEGER, priority INTEGER, category TEXT, tier INTEGER, grp TEXT,"
    " assignee TEXT, owner TEXT, escalations INTEGER, handbacks INTEGER, tags TEXT, created INTEGER,"
    " updated INTEGER, req_name TEXT, req_email TEXT, org TEXT, asset TEXT, location TEXT,"
    " symptoms TEXT, tried TEXT, connection TEXT, appt_at INTEGER, appt_place TEXT, appt_tech TEXT,"
    " csat INTEGER, intake TEXT, clock_start INTEGER, clock_episode INTEGER, responded INTEGER, pauses TEXT);"
    "CREATE TABLE facts_packs(dir TEXT PRIMARY KEY, data BLOB);"
    "CREATE TABLE search_docs(docid INTEGER PRIMARY KEY, title TEXT, details TEXT, log TEXT);"
    "CREATE VIRTUAL TABLE search USING fts5(title, details, log, content='search_docs', content_rowid='docid',"
    " tokenize='porter tier_words');"
    // Fewer, larger segments while the whole store is indexed: less merging.
    "INSERT INTO search(search, rank) VALUES('hashsize', 33554432);";

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

// The filter of list and queue in SQL, each member as matches() reads it
// (core/query.cpp; a unit test holds the two together); `texts` gets the
// values of the ?N it uses, in order.
std::string filter_sql(const ListFilter& f, std::vector<std::string>& texts) {
  std::string where;
  auto param = [&](std::string value) {
    texts.push_back(std::move(value));
    return "?" + std::to_string(texts.size());
  };
  auto any_text = [&](const char* column, const std::vector<std::string>& values) {
    if (values.empty()) return;
    where += std::string(" AND ") + column + " IN (";
    for (std::size_t i = 0; i < values.size(); ++i) where += (i ? "," : "") + param(values[i]);
    where += ")";
  };
  auto any_number = [&](const char* column, const auto& values) {
    if (values.empty()) return;
    where += std::string(" AND ") + column + " IN (";
    for (std::size_t i = 0; i < values.size(); ++i) where += (i ? "," : "") + std::to_string(int(values[i]));
    where += ")";
  };
  any_number("status", f.statuses);
  any_text("grp", f.groups);
  any_text("assignee", f.assignees);
  any_text("owner", f.owners);
  if (f.unassigned) where += " AND assignee=''";
  any_number("tier", f.tiers);
  any_text("org", f.organizations);
  any_text("category", f.categories);
  any_number("priority", f.priorities);
  if (!f.tags.empty()) {
    // One of the tags, as join_tags() keeps them apart; a tag holding the
    // separator itself is none of them.
    std::string any;
    for (const auto& tag : f.tags) {
      if (tag.find('\x1f') != std::string::npos) continue;
      any += (any.empty() ? "" : " OR ") + std::string("instr(char(31) || tags || char(31), char(31) || ") +
             param(tag) + " || char(31)) > 0";
    }
    where += any.empty() ? " AND 0" : " AND (" + any + ")";
  }
  return where;
}

// sort_headers()'s order in SQL: the field, then creation and id.
std::string order_sql(std::string field) {
  const bool descending = !field.empty() && field[0] == '-';
  if (descending) field.erase(0, 1);
  if (field == "created" || field == "age" || field.empty()) return descending ? "created DESC, id" : "created, id";
  // The time left: the least first, the tickets without a clock last.
  if (field == "left") return descending ? "time_left DESC NULLS LAST, created, id" : "time_left NULLS LAST, created, id";
  static const std::map<std::string, std::string> sort_columns = {
      {"updated", "updated"}, {"priority", "priority"}, {"status", "status"}, {"tier", "tier"},
      {"group", "grp"},       {"assignee", "assignee"}, {"id", "id"},         {"title", "title"}};
  const auto it = sort_columns.find(field);
  if (it == sort_columns.end()) throw Error(Exit::Usage, "cannot sort by '" + field + "'");
  // priority sorts urgent first: the higher number
  const bool high_first = (field == "priority") != descending;
  return it->second + (high_first ? " DESC" : "") + ", created, id";
}

// The stretches in which the clocks stood still, as the pauses column keeps
// them: "from:to" each (milliseconds), comma-separated, "from:" for one that
// goes on.
std::string pauses_text(const std::vector<Pause>& pauses) {
  std::string out;
  for (const Pause& p : pauses) {
    if (!out.empty()) out += ',';
    out += std::to_string(p.from.ms);
    out += ':';
    if (p.to) out += std::to_string(p.to->ms);
  }
  return out;
}

// pauses_text() read back into `out` (its capacity kept); false when the
// text is not one.
bool read_pauses(std::string_view text, std::vector<Pause>& out) {
  out.clear();
  auto number = [&](std::int64_t& v) {
    bool neg = !text.empty() && text.front() == '-';
    if (neg) text.remove_prefix(1);
    if (text.empty() || text.front() < '0' || text.front() > '9') return false;
    v = 0;
    while (!text.empty() && text.front() >= '0' && text.front() <= '9') {
      v = v * 10 + (text.front() - '0');
      text.remove_prefix(1);
    }
    if (neg) v = -v;
    return true;
  };
  while (!text.empty()) {
    Pause p;
    if (!number(p.from.ms) || text.empty() || text.front() != ':') return false;
    text.remove_prefix(1);
    if (!text.empty() && text.front() != ',') {
      std::int64_t to = 0;
      if (!number(to)) return false;
      p.to = Time{to};
    }
    out.push_back(p);
    if (!text.empty()) {
      if (text.front() != ',') return false;
      text.remove_prefix(1);
    }
  }
  return true;
}

// The SQL function sla_left(priority, org, intake, clock_start,
// clock_episode, responded, pauses) of a listing: core's sla_left() on the
// facts the clock columns keep, in milliseconds, or NULL.
struct SlaLeftFn {
  const Clocks* clocks = nullptr;
  Time now;
  Facts facts;  // reused from row to row

  static void call(sqlite3_context* ctx, int, sqlite3_value** v) {
    auto* self = static_cast<SlaLeftFn*>(sqlite3_user_data(ctx));
    if (sqlite3_value_type(v[3]) == SQLITE_NULL) return sqlite3_result_null(ctx);
    Facts& f = self->facts;
    const std::int64_t priority = sqlite3_value_int64(v[0]);
    if (priority < 0 || priority > 3) return sqlite3_result_null(ctx);
    f.priority = Priority(priority);
    auto text = [](sqlite3_value* x) {
      const auto* p = sqlite3_value_text(x);
      return p ? std::string_view(reinterpret_cast<const char*>(p), std::size_t(sqlite3_value_bytes(x)))
               : std::string_view();
    };
    f.organization.assign(text(v[1]));
    f.intake_group.assign(text(v[2]));
    f.created.ms = sqlite3_value_int64(v[3]);
    f.episode.ms = sqlite3_value_int64(v[4]);
    if (sqlite3_value_int64(v[5])) f.first_response_at = f.created;
    else f.first_response_at.reset();
    if (!read_pauses(text(v[6]), f.pauses)) return sqlite3_result_null(ctx);
    f.done.clear();
    const std::optional<std::int64_t> left = sla_left(f, *self->clocks, self->now);
    if (left) sqlite3_result_int64(ctx, *left);
    else sqlite3_result_null(ctx);
  }
};

constexpr const char* sla_left_sql = "sla_left(priority, org, intake, clock_start, clock_episode, responded, pauses)";

bool unfinished(Status s) { return s != Status::Resolved && s != Status::Closed; }

// Whether a ticket file's status line, among its first lines as tier writes
// them, says resolved or closed; false when there is none there.
bool finished_status_line(std::string_view text) {
  const std::string_view head = text.substr(0, 1024);
  const auto at = head.find("\nstatus = \"");
  if (at == std::string_view::npos) return false;
  const std::string_view value = head.substr(at + 11);
  return value.starts_with("resolved\"") || value.starts_with("closed\"");
}

// A blob's size, from its header alone.
std::size_t blob_size(git_odb* odb, const git_oid& id) {
  std::size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  git::check(git_odb_read_header(&size, &type, odb, &id), "read a ticket's size");
  return size;
}

// One ticket file as the cache keeps it: its header, or why it has none; its
// facts when its log was read (or why it cannot be), and its text for the
// search index.
struct FileRow {
  std::string path;
  std::string oid;
  std::string problem;  ///< not empty: the file is a problem row
  Header header;
  bool has_facts = false;
  Facts facts;
  std::string log_problem;
  SearchDocument doc;
};

// A file of the tree the cache is to read.
struct ToRead {
  std::string path;
  git_oid id;
  bool blob = true;
};

// Reads one file of the tree for the cache.
FileRow read_row(git_repository* repo, git_odb* odb, ToRead& file, Kept kept, std::size_t max_file) {
  FileRow r;
  r.path = std::move(file.path);
  r.oid = git::to_hex(file.id);
  if (!file.blob) {
    r.problem = "not a ticket file";
    return r;
  }
  // A file over the limit is never read: it is refused everywhere.
  if (const std::size_t size = blob_size(odb, file.id); size > max_file) {
    r.problem = r.path + ": the ticket file is " + std::to_string(size) + " bytes, over the limit of " +
                std::to_string(max_file);
    return r;
  }
  auto blob = git::make<git::Blob>("read '" + r.path + "'", git_blob_lookup, repo, &file.id);
  const std::string_view text(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                              std::size_t(git_blob_rawsize(blob.get())));
  try {
    // The whole file when the search index or the facts need it; a log
    // that cannot be read leaves its title and template searchable.
    // The clocks of an unfinished ticket need its log too: a file whose
    // status line says it is resolved or closed is read to its header only.
    const bool whole = kept.facts || kept.search;
    std::optional<Ticket> t;
    if (whole || !finished_status_line(text)) {
      try {
        t = formats::parse_ticket(text, r.path);
      } catch (const Error& e) {
        r.log_problem = e.what();
      }
    }
    if (t) {
      r.facts = facts_of(*t);
      r.has_facts = true;
      if (kept.search) r.doc = search_document(*t);
      r.header = std::move(t->header());
    } else {
      r.header = formats::parse_header(text, r.path);
      if (kept.search) r.doc = search_document(r.header);
    }
    const std::string expected = ticket_path(r.header.id);
    if (expected != r.path) r.problem = r.path + ": the id '" + r.header.id + "' belongs at '" + expected + "'";
  } catch (const Error& e) {
    r.problem = e.what();
  }
  return r;
}

// One changed directory: the files to read, then the rows read from them,
// and the facts of its files that did not change (when the facts are kept).
struct DirJob {
  std::string dir, oid;
  std::vector<ToRead> files;
  std::vector<FileRow> rows;
  std::map<std::string, PackEntry> pack;
  std::size_t reader = 0;  ///< the thread that read it
};

// Reads the files of the changed directories, in the order they are given:
// on the caller's thread, or, for a build of many files, on threads of their
// own, each with a repository of its own (libgit2 objects are not shared
// between threads), while the caller writes what was read before. Reading
// (inflate, parse, replay) is most of a first listing; SQLite the rest.
class RowReader {
 public:
  static constexpr std::size_t ahead = 16;  ///< directories read before they are written

  RowReader(git_repository* repo, Kept kept, std::size_t max_file, std::size_t threads)
      : repo_(repo), kept_(kept), max_file_(max_file) {
    for (std::size_t i = 0; i < threads; ++i) {
      git_repository* own = nullptr;
      if (git_repository_open_ext(&own, git_repository_path(repo),
                                  GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE, nullptr) != 0)
        break;  // read on fewer threads, or on this one
      own_.emplace_back(own);
    }
    written_.resize(own_.size());
    for (std::size_t i = 0; i < own_.size(); ++i) workers_.emplace_back([this, i] { work(i); });
  }
  ~RowReader() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (auto& t : workers_) t.join();
  }
  RowReader(const RowReader&) = delete;
  RowReader& operator=(const RowReader&) = delete;

  std::size_t pending() const { return submitted_ - taken_; }

  void submit(std::unique_ptr<DirJob> job) {
    {
      std::lock_guard lock(mutex_);
      todo_.emplace_back(submitted_, std::move(job));
    }
    ++submitted_;
    wake_.notify_all();
  }

  /// The oldest job submitted, its rows read.
  std::unique_ptr<DirJob> next() {
    const std::size_t seq = taken_++;
    if (workers_.empty()) {
      std::unique_ptr<DirJob> job = std::move(todo_.front().second);
      todo_.pop_front();
      read(*job, repo_);
      return job;
    }
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [&] { return done_.count(seq) || failure_; });
    const auto it = done_.find(seq);
    if (it == done_.end()) std::rethrow_exception(failure_);
    std::unique_ptr<DirJob> job = std::move(it->second);
    done_.erase(it);
    return job;
  }

  /// Hands back a job once written. A thread that read it frees it, in its
  /// own heap: freed by the writer, its thousands of strings would each take
  /// the lock of a heap that a reader is allocating from.
  void written(std::unique_ptr<DirJob> job) {
    if (workers_.empty()) return;
    std::lock_guard lock(mutex_);
    written_[job->reader].push_back(std::move(job));
  }

 private:
  void read(DirJob& job, git_repository* repo) {
    git_odb* raw = nullptr;
    git::check(git_repository_odb(&raw, repo), "open the object database");
    std::unique_ptr<git_odb, void (*)(git_odb*)> odb(raw, git_odb_free);
    job.rows.reserve(job.rows.size() + job.files.size());
    for (auto& f : job.files) job.rows.push_back(read_row(repo, odb.get(), f, kept_, max_file_));
    job.files.clear();
  }

  void work(std::size_t self) {
    try {
      for (;;) {
        std::pair<std::size_t, std::unique_ptr<DirJob>> job;
        std::vector<std::unique_ptr<DirJob>> old;
        {
          std::unique_lock lock(mutex_);
          wake_.wait(lock, [&] { return stop_ || !todo_.empty(); });
          if (stop_) return;
          job = std::move(todo_.front());
          todo_.pop_front();
          old.swap(written_[self]);
        }
        old.clear();
        job.second->reader = self;
        read(*job.second, own_[self].get());
        {
          std::lock_guard lock(mutex_);
          done_.emplace(job.first, std::move(job.second));
        }
        wake_.notify_all();
      }
    } catch (...) {
      std::lock_guard lock(mutex_);
      failure_ = std::current_exception();
      wake_.notify_all();
    }
  }

  git_repository* repo_;
  Kept kept_;
  std::size_t max_file_;
  std::size_t submitted_ = 0, taken_ = 0;
  std::vector<git::Repository> own_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::pair<std::size_t, std::unique_ptr<DirJob>>> todo_;
  std::map<std::size_t, std::unique_ptr<DirJob>> done_;
  std::vector<std::vector<std::unique_ptr<DirJob>>> written_;  // by reader, to be freed by it
  bool stop_ = false;
  std::exception_ptr failure_;
  std::vector<std::thread> workers_;
};

// How many threads read the files of a fill of `files` files: none for a
// few (the caller reads them), else one per core, up to four.
std::size_t reader_threads(std::size_t files) {
  if (files < threaded_from) return 0;
  const unsigned cores = std::thread::hardware_concurrency();
  return std::clamp<std::size_t>(cores, 1, 4);
}

}  // namespace

// The state of the SQL function sla_left() on this connection.
struct Cache::SlaLeft : SlaLeftFn {};

// The statements an update writes with, prepared once.
struct Cache::Writer {
  explicit Writer(sqlite3* db, Kept what)
      : kept(what),
        put(db, (std::string("INSERT INTO tickets(") + columns + ", " + clock_columns +
                 ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
                    .c_str()),
        // A directory's rows by the range of their paths (the primary key):
        // "tickets/7k" itself (a file in place of a directory) and
        // "tickets/7k/...", with the rows of other names in the range left out.
        rows_of_dir(db, "SELECT path, oid, rowid FROM tickets WHERE path >= ?1 AND path < ?2 AND dir = ?3"),
        del_row(db, "DELETE FROM tickets WHERE rowid=?"),
        put_doc(db, "INSERT INTO search_docs(docid, title, details, log) VALUES(?, ?, ?, ?)"),
        put_index(db, "INSERT INTO search(rowid, title, details, log) VALUES(?, ?, ?, ?)"),
        unindex(db,
                "INSERT INTO search(search, rowid, title, details, log)"
                " SELECT 'delete', docid, title, details, log FROM search_docs WHERE docid=?"),
        del_doc(db, "DELETE FROM search_docs WHERE docid=?"),
        get_pack(db, "SELECT data FROM facts_packs WHERE dir=?"),
        put_pack(db, "INSERT OR REPLACE INTO facts_packs(dir, data) VALUES(?, ?)"),
        del_pack(db, "DELETE FROM facts_packs WHERE dir=?"),
        put_dir(db, "INSERT OR REPLACE INTO dirs(name, oid) VALUES(?, ?)"),
        del_dir(db, "DELETE FROM dirs WHERE name=?"),
        db_(db) {}

  /// Forgets a row: its text and index entries with it.
  void forget(std::int64_t rowid) {
    if (kept.search) {
      unindex.reset();
      unindex.integer(1, rowid);
      unindex.step();
      del_doc.reset();
      del_doc.integer(1, rowid);
      del_doc.step();
    }
    del_row.reset();
    del_row.integer(1, rowid);
    del_row.step();
  }

  /// Starts reading the rows of a directory.
  void select_dir(const std::string& dir) {
    rows_of_dir.reset();
    rows_of_dir.text(1, "tickets/" + dir);
    rows_of_dir.text(2, "tickets/" + dir + "0");  // '0' follows '/'
    rows_of_dir.text(3, dir);
  }

  /// Forgets every row of a directory.
  void forget_dir(const std::string& dir) {
    std::vector<std::int64_t> rowids;
    select_dir(dir);
    while (rows_of_dir.step()) rowids.push_back(rows_of_dir.num(2));
    for (const auto id : rowids) forget(id);
  }

  /// Adds a file's row (and, as they are kept, its pack entry and its text).
  void add(const FileRow& r, const std::string& dir, std::map<std::string, PackEntry>& pack) {
    put.reset();
    put.view(1, r.path);
    put.view(2, dir);
    put.view(3, r.oid);
    if (!r.problem.empty()) {
      put.view(4, r.problem);
      put.integer(5, problem_line(r.problem));
      put.step();
      pack_problem(pack, r.path, r.problem);
      return;
    }
    const Header& h = r.header;
    const std::string tags = join_tags(h.tags);
    put.integer(5, 0);
    put.view(6, h.id);
    put.view(7, h.title);
    put.integer(8, int(h.status));
    put.integer(9, int(h.priority));
    put.view(10, h.category);
    put.integer(11, h.tier);
    put.view(12, h.group);
    put.view(13, h.assignee);
    put.view(14, h.owner);
    put.integer(15, h.escalations);
    put.integer(16, h.handbacks);
    put.view(17, tags);
    put.integer(18, h.created.ms);
    put.integer(19, h.updated.ms);
    put.view(20, h.requester.name);
    put.view(21, h.requester.email);
    put.view(22, h.requester.organization);
    put.view(23, h.details.asset);
    put.view(24, h.details.location);
    put.view(25, h.details.symptoms);
    put.view(26, h.details.tried);
    put.view(27, h.details.connection);
    if (h.appointment) {
      put.integer(28, h.appointment->at.ms);
      put.view(29, h.appointment->place);
      put.view(30, h.appointment->technician);
    }
    if (h.csat) put.integer(31, *h.csat);
    std::string pauses;
    if (r.has_facts) {
      const Facts& f = r.facts;
      put.view(32, f.intake_group);
      if (unfinished(h.status) && (f.done.empty() || f.done.back().to)) {
        pauses = pauses_text(f.pauses);
        put.integer(33, f.created.ms);
        put.integer(34, f.episode.ms);
        put.integer(35, f.first_response_at ? 1 : 0);
        put.view(36, pauses);
      }
    }
    put.step();
    if (kept.search) {
      const std::int64_t docid = sqlite3_last_insert_rowid(db_);
      for (Stmt* st : {&put_doc, &put_index}) {
        st->reset();
        st->integer(1, docid);
        st->view(2, r.doc.title);
        st->view(3, r.doc.details);
        st->view(4, r.doc.log);
        st->step();
      }
    }
    if (!kept.facts) return;
    if (r.has_facts) {
      PackEntry& e = pack[r.path];
      e.is_problem = false;
      e.facts = r.facts;
    } else {
      pack_problem(pack, r.path, r.log_problem);
    }
  }

  void pack_problem(std::map<std::string, PackEntry>& pack, const std::string& path, const std::string& msg) {
    if (!kept.facts) return;
    PackEntry& e = pack[path];
    e.is_problem = true;
    e.path = path;
    e.line = problem_line(msg);
    e.message = msg.empty() ? std::string("cannot be read") : msg;
  }

  Kept kept;
  Stmt put, rows_of_dir, del_row, put_doc, put_index, unindex, del_doc, get_pack, put_pack, del_pack, put_dir,
      del_dir;

 private:
  sqlite3* db_;
};

Cache::Cache(git_repository* repo, std::string path, std::size_t max_file, Progress progress)
    : repo_(repo), path_(std::move(path)), max_file_(max_file), progress_(std::move(progress)) {
  open();
}

Cache::~Cache() { sqlite3_close(db_); }

void Cache::open() {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) == SQLITE_OK) {
      try {
        sqlite3_busy_timeout(db_, 10000);
        register_fts_words(db_);
        // The first 32 MB of the file are read through a memory map, not
        // copied page by page into SQLite's cache: the whole cache of a
        // store of 10,000 tickets, and of a larger one as much as keeps a
        // listing within DESIGN.md's 64 MB (file pages mapped count in a
        // process's resident memory).
        exec(db_, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA mmap_size=33554432;");
        Stmt v(db_, "PRAGMA user_version");
        v.step();
        if (v.num(0) != schema_version) {
          exec(db_, schema);
          exec(db_, list_indexes);
          exec(db_, problems_index);
          exec(db_, ("PRAGMA user_version=" + std::to_string(schema_version) + ";").c_str());
        }
        return;
      } catch (const Error&) {
        // A broken cache is only a cache: start it again. A busy one is
        // another process's, filling it: never taken away from under it.
        if (sqlite3_errcode(db_) == SQLITE_BUSY) {
          sqlite3_close(db_);
          db_ = nullptr;
          throw Error(Exit::Failure, "the cache '" + path_ + "' is busy", "run the command again");
        }
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

void Cache::update(const git_tree* root, bool listing) {
  // The tree of tickets/ decides: unchanged, nothing to do but the
  // listings' indexes if a search left them for later and this lists.
  std::string top_oid;
  git::Tree top;
  if (root) {
    if (const git_tree_entry* e = git_tree_entry_byname(root, "tickets"); e && git_tree_entry_type(e) == GIT_OBJECT_TREE) {
      top_oid = git::to_hex(*git_tree_entry_id(e));
      top = git::make<git::Tree>("read 'tickets'", git_tree_lookup, repo_, git_tree_entry_id(e));
    }
  }
  bool unlisted = false;  // the listings' indexes are still to be made
  {
    bool same = false;
    Stmt m(db_, "SELECT key, value FROM meta WHERE key IN ('tickets', 'indexes')");
    while (m.step()) {
      if (m.view_col(0) == "tickets") same = m.col(1) == top_oid;
      else unlisted = true;
    }
    // Left for later and now wanted: the pass below finds every directory
    // unchanged and makes them, in its transaction.
    if (same && !(listing && unlisted)) return;
  }
  // A cache filled from nothing is written through a rollback journal when
  // no other process has it open: the log (WAL) would take every page twice
  // (into the log, then into the file) and its copy made the commit of a
  // first search of 100,000 tickets a second long. Nothing is waited for:
  // with a reader about, the log it is.
  const bool bulk = top && git_tree_entrycount(top.get()) >= bulk_dirs && empty();
  const bool rollback = bulk && journal("DELETE");
  exec(db_, "BEGIN IMMEDIATE");
  try {
    if (bulk) exec(db_, drop_ticket_indexes);
    std::map<std::string, std::string> cached_dirs;
    {
      Stmt d(db_, "SELECT name, oid FROM dirs");
      while (d.step()) cached_dirs[d.col(0)] = d.col(1);
    }
    Writer w(db_, kept());

    // The directories that changed, and how many files they hold: what the
    // progress counts.
    struct Changed {
      const git_tree_entry* entry;
      std::string name, oid;
    };
    std::vector<Changed> changed;
    std::set<std::string> seen;
    std::size_t total = 0;
    const std::size_t n = top ? git_tree_entrycount(top.get()) : 0;
    for (std::size_t i = 0; i < n; ++i) {
      const git_tree_entry* de = git_tree_entry_byindex(top.get(), i);
      std::string dir = git_tree_entry_name(de);
      std::string oid = git::to_hex(*git_tree_entry_id(de));
      seen.insert(dir);
      auto it = cached_dirs.find(dir);
      if (it != cached_dirs.end() && it->second == oid) continue;
      if (git_tree_entry_type(de) == GIT_OBJECT_TREE) {
        auto sub = git::make<git::Tree>("read 'tickets/" + dir + "'", git_tree_lookup, repo_, git_tree_entry_id(de));
        total += git_tree_entrycount(sub.get());
      } else {
        ++total;  // its problem row
      }
      changed.push_back({de, std::move(dir), std::move(oid)});
    }
    std::size_t done = 0;
    const Fill fill = w.kept.search ? Fill::Search : w.kept.facts ? Fill::Facts : Fill::Headers;
    if (progress_ && total) progress_(0, total, fill);

    // What a directory's files gave, written in tree order.
    auto write = [&](DirJob& job) {
      for (const FileRow& r : job.rows) {
        w.add(r, job.dir, job.pack);
        if (progress_ && ++done % 256 == 0) progress_(done, total, fill);
      }
      if (w.kept.facts) {
        std::vector<PackEntry> entries;
        entries.reserve(job.pack.size());
        for (auto& [path, e] : job.pack) entries.push_back(std::move(e));
        w.put_pack.reset();
        w.put_pack.text(1, job.dir);
        w.put_pack.blob(2, encode_pack(entries));
        w.put_pack.step();
      }
      w.put_dir.reset();
      w.put_dir.text(1, job.dir);
      w.put_dir.text(2, job.oid);
      w.put_dir.step();
    };
    RowReader reader(repo_, w.kept, max_file_, reader_threads(total));
    auto write_next = [&] {
      std::unique_ptr<DirJob> job = reader.next();
      write(*job);
      reader.written(std::move(job));
    };
    for (const Changed& c : changed) {
      auto job = std::make_unique<DirJob>();
      job->dir = c.name;
      job->oid = c.oid;
      const std::string dir_path = "tickets/" + c.name;
      if (git_tree_entry_type(c.entry) != GIT_OBJECT_TREE) {
        w.forget_dir(c.name);
        FileRow bad;
        bad.path = dir_path;
        bad.oid = c.oid;
        bad.problem = "not a directory of tickets";
        job->rows.push_back(std::move(bad));
      } else {
        struct Old {
          std::string oid;
          std::int64_t rowid;
        };
        std::map<std::string, Old> before;
        w.select_dir(c.name);
        while (w.rows_of_dir.step()) before[w.rows_of_dir.col(0)] = Old{w.rows_of_dir.col(1), w.rows_of_dir.num(2)};
        // The facts of the files that did not change come from the old
        // pack; without one, or with a damaged one, every file is read again.
        if (w.kept.facts && !before.empty()) {
          w.get_pack.reset();
          w.get_pack.text(1, c.name);
          bool whole_pack = false;
          if (w.get_pack.step()) {
            try {
              decode_pack(w.get_pack.blob(0), [&](const PackEntry& e) {
                job->pack[e.is_problem ? e.path : ticket_path(e.facts.id)] = e;
              });
              whole_pack = true;
            } catch (const Error&) {
            }
          }
          if (!whole_pack) {
            job->pack.clear();
            for (const auto& [path, old] : before) w.forget(old.rowid);
            before.clear();
          }
        }
        auto sub = git::make<git::Tree>("read '" + dir_path + "'", git_tree_lookup, repo_, git_tree_entry_id(c.entry));
        const std::size_t m = git_tree_entrycount(sub.get());
        job->files.reserve(m);
        for (std::size_t j = 0; j < m; ++j) {
          const git_tree_entry* fe = git_tree_entry_byindex(sub.get(), j);
          std::string path = dir_path + "/" + git_tree_entry_name(fe);
          if (auto b = before.find(path); b != before.end()) {
            const bool same = b->second.oid == git::to_hex(*git_tree_entry_id(fe));
            if (!same) w.forget(b->second.rowid);
            before.erase(b);
            if (same) {
              ++done;
              continue;
            }
          }
          job->files.push_back({std::move(path), *git_tree_entry_id(fe), git_tree_entry_type(fe) == GIT_OBJECT_BLOB});
        }
        for (const auto& [path, old] : before) {
          w.forget(old.rowid);
          job->pack.erase(path);
        }
      }
      reader.submit(std::move(job));
      while (reader.pending() > RowReader::ahead) write_next();
    }
    while (reader.pending()) write_next();
    for (const auto& [dir, unused] : cached_dirs) {
      if (seen.count(dir)) continue;
      w.forget_dir(dir);
      w.del_dir.reset();
      w.del_dir.text(1, dir);
      w.del_dir.step();
      w.del_pack.reset();
      w.del_pack.text(1, dir);
      w.del_pack.step();
    }
    Stmt m(db_, "INSERT OR REPLACE INTO meta(key, value) VALUES('tickets', ?)");
    m.text(1, top_oid);
    m.step();
    if (bulk) exec(db_, problems_index);
    if (listing && (bulk || unlisted)) make_list_indexes();
    else if (bulk) exec(db_, "INSERT OR REPLACE INTO meta(key, value) VALUES('indexes', 'later')");
    exec(db_, "COMMIT");
    if (rollback) journal("WAL");
    if (progress_ && total) progress_(total, total, fill);
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    if (rollback) journal("WAL");
    throw;
  }
}

void Cache::make_list_indexes() {
  // Sorted with the help of the cores that read the files, idle by now.
  const unsigned helpers = std::clamp(std::thread::hardware_concurrency(), 1u, 4u) - 1;
  exec(db_, ("PRAGMA threads=" + std::to_string(helpers)).c_str());
  exec(db_, list_indexes);
  exec(db_, unlisted_done);
  exec(db_, "PRAGMA threads=0");
}

bool Cache::empty() {
  Stmt any(db_, "SELECT 1 FROM tickets LIMIT 1");
  return !any.step();
}

bool Cache::journal(const char* mode) {
  // Changing it needs the file to itself: try once, never wait.
  sqlite3_busy_timeout(db_, 0);
  std::string now;
  try {
    Stmt m(db_, (std::string("PRAGMA journal_mode=") + mode).c_str());
    if (m.step()) now = m.col(0);
  } catch (const Error&) {
  }
  sqlite3_busy_timeout(db_, 10000);
  return lower(now) == lower(mode);
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

void Cache::each_header(const git_tree* tree, const HeaderQuery& query,
                        const std::function<void(const Problem&)>& problem,
                        const std::function<void(const ListRow&)>& row) {
  update(tree);
  if (problem) {
    Stmt bad(db_, "SELECT path, line, problem FROM tickets WHERE problem IS NOT NULL ORDER BY path");
    while (bad.step()) problem(problem_from_row(bad.col(0), int(bad.num(1)), bad.col(2)));
  }
  if (!row) return;
  using Fields = HeaderQuery::Fields;
  std::vector<std::string> texts;  // the values ?1, ?2, ... stand for
  std::string selected = query.fields == Fields::All     ? columns
                         : query.fields == Fields::Table ? "id, title, status, priority, tier, grp, assignee,"
                                                           " escalations, updated, appt_at, org, created"
                                                         : "id";
  const int left_column = query.fields == Fields::All ? 31 : query.fields == Fields::Table ? 12 : 1;
  const std::string bare_sort = !query.sort.empty() && query.sort[0] == '-' ? query.sort.substr(1) : query.sort;
  if (query.clocks) {
    if (!sla_left_fn_) {
      sla_left_fn_ = std::make_unique<SlaLeft>();
      if (sqlite3_create_function(db_, "sla_left", 7, SQLITE_UTF8, static_cast<SlaLeftFn*>(sla_left_fn_.get()),
                                  &SlaLeftFn::call, nullptr, nullptr) != SQLITE_OK)
        throw Error(Exit::Failure, std::string("cache: ") + sqlite3_errmsg(db_));
    }
    sla_left_fn_->clocks = query.clocks;
    sla_left_fn_->now = query.now;
  } else if (bare_sort == "left") {
    throw Error(Exit::Usage, "cannot sort by 'left' without the service levels");
  }
  ListRow r;
  Header& h = r.header;
  std::size_t emitted = 0;
  // Runs a query of `selected` (and the time left when clocks are given)
  // and gives its rows.
  auto each_row = [&](const std::string& sql) {
    Stmt q(db_, sql.c_str());
    for (std::size_t i = 0; i < texts.size(); ++i) q.view(int(i + 1), texts[i]);
    while (q.step()) {
      ++emitted;
      if (query.clocks) {
        if (q.null(left_column)) r.sla_left.reset();
        else r.sla_left = q.num(left_column);
      }
      switch (query.fields) {
        case Fields::All:
          h = header_from_row(q, 0);
          row(r);
          continue;
        case Fields::Table:
          h.title.assign(q.view_col(1));
          h.status = Status(q.num(2));
          h.priority = Priority(q.num(3));
          h.tier = int(q.num(4));
          h.group.assign(q.view_col(5));
          h.assignee.assign(q.view_col(6));
          h.escalations = int(q.num(7));
          h.updated.ms = q.num(8);
          if (q.null(9)) h.appointment.reset();
          else h.appointment = Appointment{Time{q.num(9)}, {}, {}};
          h.requester.organization.assign(q.view_col(10));
          h.created.ms = q.num(11);
          [[fallthrough]];
        case Fields::Id:
          h.id.assign(q.view_col(0));
          row(r);
      }
    }
  };
  const std::string where = " WHERE problem IS NULL" + filter_sql(query.filter, texts);
  auto limit = [&](std::size_t n) { return n ? " LIMIT " + std::to_string(n) : std::string(); };
  if (bare_sort != "left") {
    if (query.clocks) selected += std::string(", ") + sla_left_sql + " AS time_left";
    each_row("SELECT " + selected + " FROM tickets" + where + " ORDER BY " + order_sql(query.sort) +
             limit(query.limit));
    return;
  }
  // The time left of every unfinished ticket the filter selects, from the
  // covering index tickets_clock when the filter reads only its columns;
  // the rows themselves are read only for those that make the limit. The
  // resolved and closed tickets have no clock: they come last, by creation,
  // and are read only when the unfinished ones do not fill the limit.
  const bool split = query.filter.statuses.empty();
  const char* dir = query.sort[0] == '-' ? " DESC" : "";
  each_row("SELECT " + selected + ", s.time_left FROM (SELECT rowid AS rid, " + sla_left_sql +
           " AS time_left, created AS c, id AS i FROM tickets INDEXED BY tickets_clock" + where + (split ? " AND status IN (0, 1, 2, 3)" : "") +
           " ORDER BY time_left" + dir + " NULLS LAST, created, id" + limit(query.limit) +
           ") s CROSS JOIN tickets ON tickets.rowid = s.rid ORDER BY s.time_left" + dir + " NULLS LAST, s.c, s.i");
  if (split && (!query.limit || emitted < query.limit))
    each_row("SELECT " + selected + ", NULL FROM tickets" + where + " AND status IN (4, 5) ORDER BY created, id" +
             limit(query.limit ? query.limit - emitted : 0));
}

Cache::Kept Cache::kept() {
  Kept k;
  Stmt on(db_, "SELECT key FROM meta WHERE key IN ('facts', 'search') AND value='1'");
  while (on.step()) (on.view_col(0) == "facts" ? k.facts : k.search) = true;
  return k;
}

void Cache::keep(Kept more) {
  const Kept now = kept();
  if ((!more.facts || now.facts) && (!more.search || now.search)) return;
  // Forgetting every ticket makes the next update read them all again, now
  // for what is kept; a crash in between only means the same again next time.
  std::string sql =
      "BEGIN IMMEDIATE; DELETE FROM tickets; DELETE FROM dirs; DELETE FROM facts_packs; DELETE FROM search_docs;"
      " INSERT INTO search(search) VALUES('delete-all'); DELETE FROM meta WHERE key='tickets';";
  if (more.facts) sql += " INSERT OR REPLACE INTO meta(key, value) VALUES('facts', '1');";
  if (more.search) sql += " INSERT OR REPLACE INTO meta(key, value) VALUES('search', '1');";
  exec(db_, (sql + " COMMIT").c_str());
}

std::vector<SearchHit> Cache::search(const git_tree* tree, const SearchQuery& query, std::size_t limit,
                                     std::vector<Problem>& problems) {
  keep({false, true});
  update(tree, false);
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
  // The one group of a query narrows the scan; matches() applies the rest.
  const Prefilter pre{query.filter.statuses, query.filter.groups.size() == 1 ? query.filter.groups[0] : std::string()};
  const std::string sql = "SELECT search.rowid, search.rank, " + t_columns +
                          " FROM search CROSS JOIN tickets t"
                          " WHERE search MATCH ?1 AND search.rank MATCH ?2 AND t.rowid = search.rowid"
                          " AND t.problem IS NULL" +
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
  keep({true, false});
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
    exec(db_,
         "DELETE FROM tickets; DELETE FROM dirs; DELETE FROM facts_packs; DELETE FROM search_docs;"
         " INSERT INTO search(search) VALUES('delete-all'); DELETE FROM meta WHERE key='tickets'");
    throw Error(Exit::Failure, std::string(e.what()) + "; the cache has been cleared", "run the command again");
  }
}

}  // namespace tier::store
