#!/usr/bin/env bats
# `tier help` lists the commands as `tier --help` does; `tier help CMD` opens
# the page tier-CMD(1) with man(1), or prints `tier CMD --help` and a note
# when man or the page is missing.

load helpers

setup() {
  tier_setup
  # The pages of this source tree, in the layout man(1) looks for.
  mkdir -p "$BATS_TEST_TMPDIR/man/man1"
  cp "$BATS_TEST_DIRNAME"/../../man/*.1 "$BATS_TEST_TMPDIR/man/man1/"
  export MANPAGER=cat PAGER=cat MANWIDTH=80
}

@test "help: the commands, as --help lists them" {
  run -0 --separate-stderr tier --help
  local expected="$output"
  run -0 --separate-stderr tier help
  [[ -z "$stderr" ]]
  expect_output <<<"$expected"
}

@test "help CMD: opens the man page tier-CMD(1)" {
  command -v man >/dev/null || skip "no man"
  MANPATH="$BATS_TEST_TMPDIR/man" run -0 --separate-stderr tier help claim
  [[ "${lines[0]}" == "TIER-CLAIM(1)"*"TIER-CLAIM(1)" ]]
  [[ "$output" == *"tier-claim "*"take a ticket from your group's queue"* ]]
  MANPATH="$BATS_TEST_TMPDIR/man" run -0 --separate-stderr tier help completion
  [[ "${lines[0]}" == "TIER-COMPLETION(1)"* ]]
}

@test "help CMD: without the page, the command's --help and a note" {
  run -0 --separate-stderr tier claim --help
  local expected="$output"
  mkdir "$BATS_TEST_TMPDIR/empty"
  MANPATH="$BATS_TEST_TMPDIR/empty" run -0 --separate-stderr tier help claim
  expect_output <<<"$expected"
  [[ "$stderr" == "the man page tier-claim(1) is not installed: this is 'tier claim --help'" ]]
}

@test "help CMD: without man(1), the command's --help and a note" {
  run -0 --separate-stderr tier rate --help
  local expected="$output"
  run -0 --separate-stderr env PATH="$BATS_TEST_TMPDIR/nothing" "$TIER_BIN" help rate
  expect_output <<<"$expected"
  [[ "$stderr" == "the man page tier-rate(1) is not installed: this is 'tier rate --help'" ]]
}

@test "help CMD: an unknown command is a usage error with the closest one" {
  run -2 --separate-stderr tier help clam
  [[ -z "$output" ]]
  expect_stderr <<'EOF'
tier: error: unknown command 'clam'
hint: did you mean 'claim'?
EOF
  run -2 --separate-stderr tier help frobnicate
  expect_stderr <<'EOF'
tier: error: unknown command 'frobnicate'
hint: see 'tier --help'
EOF
  # The scripts' hidden command has no page, and is never suggested.
  run -2 --separate-stderr tier help __complete
  run -2 --separate-stderr tier __complet
  expect_stderr <<'EOF'
tier: error: unknown command '__complet'
hint: see 'tier --help'
EOF
}
