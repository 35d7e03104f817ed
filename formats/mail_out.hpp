#pragma once

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

/// Renders one notice about `ticket` (its state after the entry) as a MIME
/// message built with GMime: From (notify_from()), To (with the agents'
/// names from the directory), Date (the entry's time), Subject
/// "[ID] TITLE" (the creation and the acknowledgement) or "Re: [ID] TITLE",
/// Message-ID (message_id()), In-Reply-To and References (the thread root,
/// except on the root itself), Auto-Submitted: auto-generated,
/// X-Tier-Ticket, and one text/plain; charset=utf-8 body in 7bit, or
/// quoted-printable when it is not all ASCII. A message to the requester
/// says only the id, the title, the requester's name, public text and an
/// appointment's time and place: never a private note, a group, a tier,
/// an agent, the template or the tags (tier-notify(1)). `now` dates an
/// Overdue notice's body. The acknowledgement lists `suggestions`, the
/// knowledge base's articles that may answer the request (title and link).
Mail render_notice(const Notice& notice, const Ticket& ticket, const Policy& policy, Time now,
                   const std::vector<Suggestion>& suggestions = {});

/// notices() rendered: every message one change sends; the suggestions go
/// in the acknowledgement.
std::vector<Mail> render_change(const Ticket& before, const Ticket& after, const LogEntry& entry,
                                const Policy& policy, const std::vector<Suggestion>& suggestions = {});

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
