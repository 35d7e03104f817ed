#include "core/workflow.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include <doctest/doctest.h>

#include "support.hpp"

using namespace tier;
using namespace tier::test;

namespace {

const std::string id_q = "'" + ticket_id + "'";

std::string cannot(std::string_view event, std::string_view status, std::string_view allowed) {
  return "cannot " + std::string(event) + " a ticket that is '" + std::string(status) +
         "'; allowed from it: " + std::string(allowed);
}

constexpr std::string_view from_new = "claim, assign, comment, appoint, edit";
constexpr std::string_view from_open = "release, assign, comment, escalate, handback, resolve, appoint, edit";
constexpr std::string_view from_escalated = "claim, assign, comment, edit";
constexpr std::string_view from_pending = "release, assign, comment, escalate, resolve, edit";
constexpr std::string_view from_resolved = "comment, reopen, close, edit, rate";

Ticket closed_ticket(const Policy& p) { return step(resolved(p), entry(Event::Close, erin, 6), p); }

/// Opened, then handed by carol (lead) to herself: alice owns it, carol holds it.
Ticket held_by_carol(const Policy& p) { return step(opened(p), assign(carol, carol, 2), p); }

}  // namespace

TEST_CASE("workflow: the example policy is the one the tests assume") {
  const Policy p = example_policy();
  CHECK(p.is_member("service-desk", alice));
  CHECK(p.is_lead("service-desk", carol));
  CHECK(p.is_member("cx-tier2", bob));
  CHECK(p.is_lead("cx-tier2", erin));
  CHECK(p.is_lead("cn-accounts", dave));
  CHECK(p.is_admin(admin));
  CHECK_FALSE(p.is_agent(stranger));
  REQUIRE(p.organization_for_email(dana));
  CHECK(p.organization_for_email(dana)->id == "milne");
}

TEST_CASE("workflow: allowed_from follows the transitions table") {
  auto names = [](Status s) {
    std::string out;
    for (Event e : allowed_from(s)) out += (out.empty() ? "" : ", ") + std::string(to_string(e));
    return out;
  };
  CHECK(names(Status::New) == from_new);
  CHECK(names(Status::Open) == from_open);
  CHECK(names(Status::Escalated) == from_escalated);
  CHECK(names(Status::Pending) == from_pending);
  CHECK(names(Status::Resolved) == from_resolved);
  CHECK(names(Status::Closed) == "rate");
}

// create

TEST_CASE("workflow: create_entry fills in the policy's defaults") {
  const Policy p = example_policy();
  CreateRequest r = request("Dana.Ruiz@Milne.Example.EDU");
  const LogEntry e = create_entry(r, p, alice, at(0));
  CHECK(e.event == Event::Create);
  CHECK(e.by == alice);
  CHECK(e.at == at(0));
  CHECK(e.title == "Laptop drops Wi-Fi");
  CHECK(e.priority == Priority::Normal);
  CHECK_FALSE(e.category);
  CHECK_FALSE(e.tags);
  REQUIRE(e.requester);
  CHECK(*e.requester == Requester{"Dana Ruiz", dana, "milne"});
  CHECK(e.to == "service-desk");
  CHECK(e.tier == 1);
  CHECK(e.details.empty());
  CHECK_FALSE(e.visibility);
  CHECK(e.text.empty());

  r.group = "cx-tier2";
  r.priority = Priority::Urgent;
  r.category = "network";
  r.tags = {"wifi"};
  r.details = full_details();
  r.text = "It drops every ten minutes.";
  const LogEntry f = create_entry(r, p, alice, at(0));
  CHECK(f.to == "cx-tier2");
  CHECK(f.tier == 2);
  CHECK(f.priority == Priority::Urgent);
  CHECK(f.category == "network");
  CHECK(f.tags == std::vector<std::string>{"wifi"});
  CHECK(f.details == full_details());
  CHECK(f.visibility == Visibility::Public);
  CHECK(f.text == "It drops every ten minutes.");

  const LogEntry g = create_entry(request("someone@acme.com"), p, alice, at(0));
  CHECK(g.requester->organization.empty());
  CHECK(g.to.empty());
  CHECK(g.tier == 0);
}

TEST_CASE("workflow: create makes a new ticket in the intake group") {
  const Policy p = example_policy();
  CreateRequest r = request();
  r.category = "network";
  r.tags = {"wifi", "basement"};
  r.details.asset = "LT-20931";
  const Ticket t = created(p, r);
  CHECK(t.id == ticket_id);
  CHECK(t.title == "Laptop drops Wi-Fi");
  CHECK(t.status == Status::New);
  CHECK(t.priority == Priority::Normal);
  CHECK(t.category == "network");
  CHECK(t.tier == 1);
  CHECK(t.group == "service-desk");
  CHECK(t.assignee.empty());
  CHECK(t.owner.empty());
  CHECK(t.escalations == 0);
  CHECK(t.handbacks == 0);
  CHECK(t.tags == std::vector<std::string>{"wifi", "basement"});
  CHECK(t.created == at(0));
  CHECK(t.updated == at(0));
  CHECK(t.requester == Requester{"Dana Ruiz", dana, "milne"});
  CHECK(t.details.asset == "LT-20931");
  CHECK_FALSE(t.appointment);
  CHECK_FALSE(t.csat);
  REQUIRE(t.log.size() == 1);
  CHECK(t.log[0].event == Event::Create);

  SUBCASE("--group puts it in another queue, at that group's tier") {
    CreateRequest g = request();
    g.group = "cx-tier2";
    const Ticket u = created(p, g);
    CHECK(u.group == "cx-tier2");
    CHECK(u.tier == 2);
  }
  SUBCASE("a requester's own mail creates it (ingest)") {
    const Ticket u = created(p, request(), dana);
    CHECK(u.status == Status::New);
    CHECK(u.log[0].by == dana);
  }
}

TEST_CASE("workflow: create is refused by rules 1 and 2, a missing title, a bad group") {
  const Policy p = example_policy();
  Ticket blank;
  blank.id = ticket_id;
  auto create = [&](const CreateRequest& r, const std::string& by = alice) {
    return refused(blank, create_entry(r, p, by, at(0)), p);
  };

  check_refusal(create(request("dana@gmail.com")), rules::employer_email,
                "'gmail.com' is a free-mail domain; the requester needs an employer address");
  check_refusal(create(request("Dana@GMAIL.com")), rules::employer_email,
                "'gmail.com' is a free-mail domain; the requester needs an employer address");
  check_refusal(create(request("")), rules::employer_email, "the requester needs an e-mail address, not ''");
  check_refusal(create(request("dana")), rules::employer_email,
                "the requester needs an e-mail address, not 'dana'");
  check_refusal(create(request("dana@acme.com")), rules::supported_organization,
                "no supported organization has the domain 'acme.com'");

  LogEntry wrong_org = create_entry(request(), p, alice, at(0));
  wrong_org.requester->organization = "strand";
  check_refusal(refused(blank, wrong_org, p), rules::supported_organization,
                "the domain 'milne.example.edu' belongs to 'milne', not 'strand'");

  CreateRequest untitled = request();
  untitled.title = "";
  check_refusal(create(untitled), rules::valid_values, "a ticket needs a title");

  CreateRequest nowhere = request();
  nowhere.group = "nowhere";
  check_refusal(create(nowhere), rules::unknown_group, "no such group 'nowhere'", Exit::NotFound);

  LogEntry wrong_tier = create_entry(request(), p, alice, at(0));
  wrong_tier.tier = 2;
  check_refusal(refused(blank, wrong_tier, p), rules::valid_values, "'service-desk' is tier 1, not 2");

  const Refusal r = create(request(), stranger);
  check_refusal(r, rules::unknown_agent, "'mallory@example.edu' is not an agent of this help desk");
  CHECK(r.hint == "set --agent, TIER_AGENT or git's user.email to an agent listed in .tier/config.toml");

  check_refusal(refused(created(p), create_entry(request(), p, alice, at(1)), p), rules::transition,
                id_q + " already exists");
}

