#include "cli/commands.hpp"
#include "hooks/validate.hpp"

namespace tier::cli {
namespace {

int run_check(Context& ctx) {
  store::Store& st = ctx.store();
  std::vector<store::Problem> problems = hooks::check_config_text(std::string(store::config_path), st.config_text());
  std::size_t tickets = 0;
  st.for_each_ticket_file([&](const std::string& path, std::string_view text) {
    ++tickets;
    auto found = hooks::check_ticket_text(path, text);
    problems.insert(problems.end(), found.begin(), found.end());
  });
  if (ctx.out().json()) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& p : problems) list.push_back({{"path", p.path}, {"line", p.line}, {"message", p.message}});
    ctx.out().json_value({{"tickets", tickets}, {"problems", list}});
  } else {
    for (const auto& p : problems) ctx.out().line(p.text());
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

void add_check(CLI::App& app, Table& table) {
  auto* sub = app.add_subcommand("check", "verify every ticket and the config");
  table.add(sub, NeedsStore, [](Context& ctx) { return run_check(ctx); });
}

}  // namespace tier::cli
