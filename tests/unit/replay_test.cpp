#include "core/workflow.hpp"

#include <string>
#include <variant>
#include <vector>

#include <doctest/doctest.h>

#include "support.hpp"

using namespace tier;
using namespace tier::test;

namespace {

const std::string id_q = "'" + ticket_id + "'";

/// A strand ticket through most of the workflow: pending and back, an edit,
/// a queue escalation with a release, a hand-back, a second escalation
/// straight back, an appointment, resolution, reopening, closing and a rating.
Ticket long_story(const Policy& p) {
  CreateRequest r = request("kim.oduya@strand.example.edu", "network");
  r.name = "Kim Oduya";
  r.tags = {"wifi"};
  r.details.asset = "LT-20931";
  r.text = "Wi-Fi drops in the basement.";
  Ticket t = created(p, r, alice, at(0));
  int m = 0;
  auto next = [&] { return ++m; };
  t = step(t, entry(Event::Claim, alice, next()), p);
  t = step(t, comment(alice, next(), "Which room?", Visibility::Public, true), p);
  t = step(t, comment("kim.oduya@strand.example.edu", next(), "B12"), p);
  t = step(t, comment(alice, next(), "Checked the AP logs", Visibility::Private), p);
  LogEntry edit = entry(Event::Edit, carol, next());
  edit.priority = Priority::High;
  edit.tags = std::vector<std::string>{"wifi", "basement"};
  edit.details.location = "Strand Ag B12";
  t = step(t, edit, p);
  Details rest;
  rest.symptoms = "drops every 10 minutes";
  rest.tried = "driver, profile";
  rest.connection = "wireless";
  t = step(t, escalate(t, p, alice, next(), escalation(rest)), p);
  t = step(t, entry(Event::Claim, erin, next()), p);
  t = step(t, entry(Event::Release, erin, next()), p);
  t = step(t, entry(Event::Claim, bob, next()), p);
  t = step(t, comment(bob, next(), "RADIUS timeouts", Visibility::Private), p);
  t = step(t, handback(t, bob, next()), p);
  t = step(t, comment(alice, next(), "Tier 2 renewed a certificate; does it hold?"), p);
  t = step(t, escalate(t, p, alice, next(), escalation({})), p);
  t = step(t, appoint(bob, bob, next(), "Strand Ag B12"), p);
  t = step(t, noted(Event::Resolve, bob, next(), "Replaced the Wi-Fi card"), p);
  t = step(t, noted(Event::Reopen, "kim.oduya@strand.example.edu", next(), "Dropped again"), p);
  t = step(t, noted(Event::Resolve, alice, next(), "Moved the access point"), p);
  t = step(t, entry(Event::Close, dave, next()), p);
  t = step(t, rate("kim.oduya@strand.example.edu", 4, next()), p);
  return t;
}

/// A hollis accounts ticket: routed to cn-accounts without a subscription.
Ticket routed_story(const Policy& p) {
  Ticket t = created(p, request("sam@hollis.example.org", "accounts"), carol, at(0));
  t = step(t, assign(carol, alice, 1), p);
  t = step(t, escalate(t, p, alice, 2), p);
  t = step(t, entry(Event::Claim, dave, 3), p);
  t = step(t, handback(t, dave, 4), p);
  return step(t, noted(Event::Resolve, alice, 5, "Password reset"), p);
}

/// Escalated to cx-tier2 and waiting in its queue.
Ticket waiting_story(const Policy& p) {
  Ticket t = opened(p);
  return step(t, escalate(t, p, alice, 2), p);
}

/// Straight back to bob, who holds it at tier 2.
Ticket straight_back_story(const Policy& p) {
  Ticket t = handed_back(p);
  return step(t, escalate(t, p, alice, 5), p);
}

Ticket replayed(const Ticket& t) {
  Outcome o = replay(t.id, t.log);
  if (const auto* r = std::get_if<Refusal>(&o)) FAIL_CHECK("replay refused: " << r->message);
  REQUIRE(std::holds_alternative<Ticket>(o));
  return std::get<Ticket>(std::move(o));
}

}  // namespace

