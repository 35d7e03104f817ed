#!/usr/bin/env bats
# Forged pushes, as an attacker with plain git would make them against a
# server made by `tier hooks install --server`: each is refused with its
# rule, the server's refs stay as they were, and the server's repository
# stays clean for `git fsck --strict`. Forgeries that are a rule on one
# ticket file's text (a void mark, oversize or escaped text) are tested in
# memory against core instead (tests/unit/history_test.cpp, "forged.bats in
# memory"); a hand edit refused by such a rule is pushed for real in
# hooks.bats.

load helpers

# A ticket created, claimed by alice, given a private note and a public
# comment, all pushed; prints its id.
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
  export TIER_NOW=2026-11-23T10:20:00Z
  SERVER_REFS="$(git -C server.git for-each-ref)"
  SERVER_MAIN="$(git -C server.git rev-parse main)"
}

# Commits a's work tree by hand, skipping the client's hooks.
commit_in_a() {
  git -C a add -A && git -C a commit -q --no-verify -m "${1:-by hand}"
}

# Expects the last push ($status, $stderr) to be refused by rule $1, the
# server's refs as they were and its repository clean.
refused_by() {
  [[ "$status" != 0 ]]
  if [[ "$stderr" != *"refused by rule '$1'"* ]]; then
    echo "stderr does not name rule '$1':" >&2
    echo "$stderr" >&2
    return 1
  fi
  server_unchanged
}

