// The read commands: list (every filter, sort and format), show (readable,
// --as-requester, --json), log; and naming tickets by id prefix. (Moved from
// tests/e2e/read.bats.)
//
// fixtures/desk holds seven tickets made by the commands themselves (then
// given fixed ids), at 09:00 to 10:01 on 2026-11-23:
//   T-aaaa0001 new        high    printing  milne   service-desk  -
//   T-bbbb0002 open       normal  network   strand  service-desk  alice (owner alice)
//   T-cccc0003 escalated  urgent  network   milne   cx-tier2      -     (owner alice)
//   T-dddd0004 pending    low     accounts  hollis  service-desk  carol (owner carol)
//   T-eeee0005 open       normal  hardware  strand  cx-tier2      bob   (owner alice, escalated twice)
//   T-ffff0006 resolved   high    printing  hollis  service-desk  alice (owner alice)
//   T-gggg0007 open       normal  hardware  strand  service-desk  carol (appointment 2026-11-24 14:00)

#include <algorithm>

#include "driver.hpp"

namespace tier::test {
namespace {

struct Desk : Sandbox {
  Desk() {
    new_store_with_fixture("desk");
    set("TIER_NOW", "2026-11-23T12:00:00Z");
  }

  // Each filter, as the ids it keeps (oldest first).
  Run list_ids(const Args& filters, const Env& env = {}) {
    const bool sorted = std::find(filters.begin(), filters.end(), "--sort") != filters.end();
    Run r = run_sep(0, Args{"list", "--format", "ids"} + (sorted ? Args{} : Args{"--sort", "created"}) + filters, env);
    CHECK(r.err.empty());
    return r;
  }
};

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE_FIXTURE(Desk, "read: the fixture is a valid store") {
  Run r = run_sep(0, {"check"});
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, "checked 7 tickets and the config: no problems");
}

// list ---------------------------------------------------------------------

TEST_CASE_FIXTURE(Desk, "read: list: the table, the least time left first") {
  Run r = run_sep(0, {"list"});
  CHECK(r.err.empty());
  expect_golden("list-table", r.output);
}

TEST_CASE_FIXTURE(Desk, "read: list: an empty store prints the header only") {
  new_store(tmp() + "/empty");
  Run r = run_sep(0, {"list"});
  EXPECT_TEXT(r.output, "ID  STATUS  PRI  ORG  AGE  LEFT  ASSIGNEE  TITLE");
  r = run(0, {"list", "--format", "ids"});
  CHECK(r.output.empty());
  r = run(0, {"list", "--format", "csv"});
  CHECK(r.output ==
        "id,status,priority,tier,group,assignee,owner,organization,category,escalations,created,updated,title,sla_left");
  r = run(0, {"list", "--format", "json"});
  CHECK(r.output == "[]");
  r = run(0, {"list", "--format", "ndjson"});
  CHECK(r.output.empty());
}

TEST_CASE_FIXTURE(Desk, "read: list --format csv") {
  Run r = run_sep(0, {"list", "--format", "csv"});
  CHECK(r.err.empty());
  CHECK(r.line(0) ==
        "id,status,priority,tier,group,assignee,owner,organization,category,escalations,created,updated,title,sla_left");
  expect_golden("list-csv", r.output);
}

TEST_CASE_FIXTURE(Desk, "read: list --format csv quotes commas, quotes and line breaks") {
  const std::string id = tier({"create", "--title", "Printer, the \"big\" one", "--email", "lee@strand.example.edu"});
  Run r = run(0, {"list", "--format", "csv", "--sort", "-created", "--limit", "1"});
  EXPECT_TEXT(r.output, expand(R"(id,status,priority,tier,group,assignee,owner,organization,category,escalations,created,updated,title,sla_left
$id,new,normal,1,service-desk,,,strand,,0,2026-11-23T12:00:00Z,2026-11-23T12:00:00Z,"Printer, the ""big"" one",14400)",
                               {{"id", id}}));
}

