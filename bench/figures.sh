#!/usr/bin/env bash
# The figures: whole-process timings of `tier stats` and `tier report` on a
# generated store, against DESIGN.md's targets (stats under 100 ms with the
# cache warm, the report under 1 s), without and with business hours.
# Usage: bench/figures.sh [N]   (default 100000)
# Environment: RUNS (default 20), WARMUP (default 3), SEED (default 1),
# BUILD (default <repo>/build-bench), TIER_BIN and GEN_BIN as in bench/run.sh.
# The store is bench/out/store-N (made as bench/run.sh makes it, and shared
# with it), reset to its generated commit before and after; the tables go
# to bench/out/figures-N.md, hyperfine's JSON to bench/out/json/.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/bench/out
build=${BUILD:-$root/build-bench}
runs=${RUNS:-20}
warmup=${WARMUP:-3}
seed=${SEED:-1}
n=${1:-100000}

for tool in hyperfine python3; do
  command -v "$tool" >/dev/null || { echo "bench: '$tool' is not installed" >&2; exit 1; }
done
if [ -z "${TIER_BIN:-}" ] || [ -z "${GEN_BIN:-}" ]; then
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  grep -q '^CMAKE_BUILD_TYPE:STRING=Release$' "$build/CMakeCache.txt" ||
    { echo "bench: '$build' is not a Release build" >&2; exit 1; }
  ninja -C "$build" tier tier-gen-store >/dev/null
fi
tier=${TIER_BIN:-$build/tier}
gen=${GEN_BIN:-$build/bench/tier-gen-store}

export TZ=UTC LC_ALL=C GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null NO_COLOR=1
export TIER_AGENT=alice@example.edu
# The generated tickets were created in the 180 days before this.
export TIER_NOW=2026-11-23T00:00:00Z
unset TIER_DIR

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
cd "$store"
first=$(git rev-list --max-parents=0 HEAD)
git reset -q --hard "$first"
trap 'git -C "$store" reset -q --hard "$first"' EXIT

report=$out/report-$n.html
commands=(
  "stats:$tier stats"
  "stats-json:$tier stats --json"
  "stats-agent:$tier stats --by agent"
  "stats-week:$tier stats --by week --since 90d --json"
  "report:$tier -q report --html $report"
  "report-180d:$tier -q report --html $report --since 180d"
)
hf=(hyperfine --style basic --shell=none --warmup "$warmup" --runs "$runs")
measure() {  # measure SUFFIX: every command, the cache warm
  "$tier" stats >/dev/null
  for c in "${commands[@]}"; do
    "${hf[@]}" --export-json "$out/json/$n-${c%%:*}$1.json" -n "${c%%:*}$1" "${c#*:}"
  done
}

load=$(cut -d' ' -f1 /proc/loadavg)
measure ""
# The same with business hours for every ticket (a working week in New York,
# two holidays): working time is counted by the calendar.
cat >>.tier/config.toml <<'EOF'

[hours]
days = ["mon", "tue", "wed", "thu", "fri"]
start = "08:00"
end = "18:00"
timezone = "America/New_York"
holidays = [2026-07-03, 2026-09-07, 2026-11-26]
EOF
git -c user.name=bench -c user.email=it-admin@example.edu commit -q -a -m "bench: business hours"
measure "-hours"
size=$(stat -c %s "$report")

python3 - "$out" "$n" "$load" "$size" "${commands[@]}" <<'EOF' | tee "$out/figures-$n.md"
import json, os, sys
out, n, load, size, commands = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5:]
def result(name):
    with open(os.path.join(out, "json", f"{n}-{name}.json")) as f:
        return json.load(f)["results"][0]
print(f"{int(n):,} tickets, cache warm, load average {load} at the start; the report of 180 days is {size / 1e3:.0f} kB.\n")
print("| command | median (ms) | CPU (ms) | with [hours]: median (ms) | CPU (ms) |")
print("|---|---:|---:|---:|---:|")
for c in commands:
    name, line = c.split(":", 1)
    a, b = result(name), result(name + "-hours")
    shown = "tier " + line.split(" ", 1)[1].replace(f"{out}/report-{n}.html", "report.html")
    print(f"| `{shown}` | {a['median'] * 1000:.1f} | {(a['user'] + a['system']) * 1000:.1f} "
          f"| {b['median'] * 1000:.1f} | {(b['user'] + b['system']) * 1000:.1f} |")
EOF
