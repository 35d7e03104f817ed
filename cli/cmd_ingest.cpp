#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

#include "cli/attach.hpp"
#include "cli/change.hpp"
#include "cli/commands.hpp"
#include "core/mail.hpp"
#include "core/notify.hpp"
#include "core/text.hpp"
#include "core/workflow.hpp"
#include "hooks/notify.hpp"
#include "formats/mail_in.hpp"
#include "formats/ticket_json.hpp"

namespace tier::cli {
namespace {

namespace fs = std::filesystem;

struct IngestArgs {
  std::string maildir;
  std::string refused;
  std::string max_size;  // empty: max_size()
};

// What one message did: "created", "commented", "reopened", "rated",
// "duplicate" (ticket set), or "ignored" (why set).
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

// The files of a mail as an entry's attachments, and their bytes.
Attached attach_files(const std::vector<formats::MailFile>& files) {
  Attached out;
  for (const auto& f : files) {
    Attachment a;
    a.name = f.name;
    a.type = valid_media_type(f.type) ? f.type : guess_media_type(f.name);
    a.size = f.bytes.size();
    a.id = store::Store::blob_id(f.bytes);
    out.list.push_back(std::move(a));
    out.bytes.push_back(f.bytes);
  }
  return out;
}

// The ticket the mail answers (thread_candidates(), tier-ingest(1)), or
// nullopt for a new ticket. A tag that names no ticket is an error when
// nothing else matched, as it always was.
std::optional<Ticket> answered(store::Store& st, const formats::MailIn& mail) {
  const Policy& policy = st.policy();
  for (const auto& c : thread_candidates(mail.references, mail.ticket_id, policy.prefix, notify_domain(policy))) {
    if (!st.exists(c.ticket)) continue;
    Ticket t = st.load(c.ticket);
    if (!c.received.empty() && !records_message(t, c.received)) continue;
    return t;
  }
  if (!mail.ticket_id.empty()) return st.load(st.resolve(mail.ticket_id));
  return std::nullopt;
}

// One message, start to end: parse, break loops, find the ticket it
// answers, then a rating, a reply or a new ticket, each one change() by the
// requester the mail is from. A message the store already records is a
// duplicate and changes nothing.
Handled ingest(Context& ctx, std::string_view bytes, std::size_t limit) {
  if (bytes.size() > limit) throw too_large(limit);
  store::Store& st = ctx.store();
  const Policy& policy = st.policy();
  const formats::MailIn mail = formats::parse_mail(bytes, policy.prefix);
  if (std::string why = formats::loop_reason(mail, policy.notify.from); !why.empty())
    return {"ignored", {}, std::move(why)};
  std::string text = clean_text(formats::strip_reply(mail.body));
  const Attached files = attach_files(mail.files);
  const std::string message_id = valid_message_id(mail.message_id) ? mail.message_id : std::string();
  ctx.act_as(mail.from_email, mail.from_name);
  // The freshest tickets first; the dispatcher left the pull to here, where
  // there is someone to make it as.
  if (ctx.session().sync) hooks::pull_first(ctx.session());
  if (std::optional<Ticket> found = answered(st, mail)) {
    if (records_message(*found, message_id)) return {"duplicate", std::move(*found), {}};
    if (mail.from_name.empty()) ctx.act_as(mail.from_email, found->requester.name);
    const bool done = found->status == Status::Resolved || found->status == Status::Closed;
    if (const auto score = done && files.list.empty() ? reply_rating(text, mail.subject) : std::nullopt) {
      // Only the requester may rate: apply() refuses anyone else.
      const Ticket after = change(ctx, found->id, [&](const Ticket&) {
        LogEntry e = simple_entry(Event::Rate, lower(mail.from_email), ctx.now());
        e.score = *score;
        e.message_id = message_id;
        return e;
      });
      return {"rated", after, {}};
    }
    // A message that is only files says so, for the requester's reply needs text.
    if (text.empty() && !files.list.empty()) {
      text = "(attached:";
      for (const auto& a : files.list) text += " " + a.name;
      text += ")";
    }
    const Ticket after = change(
        ctx, found->id,
        [&](const Ticket& before) {
          auto made = reply_entry(before, mail.from_email, text, ctx.now());
          if (const auto* r = std::get_if<Refusal>(&made)) throw to_error(*r);
          LogEntry e = std::get<LogEntry>(made);
          e.message_id = message_id;
          e.attachments = files.list;
          return e;
        },
        files.bytes);
    return {after.log.back().event == Event::Reopen ? "reopened" : "commented", after, {}};
  }
  // A new ticket is named by the message, so that the same message finds it
  // again; another ticket with that name (a one in a trillion chance) gives
  // way to a random one.
  std::string id;
  if (!message_id.empty()) {
    id = mail_ticket_id(policy.prefix, message_id);
    if (st.exists(id)) {
      Ticket seen = st.load(id);
      if (records_message(seen, message_id)) return {"duplicate", std::move(seen), {}};
      id.clear();
    }
  }
  CreateRequest request;
  // A subject is one line of text as a title must be: control characters become spaces.
  request.title = mail.subject.empty() ? "(no subject)" : clean_line(mail.subject);
  request.email = mail.from_email;
  request.name = mail.from_name;
  request.text = text;
  request.message_id = message_id;
  request.attachments = files.list;
  return {"created", create_ticket(ctx, request, files.bytes, id), {}};
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

// `file` names the message in a maildir, else empty. With -q, nothing.
void print_handled(Context& ctx, const Handled& h, const std::string& file = {}) {
  const Output& out = ctx.out();
  if (out.quiet()) return;
  const std::string what = file.empty() ? std::string("the message") : "'" + file + "'";
  if (h.action == "ignored") {
    out.notice("ignored " + what + ": " + h.why);
    return;
  }
  out.line(h.ticket.id);
  if (!out.stdout_is_tty()) return;
  if (h.action == "created")
    out.notice("created " + h.ticket.id + " in " + h.ticket.group + " (tier " + std::to_string(h.ticket.tier) + ")");
  else if (h.action == "reopened")
    out.notice("reopened " + h.ticket.id + " for " + h.ticket.assignee);
  else if (h.action == "rated")
    out.notice("rated " + h.ticket.id + " " + std::to_string(h.ticket.csat.value_or(0)) + "/5 by its requester");
  else if (h.action == "duplicate")
    out.notice(what + " is in " + h.ticket.id + " already: nothing changed");
  else
    out.notice("comment added to " + h.ticket.id);
}

nlohmann::json handled_json(const Handled& h) {
  nlohmann::json j = {{"action", h.action}};
  if (h.action == "ignored") j["reason"] = h.why;
  else j["ticket"] = formats::ticket_to_json(h.ticket);
  return j;
}

// --max-size, else room for [limits] message in base64 and the text.
std::size_t max_size(Context& ctx, const IngestArgs& a) {
  if (!a.max_size.empty()) return parse_size(a.max_size);
  return ctx.store().policy().limits.message / 3 * 4 + (std::size_t{1} << 20);
}

int run_one(Context& ctx, const IngestArgs& a) {
  const std::size_t limit = max_size(ctx, a);
  const Handled h = ingest(ctx, read_stdin(limit), limit);
  if (ctx.out().json()) ctx.out().json_value(handled_json(h));
  else print_handled(ctx, h);
  return 0;
}

// Whether a failure is the message's own (not a message, a sender or a
// reply the rules refuse, too large): trying again would fail again.
bool refused(const Error& e) {
  return e.code() == Exit::NotFound || e.code() == Exit::Refused || e.code() == Exit::Invalid;
}

// The reason of a refusal as a header's value: one line of printable ASCII.
std::string header_value(const Error& e) {
  const std::string why = e.what();
  std::string out;
  for (char c : why) {
    if (out.size() >= 900) break;
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u >= 0x7f) ? ' ' : c;
  }
  return out;
}

// Moves a refused message to `refused`, its reason in an X-Tier-Refused
// header above the others.
void set_refused(const fs::path& from, const fs::path& refused, const std::string& name, const Error& e) {
  std::error_code ec;
  fs::create_directories(refused, ec);
  const fs::path to = refused / name;
  const fs::path tmp = refused / ("." + name + ".tmp");
  {
    std::ifstream in(from, std::ios::binary);
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << "X-Tier-Refused: " << header_value(e) << "\n" << in.rdbuf();
    out.flush();
    if (!out) throw Error(Exit::Failure, "refused (" + std::string(e.what()) + "), but cannot write '" + tmp.string() + "'");
  }
  fs::rename(tmp, to, ec);
  if (!ec) fs::remove(from, ec);
  if (ec)
    throw Error(Exit::Failure, "refused (" + std::string(e.what()) + "), but cannot move it to '" + to.string() +
                                   "': " + ec.message());
}

// The sender and subject of a refused message, for the polite reply, when
// it can be read and is not automatic.
void answer_refusal(Context& ctx, std::string_view bytes, const Error& e) {
  store::Store& st = ctx.store();
  const Policy& policy = st.policy();
  if (!policy.notify.refusal_reply) return;
  formats::MailIn mail;
  try {
    mail = formats::parse_mail(bytes, policy.prefix);
  } catch (const Error&) {
    return;  // no one to answer
  }
  if (!formats::loop_reason(mail, policy.notify.from).empty()) return;
  const store::Delivered d =
      hooks::deliver_refusal(st, mail.from_email, mail.from_name, mail.subject, mail.message_id, e.what(), ctx.now());
  if (!d.error.empty()) ctx.out().warn("the reply to a refused message is not sent: " + d.error);
}

// Every message in DIR/new, in name order: a handled one moves to DIR/cur
// as seen (":2,S"); a refused one to the refused folder with its reason,
// reported this once; one that failed otherwise (a store or a remote that
// did not answer) stays, to be tried again. The exit status is the largest
// of the failures', 0 when there is none.
int run_maildir(Context& ctx, const IngestArgs& a) {
  const std::size_t limit = max_size(ctx, a);
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
  const fs::path refused_dir = a.refused.empty() ? dir / "refused" : fs::path(a.refused);
  for (const auto& name : names) {
    std::string bytes;  // empty when it is too large to read
    try {
      bytes = read_file(inbox / name, limit);
      const Handled h = ingest(ctx, bytes, limit);
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
      if (refused(e)) {
        set_refused(inbox / name, refused_dir, name, e);
        answer_refusal(ctx, bytes, e);
      }
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

void add_ingest(Cmd app, Table& table) {
  auto a = std::make_shared<IngestArgs>();
  auto sub = app.add_subcommand("ingest", "turn a requester's mail into a new ticket or a reply; prints the id");
  sub.add_option("--maildir", a->maildir, "handle every message in DIR/new, moving each handled one to DIR/cur")
      .type_name("DIR");
  sub.add_option("--refused", a->refused, "with --maildir: move refused messages here (DIR/refused)")
      .type_name("DIR");
  sub.add_option("--max-size", a->max_size,
                  "refuse a message larger than this (bytes, or with K or M; [limits] message and a third)")
      .type_name("SIZE");
  table.add(sub, NeedsStore | Writes, [a](Context& ctx) {
    return a->maildir.empty() ? run_one(ctx, *a) : run_maildir(ctx, *a);
  });
}

}  // namespace tier::cli
