#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/query.hpp"
#include "core/ticket.hpp"

/// The query language of `tier search` and what the full-text index holds;
/// tier-search(1) is the contract, this summarizes it.
namespace tier {

/// A word or a quoted phrase the ticket's text must contain.
struct SearchTerm {
  std::string text;         ///< as typed; a phrase without its quotes, a prefix without its '*'
  bool phrase = false;      ///< quoted: its words next to each other, in order
  bool title_only = false;  ///< `title:WORD`: in the title only
  bool prefix = false;      ///< `WORD*`: any word that starts with it
  friend bool operator==(const SearchTerm&, const SearchTerm&) = default;
};

/// A parsed query: the terms, all of which must match, and the filters its
/// field terms asked for.
struct SearchQuery {
  std::vector<SearchTerm> terms;
  ListFilter filter;
};

/// The field names of `field:value` terms that filter like tier-list(1)'s
/// options (status, group, org, category, priority, tag, assignee, owner).
const std::vector<std::string_view>& search_fields();

/// Parses a query. Words are separated by white space; "..." is a phrase;
/// `field:value` with a field of search_fields() (any case) is a filter
/// (`field:"two words"` too), `title:word` and `title:"a phrase"` a term in
/// the title only; any other `a:b` is an ordinary word. status may be given
/// several times (any of them); another field twice with two values is an
/// error. A word ending in '*' is a prefix (`print*` matches printer and
/// printing). A word or phrase with no letter or digit in it is dropped,
/// but a '*' without a word before it is Error(Exit::Usage): "'*' needs
/// the start of a word before it".
/// Statuses, priorities and addresses are taken in any case.
/// Throws Error(Exit::Usage): "the query has no words to search for" (hint:
/// `tier list` for filters alone), "unterminated '\"' in the query",
/// "no value for 'status:'", "unknown status 'opne'",
/// "unknown priority 'hgih'", "'group' is given twice: 'a' and 'b'".
SearchQuery parse_search_query(std::string_view query);

/// Adds the filters of command-line options to a query's, as the field
/// terms: statuses are added to the query's; any other field set in both
/// must have the same values, else Error(Exit::Usage) as parse_search_query's.
void merge_filters(ListFilter& into, const ListFilter& from);

/// Whether the text between two words is one mark that joins them into
/// one word: a hyphen ('-', U+2010, U+2011), an apostrophe (''', U+2019) or
/// a full stop. "Wi-Fi", "don't" and "v2.1" are then each one word, as the
/// index and the query both read them (core/store/fts_words).
bool joins_words(std::string_view gap);

/// A word as search compares it: lower case, Latin letters without their
/// accents, the joining marks of joins_words() between its letters and
/// digits left out. "Wi‑Fi", "wi-fi" and "WiFi" are "wifi"; "Café" is
/// "cafe". Other characters are kept as they are, for the index's tokenizer
/// (unicode61, which folds the rest of Unicode) to read.
std::string fold_word(std::string_view word);

/// The SQLite FTS5 MATCH expression of the terms, all required: each word
/// and phrase an FTS5 string ("..." with '"' doubled), so that nothing a
/// user types (AND, OR, NOT, NEAR, *, ^, -, :, parentheses, quotes) is read
/// as FTS5 syntax; a title term is `title : "..."`, a prefix `"..." *`.
/// Words are folded (fold_word) first.
std::string fts_match(const std::vector<SearchTerm>& terms);

/// The text the index holds for a ticket, one string per column: the title;
/// the filled-in template fields (asset, location, symptoms, tried,
/// connection), one a line; the text of every log entry that has one
/// (comments, private notes, escalation notes, resolutions), one a line.
/// The snippet marks are replaced by spaces.
struct SearchDocument {
  std::string title, details, log;
};
SearchDocument search_document(const Ticket& t);
/// The same for a ticket whose log cannot be read: title and details only.
SearchDocument search_document(const Header& h);

/// A snippet from the index marks each matched word between these two
/// characters; the text it comes from never holds them.
inline constexpr char snippet_open = '\x02';
inline constexpr char snippet_close = '\x03';

/// The snippet a hit shows, of the snippets of its three columns: the log's
/// or the template's, whichever has more matched words (the log's on a tie),
/// as the title is shown anyway; the title's when neither has a match.
std::string best_snippet(const std::string& title, const std::string& details, const std::string& log);

/// One piece of a snippet: text, matched or not.
struct SnippetPart {
  std::string text;
  bool match = false;
  friend bool operator==(const SnippetPart&, const SnippetPart&) = default;
};

/// A snippet on one line: every run of white space (line breaks too) one
/// space, none at the ends; split at the marks into parts.
std::vector<SnippetPart> snippet_parts(std::string_view marked);
/// The text of the parts, without marks.
std::string plain_snippet(const std::vector<SnippetPart>& parts);

}  // namespace tier
