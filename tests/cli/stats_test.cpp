// tier stats: every figure, --since/--until, --by, the table and --json.
// (Moved from tests/e2e/stats.bats.)
//
// The history, made by the commands with TIER_NOW moving the clock (times UTC):
//   E  milne   created 2026-10-30 09:00, alice claims 09:05, resolves 2026-11-02 09:05
//   A  milne   created 2026-11-02 09:00, alice claims 09:30, comment --pending 10:00,
//              the requester answers 12:00, alice resolves 13:00, rated 5
//   B  strand  created 09:10, carol claims 09:20, escalates 09:40, bob claims 10:00,
//              hands back 11:00, carol escalates again 11:30 (straight to bob),
//              bob hands back 12:00, carol resolves 14:10, rated 2
//   C  milne   created 09:20, alice claims 10:20, still open
//   D  hollis  created 09:30, nobody has taken it
// Worked out by hand (tier-stats(1) defines each figure):
// - first responses (the first public reply; a claim is none): E its resolution,
//   259500 s (3 days 5 minutes), A the question at 10:00, 3600, B the resolution,
//   18000; C and D none yet;
// - resolutions: E 259500, A 7200 (4 hours less 2 pending), B 18000;
// - SLA (normal: respond 4h, resolve 3d; high: 1h, 1d): A met, E and B answered late;
// - handled: alice created all five; bob and carol acted on B; backlog: C and D.

#include <cstdio>
#include <sstream>

#include <sqlite3.h>

#include "driver.hpp"

namespace tier::test {
namespace {

struct History : Sandbox {
  std::vector<std::string> ids;  // A B C D E, as the file `ids` lists them

  void when(const std::string& t) { set("TIER_NOW", t); }

