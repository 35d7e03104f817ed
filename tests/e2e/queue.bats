#!/usr/bin/env bats
# A queue that triages: the organization, age and service-level time left
# in list and queue, sorted by it; claim --next; tables cut to the
# terminal's width; show and log through a pager. The time left itself is
# core's sla_left() (tests/unit/metrics_test.cpp).

load helpers

# Three tickets in the service desk's queue, at 09:00, 09:30 and 10:00: a
# normal one (4h to respond), an urgent one (15m) and a low one (1d); now
# is 10:00.
three_tickets() {
  new_store
  export TIER_NOW=2026-11-23T09:00:00Z
  A=$(tier create --title "Printer jams on tray 2" --email dana.ruiz@milne.example.edu)
  export TIER_NOW=2026-11-23T09:30:00Z
  B=$(tier create --title "Projector shows no signal" --priority urgent --email lee@strand.example.edu)
  export TIER_NOW=2026-11-23T10:00:00Z
  C=$(tier create --title "Toner for the second floor" --priority low --email sam@hollis.example.org)
}

@test "queue: organization, age and time left, the least time left first; breached shown with a minus" {
  three_tickets
  run -0 tier queue
  expect_output <<EOF
ID          PRI     ORG     AGE  LEFT  TITLE
$B  urgent  strand  30m  -15m  Projector shows no signal
$A  normal  milne   1h   3h    Printer jams on tray 2
$C  low     hollis  0m   1d    Toner for the second floor
EOF
  run -0 tier queue --sort age --format ids
  expect_output <<EOF
$A
$B
$C
EOF
  run -0 tier queue --sort -left --format ids
  expect_output <<EOF
$C
$A
$B
EOF
  # Later, the clocks have run on; pending stops them.
  tier -q claim "$A"
  tier -q comment "$A" --pending -m "Which printer?"
  export TIER_NOW=2026-11-23T15:00:00Z
  run -0 tier list
  expect_output <<EOF
ID          STATUS   PRI     ORG     AGE    LEFT    ASSIGNEE  TITLE
$B  new      urgent  strand  5h30m  -5h15m  -         Projector shows no signal
$C  new      low     hollis  5h     19h     -         Toner for the second floor
$A  pending  normal  milne   6h     2d23h   alice     Printer jams on tray 2
EOF
}

@test "list --json, ndjson and csv: sla_left in seconds, negative when late, null without a clock" {
  three_tickets
  run -0 tier list --format ndjson
  [[ "${lines[0]}" == *"\"id\":\"$B\""*'"sla_left":-900}' ]]
  [[ "${lines[1]}" == *"\"id\":\"$A\""*'"sla_left":10800}' ]]
  [[ "${lines[2]}" == *"\"id\":\"$C\""*'"sla_left":86400}' ]]
  tier -q claim "$A"
  tier -q resolve "$A" -m "Cleared the jam"
  run -0 tier list --json --sort age
  [[ "$output" == *"\"id\":\"$A\""*'"sla_left":null}'* ]]
  run -0 tier list --format csv --sort age
  [[ "${lines[0]}" == *",title,sla_left" ]]
  [[ "${lines[1]}" == "$A,"*",Printer jams on tray 2," ]]
  [[ "${lines[2]}" == "$B,"*",Projector shows no signal,-900" ]]
}

@test "list: a clock past due is red on a colour terminal, and only there" {
  three_tickets
  unset NO_COLOR
  run -0 script -qec "$TIER_BIN queue --limit 1" /dev/null
  [[ "$output" == *$'\e[31m-15m\e[0m'* ]]
  run -0 script -qec "$TIER_BIN --no-color queue --limit 1" /dev/null
  [[ "$output" != *$'\e['* ]]
  [[ "$output" == *"-15m"* ]]
  run -0 tier queue --limit 1
  [[ "$output" != *$'\e['* ]]
}

@test "overdue: each breach with the ticket's title" {
  three_tickets
  run -0 tier overdue
  expect_output <<EOF
ID          PRIORITY  GROUP         ASSIGNEE  CLOCK    DUE                   OVERDUE  TITLE
$B  urgent    service-desk  -         respond  2026-11-23 09:45 UTC  15m      Projector shows no signal
EOF
}

