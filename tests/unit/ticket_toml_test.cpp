#include "formats/ticket_toml.hpp"

#include <random>
#include <string>
#include <string_view>

#include <doctest/doctest.h>

#include "core/error.hpp"
#include "core/time.hpp"

using namespace tier;
using tier::formats::parse_header;
using tier::formats::parse_ticket;
using tier::formats::write_ticket;
using tier::formats::detail::parse_ticket_toml;

namespace {

constexpr std::string_view path = "tickets/7k/T-7k2m9qxa.toml";

LogEntry entry(Time at, std::string by, Event event) {
  LogEntry e;
  e.at = at;
  e.by = std::move(by);
  e.event = event;
  return e;
}

/// A small ticket: created, claimed, a public comment.
Ticket small_ticket() {
  Ticket t;
  t.id = "T-7k2m9qxa";
  t.title = "Printer jams";
  t.status = Status::Open;
  t.category = "hardware";
  t.group = "service-desk";
  t.assignee = "alice@cx.example.edu";
  t.owner = "alice@cx.example.edu";
  t.tags = {"printer"};
  t.created = from_civil(2026, 11, 23, 10, 2, 11, 120);
  t.updated = from_civil(2026, 11, 23, 10, 5, 0);
  t.requester = {"Dana Ruiz", "dana.ruiz@milne.example.edu", "milne"};

  LogEntry create = entry(t.created, "alice@cx.example.edu", Event::Create);
  create.to = "service-desk";
  create.tier = 1;
  create.title = "Printer jams";
  create.priority = Priority::Normal;
  create.category = "hardware";
  create.tags = std::vector<std::string>{"printer"};
  create.requester = t.requester;
  t.log.push_back(create);
  t.log.push_back(entry(from_civil(2026, 11, 23, 10, 3, 0), "alice@cx.example.edu", Event::Claim));
  LogEntry comment = entry(t.updated, "alice@cx.example.edu", Event::Comment);
  comment.visibility = Visibility::Public;
  comment.text = "Which tray?\nAnd which \"printer\"?";
  t.log.push_back(comment);
  return t;
}

constexpr std::string_view small_text = R"(format = 1
id = "T-7k2m9qxa"
title = "Printer jams"
status = "open"
priority = "normal"
category = "hardware"
tier = 1
group = "service-desk"
assignee = "alice@cx.example.edu"
owner = "alice@cx.example.edu"
escalations = 0
handbacks = 0
tags = ["printer"]
created = 2026-11-23T10:02:11.120Z
updated = 2026-11-23T10:05:00Z

[requester]
name = "Dana Ruiz"
email = "dana.ruiz@milne.example.edu"
organization = "milne"

[[log]]
at = 2026-11-23T10:02:11.120Z
by = "alice@cx.example.edu"
event = "create"
to = "service-desk"
tier = 1
title = "Printer jams"
priority = "normal"
category = "hardware"
tags = ["printer"]
requester = { name = "Dana Ruiz", email = "dana.ruiz@milne.example.edu", organization = "milne" }

[[log]]
at = 2026-11-23T10:03:00Z
by = "alice@cx.example.edu"
event = "claim"

[[log]]
at = 2026-11-23T10:05:00Z
by = "alice@cx.example.edu"
event = "comment"
visibility = "public"
text = """
Which tray?
And which "printer"?"""
)";

