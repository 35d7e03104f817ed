#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/stats.hpp"
#include "core/time.hpp"

/// What stats, report and overdue share: their numbers in JSON.
namespace tier::cli {

/// A number for --json: an integer when it is whole (2700, not 2700.0).
nlohmann::json json_number(double v);

/// A row of figures as `tier stats --json` gives it: the keys of
/// tier-stats(1), times in seconds, shares from 0 to 1, null for nothing to measure.
nlohmann::json figures_json(const Figures& figures);

}  // namespace tier::cli
