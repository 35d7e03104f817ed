#include "cli/change.hpp"

#include "formats/ticket_json.hpp"

namespace tier::cli {

Ticket change(Context& ctx, const std::string& id, const std::function<LogEntry(const Ticket&)>& make,
              const std::vector<std::string>& files) {
  const hooks::Result r = hooks::make_changes(
      ctx.session(),
      [&](store::Store& st) {
        Ticket before = st.load(id);
        LogEntry e = make(before);
        return std::vector<hooks::Planned>{{std::move(before), std::move(e), std::nullopt, files}};
      },
      {});
  return r.made.front().after;
}

Ticket blank_ticket(std::string id) {
  Ticket t;
  t.id = std::move(id);
  return t;
}

Ticket create_ticket(Context& ctx, const CreateRequest& request, const std::vector<std::string>& files,
                     const std::string& id) {
  const hooks::Result r = hooks::make_changes(
      ctx.session(),
      [&](store::Store& st) {
        return std::vector<hooks::Planned>{{blank_ticket(id.empty() ? st.new_id() : id),
                                            create_entry(request, st.policy(), ctx.agent(), ctx.now()), std::nullopt,
                                            files}};
      },
      {});
  return r.made.front().after;
}

void report(Context& ctx, const Ticket& after, const std::string& notice) {
  if (ctx.out().json()) ctx.out().json_value(formats::ticket_to_json(after));
  else ctx.out().notice(notice);
}

Ticket load_named(Context& ctx, const std::string& input) {
  store::Store& st = ctx.store();
  return st.load(st.resolve(input));
}

}  // namespace tier::cli
