// The page of `tier report --html` (formats/report_html): self-contained,
// every chart with its SVG and its table, every number from the figures,
// and nothing in a name that the browser would take for markup.

#include "formats/report_html.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>

namespace tier {
namespace {

using nlohmann::json;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

// The text between the first `from` after `start` and the `to` after it.
std::string between(const std::string& text, const std::string& start, const std::string& from,
                    const std::string& to) {
  const std::size_t s = text.find(start);
  REQUIRE(s != std::string::npos);
  const std::size_t a = text.find(from, s);
  REQUIRE(a != std::string::npos);
  const std::size_t b = text.find(to, a + from.size());
  REQUIRE(b != std::string::npos);
  return text.substr(a + from.size(), b - a - from.size());
}

json row(json key, int created, int resolved, int backlog) {
  return {{"key", key},
          {"created", created},
          {"resolved", resolved},
          {"handled", created},
          {"backlog", backlog},
          {"first_contact_resolution", resolved ? json(0.5) : json(nullptr)},
          {"first_response_mean", 1800},
          {"first_response_median", 1200},
          {"resolution_mean", nullptr},
          {"resolution_median", nullptr},
          {"sla_compliance", resolved ? json(0.75) : json(nullptr)},
          {"reopen_rate", 0},
          {"escalation_rate", {{"1", 0.25}, {"2", 0}}},
          {"escalated_twice", 1},
          {"handbacks_per_ticket", 0.5},
          {"csat_mean", resolved ? json(4.5) : json(nullptr)},
          {"csat_count", resolved ? 2 : 0},
          {"resolved_by_article", resolved ? 1 : 0}};
}

json figures() {
  json totals = row(nullptr, 5, 3, 2);
  totals.erase("key");
  return {{"title", "Help desk report"},
          {"since", "2026-10-26T00:00:00Z"},
          {"until", nullptr},
          {"generated", "2026-11-02T15:00:00Z"},
          {"totals", totals},
          {"weeks", {row("2026-10-26", 1, 0, 1), row("2026-11-02", 4, 3, 2)}},
          {"categories", {row("<script>alert(1)</script>", 3, 1, 1), row(nullptr, 2, 2, 1)}},
          {"organizations", {row("milne", 4, 2, 2), row("bell\x07" "desk", 1, 1, 0), row("caf\xC3\xA9\xC2\x9B", 1, 0, 1)}},
          {"organization_names", {{"milne", "Milne & \"Sons\" <Library>"}}}};
}

}  // namespace

TEST_CASE("report page: one self-contained document with a print style") {
  const std::string page = formats::report_html(figures());
  CHECK(page.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0) == 0);
  CHECK(page.find("<meta charset=\"utf-8\">") != std::string::npos);
  CHECK(page.find("@media print") != std::string::npos);
  // Nothing fetched: no source, link, import or URL but the SVG namespace's name.
  CHECK(count(page, " src=") == 0);
  CHECK(count(page, "href") == 0);
  CHECK(count(page, "@import") == 0);
  CHECK(count(page, "url(") == 0);
  CHECK(count(page, "://") == count(page, "xmlns=\"http://www.w3.org/2000/svg\""));
  // One script element, and it is data.
  CHECK(count(page, "<script") == 1);
  CHECK(page.find("<script type=\"application/json\" id=\"tier-figures\">") != std::string::npos);
}

TEST_CASE("report page: every chart has its SVG and its table of numbers") {
  const std::string page = formats::report_html(figures());
  for (const std::string id : {"volume", "backlog", "resolution", "sla", "satisfaction", "categories",
                               "organizations"}) {
    CAPTURE(id);
    const std::string section = between(page, "<section class=\"chart\" id=\"" + id + "\">", "", "</section>");
    CHECK(count(section, "<svg ") == 1);
    CHECK(count(section, "<table>") == 1);
  }
  CHECK(count(page, "<section class=\"chart\"") == 7);
}

TEST_CASE("report page: each number shown carries its value from the figures") {
  const std::string page = formats::report_html(figures());
  CHECK(between(page, "<tr data-key=\"created\">", "<td", "</td>") == " data-value=\"5\">5");
  CHECK(between(page, "<tr data-key=\"first_response_mean\">", "<td", "</td>") == " data-value=\"1800\">30m");
  CHECK(between(page, "<tr data-key=\"resolution_mean\">", "<td", "</td>") == " data-value=\"null\">\u2013");
  CHECK(between(page, "<tr data-key=\"sla_compliance\">", "<td", "</td>") == " data-value=\"0.75\">75%");
  CHECK(between(page, "<tr data-key=\"escalation_rate.1\">", "<td", "</td>") == " data-value=\"0.25\">25%");
  CHECK(between(page, "<tr data-key=\"csat_mean\">", "<td", "</td>") == " data-value=\"4.5\">4.5");
  // A week's row in the table of the backlog chart.
  const std::string backlog = between(page, "id=\"backlog\"", "<tbody>", "</tbody>");
  CHECK(backlog == "\n<tr data-key=\"&quot;2026-10-26&quot;\"><th scope=\"row\">2026-10-26</th>"
                   "<td data-value=\"1\">1</td></tr>\n<tr data-key=\"&quot;2026-11-02&quot;\"><th scope=\"row\">"
                   "2026-11-02</th><td data-value=\"2\">2</td></tr>\n");
}

TEST_CASE("report page: names from tickets and config are text, never markup") {
  const std::string page = formats::report_html(figures());
  CHECK(page.find("<script>alert") == std::string::npos);
  CHECK(page.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(page.find("Milne &amp; &quot;Sons&quot; &lt;Library&gt; (milne)") != std::string::npos);
  CHECK(page.find('\x07') == std::string::npos);  // a control character in a key
  CHECK(page.find("\xC2\x9B") == std::string::npos);  // and a C1 one, which a terminal may act on
  CHECK(page.find("bell desk") != std::string::npos);
  CHECK(page.find(">caf\xC3\xA9 </th>") != std::string::npos);
  CHECK(page.find("<tr data-key=\"&quot;caf\\u00e9\\u009b&quot;\">") != std::string::npos);
  // In the data: no '<', '>' or '&' at all, the same strings as JSON escapes.
  const std::string data = between(page, "id=\"tier-figures\"", ">", "</script>");
  CHECK(data.find_first_of("<>&") == std::string::npos);
  CHECK(json::parse(data) == figures());
}

TEST_CASE("report page: a long name is cut on a character, with an ellipsis") {
  json f = figures();
  std::string long_name;
  for (int i = 0; i < 30; ++i) long_name += "\xC3\xA9";  // é, two bytes each
  f["categories"][0]["key"] = long_name;
  const std::string page = formats::report_html(f);
  std::string cut;
  for (int i = 0; i < 24; ++i) cut += "\xC3\xA9";
  CHECK(page.find(">" + cut + "\u2026</text>") != std::string::npos);  // the chart's label
  CHECK(page.find(">" + long_name + "</th>") != std::string::npos);    // the table has it whole
}

}  // namespace tier
