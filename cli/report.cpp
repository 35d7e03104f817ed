#include "cli/report.hpp"

#include <cmath>

#include "core/error.hpp"

namespace tier::cli {

nlohmann::json json_number(double v) {
  if (std::isfinite(v) && std::trunc(v) == v && std::fabs(v) < 9e15) return static_cast<std::int64_t>(v);
  return v;
}

nlohmann::json figures_json(const Figures& x) {
  auto opt = [](const std::optional<double>& v) { return v ? json_number(*v) : nlohmann::json(nullptr); };
  nlohmann::json rates = nlohmann::json::object();
  for (const auto& [tier, rate] : x.escalation_rate) rates[std::to_string(tier)] = json_number(rate);
  return {
      {"created", x.created},
      {"resolved", x.resolved},
      {"handled", x.handled},
      {"backlog", x.backlog},
      {"first_contact_resolution", opt(x.first_contact_resolution)},
      {"first_response_mean", opt(x.first_response_mean)},
      {"first_response_median", opt(x.first_response_median)},
      {"resolution_mean", opt(x.resolution_mean)},
      {"resolution_median", opt(x.resolution_median)},
      {"sla_compliance", opt(x.sla_compliance)},
      {"reopen_rate", opt(x.reopen_rate)},
      {"escalation_rate", rates},
      {"escalated_twice", x.escalated_twice},
      {"handbacks_per_ticket", opt(x.handbacks_per_ticket)},
      {"csat_mean", opt(x.csat_mean)},
      {"csat_count", x.csat_count},
      {"resolved_by_article", x.resolved_by_article},
  };
}

}  // namespace tier::cli