/// A ticket that uses every field of the header and of the log.
Ticket full_ticket() {
  Ticket t;
  t.id = "T-7k2m9qxa";
  t.title = "Laptop drops Wi-Fi in Strand Ag basement \xE2\x80\x94 caf\xC3\xA9 \xF0\x9F\x93\xB6";
  t.status = Status::Resolved;
  t.priority = Priority::High;
  t.category = "network";
  t.tier = 2;
  t.group = "cx-tier2";
  t.assignee = "bob@cx.example.edu";
  t.owner = "alice@cx.example.edu";
  t.escalations = 2;
  t.handbacks = 1;
  t.tags = {"wifi", "802.1x", "say \"hi\"", "back\\slash"};
  t.created = from_civil(2026, 11, 23, 10, 2, 11, 120);
  t.updated = from_civil(2026, 11, 25, 9, 0, 0, 4);
  t.csat = 4;
  t.requester = {"Dana Ru\xC3\xADz", "dana.ruiz@milne.example.edu", "milne"};
  t.details = {"LT-20931", "Strand Ag B12", "Drops every 10 minutes;\tevent log shows 802.1X timeouts",
               "Forgot network, updated driver, tested wired: fine", "wireless"};
  t.appointment = Appointment{from_civil(2026, 11, 24, 14, 0, 0), "Strand Ag B12", "bob@cx.example.edu"};

  const std::string alice = "alice@cx.example.edu", bob = "bob@cx.example.edu";
  LogEntry create = entry(t.created, alice, Event::Create);
  create.to = "service-desk";
  create.tier = 1;
  create.title = "Laptop drops Wi-Fi";
  create.priority = Priority::Normal;
  create.category = "network";
  create.tags = std::vector<std::string>{};
  create.requester = t.requester;
  create.message_id = "20261123095840.4711@milne.example.edu";
  create.details.asset = "LT-20931";
  create.visibility = Visibility::Public;
  create.text = "My laptop drops Wi-Fi in the basement.";
  t.log.push_back(create);

  t.log.push_back(entry(from_civil(2026, 11, 23, 10, 5, 0), alice, Event::Claim));

  LogEntry note = entry(from_civil(2026, 11, 23, 10, 20, 0, 1), alice, Event::Comment);
  note.visibility = Visibility::Private;
  note.text = "Tried:\n  C:\\Windows\\System32\\netsh wlan show\n\"\"\"quoted\"\"\"\n\ttab \x01 end \"";
  note.attachments = {{"screen \"1\".png", "image/png", 48213, "2f1e5c0b9d7a4e3f8c6b1a0d9e8f7a6b5c4d3e2f"},
                      {"event.log", "text/plain", 0, "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"}};
  t.log.push_back(note);

  LogEntry escalate = entry(from_civil(2026, 11, 23, 10, 31, 40, 500), alice, Event::Escalate);
  escalate.to = "cx-tier2";
  escalate.tier = 2;
  escalate.visibility = Visibility::Private;
  escalate.details = t.details;
  escalate.details.asset.clear();
  escalate.text = "\nDriver and profile reinstalled; still drops.\nNeeds a look at the RADIUS side.\n";
  t.log.push_back(escalate);

  t.log.push_back(entry(from_civil(2026, 11, 23, 11, 0, 0), bob, Event::Claim));

  LogEntry handback = entry(from_civil(2026, 11, 23, 13, 0, 0), bob, Event::Handback);
  handback.to = "service-desk";
  handback.tier = 1;
  handback.assignee = alice;
  handback.visibility = Visibility::Private;
  handback.text = "RADIUS certificate expired; renewed. Ask her to retry.";
  t.log.push_back(handback);

  LogEntry pending = entry(from_civil(2026, 11, 23, 13, 30, 0), alice, Event::Comment);
  pending.visibility = Visibility::Public;
  pending.pending = true;
  pending.text = "Could you retry and tell us? \xE2\x9C\x93";
  t.log.push_back(pending);

  LogEntry again = entry(from_civil(2026, 11, 24, 9, 0, 0), alice, Event::Escalate);
  again.to = "cx-tier2";
  again.tier = 2;
  again.assignee = bob;
  again.visibility = Visibility::Private;
  again.text = "Still drops \"\"";
  t.log.push_back(again);

  LogEntry appoint = entry(from_civil(2026, 11, 24, 9, 30, 0), bob, Event::Appoint);
  appoint.appointment = t.appointment;
  appoint.assignee = bob;
  t.log.push_back(appoint);

  LogEntry edit = entry(from_civil(2026, 11, 24, 9, 40, 0), bob, Event::Edit);
  edit.title = t.title;
  edit.priority = Priority::High;
  edit.category = "";
  edit.tags = t.tags;
  edit.details.connection = "wireless";
  t.log.push_back(edit);

  LogEntry assign = entry(from_civil(2026, 11, 24, 9, 45, 0), "carol@cx.example.edu", Event::Assign);
  assign.assignee = bob;
  t.log.push_back(assign);

  LogEntry late = entry(from_civil(2026, 11, 24, 9, 46, 0), alice, Event::Claim);
  late.void_reason = "'T-7k2m9qxa' is already claimed by 'bob@cx.example.edu'";
  t.log.push_back(late);

  LogEntry resolve = entry(from_civil(2026, 11, 24, 15, 0, 0), bob, Event::Resolve);
  resolve.visibility = Visibility::Public;
  resolve.text = "Replaced the access point's certificate.";
  t.log.push_back(resolve);

  LogEntry reopen = entry(from_civil(2026, 11, 24, 16, 0, 0), "dana.ruiz@milne.example.edu", Event::Reopen);
  reopen.text = "It dropped again.";
  t.log.push_back(reopen);

  t.log.push_back(entry(from_civil(2026, 11, 24, 16, 5, 0), bob, Event::Release));

  LogEntry resolve2 = entry(from_civil(2026, 11, 25, 8, 0, 0), bob, Event::Resolve);
  resolve2.visibility = Visibility::Public;
  resolve2.text = "Fixed for good.";
  t.log.push_back(resolve2);

  LogEntry rate = entry(from_civil(2026, 11, 25, 9, 0, 0, 4), "dana.ruiz@milne.example.edu", Event::Rate);
  rate.score = 4;
  t.log.push_back(rate);

  t.log.push_back(entry(from_civil(2026, 11, 26, 0, 0, 0), "cron@cx.example.edu", Event::Close));
  return t;
}

/// small_text with one piece replaced; the piece must be there.
std::string edited(std::string_view from, std::string_view to) {
  std::string s(small_text);
  const auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  s.replace(at, from.size(), to);
  return s;
}

