#!/usr/bin/env bats
# tier create: the id, the file, the commit, and the refusals (rules 1 and 2,
# unknown agents) that leave the store as it was.

load helpers

setup() {
  tier_setup
  new_store
}

id_pattern='^T-[0-9a-hjkmnp-tv-z]{8}$'

@test "create prints only the id when stdout is not a terminal" {
  run -0 --separate-stderr tier create --title "Printer jams" --email dana.ruiz@milne.example.edu
  [[ "$output" =~ $id_pattern ]]
  [[ -z "$stderr" ]]
  [[ "${#lines[@]}" == 1 ]]
}

@test "create writes tickets/XX/ID.toml in exactly one commit, and the work tree follows" {
  local before
  before="$(git rev-parse HEAD)"
  run -0 tier create --title "Printer jams" --email dana.ruiz@milne.example.edu
  local id="$output"
  [[ "$id" =~ $id_pattern ]]
  local file="tickets/${id:2:2}/$id.toml"
  [[ -f "$file" ]]
  [[ "$(git rev-parse HEAD^)" == "$before" ]]
  run -0 git show --name-status --format= HEAD
  expect_output <<EOF
A	$file
EOF
  diff -u <(git show "HEAD:$file") "$file"
  expect_clean_status
}

@test "the commit: message, trailers, author and date" {
  export TIER_NOW=2026-11-23T10:02:11.120Z
  run -0 tier create --title "Printer jams on tray 2" --email dana.ruiz@milne.example.edu
  local id="$output"
  run -0 git log -1 --format=%B
  expect_output <<EOF
create $id: Printer jams on tray 2

Tier-Op: create
Tier-Ticket: $id
EOF
  run -0 git log -1 --format='%(trailers:key=Tier-Op,valueonly)%(trailers:key=Tier-Ticket,valueonly)'
  expect_output <<EOF
create
$id
EOF
  run -0 git log -1 --format='%ae|%ce|%aI'
  [[ "$output" == "alice@example.edu|alice@example.edu|2026-11-23T10:02:11+00:00" ]]
}

@test "the commit is authored by the agent's name from the config" {
  run -0 tier create --title "Printer jams" --email dana.ruiz@milne.example.edu
  run -0 git log -1 --format='%an <%ae>'
  [[ "$output" == "Alice Adams <alice@example.edu>" ]]
  run -0 tier --agent carol@example.edu create --title "Toner" --email dana.ruiz@milne.example.edu
  run -0 git log -1 --format='%an <%ae>'
  [[ "$output" == "Carol Chen <carol@example.edu>" ]]
}

@test "the ticket file, exactly, with every option" {
  export TIER_NOW=2026-11-23T10:02:11.120Z
  run -0 tier create --title "Laptop drops Wi-Fi in Strand Ag basement" \
    --email Dana.Ruiz@MILNE.example.edu --name "Dana Ruiz" --category network --priority high \
    --asset LT-20931 --location "Strand Ag B12" --symptoms "Drops every 10 minutes" \
    --tried "Forgot the network" --connection wireless --tag wifi --tag basement \
    -m $'It drops every ten minutes.\nOnly in the basement.'
  local id="$output"
  diff -u - "$(ticket_file "$id")" <<EOF
format = 1
id = "$id"
title = "Laptop drops Wi-Fi in Strand Ag basement"
status = "new"
priority = "high"
category = "network"
tier = 1
group = "service-desk"
assignee = ""
owner = ""
escalations = 0
handbacks = 0
tags = ["wifi", "basement"]
created = 2026-11-23T10:02:11.120Z
updated = 2026-11-23T10:02:11.120Z

[requester]
name = "Dana Ruiz"
email = "dana.ruiz@milne.example.edu"
organization = "milne"

[details]
asset = "LT-20931"
location = "Strand Ag B12"
symptoms = "Drops every 10 minutes"
tried = "Forgot the network"
connection = "wireless"

[[log]]
at = 2026-11-23T10:02:11.120Z
by = "alice@example.edu"
event = "create"
to = "service-desk"
tier = 1
visibility = "public"
title = "Laptop drops Wi-Fi in Strand Ag basement"
priority = "high"
category = "network"
tags = ["wifi", "basement"]
requester = { name = "Dana Ruiz", email = "dana.ruiz@milne.example.edu", organization = "milne" }
asset = "LT-20931"
location = "Strand Ag B12"
symptoms = "Drops every 10 minutes"
tried = "Forgot the network"
connection = "wireless"
text = """
It drops every ten minutes.
Only in the basement."""
EOF
  run -0 tier check
}

