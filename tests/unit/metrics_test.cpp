#include "core/metrics.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>

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
  CHECK(f.intake_group == "service-desk");
  CHECK(f.owner == alice);
  CHECK(f.organization == "milne");
  CHECK(f.first_claimant == alice);
  CHECK(f.first_response_at == at(30));
  CHECK(f.first_response_ms == 30 * min_ms);
  CHECK(f.resolved_at == at(240));
  CHECK(f.resolved_by == alice);
  CHECK(f.resolution_ms == 120 * min_ms);  // 4 h less 2 h pending
  CHECK(f.first_contact);
  CHECK(f.escalations == 0);
  CHECK(f.tiers_reached == 0b10);
  CHECK(f.escalated_from == 0);
  CHECK(f.handbacks == 0);
  CHECK_FALSE(f.csat);
  CHECK(f.episode == at(0));
  CHECK(f.pauses == std::vector<Pause>{{at(60), at(180)}, {at(240), std::nullopt}});
  CHECK(working_ms(f, at(300)) == 120 * min_ms);
  CHECK(working_ms(f, at(120)) == 60 * min_ms);
  CHECK(working_ms(f, at(-5)) == 0);
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
  CHECK(f.first_claimant == alice);
  CHECK(f.first_response_ms == 1 * min_ms);
  CHECK(f.resolution_ms == 6 * min_ms);
  CHECK_FALSE(f.first_contact);  // escalated
}

