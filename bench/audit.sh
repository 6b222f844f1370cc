#!/usr/bin/env bash
# bench/audit.sh -- verify a 1,000,000-event SM3 audit chain.
#
# Creates a demo data dir with the real binary, then appends events with
# bench/gen_audit.c, which links build/libzw.a and calls zhengwu's own
# zw_audit_append (10,000 events per transaction), so the chain is the
# genuine article.  Times `zhengwu audit verify` with hyperfine (3 runs)
# and, for reference, a full scan of the same table by the sqlite3 shell
# and `openssl speed -evp sm3` (the cost of the hashing alone).
#
# Environment: ZW_BENCH_AUDIT_EVENTS (1000000), ZW_BENCH_AUDIT_PER_TX
# (10000), ZW_BENCH_RUNS (3), ZW_BENCH_SM3_SECONDS (1, per block size).
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

EVENTS=${ZW_BENCH_AUDIT_EVENTS:-1000000}
PER_TX=${ZW_BENCH_AUDIT_PER_TX:-10000}
RUNS=${ZW_BENCH_RUNS:-3}
SM3_SECONDS=${ZW_BENCH_SM3_SECONDS:-1}

for t in hyperfine sqlite3 openssl; do
	command -v "$t" >/dev/null || zw_die "$t is not installed"
done
zw_build
zw_setup_tmp
zw_env_header

# Compile flags exactly as the Makefile's (ALL_CFLAGS, LDLIBS).
mkflag() {
	# shellcheck disable=SC2016  # $(VAR) is for make, not the shell
	printf 'zw-bench-flag:\n\t@echo $(%s)\n' "$1" |
		make -s --no-print-directory -C "$ZW_ROOT" -f Makefile -f - zw-bench-flag
}
CFLAGS_ZW=$(mkflag ALL_CFLAGS)
LDLIBS_ZW=$(mkflag LDLIBS)
GEN=$ZW_TMP/gen_audit
# shellcheck disable=SC2086  # the flags are word lists
(cd "$ZW_ROOT" && cc $CFLAGS_ZW -o "$GEN" bench/gen_audit.c build/libzw.a $LDLIBS_ZW)

