#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/store/store.hpp"
#include "core/ticket.hpp"
#include "core/workflow.hpp"

/// The one way in for every change (tier-hooks(1), LOCAL HOOKS; tier-sync(1)):
/// every command that commits, whether one entry, `close` of many tickets, an
/// import or a mail, goes through make_changes(): both layers of the rules
/// (or, for a whole ticket with its history, the history rules), the clock
/// clamp, the local on-<event> hook, the size of the file, one commit, and
/// with sync.auto the push; a refused push is set aside, never left on the
/// branch.
namespace tier::hooks {

/// Who changes the store, and how the changes are shared.
struct Session {
  store::Store& store;
  std::string agent;     ///< who acts: an agent, or the requester a mail is from
  store::Author author;  ///< the commit's author
  Time now;
  bool sync = false;     ///< push every change (sync.auto, a remote, no --no-sync)
  /// Whether the remote was pulled before the change: unset when not tried,
  /// false when it could not be reached or refused the login.
  std::optional<bool> pulled;
  std::function<void(const std::string&)> warn;  ///< a warning for the person or the cron job
  /// Why the remote refused the login, when it did: a change is then
  /// committed and set aside at once, never left on the branch.
  std::string denied;
};

/// One change to make: an entry on a ticket (`before` blank, with its id,
/// for a new one), or instead a whole ticket with its history (`whole`: an
/// import), which the history rules check entry by entry.
struct Planned {
  Ticket before;
  LogEntry entry;
  std::optional<Ticket> whole;
  /// The bytes of the files entry.attachments names, in its order; each
  /// attachment's id is Store::blob_id() of its bytes.
  std::vector<std::string> files;
};

/// A change made.
struct Made {
  Ticket before;
  Ticket after;
  LogEntry entry;  ///< as made (its time clamped); for a whole ticket, its last entry
  bool whole = false;
  std::vector<std::string> files;  ///< the attached files' bytes
};

/// A planned change refused (with keep_going): its place in the plan, and why.
struct Skipped {
  std::size_t index = 0;
  Refusal refusal;
};

/// Plans the changes on the store as it is: called again after a pull that
/// a lost race needed, so that each entry is made against the fresh state.
using Plan = std::function<std::vector<Planned>(store::Store&)>;

struct Options {
  std::string op;       ///< Tier-Op: close, import, ...; by default the event of the one entry
  std::string subject;  ///< the commit's subject; by default "<op> <id>: <title>"
  bool keep_going = false;  ///< a refused change is skipped (Result::skipped), not the end
  bool dry_run = false;     ///< check everything, commit nothing
};

struct Result {
  std::vector<Made> made;
  std::vector<Skipped> skipped;
  std::string commit;  ///< the commit made; empty when nothing was
};

/// A plan of many changes given one at a time (an import of whole tickets):
/// it calls `take` with each planned change, in order; it is called again
/// after a pull that a lost race needed, so that each change is planned
/// against the fresh state.
using StreamPlan = std::function<void(store::Store&, const std::function<void(Planned&&)>& take)>;

/// What a streamed plan made: the ids of the tickets changed, in plan order,
/// not the tickets themselves.
struct StreamResult {
  std::vector<std::string> made;
  std::vector<Skipped> skipped;
  std::string commit;  ///< the commit made; empty when nothing was
};

/// Plans, checks and commits the changes in one commit, and shares it. A
/// refusal throws it as an Error (exit 5, the rule named; 4 for
/// already-claimed), changing nothing, unless keep_going. With sync, the
/// commit is pushed before success: a lost race takes it back, pulls and
/// plans again (a second claim then fails with exit 4); a push the server
/// refuses, or whose login it refuses, sets the commit aside on
/// refs/tier/refused/<n> and throws Remote (exit 7) naming the rule; only
/// a remote that cannot be reached keeps the commit, with a warning.
/// Notifications go out once the change is shared (notify.where = "client").
Result make_changes(Session& session, const Plan& plan, const Options& options);

/// make_changes() for a streamed plan, without holding its tickets: each
/// change is checked as it comes, exactly as make_changes() checks it (the
/// history rules for a whole ticket, both layers of the rules for an entry,
/// the size, the local hook), and once accepted its file is written to the
/// object database and the ticket let go; after the last change, if none
/// was refused or keep_going is set, one commit takes every file written,
/// shared as make_changes() shares it. Nothing reaches the branch before
/// every change has been checked. Changes that are entries send no
/// notifications here.
StreamResult make_changes(Session& session, const StreamPlan& plan, const Options& options);

/// The loop around one attempt at a change, shared by make_changes() and
/// the knowledge base's changes (hooks/kb.hpp): with sync, pull first;
/// `attempt` checks and commits, returning the commit it made (empty: none,
/// and nothing more is done); the commit is pushed, and after a lost race
/// taken back, the remote pulled and `attempt` called again; a push the
/// server refuses, or whose login it refuses, sets the commit aside on
/// refs/tier/refused/<n> and throws Remote; a remote that cannot be reached
/// keeps the commit, with a warning. `shared` runs once the change is in
/// (notifications).
void commit_and_share(Session& session, const std::function<std::string()>& attempt,
                      const std::function<void()>& shared);

/// With sync on, pulls before anything is read, once; records in
/// session.pulled whether the remote could be reached, and in
/// session.denied why it refused the login.
void pull_first(Session& session);

/// Warns about each entry a pull's merge marked void.
void report_voided(Session& session, const store::Store::Pulled& pulled);

/// Runs the local hook .git/tier/hooks/on-<event> on a change, if there is
/// one: the refusal (rule 'local-hook', with its stderr) when it says no.
std::optional<Refusal> run_local_hook(store::Store& store, const Ticket& before, const Ticket& after,
                                      const LogEntry& entry);

}  // namespace tier::hooks
