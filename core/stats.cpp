#include "core/stats.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <numeric>

#include "core/hours.hpp"

namespace tier {
namespace {

constexpr std::int64_t day_ms = 86'400'000;

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// The index of the month or week (UTC) of a time, and back: months count
// from year 0, weeks from the Monday before 1970-01-01 (a Thursday).
std::int64_t index_of(By by, Time t) {
  if (by == By::Month) {
    const Civil c = to_civil(t);
    return std::int64_t(c.year) * 12 + (c.month - 1);
  }
  return floor_div(floor_div(t.ms, day_ms) + 3, 7);
}

Time start_of(By by, std::int64_t index) {
  if (by == By::Month) return from_civil(int(floor_div(index, 12)), unsigned(index - floor_div(index, 12) * 12 + 1), 1);
  return Time{(index * 7 - 3) * day_ms};
}

std::string key_of_index(By by, std::int64_t index) {
  const Civil c = to_civil(start_of(by, index));
  char buf[32];
  if (by == By::Month)
    std::snprintf(buf, sizeof buf, "%04d-%02u", c.year, c.month);
  else
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.year, c.month, c.day);
  return buf;
}

std::optional<std::string> key_of(const Facts& f, By by) {
  auto some = [](const std::string& s) -> std::optional<std::string> {
    if (s.empty()) return std::nullopt;
    return s;
  };
  switch (by) {
    case By::Group: return some(f.intake_group);
    case By::Organization: return some(f.organization);
    case By::Category: return some(f.category);
    default: return std::nullopt;
  }
}

}  // namespace

std::string_view to_string(By by) {
  switch (by) {
    case By::Nothing: return "";
    case By::Group: return "group";
    case By::Agent: return "agent";
    case By::Organization: return "org";
    case By::Category: return "category";
    case By::Month: return "month";
    case By::Week: return "week";
  }
  return "";
}

std::optional<By> parse_by(std::string_view s) {
  for (By by : {By::Group, By::Agent, By::Organization, By::Category, By::Month, By::Week})
    if (to_string(by) == s) return by;
  return std::nullopt;
}

std::optional<double> median(std::vector<std::int64_t>& v) {
  if (v.empty()) return std::nullopt;
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(mid), v.end());
  const std::int64_t upper = v[mid];
  if (v.size() % 2 == 1) return double(upper);
  const std::int64_t lower = *std::max_element(v.begin(), v.begin() + std::ptrdiff_t(mid));
  return (double(lower) + double(upper)) / 2.0;
}

void detail::Accumulator::add_created(const Facts& f, const TicketFigures& m) {
  ++created;
  if (m.first_response_ms) first_response.push_back(*m.first_response_ms);
  if (f.escalations >= 2) ++escalated_twice;
  handbacks += f.handbacks;
  for (int t = 0; t <= max_tier; ++t) {
    const std::uint32_t bit = std::uint32_t{1} << t;
    if (f.tiers_reached & bit) ++reached[std::size_t(t)];
    if (f.escalated_from & bit) ++escalated[std::size_t(t)];
  }
}

void detail::Accumulator::add_resolved(const Facts& f, const TicketFigures& m) {
  ++resolved;
  if (f.first_contact) ++first_contact;
  if (!f.resolved_article.empty()) ++by_article;
  if (m.resolution_ms) resolution.push_back(*m.resolution_ms);
  if (m.sla_met) {
    ++sla_measured;
    if (*m.sla_met) ++sla_met;
  }
}

void detail::Accumulator::add_first_resolved(const Facts& f) {
  ++first_resolved;
  if (f.reopens > 0) ++reopened;
}

void detail::Accumulator::add_rated(const Facts& f) {
  csat_sum += *f.csat;
  ++csat_count;
}

Figures detail::Accumulator::figures() {
  auto ratio = [](double part, std::int64_t whole) -> std::optional<double> {
    if (whole == 0) return std::nullopt;
    return part / double(whole);
  };
  auto seconds = [](std::optional<double> ms) -> std::optional<double> {
    if (!ms) return std::nullopt;
    return *ms / 1000.0;
  };
  auto mean = [&](const std::vector<std::int64_t>& v) {
    return ratio(double(std::accumulate(v.begin(), v.end(), std::int64_t{0})), std::int64_t(v.size()));
  };
  Figures out;
  out.created = created;
  out.resolved = resolved;
  out.handled = handled;
  out.backlog = backlog;
  out.first_contact_resolution = ratio(double(first_contact), resolved);
  out.first_response_mean = seconds(mean(first_response));
  out.first_response_median = seconds(median(first_response));
  out.resolution_mean = seconds(mean(resolution));
  out.resolution_median = seconds(median(resolution));
  out.sla_compliance = ratio(double(sla_met), sla_measured);
  out.reopen_rate = ratio(double(reopened), first_resolved);
  for (int t = 0; t <= max_tier; ++t)
    if (reached[std::size_t(t)] > 0)
      out.escalation_rate[t] = double(escalated[std::size_t(t)]) / double(reached[std::size_t(t)]);
  out.escalated_twice = escalated_twice;
  out.handbacks_per_ticket = ratio(double(handbacks), created);
  out.csat_mean = ratio(double(csat_sum), csat_count);
  out.csat_count = csat_count;
  out.resolved_by_article = by_article;
  return out;
}

