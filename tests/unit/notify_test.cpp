#include "core/notify.hpp"

#include "support.hpp"

namespace tier {
using namespace tier::test;

namespace {

struct Told {
  NoticeKind kind;
  Audience audience;
  std::vector<std::string> to;
  friend bool operator==(const Told&, const Told&) = default;
};

[[maybe_unused]] std::ostream& operator<<(std::ostream& os, const Told& t) {
  os << to_string(t.kind) << "/" << to_string(t.audience) << ":";
  for (const auto& a : t.to) os << " " << a;
  return os;
}

// Applies the entry and says who hears of it.
std::vector<Told> told(Ticket& t, const LogEntry& e, const Policy& p) {
  const Ticket before = t;
  t = step(t, e, p);
  std::vector<Told> out;
  for (const auto& n : notices(before, t, t.log.back(), p)) out.push_back({n.kind, n.audience, n.to});
  return out;
}

using K = NoticeKind;
constexpr Audience agents = Audience::Agents;
constexpr Audience requester = Audience::Requester;

}  // namespace

TEST_CASE("notices: each event of the workflow tells the right people, never its maker") {
  const Policy p = example_policy();
  Ticket t;
  t.id = ticket_id;
  CHECK(told(t, create_entry(request(), p, alice, at(0)), p) ==
        std::vector<Told>{{K::Created, agents, {carol}}, {K::Acknowledged, requester, {dana}}});
  CHECK(told(t, entry(Event::Claim, alice, 1), p) == std::vector<Told>{{K::Claimed, agents, {carol}}});
  CHECK(told(t, comment(alice, 2, "Checked the cable.", Visibility::Private), p).empty());
  CHECK(told(t, comment(alice, 3, "We are on it."), p) == std::vector<Told>{{K::Commented, requester, {dana}}});
  CHECK(told(t, escalate(t, p, alice, 4), p) == std::vector<Told>{{K::Escalated, agents, {bob, erin}}});
  CHECK(told(t, entry(Event::Claim, bob, 5), p) == std::vector<Told>{{K::Claimed, agents, {erin}}});
  CHECK(told(t, comment(bob, 6, "RADIUS logs.", Visibility::Private), p) ==
        std::vector<Told>{{K::Commented, agents, {alice}}});
  CHECK(told(t, handback(t, bob, 7), p) == std::vector<Told>{{K::HandedBack, agents, {alice}}});
  // The second escalation goes straight back to bob, and so does its notice.
  CHECK(told(t, escalate(t, p, alice, 8), p) == std::vector<Told>{{K::Escalated, agents, {bob}}});
  CHECK(told(t, handback(t, bob, 9), p) == std::vector<Told>{{K::HandedBack, agents, {alice}}});
  CHECK(told(t, noted(Event::Resolve, alice, 10, "New card."), p) ==
        std::vector<Told>{{K::Resolved, requester, {dana}}});
  CHECK(told(t, rate(dana, 5, 11), p).empty());
  CHECK(told(t, entry(Event::Close, carol, 12), p).empty());
}

TEST_CASE("notices: the requester's own mail, release, assign, appoint, reopen") {
  const Policy p = example_policy();
  Ticket t;
  t.id = ticket_id;
  // A ticket from the requester's mail: the whole group, and the id back to the requester.
  CHECK(told(t, create_entry(request(), p, dana, at(0)), p) ==
        std::vector<Told>{{K::Created, agents, {alice, carol}}, {K::Acknowledged, requester, {dana}}});
  // A requester's reply before anyone holds it goes to the group.
  CHECK(told(t, comment(dana, 1, "Still broken."), p) ==
        std::vector<Told>{{K::Commented, agents, {alice, carol}}});
  CHECK(told(t, assign(carol, alice, 2), p) == std::vector<Told>{{K::Assigned, agents, {alice}}});
  CHECK(told(t, comment(dana, 3, "Any news?"), p) == std::vector<Told>{{K::Commented, agents, {alice}}});
  CHECK(told(t, entry(Event::Release, alice, 4), p) == std::vector<Told>{{K::Released, agents, {carol}}});
  CHECK(told(t, appoint(carol, alice, 5), p) ==
        std::vector<Told>{{K::Appointed, agents, {alice}}, {K::Appointed, requester, {dana}}});
  CHECK(told(t, noted(Event::Resolve, alice, 6, "Fixed on site."), p) ==
        std::vector<Told>{{K::Resolved, requester, {dana}}});
  CHECK(told(t, noted(Event::Reopen, dana, 7, "It is back."), p) ==
        std::vector<Told>{{K::Reopened, agents, {alice}}});
  // A resolution by the owner for another assignee tells the assignee.
  CHECK(told(t, assign(carol, carol, 8), p).empty());
  CHECK(told(t, noted(Event::Resolve, alice, 9, "Fixed again."), p) ==
        std::vector<Told>{{K::Resolved, agents, {carol}}, {K::Resolved, requester, {dana}}});
}

TEST_CASE("notices: a void entry tells nobody") {
  const Policy p = example_policy();
  const Ticket before = created(p);
  LogEntry e = entry(Event::Claim, alice, 1);
  e.void_reason = "claimed first by 'carol@example.edu'";
  const Ticket after = require(effect(before, e));
  CHECK(notices(before, after, e, p).empty());
}

TEST_CASE("replies_to_requester: what the requester is mailed as the desk's reply") {
  const std::string address = "Dana.Ruiz@milne.example.edu";
  CHECK(replies_to_requester(comment(alice, 1, "On it"), address));
  CHECK(replies_to_requester(noted(Event::Resolve, alice, 1, "Done"), address));
  CHECK(replies_to_requester(appoint(alice, bob, 1), address));
  CHECK_FALSE(replies_to_requester(comment(alice, 1, "Note", Visibility::Private), address));
  CHECK_FALSE(replies_to_requester(comment(dana, 1, "Any news?"), address));  // the requester's own
  CHECK_FALSE(replies_to_requester(entry(Event::Claim, alice, 1), address));
  CHECK_FALSE(replies_to_requester(entry(Event::Create, alice, 1), address));  // the acknowledgement is the desk's
  LogEntry lost = comment(alice, 1, "On it");
  lost.void_reason = "claimed by 'carol@example.edu' first";
  CHECK_FALSE(replies_to_requester(lost, address));
}

TEST_CASE("notify_overdue: the group's leads") {
  const Policy p = example_policy();
  const Ticket t = opened(p);
  const auto n = notify_overdue(t, p, "respond", at(240));
  REQUIRE(n);
  CHECK(n->kind == NoticeKind::Overdue);
  CHECK(n->to == std::vector<std::string>{carol});
  CHECK(message_id(t.id, *n, "example.edu") == "<T-7k2m9qxa.1795442400000.overdue-respond.leads@example.edu>");
  Policy leaderless = p;
  leaderless.groups[0].leads.clear();
  CHECK_FALSE(notify_overdue(t, leaderless, "respond", at(240)));
}

TEST_CASE("message ids: the thread root, and stable, distinct ids per entry and audience") {
  const Policy p = example_policy();
  CHECK(notify_from(p) == "helpdesk@example.edu");
  CHECK(notify_domain(p) == "example.edu");
  Policy named = p;
  named.notify.from = "Milne Help Desk <desk@help.milne.example.edu>";
  CHECK(notify_domain(named) == "help.milne.example.edu");
  Policy bare = p;
  bare.notify.from.clear();
  bare.admins = {"root@ops.example.org"};
  CHECK(notify_from(bare) == "helpdesk@ops.example.org");

  CHECK(thread_root_id(ticket_id, "example.edu") == "<T-7k2m9qxa@example.edu>");
  const Ticket t = created(p);
  const auto ns = notices(Ticket{}, t, t.log.back(), p);
  REQUIRE(ns.size() == 2);
  CHECK(message_id(t.id, ns[0], "example.edu") == "<T-7k2m9qxa@example.edu>");
  const std::string ack = message_id(t.id, ns[1], "example.edu");
  CHECK(ack.rfind("<T-7k2m9qxa.1795428000000.create.", 0) == 0);
  CHECK(ack.size() == std::string("<T-7k2m9qxa.1795428000000.create.12345678.requester@example.edu>").size());
  CHECK(ack.ends_with(".requester@example.edu>"));
  CHECK(message_id(t.id, ns[1], "example.edu") == ack);

  // Two comments at the same millisecond differ by their text.
  Ticket o = opened(p);
  Ticket a = step(o, comment(alice, 5, "First."), p);
  Ticket b = step(o, comment(alice, 5, "Second."), p);
  const auto na = notices(o, a, a.log.back(), p);
  const auto nb = notices(o, b, b.log.back(), p);
  REQUIRE(na.size() == 1);
  REQUIRE(nb.size() == 1);
  CHECK(message_id(o.id, na[0], "x") != message_id(o.id, nb[0], "x"));
}

TEST_CASE("threading: every message refers to the root; the acknowledgement of a mail answers it") {
  const Policy p = example_policy();
  CreateRequest r = request();
  r.message_id = "20261123095840.4711@milne.example.edu";
  const Ticket mailed = created(p, r, dana);
  REQUIRE(mailed.log.back().message_id == r.message_id);
  const auto ns = notices(Ticket{}, mailed, mailed.log.back(), p);
  REQUIRE(ns.size() == 2);
  REQUIRE(ns[0].kind == NoticeKind::Created);
  REQUIRE(ns[1].kind == NoticeKind::Acknowledged);
  CHECK(threading(mailed.id, ns[0], "example.edu").in_reply_to.empty());
  CHECK(threading(mailed.id, ns[0], "example.edu").references.empty());
  const Threading ack = threading(mailed.id, ns[1], "example.edu");
  CHECK(ack.in_reply_to == "<20261123095840.4711@milne.example.edu>");
  CHECK(ack.references == "<T-7k2m9qxa@example.edu> <20261123095840.4711@milne.example.edu>");

  // A ticket made by an agent, and any later message: the root only.
  const Ticket t = created(p);
  const auto plain = notices(Ticket{}, t, t.log.back(), p);
  REQUIRE(plain.size() == 2);
  CHECK(threading(t.id, plain[1], "example.edu").in_reply_to == "<T-7k2m9qxa@example.edu>");
  CHECK(threading(t.id, plain[1], "example.edu").references == "<T-7k2m9qxa@example.edu>");
  Ticket o = opened(p);
  const Ticket c = step(o, comment(alice, 5, "On it."), p);
  const auto nc = notices(o, c, c.log.back(), p);
  REQUIRE(nc.size() == 1);
  CHECK(threading(c.id, nc[0], "example.edu").in_reply_to == "<T-7k2m9qxa@example.edu>");

  // An id that cannot go back into a header as it is is not kept.
  r.message_id = "a b@example.org";
  CHECK(created(p, r, dana).log.back().message_id.empty());
  Notice forged = ns[1];
  forged.entry.message_id = "x@y>\nBcc: eve@example.org";
  CHECK(threading(mailed.id, forged, "example.edu").in_reply_to == "<T-7k2m9qxa@example.edu>");
}

TEST_CASE("valid_message_id: printable ASCII without blanks or angle brackets") {
  CHECK(valid_message_id("20261123095840.4711@milne.example.edu"));
  CHECK(valid_message_id("CAF=x+y_z!#$%&'*/?^`{|}~@mail.example.com"));
  CHECK_FALSE(valid_message_id(""));
  CHECK_FALSE(valid_message_id("a b@example.org"));
  CHECK_FALSE(valid_message_id("<a@example.org>"));
  CHECK_FALSE(valid_message_id("a@example.org\r\nBcc: eve@example.org"));
  CHECK_FALSE(valid_message_id("caf\xC3\xA9@example.org"));
  CHECK_FALSE(valid_message_id(std::string(251, 'a')));
  CHECK(valid_message_id(std::string(250, 'a')));
}

TEST_CASE("split_command: words as a shell splits them, without one") {
  using V = std::vector<std::string>;
  CHECK(split_command("/usr/sbin/sendmail -t -oi") == V{"/usr/sbin/sendmail", "-t", "-oi"});
  CHECK(split_command("  'my mailer'  -f \"help desk\" a\\ b ") == V{"my mailer", "-f", "help desk", "a b"});
  CHECK(split_command(R"("say \"hi\" \\ \x")") == V{R"(say "hi" \ \x)"});
  CHECK(split_command("a''b") == V{"ab"});
  CHECK(split_command("") == V{});
  CHECK_FALSE(split_command("'open"));
  CHECK_FALSE(split_command("\"open"));
  CHECK_FALSE(split_command("trailing\\"));
}

}  // namespace tier
