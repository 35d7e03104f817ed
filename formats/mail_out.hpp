#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/kb.hpp"
#include "core/notify.hpp"
#include "core/policy.hpp"
#include "core/ticket.hpp"
#include "core/time.hpp"

namespace tier::formats {

/// A rendered notification: an RFC 5322 message, LF line ends.
struct Mail {
  std::string message_id;       ///< with its angle brackets
  std::vector<std::string> to;  ///< the addresses
  std::string text;
};

/// The bytes of an attached file, for the requester's copy of a public
/// entry; nullopt when the store does not have them.
using FileLoader = std::function<std::optional<std::string>(const Attachment&)>;

/// Renders one notice about `ticket` (its state after the entry) as a MIME
/// message built with GMime: From (notify.name, else the name of
/// notify_from(), and its address), Reply-To (the same), To (with the
/// agents' names from the directory), Date (`now`: when it is sent), Subject
/// "[ID] TITLE" (the creation and the acknowledgement) or "Re: [ID] TITLE",
/// Message-ID (message_id()), In-Reply-To and References (the thread root,
/// except on the root itself), Auto-Submitted: auto-generated,
/// X-Tier-Ticket, and one text/plain; charset=utf-8 body in 7bit, or
/// quoted-printable when it is not all ASCII. A message to the requester
/// says only the id, the title, the requester's name, public text and an
/// appointment's time and place: never a private note, a group, a tier,
/// an agent, the template or the tags (tier-notify(1)). Times in the body
/// are in the store's time zone. The files of a public entry (`files`
/// loads them) make the requester's message multipart/mixed; the resolution
/// invites a rating (rating_invitation()). The acknowledgement lists
/// `suggestions`, the knowledge base's articles that may answer the request
/// (title and link).
Mail render_notice(const Notice& notice, const Ticket& ticket, const Policy& policy, Time now,
                   const FileLoader& files = {}, const std::vector<Suggestion>& suggestions = {});

/// notices() rendered: every message one change sends, dated `now` (else
/// the entry's time); the suggestions go in the acknowledgement.
std::vector<Mail> render_change(const Ticket& before, const Ticket& after, const LogEntry& entry,
                                const Policy& policy, const FileLoader& files = {},
                                std::optional<Time> now = std::nullopt,
                                const std::vector<Suggestion>& suggestions = {});

/// The polite answer to a refused message (notify.refusal_reply): to its
/// sender, "Re: SUBJECT", In-Reply-To their Message-ID, Auto-Submitted:
/// auto-replied, saying why in one line.
Mail render_refusal(const Policy& policy, const std::string& to, const std::string& name, const std::string& subject,
                    const std::string& their_id, const std::string& reason, Time now);

/// What the queue listing shows of a message, read back with GMime.
struct MailSummary {
  std::string message_id;  ///< with angle brackets; empty when it has none
  std::vector<std::string> to;
  std::string subject;  ///< decoded
};
MailSummary summarize_mail(std::string_view text);

/// The body of a single-part message, decoded to UTF-8 (for tests and tools).
std::string mail_body(std::string_view text);

/// Whether a From setting is an address, or "Name <address>".
bool valid_mailbox(std::string_view text);

}  // namespace tier::formats
