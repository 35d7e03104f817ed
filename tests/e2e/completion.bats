#!/usr/bin/env bats
# Shell completion: `tier completion bash|zsh|fish` prints a script made from
# the command table, and the hidden `tier __complete KIND [PREFIX]` gives the
# store's values. The bash function is driven as bash drives it, through
# COMP_WORDS and COMP_CWORD; fish through `complete -C`. `tier __complete`
# on its own, and an unknown shell, are in tests/cli/completion_test.cpp.

load helpers

# The store of two tickets, made once per file and copied for each test.
setup() {
  tier_setup
  local template="$BATS_FILE_TMPDIR/store"
  if [[ ! -d "$template" ]]; then
    (
      new_store "$template.tmp" || exit 1
      export TIER_NOW=2026-11-23T09:00:00Z
      ID1="$(tier create --title "Wi-Fi drops" --email dana.ruiz@milne.example.edu)" || exit 1
      ID2="$(tier create --title "Printer jams" --email lee@strand.example.edu --category printing)" || exit 1
      printf 'ID1=%s\nID2=%s\n' "$ID1" "$ID2" >.git/ids
    ) || return 1
    mv "$template.tmp" "$template"
  fi
  cp -a "$template" "$BATS_TEST_TMPDIR/store" && cd "$BATS_TEST_TMPDIR/store" || return 1
  source .git/ids
  export TIER_NOW=2026-11-23T09:00:00Z
  IDS="$(printf '%s\n' "$ID1" "$ID2" | sort)"
}

