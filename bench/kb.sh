#!/usr/bin/env bash
# The knowledge base's site: `tier kb build` of N articles (issue 16: 1,000
# under 2 s), timed with hyperfine into a fresh directory each run, and into
# the directory of the last build (the rebuild of cron) when nothing changed
# and when every page did, beside the store's tickets made by tier-gen-store.
# Usage: bench/kb.sh [ARTICLES [TICKETS]]   (default: 1000 10000)
# Environment: RUNS (default 20), WARMUP (default 2), SEED (default 1),
# BUILD (default <repo>/build-bench), TIER_BIN and GEN_BIN to use other
# binaries (then nothing is built).
# The store is made once in bench/out/kb-ARTICLES-TICKETS (git-ignored):
# tier-gen-store's tickets, then the articles, generated here (a body of
# about 2 KB of Markdown each: headings, a list, code, a link, a table of
# contents), committed by hand as a lead. Results go to bench/out/kb.md and
# bench/out/json/kb-*.json.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/bench/out
build=${BUILD:-$root/build-bench}
runs=${RUNS:-20}
warmup=${WARMUP:-2}
seed=${SEED:-1}
articles=${1:-1000}
tickets=${2:-10000}

command -v hyperfine >/dev/null || { echo "bench: 'hyperfine' is not installed" >&2; exit 1; }

if [ -z "${TIER_BIN:-}" ] || [ -z "${GEN_BIN:-}" ]; then
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  if ! log=$(ninja -C "$build" tier tier-gen-store 2>&1); then
    printf '%s\n' "$log" >&2
    exit 1
  fi
fi
tier=${TIER_BIN:-$build/tier}
gen=${GEN_BIN:-$build/bench/tier-gen-store}

export TZ=UTC LC_ALL=C GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null NO_COLOR=1
export TIER_AGENT=carol@example.edu
unset TIER_DIR TIER_NOW

mkdir -p "$out/json"
store=$out/kb-$articles-$tickets
if [ ! -d "$store/.git" ]; then
  rm -rf "$store.tmp"
  "$gen" "$store.tmp" "$tickets" --seed "$seed" >/dev/null
  mkdir -p "$store.tmp/kb"
  categories=(network printing accounts email vpn laptops phones software printing-3d security storage video)
  words=(certificate driver profile router tray toner password mailbox tunnel battery screen licence
    firmware cable dock badge quota backup camera headset)
  for ((i = 0; i < articles; i++)); do
    c1=${categories[i % ${#categories[@]}]}
    c2=${categories[(i * 7 + 3) % ${#categories[@]}]}
    w1=${words[i % ${#words[@]}]}
    w2=${words[(i * 3 + 1) % ${#words[@]}]}
    w3=${words[(i * 11 + 5) % ${#words[@]}]}
    {
      printf '+++\ntitle = "How to fix the %s %s, case %d"\nstatus = "published"\n' "$w1" "$w2" "$i"
      printf 'categories = ["%s", "%s"]\nkeywords = ["%s", "%s", "k%d"]\n' "$c1" "$c2" "$w1" "$w3" "$i"
      printf 'tickets = ["T-%08d"]\nupdated = 2026-11-23T10:00:00Z\n+++\n\n' "$i"
      printf '## Problem\n\nThe %s stops working after the %s is changed; users see error %d in the\n' "$w1" "$w2" "$((i * 37 % 1000))"
      printf 'event log, and the %s reports nothing. It happens on *every* machine of the\nfloor, wired or wireless, and **only** after a restart.\n\n' "$w3"
      printf '## What to try first\n\n1. Restart the %s and wait two minutes.\n2. Unplug the %s, then plug it in again.\n' "$w1" "$w2"
      printf '3. Check that the %s is the one of the floor plan, not a guest one.\n4. Look at the status page of the %s.\n\n' "$w3" "$c1"
      printf '## Fix\n\nRun this in a terminal as an administrator:\n\n```\nipconfig /release\nipconfig /renew\nnetsh %s reset %d\n```\n\n' "$w1" "$i"
      printf 'Then open the settings of the %s, choose *Forget*, and join again with your\naccount. The %s asks for the %s once; say yes.\n\n' "$w2" "$w3" "$w1"
      printf '| step | time |\n|---|---|\n| restart | 2 min |\n| renew | 1 min |\n\n'
      printf '> If the %s still fails, write to the help desk with the error number and\n> the name of the machine: it goes to tier 2 with what you tried.\n\n' "$w1"
      printf 'See also the [status page](https://status.example.edu/%s) and the guide to the\n%s in the staff handbook, chapter %d. <b>Raw HTML</b> is shown as text.\n' "$c1" "$c2" "$((i % 40 + 1))"
    } >"$store.tmp/kb/article-$i.md"
  done
  git -C "$store.tmp" add kb
  git -C "$store.tmp" -c user.name="Carol Chen" -c user.email=carol@example.edu commit -q -m "kb: $articles articles"
  "$tier" -C "$store.tmp" -q check
  mv "$store.tmp" "$store"
fi

kb_bytes=$(git -C "$store" ls-tree -r -l HEAD kb | awk '{ s += $4 } END { print s }')
tickets_bytes=$(git -C "$store" ls-tree -r -l HEAD tickets | awk '{ s += $4 } END { print s }')
site=$out/kb-site
rm -rf "$site"
"$tier" -C "$store" -q kb build "$site"
site_bytes=$(du -sb "$site" | cut -f1)

json=$out/json/kb-$articles-$tickets.json
hyperfine --style basic --runs "$runs" --warmup "$warmup" --export-json "$json" \
  --prepare "rm -rf '$site.fresh'" -n "kb build (fresh dir)" "'$tier' -C '$store' -q kb build '$site.fresh'" \
  --prepare "true" -n "kb build (rebuild, nothing changed)" "'$tier' -C '$store' -q kb build '$site'" \
  --prepare "for f in '$site'/*.html; do echo >>\"\$f\"; done" \
  -n "kb build (rebuild, every page changed)" "'$tier' -C '$store' -q kb build '$site'" >/dev/null

python3 - "$json" "$articles" "$tickets" "$kb_bytes" "$tickets_bytes" "$site_bytes" "$(cut -d' ' -f1 /proc/loadavg)" >"$out/kb.md" <<'EOF'
import json, sys
path, articles, tickets, kb, tk, site, load = sys.argv[1:]
rows = json.load(open(path))["results"]
print(f"Store: {int(articles):,} articles ({int(kb) / 1e6:.1f} MB of kb/) beside {int(tickets):,} tickets "
      f"({int(tk) / 1e6:.1f} MB); the site: {int(site) / 1e6:.1f} MB. Load average {load}.")
print()
print("| command | median (s) | mean (s) | min (s) | max (s) | runs |")
print("|---|---:|---:|---:|---:|---:|")
for r in rows:
    print(f"| {r['command']} | {r['median']:.3f} | {r['mean']:.3f} | {r['min']:.3f} | {r['max']:.3f} | {len(r['times'])} |")
EOF
cat "$out/kb.md"