// claim

TEST_CASE("workflow: claim") {
  const Policy p = example_policy();

  SUBCASE("from new: the claimant becomes assignee and owner") {
    const Ticket t = step(created(p), entry(Event::Claim, alice, 1), p);
    CHECK(t.status == Status::Open);
    CHECK(t.assignee == alice);
    CHECK(t.owner == alice);
    CHECK(t.updated == at(1));
    CHECK(t.log.size() == 2);
  }
  SUBCASE("a lead is a member") {
    const Ticket t = step(created(p), entry(Event::Claim, carol, 1), p);
    CHECK(t.assignee == carol);
  }
  SUBCASE("from escalated: the owner stays") {
    Ticket t = opened(p);
    t = step(t, escalate(t, p, alice, 2), p);
    t = step(t, entry(Event::Claim, bob, 3), p);
    CHECK(t.status == Status::Open);
    CHECK(t.assignee == bob);
    CHECK(t.owner == alice);
    CHECK(t.group == "cx-tier2");
  }
  SUBCASE("a claimed ticket: exit 4, naming the holder") {
    check_refusal(refused(opened(p), entry(Event::Claim, carol, 2), p), rules::already_claimed,
                  id_q + " is already claimed by 'alice@example.edu'", Exit::Conflict);
    check_refusal(refused(opened(p), entry(Event::Claim, alice, 2), p), rules::already_claimed,
                  id_q + " is already claimed by 'alice@example.edu'", Exit::Conflict);
    const Ticket pending = step(opened(p), comment(alice, 2, "Is it plugged in?", Visibility::Public, true), p);
    check_refusal(refused(pending, entry(Event::Claim, carol, 3), p), rules::already_claimed,
                  id_q + " is already claimed by 'alice@example.edu'", Exit::Conflict);
  }
  SUBCASE("wrong status") {
    check_refusal(refused(resolved(p), entry(Event::Claim, carol, 6), p), rules::transition,
                  cannot("claim", "resolved", from_resolved));
  }
  SUBCASE("not a member of the ticket's group") {
    check_refusal(refused(created(p), entry(Event::Claim, bob, 1), p), rules::not_member,
                  "'bob@example.edu' is not a member of 'service-desk'");
    check_refusal(refused(created(p), entry(Event::Claim, admin, 1), p), rules::not_member,
                  "'it-admin@example.edu' is not a member of 'service-desk'");
  }
  SUBCASE("closed") {
    check_refusal(refused(closed_ticket(p), entry(Event::Claim, alice, 7), p), rules::closed,
                  id_q + " is closed and read-only");
  }
}

// release

TEST_CASE("workflow: release") {
  const Policy p = example_policy();

  SUBCASE("back to the intake queue; the owner stays") {
    const Ticket t = step(opened(p), entry(Event::Release, alice, 2), p);
    CHECK(t.status == Status::New);
    CHECK(t.assignee.empty());
    CHECK(t.owner == alice);
    CHECK(t.group == "service-desk");
  }
  SUBCASE("back to the escalation queue it came from") {
    const Ticket t = step(at_tier2(p), entry(Event::Release, bob, 4), p);
    CHECK(t.status == Status::Escalated);
    CHECK(t.assignee.empty());
    CHECK(t.owner == alice);
    CHECK(t.group == "cx-tier2");
    CHECK(t.tier == 2);
  }
  SUBCASE("after a hand-back, to the owner's group's queue") {
    const Ticket t = step(handed_back(p), entry(Event::Release, alice, 5), p);
    CHECK(t.status == Status::New);
    CHECK(t.group == "service-desk");
  }
  SUBCASE("wrong status") {
    check_refusal(refused(created(p), entry(Event::Release, alice, 1), p), rules::transition,
                  cannot("release", "new", from_new));
  }
  SUBCASE("not the assignee") {
    check_refusal(refused(opened(p), entry(Event::Release, carol, 2), p), rules::not_assignee,
                  "only the assignee may release " + id_q + "; it is held by 'alice@example.edu'");
  }
  SUBCASE("closed") {
    check_refusal(refused(closed_ticket(p), entry(Event::Release, alice, 7), p), rules::closed,
                  id_q + " is closed and read-only");
  }
}

// assign

TEST_CASE("workflow: assign") {
  const Policy p = example_policy();

  SUBCASE("a lead assigns a new ticket to a member") {
    const Ticket t = step(created(p), assign(carol, alice, 1), p);
    CHECK(t.status == Status::Open);
    CHECK(t.assignee == alice);
    CHECK(t.owner == alice);
  }
  SUBCASE("a lead reassigns an open ticket; the owner stays") {
    const Ticket t = step(opened(p), assign(carol, carol, 2), p);
    CHECK(t.assignee == carol);
    CHECK(t.owner == alice);
  }
  SUBCASE("an admin assigns an escalated ticket") {
    Ticket t = opened(p);
    t = step(t, escalate(t, p, alice, 2), p);
    t = step(t, assign(admin, erin, 3), p);
    CHECK(t.status == Status::Open);
    CHECK(t.assignee == erin);
    CHECK(t.owner == alice);
  }
  SUBCASE("wrong status") {
    check_refusal(refused(resolved(p), assign(carol, carol, 6), p), rules::transition,
                  cannot("assign", "resolved", from_resolved));
  }
  SUBCASE("not a lead") {
    check_refusal(refused(created(p), assign(alice, alice, 1), p), rules::not_lead,
                  "only a lead of 'service-desk' or an admin may assign");
    check_refusal(refused(created(p), assign(erin, alice, 1), p), rules::not_lead,
                  "only a lead of 'service-desk' or an admin may assign");
  }
  SUBCASE("the agent must be a member of the group") {
    check_refusal(refused(created(p), assign(carol, bob, 1), p), rules::not_member,
                  "'bob@example.edu' is not a member of 'service-desk'");
    check_refusal(refused(created(p), assign(carol, stranger, 1), p), rules::unknown_agent,
                  "'mallory@example.edu' is not an agent of this help desk");
  }
  SUBCASE("closed") {
    check_refusal(refused(closed_ticket(p), assign(carol, alice, 7), p), rules::closed,
                  id_q + " is closed and read-only");
  }
}

// comment

