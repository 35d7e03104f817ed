// The facts of a ticket, its clocks, and every figure of tier-stats(1),
// each checked against a history worked out by hand.

#include "core/metrics.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "core/stats.hpp"
#include "support.hpp"

using namespace tier;
using namespace tier::test;

namespace {

constexpr std::int64_t min_ms = 60'000;

CreateRequest with_priority(Priority p) {
  CreateRequest r = request();
  r.priority = p;
  return r;
}

TicketFigures measured(const Ticket& t, const Policy& p) { return Clocks(p).measure(facts_of(t)); }

// The agents' entries, each with its agent's address.
using Acted = std::vector<std::pair<std::string, Time>>;
Acted acted(const Facts& f) {
  Acted out;
  for (const Action& a : f.actions) out.emplace_back(f.agents.at(a.agent), a.at);
  return out;
}

// Monday to Friday, 09:00 to 17:00 UTC, for every ticket.
Policy with_office_hours(Policy p) {
  Hours h;
  p.hours.all = h;
  return p;
}

// The figures of these tickets over the period, at `now`.
Figures figures_of(const std::vector<Ticket>& tickets, const Policy& p, Period period = {}, Time now = at(100000)) {
  std::vector<Facts> facts;
  for (const Ticket& t : tickets) facts.push_back(facts_of(t));
  const Clocks clocks(p);
  const auto rows = stats(facts, period, By::Nothing, clocks, now);
  REQUIRE(rows.size() == 1);
  return rows[0].figures;
}

}  // namespace

TEST_CASE("facts: first response and resolution leave pending time out") {
  const Policy p = example_policy();
  Ticket t = created(p);                                                          // 10:00
  t = step(t, entry(Event::Claim, alice, 30), p);                                 // 10:30
  t = step(t, comment(alice, 60, "Which room?", Visibility::Public, true), p);    // 11:00 pending
  t = step(t, comment(dana, 180, "B12"), p);                                      // 13:00 open again
  t = step(t, noted(Event::Resolve, alice, 240, "Replaced the card"), p);         // 14:00
  const Facts f = facts_of(t);
  CHECK(f.id == ticket_id);
  CHECK(f.created == at(0));
  CHECK(f.priority == Priority::Normal);
  CHECK(f.intake_group == "service-desk");
  CHECK(f.owner == alice);
  CHECK(f.organization == "milne");
  CHECK(f.first_claimant == alice);
  CHECK(f.first_response_at == at(60));  // the question, not the claim
  CHECK(f.first_resolved_at == at(240));
  CHECK(f.resolved_at == at(240));
  CHECK(f.resolved_by == alice);
  CHECK(f.first_contact);
  CHECK(f.escalations == 0);
  CHECK(f.tiers_reached == 0b10);
  CHECK(f.escalated_from == 0);
  CHECK(f.handbacks == 0);
  CHECK(f.reopens == 0);
  CHECK_FALSE(f.csat);
  CHECK_FALSE(f.rated_at);
  CHECK(f.episode == at(0));
  CHECK(f.pauses == std::vector<Pause>{{at(60), at(180)}, {at(240), std::nullopt}});
  CHECK(f.done == std::vector<Pause>{{at(240), std::nullopt}});
  // The requester's answer is no agent's action.
  CHECK(f.agents == std::vector<std::string>{alice});
  CHECK(acted(f) == Acted{{alice, at(0)}, {alice, at(30)}, {alice, at(60)}, {alice, at(240)}});
  CHECK(working_ms(f, at(300)) == 120 * min_ms);
  CHECK(working_ms(f, at(120)) == 60 * min_ms);
  CHECK(working_ms(f, at(-5)) == 0);

  const TicketFigures m = measured(t, p);
  CHECK(m.first_response_ms == 60 * min_ms);
  CHECK(m.resolution_ms == 120 * min_ms);  // 4 h less 2 h pending
  CHECK(m.sla_met == true);                // normal: respond 4h, resolve 3d
}

