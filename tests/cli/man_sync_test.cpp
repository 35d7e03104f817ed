// man-sync: the man pages say what the command table and the sources do
// (STYLE.md, section 7; git's t0450, with no allow-list).
//
// (a) every subcommand of `tier` that its help lists has man/tier-<cmd>.1,
//     and every tier-*.1 page names a subcommand;
// (b) the long options of each subcommand (and of its own subcommands)
//     equal the `.Fl` long options of the SYNOPSIS and DESCRIPTION of its
//     page; the global options are checked in tier.1 only;
// (c) the EXIT STATUS of tier.1 lists exactly the values of enum Exit
//     (core/error.hpp);
// (d) the `.It Sy <id>` rule ids of tier-workflow.7 are exactly the strings of
//     namespace rules (core/workflow.hpp);
// (e) every subcommand's page has the sections NAME, SYNOPSIS, DESCRIPTION,
//     EXIT STATUS, EXAMPLES and SEE ALSO, and its EXIT STATUS lists 0 and
//     otherwise only values of enum Exit.
//
// The options are read from the CLI11 app that tier itself parses with
// (cli::add_command_line), hidden ones left out as its --help leaves them
// out; the pages and the headers are read as text, from a source tree that
// the negative cases copy and break.

#include <algorithm>
#include <filesystem>
#include <optional>
#include <cctype>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "driver.hpp"

