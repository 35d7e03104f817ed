#!/usr/bin/env bats
# Sharing a store: two clones, a and b, of a bare server.git with the hooks
# on both ends (new_hooked_team). With sync.auto every changing command pulls
# first and pushes before it succeeds; offline changes are merged by
# `tier sync` or by a plain `git pull` through the merge driver: both sides'
# entries in time order, an entry that no longer applies kept as void.

load helpers

# A ticket created in a at 10:00, pushed; prints its id.
one_ticket() {
  TIER_NOW=2026-11-23T10:00:00Z tier -C a create --title "Printer jams" --email dana.ruiz@milne.example.edu
}

setup() {
  tier_setup
  new_hooked_team_cached one_ticket
  ID="$(cat prepared)"
  FILE="$(ticket_file "$ID")"
  # The hooks run with the same clock as the commands (TIER_NOW reaches
  # pre-receive through git push): no entry is ever ahead of the server.
  export TIER_NOW=2026-11-23T10:00:00Z
}

# Every store of the team is clean: `tier check` in a, b and server.git,
# the clones' work trees committed.
all_clean() {
  local dir
  for dir in a b server.git; do
    run -0 --separate-stderr tier -C "$dir" check
    [[ "$stderr" == "checked "*": no problems" ]]
  done
  (cd a && expect_clean_status)
  (cd b && expect_clean_status)
}

# a, b and the server have the same commit on main.
all_same() {
  local server
  server="$(git -C server.git rev-parse main)"
  [[ "$(git -C a rev-parse HEAD)" == "$server" ]]
  [[ "$(git -C b rev-parse HEAD)" == "$server" ]]
}

# A ticket's log in a store ($1), one "at by event visibility [void]" line
# an entry.
log_lines() {
  tier -C "$1" log "$ID" --json | python3 -c '
import json, sys
for e in json.load(sys.stdin):
    print(e["at"], e["by"], e["event"], e.get("visibility", "-"), *(["void"] if e.get("void") else []))
'
}

@test "a ticket created in a is pushed at once and visible in b after tier sync" {
  [[ "$(git -C server.git rev-parse main)" == "$(git -C a rev-parse HEAD)" ]]
  run -3 tier -C b show "$ID"
  run -0 --separate-stderr tier -C b sync
  [[ -z "$output" ]]
  expect_stderr <<'EOF'
fast-forwarded from origin; nothing to push
EOF
  run -0 ticket_fields -C b "$ID" id status title
  expect_output <<EOF
id=$ID
status=new
title=Printer jams
EOF
  all_same
  all_clean
  # The fast-forward keeps the history as it was: no merge commit.
  [[ "$(git -C b rev-list --count --merges HEAD)" == 0 ]]
}

@test "tier sync with nothing to share says so" {
  run -0 --separate-stderr tier -C a sync
  expect_stderr <<'EOF'
nothing new from origin; nothing to push
EOF
  run -0 --separate-stderr tier -C a sync --json
  [[ "$output" == '{"merged":false,"pulled":false,"pushed":false,"remote":"origin","voided":[]}' ]]
  [[ -z "$stderr" ]]
}

@test "a changing command pulls first: b's comment lands on top of a's, no merge" {
  tier -C b sync
  export TIER_NOW=2026-11-23T10:05:00Z
  run -0 tier -C a claim "$ID"
  export TIER_NOW=2026-11-23T10:10:00Z
  # b has not synced since: its comment still sees alice's claim, and her as the owner.
  run -5 --separate-stderr tier -C b --agent carol@example.edu comment "$ID" -m "Hello Dana"
  expect_stderr <<EOF
tier: error: refused by rule 'public-by-owner': only the owner 'alice@example.edu' may write to the requester of '$ID'
hint: write a private note with --private
EOF
  run -0 --separate-stderr tier -C b --agent carol@example.edu comment "$ID" --private -m "Seen it before."
  expect_stderr <<EOF
private note added to $ID
EOF
  tier -C a sync
  all_same
  [[ "$(git -C server.git rev-list --count --merges main)" == 0 ]]
  run -0 git -C server.git log --format=%s main
  expect_output <<EOF
comment $ID: Printer jams
claim $ID: Printer jams
create $ID: Printer jams
init tier store
EOF
  all_clean
}

