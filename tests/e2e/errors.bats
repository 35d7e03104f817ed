#!/usr/bin/env bats
# The command line's contract where a process is the point: colour on a
# terminal (script(1)), an output that cannot be written, a reader that
# closes the pipe. The rest of the contract (exit codes, messages, hints,
# the --json error object, global options anywhere) is in
# tests/cli/errors_test.cpp.

load helpers

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
