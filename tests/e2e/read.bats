#!/usr/bin/env bats
# The read commands: list (every filter, sort and format), show (readable,
# --as-requester, --json), log; and naming tickets by id prefix.
#
# fixtures/desk holds seven tickets made by the commands themselves (then
# given fixed ids), at 09:00 to 10:01 on 2026-11-23:
#   T-aaaa0001 new        high    printing  milne   service-desk  -
#   T-bbbb0002 open       normal  network   strand  service-desk  alice (owner alice)
#   T-cccc0003 escalated  urgent  network   milne   cx-tier2      -     (owner alice)
#   T-dddd0004 pending    low     accounts  hollis  service-desk  carol (owner carol)
#   T-eeee0005 open       normal  hardware  strand  cx-tier2      bob   (owner alice, escalated twice)
#   T-ffff0006 resolved   high    printing  hollis  service-desk  alice (owner alice)
#   T-gggg0007 open       normal  hardware  strand  service-desk  carol (appointment 2026-11-24 14:00)

load helpers

setup() {
  tier_setup
  new_store_with_fixture desk
  export TIER_NOW=2026-11-23T12:00:00Z
}

@test "the fixture is a valid store" {
  run -0 --separate-stderr tier check
  [[ -z "$output" ]]
  expect_stderr <<'EOF'
checked 7 tickets and the config: no problems
EOF
}

# list ---------------------------------------------------------------------

@test "list: the table, oldest first" {
  run -0 --separate-stderr tier list
  [[ -z "$stderr" ]]
  expect_golden list-table
}

@test "list: an empty store prints the header only" {
  new_store "$BATS_TEST_TMPDIR/empty"
  run -0 --separate-stderr tier list
  expect_output <<'EOF'
ID  STATUS  PRIORITY  TIER  GROUP  ASSIGNEE  UPDATED  TITLE
EOF
  run -0 tier list --format ids
  [[ -z "$output" ]]
  run -0 tier list --format csv
  [[ "$output" == "id,status,priority,tier,group,assignee,owner,organization,category,escalations,created,updated,title" ]]
  run -0 tier list --format json
  [[ "$output" == "[]" ]]
  run -0 tier list --format ndjson
  [[ -z "$output" ]]
}

@test "list --format csv" {
  run -0 --separate-stderr tier list --format csv
  [[ -z "$stderr" ]]
  [[ "${lines[0]}" == "id,status,priority,tier,group,assignee,owner,organization,category,escalations,created,updated,title" ]]
  expect_golden list-csv
}

@test "list --format csv quotes commas, quotes and line breaks" {
  local id
  id="$(tier create --title 'Printer, the "big" one' --email lee@strand.example.edu)"
  run -0 tier list --format csv --sort -created --limit 1
  expect_output <<EOF
id,status,priority,tier,group,assignee,owner,organization,category,escalations,created,updated,title
$id,new,normal,1,service-desk,,,strand,,0,2026-11-23T12:00:00Z,2026-11-23T12:00:00Z,"Printer, the ""big"" one"
EOF
}

@test "list --format ids" {
  run -0 --separate-stderr tier list --format ids
  expect_output <<'EOF'
T-aaaa0001
T-bbbb0002
T-cccc0003
T-dddd0004
T-eeee0005
T-ffff0006
T-gggg0007
EOF
}

@test "list --format json is one array of headers" {
  run -0 --separate-stderr tier list --format json
  [[ -z "$stderr" ]]
  [[ "${#lines[@]}" == 1 ]]
  expect_json "$output"
  run -0 python3 -c '
import json, sys
rows = json.loads(sys.argv[1])
print(len(rows), " ".join(r["id"] for r in rows))
print(sorted(rows[0].keys()))
' "$output"
  expect_output <<'EOF'
7 T-aaaa0001 T-bbbb0002 T-cccc0003 T-dddd0004 T-eeee0005 T-ffff0006 T-gggg0007
['appointment', 'assignee', 'category', 'created', 'csat', 'details', 'escalations', 'format', 'group', 'handbacks', 'id', 'owner', 'priority', 'requester', 'status', 'tags', 'tier', 'title', 'updated']
EOF
  run -0 tier list --format json
  expect_golden list-json
}

@test "list --json is list --format json" {
  run -0 tier list --format json
  local expected="$output"
  run -0 tier list --json
  [[ "$output" == "$expected" ]]
  run -0 tier --json list --format table
  [[ "$output" == "$expected" ]]
}

