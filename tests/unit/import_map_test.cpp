#include "formats/import_map.hpp"

#include <string>

#include <doctest/doctest.h>

#include "core/error.hpp"

using namespace tier;
using tier::formats::bind_import_map;
using tier::formats::map_row;
using tier::formats::parse_import_map;

namespace {

const std::string good = R"(# from the old desk
[columns]
title = "Subject"
email = "Requester Email"
name = " Requester "
priority = "Priority"
created = "Opened"
tags = "Labels"
connection = "Net"
text = "Description"

[values.priority]
"P1" = "urgent"
"P3" = "low"
)";

const std::vector<std::string> header = {"Opened", "Subject", "Requester", "Requester Email", "Priority",
                                         "Labels", "Net",     "Description", "Unused"};

std::string invalid(std::string_view text) {
  try {
    parse_import_map(text, "map.toml");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::Invalid);
    return e.what();
  }
  FAIL("no error");
  return {};
}

std::string unbound(const std::vector<std::string>& h, std::string_view text = good) {
  try {
    bind_import_map(parse_import_map(text, "map.toml"), h, "in.csv");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::Invalid);
    return e.what();
  }
  FAIL("no error");
  return {};
}

}  // namespace

TEST_CASE("parse_import_map reads the columns in file order and the value maps") {
  const auto m = parse_import_map(good, "map.toml");
  REQUIRE(m.columns.size() == 8);
  CHECK(m.columns[0].field == "title");
  CHECK(m.columns[0].column == "Subject");
  CHECK(m.columns[0].line == 3);
  CHECK(m.columns[0].col == 9);
  CHECK(m.columns[2].column == "Requester");  // trimmed
  CHECK(m.columns[7].field == "text");
  CHECK(m.values.at("priority").at("P1") == "urgent");
}

TEST_CASE("parse_import_map reports each mistake with file, line and column") {
  CHECK(invalid("[columns]\ntitle = \"S\"\nemail = \"E\"\nsubject = \"S2\"\n") ==
        "map.toml:4:1: unknown field 'subject' in [columns]");
  CHECK(invalid("[columns]\ntitle = \"\"\nemail = \"E\"\n") == "map.toml:2:9: the column for 'title' in [columns] is empty");
  CHECK(invalid("[columns]\ntitle = \"S\"\nemail = 3\n") ==
        "map.toml:3:9: 'email' in [columns] must be a string, the name of a column");
  CHECK(invalid("[columns]\ntitle = \"S\"\nemail = \"S\"\n") ==
        "map.toml:3:9: column 'S' is mapped to both 'title' and 'email'");
  CHECK(invalid("[columns]\ntitle = \"S\"\n") == "map.toml:1:1: missing key 'email' in [columns]");
  CHECK(invalid("title = \"S\"\n") == "map.toml:1:1: unknown key 'title'");
  CHECK(invalid("[values.priority]\n\"P1\" = \"urgent\"\n") == "map.toml:1:9: [values.priority] is for a field with no column in [columns]");
  CHECK(invalid("") == "map.toml:1:1: missing table [columns]");
  CHECK(invalid("[columns]\ntitle = \"S\"\nemail = \"E\"\n[values.title]\n\"a\" = 1\n") ==
        "map.toml:5:7: 'a' in [values.title] must be a string");
  CHECK(invalid("[columns]\ntitle = \"S\n") .rfind("map.toml:2:", 0) == 0);
}

TEST_CASE("bind_import_map finds each column, or names the missing one") {
  const auto b = bind_import_map(parse_import_map(good, "map.toml"), header, "in.csv");
  REQUIRE(b.fields.size() == 8);
  CHECK(b.fields[0] == std::pair<std::string, std::size_t>{"title", 1});
  CHECK(b.fields[1] == std::pair<std::string, std::size_t>{"email", 3});
  CHECK(unbound({"Subject", "Requester Email"}) == "map.toml:5:8: no column 'Requester' in the header of 'in.csv'");
  CHECK(unbound({"Subject", "Requester Email", "Subject"},
                "[columns]\ntitle = \"Subject\"\nemail = \"Requester Email\"\n") ==
        "map.toml:2:9: column 'Subject' is in the header of 'in.csv' twice");
}

TEST_CASE("map_row trims, translates and checks the values") {
  const auto b = bind_import_map(parse_import_map(good, "map.toml"), header, "in.csv");
  const auto row = map_row(b, {"2026-11-20 09:30", " Printer jam ", "Ann", "Ann@Milne.example.edu", "P1",
                               "printer; hw;;printer", "WIRED", "Jams on\r\ntray 2", "ignored"});
  CHECK(row.problem == "");
  CHECK(row.request.title == "Printer jam");
  CHECK(row.request.email == "Ann@Milne.example.edu");
  CHECK(row.request.name == "Ann");
  CHECK(row.request.priority == Priority::Urgent);
  CHECK(row.request.tags == std::vector<std::string>{"printer", "hw"});
  CHECK(row.request.details.connection == "wired");
  CHECK(row.request.text == "Jams on\ntray 2");
  REQUIRE(row.created);
  CHECK(format_time(*row.created) == "2026-11-20T09:30:00Z");

  const auto plain = map_row(b, {"", "T", "", "a@b.c", "", "", "", "", ""});
  CHECK(plain.problem == "");
  CHECK(!plain.request.priority);
  CHECK(!plain.created);

  CHECK(map_row(b, {"", "T", "", "a@b.c", "P9", "", "", "", ""}).problem ==
        "unknown priority 'P9'; low, normal, high or urgent");
  CHECK(map_row(b, {"", "T", "", "a@b.c", "High", "", "", "", ""}).request.priority == Priority::High);
  CHECK(map_row(b, {"", "T", "", "a@b.c", "", "", "wifi", "", ""}).problem ==
        "connection is 'wired' or 'wireless', not 'wifi'");
  CHECK(map_row(b, {"20/11/2026", "T", "", "a@b.c", "", "", "", "", ""}).problem ==
        "'20/11/2026' is not a date: RFC 3339, YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS]");
}

TEST_CASE("parse_import_time takes RFC 3339, dates and a space-separated time as UTC") {
  CHECK(format_time(*formats::parse_import_time("2026-11-20T09:30:00+01:00")) == "2026-11-20T08:30:00Z");
  CHECK(format_time(*formats::parse_import_time("2026-11-20")) == "2026-11-20T00:00:00Z");
  CHECK(format_time(*formats::parse_import_time("2026-11-20 09:30")) == "2026-11-20T09:30:00Z");
  CHECK(format_time(*formats::parse_import_time("2026-11-20 09:30:15")) == "2026-11-20T09:30:15Z");
  CHECK(!formats::parse_import_time("2026-11-20 9:30"));
  CHECK(!formats::parse_import_time("yesterday"));
}
