#include <cstdlib>
#include <iostream>

#include "cli/commands.hpp"
#include "hooks/git_hooks.hpp"
#include "hooks/install.hpp"

namespace tier::cli {
namespace {

int run_install(Context& ctx, bool server) {
  auto opened = store::Store::open(ctx.store_dir(), false);
  const hooks::Installed done = hooks::install(*opened, self_program(), server);
  ctx.out().notice(done.server ? "installed pre-receive and post-receive in " + done.dir
                               : "installed pre-commit, pre-push and the merge driver in " + done.dir);
  return 0;
}

std::optional<std::string> getenv_of(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  if (!v) return std::nullopt;
  return std::string(v);
}

struct HookArgs {
  std::string name;
  std::vector<std::string> args;
};

int run_hook(Context& ctx, const HookArgs& a) {
  if (a.name == "pre-receive") return hooks::pre_receive(std::cin, std::cerr, ctx.now(), getenv_of);
  if (a.name == "post-receive") return hooks::post_receive(std::cin, std::cerr);
  if (a.name == "pre-commit") return hooks::pre_commit(std::cerr, ctx.now(), getenv_of);
  if (a.name == "pre-push") return hooks::pre_push(std::cin, std::cerr, ctx.now());
  throw Error(Exit::Usage, "unknown hook '" + a.name + "'",
              "tier runs pre-receive, post-receive, pre-commit and pre-push");
}

}  // namespace

void add_hooks(Cmd app, Table& table) {
  auto server = std::make_shared<bool>(false);
  auto sub = app.add_subcommand("hooks", "install the git hooks that enforce the rules");
  auto install = sub.add_subcommand("install", "install the hooks of a clone, or with --server of a bare repo");
  install.add_flag("--server", *server, "the shared bare repository's hooks: pre-receive, post-receive");
  sub.require_subcommand(1, 1);
  table.add(sub, NoStore, [server](Context& ctx) { return run_install(ctx, *server); });
}

void add_hook(Cmd app, Table& table) {
  auto a = std::make_shared<HookArgs>();
  auto sub = app.add_subcommand("hook", "run one git hook (what the installed hooks call)");
  sub.add_option("name", a->name, "pre-receive, post-receive, pre-commit or pre-push").required();
  sub.add_option("args", a->args, "the hook's arguments");
  table.add(sub, NoStore, [a](Context& ctx) { return run_hook(ctx, *a); });
}

}  // namespace tier::cli
