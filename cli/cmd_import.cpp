#include <algorithm>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <unordered_set>

#include "cli/change.hpp"
#include "cli/commands.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "core/workflow.hpp"
#include "formats/csv.hpp"
#include "formats/import_map.hpp"
#include "formats/ticket_json.hpp"
#include "formats/ticket_toml.hpp"

namespace tier::cli {
namespace {

struct ImportArgs {
  std::string file;
  std::string format;
  std::string map;
  bool dry_run = false;
};

/// A row (a CSV record after the header, or an element of the JSON array;
/// both counted from 1) that is not imported, and why.
struct Refused {
  int row = 0;
  int line = 0;    ///< CSV: the line the record starts on
  std::string id;  ///< JSON: the ticket's id, when it could be read
  std::string rule;
  std::string message;
};

// What the file holds: the changes to make (CSV; a JSON import streams
// them), the row of each, and the rows refused before any rule of the store
// was asked.
struct Result {
  std::vector<hooks::Planned> planned;
  std::vector<Refused> rows;  ///< the row of each planned change
  std::vector<Refused> refused;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(Exit::NotFound, "cannot read '" + path + "'");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string q(std::string_view s) { return "'" + std::string(s) + "'"; }

// A JSON array as `tier export` writes it, as the plan of a streamed change
// (hooks::StreamPlan): each ticket read, checked on its own and handed to
// `take` as it comes; the file is never held in memory, nor the array as
// JSON (each element is dropped once read), nor the tickets. `r` gets the
// row of each change planned and the rows refused before any rule of the
// store was asked.
void import_json(store::Store& st, const std::string& path, Result& r,
                 const std::function<void(hooks::Planned&&)>& plan) {
  r = Result{};
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(Exit::NotFound, "cannot read '" + path + "'");
  const std::string& prefix = st.policy().prefix;
  std::unordered_set<std::string> seen;
  int row = 0;
  bool top_is_array = false, started = false;
  auto take = [&](const nlohmann::json& j) {
    ++row;
    Refused no;
    no.row = row;
    try {
      Ticket t = formats::ticket_from_json(j, path + ": ticket " + std::to_string(row));
      no.id = t.id;
      if (!is_valid_id(t.id, prefix)) {
        no.rule = rules::id_path;
        no.message = q(t.id) + " is not an id of this store: '" + prefix + "-' and 8 characters";
      } else if (formats::parse_ticket(formats::write_ticket(t), ticket_path(t.id)) != t) {
        no.rule = rules::malformed;
        no.message = q(t.id) + " does not survive its ticket file unchanged";
      } else if (seen.count(t.id)) {
        no.rule = rules::id_path;
        no.message = q(t.id) + " is in the file twice";
      } else if (st.exists(t.id)) {
        no.rule = rules::id_path;
        no.message = q(t.id) + " is already in the store";
      } else {
        // The history rules decide the rest, as the server would.
        seen.insert(t.id);
        r.rows.push_back(no);
        hooks::Planned p;
        p.before = blank_ticket(t.id);
        p.whole = std::move(t);
        plan(std::move(p));
        return;
      }
    } catch (const Error& e) {
      if (e.code() != Exit::Invalid) throw;
      no.rule = rules::malformed;
      no.message = e.what();
    }
    r.refused.push_back(std::move(no));
  };
  try {
    const nlohmann::json rest = nlohmann::json::parse(in, [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
      using E = nlohmann::json::parse_event_t;
      if (!started) {
        started = true;
        top_is_array = event == E::array_start;
      }
      if (!top_is_array || depth != 1) return true;
      if (event == E::object_end || event == E::array_end || event == E::value) {
        take(parsed);
        return false;  // read: drop it
      }
      return true;
    });
    (void)rest;  // the array, emptied of its elements
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    if (const auto p = what.find("] "); p != std::string::npos) what.erase(0, p + 2);
    throw Error(Exit::Invalid, path + ": not valid JSON: " + what);
  }
  if (!top_is_array) throw Error(Exit::Invalid, path + ": not a JSON array of tickets");
}

// Another help desk's CSV: each record a new ticket, through the same
// create_entry and apply() as `tier create`.
void import_csv(Context& ctx, const std::string& path, const std::string& text, const std::string& map_path,
                Result& r) {
  store::Store& st = ctx.store();
  const Policy& policy = st.policy();
  const formats::ImportMap map = formats::parse_import_map(read_file(map_path), map_path);
  const std::vector<formats::CsvRecord> records = formats::read_csv(text, path);
  if (records.empty()) throw Error(Exit::Invalid, path + ": no header row");
  const formats::BoundMap bound = formats::bind_import_map(map, records[0].fields, path);
  const std::size_t width = records[0].fields.size();
  for (std::size_t i = 1; i < records.size(); ++i)
    if (records[i].fields.size() != width)
      throw Error(Exit::Invalid, path + ":" + std::to_string(records[i].line) + ": the record has " +
                                     std::to_string(records[i].fields.size()) + " fields, the header " +
                                     std::to_string(width));
  const std::string agent = ctx.agent();
  for (std::size_t i = 1; i < records.size(); ++i) {
    Refused no;
    no.row = int(i);
    no.line = records[i].line;
    formats::MappedRow row = formats::map_row(bound, records[i].fields);
    if (row.problem.empty() && row.created && *row.created > ctx.now())
      row.problem = "created " + format_time(*row.created) + " is later than now";
    if (!row.problem.empty()) {
      no.rule = rules::valid_values;
      no.message = row.problem;
      r.refused.push_back(std::move(no));
      continue;
    }
    r.rows.push_back(no);
    r.planned.push_back({{}, create_entry(row.request, policy, agent, row.created.value_or(ctx.now())), std::nullopt, {}});
  }
}

bool ends_with(const std::string& s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

int run_import(Context& ctx, const ImportArgs& a) {
  std::string format = a.format;
  if (format.empty()) {
    const std::string name = lower(a.file);
    if (ends_with(name, ".json")) format = "json";
    else if (ends_with(name, ".csv")) format = "csv";
    else throw Error(Exit::Usage, "cannot tell the format of '" + a.file + "'", "name it .json or .csv, or give --format");
  }
  if (format == "csv" && a.map.empty())
    throw Error(Exit::Usage, "a CSV import needs a mapping file", "give --map MAP.toml; tier-import(1) describes it");
  if (format == "json" && !a.map.empty())
    throw Error(Exit::Usage, "--map is for CSV; a JSON import is whole tickets as 'tier export' writes them");

  store::Store& st = ctx.store();
  // Imports are made by agents: every row would be refused otherwise.
  if (!st.policy().is_agent(ctx.agent()))
    throw Error(Exit::Refused,
                "refused by rule 'unknown-agent': '" + ctx.agent() + "' is not an agent of this help desk",
                "set --agent, TIER_AGENT or git's user.email to an agent listed in .tier/config.toml",
                std::string(rules::unknown_agent));
  Result r;
  // Each ticket through the one way in; what the rules refuse is skipped
  // and reported, the rest is one commit.
  const hooks::Options options{"import", {}, true, a.dry_run};
  std::vector<std::string> accepted;
  std::vector<hooks::Skipped> skipped;
  if (format == "json") {
    // Streamed: a JSON import of 100,000 tickets holds one at a time.
    const hooks::StreamResult made = hooks::make_changes(
        ctx.session(),
        [&](store::Store& store, const std::function<void(hooks::Planned&&)>& take) {
          import_json(store, a.file, r, take);
        },
        options);
    accepted = made.made;
    skipped = made.skipped;
  } else {
    import_csv(ctx, a.file, read_file(a.file), a.map, r);
    if (!r.planned.empty()) {
      const hooks::Result made = hooks::make_changes(
          ctx.session(),
          [&](store::Store& store) {
            std::vector<hooks::Planned> planned = r.planned;
            std::set<std::string> ids;
            for (auto& p : planned) {
              std::string id = store.new_id();
              while (!ids.insert(id).second) id = store.new_id();
              p.before = blank_ticket(id);
            }
            return planned;
          },
          options);
      for (const auto& m : made.made) accepted.push_back(m.after.id);
      skipped = made.skipped;
    }
  }
  for (const auto& no : skipped) {
    Refused refused = r.rows[no.index];
    refused.rule = no.refusal.rule;
    refused.message = no.refusal.message;
    r.refused.push_back(std::move(refused));
  }
  std::sort(r.refused.begin(), r.refused.end(), [](const Refused& x, const Refused& y) { return x.row < y.row; });

  const std::size_t rows = accepted.size() + r.refused.size();
  if (ctx.out().json()) {
    nlohmann::json imported = nlohmann::json::array();
    for (const auto& id : accepted) imported.push_back(id);
    nlohmann::json refused = nlohmann::json::array();
    for (const auto& no : r.refused) {
      nlohmann::json j = {{"row", no.row}};
      if (no.line) j["line"] = no.line;
      if (!no.id.empty()) j["id"] = no.id;
      j["rule"] = no.rule;
      j["message"] = no.message;
      refused.push_back(std::move(j));
    }
    ctx.out().json_value({{"imported", imported}, {"refused", refused}});
    return r.refused.empty() ? 0 : int(Exit::Refused);
  }
  for (const auto& no : r.refused) {
    std::string where = a.file + (no.line ? ":" + std::to_string(no.line) : "") + ": " +
                        (format == "csv" ? "row " : "ticket ") + std::to_string(no.row);
    if (!no.id.empty()) where += " (" + no.id + ")";
    ctx.out().warn(where + ": refused by rule '" + no.rule + "': " + no.message);
  }
  if (!a.dry_run)
    for (const auto& id : accepted) ctx.out().line(id);
  const std::string n = std::to_string(accepted.size()) + (accepted.size() == 1 ? " ticket" : " tickets");
  if (r.refused.empty()) {
    ctx.out().notice(a.dry_run ? "would import " + n : rows ? "imported " + n + " in one commit" : "nothing to import");
    return 0;
  }
  throw Error(Exit::Refused,
              "refused " + std::to_string(r.refused.size()) + " of " + std::to_string(rows) + " rows; " +
                  (a.dry_run ? "would import " + n
                   : accepted.empty() ? "nothing is imported"
                                        : "imported the other " + n + " in one commit"),
              a.dry_run || accepted.empty() ? "" : "fix the refused rows and import them on their own");
}

}  // namespace

void add_import(Cmd app, Table& table) {
  auto a = std::make_shared<ImportArgs>();
  auto sub = app.add_subcommand("import", "add tickets from a JSON export or another help desk's CSV, in one commit");
  sub.add_option("file", a->file, "the file: a JSON array of tickets, or CSV").required();
  sub.add_option("--format", a->format, "json or csv (default: from the file's extension)")
      .one_of({"json", "csv"});
  sub.add_option("--map", a->map, "CSV: the mapping file (TOML) from its columns to ticket fields");
  sub.add_flag("-n,--dry-run", a->dry_run, "check every row and report, commit nothing");
  table.add(sub, NeedsStore | Writes | PullsFirst, [a](Context& ctx) { return run_import(ctx, *a); });
}

}  // namespace tier::cli
