// A queue that triages: the organization, age and service-level time left
// in list and queue, sorted by it; claim --next; tables cut to the width
// COLUMNS gives. The time left itself is core's sla_left()
// (tests/unit/metrics_test.cpp). (Moved from tests/e2e/queue.bats; the
// colour and the pager on a terminal stay there.)

#include <cstddef>

#include "driver.hpp"

namespace tier::test {
namespace {

// Three tickets in the service desk's queue, at 09:00, 09:30 and 10:00: a
// normal one (4h to respond), an urgent one (15m) and a low one (1d); now
// is 10:00. Made once and copied for each case.
struct Three : Sandbox {
  std::string A, B, C;
  Vars ids;

  Three() {
    copy_of_template("queue-three", [this](const std::string& dir) {
      new_store(dir);
      set("TIER_NOW", "2026-11-23T09:00:00Z");
      const std::string a =
          tier({"create", "--title", "Printer jams on tray 2", "--email", "dana.ruiz@milne.example.edu"});
      set("TIER_NOW", "2026-11-23T09:30:00Z");
      const std::string b = tier({"create", "--title", "Projector shows no signal", "--priority", "urgent", "--email",
                                  "lee@strand.example.edu"});
      set("TIER_NOW", "2026-11-23T10:00:00Z");
      const std::string c = tier({"create", "--title", "Toner for the second floor", "--priority", "low", "--email",
                                  "sam@hollis.example.org"});
      write_file(dir + "/.git/ids", a + "\n" + b + "\n" + c + "\n");
    });
    const std::string text = read_file(".git/ids");
    A = text.substr(0, text.find('\n'));
    B = text.substr(A.size() + 1, A.size());
    C = text.substr(2 * (A.size() + 1), A.size());
    ids = {{"A", A}, {"B", B}, {"C", C}};
    set("TIER_NOW", "2026-11-23T10:00:00Z");
  }
};

// What `LC_ALL=C.UTF-8 wc -m` counts: the characters of UTF-8 text.
std::size_t characters(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace

TEST_CASE_FIXTURE(Three, "queue: organization, age and time left, the least time left first; breached shown with a minus") {
  Run r = run(0, {"queue"});
  EXPECT_TEXT(r.output, expand(R"(ID          PRI     ORG     AGE  LEFT  TITLE
$B  urgent  strand  30m  -15m  Projector shows no signal
$A  normal  milne   1h   3h    Printer jams on tray 2
$C  low     hollis  0m   1d    Toner for the second floor)",
                               ids));
  r = run(0, {"queue", "--sort", "age", "--format", "ids"});
  EXPECT_TEXT(r.output, expand("$A\n$B\n$C", ids));
  r = run(0, {"queue", "--sort", "-left", "--format", "ids"});
  EXPECT_TEXT(r.output, expand("$C\n$A\n$B", ids));
  // Later, the clocks have run on; pending stops them.
  tier({"-q", "claim", A});
  tier({"-q", "comment", A, "--pending", "-m", "Which printer?"});
  set("TIER_NOW", "2026-11-23T15:00:00Z");
  r = run(0, {"list"});
  EXPECT_TEXT(r.output, expand(R"(ID          STATUS   PRI     ORG     AGE    LEFT    ASSIGNEE  TITLE
$B  new      urgent  strand  5h30m  -5h15m  -         Projector shows no signal
$C  new      low     hollis  5h     19h     -         Toner for the second floor
$A  pending  normal  milne   6h     2d23h   alice     Printer jams on tray 2)",
                               ids));
}

TEST_CASE_FIXTURE(Three, "queue: list --json, ndjson and csv: sla_left in seconds, negative when late, null without a clock") {
  Run r = run(0, {"list", "--format", "ndjson"});
  CHECK(like(r.line(0), "*\"id\":\"" + B + "\"*\"sla_left\":-900}"));
  CHECK(like(r.line(1), "*\"id\":\"" + A + "\"*\"sla_left\":10800}"));
  CHECK(like(r.line(2), "*\"id\":\"" + C + "\"*\"sla_left\":86400}"));
  tier({"-q", "claim", A});
  tier({"-q", "resolve", A, "-m", "Cleared the jam"});
  r = run(0, {"list", "--json", "--sort", "age"});
  CHECK(like(r.output, "*\"id\":\"" + A + "\"*\"sla_left\":null}*"));
  r = run(0, {"list", "--format", "csv", "--sort", "age"});
  CHECK(r.line(0).ends_with(",title,sla_left"));
  CHECK(like(r.line(1), A + ",*,Printer jams on tray 2,"));
  CHECK(like(r.line(2), B + ",*,Projector shows no signal,-900"));
}

TEST_CASE_FIXTURE(Three, "queue: overdue: each breach with the ticket's title") {
  Run r = run(0, {"overdue"});
  EXPECT_TEXT(r.output,
              expand(R"(ID          PRIORITY  GROUP         ASSIGNEE  CLOCK    DUE                   OVERDUE  TITLE
$B  urgent    service-desk  -         respond  2026-11-23 09:45 UTC  15m      Projector shows no signal)",
                     ids));
}

