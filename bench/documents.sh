#!/usr/bin/env bash
# bench/documents.sh -- 公文: issue to 1,000 organizations, SM2 seal and
# verify rates, full-text search over 100,000 documents.
#
# 1. Issue.  A fresh demo data dir and server on 127.0.0.1.  Set-up (not
#    timed): bench/documents.mjs (node, no packages) logs in admin, li.na
#    (clerk, 石家庄市人民政府办公室) and zhang.wei (leader, same office),
#    changes their initial passwords, and creates 1,000 organizations
#    under 石家庄市人民政府 through POST /api/v1/orgs (8 in flight; each
#    gets its SM2 seal key).  Timed, 5 times: upload a fresh 1 MiB PDF
#    (multipart), draft a 通知 to all 1,000 as 主送 with it attached,
#    submit without reviewers, sign off (zhang.wei), issue (li.na).
#    Reports the POST .../issue time and the whole sequence (median,
#    min, max), then checks that the seal verifies.
# 2. SM2.  bench/sm2rate.c (links build/libzw.a) times zw_sm2_sign and
#    zw_sm2_verify on a ~1 KB canonical document string, single thread,
#    against `openssl speed -seconds 3 sm2` (sign/s, verify/s), both per
#    second of user CPU time (openssl speed's divisor); both are run
#    3 times, alternating, and the best run of each counts.  sm2rate
#    also runs openssl speed's own EVP loop (contexts reused) in the
#    same process: a comparison that the machine's changing load
#    cannot skew.  Then, once: sealing with the key loading included,
#    verification with it, 20-byte messages, a 1,000-recipient string.
# 3. Search, only if GET /api/v1/documents/search answers 200 in this
#    binary: bench/gen_docs.c drafts 100,000 documents through
#    zw_doc_create (+ zw_doc_index) in 5,000-document transactions, then
#    wrk (64 connections, 10 s, --latency, bench/search.lua) cycles over
#    two-character queries as li.na.  Otherwise prints
#    "search: not built yet".
#
# Environment: ZW_BENCH_DOC_ORGS (1000), ZW_BENCH_DOC_RUNS (5),
# ZW_BENCH_DOC_ATT_BYTES (1048576), ZW_BENCH_SM2_SECONDS (3),
# ZW_BENCH_SM2_ROUNDS (3), ZW_BENCH_SEARCH_DOCS (100000),
# ZW_BENCH_SEARCH_QUERIES ("审批 通知 政务 工作 安全 营商"),
# ZW_BENCH_SEARCH_LIMIT (page size; default: the API's, 50),
# ZW_BENCH_DURATION (10s), ZW_BENCH_CONNS (64), ZW_BENCH_WRK_THREADS (2),
# ZW_BENCH_WARMUP (2s; 0 = none), ZW_BENCH_DOC_PARTS (issue,sm2,search).
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

export ZW_BENCH_DOC_ORGS=${ZW_BENCH_DOC_ORGS:-1000}
export ZW_BENCH_DOC_RUNS=${ZW_BENCH_DOC_RUNS:-5}
SM2_SECONDS=${ZW_BENCH_SM2_SECONDS:-3}
SM2_ROUNDS=${ZW_BENCH_SM2_ROUNDS:-3}
SEARCH_DOCS=${ZW_BENCH_SEARCH_DOCS:-100000}
QUERIES=${ZW_BENCH_SEARCH_QUERIES:-审批 通知 政务 工作 安全 营商}
DUR=${ZW_BENCH_DURATION:-10s}
CONNS=${ZW_BENCH_CONNS:-64}
WT=${ZW_BENCH_WRK_THREADS:-2}
WARM=${ZW_BENCH_WARMUP:-2s}
PARTS=${ZW_BENCH_DOC_PARTS:-issue,sm2,search}
export ZW_SEARCH_LIMIT=${ZW_BENCH_SEARCH_LIMIT:-}	# read by bench/search.lua
LIMIT_Q=${ZW_SEARCH_LIMIT:+&limit=$ZW_SEARCH_LIMIT}
export ZW_PASS_INIT ZW_PASS_NEW

