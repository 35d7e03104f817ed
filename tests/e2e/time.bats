#!/usr/bin/env bats
# Times in the local zone: shown with the zone's abbreviation, read in
# every form of tier(1)'s Times, kept in UTC in the files and in --json.
# The zone is America/New_York, with its switch days of 2026: March 8
# (02:00 EST becomes 03:00 EDT) and November 1 (02:00 EDT becomes 01:00 EST).
# 2026-12-04 is a Friday.

load helpers

setup() {
  tier_setup
  export TZ=America/New_York
  new_store
}

when() {
  export TIER_NOW="$1"
}

DANA=dana.ruiz@milne.example.edu

# The line of `tier show` that starts with the field's name.
show_field() {
  tier show "$1" | grep "^$2 "
}

@test "show, log and overdue give the times in the local zone, with its abbreviation" {
  when 2026-07-04T15:00:00Z
  local id
  id="$(tier create --title "Dock not detected" --email "$DANA")"
  when 2026-12-04T15:00:00Z
  tier -q claim "$id"
  run -0 show_field "$id" created
  [[ "$output" == "created     2026-07-04 11:00 EDT" ]]
  run -0 show_field "$id" updated
  [[ "$output" == "updated     2026-12-04 10:00 EST" ]]
  run -0 tier log "$id"
  expect_output <<'EOF'
2026-07-04 11:00 EDT  alice@example.edu  create in service-desk
2026-12-04 10:00 EST  alice@example.edu  claim
EOF
  run -0 tier overdue
  [[ "${lines[1]}" == *"  respond  2026-07-04 15:00 EDT  "*"  Dock not detected" ]]
  # --json, the exports and the file keep UTC
  run -0 tier show "$id" --json
  [[ "$output" == *'"created":"2026-07-04T15:00:00Z"'* ]]
  [[ "$output" == *'"updated":"2026-12-04T15:00:00Z"'* ]]
  run -0 tier list --format csv
  [[ "${lines[1]}" == *",2026-07-04T15:00:00Z,2026-12-04T15:00:00Z,Dock not detected,"* ]]
  grep -qx 'updated = 2026-12-04T15:00:00Z' "$(ticket_file "$id")"
}

@test "appoint --at 'tomorrow 10:00' is ten in the morning, local time, kept in UTC" {
  when 2026-12-04T15:00:00Z
  local id
  id="$(tier create --title "Dock not detected" --email "$DANA")"
  run -0 --separate-stderr tier appoint "$id" --at "tomorrow 10:00" --technician bob@example.edu --place B12
  [[ "$stderr" == "appointment for $id: 2026-12-05 10:00 EST at B12 with bob@example.edu" ]]
  grep -qx 'at = 2026-12-05T15:00:00Z' "$(ticket_file "$id")"
  run -0 tier show "$id" --json
  [[ "$output" == *'"appointment":{"at":"2026-12-05T15:00:00Z",'* ]]
  run -0 show_field "$id" appointment
  [[ "$output" == "appointment 2026-12-05 10:00 EST at B12 with bob@example.edu  upcoming" ]]
  # a weekday ahead is the next one; a duration is that far ahead
  tier -q appoint "$id" --at "monday 9:30" --technician bob@example.edu --place B12
  grep -qx 'at = 2026-12-07T14:30:00Z' "$(ticket_file "$id")"
  tier -q appoint "$id" --at friday --technician bob@example.edu --place B12
  grep -qx 'at = 2026-12-11T05:00:00Z' "$(ticket_file "$id")"
  tier -q appoint "$id" --at 2h --technician bob@example.edu --place B12
  grep -qx 'at = 2026-12-04T17:00:00Z' "$(ticket_file "$id")"
  tier -q appoint "$id" --at "2026-12-08 14:00" --technician bob@example.edu --place B12
  grep -qx 'at = 2026-12-08T19:00:00Z' "$(ticket_file "$id")"
  tier -q appoint "$id" --at 2026-12-08T14:00:00Z --technician bob@example.edu --place B12
  grep -qx 'at = 2026-12-08T14:00:00Z' "$(ticket_file "$id")"
}

