#pragma once

#include <string>
#include <vector>

namespace tier::store {

struct ProcessResult {
  int status = -1;  ///< the exit code, or 128 + signal
  std::string out;
  std::string err;
};

/// Runs a program (found on PATH) with arguments, feeding `input` on its
/// standard input and collecting its output; never through a shell.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& input = {},
                          const std::vector<std::string>& extra_env = {});

}  // namespace tier::store
