// tier overdue: the respond and resolve clocks of [sla.<priority>] (the
// example config: normal 4h and 3d, high 1h and 1d, urgent 15m and 4h), with
// pending time left out; nothing at all when nothing is overdue. (Moved
// from tests/e2e/overdue.bats.)

#include "driver.hpp"

namespace tier::test {
namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

struct Overdue : Sandbox {
  std::string P, Q, R;

  Overdue() { new_store(); }

  void when(const std::string& t) { set("TIER_NOW", t); }

  // P (normal): claimed at 09:30, pending from 10:00 on 2026-11-02 until the
  //   requester answers at 10:00 on 2026-11-05; its 3 days of resolve clock
  //   run out at 09:00 on 2026-11-08.
  // Q (high): nobody takes it; respond due at 10:00, resolve at 09:00 the next day.
  // R (urgent): claimed and resolved at once, never overdue.
  void make_history() {
    const std::string dana = "dana.ruiz@milne.example.edu";
    when("2026-11-02T09:00:00Z");
    P = tier({"create", "--title", "Printer jams", "--email", dana});
    Q = tier({"create", "--title", "Wi-Fi drops", "--email", dana, "--priority", "high"});
    R = tier({"create", "--title", "Server room hot", "--email", dana, "--priority", "urgent"});
    when("2026-11-02T09:05:00Z");
    tier({"-q", "claim", R});
    tier({"-q", "resolve", R, "-m", "Door shut"});
    when("2026-11-02T09:30:00Z");
    tier({"-q", "claim", P});
    when("2026-11-02T10:00:00Z");
    tier({"-q", "comment", P, "-m", "Which tray?", "--pending"});
    when("2026-11-05T10:00:00Z");
    tier({"-q", "--agent", dana, "comment", P, "-m", "Tray 2"});
  }

  Vars v() const { return {{"P", P}, {"Q", Q}, {"R", R}}; }
};

}  // namespace

TEST_CASE_FIXTURE(Overdue, "overdue: nothing overdue prints nothing, [] with --json") {
  Run r = run_sep(0, {"overdue"});
  CHECK((r.output.empty() && r.err.empty()));
  r = run_sep(0, {"overdue", "--json"});
  CHECK((r.output == "[]" && r.err.empty()));
  make_history();
  when("2026-11-02T09:59:00Z");
  r = run_sep(0, {"overdue"});
  CHECK((r.output.empty() && r.err.empty()));
}

