#include "cli/change.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "core/workflow.hpp"
#include "formats/ticket_json.hpp"

namespace tier::cli {
namespace {

struct CreateArgs {
  CreateRequest request;
  std::string priority;
};

int run_create(Context& ctx, CreateArgs a) {
  if (!a.priority.empty()) a.request.priority = parse_priority(a.priority);
  const Ticket after = create_ticket(ctx, a.request);
  if (ctx.out().json()) {
    ctx.out().json_value(formats::ticket_to_json(after));
    return 0;
  }
  ctx.out().line(after.id);
  if (ctx.out().stdout_is_tty())
    ctx.out().notice("created " + after.id + " in " + after.group + " (tier " + std::to_string(after.tier) + ")");
  return 0;
}

}  // namespace

void add_create(Cmd app, Table& table) {
  auto a = std::make_shared<CreateArgs>();
  auto sub = app.add_subcommand("create", "open a ticket for a requester; prints its id");
  sub.add_option("--title", a->request.title, "what is wrong, in a line").required();
  sub.add_option("--email", a->request.email, "the requester's employer address").required();
  sub.add_option("--name", a->request.name, "the requester's name");
  sub.add_option("--category", a->request.category, "the category (some have a route of their own)");
  add_priority_option(sub, a->priority);
  sub.add_option("--group", a->request.group, "the queue (default: the organization's intake group)");
  add_detail_options(sub, a->request.details);
  sub.add_option("--tag", a->request.tags, "a tag (repeatable)");
  sub.add_option("-m,--message", a->request.text, "the requester's description");
  table.add(sub, NeedsStore | Writes | PullsFirst, [a](Context& ctx) { return run_create(ctx, *a); });
}

}  // namespace tier::cli