@test "the day daylight saving begins: 23 hours, and 02:30 is 03:30 EDT" {
  when 2026-03-08T06:30:00Z
  local id
  id="$(tier create --title "Dock not detected" --email "$DANA")"
  run -0 show_field "$id" created
  [[ "$output" == "created     2026-03-08 01:30 EST" ]]
  when 2026-03-08T16:00:00Z
  run -0 --separate-stderr tier appoint "$id" --at "today 02:30" --technician bob@example.edu --place B12
  [[ "$stderr" == "appointment for $id: 2026-03-08 03:30 EDT at B12 with bob@example.edu" ]]
  grep -qx 'at = 2026-03-08T07:30:00Z' "$(ticket_file "$id")"
  tier -q appoint "$id" --at "tomorrow 9:00" --technician bob@example.edu --place B12
  grep -qx 'at = 2026-03-09T13:00:00Z' "$(ticket_file "$id")"
  run -0 show_field "$id" appointment
  [[ "$output" == "appointment 2026-03-09 09:00 EDT at B12 with bob@example.edu  upcoming" ]]
  # today began at midnight EST, five hours behind UTC
  run -0 tier stats --since today --json
  [[ "$output" == *'"created":1,'* ]]
  run -0 tier stats --since 2026-03-08T05:00:01Z --json
  [[ "$output" == *'"created":1,'* ]]
  run -0 tier stats --since 2026-03-08T06:30:01Z --json
  [[ "$output" == *'"created":0,'* ]]
}

@test "the day daylight saving ends: 01:30 twice, the earlier taken" {
  when 2026-11-01T17:00:00Z
  local id
  id="$(tier create --title "Dock not detected" --email "$DANA")"
  run -0 show_field "$id" created
  [[ "$output" == "created     2026-11-01 12:00 EST" ]]
  run -0 --separate-stderr tier appoint "$id" --at "2026-11-01 01:30" --technician bob@example.edu --place B12
  [[ "$stderr" == "appointment for $id: 2026-11-01 01:30 EDT at B12 with bob@example.edu" ]]
  grep -qx 'at = 2026-11-01T05:30:00Z' "$(ticket_file "$id")"
  tier -q appoint "$id" --at "today 13:00" --technician bob@example.edu --place B12
  grep -qx 'at = 2026-11-01T18:00:00Z' "$(ticket_file "$id")"
  run -0 tier log "$id"
  [[ "${lines[1]}" == "2026-11-01 12:00 EST  alice@example.edu  appoint 2026-11-01 01:30 EDT at B12 with bob@example.edu" ]]
  # today began at midnight EDT, four hours behind UTC
  run -0 tier stats --since today --until tomorrow --json
  [[ "$output" == *'"created":1,'* ]]
  run -0 tier stats --since yesterday --until today --json
  [[ "$output" == *'"created":0,'* ]]
}

@test "stats --since monday is the most recent local Monday's midnight; 3d is three days ago" {
  local t
  for t in 2026-11-29T12:00:00Z 2026-11-30T04:30:00Z 2026-11-30T06:00:00Z 2026-12-03T16:00:00Z; do
    when "$t"
    tier -q create --title "Created $t" --email "$DANA"
  done
  when 2026-12-04T15:00:00Z
  # 2026-11-30T04:30Z is still Sunday evening in New York
  run -0 tier stats --since monday --json
  [[ "$output" == *'"created":2,'* ]]
  run -0 tier stats --since mon --until thursday --json
  [[ "$output" == *'"created":1,'* ]]
  run -0 tier stats --since 3d --json
  [[ "$output" == *'"created":1,'* ]]
  run -0 tier stats --since "2026-11-30 00:00" --json
  [[ "$output" == *'"created":2,'* ]]
  TZ=UTC run -0 tier stats --since monday --json
  [[ "$output" == *'"created":3,'* ]]
}

