#pragma once

#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

/// The in-process driver of the end-to-end tests whose point is what a tier
/// command prints and how it exits: tier::cli::run() called in this process,
/// its standard output and error captured in files, the environment and the
/// current directory set per case as tests/e2e/helpers.bash sets them for a
/// bats test. What bats keeps of a run is kept the same way (see Run), so a
/// case moved from a .bats file keeps its assertions word for word.
/// Processes that are the subject (git hooks, pushes, races, editors, pipes,
/// signals, terminals) stay in tests/e2e/*.bats.
namespace tier::test {

/// The source tree (man/, schema/, tests/e2e/fixtures and golden/).
std::string source_dir();
/// The built tier, for the few checks that need one in a child process.
std::string tier_bin();

/// What bats keeps of `run`: the exit status, `$output` (standard output,
/// with standard error unless it was kept apart; trailing newlines cut, as
/// a command substitution cuts them) and `$stderr` (leading and trailing
/// blanks cut, as `read` cuts them).
struct Run {
  int status = 0;
  std::string output;
  std::string err;
  /// Standard output byte for byte, as `tier ... | cmp - FILE` sees it.
  std::string raw;
  /// `$lines`: the lines of $output, empty ones left out (bats' default).
  std::vector<std::string> lines() const;
  /// `$stderr_lines`, likewise.
  std::vector<std::string> stderr_lines() const;
  /// `${lines[i]}`, or "" past the end, as bash gives it.
  std::string line(std::size_t i) const;
  std::string stderr_line(std::size_t i) const;
};

using Args = std::vector<std::string>;
using Env = std::vector<std::pair<std::string, std::optional<std::string>>>;
using Vars = std::map<std::string, std::string>;

/// Arguments joined, as "${a[@]}" "${b[@]}" joins them.
inline Args operator+(Args a, const Args& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

/// How a command's standard input is given: nothing (/dev/null), text, or a file.
struct Input {
  std::optional<std::string> text;
  std::string file;
  static Input of(std::string t) { return Input{std::move(t), {}}; }
  static Input from(std::string path) { return Input{std::nullopt, std::move(path)}; }
};

/// One test's world, as tier_setup makes it: its own directory (the current
/// directory, `$BATS_TEST_TMPDIR`), HOME and git config, TZ=UTC, LC_ALL=C,
/// NO_COLOR=1, TIER_AGENT=alice@example.edu, a fake EDITOR; none of TIER_NOW,
/// TIER_DIR, VISUAL or git's identity and location variables. Everything is
/// put back, and the directory removed, when it ends.
class Sandbox {
 public:
  Sandbox();
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  /// `$BATS_TEST_TMPDIR`.
  const std::string& tmp() const { return tmp_; }
  /// The current directory.
  std::string cwd() const;
  void cd(const std::string& dir);
  /// `export NAME=VALUE` and `unset NAME`.
  void set(const std::string& name, const std::string& value);
  void unset(const std::string& name);

  /// `run -CODE tier ARGS...` (standard error in $output); the status must be `code`.
  Run run(int code, const Args& args, const Env& env = {}, const Input& in = {});
  /// `run -CODE --separate-stderr tier ARGS...`.
  Run run_sep(int code, const Args& args, const Env& env = {}, const Input& in = {});
  /// `run tier ARGS...` with no status expected.
  Run run_any(const Args& args, const Env& env = {}, const Input& in = {}, bool separate = false);
  /// `"$(tier ARGS...)"` in a bats test: standard output, trailing newlines
  /// cut; any status but 0 fails the case, as errexit does.
  std::string tier(const Args& args, const Env& env = {}, const Input& in = {});

  /// `run -CODE bash -c SCRIPT`: a child process (git, sed, ...) in the
  /// current directory and environment; $TIER_BIN names the built tier.
  Run sh(int code, const std::string& script, bool separate = false);
  /// `"$(SCRIPT)"`: must exit 0; its standard output, trailing newlines cut.
  std::string sh_out(const std::string& script);
  /// A program run with these arguments, no shell between (its status is
  /// not checked).
  Run exec(const Args& argv, bool separate = false);

  // The helpers of tests/e2e/helpers.bash.

  /// `tier init -q --example DIR` (default `$BATS_TEST_TMPDIR/store`), then cd there.
  void new_store(const std::string& dir = {});
  /// new_store plus the tickets of tests/e2e/fixtures/NAME, committed by hand;
  /// made once per process and copied for each case.
  void new_store_with_fixture(const std::string& name);
  /// `$BATS_TEST_TMPDIR/store` as a copy of a directory made once per
  /// process by `make` (given the directory to make, the current directory
  /// and the environment put back after it), then cd there: a .bats file's
  /// store made once in $BATS_FILE_TMPDIR and copied for each test.
  void copy_of_template(const std::string& name, const std::function<void(const std::string& dir)>& make);
  /// Likewise, but the made directory's contents are copied into
  /// `$BATS_TEST_TMPDIR` itself (`cp -a TEMPLATE/. "$BATS_TEST_TMPDIR/"`),
  /// and the current directory stays.
  void copy_into_tmp(const std::string& name, const std::function<void(const std::string& dir)>& make);
  /// Commits everything in the work tree by hand (git add -A, git commit).
  void commit_by_hand(const std::string& message = "by hand");
  /// The number of commits on the branch.
  int commit_count();
  /// The number of log entries of a ticket (of one event, or all), as committed.
  int entry_count(const std::string& id, const std::string& event = {});
  /// Fails the case unless `git status --porcelain --untracked-files=all` is empty.
  void expect_clean_status();
  /// `ticket_fields [-C DIR] ID KEY...`: `key=value` lines from `tier show
  /// ID --json`, strings as they are and anything else as Python's
  /// json.dumps() writes it, a missing value as null.
  Run ticket_fields(const std::string& id, std::initializer_list<std::string_view> keys,
                    const Args& opts = {});

 private:
  Run capture(const Args& args, const Env& env, const Input& in, bool separate);
  std::string tmp_;
  std::string root_;
  std::string old_cwd_;
  std::vector<std::string> old_env_;
};

/// A JSON value to check, parsed by nlohmann/json in driver.cpp alone (that
/// library costs each file that includes it seconds to compile). Keys keep
/// the order of the text; a missing key or index reads as null.
class Json {
 public:
  /// Throws (and so fails the case) when the text is not one JSON value.
  static Json parse(const std::string& text);
  static Json string(const std::string& value);
  static Json array(const std::vector<Json>& values);

  Json operator[](const std::string& key) const;
  Json operator[](std::size_t index) const;
  Json back() const;
  std::size_t size() const;
  bool contains(const std::string& key) const;
  bool is_null() const;
  bool is_string() const;
  bool is_number() const;
  /// A number written with a fraction or an exponent (Python's float).
  bool is_float() const;
  bool is_object() const;
  bool is_array() const;
  /// A string's value (a failure for anything else).
  std::string str() const;
  /// A string's value, or `fallback` when the key is missing.
  std::string value(const std::string& key, const std::string& fallback) const;
  double number() const;
  /// nlohmann's text of it: compact, or indented by `indent` spaces.
  std::string dump(int indent = -1) const;
  /// Python's json.dumps() and repr() of it.
  std::string py_dumps() const;
  std::string py_repr() const;
  /// An object's keys, in the order of the text.
  std::vector<std::string> keys() const;
  /// An array's elements.
  std::vector<Json> elements() const;
  /// A copy with the key set to `v`, or without the key.
  Json with(const std::string& key, const Json& v) const;
  Json without(const std::string& key) const;
  /// Equal as Python's == has it: keys in any order, 1 equal to 1.0.
  friend bool operator==(const Json& a, const Json& b);

 private:
  struct Value;
  explicit Json(std::shared_ptr<const Value> v) : v_(std::move(v)) {}
  std::shared_ptr<const Value> v_;
};

/// Every key and value of the TOML file is in the JSON text (times as
/// RFC 3339 UTC strings): "" when so, else the first difference.
std::string toml_within_json(const std::string& toml_path, const std::string& json_text);

/// tests/validate_json.py --serve: one Python for every validation of the
/// process (a test file), instead of one per validation.
class SchemaValidator {
 public:
  /// `validate_json.py [--MODE] schema/NAME.schema.json <<<"$text"`: its exit
  /// status, and what it printed (its errors) as $output. `mode` is "whole",
  /// "items" or "lines".
  static Run validate(const std::string& name, const std::string& text, const std::string& mode = "whole");
  /// Whether each file is a valid draft 2020-12 schema: $output is their number.
  static Run check(const std::vector<std::string>& paths);
};

/// Whether `s` is PREFIX, a hyphen and 8 characters of `alphabet`: the
/// Crockford base32 of ids (`[0-9a-hjkmnp-tv-z]`) unless another is given.
bool is_id(const std::string& s, const std::string& prefix = "T",
           const std::string& alphabet = "0123456789abcdefghjkmnpqrstvwxyz");

/// The path of a ticket's file in a store (prefix "T"), from its id.
std::string ticket_file(const std::string& id);
/// Fails the case unless `actual` equals tests/e2e/golden/NAME.out (its
/// trailing newlines cut); TIER_UPDATE_GOLDEN=1 rewrites the file instead.
void expect_golden(const std::string& name, const std::string& actual);
/// Text with `$NAME` and `${NAME}` replaced by the values given, as an
/// unquoted heredoc expands them.
std::string expand(std::string_view text, const Vars& vars);
/// The file's contents.
std::string read_file(const std::string& path);
void write_file(const std::string& path, std::string_view text);
/// Whether `text` is one JSON value; each line of it, for ndjson.
bool is_json(const std::string& text);
bool is_ndjson(const std::string& text);
/// `[[ $s == PATTERN ]]` for a pattern whose only unquoted special
/// character is `*` (any run of characters): every other character of
/// `pattern` stands for itself.
bool like(std::string_view s, std::string_view pattern);
/// `grep -qx LINE FILE`: whether a line of the file is exactly `line`.
bool has_line(const std::string& path, const std::string& line);

}  // namespace tier::test

/// Checks two strings are equal, showing both as `diff -u` does on a difference.
#define EXPECT_TEXT(actual, expected) \
  CHECK_MESSAGE((actual) == (expected), "expected:\n" << (expected) << "\nactual:\n" << (actual))
