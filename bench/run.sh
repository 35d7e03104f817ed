#!/usr/bin/env bash
# The benchmark: whole-process timings of tier on generated stores, against
# the targets in DESIGN.md. Usage: bench/run.sh [N...]   (default: 1000 10000 100000)
# Environment: RUNS (default 20), WARMUP (default 3), SEED (default 1),
# BUILD (default <repo>/build-bench), TIER_BIN and GEN_BIN to use other binaries.
# Stores are cached in bench/out/store-N (delete one to make it again) and
# reset to their generated commit before and after each run; the results go
# to bench/out/results.md and bench/out/json/.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/bench/out
build=${BUILD:-$root/build-bench}
runs=${RUNS:-20}
warmup=${WARMUP:-3}
seed=${SEED:-1}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)

for tool in hyperfine python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: '$tool' is not installed" >&2; exit 1; }
done

# A Release build. A benchmark measures, it does not lint: warnings stay
# warnings (GCC 12 at -O3 has given false -Wrestrict positives in std::string
# that the Debug and RelWithDebInfo builds never see).
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

# The same conditions every time: UTC, C locale, no user or system git config.
export TZ=UTC LC_ALL=C GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null NO_COLOR=1
export TIER_AGENT=alice@example.edu
unset TIER_DIR TIER_NOW

mkdir -p "$out/json"
# One run at a time: two would reset and time each other's stores.
exec 9>"$out/.lock"
flock -n 9 || { echo "bench: another run is in progress ($out/.lock)" >&2; exit 1; }

# Peak resident set of a command in MB: GNU time's "Maximum resident set size".
peak_mb() {
  local f=$out/.rss
  /usr/bin/time -f '%M' -o "$f" "$@" >/dev/null 2>&1
  awk '{ kb = $1 } END { printf "%.1f\n", kb / 1024 }' "$f"
  rm -f "$f"
}
drop_cache='rm -f .git/tier/cache.sqlite .git/tier/cache.sqlite-wal .git/tier/cache.sqlite-shm'
list=(list --status open --group service-desk)

for n in "${sizes[@]}"; do
  store=$out/store-$n
  if [ ! -d "$store/.git" ]; then
    echo "== generating a store of $n tickets" >&2
    rm -rf "$store.tmp"
    start=$(date +%s%N)
    "$gen" "$store.tmp" "$n" --seed "$seed"
    mv "$store.tmp" "$store"
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    printf '%s %d.%d\n' "$n" $(( ms / 1000 )) $(( ms % 1000 / 100 )) >"$out/gen-$n.txt"
  fi
  cd "$store"
  first=$(git rev-list --max-parents=0 HEAD)
  git reset -q --hard "$first"   # earlier runs created tickets
  rm -f bench-probe.txt
  id=$(git ls-files 'tickets/*' | sed -n "$(( (n + 1) / 2 ))p" | sed 's#.*/##; s#\.toml$##')
  rows=$("$tier" "${list[@]}" --format ids | wc -l)
  load=$(cut -d' ' -f1 /proc/loadavg)
  echo "== $n tickets in $store: show $id, list prints $rows rows, load $load" >&2
  printf '%s %s %s\n' "$n" "$rows" "$load" >"$out/rows-$n.txt"

  hf=(hyperfine --style basic --shell=none --warmup "$warmup" --runs "$runs")
  "${hf[@]}" --export-json "$out/json/$n-create.json" -n create \
    "$tier create --title 'Printer in B12 jams' --email dana.ruiz@milne.example.edu --category printing"
  # claim: the same new ticket, released again before each run (outside the timing).
  claim_id=$("$tier" list --status new --group service-desk --format ids | head -n1)
  "$tier" -q claim "$claim_id" >/dev/null
  "${hf[@]}" --prepare "$tier -q release $claim_id" --export-json "$out/json/$n-claim.json" -n claim \
    "$tier claim $claim_id"
  "${hf[@]}" --export-json "$out/json/$n-show.json" -n show "$tier show $id"
  "${hf[@]}" --export-json "$out/json/$n-list-warm.json" -n list-warm "$tier ${list[*]}"
  # The same query printing 20 rows: the scan without most of the output.
  "${hf[@]}" --export-json "$out/json/$n-list-limit.json" -n list-limit "$tier ${list[*]} --limit 20"
  cold_runs=$runs
  [ "$n" -lt 100000 ] || cold_runs=$(( runs < 10 ? runs : 10 ))
  hyperfine --style basic --shell=none --warmup 1 --runs "$cold_runs" --prepare "$drop_cache" \
    --export-json "$out/json/$n-list-cold.json" -n list-cold "$tier ${list[*]}"
  # The floor: git itself adding one new entry to the same index.
  hyperfine --style basic --shell=none --warmup "$warmup" --runs "$runs" \
    --prepare 'sh -c "git rm -q --cached --ignore-unmatch bench-probe.txt; date +%s%N >bench-probe.txt"' \
    --export-json "$out/json/$n-update-index.json" -n update-index "git update-index --add bench-probe.txt"
  git rm -q --cached --ignore-unmatch bench-probe.txt
  rm -f bench-probe.txt

  "$tier" "${list[@]}" >/dev/null
  rss_warm=$(peak_mb "$tier" "${list[@]}")
  $drop_cache
  rss_cold=$(peak_mb "$tier" "${list[@]}")
  printf '%s %s %s\n' "$n" "$rss_warm" "$rss_cold" >"$out/rss-$n.txt"
  git reset -q --hard "$first"
  printf '%s %s\n' "$n" "$(awk -v b="$(wc -c <.git/index)" 'BEGIN { printf "%.1f", b / 1e6 }')" >"$out/index-$n.txt"
  cd "$root"
