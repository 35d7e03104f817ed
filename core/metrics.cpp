#include "core/metrics.hpp"

#include <algorithm>
#include <set>

#include "core/notify.hpp"
#include "core/workflow.hpp"

namespace tier {
namespace {

bool stands_still(Status s) { return s == Status::Pending || s == Status::Resolved || s == Status::Closed; }

bool is_done(Status s) { return s == Status::Resolved || s == Status::Closed; }

std::uint32_t tier_bit(int tier) { return std::uint32_t{1} << std::clamp(tier, 0, max_tier); }

bool takes(Event e) { return e == Event::Claim || e == Event::Assign || e == Event::Appoint; }

// lower(a) == lower(b), without making either: once per entry of every log.
bool same_address(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = char(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = char(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// One pass over the log with the entries in `skip` left out; nullopt (and the
// entry's index in `refused`) when the effect layer refuses an entry.
std::optional<Facts> read_log(const Ticket& ticket, const std::set<std::size_t>& skip, std::size_t& refused) {
  Facts f;
  f.id = ticket.id;
  Ticket t;
  t.id = ticket.id;
  for (std::size_t i = 0; i < ticket.log.size(); ++i) {
    const LogEntry& e = ticket.log[i];
    if (e.is_void() || skip.count(i)) continue;
    const Status before = t.status;
    const int tier_before = t.tier;
    if (effect_in_place(t, e)) {
      refused = i;
      return std::nullopt;
    }
    // The replayed log grows to the whole log: one allocation, not many.
    if (t.log.capacity() < ticket.log.size()) t.log.reserve(ticket.log.size());

    switch (e.event) {
      case Event::Create:
        f.created = f.episode = e.at;
        f.intake_group = e.to;
        break;
      case Event::Escalate:
        ++f.escalations;
        f.escalated_from |= tier_bit(tier_before);
        break;
      case Event::Handback: ++f.handbacks; break;
      case Event::Resolve:
        if (!f.first_resolved_at) f.first_resolved_at = e.at;
        f.resolved_at = e.at;
        f.resolved_by = e.by;
        f.resolved_article = e.article;
        break;
      case Event::Reopen: ++f.reopens; break;
      case Event::Rate:
        f.csat = e.score;
        f.rated_at = e.at;
        break;
      default: break;
    }
    f.tiers_reached |= tier_bit(t.tier);
    if (takes(e.event) && f.first_claimant.empty()) f.first_claimant = e.event == Event::Claim ? e.by : e.assignee;
    const bool by_requester = !t.requester.email.empty() && same_address(e.by, t.requester.email);
    if (!f.first_response_at && replies_to_requester(e, t.requester.email)) f.first_response_at = e.at;
    if (!by_requester && e.event != Event::Close && e.event != Event::Rate && !e.by.empty()) {
      std::uint32_t agent = 0;
      while (agent < f.agents.size() && !same_address(f.agents[agent], e.by)) ++agent;
      if (agent == f.agents.size()) f.agents.push_back(lower(e.by));
      if (f.actions.empty() || f.actions.back() != Action{agent, e.at}) f.actions.push_back(Action{agent, e.at});
    }

    const bool was_still = stands_still(before), still = stands_still(t.status);
    if (still && !was_still) {
      f.pauses.push_back(Pause{e.at, std::nullopt});
    } else if (!still && was_still) {
      f.pauses.back().to = e.at;
      if (is_done(before)) f.episode = e.at;
    }
    if (is_done(t.status) && !is_done(before)) {
      f.done.push_back(Pause{e.at, std::nullopt});
    } else if (!is_done(t.status) && is_done(before)) {
      f.done.back().to = e.at;
    }
  }
  f.priority = t.priority;
  f.owner = t.owner;
  f.organization = t.requester.organization;
  f.category = t.category;
  if (f.resolved_at && is_done(t.status)) {
    f.first_contact = f.escalations == 0 && !f.first_claimant.empty() && f.resolved_by == f.first_claimant;
  } else {
    f.resolved_at.reset();
    f.resolved_by.clear();
    f.resolved_article.clear();
  }
  return f;
}

}  // namespace

Facts facts_of(const Ticket& ticket) {
  // A log the effect layer refuses an entry of (tier check reports it) is
  // read without that entry; a valid log is read once.
  std::set<std::size_t> skip;
  for (;;) {
    std::size_t refused = 0;
    if (auto f = read_log(ticket, skip, refused)) return std::move(*f);
    skip.insert(refused);
  }
}

std::int64_t working_ms(const Facts& f, Time at, const Calendar& calendar) {
  if (at <= f.created) return 0;
  std::int64_t total = calendar.between(f.created, at);
  for (const Pause& p : f.pauses) {
    const Time from = std::max(p.from, f.created);
    const Time to = p.to ? std::min(*p.to, at) : at;
    total -= calendar.between(from, to);
  }
  return std::max<std::int64_t>(total, 0);
}

std::optional<Time> reaches(const Facts& f, std::int64_t limit_ms, const Calendar& calendar) {
  Time cursor = f.created;
  std::int64_t worked = 0;
  for (const Pause& p : f.pauses) {
    if (p.from > cursor) {
      const std::int64_t run = calendar.between(cursor, p.from);
      if (worked + run >= limit_ms) return calendar.add(cursor, limit_ms - worked);
      worked += run;
    }
    if (!p.to) return std::nullopt;
    cursor = std::max(cursor, *p.to);
  }
  return calendar.add(cursor, limit_ms - worked);
}

bool open_at(const Facts& f, Time at) {
  if (!(f.created < at)) return false;
  for (const Pause& d : f.done)
    if (d.from < at && (!d.to || at <= *d.to)) return false;
  return true;
}

TicketFigures Clocks::measure(const Facts& f) const {
  TicketFigures out;
  const Calendar& cal = calendar(f);
  if (f.first_response_at) out.first_response_ms = working_ms(f, *f.first_response_at, cal);
  if (f.resolved_at) out.resolution_ms = working_ms(f, *f.resolved_at, cal);
  const Sla& s = sla(f.priority);
  if (f.resolved_at && (s.respond > 0 || s.resolve > 0)) {
    const bool answered = s.respond <= 0 || (out.first_response_ms && *out.first_response_ms <= s.respond * 1000);
    const bool in_time = s.resolve <= 0 || *out.resolution_ms <= s.resolve * 1000;
    out.sla_met = answered && in_time;
  }
  return out;
}

std::optional<std::int64_t> sla_left(const Facts& f, const Clocks& clocks, Time now) {
  if (!f.done.empty() && !f.done.back().to) return std::nullopt;
  const Sla& sla = clocks.sla(f.priority);
  if (sla.respond <= 0 && sla.resolve <= 0) return std::nullopt;
  const Calendar& cal = clocks.calendar(f);
  const std::int64_t worked = working_ms(f, now, cal);
  // What the clock had counted at the last reopen: a limit passed before it
  // falls due again there (breaches()), so the time left counts from it.
  const std::int64_t at_episode = f.episode > f.created ? working_ms(f, f.episode, cal) : 0;
  std::optional<std::int64_t> left;
  auto clock = [&](std::int64_t limit_s) {
    if (limit_s <= 0) return;
    const std::int64_t l = std::max(limit_s * 1000, at_episode) - worked;
    if (!left || l < *left) left = l;
  };
  if (!f.first_response_at) clock(sla.respond);
  clock(sla.resolve);
  return left;
}

std::string_view to_string(Clock c) { return c == Clock::Respond ? "respond" : "resolve"; }

std::vector<Breach> breaches(const Header& h, const Facts& f, const Clocks& clocks, Time now) {
  std::vector<Breach> out;
  if (h.status == Status::Resolved || h.status == Status::Closed) return out;
  const Sla& sla = clocks.sla(h.priority);
  const Calendar& cal = clocks.calendar(f);
  const std::int64_t worked = working_ms(f, now, cal);
  auto check = [&](Clock clock, std::int64_t limit_s) {
    const std::int64_t limit = limit_s * 1000;
    if (limit <= 0 || worked <= limit) return;
    const std::optional<Time> passed = reaches(f, limit, cal);
    if (!passed) return;  // cannot happen when worked > limit; kept total
    // A clock that ran out before the last resolution falls due again at the reopen.
    const Time due = std::max(*passed, f.episode);
    Breach b;
    b.id = h.id;
    b.clock = clock;
    b.due = due;
    b.overdue_ms = worked - working_ms(f, due, cal);
    b.key = h.id + "/" + std::string(to_string(clock)) + "/" + format_time(due);
    out.push_back(std::move(b));
  };
  if (!f.first_response_at) check(Clock::Respond, sla.respond);
  check(Clock::Resolve, sla.resolve);
  return out;
}

}  // namespace tier
