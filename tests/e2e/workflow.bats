#!/usr/bin/env bats
# The tiered-support workflow end to end on one store: issue 4's story of a
# ticket through tier 1 and tier 2 and back, the rules that refuse, and the
# smaller commands (pending, appointments, edit, assign, release, queue,
# close --resolved-before). After every step `tier check` is clean, and the
# header is checked through `tier show --json`.

load helpers

TITLE="Laptop drops Wi-Fi in Strand Ag basement"

setup() {
  tier_setup
  new_store
}

# Sets the clock: `at 09:05` is 2026-11-23T09:05:00Z.
at() {
  export TIER_NOW="2026-11-23T$1:00Z"
}

# `tier check` exits 0 and prints nothing, and the work tree is committed.
clean() {
  run -0 --separate-stderr tier check
  [[ -z "$output" ]]
  expect_clean_status
}

new_ticket() {
  tier create --title "${1:-$TITLE}" --email "${2:-dana.ruiz@milne.example.edu}" --name "Dana Ruiz" \
    --category "${3:-network}"
}

TEMPLATE=(--asset LT-20931 --location "Strand Ag B12" --symptoms "Drops every 10 minutes; 802.1X timeouts"
  --tried "Forgot network, updated driver, wired works" --connection wireless)

@test "issue 4: a ticket through tier 1 and tier 2 and back, every rule on the way" {
  at 09:00
  ID="$(new_ticket)"
  clean
  run -0 ticket_fields "$ID" status tier group assignee owner escalations handbacks
  expect_output <<'EOF'
status=new
tier=1
group=service-desk
assignee=
owner=
escalations=0
handbacks=0
EOF

  # alice of the service desk claims it and becomes its owner.
  at 09:05
  run -0 --separate-stderr tier --agent alice@example.edu claim "$ID"
  expect_stderr <<EOF
claimed $ID: $TITLE
EOF
  clean
  run -0 ticket_fields "$ID" status assignee owner
  expect_output <<'EOF'
status=open
assignee=alice@example.edu
owner=alice@example.edu
EOF

  # carol's claim comes second: a conflict naming the holder.
  at 09:06
  run -4 --separate-stderr tier --agent carol@example.edu claim "$ID"
  [[ -z "$output" ]]
  expect_stderr <<EOF
tier: error: '$ID' is already claimed by 'alice@example.edu'
EOF
  clean
  run -0 ticket_fields "$ID" assignee
  [[ "$output" == assignee=alice@example.edu ]]

  # No punting: an escalation without the template names what it lacks.
  at 09:10
  run -5 --separate-stderr tier --agent alice@example.edu escalate "$ID" -m "Needs a look at the RADIUS side."
  expect_stderr <<'EOF'
tier: error: refused by rule 'escalation-template': the escalation template lacks asset, location, symptoms, tried, connection
hint: fill it in with --asset --location --symptoms --tried --connection
EOF
  clean
  run -5 --separate-stderr tier --agent alice@example.edu escalate "$ID" -m "Needs a look." --asset LT-20931 \
    --connection wireless
  expect_stderr <<'EOF'
tier: error: refused by rule 'escalation-template': the escalation template lacks location, symptoms, tried
hint: fill it in with --location --symptoms --tried
EOF
  run -0 ticket_fields "$ID" status escalations
  expect_output <<'EOF'
status=open
escalations=0
EOF

  # With it, the ticket goes to tier 2's queue, not to a person; alice stays the owner.
  at 09:15
  run -0 --separate-stderr tier --agent alice@example.edu escalate "$ID" -m "Needs a look at the RADIUS side." \
    "${TEMPLATE[@]}"
  expect_stderr <<EOF
escalated $ID to cx-tier2 (tier 2), in its queue
EOF
  clean
  run -0 ticket_fields "$ID" status tier group assignee owner escalations handbacks details
  expect_output <<'EOF'
status=escalated
tier=2
group=cx-tier2
assignee=
owner=alice@example.edu
escalations=1
handbacks=0
details={"asset": "LT-20931", "connection": "wireless", "location": "Strand Ag B12", "symptoms": "Drops every 10 minutes; 802.1X timeouts", "tried": "Forgot network, updated driver, wired works"}
EOF

  # bob of tier 2 pulls it from the queue and works with private notes.
  at 09:20
  run -0 --separate-stderr tier --agent bob@example.edu claim "$ID"
  expect_stderr <<EOF
claimed $ID: $TITLE
EOF
  clean
  run -0 ticket_fields "$ID" status group assignee owner
  expect_output <<'EOF'
status=open
group=cx-tier2
assignee=bob@example.edu
owner=alice@example.edu
EOF
  at 09:25
  run -0 --separate-stderr tier --agent bob@example.edu comment "$ID" --private -m "RADIUS certificate expired on one AP."
  expect_stderr <<EOF
private note added to $ID
EOF
  clean

  # He hands it back to the owner.
  at 09:30
  run -0 --separate-stderr tier --agent bob@example.edu handback "$ID" -m "Renewed the certificate; ask Dana to test."
  expect_stderr <<EOF
handed $ID back to alice@example.edu in service-desk
EOF
  clean
  run -0 ticket_fields "$ID" status tier group assignee owner escalations handbacks
  expect_output <<'EOF'
status=open
tier=1
group=service-desk
assignee=alice@example.edu
owner=alice@example.edu
escalations=1
handbacks=1
EOF

  # The owner writes to the requester; tier 2 may not.
  at 09:35
  run -0 --separate-stderr tier --agent alice@example.edu comment "$ID" -m "Could you try again now?"
  expect_stderr <<EOF
comment added to $ID
EOF
  clean
  at 09:36
  run -5 --separate-stderr tier --agent bob@example.edu comment "$ID" -m "Hi Dana, this is Bob."
  expect_stderr <<EOF
tier: error: refused by rule 'public-by-owner': only the owner 'alice@example.edu' may write to the requester of '$ID'
hint: write a private note with --private
EOF
  clean

  # A second escalation goes straight back to the agent who handed it back.
  at 09:40
  run -0 --separate-stderr tier --agent alice@example.edu escalate "$ID" -m "Still drops in room B14."
  expect_stderr <<EOF
escalated $ID to cx-tier2 (tier 2), straight back to bob@example.edu
EOF
  clean
  run -0 ticket_fields "$ID" status tier group assignee owner escalations handbacks
  expect_output <<'EOF'
status=open
tier=2
group=cx-tier2
assignee=bob@example.edu
owner=alice@example.edu
escalations=2
handbacks=1
EOF

  # Escalated twice or more: show and list flag it.
  run -0 tier show "$ID"
  [[ "${lines[6]}" == "escalated   2 times, handed back 1 time  [escalated twice or more]" ]]
  run -0 tier list
  [[ "${lines[1]}" == "$ID  open    normal    2     cx-tier2  bob@example.edu  2026-11-23 09:40  $TITLE  [escalated 2x]" ]]

  at 09:45
  run -0 --separate-stderr tier --agent bob@example.edu handback "$ID" -m "Second AP fixed as well."
  expect_stderr <<EOF
handed $ID back to alice@example.edu in service-desk
EOF
  clean

  # With --queue the third escalation goes to the group's queue instead.
  at 09:50
  run -0 --separate-stderr tier --agent alice@example.edu escalate "$ID" --queue -m "Third room now, B16."
  expect_stderr <<EOF
escalated $ID to cx-tier2 (tier 2), in its queue
EOF
  clean
  run -0 ticket_fields "$ID" status group assignee owner escalations handbacks
  expect_output <<'EOF'
status=escalated
group=cx-tier2
assignee=
owner=alice@example.edu
escalations=3
handbacks=2
EOF
  at 09:55
  run -0 tier --agent erin@example.edu claim "$ID"
  at 10:00
  run -0 --separate-stderr tier --agent erin@example.edu handback "$ID" -m "Replaced the AP in B16."
  expect_stderr <<EOF
handed $ID back to alice@example.edu in service-desk
EOF
  clean
  run -0 ticket_fields "$ID" status group assignee handbacks
  expect_output <<'EOF'
status=open
group=service-desk
assignee=alice@example.edu
handbacks=3
EOF

  # Resolved by the owner, rated, closed; a closed ticket is read-only.
  at 10:05
  run -0 --separate-stderr tier --agent alice@example.edu resolve "$ID" -m "Fixed: three access points renewed."
  expect_stderr <<EOF
resolved $ID: $TITLE
EOF
  clean
  at 10:10
  run -0 --separate-stderr tier --agent alice@example.edu rate "$ID" 5
  expect_stderr <<EOF
rated $ID 5/5
EOF
  clean
  at 10:15
  run -0 --separate-stderr tier --agent carol@example.edu close "$ID"
  expect_stderr <<EOF
closed $ID: $TITLE
EOF
  clean
  run -0 ticket_fields "$ID" status tier group assignee owner escalations handbacks csat updated
  expect_output <<'EOF'
status=closed
tier=1
group=service-desk
assignee=alice@example.edu
owner=alice@example.edu
escalations=3
handbacks=3
csat=5
updated=2026-11-23T10:15:00Z
EOF
  at 10:20
  run -5 --separate-stderr tier --agent alice@example.edu comment "$ID" -m "One more thing"
  expect_stderr <<EOF
tier: error: refused by rule 'closed': '$ID' is closed and read-only
EOF
  run -5 --separate-stderr tier --agent alice@example.edu comment "$ID" --private -m "One more thing"
  expect_stderr <<EOF
tier: error: refused by rule 'closed': '$ID' is closed and read-only
EOF
  clean

  # The whole history, in order, private notes marked.
  run -0 tier log "$ID"
  expect_output <<'EOF'
2026-11-23 09:00  alice@example.edu  create in service-desk
2026-11-23 09:05  alice@example.edu  claim
2026-11-23 09:15  alice@example.edu  escalate to cx-tier2 (tier 2)  [private]
    Needs a look at the RADIUS side.
2026-11-23 09:20  bob@example.edu  claim
2026-11-23 09:25  bob@example.edu  comment  [private]
    RADIUS certificate expired on one AP.
2026-11-23 09:30  bob@example.edu  handback to alice@example.edu in service-desk  [private]
    Renewed the certificate; ask Dana to test.
2026-11-23 09:35  alice@example.edu  comment
    Could you try again now?
2026-11-23 09:40  alice@example.edu  escalate to cx-tier2 (tier 2), straight back to bob@example.edu  [private]
    Still drops in room B14.
2026-11-23 09:45  bob@example.edu  handback to alice@example.edu in service-desk  [private]
    Second AP fixed as well.
2026-11-23 09:50  alice@example.edu  escalate to cx-tier2 (tier 2)  [private]
    Third room now, B16.
2026-11-23 09:55  erin@example.edu  claim
2026-11-23 10:00  erin@example.edu  handback to alice@example.edu in service-desk  [private]
    Replaced the AP in B16.
2026-11-23 10:05  alice@example.edu  resolve
    Fixed: three access points renewed.
2026-11-23 10:10  alice@example.edu  rate 5/5
2026-11-23 10:15  carol@example.edu  close
EOF
  # A refusal commits nothing: one commit per step that was made.
  run -0 git log --format=%s
  [[ "${#lines[@]}" == 16 ]]
  [[ "${lines[0]}" == "close $ID: $TITLE" ]]
  [[ "${lines[14]}" == "create $ID: $TITLE" ]]

  # An accounts ticket, escalated to cn-accounts by its route, before the policy changes.
  at 10:30
  ACC="$(new_ticket "Cannot log in to the catalogue" dana.ruiz@milne.example.edu accounts)"
  tier --agent alice@example.edu claim "$ACC"
  tier --agent alice@example.edu escalate "$ACC" -m "Locked account." "${TEMPLATE[@]}"
  tier --agent dave@example.edu claim "$ACC"
  clean
  local before_headers
  before_headers="$(tier list --format json)"

  # History survives a policy change: bob leaves cx-tier2, cn-accounts moves
  # to tier 3. Every old ticket still replays to the same header.
  python3 - .tier/config.toml <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
s2 = s.replace('members = ["bob@example.edu", "erin@example.edu"]', 'members = ["erin@example.edu"]')
s2 = re.sub(r'(id = "cn-accounts"\ntier = )2', r'\g<1>3', s2)
assert s2.count('"bob@example.edu"') == s.count('"bob@example.edu"') - 1 and 'tier = 3' in s2
open(p, "w").write(s2)
PY
  git add .tier/config.toml
  git -c user.name="IT Admin" -c user.email=it-admin@example.edu commit -q -m "policy: bob leaves desktop support"
  [[ "$(git log -1 --format=%ae)" == it-admin@example.edu ]]
  clean
  [[ "$(tier list --format json)" == "$before_headers" ]]
  run -0 ticket_fields "$ACC" tier group assignee
  expect_output <<'EOF'
tier=2
group=cn-accounts
assignee=dave@example.edu
EOF
  # ...while new entries follow the new policy.
  at 10:40
  NEXT="$(new_ticket "Dock does not charge")"
  tier --agent alice@example.edu claim "$NEXT"
  run -0 --separate-stderr tier --agent alice@example.edu escalate "$NEXT" -m "Needs a new dock." "${TEMPLATE[@]}"
  run -5 --separate-stderr tier --agent bob@example.edu claim "$NEXT"
  expect_stderr <<'EOF'
tier: error: refused by rule 'not-member': 'bob@example.edu' is not a member of 'cx-tier2'
EOF
  run -0 tier --agent erin@example.edu claim "$NEXT"
  ACC2="$(new_ticket "Password reset loops" dana.ruiz@milne.example.edu accounts)"
  tier --agent alice@example.edu claim "$ACC2"
  run -0 --separate-stderr tier --agent alice@example.edu escalate "$ACC2" -m "Reset loops." "${TEMPLATE[@]}"
  expect_stderr <<EOF
escalated $ACC2 to cn-accounts (tier 3), in its queue
EOF
  clean
}

