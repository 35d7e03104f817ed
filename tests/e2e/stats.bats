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
# Worked out by hand (tier-stats(1) defines each figure):
# - first responses (the first public reply; a claim is none): E its resolution,
#   259500 s (3 days 5 minutes), A the question at 10:00, 3600, B the resolution,
#   18000; C and D none yet;
# - resolutions: E 259500, A 7200 (4 hours less 2 pending), B 18000;
# - SLA (normal: respond 4h, resolve 3d; high: 1h, 1d): A met, E and B answered late;
# - handled: alice created all five; bob and carol acted on B; backlog: C and D.

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
handled                   5
backlog                   2
first-contact resolution  67%
first response, mean      1d 2h
first response, median    5h
resolution, mean          1d 2h
resolution, median        5h
sla compliance            33%
reopen rate               0%
escalation rate           tier 1 20%, tier 2 0%
escalated twice           1
hand-backs per ticket     0.40
csat mean                 3.5
csat count                2
EOF
}

@test "stats --json: the figures in seconds and shares" {
  run -0 --separate-stderr tier stats --json
  [[ -z "$stderr" ]]
  expect_output <<'EOF'
{"backlog":2,"created":5,"csat_count":2,"csat_mean":3.5,"escalated_twice":1,"escalation_rate":{"1":0.2,"2":0},"first_contact_resolution":0.6666666666666666,"first_response_mean":93700,"first_response_median":18000,"handbacks_per_ticket":0.4,"handled":5,"reopen_rate":0,"resolution_mean":94900,"resolution_median":18000,"resolved":3,"sla_compliance":0.3333333333333333}
EOF
}

@test "stats --since: created counts by creation, resolved by resolution" {
  run -0 tier stats --since 2026-11-01 --json
  expect_output <<'EOF'
{"backlog":2,"created":4,"csat_count":2,"csat_mean":3.5,"escalated_twice":1,"escalation_rate":{"1":0.25,"2":0},"first_contact_resolution":0.6666666666666666,"first_response_mean":10800,"first_response_median":10800,"handbacks_per_ticket":0.5,"handled":5,"reopen_rate":0,"resolution_mean":94900,"resolution_median":18000,"resolved":3,"sla_compliance":0.3333333333333333}
EOF
  # A duration goes back from now: 1d before 2026-11-02 15:00 is the same period here.
  local by_date="$output"
  run -0 tier stats --since 1d --json
  [[ "$output" == "$by_date" ]]
}

@test "stats --until: exclusive; nothing to measure is null" {
  run -0 tier stats --until 2026-11-01 --json
  expect_output <<'EOF'
{"backlog":1,"created":1,"csat_count":0,"csat_mean":null,"escalated_twice":0,"escalation_rate":{"1":0},"first_contact_resolution":null,"first_response_mean":259500,"first_response_median":259500,"handbacks_per_ticket":0,"handled":1,"reopen_rate":null,"resolution_mean":null,"resolution_median":null,"resolved":0,"sla_compliance":null}
EOF
  run -0 tier stats --until 2026-10-30T09:00:00Z
  expect_output <<'EOF'
created                   0
resolved                  0
handled                   0
backlog                   0
first-contact resolution  -
first response, mean      -
first response, median    -
resolution, mean          -
resolution, median        -
sla compliance            -
reopen rate               -
escalation rate           -
escalated twice           0
hand-backs per ticket     -
csat mean                 -
csat count                0
EOF
}

@test "stats --by agent: every agent who acted, tier 2 included (issue 15)" {
  run -0 --separate-stderr tier stats --by agent
  [[ -z "$stderr" ]]
  expect_output <<'EOF'
AGENT              CREATED  RESOLVED  HANDLED  BACKLOG  FCR  RESP-MEAN  RESP-MEDIAN  RES-MEAN  RES-MEDIAN  SLA  REOPENED  TWICE  HANDBACKS  CSAT  RATINGS  ESCALATION
alice@example.edu  5        3         5        2        67%  1d 2h      5h           1d 2h     5h          33%  0%        1      0.40       3.5   2        tier 1 20%, tier 2 0%
bob@example.edu    1        1         1        0        0%   5h         5h           5h        5h          0%   0%        1      2.00       2.0   1        tier 1 100%, tier 2 0%
carol@example.edu  1        1         1        0        0%   5h         5h           5h        5h          0%   0%        1      2.00       2.0   1        tier 1 100%, tier 2 0%
EOF
  # Handled in a period: on 2026-11-02 from 11:00, bob handed B back twice and
  # carol escalated and resolved it; alice resolved A.
  run -0 tier stats --by agent --since 2026-11-02T11:00:00Z --json
  handled="$(python3 -c '
import json, sys
print(" ".join("%s:%s" % (r["key"], r["handled"]) for r in json.load(sys.stdin)["rows"]))' <<<"$output")"
  [[ "$handled" == "alice@example.edu:1 bob@example.edu:1 carol@example.edu:1" ]]
  # A ticket from the requester's mail that nobody has touched counts under (none).
  tier ingest <<'EOF' >/dev/null
From: Dana Ruiz <dana.ruiz@milne.example.edu>
To: helpdesk@example.edu
Subject: Projector bulb
Message-ID: <bulb@milne.example.edu>

It flickers.
EOF
  run -0 tier stats --by agent
  [[ "${lines[4]}" == "(none)             1        0         0        1        -    -  "* ]]
}

