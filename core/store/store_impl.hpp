#pragma once

// The state a Store keeps, shared by the files that implement it.

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <set>
#include <string>

#include "core/policy.hpp"
#include "core/store/git.hpp"
#include "core/store/store.hpp"

namespace tier::store {

inline constexpr std::string_view journal_name = "journal";

/// The paths that differ between two trees.
std::set<std::string> changed_paths(git_repository* repo, const git_tree* from, const git_tree* to);

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Writes a file so that a reader sees the old content or the new, never half.
inline void write_file_atomically(const std::string& path, std::string_view text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  const std::string tmp = path + ".tier-tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(text.data(), std::streamsize(text.size()));
    if (!out) throw Error(Exit::Failure, "cannot write '" + tmp + "'");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    throw Error(Exit::Failure, "cannot write '" + path + "': " + std::strerror(errno));
}

inline git::Signature make_signature(const Author& a) {
  const std::int64_t secs = a.at.ms >= 0 ? a.at.ms / 1000 : (a.at.ms - 999) / 1000;
  return git::make<git::Signature>("make the commit's signature", git_signature_new,
                                   a.name.empty() ? a.email.c_str() : a.name.c_str(), a.email.c_str(),
                                   git_time_t(secs), 0);
}


struct Store::Impl {
  git::Repository repo;
  std::string root;
  std::string git_dir;
  bool bare = false;
  std::optional<Policy> policy;
  int lock_fd = -1;
  Progress progress;

  ~Impl() {
    if (lock_fd >= 0) close(lock_fd);
  }

  std::string tier_dir() const { return git_dir + "tier/"; }

  // The branch HEAD points to, and its commit (null when unborn).
  std::string head_ref() {
    git::Reference head = git::make<git::Reference>("read HEAD", git_reference_lookup, repo.get(), "HEAD");
    if (git_reference_type(head.get()) == GIT_REFERENCE_SYMBOLIC) return git_reference_symbolic_target(head.get());
    return "HEAD";
  }

  std::optional<git_oid> head_oid() {
    git_oid oid;
    const int rc = git_reference_name_to_id(&oid, repo.get(), "HEAD");
    if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) return std::nullopt;
    git::check(rc, "read HEAD");
    return oid;
  }

  git::Tree head_tree() {
    auto oid = head_oid();
    if (!oid) return nullptr;
    auto commit = git::make<git::Commit>("read the branch's commit", git_commit_lookup, repo.get(), &*oid);
    return git::make<git::Tree>("read the branch's tree", git_commit_tree, commit.get());
  }

  // The blob at a path of the branch's tree, or nullopt.
  std::optional<std::string> blob_text(const git_tree* tree, const std::string& path) {
    if (!tree) return std::nullopt;
    git_tree_entry* raw = nullptr;
    const int rc = git_tree_entry_bypath(&raw, tree, path.c_str());
    if (rc == GIT_ENOTFOUND) return std::nullopt;
    git::check(rc, "read '" + path + "'");
    git::TreeEntry entry(raw);
    if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB) return std::nullopt;
    auto blob = git::make<git::Blob>("read '" + path + "'", git_blob_lookup, repo.get(), git_tree_entry_id(entry.get()));
    return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())), std::size_t(git_blob_rawsize(blob.get())));
  }

  // A hand edit not yet committed is never overwritten: Conflict when the
  // work-tree file at `path` differs from the one committed in `base`.
  void keep_hand_edit(const git_tree* base, const std::string& path) {
    if (bare) return;
    const std::string file = root + path;
    git_oid on_disk;
    if (!std::filesystem::exists(file) || git_odb_hashfile(&on_disk, file.c_str(), GIT_OBJECT_BLOB) != 0) return;
    git_tree_entry* raw = nullptr;
    if (git_tree_entry_bypath(&raw, base, path.c_str()) != 0) return;
    git::TreeEntry committed(raw);
    if (!git_oid_equal(&on_disk, git_tree_entry_id(committed.get())))
      throw Error(Exit::Conflict, "'" + path + "' has changes that are not committed",
                  "commit them with git, or discard them with 'git checkout -- " + path + "'");
  }

  // Makes the work-tree file and the index entry of `path` match the branch.
  void follow(git_index* index, const git_tree* tree, const std::string& path) {
    const std::string file = root + path;
    if (auto text = blob_text(tree, path)) {
      write_file_atomically(file, *text);
      git::check(git_index_add_bypath(index, path.c_str()), "update the index for '" + path + "'");
    } else {
      std::remove(file.c_str());
      git_index_remove_bypath(index, path.c_str());
    }
  }

  // Makes the work tree and the index follow the branch's tree `to` at
  // `paths`: by index_file when it can (a few entries of a large index),
  // else by libgit2.
  void follow_all(const std::set<std::string>& paths, const git_tree* to);

  // Moves the branch from `old` to `target` (a compare-and-swap: Conflict if
  // it moved meanwhile); then the work tree and the index follow every path
  // that differs between the two trees. A journal of those paths lets a
  // change killed half-way be finished by the next process.
  void move_branch(const std::string& ref, const git_oid& target, const git_oid& old, const std::string& log_message,
                   const git_tree* from, const git_tree* to);

  // A change killed between moving the branch and updating the work tree
  // left a journal of its paths: make them follow the branch now.
  void finish_interrupted() {
    const std::string journal = tier_dir() + std::string(journal_name);
    if (bare || !std::filesystem::exists(journal)) return;
    std::istringstream lines(read_file(journal));
    std::set<std::string> paths;
    for (std::string path; std::getline(lines, path);)
      if (!path.empty()) paths.insert(path);
    git::Tree tree = head_tree();
    follow_all(paths, tree.get());
    std::remove(journal.c_str());
  }
};


}  // namespace tier::store
