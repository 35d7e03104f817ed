#!/usr/bin/env bats
# tier export (JSON, CSV, --as-requester, filters) and tier import (JSON
# round trip, CSV from another help desk through a mapping file).

load helpers

setup() {
  tier_setup
  export TIER_NOW=2026-11-23T12:00:00Z
}

# A store in $BATS_TEST_TMPDIR/a with four tickets that use every part of a
# ticket file: an escalation and a hand-back with private notes, unicode
# text, an appointment, a void entry, a rating. Their ids go to the file ids.
store_a() {
  new_store "$BATS_TEST_TMPDIR/a"
  local t1 t2 t3 t4
  t1="$(TIER_NOW=2026-11-23T09:00:00Z tier create --title 'Wi-Fi drops in the café — 無線' \
    --email dana.ruiz@milne.example.edu --name 'Dana Ruíz' --category network --priority high \
    --tag wifi --tag 'b, "quoted"' -m $'It drops every ten minutes.\nSince Monday, «always».')" || return 1
  TIER_NOW=2026-11-23T09:05:00Z tier -q claim "$t1" || return 1
  TIER_NOW=2026-11-23T09:10:00Z tier -q escalate "$t1" -m 'Private: driver reinstalled; RADIUS?' \
    --asset LT-20931 --location 'Strand Ag B12' --symptoms '802.1X timeouts' --tried 'Driver, profile' \
    --connection wireless || return 1
  TIER_NOW=2026-11-23T09:20:00Z tier -q --agent bob@example.edu claim "$t1" || return 1
  TIER_NOW=2026-11-23T09:30:00Z tier -q --agent bob@example.edu handback "$t1" -m 'Private: RADIUS cert renewed' ||
    return 1
  TIER_NOW=2026-11-23T09:40:00Z tier -q comment "$t1" -m 'Fixed on our side; please try again.' || return 1

  t2="$(TIER_NOW=2026-11-23T10:00:00Z tier create --title 'Monitor flickers' --email lee@strand.example.edu \
    --name 'Lee Park')" || return 1
  TIER_NOW=2026-11-23T10:01:00Z tier -q --agent carol@example.edu appoint "$t2" --at 2026-11-24T14:00:00Z \
    --technician bob@example.edu --place 'Strand Ag B12' || return 1

  # A void entry, as a merge leaves one: a later claim that no longer applies.
  t3="$(TIER_NOW=2026-11-23T11:00:00Z tier create --title 'VPN refuses my password' \
    --email lee@strand.example.edu)" || return 1
  TIER_NOW=2026-11-23T11:01:00Z tier -q claim "$t3" || return 1
  printf '\n[[log]]\nat = 2026-11-23T11:02:00Z\nby = "carol@example.edu"\nevent = "claim"\nvoid = "already claimed"\n' \
    >>"$(ticket_file "$t3")"
  commit_by_hand "a void claim" || return 1
  TIER_NOW=2026-11-23T11:03:00Z tier -q comment "$t3" -m 'Reset the token.' --private || return 1

  t4="$(TIER_NOW=2026-11-23T11:30:00Z tier create --title 'Toner is low' --email pat@hollis.example.org)" ||
    return 1
  TIER_NOW=2026-11-23T11:31:00Z tier -q claim "$t4" || return 1
  TIER_NOW=2026-11-23T11:32:00Z tier -q resolve "$t4" -m 'Replaced.' || return 1
  TIER_NOW=2026-11-23T11:33:00Z tier -q rate "$t4" 5 || return 1
  printf '%s\n' "$t1" "$t2" "$t3" "$t4" >"$BATS_TEST_TMPDIR/ids"
  tier check -q
}

# store_a made once per file and copied for each test.
cached_store_a() {
  local template="$BATS_FILE_TMPDIR/store-a"
  if [[ ! -d "$template" ]]; then
    rm -rf "$template.tmp"
    mkdir -p "$template.tmp"
    (BATS_TEST_TMPDIR="$template.tmp" && cd "$template.tmp" && store_a) || return 1
    mv "$template.tmp" "$template"
  fi
  cp -a "$template/." "$BATS_TEST_TMPDIR/" && cd "$BATS_TEST_TMPDIR/a"
}

