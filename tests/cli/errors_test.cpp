// The command line's contract: exit codes, `tier: error:` messages and
// hints, the --json error object, global options anywhere. (Moved from
// tests/e2e/errors.bats; what needs a terminal, /dev/full or a closed pipe
// stays there.)

#include <filesystem>


#include "driver.hpp"

namespace tier::test {
namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

struct Errors : Sandbox {
  // The shape of every --json error: {"error": {"code", "message", ["rule"], ["hint"]}},
  // code = the exit status, one line, nothing on stdout.
  void expect_json_error(int status, const Args& args) {
    CAPTURE(status);
    Run r = run_sep(status, Args{"--json"} + args);
    CHECK(r.output.empty());
    CHECK(r.stderr_lines().size() == 1);
    const Json doc = Json::parse(r.err);
    REQUIRE(doc.keys() == std::vector<std::string>{"error"});
    const Json e = doc["error"];
    for (const auto& k : e.keys()) CHECK((k == "code" || k == "message" || k == "rule" || k == "hint"));
    CHECK(e["code"].number() == status);
    REQUIRE(e["message"].is_string());
    const std::string message = e["message"].str();
    CHECK(!message.empty());
    CHECK(!message.starts_with("tier:"));
    if (e["code"].number() == 5) CHECK(message.starts_with("refused by rule '" + e["rule"].str() + "': "));
    else CHECK(!e.contains("rule"));
  }
};

}  // namespace

TEST_CASE_FIXTURE(Errors, "errors: --version prints the version, before or after a subcommand") {
  Run r = run_sep(0, {"--version"});
  CHECK(r.output == "tier 0.1.0");
  CHECK(r.err.empty());
  new_store();
  r = run(0, {"list", "--version"});
  CHECK(r.output == "tier 0.1.0");
}

TEST_CASE_FIXTURE(Errors, "errors: --help prints the commands on stdout") {
  Run r = run_sep(0, {"--help"});
  CHECK(r.err.empty());
  CHECK(r.line(0) == "tier: a help-desk ticket toolkit on git");
  for (const char* c : {"init", "create", "list", "show", "log", "comment", "check", "demo"}) {
    CAPTURE(c);
    CHECK(contains(r.output, std::string("\n  ") + c + " "));
  }
  r = run(0, {"show", "--help"});
  CHECK(r.line(0) == "show a ticket and its history");
}

TEST_CASE_FIXTURE(Errors, "errors: no command, outside a store, prints the help on stderr and exits 2") {
  Run r = run_sep(2, {});
  CHECK(r.output.empty());
  CHECK(r.stderr_line(0) == "tier: a help-desk ticket toolkit on git");
}

TEST_CASE_FIXTURE(Errors, "errors: an unknown command is a usage error naming the closest command") {
  Run r = run_sep(2, {"clam"});
  CHECK(r.output.empty());
  CHECK(r.stderr_line(0) == "tier: error: unknown command 'clam'");
  if (run_any({"claim", "--help"}).status == 0) {
    CHECK(r.stderr_line(1) == "hint: did you mean 'claim'?");
  } else {
    CHECK(r.stderr_line(1).starts_with("hint: did you mean '"));
    CHECK(r.stderr_line(1).ends_with("'?"));
  }
  CHECK(r.stderr_lines().size() == 2);
  r = run_sep(2, {"shwo", "7k2m"});
  EXPECT_TEXT(r.err, R"(tier: error: unknown command 'shwo'
hint: did you mean 'show'?)");
  r = run_sep(2, {"frobnicate"});
  EXPECT_TEXT(r.err, R"(tier: error: unknown command 'frobnicate'
hint: see 'tier --help')");
}

TEST_CASE_FIXTURE(Errors, "errors: an unknown command after global options is still named") {
  Run r = run_sep(2, {"-C", "/nowhere", "--agent", "bob@example.edu", "--json", "lisst"});
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, R"({"error":{"code":2,"hint":"did you mean 'list'?","message":"unknown command 'lisst'"}})");
}

TEST_CASE_FIXTURE(Errors, "errors: two swapped letters count as one typo") {
  Run r = run_sep(2, {"lsit"});
  EXPECT_TEXT(r.err, R"(tier: error: unknown command 'lsit'
hint: did you mean 'list'?)");
  r = run_sep(2, {"cehck"});
  EXPECT_TEXT(r.err, R"(tier: error: unknown command 'cehck'
hint: did you mean 'check'?)");
}

TEST_CASE_FIXTURE(Errors, "errors: a missing required option or argument is a usage error") {
  new_store();
  Run r = run_sep(2, {"create", "--title", "Printer jams"});
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, R"(tier: error: --email is required
hint: see 'tier create --help')");
  r = run_sep(2, {"show"});
  EXPECT_TEXT(r.err, R"(tier: error: id is required
hint: see 'tier show --help')");
  run(2, {"log"});
  run(2, {"comment", "-m", "hello"});
  r = run_sep(2, {"-C"});
  EXPECT_TEXT(r.err, R"(tier: error: -C: 1 required DIR missing
hint: see 'tier --help')");
}

TEST_CASE_FIXTURE(Errors, "errors: an unknown option or an extra argument is a usage error") {
  new_store();
  Run r = run_sep(2, {"list", "--colour"});
  EXPECT_TEXT(r.err, R"(tier: error: the following argument was not expected: --colour
hint: see 'tier list --help')");
  r = run_sep(2, {"show", "aaaa", "bbbb"});
  EXPECT_TEXT(r.err, R"(tier: error: the following argument was not expected: bbbb
hint: see 'tier show --help')");
}