@test "an accounts ticket escalates to cn-accounts by its route; --to cx-tier2 names the route" {
  at 09:00
  ID="$(new_ticket "Cannot log in to the catalogue" dana.ruiz@milne.example.edu accounts)"
  tier --agent alice@example.edu claim "$ID"
  at 09:05
  run -5 --separate-stderr tier --agent alice@example.edu escalate "$ID" --to cx-tier2 -m "Locked out." "${TEMPLATE[@]}"
  expect_stderr <<'EOF'
tier: error: refused by rule 'route': category 'accounts' goes to 'cn-accounts'
hint: escalate without --to, or with --to cn-accounts
EOF
  clean
  run -0 --separate-stderr tier --agent alice@example.edu escalate "$ID" -m "Locked out." "${TEMPLATE[@]}"
  expect_stderr <<EOF
escalated $ID to cn-accounts (tier 2), in its queue
EOF
  clean
  run -0 ticket_fields "$ID" status tier group assignee owner escalations
  expect_output <<'EOF'
status=escalated
tier=2
group=cn-accounts
assignee=
owner=alice@example.edu
escalations=1
EOF
  # Only the accounts team may pull it.
  run -5 --separate-stderr tier --agent bob@example.edu claim "$ID"
  expect_stderr <<'EOF'
tier: error: refused by rule 'not-member': 'bob@example.edu' is not a member of 'cn-accounts'
EOF
  run -0 tier --agent dave@example.edu claim "$ID"
  clean
}

