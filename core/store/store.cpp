#include "core/store/store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <thread>
#include <utility>

#include "core/ids.hpp"
#include "core/store/cache.hpp"
#include "core/store/git.hpp"
#include "core/store/index_file.hpp"
#include "core/store/store_impl.hpp"
#include "formats/config_toml.hpp"
#include "formats/ticket_toml.hpp"

namespace fs = std::filesystem;

namespace tier::store {

std::string Problem::text() const {
  return line > 0 ? path + ":" + std::to_string(line) + ": " + message : path + ": " + message;
}

namespace {

constexpr std::string_view gitattributes = "tickets/**/*.toml merge=tier\n";

}  // namespace

namespace {

git::Tree lookup_tree(git_repository* repo, const git_tree_entry* e) {
  if (!e || git_tree_entry_type(e) != GIT_OBJECT_TREE) return nullptr;
  return git::make<git::Tree>("read a tree", git_tree_lookup, repo, git_tree_entry_id(e));
}

// Walks both trees together, descending only where the ids differ: one
// changed ticket reads two small trees, whatever the size of the store. The
// entries of both are in git's order, so one merge-walk pairs them.
void diff_trees(git_repository* repo, const git_tree* from, const git_tree* to, const std::string& prefix,
                std::set<std::string>& paths) {
  const std::size_t na = from ? git_tree_entrycount(from) : 0;
  const std::size_t nb = to ? git_tree_entrycount(to) : 0;
  auto visit = [&](const git_tree_entry* x, const git_tree_entry* y) {
    if (x && y && git_oid_equal(git_tree_entry_id(x), git_tree_entry_id(y))) return;
    const std::string path = prefix + git_tree_entry_name(x ? x : y);
    const bool x_tree = x && git_tree_entry_type(x) == GIT_OBJECT_TREE;
    const bool y_tree = y && git_tree_entry_type(y) == GIT_OBJECT_TREE;
    if ((x && !x_tree) || (y && !y_tree)) paths.insert(path);
    if (x_tree || y_tree) {
      git::Tree tx = lookup_tree(repo, x), ty = lookup_tree(repo, y);
      diff_trees(repo, tx.get(), ty.get(), path + "/", paths);
    }
  };
  std::size_t i = 0, j = 0;
  while (i < na || j < nb) {
    const git_tree_entry* x = i < na ? git_tree_entry_byindex(from, i) : nullptr;
    const git_tree_entry* y = j < nb ? git_tree_entry_byindex(to, j) : nullptr;
    // A name that is a file on one side and a directory on the other sorts
    // apart (git compares directories as "name/"): a removal and an addition.
    const int cmp = !x ? 1 : !y ? -1 : git_tree_entry_cmp(x, y);
    if (cmp == 0) {
      visit(x, y);
      ++i, ++j;
    } else if (cmp < 0) {
      visit(x, nullptr);
      ++i;
    } else {
      visit(nullptr, y);
      ++j;
    }
  }
}

}  // namespace

std::set<std::string> changed_paths(git_repository* repo, const git_tree* from, const git_tree* to) {
  std::set<std::string> paths;
  diff_trees(repo, from, to, "", paths);
  return paths;
}

void Store::Impl::move_branch(const std::string& ref, const git_oid& target, const git_oid& old,
                              const std::string& log_message, const git_tree* from, const git_tree* to) {
  const std::set<std::string> paths = changed_paths(repo.get(), from, to);
  std::string journal;
  if (!bare) {
    std::string list;
    for (const auto& p : paths) list += p + "\n";
    journal = tier_dir() + std::string(journal_name);
    write_file_atomically(journal, list);
  }
  git_reference* moved = nullptr;
  const int rc = git_reference_create_matching(&moved, repo.get(), ref.c_str(), &target, 1, &old, log_message.c_str());
  git::Reference moved_ref(moved);
  if (rc == GIT_EMODIFIED) {
    if (!journal.empty()) std::remove(journal.c_str());
    throw Error(Exit::Conflict, "the branch moved while this change was made", "run the command again");
  }
  git::check(rc, "move the branch");
  if (!bare) {
    follow_all(paths, to);
    std::remove(journal.c_str());
  }
}

void Store::Impl::follow_all(const std::set<std::string>& paths, const git_tree* to) {
  if (paths.empty()) return;
  std::vector<index_file::Change> changes;
  changes.reserve(paths.size());
  bool simple = true;  // every path a plain file, or gone
  for (const auto& path : paths) {
    index_file::Change& c = changes.emplace_back();
    c.path = path;
    git_tree_entry* raw = nullptr;
    const int rc = to ? git_tree_entry_bypath(&raw, to, path.c_str()) : GIT_ENOTFOUND;
    git::TreeEntry entry(raw);
    if (rc == GIT_ENOTFOUND) {
      c.present = false;
      continue;
    }
    git::check(rc, "read '" + path + "'");
    if (git_tree_entry_filemode(entry.get()) != GIT_FILEMODE_BLOB) {
      simple = false;
      break;
    }
    std::memcpy(c.oid.data(), git_tree_entry_id(entry.get())->id, c.oid.size());
  }
  if (simple) {
    for (auto& c : changes) {
      const std::string file = root + c.path;
      if (!c.present) {
        std::remove(file.c_str());
        continue;
      }
      git_oid oid;
      std::memcpy(oid.id, c.oid.data(), c.oid.size());
      auto blob = git::make<git::Blob>("read '" + c.path + "'", git_blob_lookup, repo.get(), &oid);
      write_file_atomically(file, std::string_view(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                                                   std::size_t(git_blob_rawsize(blob.get()))));
      if (::lstat(file.c_str(), &c.st) != 0)
        throw Error(Exit::Failure, "cannot read '" + file + "': " + std::strerror(errno));
    }
    if (index_file::update(git_dir, root, changes) == index_file::Outcome::Written) return;
  }
  auto index = git::make<git::Index>("open the index", git_repository_index, repo.get());
  git::check(git_index_read(index.get(), 0), "read the index");
  for (const auto& p : paths) follow(index.get(), to, p);
  git::check(git_index_write(index.get()), "write the index");
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

std::unique_ptr<Store> Store::open(const std::string& dir, bool require_config) {
  git::init();
  git_repository* raw = nullptr;
  const int rc = git_repository_open_ext(&raw, dir.empty() ? "." : dir.c_str(), 0, nullptr);
  if (rc == GIT_ENOTFOUND)
    throw Error(Exit::NotFound, "not a tier store (or any of the parent directories): '" + (dir.empty() ? std::string(".") : dir) + "'",
                "create one with 'tier init', or name one with -C DIR or TIER_DIR");
  git::check(rc, "open the store");
  auto impl = std::make_unique<Impl>();
  impl->repo.reset(raw);
  impl->bare = git_repository_is_bare(raw);
  impl->git_dir = git_repository_path(raw);
  impl->root = impl->bare ? impl->git_dir : git_repository_workdir(raw);
  std::unique_ptr<Store> store(new Store(std::move(impl)));
  // A change a killed process left half-done is finished before anything is read.
  if (!store->impl_->bare && fs::exists(store->impl_->tier_dir() + std::string(journal_name))) store->lock();
  if (!require_config) return store;
  // Whether the config is there, without reading it: a command that needs
  // it reads it then, and one that does not never pays for it.
  git::Tree tree = store->impl_->head_tree();
  git_tree_entry* raw_config = nullptr;
  const int found = tree ? git_tree_entry_bypath(&raw_config, tree.get(), std::string(config_path).c_str())
                         : GIT_ENOTFOUND;
  if (found != GIT_ENOTFOUND) git::check(found, "read '" + std::string(config_path) + "'");
  const git::TreeEntry config(raw_config);
  if (!config || git_tree_entry_type(config.get()) != GIT_OBJECT_BLOB)
    throw Error(Exit::NotFound, "'" + store->impl_->root + "' is a git repository but not a tier store",
                "make it one with 'tier init'");
  return store;
}

std::string Store::init(const std::string& dir, const std::string& config_text, const Author& author,
                        const std::string& remote) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(Exit::Failure, "cannot create the store in '" + dir + "': " + ec.message());
  git::init();
  git_repository* raw = nullptr;
  int rc = git_repository_open_ext(&raw, dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
  if (rc == GIT_ENOTFOUND) rc = git_repository_init(&raw, dir.c_str(), 0);
  git::check(rc, "create the repository");
  auto impl = std::make_unique<Impl>();
  impl->repo.reset(raw);
  impl->bare = git_repository_is_bare(raw);
  impl->git_dir = git_repository_path(raw);
  impl->root = impl->bare ? impl->git_dir : git_repository_workdir(raw);
  Store store(std::move(impl));
  Impl& s = *store.impl_;
  store.lock();
  git::Tree base = s.head_tree();
  if (s.blob_text(base.get(), std::string(config_path)))
    throw Error(Exit::Conflict, "'" + s.root + "' is already a tier store");
  formats::parse_config(config_text, config_path);  // never commit a config that does not parse

  git_oid config_blob, attr_blob;
  git::check(git_blob_create_from_buffer(&config_blob, s.repo.get(), config_text.data(), config_text.size()), "write the config");
  std::string attributes(gitattributes);
  if (auto existing = s.blob_text(base.get(), ".gitattributes"))
    attributes = existing->find("merge=tier") != std::string::npos ? *existing : *existing + attributes;
  git::check(git_blob_create_from_buffer(&attr_blob, s.repo.get(), attributes.data(), attributes.size()), "write .gitattributes");
  git_tree_update updates[2] = {
      {GIT_TREE_UPDATE_UPSERT, config_blob, GIT_FILEMODE_BLOB, config_path.data()},
      {GIT_TREE_UPDATE_UPSERT, attr_blob, GIT_FILEMODE_BLOB, ".gitattributes"},
  };
  git_oid tree_oid;
  if (base) {
    git::check(git_tree_create_updated(&tree_oid, s.repo.get(), base.get(), 2, updates), "write the tree");
  } else {
    auto builder_empty = git::make<git::Index>("make an index", git_index_new);
    git_oid empty;
    git::check(git_index_write_tree_to(&empty, builder_empty.get(), s.repo.get()), "write the tree");
    auto empty_tree = git::make<git::Tree>("read the tree", git_tree_lookup, s.repo.get(), &empty);
    git::check(git_tree_create_updated(&tree_oid, s.repo.get(), empty_tree.get(), 2, updates), "write the tree");
  }
  auto tree = git::make<git::Tree>("read the tree", git_tree_lookup, s.repo.get(), &tree_oid);
  auto sig = make_signature(author);
  const std::string message = "init tier store\n\nTier-Op: init\n";
  std::optional<git_oid> parent_oid = s.head_oid();
  git::Commit parent;
  if (parent_oid) parent = git::make<git::Commit>("read the branch's commit", git_commit_lookup, s.repo.get(), &*parent_oid);
  const git_commit* parents[1] = {parent.get()};
  git_oid commit_oid;
  git::check(git_commit_create(&commit_oid, s.repo.get(), "HEAD", sig.get(), sig.get(), "UTF-8", message.c_str(),
                               tree.get(), parent ? 1 : 0, parents),
             "commit");
  if (!s.bare) {
    auto index = git::make<git::Index>("open the index", git_repository_index, s.repo.get());
    s.follow(index.get(), tree.get(), std::string(config_path));
    s.follow(index.get(), tree.get(), ".gitattributes");
    git::check(git_index_write(index.get()), "write the index");
  }
  if (!remote.empty()) {
    git_remote* raw_remote = nullptr;
    const int rrc = git_remote_create(&raw_remote, s.repo.get(), "origin", remote.c_str());
    git::Remote owned(raw_remote);
    if (rrc == GIT_EEXISTS) git::check(git_remote_set_url(s.repo.get(), "origin", remote.c_str()), "set the remote");
    else git::check(rrc, "add the remote");
  }
  return s.root;
}

const std::string& Store::root() const { return impl_->root; }
const std::string& Store::git_dir() const { return impl_->git_dir; }
bool Store::bare() const { return impl_->bare; }

std::size_t Store::max_file() {
  try {
    return policy().limits.ticket;
  } catch (const Error&) {
    return Policy::Limits{}.ticket;
  }
}

std::int64_t Store::max_seconds() {
  try {
    return policy().limits.timeout;
  } catch (const Error&) {
    return Policy::Limits{}.timeout;
  }
}

std::string Store::config_text() {
  git::Tree tree = impl_->head_tree();
  auto text = impl_->blob_text(tree.get(), std::string(config_path));
  if (!text) throw Error(Exit::NotFound, "the store has no '" + std::string(config_path) + "'");
  return *text;
}

const Policy& Store::policy() {
  if (!impl_->policy) impl_->policy = formats::parse_config(config_text(), config_path);
  return *impl_->policy;
}

void Store::lock() {
  if (impl_->lock_fd >= 0) return;
  fs::create_directories(impl_->tier_dir());
  const std::string path = impl_->tier_dir() + "lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw Error(Exit::Failure, "cannot open the lock '" + path + "': " + std::strerror(errno));
  // The lock is the kernel's: it goes with the process, however that ends.
  int rc;
  do rc = flock(fd, LOCK_EX);
  while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    close(fd);
    throw Error(Exit::Failure, "cannot take the lock '" + path + "': " + std::strerror(errno));
  }
  impl_->lock_fd = fd;
  impl_->finish_interrupted();
}

void Store::unlock() {
  if (impl_->lock_fd < 0) return;
  close(impl_->lock_fd);
  impl_->lock_fd = -1;
}

std::string Store::resolve(std::string_view input) {
  // Only the prefix is needed: a config with an error elsewhere stops every
  // change, but must not stop agents reading tickets. The policy is parsed
  // when it can be, as load() needs it next ([limits] ticket): the config is
  // then parsed once.
  std::optional<std::string> read_prefix;
  if (!impl_->policy) {
    try {
      policy();
    } catch (const Error& e) {
      if (e.code() != Exit::Invalid) throw;
      read_prefix = formats::config_prefix(config_text());
    }
  }
  const std::string& prefix = read_prefix ? *read_prefix : policy().prefix;
  auto body = id_body(input, prefix);
  if (!body) throw Error(Exit::NotFound, "no ticket '" + std::string(input) + "'");
  if (body->size() < 4)
    throw Error(Exit::Usage, "'" + std::string(input) + "' is too short to name a ticket",
                "give at least 4 characters of the id");
  git::Tree tree = impl_->head_tree();
  std::vector<std::string> found;
  if (tree) {
    git_tree_entry* raw = nullptr;
    const std::string dir = "tickets/" + body->substr(0, 2);
    if (git_tree_entry_bypath(&raw, tree.get(), dir.c_str()) == 0) {
      git::TreeEntry entry(raw);
      auto sub = git::make<git::Tree>("read '" + dir + "'", git_tree_lookup, impl_->repo.get(), git_tree_entry_id(entry.get()));
      const std::string want = prefix + "-" + *body;
      for (std::size_t i = 0, n = git_tree_entrycount(sub.get()); i < n; ++i) {
        std::string_view name = git_tree_entry_name(git_tree_entry_byindex(sub.get(), i));
        if (name.size() > 5 && name.substr(name.size() - 5) == ".toml" && name.substr(0, want.size()) == want)
          found.emplace_back(name.substr(0, name.size() - 5));
      }
    }
  }
  if (found.empty()) throw Error(Exit::NotFound, "no ticket '" + std::string(input) + "'");
  if (found.size() > 1) {
    std::string list;
    for (const auto& f : found) list += (list.empty() ? "" : ", ") + f;
    throw Error(Exit::Conflict, "'" + std::string(input) + "' is ambiguous: " + list, "give more characters of the id");
  }
  return found.front();
}

std::vector<std::string> Store::ids(std::string_view dir_prefix) {
  std::vector<std::string> out;
  git::Tree tree = impl_->head_tree();
  if (!tree) return out;
  const git_tree_entry* top_entry = git_tree_entry_byname(tree.get(), "tickets");
  if (!top_entry || git_tree_entry_type(top_entry) != GIT_OBJECT_TREE) return out;
  auto top = git::make<git::Tree>("read 'tickets'", git_tree_lookup, impl_->repo.get(), git_tree_entry_id(top_entry));
  for (std::size_t i = 0, n = git_tree_entrycount(top.get()); i < n; ++i) {
    const git_tree_entry* de = git_tree_entry_byindex(top.get(), i);
    const std::string_view dir = git_tree_entry_name(de);
    if (git_tree_entry_type(de) != GIT_OBJECT_TREE || dir.substr(0, dir_prefix.size()) != dir_prefix) continue;
    auto sub = git::make<git::Tree>("read 'tickets/" + std::string(dir) + "'", git_tree_lookup, impl_->repo.get(),
                                    git_tree_entry_id(de));
    for (std::size_t j = 0, m = git_tree_entrycount(sub.get()); j < m; ++j) {
      const std::string_view name = git_tree_entry_name(git_tree_entry_byindex(sub.get(), j));
      if (name.size() > 5 && name.substr(name.size() - 5) == ".toml") out.emplace_back(name.substr(0, name.size() - 5));
    }
  }
  return out;
}

bool Store::exists(std::string_view id) {
  git::Tree tree = impl_->head_tree();
  if (!tree) return false;
  git_tree_entry* raw = nullptr;
  const int rc = git_tree_entry_bypath(&raw, tree.get(), ticket_path(id).c_str());
  git::TreeEntry entry(raw);
  return rc == 0;
}

std::string Store::ticket_text(std::string_view id) {
  git::Tree tree = impl_->head_tree();
  auto text = impl_->blob_text(tree.get(), ticket_path(id));
  if (!text) throw Error(Exit::NotFound, "no ticket '" + std::string(id) + "'");
  return *text;
}

Ticket Store::load(std::string_view id) {
  const std::string text = ticket_text(id);
  if (text.size() > max_file())
    throw Error::at(Exit::Invalid, {ticket_path(id), 0, 0},
                    "the ticket file is " + std::to_string(text.size()) + " bytes, over the limit of " +
                        std::to_string(max_file()));
  return formats::parse_ticket(text, ticket_path(id));
}

std::string Store::new_id() {
  std::random_device rd;
  const std::string& prefix = policy().prefix;
  for (int attempt = 0; attempt < 64; ++attempt) {
    const std::uint64_t r = (std::uint64_t(rd()) << 32) ^ rd();
    std::string id = make_id(prefix, r);
    if (!exists(id)) return id;
  }
  throw Error(Exit::Failure, "cannot find a free ticket id");
}

std::string Store::blob_id(std::string_view bytes) {
  git_oid oid;
  git::check(git_odb_hash(&oid, bytes.data(), bytes.size(), GIT_OBJECT_BLOB), "hash a file");
  return git::to_hex(oid);
}

bool Store::has_path(const std::string& path) {
  git::Tree tree = impl_->head_tree();
  if (!tree) return false;
  git_tree_entry* raw = nullptr;
  if (git_tree_entry_bypath(&raw, tree.get(), path.c_str()) != 0) return false;
  git::TreeEntry entry(raw);
  return true;
}

std::string Store::file_bytes(const std::string& path) {
  git::Tree tree = impl_->head_tree();
  auto bytes = impl_->blob_text(tree.get(), path);
  if (!bytes) throw Error(Exit::NotFound, "the store holds no '" + path + "'");
  return *bytes;
}

Store::Written Store::write_ticket_file(const Ticket& t, std::string_view text) {
  std::string own;
  if (text.empty()) {
    own = formats::write_ticket(t);
    text = own;
  }
  git_oid blob;
  git::check(git_blob_create_from_buffer(&blob, impl_->repo.get(), text.data(), text.size()), "write the ticket");
  return Written{t.id, t.title, git::to_hex(blob)};
}

std::string Store::commit(const std::vector<const Ticket*>& tickets, std::string_view op, const Author& author,
                          const std::string& subject, const std::vector<std::string_view>& attachments) {
  std::vector<Written> files;
  files.reserve(tickets.size());
  for (const Ticket* t : tickets) files.push_back(write_ticket_file(*t));
  return commit_written(files, op, author, subject, attachments);
}

std::string Store::commit_written(const std::vector<Written>& files, std::string_view op, const Author& author,
                                  const std::string& subject, const std::vector<std::string_view>& attachments) {
  Impl& s = *impl_;
  lock();
  const std::string ref = s.head_ref();
  std::optional<git_oid> old = s.head_oid();
  if (!old) throw Error(Exit::Failure, "the store's branch has no commit");
  auto parent = git::make<git::Commit>("read the branch's commit", git_commit_lookup, s.repo.get(), &*old);
  auto base = git::make<git::Tree>("read the branch's tree", git_commit_tree, parent.get());

  std::vector<std::string> paths;
  std::vector<git_oid> blobs(files.size());
  std::vector<git_tree_update> updates;
  // Reserved whole: the updates point into the paths.
  paths.reserve(files.size() + attachments.size());
  updates.reserve(files.size() + attachments.size());
  for (const std::string_view bytes : attachments) {
    git_oid blob;
    git::check(git_blob_create_from_buffer(&blob, s.repo.get(), bytes.data(), bytes.size()), "write an attachment");
    paths.push_back(attachment_path(git::to_hex(blob)));
    updates.push_back({GIT_TREE_UPDATE_UPSERT, blob, GIT_FILEMODE_BLOB, paths.back().c_str()});
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    paths.push_back(ticket_path(files[i].id));
    git::check(git_oid_fromstr(&blobs[i], files[i].blob.c_str()), "read a blob's id");
    s.keep_hand_edit(base.get(), paths.back());
    updates.push_back({GIT_TREE_UPDATE_UPSERT, blobs[i], GIT_FILEMODE_BLOB, paths.back().c_str()});
  }
  git_oid tree_oid;
  git::check(git_tree_create_updated(&tree_oid, s.repo.get(), base.get(), updates.size(), updates.data()),
             "write the tree");
  auto tree = git::make<git::Tree>("read the tree", git_tree_lookup, s.repo.get(), &tree_oid);

  std::string message = subject;
  if (message.empty()) {
    message = std::string(op) + " " + (files.size() == 1 ? files[0].id + ": " + files[0].title
                                                         : std::to_string(files.size()) + " tickets");
  }
  message += "\n\nTier-Op: " + std::string(op) + "\n";
  for (const Written& f : files) message += "Tier-Ticket: " + f.id + "\n";
  auto sig = make_signature(author);
  const git_commit* parents[1] = {parent.get()};
  git_oid commit_oid;
  git::check(git_commit_create(&commit_oid, s.repo.get(), nullptr, sig.get(), sig.get(), "UTF-8", message.c_str(),
                               tree.get(), 1, parents),
             "commit");

  s.move_branch(ref, commit_oid, *old, std::string(op) + ": tier", base.get(), tree.get());
  return git::to_hex(commit_oid);
}

namespace {

// The ticket files of a tree, read ahead on a thread of their own while the
// caller works on those read before: inflating the blobs was half of an
// export. Files travel in batches of a few hundred kilobytes, at most a few
// batches ahead, so memory stays flat whatever the size of the store.
class ReadAhead {
 public:
  struct File {
    std::string path;
    std::size_t begin = 0, size = 0;
    bool blob = false;
  };
  struct Batch {
    std::string bytes;
    std::vector<File> files;
  };
  static constexpr std::size_t batch_bytes = 256 * 1024;
  static constexpr std::size_t max_batches = 4;

