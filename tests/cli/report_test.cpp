// tier report --html without a browser: the file replaced whole, the page
// on standard output, and the usage errors. (Moved from
// tests/e2e/report.bats; the page in a real browser stays there.)
//
// The history of report.bats (times UTC), over three weeks from Monday
// 2026-10-26, made once and copied for each case:
//   P1 milne   printing  created 10-27 09:00, alice claims 09:10, resolves 10:00, rated 4
//   P2 strand  network   high; created 10-28 10:00, carol claims 10:05, escalates 10:30,
//                        bob claims 11:00, hands back 12:00, carol resolves 10-29 09:00, rated 2
//   P3 hollis  hardware  created 11-03 09:00, alice claims, asks (pending) 09:30, the
//                        requester answers 11-04 09:00, alice resolves 11:00; the requester
//                        reopens 11-05 09:00, alice resolves 10:00, rated 5
//   P4 milne   a category that is markup; created 11-10 09:00, nobody takes it
//   P5 strand  network   created 11-10 09:30, alice claims and answers
// Now is Thursday 2026-11-12 12:00.

#include <filesystem>

#include "driver.hpp"

namespace tier::test {
namespace {

struct Report : Sandbox {
  void when(const std::string& t) { set("TIER_NOW", t); }

  Report() {
    copy_of_template("report-history", [this](const std::string& dir) {
      new_store(dir);
      const std::string dana = "dana.ruiz@milne.example.edu", kim = "kim.oduya@strand.example.edu",
                        sam = "sam@hollis.example.org";
      const Args fields = {"--asset", "LT-1", "--location", "B12", "--symptoms", "drops", "--tried", "driver",
                           "--connection", "wireless"};
      when("2026-10-27T09:00:00Z");
      const std::string p1 = tier({"create", "--title", "Printer jams", "--email", dana, "--category", "printing"});
      when("2026-10-27T09:10:00Z");
      tier({"-q", "claim", p1});
      when("2026-10-27T10:00:00Z");
      tier({"-q", "resolve", p1, "-m", "Cleaned the rollers"});
      when("2026-10-27T11:00:00Z");
      tier({"-q", "--agent", dana, "rate", p1, "4"});
      when("2026-10-28T10:00:00Z");
      const std::string p2 = tier(
          Args{"create", "--title", "Wi-Fi drops", "--email", kim, "--category", "network", "--priority", "high"} +
          fields);
      when("2026-10-28T10:05:00Z");
      tier({"-q", "--agent", "carol@example.edu", "claim", p2});
      when("2026-10-28T10:30:00Z");
      tier({"-q", "--agent", "carol@example.edu", "escalate", p2, "-m", "RADIUS side"});
      when("2026-10-28T11:00:00Z");
      tier({"-q", "--agent", "bob@example.edu", "claim", p2});
      when("2026-10-28T12:00:00Z");
      tier({"-q", "--agent", "bob@example.edu", "handback", p2, "-m", "Renewed a certificate"});
      when("2026-10-29T09:00:00Z");
      tier({"-q", "--agent", "carol@example.edu", "resolve", p2, "-m", "Fixed"});
      when("2026-10-29T10:00:00Z");
      tier({"-q", "--agent", kim, "rate", p2, "2"});
      when("2026-11-03T09:00:00Z");
      const std::string p3 = tier({"create", "--title", "Dock dead", "--email", sam, "--category", "hardware"});
      tier({"-q", "claim", p3});
      when("2026-11-03T09:30:00Z");
      tier({"-q", "comment", p3, "-m", "Which model?", "--pending"});
      when("2026-11-04T09:00:00Z");
      tier({"-q", "--agent", sam, "comment", p3, "-m", "WD19"});
      when("2026-11-04T11:00:00Z");
      tier({"-q", "resolve", p3, "-m", "Updated its firmware"});
      when("2026-11-05T09:00:00Z");
      tier({"-q", "--agent", sam, "reopen", p3, "-m", "Dead again"});
      when("2026-11-05T10:00:00Z");
      tier({"-q", "resolve", p3, "-m", "Replaced it"});
      when("2026-11-05T11:00:00Z");
      tier({"-q", "--agent", sam, "rate", p3, "5"});
      when("2026-11-10T09:00:00Z");
      tier({"-q", "create", "--title", "Odd", "--email", dana, "--category", "<script>alert(1)</script>"});
      when("2026-11-10T09:30:00Z");
      const std::string p5 = tier({"create", "--title", "VPN", "--email", kim, "--category", "network"});
      tier({"-q", "claim", p5});
      when("2026-11-10T10:00:00Z");
      tier({"-q", "comment", p5, "-m", "Which client?"});
    });
    when("2026-11-12T12:00:00Z");
  }
};

}  // namespace

TEST_CASE_FIXTURE(Report, "report: the file is replaced whole; a bad period is a usage error") {
  namespace fs = std::filesystem;
  write_file(tmp() + "/r.html", "an older report\n");
  tier({"-q", "report", "--html", tmp() + "/r.html"});
  CHECK(read_file(tmp() + "/r.html").substr(0, 15) == "<!DOCTYPE html>");
  CHECK(!fs::exists(tmp() + "/r.html.tmp"));
  Run r = run(0, {"report", "--html", "-", "--since", "2026-11-09"});
  CHECK((r.line(0) == "<!DOCTYPE html>" && r.lines().back() == "</html>"));
  r = run_sep(2, {"report", "--html", tmp() + "/x.html", "--since", "2026-11-09", "--until", "2026-11-02"});
  EXPECT_TEXT(r.err, R"(tier: error: '--until' is not after '--since'
hint: the report needs a period of some length)");
  r = run_sep(2, {"report", "--since", "30d"});
  CHECK(r.stderr_line(0) == "tier: error: --html is required");
  r = run_sep(1, {"report", "--html", tmp() + "/no/such/dir/r.html"});
  CHECK(r.err == "tier: error: cannot write '" + tmp() + "/no/such/dir/r.html.tmp': No such file or directory");
  CHECK(!fs::exists(tmp() + "/x.html"));
}

}  // namespace tier::test
