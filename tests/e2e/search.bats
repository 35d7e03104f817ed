#!/usr/bin/env bats
# tier search where processes are the point: the highlight on a terminal
# (script(1)), and an index that follows a git pull and a tier sync between
# two clones. Ranking, phrases, field terms, filters, the JSON hits, bad
# queries and the index after changes and bad files are in
# tests/cli/search_test.cpp.
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

@test "the matched words are highlighted on a terminal only" {
  command -v script >/dev/null || skip "no script(1)"
  run -0 script -qec "env -u NO_COLOR '$TIER_BIN' search --limit 1 pickup" /dev/null
  [[ "$output" == *$'\e[1mpickup\e[0m'* ]]
  run -0 tier search --limit 1 pickup
  [[ "$output" != *$'\e'* ]]
  [[ "$output" == *"Cleared the paper jam and replaced the pickup roller."* ]]
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
