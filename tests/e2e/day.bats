#!/usr/bin/env bats
# tier day, and `tier` alone: what an agent holds, their queues, what is
# overdue or due today, and what came back to them since they last looked.
# The store's zone is New York, which has daylight saving time.

load helpers

setup() {
  tier_setup
  new_store
  sed -i 's|^timezone = "UTC"|timezone = "America/New_York"|' .tier/config.toml
  git commit -q -am "New York time"
  export TZ=America/New_York
}

when() {
  export TIER_NOW="$1"
}

# A Python expression over the JSON document `d` on stdin, as compact JSON
# ("since" prints "2026-12-04T05:00:00Z" with its quotes).
json_of() {
  python3 -c 'import json, sys; d = json.load(sys.stdin); print(json.dumps(eval(sys.argv[1]), separators=(",", ":")))' "$1"
}

mail=dana.ruiz@milne.example.edu
fields=(--asset LT-1 --location B12 --symptoms drops --tried driver --connection wireless)

@test "day: tier alone shows what I hold, my queue, what is due today and what came back" {
  when 2026-12-04T13:00:00Z; wifi=$(tier create --title "Laptop drops Wi-Fi" --email "$mail")
  when 2026-12-04T13:05:00Z; vpn=$(tier create --title "VPN drops" --email "$mail")
  when 2026-12-04T13:10:00Z; printer=$(tier create --title "Printer jams" --email "$mail" --priority high)
  when 2026-12-04T13:20:00Z; tier -q claim "$wifi"; tier -q claim "$vpn"
  when 2026-12-04T13:30:00Z; tier -q escalate "$vpn" -m "RADIUS?" "${fields[@]}"
  when 2026-12-04T13:40:00Z; tier -q --agent bob@example.edu claim "$vpn"
  when 2026-12-04T14:00:00Z; tier -q --agent bob@example.edu handback "$vpn" -m "Certificate renewed"
  when 2026-12-04T15:00:00Z
  run -0 tier
  expect_output <<EOF
Your day, alice@example.edu, 2026-12-04 10:00 EST

Held by you: 2 open
ID          STATUS  PRI     GROUP         TITLE
$wifi  open    normal  service-desk  Laptop drops Wi-Fi
$vpn  open    normal  service-desk  VPN drops

Your queues
GROUP         NEW  ESCALATED  OVERDUE
service-desk  1    0          1

Overdue or due today: 3
ID          WHAT     DUE                   LEFT   TITLE
$printer  respond  2026-12-04 09:10 EST  -50m   Printer jams
$wifi  respond  2026-12-04 12:00 EST  2h     Laptop drops Wi-Fi
$vpn  respond  2026-12-04 12:05 EST  2h 5m  VPN drops

Back to you since 2026-12-04 00:00 EST: 1
ID          WHY       WHEN                  BY               TITLE
$vpn  handback  2026-12-04 09:00 EST  bob@example.edu  VPN drops
EOF
  # `tier day` is the same, and the look is remembered: nothing is back since.
  when 2026-12-04T15:10:00Z
  run -0 tier day
  [[ "${lines[-1]}" == "Back to you since 2026-12-04 10:00 EST: nothing" ]]
}

@test "day: the requester's reply and a lead's assignment come back; my own entries do not" {
  when 2026-12-04T13:00:00Z; wifi=$(tier create --title "Laptop drops Wi-Fi" --email "$mail")
  other=$(tier create --title "Password" --email "$mail")
  tier -q claim "$wifi"
  run -0 tier --json day
  [[ "$(json_of 'd["since"]' <<<"$output")" == '"2026-12-04T05:00:00Z"' ]]  # midnight in New York
  when 2026-12-04T13:30:00Z; tier -q comment "$wifi" -m "Which building?"
  when 2026-12-04T14:00:00Z; tier -q --agent "$mail" comment "$wifi" -m "Strand, room B12"
  when 2026-12-04T14:10:00Z; tier -q --agent carol@example.edu assign "$other" alice@example.edu
  when 2026-12-04T15:00:00Z
  run -0 tier --json
  [[ "$(json_of '[[b["why"], b["by"], b["at"]] for b in d["back"]]' <<<"$output")" == \
     '[["assigned","carol@example.edu","2026-12-04T14:10:00Z"],["reply","dana.ruiz@milne.example.edu","2026-12-04T14:00:00Z"]]' ]]
  [[ "$(json_of 'd["since"]' <<<"$output")" == '"2026-12-04T13:00:00Z"' ]]
  # --since looks further back without moving the mark.
  run -0 tier --json day --since 2026-12-01
  [[ "$(json_of 'len(d["back"])' <<<"$output")" == 2 ]]
  run -0 tier --json day
  [[ "$(json_of 'len(d["back"])' <<<"$output")" == 0 ]]
  [[ "$(json_of 'd["since"]' <<<"$output")" == '"2026-12-04T15:00:00Z"' ]]
}

@test "day: today ends at local midnight, on the day the clocks go back" {
  # 2026-11-01: 01:00-02:00 comes twice in New York; the day is 25 hours long.
  when 2026-11-01T05:30:00Z  # 01:30 EDT
  tier -q create --title "Early" --email "$mail" --priority low >/dev/null  # respond 1d: 00:30 EST Monday
  when 2026-11-02T03:00:00Z  # 22:00 EST, still Sunday
  tier -q create --title "Late" --email "$mail" >/dev/null                  # respond 4h: 02:00 EST Monday
  when 2026-11-02T04:30:00Z  # 23:30 EST
  run -0 tier --json
  [[ "$(json_of '[[x["title"], x["due"], x["late"]] for x in d["due"]]' <<<"$output")" == '[]' ]]
  [[ "$(json_of 'd["since"]' <<<"$output")" == '"2026-11-01T04:00:00Z"' ]]  # midnight EDT, 25 hours before the next
  when 2026-11-02T05:45:00Z  # 00:45 EST Monday: both fall due today
  run -0 tier --json
  [[ "$(json_of '[[x["title"], x["due"], x["late"]] for x in d["due"]]' <<<"$output")" == \
     '[["Early","2026-11-02T05:30:00Z",true],["Late","2026-11-02T07:00:00Z",false]]' ]]
}

@test "day: a visit booked for me today is due; a pending ticket's clocks stand still" {
  when 2026-12-04T13:00:00Z; wifi=$(tier create --title "Laptop drops Wi-Fi" --email "$mail")
  asked=$(tier create --title "Which printer?" --email "$mail")
  tier -q claim "$asked"
  tier -q comment "$asked" --pending -m "Which printer is it?"
  tier -q --agent carol@example.edu appoint "$wifi" --at 2026-12-04T19:00:00Z --technician alice@example.edu --place "Milne 2.14"
  when 2026-12-04T15:00:00Z
  run -0 tier day
  [[ "$output" == *"Overdue or due today: 1"* ]]
  [[ "$output" == *"$wifi  visit  2026-12-04 14:00 EST  4h    Laptop drops Wi-Fi"* ]]
  [[ "$output" == *"Held by you: 1 open, 1 pending"* ]]
  [[ "$output" == *"$wifi  appointed  2026-12-04 08:00 EST  carol@example.edu  Laptop drops Wi-Fi"* ]]
}

@test "day: tier alone outside a store prints the help on stderr and exits 2" {
  mkdir "$BATS_TEST_TMPDIR/empty" && cd "$BATS_TEST_TMPDIR/empty"
  run -2 --separate-stderr tier
  [[ -z "$output" ]]
  [[ "${stderr_lines[0]}" == "tier: a help-desk ticket toolkit on git" ]]
  [[ "$stderr" == *"  day "* ]]
}
