#!/usr/bin/env bats
# tier comment: public comments and private notes, from -m, a file or
# standard input; one log entry and one commit each.

load helpers

setup() {
  tier_setup
  new_store
  export TIER_NOW=2026-11-23T10:00:00Z
  ID="$(tier create --title "Printer jams" --email dana.ruiz@milne.example.edu)"
  FILE="$(ticket_file "$ID")"
  export TIER_NOW=2026-11-23T10:05:00Z
}

@test "a public comment: one entry, one commit, clean work tree" {
  local before
  before="$(git rev-parse HEAD)"
  run -0 --separate-stderr tier comment "$ID" -m "We are looking at it."
  [[ -z "$output" ]]
  expect_stderr <<EOF
comment added to $ID
EOF
  [[ "$(git rev-parse HEAD^)" == "$before" ]]
  run -0 git log -1 --format=%B
  expect_output <<EOF
comment $ID: Printer jams

Tier-Op: comment
Tier-Ticket: $ID
EOF
  run -0 git show --name-only --format= HEAD
  [[ "$output" == "$FILE" ]]
  run -0 tail -n 6 "$FILE"
  expect_output <<'EOF'
[[log]]
at = 2026-11-23T10:05:00Z
by = "alice@example.edu"
event = "comment"
visibility = "public"
text = "We are looking at it."
EOF
  run -0 grep '^updated = ' "$FILE"
  [[ "$output" == "updated = 2026-11-23T10:05:00Z" ]]
  expect_clean_status
  run -0 tier check
}

@test "a private note is marked private in the file, the log and show" {
  run -0 --separate-stderr tier comment "${ID:2:4}" --private -m "The RADIUS server again."
  expect_stderr <<EOF
private note added to $ID
EOF
  run -0 tail -n 6 "$FILE"
  expect_output <<'EOF'
[[log]]
at = 2026-11-23T10:05:00Z
by = "alice@example.edu"
event = "comment"
visibility = "private"
text = "The RADIUS server again."
EOF
  run -0 tier log "$ID"
  expect_output <<'EOF'
2026-11-23 10:00  alice@example.edu  create in service-desk
2026-11-23 10:05  alice@example.edu  comment  [private]
    The RADIUS server again.
EOF
  run -0 tier show "$ID" --as-requester
  [[ "$output" != *RADIUS* ]]
}

@test "a multi-line comment is kept as written, trailing blank lines trimmed" {
  run -0 tier comment "$ID" -m $'Please try:\n  1. restart\n  2. """reseat""" the tray\n\n'
  run -0 tail -n 9 "$FILE"
  expect_output <<'EOF'
[[log]]
at = 2026-11-23T10:05:00Z
by = "alice@example.edu"
event = "comment"
visibility = "public"
text = """
Please try:
  1. restart
  2. ""\"reseat""\" the tray"""
EOF
  run -0 tier log "$ID" --json
  run -0 python3 -c 'import json, sys; print(repr(json.loads(sys.argv[1])[-1]["text"]))' "$output"
  [[ "$output" == "'Please try:\\n  1. restart\\n  2. \"\"\"reseat\"\"\" the tray'" ]]
  run -0 tier check
}

@test "comment --file F reads the text from a file" {
  printf 'From a file.\nSecond line.\n' >note.txt
  run -0 tier comment "$ID" --file note.txt
  run -0 tier log "$ID"
  expect_output <<'EOF'
2026-11-23 10:00  alice@example.edu  create in service-desk
2026-11-23 10:05  alice@example.edu  comment
    From a file.
    Second line.
EOF
}

@test "comment --file - reads the text from standard input" {
  run -0 tier comment "$ID" --file - --private <<<"From standard input."
  run -0 tier log "$ID" --json
  run -0 python3 -c '
import json, sys
e = json.loads(sys.argv[1])[-1]
print(e["event"], e["visibility"], repr(e["text"]))
' "$output"
  [[ "$output" == "comment private 'From standard input.'" ]]
}

@test "a file that cannot be read is not found, and nothing is committed" {
  local head
  head="$(git rev-parse HEAD)"
  run -3 --separate-stderr tier comment "$ID" --file missing.txt
  expect_stderr <<'EOF'
tier: error: cannot read 'missing.txt'
EOF
  [[ "$(git rev-parse HEAD)" == "$head" ]]
}

@test "without -m or --file, and stdin not a terminal, comment is a usage error" {
  local head
  head="$(git rev-parse HEAD)"
  run -2 --separate-stderr tier comment "$ID" </dev/null
  [[ -z "$output" ]]
  expect_stderr <<'EOF'
tier: error: the comment needs -m TEXT or --file F when standard input is not a terminal
EOF
  echo "piped text is not read without --file -" | {
    run -2 tier comment "$ID"
  }
  [[ "$(git rev-parse HEAD)" == "$head" ]]
  expect_clean_status
}

