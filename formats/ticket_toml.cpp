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

namespace tier::formats {
namespace {

// Writing.

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

/// The length of the well-formed UTF-8 sequence starting at s[i], whose first
/// byte is not ASCII, or 0 when there is none (RFC 3629: no overlong forms,
/// no surrogates, nothing above U+10FFFF).
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (s.size() - i < n || byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return n;
}

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

void put_time(std::string& out, std::string_view key, Time t) {
  put_key(out, key);
  out += format_time(t);
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
  put_details(out, e.details);
  if (e.appointment) {
    out += "appointment = { at = ";
    out += format_time(e.appointment->at);
    out += ", place = ";
    put_quoted(out, e.appointment->place);
    out += ", technician = ";
    put_quoted(out, e.appointment->technician);
    out += " }\n";
  }
  if (e.score != 0) put_number(out, "score", e.score);
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
    std::string m(path);
    m += ':';
    m += std::to_string(line);
    m += ':';
    m += std::to_string(column);
    m += ": ";
    m += what;
    return Error(Exit::Invalid, m);
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

  std::string_view where() const { return where_; }
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

void read_details(const Values& outer, toml::node& v, Details& out) {
  toml::table* t = outer.table(v, "details");
  if (!t) return;
  const Values in(outer.reader(), " in [details]");
  for (auto&& [k, x] : *t)
    if (!take_detail(in, k.str(), x, out)) in.unknown(k);
}

enum class LogKey {
  At, By, Event, To, Tier, Assignee, Visibility, Pending, Title, Priority, Category, Tags,
  Requester, Appointment, Score, Void, Text,
};
constexpr std::array<std::string_view, 17> log_keys = {
    "at",       "by",       "event", "to",          "tier",  "assignee", "visibility", "pending",
    "title",    "priority", "category", "tags",     "requester", "appointment", "score", "void",
    "text"};

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

/// Whether a line after the first [[log]] may be a table header other than
/// [[log]]: one that starts with '[' and ends with ']' or holds a comment.
/// (A line of a note such as "[error] disk full" is not: as a header it
/// would not parse.)
bool only_log_tables(std::string_view rest) {
  std::size_t pos = 0;
  while ((pos = rest.find('\n', pos)) != std::string_view::npos) {
    std::size_t b = ++pos;
    while (b < rest.size() && (rest[b] == ' ' || rest[b] == '\t')) ++b;
    if (b == rest.size() || rest[b] != '[') continue;
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
  toml::table root = parse_toml(text, path);
  Reader r(path);
  Ticket t;
  read_root(r, root, t, &t.log, path);
  r.check();
  return t;
}

Header parse_header(std::string_view text, std::string_view path) {
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

}  // namespace tier::formats
