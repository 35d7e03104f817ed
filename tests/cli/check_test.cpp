// tier check, and how every command treats bad files committed by hand: a
// bad ticket is reported with file and line and never hides the others; a
// bad config stops every change. (Moved from tests/e2e/check.bats; the
// files are broken with sed and committed with git, as a person would.)

#include <filesystem>

#include "driver.hpp"

namespace tier::test {
namespace {

struct Desk : Sandbox {
  Desk() {
    new_store_with_fixture("desk");
    set("TIER_NOW", "2026-11-23T12:00:00Z");
  }
};

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

bool glob_match(const std::string& s, const std::string& head, const std::string& tail) {
  return s.size() >= head.size() + tail.size() && s.starts_with(head) && s.ends_with(tail);
}

}  // namespace

TEST_CASE_FIXTURE(Desk, "check: a clean store exits 0 and says so on stderr") {
  Run r = run_sep(0, {"check"});
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, "checked 7 tickets and the config: no problems");
  r = run_sep(0, {"check", "-q"});
  CHECK((r.output.empty() && r.err.empty()));
  r = run_sep(0, {"check", "--json"});
  CHECK(r.err.empty());
  EXPECT_TEXT(r.output, R"({"problems":[],"tickets":7})");
}

TEST_CASE_FIXTURE(Desk, "check: an empty store and a store of one ticket") {
  new_store(tmp() + "/other");
  Run r = run_sep(0, {"check"});
  EXPECT_TEXT(r.err, "checked 0 tickets and the config: no problems");
  tier({"create", "--title", "Printer jams", "--email", "lee@strand.example.edu"});
  r = run_sep(0, {"check"});
  EXPECT_TEXT(r.err, "checked 1 ticket and the config: no problems");
}

TEST_CASE_FIXTURE(Desk, "check: a header changed by hand no longer matches the log") {
  sh_out(R"(sed -i 's/^status = "open"$/status = "resolved"/' tickets/bb/T-bbbb0002.toml)");
  commit_by_hand("resolve it by hand");
  Run r = sh(0, "grep -n '^status = ' tickets/bb/T-bbbb0002.toml");
  CHECK(r.output == R"(4:status = "resolved")");
  r = run_sep(6, {"check"});
  EXPECT_TEXT(r.output, "tickets/bb/T-bbbb0002.toml:4: 'status' differs from the replay of the log");
  EXPECT_TEXT(r.err, "tier: error: 1 problem in the store");
}

TEST_CASE_FIXTURE(Desk, "check: a log entry removed by hand") {
  // the last four lines are the claim entry; without it the header is wrong
  sh_out("f=tickets/bb/T-bbbb0002.toml && head -n -5 \"$f\" >cut && mv cut \"$f\"");
  commit_by_hand("drop the claim");
  Run r = run_sep(6, {"check"});
  EXPECT_TEXT(r.output, R"(tickets/bb/T-bbbb0002.toml:4: 'status' differs from the replay of the log
tickets/bb/T-bbbb0002.toml:9: 'assignee' differs from the replay of the log
tickets/bb/T-bbbb0002.toml:10: 'owner' differs from the replay of the log
tickets/bb/T-bbbb0002.toml:15: 'updated' differs from the replay of the log)");
  EXPECT_TEXT(r.err, "tier: error: 4 problems in the store");
}

TEST_CASE_FIXTURE(Desk, "check: an unknown status value names file and line") {
  sh_out(R"(sed -i 's/^status = "new"$/status = "opne"/' tickets/aa/T-aaaa0001.toml)");
  commit_by_hand();
  Run r = run_sep(6, {"check"});
  EXPECT_TEXT(r.output, "tickets/aa/T-aaaa0001.toml:4: unknown status 'opne'");
  r = run_sep(6, {"show", "aaaa"});
  EXPECT_TEXT(r.err, "tier: error: tickets/aa/T-aaaa0001.toml:4:10: unknown status 'opne'");
}

