#include "hooks/change.hpp"

#include <unistd.h>

#include <map>
#include <variant>

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

// The checks of one planned change at a time, as the server would make
// them: the history rules for a whole ticket (each checked as the commit that
// adds it, the rules being per file), both layers of the rules for an entry,
// the clock clamp, the size of the file and the local hook.
class Checker {
 public:
  explicit Checker(Session& s) : s_(s), policy_(s.store.policy()) {
    commit_.author = s.agent;
    commit_.parents = 1;
    commit_.policy = policy_;
    context_.settings = &policy_;
    // The server knows who pushes when pusher_env is set: this session will.
    if (!policy_.server.pusher_env.empty()) context_.pusher = s.agent;
    context_.now = s.now;
  }

  /// The change made, or why not. `text`, for a change made, gets the
  /// ticket's file (write_ticket()).
  std::variant<Made, Refusal> check(Planned&& p, std::string& text) {
    Made m;
    if (p.whole) {
      if (auto no = history_refusal(p, text)) return *no;
      if (p.whole->log.empty()) return Refusal{"replay", "the log is empty", Exit::Refused, {}};
      m = {std::move(p.before), std::move(*p.whole), {}, true, {}};
      m.entry = m.after.log.back();
    } else {
      // A log is in time order: an entry is never dated before the one above
      // it (clocks of two clones differ, TIER_NOW may be set back).
      LogEntry e = std::move(p.entry);
      if (!p.before.log.empty() && e.at < p.before.log.back().at) e.at = p.before.log.back().at;
      Outcome out = apply(p.before, e, policy_);
      if (auto* no = std::get_if<Refusal>(&out)) return std::move(*no);
      m = {std::move(p.before), std::move(std::get<Ticket>(out)), std::move(e), false, std::move(p.files)};
      // Each attachment is the file it names: the commit writes those bytes.
      if (m.files.size() != m.entry.attachments.size())
        return Refusal{"attachment", "the entry names " + std::to_string(m.entry.attachments.size()) +
                                         " attachments but carries " + std::to_string(m.files.size()) + " files",
                       Exit::Refused, {}};
      for (std::size_t k = 0; k < m.files.size(); ++k)
        if (store::Store::blob_id(m.files[k]) != m.entry.attachments[k].id ||
            m.files[k].size() != m.entry.attachments[k].size)
          return Refusal{"attachment", "the file of the attachment '" + m.entry.attachments[k].name +
                                           "' is not the one the entry names",
                         Exit::Refused, {}};
      text = formats::write_ticket(m.after);
      if (text.size() > policy_.limits.ticket)
        return Refusal{"valid-values",
                       "the ticket file would be " + std::to_string(text.size()) + " bytes, over the limit of " +
                           std::to_string(policy_.limits.ticket),
                       Exit::Refused, "close it and open a new ticket that refers to it"};
    }
    if (auto no = run_local_hook(s_.store, m.before, m.after, m.entry)) return *no;
    return m;
  }

 private:
  // The history rules' refusal of a whole ticket, checked as the server
  // would check a commit that adds it; the ticket is lent to the check and
  // given back.
  std::optional<Refusal> history_refusal(Planned& p, std::string& text) {
    text = formats::write_ticket(*p.whole);
    history::File f;
    f.path = ticket_path(p.whole->id);
    f.after.emplace();
    f.after->size = text.size();
    f.after->ticket = std::move(*p.whole);
    if (p.before.log.empty()) {
      f.parents.push_back(std::nullopt);
    } else {
      history::Version v;
      v.size = formats::write_ticket(p.before).size();
      v.ticket = p.before;
      f.parents.push_back(std::move(v));
    }
    commit_.files.clear();
    commit_.attachments.clear();
    // The files its entries attach that the store has already.
    for (const auto& e : f.after->ticket->log)
      for (const auto& a : e.attachments)
        if (s_.store.has_path(attachment_path(a.id))) commit_.attachments.insert(attachment_path(a.id));
    commit_.files.push_back(std::move(f));
    std::optional<Refusal> out;
    for (auto& finding : history::check_commit(commit_, context_))
      if (!out) out = Refusal{finding.rule, finding.message, Exit::Refused, {}};
    p.whole = std::move(*commit_.files.front().after->ticket);
    commit_.files.clear();
    return out;
  }

  Session& s_;
  const Policy& policy_;
  history::Commit commit_;
  history::Context context_;
};

