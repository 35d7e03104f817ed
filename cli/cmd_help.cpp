#include <unistd.h>

#include <cstdio>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "core/store/process.hpp"

namespace tier::cli {
namespace {

// CLI11's help ends with a newline that Output::line adds again.
std::string without_final_newline(std::string s) {
  if (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

// `tier help`: the commands; `tier help CMD`: the page tier-CMD(1) through
// man(1), or the command's --help when man or the page is missing.
int run_help(Context& ctx, const CLI::App& root, const std::string& command) {
  if (command.empty()) {
    // Not root.help(): after parsing it describes the command chosen, help itself.
    ctx.out().line(without_final_newline(root.get_formatter()->make_help(&root, root.get_name(), CLI::AppFormatMode::Normal)));
    return 0;
  }
  const CLI::App* sub = nullptr;
  std::vector<std::string> names;
  for (const CLI::App* s : root.get_subcommands([](const CLI::App* a) { return !a->get_group().empty(); })) {
    names.push_back(s->get_name());
    if (s->get_name() == command) sub = s;
  }
  if (!sub) throw Error(Exit::Usage, "unknown command '" + command + "'", unknown_command_hint(names, command));
  const std::string page = "tier-" + command;
  bool installed = false;
  try {
    installed = store::run_process({"man", "-w", page}).status == 0;
  } catch (const Error&) {  // no man(1) at all
  }
  if (installed) {
    std::fflush(stdout);
    execlp("man", "man", page.c_str(), static_cast<char*>(nullptr));
  }
  ctx.out().line(without_final_newline(sub->help(root.get_name())));
  ctx.out().notice("the man page " + page + "(1) is not installed: this is 'tier " + command + " --help'");
  return 0;
}

}  // namespace

void add_help(Cmd app, Table& table) {
  auto command = std::make_shared<std::string>();
  auto sub = app.add_subcommand("help", "list the commands, or open a command's man page");
  sub.add_option("command", *command, "the command whose page tier-COMMAND(1) to open");
  const CLI::App* root = app.app();
  table.add(sub, NoStore, [command, root](Context& ctx) { return run_help(ctx, *root, *command); });
}

}  // namespace tier::cli
