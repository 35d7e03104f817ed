#include "core/store/git.hpp"

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

Library::Library() {
  git_libgit2_init();
  // Tickets are written by tier itself: skip re-validating every object it creates.
  git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
  git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}

Library::~Library() { git_libgit2_shutdown(); }

std::string to_hex(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &oid);
  return buf;
}

}  // namespace tier::git
