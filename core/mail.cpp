#include "core/mail.hpp"

#include <algorithm>
#include <cstdint>

#include "core/ids.hpp"

namespace tier {
namespace {

bool same_text(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x >= 'A' && x <= 'Z' ? char(x - 'A' + 'a') : x) == (y >= 'A' && y <= 'Z' ? char(y - 'A' + 'a') : y);
         });
}

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// "4", "4/5", "4 / 5", "4.", "4!", "4 - thank you": a digit from 1 to 5
// that no other digit touches.
std::optional<int> leading_score(std::string_view s) {
  s = trim_blanks(s);
  if (s.empty() || s[0] < '1' || s[0] > '5') return std::nullopt;
  const int score = s[0] - '0';
  s.remove_prefix(1);
  std::string_view rest = trim_blanks(s);
  if (!rest.empty() && rest[0] == '/') {
    rest = trim_blanks(rest.substr(1));
    if (rest.empty() || rest[0] != '5') return std::nullopt;
    rest = trim_blanks(rest.substr(1));
  }
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!rest.empty() && (digit(rest[0]) || ((rest[0] == '.' || rest[0] == ',') && rest.size() > 1 && digit(rest[1]))))
    return std::nullopt;  // "45", "4.5", "4,5"
  return score;
}

}  // namespace

std::string desk_message_ticket(std::string_view id, std::string_view prefix, std::string_view domain) {
  const auto at = id.rfind('@');
  if (at == std::string_view::npos || domain.empty() || !same_text(id.substr(at + 1), domain)) return {};
  std::string_view local = id.substr(0, at);
  const std::size_t length = prefix.size() + 1 + id_body_length;
  if (local.size() < length || (local.size() > length && local[length] != '.')) return {};
  std::string ticket(local.substr(0, length));
  for (std::size_t i = prefix.size() + 1; i < ticket.size(); ++i)
    if (ticket[i] >= 'A' && ticket[i] <= 'Z') ticket[i] = char(ticket[i] - 'A' + 'a');
  if (!same_text(std::string_view(ticket).substr(0, prefix.size()), prefix)) return {};
  ticket.replace(0, prefix.size(), prefix);
  return is_valid_id(ticket, prefix) ? ticket : std::string();
}

std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

std::string fnv1a64_hex(std::string_view bytes) {
  static constexpr char hex[] = "0123456789abcdef";
  std::uint64_t h = fnv1a64(bytes);
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[std::size_t(i)] = hex[h & 0xf];
  return out;
}

std::string mail_ticket_id(std::string_view prefix, std::string_view message_id) {
  const std::uint64_t h = fnv1a64(message_id);
  return make_id(prefix, h ^ (h >> 40));
}

bool records_message(const Ticket& t, std::string_view message_id) {
  if (message_id.empty()) return false;
  return std::any_of(t.log.begin(), t.log.end(), [&](const LogEntry& e) { return e.message_id == message_id; });
}

std::vector<ThreadCandidate> thread_candidates(const std::vector<std::string>& refs, std::string_view subject_ticket,
                                               std::string_view prefix, std::string_view domain) {
  std::vector<ThreadCandidate> out;
  auto add = [&](std::string ticket, std::string received) {
    for (const auto& c : out)
      if (c.ticket == ticket && c.received == received) return;
    out.push_back({std::move(ticket), std::move(received)});
  };
  for (const auto& ref : refs) {
    if (std::string t = desk_message_ticket(ref, prefix, domain); !t.empty()) add(std::move(t), {});
    else add(mail_ticket_id(prefix, ref), ref);
  }
  if (!subject_ticket.empty()) add(std::string(subject_ticket), {});
  return out;
}

std::optional<int> reply_rating(std::string_view text, std::string_view subject) {
  text = trim_blanks(text);
  while (!text.empty() && text.front() == '\n') text.remove_prefix(1);
  if (!text.empty()) {
    if (text.find('\n') != std::string_view::npos) return std::nullopt;
    return leading_score(text);
  }
  // "Re: [T-7k2m9qxa] 5", "RE: Fwd: 4/5"
  std::string_view s = trim_blanks(subject);
  for (bool again = true; again;) {
    again = false;
    for (std::string_view lead : {"re:", "aw:", "sv:", "fwd:", "fw:"}) {
      if (s.size() >= lead.size() && same_text(s.substr(0, lead.size()), lead)) {
        s = trim_blanks(s.substr(lead.size()));
        again = true;
      }
    }
    if (!s.empty() && s.front() == '[') {
      const auto close = s.find(']');
      if (close == std::string_view::npos) return std::nullopt;
      s = trim_blanks(s.substr(close + 1));
      again = true;
    }
  }
  if (s.size() > 8) return std::nullopt;
  return leading_score(s);
}

std::string_view rating_invitation() {
  return "How did we do? Reply with a number from 1 (poor) to 5 (excellent) on a line of its own,\n"
         "or with the number as the subject.";
}

}  // namespace tier
