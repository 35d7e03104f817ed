// tier search: ranking, phrases, field terms, filters, private notes, the
// JSON hits, no results, bad queries, and an index that follows new
// comments, edits and bad files. (Moved from tests/e2e/search.bats; the
// highlight on a terminal and the index after a pull and a sync stay there.)
//
// The desk (made once, its ids in the file .git/ids):
//   P  new       printing  "Printer jams on tray 2"              create text "Every second page jams."
//   M  open      hardware  "Monitor flickers"                    comment "The printer beside it works fine."
//   W  escalated network   "Laptop drops Wi-Fi"                  template LT-20931, private note on RADIUS
//   R  resolved  printing  "Paper jam in the basement printer"   resolution "Cleared the paper jam ..."
//   J  new       hardware  "Scanner stuck"                       "The paper feed is fine but there is a jam ..."

#include <filesystem>
#include <set>
#include <sstream>

#include <sqlite3.h>

#include "driver.hpp"

namespace tier::test {
namespace {

struct Desk : Sandbox {
  std::string P, M, W, R, J;

  Desk() {
    copy_of_template("search-desk", [this](const std::string& dir) {
      new_store(dir);
      set("TIER_NOW", "2026-11-23T09:00:00Z");
      const std::string p = tier({"create", "--title", "Printer jams on tray 2", "--email",
                                  "dana.ruiz@milne.example.edu", "--category", "printing", "-m",
                                  "Every second page jams."});
      const std::string m =
          tier({"create", "--title", "Monitor flickers", "--email", "lee@strand.example.edu", "--category", "hardware"});
      tier({"-q", "claim", m});
      tier({"-q", "comment", m, "-m", "The printer beside it works fine."});
      const std::string w = tier({"create", "--title", "Laptop drops Wi-Fi", "--email", "dana.ruiz@milne.example.edu",
                                  "--category", "network"});
      tier({"-q", "claim", w});
      tier({"-q", "escalate", w, "-m", "RADIUS certificate expired on the controller.", "--asset", "LT-20931",
            "--location", "Strand Ag B12", "--symptoms", "802.1X timeouts", "--tried", "Forgot the network",
            "--connection", "wireless"});
      const std::string r = tier({"create", "--title", "Paper jam in the basement printer", "--email",
                                  "sam@hollis.example.org", "--category", "printing"});
      tier({"-q", "claim", r});
      tier({"-q", "resolve", r, "-m", "Cleared the paper jam and replaced the pickup roller."});
      const std::string j = tier({"create", "--title", "Scanner stuck", "--email", "lee@strand.example.edu",
                                  "--category", "hardware", "-m",
                                  "The paper feed is fine but there is a jam in the output tray."});
      write_file(dir + "/.git/ids", p + "\n" + m + "\n" + w + "\n" + r + "\n" + j + "\n");
      sh_out("rm -f '" + dir + "/.git/tier/cache.sqlite'*");
    });
    std::istringstream ids(read_file(".git/ids"));
    ids >> P >> M >> W >> R >> J;
    set("TIER_NOW", "2026-11-23T12:00:00Z");
  }

  Vars v() const { return {{"P", P}, {"M", M}, {"W", W}, {"R", R}, {"J", J}}; }

