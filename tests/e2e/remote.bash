# The shared-store story over a real git server, the cases that
# remote_ssh.bats and remote_http.bats both run (`load helpers`,
# `load servers`, `load remote`). Each starts from remote_team: a (alice)
# and b (carol) in sync with the server, which knows who pushes from the
# login alone, and alice's ticket $ID, new.

ROUNDS="${TIER_REMOTE_RACE_ROUNDS:-3}"

# Two clones sync: a ticket created in a is pushed at once and reaches b by
# `tier sync`; b's note reaches a the same way; the server equals both.
case_two_clones_sync() {
  run -0 --separate-stderr tier -C a create --title "Scanner offline" --email lee@strand.example.edu
  local id="$output"
  [[ "$id" == T-???????? ]]
  [[ "$(server_main)" == "$(git -C a rev-parse HEAD)" ]]
  run -3 tier -C b show "$id"
  run -0 --separate-stderr tier -C b sync
  [[ -z "$output" ]]
  expect_stderr <<<"fast-forwarded from origin; nothing to push"
  run -0 ticket_fields -C b "$id" id status title
  expect_output <<EOF
id=$id
status=new
title=Scanner offline
EOF
  expect_all_same

  run -0 --separate-stderr tier -C b comment "$id" --private -m "Seen it before."
  expect_stderr <<<"private note added to $id"
  [[ "$(server_main)" == "$(git -C b rev-parse HEAD)" ]]
  run -0 --separate-stderr tier -C a sync
  expect_stderr <<<"fast-forwarded from origin; nothing to push"
  expect_all_same
  run -0 git -C server.git log --format='%ae %s' -2 main
  expect_output <<EOF
carol@example.edu comment $id: Scanner offline
alice@example.edu create $id: Scanner offline
EOF
  run -0 --separate-stderr tier -C server.git check
  [[ "$stderr" == "checked 2 tickets and the config: no problems" ]]
  (cd a && expect_clean_status)
  (cd b && expect_clean_status)
}

# One round of the race: alice in a and carol in b claim ticket $1 at once;
# one exits 0, the other 4 naming the winner, and the server's ticket has
# one claim that counts, the winner's.
claim_race_round() {
  local id="$1" title="$2"
  local err_a="$BATS_TEST_TMPDIR/claim-a.err" err_b="$BATS_TEST_TMPDIR/claim-b.err"
  tier -C a claim "$id" 2>"$err_a" &
  local pid_a=$!
  tier -C b claim "$id" 2>"$err_b" &
  local pid_b=$!
  local rc_a=0 rc_b=0
  wait "$pid_a" || rc_a=$?
  wait "$pid_b" || rc_b=$?
  local winner winner_err loser_err
  if [[ "$rc_a" == 0 && "$rc_b" == 4 ]]; then
    winner=alice@example.edu winner_err="$err_a" loser_err="$err_b"
  elif [[ "$rc_a" == 4 && "$rc_b" == 0 ]]; then
    winner=carol@example.edu winner_err="$err_b" loser_err="$err_a"
  else
    echo "exits a=$rc_a b=$rc_b, not one 0 and one 4" >&2
    echo "a: $(cat "$err_a")" >&2
    echo "b: $(cat "$err_b")" >&2
    return 1
  fi
  local winner_says loser_says
  winner_says="$(cat "$winner_err")"
  loser_says="$(cat "$loser_err")"
  expect_output winner_says <<<"claimed $id: $title"
  expect_output loser_says <<<"tier: error: '$id' is already claimed by '$winner'"
  run -0 server_claims "$id"
  [[ "$output" == "\"$winner\"" ]]
  run -0 ticket_fields -C server.git "$id" status assignee
  expect_output <<EOF
status=open
assignee=$winner
EOF
}

# A claim race has exactly one winner, round after round.
case_claim_race() {
  claim_race_round "$ID" "Printer jams"
  local n id
  for ((n = 2; n <= ROUNDS; n++)); do
    id="$(tier -C a create -q --title "Race $n" --email dana.ruiz@milne.example.edu)"
    tier -C b -q sync
    claim_race_round "$id" "Race $n"
  done
  run -0 --separate-stderr tier -C server.git check
  [[ "$stderr" == "checked $ROUNDS tickets and the config: no problems" ]]
  tier -C a -q sync
  tier -C b -q sync
  expect_all_same
}

# Expects the last `run` to be a plain git push the server refused by rule
# $1, with the server's main still $2.
expect_refused_push() {
  [[ "$status" != 0 ]]
  if [[ "$stderr" != *"refused by rule '$1'"* ]]; then
    echo "stderr does not name rule '$1':" >&2
    echo "$stderr" >&2
    return 1
  fi
  [[ "$stderr" == *"! [remote rejected] main -> main (pre-receive hook declined)"* ]]
  [[ "$(server_main)" == "$2" ]]
}

# A forged plain `git push`: the header's status changed by hand with no log
# entry, committed and pushed past the client's hooks, is refused.
case_forged_push() {
  local before
  before="$(server_main)"
  sed -i 's/^status = "new"$/status = "open"/' "a/$FILE"
  [[ "$(git -C a diff --numstat)" == "1	1	$FILE" ]]
  git -C a commit -q --no-verify -am "open it by hand"
  run --separate-stderr git -C a push --no-verify origin main
  expect_refused_push replay "$before"
  [[ "$stderr" == *"$FILE:4: refused by rule 'replay': 'status' differs from the replay of the log"* ]]
  run -0 tier -C server.git check
}

# An entry in another agent's name: carol, logged in as herself, pushes a
# note written by hand in alice's name (valid otherwise, the header
# replayed): refused by rule pusher. Logged in as alice, the same commit
# goes through: who pushes is the login, nothing the client says.
case_entry_in_another_name() {
  local before at
  before="$(server_main)"
  at="$(now_stamp)"
  printf '\n[[log]]\nat = %s\nby = "alice@example.edu"\nevent = "comment"\nvisibility = "private"\ntext = "%s"\n' \
    "$at" "Written by carol." >>"b/$FILE"
  sed -i "s/^updated = .*/updated = $at/" "b/$FILE"
  run -0 tier -C b --no-sync check
  # The client's hooks know no pusher: they let it through.
  git -C b commit -q -am "a note by alice"
  run --separate-stderr git -C b push origin main
  expect_refused_push pusher "$before"
  [[ "$stderr" == *"$FILE:"[0-9]*": refused by rule 'pusher': log entry 2 (comment) is by 'alice@example.edu' but was pushed by 'carol@example.edu'"* ]]
  connect_clone b alice@example.edu
  run -0 --separate-stderr git -C b push -q origin main
  [[ "$(server_main)" == "$(git -C b rev-parse HEAD)" ]]
  run -0 tier -C server.git check
}

# A login the server refuses is a refused push, not an offline clone: the
# claim exits 7, the server has no claim, and the clone's branch is back at
# the server's, its commit kept under refs/tier/refused/.
case_refused_login() {
  local before
  before="$(server_main)"
  connect_clone_refused a
  run -7 --separate-stderr tier -C a claim "$ID"
  [[ "$stderr" == "tier: error: "* ]]
  [[ "$(server_main)" == "$before" ]]
  [[ "$(git -C a rev-parse HEAD)" == "$before" ]]
  run -0 server_claims "$ID"
  [[ -z "$output" ]]
  run -0 git -C a for-each-ref --format='%(refname)' refs/tier/refused/
  [[ "${#lines[@]}" == 1 ]]
  [[ "$(git -C a log -1 --format=%s "${lines[0]}")" == "claim $ID: Printer jams" ]]
  (cd a && expect_clean_status)
}
