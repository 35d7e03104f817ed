// The tiered-support workflow end to end on one store: issue 4's story of a
// ticket through tier 1 and tier 2 and back, the rules that refuse, and the
// smaller commands (pending, appointments, edit, assign, release, queue,
// close --resolved-before). After every step `tier check` is clean, and the
// header is checked through `tier show --json`. (Moved from
// tests/e2e/workflow.bats: one store, no second clone, no hooks.)

#include <algorithm>

#include "driver.hpp"

namespace tier::test {
namespace {

const std::string TITLE = "Laptop drops Wi-Fi in Strand Ag basement";

const Args TEMPLATE = {"--asset",  "LT-20931", "--location", "Strand Ag B12", "--symptoms",
                       "Drops every 10 minutes; 802.1X timeouts",   "--tried",
                       "Forgot network, updated driver, wired works", "--connection", "wireless"};

struct Workflow : Sandbox {
  Workflow() { new_store(); }

  // Sets the clock: `at("09:05")` is 2026-11-23T09:05:00Z.
  void at(const std::string& hhmm) { set("TIER_NOW", "2026-11-23T" + hhmm + ":00Z"); }

  // `tier check` exits 0 and prints nothing, and the work tree is committed.
  void clean() {
    Run r = run_sep(0, {"check"});
    CHECK(r.output.empty());
    expect_clean_status();
  }

  std::string new_ticket(const std::string& title = TITLE, const std::string& email = "dana.ruiz@milne.example.edu",
                         const std::string& category = "network") {
    return tier({"create", "--title", title, "--email", email, "--name", "Dana Ruiz", "--category", category});
  }
};

std::string sorted_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  for (char c : text + "\n") {
    if (c == '\n') {
      lines.push_back(line);
      line.clear();
    } else {
      line += c;
    }
  }
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

}  // namespace

TEST_CASE_FIXTURE(Workflow, "workflow: issue 4: a ticket through tier 1 and tier 2 and back, every rule on the way") {
  at("09:00");
  const std::string ID = new_ticket();
  const Vars v{{"ID", ID}, {"TITLE", TITLE}};
  clean();
  Run r = ticket_fields(ID, {"status", "tier", "group", "assignee", "owner", "escalations", "handbacks"});
  CHECK(r.status == 0);
  EXPECT_TEXT(r.output, R"(status=new
tier=1
group=service-desk
assignee=
owner=
escalations=0
handbacks=0)");

  // alice of the service desk claims it and becomes its owner.
  at("09:05");
  r = run_sep(0, {"--agent", "alice@example.edu", "claim", ID});
  EXPECT_TEXT(r.err, expand("claimed $ID: $TITLE", v));
  clean();
  r = ticket_fields(ID, {"status", "assignee", "owner"});
  EXPECT_TEXT(r.output, R"(status=open
assignee=alice@example.edu
owner=alice@example.edu)");

  // carol's claim comes second: a conflict naming the holder.
  at("09:06");
  r = run_sep(4, {"--agent", "carol@example.edu", "claim", ID});
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, expand("tier: error: '$ID' is already claimed by 'alice@example.edu'", v));
  clean();
  r = ticket_fields(ID, {"assignee"});
  CHECK(r.output == "assignee=alice@example.edu");

  // No punting: an escalation without the template names what it lacks.
  at("09:10");
  r = run_sep(5, {"--agent", "alice@example.edu", "escalate", ID, "-m", "Needs a look at the RADIUS side."});
  EXPECT_TEXT(r.err, R"(tier: error: refused by rule 'escalation-template': the escalation template lacks asset, location, symptoms, tried, connection
hint: fill it in with --asset --location --symptoms --tried --connection)");
  clean();
  r = run_sep(5, {"--agent", "alice@example.edu", "escalate", ID, "-m", "Needs a look.", "--asset", "LT-20931",
                  "--connection", "wireless"});
  EXPECT_TEXT(r.err, R"(tier: error: refused by rule 'escalation-template': the escalation template lacks location, symptoms, tried
hint: fill it in with --location --symptoms --tried)");
  r = ticket_fields(ID, {"status", "escalations"});
  EXPECT_TEXT(r.output, R"(status=open
escalations=0)");