@test "the ticket file, exactly, with only the required options" {
  export TIER_NOW=2026-11-23T10:02:11Z
  run -0 tier create --title "Printer jams" --email lee@strand.example.edu
  local id="$output"
  diff -u - "$(ticket_file "$id")" <<EOF
format = 1
id = "$id"
title = "Printer jams"
status = "new"
priority = "normal"
category = ""
tier = 1
group = "service-desk"
assignee = ""
owner = ""
escalations = 0
handbacks = 0
tags = []
created = 2026-11-23T10:02:11Z
updated = 2026-11-23T10:02:11Z

[requester]
name = ""
email = "lee@strand.example.edu"
organization = "strand"

[[log]]
at = 2026-11-23T10:02:11Z
by = "alice@example.edu"
event = "create"
to = "service-desk"
tier = 1
title = "Printer jams"
priority = "normal"
requester = { name = "", email = "lee@strand.example.edu", organization = "strand" }
EOF
}

@test "quotes, backslashes, tabs and non-ASCII text survive the file" {
  local title=$'Say "hi" \\ to the caf\u00e9\tnow'
  local text=$'line one\n"""quoted""" \\ back\n\nlast'
  run -0 tier create --title "$title" --email lee@strand.example.edu -m "$text"
  local id="$output"
  run -0 tier check
  run -0 tier show "$id" --json
  run -0 python3 -c '
import json, sys
t = json.loads(sys.argv[1])
assert t["title"] == sys.argv[2], repr(t["title"])
assert t["log"][0]["text"] == sys.argv[3], repr(t["log"][0]["text"])
' "$output" "$title" "$text"
}

@test "create --group puts the ticket in that group's queue at its tier" {
  run -0 tier create --title "Docking station" --email lee@strand.example.edu --group cx-tier2
  local id="$output"
  run -0 tier list --format csv
  [[ "${lines[1]}" == "$id,new,normal,2,cx-tier2,,,strand,,0,"* ]]
  run -3 --separate-stderr tier create --title "Docking station" --email lee@strand.example.edu --group nope
  expect_stderr <<'EOF'
tier: error: no such group 'nope'
EOF
}

@test "create --json prints the new ticket" {
  export TIER_NOW=2026-11-23T10:02:11Z
  run -0 --separate-stderr tier create --json --title "Printer jams" --email lee@strand.example.edu
  [[ -z "$stderr" ]]
  expect_json "$output"
  local id
  id="$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["id"])' "$output")"
  [[ "$id" =~ $id_pattern ]]
  [[ -f "$(ticket_file "$id")" ]]
  run -0 python3 -c '
import json, sys
t = json.loads(sys.argv[1])
print(t["status"], t["group"], t["tier"], t["requester"]["organization"], len(t["log"]), t["created"])
' "$output"
  [[ "$output" == "new service-desk 1 strand 1 2026-11-23T10:02:11Z" ]]
}

@test "ids are unique over many creates" {
  local i
  for i in $(seq 30); do
    tier create --title "Ticket $i" --email lee@strand.example.edu >>ids
  done
  [[ "$(sort -u ids | wc -l)" == 30 ]]
  run -1 grep -vE "$id_pattern" ids
}

# A refusal must leave the store exactly as it was.
expect_unchanged() {
  [[ "$(git rev-parse HEAD)" == "$1" ]]
  [[ ! -e tickets ]]
  expect_clean_status
}

@test "a free-mail requester is refused by rule employer-email" {
  local head
  head="$(git rev-parse HEAD)"
  run -5 --separate-stderr tier create --title "Printer jams" --email dana@gmail.com
  [[ -z "$output" ]]
  expect_stderr <<'EOF'
tier: error: refused by rule 'employer-email': 'gmail.com' is a free-mail domain; the requester needs an employer address
EOF
  expect_unchanged "$head"
  run -5 tier create --title "Printer jams" --email dana@HotMail.com
  expect_unchanged "$head"
}

@test "an address that is not one is refused by rule employer-email" {
  local head
  head="$(git rev-parse HEAD)"
  run -5 --separate-stderr tier create --title "Printer jams" --email notanaddress
  expect_stderr <<'EOF'
tier: error: refused by rule 'employer-email': the requester needs an e-mail address, not 'notanaddress'
EOF
  expect_unchanged "$head"
}

@test "an unsupported organization is refused by rule supported-organization" {
  local head
  head="$(git rev-parse HEAD)"
  run -5 --separate-stderr tier create --title "Printer jams" --email dana@unknown.example.com
  [[ -z "$output" ]]
  expect_stderr <<'EOF'
tier: error: refused by rule 'supported-organization': no supported organization has the domain 'unknown.example.com'
EOF
  expect_unchanged "$head"
}