TEST_CASE_FIXTURE(Desk, "check: a truncated file is reported with file and line; the rest still works") {
  sh_out("f=tickets/aa/T-aaaa0001.toml && head -c 300 \"$f\" >cut && mv cut \"$f\"");
  commit_by_hand("truncated");
  Run r = sh(0, "tail -n 1 tickets/aa/T-aaaa0001.toml");
  CHECK(r.output == "name");
  r = run_sep(6, {"check"});
  EXPECT_TEXT(r.output, "tickets/aa/T-aaaa0001.toml:18: error while parsing key-value pair: encountered end-of-file");
  EXPECT_TEXT(r.err, "tier: error: 1 problem in the store");
  // list shows the other six and warns about the bad one
  r = run_sep(0, {"list", "--format", "ids", "--sort", "created"});
  EXPECT_TEXT(r.output, R"(T-bbbb0002
T-cccc0003
T-dddd0004
T-eeee0005
T-ffff0006
T-gggg0007)");
  EXPECT_TEXT(r.err, "tier: warning: tickets/aa/T-aaaa0001.toml:18: error while parsing key-value pair: encountered end-of-file");
  r = run_sep(0, {"list", "--json"});
  CHECK(r.err.starts_with("tier: warning: tickets/aa/T-aaaa0001.toml:18: "));
  CHECK(is_json(r.output));
  // the bad ticket itself is invalid data; the others can still be changed
  r = run_sep(6, {"show", "aaaa"});
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, "tier: error: tickets/aa/T-aaaa0001.toml:18:5: error while parsing key-value pair: encountered end-of-file");
  const std::string head = sh_out("git rev-parse HEAD");
  run(6, {"comment", "aaaa", "-m", "hello"});
  CHECK(sh_out("git rev-parse HEAD") == head);
  run(0, {"comment", "bbbb", "-m", "hello"});
  r = run(0, {"show", "bbbb"});
  CHECK(contains(r.output, "hello"));
  expect_clean_status();
}

TEST_CASE_FIXTURE(Desk, "check: an unknown key") {
  sh_out(R"(sed -i 's/^handbacks = 0$/handbacks = 0\nsla = "gold"/' tickets/aa/T-aaaa0001.toml)");
  commit_by_hand();
  Run r = run_sep(6, {"check"});
  EXPECT_TEXT(r.output, "tickets/aa/T-aaaa0001.toml:13: unknown key 'sla'");
  r = run_sep(0, {"list", "--format", "ids", "--sort", "created", "--limit", "1"});
  CHECK(r.output == "T-bbbb0002");
  EXPECT_TEXT(r.err, "tier: warning: tickets/aa/T-aaaa0001.toml:13: unknown key 'sla'");
}

TEST_CASE_FIXTURE(Desk, "check: an unknown key in a log entry") {
  sh_out(R"(printf 'mood = "grumpy"\n' >>tickets/aa/T-aaaa0001.toml)");
  commit_by_hand();
  Run r = run_sep(6, {"check"});
  // on the last line, the one added
  CHECK(r.output == "tickets/aa/T-aaaa0001.toml:" + sh_out("wc -l <tickets/aa/T-aaaa0001.toml") +
                        ": unknown key 'mood' in [[log]]");
}

TEST_CASE_FIXTURE(Desk, "check: a file at the wrong path") {
  sh_out("mkdir -p tickets/zz && git mv tickets/aa/T-aaaa0001.toml tickets/zz/T-aaaa0001.toml");
  commit_by_hand("moved");
  Run r = run_sep(6, {"check"});
  EXPECT_TEXT(r.output, "tickets/zz/T-aaaa0001.toml:2: the id 'T-aaaa0001' belongs at 'tickets/aa/T-aaaa0001.toml'");
  r = run_sep(0, {"list", "--format", "ids", "--sort", "created", "--limit", "1"});
  CHECK(r.output == "T-bbbb0002");
  EXPECT_TEXT(r.err, "tier: warning: tickets/zz/T-aaaa0001.toml: the id 'T-aaaa0001' belongs at 'tickets/aa/T-aaaa0001.toml'");
}

TEST_CASE_FIXTURE(Desk, "check: an id changed inside its file") {
  sh_out(R"(sed -i 's/^id = "T-aaaa0001"$/id = "T-aaaa0002"/' tickets/aa/T-aaaa0001.toml)");
  commit_by_hand();
  Run r = run_sep(6, {"check"});
  EXPECT_TEXT(r.output, "tickets/aa/T-aaaa0001.toml:2: the id 'T-aaaa0002' belongs at 'tickets/aa/T-aaaa0002.toml'");
}

