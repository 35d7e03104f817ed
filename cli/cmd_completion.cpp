#include <algorithm>
#include <map>
#include <regex>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "core/policy.hpp"
#include "core/query.hpp"
#include "formats/config_toml.hpp"

namespace tier::cli {
namespace {

// What the scripts know of a command: its path ("", "claim", "hooks install"),
// its options and positionals as tokens, and its own subcommands.
//   --mine          a flag
//   --group=@groups an option and the kind of its value (@ids, @groups,
//                   @agents, @categories, @orgs: asked of `tier __complete`;
//                   @dir, @file, @commands: the shell's own)
//   --status=a,b,c  an option with a fixed set of values
//   --title=        an option with a free value
//   1=@ids          the first positional; +=@ids repeats the last one
struct Spec {
  std::string path;
  std::string tokens;
  std::vector<std::string> subs;
};

bool visible(const CLI::App* app) { return !app->get_group().empty(); }

// The kind of value an option or positional named `name` takes.
std::string kind_of(const CLI::Option* o, const std::string& name) {
  const std::string type = o->get_type_name();
  if (const auto b = type.find(":{"); b != std::string::npos) {
    const auto e = type.find('}', b);
    return type.substr(b + 2, e == std::string::npos ? std::string::npos : e - b - 2);
  }
  static const std::regex range(R"(in \[(\d+) - (\d+)\])");
  if (std::smatch m; std::regex_search(type, m, range)) {
    const int lo = std::stoi(m[1]), hi = std::stoi(m[2]);
    if (hi >= lo && hi - lo < 10) {
      std::string values;
      for (int i = lo; i <= hi; ++i) values += (values.empty() ? "" : ",") + std::to_string(i);
      return values;
    }
  }
  static const std::map<std::string, std::string> by_name = {
      {"--group", "@groups"},       {"--to", "@groups"},       {"--assignee", "@agents"},
      {"--owner", "@agents"},       {"--technician", "@agents"}, {"--agent", "@agents"},
      {"agent", "@agents"},         {"--category", "@categories"}, {"--org", "@orgs"},
      {"id", "@ids"},               {"ids", "@ids"},           {"-C", "@dir"},
      {"dir", "@dir"},              {"--file", "@file"},       {"base", "@file"},
      {"ours", "@file"},            {"theirs", "@file"},       {"command", "@commands"},
  };
  if (const auto it = by_name.find(name); it != by_name.end()) return it->second;
  if (name == "--sort") {
    std::string values;
    for (const auto& f : list_sort_keys()) values += (values.empty() ? "" : ",") + f;
    return values;
  }
  return {};
}

void walk(const CLI::App* app, const std::string& path, std::vector<Spec>& out) {
  Spec s{path, {}, {}};
  int position = 0;
  std::string repeat;
  for (const CLI::Option* o : app->get_options()) {
    std::vector<std::string> names;
    for (const auto& n : o->get_snames()) names.push_back("-" + n);
    for (const auto& n : o->get_lnames()) names.push_back("--" + n);
    if (names.empty()) {  // a positional
      const std::string kind = kind_of(o, o->get_name());
      s.tokens += (s.tokens.empty() ? "" : " ") + std::to_string(++position) + "=" + kind;
      if (o->get_items_expected_max() > 1) repeat = kind;
      continue;
    }
    for (const auto& n : names) {
      s.tokens += s.tokens.empty() ? "" : " ";
      s.tokens += o->get_expected_max() == 0 ? n : n + "=" + kind_of(o, names.back());
    }
  }
  if (!repeat.empty()) s.tokens += " +=" + repeat;
  for (const CLI::App* sub : app->get_subcommands([](const CLI::App* a) { return visible(a); }))
    s.subs.push_back(sub->get_name());
  out.push_back(s);
  for (const CLI::App* sub : app->get_subcommands([](const CLI::App* a) { return visible(a); }))
    walk(sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), out);
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

// The data of the scripts, as POSIX-shell case arms (bash and zsh share them).
std::string sh_data(const std::vector<Spec>& specs) {
  std::string d = "_tier_commands='" + join(specs.front().subs) + "'\n\n";
  d += "# The options and positionals of a command (see 'tier completion').\n_tier_spec() {\n  case $1 in\n";
  for (const auto& s : specs) d += "    '" + s.path + "') _tier_s='" + s.tokens + "' ;;\n";
  d += "    *) _tier_s='' ;;\n  esac\n}\n\n_tier_subcommands() {\n  case $1 in\n";
  for (const auto& s : specs)
    if (!s.path.empty() && !s.subs.empty()) d += "    '" + s.path + "') _tier_s='" + join(s.subs) + "' ;;\n";
  d += "    *) _tier_s='' ;;\n  esac\n}\n";
  return d;
}

constexpr const char* bash_head = R"SH(# bash completion for tier(1), printed by 'tier completion bash'.
# Install for everyone:
#   tier completion bash > /usr/share/bash-completion/completions/tier
# or for yourself, in ~/.bashrc:
#   source <(tier completion bash)
# Ticket ids, groups, agents and categories come from the store, through
# 'tier __complete'.

)SH";

constexpr const char* bash_body = R"SH(
# The kind of value of option $1 of command $2 into _tier_k; false for a
# flag or an unknown option.
_tier_option_kind() {
  local spec w
  for spec in "$2" ''; do
    _tier_spec "$spec"
    for w in $_tier_s; do
      if [[ $w == "$1="* ]]; then
        _tier_k=${w#*=}
        return 0
      fi
    done
  done
  return 1
}

# The candidates of a kind of value for the word $2, into COMPREPLY; in a
# comma list (--status new,op), those of its last part, after the others.
_tier_values() {
  local IFS=$'\n' head='' k
  case $1 in
    @dir | @file | @commands | '') ;;
    *) [[ $2 == *,* ]] && head=${2%,*}, ;;
  esac
  set -- "$1" "${2:${#head}}"
  case $1 in
    @dir) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$2")) ;;
    @file) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$2")) ;;
    @commands) COMPREPLY=($(IFS=' '; compgen -W "$_tier_commands" -- "$2")) ;;
    @*) COMPREPLY=($("$_tier_prog" "${_tier_dir[@]}" __complete "${1#@}" -- "$2" 2>/dev/null)) ;;
    '') COMPREPLY=() ;;
    *) COMPREPLY=($(compgen -W "${1//,/$'\n'}" -- "$2")) ;;
  esac
  for k in "${!COMPREPLY[@]}"; do COMPREPLY[k]=$head${COMPREPLY[k]}; done
}