TEST_CASE_FIXTURE(Overdue, "overdue: the respond clock of a ticket nobody took") {
  make_history();
  when("2026-11-02T10:30:00Z");
  Run r = run_sep(0, {"overdue"});
  CHECK(r.err.empty());
  EXPECT_TEXT(r.output, expand(R"(ID          PRIORITY  GROUP         ASSIGNEE  CLOCK    DUE                   OVERDUE  TITLE
$Q  high      service-desk  -         respond  2026-11-02 10:00 UTC  30m      Wi-Fi drops)", v()));
  r = run(0, {"overdue", "--json"});
  EXPECT_TEXT(r.output, expand(R"([{"assignee":"","clock":"respond","due":"2026-11-02T10:00:00Z","group":"service-desk","id":"$Q","key":"$Q/respond/2026-11-02T10:00:00Z","overdue_by":1800,"priority":"high","status":"new","title":"Wi-Fi drops"}])", v()));
}

TEST_CASE_FIXTURE(Overdue, "overdue: pending time does not count") {
  make_history();
  // 3 days and 3 hours after creation, but 3 of those days pending: 3 hours worked.
  when("2026-11-05T12:00:00Z");
  CHECK(run(0, {"overdue", "--mine"}).output.empty());
  // Exactly 3 days worked: due, not yet past it.
  when("2026-11-08T09:00:00Z");
  CHECK(run(0, {"overdue", "--mine"}).output.empty());
  when("2026-11-08T09:30:00Z");
  Run r = run(0, {"overdue"});
  EXPECT_TEXT(r.output, expand(R"(ID          PRIORITY  GROUP         ASSIGNEE  CLOCK    DUE                   OVERDUE  TITLE
$Q  high      service-desk  -         respond  2026-11-02 10:00 UTC  5d 23h   Wi-Fi drops
$Q  high      service-desk  -         resolve  2026-11-03 09:00 UTC  5d       Wi-Fi drops
$P  normal    service-desk  alice     resolve  2026-11-08 09:00 UTC  30m      Printer jams)", v()));
  r = run(0, {"overdue", "--mine", "--json"});
  EXPECT_TEXT(r.output, expand(R"([{"assignee":"alice@example.edu","clock":"resolve","due":"2026-11-08T09:00:00Z","group":"service-desk","id":"$P","key":"$P/resolve/2026-11-08T09:00:00Z","overdue_by":1800,"priority":"normal","status":"open","title":"Printer jams"}])", v()));
}

TEST_CASE_FIXTURE(Overdue, "overdue: a ticket pending now stands still; --group filters") {
  make_history();
  when("2026-11-05T10:30:00Z");
  tier({"-q", "comment", P, "-m", "Which floor?", "--pending"});
  when("2026-11-20T09:00:00Z");
  Run r = run(0, {"overdue", "--json"});
  CHECK(contains(r.output, "\"id\":\"" + Q + "\""));
  CHECK(!contains(r.output, "\"id\":\"" + P + "\""));
  CHECK(run(0, {"overdue", "--group", "cx-tier2"}).output.empty());
  r = run(0, {"overdue", "--group", "service-desk", "--json"});
  CHECK(contains(r.output, "\"id\":\"" + Q + "\""));
}

TEST_CASE_FIXTURE(Overdue, "overdue: a breach that ends by a resolution and comes back after a reopen has a new key") {
  make_history();
  when("2026-11-03T09:30:00Z");
  tier({"-q", "claim", Q});
  Run r = run(0, {"overdue", "--json"});
  CHECK(contains(r.output, "\"key\":\"" + Q + "/resolve/2026-11-03T09:00:00Z\""));
  when("2026-11-03T10:00:00Z");
  tier({"-q", "resolve", Q, "-m", "New card"});
  r = run(0, {"overdue", "--group", "service-desk", "--json"});
  CHECK(!contains(r.output, Q));
  when("2026-11-04T08:00:00Z");
  tier({"-q", "--agent", "dana.ruiz@milne.example.edu", "reopen", Q, "-m", "Drops again"});
  when("2026-11-04T08:15:00Z");
  r = run(0, {"overdue", "--json"});
  CHECK(contains(r.output, "\"key\":\"" + Q + "/resolve/2026-11-04T08:00:00Z\",\"overdue_by\":900,"));
}

TEST_CASE_FIXTURE(Overdue, "overdue --notify: the group's leads hear of each breach once") {
  make_history();
  const std::string box = ".git/tier/outbox/new";
  const auto leads_notices = [&] {
    return sh_out("grep -l '^Message-Id: <.*\\.overdue-' " + box + "/* 2>/dev/null | wc -l");
  };
  CHECK(leads_notices() == "0");
  when("2026-11-02T10:30:00Z");
  Run r = run_sep(0, {"overdue", "--notify"});
  CHECK(r.err.empty());
  CHECK(contains(r.output, Q + "  high      service-desk  -         respond"));
  CHECK(leads_notices() == "1");
  const std::string msg = sh_out("grep -l '^Message-Id: <.*\\.overdue-respond' " + box + "/*");
  sh(0, "grep -qx 'To: Carol Chen <carol@example.edu>' '" + msg + "'");
  sh(0, "grep -qx 'Message-Id: <" + Q + "\\.1793613600000\\.overdue-respond\\.leads@example\\.edu>' '" + msg + "'");
  // cron runs it again: the same breach is not told twice
  when("2026-11-02T11:30:00Z");
  run(0, {"overdue", "--notify"});
  CHECK(leads_notices() == "1");
  // the next day its resolve clock runs out too: a new breach, one more message
  when("2026-11-03T09:30:00Z");
  run(0, {"overdue", "--notify"});
  CHECK(leads_notices() == "2");
  run(0, {"overdue", "--notify"});
  CHECK(leads_notices() == "2");
  // From cron, with -q: the notices are the work, nothing is printed.
  Run quiet = run_sep(0, {"-q", "overdue", "--notify"});
  CHECK(quiet.output.empty());
  CHECK(quiet.err.empty());
}

TEST_CASE_FIXTURE(Overdue, "overdue and stats with [hours]: working time only, and a claim is no response (issue 15)") {
  write_file(".tier/config.toml", read_file(".tier/config.toml") + R"(
[hours]
days = ["mon", "tue", "wed", "thu", "fri"]
start = "09:00"
end = "17:00"
)");
  commit_by_hand("business hours");
  const std::string dana = "dana.ruiz@milne.example.edu";
  when("2026-11-27T18:00:00Z");  // a Friday evening
  const std::string F = tier({"create", "--title", "Laptop will not boot", "--email", dana});
  when("2026-11-27T18:05:00Z");
  tier({"-q", "claim", F});
  // Monday 12:59: 3h 59m of working time, the claim no reply.
  when("2026-11-30T12:59:00Z");
  Run r = run_sep(0, {"overdue"});
  CHECK((r.output.empty() && r.err.empty()));
  when("2026-11-30T13:30:00Z");
  r = run(0, {"overdue"});
  EXPECT_TEXT(r.output, expand(R"(ID          PRIORITY  GROUP         ASSIGNEE  CLOCK    DUE                   OVERDUE  TITLE
$F  normal    service-desk  alice     respond  2026-11-30 13:00 UTC  30m      Laptop will not boot)", {{"F", F}}));
  when("2026-11-30T14:00:00Z");
  tier({"-q", "comment", F, "-m", "Bring it to room 2.14"});
  when("2026-11-30T16:00:00Z");
  tier({"-q", "resolve", F, "-m", "Replaced the disk"});
  // Friday 18:00 to Monday 14:00 is 5 working hours, to 16:00 seven; 5h is past the 4h to respond.
  r = run(0, {"stats", "--json"});
  CHECK(contains(r.output, R"("first_response_mean":18000,)"));
  CHECK(contains(r.output, R"("resolution_mean":25200,)"));
  CHECK(r.output.ends_with(R"("sla_compliance":0})"));
  r = run(0, {"export", "--format", "csv", "--metrics"});
  CHECK(r.output.ends_with(",2026-11-30T14:00:00Z,18000,2026-11-30T16:00:00Z,2026-11-30T16:00:00Z,25200,0,1,,0\r"));
}

}  // namespace tier::test