  History() {
    copy_of_template("stats-history", [this](const std::string& dir) {
      new_store(dir);
      const std::string dana = "dana.ruiz@milne.example.edu", kim = "kim.oduya@strand.example.edu";
      const Args template_fields = {"--asset", "LT-1", "--location", "B12", "--symptoms", "drops", "--tried", "driver",
                                    "--connection", "wireless"};
      const Args carol = {"-q", "--agent", "carol@example.edu"}, bob = {"-q", "--agent", "bob@example.edu"};
      when("2026-10-30T09:00:00Z");
      const std::string E = tier({"create", "--title", "Old printer", "--email", dana});
      when("2026-10-30T09:05:00Z");
      tier({"-q", "claim", E});
      when("2026-11-02T09:05:00Z");
      tier({"-q", "resolve", E, "-m", "Replaced the toner"});
      when("2026-11-02T09:00:00Z");
      const std::string A = tier({"create", "--title", "Printer jams", "--email", dana, "--category", "printing"});
      when("2026-11-02T09:10:00Z");
      const std::string B = tier(Args{"create", "--title", "Wi-Fi drops", "--email", kim, "--category", "network",
                                      "--priority", "high"} +
                                 template_fields);
      when("2026-11-02T09:20:00Z");
      const std::string C = tier({"create", "--title", "Monitor flickers", "--email", dana, "--category", "hardware"});
      tier(carol + Args{"claim", B});
      when("2026-11-02T09:30:00Z");
      const std::string D = tier({"create", "--title", "Cannot log in", "--email", "dee@hollis.example.org"});
      tier({"-q", "claim", A});
      when("2026-11-02T09:40:00Z");
      tier(carol + Args{"escalate", B, "-m", "RADIUS side"});
      when("2026-11-02T10:00:00Z");
      tier({"-q", "comment", A, "-m", "Which tray?", "--pending"});
      tier(bob + Args{"claim", B});
      when("2026-11-02T10:20:00Z");
      tier({"-q", "claim", C});
      when("2026-11-02T11:00:00Z");
      tier(bob + Args{"handback", B, "-m", "Renewed a certificate"});
      when("2026-11-02T11:30:00Z");
      tier(carol + Args{"escalate", B, "-m", "Still drops"});
      when("2026-11-02T12:00:00Z");
      tier({"-q", "--agent", dana, "comment", A, "-m", "Tray 2"});
      tier(bob + Args{"handback", B, "-m", "Moved the access point"});
      when("2026-11-02T13:00:00Z");
      tier({"-q", "resolve", A, "-m", "Cleaned the rollers"});
      when("2026-11-02T13:10:00Z");
      tier({"-q", "--agent", dana, "rate", A, "5"});
      when("2026-11-02T14:10:00Z");
      tier(carol + Args{"resolve", B, "-m", "Fixed for good"});
      when("2026-11-02T14:20:00Z");
      tier({"-q", "--agent", kim, "rate", B, "2"});
      write_file(dir + "/ids", A + "\n" + B + "\n" + C + "\n" + D + "\n" + E + "\n");
    });
    std::istringstream in(read_file("ids"));
    for (std::string id; in >> id;) ids.push_back(id);
    when("2026-11-02T15:00:00Z");
  }
};

// "key:created" of each row of --by --json, a null key as Python's None.
std::string row_keys(const std::string& json) {
  std::string out;
  const Json doc = Json::parse(json);
  for (const auto& r : doc["rows"].elements())
    out += (out.empty() ? "" : " ") + (r["key"].is_null() ? std::string("None") : r["key"].str()) + ":" +
           r["created"].dump();
  return out;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE_FIXTURE(History, "stats: every figure over every ticket, as a table") {
  Run r = run_sep(0, {"stats"});
  CHECK(r.err.empty());
  EXPECT_TEXT(r.output, R"(created                   5
resolved                  3
handled                   5
backlog                   2
first-contact resolution  67%
first response, mean      1d 2h
first response, median    5h
resolution, mean          1d 2h
resolution, median        5h
sla compliance            33%
reopen rate               0%
escalation rate           tier 1 20%, tier 2 0%
escalated twice           1
hand-backs per ticket     0.40
csat mean                 3.5
csat count                2
resolved by an article    0)");
}

TEST_CASE_FIXTURE(History, "stats --json: the figures in seconds and shares") {
  Run r = run_sep(0, {"stats", "--json"});
  CHECK(r.err.empty());
  EXPECT_TEXT(r.output, R"({"backlog":2,"created":5,"csat_count":2,"csat_mean":3.5,"escalated_twice":1,"escalation_rate":{"1":0.2,"2":0},"first_contact_resolution":0.6666666666666666,"first_response_mean":93700,"first_response_median":18000,"handbacks_per_ticket":0.4,"handled":5,"reopen_rate":0,"resolution_mean":94900,"resolution_median":18000,"resolved":3,"resolved_by_article":0,"sla_compliance":0.3333333333333333})");
}

TEST_CASE_FIXTURE(History, "stats --since: created counts by creation, resolved by resolution") {
  Run r = run(0, {"stats", "--since", "2026-11-01", "--json"});
  EXPECT_TEXT(r.output, R"({"backlog":2,"created":4,"csat_count":2,"csat_mean":3.5,"escalated_twice":1,"escalation_rate":{"1":0.25,"2":0},"first_contact_resolution":0.6666666666666666,"first_response_mean":10800,"first_response_median":10800,"handbacks_per_ticket":0.5,"handled":5,"reopen_rate":0,"resolution_mean":94900,"resolution_median":18000,"resolved":3,"resolved_by_article":0,"sla_compliance":0.3333333333333333})");
  // A duration goes back from now: 1d before 2026-11-02 15:00 is the same period here.
  const std::string by_date = r.output;
  r = run(0, {"stats", "--since", "1d", "--json"});
  CHECK(r.output == by_date);
}

TEST_CASE_FIXTURE(History, "stats --until: exclusive; nothing to measure is null") {
  Run r = run(0, {"stats", "--until", "2026-11-01", "--json"});
  EXPECT_TEXT(r.output, R"({"backlog":1,"created":1,"csat_count":0,"csat_mean":null,"escalated_twice":0,"escalation_rate":{"1":0},"first_contact_resolution":null,"first_response_mean":259500,"first_response_median":259500,"handbacks_per_ticket":0,"handled":1,"reopen_rate":null,"resolution_mean":null,"resolution_median":null,"resolved":0,"resolved_by_article":0,"sla_compliance":null})");
  r = run(0, {"stats", "--until", "2026-10-30T09:00:00Z"});
  EXPECT_TEXT(r.output, R"(created                   0
resolved                  0
handled                   0
backlog                   0
first-contact resolution  -
first response, mean      -
first response, median    -
resolution, mean          -
resolution, median        -
sla compliance            -
reopen rate               -
escalation rate           -
escalated twice           0
hand-backs per ticket     -
csat mean                 -
csat count                0
resolved by an article    0)");
}

TEST_CASE_FIXTURE(History, "stats --by agent: every agent who acted, tier 2 included (issue 15)") {
  Run r = run_sep(0, {"stats", "--by", "agent"});
  CHECK(r.err.empty());
  EXPECT_TEXT(r.output, R"(AGENT              CREATED  RESOLVED  HANDLED  BACKLOG  FCR  RESP-MEAN  RESP-MEDIAN  RES-MEAN  RES-MEDIAN  SLA  REOPENED  TWICE  HANDBACKS  CSAT  RATINGS  ARTICLE  ESCALATION
alice@example.edu  5        3         5        2        67%  1d 2h      5h           1d 2h     5h          33%  0%        1      0.40       3.5   2        0        tier 1 20%, tier 2 0%
bob@example.edu    1        1         1        0        0%   5h         5h           5h        5h          0%   0%        1      2.00       2.0   1        0        tier 1 100%, tier 2 0%
carol@example.edu  1        1         1        0        0%   5h         5h           5h        5h          0%   0%        1      2.00       2.0   1        0        tier 1 100%, tier 2 0%)");
  // Handled in a period: on 2026-11-02 from 11:00, bob handed B back twice and
  // carol escalated and resolved it; alice resolved A.
  r = run(0, {"stats", "--by", "agent", "--since", "2026-11-02T11:00:00Z", "--json"});
  std::string handled;
  for (const auto& row : Json::parse(r.output)["rows"].elements())
    handled += (handled.empty() ? "" : " ") + row["key"].str() + ":" + row["handled"].dump();
  CHECK(handled == "alice@example.edu:1 bob@example.edu:1 carol@example.edu:1");
  // A ticket from the requester's mail that nobody has touched counts under (none).
  tier({"ingest"}, {}, Input::of(R"(From: Dana Ruiz <dana.ruiz@milne.example.edu>
To: helpdesk@example.edu
Subject: Projector bulb
Message-ID: <bulb@milne.example.edu>

It flickers.
)"));
  r = run(0, {"stats", "--by", "agent"});
  CHECK(r.line(4).starts_with("(none)             1        0         0        1        -    -  "));
}

TEST_CASE_FIXTURE(History, "stats --by month, week: a row for each, the backlog at its end") {
  Run r = run(0, {"stats", "--by", "month", "--json"});
  EXPECT_TEXT(r.output, R"({"by":"month","rows":[{"backlog":1,"created":1,"csat_count":0,"csat_mean":null,"escalated_twice":0,"escalation_rate":{"1":0},"first_contact_resolution":null,"first_response_mean":259500,"first_response_median":259500,"handbacks_per_ticket":0,"handled":1,"key":"2026-10","reopen_rate":null,"resolution_mean":null,"resolution_median":null,"resolved":0,"resolved_by_article":0,"sla_compliance":null},{"backlog":2,"created":4,"csat_count":2,"csat_mean":3.5,"escalated_twice":1,"escalation_rate":{"1":0.25,"2":0},"first_contact_resolution":0.6666666666666666,"first_response_mean":10800,"first_response_median":10800,"handbacks_per_ticket":0.5,"handled":5,"key":"2026-11","reopen_rate":0,"resolution_mean":94900,"resolution_median":18000,"resolved":3,"resolved_by_article":0,"sla_compliance":0.3333333333333333}]})");
  // Weeks from Monday: E was created in the week of 2026-10-26; the rest, and E's
  // resolution, in that of 2026-11-02; the week of 2026-10-19 had nothing.
  r = run(0, {"stats", "--by", "week", "--since", "2026-10-19", "--json"});
  std::string weeks;
  for (const auto& row : Json::parse(r.output)["rows"].elements())
    weeks += (weeks.empty() ? "" : " ") + row["key"].str() + ":" + row["created"].dump() + ":" +
             row["resolved"].dump() + ":" + row["backlog"].dump();
  CHECK(weeks == "2026-10-19:0:0:0 2026-10-26:1:0:1 2026-11-02:4:3:2");
}

TEST_CASE_FIXTURE(History, "stats: a reopened ticket's rating still counts, and the reopen rate sees it (issue 15)") {
  when("2026-11-02T15:00:00Z");
  tier({"-q", "--agent", "dana.ruiz@milne.example.edu", "reopen", ids.at(0), "-m", "Jams again"});
  Run r = run(0, {"stats", "--since", "2026-11-01", "--json"});
  CHECK(contains(r.output, R"("backlog":3,)"));
  CHECK(contains(r.output, R"("csat_count":2,"csat_mean":3.5,)"));
  CHECK(contains(r.output, R"("reopen_rate":0.3333333333333333,)"));
  CHECK(contains(r.output, R"("resolved":2,)"));
}

TEST_CASE_FIXTURE(History, "stats --by group, org, category: keys") {
  Run r = run(0, {"stats", "--by", "group"});
  CHECK(r.lines().size() == 2);
  CHECK(r.line(1).starts_with("service-desk  5 "));
  r = run(0, {"stats", "--by", "org", "--json"});
  CHECK(row_keys(r.output) == "hollis:1 milne:3 strand:1");
  r = run(0, {"stats", "--by", "category", "--json"});
  CHECK(row_keys(r.output) == "hardware:1 network:1 printing:1 None:2");
}

TEST_CASE_FIXTURE(History, "stats: a changed ticket is counted anew from the cache") {
  Run r = run(0, {"stats", "--json"});
  CHECK(contains(r.output, R"("resolved":3,"resolved_by_article":0,)"));
  when("2026-11-02T16:00:00Z");
  tier({"-q", "resolve", ids.at(2), "-m", "New cable"});
  r = run(0, {"stats", "--json"});
  CHECK(contains(r.output, R"("first_contact_resolution":0.75,)"));
  CHECK(contains(r.output, R"("resolved":4,"resolved_by_article":0,)"));
  sh_out("rm -f .git/tier/cache.sqlite*");
  r = run(0, {"stats", "--json"});
  CHECK(contains(r.output, R"("first_contact_resolution":0.75,)"));
  CHECK(contains(r.output, R"("resolved":4,"resolved_by_article":0,)"));
}

TEST_CASE_FIXTURE(History, "stats: a change beside a ticket keeps that ticket's facts") {
  Run r = run(0, {"stats", "--json"});
  CHECK(contains(r.output, R"("created":5,"csat_count":2,)"));
  CHECK(contains(r.output, R"("resolved":3,"resolved_by_article":0,)"));
  // A copy of the resolved and rated A under a new id in A's own directory:
  // the directory changes, A does not.
  const std::string a = ids.at(0);
  const std::string twin = a.substr(0, 4) + "zzzz";
  sh_out("sed 's/" + a + "/" + twin + "/' '" + ticket_file(a) + "' >'" + ticket_file(twin) + "'");
  commit_by_hand("a twin of A");
  r = run(0, {"stats", "--json"});
  CHECK(contains(r.output, R"("created":6,"csat_count":3,)"));
  CHECK(contains(r.output, R"("resolved":4,"resolved_by_article":0,)"));
}

TEST_CASE_FIXTURE(History, "stats: a damaged cache is an error that clears it; the next run is whole") {
  Run r = run(0, {"stats", "--json"});
  const std::string want = r.output;
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(".git/tier/cache.sqlite", &db) == SQLITE_OK);
  // Each pack: its version byte kept, then garbage.
  sqlite3_stmt* q = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT data FROM facts_packs LIMIT 1", -1, &q, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(q) == SQLITE_ROW);
  const int version = static_cast<const unsigned char*>(sqlite3_column_blob(q, 0))[0];
  sqlite3_finalize(q);
  char update[64];
  std::snprintf(update, sizeof update, "UPDATE facts_packs SET data = x'%02xff'", version);
  CHECK(sqlite3_exec(db, update, nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  r = run_sep(1, {"stats"});
  EXPECT_TEXT(r.err, R"(tier: error: cache: a facts pack is damaged; the cache has been cleared
hint: run the command again)");
  r = run(0, {"stats", "--json"});
  CHECK(r.output == want);
}

TEST_CASE_FIXTURE(History, "stats: a ticket whose log cannot be read is left out with a warning") {
  const std::string file = ticket_file(ids.at(3));
  write_file(file, read_file(file) + "\n[[log]]\nat = 2026-11-02T16:00:00Z\nby = \"alice@example.edu\"\nevent = \"clam\"\n");
  commit_by_hand("bad entry");
  Run r = run_sep(0, {"stats", "--json"});
  CHECK(contains(r.output, R"("created":4,)"));
  CHECK(r.err.starts_with("tier: warning: " + file + ":"));
  CHECK(r.err.ends_with(": unknown event 'clam' in [[log]]"));
}

TEST_CASE_FIXTURE(History, "stats: a bad --since or --by is a usage error") {
  Run r = run_sep(2, {"stats", "--since", "last week"});
  EXPECT_TEXT(r.err, R"(tier: error: bad time 'last week' for '--since'
hint: give an RFC 3339 time (2026-12-04T15:00:00Z), a local date and time (2026-12-04 10:00, 2026-12-04), now, today, yesterday, tomorrow or a weekday with an optional time (tomorrow 10:00), or a duration (3d, 4h))");
  run(2, {"stats", "--by", "owner"});
}

}  // namespace tier::test
