#!/usr/bin/env bats
# The hooks enforce the rules on hand edits and raw pushes: the server's
# pre-receive refuses a push that breaks one, naming the rule, and leaves
# main as it was; the client's pre-commit refuses such a commit early. A
# valid hand edit, written in the ticket file's own format with the header
# equal to the replay, goes through.
#
# One real push per kind of refusal proves the wiring: a rule on a ticket
# file's history (append-only), a workflow rule on a new entry, the
# pusher, the admin's files, the server's clock, the branch's deletion.
# Every other history rule is tested in memory against core, on the same
# story and the same hand edits (tests/unit/history_test.cpp, "hooks.bats
# in memory").

load helpers

# A ticket created, claimed, given a private note and a public comment by
# alice in a, all pushed; prints its id.
story() {
  export TIER_NOW=2026-11-23T10:00:00Z
  local id
  id="$(tier -C a create --title "Printer jams" --email dana.ruiz@milne.example.edu)"
  export TIER_NOW=2026-11-23T10:05:00Z
  tier -C a -q claim "$id"
  export TIER_NOW=2026-11-23T10:10:00Z
  tier -C a -q comment "$id" --private -m "Toner sensor again."
  tier -C a -q comment "$id" -m "We are looking at it."
  echo "$id"
}

setup() {
  tier_setup
  new_hooked_team_cached story
  ID="$(cat prepared)"
  FILE="$(ticket_file "$ID")"
  # The hooks take their clock from TIER_NOW as the commands do.
  export TIER_NOW=2026-11-23T10:20:00Z
  SERVER_MAIN="$(git -C server.git rev-parse main)"
  [[ "$SERVER_MAIN" == "$(git -C a rev-parse HEAD)" ]]
  [[ -n "$ID" && -f "a/$FILE" ]]
}

# Commits a's work tree by hand, skipping the client's pre-commit hook.
commit_in_a() {
  git -C a add -A && git -C a commit -q --no-verify -m "${1:-by hand}"
}

# Pushes a's main with plain git, skipping the client's pre-push hook, and
# expects the server to refuse it by rule $1: exit non-zero, the rule named
# on stderr (left in $stderr), the server's main unchanged and valid.
push_refused() {
  run --separate-stderr git -C a push --no-verify origin main
  [[ "$status" != 0 ]]
  if [[ "$stderr" != *"refused by rule '$1'"* ]]; then
    echo "stderr does not name rule '$1':" >&2
    echo "$stderr" >&2
    return 1
  fi
  [[ "$stderr" == *"! [remote rejected] main -> main (pre-receive hook declined)"* ]]
  [[ "$(git -C server.git rev-parse main)" == "$SERVER_MAIN" ]]
  # Not with `run`: the push's $stderr stays for the caller to look at.
  tier -C server.git -q check
}

# The line of a file's $2-th [[log]] table (from 1), as the hooks name it.
log_line() {
  grep -n '^\[\[log\]\]$' "$1" | sed -n "${2}p" | cut -d: -f1
}

# Appends a log entry (the lines given, after [[log]]) to a's ticket file
# and sets the header's `updated` to the entry's time ($1).
append_entry() {
  local at="$1"
  shift
  {
    printf '\n[[log]]\nat = %s\n' "$at"
    printf '%s\n' "$@"
  } >>"a/$FILE"
  sed -i "s/^updated = .*/updated = $at/" "a/$FILE"
}

@test "a log entry whose text was rewritten: refused by rule append-only" {
  sed -i 's/^text = "We are looking at it."$/text = "We fixed it yesterday."/' "a/$FILE"
  [[ "$(git -C a diff --numstat)" == "1	1	$FILE" ]]
  commit_in_a "rewrite history"
  push_refused append-only
  [[ "$stderr" == *"$FILE:$(log_line "a/$FILE" 4): refused by rule 'append-only': log entry 4 (comment by alice@example.edu) was changed or removed; the log is append-only"* ]]
}

@test "deleting the branch of tickets: refused by git, and by rule append-only without git's guard" {
  run --separate-stderr git -C a push --no-verify origin :main
  [[ "$status" != 0 ]]
  [[ "$(git -C server.git rev-parse main)" == "$SERVER_MAIN" ]]
  # hooks install --server set git's own guards; without them, the hook refuses.
  [[ "$(git -C server.git config receive.denyDeletes)" == true ]]
  git -C server.git config receive.denyDeletes false
  git -C server.git config receive.denyDeleteCurrent ignore
  run --separate-stderr git -C a push --no-verify origin :main
  [[ "$status" != 0 ]]
  [[ "$stderr" == *"refs/heads/main: refused by rule 'append-only': the branch of tickets is never deleted"* ]]
  [[ "$(git -C server.git rev-parse main)" == "$SERVER_MAIN" ]]
}

