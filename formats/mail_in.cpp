#include "formats/mail_in.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/policy.hpp"
#include "formats/gmime.hpp"

namespace tier::formats {
namespace {

// GMime's objects are GObjects: one reference each, dropped with the handle.
struct Unref {
  void operator()(void* p) const noexcept {
    if (p) gmime::api().g_object_unref(p);
  }
};
template <class T>
using GHandle = std::unique_ptr<T, Unref>;

struct GFree {
  void operator()(char* p) const noexcept { gmime::api().g_free(p); }
};
using GString = std::unique_ptr<char, GFree>;

struct OptionsFree {
  void operator()(GMimeParserOptions* p) const noexcept { gmime::api().g_mime_parser_options_free(p); }
};

// What the parser found wrong that leaves no trustworthy message; lesser
// slips (8-bit headers, duplicated parameters) are everyday mail.
std::string_view broken(GMimeParserWarning w) {
  switch (w) {
    case GMIME_WARN_MALFORMED_MULTIPART: return "a multipart has no parts";
    case GMIME_WARN_INVALID_CONTENT_TYPE: return "a Content-Type is not valid";
    case GMIME_CRIT_CONFLICTING_HEADER: return "it has conflicting headers";
    case GMIME_CRIT_CONFLICTING_PARAMETER: return "it has conflicting header parameters";
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY: return "a multipart has no boundary";
    case GMIME_CRIT_NESTING_OVERFLOW: return "its parts are nested too deep";
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT: return "a part has neither headers nor content";
    default: return {};
  }
}

struct ParseProblems {
  std::string first;
};

void on_warning(gint64, GMimeParserWarning code, const gchar*, gpointer data) {
  auto* problems = static_cast<ParseProblems*>(data);
  if (problems->first.empty()) problems->first = std::string(broken(code));
}

std::string one_line(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = !out.empty();
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) continue;
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// Valid UTF-8, LF line ends, and no control characters but tab and newline.
std::string clean_text(const char* text) {
  if (!text) return {};
  GString valid(gmime::api().g_utf8_make_valid(text, -1));
  std::string out;
  for (const char* p = valid.get(); *p; ++p) {
    const char c = *p;
    if (c == '\r') {
      if (p[1] != '\n') out += '\n';
      continue;
    }
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') || c == 0x7f) continue;
    out += c;
  }
  return out;
}

std::string header(GMimeObject* object, const char* name) {
  const char* v = gmime::api().g_mime_object_get_header(object, name);
  return v ? one_line(v) : std::string();
}

// The first text/plain and text/html parts that are not attachments,
// depth first; attached messages and encrypted parts are not the body.
struct Bodies {
  GMimeTextPart* plain = nullptr;
  GMimeTextPart* html = nullptr;
  bool empty_multipart = false;
};

// GMime's classes derive by embedding: a pointer to an object is one to its
// base classes too, and the type checks come first.
void find_bodies(GMimeObject* object, Bodies& found) {
  const gmime::Api& g = gmime::api();
  if (gmime::is_a(g, object, g.g_mime_multipart_get_type())) {
    if (gmime::is_a(g, object, g.g_mime_multipart_encrypted_get_type())) return;
    auto* multipart = reinterpret_cast<GMimeMultipart*>(object);
    const int count = g.g_mime_multipart_get_count(multipart);
    if (count == 0) found.empty_multipart = true;
    for (int i = 0; i < count && !found.plain; ++i) find_bodies(g.g_mime_multipart_get_part(multipart, i), found);
    return;
  }
  if (!gmime::is_a(g, object, g.g_mime_text_part_get_type())) return;
  auto* text = reinterpret_cast<GMimeTextPart*>(object);
  if (g.g_mime_part_is_attachment(reinterpret_cast<GMimePart*>(object))) return;
  GMimeContentType* type = g.g_mime_object_get_content_type(object);
  if (!type || g.g_mime_content_type_is_type(type, "text", "plain")) {
    if (!found.plain) found.plain = text;
  } else if (g.g_mime_content_type_is_type(type, "text", "html")) {
    if (!found.html) found.html = text;
  }
}

// A file's name as a file system would take it: the last component of a
// path, on one line, at most 200 bytes (cut at a character), never "." or
// "..": else "attachment-N".
std::string file_name(const char* given, std::size_t n) {
  std::string name = given ? one_line(clean_text(given)) : std::string();
  if (const auto slash = name.find_last_of("/\\"); slash != std::string::npos) name.erase(0, slash + 1);
  if (name.size() > 200) {
    std::size_t cut = 200;
    while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xc0) == 0x80) --cut;
    name.resize(cut);
  }
  if (name.empty() || name == "." || name == "..") name = "attachment-" + std::to_string(n);
  return name;
}

