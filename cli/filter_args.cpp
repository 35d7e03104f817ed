#include "cli/filter_args.hpp"

#include "cli/options.hpp"
#include "core/policy.hpp"

namespace tier::cli {

CLI::Option* add_filter_options(CLI::App* sub, FilterArgs& f) {
  auto* status = sub->add_option("--status", f.statuses, "new, open, escalated, pending, resolved or closed (repeatable)")
                     ->check(CLI::IsMember({"new", "open", "escalated", "pending", "resolved", "closed"}));
  sub->add_option("--group", f.filter.group, "in this group's queue");
  auto* assignee = sub->add_option("--assignee", f.filter.assignee, "held by this agent");
  sub->add_flag("--mine", f.mine, "held by me")->excludes(assignee);
  sub->add_option("--owner", f.filter.owner, "owned by this agent");
  sub->add_flag("--unassigned", f.filter.unassigned, "held by nobody");
  sub->add_option("--tier", f.tier, "at this tier")->check(CLI::Range(1, 4));
  sub->add_option("--org", f.filter.organization, "of this organization");
  sub->add_option("--category", f.filter.category, "in this category");
  add_priority_option(sub, f.priority);
  sub->add_option("--tag", f.filter.tag, "with this tag");
  return status;
}

ListFilter to_filter(Context& ctx, const FilterArgs& f) {
  ListFilter out = f.filter;
  for (const auto& s : f.statuses) out.statuses.push_back(*parse_status(s));
  if (!f.priority.empty()) out.priority = parse_priority(f.priority);
  if (f.tier) out.tier = f.tier;
  // Addresses are kept lower-case (tier-ticket(5)); match them as typed in any case.
  out.assignee = lower(out.assignee);
  out.owner = lower(out.owner);
  if (f.mine) out.assignee = ctx.agent();
  return out;
}

void add_limit_option(CLI::App* sub, std::size_t& limit, const std::string& description) {
  sub->add_option("--limit", limit, description)
      ->check(CLI::Validator(
          [](std::string& s) {
            return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos
                       ? std::string()
                       : "'" + s + "' is not a number of tickets";
          },
          ""));
}

}  // namespace tier::cli
