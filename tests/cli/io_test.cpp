// tier export (JSON, CSV, --as-requester, filters) and tier import (JSON
// round trip, CSV from another help desk through a mapping file). (Moved
// from tests/e2e/io.bats; an import pushed through the server's hooks stays
// there.)

#include <algorithm>
#include <filesystem>
#include <sstream>


#include "driver.hpp"

namespace tier::test {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::string sorted(const std::string& text) {
  auto lines = split_lines(text);
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

struct Io : Sandbox {
  std::vector<std::string> ids;

  Io() { set("TIER_NOW", "2026-11-23T12:00:00Z"); }

  // A store in $BATS_TEST_TMPDIR/a with four tickets that use every part of a
  // ticket file: an escalation and a hand-back with private notes, unicode
  // text, an appointment, a void entry, a rating. Their ids go to the file
  // ids. Made once and copied for each case.
  void cached_store_a() {
    copy_into_tmp("io-store-a", [this](const std::string& dir) {
      fs::create_directories(dir);
      new_store(dir + "/a");
      const auto at = [](const char* t) { return Env{{"TIER_NOW", std::string("2026-11-23T") + t + "Z"}}; };
      const std::string t1 = tier({"create", "--title", "Wi-Fi drops in the café — 無線", "--email",
                                   "dana.ruiz@milne.example.edu", "--name", "Dana Ruíz", "--category", "network",
                                   "--priority", "high", "--tag", "wifi", "--tag", "b, \"quoted\"", "-m",
                                   "It drops every ten minutes.\nSince Monday, «always»."},
                                  at("09:00:00"));
      tier({"-q", "claim", t1}, at("09:05:00"));
      tier({"-q", "escalate", t1, "-m", "Private: driver reinstalled; RADIUS?", "--asset", "LT-20931", "--location",
            "Strand Ag B12", "--symptoms", "802.1X timeouts", "--tried", "Driver, profile", "--connection", "wireless"},
           at("09:10:00"));
      tier({"-q", "--agent", "bob@example.edu", "claim", t1}, at("09:20:00"));
      tier({"-q", "--agent", "bob@example.edu", "handback", t1, "-m", "Private: RADIUS cert renewed"}, at("09:30:00"));
      tier({"-q", "comment", t1, "-m", "Fixed on our side; please try again."}, at("09:40:00"));

      const std::string t2 =
          tier({"create", "--title", "Monitor flickers", "--email", "lee@strand.example.edu", "--name", "Lee Park"},
               at("10:00:00"));
      tier({"-q", "--agent", "carol@example.edu", "appoint", t2, "--at", "2026-11-24T14:00:00Z", "--technician",
            "bob@example.edu", "--place", "Strand Ag B12"},
           at("10:01:00"));

      // A void entry, as a merge leaves one: a later claim that no longer applies.
      const std::string t3 =
          tier({"create", "--title", "VPN refuses my password", "--email", "lee@strand.example.edu"}, at("11:00:00"));
      tier({"-q", "claim", t3}, at("11:01:00"));
      const std::string f3 = ticket_file(t3);
      write_file(f3, read_file(f3) + "\n[[log]]\nat = 2026-11-23T11:02:00Z\nby = \"carol@example.edu\"\nevent = "
                                     "\"claim\"\nvoid = \"already claimed\"\n");
      commit_by_hand("a void claim");
      tier({"-q", "comment", t3, "-m", "Reset the token.", "--private"}, at("11:03:00"));

      const std::string t4 =
          tier({"create", "--title", "Toner is low", "--email", "pat@hollis.example.org"}, at("11:30:00"));
      tier({"-q", "claim", t4}, at("11:31:00"));
      tier({"-q", "resolve", t4, "-m", "Replaced."}, at("11:32:00"));
      tier({"-q", "rate", t4, "5"}, at("11:33:00"));
      write_file(dir + "/ids", t1 + "\n" + t2 + "\n" + t3 + "\n" + t4 + "\n");
      tier({"check", "-q"});
    });
    ids = split_lines(read_file(tmp() + "/ids"));
    cd(tmp() + "/a");
  }