  // With it, the ticket goes to tier 2's queue, not to a person; alice stays the owner.
  at("09:15");
  r = run_sep(0, Args{"--agent", "alice@example.edu", "escalate", ID, "-m", "Needs a look at the RADIUS side."} +
                     TEMPLATE);
  EXPECT_TEXT(r.err, expand("escalated $ID to cx-tier2 (tier 2), in its queue", v));
  clean();
  r = ticket_fields(ID, {"status", "tier", "group", "assignee", "owner", "escalations", "handbacks", "details"});
  EXPECT_TEXT(r.output, R"(status=escalated
tier=2
group=cx-tier2
assignee=
owner=alice@example.edu
escalations=1
handbacks=0
details={"asset": "LT-20931", "connection": "wireless", "location": "Strand Ag B12", "symptoms": "Drops every 10 minutes; 802.1X timeouts", "tried": "Forgot network, updated driver, wired works"})");

  // bob of tier 2 pulls it from the queue and works with private notes.
  at("09:20");
  r = run_sep(0, {"--agent", "bob@example.edu", "claim", ID});
  EXPECT_TEXT(r.err, expand("claimed $ID: $TITLE", v));
  clean();
  r = ticket_fields(ID, {"status", "group", "assignee", "owner"});
  EXPECT_TEXT(r.output, R"(status=open
group=cx-tier2
assignee=bob@example.edu
owner=alice@example.edu)");
  at("09:25");
  r = run_sep(0, {"--agent", "bob@example.edu", "comment", ID, "--private", "-m", "RADIUS certificate expired on one AP."});
  EXPECT_TEXT(r.err, expand("private note added to $ID", v));
  clean();

  // He hands it back to the owner.
  at("09:30");
  r = run_sep(0, {"--agent", "bob@example.edu", "handback", ID, "-m", "Renewed the certificate; ask Dana to test."});
  EXPECT_TEXT(r.err, expand("handed $ID back to alice@example.edu in service-desk", v));
  clean();
  r = ticket_fields(ID, {"status", "tier", "group", "assignee", "owner", "escalations", "handbacks"});
  EXPECT_TEXT(r.output, R"(status=open
tier=1
group=service-desk
assignee=alice@example.edu
owner=alice@example.edu
escalations=1
handbacks=1)");