TEST_CASE("facts: escalations by tier, hand-backs, the latest rating") {
  const Policy p = example_policy();
  Ticket t = handed_back(p);  // claim 1, escalate 2, bob claims 3, hands back 4
  t = step(t, escalate(t, p, alice, 5, escalation({})), p);  // straight back to bob
  t = step(t, noted(Event::Resolve, alice, 6, "Fixed"), p);
  t = step(t, rate(dana, 2, 7), p);
  t = step(t, rate(dana, 4, 8), p);
  const Facts f = facts_of(t);
  CHECK(f.escalations == 2);
  CHECK(f.escalated_from == 0b10);
  CHECK(f.tiers_reached == 0b110);
  CHECK(f.handbacks == 1);
  CHECK(f.csat == 4);
  CHECK(f.rated_at == at(8));
  CHECK(f.first_claimant == alice);
  CHECK(f.first_response_at == at(6));  // escalations and hand-backs are private: the resolution is the reply
  // The tier-2 agent acted too; the ratings are the requester's.
  CHECK(f.agents == std::vector<std::string>{alice, bob});
  CHECK(acted(f) == Acted{{alice, at(0)}, {alice, at(1)}, {alice, at(2)}, {bob, at(3)},
                          {bob, at(4)}, {alice, at(5)}, {alice, at(6)}});
  CHECK(f.actions[3] == Action{1, at(3)});
  const TicketFigures m = measured(t, p);
  CHECK(m.first_response_ms == 6 * min_ms);
  CHECK(m.resolution_ms == 6 * min_ms);
  CHECK_FALSE(f.first_contact);  // escalated
}

TEST_CASE("facts: the last resolution counts, time resolved before a reopen does not") {
  const Policy p = example_policy();
  Ticket t = resolved(p);  // claim 1, resolve 5
  t = step(t, noted(Event::Reopen, dana, 65, "Dropped again"), p);
  Facts f = facts_of(t);
  CHECK_FALSE(f.resolved_at);
  CHECK(f.first_resolved_at == at(5));
  CHECK(f.reopens == 1);
  CHECK_FALSE(measured(t, p).resolution_ms);
  CHECK_FALSE(measured(t, p).sla_met);
  CHECK(f.resolved_by.empty());
  CHECK_FALSE(f.first_contact);
  CHECK(f.episode == at(65));
  CHECK(f.pauses == std::vector<Pause>{{at(5), at(65)}});
  CHECK(f.done == std::vector<Pause>{{at(5), at(65)}});

  t = step(t, noted(Event::Resolve, alice, 70, "Moved the access point"), p);
  t = step(t, entry(Event::Close, carol, 80), p);
  f = facts_of(t);
  CHECK(f.resolved_at == at(70));
  CHECK(f.first_resolved_at == at(5));
  CHECK(measured(t, p).resolution_ms == 10 * min_ms);
  CHECK(f.first_contact);
  CHECK(f.pauses == std::vector<Pause>{{at(5), at(65)}, {at(70), std::nullopt}});
  CHECK(f.done == std::vector<Pause>{{at(5), at(65)}, {at(70), std::nullopt}});
  CHECK(acted(f).back() == std::pair{alice, at(70)});  // the close is the cron's, no agent's action
}

TEST_CASE("facts: a resolution by someone other than the first claimant is no first-contact resolution") {
  const Policy p = example_policy();
  Ticket t = opened(p);
  t = step(t, assign(carol, carol, 2), p);
  t = step(t, noted(Event::Resolve, carol, 3, "Done"), p);
  const Facts f = facts_of(t);
  CHECK(f.first_claimant == alice);
  CHECK(f.resolved_by == carol);
  CHECK_FALSE(f.first_contact);
}

TEST_CASE("facts: the first response is an agent's public reply or an appointment, never taking the ticket") {
  const Policy p = example_policy();
  Ticket t = created(p);
  t = step(t, comment(dana, 10, "Still broken"), p);                     // the requester
  t = step(t, comment(alice, 20, "Looking", Visibility::Private), p);  // private
  t = step(t, entry(Event::Claim, alice, 25), p);                       // a claim: the requester hears nothing
  Facts f = facts_of(t);
  CHECK_FALSE(f.first_response_at);
  CHECK_FALSE(measured(t, p).first_response_ms);
  CHECK(f.first_claimant == alice);
  t = step(t, comment(alice, 30, "We are on it"), p);
  CHECK(facts_of(t).first_response_at == at(30));

  Ticket u = step(created(p), assign(carol, alice, 45), p);  // a lead assigns
  f = facts_of(u);
  CHECK_FALSE(f.first_response_at);
  CHECK(f.first_claimant == alice);

  Ticket v = step(created(p), appoint(alice, bob, 50), p);  // the requester is mailed the appointment
  CHECK(facts_of(v).first_response_at == at(50));
  CHECK(measured(v, p).first_response_ms == 50 * min_ms);
}

