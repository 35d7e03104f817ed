// What commits and the index change, for the hooks.

#include <map>

#include "core/store/git.hpp"
#include "core/store/store_impl.hpp"

namespace tier::store {
namespace {

bool is_zero(const std::string& id) { return id.empty() || id.find_first_not_of('0') == std::string::npos; }

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

std::vector<Store::CommitChange> Store::commits_between(const std::string& old_id, const std::string& new_id) {
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
  std::vector<CommitChange> out;
  // The config of each commit, read once per version of it (by blob id).
  std::map<std::string, std::optional<std::string>> configs;
  auto config_of = [&](const git_tree* tree) -> std::optional<std::string> {
    if (!tree) return std::nullopt;
    git_tree_entry* found = nullptr;
    if (git_tree_entry_bypath(&found, tree, std::string(config_path).c_str()) != 0) return std::nullopt;
    git::TreeEntry entry(found);
    const std::string key = git::to_hex(*git_tree_entry_id(entry.get()));
    auto it = configs.find(key);
    if (it == configs.end()) it = configs.emplace(key, s.blob_text(tree, std::string(config_path))).first;
    return it->second;
  };
  git_oid oid;
  while (git_revwalk_next(&oid, walk.get()) == 0) {
    auto commit = git::make<git::Commit>("read a commit", git_commit_lookup, s.repo.get(), &oid);
    auto tree = git::make<git::Tree>("read a tree", git_commit_tree, commit.get());
    git::Tree parent_tree;
    if (git_commit_parentcount(commit.get()) > 0) {
      auto parent = git::make<git::Commit>("read a commit", git_commit_parent, commit.get(), 0u);
      parent_tree = git::make<git::Tree>("read a tree", git_commit_tree, parent.get());
    }
    CommitChange c;
    c.id = git::to_hex(oid);
    const git_signature* author = git_commit_author(commit.get());
    c.author_email = author && author->email ? lower(author->email) : "";
    c.merge = git_commit_parentcount(commit.get()) > 1;
    c.config_before = config_of(parent_tree.get());
    c.config_after = config_of(tree.get());
    std::vector<git::Tree> other_trees;
    for (unsigned k = 1; k < git_commit_parentcount(commit.get()); ++k) {
      auto other = git::make<git::Commit>("read a commit", git_commit_parent, commit.get(), k);
      other_trees.push_back(git::make<git::Tree>("read a tree", git_commit_tree, other.get()));
    }
    for (const auto& path : changed_paths(s.repo.get(), parent_tree.get(), tree.get())) {
      FileChange f{path, s.blob_text(parent_tree.get(), path), s.blob_text(tree.get(), path), {}};
      for (const auto& t : other_trees) f.others.push_back(s.blob_text(t.get(), path));
      c.files.push_back(std::move(f));
    }
    out.push_back(std::move(c));
  }
  return out;
}

Store::CommitChange Store::staged() {
  Impl& s = *impl_;
  git::Tree head = s.head_tree();
  auto index = git::make<git::Index>("open the index", git_repository_index, s.repo.get());
  git_diff* raw = nullptr;
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  git::check(git_diff_tree_to_index(&raw, s.repo.get(), head.get(), index.get(), &opts), "compare the index");
  std::unique_ptr<git_diff, void (*)(git_diff*)> diff(raw, git_diff_free);
  CommitChange c;
  c.id = "staged";
  c.config_before = s.blob_text(head.get(), std::string(config_path));
  c.config_after = c.config_before;
  auto staged_text = [&](const git_diff_file& f) -> std::optional<std::string> {
    if (git_oid_is_zero(&f.id)) return std::nullopt;
    auto blob = git::make<git::Blob>("read a staged file", git_blob_lookup, s.repo.get(), &f.id);
    return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())), std::size_t(git_blob_rawsize(blob.get())));
  };
  for (std::size_t i = 0, n = git_diff_num_deltas(diff.get()); i < n; ++i) {
    const git_diff_delta* d = git_diff_get_delta(diff.get(), i);
    const std::string path = d->new_file.path ? d->new_file.path : d->old_file.path;
    FileChange f{path, s.blob_text(head.get(), path), d->status == GIT_DELTA_DELETED ? std::nullopt : staged_text(d->new_file), {}};
    if (path == config_path) c.config_after = f.after;
    c.files.push_back(std::move(f));
  }
  return c;
}

}  // namespace tier::store

namespace tier::store {

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
