#include "driver.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <stdio_ext.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include "cli/run.hpp"
#include "core/store/git.hpp"

extern char** environ;

namespace tier::test {
namespace fs = std::filesystem;

namespace {

std::string cut_trailing_newlines(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

// What `read -d '' -r var` keeps: leading and trailing blanks cut.
std::string cut_blanks(std::string s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n'; };
  std::size_t b = 0;
  while (b < s.size() && blank(s[b])) ++b;
  std::size_t e = s.size();
  while (e > b && blank(s[e - 1])) --e;
  return s.substr(b, e - b);
}

// Bash drops NUL bytes from what a command substitution reads.
std::string without_nul(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '\0'), s.end());
  return s;
}

std::vector<std::string> non_empty_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t nl = text.find('\n', start);
    const std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    if (!line.empty()) out.push_back(line);
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

std::string fmt_args(const Args& args) {
  std::string s;
  for (const auto& a : args) s += (s.empty() ? "" : " ") + a;
  return s;
}

std::vector<std::string> snapshot_env() {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) env.emplace_back(*e);
  return env;
}

void restore_env(const std::vector<std::string>& env) {
  clearenv();
  for (const auto& kv : env) {
    const auto eq = kv.find('=');
    setenv(kv.substr(0, eq).c_str(), kv.substr(eq + 1).c_str(), 1);
  }
}

// Sets the variables for one command and gives back what they were.
Env apply_env(const Env& env) {
  Env before;
  for (const auto& [name, value] : env) {
    const char* old = std::getenv(name.c_str());
    before.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
    if (value) setenv(name.c_str(), value->c_str(), 1);
    else unsetenv(name.c_str());
  }
  return before;
}

void undo_env(const Env& before) {
  for (auto it = before.rbegin(); it != before.rend(); ++it) {
    if (it->second) setenv(it->first.c_str(), it->second->c_str(), 1);
    else unsetenv(it->first.c_str());
  }
}

int open_or_die(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot open '" + path + "': " + std::strerror(errno));
  return fd;
}

// The directory every case's directory is made in, removed at exit.
class ScratchRoot {
 public:
  ScratchRoot() {
    const char* base = std::getenv("TMPDIR");
    path_ = std::string(base && *base ? base : "/tmp") + "/tier-cli-tests.XXXXXX";
    if (!mkdtemp(path_.data())) throw std::runtime_error("cannot make a temporary directory");
  }
  ~ScratchRoot() {
    std::error_code ec;
    if (!std::getenv("TIER_KEEP_TMP")) fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

const std::string& scratch_root() {
  static const ScratchRoot root;
  return root.path();
}

const char* const gitconfig = R"([user]
	name = Test Runner
	email = runner@example.invalid
[init]
	defaultBranch = main
[advice]
	detachedHead = false
)";

const char* const fake_editor = R"(#!/bin/sh
[ -n "$FAKE_EDITOR_TEXT" ] || exit 1
printf '%s\n' "$FAKE_EDITOR_TEXT" >"$1"
)";

// Python's json.dumps() of a string: ASCII only, \uXXXX for the rest.
void py_string(std::string& out, const std::string& s) {
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
          if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
          } else {
            out += char(c);
          }
      }
      ++i;
      continue;
    }
    const int n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
    std::uint32_t cp = c & (0x3f >> (n - 1));
    for (int k = 1; k < n && i + std::size_t(k) < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + std::size_t(k)]) & 0x3f);
    i += std::size_t(n);
    char buf[16];
    if (cp >= 0x10000) {
      cp -= 0x10000;
      std::snprintf(buf, sizeof buf, "\\u%04x\\u%04x", 0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else {
      std::snprintf(buf, sizeof buf, "\\u%04x", cp);
    }
    out += buf;
  }
  out += '"';
}

