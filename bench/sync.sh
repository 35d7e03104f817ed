#!/usr/bin/env bash
# The benchmark of sharing a store, against the targets in DESIGN.md: the
# server's pre-receive check of a push of CHANGES ticket changes, and `tier
# sync` of CHANGES local and CHANGES remote changes.
# Usage: bench/sync.sh [N]   (default: 100000 tickets)
# Environment: CHANGES (default 1000), SHARED (of B's changes, how many are on
# tickets A changed too; default 100), RUNS (default 10), WARMUP (default 1),
# SEED, BUILD, TIER_BIN, GEN_BIN as for bench/run.sh.
#
# In bench/out/sync-N (made once, kept; delete it to make it again): a bare
# server (a clone of bench/out/store-N, with `tier hooks install --server`)
# and two clones, a and b. In a, CHANGES commits, one private note each on
# CHANGES different tickets; in b, CHANGES notes, SHARED of them on tickets a
# changed too (those merge entry by entry) and the rest on others. Timed:
#   push: `git push` of a's commits to the server, whose pre-receive hook
#         checks every one (the server's branch is put back before each run);
#   check: the server's `tier hook pre-receive` alone, fed the same ref update;
#   sync: `tier sync` in b: fetch a's commits, merge, push the merge (checked
#         by the hook again: CHANGES + 1 commits); b, its remote-tracking ref
#         and the server are put back before each run.
# Results: bench/out/sync-results.md and bench/out/json/N-{push,check,sync}.json.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/bench/out
build=${BUILD:-$root/build-bench}
n=${1:-100000}
changes=${CHANGES:-1000}
shared=${SHARED:-100}
runs=${RUNS:-10}
warmup=${WARMUP:-1}
seed=${SEED:-1}

for tool in hyperfine git; do
  command -v "$tool" >/dev/null || { echo "bench: '$tool' is not installed" >&2; exit 1; }
done
if [ -z "${TIER_BIN:-}" ] || [ -z "${GEN_BIN:-}" ]; then
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  ninja -C "$build" tier tier-gen-store >/dev/null
fi
tier=${TIER_BIN:-$build/tier}
gen=${GEN_BIN:-$build/bench/tier-gen-store}

export TZ=UTC LC_ALL=C GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null NO_COLOR=1
export TIER_AGENT=alice@example.edu
export GIT_AUTHOR_NAME=alice GIT_AUTHOR_EMAIL=alice@example.edu GIT_COMMITTER_NAME=alice GIT_COMMITTER_EMAIL=alice@example.edu
unset TIER_DIR TIER_NOW

mkdir -p "$out/json"
exec 9>"$out/.lock"
flock -n 9 || { echo "bench: another run is in progress ($out/.lock)" >&2; exit 1; }

store=$out/store-$n
if [ ! -d "$store/.git" ]; then
  echo "== generating a store of $n tickets" >&2
  rm -rf "$store.tmp"
  "$gen" "$store.tmp" "$n" --seed "$seed"
  mv "$store.tmp" "$store"
fi
first=$(git -C "$store" rev-list --max-parents=0 HEAD)

work=$out/sync-$n
if [ ! -f "$work/ready" ]; then
  echo "== making the server, two clones and $changes + $changes changes in $work" >&2
  rm -rf "$work"
  mkdir -p "$work"
  git clone -q --bare "$store" "$work/server.git"
  git -C "$work/server.git" update-ref refs/heads/main "$first"
  (cd "$work/server.git" && "$tier" -q hooks install --server)
  git clone -q "$work/server.git" "$work/a"
  git clone -q "$work/server.git" "$work/b"
  # Tickets spread over the store: a takes the first CHANGES, b the last
  # SHARED of those and CHANGES - SHARED others.
  # (open tickets: a closed one is read-only)
  (cd "$store" && "$tier" list --status open --format ids) | sort >"$work/open"
  awk -v step=$(( $(wc -l <"$work/open") / (2 * changes) )) 'NR % step == 0' "$work/open" |
    head -n $(( 2 * changes - shared )) >"$work/ids"
  head -n "$changes" "$work/ids" >"$work/ids-a"
  { sed -n "$(( changes - shared + 1 )),${changes}p" "$work/ids"; tail -n +$(( changes + 1 )) "$work/ids"; } >"$work/ids-b"
  start=$(date +%s)
  (cd "$work/a" && while read -r id; do "$tier" -q --no-sync comment "$id" --private -m "note from a on $id"; done <"$work/ids-a")
  (cd "$work/b" && while read -r id; do "$tier" -q --no-sync comment "$id" --private -m "note from b on $id"; done <"$work/ids-b")
  echo "   $(( 2 * changes )) comments in $(( $(date +%s) - start )) s" >&2
  git -C "$work/a" rev-parse HEAD >"$work/head-a"
  git -C "$work/b" rev-parse HEAD >"$work/head-b"
  touch "$work/ready"