@test "a route is open to every organization: a hollis accounts ticket reaches cn-accounts" {
  at 09:00
  ID="$(new_ticket "Cannot log in" sam@hollis.example.org accounts)"
  tier --agent alice@example.edu claim "$ID"
  run -0 tier --agent alice@example.edu escalate "$ID" -m "Locked out." "${TEMPLATE[@]}"
  run -0 ticket_fields "$ID" group
  [[ "$output" == group=cn-accounts ]]
  clean
}

@test "a hollis.example.org ticket cannot go to cx-tier2: rule subscription" {
  at 09:00
  ID="$(new_ticket "Projector flickers" sam@hollis.example.org hardware)"
  run -0 ticket_fields "$ID" requester
  [[ "$output" == 'requester={"email": "sam@hollis.example.org", "name": "Dana Ruiz", "organization": "hollis"}' ]]
  tier --agent alice@example.edu claim "$ID"
  at 09:05
  run -5 --separate-stderr tier --agent alice@example.edu escalate "$ID" -m "Needs desktop support." "${TEMPLATE[@]}"
  expect_stderr <<'EOF'
tier: error: refused by rule 'subscription': organization 'hollis' does not subscribe to 'cx-tier2'
EOF
  run -5 --separate-stderr tier --agent alice@example.edu escalate "$ID" --to cx-tier2 -m "Needs desktop support." \
    "${TEMPLATE[@]}"
  expect_stderr <<'EOF'
tier: error: refused by rule 'subscription': organization 'hollis' does not subscribe to 'cx-tier2'
EOF
  run -0 ticket_fields "$ID" status group escalations
  expect_output <<'EOF'
status=open
group=service-desk
escalations=0
EOF
  clean
}