TEST_CASE_FIXTURE(Errors, "errors: outside a store every store command is not found") {
  std::filesystem::create_directory("nowhere");
  cd("nowhere");
  for (const Args& cmd : {Args{"list"}, Args{"show", "7k2m"}, Args{"log", "7k2m"}, Args{"check"},
                          Args{"comment", "7k2m", "-m", "hi"},
                          Args{"create", "--title", "x", "--email", "dana@milne.example.edu"}}) {
    CAPTURE(cmd[0]);
    Run r = run_sep(3, cmd);
    CHECK(r.output.empty());
    EXPECT_TEXT(r.err, R"(tier: error: not a tier store (or any of the parent directories): '.'
hint: create one with 'tier init', or name one with -C DIR or TIER_DIR)");
  }
  Run r = run_sep(3, {"-C", tmp() + "/missing", "list"});
  EXPECT_TEXT(r.err, "tier: error: not a tier store (or any of the parent directories): '" + tmp() +
                         "/missing'\nhint: create one with 'tier init', or name one with -C DIR or TIER_DIR");
  run(3, {"list"}, {{"TIER_DIR", tmp() + "/nowhere"}});
}

TEST_CASE_FIXTURE(Errors, "errors: with --json an error is one object on stderr and stdout is empty") {
  std::filesystem::create_directory("nowhere");
  Run r = run_sep(3, {"-C", "nowhere", "--json", "list"});
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, R"({"error":{"code":3,"hint":"create one with 'tier init', or name one with -C DIR or TIER_DIR","message":"not a tier store (or any of the parent directories): 'nowhere'"}})");
  r = run_sep(2, {"--json", "create", "--title", "x"});
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, R"({"error":{"code":2,"hint":"see 'tier create --help'","message":"--email is required"}})");
}

TEST_CASE_FIXTURE(Errors, "errors: --json errors of every kind have the same shape") {
  new_store();
  tier({"create", "--title", "Printer jams", "--email", "lee@strand.example.edu"});
  expect_json_error(2, {"list", "--status", "opne"});
  expect_json_error(2, {"show", "abc"});
  expect_json_error(3, {"show", "zzzz"});
  expect_json_error(5, {"create", "--title", "x", "--email", "lee@gmail.com"});
  expect_json_error(5, {"--agent", "zed@example.edu", "create", "--title", "x", "--email", "lee@strand.example.edu"});
  sh_out(R"(sed -i 's/^prefix = "T"$/prefix = 7/' .tier/config.toml)");
  commit_by_hand("break the config");
  expect_json_error(6, {"create", "--title", "x", "--email", "lee@strand.example.edu"});
  expect_json_error(4, {"init", "--example"});
}

TEST_CASE_FIXTURE(Errors, "errors: global options work after the subcommand") {
  new_store();
  const std::string id = tier({"create", "--title", "Printer jams", "--email", "lee@strand.example.edu"});
  Run r = run(0, {"--json", "show", id});
  const std::string expected = r.output;
  CHECK(is_json(expected));
  r = run(0, {"show", id, "--json"});
  CHECK(r.output == expected);
  r = run(0, {"show", "--json", id});
  CHECK(r.output == expected);
  cd(tmp());
  r = run(0, {"show", id, "-C", "store", "--json"});
  CHECK(r.output == expected);
  r = run_sep(0, {"comment", id, "-m", "quiet", "-q", "-C", "store"});
  CHECK((r.output.empty() && r.err.empty()));
  run(0, {"-C", "store", "comment", id, "-m", "as carol", "--private", "--agent", "carol@example.edu"});
  r = run(0, {"-C", "store", "log", id, "--json", "--no-color"});
  CHECK(contains(r.output, R"("by":"carol@example.edu","event":"comment","text":"as carol")"));
}

TEST_CASE_FIXTURE(Errors, "errors: --agent wins over TIER_AGENT, which wins over git's user.email") {
  new_store();
  const std::string id = tier({"create", "--title", "Printer jams", "--email", "lee@strand.example.edu"});
  tier({"comment", id, "--private", "-m", "one"}, {{"TIER_AGENT", "carol@example.edu"}});
  tier({"comment", id, "--private", "-m", "two", "--agent", "bob@example.edu"}, {{"TIER_AGENT", "carol@example.edu"}});
  unset("TIER_AGENT");
  sh_out("git config user.email erin@example.edu");
  tier({"comment", id, "--private", "-m", "three"});
  Run r = run(0, {"log", id, "--json"});
  std::string by;
  for (const auto& e : Json::parse(r.output).elements()) by += (by.empty() ? "" : " ") + e["by"].str();
  CHECK(by == "alice@example.edu carol@example.edu bob@example.edu erin@example.edu");
}

TEST_CASE_FIXTURE(Errors, "errors: TIER_NOW replaces the clock") {
  new_store();
  const std::string id = tier({"create", "--title", "Printer jams", "--email", "lee@strand.example.edu"},
                              {{"TIER_NOW", "2030-01-02T03:04:05Z"}});
  Run r = run(0, {"list", "--format", "csv"});
  CHECK(r.line(1).ends_with(",2030-01-02T03:04:05Z,2030-01-02T03:04:05Z,Printer jams,14400"));
  r = sh(0, "git log -1 --format=%aI");
  CHECK(r.output == "2030-01-02T03:04:05+00:00");
  run(0, {"comment", id, "-m", "same instant"}, {{"TIER_NOW", "2030-01-02T04:04:05+01:00"}});
  r = sh(0, "tail -n 5 '" + ticket_file(id) + "'");
  CHECK(r.line(0) == "at = 2030-01-02T03:04:05Z");
}

}  // namespace tier::test
