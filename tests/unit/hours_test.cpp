// Business hours (core/hours): working time between two instants, and when
// a working time is reached, worked out by hand.

#include "core/hours.hpp"

#include <limits>

#include <doctest/doctest.h>

namespace tier {
namespace {

constexpr std::int64_t hour_ms = 3'600'000;

// 2026-11-23 is a Monday.
Time utc(unsigned month, unsigned day, int hour, int minute = 0) { return from_civil(2026, month, day, hour, minute); }

Hours office(std::string zone = "UTC") {
  Hours h;  // Monday to Friday, 09:00 to 17:00
  h.timezone = std::move(zone);
  return h;
}

std::int64_t day_of(int year, unsigned month, unsigned day) { return from_civil(year, month, day).ms / 86'400'000; }

}  // namespace

TEST_CASE("hours: without them every hour counts") {
  const Calendar every;
  CHECK(every.every_hour());
  CHECK(every.between(utc(11, 27, 16), utc(11, 30, 10)) == 66 * hour_ms);
  CHECK(every.between(utc(11, 30, 10), utc(11, 27, 16)) == 0);
  CHECK(every.add(utc(11, 27, 16), 2 * hour_ms) == utc(11, 27, 18));
}

TEST_CASE("hours: a ticket opened Friday evening is two working hours old on Monday at ten") {
  const Calendar cal(office());
  CHECK_FALSE(cal.every_hour());
  CHECK(cal.between(utc(11, 27, 18), utc(11, 30, 10)) == 1 * hour_ms);   // Friday 18:00: after hours
  CHECK(cal.between(utc(11, 27, 16), utc(11, 30, 10)) == 2 * hour_ms);   // Friday 16:00
  CHECK(cal.between(utc(11, 23, 8), utc(11, 23, 9)) == 0);               // before opening
  CHECK(cal.between(utc(11, 23, 10), utc(11, 23, 11, 30)) == hour_ms * 3 / 2);
  CHECK(cal.between(utc(11, 23, 0), utc(11, 30, 0)) == 40 * hour_ms);    // a whole week
  CHECK(cal.between(utc(11, 28, 0), utc(11, 30, 0)) == 0);               // the weekend
}

TEST_CASE("hours: the instant a working time is reached") {
  const Calendar cal(office());
  CHECK(cal.add(utc(11, 27, 16), 0) == utc(11, 27, 16));
  CHECK(cal.add(utc(11, 27, 16), 1 * hour_ms) == utc(11, 27, 17));  // the end of the stretch itself
  CHECK(cal.add(utc(11, 27, 16), 2 * hour_ms) == utc(11, 30, 10));
  CHECK(cal.add(utc(11, 27, 20), 4 * hour_ms) == utc(11, 30, 13));  // from after hours
  CHECK(cal.add(utc(11, 23, 9), 40 * hour_ms) == utc(11, 27, 17));
  // Far ahead: a year of working days later.
  const Time later = cal.add(utc(11, 23, 9), 8 * hour_ms * 261);
  CHECK(cal.between(utc(11, 23, 9), later) == 8 * hour_ms * 261);
}

TEST_CASE("hours: holidays are not working days") {
  Hours h = office();
  h.holidays = {day_of(2026, 11, 26), day_of(2026, 11, 27)};  // Thursday and Friday
  const Calendar cal(h);
  CHECK(cal.between(utc(11, 25, 16), utc(11, 30, 10)) == 2 * hour_ms);
  CHECK(cal.add(utc(11, 25, 16), 2 * hour_ms) == utc(11, 30, 10));
}

TEST_CASE("hours: chosen days and hours, to midnight") {
  Hours h;
  h.days = 0b1100000;  // Saturday and Sunday
  h.start = 20 * 60;
  h.end = 24 * 60;
  const Calendar cal(h);
  CHECK(cal.between(utc(11, 23, 0), utc(11, 30, 0)) == 8 * hour_ms);
  CHECK(cal.add(utc(11, 23, 0), 5 * hour_ms) == utc(11, 29, 21));
}

TEST_CASE("hours: in a time zone, with the day the clocks go forward and back") {
  const Calendar ny(office("America/New_York"));  // 09:00 EST is 14:00 UTC
  CHECK(ny.between(utc(11, 23, 13), utc(11, 23, 15)) == 1 * hour_ms);
  CHECK(ny.add(utc(11, 27, 21), 2 * hour_ms) == utc(11, 30, 15));  // Friday 16:00 EST + 2h: Monday 10:00 EST

  Hours all_day = office("America/New_York");
  all_day.days = 0x7f;
  all_day.start = 0;
  all_day.end = 24 * 60;
  const Calendar cal(all_day);
  // 2026-03-08 has 23 hours in New York, 2026-11-01 has 25.
  CHECK(cal.between(from_civil(2026, 3, 8, 5), from_civil(2026, 3, 9, 4)) == 23 * hour_ms);
  CHECK(cal.between(from_civil(2026, 11, 1, 4), from_civil(2026, 11, 2, 5)) == 25 * hour_ms);
}

TEST_CASE("hours: a calendar that never works never reaches a time") {
  Hours h = office();
  h.days = 0;
  const Calendar cal(h);
  CHECK(cal.between(utc(1, 1, 0), utc(12, 31, 0)) == 0);
  CHECK(cal.add(utc(11, 23, 9), hour_ms) == Time{std::numeric_limits<std::int64_t>::max()});
}

TEST_CASE("hours: times far outside any help desk's life cost no more than the window") {
  const Calendar cal(office());
  // Year 1 to year 9999: only the working days from 1970 to 2200 count.
  const std::int64_t all = cal.between(from_civil(1, 1, 1), from_civil(9999, 1, 1));
  CHECK(all == cal.between(from_civil(1970, 1, 1), from_civil(2200, 1, 1)));
  CHECK(cal.between(from_civil(1, 1, 1), from_civil(2, 1, 1)) == 0);
}

TEST_CASE("hours: a ticket's calendar is its organization's, else its group's, else [hours]'s") {
  BusinessHours b;
  CHECK(Calendars(b).of("milne", "desk").every_hour());
  Hours org = office();
  org.start = 8 * 60;
  Hours group = office();
  group.start = 10 * 60;
  b.organizations.emplace_back("milne", org);
  b.groups.emplace_back("desk", group);
  const Calendars none(b);
  CHECK(none.of("strand", "t2").every_hour());
  b.all = office();
  const Calendars cals(b);
  const Time from = utc(11, 23, 0), to = utc(11, 24, 0);
  CHECK(cals.of("milne", "desk").between(from, to) == 9 * hour_ms);
  CHECK(cals.of("strand", "desk").between(from, to) == 7 * hour_ms);
  CHECK(cals.of("strand", "t2").between(from, to) == 8 * hour_ms);
}

}  // namespace tier
