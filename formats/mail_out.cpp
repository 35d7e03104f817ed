#include "formats/mail_out.hpp"

#include <memory>

#include "core/error.hpp"
#include "core/mail.hpp"
#include "core/view.hpp"
#include "core/zone.hpp"
#include "formats/config_toml.hpp"
#include "formats/gmime.hpp"

namespace tier::formats {
namespace {

// A GObject reference we own: unreferenced once.
struct Unref {
  void operator()(void* p) const noexcept {
    if (p) gmime::api().g_object_unref(p);
  }
};
template <class T>
using Ref = std::unique_ptr<T, Unref>;

// A string GLib allocated for us.
struct GFree {
  void operator()(char* p) const noexcept { gmime::api().g_free(p); }
};
using GText = std::unique_ptr<char, GFree>;

std::string display_name(const Policy& p, const std::string& email) {
  const Agent* a = p.agent(email);
  return a ? a->name : std::string();
}

std::string who(const Policy& p, const std::string& email) {
  const std::string name = display_name(p, email);
  return name.empty() ? email : name + " <" + email + ">";
}

std::string group_text(const Ticket& t) {
  return t.group + " (tier " + std::to_string(t.tier) + ")";
}

std::string or_none(const std::string& s) { return s.empty() ? "(none)" : s; }

// "2026-11-24 09:00 EST": what a person reads in a body, in the store's
// time zone ([store] timezone), which the config's check has found.
std::string human_time(Time t, const Policy& p) {
  const std::optional<Zone> zone = Zone::find(p.timezone);
  return format_local(t, zone ? *zone : Zone::utc());
}

// The desk's name and address for From: notify.name, else the name in
// notify.from ("IT Help Desk <help@example.edu>"), else none.
std::pair<std::string, std::string> desk_mailbox(const Policy& p);

// The text, ending in exactly one newline.
std::string block(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text + "\n";
}

std::string agents_body(const Notice& n, const Ticket& t, const Policy& p, Time now) {
  const LogEntry& e = n.entry;
  const std::string actor = who(p, e.by);
  std::string head;
  switch (n.kind) {
    case NoticeKind::Created:
      head = actor + " created " + t.id + " in the queue of " + e.to + ".";
      break;
    case NoticeKind::Claimed: head = actor + " claimed " + t.id + "."; break;
    case NoticeKind::Released: head = actor + " released " + t.id + " back to the queue of " + t.group + "."; break;
    case NoticeKind::Assigned: head = actor + " assigned " + t.id + " to " + who(p, e.assignee) + "."; break;
    case NoticeKind::Escalated:
      head = e.assignee.empty() ? actor + " escalated " + t.id + " to the queue of " + e.to + "."
                                : actor + " escalated " + t.id + " straight back to " + who(p, e.assignee) + ".";
      break;
    case NoticeKind::HandedBack: head = actor + " handed " + t.id + " back to " + who(p, e.assignee) + "."; break;
    case NoticeKind::Commented:
      head = actor + (e.is_private() ? " wrote a private note on " : " wrote to the requester of ") + t.id + ".";
      if (lower(e.by) == lower(t.requester.email)) head = "The requester wrote about " + t.id + ".";
      break;
    case NoticeKind::Resolved: head = actor + " resolved " + t.id + "."; break;
    case NoticeKind::Reopened: head = actor + " reopened " + t.id + "."; break;
    case NoticeKind::Appointed:
      head = actor + " made an appointment for " + t.id + " with " + who(p, e.assignee) + ".";
      break;
    case NoticeKind::Overdue:
      head = t.id + " is overdue: its time to " + n.overdue + " ran out at " + human_time(e.at, p) + " (it is " +
             human_time(now, p) + ").";
      break;
    case NoticeKind::Voided:
      head = "Your " + std::string(to_string(e.event)) + " of " + t.id + " no longer applies: " + e.void_reason +
             (t.assignee.empty() ? std::string(".") : ". " + who(p, t.assignee) + " holds it now.");
      break;
    case NoticeKind::Acknowledged: break;
  }
  std::string body = head + "\n\n";
  auto row = [&](std::string_view key, const std::string& value) {
    body += "  " + std::string(key) + std::string(12 - key.size(), ' ') + value + "\n";
  };
  row("Title:", t.title);
  row("Status:", std::string(to_string(t.status)));
  row("Priority:", std::string(to_string(t.priority)));
  if (!t.category.empty()) row("Category:", t.category);
  row("Group:", group_text(t));
  row("Assignee:", or_none(t.assignee));
  row("Owner:", or_none(t.owner));
  std::string req = t.requester.name.empty() ? t.requester.email
                                             : t.requester.name + " <" + t.requester.email + ">";
  if (!t.requester.organization.empty()) req += " (" + t.requester.organization + ")";
  row("Requester:", req);
  if (t.appointment) {
    row("Appointment:", human_time(t.appointment->at, p) + ", " + t.appointment->place);
  }
  if (n.kind == NoticeKind::Escalated || (n.kind == NoticeKind::Created && !t.details.empty())) {
    body += "\n";
    for (auto name : Details::names()) {
      const std::string& v = *t.details.field(name);
      row(std::string(name) + ":", v.empty() ? "(not given)" : v);
    }
  }
  if (!e.text.empty() && n.kind != NoticeKind::Overdue) {
    std::string label = e.is_private() ? "Private note:" : e.event == Event::Create ? "Description:" : "To the requester:";
    if (e.event == Event::Resolve) label = "Resolution:";
    if (lower(e.by) == lower(t.requester.email)) label = "The requester wrote:";
    body += "\n" + label + "\n" + block(e.text);
  }
  if (!e.attachments.empty() && n.kind != NoticeKind::Overdue) {
    body += "\nAttached:\n";
    for (const auto& a : e.attachments) body += "  " + a.name + " (" + a.type + ", " + std::to_string(a.size) + " bytes)\n";
  }
  body += "\n-- \ntier show " + t.id + "\n";
  return body;
}

std::string requester_body(const Notice& n, const Ticket& t, const Policy& p,
                           const std::vector<Suggestion>& suggestions) {
  // Only what the requester may see reaches them, whatever the notice says.
  LogEntry e = n.entry;
  if (!requester_may_see(e)) {
    e.text.clear();
    e.attachments.clear();
  }
  std::string body = (t.requester.name.empty() ? std::string("Hello,") : "Hello " + t.requester.name + ",") + "\n\n";
  const std::string about = "your request " + t.id + ", \"" + t.title + "\"";
  switch (n.kind) {
    case NoticeKind::Acknowledged:
      body += "we have received your request \"" + t.title + "\". Its number is " + t.id +
              ".\nPlease keep [" + t.id + "] in the subject when you write to us about it.\n";
      if (!e.text.empty()) body += "\nYou wrote:\n" + block(e.text);
      if (!suggestions.empty()) {
        body += "\nThese articles of our knowledge base may already answer it:\n\n";
        for (const auto& s : suggestions) body += "  - " + s.title + "\n    " + s.url + "\n";
        body += "\nIf one of them solves the problem, reply to this message to tell us so.\n";
      }
      break;
    case NoticeKind::Commented:
      body += "there is news about " + about + ":\n\n" + block(e.text);
      if (e.pending) body += "\nWe are waiting for your answer: please reply to this message.\n";
      break;
    case NoticeKind::Resolved:
      body += about + " is resolved:\n\n" + block(e.text) +
              "\nIf the problem is not solved, reply to this message and we will reopen it.\n\n" +
              std::string(rating_invitation()) + "\n";
      break;
    case NoticeKind::Appointed:
      if (e.appointment)
        body += "an appointment is set for " + about + ":\n\n  When:   " + human_time(e.appointment->at, p) +
                "\n  Where:  " + e.appointment->place + "\n";
      break;
    default:
      body += "there is news about " + about + ".\n";
      break;
  }
  if (!e.attachments.empty()) {
    body += "\nAttached:\n";
    for (const auto& a : e.attachments) body += "  " + a.name + " (" + a.type + ", " + std::to_string(a.size) + " bytes)\n";
  }
  const std::string sign = desk_mailbox(p).first;
  body += "\n-- \n" + (sign.empty() ? std::string("The help desk") : sign) + "\n";
  return body;
}

bool all_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

// Lines longer than RFC 5322's 998 octets cannot go as 7bit.
bool short_lines(std::string_view s) {
  std::size_t len = 0;
  for (char c : s) {
    len = c == '\n' ? 0 : len + 1;
    if (len > 998) return false;
  }
  return true;
}

void add_mailbox(InternetAddressList* list, const std::string& name, const std::string& addr) {
  const gmime::Api& g = gmime::api();
  Ref<InternetAddress> ia(g.internet_address_mailbox_new(name.empty() ? nullptr : name.c_str(), addr.c_str()));
  if (!name.empty()) g.internet_address_set_charset(ia.get(), "utf-8");
  g.internet_address_list_add(list, ia.get());
}

// Splits "Name <addr>" into its parts; a bare address has no name.
std::pair<std::string, std::string> split_mailbox(std::string_view text) {
  const auto open = text.rfind('<');
  const auto close = text.rfind('>');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open)
    return {{}, std::string(text)};
  std::string name(text.substr(0, open));
  while (!name.empty() && name.back() == ' ') name.pop_back();
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
  return {name, std::string(text.substr(open + 1, close - open - 1))};
}

// The header's id without its angle brackets, as GMime takes it.
std::string bare_id(const std::string& id) {
  if (id.size() >= 2 && id.front() == '<' && id.back() == '>') return id.substr(1, id.size() - 2);
  return id;
}

std::pair<std::string, std::string> desk_mailbox(const Policy& p) {
  auto [name, addr] = split_mailbox(notify_from(p));
  if (!p.notify.name.empty()) name = p.notify.name;
  return {name, addr};
}

// A text/plain part in UTF-8: 7bit when it can go so, else quoted-printable.
Ref<GMimeTextPart> text_part(const std::string& body) {
  const gmime::Api& g = gmime::api();
  Ref<GMimeTextPart> part(g.g_mime_text_part_new_with_subtype("plain"));
  auto* mime_part = reinterpret_cast<GMimePart*>(part.get());
  {
    // The text goes in as UTF-8 bytes and stays so (set_text would pick
    // ISO-8859-1 for text that fits it).
    Ref<GMimeStream> stream(g.g_mime_stream_mem_new_with_buffer(body.data(), body.size()));
    Ref<GMimeDataWrapper> content(g.g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
    g.g_mime_part_set_content(mime_part, content.get());
  }
  g.g_mime_text_part_set_charset(part.get(), "utf-8");
  g.g_mime_part_set_content_encoding(mime_part, all_ascii(body) && short_lines(body)
                                                    ? GMIME_CONTENT_ENCODING_7BIT
                                                    : GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  return part;
}

// An attached file, in base64.
Ref<GMimePart> file_part(const Attachment& a, const std::string& bytes) {
  const gmime::Api& g = gmime::api();
  const auto slash = a.type.find('/');
  const std::string type = slash == std::string::npos ? "application" : a.type.substr(0, slash);
  const std::string subtype = slash == std::string::npos ? "octet-stream" : a.type.substr(slash + 1);
  Ref<GMimePart> part(g.g_mime_part_new_with_type(type.c_str(), subtype.c_str()));
  Ref<GMimeStream> stream(g.g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
  Ref<GMimeDataWrapper> content(g.g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
  g.g_mime_part_set_content(part.get(), content.get());
  g.g_mime_part_set_filename(part.get(), a.name.c_str());
  g.g_mime_part_set_content_encoding(part.get(), GMIME_CONTENT_ENCODING_BASE64);
  return part;
}

// The message as text, LF line ends.
std::string message_text(GMimeMessage* msg, const std::string& id) {
  const gmime::Api& g = gmime::api();
  GMimeFormatOptions* options = g.g_mime_format_options_new();
  g.g_mime_format_options_set_newline_format(options, GMIME_NEWLINE_FORMAT_UNIX);
  GText text(g.g_mime_object_to_string(reinterpret_cast<GMimeObject*>(msg), options));
  g.g_mime_format_options_free(options);
  if (!text) throw Error(Exit::Failure, "cannot render the message " + id);
  return text.get();
}

// From (the desk's name and address), Reply-To (its address) and Date.
void desk_headers(GMimeMessage* msg, const Policy& p, Time now) {
  const gmime::Api& g = gmime::api();
  const auto [from_name, from_addr] = desk_mailbox(p);
  add_mailbox(g.g_mime_message_get_from(msg), from_name, from_addr);
  add_mailbox(g.g_mime_message_get_reply_to(msg), from_name, from_addr);
  const std::int64_t ms = now.ms;
  const std::int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  GDateTime* date = g.g_date_time_new_from_unix_utc(secs);
  g.g_mime_message_set_date(msg, date);
  g.g_date_time_unref(date);
}

}  // namespace

bool valid_mailbox(std::string_view text) {
  const auto [name, addr] = split_mailbox(text);
  if (name.find_first_of("<>\"") != std::string::npos) return false;
  return looks_like_email(addr);
}

Mail render_notice(const Notice& n, const Ticket& t, const Policy& p, Time now, const FileLoader& files,
                   const std::vector<Suggestion>& suggestions) {
  const gmime::Api& g = gmime::api();
  const std::string domain = notify_domain(p);
  Mail mail;
  mail.message_id = message_id(t.id, n, domain);
  mail.to = n.to;

  Ref<GMimeMessage> msg(g.g_mime_message_new(TRUE));
  // GMime's classes derive by embedding: a pointer to an object is one to
  // its base classes too.
  auto* obj = reinterpret_cast<GMimeObject*>(msg.get());
  desk_headers(msg.get(), p, now);
  for (const auto& addr : n.to)
    add_mailbox(g.g_mime_message_get_to(msg.get()), n.audience == Audience::Agents ? display_name(p, addr) : t.requester.name,
                addr);
  const bool first = n.kind == NoticeKind::Created || n.kind == NoticeKind::Acknowledged;
  std::string subject = "[" + t.id + "] " + t.title;
  if (n.kind == NoticeKind::Overdue) subject = "[" + t.id + "] Overdue: " + t.title;
  else if (!first) subject = "Re: " + subject;
  g.g_mime_message_set_subject(msg.get(), subject.c_str(), "utf-8");
  g.g_mime_message_set_message_id(msg.get(), bare_id(mail.message_id).c_str());
  if (const Threading thread = threading(t.id, n, domain); !thread.in_reply_to.empty()) {
    g.g_mime_object_set_header(obj, "In-Reply-To", thread.in_reply_to.c_str(), nullptr);
    g.g_mime_object_set_header(obj, "References", thread.references.c_str(), nullptr);
  }
  g.g_mime_object_set_header(obj, "Auto-Submitted", "auto-generated", nullptr);
  g.g_mime_object_set_header(obj, "X-Tier-Ticket", t.id.c_str(), nullptr);

  const bool to_requester = n.audience == Audience::Requester;
  const std::string body = to_requester ? requester_body(n, t, p, suggestions) : agents_body(n, t, p, now);
  Ref<GMimeTextPart> text = text_part(body);
  // The files of a public entry go to the requester with the message; the
  // agents read them in the store. A private entry's never leave it.
  std::vector<Ref<GMimePart>> attached;
  if (to_requester && files && requester_may_see(n.entry))
    for (const auto& a : n.entry.attachments)
      if (std::optional<std::string> bytes = files(a)) attached.push_back(file_part(a, *bytes));
  if (attached.empty()) {
    g.g_mime_message_set_mime_part(msg.get(), reinterpret_cast<GMimeObject*>(text.get()));
  } else {
    Ref<GMimeMultipart> mixed(g.g_mime_multipart_new_with_subtype("mixed"));
    g.g_mime_multipart_add(mixed.get(), reinterpret_cast<GMimeObject*>(text.get()));
    for (const auto& part : attached) g.g_mime_multipart_add(mixed.get(), reinterpret_cast<GMimeObject*>(part.get()));
    g.g_mime_message_set_mime_part(msg.get(), reinterpret_cast<GMimeObject*>(mixed.get()));
  }
  mail.text = message_text(msg.get(), mail.message_id);
  return mail;
}

std::vector<Mail> render_change(const Ticket& before, const Ticket& after, const LogEntry& entry,
                                const Policy& policy, const FileLoader& files, std::optional<Time> now,
                                const std::vector<Suggestion>& suggestions) {
  std::vector<Mail> out;
  for (const Notice& n : notices(before, after, entry, policy))
    out.push_back(render_notice(n, after, policy, now.value_or(entry.at), files,
                                n.kind == NoticeKind::Acknowledged ? suggestions : std::vector<Suggestion>{}));
  return out;
}

Mail render_refusal(const Policy& p, const std::string& to, const std::string& name, const std::string& subject,
                    const std::string& their_id, const std::string& reason, Time now) {
  const gmime::Api& g = gmime::api();
  Mail mail;
  mail.message_id = "<refused." + std::to_string(now.ms) + "." + fnv1a64_hex(to + "\x1f" + their_id) + "@" +
                    notify_domain(p) + ">";
  mail.to = {to};
  Ref<GMimeMessage> msg(g.g_mime_message_new(TRUE));
  auto* obj = reinterpret_cast<GMimeObject*>(msg.get());
  desk_headers(msg.get(), p, now);
  add_mailbox(g.g_mime_message_get_to(msg.get()), name, to);
  std::string line = subject.empty() ? std::string("your message") : subject;
  if (line.size() > 200) line.resize(200);
  g.g_mime_message_set_subject(msg.get(), ("Re: " + line).c_str(), "utf-8");
  g.g_mime_message_set_message_id(msg.get(), bare_id(mail.message_id).c_str());
  if (valid_message_id(their_id)) {
    const std::string theirs = "<" + their_id + ">";
    g.g_mime_object_set_header(obj, "In-Reply-To", theirs.c_str(), nullptr);
    g.g_mime_object_set_header(obj, "References", theirs.c_str(), nullptr);
  }
  // An answer to a message: RFC 3834's mark, so that no program answers it.
  g.g_mime_object_set_header(obj, "Auto-Submitted", "auto-replied", nullptr);
  const std::string desk = desk_mailbox(p).first;
  const std::string body = (name.empty() ? std::string("Hello,") : "Hello " + name + ",") +
                           "\n\nthank you for your message \"" + line + "\". The help desk could not take it in:\n\n  " +
                           reason +
                           "\n\nThis is an automatic answer, sent at most once a day to one address.\n\n-- \n" +
                           (desk.empty() ? std::string("The help desk") : desk) + "\n";
  Ref<GMimeTextPart> text = text_part(body);
  g.g_mime_message_set_mime_part(msg.get(), reinterpret_cast<GMimeObject*>(text.get()));
  mail.text = message_text(msg.get(), mail.message_id);
  return mail;
}

namespace {

Ref<GMimeMessage> parse_message(std::string_view text) {
  const gmime::Api& g = gmime::api();
  Ref<GMimeStream> stream(g.g_mime_stream_mem_new_with_buffer(text.data(), text.size()));
  Ref<GMimeParser> parser(g.g_mime_parser_new_with_stream(stream.get()));
  return Ref<GMimeMessage>(g.g_mime_parser_construct_message(parser.get(), nullptr));
}

}  // namespace

MailSummary summarize_mail(std::string_view text) {
  MailSummary s;
  Ref<GMimeMessage> msg = parse_message(text);
  if (!msg) return s;
  const gmime::Api& g = gmime::api();
  if (const char* id = g.g_mime_message_get_message_id(msg.get())) s.message_id = "<" + std::string(id) + ">";
  if (const char* subject = g.g_mime_message_get_subject(msg.get())) s.subject = subject;
  InternetAddressList* to = g.g_mime_message_get_to(msg.get());
  for (int i = 0, n = g.internet_address_list_length(to); i < n; ++i) {
    InternetAddress* ia = g.internet_address_list_get_address(to, i);
    if (gmime::is_a(g, ia, g.internet_address_mailbox_get_type()))
      s.to.emplace_back(g.internet_address_mailbox_get_addr(reinterpret_cast<InternetAddressMailbox*>(ia)));
  }
  return s;
}

std::string mail_body(std::string_view text) {
  Ref<GMimeMessage> msg = parse_message(text);
  if (!msg) return {};
  const gmime::Api& g = gmime::api();
  GMimeObject* body = g.g_mime_message_get_mime_part(msg.get());
  if (!body || !gmime::is_a(g, body, g.g_mime_text_part_get_type())) return {};
  GText decoded(g.g_mime_text_part_get_text(reinterpret_cast<GMimeTextPart*>(body)));
  return decoded ? std::string(decoded.get()) : std::string();
}

}  // namespace tier::formats
