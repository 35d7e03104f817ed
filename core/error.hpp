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

/// A place in a file: 1-based line and column, 0 when unknown.
struct Where {
  std::string path;
  int line = 0;
  int column = 0;
};

/// The one exception type thrown on purpose: a message in git's style
/// (lower-case, failure first, no final period), an exit code, an optional
/// hint and, for Exit::Refused and Exit::Conflict, the rule id. An error in
/// a file also carries where it is, as data, and what is wrong there.
class Error : public std::runtime_error {
 public:
  Error(Exit code, const std::string& message, std::string hint = {}, std::string rule = {})
      : std::runtime_error(message), code_(code), hint_(std::move(hint)), rule_(std::move(rule)) {}

  /// An error at a place in a file: the message is "path:line:column: what".
  static Error at(Exit code, Where where, std::string what) {
    std::string m = where.path;
    if (where.line > 0) {
      m += ':' + std::to_string(where.line);
      if (where.column > 0) m += ':' + std::to_string(where.column);
    }
    m += ": " + what;
    Error e(code, m);
    e.where_ = std::move(where);
    e.detail_ = std::move(what);
    return e;
  }

  Exit code() const noexcept { return code_; }
  const std::string& hint() const noexcept { return hint_; }
  const std::string& rule() const noexcept { return rule_; }
  /// Where in a file, for an error made by at(); else an empty path.
  const Where& where() const noexcept { return where_; }
  /// What is wrong there, without the place; for an error not made by at(), the message.
  std::string detail() const { return detail_.empty() ? std::string(what()) : detail_; }

 private:
  Exit code_;
  std::string hint_;
  std::string rule_;
  Where where_;
  std::string detail_;
};

}  // namespace tier
