// What commits and the index change, read for the history rules (core/history).

#include <git2/odb.h>

#include <functional>
#include <map>

#include "core/store/git.hpp"
#include "core/store/store_impl.hpp"
#include "formats/config_toml.hpp"
#include "formats/tree_file.hpp"

namespace tier::store {
namespace {

bool is_zero(const std::string& id) { return id.empty() || id.find_first_not_of('0') == std::string::npos; }

history::Kind kind_of(git_filemode_t mode) {
  switch (mode) {
    case GIT_FILEMODE_BLOB_EXECUTABLE: return history::Kind::Executable;
    case GIT_FILEMODE_LINK: return history::Kind::Symlink;
    case GIT_FILEMODE_COMMIT: return history::Kind::Submodule;
    default: return history::Kind::File;
  }
}

// Reads versions of files, each blob once, and configs, each once.
class Reader {
 public:
  Reader(git_repository* repo, std::size_t max_read) : repo_(repo), max_read_(max_read) {}

  // The blob `oid` of mode `mode` at `path`, read when it is at most max_read bytes.
  history::Version blob(const std::string& path, const git_oid& oid, git_filemode_t mode) {
    const history::Kind kind = kind_of(mode);
    const std::string id = git::to_hex(oid);
    if (kind == history::Kind::Submodule) return formats::read_version(path, kind, id, 0, nullptr);
    std::size_t size = 0;
    git_odb* odb = nullptr;
    git::check(git_repository_odb(&odb, repo_), "open the object database");
    std::unique_ptr<git_odb, void (*)(git_odb*)> owned(odb, git_odb_free);
    std::size_t len = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    git::check(git_odb_read_header(&len, &type, odb, &oid), "read '" + path + "'");
    size = len;
    // An attachment's bytes are never needed: its size and id are its checks.
    if (size > max_read_ || history::is_attachment_path(path)) return formats::read_version(path, kind, id, size, nullptr);
    auto b = git::make<git::Blob>("read '" + path + "'", git_blob_lookup, repo_, &oid);
    const std::string text(static_cast<const char*>(git_blob_rawcontent(b.get())), std::size_t(git_blob_rawsize(b.get())));
    return formats::read_version(path, kind, id, size, &text);
  }

  // The version at `path` in `tree`, or nullopt where there is no file.
  std::optional<history::Version> at(const git_tree* tree, const std::string& path) {
    if (!tree) return std::nullopt;
    git_tree_entry* raw = nullptr;
    const int rc = git_tree_entry_bypath(&raw, tree, path.c_str());
    if (rc == GIT_ENOTFOUND) return std::nullopt;
    git::check(rc, "read '" + path + "'");
    git::TreeEntry entry(raw);
    if (git_tree_entry_type(entry.get()) == GIT_OBJECT_TREE) return std::nullopt;
    return blob(path, *git_tree_entry_id(entry.get()), git_tree_entry_filemode(entry.get()));
  }

  // The policy of the config in `tree`, parsed once per version of it.
  std::optional<Policy> policy(const git_tree* tree) {
    if (!tree) return std::nullopt;
    git_tree_entry* raw = nullptr;
    if (git_tree_entry_bypath(&raw, tree, std::string(config_path).c_str()) != 0) return std::nullopt;
    git::TreeEntry entry(raw);
    const std::string key = git::to_hex(*git_tree_entry_id(entry.get()));
    auto it = policies_.find(key);
    if (it == policies_.end()) {
      std::optional<Policy> p;
      auto b = git::make<git::Blob>("read the config", git_blob_lookup, repo_, git_tree_entry_id(entry.get()));
      try {
        p = formats::parse_config(
            std::string_view(static_cast<const char*>(git_blob_rawcontent(b.get())), std::size_t(git_blob_rawsize(b.get()))),
            config_path);
      } catch (const Error& e) {
        if (e.code() != Exit::Invalid) throw;
      }
      it = policies_.emplace(key, std::move(p)).first;
    }
    return it->second;
  }