void py_dump(std::string& out, const nlohmann::ordered_json& v) {
  switch (v.type()) {
    case nlohmann::ordered_json::value_t::null: out += "null"; break;
    case nlohmann::ordered_json::value_t::boolean: out += v.get<bool>() ? "true" : "false"; break;
    case nlohmann::ordered_json::value_t::string: py_string(out, v.get<std::string>()); break;
    case nlohmann::ordered_json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& x : v) {
        if (!first) out += ", ";
        first = false;
        py_dump(out, x);
      }
      out += ']';
      break;
    }
    case nlohmann::ordered_json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [k, x] : v.items()) {
        if (!first) out += ", ";
        first = false;
        py_string(out, k);
        out += ": ";
        py_dump(out, x);
      }
      out += '}';
      break;
    }
    case nlohmann::ordered_json::value_t::number_float: {
      // The integral values tier writes are integers; a float keeps Python's ".0".
      const double d = v.get<double>();
      std::ostringstream s;
      s.precision(17);
      s << d;
      std::string t = s.str();
      if (t.find_first_of(".e") == std::string::npos) t += ".0";
      out += t;
      break;
    }
    default: out += v.dump(); break;
  }
}

// Python's repr() of a str: single quotes unless it holds one and no double quote.
void py_repr_string(std::string& out, const std::string& s) {
  const char q = (s.find('\'') != std::string::npos && s.find('"') == std::string::npos) ? '"' : '\'';
  out += q;
  for (char c : s) {
    if (c == q || c == '\\') out += '\\', out += c;
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else out += c;
  }
  out += q;
}

void py_repr_value(std::string& out, const nlohmann::ordered_json& v) {
  switch (v.type()) {
    case nlohmann::ordered_json::value_t::null: out += "None"; break;
    case nlohmann::ordered_json::value_t::boolean: out += v.get<bool>() ? "True" : "False"; break;
    case nlohmann::ordered_json::value_t::string: py_repr_string(out, v.get<std::string>()); break;
    case nlohmann::ordered_json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& x : v) {
        if (!first) out += ", ";
        first = false;
        py_repr_value(out, x);
      }
      out += ']';
      break;
    }
    case nlohmann::ordered_json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [k, x] : v.items()) {
        if (!first) out += ", ";
        first = false;
        py_repr_string(out, k);
        out += ": ";
        py_repr_value(out, x);
      }
      out += '}';
      break;
    }
    default: py_dump(out, v); break;
  }
}

}  // namespace

std::string source_dir() { return TIER_SOURCE_DIR; }
std::string tier_bin() { return TIER_BIN_PATH; }

std::vector<std::string> Run::lines() const { return non_empty_lines(output); }
std::vector<std::string> Run::stderr_lines() const { return non_empty_lines(err); }
std::string Run::line(std::size_t i) const {
  const auto l = lines();
  return i < l.size() ? l[i] : std::string();
}
std::string Run::stderr_line(std::size_t i) const {
  const auto l = stderr_lines();
  return i < l.size() ? l[i] : std::string();
}

Sandbox::Sandbox() : old_cwd_(fs::current_path().string()), old_env_(snapshot_env()) {
  std::string tmpl = scratch_root() + "/case.XXXXXX";
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("cannot make a case's directory");
  root_ = tmpl;
  tmp_ = root_ + "/tmp";
  fs::create_directories(tmp_ + "/home");
  fs::create_directories(root_ + "/io");
  cd(tmp_);
  set("HOME", tmp_ + "/home");
  set("GIT_CONFIG_NOSYSTEM", "1");
  set("GIT_CONFIG_GLOBAL", tmp_ + "/home/.gitconfig");
  write_file(tmp_ + "/home/.gitconfig", gitconfig);
  set("TZ", "UTC");
  tzset();
  set("LC_ALL", "C");
  set("NO_COLOR", "1");
  set("TIER_AGENT", "alice@example.edu");
  set("TIER_BIN", tier_bin());
  for (const char* name : {"TIER_NOW", "TIER_DIR", "VISUAL", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
                           "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_AUTHOR_DATE", "GIT_COMMITTER_NAME",
                           "GIT_COMMITTER_EMAIL", "GIT_COMMITTER_DATE", "COLUMNS", "PAGER", "TIER_PAGER", "LESS"})
    unset(name);
  write_file(tmp_ + "/fake-editor", fake_editor);
  fs::permissions(tmp_ + "/fake-editor", fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read);
  set("EDITOR", tmp_ + "/fake-editor");
}

Sandbox::~Sandbox() {
  std::error_code ec;
  fs::current_path(old_cwd_, ec);
  restore_env(old_env_);
  tzset();
  if (!std::getenv("TIER_KEEP_TMP")) fs::remove_all(root_, ec);
}

std::string Sandbox::cwd() const { return fs::current_path().string(); }

