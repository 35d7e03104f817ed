// Less typing: short names of agents from the config's [agents] wherever an
// agent is named, their display names in `show`; `tier note` for a private
// note; comma lists in the filters of list, queue and search. The example
// config (`tier init --example`) has [agents] with alice, bob, carol, dave,
// erin and admin. (Moved from tests/e2e/names.bats; the completion of
// `note`, of short names and of comma lists, through the shells' scripts,
// stays there.)

#include "driver.hpp"

namespace tier::test {
namespace {

// A store of three tickets, made once and copied for each case, in this
// order: A (high, claimed by alice), B (printing, normal, new) and C
// (urgent, new).
struct Names : Sandbox {
  std::string A, B, C;

  Names() {
    set("TZ", "America/New_York");  // a zone with daylight saving time, as a desk's
    copy_of_template("names-store", [this](const std::string& dir) {
      new_store(dir);
      set("TIER_NOW", "2026-11-23T09:00:00Z");
      const std::string a = tier({"create", "--title", "Wi-Fi drops", "--email", "dana.ruiz@milne.example.edu",
                                  "--priority", "high"});
      set("TIER_NOW", "2026-11-23T09:01:00Z");
      const std::string b = tier({"create", "--title", "Printer jams", "--email", "lee@strand.example.edu",
                                  "--category", "printing"});
      set("TIER_NOW", "2026-11-23T09:02:00Z");
      const std::string c = tier({"create", "--title", "VPN down", "--email", "lee@strand.example.edu",
                                  "--priority", "urgent"});
      set("TIER_NOW", "2026-11-23T09:03:00Z");
      tier({"-q", "claim", a});
      write_file(dir + "/.git/ids", a + "\n" + b + "\n" + c + "\n");
    });
    const std::string ids = read_file(".git/ids");
    A = ids.substr(0, ids.find('\n'));
    B = ids.substr(A.size() + 1, A.size());
    C = ids.substr(2 * (A.size() + 1), A.size());
    set("TIER_NOW", "2026-11-23T10:00:00Z");
  }

