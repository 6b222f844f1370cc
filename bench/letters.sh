#!/usr/bin/env bash
# bench/letters.sh -- 领导信箱: letter submissions (POST /api/v1/letters,
# no login) under the per-IP rate limit.
#
# A fresh demo data dir (SQLite) and server on 127.0.0.1; one challenge
# is fetched and solved with curl (the token is stateless and valid 30
# minutes); every request carries its own content (no duplicates).
# 1. Accepted: letters_rate_per_hour = ZW_BENCH_LETTERS_HIGH (100000, the maximum):
#    wrk (ZW_BENCH_SUBMIT_CONNS connections) reports letters stored per
#    second (each: challenge check, duplicate query, number + code, due
#    date, event, audit event, portal change row, one transaction).
# 2. Limited: the server restarted with letters_rate_per_hour =
#    ZW_BENCH_LETTERS_LIMIT (10, the default): the same load from one
#    IP; reports the 429 share and the refusals per second (the limit is
#    checked before any database work).
#
# Environment: ZW_BENCH_DURATION (10s), ZW_BENCH_SUBMIT_CONNS (16),
# ZW_BENCH_WRK_THREADS (2), ZW_BENCH_LETTERS_HIGH, ZW_BENCH_LETTERS_LIMIT.
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

DUR=${ZW_BENCH_DURATION:-10s}
SCONNS=${ZW_BENCH_SUBMIT_CONNS:-16}
WT=${ZW_BENCH_WRK_THREADS:-2}
HIGH=${ZW_BENCH_LETTERS_HIGH:-100000}
LIMIT=${ZW_BENCH_LETTERS_LIMIT:-10}

for t in curl jq wrk sqlite3; do
	command -v "$t" >/dev/null || zw_die "$t is not installed"
done
zw_build
zw_setup_tmp
zw_env_header

DATA=$ZW_TMP/data
zw_init_data "$DATA"
ORG=$(sqlite3 "$DATA/zhengwu.db" "SELECT id FROM orgs WHERE code = 'sjz'")
SECS=$(awk -v d="$DUR" 'BEGIN{sub(/s$/, "", d); print d}')

run() {	# run LABEL LIMIT
	export ZHENGWU_LETTERS_RATE_PER_HOUR=$2
	zw_launch "$DATA" "$ZW_TMP/server-$1.log"
	local base="http://$ZW_HOST:$ZW_PORT" ch q
	ch=$(curl -sS --fail-with-body "$base/api/v1/letters/challenge")
	q=$(jq -r .question <<<"$ch")
	ZW_TOKEN=$(jq -r .token <<<"$ch") \
	ZW_ANSWER=$(awk '{print $1 + $3}' <<<"$q") ZW_ORG=$ORG ZW_RUN=$1 \
		wrk -t"$WT" -c"$SCONNS" -d"$DUR" -s "$ZW_ROOT/bench/letters.lua" \
		"$base/api/v1/letters" >"$ZW_TMP/$1.txt"
	zw_stop_pid "$ZW_SERVER_PID"
	local c l o
	c=$(awk -F= '/^created=/ {print $2}' "$ZW_TMP/$1.txt")
	l=$(awk -F= '/^limited=/ {print $2}' "$ZW_TMP/$1.txt")
	o=$(awk -F= '/^other=/ {print $2}' "$ZW_TMP/$1.txt")
	grep -E 'Latency|Requests/sec' "$ZW_TMP/$1.txt" || true
	awk -v c="$c" -v l="$l" -v o="$o" -v s="$SECS" -v lim="$2" 'BEGIN {
		t = c + l + o; if (t == 0) t = 1
		printf "limit %s/h: %d accepted (%.0f/s), %d refused 429 (%.1f%% of %d, %.0f/s), %d other\n",
		    lim, c, c / s, l, 100 * l / t, c + l + o, l / s, o }'
}

echo
echo "== 1. submissions, limit $HIGH/h ($SCONNS connections, $DUR) =="
run accepted "$HIGH"
echo
echo "== 2. submissions from one IP, limit $LIMIT/h ($SCONNS connections, $DUR) =="
run limited "$LIMIT"
printf 'rows in letters: %s\n' "$(sqlite3 "$DATA/zhengwu.db" 'SELECT count(*) FROM letters')"
