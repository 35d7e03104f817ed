#include "core/time.hpp"

#include <cstdint>
#include <optional>
#include <string>

#include <doctest/doctest.h>

using namespace tier;

TEST_CASE("time: from_civil and to_civil") {
  CHECK(from_civil(1970, 1, 1).ms == 0);
  CHECK(from_civil(1970, 1, 2).ms == 86400000);
  CHECK(from_civil(2026, 11, 23, 10, 2, 11, 120).ms == 1795428131120);
  const Civil c = to_civil(Time{1795428131120});
  CHECK(c.year == 2026);
  CHECK(c.month == 11);
  CHECK(c.day == 23);
  CHECK(c.hour == 10);
  CHECK(c.minute == 2);
  CHECK(c.second == 11);
  CHECK(c.millisecond == 120);
  const Civil before = to_civil(Time{-1});
  CHECK(before.year == 1969);
  CHECK(before.month == 12);
  CHECK(before.day == 31);
  CHECK(before.hour == 23);
  CHECK(before.millisecond == 999);
  CHECK(from_civil(2024, 2, 29) < from_civil(2024, 3, 1));
}

TEST_CASE("time: parse_time reads RFC 3339") {
  using T = std::optional<Time>;
  const Time t = from_civil(2026, 11, 23, 10, 2, 11, 120);
  CHECK(parse_time("2026-11-23T10:02:11.120Z") == T{t});
  CHECK(parse_time("2026-11-23t10:02:11.120z") == T{t});
  CHECK(parse_time("2026-11-23 10:02:11.120Z") == T{t});
  CHECK(parse_time("2026-11-23T10:02:11Z") == T{from_civil(2026, 11, 23, 10, 2, 11)});

  SUBCASE("offsets") {
    CHECK(parse_time("2026-11-23T12:02:11.120+02:00") == T{t});
    CHECK(parse_time("2026-11-23T04:32:11.120-05:30") == T{t});
    CHECK(parse_time("2026-11-23T10:02:11.120+00:00") == T{t});
    CHECK(parse_time("2026-11-23T10:02:11.120-00:00") == T{t});
    CHECK(parse_time("2026-11-24T00:30:00+01:00") == T{from_civil(2026, 11, 23, 23, 30)});
  }
  SUBCASE("fractions") {
    CHECK(parse_time("2026-11-23T10:02:11.1Z") == T{from_civil(2026, 11, 23, 10, 2, 11, 100)});
    CHECK(parse_time("2026-11-23T10:02:11.12Z") == T{from_civil(2026, 11, 23, 10, 2, 11, 120)});
    CHECK(parse_time("2026-11-23T10:02:11.005Z") == T{from_civil(2026, 11, 23, 10, 2, 11, 5)});
    CHECK(parse_time("2026-11-23T10:02:11.123456789Z") == T{from_civil(2026, 11, 23, 10, 2, 11, 123)});
    CHECK(parse_time("2026-11-23T10:02:11.000Z") == T{from_civil(2026, 11, 23, 10, 2, 11)});
  }
  SUBCASE("a bare date is midnight UTC") {
    CHECK(parse_time("2026-11-23") == T{from_civil(2026, 11, 23)});
    CHECK(parse_time("2024-02-29") == T{from_civil(2024, 2, 29)});
  }
  SUBCASE("a leap second is read as the second before") {
    CHECK(parse_time("2016-12-31T23:59:60Z") == T{from_civil(2016, 12, 31, 23, 59, 59)});
  }
  SUBCASE("invalid") {
    for (const char* bad : {"", "2026", "2026-11", "2026-11-2", "26-11-23", "2026/11/23", "2026-13-01",
                            "2026-00-10", "2026-11-00", "2026-11-31", "2025-02-29", "2026-11-23T",
                            "2026-11-23T10:02:11",  // no offset
                            "2026-11-23T10:02Z", "2026-11-23T24:00:00Z", "2026-11-23T10:60:00Z",
                            "2026-11-23T10:02:61Z", "2026-11-23T10:02:11.Z", "2026-11-23T10:02:11+0200",
                            "2026-11-23T10:02:11+02", "2026-11-23T10:02:11+24:00", "2026-11-23T10:02:11+02:60",
                            "2026-11-23T10:02:11Zjunk", "2026-11-23T10:02:11 Z", "2026-11-23X10:02:11Z",
                            "2026-11-23T1a:02:11Z", "2026-11-23 ", "2026-11-23junk", "x026-11-23"}) {
      CAPTURE(bad);
      CHECK(parse_time(bad) == std::nullopt);
    }
  }
}