std::string error_of(const std::string& text) {
  try {
    parse_ticket(text, path);
  } catch (const Error& e) {
    CHECK(e.code() == Exit::Invalid);
    return e.what();
  }
  return "(no error)";
}

std::string header_error_of(const std::string& text) {
  try {
    parse_header(text, path);
  } catch (const Error& e) {
    CHECK(e.code() == Exit::Invalid);
    return e.what();
  }
  return "(no error)";
}


/// parse_ticket (with its fast path for canonical text) and toml++ alone
/// agree on `text`: the same ticket or the same message; and parse_header
/// gives the same header.
void check_readers_agree(const std::string& text) {
  std::string fast_error, toml_error;
  Ticket fast, slow;
  try {
    fast = parse_ticket(text, path);
  } catch (const Error& e) {
    fast_error = e.what();
  }
  try {
    slow = parse_ticket_toml(text, path);
  } catch (const Error& e) {
    toml_error = e.what();
  }
  CHECK(fast_error == toml_error);
  if (!fast_error.empty() || !toml_error.empty()) return;
  CHECK(fast == slow);
  CHECK(parse_header(text, path) == slow.header());
}

/// Strings made of the pieces that are hard to write.
std::string random_string(std::mt19937& rng) {
  static const std::string_view pieces[] = {
      "a", "Z", " ", "\"", "\"\"", "\"\"\"", "\\", "\n", "\t", "\r", "\r\n", std::string_view("\0", 1),
      "\x01", "\x1f", "\x7f", "\xC3\xA9", "\xE2\x9C\x93", "\xF0\x9F\x93\xB6", "\xEF\xBF\xBF", "\xFF",
      "'", "'''", "#", "=", "[", "]", "[[log]]", "\n[[log]]\n", "\n[details]\n", "{", "}", ",",
      "\\u0041", "\\\n"};
  std::string out;
  const std::size_t n = rng() % 6;
  for (std::size_t i = 0; i < n; ++i) out += pieces[rng() % std::size(pieces)];
  return out;
}

Time random_time(std::mt19937& rng) {
  const std::int64_t ms = static_cast<std::int64_t>(rng() % 4000000000u) * 1000 +
                          (rng() % 2 ? static_cast<std::int64_t>(rng() % 1000) : 0);
  return Time{ms};
}

Ticket random_ticket(std::mt19937& rng) {
  Ticket t;
  t.id = random_string(rng);
  t.title = random_string(rng);
  t.status = static_cast<Status>(rng() % 6);
  t.priority = static_cast<Priority>(rng() % 4);
  t.category = random_string(rng);
  t.tier = 1 + static_cast<int>(rng() % 4);
  t.group = random_string(rng);
  t.assignee = random_string(rng);
  t.owner = random_string(rng);
  t.escalations = static_cast<int>(rng() % 3);
  t.handbacks = static_cast<int>(rng() % 3);
  for (std::size_t i = rng() % 3; i > 0; --i) t.tags.push_back(random_string(rng));
  t.created = random_time(rng);
  t.updated = random_time(rng);
  if (rng() % 2) t.csat = 1 + static_cast<int>(rng() % 5);
  t.requester = {random_string(rng), random_string(rng), random_string(rng)};
  for (const std::string_view name : Details::names())
    if (rng() % 3 == 0) *t.details.field(name) = name == "connection" ? "wired" : random_string(rng);
  if (rng() % 3 == 0)
    t.appointment = Appointment{random_time(rng), random_string(rng), random_string(rng)};
  for (std::size_t i = rng() % 5; i > 0; --i) {
    LogEntry& e = t.log.emplace_back();
    e.at = random_time(rng);
    e.by = random_string(rng);
    e.event = static_cast<Event>(rng() % 13);
    const auto maybe = [&] { return rng() % 4 == 0; };
    if (maybe()) e.to = random_string(rng);
    if (maybe()) e.tier = 1 + static_cast<int>(rng() % 4);
    if (maybe()) e.assignee = random_string(rng);
    if (maybe()) e.visibility = static_cast<Visibility>(rng() % 2);
    e.pending = maybe();
    if (maybe()) e.title = random_string(rng);
    if (maybe()) e.priority = static_cast<Priority>(rng() % 4);
    if (maybe()) e.category = random_string(rng);
    if (maybe()) e.tags = std::vector<std::string>{random_string(rng)};
    if (maybe()) e.requester = Requester{random_string(rng), random_string(rng), random_string(rng)};
    if (maybe()) e.message_id = random_string(rng);
    for (const std::string_view name : Details::names())
      if (maybe()) *e.details.field(name) = name == "connection" ? "wireless" : random_string(rng);
    if (maybe()) e.appointment = Appointment{random_time(rng), random_string(rng), random_string(rng)};
    if (maybe()) e.score = 1 + static_cast<int>(rng() % 5);
    if (maybe()) e.void_reason = random_string(rng);
    if (maybe())
      e.attachments.push_back({random_string(rng), random_string(rng), rng() % 100000, random_string(rng)});
    if (rng() % 2) e.text = random_string(rng) + (rng() % 2 ? "\n" : "") + random_string(rng);
  }
  return t;
}

