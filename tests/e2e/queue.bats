#!/usr/bin/env bats
# A queue that triages, on a terminal (script(1)): a clock past due in red,
# show and log through a pager. The organization, age and time left in list
# and queue, claim --next and tables cut to COLUMNS are in
# tests/cli/queue_test.cpp.

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
