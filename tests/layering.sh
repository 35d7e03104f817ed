#!/bin/sh
# Dependencies point one way: cli -> hooks -> core/store -> formats -> core.
# Only core/store touches libgit2 and SQLite; only cli touches CLI11.
cd "$1" || exit 1
fail=0
bad() { printf 'layering: %s\n' "$1"; fail=1; }
for f in $(grep -rl '<git2' core formats hooks cli 2>/dev/null); do
  case $f in core/store/*) ;; *) bad "$f includes <git2.h>" ;; esac
done
for f in $(grep -rl '<sqlite3' core formats hooks cli 2>/dev/null); do
  case $f in core/store/*) ;; *) bad "$f includes <sqlite3.h>" ;; esac
done
for f in $(grep -rl '<CLI/' core formats hooks 2>/dev/null); do bad "$f includes CLI11"; done
for f in $(grep -rlE '#include "(formats|core/store|hooks|cli)/' core --include='*.?pp' 2>/dev/null); do
  case $f in core/store/*) grep -qE '#include "(hooks|cli)/' "$f" && bad "$f includes an upper layer" ;;
             *) bad "$f includes an upper layer" ;; esac
done
for f in $(grep -rlE '#include "(core/store|hooks|cli)/' formats 2>/dev/null); do bad "$f includes an upper layer"; done
for f in $(grep -rlE '#include "cli/' hooks 2>/dev/null); do bad "$f includes cli"; done
[ $fail -eq 0 ] && echo "layering: ok"
exit $fail