for t in node curl jq openssl sqlite3; do
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
# bench_cc OUT SOURCE [extra flags...]
bench_cc() {
	local out=$1 src=$2
	shift 2
	# shellcheck disable=SC2086  # the flags are word lists
	(cd "$ZW_ROOT" && cc $CFLAGS_ZW "$@" -o "$out" "$src" build/libzw.a $LDLIBS_ZW)
}
part() { [[ ,$PARTS, == *,$1,* ]]; }
# "key=value" lines of file $1 into the associative array named $2
declare -A F
load_kv() {
	local -n _m=$2
	local k v
	while IFS='=' read -r k v; do
		# shellcheck disable=SC2004  # an associative array: the key needs its $
		[[ -n $k ]] && _m[$k]=$v
	done <"$1"
}
f() { printf '%s' "${F[$1]:-n/a}"; }
ok_lt() { awk -v a="$1" -v b="$2" 'BEGIN{print ((a != "" && a + 0 < b + 0) ? "yes" : "NO")}'; }
login_token() {	# login_token BASE LOGIN: a token (password already changed, or changes it)
	local base=$1 login=$2 r tok
	r=$(curl -sS -H 'Content-Type: application/json' \
		-d "{\"login\":\"$login\",\"password\":\"$ZW_PASS_NEW\"}" "$base/api/v1/session")
	tok=$(jq -r '.token // empty' <<<"$r")
	if [[ -z $tok ]]; then
		r=$(curl -sS --fail-with-body -H 'Content-Type: application/json' \
			-d "{\"login\":\"$login\",\"password\":\"$ZW_PASS_INIT\"}" "$base/api/v1/session")
		tok=$(jq -r .token <<<"$r")
		curl -sS --fail-with-body -o /dev/null -H 'Content-Type: application/json' \
			-H "Authorization: Bearer $tok" \
			-d "{\"old_password\":\"$ZW_PASS_INIT\",\"new_password\":\"$ZW_PASS_NEW\"}" \
			"$base/api/v1/me/password"
	fi
	[[ -n $tok && $tok != null ]] || zw_die "login $login failed: $r"
	printf '%s' "$tok"
}
urlenc() { jq -rn --arg s "$1" '$s | @uri'; }

# Does this binary answer GET /api/v1/documents/search? (server running)
SEARCH_CODE=
search_probe() {
	local base=$1 tok
	tok=$(login_token "$base" li.na)
	SEARCH_CODE=$(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tok" \
		"$base/api/v1/documents/search?q=$(urlenc 审批)")
}

status=0

# ---------------------------------------------------------------- 1. issue
if part issue; then
	echo
	echo "== 1. issue one sealed document with a $((${ZW_BENCH_DOC_ATT_BYTES:-1048576} / 1024)) KiB attachment to $ZW_BENCH_DOC_ORGS organizations =="
	DATA=$ZW_TMP/data
	zw_init_data "$DATA"
	zw_launch "$DATA" "$ZW_TMP/server.log"
	BASE="http://$ZW_HOST:$ZW_PORT"
	zw_log "zhengwu serving on $BASE"
	zw_run node "$ZW_ROOT/bench/documents.mjs" "$BASE" >"$ZW_TMP/flow.txt" ||
		zw_die "bench/documents.mjs failed"
	load_kv "$ZW_TMP/flow.txt" F
	search_probe "$BASE"
	RSS=$(zw_rss_kb "$ZW_SERVER_PID")
	zw_stop_pid "$ZW_SERVER_PID"
	DB_MB=$(du -m "$DATA/zhengwu.db" | cut -f1)
	DELIV=$(sqlite3 "$DATA/zhengwu.db" "SELECT count(*) FROM deliveries d JOIN orgs o ON o.id = d.to_org_id WHERE o.code LIKE 'bench-%'")

	echo
	printf 'set-up: %s organizations created through the API in %s s (not timed as the benchmark)\n' \
		"$(f orgs_created)" "$(f orgs_setup_s)"
	printf '%-34s %10s %10s %10s   %s\n' "step (ms, $ZW_BENCH_DOC_RUNS runs)" median min max "all runs"
	for s in upload draft submit sign issue; do
		all=$(f "${s}_ms_all")
		read -r mn mx < <(tr ',' '\n' <<<"$all" | sort -g | awk 'NR == 1 {a = $1} {b = $1} END {print a, b}')
		case $s in
		upload) label="POST /api/v1/blobs (1 MiB PDF)" ;;
		draft) label="POST /api/v1/documents" ;;
		submit) label="POST .../submit (no reviewers)" ;;
		sign) label="POST .../sign-off" ;;
		issue) label="POST .../issue" ;;
		esac
		printf '%-34s %10s %10s %10s   %s\n' "$label" "$(f "${s}_ms_median")" "$mn" "$mx" "$all"
	done
	printf '%-34s %10s %10s %10s   %s\n' "whole sequence" "$(f total_ms_median)" "$(f total_ms_min)" \
		"$(f total_ms_max)" "$(f total_ms_all)"
	ISSUE_OK=$(ok_lt "$(f issue_ms_max)" 1000)
	TOTAL_OK=$(ok_lt "$(f total_ms_max)" 1000)
	printf 'issue response %s bytes (the document with its %s deliveries); signed data %s bytes\n' \
		"$(f issue_response_bytes)" "$ZW_BENCH_DOC_ORGS" "$(f signed_data_bytes)"
	printf 'after the runs: GET .../verification %s ms (valid), GET the document %s ms\n' \
		"$(f verification_ms)" "$(f get_ms)"
	printf 'deliveries to the bench organizations in the database: %s; database %s MB; server RSS %s MB\n' \
		"$DELIV" "$DB_MB" "$(awk -v k="$RSS" 'BEGIN{printf "%.1f", k/1024}')"
	printf 'issue < 1 s: %s (slowest %s ms); whole sequence < 1 s: %s (slowest %s ms)\n' \
		"$ISSUE_OK" "$(f issue_ms_max)" "$TOTAL_OK" "$(f total_ms_max)"
	(( DELIV == ZW_BENCH_DOC_ORGS * ZW_BENCH_DOC_RUNS )) ||
		{ zw_log "error: expected $((ZW_BENCH_DOC_ORGS * ZW_BENCH_DOC_RUNS)) deliveries"; status=1; }
	zw_result documents.orgs "$ZW_BENCH_DOC_ORGS"
	zw_result documents.orgs_setup_s "$(f orgs_setup_s)"
	zw_result documents.issue_ms "$(f issue_ms_median)"
	zw_result documents.issue_ms_max "$(f issue_ms_max)"
	zw_result documents.issue_ok "$ISSUE_OK"
	zw_result documents.total_ms "$(f total_ms_median)"
	zw_result documents.total_ms_max "$(f total_ms_max)"
	zw_result documents.total_ok "$TOTAL_OK"
	zw_result documents.verification_ms "$(f verification_ms)"
