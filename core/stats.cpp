#include "core/stats.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <numeric>

namespace tier {
namespace {

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

void detail::Accumulator::add_created(const Facts& f) {
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

void detail::Accumulator::add_resolved(const Facts& f) {
  ++resolved;
  if (f.first_contact) ++first_contact;
  if (!f.resolved_article.empty()) ++by_article;
  if (f.resolution_ms) resolution.push_back(*f.resolution_ms);
  if (f.csat) {
    csat_sum += *f.csat;
    ++csat_count;
  }
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
  out.resolved_by_article = by_article;
  return out;
}

void Tally::add(const Facts& f) {
  const bool created = period_.contains(f.created);
  const bool resolved = f.resolved_at && period_.contains(*f.resolved_at);
  if (by_ == By::Nothing) {
    if (created) all_.add_created(f);
    if (resolved) all_.add_resolved(f);
    return;
  }
  if (created) keyed_[key_of(f, by_, false)].add_created(f);
  if (resolved) keyed_[key_of(f, by_, true)].add_resolved(f);
}

std::vector<StatsRow> Tally::rows() {
  std::vector<StatsRow> out;
  if (by_ == By::Nothing) {
    out.push_back(StatsRow{std::nullopt, all_.figures()});
    return out;
  }
  out.reserve(keyed_.size());
  for (auto& [key, acc] : keyed_) out.push_back(StatsRow{key, acc.figures()});
  return out;
}

std::vector<StatsRow> stats(const std::vector<Facts>& tickets, const Period& period, By by) {
  Tally tally(period, by);
  for (const Facts& f : tickets) tally.add(f);
  return tally.rows();
}

}  // namespace tier