constexpr std::size_t max_files = 100;

// Every leaf part but the body, depth first: the files of the message.
void find_files(GMimeObject* object, const Bodies& body, std::vector<MailFile>& out) {
  const gmime::Api& g = gmime::api();
  if (out.size() >= max_files) return;
  if (gmime::is_a(g, object, g.g_mime_multipart_get_type())) {
    auto* multipart = reinterpret_cast<GMimeMultipart*>(object);
    const int count = g.g_mime_multipart_get_count(multipart);
    for (int i = 0; i < count; ++i) find_files(g.g_mime_multipart_get_part(multipart, i), body, out);
    return;
  }
  if (gmime::is_a(g, object, g.g_mime_message_part_get_type())) {
    GMimeMessage* inner = g.g_mime_message_part_get_message(reinterpret_cast<GMimeMessagePart*>(object));
    if (!inner) return;
    GMimeFormatOptions* options = g.g_mime_format_options_new();
    g.g_mime_format_options_set_newline_format(options, GMIME_NEWLINE_FORMAT_UNIX);
    GString text(g.g_mime_object_to_string(reinterpret_cast<GMimeObject*>(inner), options));
    g.g_mime_format_options_free(options);
    if (text)
      out.push_back({"message-" + std::to_string(out.size() + 1) + ".eml", "message/rfc822", std::string(text.get())});
    return;
  }
  if (!gmime::is_a(g, object, g.g_mime_part_get_type())) return;
  if (object == reinterpret_cast<GMimeObject*>(body.plain) || object == reinterpret_cast<GMimeObject*>(body.html))
    return;
  auto* part = reinterpret_cast<GMimePart*>(object);
  const char* given = g.g_mime_part_get_filename(part);
  GMimeContentType* type = g.g_mime_object_get_content_type(object);
  // The other half of multipart/alternative is the body again, not a file.
  if ((!type || g.g_mime_content_type_is_type(type, "text", "*")) && !given && !g.g_mime_part_is_attachment(part))
    return;
  MailFile f;
  f.name = file_name(given, out.size() + 1);
  GString mime_type(type ? g.g_mime_content_type_get_mime_type(type) : nullptr);
  f.type = mime_type ? lower(one_line(mime_type.get())) : "application/octet-stream";
  if (GMimeDataWrapper* content = g.g_mime_part_get_content(part)) {
    GHandle<GMimeStream> stream(g.g_mime_stream_mem_new());
    g.g_mime_data_wrapper_write_to_stream(content, stream.get());
    const GByteArray* bytes = g.g_mime_stream_mem_get_byte_array(reinterpret_cast<GMimeStreamMem*>(stream.get()));
    if (bytes && bytes->len) f.bytes.assign(reinterpret_cast<const char*>(bytes->data), bytes->len);
  }
  out.push_back(std::move(f));
}

// The ids in In-Reply-To or References: "<a@b> <c@d>", comments and
// folding between them.
void add_ids(std::string_view text, std::vector<std::string>& out) {
  for (std::size_t i = 0; i < text.size() && out.size() < 100;) {
    const auto open = text.find('<', i);
    if (open == std::string_view::npos) break;
    const auto close = text.find('>', open + 1);
    if (close == std::string_view::npos) break;
    std::string id(text.substr(open + 1, close - open - 1));
    i = close + 1;
    if (id.empty() || id.size() > 250 || id.find_first_of(" \t<") != std::string::npos) continue;
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(std::move(id));
  }
}