TEST_CASE_FIXTURE(Desk, "read: list --format ids") {
  Run r = run_sep(0, {"list", "--format", "ids"});
  EXPECT_TEXT(r.output, R"(T-cccc0003
T-aaaa0001
T-bbbb0002
T-eeee0005
T-gggg0007
T-dddd0004
T-ffff0006)");
  r = run_sep(0, {"list", "--format", "ids", "--sort", "age"});
  EXPECT_TEXT(r.output, R"(T-aaaa0001
T-bbbb0002
T-cccc0003
T-dddd0004
T-eeee0005
T-ffff0006
T-gggg0007)");
}

TEST_CASE_FIXTURE(Desk, "read: list --format json is one array of headers") {
  Run r = run_sep(0, {"list", "--format", "json"});
  CHECK(r.err.empty());
  CHECK(r.lines().size() == 1);
  REQUIRE(is_json(r.output));
  const Json rows = Json::parse(r.output);
  std::string summary = std::to_string(rows.size());
  for (const auto& row : rows.elements()) summary += " " + row["id"].str();
  std::vector<std::string> names = rows[0].keys();
  std::sort(names.begin(), names.end());  // as Python's sorted()
  std::vector<Json> keys;
  for (const auto& k : names) keys.push_back(Json::string(k));
  summary += "\n" + Json::array(keys).py_repr();
  EXPECT_TEXT(summary, R"(7 T-cccc0003 T-aaaa0001 T-bbbb0002 T-eeee0005 T-gggg0007 T-dddd0004 T-ffff0006
['appointment', 'assignee', 'category', 'created', 'csat', 'details', 'escalations', 'format', 'group', 'handbacks', 'id', 'owner', 'priority', 'requester', 'sla_left', 'status', 'tags', 'tier', 'title', 'updated'])");
  r = run(0, {"list", "--format", "json"});
  expect_golden("list-json", r.output);
}

TEST_CASE_FIXTURE(Desk, "read: list --json is list --format json") {
  Run r = run(0, {"list", "--format", "json"});
  const std::string expected = r.output;
  r = run(0, {"list", "--json"});
  CHECK(r.output == expected);
  r = run(0, {"--json", "list", "--format", "table"});
  CHECK(r.output == expected);
}

