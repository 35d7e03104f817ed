#!/usr/bin/env bats
# The JSON that scripts read holds to the schemas in schema/ (draft 2020-12):
# real outputs of a store with a whole workflow behind it are validated with
# tests/validate_json.py, and wrong objects are shown to be rejected, so the
# validator cannot pass by accident.

load helpers

SCHEMA_DIR="$BATS_TEST_DIRNAME/../../schema"
VALIDATE="$BATS_TEST_DIRNAME/../validate_json.py"

# validate SCHEMA [--items|--lines]: validates $output against schema/SCHEMA.schema.json.
validate() {
  local mode=()
  [[ -n "${2:-}" ]] && mode=("$2")
  python3 "$VALIDATE" "${mode[@]}" "$SCHEMA_DIR/$1.schema.json" <<<"$output"
}

# A ticket through tier 1 and tier 2 and back, with every kind of entry,
# a second one left in the queue, a third closed. Made once per file.
story() {
  local t=(--asset LT-20931 --location "Strand Ag B12" --symptoms "802.1X timeouts" --tried "new driver"
    --connection wireless)
  export TIER_NOW=2026-11-23T09:00:00Z
  id="$(tier create --title "Laptop drops Wi-Fi" --email dana.ruiz@milne.example.edu --name "Dana Ruiz" \
    --category network --tag wifi -m "It drops every ten minutes.")"
  mkdir -p .git/tier/hooks
  printf '#!/bin/sh\ncat >"%s/payload.json"\n' "$PWD" >.git/tier/hooks/on-claim
  chmod +x .git/tier/hooks/on-claim
  TIER_NOW=2026-11-23T09:05:00Z tier -q claim "$id"
  rm .git/tier/hooks/on-claim
  TIER_NOW=2026-11-23T09:06:00Z tier -q comment "$id" -m "We are on it."
  TIER_NOW=2026-11-23T09:07:00Z tier -q comment "$id" --private -m "Event log: 802.1X timeouts."
  TIER_NOW=2026-11-23T09:10:00Z tier -q escalate "$id" -m "Needs the RADIUS side." "${t[@]}"
  TIER_NOW=2026-11-23T09:20:00Z tier -q --agent bob@example.edu claim "$id"
  TIER_NOW=2026-11-23T09:30:00Z tier -q --agent bob@example.edu comment "$id" --private -m "Cert expired."
  TIER_NOW=2026-11-23T09:40:00Z tier -q --agent bob@example.edu handback "$id" -m "Renewed the cert."
  TIER_NOW=2026-11-23T09:45:00Z tier -q comment "$id" --pending -m "Does it work now?"
  TIER_NOW=2026-11-23T09:50:00Z tier -q edit "$id" --priority high --tag +radius
  TIER_NOW=2026-11-23T09:55:00Z tier -q resolve "$id" -m "Fixed: the RADIUS certificate was renewed."
  TIER_NOW=2026-11-23T10:00:00Z tier -q rate "$id" 5
  TIER_NOW=2026-11-23T10:05:00Z tier -q reopen "$id" -m "It dropped again."
  TIER_NOW=2026-11-23T10:10:00Z tier -q appoint "$id" --at 2026-11-24T14:00:00Z --technician carol@example.edu \
    --place "Strand Ag B12"
  queued="$(TIER_NOW=2026-11-23T10:20:00Z tier create --title "Printer jams" --email lee@strand.example.edu)"
  closed="$(TIER_NOW=2026-11-23T10:30:00Z tier create --title "Password" --email lee@strand.example.edu)"
  TIER_NOW=2026-11-23T10:31:00Z tier -q claim "$closed"
  TIER_NOW=2026-11-23T10:32:00Z tier -q resolve "$closed" -m "Reset."
  printf '%s %s %s\n' "$id" "$queued" "$closed"
}

setup() {
  tier_setup
  if [[ ! -d "$BATS_FILE_TMPDIR/store" ]]; then
    (new_store "$BATS_FILE_TMPDIR/store.tmp" && story >ids) || return 1
    mv "$BATS_FILE_TMPDIR/store.tmp" "$BATS_FILE_TMPDIR/store"
  fi
  cp -a "$BATS_FILE_TMPDIR/store" "$BATS_TEST_TMPDIR/store" && cd "$BATS_TEST_TMPDIR/store" || return 1
  read -r ID QUEUED CLOSED <ids
  export TIER_NOW=2026-11-23T12:00:00Z
}

