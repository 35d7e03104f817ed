// libssh2, loaded with dlopen on first use.
//
// libgit2 calls libssh2 only for its SSH transport, which tier never uses
// (fetch and push run the git program). Linked statically, libssh2 brought
// OpenSSL's algorithm and provider tables with it: 340 KB of addresses the
// loader adjusted, page by page, at every start of every command and hook.
// These functions take the place of the library's for libgit2, which is
// linked statically: each loads libssh2.so.1 the first time it is called and
// calls the library's own, so nothing changes for a caller but the moment the
// library is loaded. When it cannot be loaded, a session cannot be made
// (libssh2_session_init_ex() gives NULL, and libgit2 reports it), and the
// other functions, which need a session or what one made, fail with
// LIBSSH2_ERROR_INVAL.
//
// libssh2_init() loads nothing: libgit2 calls it at start, and libssh2 sets
// itself up when its first session is made. libssh2_exit() calls the
// library's only when it was loaded. The declarations are <libssh2.h>'s,
// which checks every one below.

#include <atomic>
#include <mutex>

#include <libssh2.h>

#include "core/store/dl.hpp"

namespace {

std::atomic<void*> loaded{nullptr};

void* library() {
  static std::once_flag once;
  std::call_once(once, [] { loaded = dlopen("libssh2.so.1", RTLD_NOW | RTLD_LOCAL); });
  return loaded;
}

}  // namespace