@test "offline changes on both clones to one ticket are merged by tier sync, in time order" {
  tier -C b sync
  # b writes first on the clock, a pushes first.
  export TIER_NOW=2026-11-23T10:03:00Z
  run -0 tier -C b --no-sync --agent bob@example.edu comment "$ID" --private -m "Toner sensor again."
  export TIER_NOW=2026-11-23T10:05:00Z
  run -0 tier -C a --no-sync comment "$ID" -m "We are looking at it."
  export TIER_NOW=2026-11-23T10:10:00Z
  run -0 --separate-stderr tier -C a sync
  expect_stderr <<'EOF'
nothing new from origin; pushed
EOF
  run -0 --separate-stderr tier -C b sync
  expect_stderr <<'EOF'
merged from origin; pushed
EOF
  run -0 --separate-stderr tier -C a sync
  expect_stderr <<'EOF'
fast-forwarded from origin; nothing to push
EOF
  all_same
  all_clean
  run -0 log_lines server.git
  expect_output <<'EOF'
2026-11-23T10:00:00Z alice@example.edu create -
2026-11-23T10:03:00Z bob@example.edu comment private
2026-11-23T10:05:00Z alice@example.edu comment public
EOF
  run -0 ticket_fields -C a "$ID" updated
  [[ "$output" == updated=2026-11-23T10:05:00Z ]]
  # The merge is a commit with the server's side as its first parent.
  run -0 git -C a log -1 --format=%s%n%P
  [[ "${lines[0]}" == "merge origin" ]]
  [[ "${lines[1]}" == "$(git -C a rev-parse HEAD^1) $(git -C a rev-parse HEAD^2)" ]]
  [[ "$(git -C a log -1 --format=%s HEAD^1)" == "comment $ID: Printer jams" ]]
}

@test "tickets created offline on both clones: the sync merges the trees, nothing lost" {
  tier -C b sync
  export TIER_NOW=2026-11-23T10:05:00Z
  A2="$(tier -C a --no-sync create --title "Scanner" --email lee@strand.example.edu)"
  B2="$(tier -C b --no-sync create --title "Projector" --email lee@strand.example.edu)"
  tier -C a --no-sync comment "$ID" --private -m "from a"
  export TIER_NOW=2026-11-23T10:10:00Z
  run -0 tier -C a sync
  run -0 --separate-stderr tier -C b sync
  expect_stderr <<'EOF'
merged from origin; pushed
EOF
  tier -C a sync
  all_same
  all_clean
  run -0 tier -C a list --format ids --sort id
  [[ "$(sort <<<"$output")" == "$(printf '%s\n' "$ID" "$A2" "$B2" | sort)" ]]
}

@test "a plain git pull merges tickets through the merge driver, as tier sync would" {
  tier -C b sync
  export TIER_NOW=2026-11-23T10:03:00Z
  tier -C b --no-sync --agent bob@example.edu comment "$ID" --private -m "Toner sensor again."
  export TIER_NOW=2026-11-23T10:05:00Z
  tier -C a --no-sync comment "$ID" -m "We are looking at it."
  export TIER_NOW=2026-11-23T10:07:00Z
  tier -C a --no-sync --agent carol@example.edu edit "$ID" --tag +printer
  export TIER_NOW=2026-11-23T10:10:00Z
  tier -C a sync
  # The same offline state twice: b merges with git, b2 with tier (through
  # a copy of the server, so that the two do not race).
  cp -a b b2
  cp -a server.git server2.git
  git -C b2 remote set-url origin "$BATS_TEST_TMPDIR/server2.git"
  run -0 git -C b pull --no-rebase --no-edit -q origin main
  run -1 grep -c '<<<<<<<' "b/$FILE"
  [[ "$output" == 0 ]]
  (cd b && expect_clean_status)
  run -0 tier -C b2 sync
  diff -u <(git -C b2 show "HEAD:$FILE") <(git -C b show "HEAD:$FILE")
  diff -u "b2/$FILE" "b/$FILE"
  run -0 log_lines b
  expect_output <<'EOF'
2026-11-23T10:00:00Z alice@example.edu create -
2026-11-23T10:03:00Z bob@example.edu comment private
2026-11-23T10:05:00Z alice@example.edu comment public
2026-11-23T10:07:00Z carol@example.edu edit -
EOF
  run -0 tier -C b check
  # git's merge commit is accepted by both hooks, and the team agrees.
  run -0 git -C b push -q origin main
  [[ "$(git -C server.git rev-parse main)" == "$(git -C b rev-parse HEAD)" ]]
  run -0 tier -C a sync
  all_same
  all_clean
  run -0 ticket_fields -C a "$ID" tags updated
  expect_output <<'EOF'
tags=["printer"]
updated=2026-11-23T10:07:00Z
EOF
}

