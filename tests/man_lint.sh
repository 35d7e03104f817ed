#!/bin/sh
# Every man page is clean under mandoc's warnings.
mandoc=$1 dir=$2
out=$("$mandoc" -T lint -W warning "$dir"/*.[157] 2>&1)
status=$?
[ -z "$out" ] || { printf '%s\n' "$out"; exit 1; }
exit $status
