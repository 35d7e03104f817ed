#include "formats/ticket_json.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "core/error.hpp"
#include "core/time.hpp"

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
  for (const auto& e : v.log)
    log.push_back({{"at", format_time(e.at)}, {"by", e.by}, {"event", to_string(e.event)}, {"text", e.text}});
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
