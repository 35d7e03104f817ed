#!/usr/bin/env bats
# tier ingest in a clone with sync.auto: the mail's change is pulled onto
# and pushed as the requester, through the server's hooks. The rest of
# ingest (tickets, comments, reopenings, refusals, maildirs) is in
# tests/cli/ingest_test.cpp.

load helpers

MAIL="$BATS_TEST_DIRNAME/fixtures/mail"

# A fixture with @ID@ replaced by the ticket's id, in the file $1.
mail_for() {
  sed "s/@ID@/$ID/g" "$MAIL/$1"
}

@test "ingest: in a clone with sync.auto, pulls first and pushes each change as the requester" {
  cd "$BATS_TEST_TMPDIR"
  new_hooked_team
  ID=$(tier -C a create --title "Printer on floor 2 jams" --email dana.ruiz@milne.example.edu --name "Dana Ruiz")
  tier -C a -q claim "$ID"
  unset TIER_AGENT
  git config --global --unset user.email
  # b has not seen the ticket: ingest pulls before it looks for it.
  run --separate-stderr -0 tier -C b ingest < <(mail_for reply.eml)
  [[ "$output" == "$ID" ]]
  [[ -z "$stderr" ]]
  got="$(git -C server.git log -1 --format='%an <%ae>|%s')"
  expect_output got <<<"Dana Ruiz <dana.ruiz@milne.example.edu>|comment $ID: Printer on floor 2 jams"
}
