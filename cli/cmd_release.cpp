#include "cli/change.hpp"
#include "cli/commands.hpp"
#include "core/workflow.hpp"

namespace tier::cli {
namespace {

int run_release(Context& ctx, const std::string& id) {
  const Ticket after = change(ctx, ctx.store().resolve(id),
                              [&](const Ticket&) { return simple_entry(Event::Release, ctx.agent(), ctx.now()); });
  report(ctx, after, "released " + after.id + " to the queue of " + after.group);
  return 0;
}

}  // namespace

void add_release(CLI::App& app, Table& table) {
  auto id = std::make_shared<std::string>();
  auto* sub = app.add_subcommand("release", "put a ticket you hold back in its queue");
  sub->add_option("id", *id, "ticket id or unique prefix")->required();
  table.add(sub, NeedsStore | Writes | PullsFirst, [id](Context& ctx) { return run_release(ctx, *id); });
}

}  // namespace tier::cli
