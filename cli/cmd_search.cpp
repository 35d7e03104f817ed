#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/filter_args.hpp"
#include "cli/options.hpp"
#include "core/policy.hpp"
#include "core/query.hpp"
#include "core/search.hpp"
#include "formats/ticket_json.hpp"

namespace tier::cli {
namespace {

struct SearchArgs {
  std::vector<std::string> words;
  FilterArgs filters;
  std::size_t limit = 20;
  std::string format = "table";
};

nlohmann::json hit_json(const store::SearchHit& hit) {
  nlohmann::json j = formats::header_to_json(hit.header);
  j["score"] = hit.score;
  j["snippet"] = plain_snippet(snippet_parts(hit.snippet));
  return j;
}

void print_hits(const Output& out, const std::vector<store::SearchHit>& hits, const std::string& format) {
  if (format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& h : hits) arr.push_back(hit_json(h));
    out.json_value(arr);
  } else if (format == "ndjson") {
    for (const auto& h : hits) out.line(hit_json(h).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  } else if (format == "ids") {
    for (const auto& h : hits) out.line(h.header.id);
  } else if (hits.empty()) {
    out.notice("no tickets match");
  } else {
    std::vector<std::vector<std::string>> cells;
    cells.reserve(hits.size());
    for (const auto& h : hits) {
      std::string match;
      for (const auto& part : snippet_parts(h.snippet))
        match += part.match ? out.paint(Style::Bold, part.text) : out.safe(part.text);
      cells.push_back({h.header.id, std::string(to_string(h.header.status)), h.header.group, h.header.title, match});
    }
    out.table({"ID", "STATUS", "GROUP", "TITLE", "MATCH"}, cells, {Style::Bold}, {4});
  }
}

int run_search(Context& ctx, const SearchArgs& a) {
  std::string text;
  for (const auto& w : a.words) text += (text.empty() ? "" : " ") + w;
  SearchQuery query = parse_search_query(text);
  // assignee:alice names an agent by short name, as --assignee does.
  for (auto* agents : {&query.filter.assignees, &query.filter.owners})
    for (auto& who : *agents)
      if (who.find('@') == std::string::npos) who = resolve_agent(ctx.store().policy(), who);
  const ListFilter options = to_filter(ctx, a.filters);
  merge_filters(query.filter, options);
  std::vector<store::Problem> problems;
  const auto hits = ctx.store().search(query, a.limit, problems);
  for (const auto& p : problems) ctx.out().warn(p.text());
  print_hits(ctx.out(), hits, ctx.out().json() ? "json" : a.format);
  return 0;
}

}  // namespace

void add_search(Cmd app, Table& table) {
  auto a = std::make_shared<SearchArgs>();
  auto sub = app.add_subcommand("search", "find tickets by the words in their title, template and log");
  sub.add_option("query", a->words, "words, \"phrases\" and field:value terms (see tier-search(1))").required();
  // One value a --status, so that the query's words after it stay words.
  add_filter_options(sub, a->filters).allow_extra_args(false);
  add_limit_option(sub, a->limit, "at most N tickets (default 20; 0: all)");
  sub.add_option("--format", a->format, "table, json, ndjson or ids")
      .one_of({"table", "json", "ndjson", "ids"});
  table.add(sub, NeedsStore, [a](Context& ctx) { return run_search(ctx, *a); });
}

}  // namespace tier::cli
