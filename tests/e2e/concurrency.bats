#!/usr/bin/env bats
# Many tier processes on one clone serialize on the store's lock, and a
# process killed at any point leaves the old state or the new, never half.

load helpers

setup() {
  tier_setup
  new_store
  ID="$(TIER_NOW=2026-01-05T09:00:00Z tier create --title "Printer jams" --email dana.ruiz@milne.example.edu)"
  FILE="$(ticket_file "$ID")"
}

# Starts 20 `tier comment` processes at once and waits for them all; each
# must succeed.
twenty_comments() {
  local n pids=()
  for n in $(seq 20); do
    tier comment "$ID" -q -m "comment $n" &
    pids+=($!)
  done
  local pid failed=0
  for pid in "${pids[@]}"; do
    wait "$pid" || failed=$((failed + 1))
  done
  [[ "$failed" == 0 ]]
}

expect_twenty() {
  run -0 entry_count "$ID" comment
  [[ "$output" == 20 ]]
  run -0 entry_count "$ID"
  [[ "$output" == 21 ]]
  # init, create and one commit per comment
  run -0 commit_count
  [[ "$output" == 22 ]]
  run -0 git log --format=%s -20
  [[ "$(grep -c "^comment $ID: Printer jams\$" <<<"$output")" == 20 ]]
  # each text exactly once
  run -0 tier log "$ID" --json
  run -0 python3 -c '
import json, sys
texts = sorted(e["text"] for e in json.loads(sys.argv[1]) if e["event"] == "comment")
assert texts == sorted("comment %d" % n for n in range(1, 21)), texts
' "$output"
  diff -u <(git show "HEAD:$FILE") "$FILE"
  expect_clean_status
}

@test "20 comments at once, fixed clock: 20 entries, 20 commits, a clean store" {
  export TIER_NOW=2026-01-05T10:00:00Z
  twenty_comments
  expect_twenty
  run -0 tier check
}

@test "20 comments at once, real clock: the log stays in time order" {
  twenty_comments
  expect_twenty
  run -0 --separate-stderr tier check
  [[ -z "$output" ]]
}

@test "10 creates at once: 10 tickets, 10 commits, a clean store" {
  local n pids=() pid
  for n in $(seq 10); do
    tier create --title "Ticket $n" --email lee@strand.example.edu >"$BATS_TEST_TMPDIR/id.$n" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do
    wait "$pid"
  done
  run -0 commit_count
  [[ "$output" == 12 ]]
  [[ "$(cat "$BATS_TEST_TMPDIR"/id.* | sort -u | wc -l)" == 10 ]]
  run -0 tier list --format ids
  [[ "${#lines[@]}" == 11 ]]
  run -0 tier check
  expect_clean_status
}

# Waits until another process holds the store's lock.
lock_taken() {
  local tries=0
  while flock -n .git/tier/lock true; do
    ((tries++ < 200)) || return 1
    sleep 0.05
  done
}

@test "a change waits for the lock another process holds" {
  command -v flock >/dev/null || skip "no flock(1)"
  mkdir -p .git/tier
  flock .git/tier/lock sleep 2 &
  local holder=$!
  lock_taken
  local t0=$EPOCHREALTIME
  run -0 tier comment "$ID" -m "after the lock"
  local t1=$EPOCHREALTIME
  # it waited for the holder's two seconds to end (most of them left when it started)
  (((${t1/./} - ${t0/./}) > 1000000))
  wait "$holder"
  run -0 entry_count "$ID" comment
  [[ "$output" == 1 ]]
  expect_clean_status
}

@test "reads do not wait for the lock" {
  command -v flock >/dev/null || skip "no flock(1)"
  mkdir -p .git/tier
  flock .git/tier/lock sleep 60 &
  local holder=$!
  lock_taken
  run -0 timeout 2 "$TIER_BIN" show "$ID" --json
  run -0 timeout 2 "$TIER_BIN" list --format ids
  [[ "$output" == "$ID" ]]
  # the lock was held all along
  ! flock -n .git/tier/lock true
  pkill -P "$holder" sleep
  wait "$holder" || true  # flock ends with its command's signal
}

@test "a comment killed with SIGKILL at any point leaves the store before or after" {
  # Kill points spread over the run time of one comment, measured here.
  local t0=$EPOCHREALTIME
  tier comment "$ID" -q -m "timing"
  local t1=$EPOCHREALTIME
  local -i span=$(((${t1/./} - ${t0/./}) * 12 / 10000))  # ms, plus a fifth
  ((span > 0)) || span=1
  local round before after pid
  local -i grew=0 same=0 start
  start="$(commit_count)"
  for round in $(seq 30); do
    before="$(entry_count "$ID" comment)"
    {
      # the binary itself, not the tier function: the kill must reach it
      "$TIER_BIN" comment "$ID" -q -m "round $round" &
      pid=$!
      sleep "$(printf '0.%03d' $((RANDOM % span)))"
      kill -9 "$pid" || true
      wait "$pid" || true
    } 2>/dev/null
    after="$(entry_count "$ID" comment)"
    if [[ "$after" == "$before" ]]; then
      same+=1
    elif [[ "$after" == $((before + 1)) ]]; then
      grew+=1
    else
      echo "round $round: $before comments before, $after after" >&2
      return 1
    fi
    # the committed store is whole ...
    run -0 --separate-stderr tier check
    [[ -z "$output" ]]
    # ... and once a tier command has run, the work tree and index follow it
    expect_clean_status
    diff -u <(git show "HEAD:$FILE") "$FILE"
    [[ -z "$(find . -name '*.tier-tmp' -not -path './.git/*')" ]]
  done
  echo "# kills over ${span} ms: $grew rounds committed, $same did not" >&3
  run -0 commit_count
  [[ "$output" == $((start + grew)) ]]
}

@test "a change interrupted after the commit is finished by the next command" {
  # What a process killed between moving the branch and writing the work
  # tree leaves: the branch ahead of the work tree, and the journal.
  tier comment "$ID" -m "first"
  local file_before
  file_before="$(cat "$FILE")"
  tier comment "$ID" -m "second"
  printf '%s\n' "$file_before" >"$FILE"
  git add "$FILE"
  [[ -n "$(git status --porcelain)" ]]
  echo "$FILE" >.git/tier/journal
  run -0 --separate-stderr tier list --format ids
  [[ "$output" == "$ID" ]]
  [[ ! -e .git/tier/journal ]]
  diff -u <(git show "HEAD:$FILE") "$FILE"
  expect_clean_status
}
