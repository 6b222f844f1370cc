#!/usr/bin/env bash
# bench/registry.sh -- the population registry at scale: import N
# synthetic people (default 10,000,000) and compare with the sqlite3
# shell's .import of the same CSV into a plain table, then HTTP point
# lookups under wrk.
#
# 1. bench/gen_registry.c (links build/libzw.a; zw_synth_person) writes
#    N valid people to a CSV (check characters computed, unique keys).
# 2. Reference: `sqlite3 ref.db` with journal_mode=WAL and
#    synchronous=NORMAL (the store's own settings), a plain table of the
#    CSV's 7 text columns, `.import --csv --skip 1`.  Timed from the
#    shell's start to its exit.
# 3. zhengwu: a fresh `init --demo` data dir, then `zhengwu import
#    persons --data DIR FILE` -- validation (GB 11643, GB/T 2260, 民族,
#    duplicates), keyed SM3 index, SM4 sealing of number and phone, one
#    transaction -- timed from start to exit.  Target: at least half
#    the reference's rows per second.
# 4. Lookups: the server on that data dir; wrk (64 connections, 10 s,
#    --latency, bench/registry.lua) as li.na (办事人员, masked values)
#    with X-Purpose and X-Case-Ref, keys drawn at random from 100,000
#    imported numbers.  Every lookup writes its data-access log row and
#    audit event.  Target: p99 < 2 ms.  Also run with 1 connection.
#
# Environment: ZW_BENCH_REG_ROWS (10000000), ZW_BENCH_REG_THREADS
# (import threads; default: the importer's, one per core),
# ZW_BENCH_REG_PARTS (import,lookup), ZW_BENCH_DURATION (10s),
# ZW_BENCH_CONNS (64), ZW_BENCH_WRK_THREADS (2), ZW_BENCH_WARMUP (2s),
# ZW_BENCH_REG_KEEP=DIR (keep the generated CSV and data dir in DIR),
# ZW_BENCH_REG_REF=0 (skip the sqlite3 reference, e.g. for a 70,000,000
# run that documents time and size only).
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

ROWS=${ZW_BENCH_REG_ROWS:-10000000}
THREADS=${ZW_BENCH_REG_THREADS:-}
PARTS=${ZW_BENCH_REG_PARTS:-import,lookup}
DUR=${ZW_BENCH_DURATION:-10s}
CONNS=${ZW_BENCH_CONNS:-64}
WT=${ZW_BENCH_WRK_THREADS:-2}
WARM=${ZW_BENCH_WARMUP:-2s}
REF_ON=${ZW_BENCH_REG_REF:-1}

for t in sqlite3 wrk curl jq; do
	command -v "$t" >/dev/null || zw_die "$t is not installed"
done
zw_build
zw_setup_tmp
zw_env_header
part() { [[ ,$PARTS, == *,$1,* ]]; }

mkflag() {
	# shellcheck disable=SC2016  # $(VAR) is for make, not the shell
	printf 'zw-bench-flag:\n\t@echo $(%s)\n' "$1" |
		make -s --no-print-directory -C "$ZW_ROOT" -f Makefile -f - zw-bench-flag
}
CFLAGS_ZW=$(mkflag ALL_CFLAGS)
LDLIBS_ZW=$(mkflag LDLIBS)
GEN=$ZW_TMP/gen_registry
# shellcheck disable=SC2086  # the flags are word lists
(cd "$ZW_ROOT" && cc $CFLAGS_ZW -o "$GEN" bench/gen_registry.c build/libzw.a $LDLIBS_ZW)

WORK=${ZW_BENCH_REG_KEEP:-$ZW_TMP}
mkdir -p "$WORK"
CSV=$WORK/persons.csv
DATA=$WORK/data
secs() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", (b - a) / 1e6}'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN{printf "%.0f", (s > 0) ? n / s : 0}'; }

