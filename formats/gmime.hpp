#pragma once

#include <gmime/gmime.h>

/// GMime (and the few GLib functions that come with it), loaded with dlopen
/// on first use. Only ingest and notifications read or write mail, so the
/// other commands never load GMime, GLib, GIO and GPGME: tier links none of
/// them, and their headers are used for types alone. Included only by the
/// mail formats (mail_in.cpp, mail_out.cpp).
namespace tier::formats::gmime {

/// The library's file, by its soname: the ABI the headers describe.
inline constexpr const char* library = "libgmime-3.0.so.0";
static_assert(GMIME_MAJOR_VERSION == 3, "the soname above is GMime 3's");

// Every function the mail formats call, each looked up once by name.
#define TIER_GMIME_FUNCTIONS(X)                                                                  \
  X(g_mime_init)                                                                                 \
  X(g_mime_shutdown)                                                                             \
  X(g_free)                                                                                      \
  X(g_object_unref)                                                                              \
  X(g_type_check_instance_is_a)                                                                  \
  X(g_utf8_make_valid)                                                                           \
  X(g_date_time_new_from_unix_utc)                                                               \
  X(g_date_time_to_unix)                                                                         \
  X(g_date_time_unref)                                                                           \
  X(g_mime_content_type_get_mime_type)                                                           \
  X(g_mime_content_type_is_type)                                                                 \
  X(g_mime_data_wrapper_new_with_stream)                                                         \
  X(g_mime_data_wrapper_write_to_stream)                                                         \
  X(g_mime_format_options_free)                                                                  \
  X(g_mime_format_options_new)                                                                   \
  X(g_mime_format_options_set_newline_format)                                                    \
  X(g_mime_message_get_date)                                                                     \
  X(g_mime_message_get_from)                                                                     \
  X(g_mime_message_get_message_id)                                                               \
  X(g_mime_message_get_mime_part)                                                                \
  X(g_mime_message_get_reply_to)                                                                 \
  X(g_mime_message_get_subject)                                                                  \
  X(g_mime_message_get_to)                                                                       \
  X(g_mime_message_new)                                                                          \
  X(g_mime_message_part_get_message)                                                             \
  X(g_mime_message_part_get_type)                                                                \
  X(g_mime_message_set_date)                                                                     \
  X(g_mime_message_set_message_id)                                                               \
  X(g_mime_message_set_mime_part)                                                                \
  X(g_mime_message_set_subject)                                                                  \
  X(g_mime_multipart_add)                                                                        \
  X(g_mime_multipart_encrypted_get_type)                                                         \
  X(g_mime_multipart_get_count)                                                                  \
  X(g_mime_multipart_get_part)                                                                   \
  X(g_mime_multipart_get_type)                                                                   \
  X(g_mime_multipart_new_with_subtype)                                                           \
  X(g_mime_object_get_content_type)                                                              \
  X(g_mime_object_get_header)                                                                    \
  X(g_mime_object_set_header)                                                                    \
  X(g_mime_object_to_string)                                                                     \
  X(g_mime_parser_construct_message)                                                             \
  X(g_mime_parser_new_with_stream)                                                               \
  X(g_mime_parser_options_free)                                                                  \
  X(g_mime_parser_options_new)                                                                   \
  X(g_mime_parser_options_set_warning_callback)                                                  \
  X(g_mime_part_get_content)                                                                     \
  X(g_mime_part_get_filename)                                                                    \
  X(g_mime_part_get_type)                                                                        \
  X(g_mime_part_is_attachment)                                                                   \
  X(g_mime_part_new_with_type)                                                                   \
  X(g_mime_part_set_content)                                                                     \
  X(g_mime_part_set_content_encoding)                                                            \
  X(g_mime_part_set_filename)                                                                    \
  X(g_mime_stream_mem_get_byte_array)                                                            \
  X(g_mime_stream_mem_new)                                                                       \
  X(g_mime_stream_mem_new_with_buffer)                                                           \
  X(g_mime_text_part_get_text)                                                                   \
  X(g_mime_text_part_get_type)                                                                   \
  X(g_mime_text_part_new_with_subtype)                                                           \
  X(g_mime_text_part_set_charset)                                                                \
  X(internet_address_get_name)                                                                   \
  X(internet_address_list_add)                                                                   \
  X(internet_address_list_get_address)                                                           \
  X(internet_address_list_length)                                                                \
  X(internet_address_mailbox_get_addr)                                                           \
  X(internet_address_mailbox_get_type)                                                           \
  X(internet_address_mailbox_new)                                                                \
  X(internet_address_set_charset)

/// The functions, typed as the headers declare them.
struct Api {
#define TIER_GMIME_POINTER(name) decltype(&::name) name = nullptr;
  TIER_GMIME_FUNCTIONS(TIER_GMIME_POINTER)
#undef TIER_GMIME_POINTER
};

/// GMime, loaded and initialised (g_mime_init) on the first call, shut down
/// at exit. Throws Error(Exit::Failure) when the library cannot be loaded.
const Api& api();

/// Loads `file` and looks up every function of Api, without initialising
/// anything. Throws Error(Exit::Failure) naming the file and what is missing.
/// The library stays loaded.
Api load(const char* file);

/// Whether `object` (a GObject, or null) is of `type` or derives from it: the
/// GMIME_IS_* macros, which would call GLib directly.
inline bool is_a(const Api& g, const void* object, GType type) {
  // GObject's instances begin with their GTypeInstance.
  return g.g_type_check_instance_is_a(static_cast<GTypeInstance*>(const_cast<void*>(object)), type) != FALSE;
}

}  // namespace tier::formats::gmime
