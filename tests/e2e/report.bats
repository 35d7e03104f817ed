#!/usr/bin/env bats
# tier report --html: the page in a real browser (headless chromium through
# selenium, tests/e2e/report_check.py): no console error, every chart with
# its SVG and its table, and every number equal to `tier stats --json` for
# the same period (issue 15). The file written whole and the usage errors
# are in tests/cli/report_test.cpp.
#
# The history (times UTC), over three weeks from Monday 2026-10-26:
#   P1 milne   printing  created 10-27 09:00, alice claims 09:10, resolves 10:00, rated 4
#   P2 strand  network   high; created 10-28 10:00, carol claims 10:05, escalates 10:30,
#                        bob claims 11:00, hands back 12:00, carol resolves 10-29 09:00, rated 2
#   P3 hollis  hardware  created 11-03 09:00, alice claims, asks (pending) 09:30, the
#                        requester answers 11-04 09:00, alice resolves 11:00; the requester
#                        reopens 11-05 09:00, alice resolves 10:00, rated 5
#   P4 milne   a category that is markup; created 11-10 09:00, nobody takes it
#   P5 strand  network   created 11-10 09:30, alice claims and answers
# Now is Thursday 2026-11-12 12:00.

load helpers

# Debian's selenium is for Debian's python, not a python3 earlier on PATH.
CHECK=(/usr/bin/python3 "$BATS_TEST_DIRNAME/report_check.py")

when() {
  export TIER_NOW="$1"
}

history_store() {
  local template="$BATS_FILE_TMPDIR/history"
  if [[ ! -d "$template" ]]; then
    (
      set -e
      new_store "$template.tmp"
      local dana=dana.ruiz@milne.example.edu kim=kim.oduya@strand.example.edu sam=sam@hollis.example.org
      local fields=(--asset LT-1 --location B12 --symptoms drops --tried driver --connection wireless)
      when 2026-10-27T09:00:00Z; P1=$(tier create --title "Printer jams" --email "$dana" --category printing)
      when 2026-10-27T09:10:00Z; tier -q claim "$P1"
      when 2026-10-27T10:00:00Z; tier -q resolve "$P1" -m "Cleaned the rollers"
      when 2026-10-27T11:00:00Z; tier -q --agent "$dana" rate "$P1" 4
      when 2026-10-28T10:00:00Z
      P2=$(tier create --title "Wi-Fi drops" --email "$kim" --category network --priority high "${fields[@]}")
      when 2026-10-28T10:05:00Z; tier -q --agent carol@example.edu claim "$P2"
      when 2026-10-28T10:30:00Z; tier -q --agent carol@example.edu escalate "$P2" -m "RADIUS side"
      when 2026-10-28T11:00:00Z; tier -q --agent bob@example.edu claim "$P2"
      when 2026-10-28T12:00:00Z; tier -q --agent bob@example.edu handback "$P2" -m "Renewed a certificate"
      when 2026-10-29T09:00:00Z; tier -q --agent carol@example.edu resolve "$P2" -m "Fixed"
      when 2026-10-29T10:00:00Z; tier -q --agent "$kim" rate "$P2" 2
      when 2026-11-03T09:00:00Z; P3=$(tier create --title "Dock dead" --email "$sam" --category hardware)
      tier -q claim "$P3"
      when 2026-11-03T09:30:00Z; tier -q comment "$P3" -m "Which model?" --pending
      when 2026-11-04T09:00:00Z; tier -q --agent "$sam" comment "$P3" -m "WD19"
      when 2026-11-04T11:00:00Z; tier -q resolve "$P3" -m "Updated its firmware"
      when 2026-11-05T09:00:00Z; tier -q --agent "$sam" reopen "$P3" -m "Dead again"
      when 2026-11-05T10:00:00Z; tier -q resolve "$P3" -m "Replaced it"
      when 2026-11-05T11:00:00Z; tier -q --agent "$sam" rate "$P3" 5
      when 2026-11-10T09:00:00Z
      tier -q create --title "Odd" --email "$dana" --category '<script>alert(1)</script>' >/dev/null
      when 2026-11-10T09:30:00Z; P5=$(tier create --title "VPN" --email "$kim" --category network)
      tier -q claim "$P5"
      when 2026-11-10T10:00:00Z; tier -q comment "$P5" -m "Which client?"
    ) || return 1
    mv "$template.tmp" "$template"
  fi
  cp -a "$template" "$BATS_TEST_TMPDIR/store" && cd "$BATS_TEST_TMPDIR/store"
}