TEST_CASE("replay: the long story replays to exactly its header") {
  const Policy p = example_policy();
  const Ticket t = long_story(p);
  CHECK(t.status == Status::Closed);
  CHECK(t.escalations == 2);
  CHECK(t.handbacks == 1);
  CHECK(t.owner == alice);
  CHECK(t.assignee == alice);
  CHECK(t.group == "service-desk");  // reopened: back in the owner's group
  CHECK(t.tier == 1);
  CHECK(t.priority == Priority::High);
  CHECK(t.tags == std::vector<std::string>{"wifi", "basement"});
  CHECK(t.details == Details{"LT-20931", "Strand Ag B12", "drops every 10 minutes", "driver, profile", "wireless"});
  REQUIRE(t.appointment);
  CHECK(t.appointment->technician == bob);
  CHECK(t.csat == 4);
  CHECK(t.created == at(0));
  CHECK(t.updated == at(19));
  CHECK(t.log.size() == 20);

  const Ticket r = replayed(t);
  CHECK(r.header() == t.header());
  CHECK(r.log == t.log);
  CHECK(verify(t).empty());

  for (const Ticket& u : {routed_story(p), waiting_story(p), straight_back_story(p), at_tier2(p), resolved(p)}) {
    CHECK(replayed(u).header() == u.header());
    CHECK(verify(u).empty());
  }
}

TEST_CASE("replay: every prefix of the log replays to the ticket at that point") {
  const Policy p = example_policy();
  const Ticket t = long_story(p);
  Ticket built;
  built.id = t.id;
  for (std::size_t i = 0; i < t.log.size(); ++i) {
    built = step(built, t.log[i], p);
    Ticket prefix;
    prefix.id = t.id;
    prefix.log.assign(t.log.begin(), t.log.begin() + std::ptrdiff_t(i + 1));
    CHECK(replayed(prefix).header() == built.header());
    CHECK(verify(built).empty());
  }
}

TEST_CASE("replay: needs no policy and checks only the ticket's own state") {
  const Policy p = example_policy();
  Ticket t = created(p);

  SUBCASE("entries no policy would allow still replay") {
    LogEntry claim = entry(Event::Claim, stranger, 1);
    LogEntry esc = entry(Event::Escalate, stranger, 2);
    esc.to = "gone-group";
    esc.tier = 4;
    esc.visibility = Visibility::Private;
    Outcome o = effect(t, claim);
    REQUIRE(std::holds_alternative<Ticket>(o));
    o = effect(std::get<Ticket>(o), esc);
    REQUIRE(std::holds_alternative<Ticket>(o));
    const Ticket u = std::get<Ticket>(o);
    CHECK(u.group == "gone-group");
    CHECK(u.tier == 4);
    CHECK(u.owner == stranger);
    CHECK(u.status == Status::Escalated);
    CHECK(replayed(u).header() == u.header());
  }
  SUBCASE("a claim needs an unassigned ticket") {
    t = step(t, entry(Event::Claim, alice, 1), p);
    const Outcome o = effect(t, entry(Event::Claim, carol, 2));
    REQUIRE(std::holds_alternative<Refusal>(o));
    check_refusal(std::get<Refusal>(o), rules::already_claimed,
                  id_q + " is already claimed by 'alice@example.edu'", Exit::Conflict);
  }
  SUBCASE("a hand-back needs tier 2 or above") {
    t = step(t, entry(Event::Claim, alice, 1), p);
    LogEntry back = handback(t, alice, 2);
    const Outcome o = effect(t, back);
    REQUIRE(std::holds_alternative<Refusal>(o));
    check_refusal(std::get<Refusal>(o), rules::transition,
                  "only a ticket at tier 2 or above can be handed back; " + id_q + " is at tier 1");
  }
  SUBCASE("an escalation goes up") {
    t = step(t, entry(Event::Claim, alice, 1), p);
    LogEntry esc = escalate(t, p, alice, 2);
    esc.tier = 1;
    const Outcome o = effect(t, esc);
    REQUIRE(std::holds_alternative<Refusal>(o));
    check_refusal(std::get<Refusal>(o), rules::escalation_tier,
                  "an escalation goes up: 'cx-tier2' is tier 1, the ticket is at tier 1");
  }
  SUBCASE("the first entry is a create, and only the first") {
    const Outcome first = replay(ticket_id, {entry(Event::Claim, alice, 0)});
    REQUIRE(std::holds_alternative<Refusal>(first));
    check_refusal(std::get<Refusal>(first), rules::transition, "the first entry of a log must be 'create'");
    const Outcome twice = replay(ticket_id, {t.log[0], t.log[0]});
    REQUIRE(std::holds_alternative<Refusal>(twice));
    check_refusal(std::get<Refusal>(twice), rules::transition, id_q + " already exists");
  }
}