@test "an entry in another agent's name, with server.pusher_env set: refused by rule pusher" {
  # An admin tells the server where the git server puts the authenticated user.
  sed -i 's/^pusher_env = ""/pusher_env = "TIER_PUSHER"/' a/.tier/config.toml
  git -C a add .tier/config.toml
  git -C a -c user.name="IT Admin" -c user.email=it-admin@example.edu commit -q -m "the server knows its pusher"
  TIER_PUSHER=it-admin@example.edu run -0 git -C a push -q origin main
  SERVER_MAIN="$(git -C server.git rev-parse main)"
  [[ "$SERVER_MAIN" == "$(git -C a rev-parse HEAD)" ]]

  # alice pushes a note written by hand in bob's name.
  append_entry 2026-11-23T10:20:00Z 'by = "bob@example.edu"' 'event = "comment"' 'visibility = "private"' \
    'text = "Forged by alice."'
  run -0 tier -C a --no-sync check
  git -C a add -A
  git -C a commit -q -m "a note by bob"
  export TIER_PUSHER=alice@example.edu
  push_refused pusher
  [[ "$stderr" == *"$FILE:$(log_line "a/$FILE" 5): refused by rule 'pusher': log entry 5 (comment) is by 'bob@example.edu' but was pushed by 'alice@example.edu'"* ]]
  # Pushed by bob, the same commit is his own note.
  TIER_PUSHER=bob@example.edu run -0 git -C a push -q origin main
  [[ "$(git -C server.git rev-parse main)" == "$(git -C a rev-parse HEAD)" ]]
  run -0 tier -C server.git check
}

@test "a config change by an agent who is not an admin: refused by rule admin-only" {
  sed -i 's/^public_comments_by = "owner"/public_comments_by = "any"/' a/.tier/config.toml
  git -C a add .tier/config.toml
  git -C a -c user.email=alice@example.edu commit -q --no-verify -m "let everyone write"
  push_refused admin-only
  [[ "$stderr" == *".tier/config.toml: refused by rule 'admin-only': only an admin may change '.tier/config.toml'; 'alice@example.edu' is not one"* ]]
  # The client's pre-commit says so first.
  git -C a reset -q --soft HEAD^
  run --separate-stderr git -C a -c user.email=alice@example.edu commit -q -m "let everyone write"
  [[ "$status" != 0 ]]
  [[ "$stderr" == *"refused by rule 'admin-only'"* ]]
  [[ "$(git -C a rev-parse HEAD)" == "$SERVER_MAIN" ]]
  # By the admin it goes through.
  git -C a -c user.name="IT Admin" -c user.email=it-admin@example.edu commit -q -m "let everyone write"
  run -0 git -C a push -q origin main
  [[ "$(git -C server.git rev-parse main)" == "$(git -C a rev-parse HEAD)" ]]
}

@test "a new entry that breaks a workflow rule, header correct: refused by that rule" {
  # bob is no member of the service desk: he may not claim from its queue.
  ID2="$(tier -C a create --title "Scanner" --email lee@strand.example.edu)"
  FILE2="$(ticket_file "$ID2")"
  SERVER_MAIN="$(git -C server.git rev-parse main)"
  printf '\n[[log]]\nat = 2026-11-23T10:20:00Z\nby = "bob@example.edu"\nevent = "claim"\n' >>"a/$FILE2"
  sed -i -e 's/^status = .*/status = "open"/' -e 's/^assignee = .*/assignee = "bob@example.edu"/' \
    -e 's/^owner = .*/owner = "bob@example.edu"/' "a/$FILE2"
  run -0 tier -C a --no-sync check
  commit_in_a "bob claims"
  push_refused not-member
  [[ "$stderr" == *"$FILE2:$(log_line "a/$FILE2" 2): refused by rule 'not-member': log entry 2 (claim): 'bob@example.edu' is not a member of 'service-desk'"* ]]
}

@test "an entry dated ahead of the server's clock: refused by rule clock-skew" {
  TIER_NOW=2026-11-23T11:00:00Z tier -C a --no-sync comment "$ID" --private -m "from the future"
  push_refused clock-skew
  [[ "$stderr" == *"refused by rule 'clock-skew': log entry 5 (comment) is dated 2026-11-23T11:00:00Z, ahead of the server's clock"* ]]
  # Within server.max_skew (5 minutes) it is accepted.
  git -C a reset -q --hard "$SERVER_MAIN"
  TIER_NOW=2026-11-23T10:25:00Z tier -C a --no-sync comment "$ID" --private -m "a little ahead"
  run -0 git -C a push -q origin main
}

