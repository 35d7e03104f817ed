#include "hooks/change.hpp"

#include <unistd.h>

#include <map>

#include "core/history.hpp"
#include "core/store/process.hpp"
#include "formats/ticket_json.hpp"
#include "formats/ticket_toml.hpp"
#include "hooks/notify.hpp"

namespace tier::hooks {
namespace {

constexpr int push_attempts = 5;

// With notify.where = "client", the session that made a change sends its
// notifications once it is committed (and pushed, with sync). A failure to
// deliver never undoes the change: the message waits in the queue and a
// warning says so.
void notify(Session& s, const Result& r) {
  store::Store& st = s.store;
  if (st.policy().notify.on_server) return;
  for (const auto& m : r.made) {
    if (m.whole) continue;
    try {
      const std::string waiting = waiting_warning(deliver_change(st, m.before, m.after, m.entry, s.now));
      if (!waiting.empty()) s.warn(waiting);
    } catch (const std::exception& e) {
      s.warn(std::string("the change is made, but its notifications are not sent: ") + e.what());
    }
  }
}

// A whole ticket as the history rules read a file.
history::Version version_of(const Ticket& t) {
  history::Version v;
  v.size = formats::write_ticket(t).size();
  v.ticket = t;
  return v;
}

// The history rules' refusals of the whole tickets of a plan, by path: they
// are checked as the server would check a commit that adds them.
std::map<std::string, Refusal> check_whole(const Session& s, const std::vector<Planned>& planned) {
  const Policy& policy = s.store.policy();
  history::Commit c;
  c.author = s.agent;
  c.parents = 1;
  c.policy = policy;
  for (const auto& p : planned) {
    if (!p.whole) continue;
    history::File f{ticket_path(p.whole->id), version_of(*p.whole), {}};
    f.parents.push_back(p.before.log.empty() ? std::nullopt : std::optional<history::Version>(version_of(p.before)));
    c.files.push_back(std::move(f));
  }
  std::map<std::string, Refusal> out;
  if (c.files.empty()) return out;
  for (const auto& f : c.files)
    for (const auto& e : f.after->ticket->log)
      for (const auto& a : e.attachments)
        if (s.store.has_path(attachment_path(a.id))) c.attachments.insert(attachment_path(a.id));
  history::Context ctx;
  ctx.settings = &policy;
  // The server knows who pushes when pusher_env is set: this session will.
  if (!policy.server.pusher_env.empty()) ctx.pusher = s.agent;
  ctx.now = s.now;
  for (auto& f : history::check_commit(c, ctx))
    out.try_emplace(f.path, Refusal{f.rule, f.message, Exit::Refused, {}});
  return out;
}

// Both layers of the rules (or the history rules), the clock clamp, the
// size of the file and the local hook, for every planned change.
Result check(Session& s, std::vector<Planned> planned, const Options& o) {
  store::Store& st = s.store;
  const Policy& policy = st.policy();
  const std::map<std::string, Refusal> whole_refusals = check_whole(s, planned);
  Result r;
  r.made.reserve(planned.size());
  for (std::size_t i = 0; i < planned.size(); ++i) {
    Planned& p = planned[i];
    std::optional<Refusal> refusal;
    Made m;
    if (p.whole) {
      if (auto it = whole_refusals.find(ticket_path(p.whole->id)); it != whole_refusals.end()) refusal = it->second;
      else if (p.whole->log.empty()) refusal = Refusal{"replay", "the log is empty", Exit::Refused, {}};
      else m = {std::move(p.before), std::move(*p.whole), {}, true, {}};
      if (!refusal) m.entry = m.after.log.back();
    } else {
      // A log is in time order: an entry is never dated before the one above
      // it (clocks of two clones differ, TIER_NOW may be set back).
      LogEntry e = std::move(p.entry);
      if (!p.before.log.empty() && e.at < p.before.log.back().at) e.at = p.before.log.back().at;
      Outcome out = apply(p.before, e, policy);
      if (auto* no = std::get_if<Refusal>(&out)) refusal = std::move(*no);
      else m = {std::move(p.before), std::move(std::get<Ticket>(out)), std::move(e), false, std::move(p.files)};
      // Each attachment is the file it names: the commit writes those bytes.
      if (!refusal && m.files.size() != m.entry.attachments.size())
        refusal = Refusal{"attachment", "the entry names " + std::to_string(m.entry.attachments.size()) +
                                            " attachments but carries " + std::to_string(m.files.size()) + " files",
                          Exit::Refused, {}};
      for (std::size_t k = 0; !refusal && k < m.files.size(); ++k)
        if (store::Store::blob_id(m.files[k]) != m.entry.attachments[k].id ||
            m.files[k].size() != m.entry.attachments[k].size)
          refusal = Refusal{"attachment", "the file of the attachment '" + m.entry.attachments[k].name +
                                              "' is not the one the entry names",
                            Exit::Refused, {}};
    }
    if (!refusal && !m.whole) {
      const std::size_t bytes = formats::write_ticket(m.after).size();
      if (bytes > policy.limits.ticket)
        refusal = Refusal{"valid-values",
                          "the ticket file would be " + std::to_string(bytes) + " bytes, over the limit of " +
                              std::to_string(policy.limits.ticket),
                          Exit::Refused, "close it and open a new ticket that refers to it"};
    }
    if (!refusal) refusal = run_local_hook(st, m.before, m.after, m.entry);
    if (refusal) {
      if (!o.keep_going) throw to_error(*refusal);
      r.skipped.push_back({i, std::move(*refusal)});
      continue;
    }
    r.made.push_back(std::move(m));
  }
  return r;
}

}  // namespace

void report_voided(Session& s, const store::Store::Pulled& pulled) {
  for (const auto& [id, e] : pulled.voided) {
    s.warn(id + ": the " + std::string(to_string(e.event)) + " by " + e.by +
           " no longer applies and is kept as void: " + e.void_reason);
    // Its author may not be the one at this terminal (a cron job's sync):
    // they are told by mail, once.
    try {
      const std::string waiting = waiting_warning(deliver_voided(s.store, s.store.load(id), e, s.now));
      if (!waiting.empty()) s.warn(waiting);
    } catch (const std::exception& x) {
      s.warn(std::string("the mail about it is not sent: ") + x.what());
    }
  }
}

void pull_first(Session& s) {
  if (s.pulled) return;
  try {
    const store::Store::Pulled pulled = s.store.pull(s.store.policy().sync.remote, s.author);
    s.pulled = pulled.reached;
    report_voided(s, pulled);
  } catch (const Error& e) {
    if (e.code() != Exit::Remote) throw;
    s.pulled = false;
    s.denied = e.what();
  }
}

// Local policy: an executable .git/tier/hooks/on-<event> gets the change as
// JSON on stdin and refuses it by exiting non-zero. Only this untracked
// directory is looked at: nothing that arrives by a pull is ever run.
std::optional<Refusal> run_local_hook(store::Store& st, const Ticket& before, const Ticket& after, const LogEntry& e) {
  const std::string name = "on-" + std::string(to_string(e.event));
  const std::string path = st.git_dir() + "tier/hooks/" + name;
  if (access(path.c_str(), X_OK) != 0) return std::nullopt;
  const nlohmann::json payload = {{"api", 1},
                                  {"event", to_string(e.event)},
                                  {"agent", e.by},
                                  {"before", before.log.empty() ? nlohmann::json(nullptr) : formats::ticket_to_json(before)},
                                  {"after", formats::ticket_to_json(after)}};
  const store::ProcessResult r =
      store::run_process({path}, payload.dump() + "\n", {"TIER_HOOK=" + name}, st.max_seconds());
  if (r.timed_out)
    return Refusal{"local-hook", "refused by the local hook '" + name + "': " + store::timed_out_words(name, st.max_seconds()),
                   Exit::Refused, {}};
  if (r.status == 0) return std::nullopt;
  std::string why = r.err;
  while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
  if (why.empty()) why = "it exited with " + std::to_string(r.status);
  return Refusal{"local-hook", "refused by the local hook '" + name + "': " + why, Exit::Refused, {}};
}

Result make_changes(Session& s, const Plan& plan, const Options& o) {
  store::Store& st = s.store;
  if (s.sync) pull_first(s);
  bool offline = s.sync && !*s.pulled;
  const std::string remote = st.policy().sync.remote;
  for (int attempt = 0; attempt < push_attempts; ++attempt) {
    Result r = check(s, plan(st), o);
    if (r.made.empty() || o.dry_run) return r;
    std::vector<const Ticket*> tickets;
    std::vector<std::string_view> files;
    tickets.reserve(r.made.size());
    for (const auto& m : r.made) {
      tickets.push_back(&m.after);
      files.insert(files.end(), m.files.begin(), m.files.end());
    }
    const std::string op = o.op.empty() ? std::string(to_string(r.made.front().entry.event)) : o.op;
    r.commit = st.commit(tickets, op, s.author, o.subject, files);
    if (!s.sync) {
      notify(s, r);
      return r;
    }
    if (!s.denied.empty()) {
      const std::string kept = st.set_aside(r.commit);
      throw Error(Exit::Remote, s.denied,
                  "the change is taken back and kept on " + kept + " (git show " + kept +
                      "); once the login works, run the command again");
    }
    if (offline) {
      s.warn("the change is committed here but not yet shared: '" + remote + "' cannot be reached");
      notify(s, r);
      return r;
    }
    const store::Store::Pushed pushed = st.push(remote);
    switch (pushed.outcome) {
      case store::Store::PushOutcome::Pushed:
      case store::Store::PushOutcome::UpToDate:
        notify(s, r);
        return r;
      case store::Store::PushOutcome::Unreachable:
        s.warn("the change is committed here but not yet shared: " + pushed.message);
        notify(s, r);
        return r;
      case store::Store::PushOutcome::Race: {
        // Someone pushed first: take back our commit, take theirs, and plan again.
        st.undo(r.commit);
        store::Store::Pulled pulled;
        try {
          pulled = st.pull(remote, s.author);
        } catch (const Error& e) {
          if (e.code() != Exit::Remote) throw;
          const std::string kept = st.keep(r.commit);
          throw Error(Exit::Remote, e.what(), "the change is kept on " + kept + " (git show " + kept + ")");
        }
        report_voided(s, pulled);
        if (!pulled.reached) offline = true;
        break;
      }
      case store::Store::PushOutcome::Refused:
      case store::Store::PushOutcome::Denied: {
        const std::string kept = st.set_aside(r.commit);
        const bool refused = pushed.outcome == store::Store::PushOutcome::Refused;
        throw Error(Exit::Remote,
                    refused ? "'" + remote + "' refused the change:\n" + pushed.message
                            : "'" + remote + "' refused the login: " + pushed.message,
                    "the change is taken back and kept on " + kept + " (git show " + kept + ")" +
                        (refused ? "" : "; once the login works, run the command again"),
                    pushed.rule);
      }
    }
  }
  throw Error(Exit::Conflict, "lost the race to '" + remote + "' " + std::to_string(push_attempts) + " times",
              "run the command again");
}

}  // namespace tier::hooks
