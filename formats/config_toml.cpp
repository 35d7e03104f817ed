#include "formats/config_toml.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include <toml++/toml.h>

#include "core/error.hpp"
#include "core/notify.hpp"
#include "core/ticket.hpp"
#include "core/time.hpp"
#include "core/zone.hpp"
#include "formats/mail_out.hpp"

namespace tier::formats {
namespace {

constexpr std::array<std::string_view, 10> default_free_mail = {
    "gmail.com", "googlemail.com", "hotmail.com", "outlook.com", "live.com",
    "yahoo.com", "icloud.com",     "aol.com",     "proton.me",   "gmx.com"};

constexpr std::array<std::string_view, 15> top_level_keys = {
    "store", "rules", "organization", "group", "route", "sla", "notify", "sync",
    "admins", "server", "agent", "agents", "limits", "kb", "hours"};

// Caps on [agents]: entries, and bytes of an address and of a display name.
constexpr std::size_t max_agents = 10000;
constexpr std::size_t max_email = 254;
constexpr std::size_t max_display_name = 200;

struct Pos {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  friend auto operator<=>(const Pos&, const Pos&) = default;
};

Pos pos_of(const toml::source_region& r) { return {r.begin.line, r.begin.column}; }

/// A string value and where it was written, for messages about it later.
struct Located {
  std::string value;
  Pos at;
};

struct OrganizationIn {
  Located id;
  std::string name;
  std::vector<Located> domains;
  Located intake;
  std::vector<Located> escalation;
};

struct GroupIn {
  Located id;
  int tier = 1;
  std::vector<Located> members;
  std::vector<Located> leads;
  std::optional<Located> escalate_to;
};

struct RouteIn {
  Located category;
  Located group;
};

struct AgentIn {
  Located email;
  std::string name;
  std::string short_name;  // the [agents] key; empty for an [[agent]] table
};

/// Everything read from the file before the tables are checked against each other.
struct Input {
  Policy policy;  // the scalar settings, filled in as they are read
  bool has_free_mail = false;
  std::vector<OrganizationIn> organizations;
  std::vector<GroupIn> groups;
  std::vector<RouteIn> routes;
  std::vector<Located> admins;
  std::vector<AgentIn> agents;
  std::vector<Located> kb_editors;
  // [hours.organization.<id>] and [hours.group.<id>], with where the id is written.
  std::vector<std::pair<Located, Hours>> hours_organizations, hours_groups;
};

/// Quoted for a message, with control characters escaped so that it stays one line.
std::string quoted(std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "'";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      out += "\\x";
      out += hex[u >> 4];
      out += hex[u & 0xf];
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

bool is_domain(std::string_view d) {
  if (d.empty() || d.front() == '.' || d.back() == '.' || d.find("..") != std::string_view::npos)
    return false;
  return std::all_of(d.begin(), d.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.';
  });
}

/// Collects problems as the file is read, so that the first one in the file
/// is the one reported however the tables are visited.
class Reader {
 public:
  explicit Reader(std::string_view path) : path_(path) {}

  void problem(Pos at, std::string what) { problems_.push_back({at, std::move(what)}); }
  void problem(const toml::source_region& where, std::string what) {
    problem(pos_of(where), std::move(what));
  }

  /// Throws the earliest problem, if there is one.
  void raise() const {
    if (problems_.empty()) return;
    const auto first = std::min_element(problems_.begin(), problems_.end(),
                                        [](const auto& a, const auto& b) { return a.at < b.at; });
    throw Error::at(Exit::Invalid, {path_, int(first->at.line), int(first->at.column)}, first->what);
  }

  /// Reports every key of `t` not in `keys`; `where` is the table as written ("[[group]]").
  void only(const toml::table& t, std::initializer_list<std::string_view> keys, std::string_view where) {
    for (auto&& [key, value] : t) {
      (void)value;
      if (std::find(keys.begin(), keys.end(), key.str()) == keys.end()) {
        problem(key.source(), "unknown key " + quoted(key.str()) + " in " + std::string(where));
        with_unknown_keys_.push_back(&t);
      }
    }
  }

  /// The value of a required key, or null when it is missing. That is
  /// reported unless the table has an unknown key, most likely the required
  /// one misspelt, which is the better message.
  const toml::node* need(const toml::table& t, std::string_view key, std::string_view where) {
    const toml::node* n = t.get(key);
    if (!n && std::find(with_unknown_keys_.begin(), with_unknown_keys_.end(), &t) == with_unknown_keys_.end())
      problem(t.source(), "missing key " + quoted(key) + " in " + std::string(where));
    return n;
  }

  std::optional<Located> get_string(const toml::node* n, std::string_view key) {
    if (!n) return std::nullopt;
    if (const auto* s = n->as_string()) return Located{s->get(), pos_of(n->source())};
    problem(n->source(), quoted(key) + " must be a string");
    return std::nullopt;
  }

  /// A string that must not be empty, as an id.
  std::optional<Located> get_id(const toml::node* n, std::string_view key, std::string_view where) {
    auto v = get_string(n, key);
    if (v && v->value.empty()) {
      problem(v->at, quoted(key) + " in " + std::string(where) + " must not be empty");
      return std::nullopt;
    }
    return v;
  }

  std::optional<std::int64_t> get_integer(const toml::node* n, std::string_view key) {
    if (!n) return std::nullopt;
    if (const auto* i = n->as_integer()) return i->get();
    problem(n->source(), quoted(key) + " must be an integer");
    return std::nullopt;
  }

  std::optional<bool> get_boolean(const toml::node* n, std::string_view key) {
    if (!n) return std::nullopt;
    if (const auto* b = n->as_boolean()) return b->get();
    problem(n->source(), quoted(key) + " must be a boolean");
    return std::nullopt;
  }

