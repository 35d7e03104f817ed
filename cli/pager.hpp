#pragma once

#include <sys/types.h>

namespace tier::cli {

/// Sends standard output through a pager while it lives (git's rules): the
/// command in TIER_PAGER, else PAGER, else `less`, run by /bin/sh; with
/// LESS=FRX in its environment when it is less and LESS is not set (quit
/// when the text fits the screen, colours passed through, the screen not
/// cleared). No pager when stdout is not a terminal, when `enabled` is false
/// (--no-pager), or when the command is empty or "cat". The destructor
/// flushes stdout, gives the pager its end of file and waits for it.
class Pager {
 public:
  explicit Pager(bool enabled);
  ~Pager();
  Pager(const Pager&) = delete;
  Pager& operator=(const Pager&) = delete;

  /// Whether the output goes through a pager.
  bool active() const { return child_ > 0; }

 private:
  pid_t child_ = -1;
  int saved_stdout_ = -1;
};

}  // namespace tier::cli
