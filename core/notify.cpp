#include "core/notify.hpp"

#include <algorithm>
#include <cstdint>

#include "core/view.hpp"

namespace tier {

std::string_view to_string(NoticeKind kind) {
  switch (kind) {
    case NoticeKind::Created: return "created";
    case NoticeKind::Acknowledged: return "acknowledged";
    case NoticeKind::Claimed: return "claimed";
    case NoticeKind::Released: return "released";
    case NoticeKind::Assigned: return "assigned";
    case NoticeKind::Escalated: return "escalated";
    case NoticeKind::HandedBack: return "handed-back";
    case NoticeKind::Commented: return "commented";
    case NoticeKind::Resolved: return "resolved";
    case NoticeKind::Reopened: return "reopened";
    case NoticeKind::Appointed: return "appointed";
    case NoticeKind::Overdue: return "overdue";
    case NoticeKind::Voided: return "voided";
  }
  return "created";
}

std::string_view to_string(Audience audience) {
  return audience == Audience::Agents ? "agents" : "requester";
}

namespace {

std::vector<std::string> group_people(const Policy& p, std::string_view id) {
  std::vector<std::string> out;
  if (const Group* g = p.group(id)) {
    out = g->members;
    out.insert(out.end(), g->leads.begin(), g->leads.end());
  }
  return out;
}

// The address of "Name <addr>", or the text itself.
std::string address_of(std::string_view mailbox) {
  const auto open = mailbox.rfind('<');
  const auto close = mailbox.rfind('>');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open)
    return std::string(mailbox.substr(open + 1, close - open - 1));
  return std::string(mailbox);
}

std::uint32_t fnv1a(std::string_view s, std::uint32_t h = 2166136261u) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

}  // namespace

bool replies_to_requester(const LogEntry& e, std::string_view requester) {
  if (e.is_void() || (!requester.empty() && same_address(e.by, requester))) return false;
  switch (e.event) {
    case Event::Comment:
    case Event::Resolve: return requester_may_see(e);
    case Event::Appoint: return true;
    default: return false;
  }
}

std::vector<Notice> notices(const Ticket& before, const Ticket& after, const LogEntry& e, const Policy& p) {
  (void)before;
  std::vector<Notice> out;
  if (e.is_void()) return out;
  const std::string by = lower(e.by);
  const std::string requester = lower(after.requester.email);
  const bool by_requester = !requester.empty() && by == requester;

  auto to_agents = [&](NoticeKind kind, const std::vector<std::string>& people) {
    Notice n{kind, Audience::Agents, {}, e, {}};
    for (const auto& person : people) {
      const std::string a = lower(person);
      if (a.empty() || a == by || a == requester) continue;
      if (std::find(n.to.begin(), n.to.end(), a) == n.to.end()) n.to.push_back(a);
    }
    if (!n.to.empty()) out.push_back(std::move(n));
  };
  // The requester is told even of their own mail's ticket: the
  // acknowledgement carries the id they need for the rest.
  auto to_requester = [&](NoticeKind kind, bool even_own = false) {
    if (requester.empty() || (by_requester && !even_own)) return;
    out.push_back(Notice{kind, Audience::Requester, {requester}, e, {}});
  };

  switch (e.event) {
    case Event::Create:
      to_agents(NoticeKind::Created, group_people(p, e.to));
      to_requester(NoticeKind::Acknowledged, true);
      break;
    case Event::Claim:
      to_agents(NoticeKind::Claimed, group_people(p, after.group));
      break;
    case Event::Release:
      to_agents(NoticeKind::Released, group_people(p, after.group));
      break;
    case Event::Assign:
      to_agents(NoticeKind::Assigned, {e.assignee});
      break;
    case Event::Escalate:
      to_agents(NoticeKind::Escalated, e.assignee.empty() ? group_people(p, e.to) : std::vector{e.assignee});
      break;
    case Event::Handback:
      to_agents(NoticeKind::HandedBack, {e.assignee});
      break;
    case Event::Comment:
      if (by_requester) {
        if (!after.assignee.empty()) to_agents(NoticeKind::Commented, {after.assignee});
        else if (!after.owner.empty()) to_agents(NoticeKind::Commented, {after.owner});
        else to_agents(NoticeKind::Commented, group_people(p, after.group));
      } else {
        to_agents(NoticeKind::Commented, {after.assignee, after.owner});
        if (replies_to_requester(e, requester)) to_requester(NoticeKind::Commented);
      }
      break;
    case Event::Resolve:
      to_agents(NoticeKind::Resolved, {after.owner, after.assignee});
      if (replies_to_requester(e, requester)) to_requester(NoticeKind::Resolved);
      break;
    case Event::Reopen:
      to_agents(NoticeKind::Reopened,
                after.assignee.empty() ? group_people(p, after.group) : std::vector{after.assignee});
      break;
    case Event::Appoint:
      to_agents(NoticeKind::Appointed, {e.assignee});
      if (replies_to_requester(e, requester)) to_requester(NoticeKind::Appointed);
      break;
    case Event::Close:
    case Event::Edit:
    case Event::Rate:
      break;
  }
  return out;
}