  std::optional<std::vector<Located>> get_strings(const toml::node* n, std::string_view key) {
    if (!n) return std::nullopt;
    const auto* a = n->as_array();
    if (!a) {
      problem(n->source(), quoted(key) + " must be an array of strings");
      return std::nullopt;
    }
    std::vector<Located> out;
    bool ok = true;
    for (const toml::node& e : *a) {
      if (const auto* s = e.as_string()) {
        out.push_back({s->get(), pos_of(e.source())});
      } else {
        problem(e.source(), quoted(key) + " must be an array of strings");
        ok = false;
      }
    }
    if (!ok) return std::nullopt;
    return out;
  }

  /// Addresses, lower-cased; a malformed one is reported.
  std::vector<Located> get_emails(const toml::node* n, std::string_view key, std::string_view where) {
    std::vector<Located> out;
    for (auto& e : get_strings(n, key).value_or(std::vector<Located>{})) {
      if (!looks_like_email(e.value)) {
        problem(e.at, "bad e-mail address " + quoted(e.value) + " for " + quoted(key) + " in " +
                          std::string(where));
        continue;
      }
      e.value = lower(e.value);
      out.push_back(std::move(e));
    }
    return out;
  }

  /// Domains, lower-cased; a malformed one is reported.
  std::vector<Located> get_domains(const toml::node* n, std::string_view key, std::string_view where) {
    std::vector<Located> out;
    for (auto& d : get_strings(n, key).value_or(std::vector<Located>{})) {
      if (!is_domain(d.value)) {
        problem(d.at, "bad domain " + quoted(d.value) + " for " + quoted(key) + " in " + std::string(where));
        continue;
      }
      d.value = lower(d.value);
      out.push_back(std::move(d));
    }
    return out;
  }

  /// A duration in seconds; nullopt when absent or bad (reported).
  std::optional<std::int64_t> get_duration(const toml::node* n, std::string_view key, std::string_view where) {
    const auto s = get_string(n, key);
    if (!s) return std::nullopt;
    const auto seconds = parse_duration(s->value);
    if (!seconds)
      problem(s->at, "bad duration " + quoted(s->value) + " for " + quoted(key) + " in " + std::string(where));
    return seconds;
  }

  const toml::table* get_table(const toml::node* n, std::string_view key) {
    if (!n) return nullptr;
    if (const auto* t = n->as_table()) return t;
    problem(n->source(), quoted(key) + " must be a table");
    return nullptr;
  }

  /// The tables of an array of tables ([[key]]); a non-table element is reported.
  std::vector<const toml::table*> get_tables(const toml::node* n, std::string_view key) {
    std::vector<const toml::table*> out;
    if (!n) return out;
    const auto* a = n->as_array();
    if (!a) {
      problem(n->source(), quoted(key) + " must be an array of tables");
      return out;
    }
    for (const toml::node& e : *a) {
      if (const auto* t = e.as_table())
        out.push_back(t);
      else
        problem(e.source(), quoted(key) + " must be an array of tables");
    }
    return out;
  }

 private:
  struct Problem {
    Pos at;
    std::string what;
  };
  std::string path_;
  std::vector<Problem> problems_;
  std::vector<const toml::table*> with_unknown_keys_;
};

void read_store(Reader& r, const toml::node* n, Input& in) {
  const toml::table* t = r.get_table(n, "store");
  if (!t) return;
  r.only(*t, {"prefix", "timezone"}, "[store]");
  if (auto z = r.get_string(t->get("timezone"), "timezone")) {
    if (Zone::find(z->value))
      in.policy.timezone = z->value;
    else
      r.problem(z->at, "unknown time zone " + quoted(z->value) +
                           ": use an IANA name such as \"America/New_York\" or \"UTC\"");
  }
  if (auto p = r.get_string(t->get("prefix"), "prefix")) {
    if (is_valid_prefix(p->value))
      in.policy.prefix = p->value;
    else
      r.problem(p->at, "bad prefix " + quoted(p->value) +
                           ": use 1 to 8 uppercase letters and digits, starting with a letter");
  }
}

void read_rules(Reader& r, const toml::node* n, Input& in) {
  const toml::table* t = r.get_table(n, "rules");
  if (!t) return;
  constexpr std::string_view where = "[rules]";
  r.only(*t, {"free_mail", "escalation_requires", "public_comments_by"}, where);
  if (const toml::node* f = t->get("free_mail")) {
    in.has_free_mail = true;
    for (const auto& d : r.get_domains(f, "free_mail", where)) in.policy.free_mail.push_back(d.value);
  }
  if (auto fields = r.get_strings(t->get("escalation_requires"), "escalation_requires")) {
    in.policy.escalation_requires.clear();
    const auto& names = Details::names();
    for (const auto& f : *fields) {
      if (std::find(names.begin(), names.end(), f.value) == names.end())
        r.problem(f.at, "unknown field " + quoted(f.value) + " for 'escalation_requires' in [rules]");
      else
        in.policy.escalation_requires.push_back(f.value);
    }
  }
  if (auto who = r.get_string(t->get("public_comments_by"), "public_comments_by")) {
    if (who->value == "owner" || who->value == "any")
      in.policy.public_by_owner = who->value == "owner";
    else
      r.problem(who->at, "'public_comments_by' must be 'owner' or 'any', not " + quoted(who->value));
  }
}

void read_organizations(Reader& r, const toml::node* n, Input& in) {
  constexpr std::string_view where = "[[organization]]";
  for (const toml::table* t : r.get_tables(n, "organization")) {
    r.only(*t, {"id", "name", "domains", "intake", "escalation"}, where);
    OrganizationIn o;
    if (auto id = r.get_id(r.need(*t, "id", where), "id", where)) o.id = *id;
    if (auto name = r.get_string(t->get("name"), "name")) o.name = name->value;
    o.domains = r.get_domains(r.need(*t, "domains", where), "domains", where);
    if (auto intake = r.get_string(r.need(*t, "intake", where), "intake")) o.intake = *intake;
    if (auto esc = r.get_strings(t->get("escalation"), "escalation")) o.escalation = std::move(*esc);
    in.organizations.push_back(std::move(o));
  }
}

void read_groups(Reader& r, const toml::node* n, Input& in) {
  constexpr std::string_view where = "[[group]]";
  for (const toml::table* t : r.get_tables(n, "group")) {
    r.only(*t, {"id", "tier", "members", "leads", "escalate_to"}, where);
    GroupIn g;
    if (auto id = r.get_id(r.need(*t, "id", where), "id", where)) g.id = *id;
    const toml::node* tier_node = r.need(*t, "tier", where);
    if (auto tier = r.get_integer(tier_node, "tier")) {
      if (*tier >= 1 && *tier <= 4)
        g.tier = static_cast<int>(*tier);
      else
        r.problem(tier_node->source(), "'tier' must be from 1 to 4, not " + std::to_string(*tier));
    }
    g.members = r.get_emails(r.need(*t, "members", where), "members", where);
    g.leads = r.get_emails(t->get("leads"), "leads", where);
    g.escalate_to = r.get_string(t->get("escalate_to"), "escalate_to");
    in.groups.push_back(std::move(g));
  }
}

void read_routes(Reader& r, const toml::node* n, Input& in) {
  constexpr std::string_view where = "[[route]]";
  for (const toml::table* t : r.get_tables(n, "route")) {
    r.only(*t, {"category", "group"}, where);
    RouteIn route;
    if (auto c = r.get_id(r.need(*t, "category", where), "category", where)) route.category = *c;
    if (auto g = r.get_string(r.need(*t, "group", where), "group")) route.group = *g;
    in.routes.push_back(std::move(route));
  }
}

void read_sla(Reader& r, const toml::node* n, Input& in) {
  const toml::table* t = r.get_table(n, "sla");
  if (!t) return;
  for (auto&& [key, value] : *t) {
    const auto priority = parse_priority(key.str());
    if (!priority) {
      r.problem(key.source(), "unknown priority " + quoted(key.str()) + " in [sla]");
      continue;
    }
    const toml::table* levels = r.get_table(&value, key.str());
    if (!levels) continue;
    const std::string where = "[sla." + std::string(key.str()) + "]";
    r.only(*levels, {"respond", "resolve"}, where);
    Sla& sla = in.policy.sla[static_cast<std::size_t>(*priority)];
    sla.respond = r.get_duration(levels->get("respond"), "respond", where).value_or(0);
    sla.resolve = r.get_duration(levels->get("resolve"), "resolve", where).value_or(0);
  }
}

constexpr std::array<std::string_view, 7> day_names = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

/// "09:00" as minutes after midnight; "24:00" only when `end`.
std::optional<int> parse_clock(std::string_view s, bool end) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (std::size_t i : {0, 1, 3, 4})
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  const int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && (m != 0 || !end))) return std::nullopt;
  return h * 60 + m;
}