TEST_CASE_FIXTURE(Three, "queue: claim --next takes the least time left, --oldest the oldest; nothing left: exit 3") {
  Run r = run_sep(0, {"claim", "--next"});
  CHECK(r.output == B);
  CHECK(r.err == "claimed " + B + ": Projector shows no signal");
  r = run(0, {"-q", "claim", "--next", "--oldest"});
  CHECK(r.output == A);
  r = run(0, {"-q", "claim", "--next"});
  CHECK(r.output == C);
  r = run_sep(3, {"claim", "--next"});
  CHECK(r.output.empty());
  CHECK(r.err == "tier: error: nothing to claim in the queues of 'alice@example.edu'");
  r = run(0, {"list", "--assignee", "alice@example.edu", "--format", "ids", "--sort", "age"});
  EXPECT_TEXT(r.output, expand("$A\n$B\n$C", ids));
  // Only the agent's groups: bob is in cx-tier2, whose queue is empty.
  run(3, {"--agent", "bob@example.edu", "claim", "--next"});
  run(2, {"claim", "--next", A});
  run(2, {"claim", "--oldest"});
}

TEST_CASE_FIXTURE(Three, "queue: tables fit COLUMNS: the title is cut with an ellipsis, rows never wrap") {
  Run r = run(0, {"list"}, {{"COLUMNS", "64"}});
  EXPECT_TEXT(r.output, expand(R"(ID          STATUS  PRI     ORG     AGE  LEFT  ASSIGNEE  TITLE
$B  new     urgent  strand  30m  -15m  -         Projec…
$A  new     normal  milne   1h   3h    -         Printe…
$C  new     low     hollis  0m   1d    -         Toner …)",
                               ids));
  r = run(0, {"list"}, {{"COLUMNS", "60"}});
  CHECK(r.line(0).ends_with("  TI…"));
  CHECK(r.line(1).ends_with("  Pr…"));
  r = run(0, {"queue"}, {{"COLUMNS", "40"}});
  for (const auto& line : r.lines()) CHECK(characters(line) <= 40);
  CHECK(r.line(1).ends_with("…"));
  // Not a number: no limit (stdout is not a terminal).
  r = run(0, {"queue", "--limit", "1"}, {{"COLUMNS", "wide"}});
  CHECK(r.line(1).ends_with("Projector shows no signal"));
}

TEST_CASE_FIXTURE(Sandbox, "queue: age and time left are real time across a daylight saving switch") {
  new_store();
  set("TZ", "America/New_York");
  // New York leaves daylight saving at 06:00 UTC on 2026-11-01: the day has 25 hours.
  set("TIER_NOW", "2026-10-31T12:00:00Z");
  const std::string id =
      tier({"create", "--title", "Scanner offline", "--priority", "low", "--email", "dana.ruiz@milne.example.edu"});
  set("TIER_NOW", "2026-11-02T12:00:00Z");
  Run r = run(0, {"queue"});
  EXPECT_TEXT(r.output, expand(R"(ID          PRI  ORG    AGE  LEFT  TITLE
$id  low  milne  2d   -1d   Scanner offline)",
                               {{"id", id}}));
  r = run(0, {"queue", "--format", "ndjson"});
  CHECK(r.output.ends_with(R"("sla_left":-86400})"));
}

}  // namespace tier::test