TEST_CASE("workflow: comment") {
  const Policy p = example_policy();

  SUBCASE("any agent writes a private note, whatever the status") {
    for (const Ticket& t : {created(p), opened(p), at_tier2(p), resolved(p)}) {
      const Ticket u = step(t, comment(dave, 10, "Seen this before", Visibility::Private), p);
      CHECK(u.status == t.status);
      CHECK(u.log.size() == t.log.size() + 1);
      CHECK(u.log.back().is_private());
      CHECK(u.updated == at(10));
    }
  }
  SUBCASE("the owner writes to the requester") {
    const Ticket t = step(at_tier2(p), comment(alice, 4, "Tier 2 is on it"), p);
    CHECK(t.status == Status::Open);
    CHECK(t.assignee == bob);
  }
  SUBCASE("before there is an owner, a member of the group writes to the requester") {
    step(created(p), comment(carol, 1, "We have it"), p);
  }
  SUBCASE("public-by-owner") {
    Refusal r = refused(opened(p), comment(carol, 2, "Hello"), p);
    check_refusal(r, rules::public_by_owner,
                  "only the owner 'alice@example.edu' may write to the requester of " + id_q);
    CHECK(r.hint == "write a private note with --private");
    check_refusal(refused(at_tier2(p), comment(bob, 4, "Hello"), p), rules::public_by_owner,
                  "only the owner 'alice@example.edu' may write to the requester of " + id_q);
    check_refusal(refused(created(p), comment(bob, 1, "Hello"), p), rules::public_by_owner,
                  "only the owner '(none)' may write to the requester of " + id_q);
  }
  SUBCASE("public_comments_by = \"any\"") {
    Policy any = p;
    any.public_by_owner = false;
    step(opened(any), comment(carol, 2, "Hello"), any);
    step(created(any), comment(bob, 1, "Hello"), any);
  }
  SUBCASE("closed") {
    check_refusal(refused(closed_ticket(p), comment(alice, 7, "Late note", Visibility::Private), p),
                  rules::closed, id_q + " is closed and read-only");
  }
}

TEST_CASE("workflow: pending is set by a comment from open and left by a later comment") {
  const Policy p = example_policy();
  Ticket t = step(opened(p), comment(alice, 2, "Can you try a cable?", Visibility::Public, true), p);
  CHECK(t.status == Status::Pending);
  CHECK(t.assignee == alice);

  t = step(t, comment(alice, 3, "Reminder: a cable?", Visibility::Public, true), p);
  CHECK(t.status == Status::Pending);

  SUBCASE("the requester answers") {
    const Ticket u = step(t, comment(dana, 4, "Wired works fine"), p);
    CHECK(u.status == Status::Open);
    CHECK(u.assignee == alice);
  }
  SUBCASE("an agent's note") {
    const Ticket u = step(t, comment(carol, 4, "Called her", Visibility::Private), p);
    CHECK(u.status == Status::Open);
  }
  SUBCASE("resolved while pending") {
    const Ticket u = step(t, noted(Event::Resolve, alice, 4, "No answer; closing the loop"), p);
    CHECK(u.status == Status::Resolved);
  }
  SUBCASE("only an open ticket can wait on the requester") {
    check_refusal(refused(created(p), comment(carol, 1, "Which room?", Visibility::Public, true), p),
                  rules::transition, "only an open ticket can wait on the requester; " + id_q + " is 'new'");
    Ticket e = opened(p);
    e = step(e, escalate(e, p, alice, 2), p);
    check_refusal(refused(e, comment(alice, 3, "Which room?", Visibility::Public, true), p), rules::transition,
                  "only an open ticket can wait on the requester; " + id_q + " is 'escalated'");
  }
  SUBCASE("wrong status for other events") {
    check_refusal(refused(t, entry(Event::Claim, alice, 4), p), rules::already_claimed,
                  id_q + " is already claimed by 'alice@example.edu'", Exit::Conflict);
    check_refusal(refused(t, handback(t, alice, 4), p), rules::transition,
                  cannot("handback", "pending", from_pending));
  }
}

TEST_CASE("workflow: a lead or an admin moves a pending ticket, with a private note") {
  const Policy p = example_policy();
  const Ticket t = step(opened(p), comment(alice, 2, "Can you try a cable?", Visibility::Public, true), p);
  REQUIRE(t.status == Status::Pending);
  auto with_note = [](LogEntry e, std::string text = "Alice is on leave") {
    e.text = std::move(text);
    e.visibility = Visibility::Private;
    return e;
  };
  const std::string why = "moving the pending ticket " + id_q + " needs a note saying why";

  SUBCASE("a lead releases it to its queue; the note stays, private") {
    const Ticket u = step(t, with_note(entry(Event::Release, carol, 3)), p);
    CHECK(u.status == Status::New);
    CHECK(u.assignee.empty());
    CHECK(u.owner == alice);
    CHECK(u.log.back().text == "Alice is on leave");
    CHECK(u.log.back().is_private());
  }
  SUBCASE("a lead assigns it to another member") {
    const Ticket u = step(t, with_note(assign(carol, carol, 3)), p);
    CHECK(u.status == Status::Open);
    CHECK(u.assignee == carol);
    CHECK(u.owner == alice);
  }
  SUBCASE("an admin escalates it; the policy's other rules still hold") {
    LogEntry e = escalate(t, p, admin, 3);
    e.text = "Alice is on leave; the RADIUS side needs a look";
    const Ticket u = step(t, e, p);
    CHECK(u.status == Status::Escalated);
    CHECK(u.group == "cx-tier2");
    CHECK(u.escalations == 1);
    check_refusal(refused(t, escalate(t, p, carol, 3, escalation({})), p), rules::escalation_template,
                  "the escalation template lacks asset, location, symptoms, tried, connection");
  }
  SUBCASE("not-lead: the assignee, the owner, a member, a lead of another group") {
    for (const std::string& who : {alice, bob, erin}) {
      check_refusal(refused(t, with_note(entry(Event::Release, who, 3)), p), rules::not_lead,
                    id_q + " is pending: only a lead of 'service-desk' or an admin may release it");
      check_refusal(refused(t, with_note(escalate(t, p, who, 3)), p), rules::not_lead,
                    id_q + " is pending: only a lead of 'service-desk' or an admin may escalate it");
    }
    check_refusal(refused(t, with_note(assign(alice, alice, 3)), p), rules::not_lead,
                  id_q + " is pending: only a lead of 'service-desk' or an admin may assign it");
  }
  SUBCASE("note-required") {
    Refusal r = refused(t, entry(Event::Release, carol, 3), p);
    check_refusal(r, rules::note_required, why);
    CHECK(r.hint == "give it with -m");
    check_refusal(refused(t, assign(admin, carol, 3), p), rules::note_required, why);
    LogEntry e = escalate(t, p, carol, 3);
    e.text.clear();
    check_refusal(refused(t, e, p), rules::note_required, why);
  }
  SUBCASE("the note of a release or an assignment is private") {
    check_refusal(refused(t, noted(Event::Release, carol, 3, "Alice is away"), p), rules::valid_values,
                  "a release note is private");
    LogEntry e = assign(carol, carol, 3);
    e.text = "Alice is away";
    e.visibility = Visibility::Public;
    check_refusal(refused(t, e, p), rules::valid_values, "an assignment note is private");
  }
  SUBCASE("an open ticket: the assignee releases it with or without a note") {
    step(opened(p), entry(Event::Release, alice, 2), p);
    step(opened(p), with_note(entry(Event::Release, alice, 2), "Off sick"), p);
  }
  SUBCASE("replay takes a lead's release of a pending ticket like any other") {
    const Ticket u = step(t, with_note(entry(Event::Release, carol, 3)), p);
    const Ticket r = std::get<Ticket>(replay(u.id, u.log));
    CHECK(r.status == Status::New);
    CHECK(verify(u).empty());
  }
}