@test "the git config of a clone defines the merge driver" {
  run -0 git -C a config merge.tier.driver
  [[ "$output" == "'$TIER_BIN' merge-driver %O %A %B %P" || "$output" == *"' merge-driver %O %A %B %P" ]]
  run -0 git -C a check-attr merge -- "$FILE"
  [[ "$output" == "$FILE: merge: tier" ]]
}

@test "both clones claim one ticket offline: the later claim is kept as void, with a warning" {
  tier -C b sync
  export TIER_NOW=2026-11-23T10:05:00Z
  run -0 tier -C a --no-sync --agent alice@example.edu claim "$ID"
  export TIER_NOW=2026-11-23T10:06:00Z
  run -0 tier -C b --no-sync --agent carol@example.edu claim "$ID"
  export TIER_NOW=2026-11-23T10:10:00Z
  run -0 tier -C a sync
  run -0 --separate-stderr tier -C b sync
  expect_stderr <<EOF
tier: warning: $ID: the claim by carol@example.edu no longer applies and is kept as void: '$ID' is already claimed by 'alice@example.edu'
merged from origin; pushed
EOF
  tier -C a sync
  all_same
  all_clean
  run -0 log_lines server.git
  expect_output <<'EOF'
2026-11-23T10:00:00Z alice@example.edu create -
2026-11-23T10:05:00Z alice@example.edu claim -
2026-11-23T10:06:00Z carol@example.edu claim - void
EOF
  run -0 git -C server.git show "main:$FILE"
  [[ "$output" == *$'by = "carol@example.edu"\nevent = "claim"\nvoid = "'"'$ID' is already claimed by 'alice@example.edu'"'"'* ]]
  run -0 ticket_fields -C b "$ID" status assignee owner updated
  expect_output <<'EOF'
status=open
assignee=alice@example.edu
owner=alice@example.edu
updated=2026-11-23T10:05:00Z
EOF
  run -0 tier -C b log "$ID"
  [[ "${lines[2]}" == "2026-11-23 10:06 UTC  carol@example.edu  claim  [void: '$ID' is already claimed by 'alice@example.edu']" ]]
  # Carol is told by mail, once, who holds the ticket now.
  local told
  told="$(grep -l "^Message-Id: <$ID\.1795428360000\.void-claim\.[0-9a-f]*\.agents@example\.edu>" b/.git/tier/outbox/new/*)"
  [[ "$(wc -l <<<"$told")" == 1 ]]
  grep -qx "To: Carol Chen <carol@example.edu>" "$told"
  grep -qx "Your claim of $ID no longer applies: '$ID' is already claimed by 'alice@example.edu'. Alice Adams <alice@example.edu> holds it now." "$told"
  # A later sync changes nothing and warns no more.
  run -0 --separate-stderr tier -C b sync
  expect_stderr <<'EOF'
nothing new from origin; nothing to push
EOF
  [[ "$(grep -l "void-claim" b/.git/tier/outbox/new/* | wc -l)" == 1 ]]
}

@test "offline claims: the earlier claim wins even when it is pushed second" {
  tier -C b sync
  export TIER_NOW=2026-11-23T10:05:00Z
  tier -C b --no-sync --agent carol@example.edu claim "$ID"
  export TIER_NOW=2026-11-23T10:06:00Z
  tier -C a --no-sync --agent alice@example.edu claim "$ID"
  export TIER_NOW=2026-11-23T10:10:00Z
  run -0 tier -C a sync
  run -0 --separate-stderr tier -C b sync --json
  [[ "$output" == '{"merged":true,"pulled":true,"pushed":true,"remote":"origin","voided":[{"by":"alice@example.edu","event":"claim","reason":"'"'$ID' is already claimed by 'carol@example.edu'"'","ticket":"'"$ID"'"}]}' ]]
  run -0 --separate-stderr tier -C a sync
  expect_stderr <<'EOF'
fast-forwarded from origin; nothing to push
EOF
  all_same
  all_clean
  run -0 log_lines a
  expect_output <<'EOF'
2026-11-23T10:00:00Z alice@example.edu create -
2026-11-23T10:05:00Z carol@example.edu claim -
2026-11-23T10:06:00Z alice@example.edu claim - void
EOF
  run -0 ticket_fields -C a "$ID" assignee owner
  expect_output <<'EOF'
assignee=carol@example.edu
owner=carol@example.edu
EOF
}

