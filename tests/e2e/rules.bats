#!/usr/bin/env bats
# No frozen tickets where a process is the point: the server's pre-receive
# hook refusing a pending ticket released by hand, the README's example run
# by bash, and the editor's template on a terminal that says who will read
# the text. The rules themselves are tested in memory
# (tests/unit/workflow_test.cpp, search_test.cpp, view_test.cpp), the
# commands in process (tests/cli/rules_test.cpp); these prove the wiring,
# with a fixed clock, in New York time.

load helpers

setup() {
  tier_setup
  export TZ=America/New_York  # a zone with daylight saving time, as a desk's
}

# A ticket claimed by alice and set pending, waiting on the requester;
# prints its id.
pending_ticket() {
  export TIER_NOW=2026-12-04T09:00:00Z
  local id
  id="$(tier create --title "Laptop drops Wi-Fi" --email dana.ruiz@milne.example.edu)" || return 1
  export TIER_NOW=2026-12-04T09:05:00Z
  tier -q claim "$id" || return 1
  export TIER_NOW=2026-12-04T09:10:00Z
  tier -q comment "$id" --pending -m "Does a cable help?" || return 1
  echo "$id"
}

@test "pre-receive refuses a pending ticket released by hand by a non-lead, and takes a lead's" {
  new_hooked_team
  cd a
  ID="$(pending_ticket)"
  cd ..
  FILE="$(ticket_file "$ID")"
  git -C a push -q origin main 2>/dev/null || true
  [[ "$(git -C server.git rev-parse main)" == "$(git -C a rev-parse main)" ]]
  forge_release() {
    git -C a reset -q --hard origin/main
    printf '\n[[log]]\nat = 2026-12-04T10:00:00Z\nby = "%s"\nevent = "release"\nvisibility = "private"\ntext = "Away"\n' "$1" >>"a/$FILE"
    sed -i -e 's/^updated = .*/updated = 2026-12-04T10:00:00Z/' -e 's/^status = "pending"/status = "new"/' \
      -e '/^assignee = /d' "a/$FILE"
    git -C a add -A && git -C a commit -q --no-verify -m "release by hand"
  }
  forge_release alice@example.edu
  run -0 tier -C a check
  run --separate-stderr git -C a push --no-verify origin main
  [[ "$status" != 0 ]]
  [[ "$stderr" == *"refused by rule 'not-lead': log entry 4 (release): '$ID' is pending: only a lead of 'service-desk' or an admin may release it"* ]]
  forge_release carol@example.edu
  run -0 git -C a push -q --no-verify origin main
  [[ "$(git -C server.git rev-parse main)" == "$(git -C a rev-parse main)" ]]
}

@test "the README's store in a minute does what it says, its search included" {
  export TIER_NOW=2026-12-04T09:00:00Z
  # The lines of the README's first example, run as they are.
  sed -n '/^## A store in a minute/,/^```$/{/^```sh$/,/^```$/p}' "$E2E_DIR/../../README.md" |
    sed -e '1d' -e '$d' -e 's/[[:space:]]*#.*$//' >minute.sh
  grep -qx 'tier search wifi drops' minute.sh
  run -0 bash -c "set -e; tier() { '$TIER_BIN' \"\$@\"; }; source minute.sh 2>&1"
  [[ "$output" == *"T-"*"Laptop drops Wi-Fi"* ]]
  cd desk
  run -0 tier search --format ids wifi drops
  [[ "$output" == "T-"* && "$output" != *$'\n'* ]]
}

# An editor that keeps the template it was given and writes $EDIT_TEXT
# above it, as a person would.
template_editor() {
  cat >"$BATS_TEST_TMPDIR/template-editor" <<'EOF'
#!/bin/sh
cp "$1" "$BATS_TEST_TMPDIR/template.txt"
{ printf '%s\n' "$EDIT_TEXT"; cat "$BATS_TEST_TMPDIR/template.txt"; } >"$1.new" && mv "$1.new" "$1"
EOF
  chmod +x "$BATS_TEST_TMPDIR/template-editor"
  export EDITOR="$BATS_TEST_TMPDIR/template-editor"
}

# Runs tier on a terminal (script(1)), so that it opens the editor.
on_terminal() {
  local cmd="'$TIER_BIN'"
  local a
  for a in "$@"; do cmd+=" '$a'"; done
  script -qec "$cmd" /dev/null
}

@test "the editor's template says PUBLIC or private, and what an escalation still lacks" {
  command -v script >/dev/null || skip "no script(1)"
  template_editor
  new_store
  export TIER_NOW=2026-12-04T09:00:00Z
  ID="$(tier create --title "Laptop drops Wi-Fi" --email dana.ruiz@milne.example.edu --asset LT-20931)"
  tier -q claim "$ID"
  export EDIT_TEXT="We are on it."
  run -0 on_terminal comment "$ID"
  run -0 cat "$BATS_TEST_TMPDIR/template.txt"
  expect_output <<'EOF'

# Write the comment above.
# It is PUBLIC: it is sent to the requester and shown in their view.
# Lines starting with '#' are left out; an empty comment cancels
# and changes nothing.
EOF
  run -0 on_terminal comment "$ID" --private
  run -0 cat "$BATS_TEST_TMPDIR/template.txt"
  expect_output <<'EOF'

# Write the private note above.
# It is private: for agents only, never sent or shown to the requester.
# Lines starting with '#' are left out; an empty private note cancels
# and changes nothing.
EOF
  run -0 git show "HEAD:$(ticket_file "$ID")"
  [[ "$output" == *'visibility = "private"
text = "We are on it."' ]]
  # The escalation lists the fields still missing; an empty note cancels.
  export EDIT_TEXT=""
  N="$(commit_count)"
  run -2 on_terminal escalate "$ID" --tried "Rebooted"
  [[ "$output" == *"tier: error: the escalation note is empty; nothing was saved"* ]]
  [[ "$(commit_count)" == "$N" ]]
  run -0 cat "$BATS_TEST_TMPDIR/template.txt"
  expect_output <<'EOF'

# Write the escalation note above.
# It is private: for agents only, never sent or shown to the requester.
# Lines starting with '#' are left out; an empty escalation note cancels
# and changes nothing.
#
# The escalation template still lacks: location, symptoms, connection.
# Without them the escalation is refused: leave the note empty to cancel,
# then escalate again with
#   --location PLACE             where it is
#   --symptoms TEXT              symptoms or errors seen
#   --connection wired|wireless  how it is connected
EOF
  export EDIT_TEXT="Needs the RADIUS side."
  run -0 on_terminal escalate "$ID" --tried Rebooted --location B12 --symptoms drops --connection wireless
  grep -qx '# It is private: for agents only, never sent or shown to the requester.' "$BATS_TEST_TMPDIR/template.txt"
  run -1 grep -q 'still lacks' "$BATS_TEST_TMPDIR/template.txt"
  # The resolution is public (here refused: the ticket is in tier 2's queue).
  run -5 on_terminal resolve "$ID"
  [[ "$output" == *"refused by rule 'transition'"* ]]
  grep -qx '# It is PUBLIC: it is sent to the requester and shown in their view.' "$BATS_TEST_TMPDIR/template.txt"
}
