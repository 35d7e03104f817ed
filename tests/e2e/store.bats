#!/usr/bin/env bats
# helpers.bash's new_team: a bare server and two clones that are stores.
# tier init and finding a store (-C, TIER_DIR, parent directories) are in
# tests/cli/store_test.cpp.

load helpers

@test "new_team makes a bare server and two clones that are stores" {
  new_team
  [[ "$(git -C server.git rev-parse --is-bare-repository)" == true ]]
  run -0 tier -C a check
  run -0 tier -C b check
  [[ "$(git -C a rev-parse HEAD)" == "$(git -C server.git rev-parse HEAD)" ]]
}
