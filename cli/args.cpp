#include "cli/args.hpp"

#include <utility>

#include <CLI/CLI.hpp>

namespace tier::cli {

Opt Opt::required() { return Opt(o_->required()); }
Opt Opt::excludes(Opt other) { return Opt(o_->excludes(other.o_)); }
Opt Opt::one_of(std::vector<std::string> values) { return Opt(o_->check(CLI::IsMember(std::move(values)))); }
Opt Opt::range(int lo, int hi) { return Opt(o_->check(CLI::Range(lo, hi))); }
Opt Opt::check(std::function<std::string(const std::string&)> check) {
  return Opt(o_->check(CLI::Validator([check = std::move(check)](std::string& s) { return check(s); }, "")));
}
Opt Opt::type_name(std::string name) { return Opt(o_->type_name(std::move(name))); }
Opt Opt::delimiter(char c) { return Opt(o_->delimiter(c)); }
Opt Opt::allow_extra_args(bool allow) { return Opt(o_->allow_extra_args(allow)); }
Opt Opt::each(std::function<void(const std::string&)> f) {
  return Opt(o_->each([f = std::move(f)](const std::string& s) { f(s); }));
}

Cmd Cmd::add_subcommand(std::string name, std::string description) {
  return Cmd(a_->add_subcommand(std::move(name), std::move(description)));
}
Opt Cmd::add_option(std::string name, std::string& value, std::string description) {
  return Opt(a_->add_option(std::move(name), value, std::move(description)));
}
Opt Cmd::add_option(std::string name, std::vector<std::string>& values, std::string description) {
  return Opt(a_->add_option(std::move(name), values, std::move(description)));
}
Opt Cmd::add_option(std::string name, int& value, std::string description) {
  return Opt(a_->add_option(std::move(name), value, std::move(description)));
}
Opt Cmd::add_option(std::string name, std::vector<int>& values, std::string description) {
  return Opt(a_->add_option(std::move(name), values, std::move(description)));
}
Opt Cmd::add_option(std::string name, std::size_t& value, std::string description) {
  return Opt(a_->add_option(std::move(name), value, std::move(description)));
}
Opt Cmd::add_option(std::string name, double& value, std::string description) {
  return Opt(a_->add_option(std::move(name), value, std::move(description)));
}
Opt Cmd::add_flag(std::string name, bool& value, std::string description) {
  return Opt(a_->add_flag(std::move(name), value, std::move(description)));
}
Cmd Cmd::require_subcommand(int min, int max) {
  return Cmd(a_->require_subcommand(std::size_t(min), std::size_t(max)));
}
Cmd Cmd::group(std::string name) { return Cmd(a_->group(std::move(name))); }
std::string Cmd::name() const { return a_->get_name(); }

}  // namespace tier::cli
