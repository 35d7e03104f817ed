#include "cli/commands.hpp"
#include "hooks/check.hpp"

namespace tier::cli {
namespace {

int run_check(Context& ctx) {
  std::size_t tickets = 0;
  const std::vector<history::Finding> problems = hooks::check_store(ctx.store(), tickets);
  if (ctx.out().json()) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& p : problems)
      list.push_back({{"path", p.path}, {"line", p.line}, {"rule", p.rule}, {"message", p.message}});
    ctx.out().json_value({{"tickets", tickets}, {"problems", list}});
  } else {
    for (const auto& p : problems)
      ctx.out().line(ctx.out().safe(p.line > 0 ? p.path + ":" + std::to_string(p.line) + ": " + p.message
                                               : p.path + ": " + p.message));
    if (problems.empty())
      ctx.out().notice("checked " + std::to_string(tickets) + (tickets == 1 ? " ticket" : " tickets") +
                       " and the config: no problems");
  }
  if (!problems.empty())
    throw Error(Exit::Invalid, std::to_string(problems.size()) + (problems.size() == 1 ? " problem" : " problems") +
                                   " in the store");
  return 0;
}

}  // namespace

void add_check(Cmd app, Table& table) {
  auto sub = app.add_subcommand("check", "verify every ticket and the config");
  table.add(sub, NeedsStore, [](Context& ctx) { return run_check(ctx); });
}

}  // namespace tier::cli
