#include "cli/change.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/text_input.hpp"
#include "core/workflow.hpp"

namespace tier::cli {
namespace {

struct EscalateArgs {
  std::string id, message, file;
  EscalateRequest request;
};

int run_escalate(Context& ctx, EscalateArgs a) {
  const std::string id = ctx.store().resolve(a.id);
  NoteTemplate note{"escalation note", Visibility::Private, {}};
  // Only the editor's template needs the fields still missing.
  if (a.message.empty() && a.file.empty() && ctx.interactive())
    note.missing = missing_template(ctx.store().policy(), ctx.store().load(id), a.request.details);
  a.request.note = read_text(ctx, a.message, a.file, note);
  const Ticket after = change(ctx, id, [&](const Ticket& before) {
    return escalate_entry(before, a.request, ctx.store().policy(), ctx.agent(), ctx.now());
  });
  report(ctx, after,
         "escalated " + after.id + " to " + after.group + " (tier " + std::to_string(after.tier) + ")" +
             (after.assignee.empty() ? ", in its queue" : ", straight back to " + after.assignee));
  return 0;
}

}  // namespace

void add_escalate(Cmd app, Table& table) {
  auto a = std::make_shared<EscalateArgs>();
  auto sub = app.add_subcommand("escalate", "send a ticket to the next tier's group, with a private note");
  sub.add_option("id", a->id, "ticket id or unique prefix").required();
  auto m = sub.add_option("-m,--message", a->message, "the private note for the next tier");
  sub.add_option("--file", a->file, "read the note from a file (- for standard input)").excludes(m);
  sub.add_option("--to", a->request.to, "the group (default: the category's route, else the group's escalate_to)");
  sub.add_flag("--queue", a->request.queue, "to the group's queue, not straight back to who handed it back");
  add_detail_options(sub, a->request.details);
  table.add(sub, NeedsStore | Writes | PullsFirst, [a](Context& ctx) { return run_escalate(ctx, *a); });
}

}  // namespace tier::cli