@test "a requester with a free-mail address is refused: rule employer-email" {
  at 09:00
  local before
  before="$(git rev-parse HEAD)"
  run -5 --separate-stderr tier create --title "Printer jams" --email someone@gmail.com
  [[ -z "$output" ]]
  expect_stderr <<'EOF'
tier: error: refused by rule 'employer-email': 'gmail.com' is a free-mail domain; the requester needs an employer address
EOF
  [[ "$(git rev-parse HEAD)" == "$before" ]]
  run -5 --separate-stderr tier create --title "Printer jams" --email someone@unknown.example.com
  expect_stderr <<'EOF'
tier: error: refused by rule 'supported-organization': no supported organization has the domain 'unknown.example.com'
EOF
  [[ "$(git rev-parse HEAD)" == "$before" ]]
  clean
}

@test "comment --pending waits on the requester; a later comment takes it back to open" {
  at 09:00
  ID="$(new_ticket)"
  tier claim "$ID"
  at 09:05
  run -0 --separate-stderr tier comment "$ID" --pending -m "Could you send a photo of the error?"
  expect_stderr <<EOF
comment added to $ID; waiting on the requester
EOF
  clean
  run -0 ticket_fields "$ID" status updated
  expect_output <<'EOF'
status=pending
updated=2026-11-23T09:05:00Z
EOF
  run -0 tier show "$ID" --as-requester
  [[ "${lines[1]}" == "status      waiting on you" ]]
  run -0 tier log "$ID"
  [[ "${lines[2]}" == "2026-11-23 09:05  alice@example.edu  comment, waiting on the requester" ]]
  at 09:30
  run -0 tier comment "$ID" -m "Thanks, got it."
  clean
  run -0 ticket_fields "$ID" status
  [[ "$output" == status=open ]]
  # A private note also ends the wait, and --pending on a new ticket is refused.
  tier comment "$ID" --pending -m "Anything else?"
  tier comment "$ID" --private -m "Photo shows 802.1X error."
  run -0 ticket_fields "$ID" status
  [[ "$output" == status=open ]]
  ID2="$(new_ticket "Second")"
  run -5 --separate-stderr tier comment "$ID2" --pending -m "Waiting"
  expect_stderr <<EOF
tier: error: refused by rule 'transition': only an open ticket can wait on the requester; '$ID2' is 'new'
EOF
  clean
}

