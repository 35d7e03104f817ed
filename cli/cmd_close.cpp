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
    const auto secs = parse_duration(a.resolved_before);
    if (!secs) throw Error(Exit::Usage, "'" + a.resolved_before + "' is not a duration", "for example 7d, 36h or 2w");
    const Time cutoff{ctx.now().ms - *secs * 1000};
    std::vector<store::Problem> problems;
    for (const Header& h : st.headers(problems, {{Status::Resolved}, {}}))
      if (h.status == Status::Resolved && h.updated <= cutoff) ids.push_back(h.id);
  } else {
    for (const auto& input : a.ids) ids.push_back(st.resolve(input));
  }
  std::vector<Ticket> after;
  after.reserve(ids.size());
  for (const auto& id : ids) {
    const Ticket before = st.load(id);
    after.push_back(require(apply(before, simple_entry(Event::Close, ctx.agent(), ctx.now()), st.policy())));
  }
  if (after.empty()) {
    if (ctx.out().json()) ctx.out().json_value(nlohmann::json::array());
    return 0;
  }
  std::vector<const Ticket*> changed;
  for (const auto& t : after) changed.push_back(&t);
  st.commit(changed, "close", ctx.author());
  share(ctx);
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

void add_close(CLI::App& app, Table& table) {
  auto a = std::make_shared<CloseArgs>();
  auto* sub = app.add_subcommand("close", "close resolved tickets for good, in one commit");
  auto* ids = sub->add_option("id", a->ids, "ticket ids or unique prefixes");
  sub->add_option("--resolved-before", a->resolved_before, "every resolved ticket untouched for this long (7d, 36h)")
      ->excludes(ids);
  table.add(sub, NeedsStore | Writes, [a](Context& ctx) { return run_close(ctx, *a); });
}

}  // namespace tier::cli