/// Whether every string of the ticket is valid UTF-8 (else write_ticket
/// writes U+FFFD for what is not, and the round trip cannot be exact).
bool valid_utf8(const Ticket& t) {
  return write_ticket(t).find("\xEF\xBF\xBD") == std::string::npos;
}
}  // namespace

TEST_CASE("ticket_toml: the canonical text of a small ticket") {
  CHECK(write_ticket(small_ticket()) == small_text);
  CHECK(parse_ticket(small_text, path) == small_ticket());
}

TEST_CASE("ticket_toml: round trip of a ticket using every field") {
  const Ticket t = full_ticket();
  const std::string text = write_ticket(t);
  const Ticket back = parse_ticket(text, path);
  CHECK(back == t);
  for (std::size_t i = 0; i < t.log.size() && i < back.log.size(); ++i) {
    INFO("log entry ", i);
    CHECK(back.log[i] == t.log[i]);
  }
  CHECK(write_ticket(back) == text);
  CHECK(text.ends_with("event = \"close\"\n"));
  CHECK(!text.ends_with("\n\n"));
}

TEST_CASE("ticket_toml: the optional tables") {
  const std::string text = write_ticket(full_ticket());
  CHECK(text.find("csat = 4\n\n[requester]\n") != std::string::npos);
  CHECK(text.find("\n[details]\nasset = \"LT-20931\"\nlocation = \"Strand Ag B12\"\n") !=
        std::string::npos);
  CHECK(text.find("\n[appointment]\nat = 2026-11-24T14:00:00Z\nplace = \"Strand Ag B12\"\n"
                  "technician = \"bob@cx.example.edu\"\n\n[[log]]\n") != std::string::npos);
  CHECK(text.find("appointment = { at = 2026-11-24T14:00:00Z, place = \"Strand Ag B12\", "
                  "technician = \"bob@cx.example.edu\" }\n") != std::string::npos);
  CHECK(text.find("pending = true\n") != std::string::npos);
  CHECK(text.find("score = 4\n") != std::string::npos);
  CHECK(text.find("void = \"'T-7k2m9qxa' is already claimed by 'bob@cx.example.edu'\"\n") !=
        std::string::npos);

  Ticket t = small_ticket();
  t.details.connection = "wired";
  CHECK(write_ticket(t).find("organization = \"milne\"\n\n[details]\nconnection = \"wired\"\n\n[[log]]") !=
        std::string::npos);
  t.details = {};
  t.log.clear();
  const std::string bare = write_ticket(t);
  CHECK(bare.ends_with("organization = \"milne\"\n"));
  CHECK(parse_ticket(bare, path) == t);
}

TEST_CASE("ticket_toml: strings are escaped") {
  Ticket t = small_ticket();
  t.title = std::string("a\"b\\c\td\ne\x01\x1f\x7f", 12) + std::string(1, '\0') + "\xC3\xA9";
  const std::string text = write_ticket(t);
  CHECK(text.find("title = \"a\\\"b\\\\c\\td\\ne\\u0001\\u001F\\u007F\\u0000\xC3\xA9\"\n") !=
        std::string::npos);
  CHECK(parse_ticket(text, path) == t);
}

TEST_CASE("ticket_toml: invalid UTF-8 is written as U+FFFD") {
  Ticket t = small_ticket();
  t.title = "caf\xC3 \xED\xA0\x80 \xF4\x90\x80\x80 ok \xF0\x9F\x93\xB6";
  const Ticket back = parse_ticket(write_ticket(t), path);
  CHECK(back.title ==
        "caf\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
        "\xEF\xBF\xBD ok \xF0\x9F\x93\xB6");
  t.log[2].text = "line\n\xFF";
  CHECK(parse_ticket(write_ticket(t), path).log[2].text == "line\n\xEF\xBF\xBD");
}

TEST_CASE("ticket_toml: multi-line texts round trip") {
  const char* texts[] = {
      "a\nb",
      "\n",
      "\n\n",
      "\nstarts with a newline",
      "ends with a newline\n",
      "ends with a quote\n\"",
      "ends with two\n\"\"",
      "ends with three\n\"\"\"",
      "ends with four\n\"\"\"\"",
      "\"\nstarts with a quote",
      "\"\"\"\n",
      "three \"\"\" in a row\nand five \"\"\"\"\" here",
      "back\\slash\nat the end\\",
      "a line-ending backslash \\\n  is not one",
      "windows\r\nline ends\r\n",
      "tab\tand\x01control\n\x7f",
      "unicode \xE2\x9C\x93\n\xF0\x9F\x93\xB6",
  };
  for (const char* text : texts) {
    INFO("text: ", text);
    Ticket t = small_ticket();
    t.log[2].text = text;
    const std::string written = write_ticket(t);
    CHECK(written.find("text = \"\"\"\n") != std::string::npos);
    CHECK(written.ends_with("\"\"\"\n"));
    const Ticket back = parse_ticket(written, path);
    CHECK(back.log[2].text == text);
    CHECK(write_ticket(back) == written);
  }
  Ticket t = small_ticket();
  t.log[2].text = "say \"\"\"hi\"\"\"\nto \"her\"";
  CHECK(write_ticket(t).ends_with("text = \"\"\"\nsay \"\"\\\"hi\"\"\\\"\nto \"her\\\"\"\"\"\n"));
}