@test "an unreachable remote: sync exits 7, a change is kept here with a warning, a later sync pushes it" {
  local server_before
  server_before="$(git -C server.git rev-parse main)"
  git -C a remote set-url origin "$BATS_TEST_TMPDIR/missing.git"
  run -7 --separate-stderr tier -C a sync
  [[ -z "$output" ]]
  expect_stderr <<EOF
tier: error: cannot fetch from 'origin': '$BATS_TEST_TMPDIR/missing.git' does not appear to be a git repository
hint: your changes are kept here; run 'tier sync' when the remote can be reached
EOF
  export TIER_NOW=2026-11-23T10:05:00Z
  run -0 --separate-stderr tier -C a claim "$ID"
  expect_stderr <<EOF
tier: warning: the change is committed here but not yet shared: 'origin' cannot be reached
claimed $ID: Printer jams
EOF
  run -0 --separate-stderr tier -C a create --title "Scanner" --email lee@strand.example.edu
  [[ "$output" == T-???????? ]]
  NEW="$output"
  expect_stderr <<'EOF'
tier: warning: the change is committed here but not yet shared: 'origin' cannot be reached
EOF
  [[ "$(git -C server.git rev-parse main)" == "$server_before" ]]
  run -0 tier -C a check
  (cd a && expect_clean_status)
  # Back online: the next sync shares both.
  git -C a remote set-url origin "$BATS_TEST_TMPDIR/server.git"
  export TIER_NOW=2026-11-23T10:10:00Z
  run -0 --separate-stderr tier -C a sync
  expect_stderr <<'EOF'
nothing new from origin; pushed
EOF
  tier -C b sync
  all_same
  all_clean
  run -0 ticket_fields -C b "$ID" assignee
  [[ "$output" == assignee=alice@example.edu ]]
  run -0 tier -C b show "$NEW"
}

# An ssh for clone a that stands in for a server refusing the login: for
# everything ($1 = all), or only for pushes ($1 = push; fetches reach
# server.git on this machine).
refusing_ssh() {
  cat >"$BATS_TEST_TMPDIR/fake-ssh" <<EOF
#!/bin/sh
# The last argument is the command git asks the server to run.
for last; do :; done
case "\$last" in
  git-receive-pack*) ;;
  *) [ "$1" = push ] && exec sh -c "\$last" ;;
esac
echo "git@example.invalid: Permission denied (publickey)." >&2
exit 255
EOF
  chmod +x "$BATS_TEST_TMPDIR/fake-ssh"
  git -C a config core.sshCommand "$BATS_TEST_TMPDIR/fake-ssh"
  git -C a remote set-url origin "ssh://git@example.invalid$BATS_TEST_TMPDIR/server.git"
}

@test "a refused login is not an unreachable remote: exit 7, nothing claimed" {
  refusing_ssh all
  local head server_before
  head="$(git -C a rev-parse HEAD)"
  server_before="$(git -C server.git rev-parse main)"
  export TIER_NOW=2026-11-23T10:05:00Z
  run -7 --separate-stderr tier -C a claim "$ID"
  expect_stderr <<'EOF'
tier: error: 'origin' refused the login: git@example.invalid: Permission denied (publickey).
hint: the change is taken back and kept on refs/tier/refused/1 (git show refs/tier/refused/1); once the login works, run the command again
EOF
  [[ "$(git -C a rev-parse HEAD)" == "$head" ]]
  [[ "$(git -C a rev-parse refs/tier/refused/1^)" == "$head" ]]
  [[ "$(git -C server.git rev-parse main)" == "$server_before" ]]
  run -0 ticket_fields -C a "$ID" status
  [[ "$output" == status=new ]]
  run -7 --separate-stderr tier -C a sync
  (cd a && expect_clean_status)
}

@test "a login refused to the push alone: the change is taken back and kept, exit 7" {
  refusing_ssh push
  local head server_before
  head="$(git -C a rev-parse HEAD)"
  server_before="$(git -C server.git rev-parse main)"
  export TIER_NOW=2026-11-23T10:05:00Z
  run -7 --separate-stderr tier -C a --json claim "$ID"
  [[ -z "$output" ]]
  [[ "$stderr" == '{"error":{"code":7,"hint":"the change is taken back and kept on refs/tier/refused/1 (git show refs/tier/refused/1); once the login works, run the command again","message":"'"'origin' refused the login: cannot push to 'origin': git@example.invalid: Permission denied (publickey).\"}}" ]]
  [[ "$(git -C a rev-parse HEAD)" == "$head" ]]
  [[ "$(git -C a rev-parse refs/tier/refused/1^)" == "$head" ]]
  [[ "$(git -C server.git rev-parse main)" == "$server_before" ]]
  (cd a && expect_clean_status)
  # Once the login works, the same command goes through.
  git -C a config --unset core.sshCommand
  git -C a remote set-url origin "$BATS_TEST_TMPDIR/server.git"
  run -0 tier -C a claim "$ID"
  [[ "$(git -C server.git rev-parse main)" == "$(git -C a rev-parse HEAD)" ]]
}

