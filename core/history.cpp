#include "core/history.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <variant>

#include "core/ids.hpp"
#include "core/merge.hpp"
#include "core/workflow.hpp"

namespace tier::history {
namespace {

constexpr std::string_view config_path = ".tier/config.toml";
constexpr std::string_view attributes_path = ".gitattributes";
constexpr std::string_view merge_line = "tickets/**/*.toml merge=tier";

std::string q(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::File: return "a file";
    case Kind::Executable: return "an executable";
    case Kind::Symlink: return "a symbolic link";
    case Kind::Submodule: return "a submodule";
  }
  return "a file";
}

int entry_line(const Version& v, std::size_t i) { return i < v.entry_lines.size() ? v.entry_lines[i] : 0; }

int key_line(const Version& v, std::string_view key) {
  for (const auto& [k, line] : v.key_lines)
    if (k == key) return line;
  return 0;
}

std::string entry_name(std::size_t i, const LogEntry& e) {
  return "log entry " + std::to_string(i + 1) + " (" + std::string(to_string(e.event)) + ")";
}

bool same_version(const std::optional<Version>& a, const std::optional<Version>& b) {
  if (!a || !b) return !a && !b;
  return a->kind == b->kind && a->id == b->id;
}

// Collects the findings of one commit.
class Report {
 public:
  explicit Report(std::string commit) : commit_(std::move(commit)) {}
  void add(const std::string& path, int line, std::string_view rule, std::string message) {
    out_.push_back({commit_, path, line, std::string(rule), std::move(message)});
  }
  std::vector<Finding>& findings() { return out_; }

 private:
  std::string commit_;
  std::vector<Finding> out_;
};

// The shape of a ticket's path: tickets/<two characters>/<name>.toml.
bool ticket_file_shape(std::string_view path) {
  if (!is_ticket_path(path)) return false;
  const std::string_view rest = path.substr(8);
  const auto slash = rest.find('/');
  return slash == 2 && rest.find('/', slash + 1) == std::string_view::npos && rest.size() > 8 &&
         rest.substr(rest.size() - 5) == ".toml";
}

// What every version of a ticket file must be, whatever came before it: a
// regular file within the size limit that parses, at its id's path, whose
// header is its log's replay. False when it is not (reported).
bool check_ticket_state(Report& r, const std::string& path, const Version& v, const Policy::Limits& limits,
                        std::string_view prefix) {
  if (v.kind != Kind::File) {
    r.add(path, 0, rules::malformed, q(path) + " is " + std::string(kind_name(v.kind)) + "; a ticket is a plain file");
    return false;
  }
  if (!ticket_file_shape(path)) {
    // A file right under tickets/ is where a directory of tickets should be.
    if (path.find('/', 8) == std::string::npos) r.add(path, 0, rules::id_path, "not a directory of tickets");
    else r.add(path, 0, rules::id_path, q(path) + " is not where a ticket lives: tickets/<two characters>/<id>.toml");
    return false;
  }
  if (v.size > limits.ticket) {
    r.add(path, 0, rules::valid_values,
          "the ticket file is " + std::to_string(v.size) + " bytes, over the limit of " + std::to_string(limits.ticket));
    return false;
  }
  if (v.problem) {
    r.add(path, v.problem->line, rules::malformed, v.problem->message);
    return false;
  }
  if (!v.ticket) {
    r.add(path, 0, rules::malformed, "the ticket file cannot be read");
    return false;
  }
  const Ticket& t = *v.ticket;
  bool ok = true;
  if (!prefix.empty() && !is_valid_id(t.id, prefix)) {
    r.add(path, key_line(v, "id"), rules::id_path,
          q(t.id) + " is not an id of this store: '" + std::string(prefix) + "-' and 8 characters");
    ok = false;
  } else if (const std::string expected = ticket_path(t.id); expected != path) {
    r.add(path, key_line(v, "id"), rules::id_path, "the id " + q(t.id) + " belongs at " + q(expected));
    ok = false;
  }
  for (const auto& p : verify(t)) {
    const int line = p.entry >= 0 ? entry_line(v, std::size_t(p.entry)) : key_line(v, p.key);
    r.add(path, line, rules::replay, p.message);
    ok = false;
  }
  return ok;
}

// A void entry is void because the effect layer refuses it at its place.
std::optional<std::string> unearned_void(const Ticket& state, const LogEntry& e) {
  LogEntry live = e;
  live.void_reason.clear();
  if (std::holds_alternative<Refusal>(effect(state, live))) return std::nullopt;
  return "it is marked void, but it applies at its place in the log";
}

// Whether the pusher may push this entry: their own, or, for a gateway, one
// written by the ticket's requester.
bool pushed_by_right(const Ticket& state, const LogEntry& e, const std::string& pusher, const Policy& settings) {
  if (lower(e.by) == pusher) return true;
  return settings.is_gateway(pusher) && requester_entry(state, e);
}

struct Who {
  std::string identity;  ///< the pusher, else the commit's author
  bool is_pusher = false;
};

void check_admin(Report& r, const std::string& path, const Policy* policy, const Who& who) {
  if (policy && policy->is_admin(who.identity)) return;
  r.add(path, 0, rules::admin_only,
        "only an admin may change " + q(path) + "; " + q(who.identity) + " is not one" +
            (who.is_pusher ? " (the pusher)" : ""));
}

void check_attributes(Report& r, const std::string& path, const Version& v) {
  bool has_driver = false;
  std::size_t start = 0;
  const std::string& text = v.text;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    if (line == merge_line) has_driver = true;
    else if (line.find("merge") != std::string::npos && (line.empty() || line[0] != '#'))
      r.add(path, 0, rules::merge, "only tier's merge driver may be set: " + q(line));
    start = end + 1;
  }
  if (!has_driver) r.add(path, 0, rules::merge, q(path) + " must keep the line " + q(merge_line));
}

