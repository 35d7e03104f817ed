#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/policy.hpp"
#include "core/time.hpp"
#include "core/zone.hpp"

/// The clock of business hours (tier-config(5) [hours]): how much working
/// time lies between two instants, and when a working time is reached.
/// Working days are the local days of the zone that are among `days` and not
/// holidays; their working time runs from `start` to `end` local time, as
/// much real time as passes between the two (on the day the clocks go
/// forward, an hour less when the skipped hour lies between them).
namespace tier {

/// The instants the clocks and the figures know, 1970-01-01 to 2200-01-01
/// (UTC, the end excluded): no working time lies outside them, and no row
/// of months or weeks, so that a ticket dated in the year 1 or 9999 (a
/// hostile or broken file) costs no more than a help desk's lifetime.
inline constexpr Time known_from{0}, known_until{7'258'118'400'000};

class Calendar {
 public:
  /// Every hour counts.
  Calendar() = default;
  /// These hours; a zone the database lacks is taken as UTC (the config
  /// reader refuses one).
  explicit Calendar(const Hours& hours);

  bool every_hour() const { return !hours_; }

  /// Working time in [from, to), in milliseconds; 0 when `to` is not after `from`.
  std::int64_t between(Time from, Time to) const;

  /// The first instant at which `ms` of working time have passed since
  /// `from`: `from` itself for 0, the end of a working stretch when the time
  /// runs out exactly there.
  Time add(Time from, std::int64_t ms) const;

 private:
  struct Span {
    std::int64_t from, to;  // UTC milliseconds
    std::int64_t before;    // working time of the spans before this one
  };
  // Working time from the start of the covered range up to `t`; `t` within it.
  std::int64_t cumulative(std::int64_t t) const;
  // Makes the spans cover [from, to) (UTC milliseconds), a year at a time.
  void cover(std::int64_t from, std::int64_t to) const;
  void build(std::int64_t first_day, std::int64_t last_day) const;

  std::optional<Hours> hours_;
  Zone zone_ = Zone::utc();
  // Built as queries need them: the working stretches of the local days
  // [first_day_, last_day_), which decide exactly the instants in
  // [valid_from_, valid_to_) (a zone is less than a day from UTC).
  mutable std::vector<Span> spans_;
  mutable std::int64_t first_day_ = 0, last_day_ = 0;
  mutable std::int64_t valid_from_ = 0, valid_to_ = 0;
};

/// The calendars of a policy, one per [hours] table, and the ticket's
/// choice among them (BusinessHours::of).
class Calendars {
 public:
  explicit Calendars(const BusinessHours& hours);
  /// The calendar of a ticket of this organization created in this group.
  const Calendar& of(std::string_view organization, std::string_view intake_group) const;

 private:
  Calendar every_hour_;
  std::optional<Calendar> all_;
  std::map<std::string, Calendar, std::less<>> organizations_, groups_;
};

}  // namespace tier
