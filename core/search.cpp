#include "core/search.hpp"

#include <algorithm>
#include <cstring>

#include "core/error.hpp"
#include "core/policy.hpp"

namespace tier {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// What FTS5's unicode61 tokenizer keeps as part of a word: letters and
// digits; any byte of a multi-byte character counts, to be safe (a word of
// symbols alone then matches nothing, which is harmless).
bool has_word_char(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
  });
}

Error usage(const std::string& message, const std::string& hint = {}) { return Error(Exit::Usage, message, hint); }

std::string shown_value(const std::string& v) { return v; }
std::string shown_value(Priority p) { return std::string(to_string(p)); }
std::string shown_value(int tier) { return std::to_string(tier); }

// Values of a field from the command line's options and the query's terms:
// the same values are no change, other ones an error, as a field twice.
template <class T>
void merge_field(std::vector<T>& into, const std::vector<T>& from, std::string_view name) {
  if (from.empty()) return;
  if (into.empty()) {
    into = from;
    return;
  }
  auto sorted = [](std::vector<T> v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
  };
  if (sorted(into) != sorted(from))
    throw usage("'" + std::string(name) + "' is given twice: '" + shown_value(into[0]) + "' and '" +
                shown_value(from[0]) + "'");
}

// A field term's value again is no change, another is an error.
template <class T>
void set_once(std::vector<T>& field, std::string_view name, const T& value, const std::string& shown) {
  if (std::find(field.begin(), field.end(), value) != field.end()) return;
  if (!field.empty())
    throw usage("'" + std::string(name) + "' is given twice: '" + shown_value(field[0]) + "' and '" + shown + "'");
  field.push_back(value);
}

void set_once(std::vector<std::string>& field, std::string_view name, const std::string& value) {
  if (!value.empty()) set_once(field, name, value, value);
}

void add_status(ListFilter& f, Status s) {
  if (std::find(f.statuses.begin(), f.statuses.end(), s) == f.statuses.end()) f.statuses.push_back(s);
}

void apply_field(ListFilter& f, const std::string& field, const std::string& value) {
  if (field == "status") {
    auto s = parse_status(lower(value));
    if (!s) throw usage("unknown status '" + value + "'", "a status is new, open, escalated, pending, resolved or closed");
    add_status(f, *s);
  } else if (field == "priority") {
    auto p = parse_priority(lower(value));
    if (!p) throw usage("unknown priority '" + value + "'", "a priority is low, normal, high or urgent");
    set_once(f.priorities, field, *p, std::string(to_string(*p)));
  } else if (field == "group") {
    set_once(f.groups, field, value);
  } else if (field == "org") {
    set_once(f.organizations, field, value);
  } else if (field == "category") {
    set_once(f.categories, field, value);
  } else if (field == "tag") {
    set_once(f.tags, field, value);
  } else if (field == "assignee") {
    set_once(f.assignees, field, lower(value));
  } else if (field == "owner") {
    set_once(f.owners, field, lower(value));
  }
}

std::string fts_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// A byte that starts no code point of UTF-8, carried as itself.
constexpr char32_t broken_byte = 0x110000;

// One code point of UTF-8 at `i`, moving `i` past it; a broken byte is
// broken_byte plus its value.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  const int n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 1) {
    ++i;
    return c;
  }
  if (n == 0 || i + std::size_t(n) > s.size()) {
    ++i;
    return broken_byte + c;
  }
  char32_t cp = c & (0x7F >> n);
  for (int k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + std::size_t(k)]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return broken_byte + c;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  i += std::size_t(n);
  return cp;
}

void put_code_point(std::string& out, char32_t cp) {
  if (cp >= broken_byte) {
    out += char(cp - broken_byte);
  } else if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

// A letter or digit, as far as joining goes: ASCII ones, and any character
// from U+00C0 on outside the general punctuation block (U+2000 to U+206F)
// and the two signs × and ÷.
bool word_code_point(char32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (c == 0xD7 || c == 0xF7) return false;
  return c >= 0xC0 && c < broken_byte && !(c >= 0x2000 && c <= 0x206F);
}

// Lower case, and the Latin-1 letters that carry an accent without it (the
// letters that decompose: Æ, Ø, ß and the like have no accent to lose).
char32_t fold_code_point(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c < 0xC0 || c > 0xFF || c == 0xD7 || c == 0xF7) return c;
  static constexpr char latin1[] = "aaaaaa.ceeeeiiii.nooooox.uuuuy..aaaaaa.ceeeeiiii.nooooo..uuuuy.y";
  const char base = latin1[c - 0xC0];
  if (base != '.' && base != 'x') return char32_t(base);
  return c <= 0xDE ? c + 32 : c;  // Æ Ð Ø Þ: lower case only
}

void clean(std::string& text) {
  // Almost no text holds the marks: look before rewriting (memchr is fast).
  if (!std::memchr(text.data(), snippet_open, text.size()) && !std::memchr(text.data(), snippet_close, text.size()))
    return;
  std::replace(text.begin(), text.end(), snippet_open, ' ');
  std::replace(text.begin(), text.end(), snippet_close, ' ');
}

void add_line(std::string& to, const std::string& line) {
  if (line.empty()) return;
  if (!to.empty()) to += '\n';
  to += line;
}

}  // namespace

const std::vector<std::string_view>& search_fields() {
  static const std::vector<std::string_view> fields = {"status",   "group",    "org",  "category",
                                                       "priority", "tag",      "assignee", "owner"};
  return fields;
}

