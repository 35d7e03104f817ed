#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/stats.hpp"
#include "core/time.hpp"

/// What stats, report and overdue share: their numbers in JSON and their times on
/// the command line.
namespace tier::cli {

/// A number for --json: an integer when it is whole (2700, not 2700.0).
nlohmann::json json_number(double v);

/// A row of figures as `tier stats --json` gives it: the keys of
/// tier-stats(1), times in seconds, shares from 0 to 1, null for nothing to measure.
nlohmann::json figures_json(const Figures& figures);

/// A time given to an option: an RFC 3339 date or time ("2026-11-01",
/// "2026-11-01T09:00:00Z"), or a duration back from `now` ("30d"). Usage
/// error naming the option otherwise.
Time parse_when(std::string_view text, std::string_view option, Time now);

}  // namespace tier::cli