# What `tier stats --json` gives for a period, into DIR: the totals, and by
# week, category and organization.
stats_into() {
  local dir="$1"
  shift
  mkdir -p "$dir"
  tier stats "$@" --json >"$dir/totals.json" &&
    tier stats "$@" --by week --json >"$dir/week.json" &&
    tier stats "$@" --by category --json >"$dir/category.json" &&
    tier stats "$@" --by org --json >"$dir/org.json"
}

setup() {
  tier_setup
  [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] ||
    { echo "no chromium: run scripts/deps.sh --test" >&2; return 1; }
  /usr/bin/python3 -c 'import selenium' ||
    { echo "no selenium for /usr/bin/python3: run scripts/deps.sh --test" >&2; return 1; }
  history_store
  when 2026-11-12T12:00:00Z
}

@test "report: the page renders without errors, and shows the numbers of stats --json" {
  run -0 --separate-stderr tier report --html "$BATS_TEST_TMPDIR/period.html" --since 2026-10-19
  [[ -z "$output" && "$stderr" == "wrote the report to $BATS_TEST_TMPDIR/period.html" ]]
  stats_into "$BATS_TEST_TMPDIR/period" --since 2026-10-19
  # The default period: thirteen weeks to now, from Monday 2026-08-17.
  run -0 tier -q report --html "$BATS_TEST_TMPDIR/default.html"
  [[ -z "$output" ]]
  grep -q '"since":"2026-08-17T00:00:00Z"' "$BATS_TEST_TMPDIR/default.html"
  stats_into "$BATS_TEST_TMPDIR/default" --since 2026-08-17
  # A closed period.
  tier -q report --html "$BATS_TEST_TMPDIR/october.html" --since 2026-10-01 --until 2026-11-01
  stats_into "$BATS_TEST_TMPDIR/october" --since 2026-10-01 --until 2026-11-01

  run -0 "${CHECK[@]}" "$BATS_TEST_TMPDIR/period:$BATS_TEST_TMPDIR/period.html" \
    "$BATS_TEST_TMPDIR/default:$BATS_TEST_TMPDIR/default.html" \
    "$BATS_TEST_TMPDIR/october:$BATS_TEST_TMPDIR/october.html"
  expect_output <<'EOF'
period.html: ok, 7 charts, 93 numbers
default.html: ok, 7 charts, 183 numbers
october.html: ok, 7 charts, 88 numbers
EOF
}

@test "report: the browser check fails a page that is wrong, runs a script, or lacks a chart" {
  tier -q report --html "$BATS_TEST_TMPDIR/good.html" --since 2026-10-19
  stats_into "$BATS_TEST_TMPDIR/stats" --since 2026-10-19
  local good="$BATS_TEST_TMPDIR/good.html"
  grep -q '<tr data-key="created"><th scope="row">Tickets created</th><td data-value="5">5</td>' "$good"
  sed 's|<th scope="row">Tickets created</th><td data-value="5">5<|<th scope="row">Tickets created</th><td data-value="6">6<|' \
    "$good" >"$BATS_TEST_TMPDIR/wrong.html"
  sed 's|</body>|<script src="https://example.invalid/x.js"></script></body>|' "$good" >"$BATS_TEST_TMPDIR/script.html"
  python3 -c '
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
start = page.index("<section class=\"chart\" id=\"backlog\">")
svg = page.index("<svg ", start)
sys.stdout.write(page[:svg] + page[page.index("</svg>", svg) + 6:])' "$good" >"$BATS_TEST_TMPDIR/no-svg.html"
  local s="$BATS_TEST_TMPDIR/stats"
  run -1 "${CHECK[@]}" "$s:$BATS_TEST_TMPDIR/wrong.html" "$s:$BATS_TEST_TMPDIR/script.html" \
    "$s:$BATS_TEST_TMPDIR/no-svg.html"
  [[ "${lines[0]}" == "wrong.html: totals created: the page has 6, stats 5" ]]
  [[ "${lines[1]}" == "wrong.html: totals created: shown as '6', not '5'" ]]
  [[ "${lines[2]}" == "script.html: console: file://$BATS_TEST_TMPDIR/script.html - Loading the script 'https://example.invalid/x.js' violates the following Content Security Policy directive: \"default-src 'none'\"."* ]]
  [[ "${lines[3]}" == "no-svg.html: chart 'backlog' has no SVG to see" ]]
  [[ "${#lines[@]}" -eq 4 ]]
}
