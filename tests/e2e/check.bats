#!/usr/bin/env bats
# tier check, and how every command treats bad files committed by hand: a
# bad ticket is reported with file and line and never hides the others; a
# bad config stops every change.

load helpers

setup() {
  tier_setup
  new_store_with_fixture desk
  export TIER_NOW=2026-11-23T12:00:00Z
}

@test "check: a clean store exits 0 and says so on stderr" {
  run -0 --separate-stderr tier check
  [[ -z "$output" ]]
  expect_stderr <<'EOF'
checked 7 tickets and the config: no problems
EOF
  run -0 --separate-stderr tier check -q
  [[ -z "$output" && -z "$stderr" ]]
  run -0 --separate-stderr tier check --json
  [[ -z "$stderr" ]]
  expect_output <<'EOF'
{"problems":[],"tickets":7}
EOF
}

@test "check: an empty store and a store of one ticket" {
  new_store "$BATS_TEST_TMPDIR/other"
  run -0 --separate-stderr tier check
  expect_stderr <<'EOF'
checked 0 tickets and the config: no problems
EOF
  tier create --title "Printer jams" --email lee@strand.example.edu
  run -0 --separate-stderr tier check
  expect_stderr <<'EOF'
checked 1 ticket and the config: no problems
EOF
}

@test "check: a header changed by hand no longer matches the log" {
  sed -i 's/^status = "open"$/status = "resolved"/' "$(ticket_file T-bbbb0002)"
  commit_by_hand "resolve it by hand"
  run -0 grep -n '^status = ' "$(ticket_file T-bbbb0002)"
  [[ "$output" == '4:status = "resolved"' ]]
  run -6 --separate-stderr tier check
  expect_output <<'EOF'
tickets/bb/T-bbbb0002.toml:4: 'status' differs from the replay of the log
EOF
  expect_stderr <<'EOF'
tier: error: 1 problem in the store
EOF
}

@test "check: a log entry removed by hand" {
  # the last four lines are the claim entry; without it the header is wrong
  local file
  file="$(ticket_file T-bbbb0002)"
  head -n -5 "$file" >cut && mv cut "$file"
  commit_by_hand "drop the claim"
  run -6 --separate-stderr tier check
  expect_output <<'EOF'
tickets/bb/T-bbbb0002.toml:4: 'status' differs from the replay of the log
tickets/bb/T-bbbb0002.toml:9: 'assignee' differs from the replay of the log
tickets/bb/T-bbbb0002.toml:10: 'owner' differs from the replay of the log
tickets/bb/T-bbbb0002.toml:15: 'updated' differs from the replay of the log
EOF
  expect_stderr <<'EOF'
tier: error: 4 problems in the store
EOF
}

@test "check: an unknown status value names file and line" {
  sed -i 's/^status = "new"$/status = "opne"/' "$(ticket_file T-aaaa0001)"
  commit_by_hand
  run -6 --separate-stderr tier check
  expect_output <<'EOF'
tickets/aa/T-aaaa0001.toml:4: unknown status 'opne'
EOF
  run -6 --separate-stderr tier show aaaa
  expect_stderr <<'EOF'
tier: error: tickets/aa/T-aaaa0001.toml:4:10: unknown status 'opne'
EOF
}

@test "check: a truncated file is reported with file and line; the rest still works" {
  local file
  file="$(ticket_file T-aaaa0001)"
  head -c 300 "$file" >cut && mv cut "$file"
  commit_by_hand "truncated"
  run -0 tail -n 1 "$file"
  [[ "$output" == name ]]
  run -6 --separate-stderr tier check
  expect_output <<'EOF'
tickets/aa/T-aaaa0001.toml:18: error while parsing key-value pair: encountered end-of-file
EOF
  expect_stderr <<'EOF'
tier: error: 1 problem in the store
EOF
  # list shows the other six and warns about the bad one
  run -0 --separate-stderr tier list --format ids
  expect_output <<'EOF'
T-bbbb0002
T-cccc0003
T-dddd0004
T-eeee0005
T-ffff0006
T-gggg0007
EOF
  expect_stderr <<'EOF'
tier: warning: tickets/aa/T-aaaa0001.toml:18: error while parsing key-value pair: encountered end-of-file
EOF
  run -0 --separate-stderr tier list --json
  [[ "$stderr" == "tier: warning: tickets/aa/T-aaaa0001.toml:18: "* ]]
  expect_json "$output"
  # the bad ticket itself is invalid data; the others can still be changed
  run -6 --separate-stderr tier show aaaa
  [[ -z "$output" ]]
  expect_stderr <<'EOF'
tier: error: tickets/aa/T-aaaa0001.toml:18:5: error while parsing key-value pair: encountered end-of-file
EOF
  local head
  head="$(git rev-parse HEAD)"
  run -6 tier comment aaaa -m "hello"
  [[ "$(git rev-parse HEAD)" == "$head" ]]
  run -0 tier comment bbbb -m "hello"
  run -0 tier show bbbb
  [[ "$output" == *hello* ]]
  expect_clean_status
}

