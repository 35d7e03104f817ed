// The JSON that scripts read holds to the schemas in schema/ (draft 2020-12):
// real outputs of a store with a whole workflow behind it are validated with
// tests/validate_json.py, and wrong objects are shown to be rejected, so the
// validator cannot pass by accident. (Moved from tests/e2e/schema.bats: the
// commands run in process, and one Python, started once for this file,
// answers every validation.)

#include <filesystem>
#include <set>
#include <sstream>


#include "driver.hpp"

namespace tier::test {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// `s/FROM/TO/` of sed on one line, or `${s/FROM/TO}` of bash: the first match.
std::string first(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

// The whole of `s` matches the glob made of `parts` with `*` between them.
bool glob(const std::string& s, const std::vector<std::string>& parts) {
  if (!s.starts_with(parts.front())) return false;
  std::size_t at = parts.front().size();
  for (std::size_t i = 1; i + 1 < parts.size(); ++i) {
    at = s.find(parts[i], at);
    if (at == std::string::npos) return false;
    at += parts[i].size();
  }
  return parts.size() == 1 ? s == parts.front() : (s.size() >= at + parts.back().size() && s.ends_with(parts.back()));
}

// `validate SCHEMA [--items|--lines]` as a bare command of a bats test: it must pass.
void valid(const std::string& text, const std::string& schema, const std::string& mode = "whole") {
  const Run r = SchemaValidator::validate(schema, text, mode);
  CHECK_MESSAGE(r.status == 0, "validate " << schema << " (" << mode << "): exit " << r.status << "\n" << r.output
                                           << "\nof:\n" << text);
}

// `run -CODE validate SCHEMA [--items|--lines]`.
Run validate(int code, const std::string& text, const std::string& schema, const std::string& mode = "whole") {
  Run r = SchemaValidator::validate(schema, text, mode);
  CHECK_MESSAGE(r.status == code, "validate " << schema << " (" << mode << "): exit " << r.status << ", expected "
                                              << code << "\n" << r.output << "\nof:\n" << text);
  return r;
}

struct Schema : Sandbox {
  std::string ID, QUEUED, CLOSED;

  // A ticket through tier 1 and tier 2 and back, with every kind of entry,
  // a second one left in the queue, a third closed. Made once.
  Schema() {
    copy_of_template("schema-store", [this](const std::string& dir) {
      new_store(dir);
      const Args t = {"--asset", "LT-20931", "--location", "Strand Ag B12", "--symptoms", "802.1X timeouts",
                      "--tried", "new driver", "--connection", "wireless"};
      set("TIER_NOW", "2026-11-23T09:00:00Z");
      const auto at = [](const char* hhmm) { return Env{{"TIER_NOW", std::string("2026-11-23T") + hhmm + ":00Z"}}; };
      const Args bob = {"-q", "--agent", "bob@example.edu"};
      const std::string id = tier({"create", "--title", "Laptop drops Wi-Fi", "--email", "dana.ruiz@milne.example.edu",
                                   "--name", "Dana Ruiz", "--category", "network", "--tag", "wifi", "-m",
                                   "It drops every ten minutes."});
      fs::create_directories(".git/tier/hooks");
      write_file(".git/tier/hooks/on-claim", "#!/bin/sh\ncat >\"" + dir + "/payload.json\"\n");
      fs::permissions(".git/tier/hooks/on-claim", fs::perms::owner_all | fs::perms::group_read |
                                                      fs::perms::group_exec | fs::perms::others_read |
                                                      fs::perms::others_exec);
      tier({"-q", "claim", id}, at("09:05"));
      fs::remove(".git/tier/hooks/on-claim");
      tier({"-q", "comment", id, "-m", "We are on it."}, at("09:06"));
      tier({"-q", "comment", id, "--private", "-m", "Event log: 802.1X timeouts."}, at("09:07"));
      tier(Args{"-q", "escalate", id, "-m", "Needs the RADIUS side."} + t, at("09:10"));
      tier(bob + Args{"claim", id}, at("09:20"));
      tier(bob + Args{"comment", id, "--private", "-m", "Cert expired."}, at("09:30"));
      tier(bob + Args{"handback", id, "-m", "Renewed the cert."}, at("09:40"));
      tier({"-q", "comment", id, "--pending", "-m", "Does it work now?"}, at("09:45"));
      tier({"-q", "edit", id, "--priority", "high", "--tag", "+radius"}, at("09:50"));
      tier({"-q", "resolve", id, "-m", "Fixed: the RADIUS certificate was renewed."}, at("09:55"));
      tier({"-q", "rate", id, "5"}, at("10:00"));
      tier({"-q", "reopen", id, "-m", "It dropped again."}, at("10:05"));
      tier({"-q", "appoint", id, "--at", "2026-11-24T14:00:00Z", "--technician", "carol@example.edu", "--place",
            "Strand Ag B12"},
           at("10:10"));
      const std::string queued =
          tier({"create", "--title", "Printer jams", "--email", "lee@strand.example.edu"}, at("10:20"));
      const std::string closed = tier({"create", "--title", "Password", "--email", "lee@strand.example.edu"}, at("10:30"));
      tier({"-q", "claim", closed}, at("10:31"));
      tier({"-q", "resolve", closed, "-m", "Reset."}, at("10:32"));
      write_file(dir + "/ids", id + " " + queued + " " + closed + "\n");
    });
    std::istringstream in(read_file("ids"));
    in >> ID >> QUEUED >> CLOSED;
    set("TIER_NOW", "2026-11-23T12:00:00Z");
  }
};

}  // namespace

TEST_CASE_FIXTURE(Schema, "schema: every schema is a valid draft 2020-12 schema") {
  std::vector<std::string> paths;
  for (const auto& e : fs::directory_iterator(source_dir() + "/schema"))
    if (e.path().string().ends_with(".schema.json")) paths.push_back(e.path().string());
  std::sort(paths.begin(), paths.end());
  const Run r = SchemaValidator::check(paths);
  CHECK(r.status == 0);
  CHECK(std::stoi(r.output) >= 15);
}

TEST_CASE_FIXTURE(Schema, "schema: show --json: the whole ticket, every kind of entry") {
  Run r = run_sep(0, {"show", ID, "--json"});
  valid(r.output, "ticket");
  // The story reached the keys that are only sometimes there.
  std::set<std::string> keys;
  const Json ticket = Json::parse(r.output);
  for (const auto& e : ticket["log"].elements())
    for (const auto& k : e.keys()) keys.insert(k);
  std::vector<std::string> missing;
  for (const char* k : {"to", "tier", "assignee", "visibility", "pending", "title", "priority", "category", "tags",
                        "requester", "asset", "location", "symptoms", "tried", "connection", "appointment", "score",
                        "text"})
    if (!keys.count(k)) missing.push_back(k);
  std::string names;
  for (const auto& k : missing) names += " " + k;
  CHECK_MESSAGE(missing.empty(), "missing:" << names);
}

TEST_CASE_FIXTURE(Schema, "schema: show --as-requester --json") {
  valid(run_sep(0, {"show", ID, "--as-requester", "--json"}).output, "requester-ticket");
}

TEST_CASE_FIXTURE(Schema, "schema: log --json") { valid(run_sep(0, {"log", ID, "--json"}).output, "log"); }

TEST_CASE_FIXTURE(Schema, "schema: list --json, --format json and --format ndjson") {
  Run r = run_sep(0, {"list", "--json"});
  valid(r.output, "list-row", "items");
  CHECK(Json::parse(r.output).size() == 3);
  valid(run_sep(0, {"list", "--format", "json"}).output, "list-row", "items");
  valid(run_sep(0, {"list", "--format", "ndjson"}).output, "list-row", "lines");
}

TEST_CASE_FIXTURE(Schema, "schema: queue --json") {
  Run r = run_sep(0, {"queue", "--json"});
  valid(r.output, "list-row", "items");
  CHECK(contains(r.output, "\"" + QUEUED + "\""));
}

TEST_CASE_FIXTURE(Schema, "schema: close --json") {
  Run r = run_sep(0, {"close", CLOSED, "--json"});
  valid(r.output, "list-row", "items");
  CHECK(contains(r.output, R"("status":"closed")"));
}

TEST_CASE_FIXTURE(Schema, "schema: a changing command's --json is the ticket") {
  valid(run_sep(0, {"comment", ID, "--private", "-m", "Booked.", "--json"}).output, "ticket");
}

TEST_CASE_FIXTURE(Schema, "schema: check --json, clean and with a problem") {
  valid(run_sep(0, {"check", "--json"}).output, "check");
  const std::string file = ticket_file(QUEUED);
  write_file(file, read_file(file) + "garbage\n");
  commit_by_hand();
  Run r = run_sep(6, {"check", "--json"});
  valid(r.output, "check");
  CHECK(contains(r.output, R"("problems":[{)"));
  valid(r.err, "error");
}

TEST_CASE_FIXTURE(Schema, "schema: init --json") {
  valid(run_sep(0, {"init", tmp() + "/other", "--json"}).output, "init");
}

TEST_CASE_FIXTURE(Schema, "schema: sync --json") {
  sh_out("git init -q --bare -b main '" + tmp() + "/server.git'");
  sh_out("git remote add origin '" + tmp() + "/server.git'");
  valid(run_sep(0, {"sync", "--json"}).output, "sync");
}

TEST_CASE_FIXTURE(Schema, "schema: the local hook's payload") {
  const std::string payload = read_file("payload.json");
  std::string output = payload;
  while (!output.empty() && output.back() == '\n') output.pop_back();
  valid(output, "hook-payload");
  CHECK(contains(output, R"("before":{)"));
}

TEST_CASE_FIXTURE(Schema, "schema: --json errors on stderr: usage, not found, conflict, refused with rule and hint") {
  Run r = run_sep(2, {"clam", "--json"});
  CHECK(r.output.empty());
  valid(r.err, "error");
  r = run_sep(2, {"list", "--status", "opne", "--json"});
  valid(r.err, "error");
  r = run_sep(3, {"show", "zzzz9999", "--json"});
  valid(r.err, "error");
  tier({"-q", "claim", QUEUED}, {{"TIER_NOW", "2026-11-23T12:01:00Z"}});
  r = run_sep(4, {"--agent", "carol@example.edu", "claim", QUEUED, "--json"});
  valid(r.err, "error");
  CHECK(contains(r.err, R"("rule":"already-claimed")"));
  r = run_sep(5, {"escalate", QUEUED, "-m", "Over to you.", "--json"});
  valid(r.err, "error");
  CHECK(contains(r.err, R"("rule":"escalation-template")"));
}

TEST_CASE_FIXTURE(Schema, "schema: search --json and --format ndjson: real hits") {
  Run r = run_sep(0, {"search", "drops", "--json"});
  valid(r.output, "search-hit", "items");
  CHECK(glob(r.output, {"[{", "\"id\":\"" + ID + "\"", R"("snippet":")", "drops", ""}));
  r = run_sep(0, {"search", "printer", "--format", "ndjson"});
  valid(r.output, "search-hit", "lines");
  CHECK(r.lines().size() == 1);
  CHECK(contains(r.output, "\"id\":\"" + QUEUED + "\""));
}

TEST_CASE_FIXTURE(Schema, "schema: stats --json: the totals, and rows by group, month and category (a null key)") {
  Run r = run_sep(0, {"stats", "--json"});
  valid(r.output, "stats");
  CHECK(glob(r.output, {R"({"backlog":)", R"("created":3,)", ""}));
  r = run_sep(0, {"stats", "--by", "group", "--json"});
  valid(r.output, "stats");
  CHECK(contains(r.output, R"("key":"service-desk")"));
  r = run_sep(0, {"stats", "--by", "month", "--json"});
  valid(r.output, "stats");
  CHECK(contains(r.output, R"("key":"2026-11")"));
  r = run_sep(0, {"stats", "--by", "week", "--json"});
  valid(r.output, "stats");
  CHECK(contains(r.output, R"("key":"2026-11-23")"));
  r = run_sep(0, {"stats", "--by", "category", "--json"});
  valid(r.output, "stats");
  CHECK(glob(r.output, {"", R"("key":"network")", R"("key":null)", ""}));
}

TEST_CASE_FIXTURE(Schema, "schema: overdue --json: a clock past due, and none") {
  // The example's [sla.normal] gives 4h to respond: the queued ticket is late by a day.
  Run r = run_sep(0, {"overdue", "--json"}, {{"TIER_NOW", "2026-11-24T14:20:00Z"}});
  valid(r.output, "overdue-row", "items");
  CHECK(contains(r.output, R"({"assignee":"","clock":"respond","due":"2026-11-23T14:20:00Z","group":"service-desk","id":")" +
                               QUEUED + "\","));
  r = run_sep(0, {"overdue", "--json"}, {{"TIER_NOW", "2026-11-23T10:21:00Z"}});
  CHECK(r.output == "[]");
  valid(r.output, "overdue-row", "items");
}

TEST_CASE_FIXTURE(Schema, "schema: day --json: held, elsewhere, queues, due and back") {
  const Env next_day = {{"TIER_NOW", "2026-11-24T10:00:00Z"}};
  Run r = run_sep(0, {"--agent", "carol@example.edu", "day", "--json", "--since", "2026-11-23"}, next_day);
  valid(r.output, "day");
  CHECK(contains(r.output, R"("held":[{"assignee":"carol@example.edu","group":"service-desk","id":")" + ID + "\","));
  CHECK(contains(r.output, R"("queues":[{"escalated":0,"group":"service-desk","new":1,"overdue":1}])"));
  CHECK(contains(r.output, R"({"due":"2026-11-23T14:20:00Z","id":")" + QUEUED + R"(","late":true,"title":"Printer jams","what":"respond"})"));
  CHECK(contains(r.output, R"({"due":"2026-11-24T14:00:00Z","id":")" + ID + R"(","late":false,"title":"Laptop drops Wi-Fi","what":"visit"})"));
  CHECK(contains(r.output, R"("back":[{"at":"2026-11-23T10:10:00Z","by":"alice@example.edu","id":")" + ID +
                               R"(","title":"Laptop drops Wi-Fi","why":"appointed"}])"));
  r = run_sep(0, {"--json"}, next_day);
  valid(r.output, "day");
  CHECK(contains(r.output, R"("elsewhere":[{"assignee":"carol@example.edu","group":"service-desk","id":")" + ID));
  CHECK(contains(r.output, R"("held":[],)"));
  Run bad = validate(1, first(r.output, R"("held":[])", R"("held":[{"id":"T-7k2m9qxa"}])"), "day");
  CHECK(contains(bad.output, "held"));
}

