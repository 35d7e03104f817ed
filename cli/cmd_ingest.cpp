#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

#include "cli/change.hpp"
#include "cli/commands.hpp"
#include "core/text.hpp"
#include "core/workflow.hpp"
#include "formats/mail_in.hpp"
#include "formats/ticket_json.hpp"

namespace tier::cli {
namespace {

namespace fs = std::filesystem;

struct IngestArgs {
  std::string maildir;
  std::string max_size = "10M";
};

// What one message did: "created", "commented", "reopened" (ticket set), or
// "ignored" (why set).
struct Handled {
  std::string action;
  Ticket ticket;
  std::string why;
};

// "10485760", "512K", "10M": bytes, in powers of 1024.
std::size_t parse_size(const std::string& text) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  const std::string unit = text.substr(digits);
  std::size_t scale = 0;
  if (unit.empty()) scale = 1;
  else if (unit == "k" || unit == "K") scale = 1024;
  else if (unit == "m" || unit == "M") scale = 1024 * 1024;
  if (digits == 0 || digits > 12 || scale == 0)
    throw Error(Exit::Usage, "--max-size is a number of bytes, with K or M for KiB or MiB, not '" + text + "'");
  return std::stoull(text.substr(0, digits)) * scale;
}

Error too_large(std::size_t limit) {
  return Error(Exit::Invalid, "the message is larger than " + std::to_string(limit) + " bytes",
               "a larger limit is set with --max-size");
}

// One message, start to end: parse, break loops, then a reply to its ticket
// or a new ticket, each one change() by the requester the mail is from.
Handled ingest(Context& ctx, std::string_view bytes, std::size_t limit) {
  if (bytes.size() > limit) throw too_large(limit);
  store::Store& st = ctx.store();
  const Policy& policy = st.policy();
  const formats::MailIn mail = formats::parse_mail(bytes, policy.prefix);
  if (std::string why = formats::loop_reason(mail, policy.notify.from); !why.empty())
    return {"ignored", {}, std::move(why)};
  const std::string text = clean_text(formats::strip_reply(mail.body));
  ctx.act_as(mail.from_email, mail.from_name);
  // The freshest tickets first; the dispatcher left the pull to here, where
  // there is someone to make it as.
  if (ctx.session().sync) hooks::pull_first(ctx.session());
  if (!mail.ticket_id.empty()) {
    const std::string id = st.resolve(mail.ticket_id);
    if (mail.from_name.empty()) ctx.act_as(mail.from_email, st.load(id).requester.name);
    const Ticket after = change(ctx, id, [&](const Ticket& before) {
      auto made = reply_entry(before, mail.from_email, text, ctx.now());
      if (const auto* r = std::get_if<Refusal>(&made)) throw to_error(*r);
      return std::get<LogEntry>(made);
    });
    return {after.log.back().event == Event::Reopen ? "reopened" : "commented", after, {}};
  }
  CreateRequest request;
  // A subject is one line of text as a title must be: control characters become spaces.
  request.title = mail.subject.empty() ? "(no subject)" : clean_line(mail.subject);
  request.email = mail.from_email;
  request.name = mail.from_name;
  request.text = text;
  request.message_id = mail.message_id;
  return {"created", create_ticket(ctx, request), {}};
}

std::string read_stdin(std::size_t limit) {
  std::string bytes;
  char buf[65536];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) {
    bytes.append(buf, n);
    if (bytes.size() > limit) throw too_large(limit);
  }
  if (std::ferror(stdin)) throw Error(Exit::Failure, "cannot read the message from standard input");
  return bytes;
}

std::string read_file(const fs::path& path, std::size_t limit) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (!ec && size > limit) throw too_large(limit);
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) throw Error(Exit::Failure, "cannot read '" + path.string() + "'");
  if (bytes.size() > limit) throw too_large(limit);
  return bytes;
}

// `file` names the message in a maildir, else empty.
void print_handled(Context& ctx, const Handled& h, const std::string& file = {}) {
  const Output& out = ctx.out();
  if (h.action == "ignored") {
    out.notice("ignored " + (file.empty() ? std::string("the message") : "'" + file + "'") + ": " + h.why);
    return;
  }
  out.line(h.ticket.id);
  if (!out.stdout_is_tty()) return;
  if (h.action == "created")
    out.notice("created " + h.ticket.id + " in " + h.ticket.group + " (tier " + std::to_string(h.ticket.tier) + ")");
  else if (h.action == "reopened")
    out.notice("reopened " + h.ticket.id + " for " + h.ticket.assignee);
  else
    out.notice("comment added to " + h.ticket.id);
}

