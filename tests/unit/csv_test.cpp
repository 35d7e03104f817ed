#include "formats/csv.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "core/error.hpp"
#include "core/time.hpp"

using namespace tier;
using tier::formats::csv_field;
using tier::formats::csv_record;
using tier::formats::CsvRecord;
using tier::formats::read_csv;

namespace {

using Rows = std::vector<std::vector<std::string>>;

Rows fields_of(const std::vector<CsvRecord>& records) {
  Rows out;
  for (const auto& r : records) out.push_back(r.fields);
  return out;
}

std::vector<int> lines_of(const std::vector<CsvRecord>& records) {
  std::vector<int> out;
  for (const auto& r : records) out.push_back(r.line);
  return out;
}

std::string invalid(std::string_view text) {
  try {
    read_csv(text, "in.csv");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::Invalid);
    return e.what();
  }
  FAIL("no error");
  return {};
}

}  // namespace

TEST_CASE("csv_field quotes only what RFC 4180 needs quoted") {
  CHECK(csv_field("plain text") == "plain text");
  CHECK(csv_field("") == "");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(csv_field("cr\r") == "\"cr\r\"");
  CHECK(csv_field("caf\xC3\xA9") == "caf\xC3\xA9");
}

TEST_CASE("csv_record joins with commas and ends in CRLF") {
  CHECK(csv_record({"a", "", "b,c", "\""}) == "a,,\"b,c\",\"\"\"\"\r\n");
  CHECK(csv_record({""}) == "\r\n");
}

TEST_CASE("read_csv reads records, quoted fields and both line ends") {
  const auto r = read_csv("id,title\r\n1,\"a, b\"\r\n2,\"say \"\"hi\"\"\"\n3,plain", "in.csv");
  CHECK(fields_of(r) == Rows{{"id", "title"}, {"1", "a, b"}, {"2", "say \"hi\""}, {"3", "plain"}});
  CHECK(lines_of(r) == std::vector<int>{1, 2, 3, 4});
}

TEST_CASE("read_csv keeps line breaks in quoted fields and counts their lines") {
  const auto r = read_csv("a,b\r\n\"one\r\ntwo\",x\r\n\"three\nfour\nfive\",y\r\nz,w\r\n", "in.csv");
  CHECK(fields_of(r) == Rows{{"a", "b"}, {"one\r\ntwo", "x"}, {"three\nfour\nfive", "y"}, {"z", "w"}});
  CHECK(lines_of(r) == std::vector<int>{1, 2, 4, 7});
}

TEST_CASE("read_csv: empty fields, empty quoted fields, a trailing comma") {
  const auto r = read_csv(",,\n\"\",x,\"\"\na,\n", "in.csv");
  CHECK(fields_of(r) == Rows{{"", "", ""}, {"", "x", ""}, {"a", ""}});
}

TEST_CASE("read_csv skips a byte order mark and empty lines") {
  const auto r = read_csv("\xEF\xBB\xBFid,t\r\n\r\n1,x\r\n\n", "in.csv");
  CHECK(fields_of(r) == Rows{{"id", "t"}, {"1", "x"}});
  CHECK(lines_of(r) == std::vector<int>{1, 3});
  CHECK(read_csv("", "in.csv").empty());
  CHECK(read_csv("\xEF\xBB\xBF", "in.csv").empty());
}

TEST_CASE("read_csv takes a quote inside an unquoted field as it is") {
  CHECK(fields_of(read_csv("5\" disk,x\n", "in.csv")) == Rows{{"5\" disk", "x"}});
}

TEST_CASE("read_csv: a last CR ends the record") {
  CHECK(fields_of(read_csv("a,b\r", "in.csv")) == Rows{{"a", "b"}});
  CHECK(fields_of(read_csv("\"a\"\r", "in.csv")) == Rows{{"a"}});
}

TEST_CASE("read_csv refuses an unterminated quote, naming the line it opens on") {
  CHECK(invalid("a,b\n1,\"never\nclosed\n") == "in.csv:2: a quoted field is not closed");
  CHECK(invalid("\"") == "in.csv:1: a quoted field is not closed");
}

TEST_CASE("read_csv refuses text after a closing quote") {
  CHECK(invalid("a,b\n\"x\"y,z\n") == "in.csv:2: a closing quote is followed by 'y', not a comma or the line's end");
  CHECK(invalid("\"a\nb\" c\n") == "in.csv:2: a closing quote is followed by ' ', not a comma or the line's end");
}

TEST_CASE("csv_record and read_csv round-trip any fields") {
  const std::vector<std::string> fields = {"", "a,b", "\"", "x\r\ny", "line\n", " spaced ", "caf\xC3\xA9"};
  const auto r = read_csv(csv_record(fields) + csv_record(fields), "in.csv");
  REQUIRE(r.size() == 2);
  CHECK(r[0].fields == fields);
  CHECK(r[1].fields == fields);
  CHECK(r[1].line == 4);  // after the two line breaks of the first
}

