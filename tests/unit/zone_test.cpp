// Time zones (core/zone), from the system's tz database.

#include "core/zone.hpp"

#include <doctest/doctest.h>

namespace tier {

TEST_CASE("zone: UTC needs no database") {
  const Zone& z = Zone::utc();
  CHECK(z.name() == "UTC");
  const Time t = from_civil(2026, 12, 4, 15, 0);
  CHECK(format_local(t, z) == "2026-12-04 15:00 UTC");
  CHECK(z.instant(to_civil(t)) == t);
  CHECK(Zone::find("UTC")->name() == "UTC");
}

TEST_CASE("zone: a zone with daylight saving shows each instant with its abbreviation") {
  const auto ny = Zone::find("America/New_York");
  REQUIRE(ny);
  CHECK(format_local(from_civil(2026, 12, 4, 15, 0), *ny) == "2026-12-04 10:00 EST");
  CHECK(format_local(from_civil(2026, 7, 4, 15, 0), *ny) == "2026-07-04 11:00 EDT");
  CHECK(ny->local(from_civil(2026, 12, 4, 15, 0)).offset == -5 * 3600);
  // The switch days of 2026: March 8 (2:00 -> 3:00) and November 1 (2:00 -> 1:00).
  CHECK(format_local(from_civil(2026, 3, 8, 6, 59), *ny) == "2026-03-08 01:59 EST");
  CHECK(format_local(from_civil(2026, 3, 8, 7, 0), *ny) == "2026-03-08 03:00 EDT");
  CHECK(format_local(from_civil(2026, 11, 1, 5, 30), *ny) == "2026-11-01 01:30 EDT");
  CHECK(format_local(from_civil(2026, 11, 1, 6, 30), *ny) == "2026-11-01 01:30 EST");
}

TEST_CASE("zone: a local time to an instant, across the skipped and the repeated hour") {
  const auto ny = Zone::find("America/New_York");
  REQUIRE(ny);
  CHECK(ny->instant(Civil{2026, 12, 4, 10, 0, 0, 0}) == from_civil(2026, 12, 4, 15, 0));
  // 02:30 does not exist on March 8: the wall time after the skip, 03:30 EDT.
  CHECK(ny->instant(Civil{2026, 3, 8, 2, 30, 0, 0}) == from_civil(2026, 3, 8, 7, 30));
  // 01:30 happens twice on November 1: the earlier, in EDT.
  CHECK(ny->instant(Civil{2026, 11, 1, 1, 30, 0, 0}) == from_civil(2026, 11, 1, 5, 30));
}

TEST_CASE("zone: an unknown name is no zone") {
  CHECK(!Zone::find("Nowhere/City"));
  CHECK(!Zone::find(""));
  CHECK(Zone::find("Europe/Berlin")->local(from_civil(2026, 1, 1, 0, 0)).abbrev == "CET");
}

}  // namespace tier
