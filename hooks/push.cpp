#include "hooks/push.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <variant>

#include "core/merge.hpp"
#include "core/workflow.hpp"
#include "formats/config_toml.hpp"
#include "formats/ticket_toml.hpp"
#include "hooks/validate.hpp"

namespace tier::hooks {
namespace {

std::optional<Policy> parse_policy(const std::string& text) {
  try {
    return formats::parse_config(text, store::config_path);
  } catch (const Error&) {
    return std::nullopt;
  }
}

// A push of many commits builds on one config, or a few: each is parsed once.
std::optional<Policy> policy_of(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  static std::map<std::string, std::optional<Policy>> parsed;
  auto it = parsed.find(*text);
  if (it == parsed.end()) it = parsed.emplace(*text, parse_policy(*text)).first;
  return it->second;
}

}  // namespace

std::string Finding::text() const {
  std::string where = path.empty() ? std::string() : (line > 0 ? path + ":" + std::to_string(line) : path) + ": ";
  return commit.substr(0, 10) + " " + where + "refused by rule '" + rule + "': " + message;
}

std::vector<Finding> check_commit(const store::Store::CommitChange& c, const PushCheck& check) {
  std::vector<Finding> out;
  auto add = [&](const std::string& path, int line, std::string_view rule, std::string message) {
    out.push_back({c.id, path, line, std::string(rule), std::move(message)});
  };
  // Rules come from the config the commit builds on; the first commit brings its own.
  std::optional<Policy> policy = policy_of(c.config_before);
  if (!policy) policy = policy_of(c.config_after);

  for (const auto& f : c.files) {
    // A merge that takes a file whole from another parent adds nothing of its
    // own there: that parent's commits are checked on their own.
    if (std::find(f.others.begin(), f.others.end(), f.after) != f.others.end()) continue;
    const bool in_config = f.path.rfind(".tier/", 0) == 0;
    const bool is_ticket = f.path.rfind("tickets/", 0) == 0;
    if (in_config) {
      if (c.config_before && (!policy || !policy->is_admin(c.author_email)))
        add(f.path, 0, rules::admin_only,
            "only an admin may change '" + f.path + "'; '" + c.author_email + "' is not one");
      if (f.path == store::config_path) {
        if (!f.after) add(f.path, 0, rules::no_delete, "the config cannot be deleted");
        else
          for (const auto& p : check_config_text(f.path, *f.after)) add(p.path, p.line, rules::malformed, p.message);
      }
      continue;
    }
    if (!is_ticket) continue;
    if (!f.after) {
      add(f.path, 0, rules::no_delete, "a ticket is never deleted; close it instead");
      continue;
    }
    Ticket after;
    try {
      after = formats::parse_ticket(*f.after, f.path);
    } catch (const Error& e) {
      const auto p = problem_from_message(f.path, e.what());
      add(p.path, p.line, rules::malformed, p.message);
      continue;
    }
    const auto problems = check_ticket_text(f.path, *f.after);
    for (const auto& p : problems)
      add(p.path, p.line, p.message.find("belongs at") != std::string::npos ? rules::id_path : rules::replay, p.message);
    if (!problems.empty()) continue;

    // Which entries are new: the old log must survive whole, in order.
    std::vector<bool> is_new(after.log.size(), true);
    if (f.before) {
      Ticket before;
      try {
        before = formats::parse_ticket(*f.before, f.path);
      } catch (const Error&) {
        before.log.clear();  // the parent's file was broken: every entry counts as new
      }
      std::size_t k = 0;
      bool ok = true;
      for (std::size_t i = 0; i < before.log.size(); ++i) {
        const LogEntry& old = before.log[i];
        if (!c.merge) {
          if (i >= after.log.size() || !(after.log[i] == old)) {
            ok = false;
            add(f.path, 0, rules::append_only,
                "log entry " + std::to_string(i + 1) + " (" + std::string(to_string(old.event)) + " by " + old.by +
                    ") was changed or removed; the log is append-only");
            break;
          }
          is_new[i] = false;
          continue;
        }
        while (k < after.log.size() && !same_entry(after.log[k], old)) ++k;
        if (k == after.log.size()) {
          ok = false;
          add(f.path, 0, rules::append_only,
              "log entry " + std::to_string(i + 1) + " (" + std::string(to_string(old.event)) + " by " + old.by +
                  ") was changed or removed; the log is append-only");
          break;
        }
        is_new[k++] = false;
      }
      if (!ok) continue;
    }
    if (!policy) {
      add(store::config_path.data(), 0, rules::malformed, "no config to check the entries against");
      continue;
    }
    // In a merge, an entry another parent already has is not new either.
    for (const auto& other_text : f.others) {
      if (!other_text) continue;
      try {
        const Ticket other = formats::parse_ticket(*other_text, f.path);
        for (std::size_t i = 0; i < after.log.size(); ++i)
          if (is_new[i])
            for (const auto& o : other.log)
              if (same_entry(o, after.log[i])) is_new[i] = false;
      } catch (const Error&) {
      }
    }
    // Every new entry, at the state the log had when it was made.
    Ticket state;
    state.id = after.id;
    for (std::size_t i = 0; i < after.log.size(); ++i) {
      const LogEntry& e = after.log[i];
      if (is_new[i] && !e.is_void()) {
        const std::string entry = "log entry " + std::to_string(i + 1) + " (" + std::string(to_string(e.event)) + ")";
        if (auto r = authorize(state, e, *policy)) add(f.path, 0, r->rule, entry + ": " + r->message);
        if (!check.pusher.empty() && lower(e.by) != lower(check.pusher))
          add(f.path, 0, rules::pusher, entry + " is by '" + e.by + "' but was pushed by '" + check.pusher + "'");
        if (check.check_skew && e.at.ms > check.now.ms + policy->server.max_skew * 1000)
          add(f.path, 0, rules::clock_skew, entry + " is dated " + format_time(e.at) + ", ahead of the server's clock");
      }
      Outcome o = effect(state, e);
      if (auto* t = std::get_if<Ticket>(&o)) state = std::move(*t);
    }
  }
  return out;
}

}  // namespace tier::hooks