done

# The tables: medians of wall time, and mean CPU time (user + system), which
# other load on the machine disturbs less.
python3 - "$out" "${sizes[@]}" <<'EOF' | tee "$out/results.md"
import json, os, sys
out, sizes = sys.argv[1], sys.argv[2:]
names = ("create", "claim", "show", "list-warm", "list-limit", "list-cold", "update-index")
def result(n, name):
    with open(os.path.join(out, "json", f"{n}-{name}.json")) as f:
        return json.load(f)["results"][0]
def extra(name, n, default):
    path = os.path.join(out, f"{name}-{n}.txt")
    return open(path).read().split()[1:] if os.path.exists(path) else default
heads = ("create | claim | show | list (warm) | list --limit 20 (warm) | list (cold cache) "
         "| git update-index --add | create / update-index")
print("Wall time, median (ms):\n")
print(f"| tickets | {heads} | rows listed | load avg |")
print("|---:" * 11 + "|")
for n in sizes:
    m = {x: result(n, x)["median"] * 1000 for x in names}
    rows, load = extra("rows", n, ["?", "?"])
    print(f"| {int(n):,} | {m['create']:.1f} | {m['claim']:.1f} | {m['show']:.1f} | {m['list-warm']:.1f} | {m['list-limit']:.1f} "
          f"| {m['list-cold']:.0f} | {m['update-index']:.1f} | {m['create'] / m['update-index']:.2f}x | {rows} | {load} |")
print("\nCPU time, user + system, mean (ms):\n")
print(f"| tickets | {heads} |")
print("|---:" * 9 + "|")
for n in sizes:
    c = {x: (result(n, x)["user"] + result(n, x)["system"]) * 1000 for x in names}
    print(f"| {int(n):,} | {c['create']:.1f} | {c['claim']:.1f} | {c['show']:.1f} | {c['list-warm']:.1f} | {c['list-limit']:.1f} "
          f"| {c['list-cold']:.0f} | {c['update-index']:.1f} | {c['create'] / c['update-index']:.2f}x |")
print("\nPeak memory of list, size of the index, time to generate the store:\n")
print("| tickets | list peak RSS, warm (MB) | list peak RSS, cold cache (MB) | .git/index (MB) | generation (s) |")
print("|---:" * 5 + "|")
for n in sizes:
    warm, cold = extra("rss", n, ["?", "?"])
    print(f"| {int(n):,} | {warm} | {cold} | {extra('index', n, ['?'])[0]} | {extra('gen', n, ['?'])[0]} |")
EOF