// The ids of the attachments named by the entries a commit adds to its
// tickets (past the length of each ticket's log at the first parent).
std::set<std::string> newly_named(const Commit& c) {
  std::set<std::string> out;
  for (const auto& f : c.files) {
    if (!is_ticket_path(f.path) || !f.after || !f.after->ticket) continue;
    std::size_t old_size = 0;
    if (!f.parents.empty() && f.parents.front() && f.parents.front()->ticket)
      old_size = f.parents.front()->ticket->log.size();
    const auto& log = f.after->ticket->log;
    for (std::size_t i = old_size; i < log.size(); ++i)
      for (const auto& a : log[i].attachments) out.insert(a.id);
  }
  return out;
}

// An attachment file: named by its content's id, within the limit, never
// deleted, and brought by an entry that names it.
void check_attachment_file(Report& r, const File& f, const Commit& c, const std::set<std::string>& named) {
  const std::optional<Version>& before = f.parents.empty() ? std::nullopt : f.parents.front();
  if (!f.after) {
    if (before) r.add(f.path, 0, rules::no_delete, "an attachment is never deleted");
    return;
  }
  const Version& v = *f.after;
  if (v.kind != Kind::File) {
    r.add(f.path, 0, rules::malformed, q(f.path) + " is " + std::string(kind_name(v.kind)) + "; an attachment is a plain file");
    return;
  }
  const std::string_view rest = std::string_view(f.path).substr(12);  // after "attachments/"
  const std::string_view id = rest.size() > 3 ? rest.substr(3) : std::string_view();
  if (rest.size() != 43 || rest[2] != '/' || rest.substr(0, 2) != id.substr(0, 2) || id != v.id) {
    r.add(f.path, 0, rules::id_path, "an attachment's file is named by its content's id: " + q(attachment_path(v.id)));
    return;
  }
  const Policy::Limits limits = c.policy ? c.policy->limits : Policy::Limits{};
  if (v.size > limits.attachment)
    r.add(f.path, 0, rules::valid_values,
          "the attachment is " + std::to_string(v.size) + " bytes, over the limit of " + std::to_string(limits.attachment));
  if (!named.count(std::string(id)))
    r.add(f.path, 0, rules::attachment, "no new entry of the commit names the attachment " + q(id));
}

