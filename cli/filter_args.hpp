#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/context.hpp"
#include "core/query.hpp"

namespace tier::cli {

/// The ticket filters of list, search and export, as typed.
struct FilterArgs {
  std::vector<std::string> statuses;
  ListFilter filter;
  std::string priority;
  bool mine = false;
  int tier = 0;
};

/// Adds --status, --group, --assignee, --mine, --owner, --unassigned,
/// --tier, --org, --category, --priority and --tag; returns --status.
CLI::Option* add_filter_options(CLI::App* sub, FilterArgs& f);

/// Adds --limit: digits only (a size_t would take "-1" as a huge number).
void add_limit_option(CLI::App* sub, std::size_t& limit, const std::string& description);

/// The filter the options name: addresses lower-case, --mine the agent.
ListFilter to_filter(Context& ctx, const FilterArgs& f);

}  // namespace tier::cli
