#include "hooks/git_hooks.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <istream>
#include <ostream>

#include "core/history.hpp"
#include "core/store/process.hpp"
#include "core/store/store.hpp"
#include "hooks/notify.hpp"

namespace tier::hooks {
namespace {

// When the server's messages are sent: now (TIER_NOW, as the commands read
// it, for a fixed clock).
Time sent_at() {
  if (const char* fixed = std::getenv("TIER_NOW"); fixed && *fixed)
    if (auto t = parse_time(fixed)) return *t;
  using namespace std::chrono;
  return Time{duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()};
}



bool is_zero(const std::string& id) { return id.find_first_not_of('0') == std::string::npos; }

int report(std::ostream& err, const std::vector<history::Finding>& findings) {
  for (const auto& f : findings) err << "tier: " << f.text() << "\n";
  return findings.empty() ? 0 : int(Exit::Refused);
}

// The most a file may be to be read at all: larger ones are refused by
// their size, unread. A ticket and an article have limits of their own.
std::size_t max_read(const std::optional<Policy>& settings) {
  const Policy::Limits limits = settings ? settings->limits : Policy::Limits{};
  return std::max(limits.ticket, limits.article);
}

void append(std::vector<history::Finding>& to, std::vector<history::Finding> more) {
  to.insert(to.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
}

}  // namespace

int pre_receive(std::istream& in, std::ostream& err, Time now, const Getenv& env) {
  auto st = store::Store::open_from_env();
  const std::string branch = st->branch();
  const std::optional<Policy> settings = st->policy_at(st->head());
  history::Context ctx;
  ctx.settings = settings ? &*settings : nullptr;
  ctx.now = now;
  std::vector<history::Finding> findings;
  if (settings) {
    const history::Pusher pusher =
        history::pusher_identity(*settings, settings->server.pusher_env.empty()
                                                ? std::nullopt
                                                : env(settings->server.pusher_env));
    if (pusher.refusal) return report(err, {*pusher.refusal});
    ctx.pusher = pusher.agent;
  }
  std::string old_id, new_id, ref;
  while (in >> old_id >> new_id >> ref) {
    history::RefUpdate u{ref, is_zero(new_id), is_zero(old_id), true};
    if (!u.deleted && !u.created) u.fast_forward = st->descends(new_id, old_id);
    append(findings, history::check_ref(u, branch, ctx));
    if (ref != branch || u.deleted || !findings.empty()) continue;
    for (const auto& c : st->commits_between(old_id, new_id, max_read(settings)))
      append(findings, history::check_commit(c, ctx));
  }
  return report(err, findings);
}

int post_receive(std::istream& in, std::ostream& err) {
  auto st = store::Store::open_from_env();
  std::vector<std::string> refs;
  std::vector<std::pair<std::string, std::string>> moved;  // old and new id of the store's branch
  std::string old_id, new_id, ref;
  std::string head;
  try {
    head = st->head();
  } catch (const Error&) {
  }
  while (in >> old_id >> new_id >> ref) {
    refs.push_back(ref);
    if (ref.rfind("refs/heads/", 0) == 0 && new_id == head) moved.emplace_back(old_id, new_id);
  }
  for (const auto& remote : st->policy().server.forward) {
    std::vector<std::string> argv = {"git", "push", "--quiet", remote};
    argv.insert(argv.end(), refs.begin(), refs.end());
    const auto r = store::run_process(argv, {}, {}, st->max_seconds());
    if (r.status != 0) err << "tier: warning: cannot forward to '" << remote << "': " << r.err;
  }
  if (!st->policy().notify.on_server) return 0;
  // The push is accepted whatever happens to its notifications.
  try {
    for (const auto& [from, to] : moved) {
      const std::string waiting =
          waiting_warning(deliver_pushed(*st, st->commits_between(from, to, st->policy().limits.ticket), sent_at()));
      if (!waiting.empty()) err << "tier: warning: " << waiting << "\n";
    }
  } catch (const std::exception& e) {
    err << "tier: warning: the notifications of the push are not sent: " << e.what() << "\n";
  }
  return 0;
}

int pre_commit(std::ostream& err, Time now, const Getenv& env) {
  auto st = store::Store::open_from_env();
  const std::optional<Policy> settings = st->policy_at(st->head());
  history::Commit c = st->staged(max_read(settings));
  const auto author = env("GIT_AUTHOR_EMAIL");
  c.author = lower(author && !author->empty() ? *author : st->git_user_email());
  history::Context ctx;
  ctx.settings = settings ? &*settings : nullptr;
  ctx.now = now;
  return report(err, history::check_commit(c, ctx));
}

int pre_push(std::istream& in, std::ostream& err, Time now) {
  auto st = store::Store::open_from_env();
  const std::optional<Policy> settings = st->policy_at(st->head());
  history::Context ctx;
  ctx.settings = settings ? &*settings : nullptr;
  ctx.now = now;
  std::vector<history::Finding> findings;
  std::string local_ref, local_id, remote_ref, remote_id;
  while (in >> local_ref >> local_id >> remote_ref >> remote_id) {
    if (is_zero(local_id)) continue;
    for (const auto& c : st->commits_between(remote_id, local_id, max_read(settings)))
      append(findings, history::check_commit(c, ctx));
  }
  return report(err, findings);
}

}  // namespace tier::hooks
