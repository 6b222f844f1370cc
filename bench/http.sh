#!/usr/bin/env bash
# bench/http.sh -- HTTP throughput and latency: zhengwu vs nginx.
#
# Starts a fresh demo data dir and server on 127.0.0.1, logs in as admin
# (changing the initial password), then runs wrk (2 threads,
# 64 connections, 10 s, --latency) against /healthz, /office/login and
# GET /api/v1/orgs (bearer token via bench/auth.lua).  Then starts nginx
# (throwaway config, current user, 2 workers, access_log off) serving a
# static copy of the rendered /office/login page (same bytes) and runs
# the same wrk against it.
#
# Environment: ZW_BENCH_DURATION (10s), ZW_BENCH_CONNS (64),
# ZW_BENCH_WRK_THREADS (2), ZW_BENCH_WARMUP (2s; 0 = none),
# ZHENGWU_THREADS (server thread pool; default: the server's own).
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

DUR=${ZW_BENCH_DURATION:-10s}
CONNS=${ZW_BENCH_CONNS:-64}
WT=${ZW_BENCH_WRK_THREADS:-2}
WARM=${ZW_BENCH_WARMUP:-2s}
NGINX=${NGINX:-/usr/sbin/nginx}

command -v wrk >/dev/null || zw_die "wrk is not installed"
[[ -x $NGINX ]] || zw_die "nginx not found at $NGINX"
zw_build
zw_setup_tmp

# wrk output -> "rps p50_ms p99_ms errors requests"
# (errors = non-2xx/3xx responses + socket errors)
parse_wrk() {
	awk '
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
	END { printf "%.0f %.3f %.3f %d %d\n", rps, p50, p99, err, n }' "$1"
}

# run_wrk NAME PID URL [extra wrk args...]  (PID: the server, for its CPU time)
run_wrk() {
	local name=$1 pid=$2 url=$3 c0 c1 n
	shift 3
	if [[ $WARM != 0 ]]; then
		zw_run wrk -t"$WT" -c"$CONNS" -d"$WARM" "$@" "$url" >/dev/null
	fi
	zw_log "wrk -t$WT -c$CONNS -d$DUR --latency $* $url"
	c0=$(zw_cpu_ticks "$pid")
	zw_run wrk -t"$WT" -c"$CONNS" -d"$DUR" --latency "$@" "$url" >"$ZW_TMP/wrk.$name.txt"
	c1=$(zw_cpu_ticks "$pid")
	read -r "RPS[$name]" "P50[$name]" "P99[$name]" "ERR[$name]" n < <(parse_wrk "$ZW_TMP/wrk.$name.txt")
	CPU[$name]=$(awk -v t=$((c1 - c0)) -v hz="$HZ" -v n="$n" 'BEGIN{printf "%.1f", (n > 0) ? t / hz / n * 1e6 : 0}')
	if [[ ${ZW_BENCH_VERBOSE:-0} == 1 ]]; then
		cat "$ZW_TMP/wrk.$name.txt" >&2
	fi
}
declare -A RPS P50 P99 ERR CPU
HZ=$(getconf CLK_TCK)

zw_env_header

# ---- zhengwu ----
DATA=$ZW_TMP/data
zw_init_data "$DATA"
zw_launch "$DATA" "$ZW_TMP/server.log"
PORT=$ZW_PORT
BASE="http://$ZW_HOST:$PORT"
zw_log "zhengwu serving on $BASE ($(grep -o '[0-9]* threads' "$ZW_TMP/server.log" | head -1))"

# Token: log in, change the initial password (the session stays valid).
login=$(curl -sS --fail-with-body -H 'Content-Type: application/json' \
	-d "{\"login\":\"admin\",\"password\":\"$ZW_PASS_INIT\"}" "$BASE/api/v1/session")
TOKEN=$(jq -r .token <<<"$login")
[[ -n $TOKEN && $TOKEN != null ]] || zw_die "login failed: $login"
curl -sS --fail-with-body -o /dev/null -H 'Content-Type: application/json' \
	-H "Authorization: Bearer $TOKEN" \
	-d "{\"old_password\":\"$ZW_PASS_INIT\",\"new_password\":\"$ZW_PASS_NEW\"}" \
	"$BASE/api/v1/me/password"
code=$(curl -sS -o "$ZW_TMP/orgs.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/orgs")
[[ $code == 200 ]] || zw_die "GET /api/v1/orgs with the token: HTTP $code"
export ZW_TOKEN=$TOKEN

