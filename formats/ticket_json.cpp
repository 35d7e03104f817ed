#include "formats/ticket_json.hpp"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <utility>

#include "core/error.hpp"
#include "core/time.hpp"
#include "formats/text_scan.hpp"

namespace tier::formats {

using nlohmann::json;

namespace {

json requester_to_json(const Requester& r) {
  return json::object({{"name", r.name}, {"email", r.email}, {"organization", r.organization}});
}

json appointment_to_json(const Appointment& a) {
  return json::object(
      {{"at", format_time(a.at)}, {"place", a.place}, {"technician", a.technician}});
}

/// A subject for a message: in single quotes, on one line.
std::string subject(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string q = "'";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\n') {
      q += "\\n";
    } else if (c == '\t') {
      q += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      q += "\\u00";
      q += hex[c >> 4];
      q += hex[c & 15];
    } else {
      q += ch;
    }
  }
  q += '\'';
  return q;
}

/// Reads the members of one object; `context` names it in messages
/// ("", " in requester", " in log[2]").
class In {
 public:
  In(std::string_view where, std::string context) : where_(where), context_(std::move(context)) {}

  [[noreturn]] void fail(std::string what) const {
    std::string m(where_);
    m += ": ";
    m += what;
    m += context_;
    throw Error(Exit::Invalid, m);
  }

  [[noreturn]] void must_be(std::string_view key, std::string_view what) const {
    fail(subject(key) + " must be " + std::string(what));
  }

  [[noreturn]] void unknown(std::string_view key) const { fail("unknown key " + subject(key)); }
  [[noreturn]] void missing(std::string_view key) const { fail("missing key " + subject(key)); }

  const json& object(const json& j, std::string_view key) const {
    if (!j.is_object()) must_be(key, "an object");
    return j;
  }

  const std::string& string(const json& j, std::string_view key) const {
    if (!j.is_string()) must_be(key, "a string");
    return j.get_ref<const std::string&>();
  }

  int integer(const json& j, std::string_view key, int lo, int hi) const {
    if (!j.is_number_integer()) must_be(key, "an integer");
    const std::int64_t n = j.is_number_unsigned()
                               ? static_cast<std::int64_t>(std::min<std::uint64_t>(
                                     j.get<std::uint64_t>(), std::uint64_t{INT64_MAX}))
                               : j.get<std::int64_t>();
    if (n >= lo && n <= hi) return static_cast<int>(n);
    if (hi != INT_MAX)
      must_be(key, "between " + std::to_string(lo) + " and " + std::to_string(hi));
    if (lo == 0) must_be(key, "zero or more");
    must_be(key, std::to_string(lo) + " or more");
  }

  bool boolean(const json& j, std::string_view key) const {
    if (!j.is_boolean()) must_be(key, "a boolean");
    return j.get<bool>();
  }

  Time time(const json& j, std::string_view key) const {
    if (j.is_string())
      if (const std::optional<Time> t = parse_time(j.get_ref<const std::string&>())) return *t;
    must_be(key, "a date-time");
  }

  template <class E>
  E enumerator(const json& j, std::string_view key,
               std::optional<E> (*parse)(std::string_view)) const {
    const std::string& s = string(j, key);
    if (const std::optional<E> e = parse(s)) return *e;
    fail("unknown " + std::string(key) + " " + subject(s));
  }

  std::string connection(const json& j) const {
    const std::string& s = string(j, "connection");
    if (!s.empty() && s != "wired" && s != "wireless") fail("unknown connection " + subject(s));
    return s;
  }

  std::vector<std::string> tags(const json& j, std::string_view key) const {
    if (!j.is_array()) must_be(key, "an array of strings");
    std::vector<std::string> out;
    out.reserve(j.size());
    for (const json& x : j) {
      if (!x.is_string()) must_be(key, "an array of strings");
      out.push_back(x.get<std::string>());
    }
    return out;
  }

  Requester requester(const json& j, std::string_view key, std::string context) const {
    object(j, key);
    const In in(where_, std::move(context));
    Requester r;
    bool email = false;
    for (auto it = j.begin(); it != j.end(); ++it) {
      const std::string& k = it.key();
      if (k == "name") {
        r.name = in.string(*it, k);
      } else if (k == "email") {
        r.email = in.string(*it, k);
        email = true;
      } else if (k == "organization") {
        r.organization = in.string(*it, k);
      } else {
        in.unknown(k);
      }
    }
    if (!email) in.missing("email");
    return r;
  }