@test "check: an unknown key" {
  sed -i 's/^handbacks = 0$/handbacks = 0\nsla = "gold"/' "$(ticket_file T-aaaa0001)"
  commit_by_hand
  run -6 --separate-stderr tier check
  expect_output <<'EOF'
tickets/aa/T-aaaa0001.toml:13: unknown key 'sla'
EOF
  run -0 --separate-stderr tier list --format ids --limit 1
  [[ "$output" == T-bbbb0002 ]]
  expect_stderr <<'EOF'
tier: warning: tickets/aa/T-aaaa0001.toml:13: unknown key 'sla'
EOF
}

@test "check: an unknown key in a log entry" {
  printf 'mood = "grumpy"\n' >>"$(ticket_file T-aaaa0001)"
  commit_by_hand
  run -6 --separate-stderr tier check
  # on the last line, the one added
  [[ "$output" == "tickets/aa/T-aaaa0001.toml:$(wc -l <"$(ticket_file T-aaaa0001)"): unknown key 'mood' in [[log]]" ]]
}

@test "check: a file at the wrong path" {
  mkdir -p tickets/zz
  git mv "$(ticket_file T-aaaa0001)" tickets/zz/T-aaaa0001.toml
  commit_by_hand "moved"
  run -6 --separate-stderr tier check
  expect_output <<'EOF'
tickets/zz/T-aaaa0001.toml:2: the id 'T-aaaa0001' belongs at 'tickets/aa/T-aaaa0001.toml'
EOF
  run -0 --separate-stderr tier list --format ids --limit 1
  [[ "$output" == T-bbbb0002 ]]
  expect_stderr <<'EOF'
tier: warning: tickets/zz/T-aaaa0001.toml: the id 'T-aaaa0001' belongs at 'tickets/aa/T-aaaa0001.toml'
EOF
}

@test "check: an id changed inside its file" {
  sed -i 's/^id = "T-aaaa0001"$/id = "T-aaaa0002"/' "$(ticket_file T-aaaa0001)"
  commit_by_hand
  run -6 --separate-stderr tier check
  expect_output <<'EOF'
tickets/aa/T-aaaa0001.toml:2: the id 'T-aaaa0002' belongs at 'tickets/aa/T-aaaa0002.toml'
EOF
}

@test "check: a file directly under tickets/ is not a directory of tickets" {
  echo "notes" >tickets/README.md
  commit_by_hand
  run -6 --separate-stderr tier check
  expect_output <<'EOF'
tickets/README.md: not a directory of tickets
EOF
  run -0 --separate-stderr tier list --format ids --limit 1
  [[ "$output" == T-aaaa0001 ]]
  expect_stderr <<'EOF'
tier: warning: tickets/README.md: not a directory of tickets
EOF
}

@test "check: every problem of every file, in path order, counted" {
  sed -i 's/^status = "new"$/status = "opne"/' "$(ticket_file T-aaaa0001)"
  sed -i 's/^status = "open"$/status = "resolved"/' "$(ticket_file T-bbbb0002)"
  sed -i 's/^priority = "low"$/priority = "lowest"/' "$(ticket_file T-dddd0004)"
  commit_by_hand
  run -6 --separate-stderr tier check
  expect_output <<'EOF'
tickets/aa/T-aaaa0001.toml:4: unknown status 'opne'
tickets/bb/T-bbbb0002.toml:4: 'status' differs from the replay of the log
tickets/dd/T-dddd0004.toml:5: unknown priority 'lowest'
EOF
  expect_stderr <<'EOF'
tier: error: 3 problems in the store
EOF
}

@test "check --json lists the problems on stdout and the error on stderr" {
  sed -i 's/^status = "new"$/status = "opne"/' "$(ticket_file T-aaaa0001)"
  commit_by_hand
  run -6 --separate-stderr tier check --json
  expect_output <<'EOF'
{"problems":[{"line":4,"message":"unknown status 'opne'","path":"tickets/aa/T-aaaa0001.toml","rule":"malformed"}],"tickets":7}
EOF
  expect_stderr <<'EOF'
{"error":{"code":6,"message":"1 problem in the store"}}
EOF
}

