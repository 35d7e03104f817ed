// tier ingest: a requester's mail becomes a ticket, a public comment or a
// reopening; bad mail is refused whole, with its exit status and reason.
// (Moved from tests/e2e/ingest.bats; the mail comes on standard input from
// a file, as `tier ingest <file` gets it. Ingest in a clone that pulls and
// pushes stays there.)

#include <filesystem>


#include "driver.hpp"

namespace tier::test {
namespace {

namespace fs = std::filesystem;

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

struct Ingest : Sandbox {
  const std::string MAIL = source_dir() + "/tests/e2e/fixtures/mail";
  std::string ID;

  Ingest() { new_store(); }

  // A fixture with @ID@ replaced by the ticket's id, as a file to read.
  Input mail_for(const std::string& fixture) {
    const std::string path = tmp() + "/mail-for." + fixture;
    write_file(path, replace_all(read_file(MAIL + "/" + fixture), "@ID@", ID));
    return Input::from(path);
  }
  std::string mail_text_for(const std::string& fixture) {
    return replace_all(read_file(MAIL + "/" + fixture), "@ID@", ID);
  }

  // A ticket of Dana's, claimed by Alice; its id in ID.
  void opened_ticket() {
    ID = tier({"create", "--title", "Printer on floor 2 jams", "--email", "dana.ruiz@milne.example.edu", "--name",
               "Dana Ruiz", "-m", "It jams."},
              {{"TIER_NOW", "2026-11-23T10:00:00Z"}});
    tier({"-q", "claim", ID}, {{"TIER_NOW", "2026-11-23T10:10:00Z"}});
  }
  void pending_ticket() {
    opened_ticket();
    tier({"-q", "comment", ID, "--pending", "-m", "Which floor is it on?"}, {{"TIER_NOW", "2026-11-23T10:30:00Z"}});
  }
  void resolved_ticket() {
    opened_ticket();
    tier({"-q", "resolve", ID, "-m", "Rollers cleaned."}, {{"TIER_NOW", "2026-11-23T12:00:00Z"}});
  }
  void closed_ticket() {
    resolved_ticket();
    tier({"-q", "close", ID}, {{"TIER_NOW", "2026-11-23T12:30:00Z"}});
  }

  // The last log entry of the ticket, as the file has it.
  std::string last_entry() {
    const std::string text = read_file(ticket_file(ID));
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
      const auto nl = text.find('\n', start);
      lines.push_back(text.substr(start, nl == std::string::npos ? nl : nl - start));
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    std::size_t from = 0;
    for (std::size_t i = 0; i < lines.size(); ++i)
      if (lines[i] == "[[log]]") from = i;
    std::string out;
    for (std::size_t i = from; i < lines.size(); ++i) out += lines[i] + "\n";
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }

  // Runs `tier ingest` on a fixture and checks that it fails with the exit
  // status `code` and the message, and that nothing was committed.
  void expect_refused(int code, const std::string& fixture, const std::string& message) {
    const int before = commit_count();
    Run r = run_sep(code, {"ingest"}, {}, mail_for(fixture));
    CHECK(r.output.empty());
    EXPECT_TEXT(r.err, message);
    CHECK(commit_count() == before);
    expect_clean_status();
  }
};

// ingest.bats' shape of an id: ^T-[0-9a-z]{8}$.
bool is_any_id(const std::string& s) { return is_id(s, "T", "0123456789abcdefghijklmnopqrstuvwxyz"); }

}  // namespace

TEST_CASE_FIXTURE(Ingest, "ingest: a new message becomes a ticket, as the requester, with no agent set") {
  unset("TIER_AGENT");
  sh_out("git config --global --unset user.email");
  Run r = run_sep(0, {"ingest"}, {{"TIER_NOW", "2026-11-23T10:00:00Z"}}, Input::from(MAIL + "/new.eml"));
  CHECK(r.err.empty());
  ID = r.output;
  REQUIRE(is_any_id(ID));
  CHECK(tier({"list", "--format", "ids"}) == ID);
  std::string got = read_file(ticket_file(ID));
  while (!got.empty() && got.back() == '\n') got.pop_back();
  EXPECT_TEXT(got, expand(R"(format = 1
id = "$ID"
title = "Printer on floor 2 jams — again"
status = "new"
priority = "normal"
category = ""
tier = 1
group = "service-desk"
assignee = ""
owner = ""
escalations = 0
handbacks = 0
tags = []
created = 2026-11-23T10:00:00Z
updated = 2026-11-23T10:00:00Z

[requester]
name = "Dana Rúiz"
email = "dana.ruiz@milne.example.edu"
organization = "milne"

[[log]]
at = 2026-11-23T10:00:00Z
by = "dana.ruiz@milne.example.edu"
event = "create"
to = "service-desk"
tier = 1
visibility = "public"
title = "Printer on floor 2 jams — again"
priority = "normal"
requester = { name = "Dana Rúiz", email = "dana.ruiz@milne.example.edu", organization = "milne" }
message_id = "20261123095840.4711@milne.example.edu"
text = """
Hello,

the printer on floor 2 (HP 4000, asset LT-20931) jams on every page – since this morning.""")",
                          {{"ID", ID}}));
  got = sh_out("git log -1 --format='%an <%ae>|%s|%(trailers:key=Tier-Op,valueonly)'");
  EXPECT_TEXT(got, "Dana Rúiz <dana.ruiz@milne.example.edu>|create " + ID + ": Printer on floor 2 jams — again|create");
  expect_clean_status();
  tier({"-q", "check"});
}