  Appointment appointment(const json& j, std::string_view key, std::string context) const {
    object(j, key);
    const In in(where_, std::move(context));
    Appointment a;
    bool at = false;
    for (auto it = j.begin(); it != j.end(); ++it) {
      const std::string& k = it.key();
      if (k == "at") {
        a.at = in.time(*it, k);
        at = true;
      } else if (k == "place") {
        a.place = in.string(*it, k);
      } else if (k == "technician") {
        a.technician = in.string(*it, k);
      } else {
        in.unknown(k);
      }
    }
    if (!at) in.missing("at");
    return a;
  }

  /// A template key into its field; false when `key` is not one.
  bool detail(const json& j, std::string_view key, Details& d) const {
    if (key == "connection") {
      d.connection = connection(j);
      return true;
    }
    std::string* field = d.field(key);
    if (!field) return false;
    *field = string(j, key);
    return true;
  }

  const std::string& context() const { return context_; }
  std::string_view where() const { return where_; }

 private:
  std::string_view where_;
  std::string context_;
};

LogEntry entry_from_json(const json& j, const In& in) {
  if (!j.is_object()) in.fail("a log entry must be an object");
  LogEntry e;
  bool at = false, by = false, event = false;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    const json& v = *it;
    if (k == "at") {
      e.at = in.time(v, k);
      at = true;
    } else if (k == "by") {
      e.by = in.string(v, k);
      by = true;
    } else if (k == "event") {
      e.event = in.enumerator(v, k, parse_event);
      event = true;
    } else if (k == "to") {
      e.to = in.string(v, k);
    } else if (k == "tier") {
      e.tier = in.integer(v, k, 1, INT_MAX);
    } else if (k == "assignee") {
      e.assignee = in.string(v, k);
    } else if (k == "visibility") {
      e.visibility = in.enumerator(v, k, parse_visibility);
    } else if (k == "pending") {
      e.pending = in.boolean(v, k);
    } else if (k == "title") {
      e.title = in.string(v, k);
    } else if (k == "priority") {
      e.priority = in.enumerator(v, k, parse_priority);
    } else if (k == "category") {
      e.category = in.string(v, k);
    } else if (k == "tags") {
      e.tags = in.tags(v, k);
    } else if (k == "requester") {
      e.requester = in.requester(v, k, in.context() + ".requester");
    } else if (k == "appointment") {
      e.appointment = in.appointment(v, k, in.context() + ".appointment");
    } else if (k == "score") {
      e.score = in.integer(v, k, 1, 5);
    } else if (k == "void") {
      e.void_reason = in.string(v, k);
    } else if (k == "text") {
      e.text = in.string(v, k);
    } else if (k == "message_id") {
      e.message_id = in.string(v, k);
    } else if (k == "attachments") {
      if (!v.is_array()) in.must_be(k, "an array of objects");
      for (const json& x : v) {
        const In inner(in.where(), in.context() + ".attachments");
        if (!x.is_object()) in.must_be(k, "an array of objects");
        Attachment& a = e.attachments.emplace_back();
        bool has[4] = {};
        for (const auto& [ak, av] : x.items()) {
          if (ak == "name") a.name = inner.string(av, ak), has[0] = true;
          else if (ak == "type") a.type = inner.string(av, ak), has[1] = true;
          else if (ak == "id") a.id = inner.string(av, ak), has[3] = true;
          else if (ak == "size") {
            if (!av.is_number_unsigned()) inner.must_be(ak, "zero or more");
            a.size = av.get<std::uint64_t>();
            has[2] = true;
          } else {
            inner.unknown(ak);
          }
        }
        if (!has[0]) inner.missing("name");
        if (!has[1]) inner.missing("type");
        if (!has[2]) inner.missing("size");
        if (!has[3]) inner.missing("id");
      }
    } else if (k == "article") {
      e.article = in.string(v, k);
    } else if (!in.detail(v, k, e.details)) {
      in.unknown(k);
    }
  }
  if (!at) in.missing("at");
  if (!by) in.missing("by");
  if (!event) in.missing("event");
  return e;
}

}  // namespace

namespace {

void append_int(std::string& out, long long v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, std::size_t(r.ptr - buf));
}

