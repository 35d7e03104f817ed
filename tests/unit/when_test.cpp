// Times as people type them (core/when), in UTC and in a zone with daylight saving.

#include "core/when.hpp"

#include <doctest/doctest.h>

namespace tier {
namespace {

std::optional<Time> back(std::string_view text, Time now, const Zone& z) { return parse_when(text, now, z, Lean::Back); }
std::optional<Time> ahead(std::string_view text, Time now, const Zone& z) {
  return parse_when(text, now, z, Lean::Ahead);
}

const Zone& new_york() {
  static const Zone z = *Zone::find("America/New_York");
  return z;
}

}  // namespace

TEST_CASE("when: RFC 3339 is the instant it names, in any zone") {
  const Time now = from_civil(2026, 12, 4, 15, 0);
  CHECK(back("2026-12-04T15:00:00Z", now, new_york()) == from_civil(2026, 12, 4, 15, 0));
  CHECK(back("2026-12-04T10:00:00-05:00", now, Zone::utc()) == from_civil(2026, 12, 4, 15, 0));
  CHECK(ahead("2026-12-04t15:00:00.250z", now, new_york()) == from_civil(2026, 12, 4, 15, 0, 0, 250));
  CHECK(back("now", now, new_york()) == now);
  CHECK(back("  NOW ", now, new_york()) == now);
}

TEST_CASE("when: a local date and time is read in the zone") {
  const Time now = from_civil(2026, 12, 4, 15, 0);
  CHECK(ahead("2026-12-04 10:00", now, new_york()) == from_civil(2026, 12, 4, 15, 0));
  CHECK(ahead("2026-12-04T10:00", now, new_york()) == from_civil(2026, 12, 4, 15, 0));
  CHECK(ahead("2026-12-04  10:00:30", now, new_york()) == from_civil(2026, 12, 4, 15, 0, 30));
  CHECK(back("2026-12-04", now, new_york()) == from_civil(2026, 12, 4, 5, 0));
  CHECK(back("2026-07-04", now, new_york()) == from_civil(2026, 7, 4, 4, 0));
  CHECK(back("2026-12-04", now, Zone::utc()) == from_civil(2026, 12, 4));
  CHECK(ahead("9:30", now, new_york()) == from_civil(2026, 12, 4, 14, 30));
  CHECK(ahead("16:00", now, Zone::utc()) == from_civil(2026, 12, 4, 16, 0));
}

TEST_CASE("when: day words are local midnights, or a time on that day") {
  // 2026-12-04 is a friday; 02:00 UTC is still thursday evening in New York.
  const Time now = from_civil(2026, 12, 4, 2, 0);
  CHECK(back("today", now, new_york()) == from_civil(2026, 12, 3, 5, 0));
  CHECK(back("today", now, Zone::utc()) == from_civil(2026, 12, 4));
  CHECK(back("yesterday", now, new_york()) == from_civil(2026, 12, 2, 5, 0));
  CHECK(ahead("tomorrow", now, new_york()) == from_civil(2026, 12, 4, 5, 0));
  CHECK(ahead("tomorrow 10:00", now, new_york()) == from_civil(2026, 12, 4, 15, 0));
  CHECK(ahead("Tomorrow  10:00", now, new_york()) == from_civil(2026, 12, 4, 15, 0));
  CHECK(ahead("today 17:45", now, Zone::utc()) == from_civil(2026, 12, 4, 17, 45));
}

TEST_CASE("when: a weekday is the most recent one going back, the next one going ahead") {
  const Time friday = from_civil(2026, 12, 4, 15, 0);  // friday 10:00 EST
  CHECK(back("monday", friday, new_york()) == from_civil(2026, 11, 30, 5, 0));
  CHECK(back("mon", friday, new_york()) == from_civil(2026, 11, 30, 5, 0));
  CHECK(back("friday", friday, new_york()) == from_civil(2026, 12, 4, 5, 0));
  CHECK(back("saturday", friday, new_york()) == from_civil(2026, 11, 28, 5, 0));
  CHECK(ahead("monday", friday, new_york()) == from_civil(2026, 12, 7, 5, 0));
  CHECK(ahead("monday 9:00", friday, new_york()) == from_civil(2026, 12, 7, 14, 0));
  CHECK(ahead("friday", friday, new_york()) == from_civil(2026, 12, 11, 5, 0));
  CHECK(ahead("sat", friday, new_york()) == from_civil(2026, 12, 5, 5, 0));
  CHECK(ahead("Thursday", friday, Zone::utc()) == from_civil(2026, 12, 10));
}

TEST_CASE("when: a duration is that long ago going back, that far ahead going ahead") {
  const Time now = from_civil(2026, 12, 4, 15, 0);
  CHECK(back("3d", now, new_york()) == from_civil(2026, 12, 1, 15, 0));
  CHECK(ahead("4h", now, new_york()) == from_civil(2026, 12, 4, 19, 0));
  CHECK(back("1d12h", now, Zone::utc()) == from_civil(2026, 12, 3, 3, 0));
}

TEST_CASE("when: the switch days of daylight saving in New York") {
  // March 8, 2026: 02:00 EST becomes 03:00 EDT. The day is 23 hours long.
  const Time spring = from_civil(2026, 3, 8, 16, 0);  // 12:00 EDT
  CHECK(back("today", spring, new_york()) == from_civil(2026, 3, 8, 5, 0));
  CHECK(ahead("tomorrow", spring, new_york()) == from_civil(2026, 3, 9, 4, 0));
  CHECK(ahead("today 01:30", spring, new_york()) == from_civil(2026, 3, 8, 6, 30));
  // 02:30 does not exist: the same wall time after the skip, 03:30 EDT.
  CHECK(ahead("2026-03-08 02:30", spring, new_york()) == from_civil(2026, 3, 8, 7, 30));
  CHECK(ahead("today 03:30", spring, new_york()) == from_civil(2026, 3, 8, 7, 30));
  // November 1, 2026: 02:00 EDT becomes 01:00 EST. The day is 25 hours long.
  const Time fall = from_civil(2026, 11, 1, 17, 0);  // 12:00 EST
  CHECK(back("today", fall, new_york()) == from_civil(2026, 11, 1, 4, 0));
  CHECK(ahead("tomorrow", fall, new_york()) == from_civil(2026, 11, 2, 5, 0));
  // 01:30 happens twice: the earlier, in EDT.
  CHECK(ahead("2026-11-01 01:30", fall, new_york()) == from_civil(2026, 11, 1, 5, 30));
  CHECK(back("sunday", fall, new_york()) == from_civil(2026, 11, 1, 4, 0));
  CHECK(back("saturday", fall, new_york()) == from_civil(2026, 10, 31, 4, 0));
}

TEST_CASE("when: what is not a time") {
  const Time now = from_civil(2026, 12, 4, 15, 0);
  for (const char* bad : {"", " ", "soon", "2026-13-01", "2026-02-30", "2026-12-04 25:00", "2026-12-04 10:60",
                          "2026-12-04 10", "2026-12-04T10:00:00+5", "tomorrow 10", "tomorrow noon", "mondays",
                          "monday tomorrow", "0d", "3x", "-3d", "10:0", "123:00", "today 10:00 extra"}) {
    CAPTURE(bad);
    CHECK_FALSE(back(bad, now, new_york()));
  }
  CHECK_FALSE(back(std::string(100, '1') + "d", now, Zone::utc()));
}

}  // namespace tier
