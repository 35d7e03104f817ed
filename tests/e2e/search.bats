#!/usr/bin/env bats
# tier search: ranking, phrases, field terms, filters, private notes, the
# JSON hits, no results, bad queries, and an index that follows new comments,
# pulls and bad files.
#
# The desk (made once per file, its ids in the file `ids`):
#   P  new       printing  "Printer jams on tray 2"              create text "Every second page jams."
#   M  open      hardware  "Monitor flickers"                    comment "The printer beside it works fine."
#   W  escalated network   "Laptop drops Wi-Fi"                  template LT-20931, private note on RADIUS
#   R  resolved  printing  "Paper jam in the basement printer"   resolution "Cleared the paper jam ..."
#   J  new       hardware  "Scanner stuck"                       "The paper feed is fine but there is a jam ..."

load helpers

make_desk() {
  new_store "$1" || return 1
  export TIER_NOW=2026-11-23T09:00:00Z
  P="$(tier create --title "Printer jams on tray 2" --email dana.ruiz@milne.example.edu --category printing \
    -m "Every second page jams.")"
  M="$(tier create --title "Monitor flickers" --email lee@strand.example.edu --category hardware)"
  tier -q claim "$M"
  tier -q comment "$M" -m "The printer beside it works fine."
  W="$(tier create --title "Laptop drops Wi-Fi" --email dana.ruiz@milne.example.edu --category network)"
  tier -q claim "$W"
  tier -q escalate "$W" -m "RADIUS certificate expired on the controller." --asset LT-20931 \
    --location "Strand Ag B12" --symptoms "802.1X timeouts" --tried "Forgot the network" --connection wireless
  R="$(tier create --title "Paper jam in the basement printer" --email sam@hollis.example.org --category printing)"
  tier -q claim "$R"
  tier -q resolve "$R" -m "Cleared the paper jam and replaced the pickup roller."
  J="$(tier create --title "Scanner stuck" --email lee@strand.example.edu --category hardware \
    -m "The paper feed is fine but there is a jam in the output tray.")"
  printf 'P=%s\nM=%s\nW=%s\nR=%s\nJ=%s\n' "$P" "$M" "$W" "$R" "$J" >"$1/.git/ids"
}

setup() {
  tier_setup
  local template="$BATS_FILE_TMPDIR/desk"
  if [[ ! -d "$template" ]]; then
    (make_desk "$template.tmp") || return 1
    rm -f "$template.tmp/.git/tier/cache.sqlite"*
    mv "$template.tmp" "$template"
  fi
  cp -a "$template" "$BATS_TEST_TMPDIR/store" && cd "$BATS_TEST_TMPDIR/store" || return 1
  source .git/ids
  export TIER_NOW=2026-11-23T12:00:00Z
}

@test "the desk is a valid store" {
  run -0 --separate-stderr tier check
  [[ -z "$output" ]]
}

@test "a title match outranks a comment match" {
  run -0 --separate-stderr tier search --format ids printer
  [[ -z "$stderr" ]]
  expect_output <<EOF
$P
$R
$M
EOF
}

@test "the table: id, status, group, title and the matching text of the log, else of the title" {
  run -0 --separate-stderr tier search jam
  [[ -z "$stderr" ]]
  expect_output <<EOF
ID          STATUS    GROUP         TITLE                              MATCH
$P  new       service-desk  Printer jams on tray 2             Every second page jams.
$R  resolved  service-desk  Paper jam in the basement printer  Cleared the paper jam and replaced the pickup roller.
$J  new       service-desk  Scanner stuck                      The paper feed is fine but there is a jam in the...
EOF
}

@test "the matched words are highlighted on a terminal only" {
  command -v script >/dev/null || skip "no script(1)"
  run -0 script -qec "env -u NO_COLOR '$TIER_BIN' search --limit 1 pickup" /dev/null
  [[ "$output" == *$'\e[1mpickup\e[0m'* ]]
  run -0 tier search --limit 1 pickup
  [[ "$output" != *$'\e'* ]]
  [[ "$output" == *"Cleared the paper jam and replaced the pickup roller."* ]]
}

@test "words match in any order and inflection; a phrase only as written" {
  run -0 tier search --format ids paper jam
  expect_output <<EOF
$R
$J
EOF
  run -0 tier search --format ids jammed PAPER
  expect_output <<EOF
$R
$J
EOF
  run -0 tier search --format ids '"paper jam"'
  expect_output <<EOF
$R
EOF
  run -0 tier search --format ids '"jam paper"'
  [[ -z "$output" ]]
  # A word with punctuation matches its parts in sequence.
  run -0 tier search --format ids lt-20931
  expect_output <<EOF
$W
EOF
}

