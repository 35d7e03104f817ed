#pragma once

#include "cli/context.hpp"
#include "core/ticket.hpp"
#include "core/workflow.hpp"

namespace tier::cli {

/// The one path of every change: the rules engine (both layers, against the
/// store's policy), then one commit. Throws the refusal, changing nothing.
/// With sync.auto, the remote is pulled first and the commit pushed before
/// success is reported; a lost race takes the commit back, pulls, and checks
/// the entry again (so a second claim fails with exit 4). Offline, the
/// change stays here and a warning says it is not yet shared.
Ticket change(Context& ctx, const Ticket& before, const LogEntry& entry);

/// With sync.auto, pushes what a command committed by itself (close of
/// many tickets); a lost race pulls (merging) and pushes again.
void share(Context& ctx);

/// Whether changes sync at once: sync.auto, no --no-sync, a known remote.
bool auto_sync(Context& ctx);

/// With sync.auto, a changing command pulls before it reads anything, so it
/// works on the freshest tickets; records in ctx.pulled whether that worked.
void pull_first(Context& ctx);

/// Warns about each entry a pull's merge marked void.
void report_pulled(Context& ctx, const store::Store::Pulled& pulled);

/// Runs the local hook .git/tier/hooks/on-<event> on a change, if there is
/// one; throws Refused (rule 'local-hook') with its stderr when it says no.
/// change() runs it; commands that commit many changes at once call it for each.
void run_local_hook(Context& ctx, const Ticket& before, const Ticket& after, const LogEntry& entry);

/// A ticket that does not exist yet, to create from.
Ticket blank_ticket(std::string id);

/// Creates a ticket as the agent (or the requester ingest acts for) through
/// change(): rules 1 and 2 and the rest of create's checks apply.
Ticket create_ticket(Context& ctx, const CreateRequest& request);

/// Reports a change: the ticket as JSON with --json, else a one-line notice.
void report(Context& ctx, const Ticket& after, const std::string& notice);

/// Loads the ticket a user named by id or prefix.
Ticket load_named(Context& ctx, const std::string& input);

}  // namespace tier::cli
