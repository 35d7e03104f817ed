#pragma once

#include <functional>
#include <string>

#include "cli/context.hpp"
#include "core/ticket.hpp"
#include "core/workflow.hpp"
#include "hooks/change.hpp"

namespace tier::cli {

/// Makes one entry on one ticket through the one way in
/// (hooks::make_changes): `make` builds the entry from the ticket as it is
/// (again after a lost race), `op` names it in the commit. Returns the
/// ticket after; throws the refusal.
/// `files`: the bytes of the attachments the entry names, in its order.
Ticket change(Context& ctx, const std::string& id, const std::function<LogEntry(const Ticket&)>& make,
              const std::vector<std::string>& files = {});

/// Creates a ticket as the agent (or the requester ingest acts for): rules
/// 1 and 2 and the rest of create's checks apply. `files`: the bytes of
/// request.attachments; `id`: the new ticket's id, else a new random one.
Ticket create_ticket(Context& ctx, const CreateRequest& request, const std::vector<std::string>& files = {},
                     const std::string& id = {});

/// A ticket that does not exist yet, to create from.
Ticket blank_ticket(std::string id);

/// Reports a change: the ticket as JSON with --json, else a one-line notice.
void report(Context& ctx, const Ticket& after, const std::string& notice);

/// Loads the ticket a user named by id or prefix.
Ticket load_named(Context& ctx, const std::string& input);

}  // namespace tier::cli