_tier() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  local cmd='' npos=0 i w opt _tier_s _tier_k _tier_dir=() _tier_prog=${COMP_WORDS[0]}
  [[ $_tier_prog == '~/'* ]] && _tier_prog=$HOME/${_tier_prog#'~/'}
  COMPREPLY=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
    case $w in
      -*=*) ;;
      -*)
        if _tier_option_kind "$w" "$cmd" && ((i + 1 < COMP_CWORD)); then
          i=$((i + 1))
          # --opt=value arrives as three words: --opt, =, value.
          [[ ${COMP_WORDS[i]} == = ]] && i=$((i + 1))
          if [[ $w == -C ]]; then
            _tier_dir=(-C "${COMP_WORDS[i]}")
            [[ ${COMP_WORDS[i]} == '~/'* ]] && _tier_dir=(-C "$HOME/${COMP_WORDS[i]#'~/'}")
          fi
        fi
        ;;
      *)
        if [[ -z $cmd ]]; then
          cmd=$w
        elif ((npos == 0)) && _tier_subcommands "$cmd" && [[ " $_tier_s " == *" $w "* ]]; then
          cmd="$cmd $w"
        else
          npos=$((npos + 1))
        fi
        ;;
    esac
  done

  # The value of an option: "--group x", "--group=x".
  opt=$prev
  if [[ $cur == = ]]; then
    cur=''
  elif [[ $prev == = ]] && ((COMP_CWORD >= 2)); then
    opt=${COMP_WORDS[COMP_CWORD-2]}
  fi
  if [[ $opt == -* ]] && _tier_option_kind "$opt" "$cmd"; then
    _tier_values "$_tier_k" "$cur"
    return 0
  fi

  if [[ $cur == -* ]]; then
    local opts='' spec
    for spec in "$cmd" ''; do
      _tier_spec "$spec"
      for w in $_tier_s; do
        [[ $w == -* && " $opts " != *" ${w%%=*} "* ]] && opts+=" ${w%%=*}"
      done
      [[ -z $cmd ]] && break
    done
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    return 0
  fi
  if [[ -z $cmd ]]; then
    COMPREPLY=($(compgen -W "$_tier_commands" -- "$cur"))
    return 0
  fi
  if ((npos == 0)) && _tier_subcommands "$cmd" && [[ -n $_tier_s ]]; then
    COMPREPLY=($(compgen -W "$_tier_s" -- "$cur"))
    return 0
  fi
  local kind='' n=$((npos + 1)) found=0
  _tier_spec "$cmd"
  for w in $_tier_s; do
    case $w in
      "$n="*) kind=${w#*=}; found=1 ;;
      "+="*) ((found)) || kind=${w#*=} ;;
    esac
  done
  _tier_values "$kind" "$cur"
}

