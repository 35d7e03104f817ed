// tier comment: public comments and private notes, from -m, a file or
// standard input; one log entry and one commit each. (Moved from
// tests/e2e/comment.bats; the commits are read with git.)


#include "driver.hpp"

namespace tier::test {
namespace {

struct Commented : Sandbox {
  std::string ID, FILE_;
  Commented() {
    new_store();
    set("TIER_NOW", "2026-11-23T10:00:00Z");
    ID = tier({"create", "--title", "Printer jams", "--email", "dana.ruiz@milne.example.edu"});
    FILE_ = ticket_file(ID);
    set("TIER_NOW", "2026-11-23T10:05:00Z");
  }
  Vars v() const { return {{"ID", ID}, {"FILE", FILE_}}; }
};

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

Json last_entry(const std::string& log_json) { return Json::parse(log_json).back(); }

}  // namespace

TEST_CASE_FIXTURE(Commented, "comment: a public comment: one entry, one commit, clean work tree") {
  const std::string before = sh_out("git rev-parse HEAD");
  Run r = run_sep(0, {"comment", ID, "-m", "We are looking at it."});
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, expand("comment added to $ID", v()));
  CHECK(sh_out("git rev-parse HEAD^") == before);
  r = sh(0, "git log -1 --format=%B");
  EXPECT_TEXT(r.output, expand(R"(comment $ID: Printer jams

Tier-Op: comment
Tier-Ticket: $ID)", v()));
  r = sh(0, "git show --name-only --format= HEAD");
  CHECK(r.output == FILE_);
  r = sh(0, "tail -n 6 '" + FILE_ + "'");
  EXPECT_TEXT(r.output, R"([[log]]
at = 2026-11-23T10:05:00Z
by = "alice@example.edu"
event = "comment"
visibility = "public"
text = "We are looking at it.")");
  r = sh(0, "grep '^updated = ' '" + FILE_ + "'");
  CHECK(r.output == "updated = 2026-11-23T10:05:00Z");
  expect_clean_status();
  run(0, {"check"});
}

TEST_CASE_FIXTURE(Commented, "comment: a private note is marked private in the file, the log and show") {
  Run r = run_sep(0, {"comment", ID.substr(2, 4), "--private", "-m", "The RADIUS server again."});
  EXPECT_TEXT(r.err, expand("private note added to $ID", v()));
  r = sh(0, "tail -n 6 '" + FILE_ + "'");
  EXPECT_TEXT(r.output, R"([[log]]
at = 2026-11-23T10:05:00Z
by = "alice@example.edu"
event = "comment"
visibility = "private"
text = "The RADIUS server again.")");
  r = run(0, {"log", ID});
  EXPECT_TEXT(r.output, R"(2026-11-23 10:00 UTC  alice@example.edu  create in service-desk
2026-11-23 10:05 UTC  alice@example.edu  comment  [private]
    The RADIUS server again.)");
  r = run(0, {"show", ID, "--as-requester"});
  CHECK(!contains(r.output, "RADIUS"));
}

TEST_CASE_FIXTURE(Commented, "comment: a multi-line comment is kept as written, trailing blank lines trimmed") {
  run(0, {"comment", ID, "-m", "Please try:\n  1. restart\n  2. \"\"\"reseat\"\"\" the tray\n\n"});
  Run r = sh(0, "tail -n 9 '" + FILE_ + "'");
  EXPECT_TEXT(r.output, R"x([[log]]
at = 2026-11-23T10:05:00Z
by = "alice@example.edu"
event = "comment"
visibility = "public"
text = """
Please try:
  1. restart
  2. ""\"reseat""\" the tray""")x");
  r = run(0, {"log", ID, "--json"});
  CHECK(last_entry(r.output)["text"].py_repr() == R"('Please try:\n  1. restart\n  2. """reseat""" the tray')");
  run(0, {"check"});
}

TEST_CASE_FIXTURE(Commented, "comment --file F reads the text from a file") {
  write_file("note.txt", "From a file.\nSecond line.\n");
  run(0, {"comment", ID, "--file", "note.txt"});
  Run r = run(0, {"log", ID});
  EXPECT_TEXT(r.output, R"(2026-11-23 10:00 UTC  alice@example.edu  create in service-desk
2026-11-23 10:05 UTC  alice@example.edu  comment
    From a file.
    Second line.)");
}

TEST_CASE_FIXTURE(Commented, "comment --file - reads the text from standard input") {
  run(0, {"comment", ID, "--file", "-", "--private"}, {}, Input::of("From standard input.\n"));
  Run r = run(0, {"log", ID, "--json"});
  const auto e = last_entry(r.output);
  CHECK(e["event"].str() + " " + e["visibility"].str() + " " + e["text"].py_repr() ==
        "comment private 'From standard input.'");
}

TEST_CASE_FIXTURE(Commented, "comment: a file that cannot be read is not found, and nothing is committed") {
  const std::string head = sh_out("git rev-parse HEAD");
  Run r = run_sep(3, {"comment", ID, "--file", "missing.txt"});
  EXPECT_TEXT(r.err, "tier: error: cannot read 'missing.txt'");
  CHECK(sh_out("git rev-parse HEAD") == head);
}

TEST_CASE_FIXTURE(Commented, "comment: without -m or --file, and stdin not a terminal, comment is a usage error") {
  const std::string head = sh_out("git rev-parse HEAD");
  Run r = run_sep(2, {"comment", ID}, {}, Input::from("/dev/null"));
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, "tier: error: the comment needs -m TEXT or --file F when standard input is not a terminal");
  run(2, {"comment", ID}, {}, Input::of("piped text is not read without --file -\n"));
  CHECK(sh_out("git rev-parse HEAD") == head);
  expect_clean_status();
}

TEST_CASE_FIXTURE(Commented, "comment: an empty comment is a usage error and saves nothing") {
  const std::string head = sh_out("git rev-parse HEAD");
  Run r = run_sep(2, {"comment", ID, "-m", "   "});
  EXPECT_TEXT(r.err, "tier: error: the comment is empty; nothing was saved");
  run(2, {"comment", ID, "--file", "-"}, {}, Input::of("\n\n  \n\n"));
  write_file("empty.txt", "");
  run(2, {"comment", ID, "--file", "empty.txt"});
  CHECK(sh_out("git rev-parse HEAD") == head);
}

TEST_CASE_FIXTURE(Commented, "comment: -m and --file exclude each other") {
  write_file("note.txt", "text\n");
  Run r = run_sep(2, {"comment", ID, "-m", "text", "--file", "note.txt"});
  EXPECT_TEXT(r.err, R"(tier: error: --message excludes --file
hint: see 'tier comment --help')");
}

TEST_CASE_FIXTURE(Commented, "comment: the log grows by exactly one entry per comment") {
  for (int n = 1; n <= 5; ++n) {
    const int before = entry_count(ID);
    if (n % 2) tier({"comment", ID, "-m", "comment " + std::to_string(n)});
    else tier({"comment", ID, "--private", "-m", "note " + std::to_string(n)});
    CHECK(entry_count(ID) == before + 1);
  }
  CHECK(entry_count(ID, "comment") == 5);
  CHECK(commit_count() == 7);
  Run r = run(0, {"log", ID, "--json"});
  const Json log = Json::parse(r.output);
  std::string joined;
  for (std::size_t i = 1; i < log.size(); ++i)
    joined += (i > 1 ? " " : "") + log[i].value("visibility", "-") + ":" + log[i].value("text", "");
  CHECK(joined == "public:comment 1 private:note 2 public:comment 3 private:note 4 public:comment 5");
}

TEST_CASE_FIXTURE(Commented, "comment --json prints the ticket; -q prints nothing") {
  Run r = run_sep(0, {"comment", ID, "-m", "json", "--json"});
  CHECK(r.err.empty());
  const Json t = Json::parse(r.output);
  CHECK(t["id"].str() + " " + std::to_string(t["log"].size()) + " " +
            t["log"].back()["text"].str() + " " + t["updated"].str() ==
        ID + " 2 json 2026-11-23T10:05:00Z");
  r = run_sep(0, {"comment", ID, "-m", "quiet", "-q"});
  CHECK((r.output.empty() && r.err.empty()));
}

TEST_CASE_FIXTURE(Commented, "comment --pending on an open ticket waits on the requester") {
  tier({"claim", ID});
  Run r = run_sep(0, {"comment", ID, "--pending", "-m", "Which tray?"});
  EXPECT_TEXT(r.err, expand("comment added to $ID; waiting on the requester", v()));
  r = sh(0, "tail -n 7 '" + FILE_ + "'");
  EXPECT_TEXT(r.output, R"([[log]]
at = 2026-11-23T10:05:00Z
by = "alice@example.edu"
event = "comment"
visibility = "public"
pending = true
text = "Which tray?")");
  r = run(0, {"list", "--status", "pending", "--format", "ids"});
  CHECK(r.output == ID);
  run(0, {"check"});
}

TEST_CASE_FIXTURE(Commented, "comment --pending on a new ticket is refused") {
  const std::string head = sh_out("git rev-parse HEAD");
  Run r = run_sep(5, {"comment", ID, "--pending", "-m", "Which tray?"});
  EXPECT_TEXT(r.err, expand("tier: error: refused by rule 'transition': only an open ticket can wait on the requester; '$ID' is 'new'", v()));
  CHECK(sh_out("git rev-parse HEAD") == head);
}

TEST_CASE_FIXTURE(Commented, "comment: only the owner writes to the requester; anyone may add a private note") {
  tier({"claim", ID});
  const std::string head = sh_out("git rev-parse HEAD");
  Run r = run_sep(5, {"--agent", "carol@example.edu", "comment", ID, "-m", "Hello from Carol"});
  EXPECT_TEXT(r.err, expand(R"(tier: error: refused by rule 'public-by-owner': only the owner 'alice@example.edu' may write to the requester of '$ID'
hint: write a private note with --private)", v()));
  CHECK(sh_out("git rev-parse HEAD") == head);
  run(0, {"--agent", "carol@example.edu", "comment", ID, "--private", "-m", "Carol's note"});
  r = sh(0, "tail -n 4 '" + FILE_ + "'");
  CHECK(r.line(0) == R"(by = "carol@example.edu")");
}

TEST_CASE_FIXTURE(Commented, "comment: an agent the config does not know cannot comment") {
  Run r = run_sep(5, {"--agent", "zed@example.edu", "comment", ID, "-m", "hello"});
  CHECK(r.stderr_line(0) == "tier: error: refused by rule 'unknown-agent': 'zed@example.edu' is not an agent of this help desk");
  CHECK(entry_count(ID) == 1);
}

TEST_CASE_FIXTURE(Commented, "comment: a closed ticket takes no comment") {
  tier({"claim", ID});
  tier({"resolve", ID, "-m", "Tray 2 replaced."});
  tier({"close", ID});
  const std::string head = sh_out("git rev-parse HEAD");
  Run r = run_sep(5, {"comment", ID, "-m", "one more thing"});
  EXPECT_TEXT(r.err, expand("tier: error: refused by rule 'closed': '$ID' is closed and read-only", v()));
  CHECK(sh_out("git rev-parse HEAD") == head);
}

}  // namespace tier::test
