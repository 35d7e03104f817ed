// tier day, and `tier` alone: what an agent holds, their queues, what is
// overdue or due today, and what came back to them since they last looked.
// The store's zone is New York, which has daylight saving time. (Moved
// from tests/e2e/day.bats.)

#include <filesystem>

#include "driver.hpp"

namespace tier::test {
namespace {

const std::string mail = "dana.ruiz@milne.example.edu";
const Args fields = {"--asset", "LT-1", "--location", "B12", "--symptoms", "drops", "--tried", "driver",
                     "--connection", "wireless"};

struct Day : Sandbox {
  Day() {
    copy_of_template("day-store", [this](const std::string& dir) {
      new_store(dir);
      sh_out(R"(sed -i 's|^timezone = "UTC"|timezone = "America/New_York"|' .tier/config.toml)");
      sh_out("git commit -q -am 'New York time'");
    });
    set("TZ", "America/New_York");
  }

  void when(const std::string& t) { set("TIER_NOW", t); }
};

// The values of a list of objects, as one compact JSON array of arrays:
// Python's `[[x[k] for k in keys] for x in list]`.
std::string rows_of(const Json& list, const std::vector<std::string>& keys) {
  std::vector<Json> rows;
  for (const Json& x : list.elements()) {
    std::vector<Json> row;
    for (const auto& k : keys) row.push_back(x[k]);
    rows.push_back(Json::array(row));
  }
  return Json::array(rows).dump();
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE_FIXTURE(Day, "day: tier alone shows what I hold, my queue, what is due today and what came back") {
  when("2026-12-04T13:00:00Z");
  const std::string wifi = tier({"create", "--title", "Laptop drops Wi-Fi", "--email", mail});
  when("2026-12-04T13:05:00Z");
  const std::string vpn = tier({"create", "--title", "VPN drops", "--email", mail});
  when("2026-12-04T13:10:00Z");
  const std::string printer = tier({"create", "--title", "Printer jams", "--email", mail, "--priority", "high"});
  when("2026-12-04T13:20:00Z");
  tier({"-q", "claim", wifi});
  tier({"-q", "claim", vpn});
  when("2026-12-04T13:30:00Z");
  tier(Args{"-q", "escalate", vpn, "-m", "RADIUS?"} + fields);
  when("2026-12-04T13:40:00Z");
  tier({"-q", "--agent", "bob@example.edu", "claim", vpn});
  when("2026-12-04T14:00:00Z");
  tier({"-q", "--agent", "bob@example.edu", "handback", vpn, "-m", "Certificate renewed"});
  when("2026-12-04T15:00:00Z");
  Run r = run(0, {});
  EXPECT_TEXT(r.output, expand(R"(Your day, Alice Adams <alice@example.edu>, 2026-12-04 10:00 EST

Held by you: 2 open
ID          STATUS  PRI     GROUP         TITLE
$wifi  open    normal  service-desk  Laptop drops Wi-Fi
$vpn  open    normal  service-desk  VPN drops

Your queues
GROUP         NEW  ESCALATED  OVERDUE
service-desk  1    0          1

Overdue or due today: 3
ID          WHAT     DUE                   LEFT   TITLE
$printer  respond  2026-12-04 09:10 EST  -50m   Printer jams
$wifi  respond  2026-12-04 12:00 EST  2h     Laptop drops Wi-Fi
$vpn  respond  2026-12-04 12:05 EST  2h 5m  VPN drops

Back to you since 2026-12-04 00:00 EST: 1
ID          WHY       WHEN                  BY   TITLE
$vpn  handback  2026-12-04 09:00 EST  bob  VPN drops)",
                               {{"wifi", wifi}, {"vpn", vpn}, {"printer", printer}}));
  // `tier day` is the same, and the look is remembered: nothing is back since.
  when("2026-12-04T15:10:00Z");
  r = run(0, {"day"});
  CHECK(r.lines().back() == "Back to you since 2026-12-04 10:00 EST: nothing");
}

TEST_CASE_FIXTURE(Day, "day: the requester's reply and a lead's assignment come back; my own entries do not") {
  when("2026-12-04T13:00:00Z");
  const std::string wifi = tier({"create", "--title", "Laptop drops Wi-Fi", "--email", mail});
  const std::string other = tier({"create", "--title", "Password", "--email", mail});
  tier({"-q", "claim", wifi});
  Run r = run(0, {"--json", "day"});
  CHECK(Json::parse(r.output)["since"].dump() == R"("2026-12-04T05:00:00Z")");  // midnight in New York
  when("2026-12-04T13:30:00Z");
  tier({"-q", "comment", wifi, "-m", "Which building?"});
  when("2026-12-04T14:00:00Z");
  tier({"-q", "--agent", mail, "comment", wifi, "-m", "Strand, room B12"});
  when("2026-12-04T14:10:00Z");
  tier({"-q", "--agent", "carol@example.edu", "assign", other, "alice@example.edu"});
  when("2026-12-04T15:00:00Z");
  r = run(0, {"--json"});
  CHECK(rows_of(Json::parse(r.output)["back"], {"why", "by", "at"}) ==
        R"([["assigned","carol@example.edu","2026-12-04T14:10:00Z"],["reply","dana.ruiz@milne.example.edu","2026-12-04T14:00:00Z"]])");
  CHECK(Json::parse(r.output)["since"].dump() == R"("2026-12-04T13:00:00Z")");
  // --since looks further back without moving the mark.
  r = run(0, {"--json", "day", "--since", "2026-12-01"});
  CHECK(Json::parse(r.output)["back"].size() == 2);
  r = run(0, {"--json", "day"});
  CHECK(Json::parse(r.output)["back"].size() == 0);
  CHECK(Json::parse(r.output)["since"].dump() == R"("2026-12-04T15:00:00Z")");
}

TEST_CASE_FIXTURE(Day, "day: today ends at local midnight, on the day the clocks go back") {
  // 2026-11-01: 01:00-02:00 comes twice in New York; the day is 25 hours long.
  when("2026-11-01T05:30:00Z");  // 01:30 EDT
  tier({"-q", "create", "--title", "Early", "--email", mail, "--priority", "low"});  // respond 1d: 00:30 EST Monday
  when("2026-11-02T03:00:00Z");                                                      // 22:00 EST, still Sunday
  tier({"-q", "create", "--title", "Late", "--email", mail});                       // respond 4h: 02:00 EST Monday
  when("2026-11-02T04:30:00Z");                                                      // 23:30 EST
  Run r = run(0, {"--json"});
  CHECK(rows_of(Json::parse(r.output)["due"], {"title", "due", "late"}) == "[]");
  // midnight EDT, 25 hours before the next
  CHECK(Json::parse(r.output)["since"].dump() == R"("2026-11-01T04:00:00Z")");
  when("2026-11-02T05:45:00Z");  // 00:45 EST Monday: both fall due today
  r = run(0, {"--json"});
  CHECK(rows_of(Json::parse(r.output)["due"], {"title", "due", "late"}) ==
        R"([["Early","2026-11-02T05:30:00Z",true],["Late","2026-11-02T07:00:00Z",false]])");
}

TEST_CASE_FIXTURE(Day, "day: a visit booked for me today is due; a pending ticket's clocks stand still") {
  when("2026-12-04T13:00:00Z");
  const std::string wifi = tier({"create", "--title", "Laptop drops Wi-Fi", "--email", mail});
  const std::string asked = tier({"create", "--title", "Which printer?", "--email", mail});
  tier({"-q", "claim", asked});
  tier({"-q", "comment", asked, "--pending", "-m", "Which printer is it?"});
  tier({"-q", "--agent", "carol@example.edu", "appoint", wifi, "--at", "2026-12-04T19:00:00Z", "--technician",
        "alice@example.edu", "--place", "Milne 2.14"});
  when("2026-12-04T15:00:00Z");
  Run r = run(0, {"day"});
  CHECK(contains(r.output, "Overdue or due today: 1"));
  CHECK(contains(r.output, wifi + "  visit  2026-12-04 14:00 EST  4h    Laptop drops Wi-Fi"));
  CHECK(contains(r.output, "Held by you: 1 open, 1 pending"));
  CHECK(contains(r.output, wifi + "  appointed  2026-12-04 08:00 EST  carol  Laptop drops Wi-Fi"));
}

TEST_CASE_FIXTURE(Day, "day: tier alone outside a store prints the help on stderr and exits 2") {
  std::filesystem::create_directory(tmp() + "/empty");
  cd(tmp() + "/empty");
  Run r = run_sep(2, {});
  CHECK(r.output.empty());
  CHECK(r.stderr_line(0) == "tier: a help-desk ticket toolkit on git");
  CHECK(contains(r.err, "  day "));
}

}  // namespace tier::test
