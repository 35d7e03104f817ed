#include "formats/ticket_json.hpp"

#include <string>

#include <doctest/doctest.h>

#include "core/error.hpp"
#include "core/time.hpp"

using namespace tier;
using nlohmann::json;
using tier::formats::header_to_json;
using tier::formats::log_entry_to_json;
using tier::formats::ticket_from_json;
using tier::formats::ticket_to_json;

namespace {

LogEntry json_entry(Time at, std::string by, Event event) {
  LogEntry e;
  e.at = at;
  e.by = std::move(by);
  e.event = event;
  return e;
}

/// A ticket using every field, private and public notes among its entries.
Ticket json_ticket() {
  Ticket t;
  t.id = "T-7k2m9qxa";
  t.title = "Laptop drops Wi-Fi \xE2\x80\x94 caf\xC3\xA9 \"basement\"\n\\ok";
  t.status = Status::Resolved;
  t.priority = Priority::Urgent;
  t.category = "network";
  t.tier = 2;
  t.group = "cx-tier2";
  t.assignee = "bob@cx.example.edu";
  t.owner = "alice@cx.example.edu";
  t.escalations = 2;
  t.handbacks = 1;
  t.tags = {"wifi", "802.1x"};
  t.created = from_civil(2026, 11, 23, 10, 2, 11, 120);
  t.updated = from_civil(2026, 11, 25, 9, 0, 0);
  t.csat = 5;
  t.requester = {"Dana Ruiz", "dana.ruiz@milne.example.edu", "milne"};
  t.details = {"LT-20931", "Strand Ag B12", "", "Forgot network", "wireless"};
  t.appointment = Appointment{from_civil(2026, 11, 24, 14, 0, 0), "Strand Ag B12", "bob@cx.example.edu"};

  LogEntry create = json_entry(t.created, "alice@cx.example.edu", Event::Create);
  create.to = "service-desk";
  create.tier = 1;
  create.title = "Laptop drops Wi-Fi";
  create.priority = Priority::Normal;
  create.category = "";
  create.tags = std::vector<std::string>{};
  create.requester = t.requester;
  create.details.asset = "LT-20931";
  t.log.push_back(create);

  LogEntry note = json_entry(from_civil(2026, 11, 23, 10, 31, 40, 500), "alice@cx.example.edu",
                             Event::Escalate);
  note.to = "cx-tier2";
  note.tier = 2;
  note.visibility = Visibility::Private;
  note.details = t.details;
  note.text = "Driver reinstalled;\nstill drops. \"RADIUS\" \\ side";
  t.log.push_back(note);

  LogEntry ask = json_entry(from_civil(2026, 11, 23, 13, 0, 0), "alice@cx.example.edu", Event::Comment);
  ask.visibility = Visibility::Public;
  ask.pending = true;
  ask.text = "Could you retry?";
  t.log.push_back(ask);

  LogEntry appoint = json_entry(from_civil(2026, 11, 24, 9, 0, 0), "bob@cx.example.edu", Event::Appoint);
  appoint.appointment = t.appointment;
  appoint.assignee = "bob@cx.example.edu";
  t.log.push_back(appoint);

  LogEntry late = json_entry(from_civil(2026, 11, 24, 9, 1, 0), "carol@cx.example.edu", Event::Claim);
  late.void_reason = "already claimed";
  t.log.push_back(late);

  LogEntry resolve = json_entry(from_civil(2026, 11, 24, 15, 0, 0), "bob@cx.example.edu", Event::Resolve);
  resolve.visibility = Visibility::Public;
  resolve.text = "Fixed.";
  resolve.article = "wifi-drops";
  resolve.attachments = {{"guide.pdf", "application/pdf", 48213, "2f1e0c9b8a7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f"}};
  t.log.push_back(resolve);

  LogEntry rate = json_entry(from_civil(2026, 11, 25, 9, 0, 0), "dana.ruiz@milne.example.edu", Event::Rate);
  rate.score = 5;
  t.log.push_back(rate);
  return t;
}

std::string json_error_of(const json& j) {
  try {
    ticket_from_json(j, "import.json");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::Invalid);
    return e.what();
  }
  return "(no error)";
}

json with(json j, const json::json_pointer& at, json value) {
  j[at] = std::move(value);
  return j;
}

json without(json j, const json::json_pointer& at) {
  j[at.parent_pointer()].erase(at.back());
  return j;
}

}  // namespace

TEST_CASE("ticket_json: round trip of a ticket using every field") {
  const Ticket t = json_ticket();
  const json j = ticket_to_json(t);
  CHECK(ticket_from_json(j, "x") == t);
  CHECK(ticket_from_json(json::parse(j.dump()), "x") == t);

  Ticket bare;
  bare.id = "T-0000abcd";
  bare.created = bare.updated = Time{0};
  CHECK(ticket_from_json(ticket_to_json(bare), "x") == bare);
}