TEST_CASE("ticket_toml: times") {
  std::string text = edited("created = 2026-11-23T10:02:11.120Z", "created = 2026-11-23T12:02:11.120987+02:00");
  CHECK(parse_ticket(text, path).created == from_civil(2026, 11, 23, 10, 2, 11, 120));
  text = edited("created = 2026-11-23T10:02:11.120Z", "created = 2026-11-23T10:02:11.1209");
  CHECK(parse_ticket(text, path).created == from_civil(2026, 11, 23, 10, 2, 11, 120));
  text = edited("created = 2026-11-23T10:02:11.120Z", "created = 2026-11-23 05:02:11.120-05:00");
  CHECK(parse_ticket(text, path).created == from_civil(2026, 11, 23, 10, 2, 11, 120));

  Ticket t = small_ticket();
  t.created = from_civil(1969, 12, 31, 23, 59, 59, 999);
  t.updated = from_civil(2400, 2, 29, 0, 0, 0, 1);
  CHECK(parse_ticket(write_ticket(t), path) == t);
}

TEST_CASE("ticket_toml: other TOML forms of the same ticket are accepted") {
  const std::string text = R"(# a hand-written ticket
id = "T-7k2m9qxa"
format = 1
requester = { email = "dana.ruiz@milne.example.edu" }
title = 'Printer jams'
status = "open"
created = 2026-11-23T10:02:11.120Z
updated = 2026-11-23T10:05:00Z
details.asset = ""

log = [
  { at = 2026-11-23T10:02:11.120Z, by = "alice@cx.example.edu", event = "create", pending = false },
]
)";
  const Ticket t = parse_ticket(text, path);
  CHECK(t.title == "Printer jams");
  CHECK(t.requester.email == "dana.ruiz@milne.example.edu");
  CHECK(t.requester.name.empty());
  CHECK(t.details.empty());
  REQUIRE(t.log.size() == 1);
  CHECK(t.log[0].event == Event::Create);
  CHECK(parse_header(text, path) == t.header());
}

