#pragma once

#include <memory>
#include <optional>
#include <string>

#include "cli/output.hpp"
#include "core/store/store.hpp"
#include "core/time.hpp"
#include "hooks/change.hpp"

namespace tier::cli {

/// The path of the running tier, for the hooks and the merge driver it installs.
std::string self_program();

/// The global options, accepted before or after the subcommand.
struct Globals {
  std::string dir;  ///< -C
  std::string agent;
  bool json = false;
  bool no_color = false;
  bool quiet = false;
  bool no_sync = false;
  bool no_pager = false;  ///< show and log never start a pager (cli/pager.hpp)
};

/// What a command runs with: the global options, the output, the clock, the
/// store the dispatcher opened, and the agent. No singletons.
class Context {
 public:
  Context(Globals globals, Output out);

  const Globals& globals() const { return globals_; }
  const Output& out() const { return out_; }
  /// The store at -C, TIER_DIR or the current directory; opened once.
  store::Store& store();
  /// The agent: --agent, TIER_AGENT, then git's user.email; lower-case.
  /// Refused by rule 'unknown-agent' when there is none.
  const std::string& agent();
  /// The agent as a commit author, at now().
  store::Author author();
  /// Acts for a requester from now on, not as an agent (tier ingest): agent()
  /// is `email`, and author() is `name` (else as for an agent) at `email`.
  void act_as(const std::string& email, const std::string& name);
  /// TIER_NOW when set (RFC 3339), else the system clock.
  Time now() const;
  /// The directory named by -C or TIER_DIR, or empty.
  std::string store_dir() const;
  /// Whether standard input is a terminal (never prompt otherwise).
  bool interactive() const;

  /// The session the command changes the store in (hooks::make_changes):
  /// the agent, the author, the clock, whether changes sync at once
  /// (sync.auto, a remote, no --no-sync), warnings to stderr. Made once,
  /// it follows act_as().
  hooks::Session& session();

 private:
  Globals globals_;
  Output out_;
  std::unique_ptr<store::Store> store_;
  std::optional<std::string> agent_;
  std::string author_name_;
  Time now_;
  std::unique_ptr<hooks::Session> session_;
};

}  // namespace tier::cli
