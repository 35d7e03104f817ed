#include "core/day.hpp"

#include "support.hpp"

namespace tier::test {
namespace {

Header header_of(const Ticket& t) { return t.header(); }

}  // namespace

TEST_CASE("day: a clock due later today is upcoming; one past due is breached") {
  const Policy p = example_policy();
  const Ticket t = opened(p);  // normal: respond 4h, resolve 3d; created at 10:00, no reply yet
  const Clocks clocks(p);
  const Facts f = facts_of(t);

  std::vector<Deadline> d = deadlines(header_of(t), f, clocks, at(60), at(600));
  REQUIRE(d.size() == 1);
  CHECK(d[0] == Deadline{ticket_id, Clock::Respond, at(240), false});

  d = deadlines(header_of(t), f, clocks, at(300), at(600));
  REQUIRE(d.size() == 1);
  CHECK(d[0] == Deadline{ticket_id, Clock::Respond, at(240), true});

  // The resolve clock falls due three days on: within a window that reaches it.
  d = deadlines(header_of(t), f, clocks, at(300), at(3 * 24 * 60 + 1));
  REQUIRE(d.size() == 2);
  CHECK(d[1] == Deadline{ticket_id, Clock::Resolve, at(3 * 24 * 60), false});
}

TEST_CASE("day: a public reply stops the respond clock; pending and resolved tickets have no deadline") {
  const Policy p = example_policy();
  const Clocks clocks(p);
  Ticket t = step(opened(p), comment(alice, 5), p);
  CHECK(deadlines(header_of(t), facts_of(t), clocks, at(300), at(600)).empty());

  Ticket waiting = step(opened(p), comment(alice, 5, "Which building?", Visibility::Public, true), p);
  REQUIRE(waiting.status == Status::Pending);
  CHECK(deadlines(header_of(waiting), facts_of(waiting), clocks, at(300), at(3 * 24 * 60 + 600)).empty());

  const Ticket done = resolved(p);
  CHECK(deadlines(header_of(done), facts_of(done), clocks, at(9000), at(9600)).empty());
}

TEST_CASE("day: a hand-back comes back to the tier-1 agent, not to the one who handed it back") {
  const Policy p = example_policy();
  const Ticket t = handed_back(p);  // handed back by bob at minute 4
  CHECK(came_back(t, alice, at(3)) == Comeback{Returned::Handback, at(4), bob});
  CHECK_FALSE(came_back(t, alice, at(4)));  // looked since
  CHECK_FALSE(came_back(t, bob, at(0)));
  CHECK(to_string(Returned::Handback) == "handback");
}

TEST_CASE("day: a requester's reply comes back to the owner; the agent's own entries never do") {
  const Policy p = example_policy();
  Ticket t = opened(p);
  CHECK_FALSE(came_back(step(t, comment(alice, 5), p), alice, at(0)));
  t = step(t, comment(dana, 6, "Still dropping"), p);
  CHECK(came_back(t, alice, at(0)) == Comeback{Returned::Reply, at(6), dana});
  // Escalated and claimed at tier 2: the owner still hears of a reply.
  Ticket up = at_tier2(p);
  up = step(up, comment(dana, 9, "Any news?"), p);
  CHECK(came_back(up, alice, at(5)) == Comeback{Returned::Reply, at(9), dana});
  CHECK(came_back(up, bob, at(5)) == Comeback{Returned::Reply, at(9), dana});
}

TEST_CASE("day: an assignment by a lead comes back; one the agent gave away does not") {
  const Policy p = example_policy();
  Ticket t = step(created(p), assign(carol, alice, 2), p);
  CHECK(came_back(t, alice, at(0)) == Comeback{Returned::Assigned, at(2), carol});
  t = step(t, assign(carol, carol, 3), p);
  CHECK_FALSE(came_back(t, alice, at(0)));  // no longer on alice's desk
  Ticket voided = created(p);
  LogEntry gone = assign(carol, alice, 7);
  gone.void_reason = "merged";
  voided.log.push_back(gone);
  CHECK_FALSE(came_back(voided, alice, at(0)));
}

}  // namespace tier::test