TEST_CASE("facts: void entries and entries the effect layer refuses are left out") {
  const Policy p = example_policy();
  Ticket t = created(p);
  LogEntry lost = entry(Event::Claim, carol, 5);
  lost.void_reason = "claimed by 'alice@example.edu' first";
  t.log.push_back(lost);
  t = step(t, entry(Event::Claim, alice, 10), p);
  t.log.push_back(entry(Event::Claim, bob, 12));  // a second claim: refused on replay
  t.log.push_back(noted(Event::Resolve, alice, 20, "Done"));
  const Facts f = facts_of(t);
  CHECK(f.first_claimant == alice);
  CHECK(f.first_response_at == at(20));
  CHECK(f.resolved_at == at(20));
  CHECK(f.first_contact);
  CHECK(acted(f) == Acted{{alice, at(0)}, {alice, at(10)}, {alice, at(20)}});
}

TEST_CASE("facts: agents' addresses are compared and kept in lower case") {
  const Policy p = example_policy();
  Ticket t = created(p);
  t = step(t, entry(Event::Claim, alice, 1), p);
  LogEntry shout = comment("Dana.Ruiz@Milne.Example.Edu", 2, "Hello?");
  t.log.push_back(shout);  // the requester, however spelt: no response, no action
  LogEntry loud = comment("ALICE@example.edu", 3, "Hello!");
  t.log.push_back(loud);
  const Facts f = facts_of(t);
  CHECK(f.first_response_at == at(3));
  CHECK(f.agents == std::vector<std::string>{alice});
  CHECK(acted(f) == Acted{{alice, at(0)}, {alice, at(1)}, {alice, at(3)}});
}

TEST_CASE("reaches: the wall time a working time is reached") {
  Facts f;
  f.created = at(0);
  f.pauses = {{at(60), at(180)}};
  CHECK(reaches(f, 30 * min_ms) == at(30));
  CHECK(reaches(f, 60 * min_ms) == at(60));
  CHECK(reaches(f, 61 * min_ms) == at(181));
  f.pauses.push_back({at(200), std::nullopt});
  CHECK(reaches(f, 80 * min_ms) == at(200));
  CHECK_FALSE(reaches(f, 81 * min_ms));
}

TEST_CASE("working time: business hours and pauses together") {
  const Calendar cal(Hours{});  // Monday to Friday, 09:00 to 17:00 UTC; at(0) is Monday 10:00
  Facts f;
  f.created = at(0);
  f.pauses = {{at(60), at(1440)}};  // pending from Monday 11:00 to Tuesday 10:00
  CHECK(working_ms(f, at(1440 + 120), cal) == 3 * 60 * min_ms);  // Monday 10-11, Tuesday 10-12
  CHECK(working_ms(f, at(4 * 1440 + 7 * 60), cal) == (60 + 7 * 60 + 3 * 8 * 60) * min_ms);  // to Friday 17:00
  CHECK(reaches(f, 2 * 60 * min_ms, cal) == at(1440 + 60));
  CHECK(reaches(f, 8 * 60 * min_ms, cal) == at(1440 + 7 * 60));  // Tuesday 17:00: the end of the day
  CHECK(reaches(f, 8 * 60 * min_ms + 1, cal) == Time{at(2 * 1440 - 60).ms + 1});  // Wednesday 09:00
}

TEST_CASE("open_at: created before the end and not resolved or closed at it") {
  const Policy p = example_policy();
  Ticket t = resolved(p);  // created 0, resolved 5
  t = step(t, noted(Event::Reopen, dana, 65, "Dropped again"), p);
  const Facts f = facts_of(t);
  CHECK_FALSE(open_at(f, at(0)));  // the end is exclusive: not yet created
  CHECK(open_at(f, at(1)));
  CHECK(open_at(f, at(5)));  // resolved at 5: still open just before it
  CHECK_FALSE(open_at(f, at(6)));
  CHECK_FALSE(open_at(f, at(65)));
  CHECK(open_at(f, at(66)));
}

