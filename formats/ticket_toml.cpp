#include "formats/ticket_toml.hpp"

#include <array>
#include <charconv>
#include <climits>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "core/error.hpp"
#include "core/time.hpp"
#include "formats/text_scan.hpp"

namespace tier::formats {
namespace {

// Writing.

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

using scan::utf8_length;

void put_control(std::string& out, unsigned char c) {
  static constexpr char hex[] = "0123456789ABCDEF";
  if (c == '\n') {
    out += "\\n";
  } else if (c == '\t') {
    out += "\\t";
  } else {
    out += "\\u00";
    out += hex[c >> 4];
    out += hex[c & 15];
  }
}

/// The body of a TOML basic string (multi_line: of a multi-line one, where
/// newlines stay as they are and no run of three quotes may form, nor may the
/// text end in a quote that would run into the closing delimiter).
void put_chars(std::string& out, std::string_view s, bool multi_line) {
  std::size_t trailing_quotes = s.size();
  if (multi_line)
    while (trailing_quotes > 0 && s[trailing_quotes - 1] == '"') --trailing_quotes;
  std::size_t i = 0, clean = 0, quotes = 0;
  const auto flush = [&] { out.append(s.data() + clean, i - clean); };
  while (i < s.size()) {
    if (const std::size_t run = scan::plain_prefix(s.data() + i, s.size() - i, true)) {
      quotes = 0;
      i += run;
      continue;
    }
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      quotes = 0;
      if (const std::size_t n = utf8_length(s, i)) {
        i += n;
      } else {
        flush();
        out += replacement_character;
        clean = ++i;
      }
      continue;
    }
    if (c == '"') {
      if (multi_line && quotes < 2 && i < trailing_quotes) {
        ++quotes;
        ++i;
        continue;
      }
      flush();
      out += "\\\"";
      clean = ++i;
      quotes = 0;
      continue;
    }
    quotes = 0;
    if (c == '\\') {
      flush();
      out += "\\\\";
      clean = ++i;
    } else if ((c < 0x20 && !(multi_line && c == '\n')) || c == 0x7F) {
      flush();
      put_control(out, c);
      clean = ++i;
    } else {
      ++i;
    }
  }
  flush();
}

void put_quoted(std::string& out, std::string_view s) {
  out += '"';
  put_chars(out, s, false);
  out += '"';
}

void put_int(std::string& out, long long v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void put_key(std::string& out, std::string_view key) {
  out += key;
  out += " = ";
}

void put_string(std::string& out, std::string_view key, std::string_view value) {
  put_key(out, key);
  put_quoted(out, value);
  out += '\n';
}

void put_name(std::string& out, std::string_view key, std::string_view name) {
  put_key(out, key);
  out += '"';
  out += name;
  out += "\"\n";
}

void put_number(std::string& out, std::string_view key, long long value) {
  put_key(out, key);
  put_int(out, value);
  out += '\n';
}

/// format_time(t), without its allocation.
void put_time_value(std::string& out, Time t) {
  const Civil c = to_civil(t);
  if (c.year < 0 || c.year > 9999) {
    out += format_time(t);
    return;
  }
  char buf[24];
  const auto two = [&](char* p, unsigned v) {
    p[0] = static_cast<char>('0' + v / 10);
    p[1] = static_cast<char>('0' + v % 10);
  };
  two(buf, static_cast<unsigned>(c.year) / 100);
  two(buf + 2, static_cast<unsigned>(c.year) % 100);
  buf[4] = '-';
  two(buf + 5, c.month);
  buf[7] = '-';
  two(buf + 8, c.day);
  buf[10] = 'T';
  two(buf + 11, static_cast<unsigned>(c.hour));
  buf[13] = ':';
  two(buf + 14, static_cast<unsigned>(c.minute));
  buf[16] = ':';
  two(buf + 17, static_cast<unsigned>(c.second));
  std::size_t n = 19;
  if (c.millisecond != 0) {
    const auto ms = static_cast<unsigned>(c.millisecond);
    buf[19] = '.';
    buf[20] = static_cast<char>('0' + ms / 100);
    two(buf + 21, ms % 100);
    n = 23;
  }
  buf[n++] = 'Z';
  out.append(buf, n);
}

void put_time(std::string& out, std::string_view key, Time t) {
  put_key(out, key);
  put_time_value(out, t);
  out += '\n';
}

void put_tags(std::string& out, std::string_view key, const std::vector<std::string>& tags) {
  put_key(out, key);
  out += '[';
  for (std::size_t i = 0; i < tags.size(); ++i) {
    if (i) out += ", ";
    put_quoted(out, tags[i]);
  }
  out += "]\n";
}

void put_text(std::string& out, std::string_view key, std::string_view text) {
  if (text.find('\n') == std::string_view::npos) return put_string(out, key, text);
  put_key(out, key);
  out += "\"\"\"\n";
  put_chars(out, text, true);
  out += "\"\"\"\n";
}

void put_details(std::string& out, const Details& d) {
  if (!d.asset.empty()) put_string(out, "asset", d.asset);
  if (!d.location.empty()) put_string(out, "location", d.location);
  if (!d.symptoms.empty()) put_string(out, "symptoms", d.symptoms);
  if (!d.tried.empty()) put_string(out, "tried", d.tried);
  if (!d.connection.empty()) put_string(out, "connection", d.connection);
}

void put_entry(std::string& out, const LogEntry& e) {
  out += "\n[[log]]\n";
  put_time(out, "at", e.at);
  put_string(out, "by", e.by);
  put_name(out, "event", to_string(e.event));
  if (!e.to.empty()) put_string(out, "to", e.to);
  if (e.tier != 0) put_number(out, "tier", e.tier);
  if (!e.assignee.empty()) put_string(out, "assignee", e.assignee);
  if (e.visibility) put_name(out, "visibility", to_string(*e.visibility));
  if (e.pending) out += "pending = true\n";
  if (e.title) put_string(out, "title", *e.title);
  if (e.priority) put_name(out, "priority", to_string(*e.priority));
  if (e.category) put_string(out, "category", *e.category);
  if (e.tags) put_tags(out, "tags", *e.tags);
  if (e.requester) {
    out += "requester = { name = ";
    put_quoted(out, e.requester->name);
    out += ", email = ";
    put_quoted(out, e.requester->email);
    out += ", organization = ";
    put_quoted(out, e.requester->organization);
    out += " }\n";
  }
  if (!e.message_id.empty()) put_string(out, "message_id", e.message_id);
  put_details(out, e.details);
  if (e.appointment) {
    out += "appointment = { at = ";
    put_time_value(out, e.appointment->at);
    out += ", place = ";
    put_quoted(out, e.appointment->place);
    out += ", technician = ";
    put_quoted(out, e.appointment->technician);
    out += " }\n";
  }
  if (e.score != 0) put_number(out, "score", e.score);
  if (!e.attachments.empty()) {
    out += "attachments = [";
    for (std::size_t i = 0; i < e.attachments.size(); ++i) {
      const Attachment& a = e.attachments[i];
      out += i ? ", { name = " : "{ name = ";
      put_quoted(out, a.name);
      out += ", type = ";
      put_quoted(out, a.type);
      out += ", size = ";
      out += std::to_string(a.size);
      out += ", id = ";
      put_quoted(out, a.id);
      out += " }";
    }
    out += "]\n";
  }
  if (!e.article.empty()) put_string(out, "article", e.article);
  if (!e.void_reason.empty()) put_string(out, "void", e.void_reason);
  if (!e.text.empty()) put_text(out, "text", e.text);
}

// Reading.

/// A subject for a message: in single quotes, control characters escaped so
/// that the message stays on one line.
std::string subject(std::string_view s) {
  std::string q = "'";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F)
      put_control(q, c);
    else
      q += ch;
  }
  q += '\'';
  return q;
}