TEST_CASE_FIXTURE(Desk, "read: list --format ndjson is one header per line") {
  Run r = run_sep(0, {"list", "--format", "ndjson"});
  CHECK(r.lines().size() == 7);
  CHECK(is_ndjson(r.output));
  expect_golden("list-ndjson", r.output);
  // the same objects as the json array
  const std::string ndjson = r.output;
  r = run(0, {"list", "--format", "json"});
  std::vector<Json> each;
  std::size_t start = 0;
  while (true) {
    const auto nl = ndjson.find('\n', start);
    each.push_back(Json::parse(ndjson.substr(start, nl == std::string::npos ? nl : nl - start)));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  CHECK(Json::parse(r.output) == Json::array(each));
}

TEST_CASE_FIXTURE(Desk, "read: list --format json: one header exactly") {
  Run r = run(0, {"list", "--tag", "usb", "--format", "json"});
  EXPECT_TEXT(r.output, R"([{"appointment":null,"assignee":"bob@example.edu","category":"hardware","created":"2026-11-23T09:40:00Z","csat":null,"details":{"asset":"LT-20931","connection":"wireless","location":"Strand Ag B12","symptoms":"Drops every 10 minutes","tried":"Updated the driver"},"escalations":2,"format":1,"group":"cx-tier2","handbacks":1,"id":"T-eeee0005","owner":"alice@example.edu","priority":"normal","requester":{"email":"lee@strand.example.edu","name":"Lee Park","organization":"strand"},"status":"open","tags":["dock","usb"],"tier":2,"title":"Dock not detected","updated":"2026-11-23T09:45:00Z","sla_left":6000}])");
}

TEST_CASE_FIXTURE(Desk, "read: list --format json carries the appointment") {
  Run r = run(0, {"list", "--format", "ndjson", "--assignee", "carol@example.edu", "--category", "hardware"});
  const Json row = Json::parse(r.output);
  CHECK(row["appointment"].py_repr() ==
        "{'at': '2026-11-24T14:00:00Z', 'place': 'Strand Ag B12', 'technician': 'carol@example.edu'}");
}

TEST_CASE_FIXTURE(Desk, "read: list --status, once and repeated") {
  Run r = list_ids({"--status", "open"});
  EXPECT_TEXT(r.output, R"(T-bbbb0002
T-eeee0005
T-gggg0007)");
  r = list_ids({"--status", "open", "--status", "pending"});
  EXPECT_TEXT(r.output, R"(T-bbbb0002
T-dddd0004
T-eeee0005
T-gggg0007)");
  r = list_ids({"--status", "new"});
  CHECK(r.output == "T-aaaa0001");
  r = list_ids({"--status", "escalated"});
  CHECK(r.output == "T-cccc0003");
  r = list_ids({"--status", "resolved"});
  CHECK(r.output == "T-ffff0006");
  r = list_ids({"--status", "closed"});
  CHECK(r.output.empty());
}

TEST_CASE_FIXTURE(Desk, "read: list --status refuses an unknown status") {
  Run r = run_sep(2, {"list", "--status", "opne"});
  CHECK(r.output.empty());
  CHECK(r.stderr_line(0) == "tier: error: --status: opne not in {new,open,escalated,pending,resolved,closed}");
}

TEST_CASE_FIXTURE(Desk, "read: list --group") {
  Run r = list_ids({"--group", "cx-tier2"});
  EXPECT_TEXT(r.output, R"(T-cccc0003
T-eeee0005)");
  r = list_ids({"--group", "cn-accounts"});
  CHECK(r.output.empty());
}

TEST_CASE_FIXTURE(Desk, "read: list --assignee, --mine and --unassigned") {
  Run r = list_ids({"--assignee", "carol@example.edu"});
  EXPECT_TEXT(r.output, R"(T-dddd0004
T-gggg0007)");
  r = list_ids({"--assignee", "bob@example.edu"});
  CHECK(r.output == "T-eeee0005");
  r = list_ids({"--mine"});
  EXPECT_TEXT(r.output, R"(T-bbbb0002
T-ffff0006)");
  r = list_ids({"--mine"}, {{"TIER_AGENT", "bob@example.edu"}});
  CHECK(r.output == "T-eeee0005");
  r = list_ids({"--mine", "--agent", "carol@example.edu"});
  EXPECT_TEXT(r.output, R"(T-dddd0004
T-gggg0007)");
  r = list_ids({"--unassigned"});
  EXPECT_TEXT(r.output, R"(T-aaaa0001
T-cccc0003)");
}

TEST_CASE_FIXTURE(Desk, "read: list --assignee and --owner match addresses in any case") {
  Run r = list_ids({"--assignee", "Carol@Example.EDU"});
  EXPECT_TEXT(r.output, R"(T-dddd0004
T-gggg0007)");
  r = list_ids({"--owner", "ALICE@example.edu", "--tier", "2"});
  EXPECT_TEXT(r.output, R"(T-cccc0003
T-eeee0005)");
}

TEST_CASE_FIXTURE(Desk, "read: list --assignee and --mine exclude each other") {
  Run r = run_sep(2, {"list", "--mine", "--assignee", "bob@example.edu"});
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, R"(tier: error: --assignee excludes --mine
hint: see 'tier list --help')");
}

TEST_CASE_FIXTURE(Desk, "read: list --owner") {
  Run r = list_ids({"--owner", "alice@example.edu"});
  EXPECT_TEXT(r.output, R"(T-bbbb0002
T-cccc0003
T-eeee0005
T-ffff0006)");
  r = list_ids({"--owner", "carol@example.edu"});
  EXPECT_TEXT(r.output, R"(T-dddd0004
T-gggg0007)");
}

