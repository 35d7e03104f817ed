#include "hooks/validate.hpp"

#include <cstdlib>

#include "core/error.hpp"
#include "core/workflow.hpp"
#include "formats/config_toml.hpp"
#include "formats/ticket_toml.hpp"

namespace tier::hooks {
namespace {

// The line of a header key ("status = ...") before the log, or 0.
int key_line(std::string_view text, std::string_view key) {
  int line = 1;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = text.find('\n', pos);
    const std::string_view l = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    if (l.rfind("[[log]]", 0) == 0) return 0;
    if ((l.rfind(key, 0) == 0 && l.size() > key.size() && (l[key.size()] == ' ' || l[key.size()] == '=')) ||
        (l.size() == key.size() + 2 && l[0] == '[' && l.substr(1, key.size()) == key))
      return line;
    if (end == std::string_view::npos) break;
    pos = end + 1;
    ++line;
  }
  return 0;
}

// The line of the n-th [[log]] table (0-based), or 0.
int entry_line(std::string_view text, int n) {
  int line = 1, seen = -1;
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (text.substr(pos, 7) == "[[log]]" && ++seen == n) return line;
    const std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) break;
    pos = end + 1;
    ++line;
  }
  return 0;
}

}  // namespace

store::Problem problem_from_message(const std::string& path, const std::string& message) {
  if (message.rfind(path + ":", 0) == 0) {
    const char* rest = message.c_str() + path.size() + 1;
    char* end = nullptr;
    const long line = std::strtol(rest, &end, 10);
    if (end != rest) {
      std::string_view tail(end);
      if (!tail.empty() && tail[0] == ':') {
        // skip ":col"
        std::size_t i = 1;
        while (i < tail.size() && tail[i] >= '0' && tail[i] <= '9') ++i;
        tail.remove_prefix(i);
      }
      if (tail.rfind(": ", 0) == 0) tail.remove_prefix(2);
      return {path, int(line), std::string(tail)};
    }
    std::string_view tail(rest);
    if (tail.rfind(" ", 0) == 0) tail.remove_prefix(1);
    return {path, 0, std::string(tail)};
  }
  return {path, 0, message};
}

std::vector<store::Problem> check_ticket_text(const std::string& path, std::string_view text) {
  std::vector<store::Problem> out;
  // Tickets live in tickets/XX/: a file right under tickets/ is no ticket to
  // parse (and `tier list` says the same of it).
  if (path.rfind("tickets/", 0) == 0 && path.find('/', 8) == std::string::npos) {
    out.push_back({path, 0, "not a directory of tickets"});
    return out;
  }
  Ticket t;
  try {
    t = formats::parse_ticket(text, path);
  } catch (const Error& e) {
    out.push_back(problem_from_message(path, e.what()));
    return out;
  }
  const std::string expected = ticket_path(t.id);
  if (expected != path)
    out.push_back({path, key_line(text, "id"), "the id '" + t.id + "' belongs at '" + expected + "'"});
  for (const auto& p : verify(t)) {
    const int line = p.entry >= 0 ? entry_line(text, p.entry) : key_line(text, p.key);
    out.push_back({path, line, p.message});
  }
  return out;
}

std::vector<store::Problem> check_config_text(const std::string& path, std::string_view text) {
  try {
    formats::parse_config(text, path);
    return {};
  } catch (const Error& e) {
    return {problem_from_message(path, e.what())};
  }
}

}  // namespace tier::hooks