std::string text_of(GMimeTextPart* part) {
  GString text(gmime::api().g_mime_text_part_get_text(part));
  return clean_text(text.get());
}

std::string machine_sent(GMimeObject* message) {
  const std::string submitted = lower(header(message, "Auto-Submitted"));
  if (!submitted.empty() && submitted != "no") return "Auto-Submitted: " + submitted;
  const std::string precedence = lower(header(message, "Precedence"));
  if (precedence == "bulk" || precedence == "junk" || precedence == "list") return "Precedence: " + precedence;
  for (const char* name : {"X-Autoreply", "X-Autorespond"})
    if (gmime::api().g_mime_object_get_header(message, name)) return std::string(name) + ": " + header(message, name);
  // A bounce comes from the null sender.
  if (const char* path = gmime::api().g_mime_object_get_header(message, "Return-Path"); path && one_line(path) == "<>")
    return "Return-Path: <>";
  return {};
}

// A code point in UTF-8; empty for one that is not a character (zero, a
// surrogate, or beyond U+10FFFF).
std::string utf8(unsigned long code) {
  if (code == 0 || (code >= 0xd800 && code <= 0xdfff) || code >= 0x110000) return {};
  std::string out;
  auto byte = [&](unsigned long b) { out += static_cast<char>(b); };
  if (code < 0x80) {
    byte(code);
  } else if (code < 0x800) {
    byte(0xc0 | (code >> 6));
    byte(0x80 | (code & 0x3f));
  } else if (code < 0x10000) {
    byte(0xe0 | (code >> 12));
    byte(0x80 | ((code >> 6) & 0x3f));
    byte(0x80 | (code & 0x3f));
  } else {
    byte(0xf0 | (code >> 18));
    byte(0x80 | ((code >> 12) & 0x3f));
    byte(0x80 | ((code >> 6) & 0x3f));
    byte(0x80 | (code & 0x3f));
  }
  return out;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && lower(s.substr(0, prefix.size())) == lower(prefix);
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

bool is_quoted(std::string_view line) {
  const std::string_view t = trim(line);
  return !t.empty() && t.front() == '>';
}

// The text from `i` on is only quotes and blank lines.
bool quotes_follow(const std::vector<std::string_view>& lines, std::size_t i) {
  for (; i < lines.size(); ++i) {
    const std::string_view t = trim(lines[i]);
    if (t.empty()) continue;
    return is_quoted(t);
  }
  return true;
}

}  // namespace

std::string subject_ticket_id(std::string_view subject, std::string_view prefix) {
  const std::string want = lower(std::string(prefix) + "-");
  for (std::size_t open = subject.find('['); open != std::string_view::npos; open = subject.find('[', open + 1)) {
    const std::size_t close = subject.find(']', open);
    if (close == std::string_view::npos) break;
    std::string inside = lower(trim(subject.substr(open + 1, close - open - 1)));
    if (inside.size() != want.size() + id_body_length || inside.compare(0, want.size(), want) != 0) continue;
    const std::string id = std::string(prefix) + "-" + inside.substr(want.size());
    if (is_valid_id(id, prefix)) return id;
  }
  return {};
}

std::string strip_reply(std::string_view body) {
  const std::vector<std::string_view> lines = split_lines(body);
  std::vector<std::string_view> kept;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    const std::string_view t = trim(line);
    // The signature separator is "-- " (RFC 3676); some clients drop the blank.
    if (line == "-- " || line == "--" || line == "-- \r" || line == "--\r") break;
    if (starts_with_ci(t, "-----Original Message-----") || starts_with_ci(t, "----- Original Message -----")) break;
    if (is_quoted(line)) continue;
    // "On <date>, <name> wrote:" above the quote, on one line or wrapped onto two.
    if (starts_with_ci(t, "On ")) {
      if (ends_with(t, "wrote:") && quotes_follow(lines, i + 1)) {
        continue;
      }
      if (i + 1 < lines.size() && ends_with(trim(lines[i + 1]), "wrote:") && quotes_follow(lines, i + 2)) {
        ++i;
        continue;
      }
    }
    kept.push_back(trim(line).empty() ? std::string_view() : line);
  }
  std::string out;
  bool blank = false;
  for (std::string_view line : kept) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
    if (line.empty()) {
      blank = !out.empty();
      continue;
    }
    if (blank) out += '\n';
    blank = false;
    if (!out.empty()) out += '\n';
    out += line;
  }
  return out;
}