TEST_CASE("clocks: SLA met when answered and resolved within the priority's times") {
  const Policy p = example_policy();  // normal: respond 4h, resolve 3d
  Ticket in_time = step(created(p), entry(Event::Claim, alice, 1), p);
  in_time = step(in_time, noted(Event::Resolve, alice, 240, "Done"), p);  // respond 4h exactly
  CHECK(measured(in_time, p).sla_met == true);

  Ticket late_answer = step(created(p), entry(Event::Claim, alice, 1), p);
  late_answer = step(late_answer, noted(Event::Resolve, alice, 241, "Done"), p);
  CHECK(measured(late_answer, p).sla_met == false);

  Ticket late = step(created(p), comment(alice, 5, "On it"), p);
  late = step(late, entry(Event::Claim, alice, 6), p);
  late = step(late, noted(Event::Resolve, alice, 3 * 1440 + 1, "Done"), p);
  CHECK(measured(late, p).sla_met == false);

  Policy none = p;
  none.sla = {};
  CHECK_FALSE(measured(in_time, none).sla_met);  // no service level: not measured
  CHECK_FALSE(measured(created(p), p).sla_met);   // not resolved: not yet measured
}

TEST_CASE("clocks: with business hours, the figures count working time only") {
  const Policy p = with_office_hours(example_policy());
  // Friday 2026-11-27 16:00, answered Monday 10:00, resolved Monday 12:00.
  const int friday = 4 * 1440 + 6 * 60, monday = 7 * 1440;
  Ticket t = created(p, request(), alice, at(friday));
  t = step(t, entry(Event::Claim, alice, friday + 10), p);
  t = step(t, comment(alice, monday, "Which room?"), p);
  t = step(t, noted(Event::Resolve, alice, monday + 120, "Done"), p);
  const TicketFigures m = measured(t, p);
  CHECK(m.first_response_ms == 2 * 60 * min_ms);
  CHECK(m.resolution_ms == 4 * 60 * min_ms);
  CHECK(m.sla_met == true);  // 2h of the 4h to respond
  const TicketFigures every_hour = measured(t, example_policy());
  CHECK(every_hour.first_response_ms == (3 * 1440 - 6 * 60) * min_ms);
  CHECK(every_hour.sla_met == false);
}

TEST_CASE("breaches: respond clock, due at the limit, not before") {
  const Policy p = example_policy();  // normal: respond 4h, resolve 3d
  const Clocks clocks(p);
  const Ticket t = created(p);
  const Facts f = facts_of(t);
  CHECK(breaches(t, f, clocks, at(240)).empty());
  const auto b = breaches(t, f, clocks, at(241));
  REQUIRE(b.size() == 1);
  CHECK(b[0].id == ticket_id);
  CHECK(b[0].clock == Clock::Respond);
  CHECK(b[0].due == at(240));
  CHECK(b[0].overdue_ms == 1 * min_ms);
  CHECK(b[0].key == "T-7k2m9qxa/respond/2026-11-23T14:00:00Z");
  // Claimed: the requester has still heard nothing, the clock runs on.
  const Ticket claimed = step(t, entry(Event::Claim, alice, 200), p);
  CHECK(breaches(claimed, facts_of(claimed), clocks, at(241)) == b);
  // Answered late: the respond clock is met, however late.
  const Ticket answered = step(claimed, comment(alice, 300, "On it"), p);
  CHECK(breaches(answered, facts_of(answered), clocks, at(301)).empty());
}

TEST_CASE("breaches: pending time does not count") {
  const Policy p = example_policy();
  const Clocks clocks(p);
  Ticket t = opened(p);
  t = step(t, comment(alice, 60, "Which room?", Visibility::Public, true), p);
  t = step(t, comment(dana, 60 + 2 * 1440, "B12"), p);  // two days pending
  const Facts f = facts_of(t);
  // 3 days and 1 hour after creation: 1 day 1 hour of working time.
  CHECK(breaches(t, f, clocks, at(3 * 1440 + 60)).empty());
  CHECK(breaches(t, f, clocks, at(5 * 1440)).empty());
  const auto b = breaches(t, f, clocks, at(5 * 1440 + 1));
  REQUIRE(b.size() == 1);
  CHECK(b[0].clock == Clock::Resolve);
  CHECK(b[0].due == at(5 * 1440));
  CHECK(b[0].overdue_ms == 1 * min_ms);
  CHECK(b[0].key == "T-7k2m9qxa/resolve/2026-11-28T10:00:00Z");
}

TEST_CASE("breaches: a pending ticket's clock stands still, past due or not") {
  const Policy p = example_policy();
  const Clocks clocks(p);
  Ticket t = step(created(p, with_priority(Priority::Urgent)), entry(Event::Claim, alice, 1), p);  // resolve 4h
  t = step(t, comment(alice, 300, "Which room?", Visibility::Public, true), p);
  const Facts f = facts_of(t);
  const auto b1 = breaches(t, f, clocks, at(400));
  const auto b2 = breaches(t, f, clocks, at(4000));
  REQUIRE(b1.size() == 1);
  CHECK(b1 == b2);
  CHECK(b1[0].overdue_ms == 60 * min_ms);
}

