#pragma once

#include <stdexcept>
#include <string>

namespace tier {

/// Process exit codes; tier(1) documents each one.
enum class Exit {
  Ok = 0,        ///< done
  Failure = 1,   ///< unexpected failure
  Usage = 2,     ///< bad command line
  NotFound = 3,  ///< ticket, group, agent or store not found
  Conflict = 4,  ///< already claimed, lost a race, ambiguous id
  Refused = 5,   ///< refused by a workflow rule (rule() names it)
  Invalid = 6,   ///< malformed ticket or config
  Remote = 7,    ///< remote unreachable or push refused
};

/// The one exception type thrown on purpose: a message in git's style
/// (lower-case, failure first, no final period), an exit code, an optional
/// hint and, for Exit::Refused and Exit::Conflict, the rule id.
class Error : public std::runtime_error {
 public:
  Error(Exit code, const std::string& message, std::string hint = {}, std::string rule = {})
      : std::runtime_error(message), code_(code), hint_(std::move(hint)), rule_(std::move(rule)) {}

  Exit code() const noexcept { return code_; }
  const std::string& hint() const noexcept { return hint_; }
  const std::string& rule() const noexcept { return rule_; }

 private:
  Exit code_;
  std::string hint_;
  std::string rule_;
};

}  // namespace tier