// What every version of an article must be (tier-kb(5)): a regular file
// at kb/<slug>.md, within the size limit, that parses, with valid values.
void check_article_state(Report& r, const std::string& path, const Version& v, const Policy& policy) {
  if (v.kind != Kind::File) {
    r.add(path, 0, rules::malformed, q(path) + " is " + std::string(kind_name(v.kind)) + "; an article is a plain file");
    return;
  }
  if (!slug_of_path(path)) {
    r.add(path, 0, rules::id_path,
          q(path) + " is not where an article lives: kb/<slug>.md, the slug of a-z, 0-9 and '-'");
    return;
  }
  if (v.size > policy.limits.article || !v.read) {
    r.add(path, 0, rules::valid_values,
          "the article is " + std::to_string(v.size) + " bytes, over the limit of " +
              std::to_string(policy.limits.article));
    return;
  }
  if (v.problem) {
    r.add(path, v.problem->line, rules::malformed, v.problem->message);
    return;
  }
  if (!v.article) {
    r.add(path, 0, rules::malformed, "the article cannot be read");
    return;
  }
  for (auto& m : article_problems(*v.article, policy)) r.add(path, 0, rules::valid_values, std::move(m));
}

// An article changed by a commit: by an editor, never deleted, valid.
void check_article_change(Report& r, const File& f, const Commit& c, const Who& who) {
  if (!c.policy) {
    r.add(std::string(config_path), 0, rules::malformed, "no config to check the article against");
    return;
  }
  if (auto refusal = authorize_kb(*c.policy, who.identity, f.path, who.is_pusher))
    r.add(f.path, 0, refusal->rule, refusal->message);
  if (!f.after) {
    r.add(f.path, 0, rules::no_delete, "an article is never deleted; retire it instead");
    return;
  }
  check_article_state(r, f.path, *f.after, *c.policy);
}

// The checks of a file in a commit with one parent (or none).
void check_change(Report& r, const File& f, const Commit& c, const Context& ctx, const Who& who) {
  const std::optional<Version> none;
  const std::optional<Version>& before = f.parents.empty() ? none : f.parents.front();
  const Policy* policy = c.policy ? &*c.policy : nullptr;
  const Policy::Limits limits = policy ? policy->limits : Policy::Limits{};
  const bool founded = policy && c.parents > 0;  // the store exists: changes to its rules are an admin's

  if (f.path == config_path || f.path.rfind(".tier/", 0) == 0) {
    if (founded) check_admin(r, f.path, policy, who);
    if (f.path != config_path) return;
    if (!f.after) {
      r.add(f.path, 0, rules::no_delete, "the config cannot be deleted");
      return;
    }
    if (f.after->kind != Kind::File)
      r.add(f.path, 0, rules::malformed, q(f.path) + " is " + std::string(kind_name(f.after->kind)));
    else if (f.after->problem)
      r.add(f.path, f.after->problem->line, rules::malformed, f.after->problem->message);
    return;
  }
  if (f.path == attributes_path) {
    if (founded) check_admin(r, f.path, policy, who);
    if (!f.after) {
      if (before) r.add(f.path, 0, rules::no_delete, q(f.path) + " cannot be deleted: it names tier's merge driver");
      return;
    }
    if (f.after->kind != Kind::File)
      r.add(f.path, 0, rules::malformed, q(f.path) + " is " + std::string(kind_name(f.after->kind)));
    else
      check_attributes(r, f.path, *f.after);
    return;
  }
  if (is_kb_path(f.path)) {
    check_article_change(r, f, c, who);
    return;
  }
  if (!is_ticket_path(f.path)) {
    if (!f.after) return;
    if (f.after->kind == Kind::Symlink || f.after->kind == Kind::Submodule)
      r.add(f.path, 0, rules::malformed,
            q(f.path) + " is " + std::string(kind_name(f.after->kind)) + "; a store holds only files");
    else if (f.after->size > limits.ticket)
      r.add(f.path, 0, rules::valid_values,
            q(f.path) + " is " + std::to_string(f.after->size) + " bytes, over the limit of " +
                std::to_string(limits.ticket));
    return;
  }

  // A ticket.
  if (!f.after) {
    r.add(f.path, 0, rules::no_delete, "a ticket is never deleted; close it instead");
    return;
  }
  const Version& after = *f.after;
  if (!check_ticket_state(r, f.path, after, limits, policy ? std::string_view(policy->prefix) : std::string_view()))
    return;
  const Ticket& t = *after.ticket;

  // The old log must survive whole, in order, void marks and all.
  std::size_t old_size = 0;
  if (before && before->ticket) {
    const auto& old = before->ticket->log;
    for (std::size_t i = 0; i < old.size(); ++i) {
      if (i >= t.log.size() || !(t.log[i] == old[i])) {
        r.add(f.path, entry_line(after, std::min(i, t.log.size() ? t.log.size() - 1 : 0)), rules::append_only,
              "log entry " + std::to_string(i + 1) + " (" + std::string(to_string(old[i].event)) + " by " + old[i].by +
                  ") was changed or removed; the log is append-only");
        return;
      }
    }
    old_size = old.size();
  }
  if (!policy) {
    r.add(std::string(config_path), 0, rules::malformed, "no config to check the entries against");
    return;
  }
  const Policy& settings = ctx.settings ? *ctx.settings : *policy;
  // Every new entry, at the state the log had when it was made.
  Ticket state;
  state.id = t.id;
  for (std::size_t i = 0; i < t.log.size(); ++i) {
    const LogEntry& e = t.log[i];
    if (i >= old_size) {
      const int line = entry_line(after, i);
      const std::string name = entry_name(i, e);
      if (e.is_void()) {
        if (auto why = unearned_void(state, e)) r.add(f.path, line, rules::void_mark, name + ": " + *why);
        if (auto refusal = authorize_actor(state, e, *policy)) r.add(f.path, line, refusal->rule, name + ": " + refusal->message);
      } else if (auto refusal = authorize(state, e, *policy)) {
        r.add(f.path, line, refusal->rule, name + ": " + refusal->message);
      }
      for (const auto& a : e.attachments)
        if (!c.attachments.count(attachment_path(a.id)))
          r.add(f.path, line, rules::attachment,
                name + " names the attachment " + q(a.name) + " (" + a.id + "), which the store does not hold");
      if (who.is_pusher && !pushed_by_right(state, e, who.identity, settings))
        r.add(f.path, line, rules::pusher, name + " is by " + q(e.by) + " but was pushed by " + q(who.identity));
      if (ctx.check_skew && e.at.ms > ctx.now.ms + settings.server.max_skew * 1000)
        r.add(f.path, line, rules::clock_skew, name + " is dated " + format_time(e.at) + ", ahead of the server's clock");
    }
    effect_in_place(state, e);
  }
}

