#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tier {

/// A point in time: milliseconds since the Unix epoch, UTC.
struct Time {
  std::int64_t ms = 0;
  friend auto operator<=>(const Time&, const Time&) = default;
};

/// Parses an RFC 3339 date-time ("2026-11-23T10:02:11.120Z", "...+02:00"),
/// or a bare date ("2026-11-23", midnight UTC). nullopt when malformed.
std::optional<Time> parse_time(std::string_view text);

/// RFC 3339 in UTC: "2026-11-23T10:02:11.120Z", the fraction only when the
/// milliseconds are not zero.
std::string format_time(Time t);
/// format_time(t) appended to `out` (no string of its own: bulk output).
void append_time(std::string& out, Time t);

/// Builds a time from civil UTC fields; the inverse of to_civil.
Time from_civil(int year, unsigned month, unsigned day, int hour = 0, int minute = 0,
                int second = 0, int millisecond = 0);

struct Civil {
  int year;
  unsigned month, day;
  int hour, minute, second, millisecond;
};
Civil to_civil(Time t);

/// Parses a duration: one or more of <number><unit>, units s m h d w
/// ("30m", "4h", "3d", "1d12h"). Seconds, or nullopt when malformed or zero.
std::optional<std::int64_t> parse_duration(std::string_view text);

/// "3d 4h", "45m", "12s": the two largest units.
std::string format_duration(std::int64_t seconds);

}  // namespace tier
