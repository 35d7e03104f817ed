#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/metrics.hpp"

/// The figures of tier-stats(1), aggregated from each ticket's Facts. Pure.
///
/// A period [since, until) counts a ticket by what happened in it:
/// - created in it: created, first response, escalation rate, escalated
///   twice, hand-backs per ticket;
/// - last resolved in it (and resolved or closed now): resolved,
///   first-contact resolution, resolution time, CSAT, resolved by an
///   article of the knowledge base.
namespace tier {

struct Period {
  std::optional<Time> since;  ///< inclusive; unset: from the beginning
  std::optional<Time> until;  ///< exclusive; unset: to the end
  bool contains(Time t) const { return (!since || t >= *since) && (!until || t < *until); }
};

/// The figures of one row. Times in seconds, rates from 0 to 1; nullopt where
/// there is nothing to measure.
struct Figures {
  std::int64_t created = 0;
  std::int64_t resolved = 0;
  std::optional<double> first_contact_resolution;  ///< of the resolved
  std::optional<double> first_response_mean;       ///< of the created that had one
  std::optional<double> first_response_median;
  std::optional<double> resolution_mean;           ///< of the resolved
  std::optional<double> resolution_median;
  /// By tier: of the created tickets that reached the tier, the share
  /// escalated from it. Only tiers some created ticket reached.
  std::map<int, double> escalation_rate;
  std::int64_t escalated_twice = 0;                ///< created with two or more escalations
  std::optional<double> handbacks_per_ticket;      ///< hand-backs of the created / created
  std::optional<double> csat_mean;                 ///< latest ratings of the resolved
  std::int64_t csat_count = 0;
  std::int64_t resolved_by_article = 0;            ///< of the resolved, answered with an article
  friend bool operator==(const Figures&, const Figures&) = default;
};

/// How rows are keyed: by the intake group, the owner (the first agent who
/// took the ticket), the requester's organization, the category, or the
/// month (UTC, "2026-11") of the creation for the "created" figures and of
/// the resolution for the "resolved" ones.
enum class By { Nothing, Group, Agent, Organization, Category, Month };
std::string_view to_string(By by);
std::optional<By> parse_by(std::string_view s);

struct StatsRow {
  std::optional<std::string> key;  ///< nullopt: no owner / no category / By::Nothing
  Figures figures;
  friend bool operator==(const StatsRow&, const StatsRow&) = default;
};

namespace detail {
struct Accumulator {
  std::int64_t created = 0, resolved = 0, first_contact = 0, escalated_twice = 0, handbacks = 0;
  std::vector<std::int64_t> first_response, resolution;  // ms
  std::array<std::int64_t, max_tier + 1> reached{}, escalated{};
  std::int64_t csat_sum = 0, csat_count = 0, by_article = 0;
  void add_created(const Facts& f);
  void add_resolved(const Facts& f);
  Figures figures();
};
// Sorted by key, the unset key last.
struct KeyOrder {
  bool operator()(const std::optional<std::string>& a, const std::optional<std::string>& b) const {
    if (a && b) return *a < *b;
    return a.has_value() && !b.has_value();
  }
};
}  // namespace detail

/// The figures gathered one ticket at a time, so that a caller reading
/// facts from a cache need not hold them all.
class Tally {
 public:
  Tally(Period period, By by) : period_(period), by_(by) {}
  void add(const Facts& f);
  /// The rows: one (key unset) for By::Nothing, even over no tickets; else
  /// one per key that has a ticket in the period, sorted by key, the unset
  /// key last.
  std::vector<StatsRow> rows();

 private:
  Period period_;
  By by_;
  detail::Accumulator all_;
  std::map<std::optional<std::string>, detail::Accumulator, detail::KeyOrder> keyed_;
};

/// Tally over all the tickets.
std::vector<StatsRow> stats(const std::vector<Facts>& tickets, const Period& period, By by);

/// The median: the middle value, or the mean of the two middle values of an
/// even count; nullopt when empty. Reorders `values`.
std::optional<double> median(std::vector<std::int64_t>& values);

}  // namespace tier
