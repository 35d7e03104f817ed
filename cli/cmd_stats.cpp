#include <cmath>

#include <fmt/core.h>

#include "cli/commands.hpp"
#include "cli/report.hpp"
#include "core/stats.hpp"

namespace tier::cli {
namespace {

struct StatsArgs {
  std::string since, until, by;
};

std::string percent(const std::optional<double>& v) {
  return v ? fmt::format("{}%", std::llround(*v * 100)) : "-";
}

std::string duration(const std::optional<double>& seconds) {
  return seconds ? format_duration(std::llround(*seconds)) : "-";
}

std::string decimal(const std::optional<double>& v, int places) {
  return v ? fmt::format("{:.{}f}", *v, places) : "-";
}

std::string rates(const Figures& x, const char* between) {
  std::string out;
  for (const auto& [tier, rate] : x.escalation_rate)
    out += (out.empty() ? "" : between) + fmt::format("tier {} {}%", tier, std::llround(rate * 100));
  return out.empty() ? "-" : out;
}

void print_figures(const Output& out, const Figures& x) {
  const std::vector<std::pair<std::string, std::string>> lines = {
      {"created", std::to_string(x.created)},
      {"resolved", std::to_string(x.resolved)},
      {"handled", std::to_string(x.handled)},
      {"backlog", std::to_string(x.backlog)},
      {"first-contact resolution", percent(x.first_contact_resolution)},
      {"first response, mean", duration(x.first_response_mean)},
      {"first response, median", duration(x.first_response_median)},
      {"resolution, mean", duration(x.resolution_mean)},
      {"resolution, median", duration(x.resolution_median)},
      {"sla compliance", percent(x.sla_compliance)},
      {"reopen rate", percent(x.reopen_rate)},
      {"escalation rate", rates(x, ", ")},
      {"escalated twice", std::to_string(x.escalated_twice)},
      {"hand-backs per ticket", decimal(x.handbacks_per_ticket, 2)},
      {"csat mean", decimal(x.csat_mean, 1)},
      {"csat count", std::to_string(x.csat_count)},
      {"resolved by an article", std::to_string(x.resolved_by_article)},
  };
  for (const auto& [name, value] : lines) out.line(fmt::format("{:<26}{}", name, value));
}

void print_rows(const Output& out, By by, const std::vector<StatsRow>& rows) {
  std::string key_name(to_string(by));
  for (auto& c : key_name) c = char(std::toupper(static_cast<unsigned char>(c)));
  const std::vector<std::string> header = {key_name,      "CREATED",  "RESOLVED",   "HANDLED", "BACKLOG",
                                           "FCR",         "RESP-MEAN", "RESP-MEDIAN", "RES-MEAN", "RES-MEDIAN",
                                           "SLA",         "REOPENED", "TWICE",       "HANDBACKS", "CSAT",
                                           "RATINGS",     "ARTICLE",  "ESCALATION"};
  std::vector<std::vector<std::string>> cells;
  for (const auto& r : rows) {
    const Figures& x = r.figures;
    cells.push_back({r.key.value_or("(none)"), std::to_string(x.created), std::to_string(x.resolved),
                     std::to_string(x.handled), std::to_string(x.backlog), percent(x.first_contact_resolution),
                     duration(x.first_response_mean), duration(x.first_response_median),
                     duration(x.resolution_mean), duration(x.resolution_median), percent(x.sla_compliance),
                     percent(x.reopen_rate), std::to_string(x.escalated_twice), decimal(x.handbacks_per_ticket, 2),
                     decimal(x.csat_mean, 1), std::to_string(x.csat_count), std::to_string(x.resolved_by_article),
                     rates(x, ", ")});
  }
  out.table(header, cells);
}

int run_stats(Context& ctx, const StatsArgs& a) {
  Period period;
  if (!a.since.empty()) period.since = time_option(ctx, a.since, "--since", Lean::Back);
  if (!a.until.empty()) period.until = time_option(ctx, a.until, "--until", Lean::Back);
  const By by = a.by.empty() ? By::Nothing : *parse_by(a.by);

  std::vector<store::Problem> problems;
  const Clocks clocks(ctx.store().policy());
  Tally tally(period, by, clocks, ctx.now());
  ctx.store().each_facts(problems, [&](const Facts& f) { tally.add(f); });
  for (const auto& p : problems) ctx.out().warn(p.text());
  const std::vector<StatsRow> rows = tally.rows();

  const Output& out = ctx.out();
  if (by == By::Nothing) {
    if (out.json())
      out.json_value(figures_json(rows.front().figures));
    else
      print_figures(out, rows.front().figures);
    return 0;
  }
  if (out.json()) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& r : rows) {
      nlohmann::json j = figures_json(r.figures);
      j["key"] = r.key ? nlohmann::json(*r.key) : nlohmann::json(nullptr);
      list.push_back(std::move(j));
    }
    out.json_value({{"by", std::string(to_string(by))}, {"rows", std::move(list)}});
  } else {
    print_rows(out, by, rows);
  }
  return 0;
}

}  // namespace

void add_stats(Cmd app, Table& table) {
  auto a = std::make_shared<StatsArgs>();
  auto sub = app.add_subcommand("stats", "report the help desk's figures for a period");
  sub.add_option("--since", a->since, "from this time (2026-11-01, monday, yesterday 9:00), or this long ago (30d)");
  sub.add_option("--until", a->until, "up to, not including, this date or time, or this long ago");
  sub.add_option("--by", a->by, "a row per group, agent, org, category, month or week")
      .one_of({"group", "agent", "org", "category", "month", "week"});
  table.add(sub, NeedsStore, [a](Context& ctx) { return run_stats(ctx, *a); });
}

}  // namespace tier::cli
