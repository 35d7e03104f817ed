// tier kb: the knowledge base (tier-kb(1)), its articles (tier-kb(5)) and
// its static site.

#include <fmt/core.h>

#include "cli/change.hpp"
#include "cli/commands.hpp"
#include "cli/render.hpp"
#include "cli/text_input.hpp"
#include "core/kb.hpp"
#include "core/text.hpp"
#include "formats/kb_article.hpp"
#include "hooks/kb.hpp"

namespace tier::cli {
namespace {

// The file the editor opens in .git/tier/.
constexpr const char* kb_edit_file = "KB_EDIT.md";

struct KbNewArgs {
  std::string from, title, slug, file;
  bool no_edit = false;
  bool dry_run = false;
};

struct KbEditArgs {
  std::string slug, file;
};

struct KbListArgs {
  std::string status = "all";
};

struct KbBuildArgs {
  std::string dir;
  std::string title = "Knowledge base";
};

nlohmann::json article_json(const Article& a, const Policy& policy, bool with_body) {
  nlohmann::json j = {
      {"slug", a.slug},
      {"title", a.title},
      {"status", std::string(to_string(a.status))},
      {"categories", a.categories},
      {"keywords", a.keywords},
      {"tickets", a.tickets},
      {"updated", a.updated ? nlohmann::json(format_time(*a.updated)) : nlohmann::json(nullptr)},
  };
  const std::string url = article_url(policy, a.slug);
  j["url"] = url.empty() ? nlohmann::json(nullptr) : nlohmann::json(url);
  if (with_body) j["body"] = a.body;
  return j;
}

void warn_bad(Context& ctx, const std::string& what) { ctx.out().warn(what); }

// A text of many lines on stdout, each made safe.
void print_text_lines(const Output& out, std::string_view text) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    out.line(text.substr(start, end - start));
    start = end + 1;
  }
}

void require_editor(Context& ctx, const Article& a) {
  if (auto refusal = authorize_kb(ctx.store().policy(), ctx.agent(), article_path(a.slug))) throw to_error(*refusal);
}

// An article read from text the person wrote: at kb/<slug>.md, where the
// slug is the one given, else made of its title.
Article parse_written(const std::string& text, const std::string& slug, const std::string& shown_path) {
  Article a = formats::parse_article(text, shown_path);
  a.slug = slug.empty() ? slugify(a.title) : slug;
  return a;
}

// The article after the editor, or nullopt when the person emptied it.
std::optional<Article> edited(Context& ctx, const Article& start, const std::string& slug) {
  const std::string text = edit_file(ctx, kb_edit_file, formats::write_article(start));
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
  const std::string kept = ctx.store().git_dir() + "tier/" + kb_edit_file;
  try {
    return parse_written(text, slug, kept);
  } catch (const Error& e) {
    if (e.code() != Exit::Invalid) throw;
    throw Error(Exit::Invalid, e.what(), "the text is kept in '" + kept + "'; fix it and run the command with --file");
  }
}

void report_article(Context& ctx, const Article& a, const std::string& notice) {
  if (ctx.out().json()) ctx.out().json_value(article_json(a, ctx.store().policy(), false));
  else ctx.out().notice(notice);
}

int run_kb_new(Context& ctx, const KbNewArgs& a) {
  store::Store& st = ctx.store();
  const Policy& policy = st.policy();
  if (!a.slug.empty() && !is_valid_slug(a.slug))
    throw Error(Exit::Usage, "'" + visible(a.slug) + "' is not a slug",
                "1 to 80 characters of a-z, 0-9 and '-', not first or last, never two in a row");

  Article article;
  if (!a.file.empty()) {
    article = parse_written(read_file_or_stdin(a.file), a.slug, a.file == "-" ? "<stdin>" : a.file);
  } else {
    if (!a.from.empty()) {
      const Ticket t = load_named(ctx, a.from);
      if (auto refusal = draft_refusal(t)) throw to_error(*refusal);
      article = draft_from_ticket(t, policy);
    } else if (a.title.empty()) {
      throw Error(Exit::Usage, "a new article needs --from ID, --title TITLE or --file F");
    } else {
      article.body = "## Problem\n\n(describe the problem)\n\n## Solution\n\n(describe the fix)\n";
    }
    if (!a.title.empty()) article.title = clean_line(a.title);
    article.slug = a.slug.empty() ? slugify(article.title) : a.slug;
    if (a.dry_run) {
      // The draft as its file, for a script to edit and give back with --file.
      print_text_lines(ctx.out(), formats::write_article(article));
      return 0;
    }
    // Who may publish is known before anyone writes an article.
    require_editor(ctx, article);
    if (!a.no_edit) {
      if (!ctx.interactive())
        throw Error(Exit::Usage, "the article needs an editor, and standard input is not a terminal",
                    "give it with --file F, or take the draft as it is with --no-edit");
      auto written = edited(ctx, article, a.slug);
      if (!written) throw Error(Exit::Usage, "the article is empty; nothing was saved");
      article = std::move(*written);
    }
  }
  if (a.dry_run) {
    print_text_lines(ctx.out(), formats::write_article(article));
    return 0;
  }
  require_editor(ctx, article);
  article.status = ArticleStatus::Published;
  article.updated = ctx.now();
  const std::string slug = article.slug;
  hooks::publish_articles(
      ctx.session(),
      [&](store::Store& s) {
        if (s.file_text(article_path(slug)))
          throw Error(Exit::Conflict, "the article '" + slug + "' already exists",
                      "choose another slug with --slug, or change it with 'tier kb edit " + slug + "'");
        return std::vector<Article>{article};
      },
      {"kb-new", "kb-new " + slug + ": " + article.title});
  report_article(ctx, article, "published " + slug + ": " + article.title);
  return 0;
}