std::string must_be(std::string_view key, std::string_view what, std::string_view where) {
  std::string m = subject(key);
  m += " must be ";
  m += what;
  m += where;
  return m;
}

/// Collects the problems of one file and keeps the first in file order (a
/// table's keys come from toml++ sorted by name, not in file order). A missing
/// key counts only when nothing is wrong in what is there: "unknown key
/// 'titel'" says more than "missing key 'title'".
class Reader {
 public:
  explicit Reader(std::string_view path) : path_(path) {}

  void fail(const toml::source_position& at, std::string message) { keep(present_, at, std::move(message)); }
  void fail(const toml::node& n, std::string message) { fail(n.source().begin, std::move(message)); }
  void missing(const toml::node& table, std::string message) {
    keep(missing_, table.source().begin, std::move(message));
  }

  bool failed() const { return !present_.message.empty() || !missing_.message.empty(); }
  void check() const {
    const Problem& p = present_.message.empty() ? missing_ : present_;
    if (!p.message.empty()) throw error(path_, p.line, p.column, p.message);
  }

  static Error error(std::string_view path, std::uint32_t line, std::uint32_t column,
                     std::string_view what) {
    return Error::at(Exit::Invalid, {std::string(path), int(line), int(column)}, std::string(what));
  }

 private:
  struct Problem {
    std::uint32_t line = 0, column = 0;
    std::string message;
  };

  static void keep(Problem& p, const toml::source_position& at, std::string message) {
    std::uint32_t line = at.line, column = at.column;
    if (line == 0) line = column = 1;
    if (!p.message.empty() && (line > p.line || (line == p.line && column >= p.column))) return;
    p = {line, column, std::move(message)};
  }

  std::string_view path_;
  Problem present_, missing_;
};

template <std::size_t N>
int index_of(const std::array<std::string_view, N>& keys, std::string_view key) {
  for (std::size_t i = 0; i < N; ++i)
    if (keys[i] == key) return static_cast<int>(i);
  return -1;
}

/// Reads the values of one table; `where` names it in messages
/// ("", " in [requester]", " in [[log]]").
class Values {
 public:
  Values(Reader& r, std::string_view where) : r_(r), where_(where) {}

  Reader& reader() const { return r_; }

  void unknown(const toml::key& k) const {
    std::string m = "unknown key ";
    m += subject(k.str());
    m += where_;
    r_.fail(k.source().begin, std::move(m));
  }