  // The owner writes to the requester; tier 2 may not.
  at("09:35");
  r = run_sep(0, {"--agent", "alice@example.edu", "comment", ID, "-m", "Could you try again now?"});
  EXPECT_TEXT(r.err, expand("comment added to $ID", v));
  clean();
  at("09:36");
  r = run_sep(5, {"--agent", "bob@example.edu", "comment", ID, "-m", "Hi Dana, this is Bob."});
  EXPECT_TEXT(r.err, expand(R"(tier: error: refused by rule 'public-by-owner': only the owner 'alice@example.edu' may write to the requester of '$ID'
hint: write a private note with --private)", v));
  clean();

  // A second escalation goes straight back to the agent who handed it back.
  at("09:40");
  r = run_sep(0, {"--agent", "alice@example.edu", "escalate", ID, "-m", "Still drops in room B14."});
  EXPECT_TEXT(r.err, expand("escalated $ID to cx-tier2 (tier 2), straight back to bob@example.edu", v));
  clean();
  r = ticket_fields(ID, {"status", "tier", "group", "assignee", "owner", "escalations", "handbacks"});
  EXPECT_TEXT(r.output, R"(status=open
tier=2
group=cx-tier2
assignee=bob@example.edu
owner=alice@example.edu
escalations=2
handbacks=1)");

  // Escalated twice or more: show and list flag it.
  r = run(0, {"show", ID});
  CHECK(r.line(6) == "escalated   2 times, handed back 1 time  [escalated twice or more]");
  r = run(0, {"list"});
  CHECK(r.line(1) == expand("$ID  open    normal  milne  40m  2d23h  bob       $TITLE  [escalated 2x]", v));

  at("09:45");
  r = run_sep(0, {"--agent", "bob@example.edu", "handback", ID, "-m", "Second AP fixed as well."});
  EXPECT_TEXT(r.err, expand("handed $ID back to alice@example.edu in service-desk", v));
  clean();

  // With --queue the third escalation goes to the group's queue instead.
  at("09:50");
  r = run_sep(0, {"--agent", "alice@example.edu", "escalate", ID, "--queue", "-m", "Third room now, B16."});
  EXPECT_TEXT(r.err, expand("escalated $ID to cx-tier2 (tier 2), in its queue", v));
  clean();
  r = ticket_fields(ID, {"status", "group", "assignee", "owner", "escalations", "handbacks"});
  EXPECT_TEXT(r.output, R"(status=escalated
group=cx-tier2
assignee=
owner=alice@example.edu
escalations=3
handbacks=2)");
  at("09:55");
  run(0, {"--agent", "erin@example.edu", "claim", ID});
  at("10:00");
  r = run_sep(0, {"--agent", "erin@example.edu", "handback", ID, "-m", "Replaced the AP in B16."});
  EXPECT_TEXT(r.err, expand("handed $ID back to alice@example.edu in service-desk", v));
  clean();
  r = ticket_fields(ID, {"status", "group", "assignee", "handbacks"});
  EXPECT_TEXT(r.output, R"(status=open
group=service-desk
assignee=alice@example.edu
handbacks=3)");

  // Resolved by the owner, rated, closed; a closed ticket is read-only.
  at("10:05");
  r = run_sep(0, {"--agent", "alice@example.edu", "resolve", ID, "-m", "Fixed: three access points renewed."});
  EXPECT_TEXT(r.err, expand("resolved $ID: $TITLE", v));
  clean();
  at("10:10");
  r = run_sep(0, {"--agent", "alice@example.edu", "rate", ID, "5"});
  EXPECT_TEXT(r.err, expand("rated $ID 5/5", v));
  clean();
  at("10:15");
  r = run_sep(0, {"--agent", "carol@example.edu", "close", ID});
  EXPECT_TEXT(r.err, expand("closed $ID: $TITLE", v));
  clean();
  r = ticket_fields(ID, {"status", "tier", "group", "assignee", "owner", "escalations", "handbacks", "csat", "updated"});
  EXPECT_TEXT(r.output, R"(status=closed
tier=1
group=service-desk
assignee=alice@example.edu
owner=alice@example.edu
escalations=3
handbacks=3
csat=5
updated=2026-11-23T10:15:00Z)");
  at("10:20");
  r = run_sep(5, {"--agent", "alice@example.edu", "comment", ID, "-m", "One more thing"});
  EXPECT_TEXT(r.err, expand("tier: error: refused by rule 'closed': '$ID' is closed and read-only", v));
  r = run_sep(5, {"--agent", "alice@example.edu", "comment", ID, "--private", "-m", "One more thing"});
  EXPECT_TEXT(r.err, expand("tier: error: refused by rule 'closed': '$ID' is closed and read-only", v));
  clean();

  // The whole history, in order, private notes marked.
  r = run(0, {"log", ID});
  EXPECT_TEXT(r.output, R"(2026-11-23 09:00 UTC  alice@example.edu  create in service-desk
2026-11-23 09:05 UTC  alice@example.edu  claim
2026-11-23 09:15 UTC  alice@example.edu  escalate to cx-tier2 (tier 2)  [private]
    Needs a look at the RADIUS side.
2026-11-23 09:20 UTC  bob@example.edu  claim
2026-11-23 09:25 UTC  bob@example.edu  comment  [private]
    RADIUS certificate expired on one AP.
2026-11-23 09:30 UTC  bob@example.edu  handback to alice@example.edu in service-desk  [private]
    Renewed the certificate; ask Dana to test.
2026-11-23 09:35 UTC  alice@example.edu  comment
    Could you try again now?
2026-11-23 09:40 UTC  alice@example.edu  escalate to cx-tier2 (tier 2), straight back to bob@example.edu  [private]
    Still drops in room B14.
2026-11-23 09:45 UTC  bob@example.edu  handback to alice@example.edu in service-desk  [private]
    Second AP fixed as well.
2026-11-23 09:50 UTC  alice@example.edu  escalate to cx-tier2 (tier 2)  [private]
    Third room now, B16.
2026-11-23 09:55 UTC  erin@example.edu  claim
2026-11-23 10:00 UTC  erin@example.edu  handback to alice@example.edu in service-desk  [private]
    Replaced the AP in B16.
2026-11-23 10:05 UTC  alice@example.edu  resolve
    Fixed: three access points renewed.
2026-11-23 10:10 UTC  alice@example.edu  rate 5/5
2026-11-23 10:15 UTC  carol@example.edu  close)");
  // A refusal commits nothing: one commit per step that was made.
  r = sh(0, "git log --format=%s");
  CHECK(r.lines().size() == 16);
  CHECK(r.line(0) == expand("close $ID: $TITLE", v));
  CHECK(r.line(14) == expand("create $ID: $TITLE", v));

  // An accounts ticket, escalated to cn-accounts by its route, before the policy changes.
  at("10:30");
  const std::string ACC = new_ticket("Cannot log in to the catalogue", "dana.ruiz@milne.example.edu", "accounts");
  tier({"--agent", "alice@example.edu", "claim", ACC});
  tier(Args{"--agent", "alice@example.edu", "escalate", ACC, "-m", "Locked account."} + TEMPLATE);
  tier({"--agent", "dave@example.edu", "claim", ACC});
  clean();
  const std::string before_headers = tier({"list", "--format", "json"});

  // History survives a policy change: bob leaves cx-tier2, cn-accounts moves
  // to tier 3. Every old ticket still replays to the same header.
  {
    const std::string s = read_file(".tier/config.toml");
    std::string s2 = s;
    const std::string members = R"(members = ["bob@example.edu", "erin@example.edu"])";
    const auto m = s2.find(members);
    REQUIRE(m != std::string::npos);
    s2.replace(m, members.size(), R"(members = ["erin@example.edu"])");
    const std::string group = "id = \"cn-accounts\"\ntier = 2";
    const auto g = s2.find(group);
    REQUIRE(g != std::string::npos);
    s2[g + group.size() - 1] = '3';
    const auto count = [](const std::string& text, const std::string& what) {
      std::size_t n = 0;
      for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
      return n;
    };
    REQUIRE(count(s2, "\"bob@example.edu\"") == count(s, "\"bob@example.edu\"") - 1);
    REQUIRE(s2.find("tier = 3") != std::string::npos);
    write_file(".tier/config.toml", s2);
  }
  sh_out("git add .tier/config.toml");
  sh_out("git -c user.name='IT Admin' -c user.email=it-admin@example.edu commit -q -m 'policy: bob leaves desktop support'");
  CHECK(sh_out("git log -1 --format=%ae") == "it-admin@example.edu");
  clean();
  CHECK(tier({"list", "--format", "json"}) == before_headers);
  r = ticket_fields(ACC, {"tier", "group", "assignee"});
  EXPECT_TEXT(r.output, R"(tier=2
group=cn-accounts
assignee=dave@example.edu)");
  // ...while new entries follow the new policy.
  at("10:40");
  const std::string NEXT = new_ticket("Dock does not charge");
  tier({"--agent", "alice@example.edu", "claim", NEXT});
  run_sep(0, Args{"--agent", "alice@example.edu", "escalate", NEXT, "-m", "Needs a new dock."} + TEMPLATE);
  r = run_sep(5, {"--agent", "bob@example.edu", "claim", NEXT});
  EXPECT_TEXT(r.err, "tier: error: refused by rule 'not-member': 'bob@example.edu' is not a member of 'cx-tier2'");
  run(0, {"--agent", "erin@example.edu", "claim", NEXT});
  const std::string ACC2 = new_ticket("Password reset loops", "dana.ruiz@milne.example.edu", "accounts");
  tier({"--agent", "alice@example.edu", "claim", ACC2});
  r = run_sep(0, Args{"--agent", "alice@example.edu", "escalate", ACC2, "-m", "Reset loops."} + TEMPLATE);
  EXPECT_TEXT(r.err, "escalated " + ACC2 + " to cn-accounts (tier 3), in its queue");
  clean();
}

TEST_CASE_FIXTURE(Workflow, "workflow: an accounts ticket escalates to cn-accounts by its route; --to cx-tier2 names the route") {
  at("09:00");
  const std::string ID = new_ticket("Cannot log in to the catalogue", "dana.ruiz@milne.example.edu", "accounts");
  tier({"--agent", "alice@example.edu", "claim", ID});
  at("09:05");
  Run r = run_sep(5, Args{"--agent", "alice@example.edu", "escalate", ID, "--to", "cx-tier2", "-m", "Locked out."} +
                         TEMPLATE);
  EXPECT_TEXT(r.err, R"(tier: error: refused by rule 'route': category 'accounts' goes to 'cn-accounts'
hint: escalate without --to, or with --to cn-accounts)");
  clean();
  r = run_sep(0, Args{"--agent", "alice@example.edu", "escalate", ID, "-m", "Locked out."} + TEMPLATE);
  EXPECT_TEXT(r.err, "escalated " + ID + " to cn-accounts (tier 2), in its queue");
  clean();
  r = ticket_fields(ID, {"status", "tier", "group", "assignee", "owner", "escalations"});
  EXPECT_TEXT(r.output, R"(status=escalated
tier=2
group=cn-accounts
assignee=
owner=alice@example.edu
escalations=1)");
  // Only the accounts team may pull it.
  r = run_sep(5, {"--agent", "bob@example.edu", "claim", ID});
  EXPECT_TEXT(r.err, "tier: error: refused by rule 'not-member': 'bob@example.edu' is not a member of 'cn-accounts'");
  run(0, {"--agent", "dave@example.edu", "claim", ID});
  clean();
}

TEST_CASE_FIXTURE(Workflow, "workflow: a route is open to every organization: a hollis accounts ticket reaches cn-accounts") {
  at("09:00");
  const std::string ID = new_ticket("Cannot log in", "sam@hollis.example.org", "accounts");
  tier({"--agent", "alice@example.edu", "claim", ID});
  run(0, Args{"--agent", "alice@example.edu", "escalate", ID, "-m", "Locked out."} + TEMPLATE);
  Run r = ticket_fields(ID, {"group"});
  CHECK(r.output == "group=cn-accounts");
  clean();
}

TEST_CASE_FIXTURE(Workflow, "workflow: a hollis.example.org ticket cannot go to cx-tier2: rule subscription") {
  at("09:00");
  const std::string ID = new_ticket("Projector flickers", "sam@hollis.example.org", "hardware");
  Run r = ticket_fields(ID, {"requester"});
  CHECK(r.output == R"(requester={"email": "sam@hollis.example.org", "name": "Dana Ruiz", "organization": "hollis"})");
  tier({"--agent", "alice@example.edu", "claim", ID});
  at("09:05");
  r = run_sep(5, Args{"--agent", "alice@example.edu", "escalate", ID, "-m", "Needs desktop support."} + TEMPLATE);
  EXPECT_TEXT(r.err, "tier: error: refused by rule 'subscription': organization 'hollis' does not subscribe to 'cx-tier2'");
  r = run_sep(5, Args{"--agent", "alice@example.edu", "escalate", ID, "--to", "cx-tier2", "-m",
                      "Needs desktop support."} + TEMPLATE);
  EXPECT_TEXT(r.err, "tier: error: refused by rule 'subscription': organization 'hollis' does not subscribe to 'cx-tier2'");
  r = ticket_fields(ID, {"status", "group", "escalations"});
  EXPECT_TEXT(r.output, R"(status=open
group=service-desk
escalations=0)");
  clean();
}

TEST_CASE_FIXTURE(Workflow, "workflow: a requester with a free-mail address is refused: rule employer-email") {
  at("09:00");
  const std::string before = sh_out("git rev-parse HEAD");
  Run r = run_sep(5, {"create", "--title", "Printer jams", "--email", "someone@gmail.com"});
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, "tier: error: refused by rule 'employer-email': 'gmail.com' is a free-mail domain; the requester needs an employer address");
  CHECK(sh_out("git rev-parse HEAD") == before);
  r = run_sep(5, {"create", "--title", "Printer jams", "--email", "someone@unknown.example.com"});
  EXPECT_TEXT(r.err, "tier: error: refused by rule 'supported-organization': no supported organization has the domain 'unknown.example.com'");
  CHECK(sh_out("git rev-parse HEAD") == before);
  clean();
}

