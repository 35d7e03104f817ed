#include "formats/kb_site.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/search.hpp"
#include "formats/kb_assets.hpp"
#include "formats/kb_markdown.hpp"

namespace tier::formats {
namespace {

constexpr std::size_t excerpt_length = 200;

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// One code point of UTF-8 at `i` (advanced past it); -1 for a byte that
// starts no valid sequence (then one byte is skipped).
long next_code_point(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  int len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xe ? 3 : (b0 >> 3) == 0x1e ? 4 : 0;
  if (len == 0 || i + std::size_t(len) > s.size()) {
    ++i;
    return -1;
  }
  long cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1f) : len == 3 ? (b0 & 0x0f) : (b0 & 0x07);
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + std::size_t(k)]);
    if ((b >> 6) != 0x2) {
      ++i;
      return -1;
    }
    cp = (cp << 6) | (b & 0x3f);
  }
  i += std::size_t(len);
  return cp;
}

// The characters of words; share/kb/search.js has the same ranges.
bool word_code_point(long c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0xD6) ||
         (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x1FFF) || (c >= 0x2C00 && c <= 0x2DFF) ||
         (c >= 0x2E80 && c <= 0x2FFF) || (c >= 0x3040 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDFF) ||
         (c >= 0xFE70 && c <= 0xFEFE) || (c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
         (c >= 0xFF41 && c <= 0xFF5A) || (c >= 0xFF66 && c <= 0xFFDC) || c >= 0x10000;
}

// The first words of a text, about `length` bytes, cut at a space.
std::string excerpt(std::string_view text) {
  std::string out;
  for (char c : text) {
    const char d = c == '\n' || c == '\t' || c == '\r' ? ' ' : c;
    if (d == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += d;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.size() <= excerpt_length) return out;
  std::size_t cut = out.rfind(' ', excerpt_length);
  if (cut == std::string::npos || cut < excerpt_length / 2) {
    cut = excerpt_length;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  }
  return out.substr(0, cut) + "\xE2\x80\xA6";
}

std::string date_of(Time t) {
  const Civil c = to_civil(t);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.year, c.month, c.day);
  return buf;
}

constexpr std::string_view general = "General";

// JSON for a script: invalid UTF-8 replaced, and '<' written as \u003c, so
// that no text of an article can end a script element or open a comment,
// wherever the index is put.
std::string script_json(const nlohmann::json& value) {
  const std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '<') out += "\\u003c";
    else out += c;
  }
  return out;
}

// The anchors of the categories on the index, unique.
class Anchors {
 public:
  const std::string& of(const std::string& category) {
    auto it = ids_.find(category);
    if (it != ids_.end()) return it->second;
    std::string base = "c-" + slugify(category), id = base;
    for (int n = 2; !taken_.insert(id).second; ++n) id = base + "-" + std::to_string(n);
    return ids_.emplace(category, id).first->second;
  }

 private:
  std::map<std::string, std::string> ids_;
  std::set<std::string> taken_;
};

std::string page_head(std::string_view title, std::string_view site) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      // Only the site's own scripts and styles run, whatever an article holds.
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; img-src * data:; "
      "object-src 'none'; base-uri 'none'; form-action 'self'\">\n"
      "<meta name=\"generator\" content=\"tier kb build\">\n<title>";
  out += html_escape(title);
  if (title != site) out += " \xC2\xB7 " + html_escape(site);
  out += "</title>\n<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"style.css\">\n</head>\n<body>\n";
  out += "<header class=\"site\">\n<a class=\"home\" href=\"index.html\">" + html_escape(site) + "</a>\n";
  out += "<form class=\"search\" role=\"search\" action=\"index.html\" method=\"get\">"
         "<label for=\"q\">Search</label>"
         "<input id=\"q\" name=\"q\" type=\"search\" placeholder=\"Describe your problem\" autocomplete=\"off\">"
         "<button type=\"submit\">Search</button></form>\n</header>\n";
  return out;
}

constexpr std::string_view page_foot = "</body>\n</html>\n";

std::string article_page(const Article& a, const Rendered& r, const SiteOptions& o, Anchors& anchors) {
  std::string out = page_head(a.title, o.title);
  out += "<main>\n<article>\n<h1>" + html_escape(a.title) + "</h1>\n<p class=\"meta\">";
  if (!a.categories.empty()) {
    out += "In ";
    for (std::size_t i = 0; i < a.categories.size(); ++i) {
      if (i) out += ", ";
      out += "<a href=\"index.html#" + anchors.of(a.categories[i]) + "\">" + html_escape(a.categories[i]) + "</a>";
    }
  }
  if (a.updated) out += std::string(a.categories.empty() ? "" : " \xC2\xB7 ") + "Updated " + date_of(*a.updated);
  out += "</p>\n<div class=\"body\">\n" + r.html + "</div>\n</article>\n</main>\n";
  out += "<footer><a href=\"index.html\">All articles</a></footer>\n";
  return out + std::string(page_foot);
}

struct Entry {
  const Article* article;
  std::string excerpt;
};

