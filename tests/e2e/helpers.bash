# Shared by every tests/e2e/*.bats file (`load helpers`).
#
# Each test runs in its own $BATS_TEST_TMPDIR with its own HOME and git
# config, so nothing of the machine it runs on (a global git config, a
# colour setting, the time zone, TIER_DIR) can change what `tier` prints.

bats_require_minimum_version 1.5.0

# The binary under test: $TIER_BIN (CTest sets it), else the default build.
if [[ -z "${TIER_BIN:-}" ]]; then
  TIER_BIN="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)/build/tier"
fi
export TIER_BIN

E2E_DIR="$BATS_TEST_DIRNAME"
GOLDEN_DIR="$BATS_TEST_DIRNAME/golden"
FIXTURE_DIR="$BATS_TEST_DIRNAME/fixtures"

tier() {
  "$TIER_BIN" "$@"
}

# Debian's python3, the one scripts/deps.sh installs (with selenium), not
# whatever comes first on PATH: a version manager's shim there is a shell
# script that runs a dozen processes before Python starts.
python3() {
  /usr/bin/python3 "$@"
}

# The isolation every test gets; a file with a setup of its own calls it first.
tier_setup() {
  [[ -x "$TIER_BIN" ]] || {
    echo "no tier binary at '$TIER_BIN': build it, or set TIER_BIN" >&2
    return 1
  }
  cd "$BATS_TEST_TMPDIR" || return 1
  export HOME="$BATS_TEST_TMPDIR/home"
  mkdir -p "$HOME"
  export GIT_CONFIG_NOSYSTEM=1
  export GIT_CONFIG_GLOBAL="$HOME/.gitconfig"
  cat >"$GIT_CONFIG_GLOBAL" <<'EOF'
[user]
	name = Test Runner
	email = runner@example.invalid
[init]
	defaultBranch = main
[advice]
	detachedHead = false
EOF
  export TZ=UTC LC_ALL=C NO_COLOR=1
  # In the TIER_SANITIZE build: leaks of the system's libgit2, not tier's.
  export LSAN_OPTIONS="suppressions=$E2E_DIR/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
  export TIER_AGENT=alice@example.edu
  unset TIER_NOW TIER_DIR VISUAL GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
  unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_AUTHOR_DATE
  unset GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL GIT_COMMITTER_DATE
  unset COLUMNS PAGER TIER_PAGER LESS
  # git's fake_editor: writes $FAKE_EDITOR_TEXT into the file it is given,
  # and fails when there is none, so that nothing ever waits on a person.
  cat >"$BATS_TEST_TMPDIR/fake-editor" <<'EOF'
#!/bin/sh
[ -n "$FAKE_EDITOR_TEXT" ] || exit 1
printf '%s\n' "$FAKE_EDITOR_TEXT" >"$1"
EOF
  chmod +x "$BATS_TEST_TMPDIR/fake-editor"
  export EDITOR="$BATS_TEST_TMPDIR/fake-editor"
}

setup() {
  tier_setup
}

# A store with `tier init --example` in $BATS_TEST_TMPDIR/store (or $1), and
# the current directory there.
new_store() {
  local dir="${1:-$BATS_TEST_TMPDIR/store}"
  tier init -q --example "$dir" || return 1
  cd "$dir" || return 1
}

# A shared bare repository ($BATS_TEST_TMPDIR/server.git) made from a new
# store, and two clones of it, $BATS_TEST_TMPDIR/a and $BATS_TEST_TMPDIR/b.
# The current directory stays where it was.
new_team() {
  (new_store "$BATS_TEST_TMPDIR/seed") || return 1
  git clone -q --bare "$BATS_TEST_TMPDIR/seed" "$BATS_TEST_TMPDIR/server.git" || return 1
  git clone -q "$BATS_TEST_TMPDIR/server.git" "$BATS_TEST_TMPDIR/a" || return 1
  git clone -q "$BATS_TEST_TMPDIR/server.git" "$BATS_TEST_TMPDIR/b" || return 1
  rm -rf "$BATS_TEST_TMPDIR/seed"
}

# The path of a ticket's file in the store, from its id (prefix "T").
ticket_file() {
  local body="${1#*-}"
  echo "tickets/${body:0:2}/$1.toml"
}

# Commits everything in the work tree by hand, as a person with git would.
commit_by_hand() {
  git add -A && git commit -q -m "${1:-by hand}"
}

# The number of commits on the branch.
commit_count() {
  git rev-list --count HEAD
}

# The number of log entries of a ticket, of one event or of all, as committed.
entry_count() {
  local id="$1" event="${2:-}"
  local text
  text="$(git show "HEAD:$(ticket_file "$id")")" || return 1
  if [[ -n "$event" ]]; then
    grep -c "^event = \"$event\"\$" <<<"$text" || true
  else
    grep -c '^\[\[log\]\]$' <<<"$text" || true
  fi
}

# Copies the tickets of tests/e2e/fixtures/<name>/ into the store and commits
# them by hand.
load_fixture() {
  cp -R "$FIXTURE_DIR/$1/tickets" . && commit_by_hand "fixture $1"
}

