#include "core/zone.hpp"

#include <chrono>
#include <cstdio>
#include <stdexcept>

#include <date/tz.h>

namespace tier {
namespace {

using std::chrono::milliseconds;
using sys_ms = date::sys_time<milliseconds>;
using local_ms = date::local_time<milliseconds>;

Civil civil_of(const local_ms& t) {
  const auto day = date::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<milliseconds> hms{t - day};
  return Civil{int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
               int(hms.minutes().count()), int(hms.seconds().count()), int(hms.subseconds().count())};
}

local_ms local_of(const Civil& c) {
  const date::local_days day{date::year{c.year} / date::month{c.month} / date::day{c.day}};
  return local_ms{day.time_since_epoch() + std::chrono::hours{c.hour} + std::chrono::minutes{c.minute} +
                  std::chrono::seconds{c.second} + milliseconds{c.millisecond}};
}

}  // namespace

const Zone& Zone::utc() {
  static const Zone zone;
  return zone;
}

std::optional<Zone> Zone::find(std::string_view name) {
  if (name == "UTC" || name == "Etc/UTC" || name == "Z") return utc();
  try {
    Zone z;
    z.tz_ = date::locate_zone(name);
    z.name_ = std::string(name);
    return z;
  } catch (const std::exception&) {
    return std::nullopt;  // no such zone, or no database to look in
  }
}

Zone::Local Zone::local(Time t) const {
  const sys_ms instant{milliseconds{t.ms}};
  if (!tz_) return Local{civil_of(local_ms{instant.time_since_epoch()}), 0, "UTC"};
  const date::sys_info info = tz_->get_info(instant);
  const local_ms here{instant.time_since_epoch() + info.offset};
  return Local{civil_of(here), int(info.offset.count()), info.abbrev};
}

Time Zone::instant(const Civil& c) const {
  const local_ms here = local_of(c);
  if (!tz_) return Time{here.time_since_epoch().count()};
  const date::local_info info = tz_->get_info(date::floor<std::chrono::seconds>(here));
  switch (info.result) {
    case date::local_info::unique:
    case date::local_info::ambiguous:  // the earlier: the first offset
      return Time{(here.time_since_epoch() - info.first.offset).count()};
    case date::local_info::nonexistent:  // the wall time after the skip: the offset before it
      return Time{(here.time_since_epoch() - info.first.offset).count()};
  }
  return Time{(here.time_since_epoch() - info.first.offset).count()};
}

std::string format_local(Time t, const Zone& zone) {
  const Zone::Local l = zone.local(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d", l.civil.year, l.civil.month, l.civil.day, l.civil.hour,
                l.civil.minute);
  return std::string(buf) + " " + l.abbrev;
}

}  // namespace tier