@test "export and import: a JSON round trip into an empty store is exact" {
  cached_store_a
  grep -q '^void = ' tickets/*/*.toml
  grep -q '^\[appointment\]' tickets/*/*.toml
  grep -q '^visibility = "private"' tickets/*/*.toml
  grep -q '^csat = 5' tickets/*/*.toml
  grep -q '無線' tickets/*/*.toml
  run -0 --separate-stderr tier export -o "$BATS_TEST_TMPDIR/a.json"
  [[ -z "$output" ]]
  [[ "$stderr" == "exported 4 tickets to $BATS_TEST_TMPDIR/a.json" ]]
  expect_json "$(cat "$BATS_TEST_TMPDIR/a.json")"
  tier export | cmp - "$BATS_TEST_TMPDIR/a.json"
  # one ticket a line, between the brackets
  [[ "$(wc -l <"$BATS_TEST_TMPDIR/a.json")" -eq 6 ]]

  new_store "$BATS_TEST_TMPDIR/b"
  local before
  before="$(commit_count)"
  run -0 --separate-stderr tier import "$BATS_TEST_TMPDIR/a.json"
  [[ "$(sort <<<"$output")" == "$(sort "$BATS_TEST_TMPDIR/ids")" ]]
  [[ "$stderr" == "imported 4 tickets in one commit" ]]
  [[ "$(commit_count)" -eq $((before + 1)) ]]
  [[ "$(git log -1 --format=%s)" == "import 4 tickets" ]]
  [[ "$(git log -1 --format=%b | grep -c '^Tier-Ticket: T-')" -eq 4 ]]
  git log -1 --format=%b | grep -qx 'Tier-Op: import'
  diff -r "$BATS_TEST_TMPDIR/a/tickets" tickets
  tier export | cmp - "$BATS_TEST_TMPDIR/a.json"
  expect_clean_status
  run -0 tier check -q
}

@test "import: an id already in the store is refused and nothing is committed" {
  cached_store_a
  tier export >"$BATS_TEST_TMPDIR/a.json"
  local before first
  before="$(commit_count)"
  first="$(sed -n 1p "$BATS_TEST_TMPDIR/ids")"
  run -5 --separate-stderr tier import "$BATS_TEST_TMPDIR/a.json"
  [[ -z "$output" ]]
  grep -qxF "tier: warning: $BATS_TEST_TMPDIR/a.json: ticket $(grep -n "$first" <(tier export --format csv | tail -n +2) | cut -d: -f1) ($first): refused by rule 'id-path': '$first' is already in the store" <<<"$stderr"
  [[ "${#stderr_lines[@]}" -eq 5 ]]
  [[ "${stderr_lines[4]}" == "tier: error: refused 4 of 4 rows; nothing is imported" ]]
  [[ "$(commit_count)" -eq "$before" ]]
}

@test "import: each bad ticket is refused with its rule, the rest imported in one commit" {
  cached_store_a
  tier export >"$BATS_TEST_TMPDIR/a.json"
  new_store "$BATS_TEST_TMPDIR/b"
  local before
  before="$(commit_count)"
  # 1: a header that is not the replay of its log; 2: an unknown key;
  # 3: another store's prefix; 4: as exported; 5: the same id again.
  python3 - "$BATS_TEST_TMPDIR/a.json" >"$BATS_TEST_TMPDIR/bad.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
a = dict(t[0]); a["status"] = "closed"
b = dict(t[1]); b["colour"] = "red"
c = dict(t[2]); c["id"] = "X-" + c["id"][2:]
print(json.dumps([a, b, c, t[3], t[3]], indent=2, ensure_ascii=False))
PY
  local ids
  mapfile -t ids < <(python3 -c 'import json,sys; [print(t["id"]) for t in json.load(open(sys.argv[1]))]' \
    "$BATS_TEST_TMPDIR/a.json")
  run -5 --separate-stderr tier --json import "$BATS_TEST_TMPDIR/bad.json"
  expect_output <<EOF
{"imported":["${ids[3]}"],"refused":[{"id":"${ids[0]}","message":"'status' differs from the replay of the log","row":1,"rule":"replay"},{"message":"$BATS_TEST_TMPDIR/bad.json: ticket 2: unknown key 'colour'","row":2,"rule":"malformed"},{"id":"X-${ids[2]:2}","message":"'X-${ids[2]:2}' is not an id of this store: 'T-' and 8 characters","row":3,"rule":"id-path"},{"id":"${ids[3]}","message":"'${ids[3]}' is in the file twice","row":5,"rule":"id-path"}]}
EOF
  [[ -z "$stderr" ]]
  [[ "$(commit_count)" -eq $((before + 1)) ]]
  [[ "$(tier list --format ids)" == "${ids[3]}" ]]
}

@test "import: a file that is not a JSON array imports nothing, exit 6" {
  new_store
  printf '[{"id": ' >"$BATS_TEST_TMPDIR/cut.json"
  run -6 --separate-stderr tier import "$BATS_TEST_TMPDIR/cut.json"
  [[ "$stderr" == "tier: error: $BATS_TEST_TMPDIR/cut.json: not valid JSON: parse error at line 1, column 9: syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal" ]]
  printf '{"id": "T-7k2m9qxa"}' >"$BATS_TEST_TMPDIR/object.json"
  run -6 --separate-stderr tier import "$BATS_TEST_TMPDIR/object.json"
  [[ "$stderr" == "tier: error: $BATS_TEST_TMPDIR/object.json: not a JSON array of tickets" ]]
  printf '[]\n' >"$BATS_TEST_TMPDIR/empty.json"
  run -0 --separate-stderr tier import "$BATS_TEST_TMPDIR/empty.json"
  [[ "$stderr" == "nothing to import" ]]
  [[ "$(commit_count)" -eq 1 ]]
}

@test "export --as-requester leaves out every private note, as show --as-requester does" {
  cached_store_a
  run -0 --separate-stderr tier export --as-requester
  expect_json "$output"
  [[ "$output" != *Private* ]]
  [[ "$output" != *"Reset the token"* ]]
  [[ "$output" == *"Fixed on our side"* ]]
  local first expected
  first="$(sed -n 1p "$BATS_TEST_TMPDIR/ids")"
  expected="$(tier show "$first" --as-requester --json)"
  grep -qxF -e "$expected," -e "$expected" <<<"$output"
  run -2 --separate-stderr tier export --as-requester --format csv
  [[ "${stderr_lines[0]}" == "tier: error: --as-requester is for --format json" ]]
}

@test "export: the filters of list choose the tickets" {
  cached_store_a
  local first
  first="$(sed -n 1p "$BATS_TEST_TMPDIR/ids")"
  run -0 tier export --owner alice@example.edu --tier 1 --status open --priority high
  [[ "${#lines[@]}" -eq 3 ]]
  [[ "${lines[1]}" == "{\"appointment\":null,\"assignee\":\"alice@example.edu\",\"category\":\"network\","* ]]
  [[ "${lines[1]}" == *"\"id\":\"$first\""* ]]
  run -0 tier export --status closed
  [[ "$output" == "[]" ]]
}

@test "export --format csv: RFC 4180, one row a ticket" {
  new_store_with_fixture desk
  tier -q --agent carol@example.edu edit T-aaaa0001 --title 'Printer "tray 2", jams'
  run -0 --separate-stderr tier export --format csv
  [[ -z "$stderr" ]]
  [[ "$(grep -c $'\r$' <<<"$output")" -eq 8 ]]
  output="$(tr -d '\r' <<<"$output")"
  expect_output <<'EOF'
id,title,status,priority,category,tier,group,assignee,owner,escalations,handbacks,tags,created,updated,requester_name,requester_email,organization,asset,location,symptoms,tried,connection,appointment_at,appointment_place,appointment_technician,csat
T-aaaa0001,"Printer ""tray 2"", jams",new,high,printing,1,service-desk,,,0,0,paper,2026-11-23T09:00:00Z,2026-11-23T12:00:00Z,Dana Ruiz,dana.ruiz@milne.example.edu,milne,,,,,,,,,
T-bbbb0002,VPN refuses my password,open,normal,network,1,service-desk,alice@example.edu,alice@example.edu,0,0,vpn,2026-11-23T09:10:00Z,2026-11-23T09:15:00Z,Lee Park,lee@strand.example.edu,strand,,,,,,,,,
T-cccc0003,Wi-Fi drops in the basement,escalated,urgent,network,2,cx-tier2,,alice@example.edu,1,0,wifi,2026-11-23T09:20:00Z,2026-11-23T09:30:00Z,Dana Ruiz,dana.ruiz@milne.example.edu,milne,LT-20931,Strand Ag B12,Drops every 10 minutes,Updated the driver,wireless,,,,
T-dddd0004,Locked out of my account,pending,low,accounts,1,service-desk,carol@example.edu,carol@example.edu,0,0,,2026-11-23T09:31:00Z,2026-11-23T09:33:00Z,,sam@hollis.example.org,hollis,,,,,,,,,
T-eeee0005,Dock not detected,open,normal,hardware,2,cx-tier2,bob@example.edu,alice@example.edu,2,1,dock;usb,2026-11-23T09:40:00Z,2026-11-23T09:45:00Z,Lee Park,lee@strand.example.edu,strand,LT-20931,Strand Ag B12,Drops every 10 minutes,Updated the driver,wireless,,,,
T-ffff0006,Toner is low,resolved,high,printing,1,service-desk,alice@example.edu,alice@example.edu,0,0,,2026-11-23T09:50:00Z,2026-11-23T09:52:00Z,,pat@hollis.example.org,hollis,,,,,,,,,
T-gggg0007,Monitor flickers,open,normal,hardware,1,service-desk,carol@example.edu,carol@example.edu,0,0,,2026-11-23T10:00:00Z,2026-11-23T10:01:00Z,Lee Park,lee@strand.example.edu,strand,,,,,,2026-11-24T14:00:00Z,Strand Ag B12,carol@example.edu,
EOF
}

@test "export --format csv --metrics: each ticket's figures; a formula is neutralised (issue 15)" {
  new_store_with_fixture desk
  tier -q --agent carol@example.edu edit T-aaaa0001 --title '=HYPERLINK("http://evil.example/","x")'
  run -0 --separate-stderr tier export --format csv --metrics
  [[ -z "$stderr" ]]
  [[ "$(grep -c $'\r$' <<<"$output")" -eq 8 ]]
  output="$(tr -d '\r' <<<"$output")"
  # First responses: T-dddd0004 a public question (pending) at 09:33, T-ffff0006 its
  # resolution at 09:52, T-gggg0007 an appointment at 10:01; the others have had none.
  expect_output <<'EOF'
id,title,status,priority,category,tier,group,assignee,owner,escalations,handbacks,tags,created,updated,requester_name,requester_email,organization,asset,location,symptoms,tried,connection,appointment_at,appointment_place,appointment_technician,csat,first_response_at,first_response_seconds,first_resolved_at,resolved_at,resolution_seconds,reopens,first_contact,rated_at,sla_met
T-aaaa0001,"'=HYPERLINK(""http://evil.example/"",""x"")",new,high,printing,1,service-desk,,,0,0,paper,2026-11-23T09:00:00Z,2026-11-23T12:00:00Z,Dana Ruiz,dana.ruiz@milne.example.edu,milne,,,,,,,,,,,,,,,0,,,
T-bbbb0002,VPN refuses my password,open,normal,network,1,service-desk,alice@example.edu,alice@example.edu,0,0,vpn,2026-11-23T09:10:00Z,2026-11-23T09:15:00Z,Lee Park,lee@strand.example.edu,strand,,,,,,,,,,,,,,,0,,,
T-cccc0003,Wi-Fi drops in the basement,escalated,urgent,network,2,cx-tier2,,alice@example.edu,1,0,wifi,2026-11-23T09:20:00Z,2026-11-23T09:30:00Z,Dana Ruiz,dana.ruiz@milne.example.edu,milne,LT-20931,Strand Ag B12,Drops every 10 minutes,Updated the driver,wireless,,,,,,,,,,0,,,
T-dddd0004,Locked out of my account,pending,low,accounts,1,service-desk,carol@example.edu,carol@example.edu,0,0,,2026-11-23T09:31:00Z,2026-11-23T09:33:00Z,,sam@hollis.example.org,hollis,,,,,,,,,,2026-11-23T09:33:00Z,120,,,,0,,,
T-eeee0005,Dock not detected,open,normal,hardware,2,cx-tier2,bob@example.edu,alice@example.edu,2,1,dock;usb,2026-11-23T09:40:00Z,2026-11-23T09:45:00Z,Lee Park,lee@strand.example.edu,strand,LT-20931,Strand Ag B12,Drops every 10 minutes,Updated the driver,wireless,,,,,,,,,,0,,,
T-ffff0006,Toner is low,resolved,high,printing,1,service-desk,alice@example.edu,alice@example.edu,0,0,,2026-11-23T09:50:00Z,2026-11-23T09:52:00Z,,pat@hollis.example.org,hollis,,,,,,,,,,2026-11-23T09:52:00Z,120,2026-11-23T09:52:00Z,2026-11-23T09:52:00Z,120,0,1,,1
T-gggg0007,Monitor flickers,open,normal,hardware,1,service-desk,carol@example.edu,carol@example.edu,0,0,,2026-11-23T10:00:00Z,2026-11-23T10:01:00Z,Lee Park,lee@strand.example.edu,strand,,,,,,2026-11-24T14:00:00Z,Strand Ag B12,carol@example.edu,,2026-11-23T10:01:00Z,60,,,,0,,,
EOF
  # list's CSV neutralises the title too.
  run -0 tier list --format csv --tag paper
  [[ "$output" == *$',"\'=HYPERLINK(""http://evil.example/"",""x"")"' ]]
  run -2 --separate-stderr tier export --metrics
  [[ "${stderr_lines[0]}" == "tier: error: --metrics is for --format csv" ]]
}

# A CSV export of another help desk, with a mapping for it.
old_desk() {
  {
    printf '\xef\xbb\xbf'
    printf '%s\r\n' 'Subject,Requester,Requester Email,Priority,Opened,Description,Labels' \
    'Printer jams,Ann Lee,ann@milne.example.edu,P1,2026-11-20 09:30,"Jams on' \
    'tray 2, every time",printer;hw' \
    'Mail is slow,Bo,bo@gmail.com,P3,2026-11-20 10:00,,' \
    'Lab PC,Cy,cy@nowhere.example.com,P3,2026-11-20 11:00,,' \
    '"Toner, ""black""",Di,di@hollis.example.org,,2026-11-21,,'
  } >"$BATS_TEST_TMPDIR/old.csv"
  cat >"$BATS_TEST_TMPDIR/map.toml" <<'EOF'
[columns]
title = "Subject"
email = "Requester Email"
name = "Requester"
priority = "Priority"
created = "Opened"
text = "Description"
tags = "Labels"

[values.priority]
"P1" = "urgent"
"P3" = "low"
EOF
}

@test "import CSV: rows that break rules 1 and 2 are refused by row, the rest in one commit" {
  new_store
  old_desk
  local before
  before="$(commit_count)"
  run -5 --separate-stderr tier import "$BATS_TEST_TMPDIR/old.csv" --map "$BATS_TEST_TMPDIR/map.toml"
  [[ "${#lines[@]}" -eq 2 ]]
  expect_stderr <<EOF
tier: warning: $BATS_TEST_TMPDIR/old.csv:4: row 2: refused by rule 'employer-email': 'gmail.com' is a free-mail domain; the requester needs an employer address
tier: warning: $BATS_TEST_TMPDIR/old.csv:5: row 3: refused by rule 'supported-organization': no supported organization has the domain 'nowhere.example.com'
tier: error: refused 2 of 4 rows; imported the other 2 tickets in one commit
hint: fix the refused rows and import them on their own
EOF
  [[ "$(commit_count)" -eq $((before + 1)) ]]
  [[ "$(git log -1 --format=%s)" == "import 2 tickets" ]]
  expect_clean_status
  local first="${lines[0]}" second="${lines[1]}"
  run -0 ticket_fields "$first" title status priority group tags created requester
  expect_output <<'EOF'
title=Printer jams
status=new
priority=urgent
group=service-desk
tags=["printer", "hw"]
created=2026-11-20T09:30:00Z
requester={"email": "ann@milne.example.edu", "name": "Ann Lee", "organization": "milne"}
EOF
  [[ "$(tier show "$first" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["log"][0]["text"])')" == \
    $'Jams on\ntray 2, every time' ]]
  run -0 ticket_fields "$second" title priority created
  expect_output <<'EOF'
title=Toner, "black"
priority=normal
created=2026-11-21T00:00:00Z
EOF
  run -0 tier check -q
}

@test "import CSV --json: the summary object; --dry-run commits nothing" {
  new_store
  old_desk
  run -5 --separate-stderr tier --json import "$BATS_TEST_TMPDIR/old.csv" --map "$BATS_TEST_TMPDIR/map.toml" --dry-run
  [[ -z "$stderr" ]]
  python3 -c '
import json, sys
s = json.loads(sys.argv[1])
assert len(s["imported"]) == 2, s
assert s["refused"] == [
  {"row": 2, "line": 4, "rule": "employer-email", "message": "'"'"'gmail.com'"'"' is a free-mail domain; the requester needs an employer address"},
  {"row": 3, "line": 5, "rule": "supported-organization", "message": "no supported organization has the domain '"'"'nowhere.example.com'"'"'"},
], s["refused"]
' "$output"
  [[ "$(commit_count)" -eq 1 ]]
  run -5 --separate-stderr tier import "$BATS_TEST_TMPDIR/old.csv" --map "$BATS_TEST_TMPDIR/map.toml" -n
  [[ -z "$output" ]]
  [[ "${stderr_lines[2]}" == "tier: error: refused 2 of 4 rows; would import 2 tickets" ]]
  [[ "$(commit_count)" -eq 1 ]]
}

@test "import CSV: a value that is not valid is refused under valid-values" {
  new_store
  printf 'Subject,Requester Email,Priority,Opened\r\nA,ann@milne.example.edu,P9,\r\nB,ann@milne.example.edu,High,2026-11-23 11:59\r\nC,ann@milne.example.edu,,2026-11-23 12:01\r\n' \
    >"$BATS_TEST_TMPDIR/p.csv"
  printf '[columns]\ntitle = "Subject"\nemail = "Requester Email"\npriority = "Priority"\ncreated = "Opened"\n' \
    >"$BATS_TEST_TMPDIR/p.toml"
  run -5 --separate-stderr tier import "$BATS_TEST_TMPDIR/p.csv" --map "$BATS_TEST_TMPDIR/p.toml"
  [[ "${stderr_lines[0]}" == "tier: warning: $BATS_TEST_TMPDIR/p.csv:2: row 1: refused by rule 'valid-values': unknown priority 'P9'; low, normal, high or urgent" ]]
  [[ "${stderr_lines[1]}" == "tier: warning: $BATS_TEST_TMPDIR/p.csv:4: row 3: refused by rule 'valid-values': created 2026-11-23T12:01:00Z is later than now" ]]
  run -0 ticket_fields "$(tier list --format ids)" title priority
  expect_output <<'EOF'
title=B
priority=high
EOF
}

@test "import CSV: an unterminated quote is malformed, exit 6, nothing committed" {
  new_store
  old_desk
  printf 'Subject,Requester Email\r\nA,ann@milne.example.edu\r\n"B,ann@milne.example.edu\r\n' >"$BATS_TEST_TMPDIR/cut.csv"
  printf '[columns]\ntitle = "Subject"\nemail = "Requester Email"\n' >"$BATS_TEST_TMPDIR/two.toml"
  run -6 --separate-stderr tier import "$BATS_TEST_TMPDIR/cut.csv" --map "$BATS_TEST_TMPDIR/two.toml"
  [[ "$stderr" == "tier: error: $BATS_TEST_TMPDIR/cut.csv:3: a quoted field is not closed" ]]
  printf 'Subject,Requester Email\r\nA,ann@milne.example.edu,extra\r\n' >"$BATS_TEST_TMPDIR/wide.csv"
  run -6 --separate-stderr tier import "$BATS_TEST_TMPDIR/wide.csv" --map "$BATS_TEST_TMPDIR/two.toml"
  [[ "$stderr" == "tier: error: $BATS_TEST_TMPDIR/wide.csv:2: the record has 3 fields, the header 2" ]]
  [[ "$(commit_count)" -eq 1 ]]
}

@test "import CSV: a mapping naming no such column, or an empty one, is exit 6 with file, line and key" {
  new_store
  old_desk
  sed -i 's/"Subject"/"Subjet"/' "$BATS_TEST_TMPDIR/map.toml"
  run -6 --separate-stderr tier import "$BATS_TEST_TMPDIR/old.csv" --map "$BATS_TEST_TMPDIR/map.toml"
  [[ "$stderr" == "tier: error: $BATS_TEST_TMPDIR/map.toml:2:9: no column 'Subjet' in the header of '$BATS_TEST_TMPDIR/old.csv'" ]]
  sed -i 's/"Subjet"/""/' "$BATS_TEST_TMPDIR/map.toml"
  run -6 --separate-stderr tier import "$BATS_TEST_TMPDIR/old.csv" --map "$BATS_TEST_TMPDIR/map.toml"
  [[ "$stderr" == "tier: error: $BATS_TEST_TMPDIR/map.toml:2:9: the column for 'title' in [columns] is empty" ]]
  printf '[columns]\ntitle = "Subject"\nemail = "Requester Email"\nsubject = "x"\n' >"$BATS_TEST_TMPDIR/map.toml"
  run -6 --separate-stderr tier import "$BATS_TEST_TMPDIR/old.csv" --map "$BATS_TEST_TMPDIR/map.toml"
  [[ "$stderr" == "tier: error: $BATS_TEST_TMPDIR/map.toml:4:1: unknown field 'subject' in [columns]" ]]
  [[ "$(commit_count)" -eq 1 ]]
}

@test "import: the format comes from the name or --format; CSV needs --map; an agent is needed" {
  new_store
  old_desk
  cp "$BATS_TEST_TMPDIR/old.csv" "$BATS_TEST_TMPDIR/old.txt"
  run -2 --separate-stderr tier import "$BATS_TEST_TMPDIR/old.txt"
  [[ "${stderr_lines[0]}" == "tier: error: cannot tell the format of '$BATS_TEST_TMPDIR/old.txt'" ]]
  run -2 --separate-stderr tier import "$BATS_TEST_TMPDIR/old.txt" --format csv
  [[ "${stderr_lines[0]}" == "tier: error: a CSV import needs a mapping file" ]]
  run -5 --separate-stderr tier import "$BATS_TEST_TMPDIR/old.txt" --format csv --map "$BATS_TEST_TMPDIR/map.toml"
  [[ "$(commit_count)" -eq 2 ]]
  run -3 --separate-stderr tier import "$BATS_TEST_TMPDIR/none.json"
  [[ "$stderr" == "tier: error: cannot read '$BATS_TEST_TMPDIR/none.json'" ]]
  run -5 --separate-stderr tier --agent mallory@example.edu import "$BATS_TEST_TMPDIR/old.csv" \
    --map "$BATS_TEST_TMPDIR/map.toml"
  [[ "${stderr_lines[0]}" == "tier: error: refused by rule 'unknown-agent': 'mallory@example.edu' is not an agent of this help desk" ]]
  [[ "$(commit_count)" -eq 2 ]]
}

@test "export: a ticket file that cannot be read is left out, the rest exported, exit 6" {
  new_store_with_fixture desk
  sed -i 's/^status = "new"$/status = "opne"/' tickets/aa/T-aaaa0001.toml
  commit_by_hand "a bad edit"
  run -6 --separate-stderr tier export --format csv
  [[ "${#lines[@]}" -eq 7 ]]
  [[ "${lines[1]}" == T-bbbb0002,* ]]
  expect_stderr <<'EOF'
tier: warning: tickets/aa/T-aaaa0001.toml:4:10: unknown status 'opne'
tier: error: 1 ticket file could not be read and is not in the export
hint: 'tier check' lists what is wrong
EOF
}

@test "import CSV: the local hook on-create runs for each row and may refuse it" {
  new_store
  old_desk
  mkdir -p .git/tier/hooks
  cat >.git/tier/hooks/on-create <<'EOF'
#!/bin/sh
if grep -q '"title":"Toner' ; then echo "no toner tickets here" >&2; exit 1; fi
EOF
  chmod +x .git/tier/hooks/on-create
  run -5 --separate-stderr tier import "$BATS_TEST_TMPDIR/old.csv" --map "$BATS_TEST_TMPDIR/map.toml"
  [[ "${#lines[@]}" -eq 1 ]]
  [[ "${stderr_lines[2]}" == "tier: warning: $BATS_TEST_TMPDIR/old.csv:6: row 4: refused by rule 'local-hook': refused by the local hook 'on-create': no toner tickets here" ]]
  [[ "${stderr_lines[3]}" == "tier: error: refused 3 of 4 rows; imported the other 1 ticket in one commit" ]]
}

@test "import with sync.auto: the one commit is pushed, and the server's hooks take it" {
  new_hooked_team
  old_desk
  cd "$BATS_TEST_TMPDIR/a"
  run -5 --separate-stderr tier import "$BATS_TEST_TMPDIR/old.csv" --map "$BATS_TEST_TMPDIR/map.toml"
  [[ "${#lines[@]}" -eq 2 ]]
  [[ "$(git -C "$BATS_TEST_TMPDIR/server.git" rev-parse main)" == "$(git rev-parse HEAD)" ]]
  [[ "$(git -C "$BATS_TEST_TMPDIR/server.git" log -1 --format=%s main)" == "import 2 tickets" ]]
}
