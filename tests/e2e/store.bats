#!/usr/bin/env bats
# tier init: the store's first commit, and finding the store (-C, TIER_DIR,
# parent directories).

load helpers

@test "init makes a repository with the config and .gitattributes in one commit" {
  run -0 --separate-stderr tier init --example store
  [[ -z "$output" ]]
  expect_stderr <<EOF
initialized a tier store in $BATS_TEST_TMPDIR/store/
EOF
  cd store
  [[ -d .git ]]
  [[ -f .tier/config.toml ]]
  diff -u <(echo 'tickets/**/*.toml merge=tier') .gitattributes
  run -0 git ls-files
  expect_output <<'EOF'
.gitattributes
.tier/config.toml
EOF
  run -0 commit_count
  [[ "$output" == 1 ]]
  run -0 git log -1 --format='%an <%ae>%n%B'
  expect_output <<'EOF'
alice@example.edu <alice@example.edu>
init tier store

Tier-Op: init
EOF
  expect_clean_status
  run -0 tier check
}

@test "the committed config is the one in the work tree" {
  new_store
  diff -u <(git show HEAD:.tier/config.toml) .tier/config.toml
  diff -u <(git show HEAD:.gitattributes) .gitattributes
}

@test "init without --example writes a config that checks but has no agents" {
  run -0 --separate-stderr tier init store
  expect_stderr <<EOF
initialized a tier store in $BATS_TEST_TMPDIR/store/
hint: describe your help desk in $BATS_TEST_TMPDIR/store/.tier/config.toml and commit it
EOF
  cd store
  run -0 tier check
  run -0 grep -c '^prefix = "T"$' .tier/config.toml
  run -5 --separate-stderr tier create --title "Printer jams" --email dana@milne.example.edu
  expect_stderr <<'EOF'
tier: error: refused by rule 'unknown-agent': 'alice@example.edu' is not an agent of this help desk
hint: set --agent, TIER_AGENT or git's user.email to an agent listed in .tier/config.toml
EOF
}

@test "init in the current directory" {
  mkdir here
  cd here
  run -0 tier init -q --example
  [[ -z "$output" ]]
  [[ -f .tier/config.toml ]]
  expect_clean_status
}

@test "init --json describes the store" {
  run -0 --separate-stderr tier init --json --example store
  expect_output <<EOF
{"example":true,"prefix":"T","store":"$BATS_TEST_TMPDIR/store/"}
EOF
  [[ -z "$stderr" ]]
}

@test "a second init is a conflict naming the store, and changes nothing" {
  new_store
  local head
  head="$(git rev-parse HEAD)"
  run -4 --separate-stderr tier init --example
  expect_stderr <<EOF
tier: error: '$BATS_TEST_TMPDIR/store/' is already a tier store
EOF
  [[ -z "$output" ]]
  [[ "$(git rev-parse HEAD)" == "$head" ]]
  cd ..
  run -4 --separate-stderr tier init store
  expect_stderr <<EOF
tier: error: '$BATS_TEST_TMPDIR/store/' is already a tier store
EOF
  cd store
  expect_clean_status
}

@test "init in a git repository with history keeps the history and the files" {
  git init -q repo
  cd repo
  echo "the help desk" >README
  git add README
  git commit -q -m "first"
  local first
  first="$(git rev-parse HEAD)"
  run -0 tier init -q --example
  run -0 commit_count
  [[ "$output" == 2 ]]
  [[ "$(git rev-parse HEAD^)" == "$first" ]]
  run -0 git log --format=%s
  expect_output <<'EOF'
init tier store
first
EOF
  run -0 git ls-files
  expect_output <<'EOF'
.gitattributes
.tier/config.toml
README
EOF
  [[ "$(cat README)" == "the help desk" ]]
  expect_clean_status
  run -0 tier check
}

@test "init keeps an existing .gitattributes and adds the merge driver line" {
  git init -q repo
  cd repo
  echo '*.png binary' >.gitattributes
  commit_by_hand "attributes"
  run -0 tier init -q --example
  diff -u <(printf '%s\n' '*.png binary' 'tickets/**/*.toml merge=tier') .gitattributes
  expect_clean_status
}

@test "init --prefix sets the prefix of new ids" {
  run -0 tier init -q --example --prefix HD store
  cd store
  run -0 grep -c '^prefix = "HD"$' .tier/config.toml
  run -0 --separate-stderr tier create --title "Printer jams" --email dana@milne.example.edu
  [[ "$output" =~ ^HD-[0-9a-hjkmnp-tv-z]{8}$ ]]
  local id="$output"
  [[ -f "tickets/${id:3:2}/$id.toml" ]]
  run -0 tier check
  run -0 tier show "${id,,}" --json
  [[ "$output" == *"\"id\":\"$id\""* ]]
  run -0 tier show "${id:3:4}" --json
  [[ "$output" == *"\"id\":\"$id\""* ]]
  run -3 tier show "T-${id:3:4}"
}

@test "init refuses an invalid prefix with a usage error and makes nothing" {
  run -2 --separate-stderr tier init --example --prefix t1 store
  expect_stderr <<'EOF'
tier: error: 't1' is not an id prefix
hint: a prefix is 1 to 8 upper-case letters and digits, starting with a letter
EOF
  [[ -z "$output" ]]
  [[ ! -e store/.tier ]]
  run -2 tier init --example --prefix 1T store
  run -2 tier init --example --prefix ABCDEFGHI store
  run -2 tier init --example --prefix T- store
  run -2 tier init --example --prefix "" store
}

@test "init where a file is in the way fails cleanly" {
  touch afile
  run -1 --separate-stderr tier init --example afile
  [[ -z "$output" ]]
  expect_stderr <<'EOF'
tier: error: cannot create the store in 'afile': Not a directory
EOF
}

@test "init --remote adds origin" {
  run -0 tier init -q --example --remote https://git.example.edu/helpdesk.git store
  cd store
  run -0 git remote -v
  expect_output <<'EOF'
origin	https://git.example.edu/helpdesk.git (fetch)
origin	https://git.example.edu/helpdesk.git (push)
EOF
}

@test "the store is found from a subdirectory, with -C and with TIER_DIR" {
  new_store
  local id
  id="$(tier create --title "Printer jams" --email dana@milne.example.edu)"
  mkdir -p notes/deep
  cd notes/deep
  run -0 tier list --format ids
  [[ "$output" == "$id" ]]
  cd "$BATS_TEST_TMPDIR"
  run -0 tier -C store list --format ids
  [[ "$output" == "$id" ]]
  run -0 tier list -C store --format ids
  [[ "$output" == "$id" ]]
  TIER_DIR="$BATS_TEST_TMPDIR/store" run -0 tier list --format ids
  [[ "$output" == "$id" ]]
}

@test "init -C DIR makes the store there" {
  mkdir there
  run -0 tier -C there init -q --example
  [[ -f there/.tier/config.toml ]]
}

@test "a git repository without a tier config is not a store" {
  git init -q plain
  cd plain
  run -3 --separate-stderr tier list
  expect_stderr <<EOF
tier: error: '$BATS_TEST_TMPDIR/plain/' is a git repository but not a tier store
hint: make it one with 'tier init'
EOF
}

@test "new_team makes a bare server and two clones that are stores" {
  new_team
  [[ "$(git -C server.git rev-parse --is-bare-repository)" == true ]]
  run -0 tier -C a check
  run -0 tier -C b check
  [[ "$(git -C a rev-parse HEAD)" == "$(git -C server.git rev-parse HEAD)" ]]
}
