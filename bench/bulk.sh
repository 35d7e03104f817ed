#!/usr/bin/env bash
# Bulk output and first runs: export and list of every ticket against
# `git archive` of the same blobs, list --limit 50 against `git rev-parse`,
# peak memory of list, export and a JSON import, and the first search and
# report on a store whose cache was deleted.
# Usage: bench/bulk.sh [N...]   (default: 10000 100000)
# Environment: RUNS (default 20), WARMUP (default 3), COLD_RUNS (default 3),
# BUILD (default <repo>/build-bench), TIER_BIN to time another binary,
# BASE_BIN to time an older binary beside it (its "before" figures), IMPORT=0
# to skip the import, COLD=0 to skip the first runs (cache deleted). Stores come from bench/run.sh's cache (bench/out/store-N,
# generated here when missing); the results go to bench/out/bulk-results.md
# and bench/out/json/bulk-*.json.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/bench/out
build=${BUILD:-$root/build-bench}
runs=${RUNS:-20}
warmup=${WARMUP:-3}
cold_runs=${COLD_RUNS:-3}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)

for tool in hyperfine python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: '$tool' is not installed" >&2; exit 1; }
done

if [ -z "${TIER_BIN:-}" ]; then
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTIER_WERROR=OFF >/dev/null
  fi
  grep -q '^CMAKE_BUILD_TYPE:STRING=Release$' "$build/CMakeCache.txt" ||
    { echo "bench: '$build' is not a Release build" >&2; exit 1; }
  if ! log=$(ninja -C "$build" tier tier-gen-store 2>&1); then
    printf '%s\n' "$log" >&2
    exit 1
  fi
fi
tier=${TIER_BIN:-$build/tier}
gen=${GEN_BIN:-$build/bench/tier-gen-store}
base=${BASE_BIN:-}

export TZ=UTC LC_ALL=C GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null NO_COLOR=1
export TIER_AGENT=alice@example.edu
unset TIER_DIR TIER_NOW TIER_PROGRESS_DELAY

mkdir -p "$out/json"
exec 9>"$out/.lock"
flock -n 9 || { echo "bench: another run is in progress ($out/.lock)" >&2; exit 1; }

drop_cache='rm -f .git/tier/cache.sqlite .git/tier/cache.sqlite-wal .git/tier/cache.sqlite-shm .git/tier/cache.sqlite-journal'

