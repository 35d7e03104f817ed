#include "cli/change.hpp"
#include "cli/commands.hpp"
#include "core/workflow.hpp"

namespace tier::cli {
namespace {

struct RateArgs {
  std::string id;
  int score = 0;
};

int run_rate(Context& ctx, const RateArgs& a) {
  LogEntry e = simple_entry(Event::Rate, ctx.agent(), ctx.now());
  e.score = a.score;
  const Ticket after = change(ctx, ctx.store().resolve(a.id), [&](const Ticket&) { return e; });
  report(ctx, after, "rated " + after.id + " " + std::to_string(a.score) + "/5");
  return 0;
}

}  // namespace

void add_rate(Cmd app, Table& table) {
  auto a = std::make_shared<RateArgs>();
  auto sub = app.add_subcommand("rate", "record the requester's satisfaction, 1 to 5");
  sub.add_option("id", a->id, "ticket id or unique prefix").required();
  sub.add_option("score", a->score, "1 (poor) to 5 (excellent)").required().range(1, 5);
  table.add(sub, NeedsStore | Writes | PullsFirst, [a](Context& ctx) { return run_rate(ctx, *a); });
}

}  // namespace tier::cli