@test "stats --by month, week: a row for each, the backlog at its end" {
  run -0 tier stats --by month --json
  expect_output <<'EOF'
{"by":"month","rows":[{"backlog":1,"created":1,"csat_count":0,"csat_mean":null,"escalated_twice":0,"escalation_rate":{"1":0},"first_contact_resolution":null,"first_response_mean":259500,"first_response_median":259500,"handbacks_per_ticket":0,"handled":1,"key":"2026-10","reopen_rate":null,"resolution_mean":null,"resolution_median":null,"resolved":0,"sla_compliance":null},{"backlog":2,"created":4,"csat_count":2,"csat_mean":3.5,"escalated_twice":1,"escalation_rate":{"1":0.25,"2":0},"first_contact_resolution":0.6666666666666666,"first_response_mean":10800,"first_response_median":10800,"handbacks_per_ticket":0.5,"handled":5,"key":"2026-11","reopen_rate":0,"resolution_mean":94900,"resolution_median":18000,"resolved":3,"sla_compliance":0.3333333333333333}]}
EOF
  # Weeks from Monday: E was created in the week of 2026-10-26; the rest, and E's
  # resolution, in that of 2026-11-02; the week of 2026-10-19 had nothing.
  run -0 tier stats --by week --since 2026-10-19 --json
  weeks="$(python3 -c '
import json, sys
print(" ".join("%s:%s:%s:%s" % (r["key"], r["created"], r["resolved"], r["backlog"]) for r in json.load(sys.stdin)["rows"]))' <<<"$output")"
  [[ "$weeks" == "2026-10-19:0:0:0 2026-10-26:1:0:1 2026-11-02:4:3:2" ]]
}

@test "stats: a reopened ticket's rating still counts, and the reopen rate sees it (issue 15)" {
  when 2026-11-02T15:00:00Z
  tier -q --agent dana.ruiz@milne.example.edu reopen "$(sed -n 1p ids)" -m "Jams again"
  run -0 tier stats --since 2026-11-01 --json
  [[ "$output" == *'"backlog":3,'* && "$output" == *'"csat_count":2,"csat_mean":3.5,'* ]]
  [[ "$output" == *'"reopen_rate":0.3333333333333333,'* && "$output" == *'"resolved":2,'* ]]
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
  [[ "$output" == *'"resolved":3,'* ]]
  when 2026-11-02T16:00:00Z
  tier -q resolve "$(sed -n 3p ids)" -m "New cable"
  run -0 tier stats --json
  [[ "$output" == *'"first_contact_resolution":0.75,'* && "$output" == *'"resolved":4,'* ]]
  rm -f .git/tier/cache.sqlite*
  run -0 tier stats --json
  [[ "$output" == *'"first_contact_resolution":0.75,'* && "$output" == *'"resolved":4,'* ]]
}

@test "stats: a change beside a ticket keeps that ticket's facts" {
  run -0 tier stats --json
  [[ "$output" == *'"created":5,"csat_count":2,'* && "$output" == *'"resolved":3,'* ]]
  # A copy of the resolved and rated A under a new id in A's own directory:
  # the directory changes, A does not.
  local a twin
  a="$(sed -n 1p ids)"
  twin="${a:0:4}zzzz"
  sed "s/$a/$twin/" "$(ticket_file "$a")" >"$(ticket_file "$twin")"
  commit_by_hand "a twin of A"
  run -0 tier stats --json
  [[ "$output" == *'"created":6,"csat_count":3,'* && "$output" == *'"resolved":4,'* ]]
}

@test "stats: a damaged cache is an error that clears it; the next run is whole" {
  run -0 tier stats --json
  local want="$output"
  # Each pack: its version byte kept, then garbage.
  python3 -c '
import sqlite3
c = sqlite3.connect(".git/tier/cache.sqlite")
version = c.execute("SELECT data FROM facts_packs LIMIT 1").fetchone()[0][0]
c.execute("UPDATE facts_packs SET data = ?", (bytes([version, 0xff]),))
c.commit()'
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
  [[ "$output" == *'"created":4,'* ]]
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