// `"key":` with the comma before it unless it is the object's first.
void put_key(std::string& out, std::string_view key, bool& first) {
  char buf[32];  // the longest key is "appointment"
  std::size_t n = 0;
  if (!first) buf[n++] = ',';
  first = false;
  buf[n++] = '"';
  std::memcpy(buf + n, key.data(), key.size());
  n += key.size();
  buf[n++] = '"';
  buf[n++] = ':';
  out.append(buf, n);
}

void put_string(std::string& out, std::string_view key, std::string_view value, bool& first) {
  put_key(out, key, first);
  append_json_string(out, value);
}

void put_time(std::string& out, std::string_view key, Time value, bool& first) {
  put_key(out, key, first);
  out += '"';
  append_time(out, value);
  out += '"';
}

void put_int(std::string& out, std::string_view key, long long value, bool& first) {
  put_key(out, key, first);
  append_int(out, value);
}

void put_tags(std::string& out, std::string_view key, const std::vector<std::string>& tags, bool& first) {
  put_key(out, key, first);
  out += '[';
  for (std::size_t i = 0; i < tags.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, tags[i]);
  }
  out += ']';
}

void put_requester(std::string& out, const Requester& r) {
  bool first = true;
  out += '{';
  put_string(out, "email", r.email, first);
  put_string(out, "name", r.name, first);
  put_string(out, "organization", r.organization, first);
  out += '}';
}

void put_appointment(std::string& out, const Appointment& a) {
  bool first = true;
  out += '{';
  put_time(out, "at", a.at, first);
  put_string(out, "place", a.place, first);
  put_string(out, "technician", a.technician, first);
  out += '}';
}

// log_entry_to_json(e).dump(): the set keys, in sorted order.
void put_entry(std::string& out, const LogEntry& e) {
  bool first = true;
  out += '{';
  if (e.appointment) {
    put_key(out, "appointment", first);
    put_appointment(out, *e.appointment);
  }
  if (!e.article.empty()) put_string(out, "article", e.article, first);
  if (!e.details.asset.empty()) put_string(out, "asset", e.details.asset, first);
  if (!e.assignee.empty()) put_string(out, "assignee", e.assignee, first);
  put_time(out, "at", e.at, first);
  if (!e.attachments.empty()) {
    put_key(out, "attachments", first);
    out += '[';
    for (std::size_t i = 0; i < e.attachments.size(); ++i) {
      const Attachment& f = e.attachments[i];
      bool inner = true;
      out += i ? ",{" : "{";
      put_string(out, "id", f.id, inner);
      put_string(out, "name", f.name, inner);
      put_int(out, "size", static_cast<long long>(f.size), inner);
      put_string(out, "type", f.type, inner);
      out += '}';
    }
    out += ']';
  }
  put_string(out, "by", e.by, first);
  if (e.category) put_string(out, "category", *e.category, first);
  if (!e.details.connection.empty()) put_string(out, "connection", e.details.connection, first);
  put_string(out, "event", to_string(e.event), first);
  if (!e.details.location.empty()) put_string(out, "location", e.details.location, first);
  if (!e.message_id.empty()) put_string(out, "message_id", e.message_id, first);
  if (e.pending) {
    put_key(out, "pending", first);
    out += "true";
  }
  if (e.priority) put_string(out, "priority", to_string(*e.priority), first);
  if (e.requester) {
    put_key(out, "requester", first);
    put_requester(out, *e.requester);
  }
  if (e.score != 0) put_int(out, "score", e.score, first);
  if (!e.details.symptoms.empty()) put_string(out, "symptoms", e.details.symptoms, first);
  if (e.tags) put_tags(out, "tags", *e.tags, first);
  if (!e.text.empty()) put_string(out, "text", e.text, first);
  if (e.tier != 0) put_int(out, "tier", e.tier, first);
  if (e.title) put_string(out, "title", *e.title, first);
  if (!e.to.empty()) put_string(out, "to", e.to, first);
  if (!e.details.tried.empty()) put_string(out, "tried", e.details.tried, first);
  if (e.visibility) put_string(out, "visibility", to_string(*e.visibility), first);
  if (!e.void_reason.empty()) put_string(out, "void", e.void_reason, first);
  out += '}';
}