TEST_CASE_FIXTURE(Desk, "read: list --tier") {
  Run r = list_ids({"--tier", "2"});
  EXPECT_TEXT(r.output, R"(T-cccc0003
T-eeee0005)");
  r = list_ids({"--tier", "1"});
  EXPECT_TEXT(r.output, R"(T-aaaa0001
T-bbbb0002
T-dddd0004
T-ffff0006
T-gggg0007)");
  run(2, {"list", "--tier", "5"});
  run(2, {"list", "--tier", "two"});
}

TEST_CASE_FIXTURE(Desk, "read: list --org, --category, --priority and --tag") {
  Run r = list_ids({"--org", "hollis"});
  EXPECT_TEXT(r.output, R"(T-dddd0004
T-ffff0006)");
  r = list_ids({"--category", "printing"});
  EXPECT_TEXT(r.output, R"(T-aaaa0001
T-ffff0006)");
  r = list_ids({"--priority", "normal"});
  EXPECT_TEXT(r.output, R"(T-bbbb0002
T-eeee0005
T-gggg0007)");
  r = list_ids({"--priority", "urgent"});
  CHECK(r.output == "T-cccc0003");
  r = list_ids({"--tag", "wifi"});
  CHECK(r.output == "T-cccc0003");
  r = list_ids({"--tag", "dock"});
  CHECK(r.output == "T-eeee0005");
  r = list_ids({"--tag", "nothing"});
  CHECK(r.output.empty());
  run(2, {"list", "--priority", "severe"});
}

TEST_CASE_FIXTURE(Desk, "read: list: filters combine") {
  Run r = list_ids({"--status", "open", "--org", "strand", "--owner", "alice@example.edu"});
  EXPECT_TEXT(r.output, R"(T-bbbb0002
T-eeee0005)");
  r = list_ids({"--status", "open", "--org", "strand", "--owner", "alice@example.edu", "--tier", "2"});
  CHECK(r.output == "T-eeee0005");
  r = list_ids({"--status", "new", "--status", "escalated", "--group", "cx-tier2"});
  CHECK(r.output == "T-cccc0003");
  r = list_ids({"--category", "hardware", "--tier", "1", "--priority", "normal"});
  CHECK(r.output == "T-gggg0007");
  r = list_ids({"--unassigned", "--status", "new", "--category", "printing", "--org", "milne", "--tag", "paper",
                "--priority", "high"});
  CHECK(r.output == "T-aaaa0001");
  r = list_ids({"--unassigned", "--assignee", "bob@example.edu"});
  CHECK(r.output.empty());
}

TEST_CASE_FIXTURE(Desk, "read: list --sort: each field, and -FIELD descending") {
  Run r = list_ids({"--sort", "-created"});
  EXPECT_TEXT(r.output, R"(T-gggg0007
T-ffff0006
T-eeee0005
T-dddd0004
T-cccc0003
T-bbbb0002
T-aaaa0001)");
  r = list_ids({"--sort", "priority"});
  EXPECT_TEXT(r.output, R"(T-cccc0003
T-aaaa0001
T-ffff0006
T-bbbb0002
T-eeee0005
T-gggg0007
T-dddd0004)");
  r = list_ids({"--sort", "status"});
  EXPECT_TEXT(r.output, R"(T-aaaa0001
T-bbbb0002
T-eeee0005
T-gggg0007
T-cccc0003
T-dddd0004
T-ffff0006)");
  r = list_ids({"--sort", "assignee"});
  EXPECT_TEXT(r.output, R"(T-aaaa0001
T-cccc0003
T-bbbb0002
T-ffff0006
T-eeee0005
T-dddd0004
T-gggg0007)");
  r = list_ids({"--sort", "title"});
  EXPECT_TEXT(r.output, R"(T-eeee0005
T-dddd0004
T-gggg0007
T-aaaa0001
T-ffff0006
T-bbbb0002
T-cccc0003)");
  r = list_ids({"--sort", "-tier"});
  EXPECT_TEXT(r.output, R"(T-cccc0003
T-eeee0005
T-aaaa0001
T-bbbb0002
T-dddd0004
T-ffff0006
T-gggg0007)");
  r = list_ids({"--sort", "group"});
  EXPECT_TEXT(r.output, R"(T-cccc0003
T-eeee0005
T-aaaa0001
T-bbbb0002
T-dddd0004
T-ffff0006
T-gggg0007)");
  r = list_ids({"--sort", "-id"});
  CHECK((r.line(0) == "T-gggg0007" && r.line(6) == "T-aaaa0001"));
  r = list_ids({"--sort", "updated"});
  CHECK((r.line(0) == "T-aaaa0001" && r.line(6) == "T-gggg0007"));
}

