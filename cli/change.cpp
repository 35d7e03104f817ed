#include "cli/change.hpp"

#include <unistd.h>

#include "core/store/process.hpp"
#include "core/workflow.hpp"
#include "formats/ticket_json.hpp"
#include "hooks/notify.hpp"

namespace tier::cli {

namespace {
constexpr int push_attempts = 5;
}

void report_pulled(Context& ctx, const store::Store::Pulled& pulled) {
  for (const auto& [id, e] : pulled.voided)
    ctx.out().warn( id + ": the " + std::string(to_string(e.event)) + " by " + e.by +
                     " no longer applies and is kept as void: " + e.void_reason);
}

void pull_first(Context& ctx) {
  store::Store& st = ctx.store();
  try {
    report_pulled(ctx, st.pull(st.policy().sync.remote, ctx.author()));
    ctx.pulled = true;
  } catch (const Error& e) {
    if (e.code() != Exit::Remote) throw;
    ctx.pulled = false;
  }
}

bool auto_sync(Context& ctx) {
  store::Store& st = ctx.store();
  const Policy& p = st.policy();
  return p.sync.auto_sync && !ctx.globals().no_sync && !st.bare() && st.has_remote(p.sync.remote);
}

// Local policy: an executable .git/tier/hooks/on-<event> gets the change as
// JSON on stdin and refuses it by exiting non-zero. Only this untracked
// directory is looked at: nothing that arrives by a pull is ever run.
void run_local_hook(Context& ctx, const Ticket& before, const Ticket& after, const LogEntry& e) {
  store::Store& st = ctx.store();
  const std::string name = "on-" + std::string(to_string(e.event));
  const std::string path = st.git_dir() + "tier/hooks/" + name;
  if (access(path.c_str(), X_OK) != 0) return;
  const nlohmann::json payload = {{"api", 1},
                                  {"event", to_string(e.event)},
                                  {"agent", e.by},
                                  {"before", before.log.empty() ? nlohmann::json(nullptr) : formats::ticket_to_json(before)},
                                  {"after", formats::ticket_to_json(after)}};
  const store::ProcessResult r = store::run_process({path}, payload.dump() + "\n", {"TIER_HOOK=" + name});
  if (r.status == 0) return;
  std::string why = r.err;
  while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
  if (why.empty()) why = "it exited with " + std::to_string(r.status);
  throw Error(Exit::Refused, "refused by the local hook '" + name + "': " + why, {}, "local-hook");
}

namespace {

// With notify.where = "client", the command that made a change sends its
// notifications, once it is committed (and pushed, with sync.auto). A
// failure to deliver never undoes the change: the message waits in the
// queue and a warning says so.
void notify_change(Context& ctx, const Ticket& before, const Ticket& after, const LogEntry& entry) {
  store::Store& st = ctx.store();
  if (st.policy().notify.on_server) return;
  try {
    const std::string waiting = hooks::waiting_warning(hooks::deliver_change(st, before, after, entry));
    if (!waiting.empty()) ctx.out().warn(waiting);
  } catch (const std::exception& e) {
    ctx.out().warn(std::string("the change is made, but its notifications are not sent: ") + e.what());
  }
}

}  // namespace

Ticket change(Context& ctx, const Ticket& before, const LogEntry& made) {
  store::Store& st = ctx.store();
  // A log is in time order: an entry is never dated before the one above it
  // (clocks of two clones differ, TIER_NOW may be set back).
  LogEntry entry = made;
  if (!before.log.empty() && entry.at < before.log.back().at) entry.at = before.log.back().at;
  const Policy& policy = st.policy();
  const std::string op(to_string(entry.event));
  if (!auto_sync(ctx)) {
    Ticket after = require(apply(before, entry, policy));
    run_local_hook(ctx, before, after, entry);
    st.commit({&after}, op, ctx.author());
    notify_change(ctx, before, after, entry);
    return after;
  }
  const std::string& remote = policy.sync.remote;
  auto not_shared = [&](const Error& e) {
    ctx.out().warn("the change is committed here but not yet shared: " + std::string(e.what()));
  };
  // The entry is applied to the freshest state there is, so that a claim
  // another clone already pushed is seen here as the claim it is.
  if (!ctx.pulled) pull_first(ctx);
  const bool offline = !*ctx.pulled;
  const bool is_new = before.log.empty();
  Ticket current = is_new || offline ? before : st.load(before.id);
  for (int attempt = 0; attempt < push_attempts; ++attempt) {
    Ticket after = require(apply(current, entry, policy));
    run_local_hook(ctx, current, after, entry);
    const std::string commit = st.commit({&after}, op, ctx.author());
    if (offline) {
      not_shared(Error(Exit::Remote, "'" + remote + "' cannot be reached"));
      notify_change(ctx, current, after, entry);
      return after;
    }
    store::Store::Pushed pushed;
    try {
      pushed = st.push(remote);
    } catch (const Error& e) {
      if (e.code() != Exit::Remote) throw;
      not_shared(e);
      notify_change(ctx, current, after, entry);
      return after;
    }
    switch (pushed.outcome) {
      case store::Store::PushOutcome::Pushed:
      case store::Store::PushOutcome::UpToDate:
        notify_change(ctx, current, after, entry);
        return after;
      case store::Store::PushOutcome::Refused:
        st.undo(commit);
        throw Error(Exit::Remote, "'" + remote + "' refused the change:\n" + pushed.message,
                    "nothing was changed here either");
      case store::Store::PushOutcome::Race:
        // Someone pushed first: take back our commit, take theirs, and check again.
        st.undo(commit);
        report_pulled(ctx, st.pull(remote, ctx.author()));
        current = is_new ? before : st.load(before.id);
        if (!current.log.empty() && entry.at < current.log.back().at) entry.at = current.log.back().at;
        break;
    }
  }
  throw Error(Exit::Conflict, "lost the race to '" + remote + "' " + std::to_string(push_attempts) + " times",
              "run the command again");
}

void share(Context& ctx) {
  if (!auto_sync(ctx)) return;
  store::Store& st = ctx.store();
  const std::string& remote = st.policy().sync.remote;
  try {
    for (int attempt = 0; attempt < push_attempts; ++attempt) {
      const store::Store::Pushed pushed = st.push(remote);
      if (pushed.outcome == store::Store::PushOutcome::Race) {
        report_pulled(ctx, st.pull(remote, ctx.author()));
        continue;
      }
      if (pushed.outcome == store::Store::PushOutcome::Refused)
        ctx.out().warn("the change is committed here but '" + remote + "' refused it:\n" + pushed.message);
      return;
    }
    ctx.out().warn("the change is committed here but not yet shared: '" + remote + "' kept moving");
  } catch (const Error& e) {
    if (e.code() != Exit::Remote) throw;
    ctx.out().warn("the change is committed here but not yet shared: " + std::string(e.what()));
  }
}

void report(Context& ctx, const Ticket& after, const std::string& notice) {
  if (ctx.out().json()) ctx.out().json_value(formats::ticket_to_json(after));
  else ctx.out().notice(notice);
}

Ticket blank_ticket(std::string id) {
  Ticket t;
  t.id = std::move(id);
  return t;
}

Ticket create_ticket(Context& ctx, const CreateRequest& request) {
  store::Store& st = ctx.store();
  const LogEntry entry = create_entry(request, st.policy(), ctx.agent(), ctx.now());
  return change(ctx, blank_ticket(st.new_id()), entry);
}

Ticket load_named(Context& ctx, const std::string& input) {
  store::Store& st = ctx.store();
  return st.load(st.resolve(input));
}

}  // namespace tier::cli
