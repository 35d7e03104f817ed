#include "core/store/index_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

// OpenSSL's SHA-1 functions, which OpenSSL 3 marks deprecated in favour of
// EVP's: EVP fetches the hash from a provider, which links in every
// provider's tables of algorithms (addresses the loader adjusts at every
// start; core/store/ssh2.cpp); these are the hash alone, the same code
// underneath, and need no set-up of the library.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <set>
#include <string_view>
#include <thread>

#include "core/error.hpp"

namespace tier::store::index_file {

namespace {

constexpr std::size_t hash_size = SHA_DIGEST_LENGTH;
constexpr std::uint32_t mode_gitlink = 0160000;

std::uint32_t get32(const unsigned char* p) {
  return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | std::uint32_t(p[3]);
}

std::uint16_t get16(const unsigned char* p) { return std::uint16_t(p[0] << 8 | p[1]); }

void put32(std::string& out, std::uint32_t v) {
  const char b[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
  out.append(b, 4);
}

void set32(std::string& out, std::size_t at, std::uint32_t v) {
  out[at] = char(v >> 24);
  out[at + 1] = char(v >> 16);
  out[at + 2] = char(v >> 8);
  out[at + 3] = char(v);
}

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  throw Error(Exit::Failure, "cannot " + what + " '" + path + "': " + std::strerror(errno));
}

// An entry as git's fill_stat_data() and ce_write_entry() make it (version 2
// layout, which versions 3 accepts too): stat data truncated to 32 bits.
std::string entry_bytes(const Change& c) {
  std::string out;
  const std::size_t start = 0;
  put32(out, std::uint32_t(c.st.st_ctim.tv_sec));
  put32(out, std::uint32_t(c.st.st_ctim.tv_nsec));
  put32(out, std::uint32_t(c.st.st_mtim.tv_sec));
  put32(out, std::uint32_t(c.st.st_mtim.tv_nsec));
  put32(out, std::uint32_t(c.st.st_dev));
  put32(out, std::uint32_t(c.st.st_ino));
  put32(out, 0100644);
  put32(out, std::uint32_t(c.st.st_uid));
  put32(out, std::uint32_t(c.st.st_gid));
  put32(out, std::uint32_t(c.st.st_size));
  out.append(reinterpret_cast<const char*>(c.oid.data()), c.oid.size());
  const std::size_t name_len = c.path.size();
  const std::uint16_t flags = std::uint16_t(name_len < 0xfff ? name_len : 0xfff);
  out += char(flags >> 8);
  out += char(flags & 0xff);
  out += c.path;
  // NUL-padded to a multiple of 8 bytes, with at least one NUL.
  const std::size_t len = (62 + name_len + 8) & ~std::size_t(7);
  out.append(start + len - out.size(), '\0');
  return out;
}

// Copies one node of the cache tree and its subtrees, marking invalid (entry
// count -1, no object id) every directory that holds a changed path, as
// git's cache_tree_invalidate_path() does. A node is: path component, NUL,
// entry count, space, subtree count, newline, and the tree's id if the
// count is not negative. False: malformed, or a changed path that is a
// directory here; the caller then drops the extension (git rebuilds it).
bool copy_tree_node(const unsigned char*& p, const unsigned char* end, const std::string& parent, bool root,
                    const std::set<std::string>& dirs, const std::set<std::string>& files, std::string& out,
                    int depth) {
  if (depth > 4096) return false;
  const auto* nul = static_cast<const unsigned char*>(std::memchr(p, 0, std::size_t(end - p)));
  if (!nul) return false;
  const std::string name(reinterpret_cast<const char*>(p), std::size_t(nul - p));
  const std::string full = root ? std::string() : parent.empty() ? name : parent + "/" + name;
  if (!root && files.count(full)) return false;
  p = nul + 1;
  auto number = [&](char stop, long& value) {
    const unsigned char* start = p;
    bool negative = false;
    if (p < end && *p == '-') negative = true, ++p;
    long v = 0;
    while (p < end && *p >= '0' && *p <= '9' && v < 100000000) v = v * 10 + (*p++ - '0');
    if (p >= end || *p != stop || p == start + (negative ? 1 : 0)) return false;
    ++p;
    value = negative ? -v : v;
    return true;
  };
  long count = 0, subtrees = 0;
  if (!number(' ', count) || !number('\n', subtrees) || subtrees < 0) return false;
  const bool valid = count >= 0;
  if (valid && end - p < std::ptrdiff_t(hash_size)) return false;
  const bool invalidate = dirs.count(full) > 0;
  out += name;
  out += '\0';
  out += invalidate ? std::string("-1") : std::to_string(count);
  out += ' ';
  out += std::to_string(subtrees);
  out += '\n';
  if (valid) {
    if (!invalidate) out.append(reinterpret_cast<const char*>(p), hash_size);
    p += hash_size;
  }
  for (long i = 0; i < subtrees; ++i)
    if (!copy_tree_node(p, end, full, false, dirs, files, out, depth + 1)) return false;
  return true;
}

// The new index as a list of byte ranges: most of it is runs of the old
// file (mapped, never copied in this process), the rest small pieces made
// here (new entries, a smudged entry, the header, the cache tree).
struct Output {
  std::vector<std::pair<const char*, std::size_t>> parts;
  std::deque<std::string> made;
  std::size_t size = 0;