@test "title: terms search the title only" {
  run -0 tier search --format ids title:printer
  expect_output <<EOF
$P
$R
EOF
  run -0 tier search --format ids 'title:"paper jam"'
  expect_output <<EOF
$R
EOF
}

@test "field terms filter as the options do" {
  run -0 tier search --format ids status:resolved printer
  expect_output <<EOF
$R
EOF
  run -0 tier search --format ids category:hardware printer
  expect_output <<EOF
$M
EOF
  run -0 tier search --format ids status:new status:open printer
  expect_output <<EOF
$P
$M
EOF
  run -0 tier search --format ids assignee:ALICE@example.edu printer
  expect_output <<EOF
$R
$M
EOF
  run -0 tier search --format ids org:hollis group:service-desk priority:normal owner:alice@example.edu jam
  expect_output <<EOF
$R
EOF
  run -0 tier search --format ids 'error:0x80070005'
  [[ -z "$output" ]]
}

@test "the options of tier list filter the hits" {
  run -0 tier search --format ids --status resolved printer jam
  expect_output <<EOF
$R
EOF
  run -0 tier search --format ids --status new --status resolved printer
  expect_output <<EOF
$P
$R
EOF
  run -0 tier search --format ids --mine printer
  expect_output <<EOF
$R
$M
EOF
  run -0 tier search --format ids --unassigned printer
  expect_output <<EOF
$P
EOF
  run -0 tier search --format ids --tier 2 --group cx-tier2 --org milne --category network --priority normal radius
  expect_output <<EOF
$W
EOF
  run -0 tier search --format ids --owner alice@example.edu --tag none printer
  [[ -z "$output" ]]
  run -0 tier search --format ids --limit 1 printer
  expect_output <<EOF
$P
EOF
  run -0 tier search --format ids --limit 0 printer
  [[ "${#lines[@]}" == 3 ]]
  run -2 --separate-stderr tier search --group cx-tier2 group:service-desk printer
  expect_stderr <<'EOF'
tier: error: 'group' is given twice: 'service-desk' and 'cx-tier2'
EOF
}

@test "private notes and the template are searched" {
  run -0 tier search --format ids radius certificate
  expect_output <<EOF
$W
EOF
  run -0 tier search --format ids 'strand ag b12' wireless
  expect_output <<EOF
$W
EOF
}

@test "--json: each hit is the object of tier list --json plus score and snippet" {
  run -0 --separate-stderr tier search --json printer
  [[ -z "$stderr" ]]
  local hits="$output"
  run -0 tier list --json
  python3 - "$hits" "$output" "$P" "$R" "$M" <<'EOF'
import json, sys
hits, rows = json.loads(sys.argv[1]), {r["id"]: r for r in json.loads(sys.argv[2])}
assert [h["id"] for h in hits] == sys.argv[3:6], hits
for h in hits:
    assert set(h) == set(rows[h["id"]]) | {"score", "snippet"}, sorted(h)
    rest = {k: v for k, v in h.items() if k not in ("score", "snippet")}
    assert rest == rows[h["id"]], (rest, rows[h["id"]])
    assert isinstance(h["score"], float) and h["score"] > 0, h["score"]
    assert isinstance(h["snippet"], str) and "\x02" not in h["snippet"] and "\x03" not in h["snippet"]
assert hits[0]["score"] >= hits[1]["score"] >= hits[2]["score"], hits
assert hits[0]["snippet"] == "Printer jams on tray 2", hits[0]
assert hits[2]["snippet"] == "The printer beside it works fine.", hits[2]
EOF
  run -0 tier search --format json printer
  [[ "$output" == "$hits" ]]
  run -0 tier search --format ndjson printer
  expect_ndjson "$output"
  [[ "${#lines[@]}" == 3 ]]
  [[ "[$(IFS=,; echo "${lines[*]}")]" == "$hits" ]]
}

@test "no results: exit 0, nothing on stdout, [] with --json" {
  run -0 --separate-stderr tier search toner
  [[ -z "$output" ]]
  expect_stderr <<'EOF'
no tickets match
EOF
  run -0 --separate-stderr tier -q search toner
  [[ -z "$output" && -z "$stderr" ]]
  run -0 --separate-stderr tier search --json toner
  [[ "$output" == "[]" && -z "$stderr" ]]
  run -0 --separate-stderr tier search --format ndjson toner
  [[ -z "$output" && -z "$stderr" ]]
  run -0 --separate-stderr tier search --format ids toner
  [[ -z "$output" && -z "$stderr" ]]
}

