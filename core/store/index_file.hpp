#pragma once

// Updating a few entries of git's index file (.git/index) without reading it
// into libgit2: one pass over the file, the changed entries spliced in, the
// cache tree (TREE extension) invalidated along their directories, one SHA-1.
// libgit2 reads, verifies, parses, re-serializes and hashes the whole file
// for each change, which at 100,000 tickets (a 9.6 MB index) costs about ten
// times more. The format is git's Documentation/gitformat-index.txt.

#include <sys/stat.h>

#include <array>
#include <string>
#include <vector>

namespace tier::store::index_file {

/// One path of the work tree to bring the index in step with.
struct Change {
  std::string path;
  bool present = true;              ///< false: the path is gone, its entry is removed
  std::array<unsigned char, 20> oid{};  ///< the blob (present only)
  struct stat st {};                ///< lstat of the file just written (present only)
};

enum class Outcome {
  Written,      ///< the index now has the changes
  Unsupported,  ///< a form of index this code leaves to libgit2 (version 4, split index,
                ///< sparse, a conflicted path ...); nothing was written
};

/// Applies `changes` (sorted by path as git sorts, unique) to `git_dir`/index
/// of the work tree `work_tree` (ending in '/').
/// Takes `index.lock` as git does, so a git command running meanwhile either
/// waits for this one or makes it wait (up to `wait_ms`, then Exit::Conflict);
/// a lock left behind by a killed tier process is recognized and removed.
/// Other entries keep their bytes, except that an entry written in the same
/// second as the old index ("racily clean") whose file no longer holds its
/// blob loses its size, so git compares its content (as git itself does).
/// Throws Error(Failure) on an I/O error.
Outcome update(const std::string& git_dir, const std::string& work_tree, const std::vector<Change>& changes,
               int wait_ms = 5000);

}  // namespace tier::store::index_file
