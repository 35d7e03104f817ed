#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/hours.hpp"
#include "core/policy.hpp"
#include "core/ticket.hpp"

/// What a ticket's log says for the reports (tier-stats(1)) and the service
/// levels (tier-overdue(1)). Pure: everything comes from the log, replayed
/// with the effect layer of core/workflow, and void entries are ignored.
///
/// Facts hold wall times only, so that they depend on the log alone and a
/// cache may keep them across changes of the config. Working time is
/// computed from them with a Calendar (business hours, core/hours.hpp): the
/// time a ticket spends new, open or escalated, within business hours when
/// the config has them; the clocks stand still while it is pending on the
/// requester, and while it is resolved or closed (so a reopened ticket's
/// clocks go on from where they stopped).
namespace tier {

/// A stretch of wall time, [from, to); `to` unset: still going on at the
/// end of the log.
struct Pause {
  Time from;
  std::optional<Time> to;
  friend bool operator==(const Pause&, const Pause&) = default;
};

/// An entry an agent wrote: anything but a close (cron's) or a rating (the
/// requester's), by anyone but the requester. `agent` indexes Facts::agents
/// (a plain value, so that a cache reads thousands without an allocation).
struct Action {
  std::uint32_t agent = 0;
  Time at;
  friend bool operator==(const Action&, const Action&) = default;
};

/// The largest tier the reports keep apart; a higher tier counts as this one.
inline constexpr int max_tier = 15;

struct Facts {
  std::string id;
  Time created;
  Priority priority = Priority::Normal;  ///< the current one
  std::string intake_group;    ///< the group the ticket was created in
  std::string owner;           ///< as replayed: the first agent who took it
  std::string organization;    ///< the requester's
  std::string category;        ///< the current one
  std::string first_claimant;  ///< the first agent who took it (claim, assign, appoint); empty when none

  /// The first response: the first public reply by an agent, which the
  /// requester is mailed (a public comment or resolution, an appointment),
  /// by someone other than the requester. Taking the ticket is none.
  std::optional<Time> first_response_at;

  /// The first resolution ever.
  std::optional<Time> first_resolved_at;
  /// The last resolution, set only while the ticket is resolved or closed (a
  /// reopened ticket is not resolved until it is resolved again).
  std::optional<Time> resolved_at;
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
  int reopens = 0;
  std::optional<int> csat;       ///< the latest rating
  std::optional<Time> rated_at;  ///< when it was given

  /// For the clocks: when they last started (creation, or the last reopen),
  /// and every stretch in which they stood still, in time order.
  Time episode;
  std::vector<Pause> pauses;
  /// Every stretch in which the ticket was resolved or closed, in time order.
  std::vector<Pause> done;
  /// The agents who wrote an entry, lower-case, each once, in the order of
  /// their first; and their entries, in log order, one per agent and time.
  std::vector<std::string> agents;
  std::vector<Action> actions;

  friend bool operator==(const Facts&, const Facts&) = default;
};

/// Replays the ticket's log (void entries and entries the effect layer
/// refuses are skipped) and reads its facts.
Facts facts_of(const Ticket& ticket);

/// Working time from creation to `at`: the calendar's working time less the pauses.
std::int64_t working_ms(const Facts& f, Time at, const Calendar& calendar = Calendar());

/// The wall time at which the working time reaches `limit_ms`, or nullopt
/// when it never does (the clocks stand still for good at the end of the log).
std::optional<Time> reaches(const Facts& f, std::int64_t limit_ms, const Calendar& calendar = Calendar());

/// Whether the ticket is open at the end of a period that ends at `at`
/// (exclusive): created before `at`, and not resolved or closed just before it.
bool open_at(const Facts& f, Time at);

/// The figures of one ticket (tier-stats(1), tier-export(1) --metrics).
struct TicketFigures {
  std::optional<std::int64_t> first_response_ms;  ///< working time from creation to the first response
  std::optional<std::int64_t> resolution_ms;      ///< to the last resolution, while resolved or closed
  /// Resolved (or closed) with a service level for its priority: the first
  /// response within [sla.<priority>] respond and the resolution within
  /// resolve (a clock the policy does not set is met).
  std::optional<bool> sla_met;
  friend bool operator==(const TicketFigures&, const TicketFigures&) = default;
};

/// The clocks of a policy: its business hours and its service levels.
class Clocks {
 public:
  explicit Clocks(const Policy& policy) : calendars_(policy.hours), sla_(policy.sla) {}
  const Calendar& calendar(const Facts& f) const { return calendars_.of(f.organization, f.intake_group); }
  const Sla& sla(Priority p) const { return sla_[static_cast<std::size_t>(p)]; }
  TicketFigures measure(const Facts& f) const;

 private:
  Calendars calendars_;
  std::array<Sla, 4> sla_;
};

/// The service-level time left on a ticket at `now`, in milliseconds of
/// working time (as the clocks count it): the least of its running clocks'
/// (respond, until the first response, and resolve) limit less the working
/// time so far. At or below zero the clock is due or past due: then it is
/// minus the working time since the clock fell due, what breaches() calls
/// overdue_ms (a clock that ran out before a reopen falls due again at the
/// reopen). Frozen while the ticket is pending. nullopt for a resolved or
/// closed ticket, and when the policy sets no clock for its priority.
std::optional<std::int64_t> sla_left(const Facts& facts, const Clocks& clocks, Time now);

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
std::vector<Breach> breaches(const Header& header, const Facts& facts, const Clocks& clocks, Time now);

}  // namespace tier
