#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/policy.hpp"
#include "core/ticket.hpp"

/// What a ticket's log says for the reports (tier-stats(1)) and the service
/// levels (tier-overdue(1)). Pure: everything comes from the log, replayed
/// with the effect layer of core/workflow, and void entries are ignored.
///
/// Working time is the time a ticket spends new, open or escalated: the
/// clocks stand still while it is pending on the requester, and while it is
/// resolved or closed (so a reopened ticket's clocks go on from where they
/// stopped). Every time below is working time unless it says wall time.
namespace tier {

/// A stretch of wall time in which the clocks stood still, [from, to); `to`
/// unset: still standing at the end of the log.
struct Pause {
  Time from;
  std::optional<Time> to;
  friend bool operator==(const Pause&, const Pause&) = default;
};

/// The largest tier the reports keep apart; a higher tier counts as this one.
inline constexpr int max_tier = 15;

struct Facts {
  std::string id;
  Time created;
  std::string intake_group;    ///< the group the ticket was created in
  std::string owner;           ///< as replayed: the first agent who took it
  std::string organization;    ///< the requester's
  std::string category;        ///< the current one
  std::string first_claimant;  ///< the first agent who took it (claim, assign, appoint); empty when none

  /// The first response: the first claim, assign or appoint, or the first
  /// public comment or resolution by someone other than the requester.
  std::optional<Time> first_response_at;   ///< wall time
  std::optional<std::int64_t> first_response_ms;  ///< working time from creation to it

  /// The last resolution, set only while the ticket is resolved or closed (a
  /// reopened ticket is not resolved until it is resolved again).
  std::optional<Time> resolved_at;              ///< wall time
  std::optional<std::int64_t> resolution_ms;    ///< working time from creation to it
  std::string resolved_by;
  /// The slug of the article the last resolution answered with
  /// (tier resolve --article); empty when it named none.
  std::string resolved_article;
  /// Resolved, never escalated, and the last resolution made by the first claimant.
  bool first_contact = false;

  int escalations = 0;
  /// Bit n: the ticket was at tier n (at creation, or moved there) / was
  /// escalated from tier n at least once. Tiers above max_tier count as max_tier.
  std::uint32_t tiers_reached = 0;
  std::uint32_t escalated_from = 0;
  int handbacks = 0;
  std::optional<int> csat;  ///< the latest rating

  /// For the clocks: when they last started (creation, or the last reopen),
  /// and every stretch in which they stood still, in time order.
  Time episode;
  std::vector<Pause> pauses;

  friend bool operator==(const Facts&, const Facts&) = default;
};

/// Replays the ticket's log (void entries and entries the effect layer
/// refuses are skipped) and reads its facts.
Facts facts_of(const Ticket& ticket);

/// Working time from creation to `at`: wall time less the pauses.
std::int64_t working_ms(const Facts& f, Time at);

/// The wall time at which the working time reaches `limit_ms`, or nullopt
/// when it never does (the clocks stand still for good at the end of the log).
std::optional<Time> reaches(const Facts& f, std::int64_t limit_ms);

/// A service-level clock (tier-config(5) [sla.<priority>]).
enum class Clock { Respond, Resolve };
std::string_view to_string(Clock c);

/// A clock past its limit on a ticket that is not resolved or closed.
struct Breach {
  std::string id;
  Clock clock = Clock::Respond;
  /// When it fell due, wall time: when the working time passed the limit, or
  /// the last reopen when it had passed it before that resolution.
  Time due;
  std::int64_t overdue_ms = 0;  ///< working time since `due`
  /// "<id>/<clock>/<due as RFC 3339>": one breach, one key. The same breach
  /// keeps its key across runs; a breach that ends with a resolution and
  /// happens again after a reopen has a new one.
  std::string key;
  friend bool operator==(const Breach&, const Breach&) = default;
};

/// The clocks of one ticket past due at `now`: respond (no first response
/// yet and working time past [sla.<priority>] respond) and resolve (working
/// time past resolve). None for a resolved or closed ticket, nor for a clock
/// the policy does not set. Respond comes before resolve.
std::vector<Breach> breaches(const Header& header, const Facts& facts, const Policy& policy, Time now);

}  // namespace tier