complete -F _tier tier
)SH";

constexpr const char* zsh_head = R"SH(#compdef tier
# zsh completion for tier(1), printed by 'tier completion zsh'.
# Install: save it as _tier in a directory of $fpath, before compinit runs:
#   tier completion zsh > "${fpath[1]}/_tier"
# or, in ~/.zshrc after compinit:
#   source <(tier completion zsh)
# Ticket ids, groups, agents and categories come from the store, through
# 'tier __complete'.

)SH";

constexpr const char* zsh_body = R"SH(
_tier_option_kind() {
  local spec w
  for spec in "$2" ''; do
    _tier_spec "$spec"
    for w in ${=_tier_s}; do
      if [[ $w == "$1="* ]]; then
        _tier_k=${w#*=}
        return 0
      fi
    done
  done
  return 1
}

_tier_values() {
  local -a c
  # In a comma list (--status new,op): the values of its last part.
  case $1 in
    @dir | @file | @commands | '') ;;
    *) compset -P '*,' ;;
  esac
  case $1 in
    @dir) _directories ;;
    @file) _files ;;
    @commands) compadd -- ${=_tier_commands} ;;
    @*)
      # Already matched by tier, an id also by the part after its hyphen.
      c=(${(f)"$($_tier_prog $_tier_dir __complete ${1#@} -- "${2##*,}" 2>/dev/null)"})
      compadd -U -a c
      ;;
    '') ;;
    *) compadd -- ${(s:,:)1} ;;
  esac
}

_tier() {
  local cur=${words[CURRENT]} prev=${words[CURRENT-1]}
  local cmd='' npos=0 i w opt _tier_s _tier_k _tier_prog=${words[1]}
  local -a _tier_dir
  [[ $_tier_prog == '~/'* ]] && _tier_prog=$HOME/${_tier_prog#'~/'}
  for ((i = 2; i < CURRENT; i++)); do
    w=${words[i]}
    case $w in
      -*=*) ;;
      -*)
        if _tier_option_kind "$w" "$cmd" && ((i + 1 < CURRENT)); then
          i=$((i + 1))
          [[ $w == -C ]] && _tier_dir=(-C ${words[i]/#\~\//$HOME/})
        fi
        ;;
      *)
        if [[ -z $cmd ]]; then
          cmd=$w
        elif ((npos == 0)) && _tier_subcommands "$cmd" && [[ " $_tier_s " == *" $w "* ]]; then
          cmd="$cmd $w"
        else
          npos=$((npos + 1))
        fi
        ;;
    esac
  done

  if [[ $cur == -*=* ]]; then
    opt=${cur%%=*}
    if _tier_option_kind "$opt" "$cmd"; then
      compset -P '*='
      _tier_values "$_tier_k" "${cur#*=}"
    fi
    return
  fi
  if [[ $prev == -* ]] && _tier_option_kind "$prev" "$cmd"; then
    _tier_values "$_tier_k" "$cur"
    return
  fi
  if [[ $cur == -* ]]; then
    local -a opts
    local spec
    for spec in "$cmd" ''; do
      _tier_spec "$spec"
      for w in ${=_tier_s}; do
        [[ $w == -* ]] && ((! ${opts[(Ie)${w%%=*}]})) && opts+=(${w%%=*})
      done
      [[ -z $cmd ]] && break
    done
    compadd -a opts
    return
  fi
  if [[ -z $cmd ]]; then
    compadd -- ${=_tier_commands}
    return
  fi
  if ((npos == 0)) && _tier_subcommands "$cmd" && [[ -n $_tier_s ]]; then
    compadd -- ${=_tier_s}
    return
  fi
  local kind='' n=$((npos + 1)) found=0
  _tier_spec "$cmd"
  for w in ${=_tier_s}; do
    case $w in
      "$n="*) kind=${w#*=}; found=1 ;;
      "+="*) ((found)) || kind=${w#*=} ;;
    esac
  done
  _tier_values "$kind" "$cur"
}

if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then
  _tier "$@"
else
  compdef _tier tier
fi
)SH";

