#!/usr/bin/env bats
# tier stats: every figure, --since/--until, --by, the table and --json.
#
# The history, made by the commands with TIER_NOW moving the clock (times UTC):
#   E  milne   created 2026-10-30 09:00, alice claims 09:05, resolves 2026-11-02 09:05
#   A  milne   created 2026-11-02 09:00, alice claims 09:30, comment --pending 10:00,
#              the requester answers 12:00, alice resolves 13:00, rated 5
#   B  strand  created 09:10, carol claims 09:20, escalates 09:40, bob claims 10:00,
#              hands back 11:00, carol escalates again 11:30 (straight to bob),
#              bob hands back 12:00, carol resolves 14:10, rated 2
#   C  milne   created 09:20, alice claims 10:20, still open
#   D  hollis  created 09:30, nobody has taken it
# Worked out by hand: first responses E 300 s, A 1800, B 600, C 3600;
# resolutions E 259500 s (3 days 5 minutes), A 7200 (4 hours less 2 pending), B 18000.

load helpers

when() {
  export TIER_NOW="$1"
}

# The store above, made once per file and copied for each test.
history_store() {
  local template="$BATS_FILE_TMPDIR/history"
  if [[ ! -d "$template" ]]; then
    (
      set -e
      new_store "$template.tmp"
      local dana=dana.ruiz@milne.example.edu kim=kim.oduya@strand.example.edu
      local template_fields=(--asset LT-1 --location B12 --symptoms drops --tried driver --connection wireless)
      when 2026-10-30T09:00:00Z
      E=$(tier create --title "Old printer" --email "$dana")
      when 2026-10-30T09:05:00Z; tier -q claim "$E"
      when 2026-11-02T09:05:00Z; tier -q resolve "$E" -m "Replaced the toner"
      when 2026-11-02T09:00:00Z
      A=$(tier create --title "Printer jams" --email "$dana" --category printing)
      when 2026-11-02T09:10:00Z
      B=$(tier create --title "Wi-Fi drops" --email "$kim" --category network --priority high "${template_fields[@]}")
      when 2026-11-02T09:20:00Z
      C=$(tier create --title "Monitor flickers" --email "$dana" --category hardware)
      tier -q --agent carol@example.edu claim "$B"
      when 2026-11-02T09:30:00Z
      D=$(tier create --title "Cannot log in" --email dee@hollis.example.org)
      tier -q claim "$A"
      when 2026-11-02T09:40:00Z; tier -q --agent carol@example.edu escalate "$B" -m "RADIUS side"
      when 2026-11-02T10:00:00Z
      tier -q comment "$A" -m "Which tray?" --pending
      tier -q --agent bob@example.edu claim "$B"
      when 2026-11-02T10:20:00Z; tier -q claim "$C"
      when 2026-11-02T11:00:00Z; tier -q --agent bob@example.edu handback "$B" -m "Renewed a certificate"
      when 2026-11-02T11:30:00Z; tier -q --agent carol@example.edu escalate "$B" -m "Still drops"
      when 2026-11-02T12:00:00Z
      tier -q --agent "$dana" comment "$A" -m "Tray 2"
      tier -q --agent bob@example.edu handback "$B" -m "Moved the access point"
      when 2026-11-02T13:00:00Z; tier -q resolve "$A" -m "Cleaned the rollers"
      when 2026-11-02T13:10:00Z; tier -q --agent "$dana" rate "$A" 5
      when 2026-11-02T14:10:00Z; tier -q --agent carol@example.edu resolve "$B" -m "Fixed for good"
      when 2026-11-02T14:20:00Z; tier -q --agent "$kim" rate "$B" 2
      printf '%s\n' "$A" "$B" "$C" "$D" "$E" >ids
    ) || return 1
    mv "$template.tmp" "$template"
  fi
  cp -a "$template" "$BATS_TEST_TMPDIR/store" && cd "$BATS_TEST_TMPDIR/store"
}

# "key:created" of each row of --by --json.
row_keys() {
  python3 -c '
import json, sys
print(" ".join("%s:%s" % (r["key"], r["created"]) for r in json.load(sys.stdin)["rows"]))'
}

setup() {
  tier_setup
  history_store
  when 2026-11-02T15:00:00Z
}