void Sandbox::cd(const std::string& dir) { fs::current_path(dir); }

void Sandbox::set(const std::string& name, const std::string& value) { setenv(name.c_str(), value.c_str(), 1); }

void Sandbox::unset(const std::string& name) { unsetenv(name.c_str()); }

Run Sandbox::capture(const Args& args, const Env& env, const Input& in, bool separate) {
  const std::string io = root_ + "/io";
  std::fflush(nullptr);
  std::cout.flush();
  std::cerr.flush();
  const int saved[3] = {dup(0), dup(1), dup(2)};
  const int out = open_or_die(io + "/out", O_RDWR | O_CREAT | O_TRUNC);
  const int err = separate ? open_or_die(io + "/err", O_RDWR | O_CREAT | O_TRUNC) : out;
  std::string in_path = "/dev/null";
  if (in.text) {
    in_path = io + "/in";
    write_file(in_path, *in.text);
  } else if (!in.file.empty()) {
    in_path = in.file;
  }
  const int input = open_or_die(in_path, O_RDONLY);
  dup2(input, 0);
  dup2(out, 1);
  dup2(err, 2);
  // Nothing read or left over from an earlier command.
  __fpurge(stdin);
  clearerr(stdin);
  std::cin.clear();

  const Env before = apply_env(env);
  std::vector<std::string> argv_text{"tier"};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  int status = 0;
  {
    // As tier's main() does: the library lives as long as the command, and
    // reads HOME (the global git config) when it starts.
    git::Library lib;
    status = cli::run(int(argv_text.size()), argv.data());
  }
  std::cout.flush();
  std::cerr.flush();
  std::fflush(stdout);
  std::fflush(stderr);
  clearerr(stdout);
  clearerr(stderr);
  undo_env(before);

  dup2(saved[0], 0);
  dup2(saved[1], 1);
  dup2(saved[2], 2);
  for (int fd : saved) ::close(fd);
  ::close(input);
  ::close(out);
  if (separate) ::close(err);

  Run r;
  r.status = status;
  r.raw = read_file(io + "/out");
  r.output = cut_trailing_newlines(without_nul(r.raw));
  if (separate) r.err = cut_blanks(without_nul(read_file(io + "/err")));
  return r;
}

Run Sandbox::run_any(const Args& args, const Env& env, const Input& in, bool separate) {
  return capture(args, env, in, separate);
}

Run Sandbox::run(int code, const Args& args, const Env& env, const Input& in) {
  Run r = capture(args, env, in, false);
  CHECK_MESSAGE(r.status == code, "tier " << fmt_args(args) << ": exit " << r.status << ", expected " << code
                                          << "\n" << r.output);
  return r;
}

Run Sandbox::run_sep(int code, const Args& args, const Env& env, const Input& in) {
  Run r = capture(args, env, in, true);
  CHECK_MESSAGE(r.status == code, "tier " << fmt_args(args) << ": exit " << r.status << ", expected " << code
                                          << "\nstdout:\n" << r.output << "\nstderr:\n" << r.err);
  return r;
}

std::string Sandbox::tier(const Args& args, const Env& env, const Input& in) {
  Run r = capture(args, env, in, true);
  REQUIRE_MESSAGE(r.status == 0, "tier " << fmt_args(args) << ": exit " << r.status << "\n" << r.err);
  return r.output;
}

Run Sandbox::exec(const Args& args, bool separate) {
  const std::string io = root_ + "/io";
  std::fflush(nullptr);
  const int out = open_or_die(io + "/sh.out", O_RDWR | O_CREAT | O_TRUNC);
  const int err = separate ? open_or_die(io + "/sh.err", O_RDWR | O_CREAT | O_TRUNC) : out;
  const int input = open_or_die("/dev/null", O_RDONLY);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, input, 0);
  posix_spawn_file_actions_adddup2(&fa, out, 1);
  posix_spawn_file_actions_adddup2(&fa, err, 2);
  std::vector<std::string> text = args;
  std::vector<char*> argv;
  for (auto& a : text) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(input);
  int status = 127;
  if (rc == 0) {
    int ws = 0;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR) {
    }
    status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
  }
  ::close(out);
  if (separate) ::close(err);
  Run r;
  r.status = status;
  r.output = cut_trailing_newlines(without_nul(read_file(io + "/sh.out")));
  if (separate) r.err = cut_blanks(without_nul(read_file(io + "/sh.err")));
  return r;
}