TEST_CASE_FIXTURE(Desk, "read: list --sort refuses an unknown field") {
  Run r = run_sep(2, {"list", "--sort", "colour"});
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, R"(tier: error: cannot sort by 'colour'
hint: sort by one of left, age, created, updated, priority, status, tier, group, assignee, id, title)");
}

TEST_CASE_FIXTURE(Desk, "read: list --limit keeps the first N after sorting; 0 keeps all") {
  Run r = list_ids({"--limit", "2"});
  EXPECT_TEXT(r.output, R"(T-aaaa0001
T-bbbb0002)");
  r = list_ids({"--sort", "-created", "--limit", "3"});
  EXPECT_TEXT(r.output, R"(T-gggg0007
T-ffff0006
T-eeee0005)");
  r = list_ids({"--limit", "100"});
  CHECK(r.lines().size() == 7);
  r = list_ids({"--limit", "0"});
  CHECK(r.lines().size() == 7);
  r = run_sep(2, {"list", "--limit", "-1"});
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, R"(tier: error: --limit: '-1' is not a number of tickets
hint: see 'tier list --help')");
  run(2, {"list", "--limit", "two"});
  r = run(0, {"list", "--limit", "1"});
  EXPECT_TEXT(r.output, R"(ID          STATUS     PRI     ORG    AGE    LEFT    ASSIGNEE  TITLE
T-cccc0003  escalated  urgent  milne  2h40m  -2h25m  -         Wi-Fi drops in the basement)");
}

TEST_CASE_FIXTURE(Desk, "read: list --format refuses an unknown format") {
  Run r = run_sep(2, {"list", "--format", "xml"});
  CHECK(r.output.empty());
  CHECK(r.stderr_line(0) == "tier: error: --format: xml not in {table,json,ndjson,csv,ids}");
}

TEST_CASE_FIXTURE(Desk, "read: list: the appointment tag goes once the appointment is past") {
  Run r = run(0, {"list", "--assignee", "carol@example.edu", "--category", "hardware"},
              {{"TIER_NOW", "2026-11-25T00:00:00Z"}});
  EXPECT_TEXT(r.output, R"(ID          STATUS  PRI     ORG     AGE    LEFT   ASSIGNEE  TITLE
T-gggg0007  open    normal  strand  1d14h  1d10h  carol     Monitor flickers)");
}

TEST_CASE_FIXTURE(Desk, "read: list sees a new ticket and a change at once (the cache follows the branch)") {
  run(0, {"list", "--format", "ids"});
  const std::string id =
      tier({"create", "--title", "New one", "--email", "lee@strand.example.edu", "--priority", "urgent"});
  Run r = list_ids({"--priority", "urgent"});
  EXPECT_TEXT(r.output, "T-cccc0003\n" + id);
  tier({"comment", "T-bbbb0002", "--pending", "-m", "Which VPN client?"});
  r = list_ids({"--status", "pending"});
  EXPECT_TEXT(r.output, R"(T-bbbb0002
T-dddd0004)");
  // and after a commit made with git, not tier
  sh_out("git rm -q '" + ticket_file("T-bbbb0002") + "'");
  sh_out("git commit -q -m 'remove one'");
  r = list_ids({"--owner", "alice@example.edu"});
  EXPECT_TEXT(r.output, R"(T-cccc0003
T-eeee0005
T-ffff0006)");
}