TEST_CASE_FIXTURE(Workflow, "workflow: comment --pending waits on the requester; a later comment takes it back to open") {
  at("09:00");
  const std::string ID = new_ticket();
  tier({"claim", ID});
  at("09:05");
  Run r = run_sep(0, {"comment", ID, "--pending", "-m", "Could you send a photo of the error?"});
  EXPECT_TEXT(r.err, "comment added to " + ID + "; waiting on the requester");
  clean();
  r = ticket_fields(ID, {"status", "updated"});
  EXPECT_TEXT(r.output, R"(status=pending
updated=2026-11-23T09:05:00Z)");
  r = run(0, {"show", ID, "--as-requester"});
  CHECK(r.line(1) == "status      waiting on you");
  r = run(0, {"log", ID});
  CHECK(r.line(2) == "2026-11-23 09:05 UTC  alice@example.edu  comment, waiting on the requester");
  at("09:30");
  run(0, {"comment", ID, "-m", "Thanks, got it."});
  clean();
  r = ticket_fields(ID, {"status"});
  CHECK(r.output == "status=open");
  // A private note also ends the wait, and --pending on a new ticket is refused.
  tier({"comment", ID, "--pending", "-m", "Anything else?"});
  tier({"comment", ID, "--private", "-m", "Photo shows 802.1X error."});
  r = ticket_fields(ID, {"status"});
  CHECK(r.output == "status=open");
  const std::string ID2 = new_ticket("Second");
  r = run_sep(5, {"comment", ID2, "--pending", "-m", "Waiting"});
  EXPECT_TEXT(r.err, "tier: error: refused by rule 'transition': only an open ticket can wait on the requester; '" +
                         ID2 + "' is 'new'");
  clean();
}