TEST_CASE_FIXTURE(Ingest, "ingest: --json prints what it did and the ticket") {
  Run r = run_sep(0, {"ingest", "--json"}, {}, Input::from(MAIL + "/new.eml"));
  REQUIRE(is_json(r.output));
  const Json j = Json::parse(r.output);
  const std::string got = j["action"].str() + " " +
                          j["ticket"]["requester"]["email"].str() + " " +
                          j["ticket"]["status"].str();
  EXPECT_TEXT(got, "created dana.ruiz@milne.example.edu new");
}

TEST_CASE_FIXTURE(Ingest, "ingest: a reply becomes a public comment by the requester, quotes and signature stripped") {
  opened_ticket();
  Run r = run_sep(0, {"ingest"}, {{"TIER_NOW", "2026-11-23T11:20:00Z"}}, mail_for("reply.eml"));
  CHECK(r.output == ID);
  CHECK(r.err.empty());
  EXPECT_TEXT(last_entry(), R"([[log]]
at = 2026-11-23T11:20:00Z
by = "dana.ruiz@milne.example.edu"
event = "comment"
visibility = "public"
message_id = "20261123112000.4712@milne.example.edu"
text = """
It's the 2nd floor, next to the café.
It still jams.""")");
  EXPECT_TEXT(ticket_fields(ID, {"status", "assignee"}).output, "status=open\nassignee=alice@example.edu");
  CHECK(sh_out("git log -1 --format='%ae|%s'") == "dana.ruiz@milne.example.edu|comment " + ID + ": Printer on floor 2 jams");
}

TEST_CASE_FIXTURE(Ingest, "ingest: a reply takes a pending ticket back to open") {
  pending_ticket();
  CHECK(ticket_fields(ID, {"status"}).output == "status=pending");
  Run r = run(0, {"ingest"}, {{"TIER_NOW", "2026-11-23T11:20:00Z"}}, mail_for("reply.eml"));
  CHECK(r.output == ID);
  EXPECT_TEXT(ticket_fields(ID, {"status", "assignee"}).output, "status=open\nassignee=alice@example.edu");
  CHECK(entry_count(ID, "comment") == 2);
}

TEST_CASE_FIXTURE(Ingest, "ingest: a reply reopens a resolved ticket, to its owner, with the reply as the note") {
  resolved_ticket();
  Run r = run_sep(0, {"ingest"}, {{"TIER_NOW", "2026-11-23T13:00:00Z"}}, mail_for("reopen.eml"));
  CHECK(r.output == ID);
  EXPECT_TEXT(last_entry(), R"([[log]]
at = 2026-11-23T13:00:00Z
by = "dana.ruiz@milne.example.edu"
event = "reopen"
visibility = "public"
text = "It jams again since the toner was changed.")");
  EXPECT_TEXT(ticket_fields(ID, {"status", "assignee"}).output, "status=open\nassignee=alice@example.edu");
  tier({"-q", "check"});
}

TEST_CASE_FIXTURE(Ingest, "ingest: mail without a From is invalid data") {
  expect_refused(6, "no-from.eml", "tier: error: the message has no From address");
}

TEST_CASE_FIXTURE(Ingest, "ingest: a From without an address is invalid data") {
  expect_refused(6, "bad-from.eml", "tier: error: cannot read the From address 'Dana Ruiz'");
}

TEST_CASE_FIXTURE(Ingest, "ingest: a free-mail address is refused by rule employer-email") {
  expect_refused(5, "free-mail.eml",
                 "tier: error: refused by rule 'employer-email': 'gmail.com' is a free-mail domain; the requester needs an employer address");
}

