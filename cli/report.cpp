#include "cli/report.hpp"

#include <cmath>

#include "core/error.hpp"

namespace tier::cli {

nlohmann::json json_number(double v) {
  if (std::isfinite(v) && std::trunc(v) == v && std::fabs(v) < 9e15) return static_cast<std::int64_t>(v);
  return v;
}

Time parse_when(std::string_view text, std::string_view option, Time now) {
  if (auto t = parse_time(text)) return *t;
  if (auto seconds = parse_duration(text)) return Time{now.ms - *seconds * 1000};
  throw Error(Exit::Usage, "bad time '" + std::string(text) + "' for '" + std::string(option) + "'",
              "give an RFC 3339 date or time (2026-11-01) or a duration back from now (30d)");
}

}  // namespace tier::cli
