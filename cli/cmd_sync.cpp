#include "cli/change.hpp"
#include "cli/commands.hpp"

namespace tier::cli {
namespace {

constexpr int attempts = 5;

int run_sync(Context& ctx, const std::string& remote_arg) {
  store::Store& st = ctx.store();
  const std::string remote = remote_arg.empty() ? st.policy().sync.remote : remote_arg;
  if (!st.has_remote(remote))
    throw Error(Exit::NotFound, "no remote '" + remote + "'", "add one with 'git remote add " + remote + " URL'");
  nlohmann::json voided = nlohmann::json::array();
  bool merged = false, changed = false;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    const store::Store::Pulled pulled = st.pull(remote, ctx.author());
    report_pulled(ctx, pulled);
    merged = merged || pulled.merged;
    changed = changed || pulled.changed;
    for (const auto& [id, e] : pulled.voided)
      voided.push_back({{"ticket", id}, {"event", to_string(e.event)}, {"by", e.by}, {"reason", e.void_reason}});
    const store::Store::Pushed pushed = st.push(remote);
    if (pushed.outcome == store::Store::PushOutcome::Race) continue;
    if (pushed.outcome == store::Store::PushOutcome::Refused)
      throw Error(Exit::Remote, "'" + remote + "' refused the push:\n" + pushed.message,
                  "the changes stay here; fix what the server names and sync again");
    const bool sent = pushed.outcome == store::Store::PushOutcome::Pushed;
    if (ctx.out().json()) {
      ctx.out().json_value({{"remote", remote}, {"pulled", changed}, {"merged", merged}, {"pushed", sent},
                            {"voided", voided}});
    } else {
      ctx.out().notice(std::string(changed ? (merged ? "merged" : "fast-forwarded") : "nothing new") + " from " +
                       remote + "; " + (sent ? "pushed" : "nothing to push"));
    }
    return 0;
  }
  throw Error(Exit::Remote, "'" + remote + "' kept moving: gave up after " + std::to_string(attempts) + " tries",
              "sync again");
}

}  // namespace

void add_sync(CLI::App& app, Table& table) {
  auto remote = std::make_shared<std::string>();
  auto* sub = app.add_subcommand("sync", "fetch, merge and push: share the store with its remote");
  sub->add_option("--remote", *remote, "a remote's name, URL or path (default: sync.remote)");
  table.add(sub, NeedsStore | Writes, [remote](Context& ctx) { return run_sync(ctx, *remote); });
}

}  // namespace tier::cli