TEST_CASE_FIXTURE(Workflow, "workflow: appoint sets the appointment and the assignee; show and list mention it") {
  at("09:00");
  const std::string ID = new_ticket();
  at("09:10");
  Run r = run_sep(0, {"--agent", "carol@example.edu", "appoint", ID, "--at", "2026-11-24T14:00:00Z", "--technician",
                      "bob@example.edu", "--place", "Strand Ag B12"});
  EXPECT_TEXT(r.err, "appointment for " + ID + ": 2026-11-24 14:00 UTC at Strand Ag B12 with bob@example.edu");
  clean();
  r = ticket_fields(ID, {"status", "assignee", "appointment"});
  EXPECT_TEXT(r.output, R"(status=open
assignee=bob@example.edu
appointment={"at": "2026-11-24T14:00:00Z", "place": "Strand Ag B12", "technician": "bob@example.edu"})");
  r = run(0, {"show", ID});
  CHECK(r.output.find("\nappointment 2026-11-24 14:00 UTC at Strand Ag B12 with bob@example.edu  upcoming\n") !=
        std::string::npos);
  r = run(0, {"list"});
  CHECK(r.line(1).ends_with(TITLE + "  [appointment 2026-11-24 14:00 UTC]"));
  r = run(0, {"log", ID});
  CHECK(r.line(1) == "2026-11-23 09:10 UTC  carol@example.edu  appoint 2026-11-24 14:00 UTC at Strand Ag B12 with bob@example.edu");
  // Once it has passed, list no longer mentions it and show drops "upcoming".
  set("TIER_NOW", "2026-11-25T09:00:00Z");
  r = run(0, {"list"});
  CHECK(r.line(1).ends_with(TITLE));
  r = run(0, {"show", ID});
  CHECK(r.output.find("\nappointment 2026-11-24 14:00 UTC at Strand Ag B12 with bob@example.edu\n") != std::string::npos);
  // The technician must be an agent.
  const std::string ID2 = new_ticket("Second");
  r = run_sep(5, {"--agent", "carol@example.edu", "appoint", ID2, "--at", "2026-11-26T10:00:00Z", "--technician",
                  "dana.ruiz@milne.example.edu", "--place", "B12"});
  EXPECT_TEXT(r.err, "tier: error: refused by rule 'unknown-agent': 'dana.ruiz@milne.example.edu' is not an agent of this help desk");
  clean();
}