@test "every schema is a valid draft 2020-12 schema" {
  run -0 python3 -c '
import json, sys, jsonschema
for path in sys.argv[1:]:
    with open(path) as f:
        jsonschema.Draft202012Validator.check_schema(json.load(f))
print(len(sys.argv) - 1)
' "$SCHEMA_DIR"/*.schema.json
  [[ "$output" -ge 15 ]]
}

@test "show --json: the whole ticket, every kind of entry" {
  run -0 --separate-stderr tier show "$ID" --json
  validate ticket
  # The story reached the keys that are only sometimes there.
  python3 -c '
import json, sys
t = json.load(sys.stdin)
keys = set().union(*(e.keys() for e in t["log"]))
need = {"to", "tier", "assignee", "visibility", "pending", "title", "priority", "category", "tags",
        "requester", "asset", "location", "symptoms", "tried", "connection", "appointment", "score", "text"}
sys.exit(sorted(need - keys) or None)
' <<<"$output"
}

@test "show --as-requester --json" {
  run -0 --separate-stderr tier show "$ID" --as-requester --json
  validate requester-ticket
}

@test "log --json" {
  run -0 --separate-stderr tier log "$ID" --json
  validate log
}

@test "list --json, --format json and --format ndjson" {
  run -0 --separate-stderr tier list --json
  validate list-row --items
  [[ "$(python3 -c 'import json, sys; print(len(json.load(sys.stdin)))' <<<"$output")" == 3 ]]
  run -0 --separate-stderr tier list --format json
  validate list-row --items
  run -0 --separate-stderr tier list --format ndjson
  validate list-row --lines
}

@test "queue --json" {
  run -0 --separate-stderr tier queue --json
  validate list-row --items
  [[ "$output" == *"\"$QUEUED\""* ]]
}

@test "close --json" {
  run -0 --separate-stderr tier close "$CLOSED" --json
  validate list-row --items
  [[ "$output" == *'"status":"closed"'* ]]
}

@test "a changing command's --json is the ticket" {
  run -0 --separate-stderr tier comment "$ID" --private -m "Booked." --json
  validate ticket
}

@test "check --json, clean and with a problem" {
  run -0 --separate-stderr tier check --json
  validate check
  printf 'garbage\n' >>"$(ticket_file "$QUEUED")"
  commit_by_hand
  run -6 --separate-stderr tier check --json
  validate check
  [[ "$output" == *'"problems":[{'* ]]
  output="$stderr" validate error
}

@test "init --json" {
  run -0 --separate-stderr tier init "$BATS_TEST_TMPDIR/other" --json
  validate init
}

@test "sync --json" {
  git init -q --bare -b main "$BATS_TEST_TMPDIR/server.git"
  git remote add origin "$BATS_TEST_TMPDIR/server.git"
  run -0 --separate-stderr tier sync --json
  validate sync
}

@test "the local hook's payload" {
  output="$(cat payload.json)"
  validate hook-payload
  [[ "$output" == *'"before":{'* ]]
}

@test "--json errors on stderr: usage, not found, conflict, refused with rule and hint" {
  run -2 --separate-stderr tier clam --json
  [[ -z "$output" ]]
  output="$stderr" validate error
  run -2 --separate-stderr tier list --status opne --json
  output="$stderr" validate error
  run -3 --separate-stderr tier show zzzz9999 --json
  output="$stderr" validate error
  TIER_NOW=2026-11-23T12:01:00Z tier -q claim "$QUEUED"
  run -4 --separate-stderr tier --agent carol@example.edu claim "$QUEUED" --json
  output="$stderr" validate error
  [[ "$stderr" == *'"rule":"already-claimed"'* ]]
  run -5 --separate-stderr tier escalate "$QUEUED" -m "Over to you." --json
  output="$stderr" validate error
  [[ "$stderr" == *'"rule":"escalation-template"'* ]]
}

@test "search --json and --format ndjson: real hits" {
  run -0 --separate-stderr tier search drops --json
  validate search-hit --items
  [[ "$output" == "[{"*"\"id\":\"$ID\""*'"snippet":"'*"drops"* ]]
  run -0 --separate-stderr tier search printer --format ndjson
  validate search-hit --lines
  [[ "${#lines[@]}" == 1 && "$output" == *"\"id\":\"$QUEUED\""* ]]
}