  // The value of a header key of a ticket's committed file (above its first table).
  std::string field(const std::string& id, const std::string& key) {
    const std::string text = sh_out("git show 'HEAD:" + ticket_file(id) + "'");
    const std::string head = key + " = \"";
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t nl = text.find('\n', start);
      if (nl == std::string::npos) nl = text.size();
      const std::string line = text.substr(start, nl - start);
      if (line.starts_with("[")) break;
      if (line.starts_with(head) && line.size() > head.size() && line.ends_with("\""))
        return line.substr(head.size(), line.size() - head.size() - 1);
      start = nl + 1;
    }
    return {};
  }
};

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE_FIXTURE(Names, "names: a short name as --agent, as TIER_AGENT, and in assign") {
  run(0, {"claim", B}, {{"TIER_AGENT", "carol"}});
  CHECK(field(B, "assignee") == "carol@example.edu");
  // The commit is authored by the address, with the display name.
  CHECK(sh_out("git log -1 --format='%an <%ae>'") == "Carol Chen <carol@example.edu>");
  run(0, {"--agent", "carol", "assign", C, "alice"});
  CHECK(field(C, "assignee") == "alice@example.edu");
  Run r = sh(0, "git show 'HEAD:" + ticket_file(C) + "'");
  CHECK(contains(r.output, R"(by = "carol@example.edu")"));
  CHECK(contains(r.output, R"(assignee = "alice@example.edu")"));
  // An address still works, in any case.
  run(0, {"--agent", "Carol@Example.EDU", "assign", C, "CAROL@example.edu"});
  CHECK(field(C, "assignee") == "carol@example.edu");
}

TEST_CASE_FIXTURE(Names, "names: a short name in appoint --technician") {
  run(0, {"appoint", A, "--at", "2026-11-24T14:00:00Z", "--technician", "dave", "--place", "Strand Ag B12"});
  CHECK(field(A, "assignee") == "dave@example.edu");
  Run r = sh(0, "git show 'HEAD:" + ticket_file(A) + "'");
  CHECK(contains(r.output, R"(technician = "dave@example.edu")"));
}

TEST_CASE_FIXTURE(Names, "names: an unknown short name fails with exit 3, naming it") {
  Run r = run_sep(3, {"--agent", "zed", "claim", B});
  EXPECT_TEXT(r.err, R"(tier: error: unknown agent 'zed'
hint: name an agent by address, or by a short name from [agents] in tier-config(5))");
  r = run_sep(3, {"claim", B}, {{"TIER_AGENT", "zed"}});
  CHECK(r.stderr_line(0) == "tier: error: unknown agent 'zed'");
  r = run_sep(3, {"--agent", "carol", "assign", C, "zed"});
  CHECK(r.stderr_line(0) == "tier: error: unknown agent 'zed'");
  r = run_sep(3, {"appoint", A, "--at", "2026-11-24T14:00:00Z", "--technician", "zed", "--place", "B12"});
  CHECK(r.stderr_line(0) == "tier: error: unknown agent 'zed'");
  r = run_sep(3, {"list", "--assignee", "alice,zed"});
  CHECK(r.stderr_line(0) == "tier: error: unknown agent 'zed'");
  r = run_sep(3, {"search", "drops", "assignee:zed"});
  CHECK(r.stderr_line(0) == "tier: error: unknown agent 'zed'");
  CHECK(commit_count() == 5);
  // An address that is no agent is not a short name: refused by the rule, as before.
  r = run_sep(5, {"--agent", "zed@example.edu", "claim", B});
  CHECK(contains(r.stderr_line(0), "refused by rule 'unknown-agent'"));
}

TEST_CASE_FIXTURE(Names, "names: list filters take short names; the table shows them, JSON the addresses") {
  tier({"-q", "--agent", "carol", "claim", B});
  Run r = run(0, {"list", "--assignee", "alice", "--format", "ids"});
  CHECK(r.output == A);
  r = run(0, {"list", "--owner", "carol", "--format", "ids"});
  CHECK(r.output == B);
  r = run(0, {"list", "--status", "open"});
  EXPECT_TEXT(r.output, expand(R"(ID          STATUS  PRI     ORG     AGE  LEFT  ASSIGNEE  TITLE
$A  open    high    milne   1h   0m    alice     Wi-Fi drops
$B  open    normal  strand  59m  3h1m  carol     Printer jams)",
                               {{"A", A}, {"B", B}}));
  r = run(0, {"list", "--status", "open", "--format", "csv"});
  CHECK(r.line(1).starts_with(A + ",open,high,1,service-desk,alice@example.edu,alice@example.edu,"));
  r = run(0, {"list", "--assignee", "alice", "--json"});
  CHECK(contains(r.output, R"("assignee":"alice@example.edu")"));
  r = run(0, {"search", "drops", "assignee:alice", "--format", "ids"});
  CHECK(r.output == A);
  r = run(0, {"search", "printer", "--owner", "carol", "--format", "ids"});
  CHECK(r.output == B);
}

TEST_CASE_FIXTURE(Names, "names: show prints the display name with the address; --json and the file keep the address") {
  Run r = run(0, {"show", A});
  CHECK(r.line(3) == "owner       Alice Adams <alice@example.edu>");
  CHECK(r.line(4) == "assignee    Alice Adams <alice@example.edu>");
  r = run(0, {"show", C});
  CHECK(r.line(3) == "owner       -");
  CHECK(r.line(4) == "assignee    -");
  r = run(0, {"show", A, "--json"});
  CHECK(contains(r.output, R"("owner":"alice@example.edu")"));
  CHECK(field(A, "owner") == "alice@example.edu");
  // An agent without a display name is shown by address.
  sh_out(R"(sed -i 's/^alice = .*/alice = { email = "alice@example.edu" }/' .tier/config.toml)");
  commit_by_hand("alice without a name");
  r = run(0, {"show", A});
  CHECK(r.line(3) == "owner       alice@example.edu");
}