@test "an empty comment is a usage error and saves nothing" {
  local head
  head="$(git rev-parse HEAD)"
  run -2 --separate-stderr tier comment "$ID" -m "   "
  expect_stderr <<'EOF'
tier: error: the comment is empty; nothing was saved
EOF
  run -2 tier comment "$ID" --file - <<<$'\n\n  \n'
  : >empty.txt
  run -2 tier comment "$ID" --file empty.txt
  [[ "$(git rev-parse HEAD)" == "$head" ]]
}

@test "-m and --file exclude each other" {
  echo text >note.txt
  run -2 --separate-stderr tier comment "$ID" -m "text" --file note.txt
  expect_stderr <<'EOF'
tier: error: --message excludes --file
hint: see 'tier comment --help'
EOF
}

@test "the log grows by exactly one entry per comment" {
  local n before
  for n in 1 2 3 4 5; do
    run -0 entry_count "$ID"
    before="$output"
    if ((n % 2)); then
      tier comment "$ID" -m "comment $n"
    else
      tier comment "$ID" --private -m "note $n"
    fi
    run -0 entry_count "$ID"
    [[ "$output" == $((before + 1)) ]]
  done
  run -0 entry_count "$ID" comment
  [[ "$output" == 5 ]]
  run -0 commit_count
  [[ "$output" == 7 ]]
  run -0 tier log "$ID" --json
  run -0 python3 -c '
import json, sys
print(" ".join(e.get("visibility", "-") + ":" + e.get("text", "") for e in json.loads(sys.argv[1])[1:]))
' "$output"
  [[ "$output" == "public:comment 1 private:note 2 public:comment 3 private:note 4 public:comment 5" ]]
}

@test "comment --json prints the ticket; -q prints nothing" {
  run -0 --separate-stderr tier comment "$ID" -m "json" --json
  [[ -z "$stderr" ]]
  run -0 python3 -c '
import json, sys
t = json.loads(sys.argv[1])
print(t["id"], len(t["log"]), t["log"][-1]["text"], t["updated"])
' "$output"
  [[ "$output" == "$ID 2 json 2026-11-23T10:05:00Z" ]]
  run -0 --separate-stderr tier comment "$ID" -m "quiet" -q
  [[ -z "$output" && -z "$stderr" ]]
}

@test "comment --pending on an open ticket waits on the requester" {
  tier claim "$ID"
  run -0 --separate-stderr tier comment "$ID" --pending -m "Which tray?"
  expect_stderr <<EOF
comment added to $ID; waiting on the requester
EOF
  run -0 tail -n 7 "$FILE"
  expect_output <<'EOF'
[[log]]
at = 2026-11-23T10:05:00Z
by = "alice@example.edu"
event = "comment"
visibility = "public"
pending = true
text = "Which tray?"
EOF
  run -0 tier list --status pending --format ids
  [[ "$output" == "$ID" ]]
  run -0 tier check
}

@test "comment --pending on a new ticket is refused" {
  local head
  head="$(git rev-parse HEAD)"
  run -5 --separate-stderr tier comment "$ID" --pending -m "Which tray?"
  expect_stderr <<EOF
tier: error: refused by rule 'transition': only an open ticket can wait on the requester; '$ID' is 'new'
EOF
  [[ "$(git rev-parse HEAD)" == "$head" ]]
}

@test "only the owner writes to the requester; anyone may add a private note" {
  tier claim "$ID"
  local head
  head="$(git rev-parse HEAD)"
  run -5 --separate-stderr tier --agent carol@example.edu comment "$ID" -m "Hello from Carol"
  expect_stderr <<EOF
tier: error: refused by rule 'public-by-owner': only the owner 'alice@example.edu' may write to the requester of '$ID'
hint: write a private note with --private
EOF
  [[ "$(git rev-parse HEAD)" == "$head" ]]
  run -0 tier --agent carol@example.edu comment "$ID" --private -m "Carol's note"
  run -0 tail -n 4 "$FILE"
  [[ "${lines[0]}" == 'by = "carol@example.edu"' ]]
}

@test "an agent the config does not know cannot comment" {
  run -5 --separate-stderr tier --agent zed@example.edu comment "$ID" -m "hello"
  [[ "${stderr_lines[0]}" == "tier: error: refused by rule 'unknown-agent': 'zed@example.edu' is not an agent of this help desk" ]]
  run -0 entry_count "$ID"
  [[ "$output" == 1 ]]
}

@test "a closed ticket takes no comment" {
  tier claim "$ID"
  tier resolve "$ID" -m "Tray 2 replaced."
  tier close "$ID"
  local head
  head="$(git rev-parse HEAD)"
  run -5 --separate-stderr tier comment "$ID" -m "one more thing"
  expect_stderr <<EOF
tier: error: refused by rule 'closed': '$ID' is closed and read-only
EOF
  [[ "$(git rev-parse HEAD)" == "$head" ]]
}