@test "appoint sets the appointment and the assignee; show and list mention it" {
  at 09:00
  ID="$(new_ticket)"
  at 09:10
  run -0 --separate-stderr tier --agent carol@example.edu appoint "$ID" --at 2026-11-24T14:00:00Z \
    --technician bob@example.edu --place "Strand Ag B12"
  expect_stderr <<EOF
appointment for $ID: 2026-11-24 14:00 at Strand Ag B12 with bob@example.edu
EOF
  clean
  run -0 ticket_fields "$ID" status assignee appointment
  expect_output <<'EOF'
status=open
assignee=bob@example.edu
appointment={"at": "2026-11-24T14:00:00Z", "place": "Strand Ag B12", "technician": "bob@example.edu"}
EOF
  run -0 tier show "$ID"
  [[ "$output" == *$'\nappointment 2026-11-24 14:00 at Strand Ag B12 with bob@example.edu  upcoming\n'* ]]
  run -0 tier list
  [[ "${lines[1]}" == *"$TITLE  [appointment 2026-11-24 14:00]" ]]
  run -0 tier log "$ID"
  [[ "${lines[1]}" == "2026-11-23 09:10  carol@example.edu  appoint 2026-11-24 14:00 at Strand Ag B12 with bob@example.edu" ]]
  # Once it has passed, list no longer mentions it and show drops "upcoming".
  export TIER_NOW=2026-11-25T09:00:00Z
  run -0 tier list
  [[ "${lines[1]}" == *"$TITLE" ]]
  run -0 tier show "$ID"
  [[ "$output" == *$'\nappointment 2026-11-24 14:00 at Strand Ag B12 with bob@example.edu\n'* ]]
  # The technician must be an agent.
  ID2="$(new_ticket "Second")"
  run -5 --separate-stderr tier --agent carol@example.edu appoint "$ID2" --at 2026-11-26T10:00:00Z \
    --technician dana.ruiz@milne.example.edu --place B12
  expect_stderr <<'EOF'
tier: error: refused by rule 'unknown-agent': 'dana.ruiz@milne.example.edu' is not an agent of this help desk
EOF
  clean
}

