#include <fmt/core.h>

#include "cli/commands.hpp"
#include "cli/filter_args.hpp"
#include "cli/options.hpp"
#include "cli/render.hpp"
#include "core/policy.hpp"
#include "core/query.hpp"

namespace tier::cli {
namespace {

struct ListArgs {
  FilterArgs filter;
  std::string sort = "created";
  std::size_t limit = 0;
  std::string format = "table";
};

int run_list(Context& ctx, const ListArgs& a) {
  return print_listing(ctx, to_filter(ctx, a.filter), a.sort, a.limit, a.format);
}

}  // namespace

int print_listing(Context& ctx, const ListFilter& filter, const std::string& sort, std::size_t limit,
                  const std::string& format) {
  std::vector<store::Problem> problems;
  std::vector<Header> rows = ctx.store().headers(problems, {filter.statuses, filter.group});
  std::erase_if(rows, [&](const Header& h) { return !matches(h, filter); });
  if (!sort_headers(rows, sort)) {
    std::string fields;
    for (const auto& f : sort_fields()) fields += (fields.empty() ? "" : ", ") + f;
    throw Error(Exit::Usage, "cannot sort by '" + sort + "'", "sort by one of " + fields);
  }
  if (limit && rows.size() > limit) rows.resize(limit);
  for (const auto& p : problems) ctx.out().warn(p.text());
  print_headers(ctx.out(), rows, ctx.out().json() ? "json" : format, ctx.now());
  return 0;
}

void add_list(CLI::App& app, Table& table) {
  auto a = std::make_shared<ListArgs>();
  auto* sub = app.add_subcommand("list", "list tickets, filtered and sorted");
  add_filter_options(sub, a->filter);
  sub->add_option("--sort", a->sort, "created, updated, priority, status, tier, group, assignee, id or title; -FIELD descends");
  add_limit_option(sub, a->limit, "at most N tickets (0: all)");
  sub->add_option("--format", a->format, "table, json, ndjson, csv or ids")
      ->check(CLI::IsMember({"table", "json", "ndjson", "csv", "ids"}));
  table.add(sub, NeedsStore, [a](Context& ctx) { return run_list(ctx, *a); });
}

}  // namespace tier::cli