  // A CSV export of another help desk, with a mapping for it.
  void old_desk() {
    std::string csv = "\xef\xbb\xbf";
    for (const char* row : {"Subject,Requester,Requester Email,Priority,Opened,Description,Labels",
                            "Printer jams,Ann Lee,ann@milne.example.edu,P1,2026-11-20 09:30,\"Jams on",
                            "tray 2, every time\",printer;hw", "Mail is slow,Bo,bo@gmail.com,P3,2026-11-20 10:00,,",
                            "Lab PC,Cy,cy@nowhere.example.com,P3,2026-11-20 11:00,,",
                            "\"Toner, \"\"black\"\"\",Di,di@hollis.example.org,,2026-11-21,,"})
      csv += std::string(row) + "\r\n";
    write_file(tmp() + "/old.csv", csv);
    write_file(tmp() + "/map.toml", R"([columns]
title = "Subject"
email = "Requester Email"
name = "Requester"
priority = "Priority"
created = "Opened"
text = "Description"
tags = "Labels"

[values.priority]
"P1" = "urgent"
"P3" = "low"
)");
  }
};

}  // namespace

TEST_CASE_FIXTURE(Io, "io: export and import: a JSON round trip into an empty store is exact") {
  cached_store_a();
  sh(0, "grep -q '^void = ' tickets/*/*.toml && grep -q '^\\[appointment\\]' tickets/*/*.toml && "
        "grep -q '^visibility = \"private\"' tickets/*/*.toml && grep -q '^csat = 5' tickets/*/*.toml && "
        "grep -q '無線' tickets/*/*.toml");
  const std::string a_json = tmp() + "/a.json";
  Run r = run_sep(0, {"export", "-o", a_json});
  CHECK(r.output.empty());
  CHECK(r.err == "exported 4 tickets to " + a_json);
  const std::string exported = read_file(a_json);
  CHECK(is_json(exported));
  CHECK(run_sep(0, {"export"}).raw == exported);
  // one ticket a line, between the brackets
  CHECK(std::count(exported.begin(), exported.end(), '\n') == 6);

  new_store(tmp() + "/b");
  const int before = commit_count();
  r = run_sep(0, {"import", a_json});
  CHECK(sorted(r.output) == sorted(read_file(tmp() + "/ids")));
  CHECK(r.err == "imported 4 tickets in one commit");
  CHECK(commit_count() == before + 1);
  CHECK(sh_out("git log -1 --format=%s") == "import 4 tickets");
  CHECK(sh_out("git log -1 --format=%b | grep -c '^Tier-Ticket: T-'") == "4");
  sh(0, "git log -1 --format=%b | grep -qx 'Tier-Op: import'");
  sh(0, "diff -r '" + tmp() + "/a/tickets' tickets");
  CHECK(run_sep(0, {"export"}).raw == exported);
  expect_clean_status();
  run(0, {"check", "-q"});
}

TEST_CASE_FIXTURE(Io, "io: import: an id already in the store is refused and nothing is committed") {
  cached_store_a();
  const std::string a_json = tmp() + "/a.json";
  write_file(a_json, run_sep(0, {"export"}).raw);
  const int before = commit_count();
  const std::string first = ids.at(0);
  Run r = run_sep(5, {"import", a_json});
  CHECK(r.output.empty());
  // The row of the first ticket: its line among the rows of the CSV export.
  const auto csv = split_lines(run_sep(0, {"export", "--format", "csv"}).raw);
  std::string row;
  for (std::size_t i = 1; i < csv.size(); ++i)
    if (contains(csv[i], first)) row += (row.empty() ? "" : "\n") + std::to_string(i);
  const std::string want = "tier: warning: " + a_json + ": ticket " + row + " (" + first +
                           "): refused by rule 'id-path': '" + first + "' is already in the store";
  const auto lines = r.stderr_lines();
  CHECK(std::find(lines.begin(), lines.end(), want) != lines.end());
  CHECK(lines.size() == 5);
  CHECK(r.stderr_line(4) == "tier: error: refused 4 of 4 rows; nothing is imported");
  CHECK(commit_count() == before);
}

TEST_CASE_FIXTURE(Io, "io: import: each bad ticket is refused with its rule, the rest imported in one commit") {
  cached_store_a();
  const std::string a_json = tmp() + "/a.json", bad_json = tmp() + "/bad.json";
  write_file(a_json, run_sep(0, {"export"}).raw);
  new_store(tmp() + "/b");
  const int before = commit_count();
  // 1: a header that is not the replay of its log; 2: an unknown key;
  // 3: another store's prefix; 4: as exported; 5: the same id again.
  const Json t = Json::parse(read_file(a_json));
  const Json a = t[0].with("status", Json::string("closed"));
  const Json b = t[1].with("colour", Json::string("red"));
  const Json c = t[2].with("id", Json::string("X-" + t[2]["id"].str().substr(2)));
  write_file(bad_json, Json::array({a, b, c, t[3], t[3]}).dump(2) + "\n");
  std::vector<std::string> id;
  for (const auto& x : t.elements()) id.push_back(x["id"].str());
  Run r = run_sep(5, {"--json", "import", bad_json});
  const std::string x2 = id[2].substr(2);
  EXPECT_TEXT(r.output, R"({"imported":[")" + id[3] + R"("],"refused":[{"id":")" + id[0] +
                            R"(","message":"'status' differs from the replay of the log","row":1,"rule":"replay"},{"message":")" +
                            bad_json + R"(: ticket 2: unknown key 'colour'","row":2,"rule":"malformed"},{"id":"X-)" + x2 +
                            R"(","message":"'X-)" + x2 +
                            R"(' is not an id of this store: 'T-' and 8 characters","row":3,"rule":"id-path"},{"id":")" +
                            id[3] + R"(","message":"')" + id[3] + R"(' is in the file twice","row":5,"rule":"id-path"}]})");
  CHECK(r.err.empty());
  CHECK(commit_count() == before + 1);
  CHECK(tier({"list", "--format", "ids"}) == id[3]);
}

