// The hidden `tier __complete KIND [PREFIX]` that the completion scripts
// call, and `tier completion` refusing a shell it has no script for.
// (Moved from tests/e2e/completion.bats; the scripts driven by bash, zsh
// and fish stay there.)

#include <algorithm>
#include <cctype>
#include <vector>

#include "driver.hpp"

namespace tier::test {
namespace {

std::string sorted_lines(std::vector<std::string> lines) {
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

std::string upper(std::string s) {
  for (auto& c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

struct Completion : Sandbox {
  std::string ID1, ID2, IDS;
  Completion() {
    new_store();
    set("TIER_NOW", "2026-11-23T09:00:00Z");
    ID1 = tier({"create", "--title", "Wi-Fi drops", "--email", "dana.ruiz@milne.example.edu"});
    ID2 = tier({"create", "--title", "Printer jams", "--email", "lee@strand.example.edu", "--category", "printing"});
    IDS = sorted_lines({ID1, ID2});
  }
};

}  // namespace

TEST_CASE_FIXTURE(Completion, "completion: __complete: values one a line, silent without a store, hidden from help") {
  Run r = run_sep(0, {"__complete", "groups"});
  EXPECT_TEXT(r.output, "cn-accounts\ncx-tier2\nservice-desk");
  // Agents by address and by the short name of [agents].
  r = run_sep(0, {"__complete", "agents", "--", "er"});
  EXPECT_TEXT(r.output, "erin\nerin@example.edu");
  r = run_sep(0, {"__complete", "ids", "--", "zzzz"});
  CHECK((r.output.empty() && r.err.empty()));
  cd(tmp());
  r = run_sep(0, {"__complete", "ids"});
  CHECK((r.output.empty() && r.err.empty()));
  r = run(0, {"--help"});
  CHECK(!contains(r.output, "__complete"));
  CHECK(contains(r.output, "completion"));
}

TEST_CASE_FIXTURE(Completion, "completion: __complete ids: from the fan-out directory the prefix names, in any case") {
  // A twin of ID1 in ID1's own directory, committed by hand.
  const std::string twin = ID1.substr(0, 4) + "zzzz";
  sh_out("sed 's/" + ID1 + "/" + twin + "/' '" + ticket_file(ID1) + "' >'" + ticket_file(twin) + "'");
  commit_by_hand("a twin");
  const std::string all = sorted_lines({ID1, ID2, twin});
  EXPECT_TEXT(run(0, {"__complete", "ids"}).output, all);
  EXPECT_TEXT(run(0, {"__complete", "ids", "--", "t"}).output, all);
  EXPECT_TEXT(run(0, {"__complete", "ids", "--", "T-"}).output, all);
  // By the directory: ID2 too only when it shares it.
  const std::string dir = ID1.substr(2, 2);
  std::string want = sorted_lines({ID1, twin});
  if (ID2.substr(2, 2) == dir) want = all;
  EXPECT_TEXT(run(0, {"__complete", "ids", "--", dir}).output, want);
  EXPECT_TEXT(run(0, {"__complete", "ids", "--", "T-" + upper(dir)}).output, want);
  CHECK(run(0, {"__complete", "ids", "--", twin.substr(2, 8)}).output == twin);
}

TEST_CASE_FIXTURE(Completion, "completion: an unknown shell is a usage error") {
  Run r = run_sep(2, {"completion", "tcsh"});
  CHECK(r.output.empty());
  CHECK(r.err.starts_with("tier: error: "));
  CHECK(contains(r.err, "tcsh"));
}

}  // namespace tier::test