TEST_CASE_FIXTURE(Desk, "check: a file directly under tickets/ is not a directory of tickets") {
  write_file("tickets/README.md", "notes\n");
  commit_by_hand();
  Run r = run_sep(6, {"check"});
  EXPECT_TEXT(r.output, "tickets/README.md: not a directory of tickets");
  r = run_sep(0, {"list", "--format", "ids", "--sort", "created", "--limit", "1"});
  CHECK(r.output == "T-aaaa0001");
  EXPECT_TEXT(r.err, "tier: warning: tickets/README.md: not a directory of tickets");
}

TEST_CASE_FIXTURE(Desk, "check: every problem of every file, in path order, counted") {
  sh_out(R"(sed -i 's/^status = "new"$/status = "opne"/' tickets/aa/T-aaaa0001.toml &&
sed -i 's/^status = "open"$/status = "resolved"/' tickets/bb/T-bbbb0002.toml &&
sed -i 's/^priority = "low"$/priority = "lowest"/' tickets/dd/T-dddd0004.toml)");
  commit_by_hand();
  Run r = run_sep(6, {"check"});
  EXPECT_TEXT(r.output, R"(tickets/aa/T-aaaa0001.toml:4: unknown status 'opne'
tickets/bb/T-bbbb0002.toml:4: 'status' differs from the replay of the log
tickets/dd/T-dddd0004.toml:5: unknown priority 'lowest')");
  EXPECT_TEXT(r.err, "tier: error: 3 problems in the store");
}

TEST_CASE_FIXTURE(Desk, "check --json lists the problems on stdout and the error on stderr") {
  sh_out(R"(sed -i 's/^status = "new"$/status = "opne"/' tickets/aa/T-aaaa0001.toml)");
  commit_by_hand();
  Run r = run_sep(6, {"check", "--json"});
  EXPECT_TEXT(r.output, R"({"problems":[{"line":4,"message":"unknown status 'opne'","path":"tickets/aa/T-aaaa0001.toml","rule":"malformed"}],"tickets":7})");
  EXPECT_TEXT(r.err, R"({"error":{"code":6,"message":"1 problem in the store"}})");
}

TEST_CASE_FIXTURE(Desk, "check: a broken config is reported with its line, and stops every change") {
  // bob's group names an agent the config does not list
  sh_out(R"(sed -i 's/^members = \["bob@example.edu", "erin@example.edu"\]$/members = ["bob@example.edu", "zed@example.edu"]/' .tier/config.toml)");
  commit_by_hand("break the config");
  const std::string line = sh_out("grep -n 'zed@example.edu' .tier/config.toml | cut -d: -f1");
  const std::string head = sh_out("git rev-parse HEAD");
  Run r = run_sep(6, {"check"});
  EXPECT_TEXT(r.output, ".tier/config.toml:" + line + ": group 'cx-tier2' names unknown agent 'zed@example.edu'");
  EXPECT_TEXT(r.err, "tier: error: 1 problem in the store");
  r = run_sep(6, {"create", "--title", "Printer jams", "--email", "lee@strand.example.edu"});
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, "tier: error: .tier/config.toml:" + line + ":31: group 'cx-tier2' names unknown agent 'zed@example.edu'");
  run(6, {"comment", "bbbb", "-m", "hello"});
  run(6, {"claim", "aaaa"});
  CHECK(sh_out("git rev-parse HEAD") == head);
  CHECK(!std::filesystem::exists("tickets/aa/T-aaaa0001.toml.tier-tmp"));
  expect_clean_status();
  // reading still works
  r = run(0, {"list", "--format", "ids", "--limit", "1"});
  CHECK(r.output == "T-aaaa0001");
  r = run(0, {"show", "bbbb"});
  CHECK(r.line(0) == "T-bbbb0002  VPN refuses my password");
  run(0, {"log", "T-bbbb0002"});
  run(3, {"show", "zzzz"});
}