std::string fish_data(const std::vector<Spec>& specs) {
  std::string d = "set -g __tier_commands " + join(specs.front().subs) + "\n\n";
  d += "# The options and positionals of a command (see 'tier completion').\nfunction __tier_spec\n"
       "    switch $argv[1]\n";
  for (const auto& s : specs) d += "        case '" + s.path + "'\n            echo '" + s.tokens + "'\n";
  d += "    end\nend\n\nfunction __tier_subcommands\n    switch $argv[1]\n";
  for (const auto& s : specs)
    if (!s.path.empty() && !s.subs.empty()) d += "        case '" + s.path + "'\n            echo '" + join(s.subs) + "'\n";
  d += "    end\nend\n";
  return d;
}

constexpr const char* fish_head = R"SH(# fish completion for tier(1), printed by 'tier completion fish'.
# Install: tier completion fish > ~/.config/fish/completions/tier.fish
# Ticket ids, groups, agents and categories come from the store, through
# 'tier __complete'.

)SH";

constexpr const char* fish_body = R"SH(
# The kind of value of option $argv[1] of command $argv[2]; false for a flag
# or an unknown option.
function __tier_option_kind
    for spec in "$argv[2]" ''
        for w in (string split ' ' -- (__tier_spec $spec))
            if string match -q -- "$argv[1]=*" $w
                string replace -r '^[^=]*=' '' -- $w
                return 0
            end
        end
    end
    return 1
end

function __tier_values
    switch "$argv[1]"
        case @dir
            __fish_complete_directories "$argv[2]"
        case @file
            __fish_complete_path "$argv[2]"
        case @commands
            printf '%s\n' (string split ' ' -- $__tier_commands)
        case ''
        case '*'
            # In a comma list (--status new,op): the values of its last part, after the others.
            set -l head (string match -r -- '^.*,' "$argv[2]")
            set -l last (string replace -r -- '^.*,' '' "$argv[2]")
            if string match -q -- '@*' $argv[1]
                for v in (command $__tier_prog $__tier_dir __complete (string sub -s 2 -- $argv[1]) -- "$last" 2>/dev/null)
                    echo "$head$v"
                end
            else
                for v in (string split , -- $argv[1])
                    echo "$head$v"
                end
            end
    end
end

function __tier_candidates
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -g __tier_prog $tokens[1]
    set -g __tier_dir
    set -l cmd ''
    set -l npos 0
    set -l i 2
    while test $i -le (count $tokens)
        set -l w $tokens[$i]
        switch $w
            case '-*=*'
            case '-*'
                if __tier_option_kind $w "$cmd" >/dev/null; and test $i -lt (count $tokens)
                    set i (math $i + 1)
                    test "$w" = -C; and set -g __tier_dir -C $tokens[$i]
                end
            case '*'
                if test -z "$cmd"
                    set cmd $w
                else if test $npos -eq 0; and contains -- $w (string split ' ' -- (__tier_subcommands $cmd))
                    set cmd "$cmd $w"
                else
                    set npos (math $npos + 1)
                end
        end
        set i (math $i + 1)
    end

    if string match -q -- '-*=*' $cur
        set -l opt (string replace -r '=.*' '' -- $cur)
        set -l kind (__tier_option_kind $opt "$cmd"); or return
        for v in (__tier_values "$kind" (string replace -r '^[^=]*=' '' -- $cur))
            echo "$opt=$v"
        end
        return
    end
    if test (count $tokens) -ge 2; and string match -q -- '-*' $tokens[-1]
        set -l kind (__tier_option_kind $tokens[-1] "$cmd")
        and begin
            __tier_values "$kind" "$cur"
            return
        end
    end
    if string match -q -- '-*' $cur
        for spec in "$cmd" ''
            for w in (string split ' ' -- (__tier_spec $spec))
                string match -q -- '-*' $w; and string replace -r '=.*' '' -- $w
            end
            test -z "$cmd"; and break
        end
        return
    end
    if test -z "$cmd"
        string split ' ' -- $__tier_commands
        return
    end
    set -l subs (string split ' ' -- (__tier_subcommands $cmd))
    if test $npos -eq 0; and test -n "$subs"
        printf '%s\n' $subs
        return
    end
    set -l kind ''
    set -l found 0
    set -l n (math $npos + 1)
    for w in (string split ' ' -- (__tier_spec $cmd))
        if string match -q -- "$n=*" $w
            set kind (string replace -r '^[^=]*=' '' -- $w)
            set found 1
        else if string match -q -- '+=*' $w; and test $found -eq 0
            set kind (string replace -r '^[^=]*=' '' -- $w)
        end
    end
    __tier_values "$kind" "$cur"
