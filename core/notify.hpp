#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/policy.hpp"
#include "core/ticket.hpp"
#include "core/time.hpp"

namespace tier {

/// Who a notification is for: agents of the help desk, who may read
/// everything, or the ticket's requester, who never reads a private note
/// (tier-notify(1)).
enum class Audience { Agents, Requester };

/// What a notification tells of.
enum class NoticeKind {
  Created,       ///< agents: a new ticket in their group's queue
  Acknowledged,  ///< requester: the ticket exists, and its id
  Claimed,
  Released,
  Assigned,
  Escalated,
  HandedBack,
  Commented,     ///< a comment or a note; to the requester only when public
  Resolved,
  Reopened,
  Appointed,
  Overdue,       ///< agents (the group's leads): a service level is missed
  Voided,        ///< the agent whose entry a merge marked void: it no longer applies
};

std::string_view to_string(NoticeKind kind);
std::string_view to_string(Audience audience);

/// One message to be sent: what it tells of, to whom, and the entry it tells
/// of (for Overdue, an entry made up for it: the time it fell due).
struct Notice {
  NoticeKind kind = NoticeKind::Created;
  Audience audience = Audience::Agents;
  std::vector<std::string> to;  ///< lower-case addresses, each once, in policy order
  LogEntry entry;
  std::string overdue;  ///< Overdue: "respond" or "resolve"
};

/// Who hears of one change: the ticket before and after the entry (before
/// has an empty log for a create). A void entry notifies nobody, and the
/// agent who made the change is never told of it. See tier-notify(1):
/// create: the members and leads of the group it entered, and an
/// acknowledgement to the requester; claim, release: the group; assign: the
/// assigned agent; escalate: the target group, or the agent it goes straight
/// back to; hand-back: the owner; a comment by an agent: the assignee and the
/// owner, and the requester when it is public; a comment by the requester:
/// the assignee (else the owner, else the group); resolve: the requester and
/// the owner and assignee; reopen: the new assignee; appoint: the technician
/// and the requester; close, edit, rate: nobody.
std::vector<Notice> notices(const Ticket& before, const Ticket& after, const LogEntry& entry,
                            const Policy& policy);

/// Whether the requester (address `requester`, any case) is mailed this
/// entry as the desk's reply: a public comment or resolution, or an
/// appointment, by someone other than the requester. notices() sends
/// exactly these; the first of a ticket is its first response (core/metrics.hpp,
/// tier-stats(1)).
bool replies_to_requester(const LogEntry& entry, std::string_view requester);

/// The notice to the leads of the ticket's group that its time to `clock`
/// ("respond" or "resolve") ran out at `due`; nullopt when the group has no
/// lead (or the ticket no group).
std::optional<Notice> notify_overdue(const Ticket& ticket, const Policy& policy, std::string_view clock,
                                     Time due);

/// The notice to the agent who made `voided` that a merge marked it void
/// (their offline claim lost, their comment came after a close): the
/// entry as it is now, with its void_reason; nullopt when its author is
/// not an agent of the policy.
std::optional<Notice> notify_voided(const Ticket& ticket, const LogEntry& voided, const Policy& policy);

/// The From of notifications: notify.from, else "helpdesk@DOMAIN" with the
/// domain of the first admin, else of the first agent, else "localhost".
std::string notify_from(const Policy& policy);
/// The domain of message ids: that of notify_from().
std::string notify_domain(const Policy& policy);

/// The id every message of a ticket refers to: "<T-7k2m9qxa@DOMAIN>"; the
/// agents' message of the ticket's creation has it as its own.
std::string thread_root_id(std::string_view ticket_id, std::string_view domain);
/// A message's own id, stable and unique for ticket, entry and audience:
/// "<T-7k2m9qxa.MS.EVENT.HASH.AUDIENCE@DOMAIN>" (MS the entry's time in
/// milliseconds, HASH 8 hex digits of the entry's agent, targets and text),
/// or the thread root for the agents' creation message. An Overdue notice:
/// "<T-7k2m9qxa.MS.overdue-CLOCK.leads@DOMAIN>", MS the time it fell due;
/// a Voided one "<T-7k2m9qxa.MS.void-EVENT.HASH.agents@DOMAIN>", MS and
/// HASH those of the entry.
std::string message_id(std::string_view ticket_id, const Notice& notice, std::string_view domain);

/// The threading headers of a message, with angle brackets; both empty on
/// the thread root itself.
struct Threading {
  std::string in_reply_to;
  std::string references;  ///< ids separated by a space
};
/// Every message of a ticket refers to its thread root. The acknowledgement
/// of a ticket made from a requester's mail (its create entry has a
/// message_id) answers that mail: In-Reply-To is the mail's id, References
/// the root and the mail's id, so it threads in the requester's mailbox
/// with what they sent and in the agents' with the rest.
Threading threading(std::string_view ticket_id, const Notice& notice, std::string_view domain);

/// Whether a Message-ID (without its angle brackets) can be kept and sent
/// back in a header as it is: 1 to 250 printable ASCII characters, no
/// blank, no '<' or '>'.
bool valid_message_id(std::string_view id);

/// Splits a command line into words as a shell would, without running one:
/// words are separated by blanks; single quotes keep everything, double
/// quotes keep all but \" and \\, a backslash outside quotes keeps the next
/// character. No variables, globs or redirections. nullopt for an
/// unterminated quote or a trailing backslash; an empty vector for blanks.
std::optional<std::vector<std::string>> split_command(std::string_view line);

}  // namespace tier