TEST_CASE("time: format_time writes UTC, milliseconds only when not zero") {
  CHECK(format_time(from_civil(2026, 11, 23, 10, 2, 11, 120)) == "2026-11-23T10:02:11.120Z");
  CHECK(format_time(from_civil(2026, 11, 23, 10, 2, 11)) == "2026-11-23T10:02:11Z");
  CHECK(format_time(from_civil(2026, 11, 23, 10, 2, 11, 5)) == "2026-11-23T10:02:11.005Z");
  CHECK(format_time(from_civil(2026, 1, 2, 3, 4, 5)) == "2026-01-02T03:04:05Z");
  CHECK(format_time(Time{0}) == "1970-01-01T00:00:00Z");
  CHECK(format_time(Time{-1}) == "1969-12-31T23:59:59.999Z");

  for (const char* text : {"2026-11-23T10:02:11.120Z", "2026-11-23T10:02:11Z", "2000-02-29T23:59:59.999Z",
                           "1999-12-31T00:00:00.001Z"}) {
    const auto t = parse_time(text);
    REQUIRE(t);
    CHECK(format_time(*t) == text);
  }
  CHECK(format_time(*parse_time("2026-11-23T12:02:11+02:00")) == "2026-11-23T10:02:11Z");
  CHECK(format_time(*parse_time("2026-11-23")) == "2026-11-23T00:00:00Z");
}

TEST_CASE("time: parse_duration") {
  using D = std::optional<std::int64_t>;
  CHECK(parse_duration("45s") == D{45});
  CHECK(parse_duration("30m") == D{1800});
  CHECK(parse_duration("4h") == D{14400});
  CHECK(parse_duration("3d") == D{259200});
  CHECK(parse_duration("1d12h") == D{129600});
  CHECK(parse_duration("2w") == D{1209600});
  CHECK(parse_duration("1h30m") == D{5400});
  CHECK(parse_duration("1w2d3h4m5s") == D{604800 + 172800 + 10800 + 240 + 5});
  CHECK(parse_duration("0h15m") == D{900});
  CHECK(parse_duration("90m") == D{5400});

  for (const char* bad : {"4x", "", "h", "0m", "0s0m", "4", "4h3", "-4h", "+4h", "4 h", " 4h", "4h ", "4H", "1.5h",
                          "h4", "4hh", "100000001s"}) {
    CAPTURE(bad);
    CHECK(parse_duration(bad) == std::nullopt);
  }
}

TEST_CASE("time: format_duration gives the two largest units") {
  CHECK(format_duration(0) == "0s");
  CHECK(format_duration(12) == "12s");
  CHECK(format_duration(60) == "1m");
  CHECK(format_duration(61) == "1m 1s");
  CHECK(format_duration(2700) == "45m");
  CHECK(format_duration(3600) == "1h");
  CHECK(format_duration(3661) == "1h 1m");
  CHECK(format_duration(86400) == "1d");
  CHECK(format_duration(3 * 86400 + 4 * 3600) == "3d 4h");
  CHECK(format_duration(3 * 86400 + 4 * 3600 + 5 * 60 + 6) == "3d 4h");
  CHECK(format_duration(86400 + 60) == "1d");  // the units are adjacent: 1d 0h
  CHECK(format_duration(14 * 86400) == "14d");
  CHECK(format_duration(-90) == "-1m 30s");
  for (const char* text : {"30m", "4h", "3d", "1d12h", "2w"}) {
    CAPTURE(text);
    const auto s = parse_duration(text);
    REQUIRE(s);
    std::string formatted = format_duration(*s);
    std::erase(formatted, ' ');
    CHECK(parse_duration(formatted) == s);
  }
}
