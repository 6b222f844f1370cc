#!/usr/bin/env bash
# bench/approvals.sh -- 网上审批: sustained application submissions
# through the API, and the public progress query.
#
# A fresh demo data dir (SQLite) and server on 127.0.0.1.  The demo
# enterprise 91130102400001010E logs in and uploads the three material
# files of 食品经营许可 once; then:
# 1. Submissions: wrk (ZW_BENCH_SUBMIT_CONNS connections, 10 s) posts the
#    same application body again and again (each is a new application:
#    form validated, materials checked, number and query code, timeline
#    event, in-app message, audit event, one transaction).  Reports the
#    201s per second.  Reference, same run: the sqlite3 shell inserting
#    the same number of rows into a plain table of the same width, one
#    transaction per row (the durability each submission pays for).
#    Target: >= 1,000/s.
# 2. Progress query: wrk (64 connections, 10 s, --latency) on
#    GET /api/v1/applications/{no}/progress?query_code= (no login).
#    Target: p99 < 5 ms.
# The supervision sweep over 1,000,000 open applications is
# bench/approvals-sweep.sh.
#
# Environment: ZW_BENCH_DURATION (10s), ZW_BENCH_CONNS (64),
# ZW_BENCH_SUBMIT_CONNS (16), ZW_BENCH_WRK_THREADS (2).
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

DUR=${ZW_BENCH_DURATION:-10s}
CONNS=${ZW_BENCH_CONNS:-64}
SCONNS=${ZW_BENCH_SUBMIT_CONNS:-16}
WT=${ZW_BENCH_WRK_THREADS:-2}
ENT=91130102400001010E
FOOD=11130100400000077E3000117008000

for t in curl jq wrk sqlite3; do
	command -v "$t" >/dev/null || zw_die "$t is not installed"
done
zw_build
zw_setup_tmp
zw_env_header

DATA=$ZW_TMP/data
zw_init_data "$DATA"
zw_launch "$DATA" "$ZW_TMP/server.log"
BASE="http://$ZW_HOST:$ZW_PORT"

TOKEN=$(curl -sS --fail-with-body -H 'Content-Type: application/json' \
	-d "{\"login\":\"$ENT\",\"password\":\"$ZW_PASS_INIT\"}" "$BASE/api/v1/session" | jq -r .token)
printf '%%PDF-1.4\n%s\n%%%%EOF\n' "$(head -c 3000 /dev/zero | tr '\0' 'A')" >"$ZW_TMP/m.pdf"
ids=()
for n in 申请书 布局 制度; do
	ids+=("$(curl -sS --fail-with-body -H "Authorization: Bearer $TOKEN" \
		-F "file=@$ZW_TMP/m.pdf;filename=$n.pdf;type=application/pdf" "$BASE/api/v1/blobs" | jq -r .id)")
done
BODY=$(jq -cn --arg item "$FOOD" --arg uscc "$ENT" --argjson a "${ids[0]}" --argjson b "${ids[1]}" \
	--argjson c "${ids[2]}" '{item_code: $item, form: {company_name: "石家庄长安晨光商贸有限公司",
	uscc: $uscc, legal_rep_id: "130102198003150017", region: "130102", address: "长安区中山东路1号",
	business_kind: "食品销售经营者", area: "120.5"}, materials: [$a, null, null, $b, $c]}')
first=$(curl -sS --fail-with-body -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
	-d "$BODY" "$BASE/api/v1/applications")
NO=$(jq -r .no <<<"$first")
QC=$(jq -r .query_code <<<"$first")

echo
echo "== 1. application submissions (POST /api/v1/applications, $SCONNS connections, $DUR) =="
ZW_TOKEN=$TOKEN ZW_BODY=$BODY wrk -t"$WT" -c"$SCONNS" -d"$DUR" -s "$ZW_ROOT/bench/submit.lua" \
	"$BASE/api/v1/applications" >"$ZW_TMP/submit.txt"
CREATED=$(awk -F= '/^created=/ {print $2}' "$ZW_TMP/submit.txt")
OTHER=$(awk -F= '/^other=/ {print $2}' "$ZW_TMP/submit.txt")
SECS=$(awk -v d="$DUR" 'BEGIN{sub(/s$/, "", d); print d}')
RATE=$(awk -v c="$CREATED" -v s="$SECS" 'BEGIN{printf "%.0f", c / s}')
P99=$(awk '/^ +99%/ {print $2}' "$ZW_TMP/submit.txt")
grep -E 'Latency|Requests/sec' "$ZW_TMP/submit.txt" || true
ROWS=$(sqlite3 "$DATA/zhengwu.db" "SELECT count(*) FROM applications")
printf 'zhengwu: %s applications created (%s/s), %s other answers; %s rows in the table\n' \
	"$CREATED" "$RATE" "$OTHER" "$ROWS"

# Reference: the sqlite3 shell, one INSERT per transaction, same count.
N=${CREATED:-1000}
[[ $N -gt 0 ]] || N=1000
{
	echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
	echo "CREATE TABLE a (id INTEGER PRIMARY KEY, no TEXT UNIQUE, form TEXT, status TEXT, t INTEGER);"
	for ((i = 0; i < N; i++)); do
		echo "INSERT INTO a (no, form, status, t) VALUES ('SP$i', '$BODY', 'submitted', $i);"
	done
} >"$ZW_TMP/ref.sql"
zw_us; t0=$ZW_US
sqlite3 "$ZW_TMP/ref.db" <"$ZW_TMP/ref.sql" >/dev/null
zw_us; t1=$ZW_US
REF=$(awk -v n="$N" -v us=$((t1 - t0)) 'BEGIN{printf "%.0f", n / (us / 1e6)}')
printf 'sqlite3 shell, %s single-row transactions into a plain table: %s/s\n' "$N" "$REF"
printf 'target >= 1000/s: %s\n' "$(awk -v r="$RATE" 'BEGIN{print (r >= 1000 ? "yes" : "NO")}')"
zw_result approvals.submit_rps "$RATE"
zw_result approvals.submit_p99 "$P99"
zw_result approvals.submit_ref_rps "$REF"

echo
echo "== 2. public progress query (GET /api/v1/applications/{no}/progress, $CONNS connections, $DUR) =="
wrk -t"$WT" -c"$CONNS" -d"$DUR" --latency \
	"$BASE/api/v1/applications/$NO/progress?query_code=$QC" >"$ZW_TMP/progress.txt"
grep -E 'Latency|Requests/sec|Non-2xx| 50%| 99%' "$ZW_TMP/progress.txt" || true
PP99=$(awk '/^ +99%/ {print $2}' "$ZW_TMP/progress.txt")
PRPS=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$ZW_TMP/progress.txt")
printf 'progress query: %s req/s, p99 %s (target < 5 ms)\n' "$PRPS" "$PP99"
zw_result approvals.progress_rps "$PRPS"
zw_result approvals.progress_p99 "$PP99"