TEST_CASE_FIXTURE(Desk, "read: list rebuilds a deleted or corrupt cache") {
  Run r = run(0, {"list", "--format", "ids"});
  const std::string expected = r.output;
  sh_out("rm -f .git/tier/cache.sqlite*");
  r = run(0, {"list", "--format", "ids"});
  CHECK(r.output == expected);
  write_file(".git/tier/cache.sqlite", "not a database\n");
  r = run(0, {"list", "--format", "ids"});
  CHECK(r.output == expected);
}

// show ---------------------------------------------------------------------

TEST_CASE_FIXTURE(Desk, "read: show: the readable view") {
  Run r = run_sep(0, {"show", "T-eeee0005"});
  CHECK(r.err.empty());
  expect_golden("show-eeee0005", r.output);
}

TEST_CASE_FIXTURE(Desk, "read: show: a ticket with an appointment and a pending one") {
  Run r = run(0, {"show", "gggg"});
  EXPECT_TEXT(r.output, R"(T-gggg0007  Monitor flickers
status      open  tier 1, service-desk
priority    normal   category hardware
owner       Carol Chen <carol@example.edu>
assignee    Carol Chen <carol@example.edu>
requester   Lee Park <lee@strand.example.edu> (strand)
escalated   0 times, handed back 0 times
appointment 2026-11-24 14:00 UTC at Strand Ag B12 with carol@example.edu  upcoming
created     2026-11-23 10:00 UTC
updated     2026-11-23 10:01 UTC

2026-11-23 10:00 UTC  carol@example.edu  create in service-desk
2026-11-23 10:01 UTC  carol@example.edu  appoint 2026-11-24 14:00 UTC at Strand Ag B12 with carol@example.edu)");
  r = run(0, {"show", "dddd"});
  EXPECT_TEXT(r.output, R"(T-dddd0004  Locked out of my account
status      pending  tier 1, service-desk
priority    low   category accounts
owner       Carol Chen <carol@example.edu>
assignee    Carol Chen <carol@example.edu>
requester   sam@hollis.example.org (hollis)
escalated   0 times, handed back 0 times
created     2026-11-23 09:31 UTC
updated     2026-11-23 09:33 UTC

2026-11-23 09:31 UTC  carol@example.edu  create in service-desk
2026-11-23 09:32 UTC  carol@example.edu  claim
2026-11-23 09:33 UTC  carol@example.edu  comment, waiting on the requester
    Which username do you use?)");
}

TEST_CASE_FIXTURE(Desk, "read: show --as-requester never shows a private note") {
  tier({"comment", "T-eeee0005", "--private", "-m", "SECRET-1: the RADIUS server is misconfigured"});
  tier({"comment", "T-eeee0005", "-m", "We are on it."});
  Run r = run(0, {"show", "T-eeee0005"});
  CHECK(contains(r.output, "SECRET-1"));
  CHECK(contains(r.output, "Still not detected."));
  r = run_sep(0, {"show", "T-eeee0005", "--as-requester"});
  CHECK(!contains(r.output, "SECRET"));
  CHECK(!contains(r.output, "Still not detected."));
  CHECK(!contains(r.output, "Firmware updated"));
  CHECK(!contains(r.output, "bench test"));
  EXPECT_TEXT(r.output, R"(T-eeee0005  Dock not detected
status      in progress
opened      2026-11-23 09:40 UTC
updated     2026-11-23 12:00 UTC

2026-11-23 12:00 UTC  alice@example.edu
    We are on it.)");
  r = run(0, {"show", "T-eeee0005", "--as-requester", "--json"});
  CHECK(is_json(r.output));
  CHECK(!contains(r.output, "SECRET"));
  CHECK(!contains(r.output, "Still not detected."));
  CHECK(!contains(r.output, "private"));
  EXPECT_TEXT(r.output, R"({"created":"2026-11-23T09:40:00Z","id":"T-eeee0005","log":[{"at":"2026-11-23T12:00:00Z","by":"alice@example.edu","event":"comment","text":"We are on it."}],"requester":{"email":"lee@strand.example.edu","name":"Lee Park"},"status":"in progress","title":"Dock not detected","updated":"2026-11-23T12:00:00Z"})");
}