// escalate

TEST_CASE("workflow: escalate_entry fills in the policy's defaults") {
  const Policy p = example_policy();
  const Ticket t = opened(p);

  const LogEntry e = escalate(t, p, alice, 2);
  CHECK(e.event == Event::Escalate);
  CHECK(e.by == alice);
  CHECK(e.at == at(2));
  CHECK(e.to == "cx-tier2");
  CHECK(e.tier == 2);
  CHECK(e.assignee.empty());
  CHECK(e.visibility == Visibility::Private);
  CHECK(e.text == "Driver reinstalled; still drops. Needs the RADIUS side.");
  CHECK(e.details == full_details());

  CHECK(escalate(t, p, alice, 2, escalation(full_details(), "cn-accounts")).to == "cn-accounts");
  const LogEntry unknown = escalate(t, p, alice, 2, escalation(full_details(), "nowhere"));
  CHECK(unknown.to == "nowhere");
  CHECK(unknown.tier == 0);

  const Ticket accounts = step(created(p, request(dana, "accounts")), entry(Event::Claim, alice, 1), p);
  const LogEntry routed = escalate(accounts, p, alice, 2);
  CHECK(routed.to == "cn-accounts");
  CHECK(routed.tier == 2);

  SUBCASE("a second escalation goes straight back to who handed it back") {
    const Ticket h = handed_back(p);
    const LogEntry again = escalate(h, p, alice, 5);
    CHECK(again.to == "cx-tier2");
    CHECK(again.tier == 2);
    CHECK(again.assignee == bob);
    const LogEntry queued = escalate(h, p, alice, 5, escalation({}, {}, true));
    CHECK(queued.to == "cx-tier2");
    CHECK(queued.assignee.empty());
  }
  SUBCASE("straight back only to the group it was handed back from") {
    Policy q = p;
    q.groups.push_back(Group{"field", 2, {alice}, {}, {}});
    q.organizations[0].escalation.push_back("field");
    const Ticket h = handed_back(q);
    const LogEntry elsewhere = escalate(h, q, alice, 5, escalation({}, "field"));
    CHECK(elsewhere.to == "field");
    CHECK(elsewhere.assignee.empty());
    const LogEntry named = escalate(h, q, alice, 5, escalation({}, "cx-tier2"));
    CHECK(named.assignee == bob);
  }
}

TEST_CASE("workflow: the first escalation goes to the queue, the owner stays") {
  const Policy p = example_policy();
  Details partial;
  partial.asset = "LT-1";
  partial.location = "Milne 2.14";
  CreateRequest r = request();
  r.details = partial;
  Ticket t = step(created(p, r), entry(Event::Claim, alice, 1), p);

  Details rest;
  rest.symptoms = "drops";
  rest.tried = "driver";
  rest.connection = "wired";
  t = step(t, escalate(t, p, alice, 2, escalation(rest)), p);
  CHECK(t.status == Status::Escalated);
  CHECK(t.group == "cx-tier2");
  CHECK(t.tier == 2);
  CHECK(t.assignee.empty());
  CHECK(t.owner == alice);
  CHECK(t.escalations == 1);
  CHECK(t.handbacks == 0);
  CHECK(t.details.asset == "LT-1");
  CHECK(t.details.location == "Milne 2.14");
  CHECK(t.details.symptoms == "drops");
  CHECK(t.details.connection == "wired");
  CHECK(t.updated == at(2));
  CHECK(t.log.back().is_private());

  SUBCASE("the owner may escalate what someone else holds") {
    const Ticket c = held_by_carol(p);
    const Ticket u = step(c, escalate(c, p, alice, 3), p);
    CHECK(u.status == Status::Escalated);
    CHECK(u.owner == alice);
  }
  SUBCASE("a route is open to an organization without a subscription") {
    const Ticket h = step(created(p, request("sam@hollis.example.org", "accounts")), entry(Event::Claim, alice, 1), p);
    const Ticket u = step(h, escalate(h, p, alice, 2), p);
    CHECK(u.group == "cn-accounts");
    CHECK(u.status == Status::Escalated);
    CHECK(step(u, entry(Event::Claim, dave, 3), p).assignee == dave);
  }
  SUBCASE("only the required fields are required") {
    Policy q = p;
    q.escalation_requires = {"asset"};
    const Ticket o = opened(q);
    Details asset_only;
    asset_only.asset = "LT-1";
    step(o, escalate(o, q, alice, 2, escalation(asset_only)), q);
  }
}

TEST_CASE("workflow: escalate refusals") {
  const Policy p = example_policy();
  const Ticket t = opened(p);

  SUBCASE("wrong status") {
    const Ticket n = created(p);
    check_refusal(refused(n, escalate(n, p, alice, 1), p), rules::transition, cannot("escalate", "new", from_new));
    Ticket e = t;
    e = step(e, escalate(e, p, alice, 2), p);
    check_refusal(refused(e, escalate(e, p, alice, 3), p), rules::transition,
                  cannot("escalate", "escalated", from_escalated));
  }
  SUBCASE("not the assignee or the owner") {
    check_refusal(refused(t, escalate(t, p, carol, 2), p), rules::not_assignee,
                  "only the assignee or the owner may escalate " + id_q + "; it is held by 'alice@example.edu'");
  }
  SUBCASE("a private note") {
    LogEntry e = escalate(t, p, alice, 2);
    e.text.clear();
    const Refusal none = refused(t, e, p);
    check_refusal(none, rules::note_required, "an escalation needs a note");
    CHECK(none.hint == "give it with -m");
    e = escalate(t, p, alice, 2);
    e.visibility = Visibility::Public;
    check_refusal(refused(t, e, p), rules::valid_values, "an escalation note is private");
  }
  SUBCASE("an unknown group: exit 3") {
    check_refusal(refused(t, escalate(t, p, alice, 2, escalation(full_details(), "nowhere")), p),
                  rules::unknown_group, "no such group 'nowhere'", Exit::NotFound);
  }
  SUBCASE("the entry's tier must be the group's") {
    LogEntry e = escalate(t, p, alice, 2);
    e.tier = 3;
    check_refusal(refused(t, e, p), rules::valid_values, "'cx-tier2' is tier 2, not 3");
  }
  SUBCASE("escalation-tier: an escalation goes up") {
    check_refusal(refused(t, escalate(t, p, alice, 2, escalation(full_details(), "service-desk")), p),
                  rules::escalation_tier, "an escalation goes up: 'service-desk' is tier 1, the ticket is at tier 1");
    const Ticket t2 = at_tier2(p);
    check_refusal(refused(t2, escalate(t2, p, bob, 4, escalation(full_details(), "cn-accounts")), p),
                  rules::escalation_tier, "an escalation goes up: 'cn-accounts' is tier 2, the ticket is at tier 2");
  }
  SUBCASE("route: a routed category goes to its group") {
    const Ticket a = step(created(p, request(dana, "accounts")), entry(Event::Claim, alice, 1), p);
    const Refusal r = refused(a, escalate(a, p, alice, 2, escalation(full_details(), "cx-tier2")), p);
    check_refusal(r, rules::route, "category 'accounts' goes to 'cn-accounts'");
    CHECK(r.hint == "escalate without --to, or with --to cn-accounts");
  }
  SUBCASE("subscription: hollis does not subscribe to cx-tier2") {
    const Ticket h = step(created(p, request("sam@hollis.example.org")), entry(Event::Claim, alice, 1), p);
    check_refusal(refused(h, escalate(h, p, alice, 2), p), rules::subscription,
                  "organization 'hollis' does not subscribe to 'cx-tier2'");
  }
  SUBCASE("escalation-template: every missing field is named") {
    const Refusal r = refused(t, escalate(t, p, alice, 2, escalation({})), p);
    check_refusal(r, rules::escalation_template,
                  "the escalation template lacks asset, location, symptoms, tried, connection");
    CHECK(r.hint == "fill it in with --asset --location --symptoms --tried --connection");

    Details some;
    some.asset = "LT-1";
    some.symptoms = "drops";
    some.connection = "wired";
    const Refusal s = refused(t, escalate(t, p, alice, 2, escalation(some)), p);
    check_refusal(s, rules::escalation_template, "the escalation template lacks location, tried");
    CHECK(s.hint == "fill it in with --location --tried");
  }
  SUBCASE("connection is wired or wireless") {
    Details d = full_details();
    d.connection = "wifi";
    check_refusal(refused(t, escalate(t, p, alice, 2, escalation(d)), p), rules::valid_values,
                  "connection is 'wired' or 'wireless', not 'wifi'");
  }
  SUBCASE("a first escalation goes to a queue") {
    LogEntry e = escalate(t, p, alice, 2);
    e.assignee = bob;
    check_refusal(refused(t, e, p), rules::valid_values,
                  "an escalation goes to a queue, or straight back to '(nobody)' who handed it back, not to "
                  "'bob@example.edu'");
  }
  SUBCASE("closed") {
    const Ticket c = closed_ticket(p);
    check_refusal(refused(c, escalate(c, p, alice, 7), p), rules::closed, id_q + " is closed and read-only");
  }
}

