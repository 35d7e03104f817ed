// Files of the store besides tickets: commits of whole files, and the
// knowledge base's articles (kb/) with their full-text index.

#include <git2/odb.h>
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>

#include "core/kb.hpp"
#include "core/search.hpp"
#include "core/store/fts_words.hpp"
#include "core/store/git.hpp"
#include "core/store/store_impl.hpp"
#include "formats/kb_article.hpp"

namespace tier::store {
namespace {

history::Kind kind_of(git_filemode_t mode) {
  switch (mode) {
    case GIT_FILEMODE_BLOB_EXECUTABLE: return history::Kind::Executable;
    case GIT_FILEMODE_LINK: return history::Kind::Symlink;
    case GIT_FILEMODE_COMMIT: return history::Kind::Submodule;
    default: return history::Kind::File;
  }
}

// The files of a tree and its subtrees, depth first, in path order.
void walk_files(git_repository* repo, const git_tree* tree, const std::string& prefix, std::size_t max_read,
                std::vector<StoredFile>& out) {
  for (std::size_t i = 0, n = git_tree_entrycount(tree); i < n; ++i) {
    const git_tree_entry* e = git_tree_entry_byindex(tree, i);
    const std::string path = prefix + git_tree_entry_name(e);
    if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
      auto sub = git::make<git::Tree>("read '" + path + "'", git_tree_lookup, repo, git_tree_entry_id(e));
      walk_files(repo, sub.get(), path + "/", max_read, out);
      continue;
    }
    StoredFile f{path, kind_of(git_tree_entry_filemode(e)), 0, std::nullopt};
    if (f.kind == history::Kind::Submodule) {
      out.push_back(std::move(f));
      continue;
    }
    git_odb* raw = nullptr;
    git::check(git_repository_odb(&raw, repo), "open the object database");
    std::unique_ptr<git_odb, void (*)(git_odb*)> odb(raw, git_odb_free);
    git_object_t type = GIT_OBJECT_INVALID;
    git::check(git_odb_read_header(&f.size, &type, odb.get(), git_tree_entry_id(e)), "read '" + path + "'");
    if (f.kind == history::Kind::File && f.size <= max_read) {
      auto blob = git::make<git::Blob>("read '" + path + "'", git_blob_lookup, repo, git_tree_entry_id(e));
      f.text.emplace(static_cast<const char*>(git_blob_rawcontent(blob.get())), std::size_t(git_blob_rawsize(blob.get())));
    }
    out.push_back(std::move(f));
  }
}

// The kb/ tree of the branch's tree, or null.
git::Tree kb_tree(git_repository* repo, const git_tree* root) {
  if (!root) return nullptr;
  const git_tree_entry* e = git_tree_entry_byname(root, "kb");
  if (!e || git_tree_entry_type(e) != GIT_OBJECT_TREE) return nullptr;
  return git::make<git::Tree>("read 'kb'", git_tree_lookup, repo, git_tree_entry_id(e));
}

// A statement of the knowledge base's index.
class Query {
 public:
  Query(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &s_, nullptr) != SQLITE_OK)
      throw Error(Exit::Failure, std::string("the knowledge base's index: ") + sqlite3_errmsg(db));
  }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query() { sqlite3_finalize(s_); }
  void text(int i, std::string_view v) { sqlite3_bind_text(s_, i, v.data(), int(v.size()), SQLITE_TRANSIENT); }
  void integer(int i, std::int64_t v) { sqlite3_bind_int64(s_, i, v); }
  bool step() {
    const int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE)
      throw Error(Exit::Failure, std::string("the knowledge base's index: ") + sqlite3_errmsg(sqlite3_db_handle(s_)));
    return false;
  }
  void reset() { sqlite3_reset(s_); }
  std::string col(int i) const {
    const auto* p = sqlite3_column_text(s_, i);
    return p ? std::string(reinterpret_cast<const char*>(p), std::size_t(sqlite3_column_bytes(s_, i))) : std::string();
  }
  double real(int i) const { return sqlite3_column_double(s_, i); }

 private:
  sqlite3_stmt* s_ = nullptr;
};

void run(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw Error(Exit::Failure, "the knowledge base's index: " + msg);
  }
}

constexpr int kb_index_version = 2;