/// The keys of one [hours] table over `hours` (the inherited values).
void read_hours_keys(Reader& r, const toml::table& t, const std::string& where, Hours& hours) {
  if (const toml::node* n = t.get("days")) {
    if (auto days = r.get_strings(n, "days")) {
      std::uint8_t bits = 0;
      for (const auto& d : *days) {
        const auto it = std::find(day_names.begin(), day_names.end(), lower(d.value));
        if (it == day_names.end())
          r.problem(d.at, "unknown day " + quoted(d.value) + " in 'days' of " + where +
                              ": use mon, tue, wed, thu, fri, sat or sun");
        else
          bits = std::uint8_t(bits | (1u << (it - day_names.begin())));
      }
      if (days->empty()) r.problem(n->source(), "'days' in " + where + " names no day");
      hours.days = bits;
    }
  }
  std::optional<Pos> end_at;
  for (const bool end : {false, true}) {
    const std::string_view key = end ? "end" : "start";
    if (auto v = r.get_string(t.get(key), key)) {
      if (auto minutes = parse_clock(v->value, end)) {
        (end ? hours.end : hours.start) = *minutes;
        if (end) end_at = v->at;
      } else {
        r.problem(v->at, "bad time of day " + quoted(v->value) + " for " + quoted(key) + " in " + where +
                             ": use HH:MM, from 00:00 to " + (end ? "24:00" : "23:59"));
      }
    }
  }
  if ((t.contains("start") || t.contains("end")) && hours.end <= hours.start)
    r.problem(end_at ? *end_at : pos_of(t.source()), "'end' must be after 'start' in " + where);
  if (auto z = r.get_string(t.get("timezone"), "timezone")) {
    if (Zone::find(z->value))
      hours.timezone = z->value;
    else
      r.problem(z->at, "unknown time zone " + quoted(z->value) +
                           ": use an IANA name such as \"America/New_York\" or \"UTC\"");
  }
  if (const toml::node* n = t.get("holidays")) {
    const auto* a = n->as_array();
    if (!a) {
      r.problem(n->source(), "'holidays' in " + where + " must be an array of dates");
      return;
    }
    hours.holidays.clear();
    for (const toml::node& e : *a) {
      std::optional<Time> day;
      if (const auto* d = e.as_date()) {
        const toml::date v = d->get();
        day = from_civil(v.year, v.month, v.day);
      } else if (const auto* s = e.as_string(); s && s->get().size() == 10) {
        day = parse_time(s->get());
      }
      if (!day)
        r.problem(e.source(), "'holidays' in " + where + " must be an array of dates, such as 2026-12-25");
      else
        hours.holidays.push_back(day->ms / 86'400'000);
    }
    std::sort(hours.holidays.begin(), hours.holidays.end());
    hours.holidays.erase(std::unique(hours.holidays.begin(), hours.holidays.end()), hours.holidays.end());
  }
}

