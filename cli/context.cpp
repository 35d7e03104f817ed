#include "cli/context.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <memory>

#include "core/error.hpp"
#include "core/policy.hpp"

namespace tier::cli {
namespace {

Time clock_now() {
  if (const char* fixed = std::getenv("TIER_NOW"); fixed && *fixed) {
    if (auto t = parse_time(fixed)) return *t;
    throw Error(Exit::Usage, std::string("TIER_NOW is not an RFC 3339 time: '") + fixed + "'",
                "for example TIER_NOW=2026-11-23T09:00:00Z");
  }
  using namespace std::chrono;
  return Time{duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()};
}

}  // namespace

std::string self_program() {
  char buf[4096];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, std::size_t(n)) : std::string("tier");
}

Context::Context(Globals globals, Output out)
    : globals_(std::move(globals)), out_(std::move(out)), now_(clock_now()) {
  out_.set_zone([this]() -> const Zone& { return zone(); });
}

std::string Context::store_dir() const {
  if (!globals_.dir.empty()) return globals_.dir;
  if (const char* d = std::getenv("TIER_DIR"); d && *d) return d;
  return {};
}

store::Store& Context::store() {
  if (!store_) {
    store_ = store::Store::open(store_dir());
    // The first list, search or report in a clone reads every ticket: say
    // how far it has come, on a terminal, when that takes a while.
    if (out_.progress_allowed()) {
      long delay = 1000;
      if (const char* d = std::getenv("TIER_PROGRESS_DELAY"); d && *d) delay = std::strtol(d, nullptr, 10);
      auto line = std::make_shared<ProgressLine>(true, delay);
      store_->set_progress([line](std::size_t done, std::size_t total, store::Fill fill) {
        line->update(fill == store::Fill::Search  ? "indexing tickets for search"
                     : fill == store::Fill::Facts ? "reading tickets for reports"
                                                  : "reading tickets into the cache",
                     done, total);
      });
    }
  }
  return *store_;
}

const std::string& Context::agent() {
  if (!agent_) {
    std::string a = globals_.agent;
    if (a.empty())
      if (const char* env = std::getenv("TIER_AGENT"); env && *env) a = env;
    if (a.empty()) a = store().git_user_email();
    if (a.empty())
      throw Error(Exit::Refused, "refused by rule 'unknown-agent': no agent is set",
                  "set --agent, TIER_AGENT or git's user.email", "unknown-agent");
    // Only a short name needs the config: an address works while it is broken.
    agent_ = a.find('@') == std::string::npos ? resolve_agent(store().policy(), a) : lower(a);
  }
  return *agent_;
}

const Policy& Context::names_policy() {
  try {
    return store().policy();
  } catch (const Error& e) {
    if (e.code() != Exit::Invalid) throw;
  }
  if (!no_policy_) no_policy_.emplace();
  return *no_policy_;
}

store::Author Context::author() {
  const std::string& email = agent();
  return store::Author{author_name_.empty() ? store().agent_name(email) : author_name_, email, now_};
}

void Context::act_as(const std::string& email, const std::string& name) {
  agent_ = lower(email);
  author_name_ = name;
  if (session_) {
    session_->agent = *agent_;
    session_->author = author();
  }
}

hooks::Session& Context::session() {
  if (!session_) {
    store::Store& st = store();
    const Policy& p = st.policy();
    const bool sync = p.sync.auto_sync && !globals_.no_sync && !st.bare() && st.has_remote(p.sync.remote);
    session_.reset(new hooks::Session{st, agent(), author(), now_, sync, std::nullopt,
                                      [this](const std::string& text) { out_.warn(text); }, {}});
  }
  return *session_;
}

Time Context::now() const { return now_; }

const Zone& Context::zone() {
  if (!zone_) {
    std::string_view name;
    if (const char* tz = std::getenv("TZ"); tz && *tz) name = tz;
    if (!name.empty()) {
      std::string_view bare = name;
      if (bare.front() == ':') bare.remove_prefix(1);
      // TZ=/usr/share/zoneinfo/Europe/Berlin names the zone by its file.
      if (const auto at = bare.find("zoneinfo/"); at != std::string_view::npos && bare.front() == '/')
        bare.remove_prefix(at + 9);
      zone_ = Zone::find(bare);
      if (!zone_) {
        out_.warn("unknown time zone '" + std::string(name) + "' in TZ: times are shown in UTC");
        zone_ = Zone::utc();
      }
    } else if (store_) {
      // A config that does not parse is reported by the commands that need
      // it; a ticket is still shown, in UTC.
      try {
        zone_ = Zone::find(store_->policy().timezone);
      } catch (const Error&) {
      }
    }
    if (!zone_) zone_ = Zone::utc();
  }
  return *zone_;
}

Time time_option(Context& ctx, std::string_view text, std::string_view option, Lean lean) {
  if (auto t = parse_when(text, ctx.now(), ctx.zone(), lean)) return *t;
  throw Error(Exit::Usage, "bad time '" + std::string(text) + "' for '" + std::string(option) + "'", when_forms);
}

bool Context::interactive() const { return isatty(STDIN_FILENO) != 0; }

}  // namespace tier::cli
