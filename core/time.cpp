#include "core/time.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace tier {
namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

Time from_civil(int year, unsigned month, unsigned day, int hour, int minute, int second,
                int millisecond) {
  using namespace std::chrono;
  const sys_days d = year_month_day{std::chrono::year{year}, std::chrono::month{month},
                                    std::chrono::day{day}};
  const auto secs = d.time_since_epoch().count() * 86400LL + hour * 3600LL + minute * 60LL + second;
  return Time{secs * 1000 + millisecond};
}

Civil to_civil(Time t) {
  using namespace std::chrono;
  std::int64_t ms = t.ms;
  std::int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
  std::int64_t rest = ms - days * 86400000;
  const year_month_day ymd{sys_days{std::chrono::days{days}}};
  return Civil{int(ymd.year()),
               unsigned(ymd.month()),
               unsigned(ymd.day()),
               int(rest / 3600000),
               int(rest / 60000 % 60),
               int(rest / 1000 % 60),
               int(rest % 1000)};
}

std::optional<Time> parse_time(std::string_view s) {
  int y, mo, d;
  if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
  {
    using namespace std::chrono;
    if (!year_month_day{year{y}, month{unsigned(mo)}, day{unsigned(d)}}.ok()) return std::nullopt;
  }
  if (s.size() == 10) return from_civil(y, unsigned(mo), unsigned(d));
  int h, mi, se;
  if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2, h) || s.size() < 19 ||
      s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, se))
    return std::nullopt;
  if (h > 23 || mi > 59 || se > 60) return std::nullopt;
  std::size_t pos = 19;
  int ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int scale = 100, n = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      ms += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
      ++n;
    }
    if (n == 0) return std::nullopt;
  }
  if (pos >= s.size()) return std::nullopt;  // an offset is required
  std::int64_t offset_min = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int oh, om;
    if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !digits(s, pos + 4, 2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset_min = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  Time t = from_civil(y, unsigned(mo), unsigned(d), h, mi, se > 59 ? 59 : se, ms);
  t.ms -= offset_min * 60000;
  return t;
}

std::string format_time(Time t) {
  std::string out;
  append_time(out, t);
  return out;
}

void append_time(std::string& out, Time t) {
  const Civil c = to_civil(t);
  if (c.year < 0 || c.year > 9999) {
    char buf[48];
    const int n = c.millisecond != 0
                      ? std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", c.year, c.month,
                                      c.day, c.hour, c.minute, c.second, c.millisecond)
                      : std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", c.year, c.month, c.day,
                                      c.hour, c.minute, c.second);
    out.append(buf, std::size_t(n));
    return;
  }
  // The common case by hand: snprintf was a fifth of an export's time.
  char buf[24];
  auto two = [&buf](int at, unsigned v) {
    buf[at] = char('0' + v / 10);
    buf[at + 1] = char('0' + v % 10);
  };
  const auto year = unsigned(c.year);
  two(0, year / 100);
  two(2, year % 100);
  buf[4] = '-';
  two(5, c.month);
  buf[7] = '-';
  two(8, c.day);
  buf[10] = 'T';
  two(11, unsigned(c.hour));
  buf[13] = ':';
  two(14, unsigned(c.minute));
  buf[16] = ':';
  two(17, unsigned(c.second));
  std::size_t n = 19;
  if (c.millisecond != 0) {
    const auto ms = unsigned(c.millisecond);
    buf[19] = '.';
    buf[20] = char('0' + ms / 100);
    two(21, ms % 100);
    n = 23;
  }
  buf[n++] = 'Z';
  out.append(buf, n);
}

std::optional<std::int64_t> parse_duration(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::int64_t total = 0;
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(s.data() + pos, s.data() + s.size(), n);
    if (ec != std::errc{} || end == s.data() + pos || n < 0 || n > 100000000) return std::nullopt;
    pos = std::size_t(end - s.data());
    if (pos >= s.size()) return std::nullopt;
    std::int64_t unit;
    switch (s[pos]) {
      case 's': unit = 1; break;
      case 'm': unit = 60; break;
      case 'h': unit = 3600; break;
      case 'd': unit = 86400; break;
      case 'w': unit = 7 * 86400; break;
      default: return std::nullopt;
    }
    total += n * unit;
    ++pos;
  }
  if (total == 0) return std::nullopt;
  return total;
}

std::string format_duration(std::int64_t seconds) {
  const bool neg = seconds < 0;
  if (neg) seconds = -seconds;
  static constexpr std::pair<std::int64_t, char> units[] = {
      {86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
  std::string out = neg ? "-" : "";
  int parts = 0;
  for (auto [size, name] : units) {
    if (seconds >= size || (parts == 0 && size == 1)) {
      if (parts) out += ' ';
      out += std::to_string(seconds / size);
      out += name;
      seconds %= size;
      if (++parts == 2) break;
    } else if (parts) {
      break;
    }
  }
  return out;
}

}  // namespace tier