@test "stats: every figure over every ticket, as a table" {
  run -0 --separate-stderr tier stats
  [[ -z "$stderr" ]]
  expect_output <<'EOF'
created                   5
resolved                  3
first-contact resolution  67%
first response, mean      26m 15s
first response, median    20m
resolution, mean          1d 2h
resolution, median        5h
escalation rate           tier 1 20%, tier 2 0%
escalated twice           1
hand-backs per ticket     0.40
csat mean                 3.5
csat count                2
resolved by an article    0
EOF
}

@test "stats --json: the figures in seconds and shares" {
  run -0 --separate-stderr tier stats --json
  [[ -z "$stderr" ]]
  expect_output <<'EOF'
{"created":5,"csat_count":2,"csat_mean":3.5,"escalated_twice":1,"escalation_rate":{"1":0.2,"2":0},"first_contact_resolution":0.6666666666666666,"first_response_mean":1575,"first_response_median":1200,"handbacks_per_ticket":0.4,"resolution_mean":94900,"resolution_median":18000,"resolved":3,"resolved_by_article":0}
EOF
}

@test "stats --since: created counts by creation, resolved by resolution" {
  run -0 tier stats --since 2026-11-01 --json
  expect_output <<'EOF'
{"created":4,"csat_count":2,"csat_mean":3.5,"escalated_twice":1,"escalation_rate":{"1":0.25,"2":0},"first_contact_resolution":0.6666666666666666,"first_response_mean":2000,"first_response_median":1800,"handbacks_per_ticket":0.5,"resolution_mean":94900,"resolution_median":18000,"resolved":3,"resolved_by_article":0}
EOF
  # A duration goes back from now: 1d before 2026-11-02 15:00 is the same period here.
  local by_date="$output"
  run -0 tier stats --since 1d --json
  [[ "$output" == "$by_date" ]]
}

@test "stats --until: exclusive; nothing to measure is null" {
  run -0 tier stats --until 2026-11-01 --json
  expect_output <<'EOF'
{"created":1,"csat_count":0,"csat_mean":null,"escalated_twice":0,"escalation_rate":{"1":0},"first_contact_resolution":null,"first_response_mean":300,"first_response_median":300,"handbacks_per_ticket":0,"resolution_mean":null,"resolution_median":null,"resolved":0,"resolved_by_article":0}
EOF
  run -0 tier stats --until 2026-10-30T09:00:00Z
  expect_output <<'EOF'
created                   0
resolved                  0
first-contact resolution  -
first response, mean      -
first response, median    -
resolution, mean          -
resolution, median        -
escalation rate           -
escalated twice           0
hand-backs per ticket     -
csat mean                 -
csat count                0
resolved by an article    0
EOF
}

@test "stats --by agent: the owner, the tickets nobody took last" {
  run -0 --separate-stderr tier stats --by agent
  [[ -z "$stderr" ]]
  expect_output <<'EOF'
AGENT              CREATED  RESOLVED  FCR   RESP-MEAN  RESP-MEDIAN  RES-MEAN  RES-MEDIAN  TWICE  HANDBACKS  CSAT  RATINGS  ARTICLE  ESCALATION
alice@example.edu  3        2         100%  31m 40s    30m          1d 13h    1d 13h      0      0.00       5.0   1        0        tier 1 0%
carol@example.edu  1        1         0%    10m        10m          5h        5h          1      2.00       2.0   1        0        tier 1 100%, tier 2 0%
(none)             1        0         -     -          -            -         -           0      0.00       -     0        0        tier 1 0%
EOF
  run -0 tier stats --by agent --json
  expect_output <<'EOF'
{"by":"agent","rows":[{"created":3,"csat_count":1,"csat_mean":5,"escalated_twice":0,"escalation_rate":{"1":0},"first_contact_resolution":1,"first_response_mean":1900,"first_response_median":1800,"handbacks_per_ticket":0,"key":"alice@example.edu","resolution_mean":133350,"resolution_median":133350,"resolved":2,"resolved_by_article":0},{"created":1,"csat_count":1,"csat_mean":2,"escalated_twice":1,"escalation_rate":{"1":1,"2":0},"first_contact_resolution":0,"first_response_mean":600,"first_response_median":600,"handbacks_per_ticket":2,"key":"carol@example.edu","resolution_mean":18000,"resolution_median":18000,"resolved":1,"resolved_by_article":0},{"created":1,"csat_count":0,"csat_mean":null,"escalated_twice":0,"escalation_rate":{"1":0},"first_contact_resolution":null,"first_response_mean":null,"first_response_median":null,"handbacks_per_ticket":0,"key":null,"resolution_mean":null,"resolution_median":null,"resolved":0,"resolved_by_article":0}]}
EOF
}