TEST_CASE("breaches: none when resolved or closed, or without a clock") {
  const Policy p = example_policy();
  const Ticket r = resolved(p);
  CHECK(breaches(r, facts_of(r), Clocks(p), at(100000)).empty());
  Policy none = p;
  none.sla = {};
  const Ticket t = created(p);
  CHECK(breaches(t, facts_of(t), Clocks(none), at(100000)).empty());
  const auto both = breaches(t, facts_of(t), Clocks(p), at(100000));
  REQUIRE(both.size() == 2);
  CHECK(both[0].clock == Clock::Respond);
  CHECK(both[1].clock == Clock::Resolve);
  CHECK(both[1].due == at(3 * 1440));
}

TEST_CASE("breaches: after a reopen, a clock run out before is a new breach") {
  const Policy p = example_policy();  // high: respond 1h, resolve 1d
  const Clocks clocks(p);
  Ticket t = step(created(p, with_priority(Priority::High)), entry(Event::Claim, alice, 1), p);
  t = step(t, comment(alice, 2, "On it"), p);
  const auto before = breaches(t, facts_of(t), clocks, at(1450));
  REQUIRE(before.size() == 1);
  CHECK(before[0].key == "T-7k2m9qxa/resolve/2026-11-24T10:00:00Z");
  t = step(t, noted(Event::Resolve, alice, 1500, "Done"), p);
  CHECK(breaches(t, facts_of(t), clocks, at(1600)).empty());
  t = step(t, noted(Event::Reopen, dana, 2000, "Not done"), p);
  const auto after = breaches(t, facts_of(t), clocks, at(2010));
  REQUIRE(after.size() == 1);
  CHECK(after[0].due == at(2000));
  CHECK(after[0].overdue_ms == 10 * min_ms);
  CHECK(after[0].key == "T-7k2m9qxa/resolve/2026-11-24T19:20:00Z");
}

TEST_CASE("breaches: a reopen before the clock ran out carries on the working time") {
  const Policy p = example_policy();  // high: resolve 1d
  const Clocks clocks(p);
  Ticket t = step(created(p, with_priority(Priority::High)), entry(Event::Claim, alice, 1), p);
  t = step(t, noted(Event::Resolve, alice, 600, "Done"), p);
  t = step(t, noted(Event::Reopen, dana, 1000, "Not done"), p);
  // 600 minutes worked before, 840 more after the reopen at 1000.
  CHECK(breaches(t, facts_of(t), clocks, at(1840)).empty());
  const auto b = breaches(t, facts_of(t), clocks, at(1845));
  REQUIRE(b.size() == 1);
  CHECK(b[0].due == at(1840));
  CHECK(b[0].overdue_ms == 5 * min_ms);
}

TEST_CASE("facts: the article the last resolution answered with, issue 16") {
  const Policy p = example_policy();
  LogEntry answer = noted(Event::Resolve, alice, 5, "The answer is in our knowledge base");
  answer.article = "wifi-drops";
  Ticket t = step(opened(p), answer, p);
  CHECK(facts_of(t).resolved_article == "wifi-drops");
  // Reopened, it is not resolved by anything; resolved again without one, neither.
  t = step(t, noted(Event::Reopen, dana, 10, "Dropped again"), p);
  CHECK(facts_of(t).resolved_article.empty());
  t = step(t, noted(Event::Resolve, alice, 20, "Moved the access point"), p);
  CHECK(facts_of(t).resolved_article.empty());
}

TEST_CASE("breaches: a ticket opened Friday evening is not late on Monday morning") {
  const Policy p = with_office_hours(example_policy());  // normal: respond 4h
  const Clocks clocks(p);
  const int friday_evening = 4 * 1440 + 8 * 60, monday = 7 * 1440;  // Friday 18:00, Monday 10:00
  const Ticket t = created(p, request(), alice, at(friday_evening));
  const Facts f = facts_of(t);
  CHECK(breaches(t, f, clocks, at(monday)).empty());
  CHECK(breaches(t, f, clocks, at(monday + 180)).empty());  // Monday 13:00: 4h worked, due now
  const auto b = breaches(t, f, clocks, at(monday + 181));
  REQUIRE(b.size() == 1);
  CHECK(b[0].clock == Clock::Respond);
  CHECK(b[0].key == "T-7k2m9qxa/respond/2026-11-30T13:00:00Z");
  CHECK(b[0].overdue_ms == 1 * min_ms);
  // Every hour counts without [hours]: late since Friday 22:00.
  const auto every = breaches(t, f, Clocks(example_policy()), at(monday));
  REQUIRE(every.size() == 1);
  CHECK(every[0].key == "T-7k2m9qxa/respond/2026-11-27T22:00:00Z");
}