@test "stats --json: the totals, and rows by group, month and category (a null key)" {
  run -0 --separate-stderr tier stats --json
  validate stats
  [[ "$output" == '{"backlog":'*'"created":3,'* ]]
  run -0 --separate-stderr tier stats --by group --json
  validate stats
  [[ "$output" == *'"key":"service-desk"'* ]]
  run -0 --separate-stderr tier stats --by month --json
  validate stats
  [[ "$output" == *'"key":"2026-11"'* ]]
  run -0 --separate-stderr tier stats --by week --json
  validate stats
  [[ "$output" == *'"key":"2026-11-23"'* ]]
  run -0 --separate-stderr tier stats --by category --json
  validate stats
  [[ "$output" == *'"key":"network"'*'"key":null'* ]]
}

@test "overdue --json: a clock past due, and none" {
  # The example's [sla.normal] gives 4h to respond: the queued ticket is late by a day.
  run -0 --separate-stderr env TIER_NOW=2026-11-24T14:20:00Z "$TIER_BIN" overdue --json
  validate overdue-row --items
  [[ "$output" == *"{\"assignee\":\"\",\"clock\":\"respond\",\"due\":\"2026-11-23T14:20:00Z\",\"group\":\"service-desk\",\"id\":\"$QUEUED\","* ]]
  run -0 --separate-stderr env TIER_NOW=2026-11-23T10:21:00Z "$TIER_BIN" overdue --json
  [[ "$output" == "[]" ]]
  validate overdue-row --items
}

@test "notify --json: what waits after a failed sendmail" {
  printf '#!/bin/sh\ncat >/dev/null\nexit 75\n' >"$BATS_TEST_TMPDIR/failmail"
  chmod +x "$BATS_TEST_TMPDIR/failmail"
  sed -i "s|^# sendmail = .*|sendmail = \"'$BATS_TEST_TMPDIR/failmail' -t -oi\"|" .tier/config.toml
  git commit -q -am "send through sendmail"
  run -0 --separate-stderr tier notify --json
  [[ "$output" == "[]" ]]
  tier -q comment "$ID" -m "A new certificate is on its way." 2>/dev/null
  run -0 --separate-stderr tier notify --json
  validate notify-row --items
  [[ "$output" == *'"message_id":"<'*'"to":["dana.ruiz@milne.example.edu"]'* ]]
  # Delivered at last: the retry's report.
  printf '#!/bin/sh\ncat >/dev/null\n' >"$BATS_TEST_TMPDIR/failmail"
  run -0 --separate-stderr tier notify --retry --json
  validate notify-retry
  [[ "$output" == '{"sent":2,"waiting":0}' ]]
  run -0 --separate-stderr tier notify --retry --json
  [[ "$output" == '{"sent":0,"waiting":0}' ]]
  validate notify-retry
}

@test "ingest --json: created, commented, ignored, and --maildir with a failure" {
  local mail="$BATS_TEST_DIRNAME/fixtures/mail"
  run -0 --separate-stderr tier ingest --json <"$mail/new.eml"
  validate ingest
  [[ "$output" == '{"action":"created","ticket":{'* ]]
  run -0 --separate-stderr tier ingest --json < <(sed "s/@ID@/$ID/g" "$mail/reply.eml")
  validate ingest
  [[ "$output" == '{"action":"commented","ticket":{'*"\"id\":\"$ID\""* ]]
  run -0 --separate-stderr tier ingest --json <"$mail/auto-reply.eml"
  validate ingest
  [[ "$output" == '{"action":"ignored","reason":"'* ]]
  mkdir -p inbox/new
  cp "$mail/no-from.eml" inbox/new/a
  sed 's/4711@/4713@/' "$mail/new.eml" >inbox/new/b
  run -6 --separate-stderr tier ingest --maildir inbox --json
  validate ingest
  [[ "$output" == '[{"error":{"code":6,'*'"file":"a"},{"action":"created",'*'"file":"b"'* ]]
}

@test "export --format json: one array, a whole ticket a line; import --json" {
  run -0 --separate-stderr tier export --format json
  validate ticket --items
  [[ "${#lines[@]}" == 5 && "${lines[0]}" == "[" && "${lines[4]}" == "]" ]]
  local line
  for line in "${lines[@]:1:3}"; do
    output="${line%,}" validate ticket
  done
  run -0 --separate-stderr tier export --as-requester
  validate requester-ticket --items
  tier export -o "$BATS_TEST_TMPDIR/all.json"
  # Into the same store: every ticket is there already.
  run -5 --separate-stderr tier import "$BATS_TEST_TMPDIR/all.json" --json
  validate import
  [[ "$output" == '{"imported":[],"refused":[{"id":"'*'"row":1,"rule":"id-path"},'* ]]
  # Into a new one: all three.
  tier init -q --example "$BATS_TEST_TMPDIR/other"
  cd "$BATS_TEST_TMPDIR/other"
  run -0 --separate-stderr tier import "$BATS_TEST_TMPDIR/all.json" --json
  validate import
  # three ids, in the file's order (which follows the random ids), none refused
  [[ "$output" == '{"imported":["'*'"],"refused":[]}' ]]
  [[ "$output" == *"\"$QUEUED\""* ]]
  [[ "$(grep -o '"T-[0-9a-z]*"' <<<"$output" | wc -l)" == 3 ]]
}