std::string index_page(const std::vector<Entry>& entries, const SiteOptions& o, Anchors& anchors) {
  // Categories in order, General last; articles by title within each.
  std::map<std::string, std::vector<const Entry*>> by_category;
  for (const auto& e : entries) {
    if (e.article->categories.empty()) by_category[std::string(general)].push_back(&e);
    for (const auto& c : e.article->categories) by_category[c].push_back(&e);
  }
  std::vector<std::string> order;
  for (const auto& [c, list] : by_category)
    if (c != general) order.push_back(c);
  if (by_category.count(std::string(general))) order.emplace_back(general);

  std::string out = page_head(o.title, o.title);
  out += "<main>\n<h1>" + html_escape(o.title) + "</h1>\n";
  out += "<section id=\"results\" aria-live=\"polite\" hidden>\n<p id=\"status\"></p>\n<ol id=\"hits\"></ol>\n</section>\n";
  out += "<div id=\"listing\">\n";
  if (entries.empty()) out += "<p>No articles yet.</p>\n";
  if (order.size() > 1) {
    out += "<nav class=\"categories\" aria-label=\"Categories\">\n<ul>\n";
    for (const auto& c : order)
      out += "<li><a href=\"#" + anchors.of(c) + "\">" + html_escape(c) + "</a></li>\n";
    out += "</ul>\n</nav>\n";
  }
  for (const auto& c : order) {
    auto& list = by_category[c];
    std::stable_sort(list.begin(), list.end(), [](const Entry* x, const Entry* y) {
      return x->article->title != y->article->title ? x->article->title < y->article->title
                                                    : x->article->slug < y->article->slug;
    });
    out += "<section class=\"category\" id=\"" + anchors.of(c) + "\">\n<h2>" + html_escape(c) + "</h2>\n<ul>\n";
    for (const Entry* e : list)
      out += "<li><a href=\"" + e->article->slug + ".html\">" + html_escape(e->article->title) +
             "</a><p class=\"excerpt\">" + html_escape(e->excerpt) + "</p></li>\n";
    out += "</ul>\n</section>\n";
  }
  out += "</div>\n</main>\n<script src=\"search-index.js\"></script>\n<script src=\"search.js\"></script>\n";
  return out + std::string(page_foot);
}

// The words of a text, split and lower-cased as the script splits them.
std::vector<std::string> split_site_words(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  auto flush = [&] {
    if (word.size() > 1 || (word.size() == 1 && static_cast<unsigned char>(word[0]) >= 0x80)) out.push_back(word);
    word.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    const long cp = next_code_point(text, i);
    if (cp >= 0 && word_code_point(cp)) {
      for (std::size_t k = start; k < i; ++k) {
        const char c = text[k];
        word += c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
      }
    } else {
      flush();
    }
  }
  flush();
  return out;
}

}  // namespace

std::vector<std::string> site_words(std::string_view text) {
  std::vector<std::string> out = split_site_words(text);
  // The words as search folds them too ("Wi-Fi" is also "wifi", "Café"
  // also "cafe"), for the script folds the query so.
  std::set<std::string> seen(out.begin(), out.end());
  for (auto& w : split_site_words(fold_word(text)))
    if (seen.insert(w).second) out.push_back(std::move(w));
  return out;
}

std::vector<SiteFile> build_site(const std::vector<Article>& articles, const SiteOptions& o) {
  std::vector<const Article*> published;
  // A slug names files and links: one that is not a slug never gets there.
  for (const auto& a : articles)
    if (a.status == ArticleStatus::Published && is_valid_slug(a.slug)) published.push_back(&a);
  std::sort(published.begin(), published.end(), [](const Article* x, const Article* y) { return x->slug < y->slug; });

  std::vector<SiteFile> files;
  files.reserve(published.size() + 4);
  std::vector<Entry> entries;
  entries.reserve(published.size());
  Anchors anchors;
  // The index: each word's articles, as the number of the article times two,
  // plus one when the word is in its title, keywords or categories.
  std::map<std::string, std::vector<std::size_t>> postings;
  nlohmann::json docs = nlohmann::json::array();
  for (std::size_t n = 0; n < published.size(); ++n) {
    const Article& a = *published[n];
    const Rendered r = render_markdown(a.body);
    entries.push_back({&a, excerpt(r.text)});
    files.push_back({a.slug + ".html", article_page(a, r, o, anchors)});
    docs.push_back({{"s", a.slug}, {"t", a.title}, {"c", a.categories}, {"e", entries.back().excerpt}});
    std::string head = a.title;
    for (const auto& k : a.keywords) head += " " + k;
    for (const auto& c : a.categories) head += " " + c;
    std::set<std::string> strong;
    for (auto& w : site_words(head)) strong.insert(std::move(w));
    std::set<std::string> all = strong;
    for (auto& w : site_words(r.text)) all.insert(std::move(w));
    for (const auto& w : all) postings[w].push_back(n * 2 + (strong.count(w) ? 1 : 0));
  }
  nlohmann::json terms = nlohmann::json::object();
  for (auto& [w, list] : postings) terms[w] = std::move(list);
  const nlohmann::json index = {{"version", 1}, {"docs", std::move(docs)}, {"terms", std::move(terms)}};
  files.insert(files.begin(), {"index.html", index_page(entries, o, anchors)});
  files.push_back({"search-index.js", "window.TIER_KB_INDEX = " + script_json(index) + ";\n"});
  files.push_back({"search.js", std::string(kb_assets::search_js)});
  files.push_back({"style.css", std::string(kb_assets::style_css)});
  return files;
}

}  // namespace tier::formats
