#include "cli/attach.hpp"
#include "cli/change.hpp"
#include "cli/commands.hpp"
#include "cli/text_input.hpp"
#include "core/kb.hpp"
#include "core/workflow.hpp"
#include "hooks/kb.hpp"

namespace tier::cli {
namespace {

struct ResolveArgs {
  std::string id, message, file, article;
  std::vector<std::string> attach;
};

int run_resolve(Context& ctx, const ResolveArgs& a) {
  const std::string id = ctx.store().resolve(a.id);
  LogEntry e = simple_entry(Event::Resolve, ctx.agent(), ctx.now());
  e.visibility = Visibility::Public;
  if (a.article.empty()) {
    e.text = read_text(ctx, a.message, a.file, NoteTemplate{"resolution", Visibility::Public, {}});
  } else {
    // The answer is the article: its link (kb.url), else its text, after
    // the agent's own words when there are any.
    const Article article = hooks::load_article(ctx.store(), a.article);
    if (auto refusal = answer_refusal(article)) throw to_error(*refusal);
    const std::string note = a.message.empty() && a.file.empty() ? std::string() : read_text(ctx, a.message, a.file, NoteTemplate{"note", Visibility::Public, {}});
    e.text = article_resolution(article, ctx.store().policy(), note);
    e.article = article.slug;
  }
  Attached files = read_attachments(ctx, a.attach);
  e.attachments = std::move(files.list);
  const Ticket after = change(ctx, id, [&](const Ticket&) { return e; }, files.bytes);
  report(ctx, after, "resolved " + after.id + ": " + after.title +
                         (a.article.empty() ? std::string() : " with the article " + e.article));
  return 0;
}

}  // namespace

void add_resolve(Cmd app, Table& table) {
  auto a = std::make_shared<ResolveArgs>();
  auto sub = app.add_subcommand("resolve", "answer a ticket with a public resolution");
  sub.add_option("id", a->id, "ticket id or unique prefix").required();
  auto m = sub.add_option("-m,--message", a->message, "the resolution, for the requester");
  sub.add_option("--file", a->file, "read the text from a file (- for standard input)").excludes(m);
  add_attach_option(sub, a->attach);
  sub.add_option("--article", a->article,
                  "answer with this article of the knowledge base: its link goes in the resolution");
  table.add(sub, NeedsStore | Writes | PullsFirst, [a](Context& ctx) { return run_resolve(ctx, *a); });
}

}  // namespace tier::cli