// header_to_json(h).dump(), with "log" in its place when `log` is given.
void put_header(std::string& out, const Header& h, const std::vector<LogEntry>* log) {
  bool first = true;
  out += '{';
  put_key(out, "appointment", first);
  if (h.appointment) put_appointment(out, *h.appointment);
  else out += "null";
  put_string(out, "assignee", h.assignee, first);
  put_string(out, "category", h.category, first);
  put_time(out, "created", h.created, first);
  put_key(out, "csat", first);
  if (h.csat) append_int(out, *h.csat);
  else out += "null";
  put_key(out, "details", first);
  {
    bool d = true;
    out += '{';
    put_string(out, "asset", h.details.asset, d);
    put_string(out, "connection", h.details.connection, d);
    put_string(out, "location", h.details.location, d);
    put_string(out, "symptoms", h.details.symptoms, d);
    put_string(out, "tried", h.details.tried, d);
    out += '}';
  }
  put_int(out, "escalations", h.escalations, first);
  put_int(out, "format", h.format, first);
  put_string(out, "group", h.group, first);
  put_int(out, "handbacks", h.handbacks, first);
  put_string(out, "id", h.id, first);
  if (log) {
    put_key(out, "log", first);
    out += '[';
    for (std::size_t i = 0; i < log->size(); ++i) {
      if (i) out += ',';
      put_entry(out, (*log)[i]);
    }
    out += ']';
  }
  put_string(out, "owner", h.owner, first);
  put_string(out, "priority", to_string(h.priority), first);
  put_key(out, "requester", first);
  put_requester(out, h.requester);
  put_string(out, "status", to_string(h.status), first);
  put_tags(out, "tags", h.tags, first);
  put_int(out, "tier", h.tier, first);
  put_string(out, "title", h.title, first);
  put_time(out, "updated", h.updated, first);
  out += '}';
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  const std::size_t start = out.size();
  out += '"';
  std::size_t i = 0, clean = 0;
  while ((i += scan::plain_prefix(s.data() + i, s.size() - i, false)) < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      if (const std::size_t n = scan::utf8_length(s, i)) {
        i += n;
        continue;
      }
      // What stands for invalid UTF-8 is nlohmann's choice, so nlohmann writes it.
      out.resize(start);
      out += json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
      return;
    }
    out.append(s.data() + clean, i - clean);
    clean = ++i;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 15];
    }
  }
  out.append(s.data() + clean, s.size() - clean);
  out += '"';
}

void append_header_json(std::string& out, const Header& h) { put_header(out, h, nullptr); }

void append_ticket_json(std::string& out, const Ticket& t) { put_header(out, t, &t.log); }

json log_entry_to_json(const LogEntry& e) {
  json j = json::object();
  j["at"] = format_time(e.at);
  j["by"] = e.by;
  j["event"] = to_string(e.event);
  if (!e.to.empty()) j["to"] = e.to;
  if (e.tier != 0) j["tier"] = e.tier;
  if (!e.assignee.empty()) j["assignee"] = e.assignee;
  if (e.visibility) j["visibility"] = to_string(*e.visibility);
  if (e.pending) j["pending"] = true;
  if (e.title) j["title"] = *e.title;
  if (e.priority) j["priority"] = to_string(*e.priority);
  if (e.category) j["category"] = *e.category;
  if (e.tags) j["tags"] = *e.tags;
  if (e.requester) j["requester"] = requester_to_json(*e.requester);
  if (!e.message_id.empty()) j["message_id"] = e.message_id;
  for (const std::string_view name : Details::names())
    if (const std::string* v = e.details.field(name); !v->empty()) j[std::string(name)] = *v;
  if (e.appointment) j["appointment"] = appointment_to_json(*e.appointment);
  if (e.score != 0) j["score"] = e.score;
  if (!e.attachments.empty()) {
    json list = json::array();
    for (const auto& a : e.attachments)
      list.push_back({{"name", a.name}, {"type", a.type}, {"size", a.size}, {"id", a.id}});
    j["attachments"] = std::move(list);
  }
  if (!e.article.empty()) j["article"] = e.article;
  if (!e.void_reason.empty()) j["void"] = e.void_reason;
  if (!e.text.empty()) j["text"] = e.text;
  return j;
}