  void ref(const char* p, std::size_t n) {
    if (!parts.empty() && parts.back().first + parts.back().second == p) parts.back().second += n;
    else parts.emplace_back(p, n);
    size += n;
  }
  void add(std::string bytes) {
    made.push_back(std::move(bytes));
    parts.emplace_back(made.back().data(), made.back().size());
    size += made.back().size();
  }
};

// Whether the file at `path` holds, byte for byte, the blob `oid` (git's
// "blob <size>\0" object hash). False also when it cannot be read, or when
// the entry is not a regular file: the caller then smudges, which is safe.
bool holds_blob(const std::string& path, std::uint32_t mode, const unsigned char* oid) {
  if ((mode & 0170000) != 0100000) return false;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return false;
  std::string content;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    content.append(buf, std::size_t(n));
  }
  ::close(fd);
  const std::string header = "blob " + std::to_string(content.size()) + std::string(1, '\0');
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA_CTX ctx;
  if (SHA1_Init(&ctx) != 1 || SHA1_Update(&ctx, header.data(), header.size()) != 1 ||
      SHA1_Update(&ctx, content.data(), content.size()) != 1 || SHA1_Final(digest, &ctx) != 1)
    return false;
  return std::memcmp(digest, oid, hash_size) == 0;
}

// The new index, without its trailing hash; false when this code does not
// handle the one read.
bool rewrite(std::string_view in, const struct stat& old, const std::vector<Change>& changes,
             const std::string& work_tree, Output& out) {
  const auto* data = reinterpret_cast<const unsigned char*>(in.data());
  const std::size_t size = in.size();
  if (size < 12 + hash_size || std::memcmp(data, "DIRC", 4) != 0) return false;
  const std::uint32_t version = get32(data + 4);
  // Version 4 compresses each path against the previous one: left to libgit2.
  if (version != 2 && version != 3) return false;
  const std::uint32_t entries = get32(data + 8);
  const std::size_t body_end = size - hash_size;

  out.add(std::string(in.substr(0, 12)));  // its entry count is set at the end
  std::uint32_t count = 0;
  std::size_t next = 0;  // the next change to place
  // Git's racy-git rule, with whole seconds as a git built without USE_NSEC
  // compares them: an entry written in the same second as the old index (or
  // later) may have changed since without its stat data showing it. Once the
  // index is newer that would go unnoticed, so such an entry whose file no
  // longer holds its blob loses its size (git's ce_smudge_racily_clean_entry())
  // and git compares its content.
  const std::uint32_t racy_from = std::uint32_t(old.st_mtim.tv_sec);

  std::size_t pos = 12;
  for (std::uint32_t i = 0; i < entries; ++i) {
    if (pos + 62 > body_end) return false;
    const unsigned char* e = data + pos;
    const std::uint16_t flags = get16(e + 60);
    const bool extended = flags & 0x4000;
    if (extended && version < 3) return false;
    const std::size_t fixed = extended ? 64 : 62;
    if (pos + fixed > body_end) return false;
    const char* name = reinterpret_cast<const char*>(e + fixed);
    std::size_t name_len = flags & 0xfff;
    if (name_len == 0xfff) {
      const void* nul = std::memchr(name, 0, body_end - pos - fixed);
      if (!nul) return false;
      name_len = std::size_t(static_cast<const char*>(nul) - name);
    }
    const std::size_t len = (fixed + name_len + 8) & ~std::size_t(7);
    if (pos + len > body_end || name[name_len] != '\0') return false;
    const std::string_view path(name, name_len);

    while (next < changes.size() && std::string_view(changes[next].path) < path) {
      if (changes[next].present) out.add(entry_bytes(changes[next])), ++count;
      ++next;
    }
    if (next < changes.size() && std::string_view(changes[next].path) == path) {
      // A conflicted path (stages 1 to 3), or one marked skip-worktree or
      // intent-to-add (the extended flags): libgit2 knows what to do.
      if ((flags & 0x3000) != 0 || extended) return false;
      if (changes[next].present) out.add(entry_bytes(changes[next])), ++count;
      ++next;
    } else {
      ++count;
      const std::uint32_t mode = get32(e + 24);
      if (mode != mode_gitlink && get32(e + 8) >= racy_from && !holds_blob(work_tree + std::string(path), mode, e + 40)) {
        std::string smudged(in.substr(pos, len));
        set32(smudged, 36, 0);
        out.add(std::move(smudged));
      } else {
        out.ref(in.data() + pos, len);
      }
    }
    pos += len;
  }
  for (; next < changes.size(); ++next)
    if (changes[next].present) out.add(entry_bytes(changes[next])), ++count;

  std::set<std::string> dirs, files;
  for (const Change& c : changes) {
    files.insert(c.path);
    dirs.insert("");
    for (std::size_t slash = c.path.find('/'); slash != std::string::npos; slash = c.path.find('/', slash + 1))
      dirs.insert(c.path.substr(0, slash));
  }
  while (pos < body_end) {
    if (pos + 8 > body_end) return false;
    const unsigned char* x = data + pos;
    const std::uint32_t ext_size = get32(x + 4);
    if (ext_size > body_end - pos - 8) return false;
    // An extension whose name starts with a capital is optional: a reader
    // that does not know it may ignore it. Others (split index "link",
    // sparse index "sdir") change what the entries mean.
    if (x[0] < 'A' || x[0] > 'Z') return false;
    if (std::memcmp(x, "TREE", 4) == 0) {
      std::string tree;
      const unsigned char* p = x + 8;
      const unsigned char* end = p + ext_size;
      bool ok = true;
      while (ok && p < end) ok = copy_tree_node(p, end, "", true, dirs, files, tree, 0);
      if (ok) {
        std::string ext("TREE", 4);
        put32(ext, std::uint32_t(tree.size()));
        out.add(ext + tree);
      }
    } else if (std::memcmp(x, "REUC", 4) == 0) {
      // What `git checkout -m` needs to recreate a resolved conflict: by
      // path, untouched by a change to other content.
      out.ref(in.data() + pos, 8 + ext_size);
    }
    // Others (the untracked cache, fsmonitor, end-of-entries and offset
    // tables) are caches git rebuilds when they are missing: dropped rather
    // than kept wrong.
    pos += 8 + ext_size;
  }
  set32(out.made.front(), 8, count);
  return true;
}

bool same_file(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino && a.st_size == b.st_size &&
         a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec &&
         a.st_ctim.tv_sec == b.st_ctim.tv_sec && a.st_ctim.tv_nsec == b.st_ctim.tv_nsec;
}

void write_all(int fd, const char* p, std::size_t left, const std::string& path) {
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("write", path);
    p += n;
    left -= std::size_t(n);
  }
}

}  // namespace