Run Sandbox::sh(int code, const std::string& script, bool separate) {
  Run r = exec({"/bin/bash", "-c", script}, separate);
  if (code >= 0)
    CHECK_MESSAGE(r.status == code, "bash -c '" << script << "': exit " << r.status << ", expected " << code
                                                 << "\n" << r.output << "\n" << r.err);
  return r;
}

std::string Sandbox::sh_out(const std::string& script) {
  Run r = sh(-1, script, true);
  REQUIRE_MESSAGE(r.status == 0, "bash -c '" << script << "': exit " << r.status << "\n" << r.err);
  return r.output;
}

void Sandbox::new_store(const std::string& dir) {
  const std::string d = dir.empty() ? tmp_ + "/store" : dir;
  tier({"init", "-q", "--example", d});
  cd(d);
}

void Sandbox::new_store_with_fixture(const std::string& name) {
  copy_of_template("fixture-" + name, [&](const std::string& dir) {
    new_store(dir);
    fs::copy(source_dir() + "/tests/e2e/fixtures/" + name + "/tickets", dir + "/tickets", fs::copy_options::recursive);
    commit_by_hand("fixture " + name);
  });
}

namespace {

// The directory made once per process for `name` by `make`.
std::string made_once(Sandbox& box, const std::string& name, const std::function<void(const std::string& dir)>& make) {
  static std::map<std::string, std::string> made;
  auto it = made.find(name);
  if (it == made.end()) {
    const std::string dir = scratch_root() + "/" + name;
    const std::string here = box.cwd();
    const std::vector<std::string> env = snapshot_env();
    make(dir);
    restore_env(env);
    box.cd(here);
    it = made.emplace(name, dir).first;
  }
  return it->second;
}

}  // namespace

void Sandbox::copy_of_template(const std::string& name, const std::function<void(const std::string& dir)>& make) {
  const std::string dir = made_once(*this, name, make);
  const Run r = exec({"cp", "-a", dir, tmp_ + "/store"}, true);
  REQUIRE_MESSAGE(r.status == 0, "cp -a: " << r.err);
  cd(tmp_ + "/store");
}

void Sandbox::copy_into_tmp(const std::string& name, const std::function<void(const std::string& dir)>& make) {
  const std::string dir = made_once(*this, name, make);
  const Run r = exec({"cp", "-a", dir + "/.", tmp_ + "/"}, true);
  REQUIRE_MESSAGE(r.status == 0, "cp -a: " << r.err);
}

void Sandbox::commit_by_hand(const std::string& message) {
  sh_out("git add -A && git commit -q -m '" + message + "'");
}

int Sandbox::commit_count() { return std::stoi(sh_out("git rev-list --count HEAD")); }

int Sandbox::entry_count(const std::string& id, const std::string& event) {
  const std::string text = sh_out("git show 'HEAD:" + ticket_file(id) + "'");
  const std::string want = event.empty() ? "[[log]]" : "event = \"" + event + "\"";
  int n = 0;
  for (const auto& l : non_empty_lines(text + "\n"))
    if (l == want) ++n;
  return n;
}

void Sandbox::expect_clean_status() {
  const std::string status = sh_out("git status --porcelain --untracked-files=all");
  CHECK_MESSAGE(status.empty(), "git status is not clean:\n" << status);
}

Run Sandbox::ticket_fields(const std::string& id, std::initializer_list<std::string_view> keys, const Args& opts) {
  Args args = opts;
  args.insert(args.end(), {"show", id, "--json"});
  Run shown = capture(args, {}, {}, true);
  CHECK_MESSAGE(shown.status == 0, "tier show " << id << " --json: exit " << shown.status << "\n" << shown.err);
  Run r;
  r.status = shown.status;
  if (shown.status != 0) {
    r.output = shown.err;
    return r;
  }
  const auto t = nlohmann::ordered_json::parse(shown.output);
  std::string out;
  for (std::string_view key : keys) {
    out += std::string(key) + "=";
    const auto it = t.find(std::string(key));
    if (it == t.end() || it->is_null()) out += "null";
    else if (it->is_string()) out += it->get<std::string>();
    else py_dump(out, *it);
    out += '\n';
  }
  r.output = cut_trailing_newlines(out);
  return r;
}

