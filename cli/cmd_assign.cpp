#include "cli/change.hpp"
#include "cli/commands.hpp"
#include "cli/text_input.hpp"
#include "core/workflow.hpp"

namespace tier::cli {
namespace {

struct AssignArgs {
  std::string id, agent, message, file;
};

int run_assign(Context& ctx, const AssignArgs& a) {
  LogEntry e = simple_entry(Event::Assign, ctx.agent(), ctx.now());
  e.assignee = resolve_agent(ctx.store().policy(), a.agent);
  // A note is optional, but needed to assign a pending ticket (rule 'note-required').
  if (!a.message.empty() || !a.file.empty()) {
    e.visibility = Visibility::Private;
    e.text = read_text(ctx, a.message, a.file, NoteTemplate{"note", Visibility::Private, {}});
  }
  const Ticket after = change(ctx, ctx.store().resolve(a.id), [&](const Ticket&) { return e; });
  report(ctx, after, "assigned " + after.id + " to " + after.assignee);
  return 0;
}

}  // namespace

void add_assign(Cmd app, Table& table) {
  auto a = std::make_shared<AssignArgs>();
  auto sub = app.add_subcommand("assign", "give a ticket to a member of its group (leads and admins)");
  sub.add_option("id", a->id, "ticket id or unique prefix").required();
  sub.add_option("agent", a->agent, "the agent to assign").required();
  auto m = sub.add_option("-m,--message", a->message, "a private note saying why (needed for a pending ticket)");
  sub.add_option("--file", a->file, "read the note from a file (- for standard input)").excludes(m);
  table.add(sub, NeedsStore | Writes | PullsFirst, [a](Context& ctx) { return run_assign(ctx, *a); });
}

}  // namespace tier::cli
