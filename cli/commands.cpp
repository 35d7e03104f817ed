#include "cli/commands.hpp"

#include <algorithm>
#include <iterator>

namespace tier::cli {
namespace {

// A command's name on the command line, and the function that adds it.
struct Row {
  std::string_view name;
  void (*add)(Cmd, Table&);
};

// In `tier --help` order. add_completion adds `completion` and the hidden
// `__complete` alike.
constexpr Row rows[] = {
    {"init", add_init},
    {"create", add_create},
    {"list", add_list},
    {"queue", add_queue},
    {"day", add_day},
    {"search", add_search},
    {"show", add_show},
    {"log", add_log},
    {"attachment", add_attachment},
    {"claim", add_claim},
    {"release", add_release},
    {"assign", add_assign},
    {"comment", add_comment},
    {"note", add_note},
    {"escalate", add_escalate},
    {"handback", add_handback},
    {"resolve", add_resolve},
    {"reopen", add_reopen},
    {"close", add_close},
    {"appoint", add_appoint},
    {"edit", add_edit},
    {"rate", add_rate},
    {"ingest", add_ingest},
    {"stats", add_stats},
    {"report", add_report},
    {"overdue", add_overdue},
    {"kb", add_kb},
    {"sync", add_sync},
    {"check", add_check},
    {"hooks", add_hooks},
    {"hook", add_hook},
    {"merge-driver", add_merge_driver},
    {"demo", add_demo},
    {"notify", add_notify},
    {"export", add_export},
    {"import", add_import},
    {"completion", add_completion},
    {"__complete", add_completion},
    {"help", add_help},
};

}  // namespace

void add_commands(Cmd app, Table& table, std::string_view only) {
  // help and completion describe every command.
  const bool one = !only.empty() && only != "help" && only != "completion" &&
                   std::any_of(std::begin(rows), std::end(rows), [&](const Row& r) { return r.name == only; });
  void (*added)(Cmd, Table&) = nullptr;
  for (const Row& r : rows) {
    if (one ? r.name != only : r.add == added) continue;
    r.add(app, table);
    added = r.add;
  }
}

}  // namespace tier::cli