// Both layers of the rules (or the history rules), the clock clamp, the
// size of the file and the local hook, for every planned change.
Result check(Session& s, std::vector<Planned> planned, const Options& o) {
  Checker checker(s);
  Result r;
  r.made.reserve(planned.size());
  std::string text;
  for (std::size_t i = 0; i < planned.size(); ++i) {
    auto outcome = checker.check(std::move(planned[i]), text);
    if (auto* no = std::get_if<Refusal>(&outcome)) {
      if (!o.keep_going) throw to_error(*no);
      r.skipped.push_back({i, std::move(*no)});
      continue;
    }
    r.made.push_back(std::move(std::get<Made>(outcome)));
  }
  return r;
}

}  // namespace

void commit_and_share(Session& s, const std::function<std::string()>& attempt, const std::function<void()>& shared) {
  store::Store& st = s.store;
  if (s.sync) pull_first(s);
  bool offline = s.sync && !*s.pulled;
  const std::string remote = st.policy().sync.remote;
  for (int round = 0; round < push_attempts; ++round) {
    const std::string commit = attempt();
    if (commit.empty()) return;
    if (!s.sync) {
      st.unlock();  // sendmail runs without the store's lock
      shared();
      return;
    }
    if (!s.denied.empty()) {
      const std::string kept = st.set_aside(commit);
      throw Error(Exit::Remote, s.denied,
                  "the change is taken back and kept on " + kept + " (git show " + kept +
                      "); once the login works, run the command again");
    }
    if (offline) {
      s.warn("the change is committed here but not yet shared: '" + remote + "' cannot be reached");
      st.unlock();  // sendmail runs without the store's lock
      shared();
      return;
    }
    const store::Store::Pushed pushed = st.push(remote);
    switch (pushed.outcome) {
      case store::Store::PushOutcome::Pushed:
      case store::Store::PushOutcome::UpToDate:
        st.unlock();  // sendmail runs without the store's lock
      shared();
        return;
      case store::Store::PushOutcome::Unreachable:
        s.warn("the change is committed here but not yet shared: " + pushed.message);
        st.unlock();  // sendmail runs without the store's lock
      shared();
        return;
      case store::Store::PushOutcome::Race: {
        // Someone pushed first: take back our commit, take theirs, and plan again.
        st.undo(commit);
        store::Store::Pulled pulled;
        try {
          pulled = st.pull(remote, s.author);
        } catch (const Error& e) {
          if (e.code() != Exit::Remote) throw;
          const std::string kept = st.keep(commit);
          throw Error(Exit::Remote, e.what(), "the change is kept on " + kept + " (git show " + kept + ")");
        }
        report_voided(s, pulled);
        if (!pulled.reached) offline = true;
        break;
      }
      case store::Store::PushOutcome::Refused:
      case store::Store::PushOutcome::Denied: {
        const std::string kept = st.set_aside(commit);
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
  st.unlock();  // the hook runs without the store's lock; the commit checks the branch did not move
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
  Result r;
  commit_and_share(
      s,
      [&] {
        r = check(s, plan(st), o);
        if (r.made.empty() || o.dry_run) return std::string();
        std::vector<const Ticket*> tickets;
        std::vector<std::string_view> files;
        tickets.reserve(r.made.size());
        for (const auto& m : r.made) {
          tickets.push_back(&m.after);
          files.insert(files.end(), m.files.begin(), m.files.end());
        }
        const std::string op = o.op.empty() ? std::string(to_string(r.made.front().entry.event)) : o.op;
        r.commit = st.commit(tickets, op, s.author, o.subject, files);
        return r.commit;
      },
      [&] { notify(s, r); });
  return r;
}

StreamResult make_changes(Session& s, const StreamPlan& plan, const Options& o) {
  store::Store& st = s.store;
  StreamResult r;
  commit_and_share(
      s,
      [&] {
        r = StreamResult{};
        Checker checker(s);
        std::vector<store::Store::Written> files;
        std::string op = o.op;
        std::string text;
        std::size_t index = 0;
        plan(st, [&](Planned&& p) {
          const std::size_t i = index++;
          auto outcome = checker.check(std::move(p), text);
          if (auto* no = std::get_if<Refusal>(&outcome)) {
            if (!o.keep_going) throw to_error(*no);
            r.skipped.push_back({i, std::move(*no)});
            return;
          }
          const Made& m = std::get<Made>(outcome);
          if (op.empty()) op = to_string(m.entry.event);
          r.made.push_back(m.after.id);
          if (!o.dry_run) files.push_back(st.write_ticket_file(m.after, text));
        });
        if (files.empty()) return std::string();
        r.commit = st.commit_written(files, op, s.author, o.subject);
        return r.commit;
      },
      [] {});
  return r;
}

}  // namespace tier::hooks
