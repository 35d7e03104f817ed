#include "core/workflow.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "core/kb.hpp"
#include "core/notify.hpp"
#include "core/text.hpp"

namespace tier {

namespace rules {
const std::vector<std::string_view>& all() {
  static const std::vector<std::string_view> ids = {
      employer_email, supported_organization, unknown_agent, unknown_group, already_claimed,
      not_member,     not_assignee,           not_lead,      escalation_template,
      escalation_tier, subscription,          route,         public_by_owner, requester_only, note_required,
      transition,     closed,                 valid_values, malformed,     id_path,         replay,
      append_only,    no_delete,              admin_only,   pusher,        clock_skew,      void_mark,
      merge,          other_ref,              attachment,   kb_editor};
  return ids;
}
const std::vector<std::string_view>& file_checks() {
  static const std::vector<std::string_view> ids = {malformed, id_path, replay,    append_only, no_delete, admin_only,
                                                    pusher,    clock_skew, void_mark, merge,     other_ref,
                                                    attachment, kb_editor};
  return ids;
}
}  // namespace rules

namespace {

std::string q(std::string_view s) { return "'" + std::string(s) + "'"; }

Refusal refuse(std::string_view rule, std::string message, std::string hint = {}) {
  return Refusal{std::string(rule), std::move(message), Exit::Refused, std::move(hint)};
}

// The statuses each event may be made from: the transitions table of tier-workflow(7).
struct Row {
  Event event;
  std::vector<Status> from;
};
const std::vector<Row>& transitions() {
  using S = Status;
  static const std::vector<Row> rows = {
      {Event::Claim, {S::New, S::Escalated}},
      {Event::Release, {S::Open, S::Pending}},
      {Event::Assign, {S::New, S::Open, S::Escalated, S::Pending}},
      {Event::Comment, {S::New, S::Open, S::Escalated, S::Pending, S::Resolved}},
      {Event::Escalate, {S::Open, S::Pending}},
      {Event::Handback, {S::Open}},
      {Event::Resolve, {S::Open, S::Pending}},
      {Event::Reopen, {S::Resolved}},
      {Event::Close, {S::Resolved}},
      {Event::Appoint, {S::New, S::Open}},
      {Event::Edit, {S::New, S::Open, S::Escalated, S::Pending, S::Resolved}},
      {Event::Rate, {S::Resolved, S::Closed}},
  };
  return rows;
}

std::string joined(const std::vector<std::string>& items, std::string_view sep = ", ") {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::optional<Refusal> check_transition(const Ticket& t, const LogEntry& e) {
  if (t.status == Status::Closed && e.event != Event::Rate)
    return refuse(rules::closed, q(t.id) + " is closed and read-only");
  // A resolved ticket keeps its assignee, but claiming it is a wrong transition, not a lost race.
  if (e.event == Event::Claim && !t.assignee.empty() && t.status != Status::Resolved)
    return Refusal{std::string(rules::already_claimed), q(t.id) + " is already claimed by " + q(t.assignee),
                   Exit::Conflict, {}};
  for (const auto& row : transitions()) {
    if (row.event != e.event) continue;
    if (std::find(row.from.begin(), row.from.end(), t.status) != row.from.end()) return std::nullopt;
    std::vector<std::string> allowed;
    for (Event a : allowed_from(t.status)) allowed.emplace_back(to_string(a));
    return refuse(rules::transition,
                  "cannot " + std::string(to_string(e.event)) + " a ticket that is " +
                      q(to_string(t.status)) +
                      (allowed.empty() ? "; nothing is allowed from it"
                                       : "; allowed from it: " + joined(allowed)));
  }
  return std::nullopt;
}

// An escalation moves a ticket to a higher tier: the effect layer's check,
// made early by the policy layer too so that its refusal comes first there.
std::optional<Refusal> escalation_goes_up(const Ticket& t, const LogEntry& e) {
  if (e.tier > t.tier) return std::nullopt;
  return refuse(rules::escalation_tier, "an escalation goes up: " + q(e.to) + " is tier " + std::to_string(e.tier) +
                                            ", the ticket is at tier " + std::to_string(t.tier));
}

void merge_details(Details& into, const Details& from) {
  for (auto name : Details::names()) {
    const std::string& v = *from.field(name);
    if (!v.empty()) *into.field(name) = v;
  }
}


bool is_requester(const Ticket& t, std::string_view by) {
  return !t.requester.email.empty() && lower(by) == lower(t.requester.email);
}

}  // namespace

bool valid_media_type(std::string_view t) {
  const auto slash = t.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == t.size() || t.size() > 127) return false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (i == slash) continue;
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("!#$&^_.+-").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

std::vector<Event> allowed_from(Status status) {
  std::vector<Event> out;
  if (status == Status::Closed) {
    out.push_back(Event::Rate);
    return out;
  }
  for (const auto& row : transitions())
    if (std::find(row.from.begin(), row.from.end(), status) != row.from.end()) out.push_back(row.event);
  return out;
}

std::optional<Refusal> effect_in_place(Ticket& t, const LogEntry& e) {
  if (e.is_void()) {
    t.log.push_back(e);
    return std::nullopt;
  }
  if (e.event == Event::Create) {
    if (!t.log.empty()) return refuse(rules::transition, q(t.id) + " already exists");
    Ticket n;
    n.id = t.id;
    n.title = e.title.value_or("");
    n.priority = e.priority.value_or(Priority::Normal);
    n.category = e.category.value_or("");
    n.tags = e.tags.value_or(std::vector<std::string>{});
    n.requester = e.requester.value_or(Requester{});
    n.details = e.details;
    n.group = e.to;
    n.tier = e.tier;
    n.status = Status::New;
    n.created = n.updated = e.at;
    n.log.push_back(e);
    t = std::move(n);
    return std::nullopt;
  }
  if (t.log.empty()) return refuse(rules::transition, "the first entry of a log must be 'create'");
  if (auto r = check_transition(t, e)) return *r;

  switch (e.event) {
    case Event::Create: break;
    case Event::Comment:
      if (e.pending) {
        if (t.status != Status::Open && t.status != Status::Pending)
          return refuse(rules::transition, "only an open ticket can wait on the requester; " +
                                               q(t.id) + " is " + q(to_string(t.status)));
        t.status = Status::Pending;
      } else if (t.status == Status::Pending) {
        t.status = Status::Open;
      }
      break;
    case Event::Claim:
      t.assignee = e.by;
      if (t.owner.empty()) t.owner = e.by;
      t.status = Status::Open;
      break;
    case Event::Release:
      t.assignee.clear();
      t.status = t.escalations > 0 && t.tier > 1 ? Status::Escalated : Status::New;
      break;
    case Event::Assign:
    case Event::Appoint:
      if (e.assignee.empty()) return refuse(rules::valid_values, "the entry names no agent to assign");
      if (e.event == Event::Appoint && !e.appointment)
        return refuse(rules::valid_values, "the entry carries no appointment");
      t.assignee = e.assignee;
      if (t.owner.empty()) t.owner = e.assignee;
      t.status = Status::Open;
      if (e.event == Event::Appoint) t.appointment = e.appointment;
      break;
    case Event::Escalate:
      if (e.to.empty()) return refuse(rules::valid_values, "the escalation names no group");
      if (auto r = escalation_goes_up(t, e)) return *r;
      t.group = e.to;
      t.tier = e.tier;
      ++t.escalations;
      merge_details(t.details, e.details);
      t.assignee = e.assignee;
      t.status = e.assignee.empty() ? Status::Escalated : Status::Open;
      break;
    case Event::Handback:
      if (t.tier < 2)
        return refuse(rules::transition, "only a ticket at tier 2 or above can be handed back; " +
                                             q(t.id) + " is at tier " + std::to_string(t.tier));
      if (e.to.empty() || e.assignee.empty())
        return refuse(rules::valid_values, "the hand-back names no group or owner");
      t.group = e.to;
      t.tier = e.tier;
      t.assignee = e.assignee;
      ++t.handbacks;
      t.status = Status::Open;
      break;
    case Event::Resolve:
      t.status = Status::Resolved;
      break;
    case Event::Reopen: {
      // Back to the owner, in the owner's own group.
      const Trail tr = trail(t);
      t.status = Status::Open;
      t.assignee = t.owner;
      if (!tr.owner_group.empty()) {
        t.group = tr.owner_group;
        t.tier = tr.owner_tier;
      }
      break;
    }
    case Event::Close:
      t.status = Status::Closed;
      break;
    case Event::Edit:
      if (e.title) t.title = *e.title;
      if (e.priority) t.priority = *e.priority;
      if (e.category) t.category = *e.category;
      if (e.tags) t.tags = *e.tags;
      merge_details(t.details, e.details);
      break;
    case Event::Rate:
      if (e.score < 1 || e.score > 5)
        return refuse(rules::valid_values, "a rating is from 1 to 5, not " + std::to_string(e.score));
      t.csat = e.score;
      break;
  }
  t.updated = e.at;
  t.log.push_back(e);
  return std::nullopt;
}

Outcome effect(Ticket t, const LogEntry& e) {
  if (auto r = effect_in_place(t, e)) return *r;
  return t;
}

Trail trail(const Ticket& t) {
  Trail tr;
  std::string group;
  int tier = 0;
  std::string owner;
  for (const auto& e : t.log) {
    if (e.is_void()) continue;
    std::string taker;
    switch (e.event) {
      case Event::Create: group = e.to; tier = e.tier; break;
      case Event::Claim: taker = e.by; break;
      case Event::Assign:
      case Event::Appoint: taker = e.assignee; break;
      case Event::Escalate:
        group = e.to;
        tier = e.tier;
        if (!e.assignee.empty()) tr.last_assignee = e.assignee;
        break;
      case Event::Handback:
        tr.last_handback_by = e.by;
        tr.last_handback_from = group;
        tr.last_handback_tier = tier;
        group = e.to;
        tier = e.tier;
        break;
      default: break;
    }
    if (!taker.empty()) {
      tr.last_assignee = taker;
      if (owner.empty()) {
        owner = taker;
        tr.owner_group = group;
        tr.owner_tier = tier;
      }
    }
  }
  return tr;
}

bool requester_entry(const Ticket& t, const LogEntry& e) {
  const bool by_requester = e.event == Event::Create ? e.requester && lower(e.by) == lower(e.requester->email)
                                                     : is_requester(t, e.by);
  const bool requester_may = e.event == Event::Create || e.event == Event::Reopen || e.event == Event::Rate ||
                             (e.event == Event::Comment && !e.is_private());
  return by_requester && requester_may;
}

std::optional<Refusal> authorize_actor(const Ticket& t, const LogEntry& e, const Policy& p) {
  if (requester_entry(t, e) || p.is_agent(e.by)) return std::nullopt;
  return refuse(rules::unknown_agent, q(e.by) + " is not an agent of this help desk",
                "set --agent, TIER_AGENT or git's user.email to an agent listed in .tier/config.toml");
}

std::optional<Refusal> check_texts(const LogEntry& e, const Policy::Limits& limits) {
  auto control = [](std::string_view what, const std::string& s, bool lines) -> std::optional<Refusal> {
    const long c = first_control(s, lines);
    if (c < 0) return std::nullopt;
    char code[24];
    std::snprintf(code, sizeof code, "U+%04lX", c);
    return refuse(rules::valid_values, std::string(what) + " holds the control character " + code);
  };
  auto size = [&](std::string_view what, const std::string& s) -> std::optional<Refusal> {
    if (s.size() <= limits.text) return std::nullopt;
    return refuse(rules::valid_values,
                  std::string(what) + " is " + std::to_string(s.size()) + " bytes, over the limit of " +
                      std::to_string(limits.text),
                  "[limits] text in .tier/config.toml sets it; attach a long log rather than paste it");
  };
  if (auto r = size("the text", e.text)) return r;
  if (auto r = control("the text", e.text, true)) return r;
  for (auto name : Details::names()) {
    const std::string& v = *e.details.field(name);
    if (auto r = size(name, v)) return r;
    if (auto r = control(name, v, true)) return r;
  }
  if (e.title) {
    const std::string& title = *e.title;
    if (title.find_first_not_of(" \t") == std::string::npos)
      return refuse(rules::valid_values, "a ticket needs a title");
    if (title.find('\n') != std::string::npos) return refuse(rules::valid_values, "a title is one line");
    if (auto r = control("the title", title, true)) return r;
    if (code_points(title) > limits.title)
      return refuse(rules::valid_values, "a title is at most " + std::to_string(limits.title) + " characters, not " +
                                             std::to_string(code_points(title)));
  }
  auto one_line = [&](std::string_view what, const std::string& s) -> std::optional<Refusal> {
    if (s.size() > limits.title * 4)
      return refuse(rules::valid_values, std::string(what) + " is over " + std::to_string(limits.title * 4) + " bytes");
    if (s.find('\n') != std::string::npos) return refuse(rules::valid_values, std::string(what) + " is one line");
    return control(what, s, true);
  };
  if (e.category)
    if (auto r = one_line("the category", *e.category)) return r;
  if (e.tags)
    for (const auto& tag : *e.tags)
      if (auto r = one_line("a tag", tag)) return r;
  if (e.requester) {
    if (auto r = one_line("the requester's name", e.requester->name)) return r;
    if (auto r = one_line("the requester's address", e.requester->email)) return r;
  }
  if (e.appointment)
    if (auto r = one_line("the appointment's place", e.appointment->place)) return r;
  if (!e.attachments.empty()) {
    switch (e.event) {
      case Event::Create: case Event::Comment: case Event::Escalate: case Event::Handback:
      case Event::Resolve: case Event::Reopen: break;
      default:
        return refuse(rules::valid_values, "a " + std::string(to_string(e.event)) + " carries no attachment");
    }
    std::uint64_t total = 0;
    for (const auto& a : e.attachments) {
      if (auto r = one_line("an attachment's name", a.name)) return r;
      if (a.name.empty() || a.name == "." || a.name == ".." || a.name.find('/') != std::string::npos ||
          a.name.size() > 255)
        return refuse(rules::valid_values, "an attachment is named by a file name of 1 to 255 bytes without '/', not " +
                                               q(a.name));
      if (!valid_media_type(a.type))
        return refuse(rules::valid_values, "the attachment " + q(a.name) + " has no valid media type: " + q(a.type));
      if (a.size > limits.attachment)
        return refuse(rules::valid_values,
                      "the attachment " + q(a.name) + " is " + std::to_string(a.size) + " bytes, over the limit of " +
                          std::to_string(limits.attachment),
                      "[limits] attachment in .tier/config.toml sets it");
      if (a.id.size() != 40 || a.id.find_first_not_of("0123456789abcdef") != std::string::npos)
        return refuse(rules::valid_values, "the attachment " + q(a.name) + " has no valid id: " + q(a.id));
      total += a.size;
    }
    if (total > limits.message)
      return refuse(rules::valid_values,
                    "the attachments are " + std::to_string(total) + " bytes together, over the limit of " +
                        std::to_string(limits.message),
                    "[limits] message in .tier/config.toml sets it");
  }
  return std::nullopt;
}

std::optional<Refusal> authorize(const Ticket& t, const LogEntry& e, const Policy& p) {
  if (auto r = authorize_actor(t, e, p)) return r;
  if (auto r = check_texts(e, p.limits)) return r;
  if (!e.article.empty()) {
    if (e.event != Event::Resolve) return refuse(rules::valid_values, "only a resolution names an article");
    if (!is_valid_slug(e.article)) return refuse(rules::valid_values, q(visible(e.article)) + " is not an article's slug");
  }
  const bool by_requester = requester_entry(t, e);

  const std::string& group = e.event == Event::Create ? e.to : t.group;
  auto member = [&](std::string_view agent) -> std::optional<Refusal> {
    if (p.is_member(group, agent)) return std::nullopt;
    return refuse(rules::not_member, q(agent) + " is not a member of " + q(group));
  };
  auto holder = [&](bool owner_too) -> std::optional<Refusal> {
    if (e.by == t.assignee || (owner_too && e.by == t.owner)) return std::nullopt;
    std::string who = t.assignee.empty() ? "nobody" : q(t.assignee);
    return refuse(rules::not_assignee,
                  "only the assignee" + std::string(owner_too ? " or the owner" : "") + " may " +
                      std::string(to_string(e.event)) + " " + q(t.id) + "; it is held by " + who);
  };
  auto note = [&](std::string_view what) -> std::optional<Refusal> {
    if (!e.text.empty()) return std::nullopt;
    return refuse(rules::note_required, std::string(what) + " needs a note", "give it with -m");
  };
  auto known_group = [&](std::string_view id) -> std::optional<Refusal> {
    if (p.group(id)) return std::nullopt;
    return Refusal{std::string(rules::unknown_group), "no such group " + q(id), Exit::NotFound, {}};
  };

  // A pending ticket waits on the requester, maybe for an agent who is away:
  // a lead of its group or an admin may still move it, saying why.
  const bool moves_pending = t.status == Status::Pending &&
                             (e.event == Event::Release || e.event == Event::Assign || e.event == Event::Escalate);
  if (moves_pending) {
    if (!p.is_lead(t.group, e.by) && !p.is_admin(e.by))
      return refuse(rules::not_lead,
                    q(t.id) + " is pending: only a lead of " + q(t.group) + " or an admin may " +
                        std::string(to_string(e.event)) + " it",
                    "ask a lead of " + q(t.group));
    if (e.text.empty())
      return refuse(rules::note_required,
                    "moving the pending ticket " + q(t.id) + " needs a note saying why", "give it with -m");
  }
  if ((e.event == Event::Release || e.event == Event::Assign) && !e.text.empty() && !e.is_private())
    return refuse(rules::valid_values,
                  e.event == Event::Release ? "a release note is private" : "an assignment note is private");

  switch (e.event) {
    case Event::Create: {
      const std::string email = e.requester ? e.requester->email : "";
      if (email.empty() || email_domain(email).empty())
        return refuse(rules::employer_email, "the requester needs an e-mail address, not " + q(email));
      if (p.is_free_mail(email))
        return refuse(rules::employer_email,
                      q(email_domain(email)) + " is a free-mail domain; the requester needs an employer address");
      const Organization* org = p.organization_for_email(email);
      if (!org)
        return refuse(rules::supported_organization,
                      "no supported organization has the domain " + q(email_domain(email)));
      if (e.requester->organization != org->id)
        return refuse(rules::supported_organization, "the domain " + q(email_domain(email)) +
                                                         " belongs to " + q(org->id) + ", not " +
                                                         q(e.requester->organization));
      if (auto r = known_group(e.to)) return r;
      if (e.tier != p.group(e.to)->tier)
        return refuse(rules::valid_values, q(e.to) + " is tier " + std::to_string(p.group(e.to)->tier) +
                                               ", not " + std::to_string(e.tier));
      if (!e.title) return refuse(rules::valid_values, "a ticket needs a title");
      return std::nullopt;
    }
    case Event::Comment:
      if (e.is_private() || by_requester || !p.public_by_owner) return std::nullopt;
      if (e.by == t.owner || (t.owner.empty() && p.is_member(t.group, e.by))) return std::nullopt;
      return refuse(rules::public_by_owner,
                    "only the owner " + (t.owner.empty() ? q("(none)") : q(t.owner)) +
                        " may write to the requester of " + q(t.id),
                    "write a private note with --private");
    case Event::Claim:
      return member(e.by);
    case Event::Release:
      return moves_pending ? std::nullopt : holder(false);
    case Event::Assign:
      if (!p.is_lead(t.group, e.by) && !p.is_admin(e.by))
        return refuse(rules::not_lead, "only a lead of " + q(t.group) + " or an admin may assign");
      if (!p.is_agent(e.assignee))
        return refuse(rules::unknown_agent, q(e.assignee) + " is not an agent of this help desk");
      return member(e.assignee);
    case Event::Escalate: {
      if (!moves_pending)
        if (auto r = holder(true)) return r;
      if (auto r = note("an escalation")) return r;
      if (!e.is_private()) return refuse(rules::valid_values, "an escalation note is private");
      if (e.to.empty())
        return Refusal{std::string(rules::unknown_group), q(t.group) + " has no group to escalate to", Exit::NotFound,
                       "name one with --to, or set escalate_to for " + q(t.group) + " in .tier/config.toml"};
      if (auto r = known_group(e.to)) return r;
      const Group* target = p.group(e.to);
      if (e.tier != target->tier)
        return refuse(rules::valid_values,
                      q(e.to) + " is tier " + std::to_string(target->tier) + ", not " + std::to_string(e.tier));
      if (auto r = escalation_goes_up(t, e)) return *r;
      const Route* rt = p.route(t.category);
      if (rt && rt->group != e.to)
        return refuse(rules::route, "category " + q(t.category) + " goes to " + q(rt->group),
                      "escalate without --to, or with --to " + rt->group);
      if (!rt) {
        const Organization* org = p.organization(t.requester.organization);
        if (!org || std::find(org->escalation.begin(), org->escalation.end(), e.to) == org->escalation.end())
          return refuse(rules::subscription, "organization " + q(t.requester.organization) +
                                                 " does not subscribe to " + q(e.to));
      }
      Details merged = t.details;
      merge_details(merged, e.details);
      const std::vector<std::string> missing = missing_template(p, t, e.details);
      std::vector<std::string> options;
      for (const auto& field : missing) options.push_back("--" + field);
      if (!missing.empty())
        return refuse(rules::escalation_template, "the escalation template lacks " + joined(missing),
                      "fill it in with " + joined(options, " "));
      if (!merged.connection.empty() && merged.connection != "wired" && merged.connection != "wireless")
        return refuse(rules::valid_values, "connection is 'wired' or 'wireless', not " + q(merged.connection));
      if (!e.assignee.empty()) {
        const Trail tr = trail(t);
        if (e.assignee != tr.last_handback_by)
          return refuse(rules::valid_values, "an escalation goes to a queue, or straight back to " +
                                                 (tr.last_handback_by.empty() ? q("(nobody)") : q(tr.last_handback_by)) +
                                                 " who handed it back, not to " + q(e.assignee));
        if (!p.is_member(e.to, e.assignee)) {
          return refuse(rules::not_member, q(e.assignee) + " is not a member of " + q(e.to),
                        "escalate with --queue");
        }
      }
      return std::nullopt;
    }
    case Event::Handback: {
      if (auto r = holder(false)) return r;
      if (auto r = note("a hand-back")) return r;
      if (!e.is_private()) return refuse(rules::valid_values, "a hand-back note is private");
      const Trail tr = trail(t);
      if (e.assignee != t.owner || e.to != tr.owner_group || e.tier != tr.owner_tier)
        return refuse(rules::valid_values, "a hand-back goes to the owner " + q(t.owner) + " in " +
                                               q(tr.owner_group));
      return std::nullopt;
    }
    case Event::Resolve:
      if (auto r = holder(true)) return r;
      if (e.text.empty() || e.is_private())
        return refuse(rules::note_required, "a resolution needs a public text for the requester",
                      "give it with -m");
      return std::nullopt;
    case Event::Reopen: {
      if (auto r = note("reopening")) return r;
      if (by_requester || e.by == t.owner || e.by == trail(t).last_assignee) return std::nullopt;
      return refuse(rules::not_assignee, "only the owner, the last assignee or the requester may reopen " + q(t.id));
    }
    case Event::Close:
      return std::nullopt;
    case Event::Appoint:
      if (auto r = member(e.by)) return r;
      if (!e.appointment || e.appointment->place.empty())
        return refuse(rules::valid_values, "an appointment needs a time, a place and a technician");
      if (!p.is_agent(e.assignee) || e.appointment->technician != e.assignee)
        return refuse(rules::unknown_agent, q(e.assignee) + " is not an agent of this help desk");
      return std::nullopt;
    case Event::Edit:
      if (e.by == t.assignee || e.by == t.owner || p.is_lead(t.group, e.by) || p.is_admin(e.by))
        return std::nullopt;
      return refuse(rules::not_assignee, "only the assignee, the owner or a lead may edit " + q(t.id));
    case Event::Rate:
      return std::nullopt;
  }
  return std::nullopt;
}

Outcome apply(const Ticket& t, const LogEntry& e, const Policy& p) {
  if (e.event != Event::Create && !t.log.empty())
    if (auto r = check_transition(t, e)) return *r;
  if (auto r = authorize(t, e, p)) return *r;
  return effect(t, e);
}

Error to_error(const Refusal& r) {
  if (r.code == Exit::Refused)
    return Error(r.code, "refused by rule '" + r.rule + "': " + r.message, r.hint, r.rule);
  return Error(r.code, r.message, r.hint, r.rule);
}

Ticket require(Outcome outcome) {
  if (auto* r = std::get_if<Refusal>(&outcome)) throw to_error(*r);
  return std::move(std::get<Ticket>(outcome));
}

Outcome replay(std::string_view id, const std::vector<LogEntry>& log) {
  Ticket t;
  t.id = std::string(id);
  for (const auto& e : log)
    if (auto r = effect_in_place(t, e)) return *r;
  return t;
}

std::vector<TicketProblem> verify(const Ticket& ticket) {
  std::vector<TicketProblem> problems;
  if (ticket.log.empty()) {
    problems.push_back({"log", -1, "the log is empty"});
    return problems;
  }
  for (std::size_t i = 1; i < ticket.log.size(); ++i)
    if (ticket.log[i].at < ticket.log[i - 1].at)
      problems.push_back({{}, int(i), "log entry " + std::to_string(i + 1) + " is dated before the one above it"});
  Ticket t;
  t.id = ticket.id;
  for (std::size_t i = 0; i < ticket.log.size(); ++i) {
    if (auto r = effect_in_place(t, ticket.log[i])) {
      problems.push_back({{}, int(i), "log entry " + std::to_string(i + 1) + " (" +
                                          std::string(to_string(ticket.log[i].event)) +
                                          ") does not replay: " + r->message});
      return problems;
    }
  }
  const Header& a = ticket;
  const Header& b = t;
  auto differs = [&](const char* key, bool same) {
    if (!same) problems.push_back({key, -1, std::string("'") + key + "' differs from the replay of the log"});
  };
  differs("format", a.format == 1);
  differs("title", a.title == b.title);
  differs("status", a.status == b.status);
  differs("priority", a.priority == b.priority);
  differs("category", a.category == b.category);
  differs("tier", a.tier == b.tier);
  differs("group", a.group == b.group);
  differs("assignee", a.assignee == b.assignee);
  differs("owner", a.owner == b.owner);
  differs("escalations", a.escalations == b.escalations);
  differs("handbacks", a.handbacks == b.handbacks);
  differs("tags", a.tags == b.tags);
  differs("created", a.created == b.created);
  differs("updated", a.updated == b.updated);
  differs("csat", a.csat == b.csat);
  differs("requester", a.requester == b.requester);
  differs("details", a.details == b.details);
  differs("appointment", a.appointment == b.appointment);
  return problems;
}

LogEntry simple_entry(Event event, std::string by, Time at) {
  LogEntry e;
  e.event = event;
  e.by = std::move(by);
  e.at = at;
  return e;
}

std::variant<LogEntry, Refusal> reply_entry(const Ticket& t, std::string_view from, std::string text, Time at) {
  if (!is_requester(t, from))
    return refuse(rules::requester_only,
                  q(lower(from)) + " is not the requester of " + q(t.id) + "; only the requester's mail is added to it",
                  "agents answer with 'tier comment'");
  if (text.empty())
    return refuse(rules::note_required, "the reply to " + q(t.id) + " has no text of its own",
                  "quoted lines and the signature are left out");
  LogEntry e = simple_entry(t.status == Status::Resolved ? Event::Reopen : Event::Comment, lower(from), at);
  e.visibility = Visibility::Public;
  e.text = std::move(text);
  return e;
}

LogEntry create_entry(const CreateRequest& r, const Policy& p, std::string by, Time at) {
  LogEntry e = simple_entry(Event::Create, std::move(by), at);
  e.title = r.title;
  e.priority = r.priority.value_or(Priority::Normal);
  if (!r.category.empty()) e.category = r.category;
  if (!r.tags.empty()) e.tags = r.tags;
  const Organization* org = p.organization_for_email(r.email);
  e.requester = Requester{r.name, lower(r.email), org ? org->id : ""};
  e.to = !r.group.empty() ? r.group : org ? org->intake : "";
  const Group* g = p.group(e.to);
  e.tier = g ? g->tier : 0;
  e.details = r.details;
  if (valid_message_id(r.message_id)) e.message_id = r.message_id;
  e.attachments = r.attachments;
  if (!r.text.empty()) {
    e.visibility = Visibility::Public;
    e.text = r.text;
  }
  return e;
}

LogEntry escalate_entry(const Ticket& t, const EscalateRequest& r, const Policy& p, std::string by, Time at) {
  LogEntry e = simple_entry(Event::Escalate, std::move(by), at);
  e.visibility = Visibility::Private;
  e.text = r.note;
  e.details = r.details;
  const Trail tr = trail(t);
  const bool straight_back = !r.queue && t.escalations > 0 && !tr.last_handback_by.empty();
  if (!r.to.empty()) {
    e.to = r.to;
  } else if (const Route* rt = p.route(t.category)) {
    e.to = rt->group;
  } else if (straight_back) {
    e.to = tr.last_handback_from;
  } else if (const Group* g = p.group(t.group)) {
    e.to = g->escalate_to;
  }
  if (straight_back && e.to == tr.last_handback_from) e.assignee = tr.last_handback_by;
  const Group* target = p.group(e.to);
  e.tier = target ? target->tier : 0;
  return e;
}

std::vector<std::string> missing_template(const Policy& p, const Ticket& t, const Details& given) {
  Details merged = t.details;
  merge_details(merged, given);
  std::vector<std::string> missing;
  for (const auto& field : p.escalation_requires) {
    const std::string* v = merged.field(field);
    if (v && v->empty()) missing.push_back(field);
  }
  return missing;
}

LogEntry handback_entry(const Ticket& t, std::string note, std::string by, Time at) {
  LogEntry e = simple_entry(Event::Handback, std::move(by), at);
  const Trail tr = trail(t);
  e.to = tr.owner_group;
  e.tier = tr.owner_tier;
  e.assignee = t.owner;
  e.visibility = Visibility::Private;
  e.text = std::move(note);
  return e;
}

}  // namespace tier
