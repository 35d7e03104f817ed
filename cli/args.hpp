#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

// The commands declare their options through these handles. CLI11 is
// header-only, and its App, Option and help formatter are generated again
// in every file that includes it; only args.cpp, app.cpp and the files that
// walk the whole command line (help, completion) include it.
namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace tier::cli {

/// One option, flag or positional argument of a command.
class Opt {
 public:
  explicit Opt(CLI::Option* o) : o_(o) {}
  Opt required();
  Opt excludes(Opt other);
  /// Each value must be one of `values` (else a usage error naming them).
  Opt one_of(std::vector<std::string> values);
  /// Each value must be a number from `lo` to `hi`.
  Opt range(int lo, int hi);
  /// Each value through `check`: an empty string accepts it, else it is the
  /// usage error's message.
  Opt check(std::function<std::string(const std::string&)> check);
  Opt type_name(std::string name);
  /// Splits each value at `c` ("new,open").
  Opt delimiter(char c);
  /// false: takes one value each time it is given, as a single-valued option.
  Opt allow_extra_args(bool allow);
  /// Called with each value as it is parsed.
  Opt each(std::function<void(const std::string&)> f);
  CLI::Option* option() const { return o_; }

 private:
  CLI::Option* o_;
};

/// A command or subcommand.
class Cmd {
 public:
  explicit Cmd(CLI::App* a) : a_(a) {}
  Cmd(CLI::App& a) : a_(&a) {}
  Cmd add_subcommand(std::string name, std::string description);
  Opt add_option(std::string name, std::string& value, std::string description);
  Opt add_option(std::string name, std::vector<std::string>& values, std::string description);
  Opt add_option(std::string name, int& value, std::string description);
  Opt add_option(std::string name, std::vector<int>& values, std::string description);
  Opt add_option(std::string name, std::size_t& value, std::string description);
  Opt add_option(std::string name, double& value, std::string description);
  Opt add_flag(std::string name, bool& value, std::string description);
  /// At least `min` and at most `max` subcommands (max 0: no bound).
  Cmd require_subcommand(int min, int max);
  /// The heading in `tier --help`; "" hides it.
  Cmd group(std::string name);
  std::string name() const;
  CLI::App* app() const { return a_; }

 private:
  CLI::App* a_;
};

}  // namespace tier::cli