SearchQuery parse_search_query(std::string_view q) {
  SearchQuery out;
  std::size_t i = 0;
  // At a '"': the phrase up to the next one.
  auto read_phrase = [&]() {
    const auto end = q.find('"', i + 1);
    if (end == std::string_view::npos)
      throw usage("unterminated '\"' in the query", "end the phrase with another '\"'");
    std::string text(q.substr(i + 1, end - i - 1));
    i = end + 1;
    return text;
  };
  auto add_term = [&](std::string text, bool phrase, bool title_only) {
    bool prefix = false;
    if (!phrase && !text.empty() && text.back() == '*') {
      while (!text.empty() && text.back() == '*') text.pop_back();
      if (!has_word_char(text))
        throw usage("'*' needs the start of a word before it", "a prefix is written like print*");
      prefix = true;
    }
    if (has_word_char(text)) out.terms.push_back(SearchTerm{std::move(text), phrase, title_only, prefix});
  };
  const auto& fields = search_fields();
  while (i < q.size()) {
    if (is_space(q[i])) {
      ++i;
      continue;
    }
    if (q[i] == '"') {
      add_term(read_phrase(), true, false);
      continue;
    }
    const std::size_t start = i;
    while (i < q.size() && !is_space(q[i]) && q[i] != '"') ++i;
    std::string word(q.substr(start, i - start));
    const auto colon = word.find(':');
    if (colon != std::string::npos && colon > 0) {
      const std::string field = lower(std::string_view(word).substr(0, colon));
      const bool filter = std::find(fields.begin(), fields.end(), field) != fields.end();
      if (filter || field == "title") {
        std::string value = word.substr(colon + 1);
        bool quoted = false;
        if (value.empty() && i < q.size() && q[i] == '"') {
          value = read_phrase();
          quoted = true;
        }
        if (value.empty()) throw usage("no value for '" + field + ":'", "write it as " + field + ":VALUE");
        if (filter) apply_field(out.filter, field, value);
        else add_term(std::move(value), quoted, true);
        continue;
      }
    }
    add_term(std::move(word), false, false);
  }
  if (out.terms.empty())
    throw usage("the query has no words to search for", "to filter tickets without searching their text, use 'tier list'");
  return out;
}

void merge_filters(ListFilter& into, const ListFilter& from) {
  for (Status s : from.statuses) add_status(into, s);
  merge_field(into.groups, from.groups, "group");
  merge_field(into.assignees, from.assignees, "assignee");
  merge_field(into.owners, from.owners, "owner");
  into.unassigned = into.unassigned || from.unassigned;
  merge_field(into.tiers, from.tiers, "tier");
  merge_field(into.organizations, from.organizations, "org");
  merge_field(into.categories, from.categories, "category");
  merge_field(into.priorities, from.priorities, "priority");
  merge_field(into.tags, from.tags, "tag");
}

bool joins_words(std::string_view gap) {
  return gap == "-" || gap == "'" || gap == "." || gap == "\u2010" || gap == "\u2011" || gap == "\u2019";
}

std::string fold_word(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  bool after_word = false;  // the last code point kept was a letter or digit
  std::size_t i = 0;
  while (i < word.size()) {
    const std::size_t start = i;
    const char32_t c = next_code_point(word, i);
    if (after_word && joins_words(word.substr(start, i - start)) && i < word.size()) {
      std::size_t j = i;
      if (word_code_point(next_code_point(word, j))) continue;  // joined: the mark is left out
    }
    after_word = word_code_point(c);
    put_code_point(out, fold_code_point(c));
  }
  return out;
}

std::string fts_match(const std::vector<SearchTerm>& terms) {
  std::string out;
  for (const auto& t : terms) {
    if (!out.empty()) out += ' ';
    if (t.title_only) out += "title : ";
    out += fts_string(fold_word(t.text));
    if (t.prefix) out += " *";
  }
  return out;
}

SearchDocument search_document(const Header& h) {
  SearchDocument d;
  d.title = h.title;
  for (auto name : Details::names()) add_line(d.details, *h.details.field(name));
  clean(d.title);
  clean(d.details);
  return d;
}

SearchDocument search_document(const Ticket& t) {
  SearchDocument d = search_document(t.header());
  std::size_t size = 0;
  for (const auto& e : t.log) size += e.text.size() + 1;
  d.log.reserve(size);
  for (const auto& e : t.log) add_line(d.log, e.text);
  clean(d.log);
  return d;
}

std::string best_snippet(const std::string& title, const std::string& details, const std::string& log) {
  const auto marks = [](const std::string& s) { return std::count(s.begin(), s.end(), snippet_open); };
  if (marks(log) == 0 && marks(details) == 0) return title;
  return marks(log) >= marks(details) ? log : details;
}

std::vector<SnippetPart> snippet_parts(std::string_view marked) {
  std::vector<SnippetPart> parts;
  SnippetPart cur;
  bool space = false;    // white space seen since the last character kept
  bool written = false;  // a character kept
  auto flush = [&](bool match) {
    if (space && written) cur.text += ' ';
    space = false;
    if (!cur.text.empty()) parts.push_back(std::move(cur));
    cur = SnippetPart{{}, match};
  };
  for (char c : marked) {
    if (c == snippet_open || c == snippet_close) {
      flush(c == snippet_open);
    } else if (is_space(c)) {
      space = true;
    } else {
      if (space && written) cur.text += ' ';
      space = false;
      cur.text += c;
      written = true;
    }
  }
  space = false;
  flush(false);
  return parts;
}

std::string plain_snippet(const std::vector<SnippetPart>& parts) {
  std::string out;
  for (const auto& p : parts) out += p.text;
  return out;
}

}  // namespace tier
