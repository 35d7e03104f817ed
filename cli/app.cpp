#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "cli/change.hpp"
#include "hooks/change.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace tier::cli {
namespace {

void print_error(bool json, Exit code, const std::string& message, const std::string& hint,
                 const std::string& rule) {
  if (json) {
    nlohmann::json e = {{"code", int(code)}, {"message", message}};
    if (!rule.empty()) e["rule"] = rule;
    if (!hint.empty()) e["hint"] = hint;
    std::fputs((nlohmann::json{{"error", e}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n").c_str(), stderr);
    return;
  }
  // A message may quote a ticket or the server's words: never sent raw to a terminal.
  const std::string text = "tier: error: " + visible(message) + "\n" + (hint.empty() ? "" : "hint: " + visible(hint) + "\n");
  std::fwrite(text.data(), 1, text.size(), stderr);
}

// Edit distance counting a swap of two neighbours as one typo (Damerau).
std::size_t distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

// The first word that is not an option (or an option's value): the command.
std::string command_word(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--") return {};
    if (a == "-C" || a == "--agent") {
      ++i;
      continue;
    }
    if (!a.empty() && a[0] == '-') continue;
    return a;
  }
  return {};
}

int finish(int code) {
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    if (errno == EPIPE) return code;  // a closed pipe is the reader's choice
    std::fputs("tier: error: cannot write the output\n", stderr);
    return code ? code : int(Exit::Failure);
  }
  return code;
}

}  // namespace

std::string unknown_command_hint(const std::vector<std::string>& names, const std::string& word) {
  std::string best;
  std::size_t best_d = 99;
  for (const auto& name : names) {
    const std::size_t d = distance(word, name);
    if (d < best_d) best_d = d, best = name;
  }
  return best_d <= 2 ? "did you mean '" + best + "'?" : "see 'tier --help'";
}

void add_command_line(Cmd cmd, Globals& g, Table& table, std::string_view only, bool commands) {
  CLI::App& app = *cmd.app();
  app.fallthrough();
  app.require_subcommand(0, 1);
  app.set_version_flag("--version", "tier " TIER_VERSION);
  app.add_option("-C", g.dir, "run as if started in DIR")->type_name("DIR");
  app.add_option("--agent", g.agent, "act as this agent (else TIER_AGENT, else git's user.email)")
      ->type_name("EMAIL");
  app.add_flag("--json", g.json, "JSON on stdout, and errors as JSON on stderr");
  app.add_flag("--no-color", g.no_color, "no colour, even on a terminal");
  app.add_flag("-q,--quiet", g.quiet, "print nothing on success but the data asked for");
  app.add_flag("--no-sync", g.no_sync, "do not sync with the remote, even when sync.auto is on");
  app.add_flag("--no-pager", g.no_pager, "never send show or log through a pager");
  if (commands) add_commands(cmd, table, only);
}

int run(int argc, char** argv) {
  Globals g;
  bool json = false;
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "--json") == 0) json = true;
  try {
    CLI::App app{"tier: a help-desk ticket toolkit on git", "tier"};
    std::string word = command_word(argc, argv);
    bool help = false;
    bool version = false;
    for (int i = 1; i < argc; ++i) {
      help = help || std::strcmp(argv[i], "-h") == 0 || std::strcmp(argv[i], "--help") == 0;
      version = version || std::strcmp(argv[i], "--version") == 0;
    }
    // `tier` alone, in a store, is the agent's day (tier-day(1)); outside
    // one it is the help, on stderr, and a usage error.
    static char day_word[] = "day";
    std::vector<char*> args(argv, argv + argc);
    const bool dangling = argc > 1 && (std::strcmp(argv[argc - 1], "-C") == 0 || std::strcmp(argv[argc - 1], "--agent") == 0);
    const bool implicit_day = word.empty() && !help && !version && !dangling;
    if (implicit_day) {
      word = day_word;
      args.push_back(day_word);
      argc = int(args.size());
      argv = args.data();
    }
    // The command's own entry is all the table needs to hold, but help (asked
    // anywhere) describes every command, and --version alone needs none.
    Table table;
    add_command_line(app, g, table, help ? std::string() : word, !word.empty() || help || !version);

    if (!word.empty()) {
      bool known = false;
      std::vector<std::string> names;
      for (const auto& e : table.entries()) {
        if (e.sub->get_name() == word) known = true;
        if (!e.sub->get_group().empty()) names.push_back(e.sub->get_name());  // hidden ones are not offered
      }
      if (!known) {
        print_error(json, Exit::Usage, "unknown command '" + word + "'", unknown_command_hint(names, word), {});
        return int(Exit::Usage);
      }
    }

    try {
      app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
      std::fputs(app.help().c_str(), stdout);
      return finish(0);
    } catch (const CLI::CallForAllHelp&) {
      std::fputs(app.help("", CLI::AppFormatMode::All).c_str(), stdout);
      return finish(0);
    } catch (const CLI::CallForVersion&) {
      std::puts("tier " TIER_VERSION);
      return finish(0);
    } catch (const CLI::ParseError& e) {
      // A subcommand's own --help arrives here with its help text.
      if (e.get_exit_code() == 0) {
        return finish(app.exit(e));
      }
      std::string msg = e.what();
      if (!msg.empty() && (msg[0] >= 'A' && msg[0] <= 'Z')) msg[0] = char(msg[0] - 'A' + 'a');
      while (!msg.empty() && (msg.back() == '.' || msg.back() == '\n')) msg.pop_back();
      print_error(json, Exit::Usage, msg, "see 'tier " + (word.empty() || implicit_day ? std::string("--help") : word + " --help") + "'", {});
      return int(Exit::Usage);
    }

    const Table::Entry* chosen = nullptr;
    for (const auto& e : table.entries())
      if (e.sub->parsed()) chosen = &e;
    if (!chosen) {
      std::fputs(app.help().c_str(), stderr);
      return int(Exit::Usage);
    }
    const bool color = !g.no_color && !g.json && std::getenv("NO_COLOR") == nullptr && isatty(STDOUT_FILENO);
    Output out(g.json, g.quiet, color);
    Context ctx(g, out);
    if ((chosen->flags & Writes) && std::getenv("TIER_HOOK"))
      throw Error(Exit::Refused, std::string("a changing command cannot run inside the local hook '") +
                                     std::getenv("TIER_HOOK") + "'",
                  "a hook may run read commands such as 'tier show'; it refuses a change by exiting non-zero",
                  "local-hook");
    if (implicit_day) {
      try {
        ctx.store().policy();
      } catch (const Error& e) {
        if (e.code() != Exit::NotFound) throw;
        CLI::App full{"tier: a help-desk ticket toolkit on git", "tier"};
        Globals unused;
        Table all;
        add_command_line(full, unused, all, {}, true);
        std::fputs(full.help().c_str(), stderr);
        return int(Exit::Usage);
      }
    }
    if (chosen->flags & NeedsStore) {
      store::Store& st = ctx.store();
      st.ensure_merge_driver(self_program());
      if (chosen->flags & Writes) {
        st.policy();  // a broken config stops every change
        st.lock();
      }
      if ((chosen->flags & PullsFirst) && ctx.session().sync) hooks::pull_first(ctx.session());
    }
    return finish(chosen->run(ctx));
  } catch (const Error& e) {
    print_error(json, e.code(), e.what(), e.hint(), e.rule());
    return finish(int(e.code()));
  } catch (const std::exception& e) {
    print_error(json, Exit::Failure, std::string("internal: ") + e.what(), {}, {});
    return finish(int(Exit::Failure));
  } catch (...) {
    print_error(json, Exit::Failure, "internal: unknown failure", {}, {});
    return finish(int(Exit::Failure));
  }
}

}  // namespace tier::cli