void read_hours(Reader& r, const toml::node* n, Input& in) {
  const toml::table* t = r.get_table(n, "hours");
  if (!t) return;
  constexpr std::string_view own[] = {"days", "start", "end", "timezone", "holidays"};
  r.only(*t, {"days", "start", "end", "timezone", "holidays", "organization", "group"}, "[hours]");
  Hours base;
  base.timezone = in.policy.timezone;
  read_hours_keys(r, *t, "[hours]", base);
  if (std::any_of(std::begin(own), std::end(own), [&](std::string_view k) { return t->contains(k); }))
    in.policy.hours.all = base;
  for (const bool group : {false, true}) {
    const std::string kind = group ? "group" : "organization";
    const toml::table* each = r.get_table(t->get(kind), kind);
    if (!each) continue;
    for (auto&& [key, value] : *each) {
      const std::string where = "[hours." + kind + "." + std::string(key.str()) + "]";
      const toml::table* sub = r.get_table(&value, key.str());
      if (!sub) continue;
      r.only(*sub, {"days", "start", "end", "timezone", "holidays"}, where);
      Hours h = base;
      read_hours_keys(r, *sub, where, h);
      (group ? in.hours_groups : in.hours_organizations).push_back({{std::string(key.str()), pos_of(key.source())}, h});
    }
  }
}

void read_notify(Reader& r, const toml::node* n, Input& in) {
  const toml::table* t = r.get_table(n, "notify");
  if (!t) return;
  r.only(*t, {"maildir", "sendmail", "from", "name", "where", "keep_sent", "refusal_reply"}, "[notify]");
  auto& notify = in.policy.notify;
  if (auto v = r.get_string(t->get("name"), "name")) {
    if (v->value.find_first_of("<>\"\n\r") != std::string::npos)
      r.problem(v->at, "'name' in [notify] is a display name, without <, > or quotes");
    else
      notify.name = v->value;
  }
  if (auto keep = r.get_duration(t->get("keep_sent"), "keep_sent", "[notify]")) notify.keep_sent = *keep;
  if (auto v = r.get_boolean(t->get("refusal_reply"), "refusal_reply")) notify.refusal_reply = *v;
  if (auto v = r.get_string(t->get("maildir"), "maildir")) notify.maildir = v->value;
  if (auto v = r.get_string(t->get("sendmail"), "sendmail")) {
    notify.sendmail = v->value;
    const auto words = split_command(v->value);
    if (!words)
      r.problem(v->at, "'sendmail' has an unterminated quote or a trailing backslash: " + quoted(v->value));
    else if (words->empty() && !v->value.empty())
      r.problem(v->at, "'sendmail' names no command");
  }
  if (auto v = r.get_string(t->get("from"), "from")) {
    notify.from = v->value;
    if (!v->value.empty() && !valid_mailbox(v->value))
      r.problem(v->at, "'from' must be an address or 'Name <address>', not " + quoted(v->value));
  }
  if (auto v = r.get_string(t->get("where"), "where")) {
    if (v->value == "client" || v->value == "server")
      notify.on_server = v->value == "server";
    else
      r.problem(v->at, "'where' must be 'client' or 'server', not " + quoted(v->value));
  }
}

void read_sync(Reader& r, const toml::node* n, Input& in) {
  const toml::table* t = r.get_table(n, "sync");
  if (!t) return;
  r.only(*t, {"remote", "auto"}, "[sync]");
  if (auto v = r.get_string(t->get("remote"), "remote")) in.policy.sync.remote = v->value;
  if (auto v = r.get_boolean(t->get("auto"), "auto")) in.policy.sync.auto_sync = *v;
}

void read_admins(Reader& r, const toml::node* n, Input& in) {
  const toml::table* t = r.get_table(n, "admins");
  if (!t) return;
  r.only(*t, {"agents"}, "[admins]");
  in.admins = r.get_emails(t->get("agents"), "agents", "[admins]");
}

void read_server(Reader& r, const toml::node* n, Input& in) {
  const toml::table* t = r.get_table(n, "server");
  if (!t) return;
  constexpr std::string_view where = "[server]";
  r.only(*t, {"pusher_env", "require_pusher", "gateways", "pushers", "other_refs", "forward", "max_skew"}, where);
  auto& server = in.policy.server;
  if (auto v = r.get_string(t->get("pusher_env"), "pusher_env")) server.pusher_env = v->value;
  if (auto v = r.get_boolean(t->get("require_pusher"), "require_pusher")) server.require_pusher = *v;
  for (const auto& g : r.get_emails(t->get("gateways"), "gateways", where)) server.gateways.push_back(g.value);
  if (const toml::table* pushers = r.get_table(t->get("pushers"), "pushers")) {
    for (const auto& [name, value] : *pushers) {
      const std::string key(name.str());
      if (auto v = r.get_string(&value, key)) {
        if (!looks_like_email(v->value))
          r.problem(v->at, "bad e-mail address " + quoted(v->value) + " for " + quoted(key) + " in [server.pushers]");
        else
          server.pushers.emplace_back(key, lower(v->value));
      }
    }
  }
  if (auto v = r.get_strings(t->get("other_refs"), "other_refs"))
    for (const auto& pattern : *v) {
      if (pattern.value.rfind("refs/", 0) != 0)
        r.problem(pattern.at, "'other_refs' are patterns of full ref names (refs/...), not " + quoted(pattern.value));
      else
        server.other_refs.push_back(pattern.value);
    }
  if (auto v = r.get_strings(t->get("forward"), "forward"))
    for (const auto& f : *v) server.forward.push_back(f.value);
  if (auto skew = r.get_duration(t->get("max_skew"), "max_skew", where)) server.max_skew = *skew;
}

void read_limits(Reader& r, const toml::node* n, Input& in) {
  const toml::table* t = r.get_table(n, "limits");
  if (!t) return;
  constexpr std::string_view where = "[limits]";
  r.only(*t, {"text", "ticket", "title", "attachment", "message", "timeout", "article"}, where);
  auto& limits = in.policy.limits;
  auto size = [&](std::string_view key, std::size_t& into) {
    if (auto v = r.get_string(t->get(key), key)) {
      if (auto bytes = parse_size(v->value); bytes && *bytes > 0)
        into = *bytes;
      else
        r.problem(v->at, "bad size " + quoted(v->value) + " for " + quoted(key) + " in " + std::string(where) +
                             "; for example \"64K\" or \"1M\"");
    }
  };
  size("text", limits.text);
  size("ticket", limits.ticket);
  size("attachment", limits.attachment);
  size("message", limits.message);
  if (auto seconds = r.get_duration(t->get("timeout"), "timeout", where)) limits.timeout = *seconds;
  size("article", limits.article);
  if (const toml::node* title = t->get("title")) {
    if (auto v = r.get_integer(title, "title")) {
      if (*v < 1 || *v > 100000) r.problem(title->source(), "'title' in [limits] must be from 1 to 100000");
      else limits.title = std::size_t(*v);
    }
  }
}