TEST_CASE("replay: void entries are carried and have no effect") {
  const Policy p = example_policy();
  const Ticket t = at_tier2(p);

  LogEntry late_claim = entry(Event::Claim, erin, 3);
  late_claim.void_reason = "claimed by 'bob@example.edu' first";
  LogEntry late_close = entry(Event::Close, erin, 9);
  late_close.void_reason = "the ticket was not resolved";

  std::vector<LogEntry> log = t.log;
  log.push_back(late_claim);
  log.push_back(late_close);
  Ticket with_void = t;
  with_void.log = log;
  const Ticket r = replayed(with_void);
  CHECK(r.header() == t.header());
  CHECK(r.updated == at(3));
  CHECK(r.log.size() == t.log.size() + 2);
  CHECK(r.log.back().is_void());

  CHECK(verify(with_void).empty());

  // The ticket goes on from where the void entries left it.
  const Ticket next = step(with_void, handback(with_void, bob, 10), p);
  CHECK(next.assignee == alice);
  CHECK(replayed(next).header() == next.header());
}

TEST_CASE("replay: verify() reports what differs") {
  const Policy p = example_policy();
  const Ticket t = long_story(p);

  SUBCASE("a changed header key, by name") {
    Ticket u = t;
    u.status = Status::Open;
    auto problems = verify(u);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].key == "status");
    CHECK(problems[0].entry == -1);
    CHECK(problems[0].message == "'status' differs from the replay of the log");

    u = t;
    u.assignee = bob;
    u.escalations = 1;
    u.tags.clear();
    u.details.asset = "LT-1";
    u.csat = 5;
    problems = verify(u);
    std::vector<std::string> keys;
    for (const auto& pr : problems) keys.push_back(pr.key);
    CHECK(keys == std::vector<std::string>{"assignee", "escalations", "tags", "csat", "details"});

    for (auto [key, change] : std::vector<std::pair<std::string, void (*)(Ticket&)>>{
             {"format", [](Ticket& x) { x.format = 2; }},
             {"title", [](Ticket& x) { x.title = "Other"; }},
             {"priority", [](Ticket& x) { x.priority = Priority::Low; }},
             {"category", [](Ticket& x) { x.category = "printing"; }},
             {"tier", [](Ticket& x) { x.tier = 3; }},
             {"group", [](Ticket& x) { x.group = "cn-accounts"; }},
             {"owner", [](Ticket& x) { x.owner = carol; }},
             {"handbacks", [](Ticket& x) { x.handbacks = 0; }},
             {"created", [](Ticket& x) { x.created = at(-1); }},
             {"updated", [](Ticket& x) { x.updated = at(99); }},
             {"requester", [](Ticket& x) { x.requester.organization = "milne"; }},
             {"appointment", [](Ticket& x) { x.appointment.reset(); }},
         }) {
      Ticket x = t;
      change(x);
      const auto found = verify(x);
      REQUIRE(found.size() == 1);
      CHECK(found[0].key == key);
      CHECK(found[0].message == "'" + key + "' differs from the replay of the log");
    }
  }
  SUBCASE("a log out of time order") {
    Ticket u = t;
    u.log[3].at = Time{at(1).ms - 1};
    const auto problems = verify(u);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].key.empty());
    CHECK(problems[0].entry == 3);
    CHECK(problems[0].message == "log entry 4 is dated before the one above it");
  }
  SUBCASE("a log that does not replay: a claim of a claimed ticket inserted by hand") {
    Ticket u = t;
    u.log.insert(u.log.begin() + 2, entry(Event::Claim, carol, 1));
    const auto problems = verify(u);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].key.empty());
    CHECK(problems[0].entry == 2);
    CHECK(problems[0].message ==
          "log entry 3 (claim) does not replay: " + id_q + " is already claimed by 'alice@example.edu'");
    const Outcome o = replay(u.id, u.log);
    REQUIRE(std::holds_alternative<Refusal>(o));
    CHECK(std::get<Refusal>(o).rule == "already-claimed");
  }
  SUBCASE("an entry removed by hand") {
    Ticket u = t;
    u.log.erase(u.log.begin() + 1);  // alice's claim
    const auto problems = verify(u);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].entry == 1);
    CHECK(problems[0].message ==
          "log entry 2 (comment) does not replay: only an open ticket can wait on the requester; " + id_q +
              " is 'new'");
  }
  SUBCASE("an empty log") {
    Ticket u = t;
    u.log.clear();
    const auto problems = verify(u);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].key == "log");
    CHECK(problems[0].entry == -1);
    CHECK(problems[0].message == "the log is empty");
  }
}