# Not with `run`: the push's $stderr stays for the caller to look at.
server_unchanged() {
  [[ "$(git -C server.git for-each-ref)" == "$SERVER_REFS" ]]
  git -C server.git fsck --strict --no-progress 2>"$BATS_TEST_TMPDIR/fsck.err"
  [[ ! -s "$BATS_TEST_TMPDIR/fsck.err" ]]
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

# The server knows who pushes: TIER_PUSHER, set by an admin's commit.
server_knows_pusher() {
  sed -i 's/^pusher_env = ""/pusher_env = "TIER_PUSHER"/' a/.tier/config.toml
  git -C a add .tier/config.toml
  git -C a -c user.name="IT Admin" -c user.email=it-admin@example.edu commit -q -m "the server knows its pusher"
  TIER_PUSHER=it-admin@example.edu git -C a push -q origin main
  SERVER_REFS="$(git -C server.git for-each-ref)"
}

@test "a rewind of the branch: refused by git's guard, and by rule append-only without it" {
  run --separate-stderr git -C a push --no-verify --force origin HEAD~2:main
  [[ "$status" != 0 ]]
  server_unchanged
  [[ "$(git -C server.git config receive.denyNonFastForwards)" == true ]]
  git -C server.git config receive.denyNonFastForwards false
  run --separate-stderr git -C a push --no-verify --force origin HEAD~2:main
  refused_by append-only
  [[ "$stderr" == *"refs/heads/main: refused by rule 'append-only': the push rewrites the shared history: it is not a fast-forward of 'refs/heads/main'"* ]]
}

@test "a history replaced by another with the same files: refused by rule append-only" {
  git -C server.git config receive.denyNonFastForwards false
  git -C a checkout -q --orphan forged
  git -C a commit -q --no-verify -m "the same store, another history"
  run --separate-stderr git -C a push --no-verify --force origin forged:main
  refused_by append-only
}

@test "the branch deleted: refused by rule append-only, git's guard off" {
  git -C server.git config receive.denyDeletes false
  run --separate-stderr git -C a push --no-verify origin :main
  refused_by append-only
  [[ "$stderr" == *"the branch of tickets is never deleted"* ]]
}

@test "a tag or another ref: refused by rule other-ref unless server.other_refs names it" {
  git -C a tag v1
  run --separate-stderr git -C a push --no-verify origin v1
  refused_by other-ref
  [[ "$stderr" == *"refs/tags/v1: refused by rule 'other-ref': only 'refs/heads/main' takes pushes; 'refs/tags/v1' matches no pattern of server.other_refs"* ]]
  run --separate-stderr git -C a push --no-verify origin HEAD:refs/tier/refused/9
  refused_by other-ref
  sed -i 's|^other_refs = \[\]|other_refs = ["refs/tags/*"]|' a/.tier/config.toml
  git -C a add .tier/config.toml
  git -C a -c user.email=it-admin@example.edu commit -q -m "tags are welcome"
  run -0 git -C a push -q origin main
  # The rules of a push are those on the branch before it.
  run -0 git -C a push -q origin v1
  [[ "$(git -C server.git rev-parse v1)" == "$(git -C a rev-parse v1)" ]]
}

@test "a config change authored as the admin but pushed by alice: refused by rule admin-only" {
  server_knows_pusher
  # alice makes herself an admin, and signs the commit with the admin's name.
  sed -i 's/^agents = \["it-admin@example.edu"\]/agents = ["it-admin@example.edu", "alice@example.edu"]/' a/.tier/config.toml
  git -C a add .tier/config.toml
  git -C a -c user.name="IT Admin" -c user.email=it-admin@example.edu commit -q --no-verify -m "one more admin"
  TIER_PUSHER=alice@example.edu run --separate-stderr git -C a push --no-verify origin main
  refused_by admin-only
  [[ "$stderr" == *".tier/config.toml: refused by rule 'admin-only': only an admin may change '.tier/config.toml'; 'alice@example.edu' is not one (the pusher)"* ]]
  # A forward that would mirror every private note elsewhere, likewise.
  git -C a reset -q --hard origin/main
  sed -i 's|^forward = \[\]|forward = ["/tmp/elsewhere.git"]|' a/.tier/config.toml
  git -C a add .tier/config.toml
  git -C a -c user.email=it-admin@example.edu commit -q --no-verify -m "mirror"
  TIER_PUSHER=alice@example.edu run --separate-stderr git -C a push --no-verify origin main
  refused_by admin-only
  # Pushed by the admin, the same change goes through.
  TIER_PUSHER=it-admin@example.edu run -0 git -C a push -q origin main
}

@test "server.require_pusher: a push that names no pusher is refused whole" {
  sed -i -e 's/^pusher_env = ""/pusher_env = "TIER_PUSHER"/' -e 's/^require_pusher = false/require_pusher = true/' \
    a/.tier/config.toml
  git -C a add .tier/config.toml
  git -C a -c user.email=it-admin@example.edu commit -q -m "fail closed"
  TIER_PUSHER=it-admin@example.edu git -C a push -q origin main
  SERVER_REFS="$(git -C server.git for-each-ref)"
  tier -C a --no-sync comment "$ID" --private -m "who am I?"
  run --separate-stderr env -u TIER_PUSHER git -C a push --no-verify origin main
  refused_by pusher
  [[ "$stderr" == *"refused by rule 'pusher': the push names no pusher: TIER_PUSHER is not set"* ]]
  TIER_PUSHER=alice run --separate-stderr git -C a push --no-verify origin main
  refused_by pusher
  [[ "$stderr" == *"the git user 'alice' is not in [server.pushers]"* ]]
  TIER_PUSHER=alice@example.edu run -0 git -C a push -q origin main
}

@test "a merge that voids another agent's valid claim and claims for itself: refused by rule merge" {
  # carol works from before alice's claim, on a side branch, and claims.
  local before_claim
  before_claim="$(git -C a log --format=%H --grep="^create $ID" -1)"
  git -C a checkout -q -b side "$before_claim"
  TIER_NOW=2026-11-23T10:06:00Z tier -C a --no-sync --agent carol@example.edu claim "$ID"
  git -C a checkout -q main
  # tier's merge keeps alice's earlier claim and voids carol's...
  git -C a merge -q --no-ff --no-edit side
  run -0 git -C a show "HEAD:$FILE"
  [[ "$output" == *$'by = "carol@example.edu"\nevent = "claim"\nvoid = '* ]]
  # ...which carol forges the other way round.
  python3 - "a/$FILE" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace('by = "alice@example.edu"\nevent = "claim"\n', 'by = "alice@example.edu"\nevent = "claim"\nvoid = "too late"\n', 1)
s = "\n".join(l for l in s.split("\n") if not l.startswith("void = \"'"))
s = s.replace('assignee = "alice@example.edu"', 'assignee = "carol@example.edu"', 1)
s = s.replace('owner = "alice@example.edu"', 'owner = "carol@example.edu"', 1)
open(p, "w").write(s)
PY
  git -C a add -A
  git -C a commit -q --no-verify --amend --no-edit
  run --separate-stderr git -C a push --no-verify origin main
  refused_by merge
  [[ "$stderr" == *"refused by rule 'merge': the merge of '$FILE' is not tier's merge of its parents"* ]]
  # tier's own merge of the same two parents is accepted.
  git -C a reset -q --hard origin/main
  git -C a merge -q --no-ff --no-edit side
  run -0 git -C a push -q --no-verify origin main
}

@test "a merge that takes one side whole and drops the other's entries: refused by rule merge" {
  local before_note
  before_note="$(git -C a log --format=%H --grep="^claim $ID" -1)"
  git -C a checkout -q -b side "$before_note"
  TIER_NOW=2026-11-23T10:06:00Z tier -C a --no-sync comment "$ID" --private -m "from the side"
  git -C a checkout -q main
  git -C a merge -q --no-ff --no-edit -s ours side
  run --separate-stderr git -C a push --no-verify origin main
  refused_by merge
}

@test "a union merge attribute, or none: refused by rule merge, and by admin-only" {
  sed -i 's/merge=tier/merge=union/' a/.gitattributes
  git -C a add .gitattributes
  git -C a -c user.email=it-admin@example.edu commit -q --no-verify -m "union"
  run --separate-stderr git -C a push --no-verify origin main
  refused_by merge
  [[ "$stderr" == *".gitattributes: refused by rule 'merge': only tier's merge driver may be set: 'tickets/**/*.toml merge=union'"* ]]
  git -C a reset -q --hard origin/main
  git -C a rm -q .gitattributes
  git -C a -c user.email=it-admin@example.edu commit -q --no-verify -m "no attributes"
  run --separate-stderr git -C a push --no-verify origin main
  refused_by no-delete
  git -C a reset -q --hard origin/main
  echo "*.md text" >>a/.gitattributes
  git -C a add .gitattributes
  git -C a -c user.email=alice@example.edu commit -q --no-verify -m "mine"
  run --separate-stderr git -C a push --no-verify origin main
  refused_by admin-only
}

@test "an oversize note is refused by the command, before any commit (valid-values)" {
  local big
  big="$(head -c 70000 /dev/zero | tr '\0' x)"
  printf '%s' "$big" >big.txt
  run -5 --separate-stderr tier -C a comment "$ID" --private --file big.txt
  [[ "$stderr" == "tier: error: refused by rule 'valid-values': the text is 70000 bytes, over the limit of 65536"* ]]
  server_unchanged
}

@test "text from a ticket reaches a terminal with its control characters shown, never sent" {
  # A store without hooks, edited by hand: what tier prints is still safe.
  append_entry 2026-11-23T10:15:00Z 'by = "alice@example.edu"' 'event = "comment"' 'visibility = "private"' \
    'text = "clear \u001b[2J the screen \u009b31m"'
  commit_in_a "by hand"
  run -0 tier -C a --no-sync show "$ID"
  [[ "$output" != *$'\e'* && "$output" != *$'\xc2\x9b'* ]]
  [[ "$output" == *'clear ^[[2J the screen <U+009B>31m'* ]]
  run -0 tier -C a --no-sync log "$ID"
  [[ "$output" == *'clear ^[[2J the screen'* ]]
  # JSON keeps it, escaped as JSON does.
  run -0 tier -C a --no-sync show "$ID" --json
  [[ "$output" == *'clear \u001b[2J the screen'* ]]
}

@test "a symlink or a submodule under tickets/: refused by rule malformed" {
  ln -s /etc/passwd a/tickets/zz
  commit_in_a "a link"
  run --separate-stderr git -C a push --no-verify origin main
  refused_by malformed
  [[ "$stderr" == *"tickets/zz: refused by rule 'malformed'"* ]]
  git -C a reset -q --hard origin/main
  rm -f "a/$FILE"
  ln -s ../../README "a/$FILE"
  commit_in_a "a ticket that is a link"
  run --separate-stderr git -C a push --no-verify origin main
  refused_by malformed
  [[ "$stderr" == *"$FILE: refused by rule 'malformed': '$FILE' is a symbolic link; a ticket is a plain file"* ]]
  git -C a reset -q --hard origin/main
  git -C a update-index --add --cacheinfo "160000,$SERVER_MAIN,tickets/sub"
  git -C a commit -q --no-verify -m "a submodule"
  run --separate-stderr git -C a push --no-verify origin main
  refused_by malformed
}

@test "a JSON import whose history the server would refuse is refused here, naming the rule, before any commit" {
  tier -C a export >export.json
  python3 - export.json <<'PY'
import json, sys
p = sys.argv[1]
tickets = json.load(open(p))
t = tickets[0]
t["id"] = t["id"][:-4] + "zzzz"
for e in t["log"]:
    if e["by"] == "alice@example.edu" and e["event"] == "comment":
        e["by"] = "mallory@example.com"
json.dump(tickets, open(p, "w"))
PY
  local head
  head="$(git -C a rev-parse HEAD)"
  run -5 --separate-stderr tier -C a import export.json
  [[ "$stderr" == *"refused by rule 'unknown-agent': log entry 3 (comment): 'mallory@example.com' is not an agent of this help desk"* ]]
  [[ "$(git -C a rev-parse HEAD)" == "$head" ]]
  server_unchanged
}

@test "a refused tier close is set aside and never jams the clone" {
  server_knows_pusher
  tier -C a --agent alice@example.edu resolve "$ID" -m "New tray fitted." </dev/null
  SERVER_REFS="$(git -C server.git for-each-ref)"
  local head
  head="$(git -C a rev-parse HEAD)"
  # The cron job closes as carol, but the server knows it is alice who pushes.
  export TIER_PUSHER=alice@example.edu
  run -7 --separate-stderr tier -C a --agent carol@example.edu close "$ID"
  [[ "$stderr" == *"refused by rule 'pusher'"* ]]
  [[ "$stderr" == *"hint: the change is taken back and kept on refs/tier/refused/1 (git show refs/tier/refused/1)"* ]]
  [[ "$(git -C a rev-parse HEAD)" == "$head" ]]
  [[ "$(git -C a rev-parse refs/tier/refused/1^)" == "$head" ]]
  (cd a && expect_clean_status)
  server_unchanged
  # The next change goes through at once.
  run -0 tier -C a --agent alice@example.edu close "$ID"
  [[ "$(git -C server.git rev-parse main)" == "$(git -C a rev-parse HEAD)" ]]
}

@test "tier sync sets aside the commits the server refuses, and shares the rest" {
  # A bad hand commit, then a good change on top of it.
  sed -i 's/^text = "We are looking at it."$/text = "We fixed it yesterday."/' "a/$FILE"
  commit_in_a "rewrite history"
  local bad
  bad="$(git -C a rev-parse HEAD)"
  run -7 --separate-stderr tier -C a sync
  [[ "$stderr" == *"refused by rule 'append-only'"* ]]
  [[ "$stderr" == *"hint: the refused commits are taken off the branch and kept on refs/tier/refused/1: see them with 'git log refs/tier/refused/1'; sync again to share the rest"* ]]
  [[ "$(git -C a rev-parse refs/tier/refused/1)" == "$bad" ]]
  [[ "$(git -C a rev-parse HEAD)" == "$SERVER_MAIN" ]]
  (cd a && expect_clean_status)
  run -0 tier -C a sync
  run -0 tier -C a comment "$ID" --private -m "after the storm"
  [[ "$(git -C server.git rev-parse main)" == "$(git -C a rev-parse HEAD)" ]]
}

@test "a gateway pushes what requesters wrote, and nothing in an agent's name" {
  sed -i -e 's/^pusher_env = ""/pusher_env = "TIER_PUSHER"/' \
    -e 's/^gateways = \[\]/gateways = ["it-admin@example.edu"]/' a/.tier/config.toml
  git -C a add .tier/config.toml
  git -C a -c user.email=it-admin@example.edu commit -q -m "the mail gateway"
  TIER_PUSHER=it-admin@example.edu git -C a push -q origin main
  SERVER_REFS="$(git -C server.git for-each-ref)"
  # The requester's reply, pushed by the gateway.
  append_entry 2026-11-23T10:15:00Z 'by = "dana.ruiz@milne.example.edu"' 'event = "comment"' \
    'visibility = "public"' 'text = "Still jams."'
  commit_in_a "a reply by mail"
  TIER_PUSHER=bob@example.edu run --separate-stderr git -C a push --no-verify origin main
  refused_by pusher
  TIER_PUSHER=it-admin@example.edu run -0 git -C a push -q --no-verify origin main
  SERVER_REFS="$(git -C server.git for-each-ref)"
  # An agent's note, pushed by the gateway: refused.
  append_entry 2026-11-23T10:16:00Z 'by = "alice@example.edu"' 'event = "comment"' \
    'visibility = "private"' 'text = "Forged by the gateway."'
  commit_in_a "a note in alice's name"
  TIER_PUSHER=it-admin@example.edu run --separate-stderr git -C a push --no-verify origin main
  refused_by pusher
}