# The rendered login page, byte for byte (also nginx's static file).
curl -sS --fail -o "$ZW_TMP/login.html" -D "$ZW_TMP/login.hdr" "$BASE/office/login"
PAGE_BYTES=$(stat -c %s "$ZW_TMP/login.html")
HDR_BYTES=$(stat -c %s "$ZW_TMP/login.hdr")
ORGS_BYTES=$(stat -c %s "$ZW_TMP/orgs.json")

run_wrk healthz "$ZW_SERVER_PID" "$BASE/healthz"
run_wrk login "$ZW_SERVER_PID" "$BASE/office/login"
run_wrk orgs "$ZW_SERVER_PID" "$BASE/api/v1/orgs" -s "$ZW_ROOT/bench/auth.lua"
RSS_AFTER=$(zw_rss_kb "$ZW_SERVER_PID")
zw_stop_pid "$ZW_SERVER_PID"

# ---- nginx, same page as a static file ----
zw_start_nginx "$ZW_TMP/login.html"
NBYTES=$(curl -sS "http://$ZW_HOST:$NPORT/login.html" | wc -c)
[[ $NBYTES == "$PAGE_BYTES" ]] || zw_die "nginx serves $NBYTES bytes, page is $PAGE_BYTES"
NHDR_BYTES=$(curl -sS -D - -o /dev/null "http://$ZW_HOST:$NPORT/login.html" | wc -c)
run_wrk nginx "$NGINX_PID" "http://$ZW_HOST:$NPORT/login.html"
zw_stop_pid "$NGINX_PID"

# ---- report ----
printf '\n%-28s %10s %9s %9s %7s %10s  %s\n' "target" "req/s" "p50 ms" "p99 ms" "errors" "CPU us/req" "p99<10ms"
for k in healthz login orgs nginx; do
	case $k in
	healthz) label="zhengwu GET /healthz" ;;
	login) label="zhengwu GET /office/login" ;;
	orgs) label="zhengwu GET /api/v1/orgs" ;;
	nginx) label="nginx static (same bytes)" ;;
	esac
	ok=$(awk -v p="${P99[$k]}" 'BEGIN{print ((p < 10) ? "yes" : "NO")}')
	printf '%-28s %10s %9s %9s %7s %10s  %s\n' "$label" "${RPS[$k]}" "${P50[$k]}" "${P99[$k]}" "${ERR[$k]}" "${CPU[$k]}" "$ok"
	zw_result "http.$k.cpu_us" "${CPU[$k]}"
	zw_result "http.$k.rps" "${RPS[$k]}"
	zw_result "http.$k.p50_ms" "${P50[$k]}"
	zw_result "http.$k.p99_ms" "${P99[$k]}"
	zw_result "http.$k.errors" "${ERR[$k]}"
	zw_result "http.$k.p99_ok" "$ok"
done
RATIO=$(awk -v a="${RPS[login]}" -v b="${RPS[nginx]}" 'BEGIN{printf "%.1f", (b > 0) ? 100 * a / b : 0}')
RATIO_OK=$(awk -v r="$RATIO" 'BEGIN{print ((r >= 50) ? "yes" : "NO")}')
printf '\nlogin page: %s bytes body (+%s bytes of headers; nginx headers %s bytes); /api/v1/orgs body %s bytes\n' \
	"$PAGE_BYTES" "$HDR_BYTES" "$NHDR_BYTES" "$ORGS_BYTES"
printf 'templated page rps / nginx rps = %s%% (target >= 50%%: %s)\n' "$RATIO" "$RATIO_OK"
printf '(CPU us/req: server CPU time, user + system, over the run / requests served;\n wrk runs on the same cores, so req/s is bounded by the machine, not only the server)\n'
printf 'server RSS after the runs: %s MB\n' "$(awk -v k="$RSS_AFTER" 'BEGIN{printf "%.1f", k/1024}')"
zw_result http.ratio_pct "$RATIO"
zw_result http.ratio_ok "$RATIO_OK"
zw_result http.page_bytes "$PAGE_BYTES"
zw_result http.rss_after_mb "$(awk -v k="$RSS_AFTER" 'BEGIN{printf "%.1f", k/1024}')"
bad=0
for k in healthz login orgs nginx; do
	(( ${ERR[$k]} == 0 )) || { zw_log "warning: $k had ${ERR[$k]} failed requests"; bad=1; }
done
exit "$bad"