// Every figure of tier-stats(1), from histories made through the workflow.
// Times are minutes after Monday 2026-11-23 10:00 UTC; the period is the
// whole store unless a test says otherwise.

TEST_CASE("figure created, resolved: tickets created, and resolved now, in the period") {
  const Policy p = example_policy();
  Ticket open = created(p);
  Ticket reopened = step(resolved(p), noted(Event::Reopen, dana, 10, "Again"), p);  // not resolved now
  Ticket done = resolved(p);
  const Figures x = figures_of({open, reopened, done}, p);
  CHECK(x.created == 3);
  CHECK(x.resolved == 1);
  // Resolved at 5: in [5, 6), not in [0, 5).
  CHECK(figures_of({done}, p, {at(5), at(6)}).resolved == 1);
  CHECK(figures_of({done}, p, {at(0), at(5)}).resolved == 0);
  CHECK(figures_of({done}, p, {at(0), at(5)}).created == 1);
}

TEST_CASE("figure first_contact_resolution: resolved by the first agent to take it, never escalated") {
  const Policy p = example_policy();
  Ticket first = resolved(p);                                                // alice takes and resolves: yes
  Ticket other = step(step(opened(p), assign(carol, carol, 2), p), noted(Event::Resolve, carol, 3, "Done"), p);
  Ticket escalated = step(handed_back(p), noted(Event::Resolve, alice, 5, "Done"), p);  // no
  const Figures x = figures_of({first, other, escalated}, p);
  CHECK(x.first_contact_resolution == doctest::Approx(1.0 / 3));
}

TEST_CASE("figure first_response: creation to the first public reply, pending left out, mean and median") {
  const Policy p = example_policy();
  Ticket a = step(created(p), comment(alice, 30, "On it"), p);                             // 30 min
  Ticket b = step(created(p), entry(Event::Claim, alice, 5), p);                           // a claim: none
  b = step(b, comment(alice, 60, "Which room?", Visibility::Public, true), p);            // 60 min
  Ticket c = step(created(p), entry(Event::Claim, alice, 5), p);
  c = step(c, noted(Event::Resolve, alice, 90, "Done"), p);                                // 90 min
  Ticket d = step(created(p), comment(alice, 10, "Private", Visibility::Private), p);     // none
  const Figures x = figures_of({a, b, c, d}, p);
  CHECK(x.first_response_mean == 60 * 60);
  CHECK(x.first_response_median == 60 * 60);
  CHECK(figures_of({a, b}, p).first_response_median == 45 * 60);  // an even count: the middle two
}

TEST_CASE("figure resolution: creation to the last resolution, pending and resolved time left out") {
  const Policy p = example_policy();
  Ticket a = step(opened(p), comment(alice, 10, "Which room?", Visibility::Public, true), p);  // pending 10..70
  a = step(a, comment(dana, 70, "B12"), p);
  a = step(a, noted(Event::Resolve, alice, 100, "Done"), p);  // 100 - 60 = 40 min
  Ticket b = resolved(p);                                     // resolved 5, reopened 65, resolved 125
  b = step(b, noted(Event::Reopen, dana, 65, "Again"), p);
  b = step(b, noted(Event::Resolve, alice, 125, "Done for good"), p);  // 5 + 60 = 65 min
  const Figures x = figures_of({a, b}, p);
  CHECK(x.resolution_mean == doctest::Approx(52.5 * 60));
  CHECK(x.resolution_median == doctest::Approx(52.5 * 60));
  // Counted in the period of the last resolution.
  CHECK(figures_of({b}, p, {at(0), at(100)}).resolved == 0);
  CHECK(figures_of({b}, p, {at(100), at(200)}).resolution_mean == 65 * 60);
}

