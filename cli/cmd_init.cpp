#include <cstdlib>
#include <filesystem>

#include "cli/commands.hpp"
#include "core/store/store.hpp"
#include "formats/config_toml.hpp"

namespace tier::cli {
namespace {

struct InitArgs {
  std::string dir;
  std::string prefix = "T";
  std::string remote;
  bool example = false;
};

int run_init(Context& ctx, const InitArgs& a) {
  if (!formats::is_valid_prefix(a.prefix))
    throw Error(Exit::Usage, "'" + a.prefix + "' is not an id prefix",
                "a prefix is 1 to 8 upper-case letters and digits, starting with a letter");
  std::string dir = !a.dir.empty() ? a.dir : ctx.store_dir();
  if (dir.empty()) dir = ".";
  const std::string config = a.example ? formats::example_config(a.prefix) : formats::default_config(a.prefix);
  store::Author author{"tier", "tier@localhost", ctx.now()};
  std::string agent = ctx.globals().agent;
  if (agent.empty())
    if (const char* env = std::getenv("TIER_AGENT"); env && *env) agent = env;
  if (!agent.empty()) author = {agent, lower(agent), ctx.now()};
  const std::string root = store::Store::init(dir, config, author, a.remote);
  if (ctx.out().json()) {
    ctx.out().json_value({{"store", root}, {"prefix", a.prefix}, {"example", a.example}});
  } else {
    ctx.out().notice("initialized a tier store in " + root);
    if (!a.example) ctx.out().notice("hint: describe your help desk in " + root + ".tier/config.toml and commit it");
  }
  return 0;
}

}  // namespace

void add_init(Cmd app, Table& table) {
  auto args = std::make_shared<InitArgs>();
  auto sub = app.add_subcommand("init", "create a store: a git repository with a tier config");
  sub.add_option("dir", args->dir, "the directory (default: -C, TIER_DIR or the current one)");
  sub.add_option("--prefix", args->prefix, "the ticket id prefix (default T)");
  sub.add_option("--remote", args->remote, "add this URL as the remote 'origin'");
  sub.add_flag("--example", args->example, "write a realistic example policy");
  table.add(sub, NoStore, [args](Context& ctx) { return run_init(ctx, *args); });
}

}  // namespace tier::cli
