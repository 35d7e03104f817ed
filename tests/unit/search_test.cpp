#include "core/search.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "support.hpp"

using namespace tier;

namespace {

std::string usage_error(std::string_view query) {
  try {
    parse_search_query(query);
  } catch (const Error& e) {
    CHECK(e.code() == Exit::Usage);
    return e.what();
  }
  return "no error";
}

std::vector<SearchTerm> terms(std::string_view query) { return parse_search_query(query).terms; }

SearchTerm word(std::string text) { return SearchTerm{std::move(text), false, false}; }
SearchTerm phrase(std::string text) { return SearchTerm{std::move(text), true, false}; }

}  // namespace

TEST_CASE("search query: words and phrases") {
  CHECK(terms("printer jam") == std::vector{word("printer"), word("jam")});
  CHECK(terms("  printer\tjam\n") == std::vector{word("printer"), word("jam")});
  CHECK(terms("\"paper jam\" tray") == std::vector{phrase("paper jam"), word("tray")});
  CHECK(terms("tray\"paper jam\"") == std::vector{word("tray"), phrase("paper jam")});
  CHECK(terms("LT-20931") == std::vector{word("LT-20931")});
  CHECK(terms("Zoë") == std::vector{word("Zoë")});
  // Symbols alone are no word; an empty phrase is nothing.
  CHECK(terms("printer - \"\" \"--\" jam") == std::vector{word("printer"), word("jam")});
  // No operators: these are words like any other.
  CHECK(terms("AND OR NOT NEAR") == std::vector{word("AND"), word("OR"), word("NOT"), word("NEAR")});
}

TEST_CASE("search query: field terms become filters") {
  const SearchQuery q = parse_search_query(
      "status:resolved Status:Closed group:service-desk org:milne category:printing PRIORITY:High tag:wifi "
      "assignee:Bob@Example.edu owner:alice@example.edu jam");
  CHECK(q.terms == std::vector{word("jam")});
  CHECK(q.filter.statuses == std::vector{Status::Resolved, Status::Closed});
  CHECK(q.filter.groups == std::vector<std::string>{"service-desk"});
  CHECK(q.filter.organizations == std::vector<std::string>{"milne"});
  CHECK(q.filter.categories == std::vector<std::string>{"printing"});
  CHECK(q.filter.priorities == std::vector{Priority::High});
  CHECK(q.filter.tags == std::vector<std::string>{"wifi"});
  CHECK(q.filter.assignees == std::vector<std::string>{"bob@example.edu"});
  CHECK(q.filter.owners == std::vector<std::string>{"alice@example.edu"});

  const SearchQuery quoted = parse_search_query("category:\"front desk\" jam");
  CHECK(quoted.filter.categories == std::vector<std::string>{"front desk"});
  CHECK(quoted.terms == std::vector{word("jam")});
  // The same value twice is no conflict; a status repeated is kept once.
  CHECK(parse_search_query("group:a group:a status:new status:new x").filter.statuses == std::vector{Status::New});
}

TEST_CASE("search query: title terms, and words that only look like fields") {
  CHECK(terms("title:printer") == std::vector{SearchTerm{"printer", false, true}});
  CHECK(terms("title:\"paper jam\"") == std::vector{SearchTerm{"paper jam", true, true}});
  CHECK(terms("error:0x80070005 http://example.edu :x") ==
        std::vector{word("error:0x80070005"), word("http://example.edu"), word(":x")});
}