# Peak memory of a command, in MB: the resident set GNU time reports, and
# the peak of its anonymous part (heap and stacks; what the pack files and
# the libraries mapped from disk leave out), sampled every 5 ms from
# /proc/PID/status.
peak() {
  local f=$out/.rss
  /usr/bin/time -f '%M' -o "$f" "$@" >/dev/null 2>&1 &
  local timer=$! pid="" anon=0 a
  # The command is the time process's child.
  for _ in $(seq 200); do
    pid=$(pgrep -P "$timer" | head -n1 || true)
    [ -n "$pid" ] && break
    sleep 0.005
  done
  while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; do
    a=$(awk '/^RssAnon:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
    [ -n "$a" ] && [ "$a" -gt "$anon" ] && anon=$a
    sleep 0.005
  done
  wait "$timer" || true
  awk -v anon="$anon" '{ printf "%.1f %.1f\n", $1 / 1024, anon / 1024 }' "$f"
  rm -f "$f"
}

: >"$out/bulk-rss.txt"
: >"$out/bulk-import.txt"
for n in "${sizes[@]}"; do
  store=$out/store-$n
  if [ ! -d "$store/.git" ]; then
    echo "== generating a store of $n tickets" >&2
    rm -rf "$store.tmp"
    "$gen" "$store.tmp" "$n" --seed 1
    mv "$store.tmp" "$store"
  fi
  cd "$store"
  first=$(git rev-list --max-parents=0 HEAD)
  git reset -q --hard "$first"
  "$tier" list --limit 1 >/dev/null   # a warm cache
  load=$(cut -d' ' -f1 /proc/loadavg)
  echo "== $n tickets, load $load" >&2
  printf '%s %s\n' "$n" "$load" >"$out/bulk-load-$n.txt"

  # Bulk output, in one hyperfine run so that the ratios share the load.
  cmds=(-n "git archive" "git archive HEAD tickets"
        -n "export" "$tier export" -n "export csv" "$tier export --format csv"
        -n "list ids" "$tier list --format ids" -n "list" "$tier list"
        -n "list --limit 50" "$tier list --limit 50"
        -n "list open sd --limit 50" "$tier list --status open --group service-desk --limit 50"
        -n "git rev-parse" "git rev-parse HEAD" -n "tier --version" "$tier --version")
  if [ -n "$base" ]; then
    cmds+=(-n "before: export" "$base export" -n "before: export csv" "$base export --format csv"
           -n "before: list" "$base list" -n "before: list --limit 50" "$base list --limit 50")
  fi
  hyperfine --style basic --shell=none --warmup "$warmup" --runs "$runs" \
    --export-json "$out/json/bulk-$n.json" "${cmds[@]}"

  for args in "list" "list --format ids" "list --format json" "export" "export --format csv"; do
    # shellcheck disable=SC2086
    printf '%s|%s|%s\n' "$n" "$args" "$(peak "$tier" $args)" >>"$out/bulk-rss.txt"
    # shellcheck disable=SC2086
    [ -z "$base" ] || printf '%s|%s|%s\n' "$n" "before: $args" "$(peak "$base" $args)" >>"$out/bulk-rss.txt"
  done
  printf '%s|%s|%s\n' "$n" "git archive HEAD tickets" "$(peak git archive HEAD tickets)" >>"$out/bulk-rss.txt"

  # First runs: the cache deleted before each.
  cold=(-n "search (cold)" "$tier search printer" -n "stats (cold)" "$tier stats"
        -n "list --limit 50 (cold)" "$tier list --limit 50")
  if [ -n "$base" ]; then
    cold+=(-n "before: search (cold)" "$base search printer" -n "before: stats (cold)" "$base stats")
  fi
  if [ "${COLD:-1}" != 0 ]; then
    hyperfine --style basic --shell=none --warmup 0 --runs "$cold_runs" --prepare "sh -c '$drop_cache'" \
      --export-json "$out/json/bulk-cold-$n.json" "${cold[@]}"
    "$tier" list --limit 1 >/dev/null
  else
    rm -f "$out/json/bulk-cold-$n.json"
  fi

  if [ "${IMPORT:-1}" != 0 ]; then
    # A JSON import of the whole store into a new one with the same policy.
    json=$out/.export-$n.json
    "$tier" export >"$json"
    for bin in "$tier" ${base:+"$base"}; do
      dest=$out/.import-$n
      rm -rf "$dest"
      "$bin" init -q --example "$dest"
      cp .tier/config.toml "$dest/.tier/config.toml"
      git -C "$dest" diff --quiet || git -C "$dest" commit -q -am "the benchmark store's policy"
      f=$out/.import-time
      # Entries are checked against the clock (clock-skew): a fixed one.
      (cd "$dest" && TIER_NOW=2026-12-01T00:00:00Z /usr/bin/time -f '%e %M' -o "$f" "$bin" -q import "$json" >/dev/null)
      printf '%s|%s|%s\n' "$n" "$([ "$bin" = "$tier" ] && echo after || echo before)" "$(cat "$f")" \
        >>"$out/bulk-import.txt"
      rm -rf "$dest" "$f"
    done
    rm -f "$json"
  fi
  git reset -q --hard "$first"
  cd "$root"
done

python3 - "$out" "${sizes[@]}" <<'EOF' | tee "$out/bulk-results.md"
import json, os, sys
out, sizes = sys.argv[1], sys.argv[2:]
def results(name):
    with open(os.path.join(out, "json", name)) as f:
        return {r["command"]: r for r in json.load(f)["results"]}
def cpu(r): return (r["user"] + r["system"]) * 1000
for n in sizes:
    load = open(os.path.join(out, f"bulk-load-{n}.txt")).read().split()[1]
    r = results(f"bulk-{n}.json")
    print(f"\n{int(n):,} tickets, load average {load} at the start:\n")
    print("| command | median wall (ms) | CPU (ms) | wall / git archive | wall / git rev-parse |")
    print("|---|---:|---:|---:|---:|")
    ga, rp = r["git archive"]["median"], r["git rev-parse"]["median"]
    for name, x in r.items():
        print(f"| {name} | {x['median'] * 1000:.1f} | {cpu(x):.1f} | {x['median'] / ga:.2f} | {x['median'] / rp:.1f} |")
    if os.path.exists(os.path.join(out, "json", f"bulk-cold-{n}.json")):
        c = results(f"bulk-cold-{n}.json")
        print("\n| first run, cache deleted | median wall (s) | CPU (s) |")
        print("|---|---:|---:|")
        for name, x in c.items():
            print(f"| {name} | {x['median']:.2f} | {cpu(x) / 1000:.2f} |")
print("\nPeak memory (MB): resident set (GNU time), and its anonymous part (heap):\n")
print("| tickets | command | peak RSS | peak anonymous |")
print("|---:|---|---:|---:|")
for line in open(os.path.join(out, "bulk-rss.txt")):
    n, args, vals = line.rstrip("\n").split("|")
    rss, anon = vals.split()
    print(f"| {int(n):,} | {args} | {rss} | {anon} |")
lines = open(os.path.join(out, "bulk-import.txt")).read().split("\n")
if any(lines):
    print("\nJSON import of the whole store into a new one:\n")
    print("| tickets | binary | wall (s) | peak RSS (MB) |")
    print("|---:|---|---:|---:|")
    for line in filter(None, lines):
        n, which, vals = line.split("|")
        wall, kb = vals.split()
        print(f"| {int(n):,} | {which} | {float(wall):.1f} | {int(kb) / 1024:.0f} |")
EOF
