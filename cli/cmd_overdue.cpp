#include <algorithm>
#include <unordered_map>

#include "cli/commands.hpp"
#include "cli/overdue.hpp"
#include "cli/render.hpp"
#include "cli/report.hpp"
#include "core/policy.hpp"
#include "hooks/notify.hpp"

namespace tier::cli {

std::vector<Overdue> find_overdue(Context& ctx, const OverdueFilter& filter) {
  store::Store& st = ctx.store();
  const store::Prefilter pre{{Status::New, Status::Open, Status::Escalated, Status::Pending}, filter.group};
  std::vector<store::Problem> problems, same_problems;
  std::vector<Header> headers = st.headers(same_problems, pre);
  std::vector<Facts> facts = st.facts(problems, pre);  // its problems include the headers'
  for (const auto& p : problems) ctx.out().warn(p.text());

  std::unordered_map<std::string, const Facts*> by_id;
  by_id.reserve(facts.size());
  for (const Facts& f : facts) by_id.emplace(f.id, &f);
  const Clocks clocks(st.policy());
  std::vector<Overdue> out;
  for (Header& h : headers) {
    if (!filter.assignee.empty() && h.assignee != filter.assignee) continue;
    auto it = by_id.find(h.id);
    if (it == by_id.end()) continue;
    for (Breach& b : breaches(h, *it->second, clocks, ctx.now())) out.push_back(Overdue{h, std::move(b)});
  }
  std::sort(out.begin(), out.end(), [](const Overdue& a, const Overdue& b) {
    if (a.breach.due != b.breach.due) return a.breach.due < b.breach.due;
    if (a.breach.id != b.breach.id) return a.breach.id < b.breach.id;
    return a.breach.clock < b.breach.clock;
  });
  return out;
}

namespace {

struct OverdueArgs {
  OverdueFilter filter;
  bool mine = false;
  bool notify = false;
};

// Tells each breach to its group's leads, once: the message's id names the
// ticket, the clock and the time it fell due, and the outbox never sends an
// id twice, however often cron runs this.
void notify_leads(Context& ctx, const std::vector<Overdue>& rows) {
  store::Store& st = ctx.store();
  store::Delivered total;
  for (const auto& [h, b] : rows) {
    const store::Delivered d =
        hooks::deliver_overdue(st, st.load(h.id), to_string(b.clock), b.due, ctx.now());
    total.sent += d.sent;
    total.queued += d.queued;
    total.waiting = d.waiting;
    if (total.error.empty()) total.error = d.error;
  }
  const std::string waiting = hooks::waiting_warning(total);
  if (!waiting.empty()) ctx.out().warn(waiting);
}

int run_overdue(Context& ctx, OverdueArgs a) {
  if (a.mine) a.filter.assignee = ctx.agent();
  const std::vector<Overdue> rows = find_overdue(ctx, a.filter);
  if (a.notify) notify_leads(ctx, rows);
  const Output& out = ctx.out();
  // From cron (-q --notify) the notices are the work: nothing to print.
  if (a.notify && out.quiet() && !out.json()) return 0;
  if (out.json()) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [h, b] : rows)
      list.push_back({{"id", h.id},
                      {"title", h.title},
                      {"status", to_string(h.status)},
                      {"priority", to_string(h.priority)},
                      {"group", h.group},
                      {"assignee", h.assignee},
                      {"clock", to_string(b.clock)},
                      {"due", format_time(b.due)},
                      {"overdue_by", json_number(double(b.overdue_ms) / 1000.0)},
                      {"key", b.key}});
    out.json_value(list);
    return 0;
  }
  if (rows.empty()) return 0;  // nothing at all, for cron
  std::vector<std::vector<std::string>> cells;
  for (const auto& [h, b] : rows)
    cells.push_back({h.id, std::string(to_string(h.priority)), h.group, h.assignee.empty() ? "-" : agent_text(ctx.names_policy(), h.assignee),
                     std::string(to_string(b.clock)), short_time(b.due, ctx.zone()),
                     format_duration(b.overdue_ms / 1000), h.title});
  out.table({"ID", "PRIORITY", "GROUP", "ASSIGNEE", "CLOCK", "DUE", "OVERDUE", "TITLE"}, cells,
            {Style::Plain, Style::Plain, Style::Plain, Style::Plain, Style::Plain, Style::Plain, Style::Red,
             Style::Plain});
  return 0;
}

}  // namespace

void add_overdue(Cmd app, Table& table) {
  auto a = std::make_shared<OverdueArgs>();
  auto sub = app.add_subcommand("overdue", "list the tickets past a service-level time");
  sub.add_option("--group", a->filter.group, "in this group's queue");
  sub.add_flag("--mine", a->mine, "held by me");
  sub.add_flag("--notify", a->notify, "tell each group's leads of each breach, once");
  table.add(sub, NeedsStore, [a](Context& ctx) { return run_overdue(ctx, *a); });
}

}  // namespace tier::cli
