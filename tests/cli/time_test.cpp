// Times in the local zone: shown with the zone's abbreviation, read in
// every form of tier(1)'s Times, kept in UTC in the files and in --json.
// The zone is America/New_York, with its switch days of 2026: March 8
// (02:00 EST becomes 03:00 EDT) and November 1 (02:00 EDT becomes 01:00 EST).
// 2026-12-04 is a Friday. (Moved from tests/e2e/time.bats.)

#include "driver.hpp"

namespace tier::test {
namespace {

const std::string DANA = "dana.ruiz@milne.example.edu";

struct Zoned : Sandbox {
  Zoned() {
    set("TZ", "America/New_York");
    new_store();
  }

  void when(const std::string& t) { set("TIER_NOW", t); }

  // `tier show ID | grep "^FIELD "`: the status is grep's, $output the
  // lines that start with the field's name (after what tier wrote to
  // standard error, which the pipe does not take).
  Run show_field(const std::string& id, const std::string& field, const Env& env = {}) {
    const Run shown = run_any({"show", id}, env, {}, true);
    Run r;
    r.status = 1;
    std::string matched;
    for (const auto& l : shown.lines())
      if (l.starts_with(field + " ")) {
        matched += (matched.empty() ? "" : "\n") + l;
        r.status = 0;
      }
    r.output = shown.err.empty() ? matched : shown.err + "\n" + matched;
    return r;
  }