TEST_CASE("ticket_json: the header") {
  const Ticket t = json_ticket();
  const json h = header_to_json(t);
  CHECK(!h.contains("log"));
  CHECK(h["format"] == 1);
  CHECK(h["status"] == "resolved");
  CHECK(h["priority"] == "urgent");
  CHECK(h["created"] == "2026-11-23T10:02:11.120Z");
  CHECK(h["updated"] == "2026-11-25T09:00:00Z");
  CHECK(h["csat"] == 5);
  CHECK(h["tags"] == json::array({"wifi", "802.1x"}));
  CHECK(h["requester"] == json::parse(R"({"name": "Dana Ruiz", "email": "dana.ruiz@milne.example.edu",
                                          "organization": "milne"})"));
  CHECK(h["details"] == json::parse(R"({"asset": "LT-20931", "location": "Strand Ag B12", "symptoms": "",
                                        "tried": "Forgot network", "connection": "wireless"})"));
  CHECK(h["appointment"] == json::parse(R"({"at": "2026-11-24T14:00:00Z", "place": "Strand Ag B12",
                                            "technician": "bob@cx.example.edu"})"));

  Header empty;
  const json e = header_to_json(empty);
  CHECK(e["csat"].is_null());
  CHECK(e["appointment"].is_null());
  CHECK(e["tags"] == json::array());
  CHECK(e["details"].size() == 5);
  CHECK(e["details"]["connection"] == "");
  CHECK(ticket_to_json(Ticket{})["log"] == json::array());
}

TEST_CASE("ticket_json: log entries carry only their set keys") {
  const Ticket t = json_ticket();
  CHECK(log_entry_to_json(t.log[1]).dump() ==
        R"({"asset":"LT-20931","at":"2026-11-23T10:31:40.500Z","by":"alice@cx.example.edu",)"
        R"("connection":"wireless",)"
        R"("event":"escalate","location":"Strand Ag B12","text":"Driver reinstalled;\nstill drops. )"
        R"(\"RADIUS\" \\ side","tier":2,"to":"cx-tier2","tried":"Forgot network","visibility":"private"})");
  CHECK(log_entry_to_json(t.log[2]).dump() ==
        R"({"at":"2026-11-23T13:00:00Z","by":"alice@cx.example.edu","event":"comment","pending":true,)"
        R"("text":"Could you retry?","visibility":"public"})");
  CHECK(log_entry_to_json(t.log[3])["appointment"] ==
        json::parse(R"({"at": "2026-11-24T14:00:00Z", "place": "Strand Ag B12",
                        "technician": "bob@cx.example.edu"})"));
  CHECK(log_entry_to_json(t.log[4])["void"] == "already claimed");
  CHECK(log_entry_to_json(t.log[6])["score"] == 5);
  const json create = log_entry_to_json(t.log[0]);
  CHECK(create["category"] == "");
  CHECK(create["tags"] == json::array());
  CHECK(create["requester"]["organization"] == "milne");
  CHECK(!create.contains("text"));
  CHECK(!create.contains("visibility"));
  CHECK(!create.contains("pending"));
  CHECK(!create.contains("score"));
  CHECK(!create.contains("void"));
}

TEST_CASE("ticket_json: what the requester may see leaves out private entries and the internals") {
  const Ticket t = json_ticket();
  CHECK(ticket_to_json(t)["log"].size() == t.log.size());
  const json j = formats::requester_to_json(requester_view(t));
  for (const json& e : j["log"]) CHECK(e.value("visibility", "") != "private");
  CHECK(j.dump().find("RADIUS") == std::string::npos);
  CHECK(j["title"] == t.title);
  CHECK(!j.contains("group"));
  CHECK(!j.contains("details"));
}

