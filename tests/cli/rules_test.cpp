// No frozen tickets (a lead moves a pending ticket, with a note), and search
// that finds however a word is written. The rules themselves are tested in
// memory (tests/unit/workflow_test.cpp, search_test.cpp, view_test.cpp);
// these prove the wiring, with a fixed clock, in New York time. (Moved from
// tests/e2e/rules.bats; the push a hook refuses, the README's example run by
// bash and the editor's template on a terminal stay there.)

#include <algorithm>

#include "driver.hpp"

namespace tier::test {
namespace {

struct Rules : Sandbox {
  Rules() {
    set("TZ", "America/New_York");  // a zone with daylight saving time, as a desk's
    new_store();
  }

  // A ticket claimed by alice and set pending, waiting on the requester;
  // gives its id.
  std::string pending_ticket() {
    set("TIER_NOW", "2026-12-04T09:00:00Z");
    const std::string id = tier({"create", "--title", "Laptop drops Wi-Fi", "--email", "dana.ruiz@milne.example.edu"});
    set("TIER_NOW", "2026-12-04T09:05:00Z");
    tier({"-q", "claim", id});
    set("TIER_NOW", "2026-12-04T09:10:00Z");
    tier({"-q", "comment", id, "--pending", "-m", "Does a cable help?"});
    return id;
  }
};

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string sorted_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

}  // namespace

TEST_CASE_FIXTURE(Rules,
                  "rules: a lead releases a pending ticket with a private note; the assignee and a member are refused") {
  const std::string ID = pending_ticket();
  const Vars v{{"ID", ID}};
  set("TIER_NOW", "2026-12-04T10:00:00Z");
  Run r = run_sep(5, {"release", ID, "-m", "I am off"});
  EXPECT_TEXT(r.err, expand(R"(tier: error: refused by rule 'not-lead': '$ID' is pending: only a lead of 'service-desk' or an admin may release it
hint: ask a lead of 'service-desk')",
                            v));
  r = run_sep(5, {"--agent", "bob@example.edu", "release", ID, "-m", "Alice is away"});
  CHECK(r.err.starts_with("tier: error: refused by rule 'not-lead': "));
  r = run_sep(5, {"--agent", "carol@example.edu", "release", ID});
  EXPECT_TEXT(r.err, expand(R"(tier: error: refused by rule 'note-required': moving the pending ticket '$ID' needs a note saying why
hint: give it with -m)",
                            v));
  CHECK(entry_count(ID) == 3);
  r = run_sep(0, {"--agent", "carol@example.edu", "release", ID, "-m", "Alice is on leave until Monday"});
  CHECK(r.err == "released " + ID + " to the queue of service-desk");
  r = ticket_fields(ID, {"status", "assignee", "owner"});
  CHECK(r.status == 0);
  EXPECT_TEXT(r.output, R"(status=new
assignee=
owner=alice@example.edu)");
  r = sh(0, "git show 'HEAD:" + ticket_file(ID) + "'");
  CHECK(contains(r.output, R"(
[[log]]
at = 2026-12-04T10:00:00Z
by = "carol@example.edu"
event = "release"
visibility = "private"
text = "Alice is on leave until Monday")"));
  // Private: never in what the requester sees.
  r = run(0, {"show", ID, "--as-requester"});
  CHECK(!contains(r.output, "on leave"));
  run(0, {"check"});
}

TEST_CASE_FIXTURE(Rules,
                  "rules: a lead assigns a pending ticket, an admin escalates one, each with a note from -m or --file") {
  const std::string ID = pending_ticket();
  set("TIER_NOW", "2026-12-04T10:00:00Z");
  Run r = run_sep(5, {"--agent", "carol@example.edu", "assign", ID, "carol@example.edu"});
  CHECK(r.err.starts_with("tier: error: refused by rule 'note-required': "));
  write_file("why.txt", "Alice is on leave\n");
  r = run_sep(0, {"--agent", "carol@example.edu", "assign", ID, "carol@example.edu", "--file", "why.txt"});
  CHECK(r.err == "assigned " + ID + " to carol@example.edu");
  r = ticket_fields(ID, {"status", "assignee", "owner"});
  CHECK(r.status == 0);
  EXPECT_TEXT(r.output, R"(status=open
assignee=carol@example.edu
owner=alice@example.edu)");
  const std::string ID2 = pending_ticket();
  set("TIER_NOW", "2026-12-04T10:30:00Z");
  r = run_sep(5, {"escalate", ID2, "-m", "Needs RADIUS", "--asset", "LT-1", "--location", "B12", "--symptoms", "drops",
                  "--tried", "reboot", "--connection", "wireless"});
  CHECK(r.err.starts_with("tier: error: refused by rule 'not-lead': '" + ID2 +
                          "' is pending: only a lead of 'service-desk' or an admin may escalate it\n"));
  r = run_sep(0, {"--agent", "it-admin@example.edu", "escalate", ID2, "-m", "Alice is away; needs RADIUS", "--asset",
                  "LT-1", "--location", "B12", "--symptoms", "drops", "--tried", "reboot", "--connection", "wireless"});
  CHECK(r.err == "escalated " + ID2 + " to cx-tier2 (tier 2), in its queue");
  r = ticket_fields(ID2, {"status", "group", "escalations"});
  CHECK(r.status == 0);
  EXPECT_TEXT(r.output, R"(status=escalated
group=cx-tier2
escalations=1)");
  // An open ticket's assignee releases it, a note being optional.
  set("TIER_NOW", "2026-12-04T11:00:00Z");
  run(0, {"--agent", "carol@example.edu", "release", ID, "-q"});
  run(0, {"check"});
}

TEST_CASE_FIXTURE(Rules, "rules: search folds case, accents and joined words, and takes prefixes") {
  set("TIER_NOW", "2026-12-04T09:00:00Z");
  const std::string W = tier({"create", "--title", "Laptop drops Wi-Fi", "--email", "dana.ruiz@milne.example.edu",
                              "-m", "Every ten minutes"});
  const std::string P =
      tier({"create", "--title", "Printer jams in the Café", "--email", "dana.ruiz@milne.example.edu"});
  const std::string R = tier({"create", "--title", "Printing is slow", "--email", "dana.ruiz@milne.example.edu",
                              "--asset", "LT-20931"});
  for (const char* q : {"wifi", "wi-fi", "Wi-Fi", "WiFi", "wi\u2011fi", "WIFI", "\"wi-fi\"", "wifi drops",
                              "title:wif*", "fi"}) {
    Run r = run(0, {"search", "--format", "ids", q});
    CHECK_MESSAGE(r.output == W, "query '" << q << "' gave '" << r.output << "'");
  }
  for (const char* q : {"cafe", "café", "CAFE"}) {
    Run r = run(0, {"search", "--format", "ids", q});
    CHECK_MESSAGE(r.output == P, "query '" << q << "' gave '" << r.output << "'");
  }
  Run r = run(0, {"search", "--format", "ids", "lt20931"});
  CHECK(r.output == R);
  r = run(0, {"search", "--format", "ids", "print*"});
  CHECK(sorted_lines(r.output) == sorted_lines(P + "\n" + R));
  r = run(0, {"search", "--format", "ids", "print"});
  CHECK(r.output == R);
  r = run_sep(2, {"search", "*"});
  EXPECT_TEXT(r.err, R"(tier: error: '*' needs the start of a word before it
hint: a prefix is written like print*)");
  run(2, {"search", "wifi", "-*"});
}

}  // namespace tier::test
