#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ticket.hpp"

/// What the requester may see of a ticket (rule 11 of tier-workflow(7)):
/// the one definition that `show --as-requester`, `export --as-requester`,
/// the mail to the requester and the choice of who is told all use.
namespace tier {

/// Whether the requester may see an entry: not void, not private, and one
/// of what the requester is told of (create, comment, resolve, reopen,
/// appoint).
bool requester_may_see(const LogEntry& entry);

/// How the requester sees a status: received, in progress, waiting on you,
/// resolved, closed.
std::string_view requester_status(Status status);

/// The ticket as its requester may see it: no group, tier, agent's
/// assignment, template, tag or private note; the entries they may see that
/// carry text.
struct RequesterView {
  std::string id;
  std::string title;
  Status status = Status::New;
  Time created, updated;
  Requester requester;
  std::optional<Appointment> appointment;  ///< time and place (and who comes)
  std::vector<LogEntry> log;
};
RequesterView requester_view(const Ticket& ticket);

/// What an agent is about to write in $EDITOR: the kind of text ("comment",
/// "escalation note"), who will read it (unsaid when not set), and for an
/// escalation the template fields still missing (missing_template()).
struct NoteTemplate {
  std::string what;
  std::optional<Visibility> visibility;
  std::vector<std::string> missing;
};

/// The lines the editor opens with, under an empty first line: each starts
/// with '#', to be left out of the text. They say whether the text is
/// PUBLIC (sent to the requester) or private (agents only), how to cancel,
/// and for an escalation which template fields are still missing and the
/// options that fill them in.
std::string editor_template(const NoteTemplate& note);

}  // namespace tier
