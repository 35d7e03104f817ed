#include "core/policy.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace tier {
namespace {

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return out;
}

bool same_address(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = char(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = char(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string email_domain(std::string_view email) {
  const auto at = email.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == email.size()) return {};
  return lower(email.substr(at + 1));
}

const Organization* Policy::organization(std::string_view id) const {
  for (const auto& o : organizations)
    if (o.id == id) return &o;
  return nullptr;
}

const Organization* Policy::organization_for_email(std::string_view email) const {
  const std::string domain = email_domain(email);
  if (domain.empty()) return nullptr;
  for (const auto& o : organizations)
    if (contains(o.domains, domain)) return &o;
  return nullptr;
}

const Group* Policy::group(std::string_view id) const {
  for (const auto& g : groups)
    if (g.id == id) return &g;
  return nullptr;
}

const Hours* BusinessHours::of(std::string_view organization, std::string_view intake_group) const {
  for (const auto& [id, h] : organizations)
    if (id == organization) return &h;
  for (const auto& [id, h] : groups)
    if (id == intake_group) return &h;
  return all ? &*all : nullptr;
}

const Route* Policy::route(std::string_view category) const {
  if (category.empty()) return nullptr;
  for (const auto& r : routes)
    if (r.category == category) return &r;
  return nullptr;
}

bool Policy::is_free_mail(std::string_view email) const {
  const std::string domain = email_domain(email);
  return !domain.empty() && contains(free_mail, domain);
}

bool Policy::is_member(std::string_view group_id, std::string_view agent) const {
  const Group* g = group(group_id);
  return g && (contains(g->members, agent) || contains(g->leads, agent));
}

bool Policy::is_lead(std::string_view group_id, std::string_view agent) const {
  const Group* g = group(group_id);
  return g && contains(g->leads, agent);
}

bool Policy::is_admin(std::string_view agent) const { return contains(admins, agent); }

bool Policy::is_agent(std::string_view agent) const {
  if (is_admin(agent) || this->agent(agent)) return true;
  for (const auto& g : groups)
    if (contains(g.members, agent) || contains(g.leads, agent)) return true;
  return false;
}

const Agent* Policy::agent(std::string_view email) const {
  for (const auto& a : directory)
    if (a.email == email) return &a;
  return nullptr;
}

std::vector<std::string> Policy::agents() const {
  std::vector<std::string> out = admins;
  for (const auto& a : directory) out.push_back(a.email);
  for (const auto& g : groups) {
    out.insert(out.end(), g.members.begin(), g.members.end());
    out.insert(out.end(), g.leads.begin(), g.leads.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<const Group*> Policy::groups_of(std::string_view agent) const {
  std::vector<const Group*> out;
  for (const auto& g : groups)
    if (contains(g.members, agent) || contains(g.leads, agent)) out.push_back(&g);
  return out;
}

bool Policy::is_gateway(std::string_view identity) const { return contains(server.gateways, lower(identity)); }

std::string Policy::pusher_agent(std::string_view user) const {
  if (user.find('@') != std::string_view::npos) return lower(user);
  for (const auto& [name, email] : server.pushers)
    if (name == user) return email;
  return {};
}

bool is_short_name(std::string_view text) {
  if (text.empty() || text.size() > 32 || text[0] < 'a' || text[0] > 'z') return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

std::string resolve_agent(const Policy& policy, std::string_view text) {
  if (text.find('@') != std::string_view::npos) return lower(text);
  for (const auto& a : policy.directory)
    if (!a.short_name.empty() && a.short_name == text) return a.email;
  // Quoted as typed, but a control character is not sent to the terminal.
  std::string shown;
  for (char c : text.substr(0, 64)) shown += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
  throw Error(Exit::NotFound, "unknown agent '" + shown + "'",
              "name an agent by address, or by a short name from [agents] in tier-config(5)");
}

std::string display_name(const Policy& policy, std::string_view email) {
  const Agent* a = policy.agent(email);
  return a ? a->name : std::string();
}

std::string short_name(const Policy& policy, std::string_view email) {
  const Agent* a = policy.agent(email);
  return a ? a->short_name : std::string();
}

std::optional<std::size_t> parse_size(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0 || digits > 12) return std::nullopt;
  const std::string_view unit = text.substr(digits);
  std::size_t scale = 0;
  if (unit.empty()) scale = 1;
  else if (unit == "k" || unit == "K") scale = std::size_t{1} << 10;
  else if (unit == "m" || unit == "M") scale = std::size_t{1} << 20;
  else if (unit == "g" || unit == "G") scale = std::size_t{1} << 30;
  else return std::nullopt;
  std::size_t n = 0;
  for (std::size_t i = 0; i < digits; ++i) n = n * 10 + std::size_t(text[i] - '0');
  return n * scale;
}

}  // namespace tier