  /// The reader's side: an empty batch to fill, one the consumer is done
  /// with when there is one (its memory reused: no new pages for each).
  Batch fresh() {
    std::lock_guard lock(mutex_);
    Batch b;
    if (!spare_.empty()) {
      b = std::move(spare_.back());
      spare_.pop_back();
    }
    b.bytes.clear();
    b.files.clear();
    b.bytes.reserve(batch_bytes + batch_bytes / 4);
    return b;
  }
  /// The reader's side: false when the consumer has stopped.
  bool push(Batch&& b) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return stopped_ || queue_.size() < max_batches; });
    if (stopped_) return false;
    queue_.push_back(std::move(b));
    ready_.notify_one();
    return true;
  }
  void finish(std::exception_ptr failure = nullptr) {
    std::lock_guard lock(mutex_);
    done_ = true;
    failure_ = failure;
    ready_.notify_one();
  }
  /// The consumer's side: false at the end; throws what the reader threw.
  /// The batch it held before is given back for reuse.
  bool pop(Batch& b) {
    std::unique_lock lock(mutex_);
    if (b.bytes.capacity()) spare_.push_back(std::move(b));
    ready_.wait(lock, [&] { return done_ || !queue_.empty(); });
    if (queue_.empty()) {
      if (failure_) std::rethrow_exception(failure_);
      return false;
    }
    b = std::move(queue_.front());
    queue_.pop_front();
    room_.notify_one();
    return true;
  }
  void stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    room_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_, room_;
  std::deque<Batch> queue_;
  std::vector<Batch> spare_;
  bool done_ = false, stopped_ = false;
  std::exception_ptr failure_;
};

}  // namespace

