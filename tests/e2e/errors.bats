#!/usr/bin/env bats
# The command line's contract: exit codes, `tier: error:` messages and
# hints, the --json error object, global options anywhere, output to a
# terminal or not.

load helpers

@test "--version prints the version, before or after a subcommand" {
  run -0 --separate-stderr tier --version
  [[ "$output" == "tier 0.1.0" ]]
  [[ -z "$stderr" ]]
  new_store
  run -0 tier list --version
  [[ "$output" == "tier 0.1.0" ]]
}

@test "--help prints the commands on stdout" {
  run -0 --separate-stderr tier --help
  [[ -z "$stderr" ]]
  [[ "${lines[0]}" == "tier: a help-desk ticket toolkit on git" ]]
  local c
  for c in init create list show log comment check demo; do
    [[ "$output" =~ $'\n  '$c' ' ]]
  done
  run -0 tier show --help
  [[ "${lines[0]}" == "show a ticket and its history" ]]
}

@test "no command prints the help on stderr and exits 2" {
  run -2 --separate-stderr tier
  [[ -z "$output" ]]
  [[ "${stderr_lines[0]}" == "tier: a help-desk ticket toolkit on git" ]]
}

@test "an unknown command is a usage error naming the closest command" {
  run -2 --separate-stderr tier clam
  [[ -z "$output" ]]
  [[ "${stderr_lines[0]}" == "tier: error: unknown command 'clam'" ]]
  if tier claim --help >/dev/null 2>&1; then
    [[ "${stderr_lines[1]}" == "hint: did you mean 'claim'?" ]]
  else
    [[ "${stderr_lines[1]}" == "hint: did you mean '"*"'?" ]]
  fi
  [[ "${#stderr_lines[@]}" == 2 ]]
  run -2 --separate-stderr tier shwo 7k2m
  expect_stderr <<'EOF'
tier: error: unknown command 'shwo'
hint: did you mean 'show'?
EOF
  run -2 --separate-stderr tier frobnicate
  expect_stderr <<'EOF'
tier: error: unknown command 'frobnicate'
hint: see 'tier --help'
EOF
}

@test "an unknown command after global options is still named" {
  run -2 --separate-stderr tier -C /nowhere --agent bob@example.edu --json lisst
  [[ -z "$output" ]]
  expect_stderr <<'EOF'
{"error":{"code":2,"hint":"did you mean 'list'?","message":"unknown command 'lisst'"}}
EOF
}

@test "two swapped letters count as one typo" {
  run -2 --separate-stderr tier lsit
  expect_stderr <<'EOF'
tier: error: unknown command 'lsit'
hint: did you mean 'list'?
EOF
  run -2 --separate-stderr tier cehck
  expect_stderr <<'EOF'
tier: error: unknown command 'cehck'
hint: did you mean 'check'?
EOF
}

@test "a missing required option or argument is a usage error" {
  new_store
  run -2 --separate-stderr tier create --title "Printer jams"
  [[ -z "$output" ]]
  expect_stderr <<'EOF'
tier: error: --email is required
hint: see 'tier create --help'
EOF
  run -2 --separate-stderr tier show
  expect_stderr <<'EOF'
tier: error: id is required
hint: see 'tier show --help'
EOF
  run -2 tier log
  run -2 tier comment -m "hello"
  run -2 --separate-stderr tier -C
  expect_stderr <<'EOF'
tier: error: -C: 1 required DIR missing
hint: see 'tier --help'
EOF
}

@test "an unknown option or an extra argument is a usage error" {
  new_store
  run -2 --separate-stderr tier list --colour
  expect_stderr <<'EOF'
tier: error: the following argument was not expected: --colour
hint: see 'tier list --help'
EOF
  run -2 --separate-stderr tier show aaaa bbbb
  expect_stderr <<'EOF'
tier: error: the following argument was not expected: bbbb
hint: see 'tier show --help'
EOF
}