TEST_CASE_FIXTURE(Workflow, "workflow: edit: tags added and removed, priority changed, each one entry") {
  at("09:00");
  const std::string ID = new_ticket();
  tier({"claim", ID});
  at("09:05");
  Run r = run_sep(0, {"edit", ID, "--tag", "+wifi", "--tag", "+basement"});
  EXPECT_TEXT(r.err, "edited " + ID + ": " + TITLE);
  clean();
  r = ticket_fields(ID, {"tags"});
  CHECK(r.output == R"(tags=["wifi", "basement"])");
  at("09:10");
  run(0, {"edit", ID, "--tag", "-basement", "--priority", "high"});
  clean();
  r = ticket_fields(ID, {"tags", "priority", "updated"});
  EXPECT_TEXT(r.output, R"(tags=["wifi"]
priority=high
updated=2026-11-23T09:10:00Z)");
  r = run(0, {"log", ID});
  CHECK(r.line(2) == "2026-11-23 09:05 UTC  alice@example.edu  edit tags");
  CHECK(r.line(3) == "2026-11-23 09:10 UTC  alice@example.edu  edit priority high, tags");
  r = run(0, {"list", "--tag", "wifi", "--format", "ids"});
  CHECK(r.output == ID);
  r = run(0, {"list", "--priority", "high", "--format", "ids"});
  CHECK(r.output == ID);
  run(2, {"edit", ID, "--priority", "whenever"});
  r = run_sep(2, {"edit", ID, "--tag", "wifi"});
  EXPECT_TEXT(r.err, R"(tier: error: 'wifi' is not a tag change
hint: add a tag with --tag +T, remove one with --tag -T)");
  // Not the assignee, the owner or a lead: refused.
  r = run_sep(5, {"--agent", "bob@example.edu", "edit", ID, "--priority", "low"});
  EXPECT_TEXT(r.err, "tier: error: refused by rule 'not-assignee': only the assignee, the owner or a lead may edit '" +
                         ID + "'");
  clean();
}

