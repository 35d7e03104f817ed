#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

/// Incoming mail: RFC 5322 (and MIME) messages from requesters, read with
/// GMime for `tier ingest` (tier-ingest(1)). Text in, values out; nothing
/// here touches a store.
namespace tier::formats {

/// A file that came with a message: every part that is not its body (an
/// attachment, an inline screenshot, the HTML half when the text half is the
/// body is not a file), decoded from its transfer encoding.
struct MailFile {
  std::string name;  ///< its file name, one line, without a directory; "attachment-N" when it has none
  std::string type;  ///< its media type, lower-case ("image/png")
  std::string bytes;
};

/// What `tier ingest` needs of one incoming message.
struct MailIn {
  std::string from_name;   ///< the From display name, decoded to UTF-8; may be empty
  std::string from_email;  ///< the From address, lower-case
  std::string subject;     ///< decoded to UTF-8, on one line
  std::string ticket_id;   ///< "T-7k2m9qxa" from "[T-7k2m9qxa]" in the subject, or empty
  std::string message_id;  ///< without the angle brackets; may be empty
  std::optional<Time> date;
  std::string body;        ///< the text as sent, in UTF-8, before strip_reply()
  std::string auto_reply;  ///< the header that marks it machine-sent ("Auto-Submitted: auto-replied"), or empty
  /// The ids of In-Reply-To, then those of References, without the angle
  /// brackets, each once: what the message answers (at most 100).
  std::vector<std::string> references;
  std::vector<MailFile> files;
};

/// Parses one message. `prefix` is the store's id prefix, for ticket_id.
/// The body is the first text/plain part that is not an attachment (so the
/// plain half of multipart/alternative), else the first text/html part with
/// its markup stripped; any charset and transfer encoding is decoded to
/// UTF-8. Files are the other leaf parts (see MailFile), at most 100; an
/// attached message (message/rfc822) is one file, "message-N.eml". Throws
/// Error(Exit::Invalid) for what is not a message, a broken MIME structure,
/// or a missing or unreadable From address.
MailIn parse_mail(std::string_view bytes, std::string_view prefix);

/// The ticket id in a subject: the first "[PREFIX-xxxxxxxx]" (any case),
/// lower-cased, or empty.
std::string subject_ticket_id(std::string_view subject, std::string_view prefix);

/// The new text of a message: without quoted lines ('>'), the attribution
/// line above them ("On ... wrote:"), an Outlook "-----Original Message-----"
/// and everything below it, and the signature (from a "-- " line on);
/// trailing blanks and runs of empty lines are dropped.
std::string strip_reply(std::string_view body);

/// The text of an HTML body: tags dropped, blocks on lines of their own,
/// entities decoded; script, style and blockquote (quoted mail) left out.
std::string html_to_text(std::string_view html);

/// Why a message must not be acted on, to break mail loops: an automatic
/// reply or bulk mail (RFC 3834) as auto_reply says, or mail from the help
/// desk's own address `desk_from` (notify.from, "Name <addr>" or a bare
/// address). Empty when it may be acted on.
std::string loop_reason(const MailIn& mail, std::string_view desk_from);

}  // namespace tier::formats
