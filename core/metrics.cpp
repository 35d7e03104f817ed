#include "core/metrics.hpp"

#include <algorithm>
#include <set>

#include "core/workflow.hpp"

namespace tier {
namespace {

bool stands_still(Status s) { return s == Status::Pending || s == Status::Resolved || s == Status::Closed; }

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
  std::optional<Time> last_resolve;
  for (std::size_t i = 0; i < ticket.log.size(); ++i) {
    const LogEntry& e = ticket.log[i];
    if (e.is_void() || skip.count(i)) continue;
    const Status before = t.status;
    const int tier_before = t.tier;
    const bool was_still = stands_still(before);
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
        last_resolve = e.at;
        f.resolved_by = e.by;
        f.resolved_article = e.article;
        break;
      default: break;
    }
    f.tiers_reached |= tier_bit(t.tier);
    if (takes(e.event) && f.first_claimant.empty()) f.first_claimant = e.event == Event::Claim ? e.by : e.assignee;
    const bool by_requester = !t.requester.email.empty() && same_address(e.by, t.requester.email);
    const bool responds = takes(e.event) ||
                          ((e.event == Event::Comment || e.event == Event::Resolve) && !e.is_private() && !by_requester);
    if (responds && !f.first_response_at) f.first_response_at = e.at;

    const bool still = stands_still(t.status);
    if (still && !was_still) {
      f.pauses.push_back(Pause{e.at, std::nullopt});
    } else if (!still && was_still) {
      f.pauses.back().to = e.at;
      if (before == Status::Resolved || before == Status::Closed) f.episode = e.at;
    }
  }
  f.owner = t.owner;
  f.organization = t.requester.organization;
  f.category = t.category;
  f.csat = t.csat;
  if (f.first_response_at) f.first_response_ms = working_ms(f, *f.first_response_at);
  if (last_resolve && (t.status == Status::Resolved || t.status == Status::Closed)) {
    f.resolved_at = last_resolve;
    f.resolution_ms = working_ms(f, *last_resolve);
    f.first_contact = f.escalations == 0 && !f.first_claimant.empty() && f.resolved_by == f.first_claimant;
  } else {
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

std::int64_t working_ms(const Facts& f, Time at) {
  if (at <= f.created) return 0;
  std::int64_t total = at.ms - f.created.ms;
  for (const Pause& p : f.pauses) {
    const std::int64_t from = std::max(p.from.ms, f.created.ms);
    const std::int64_t to = p.to ? std::min(p.to->ms, at.ms) : at.ms;
    if (to > from) total -= to - from;
  }
  return std::max<std::int64_t>(total, 0);
}

std::optional<Time> reaches(const Facts& f, std::int64_t limit_ms) {
  std::int64_t cursor = f.created.ms;
  std::int64_t worked = 0;
  for (const Pause& p : f.pauses) {
    if (p.from.ms > cursor) {
      const std::int64_t run = p.from.ms - cursor;
      if (worked + run >= limit_ms) return Time{cursor + (limit_ms - worked)};
      worked += run;
    }
    if (!p.to) return std::nullopt;
    cursor = std::max(cursor, p.to->ms);
  }
  return Time{cursor + (limit_ms - worked)};
}

std::string_view to_string(Clock c) { return c == Clock::Respond ? "respond" : "resolve"; }

std::vector<Breach> breaches(const Header& h, const Facts& f, const Policy& policy, Time now) {
  std::vector<Breach> out;
  if (h.status == Status::Resolved || h.status == Status::Closed) return out;
  const Sla& sla = policy.sla[static_cast<std::size_t>(h.priority)];
  const std::int64_t worked = working_ms(f, now);
  auto check = [&](Clock clock, std::int64_t limit_s) {
    const std::int64_t limit = limit_s * 1000;
    if (limit <= 0 || worked <= limit) return;
    const std::optional<Time> passed = reaches(f, limit);
    if (!passed) return;  // cannot happen when worked > limit; kept total
    // A clock that ran out before the last resolution falls due again at the reopen.
    const Time due = std::max(*passed, f.episode);
    Breach b;
    b.id = h.id;
    b.clock = clock;
    b.due = due;
    b.overdue_ms = worked - working_ms(f, due);
    b.key = h.id + "/" + std::string(to_string(clock)) + "/" + format_time(due);
    out.push_back(std::move(b));
  };
  if (!f.first_response_at) check(Clock::Respond, sla.respond);
  check(Clock::Resolve, sla.resolve);
  return out;
}

}  // namespace tier
