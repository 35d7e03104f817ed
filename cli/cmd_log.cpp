#include "cli/change.hpp"
#include "cli/commands.hpp"
#include "cli/pager.hpp"
#include "cli/render.hpp"
#include "formats/ticket_json.hpp"

namespace tier::cli {
namespace {

int run_log(Context& ctx, const std::string& id) {
  const Ticket t = load_named(ctx, id);
  if (ctx.out().json()) {
    ctx.out().json_value(formats::ticket_to_json(t).at("log"));
  } else {
    const Pager pager(!ctx.globals().no_pager);
    print_log(ctx.out(), t);
  }
  return 0;
}

}  // namespace

void add_log(Cmd app, Table& table) {
  auto id = std::make_shared<std::string>();
  auto sub = app.add_subcommand("log", "show a ticket's history, oldest first");
  sub.add_option("id", *id, "ticket id or unique prefix").required();
  table.add(sub, NeedsStore, [id](Context& ctx) { return run_log(ctx, *id); });
}

}  // namespace tier::cli
