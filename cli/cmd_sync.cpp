#include "cli/change.hpp"
#include "cli/commands.hpp"

namespace tier::cli {
namespace {

constexpr int attempts = 5;

int run_sync(Context& ctx, const std::string& remote_arg) {
  store::Store& st = ctx.store();
  hooks::Session& session = ctx.session();
  const std::string remote = remote_arg.empty() ? st.policy().sync.remote : remote_arg;
  if (!st.has_remote(remote))
    throw Error(Exit::NotFound, "no remote '" + remote + "'", "add one with 'git remote add " + remote + " URL'");
  nlohmann::json voided = nlohmann::json::array();
  bool merged = false, changed = false;
  const std::string kept_here = "your changes are kept here; run 'tier sync' when the remote can be reached";
  for (int attempt = 0; attempt < attempts; ++attempt) {
    const store::Store::Pulled pulled = st.pull(remote, ctx.author());
    if (!pulled.reached) throw Error(Exit::Remote, pulled.why, kept_here);
    hooks::report_voided(session, pulled);
    merged = merged || pulled.merged;
    changed = changed || pulled.changed;
    for (const auto& [id, e] : pulled.voided)
      voided.push_back({{"ticket", id}, {"event", to_string(e.event)}, {"by", e.by}, {"reason", e.void_reason}});
    const store::Store::Pushed pushed = st.push(remote);
    using O = store::Store::PushOutcome;
    if (pushed.outcome == O::Race) continue;
    if (pushed.outcome == O::Unreachable) throw Error(Exit::Remote, pushed.message, kept_here);
    if (pushed.outcome == O::Denied)
      throw Error(Exit::Remote, "'" + remote + "' refused the login: " + pushed.message,
                  "the changes stay here; check the credentials git uses for '" + remote + "' and sync again");
    if (pushed.outcome == O::Refused) {
      // What the server will not take is set aside, so that the clone can
      // share again: from the first commit it names to the branch's tip.
      const std::string first = pushed.commit.empty() ? std::string() : st.find_commit(pushed.commit);
      if (first.empty())
        throw Error(Exit::Remote, "'" + remote + "' refused the push:\n" + pushed.message,
                    "the changes stay here; fix what the server names and sync again", pushed.rule);
      const std::string kept = st.set_aside(first);
      throw Error(Exit::Remote, "'" + remote + "' refused the push:\n" + pushed.message,
                  "the refused commits are taken off the branch and kept on " + kept + ": see them with 'git log " +
                      kept + "'; sync again to share the rest",
                  pushed.rule);
    }
    const bool sent = pushed.outcome == O::Pushed;
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

void add_sync(Cmd app, Table& table) {
  auto remote = std::make_shared<std::string>();
  auto sub = app.add_subcommand("sync", "fetch, merge and push: share the store with its remote");
  sub.add_option("--remote", *remote, "a remote's name, URL or path (default: sync.remote)");
  table.add(sub, NeedsStore | Writes, [remote](Context& ctx) { return run_sync(ctx, *remote); });
}

}  // namespace tier::cli