  std::string create(const Env& env = {}) {
    return tier({"create", "--title", "Dock not detected", "--email", DANA}, env);
  }
};

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE_FIXTURE(Zoned, "time: show, log and overdue give the times in the local zone, with its abbreviation") {
  when("2026-07-04T15:00:00Z");
  const std::string id = create();
  when("2026-12-04T15:00:00Z");
  tier({"-q", "claim", id});
  Run r = show_field(id, "created");
  CHECK(r.status == 0);
  CHECK(r.output == "created     2026-07-04 11:00 EDT");
  r = show_field(id, "updated");
  CHECK(r.status == 0);
  CHECK(r.output == "updated     2026-12-04 10:00 EST");
  r = run(0, {"log", id});
  EXPECT_TEXT(r.output, R"(2026-07-04 11:00 EDT  alice@example.edu  create in service-desk
2026-12-04 10:00 EST  alice@example.edu  claim)");
  r = run(0, {"overdue"});
  CHECK(like(r.line(1), "*  respond  2026-07-04 15:00 EDT  *  Dock not detected"));
  // --json, the exports and the file keep UTC
  r = run(0, {"show", id, "--json"});
  CHECK(contains(r.output, R"("created":"2026-07-04T15:00:00Z")"));
  CHECK(contains(r.output, R"("updated":"2026-12-04T15:00:00Z")"));
  r = run(0, {"list", "--format", "csv"});
  CHECK(contains(r.line(1), ",2026-07-04T15:00:00Z,2026-12-04T15:00:00Z,Dock not detected,"));
  CHECK(has_line(ticket_file(id), "updated = 2026-12-04T15:00:00Z"));
}

TEST_CASE_FIXTURE(Zoned, "time: appoint --at 'tomorrow 10:00' is ten in the morning, local time, kept in UTC") {
  when("2026-12-04T15:00:00Z");
  const std::string id = create();
  const Args visit = {"--technician", "bob@example.edu", "--place", "B12"};
  Run r = run_sep(0, Args{"appoint", id, "--at", "tomorrow 10:00"} + visit);
  CHECK(r.err == "appointment for " + id + ": 2026-12-05 10:00 EST at B12 with bob@example.edu");
  CHECK(has_line(ticket_file(id), "at = 2026-12-05T15:00:00Z"));
  r = run(0, {"show", id, "--json"});
  CHECK(contains(r.output, R"("appointment":{"at":"2026-12-05T15:00:00Z",)"));
  r = show_field(id, "appointment");
  CHECK(r.status == 0);
  CHECK(r.output == "appointment 2026-12-05 10:00 EST at B12 with bob@example.edu  upcoming");
  // a weekday ahead is the next one; a duration is that far ahead
  tier(Args{"-q", "appoint", id, "--at", "monday 9:30"} + visit);
  CHECK(has_line(ticket_file(id), "at = 2026-12-07T14:30:00Z"));
  tier(Args{"-q", "appoint", id, "--at", "friday"} + visit);
  CHECK(has_line(ticket_file(id), "at = 2026-12-11T05:00:00Z"));
  tier(Args{"-q", "appoint", id, "--at", "2h"} + visit);
  CHECK(has_line(ticket_file(id), "at = 2026-12-04T17:00:00Z"));
  tier(Args{"-q", "appoint", id, "--at", "2026-12-08 14:00"} + visit);
  CHECK(has_line(ticket_file(id), "at = 2026-12-08T19:00:00Z"));
  tier(Args{"-q", "appoint", id, "--at", "2026-12-08T14:00:00Z"} + visit);
  CHECK(has_line(ticket_file(id), "at = 2026-12-08T14:00:00Z"));
}

TEST_CASE_FIXTURE(Zoned, "time: the day daylight saving begins: 23 hours, and 02:30 is 03:30 EDT") {
  when("2026-03-08T06:30:00Z");
  const std::string id = create();
  Run r = show_field(id, "created");
  CHECK(r.status == 0);
  CHECK(r.output == "created     2026-03-08 01:30 EST");
  when("2026-03-08T16:00:00Z");
  const Args visit = {"--technician", "bob@example.edu", "--place", "B12"};
  r = run_sep(0, Args{"appoint", id, "--at", "today 02:30"} + visit);
  CHECK(r.err == "appointment for " + id + ": 2026-03-08 03:30 EDT at B12 with bob@example.edu");
  CHECK(has_line(ticket_file(id), "at = 2026-03-08T07:30:00Z"));
  tier(Args{"-q", "appoint", id, "--at", "tomorrow 9:00"} + visit);
  CHECK(has_line(ticket_file(id), "at = 2026-03-09T13:00:00Z"));
  r = show_field(id, "appointment");
  CHECK(r.status == 0);
  CHECK(r.output == "appointment 2026-03-09 09:00 EDT at B12 with bob@example.edu  upcoming");
  // today began at midnight EST, five hours behind UTC
  r = run(0, {"stats", "--since", "today", "--json"});
  CHECK(contains(r.output, R"("created":1,)"));
  r = run(0, {"stats", "--since", "2026-03-08T05:00:01Z", "--json"});
  CHECK(contains(r.output, R"("created":1,)"));
  r = run(0, {"stats", "--since", "2026-03-08T06:30:01Z", "--json"});
  CHECK(contains(r.output, R"("created":0,)"));
}

TEST_CASE_FIXTURE(Zoned, "time: the day daylight saving ends: 01:30 twice, the earlier taken") {
  when("2026-11-01T17:00:00Z");
  const std::string id = create();
  Run r = show_field(id, "created");
  CHECK(r.status == 0);
  CHECK(r.output == "created     2026-11-01 12:00 EST");
  const Args visit = {"--technician", "bob@example.edu", "--place", "B12"};
  r = run_sep(0, Args{"appoint", id, "--at", "2026-11-01 01:30"} + visit);
  CHECK(r.err == "appointment for " + id + ": 2026-11-01 01:30 EDT at B12 with bob@example.edu");
  CHECK(has_line(ticket_file(id), "at = 2026-11-01T05:30:00Z"));
  tier(Args{"-q", "appoint", id, "--at", "today 13:00"} + visit);
  CHECK(has_line(ticket_file(id), "at = 2026-11-01T18:00:00Z"));
  r = run(0, {"log", id});
  CHECK(r.line(1) ==
        "2026-11-01 12:00 EST  alice@example.edu  appoint 2026-11-01 01:30 EDT at B12 with bob@example.edu");
  // today began at midnight EDT, four hours behind UTC
  r = run(0, {"stats", "--since", "today", "--until", "tomorrow", "--json"});
  CHECK(contains(r.output, R"("created":1,)"));
  r = run(0, {"stats", "--since", "yesterday", "--until", "today", "--json"});
  CHECK(contains(r.output, R"("created":0,)"));
}

TEST_CASE_FIXTURE(Zoned, "time: stats --since monday is the most recent local Monday's midnight; 3d is three days ago") {
  for (const char* t : {"2026-11-29T12:00:00Z", "2026-11-30T04:30:00Z", "2026-11-30T06:00:00Z",
                              "2026-12-03T16:00:00Z"}) {
    when(t);
    tier({"-q", "create", "--title", std::string("Created ") + t, "--email", DANA});
  }
  when("2026-12-04T15:00:00Z");
  // 2026-11-30T04:30Z is still Sunday evening in New York
  Run r = run(0, {"stats", "--since", "monday", "--json"});
  CHECK(contains(r.output, R"("created":2,)"));
  r = run(0, {"stats", "--since", "mon", "--until", "thursday", "--json"});
  CHECK(contains(r.output, R"("created":1,)"));
  r = run(0, {"stats", "--since", "3d", "--json"});
  CHECK(contains(r.output, R"("created":1,)"));
  r = run(0, {"stats", "--since", "2026-11-30 00:00", "--json"});
  CHECK(contains(r.output, R"("created":2,)"));
  r = run(0, {"stats", "--since", "monday", "--json"}, {{"TZ", "UTC"}});
  CHECK(contains(r.output, R"("created":3,)"));
}

TEST_CASE_FIXTURE(Zoned, "time: close --resolved-before takes a weekday, a date or a duration") {
  when("2026-11-30T14:00:00Z");
  const std::string a = tier({"create", "--title", "Monday morning", "--email", DANA});
  tier({"-q", "claim", a});
  tier({"-q", "resolve", a, "-m", "Done."});
  when("2026-12-02T14:00:00Z");
  const std::string b = tier({"create", "--title", "Wednesday morning", "--email", DANA});
  tier({"-q", "claim", b});
  tier({"-q", "resolve", b, "-m", "Done."});
  when("2026-12-04T15:00:00Z");
  Run r = run(0, {"close", "--resolved-before", "tuesday", "--json"});
  CHECK((contains(r.output, "\"" + a + "\"") && !contains(r.output, "\"" + b + "\"")));
  r = run(0, {"close", "--resolved-before", "1d", "--json"});
  CHECK(contains(r.output, "\"" + b + "\""));
}

TEST_CASE_FIXTURE(Zoned, "time: store.timezone is used when TZ is not set; TZ wins when it is") {
  when("2026-12-04T15:00:00Z");
  const std::string id = create();
  sh(0, R"(sed -i 's|^timezone = "UTC" |timezone = "America/Chicago" |' .tier/config.toml)");
  sh(0, R"(grep -q '^timezone = "America/Chicago"' .tier/config.toml)");
  commit_by_hand("the help desk is in Chicago");
  unset("TZ");
  Run r = show_field(id, "created");
  CHECK(r.status == 0);
  CHECK(r.output == "created     2026-12-04 09:00 CST");
  r = show_field(id, "created", {{"TZ", "America/New_York"}});
  CHECK(r.status == 0);
  CHECK(r.output == "created     2026-12-04 10:00 EST");
  r = show_field(id, "created", {{"TZ", ":Europe/Berlin"}});
  CHECK(r.status == 0);
  CHECK(r.output == "created     2026-12-04 16:00 CET");
  r = show_field(id, "created", {{"TZ", "UTC"}});
  CHECK(r.status == 0);
  CHECK(r.output == "created     2026-12-04 15:00 UTC");
  // local dates are read in the store's zone too
  r = run(0, {"stats", "--since", "2026-12-04 09:00", "--json"});
  CHECK(contains(r.output, R"("created":1,)"));
  r = run(0, {"stats", "--since", "2026-12-04 09:01", "--json"});
  CHECK(contains(r.output, R"("created":0,)"));
}

TEST_CASE_FIXTURE(Zoned, "time: a TZ the database does not know is warned about once, and UTC is used") {
  when("2026-12-04T15:00:00Z");
  const Env atlantis = {{"TZ", "Nowhere/Atlantis"}};
  const std::string id = create(atlantis);
  Run r = run_sep(0, {"log", id}, atlantis);
  CHECK(r.output == "2026-12-04 15:00 UTC  alice@example.edu  create in service-desk");
  CHECK(r.err == "tier: warning: unknown time zone 'Nowhere/Atlantis' in TZ: times are shown in UTC");
  // a command that shows no time does not look the zone up
  r = run_sep(0, {"list", "--format", "ids"}, atlantis);
  CHECK(r.err.empty());
}

TEST_CASE_FIXTURE(Zoned, "time: a time in none of the forms is a usage error naming the option") {
  when("2026-12-04T15:00:00Z");
  const std::string id = create();
  const std::string hint =
      "hint: give an RFC 3339 time (2026-12-04T15:00:00Z), a local date and time (2026-12-04 10:00, 2026-12-04), "
      "now, today, yesterday, tomorrow or a weekday with an optional time (tomorrow 10:00), or a duration (3d, 4h)";
  const Args visit = {"--technician", "bob@example.edu", "--place", "B12"};
  Run r = run_sep(2, Args{"appoint", id, "--at", "next week"} + visit);
  CHECK(r.err == "tier: error: bad time 'next week' for '--at'\n" + hint);
  r = run_sep(2, Args{"appoint", id, "--at", "2026-02-30 10:00"} + visit);
  CHECK(r.stderr_line(0) == "tier: error: bad time '2026-02-30 10:00' for '--at'");
  r = run_sep(2, {"stats", "--until", "tomorrow 25:00"});
  CHECK(r.stderr_line(0) == "tier: error: bad time 'tomorrow 25:00' for '--until'");
  r = run_sep(2, {"report", "--html", "-", "--since", "soon"});
  CHECK(r.stderr_line(0) == "tier: error: bad time 'soon' for '--since'");
  r = run_sep(2, {"close", "--resolved-before", "7x"});
  CHECK(r.stderr_line(0) == "tier: error: bad time '7x' for '--resolved-before'");
  r = run_sep(2, {"--json", "stats", "--since", "soon"});
  CHECK(contains(r.err, R"("code":2)"));
}

}  // namespace tier::test
