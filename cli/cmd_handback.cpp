#include "cli/change.hpp"
#include "cli/commands.hpp"
#include "cli/text_input.hpp"
#include "core/workflow.hpp"

namespace tier::cli {
namespace {

struct HandbackArgs {
  std::string id, message, file;
};

int run_handback(Context& ctx, const HandbackArgs& a) {
  const std::string id = ctx.store().resolve(a.id);
  const std::string note = read_text(ctx, a.message, a.file, NoteTemplate{"hand-back note", Visibility::Private, {}});
  const Ticket after =
      change(ctx, id, [&](const Ticket& before) { return handback_entry(before, note, ctx.agent(), ctx.now()); });
  report(ctx, after, "handed " + after.id + " back to " + after.assignee + " in " + after.group);
  return 0;
}

}  // namespace

void add_handback(Cmd app, Table& table) {
  auto a = std::make_shared<HandbackArgs>();
  auto sub = app.add_subcommand("handback", "hand a ticket back to its owner, with a private note");
  sub.add_option("id", a->id, "ticket id or unique prefix").required();
  auto m = sub.add_option("-m,--message", a->message, "the private note for the owner");
  sub.add_option("--file", a->file, "read the note from a file (- for standard input)").excludes(m);
  table.add(sub, NeedsStore | Writes | PullsFirst, [a](Context& ctx) { return run_handback(ctx, *a); });
}

}  // namespace tier::cli