@test "a valid hand edit, a note appended with the header's updated set, is accepted by plain git" {
  append_entry 2026-11-23T10:20:00Z 'by = "alice@example.edu"' 'event = "comment"' 'visibility = "private"' \
    'text = """' 'Called Dana: the tray is cracked.' 'Ordering a new one."""'
  run -0 tier -C a --no-sync check
  git -C a add -A
  # Both client hooks run, and pass.
  run -0 --separate-stderr git -C a commit -q -m "a note by hand"
  run -0 --separate-stderr git -C a push -q origin main
  [[ "$(git -C server.git rev-parse main)" == "$(git -C a rev-parse HEAD)" ]]
  run -0 tier -C server.git check
  run -0 tier -C b sync
  run -0 tier -C b log "$ID"
  expect_output <<'EOF'
2026-11-23 10:00 UTC  alice@example.edu  create in service-desk
2026-11-23 10:05 UTC  alice@example.edu  claim
2026-11-23 10:10 UTC  alice@example.edu  comment  [private]
    Toner sensor again.
2026-11-23 10:10 UTC  alice@example.edu  comment
    We are looking at it.
2026-11-23 10:20 UTC  alice@example.edu  comment  [private]
    Called Dana: the tray is cracked.
    Ordering a new one.
EOF
  # What tier itself writes next builds on it.
  export TIER_NOW=2026-11-23T10:30:00Z
  run -0 tier -C b --agent alice@example.edu resolve "$ID" -m "New tray fitted."
  [[ "$(git -C server.git rev-parse main)" == "$(git -C b rev-parse HEAD)" ]]
}

@test "pre-commit: a hand edit that breaks the header is refused by git commit, naming the rule" {
  sed -i 's/^status = "open"$/status = "resolved"/' "a/$FILE"
  git -C a add -A
  run --separate-stderr git -C a commit -q -m "resolve by hand"
  [[ "$status" != 0 ]]
  [[ "$stderr" == *"$FILE:4: refused by rule 'replay': 'status' differs from the replay of the log"* ]]
  [[ "$(git -C a rev-parse HEAD)" == "$SERVER_MAIN" ]]
  # pre-push refuses it too, before the server is asked.
  git -C a commit -q --no-verify -m "resolve by hand"
  run --separate-stderr git -C a push origin main
  [[ "$status" != 0 ]]
  [[ "$stderr" == *"refused by rule 'replay'"* ]]
  [[ "$stderr" != *"pre-receive"* ]]
  [[ "$(git -C server.git rev-parse main)" == "$SERVER_MAIN" ]]
}

@test "a tier command on top of a bad hand commit: the push is refused, the command's commit taken back" {
  sed -i 's/^text = "We are looking at it."$/text = "We fixed it yesterday."/' "a/$FILE"
  commit_in_a "rewrite history"
  local bad
  bad="$(git -C a rev-parse HEAD)"
  run -7 --separate-stderr tier -C a comment "$ID" --private -m "more"
  [[ "${stderr_lines[0]}" == "tier: error: 'origin' refused the change:" ]]
  [[ "$stderr" == *"refused by rule 'append-only'"* ]]
  [[ "$(git -C a rev-parse HEAD)" == "$bad" ]]
  [[ "$(git -C server.git rev-parse main)" == "$SERVER_MAIN" ]]
  (cd a && expect_clean_status)
}

@test "a git pull merge of the server's entries is accepted with server.pusher_env set" {
  sed -i 's/^pusher_env = ""/pusher_env = "TIER_PUSHER"/' a/.tier/config.toml
  git -C a add .tier/config.toml
  git -C a -c user.name="IT Admin" -c user.email=it-admin@example.edu commit -q -m "the server knows its pusher"
  TIER_PUSHER=it-admin@example.edu git -C a push -q origin main
  tier -C b sync
  # alice writes and pushes; bob, offline, writes too, then merges with git.
  TIER_PUSHER=alice@example.edu tier -C a comment "$ID" --private -m "alice's note"
  export TIER_NOW=2026-11-23T10:21:00Z
  tier -C b --no-sync --agent bob@example.edu comment "$ID" --private -m "bob's note"
  run -0 git -C b pull -q --no-rebase --no-edit origin main
  export TIER_PUSHER=bob@example.edu
  run --separate-stderr git -C b push -q origin main
  echo "$stderr"
  [[ "$status" == 0 ]]
  [[ "$(git -C server.git rev-parse main)" == "$(git -C b rev-parse HEAD)" ]]
}

@test "a git pull merge that brings an admin's config change is accepted" {
  tier -C b sync
  # The admin's change reaches the server while bob works offline.
  sed -i 's/^public_comments_by = "owner"/public_comments_by = "any"/' a/.tier/config.toml
  git -C a add .tier/config.toml
  git -C a -c user.name="IT Admin" -c user.email=it-admin@example.edu commit -q -m "let everyone write"
  git -C a push -q origin main
  tier -C b --no-sync --agent bob@example.edu comment "$ID" --private -m "bob's note"
  run -0 git -C b -c user.email=bob@example.edu pull -q --no-rebase --no-edit origin main
  run --separate-stderr git -C b push -q origin main
  echo "$stderr"
  [[ "$status" == 0 ]]
  [[ "$(git -C server.git rev-parse main)" == "$(git -C b rev-parse HEAD)" ]]
}