TEST_CASE_FIXTURE(Workflow, "workflow: assign: a lead may, a member who is not a lead may not") {
  at("09:00");
  const std::string ID = new_ticket();
  at("09:05");
  Run r = run_sep(5, {"--agent", "alice@example.edu", "assign", ID, "carol@example.edu"});
  EXPECT_TEXT(r.err, "tier: error: refused by rule 'not-lead': only a lead of 'service-desk' or an admin may assign");
  r = ticket_fields(ID, {"status", "assignee"});
  EXPECT_TEXT(r.output, R"(status=new
assignee=)");
  r = run_sep(0, {"--agent", "carol@example.edu", "assign", ID, "alice@example.edu"});
  EXPECT_TEXT(r.err, "assigned " + ID + " to alice@example.edu");
  clean();
  r = ticket_fields(ID, {"status", "assignee", "owner"});
  EXPECT_TEXT(r.output, R"(status=open
assignee=alice@example.edu
owner=alice@example.edu)");
  // Only to a member of the ticket's group; an admin may assign too.
  r = run_sep(5, {"--agent", "carol@example.edu", "assign", ID, "bob@example.edu"});
  EXPECT_TEXT(r.err, "tier: error: refused by rule 'not-member': 'bob@example.edu' is not a member of 'service-desk'");
  run(0, {"--agent", "it-admin@example.edu", "assign", ID, "carol@example.edu"});
  r = ticket_fields(ID, {"assignee", "owner"});
  EXPECT_TEXT(r.output, R"(assignee=carol@example.edu
owner=alice@example.edu)");
  clean();
}

TEST_CASE_FIXTURE(Workflow, "workflow: release puts a ticket back in the queue it came from: new at tier 1, escalated at tier 2") {
  at("09:00");
  const std::string ID = new_ticket();
  tier({"claim", ID});
  at("09:05");
  Run r = run_sep(5, {"--agent", "carol@example.edu", "release", ID});
  EXPECT_TEXT(r.err, "tier: error: refused by rule 'not-assignee': only the assignee may release '" + ID +
                         "'; it is held by 'alice@example.edu'");
  r = run_sep(0, {"release", ID});
  EXPECT_TEXT(r.err, "released " + ID + " to the queue of service-desk");
  clean();
  r = ticket_fields(ID, {"status", "assignee", "owner"});
  EXPECT_TEXT(r.output, R"(status=new
assignee=
owner=alice@example.edu)");
  r = run(0, {"queue", "--format", "ids"});
  CHECK(r.output == ID);
  // The owner stays: carol's later claim makes her the assignee only.
  at("09:10");
  tier({"--agent", "carol@example.edu", "claim", ID});
  r = ticket_fields(ID, {"assignee", "owner"});
  EXPECT_TEXT(r.output, R"(assignee=carol@example.edu
owner=alice@example.edu)");
  tier(Args{"--agent", "carol@example.edu", "escalate", ID, "-m", "Needs tier 2."} + TEMPLATE);
  tier({"--agent", "bob@example.edu", "claim", ID});
  at("09:15");
  r = run_sep(0, {"--agent", "bob@example.edu", "release", ID});
  EXPECT_TEXT(r.err, "released " + ID + " to the queue of cx-tier2");
  clean();
  r = ticket_fields(ID, {"status", "tier", "group", "assignee"});
  EXPECT_TEXT(r.output, R"(status=escalated
tier=2
group=cx-tier2
assignee=)");
  r = run(0, {"--agent", "erin@example.edu", "queue", "--format", "ids"});
  CHECK(r.output == ID);
  run(5, {"release", ID});
  clean();
}