end

complete -c tier -f -a '(__tier_candidates)'
)SH";

int run_completion(Context& ctx, const CLI::App& root, const std::string& shell) {
  std::vector<Spec> specs;
  walk(&root, "", specs);
  std::string script;
  if (shell == "bash") script = bash_head + sh_data(specs) + bash_body;
  else if (shell == "zsh") script = zsh_head + sh_data(specs) + zsh_body;
  else script = fish_head + fish_data(specs) + fish_body;
  if (!script.empty() && script.back() == '\n') script.pop_back();
  ctx.out().line(script);
  return 0;
}

struct CompleteArgs {
  std::string kind;
  std::string prefix;
};

bool starts_with_folded(std::string_view s, std::string_view prefix) {
  if (prefix.size() > s.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

std::string folded(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The fan-out directories (tickets/XX/) that can hold an id starting with
// `typed`, whole ("T-7k") or after the hyphen ("7k"): their names start with
// the returned text; empty when any can ("", "T", "T-").
std::string fan_out_prefix(std::string_view typed, std::string_view id_prefix) {
  const std::string t = folded(typed);
  const auto dash = t.find('-');
  if (dash != std::string::npos) return t.substr(dash + 1, 2);
  if (folded(std::string(id_prefix) + "-").rfind(t, 0) == 0) return {};
  return t.substr(0, 2);
}

// The values of one kind that start with the prefix, one a line. Silent:
// without a store, or with a broken one, it prints nothing and succeeds.
int run_complete(Context& ctx, const CompleteArgs& a) {
  std::vector<std::string> values;
  try {
    store::Store& st = ctx.store();
    if (a.kind == "ids") {
      // The id prefix alone: the whole config is not parsed, and an error
      // elsewhere in it stops no completion of ids.
      const std::optional<std::string> id_prefix = formats::config_prefix_quick(st.config_text());
      if (!id_prefix) return 0;
      values = st.ids(fan_out_prefix(a.prefix, *id_prefix));
    } else if (a.kind == "categories") {
      std::vector<store::Problem> problems;
      for (const Header& h : st.headers(problems)) values.push_back(h.category);
      for (const auto& r : st.policy().routes) values.push_back(r.category);
    } else if (a.kind == "groups") {
      for (const auto& g : st.policy().groups) values.push_back(g.id);
    } else if (a.kind == "agents") {
      values = st.policy().agents();
      for (const auto& agent : st.policy().directory)
        if (!agent.short_name.empty()) values.push_back(agent.short_name);
    } else if (a.kind == "orgs") {
      for (const auto& o : st.policy().organizations) values.push_back(o.id);
    }
  } catch (const std::exception&) {  // tier::Error and a bad -C alike: complete nothing
    return 0;
  }
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  std::string out;
  for (const auto& v : values) {
    if (v.empty()) continue;
    // An id matches whole ("T-7k") or by the part after the hyphen ("7k").
    const auto dash = v.find('-');
    if (starts_with_folded(v, a.prefix) ||
        (a.kind == "ids" && dash != std::string::npos && starts_with_folded(v.substr(dash + 1), a.prefix)))
      out += v + "\n";
  }
  if (!out.empty()) {
    out.pop_back();
    ctx.out().line(out);
  }
  return 0;
}

}  // namespace

void add_completion(Cmd app, Table& table) {
  auto shell = std::make_shared<std::string>();
  auto sub = app.add_subcommand("completion", "print a shell completion script: bash, zsh or fish");
  sub.add_option("shell", *shell, "bash, zsh or fish").required().one_of({"bash", "zsh", "fish"});
  const CLI::App* root = app.app();
  table.add(sub, NoStore, [shell, root](Context& ctx) { return run_completion(ctx, *root, *shell); });

  auto a = std::make_shared<CompleteArgs>();
  auto hidden = app.add_subcommand("__complete", "the values the completion scripts offer");
  hidden.group("");  // not in 'tier --help': the scripts' own
  hidden.add_option("kind", a->kind, "ids, groups, agents, categories or orgs")
      .required()
      .one_of({"ids", "groups", "agents", "categories", "orgs"});
  hidden.add_option("prefix", a->prefix, "only the values that start with it");
  table.add(hidden, NoStore, [a](Context& ctx) { return run_complete(ctx, *a); });
}

}  // namespace tier::cli
