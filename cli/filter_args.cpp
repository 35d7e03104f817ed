#include "cli/filter_args.hpp"

#include <algorithm>

#include "core/policy.hpp"

namespace tier::cli {

Opt comma_list(Opt option) { return option.delimiter(',').allow_extra_args(false); }

Opt add_filter_options(Cmd sub, FilterArgs& f) {
  // --status keeps taking values after it (`--status new open`), as it always has.
  auto status = sub.add_option("--status", f.statuses, "new, open, escalated, pending, resolved or closed (repeatable)")
                     .delimiter(',')
                     .one_of({"new", "open", "escalated", "pending", "resolved", "closed"});
  comma_list(sub.add_option("--group", f.filter.groups, "in this group's queue"));
  auto assignee = comma_list(sub.add_option("--assignee", f.assignees, "held by this agent (address or short name)"));
  sub.add_flag("--mine", f.mine, "held by me").excludes(assignee);
  comma_list(sub.add_option("--owner", f.owners, "owned by this agent (address or short name)"));
  sub.add_flag("--unassigned", f.filter.unassigned, "held by nobody");
  comma_list(sub.add_option("--tier", f.tiers, "at this tier")).range(1, 4);
  comma_list(sub.add_option("--org", f.filter.organizations, "of this organization"));
  comma_list(sub.add_option("--category", f.filter.categories, "in this category"));
  comma_list(sub.add_option("--priority", f.priorities, "low, normal, high or urgent"))
      .one_of({"low", "normal", "high", "urgent"});
  comma_list(sub.add_option("--tag", f.filter.tags, "with this tag"));
  return status;
}

namespace {

std::vector<std::string> without_empty(std::vector<std::string> v) {
  v.erase(std::remove(v.begin(), v.end(), std::string()), v.end());
  return v;
}

// Agents as addresses; only a short name needs the config.
std::vector<std::string> filter_agents(Context& ctx, const std::vector<std::string>& named) {
  std::vector<std::string> out;
  for (const auto& a : without_empty(named))
    out.push_back(a.find('@') == std::string::npos ? resolve_agent(ctx.store().policy(), a) : lower(a));
  return out;
}

}  // namespace

ListFilter to_filter(Context& ctx, const FilterArgs& f) {
  ListFilter out = f.filter;
  out.groups = without_empty(out.groups);
  out.organizations = without_empty(out.organizations);
  out.categories = without_empty(out.categories);
  out.tags = without_empty(out.tags);
  for (const auto& s : without_empty(f.statuses)) out.statuses.push_back(*parse_status(s));
  for (const auto& p : without_empty(f.priorities)) out.priorities.push_back(*parse_priority(p));
  out.tiers = f.tiers;
  // Addresses are kept lower-case (tier-ticket(5)); match them as typed in any case.
  out.assignees = filter_agents(ctx, f.assignees);
  out.owners = filter_agents(ctx, f.owners);
  if (f.mine) out.assignees = {ctx.agent()};
  return out;
}

void add_limit_option(Cmd sub, std::size_t& limit, const std::string& description) {
  sub.add_option("--limit", limit, description).check([](const std::string& s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos ? std::string()
                                                                                : "'" + s + "' is not a number of tickets";
  });
}

}  // namespace tier::cli
