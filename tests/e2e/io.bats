#!/usr/bin/env bats
# tier import in a clone with sync.auto: the one commit is pushed through
# the server's hooks. Export and import on a store of their own (JSON round
# trip, CSV through a mapping file, refusals by row) are in
# tests/cli/io_test.cpp.

load helpers

setup() {
  tier_setup
  export TIER_NOW=2026-11-23T12:00:00Z
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

@test "import with sync.auto: the one commit is pushed, and the server's hooks take it" {
  new_hooked_team
  old_desk
  cd "$BATS_TEST_TMPDIR/a"
  run -5 --separate-stderr tier import "$BATS_TEST_TMPDIR/old.csv" --map "$BATS_TEST_TMPDIR/map.toml"
  [[ "${#lines[@]}" -eq 2 ]]
  [[ "$(git -C "$BATS_TEST_TMPDIR/server.git" rev-parse main)" == "$(git rev-parse HEAD)" ]]
  [[ "$(git -C "$BATS_TEST_TMPDIR/server.git" log -1 --format=%s main)" == "import 2 tickets" ]]
}