TEST_CASE("ticket_toml: error messages") {
  CHECK(error_of(edited("status = \"open\"", "status = \"opne\"")) ==
        "tickets/7k/T-7k2m9qxa.toml:4:10: unknown status 'opne'");
  CHECK(error_of(edited("title = ", "titel = ")) ==
        "tickets/7k/T-7k2m9qxa.toml:3:1: unknown key 'titel'");
  CHECK(error_of(edited("id = \"T-7k2m9qxa\"\n", "")) ==
        "tickets/7k/T-7k2m9qxa.toml:1:1: missing key 'id'");
  CHECK(error_of(edited("tier = 1\ngroup", "tier = \"1\"\ngroup")) ==
        "tickets/7k/T-7k2m9qxa.toml:7:8: 'tier' must be an integer");
  CHECK(error_of(edited("format = 1", "format = 2")) ==
        "tickets/7k/T-7k2m9qxa.toml:1:10: unsupported format 2");
  CHECK(error_of(edited("event = \"claim\"", "event = \"clam\"")) ==
        "tickets/7k/T-7k2m9qxa.toml:37:9: unknown event 'clam' in [[log]]");
  CHECK(error_of(edited("priority = \"normal\"\ncategory", "priority = \"meh\"\ncategory")) ==
        "tickets/7k/T-7k2m9qxa.toml:5:12: unknown priority 'meh'");
  CHECK(error_of(edited("visibility = \"public\"", "visibility = \"secret\"")) ==
        "tickets/7k/T-7k2m9qxa.toml:43:14: unknown visibility 'secret' in [[log]]");
  CHECK(error_of(edited("email = \"dana.ruiz@milne.example.edu\"\n", "")) ==
        "tickets/7k/T-7k2m9qxa.toml:17:1: missing key 'email' in [requester]");
  CHECK(error_of(edited("[requester]\nname = \"Dana Ruiz\"\nemail = \"dana.ruiz@milne.example.edu\"\n"
                        "organization = \"milne\"\n",
                        "")) == "tickets/7k/T-7k2m9qxa.toml:1:1: missing table 'requester'");
  CHECK(error_of(edited("organization = \"milne\"\n", "organization = \"milne\"\nphone = \"555\"\n")) ==
        "tickets/7k/T-7k2m9qxa.toml:21:1: unknown key 'phone' in [requester]");
  CHECK(error_of(edited("by = \"alice@cx.example.edu\"\nevent = \"claim\"\n", "event = \"claim\"\n")) ==
        "tickets/7k/T-7k2m9qxa.toml:34:1: missing key 'by' in [[log]]");
  CHECK(error_of(edited("created = 2026-11-23T10:02:11.120Z\n", "created = 2026-11-23\n")) ==
        "tickets/7k/T-7k2m9qxa.toml:14:11: 'created' must be a date-time");
  CHECK(error_of(edited("created = 2026-11-23T10:02:11.120Z\n", "created = \"2026-11-23T10:02:11Z\"\n")) ==
        "tickets/7k/T-7k2m9qxa.toml:14:11: 'created' must be a date-time");
  CHECK(error_of(edited("tags = [\"printer\"]\ncreated", "tags = [\"printer\", 3]\ncreated")) ==
        "tickets/7k/T-7k2m9qxa.toml:13:20: 'tags' must be an array of strings");
  CHECK(error_of(edited("tags = [\"printer\"]\ncreated", "tags = \"printer\"\ncreated")) ==
        "tickets/7k/T-7k2m9qxa.toml:13:8: 'tags' must be an array of strings");
  CHECK(error_of(edited("updated = 2026-11-23T10:05:00Z\n", "updated = 2026-11-23T10:05:00Z\ncsat = 6\n")) ==
        "tickets/7k/T-7k2m9qxa.toml:16:8: 'csat' must be between 1 and 5");
  CHECK(error_of(edited("escalations = 0", "escalations = -1")) ==
        "tickets/7k/T-7k2m9qxa.toml:11:15: 'escalations' must be zero or more");
  CHECK(error_of(edited("tier = 1\ngroup", "tier = 0\ngroup")) ==
        "tickets/7k/T-7k2m9qxa.toml:7:8: 'tier' must be 1 or more");
  CHECK(error_of(edited("tier = 1\ngroup", "tier = 9999999999\ngroup")) ==
        "tickets/7k/T-7k2m9qxa.toml:7:8: 'tier' must be 1 or more");
  CHECK(error_of(edited("title = \"Printer jams\"\n", "title = 7\n")) ==
        "tickets/7k/T-7k2m9qxa.toml:3:9: 'title' must be a string");
  CHECK(error_of(edited("visibility = \"public\"", "visibility = \"public\"\npending = 1")) ==
        "tickets/7k/T-7k2m9qxa.toml:44:11: 'pending' must be a boolean in [[log]]");
  CHECK(error_of(edited("event = \"claim\"", "event = \"claim\"\nscore = 0")) ==
        "tickets/7k/T-7k2m9qxa.toml:38:9: 'score' must be between 1 and 5 in [[log]]");
  CHECK(error_of(edited("event = \"claim\"", "event = \"claim\"\nconnection = \"wifi\"")) ==
        "tickets/7k/T-7k2m9qxa.toml:38:14: unknown connection 'wifi' in [[log]]");
  CHECK(error_of(edited("event = \"claim\"", "event = \"claim\"\nnote = \"x\"")) ==
        "tickets/7k/T-7k2m9qxa.toml:38:1: unknown key 'note' in [[log]]");
  CHECK(error_of(edited("organization = \"milne\" }", "org = \"milne\" }")) ==
        "tickets/7k/T-7k2m9qxa.toml:32:74: unknown key 'org' in 'requester' of [[log]]");
  CHECK(error_of(edited(", email = \"dana.ruiz@milne.example.edu\", organization = \"milne\" }",
                        ", organization = \"milne\" }")) ==
        "tickets/7k/T-7k2m9qxa.toml:32:13: missing key 'email' in 'requester' of [[log]]");
  CHECK(error_of(edited("event = \"claim\"", "event = \"claim\"\nappointment = { place = \"B12\" }")) ==
        "tickets/7k/T-7k2m9qxa.toml:38:15: missing key 'at' in 'appointment' of [[log]]");
  CHECK(error_of(edited("organization = \"milne\"\n\n", "organization = \"milne\"\n\n[details]\nasset = 1\n"
                                                       "color = \"red\"\n\n")) ==
        "tickets/7k/T-7k2m9qxa.toml:23:9: 'asset' must be a string in [details]");
  CHECK(error_of(edited("organization = \"milne\"\n\n", "organization = \"milne\"\n\n[appointment]\n"
                                                       "place = \"B12\"\n\n")) ==
        "tickets/7k/T-7k2m9qxa.toml:22:1: missing key 'at' in [appointment]");
  CHECK(error_of(edited("organization = \"milne\"\n\n", "organization = \"milne\"\n\n[details]\n"
                                                       "connection = \"wifi\"\n\n")) ==
        "tickets/7k/T-7k2m9qxa.toml:23:14: unknown connection 'wifi' in [details]");
  CHECK(error_of(edited("organization = \"milne\"\n\n", "organization = \"milne\"\n\n[details]\n"
                                                       "color = \"red\"\n\n")) ==
        "tickets/7k/T-7k2m9qxa.toml:23:1: unknown key 'color' in [details]");
  CHECK(error_of("format = 1\nid = \"T-1\"\ntitle = \"\"\nstatus = \"new\"\ncreated = 2026-01-01T00:00:00Z\n"
                 "updated = 2026-01-01T00:00:00Z\nrequester = { email = \"\" }\nlog = 3\n") ==
        "tickets/7k/T-7k2m9qxa.toml:8:7: 'log' must be an array of tables");
  CHECK(error_of("format = 1\nid = \"T-1\"\ntitle = \"\"\nstatus = \"new\"\ncreated = 2026-01-01T00:00:00Z\n"
                 "updated = 2026-01-01T00:00:00Z\nrequester = \"dana\"\n") ==
        "tickets/7k/T-7k2m9qxa.toml:7:13: 'requester' must be a table");
  CHECK(error_of("") == "tickets/7k/T-7k2m9qxa.toml:1:1: missing key 'format'");
}

