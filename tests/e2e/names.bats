#!/usr/bin/env bats
# Less typing: short names of agents from the config's [agents] wherever an
# agent is named, their display names in `show`; `tier note` for a private
# note; comma lists in the filters of list, queue and search; completion of
# `note` and of short names. The example config (`tier init --example`) has
# [agents] with alice, bob, carol, dave, erin and admin.

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

# The value of a header key of a ticket's committed file (above its first table).
field() {
  git show "HEAD:$(ticket_file "$1")" | sed -n -e '/^\[/q' -e "s/^$2 = \"\\(.*\\)\"\$/\\1/p"
}

@test "names: a short name as --agent, as TIER_AGENT, and in assign" {
  TIER_AGENT=carol run -0 tier claim "$B"
  [[ "$(field "$B" assignee)" == carol@example.edu ]]
  # The commit is authored by the address, with the display name.
  [[ "$(git log -1 --format='%an <%ae>')" == "Carol Chen <carol@example.edu>" ]]
  run -0 tier --agent carol assign "$C" alice
  [[ "$(field "$C" assignee)" == alice@example.edu ]]
  run -0 git show "HEAD:$(ticket_file "$C")"
  [[ "$output" == *'by = "carol@example.edu"'* ]]
  [[ "$output" == *'assignee = "alice@example.edu"'* ]]
  # An address still works, in any case.
  run -0 tier --agent Carol@Example.EDU assign "$C" CAROL@example.edu
  [[ "$(field "$C" assignee)" == carol@example.edu ]]
}

@test "names: a short name in appoint --technician" {
  run -0 tier appoint "$A" --at 2026-11-24T14:00:00Z --technician dave --place "Strand Ag B12"
  [[ "$(field "$A" assignee)" == dave@example.edu ]]
  run -0 git show "HEAD:$(ticket_file "$A")"
  [[ "$output" == *'technician = "dave@example.edu"'* ]]
}

@test "names: an unknown short name fails with exit 3, naming it" {
  run -3 --separate-stderr tier --agent zed claim "$B"
  expect_stderr <<'EOF'
tier: error: unknown agent 'zed'
hint: name an agent by address, or by a short name from [agents] in tier-config(5)
EOF
  TIER_AGENT=zed run -3 --separate-stderr tier claim "$B"
  [[ "${stderr_lines[0]}" == "tier: error: unknown agent 'zed'" ]]
  run -3 --separate-stderr tier --agent carol assign "$C" zed
  [[ "${stderr_lines[0]}" == "tier: error: unknown agent 'zed'" ]]
  run -3 --separate-stderr tier appoint "$A" --at 2026-11-24T14:00:00Z --technician zed --place B12
  [[ "${stderr_lines[0]}" == "tier: error: unknown agent 'zed'" ]]
  run -3 --separate-stderr tier list --assignee alice,zed
  [[ "${stderr_lines[0]}" == "tier: error: unknown agent 'zed'" ]]
  run -3 --separate-stderr tier search drops assignee:zed
  [[ "${stderr_lines[0]}" == "tier: error: unknown agent 'zed'" ]]
  [[ "$(commit_count)" == 5 ]]
  # An address that is no agent is not a short name: refused by the rule, as before.
  run -5 --separate-stderr tier --agent zed@example.edu claim "$B"
  [[ "${stderr_lines[0]}" == *"refused by rule 'unknown-agent'"* ]]
}

@test "names: list filters take short names; the table shows them, JSON the addresses" {
  tier -q --agent carol claim "$B"
  run -0 tier list --assignee alice --format ids
  [[ "$output" == "$A" ]]
  run -0 tier list --owner carol --format ids
  [[ "$output" == "$B" ]]
  run -0 tier list --status open
  expect_output <<EOF
ID          STATUS  PRI     ORG     AGE  LEFT  ASSIGNEE  TITLE
$A  open    high    milne   1h   0m    alice     Wi-Fi drops
$B  open    normal  strand  59m  3h1m  carol     Printer jams
EOF
  run -0 tier list --status open --format csv
  [[ "${lines[1]}" == "$A,open,high,1,service-desk,alice@example.edu,alice@example.edu,"* ]]
  run -0 tier list --assignee alice --json
  [[ "$output" == *'"assignee":"alice@example.edu"'* ]]
  run -0 tier search drops assignee:alice --format ids
  [[ "$output" == "$A" ]]
  run -0 tier search printer --owner carol --format ids
  [[ "$output" == "$B" ]]
}