TEST_CASE("figure sla_compliance: of the resolved with a service level, the share answered and resolved in time") {
  const Policy p = example_policy();  // normal: respond 4h, resolve 3d; urgent: 15m, 4h
  Ticket met = resolved(p);
  Ticket slow = step(created(p, with_priority(Priority::Urgent)), comment(alice, 10, "On it"), p);
  slow = step(slow, entry(Event::Claim, alice, 11), p);
  slow = step(slow, noted(Event::Resolve, alice, 241, "Done"), p);  // 4h 1m
  Ticket open = created(p);                                         // not resolved: not counted
  const Figures x = figures_of({met, slow, open}, p);
  CHECK(x.sla_compliance == 0.5);
  Policy none = p;
  none.sla = {};
  CHECK_FALSE(figures_of({met, slow}, none).sla_compliance);
}

TEST_CASE("figure reopen_rate: of the tickets first resolved in the period, the share reopened since") {
  const Policy p = example_policy();
  Ticket once = resolved(p);
  Ticket again = step(resolved(p), noted(Event::Reopen, dana, 65, "Again"), p);
  again = step(again, noted(Event::Resolve, alice, 70, "Done"), p);  // reopened, resolved again: still counts
  Ticket still = step(resolved(p), noted(Event::Reopen, dana, 65, "Again"), p);
  const Figures x = figures_of({once, again, still}, p);
  CHECK(x.reopen_rate == doctest::Approx(2.0 / 3));
  // The first resolutions (at 5) lie before [60, 100): nothing to measure there.
  CHECK_FALSE(figures_of({once, again, still}, p, {at(60), at(100)}).reopen_rate);
}

TEST_CASE("figure escalation_rate, escalated_twice, handbacks_per_ticket: of the tickets created") {
  const Policy p = example_policy();
  Ticket twice = handed_back(p);  // tier 1 -> 2 -> 1, one hand-back
  twice = step(twice, escalate(twice, p, alice, 5, escalation({})), p);
  Ticket once = at_tier2(p);
  Ticket never = opened(p);
  Ticket none = created(p);
  const Figures x = figures_of({twice, once, never, none}, p);
  // Tier 1: four reached it, two were escalated from it; tier 2: two reached it, none escalated.
  CHECK(x.escalation_rate == std::map<int, double>{{1, 0.5}, {2, 0.0}});
  CHECK(x.escalated_twice == 1);
  CHECK(x.handbacks_per_ticket == 0.25);
}

TEST_CASE("figure csat: the latest rating of each ticket, counted when given, a reopen or not") {
  const Policy p = example_policy();
  Ticket a = step(step(resolved(p), rate(dana, 2, 10), p), rate(dana, 4, 20), p);  // latest: 4
  Ticket b = step(resolved(p), rate(dana, 5, 30), p);
  b = step(b, noted(Event::Reopen, dana, 40, "Broke again"), p);  // reopened: the rating still counts
  Ticket c = resolved(p);                                           // not rated
  const Figures x = figures_of({a, b, c}, p);
  CHECK(x.csat_mean == 4.5);
  CHECK(x.csat_count == 2);
  // In the period of the latest rating: a's first rating (2, at 10) never counts.
  const Figures early = figures_of({a, b}, p, {at(0), at(25)});
  CHECK(early.csat_count == 1);
  CHECK(early.csat_mean == 4.0);
  CHECK(figures_of({a}, p, {at(0), at(15)}).csat_count == 0);
  CHECK(figures_of({a, b}, p, {at(25), at(35)}).csat_mean == 5.0);
}

TEST_CASE("figure handled: the tickets on which an agent wrote an entry in the period") {
  const Policy p = example_policy();
  Ticket a = at_tier2(p);                           // alice 0..2, bob 3
  Ticket b = step(created(p, request(), dana), entry(Event::Claim, alice, 50), p);  // made by the requester's mail
  Ticket untouched = created(p, request(), dana);
  CHECK(figures_of({a, b, untouched}, p).handled == 2);
  CHECK(figures_of({a, b, untouched}, p, {at(3), at(4)}).handled == 1);
  CHECK(figures_of({a, b, untouched}, p, {at(10), at(40)}).handled == 0);
}

TEST_CASE("figure backlog: tickets created before the end of the period and not resolved or closed at it") {
  const Policy p = example_policy();
  Ticket open = created(p);
  Ticket done = resolved(p);                                                   // resolved at 5
  Ticket back = step(resolved(p), noted(Event::Reopen, dana, 65, "Again"), p);  // open again from 65
  Ticket later = created(p, request(), alice, at(200));
  CHECK(figures_of({open, done, back, later}, p, {at(0), at(3)}).backlog == 3);
  CHECK(figures_of({open, done, back, later}, p, {at(0), at(60)}).backlog == 1);
  CHECK(figures_of({open, done, back, later}, p, {at(0), at(100)}).backlog == 2);
  CHECK(figures_of({open, done, back, later}, p, {}, at(300)).backlog == 3);  // without --until: now
  CHECK(figures_of({open, done, back, later}, p, {}, at(200)).backlog == 3);  // what happened at now included
  CHECK(figures_of({open, done, back, later}, p, {}, at(199)).backlog == 2);
}