@test "list --format ndjson is one header per line" {
  run -0 --separate-stderr tier list --format ndjson
  [[ "${#lines[@]}" == 7 ]]
  expect_ndjson "$output"
  expect_golden list-ndjson
  # the same objects as the json array
  local ndjson="$output"
  run -0 tier list --format json
  run -0 python3 -c '
import json, sys
assert json.loads(sys.argv[1]) == [json.loads(l) for l in sys.argv[2].split("\n")]
' "$output" "$ndjson"
}

@test "list --format json: one header exactly" {
  run -0 tier list --tag usb --format json
  expect_output <<'EOF'
[{"appointment":null,"assignee":"bob@example.edu","category":"hardware","created":"2026-11-23T09:40:00Z","csat":null,"details":{"asset":"LT-20931","connection":"wireless","location":"Strand Ag B12","symptoms":"Drops every 10 minutes","tried":"Updated the driver"},"escalations":2,"format":1,"group":"cx-tier2","handbacks":1,"id":"T-eeee0005","owner":"alice@example.edu","priority":"normal","requester":{"email":"lee@strand.example.edu","name":"Lee Park","organization":"strand"},"status":"open","tags":["dock","usb"],"tier":2,"title":"Dock not detected","updated":"2026-11-23T09:45:00Z"}]
EOF
}

@test "list --format json carries the appointment" {
  run -0 tier list --format ndjson --assignee carol@example.edu --category hardware
  run -0 python3 -c 'import json, sys; print(json.loads(sys.argv[1])["appointment"])' "$output"
  [[ "$output" == "{'at': '2026-11-24T14:00:00Z', 'place': 'Strand Ag B12', 'technician': 'carol@example.edu'}" ]]
}

# Each filter, as the ids it keeps (oldest first).
list_ids() {
  run -0 --separate-stderr tier list --format ids "$@"
  [[ -z "$stderr" ]]
}

@test "list --status, once and repeated" {
  list_ids --status open
  expect_output <<'EOF'
T-bbbb0002
T-eeee0005
T-gggg0007
EOF
  list_ids --status open --status pending
  expect_output <<'EOF'
T-bbbb0002
T-dddd0004
T-eeee0005
T-gggg0007
EOF
  list_ids --status new
  [[ "$output" == T-aaaa0001 ]]
  list_ids --status escalated
  [[ "$output" == T-cccc0003 ]]
  list_ids --status resolved
  [[ "$output" == T-ffff0006 ]]
  list_ids --status closed
  [[ -z "$output" ]]
}

@test "list --status refuses an unknown status" {
  run -2 --separate-stderr tier list --status opne
  [[ -z "$output" ]]
  [[ "${stderr_lines[0]}" == "tier: error: --status: opne not in {new,open,escalated,pending,resolved,closed}" ]]
}

@test "list --group" {
  list_ids --group cx-tier2
  expect_output <<'EOF'
T-cccc0003
T-eeee0005
EOF
  list_ids --group cn-accounts
  [[ -z "$output" ]]
}

@test "list --assignee, --mine and --unassigned" {
  list_ids --assignee carol@example.edu
  expect_output <<'EOF'
T-dddd0004
T-gggg0007
EOF
  list_ids --assignee bob@example.edu
  [[ "$output" == T-eeee0005 ]]
  list_ids --mine
  expect_output <<'EOF'
T-bbbb0002
T-ffff0006
EOF
  TIER_AGENT=bob@example.edu list_ids --mine
  [[ "$output" == T-eeee0005 ]]
  list_ids --mine --agent carol@example.edu
  expect_output <<'EOF'
T-dddd0004
T-gggg0007
EOF
  list_ids --unassigned
  expect_output <<'EOF'
T-aaaa0001
T-cccc0003
EOF
}

@test "list --assignee and --owner match addresses in any case" {
  list_ids --assignee Carol@Example.EDU
  expect_output <<'EOF'
T-dddd0004
T-gggg0007
EOF
  list_ids --owner ALICE@example.edu --tier 2
  expect_output <<'EOF'
T-cccc0003
T-eeee0005
EOF
}

@test "list --assignee and --mine exclude each other" {
  run -2 --separate-stderr tier list --mine --assignee bob@example.edu
  [[ -z "$output" ]]
  expect_stderr <<'EOF'
tier: error: --assignee excludes --mine
hint: see 'tier list --help'
EOF
}

