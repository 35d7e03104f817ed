#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tier::store {

struct ProcessResult {
  int status = -1;  ///< the exit code, or 128 + signal
  std::string out;
  std::string err;
  bool timed_out = false;  ///< it ran past its time limit and was stopped
};

/// Runs a program (found on PATH) with arguments, feeding `input` on its
/// standard input and collecting its output; never through a shell. With
/// `timeout` (seconds, 0 for none) a program still running then is sent
/// SIGTERM, and SIGKILL two seconds later: `timed_out` says so.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& input = {},
                          const std::vector<std::string>& extra_env = {}, std::int64_t timeout = 0);

/// "'git fetch' ran longer than 60s and was stopped": the words for a
/// program that timed out.
std::string timed_out_words(const std::string& what, std::int64_t timeout);

}  // namespace tier::store