// The index: one row per published article, kept for the kb/ tree it was
// built from (meta 'kb'); built again whole when that tree changes, which a
// few thousand short articles allow.
constexpr const char* kb_schema =
    "DROP TABLE IF EXISTS meta; DROP TABLE IF EXISTS articles;"
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE VIRTUAL TABLE articles USING fts5(slug UNINDEXED, title, keywords, body,"
    " tokenize='porter tier_words');"
    "PRAGMA user_version=2;";

struct Db {
  sqlite3* db = nullptr;
  ~Db() { sqlite3_close(db); }
};

// An FTS5 string for a word: "..." with '"' doubled.
std::string fts_word(std::string_view w) {
  std::string out = "\"";
  for (char c : w) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string Store::commit_files(const std::vector<FileWrite>& files, std::string_view op, const Author& author,
                                const std::string& subject, const std::vector<std::string>& trailers) {
  Impl& s = *impl_;
  lock();
  const std::string ref = s.head_ref();
  std::optional<git_oid> old = s.head_oid();
  if (!old) throw Error(Exit::Failure, "the store's branch has no commit");
  auto parent = git::make<git::Commit>("read the branch's commit", git_commit_lookup, s.repo.get(), &*old);
  auto base = git::make<git::Tree>("read the branch's tree", git_commit_tree, parent.get());
  std::vector<git_tree_update> updates;
  updates.reserve(files.size());
  for (const auto& f : files) {
    git_oid blob;
    git::check(git_blob_create_from_buffer(&blob, s.repo.get(), f.text.data(), f.text.size()), "write '" + f.path + "'");
    s.keep_hand_edit(base.get(), f.path);
    updates.push_back({GIT_TREE_UPDATE_UPSERT, blob, GIT_FILEMODE_BLOB, f.path.c_str()});
  }
  git_oid tree_oid;
  git::check(git_tree_create_updated(&tree_oid, s.repo.get(), base.get(), updates.size(), updates.data()),
             "write the tree");
  auto tree = git::make<git::Tree>("read the tree", git_tree_lookup, s.repo.get(), &tree_oid);
  std::string message = subject + "\n\nTier-Op: " + std::string(op) + "\n";
  for (const auto& t : trailers) message += t + "\n";
  auto sig = make_signature(author);
  const git_commit* parents[1] = {parent.get()};
  git_oid commit_oid;
  git::check(git_commit_create(&commit_oid, s.repo.get(), nullptr, sig.get(), sig.get(), "UTF-8", message.c_str(),
                               tree.get(), 1, parents),
             "commit");
  s.move_branch(ref, commit_oid, *old, std::string(op) + ": tier", base.get(), tree.get());
  return git::to_hex(commit_oid);
}

std::optional<std::string> Store::file_text(const std::string& path) {
  git::Tree tree = impl_->head_tree();
  return impl_->blob_text(tree.get(), path);
}

std::vector<StoredFile> Store::kb_files(std::size_t max_read) {
  std::vector<StoredFile> out;
  git::Tree root = impl_->head_tree();
  git::Tree kb = kb_tree(impl_->repo.get(), root.get());
  if (kb) walk_files(impl_->repo.get(), kb.get(), "kb/", max_read, out);
  return out;
}

std::vector<ArticleHit> Store::kb_search(const std::vector<std::string>& words, std::size_t limit, bool any) {
  Impl& s = *impl_;
  std::vector<ArticleHit> hits;
  if (words.empty()) return hits;
  git::Tree root = s.head_tree();
  git::Tree kb = kb_tree(s.repo.get(), root.get());
  if (!kb) return hits;
  const std::string kb_oid = git::to_hex(*git_tree_id(kb.get()));

  std::filesystem::create_directories(s.tier_dir());
  const std::string path = s.tier_dir() + "kb.sqlite";
  Db d;
  if (sqlite3_open_v2(path.c_str(), &d.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK)
    throw Error(Exit::Failure, "cannot open the knowledge base's index '" + path + "'");
  sqlite3_busy_timeout(d.db, 10000);
  register_fts_words(d.db);
  run(d.db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;");
  bool fresh = false;
  {
    Query v(d.db, "PRAGMA user_version");
    v.step();
    if (v.col(0) != std::to_string(kb_index_version)) run(d.db, kb_schema);
  }
  {
    Query m(d.db, "SELECT value FROM meta WHERE key='kb'");
    fresh = m.step() && m.col(0) == kb_oid;
  }
  if (!fresh) {
    run(d.db, "BEGIN IMMEDIATE; DELETE FROM articles;");
    Query add(d.db, "INSERT INTO articles(slug, title, keywords, body) VALUES(?1, ?2, ?3, ?4)");
    const std::size_t max = policy().limits.article;
    for (const auto& f : kb_files(max)) {
      if (!f.text) continue;
      Article a;
      try {
        a = formats::parse_article(*f.text, f.path);
      } catch (const Error& e) {
        if (e.code() != Exit::Invalid) throw;
        continue;
      }
      if (a.slug.empty() || a.status != ArticleStatus::Published) continue;
      std::string keywords;
      for (const auto& k : a.keywords) keywords += k + "\n";
      for (const auto& c : a.categories) keywords += c + "\n";
      add.reset();
      add.text(1, a.slug);
      add.text(2, a.title);
      add.text(3, keywords);
      add.text(4, a.body);
      add.step();
    }
    Query meta(d.db, "INSERT OR REPLACE INTO meta(key, value) VALUES('kb', ?1)");
    meta.text(1, kb_oid);
    meta.step();
    run(d.db, "COMMIT");
  }
  std::string match;
  for (const auto& w : words) match += (match.empty() ? "" : any ? " OR " : " ") + fts_word(fold_word(w));
  Query q(d.db,
          "SELECT slug, title, bm25(articles, 0.0, 10.0, 5.0, 1.0) AS r FROM articles WHERE articles MATCH ?1"
          " ORDER BY r, slug LIMIT ?2");
  q.text(1, match);
  q.integer(2, limit ? std::int64_t(limit) : -1);
  while (q.step()) hits.push_back({q.col(0), q.col(1), -q.real(2)});
  return hits;
}

}  // namespace tier::store