TEST_CASE("workflow: missing_template names what rule escalation-template would refuse") {
  const Policy p = example_policy();
  Ticket t = opened(p);
  CHECK(missing_template(p, t) == std::vector<std::string>{"asset", "location", "symptoms", "tried", "connection"});
  t.details.asset = "LT-20931";
  Details given;
  given.tried = "Rebooted";
  given.connection = "wired";
  CHECK(missing_template(p, t, given) == std::vector<std::string>{"location", "symptoms"});
  CHECK(missing_template(p, t, full_details()).empty());
  Policy lax = p;
  lax.escalation_requires = {"symptoms"};
  CHECK(missing_template(lax, t) == std::vector<std::string>{"symptoms"});
  lax.escalation_requires = {};
  CHECK(missing_template(lax, t).empty());
}

TEST_CASE("workflow: a second escalation goes straight back to who handed it back") {
  const Policy p = example_policy();
  const Ticket h = handed_back(p);
  REQUIRE(h.status == Status::Open);
  REQUIRE(h.assignee == alice);

  SUBCASE("to bob, open") {
    const Ticket t = step(h, escalate(h, p, alice, 5), p);
    CHECK(t.status == Status::Open);
    CHECK(t.assignee == bob);
    CHECK(t.owner == alice);
    CHECK(t.group == "cx-tier2");
    CHECK(t.tier == 2);
    CHECK(t.escalations == 2);
    CHECK(t.handbacks == 1);

    const Ticket back = step(t, handback(t, bob, 6), p);
    CHECK(back.handbacks == 2);
    const Ticket third = step(back, escalate(back, p, alice, 7), p);
    CHECK(third.assignee == bob);
    CHECK(third.escalations == 3);
  }
  SUBCASE("with --queue, to the queue") {
    const Ticket t = step(h, escalate(h, p, alice, 5, escalation({}, {}, true)), p);
    CHECK(t.status == Status::Escalated);
    CHECK(t.assignee.empty());
    CHECK(t.group == "cx-tier2");
    CHECK(t.escalations == 2);
    CHECK(step(t, entry(Event::Claim, erin, 6), p).assignee == erin);
  }
  SUBCASE("not to anyone else") {
    LogEntry e = escalate(h, p, alice, 5);
    e.assignee = erin;
    check_refusal(refused(h, e, p), rules::valid_values,
                  "an escalation goes to a queue, or straight back to 'bob@example.edu' who handed it back, not "
                  "to 'erin@example.edu'");
  }
  SUBCASE("not to someone who has left the group") {
    Policy q = p;
    for (auto& g : q.groups) std::erase(g.members, bob);
    const Refusal r = refused(h, escalate(h, q, alice, 5), q);
    check_refusal(r, rules::not_member, "'bob@example.edu' is not a member of 'cx-tier2'");
    CHECK(r.hint == "escalate with --queue");
    step(h, escalate(h, q, alice, 5, escalation({}, {}, true)), q);
  }
  SUBCASE("the subscription is checked again") {
    Policy q = p;
    q.organizations[0].escalation.clear();
    check_refusal(refused(h, escalate(h, q, alice, 5), q), rules::subscription,
                  "organization 'milne' does not subscribe to 'cx-tier2'");
  }
  SUBCASE("a routed ticket goes straight back to the route's group") {
    Ticket a = step(created(p, request(dana, "accounts")), entry(Event::Claim, alice, 1), p);
    a = step(a, escalate(a, p, alice, 2), p);
    a = step(a, entry(Event::Claim, dave, 3), p);
    a = step(a, handback(a, dave, 4), p);
    const Ticket t = step(a, escalate(a, p, alice, 5), p);
    CHECK(t.group == "cn-accounts");
    CHECK(t.assignee == dave);
    CHECK(t.status == Status::Open);
  }
}

// handback

TEST_CASE("workflow: handback_entry goes to the owner in the owner's group") {
  const Policy p = example_policy();
  const Ticket t = at_tier2(p);
  const LogEntry e = handback(t, bob, 4);
  CHECK(e.event == Event::Handback);
  CHECK(e.by == bob);
  CHECK(e.at == at(4));
  CHECK(e.to == "service-desk");
  CHECK(e.tier == 1);
  CHECK(e.assignee == alice);
  CHECK(e.visibility == Visibility::Private);
  CHECK(e.text == "RADIUS certificate renewed; back to you");
}