 private:
  git_repository* repo_;
  std::size_t max_read_;
  std::map<std::string, std::optional<Policy>> policies_;
};

// Of the attachments the commit's tickets name, the files its tree holds.
std::set<std::string> attachments_held(const history::Commit& c, const std::function<bool(const std::string&)>& holds) {
  std::set<std::string> out;
  for (const auto& f : c.files) {
    if (!f.after || !f.after->ticket) continue;
    for (const auto& e : f.after->ticket->log)
      for (const auto& a : e.attachments) {
        const std::string path = attachment_path(a.id);
        if (!out.count(path) && holds(path)) out.insert(path);
      }
  }
  return out;
}

}  // namespace

std::unique_ptr<Store> Store::open_from_env() {
  git::init();
  git_repository* raw = nullptr;
  git::check(git_repository_open_ext(&raw, nullptr, GIT_REPOSITORY_OPEN_FROM_ENV, nullptr), "open the repository");
  auto impl = std::make_unique<Impl>();
  impl->repo.reset(raw);
  impl->bare = git_repository_is_bare(raw);
  impl->git_dir = git_repository_path(raw);
  impl->root = impl->bare ? impl->git_dir : git_repository_workdir(raw);
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

std::string Store::branch() { return impl_->head_ref(); }

bool Store::descends(const std::string& descendant, const std::string& ancestor) {
  git_oid a, b;
  if (git_oid_fromstr(&a, descendant.c_str()) != 0 || git_oid_fromstr(&b, ancestor.c_str()) != 0) return false;
  if (git_oid_equal(&a, &b)) return true;
  return git_graph_descendant_of(impl_->repo.get(), &a, &b) == 1;
}

std::optional<Policy> Store::policy_at(const std::string& commit_id) {
  Impl& s = *impl_;
  git_oid oid;
  if (is_zero(commit_id) || git_oid_fromstr(&oid, commit_id.c_str()) != 0) return std::nullopt;
  git_commit* found = nullptr;
  if (git_commit_lookup(&found, s.repo.get(), &oid) != 0) return std::nullopt;
  git::Commit commit(found);
  auto tree = git::make<git::Tree>("read a tree", git_commit_tree, commit.get());
  return Reader(s.repo.get(), 0).policy(tree.get());
}

std::vector<history::Commit> Store::commits_between(const std::string& old_id, const std::string& new_id,
                                                    std::size_t max_read) {
  Impl& s = *impl_;
  git_revwalk* raw = nullptr;
  git::check(git_revwalk_new(&raw, s.repo.get()), "walk the commits");
  std::unique_ptr<git_revwalk, void (*)(git_revwalk*)> walk(raw, git_revwalk_free);
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
  git_oid new_oid, old_oid;
  git::check(git_oid_fromstr(&new_oid, new_id.c_str()), "read a commit id");
  git::check(git_revwalk_push(walk.get(), &new_oid), "walk the commits");
  bool have_old = false;
  if (!is_zero(old_id) && git_oid_fromstr(&old_oid, old_id.c_str()) == 0) {
    git_commit* found = nullptr;
    have_old = git_commit_lookup(&found, s.repo.get(), &old_oid) == 0;
    git::Commit owned(found);
  }
  if (have_old) {
    git_revwalk_hide(walk.get(), &old_oid);
  } else {
    git_revwalk_hide_glob(walk.get(), "refs/remotes/*");
    git_revwalk_hide_glob(walk.get(), "refs/tier/remote/*");
    if (s.bare) git_revwalk_hide_glob(walk.get(), "refs/heads/*");
  }
  Reader reader(s.repo.get(), max_read);
  std::vector<history::Commit> out;
  git_oid oid;
  while (git_revwalk_next(&oid, walk.get()) == 0) {
    auto commit = git::make<git::Commit>("read a commit", git_commit_lookup, s.repo.get(), &oid);
    auto tree = git::make<git::Tree>("read a tree", git_commit_tree, commit.get());
    history::Commit c;
    c.id = git::to_hex(oid);
    const git_signature* author = git_commit_author(commit.get());
    c.author = author && author->email ? lower(author->email) : "";
    c.parents = git_commit_parentcount(commit.get());
    std::vector<git::Tree> parent_trees;
    for (unsigned k = 0; k < c.parents; ++k) {
      auto parent = git::make<git::Commit>("read a commit", git_commit_parent, commit.get(), k);
      parent_trees.push_back(git::make<git::Tree>("read a tree", git_commit_tree, parent.get()));
    }
    c.policy = reader.policy(parent_trees.empty() ? tree.get() : parent_trees.front().get());
    std::set<std::string> paths;
    if (parent_trees.empty()) paths = changed_paths(s.repo.get(), nullptr, tree.get());
    for (const auto& p : parent_trees) paths.merge(changed_paths(s.repo.get(), p.get(), tree.get()));
    for (const auto& path : paths) {
      history::File f{path, reader.at(tree.get(), path), {}};
      for (const auto& p : parent_trees) f.parents.push_back(reader.at(p.get(), path));
      c.files.push_back(std::move(f));
    }
    c.attachments = attachments_held(c, [&](const std::string& p) {
      git_tree_entry* found = nullptr;
      if (git_tree_entry_bypath(&found, tree.get(), p.c_str()) != 0) return false;
      git::TreeEntry held(found);
      return true;
    });
    out.push_back(std::move(c));
  }
  return out;
}

history::Commit Store::staged(std::size_t max_read) {
  Impl& s = *impl_;
  git::Tree head = s.head_tree();
  auto index = git::make<git::Index>("open the index", git_repository_index, s.repo.get());
  git_diff* raw = nullptr;
  git_diff_options opts;
  git::check(git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION), "set up a diff");
  git::check(git_diff_tree_to_index(&raw, s.repo.get(), head.get(), index.get(), &opts), "compare the index");
  std::unique_ptr<git_diff, void (*)(git_diff*)> diff(raw, git_diff_free);
  Reader reader(s.repo.get(), max_read);
  history::Commit c;
  c.id = "staged";
  c.parents = head ? 1 : 0;
  for (std::size_t i = 0, n = git_diff_num_deltas(diff.get()); i < n; ++i) {
    const git_diff_delta* d = git_diff_get_delta(diff.get(), i);
    const std::string path = d->new_file.path ? d->new_file.path : d->old_file.path;
    history::File f{path, std::nullopt, {}};
    if (d->status != GIT_DELTA_DELETED && !git_oid_is_zero(&d->new_file.id))
      f.after = reader.blob(path, d->new_file.id, git_filemode_t(d->new_file.mode));
    if (head) f.parents.push_back(reader.at(head.get(), path));
    c.files.push_back(std::move(f));
  }
  c.attachments = attachments_held(c, [&](const std::string& p) {
    return git_index_get_bypath(index.get(), p.c_str(), 0) != nullptr;
  });
  c.policy = reader.policy(head.get());
  if (!head) {
    // The first commit brings its own config: it is in the index.
    for (const auto& f : c.files)
      if (f.path == config_path && f.after && f.after->policy) c.policy = f.after->policy;
  }
  return c;
}

}  // namespace tier::store