TEST_CASE_FIXTURE(Names, "names: note is a private comment; the requester's view leaves it out") {
  Run r = run_sep(0, {"note", A.substr(2, 4), "-m", "SECRET: the RADIUS server is misconfigured"});
  CHECK(r.err == "private note added to " + A);
  r = run(0, {"show", A});
  auto lines = r.lines();
  REQUIRE(lines.size() >= 2);
  CHECK(lines[lines.size() - 2] == "2026-11-23 05:00 EST  alice@example.edu  comment  [private]");
  CHECK(lines.back() == "    SECRET: the RADIUS server is misconfigured");
  r = run(0, {"show", A, "--as-requester"});
  CHECK(!contains(r.output, "SECRET"));
  r = run(0, {"export", "--as-requester"});
  CHECK(!contains(r.output, "SECRET"));
  r = sh(0, "git show 'HEAD:" + ticket_file(A) + "'");
  CHECK(contains(r.output, R"(visibility = "private")"));
  // The text from a file, or standard input.
  tier({"-q", "note", A, "--file", "-"}, {}, Input::of("From a pipe.\n"));
  CHECK(entry_count(A, "comment") == 2);
  r = run(0, {"log", A});
  lines = r.lines();
  REQUIRE(lines.size() >= 2);
  CHECK(lines[lines.size() - 2] == "2026-11-23 05:00 EST  alice@example.edu  comment  [private]");
  CHECK(lines.back() == "    From a pipe.");
  // No text and no terminal: nothing is asked, nothing is saved.
  run(2, {"note", A});
  CHECK(entry_count(A, "comment") == 2);
  r = run(0, {"note", "--help"});
  CHECK(contains(r.output, "add a private note to a ticket"));
}

TEST_CASE_FIXTURE(Names, "names: comma lists in list filters: any of the values of each, every filter") {
  Run r = run(0, {"list", "--status", "new,open", "--priority", "high,urgent", "--sort", "created", "--format", "ids"});
  EXPECT_TEXT(r.output, A + "\n" + C);
  // Repeating the option is the same.
  r = run(0, {"list", "--status", "new", "--status", "open", "--priority", "high", "--priority", "urgent", "--sort",
              "created", "--format", "ids"});
  EXPECT_TEXT(r.output, A + "\n" + C);
  r = run(0, {"list", "--status", "new", "--priority", "normal,urgent", "--sort", "created", "--format", "ids"});
  EXPECT_TEXT(r.output, B + "\n" + C);
  r = run(0, {"list", "--category", "printing,accounts", "--format", "ids"});
  CHECK(r.output == B);
  r = run(0, {"list", "--org", "milne,strand", "--tier", "1,2", "--group", "service-desk,cx-tier2", "--format", "ids"});
  CHECK(r.lines().size() == 3);
  r = run(0, {"list", "--assignee", "alice,carol", "--unassigned", "--format", "ids"});
  CHECK(r.output.empty());
  r = run(0, {"search", "jams", "--status", "new,open", "--priority", "normal,high", "--format", "ids"});
  CHECK(r.output == B);
  // Unknown values are refused, as they always were.
  r = run_sep(2, {"list", "--status", "new,opne"});
  CHECK(contains(r.err, "opne not in {new,open,escalated,pending,resolved,closed}"));
  r = run_sep(2, {"list", "--priority", "high,hgih"});
  CHECK(contains(r.err, "hgih not in {low,normal,high,urgent}"));
  run(2, {"list", "--tier", "1,5"});
}

TEST_CASE_FIXTURE(Names, "names: queue --group takes a comma list") {
  Run r = run(0, {"queue", "--group", "service-desk,cx-tier2", "--sort", "created", "--format", "ids"});
  EXPECT_TEXT(r.output, B + "\n" + C);
  r = run_sep(3, {"queue", "--group", "service-desk,nope"});
  CHECK(r.err == "tier: error: no such group 'nope'");
}

TEST_CASE_FIXTURE(Names, "names: a bad [agents] is a config error with its line, exit 6") {
  sh_out("sed -i 's/^bob = { email/Bob = { email/' .tier/config.toml");
  commit_by_hand("break [agents]");
  const std::string line = sh_out("grep -n '^Bob = ' .tier/config.toml | cut -d: -f1");
  Run r = run_sep(6, {"claim", B});
  CHECK(r.err == "tier: error: .tier/config.toml:" + line +
                     ":1: bad short name 'Bob' in [agents]: use a lower-case letter, then up to 31 letters, digits, "
                     "'.', '_' or '-'");
  // Reading still works, by address.
  r = run(0, {"show", A});
  CHECK(r.line(3) == "owner       alice@example.edu");
}

}  // namespace tier::test