TEST_CASE("ticket_toml: an unsupported format is reported before anything else") {
  CHECK(error_of(edited("format = 1\nid", "format = 2\nnew_key = 1\nid")) ==
        "tickets/7k/T-7k2m9qxa.toml:1:10: unsupported format 2");
  CHECK(error_of(edited("format = 1\n", "format = \"1\"\n")) ==
        "tickets/7k/T-7k2m9qxa.toml:1:10: 'format' must be an integer");
}

TEST_CASE("ticket_toml: the first problem in the file is reported") {
  // toml++ hands a table's keys over sorted by name; the message follows the file.
  const std::string text = edited("title = \"Printer jams\"\nstatus = \"open\"",
                                  "zzz = 1\ntitle = \"Printer jams\"\nstatus = \"opne\"\naaa = 2");
  CHECK(error_of(text) == "tickets/7k/T-7k2m9qxa.toml:3:1: unknown key 'zzz'");
  CHECK(error_of(edited("event = \"claim\"", "event = \"clam\"\nbogus = 1")) ==
        "tickets/7k/T-7k2m9qxa.toml:37:9: unknown event 'clam' in [[log]]");
}

TEST_CASE("ticket_toml: syntax errors carry toml++'s position and description") {
  CHECK(error_of(edited("status = \"open\"", "status = \"open")) ==
        "tickets/7k/T-7k2m9qxa.toml:4:15: error while parsing string: unescaped control characters "
        "other than TAB (U+0009) are explicitly prohibited");
  CHECK(error_of(edited("escalations = 0\n", "escalations = 0\nescalations = 1\n")) ==
        "tickets/7k/T-7k2m9qxa.toml:12:15: error while parsing key-value pair: cannot redefine "
        "existing integer 'escalations'");
  CHECK(error_of(std::string("format = 1\nid = \"\xFF\"\n")) ==
        "tickets/7k/T-7k2m9qxa.toml:2:6: encountered invalid utf-8 sequence");
}

TEST_CASE("ticket_toml: subjects in messages stay on one line") {
  CHECK(error_of(edited("status = \"open\"", "status = \"op\\nen\"")) ==
        "tickets/7k/T-7k2m9qxa.toml:4:10: unknown status 'op\\nen'");
}

TEST_CASE("ticket_toml: a truncated or damaged file is an error, never a crash") {
  const std::string text = write_ticket(full_ticket());
  int errors = 0;
  for (std::size_t n = 0; n < text.size(); ++n) {
    const std::string cut = text.substr(0, n);
    for (const bool header : {false, true}) {
      try {
        if (header)
          (void)parse_header(cut, path);
        else
          (void)parse_ticket(cut, path);
      } catch (const Error& e) {
        CHECK(e.code() == Exit::Invalid);
        CHECK(std::string_view(e.what()).starts_with("tickets/7k/T-7k2m9qxa.toml:"));
        ++errors;
      }
    }
  }
  CHECK(errors > int(text.size()));
  for (std::size_t n = 0; n < text.size(); n += 7) {
    std::string damaged = text;
    damaged[n] = static_cast<char>(damaged[n] ^ 0x5A);
    try {
      (void)parse_ticket(damaged, path);
      (void)parse_header(damaged, path);
    } catch (const Error& e) {
      CHECK(e.code() == Exit::Invalid);
    }
  }
}

TEST_CASE("ticket_toml: random tickets round trip by both readers") {
  std::mt19937 rng(20261123);
  for (int i = 0; i < 300; ++i) {
    const Ticket t = random_ticket(rng);
    const std::string text = write_ticket(t);
    INFO("text:\n", text);
    const Ticket back = parse_ticket(text, path);
    CHECK(write_ticket(back) == text);
    CHECK(parse_ticket_toml(text, path) == back);
    CHECK(parse_header(text, path) == back.header());
    if (valid_utf8(t)) CHECK(back == t);
  }
}

