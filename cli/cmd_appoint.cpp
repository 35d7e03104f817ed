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
  const Time at = time_option(ctx, a.at, "--at", Lean::Ahead);
  LogEntry e = simple_entry(Event::Appoint, ctx.agent(), ctx.now());
  e.assignee = resolve_agent(ctx.store().policy(), a.technician);
  e.appointment = Appointment{at, a.place, e.assignee};
  const Ticket after = change(ctx, ctx.store().resolve(a.id), [&](const Ticket&) { return e; });
  report(ctx, after,
         "appointment for " + after.id + ": " + short_time(at, ctx.zone()) + " at " + a.place + " with " + e.assignee);
  return 0;
}

}  // namespace

void add_appoint(Cmd app, Table& table) {
  auto a = std::make_shared<AppointArgs>();
  auto sub = app.add_subcommand("appoint", "book an in-office appointment; the technician gets the ticket");
  sub.add_option("id", a->id, "ticket id or unique prefix").required();
  sub.add_option("--at", a->at, "when: 2026-12-04 10:00 (local time), tomorrow 10:00, monday 9:00, 2h or RFC 3339")
      .required();
  sub.add_option("--technician", a->technician, "the agent who goes").required();
  sub.add_option("--place", a->place, "where").required();
  table.add(sub, NeedsStore | Writes | PullsFirst, [a](Context& ctx) { return run_appoint(ctx, *a); });
}

}  // namespace tier::cli