@test "an agent the config does not know is refused by rule unknown-agent" {
  local head
  head="$(git rev-parse HEAD)"
  run -5 --separate-stderr tier --agent zed@example.edu create --title "Printer jams" --email dana@milne.example.edu
  expect_stderr <<'EOF'
tier: error: refused by rule 'unknown-agent': 'zed@example.edu' is not an agent of this help desk
hint: set --agent, TIER_AGENT or git's user.email to an agent listed in .tier/config.toml
EOF
  expect_unchanged "$head"
  TIER_AGENT=zed@example.edu run -5 tier create --title "Printer jams" --email dana@milne.example.edu
  expect_unchanged "$head"
}

@test "without --agent or TIER_AGENT the agent is git's user.email" {
  unset TIER_AGENT
  local head
  head="$(git rev-parse HEAD)"
  run -5 --separate-stderr tier create --title "Printer jams" --email dana@milne.example.edu
  expect_stderr <<'EOF'
tier: error: refused by rule 'unknown-agent': 'runner@example.invalid' is not an agent of this help desk
hint: set --agent, TIER_AGENT or git's user.email to an agent listed in .tier/config.toml
EOF
  expect_unchanged "$head"
  git config user.email Carol@Example.edu
  run -0 tier create --title "Printer jams" --email dana@milne.example.edu
  run -0 git log -1 --format=%ae
  [[ "$output" == carol@example.edu ]]
}

@test "a refusal with --json is one JSON object on stderr and nothing on stdout" {
  run -5 --separate-stderr tier --json create --title "Printer jams" --email dana@gmail.com
  [[ -z "$output" ]]
  expect_stderr <<'EOF'
{"error":{"code":5,"message":"refused by rule 'employer-email': 'gmail.com' is a free-mail domain; the requester needs an employer address","rule":"employer-email"}}
EOF
  run -5 --separate-stderr tier create --title "Printer jams" --email dana@unknown.example.com --json
  [[ -z "$output" ]]
  expect_stderr <<'EOF'
{"error":{"code":5,"message":"refused by rule 'supported-organization': no supported organization has the domain 'unknown.example.com'","rule":"supported-organization"}}
EOF
  [[ ! -e tickets ]]
}

@test "an empty title is refused" {
  local head
  head="$(git rev-parse HEAD)"
  run -5 --separate-stderr tier create --title "" --email dana@milne.example.edu
  expect_stderr <<'EOF'
tier: error: refused by rule 'valid-values': a ticket needs a title
EOF
  expect_unchanged "$head"
}

@test "a title of more than one line is refused" {
  local head
  head="$(git rev-parse HEAD)"
  run -5 tier create --title $'Printer jams\nagain' --email dana@milne.example.edu
  [[ "$output" == "tier: error: refused by rule 'valid-values': "* ]]
  expect_unchanged "$head"
}

@test "missing and invalid options are usage errors" {
  run -2 --separate-stderr tier create --title "Printer jams"
  expect_stderr <<'EOF'
tier: error: --email is required
hint: see 'tier create --help'
EOF
  run -2 --separate-stderr tier create --email dana@milne.example.edu
  expect_stderr <<'EOF'
tier: error: --title is required
hint: see 'tier create --help'
EOF
  run -2 --separate-stderr tier create --title x --email dana@milne.example.edu --priority severe
  expect_stderr <<'EOF'
tier: error: --priority: severe not in {low,normal,high,urgent}
hint: see 'tier create --help'
EOF
  run -2 tier create --title x --email dana@milne.example.edu --connection bluetooth
  [[ ! -e tickets ]]
}

@test "TIER_NOW that is not a time is a usage error" {
  TIER_NOW=yesterday run -2 --separate-stderr tier create --title x --email dana@milne.example.edu
  expect_stderr <<'EOF'
tier: error: TIER_NOW is not an RFC 3339 time: 'yesterday'
hint: for example TIER_NOW=2026-11-23T09:00:00Z
EOF
}

@test "a hand edit not yet committed is never overwritten" {
  local id
  id="$(tier create --title "Printer jams" --email dana@milne.example.edu)"
  echo "# my edit" >>"$(ticket_file "$id")"
  run -4 --separate-stderr tier comment "$id" -m "hello"
  expect_stderr <<EOF
tier: error: '$(ticket_file "$id")' has changes that are not committed
hint: commit them with git, or discard them with 'git checkout -- $(ticket_file "$id")'
EOF
  [[ "$(tail -n 1 "$(ticket_file "$id")")" == "# my edit" ]]
}
