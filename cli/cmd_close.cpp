#include <algorithm>

#include "cli/change.hpp"
#include "cli/commands.hpp"
#include "core/workflow.hpp"
#include "formats/ticket_json.hpp"

namespace tier::cli {
namespace {

struct CloseArgs {
  std::vector<std::string> ids;
  std::string resolved_before;
};

int run_close(Context& ctx, const CloseArgs& a) {
  store::Store& st = ctx.store();
  if (a.ids.empty() == a.resolved_before.empty())
    throw Error(Exit::Usage, "close takes ticket ids or --resolved-before, one of the two",
                "for cron: tier close --resolved-before 7d");
  std::vector<std::string> ids;
  if (!a.resolved_before.empty()) {
    const Time cutoff = time_option(ctx, a.resolved_before, "--resolved-before", Lean::Back);
    std::vector<store::Problem> problems;
    for (const Header& h : st.headers(problems, {{Status::Resolved}, {}}))
      if (h.status == Status::Resolved && h.updated <= cutoff) ids.push_back(h.id);
  } else {
    for (const auto& input : a.ids) {
      std::string id = st.resolve(input);
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
    }
  }
  if (ids.empty()) {
    if (ctx.out().json()) ctx.out().json_value(nlohmann::json::array());
    return 0;
  }
  // One batch: every close through the same rules, one commit. Named
  // tickets close all or none; of those found by age, one reopened
  // meanwhile is left out.
  const hooks::Result r = hooks::make_changes(
      ctx.session(),
      [&](store::Store& store) {
        std::vector<hooks::Planned> planned;
        planned.reserve(ids.size());
        for (const auto& id : ids)
          planned.push_back({store.load(id), simple_entry(Event::Close, ctx.agent(), ctx.now()), std::nullopt, {}});
        return planned;
      },
      {"close", {}, !a.resolved_before.empty(), false});
  for (const auto& skipped : r.skipped)
    ctx.out().warn(ids[skipped.index] + " is left open: " + skipped.refusal.message);
  std::vector<Ticket> after;
  after.reserve(r.made.size());
  for (const auto& m : r.made) after.push_back(m.after);
  if (ctx.out().json()) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& t : after) arr.push_back(formats::header_to_json(t));
    ctx.out().json_value(arr);
  } else {
    for (const auto& t : after) ctx.out().notice("closed " + t.id + ": " + t.title);
  }
  return 0;
}

}  // namespace

void add_close(Cmd app, Table& table) {
  auto a = std::make_shared<CloseArgs>();
  auto sub = app.add_subcommand("close", "close resolved tickets for good, in one commit");
  auto ids = sub.add_option("id", a->ids, "ticket ids or unique prefixes");
  sub.add_option("--resolved-before", a->resolved_before,
                  "every resolved ticket untouched for this long (7d, 36h) or since this time (monday)")
      .excludes(ids);
  table.add(sub, NeedsStore | Writes | PullsFirst, [a](Context& ctx) { return run_close(ctx, *a); });
}

}  // namespace tier::cli