json header_to_json(const Header& h) {
  json j = json::object();
  j["format"] = h.format;
  j["id"] = h.id;
  j["title"] = h.title;
  j["status"] = to_string(h.status);
  j["priority"] = to_string(h.priority);
  j["category"] = h.category;
  j["tier"] = h.tier;
  j["group"] = h.group;
  j["assignee"] = h.assignee;
  j["owner"] = h.owner;
  j["escalations"] = h.escalations;
  j["handbacks"] = h.handbacks;
  j["tags"] = h.tags;
  j["created"] = format_time(h.created);
  j["updated"] = format_time(h.updated);
  j["csat"] = h.csat ? json(*h.csat) : json(nullptr);
  j["requester"] = requester_to_json(h.requester);
  json details = json::object();
  for (const std::string_view name : Details::names())
    details[std::string(name)] = *h.details.field(name);
  j["details"] = std::move(details);
  j["appointment"] = h.appointment ? appointment_to_json(*h.appointment) : json(nullptr);
  return j;
}

json ticket_to_json(const Ticket& t) {
  json j = header_to_json(t);
  json log = json::array();
  for (const LogEntry& e : t.log) log.push_back(log_entry_to_json(e));
  j["log"] = std::move(log);
  return j;
}

json requester_to_json(const RequesterView& v) {
  json log = json::array();
  for (const auto& e : v.log) {
    json entry = {{"at", format_time(e.at)}, {"by", e.by}, {"event", to_string(e.event)}, {"text", e.text}};
    if (!e.attachments.empty()) entry["attachments"] = log_entry_to_json(e)["attachments"];
    log.push_back(std::move(entry));
  }
  return {{"id", v.id},
          {"title", v.title},
          {"status", requester_status(v.status)},
          {"created", format_time(v.created)},
          {"updated", format_time(v.updated)},
          {"requester", {{"name", v.requester.name}, {"email", v.requester.email}}},
          {"log", log}};
}

Ticket ticket_from_json(const json& j, std::string_view where) {
  const In in(where, "");
  if (!j.is_object()) in.fail("a ticket must be an object");
  if (const auto f = j.find("format"); f != j.end() && f->is_number_integer() && *f != 1)
    in.fail("unsupported format " + f->dump());

  Ticket t;
  bool format = false, id = false, title = false, status = false, created = false,
       updated = false, requester = false;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    const json& v = *it;
    if (k == "format") {
      t.format = in.integer(v, k, 1, 1);
      format = true;
    } else if (k == "id") {
      t.id = in.string(v, k);
      id = true;
    } else if (k == "title") {
      t.title = in.string(v, k);
      title = true;
    } else if (k == "status") {
      t.status = in.enumerator(v, k, parse_status);
      status = true;
    } else if (k == "priority") {
      t.priority = in.enumerator(v, k, parse_priority);
    } else if (k == "category") {
      t.category = in.string(v, k);
    } else if (k == "tier") {
      t.tier = in.integer(v, k, 1, INT_MAX);
    } else if (k == "group") {
      t.group = in.string(v, k);
    } else if (k == "assignee") {
      t.assignee = in.string(v, k);
    } else if (k == "owner") {
      t.owner = in.string(v, k);
    } else if (k == "escalations") {
      t.escalations = in.integer(v, k, 0, INT_MAX);
    } else if (k == "handbacks") {
      t.handbacks = in.integer(v, k, 0, INT_MAX);
    } else if (k == "tags") {
      t.tags = in.tags(v, k);
    } else if (k == "created") {
      t.created = in.time(v, k);
      created = true;
    } else if (k == "updated") {
      t.updated = in.time(v, k);
      updated = true;
    } else if (k == "csat") {
      if (!v.is_null()) t.csat = in.integer(v, k, 1, 5);
    } else if (k == "requester") {
      t.requester = in.requester(v, k, " in requester");
      requester = true;
    } else if (k == "details") {
      in.object(v, k);
      const In details(where, " in details");
      for (auto d = v.begin(); d != v.end(); ++d)
        if (!details.detail(*d, d.key(), t.details)) details.unknown(d.key());
    } else if (k == "appointment") {
      if (!v.is_null()) t.appointment = in.appointment(v, k, " in appointment");
    } else if (k == "log") {
      if (!v.is_array()) in.must_be(k, "an array");
      t.log.reserve(v.size());
      for (std::size_t i = 0; i < v.size(); ++i)
        t.log.push_back(entry_from_json(v[i], In(where, " in log[" + std::to_string(i) + "]")));
    } else {
      in.unknown(k);
    }
  }
  if (!format) in.missing("format");
  if (!id) in.missing("id");
  if (!title) in.missing("title");
  if (!status) in.missing("status");
  if (!created) in.missing("created");
  if (!updated) in.missing("updated");
  if (!requester) in.missing("requester");
  return t;
}

}  // namespace tier::formats
