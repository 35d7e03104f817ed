#include <algorithm>
#include <filesystem>
#include <fstream>

#include "cli/change.hpp"
#include "cli/commands.hpp"

namespace tier::cli {
namespace {

struct AttachmentArgs {
  std::string id;
  std::vector<std::string> names;
  std::string output;
  bool force = false;
};

// The attachments of a ticket, once each by id, in log order: the last
// entry's name wins where a file was attached twice.
std::vector<Attachment> attachments_of(const Ticket& t) {
  std::vector<Attachment> out;
  for (const auto& e : t.log)
    for (const auto& a : e.attachments) {
      auto same = std::find_if(out.begin(), out.end(), [&](const Attachment& o) { return o.id == a.id; });
      if (same == out.end()) out.push_back(a);
      else *same = a;
    }
  return out;
}

void write_out(const std::string& path, const std::string& bytes, bool force) {
  std::error_code ec;
  if (!force && std::filesystem::exists(path, ec))
    throw Error(Exit::Conflict, "'" + path + "' exists", "give --force to overwrite it, or -o another path");
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), std::streamsize(bytes.size()));
  if (!out) throw Error(Exit::Failure, "cannot write '" + path + "'");
}

int run_attachment(Context& ctx, const AttachmentArgs& a) {
  store::Store& st = ctx.store();
  const Ticket t = load_named(ctx, a.id);
  const std::vector<Attachment> all = attachments_of(t);
  std::vector<Attachment> chosen;
  for (const auto& name : a.names) {
    auto it = std::find_if(all.begin(), all.end(), [&](const Attachment& x) { return x.name == name || x.id == name; });
    if (it == all.end()) throw Error(Exit::NotFound, "'" + t.id + "' has no attachment '" + name + "'");
    chosen.push_back(*it);
  }
  if (a.names.empty()) chosen = all;
  if (chosen.empty()) {
    if (ctx.out().json()) ctx.out().json_value(nlohmann::json::array());
    else ctx.out().notice("'" + t.id + "' has no attachment");
    return 0;
  }
  if (a.output == "-") {
    if (chosen.size() != 1) throw Error(Exit::Usage, "-o - writes one attachment to standard output; name it");
    const std::string bytes = st.file_bytes(attachment_path(chosen[0].id));
    std::fwrite(bytes.data(), 1, bytes.size(), stdout);
    return 0;
  }
  // Where each goes: -o FILE for one, -o DIR (or the current directory)
  // for several; a name from a ticket is a base name (the rules see to it),
  // never a path.
  std::error_code ec;
  const bool to_dir = a.output.empty() || std::filesystem::is_directory(a.output, ec) || chosen.size() > 1;
  nlohmann::json written = nlohmann::json::array();
  for (const auto& att : chosen) {
    const std::string base = std::filesystem::path(att.name).filename().string();
    const std::string path = to_dir ? (a.output.empty() ? base : (std::filesystem::path(a.output) / base).string())
                                    : a.output;
    write_out(path, st.file_bytes(attachment_path(att.id)), a.force);
    written.push_back({{"name", att.name}, {"type", att.type}, {"size", att.size}, {"path", path}});
    if (!ctx.out().json()) ctx.out().line(path);
  }
  if (ctx.out().json()) ctx.out().json_value(written);
  return 0;
}

}  // namespace

void add_attachment(Cmd app, Table& table) {
  auto a = std::make_shared<AttachmentArgs>();
  auto sub = app.add_subcommand("attachment", "write a ticket's attached files out");
  sub.add_option("id", a->id, "ticket id or unique prefix").required();
  sub.add_option("names", a->names, "the attachments, by name (default: all)");
  sub.add_option("-o,--output", a->output, "the file to write one to (- for standard output), or the directory")
      .type_name("PATH");
  sub.add_flag("--force", a->force, "overwrite files that exist");
  table.add(sub, NeedsStore, [a](Context& ctx) { return run_attachment(ctx, *a); });
}

}  // namespace tier::cli