TEST_CASE("facts: the last resolution counts, time resolved before a reopen does not") {
  const Policy p = example_policy();
  Ticket t = resolved(p);  // claim 1, resolve 5
  t = step(t, noted(Event::Reopen, dana, 65, "Dropped again"), p);
  Facts f = facts_of(t);
  CHECK_FALSE(f.resolved_at);
  CHECK_FALSE(f.resolution_ms);
  CHECK(f.resolved_by.empty());
  CHECK_FALSE(f.first_contact);
  CHECK(f.episode == at(65));
  CHECK(f.pauses == std::vector<Pause>{{at(5), at(65)}});

  t = step(t, noted(Event::Resolve, alice, 70, "Moved the access point"), p);
  t = step(t, entry(Event::Close, carol, 80), p);
  f = facts_of(t);
  CHECK(f.resolved_at == at(70));
  CHECK(f.resolution_ms == 10 * min_ms);
  CHECK(f.first_contact);
  CHECK(f.pauses == std::vector<Pause>{{at(5), at(65)}, {at(70), std::nullopt}});
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

TEST_CASE("facts: only an agent's public word or taking the ticket is a first response") {
  const Policy p = example_policy();
  Ticket t = created(p);
  t = step(t, comment(dana, 10, "Still broken"), p);                          // the requester
  t = step(t, comment(alice, 20, "Looking", Visibility::Private), p);       // private
  Facts f = facts_of(t);
  CHECK_FALSE(f.first_response_at);
  CHECK_FALSE(f.first_response_ms);
  t = step(t, comment(carol, 30, "We are on it"), p);
  f = facts_of(t);
  CHECK(f.first_response_at == at(30));
  CHECK(f.first_claimant.empty());

  Ticket u = step(created(p), assign(carol, alice, 45), p);  // a lead assigns
  f = facts_of(u);
  CHECK(f.first_response_ms == 45 * min_ms);
  CHECK(f.first_claimant == alice);
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
  CHECK(f.first_response_ms == 10 * min_ms);
  CHECK(f.resolved_at == at(20));
  CHECK(f.first_contact);
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

TEST_CASE("breaches: respond clock, due at the limit, not before") {
  const Policy p = example_policy();  // normal: respond 4h, resolve 3d
  const Ticket t = created(p);
  const Facts f = facts_of(t);
  CHECK(breaches(t, f, p, at(240)).empty());
  const auto b = breaches(t, f, p, at(241));
  REQUIRE(b.size() == 1);
  CHECK(b[0].id == ticket_id);
  CHECK(b[0].clock == Clock::Respond);
  CHECK(b[0].due == at(240));
  CHECK(b[0].overdue_ms == 1 * min_ms);
  CHECK(b[0].key == "T-7k2m9qxa/respond/2026-11-23T14:00:00Z");
  // Claimed late: the respond clock is met, however late.
  const Ticket claimed = step(t, entry(Event::Claim, alice, 300), p);
  CHECK(breaches(claimed, facts_of(claimed), p, at(301)).empty());
}

TEST_CASE("breaches: pending time does not count") {
  const Policy p = example_policy();
  Ticket t = opened(p);
  t = step(t, comment(alice, 60, "Which room?", Visibility::Public, true), p);
  t = step(t, comment(dana, 60 + 2 * 1440, "B12"), p);  // two days pending
  const Facts f = facts_of(t);
  // 3 days and 1 hour after creation: 1 day 1 hour of working time.
  CHECK(breaches(t, f, p, at(3 * 1440 + 60)).empty());
  CHECK(breaches(t, f, p, at(5 * 1440)).empty());
  const auto b = breaches(t, f, p, at(5 * 1440 + 1));
  REQUIRE(b.size() == 1);
  CHECK(b[0].clock == Clock::Resolve);
  CHECK(b[0].due == at(5 * 1440));
  CHECK(b[0].overdue_ms == 1 * min_ms);
  CHECK(b[0].key == "T-7k2m9qxa/resolve/2026-11-28T10:00:00Z");
}

TEST_CASE("breaches: a pending ticket's clock stands still, past due or not") {
  const Policy p = example_policy();
  Ticket t = step(created(p, with_priority(Priority::Urgent)), entry(Event::Claim, alice, 1), p);  // resolve 4h
  t = step(t, comment(alice, 300, "Which room?", Visibility::Public, true), p);
  const Facts f = facts_of(t);
  const auto b1 = breaches(t, f, p, at(400));
  const auto b2 = breaches(t, f, p, at(4000));
  REQUIRE(b1.size() == 1);
  CHECK(b1 == b2);
  CHECK(b1[0].overdue_ms == 60 * min_ms);
}

TEST_CASE("breaches: none when resolved or closed, or without a clock") {
  const Policy p = example_policy();
  const Ticket r = resolved(p);
  CHECK(breaches(r, facts_of(r), p, at(100000)).empty());
  Policy none = p;
  none.sla = {};
  const Ticket t = created(p);
  CHECK(breaches(t, facts_of(t), none, at(100000)).empty());
  const auto both = breaches(t, facts_of(t), p, at(100000));
  REQUIRE(both.size() == 2);
  CHECK(both[0].clock == Clock::Respond);
  CHECK(both[1].clock == Clock::Resolve);
  CHECK(both[1].due == at(3 * 1440));
}

TEST_CASE("breaches: after a reopen, a clock run out before is a new breach") {
  const Policy p = example_policy();  // high: respond 1h, resolve 1d
  Ticket t = step(created(p, with_priority(Priority::High)), entry(Event::Claim, alice, 1), p);
  const auto before = breaches(t, facts_of(t), p, at(1450));
  REQUIRE(before.size() == 1);
  CHECK(before[0].key == "T-7k2m9qxa/resolve/2026-11-24T10:00:00Z");
  t = step(t, noted(Event::Resolve, alice, 1500, "Done"), p);
  CHECK(breaches(t, facts_of(t), p, at(1600)).empty());
  t = step(t, noted(Event::Reopen, dana, 2000, "Not done"), p);
  const auto after = breaches(t, facts_of(t), p, at(2010));
  REQUIRE(after.size() == 1);
  CHECK(after[0].due == at(2000));
  CHECK(after[0].overdue_ms == 10 * min_ms);
  CHECK(after[0].key == "T-7k2m9qxa/resolve/2026-11-24T19:20:00Z");
}

TEST_CASE("breaches: a reopen before the clock ran out carries on the working time") {
  const Policy p = example_policy();  // high: resolve 1d
  Ticket t = step(created(p, with_priority(Priority::High)), entry(Event::Claim, alice, 1), p);
  t = step(t, noted(Event::Resolve, alice, 600, "Done"), p);
  t = step(t, noted(Event::Reopen, dana, 1000, "Not done"), p);
  // 600 minutes worked before, 840 more after the reopen at 1000.
  CHECK(breaches(t, facts_of(t), p, at(1840)).empty());
  const auto b = breaches(t, facts_of(t), p, at(1845));
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