fi
head_a=$(cat "$work/head-a")
head_b=$(cat "$work/head-b")
server=$work/server.git
load=$(cut -d' ' -f1 /proc/loadavg)
echo "== $n tickets: push $changes commits, sync $changes local and $changes remote, load $load" >&2

hf=(hyperfine --style basic --shell=none --warmup "$warmup" --runs "$runs")
cd "$work/a"
"${hf[@]}" --export-json "$out/json/$n-push.json" -n push \
  --prepare "git -C $server update-ref refs/heads/main $first" \
  "git push -q origin main"
git -C "$server" update-ref refs/heads/main "$head_a"
# The check alone, without git's transport: the hook as receive-pack runs
# it, on the same ref update (the objects are in the server by now).
echo "$first $head_a refs/heads/main" >"$work/pre-receive.in"
cd "$server"
hyperfine --style basic --warmup "$warmup" --runs "$runs" --export-json "$out/json/$n-check.json" -n check \
  "$tier hook pre-receive <$work/pre-receive.in"
rss=$(/usr/bin/time -f %M "$tier" hook pre-receive <"$work/pre-receive.in" 2>&1 >/dev/null | tail -n1)

cd "$work/b"
# b's own state (branch, work tree, index, what it knows of the remote) and
# the server's branch, as before the first sync.
"${hf[@]}" --export-json "$out/json/$n-sync.json" -n sync \
  --prepare "sh -c 'git -C $server update-ref refs/heads/main $head_a && git reset -q --hard $head_b && git update-ref -d refs/tier/remote/main; git update-ref refs/remotes/origin/main $first'" \
  "$tier -q sync"
"$tier" -q sync
merged=$(git log -1 --format=%s)
entries=$(git diff --stat "$head_b" HEAD | tail -n1)
git -C "$server" update-ref refs/heads/main "$head_a"
git reset -q --hard "$head_b"
cd "$root"

python3 - "$out" "$n" "$changes" "$shared" "$load" "$merged" "$entries" "$rss" <<'EOF' | tee "$out/sync-results.md"
import json, os, sys
out, n, changes, shared, load, merged, entries, rss = sys.argv[1:]
def result(name):
    with open(os.path.join(out, "json", f"{n}-{name}.json")) as f:
        return json.load(f)["results"][0]
print(f"{int(n):,} tickets; {changes} changes on each side, {shared} tickets changed on both; load {load}\n")
print("| operation | median (s) | min (s) | max (s) | CPU user + sys, mean (s) | target |")
print("|---|---:|---:|---:|---:|---|")
for name, what, target in (("check", f"tier hook pre-receive of {changes} commits, alone", "under 1 s"),
                           ("push", f"git push of {changes} commits (with the pre-receive check)", "under 1 s"),
                           ("sync", f"tier sync, {changes} local + {changes} remote", "under 2 s")):
    r = result(name)
    print(f"| {what} | {r['median']:.3f} | {r['min']:.3f} | {r['max']:.3f} | {r['user'] + r['system']:.3f} | {target} |")
print(f"\nPeak memory of the check: {int(rss) / 1024:.0f} MB. The sync made: '{merged}'; {entries}.")
EOF
