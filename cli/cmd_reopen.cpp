#include "cli/change.hpp"
#include "cli/commands.hpp"
#include "cli/text_input.hpp"
#include "core/workflow.hpp"

namespace tier::cli {
namespace {

struct ReopenArgs {
  std::string id, message, file;
};

int run_reopen(Context& ctx, const ReopenArgs& a) {
  const std::string id = ctx.store().resolve(a.id);
  LogEntry e = simple_entry(Event::Reopen, ctx.agent(), ctx.now());
  e.visibility = Visibility::Private;
  e.text = read_text(ctx, a.message, a.file, NoteTemplate{"note", Visibility::Private, {}});
  const Ticket after = change(ctx, id, [&](const Ticket&) { return e; });
  report(ctx, after, "reopened " + after.id + " for " + after.assignee);
  return 0;
}

}  // namespace

void add_reopen(Cmd app, Table& table) {
  auto a = std::make_shared<ReopenArgs>();
  auto sub = app.add_subcommand("reopen", "reopen a resolved ticket, with a note; it goes to its owner");
  sub.add_option("id", a->id, "ticket id or unique prefix").required();
  auto m = sub.add_option("-m,--message", a->message, "why it is reopened (a private note)");
  sub.add_option("--file", a->file, "read the note from a file (- for standard input)").excludes(m);
  table.add(sub, NeedsStore | Writes | PullsFirst, [a](Context& ctx) { return run_reopen(ctx, *a); });
}

}  // namespace tier::cli