if part import; then
	echo
	echo "== generate $ROWS people =="
	zw_us; t0=$ZW_US
	zw_run "$GEN" persons "$ROWS" >"$CSV" || zw_die "gen_registry failed"
	zw_us; GEN_S=$(secs "$t0" "$ZW_US")
	CSV_MB=$(du -m "$CSV" | cut -f1)
	printf 'gen_registry: %s rows, %s MB in %s s\n' "$ROWS" "$CSV_MB" "$GEN_S"

	REF_RATE=0 REF_S=n/a
	if [[ $REF_ON != 0 ]]; then
		echo
		echo "== reference: sqlite3 .import into a plain table =="
		REF=$ZW_TMP/ref.db
		rm -f "$REF"
		zw_us; t0=$ZW_US
		zw_run sqlite3 "$REF" 'PRAGMA journal_mode=WAL;' 'PRAGMA synchronous=NORMAL;' \
			'CREATE TABLE persons (id_number TEXT, name TEXT, ethnicity TEXT, region_code TEXT, address TEXT, status TEXT, phone TEXT);' \
			".import --csv --skip 1 $CSV persons" >/dev/null || zw_die "sqlite3 .import failed"
		zw_us; REF_S=$(secs "$t0" "$ZW_US")
		REF_N=$(sqlite3 "$REF" 'SELECT count(*) FROM persons')
		REF_MB=$(du -m "$REF" | cut -f1)
		REF_RATE=$(rate "$REF_N" "$REF_S")
		rm -f "$REF" "$REF-wal" "$REF-shm"
		printf 'sqlite3 .import: %s rows in %s s = %s rows/s (%s MB)\n' "$REF_N" "$REF_S" "$REF_RATE" "$REF_MB"
	fi

	echo
	echo "== zhengwu import persons =="
	rm -rf "$DATA"
	zw_init_data "$DATA"
	args=(import persons --data "$DATA" "$CSV")
	[[ -z $THREADS ]] || args+=(--threads "$THREADS")
	zw_us; t0=$ZW_US
	zw_run "$ZW_BIN" "${args[@]}" >"$ZW_TMP/import.txt" 2>"$ZW_TMP/import.err" ||
		{ cat "$ZW_TMP/import.txt" "$ZW_TMP/import.err" >&2; zw_die "zhengwu import failed"; }
	zw_us; IMP_S=$(secs "$t0" "$ZW_US")
	cat "$ZW_TMP/import.txt"
	grep -o 'validation.*' "$ZW_TMP/import.err" || true
	IMP_N=$(sqlite3 "$DATA/zhengwu.db" "SELECT count(*) FROM persons WHERE batch_id = (SELECT max(id) FROM registry_imports)")
	IMP_RATE=$(rate "$IMP_N" "$IMP_S")
	DB_MB=$(du -m "$DATA/zhengwu.db" | cut -f1)
	RATIO=$(awk -v a="$IMP_RATE" -v b="$REF_RATE" 'BEGIN{printf "%.1f", (b > 0) ? 100 * a / b : 0}')
	RATIO_OK=$(awk -v r="$RATIO" -v b="$REF_RATE" 'BEGIN{print (b == 0) ? "n/a" : (r >= 50) ? "yes" : "NO"}')
	printf 'zhengwu import: %s rows in %s s = %s rows/s (%s MB database)\n' "$IMP_N" "$IMP_S" "$IMP_RATE" "$DB_MB"
	zw_result registry.rows "$ROWS"
	zw_result registry.ref_rate "$REF_RATE"
	zw_result registry.import_rate "$IMP_RATE"
	zw_result registry.import_s "$IMP_S"
	zw_result registry.ratio_pct "$RATIO"
	zw_result registry.ratio_ok "$RATIO_OK"
	zw_result registry.db_mb "$DB_MB"
fi

