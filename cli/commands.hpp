#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "cli/args.hpp"

#include "cli/context.hpp"
#include "cli/render.hpp"
#include "cli/run.hpp"
#include "core/error.hpp"

namespace tier {
struct ListFilter;
}

namespace tier::cli {

/// What the dispatcher does before a command runs (git's RUN_SETUP).
enum Flags : unsigned {
  NoStore = 0,
  NeedsStore = 1u << 0,  ///< open the store and parse its config
  Writes = 1u << 1,      ///< take the store's lock; a broken config stops the command
  PullsFirst = 1u << 2,  ///< with sync.auto, pull before the command reads anything
};

using Runner = std::function<int(Context&)>;

/// The command table: every subcommand with its flags and its runner.
class Table {
 public:
  struct Entry {
    CLI::App* sub;
    unsigned flags;
    Runner run;
  };
  void add(Cmd sub, unsigned flags, Runner run) { entries_.push_back({sub.app(), flags, std::move(run)}); }
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  std::vector<Entry> entries_;
};

/// The rows of list and queue: filtered, sorted by a key of
/// list_sort_keys(), cut to `limit`, printed in `format` (JSON with --json)
/// with their service-level time left, as a table in `layout`'s columns; bad
/// files are warned about on stderr.
int print_listing(Context& ctx, const ListFilter& filter, const std::string& sort, std::size_t limit,
                  const std::string& format, Layout layout);

/// Adds the subcommands in `tier --help` order: only the command named
/// `only` when it is one (building the others' options and help text cost
/// every start more than most commands' own work), else every one (for
/// help, completion scripts and the hint for an unknown command).
void add_commands(Cmd app, Table& table, std::string_view only = {});

void add_init(Cmd app, Table& table);
void add_create(Cmd app, Table& table);
void add_show(Cmd app, Table& table);
void add_log(Cmd app, Table& table);
void add_attachment(Cmd app, Table& table);
void add_list(Cmd app, Table& table);
void add_comment(Cmd app, Table& table);
void add_note(Cmd app, Table& table);
void add_queue(Cmd app, Table& table);
void add_day(Cmd app, Table& table);
void add_search(Cmd app, Table& table);
void add_claim(Cmd app, Table& table);
void add_release(Cmd app, Table& table);
void add_assign(Cmd app, Table& table);
void add_escalate(Cmd app, Table& table);
void add_handback(Cmd app, Table& table);
void add_resolve(Cmd app, Table& table);
void add_reopen(Cmd app, Table& table);
void add_close(Cmd app, Table& table);
void add_appoint(Cmd app, Table& table);
void add_edit(Cmd app, Table& table);
void add_rate(Cmd app, Table& table);
void add_ingest(Cmd app, Table& table);
void add_check(Cmd app, Table& table);
void add_sync(Cmd app, Table& table);
void add_merge_driver(Cmd app, Table& table);
void add_hooks(Cmd app, Table& table);
void add_hook(Cmd app, Table& table);
void add_demo(Cmd app, Table& table);
void add_notify(Cmd app, Table& table);

void add_completion(Cmd app, Table& table);
void add_help(Cmd app, Table& table);

/// The hint for an unknown command `word`: "did you mean 'NAME'?" for the
/// closest of `names` (at most two typos away), else "see 'tier --help'".
std::string unknown_command_hint(const std::vector<std::string>& names, const std::string& word);
void add_export(Cmd app, Table& table);
void add_import(Cmd app, Table& table);
void add_stats(Cmd app, Table& table);
void add_report(Cmd app, Table& table);
void add_overdue(Cmd app, Table& table);
void add_kb(Cmd app, Table& table);

/// The whole command line of `tier`: the global options, bound to `g`, and
/// every subcommand, in `table`. run() parses with it; the man-sync test
/// walks it (tests/cli/man_sync_test.cpp).
void add_command_line(Cmd app, Globals& g, Table& table, std::string_view only = {}, bool commands = true);

}  // namespace tier::cli