@test "names: show prints the display name with the address; --json and the file keep the address" {
  run -0 tier show "$A"
  [[ "${lines[3]}" == "owner       Alice Adams <alice@example.edu>" ]]
  [[ "${lines[4]}" == "assignee    Alice Adams <alice@example.edu>" ]]
  run -0 tier show "$C"
  [[ "${lines[3]}" == "owner       -" ]]
  [[ "${lines[4]}" == "assignee    -" ]]
  run -0 tier show "$A" --json
  [[ "$output" == *'"owner":"alice@example.edu"'* ]]
  [[ "$(field "$A" owner)" == alice@example.edu ]]
  # An agent without a display name is shown by address.
  sed -i 's/^alice = .*/alice = { email = "alice@example.edu" }/' .tier/config.toml
  commit_by_hand "alice without a name"
  run -0 tier show "$A"
  [[ "${lines[3]}" == "owner       alice@example.edu" ]]
}

@test "names: note is a private comment; the requester's view leaves it out" {
  run -0 --separate-stderr tier note "${A:2:4}" -m "SECRET: the RADIUS server is misconfigured"
  [[ "$stderr" == "private note added to $A" ]]
  run -0 tier show "$A"
  [[ "${lines[-2]}" == "2026-11-23 05:00 EST  alice@example.edu  comment  [private]" ]]
  [[ "${lines[-1]}" == "    SECRET: the RADIUS server is misconfigured" ]]
  run -0 tier show "$A" --as-requester
  [[ "$output" != *SECRET* ]]
  run -0 tier export --as-requester
  [[ "$output" != *SECRET* ]]
  run -0 git show "HEAD:$(ticket_file "$A")"
  [[ "$output" == *'visibility = "private"'* ]]
  # The text from a file, or standard input.
  printf 'From a pipe.\n' | tier -q note "$A" --file -
  [[ "$(entry_count "$A" comment)" == 2 ]]
  run -0 tier log "$A"
  [[ "${lines[-2]}" == "2026-11-23 05:00 EST  alice@example.edu  comment  [private]" ]]
  [[ "${lines[-1]}" == "    From a pipe." ]]
  # No text and no terminal: nothing is asked, nothing is saved.
  run -2 tier note "$A" </dev/null
  [[ "$(entry_count "$A" comment)" == 2 ]]
  run -0 tier note --help
  [[ "$output" == *"add a private note to a ticket"* ]]
}

@test "names: comma lists in list filters: any of the values of each, every filter" {
  run -0 tier list --status new,open --priority high,urgent --sort created --format ids
  expect_output <<EOF
$A
$C
EOF
  # Repeating the option is the same.
  run -0 tier list --status new --status open --priority high --priority urgent --sort created --format ids
  expect_output <<EOF
$A
$C
EOF
  run -0 tier list --status new --priority normal,urgent --sort created --format ids
  expect_output <<EOF
$B
$C
EOF
  run -0 tier list --category printing,accounts --format ids
  [[ "$output" == "$B" ]]
  run -0 tier list --org milne,strand --tier 1,2 --group service-desk,cx-tier2 --format ids
  [[ "${#lines[@]}" == 3 ]]
  run -0 tier list --assignee alice,carol --unassigned --format ids
  [[ -z "$output" ]]
  run -0 tier search jams --status new,open --priority normal,high --format ids
  [[ "$output" == "$B" ]]
  # Unknown values are refused, as they always were.
  run -2 --separate-stderr tier list --status new,opne
  [[ "$stderr" == *"opne not in {new,open,escalated,pending,resolved,closed}"* ]]
  run -2 --separate-stderr tier list --priority high,hgih
  [[ "$stderr" == *"hgih not in {low,normal,high,urgent}"* ]]
  run -2 tier list --tier 1,5
}

@test "names: queue --group takes a comma list" {
  run -0 tier queue --group service-desk,cx-tier2 --sort created --format ids
  expect_output <<EOF
$B
$C
EOF
  run -3 --separate-stderr tier queue --group service-desk,nope
  [[ "$stderr" == "tier: error: no such group 'nope'" ]]
}

@test "names: a bad [agents] is a config error with its line, exit 6" {
  sed -i 's/^bob = { email/Bob = { email/' .tier/config.toml
  commit_by_hand "break [agents]"
  local line
  line="$(grep -n '^Bob = ' .tier/config.toml | cut -d: -f1)"
  run -6 --separate-stderr tier claim "$B"
  [[ "$stderr" == "tier: error: .tier/config.toml:$line:1: bad short name 'Bob' in [agents]: use a lower-case letter, then up to 31 letters, digits, '.', '_' or '-'" ]]
  # Reading still works, by address.
  run -0 tier show "$A"
  [[ "${lines[3]}" == "owner       alice@example.edu" ]]
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