TEST_CASE("replay: history survives policy changes") {
  const Policy old_policy = example_policy();
  const std::vector<Ticket> tickets = {long_story(old_policy), routed_story(old_policy), waiting_story(old_policy),
                                       straight_back_story(old_policy), at_tier2(old_policy)};

  Policy changed = old_policy;
  for (auto& g : changed.groups) {
    std::erase(g.members, bob);
    std::erase(g.leads, bob);
    if (g.id == "cx-tier2") g.tier = 3;
  }
  REQUIRE(changed.group("cx-tier2")->tier == 3);
  REQUIRE_FALSE(changed.is_member("cx-tier2", bob));

  for (const Ticket& t : tickets) {
    const Ticket r = replayed(t);
    CHECK(r.header() == t.header());
    CHECK(r.log == t.log);
    CHECK(verify(t).empty());
  }
  CHECK(tickets[0].tier == 1);
  CHECK(tickets[3].assignee == bob);

  SUBCASE("the old policy allowed bob to claim; the new one refuses") {
    const Ticket& waiting = tickets[2];
    CHECK(step(waiting, entry(Event::Claim, bob, 3), old_policy).assignee == bob);
    check_refusal(refused(waiting, entry(Event::Claim, bob, 3), changed), rules::not_member,
                  "'bob@example.edu' is not a member of 'cx-tier2'");
    CHECK(step(waiting, entry(Event::Claim, erin, 3), changed).assignee == erin);
  }
  SUBCASE("an old entry made again under the new policy is refused") {
    const Ticket& waiting = tickets[2];
    Ticket before = waiting;
    const LogEntry old_escalation = before.log.back();
    before.log.pop_back();
    Outcome o = replay(before.id, before.log);
    REQUIRE(std::holds_alternative<Ticket>(o));
    before = std::get<Ticket>(o);
    check_refusal(refused(before, old_escalation, changed), rules::valid_values, "'cx-tier2' is tier 3, not 2");
    const Ticket now = step(before, escalate(before, changed, alice, 2), changed);
    CHECK(now.tier == 3);
    CHECK(waiting.tier == 2);
  }
  SUBCASE("a second escalation cannot go straight back to bob any more") {
    const Ticket h = handed_back(old_policy);
    const Refusal r = refused(h, escalate(h, changed, alice, 5), changed);
    check_refusal(r, rules::not_member, "'bob@example.edu' is not a member of 'cx-tier2'");
    CHECK(r.hint == "escalate with --queue");
  }
  SUBCASE("bob still holds the ticket he held, and the others carry on with it") {
    const Ticket& held = tickets[3];
    const Ticket released = step(held, entry(Event::Release, bob, 6), changed);
    CHECK(released.status == Status::Escalated);
    CHECK(step(released, entry(Event::Claim, erin, 7), changed).assignee == erin);
  }
}