TEST_CASE("workflow: handback") {
  const Policy p = example_policy();
  const Ticket t2 = at_tier2(p);

  SUBCASE("to the owner and the owner's group") {
    const Ticket t = step(t2, handback(t2, bob, 4), p);
    CHECK(t.status == Status::Open);
    CHECK(t.assignee == alice);
    CHECK(t.owner == alice);
    CHECK(t.group == "service-desk");
    CHECK(t.tier == 1);
    CHECK(t.handbacks == 1);
    CHECK(t.escalations == 1);
    CHECK(t.updated == at(4));
  }
  SUBCASE("wrong status") {
    Ticket e = opened(p);
    e = step(e, escalate(e, p, alice, 2), p);
    check_refusal(refused(e, handback(e, erin, 3), p), rules::transition,
                  cannot("handback", "escalated", from_escalated));
  }
  SUBCASE("only at tier 2 or above") {
    const Ticket o = opened(p);
    check_refusal(refused(o, handback(o, alice, 2), p), rules::transition,
                  "only a ticket at tier 2 or above can be handed back; " + id_q + " is at tier 1");
  }
  SUBCASE("not the assignee") {
    check_refusal(refused(t2, handback(t2, erin, 4), p), rules::not_assignee,
                  "only the assignee may handback " + id_q + "; it is held by 'bob@example.edu'");
    check_refusal(refused(t2, handback(t2, alice, 4), p), rules::not_assignee,
                  "only the assignee may handback " + id_q + "; it is held by 'bob@example.edu'");
  }
  SUBCASE("a private note") {
    const Refusal r = refused(t2, handback(t2, bob, 4, ""), p);
    check_refusal(r, rules::note_required, "a hand-back needs a note");
    CHECK(r.hint == "give it with -m");
    LogEntry e = handback(t2, bob, 4);
    e.visibility = Visibility::Public;
    check_refusal(refused(t2, e, p), rules::valid_values, "a hand-back note is private");
  }
  SUBCASE("to nobody but the owner in the owner's group") {
    LogEntry e = handback(t2, bob, 4);
    e.to = "cx-tier2";
    e.tier = 2;
    check_refusal(refused(t2, e, p), rules::valid_values,
                  "a hand-back goes to the owner 'alice@example.edu' in 'service-desk'");
    e = handback(t2, bob, 4);
    e.assignee = carol;
    check_refusal(refused(t2, e, p), rules::valid_values,
                  "a hand-back goes to the owner 'alice@example.edu' in 'service-desk'");
  }
  SUBCASE("closed") {
    const Ticket c = closed_ticket(p);
    check_refusal(refused(c, handback(c, alice, 7), p), rules::closed, id_q + " is closed and read-only");
  }
}

// resolve

TEST_CASE("workflow: resolve") {
  const Policy p = example_policy();

  SUBCASE("by the assignee") {
    const Ticket t = step(opened(p), noted(Event::Resolve, alice, 2, "Replaced the card"), p);
    CHECK(t.status == Status::Resolved);
    CHECK(t.assignee == alice);
    CHECK(t.updated == at(2));
  }
  SUBCASE("by the owner while tier 2 holds it") {
    const Ticket t = step(at_tier2(p), noted(Event::Resolve, alice, 4, "Fixed by tier 2"), p);
    CHECK(t.status == Status::Resolved);
    CHECK(t.assignee == bob);
  }
  SUBCASE("wrong status") {
    check_refusal(refused(created(p), noted(Event::Resolve, alice, 1, "Done"), p), rules::transition,
                  cannot("resolve", "new", from_new));
    check_refusal(refused(resolved(p), noted(Event::Resolve, alice, 6, "Done"), p), rules::transition,
                  cannot("resolve", "resolved", from_resolved));
  }
  SUBCASE("not the assignee or the owner") {
    check_refusal(refused(opened(p), noted(Event::Resolve, carol, 2, "Done"), p), rules::not_assignee,
                  "only the assignee or the owner may resolve " + id_q + "; it is held by 'alice@example.edu'");
  }
  SUBCASE("a public text") {
    const Refusal r = refused(opened(p), noted(Event::Resolve, alice, 2, ""), p);
    check_refusal(r, rules::note_required, "a resolution needs a public text for the requester");
    CHECK(r.hint == "give it with -m");
    check_refusal(refused(opened(p), noted(Event::Resolve, alice, 2, "Done", Visibility::Private), p),
                  rules::note_required, "a resolution needs a public text for the requester");
  }
  SUBCASE("closed") {
    check_refusal(refused(closed_ticket(p), noted(Event::Resolve, alice, 7, "Done"), p), rules::closed,
                  id_q + " is closed and read-only");
  }
}

// reopen

TEST_CASE("workflow: reopen") {
  const Policy p = example_policy();

  SUBCASE("by the owner: open, assigned to the owner") {
    const Ticket t = step(resolved(p), noted(Event::Reopen, alice, 6, "It dropped again"), p);
    CHECK(t.status == Status::Open);
    CHECK(t.assignee == alice);
  }
  SUBCASE("by the requester") {
    const Ticket t = step(resolved(p), noted(Event::Reopen, dana, 6, "It dropped again"), p);
    CHECK(t.status == Status::Open);
    CHECK(t.assignee == alice);
  }
  SUBCASE("by the last assignee, back to the owner") {
    Ticket t = step(at_tier2(p), noted(Event::Resolve, bob, 4, "Fixed the RADIUS side"), p);
    t = step(t, noted(Event::Reopen, bob, 5, "Not fixed after all"), p);
    CHECK(t.status == Status::Open);
    CHECK(t.assignee == alice);
  }
  SUBCASE("wrong status") {
    check_refusal(refused(opened(p), noted(Event::Reopen, alice, 2, "Again"), p), rules::transition,
                  cannot("reopen", "open", from_open));
  }
  SUBCASE("not the owner, the last assignee or the requester") {
    check_refusal(refused(resolved(p), noted(Event::Reopen, carol, 6, "Again"), p), rules::not_assignee,
                  "only the owner, the last assignee or the requester may reopen " + id_q);
  }
  SUBCASE("a note") {
    const Refusal r = refused(resolved(p), noted(Event::Reopen, alice, 6, ""), p);
    check_refusal(r, rules::note_required, "reopening needs a note");
    CHECK(r.hint == "give it with -m");
  }
  SUBCASE("closed") {
    check_refusal(refused(closed_ticket(p), noted(Event::Reopen, dana, 7, "Again"), p), rules::closed,
                  id_q + " is closed and read-only");
  }
}

// a requester's mail (tier ingest)

TEST_CASE("workflow: reply_entry") {
  const Policy p = example_policy();
  auto made = [](const std::variant<LogEntry, Refusal>& v) {
    if (const auto* r = std::get_if<Refusal>(&v)) FAIL("refused by rule '" << r->rule << "': " << r->message);
    return std::get<LogEntry>(v);
  };

  SUBCASE("an open ticket: a public comment by the requester") {
    const LogEntry e = made(reply_entry(opened(p), "Dana.Ruiz@Milne.Example.EDU", "Still broken", at(3)));
    CHECK(e.event == Event::Comment);
    CHECK(e.by == dana);
    CHECK(e.visibility == Visibility::Public);
    CHECK(e.text == "Still broken");
    CHECK(e.at == at(3));
    const Ticket t = step(opened(p), e, p);
    CHECK(t.status == Status::Open);
    CHECK(t.log.back() == e);
  }
  SUBCASE("a pending ticket is open again") {
    const Ticket pending = step(opened(p), comment(alice, 2, "Which floor?", Visibility::Public, true), p);
    REQUIRE(pending.status == Status::Pending);
    const Ticket t = step(pending, made(reply_entry(pending, dana, "2nd floor", at(3))), p);
    CHECK(t.status == Status::Open);
    CHECK(t.assignee == alice);
  }
  SUBCASE("a resolved ticket is reopened, to its owner, with the reply as a public note") {
    const LogEntry e = made(reply_entry(resolved(p), dana, "It dropped again", at(6)));
    CHECK(e.event == Event::Reopen);
    CHECK(e.visibility == Visibility::Public);
    const Ticket t = step(resolved(p), e, p);
    CHECK(t.status == Status::Open);
    CHECK(t.assignee == alice);
  }
  SUBCASE("a closed ticket stays closed") {
    const Ticket c = closed_ticket(p);
    check_refusal(refused(c, made(reply_entry(c, dana, "Again", at(8))), p), rules::closed,
                  id_q + " is closed and read-only");
  }
  SUBCASE("only the requester") {
    const auto v = reply_entry(opened(p), alice, "Hello", at(3));
    REQUIRE(std::holds_alternative<Refusal>(v));
    const Refusal& r = std::get<Refusal>(v);
    check_refusal(r, rules::requester_only,
                  "'alice@example.edu' is not the requester of " + id_q + "; only the requester's mail is added to it");
    CHECK(r.hint == "agents answer with 'tier comment'");
  }
  SUBCASE("text of its own") {
    const auto v = reply_entry(opened(p), dana, "", at(3));
    REQUIRE(std::holds_alternative<Refusal>(v));
    check_refusal(std::get<Refusal>(v), rules::note_required, "the reply to " + id_q + " has no text of its own");
  }
}

