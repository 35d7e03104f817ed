#include "core/zone.hpp"

#include <dlfcn.h>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <stdexcept>

#include <date/tz.h>

namespace tier {
namespace {

// The date library's time zones (libdate-tz), loaded with dlopen when the
// first zone other than UTC is looked up. Linked, it loaded and relocated
// the shared libstdc++ it is built against at every start of tier (which
// has its own, linked statically): about half the instructions of `tier
// --version`. Three functions are used, looked up by their C++ names in
// the library's ABI (its soname); the two members through member-function
// pointers made from their addresses (the Itanium C++ ABI's {address, 0}).
struct DateTz {
  const date::time_zone* (*locate_zone)(std::string_view) = nullptr;
  date::sys_info (date::time_zone::*sys_info)(date::sys_seconds) const = nullptr;
  date::local_info (date::time_zone::*local_info)(date::local_seconds) const = nullptr;
};

template <class Member>
Member member_at(void* address) {
  struct {
    void* address;
    std::ptrdiff_t adjust;
  } raw{address, 0};
  static_assert(sizeof(Member) == sizeof raw, "a member-function pointer is {address, adjustment}");
  Member m;
  std::memcpy(&m, &raw, sizeof m);
  return m;
}

// The library, or null when it cannot be loaded (then only UTC is known).
const DateTz* date_tz() {
  static std::once_flag once;
  static DateTz lib;
  static bool loaded = false;
  std::call_once(once, [] {
    void* h = dlopen("libdate-tz.so.3", RTLD_NOW | RTLD_LOCAL);
    if (h == nullptr) return;
    void* locate = dlsym(h, "_ZN4date11locate_zoneESt17basic_string_viewIcSt11char_traitsIcEE");
    void* sys = dlsym(h,
                      "_ZNK4date9time_zone13get_info_implENSt6chrono10time_pointINS1_3_V212system_clockENS1_"
                      "8durationIlSt5ratioILl1ELl1EEEEEE");
    void* local = dlsym(h,
                        "_ZNK4date9time_zone13get_info_implENSt6chrono10time_pointINS_7local_tENS1_8durationIlSt5"
                        "ratioILl1ELl1EEEEEE");
    if (locate == nullptr || sys == nullptr || local == nullptr) return;
    lib.locate_zone = reinterpret_cast<const date::time_zone* (*)(std::string_view)>(locate);
    lib.sys_info = member_at<decltype(lib.sys_info)>(sys);
    lib.local_info = member_at<decltype(lib.local_info)>(local);
    loaded = true;
  });
  return loaded ? &lib : nullptr;
}

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
  const DateTz* lib = date_tz();
  if (lib == nullptr) return std::nullopt;
  try {
    Zone z;
    z.tz_ = lib->locate_zone(name);
    z.name_ = std::string(name);
    return z;
  } catch (const std::exception&) {
    return std::nullopt;  // no such zone, or no database to look in
  }
}

Zone::Local Zone::local(Time t) const {
  const sys_ms instant{milliseconds{t.ms}};
  if (!tz_) return Local{civil_of(local_ms{instant.time_since_epoch()}), 0, "UTC"};
  const date::sys_info info = (tz_->*date_tz()->sys_info)(date::floor<std::chrono::seconds>(instant));
  const local_ms here{instant.time_since_epoch() + info.offset};
  return Local{civil_of(here), int(info.offset.count()), info.abbrev};
}

Time Zone::instant(const Civil& c) const {
  const local_ms here = local_of(c);
  if (!tz_) return Time{here.time_since_epoch().count()};
  const date::local_info info = (tz_->*date_tz()->local_info)(date::floor<std::chrono::seconds>(here));
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
