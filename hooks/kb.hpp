#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/kb.hpp"
#include "core/store/store.hpp"
#include "core/ticket.hpp"
#include "formats/kb_site.hpp"
#include "hooks/change.hpp"

/// The knowledge base's way in (tier-kb(1)): every change to an article is
/// checked by the history rules as the server will check it, made as one
/// commit and shared like a ticket's change (hooks::make_changes).
namespace tier::hooks {

/// Plans the articles to write on the store as it is: called again after
/// a pull that a lost race needed. It throws (Conflict) when what it was
/// asked to write no longer fits the store.
using ArticlePlan = std::function<std::vector<Article>(store::Store&)>;

struct ArticleChange {
  std::string op;       ///< Tier-Op: kb-new, kb-edit, kb-retire
  std::string subject;  ///< the commit's subject
};

/// Checks the planned articles (rule 'kb-editor' for the session's agent,
/// then every history rule on articles: 'id-path', 'malformed',
/// 'valid-values'), writes them in one commit with a trailer
/// "Tier-Article: <slug>" each, and shares it: with sync, pulled first and
/// pushed before success; a lost race takes the commit back, pulls and plans
/// again; a push the server refuses (or whose login it refuses) sets the
/// commit aside on refs/tier/refused/<n> and throws Remote (exit 7); a
/// remote that cannot be reached keeps the commit, with a warning. A refusal
/// throws it (exit 5), changing nothing. Returns the commit's id.
std::string publish_articles(Session& session, const ArticlePlan& plan, const ArticleChange& change);

/// The published articles whose words best match a ticket's public text
/// (its title and the requester's description), at most `max`, best first,
/// through the store's full-text search (Store::kb_search), each with its
/// link (article_url()). Empty without kb.url, and when the search fails:
/// suggestions never stop a notification.
std::vector<Suggestion> suggest_articles(store::Store& store, const Ticket& ticket, std::size_t max = 3);

/// The published and retired articles of the store, by slug; files that do
/// not parse are skipped, each reported to `bad` ("path: what").
std::vector<Article> load_articles(store::Store& store, const std::function<void(const std::string&)>& bad);

/// The article kb/<slug>.md as committed: NotFound when there is none (or
/// the slug is not one), Invalid when its file does not parse.
Article load_article(store::Store& store, const std::string& slug);

/// What `tier kb build` wrote.
struct BuiltSite {
  std::size_t articles = 0;  ///< pages of published articles
  std::size_t files = 0;     ///< files of the site, the pages included
  std::size_t written = 0;   ///< of those, the ones that were not already as they are
  std::size_t removed = 0;   ///< files of the last build that are gone
};

/// Writes the site of the store's articles (formats::build_site) into
/// `dir`, made when missing. Each file is written whole, under another name
/// first, so that a web server serving the directory never sends half a
/// page; a file that already holds what it should is not written again. The list of files goes in <dir>/.tier-kb-files; files the last
/// build listed and this one does not write (a retired article's page) are
/// removed, and nothing else in the directory is touched. Articles that do
/// not parse are left out, each reported to `bad`.
BuiltSite write_site(store::Store& store, const std::string& dir, const formats::SiteOptions& options,
                     const std::function<void(const std::string&)>& bad);

}  // namespace tier::hooks