# The candidates bash would offer for the words given (the last one is the
# word being completed), sorted, one a line.
complete_bash() {
  COMP_WORDS=("$TIER_BIN" "$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE="${COMP_WORDS[*]}"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _tier || true
  [[ ${#COMPREPLY[@]} -eq 0 ]] || printf '%s\n' "${COMPREPLY[@]}" | sort
}

load_bash_completion() {
  source <(tier completion bash)
}

@test "completion bash: the script loads and registers _tier for tier" {
  run -0 --separate-stderr tier completion bash
  [[ -z "$stderr" ]]
  run -0 bash -c 'source <("$TIER_BIN" completion bash) && complete -p tier'
  [[ "$output" == "complete -F _tier tier" ]]
}

@test "completion bash: commands" {
  load_bash_completion
  run -0 complete_bash cl
  expect_output <<'EOF'
claim
close
EOF
  run -0 complete_bash comp
  [[ "$output" == completion ]]
  run -0 complete_bash --json sh
  [[ "$output" == show ]]
  run -0 complete_bash da
  [[ "$output" == day ]]
  # The hidden command is the scripts' own, not offered.
  run -0 complete_bash __
  [[ -z "$output" ]]
}

@test "completion bash: ticket ids from the store, whole or by the part after the hyphen" {
  load_bash_completion
  run -0 complete_bash claim ''
  expect_output <<<"$IDS"
  run -0 complete_bash claim "${ID2:0:4}"
  [[ "$output" == "$ID2" ]]
  run -0 complete_bash show "${ID1:2:3}"
  [[ "$output" == "$ID1" ]]
  # close takes any number of ids.
  run -0 complete_bash close "$ID1" ''
  expect_output <<<"$IDS"
}

@test "completion bash: groups, agents, categories, organizations" {
  load_bash_completion
  run -0 complete_bash list --group ''
  expect_output <<'EOF'
cn-accounts
cx-tier2
service-desk
EOF
  run -0 complete_bash escalate "$ID1" --to cx
  [[ "$output" == cx-tier2 ]]
  run -0 complete_bash list --group = s
  [[ "$output" == service-desk ]]
  # Agents by address and by the short name of [agents].
  run -0 complete_bash assign "$ID1" ''
  expect_output <<'EOF'
admin
alice
alice@example.edu
bob
bob@example.edu
carol
carol@example.edu
dave
dave@example.edu
erin
erin@example.edu
it-admin@example.edu
EOF
  run -0 complete_bash list --owner b
  expect_output <<'EOF'
bob
bob@example.edu
EOF
  run -0 complete_bash appoint "$ID1" --technician c
  expect_output <<'EOF'
carol
carol@example.edu
EOF
  run -0 complete_bash list --category ''
  expect_output <<'EOF'
accounts
printing
EOF
  run -0 complete_bash list --org s
  [[ "$output" == strand ]]
}

@test "completion bash: fixed sets of values" {
  load_bash_completion
  run -0 complete_bash list --status ''
  expect_output <<'EOF'
closed
escalated
new
open
pending
resolved
EOF
  run -0 complete_bash create --priority ''
  expect_output <<'EOF'
high
low
normal
urgent
EOF
  run -0 complete_bash queue --format ''
  expect_output <<'EOF'
csv
ids
json
ndjson
table
EOF
  run -0 complete_bash rate "$ID1" ''
  expect_output <<'EOF'
1
2
3
4
5
EOF
  run -0 complete_bash completion ''
  expect_output <<'EOF'
bash
fish
zsh
EOF
  # A free value: nothing to offer.
  run -0 complete_bash create --title ''
  [[ -z "$output" ]]
}

@test "completion bash: options of each command, global ones too, and subcommands" {
  load_bash_completion
  run -0 complete_bash claim --
  expect_output <<'EOF'
--agent
--help
--json
--next
--no-color
--no-pager
--no-sync
--oldest
--quiet
--version
EOF
  run -0 complete_bash escalate "$ID1" --q
  expect_output <<'EOF'
--queue
--quiet
EOF
  run -0 complete_bash hooks ''
  [[ "$output" == install ]]
  run -0 complete_bash hooks install --s
  [[ "$output" == --server ]]
  run -0 complete_bash help cla
  [[ "$output" == claim ]]
}

@test "completion bash: -C names the store; no store, nothing" {
  load_bash_completion
  cd "$BATS_TEST_TMPDIR"
  run -0 complete_bash claim ''
  [[ -z "$output" ]]
  run -0 complete_bash -C store claim ''
  expect_output <<<"$IDS"
}

# The candidates zsh's _tier offers for the words given, with compadd and
# compset stood in for (they work only inside zsh's completion widgets):
# compadd prints the candidates that start with the word being completed,
# all of them with -U.
complete_zsh() {
  cat >zdrive.zsh <<'EOF'
compdef() { : }
compset() { [[ $1 == -P ]] && PREFIX=${PREFIX#*=} }
compadd() {
  local -a __cand
  local __all=0
  [[ $1 == -U ]] && { __all=1; shift }
  if [[ $1 == -a ]]; then __cand=(${(P)2}); else shift; __cand=("$@"); fi
  if ((__all)); then print -l -- $__cand; else print -l -- ${(M)__cand:#${PREFIX}*}; fi
}
source ./_tier
words=("$@")
CURRENT=$#words
PREFIX=${words[CURRENT]}
_tier
EOF
  zsh -f zdrive.zsh "$TIER_BIN" "$@" | sort
}

@test "completion zsh: commands, ids, groups, options, values" {
  command -v zsh >/dev/null || skip "no zsh"
  tier completion zsh >_tier
  run -0 complete_zsh cl
  expect_output <<'EOF'
claim
close
EOF
  run -0 complete_zsh claim ''
  expect_output <<<"$IDS"
  run -0 complete_zsh claim "${ID1:2:3}"
  [[ "$output" == "$ID1" ]]
  run -0 complete_zsh list --group ''
  expect_output <<'EOF'
cn-accounts
cx-tier2
service-desk
EOF
  run -0 complete_zsh list --group=s
  [[ "$output" == service-desk ]]
  run -0 complete_zsh escalate "$ID1" --q
  expect_output <<'EOF'
--queue
--quiet
EOF
  run -0 complete_zsh claim --
  expect_output <<'EOF'
--agent
--help
--json
--next
--no-color
--no-pager
--no-sync
--oldest
--quiet
--version
EOF
  run -0 complete_zsh rate "$ID1" 4
  [[ "$output" == 4 ]]
}

@test "completion zsh: the script parses and loads" {
  command -v zsh >/dev/null || skip "no zsh"
  tier completion zsh >_tier
  run -0 zsh -n _tier
  run -0 zsh -c 'autoload -U compinit && compinit -u -D && source ./_tier && print -r -- ${_comps[tier]}'
  [[ "$output" == _tier ]]
}

@test "completion fish: the script parses and completes" {
  command -v fish >/dev/null || skip "no fish"
  tier completion fish >tier.fish
  run -0 fish -n tier.fish
  local path="$(dirname "$TIER_BIN")"
  run -0 fish -c "set PATH $path \$PATH; source tier.fish; complete -C 'tier cl'"
  expect_output <<'EOF'
claim
close
EOF
  run -0 fish -c "set PATH $path \$PATH; source tier.fish; complete -C 'tier list --group '"
  expect_output <<'EOF'
cn-accounts
cx-tier2
service-desk
EOF
  run -0 fish -c "set PATH $path \$PATH; source tier.fish; complete -C 'tier claim '"
  # fish orders them its own way (digits as numbers: T-4… before T-07…).
  output="$(sort <<<"$output")"
  expect_output <<<"$IDS"
}
