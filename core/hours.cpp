#include "core/hours.hpp"

#include <algorithm>
#include <limits>

namespace tier {
namespace {

constexpr std::int64_t day_ms = 86'400'000;

constexpr std::int64_t window_from = known_from.ms, window_to = known_until.ms;

std::int64_t in_window(std::int64_t t) { return std::clamp(t, window_from, window_to); }

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// 0 for Monday ... 6 for Sunday; day 0 (1970-01-01) was a Thursday.
int weekday(std::int64_t day) { return int(((day + 3) % 7 + 7) % 7); }

Civil civil_day(std::int64_t day, int minutes) {
  Civil c = to_civil(Time{day * day_ms});
  c.hour = minutes / 60;
  c.minute = minutes % 60;
  return c;
}

}  // namespace

Calendar::Calendar(const Hours& hours) : hours_(hours) {
  if (auto z = Zone::find(hours.timezone)) zone_ = *z;
}

void Calendar::build(std::int64_t first_day, std::int64_t last_day) const {
  spans_.clear();
  std::int64_t before = 0;
  const Hours& h = *hours_;
  for (std::int64_t d = first_day; d < last_day; ++d) {
    if (!(h.days & (1u << weekday(d)))) continue;
    if (std::binary_search(h.holidays.begin(), h.holidays.end(), d)) continue;
    const std::int64_t from = zone_.instant(civil_day(d, h.start)).ms;
    const std::int64_t to =
        h.end >= 24 * 60 ? zone_.instant(civil_day(d + 1, 0)).ms : zone_.instant(civil_day(d, h.end)).ms;
    if (to <= from) continue;
    spans_.push_back(Span{from, to, before});
    before += to - from;
  }
  first_day_ = first_day;
  last_day_ = last_day;
  valid_from_ = first_day * day_ms + day_ms;
  valid_to_ = last_day * day_ms - day_ms;
}

void Calendar::cover(std::int64_t from, std::int64_t to) const {
  from = in_window(from);
  to = in_window(to);
  const bool built = last_day_ > first_day_;
  if (built && from >= valid_from_ && to <= valid_to_) return;
  std::int64_t lo = floor_div(from, day_ms) - 2, hi = floor_div(to, day_ms) + 3;
  if (built) {
    // Grow by a year or more at a time, so that a scan over many tickets
    // builds the spans a few times, not once per ticket.
    lo = lo >= first_day_ ? first_day_ : std::min(lo, first_day_ - 366);
    hi = hi <= last_day_ ? last_day_ : std::max(hi, last_day_ + 366);
  } else {
    lo -= 31;
    hi += 366;
  }
  build(lo, hi);
}

std::int64_t Calendar::cumulative(std::int64_t t) const {
  auto it = std::upper_bound(spans_.begin(), spans_.end(), t, [](std::int64_t v, const Span& s) { return v < s.from; });
  if (it == spans_.begin()) return 0;
  const Span& s = *std::prev(it);
  return s.before + std::min(t, s.to) - s.from;
}

std::int64_t Calendar::between(Time from, Time to) const {
  if (to.ms <= from.ms) return 0;
  if (!hours_) return to.ms - from.ms;
  const std::int64_t a = in_window(from.ms), b = in_window(to.ms);
  if (b <= a) return 0;
  cover(a, b);
  return cumulative(b) - cumulative(a);
}

Time Calendar::add(Time from, std::int64_t ms) const {
  if (ms <= 0) return from;
  if (!hours_) return Time{from.ms + ms};
  const std::int64_t start = in_window(from.ms);
  cover(start, start + 1);
  // A calendar of no working day at all, or of holidays only, never gets
  // there; nor does a time past the window.
  const std::int64_t give_up = std::min(start + 100 * 366 * day_ms, window_to);
  for (;;) {
    const std::int64_t target = cumulative(start) + ms;
    const std::int64_t end = std::min(valid_to_, window_to);
    if (cumulative(end) >= target) {
      auto it = std::lower_bound(spans_.begin(), spans_.end(), target,
                                 [](const Span& s, std::int64_t v) { return s.before + (s.to - s.from) < v; });
      return Time{std::max(it->from + (target - it->before), from.ms)};
    }
    if (end >= give_up) return Time{std::numeric_limits<std::int64_t>::max()};
    cover(start, end + 366 * day_ms);
  }
}

Calendars::Calendars(const BusinessHours& hours) {
  if (hours.all) all_.emplace(*hours.all);
  for (const auto& [id, h] : hours.organizations) organizations_.emplace(id, Calendar(h));
  for (const auto& [id, h] : hours.groups) groups_.emplace(id, Calendar(h));
}

const Calendar& Calendars::of(std::string_view organization, std::string_view intake_group) const {
  if (!organizations_.empty())
    if (auto it = organizations_.find(organization); it != organizations_.end()) return it->second;
  if (!groups_.empty())
    if (auto it = groups_.find(intake_group); it != groups_.end()) return it->second;
  return all_ ? *all_ : every_hour_;
}

}  // namespace tier