# new_store plus load_fixture <name>, made once per .bats file and copied
# for each test (a copy costs less than an init and a commit).
new_store_with_fixture() {
  local template="$BATS_FILE_TMPDIR/fixture-$1"
  if [[ ! -d "$template" ]]; then
    (new_store "$template.tmp" && load_fixture "$1") || return 1
    mv "$template.tmp" "$template"
  fi
  cp -a "$template" "$BATS_TEST_TMPDIR/store" && cd "$BATS_TEST_TMPDIR/store"
}

# Compares $output (or the variable named by $1) with the text on stdin; on a
# difference, shows it as `diff -u expected actual` and fails.
expect_output() {
  local name="${1:-output}" expected
  expected="$(cat)"
  if [[ "${!name}" != "$expected" ]]; then
    diff -u --label expected --label "$name" <(printf '%s\n' "$expected") <(printf '%s\n' "${!name}")
    return 1
  fi
}

expect_stderr() {
  expect_output stderr
}

# Compares $output with tests/e2e/golden/<name>.out; TIER_UPDATE_GOLDEN=1
# rewrites the file instead, for review with git diff.
expect_golden() {
  local file="$GOLDEN_DIR/$1.out"
  if [[ -n "${TIER_UPDATE_GOLDEN:-}" ]]; then
    mkdir -p "$GOLDEN_DIR"
    printf '%s\n' "$output" >"$file"
    return 0
  fi
  [[ -f "$file" ]] || {
    echo "no golden file '$file': run with TIER_UPDATE_GOLDEN=1" >&2
    return 1
  }
  expect_output <"$file"
}

# Fails unless the work tree and the index are exactly the branch's commit.
expect_clean_status() {
  local status
  status="$(git status --porcelain --untracked-files=all)"
  if [[ -n "$status" ]]; then
    echo "git status is not clean:" >&2
    echo "$status" >&2
    return 1
  fi
}

# Fails unless the string is valid JSON.
expect_json() {
  python3 -c 'import json, sys; json.loads(sys.argv[1])' "$1"
}

# Fails unless every line of the string is a JSON value.
expect_ndjson() {
  python3 -c '
import json, sys
for line in sys.argv[1].split("\n"):
    json.loads(line)
' "$1"
}

# The shared setup of sync, hooks and race tests: new_team's layout with the
# hooks on. `tier init --example` in $BATS_TEST_TMPDIR/seed, its main pushed
# to a new bare $BATS_TEST_TMPDIR/server.git with the server's hooks
# (pre-receive, post-receive), and two clones, a and b, with the client hooks
# (pre-commit, pre-push, the merge driver). The example policy has
# sync.auto = true and remote origin: every changing command in a or b pulls
# first and pushes before it succeeds. The current directory stays where it was.
new_hooked_team() {
  local dir="$BATS_TEST_TMPDIR"
  tier init -q --example "$dir/seed" || return 1
  git init -q --bare -b main "$dir/server.git" || return 1
  git -C "$dir/seed" push -q "$dir/server.git" main || return 1
  tier -C "$dir/server.git" -q hooks install --server || return 1
  git clone -q "$dir/server.git" "$dir/a" || return 1
  git clone -q "$dir/server.git" "$dir/b" || return 1
  tier -C "$dir/a" -q hooks install || return 1
  tier -C "$dir/b" -q hooks install
}

# Prints header fields of a ticket, from `tier show ID --json`, one
# `key=value` a line in the order asked; a string as it is, a number as a
# number, a list or an object as JSON, a missing value as null.
# `ticket_fields ID status assignee` -> `status=open` `assignee=bob@...`.
# Extra tier options (`-C DIR`) go before the id: `ticket_fields -C a ID status`.
ticket_fields() {
  local opts=()
  while [[ "$1" == -* ]]; do
    opts+=("$1" "$2")
    shift 2
  done
  local id="$1"
  shift
  tier "${opts[@]}" show "$id" --json | python3 -c '
import json, sys
t = json.load(sys.stdin)
for key in sys.argv[1:]:
    v = t.get(key)
    if v is None:
        v = "null"
    elif not isinstance(v, str):
        v = json.dumps(v)
    print("%s=%s" % (key, v))
' "$@"
}

# new_hooked_team made once per .bats file and copied for each test (a copy
# costs less than an init, two clones and the pushes of a prepared story).
# $1, if given, is a function run once in the new team's directory to add
# to it (what it prints to stdout is kept in the file `prepared`, for the
# tests to read). The clones' origin is pointed at the copy's own server.git.
new_hooked_team_cached() {
  local template="$BATS_FILE_TMPDIR/team${1:+-$1}"
  if [[ ! -d "$template" ]]; then
    rm -rf "$template.tmp"
    mkdir -p "$template.tmp"
    (
      BATS_TEST_TMPDIR="$template.tmp"
      cd "$BATS_TEST_TMPDIR" && new_hooked_team || exit 1
      if [[ -n "${1:-}" ]]; then "$1" >prepared || exit 1; fi
    ) || return 1
    # The origin of the clones is set per copy, so the template can move.
    mv "$template.tmp" "$template"
  fi
  cp -a "$template/." "$BATS_TEST_TMPDIR/" || return 1
  git -C "$BATS_TEST_TMPDIR/a" remote set-url origin "$BATS_TEST_TMPDIR/server.git" &&
    git -C "$BATS_TEST_TMPDIR/b" remote set-url origin "$BATS_TEST_TMPDIR/server.git"
}