TEST_CASE_FIXTURE(Io, "io: import: a file that is not a JSON array imports nothing, exit 6") {
  new_store();
  write_file(tmp() + "/cut.json", "[{\"id\": ");
  Run r = run_sep(6, {"import", tmp() + "/cut.json"});
  CHECK(r.err == "tier: error: " + tmp() +
                     "/cut.json: not valid JSON: parse error at line 1, column 9: syntax error while parsing value - "
                     "unexpected end of input; expected '[', '{', or a literal");
  write_file(tmp() + "/object.json", "{\"id\": \"T-7k2m9qxa\"}");
  r = run_sep(6, {"import", tmp() + "/object.json"});
  CHECK(r.err == "tier: error: " + tmp() + "/object.json: not a JSON array of tickets");
  write_file(tmp() + "/empty.json", "[]\n");
  r = run_sep(0, {"import", tmp() + "/empty.json"});
  CHECK(r.err == "nothing to import");
  CHECK(commit_count() == 1);
}

TEST_CASE_FIXTURE(Io, "io: export --as-requester leaves out every private note, as show --as-requester does") {
  cached_store_a();
  Run r = run_sep(0, {"export", "--as-requester"});
  CHECK(is_json(r.output));
  CHECK(!contains(r.output, "Private"));
  CHECK(!contains(r.output, "Reset the token"));
  CHECK(contains(r.output, "Fixed on our side"));
  const std::string expected = tier({"show", ids.at(0), "--as-requester", "--json"});
  const auto lines = split_lines(r.output);
  CHECK(std::any_of(lines.begin(), lines.end(),
                    [&](const std::string& l) { return l == expected + "," || l == expected; }));
  r = run_sep(2, {"export", "--as-requester", "--format", "csv"});
  CHECK(r.stderr_line(0) == "tier: error: --as-requester is for --format json");
}

TEST_CASE_FIXTURE(Io, "io: export: the filters of list choose the tickets") {
  cached_store_a();
  const std::string first = ids.at(0);
  Run r = run(0, {"export", "--owner", "alice@example.edu", "--tier", "1", "--status", "open", "--priority", "high"});
  CHECK(r.lines().size() == 3);
  CHECK(r.line(1).starts_with(R"({"appointment":null,"assignee":"alice@example.edu","category":"network",)"));
  CHECK(contains(r.line(1), "\"id\":\"" + first + "\""));
  r = run(0, {"export", "--status", "closed"});
  CHECK(r.output == "[]");
}