TEST_CASE_FIXTURE(Desk, "read: show --as-requester: the requester's words of each status") {
  Run r = run(0, {"show", "T-ffff0006", "--as-requester"});
  EXPECT_TEXT(r.output, R"(T-ffff0006  Toner is low
status      resolved
opened      2026-11-23 09:50 UTC
updated     2026-11-23 09:52 UTC

2026-11-23 09:52 UTC  alice@example.edu
    A new cartridge is on its way.)");
  r = run(0, {"show", "T-aaaa0001", "--as-requester"});
  EXPECT_TEXT(r.output, R"(T-aaaa0001  Printer jams on tray 2
status      received
opened      2026-11-23 09:00 UTC
updated     2026-11-23 09:00 UTC

2026-11-23 09:00 UTC  alice@example.edu
    Every second page jams.)");
  r = run(0, {"show", "T-dddd0004", "--as-requester"});
  CHECK(r.line(1) == "status      waiting on you");
}

TEST_CASE_FIXTURE(Desk, "read: show --json is the whole ticket, log included") {
  for (const char* id : {"T-aaaa0001", "T-bbbb0002", "T-cccc0003", "T-dddd0004", "T-eeee0005", "T-ffff0006",
                         "T-gggg0007"}) {
    CAPTURE(id);
    Run r = run_sep(0, {"show", id, "--json"});
    CHECK(r.err.empty());
    CHECK(r.lines().size() == 1);
    CHECK(toml_within_json(ticket_file(id), r.output) == "");
  }
  Run r = run(0, {"--json", "show", "T-eeee0005"});
  expect_golden("show-json-eeee0005", r.output);
}

// log ----------------------------------------------------------------------

TEST_CASE_FIXTURE(Desk, "read: log: the history, oldest first, private notes marked") {
  Run r = run_sep(0, {"log", "T-eeee0005"});
  CHECK(r.err.empty());
  EXPECT_TEXT(r.output, R"(2026-11-23 09:40 UTC  alice@example.edu  create in service-desk
2026-11-23 09:41 UTC  alice@example.edu  claim
2026-11-23 09:42 UTC  alice@example.edu  escalate to cx-tier2 (tier 2)  [private]
    Needs a bench test.
2026-11-23 09:43 UTC  bob@example.edu  claim
2026-11-23 09:44 UTC  bob@example.edu  handback to alice@example.edu in service-desk  [private]
    Firmware updated; try again.
2026-11-23 09:45 UTC  alice@example.edu  escalate to cx-tier2 (tier 2), straight back to bob@example.edu  [private]
    Still not detected.)");
}

TEST_CASE_FIXTURE(Desk, "read: log --json is the log array of show --json") {
  Run r = run(0, {"log", "T-eeee0005", "--json"});
  const std::string log = r.output;
  REQUIRE(is_json(log));
  r = run(0, {"show", "T-eeee0005", "--json"});
  const Json entries = Json::parse(log);
  CHECK(entries == Json::parse(r.output)["log"]);
  std::string summary = std::to_string(entries.size());
  for (const auto& e : entries.elements()) summary += " " + e["event"].str();
  CHECK(summary == "6 create claim escalate claim handback escalate");
}