void Store::for_each_ticket_file(const std::function<void(const std::string&, std::string_view)>& fn) {
  Impl& s = *impl_;
  git::Tree tree = s.head_tree();
  if (!tree) return;
  git_tree_entry* raw = nullptr;
  if (git_tree_entry_bypath(&raw, tree.get(), "tickets") != 0) return;
  git::TreeEntry tickets(raw);
  auto top = git::make<git::Tree>("read 'tickets'", git_tree_lookup, s.repo.get(), git_tree_entry_id(tickets.get()));
  // From here until the reader is joined, only the reader uses the repository.
  // Each tree is read once: caching them all would grow with the store.
  git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
  struct Caching {
    ~Caching() { git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 1); }
  } caching;
  ReadAhead pipe;
  std::thread reader([&pipe, &top, repo = s.repo.get()] {
    try {
      ReadAhead::Batch batch = pipe.fresh();
      auto add = [&](std::string path, std::string_view text, bool blob) {
        batch.files.push_back({std::move(path), batch.bytes.size(), text.size(), blob});
        batch.bytes += text;
        if (batch.bytes.size() < ReadAhead::batch_bytes) return true;
        if (!pipe.push(std::move(batch))) return false;
        batch = pipe.fresh();
        return true;
      };
      for (std::size_t i = 0, n = git_tree_entrycount(top.get()); i < n; ++i) {
        const git_tree_entry* dir = git_tree_entry_byindex(top.get(), i);
        std::string dir_path = std::string("tickets/") + git_tree_entry_name(dir);
        if (git_tree_entry_type(dir) != GIT_OBJECT_TREE) {
          if (!add(std::move(dir_path), {}, false)) return;
          continue;
        }
        auto sub = git::make<git::Tree>("read '" + dir_path + "'", git_tree_lookup, repo, git_tree_entry_id(dir));
        for (std::size_t j = 0, m = git_tree_entrycount(sub.get()); j < m; ++j) {
          const git_tree_entry* file = git_tree_entry_byindex(sub.get(), j);
          std::string path = dir_path + "/" + git_tree_entry_name(file);
          if (git_tree_entry_type(file) != GIT_OBJECT_BLOB) {
            if (!add(std::move(path), {}, false)) return;
            continue;
          }
          auto blob = git::make<git::Blob>("read '" + path + "'", git_blob_lookup, repo, git_tree_entry_id(file));
          const std::string_view text(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                                      std::size_t(git_blob_rawsize(blob.get())));
          if (!add(std::move(path), text, true)) return;
        }
      }
      if (!batch.files.empty() && !pipe.push(std::move(batch))) return;
      pipe.finish();
    } catch (...) {
      pipe.finish(std::current_exception());
    }
  });
  struct Join {
    ReadAhead& pipe;
    std::thread& reader;
    ~Join() {
      pipe.stop();
      reader.join();
    }
  } join{pipe, reader};
  ReadAhead::Batch batch;
  while (pipe.pop(batch))
    for (const auto& f : batch.files)
      fn(f.path, f.blob ? std::string_view(batch.bytes).substr(f.begin, f.size) : std::string_view());
}

