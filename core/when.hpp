#pragma once

#include <optional>
#include <string_view>

#include "core/time.hpp"
#include "core/zone.hpp"

namespace tier {

/// Which way a relative time goes: back for "since"-like options (a
/// duration is that long ago, "monday" the most recent one), ahead for
/// "at"-like ones (a duration is that far ahead, "monday" the next one).
enum class Lean { Back, Ahead };

/// A time as a person types it on the command line, read in `zone` at `now`:
///  - RFC 3339 with an offset ("2026-12-04T15:00:00Z"): that instant;
///  - a local date and time ("2026-12-04 10:00", "2026-12-04T10:00:30"), a
///    local date ("2026-12-04": its midnight), a time of today ("10:00");
///  - now, today, yesterday, tomorrow, a weekday (monday or mon), each
///    optionally followed by a time ("tomorrow 10:00"); a day alone is its
///    midnight. A weekday leaning back is the most recent one (today
///    included); leaning ahead, the next one (after today);
///  - a duration ("3d", "4h", "1d12h"): that long ago, or that far ahead.
/// A local time the clocks skip is the same wall time after the skip, one
/// they repeat the earlier (Zone::instant). nullopt when it is none of these.
std::optional<Time> parse_when(std::string_view text, Time now, const Zone& zone, Lean lean);

/// The forms parse_when() reads, for a usage error's hint.
extern const char* const when_forms;

}  // namespace tier