TEST_CASE_FIXTURE(Io, "io: export --format csv: RFC 4180, one row a ticket") {
  new_store_with_fixture("desk");
  tier({"-q", "--agent", "carol@example.edu", "edit", "T-aaaa0001", "--title", "Printer \"tray 2\", jams"});
  Run r = run_sep(0, {"export", "--format", "csv"});
  CHECK(r.err.empty());
  const auto lines = split_lines(r.output);
  CHECK(std::count_if(lines.begin(), lines.end(), [](const std::string& l) { return l.ends_with("\r"); }) == 8);
  std::string output = r.output;
  output.erase(std::remove(output.begin(), output.end(), '\r'), output.end());
  EXPECT_TEXT(output, R"(id,title,status,priority,category,tier,group,assignee,owner,escalations,handbacks,tags,created,updated,requester_name,requester_email,organization,asset,location,symptoms,tried,connection,appointment_at,appointment_place,appointment_technician,csat
T-aaaa0001,"Printer ""tray 2"", jams",new,high,printing,1,service-desk,,,0,0,paper,2026-11-23T09:00:00Z,2026-11-23T12:00:00Z,Dana Ruiz,dana.ruiz@milne.example.edu,milne,,,,,,,,,
T-bbbb0002,VPN refuses my password,open,normal,network,1,service-desk,alice@example.edu,alice@example.edu,0,0,vpn,2026-11-23T09:10:00Z,2026-11-23T09:15:00Z,Lee Park,lee@strand.example.edu,strand,,,,,,,,,
T-cccc0003,Wi-Fi drops in the basement,escalated,urgent,network,2,cx-tier2,,alice@example.edu,1,0,wifi,2026-11-23T09:20:00Z,2026-11-23T09:30:00Z,Dana Ruiz,dana.ruiz@milne.example.edu,milne,LT-20931,Strand Ag B12,Drops every 10 minutes,Updated the driver,wireless,,,,
T-dddd0004,Locked out of my account,pending,low,accounts,1,service-desk,carol@example.edu,carol@example.edu,0,0,,2026-11-23T09:31:00Z,2026-11-23T09:33:00Z,,sam@hollis.example.org,hollis,,,,,,,,,
T-eeee0005,Dock not detected,open,normal,hardware,2,cx-tier2,bob@example.edu,alice@example.edu,2,1,dock;usb,2026-11-23T09:40:00Z,2026-11-23T09:45:00Z,Lee Park,lee@strand.example.edu,strand,LT-20931,Strand Ag B12,Drops every 10 minutes,Updated the driver,wireless,,,,
T-ffff0006,Toner is low,resolved,high,printing,1,service-desk,alice@example.edu,alice@example.edu,0,0,,2026-11-23T09:50:00Z,2026-11-23T09:52:00Z,,pat@hollis.example.org,hollis,,,,,,,,,
T-gggg0007,Monitor flickers,open,normal,hardware,1,service-desk,carol@example.edu,carol@example.edu,0,0,,2026-11-23T10:00:00Z,2026-11-23T10:01:00Z,Lee Park,lee@strand.example.edu,strand,,,,,,2026-11-24T14:00:00Z,Strand Ag B12,carol@example.edu,)");
}

