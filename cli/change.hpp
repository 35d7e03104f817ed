#pragma once

#include "cli/context.hpp"
#include "core/ticket.hpp"

namespace tier::cli {

/// The one path of every change: the rules engine (both layers, against the
/// store's policy), then one commit. Throws the refusal, changing nothing.
Ticket change(Context& ctx, const Ticket& before, const LogEntry& entry);

/// A ticket that does not exist yet, to create from.
Ticket blank_ticket(std::string id);

/// Reports a change: the ticket as JSON with --json, else a one-line notice.
void report(Context& ctx, const Ticket& after, const std::string& notice);

/// Loads the ticket a user named by id or prefix.
Ticket load_named(Context& ctx, const std::string& input);

}  // namespace tier::cli