@test "claim --next takes the least time left, --oldest the oldest; nothing left: exit 3" {
  three_tickets
  run -0 --separate-stderr tier claim --next
  [[ "$output" == "$B" ]]
  [[ "$stderr" == "claimed $B: Projector shows no signal" ]]
  run -0 tier -q claim --next --oldest
  [[ "$output" == "$A" ]]
  run -0 tier -q claim --next
  [[ "$output" == "$C" ]]
  run -3 --separate-stderr tier claim --next
  [[ -z "$output" ]]
  [[ "$stderr" == "tier: error: nothing to claim in the queues of 'alice@example.edu'" ]]
  run -0 tier list --assignee alice@example.edu --format ids --sort age
  expect_output <<EOF
$A
$B
$C
EOF
  # Only the agent's groups: bob is in cx-tier2, whose queue is empty.
  run -3 tier --agent bob@example.edu claim --next
  run -2 tier claim --next "$A"
  run -2 tier claim --oldest
}

@test "tables fit COLUMNS: the title is cut with an ellipsis, rows never wrap" {
  three_tickets
  COLUMNS=64 run -0 tier list
  expect_output <<EOF
ID          STATUS  PRI     ORG     AGE  LEFT  ASSIGNEE  TITLE
$B  new     urgent  strand  30m  -15m  -         Projec…
$A  new     normal  milne   1h   3h    -         Printe…
$C  new     low     hollis  0m   1d    -         Toner …
EOF
  COLUMNS=60 run -0 tier list
  [[ "${lines[0]}" == *"  TI…" ]]
  [[ "${lines[1]}" == *"  Pr…" ]]
  COLUMNS=40 run -0 tier queue
  for line in "${lines[@]}"; do
    (( $(printf '%s' "$line" | LC_ALL=C.UTF-8 wc -m) <= 40 ))
  done
  [[ "${lines[1]}" == *"…" ]]
  # Not a number: no limit (stdout is not a terminal).
  COLUMNS=wide run -0 tier queue --limit 1
  [[ "${lines[1]}" == *"Projector shows no signal" ]]
}

@test "show and log go through TIER_PAGER on a terminal, never with --no-pager, a pipe or cat" {
  three_tickets
  export TIER_PAGER="cat >'$BATS_TEST_TMPDIR/paged'"
  run -0 script -qec "$TIER_BIN show $A" /dev/null
  [[ "$(head -n 1 "$BATS_TEST_TMPDIR/paged")" == "$A  Printer jams on tray 2" ]]
  rm "$BATS_TEST_TMPDIR/paged"
  run -0 script -qec "$TIER_BIN log $A" /dev/null
  [[ "$(cat "$BATS_TEST_TMPDIR/paged")" == "2026-11-23 09:00 UTC  alice@example.edu  create in service-desk" ]]
  rm "$BATS_TEST_TMPDIR/paged"
  run -0 script -qec "$TIER_BIN --no-pager show $A" /dev/null
  [[ "$output" == *"Printer jams on tray 2"* ]]
  [[ ! -e "$BATS_TEST_TMPDIR/paged" ]]
  run -0 tier show "$A"
  [[ "${lines[0]}" == "$A  Printer jams on tray 2" ]]
  [[ ! -e "$BATS_TEST_TMPDIR/paged" ]]
  run -0 script -qec "$TIER_BIN --json show $A" /dev/null
  [[ ! -e "$BATS_TEST_TMPDIR/paged" ]]
  TIER_PAGER=cat run -0 script -qec "$TIER_BIN log $A" /dev/null
  [[ "$output" == *"create in service-desk"* ]]
  # PAGER when TIER_PAGER is not set; LESS=FRX for less when LESS is not set.
  unset TIER_PAGER
  mkdir bin
  printf '#!/bin/sh\necho "LESS=$LESS" >"%s"\ncat >/dev/null\n' "$BATS_TEST_TMPDIR/less-env" >bin/less
  chmod +x bin/less
  PAGER="$PWD/bin/less" run -0 script -qec "$TIER_BIN log $A" /dev/null
  [[ "$(cat "$BATS_TEST_TMPDIR/less-env")" == "LESS=FRX" ]]
  LESS=S PAGER="$PWD/bin/less" run -0 script -qec "$TIER_BIN log $A" /dev/null
  [[ "$(cat "$BATS_TEST_TMPDIR/less-env")" == "LESS=S" ]]
}

@test "age and time left are real time across a daylight saving switch" {
  new_store
  export TZ=America/New_York
  # New York leaves daylight saving at 06:00 UTC on 2026-11-01: the day has 25 hours.
  export TIER_NOW=2026-10-31T12:00:00Z
  id=$(tier create --title "Scanner offline" --priority low --email dana.ruiz@milne.example.edu)
  export TIER_NOW=2026-11-02T12:00:00Z
  run -0 tier queue
  expect_output <<EOF
ID          PRI  ORG    AGE  LEFT  TITLE
$id  low  milne  2d   -1d   Scanner offline
EOF
  run -0 tier queue --format ndjson
  [[ "$output" == *'"sla_left":-86400}' ]]
}
