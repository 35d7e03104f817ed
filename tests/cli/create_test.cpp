// tier create: the id, the file, the commit, and the refusals (rules 1 and 2,
// unknown agents) that leave the store as it was. (Moved from
// tests/e2e/create.bats; the commits are read with git.)

#include <filesystem>
#include <set>


#include "driver.hpp"

namespace tier::test {
namespace {

struct Store : Sandbox {
  Store() { new_store(); }

  // A refusal must leave the store exactly as it was.
  void expect_unchanged(const std::string& head) {
    CHECK(sh_out("git rev-parse HEAD") == head);
    CHECK(!std::filesystem::exists("tickets"));
    expect_clean_status();
  }
};

}  // namespace

TEST_CASE_FIXTURE(Store, "create prints only the id when stdout is not a terminal") {
  Run r = run_sep(0, {"create", "--title", "Printer jams", "--email", "dana.ruiz@milne.example.edu"});
  CHECK(is_id(r.output));
  CHECK(r.err.empty());
  CHECK(r.lines().size() == 1);
}

TEST_CASE_FIXTURE(Store, "create writes tickets/XX/ID.toml in exactly one commit, and the work tree follows") {
  const std::string before = sh_out("git rev-parse HEAD");
  Run r = run(0, {"create", "--title", "Printer jams", "--email", "dana.ruiz@milne.example.edu"});
  const std::string id = r.output;
  REQUIRE(is_id(id));
  const std::string file = "tickets/" + id.substr(2, 2) + "/" + id + ".toml";
  CHECK(std::filesystem::is_regular_file(file));
  CHECK(sh_out("git rev-parse HEAD^") == before);
  r = sh(0, "git show --name-status --format= HEAD");
  EXPECT_TEXT(r.output, "A\t" + file);
  sh(0, "diff -u <(git show 'HEAD:" + file + "') '" + file + "'");
  expect_clean_status();
}

TEST_CASE_FIXTURE(Store, "create: the commit: message, trailers, author and date") {
  set("TIER_NOW", "2026-11-23T10:02:11.120Z");
  Run r = run(0, {"create", "--title", "Printer jams on tray 2", "--email", "dana.ruiz@milne.example.edu"});
  const std::string id = r.output;
  r = sh(0, "git log -1 --format=%B");
  EXPECT_TEXT(r.output, expand(R"(create $id: Printer jams on tray 2

Tier-Op: create
Tier-Ticket: $id)", {{"id", id}}));
  r = sh(0, "git log -1 --format='%(trailers:key=Tier-Op,valueonly)%(trailers:key=Tier-Ticket,valueonly)'");
  EXPECT_TEXT(r.output, "create\n" + id);
  r = sh(0, "git log -1 --format='%ae|%ce|%aI'");
  CHECK(r.output == "alice@example.edu|alice@example.edu|2026-11-23T10:02:11+00:00");
}

TEST_CASE_FIXTURE(Store, "create: the commit is authored by the agent's name from the config") {
  run(0, {"create", "--title", "Printer jams", "--email", "dana.ruiz@milne.example.edu"});
  Run r = sh(0, "git log -1 --format='%an <%ae>'");
  CHECK(r.output == "Alice Adams <alice@example.edu>");
  run(0, {"--agent", "carol@example.edu", "create", "--title", "Toner", "--email", "dana.ruiz@milne.example.edu"});
  r = sh(0, "git log -1 --format='%an <%ae>'");
  CHECK(r.output == "Carol Chen <carol@example.edu>");
}

TEST_CASE_FIXTURE(Store, "create: the ticket file, exactly, with every option") {
  set("TIER_NOW", "2026-11-23T10:02:11.120Z");
  Run r = run(0, {"create", "--title", "Laptop drops Wi-Fi in Strand Ag basement", "--email",
                  "Dana.Ruiz@MILNE.example.edu", "--name", "Dana Ruiz", "--category", "network", "--priority", "high",
                  "--asset", "LT-20931", "--location", "Strand Ag B12", "--symptoms", "Drops every 10 minutes",
                  "--tried", "Forgot the network", "--connection", "wireless", "--tag", "wifi", "--tag", "basement",
                  "-m", "It drops every ten minutes.\nOnly in the basement."});
  const std::string id = r.output;
  EXPECT_TEXT(read_file(ticket_file(id)), expand(R"(format = 1
id = "$id"
title = "Laptop drops Wi-Fi in Strand Ag basement"
status = "new"
priority = "high"
category = "network"
tier = 1
group = "service-desk"
assignee = ""
owner = ""
escalations = 0
handbacks = 0
tags = ["wifi", "basement"]
created = 2026-11-23T10:02:11.120Z
updated = 2026-11-23T10:02:11.120Z

[requester]
name = "Dana Ruiz"
email = "dana.ruiz@milne.example.edu"
organization = "milne"

[details]
asset = "LT-20931"
location = "Strand Ag B12"
symptoms = "Drops every 10 minutes"
tried = "Forgot the network"
connection = "wireless"

[[log]]
at = 2026-11-23T10:02:11.120Z
by = "alice@example.edu"
event = "create"
to = "service-desk"
tier = 1
visibility = "public"
title = "Laptop drops Wi-Fi in Strand Ag basement"
priority = "high"
category = "network"
tags = ["wifi", "basement"]
requester = { name = "Dana Ruiz", email = "dana.ruiz@milne.example.edu", organization = "milne" }
asset = "LT-20931"
location = "Strand Ag B12"
symptoms = "Drops every 10 minutes"
tried = "Forgot the network"
connection = "wireless"
text = """
It drops every ten minutes.
Only in the basement."""
)", {{"id", id}}));
  run(0, {"check"});
}

TEST_CASE_FIXTURE(Store, "create: the ticket file, exactly, with only the required options") {
  set("TIER_NOW", "2026-11-23T10:02:11Z");
  Run r = run(0, {"create", "--title", "Printer jams", "--email", "lee@strand.example.edu"});
  const std::string id = r.output;
  EXPECT_TEXT(read_file(ticket_file(id)), expand(R"(format = 1
id = "$id"
title = "Printer jams"
status = "new"
priority = "normal"
category = ""
tier = 1
group = "service-desk"
assignee = ""
owner = ""
escalations = 0
handbacks = 0
tags = []
created = 2026-11-23T10:02:11Z
updated = 2026-11-23T10:02:11Z

[requester]
name = ""
email = "lee@strand.example.edu"
organization = "strand"

[[log]]
at = 2026-11-23T10:02:11Z
by = "alice@example.edu"
event = "create"
to = "service-desk"
tier = 1
title = "Printer jams"
priority = "normal"
requester = { name = "", email = "lee@strand.example.edu", organization = "strand" }
)", {{"id", id}}));
}

TEST_CASE_FIXTURE(Store, "create: quotes, backslashes, tabs and non-ASCII text survive the file") {
  const std::string title = "Say \"hi\" \\ to the caf\u00e9\tnow";
  const std::string text = "line one\n\"\"\"quoted\"\"\" \\ back\n\nlast";
  Run r = run(0, {"create", "--title", title, "--email", "lee@strand.example.edu", "-m", text});
  const std::string id = r.output;
  run(0, {"check"});
  r = run(0, {"show", id, "--json"});
  const Json t = Json::parse(r.output);
  CHECK(t["title"].str() == title);
  CHECK(t["log"][0]["text"].str() == text);
}

TEST_CASE_FIXTURE(Store, "create --group puts the ticket in that group's queue at its tier") {
  Run r = run(0, {"create", "--title", "Docking station", "--email", "lee@strand.example.edu", "--group", "cx-tier2"});
  const std::string id = r.output;
  r = run(0, {"list", "--format", "csv"});
  CHECK(r.line(1).starts_with(id + ",new,normal,2,cx-tier2,,,strand,,0,"));
  r = run_sep(3, {"create", "--title", "Docking station", "--email", "lee@strand.example.edu", "--group", "nope"});
  EXPECT_TEXT(r.err, "tier: error: no such group 'nope'");
}

TEST_CASE_FIXTURE(Store, "create --json prints the new ticket") {
  set("TIER_NOW", "2026-11-23T10:02:11Z");
  Run r = run_sep(0, {"create", "--json", "--title", "Printer jams", "--email", "lee@strand.example.edu"});
  CHECK(r.err.empty());
  REQUIRE(is_json(r.output));
  const Json t = Json::parse(r.output);
  const std::string id = t["id"].str();
  CHECK(is_id(id));
  CHECK(std::filesystem::is_regular_file(ticket_file(id)));
  CHECK(t["status"].str() + " " + t["group"].str() + " " + std::to_string(static_cast<int>(t["tier"].number())) +
            " " + t["requester"]["organization"].str() + " " + std::to_string(t["log"].size()) + " " +
            t["created"].str() ==
        "new service-desk 1 strand 1 2026-11-23T10:02:11Z");
}

TEST_CASE_FIXTURE(Store, "create: ids are unique over many creates") {
  std::set<std::string> ids;
  std::vector<std::string> all;
  for (int i = 1; i <= 30; ++i) {
    const std::string id = tier({"create", "--title", "Ticket " + std::to_string(i), "--email", "lee@strand.example.edu"});
    ids.insert(id);
    all.push_back(id);
  }
  CHECK(ids.size() == 30);
  for (const auto& id : all) CHECK(is_id(id));
}

TEST_CASE_FIXTURE(Store, "create: a free-mail requester is refused by rule employer-email") {
  const std::string head = sh_out("git rev-parse HEAD");
  Run r = run_sep(5, {"create", "--title", "Printer jams", "--email", "dana@gmail.com"});
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, "tier: error: refused by rule 'employer-email': 'gmail.com' is a free-mail domain; the requester needs an employer address");
  expect_unchanged(head);
  run(5, {"create", "--title", "Printer jams", "--email", "dana@HotMail.com"});
  expect_unchanged(head);
}

TEST_CASE_FIXTURE(Store, "create: an address that is not one is refused by rule employer-email") {
  const std::string head = sh_out("git rev-parse HEAD");
  Run r = run_sep(5, {"create", "--title", "Printer jams", "--email", "notanaddress"});
  EXPECT_TEXT(r.err, "tier: error: refused by rule 'employer-email': the requester needs an e-mail address, not 'notanaddress'");
  expect_unchanged(head);
}

TEST_CASE_FIXTURE(Store, "create: an unsupported organization is refused by rule supported-organization") {
  const std::string head = sh_out("git rev-parse HEAD");
  Run r = run_sep(5, {"create", "--title", "Printer jams", "--email", "dana@unknown.example.com"});
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, "tier: error: refused by rule 'supported-organization': no supported organization has the domain 'unknown.example.com'");
  expect_unchanged(head);
}

TEST_CASE_FIXTURE(Store, "create: an agent the config does not know is refused by rule unknown-agent") {
  const std::string head = sh_out("git rev-parse HEAD");
  Run r = run_sep(5, {"--agent", "zed@example.edu", "create", "--title", "Printer jams", "--email", "dana@milne.example.edu"});
  EXPECT_TEXT(r.err, R"(tier: error: refused by rule 'unknown-agent': 'zed@example.edu' is not an agent of this help desk
hint: set --agent, TIER_AGENT or git's user.email to an agent listed in .tier/config.toml)");
  expect_unchanged(head);
  run(5, {"create", "--title", "Printer jams", "--email", "dana@milne.example.edu"}, {{"TIER_AGENT", "zed@example.edu"}});
  expect_unchanged(head);
}

TEST_CASE_FIXTURE(Store, "create: without --agent or TIER_AGENT the agent is git's user.email") {
  unset("TIER_AGENT");
  const std::string head = sh_out("git rev-parse HEAD");
  Run r = run_sep(5, {"create", "--title", "Printer jams", "--email", "dana@milne.example.edu"});
  EXPECT_TEXT(r.err, R"(tier: error: refused by rule 'unknown-agent': 'runner@example.invalid' is not an agent of this help desk
hint: set --agent, TIER_AGENT or git's user.email to an agent listed in .tier/config.toml)");
  expect_unchanged(head);
  sh_out("git config user.email Carol@Example.edu");
  run(0, {"create", "--title", "Printer jams", "--email", "dana@milne.example.edu"});
  r = sh(0, "git log -1 --format=%ae");
  CHECK(r.output == "carol@example.edu");
}

TEST_CASE_FIXTURE(Store, "create: a refusal with --json is one JSON object on stderr and nothing on stdout") {
  Run r = run_sep(5, {"--json", "create", "--title", "Printer jams", "--email", "dana@gmail.com"});
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, R"({"error":{"code":5,"message":"refused by rule 'employer-email': 'gmail.com' is a free-mail domain; the requester needs an employer address","rule":"employer-email"}})");
  r = run_sep(5, {"create", "--title", "Printer jams", "--email", "dana@unknown.example.com", "--json"});
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, R"({"error":{"code":5,"message":"refused by rule 'supported-organization': no supported organization has the domain 'unknown.example.com'","rule":"supported-organization"}})");
  CHECK(!std::filesystem::exists("tickets"));
}

TEST_CASE_FIXTURE(Store, "create: an empty title is refused") {
  const std::string head = sh_out("git rev-parse HEAD");
  Run r = run_sep(5, {"create", "--title", "", "--email", "dana@milne.example.edu"});
  EXPECT_TEXT(r.err, "tier: error: refused by rule 'valid-values': a ticket needs a title");
  expect_unchanged(head);
}

TEST_CASE_FIXTURE(Store, "create: a title of more than one line is refused") {
  const std::string head = sh_out("git rev-parse HEAD");
  Run r = run(5, {"create", "--title", "Printer jams\nagain", "--email", "dana@milne.example.edu"});
  CHECK(r.output.starts_with("tier: error: refused by rule 'valid-values': "));
  expect_unchanged(head);
}

TEST_CASE_FIXTURE(Store, "create: missing and invalid options are usage errors") {
  Run r = run_sep(2, {"create", "--title", "Printer jams"});
  EXPECT_TEXT(r.err, R"(tier: error: --email is required
hint: see 'tier create --help')");
  r = run_sep(2, {"create", "--email", "dana@milne.example.edu"});
  EXPECT_TEXT(r.err, R"(tier: error: --title is required
hint: see 'tier create --help')");
  r = run_sep(2, {"create", "--title", "x", "--email", "dana@milne.example.edu", "--priority", "severe"});
  EXPECT_TEXT(r.err, R"(tier: error: --priority: severe not in {low,normal,high,urgent}
hint: see 'tier create --help')");
  run(2, {"create", "--title", "x", "--email", "dana@milne.example.edu", "--connection", "bluetooth"});
  CHECK(!std::filesystem::exists("tickets"));
}

TEST_CASE_FIXTURE(Store, "create: TIER_NOW that is not a time is a usage error") {
  Run r = run_sep(2, {"create", "--title", "x", "--email", "dana@milne.example.edu"}, {{"TIER_NOW", "yesterday"}});
  EXPECT_TEXT(r.err, R"(tier: error: TIER_NOW is not an RFC 3339 time: 'yesterday'
hint: for example TIER_NOW=2026-11-23T09:00:00Z)");
}

TEST_CASE_FIXTURE(Store, "create: a hand edit not yet committed is never overwritten") {
  const std::string id = tier({"create", "--title", "Printer jams", "--email", "dana@milne.example.edu"});
  const std::string file = ticket_file(id);
  write_file(file, read_file(file) + "# my edit\n");
  Run r = run_sep(4, {"comment", id, "-m", "hello"});
  EXPECT_TEXT(r.err, "tier: error: '" + file + "' has changes that are not committed\nhint: commit them with git, or discard them with 'git checkout -- " + file + "'");
  CHECK(sh_out("tail -n 1 '" + file + "'") == "# my edit");
}

}  // namespace tier::test
