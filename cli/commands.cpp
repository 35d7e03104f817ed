#include "cli/commands.hpp"

namespace tier::cli {

void add_commands(CLI::App& app, Table& table) {
  add_init(app, table);
  add_create(app, table);
  add_list(app, table);
  add_show(app, table);
  add_log(app, table);
  add_comment(app, table);
  add_check(app, table);
  add_demo(app, table);
}

}  // namespace tier::cli
