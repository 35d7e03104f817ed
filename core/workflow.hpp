#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.hpp"
#include "core/policy.hpp"
#include "core/ticket.hpp"

namespace tier {

/// Stable rule ids, listed with what they check in tier-workflow(7).
namespace rules {
inline constexpr std::string_view employer_email = "employer-email";
inline constexpr std::string_view supported_organization = "supported-organization";
inline constexpr std::string_view unknown_agent = "unknown-agent";
inline constexpr std::string_view unknown_group = "unknown-group";
inline constexpr std::string_view already_claimed = "already-claimed";
inline constexpr std::string_view not_member = "not-member";
inline constexpr std::string_view not_assignee = "not-assignee";
inline constexpr std::string_view not_lead = "not-lead";
inline constexpr std::string_view escalation_template = "escalation-template";
inline constexpr std::string_view escalation_tier = "escalation-tier";
inline constexpr std::string_view subscription = "subscription";
inline constexpr std::string_view route = "route";
inline constexpr std::string_view public_by_owner = "public-by-owner";
inline constexpr std::string_view requester_only = "requester-only";
inline constexpr std::string_view note_required = "note-required";
inline constexpr std::string_view transition = "transition";
inline constexpr std::string_view closed = "closed";
inline constexpr std::string_view valid_values = "valid-values";
// Checked on pushed and committed files (tier check, the git hooks):
inline constexpr std::string_view malformed = "malformed";
inline constexpr std::string_view id_path = "id-path";
inline constexpr std::string_view replay = "replay";
inline constexpr std::string_view append_only = "append-only";
inline constexpr std::string_view no_delete = "no-delete";
inline constexpr std::string_view admin_only = "admin-only";
inline constexpr std::string_view pusher = "pusher";
inline constexpr std::string_view clock_skew = "clock-skew";
inline constexpr std::string_view void_mark = "void";
inline constexpr std::string_view merge = "merge";
inline constexpr std::string_view other_ref = "other-ref";
inline constexpr std::string_view attachment = "attachment";
// Checked on changes to the knowledge base (kb/), by the commands and the hooks:
inline constexpr std::string_view kb_editor = "kb-editor";

/// Every rule id, in tier-workflow(7) order.
const std::vector<std::string_view>& all();
/// The history rules, checked on files and pushes by core/history rather
/// than by authorize(): malformed ... other-ref, attachment, kb-editor.
const std::vector<std::string_view>& file_checks();
}  // namespace rules

/// Why an entry may not be made. `code` is Exit::Refused, or Exit::Conflict
/// for already-claimed, or Exit::NotFound for unknown-group.
struct Refusal {
  std::string rule;
  std::string message;
  Exit code = Exit::Refused;
  std::string hint;
};

using Outcome = std::variant<Ticket, Refusal>;

/// The effect layer: applies one entry using only the ticket's own state
/// (a claim needs an unassigned ticket, a hand-back tier 2 or above). Needs no
/// policy, so history replays the same whatever the config says today. A void
/// entry is carried in the log and has no effect.
Outcome effect(Ticket ticket, const LogEntry& entry);
/// effect() on the ticket itself, which it changes only when it applies:
/// a refusal leaves it as it was. Replay and merge step through long logs
/// with it, copying nothing.
std::optional<Refusal> effect_in_place(Ticket& ticket, const LogEntry& entry);

/// The policy layer: may this agent make this entry under this policy (who
/// may, the template, subscriptions, routes)? Checked when an entry is made,
/// by the command and by the hooks.
std::optional<Refusal> authorize(const Ticket& ticket, const LogEntry& entry, const Policy& policy);

/// The part of authorize() that holds for every entry, a void one too: it is
/// by an agent of the policy, or by the ticket's requester and of a kind a
/// requester may make (requester_entry). Rule 'unknown-agent'.
std::optional<Refusal> authorize_actor(const Ticket& ticket, const LogEntry& entry, const Policy& policy);

/// Whether the entry is written by the ticket's requester and is of a kind a
/// requester may make: create, a public comment, reopen, rate.
bool requester_entry(const Ticket& ticket, const LogEntry& entry);

/// Both layers: the policy checks, then the effect.
Outcome apply(const Ticket& ticket, const LogEntry& entry, const Policy& policy);

/// The ticket of an Outcome, or throws the refusal as an Error.
Ticket require(Outcome outcome);
/// The refusal as an Error: "refused by rule 'R': ..." (exit 5), or the bare
/// message for a conflict or a missing group.
Error to_error(const Refusal& refusal);

/// What the log says beyond the header, for the rules and the reports.
struct Trail {
  std::string owner_group;       ///< the group the ticket was in when its owner took it
  int owner_tier = 0;
  std::string last_handback_by;  ///< the agent who last handed it back
  std::string last_handback_from;  ///< the group it was handed back from
  int last_handback_tier = 0;
  std::string last_assignee;     ///< the last agent who held it
};
Trail trail(const Ticket& ticket);

/// Which events may be made from a status, for messages and completion.
std::vector<Event> allowed_from(Status status);

/// Replays a log from nothing: the header it gives, with the log attached.
Outcome replay(std::string_view id, const std::vector<LogEntry>& log);

/// A problem `tier check` reports on one ticket: a header key that differs
/// from the replay (key set), or a log entry (entry >= 0), or the file as a whole.
struct TicketProblem {
  std::string key;
  int entry = -1;
  std::string message;
};
/// Replays the ticket and compares; also checks the log is in time order.
std::vector<TicketProblem> verify(const Ticket& ticket);

// The entries commands make, with the policy's defaults filled in. The
// result still goes through apply(), which checks it.

/// Whether a media type is "type/subtype" of RFC 6838's characters.
bool valid_media_type(std::string_view type);

struct CreateRequest {
  std::string title, email, name, category, group;
  std::optional<Priority> priority;
  Details details;
  std::vector<std::string> tags;
  std::string text;
  std::string message_id;  ///< tier ingest: the mail's Message-ID; kept when valid_message_id()
  std::vector<Attachment> attachments;  ///< tier ingest: the mail's files
};
LogEntry create_entry(const CreateRequest& request, const Policy& policy, std::string by, Time at);

struct EscalateRequest {
  std::string note, to;
  bool queue = false;
  Details details;
};
LogEntry escalate_entry(const Ticket& ticket, const EscalateRequest& request, const Policy& policy,
                        std::string by, Time at);
LogEntry handback_entry(const Ticket& ticket, std::string note, std::string by, Time at);

/// The fields of the escalation template that the policy requires
/// (escalation_requires) and that neither the ticket nor `given` (the
/// escalation's own options) fills in, in the policy's order: what rule
/// 'escalation-template' refuses.
std::vector<std::string> missing_template(const Policy& policy, const Ticket& ticket, const Details& given = {});
/// An entry with just the event, agent and time set.
LogEntry simple_entry(Event event, std::string by, Time at);

/// The entry a requester's mail reply makes (tier ingest), by the requester:
/// a public comment (which takes a pending ticket back to open), or on a
/// resolved ticket a reopen with the reply as its public note. Refused by
/// rule 'requester-only' unless `from` is the ticket's requester, and by
/// 'note-required' when the reply has no text of its own. apply() still
/// checks the result (a closed ticket stays closed).
std::variant<LogEntry, Refusal> reply_entry(const Ticket& ticket, std::string_view from, std::string text, Time at);

}  // namespace tier
