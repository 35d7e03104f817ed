#include "core/when.hpp"

#include <array>
#include <string>

namespace tier {
namespace {

constexpr std::int64_t day_ms = 86400000;

std::string fold(std::string_view text) {
  std::size_t b = 0, e = text.size();
  while (b < e && (text[b] == ' ' || text[b] == '\t')) ++b;
  while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t')) --e;
  std::string out;
  out.reserve(e - b);
  bool space = false;
  for (std::size_t i = b; i < e; ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
  }
  return out;
}

bool number(std::string_view s, int& out) {
  if (s.empty() || s.size() > 4) return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

// "10:00", "9:30", "10:00:30" -> hour, minute, second.
bool clock_time(std::string_view s, int& h, int& m, int& sec) {
  const auto c1 = s.find(':');
  if (c1 == std::string_view::npos || c1 == 0 || c1 > 2) return false;
  const auto rest = s.substr(c1 + 1);
  const auto c2 = rest.find(':');
  const auto mm = rest.substr(0, c2);
  sec = 0;
  if (mm.size() != 2 || !number(s.substr(0, c1), h) || !number(mm, m)) return false;
  if (c2 != std::string_view::npos && (rest.size() - c2 - 1 != 2 || !number(rest.substr(c2 + 1), sec)))
    return false;
  return h <= 23 && m <= 59 && sec <= 59;
}

// A day as days since the epoch, and back.
std::int64_t day_number(int y, unsigned m, unsigned d) { return from_civil(y, m, d).ms / day_ms; }

bool valid_date(int y, int m, int d) {
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > 31) return false;
  const Civil c = to_civil(from_civil(y, unsigned(m), unsigned(d)));
  return c.year == y && int(c.month) == m && int(c.day) == d;
}

Time at_day(std::int64_t day, int h, int m, int s, const Zone& zone) {
  const Civil c = to_civil(Time{day * day_ms});
  return zone.instant(Civil{c.year, c.month, c.day, h, m, s, 0});
}

// 0 = sunday, as 1970-01-01 was a thursday.
int weekday_of(std::int64_t day) { return int(((day + 4) % 7 + 7) % 7); }

int weekday_named(std::string_view w) {
  static constexpr std::array<std::string_view, 7> names = {"sunday",   "monday", "tuesday", "wednesday",
                                                            "thursday", "friday", "saturday"};
  for (int i = 0; i < 7; ++i) {
    const auto n = names[std::size_t(i)];
    if (w == n || w == n.substr(0, 3)) return i;
  }
  if (w == "tues") return 2;
  if (w == "thur" || w == "thurs") return 4;
  return -1;
}

}  // namespace

const char* const when_forms =
    "give an RFC 3339 time (2026-12-04T15:00:00Z), a local date and time (2026-12-04 10:00, 2026-12-04), "
    "now, today, yesterday, tomorrow or a weekday with an optional time (tomorrow 10:00), or a duration (3d, 4h)";

std::optional<Time> parse_when(std::string_view text, Time now, const Zone& zone, Lean lean) {
  if (text.size() > 64) return std::nullopt;
  const std::string s = fold(text);
  if (s.empty()) return std::nullopt;
  if (s == "now") return now;

  const Civil here = zone.local(now).civil;
  const std::int64_t today = day_number(here.year, here.month, here.day);

  // A local date, alone or with a time: "2026-12-04", "2026-12-04 10:00", "2026-12-04t10:00".
  if (s.size() >= 10 && s[4] == '-' && s[7] == '-') {
    int y, m, d;
    if (number(s.substr(0, 4), y) && number(s.substr(5, 2), m) &&
        number(s.substr(8, 2), d) && valid_date(y, m, d)) {
      if (s.size() == 10) return at_day(day_number(y, unsigned(m), unsigned(d)), 0, 0, 0, zone);
      int h, mi, sec;
      if ((s[10] == ' ' || s[10] == 't') && clock_time(std::string_view(s).substr(11), h, mi, sec))
        return at_day(day_number(y, unsigned(m), unsigned(d)), h, mi, sec, zone);
    }
    // Anything else that looks like a date must be RFC 3339, with its offset.
    return parse_time(s);
  }

  // A day word, then an optional time of day.
  const auto space = s.find(' ');
  const std::string_view word = std::string_view(s).substr(0, space);
  int h = 0, mi = 0, sec = 0;
  if (space != std::string::npos && !clock_time(std::string_view(s).substr(space + 1), h, mi, sec))
    return std::nullopt;
  std::optional<std::int64_t> day;
  if (word == "today") day = today;
  else if (word == "yesterday") day = today - 1;
  else if (word == "tomorrow") day = today + 1;
  else if (const int w = weekday_named(word); w >= 0) {
    const int from = weekday_of(today);
    day = lean == Lean::Back ? today - (from - w + 7) % 7 : today + ((w - from + 6) % 7 + 1);
  }
  if (day) return at_day(*day, h, mi, sec, zone);
  if (space != std::string::npos) return std::nullopt;

  // A time of today: "10:00".
  if (clock_time(s, h, mi, sec)) return at_day(today, h, mi, sec, zone);

  if (auto secs = parse_duration(s)) return Time{lean == Lean::Back ? now.ms - *secs * 1000 : now.ms + *secs * 1000};
  return std::nullopt;
}

}  // namespace tier