std::vector<Header> Store::headers(std::vector<Problem>& problems, const Prefilter& pre) {
  Impl& s = *impl_;
  git::Tree tree = s.head_tree();
  fs::create_directories(s.tier_dir());
  Cache cache(s.repo.get(), s.tier_dir() + "cache.sqlite", max_file(), s.progress);
  return cache.headers(tree.get(), problems, pre);
}

void Store::each_header(const HeaderQuery& query, const std::function<void(const Problem&)>& problem,
                        const std::function<void(const ListRow&)>& row) {
  Impl& s = *impl_;
  git::Tree tree = s.head_tree();
  fs::create_directories(s.tier_dir());
  Cache cache(s.repo.get(), s.tier_dir() + "cache.sqlite", max_file(), s.progress);
  cache.each_header(tree.get(), query, problem, row);
}

void Store::set_progress(Progress progress) { impl_->progress = std::move(progress); }

std::vector<SearchHit> Store::search(const SearchQuery& query, std::size_t limit, std::vector<Problem>& problems) {
  Impl& s = *impl_;
  git::Tree tree = s.head_tree();
  fs::create_directories(s.tier_dir());
  Cache cache(s.repo.get(), s.tier_dir() + "cache.sqlite", max_file(), s.progress);
  return cache.search(tree.get(), query, limit, problems);
}

