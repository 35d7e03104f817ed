#!/usr/bin/env bats
# After a change the work tree and git's index follow the branch: tier
# updates the index file itself (a few entries of it) and leaves to libgit2
# the forms it does not handle; either way git sees a clean, consistent store.

load helpers

setup() {
  tier_setup
  new_store
}

# The index says what HEAD says, the work tree what the index says, and git
# finds nothing wrong with either.
expect_in_step() {
  expect_clean_status
  [[ -z "$(git diff --cached --name-only)" ]]
  [[ -z "$(git diff-index --cached HEAD)" ]]
  diff -u <(git ls-tree -r --format='%(objectmode) %(objectname) 0	%(path)' HEAD) <(git ls-files -s)
  git fsck --no-progress --no-dangling
  # A cache tree (TREE extension) that claims a directory is unchanged when
  # it is not would make this the old tree.
  [[ "$(git write-tree)" == "$(git rev-parse 'HEAD^{tree}')" ]]
}

# Bytes 4..7 of the index: its version.
index_version() {
  od -An -tu1 -j7 -N1 .git/index | tr -d ' '
}

three_changes() {
  local id
  id="$(tier create --title "Printer jams" --email dana.ruiz@milne.example.edu)" || return 1
  tier claim -q "$id" || return 1
  tier comment -q "$id" -m "toner replaced" || return 1
  echo "$id"
}

@test "create, claim and comment leave the index in step with the branch" {
  run -0 three_changes
  expect_in_step
  run -0 tier create -q --title "Second" --email dana.ruiz@milne.example.edu
  expect_in_step
  run -0 git ls-files
  [[ "$(grep -c '^tickets/' <<<"$output")" == 2 ]]
}

@test "an index with a cache tree (after a commit by hand) keeps a correct one" {
  tier create -q --title "First" --email dana.ruiz@milne.example.edu
  echo "notes" >NOTES
  commit_by_hand "notes"
  # git commit wrote a cache tree into the index
  grep -qa TREE .git/index
  run -0 three_changes
  expect_in_step
  # still there, valid outside the ticket's directories
  grep -qa TREE .git/index
  echo "more" >>NOTES
  commit_by_hand "more notes"
  expect_in_step
}

@test "an index of version 4 is left to libgit2, and stays version 4" {
  # In the sanitizer build, LeakSanitizer's tracer dies (signal 11) when it
  # stops libgit2's index reading; the leak check is left out here alone.
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
  git update-index --index-version 4
  [[ "$(index_version)" == 4 ]]
  run -0 three_changes
  expect_in_step
  [[ "$(index_version)" == 4 ]]
}

@test "an index of version 3 (an intent-to-add entry) is updated in place" {
  echo "draft" >DRAFT
  git add -N DRAFT
  [[ "$(index_version)" == 3 ]]
  run -0 three_changes
  [[ "$(index_version)" == 3 ]]
  run -0 git status --porcelain
  [[ "$output" == " A DRAFT" ]]
  git rm -q --cached DRAFT
  rm DRAFT
  expect_in_step
}

@test "a file changed in the second the index was written is still seen as changed" {
  # git trusts stat data only for files older than the index; an entry as
  # new as the index ("racily clean") must not turn clean by a rewrite.
  git config core.trustctime false
  local id file mtime
  id="$(tier create --title "Printer jams" --email dana.ruiz@milne.example.edu)"
  file="$(ticket_file "$id")"
  mtime="$(stat -c %.9Y "$file")"
  # same file (inode), size and mtime, other content; an index of the same second
  sed 's/Printer jams/Printer Jams/' "$file" >changed
  cat changed >"$file"
  rm changed
  touch -d "@$mtime" "$file" .git/index
  sleep 1.1
  tier create -q --title "Other" --email dana.ruiz@milne.example.edu
  run -0 git status --porcelain
  [[ "$output" == " M $file" ]]
}

@test "a racily clean file that did not change stays clean for git's plumbing" {
  local id file
  id="$(tier create --title "Printer jams" --email dana.ruiz@milne.example.edu)"
  file="$(ticket_file "$id")"
  touch -d "@$(stat -c %.9Y "$file")" .git/index
  sleep 1.1
  tier create -q --title "Other" --email dana.ruiz@milne.example.edu
  # diff-files trusts the stat data as it is (no refresh): a smudged entry
  # would show as modified
  run -0 git diff-files --name-only
  [[ -z "$output" ]]
}

@test "a change waits for a git command holding index.lock" {
  local id
  id="$(tier create --title "Printer jams" --email dana.ruiz@milne.example.edu)"
  : >.git/index.lock
  (sleep 1 && rm -f .git/index.lock) &
  run -0 tier comment -q "$id" -m "after the lock"
  wait
  expect_in_step
  run -0 entry_count "$id" comment
  [[ "$output" == 1 ]]
}

@test "an index.lock that stays is a conflict; the next command finishes the change" {
  local id
  id="$(tier create --title "Printer jams" --email dana.ruiz@milne.example.edu)"
  : >.git/index.lock
  run -4 --separate-stderr tier comment "$id" -m "while locked"
  [[ "$stderr" == "tier: error: the change is committed, but the index is locked: '$PWD/.git/index.lock' exists"* ]]
  # the lock is git's, not tier's: untouched
  [[ -e .git/index.lock && ! -s .git/index.lock ]]
  # committed, and the journal says what is left to do
  run -0 entry_count "$id" comment
  [[ "$output" == 1 ]]
  [[ -s .git/tier/journal ]]
  rm .git/index.lock
  run -0 tier list --format ids
  [[ ! -e .git/tier/journal ]]
  expect_in_step
}

@test "an index.lock left by a killed tier process is removed" {
  local id
  id="$(tier create --title "Printer jams" --email dana.ruiz@milne.example.edu)"
  # What tier leaves when killed between taking the lock and renaming it.
  cp .git/index .git/tier/index.new
  ln .git/tier/index.new .git/index.lock
  run -0 tier comment -q "$id" -m "after a kill"
  [[ ! -e .git/index.lock && ! -e .git/tier/index.new ]]
  expect_in_step
}

@test "libgit2 loads no CA certificates: tier wraps mbedTLS's loaders" {
  # Loading the system's CA bundle costs more than a whole `tier show`; tier
  # makes no TLS connection through libgit2 (core/store/git.cpp).
  strace -o /dev/null true 2>/dev/null || skip "ptrace is not permitted here"
  # LeakSanitizer cannot run under ptrace (the sanitizer build).
  run -0 env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -e trace=open,openat "$TIER_BIN" list
  # libgit2 was started: it opened the repository's files.
  [[ "$output" == *"/.git/"* ]]
  [[ "$output" != *"ca-certificates"* && "$output" != *"/etc/ssl/certs"* ]]
}
