// The merge of two versions of a ticket (core/merge), in memory.

#include "core/merge.hpp"

#include "support.hpp"

namespace tier::test {
namespace {

/// The events and agents of a log, one "event by [void]" a line.
std::string story(const Ticket& t) {
  std::string out;
  for (const auto& e : t.log) {
    out += std::string(to_string(e.event)) + " " + e.by + " " + std::to_string((e.at.ms - at(0).ms) / 60000);
    if (e.is_void()) out += " void";
    out += "\n";
  }
  return out;
}

void same_both_ways(const Ticket& a, const Ticket& b) {
  CHECK(merge_tickets(a, b).ticket == merge_tickets(b, a).ticket);
}

}  // namespace

TEST_CASE("merge: disjoint new entries are both kept, in time order, and the header is their replay") {
  const Policy p = example_policy();
  const Ticket base = opened(p);
  const Ticket a = step(base, comment(alice, 5, "From a", Visibility::Private), p);
  const Ticket b = step(step(base, comment(carol, 3, "From b", Visibility::Private), p), comment(carol, 7, "Again", Visibility::Private), p);
  const Merged m = merge_tickets(a, b);
  CHECK(story(m.ticket) ==
        "create alice@example.edu 0\nclaim alice@example.edu 1\ncomment carol@example.edu 3\n"
        "comment alice@example.edu 5\ncomment carol@example.edu 7\n");
  CHECK(m.voided.empty());
  CHECK(m.ticket.updated == at(7));
  CHECK(verify(m.ticket).empty());
  same_both_ways(a, b);
}

TEST_CASE("merge: entries at the same instant come in one order whichever side is first") {
  const Policy p = example_policy();
  const Ticket base = opened(p);
  const Ticket a = step(base, comment(alice, 5, "Alpha", Visibility::Private), p);
  const Ticket b = step(base, comment(carol, 5, "Bravo", Visibility::Private), p);
  const Merged ab = merge_tickets(a, b);
  const Merged ba = merge_tickets(b, a);
  CHECK(ab.ticket == ba.ticket);
  REQUIRE(ab.ticket.log.size() == 4);
  CHECK(ab.ticket.log[2].by == alice);  // entry_before: by alice before carol at one instant
  CHECK(ab.ticket.log[3].by == carol);
  CHECK(entry_before(a.log[2], b.log[2]));
  CHECK(!entry_before(b.log[2], a.log[2]));
}

TEST_CASE("merge: two resolutions that differ only by their article come in one order whichever side is first") {
  const Policy p = example_policy();
  const Ticket base = opened(p);
  LogEntry x = noted(Event::Resolve, alice, 5, "Fixed.");
  x.article = "wifi-drops";
  LogEntry y = x;
  y.article = "wifi-slow";
  CHECK(entry_before(x, y));
  CHECK(!entry_before(y, x));
  const Merged ab = merge_tickets(step(base, x, p), step(base, y, p));
  const Merged ba = merge_tickets(step(base, y, p), step(base, x, p));
  CHECK(ab.ticket == ba.ticket);
  REQUIRE(ab.ticket.log.size() == 4);
  CHECK(ab.ticket.log[2].article == "wifi-drops");
  CHECK(ab.ticket.log[3].is_void());
}

TEST_CASE("merge: of two claims the earlier stands and the later is kept as void") {
  const Policy p = example_policy();
  const Ticket base = created(p);
  const Ticket a = step(base, entry(Event::Claim, alice, 5), p);
  const Ticket b = step(base, entry(Event::Claim, carol, 6), p);
  for (const auto& m : {merge_tickets(a, b), merge_tickets(b, a)}) {
    CHECK(story(m.ticket) == "create alice@example.edu 0\nclaim alice@example.edu 5\nclaim carol@example.edu 6 void\n");
    CHECK(m.ticket.assignee == alice);
    CHECK(m.ticket.updated == at(5));
    REQUIRE(m.voided.size() == 1);
    CHECK(m.voided[0].by == carol);
    CHECK(m.ticket.log[2].void_reason == "'T-7k2m9qxa' is already claimed by 'alice@example.edu'");
    CHECK(verify(m.ticket).empty());
  }
}

TEST_CASE("merge: an entry both sides have is kept once") {
  const Policy p = example_policy();
  const Ticket base = opened(p);
  const LogEntry shared = comment(alice, 4, "Sent to both", Visibility::Private);
  const Ticket a = step(step(base, shared, p), comment(alice, 6, "Only a"), p);
  const Ticket b = step(step(base, comment(carol, 3, "Only b", Visibility::Private), p), shared, p);
  const Merged m = merge_tickets(a, b);
  CHECK(story(m.ticket) ==
        "create alice@example.edu 0\nclaim alice@example.edu 1\ncomment carol@example.edu 3\n"
        "comment alice@example.edu 4\ncomment alice@example.edu 6\n");
  same_both_ways(a, b);
  // An entry one side has marked void and the other has not: kept once, void.
  Ticket c = a;
  LogEntry late = entry(Event::Claim, carol, 7);
  late.void_reason = "'T-7k2m9qxa' is already claimed by 'alice@example.edu'";
  c = std::get<Ticket>(effect(c, late));
  const Merged twice = merge_tickets(c, c);
  CHECK(twice.ticket == c);
}

TEST_CASE("merge: is idempotent, and a side that only grew is the merge") {
  const Policy p = example_policy();
  const Ticket base = opened(p);
  const Ticket grown = step(step(base, comment(alice, 5, "More"), p), entry(Event::Release, alice, 6), p);
  CHECK(merge_tickets(base, grown).ticket == grown);
  CHECK(merge_tickets(grown, base).ticket == grown);
  CHECK(merge_tickets(grown, grown).ticket == grown);
  const Ticket other = step(base, comment(carol, 5, "Hi", Visibility::Private), p);
  const Ticket once = merge_tickets(grown, other).ticket;
  CHECK(merge_tickets(once, other).ticket == once);
  CHECK(merge_tickets(once, grown).ticket == once);
  CHECK(merge_tickets(once, once).ticket == once);
}

TEST_CASE("merge: a claim that no longer applies does not stop later entries of its side") {
  const Policy p = example_policy();
  const Ticket base = created(p);
  const Ticket a = step(base, entry(Event::Claim, alice, 5), p);
  // carol claimed offline later, and wrote a note: the note stays, the claim is void.
  const Ticket b = step(step(base, entry(Event::Claim, carol, 6), p), comment(carol, 7, "Looking", Visibility::Private), p);
  const Merged m = merge_tickets(a, b);
  CHECK(story(m.ticket) ==
        "create alice@example.edu 0\nclaim alice@example.edu 5\nclaim carol@example.edu 6 void\n"
        "comment carol@example.edu 7\n");
  CHECK(m.ticket.assignee == alice);
  same_both_ways(a, b);
}

}  // namespace tier::test
