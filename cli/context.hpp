#pragma once

#include <memory>
#include <optional>
#include <string>

#include "cli/output.hpp"
#include "core/store/store.hpp"
#include "core/time.hpp"
#include "core/when.hpp"
#include "core/zone.hpp"
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
  /// Shows times in zone() (Output::set_zone()): not copied nor moved.
  Context(Globals globals, Output out);
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  const Globals& globals() const { return globals_; }
  const Output& out() const { return out_; }
  /// The store at -C, TIER_DIR or the current directory; opened once.
  store::Store& store();
  /// The agent: --agent, TIER_AGENT, then git's user.email; lower-case; a
  /// short name from [agents] as its address (resolve_agent()).
  /// Refused by rule 'unknown-agent' when there is none.
  const std::string& agent();
  /// The store's policy for showing agents' names: the defaults while the
  /// config does not parse, as reading still works then.
  const Policy& names_policy();
  /// The agent as a commit author, at now().
  store::Author author();
  /// Acts for a requester from now on, not as an agent (tier ingest): agent()
  /// is `email`, and author() is `name` (else as for an agent) at `email`.
  void act_as(const std::string& email, const std::string& name);
  /// TIER_NOW when set (RFC 3339), else the system clock.
  Time now() const;
  /// The zone times are shown and read in: TZ (an IANA name, a leading ':'
  /// allowed), else the open store's store.timezone, else UTC. Found on first
  /// use, so that a command that shows no time reads no zone database; a TZ
  /// the database does not know is warned about once and UTC is used.
  const Zone& zone();
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
  std::optional<Policy> no_policy_;
  std::string author_name_;
  Time now_;
  std::optional<Zone> zone_;
  std::unique_ptr<hooks::Session> session_;
};

/// The time an option gives (parse_when(), in ctx.zone() at ctx.now()),
/// leaning back for "since"-like options and ahead for "at"-like ones. A
/// usage error (2) naming the option and the accepted forms otherwise.
Time time_option(Context& ctx, std::string_view text, std::string_view option, Lean lean);

}  // namespace tier::cli
