#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/metrics.hpp"
#include "core/ticket.hpp"

/// An agent's day (tier-day(1)): which service-level clocks fall due, and
/// which tickets came back to the agent while they were away. Pure: the
/// ticket, its facts, the clocks and the times come in, nothing is read.
namespace tier {

/// A service-level clock of a ticket that is past due at `now` or falls due
/// before the end of the day.
struct Deadline {
  std::string id;
  Clock clock = Clock::Respond;
  Time due;              ///< wall time
  bool breached = false; ///< past due at `now`
  friend bool operator==(const Deadline&, const Deadline&) = default;
};

/// The clocks of one ticket that are past due at `now` (breaches()) or fall
/// due at or after `now` and before `until`; respond before resolve. None
/// for a resolved or closed ticket, nor while its clocks stand still
/// (pending on the requester).
std::vector<Deadline> deadlines(const Header& header, const Facts& facts, const Clocks& clocks, Time now,
                                Time until);

/// Why a ticket is back on an agent's desk.
enum class Returned {
  Handback,   ///< a higher tier handed it back
  Assigned,   ///< someone else assigned it to the agent
  Appointed,  ///< someone else booked the agent for a visit
  Reply,      ///< the requester wrote (by mail or on their behalf)
  Reopened,   ///< it was reopened
};
std::string_view to_string(Returned r);

struct Comeback {
  Returned why = Returned::Reply;
  Time at;         ///< the latest such entry
  std::string by;  ///< who wrote it
  friend bool operator==(const Comeback&, const Comeback&) = default;
};

/// The latest entry after `since` (exclusive) that put `ticket` back before
/// `agent`, who holds or owns it once that entry applies: a hand-back to
/// them, an assignment or an appointment of them by someone else, a reply
/// of the requester, a reopen by someone else. Entries by the agent
/// themselves, void entries and entries the replay refuses never count.
std::optional<Comeback> came_back(const Ticket& ticket, const std::string& agent, Time since);

}  // namespace tier
