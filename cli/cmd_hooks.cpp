#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "core/store/process.hpp"
#include "hooks/notify.hpp"
#include "hooks/push.hpp"

namespace tier::cli {
namespace {

constexpr std::string_view shim_mark = "tier hook";

void write_shim(const std::string& dir, const std::string& name, const std::string& program) {
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/" + name;
  if (std::filesystem::exists(path)) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    if (s.str().find(shim_mark) == std::string::npos)
      throw Error(Exit::Conflict, "'" + path + "' is another program's hook", "move it away, then install again");
  }
  std::ofstream out(path, std::ios::trunc);
  out << "#!/bin/sh\n# " << shim_mark << ": the rules of tier-workflow(7); see tier-hooks(1)\nexec '" << program
      << "' hook " << name << " \"$@\"\n";
  out.close();
  chmod(path.c_str(), 0755);
}

int run_install(Context& ctx, bool server) {
  auto opened = store::Store::open(ctx.store_dir(), false);
  store::Store& st = *opened;
  const std::string program = self_program();
  const std::string dir = st.git_dir() + "hooks";
  if (server || st.bare()) {
    write_shim(dir, "pre-receive", program);
    write_shim(dir, "post-receive", program);
  } else {
    write_shim(dir, "pre-commit", program);
    write_shim(dir, "pre-push", program);
    st.ensure_merge_driver(program);
  }
  ctx.out().notice(server || st.bare() ? "installed pre-receive and post-receive in " + dir
                                       : "installed pre-commit, pre-push and the merge driver in " + dir);
  return 0;
}

int report(const std::vector<hooks::Finding>& findings) {
  for (const auto& f : findings) std::cerr << "tier: " << f.text() << "\n";
  return findings.empty() ? 0 : int(Exit::Refused);
}

int pre_receive(Time now) {
  auto st = store::Store::open_from_env();
  std::string pusher;
  try {
    if (const std::string& var = st->policy().server.pusher_env; !var.empty())
      if (const char* who = std::getenv(var.c_str())) pusher = who;
  } catch (const Error&) {
  }
  std::vector<hooks::Finding> findings;
  std::string old_id, new_id, ref;
  while (std::cin >> old_id >> new_id >> ref) {
    if (ref.rfind("refs/heads/", 0) != 0) continue;
    if (new_id.find_first_not_of('0') == std::string::npos) {
      findings.push_back({old_id, ref, 0, "no-delete", "a branch of tickets is never deleted"});
      continue;
    }
    for (const auto& c : st->commits_between(old_id, new_id)) {
      auto found = hooks::check_commit(c, {pusher, now, true});
      findings.insert(findings.end(), found.begin(), found.end());
    }
  }
  return report(findings);
}

int post_receive() {
  auto st = store::Store::open_from_env();
  std::vector<std::string> refs;
  std::vector<std::pair<std::string, std::string>> moved;  // old and new id of the store's branch
  std::string old_id, new_id, ref;
  std::string head;
  try {
    head = st->head();
  } catch (const Error&) {
  }
  while (std::cin >> old_id >> new_id >> ref) {
    refs.push_back(ref);
    if (ref.rfind("refs/heads/", 0) == 0 && new_id == head) moved.emplace_back(old_id, new_id);
  }
  for (const auto& remote : st->policy().server.forward) {
    std::vector<std::string> argv = {"git", "push", "--quiet", remote};
    argv.insert(argv.end(), refs.begin(), refs.end());
    const auto r = store::run_process(argv, {}, {});
    if (r.status != 0) std::cerr << "tier: warning: cannot forward to '" << remote << "': " << r.err;
  }
  if (!st->policy().notify.on_server) return 0;
  // The push is accepted whatever happens to its notifications.
  try {
    for (const auto& [from, to] : moved) {
      const std::string waiting = hooks::waiting_warning(hooks::deliver_pushed(*st, st->commits_between(from, to)));
      if (!waiting.empty()) std::cerr << "tier: warning: " << waiting << "\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "tier: warning: the notifications of the push are not sent: " << e.what() << "\n";
  }
  return 0;
}

int pre_commit(Time now) {
  auto st = store::Store::open_from_env();
  store::Store::CommitChange c = st->staged();
  const char* author = std::getenv("GIT_AUTHOR_EMAIL");
  c.author_email = lower(author && *author ? author : st->git_user_email());
  return report(hooks::check_commit(c, {{}, now, true}));
}

int pre_push(Time now) {
  auto st = store::Store::open_from_env();
  std::vector<hooks::Finding> findings;
  std::string local_ref, local_id, remote_ref, remote_id;
  while (std::cin >> local_ref >> local_id >> remote_ref >> remote_id) {
    if (local_id.find_first_not_of('0') == std::string::npos) continue;
    for (const auto& c : st->commits_between(remote_id, local_id)) {
      auto found = hooks::check_commit(c, {{}, now, true});
      findings.insert(findings.end(), found.begin(), found.end());
    }
  }
  return report(findings);
}

struct HookArgs {
  std::string name;
  std::vector<std::string> args;
};

int run_hook(Context& ctx, const HookArgs& a) {
  if (a.name == "pre-receive") return pre_receive(ctx.now());
  if (a.name == "post-receive") return post_receive();
  if (a.name == "pre-commit") return pre_commit(ctx.now());
  if (a.name == "pre-push") return pre_push(ctx.now());
  throw Error(Exit::Usage, "unknown hook '" + a.name + "'",
              "tier runs pre-receive, post-receive, pre-commit and pre-push");
}

}  // namespace

void add_hooks(CLI::App& app, Table& table) {
  auto server = std::make_shared<bool>(false);
  auto* sub = app.add_subcommand("hooks", "install the git hooks that enforce the rules");
  auto* install = sub->add_subcommand("install", "install the hooks of a clone, or with --server of a bare repo");
  install->add_flag("--server", *server, "the shared bare repository's hooks: pre-receive, post-receive");
  sub->require_subcommand(1);
  table.add(sub, NoStore, [server](Context& ctx) { return run_install(ctx, *server); });
}

void add_hook(CLI::App& app, Table& table) {
  auto a = std::make_shared<HookArgs>();
  auto* sub = app.add_subcommand("hook", "run one git hook (what the installed hooks call)");
  sub->add_option("name", a->name, "pre-receive, post-receive, pre-commit or pre-push")->required();
  sub->add_option("args", a->args, "the hook's arguments");
  table.add(sub, NoStore, [a](Context& ctx) { return run_hook(ctx, *a); });
}

}  // namespace tier::cli