TEST_CASE("search query: errors") {
  CHECK(usage_error("") == "the query has no words to search for");
  CHECK(usage_error("   ") == "the query has no words to search for");
  CHECK(usage_error("- \"\"") == "the query has no words to search for");
  CHECK(usage_error("*") == "'*' needs the start of a word before it");
  CHECK(usage_error("wifi **") == "'*' needs the start of a word before it");
  CHECK(usage_error("title:* jam") == "'*' needs the start of a word before it");
  CHECK(usage_error("-* jam") == "'*' needs the start of a word before it");
  CHECK(usage_error("status:resolved") == "the query has no words to search for");
  CHECK(usage_error("\"paper jam") == "unterminated '\"' in the query");
  CHECK(usage_error("title:\"paper jam") == "unterminated '\"' in the query");
  CHECK(usage_error("status: jam") == "no value for 'status:'");
  CHECK(usage_error("title: jam") == "no value for 'title:'");
  CHECK(usage_error("group:\"\" jam") == "no value for 'group:'");
  CHECK(usage_error("status:opne jam") == "unknown status 'opne'");
  CHECK(usage_error("priority:hgih jam") == "unknown priority 'hgih'");
  CHECK(usage_error("group:a group:b jam") == "'group' is given twice: 'a' and 'b'");
  CHECK(usage_error("priority:low priority:high jam") == "'priority' is given twice: 'low' and 'high'");
}

TEST_CASE("search query: the options join the field terms") {
  SearchQuery q = parse_search_query("status:new group:service-desk jam");
  ListFilter options;
  options.statuses = {Status::Resolved, Status::New};
  options.groups = {"service-desk"};
  options.categories = {"printing"};
  options.unassigned = true;
  options.tiers = {1};
  merge_filters(q.filter, options);
  CHECK(q.filter.statuses == std::vector{Status::New, Status::Resolved});
  CHECK(q.filter.groups == std::vector<std::string>{"service-desk"});
  CHECK(q.filter.categories == std::vector<std::string>{"printing"});
  CHECK(q.filter.unassigned);
  CHECK(q.filter.tiers == std::vector{1});

  ListFilter other;
  other.groups = {"cx-tier2"};
  try {
    merge_filters(q.filter, other);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::Usage);
    CHECK(std::string(e.what()) == "'group' is given twice: 'service-desk' and 'cx-tier2'");
  }
}

TEST_CASE("search query: options with lists join the field terms") {
  // A list given as options fills a field the query leaves empty.
  SearchQuery q = parse_search_query("jam");
  ListFilter options;
  options.priorities = {Priority::High, Priority::Urgent};
  options.assignees = {"bob@example.edu", "carol@example.edu"};
  merge_filters(q.filter, options);
  CHECK(q.filter.priorities == std::vector{Priority::High, Priority::Urgent});
  CHECK(q.filter.assignees == std::vector<std::string>{"bob@example.edu", "carol@example.edu"});
  // The same values in another order, or one twice, are no conflict.
  ListFilter same;
  same.priorities = {Priority::Urgent, Priority::High, Priority::Urgent};
  merge_filters(q.filter, same);
  CHECK(q.filter.priorities == std::vector{Priority::High, Priority::Urgent});
  // Other values are.
  ListFilter other;
  other.priorities = {Priority::Low};
  try {
    merge_filters(q.filter, other);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "'priority' is given twice: 'high' and 'low'");
  }
}

TEST_CASE("fts_match: every word an FTS5 string, nothing read as syntax") {
  CHECK(fts_match(terms("printer jam")) == "\"printer\" \"jam\"");
  CHECK(fts_match(terms("\"paper jam\" title:tray")) == "\"paper jam\" title : \"tray\"");
  CHECK(fts_match(terms("AND NEAR(a b) x*y ^y -z {title}:w")) ==
        "\"and\" \"near(a\" \"b)\" \"x*y\" \"^y\" \"-z\" \"{title}:w\"");
  // A quote inside a term (possible only when built by hand) is doubled.
  CHECK(fts_match({word("a\"b")}) == "\"a\"\"b\"");
}

TEST_CASE("search query: a word ending in '*' is a prefix") {
  CHECK(terms("print* jam") == std::vector{SearchTerm{"print", false, false, true}, word("jam")});
  CHECK(terms("print** title:lap*") ==
        std::vector{SearchTerm{"print", false, false, true}, SearchTerm{"lap", false, true, true}});
  // Inside a phrase a '*' is no prefix.
  CHECK(terms("\"print*\"") == std::vector{phrase("print*")});
  CHECK(fts_match(terms("Print* title:Wi-F*")) == "\"print\" * title : \"wif\" *");
}