std::string html_to_text(std::string_view html) {
  std::string out;
  int skip = 0;  // depth inside script, style or blockquote
  auto newline = [&] {
    if (!skip && !out.empty() && out.back() != '\n') out += '\n';
  };
  std::size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '<') {
      if (html.compare(i, 4, "<!--") == 0) {
        const auto end = html.find("-->", i + 4);
        i = end == std::string_view::npos ? html.size() : end + 3;
        continue;
      }
      const auto end = html.find('>', i);
      if (end == std::string_view::npos) break;
      std::string_view tag = html.substr(i + 1, end - i - 1);
      i = end + 1;
      const bool closing = !tag.empty() && tag.front() == '/';
      if (closing) tag.remove_prefix(1);
      std::size_t n = 0;
      while (n < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[n])) != 0)) ++n;
      const std::string name = lower(tag.substr(0, n));
      if (name == "script" || name == "style" || name == "blockquote" || name == "head") {
        if (closing) skip = std::max(0, skip - 1);
        else if (!ends_with(tag, "/")) ++skip;
        continue;
      }
      if (name == "br" || name == "p" || name == "div" || name == "tr" || name == "li" || name == "h1" ||
          name == "h2" || name == "h3" || name == "h4" || name == "h5" || name == "h6" || name == "pre" ||
          name == "table" || name == "ul" || name == "ol")
        newline();
      if (name == "p" && closing && !skip) out += '\n';
      continue;
    }
    ++i;
    if (skip) continue;
    if (c == '&') {
      const auto semi = html.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 10) {
        const std::string entity = lower(html.substr(i, semi - i));
        std::string decoded;
        if (entity == "amp") decoded = "&";
        else if (entity == "lt") decoded = "<";
        else if (entity == "gt") decoded = ">";
        else if (entity == "quot") decoded = "\"";
        else if (entity == "apos") decoded = "'";
        else if (entity == "nbsp") decoded = " ";
        else if (entity.size() > 1 && entity[0] == '#') {
          const bool hex = entity[1] == 'x';
          char* stop = nullptr;
          const unsigned long code = std::strtoul(entity.c_str() + (hex ? 2 : 1), &stop, hex ? 16 : 10);
          if (stop && *stop == '\0') decoded = utf8(code);
        }
        if (!decoded.empty()) {
          out += decoded;
          i = semi + 1;
          continue;
        }
      }
      out += '&';
      continue;
    }
    // Source line breaks and runs of blanks are one space in HTML.
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
      continue;
    }
    out += c;
  }
  // Blanks at line ends come from the markup's layout, not the text.
  std::string tidy;
  for (std::string_view line : split_lines(out)) tidy += std::string(trim(line)) + "\n";
  return strip_reply(tidy);
}

std::string loop_reason(const MailIn& mail, std::string_view desk_from) {
  if (!mail.auto_reply.empty()) return "it is an automatic message (" + mail.auto_reply + ")";
  std::string_view desk = desk_from;
  if (const auto open = desk.rfind('<'); open != std::string_view::npos) {
    const auto close = desk.find('>', open);
    desk = desk.substr(open + 1, close == std::string_view::npos ? std::string_view::npos : close - open - 1);
  }
  desk = trim(desk);
  if (!desk.empty() && lower(desk) == mail.from_email)
    return "it comes from the help desk's own address '" + mail.from_email + "'";
  return {};
}

