#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "cli/args.hpp"

#include "cli/context.hpp"
#include "core/query.hpp"

namespace tier::cli {

/// The ticket filters of list, search and export, as typed. Every option
/// that takes a value takes a comma list too, and may be repeated: any of
/// its values matches.
struct FilterArgs {
  std::vector<std::string> statuses;
  ListFilter filter;  ///< groups, organizations, categories, tags, unassigned as typed
  std::vector<std::string> assignees, owners;  ///< addresses or short names
  std::vector<std::string> priorities;
  bool mine = false;
  std::vector<int> tiers;
};

/// Adds --status, --group, --assignee, --mine, --owner, --unassigned,
/// --tier, --org, --category, --priority and --tag; returns --status.
Opt add_filter_options(Cmd sub, FilterArgs& f);

/// Splits an option's values at commas ("new,open"), and takes one value
/// each time it is given, as a single-valued option does.
Opt comma_list(Opt option);

/// Adds --limit: digits only (a size_t would take "-1" as a huge number).
void add_limit_option(Cmd sub, std::size_t& limit, const std::string& description);

/// The filter the options name: empty values dropped, agents as addresses
/// (resolve_agent(): an unknown short name is Exit::NotFound), --mine the agent.
ListFilter to_filter(Context& ctx, const FilterArgs& f);

}  // namespace tier::cli
