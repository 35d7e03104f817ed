#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>

#include "cli/commands.hpp"
#include "core/metrics.hpp"
#include "core/view.hpp"
#include "cli/filter_args.hpp"
#include "cli/options.hpp"
#include "cli/render.hpp"
#include "core/policy.hpp"
#include "core/query.hpp"
#include "formats/csv.hpp"
#include "formats/ticket_json.hpp"
#include "formats/ticket_toml.hpp"

namespace tier::cli {
namespace {

// How much output is gathered before it is written.
constexpr std::size_t flush_at = 64 * 1024;

struct ExportArgs {
  std::string format = "json";
  std::string output;
  bool as_requester = false;
  bool metrics = false;
  FilterArgs filters;
};

/// Where the export goes: stdout, or a temporary file renamed to -o FILE
/// only when everything is written, so a failed export leaves no half file.
class Sink {
 public:
  explicit Sink(std::string path) : path_(std::move(path)) {
    if (path_.empty()) {
      file_ = stdout;
      return;
    }
    tmp_ = path_ + ".tmp";
    file_ = std::fopen(tmp_.c_str(), "wb");
    if (!file_) throw Error(Exit::Failure, "cannot write '" + tmp_ + "': " + std::strerror(errno));
  }
  ~Sink() {
    if (file_ && file_ != stdout) {
      std::fclose(file_);
      std::remove(tmp_.c_str());
    }
  }
  Sink(const Sink&) = delete;
  Sink& operator=(const Sink&) = delete;

  void write(std::string_view s) { std::fwrite(s.data(), 1, s.size(), file_); }

  void finish() {
    if (file_ == stdout) return;
    const bool failed = std::fflush(file_) != 0 || std::ferror(file_);
    std::fclose(file_);
    file_ = nullptr;
    std::error_code ec;
    if (!failed) std::filesystem::rename(tmp_, path_, ec);
    if (failed || ec) {
      std::remove(tmp_.c_str());
      throw Error(Exit::Failure, "cannot write '" + path_ + "'" + (ec ? ": " + ec.message() : ""));
    }
  }

 private:
  std::string path_, tmp_;
  std::FILE* file_ = nullptr;
};

int run_export(Context& ctx, ExportArgs a) {
  if (a.as_requester && a.format != "json")
    throw Error(Exit::Usage, "--as-requester is for --format json", "a CSV export holds no notes at all");
  if (a.metrics && a.format != "csv")
    throw Error(Exit::Usage, "--metrics is for --format csv", "the JSON export is the tickets whole, logs and all");
  const ListFilter filter = to_filter(ctx, a.filters);

  store::Store& st = ctx.store();
  Sink out(a.output);
  const bool csv = a.format == "csv";
  std::vector<store::Problem> problems;
  std::size_t count = 0;
  // Rows are written as they are made, through a buffer of a few pages: an
  // export holds one ticket at a time, whatever the size of the store.
  std::string buf;
  buf.reserve(2 * flush_at);
  const Clocks clocks(st.policy());
  if (csv) {
    std::vector<std::string> columns = formats::export_columns();
    if (a.metrics) columns.insert(columns.end(), formats::metrics_columns().begin(), formats::metrics_columns().end());
    buf += formats::csv_record(columns);
  } else {
    buf += "[";
  }
  // One ticket at a time, in the order of their paths: the export of a
  // store is the same text however often it is made.
  st.for_each_ticket_file([&](const std::string& path, std::string_view text) {
    if (path.size() < 5 || path.compare(path.size() - 5, 5, ".toml") != 0) return;
    try {
      if (csv) {
        const Header h = formats::parse_header(text, path);
        if (!matches(h, filter)) return;
        if (a.metrics) {
          // The figures of tier-stats(1), one ticket at a time, from its log.
          std::vector<std::string> fields = formats::export_fields(h);
          const Facts f = facts_of(formats::parse_ticket(text, path));
          for (auto& field : formats::metrics_fields(f, clocks.measure(f))) fields.push_back(std::move(field));
          buf += formats::csv_record(fields);
        } else {
          formats::append_export_record(buf, h);
        }
      } else {
        std::optional<Ticket> t;
        try {
          t = formats::parse_ticket(text, path);
        } catch (const Error& e) {
          if (e.code() != Exit::Invalid) throw;
          // A file the filters leave out is no problem of the export's,
          // if its header alone says so (its own error otherwise).
          if (!matches(formats::parse_header(text, path), filter)) return;
          throw;
        }
        if (!matches(*t, filter)) return;
        buf += count ? ",\n" : "\n";
        if (a.as_requester)
          buf += formats::requester_to_json(requester_view(*t))
                     .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        else
          formats::append_ticket_json(buf, *t);
      }
      ++count;
      if (buf.size() >= flush_at) {
        out.write(buf);
        buf.clear();
      }
    } catch (const Error& e) {
      if (e.code() != Exit::Invalid) throw;
      problems.push_back({path, 0, e.what()});
    }
  });
  out.write(buf);
  if (!csv) out.write(count ? "\n]\n" : "]\n");
  out.finish();
  for (const auto& p : problems) ctx.out().warn(p.message);
  if (!problems.empty())
    throw Error(Exit::Invalid,
                std::to_string(problems.size()) +
                    (problems.size() == 1 ? " ticket file could not be read and is"
                                          : " ticket files could not be read and are") +
                    " not in the export",
                "'tier check' lists what is wrong");
  if (!a.output.empty())
    ctx.out().notice("exported " + std::to_string(count) + (count == 1 ? " ticket" : " tickets") + " to " + a.output);
  return 0;
}

}  // namespace

void add_export(Cmd app, Table& table) {
  auto a = std::make_shared<ExportArgs>();
  auto sub = app.add_subcommand("export", "write every ticket (or those matching) as JSON or CSV");
  sub.add_option("--format", a->format, "json (whole tickets, the input of 'tier import') or csv (one row a ticket)")
      .one_of({"json", "csv"});
  sub.add_option("-o,--output", a->output, "write to this file instead of standard output");
  sub.add_flag("--as-requester", a->as_requester, "JSON as the requester may see it: no private note");
  sub.add_flag("--metrics", a->metrics, "CSV with each ticket's figures: response and resolution times, SLA met");
  add_filter_options(sub, a->filters);
  table.add(sub, NeedsStore, [a](Context& ctx) { return run_export(ctx, *a); });
}

}  // namespace tier::cli
