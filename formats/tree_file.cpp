#include "formats/tree_file.hpp"

#include <cctype>

#include "core/error.hpp"
#include "formats/config_toml.hpp"
#include "formats/kb_article.hpp"
#include "formats/ticket_toml.hpp"

namespace tier::formats {
namespace {

constexpr std::size_t small_file = 64 * 1024;

// The line of each header key ("status = ...", "[requester]") before the
// log, and of each [[log]] table.
void find_lines(std::string_view text, history::Version& v) {
  int line = 1;
  bool in_log = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view l = text.substr(pos, end - pos);
    if (l.rfind("[[log]]", 0) == 0) {
      in_log = true;
      v.entry_lines.push_back(line);
    } else if (!in_log && !l.empty()) {
      if (l[0] == '[') {
        const auto close = l.find(']');
        if (close != std::string_view::npos) v.key_lines.emplace_back(std::string(l.substr(1, close - 1)), line);
      } else {
        std::size_t k = 0;
        while (k < l.size() && (std::isalnum(static_cast<unsigned char>(l[k])) || l[k] == '_' || l[k] == '-')) ++k;
        if (k > 0 && k < l.size() && (l[k] == ' ' || l[k] == '='))
          v.key_lines.emplace_back(std::string(l.substr(0, k)), line);
      }
    }
    pos = end + 1;
    ++line;
  }
}

history::Located located(const Error& e) { return {e.where().line, e.where().column, e.detail()}; }

}  // namespace

history::Version read_version(std::string_view path, history::Kind kind, std::string id, std::size_t size,
                              const std::string* text) {
  history::Version v;
  v.kind = kind;
  v.id = std::move(id);
  v.size = size;
  v.read = text != nullptr;
  if (!text || kind != history::Kind::File) return v;
  if (history::is_ticket_path(path)) {
    find_lines(*text, v);
    try {
      v.ticket = parse_ticket(*text, path);
    } catch (const Error& e) {
      if (e.code() != Exit::Invalid) throw;
      v.problem = located(e);
    }
  } else if (path == ".tier/config.toml") {
    try {
      v.policy = parse_config(*text, path);
    } catch (const Error& e) {
      if (e.code() != Exit::Invalid) throw;
      v.problem = located(e);
    }
  } else if (is_kb_path(path)) {
    try {
      v.article = parse_article(*text, path);
    } catch (const Error& e) {
      if (e.code() != Exit::Invalid) throw;
      v.problem = located(e);
    }
  } else if (text->size() <= small_file) {
    v.text = *text;
  }
  return v;
}

}  // namespace tier::formats