namespace {

// The Python that answers validations: started on the first, ended when
// this process ends (its standard input closed).
class Validator {
 public:
  ~Validator() {
    if (to_) std::fclose(to_);
    if (from_) std::fclose(from_);
    if (pid_ > 0) waitpid(pid_, nullptr, 0);
  }

  nlohmann::json ask(const nlohmann::json& request) {
    if (!to_) start();
    const std::string line = request.dump() + "\n";
    if (std::fwrite(line.data(), 1, line.size(), to_) != line.size() || std::fflush(to_) != 0)
      throw std::runtime_error("validate_json.py --serve: cannot write");
    std::string answer;
    for (int c; (c = std::fgetc(from_)) != EOF && c != '\n';) answer += char(c);
    if (answer.empty()) throw std::runtime_error("validate_json.py --serve: no answer");
    return nlohmann::json::parse(answer);
  }

 private:
  void start() {
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addchdir_np(&fa, "/");
    std::string script = source_dir() + "/tests/validate_json.py";
    // Debian's python3, as tests/e2e/helpers.bash says.
    std::string python = "/usr/bin/python3", serve = "--serve";
    char* argv[] = {python.data(), script.data(), serve.data(), nullptr};
    const int rc = posix_spawn(&pid_, python.c_str(), &fa, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    ::close(in[0]);
    ::close(out[1]);
    if (rc != 0) throw std::runtime_error("cannot start python3 for validate_json.py");
    to_ = fdopen(in[1], "w");
    from_ = fdopen(out[0], "r");
  }

  pid_t pid_ = -1;
  FILE* to_ = nullptr;
  FILE* from_ = nullptr;
};

Validator& validator() {
  static Validator v;
  return v;
}

Run answer_of(const nlohmann::json& a) {
  Run r;
  r.status = a["status"].get<int>();
  r.output = cut_trailing_newlines(a["stdout"].get<std::string>() + a["stderr"].get<std::string>());
  return r;
}

}  // namespace

Run SchemaValidator::validate(const std::string& name, const std::string& text, const std::string& mode) {
  // The here-string of the bats helper ended the text with a newline.
  return answer_of(validator().ask({{"schema", source_dir() + "/schema/" + name + ".schema.json"},
                                    {"mode", mode},
                                    {"text", text + "\n"}}));
}

Run SchemaValidator::check(const std::vector<std::string>& paths) { return answer_of(validator().ask({{"check", paths}})); }

bool is_id(const std::string& s, const std::string& prefix, const std::string& alphabet) {
  if (s.size() != prefix.size() + 9 || s.compare(0, prefix.size(), prefix) != 0 || s[prefix.size()] != '-') return false;
  return s.find_first_not_of(alphabet, prefix.size() + 1) == std::string::npos;
}

std::string ticket_file(const std::string& id) {
  const std::string body = id.substr(id.find('-') + 1);
  return "tickets/" + body.substr(0, 2) + "/" + id + ".toml";
}

void expect_golden(const std::string& name, const std::string& actual) {
  const std::string file = source_dir() + "/tests/e2e/golden/" + name + ".out";
  if (const char* u = std::getenv("TIER_UPDATE_GOLDEN"); u && *u) {
    write_file(file, actual + "\n");
    return;
  }
  REQUIRE_MESSAGE(fs::exists(file), "no golden file '" << file << "': run with TIER_UPDATE_GOLDEN=1");
  EXPECT_TEXT(actual, cut_trailing_newlines(read_file(file)));
}

std::string expand(std::string_view text, const Vars& vars) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '$' && i + 1 < text.size()) {
      std::size_t b = i + 1, e;
      const bool braced = text[b] == '{';
      if (braced) ++b;
      e = b;
      while (e < text.size() && (std::isalnum(static_cast<unsigned char>(text[e])) || text[e] == '_')) ++e;
      const std::string name(text.substr(b, e - b));
      const auto it = vars.find(name);
      if (!name.empty() && it != vars.end() && (!braced || (e < text.size() && text[e] == '}'))) {
        out += it->second;
        i = braced ? e + 1 : e;
        continue;
      }
    }
    out += text[i++];
  }
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read '" + path + "'");
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

void write_file(const std::string& path, std::string_view text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) throw std::runtime_error("cannot write '" + path + "'");
  f << text;
}

