#include "core/stats.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <numeric>

namespace tier {
namespace {

struct Accumulator {
  std::int64_t created = 0, resolved = 0, first_contact = 0, escalated_twice = 0, handbacks = 0;
  std::vector<std::int64_t> first_response, resolution;  // ms
  std::array<std::int64_t, max_tier + 1> reached{}, escalated{};
  std::int64_t csat_sum = 0, csat_count = 0;

  void add_created(const Facts& f) {
    ++created;
    if (f.first_response_ms) first_response.push_back(*f.first_response_ms);
    if (f.escalations >= 2) ++escalated_twice;
    handbacks += f.handbacks;
    for (int t = 0; t <= max_tier; ++t) {
      const std::uint32_t bit = std::uint32_t{1} << t;
      if (f.tiers_reached & bit) ++reached[std::size_t(t)];
      if (f.escalated_from & bit) ++escalated[std::size_t(t)];
    }
  }

  void add_resolved(const Facts& f) {
    ++resolved;
    if (f.first_contact) ++first_contact;
    if (f.resolution_ms) resolution.push_back(*f.resolution_ms);
    if (f.csat) {
      csat_sum += *f.csat;
      ++csat_count;
    }
  }

  Figures figures() {
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
    out.first_contact_resolution = ratio(double(first_contact), resolved);
    out.first_response_mean = seconds(mean(first_response));
    out.first_response_median = seconds(median(first_response));
    out.resolution_mean = seconds(mean(resolution));
    out.resolution_median = seconds(median(resolution));
    for (int t = 0; t <= max_tier; ++t)
      if (reached[std::size_t(t)] > 0)
        out.escalation_rate[t] = double(escalated[std::size_t(t)]) / double(reached[std::size_t(t)]);
    out.escalated_twice = escalated_twice;
    out.handbacks_per_ticket = ratio(double(handbacks), created);
    out.csat_mean = ratio(double(csat_sum), csat_count);
    out.csat_count = csat_count;
    return out;
  }
};

std::string month(Time t) {
  const Civil c = to_civil(t);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u", c.year, c.month);
  return buf;
}

std::optional<std::string> key_of(const Facts& f, By by, bool resolved) {
  auto some = [](const std::string& s) -> std::optional<std::string> {
    if (s.empty()) return std::nullopt;
    return s;
  };
  switch (by) {
    case By::Nothing: return std::nullopt;
    case By::Group: return some(f.intake_group);
    case By::Agent: return some(f.owner);
    case By::Organization: return some(f.organization);
    case By::Category: return some(f.category);
    case By::Month: return month(resolved ? *f.resolved_at : f.created);
  }
  return std::nullopt;
}

// Sorted by key, the unset key last.
struct KeyOrder {
  bool operator()(const std::optional<std::string>& a, const std::optional<std::string>& b) const {
    if (a && b) return *a < *b;
    return a.has_value() && !b.has_value();
  }
};

}  // namespace

std::string_view to_string(By by) {
  switch (by) {
    case By::Nothing: return "";
    case By::Group: return "group";
    case By::Agent: return "agent";
    case By::Organization: return "org";
    case By::Category: return "category";
    case By::Month: return "month";
  }
  return "";
}

std::optional<By> parse_by(std::string_view s) {
  for (By by : {By::Group, By::Agent, By::Organization, By::Category, By::Month})
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

std::vector<StatsRow> stats(const std::vector<Facts>& tickets, const Period& period, By by) {
  std::vector<StatsRow> rows;
  if (by == By::Nothing) {
    Accumulator acc;
    for (const Facts& f : tickets) {
      if (period.contains(f.created)) acc.add_created(f);
      if (f.resolved_at && period.contains(*f.resolved_at)) acc.add_resolved(f);
    }
    rows.push_back(StatsRow{std::nullopt, acc.figures()});
    return rows;
  }
  std::map<std::optional<std::string>, Accumulator, KeyOrder> groups;
  for (const Facts& f : tickets) {
    if (period.contains(f.created)) groups[key_of(f, by, false)].add_created(f);
    if (f.resolved_at && period.contains(*f.resolved_at)) groups[key_of(f, by, true)].add_resolved(f);
  }
  rows.reserve(groups.size());
  for (auto& [key, acc] : groups) rows.push_back(StatsRow{key, acc.figures()});
  return rows;
}

}  // namespace tier
