#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/history.hpp"
#include "core/store/outbox.hpp"
#include "core/store/store.hpp"
#include "core/ticket.hpp"
#include "core/time.hpp"

namespace tier::hooks {

/// Renders the notifications of one change (formats::render_change) and
/// delivers them through the store's outbox. A failure to deliver queues
/// the message; only an outbox that cannot be written at all throws.
/// Dated `now`; a public entry's attached files go to the requester.
store::Delivered deliver_change(store::Store& store, const Ticket& before, const Ticket& after,
                                const LogEntry& entry, Time now);

/// What post-receive sends when notify.where is "server": the notifications
/// of every entry the commits add to a ticket's log (not void, not in the
/// log at the commit's first parent), each at the state the log had just
/// before it; Message-IDs already sent are skipped. A ticket file that
/// does not parse is passed over.
store::Delivered deliver_pushed(store::Store& store, const std::vector<history::Commit>& commits, Time now);

/// What `tier overdue --notify` sends: the notice of notify_overdue() to
/// the leads of the ticket's group that its time to `clock` ("respond" or
/// "resolve") ran out at `due`, delivered once for each (ticket, clock,
/// due): its Message-ID is recorded like any other. Sent by whoever runs
/// it, whatever notify.where says. Nothing when the group has no lead.
store::Delivered deliver_overdue(store::Store& store, const Ticket& ticket, std::string_view clock, Time due,
                                 Time now);

/// The polite answer to a refused message (notify.refusal_reply) to
/// `to`, at most once a day for one address: the day's answer is recorded
/// in tier/notify/replied/ under the git directory. Nothing when it was
/// answered in the last 24 hours or no delivery is configured.
store::Delivered deliver_refusal(store::Store& store, const std::string& to, const std::string& name,
                                 const std::string& subject, const std::string& their_id, const std::string& reason,
                                 Time now);

/// The mail to the agent who made `voided`, that a merge marked it void
/// (notify_voided()), sent once: its Message-ID is recorded like any
/// other. Sent by the clone whose pull voided it, whatever notify.where says.
store::Delivered deliver_voided(store::Store& store, const Ticket& ticket, const LogEntry& voided, Time now);

/// The warning for messages that wait in the queue, or "" when none waits.
std::string waiting_warning(const store::Delivered& delivered);

}  // namespace tier::hooks