struct Json::Value {
  nlohmann::ordered_json j;
};

namespace {

// The same value with keys in order, for Python's equality.
nlohmann::json unordered(const nlohmann::ordered_json& v) { return nlohmann::json::parse(v.dump()); }

}  // namespace

Json Json::parse(const std::string& text) {
  return Json(std::make_shared<const Value>(Value{nlohmann::ordered_json::parse(text)}));
}

Json Json::string(const std::string& value) { return Json(std::make_shared<const Value>(Value{value})); }

Json Json::array(const std::vector<Json>& values) {
  auto v = std::make_shared<Value>();
  v->j = nlohmann::ordered_json::array();
  for (const auto& x : values) v->j.push_back(x.v_ ? x.v_->j : nlohmann::ordered_json());
  return Json(std::move(v));
}

Json Json::operator[](const std::string& key) const {
  if (!v_ || !v_->j.is_object()) return Json(std::make_shared<const Value>());
  const auto it = v_->j.find(key);
  return Json(std::make_shared<const Value>(Value{it == v_->j.end() ? nlohmann::ordered_json() : *it}));
}

Json Json::operator[](std::size_t index) const {
  if (!v_ || !v_->j.is_array() || index >= v_->j.size()) return Json(std::make_shared<const Value>());
  return Json(std::make_shared<const Value>(Value{v_->j[index]}));
}

Json Json::back() const { return size() ? (*this)[size() - 1] : Json(std::make_shared<const Value>()); }
std::size_t Json::size() const { return v_ && (v_->j.is_array() || v_->j.is_object()) ? v_->j.size() : 0; }
bool Json::contains(const std::string& key) const { return v_ && v_->j.is_object() && v_->j.contains(key); }
bool Json::is_null() const { return !v_ || v_->j.is_null(); }
bool Json::is_string() const { return v_ && v_->j.is_string(); }
bool Json::is_number() const { return v_ && v_->j.is_number(); }
bool Json::is_float() const { return v_ && v_->j.is_number_float(); }
bool Json::is_object() const { return v_ && v_->j.is_object(); }
bool Json::is_array() const { return v_ && v_->j.is_array(); }

std::string Json::str() const {
  if (!is_string()) throw std::runtime_error("not a JSON string: " + dump());
  return v_->j.get<std::string>();
}

std::string Json::value(const std::string& key, const std::string& fallback) const {
  return contains(key) ? (*this)[key].str() : fallback;
}

double Json::number() const {
  if (!is_number()) throw std::runtime_error("not a JSON number: " + dump());
  return v_->j.get<double>();
}

std::string Json::dump(int indent) const { return v_ ? v_->j.dump(indent) : "null"; }

std::string Json::py_dumps() const {
  std::string out;
  py_dump(out, v_ ? v_->j : nlohmann::ordered_json());
  return out;
}

std::string Json::py_repr() const {
  std::string out;
  py_repr_value(out, v_ ? v_->j : nlohmann::ordered_json());
  return out;
}

std::vector<std::string> Json::keys() const {
  std::vector<std::string> out;
  if (is_object())
    for (const auto& [k, x] : v_->j.items()) out.push_back(k);
  return out;
}

std::vector<Json> Json::elements() const {
  std::vector<Json> out;
  if (is_array())
    for (const auto& x : v_->j) out.push_back(Json(std::make_shared<const Value>(Value{x})));
  return out;
}

Json Json::with(const std::string& key, const Json& value) const {
  auto v = std::make_shared<Value>(v_ ? *v_ : Value{});
  v->j[key] = value.v_ ? value.v_->j : nlohmann::ordered_json();
  return Json(std::move(v));
}

Json Json::without(const std::string& key) const {
  auto v = std::make_shared<Value>(v_ ? *v_ : Value{});
  if (v->j.is_object()) v->j.erase(key);
  return Json(std::move(v));
}

bool operator==(const Json& a, const Json& b) {
  return unordered(a.v_ ? a.v_->j : nlohmann::ordered_json()) == unordered(b.v_ ? b.v_->j : nlohmann::ordered_json());
}

