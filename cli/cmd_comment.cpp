#include "cli/attach.hpp"
#include "cli/change.hpp"
#include "cli/commands.hpp"
#include "cli/text_input.hpp"
#include "core/workflow.hpp"
#include "formats/ticket_json.hpp"

namespace tier::cli {
namespace {

struct CommentArgs {
  std::string id, message, file;
  std::vector<std::string> attach;
  bool is_private = false;
  bool pending = false;
};

int run_comment(Context& ctx, const CommentArgs& a) {
  const std::string id = ctx.store().resolve(a.id);
  LogEntry e = simple_entry(Event::Comment, ctx.agent(), ctx.now());
  e.visibility = a.is_private ? Visibility::Private : Visibility::Public;
  e.pending = a.pending;
  e.text = read_text(ctx, a.message, a.file, NoteTemplate{a.is_private ? "private note" : "comment", e.visibility, {}});
  Attached files = read_attachments(ctx, a.attach);
  e.attachments = std::move(files.list);
  const Ticket after = change(ctx, id, [&](const Ticket&) { return e; }, files.bytes);
  if (ctx.out().json()) ctx.out().json_value(formats::ticket_to_json(after));
  else ctx.out().notice(std::string(a.is_private ? "private note" : "comment") + " added to " + after.id +
                        (a.pending ? "; waiting on the requester" : ""));
  return 0;
}

}  // namespace

void add_comment(Cmd app, Table& table) {
  auto a = std::make_shared<CommentArgs>();
  auto sub = app.add_subcommand("comment", "add a comment or a private note to a ticket");
  sub.add_option("id", a->id, "ticket id or unique prefix").required();
  auto m = sub.add_option("-m,--message", a->message, "the text");
  sub.add_option("--file", a->file, "read the text from a file (- for standard input)").excludes(m);
  sub.add_flag("--private", a->is_private, "a private note: never shown to the requester");
  sub.add_flag("--pending", a->pending, "wait on the requester (pauses the SLA clock)");
  add_attach_option(sub, a->attach);
  table.add(sub, NeedsStore | Writes | PullsFirst, [a](Context& ctx) { return run_comment(ctx, *a); });
}

void add_note(Cmd app, Table& table) {
  auto a = std::make_shared<CommentArgs>();
  a->is_private = true;
  auto sub = app.add_subcommand("note", "add a private note to a ticket (comment --private)");
  sub.add_option("id", a->id, "ticket id or unique prefix").required();
  auto m = sub.add_option("-m,--message", a->message, "the text");
  sub.add_option("--file", a->file, "read the text from a file (- for standard input)").excludes(m);
  add_attach_option(sub, a->attach);
  table.add(sub, NeedsStore | Writes | PullsFirst, [a](Context& ctx) { return run_comment(ctx, *a); });
}

}  // namespace tier::cli