@test "close --resolved-before takes a weekday, a date or a duration" {
  when 2026-11-30T14:00:00Z
  local a b
  a="$(tier create --title "Monday morning" --email "$DANA")"
  tier -q claim "$a"
  tier -q resolve "$a" -m "Done."
  when 2026-12-02T14:00:00Z
  b="$(tier create --title "Wednesday morning" --email "$DANA")"
  tier -q claim "$b"
  tier -q resolve "$b" -m "Done."
  when 2026-12-04T15:00:00Z
  run -0 tier close --resolved-before tuesday --json
  [[ "$output" == *"\"$a\""* && "$output" != *"\"$b\""* ]]
  run -0 tier close --resolved-before 1d --json
  [[ "$output" == *"\"$b\""* ]]
}

@test "store.timezone is used when TZ is not set; TZ wins when it is" {
  when 2026-12-04T15:00:00Z
  local id
  id="$(tier create --title "Dock not detected" --email "$DANA")"
  sed -i 's|^timezone = "UTC" |timezone = "America/Chicago" |' .tier/config.toml
  grep -q '^timezone = "America/Chicago"' .tier/config.toml
  commit_by_hand "the help desk is in Chicago"
  unset TZ
  run -0 show_field "$id" created
  [[ "$output" == "created     2026-12-04 09:00 CST" ]]
  TZ=America/New_York run -0 show_field "$id" created
  [[ "$output" == "created     2026-12-04 10:00 EST" ]]
  TZ=:Europe/Berlin run -0 show_field "$id" created
  [[ "$output" == "created     2026-12-04 16:00 CET" ]]
  TZ=UTC run -0 show_field "$id" created
  [[ "$output" == "created     2026-12-04 15:00 UTC" ]]
  # local dates are read in the store's zone too
  run -0 tier stats --since "2026-12-04 09:00" --json
  [[ "$output" == *'"created":1,'* ]]
  run -0 tier stats --since "2026-12-04 09:01" --json
  [[ "$output" == *'"created":0,'* ]]
}

@test "a TZ the database does not know is warned about once, and UTC is used" {
  when 2026-12-04T15:00:00Z
  local id
  id="$(TZ=Nowhere/Atlantis tier create --title "Dock not detected" --email "$DANA" 2>/dev/null)"
  TZ=Nowhere/Atlantis run -0 --separate-stderr tier log "$id"
  [[ "$output" == "2026-12-04 15:00 UTC  alice@example.edu  create in service-desk" ]]
  [[ "$stderr" == "tier: warning: unknown time zone 'Nowhere/Atlantis' in TZ: times are shown in UTC" ]]
  # a command that shows no time does not look the zone up
  TZ=Nowhere/Atlantis run -0 --separate-stderr tier list --format ids
  [[ -z "$stderr" ]]
}

@test "a time in none of the forms is a usage error naming the option" {
  when 2026-12-04T15:00:00Z
  local id
  id="$(tier create --title "Dock not detected" --email "$DANA")"
  local hint="hint: give an RFC 3339 time (2026-12-04T15:00:00Z), a local date and time (2026-12-04 10:00, 2026-12-04), now, today, yesterday, tomorrow or a weekday with an optional time (tomorrow 10:00), or a duration (3d, 4h)"
  run -2 --separate-stderr tier appoint "$id" --at "next week" --technician bob@example.edu --place B12
  [[ "$stderr" == "tier: error: bad time 'next week' for '--at'"$'\n'"$hint" ]]
  run -2 --separate-stderr tier appoint "$id" --at "2026-02-30 10:00" --technician bob@example.edu --place B12
  [[ "${stderr%%$'\n'*}" == "tier: error: bad time '2026-02-30 10:00' for '--at'" ]]
  run -2 --separate-stderr tier stats --until "tomorrow 25:00"
  [[ "${stderr%%$'\n'*}" == "tier: error: bad time 'tomorrow 25:00' for '--until'" ]]
  run -2 --separate-stderr tier report --html - --since soon
  [[ "${stderr%%$'\n'*}" == "tier: error: bad time 'soon' for '--since'" ]]
  run -2 --separate-stderr tier close --resolved-before 7x
  [[ "${stderr%%$'\n'*}" == "tier: error: bad time '7x' for '--resolved-before'" ]]
  run -2 --separate-stderr tier --json stats --since soon
  [[ "$stderr" == *'"code":2'* ]]
}