namespace {

// A TOML time as the JSON writes it: RFC 3339 in UTC, milliseconds when there are any.
std::string utc(const toml::date_time& t) {
  std::int64_t y = t.date.year;
  const unsigned m = t.date.month, d = t.date.day;
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = unsigned(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  std::int64_t secs = (era * 146097 + std::int64_t(doe) - 719468) * 86400 + t.time.hour * 3600 + t.time.minute * 60 +
                      t.time.second;
  if (t.offset) secs -= std::int64_t(t.offset->minutes) * 60;
  const std::int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  const std::int64_t rem = secs - days * 86400;
  // civil from days
  const std::int64_t z = days + 719468;
  const std::int64_t era2 = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe2 = unsigned(z - era2 * 146097);
  const unsigned yoe2 = (doe2 - doe2 / 1460 + doe2 / 36524 - doe2 / 146096) / 365;
  const unsigned doy2 = doe2 - (365 * yoe2 + yoe2 / 4 - yoe2 / 100);
  const unsigned mp = (5 * doy2 + 2) / 153;
  const unsigned dd = doy2 - (153 * mp + 2) / 5 + 1;
  const unsigned mm = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t yy = std::int64_t(yoe2) + era2 * 400 + (mm <= 2);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04" PRId64 "-%02u-%02uT%02d:%02d:%02d", yy, mm, dd, int(rem / 3600),
                int(rem / 60 % 60), int(rem % 60));
  std::string s = buf;
  if (const unsigned ms = t.time.nanosecond / 1000000; t.time.nanosecond / 1000 != 0) {
    std::snprintf(buf, sizeof buf, ".%03u", ms);
    s += buf;
  }
  return s + "Z";
}

// Every key and value of the TOML is in the JSON, times as RFC 3339 UTC
// strings; the first difference, or "".
std::string within(const toml::node& a, const nlohmann::json& b, const std::string& path) {
  if (const auto* t = a.as_table()) {
    if (!b.is_object()) return path + ": not an object";
    for (const auto& [k, v] : *t) {
      const std::string key(k.str());
      if (!b.contains(key)) return path + "." + key + " is missing";
      if (auto e = within(v, b.at(key), path + "." + key); !e.empty()) return e;
    }
    return {};
  }
  if (const auto* arr = a.as_array()) {
    if (!b.is_array() || b.size() != arr->size()) return path + ": not an array of " + std::to_string(arr->size());
    for (std::size_t i = 0; i < arr->size(); ++i)
      if (auto e = within(*arr->get(i), b.at(i), path + "[" + std::to_string(i) + "]"); !e.empty()) return e;
    return {};
  }
  bool same = false;
  if (const auto* s = a.as_string()) same = b.is_string() && b.get<std::string>() == s->get();
  else if (const auto* i = a.as_integer()) same = b.is_number() && b == nlohmann::json(i->get());
  else if (const auto* f = a.as_floating_point()) same = b.is_number() && b.get<double>() == f->get();
  else if (const auto* x = a.as_boolean()) same = b.is_boolean() && b.get<bool>() == x->get();
  else if (const auto* dt = a.as_date_time()) same = b.is_string() && b.get<std::string>() == utc(dt->get());
  return same ? std::string() : path + ": " + b.dump() + " differs";
}


}  // namespace

std::string toml_within_json(const std::string& toml_path, const std::string& json_text) {
  return within(toml::parse_file(toml_path), nlohmann::json::parse(json_text), "");
}

bool is_json(const std::string& text) { return nlohmann::json::accept(text); }

bool is_ndjson(const std::string& text) {
  std::size_t start = 0;
  while (true) {
    const std::size_t nl = text.find('\n', start);
    if (!nlohmann::json::accept(text.substr(start, nl == std::string::npos ? nl : nl - start))) return false;
    if (nl == std::string::npos) return true;
    start = nl + 1;
  }
}

bool like(std::string_view s, std::string_view pattern) {
  // The last `*` seen and where in `s` its run ends so far: on a mismatch,
  // that star takes one more character.
  std::size_t i = 0, p = 0, star = std::string_view::npos, resume = 0;
  while (i < s.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = i;
    } else if (p < pattern.size() && pattern[p] == s[i]) {
      ++p;
      ++i;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      i = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool has_line(const std::string& path, const std::string& line) {
  std::ifstream f(path, std::ios::binary);
  for (std::string l; std::getline(f, l);)
    if (l == line) return true;
  return false;
}

}  // namespace tier::test