TEST_CASE("export_fields follows export_columns") {
  Header h;
  h.id = "T-7k2m9qxa";
  h.title = "Printer, jammed";
  h.status = Status::Escalated;
  h.priority = Priority::High;
  h.category = "printing";
  h.tier = 2;
  h.group = "cx-tier2";
  h.owner = "alice@example.edu";
  h.escalations = 1;
  h.tags = {"printer", "hw"};
  h.created = from_civil(2026, 11, 23, 10, 2, 11, 120);
  h.updated = from_civil(2026, 11, 23, 11);
  h.requester = {"Dana Ruiz", "dana.ruiz@milne.example.edu", "milne"};
  h.details.asset = "LT-1";
  h.details.connection = "wired";
  h.appointment = Appointment{from_civil(2026, 11, 24, 14), "B12", "bob@example.edu"};
  h.csat = 4;
  const auto f = formats::export_fields(h);
  REQUIRE(f.size() == formats::export_columns().size());
  CHECK(f == std::vector<std::string>{"T-7k2m9qxa", "Printer, jammed", "escalated", "high", "printing", "2",
                                      "cx-tier2", "", "alice@example.edu", "1", "0", "printer;hw",
                                      "2026-11-23T10:02:11.120Z", "2026-11-23T11:00:00Z", "Dana Ruiz",
                                      "dana.ruiz@milne.example.edu", "milne", "LT-1", "", "", "", "wired",
                                      "2026-11-24T14:00:00Z", "B12", "bob@example.edu", "4"});
  Header bare;
  const auto g = formats::export_fields(bare);
  CHECK(g[22] == "");
  CHECK(g[25] == "");
}

TEST_CASE("append_export_record gives csv_record(export_fields())") {
  Header h;
  h.id = "T-7k2m9qxa";
  h.title = "Printer, \"jammed\"\r\nagain";
  h.tags = {"", "a,b", "c"};
  h.requester = {"Dana Ruiz", "dana.ruiz@milne.example.edu", "milne"};
  h.details.tried = "line\nbreak";
  h.created = from_civil(2026, 11, 23, 10, 2, 11, 120);
  for (int round = 0; round < 2; ++round) {
    std::string out = "before";
    formats::append_export_record(out, h);
    CHECK(out == "before" + formats::csv_record(formats::export_fields(h)));
    h.appointment = Appointment{from_civil(2026, 11, 24, 14), "B,12", "bob@example.edu"};
    h.csat = 5;
    h.tags.clear();
  }
}

TEST_CASE("csv_field neutralises what a spreadsheet would take for a formula (issue 15)") {
  CHECK(formats::starts_formula("=1+1"));
  CHECK(formats::starts_formula("+1"));
  CHECK(formats::starts_formula("-1"));
  CHECK(formats::starts_formula("@SUM(A1)"));
  CHECK(formats::starts_formula("\tx"));
  CHECK(formats::starts_formula("\rx"));
  CHECK_FALSE(formats::starts_formula(""));
  CHECK_FALSE(formats::starts_formula(" =1"));
  CHECK_FALSE(formats::starts_formula("a=1"));
  CHECK_FALSE(formats::starts_formula("'=1"));
  CHECK(csv_field("=HYPERLINK(\"http://evil.example/\",\"x\")") ==
        "\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"x\"\")\"");
  CHECK(csv_field("+1") == "\"'+1\"");
  CHECK(csv_field("-2") == "\"'-2\"");
  CHECK(csv_field("@A1") == "\"'@A1\"");
  CHECK(csv_field("\tcmd") == "\"'\tcmd\"");
  CHECK(csv_field("\rcmd") == "\"'\rcmd\"");
  CHECK(csv_field("a-b") == "a-b");
  // Read back, the field is the text with its quote: what the spreadsheet shows.
  const auto r = read_csv(csv_record({"=1+1", "ok"}), "in.csv");
  REQUIRE(r.size() == 1);
  CHECK(r[0].fields == std::vector<std::string>{"'=1+1", "ok"});
}

TEST_CASE("metrics_fields follows metrics_columns") {
  Facts f;
  f.created = from_civil(2026, 11, 23, 10);
  f.first_response_at = from_civil(2026, 11, 23, 10, 30);
  f.first_resolved_at = from_civil(2026, 11, 23, 11);
  f.resolved_at = from_civil(2026, 11, 24, 11);
  f.reopens = 1;
  f.first_contact = true;
  f.csat = 5;
  f.rated_at = from_civil(2026, 11, 24, 12);
  TicketFigures m;
  m.first_response_ms = 1'800'000;
  m.resolution_ms = 7'200'250;
  m.sla_met = false;
  const auto fields = formats::metrics_fields(f, m);
  REQUIRE(fields.size() == formats::metrics_columns().size());
  CHECK(formats::metrics_columns() ==
        std::vector<std::string>{"first_response_at", "first_response_seconds", "first_resolved_at", "resolved_at",
                                 "resolution_seconds", "reopens", "first_contact", "rated_at", "sla_met"});
  CHECK(fields == std::vector<std::string>{"2026-11-23T10:30:00Z", "1800", "2026-11-23T11:00:00Z",
                                           "2026-11-24T11:00:00Z", "7200.25", "1", "1", "2026-11-24T12:00:00Z", "0"});
  Facts open;
  open.created = f.created;
  CHECK(formats::metrics_fields(open, {}) == std::vector<std::string>{"", "", "", "", "", "0", "", "", ""});
}