  Run ids(const Args& query) { return run(0, Args{"search", "--format", "ids"} + query); }
};

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE_FIXTURE(Desk, "search: the desk is a valid store") {
  Run r = run_sep(0, {"check"});
  CHECK(r.output.empty());
}

TEST_CASE_FIXTURE(Desk, "search: a title match outranks a comment match") {
  Run r = run_sep(0, {"search", "--format", "ids", "printer"});
  CHECK(r.err.empty());
  EXPECT_TEXT(r.output, expand("$P\n$R\n$M", v()));
}

TEST_CASE_FIXTURE(Desk, "search: the table: id, status, group, title and the matching text of the log, else of the title") {
  Run r = run_sep(0, {"search", "jam"});
  CHECK(r.err.empty());
  EXPECT_TEXT(r.output, expand(R"(ID          STATUS    GROUP         TITLE                              MATCH
$P  new       service-desk  Printer jams on tray 2             Every second page jams.
$R  resolved  service-desk  Paper jam in the basement printer  Cleared the paper jam and replaced the pickup roller.
$J  new       service-desk  Scanner stuck                      The paper feed is fine but there is a jam in the...)",
                               v()));
}

TEST_CASE_FIXTURE(Desk, "search: words match in any order and inflection; a phrase only as written") {
  EXPECT_TEXT(ids({"paper", "jam"}).output, expand("$R\n$J", v()));
  EXPECT_TEXT(ids({"jammed", "PAPER"}).output, expand("$R\n$J", v()));
  EXPECT_TEXT(ids({"\"paper jam\""}).output, R);
  CHECK(ids({"\"jam paper\""}).output.empty());
  // A word with punctuation matches its parts in sequence.
  EXPECT_TEXT(ids({"lt-20931"}).output, W);
}

TEST_CASE_FIXTURE(Desk, "search: title: terms search the title only") {
  EXPECT_TEXT(ids({"title:printer"}).output, expand("$P\n$R", v()));
  EXPECT_TEXT(ids({"title:\"paper jam\""}).output, R);
}

TEST_CASE_FIXTURE(Desk, "search: field terms filter as the options do") {
  EXPECT_TEXT(ids({"status:resolved", "printer"}).output, R);
  EXPECT_TEXT(ids({"category:hardware", "printer"}).output, M);
  EXPECT_TEXT(ids({"status:new", "status:open", "printer"}).output, expand("$P\n$M", v()));
  EXPECT_TEXT(ids({"assignee:ALICE@example.edu", "printer"}).output, expand("$R\n$M", v()));
  EXPECT_TEXT(ids({"org:hollis", "group:service-desk", "priority:normal", "owner:alice@example.edu", "jam"}).output, R);
  CHECK(ids({"error:0x80070005"}).output.empty());
}

TEST_CASE_FIXTURE(Desk, "search: the options of tier list filter the hits") {
  EXPECT_TEXT(ids({"--status", "resolved", "printer", "jam"}).output, R);
  EXPECT_TEXT(ids({"--status", "new", "--status", "resolved", "printer"}).output, expand("$P\n$R", v()));
  EXPECT_TEXT(ids({"--mine", "printer"}).output, expand("$R\n$M", v()));
  EXPECT_TEXT(ids({"--unassigned", "printer"}).output, P);
  EXPECT_TEXT(ids({"--tier", "2", "--group", "cx-tier2", "--org", "milne", "--category", "network", "--priority",
                   "normal", "radius"})
                  .output,
              W);
  CHECK(ids({"--owner", "alice@example.edu", "--tag", "none", "printer"}).output.empty());
  EXPECT_TEXT(ids({"--limit", "1", "printer"}).output, P);
  CHECK(ids({"--limit", "0", "printer"}).lines().size() == 3);
  Run r = run_sep(2, {"search", "--group", "cx-tier2", "group:service-desk", "printer"});
  EXPECT_TEXT(r.err, "tier: error: 'group' is given twice: 'service-desk' and 'cx-tier2'");
}

TEST_CASE_FIXTURE(Desk, "search: private notes and the template are searched") {
  EXPECT_TEXT(ids({"radius", "certificate"}).output, W);
  EXPECT_TEXT(ids({"strand ag b12", "wireless"}).output, W);
}

TEST_CASE_FIXTURE(Desk, "search --json: each hit is the object of tier list --json plus score and snippet, less sla_left") {
  Run r = run_sep(0, {"search", "--json", "printer"});
  CHECK(r.err.empty());
  const std::string hits_text = r.output;
  r = run(0, {"list", "--json"});
  const Json hits = Json::parse(hits_text);
  std::map<std::string, Json> rows;
  for (const auto& row : Json::parse(r.output).elements()) rows.emplace(row["id"].str(), row);
  std::vector<std::string> order;
  for (const auto& h : hits.elements()) order.push_back(h["id"].str());
  CHECK(order == std::vector<std::string>{P, R, M});
  for (const auto& h : hits.elements()) {
    const Json row = rows.at(h["id"].str()).without("sla_left");
    std::set<std::string> keys, want{"score", "snippet"};
    for (const auto& k : h.keys()) keys.insert(k);
    for (const auto& k : row.keys()) want.insert(k);
    CHECK(keys == want);
    const Json rest = h.without("score").without("snippet");
    CHECK(rest == row);
    CHECK(h["score"].is_float());
    CHECK(h["score"].number() > 0);
    REQUIRE(h["snippet"].is_string());
    CHECK(!contains(h["snippet"].str(), "\x02"));
    CHECK(!contains(h["snippet"].str(), "\x03"));
  }
  CHECK(hits[0]["score"].number() >= hits[1]["score"].number());
  CHECK(hits[1]["score"].number() >= hits[2]["score"].number());
  CHECK(hits[0]["snippet"].str() == "Printer jams on tray 2");
  CHECK(hits[2]["snippet"].str() == "The printer beside it works fine.");
  r = run(0, {"search", "--format", "json", "printer"});
  CHECK(r.output == hits_text);
  r = run(0, {"search", "--format", "ndjson", "printer"});
  CHECK(is_ndjson(r.output));
  CHECK(r.lines().size() == 3);
  std::string joined;
  for (const auto& l : r.lines()) joined += (joined.empty() ? "" : ",") + l;
  CHECK("[" + joined + "]" == hits_text);
}

TEST_CASE_FIXTURE(Desk, "search: no results: exit 0, nothing on stdout, [] with --json") {
  Run r = run_sep(0, {"search", "toner"});
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, "no tickets match");
  r = run_sep(0, {"-q", "search", "toner"});
  CHECK((r.output.empty() && r.err.empty()));
  r = run_sep(0, {"search", "--json", "toner"});
  CHECK((r.output == "[]" && r.err.empty()));
  r = run_sep(0, {"search", "--format", "ndjson", "toner"});
  CHECK((r.output.empty() && r.err.empty()));
  r = run_sep(0, {"search", "--format", "ids", "toner"});
  CHECK((r.output.empty() && r.err.empty()));
}

