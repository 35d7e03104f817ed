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
/// tier-stats(1) defines every figure; this is the one place they are computed.
///
/// A period [since, until) counts a ticket by what happened in it:
/// - created in it: created, first response, escalation rate, escalated
///   twice, hand-backs per ticket;
/// - last resolved in it (and resolved or closed now): resolved,
///   first-contact resolution, resolution time, SLA compliance, resolved
///   by an article of the knowledge base;
/// - first resolved in it: reopen rate;
/// - its latest rating given in it: CSAT;
/// - an agent's entry in it: handled;
/// - open at its end: backlog.
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
  std::int64_t handled = 0;                        ///< tickets an agent wrote an entry in
  std::int64_t backlog = 0;                        ///< open at the end of the period
  std::optional<double> first_contact_resolution;  ///< of the resolved
  std::optional<double> first_response_mean;       ///< of the created that had one
  std::optional<double> first_response_median;
  std::optional<double> resolution_mean;           ///< of the resolved
  std::optional<double> resolution_median;
  std::optional<double> sla_compliance;            ///< of the resolved with a service level
  std::optional<double> reopen_rate;               ///< of the first resolved, the share reopened since
  /// By tier: of the created tickets that reached the tier, the share
  /// escalated from it. Only tiers some created ticket reached.
  std::map<int, double> escalation_rate;
  std::int64_t escalated_twice = 0;                ///< created with two or more escalations
  std::optional<double> handbacks_per_ticket;      ///< hand-backs of the created / created
  std::optional<double> csat_mean;                 ///< latest ratings given in the period
  std::int64_t csat_count = 0;
  std::int64_t resolved_by_article = 0;            ///< of the resolved, answered with an article
  friend bool operator==(const Figures&, const Figures&) = default;
};

/// How rows are keyed: by the intake group, each agent who acted on the
/// ticket, the requester's organization, the category, or the month
/// ("2026-11") or week (its Monday, "2026-11-02") in UTC in which each
/// figure's event happened.
enum class By { Nothing, Group, Agent, Organization, Category, Month, Week };
std::string_view to_string(By by);
std::optional<By> parse_by(std::string_view s);

struct StatsRow {
  std::optional<std::string> key;  ///< nullopt: no owner / no category / By::Nothing
  Figures figures;
  friend bool operator==(const StatsRow&, const StatsRow&) = default;
};

namespace detail {
struct Accumulator {
  std::int64_t created = 0, resolved = 0, handled = 0, backlog = 0, first_contact = 0, escalated_twice = 0,
               handbacks = 0;
  std::int64_t first_resolved = 0, reopened = 0, sla_measured = 0, sla_met = 0;
  std::vector<std::int64_t> first_response, resolution;  // ms
  std::array<std::int64_t, max_tier + 1> reached{}, escalated{};
  std::int64_t csat_sum = 0, csat_count = 0, by_article = 0;
  void add_created(const Facts& f, const TicketFigures& m);
  void add_resolved(const Facts& f, const TicketFigures& m);
  void add_first_resolved(const Facts& f);
  void add_rated(const Facts& f);
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
  /// `now` ends a period without `until` (the backlog is counted then, what
  /// happened at `now` included), and the rows of months or weeks.
  Tally(Period period, By by, const Clocks& clocks, Time now);
  void add(const Facts& f) { add(f, clocks_.measure(f)); }
  /// The same with the ticket's figures measured already (by these clocks),
  /// for a caller that fills several tallies.
  void add(const Facts& f, const TicketFigures& m);
  /// The rows: one (key unset) for By::Nothing, even over no tickets; by
  /// month or week, one for every month or week from the first to the last
  /// of the period (from the first with a figure when `since` is unset, to
  /// the one of `now` or later when `until` is); else one per key with a
  /// figure in the period (a backlog included), sorted by key, the unset key last.
  std::vector<StatsRow> rows();

 private:
  bool by_time() const { return by_ == By::Month || by_ == By::Week; }
  void add_keyed(const Facts& f, const TicketFigures& m);
  void add_timed(const Facts& f, const TicketFigures& m);

  Period period_;
  By by_;
  const Clocks& clocks_;
  Time now_;
  Time end_;  // the end of the period: until, or now
  detail::Accumulator all_;
  std::map<std::optional<std::string>, detail::Accumulator, detail::KeyOrder> keyed_;
  // By month or week: the accumulators by index of the month or week, and
  // the changes of the backlog in each (+1 a ticket created or reopened,
  // -1 one resolved or closed).
  std::map<std::int64_t, detail::Accumulator> timed_;
  std::map<std::int64_t, std::int64_t> backlog_change_;
  std::vector<std::int64_t> scratch_;  // the months or weeks of one ticket's entries
};

/// Tally over all the tickets.
std::vector<StatsRow> stats(const std::vector<Facts>& tickets, const Period& period, By by, const Clocks& clocks,
                            Time now);

/// The median: the middle value, or the mean of the two middle values of an
/// even count; nullopt when empty. Reorders `values`.
std::optional<double> median(std::vector<std::int64_t>& values);

}  // namespace tier
