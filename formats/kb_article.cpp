#include "formats/kb_article.hpp"

#include <array>

#include <toml++/toml.h>

#include "core/error.hpp"

namespace tier::formats {
namespace {

constexpr std::string_view fence = "+++";

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

/// toml++'s description as a git-style message: lower-case first word, one line.
std::string describe(std::string_view description) {
  std::string out(description);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  for (char& c : out)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (out.size() > 1 && out[0] >= 'A' && out[0] <= 'Z' && !(out[1] >= 'A' && out[1] <= 'Z'))
    out[0] = static_cast<char>(out[0] - 'A' + 'a');
  return out;
}

// Reads the front matter's values; the first error stops, at its place. The
// front matter starts on the file's line 2.
class Reader {
 public:
  explicit Reader(std::string_view path) : path_(path) {}

  [[noreturn]] void fail(const toml::source_region& at, const std::string& what) const {
    throw Error::at(Exit::Invalid, {path_, int(at.begin.line) + 1, int(at.begin.column)}, what);
  }
  [[noreturn]] void fail_line(int line, const std::string& what) const {
    throw Error::at(Exit::Invalid, {path_, line, 0}, what);
  }

  std::string string(const toml::node& v, std::string_view key) const {
    const auto* s = v.as_string();
    if (!s) fail(v.source(), quoted(key) + " must be a string");
    return s->get();
  }

  std::vector<std::string> strings(const toml::node& v, std::string_view key) const {
    const auto* a = v.as_array();
    if (!a) fail(v.source(), quoted(key) + " must be an array of strings");
    std::vector<std::string> out;
    for (const toml::node& x : *a) {
      const auto* s = x.as_string();
      if (!s) fail(x.source(), quoted(key) + " must be an array of strings");
      out.push_back(s->get());
    }
    return out;
  }

  Time time(const toml::node& v, std::string_view key) const {
    const auto* dt = v.as_date_time();
    if (!dt || !dt->get().offset) fail(v.source(), quoted(key) + " must be a date-time with its offset");
    const toml::date_time& d = dt->get();
    Time t = from_civil(d.date.year, d.date.month, d.date.day, d.time.hour, d.time.minute, d.time.second,
                        static_cast<int>(d.time.nanosecond / 1000000));
    t.ms -= std::int64_t{d.offset->minutes} * 60000;
    return t;
  }

 private:
  std::string path_;
};

// A TOML basic string: quotes, backslashes and control characters escaped.
void put_quoted(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  out += '"';
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 0xf];
    } else {
      out += ch;
    }
  }
  out += '"';
}

void put_list(std::string& out, std::string_view key, const std::vector<std::string>& values) {
  if (values.empty()) return;
  out += key;
  out += " = [";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ", ";
    put_quoted(out, values[i]);
  }
  out += "]\n";
}

// The line that ends at `end` (exclusive), without a carriage return.
std::string_view line_at(std::string_view text, std::size_t begin, std::size_t end) {
  std::string_view l = text.substr(begin, end - begin);
  if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  return l;
}

}  // namespace

Article parse_article(std::string_view text, std::string_view path) {
  const Reader r(path);
  Article a;
  if (auto slug = slug_of_path(path)) a.slug = *slug;
  // The front matter: from the first line "+++" to the next.
  std::size_t eol = text.find('\n');
  if (eol == std::string_view::npos || line_at(text, 0, eol) != fence)
    r.fail_line(1, "an article starts with a line '+++', its front matter, and another '+++'");
  const std::size_t front_begin = eol + 1;
  std::size_t front_end = std::string_view::npos, body_begin = text.size();
  int line = 2;
  for (std::size_t pos = front_begin; pos < text.size(); ++line) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    if (line_at(text, pos, end) == fence) {
      front_end = pos;
      body_begin = std::min(end + 1, text.size());
      break;
    }
    pos = end + 1;
  }
  if (front_end == std::string_view::npos) r.fail_line(1, "the front matter has no closing line '+++'");

  toml::table root;
  try {
    root = toml::parse(text.substr(front_begin, front_end - front_begin), path);
  } catch (const toml::parse_error& e) {
    r.fail(e.source(), describe(e.description()));
  }
  bool has_title = false;
  for (auto&& [k, v] : root) {
    const std::string_view key = k.str();
    if (key == "title") {
      a.title = r.string(v, key);
      has_title = true;
    } else if (key == "status") {
      const std::string s = r.string(v, key);
      const auto status = parse_article_status(s);
      if (!status) r.fail(v.source(), "unknown status " + quoted(s) + "; an article is 'published' or 'retired'");
      a.status = *status;
    } else if (key == "categories") {
      a.categories = r.strings(v, key);
    } else if (key == "keywords") {
      a.keywords = r.strings(v, key);
    } else if (key == "tickets") {
      a.tickets = r.strings(v, key);
    } else if (key == "updated") {
      a.updated = r.time(v, key);
    } else {
      r.fail(k.source(), "unknown key " + quoted(key));
    }
  }
  if (!has_title) r.fail_line(1, "missing key 'title' in the front matter");
  std::string_view body = text.substr(body_begin);
  while (!body.empty() && (body.front() == '\n' || body.front() == '\r')) body.remove_prefix(1);
  while (!body.empty() && (body.back() == '\n' || body.back() == '\r' || body.back() == ' ' || body.back() == '\t'))
    body.remove_suffix(1);
  a.body = std::string(body);
  if (!a.body.empty()) a.body += '\n';
  return a;
}

std::string write_article(const Article& a) {
  std::string out = "+++\n";
  out += "title = ";
  put_quoted(out, a.title);
  out += "\n";
  out += "status = \"";
  out += to_string(a.status);
  out += "\"\n";
  put_list(out, "categories", a.categories);
  put_list(out, "keywords", a.keywords);
  put_list(out, "tickets", a.tickets);
  if (a.updated) out += "updated = " + format_time(*a.updated) + "\n";
  out += "+++\n";
  std::string_view body = a.body;
  while (!body.empty() && (body.front() == '\n' || body.front() == '\r')) body.remove_prefix(1);
  while (!body.empty() && (body.back() == '\n' || body.back() == '\r' || body.back() == ' ' || body.back() == '\t'))
    body.remove_suffix(1);
  if (!body.empty()) {
    out += "\n";
    out += body;
    out += "\n";
  }
  return out;
}

}  // namespace tier::formats