@test "list --owner" {
  list_ids --owner alice@example.edu
  expect_output <<'EOF'
T-bbbb0002
T-cccc0003
T-eeee0005
T-ffff0006
EOF
  list_ids --owner carol@example.edu
  expect_output <<'EOF'
T-dddd0004
T-gggg0007
EOF
}

@test "list --tier" {
  list_ids --tier 2
  expect_output <<'EOF'
T-cccc0003
T-eeee0005
EOF
  list_ids --tier 1
  expect_output <<'EOF'
T-aaaa0001
T-bbbb0002
T-dddd0004
T-ffff0006
T-gggg0007
EOF
  run -2 tier list --tier 5
  run -2 tier list --tier two
}

@test "list --org, --category, --priority and --tag" {
  list_ids --org hollis
  expect_output <<'EOF'
T-dddd0004
T-ffff0006
EOF
  list_ids --category printing
  expect_output <<'EOF'
T-aaaa0001
T-ffff0006
EOF
  list_ids --priority normal
  expect_output <<'EOF'
T-bbbb0002
T-eeee0005
T-gggg0007
EOF
  list_ids --priority urgent
  [[ "$output" == T-cccc0003 ]]
  list_ids --tag wifi
  [[ "$output" == T-cccc0003 ]]
  list_ids --tag dock
  [[ "$output" == T-eeee0005 ]]
  list_ids --tag nothing
  [[ -z "$output" ]]
  run -2 tier list --priority severe
}

@test "list: filters combine" {
  list_ids --status open --org strand --owner alice@example.edu
  expect_output <<'EOF'
T-bbbb0002
T-eeee0005
EOF
  list_ids --status open --org strand --owner alice@example.edu --tier 2
  [[ "$output" == T-eeee0005 ]]
  list_ids --status new --status escalated --group cx-tier2
  [[ "$output" == T-cccc0003 ]]
  list_ids --category hardware --tier 1 --priority normal
  [[ "$output" == T-gggg0007 ]]
  list_ids --unassigned --status new --category printing --org milne --tag paper --priority high
  [[ "$output" == T-aaaa0001 ]]
  list_ids --unassigned --assignee bob@example.edu
  [[ -z "$output" ]]
}

@test "list --sort: each field, and -FIELD descending" {
  list_ids --sort -created
  expect_output <<'EOF'
T-gggg0007
T-ffff0006
T-eeee0005
T-dddd0004
T-cccc0003
T-bbbb0002
T-aaaa0001
EOF
  list_ids --sort priority
  expect_output <<'EOF'
T-cccc0003
T-aaaa0001
T-ffff0006
T-bbbb0002
T-eeee0005
T-gggg0007
T-dddd0004
EOF
  list_ids --sort status
  expect_output <<'EOF'
T-aaaa0001
T-bbbb0002
T-eeee0005
T-gggg0007
T-cccc0003
T-dddd0004
T-ffff0006
EOF
  list_ids --sort assignee
  expect_output <<'EOF'
T-aaaa0001
T-cccc0003
T-bbbb0002
T-ffff0006
T-eeee0005
T-dddd0004
T-gggg0007
EOF
  list_ids --sort title
  expect_output <<'EOF'
T-eeee0005
T-dddd0004
T-gggg0007
T-aaaa0001
T-ffff0006
T-bbbb0002
T-cccc0003
EOF
  list_ids --sort -tier
  expect_output <<'EOF'
T-cccc0003
T-eeee0005
T-aaaa0001
T-bbbb0002
T-dddd0004
T-ffff0006
T-gggg0007
EOF
  list_ids --sort group
  expect_output <<'EOF'
T-cccc0003
T-eeee0005
T-aaaa0001
T-bbbb0002
T-dddd0004
T-ffff0006
T-gggg0007
EOF
  list_ids --sort -id
  [[ "${lines[0]}" == T-gggg0007 && "${lines[6]}" == T-aaaa0001 ]]
  list_ids --sort updated
  [[ "${lines[0]}" == T-aaaa0001 && "${lines[6]}" == T-gggg0007 ]]
}

@test "list --sort refuses an unknown field" {
  run -2 --separate-stderr tier list --sort colour
  [[ -z "$output" ]]
  expect_stderr <<'EOF'
tier: error: cannot sort by 'colour'
hint: sort by one of created, updated, priority, status, tier, group, assignee, id, title
EOF
}