TEST_CASE_FIXTURE(Ingest, "ingest: an unknown domain is refused by rule supported-organization") {
  expect_refused(5, "unknown-domain.eml",
                 "tier: error: refused by rule 'supported-organization': no supported organization has the domain 'acme.example.com'");
}

TEST_CASE_FIXTURE(Ingest, "ingest: a reply from someone else than the requester is refused by rule requester-only") {
  opened_ticket();
  expect_refused(5, "not-requester.eml",
                 "tier: error: refused by rule 'requester-only': 'carl.berg@milne.example.edu' is not the requester of '" +
                     ID + "'; only the requester's mail is added to it\nhint: agents answer with 'tier comment'");
}

TEST_CASE_FIXTURE(Ingest, "ingest: broken MIME is invalid data") {
  expect_refused(6, "broken-mime.eml", "tier: error: the message is not valid MIME: a multipart has no boundary");
}

TEST_CASE_FIXTURE(Ingest, "ingest: what is not a message is invalid data") {
  expect_refused(6, "not-a-message.eml", "tier: error: the input is not a mail message: it has no headers");
}

TEST_CASE_FIXTURE(Ingest,
                  "ingest: a message over [limits] message and a third is invalid data; --max-size sets another limit") {
  // [limits] message = "3M": room for 3 MiB of files in base64, and a MiB of text.
  sh(0, "sed -i 's/^message = .*/message = \"3M\"/' .tier/config.toml && git commit -qam 'Smaller mail'");
  write_file("big.eml", read_file(MAIL + "/new.eml") + std::string(5242881, 'x'));
  const int before = commit_count();
  Run r = run_sep(6, {"ingest"}, {}, Input::from("big.eml"));
  EXPECT_TEXT(r.err, R"(tier: error: the message is larger than 5242880 bytes
hint: a larger limit is set with --max-size)");
  r = run_sep(6, {"ingest", "--max-size", "512"}, {}, Input::from(MAIL + "/new.eml"));
  EXPECT_TEXT(r.err, R"(tier: error: the message is larger than 512 bytes
hint: a larger limit is set with --max-size)");
  CHECK(commit_count() == before);
  r = run(2, {"ingest", "--max-size", "1G"}, {}, Input::from(MAIL + "/new.eml"));
  CHECK(r.output == "tier: error: --max-size is a number of bytes, with K or M for KiB or MiB, not '1G'");
  run(0, {"ingest", "--max-size", "2K"}, {}, Input::from(MAIL + "/new.eml"));
}

TEST_CASE_FIXTURE(Ingest, "ingest: a reply to a closed ticket is refused by rule closed") {
  closed_ticket();
  expect_refused(5, "reply.eml", "tier: error: refused by rule 'closed': '" + ID + "' is closed and read-only");
}

TEST_CASE_FIXTURE(Ingest, "ingest: a reply naming no ticket of this store is not found") {
  ID = "T-00000000";
  expect_refused(3, "reply.eml", "tier: error: no ticket 'T-00000000'");
}

TEST_CASE_FIXTURE(Ingest, "ingest: a reply with nothing but quotes is refused by rule note-required") {
  opened_ticket();
  write_file("quote.eml", "From: dana.ruiz@milne.example.edu\nSubject: Re: [" + ID +
                              "] x\n\nOn Mon, Help Desk wrote:\n> Which floor?\n");
  const int before = commit_count();
  Run r = run_sep(5, {"ingest"}, {}, Input::from("quote.eml"));
  EXPECT_TEXT(r.err, "tier: error: refused by rule 'note-required': the reply to '" + ID +
                         "' has no text of its own\nhint: quoted lines and the signature are left out");
  CHECK(commit_count() == before);
}

TEST_CASE_FIXTURE(Ingest, "ingest: automatic replies and the desk's own mail are ignored, to break loops") {
  opened_ticket();
  const int before = commit_count();
  Run r = run_sep(0, {"ingest"}, {}, mail_for("auto-reply.eml"));
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, "ignored the message: it is an automatic message (Auto-Submitted: auto-replied)");
  r = run_sep(0, {"ingest"}, {}, mail_for("from-desk.eml"));
  CHECK(r.output.empty());
  EXPECT_TEXT(r.err, "ignored the message: it comes from the help desk's own address 'helpdesk@example.edu'");
  r = run_sep(0, {"-q", "ingest"}, {}, mail_for("from-desk.eml"));
  CHECK(r.err.empty());
  CHECK(commit_count() == before);
}