TEST_CASE_FIXTURE(Io, "io: export --format csv --metrics: each ticket's figures; a formula is neutralised (issue 15)") {
  new_store_with_fixture("desk");
  tier({"-q", "--agent", "carol@example.edu", "edit", "T-aaaa0001", "--title", R"csv(=HYPERLINK("http://evil.example/","x"))csv"});
  Run r = run_sep(0, {"export", "--format", "csv", "--metrics"});
  CHECK(r.err.empty());
  const auto lines = split_lines(r.output);
  CHECK(std::count_if(lines.begin(), lines.end(), [](const std::string& l) { return l.ends_with("\r"); }) == 8);
  std::string output = r.output;
  output.erase(std::remove(output.begin(), output.end(), '\r'), output.end());
  // First responses: T-dddd0004 a public question (pending) at 09:33, T-ffff0006 its
  // resolution at 09:52, T-gggg0007 an appointment at 10:01; the others have had none.
  EXPECT_TEXT(output, R"csv(id,title,status,priority,category,tier,group,assignee,owner,escalations,handbacks,tags,created,updated,requester_name,requester_email,organization,asset,location,symptoms,tried,connection,appointment_at,appointment_place,appointment_technician,csat,first_response_at,first_response_seconds,first_resolved_at,resolved_at,resolution_seconds,reopens,first_contact,rated_at,sla_met
T-aaaa0001,"'=HYPERLINK(""http://evil.example/"",""x"")",new,high,printing,1,service-desk,,,0,0,paper,2026-11-23T09:00:00Z,2026-11-23T12:00:00Z,Dana Ruiz,dana.ruiz@milne.example.edu,milne,,,,,,,,,,,,,,,0,,,
T-bbbb0002,VPN refuses my password,open,normal,network,1,service-desk,alice@example.edu,alice@example.edu,0,0,vpn,2026-11-23T09:10:00Z,2026-11-23T09:15:00Z,Lee Park,lee@strand.example.edu,strand,,,,,,,,,,,,,,,0,,,
T-cccc0003,Wi-Fi drops in the basement,escalated,urgent,network,2,cx-tier2,,alice@example.edu,1,0,wifi,2026-11-23T09:20:00Z,2026-11-23T09:30:00Z,Dana Ruiz,dana.ruiz@milne.example.edu,milne,LT-20931,Strand Ag B12,Drops every 10 minutes,Updated the driver,wireless,,,,,,,,,,0,,,
T-dddd0004,Locked out of my account,pending,low,accounts,1,service-desk,carol@example.edu,carol@example.edu,0,0,,2026-11-23T09:31:00Z,2026-11-23T09:33:00Z,,sam@hollis.example.org,hollis,,,,,,,,,,2026-11-23T09:33:00Z,120,,,,0,,,
T-eeee0005,Dock not detected,open,normal,hardware,2,cx-tier2,bob@example.edu,alice@example.edu,2,1,dock;usb,2026-11-23T09:40:00Z,2026-11-23T09:45:00Z,Lee Park,lee@strand.example.edu,strand,LT-20931,Strand Ag B12,Drops every 10 minutes,Updated the driver,wireless,,,,,,,,,,0,,,
T-ffff0006,Toner is low,resolved,high,printing,1,service-desk,alice@example.edu,alice@example.edu,0,0,,2026-11-23T09:50:00Z,2026-11-23T09:52:00Z,,pat@hollis.example.org,hollis,,,,,,,,,,2026-11-23T09:52:00Z,120,2026-11-23T09:52:00Z,2026-11-23T09:52:00Z,120,0,1,,1
T-gggg0007,Monitor flickers,open,normal,hardware,1,service-desk,carol@example.edu,carol@example.edu,0,0,,2026-11-23T10:00:00Z,2026-11-23T10:01:00Z,Lee Park,lee@strand.example.edu,strand,,,,,,2026-11-24T14:00:00Z,Strand Ag B12,carol@example.edu,,2026-11-23T10:01:00Z,60,,,,0,,,)csv");
  // The streamed export without --metrics neutralises the title the same way.
  r = run(0, {"export", "--format", "csv"});
  CHECK(r.line(1).starts_with(R"csv(T-aaaa0001,"'=HYPERLINK(""http://evil.example/"",""x"")",new,)csv"));
  // list's CSV neutralises the title too.
  r = run(0, {"list", "--format", "csv", "--tag", "paper"});
  CHECK(r.output.find(R"csv(,"'=HYPERLINK(""http://evil.example/"",""x"")",)csv") != std::string::npos);
  r = run_sep(2, {"export", "--metrics"});
  CHECK(r.stderr_line(0) == "tier: error: --metrics is for --format csv");
}

TEST_CASE_FIXTURE(Io, "io: import CSV: rows that break rules 1 and 2 are refused by row, the rest in one commit") {
  new_store();
  old_desk();
  const int before = commit_count();
  Run r = run_sep(5, {"import", tmp() + "/old.csv", "--map", tmp() + "/map.toml"});
  CHECK(r.lines().size() == 2);
  EXPECT_TEXT(r.err, "tier: warning: " + tmp() +
                         "/old.csv:4: row 2: refused by rule 'employer-email': 'gmail.com' is a free-mail domain; the "
                         "requester needs an employer address\ntier: warning: " +
                         tmp() +
                         "/old.csv:5: row 3: refused by rule 'supported-organization': no supported organization has "
                         "the domain 'nowhere.example.com'\ntier: error: refused 2 of 4 rows; imported the other 2 "
                         "tickets in one commit\nhint: fix the refused rows and import them on their own");
  CHECK(commit_count() == before + 1);
  CHECK(sh_out("git log -1 --format=%s") == "import 2 tickets");
  expect_clean_status();
  const std::string first = r.line(0), second = r.line(1);
  EXPECT_TEXT(ticket_fields(first, {"title", "status", "priority", "group", "tags", "created", "requester"}).output,
              R"(title=Printer jams
status=new
priority=urgent
group=service-desk
tags=["printer", "hw"]
created=2026-11-20T09:30:00Z
requester={"email": "ann@milne.example.edu", "name": "Ann Lee", "organization": "milne"})");
  CHECK(Json::parse(tier({"show", first, "--json"}))["log"][0]["text"].str() == "Jams on\ntray 2, every time");
  EXPECT_TEXT(ticket_fields(second, {"title", "priority", "created"}).output, R"(title=Toner, "black"
priority=normal
created=2026-11-21T00:00:00Z)");
  run(0, {"check", "-q"});
}

TEST_CASE_FIXTURE(Io, "io: import CSV --json: the summary object; --dry-run commits nothing") {
  new_store();
  old_desk();
  Run r = run_sep(5, {"--json", "import", tmp() + "/old.csv", "--map", tmp() + "/map.toml", "--dry-run"});
  CHECK(r.err.empty());
  const Json s = Json::parse(r.output);
  CHECK(s["imported"].size() == 2);
  CHECK(s["refused"] == Json::parse(R"([
  {"row": 2, "line": 4, "rule": "employer-email", "message": "'gmail.com' is a free-mail domain; the requester needs an employer address"},
  {"row": 3, "line": 5, "rule": "supported-organization", "message": "no supported organization has the domain 'nowhere.example.com'"}])"));
  CHECK(commit_count() == 1);
  r = run_sep(5, {"import", tmp() + "/old.csv", "--map", tmp() + "/map.toml", "-n"});
  CHECK(r.output.empty());
  CHECK(r.stderr_line(2) == "tier: error: refused 2 of 4 rows; would import 2 tickets");
  CHECK(commit_count() == 1);
}

TEST_CASE_FIXTURE(Io, "io: import CSV: a value that is not valid is refused under valid-values") {
  new_store();
  write_file(tmp() + "/p.csv",
             "Subject,Requester Email,Priority,Opened\r\nA,ann@milne.example.edu,P9,\r\nB,ann@milne.example.edu,High,"
             "2026-11-23 11:59\r\nC,ann@milne.example.edu,,2026-11-23 12:01\r\n");
  write_file(tmp() + "/p.toml",
             "[columns]\ntitle = \"Subject\"\nemail = \"Requester Email\"\npriority = \"Priority\"\ncreated = \"Opened\"\n");
  Run r = run_sep(5, {"import", tmp() + "/p.csv", "--map", tmp() + "/p.toml"});
  CHECK(r.stderr_line(0) == "tier: warning: " + tmp() +
                                "/p.csv:2: row 1: refused by rule 'valid-values': unknown priority 'P9'; low, normal, "
                                "high or urgent");
  CHECK(r.stderr_line(1) == "tier: warning: " + tmp() +
                                "/p.csv:4: row 3: refused by rule 'valid-values': created 2026-11-23T12:01:00Z is later "
                                "than now");
  EXPECT_TEXT(ticket_fields(tier({"list", "--format", "ids"}), {"title", "priority"}).output, "title=B\npriority=high");
}

TEST_CASE_FIXTURE(Io, "io: import CSV: an unterminated quote is malformed, exit 6, nothing committed") {
  new_store();
  old_desk();
  write_file(tmp() + "/cut.csv", "Subject,Requester Email\r\nA,ann@milne.example.edu\r\n\"B,ann@milne.example.edu\r\n");
  write_file(tmp() + "/two.toml", "[columns]\ntitle = \"Subject\"\nemail = \"Requester Email\"\n");
  Run r = run_sep(6, {"import", tmp() + "/cut.csv", "--map", tmp() + "/two.toml"});
  CHECK(r.err == "tier: error: " + tmp() + "/cut.csv:3: a quoted field is not closed");
  write_file(tmp() + "/wide.csv", "Subject,Requester Email\r\nA,ann@milne.example.edu,extra\r\n");
  r = run_sep(6, {"import", tmp() + "/wide.csv", "--map", tmp() + "/two.toml"});
  CHECK(r.err == "tier: error: " + tmp() + "/wide.csv:2: the record has 3 fields, the header 2");
  CHECK(commit_count() == 1);
}

TEST_CASE_FIXTURE(Io, "io: import CSV: a mapping naming no such column, or an empty one, is exit 6 with file, line and key") {
  new_store();
  old_desk();
  const std::string map = tmp() + "/map.toml";
  sh_out("sed -i 's/\"Subject\"/\"Subjet\"/' '" + map + "'");
  Run r = run_sep(6, {"import", tmp() + "/old.csv", "--map", map});
  CHECK(r.err == "tier: error: " + map + ":2:9: no column 'Subjet' in the header of '" + tmp() + "/old.csv'");
  sh_out("sed -i 's/\"Subjet\"/\"\"/' '" + map + "'");
  r = run_sep(6, {"import", tmp() + "/old.csv", "--map", map});
  CHECK(r.err == "tier: error: " + map + ":2:9: the column for 'title' in [columns] is empty");
  write_file(map, "[columns]\ntitle = \"Subject\"\nemail = \"Requester Email\"\nsubject = \"x\"\n");
  r = run_sep(6, {"import", tmp() + "/old.csv", "--map", map});
  CHECK(r.err == "tier: error: " + map + ":4:1: unknown field 'subject' in [columns]");
  CHECK(commit_count() == 1);
}

TEST_CASE_FIXTURE(Io, "io: import: the format comes from the name or --format; CSV needs --map; an agent is needed") {
  new_store();
  old_desk();
  const std::string txt = tmp() + "/old.txt";
  fs::copy_file(tmp() + "/old.csv", txt);
  Run r = run_sep(2, {"import", txt});
  CHECK(r.stderr_line(0) == "tier: error: cannot tell the format of '" + txt + "'");
  r = run_sep(2, {"import", txt, "--format", "csv"});
  CHECK(r.stderr_line(0) == "tier: error: a CSV import needs a mapping file");
  run_sep(5, {"import", txt, "--format", "csv", "--map", tmp() + "/map.toml"});
  CHECK(commit_count() == 2);
  r = run_sep(3, {"import", tmp() + "/none.json"});
  CHECK(r.err == "tier: error: cannot read '" + tmp() + "/none.json'");
  r = run_sep(5, {"--agent", "mallory@example.edu", "import", tmp() + "/old.csv", "--map", tmp() + "/map.toml"});
  CHECK(r.stderr_line(0) == "tier: error: refused by rule 'unknown-agent': 'mallory@example.edu' is not an agent of this help desk");
  CHECK(commit_count() == 2);
}

TEST_CASE_FIXTURE(Io, "io: export: a ticket file that cannot be read is left out, the rest exported, exit 6") {
  new_store_with_fixture("desk");
  sh_out(R"(sed -i 's/^status = "new"$/status = "opne"/' tickets/aa/T-aaaa0001.toml)");
  commit_by_hand("a bad edit");
  Run r = run_sep(6, {"export", "--format", "csv"});
  CHECK(r.lines().size() == 7);
  CHECK(r.line(1).starts_with("T-bbbb0002,"));
  EXPECT_TEXT(r.err, R"(tier: warning: tickets/aa/T-aaaa0001.toml:4:10: unknown status 'opne'
tier: error: 1 ticket file could not be read and is not in the export
hint: 'tier check' lists what is wrong)");
}

TEST_CASE_FIXTURE(Io, "io: import CSV: the local hook on-create runs for each row and may refuse it") {
  new_store();
  old_desk();
  fs::create_directories(".git/tier/hooks");
  write_file(".git/tier/hooks/on-create", R"(#!/bin/sh
if grep -q '"title":"Toner' ; then echo "no toner tickets here" >&2; exit 1; fi
)");
  fs::permissions(".git/tier/hooks/on-create", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                                    fs::perms::others_read | fs::perms::others_exec);
  Run r = run_sep(5, {"import", tmp() + "/old.csv", "--map", tmp() + "/map.toml"});
  CHECK(r.lines().size() == 1);
  CHECK(r.stderr_line(2) == "tier: warning: " + tmp() +
                                "/old.csv:6: row 4: refused by rule 'local-hook': refused by the local hook "
                                "'on-create': no toner tickets here");
  CHECK(r.stderr_line(3) == "tier: error: refused 3 of 4 rows; imported the other 1 ticket in one commit");
}

}  // namespace tier::test
