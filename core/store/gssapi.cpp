// Kerberos' GSSAPI, loaded with dlopen on first use.
//
// libgit2 calls GSSAPI only for HTTP "Negotiate" authentication, which tier
// never asks of it (fetch and push run the git program). Linked as a shared
// library, GSSAPI and the six it needs (krb5, k5crypto, com_err, keyutils,
// krb5support, resolv) were loaded and relocated at every start. These
// functions take the place of the library's for libgit2, which is linked
// statically: each loads libgssapi_krb5.so.2 the first time it is called and
// calls the library's own, so nothing changes for a caller but the moment the
// library is loaded. When it cannot be loaded, each fails as GSSAPI does
// (GSS_S_FAILURE) and libgit2 reports that the authentication failed.
//
// The declarations are MIT Kerberos' <gssapi/gssapi.h> (RFC 2744), whose
// development package tier does not need: every handle is a pointer, and a
// pointer is passed as one whatever it points to.

#include <cstdint>
#include <mutex>

#include "core/store/dl.hpp"

namespace {

using OM_uint32 = std::uint32_t;
constexpr OM_uint32 gss_s_failure = OM_uint32(13) << 16;  // GSS_S_FAILURE

struct OidDesc {  // gss_OID_desc
  OM_uint32 length;
  void* elements;
};

// GSS_C_NT_HOSTBASED_SERVICE, 1.2.840.113554.1.2.1.4 (RFC 2744, 4.1): the
// library's own object once it is loaded, the same value until then.
char hostbased_bytes[] = "\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x04";
OidDesc hostbased{10, hostbased_bytes};

}  // namespace

extern "C" {
void* GSS_C_NT_HOSTBASED_SERVICE = &hostbased;
}

namespace {

void* library() {
  static std::once_flag once;
  static void* handle = nullptr;
  std::call_once(once, [] {
    handle = dlopen("libgssapi_krb5.so.2", RTLD_NOW | RTLD_LOCAL);
    if (handle != nullptr)
      if (auto* oid = static_cast<void**>(dlsym(handle, "GSS_C_NT_HOSTBASED_SERVICE")))
        GSS_C_NT_HOSTBASED_SERVICE = *oid;
  });
  return handle;
}

}  // namespace

extern "C" {

// Each stand-in: the library's function called with the same arguments.
#define TIER_GSS_FORWARD(name, params, args)                           \
  OM_uint32 name params {                                              \
    auto* fn = tier::store::library_function(library(), #name, &name); \
    if (fn == nullptr) {                                               \
      if (minor != nullptr) *minor = 0;                                \
      return gss_s_failure;                                            \
    }                                                                  \
    return fn args;                                                    \
  }

TIER_GSS_FORWARD(gss_delete_sec_context, (OM_uint32 * minor, void** context, void* output_token),
                 (minor, context, output_token))
TIER_GSS_FORWARD(gss_display_status,
                 (OM_uint32 * minor, OM_uint32 status, int status_type, void* mech, OM_uint32* message_context,
                  void* status_string),
                 (minor, status, status_type, mech, message_context, status_string))
TIER_GSS_FORWARD(gss_import_name, (OM_uint32 * minor, void* input_name, void* name_type, void** output_name),
                 (minor, input_name, name_type == &hostbased ? GSS_C_NT_HOSTBASED_SERVICE : name_type, output_name))
TIER_GSS_FORWARD(gss_indicate_mechs, (OM_uint32 * minor, void** mech_set), (minor, mech_set))
TIER_GSS_FORWARD(gss_init_sec_context,
                 (OM_uint32 * minor, void* credential, void** context, void* target, void* mech, OM_uint32 flags,
                  OM_uint32 time_req, void* bindings, void* input_token, void** actual_mech, void* output_token,
                  OM_uint32* ret_flags, OM_uint32* time_rec),
                 (minor, credential, context, target, mech, flags, time_req, bindings, input_token, actual_mech,
                  output_token, ret_flags, time_rec))
TIER_GSS_FORWARD(gss_release_buffer, (OM_uint32 * minor, void* buffer), (minor, buffer))
TIER_GSS_FORWARD(gss_release_name, (OM_uint32 * minor, void** name), (minor, name))
TIER_GSS_FORWARD(gss_release_oid_set, (OM_uint32 * minor, void** set), (minor, set))

#undef TIER_GSS_FORWARD
}
