#include "cli/commands.hpp"

namespace tier::cli {

void add_commands(CLI::App& app, Table& table) {
  add_init(app, table);
  add_create(app, table);
  add_list(app, table);
  add_queue(app, table);
  add_search(app, table);
  add_show(app, table);
  add_log(app, table);
  add_claim(app, table);
  add_release(app, table);
  add_assign(app, table);
  add_comment(app, table);
  add_escalate(app, table);
  add_handback(app, table);
  add_resolve(app, table);
  add_reopen(app, table);
  add_close(app, table);
  add_appoint(app, table);
  add_edit(app, table);
  add_rate(app, table);
  add_ingest(app, table);
  add_stats(app, table);
  add_overdue(app, table);
  add_sync(app, table);
  add_check(app, table);
  add_hooks(app, table);
  add_hook(app, table);
  add_merge_driver(app, table);
  add_demo(app, table);
  add_notify(app, table);
  add_export(app, table);
  add_import(app, table);
  add_completion(app, table);
  add_help(app, table);
}

}  // namespace tier::cli
