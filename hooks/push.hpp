#pragma once

#include <string>
#include <vector>

#include "core/store/store.hpp"
#include "core/time.hpp"

namespace tier::hooks {

/// A reason to refuse a commit: which commit, file and line, by which rule.
struct Finding {
  std::string commit;
  std::string path;
  int line = 0;
  std::string rule;
  std::string message;
  std::string text() const;  ///< "<commit> <path>:<line>: refused by rule '<rule>': <message>"
};

struct PushCheck {
  std::string pusher;  ///< the authenticated user, when server.pusher_env names one
  Time now;            ///< the server's clock, for server.max_skew
  bool check_skew = true;
};

/// Checks one commit against its first parent, as pre-receive does for
/// every pushed commit and pre-commit for the index: ticket files parse,
/// ids match paths, logs are append-only (a merge may only interleave the
/// two sides' entries and mark some void), no ticket is deleted, every new
/// entry is allowed by the policy of the parent commit (both layers of the
/// rules engine, at the state the log had there), by the pusher, and not
/// dated ahead of the clock; the header equals the replay; the config
/// changes only by an admin. tier-workflow(7) lists the rules.
std::vector<Finding> check_commit(const store::Store::CommitChange& commit, const PushCheck& check);

}  // namespace tier::hooks