TEST_CASE_FIXTURE(Desk, "search: an empty or invalid query exits 2") {
  Run r = run_sep(2, {"search", ""});
  EXPECT_TEXT(r.err, R"(tier: error: the query has no words to search for
hint: to filter tickets without searching their text, use 'tier list')");
  r = run_sep(2, {"search", "status:new"});
  EXPECT_TEXT(r.err, R"(tier: error: the query has no words to search for
hint: to filter tickets without searching their text, use 'tier list')");
  r = run_sep(2, {"search", "--", "-", "+"});
  CHECK(r.stderr_line(0) == "tier: error: the query has no words to search for");
  r = run_sep(2, {"search", "--", "-", "*"});
  EXPECT_TEXT(r.err, R"(tier: error: '*' needs the start of a word before it
hint: a prefix is written like print*)");
  r = run_sep(2, {"search", "\"paper jam"});
  EXPECT_TEXT(r.err, R"(tier: error: unterminated '"' in the query
hint: end the phrase with another '"')");
  r = run_sep(2, {"search", "status:opne", "printer"});
  CHECK(r.stderr_line(0) == "tier: error: unknown status 'opne'");
  r = run_sep(2, {"search", "group:", "printer"});
  CHECK(r.stderr_line(0) == "tier: error: no value for 'group:'");
  r = run_sep(2, {"search", "--json", ""});
  CHECK(r.output.empty());
  CHECK(contains(r.err, "\"code\":2"));
  run(2, {"search"});
  run(2, {"search", "--limit", "-1", "printer"});
  run(2, {"search", "--format", "csv", "printer"});
}

TEST_CASE_FIXTURE(Desk, "search: FTS5 syntax in a query is only words") {
  // As operators, OR would find all three and NOT would hide R; as words, they match nothing.
  CHECK(ids({"printer", "OR", "monitor"}).output.empty());
  CHECK(ids({"printer", "NOT", "basement"}).output.empty());
  CHECK(ids({"--", "-printer", "jams*", "^tray", "(2)", "\"", "\"", "AND"}).output.empty());
  EXPECT_TEXT(ids({"--", "-printer", "jams*", "^tray", "(2)", "\"", "\""}).output, P);
  CHECK(ids({"NEAR(printer", "jam's", "\"a\"\"b\""}).output.empty());
  CHECK(ids({"details:jam", "log:", "{title}:jam"}).output.empty());
}

TEST_CASE_FIXTURE(Desk, "search: the index follows new comments and edits") {
  CHECK(ids({"toner"}).output.empty());
  tier({"-q", "comment", M, "-m", "Toner smudges on the printouts too."});
  EXPECT_TEXT(ids({"toner"}).output, M);
  tier({"-q", "--agent", "carol@example.edu", "edit", P, "--title", "Tray 2 feeds two sheets at once"});
  EXPECT_TEXT(ids({"title:printer"}).output, R);
  EXPECT_TEXT(ids({"sheets"}).output, P);
  // A listing brings the index up to date too; the next search finds it ready.
  tier({"-q", "comment", J, "-m", "Lid hinge worn."});
  tier({"list"});
  EXPECT_TEXT(ids({"hinge"}).output, J);
}

TEST_CASE_FIXTURE(Desk, "search: a malformed ticket file does not hide the others") {
  std::filesystem::create_directories("tickets/zz");
  write_file("tickets/zz/T-zzzz0001.toml", "format = 1\nid = \"T-zzzz0001\"\ntitle = \"Printer broken\n");
  commit_by_hand("a broken ticket");
  Run r = run_sep(0, {"search", "--format", "ids", "printer"});
  EXPECT_TEXT(r.output, expand("$P\n$R\n$M", v()));
  CHECK(r.err.starts_with("tier: warning: tickets/zz/T-zzzz0001.toml:3:"));
  // A header that reads with a log that does not: found by its title only.
  const std::string file = ticket_file(J);
  write_file(file, read_file(file) + "\n[[log]]\nat = 2026-11-23T13:00:00Z\nby = \"alice@example.edu\"\nevent = \"bogus\"\n");
  commit_by_hand("a broken log");
  r = run_sep(0, {"search", "--format", "ids", "scanner"});
  EXPECT_TEXT(r.output, J);
  r = run_sep(0, {"search", "--format", "ids", "output", "tray"});
  CHECK(r.output.empty());
}

TEST_CASE_FIXTURE(Desk, "search: the index is rebuilt when the cache is deleted or from an older version") {
  EXPECT_TEXT(ids({"radius"}).output, W);
  sh_out("rm -f .git/tier/cache.sqlite*");
  EXPECT_TEXT(ids({"radius"}).output, W);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(".git/tier/cache.sqlite", &db) == SQLITE_OK);
  CHECK(sqlite3_exec(db, "PRAGMA user_version=1", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  EXPECT_TEXT(ids({"radius"}).output, W);
}

}  // namespace tier::test