TEST_CASE("joins_words and fold_word: one word however it is written") {
  for (std::string_view gap : {"-", "'", ".", "\u2010", "\u2011", "\u2019"}) CHECK(joins_words(gap));
  for (std::string_view gap : {"", " ", "--", "/", "_", ",", "\u2013", "- "}) CHECK_FALSE(joins_words(gap));

  for (std::string_view w : {"wifi", "wi-fi", "Wi-Fi", "WiFi", "WI\u2011FI", "wi\u2010fi", "wi.fi"})
    CHECK(fold_word(w) == "wifi");
  CHECK(fold_word("Café") == "cafe");
  CHECK(fold_word("CAFÉ") == "cafe");
  CHECK(fold_word("Zoë Ñandú Ærø") == "zoe nandu ærø");
  CHECK(fold_word("don\u2019t") == "dont");
  CHECK(fold_word("LT-20931") == "lt20931");
  CHECK(fold_word("v2.1") == "v21");
  // A mark joins only between letters or digits.
  CHECK(fold_word("-x- a--b 'quoted' end.") == "-x- a--b 'quoted' end.");
  CHECK(fold_word("wi - fi") == "wi - fi");
  // Other characters, broken UTF-8 too, are kept for the tokenizer.
  CHECK(fold_word("a/b \xff\xfe") == "a/b \xff\xfe");
  CHECK(fold_word("") == "");
}

TEST_CASE("search_document: title, template, every text of the log") {
  Ticket t;
  t.title = "Laptop drops Wi-Fi";
  t.details = test::full_details();
  LogEntry create;
  create.event = Event::Create;
  create.text = "It drops.";
  LogEntry claim;
  claim.event = Event::Claim;
  LogEntry note;
  note.event = Event::Escalate;
  note.visibility = Visibility::Private;
  note.text = "RADIUS side?\nSee the log.";
  t.log = {create, claim, note};
  const SearchDocument d = search_document(t);
  CHECK(d.title == "Laptop drops Wi-Fi");
  CHECK(d.details == "LT-20931\nStrand Ag B12\nDrops every 10 minutes\nForgot network, updated driver\nwireless");
  CHECK(d.log == "It drops.\nRADIUS side?\nSee the log.");

  const SearchDocument header_only = search_document(t.header());
  CHECK(header_only.title == d.title);
  CHECK(header_only.details == d.details);
  CHECK(header_only.log.empty());

  t.title = std::string("a") + snippet_open + "b" + snippet_close;
  CHECK(search_document(t).title == "a b ");
}

TEST_CASE("best_snippet: the log's or the template's with the most matches, else the title's") {
  const std::string o(1, snippet_open), c(1, snippet_close);
  const std::string title = o + "Printer" + c + " jams", none = "no match here";
  const std::string one = "the " + o + "printer" + c + " works", two = o + "printer" + c + " " + o + "jam" + c;
  CHECK(best_snippet(title, none, none) == title);
  CHECK(best_snippet(title, "", "") == title);
  CHECK(best_snippet(title, none, one) == one);
  CHECK(best_snippet(title, one, none) == one);
  CHECK(best_snippet(title, two, one) == two);
  CHECK(best_snippet(title, one, two) == two);
  CHECK(best_snippet(title, two, two + " ") == two + " ");
}

TEST_CASE("snippet_parts: one line, split at the marks") {
  const std::string marked = std::string("  the ") + snippet_open + "printer" + snippet_close + "\n\n jams on " +
                             snippet_open + "tray" + snippet_close + " 2 ";
  const auto parts = snippet_parts(marked);
  CHECK(parts == std::vector<SnippetPart>{{"the ", false}, {"printer", true}, {" jams on ", false}, {"tray", true},
                                          {" 2", false}});
  CHECK(plain_snippet(parts) == "the printer jams on tray 2");
  CHECK(snippet_parts("").empty());
  CHECK(plain_snippet(snippet_parts("a\tb\r\nc")) == "a b c");
}