namespace tier::test {
namespace {
namespace fs = std::filesystem;

struct Failed {
  std::string message;
};

bool blank(char c) { return c == ' ' || c == '\t'; }

// `text` from `at` on starts with `word`; `at` moves past it.
bool eat(std::string_view text, std::size_t& at, std::string_view word) {
  if (text.substr(at, word.size()) != word) return false;
  at += word.size();
  return true;
}

// One or more blanks at `at`; `at` moves past them.
bool eat_blanks(std::string_view text, std::size_t& at) {
  const std::size_t from = at;
  while (at < text.size() && blank(text[at])) ++at;
  return at > from;
}

// A line that starts with the macro `name` and a blank (".Sh ", ".It\t").
bool is_macro(std::string_view line, std::string_view name) {
  std::size_t at = 0;
  return eat(line, at, name) && at < line.size() && blank(line[at]);
}

// The section a `.Sh` line opens: its words, quotes removed.
std::string section_name(std::string_view line) {
  std::size_t at = 3;
  eat_blanks(line, at);
  std::string sec(line.substr(at));
  sec.erase(std::remove(sec.begin(), sec.end(), '"'), sec.end());
  return sec;
}

// `.Sh EXIT STATUS`, the name quoted or not, trailing blanks allowed.
bool is_exit_status(std::string_view line) {
  std::size_t at = 0;
  if (!eat(line, at, ".Sh") || !eat_blanks(line, at)) return false;
  eat(line, at, "\"");
  if (!eat(line, at, "EXIT STATUS")) return false;
  eat(line, at, "\"");
  eat_blanks(line, at);
  return at == line.size();
}

bool is_identifier(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

bool is_number(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The words of a line, split at blanks.
std::vector<std::string> words_of(std::string_view line) {
  std::vector<std::string> out;
  std::istringstream in{std::string(line)};
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

class ManSync {
 public:
  explicit ManSync(std::string src) : src_(std::move(src)), man_(src_ + "/man") {}

  /// What man_sync.sh printed: each problem, or "man-sync: ok".
  std::vector<std::string> run() {
    try {
      check();
    } catch (const Failed& f) {
      out_.push_back("man-sync: " + f.message);
      return out_;
    }
    if (out_.empty()) out_.push_back("man-sync: ok");
    return out_;
  }

 private:
  void problem(const std::string& text) { out_.push_back("man-sync: " + text); }

  void need_file(const std::string& path) {
    if (!fs::is_regular_file(path)) throw Failed{"missing file '" + path + "'"};
  }

  static std::vector<std::string> lines_of(const std::string& path) {
    std::vector<std::string> lines;
    std::istringstream in(read_file(path));
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    return lines;
  }

  // The long names ("--x") of the options a help text shows: not hidden, not --help.
  static void long_options(const CLI::App& app, std::set<std::string>& out) {
    for (const CLI::Option* o : app.get_options()) {
      if (o->get_group().empty()) continue;
      for (const auto& name : o->get_lnames())
        if (name != "help") out.insert("--" + name);
    }
  }

  // A command's own long options and those of its listed subcommands.
  static void command_options(const CLI::App& app, std::set<std::string>& out) {
    long_options(app, out);
    for (const CLI::App* sub : app.get_subcommands({}))
      if (!sub->get_group().empty()) command_options(*sub, out);
  }

  // A page's long options: each argument of an `Fl` macro up to the next
  // macro or delimiter, in SYNOPSIS and DESCRIPTION, as mandoc prints it.
  static std::set<std::string> page_options(const std::string& page) {
    const auto is_macro_name = [](const std::string& t) {
      return (t.size() == 2 || t.size() == 3) && std::isupper(static_cast<unsigned char>(t[0])) &&
             std::all_of(t.begin() + 1, t.end(), [](char c) { return std::islower(static_cast<unsigned char>(c)); });
    };
    const auto is_delimiter = [](const std::string& t) {
      return !t.empty() && t.find_first_not_of("][|(),.;:?!") == std::string::npos;
    };
    std::set<std::string> out;
    bool on = false;
    for (std::string line : lines_of(page)) {
      if (is_macro(line, ".Sh")) {
        const std::string sec = section_name(line);
        on = sec == "SYNOPSIS" || sec == "DESCRIPTION";
        continue;
      }
      if (!on || line.empty() || (line[0] != '.' && line[0] != '\'')) continue;
      line = replace_all(line, "\\&", "");
      line = replace_all(line, "\\-", "-");
      line.erase(std::remove(line.begin(), line.end(), '"'), line.end());
      bool fl = false;
      for (const std::string& t : words_of(std::string_view(line).substr(1))) {
        if (t == "Fl") {
          fl = true;
          continue;
        }
        if (!fl) continue;
        if (is_macro_name(t) || is_delimiter(t)) {
          fl = false;
          continue;
        }
        if (t.size() > 1 && t[0] == '-' && std::isalnum(static_cast<unsigned char>(t[1]))) out.insert("-" + t);
      }
    }
    out.erase("--help");
    return out;
  }

  // The values of enum class Exit, as the compiler numbers them.
  std::vector<std::string> exit_codes(const std::string& header) {
    // "enum class Exit" followed by a blank, ':', '{' or the end of the line.
    const auto starts_enum = [](std::string_view line) {
      for (std::size_t p = line.find("enum"); p != std::string_view::npos; p = line.find("enum", p + 1)) {
        std::size_t at = p + 4;
        if (eat_blanks(line, at) && eat(line, at, "class") && eat_blanks(line, at) && eat(line, at, "Exit") &&
            (at == line.size() || std::string_view(" \t:{").find(line[at]) != std::string_view::npos))
          return true;
      }
      return false;
    };
    const auto uncomment = [](std::string s) {
      const auto c = s.find("//");
      return c == std::string::npos ? s : s.substr(0, c);
    };
    std::vector<std::string> codes;
    long next = 0;
    const auto take = [&](const std::string& text) {
      std::istringstream parts(uncomment(text));
      for (std::string e; std::getline(parts, e, ',');) {
        e.erase(std::remove_if(e.begin(), e.end(),
                               [](char c) { return std::string_view(" \t{};").find(c) != std::string_view::npos; }),
                e.end());
        if (e.empty()) continue;
        const auto eq = e.find('=');
        if (eq != std::string::npos && is_identifier(e.substr(0, eq)) && is_number(e.substr(eq + 1)))
          next = std::stol(e.substr(eq + 1));
        else if (!is_identifier(e))
          throw Failed{"cannot parse enum Exit in '" + header + "'"};
        codes.push_back(std::to_string(next++));
      }
    };
    bool on = false;
    for (const std::string& raw : lines_of(header)) {
      std::string line = uncomment(raw);
      if (!on && starts_enum(raw)) {
        on = true;
        const auto open = line.find('{');
        if (open == std::string::npos) continue;
        line = line.substr(open + 1);
      } else if (!on) {
        continue;
      }
      const auto close = line.find('}');
      take(close == std::string::npos ? line : line.substr(0, close));
      if (close != std::string::npos) break;
    }
    if (codes.empty()) throw Failed{"no enum class Exit in '" + header + "'"};
    return codes;
  }

  // The strings of namespace rules.
  std::set<std::string> rule_ids(const std::string& header) {
    // namespace rules {
    const auto starts = [](std::string_view line) {
      for (std::size_t p = line.find("namespace"); p != std::string_view::npos; p = line.find("namespace", p + 1)) {
        std::size_t at = p + 9;
        if (!eat_blanks(line, at) || !eat(line, at, "rules")) continue;
        eat_blanks(line, at);
        if (eat(line, at, "{")) return true;
      }
      return false;
    };
    // constexpr std::string_view name = "id"
    const auto id_of = [](std::string_view line) -> std::optional<std::string> {
      for (std::size_t p = line.find("constexpr"); p != std::string_view::npos; p = line.find("constexpr", p + 1)) {
        std::size_t at = p + 9;
        if (!eat_blanks(line, at) || !eat(line, at, "std::string_view") || !eat_blanks(line, at)) continue;
        const std::size_t name = at;
        while (at < line.size() && (std::isalnum(static_cast<unsigned char>(line[at])) || line[at] == '_')) ++at;
        if (at == name) continue;
        eat_blanks(line, at);
        if (!eat(line, at, "=")) continue;
        eat_blanks(line, at);
        if (!eat(line, at, "\"")) continue;
        const std::size_t end = line.find('"', at);
        return std::string(line.substr(at, end == std::string_view::npos ? end : end - at));
      }
      return std::nullopt;
    };
    std::set<std::string> out;
    bool on = false;
    for (const std::string& line : lines_of(header)) {
      if (!on) {
        on = starts(line);
        continue;
      }
      const auto first = line.find_first_not_of(" \t");
      if (first != std::string::npos && line[first] == '}') break;
      if (auto id = id_of(line)) out.insert(*id);
    }
    if (out.empty()) throw Failed{"no rule ids in namespace rules of '" + header + "'"};
    return out;
  }

  // The second word of each `.It` line of a page's EXIT STATUS (only
  // numbers, with `numbers_only`).
  static std::vector<std::string> page_codes(const std::string& page, bool numbers_only) {
    std::vector<std::string> out;
    bool on = false;
    for (const std::string& line : lines_of(page)) {
      if (is_macro(line, ".Sh")) {
        on = is_exit_status(line);
        continue;
      }
      if (!on || !is_macro(line, ".It")) continue;
      const auto w = words_of(line);
      if (numbers_only && !(w.size() == 2 && is_number(w[1]))) continue;
      out.push_back(w.size() > 1 ? w[1] : std::string());
    }
    return out;
  }

  static bool has_section(const std::string& page, const std::string& want) {
    for (const std::string& line : lines_of(page)) {
      if (!is_macro(line, ".Sh")) continue;
      std::string sec = section_name(line);
      while (!sec.empty() && blank(sec.back())) sec.pop_back();
      if (sec == want) return true;
    }
    return false;
  }

  // What the truth has and the page lacks, then the other way round.
  template <class List>
  void compare(const std::string& what, const List& truth, const std::string& truth_name, const List& page,
               const std::string& page_name) {
    for (const auto& x : truth)
      if (std::find(page.begin(), page.end(), x) == page.end())
        problem(what + " " + x + " is in " + truth_name + " but not in " + page_name);
    for (const auto& x : page)
      if (std::find(truth.begin(), truth.end(), x) == truth.end())
        problem(what + " " + x + " is in " + page_name + " but not in " + truth_name);
  }

  static std::set<std::string> minus(const std::set<std::string>& a, const std::set<std::string>& b) {
    std::set<std::string> out;
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
    return out;
  }

  void check() {
    if (!fs::is_directory(man_)) throw Failed{"missing directory '" + man_ + "'"};
    need_file(src_ + "/core/error.hpp");
    need_file(src_ + "/core/workflow.hpp");
    need_file(man_ + "/tier.1");
    need_file(man_ + "/tier-workflow.7");

    CLI::App app;
    cli::Globals globals;
    cli::Table table;
    cli::add_command_line(app, globals, table);

    // (a) a page for every command, a command for every page.
    std::set<std::string> commands;
    for (const CLI::App* sub : app.get_subcommands({}))
      if (!sub->get_group().empty()) commands.insert(sub->get_name());
    if (commands.empty()) throw Failed{"no subcommands in the command table"};
    for (const auto& cmd : commands) {
      const std::string page = man_ + "/tier-" + cmd + ".1";
      if (!fs::is_regular_file(page)) problem("'tier " + cmd + "' has no page: missing file '" + page + "'");
    }
    std::vector<std::string> pages;
    for (const auto& e : fs::directory_iterator(man_)) {
      const std::string name = e.path().filename().string();
      if (name.rfind("tier-", 0) == 0 && name.size() > 7 && name.substr(name.size() - 2) == ".1")
        pages.push_back(name);
    }
    std::sort(pages.begin(), pages.end());
    for (const auto& name : pages)
      if (!commands.count(name.substr(5, name.size() - 7)))
        problem("'" + man_ + "/" + name + "' names no subcommand of 'tier --help'");

    // (b) the long options of each command equal those of its page.
    std::set<std::string> global;
    long_options(app, global);
    if (global.empty()) throw Failed{"no options in 'tier --help'"};
    compare("option", global, "'tier --help'", page_options(man_ + "/tier.1"), "tier.1");
    for (const auto& cmd : commands) {
      const std::string page = man_ + "/tier-" + cmd + ".1";
      if (!fs::is_regular_file(page)) continue;
      std::set<std::string> own;
      command_options(*app.get_subcommand(cmd), own);
      compare("option", minus(own, global), "'tier " + cmd + " --help'", minus(page_options(page), global),
              "tier-" + cmd + ".1");
    }

    // (c) tier.1's EXIT STATUS lists exactly the values of enum Exit.
    std::vector<std::string> codes = exit_codes(src_ + "/core/error.hpp");
    const auto numerically = [](const std::string& a, const std::string& b) { return std::stol(a) < std::stol(b); };
    std::sort(codes.begin(), codes.end(), numerically);
    std::vector<std::string> listed = page_codes(man_ + "/tier.1", true);
    std::sort(listed.begin(), listed.end(), numerically);
    compare("exit status", codes, "enum Exit of core/error.hpp", listed, "the EXIT STATUS of tier.1");

    // (d) tier-workflow.7's rule ids equal namespace rules.
    const std::set<std::string> rules = rule_ids(src_ + "/core/workflow.hpp");
    std::set<std::string> described;
    for (const std::string& line : lines_of(man_ + "/tier-workflow.7")) {
      std::size_t at = 0;
      if (eat(line, at, ".It") && eat_blanks(line, at) && eat(line, at, "Sy") && at < line.size() && blank(line[at]))
      {
        const auto w = words_of(line);
        described.insert(w.size() > 2 ? w[2] : std::string());
      }
    }
    compare("rule", rules, "namespace rules of core/workflow.hpp", described, "tier-workflow.7");

    // (e) every command's page is complete.
    for (const auto& cmd : commands) {
      const std::string page = man_ + "/tier-" + cmd + ".1";
      if (!fs::is_regular_file(page)) continue;
      for (const char* section : {"NAME", "SYNOPSIS", "DESCRIPTION", "EXIT STATUS", "EXAMPLES", "SEE ALSO"})
        if (!has_section(page, section)) problem("'tier-" + cmd + ".1' has no section " + section);
      const std::vector<std::string> page_list = page_codes(page, false);
      if (std::find(page_list.begin(), page_list.end(), "0") == page_list.end())
        problem("the EXIT STATUS of 'tier-" + cmd + ".1' does not list 0");
      for (const auto& code : page_list)
        if (std::find(codes.begin(), codes.end(), code) == codes.end())
          problem("exit status '" + code + "' in the EXIT STATUS of 'tier-" + cmd + ".1' is not a value of enum Exit");
    }
  }

  std::string src_;
  std::string man_;
  std::vector<std::string> out_;
};

std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += (s.empty() ? "" : "\n") + l;
  return s;
}

// The man pages and the two headers, copied to break one thing at a time.
struct Copy : Sandbox {
  std::string src = tmp() + "/src";
  Copy() {
    fs::create_directories(src + "/core");
    fs::copy(source_dir() + "/man", src + "/man", fs::copy_options::recursive);
    fs::copy(source_dir() + "/core/error.hpp", src + "/core/error.hpp");
    fs::copy(source_dir() + "/core/workflow.hpp", src + "/core/workflow.hpp");
  }
  std::string man_sync() { return joined(ManSync(src).run()); }
  // Applies `edit` to each line of a page, as `sed -i` does.
  template <class F>
  void edit(const std::string& page, F edit) {
    std::istringstream in(read_file(src + "/man/" + page));
    std::string out;
    for (std::string l; std::getline(in, l);)
      if (auto kept = edit(l)) out += *kept + "\n";
    write_file(src + "/man/" + page, out);
  }
};

}  // namespace

TEST_CASE("man-sync: the pages of the source tree") {
  EXPECT_TEXT(joined(ManSync(source_dir()).run()), "man-sync: ok");
}

TEST_CASE_FIXTURE(Copy, "man-sync: the pages as they are pass") {
  EXPECT_TEXT(man_sync(), "man-sync: ok");
}

TEST_CASE_FIXTURE(Copy, "man-sync: a page without its EXAMPLES fails") {
  // sed -i '/^\.Sh EXAMPLES/,/^\.Sh SEE ALSO/{/^\.Sh SEE ALSO/!d}'
  bool in_examples = false;
  edit("tier-claim.1", [&](const std::string& l) -> std::optional<std::string> {
    if (l.rfind(".Sh EXAMPLES", 0) == 0) in_examples = true;
    if (l.rfind(".Sh SEE ALSO", 0) == 0) in_examples = false;
    return in_examples ? std::nullopt : std::optional<std::string>(l);
  });
  EXPECT_TEXT(man_sync(), "man-sync: 'tier-claim.1' has no section EXAMPLES");
}

TEST_CASE_FIXTURE(Copy, "man-sync: an exit status that is not in enum Exit fails, and so does one without 0") {
  edit("tier-rate.1", [](const std::string& l) { return std::optional<std::string>(l == ".It 7" ? ".It 9" : l); });
  edit("tier-help.1", [](const std::string& l) { return std::optional<std::string>(l == ".It 0" ? ".It 8" : l); });
  EXPECT_TEXT(man_sync(), R"(man-sync: the EXIT STATUS of 'tier-help.1' does not list 0
man-sync: exit status '8' in the EXIT STATUS of 'tier-help.1' is not a value of enum Exit
man-sync: exit status '9' in the EXIT STATUS of 'tier-rate.1' is not a value of enum Exit)");
}

TEST_CASE_FIXTURE(Copy, "man-sync: an option of a subcommand's subcommand missing from the page fails") {
  edit("tier-hooks.1", [](const std::string& l) {
    return std::optional<std::string>(replace_all(l, "Fl -server", "Li server"));
  });
  EXPECT_TEXT(man_sync(), "man-sync: option --server is in 'tier hooks --help' but not in tier-hooks.1");
}

TEST_CASE_FIXTURE(Copy, "man-sync: a command without a page fails; the hidden __complete needs none") {
  fs::remove(src + "/man/tier-completion.1");
  const std::string out = man_sync();
  CHECK(out.find("man-sync: 'tier completion' has no page: missing file '" + src + "/man/tier-completion.1'") !=
        std::string::npos);
  CHECK(out.find("__complete") == std::string::npos);
}

}  // namespace tier::test