std::optional<Notice> notify_overdue(const Ticket& t, const Policy& p, std::string_view clock, Time due) {
  const Group* g = p.group(t.group);
  if (!g) return std::nullopt;
  Notice n;
  n.kind = NoticeKind::Overdue;
  n.audience = Audience::Agents;
  n.overdue = std::string(clock);
  n.entry.at = due;
  for (const auto& lead : g->leads) {
    const std::string a = lower(lead);
    if (std::find(n.to.begin(), n.to.end(), a) == n.to.end()) n.to.push_back(a);
  }
  if (n.to.empty()) return std::nullopt;
  return n;
}

std::optional<Notice> notify_voided(const Ticket&, const LogEntry& voided, const Policy& p) {
  if (!p.is_agent(voided.by)) return std::nullopt;
  Notice n;
  n.kind = NoticeKind::Voided;
  n.audience = Audience::Agents;
  n.entry = voided;
  n.to = {lower(voided.by)};
  return n;
}

std::string notify_from(const Policy& p) {
  if (!p.notify.from.empty()) return p.notify.from;
  std::string domain;
  if (!p.admins.empty()) domain = email_domain(p.admins.front());
  if (domain.empty()) {
    const auto agents = p.agents();
    if (!agents.empty()) domain = email_domain(agents.front());
  }
  return "helpdesk@" + (domain.empty() ? std::string("localhost") : domain);
}

std::string notify_domain(const Policy& p) {
  std::string d = email_domain(address_of(notify_from(p)));
  return d.empty() ? "localhost" : d;
}

std::string thread_root_id(std::string_view ticket_id, std::string_view domain) {
  return "<" + std::string(ticket_id) + "@" + std::string(domain) + ">";
}

std::string message_id(std::string_view ticket_id, const Notice& n, std::string_view domain) {
  const std::string ms = std::to_string(n.entry.at.ms);
  if (n.kind == NoticeKind::Overdue)
    return "<" + std::string(ticket_id) + "." + ms + ".overdue-" + n.overdue + ".leads@" + std::string(domain) + ">";
  if (n.kind == NoticeKind::Created && n.audience == Audience::Agents) return thread_root_id(ticket_id, domain);
  const LogEntry& e = n.entry;
  std::uint32_t h = fnv1a(lower(e.by));
  for (std::string_view part : {std::string_view(e.to), std::string_view(e.assignee), std::string_view(e.text)}) {
    h = fnv1a("\x1f", h);
    h = fnv1a(part, h);
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string digest(8, '0');
  for (int i = 7; i >= 0; --i, h >>= 4) digest[std::size_t(i)] = hex[h & 0xf];
  const std::string event = (n.kind == NoticeKind::Voided ? "void-" : "") + std::string(to_string(e.event));
  return "<" + std::string(ticket_id) + "." + ms + "." + event + "." + digest + "." +
         std::string(to_string(n.audience)) + "@" + std::string(domain) + ">";
}

Threading threading(std::string_view ticket_id, const Notice& n, std::string_view domain) {
  const std::string root = thread_root_id(ticket_id, domain);
  if (message_id(ticket_id, n, domain) == root) return {};
  const std::string& mail = n.entry.message_id;
  if (n.kind == NoticeKind::Acknowledged && valid_message_id(mail))
    return {"<" + mail + ">", root + " <" + mail + ">"};
  return {root, root};
}

bool valid_message_id(std::string_view id) {
  if (id.empty() || id.size() > 250) return false;
  for (const char c : id)
    if (c < '!' || c > '~' || c == '<' || c == '>') return false;
  return true;
}

std::optional<std::vector<std::string>> split_command(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else if (c == '\'') {
      const auto end = line.find('\'', i + 1);
      if (end == std::string_view::npos) return std::nullopt;
      word += line.substr(i + 1, end - i - 1);
      i = end;
      in_word = true;
    } else if (c == '"') {
      std::size_t j = i + 1;
      for (; j < line.size() && line[j] != '"'; ++j) {
        if (line[j] == '\\' && j + 1 < line.size() && (line[j + 1] == '"' || line[j + 1] == '\\')) ++j;
        word += line[j];
      }
      if (j >= line.size()) return std::nullopt;
      i = j;
      in_word = true;
    } else if (c == '\\') {
      if (i + 1 >= line.size()) return std::nullopt;
      word += line[++i];
      in_word = true;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

}  // namespace tier
