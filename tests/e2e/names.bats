#!/usr/bin/env bats
# Less typing, through the shells' completion scripts: completion of `note`,
# of short names of agents and of comma lists. The example config (`tier
# init --example`) has [agents] with alice, bob, carol, dave, erin and
# admin. Short names, display names, `tier note` and comma lists in the
# filters are in tests/cli/names_test.cpp.

load helpers

# A store of three tickets, made once per file and copied for each test, in
# this order: A (high, claimed by alice), B (printing, normal, new) and C
# (urgent, new).
setup() {
  tier_setup
  export TZ=America/New_York  # a zone with daylight saving time, as a desk's
  local template="$BATS_FILE_TMPDIR/store"
  if [[ ! -d "$template" ]]; then
    (
      new_store "$template.tmp" || exit 1
      export TIER_NOW=2026-11-23T09:00:00Z
      A="$(tier create --title "Wi-Fi drops" --email dana.ruiz@milne.example.edu --priority high)" || exit 1
      export TIER_NOW=2026-11-23T09:01:00Z
      B="$(tier create --title "Printer jams" --email lee@strand.example.edu --category printing)" || exit 1
      export TIER_NOW=2026-11-23T09:02:00Z
      C="$(tier create --title "VPN down" --email lee@strand.example.edu --priority urgent)" || exit 1
      export TIER_NOW=2026-11-23T09:03:00Z
      tier -q claim "$A" || exit 1
      printf 'A=%s\nB=%s\nC=%s\n' "$A" "$B" "$C" >.git/ids
    ) || return 1
    mv "$template.tmp" "$template"
  fi
  cp -a "$template" "$BATS_TEST_TMPDIR/store" && cd "$BATS_TEST_TMPDIR/store" || return 1
  source .git/ids
  export TIER_NOW=2026-11-23T10:00:00Z
}

@test "names: completion offers note, and short names where an agent goes" {
  source <(tier completion bash)
  complete_words() {
    COMP_WORDS=("$TIER_BIN" "$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE="${COMP_WORDS[*]}"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _tier || true
    [[ ${#COMPREPLY[@]} -eq 0 ]] || printf '%s\n' "${COMPREPLY[@]}" | sort
  }
  run -0 complete_words no
  expect_output <<'EOF'
note
notify
EOF
  run -0 complete_words note "$A" --
  [[ "$output" == *--message* && "$output" == *--file* && "$output" == *--attach* ]]
  run -0 complete_words assign "$A" a
  expect_output <<'EOF'
admin
alice
alice@example.edu
EOF
  run -0 complete_words list --assignee c
  expect_output <<'EOF'
carol
carol@example.edu
EOF
  run -0 complete_words --agent e
  expect_output <<'EOF'
erin
erin@example.edu
EOF
  run -0 tier __complete agents d
  expect_output <<'EOF'
dave
dave@example.edu
EOF
}

@test "names: completion goes on after a comma in a list" {
  source <(tier completion bash)
  complete_words() {
    COMP_WORDS=("$TIER_BIN" "$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE="${COMP_WORDS[*]}"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _tier || true
    [[ ${#COMPREPLY[@]} -eq 0 ]] || printf '%s\n' "${COMPREPLY[@]}" | sort
  }
  run -0 complete_words list --status new,o
  [[ "$output" == new,open ]]
  run -0 complete_words list --priority low,high,u
  [[ "$output" == low,high,urgent ]]
  run -0 complete_words list --assignee alice,c
  expect_output <<'EOF2'
alice,carol
alice,carol@example.edu
EOF2
  # --group=a,b arrives as three words: --group, =, a,b.
  run -0 complete_words list --group = service-desk,c
  expect_output <<'EOF2'
service-desk,cn-accounts
service-desk,cx-tier2
EOF2
  # A value that takes no list is completed whole, as before.
  run -0 complete_words escalate "$A" --to cx
  [[ "$output" == cx-tier2 ]]

  if command -v zsh >/dev/null; then
    # compadd and compset stood in for, as in completion.bats: compset -P
    # moves what its pattern matches out of the word, zsh's way.
    tier completion zsh >_tier
    cat >zdrive.zsh <<'EOF2'
compdef() { : }
compset() { [[ $1 == -P ]] && PREFIX=${PREFIX##${~2}} }
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
EOF2
    run -0 zsh -f zdrive.zsh "$TIER_BIN" list --status new,o
    [[ "$output" == open ]]
    run -0 zsh -f zdrive.zsh "$TIER_BIN" list --owner=alice,ca
    expect_output <<'EOF2'
carol
carol@example.edu
EOF2
  fi

  if command -v fish >/dev/null; then
    tier completion fish >tier.fish
    local path="$(dirname "$TIER_BIN")"
    run -0 fish -c "set PATH $path \$PATH; source tier.fish; complete -C 'tier list --status new,o'"
    [[ "$output" == new,open ]]
    run -0 fish -c "set PATH $path \$PATH; source tier.fish; complete -C 'tier list --group=service-desk,c'"
    expect_output <<'EOF2'
--group=service-desk,cn-accounts
--group=service-desk,cx-tier2
EOF2
  fi
}