// [kb]: who publishes articles, and where the site is (tier-kb(5)).
void read_kb(Reader& r, const toml::node* n, Input& in) {
  const toml::table* t = r.get_table(n, "kb");
  if (!t) return;
  constexpr std::string_view where = "[kb]";
  r.only(*t, {"editors", "url"}, where);
  if (auto editors = r.get_strings(t->get("editors"), "editors"))
    for (auto& e : *editors) {
      if (e.value.find('@') == std::string::npos) {
        in.kb_editors.push_back(std::move(e));  // a group, checked with the references
      } else if (looks_like_email(e.value)) {
        e.value = lower(e.value);
        in.kb_editors.push_back(std::move(e));
      } else {
        r.problem(e.at, "bad e-mail address " + quoted(e.value) + " for 'editors' in [kb]");
      }
    }
  if (auto url = r.get_string(t->get("url"), "url")) {
    const std::string& u = url->value;
    const bool web = u.rfind("https://", 0) == 0 || u.rfind("http://", 0) == 0;
    const bool clean = std::none_of(u.begin(), u.end(), [](char c) {
      const auto b = static_cast<unsigned char>(c);
      return b <= 0x20 || b == 0x7f || c == '"' || c == '<' || c == '>' || c == '\\';
    });
    if (!web || !clean || u.size() <= 8)
      r.problem(url->at, "'url' in [kb] must be an http:// or https:// address without spaces, not " + quoted(u));
    else
      in.policy.kb.url = u;
  }
}

void read_agents(Reader& r, const toml::node* n, Input& in) {
  constexpr std::string_view where = "[[agent]]";
  for (const toml::table* t : r.get_tables(n, "agent")) {
    r.only(*t, {"email", "name"}, where);
    AgentIn a;
    if (auto e = r.get_string(r.need(*t, "email", where), "email")) {
      if (looks_like_email(e->value))
        a.email = {lower(e->value), e->at};
      else
        r.problem(e->at, "bad e-mail address " + quoted(e->value) + " for 'email' in [[agent]]");
    }
    if (auto name = r.get_string(t->get("name"), "name")) a.name = name->value;
    in.agents.push_back(std::move(a));
  }
}

// A display name is shown on terminals and in mail headers: one line, no
// control character, at most max_display_name bytes.
bool is_display_name(std::string_view name) {
  return name.size() <= max_display_name && std::none_of(name.begin(), name.end(), [](char c) {
           const auto u = static_cast<unsigned char>(c);
           return u < 0x20 || u == 0x7f;
         });
}

// [agents]: short name = { email = "...", name = "..." }, in file order.
void read_agent_names(Reader& r, const toml::node* n, Input& in) {
  const toml::table* t = r.get_table(n, "agents");
  if (!t) return;
  std::vector<std::pair<Pos, AgentIn>> read;
  for (auto&& [key, value] : *t) {
    const std::string short_name(key.str());
    const std::string where = "[agents] " + quoted(short_name);
    if (!is_short_name(short_name)) {
      r.problem(key.source(), "bad short name " + quoted(short_name) +
                                  " in [agents]: use a lower-case letter, then up to 31 letters, digits, '.', '_' or '-'");
      continue;
    }
    const toml::table* entry = value.as_table();
    if (!entry) {
      r.problem(value.source(), where + " must be a table: " + short_name +
                                    " = { email = \"...\", name = \"...\" }");
      continue;
    }
    r.only(*entry, {"email", "name"}, where);
    AgentIn a;
    a.short_name = short_name;
    if (auto e = r.get_string(r.need(*entry, "email", where), "email")) {
      if (e->value.size() <= max_email && looks_like_email(e->value))
        a.email = {lower(e->value), e->at};
      else
        r.problem(e->at, "bad e-mail address " + quoted(e->value.substr(0, max_email)) + " for 'email' in " + where);
    }
    if (auto name = r.get_string(entry->get("name"), "name")) {
      if (is_display_name(name->value))
        a.name = name->value;
      else
        r.problem(name->at, "bad 'name' in " + where + ": one line of at most " + std::to_string(max_display_name) +
                                " bytes, without control characters");
    }
    read.emplace_back(pos_of(key.source()), std::move(a));
  }
  if (read.size() > max_agents)
    r.problem(t->source(), "[agents] has " + std::to_string(read.size()) + " entries; at most " +
                               std::to_string(max_agents));
  // toml++ keeps a table's keys sorted; the directory keeps the file's order.
  std::stable_sort(read.begin(), read.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [at, a] : read) in.agents.push_back(std::move(a));
}

