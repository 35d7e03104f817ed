#define DOCTEST_CONFIG_IMPLEMENT
#include <csignal>
#include <cstdio>

#include <doctest/doctest.h>

// The cases run tier::cli::run() in this process (driver.hpp), as tier's
// main() would: SIGPIPE ignored, and standard output fully buffered, as it
// is when tier writes to a pipe or a file, whatever this process's own
// output is connected to (the order of merged output depends on it).
int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  std::setvbuf(stdout, nullptr, _IOFBF, BUFSIZ);
  doctest::Context context(argc, argv);
  const int rc = context.run();
  std::fflush(stdout);
  return rc;
}