DATA=$ZW_TMP/data
DB=$DATA/zhengwu.db
zw_init_data "$DATA"
zw_run "$GEN" "$DB" "$EVENTS" "$PER_TX" >"$ZW_TMP/gen.txt"
cat "$ZW_TMP/gen.txt"
GEN_S=$(awk '{for (i = 1; i < NF; i++) if ($(i+1) == "s") print $i}' "$ZW_TMP/gen.txt" | head -1)
TOTAL=$(sqlite3 "$DB" "SELECT count(*) FROM audit_events")
DB_MB=$(du -m "$DB" | cut -f1)
# Bytes SM3 has to digest: prev hash + every length-prefixed field
# (the canonical form of src/audit/audit.c chain_hash).
CANON_BYTES=$(sqlite3 "$DB" "
	WITH f(v) AS (
	  SELECT CAST(seq AS TEXT) FROM audit_events UNION ALL
	  SELECT CAST(at AS TEXT) FROM audit_events UNION ALL
	  SELECT CAST(COALESCE(actor_id, 0) AS TEXT) FROM audit_events UNION ALL
	  SELECT actor_login FROM audit_events UNION ALL
	  SELECT CAST(COALESCE(org_id, 0) AS TEXT) FROM audit_events UNION ALL
	  SELECT action FROM audit_events UNION ALL
	  SELECT object_type FROM audit_events UNION ALL
	  SELECT object_id FROM audit_events UNION ALL
	  SELECT result FROM audit_events UNION ALL
	  SELECT ip FROM audit_events UNION ALL
	  SELECT request_id FROM audit_events UNION ALL
	  SELECT details FROM audit_events)
	SELECT (SELECT 64 * count(*) FROM audit_events) +
	  sum(length(CAST(length(CAST(v AS BLOB)) AS TEXT)) + 1 + length(CAST(v AS BLOB)))
	FROM f")
printf '%s events in the chain, database %s MB, %s bytes of canonical input to SM3 (%.0f per event)\n' \
	"$TOTAL" "$DB_MB" "$CANON_BYTES" "$(awk -v b="$CANON_BYTES" -v n="$TOTAL" 'BEGIN{print b/n}')"

# A clean page cache state is not what we measure: one untimed verify
# warms it (hyperfine --warmup), then RUNS timed runs.
zw_run hyperfine --style basic -w 1 -r "$RUNS" --export-json "$ZW_TMP/verify.json" \
	"'$ZW_BIN' audit verify --data '$DATA'" \
	"sqlite3 '$DB' 'SELECT count(*), sum(length(hash)) FROM audit_events'"
zw_run "$ZW_BIN" audit verify --data "$DATA" >"$ZW_TMP/verify.txt"
cat "$ZW_TMP/verify.txt"
grep -q "^ok: $TOTAL events" "$ZW_TMP/verify.txt" || zw_die "verify did not accept the chain"
VERIFY_S=$(jq -r '.results[0].mean' "$ZW_TMP/verify.json")
VERIFY_SD=$(jq -r '.results[0].stddev' "$ZW_TMP/verify.json")
VERIFY_USER=$(jq -r '.results[0].user' "$ZW_TMP/verify.json")
SCAN_S=$(jq -r '.results[1].mean' "$ZW_TMP/verify.json")

echo
echo "openssl speed -evp sm3 -seconds $SM3_SECONDS"
zw_run openssl speed -evp sm3 -seconds "$SM3_SECONDS" >"$ZW_TMP/sm3.txt" 2>/dev/null
tail -2 "$ZW_TMP/sm3.txt"
# columns: 16 64 256 1024 8192 16384 bytes, in 1000s of bytes/s
read -r SM3_256 SM3_8K < <(awk '$1 == "sm3" {sub(/k$/, "", $4); sub(/k$/, "", $6); print $4 * 1000, $6 * 1000}' "$ZW_TMP/sm3.txt")
PER_EVENT=$(awk -v b="$CANON_BYTES" -v n="$TOTAL" 'BEGIN{print b/n}')
# SM3 floor for the whole chain, at openssl's throughput for 256-byte messages
HASH_FLOOR_S=$(awk -v b="$CANON_BYTES" -v s="$SM3_256" 'BEGIN{printf "%.2f", b/s}')
VERIFY_OK=$(awk -v v="$VERIFY_S" 'BEGIN{print ((v < 5) ? "yes" : "NO")}')

echo
printf 'generate %s events (gen_audit, %s per tx): %s s\n' "$EVENTS" "$PER_TX" "$GEN_S"
printf 'zhengwu audit verify (%s events): mean %.3f s ± %.3f (user %.3f s); target < 5 s: %s\n' \
	"$TOTAL" "$VERIFY_S" "$VERIFY_SD" "$VERIFY_USER" "$VERIFY_OK"
printf 'sqlite3 full scan of audit_events: mean %.3f s\n' "$SCAN_S"
printf 'openssl SM3: %.1f MB/s at 256-byte blocks, %.1f MB/s at 8 KiB\n' \
	"$(awk -v s="$SM3_256" 'BEGIN{print s/1e6}')" "$(awk -v s="$SM3_8K" 'BEGIN{print s/1e6}')"
printf 'SM3 alone over the chain (%.0f B/event at the 256-byte rate): %s s\n' "$PER_EVENT" "$HASH_FLOOR_S"
printf 'verify rate: %.0f events/s\n' "$(awk -v n="$TOTAL" -v s="$VERIFY_S" 'BEGIN{print n/s}')"

# Extra: the audit log's API on the same 1M-event database, as the
# auditor would page it (first page, unfiltered and filtered).
zw_launch "$DATA" "$ZW_TMP/server.log"
PORT=$ZW_PORT
BASE="http://$ZW_HOST:$PORT"
TOKEN=$(curl -sS --fail-with-body -H 'Content-Type: application/json' \
	-d "{\"login\":\"auditor\",\"password\":\"$ZW_PASS_INIT\"}" "$BASE/api/v1/session" | jq -r .token)
curl -sS --fail-with-body -o /dev/null -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" \
	-d "{\"old_password\":\"$ZW_PASS_INIT\",\"new_password\":\"$ZW_PASS_NEW\"}" "$BASE/api/v1/me/password"
echo
declare -A QMS
for q in "" "?actor=nobody" "?action=org." "?result=failure"; do
	ts=()
	for ((i = 0; i < 5; i++)); do
		ts+=("$(curl -sS -o "$ZW_TMP/audit.json" -w '%{http_code} %{time_total}' \
			-H "Authorization: Bearer $TOKEN" "$BASE/api/v1/audit$q")")
		[[ ${ts[-1]} == 200\ * ]] || zw_die "GET /api/v1/audit$q: ${ts[-1]}"
	done
	QMS[x$q]=$(printf '%s\n' "${ts[@]}" | awk '{print $2 * 1000}' | sort -n | awk '{a[NR] = $1} END {printf "%.0f", a[int((NR + 1) / 2)]}')
	printf 'GET /api/v1/audit%-16s median of 5: %6s ms (%s items)\n' "$q" "${QMS[x$q]}" "$(jq '.items | length' "$ZW_TMP/audit.json")"
done
zw_stop_pid "$ZW_SERVER_PID"

zw_result audit.api_first_page_ms "${QMS[x]}"
zw_result audit.api_actor_filter_ms "${QMS[x?actor=nobody]}"
zw_result audit.events "$TOTAL"
zw_result audit.gen_s "$GEN_S"
zw_result audit.verify_s "$(printf '%.3f' "$VERIFY_S")"
zw_result audit.verify_ok "$VERIFY_OK"
zw_result audit.scan_s "$(printf '%.3f' "$SCAN_S")"
zw_result audit.sm3_256_mbs "$(awk -v s="$SM3_256" 'BEGIN{printf "%.1f", s/1e6}')"
zw_result audit.hash_floor_s "$HASH_FLOOR_S"
zw_result audit.db_mb "$DB_MB"