  void missing(const toml::node& table, std::string_view key, std::string_view kind = "key") const {
    std::string m = "missing ";
    m += kind;
    m += ' ';
    m += subject(key);
    m += where_;
    r_.missing(table, std::move(m));
  }

  std::string* string(toml::node& v, std::string_view key) const {
    if (auto* s = v.as_string()) return &s->get();
    r_.fail(v, must_be(key, "a string", where_));
    return nullptr;
  }

  void take(toml::node& v, std::string_view key, std::string& out) const {
    if (std::string* s = string(v, key)) out = std::move(*s);
  }

  void take(toml::node& v, std::string_view key, std::optional<std::string>& out) const {
    if (std::string* s = string(v, key)) out = std::move(*s);
  }

  void take_int(toml::node& v, std::string_view key, int lo, int hi, int& out) const {
    const auto* i = v.as_integer();
    if (!i) return r_.fail(v, must_be(key, "an integer", where_));
    const std::int64_t n = i->get();
    if (n >= lo && n <= hi) {
      out = static_cast<int>(n);
      return;
    }
    std::string what;
    if (hi != INT_MAX)
      what = "between " + std::to_string(lo) + " and " + std::to_string(hi);
    else if (lo == 0)
      what = "zero or more";
    else
      what = std::to_string(lo) + " or more";
    r_.fail(v, must_be(key, what, where_));
  }

  void take_bool(toml::node& v, std::string_view key, bool& out) const {
    if (const auto* b = v.as_boolean())
      out = b->get();
    else
      r_.fail(v, must_be(key, "a boolean", where_));
  }

  void take_time(toml::node& v, std::string_view key, Time& out) const {
    const auto* dt = v.as_date_time();
    if (!dt) return r_.fail(v, must_be(key, "a date-time", where_));
    const toml::date_time& d = dt->get();
    Time t = from_civil(d.date.year, d.date.month, d.date.day, d.time.hour, d.time.minute,
                        d.time.second, static_cast<int>(d.time.nanosecond / 1000000));
    if (d.offset) t.ms -= std::int64_t{d.offset->minutes} * 60000;
    out = t;
  }

  template <class E>
  void take_enum(toml::node& v, std::string_view key, std::optional<E> (*parse)(std::string_view),
                 E& out) const {
    const std::string* s = string(v, key);
    if (!s) return;
    if (const std::optional<E> e = parse(*s))
      out = *e;
    else
      unknown_value(v, key, *s);
  }

  template <class E>
  void take_enum(toml::node& v, std::string_view key, std::optional<E> (*parse)(std::string_view),
                 std::optional<E>& out) const {
    E e{};
    take_enum(v, key, parse, e);
    out = e;
  }

  void take_connection(toml::node& v, std::string& out) const {
    std::string* s = string(v, "connection");
    if (!s) return;
    if (s->empty() || *s == "wired" || *s == "wireless")
      out = std::move(*s);
    else
      unknown_value(v, "connection", *s);
  }

  void take_tags(toml::node& v, std::string_view key, std::vector<std::string>& out) const {
    auto* a = v.as_array();
    if (!a) return r_.fail(v, must_be(key, "an array of strings", where_));
    out.clear();
    out.reserve(a->size());
    for (toml::node& e : *a) {
      auto* s = e.as_string();
      if (!s) return r_.fail(e, must_be(key, "an array of strings", where_));
      out.push_back(std::move(s->get()));
    }
  }

  toml::table* table(toml::node& v, std::string_view key) const {
    if (auto* t = v.as_table()) return t;
    r_.fail(v, must_be(key, "a table", where_));
    return nullptr;
  }

 private:
  void unknown_value(const toml::node& v, std::string_view key, std::string_view value) const {
    std::string m = "unknown ";
    m += key;
    m += ' ';
    m += subject(value);
    m += where_;
    r_.fail(v, std::move(m));
  }

  Reader& r_;
  std::string_view where_;
};

constexpr std::array<std::string_view, 5> details_keys = {"asset", "location", "symptoms", "tried",
                                                          "connection"};

/// A key of the escalation template: the field it fills, or false.
bool take_detail(const Values& in, std::string_view key, toml::node& v, Details& d) {
  switch (index_of(details_keys, key)) {
    case 0: in.take(v, key, d.asset); return true;
    case 1: in.take(v, key, d.location); return true;
    case 2: in.take(v, key, d.symptoms); return true;
    case 3: in.take(v, key, d.tried); return true;
    case 4: in.take_connection(v, d.connection); return true;
    default: return false;
  }
}

/// The [requester] table, or the requester of a create entry.
void read_requester(const Values& outer, toml::node& v, std::string_view inner_where,
                    Requester& out) {
  toml::table* t = outer.table(v, "requester");
  if (!t) return;
  const Values in(outer.reader(), inner_where);
  bool email = false;
  for (auto&& [k, x] : *t) {
    const std::string_view key = k.str();
    if (key == "name") {
      in.take(x, key, out.name);
    } else if (key == "email") {
      in.take(x, key, out.email);
      email = true;
    } else if (key == "organization") {
      in.take(x, key, out.organization);
    } else {
      in.unknown(k);
    }
  }
  if (!email) in.missing(*t, "email");
}

