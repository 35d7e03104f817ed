#include "formats/import_map.hpp"

#include <algorithm>
#include <set>

#include <toml++/toml.h>

#include "core/error.hpp"
#include "core/policy.hpp"

namespace tier::formats {
namespace {

std::string quoted(std::string_view s) {
  std::string out = "'";
  for (const char c : s) {
    if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else out += c;
  }
  return out + "'";
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// Problems as they are found; the first in the file is the one thrown.
class Problems {
 public:
  explicit Problems(std::string_view path) : path_(path) {}
  void add(const toml::source_region& at, std::string what) {
    add(at.begin.line, at.begin.column, std::move(what));
  }
  void add(std::uint32_t line, std::uint32_t col, std::string what) {
    if (!first_ || std::pair(line, col) < std::pair(first_->line, first_->col)) first_ = Problem{line, col, std::move(what)};
  }
  void raise() const {
    if (first_)
      throw Error(Exit::Invalid, path_ + ':' + std::to_string(first_->line) + ':' + std::to_string(first_->col) + ": " +
                                     first_->what);
  }

 private:
  struct Problem {
    std::uint32_t line, col;
    std::string what;
  };
  std::string path_;
  std::optional<Problem> first_;
};

std::string describe(std::string_view description) {
  std::string out(description);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  for (char& c : out)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (out.size() > 1 && out[0] >= 'A' && out[0] <= 'Z' && !(out[1] >= 'A' && out[1] <= 'Z'))
    out[0] = static_cast<char>(out[0] - 'A' + 'a');
  return out;
}

bool is_field(std::string_view key) {
  const auto& f = import_fields();
  return std::find(f.begin(), f.end(), key) != f.end();
}

}  // namespace

const std::vector<std::string_view>& import_fields() {
  static const std::vector<std::string_view> fields = {
      "title", "email", "name",     "category", "priority",   "group", "tags",
      "asset", "location", "symptoms", "tried", "connection", "text",  "created"};
  return fields;
}

ImportMap parse_import_map(std::string_view text, std::string_view path) {
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    throw Error(Exit::Invalid, std::string(path) + ':' + std::to_string(e.source().begin.line) + ':' +
                                   std::to_string(e.source().begin.column) + ": " + describe(e.description()));
  }
  ImportMap map;
  map.path = std::string(path);
  Problems p(path);
  for (auto&& [key, value] : root) {
    if (key.str() != "columns" && key.str() != "values") p.add(key.source(), "unknown key " + quoted(key.str()));
    else if (!value.is_table()) p.add(key.source(), quoted(key.str()) + " must be a table");
  }
  const toml::table* columns = root.get_as<toml::table>("columns");
  std::set<std::string> mapped;
  if (columns) {
    std::map<std::string, std::string> by_column;  // column -> the field that took it
    for (auto&& [key, value] : *columns) {
      const std::string field(key.str());
      if (!is_field(field)) {
        p.add(key.source(), "unknown field " + quoted(field) + " in [columns]");
        continue;
      }
      const auto* s = value.as_string();
      if (!s) {
        p.add(value.source(), quoted(field) + " in [columns] must be a string, the name of a column");
        continue;
      }
      const std::string column(trim(s->get()));
      if (column.empty()) {
        p.add(value.source(), "the column for " + quoted(field) + " in [columns] is empty");
        continue;
      }
      mapped.insert(field);
      map.columns.push_back({field, column, value.source().begin.line, value.source().begin.column});
    }
    std::sort(map.columns.begin(), map.columns.end(),
              [](const auto& a, const auto& b) { return std::pair(a.line, a.col) < std::pair(b.line, b.col); });
    for (const auto& c : map.columns) {
      auto [it, fresh] = by_column.emplace(c.column, c.field);
      if (!fresh)
        p.add(c.line, c.col, "column " + quoted(c.column) + " is mapped to both " + quoted(it->second) + " and " +
                                 quoted(c.field));
    }
    for (const std::string_view required : {"title", "email"})
      if (!columns->contains(required)) p.add(columns->source(), "missing key " + quoted(required) + " in [columns]");
  }
  if (const toml::table* values = root.get_as<toml::table>("values")) {
    for (auto&& [key, value] : *values) {
      const std::string field(key.str());
      if (!is_field(field)) {
        p.add(key.source(), "unknown field " + quoted(field) + " in [values]");
        continue;
      }
      if (!mapped.count(field)) {
        p.add(key.source(), "[values." + field + "] is for a field with no column in [columns]");
        continue;
      }
      const toml::table* table = value.as_table();
      if (!table) {
        p.add(value.source(), "[values." + field + "] must be a table");
        continue;
      }
      auto& into = map.values[field];
      for (auto&& [from, to] : *table) {
        const auto* s = to.as_string();
        if (!s) {
          p.add(to.source(), quoted(from.str()) + " in [values." + field + "] must be a string");
          continue;
        }
        into[std::string(trim(from.str()))] = s->get();
      }
    }
  }
  p.raise();
  if (!columns) throw Error(Exit::Invalid, std::string(path) + ":1:1: missing table [columns]");
  return map;
}

BoundMap bind_import_map(const ImportMap& map, const std::vector<std::string>& header, std::string_view csv_path) {
  BoundMap bound;
  bound.values = map.values;
  auto fail = [&](const ImportMap::Column& c, const std::string& what) {
    throw Error(Exit::Invalid, map.path + ':' + std::to_string(c.line) + ':' + std::to_string(c.col) + ": " + what);
  };
  for (const auto& c : map.columns) {
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (trim(header[i]) != c.column) continue;
      if (found) fail(c, "column " + quoted(c.column) + " is in the header of " + quoted(csv_path) + " twice");
      found = i;
    }
    if (!found) fail(c, "no column " + quoted(c.column) + " in the header of " + quoted(csv_path));
    bound.fields.emplace_back(c.field, *found);
  }
  return bound;
}