@test "list --limit keeps the first N after sorting; 0 keeps all" {
  list_ids --limit 2
  expect_output <<'EOF'
T-aaaa0001
T-bbbb0002
EOF
  list_ids --sort -created --limit 3
  expect_output <<'EOF'
T-gggg0007
T-ffff0006
T-eeee0005
EOF
  list_ids --limit 100
  [[ "${#lines[@]}" == 7 ]]
  list_ids --limit 0
  [[ "${#lines[@]}" == 7 ]]
  run -2 --separate-stderr tier list --limit -1
  [[ -z "$output" ]]
  expect_stderr <<'EOF'
tier: error: --limit: '-1' is not a number of tickets
hint: see 'tier list --help'
EOF
  run -2 tier list --limit two
  run -0 tier list --limit 1
  expect_output <<'EOF'
ID          STATUS  PRIORITY  TIER  GROUP         ASSIGNEE  UPDATED           TITLE
T-aaaa0001  new     high      1     service-desk  -         2026-11-23 09:00  Printer jams on tray 2
EOF
}

@test "list --format refuses an unknown format" {
  run -2 --separate-stderr tier list --format xml
  [[ -z "$output" ]]
  [[ "${stderr_lines[0]}" == "tier: error: --format: xml not in {table,json,ndjson,csv,ids}" ]]
}

@test "list: the appointment tag goes once the appointment is past" {
  TIER_NOW=2026-11-25T00:00:00Z run -0 tier list --assignee carol@example.edu --category hardware
  expect_output <<'EOF'
ID          STATUS  PRIORITY  TIER  GROUP         ASSIGNEE           UPDATED           TITLE
T-gggg0007  open    normal    1     service-desk  carol@example.edu  2026-11-23 10:01  Monitor flickers
EOF
}

@test "list sees a new ticket and a change at once (the cache follows the branch)" {
  run -0 tier list --format ids
  local id
  id="$(tier create --title "New one" --email lee@strand.example.edu --priority urgent)"
  list_ids --priority urgent
  expect_output <<EOF
T-cccc0003
$id
EOF
  tier comment T-bbbb0002 --pending -m "Which VPN client?"
  list_ids --status pending
  expect_output <<'EOF'
T-bbbb0002
T-dddd0004
EOF
  # and after a commit made with git, not tier
  git rm -q "$(ticket_file T-bbbb0002)"
  git commit -q -m "remove one"
  list_ids --owner alice@example.edu
  expect_output <<'EOF'
T-cccc0003
T-eeee0005
T-ffff0006
EOF
}

@test "list rebuilds a deleted or corrupt cache" {
  run -0 tier list --format ids
  local expected="$output"
  rm -f .git/tier/cache.sqlite*
  run -0 tier list --format ids
  [[ "$output" == "$expected" ]]
  echo "not a database" >.git/tier/cache.sqlite
  run -0 tier list --format ids
  [[ "$output" == "$expected" ]]
}

# show ---------------------------------------------------------------------

@test "show: the readable view" {
  run -0 --separate-stderr tier show T-eeee0005
  [[ -z "$stderr" ]]
  expect_golden show-eeee0005
}

@test "show: a ticket with an appointment and a pending one" {
  run -0 tier show gggg
  expect_output <<'EOF'
T-gggg0007  Monitor flickers
status      open  tier 1, service-desk
priority    normal   category hardware
owner       carol@example.edu
assignee    carol@example.edu
requester   Lee Park <lee@strand.example.edu> (strand)
escalated   0 times, handed back 0 times
appointment 2026-11-24 14:00 at Strand Ag B12 with carol@example.edu  upcoming
created     2026-11-23 10:00
updated     2026-11-23 10:01

2026-11-23 10:00  carol@example.edu  create in service-desk
2026-11-23 10:01  carol@example.edu  appoint 2026-11-24 14:00 at Strand Ag B12 with carol@example.edu
EOF
  run -0 tier show dddd
  expect_output <<'EOF'
T-dddd0004  Locked out of my account
status      pending  tier 1, service-desk
priority    low   category accounts
owner       carol@example.edu
assignee    carol@example.edu
requester   sam@hollis.example.org (hollis)
escalated   0 times, handed back 0 times
created     2026-11-23 09:31
updated     2026-11-23 09:33

2026-11-23 09:31  carol@example.edu  create in service-desk
2026-11-23 09:32  carol@example.edu  claim
2026-11-23 09:33  carol@example.edu  comment, waiting on the requester
    Which username do you use?
EOF
}