std::vector<Facts> Store::facts(std::vector<Problem>& problems, const Prefilter& pre) {
  Impl& s = *impl_;
  git::Tree tree = s.head_tree();
  fs::create_directories(s.tier_dir());
  Cache cache(s.repo.get(), s.tier_dir() + "cache.sqlite", max_file(), s.progress);
  return cache.facts(tree.get(), problems, pre);
}

void Store::each_facts(std::vector<Problem>& problems, const std::function<void(const Facts&)>& fn,
                       const Prefilter& pre) {
  Impl& s = *impl_;
  git::Tree tree = s.head_tree();
  fs::create_directories(s.tier_dir());
  Cache cache(s.repo.get(), s.tier_dir() + "cache.sqlite", max_file(), s.progress);
  cache.each_facts(tree.get(), problems, fn, pre);
}

std::string Store::git_user_email() {
  git::Config cfg = git::make<git::Config>("read git's config", git_repository_config_snapshot, impl_->repo.get());
  const char* value = nullptr;
  if (git_config_get_string(&value, cfg.get(), "user.email") == 0 && value) return value;
  return {};
}

namespace {

constexpr std::size_t max_looked_file = 64 * 1024;

// The lines of .git/tier/looked, agent to time; a line that does not parse is dropped.
std::vector<std::pair<std::string, Time>> read_looked(const std::string& path) {
  std::vector<std::pair<std::string, Time>> out;
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec || size > max_looked_file) return out;
  std::istringstream lines(read_file(path));
  std::string line;
  while (std::getline(lines, line)) {
    const auto space = line.find(' ');
    if (space == std::string::npos || space == 0) continue;
    if (auto t = parse_time(std::string_view(line).substr(space + 1))) out.emplace_back(line.substr(0, space), *t);
  }
  return out;
}

}  // namespace

