#include "cli/commands.hpp"
#include "cli/filter_args.hpp"
#include "core/query.hpp"

namespace tier::cli {
namespace {

struct QueueArgs {
  std::vector<std::string> groups;
  std::string sort = "left";
  std::size_t limit = 0;
  std::string format = "table";
};

int run_queue(Context& ctx, const QueueArgs& a) {
  ListFilter f;
  f.statuses = {Status::New, Status::Escalated};
  f.unassigned = true;
  for (const auto& g : a.groups) {
    if (g.empty()) continue;
    if (!ctx.store().policy().group(g)) throw Error(Exit::NotFound, "no such group '" + g + "'");
    f.groups.push_back(g);
  }
  if (f.groups.empty()) {
    for (const Group* g : ctx.store().policy().groups_of(ctx.agent())) f.groups.push_back(g->id);
    if (f.groups.empty())
      throw Error(Exit::NotFound, "'" + ctx.agent() + "' is in no group", "name one with --group");
  }
  return print_listing(ctx, f, a.sort, a.limit, a.format, Layout::Queue);
}

}  // namespace

void add_queue(Cmd app, Table& table) {
  auto a = std::make_shared<QueueArgs>();
  auto sub = app.add_subcommand("queue", "the unassigned tickets of your groups, most urgent first");
  comma_list(sub.add_option("--group", a->groups, "this group's queue instead (a comma list: these groups')"));
  sub.add_option("--sort", a->sort, "left (the default: the service-level time left, least first), age, or a field of"
                                     " tier list --sort; -KEY reverses");
  sub.add_option("--limit", a->limit, "at most N tickets");
  sub.add_option("--format", a->format, "table, json, ndjson, csv or ids")
      .one_of({"table", "json", "ndjson", "csv", "ids"});
  table.add(sub, NeedsStore, [a](Context& ctx) { return run_queue(ctx, *a); });
}

}  // namespace tier::cli