nlohmann::json handled_json(const Handled& h) {
  nlohmann::json j = {{"action", h.action}};
  if (h.action == "ignored") j["reason"] = h.why;
  else j["ticket"] = formats::ticket_to_json(h.ticket);
  return j;
}

int run_one(Context& ctx, const IngestArgs& a) {
  const Handled h = ingest(ctx, read_stdin(parse_size(a.max_size)), parse_size(a.max_size));
  if (ctx.out().json()) ctx.out().json_value(handled_json(h));
  else print_handled(ctx, h);
  return 0;
}

// Every message in DIR/new, in name order: a handled one moves to DIR/cur
// as seen (":2,S"), a failed one stays where it is, its reason on stderr.
// The exit status is the largest of the failures', 0 when there is none.
int run_maildir(Context& ctx, const IngestArgs& a) {
  const std::size_t limit = parse_size(a.max_size);
  const fs::path dir = a.maildir;
  const fs::path inbox = dir / "new";
  const fs::path seen = dir / "cur";
  std::error_code ec;
  if (!fs::is_directory(inbox, ec))
    throw Error(Exit::NotFound, "no maildir at '" + a.maildir + "': '" + inbox.string() + "' is not a directory");
  fs::create_directories(seen, ec);
  if (ec) throw Error(Exit::Failure, "cannot make '" + seen.string() + "': " + ec.message());

  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(inbox, ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.empty() && name[0] != '.' && entry.is_regular_file()) names.push_back(name);
  }
  if (ec) throw Error(Exit::Failure, "cannot read '" + inbox.string() + "': " + ec.message());
  std::sort(names.begin(), names.end());

  int worst = 0;
  nlohmann::json results = nlohmann::json::array();
  for (const auto& name : names) {
    try {
      const Handled h = ingest(ctx, read_file(inbox / name, limit), limit);
      const fs::path to = seen / (name.substr(0, name.find(':')) + ":2,S");
      fs::rename(inbox / name, to, ec);
      if (ec)
        throw Error(Exit::Failure, "handled, but cannot move it to '" + to.string() + "': " + ec.message(),
                    {}, {});
      if (ctx.out().json()) {
        nlohmann::json j = handled_json(h);
        j["file"] = name;
        results.push_back(std::move(j));
      } else {
        print_handled(ctx, h, name);
      }
    } catch (const Error& e) {
      // One bad message must not hold up the others: this is the one place
      // below app.cpp that catches, to report it and go on.
      worst = std::max(worst, int(e.code()));
      if (ctx.out().json()) {
        nlohmann::json err = {{"code", int(e.code())}, {"message", e.what()}};
        if (!e.rule().empty()) err["rule"] = e.rule();
        results.push_back({{"file", name}, {"error", err}});
        std::fputs((nlohmann::json{{"file", name}, {"error", err}}.dump(-1, ' ', false,
                                                                         nlohmann::json::error_handler_t::replace) +
                    "\n")
                       .c_str(),
                   stderr);
      } else {
        std::fputs(("tier: error: " + visible(name + ": " + e.what()) + "\n").c_str(), stderr);
      }
    }
  }
  if (ctx.out().json()) ctx.out().json_value(results);
  return worst;
}

}  // namespace

void add_ingest(CLI::App& app, Table& table) {
  auto a = std::make_shared<IngestArgs>();
  auto* sub = app.add_subcommand("ingest", "turn a requester's mail into a new ticket or a reply; prints the id");
  sub->add_option("--maildir", a->maildir, "handle every message in DIR/new, moving each handled one to DIR/cur")
      ->type_name("DIR");
  sub->add_option("--max-size", a->max_size, "refuse a message larger than this (bytes, or with K or M; 10M)")
      ->type_name("SIZE");
  table.add(sub, NeedsStore | Writes, [a](Context& ctx) {
    return a->maildir.empty() ? run_one(ctx, *a) : run_maildir(ctx, *a);
  });
}

}  // namespace tier::cli
