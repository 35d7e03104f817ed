#include "cli/change.hpp"
#include "cli/commands.hpp"
#include "cli/text_input.hpp"
#include "core/workflow.hpp"

namespace tier::cli {
namespace {

struct ReleaseArgs {
  std::string id, message, file;
};

int run_release(Context& ctx, const ReleaseArgs& a) {
  const std::string id = ctx.store().resolve(a.id);
  // A note is optional, but needed to release a pending ticket (rule 'note-required').
  const std::string note =
      a.message.empty() && a.file.empty() ? std::string() : read_text(ctx, a.message, a.file, NoteTemplate{"note", Visibility::Private, {}});
  const Ticket after = change(ctx, id, [&](const Ticket&) {
    LogEntry e = simple_entry(Event::Release, ctx.agent(), ctx.now());
    if (!note.empty()) {
      e.visibility = Visibility::Private;
      e.text = note;
    }
    return e;
  });
  report(ctx, after, "released " + after.id + " to the queue of " + after.group);
  return 0;
}

}  // namespace

void add_release(Cmd app, Table& table) {
  auto a = std::make_shared<ReleaseArgs>();
  auto sub = app.add_subcommand("release", "put a ticket you hold back in its queue");
  sub.add_option("id", a->id, "ticket id or unique prefix").required();
  auto m = sub.add_option("-m,--message", a->message, "a private note saying why (needed for a pending ticket)");
  sub.add_option("--file", a->file, "read the note from a file (- for standard input)").excludes(m);
  table.add(sub, NeedsStore | Writes | PullsFirst, [a](Context& ctx) { return run_release(ctx, *a); });
}

}  // namespace tier::cli