std::optional<Time> Store::last_look(const std::string& agent) {
  for (const auto& [who, at] : read_looked(impl_->git_dir + "tier/looked"))
    if (who == agent) return at;
  return std::nullopt;
}

void Store::set_last_look(const std::string& agent, Time at) {
  if (agent.empty() || agent.find_first_of(" \n\r") != std::string::npos) return;
  const std::string path = impl_->git_dir + "tier/looked";
  std::string text;
  for (const auto& [who, when] : read_looked(path))
    if (who != agent) text += who + " " + format_time(when) + "\n";
  text += agent + " " + format_time(at) + "\n";
  if (text.size() > max_looked_file) text = agent + " " + format_time(at) + "\n";
  write_file_atomically(path, text);
}

std::string Store::agent_name(const std::string& email) {
  if (const Agent* a = policy().agent(email); a && !a->name.empty()) return a->name;
  git::Config cfg = git::make<git::Config>("read git's config", git_repository_config_snapshot, impl_->repo.get());
  const char* mail = nullptr;
  const char* name = nullptr;
  if (git_config_get_string(&mail, cfg.get(), "user.email") == 0 && mail && lower(mail) == email &&
      git_config_get_string(&name, cfg.get(), "user.name") == 0 && name)
    return name;
  return email;
}

}  // namespace tier::store