@test "outside a store every store command is not found" {
  mkdir nowhere
  cd nowhere
  local cmd
  for cmd in "list" "show 7k2m" "log 7k2m" "check" "comment 7k2m -m hi" \
    "create --title x --email dana@milne.example.edu"; do
    # shellcheck disable=SC2086
    run -3 --separate-stderr tier $cmd
    [[ -z "$output" ]]
    expect_stderr <<'EOF'
tier: error: not a tier store (or any of the parent directories): '.'
hint: create one with 'tier init', or name one with -C DIR or TIER_DIR
EOF
  done
  run -3 --separate-stderr tier -C "$BATS_TEST_TMPDIR/missing" list
  expect_stderr <<EOF
tier: error: not a tier store (or any of the parent directories): '$BATS_TEST_TMPDIR/missing'
hint: create one with 'tier init', or name one with -C DIR or TIER_DIR
EOF
  TIER_DIR="$BATS_TEST_TMPDIR/nowhere" run -3 tier list
}

@test "with --json an error is one object on stderr and stdout is empty" {
  mkdir nowhere
  run -3 --separate-stderr tier -C nowhere --json list
  [[ -z "$output" ]]
  expect_stderr <<'EOF'
{"error":{"code":3,"hint":"create one with 'tier init', or name one with -C DIR or TIER_DIR","message":"not a tier store (or any of the parent directories): 'nowhere'"}}
EOF
  run -2 --separate-stderr tier --json create --title x
  [[ -z "$output" ]]
  expect_stderr <<'EOF'
{"error":{"code":2,"hint":"see 'tier create --help'","message":"--email is required"}}
EOF
}

# The shape of every --json error: {"error": {"code", "message", ["rule"], ["hint"]}},
# code = the exit status, one line, nothing on stdout.
expect_json_error() {
  local status="$1"
  shift
  run "-$status" --separate-stderr tier --json "$@"
  [[ -z "$output" ]]
  [[ "${#stderr_lines[@]}" == 1 ]]
  python3 - "$stderr" "$status" <<'EOF'
import json, sys
doc = json.loads(sys.argv[1])
assert list(doc) == ["error"], doc
e = doc["error"]
assert set(e) <= {"code", "message", "rule", "hint"}, e
assert e["code"] == int(sys.argv[2]), e
assert isinstance(e["message"], str) and e["message"] and not e["message"].startswith("tier:"), e
if e["code"] == 5:
    assert e["message"].startswith("refused by rule '%s': " % e["rule"]), e
else:
    assert "rule" not in e, e
EOF
}

@test "--json errors of every kind have the same shape" {
  new_store
  tier create --title "Printer jams" --email lee@strand.example.edu >/dev/null
  expect_json_error 2 list --status opne
  expect_json_error 2 show abc
  expect_json_error 3 show zzzz
  expect_json_error 5 create --title x --email lee@gmail.com
  expect_json_error 5 --agent zed@example.edu create --title x --email lee@strand.example.edu
  sed -i 's/^prefix = "T"$/prefix = 7/' .tier/config.toml
  commit_by_hand "break the config"
  expect_json_error 6 create --title x --email lee@strand.example.edu
  expect_json_error 4 init --example
}

@test "global options work after the subcommand" {
  new_store
  local id
  id="$(tier create --title "Printer jams" --email lee@strand.example.edu)"
  run -0 tier --json show "$id"
  local expected="$output"
  expect_json "$expected"
  run -0 tier show "$id" --json
  [[ "$output" == "$expected" ]]
  run -0 tier show --json "$id"
  [[ "$output" == "$expected" ]]
  cd "$BATS_TEST_TMPDIR"
  run -0 tier show "$id" -C store --json
  [[ "$output" == "$expected" ]]
  run -0 --separate-stderr tier comment "$id" -m "quiet" -q -C store
  [[ -z "$output" && -z "$stderr" ]]
  run -0 tier -C store comment "$id" -m "as carol" --private --agent carol@example.edu
  run -0 tier -C store log "$id" --json --no-color
  [[ "$output" == *'"by":"carol@example.edu","event":"comment","text":"as carol"'* ]]
}

