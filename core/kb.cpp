#include "core/kb.hpp"

#include <algorithm>
#include <set>

#include "core/ids.hpp"
#include "core/text.hpp"
#include "core/view.hpp"

namespace tier {
namespace {

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string q(std::string_view s) { return "'" + std::string(s) + "'"; }

// A byte of a word: an ASCII letter or digit, or any byte of a multi-byte
// character (names and words in other scripts stay whole).
bool word_byte(char ch) {
  const auto c = static_cast<unsigned char>(ch);
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

bool local_part_byte(char c) {
  return word_byte(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c == '\'';
}
bool domain_byte(char c) { return word_byte(c) || c == '.' || c == '-'; }

// Every e-mail address (something@host.domain) replaced by "[address]".
std::string without_addresses(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t copied = 0;
  for (std::size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    if (at < copied) continue;
    std::size_t begin = at;
    while (begin > copied && local_part_byte(text[begin - 1])) --begin;
    std::size_t end = at + 1;
    while (end < text.size() && domain_byte(text[end])) ++end;
    while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) --end;  // a sentence's full stop
    const std::string_view domain = text.substr(at + 1, end - at - 1);
    if (begin == at || domain.empty()) continue;
    out.append(text.substr(copied, begin - copied));
    out += "[address]";
    copied = end;
  }
  out.append(text.substr(copied));
  return out;
}

// Every whole-word occurrence of `name`, in any ASCII case, replaced by "[name]".
std::string without_name(const std::string& text, std::string_view name) {
  if (name.empty() || text.size() < name.size()) return text;
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    bool match = i + name.size() <= text.size() && (i == 0 || !word_byte(text[i - 1])) &&
                 (i + name.size() == text.size() || !word_byte(text[i + name.size()]));
    for (std::size_t k = 0; match && k < name.size(); ++k)
      match = ascii_lower(text[i + k]) == ascii_lower(name[k]);
    if (match) {
      out += "[name]";
      i += name.size();
    } else {
      out += text[i++];
    }
  }
  return out;
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  while (!s.empty() && (s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
  return std::string(s);
}

// Common words that say nothing about what a ticket is about.
const std::set<std::string_view>& stop_words() {
  static const std::set<std::string_view> words = {
      "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
      "because", "been", "before", "being", "but", "by", "can", "cannot", "could", "did", "do", "does",
      "doing", "don", "dont", "each", "for", "from", "get", "gets", "getting", "got", "had", "has", "have",
      "having", "he", "hello", "help", "her", "here", "hi", "him", "his", "how", "i", "if", "im", "in",
      "into", "is", "issue", "it", "its", "ive", "just", "know", "like", "me", "more", "my", "need", "no",
      "not", "now", "of", "on", "once", "one", "only", "or", "other", "our", "out", "please", "problem",
      "re", "regards", "same", "she", "should", "so", "some", "still", "such", "than", "thank", "thanks",
      "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to",
      "today", "too", "up", "us", "use", "using", "very", "was", "we", "were", "what", "when", "where",
      "which", "while", "who", "why", "will", "with", "work", "working", "works", "would", "you", "your"};
  return words;
}

}  // namespace

std::string_view to_string(ArticleStatus s) { return s == ArticleStatus::Retired ? "retired" : "published"; }

std::optional<ArticleStatus> parse_article_status(std::string_view s) {
  if (s == "published") return ArticleStatus::Published;
  if (s == "retired") return ArticleStatus::Retired;
  return std::nullopt;
}

bool is_kb_path(std::string_view path) { return path.rfind("kb/", 0) == 0; }

std::string article_path(std::string_view slug) { return "kb/" + std::string(slug) + ".md"; }

std::optional<std::string> slug_of_path(std::string_view path) {
  if (!is_kb_path(path) || path.size() <= 6 || path.substr(path.size() - 3) != ".md") return std::nullopt;
  const std::string_view slug = path.substr(3, path.size() - 6);
  if (!is_valid_slug(slug)) return std::nullopt;
  return std::string(slug);
}

bool is_valid_slug(std::string_view slug) {
  if (slug.empty() || slug.size() > 80 || slug.front() == '-' || slug.back() == '-') return false;
  for (std::size_t i = 0; i < slug.size(); ++i) {
    const char c = slug[i];
    if (c == '-') {
      if (slug[i - 1] == '-') return false;
    } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
      return false;
    }
  }
  return true;
}

std::string slugify(std::string_view title) {
  std::string out;
  for (char ch : title) {
    const char c = ascii_lower(ch);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (out.size() >= 60) break;
      out += c;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? std::string("article") : out;
}

bool is_kb_editor(const Policy& p, std::string_view agent) {
  const std::string who = lower(agent);
  if (p.kb.editors.empty()) {
    for (const auto& g : p.groups)
      if (contains(g.leads, who)) return true;
    return false;
  }
  for (const auto& e : p.kb.editors)
    if (e == who || (p.group(e) && p.is_member(e, who))) return true;
  return false;
}

std::optional<Refusal> authorize_kb(const Policy& p, std::string_view agent, std::string_view path, bool pusher) {
  if (is_kb_editor(p, agent)) return std::nullopt;
  const std::string who = p.kb.editors.empty() ? "the leads of the groups" : "the agents and groups of kb.editors";
  return Refusal{std::string(rules::kb_editor),
                 "only a knowledge-base editor may change " + q(path) + "; " + q(lower(agent)) + " is not one" +
                     (pusher ? " (the pusher)" : ""),
                 Exit::Refused, "editors are " + who + " (tier-config(5))"};
}

std::vector<std::string> article_problems(const Article& a, const Policy& p) {
  std::vector<std::string> out;
  if (a.title.find_first_not_of(" \t") == std::string::npos) out.push_back("the article has no title");
  else if (code_points(a.title) > p.limits.title)
    out.push_back("the title is " + std::to_string(code_points(a.title)) + " characters, over the limit of " +
                  std::to_string(p.limits.title));
  else if (first_control(a.title, false) >= 0)
    out.push_back("the title holds a control character");
  auto words = [&](const std::vector<std::string>& list, std::string_view what) {
    for (const auto& w : list) {
      if (w.empty() || code_points(w) > 80) out.push_back("the " + std::string(what) + " " + q(w) + " is empty or over 80 characters");
      else if (first_control(w, false) >= 0) out.push_back("the " + std::string(what) + " " + q(visible(w)) + " holds a control character");
    }
  };
  words(a.categories, "category");
  words(a.keywords, "keyword");
  for (const auto& t : a.tickets)
    if (!is_valid_id(t, p.prefix)) out.push_back(q(visible(t)) + " is not a ticket id of this store");
  if (first_control(a.body, true) >= 0) out.push_back("the body holds a control character");
  return out;
}

std::string redact(std::string_view text, const std::vector<std::string>& names) {
  std::string out = without_addresses(text);
  std::vector<std::string> sorted = names;
  // The longest first: "Dana Ruiz" before "Dana".
  std::sort(sorted.begin(), sorted.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  for (const auto& n : sorted) out = without_name(out, n);
  return out;
}

std::vector<std::string> private_names(const Ticket& t, const Policy& p) {
  std::vector<std::string> out;
  auto add_name = [&](const std::string& name, bool parts) {
    const std::string whole = trimmed(name);
    if (whole.empty()) return;
    out.push_back(whole);
    if (!parts) return;
    std::string part;
    auto flush = [&] {
      if (code_points(part) >= 3) out.push_back(part);
      part.clear();
    };
    for (char c : whole) {
      if (word_byte(c) || c == '\'') part += c;
      else flush();
    }
    flush();
  };
  add_name(t.requester.name, true);
  for (const auto& e : t.log)
    if (e.requester) add_name(e.requester->name, true);
  for (const auto& a : p.directory) add_name(a.name, false);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Article draft_from_ticket(const Ticket& t, const Policy& p) {
  const std::vector<std::string> names = private_names(t, p);
  const RequesterView view = requester_view(t);
  Article a;
  a.title = clean_line(redact(view.title, names));
  a.slug = slugify(a.title);
  if (!t.category.empty()) a.categories.push_back(t.category);
  a.tickets.push_back(t.id);
  std::string problem, notes, solution;
  for (const auto& e : view.log) {
    const std::string text = trimmed(redact(e.text, names));
    if (text.empty()) continue;
    if (e.event == Event::Create) problem = text;
    else if (e.event == Event::Resolve) solution = text;
    else notes += text + "\n\n";
  }
  std::string body = "## Problem\n\n" + (problem.empty() ? std::string("(describe the problem)") : problem) + "\n";
  if (!notes.empty()) body += "\n## Notes\n\n" + trimmed(notes) + "\n";
  body += "\n## Solution\n\n" + (solution.empty() ? std::string("(describe the fix)") : solution) + "\n";
  a.body = clean_text(body);
  return a;
}

std::optional<Refusal> draft_refusal(const Ticket& t) {
  if (t.status == Status::Resolved || t.status == Status::Closed) return std::nullopt;
  return Refusal{std::string(rules::transition),
                 "an article starts from a resolved or closed ticket; " + q(t.id) + " is " +
                     std::string(to_string(t.status)),
                 Exit::Refused, "resolve it first, or start the article without --from"};
}

std::optional<Refusal> answer_refusal(const Article& a) {
  if (a.status == ArticleStatus::Published) return std::nullopt;
  return Refusal{std::string(rules::valid_values), "the article " + q(a.slug) + " is retired", Exit::Refused,
                 "answer with a published article ('tier kb list')"};
}

std::string article_url(const Policy& p, std::string_view slug) {
  if (p.kb.url.empty()) return {};
  std::string url = p.kb.url;
  if (url.back() != '/') url += '/';
  return url + std::string(slug) + ".html";
}

std::string article_resolution(const Article& a, const Policy& p, std::string_view note) {
  while (!note.empty() && (note.front() == ' ' || note.front() == '\t')) note.remove_prefix(1);
  std::string out = trimmed(note);
  if (!out.empty()) out += "\n\n";
  const std::string url = article_url(p, a.slug);
  if (!url.empty()) return out + "The answer is in our knowledge base: \"" + a.title + "\"\n" + url;
  return out + a.title + "\n\n" + trimmed(a.body);
}

std::vector<std::string> topic_words(std::string_view text, std::size_t max) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  std::string word;
  auto flush = [&] {
    if (word.size() >= 2 && !stop_words().count(word) && seen.insert(word).second && out.size() < max)
      out.push_back(word);
    word.clear();
  };
  for (char c : text) {
    if (word_byte(c)) word += ascii_lower(c);
    else flush();
  }
  flush();
  return out;
}

}  // namespace tier