@test "edit: tags added and removed, priority changed, each one entry" {
  at 09:00
  ID="$(new_ticket)"
  tier claim "$ID"
  at 09:05
  run -0 --separate-stderr tier edit "$ID" --tag +wifi --tag +basement
  expect_stderr <<EOF
edited $ID: $TITLE
EOF
  clean
  run -0 ticket_fields "$ID" tags
  [[ "$output" == 'tags=["wifi", "basement"]' ]]
  at 09:10
  run -0 tier edit "$ID" --tag -basement --priority high
  clean
  run -0 ticket_fields "$ID" tags priority updated
  expect_output <<'EOF'
tags=["wifi"]
priority=high
updated=2026-11-23T09:10:00Z
EOF
  run -0 tier log "$ID"
  [[ "${lines[2]}" == "2026-11-23 09:05  alice@example.edu  edit tags" ]]
  [[ "${lines[3]}" == "2026-11-23 09:10  alice@example.edu  edit priority high, tags" ]]
  run -0 tier list --tag wifi --format ids
  [[ "$output" == "$ID" ]]
  run -0 tier list --priority high --format ids
  [[ "$output" == "$ID" ]]
  run -2 tier edit "$ID" --priority whenever
  run -2 --separate-stderr tier edit "$ID" --tag wifi
  expect_stderr <<'EOF'
tier: error: 'wifi' is not a tag change
hint: add a tag with --tag +T, remove one with --tag -T
EOF
  # Not the assignee, the owner or a lead: refused.
  run -5 --separate-stderr tier --agent bob@example.edu edit "$ID" --priority low
  expect_stderr <<EOF
tier: error: refused by rule 'not-assignee': only the assignee, the owner or a lead may edit '$ID'
EOF
  clean
}

@test "assign: a lead may, a member who is not a lead may not" {
  at 09:00
  ID="$(new_ticket)"
  at 09:05
  run -5 --separate-stderr tier --agent alice@example.edu assign "$ID" carol@example.edu
  expect_stderr <<'EOF'
tier: error: refused by rule 'not-lead': only a lead of 'service-desk' or an admin may assign
EOF
  run -0 ticket_fields "$ID" status assignee
  expect_output <<'EOF'
status=new
assignee=
EOF
  run -0 --separate-stderr tier --agent carol@example.edu assign "$ID" alice@example.edu
  expect_stderr <<EOF
assigned $ID to alice@example.edu
EOF
  clean
  run -0 ticket_fields "$ID" status assignee owner
  expect_output <<'EOF'
status=open
assignee=alice@example.edu
owner=alice@example.edu
EOF
  # Only to a member of the ticket's group; an admin may assign too.
  run -5 --separate-stderr tier --agent carol@example.edu assign "$ID" bob@example.edu
  expect_stderr <<'EOF'
tier: error: refused by rule 'not-member': 'bob@example.edu' is not a member of 'service-desk'
EOF
  run -0 tier --agent it-admin@example.edu assign "$ID" carol@example.edu
  run -0 ticket_fields "$ID" assignee owner
  expect_output <<'EOF'
assignee=carol@example.edu
owner=alice@example.edu
EOF
  clean
}

@test "release puts a ticket back in the queue it came from: new at tier 1, escalated at tier 2" {
  at 09:00
  ID="$(new_ticket)"
  tier claim "$ID"
  at 09:05
  run -5 --separate-stderr tier --agent carol@example.edu release "$ID"
  expect_stderr <<EOF
tier: error: refused by rule 'not-assignee': only the assignee may release '$ID'; it is held by 'alice@example.edu'
EOF
  run -0 --separate-stderr tier release "$ID"
  expect_stderr <<EOF
released $ID to the queue of service-desk
EOF
  clean
  run -0 ticket_fields "$ID" status assignee owner
  expect_output <<'EOF'
status=new
assignee=
owner=alice@example.edu
EOF
  run -0 tier queue --format ids
  [[ "$output" == "$ID" ]]
  # The owner stays: carol's later claim makes her the assignee only.
  at 09:10
  tier --agent carol@example.edu claim "$ID"
  run -0 ticket_fields "$ID" assignee owner
  expect_output <<'EOF'
assignee=carol@example.edu
owner=alice@example.edu
EOF
  tier --agent carol@example.edu escalate "$ID" -m "Needs tier 2." "${TEMPLATE[@]}"
  tier --agent bob@example.edu claim "$ID"
  at 09:15
  run -0 --separate-stderr tier --agent bob@example.edu release "$ID"
  expect_stderr <<EOF
released $ID to the queue of cx-tier2
EOF
  clean
  run -0 ticket_fields "$ID" status tier group assignee
  expect_output <<'EOF'
status=escalated
tier=2
group=cx-tier2
assignee=
EOF
  run -0 tier --agent erin@example.edu queue --format ids
  [[ "$output" == "$ID" ]]
  run -5 tier release "$ID"
  clean
}