@test "check: a broken config is reported with its line, and stops every change" {
  # bob's group names an agent the config does not list
  sed -i 's/^members = \["bob@example.edu", "erin@example.edu"\]$/members = ["bob@example.edu", "zed@example.edu"]/' \
    .tier/config.toml
  commit_by_hand "break the config"
  local line head
  line="$(grep -n 'zed@example.edu' .tier/config.toml | cut -d: -f1)"
  head="$(git rev-parse HEAD)"
  run -6 --separate-stderr tier check
  expect_output <<EOF
.tier/config.toml:$line: group 'cx-tier2' names unknown agent 'zed@example.edu'
EOF
  expect_stderr <<'EOF'
tier: error: 1 problem in the store
EOF
  run -6 --separate-stderr tier create --title "Printer jams" --email lee@strand.example.edu
  [[ -z "$output" ]]
  expect_stderr <<EOF
tier: error: .tier/config.toml:$line:31: group 'cx-tier2' names unknown agent 'zed@example.edu'
EOF
  run -6 tier comment bbbb -m "hello"
  run -6 tier claim aaaa
  [[ "$(git rev-parse HEAD)" == "$head" ]]
  [[ ! -e tickets/aa/T-aaaa0001.toml.tier-tmp ]]
  expect_clean_status
  # reading still works
  run -0 tier list --format ids --limit 1
  [[ "$output" == T-aaaa0001 ]]
  run -0 tier show bbbb
  [[ "${lines[0]}" == "T-bbbb0002  VPN refuses my password" ]]
  run -0 tier log T-bbbb0002
  run -3 tier show zzzz
}

@test "check: a config with a bad prefix" {
  sed -i 's/^prefix = "T"$/prefix = "t-"/' .tier/config.toml
  commit_by_hand "break the config"
  run -6 --separate-stderr tier check
  [[ "$output" == ".tier/config.toml:"*": bad prefix 't-': use 1 to 8 uppercase letters and digits, starting with a letter" ]]
  run -6 --separate-stderr tier show bbbb
  [[ "$stderr" == "tier: error: .tier/config.toml:"*": bad prefix 't-': use 1 to 8 uppercase letters and digits, starting with a letter" ]]
}

@test "check: a config that is not TOML is reported with its line" {
  local line
  line="$(grep -n -m 1 '^\[\[group\]\]$' .tier/config.toml | cut -d: -f1)"
  sed -i "${line}s/.*/[[group]/" .tier/config.toml
  commit_by_hand "break the config"
  run -6 --separate-stderr tier check
  expect_output <<EOF
.tier/config.toml:$line: error while parsing table header: expected ']', saw '\n'
EOF
  run -6 --separate-stderr tier create --title "Printer jams" --email lee@strand.example.edu
  expect_stderr <<EOF
tier: error: .tier/config.toml:$line:9: error while parsing table header: expected ']', saw '\n'
EOF
  run -6 --separate-stderr tier --json create --title "Printer jams" --email lee@strand.example.edu
  [[ -z "$output" ]]
  expect_stderr <<EOF
{"error":{"code":6,"message":".tier/config.toml:$line:9: error while parsing table header: expected ']', saw '\\\\n'"}}
EOF
}

@test "check: a hand-written ticket in another valid layout is accepted" {
  mkdir -p tickets/hw
  cat >tickets/hw/T-hw000001.toml <<'EOF'
# written by hand, keys in another order, a literal string, an inline table
format = 1
id = 'T-hw000001'
title = "Keyboard missing keys"
priority = "low"
status = "new"
category = "hardware"
tier = 1
group = "service-desk"
assignee = ""
owner = ""
escalations = 0
handbacks = 0
tags = [ "keyboard" ]
created = 2026-11-23T08:00:00Z
updated = 2026-11-23T08:00:00Z
requester = { name = "Kim", email = "kim@milne.example.edu", organization = "milne" }

[[log]]
at = 2026-11-23T08:00:00Z
by = "alice@example.edu"
event = "create"
to = "service-desk"
tier = 1
title = "Keyboard missing keys"
priority = "low"
category = "hardware"
tags = ["keyboard"]
requester = { name = "Kim", email = "kim@milne.example.edu", organization = "milne" }
EOF
  commit_by_hand "by hand"
  run -0 --separate-stderr tier check
  expect_stderr <<'EOF'
checked 8 tickets and the config: no problems
EOF
  run -0 tier list --tag keyboard --format ids
  [[ "$output" == T-hw000001 ]]
  # the next change writes the file in the canonical layout
  run -0 tier comment hw00 -m "A new keyboard is on its way."
  run -0 head -n 3 tickets/hw/T-hw000001.toml
  expect_output <<'EOF'
format = 1
id = "T-hw000001"
title = "Keyboard missing keys"
EOF
  run -0 tier check
  expect_clean_status
}

@test "check reads the committed store, not uncommitted edits" {
  sed -i 's/^status = "new"$/status = "opne"/' "$(ticket_file T-aaaa0001)"
  run -0 tier check
  run -0 tier show aaaa --json
  [[ "$output" == *'"status":"new"'* ]]
}
