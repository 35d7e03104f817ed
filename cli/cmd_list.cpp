#include <algorithm>
#include <deque>
#include <optional>
#include <vector>

#include <fmt/core.h>

#include "cli/commands.hpp"
#include "cli/filter_args.hpp"
#include "cli/options.hpp"
#include "cli/render.hpp"
#include "core/metrics.hpp"
#include "core/policy.hpp"
#include "core/query.hpp"

namespace tier::cli {
namespace {

struct ListArgs {
  FilterArgs filter;
  std::string sort = "left";
  std::size_t limit = 0;
  std::string format = "table";
};

int run_list(Context& ctx, const ListArgs& a) {
  return print_listing(ctx, to_filter(ctx, a.filter), a.sort, a.limit, a.format, Layout::List);
}

}  // namespace

int print_listing(Context& ctx, const ListFilter& filter, const std::string& sort, std::size_t limit,
                  const std::string& format, Layout layout) {
  const auto& sorts = list_sort_keys();
  if (sort.empty() || std::find(sorts.begin(), sorts.end(), sort[0] == '-' ? sort.substr(1) : sort) == sorts.end()) {
    std::string names;
    for (const auto& f : sorts) names += (names.empty() ? "" : ", ") + f;
    throw Error(Exit::Usage, "cannot sort by '" + sort + "'", "sort by one of " + names);
  }
  const std::string shown = ctx.out().json() ? "json" : format;
  // The cache filters, sorts and limits; the rows stream from it to the
  // output, none held, and a table reads them twice (widths, then rows).
  // The time left comes from the cache's clock columns and the policy's
  // service levels; a list of ids needs it only to sort by it.
  using Fields = store::HeaderQuery::Fields;
  store::HeaderQuery query;
  query.filter = filter;
  query.sort = sort;
  query.limit = limit;
  query.fields = shown == "ids" ? Fields::Id : shown == "table" ? Fields::Table : Fields::All;
  // A config that cannot be read stops changes, never reading: the rows
  // then have no time left, and "left" sorts as "created".
  std::optional<Clocks> clocks;
  if (shown != "ids" || sort == "left" || sort == "-left") {
    try {
      clocks.emplace(ctx.store().policy());
      query.clocks = &*clocks;
      query.now = ctx.now();
    } catch (const Error& e) {
      if (e.code() != Exit::Invalid) throw;
      if (sort == "left" || sort == "-left") query.sort = "created";
    }
  }
  // A table reads its rows twice: up to `held_rows` of them are kept from
  // the first query for the second pass, so that a queue or a --limit is
  // sorted once; a longer listing is queried again, never held. A deque:
  // rows are added without moving those before them, and given back in
  // blocks.
  constexpr std::size_t held_rows = 12000;
  std::deque<store::ListRow> held;
  bool first = true, all_held = false;
  print_headers(
      ctx.out(),
      [&](const std::function<void(const store::ListRow&)>& row) {
        if (all_held) {
          for (const auto& r : held) row(r);
          return;
        }
        std::function<void(const store::Problem&)> warn;
        if (first) warn = [&](const store::Problem& p) { ctx.out().warn(p.text()); };
        bool overflow = !first || shown != "table";
        ctx.store().each_header(query, warn, [&](const store::ListRow& r) {
          if (!overflow) {
            if (held.size() < held_rows) {
              held.push_back(r);
            } else {
              overflow = true;
              std::deque<store::ListRow>().swap(held);
            }
          }
          row(r);
        });
        all_held = first && !overflow;
        first = false;
      },
      shown, ctx.now(), ctx.names_policy(), layout);
  return 0;
}

void add_list(Cmd app, Table& table) {
  auto a = std::make_shared<ListArgs>();
  auto sub = app.add_subcommand("list", "list tickets, filtered and sorted");
  add_filter_options(sub, a->filter);
  sub.add_option("--sort", a->sort,
                  "left (the default: the service-level time left, least first), age, created, updated, priority,"
                  " status, tier, group, assignee, id or title; -FIELD reverses");
  add_limit_option(sub, a->limit, "at most N tickets (0: all)");
  sub.add_option("--format", a->format, "table, json, ndjson, csv or ids")
      .one_of({"table", "json", "ndjson", "csv", "ids"});
  table.add(sub, NeedsStore, [a](Context& ctx) { return run_list(ctx, *a); });
}

}  // namespace tier::cli
