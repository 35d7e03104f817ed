#include "core/day.hpp"

#include <algorithm>

#include "core/workflow.hpp"

namespace tier {

std::vector<Deadline> deadlines(const Header& h, const Facts& f, const Clocks& clocks, Time now, Time until) {
  std::vector<Deadline> out;
  for (const Breach& b : breaches(h, f, clocks, now)) out.push_back({h.id, b.clock, b.due, true});
  if (h.status == Status::Resolved || h.status == Status::Closed) return out;
  const Sla& sla = clocks.sla(h.priority);
  const Calendar& cal = clocks.calendar(f);
  auto upcoming = [&](Clock clock, std::int64_t limit_s) {
    if (limit_s <= 0) return;
    for (const Deadline& d : out)
      if (d.clock == clock) return;  // already past due
    const std::optional<Time> due = reaches(f, limit_s * 1000, cal);
    if (!due || *due < now || !(*due < until)) return;
    out.push_back({h.id, clock, *due, false});
  };
  if (!f.first_response_at) upcoming(Clock::Respond, sla.respond);
  upcoming(Clock::Resolve, sla.resolve);
  std::stable_sort(out.begin(), out.end(), [](const Deadline& a, const Deadline& b) { return a.clock < b.clock; });
  return out;
}

std::string_view to_string(Returned r) {
  switch (r) {
    case Returned::Handback: return "handback";
    case Returned::Assigned: return "assigned";
    case Returned::Appointed: return "appointed";
    case Returned::Reply: return "reply";
    case Returned::Reopened: return "reopened";
  }
  return "?";
}

std::optional<Comeback> came_back(const Ticket& ticket, const std::string& agent, Time since) {
  Ticket t;
  t.id = ticket.id;
  std::optional<Comeback> last;
  for (const LogEntry& e : ticket.log) {
    if (e.is_void()) continue;
    const bool by_requester = requester_entry(t, e);
    if (effect_in_place(t, e)) continue;  // refused: no effect, never counts
    if (!(since < e.at) || e.by == agent) continue;
    const bool theirs = t.assignee == agent || t.owner == agent;
    std::optional<Returned> why;
    switch (e.event) {
      case Event::Handback: if (t.assignee == agent) why = Returned::Handback; break;
      case Event::Assign: if (t.assignee == agent) why = Returned::Assigned; break;
      case Event::Appoint: if (t.assignee == agent) why = Returned::Appointed; break;
      case Event::Comment: if (by_requester && theirs) why = Returned::Reply; break;
      case Event::Reopen: if (theirs) why = Returned::Reopened; break;
      default: break;
    }
    if (why) last = Comeback{*why, e.at, e.by};
  }
  // Back on the desk only while it is still there: held by the agent, or,
  // for a reply or a reopen, owned by them.
  if (!last || t.status == Status::Closed) return std::nullopt;
  const bool reply = last->why == Returned::Reply || last->why == Returned::Reopened;
  if (t.assignee != agent && !(reply && t.owner == agent)) return std::nullopt;
  return last;
}

}  // namespace tier
