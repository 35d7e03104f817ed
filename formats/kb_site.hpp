#pragma once

#include <string>
#include <vector>

#include "core/kb.hpp"

/// The knowledge base as a static site (tier-kb(1), BUILD): pure, from
/// articles to files; the command writes them.
namespace tier::formats {

struct SiteFile {
  std::string path;  ///< relative to the site's directory: index.html, <slug>.html, ...
  std::string content;
};

struct SiteOptions {
  std::string title = "Knowledge base";
};

/// The site of the published articles (retired ones, and any whose slug is
/// not valid, are left out): index.html
/// (a search box and the articles by category, "General" for those with
/// none), one <slug>.html per article, search-index.js (the prebuilt index
/// the search box reads: each article's slug, title, categories and an
/// excerpt, and each word's articles), search.js and style.css (shipped
/// with tier, share/kb/). Nothing is loaded from elsewhere; the pages have
/// no script of their own (a Content-Security-Policy allows only the site's
/// files), and each page's text comes only from the articles: never from
/// their tickets, their history or the store's config. Files are in a
/// fixed order and hold no time of the build: the same articles give the
/// same bytes.
std::vector<SiteFile> build_site(const std::vector<Article>& articles, const SiteOptions& options);

/// The words of a text as the site's search index and its script split
/// them: runs of ASCII letters and digits and of other characters but
/// Unicode punctuation and spaces, ASCII lower-cased; then the words of
/// fold_word(text) (core/search.hpp) not among them: "Wi-Fi" gives "wi",
/// "fi" and "wifi", "Café" gives "café" and "cafe". The script folds the
/// query the same way.
std::vector<std::string> site_words(std::string_view text);

}  // namespace tier::formats