void read_appointment(const Values& outer, toml::node& v, std::string_view inner_where,
                      Appointment& out) {
  toml::table* t = outer.table(v, "appointment");
  if (!t) return;
  const Values in(outer.reader(), inner_where);
  bool at = false;
  for (auto&& [k, x] : *t) {
    const std::string_view key = k.str();
    if (key == "at") {
      in.take_time(x, key, out.at);
      at = true;
    } else if (key == "place") {
      in.take(x, key, out.place);
    } else if (key == "technician") {
      in.take(x, key, out.technician);
    } else {
      in.unknown(k);
    }
  }
  if (!at) in.missing(*t, "at");
}

void read_attachments(const Values& outer, toml::node& v, std::vector<Attachment>& out) {
  auto* a = v.as_array();
  if (!a) return outer.reader().fail(v, must_be("attachments", "an array of tables", " in [[log]]"));
  const Values in(outer.reader(), " in 'attachments' of [[log]]");
  for (toml::node& x : *a) {
    toml::table* t = x.as_table();
    if (!t) return outer.reader().fail(x, must_be("attachments", "an array of tables", " in [[log]]"));
    Attachment& at = out.emplace_back();
    unsigned seen = 0;
    for (auto&& [k, y] : *t) {
      const std::string_view key = k.str();
      if (key == "name") in.take(y, key, at.name), seen |= 1;
      else if (key == "type") in.take(y, key, at.type), seen |= 2;
      else if (key == "id") in.take(y, key, at.id), seen |= 4;
      else if (key == "size") {
        seen |= 8;
        const auto* i = y.as_integer();
        if (!i || i->get() < 0) in.reader().fail(y, must_be(key, "zero or more", " in 'attachments' of [[log]]"));
        else at.size = std::uint64_t(i->get());
      } else {
        in.unknown(k);
      }
    }
    if (!(seen & 1)) in.missing(*t, "name");
    if (!(seen & 2)) in.missing(*t, "type");
    if (!(seen & 8)) in.missing(*t, "size");
    if (!(seen & 4)) in.missing(*t, "id");
  }
}

void read_details(const Values& outer, toml::node& v, Details& out) {
  toml::table* t = outer.table(v, "details");
  if (!t) return;
  const Values in(outer.reader(), " in [details]");
  for (auto&& [k, x] : *t)
    if (!take_detail(in, k.str(), x, out)) in.unknown(k);
}

enum class LogKey {
  At, By, Event, To, Tier, Assignee, Visibility, Pending, Title, Priority, Category, Tags,
  Requester, Appointment, Score, Void, Text, MessageId, Attachments, Article,
};
constexpr std::array<std::string_view, 20> log_keys = {
    "at",       "by",       "event", "to",          "tier",  "assignee", "visibility", "pending",
    "title",    "priority", "category", "tags",     "requester", "appointment", "score", "void",
    "text",     "message_id", "attachments", "article"};

void read_entry(Reader& r, toml::table& t, LogEntry& e) {
  const Values in(r, " in [[log]]");
  unsigned seen = 0;
  for (auto&& [k, v] : t) {
    const std::string_view key = k.str();
    const int i = index_of(log_keys, key);
    if (i < 0) {
      if (!take_detail(in, key, v, e.details)) in.unknown(k);
      continue;
    }
    seen |= 1u << i;
    switch (static_cast<LogKey>(i)) {
      case LogKey::At: in.take_time(v, key, e.at); break;
      case LogKey::By: in.take(v, key, e.by); break;
      case LogKey::Event: in.take_enum(v, key, parse_event, e.event); break;
      case LogKey::To: in.take(v, key, e.to); break;
      case LogKey::Tier: in.take_int(v, key, 1, INT_MAX, e.tier); break;
      case LogKey::Assignee: in.take(v, key, e.assignee); break;
      case LogKey::Visibility: in.take_enum(v, key, parse_visibility, e.visibility); break;
      case LogKey::Pending: in.take_bool(v, key, e.pending); break;
      case LogKey::Title: in.take(v, key, e.title); break;
      case LogKey::Priority: in.take_enum(v, key, parse_priority, e.priority); break;
      case LogKey::Category: in.take(v, key, e.category); break;
      case LogKey::Tags: in.take_tags(v, key, e.tags.emplace()); break;
      case LogKey::Requester:
        read_requester(in, v, " in 'requester' of [[log]]", e.requester.emplace());
        break;
      case LogKey::Appointment:
        read_appointment(in, v, " in 'appointment' of [[log]]", e.appointment.emplace());
        break;
      case LogKey::Score: in.take_int(v, key, 1, 5, e.score); break;
      case LogKey::Void: in.take(v, key, e.void_reason); break;
      case LogKey::Text: in.take(v, key, e.text); break;
      case LogKey::MessageId: in.take(v, key, e.message_id); break;
      case LogKey::Attachments: read_attachments(in, v, e.attachments); break;
      case LogKey::Article: in.take(v, key, e.article); break;
    }
  }
  for (const LogKey required : {LogKey::At, LogKey::By, LogKey::Event})
    if (!(seen & (1u << static_cast<unsigned>(required))))
      in.missing(t, log_keys[static_cast<std::size_t>(required)]);
}