@test "an empty or invalid query exits 2" {
  run -2 --separate-stderr tier search ''
  expect_stderr <<'EOF'
tier: error: the query has no words to search for
hint: to filter tickets without searching their text, use 'tier list'
EOF
  run -2 --separate-stderr tier search status:new
  expect_stderr <<'EOF'
tier: error: the query has no words to search for
hint: to filter tickets without searching their text, use 'tier list'
EOF
  run -2 --separate-stderr tier search -- '-' '*'
  [[ "${stderr_lines[0]}" == "tier: error: the query has no words to search for" ]]
  run -2 --separate-stderr tier search '"paper jam'
  expect_stderr <<'EOF'
tier: error: unterminated '"' in the query
hint: end the phrase with another '"'
EOF
  run -2 --separate-stderr tier search status:opne printer
  [[ "${stderr_lines[0]}" == "tier: error: unknown status 'opne'" ]]
  run -2 --separate-stderr tier search group: printer
  [[ "${stderr_lines[0]}" == "tier: error: no value for 'group:'" ]]
  run -2 --separate-stderr tier search --json ''
  [[ -z "$output" ]]
  [[ "$stderr" == *'"code":2'* ]]
  run -2 tier search
  run -2 tier search --limit -1 printer
  run -2 tier search --format csv printer
}

@test "FTS5 syntax in a query is only words" {
  # As operators, OR would find all three and NOT would hide R; as words, they match nothing.
  run -0 tier search --format ids printer OR monitor
  [[ -z "$output" ]]
  run -0 tier search --format ids printer NOT basement
  [[ -z "$output" ]]
  run -0 tier search --format ids -- -printer 'jams*' '^tray' '(2)' '"' '"' 'AND'
  [[ -z "$output" ]]
  run -0 tier search --format ids -- -printer 'jams*' '^tray' '(2)' '"' '"'
  expect_output <<EOF
$P
EOF
  run -0 tier search --format ids 'NEAR(printer' "jam's" '"a""b"'
  [[ -z "$output" ]]
  run -0 tier search --format ids 'details:jam' 'log:' '{title}:jam'
  [[ -z "$output" ]]
}

@test "the index follows new comments and edits" {
  run -0 tier search --format ids toner
  [[ -z "$output" ]]
  tier -q comment "$M" -m "Toner smudges on the printouts too."
  run -0 tier search --format ids toner
  expect_output <<EOF
$M
EOF
  tier -q --agent carol@example.edu edit "$P" --title "Tray 2 feeds two sheets at once"
  run -0 tier search --format ids title:printer
  expect_output <<EOF
$R
EOF
  run -0 tier search --format ids sheets
  expect_output <<EOF
$P
EOF
  # A listing brings the index up to date too; the next search finds it ready.
  tier -q comment "$J" -m "Lid hinge worn."
  tier list >/dev/null
  run -0 tier search --format ids hinge
  expect_output <<EOF
$J
EOF
}

@test "the index follows a git pull and a tier sync" {
  cd "$BATS_TEST_TMPDIR"
  new_team
  local id
  run -0 tier -C b search --format ids scanner
  [[ -z "$output" ]]
  id="$(tier -C a create --title "Scanner jams" --email lee@strand.example.edu)"
  git -C b pull -q
  run -0 tier -C b search --format ids scanner
  expect_output <<EOF
$id
EOF
  tier -C a -q claim "$id"
  tier -C a -q comment "$id" --private -m "Glass cracked under the lid."
  run -0 tier -C b search --format ids glass
  [[ -z "$output" ]]
  tier -C b -q sync
  run -0 tier -C b search --format ids glass
  expect_output <<EOF
$id
EOF
}

@test "a malformed ticket file does not hide the others" {
  mkdir -p tickets/zz
  printf 'format = 1\nid = "T-zzzz0001"\ntitle = "Printer broken\n' >tickets/zz/T-zzzz0001.toml
  commit_by_hand "a broken ticket"
  run -0 --separate-stderr tier search --format ids printer
  expect_output <<EOF
$P
$R
$M
EOF
  [[ "$stderr" == "tier: warning: tickets/zz/T-zzzz0001.toml:3:"* ]]
  # A header that reads with a log that does not: found by its title only.
  local file
  file="$(ticket_file "$J")"
  printf '\n[[log]]\nat = 2026-11-23T13:00:00Z\nby = "alice@example.edu"\nevent = "bogus"\n' >>"$file"
  commit_by_hand "a broken log"
  run -0 --separate-stderr tier search --format ids scanner
  expect_output <<EOF
$J
EOF
  run -0 --separate-stderr tier search --format ids output tray
  [[ -z "$output" ]]
}

@test "the index is rebuilt when the cache is deleted or from an older version" {
  run -0 tier search --format ids radius
  expect_output <<EOF
$W
EOF
  rm -f .git/tier/cache.sqlite*
  run -0 tier search --format ids radius
  expect_output <<EOF
$W
EOF
  python3 -c 'import sqlite3; c = sqlite3.connect(".git/tier/cache.sqlite"); c.execute("PRAGMA user_version=1"); c.commit()'
  run -0 tier search --format ids radius
  expect_output <<EOF
$W
EOF
}