/// The checks between tables, on input whose every table is well-formed.
void check_references(Reader& r, const Input& in) {
  std::set<std::string, std::less<>> agents;
  for (const auto& a : in.agents)
    if (!agents.insert(a.email.value).second)
      r.problem(a.email.at, "duplicate agent " + quoted(a.email.value));
  const auto check_agent = [&](const Located& who, const std::string& named_by) {
    if (!agents.empty() && !agents.count(who.value))
      r.problem(who.at, named_by + " names unknown agent " + quoted(who.value));
  };

  std::map<std::string, const GroupIn*, std::less<>> groups;
  for (const auto& g : in.groups)
    if (!groups.emplace(g.id.value, &g).second) r.problem(g.id.at, "duplicate group id " + quoted(g.id.value));
  for (const auto& g : in.groups) {
    const std::string subject = "group " + quoted(g.id.value);
    for (const auto& m : g.members) check_agent(m, subject);
    for (const auto& l : g.leads) check_agent(l, subject);
    if (!g.escalate_to) continue;
    const auto target = groups.find(g.escalate_to->value);
    if (target == groups.end())
      r.problem(g.escalate_to->at, subject + " names unknown group " + quoted(g.escalate_to->value));
    else if (target->second->tier <= g.tier)
      r.problem(g.escalate_to->at, subject + " escalates to " + quoted(g.escalate_to->value) +
                                       ", which is not above tier " + std::to_string(g.tier));
  }
  for (const auto& a : in.admins) check_agent(a, "[admins]");
  for (const auto& e : in.kb_editors) {
    if (e.value.find('@') != std::string::npos) check_agent(e, "[kb] editors");
    else if (!groups.count(e.value)) r.problem(e.at, "[kb] editors names unknown group " + quoted(e.value));
  }

  const auto& free_mail = in.policy.free_mail;
  std::map<std::string, std::string, std::less<>> domain_owner;
  std::set<std::string, std::less<>> organization_ids;
  for (const auto& o : in.organizations) {
    const std::string subject = "organization " + quoted(o.id.value);
    if (!organization_ids.insert(o.id.value).second)
      r.problem(o.id.at, "duplicate organization id " + quoted(o.id.value));
    for (const auto& d : o.domains) {
      if (std::find(free_mail.begin(), free_mail.end(), d.value) != free_mail.end()) {
        r.problem(d.at, subject + " names free-mail domain " + quoted(d.value));
        continue;
      }
      const auto [owner, added] = domain_owner.emplace(d.value, o.id.value);
      if (!added)
        r.problem(d.at, "domain " + quoted(d.value) + " already belongs to organization " +
                            quoted(owner->second));
    }
    if (!groups.count(o.intake.value))
      r.problem(o.intake.at, subject + " names unknown group " + quoted(o.intake.value));
    for (const auto& e : o.escalation)
      if (!groups.count(e.value)) r.problem(e.at, subject + " names unknown group " + quoted(e.value));
  }

  for (const auto& [id, hours] : in.hours_organizations)
    if (!organization_ids.count(id.value))
      r.problem(id.at, "[hours.organization." + id.value + "] names unknown organization " + quoted(id.value));
  for (const auto& [id, hours] : in.hours_groups)
    if (!groups.count(id.value))
      r.problem(id.at, "[hours.group." + id.value + "] names unknown group " + quoted(id.value));

  std::set<std::string, std::less<>> categories;
  for (const auto& route : in.routes) {
    if (!categories.insert(route.category.value).second)
      r.problem(route.category.at, "duplicate route for category " + quoted(route.category.value));
    if (!groups.count(route.group.value))
      r.problem(route.group.at, "route for category " + quoted(route.category.value) +
                                    " names unknown group " + quoted(route.group.value));
  }
}

std::vector<std::string> values(const std::vector<Located>& v) {
  std::vector<std::string> out;
  out.reserve(v.size());
  for (const auto& l : v) out.push_back(l.value);
  return out;
}

/// toml++'s description as a git-style message: lower-case first word, one line.
std::string describe(std::string_view description) {
  std::string out(description);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  for (char& c : out)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (out.size() > 1 && out[0] >= 'A' && out[0] <= 'Z' && !(out[1] >= 'A' && out[1] <= 'Z'))
    out[0] = static_cast<char>(out[0] - 'A' + 'a');
  return out;
}

}  // namespace

bool is_valid_prefix(std::string_view prefix) {
  if (prefix.empty() || prefix.size() > 8 || prefix[0] < 'A' || prefix[0] > 'Z') return false;
  return std::all_of(prefix.begin(), prefix.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

bool looks_like_email(std::string_view text) {
  const auto at = text.find('@');
  if (at == std::string_view::npos || at == 0 || text.find('@', at + 1) != std::string_view::npos)
    return false;
  constexpr std::string_view forbidden = "<>()[],;:\"\\";
  for (char c : text.substr(0, at)) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || forbidden.find(c) != std::string_view::npos) return false;
  }
  return is_domain(text.substr(at + 1));
}

std::optional<std::string> config_prefix(std::string_view text) {
  toml::table root;
  try {
    root = toml::parse(text);
  } catch (const toml::parse_error&) {
    return std::nullopt;
  }
  const toml::node* prefix = root.at_path("store.prefix").node();
  if (!prefix) return std::string("T");
  const auto value = prefix->value<std::string>();
  if (!value || !is_valid_prefix(*value)) return std::nullopt;
  return *value;
}

std::optional<std::string> config_prefix_quick(std::string_view text) {
  if (text.find("\"\"\"") != std::string_view::npos || text.find("'''") != std::string_view::npos)
    return config_prefix(text);
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
  };
  bool in_store = false;
  std::optional<std::string> found;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    std::string_view line = text.substr(at, end - at);
    at = end + 1;
    // Without its comment: a '#' inside a string only makes the line not plain.
    if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = trim(line);
    if (!line.empty() && line.front() == '[') {
      in_store = line == "[store]";
      continue;
    }
    if (!in_store || line.rfind("prefix", 0) != 0) continue;
    std::string_view rest = trim(line.substr(6));
    if (rest.empty() || rest.front() != '=') continue;
    rest = trim(rest.substr(1));
    if (found || rest.size() < 2 || rest.front() != '"' || rest.back() != '"') return config_prefix(text);
    std::string value(rest.substr(1, rest.size() - 2));
    if (!is_valid_prefix(value)) return config_prefix(text);
    found = std::move(value);
  }
  return found ? found : config_prefix(text);
}