void read_log(Reader& r, toml::node& v, std::vector<LogEntry>& log) {
  toml::array* a = v.as_array();
  if (!a) return r.fail(v, "'log' must be an array of tables");
  log.reserve(a->size());
  for (toml::node& x : *a) {
    toml::table* t = x.as_table();
    if (!t) return r.fail(x, "'log' must be an array of tables");
    read_entry(r, *t, log.emplace_back());
  }
}

enum class HeaderKey {
  Format, Id, Title, Status, Priority, Category, Tier, Group, Assignee, Owner, Escalations,
  Handbacks, Tags, Created, Updated, Csat, Requester, Details, Appointment, Log,
};
constexpr std::array<std::string_view, 20> header_keys = {
    "format",      "id",        "title",   "status",  "priority",  "category", "tier",
    "group",       "assignee",  "owner",   "escalations", "handbacks", "tags",  "created",
    "updated",     "csat",      "requester", "details", "appointment", "log"};

constexpr int supported_format = 1;

/// Reads the root table into the header and, when `log` is given, the log
/// (else a log key is passed over).
void read_root(Reader& r, toml::table& root, Header& h, std::vector<LogEntry>* log,
               std::string_view path) {
  // A file of another format may differ in anything, so say that first.
  if (toml::node* f = root.get("format"))
    if (const auto* n = f->as_integer(); n && n->get() != supported_format) {
      const auto& at = f->source().begin;
      throw Reader::error(path, at.line, at.column,
                          "unsupported format " + std::to_string(n->get()));
    }

  const Values in(r, "");
  unsigned seen = 0;
  for (auto&& [k, v] : root) {
    const std::string_view key = k.str();
    const int i = index_of(header_keys, key);
    if (i < 0) {
      in.unknown(k);
      continue;
    }
    seen |= 1u << i;
    switch (static_cast<HeaderKey>(i)) {
      case HeaderKey::Format: in.take_int(v, key, supported_format, supported_format, h.format); break;
      case HeaderKey::Id: in.take(v, key, h.id); break;
      case HeaderKey::Title: in.take(v, key, h.title); break;
      case HeaderKey::Status: in.take_enum(v, key, parse_status, h.status); break;
      case HeaderKey::Priority: in.take_enum(v, key, parse_priority, h.priority); break;
      case HeaderKey::Category: in.take(v, key, h.category); break;
      case HeaderKey::Tier: in.take_int(v, key, 1, INT_MAX, h.tier); break;
      case HeaderKey::Group: in.take(v, key, h.group); break;
      case HeaderKey::Assignee: in.take(v, key, h.assignee); break;
      case HeaderKey::Owner: in.take(v, key, h.owner); break;
      case HeaderKey::Escalations: in.take_int(v, key, 0, INT_MAX, h.escalations); break;
      case HeaderKey::Handbacks: in.take_int(v, key, 0, INT_MAX, h.handbacks); break;
      case HeaderKey::Tags: in.take_tags(v, key, h.tags); break;
      case HeaderKey::Created: in.take_time(v, key, h.created); break;
      case HeaderKey::Updated: in.take_time(v, key, h.updated); break;
      case HeaderKey::Csat: in.take_int(v, key, 1, 5, h.csat.emplace()); break;
      case HeaderKey::Requester: read_requester(in, v, " in [requester]", h.requester); break;
      case HeaderKey::Details: read_details(in, v, h.details); break;
      case HeaderKey::Appointment:
        read_appointment(in, v, " in [appointment]", h.appointment.emplace());
        break;
      case HeaderKey::Log:
        if (log) read_log(r, v, *log);
        break;
    }
  }
  for (const HeaderKey required : {HeaderKey::Format, HeaderKey::Id, HeaderKey::Title,
                                   HeaderKey::Status, HeaderKey::Created, HeaderKey::Updated})
    if (!(seen & (1u << static_cast<unsigned>(required))))
      in.missing(root, header_keys[static_cast<std::size_t>(required)]);
  if (!(seen & (1u << static_cast<unsigned>(HeaderKey::Requester))))
    in.missing(root, "requester", "table");
}

/// toml++'s description, in the lower case of tier's messages.
std::string describe(std::string_view description) {
  std::string d(description);
  if (d.size() > 1 && d[0] >= 'A' && d[0] <= 'Z' && d[1] >= 'a' && d[1] <= 'z')
    d[0] = static_cast<char>(d[0] - 'A' + 'a');
  return d;
}

toml::table parse_toml(std::string_view text, std::string_view path) {
  try {
    return toml::parse(text, std::string_view{});
  } catch (const toml::parse_error& e) {
    const auto& at = e.source().begin;
    throw Reader::error(path, at.line, at.column, describe(e.description()));
  }
}

/// Where the log starts: the first line that starts with "[[log]]", or npos.
std::size_t log_start(std::string_view text) {
  if (text.starts_with("[[log]]")) return 0;
  const std::size_t p = text.find("\n[[log]]");
  return p == std::string_view::npos ? p : p + 1;
}