@test "stats --by month: created by the month created, resolved by the month resolved" {
  run -0 tier stats --by month --json
  expect_output <<'EOF'
{"by":"month","rows":[{"created":1,"csat_count":0,"csat_mean":null,"escalated_twice":0,"escalation_rate":{"1":0},"first_contact_resolution":null,"first_response_mean":300,"first_response_median":300,"handbacks_per_ticket":0,"key":"2026-10","resolution_mean":null,"resolution_median":null,"resolved":0,"resolved_by_article":0},{"created":4,"csat_count":2,"csat_mean":3.5,"escalated_twice":1,"escalation_rate":{"1":0.25,"2":0},"first_contact_resolution":0.6666666666666666,"first_response_mean":2000,"first_response_median":1800,"handbacks_per_ticket":0.5,"key":"2026-11","resolution_mean":94900,"resolution_median":18000,"resolved":3,"resolved_by_article":0}]}
EOF
}

@test "stats --by group, org, category: keys" {
  run -0 tier stats --by group
  [[ "${#lines[@]}" -eq 2 && "${lines[1]}" == "service-desk  5 "* ]]
  run -0 tier stats --by org --json
  [[ "$(row_keys <<<"$output")" == "hollis:1 milne:3 strand:1" ]]
  run -0 tier stats --by category --json
  [[ "$(row_keys <<<"$output")" == "hardware:1 network:1 printing:1 None:2" ]]
}

@test "stats: a changed ticket is counted anew from the cache" {
  run -0 tier stats --json
  [[ "$output" == *'"resolved":3,"resolved_by_article":0}' ]]
  when 2026-11-02T16:00:00Z
  tier -q resolve "$(sed -n 3p ids)" -m "New cable"
  run -0 tier stats --json
  [[ "$output" == *'"first_contact_resolution":0.75,'* && "$output" == *'"resolved":4,"resolved_by_article":0}' ]]
  rm -f .git/tier/cache.sqlite*
  run -0 tier stats --json
  [[ "$output" == *'"first_contact_resolution":0.75,'* && "$output" == *'"resolved":4,"resolved_by_article":0}' ]]
}

@test "stats: a change beside a ticket keeps that ticket's facts" {
  run -0 tier stats --json
  [[ "$output" == '{"created":5,"csat_count":2,'* && "$output" == *'"resolved":3,"resolved_by_article":0}' ]]
  # A copy of the resolved and rated A under a new id in A's own directory:
  # the directory changes, A does not.
  local a twin
  a="$(sed -n 1p ids)"
  twin="${a:0:4}zzzz"
  sed "s/$a/$twin/" "$(ticket_file "$a")" >"$(ticket_file "$twin")"
  commit_by_hand "a twin of A"
  run -0 tier stats --json
  [[ "$output" == '{"created":6,"csat_count":3,'* && "$output" == *'"resolved":4,"resolved_by_article":0}' ]]
}

@test "stats: a damaged cache is an error that clears it; the next run is whole" {
  run -0 tier stats --json
  local want="$output"
  python3 -c 'import sqlite3; c = sqlite3.connect(".git/tier/cache.sqlite"); c.execute("UPDATE facts_packs SET data = x'"'02ff'"'"); c.commit()'
  run -1 --separate-stderr tier stats
  expect_stderr <<'EOF'
tier: error: cache: a facts pack is damaged; the cache has been cleared
hint: run the command again
EOF
  run -0 tier stats --json
  [ "$output" == "$want" ]
}

@test "stats: a ticket whose log cannot be read is left out with a warning" {
  local file
  file="$(ticket_file "$(sed -n 4p ids)")"
  printf '\n[[log]]\nat = 2026-11-02T16:00:00Z\nby = "alice@example.edu"\nevent = "clam"\n' >>"$file"
  commit_by_hand "bad entry"
  run -0 --separate-stderr tier stats --json
  [[ "$output" == '{"created":4,'* ]]
  [[ "$stderr" == "tier: warning: $file:"*": unknown event 'clam' in [[log]]" ]]
}

@test "stats: a bad --since or --by is a usage error" {
  run -2 --separate-stderr tier stats --since yesterday
  expect_stderr <<'EOF'
tier: error: bad time 'yesterday' for '--since'
hint: give an RFC 3339 date or time (2026-11-01) or a duration back from now (30d)
EOF
  run -2 tier stats --by owner
}