int run_kb_edit(Context& ctx, const KbEditArgs& a) {
  store::Store& st = ctx.store();
  const Article before = hooks::load_article(st, a.slug);
  require_editor(ctx, before);
  Article after;
  if (!a.file.empty()) {
    after = parse_written(read_file_or_stdin(a.file), before.slug, a.file == "-" ? "<stdin>" : a.file);
  } else {
    if (!ctx.interactive())
      throw Error(Exit::Usage, "the article needs an editor, and standard input is not a terminal",
                  "give the whole new file with --file F");
    auto written = edited(ctx, before, before.slug);
    if (!written) throw Error(Exit::Usage, "the article is empty; nothing was saved",
                              "retire an article with 'tier kb retire " + before.slug + "'");
    after = std::move(*written);
  }
  after.updated = before.updated;
  if (after == before) {
    report_article(ctx, before, "no change to " + before.slug);
    return 0;
  }
  after.updated = ctx.now();
  hooks::publish_articles(
      ctx.session(), [&](store::Store&) { return std::vector<Article>{after}; },
      {"kb-edit", "kb-edit " + after.slug + ": " + after.title});
  report_article(ctx, after, "changed " + after.slug + ": " + after.title);
  return 0;
}

int run_kb_retire(Context& ctx, const std::string& slug) {
  store::Store& st = ctx.store();
  const Article before = hooks::load_article(st, slug);
  require_editor(ctx, before);
  if (before.status == ArticleStatus::Retired) {
    report_article(ctx, before, before.slug + " is already retired");
    return 0;
  }
  Article after = before;
  after.status = ArticleStatus::Retired;
  after.updated = ctx.now();
  hooks::publish_articles(
      ctx.session(), [&](store::Store&) { return std::vector<Article>{after}; },
      {"kb-retire", "kb-retire " + after.slug + ": " + after.title});
  report_article(ctx, after, "retired " + after.slug + ": " + after.title);
  return 0;
}

int run_kb_list(Context& ctx, const KbListArgs& a) {
  store::Store& st = ctx.store();
  std::vector<Article> articles = hooks::load_articles(st, [&](const std::string& w) { warn_bad(ctx, w); });
  std::erase_if(articles, [&](const Article& x) { return a.status != "all" && to_string(x.status) != a.status; });
  if (ctx.out().json()) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& x : articles) rows.push_back(article_json(x, st.policy(), false));
    ctx.out().json_value(rows);
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& x : articles) {
    std::string categories;
    for (const auto& c : x.categories) categories += (categories.empty() ? "" : ",") + c;
    rows.push_back({x.slug, std::string(to_string(x.status)), x.updated ? short_time(*x.updated, ctx.zone()) : "-",
                    categories.empty() ? "-" : categories, x.title});
  }
  if (!rows.empty()) ctx.out().table({"SLUG", "STATUS", "UPDATED", "CATEGORIES", "TITLE"}, rows);
  return 0;
}

int run_kb_show(Context& ctx, const std::string& slug) {
  store::Store& st = ctx.store();
  const Article a = hooks::load_article(st, slug);
  if (ctx.out().json()) {
    ctx.out().json_value(article_json(a, st.policy(), true));
    return 0;
  }
  auto list = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
    return out.empty() ? std::string("-") : out;
  };
  const Output& out = ctx.out();
  out.styled_line(out.paint(Style::Bold, a.title));
  out.line(fmt::format("{:<12}{}", "slug", a.slug));
  out.line(fmt::format("{:<12}{}", "status", to_string(a.status)));
  out.line(fmt::format("{:<12}{}", "categories", list(a.categories)));
  out.line(fmt::format("{:<12}{}", "keywords", list(a.keywords)));
  out.line(fmt::format("{:<12}{}", "tickets", list(a.tickets)));
  out.line(fmt::format("{:<12}{}", "updated", a.updated ? short_time(*a.updated, ctx.zone()) : "-"));
  const std::string url = article_url(st.policy(), a.slug);
  if (!url.empty()) out.line(fmt::format("{:<12}{}", "url", url));
  out.line();
  print_text_lines(out, a.body);
  return 0;
}