TEST_CASE_FIXTURE(Schema, "schema: notify --json: what waits after a failed sendmail") {
  const std::string failmail = tmp() + "/failmail";
  write_file(failmail, "#!/bin/sh\ncat >/dev/null\nexit 75\n");
  fs::permissions(failmail, fs::perms::owner_all);
  sh_out("sed -i \"s|^# sendmail = .*|sendmail = \\\"'" + failmail + "' -t -oi\\\"|\" .tier/config.toml");
  sh_out("git commit -q -am 'send through sendmail'");
  Run r = run_sep(0, {"notify", "--json"});
  CHECK(r.output == "[]");
  tier({"-q", "comment", ID, "-m", "A new certificate is on its way."});
  r = run_sep(0, {"notify", "--json"});
  valid(r.output, "notify-row", "items");
  CHECK(glob(r.output, {"", R"("message_id":"<)", R"("to":["dana.ruiz@milne.example.edu"])", ""}));
  // Delivered at last: the retry's report.
  write_file(failmail, "#!/bin/sh\ncat >/dev/null\n");
  r = run_sep(0, {"notify", "--retry", "--json"});
  valid(r.output, "notify-retry");
  CHECK(r.output == R"({"sent":2,"waiting":0})");
  r = run_sep(0, {"notify", "--retry", "--json"});
  CHECK(r.output == R"({"sent":0,"waiting":0})");
  valid(r.output, "notify-retry");
}

TEST_CASE_FIXTURE(Schema, "schema: ingest --json: created, commented, ignored, and --maildir with a failure") {
  const std::string mail = source_dir() + "/tests/e2e/fixtures/mail";
  Run r = run_sep(0, {"ingest", "--json"}, {}, Input::from(mail + "/new.eml"));
  valid(r.output, "ingest");
  CHECK(r.output.starts_with(R"({"action":"created","ticket":{)"));
  std::string reply = read_file(mail + "/reply.eml");
  for (auto at = reply.find("@ID@"); at != std::string::npos; at = reply.find("@ID@", at)) reply.replace(at, 4, ID);
  r = run_sep(0, {"ingest", "--json"}, {}, Input::of(reply));
  valid(r.output, "ingest");
  CHECK(glob(r.output, {R"({"action":"commented","ticket":{)", "\"id\":\"" + ID + "\"", ""}));
  r = run_sep(0, {"ingest", "--json"}, {}, Input::from(mail + "/auto-reply.eml"));
  valid(r.output, "ingest");
  CHECK(r.output.starts_with(R"({"action":"ignored","reason":")"));
  fs::create_directories("inbox/new");
  fs::copy_file(mail + "/no-from.eml", "inbox/new/a");
  sh_out("sed 's/4711@/4713@/' '" + mail + "/new.eml' >inbox/new/b");
  r = run_sep(6, {"ingest", "--maildir", "inbox", "--json"});
  valid(r.output, "ingest");
  CHECK(glob(r.output, {R"([{"error":{"code":6,)", R"("file":"a"},{"action":"created",)", R"("file":"b")", ""}));
}

TEST_CASE_FIXTURE(Schema, "schema: export --format json: one array, a whole ticket a line; import --json") {
  Run r = run_sep(0, {"export", "--format", "json"});
  valid(r.output, "ticket", "items");
  const auto lines = r.lines();
  CHECK(lines.size() == 5);
  CHECK(r.line(0) == "[");
  CHECK(r.line(4) == "]");
  for (std::size_t i = 1; i <= 3 && i < lines.size(); ++i) {
    std::string line = lines[i];
    if (line.ends_with(",")) line.pop_back();
    valid(line, "ticket");
  }
  valid(run_sep(0, {"export", "--as-requester"}).output, "requester-ticket", "items");
  tier({"export", "-o", tmp() + "/all.json"});
  // Into the same store: every ticket is there already.
  r = run_sep(5, {"import", tmp() + "/all.json", "--json"});
  valid(r.output, "import");
  CHECK(glob(r.output, {R"({"imported":[],"refused":[{"id":")", R"("row":1,"rule":"id-path"},)", ""}));
  // Into a new one: all three.
  tier({"init", "-q", "--example", tmp() + "/other"});
  cd(tmp() + "/other");
  r = run_sep(0, {"import", tmp() + "/all.json", "--json"});
  valid(r.output, "import");
  // three ids, in the file's order (which follows the random ids), none refused
  CHECK(glob(r.output, {R"({"imported":[")", R"("],"refused":[]})"}));
  CHECK(contains(r.output, "\"" + QUEUED + "\""));
  // grep -o '"T-[0-9a-z]*"' | wc -l
  int quoted_ids = 0;
  for (std::size_t at = r.output.find("\"T-"); at != std::string::npos; at = r.output.find("\"T-", at + 1)) {
    const std::size_t end = r.output.find_first_not_of("0123456789abcdefghijklmnopqrstuvwxyz", at + 3);
    if (end != std::string::npos && r.output[end] == '"') {
      ++quoted_ids;
      at = end;
    }
  }
  CHECK(quoted_ids == 3);
}

// The validator rejects what breaks a schema (it cannot pass everything).

TEST_CASE_FIXTURE(Schema, "schema: a wrong ticket is rejected: unknown status, extra key, missing key, bad entry") {
  const std::string good = run_sep(0, {"show", ID, "--json"}).output;
  Run r = validate(1, first(good, R"("status":"open")", R"("status":"opne")"), "ticket");
  CHECK(contains(r.output, "'opne' is not one of"));
  r = validate(1, first(good, "{", R"({"colour":"red",)"), "ticket");
  CHECK(contains(r.output, "'colour' was unexpected"));
  r = validate(1, first(good, R"("owner":"alice@example.edu",)", ""), "ticket");
  CHECK(contains(r.output, "'owner' is a required property"));
  r = validate(1, first(good, R"("event":"rate")", R"("event":"like")"), "ticket");
  CHECK(glob(r.output, {"", "/log/", "'like' is not one of", ""}));
  // A row is not a ticket, nor a ticket a row.
  r = validate(1, good, "list-row");
  CHECK(contains(r.output, "'log' was unexpected"));
}

TEST_CASE_FIXTURE(Schema, "schema: a wrong error object is rejected") {
  Run r = validate(1, R"({"error":{"code":5,"rule":"route"}})", "error");
  CHECK(contains(r.output, "'message' is a required property"));
  validate(1, R"({"error":{"code":0,"message":"fine"}})", "error");
  validate(1, R"({"error":{"code":5,"message":"refused","why":"x"}})", "error");
  validate(0, R"({"error":{"code":5,"rule":"route","message":"refused by rule 'route'","hint":"use --to"}})", "error");
}

TEST_CASE_FIXTURE(Schema, "schema: stats: both forms accepted, a missing, extra or out-of-range key rejected") {
  const std::string m = R"("created":4,"resolved":2,"handled":3,"backlog":7,"first_contact_resolution":0.5,
"first_response_mean":300,"first_response_median":240.5,"resolution_mean":null,"resolution_median":null,
"sla_compliance":0.75,"reopen_rate":null,
"escalation_rate":{"1":0.25,"2":null},"escalated_twice":1,"handbacks_per_ticket":0.75,
"csat_mean":4.5,"csat_count":2,"resolved_by_article":1)";
  validate(0, "{" + m + "}", "stats");
  validate(0, R"({"by":"week","rows":[{"key":"2026-11-02",)" + m + "}]}", "stats");
  validate(1, R"({"by":"week","rows":[{"key":"2026-11",)" + m + "}]}", "stats");
  validate(1, R"({"by":"month","rows":[{"key":"2026-11-02",)" + m + "}]}", "stats");
  validate(1, "{" + first(m, R"("backlog":7,)", "") + "}", "stats");
  validate(1, "{" + first(m, R"(0.75,"reopen)", R"(1.75,"reopen)") + "}", "stats");
  validate(0, R"({"by":"group","rows":[{"key":"service-desk",)" + m + R"(},{"key":"cx-tier2",)" + m + "}]}", "stats");
  validate(1, "{" + first(m, R"("created":4,)", "") + "}", "stats");
  validate(1, "{" + first(m, R"(,"resolved_by_article":1)", "") + "}", "stats");
  validate(1, "{" + first(m, R"("resolved_by_article":1)", R"("resolved_by_article":-1)") + "}", "stats");
  validate(1, "{" + m + R"(,"median":3})", "stats");
  validate(1, "{" + first(m, "0.5", "1.5") + "}", "stats");
  validate(1, "{" + first(m, R"("1":0.25)", R"("one":0.25)") + "}", "stats");
  validate(1, R"({"by":"colour","rows":[]})", "stats");
  validate(1, R"({"by":"group","rows":[{)" + m + "}]}", "stats");
}

TEST_CASE_FIXTURE(Schema, "schema: search: a hit is a list row plus score and snippet") {
  const std::string listed = run_sep(0, {"list", "--json", "--limit", "1"}).output;
  // A search hit has no sla_left: the list row without it.
  const std::string with_left = listed.substr(1, listed.size() - 2);
  const std::string row = with_left.substr(0, with_left.rfind(R"(,"sla_left":)")) + "}";
  const std::string open_row = row.ends_with("}") ? row.substr(0, row.size() - 1) : row;
  validate(0, open_row + R"(,"score":1.5,"snippet":"drops every [ten] minutes"})", "search-hit");
  Run r = validate(1, row, "search-hit");
  CHECK(contains(r.output, "'score' is a required property"));
  validate(1, open_row + R"(,"score":1.5,"snippet":"x","rank":1})", "search-hit");
}

TEST_CASE_FIXTURE(Schema, "schema: stats: a null key is accepted, a month that is not YYYY-MM rejected") {
  const std::string m = R"("created":1,"resolved":0,"handled":0,"backlog":1,"first_contact_resolution":null,
"first_response_mean":null,"first_response_median":null,"resolution_mean":null,"resolution_median":null,
"sla_compliance":null,"reopen_rate":null,"escalation_rate":{},
"escalated_twice":0,"handbacks_per_ticket":0,"csat_mean":null,"csat_count":0,"resolved_by_article":0)";
  validate(0, R"({"by":"category","rows":[{"key":null,)" + m + "}]}", "stats");
  validate(0, R"({"by":"month","rows":[{"key":"2026-11",)" + m + "}]}", "stats");
  validate(1, R"({"by":"month","rows":[{"key":"November",)" + m + "}]}", "stats");
  validate(1, R"({"by":"month","rows":[{"key":null,)" + m + "}]}", "stats");
}

TEST_CASE_FIXTURE(Schema, "schema: a wrong overdue row is rejected: unknown clock, missing key, a done status") {
  const std::string good = run_sep(0, {"overdue", "--json"}, {{"TIER_NOW", "2026-11-24T14:20:00Z"}}).output;
  Run r = validate(1, first(good, R"("clock":"respond")", R"("clock":"reply")"), "overdue-row", "items");
  CHECK(contains(r.output, "/clock: 'reply' is not one of"));
  // sed 's/,"key":"[^"]*"//': the first match cut out.
  std::string keyless = good;
  if (const auto k = keyless.find(R"(,"key":")"); k != std::string::npos)
    keyless.erase(k, keyless.find('"', k + 8) + 1 - k);
  r = validate(1, keyless, "overdue-row", "items");
  CHECK(contains(r.output, "'key' is a required property"));
  r = validate(1, first(good, R"("status":"new")", R"("status":"closed")"), "overdue-row", "items");
  CHECK(contains(r.output, "/status: 'closed' is not one of"));
}

TEST_CASE_FIXTURE(Schema, "schema: a wrong notify row is rejected: to not an array, a bare message id, an extra key") {
  const std::string row =
      R"("file":"1764000000.M1P1.host","queued":"2026-11-23T12:00:00.123Z","message_id":"<a.b@example.edu>","subject":"[T-x] Hi")";
  validate(0, "[{" + row + R"(,"to":["dana.ruiz@milne.example.edu"]}])", "notify-row", "items");
  Run r = validate(1, "[{" + row + R"(,"to":"dana.ruiz@milne.example.edu"}])", "notify-row", "items");
  CHECK(contains(r.output, "/to: 'dana.ruiz@milne.example.edu' is not of type 'array'"));
  r = validate(1, "[{" + first(row, "<a.b@example.edu>", "a.b@example.edu") + R"(,"to":[]}])", "notify-row", "items");
  CHECK(contains(r.output, "/message_id: 'a.b@example.edu' does not match"));
  r = validate(1, "[{" + row + R"(,"to":[],"sent":false}])", "notify-row", "items");
  CHECK(contains(r.output, "'sent' was unexpected"));
}

TEST_CASE_FIXTURE(Schema, "schema: a wrong ingest result is rejected: a reason for a ticket, a file outside --maildir, an error without message") {
  validate(0, R"({"action":"ignored","reason":"it is an automatic message"})", "ingest");
  validate(0, R"([{"action":"ignored","reason":"it is an automatic message","file":"a"},{"file":"b","error":{"code":6,"message":"no From"}}])", "ingest");
  validate(1, R"({"action":"created","reason":"it is new"})", "ingest");
  validate(1, R"({"action":"ignored","reason":"it is an automatic message","file":"a"})", "ingest");
  validate(1, R"([{"file":"b","error":{"code":6}}])", "ingest");
  validate(1, R"({"action":"moved","reason":"x"})", "ingest");
}

TEST_CASE_FIXTURE(Schema, "schema: a wrong import summary is rejected: a bad id, row 0, a missing list") {
  validate(0, R"({"imported":["T-7k2m9qxa"],"refused":[{"row":2,"line":4,"rule":"employer-email","message":"free mail"}]})", "import");
  Run r = validate(1, R"({"imported":["7k2m9qxa"],"refused":[]})", "import");
  CHECK(contains(r.output, "/imported/0: '7k2m9qxa' does not match"));
  r = validate(1, R"({"imported":[],"refused":[{"row":0,"rule":"id-path","message":"x"}]})", "import");
  CHECK(contains(r.output, "/refused/0/row: 0 is less than the minimum of 1"));
  r = validate(1, R"({"imported":[]})", "import");
  CHECK(contains(r.output, "'refused' is a required property"));
}

}  // namespace tier::test