# The validator rejects what breaks a schema (it cannot pass everything).

@test "a wrong ticket is rejected: unknown status, extra key, missing key, bad entry" {
  run -0 --separate-stderr tier show "$ID" --json
  local good="$output"
  output="$(sed 's/"status":"open"/"status":"opne"/' <<<"$good")"
  run -1 validate ticket
  [[ "$output" == *"'opne' is not one of"* ]]
  output="$(sed 's/^{/{"colour":"red",/' <<<"$good")"
  run -1 validate ticket
  [[ "$output" == *"'colour' was unexpected"* ]]
  output="$(sed 's/"owner":"alice@example.edu",//' <<<"$good")"
  run -1 validate ticket
  [[ "$output" == *"'owner' is a required property"* ]]
  output="$(sed 's/"event":"rate"/"event":"like"/' <<<"$good")"
  run -1 validate ticket
  [[ "$output" == *"/log/"*"'like' is not one of"* ]]
  # A row is not a ticket, nor a ticket a row.
  output="$good"
  run -1 validate list-row
  [[ "$output" == *"'log' was unexpected"* ]]
}

@test "a wrong error object is rejected" {
  output='{"error":{"code":5,"rule":"route"}}'
  run -1 validate error
  [[ "$output" == *"'message' is a required property"* ]]
  output='{"error":{"code":0,"message":"fine"}}'
  run -1 validate error
  output='{"error":{"code":5,"message":"refused","why":"x"}}'
  run -1 validate error
  output='{"error":{"code":5,"rule":"route","message":"refused by rule '"'route'"'","hint":"use --to"}}'
  run -0 validate error
}

@test "stats: both forms accepted, a missing, extra or out-of-range key rejected" {
  local m='"created":4,"resolved":2,"handled":3,"backlog":7,"first_contact_resolution":0.5,
"first_response_mean":300,"first_response_median":240.5,"resolution_mean":null,"resolution_median":null,
"sla_compliance":0.75,"reopen_rate":null,
"escalation_rate":{"1":0.25,"2":null},"escalated_twice":1,"handbacks_per_ticket":0.75,
"csat_mean":4.5,"csat_count":2'
  output="{$m}"
  run -0 validate stats
  output="{\"by\":\"week\",\"rows\":[{\"key\":\"2026-11-02\",$m}]}"
  run -0 validate stats
  output="{\"by\":\"week\",\"rows\":[{\"key\":\"2026-11\",$m}]}"
  run -1 validate stats
  output="{\"by\":\"month\",\"rows\":[{\"key\":\"2026-11-02\",$m}]}"
  run -1 validate stats
  output="{${m/\"backlog\":7,/}}"
  run -1 validate stats
  output="{${m/0.75,\"reopen/1.75,\"reopen}}"
  run -1 validate stats
  output="{\"by\":\"group\",\"rows\":[{\"key\":\"service-desk\",$m},{\"key\":\"cx-tier2\",$m}]}"
  run -0 validate stats
  output="{${m/\"created\":4,/}}"
  run -1 validate stats
  output="{$m,\"median\":3}"
  run -1 validate stats
  output="{${m/0.5/1.5}}"
  run -1 validate stats
  output="{${m/\"1\":0.25/\"one\":0.25}}"
  run -1 validate stats
  output="{\"by\":\"colour\",\"rows\":[]}"
  run -1 validate stats
  output="{\"by\":\"group\",\"rows\":[{$m}]}"
  run -1 validate stats
}

@test "search: a hit is a list row plus score and snippet" {
  run -0 --separate-stderr tier list --json --limit 1
  local row="${output:1:${#output}-2}"
  output="${row%\}},\"score\":1.5,\"snippet\":\"drops every [ten] minutes\"}"
  run -0 validate search-hit
  output="$row"
  run -1 validate search-hit
  [[ "$output" == *"'score' is a required property"* ]]
  output="${row%\}},\"score\":1.5,\"snippet\":\"x\",\"rank\":1}"
  run -1 validate search-hit
}

