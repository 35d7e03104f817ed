#!/usr/bin/env bats
# tier ingest: a requester's mail becomes a ticket, a public comment or a
# reopening; bad mail is refused whole, with its exit status and reason.

load helpers

MAIL="$BATS_TEST_DIRNAME/fixtures/mail"

setup() {
  tier_setup
  new_store
}

# A fixture with @ID@ replaced by the ticket's id, in the file $1.
mail_for() {
  sed "s/@ID@/$ID/g" "$MAIL/$1"
}

# A ticket of Dana's, claimed by Alice; its id in $ID.
opened_ticket() {
  ID=$(TIER_NOW=2026-11-23T10:00:00Z tier create --title "Printer on floor 2 jams" \
    --email dana.ruiz@milne.example.edu --name "Dana Ruiz" -m "It jams.") &&
    TIER_NOW=2026-11-23T10:10:00Z tier -q claim "$ID"
}

pending_ticket() {
  opened_ticket && TIER_NOW=2026-11-23T10:30:00Z tier -q comment "$ID" --pending -m "Which floor is it on?"
}

resolved_ticket() {
  opened_ticket && TIER_NOW=2026-11-23T12:00:00Z tier -q resolve "$ID" -m "Rollers cleaned."
}

closed_ticket() {
  resolved_ticket && TIER_NOW=2026-11-23T12:30:00Z tier -q close "$ID"
}

# The last log entry of the ticket, as the file has it.
last_entry() {
  awk '/^\[\[log\]\]$/ { text = "" } { text = text $0 "\n" } END { printf "%s", text }' "$(ticket_file "$ID")"
}

# Runs `tier ingest` on a fixture and checks that it fails with the exit
# status $1 and the message $3, and that nothing was committed.
expect_refused() {
  local code="$1" fixture="$2" message="$3" before
  before=$(commit_count)
  run --separate-stderr -"$code" tier ingest < <(mail_for "$fixture")
  [[ -z "$output" ]]
  expect_stderr <<<"$message"
  [[ "$(commit_count)" == "$before" ]]
  expect_clean_status
}

@test "ingest: a new message becomes a ticket, as the requester, with no agent set" {
  unset TIER_AGENT
  git config --global --unset user.email
  run --separate-stderr -0 env TIER_NOW=2026-11-23T10:00:00Z "$TIER_BIN" ingest < "$MAIL/new.eml"
  [[ -z "$stderr" ]]
  ID="$output"
  [[ "$ID" =~ ^T-[0-9a-z]{8}$ ]]
  [[ "$(tier list --format ids)" == "$ID" ]]
  got="$(cat "$(ticket_file "$ID")")"
  expect_output got <<EOF
format = 1
id = "$ID"
title = "Printer on floor 2 jams — again"
status = "new"
priority = "normal"
category = ""
tier = 1
group = "service-desk"
assignee = ""
owner = ""
escalations = 0
handbacks = 0
tags = []
created = 2026-11-23T10:00:00Z
updated = 2026-11-23T10:00:00Z

[requester]
name = "Dana Rúiz"
email = "dana.ruiz@milne.example.edu"
organization = "milne"

[[log]]
at = 2026-11-23T10:00:00Z
by = "dana.ruiz@milne.example.edu"
event = "create"
to = "service-desk"
tier = 1
visibility = "public"
title = "Printer on floor 2 jams — again"
priority = "normal"
requester = { name = "Dana Rúiz", email = "dana.ruiz@milne.example.edu", organization = "milne" }
message_id = "20261123095840.4711@milne.example.edu"
text = """
Hello,

the printer on floor 2 (HP 4000, asset LT-20931) jams on every page – since this morning."""
EOF
  got="$(git log -1 --format='%an <%ae>|%s|%(trailers:key=Tier-Op,valueonly)')"
  expect_output got \
    <<<"Dana Rúiz <dana.ruiz@milne.example.edu>|create $ID: Printer on floor 2 jams — again|create"
  expect_clean_status
  tier -q check
}

@test "ingest: --json prints what it did and the ticket" {
  run --separate-stderr -0 tier ingest --json < "$MAIL/new.eml"
  expect_json "$output"
  got="$(python3 -c 'import json,sys; j=json.loads(sys.argv[1]); print(j["action"], j["ticket"]["requester"]["email"], j["ticket"]["status"])' "$output")"
  expect_output got \
    <<<"created dana.ruiz@milne.example.edu new"
}

@test "ingest: a reply becomes a public comment by the requester, quotes and signature stripped" {
  opened_ticket
  run --separate-stderr -0 env TIER_NOW=2026-11-23T11:20:00Z "$TIER_BIN" ingest < <(mail_for reply.eml)
  [[ "$output" == "$ID" ]]
  [[ -z "$stderr" ]]
  got="$(last_entry)"
  expect_output got <<EOF
[[log]]
at = 2026-11-23T11:20:00Z
by = "dana.ruiz@milne.example.edu"
event = "comment"
visibility = "public"
message_id = "20261123112000.4712@milne.example.edu"
text = """
It's the 2nd floor, next to the café.
It still jams."""
EOF
  got="$(ticket_fields "$ID" status assignee)"
  expect_output got <<<$'status=open\nassignee=alice@example.edu'
  [[ "$(git log -1 --format='%ae|%s')" == "dana.ruiz@milne.example.edu|comment $ID: Printer on floor 2 jams" ]]
}