@test "--no-sync keeps a change local without a warning; the next changing command shares it" {
  run -0 --separate-stderr tier -C a --no-sync comment "$ID" --private -m "local only"
  expect_stderr <<EOF
private note added to $ID
EOF
  [[ "$(git -C server.git rev-parse main)" == "$(git -C a rev-parse HEAD^)" ]]
  export TIER_NOW=2026-11-23T10:05:00Z
  run -0 tier -C a claim "$ID"
  [[ "$(git -C server.git rev-parse main)" == "$(git -C a rev-parse HEAD)" ]]
  [[ "$(git -C server.git log -2 --format=%s main)" == "claim $ID: Printer jams"$'\n'"comment $ID: Printer jams" ]]
}

@test "a changing command pulls the new policy before it checks the rules" {
  # An admin takes carol off the desk; b has not seen it yet.
  tier -C b sync
  (
    cd a
    sed -i -e 's/members = \["alice@example.edu", "carol@example.edu"\]/members = ["alice@example.edu"]/' \
      -e 's/leads = \["carol@example.edu"\]/leads = ["alice@example.edu"]/' .tier/config.toml
    [[ "$(git diff --numstat)" == "2	2	.tier/config.toml" ]]
    git add .tier/config.toml
    git -c user.email=it-admin@example.edu -c user.name="IT Admin" commit -q -m "carol leaves the desk"
    git push -q origin main
  )
  local b_before
  b_before="$(git -C b rev-parse HEAD)"
  export TIER_NOW=2026-11-23T10:05:00Z
  # b's pull brings the new policy first, so the command itself refuses.
  run -5 --separate-stderr tier -C b --agent carol@example.edu claim "$ID"
  expect_stderr <<EOF
tier: error: refused by rule 'not-member': 'carol@example.edu' is not a member of 'service-desk'
EOF
  all_same
  all_clean
}

@test "a change the server refuses is taken back here too: exit 7, naming the rule" {
  # The server knows its pusher: new entries must be by that user.
  (
    cd a
    sed -i 's/^pusher_env = ""/pusher_env = "TIER_PUSHER"/' .tier/config.toml
    git add .tier/config.toml
    git -c user.email=it-admin@example.edu -c user.name="IT Admin" commit -q -m "the server knows its pusher"
    TIER_PUSHER=it-admin@example.edu git push -q origin main
  )
  tier -C b sync
  local before server_before
  before="$(git -C b rev-parse HEAD)"
  server_before="$(git -C server.git rev-parse main)"
  export TIER_NOW=2026-11-23T10:05:00Z
  TIER_PUSHER=alice@example.edu run -7 --separate-stderr tier -C b --agent carol@example.edu claim "$ID"
  [[ "${stderr_lines[0]}" == "tier: error: 'origin' refused the change:" ]]
  [[ "$stderr" == *"refused by rule 'pusher': log entry 2 (claim) is by 'carol@example.edu' but was pushed by 'alice@example.edu'"* ]]
  [[ "${stderr_lines[-1]}" == "hint: the change is taken back and kept on refs/tier/refused/1 (git show refs/tier/refused/1)" ]]
  [[ "$(git -C b rev-parse HEAD)" == "$before" ]]
  [[ "$(git -C b rev-parse refs/tier/refused/1^)" == "$before" ]]
  run -0 git -C b log -1 --format=%s refs/tier/refused/1
  [[ "$output" == "claim $ID: Printer jams" ]]
  [[ "$(git -C server.git rev-parse main)" == "$server_before" ]]
  (cd b && expect_clean_status)
  run -0 ticket_fields -C b "$ID" status
  [[ "$output" == status=new ]]
  # Pushed by carol herself, it goes through.
  TIER_PUSHER=carol@example.edu run -0 tier -C b --agent carol@example.edu claim "$ID"
  [[ "$(git -C server.git rev-parse main)" == "$(git -C b rev-parse HEAD)" ]]
}

@test "a changing command finds a ticket that only the server has yet: it pulls before it looks" {
  # b has never synced since a created the ticket; its agents got the
  # notification and claim at once.
  run -3 tier -C b --no-sync show "$ID"
  export TIER_NOW=2026-11-23T10:05:00Z
  run -0 --separate-stderr tier -C b --agent carol@example.edu claim "$ID"
  expect_stderr <<EOF
claimed $ID: Printer jams
EOF
  tier -C a sync
  all_same
  all_clean
}