namespace tier::store {

void Store::set_git_config(const std::string& key, const std::string& value) {
  auto cfg = git::make<git::Config>("read git's config", git_repository_config, impl_->repo.get());
  auto local = git::make<git::Config>("open the repository's git config", git_config_open_level, cfg.get(),
                                      GIT_CONFIG_LEVEL_LOCAL);
  git::check(git_config_set_string(local.get(), key.c_str(), value.c_str()), "set " + key);
}

void Store::ensure_merge_driver(const std::string& tier_program) {
  Impl& s = *impl_;
  if (s.bare) return;
  auto cfg = git::make<git::Config>("read git's config", git_repository_config, s.repo.get());
  const char* value = nullptr;
  auto snapshot = git::make<git::Config>("read git's config", git_config_snapshot, cfg.get());
  if (git_config_get_string(&value, snapshot.get(), "merge.tier.driver") == 0) return;
  git_config* local = nullptr;
  if (git_config_open_level(&local, cfg.get(), GIT_CONFIG_LEVEL_LOCAL) != 0) return;
  git::Config owned(local);
  git_config_set_string(local, "merge.tier.name", "tier ticket merge");
  const std::string driver = "'" + tier_program + "' merge-driver %O %A %B %P";
  git_config_set_string(local, "merge.tier.driver", driver.c_str());
}

}  // namespace tier::store