@test "ingest: a reply takes a pending ticket back to open" {
  pending_ticket
  [[ "$(ticket_fields "$ID" status)" == "status=pending" ]]
  run -0 env TIER_NOW=2026-11-23T11:20:00Z "$TIER_BIN" ingest < <(mail_for reply.eml)
  [[ "$output" == "$ID" ]]
  got="$(ticket_fields "$ID" status assignee)"
  expect_output got <<<$'status=open\nassignee=alice@example.edu'
  [[ "$(entry_count "$ID" comment)" == 2 ]]
}

@test "ingest: a reply reopens a resolved ticket, to its owner, with the reply as the note" {
  resolved_ticket
  run --separate-stderr -0 env TIER_NOW=2026-11-23T13:00:00Z "$TIER_BIN" ingest < <(mail_for reopen.eml)
  [[ "$output" == "$ID" ]]
  got="$(last_entry)"
  expect_output got <<EOF
[[log]]
at = 2026-11-23T13:00:00Z
by = "dana.ruiz@milne.example.edu"
event = "reopen"
visibility = "public"
text = "It jams again since the toner was changed."
EOF
  got="$(ticket_fields "$ID" status assignee)"
  expect_output got <<<$'status=open\nassignee=alice@example.edu'
  tier -q check
}

@test "ingest: mail without a From is invalid data" {
  expect_refused 6 no-from.eml "tier: error: the message has no From address"
}

@test "ingest: a From without an address is invalid data" {
  expect_refused 6 bad-from.eml "tier: error: cannot read the From address 'Dana Ruiz'"
}

@test "ingest: a free-mail address is refused by rule employer-email" {
  expect_refused 5 free-mail.eml \
    "tier: error: refused by rule 'employer-email': 'gmail.com' is a free-mail domain; the requester needs an employer address"
}

@test "ingest: an unknown domain is refused by rule supported-organization" {
  expect_refused 5 unknown-domain.eml \
    "tier: error: refused by rule 'supported-organization': no supported organization has the domain 'acme.example.com'"
}

@test "ingest: a reply from someone else than the requester is refused by rule requester-only" {
  opened_ticket
  expect_refused 5 not-requester.eml \
    "tier: error: refused by rule 'requester-only': 'carl.berg@milne.example.edu' is not the requester of '$ID'; only the requester's mail is added to it
hint: agents answer with 'tier comment'"
}

@test "ingest: broken MIME is invalid data" {
  expect_refused 6 broken-mime.eml "tier: error: the message is not valid MIME: a multipart has no boundary"
}

@test "ingest: what is not a message is invalid data" {
  expect_refused 6 not-a-message.eml "tier: error: the input is not a mail message: it has no headers"
}

@test "ingest: a message over [limits] message and a third is invalid data; --max-size sets another limit" {
  # [limits] message = "3M": room for 3 MiB of files in base64, and a MiB of text.
  sed -i 's/^message = .*/message = "3M"/' .tier/config.toml
  git commit -qam "Smaller mail"
  { cat "$MAIL/new.eml"; head -c 5242881 /dev/zero | tr '\0' 'x'; } >big.eml
  before=$(commit_count)
  run --separate-stderr -6 tier ingest <big.eml
  expect_stderr <<'EOF'
tier: error: the message is larger than 5242880 bytes
hint: a larger limit is set with --max-size
EOF
  run --separate-stderr -6 tier ingest --max-size 512 < "$MAIL/new.eml"
  expect_stderr <<'EOF'
tier: error: the message is larger than 512 bytes
hint: a larger limit is set with --max-size
EOF
  [[ "$(commit_count)" == "$before" ]]
  run -2 tier ingest --max-size 1G < "$MAIL/new.eml"
  [[ "$output" == "tier: error: --max-size is a number of bytes, with K or M for KiB or MiB, not '1G'" ]]
  run -0 tier ingest --max-size 2K < "$MAIL/new.eml"
}

@test "ingest: a reply to a closed ticket is refused by rule closed" {
  closed_ticket
  expect_refused 5 reply.eml "tier: error: refused by rule 'closed': '$ID' is closed and read-only"
}

@test "ingest: a reply naming no ticket of this store is not found" {
  ID=T-00000000
  expect_refused 3 reply.eml "tier: error: no ticket 'T-00000000'"
}

@test "ingest: a reply with nothing but quotes is refused by rule note-required" {
  opened_ticket
  printf 'From: dana.ruiz@milne.example.edu\nSubject: Re: [%s] x\n\nOn Mon, Help Desk wrote:\n> Which floor?\n' "$ID" >quote.eml
  before=$(commit_count)
  run --separate-stderr -5 tier ingest <quote.eml
  expect_stderr <<EOF
tier: error: refused by rule 'note-required': the reply to '$ID' has no text of its own
hint: quoted lines and the signature are left out
EOF
  [[ "$(commit_count)" == "$before" ]]
}

