#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/demo_script.hpp"

extern char** environ;

namespace tier::cli {
namespace {

struct DemoArgs {
  bool keep = false;
};

// Runs tier with args as the agent; stdout is captured when `capture` is set.
int run_tier(const std::string& exe, const std::vector<std::string>& args, std::string* capture) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(exe.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  int fds[2] = {-1, -1};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (capture) {
    if (pipe(fds) != 0) throw Error(Exit::Failure, "cannot make a pipe");
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
  }
  pid_t pid = 0;
  std::fflush(stdout);
  const int rc = posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw Error(Exit::Failure, "cannot run '" + exe + "'");
  if (capture) {
    close(fds[1]);
    char buf[4096];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) capture->append(buf, std::size_t(n));
    close(fds[0]);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

int run_demo(Context& ctx, const DemoArgs& a) {
  const Output& out = ctx.out();
  std::string base = std::filesystem::temp_directory_path().string() + "/tier-demo-XXXXXX";
  if (!mkdtemp(base.data())) throw Error(Exit::Failure, "cannot make a directory for the demo");
  const std::string exe = self_program();
  setenv("TIER_DIR", base.c_str(), 1);
  setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
  unsetenv("TIER_AGENT");

  std::string id;
  int failures = 0;
  for (const DemoStep& step : demo_script()) {
    if (step.say) {
      out.line();
      out.styled_line(out.paint(Style::Cyan, std::string("# ") + step.say));
    }
    if (step.args.empty()) continue;
    std::vector<std::string> args;
    for (std::string arg : step.args) {
      if (auto pos = arg.find("{id}"); pos != std::string::npos) arg.replace(pos, 4, id);
      args.push_back(arg);
    }
    std::string shown = "$ ";
    if (step.agent) shown += "TIER_AGENT=" + std::string(step.agent) + " ";
    shown += "tier";
    for (const auto& arg : args)
      shown += " " + (arg.find_first_of(" '\"") == std::string::npos ? arg : "'" + arg + "'");
    out.styled_line(out.paint(Style::Bold, shown));
    if (step.agent) setenv("TIER_AGENT", step.agent, 1);
    else unsetenv("TIER_AGENT");
    std::string captured;
    const int code = run_tier(exe, args, step.capture_id ? &captured : nullptr);
    if (step.capture_id) {
      while (!captured.empty() && captured.back() == '\n') captured.pop_back();
      id = captured;
      out.line(id);
    }
    if (code != step.expect) {
      ++failures;
      out.styled_line(out.paint(Style::Red, "(exit " + std::to_string(code) + ", expected " + std::to_string(step.expect) + ")"));
    } else if (code != 0) {
      out.styled_line(out.paint(Style::Dim, "(exit " + std::to_string(code) + ", as the rules say)"));
    }
  }
  out.line();
  if (a.keep) {
    out.line("the demo store is kept in " + base);
  } else {
    std::error_code ec;
    std::filesystem::remove_all(base, ec);
  }
  if (failures) throw Error(Exit::Failure, "the demo went wrong in " + std::to_string(failures) + " steps");
  return 0;
}

}  // namespace

void add_demo(Cmd app, Table& table) {
  auto a = std::make_shared<DemoArgs>();
  auto sub = app.add_subcommand("demo", "play one ticket through the whole workflow on a throwaway store");
  sub.add_flag("--keep", a->keep, "keep the demo store and print where it is");
  table.add(sub, NoStore, [a](Context& ctx) { return run_demo(ctx, *a); });
}

}  // namespace tier::cli