@test "--agent wins over TIER_AGENT, which wins over git's user.email" {
  new_store
  local id
  id="$(tier create --title "Printer jams" --email lee@strand.example.edu)"
  TIER_AGENT=carol@example.edu tier comment "$id" --private -m "one"
  TIER_AGENT=carol@example.edu tier comment "$id" --private -m "two" --agent bob@example.edu
  unset TIER_AGENT
  git config user.email erin@example.edu
  tier comment "$id" --private -m "three"
  run -0 tier log "$id" --json
  run -0 python3 -c 'import json, sys; print(" ".join(e["by"] for e in json.loads(sys.argv[1])))' "$output"
  [[ "$output" == "alice@example.edu carol@example.edu bob@example.edu erin@example.edu" ]]
}

@test "no colour unless stdout is a terminal, and never with NO_COLOR or --no-color" {
  command -v script >/dev/null || skip "no script(1)"
  new_store
  tier create --title "Printer jams" --email lee@strand.example.edu >/dev/null
  run -0 tier list
  [[ "$output" != *$'\e['* ]]
  unset NO_COLOR
  run -0 tier list
  [[ "$output" != *$'\e['* ]]
  # on a terminal
  run -0 script -qec "$TIER_BIN list" /dev/null
  [[ "$output" == *$'\e[1mID\e[0m'* ]]
  run -0 script -qec "$TIER_BIN list --no-color" /dev/null
  [[ "$output" != *$'\e['* ]]
  NO_COLOR=1 run -0 script -qec "$TIER_BIN list" /dev/null
  [[ "$output" != *$'\e['* ]]
}

@test "create on a terminal says what it did on stderr as well" {
  command -v script >/dev/null || skip "no script(1)"
  new_store
  run -0 script -qec "$TIER_BIN create --title 'Printer jams' --email lee@strand.example.edu" /dev/null
  [[ "${lines[0]}" =~ ^T-[0-9a-hjkmnp-tv-z]{8}$'\r'$ ]]
  [[ "${lines[1]}" == "created ${lines[0]%$'\r'} in service-desk (tier 1)"$'\r' ]]
}

@test "an output that cannot be written is a failure" {
  [[ -w /dev/full ]] || skip "no /dev/full"
  new_store
  tier create --title "Printer jams" --email lee@strand.example.edu >/dev/null
  run -1 --separate-stderr bash -c '"$TIER_BIN" list --format ids >/dev/full'
  [[ -z "$output" ]]
  [[ "$stderr" == "tier: error: cannot write the output" ]]
}

@test "a closed pipe is not an error" {
  new_store
  local id
  id="$(tier create --title "Printer jams" --email lee@strand.example.edu)"
  # a comment of 1 MB: more than a pipe holds, and more than [limits] lets
  # through unless the store allows it
  sed -i -e 's/^text = "64K"/text = "2M"/' -e 's/^ticket = "1M"/ticket = "4M"/' .tier/config.toml
  commit_by_hand "larger limits"
  python3 -c 'print("\n".join("line %06d of a long comment" % n for n in range(40000)))' >long.txt
  tier comment "$id" --file long.txt
  run -0 --separate-stderr bash -c '"$TIER_BIN" show "$1" | head -c 10 >/dev/null; exit "${PIPESTATUS[0]}"' - "$id"
  [[ -z "$stderr" ]]
}

@test "TIER_NOW replaces the clock" {
  new_store
  local id
  id="$(TIER_NOW=2030-01-02T03:04:05Z tier create --title "Printer jams" --email lee@strand.example.edu)"
  run -0 tier list --format csv
  [[ "${lines[1]}" == *",2030-01-02T03:04:05Z,2030-01-02T03:04:05Z,Printer jams" ]]
  run -0 git log -1 --format=%aI
  [[ "$output" == "2030-01-02T03:04:05+00:00" ]]
  TIER_NOW=2030-01-02T04:04:05+01:00 run -0 tier comment "$id" -m "same instant"
  run -0 tail -n 5 "$(ticket_file "$id")"
  [[ "${lines[0]}" == "at = 2030-01-02T03:04:05Z" ]]
}
