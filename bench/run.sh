#!/usr/bin/env bash
# The benchmark: whole-process timings of tier on generated stores, against
# the targets in DESIGN.md. Usage: bench/run.sh [N...]   (default: 1000 10000 100000)
# Environment: RUNS (default 20), WARMUP (default 3), SEED (default 1),
# BUILD (default <repo>/build-bench), TIER_BIN and GEN_BIN to use other binaries.
# Stores are cached in bench/out/store-N (delete one to make it again) and
# reset to their generated commit before each run; results go to bench/out/.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/bench/out
build=${BUILD:-$root/build-bench}
runs=${RUNS:-20}
warmup=${WARMUP:-3}
seed=${SEED:-1}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)

command -v hyperfine >/dev/null || { echo "bench: hyperfine is not installed" >&2; exit 1; }
command -v python3 >/dev/null || { echo "bench: python3 is not installed" >&2; exit 1; }

# A Release build. A benchmark measures, it does not lint: warnings stay
# warnings (GCC 12 at -O3 reports false -Wrestrict positives in std::string).
if [ -z "${TIER_BIN:-}" ] || [ -z "${GEN_BIN:-}" ]; then
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTIER_WERROR=OFF -DBUILD_TESTING=OFF >/dev/null
  fi
  grep -q '^CMAKE_BUILD_TYPE:STRING=Release$' "$build/CMakeCache.txt" ||
    { echo "bench: $build is not a Release build" >&2; exit 1; }
  ninja -C "$build" tier tier-gen-store >/dev/null
fi
tier=${TIER_BIN:-$build/tier}
gen=${GEN_BIN:-$build/bench/tier-gen-store}

# The same conditions every time: UTC, C locale, no user or system git config.
export TZ=UTC LC_ALL=C GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null NO_COLOR=1
export TIER_AGENT=alice@example.edu
unset TIER_DIR TIER_NOW

mkdir -p "$out/json"
peak_mb() {  # peak resident set of a command, in MB (GNU time's "Maximum resident set size")
  local f=$out/.rss
  /usr/bin/time -f '%M' -o "$f" "$@" >/dev/null 2>&1
  python3 -c "print(f'{int(open(\"$f\").read().split()[-1]) / 1024:.1f}')"
  rm -f "$f"
}

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
  # Back to the generated commit: earlier runs created tickets.
  git reset -q --hard "$(git rev-list --max-parents=0 HEAD)"
  rm -f bench-probe.txt
  mkdir -p .git/tier
  id=$(git ls-files 'tickets/*' | sed -n "$(( (n + 1) / 2 ))p" | sed 's#.*/##; s#\.toml$##')
  echo "== $n tickets in $store (show $id)" >&2

  hf=(hyperfine --style basic --shell=none --warmup "$warmup" --runs "$runs")
  "${hf[@]}" --export-json "$out/json/$n-create.json" -n create \
    "$tier create --title 'Printer in B12 jams' --email dana.ruiz@milne.example.edu --category printing"
  "${hf[@]}" --export-json "$out/json/$n-show.json" -n show "$tier show $id"
  "${hf[@]}" --export-json "$out/json/$n-list-warm.json" -n list-warm \
    "$tier list --status open --group service-desk"
  cold_runs=$runs
  [ "$n" -lt 100000 ] || cold_runs=$(( runs < 10 ? runs : 10 ))
  hyperfine --style basic --shell=none --warmup 1 --runs "$cold_runs" \
    --prepare 'rm -f .git/tier/cache.sqlite .git/tier/cache.sqlite-wal .git/tier/cache.sqlite-shm' \
    --export-json "$out/json/$n-list-cold.json" -n list-cold "$tier list --status open --group service-desk"
  # The floor: git itself adding one new entry to the same index.
  hyperfine --style basic --shell=none --warmup "$warmup" --runs "$runs" \
    --prepare 'sh -c "git rm -q --cached --ignore-unmatch bench-probe.txt; date +%s%N >bench-probe.txt"' \
    --export-json "$out/json/$n-update-index.json" -n update-index "git update-index --add bench-probe.txt"
  git rm -q --cached --ignore-unmatch bench-probe.txt
  rm -f bench-probe.txt

  "$tier" list --status open --group service-desk >/dev/null  # warm
  rss_warm=$(peak_mb "$tier" list --status open --group service-desk)
  rm -f .git/tier/cache.sqlite .git/tier/cache.sqlite-wal .git/tier/cache.sqlite-shm
  rss_cold=$(peak_mb "$tier" list --status open --group service-desk)
  printf '%s %s %s\n' "$n" "$rss_warm" "$rss_cold" >"$out/rss-$n.txt"
  index_mb=$(python3 -c "import os; print(f'{os.path.getsize(\".git/index\")/1e6:.1f}')")
  printf '%s %s\n' "$n" "$index_mb" >"$out/index-$n.txt"
  git reset -q --hard "$(git rev-list --max-parents=0 HEAD)"
  cd "$root"
done

# The table: medians in ms, per store size.
python3 - "$out" "${sizes[@]}" <<'EOF' | tee "$out/results.md"
import json, os, sys
out, sizes = sys.argv[1], sys.argv[2:]
def median(n, name):
    path = os.path.join(out, "json", f"{n}-{name}.json")
    return json.load(open(path))["results"][0]["median"] * 1000
def read(name, n):
    path = os.path.join(out, f"{name}-{n}.txt")
    return open(path).read().split()[1:] if os.path.exists(path) else None
print("| tickets | create | show | list (warm) | list (cold) | git update-index | create / update-index | list peak RSS warm / cold (MB) | index (MB) | generate (s) |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for n in sizes:
    c, s, w, k, u = (median(n, x) for x in ("create", "show", "list-warm", "list-cold", "update-index"))
    rss = read("rss", n) or ["?", "?"]
    idx = (read("index", n) or ["?"])[0]
    gen = (read("gen", n) or ["(cached)"])[0]
    print(f"| {int(n):,} | {c:.1f} | {s:.1f} | {w:.1f} | {k:.0f} | {u:.1f} | {c / u:.2f}x | {rss[0]} / {rss[1]} | {idx} | {gen} |")
EOF
