#include <fstream>
#include <sstream>

#include "cli/commands.hpp"
#include "core/merge.hpp"
#include "formats/ticket_toml.hpp"

namespace tier::cli {
namespace {

struct MergeArgs {
  std::string base, ours, theirs, path;
};

std::string slurp(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(Exit::NotFound, "cannot read '" + file + "'");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// git calls this for every ticket changed on both sides of a merge: %O %A %B
// %P. The result replaces %A; a non-zero exit leaves the file conflicted.
int run_merge_driver(Context& ctx, const MergeArgs& a) {
  const std::string name = a.path.empty() ? a.ours : a.path;
  const Ticket theirs = formats::parse_ticket(slurp(a.theirs), name);
  const Ticket ours = formats::parse_ticket(slurp(a.ours), name);
  const Merged m = merge_tickets(theirs, ours);
  for (const auto& e : m.voided)
    ctx.out().warn( m.ticket.id + ": the " + std::string(to_string(e.event)) + " by " + e.by +
                     " no longer applies and is kept as void: " + e.void_reason);
  const std::string text = formats::write_ticket(m.ticket);
  std::ofstream out(a.ours, std::ios::binary | std::ios::trunc);
  out.write(text.data(), std::streamsize(text.size()));
  if (!out) throw Error(Exit::Failure, "cannot write '" + a.ours + "'");
  return 0;
}

}  // namespace

void add_merge_driver(Cmd app, Table& table) {
  auto a = std::make_shared<MergeArgs>();
  auto sub = app.add_subcommand("merge-driver", "merge two versions of a ticket (git's merge driver: %O %A %B %P)");
  sub.add_option("base", a->base, "the common ancestor's version (%O)").required();
  sub.add_option("ours", a->ours, "our version, replaced by the result (%A)").required();
  sub.add_option("theirs", a->theirs, "their version (%B)").required();
  sub.add_option("path", a->path, "the ticket's path in the store (%P)");
  table.add(sub, NoStore, [a](Context& ctx) { return run_merge_driver(ctx, *a); });
}

}  // namespace tier::cli