@test "show --as-requester never shows a private note" {
  tier comment T-eeee0005 --private -m "SECRET-1: the RADIUS server is misconfigured"
  tier comment T-eeee0005 -m "We are on it."
  run -0 tier show T-eeee0005
  [[ "$output" == *SECRET-1* ]]
  [[ "$output" == *"Still not detected."* ]]
  run -0 --separate-stderr tier show T-eeee0005 --as-requester
  [[ "$output" != *SECRET* ]]
  [[ "$output" != *"Still not detected."* ]]
  [[ "$output" != *"Firmware updated"* ]]
  [[ "$output" != *"bench test"* ]]
  expect_output <<'EOF'
T-eeee0005  Dock not detected
status      in progress
opened      2026-11-23 09:40
updated     2026-11-23 12:00

2026-11-23 12:00  alice@example.edu
    We are on it.
EOF
  run -0 tier show T-eeee0005 --as-requester --json
  expect_json "$output"
  [[ "$output" != *SECRET* ]]
  [[ "$output" != *"Still not detected."* ]]
  [[ "$output" != *private* ]]
  expect_output <<'EOF'
{"created":"2026-11-23T09:40:00Z","id":"T-eeee0005","log":[{"at":"2026-11-23T12:00:00Z","by":"alice@example.edu","event":"comment","text":"We are on it."}],"requester":{"email":"lee@strand.example.edu","name":"Lee Park"},"status":"in progress","title":"Dock not detected","updated":"2026-11-23T12:00:00Z"}
EOF
}

@test "show --as-requester: the requester's words of each status" {
  run -0 tier show T-ffff0006 --as-requester
  expect_output <<'EOF'
T-ffff0006  Toner is low
status      resolved
opened      2026-11-23 09:50
updated     2026-11-23 09:52

2026-11-23 09:52  alice@example.edu
    A new cartridge is on its way.
EOF
  run -0 tier show T-aaaa0001 --as-requester
  expect_output <<'EOF'
T-aaaa0001  Printer jams on tray 2
status      received
opened      2026-11-23 09:00
updated     2026-11-23 09:00

2026-11-23 09:00  alice@example.edu
    Every second page jams.
EOF
  run -0 tier show T-dddd0004 --as-requester
  [[ "${lines[1]}" == "status      waiting on you" ]]
}