MailIn parse_mail(std::string_view bytes, std::string_view prefix) {
  // An mbox "From " line (procmail, formail) comes before the headers.
  if (bytes.substr(0, 5) == "From ") {
    const auto nl = bytes.find('\n');
    bytes.remove_prefix(nl == std::string_view::npos ? bytes.size() : nl + 1);
  }
  if (bytes.find('\0') != std::string_view::npos)
    throw Error(Exit::Invalid, "the input is not a mail message: it holds binary data");
  const auto header_end = std::min(bytes.find("\n\n"), bytes.find("\r\n\r\n"));
  const std::string_view head = bytes.substr(0, header_end);
  // A message starts with a header field: a name of printable characters
  // other than the colon, then a colon (RFC 5322, section 2.2).
  const std::size_t name_end = head.find(':');
  const bool header_first =
      name_end != std::string_view::npos && name_end > 0 &&
      std::all_of(head.begin(), head.begin() + std::ptrdiff_t(name_end), [](char c) { return c > ' ' && c < 0x7f; });
  if (!header_first) throw Error(Exit::Invalid, "the input is not a mail message: it has no headers");

  const gmime::Api& g = gmime::api();
  ParseProblems problems;
  std::unique_ptr<GMimeParserOptions, OptionsFree> options(g.g_mime_parser_options_new());
  g.g_mime_parser_options_set_warning_callback(options.get(), on_warning, &problems);
  GHandle<GMimeStream> stream(g.g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
  GHandle<GMimeParser> parser(g.g_mime_parser_new_with_stream(stream.get()));
  GHandle<GMimeMessage> message(g.g_mime_parser_construct_message(parser.get(), options.get()));
  if (!message) throw Error(Exit::Invalid, "the input is not a mail message");
  if (!problems.first.empty()) throw Error(Exit::Invalid, "the message is not valid MIME: " + problems.first);
  auto* object = reinterpret_cast<GMimeObject*>(message.get());

  MailIn mail;
  InternetAddressList* from = g.g_mime_message_get_from(message.get());
  const std::string raw_from = header(object, "From");
  if (raw_from.empty()) throw Error(Exit::Invalid, "the message has no From address");
  InternetAddressMailbox* mailbox = nullptr;
  const int count = from ? g.internet_address_list_length(from) : 0;
  for (int i = 0; i < count && !mailbox; ++i) {
    InternetAddress* address = g.internet_address_list_get_address(from, i);
    if (gmime::is_a(g, address, g.internet_address_mailbox_get_type()))
      mailbox = reinterpret_cast<InternetAddressMailbox*>(address);
  }
  const char* addr = mailbox ? g.internet_address_mailbox_get_addr(mailbox) : nullptr;
  const std::string email = addr ? lower(addr) : std::string();
  const auto at = email.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == email.size() ||
      email.find_first_of(" \t<>\"") != std::string::npos)
    throw Error(Exit::Invalid, "cannot read the From address '" + raw_from + "'");
  mail.from_email = email;
  if (const char* name = g.internet_address_get_name(reinterpret_cast<InternetAddress*>(mailbox)))
    mail.from_name = one_line(clean_text(name));

  if (const char* subject = g.g_mime_message_get_subject(message.get())) mail.subject = one_line(clean_text(subject));
  mail.ticket_id = subject_ticket_id(mail.subject, prefix);
  if (const char* id = g.g_mime_message_get_message_id(message.get())) mail.message_id = one_line(id);
  if (GDateTime* date = g.g_mime_message_get_date(message.get()))
    mail.date = Time{std::int64_t{g.g_date_time_to_unix(date)} * 1000};
  mail.auto_reply = machine_sent(object);

  Bodies found;
  if (GMimeObject* part = g.g_mime_message_get_mime_part(message.get())) find_bodies(part, found);
  if (found.empty_multipart) throw Error(Exit::Invalid, "the message is not valid MIME: a multipart has no parts");
  if (found.plain) mail.body = text_of(found.plain);
  else if (found.html) mail.body = html_to_text(text_of(found.html));
  if (GMimeObject* part = g.g_mime_message_get_mime_part(message.get())) find_files(part, found, mail.files);
  for (const char* name : {"In-Reply-To", "References"})
    if (const char* ids = g.g_mime_object_get_header(object, name)) add_ids(ids, mail.references);
  return mail;
}

}  // namespace tier::formats
