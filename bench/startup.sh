#!/usr/bin/env bash
# Start-up: `tier --version`, `tier show ID` and `tier __complete ids -- PREFIX`
# against `git rev-parse HEAD` on the same store, in one hyperfine run per
# store (the ratios of medians are what to compare: the machine is shared),
# and the instructions each executes (callgrind, which load does not change).
# Usage: bench/startup.sh [N...]   (default: 10000 100000)
# Environment: RUNS (default 50), WARMUP (default 5), SEED (default 1),
# BUILD (default <repo>/build-bench), TIER_BIN and GEN_BIN to use other
# binaries, BASE_BIN: a second tier (an older build) timed in the same runs.
# Stores are those of bench/run.sh (bench/out/store-N), made when missing;
# the results go to bench/out/startup.md and bench/out/json/startup-N.json.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/bench/out
build=${BUILD:-$root/build-bench}
runs=${RUNS:-50}
warmup=${WARMUP:-5}
seed=${SEED:-1}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)

for tool in hyperfine python3 valgrind; do
  command -v "$tool" >/dev/null || { echo "bench: '$tool' is not installed" >&2; exit 1; }
done

if [ -z "${TIER_BIN:-}" ] || [ -z "${GEN_BIN:-}" ]; then
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
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
unset TIER_DIR TIER_NOW

mkdir -p "$out/json"
exec 9>"$out/.lock"
flock -n 9 || { echo "bench: another run is in progress ($out/.lock)" >&2; exit 1; }

# Instructions executed by a command, as callgrind counts them.
instructions() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

rows=$out/.startup-rows
: >"$rows"
for n in "${sizes[@]}"; do
  store=$out/store-$n
  if [ ! -d "$store/.git" ]; then
    echo "== generating a store of $n tickets" >&2
    rm -rf "$store.tmp"
    "$gen" "$store.tmp" "$n" --seed "$seed"
    mv "$store.tmp" "$store"
  fi
  cd "$store"
  first=$(git rev-list --max-parents=0 HEAD)
  git reset -q --hard "$first"
  id=$(git ls-files 'tickets/*' | sed -n "$(( (n + 1) / 2 ))p" | sed 's#.*/##; s#\.toml$##')
  # What a shell asks while the user types the id: its first three characters.
  typed=${id#*-}
  typed=${typed:0:3}
  "$tier" show "$id" >/dev/null  # the cache, warm
  load=$(cut -d' ' -f1 /proc/loadavg)
  echo "== $n tickets: show $id, __complete ids -- $typed, load $load" >&2
  cmds=("git rev-parse HEAD" "$tier --version" "$tier show $id" "$tier __complete ids -- $typed")
  names=("git rev-parse HEAD" "tier --version" "tier show ID" "tier __complete ids -- PREFIX")
  if [ -n "$base" ]; then
    cmds+=("$base --version" "$base show $id" "$base __complete ids -- $typed")
    names+=("before: tier --version" "before: tier show ID" "before: tier __complete ids -- PREFIX")
  fi
  hyperfine --style basic --shell=none --warmup "$warmup" --runs "$runs" \
    --export-json "$out/json/startup-$n.json" "${cmds[@]}" >&2
  for i in "${!cmds[@]}"; do
    # shellcheck disable=SC2086
    printf '%s\t%s\t%s\t%s\n' "$n" "$load" "${names[$i]}" "$(instructions ${cmds[$i]})" >>"$rows"
  done
  cd "$root"
done

python3 - "$out" "$rows" <<'EOF' | tee "$out/startup.md"
import json, os, sys
out, rows = sys.argv[1], sys.argv[2]
by_size = {}
for line in open(rows):
    n, load, name, instr = line.rstrip("\n").split("\t")
    by_size.setdefault(n, []).append((load, name, int(instr)))
print("| tickets | command | median (ms) | / git rev-parse | CPU (ms) | instructions | / git rev-parse | load avg |")
print("|---:|---|---:|---:|---:|---:|---:|---:|")
for n, entries in by_size.items():
    results = json.load(open(os.path.join(out, "json", f"startup-{n}.json")))["results"]
    git_median, git_instr = results[0]["median"], entries[0][2]
    for (load, name, instr), r in zip(entries, results):
        cpu = (r["user"] + r["system"]) * 1000
        print(f"| {int(n):,} | `{name}` | {r['median'] * 1000:.2f} | {r['median'] / git_median:.2f}x | {cpu:.2f} "
              f"| {instr / 1e6:.2f} M | {instr / git_instr:.1f}x | {load} |")
EOF
rm -f "$rows"