# Every key and value of the ticket's file is in the JSON, with times as
# RFC 3339 UTC strings.
file_matches_json() {
  python3 - "$1" "$2" <<'EOF'
import datetime, json, sys, tomllib

def norm(v):
    if isinstance(v, datetime.datetime):
        s = v.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
        if v.microsecond:
            s += ".%03d" % (v.microsecond // 1000)
        return s + "Z"
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    if isinstance(v, list):
        return [norm(x) for x in v]
    return v

def within(a, b, path):
    if isinstance(a, dict):
        assert isinstance(b, dict), path
        for k in a:
            assert k in b, "%s.%s is missing" % (path, k)
            within(a[k], b[k], path + "." + k)
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            within(x, y, "%s[%d]" % (path, i))
    else:
        assert a == b, "%s: %r != %r" % (path, a, b)

with open(sys.argv[1], "rb") as f:
    within(norm(tomllib.load(f)), json.loads(sys.argv[2]), "")
EOF
}

@test "show --json is the whole ticket, log included" {
  local id
  for id in T-aaaa0001 T-bbbb0002 T-cccc0003 T-dddd0004 T-eeee0005 T-ffff0006 T-gggg0007; do
    run -0 --separate-stderr tier show "$id" --json
    [[ -z "$stderr" ]]
    [[ "${#lines[@]}" == 1 ]]
    file_matches_json "$(ticket_file "$id")" "$output"
  done
  run -0 tier --json show T-eeee0005
  expect_golden show-json-eeee0005
}

# log ----------------------------------------------------------------------

@test "log: the history, oldest first, private notes marked" {
  run -0 --separate-stderr tier log T-eeee0005
  [[ -z "$stderr" ]]
  expect_output <<'EOF'
2026-11-23 09:40  alice@example.edu  create in service-desk
2026-11-23 09:41  alice@example.edu  claim
2026-11-23 09:42  alice@example.edu  escalate to cx-tier2 (tier 2)  [private]
    Needs a bench test.
2026-11-23 09:43  bob@example.edu  claim
2026-11-23 09:44  bob@example.edu  handback to alice@example.edu in service-desk  [private]
    Firmware updated; try again.
2026-11-23 09:45  alice@example.edu  escalate to cx-tier2 (tier 2), straight back to bob@example.edu  [private]
    Still not detected.
EOF
}

@test "log --json is the log array of show --json" {
  run -0 tier log T-eeee0005 --json
  local log="$output"
  expect_json "$log"
  run -0 tier show T-eeee0005 --json
  run -0 python3 -c '
import json, sys
log = json.loads(sys.argv[1])
assert log == json.loads(sys.argv[2])["log"]
print(len(log), " ".join(e["event"] for e in log))
' "$log" "$output"
  [[ "$output" == "6 create claim escalate claim handback escalate" ]]
}

@test "log shows a multi-line text indented, line by line" {
  tier comment T-aaaa0001 -m $'First line.\n\n  Indented line.'
  run -0 tier log T-aaaa0001
  expect_output <<'EOF'
2026-11-23 09:00  alice@example.edu  create in service-desk
    Every second page jams.
2026-11-23 12:00  alice@example.edu  comment
    First line.
    
      Indented line.
EOF
}

# naming tickets -----------------------------------------------------------

@test "a unique prefix of 4 or more characters names a ticket, with or without T-, in any case" {
  local form
  for form in T-eeee0005 eeee0005 eeee T-eeee EEEE T-EEEE t-eeee eeee000; do
    run -0 tier show "$form" --json
    [[ "$output" == '{"appointment":null,'*'"id":"T-eeee0005",'* ]]
  done
  run -0 tier log EEEE
  [[ "${lines[0]}" == "2026-11-23 09:40  alice@example.edu  create in service-desk" ]]
}

@test "ids are read as Crockford base32: I and L are 1, O is 0" {
  local form
  for form in aaaaOOOl T-AAAAooOI aaaa0oo1; do
    run -0 tier show "$form" --json
    [[ "$output" == *'"id":"T-aaaa0001",'* ]]
  done
}

@test "an unknown id is not found" {
  run -3 --separate-stderr tier show zzzz
  [[ -z "$output" ]]
  expect_stderr <<'EOF'
tier: error: no ticket 'zzzz'
EOF
  run -3 --separate-stderr tier show T-aaaa0009
  expect_stderr <<'EOF'
tier: error: no ticket 'T-aaaa0009'
EOF
  run -3 tier log T-zzzzzzzz
  run -3 tier comment zzzz -m "hello"
  run -3 --separate-stderr tier show 'no-such!'
  expect_stderr <<'EOF'
tier: error: no ticket 'no-such!'
EOF
}

@test "fewer than 4 characters is a usage error" {
  run -2 --separate-stderr tier show eee
  [[ -z "$output" ]]
  expect_stderr <<'EOF'
tier: error: 'eee' is too short to name a ticket
hint: give at least 4 characters of the id
EOF
  run -2 tier show T-ee
  run -2 tier log e
}

@test "an ambiguous prefix is a conflict listing the candidates" {
  # a second ticket whose id shares 'eeee' with T-eeee0005, written by hand
  sed 's/T-eeee0005/T-eeee9xyz/' "$(ticket_file T-eeee0005)" >"$(ticket_file T-eeee9xyz)"
  commit_by_hand "a twin"
  run -0 tier check
  run -4 --separate-stderr tier show eeee
  [[ -z "$output" ]]
  expect_stderr <<'EOF'
tier: error: 'eeee' is ambiguous: T-eeee0005, T-eeee9xyz
hint: give more characters of the id
EOF
  run -4 --separate-stderr tier --json show T-EEEE
  expect_stderr <<'EOF'
{"error":{"code":4,"hint":"give more characters of the id","message":"'T-EEEE' is ambiguous: T-eeee0005, T-eeee9xyz"}}
EOF
  local head
  head="$(git rev-parse HEAD)"
  run -4 tier comment eeee -m "hello"
  [[ "$(git rev-parse HEAD)" == "$head" ]]
  run -0 tier show eeee9 --json
  [[ "$output" == *'"id":"T-eeee9xyz"'* ]]
  run -0 tier show eeee0 --json
  [[ "$output" == *'"id":"T-eeee0005"'* ]]
}