Policy parse_config(std::string_view text, std::string_view path) {
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    throw Error::at(Exit::Invalid,
                    {std::string(path), int(e.source().begin.line), int(e.source().begin.column)},
                    describe(e.description()));
  }

  Reader r(path);
  Input in;
  in.policy.escalation_requires = {"asset", "location", "symptoms", "tried", "connection"};
  for (auto&& [key, value] : root) {
    (void)value;
    if (std::find(top_level_keys.begin(), top_level_keys.end(), key.str()) == top_level_keys.end())
      r.problem(key.source(), "unknown key " + quoted(key.str()));
  }
  read_store(r, root.get("store"), in);
  read_rules(r, root.get("rules"), in);
  read_organizations(r, root.get("organization"), in);
  read_groups(r, root.get("group"), in);
  read_routes(r, root.get("route"), in);
  read_sla(r, root.get("sla"), in);
  read_hours(r, root.get("hours"), in);
  read_notify(r, root.get("notify"), in);
  read_sync(r, root.get("sync"), in);
  read_admins(r, root.get("admins"), in);
  read_server(r, root.get("server"), in);
  read_limits(r, root.get("limits"), in);
  read_agents(r, root.get("agent"), in);
  read_agent_names(r, root.get("agents"), in);
  read_kb(r, root.get("kb"), in);
  if (!in.has_free_mail) in.policy.free_mail.assign(default_free_mail.begin(), default_free_mail.end());
  r.raise();

  check_references(r, in);
  r.raise();

  Policy policy = std::move(in.policy);
  for (const auto& o : in.organizations)
    policy.organizations.push_back(
        {o.id.value, o.name.empty() ? o.id.value : o.name, values(o.domains), o.intake.value, values(o.escalation)});
  for (const auto& g : in.groups)
    policy.groups.push_back({g.id.value, g.tier, values(g.members), values(g.leads),
                             g.escalate_to ? g.escalate_to->value : std::string()});
  for (const auto& route : in.routes) policy.routes.push_back({route.category.value, route.group.value});
  policy.admins = values(in.admins);
  for (const auto& a : in.agents) policy.directory.push_back({a.email.value, a.name, a.short_name});
  policy.kb.editors = values(in.kb_editors);
  for (auto& [id, hours] : in.hours_organizations) policy.hours.organizations.emplace_back(id.value, std::move(hours));
  for (auto& [id, hours] : in.hours_groups) policy.hours.groups.emplace_back(id.value, std::move(hours));
  return policy;
}

std::string example_config(std::string_view prefix) {
  std::string out = R"(# The help desk's policy (tier-config(5)). Change it with a commit by an
# admin, and run `tier check` to validate it.

# Ticket ids are PREFIX-xxxxxxxx.
[store]
prefix = ")";
  out += prefix;
  out += R"("
timezone = "UTC"               # IANA name: times in mail and on screen are shown in it

# Requesters from free-mail domains are refused: they say nothing about the
# employer. An escalation must carry these template fields. Public comments
# are written by the ticket's owner ("owner") or by any agent ("any").
[rules]
free_mail = ["gmail.com", "googlemail.com", "hotmail.com", "outlook.com", "live.com",
             "yahoo.com", "icloud.com", "aol.com", "proton.me", "gmx.com"]
escalation_requires = ["asset", "location", "symptoms", "tried", "connection"]
public_comments_by = "owner"

# The people who work tickets, by short name. With [agents], every group
# member, lead and admin must be listed here. The command line takes the
# short name wherever it takes an address (`tier assign T-7k2m bob`); tables
# show it, and `show` and mail the name.
[agents]
alice = { email = "alice@example.edu", name = "Alice Adams" }
bob = { email = "bob@example.edu", name = "Bob Brown" }
carol = { email = "carol@example.edu", name = "Carol Chen" }
dave = { email = "dave@example.edu", name = "Dave Diaz" }
erin = { email = "erin@example.edu", name = "Erin Evans" }
admin = { email = "it-admin@example.edu", name = "IT Admin" }

# Admins may assign any ticket and change this file.
[admins]
agents = ["it-admin@example.edu"]

# Groups and their queues. Tier 1 is the first point of contact; leads may
# assign tickets; an escalation goes to escalate_to unless a route or
# `tier escalate --to` says otherwise, always to a higher tier.
[[group]]
id = "service-desk"
tier = 1
members = ["alice@example.edu", "carol@example.edu"]
leads = ["carol@example.edu"]
escalate_to = "cx-tier2"

# Desktop support: a premium service for subscribing organizations.
[[group]]
id = "cx-tier2"
tier = 2
members = ["bob@example.edu", "erin@example.edu"]
leads = ["erin@example.edu"]

# The accounts team, reached by the "accounts" route below.
[[group]]
id = "cn-accounts"
tier = 2
members = ["dave@example.edu"]
leads = ["dave@example.edu"]

# Supported organizations, found from the requester's e-mail domain. New
# tickets enter the intake group's queue; escalation lists the premium groups
# the organization subscribes to (routes are open to every organization).
[[organization]]
id = "milne"
name = "Milne Library"
domains = ["milne.example.edu"]
intake = "service-desk"
escalation = ["cx-tier2"]

[[organization]]
id = "strand"
name = "Strand Agriculture"
domains = ["strand.example.edu"]
intake = "service-desk"
escalation = ["cx-tier2"]

[[organization]]
id = "hollis"
name = "Hollis Student Union"
domains = ["hollis.example.org"]
intake = "service-desk"
escalation = []                  # free tier only: no tier-2 subscription

# Categories with an established path: escalating such a ticket goes to this
# group, and sending it to another is refused.
[[route]]
category = "accounts"
group = "cn-accounts"

# Service levels by priority: time to first response and to resolution
# (units s, m, h, d, w; time pending on the requester does not count).
[sla.low]
respond = "1d"
resolve = "10d"

[sla.normal]
respond = "4h"
resolve = "3d"

[sla.high]
respond = "1h"
resolve = "1d"

[sla.urgent]
respond = "15m"
resolve = "4h"

# Business hours: with them the service-level clocks, and the response and
# resolution times of `tier stats`, count only working time. Without [hours]
# every hour counts. An organization's or a group's own hours take the place
# of these for its tickets.
# [hours]
# days = ["mon", "tue", "wed", "thu", "fri"]
# start = "08:00"
# end = "18:00"
# timezone = "America/New_York"  # default: [store] timezone
# holidays = [2026-12-25, 2027-01-01]
#
# [hours.group.cx-tier2]
# end = "20:00"

# Notifications go to a maildir, or to a sendmail command that reads a message
# on stdin. Either the agents' clients send them or the server does, never both.
[notify]
maildir = ".git/tier/outbox"
# sendmail = "/usr/sbin/sendmail -t -oi"
from = "helpdesk@example.edu"
# name = "IT Help Desk"          # the desk's name in From
where = "client"                 # or "server"
# keep_sent = "90d"              # how long the record of a sent message is kept
# refusal_reply = false          # answer refused mail, once a day to an address

# Every changing command fetches from and pushes to this remote.
[sync]
remote = "origin"
auto = true

# The shared bare repository's hooks. With pusher_env set to the variable in
# which the git server puts the authenticated user, new entries must be by
# that user. Pushes are forwarded to the remotes in forward.
[server]
pusher_env = ""                  # e.g. "GL_USERNAME"; "" trusts the commits' authors
require_pusher = false           # true: refuse every push that names no pusher
gateways = []                    # who may push requesters' mail: the ingest clone's agent
other_refs = []                  # refs besides the branch that take pushes, e.g. "refs/tags/*"
forward = []
max_skew = "5m"                  # how far ahead of the server's clock an entry may be

# The git server's user names, when they are not addresses: name = agent.
[server.pushers]
# alice = "alice@example.edu"

# Past these sizes a text, a ticket or an article is refused.
[limits]
text = "64K"                     # a note, comment, resolution or template field
ticket = "1M"                    # a ticket file
title = 300                      # characters
attachment = "10M"               # one attached file
message = "25M"                  # all the files of one comment or mail
timeout = "60s"                  # how long git, sendmail or a local hook may run
article = "256K"                 # a knowledge-base article (kb/)

# The knowledge base (tier-kb(1)): who may publish articles (agents and
# groups; without editors, the leads of every group), and where the site
# that `tier kb build` writes is published, for the links in mail.
[kb]
# editors = ["carol@example.edu", "service-desk"]
# url = "https://help.example.edu/kb/"
)";
  return out;
}

