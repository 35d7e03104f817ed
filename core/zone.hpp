#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace date {
class time_zone;
}

namespace tier {

/// A time zone of the IANA database ("Europe/Berlin", "America/New_York"),
/// read from the system's database (Debian's tzdata, /usr/share/zoneinfo)
/// through the date library on first use. Times are stored in UTC; a zone
/// only shows them, and reads what a person types.
class Zone {
 public:
  /// UTC, which needs no database.
  static const Zone& utc();
  /// The zone of that name, or nullopt when the database has none.
  static std::optional<Zone> find(std::string_view name);

  const std::string& name() const { return name_; }

  /// An instant as the zone sees it: the local civil time, the offset from
  /// UTC and the abbreviation in force ("EST", "CEST"; "UTC").
  struct Local {
    Civil civil;
    int offset = 0;  ///< seconds east of UTC
    std::string abbrev;
  };
  Local local(Time t) const;

  /// The instant of a local civil time. A time that the clocks skip (spring
  /// forward) is taken as the same wall time after the skip; one they
  /// repeat (fall back) as the earlier of the two.
  Time instant(const Civil& c) const;

 private:
  const date::time_zone* tz_ = nullptr;  // null: UTC
  std::string name_ = "UTC";
};

/// "2026-12-04 10:00 EST": a time to the minute in a zone, with its abbreviation.
std::string format_local(Time t, const Zone& zone);

}  // namespace tier