/// Whether the text after the first [[log]] holds no line that may be a
/// table header other than [[log]]: one that starts with '[' and ends with
/// ']' or holds a comment. (A line of a note such as "[error] disk full" is
/// not one: as a header it would not parse.)
bool only_log_tables(std::string_view rest) {
  for (std::size_t b = rest.find('['); b != std::string_view::npos; b = rest.find('[', b + 1)) {
    std::size_t a = b;
    while (a > 0 && (rest[a - 1] == ' ' || rest[a - 1] == '\t')) --a;
    if (a == 0 || rest[a - 1] != '\n') continue;
    std::size_t e = rest.find('\n', b);
    if (e == std::string_view::npos) e = rest.size();
    std::string_view line = rest.substr(b, e - b);
    if (line.starts_with("[[log]]")) continue;
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
      line.remove_suffix(1);
    if (line.ends_with(']') || line.find('#') != std::string_view::npos) return false;
  }
  return true;
}

/// The canonical text, as write_ticket writes it, read without toml++: the
/// fast path of parse_ticket and parse_header. It reads nothing that toml++
/// would read differently and gives up (returns false) on anything else,
/// valid or not, for the reference reader to read or to report.
class Canonical {
 public:
  explicit Canonical(std::string_view text) : s_(text) {}

  /// The header, up to the first [[log]] or the end; `h` must be fresh.
  bool header(Header& h) {
    if (!literal("format = 1\n")) return false;
    h.format = supported_format;
    if (!line("id", h.id) || !line("title", h.title) || !name_line("status", parse_status, h.status) ||
        !name_line("priority", parse_priority, h.priority) || !line("category", h.category) ||
        !int_line("tier", 1, INT_MAX, h.tier) || !line("group", h.group) ||
        !line("assignee", h.assignee) || !line("owner", h.owner) ||
        !int_line("escalations", 0, INT_MAX, h.escalations) ||
        !int_line("handbacks", 0, INT_MAX, h.handbacks) || !key("tags") || !tags(h.tags) || !eol() ||
        !time_line("created", h.created) || !time_line("updated", h.updated))
      return false;
    if (key("csat") && !(integer(1, 5, h.csat.emplace()) && eol())) return false;
    if (!literal("\n[requester]\n") || !line("name", h.requester.name) ||
        !line("email", h.requester.email) || !line("organization", h.requester.organization))
      return false;
    if (literal("\n[details]\n") && !details(h.details)) return false;
    if (literal("\n[appointment]\n")) {
      Appointment& a = h.appointment.emplace();
      if (!time_line("at", a.at) || !line("place", a.place) || !line("technician", a.technician))
        return false;
    }
    return p_ == s_.size() || rest().starts_with("\n[[log]]\n");
  }

  /// The log, from the end of the header to the end of the text.
  bool log(std::vector<LogEntry>& log) {
    std::size_t n = 0;
    for (std::size_t at = s_.find("[[log]]", p_); at != std::string_view::npos;
         at = s_.find("[[log]]", at + 7))
      ++n;
    log.reserve(n);
    while (literal("\n[[log]]\n"))
      if (!entry(log.emplace_back())) return false;
    return p_ == s_.size();
  }

  std::string_view rest() const { return s_.substr(p_); }

 private:
  bool entry(LogEntry& e) {
    if (!time_line("at", e.at) || !line("by", e.by) || !name_line("event", parse_event, e.event))
      return false;
    if (key("to") && !(string(e.to) && eol())) return false;
    if (key("tier") && !(integer(1, INT_MAX, e.tier) && eol())) return false;
    if (key("assignee") && !(string(e.assignee) && eol())) return false;
    if (key("visibility") && !(name(parse_visibility, e.visibility.emplace()) && eol())) return false;
    if (key("pending")) {
      if (!literal("true\n")) return false;
      e.pending = true;
    }
    if (key("title") && !(string(e.title.emplace()) && eol())) return false;
    if (key("priority") && !(name(parse_priority, e.priority.emplace()) && eol())) return false;
    if (key("category") && !(string(e.category.emplace()) && eol())) return false;
    if (key("tags") && !(tags(e.tags.emplace()) && eol())) return false;
    if (key("requester")) {
      Requester& r = e.requester.emplace();
      if (!literal("{ name = ") || !string(r.name) || !literal(", email = ") || !string(r.email) ||
          !literal(", organization = ") || !string(r.organization) || !literal(" }\n"))
        return false;
    }
    if (key("message_id") && !(string(e.message_id) && eol())) return false;
    if (!details(e.details)) return false;
    if (key("appointment")) {
      Appointment& a = e.appointment.emplace();
      if (!literal("{ at = ") || !time(a.at) || !literal(", place = ") || !string(a.place) ||
          !literal(", technician = ") || !string(a.technician) || !literal(" }\n"))
        return false;
    }
    if (key("score") && !(integer(1, 5, e.score) && eol())) return false;
    if (key("attachments")) {
      if (!literal("[")) return false;
      do {
        Attachment& a = e.attachments.emplace_back();
        if (!literal("{ name = ") || !string(a.name) || !literal(", type = ") || !string(a.type) ||
            !literal(", size = ") || !count(a.size) || !literal(", id = ") || !string(a.id) || !literal(" }"))
          return false;
      } while (literal(", "));
      if (!literal("]\n")) return false;
    }
    if (key("article") && !(string(e.article) && eol())) return false;
    if (key("void") && !(string(e.void_reason) && eol())) return false;
    if (key("text")) {
      if (literal("\"\"\"\n") ? !multi_line(e.text) : !string(e.text)) return false;
      if (!eol()) return false;
    }
    return true;
  }