TEST_CASE("ticket_toml: the fast reader agrees with toml++ on damaged files") {
  static const char replacements[] = {'"', '\\', '\n', ' ', '1', 'x', '[', '#',
                                      '\t', '\r', '\x80', '\0', '=', '-', 'Z', '.'};
  const std::string text = write_ticket(full_ticket());
  for (std::size_t n = 0; n < text.size(); ++n) {
    std::string changed = text;
    changed[n] = replacements[n % std::size(replacements)];
    check_readers_agree(changed);
    if (n % 5 == 0) {
      changed = text;
      changed.insert(n, 1, replacements[(n / 5) % std::size(replacements)]);
      check_readers_agree(changed);
    }
  }
  for (std::size_t n = 0; n <= text.size(); n += 3) check_readers_agree(text.substr(0, n));
  check_readers_agree(std::string(small_text));
  check_readers_agree(edited("\n[[log]]\n", "\n[[log]] # comment\n"));
  check_readers_agree(edited("\"\"\"\n", "\"\"\"\r\n"));
  check_readers_agree(edited("printer\"?", "printer\"\"\"?"));
  check_readers_agree(edited("printer\"?", "printer\"?\"\""));
  check_readers_agree(edited("10:05:00Z\n", "10:05:00.5Z\n"));
  check_readers_agree(edited("10:05:00Z\n", "10:05:00.500Z\n"));
  check_readers_agree(edited("10:05:00Z\n", "10:05:00z\n"));
  check_readers_agree(edited("2026-11-23T10:05:00Z\n", "2024-02-29T10:05:00Z\n"));
  check_readers_agree(edited("2026-11-23T10:05:00Z\n", "2026-02-29T10:05:00Z\n"));
  check_readers_agree(edited("2026-11-23T10:05:00Z\n", "0000-01-01T00:00:00Z\n"));
  check_readers_agree(edited("escalations = 0", "escalations = -0"));
  check_readers_agree(edited("escalations = 0", "escalations = 00"));
  check_readers_agree(edited("escalations = 0", "escalations = 2147483647"));
  check_readers_agree(edited("escalations = 0", "escalations = 2147483648"));
  check_readers_agree(edited("escalations = 0", "escalations = +1"));
  check_readers_agree(edited("Dana Ruiz\"\n", "Dana \\u00e9 \\u2713 \\uD800\"\n"));
  check_readers_agree(edited("Dana Ruiz\"\n", "Dana \\u00e9 \\u2713 \\U0001F4B6\"\n"));
  check_readers_agree(edited("Dana Ruiz\"\n", "Dana \\r\\b\\f\"\n"));
  check_readers_agree(edited("event = \"claim\"", "event = \"claim\"\npending = false"));
  check_readers_agree(edited("event = \"claim\"", "event = \"claim\"\ntier = 0"));
  check_readers_agree(edited("organization = \"milne\"\n\n",
                             "organization = \"milne\"\n\n[details]\n\n"));
  check_readers_agree(std::string(small_text) + "\n");
  check_readers_agree("\xEF\xBB\xBF" + std::string(small_text));
}

TEST_CASE("ticket_toml: parse_header is the header part of parse_ticket") {
  for (const Ticket& t : {small_ticket(), full_ticket()}) {
    const std::string text = write_ticket(t);
    CHECK(parse_header(text, path) == parse_ticket(text, path).header());
    CHECK(parse_header(text, path) == t.header());
  }
  Ticket t = small_ticket();
  t.log.clear();
  CHECK(parse_header(write_ticket(t), path) == t.header());
}

TEST_CASE("ticket_toml: parse_header reads hand-edited files right") {
  // A header table after the log.
  std::string text = edited("[requester]\nname = \"Dana Ruiz\"\nemail = \"dana.ruiz@milne.example.edu\"\n"
                            "organization = \"milne\"\n",
                            "");
  text += "\n[requester]\nemail = \"x@milne.example.edu\"\n\n[ details ] # later\nasset = \"A-1\"\n";
  Header h = parse_header(text, path);
  CHECK(h.requester.email == "x@milne.example.edu");
  CHECK(h.details.asset == "A-1");
  CHECK(h == parse_ticket(text, path).header());

  // A note whose lines look like tables.
  Ticket t = small_ticket();
  t.log[2].text = "pasted:\n[error] disk full\n[details]\n[[log]]\n";
  text = write_ticket(t);
  CHECK(parse_header(text, path) == t.header());

  // A multi-line header string holding a line that starts with [[log]].
  text = edited("title = \"Printer jams\"", "title = \"\"\"\n[[log]]\"\"\"");
  CHECK(parse_header(text, path).title == "[[log]]");
}

TEST_CASE("ticket_toml: parse_header reports parse_ticket's errors") {
  for (const auto& [from, to] : std::initializer_list<std::pair<std::string_view, std::string_view>>{
           {"status = \"open\"", "status = \"opne\""},
           {"title = ", "titel = "},
           {"id = \"T-7k2m9qxa\"\n", ""},
           {"format = 1", "format = 2"},
           {"email = \"dana.ruiz@milne.example.edu\"\n", ""},
           {"status = \"open\"", "status = \"open"},
       }) {
    const std::string text = edited(from, to);
    CHECK(header_error_of(text) == error_of(text));
  }
  // The log's own problems are not the header's.
  const std::string text = edited("event = \"claim\"", "event = \"clam\"");
  CHECK(parse_header(text, path) == small_ticket().header());
}