// A merge commit: each ticket is tier's merge of its parents' versions;
// any other file is one parent's version, or else a change like any other.
void check_merge(Report& r, const File& f, const Commit& c, const Context& ctx, const Who& who) {
  if (!is_ticket_path(f.path)) {
    for (const auto& p : f.parents)
      if (same_version(p, f.after)) return;
    // An attachment a merge brings from nowhere: no entry of a merge is new.
    if (is_attachment_path(f.path)) check_attachment_file(r, f, c, {});
    else check_change(r, f, c, ctx, who);
    return;
  }
  if (!f.after) {
    r.add(f.path, 0, rules::no_delete, "a ticket is never deleted; close it instead");
    return;
  }
  const Policy::Limits limits = c.policy ? c.policy->limits : Policy::Limits{};
  if (!check_ticket_state(r, f.path, *f.after, limits, c.policy ? std::string_view(c.policy->prefix) : std::string_view()))
    return;
  std::optional<Ticket> merged;
  for (const auto& p : f.parents) {
    if (!p) continue;
    if (!p->ticket) {
      r.add(f.path, 0, rules::malformed, "a parent's version of the ticket cannot be read, so it cannot be merged");
      return;
    }
    merged = merged ? merge_tickets(*merged, *p->ticket).ticket : *p->ticket;
  }
  if (merged && *merged == *f.after->ticket) return;
  // Where the two first part: the entry to look at.
  const auto& got = f.after->ticket->log;
  std::size_t i = 0;
  if (merged)
    while (i < got.size() && i < merged->log.size() && got[i] == merged->log[i]) ++i;
  r.add(f.path, i < got.size() ? entry_line(*f.after, i) : 0, rules::merge,
        "the merge of " + q(f.path) + " is not tier's merge of its parents" +
            (i < got.size() ? ": it differs from log entry " + std::to_string(i + 1) : std::string()));
}

}  // namespace