TEST_CASE_FIXTURE(Desk, "read: log shows a multi-line text indented, line by line") {
  tier({"comment", "T-aaaa0001", "-m", "First line.\n\n  Indented line."});
  Run r = run(0, {"log", "T-aaaa0001"});
  EXPECT_TEXT(r.output, "2026-11-23 09:00 UTC  alice@example.edu  create in service-desk\n"
                        "    Every second page jams.\n"
                        "2026-11-23 12:00 UTC  alice@example.edu  comment\n"
                        "    First line.\n"
                        "    \n"
                        "      Indented line.");
}

// naming tickets -----------------------------------------------------------

TEST_CASE_FIXTURE(Desk, "read: a unique prefix of 4 or more characters names a ticket, with or without T-, in any case") {
  for (const char* form : {"T-eeee0005", "eeee0005", "eeee", "T-eeee", "EEEE", "T-EEEE", "t-eeee", "eeee000"}) {
    CAPTURE(form);
    Run r = run(0, {"show", form, "--json"});
    CHECK(r.output.starts_with(R"({"appointment":null,)"));
    CHECK(contains(r.output, R"("id":"T-eeee0005",)"));
  }
  Run r = run(0, {"log", "EEEE"});
  CHECK(r.line(0) == "2026-11-23 09:40 UTC  alice@example.edu  create in service-desk");
}

TEST_CASE_FIXTURE(Desk, "read: ids are read as Crockford base32: I and L are 1, O is 0") {
  for (const char* form : {"aaaaOOOl", "T-AAAAooOI", "aaaa0oo1"}) {
    CAPTURE(form);
    Run r = run(0, {"show", form, "--json"});
    CHECK(contains(r.output, R"("id":"T-aaaa0001",)"));
  }
}

TEST_CASE_FIXTURE(Desk, "read: an unknown id is not found") {
  Run r = run_sep(3, {"show", "zzzz"});
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, "tier: error: no ticket 'zzzz'");
  r = run_sep(3, {"show", "T-aaaa0009"});
  EXPECT_TEXT(r.err, "tier: error: no ticket 'T-aaaa0009'");
  run(3, {"log", "T-zzzzzzzz"});
  run(3, {"comment", "zzzz", "-m", "hello"});
  r = run_sep(3, {"show", "no-such!"});
  EXPECT_TEXT(r.err, "tier: error: no ticket 'no-such!'");
}

TEST_CASE_FIXTURE(Desk, "read: fewer than 4 characters is a usage error") {
  Run r = run_sep(2, {"show", "eee"});
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, R"(tier: error: 'eee' is too short to name a ticket
hint: give at least 4 characters of the id)");
  run(2, {"show", "T-ee"});
  run(2, {"log", "e"});
}

TEST_CASE_FIXTURE(Desk, "read: an ambiguous prefix is a conflict listing the candidates") {
  // a second ticket whose id shares 'eeee' with T-eeee0005, written by hand
  sh_out("sed 's/T-eeee0005/T-eeee9xyz/' '" + ticket_file("T-eeee0005") + "' >'" + ticket_file("T-eeee9xyz") + "'");
  commit_by_hand("a twin");
  run(0, {"check"});
  Run r = run_sep(4, {"show", "eeee"});
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, R"(tier: error: 'eeee' is ambiguous: T-eeee0005, T-eeee9xyz
hint: give more characters of the id)");
  r = run_sep(4, {"--json", "show", "T-EEEE"});
  EXPECT_TEXT(r.err, R"({"error":{"code":4,"hint":"give more characters of the id","message":"'T-EEEE' is ambiguous: T-eeee0005, T-eeee9xyz"}})");
  const std::string head = sh_out("git rev-parse HEAD");
  run(4, {"comment", "eeee", "-m", "hello"});
  CHECK(sh_out("git rev-parse HEAD") == head);
  r = run(0, {"show", "eeee9", "--json"});
  CHECK(contains(r.output, R"("id":"T-eeee9xyz")"));
  r = run(0, {"show", "eeee0", "--json"});
  CHECK(contains(r.output, R"("id":"T-eeee0005")"));
}

}  // namespace tier::test