Outcome update(const std::string& git_dir, const std::string& work_tree, const std::vector<Change>& changes,
               int wait_ms) {
  const std::string index = git_dir + "index";
  const std::string lock = index + ".lock";
  // The new index is written under a name of tier's own and then linked to
  // index.lock: taking git's lock and filling it are one step, and a lock
  // whose inode is that of tier's file is known to be tier's. The store's
  // lock (held by every caller) means no other tier process is at this
  // point, so such a lock was left by one that was killed: removed here.
  const std::string scratch = git_dir + "tier/index.new";
  struct stat st;
  if (::lstat(scratch.c_str(), &st) == 0) {
    struct stat held;
    if (::lstat(lock.c_str(), &held) == 0 && held.st_dev == st.st_dev && held.st_ino == st.st_ino)
      ::unlink(lock.c_str());
    ::unlink(scratch.c_str());
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
  for (;;) {
    const int in = ::open(index.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) {
      if (errno == ENOENT) return Outcome::Unsupported;
      fail("read", index);
    }
    struct stat old;
    if (::fstat(in, &old) != 0) {
      ::close(in);
      fail("read", index);
    }
    // Mapped, as git maps it: the runs of unchanged entries go from the page
    // cache to the new file without a copy in this process. (git and tier
    // replace the index by rename, never rewrite it in place.)
    const std::size_t size = std::size_t(old.st_size);
    void* mapped = size > 0 ? ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, in, 0) : MAP_FAILED;
    ::close(in);
    if (mapped == MAP_FAILED) return Outcome::Unsupported;  // empty or unmappable: libgit2 decides
    std::unique_ptr<void, std::function<void(void*)>> unmap(mapped, [size](void* p) { ::munmap(p, size); });
    Output next;
    if (!rewrite(std::string_view(static_cast<const char*>(mapped), size), old, changes, work_tree, next))
      return Outcome::Unsupported;

    const int out = ::open(scratch.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out < 0) fail("write", scratch);
    try {
      // Allocating the blocks now spares the rename over the old index an
      // immediate writeback (ext4's auto_da_alloc flushes a file renamed
      // over another whose blocks are still delayed).
      (void)::posix_fallocate(out, 0, off_t(next.size + hash_size));
      SHA_CTX ctx;
      if (SHA1_Init(&ctx) != 1) throw Error(Exit::Failure, "cannot hash the index");
      for (const auto& [p, n] : next.parts) {
        if (SHA1_Update(&ctx, p, n) != 1) throw Error(Exit::Failure, "cannot hash the index");
        write_all(out, p, n, scratch);
      }
      unsigned char digest[SHA_DIGEST_LENGTH];
      if (SHA1_Final(digest, &ctx) != 1) throw Error(Exit::Failure, "cannot hash the index");
      write_all(out, reinterpret_cast<const char*>(digest), hash_size, scratch);
      if (::fchmod(out, old.st_mode & 07777) != 0) fail("write", scratch);
    } catch (...) {
      ::close(out);
      ::unlink(scratch.c_str());
      throw;
    }
    if (::close(out) != 0) {
      ::unlink(scratch.c_str());
      fail("write", scratch);
    }
    if (::link(scratch.c_str(), lock.c_str()) != 0) {
      const int err = errno;
      ::unlink(scratch.c_str());
      if (err != EEXIST) return Outcome::Unsupported;  // no hard links here: libgit2's way
      if (std::chrono::steady_clock::now() >= deadline)
        throw Error(Exit::Conflict, "the change is committed, but the index is locked: '" + lock + "' exists",
                    "another git command is running; when it ends, any tier command brings the work tree in step "
                    "(if none is running, remove the file)");
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    // Locked. A git command that wrote the index between the read and now
    // would be undone by the rename: read it again instead.
    struct stat now;
    if (::stat(index.c_str(), &now) != 0 || !same_file(now, old)) {
      ::unlink(lock.c_str());
      ::unlink(scratch.c_str());
      if (std::chrono::steady_clock::now() >= deadline) return Outcome::Unsupported;
      continue;
    }
    if (::rename(lock.c_str(), index.c_str()) != 0) {
      const int err = errno;
      ::unlink(lock.c_str());
      ::unlink(scratch.c_str());
      errno = err;
      fail("write", index);
    }
    ::unlink(scratch.c_str());
    return Outcome::Written;
  }
}

}  // namespace tier::store::index_file
