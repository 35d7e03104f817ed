#pragma once

// RAII over libgit2 (1.5.1). A T** out-parameter is owned by the caller and
// wrapped at once with make(); a pointer returned by a getter is borrowed.

#include <git2.h>

#include <memory>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace tier::git {

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const noexcept { Free(p); }
};
template <class T, void (*Free)(T*)>
using Handle = std::unique_ptr<T, Deleter<T, Free>>;

using Repository = Handle<git_repository, git_repository_free>;
using Commit = Handle<git_commit, git_commit_free>;
using Tree = Handle<git_tree, git_tree_free>;
using TreeEntry = Handle<git_tree_entry, git_tree_entry_free>;
using Blob = Handle<git_blob, git_blob_free>;
using Reference = Handle<git_reference, git_reference_free>;
using Index = Handle<git_index, git_index_free>;
using Signature = Handle<git_signature, git_signature_free>;
using Config = Handle<git_config, git_config_free>;
using Remote = Handle<git_remote, git_remote_free>;
using Object = Handle<git_object, git_object_free>;

/// Throws Error for rc < 0: Conflict for GIT_EMODIFIED/GIT_ELOCKED, Remote for
/// network and authentication errors, else Failure, with libgit2's message.
void check(int rc, std::string_view what);

/// Calls fn(&out, args...) and wraps out in the Handle H.
template <class H, class F, class... A>
H make(std::string_view what, F fn, A&&... args) {
  typename H::pointer out = nullptr;
  check(fn(&out, std::forward<A>(args)...), what);
  return H(out);
}

struct Buf {
  git_buf b = GIT_BUF_INIT;
  Buf() = default;
  Buf(const Buf&) = delete;
  Buf& operator=(const Buf&) = delete;
  ~Buf() { git_buf_dispose(&b); }
  std::string str() const { return b.ptr ? std::string(b.ptr, b.size) : std::string(); }
};

/// Sets up libgit2 for the process: the first call does it, later calls
/// return at once (until a Library ends, after which the next call sets it
/// up again). Every function that opens or creates a repository
/// calls it first, so that a command that reads no store (--version, help,
/// completion scripts) does not pay for it: 2.4 M instructions, 40% of
/// `tier --version` (mbedTLS's entropy pool, libssh2's OpenSSL).
void init();

/// Shuts libgit2 down at the end of its life, if init() set it up; the
/// first line of main.
struct Library {
  Library() = default;
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;
  ~Library();
};

std::string to_hex(const git_oid& oid);

}  // namespace tier::git