std::string default_config(std::string_view prefix) {
  std::string out = R"(# The help desk's policy (tier-config(5)). Fill in the commented-out
# sections below, commit, and run `tier check`. `tier init --example` writes
# a complete example instead.

# Ticket ids are PREFIX-xxxxxxxx.
[store]
prefix = ")";
  out += prefix;
  out += R"("
# timezone = "America/New_York"

# Requesters from free-mail domains are refused: they say nothing about the
# employer. An escalation must carry these template fields. Public comments
# are written by the ticket's owner ("owner") or by any agent ("any").
[rules]
free_mail = ["gmail.com", "googlemail.com", "hotmail.com", "outlook.com", "live.com",
             "yahoo.com", "icloud.com", "aol.com", "proton.me", "gmx.com"]
escalation_requires = ["asset", "location", "symptoms", "tried", "connection"]
public_comments_by = "owner"

# Supported organizations, found from the requester's e-mail domain. New
# tickets enter the intake group's queue; escalation lists the premium groups
# the organization subscribes to.
# [[organization]]
# id = "milne"
# name = "Milne Library"
# domains = ["milne.example.edu"]
# intake = "service-desk"
# escalation = ["cx-tier2"]

# Groups and their queues, tier 1 to 4. Leads may assign tickets; an
# escalation goes to escalate_to, a group of a higher tier.
# [[group]]
# id = "service-desk"
# tier = 1
# members = ["alice@example.edu", "carol@example.edu"]
# leads = ["carol@example.edu"]
# escalate_to = "cx-tier2"
#
# [[group]]
# id = "cx-tier2"
# tier = 2
# members = ["bob@example.edu"]
#
# [[group]]
# id = "cn-accounts"
# tier = 2
# members = ["dave@example.edu"]

# Categories with an established path of their own.
# [[route]]
# category = "accounts"
# group = "cn-accounts"

# Service levels by priority (low, normal, high, urgent).
# [sla.normal]
# respond = "4h"
# resolve = "3d"

# Business hours of the service-level clocks and the figures; without them
# every hour counts. An organization or a group may have its own.
# [hours]
# days = ["mon", "tue", "wed", "thu", "fri"]
# start = "09:00"
# end = "17:00"
# timezone = "America/New_York"
# holidays = [2026-12-25, 2027-01-01]
#
# [hours.group.cx-tier2]
# end = "20:00"

# Notifications: a maildir (the default), or a sendmail command.
# [notify]
# maildir = ".git/tier/outbox"
# sendmail = "/usr/sbin/sendmail -t -oi"
# from = "helpdesk@example.edu"
# name = "IT Help Desk"
# where = "client"
# keep_sent = "90d"
# refusal_reply = false

# Sharing with a remote; auto syncs after every changing command.
# [sync]
# remote = "origin"
# auto = true

# Admins may assign any ticket and change this file.
# [admins]
# agents = ["it-admin@example.edu"]

# Short names for the command line and names for display. Once [agents]
# lists one agent, every member, lead and admin must be listed.
# [agents]
# alice = { email = "alice@example.edu", name = "Alice Adams" }
# bob = { email = "bob@example.edu", name = "Bob Brown" }
# carol = { email = "carol@example.edu", name = "Carol Chen" }
# dave = { email = "dave@example.edu", name = "Dave Diaz" }
# admin = { email = "it-admin@example.edu", name = "IT Admin" }

# The shared bare repository's hooks.
# [server]
# pusher_env = "GL_USERNAME"
# require_pusher = true
# gateways = ["helpdesk@example.edu"]
# other_refs = []
# forward = []
# max_skew = "5m"
#
# [server.pushers]
# alice = "alice@example.edu"

# Past these sizes a text, a ticket or an article is refused.
# [limits]
# text = "64K"
# ticket = "1M"
# title = 300
# attachment = "10M"
# message = "25M"
# timeout = "60s"
# article = "256K"

# The knowledge base: who publishes (default: the groups' leads), and the
# address of the built site.
# [kb]
# editors = ["carol@example.edu", "service-desk"]
# url = "https://help.example.edu/kb/"
)";
  return out;
}

}  // namespace tier::formats