@test "stats: a null key is accepted, a month that is not YYYY-MM rejected" {
  local m='"created":1,"resolved":0,"handled":0,"backlog":1,"first_contact_resolution":null,
"first_response_mean":null,"first_response_median":null,"resolution_mean":null,"resolution_median":null,
"sla_compliance":null,"reopen_rate":null,"escalation_rate":{},
"escalated_twice":0,"handbacks_per_ticket":0,"csat_mean":null,"csat_count":0'
  output="{\"by\":\"category\",\"rows\":[{\"key\":null,$m}]}"
  run -0 validate stats
  output="{\"by\":\"month\",\"rows\":[{\"key\":\"2026-11\",$m}]}"
  run -0 validate stats
  output="{\"by\":\"month\",\"rows\":[{\"key\":\"November\",$m}]}"
  run -1 validate stats
  output="{\"by\":\"month\",\"rows\":[{\"key\":null,$m}]}"
  run -1 validate stats
}

@test "a wrong overdue row is rejected: unknown clock, missing key, a done status" {
  run -0 --separate-stderr env TIER_NOW=2026-11-24T14:20:00Z "$TIER_BIN" overdue --json
  local good="$output"
  output="$(sed 's/"clock":"respond"/"clock":"reply"/' <<<"$good")"
  run -1 validate overdue-row --items
  [[ "$output" == *"/clock: 'reply' is not one of"* ]]
  output="$(sed 's/,"key":"[^"]*"//' <<<"$good")"
  run -1 validate overdue-row --items
  [[ "$output" == *"'key' is a required property"* ]]
  output="$(sed 's/"status":"new"/"status":"closed"/' <<<"$good")"
  run -1 validate overdue-row --items
  [[ "$output" == *"/status: 'closed' is not one of"* ]]
}

@test "a wrong notify row is rejected: to not an array, a bare message id, an extra key" {
  local row='"file":"1764000000.M1P1.host","queued":"2026-11-23T12:00:00.123Z","message_id":"<a.b@example.edu>","subject":"[T-x] Hi"'
  output="[{$row,\"to\":[\"dana.ruiz@milne.example.edu\"]}]"
  run -0 validate notify-row --items
  output="[{$row,\"to\":\"dana.ruiz@milne.example.edu\"}]"
  run -1 validate notify-row --items
  [[ "$output" == *"/to: 'dana.ruiz@milne.example.edu' is not of type 'array'"* ]]
  output="[{${row/<a.b@example.edu>/a.b@example.edu},\"to\":[]}]"
  run -1 validate notify-row --items
  [[ "$output" == *"/message_id: 'a.b@example.edu' does not match"* ]]
  output="[{$row,\"to\":[],\"sent\":false}]"
  run -1 validate notify-row --items
  [[ "$output" == *"'sent' was unexpected"* ]]
}

@test "a wrong ingest result is rejected: a reason for a ticket, a file outside --maildir, an error without message" {
  output='{"action":"ignored","reason":"it is an automatic message"}'
  run -0 validate ingest
  output='[{"action":"ignored","reason":"it is an automatic message","file":"a"},{"file":"b","error":{"code":6,"message":"no From"}}]'
  run -0 validate ingest
  output='{"action":"created","reason":"it is new"}'
  run -1 validate ingest
  output='{"action":"ignored","reason":"it is an automatic message","file":"a"}'
  run -1 validate ingest
  output='[{"file":"b","error":{"code":6}}]'
  run -1 validate ingest
  output='{"action":"moved","reason":"x"}'
  run -1 validate ingest
}

@test "a wrong import summary is rejected: a bad id, row 0, a missing list" {
  output='{"imported":["T-7k2m9qxa"],"refused":[{"row":2,"line":4,"rule":"employer-email","message":"free mail"}]}'
  run -0 validate import
  output='{"imported":["7k2m9qxa"],"refused":[]}'
  run -1 validate import
  [[ "$output" == *"/imported/0: '7k2m9qxa' does not match"* ]]
  output='{"imported":[],"refused":[{"row":0,"rule":"id-path","message":"x"}]}'
  run -1 validate import
  [[ "$output" == *"/refused/0/row: 0 is less than the minimum of 1"* ]]
  output='{"imported":[]}'
  run -1 validate import
  [[ "$output" == *"'refused' is a required property"* ]]
}
