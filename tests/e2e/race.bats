#!/usr/bin/env bats
# Two clones claim one ticket at the same moment, round after round: each
# claim pulls, commits and pushes before it reports success, so exactly one
# wins (exit 0) and the other fails with exit 4 naming the winner; the
# server's ticket has exactly one claim that counts, and stays valid.
#
# A few rounds in the test run prove the wiring; the soak that hunts rare
# interleavings is a separate command (README):
#   TIER_RACE_ROUNDS=200 ctest --test-dir build/asan -R e2e-race

load helpers

ROUNDS="${TIER_RACE_ROUNDS:-5}"

setup() {
  tier_setup
  new_hooked_team
}

# One round: a ticket created in a (and pushed), b synced, then alice in a
# and carol in b claim it at once. Records the winner in $BATS_TEST_TMPDIR/winners.
race_round() {
  local n="$1" id file
  id="$(tier -C a create -q --title "Race $n" --email dana.ruiz@milne.example.edu)"
  file="$(ticket_file "$id")"
  tier -C b -q sync
  local out_a="$BATS_TEST_TMPDIR/claim-a.err" out_b="$BATS_TEST_TMPDIR/claim-b.err"
  tier -C a --agent alice@example.edu claim "$id" 2>"$out_a" &
  local pid_a=$!
  tier -C b --agent carol@example.edu claim "$id" 2>"$out_b" &
  local pid_b=$!
  local rc_a=0 rc_b=0
  wait "$pid_a" || rc_a=$?
  wait "$pid_b" || rc_b=$?

  local winner winner_err loser_err
  if [[ "$rc_a" == 0 && "$rc_b" == 4 ]]; then
    winner=alice@example.edu winner_err="$out_a" loser_err="$out_b"
  elif [[ "$rc_a" == 4 && "$rc_b" == 0 ]]; then
    winner=carol@example.edu winner_err="$out_b" loser_err="$out_a"
  else
    echo "round $n: exits a=$rc_a b=$rc_b, not one 0 and one 4" >&2
    echo "a: $(cat "$out_a")" >&2
    echo "b: $(cat "$out_b")" >&2
    return 1
  fi
  # Exactly these words, nothing else (no warning, no void entry to report).
  local expected="tier: error: '$id' is already claimed by '$winner'"
  if [[ "$(cat "$loser_err")" != "$expected" || "$(cat "$winner_err")" != "claimed $id: Race $n" ]]; then
    echo "round $n: the winner says:" >&2
    cat "$winner_err" >&2
    echo "the loser says:" >&2
    cat "$loser_err" >&2
    echo "expected the loser to say: $expected" >&2
    return 1
  fi
  # The server's ticket: one claim that counts, by the winner.
  local text
  text="$(git -C server.git show "main:$file")"
  local claims
  claims="$(awk '
    /^\[\[log\]\]$/ { if (claim && !void) print by; claim = 0; void = 0; by = ""; next }
    /^event = "claim"$/ { claim = 1 }
    /^void = / { void = 1 }
    /^by = / { by = $3 }
    END { if (claim && !void) print by }' <<<"$text")"
  if [[ "$claims" != "\"$winner\"" ]] || ! grep -qx "assignee = \"$winner\"" <<<"$text" ||
    ! grep -qx 'status = "open"' <<<"$text"; then
    echo "round $n: the server's ticket, whose claims that count are: $claims" >&2
    echo "$text" >&2
    return 1
  fi
  echo "$winner" >>"$BATS_TEST_TMPDIR/winners"
}

@test "$ROUNDS rounds of two claims at once: one wins, the other exits 4 naming the winner" {
  local n
  for n in $(seq "$ROUNDS"); do
    race_round "$n"
  done
  run -0 --separate-stderr tier -C server.git check
  [[ "$stderr" == "checked $ROUNDS tickets and the config: no problems" ]]
  # Both clones end with the server's state, and agree.
  tier -C a -q sync
  tier -C b -q sync
  [[ "$(git -C a rev-parse HEAD)" == "$(git -C server.git rev-parse main)" ]]
  [[ "$(git -C b rev-parse HEAD)" == "$(git -C server.git rev-parse main)" ]]
  run -0 tier -C a check
  run -0 tier -C b check
  (cd a && expect_clean_status)
  (cd b && expect_clean_status)
  # Every ticket open with one assignee; who won how often is up to the scheduler.
  run -0 tier -C a list --status open --format ids
  [[ "${#lines[@]}" == "$ROUNDS" ]]
  echo "# winners: $(sort "$BATS_TEST_TMPDIR/winners" | uniq -c | tr '\n' ' ')" >&3
}