@test "ingest: automatic replies and the desk's own mail are ignored, to break loops" {
  opened_ticket
  before=$(commit_count)
  run --separate-stderr -0 tier ingest < <(mail_for auto-reply.eml)
  [[ -z "$output" ]]
  expect_stderr <<<"ignored the message: it is an automatic message (Auto-Submitted: auto-replied)"
  run --separate-stderr -0 tier ingest < <(mail_for from-desk.eml)
  [[ -z "$output" ]]
  expect_stderr <<<"ignored the message: it comes from the help desk's own address 'helpdesk@example.edu'"
  run --separate-stderr -0 tier -q ingest < <(mail_for from-desk.eml)
  [[ -z "$stderr" ]]
  [[ "$(commit_count)" == "$before" ]]
}

@test "ingest: --maildir handles new/ in name order, moves the handled to cur/, the refused to refused/" {
  opened_ticket
  mkdir -p ../inbox/new ../inbox/cur ../inbox/tmp
  cp "$MAIL/new.eml" ../inbox/new/1700000001.M1P1.host
  cp "$MAIL/free-mail.eml" ../inbox/new/1700000002.M2P2.host
  mail_for reply.eml >../inbox/new/1700000003.M3P3.host
  mail_for auto-reply.eml >../inbox/new/1700000004.M4P4.host
  cp "$MAIL/broken-mime.eml" ../inbox/new/1700000005.M5P5.host
  before=$(commit_count)
  run --separate-stderr -6 tier ingest --maildir ../inbox
  [[ "${lines[1]}" == "$ID" ]]
  [[ "${#lines[@]}" == 2 ]]
  NEW="${lines[0]}"
  [[ "$NEW" =~ ^T-[0-9a-z]{8}$ && "$NEW" != "$ID" ]]
  expect_stderr <<'EOF'
tier: error: 1700000002.M2P2.host: refused by rule 'employer-email': 'gmail.com' is a free-mail domain; the requester needs an employer address
ignored '1700000004.M4P4.host': it is an automatic message (Auto-Submitted: auto-replied)
tier: error: 1700000005.M5P5.host: the message is not valid MIME: a multipart has no boundary
EOF
  [[ -z "$(ls ../inbox/new)" ]]
  got="$(ls ../inbox/cur)"
  expect_output got <<'EOF'
1700000001.M1P1.host:2,S
1700000003.M3P3.host:2,S
1700000004.M4P4.host:2,S
EOF
  got="$(ls ../inbox/refused)"
  expect_output got <<'EOF'
1700000002.M2P2.host
1700000005.M5P5.host
EOF
  # The reason is a header above the message's own, which follow unchanged.
  got="$(head -1 ../inbox/refused/1700000002.M2P2.host)"
  expect_output got <<'EOF'
X-Tier-Refused: refused by rule 'employer-email': 'gmail.com' is a free-mail domain; the requester needs an employer address
EOF
  diff <(tail -n +2 ../inbox/refused/1700000002.M2P2.host) "$MAIL/free-mail.eml"
  [[ "$(commit_count)" == $((before + 2)) ]]
  [[ "$(entry_count "$ID" comment)" == 1 ]]
  expect_clean_status

  # Each refusal is reported once: the next run has nothing to say.
  run --separate-stderr -0 tier ingest --maildir ../inbox
  [[ -z "$output" && -z "$stderr" ]]
}

@test "ingest: --refused DIR takes the refused messages" {
  mkdir -p inbox/new
  cp "$MAIL/free-mail.eml" inbox/new/a
  run --separate-stderr -5 tier ingest --maildir inbox --refused elsewhere
  [[ -f elsewhere/a && ! -e inbox/refused && ! -e inbox/new/a ]]
}

@test "ingest: --maildir --json reports each message" {
  mkdir -p inbox/new
  cp "$MAIL/new.eml" inbox/new/a
  cp "$MAIL/no-from.eml" inbox/new/b
  run --separate-stderr -6 tier ingest --maildir inbox --json
  expect_json "$output"
  got="$(python3 -c '
import json, sys
for r in json.loads(sys.argv[1]):
    print(r["file"], r.get("action"), r.get("error", {}).get("code"), r.get("error", {}).get("message"))
' "$output")"
  expect_output got <<'EOF'
a created None None
b None 6 the message has no From address
EOF
  expect_stderr <<<'{"error":{"code":6,"message":"the message has no From address"},"file":"b"}'
  [[ -f "inbox/cur/a:2,S" && -f inbox/refused/b ]]
}

@test "ingest: --maildir without new/ is not found" {
  run -3 tier ingest --maildir nowhere
  [[ "$output" == "tier: error: no maildir at 'nowhere': 'nowhere/new' is not a directory" ]]
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
