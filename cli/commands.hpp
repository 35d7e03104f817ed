#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

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
  void add(CLI::App* sub, unsigned flags, Runner run) { entries_.push_back({sub, flags, std::move(run)}); }
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
void add_commands(CLI::App& app, Table& table, std::string_view only = {});

void add_init(CLI::App& app, Table& table);
void add_create(CLI::App& app, Table& table);
void add_show(CLI::App& app, Table& table);
void add_log(CLI::App& app, Table& table);
void add_attachment(CLI::App& app, Table& table);
void add_list(CLI::App& app, Table& table);
void add_comment(CLI::App& app, Table& table);
void add_note(CLI::App& app, Table& table);
void add_queue(CLI::App& app, Table& table);
void add_day(CLI::App& app, Table& table);
void add_search(CLI::App& app, Table& table);
void add_claim(CLI::App& app, Table& table);
void add_release(CLI::App& app, Table& table);
void add_assign(CLI::App& app, Table& table);
void add_escalate(CLI::App& app, Table& table);
void add_handback(CLI::App& app, Table& table);
void add_resolve(CLI::App& app, Table& table);
void add_reopen(CLI::App& app, Table& table);
void add_close(CLI::App& app, Table& table);
void add_appoint(CLI::App& app, Table& table);
void add_edit(CLI::App& app, Table& table);
void add_rate(CLI::App& app, Table& table);
void add_ingest(CLI::App& app, Table& table);
void add_check(CLI::App& app, Table& table);
void add_sync(CLI::App& app, Table& table);
void add_merge_driver(CLI::App& app, Table& table);
void add_hooks(CLI::App& app, Table& table);
void add_hook(CLI::App& app, Table& table);
void add_demo(CLI::App& app, Table& table);
void add_notify(CLI::App& app, Table& table);

void add_completion(CLI::App& app, Table& table);
void add_help(CLI::App& app, Table& table);

/// The hint for an unknown command `word`: "did you mean 'NAME'?" for the
/// closest of `names` (at most two typos away), else "see 'tier --help'".
std::string unknown_command_hint(const std::vector<std::string>& names, const std::string& word);
void add_export(CLI::App& app, Table& table);
void add_import(CLI::App& app, Table& table);
void add_stats(CLI::App& app, Table& table);
void add_report(CLI::App& app, Table& table);
void add_overdue(CLI::App& app, Table& table);
void add_kb(CLI::App& app, Table& table);

/// The whole command line of `tier`: the global options, bound to `g`, and
/// every subcommand, in `table`. run() parses with it; the man-sync test
/// walks it (tests/cli/man_sync_test.cpp).
void add_command_line(CLI::App& app, Globals& g, Table& table, std::string_view only = {}, bool commands = true);

}  // namespace tier::cli
