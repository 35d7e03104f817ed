#include "cli/pager.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace tier::cli {
namespace {

// The pager's command, or empty for none.
std::string pager_command() {
  for (const char* name : {"TIER_PAGER", "PAGER"})
    if (const char* v = std::getenv(name)) return v;
  return "less";
}

// Whether the command runs less: its first word, without a directory.
bool runs_less(const std::string& cmd) {
  const auto start = cmd.find_first_not_of(" \t");
  if (start == std::string::npos) return false;
  std::string word = cmd.substr(start, cmd.find_first_of(" \t", start) - start);
  if (const auto slash = word.rfind('/'); slash != std::string::npos) word.erase(0, slash + 1);
  return word == "less";
}

}  // namespace

Pager::Pager(bool enabled) {
  if (!enabled || !isatty(STDOUT_FILENO)) return;
  const std::string cmd = pager_command();
  if (cmd.find_first_not_of(" \t") == std::string::npos || cmd == "cat") return;
  int fds[2];
  if (pipe(fds) != 0) return;  // no pager then; the output goes on as it is
  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return;
  }
  if (pid == 0) {
    dup2(fds[0], STDIN_FILENO);
    close(fds[0]);
    close(fds[1]);
    if (runs_less(cmd) && !std::getenv("LESS")) setenv("LESS", "FRX", 1);
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[0]);
  saved_stdout_ = dup(STDOUT_FILENO);
  dup2(fds[1], STDOUT_FILENO);
  close(fds[1]);
  child_ = pid;
}

Pager::~Pager() {
  if (child_ <= 0) return;
  std::fflush(stdout);
  // Back to the terminal: the pipe's last write end closes, the pager reads
  // its end of file.
  if (saved_stdout_ >= 0) {
    dup2(saved_stdout_, STDOUT_FILENO);
    close(saved_stdout_);
  } else {
    close(STDOUT_FILENO);
  }
  int status = 0;
  while (waitpid(child_, &status, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace tier::cli
