#include "cli/change.hpp"
#include "cli/commands.hpp"
#include "cli/pager.hpp"
#include "core/view.hpp"
#include "cli/render.hpp"
#include "formats/ticket_json.hpp"

namespace tier::cli {
namespace {

struct ShowArgs {
  std::string id;
  bool as_requester = false;
};

int run_show(Context& ctx, const ShowArgs& a) {
  const Ticket t = load_named(ctx, a.id);
  if (ctx.out().json()) {
    ctx.out().json_value(a.as_requester ? formats::requester_to_json(requester_view(t)) : formats::ticket_to_json(t));
  } else {
    const Pager pager(!ctx.globals().no_pager);
    if (a.as_requester) print_ticket_for_requester(ctx.out(), t);
    else print_ticket(ctx.out(), t, ctx.now(), ctx.names_policy());
  }
  return 0;
}

}  // namespace

void add_show(Cmd app, Table& table) {
  auto a = std::make_shared<ShowArgs>();
  auto sub = app.add_subcommand("show", "show a ticket and its history");
  sub.add_option("id", a->id, "ticket id or unique prefix").required();
  sub.add_flag("--as-requester", a->as_requester, "only what the requester may see: no private note");
  table.add(sub, NeedsStore, [a](Context& ctx) { return run_show(ctx, *a); });
}

}  // namespace tier::cli