TEST_CASE("ticket_json: error messages") {
  const json j = ticket_to_json(json_ticket());
  CHECK(json_error_of(json::array()) == "import.json: a ticket must be an object");
  CHECK(json_error_of(with(j, "/status"_json_pointer, "opne")) == "import.json: unknown status 'opne'");
  CHECK(json_error_of(with(j, "/titel"_json_pointer, "x")) == "import.json: unknown key 'titel'");
  CHECK(json_error_of(without(j, "/id"_json_pointer)) == "import.json: missing key 'id'");
  CHECK(json_error_of(with(j, "/tier"_json_pointer, "2")) == "import.json: 'tier' must be an integer");
  CHECK(json_error_of(with(j, "/tier"_json_pointer, 2.5)) == "import.json: 'tier' must be an integer");
  CHECK(json_error_of(with(j, "/tier"_json_pointer, 0)) == "import.json: 'tier' must be 1 or more");
  CHECK(json_error_of(with(j, "/tier"_json_pointer, 99999999999ULL)) == "import.json: 'tier' must be 1 or more");
  CHECK(json_error_of(with(j, "/escalations"_json_pointer, -1)) ==
        "import.json: 'escalations' must be zero or more");
  CHECK(json_error_of(with(j, "/csat"_json_pointer, 9)) == "import.json: 'csat' must be between 1 and 5");
  CHECK(json_error_of(with(j, "/format"_json_pointer, 2)) == "import.json: unsupported format 2");
  CHECK(json_error_of(with(j, "/created"_json_pointer, "yesterday")) ==
        "import.json: 'created' must be a date-time");
  CHECK(json_error_of(with(j, "/tags"_json_pointer, json::array({"a", 1}))) ==
        "import.json: 'tags' must be an array of strings");
  CHECK(json_error_of(without(j, "/requester/email"_json_pointer)) ==
        "import.json: missing key 'email' in requester");
  CHECK(json_error_of(with(j, "/requester"_json_pointer, "dana")) ==
        "import.json: 'requester' must be an object");
  CHECK(json_error_of(with(j, "/details/color"_json_pointer, "red")) ==
        "import.json: unknown key 'color' in details");
  CHECK(json_error_of(with(j, "/details/connection"_json_pointer, "wifi")) ==
        "import.json: unknown connection 'wifi' in details");
  CHECK(json_error_of(without(j, "/appointment/at"_json_pointer)) ==
        "import.json: missing key 'at' in appointment");
  CHECK(json_error_of(with(j, "/log"_json_pointer, json::object())) == "import.json: 'log' must be an array");
  CHECK(json_error_of(with(j, "/log/2/event"_json_pointer, "clam")) ==
        "import.json: unknown event 'clam' in log[2]");
  CHECK(json_error_of(without(j, "/log/1/by"_json_pointer)) == "import.json: missing key 'by' in log[1]");
  CHECK(json_error_of(with(j, "/log/1/visibility"_json_pointer, "secret")) ==
        "import.json: unknown visibility 'secret' in log[1]");
  CHECK(json_error_of(with(j, "/log/2/pending"_json_pointer, 1)) ==
        "import.json: 'pending' must be a boolean in log[2]");
  CHECK(json_error_of(with(j, "/log/6/score"_json_pointer, 6)) ==
        "import.json: 'score' must be between 1 and 5 in log[6]");
  CHECK(json_error_of(with(j, "/log/0/note"_json_pointer, "x")) == "import.json: unknown key 'note' in log[0]");
  CHECK(json_error_of(without(j, "/log/0/requester/email"_json_pointer)) ==
        "import.json: missing key 'email' in log[0].requester");
  CHECK(json_error_of(with(j, "/log/3/appointment/at"_json_pointer, 5)) ==
        "import.json: 'at' must be a date-time in log[3].appointment");
  CHECK(json_error_of(with(j, "/log/3"_json_pointer, "claim")) ==
        "import.json: a log entry must be an object in log[3]");
  CHECK(json_error_of(with(j, "/status"_json_pointer, "op\nen")) == "import.json: unknown status 'op\\nen'");
}

TEST_CASE("ticket_json: null csat and appointment are unset") {
  json j = ticket_to_json(json_ticket());
  j["csat"] = nullptr;
  j["appointment"] = nullptr;
  const Ticket t = ticket_from_json(j, "x");
  CHECK(!t.csat);
  CHECK(!t.appointment);
}

namespace {

std::string dumped(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

/// Strings that try every escape, invalid UTF-8 at each place, and runs
/// that cross the eight-byte steps of the scanner.
std::vector<std::string> awkward_strings() {
  std::vector<std::string> out = {"", "plain", "\"", "\\", "tab\there", "a\x7F" "b", "c\xC2\x85" "d",
                                  "caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80", "\xFF", "ab\x80" "cd",
                                  "\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82", "x\xF0\x9F\x98"};
  for (int c = 0; c < 0x20; ++c) out.push_back("ctl " + std::string(1, char(c)) + " end");
  for (std::size_t len = 1; len <= 20; ++len)
    for (const char* special : {"\"", "\n", "\xC3\xA9", "\xC3"}) {
      std::string s(len, 'x');
      s.insert(len / 2, special);
      out.push_back(s);
    }
  return out;
}

}  // namespace

TEST_CASE("ticket_json: the fast writers give nlohmann's bytes") {
  for (const std::string& s : awkward_strings()) {
    std::string out;
    formats::append_json_string(out, s);
    CHECK(out == dumped(json(s)));
  }
  const Ticket t = json_ticket();
  std::string out;
  formats::append_ticket_json(out, t);
  CHECK(out == dumped(ticket_to_json(t)));
  out.clear();
  formats::append_header_json(out, t);
  CHECK(out == dumped(header_to_json(t)));

  Ticket bare;
  out.clear();
  formats::append_ticket_json(out, bare);
  CHECK(out == dumped(ticket_to_json(bare)));

  // Every string of a ticket, awkward; a time in the far past and future.
  Ticket odd = json_ticket();
  for (const std::string& s : awkward_strings()) {
    odd.title = odd.group = odd.requester.name = odd.details.symptoms = s;
    odd.tags = {s, s};
    odd.log[1].text = odd.log[1].to = s;
    odd.log[0].category = s;
    odd.created = Time{-62167219200000};  // 0000-01-01
    odd.updated = from_civil(9999, 12, 31, 23, 59, 59, 999);
    out.clear();
    formats::append_ticket_json(out, odd);
    CHECK(out == dumped(ticket_to_json(odd)));
  }
}
