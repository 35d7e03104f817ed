#pragma once

#include <string>
#include <vector>

#include "cli/context.hpp"
#include "core/metrics.hpp"

namespace tier::cli {

/// A clock past due on a ticket, with the ticket's header (for its group's
/// leads, its assignee, its title).
struct Overdue {
  Header header;
  Breach breach;
};

/// Which tickets `tier overdue` looks at: empty members match everything.
struct OverdueFilter {
  std::string group;     ///< the ticket's current group
  std::string assignee;  ///< held by this agent
};

/// Every clock past due at ctx.now() (core/metrics.hpp breaches()) on the
/// tickets that pass the filter, by due time, then id, respond before
/// resolve. Each breach's key names it once, for a notifier to tell it once.
/// Bad files are warned about on stderr.
std::vector<Overdue> find_overdue(Context& ctx, const OverdueFilter& filter);

}  // namespace tier::cli