TEST_CASE_FIXTURE(Workflow, "workflow: queue: the unassigned tickets of my groups, oldest first") {
  at("09:30");
  const std::string T1 = new_ticket("First");
  at("09:10");
  const std::string T2 = new_ticket("Second, but created earlier");
  at("09:20");
  const std::string T3 = new_ticket("Third");
  at("09:25");
  const std::string T4 = new_ticket("Claimed");
  tier({"claim", T4});
  const std::string T5 = new_ticket("Escalated", "dana.ruiz@milne.example.edu", "network");
  tier({"claim", T5});
  at("09:40");
  tier(Args{"escalate", T5, "-m", "Tier 2 please."} + TEMPLATE);
  const Vars v{{"T1", T1}, {"T2", T2}, {"T3", T3}};
  Run r = run(0, {"queue", "--format", "ids"});
  EXPECT_TEXT(r.output, expand(R"($T2
$T3
$T1)", v));
  r = run(0, {"--agent", "carol@example.edu", "queue"});
  EXPECT_TEXT(r.output, expand(R"(ID          PRI     ORG    AGE  LEFT   TITLE
$T2  normal  milne  30m  3h30m  Second, but created earlier
$T3  normal  milne  20m  3h40m  Third
$T1  normal  milne  10m  3h50m  First)", v));
  r = run(0, {"--agent", "bob@example.edu", "queue", "--format", "ids"});
  CHECK(r.output == T5);
  r = run(0, {"--agent", "dave@example.edu", "queue", "--format", "ids"});
  CHECK(r.output.empty());
  r = run(0, {"--agent", "bob@example.edu", "queue", "--group", "service-desk", "--format", "ids"});
  CHECK(r.lines().size() == 3);
  r = run_sep(3, {"--agent", "it-admin@example.edu", "queue"});
  EXPECT_TEXT(r.err, R"(tier: error: 'it-admin@example.edu' is in no group
hint: name one with --group)");
  clean();
}

TEST_CASE_FIXTURE(Workflow, "workflow: close --resolved-before 7d closes only the old resolved tickets, in one commit") {
  set("TIER_NOW", "2026-11-01T09:00:00Z");
  const std::string OLD1 = new_ticket("Old one");
  const std::string OLD2 = new_ticket("Old two");
  const std::string OPEN = new_ticket("Old but open");
  const std::string RECENT = new_ticket("Recent");
  for (const auto& id : {OLD1, OLD2, OPEN, RECENT}) tier({"claim", id});
  set("TIER_NOW", "2026-11-10T09:00:00Z");
  tier({"resolve", OLD1, "-m", "Done."});
  set("TIER_NOW", "2026-11-15T09:00:00Z");
  tier({"resolve", OLD2, "-m", "Done."});
  set("TIER_NOW", "2026-11-20T09:00:00Z");
  tier({"resolve", RECENT, "-m", "Done."});
  set("TIER_NOW", "2026-11-23T09:00:00Z");
  const std::string before = sh_out("git rev-parse HEAD");
  Run r = run_sep(0, {"--agent", "carol@example.edu", "close", "--resolved-before", "7d"});
  CHECK(sorted_lines(r.err) == sorted_lines("closed " + OLD1 + ": Old one\nclosed " + OLD2 + ": Old two"));
  CHECK(sh_out("git rev-parse HEAD^") == before);
  r = sh(0, "git show --name-only --format=%s HEAD");
  const auto lines = r.lines();
  REQUIRE(!lines.empty());
  CHECK(lines[0].starts_with("close "));
  std::string files;
  for (std::size_t i = 1; i < lines.size(); ++i) files += (i > 1 ? "\n" : "") + lines[i];
  CHECK(sorted_lines(files) == sorted_lines(ticket_file(OLD1) + "\n" + ticket_file(OLD2)));
  clean();
  r = ticket_fields(OLD1, {"status", "updated"});
  EXPECT_TEXT(r.output, R"(status=closed
updated=2026-11-23T09:00:00Z)");
  r = ticket_fields(RECENT, {"status"});
  CHECK(r.output == "status=resolved");
  r = ticket_fields(OPEN, {"status"});
  CHECK(r.output == "status=open");
  // Nothing left to close: no commit, no output.
  r = run_sep(0, {"close", "--resolved-before", "7d"});
  CHECK((r.output.empty() && r.err.empty()));
  CHECK(sh_out("git rev-parse HEAD^") == before);
  clean();
}

}  // namespace tier::test