fi

# ---------------------------------------------------------------- 2. SM2
if part sm2; then
	echo
	echo "== 2. SM2 seal and verify, single thread: zhengwu (zw_sm2_sign/verify) vs openssl speed sm2 =="
	bench_cc "$ZW_TMP/sm2rate" bench/sm2rate.c
	declare -A BEST
	best() {	# best KEY VALUE: keep the larger
		awk -v a="${BEST[$1]:-0}" -v b="$2" 'BEGIN{exit !(b + 0 > a + 0)}' && BEST[$1]=$2
		return 0
	}
	for ((round = 1; round <= SM2_ROUNDS; round++)); do
		zw_log "round $round: openssl speed -seconds $SM2_SECONDS sm2"
		zw_run openssl speed -seconds "$SM2_SECONDS" sm2 >"$ZW_TMP/speed.$round.txt" 2>/dev/null
		read -r os_sign os_verify < <(awk '/ SM2 / {print $(NF - 1), $NF}' "$ZW_TMP/speed.$round.txt")
		[[ -n ${os_sign:-} ]] || zw_die "no SM2 line in openssl speed output"
		zw_log "round $round: sm2rate $SM2_SECONDS 10 sign,verify,ref_sign,ref_verify"
		zw_run "$ZW_TMP/sm2rate" "$SM2_SECONDS" 10 sign,verify,ref_sign,ref_verify >"$ZW_TMP/sm2rate.$round.txt"
		printf 'round %d: openssl speed  sign/s %s verify/s %s\n' "$round" "$os_sign" "$os_verify"
		sed 's/^/         sm2rate /' "$ZW_TMP/sm2rate.$round.txt"
		best os_sign "$os_sign"
		best os_verify "$os_verify"
		while read -r name rate _; do
			best "$name" "$rate"
		done <"$ZW_TMP/sm2rate.$round.txt"
		# zw vs openssl speed's loop in this round (interleaved slices)
		awk '{r[$1] = $2} END {printf "%.1f %.1f\n", 100 * r["sign"] / r["ref_sign"], 100 * r["verify"] / r["ref_verify"]}' \
			"$ZW_TMP/sm2rate.$round.txt" >>"$ZW_TMP/sm2ref.txt"
	done
	zw_run "$ZW_TMP/sm2rate" 1 10 seal,check,sign20,verify20,sign1000 >"$ZW_TMP/sm2rate.x.txt"
	sed 's/^/once:    sm2rate /' "$ZW_TMP/sm2rate.x.txt"
	while read -r name rate _; do
		best "$name" "$rate"
	done <"$ZW_TMP/sm2rate.x.txt"
	MSG_BYTES=$(awk '$1 == "sign" {print $(NF - 1)}' "$ZW_TMP/sm2rate.1.txt")
	pct() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1f", (b > 0) ? 100 * a / b : 0}'; }
	SIGN_PCT=$(pct "${BEST[sign]}" "${BEST[os_sign]}")
	VERIFY_PCT=$(pct "${BEST[verify]}" "${BEST[os_verify]}")
	med() { sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
	SIGN_REF_PCT=$(cut -d' ' -f1 "$ZW_TMP/sm2ref.txt" | med)
	VERIFY_REF_PCT=$(cut -d' ' -f2 "$ZW_TMP/sm2ref.txt" | med)
	SIGN_OK=$(awk -v p="$SIGN_PCT" 'BEGIN{print ((p >= 80) ? "yes" : "NO")}')
	VERIFY_OK=$(awk -v p="$VERIFY_PCT" 'BEGIN{print ((p >= 80) ? "yes" : "NO")}')
	echo
	printf 'best of %d rounds of %s s each, operations per second of user CPU time on both sides\n' \
		"$SM2_ROUNDS" "$SM2_SECONDS"
	printf '(openssl speed divides by user CPU time unless -elapsed; it signs 20 bytes, zhengwu a %s-byte canonical document):\n' \
		"$MSG_BYTES"
	printf '  sign:   zhengwu %7.1f/s  openssl speed %7.1f/s = %5s %% (target >= 80 %%: %s)\n' \
		"${BEST[sign]}" "${BEST[os_sign]}" "$SIGN_PCT" "$SIGN_OK"
	printf '  verify: zhengwu %7.1f/s  openssl speed %7.1f/s = %5s %% (target >= 80 %%: %s)\n' \
		"${BEST[verify]}" "${BEST[os_verify]}" "$VERIFY_PCT" "$VERIFY_OK"
	printf '  in the same process, against openssl speed'"'"'s loop (reused contexts, same message and key,\n'
	printf '  alternating 0.1 s slices so that the machine'"'"'s load hits both alike), median of the rounds:\n'
	printf '          sign %s %%, verify %s %% (rounds: %s)\n' "$SIGN_REF_PCT" "$VERIFY_REF_PCT" \
		"$(awk '{printf "%s%s/%s", (NR > 1) ? ", " : "", $1, $2}' "$ZW_TMP/sm2ref.txt")"
	printf '  20-byte message: sign %.1f/s, verify %.1f/s\n' "${BEST[sign20]}" "${BEST[verify20]}"
	printf '  per issued document, key included (SM4-open + parse the private PEM + sign): %.1f/s\n' "${BEST[seal]}"
	printf '  per verification, key included (parse the public PEM + verify): %.1f/s\n' "${BEST[check]}"
	printf '  sign the canonical string of a 1,000-recipient document (%s bytes): %.1f/s\n' \
		"$(awk '$1 == "sign1000" {print $(NF - 1)}' "$ZW_TMP/sm2rate.x.txt")" "${BEST[sign1000]}"
	zw_result documents.sm2_sign "${BEST[sign]}"
	zw_result documents.sm2_verify "${BEST[verify]}"
	zw_result documents.sm2_os_sign "${BEST[os_sign]}"
	zw_result documents.sm2_os_verify "${BEST[os_verify]}"
	zw_result documents.sm2_sign_pct "$SIGN_PCT"
	zw_result documents.sm2_verify_pct "$VERIFY_PCT"
	zw_result documents.sm2_sign_ok "$SIGN_OK"
	zw_result documents.sm2_verify_ok "$VERIFY_OK"
	zw_result documents.sm2_sign_ref_pct "$SIGN_REF_PCT"
	zw_result documents.sm2_verify_ref_pct "$VERIFY_REF_PCT"
	zw_result documents.sm2_seal "${BEST[seal]}"
	zw_result documents.sm2_check "${BEST[check]}"
fi

# ---------------------------------------------------------------- 3. search
if part search; then
	echo
	echo "== 3. search over $SEARCH_DOCS documents =="
	if [[ -z $SEARCH_CODE ]]; then	# part 1 skipped: probe on a demo data dir
		zw_init_data "$ZW_TMP/probe"
		zw_launch "$ZW_TMP/probe" "$ZW_TMP/probe.log"
		search_probe "http://$ZW_HOST:$ZW_PORT"
		zw_stop_pid "$ZW_SERVER_PID"
	fi
	if [[ $SEARCH_CODE != 200 ]]; then
		echo "search: not built yet (GET /api/v1/documents/search?q=审批 answered HTTP $SEARCH_CODE)"
		zw_result documents.search "not built yet"
	else
		command -v wrk >/dev/null || zw_die "wrk is not installed"
		# The generator calls zw_doc_index after every zw_doc_create (a
		# no-op write if zw_doc_create has indexed the document already).
		idx=()
		# (grep without -q reads all of nm's output: no SIGPIPE under pipefail)
		if nm "$ZW_ROOT/build/libzw.a" 2>/dev/null | grep ' T zw_doc_index$' >/dev/null; then
			idx=(-DZW_GEN_INDEX)
		fi
		bench_cc "$ZW_TMP/gen_docs" bench/gen_docs.c "${idx[@]}"
		SDATA=$ZW_TMP/search
		zw_init_data "$SDATA"
		zw_run "$ZW_TMP/gen_docs" "$SDATA/zhengwu.db" "$SEARCH_DOCS" 5000 >"$ZW_TMP/gen.txt" ||
			zw_die "gen_docs failed"
		cat "$ZW_TMP/gen.txt"
		NDOCS=$(sqlite3 "$SDATA/zhengwu.db" "SELECT count(*) FROM documents")
		NIDX=$(sqlite3 "$SDATA/zhengwu.db" "SELECT count(*) FROM doc_search" 2>/dev/null || echo '?')
		printf '%s documents, %s index entries, database %s MB\n' "$NDOCS" "$NIDX" \
			"$(du -m "$SDATA/zhengwu.db" | cut -f1)"
		[[ $NIDX == "$NDOCS" ]] ||
			zw_log "note: $NDOCS documents, $NIDX index entries (the demo's own documents are indexed by the server, if at all)"
		zw_launch "$SDATA" "$ZW_TMP/search.log"
		SBASE="http://$ZW_HOST:$ZW_PORT"
		ZW_TOKEN=$(login_token "$SBASE" li.na)
		export ZW_TOKEN
		ENC=()
		for q in $QUERIES; do
			ENC+=("$(urlenc "$q")")
		done
		export ZW_QUERIES="${ENC[*]}"
		# Each query alone: its matches (first page) and median of 5 requests.
		for q in $QUERIES; do
			ts=()
			for ((i = 0; i < 5; i++)); do
				ts+=("$(curl -sS -o "$ZW_TMP/q.json" -w '%{http_code} %{time_total}' \
					-H "Authorization: Bearer $ZW_TOKEN" "$SBASE/api/v1/documents/search?q=$(urlenc "$q")$LIMIT_Q")")
				[[ ${ts[-1]} == 200\ * ]] || zw_die "search $q: ${ts[-1]}"
			done
			(( $(jq '.items | length' "$ZW_TMP/q.json") > 0 )) ||
				zw_die "search $q found nothing: are the documents indexed?"
			printf 'q=%s: median of 5 %6.1f ms, %s items on the first page\n' "$q" \
				"$(printf '%s\n' "${ts[@]}" | awk '{print $2 * 1000}' | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')" \
				"$(jq '.items | length' "$ZW_TMP/q.json")"
		done
		if [[ $WARM != 0 ]]; then
			zw_run wrk -t"$WT" -c"$CONNS" -d"$WARM" -s "$ZW_ROOT/bench/search.lua" "$SBASE" >/dev/null
		fi
		zw_log "wrk -t$WT -c$CONNS -d$DUR --latency -s bench/search.lua $SBASE"
		c0=$(zw_cpu_ticks "$ZW_SERVER_PID")
		zw_run wrk -t"$WT" -c"$CONNS" -d"$DUR" --latency -s "$ZW_ROOT/bench/search.lua" "$SBASE" >"$ZW_TMP/wrk.txt"
		c1=$(zw_cpu_ticks "$ZW_SERVER_PID")
		[[ ${ZW_BENCH_VERBOSE:-0} != 1 ]] || cat "$ZW_TMP/wrk.txt" >&2
		zw_stop_pid "$ZW_SERVER_PID"
		read -r RPS P50 P99 ERR NREQ < <(awk '
			function ms(v) {
				if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
				if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
				if (v ~ /s$/)  return substr(v, 1, length(v) - 1) * 1000
				return v + 0
			}
			/^Requests\/sec:/ { rps = $2 }
			$1 == "50%" { p50 = ms($2) }
			$1 == "99%" { p99 = ms($2) }
			/Non-2xx or 3xx responses:/ { err += $NF }
			/Socket errors:/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) err += $i + 0 }
			/ requests in / { n = $1 }
			END { printf "%.0f %.2f %.2f %d %d\n", rps, p50, p99, err, n }' "$ZW_TMP/wrk.txt")
		SCPU=$(awk -v t=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" -v n="$NREQ" 'BEGIN{printf "%.0f", (n > 0) ? t / hz / n * 1e6 : 0}')
		SEARCH_OK=$(ok_lt "$P99" 50)
		printf 'wrk -t%s -c%s -d%s over %s: %s req/s, p50 %s ms, p99 %s ms, %s errors; p99 < 50 ms: %s\n' \
			"$WT" "$CONNS" "$DUR" "$QUERIES" "$RPS" "$P50" "$P99" "$ERR" "$SEARCH_OK"
		printf 'server CPU per search request: %s us (wrk shares the same cores)\n' "$SCPU"
		(( ERR == 0 )) || { zw_log "warning: $ERR failed search requests"; status=1; }
		zw_result documents.search "built"
		zw_result documents.search_docs "$NDOCS"
		zw_result documents.search_rps "$RPS"
		zw_result documents.search_p50_ms "$P50"
		zw_result documents.search_p99_ms "$P99"
		zw_result documents.search_ok "$SEARCH_OK"
		zw_result documents.search_cpu_us "$SCPU"
	fi
fi

# ---------------------------------------------------------------- summary
echo
printf '==== documents summary (%s, %s cores, load %s) ====\n' "$(date -Iseconds)" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-44s %-40s %-12s %s\n' "measure" "result" "target" "met"
row() { printf '%-44s %-40s %-12s %s\n' "$1" "$2" "$3" "$4"; }
if part issue; then
	row "issue to $ZW_BENCH_DOC_ORGS orgs (POST .../issue)" "median $(f issue_ms_median) ms (max $(f issue_ms_max))" "< 1 s" "$ISSUE_OK"
	row "  upload+draft+submit+sign+issue" "median $(f total_ms_median) ms (max $(f total_ms_max))" "< 1 s" "$TOTAL_OK"
	row "  set-up: $ZW_BENCH_DOC_ORGS orgs via POST /api/v1/orgs" "$(f orgs_setup_s) s" "-" "-"
fi
if part sm2; then
	row "SM2 sign ($MSG_BYTES B) vs openssl speed" "${BEST[sign]}/s vs ${BEST[os_sign]}/s = $SIGN_PCT %" ">= 80 %" "$SIGN_OK"
	row "SM2 verify ($MSG_BYTES B) vs openssl speed" "${BEST[verify]}/s vs ${BEST[os_verify]}/s = $VERIFY_PCT %" ">= 80 %" "$VERIFY_OK"
	row "  same process, vs speed's EVP loop" "sign $SIGN_REF_PCT %, verify $VERIFY_REF_PCT %" "-" "-"
	row "  seal incl. loading the org's key" "${BEST[seal]}/s" "-" "-"
fi
if part search; then
	if [[ $SEARCH_CODE == 200 ]]; then
		row "search, $NDOCS docs, wrk -c$CONNS" "$RPS req/s, p50 $P50 ms, p99 $P99 ms" "p99 < 50 ms" "$SEARCH_OK"
		row "  server CPU per search request" "$SCPU us" "-" "-"
	else
		row "search over $SEARCH_DOCS documents" "not built yet" "p99 < 50 ms" "-"
	fi
fi
exit "$status"
