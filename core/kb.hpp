#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/policy.hpp"
#include "core/ticket.hpp"
#include "core/time.hpp"
#include "core/workflow.hpp"

/// The knowledge base (tier 0): articles that requesters read to help
/// themselves, one file each under kb/ (tier-kb(5)), published by editors
/// (rule 'kb-editor'). Pure: the file format is formats/kb_article, the
/// site formats/kb_site, the commits core/store.
namespace tier {

enum class ArticleStatus { Published, Retired };
std::string_view to_string(ArticleStatus s);
std::optional<ArticleStatus> parse_article_status(std::string_view s);

/// One article, as kb/<slug>.md holds it (tier-kb(5)). Its history is the
/// commits that changed the file.
struct Article {
  std::string slug;  ///< the file's name without ".md": the article's id
  std::string title;
  ArticleStatus status = ArticleStatus::Published;
  std::vector<std::string> categories;
  std::vector<std::string> keywords;
  std::vector<std::string> tickets;  ///< the tickets it came from
  std::optional<Time> updated;       ///< set by tier at each change
  std::string body;                  ///< Markdown
  friend bool operator==(const Article&, const Article&) = default;
};

/// Whether the path is under kb/.
bool is_kb_path(std::string_view path);
/// kb/<slug>.md
std::string article_path(std::string_view slug);
/// The slug of kb/<slug>.md, or nullopt when the path is not of that shape
/// or the slug is not valid.
std::optional<std::string> slug_of_path(std::string_view path);
/// 1 to 80 characters of a-z, 0-9 and '-', neither first nor last, never two in a row.
bool is_valid_slug(std::string_view slug);
/// A slug made of a title: ASCII letters and digits lower-cased, every
/// other run of characters one '-', at most 60 characters; "article" when
/// nothing is left.
std::string slugify(std::string_view title);

/// Whether the agent may publish: listed in kb.editors, or a member or lead
/// of a group listed there; with kb.editors empty, a lead of any group.
bool is_kb_editor(const Policy& policy, std::string_view agent);
/// Rule 'kb-editor': nullopt when the agent may change the article at `path`.
/// `pusher` says the agent is the one the git server named.
std::optional<Refusal> authorize_kb(const Policy& policy, std::string_view agent, std::string_view path,
                                    bool pusher = false);

/// What is wrong with an article's values (rule 'valid-values'), one message
/// each: an empty or over-long title ([limits] title), control characters
/// in a title, a category, a keyword or the body (but newline and tab), a
/// category or keyword empty or over 80 characters, a ticket that is not an
/// id of the store. The file's size is [limits] article's, checked apart.
std::vector<std::string> article_problems(const Article& article, const Policy& policy);

/// The text with every e-mail address replaced by "[address]" and every
/// one of `names` (whole words, any case) by "[name]".
std::string redact(std::string_view text, const std::vector<std::string>& names);
/// The names redact() removes for a ticket: the requester's name and each
/// part of it of three letters or more, and every agent's display name.
std::vector<std::string> private_names(const Ticket& ticket, const Policy& policy);

/// A draft article from a resolved ticket's public text only
/// (requester_view()): its title, the requester's description, the public
/// comments and the last resolution, each redact()ed; its category; the
/// ticket in `tickets`. The slug is slugify(title).
Article draft_from_ticket(const Ticket& ticket, const Policy& policy);

/// Rule 'transition' for `tier kb new --from`: an article starts from a
/// ticket that is resolved or closed; nullopt when it is.
std::optional<Refusal> draft_refusal(const Ticket& ticket);

/// Rule 'valid-values' for `tier resolve --article`: only a published
/// article answers a ticket; nullopt when it is one.
std::optional<Refusal> answer_refusal(const Article& article);

/// The link of an article on the published site: kb.url, a '/', the slug
/// and ".html"; empty without kb.url.
std::string article_url(const Policy& policy, std::string_view slug);

/// An article offered to a requester: its title and its link.
struct Suggestion {
  std::string title;
  std::string url;
  friend bool operator==(const Suggestion&, const Suggestion&) = default;
};

/// The public resolution that answers with an article: the note, if any,
/// then the article's title and its link (article_url()), or without
/// kb.url its body.
std::string article_resolution(const Article& article, const Policy& policy, std::string_view note);

/// The words of a text that say what it is about, for suggestions: lower-
/// case runs of letters and digits of two characters or more, without
/// common English words, each once, in order, at most `max` of them.
std::vector<std::string> topic_words(std::string_view text, std::size_t max = 32);

}  // namespace tier
