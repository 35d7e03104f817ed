// core/store/ssh2.cpp: libssh2, loaded on first use for libgit2.

#include <dlfcn.h>

#include <libssh2.h>

#include "support.hpp"

namespace tier {

TEST_CASE("ssh2: libgit2's set-up loads nothing; its first session loads libssh2 and is the library's") {
  CHECK(libssh2_init(0) == 0);
  CHECK(dlopen("libssh2.so.1", RTLD_NOW | RTLD_NOLOAD) == nullptr);
  LIBSSH2_SESSION* session = libssh2_session_init_ex(nullptr, nullptr, nullptr, nullptr);
  REQUIRE(session != nullptr);
  void* loaded = dlopen("libssh2.so.1", RTLD_NOW | RTLD_NOLOAD);
  CHECK(loaded != nullptr);
  if (loaded) dlclose(loaded);
  // The library's own session: a method preference it refuses is its error.
  CHECK(libssh2_session_method_pref(session, LIBSSH2_METHOD_KEX, "no-such-method") == LIBSSH2_ERROR_METHOD_NOT_SUPPORTED);
  char* message = nullptr;
  CHECK(libssh2_session_last_error(session, &message, nullptr, 0) == LIBSSH2_ERROR_METHOD_NOT_SUPPORTED);
  CHECK(libssh2_userauth_authenticated(session) == 0);
  CHECK(libssh2_session_free(session) == 0);
  libssh2_exit();
}

TEST_CASE("ssh2: every function libgit2 calls is one of the library's") {
  void* library = dlopen("libssh2.so.1", RTLD_NOW | RTLD_LOCAL);
  REQUIRE(library != nullptr);
  for (const char* name :
       {"libssh2_agent_connect", "libssh2_agent_disconnect", "libssh2_agent_free", "libssh2_agent_get_identity",
        "libssh2_agent_init", "libssh2_agent_list_identities", "libssh2_agent_userauth", "libssh2_channel_close",
        "libssh2_channel_free", "libssh2_channel_open_ex", "libssh2_channel_process_startup",
        "libssh2_channel_read_ex", "libssh2_channel_set_blocking", "libssh2_channel_write_ex", "libssh2_exit",
        "libssh2_hostkey_hash", "libssh2_init", "libssh2_knownhost_checkp", "libssh2_knownhost_free",
        "libssh2_knownhost_init", "libssh2_knownhost_readfile", "libssh2_session_abstract",
        "libssh2_session_disconnect_ex", "libssh2_session_free", "libssh2_session_handshake",
        "libssh2_session_hostkey", "libssh2_session_init_ex", "libssh2_session_last_error",
        "libssh2_session_method_pref", "libssh2_session_set_blocking", "libssh2_userauth_authenticated",
        "libssh2_userauth_keyboard_interactive_ex", "libssh2_userauth_list", "libssh2_userauth_password_ex",
        "libssh2_userauth_publickey", "libssh2_userauth_publickey_fromfile_ex",
        "libssh2_userauth_publickey_frommemory"}) {
    CAPTURE(name);
    CHECK(dlsym(library, name) != nullptr);
  }
  dlclose(library);
}

}  // namespace tier