if part lookup; then
	[[ -f $DATA/zhengwu.db ]] || zw_die "no imported data dir (run with ZW_BENCH_REG_PARTS=import,lookup)"
	[[ -f $CSV ]] || zw_die "no CSV to draw keys from"
	echo
	echo "== HTTP point lookups (wrk, $CONNS connections, $DUR) =="
	KEYS=$ZW_TMP/keys.txt
	awk -F, -v n="$ROWS" 'NR > 1 && (NR % (int(n / 100000) + 1) == 0) {print $1}' "$CSV" | head -100000 >"$KEYS"
	zw_launch "$DATA" "$ZW_TMP/server.log"
	BASE="http://$ZW_HOST:$ZW_PORT"
	r=$(curl -sS --fail-with-body -H 'Content-Type: application/json' \
		-d "{\"login\":\"li.na\",\"password\":\"$ZW_PASS_INIT\"}" "$BASE/api/v1/session")
	TOKEN=$(jq -r .token <<<"$r")
	curl -sS --fail-with-body -o /dev/null -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" \
		-d "{\"old_password\":\"$ZW_PASS_INIT\",\"new_password\":\"$ZW_PASS_NEW\"}" "$BASE/api/v1/me/password"
	k=$(head -1 "$KEYS")
	code=$(curl -sS -o "$ZW_TMP/one.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
		-H 'X-Purpose: bench' -H 'X-Case-Ref: B-0' "$BASE/api/v1/registry/persons/$k")
	[[ $code == 200 ]] || { cat "$ZW_TMP/one.json" >&2; zw_die "lookup answered $code"; }
	export ZW_TOKEN=$TOKEN ZW_KEYS=$KEYS
	HZ=$(getconf CLK_TCK)
	wrk_run() {	# wrk_run NAME CONNS
		local name=$1 c=$2 c0 c1 t=$WT
		(( t <= c )) || t=$c
		[[ $WARM == 0 ]] || zw_run wrk -t"$t" -c"$c" -d"$WARM" -s "$ZW_ROOT/bench/registry.lua" "$BASE" >/dev/null
		c0=$(zw_cpu_ticks "$ZW_SERVER_PID")
		zw_run wrk -t"$t" -c"$c" -d"$DUR" --latency -s "$ZW_ROOT/bench/registry.lua" "$BASE" >"$ZW_TMP/wrk.$name.txt"
		c1=$(zw_cpu_ticks "$ZW_SERVER_PID")
		awk -v t=$((c1 - c0)) -v hz="$HZ" '
		function ms(v) {
			if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
			if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
			if (v ~ /s$/)  return substr(v, 1, length(v) - 1) * 1000
			return v + 0
		}
		/^Requests\/sec:/ { rps = $2 }
		/ requests in / { n = $1 }
		$1 == "50%" { p50 = ms($2) }
		$1 == "99%" { p99 = ms($2) }
		/Non-2xx or 3xx responses:/ { err += $NF }
		/Socket errors:/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) err += $i + 0 }
		END { printf "%.0f %.3f %.3f %d %.1f\n", rps, p50, p99, err, (n > 0) ? t / hz / n * 1e6 : 0 }' \
			"$ZW_TMP/wrk.$name.txt"
	}
	read -r RPS P50 P99 ERR CPU < <(wrk_run c64 "$CONNS")
	read -r RPS1 P50_1 P99_1 ERR1 CPU1 < <(wrk_run c1 1)
	LOGROWS=$(sqlite3 "$DATA/zhengwu.db" "SELECT count(*) FROM registry_access_log")
	zw_stop_pid "$ZW_SERVER_PID"
	P99_OK=$(awk -v p="$P99" 'BEGIN{print (p < 2) ? "yes" : "NO"}')
	printf 'lookups, %s connections: %s req/s, p50 %s ms, p99 %s ms, %s us server CPU/req, %s errors\n' \
		"$CONNS" "$RPS" "$P50" "$P99" "$CPU" "$ERR"
	printf 'lookups, 1 connection:   %s req/s, p50 %s ms, p99 %s ms, %s us server CPU/req, %s errors\n' \
		"$RPS1" "$P50_1" "$P99_1" "$CPU1" "$ERR1"
	printf 'data-access log rows written: %s (one per lookup, each with its audit event)\n' "$LOGROWS"
	zw_result registry.lookup_rps "$RPS"
	zw_result registry.lookup_p50_ms "$P50"
	zw_result registry.lookup_p99_ms "$P99"
	zw_result registry.lookup_p99_ok "$P99_OK"
	zw_result registry.lookup1_p99_ms "$P99_1"
	zw_result registry.lookup_cpu_us "$CPU"
fi

echo
echo "== summary ($ROWS people) =="
if part import; then
	if [[ $REF_ON != 0 ]]; then
		printf '%-44s %s\n' "sqlite3 .import (reference)" "$REF_RATE rows/s ($REF_S s)"
	fi
	printf '%-44s %s\n' "zhengwu import (validate, index, SM4)" "$IMP_RATE rows/s ($IMP_S s), $DB_MB MB"
	if [[ $REF_ON != 0 ]]; then
		printf '%-44s %s\n' "ratio (target >= 50 %)" "$RATIO % $RATIO_OK"
	fi
fi
if part lookup; then
	printf '%-44s %s\n' "lookup, $CONNS connections (target p99 < 2 ms)" "$RPS req/s, p50 $P50 ms, p99 $P99 ms $P99_OK"
	printf '%-44s %s\n' "lookup, 1 connection" "$RPS1 req/s, p50 $P50_1 ms, p99 $P99_1 ms"
fi