bool is_ticket_path(std::string_view path) { return path.rfind("tickets/", 0) == 0; }

bool is_attachment_path(std::string_view path) { return path.rfind("attachments/", 0) == 0; }

std::string Finding::text() const {
  std::string out;
  if (!commit.empty()) out += commit.substr(0, 10) + " ";
  if (!path.empty()) out += (line > 0 ? path + ":" + std::to_string(line) : path) + ": ";
  return out + "refused by rule '" + rule + "': " + message;
}

Pusher pusher_identity(const Policy& settings, const std::optional<std::string>& value) {
  Pusher out;
  const std::string& var = settings.server.pusher_env;
  auto refuse = [&](std::string message) {
    out.refusal = Finding{{}, {}, 0, std::string(rules::pusher), std::move(message)};
    return out;
  };
  if (var.empty()) {
    if (settings.server.require_pusher)
      return refuse("server.require_pusher is on but server.pusher_env names no variable");
    return out;
  }
  if (!value || value->empty()) {
    if (settings.server.require_pusher) return refuse("the push names no pusher: " + var + " is not set");
    return out;
  }
  out.agent = settings.pusher_agent(*value);
  if (out.agent.empty()) return refuse("the git user " + q(*value) + " is not in [server.pushers]");
  return out;
}

std::vector<Finding> check_ref(const RefUpdate& u, std::string_view branch, const Context& ctx) {
  std::vector<Finding> out;
  auto add = [&](std::string_view rule, std::string message) {
    out.push_back({{}, u.name, 0, std::string(rule), std::move(message)});
  };
  if (u.name == branch) {
    if (u.deleted) add(rules::append_only, "the branch of tickets is never deleted");
    else if (!u.created && !u.fast_forward)
      add(rules::append_only, "the push rewrites the shared history: it is not a fast-forward of " + q(branch));
    return out;
  }
  if (ctx.settings)
    for (const auto& pattern : ctx.settings->server.other_refs)
      if (fnmatch(pattern.c_str(), u.name.c_str(), 0) == 0) return out;
  add(rules::other_ref, "only " + q(branch) + " takes pushes; " + q(u.name) + " matches no pattern of server.other_refs");
  return out;
}

std::vector<Finding> check_commit(const Commit& c, const Context& ctx) {
  Report r(c.id);
  Who who;
  if (!ctx.pusher.empty()) who = {ctx.pusher, true};
  else who = {c.author, false};
  const std::set<std::string> named = c.parents > 1 ? std::set<std::string>() : newly_named(c);
  for (const auto& f : c.files) {
    if (c.parents > 1) check_merge(r, f, c, ctx, who);
    else if (is_attachment_path(f.path)) check_attachment_file(r, f, c, named);
    else check_change(r, f, c, ctx, who);
  }
  return std::move(r.findings());
}

std::vector<Finding> check_file(const std::string& path, const Version& v, const Policy& policy) {
  Report r({});
  if (!check_ticket_state(r, path, v, policy.limits, policy.prefix)) return std::move(r.findings());
  Ticket state;
  state.id = v.ticket->id;
  for (std::size_t i = 0; i < v.ticket->log.size(); ++i) {
    const LogEntry& e = v.ticket->log[i];
    if (e.is_void())
      if (auto why = unearned_void(state, e)) r.add(path, entry_line(v, i), rules::void_mark, entry_name(i, e) + ": " + *why);
    effect_in_place(state, e);
  }
  return std::move(r.findings());
}

std::vector<Finding> check_article_file(const std::string& path, const Version& v, const Policy& policy) {
  Report r({});
  check_article_state(r, path, v, policy);
  return std::move(r.findings());
}

std::vector<Finding> check_config(const std::string& path, const Version& v) {
  Report r({});
  if (v.kind != Kind::File) r.add(path, 0, rules::malformed, q(path) + " is " + std::string(kind_name(v.kind)));
  else if (v.problem) r.add(path, v.problem->line, rules::malformed, v.problem->message);
  return std::move(r.findings());
}

}  // namespace tier::history