TEST_CASE("sla_left: the least of the running clocks, counted down in working time") {
  const Policy p = example_policy();  // normal: respond 4h, resolve 3d
  const Clocks clocks(p);
  const Ticket t = created(p);
  const Facts f = facts_of(t);
  CHECK(sla_left(f, clocks, at(0)) == 240 * min_ms);
  CHECK(sla_left(f, clocks, at(60)) == 180 * min_ms);
  CHECK(sla_left(f, clocks, at(240)) == 0);  // due now, not yet breached
  CHECK(sla_left(f, clocks, at(241)) == -1 * min_ms);
  // Breached: minus what overdue reports.
  const auto b = breaches(t, f, clocks, at(300));
  REQUIRE(b.size() == 1);
  CHECK(sla_left(f, clocks, at(300)) == -b[0].overdue_ms);
  // Answered: only the resolve clock runs.
  const Ticket answered = step(step(t, entry(Event::Claim, alice, 10), p), comment(alice, 20, "On it"), p);
  CHECK(sla_left(facts_of(answered), clocks, at(60)) == (3 * 1440 - 60) * min_ms);
}

TEST_CASE("sla_left: frozen while pending, none when resolved or without a clock") {
  const Policy p = example_policy();  // urgent: resolve 4h
  const Clocks clocks(p);
  Ticket t = step(created(p, with_priority(Priority::Urgent)), entry(Event::Claim, alice, 1), p);
  t = step(t, comment(alice, 60, "Which room?", Visibility::Public, true), p);  // pending at 60
  const Facts f = facts_of(t);
  CHECK(sla_left(f, clocks, at(100)) == 180 * min_ms);
  CHECK(sla_left(f, clocks, at(5000)) == 180 * min_ms);
  t = step(t, comment(dana, 1000, "B12"), p);  // open again at 1000
  CHECK(sla_left(facts_of(t), clocks, at(1030)) == 150 * min_ms);
  const Ticket r = resolved(p);
  CHECK_FALSE(sla_left(facts_of(r), clocks, at(100000)));
  Policy none = p;
  none.sla = {};
  CHECK_FALSE(sla_left(facts_of(created(p)), Clocks(none), at(10)));
}

TEST_CASE("sla_left: after a reopen, agrees with breaches") {
  const Policy p = example_policy();  // high: respond 1h, resolve 1d
  const Clocks clocks(p);
  Ticket t = step(created(p, with_priority(Priority::High)), entry(Event::Claim, alice, 1), p);
  t = step(t, comment(alice, 2, "On it"), p);
  t = step(t, noted(Event::Resolve, alice, 1500, "Done"), p);
  t = step(t, noted(Event::Reopen, dana, 2000, "Not done"), p);
  const Facts f = facts_of(t);
  CHECK(sla_left(f, clocks, at(2000)) == 0);
  const auto b = breaches(t, f, clocks, at(2010));
  REQUIRE(b.size() == 1);
  CHECK(sla_left(f, clocks, at(2010)) == -b[0].overdue_ms);
  // Reopened before its clock ran out: what is left carries on.
  Ticket early = step(created(p, with_priority(Priority::High)), entry(Event::Claim, alice, 1), p);
  early = step(early, comment(alice, 2, "On it"), p);
  early = step(early, noted(Event::Resolve, alice, 600, "Done"), p);
  early = step(early, noted(Event::Reopen, dana, 1000, "Not done"), p);
  CHECK(sla_left(facts_of(early), clocks, at(1000)) == 840 * min_ms);
}

TEST_CASE("sla_left: with business hours, the nights do not count") {
  const Policy p = with_office_hours(example_policy());  // normal: respond 4h
  const int friday_evening = 4 * 1440 + 8 * 60, monday = 7 * 1440;  // Friday 18:00, Monday 10:00
  const Facts f = facts_of(created(p, request(), alice, at(friday_evening)));
  CHECK(sla_left(f, Clocks(p), at(monday)) == 180 * min_ms);
  CHECK(sla_left(f, Clocks(example_policy()), at(monday)) == (240 - (2 * 1440 + 16 * 60)) * min_ms);
}
