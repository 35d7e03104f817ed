#include "cli/change.hpp"

#include "core/workflow.hpp"
#include "formats/ticket_json.hpp"

namespace tier::cli {

Ticket change(Context& ctx, const Ticket& before, const LogEntry& entry) {
  store::Store& st = ctx.store();
  Ticket after = require(apply(before, entry, st.policy()));
  st.commit({&after}, to_string(entry.event), ctx.author());
  return after;
}

void report(Context& ctx, const Ticket& after, const std::string& notice) {
  if (ctx.out().json()) ctx.out().json_value(formats::ticket_to_json(after));
  else ctx.out().notice(notice);
}

Ticket blank_ticket(std::string id) {
  Ticket t;
  t.id = std::move(id);
  return t;
}

Ticket load_named(Context& ctx, const std::string& input) {
  store::Store& st = ctx.store();
  return st.load(st.resolve(input));
}

}  // namespace tier::cli