  /// The template's keys that are there, in order.
  bool details(Details& d) {
    if (key("asset") && !(string(d.asset) && eol())) return false;
    if (key("location") && !(string(d.location) && eol())) return false;
    if (key("symptoms") && !(string(d.symptoms) && eol())) return false;
    if (key("tried") && !(string(d.tried) && eol())) return false;
    if (key("connection")) {
      if (!string(d.connection) || !eol()) return false;
      if (!d.connection.empty() && d.connection != "wired" && d.connection != "wireless")
        return false;
    }
    return true;
  }

  /// Whether the text at p_ + offset starts with `lit` (short: no memcmp).
  bool at(std::size_t offset, std::string_view lit) const {
    const std::size_t b = p_ + offset;
    if (s_.size() < b || s_.size() - b < lit.size()) return false;
    for (std::size_t i = 0; i < lit.size(); ++i)
      if (s_[b + i] != lit[i]) return false;
    return true;
  }

  bool literal(std::string_view lit) {
    if (!at(0, lit)) return false;
    p_ += lit.size();
    return true;
  }

  bool eol() { return literal("\n"); }

  /// "<k> = ", consumed only when it is there.
  bool key(std::string_view k) {
    if (!at(0, k) || !at(k.size(), " = ")) return false;
    p_ += k.size() + 3;
    return true;
  }

  bool line(std::string_view k, std::string& out) { return key(k) && string(out) && eol(); }
  bool int_line(std::string_view k, int lo, int hi, int& out) {
    return key(k) && integer(lo, hi, out) && eol();
  }
  bool time_line(std::string_view k, Time& out) { return key(k) && time(out) && eol(); }
  template <class E>
  bool name_line(std::string_view k, std::optional<E> (*parse)(std::string_view), E& out) {
    return key(k) && name(parse, out) && eol();
  }

  template <class E>
  bool name(std::optional<E> (*parse)(std::string_view), E& out) {
    std::string s;
    if (!string(s)) return false;
    const std::optional<E> e = parse(s);
    if (e) out = *e;
    return e.has_value();
  }

  bool integer(int lo, int hi, int& out) {
    const bool negative = literal("-");
    const std::size_t start = p_;
    std::int64_t v = 0;
    while (p_ < s_.size() && s_[p_] >= '0' && s_[p_] <= '9' && p_ - start < 11)
      v = v * 10 + (s_[p_++] - '0');
    const std::size_t n = p_ - start;
    if (n == 0 || n > 10 || (n > 1 && s_[start] == '0')) return false;
    if (negative) v = -v;
    if (v < lo || v > hi) return false;
    out = static_cast<int>(v);
    return true;
  }

  /// A non-negative integer of up to 15 digits, without a leading zero.
  bool count(std::uint64_t& out) {
    const std::size_t start = p_;
    std::uint64_t v = 0;
    while (p_ < s_.size() && s_[p_] >= '0' && s_[p_] <= '9' && p_ - start < 16) v = v * 10 + std::uint64_t(s_[p_++] - '0');
    const std::size_t n = p_ - start;
    if (n == 0 || n > 15 || (n > 1 && s_[start] == '0')) return false;
    out = v;
    return true;
  }