std::optional<Time> parse_import_time(std::string_view text) {
  if (auto t = parse_time(text)) return t;
  if (text.size() == 16 || text.size() == 19) {
    std::string s(text);
    if (s[10] != ' ' && s[10] != 'T') return std::nullopt;
    s[10] = 'T';
    if (s.size() == 16) s += ":00";
    return parse_time(s + "Z");
  }
  return std::nullopt;
}

MappedRow map_row(const BoundMap& map, const std::vector<std::string>& fields) {
  MappedRow row;
  CreateRequest& r = row.request;
  auto problem = [&](std::string what) {
    if (row.problem.empty()) row.problem = std::move(what);
  };
  for (const auto& [field, index] : map.fields) {
    std::string value(index < fields.size() ? trim(fields[index]) : std::string_view());
    for (std::size_t crlf; (crlf = value.find("\r\n")) != std::string::npos;) value.erase(crlf, 1);
    if (auto f = map.values.find(field); f != map.values.end())
      if (auto v = f->second.find(value); v != f->second.end()) value = v->second;
    if (field == "title") {
      r.title = value;
    } else if (field == "email") {
      r.email = value;
    } else if (field == "name") {
      r.name = value;
    } else if (field == "category") {
      r.category = value;
    } else if (field == "group") {
      r.group = value;
    } else if (field == "text") {
      r.text = value;
    } else if (field == "priority") {
      if (value.empty()) continue;
      if (auto p = parse_priority(lower(value))) r.priority = p;
      else problem("unknown priority " + quoted(value) + "; low, normal, high or urgent");
    } else if (field == "connection") {
      const std::string c = lower(value);
      if (c.empty() || c == "wired" || c == "wireless") r.details.connection = c;
      else problem("connection is 'wired' or 'wireless', not " + quoted(value));
    } else if (field == "tags") {
      std::string_view rest = value;
      while (!rest.empty()) {
        const auto semi = rest.find(';');
        const std::string_view tag = trim(rest.substr(0, semi));
        if (!tag.empty() && std::find(r.tags.begin(), r.tags.end(), tag) == r.tags.end()) r.tags.emplace_back(tag);
        if (semi == std::string_view::npos) break;
        rest.remove_prefix(semi + 1);
      }
    } else if (field == "created") {
      if (value.empty()) continue;
      if (auto t = parse_import_time(value)) row.created = t;
      else problem(quoted(value) + " is not a date: RFC 3339, YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS]");
    } else if (std::string* d = r.details.field(field)) {
      *d = value;
    }
  }
  return row;
}

}  // namespace tier::formats
