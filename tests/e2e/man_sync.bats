#!/usr/bin/env bats
# tests/man_sync.sh itself: it passes on the source tree and fails, naming
# the problem, on a copy of the pages with one defect each, so that it
# cannot pass by accident.

load helpers

setup() {
  tier_setup
  SRC="$BATS_TEST_DIRNAME/../.."
  COPY="$BATS_TEST_TMPDIR/src"
  mkdir -p "$COPY/core"
  cp -R "$SRC/man" "$COPY/man"
  cp "$SRC/core/error.hpp" "$SRC/core/workflow.hpp" "$COPY/core/"
}

man_sync() {
  sh "$SRC/tests/man_sync.sh" "$TIER_BIN" "$COPY"
}

@test "man-sync: the pages as they are pass" {
  run -0 man_sync
  [[ "$output" == "man-sync: ok" ]]
}

@test "man-sync: a page without its EXAMPLES fails" {
  sed -i '/^\.Sh EXAMPLES/,/^\.Sh SEE ALSO/{/^\.Sh SEE ALSO/!d}' "$COPY/man/tier-claim.1"
  run -1 man_sync
  [[ "$output" == "man-sync: 'tier-claim.1' has no section EXAMPLES" ]]
}

@test "man-sync: an exit status that is not in enum Exit fails, and so does one without 0" {
  sed -i 's/^\.It 7$/.It 9/' "$COPY/man/tier-rate.1"
  sed -i 's/^\.It 0$/.It 8/' "$COPY/man/tier-help.1"
  run -1 man_sync
  expect_output <<'EOF'
man-sync: the EXIT STATUS of 'tier-help.1' does not list 0
man-sync: exit status '8' in the EXIT STATUS of 'tier-help.1' is not a value of enum Exit
man-sync: exit status '9' in the EXIT STATUS of 'tier-rate.1' is not a value of enum Exit
EOF
}

@test "man-sync: an option of a subcommand's subcommand missing from the page fails" {
  sed -i 's/Fl -server/Li server/g' "$COPY/man/tier-hooks.1"
  run -1 man_sync
  [[ "$output" == "man-sync: option --server is in 'tier hooks --help' but not in tier-hooks.1" ]]
}

@test "man-sync: a command without a page fails; the hidden __complete needs none" {
  rm "$COPY/man/tier-completion.1"
  run -1 man_sync
  [[ "$output" == *"man-sync: 'tier completion' has no page: missing file '$COPY/man/tier-completion.1'"* ]]
  [[ "$output" != *__complete* ]]
}