@test "queue: the unassigned tickets of my groups, oldest first" {
  at 09:30
  T1="$(new_ticket "First")"
  at 09:10
  T2="$(new_ticket "Second, but created earlier")"
  at 09:20
  T3="$(new_ticket "Third")"
  at 09:25
  T4="$(new_ticket "Claimed")"
  tier claim "$T4"
  T5="$(new_ticket "Escalated" dana.ruiz@milne.example.edu network)"
  tier claim "$T5"
  at 09:40
  tier escalate "$T5" -m "Tier 2 please." "${TEMPLATE[@]}"
  run -0 tier queue --format ids
  expect_output <<EOF
$T2
$T3
$T1
EOF
  run -0 tier --agent carol@example.edu queue
  expect_output <<EOF
ID          STATUS  PRIORITY  TIER  GROUP         ASSIGNEE  UPDATED           TITLE
$T2  new     normal    1     service-desk  -         2026-11-23 09:10  Second, but created earlier
$T3  new     normal    1     service-desk  -         2026-11-23 09:20  Third
$T1  new     normal    1     service-desk  -         2026-11-23 09:30  First
EOF
  run -0 tier --agent bob@example.edu queue --format ids
  [[ "$output" == "$T5" ]]
  run -0 tier --agent dave@example.edu queue --format ids
  [[ -z "$output" ]]
  run -0 tier --agent bob@example.edu queue --group service-desk --format ids
  [[ "${#lines[@]}" == 3 ]]
  run -3 --separate-stderr tier --agent it-admin@example.edu queue
  expect_stderr <<'EOF'
tier: error: 'it-admin@example.edu' is in no group
hint: name one with --group
EOF
  clean
}

@test "close --resolved-before 7d closes only the old resolved tickets, in one commit" {
  export TIER_NOW=2026-11-01T09:00:00Z
  OLD1="$(new_ticket "Old one")"
  OLD2="$(new_ticket "Old two")"
  OPEN="$(new_ticket "Old but open")"
  RECENT="$(new_ticket "Recent")"
  for id in "$OLD1" "$OLD2" "$OPEN" "$RECENT"; do tier claim "$id"; done
  export TIER_NOW=2026-11-10T09:00:00Z
  tier resolve "$OLD1" -m "Done."
  export TIER_NOW=2026-11-15T09:00:00Z
  tier resolve "$OLD2" -m "Done."
  export TIER_NOW=2026-11-20T09:00:00Z
  tier resolve "$RECENT" -m "Done."
  export TIER_NOW=2026-11-23T09:00:00Z
  local before
  before="$(git rev-parse HEAD)"
  run -0 --separate-stderr tier --agent carol@example.edu close --resolved-before 7d
  [[ "$(sort <<<"$stderr")" == "$(sort <<EOF
closed $OLD1: Old one
closed $OLD2: Old two
EOF
)" ]]
  [[ "$(git rev-parse HEAD^)" == "$before" ]]
  run -0 git show --name-only --format=%s HEAD
  [[ "${lines[0]}" == "close "* ]]
  [[ "$(printf '%s\n' "${lines[@]:1}" | sort)" == "$(printf '%s\n' "$(ticket_file "$OLD1")" "$(ticket_file "$OLD2")" | sort)" ]]
  clean
  run -0 ticket_fields "$OLD1" status updated
  expect_output <<'EOF'
status=closed
updated=2026-11-23T09:00:00Z
EOF
  run -0 ticket_fields "$RECENT" status
  [[ "$output" == status=resolved ]]
  run -0 ticket_fields "$OPEN" status
  [[ "$output" == status=open ]]
  # Nothing left to close: no commit, no output.
  run -0 --separate-stderr tier close --resolved-before 7d
  [[ -z "$output" && -z "$stderr" ]]
  [[ "$(git rev-parse HEAD^)" == "$before" ]]
  clean
}
