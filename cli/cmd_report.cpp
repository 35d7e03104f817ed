#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "cli/commands.hpp"
#include "cli/report.hpp"
#include "core/stats.hpp"
#include "formats/report_html.hpp"

namespace tier::cli {
namespace {

struct ReportArgs {
  std::string html, since, until;
};

constexpr std::int64_t day_ms = 86'400'000;

// Midnight (UTC) of the Monday of the week twelve weeks before this one:
// thirteen whole weeks, this one included.
Time default_since(Time now) {
  const std::int64_t day = now.ms >= 0 ? now.ms / day_ms : (now.ms - day_ms + 1) / day_ms;
  const std::int64_t monday = day - ((day + 3) % 7 + 7) % 7;
  return Time{(monday - 12 * 7) * day_ms};
}

nlohmann::json rows_json(const std::vector<StatsRow>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rows) {
    nlohmann::json j = figures_json(r.figures);
    j["key"] = r.key ? nlohmann::json(*r.key) : nlohmann::json(nullptr);
    out.push_back(std::move(j));
  }
  return out;
}

// The page goes to a temporary file renamed to FILE once it is whole, so a
// failure leaves no half page (and an older report stays as it was).
void write_page(const std::string& path, const std::string& page) {
  if (path == "-") {
    std::fwrite(page.data(), 1, page.size(), stdout);
    return;
  }
  const std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) throw Error(Exit::Failure, "cannot write '" + tmp + "': " + std::strerror(errno));
  const bool failed = std::fwrite(page.data(), 1, page.size(), f) != page.size() || std::fflush(f) != 0;
  const int err = errno;
  std::fclose(f);
  std::error_code ec;
  if (!failed) std::filesystem::rename(tmp, path, ec);
  if (failed || ec) {
    std::remove(tmp.c_str());
    throw Error(Exit::Failure, "cannot write '" + path + "': " + (ec ? ec.message() : std::strerror(err)));
  }
}

int run_report(Context& ctx, const ReportArgs& a) {
  Period period;
  period.since = a.since.empty() ? default_since(ctx.now()) : time_option(ctx, a.since, "--since", Lean::Back);
  if (!a.until.empty()) period.until = time_option(ctx, a.until, "--until", Lean::Back);
  if (period.until && *period.until <= *period.since)
    throw Error(Exit::Usage, "'--until' is not after '--since'", "the report needs a period of some length");

  // One pass over the facts, into the tallies of `tier stats`, `--by week`,
  // `--by category` and `--by org` for the same period.
  store::Store& st = ctx.store();
  const Clocks clocks(st.policy());
  Tally totals(period, By::Nothing, clocks, ctx.now()), weeks(period, By::Week, clocks, ctx.now()),
      categories(period, By::Category, clocks, ctx.now()), organizations(period, By::Organization, clocks, ctx.now());
  std::vector<store::Problem> problems;
  st.each_facts(problems, [&](const Facts& f) {
    const TicketFigures m = clocks.measure(f);
    totals.add(f, m);
    weeks.add(f, m);
    categories.add(f, m);
    organizations.add(f, m);
  });
  for (const auto& p : problems) ctx.out().warn(p.text());

  nlohmann::json names = nlohmann::json::object();
  for (const auto& o : st.policy().organizations) names[o.id] = o.name;
  const nlohmann::json figures = {
      {"title", "Help desk report"},
      {"since", format_time(*period.since)},
      {"until", period.until ? nlohmann::json(format_time(*period.until)) : nlohmann::json(nullptr)},
      {"generated", format_time(ctx.now())},
      {"totals", figures_json(totals.rows().front().figures)},
      {"weeks", rows_json(weeks.rows())},
      {"categories", rows_json(categories.rows())},
      {"organizations", rows_json(organizations.rows())},
      {"organization_names", names},
  };
  write_page(a.html, formats::report_html(figures));
  if (a.html != "-") ctx.out().notice("wrote the report to " + a.html);
  return 0;
}

}  // namespace

void add_report(Cmd app, Table& table) {
  auto a = std::make_shared<ReportArgs>();
  auto sub = app.add_subcommand("report", "write the figures as a page of charts and tables");
  sub.add_option("--html", a->html, "write the page to this file ('-': standard output)").required();
  sub.add_option("--since", a->since, "from this date or time, or this long ago (default: 13 weeks to now)");
  sub.add_option("--until", a->until, "up to, not including, this date or time, or this long ago");
  table.add(sub, NeedsStore, [a](Context& ctx) { return run_report(ctx, *a); });
}

}  // namespace tier::cli
