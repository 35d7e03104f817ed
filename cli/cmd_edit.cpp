#include <algorithm>

#include "cli/change.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "core/workflow.hpp"

namespace tier::cli {
namespace {

struct EditArgs {
  std::string id, title, priority, category;
  bool category_set = false;
  std::vector<std::string> tags;
  Details details;
};

int run_edit(Context& ctx, const EditArgs& a) {
  for (const auto& t : a.tags)
    if (t.size() < 2 || (t[0] != '+' && t[0] != '-'))
      throw Error(Exit::Usage, "'" + t + "' is not a tag change", "add a tag with --tag +T, remove one with --tag -T");
  if (a.title.empty() && a.priority.empty() && !a.category_set && a.tags.empty() && a.details.empty())
    throw Error(Exit::Usage, "nothing to edit", "see 'tier edit --help'");
  const Ticket after = change(ctx, ctx.store().resolve(a.id), [&](const Ticket& before) {
    LogEntry e = simple_entry(Event::Edit, ctx.agent(), ctx.now());
    if (!a.title.empty()) e.title = a.title;
    if (!a.priority.empty()) e.priority = parse_priority(a.priority);
    if (a.category_set) e.category = a.category;
    if (!a.tags.empty()) {
      std::vector<std::string> tags = before.tags;
      for (const auto& t : a.tags) {
        const std::string name = t.substr(1);
        std::erase(tags, name);
        if (t[0] == '+') tags.push_back(name);
      }
      e.tags = tags;
    }
    e.details = a.details;
    return e;
  });
  report(ctx, after, "edited " + after.id + ": " + after.title);
  return 0;
}

}  // namespace

void add_edit(Cmd app, Table& table) {
  auto a = std::make_shared<EditArgs>();
  auto sub = app.add_subcommand("edit", "change a ticket's title, priority, category, tags or details");
  sub.add_option("id", a->id, "ticket id or unique prefix").required();
  sub.add_option("--title", a->title, "a new title");
  add_priority_option(sub, a->priority);
  sub.add_option("--category", a->category, "a new category").each([a](const std::string&) { a->category_set = true; });
  sub.add_option("--tag", a->tags, "+TAG adds, -TAG removes (repeatable)").allow_extra_args(false);
  add_detail_options(sub, a->details);
  table.add(sub, NeedsStore | Writes | PullsFirst, [a](Context& ctx) { return run_edit(ctx, *a); });
}

}  // namespace tier::cli
