#!/usr/bin/env bats
# The progress line of a long first read of the store (the first list,
# search or report in a clone): on stderr, only when stdout or stderr is a
# terminal, never with --json or -q, in place on a terminal stderr and one
# line otherwise. `script` gives the command a terminal; TIER_PROGRESS_DELAY=0
# makes a read of three tickets long enough to be reported.

load helpers

setup() {
  tier_setup
  new_store
  export TIER_NOW=2026-11-23T09:00:00Z
  for title in "Printer jams" "Monitor flickers" "Laptop drops Wi-Fi"; do
    tier -q create --title "$title" --email dana.ruiz@milne.example.edu >/dev/null
  done
  rm -f .git/tier/cache.sqlite*
  export TIER_PROGRESS_DELAY=0
}

# Runs "$@" with stdout and stderr on a terminal; `output` is what it showed.
on_terminal() {
  local cmd
  printf -v cmd '%q ' "$@"
  run -0 script -qec "$cmd" /dev/null
}

indexing=$'\r''tier: indexing tickets for search: 100% (3/3), done'
reports=$'\r''tier: reading tickets for reports: 100% (3/3), done'

@test "the first search on a terminal shows its progress in place, then done" {
  on_terminal "$TIER_BIN" search printer
  [[ "$output" == *$'\r''tier: indexing tickets for search: 0% (0/3)'* ]]
  [[ "$output" == *"$indexing"* ]]
  [[ "$output" == *"Printer jams"* ]]
  # The index is built: no second line.
  on_terminal "$TIER_BIN" search printer
  [[ "$output" != *"tier: indexing"* ]]
}

@test "the first report and the first list show theirs" {
  on_terminal "$TIER_BIN" list
  [[ "$output" == *$'\r''tier: reading tickets into the cache: 100% (3/3), done'* ]]
  on_terminal "$TIER_BIN" stats
  [[ "$output" == *"$reports"* ]]
  [[ "$output" == *"created "* ]]
  on_terminal "$TIER_BIN" report --html "$BATS_TEST_TMPDIR/report.html"
  [[ "$output" != *"tier: reading"* ]]
  rm -f .git/tier/cache.sqlite*
  on_terminal "$TIER_BIN" report --html "$BATS_TEST_TMPDIR/report.html"
  [[ "$output" == *"$reports"* ]]
}

@test "with only stdout a terminal, the progress is one line on stderr at the end" {
  on_terminal sh -c '"$0" search printer 2>"$1"' "$TIER_BIN" "$BATS_TEST_TMPDIR/err"
  [[ "$output" == *"Printer jams"* ]]
  [ "$(cat "$BATS_TEST_TMPDIR/err")" == "tier: indexing tickets for search: 100% (3/3), done" ]
}

@test "with only stderr a terminal, the progress shows there" {
  on_terminal sh -c '"$0" search --format ids printer >"$1"' "$TIER_BIN" "$BATS_TEST_TMPDIR/out"
  [[ "$output" == *"$indexing"* ]]
  [ "$(wc -l <"$BATS_TEST_TMPDIR/out")" -eq 1 ]
}

@test "no progress without a terminal, with --json or with -q" {
  run -0 --separate-stderr tier search printer
  [[ -z "$stderr" ]]
  rm -f .git/tier/cache.sqlite*
  on_terminal "$TIER_BIN" --json stats
  [[ "$output" != *"tier: reading"* ]]
  rm -f .git/tier/cache.sqlite*
  on_terminal "$TIER_BIN" -q search printer
  [[ "$output" != *"tier: indexing"* ]]
}

@test "a read that takes less than a second shows nothing" {
  unset TIER_PROGRESS_DELAY
  on_terminal "$TIER_BIN" search printer
  [[ "$output" != *"tier: indexing"* ]]
}
