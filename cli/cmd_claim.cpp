#include "cli/change.hpp"
#include "cli/commands.hpp"
#include "core/workflow.hpp"

namespace tier::cli {
namespace {

int run_claim(Context& ctx, const std::string& id) {
  const Ticket after = change(ctx, ctx.store().resolve(id),
                              [&](const Ticket&) { return simple_entry(Event::Claim, ctx.agent(), ctx.now()); });
  report(ctx, after, "claimed " + after.id + ": " + after.title);
  return 0;
}

}  // namespace

void add_claim(CLI::App& app, Table& table) {
  auto id = std::make_shared<std::string>();
  auto* sub = app.add_subcommand("claim", "take a ticket from your group's queue");
  sub->add_option("id", *id, "ticket id or unique prefix")->required();
  table.add(sub, NeedsStore | Writes | PullsFirst, [id](Context& ctx) { return run_claim(ctx, *id); });
}

}  // namespace tier::cli