extern "C" {

int libssh2_init(int) { return 0; }

void libssh2_exit(void) {
  if (void* h = loaded.load())
    if (auto* fn = tier::store::library_function(h, "libssh2_exit", &libssh2_exit)) fn();
}

// Each stand-in: the library's function called with the same arguments.
#define TIER_SSH2_FORWARD(type, name, params, args, failure)           \
  type name params {                                                   \
    auto* fn = tier::store::library_function(library(), #name, &name); \
    return fn ? fn args : failure;                                     \
  }
#define TIER_SSH2_FORWARD_VOID(name, params, args)                                  \
  void name params {                                                                \
    if (auto* fn = tier::store::library_function(library(), #name, &name)) fn args; \
  }

TIER_SSH2_FORWARD(LIBSSH2_SESSION*, libssh2_session_init_ex,
                  (LIBSSH2_ALLOC_FUNC((*my_alloc)), LIBSSH2_FREE_FUNC((*my_free)),
                   LIBSSH2_REALLOC_FUNC((*my_realloc)), void* abstract),
                  (my_alloc, my_free, my_realloc, abstract), nullptr)
TIER_SSH2_FORWARD(void**, libssh2_session_abstract, (LIBSSH2_SESSION * session), (session), nullptr)
TIER_SSH2_FORWARD(int, libssh2_session_handshake, (LIBSSH2_SESSION * session, libssh2_socket_t sock),
                  (session, sock), LIBSSH2_ERROR_INVAL)
TIER_SSH2_FORWARD(int, libssh2_session_disconnect_ex,
                  (LIBSSH2_SESSION * session, int reason, const char* description, const char* lang),
                  (session, reason, description, lang), LIBSSH2_ERROR_INVAL)
TIER_SSH2_FORWARD(int, libssh2_session_free, (LIBSSH2_SESSION * session), (session), LIBSSH2_ERROR_INVAL)
TIER_SSH2_FORWARD(const char*, libssh2_session_hostkey, (LIBSSH2_SESSION * session, size_t* len, int* type),
                  (session, len, type), nullptr)
TIER_SSH2_FORWARD(int, libssh2_session_last_error,
                  (LIBSSH2_SESSION * session, char** errmsg, int* errmsg_len, int want_buf),
                  (session, errmsg, errmsg_len, want_buf), LIBSSH2_ERROR_INVAL)
TIER_SSH2_FORWARD(int, libssh2_session_method_pref, (LIBSSH2_SESSION * session, int method_type, const char* prefs),
                  (session, method_type, prefs), LIBSSH2_ERROR_INVAL)
TIER_SSH2_FORWARD_VOID(libssh2_session_set_blocking, (LIBSSH2_SESSION * session, int blocking), (session, blocking))
TIER_SSH2_FORWARD(const char*, libssh2_hostkey_hash, (LIBSSH2_SESSION * session, int hash_type),
                  (session, hash_type), nullptr)

TIER_SSH2_FORWARD(int, libssh2_userauth_authenticated, (LIBSSH2_SESSION * session), (session), 0)
TIER_SSH2_FORWARD(char*, libssh2_userauth_list,
                  (LIBSSH2_SESSION * session, const char* username, unsigned int username_len),
                  (session, username, username_len), nullptr)
TIER_SSH2_FORWARD(int, libssh2_userauth_keyboard_interactive_ex,
                  (LIBSSH2_SESSION * session, const char* username, unsigned int username_len,
                   LIBSSH2_USERAUTH_KBDINT_RESPONSE_FUNC((*response_callback))),
                  (session, username, username_len, response_callback), LIBSSH2_ERROR_INVAL)
TIER_SSH2_FORWARD(int, libssh2_userauth_password_ex,
                  (LIBSSH2_SESSION * session, const char* username, unsigned int username_len, const char* password,
                   unsigned int password_len, LIBSSH2_PASSWD_CHANGEREQ_FUNC((*passwd_change_cb))),
                  (session, username, username_len, password, password_len, passwd_change_cb), LIBSSH2_ERROR_INVAL)
TIER_SSH2_FORWARD(int, libssh2_userauth_publickey,
                  (LIBSSH2_SESSION * session, const char* username, const unsigned char* pubkeydata,
                   size_t pubkeydata_len, LIBSSH2_USERAUTH_PUBLICKEY_SIGN_FUNC((*sign_callback)), void** abstract),
                  (session, username, pubkeydata, pubkeydata_len, sign_callback, abstract), LIBSSH2_ERROR_INVAL)
TIER_SSH2_FORWARD(int, libssh2_userauth_publickey_fromfile_ex,
                  (LIBSSH2_SESSION * session, const char* username, unsigned int username_len, const char* publickey,
                   const char* privatekey, const char* passphrase),
                  (session, username, username_len, publickey, privatekey, passphrase), LIBSSH2_ERROR_INVAL)
TIER_SSH2_FORWARD(int, libssh2_userauth_publickey_frommemory,
                  (LIBSSH2_SESSION * session, const char* username, size_t username_len,
                   const char* publickeyfiledata, size_t publickeyfiledata_len, const char* privatekeyfiledata,
                   size_t privatekeyfiledata_len, const char* passphrase),
                  (session, username, username_len, publickeyfiledata, publickeyfiledata_len, privatekeyfiledata,
                   privatekeyfiledata_len, passphrase),
                  LIBSSH2_ERROR_INVAL)

TIER_SSH2_FORWARD(LIBSSH2_AGENT*, libssh2_agent_init, (LIBSSH2_SESSION * session), (session), nullptr)
TIER_SSH2_FORWARD(int, libssh2_agent_connect, (LIBSSH2_AGENT * agent), (agent), LIBSSH2_ERROR_INVAL)
TIER_SSH2_FORWARD(int, libssh2_agent_disconnect, (LIBSSH2_AGENT * agent), (agent), LIBSSH2_ERROR_INVAL)
TIER_SSH2_FORWARD_VOID(libssh2_agent_free, (LIBSSH2_AGENT * agent), (agent))
TIER_SSH2_FORWARD(int, libssh2_agent_list_identities, (LIBSSH2_AGENT * agent), (agent), LIBSSH2_ERROR_INVAL)
TIER_SSH2_FORWARD(int, libssh2_agent_get_identity,
                  (LIBSSH2_AGENT * agent, struct libssh2_agent_publickey** store,
                   struct libssh2_agent_publickey* prev),
                  (agent, store, prev), LIBSSH2_ERROR_INVAL)
TIER_SSH2_FORWARD(int, libssh2_agent_userauth,
                  (LIBSSH2_AGENT * agent, const char* username, struct libssh2_agent_publickey* identity),
                  (agent, username, identity), LIBSSH2_ERROR_INVAL)

TIER_SSH2_FORWARD(LIBSSH2_CHANNEL*, libssh2_channel_open_ex,
                  (LIBSSH2_SESSION * session, const char* channel_type, unsigned int channel_type_len,
                   unsigned int window_size, unsigned int packet_size, const char* message, unsigned int message_len),
                  (session, channel_type, channel_type_len, window_size, packet_size, message, message_len), nullptr)
TIER_SSH2_FORWARD(int, libssh2_channel_process_startup,
                  (LIBSSH2_CHANNEL * channel, const char* request, unsigned int request_len, const char* message,
                   unsigned int message_len),
                  (channel, request, request_len, message, message_len), LIBSSH2_ERROR_INVAL)
TIER_SSH2_FORWARD(ssize_t, libssh2_channel_read_ex,
                  (LIBSSH2_CHANNEL * channel, int stream_id, char* buf, size_t buflen),
                  (channel, stream_id, buf, buflen), LIBSSH2_ERROR_INVAL)
TIER_SSH2_FORWARD(ssize_t, libssh2_channel_write_ex,
                  (LIBSSH2_CHANNEL * channel, int stream_id, const char* buf, size_t buflen),
                  (channel, stream_id, buf, buflen), LIBSSH2_ERROR_INVAL)
TIER_SSH2_FORWARD_VOID(libssh2_channel_set_blocking, (LIBSSH2_CHANNEL * channel, int blocking), (channel, blocking))
TIER_SSH2_FORWARD(int, libssh2_channel_close, (LIBSSH2_CHANNEL * channel), (channel), LIBSSH2_ERROR_INVAL)
TIER_SSH2_FORWARD(int, libssh2_channel_free, (LIBSSH2_CHANNEL * channel), (channel), LIBSSH2_ERROR_INVAL)

TIER_SSH2_FORWARD(LIBSSH2_KNOWNHOSTS*, libssh2_knownhost_init, (LIBSSH2_SESSION * session), (session), nullptr)
TIER_SSH2_FORWARD(int, libssh2_knownhost_readfile, (LIBSSH2_KNOWNHOSTS * hosts, const char* filename, int type),
                  (hosts, filename, type), LIBSSH2_ERROR_INVAL)
TIER_SSH2_FORWARD(int, libssh2_knownhost_checkp,
                  (LIBSSH2_KNOWNHOSTS * hosts, const char* host, int port, const char* key, size_t keylen,
                   int typemask, struct libssh2_knownhost** knownhost),
                  (hosts, host, port, key, keylen, typemask, knownhost), LIBSSH2_KNOWNHOST_CHECK_FAILURE)
TIER_SSH2_FORWARD_VOID(libssh2_knownhost_free, (LIBSSH2_KNOWNHOSTS * hosts), (hosts))

#undef TIER_SSH2_FORWARD
#undef TIER_SSH2_FORWARD_VOID
}