// Without `until`, the backlog is that of now, what happened at now included.
Tally::Tally(Period period, By by, const Clocks& clocks, Time now)
    : period_(period), by_(by), clocks_(clocks), now_(now), end_(period.until.value_or(Time{now.ms + 1})) {}

void Tally::add(const Facts& f, const TicketFigures& m) {
  if (by_time())
    add_timed(f, m);
  else
    add_keyed(f, m);
}

void Tally::add_keyed(const Facts& f, const TicketFigures& m) {
  const bool created = period_.contains(f.created);
  const bool resolved = f.resolved_at && period_.contains(*f.resolved_at);
  const bool first_resolved = f.first_resolved_at && period_.contains(*f.first_resolved_at);
  const bool rated = f.rated_at && f.csat && period_.contains(*f.rated_at);
  const bool open = open_at(f, end_);
  auto add_to = [&](detail::Accumulator& acc, bool handled) {
    if (created) acc.add_created(f, m);
    if (resolved) acc.add_resolved(f, m);
    if (first_resolved) acc.add_first_resolved(f);
    if (rated) acc.add_rated(f);
    if (handled) ++acc.handled;
    if (open) ++acc.backlog;
  };
  const bool counted = created || resolved || first_resolved || rated || open;
  // Whether anyone (`agent` unset), or that agent, acted in the period.
  auto acted_in_period = [&](std::optional<std::uint32_t> agent) {
    return std::any_of(f.actions.begin(), f.actions.end(), [&](const Action& a) {
      return (!agent || a.agent == *agent) && period_.contains(a.at);
    });
  };

  if (by_ == By::Nothing) {
    add_to(all_, acted_in_period(std::nullopt));
    return;
  }
  if (by_ != By::Agent) {
    const bool handled = acted_in_period(std::nullopt);
    if (counted || handled) add_to(keyed_[key_of(f, by_)], handled);
    return;
  }
  // Each agent who acted on the ticket.
  for (std::uint32_t i = 0; i < f.agents.size(); ++i) {
    const bool handled = acted_in_period(i);
    if (counted || handled) add_to(keyed_[f.agents[i]], handled);
  }
  if (f.agents.empty() && counted) add_to(keyed_[std::nullopt], false);
}

void Tally::add_timed(const Facts& f, const TicketFigures& m) {
  auto in = [&](Time t) { return period_.contains(t); };
  auto bucket = [&](Time t) -> detail::Accumulator& { return timed_[index_of(by_, t)]; };
  if (in(f.created)) bucket(f.created).add_created(f, m);
  if (f.resolved_at && in(*f.resolved_at)) bucket(*f.resolved_at).add_resolved(f, m);
  if (f.first_resolved_at && in(*f.first_resolved_at)) bucket(*f.first_resolved_at).add_first_resolved(f);
  if (f.rated_at && f.csat && in(*f.rated_at)) bucket(*f.rated_at).add_rated(f);
  // Handled: once in each month or week in which an agent wrote an entry
  // (the log need not be in time order).
  scratch_.clear();
  for (const Action& a : f.actions)
    if (in(a.at)) scratch_.push_back(index_of(by_, a.at));
  std::sort(scratch_.begin(), scratch_.end());
  scratch_.erase(std::unique(scratch_.begin(), scratch_.end()), scratch_.end());
  for (const std::int64_t i : scratch_) ++timed_[i].handled;
  // The backlog: what opens and closes before the end of the period.
  auto change = [&](Time t, std::int64_t by) {
    if (period_.until && t >= *period_.until) return;
    backlog_change_[index_of(by_, t)] += by;
  };
  change(f.created, +1);
  for (const Pause& d : f.done) {
    change(d.from, -1);
    if (d.to) change(*d.to, +1);
  }
}

std::vector<StatsRow> Tally::rows() {
  std::vector<StatsRow> out;
  if (by_ == By::Nothing) {
    out.push_back(StatsRow{std::nullopt, all_.figures()});
    return out;
  }
  if (!by_time()) {
    out.reserve(keyed_.size());
    for (auto& [key, acc] : keyed_) out.push_back(StatsRow{key, acc.figures()});
    return out;
  }
  if (!period_.since && timed_.empty()) return out;
  // From --since's (or the first figure's) to --until's (or now's), within
  // the instants the figures know (core/hours.hpp).
  std::int64_t first = period_.since ? index_of(by_, *period_.since) : timed_.begin()->first;
  std::int64_t last = index_of(by_, period_.until ? Time{period_.until->ms - 1} : now_);
  first = std::max(first, index_of(by_, known_from));
  last = std::min(last, index_of(by_, Time{known_until.ms - 1}));
  std::int64_t backlog = 0;
  auto change = backlog_change_.begin();
  for (std::int64_t i = first; i <= last; ++i) {
    for (; change != backlog_change_.end() && change->first <= i; ++change) backlog += change->second;
    auto it = timed_.find(i);
    detail::Accumulator none;
    detail::Accumulator& acc = it == timed_.end() ? none : it->second;
    acc.backlog = backlog;
    out.push_back(StatsRow{key_of_index(by_, i), acc.figures()});
  }
  return out;
}

std::vector<StatsRow> stats(const std::vector<Facts>& tickets, const Period& period, By by, const Clocks& clocks,
                            Time now) {
  Tally tally(period, by, clocks, now);
  for (const Facts& f : tickets) tally.add(f);
  return tally.rows();
}

}  // namespace tier
