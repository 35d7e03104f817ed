#include <optional>

#include "cli/change.hpp"
#include "cli/commands.hpp"
#include "core/metrics.hpp"
#include "core/policy.hpp"
#include "core/query.hpp"
#include "core/workflow.hpp"

namespace tier::cli {
namespace {

struct ClaimArgs {
  std::string id;
  bool next = false;
  bool oldest = false;
};

// The ticket `claim --next` takes: the first of the agent's queues in the
// order of `tier queue` (the least time left), or the oldest.
std::string next_in_queue(Context& ctx, bool oldest) {
  store::Store& st = ctx.store();
  store::HeaderQuery q;
  q.filter.statuses = {Status::New, Status::Escalated};
  q.filter.unassigned = true;
  for (const Group* g : st.policy().groups_of(ctx.agent())) q.filter.groups.push_back(g->id);
  if (q.filter.groups.empty())
    throw Error(Exit::NotFound, "'" + ctx.agent() + "' is in no group", "claim a ticket by its id");
  q.sort = oldest ? "age" : "left";
  q.limit = 1;
  q.fields = store::HeaderQuery::Fields::Id;
  const Clocks clocks(st.policy());
  q.clocks = &clocks;
  q.now = ctx.now();
  std::string id;
  st.each_header(q, {}, [&](const store::ListRow& r) { id = r.header.id; });
  if (id.empty()) throw Error(Exit::NotFound, "nothing to claim in the queues of '" + ctx.agent() + "'");
  return id;
}

int run_claim(Context& ctx, const ClaimArgs& a) {
  if (a.next == !a.id.empty()) throw Error(Exit::Usage, "name a ticket or give --next, not both", "see 'tier claim --help'");
  if (a.oldest && !a.next) throw Error(Exit::Usage, "--oldest goes with --next", "see 'tier claim --help'");
  const std::string id = a.next ? next_in_queue(ctx, a.oldest) : ctx.store().resolve(a.id);
  const Ticket after =
      change(ctx, id, [&](const Ticket&) { return simple_entry(Event::Claim, ctx.agent(), ctx.now()); });
  report(ctx, after, "claimed " + after.id + ": " + after.title);
  // The ticket --next chose, for a script to go on with.
  if (a.next && !ctx.out().json()) ctx.out().line(after.id);
  return 0;
}

}  // namespace

void add_claim(Cmd app, Table& table) {
  auto a = std::make_shared<ClaimArgs>();
  auto sub = app.add_subcommand("claim", "take a ticket from your group's queue");
  sub.add_option("id", a->id, "ticket id or unique prefix");
  sub.add_flag("--next", a->next, "the most urgent ticket of your groups' queues (the least time left)");
  sub.add_flag("--oldest", a->oldest, "with --next: the oldest instead");
  table.add(sub, NeedsStore | Writes | PullsFirst, [a](Context& ctx) { return run_claim(ctx, *a); });
}

}  // namespace tier::cli
