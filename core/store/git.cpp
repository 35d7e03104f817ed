#include "core/store/git.hpp"

#include <atomic>
#include <mutex>

// Debian's libgit2 is built with mbedTLS, and git_libgit2_init() loads the
// system's CA bundle into it: ~140 PEM certificates decoded and parsed, about
// 7 ms, more than the whole of `tier show`. tier never opens a network
// connection through libgit2 (fetch and push run the git program, which has
// its own TLS), so these two functions take the place of mbedTLS's for
// libgit2 and load nothing: libgit2's CA list stays empty. That fails closed:
// were libgit2 ever asked for an https connection, no certificate would
// verify and the connection would be refused, never accepted unchecked.
// libgit2 and mbedTLS are linked statically, and the tier executable is
// linked with --wrap for both names (CMakeLists.txt), which sends libgit2's
// calls here; a program linked without it keeps mbedTLS's own.
extern "C" {
int __wrap_mbedtls_x509_crt_parse_file(void* chain, const char* path);
int __wrap_mbedtls_x509_crt_parse_path(void* chain, const char* path);
int __wrap_mbedtls_x509_crt_parse_file(void*, const char*) { return 0; }
int __wrap_mbedtls_x509_crt_parse_path(void*, const char*) { return 0; }
}

// git_libgit2_init() also sets up libgit2's TLS: mbedTLS's entropy pool
// (HAVEGE, about 1.1 M instructions, a fifth of `tier show`) and its random
// generator, which only an https connection through libgit2 uses. The set-up
// is put off until libgit2 first makes or configures such a connection:
// each of its entry points (streams/mbedtls.h, all called from other files
// of libgit2, so that the linker's --wrap reaches them; CMakeLists.txt) does
// the real set-up first. Nothing else of libgit2 reads what it sets up.
namespace {
std::mutex tls_mutex;
bool tls_ready = false;
}  // namespace

extern "C" {
int __real_git_mbedtls_stream_global_init(void);
int __real_git_mbedtls_stream_new(void** out, const char* host, const char* port);
int __real_git_mbedtls_stream_wrap(void** out, void* in, const char* host);
int __real_git_mbedtls__set_cert_location(const char* file, const char* path);
int __wrap_git_mbedtls_stream_global_init(void);
int __wrap_git_mbedtls_stream_new(void** out, const char* host, const char* port);
int __wrap_git_mbedtls_stream_wrap(void** out, void* in, const char* host);
int __wrap_git_mbedtls__set_cert_location(const char* file, const char* path);
}

namespace {
int set_up_tls() {
  const std::lock_guard<std::mutex> lock(tls_mutex);
  if (tls_ready) return 0;
  const int rc = __real_git_mbedtls_stream_global_init();
  tls_ready = rc == 0;
  return rc;
}
}  // namespace

extern "C" {
int __wrap_git_mbedtls_stream_global_init(void) { return 0; }
int __wrap_git_mbedtls_stream_new(void** out, const char* host, const char* port) {
  const int rc = set_up_tls();
  return rc < 0 ? rc : __real_git_mbedtls_stream_new(out, host, port);
}
int __wrap_git_mbedtls_stream_wrap(void** out, void* in, const char* host) {
  const int rc = set_up_tls();
  return rc < 0 ? rc : __real_git_mbedtls_stream_wrap(out, in, host);
}
int __wrap_git_mbedtls__set_cert_location(const char* file, const char* path) {
  const int rc = set_up_tls();
  return rc < 0 ? rc : __real_git_mbedtls__set_cert_location(file, path);
}
}

namespace tier::git {

void check(int rc, std::string_view what) {
  if (rc >= 0) return;
  const git_error* e = git_error_last();
  std::string msg(what);
  msg += ": ";
  msg += e && e->message ? e->message : "unknown libgit2 error";
  Exit code = Exit::Failure;
  if (rc == GIT_EMODIFIED || rc == GIT_ELOCKED) code = Exit::Conflict;
  else if (rc == GIT_EAUTH || rc == GIT_ECERTIFICATE) code = Exit::Remote;
  else if (e && (e->klass == GIT_ERROR_NET || e->klass == GIT_ERROR_SSH || e->klass == GIT_ERROR_HTTP ||
                 e->klass == GIT_ERROR_SSL))
    code = Exit::Remote;
  throw Error(code, msg);
}

namespace {
std::atomic<bool> initialized{false};
}  // namespace

void init() {
  if (initialized) return;
  git_libgit2_init();
  // Tickets are written by tier itself: skip re-validating every object it creates.
  git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
  git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
  // libgit2 caches no tree over 4 KB; tickets/ (1,024 subtrees, ~30 KB) is
  // read again by every commit a hook or a sync walks.
  git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, std::size_t(1) << 20);
  initialized = true;
}

// Shut down only if started; a later Library (the in-process tests run
// many commands) starts it again.
Library::~Library() {
  if (initialized) git_libgit2_shutdown();
  initialized = false;
  const std::lock_guard<std::mutex> lock(tls_mutex);
  tls_ready = false;  // freed by libgit2's shutdown, if it was set up
}

std::string to_hex(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &oid);
  return buf;
}

}  // namespace tier::git