  bool digits(std::size_t n, unsigned& out) {
    if (s_.size() - p_ < n) return false;
    unsigned v = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const char c = s_[p_ + i];
      if (c < '0' || c > '9') return false;
      v = v * 10 + static_cast<unsigned>(c - '0');
    }
    p_ += n;
    out = v;
    return true;
  }

  /// YYYY-MM-DDTHH:MM:SS[.mmm]Z, the ranges as toml++ checks them.
  bool time(Time& out) {
    unsigned y, mo, d, h, mi, se, ms = 0;
    if (!digits(4, y) || !literal("-") || !digits(2, mo) || !literal("-") || !digits(2, d) ||
        !literal("T") || !digits(2, h) || !literal(":") || !digits(2, mi) || !literal(":") ||
        !digits(2, se))
      return false;
    if (literal(".") && !digits(3, ms)) return false;
    if (!literal("Z")) return false;
    static constexpr unsigned month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 59) return false;
    const bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    if (d > month_days[mo - 1] + (mo == 2 && leap ? 1 : 0)) return false;
    out = from_civil(static_cast<int>(y), mo, d, static_cast<int>(h), static_cast<int>(mi),
                     static_cast<int>(se), static_cast<int>(ms));
    return true;
  }

  bool tags(std::vector<std::string>& out) {
    if (!literal("[")) return false;
    out.clear();
    if (literal("]")) return true;
    do {
      if (!string(out.emplace_back())) return false;
    } while (literal(", "));
    return literal("]");
  }

  /// The escapes write_ticket writes: \" \\ \n \t \uXXXX.
  bool escape(std::string& out) {
    if (p_ + 1 >= s_.size()) return false;
    const char c = s_[p_ + 1];
    p_ += 2;
    switch (c) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case 'n': out += '\n'; return true;
      case 't': out += '\t'; return true;
      case 'u': break;
      default: return false;
    }
    if (s_.size() - p_ < 4) return false;
    unsigned cp = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = s_[p_++];
      cp <<= 4;
      if (h >= '0' && h <= '9')
        cp |= static_cast<unsigned>(h - '0');
      else if (h >= 'A' && h <= 'F')
        cp |= static_cast<unsigned>(h - 'A' + 10);
      else if (h >= 'a' && h <= 'f')
        cp |= static_cast<unsigned>(h - 'a' + 10);
      else
        return false;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) return false;
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return true;
  }

  /// A basic string; multi_line: the body of a multi-line one, whose opening
  /// """ and newline are read.
  bool string(std::string& out, bool multi_line = false) {
    if (!multi_line && !literal("\"")) return false;
    out.clear();
    std::size_t clean = p_;
    while (p_ < s_.size()) {
      if (const std::size_t run = scan::plain_prefix(s_.data() + p_, s_.size() - p_, true)) {
        p_ += run;
        continue;
      }
      const auto c = static_cast<unsigned char>(s_[p_]);
      if (c == '"') {
        if (!multi_line || s_.compare(p_, 3, "\"\"\"") == 0) {
          out.append(s_.data() + clean, p_ - clean);
          p_ += multi_line ? 3 : 1;
          // Quotes after the closing delimiter would belong to the text.
          return !(multi_line && p_ < s_.size() && s_[p_] == '"');
        }
        ++p_;
      } else if (c == '\\') {
        out.append(s_.data() + clean, p_ - clean);
        if (!escape(out)) return false;
        clean = p_;
      } else if (c >= 0x80) {
        const std::size_t n = utf8_length(s_, p_);
        if (n == 0) return false;
        p_ += n;
      } else if ((c < 0x20 && !(multi_line && c == '\n')) || c == 0x7F) {
        return false;
      } else {
        ++p_;
      }
    }
    return false;
  }

  bool multi_line(std::string& out) { return string(out, true); }

  std::string_view s_;
  std::size_t p_ = 0;
};
}  // namespace

std::string write_ticket(const Ticket& t) {
  std::string out;
  out.reserve(640 + 320 * t.log.size());
  put_number(out, "format", t.format);
  put_string(out, "id", t.id);
  put_string(out, "title", t.title);
  put_name(out, "status", to_string(t.status));
  put_name(out, "priority", to_string(t.priority));
  put_string(out, "category", t.category);
  put_number(out, "tier", t.tier);
  put_string(out, "group", t.group);
  put_string(out, "assignee", t.assignee);
  put_string(out, "owner", t.owner);
  put_number(out, "escalations", t.escalations);
  put_number(out, "handbacks", t.handbacks);
  put_tags(out, "tags", t.tags);
  put_time(out, "created", t.created);
  put_time(out, "updated", t.updated);
  if (t.csat) put_number(out, "csat", *t.csat);

  out += "\n[requester]\n";
  put_string(out, "name", t.requester.name);
  put_string(out, "email", t.requester.email);
  put_string(out, "organization", t.requester.organization);

  if (!t.details.empty()) {
    out += "\n[details]\n";
    put_details(out, t.details);
  }

  if (t.appointment) {
    out += "\n[appointment]\n";
    put_time(out, "at", t.appointment->at);
    put_string(out, "place", t.appointment->place);
    put_string(out, "technician", t.appointment->technician);
  }

  for (const LogEntry& e : t.log) put_entry(out, e);
  return out;
}

Ticket parse_ticket(std::string_view text, std::string_view path) {
  {
    Ticket t;
    Canonical c(text);
    if (c.header(t) && c.log(t.log)) return t;
  }
  return detail::parse_ticket_toml(text, path);
}

Header parse_header(std::string_view text, std::string_view path) {
  {
    Header h;
    Canonical c(text);
    if (c.header(h) && only_log_tables(c.rest())) return h;
  }
  const std::size_t cut = log_start(text);
  if (cut == std::string_view::npos || only_log_tables(text.substr(cut))) {
    try {
      toml::table root = toml::parse(text.substr(0, cut), std::string_view{});
      Reader r(path);
      Header h;
      read_root(r, root, h, nullptr, path);
      if (!r.failed()) return h;
    } catch (const toml::parse_error&) {
    } catch (const Error&) {
    }
  }
  // Not a plain header (or a bad one): parse it all, for the right header or
  // parse_ticket's own error.
  return std::move(parse_ticket(text, path).header());
}

namespace detail {

Ticket parse_ticket_toml(std::string_view text, std::string_view path) {
  toml::table root = parse_toml(text, path);
  Reader r(path);
  Ticket t;
  read_root(r, root, t, &t.log, path);
  r.check();
  return t;
}

}  // namespace detail

}  // namespace tier::formats