TEST_CASE_FIXTURE(Desk, "check: a config with a bad prefix") {
  sh_out(R"(sed -i 's/^prefix = "T"$/prefix = "t-"/' .tier/config.toml)");
  commit_by_hand("break the config");
  Run r = run_sep(6, {"check"});
  CHECK(glob_match(r.output, ".tier/config.toml:",
                   ": bad prefix 't-': use 1 to 8 uppercase letters and digits, starting with a letter"));
  r = run_sep(6, {"show", "bbbb"});
  CHECK(glob_match(r.err, "tier: error: .tier/config.toml:",
                   ": bad prefix 't-': use 1 to 8 uppercase letters and digits, starting with a letter"));
}

TEST_CASE_FIXTURE(Desk, "check: a config that is not TOML is reported with its line") {
  const std::string line = sh_out(R"(grep -n -m 1 '^\[\[group\]\]$' .tier/config.toml | cut -d: -f1)");
  sh_out("sed -i '" + line + "s/.*/[[group]/' .tier/config.toml");
  commit_by_hand("break the config");
  Run r = run_sep(6, {"check"});
  EXPECT_TEXT(r.output, ".tier/config.toml:" + line + ": error while parsing table header: expected ']', saw '\\n'");
  r = run_sep(6, {"create", "--title", "Printer jams", "--email", "lee@strand.example.edu"});
  EXPECT_TEXT(r.err, "tier: error: .tier/config.toml:" + line + ":9: error while parsing table header: expected ']', saw '\\n'");
  r = run_sep(6, {"--json", "create", "--title", "Printer jams", "--email", "lee@strand.example.edu"});
  CHECK(r.output.empty());
  // The heredoc's "\\\\n" is two backslashes and an n: JSON's escape of "\n".
  EXPECT_TEXT(r.err, "{\"error\":{\"code\":6,\"message\":\".tier/config.toml:" + line +
                         ":9: error while parsing table header: expected ']', saw '\\\\n'\"}}");
}

TEST_CASE_FIXTURE(Desk, "check: a hand-written ticket in another valid layout is accepted") {
  std::filesystem::create_directories("tickets/hw");
  write_file("tickets/hw/T-hw000001.toml", R"(# written by hand, keys in another order, a literal string, an inline table
format = 1
id = 'T-hw000001'
title = "Keyboard missing keys"
priority = "low"
status = "new"
category = "hardware"
tier = 1
group = "service-desk"
assignee = ""
owner = ""
escalations = 0
handbacks = 0
tags = [ "keyboard" ]
created = 2026-11-23T08:00:00Z
updated = 2026-11-23T08:00:00Z
requester = { name = "Kim", email = "kim@milne.example.edu", organization = "milne" }

[[log]]
at = 2026-11-23T08:00:00Z
by = "alice@example.edu"
event = "create"
to = "service-desk"
tier = 1
title = "Keyboard missing keys"
priority = "low"
category = "hardware"
tags = ["keyboard"]
requester = { name = "Kim", email = "kim@milne.example.edu", organization = "milne" }
)");
  commit_by_hand("by hand");
  Run r = run_sep(0, {"check"});
  EXPECT_TEXT(r.err, "checked 8 tickets and the config: no problems");
  r = run(0, {"list", "--tag", "keyboard", "--format", "ids"});
  CHECK(r.output == "T-hw000001");
  // the next change writes the file in the canonical layout
  run(0, {"comment", "hw00", "-m", "A new keyboard is on its way."});
  r = sh(0, "head -n 3 tickets/hw/T-hw000001.toml");
  EXPECT_TEXT(r.output, R"(format = 1
id = "T-hw000001"
title = "Keyboard missing keys")");
  run(0, {"check"});
  expect_clean_status();
}

TEST_CASE_FIXTURE(Desk, "check reads the committed store, not uncommitted edits") {
  sh_out(R"(sed -i 's/^status = "new"$/status = "opne"/' tickets/aa/T-aaaa0001.toml)");
  run(0, {"check"});
  Run r = run(0, {"show", "aaaa", "--json"});
  CHECK(contains(r.output, R"("status":"new")"));
}

}  // namespace tier::test