TEST_CASE_FIXTURE(Ingest,
                  "ingest: --maildir handles new/ in name order, moves the handled to cur/, the refused to refused/") {
  opened_ticket();
  for (const char* d : {"../inbox/new", "../inbox/cur", "../inbox/tmp"}) fs::create_directories(d);
  fs::copy_file(MAIL + "/new.eml", "../inbox/new/1700000001.M1P1.host");
  fs::copy_file(MAIL + "/free-mail.eml", "../inbox/new/1700000002.M2P2.host");
  write_file("../inbox/new/1700000003.M3P3.host", mail_text_for("reply.eml"));
  write_file("../inbox/new/1700000004.M4P4.host", mail_text_for("auto-reply.eml"));
  fs::copy_file(MAIL + "/broken-mime.eml", "../inbox/new/1700000005.M5P5.host");
  const int before = commit_count();
  Run r = run_sep(6, {"ingest", "--maildir", "../inbox"});
  CHECK(r.line(1) == ID);
  CHECK(r.lines().size() == 2);
  const std::string NEW = r.line(0);
  CHECK(is_any_id(NEW));
  CHECK(NEW != ID);
  EXPECT_TEXT(r.err, R"(tier: error: 1700000002.M2P2.host: refused by rule 'employer-email': 'gmail.com' is a free-mail domain; the requester needs an employer address
ignored '1700000004.M4P4.host': it is an automatic message (Auto-Submitted: auto-replied)
tier: error: 1700000005.M5P5.host: the message is not valid MIME: a multipart has no boundary)");
  CHECK(sh_out("ls ../inbox/new").empty());
  EXPECT_TEXT(sh_out("ls ../inbox/cur"), R"(1700000001.M1P1.host:2,S
1700000003.M3P3.host:2,S
1700000004.M4P4.host:2,S)");
  EXPECT_TEXT(sh_out("ls ../inbox/refused"), R"(1700000002.M2P2.host
1700000005.M5P5.host)");
  // The reason is a header above the message's own, which follow unchanged.
  const std::string refused = read_file("../inbox/refused/1700000002.M2P2.host");
  const std::string header =
      "X-Tier-Refused: refused by rule 'employer-email': 'gmail.com' is a free-mail domain; the requester needs an "
      "employer address\n";
  CHECK(refused == header + read_file(MAIL + "/free-mail.eml"));
  CHECK(commit_count() == before + 2);
  CHECK(entry_count(ID, "comment") == 1);
  expect_clean_status();

  // Each refusal is reported once: the next run has nothing to say.
  r = run_sep(0, {"ingest", "--maildir", "../inbox"});
  CHECK(r.output.empty());
  CHECK(r.err.empty());
}

TEST_CASE_FIXTURE(Ingest, "ingest: --refused DIR takes the refused messages") {
  fs::create_directories("inbox/new");
  fs::copy_file(MAIL + "/free-mail.eml", "inbox/new/a");
  run_sep(5, {"ingest", "--maildir", "inbox", "--refused", "elsewhere"});
  CHECK(fs::is_regular_file("elsewhere/a"));
  CHECK(!fs::exists("inbox/refused"));
  CHECK(!fs::exists("inbox/new/a"));
}

TEST_CASE_FIXTURE(Ingest, "ingest: --maildir --json reports each message") {
  fs::create_directories("inbox/new");
  fs::copy_file(MAIL + "/new.eml", "inbox/new/a");
  fs::copy_file(MAIL + "/no-from.eml", "inbox/new/b");
  Run r = run_sep(6, {"ingest", "--maildir", "inbox", "--json"});
  REQUIRE(is_json(r.output));
  // As Python printed each: a missing value is None.
  const auto show = [](const Json& o, const char* key) {
    return o.contains(key) && !o[key].is_null() ? (o[key].is_string() ? o[key].str() : o[key].dump())
                                                : std::string("None");
  };
  std::string got;
  for (const auto& row : Json::parse(r.output).elements()) {
    const Json error = row["error"];
    got += (got.empty() ? "" : "\n") + row["file"].str() + " " + show(row, "action") + " " +
           show(error, "code") + " " + show(error, "message");
  }
  EXPECT_TEXT(got, R"(a created None None
b None 6 the message has no From address)");
  EXPECT_TEXT(r.err, R"({"error":{"code":6,"message":"the message has no From address"},"file":"b"})");
  CHECK(fs::is_regular_file("inbox/cur/a:2,S"));
  CHECK(fs::is_regular_file("inbox/refused/b"));
}

TEST_CASE_FIXTURE(Ingest, "ingest: --maildir without new/ is not found") {
  Run r = run(3, {"ingest", "--maildir", "nowhere"});
  CHECK(r.output == "tier: error: no maildir at 'nowhere': 'nowhere/new' is not a directory");
}

}  // namespace tier::test
