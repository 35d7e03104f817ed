#include <csignal>

#include "cli/run.hpp"
#include "core/store/git.hpp"

int main(int argc, char** argv) {
  tier::git::Library lib;
  std::signal(SIGPIPE, SIG_IGN);
  return tier::cli::run(argc, argv);
}
