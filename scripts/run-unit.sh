#!/bin/sh
# Runs every cmocka unit test binary given on the command line and prints
# one summary line: "unit: N passed, N failed".
pass=0; fail=0; failed=""
for t in "$@"; do
	if "$t" >"$t.log" 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); failed="$failed $t"
		cat "$t.log"
	fi
	grep -E '^\[  (PASSED|FAILED)  \]' "$t.log" | sed "s|^|$(basename "$t"): |"
done
echo "unit: $pass passed, $fail failed"
[ -n "$failed" ] && echo "failed:$failed"
[ "$fail" -eq 0 ]
