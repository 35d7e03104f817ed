#include "cli/change.hpp"
#include "cli/commands.hpp"
#include "cli/render.hpp"
#include "core/workflow.hpp"

namespace tier::cli {
namespace {

struct AppointArgs {
  std::string id, at, technician, place;
};

int run_appoint(Context& ctx, const AppointArgs& a) {
  const auto at = parse_time(a.at);
  if (!at) throw Error(Exit::Usage, "'" + a.at + "' is not a time", "give an RFC 3339 time, e.g. 2026-11-24T14:00:00Z");
  LogEntry e = simple_entry(Event::Appoint, ctx.agent(), ctx.now());
  e.assignee = resolve_agent(ctx.store().policy(), a.technician);
  e.appointment = Appointment{*at, a.place, e.assignee};
  const Ticket after = change(ctx, ctx.store().resolve(a.id), [&](const Ticket&) { return e; });
  report(ctx, after, "appointment for " + after.id + ": " + short_time(*at) + " at " + a.place + " with " + e.assignee);
  return 0;
}

}  // namespace

void add_appoint(CLI::App& app, Table& table) {
  auto a = std::make_shared<AppointArgs>();
  auto* sub = app.add_subcommand("appoint", "book an in-office appointment; the technician gets the ticket");
  sub->add_option("id", a->id, "ticket id or unique prefix")->required();
  sub->add_option("--at", a->at, "when (RFC 3339, e.g. 2026-11-24T14:00:00Z)")->required();
  sub->add_option("--technician", a->technician, "the agent who goes")->required();
  sub->add_option("--place", a->place, "where")->required();
  table.add(sub, NeedsStore | Writes | PullsFirst, [a](Context& ctx) { return run_appoint(ctx, *a); });
}

}  // namespace tier::cli