// close

TEST_CASE("workflow: close") {
  const Policy p = example_policy();

  SUBCASE("any agent closes a resolved ticket") {
    const Ticket t = step(resolved(p), entry(Event::Close, dave, 6), p);
    CHECK(t.status == Status::Closed);
    CHECK(t.updated == at(6));
  }
  SUBCASE("wrong status") {
    check_refusal(refused(opened(p), entry(Event::Close, alice, 2), p), rules::transition,
                  cannot("close", "open", from_open));
  }
  SUBCASE("not by the requester") {
    check_refusal(refused(resolved(p), entry(Event::Close, dana, 6), p), rules::unknown_agent,
                  "'dana.ruiz@milne.example.edu' is not an agent of this help desk");
  }
  SUBCASE("closed is final") {
    check_refusal(refused(closed_ticket(p), entry(Event::Close, alice, 7), p), rules::closed,
                  id_q + " is closed and read-only");
  }
}

// appoint

TEST_CASE("workflow: appoint") {
  const Policy p = example_policy();

  SUBCASE("from new: the technician is assigned") {
    const LogEntry e = appoint(carol, bob, 1);
    const Ticket t = step(created(p), e, p);
    CHECK(t.status == Status::Open);
    CHECK(t.assignee == bob);
    CHECK(t.appointment == e.appointment);
  }
  SUBCASE("from open: the owner stays") {
    const Ticket t = step(opened(p), appoint(alice, bob, 2), p);
    CHECK(t.assignee == bob);
    CHECK(t.owner == alice);
    REQUIRE(t.appointment);
    CHECK(t.appointment->place == "Milne 2.14");
    CHECK(t.appointment->technician == bob);
  }
  SUBCASE("wrong status") {
    Ticket e = opened(p);
    e = step(e, escalate(e, p, alice, 2), p);
    check_refusal(refused(e, appoint(erin, bob, 3), p), rules::transition,
                  cannot("appoint", "escalated", from_escalated));
  }
  SUBCASE("not a member of the group") {
    check_refusal(refused(created(p), appoint(bob, bob, 1), p), rules::not_member,
                  "'bob@example.edu' is not a member of 'service-desk'");
  }
  SUBCASE("the technician is an agent") {
    check_refusal(refused(created(p), appoint(alice, stranger, 1), p), rules::unknown_agent,
                  "'mallory@example.edu' is not an agent of this help desk");
  }
  SUBCASE("a place") {
    check_refusal(refused(created(p), appoint(alice, bob, 1, ""), p), rules::valid_values,
                  "an appointment needs a time, a place and a technician");
  }
  SUBCASE("closed") {
    check_refusal(refused(closed_ticket(p), appoint(alice, bob, 7), p), rules::closed,
                  id_q + " is closed and read-only");
  }
}

// edit

TEST_CASE("workflow: edit") {
  const Policy p = example_policy();
  LogEntry e = entry(Event::Edit, alice, 2);
  e.title = "Wi-Fi drops in B12";
  e.priority = Priority::High;
  e.category = "network";
  e.tags = std::vector<std::string>{"wifi"};
  e.details.asset = "LT-20931";

  SUBCASE("by the assignee") {
    const Ticket t = step(opened(p), e, p);
    CHECK(t.title == "Wi-Fi drops in B12");
    CHECK(t.priority == Priority::High);
    CHECK(t.category == "network");
    CHECK(t.tags == std::vector<std::string>{"wifi"});
    CHECK(t.details.asset == "LT-20931");
    CHECK(t.status == Status::Open);
    CHECK(t.updated == at(2));
  }
  SUBCASE("only what the entry carries changes") {
    CreateRequest r = request();
    r.details.location = "B12";
    Ticket t = step(created(p, r), entry(Event::Claim, alice, 1), p);
    LogEntry only = entry(Event::Edit, alice, 2);
    only.details.asset = "LT-1";
    t = step(t, only, p);
    CHECK(t.title == "Laptop drops Wi-Fi");
    CHECK(t.details.location == "B12");
    CHECK(t.details.asset == "LT-1");
  }
  SUBCASE("by the owner, a lead or an admin") {
    const Ticket c = held_by_carol(p);
    step(c, e, p);
    e.by = erin;
    step(at_tier2(p), e, p);
    e.by = admin;
    step(created(p), e, p);
    e.by = carol;
    step(resolved(p), e, p);
  }
  SUBCASE("not by anyone else") {
    e.by = bob;
    check_refusal(refused(opened(p), e, p), rules::not_assignee,
                  "only the assignee, the owner or a lead may edit " + id_q);
  }
  SUBCASE("a title cannot be emptied") {
    e.title = "";
    check_refusal(refused(opened(p), e, p), rules::valid_values, "a ticket needs a title");
  }
  SUBCASE("closed") {
    check_refusal(refused(closed_ticket(p), e, p), rules::closed, id_q + " is closed and read-only");
  }
}

// rate

TEST_CASE("workflow: rate") {
  const Policy p = example_policy();

  SUBCASE("a resolved ticket, on the requester's behalf") {
    const Ticket t = step(resolved(p), rate(dana, 5, 6), p);
    CHECK(t.csat == 5);
    CHECK(t.status == Status::Resolved);
  }
  SUBCASE("a closed ticket") {
    const Ticket t = step(closed_ticket(p), rate(alice, 4, 7), p);
    CHECK(t.csat == 4);
    CHECK(t.status == Status::Closed);
    CHECK(t.updated == at(7));
  }
  SUBCASE("wrong status") {
    check_refusal(refused(opened(p), rate(dana, 5, 2), p), rules::transition, cannot("rate", "open", from_open));
  }
  SUBCASE("from 1 to 5") {
    check_refusal(refused(resolved(p), rate(dana, 6, 6), p), rules::valid_values, "a rating is from 1 to 5, not 6");
    check_refusal(refused(resolved(p), rate(dana, 0, 6), p), rules::valid_values, "a rating is from 1 to 5, not 0");
    CHECK(step(resolved(p), rate(dana, 1, 6), p).csat == 1);
  }
  SUBCASE("not by a stranger") {
    check_refusal(refused(resolved(p), rate(stranger, 5, 6), p), rules::unknown_agent,
                  "'mallory@example.edu' is not an agent of this help desk");
  }
}

