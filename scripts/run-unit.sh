#!/bin/sh
# Runs every cmocka unit test binary given on the command line (from the
# repository root) and prints the counts of each, then one summary line
# "unit: N passed, M failed" over all test cases.
pass=0; fail=0; bad=""
for t in "$@"; do
	if ! "$t" >"$t.log" 2>&1; then
		bad="$bad $(basename "$t")"
		cat "$t.log"
	fi
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$t.log" | awk '{s+=$1} END {print s+0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$t.log" | awk '{s+=$1} END {print s+0}')
	# a binary that crashed before cmocka's summary counts as one failure
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	echo "$(basename "$t"): $p passed, $f failed"
	pass=$((pass + p)); fail=$((fail + f))
done
echo "unit: $pass passed, $fail failed"
[ -z "$bad" ] || { echo "failing binaries:$bad"; exit 1; }
[ "$fail" -eq 0 ]