int run_kb_build(Context& ctx, const KbBuildArgs& a) {
  store::Store& st = ctx.store();
  formats::SiteOptions options;
  options.title = clean_line(a.title);
  if (options.title.empty()) throw Error(Exit::Usage, "the site's --title is empty");
  const hooks::BuiltSite built =
      hooks::write_site(st, a.dir, options, [&](const std::string& w) { warn_bad(ctx, w); });
  if (ctx.out().json()) {
    ctx.out().json_value({{"dir", a.dir}, {"articles", built.articles}, {"files", built.files},
                          {"written", built.written}, {"removed", built.removed}});
  } else {
    ctx.out().notice(fmt::format("built {} article{} in '{}'", built.articles, built.articles == 1 ? "" : "s", a.dir));
  }
  return 0;
}

}  // namespace

void add_kb(Cmd app, Table& table) {
  auto sub = app.add_subcommand("kb", "the knowledge base: articles from solved tickets, and its site");
  sub.require_subcommand(1, 1);
  // The parent's own row names the command; one of its subcommands always runs.
  table.add(sub, NoStore, [](Context&) { return int(Exit::Usage); });

  auto n = std::make_shared<KbNewArgs>();
  auto new_cmd = sub.add_subcommand("new", "start an article, from a resolved ticket's public text with --from");
  auto nfrom = new_cmd.add_option("--from", n->from, "the resolved ticket to start from (id or unique prefix)");
  auto ntitle = new_cmd.add_option("--title", n->title, "the article's title (else the ticket's)");
  new_cmd.add_option("--slug", n->slug, "its name in kb/ and on the site (else made of the title)");
  auto nf = new_cmd.add_option("--file", n->file, "the whole article file, front matter and body (- for standard input)");
  auto ne = new_cmd.add_flag("--no-edit", n->no_edit, "publish the draft as it is, without $EDITOR");
  new_cmd.add_flag("--dry-run", n->dry_run, "print the draft's file and publish nothing");
  nf.excludes(ne).excludes(nfrom).excludes(ntitle);
  table.add(new_cmd, NeedsStore | Writes, [n](Context& ctx) { return run_kb_new(ctx, *n); });

  auto e = std::make_shared<KbEditArgs>();
  auto edit_cmd = sub.add_subcommand("edit", "change an article in $EDITOR, or from a file");
  edit_cmd.add_option("slug", e->slug, "the article").required();
  edit_cmd.add_option("--file", e->file, "the whole new article file (- for standard input)");
  table.add(edit_cmd, NeedsStore | Writes, [e](Context& ctx) { return run_kb_edit(ctx, *e); });

  auto retire_slug = std::make_shared<std::string>();
  auto retire_cmd = sub.add_subcommand("retire", "take an article off the site; its file and history stay");
  retire_cmd.add_option("slug", *retire_slug, "the article").required();
  table.add(retire_cmd, NeedsStore | Writes, [retire_slug](Context& ctx) { return run_kb_retire(ctx, *retire_slug); });

  auto l = std::make_shared<KbListArgs>();
  auto list_cmd = sub.add_subcommand("list", "list the articles");
  list_cmd.add_option("--status", l->status, "published, retired or all (the default)")
      .one_of({"published", "retired", "all"});
  table.add(list_cmd, NeedsStore, [l](Context& ctx) { return run_kb_list(ctx, *l); });

  auto show_slug = std::make_shared<std::string>();
  auto show_cmd = sub.add_subcommand("show", "show an article");
  show_cmd.add_option("slug", *show_slug, "the article").required();
  table.add(show_cmd, NeedsStore, [show_slug](Context& ctx) { return run_kb_show(ctx, *show_slug); });

  auto b = std::make_shared<KbBuildArgs>();
  auto build_cmd = sub.add_subcommand("build", "write the static site of the published articles");
  build_cmd.add_option("dir", b->dir, "the directory of the site (made when missing)").required();
  build_cmd.add_option("--title", b->title, "the site's title (default: Knowledge base)");
  table.add(build_cmd, NeedsStore, [b](Context& ctx) { return run_kb_build(ctx, *b); });
}

}  // namespace tier::cli