// who

TEST_CASE("workflow: the requester may comment publicly and reopen, but not claim") {
  const Policy p = example_policy();
  const Ticket o = opened(p);
  const Ticket t = step(o, comment(dana, 2, "It is worse in the morning"), p);
  CHECK(t.log.back().by == dana);
  CHECK(t.status == Status::Open);

  step(created(p), comment("Dana.Ruiz@Milne.Example.EDU", 1, "Any news?"), p);

  check_refusal(refused(o, comment(dana, 2, "secret", Visibility::Private), p), rules::unknown_agent,
                "'dana.ruiz@milne.example.edu' is not an agent of this help desk");
  check_refusal(refused(created(p), entry(Event::Claim, dana, 1), p), rules::unknown_agent,
                "'dana.ruiz@milne.example.edu' is not an agent of this help desk");
  check_refusal(refused(o, entry(Event::Release, dana, 2), p), rules::unknown_agent,
                "'dana.ruiz@milne.example.edu' is not an agent of this help desk");
  check_refusal(refused(o, noted(Event::Resolve, dana, 2, "Fixed it myself"), p), rules::unknown_agent,
                "'dana.ruiz@milne.example.edu' is not an agent of this help desk");

  const Ticket r = step(resolved(p), noted(Event::Reopen, dana, 6, "Still broken"), p);
  CHECK(r.status == Status::Open);

  SUBCASE("another organization's requester is a stranger") {
    check_refusal(refused(o, comment("sam@hollis.example.org", 2, "Me too"), p), rules::unknown_agent,
                  "'sam@hollis.example.org' is not an agent of this help desk");
  }
}

TEST_CASE("workflow: an unknown agent is refused, with a hint") {
  const Policy p = example_policy();
  for (const LogEntry& e : {entry(Event::Claim, stranger, 1), comment(stranger, 1, "note", Visibility::Private),
                            assign(stranger, alice, 1)}) {
    const Refusal r = refused(created(p), e, p);
    check_refusal(r, rules::unknown_agent, "'mallory@example.edu' is not an agent of this help desk");
    CHECK(r.hint == "set --agent, TIER_AGENT or git's user.email to an agent listed in .tier/config.toml");
  }
}

TEST_CASE("workflow: apply() changes nothing on refusal") {
  const Policy p = example_policy();
  const Ticket before = opened(p);
  const Ticket copy = before;
  Outcome o = apply(before, entry(Event::Claim, carol, 2), p);
  REQUIRE(std::holds_alternative<Refusal>(o));
  CHECK(before == copy);
  CHECK(before.log == copy.log);
  o = apply(before, escalate(before, p, alice, 2, escalation({})), p);
  REQUIRE(std::holds_alternative<Refusal>(o));
  CHECK(before == copy);
  CHECK(before.log.size() == 2);
}

TEST_CASE("workflow: apply() on a ticket with no log") {
  const Policy p = example_policy();
  Ticket blank;
  blank.id = ticket_id;
  const Outcome o = apply(blank, entry(Event::Close, alice, 0), p);
  REQUIRE(std::holds_alternative<Refusal>(o));
  check_refusal(std::get<Refusal>(o), rules::transition, "the first entry of a log must be 'create'");
}

TEST_CASE("workflow: require() and to_error()") {
  const Policy p = example_policy();
  CHECK(require(apply(created(p), entry(Event::Claim, alice, 1), p)).assignee == alice);

  try {
    require(apply(opened(p), entry(Event::Claim, carol, 2), p));
    FAIL("require() did not throw");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::Conflict);
    CHECK(std::string(e.what()) == id_q + " is already claimed by 'alice@example.edu'");
    CHECK(e.rule() == "already-claimed");
  }

  const Ticket a = step(created(p, request(dana, "accounts")), entry(Event::Claim, alice, 1), p);
  const Error route = to_error(refused(a, escalate(a, p, alice, 2, escalation(full_details(), "cx-tier2")), p));
  CHECK(route.code() == Exit::Refused);
  CHECK(std::string(route.what()) == "refused by rule 'route': category 'accounts' goes to 'cn-accounts'");
  CHECK(route.hint() == "escalate without --to, or with --to cn-accounts");
  CHECK(route.rule() == "route");

  const Error group = to_error(refused(a, escalate(a, p, alice, 2, escalation(full_details(), "nowhere")), p));
  CHECK(group.code() == Exit::NotFound);
  CHECK(std::string(group.what()) == "no such group 'nowhere'");
  CHECK(group.rule() == "unknown-group");
}

TEST_CASE("workflow: every rule id is given by some refusal") {
  const Policy p = example_policy();
  Ticket blank;
  blank.id = ticket_id;
  const Ticket o = opened(p);
  const Ticket t2 = at_tier2(p);
  const Ticket a = step(created(p, request(dana, "accounts")), entry(Event::Claim, alice, 1), p);
  const Ticket h = step(created(p, request("sam@hollis.example.org")), entry(Event::Claim, alice, 1), p);
  LogEntry untitled = entry(Event::Edit, alice, 2);
  untitled.title = "";

  const std::vector<Refusal> all = {
      refused(blank, create_entry(request("dana@gmail.com"), p, alice, at(0)), p),
      refused(blank, create_entry(request("dana@acme.com"), p, alice, at(0)), p),
      refused(created(p), entry(Event::Claim, stranger, 1), p),
      refused(o, escalate(o, p, alice, 2, escalation(full_details(), "nowhere")), p),
      refused(o, entry(Event::Claim, carol, 2), p),
      refused(created(p), entry(Event::Claim, bob, 1), p),
      refused(o, entry(Event::Release, carol, 2), p),
      refused(o, assign(alice, carol, 2), p),
      refused(o, escalate(o, p, alice, 2, escalation({})), p),
      refused(t2, escalate(t2, p, bob, 4, escalation(full_details(), "cn-accounts")), p),
      refused(h, escalate(h, p, alice, 2), p),
      refused(a, escalate(a, p, alice, 2, escalation(full_details(), "cx-tier2")), p),
      refused(o, comment(carol, 2, "Hello"), p),
      refused(resolved(p), noted(Event::Reopen, alice, 6, ""), p),
      refused(o, entry(Event::Close, alice, 2), p),
      refused(closed_ticket(p), entry(Event::Close, alice, 7), p),
      refused(o, untitled, p),
      std::get<Refusal>(reply_entry(o, bob, "Hello", at(2))),
  };
  std::set<std::string> given;
  for (const auto& r : all) {
    given.insert(r.rule);
    CHECK(r.code == (r.rule == "already-claimed" ? Exit::Conflict
                     : r.rule == "unknown-group" ? Exit::NotFound
                                                 : Exit::Refused));
  }
  const auto& files = rules::file_checks();
  for (auto id : rules::all())
    if (std::find(files.begin(), files.end(), id) == files.end())
      CHECK_MESSAGE(given.count(std::string(id)) == 1, "no refusal gives rule " << id);
  CHECK(given.size() == rules::all().size() - files.size());
}
