#!/usr/bin/env bash
# bench/portal.sh -- the public portal's cached pages vs nginx.
#
# Starts a fresh demo data dir and server on 127.0.0.1 and runs wrk
# (2 threads, 64 connections, 10 s, --latency) against the home page /,
# an article page /articles/N, and the home page again with a matching
# If-None-Match (the 304 a returning browser gets).  The pages are
# rendered once and then served from the in-memory page cache.  Then
# nginx (throwaway config, current user, 2 workers, access_log off)
# serves the same bytes of both pages as static files and wrk runs the
# same way against them.  Target (issue 5): each page at >= 70 % of
# nginx's requests per second.
#
# Environment: ZW_BENCH_DURATION (10s), ZW_BENCH_CONNS (64),
# ZW_BENCH_WRK_THREADS (2), ZW_BENCH_WARMUP (2s; 0 = none).
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

# wrk output -> "rps p50_ms p99_ms errors requests" (as bench/http.sh)
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
BASE="http://$ZW_HOST:$ZW_PORT"
zw_log "zhengwu serving on $BASE ($(grep -o '[0-9]* threads' "$ZW_TMP/server.log" | head -1))"

ARTICLE=$(curl -sS --fail "$BASE/api/v1/articles?limit=1" | jq -r '.items[0].url')
[[ $ARTICLE == /articles/* ]] || zw_die "no published article in the demo data"
curl -sS --fail -o "$ZW_TMP/home.html" -D "$ZW_TMP/home.hdr" "$BASE/"
curl -sS --fail -o "$ZW_TMP/article.html" "$BASE$ARTICLE"
ETAG=$(awk 'tolower($1) == "etag:" {print $2}' "$ZW_TMP/home.hdr" | tr -d '\r')
[[ -n $ETAG ]] || zw_die "the home page has no ETag"
code=$(curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: $ETAG" "$BASE/")
[[ $code == 304 ]] || zw_die "If-None-Match on / gave HTTP $code, not 304"
HOME_BYTES=$(stat -c %s "$ZW_TMP/home.html")
ART_BYTES=$(stat -c %s "$ZW_TMP/article.html")

run_wrk home "$ZW_SERVER_PID" "$BASE/"
run_wrk article "$ZW_SERVER_PID" "$BASE$ARTICLE"
run_wrk home304 "$ZW_SERVER_PID" "$BASE/" -H "If-None-Match: $ETAG"
RSS_AFTER=$(zw_rss_kb "$ZW_SERVER_PID")
zw_stop_pid "$ZW_SERVER_PID"

# ---- nginx, the same bytes as static files ----
zw_start_nginx "$ZW_TMP/home.html" "$ZW_TMP/article.html"
for f in home article; do
	n=$(curl -sS "http://$ZW_HOST:$NPORT/$f.html" | wc -c)
	want=$(stat -c %s "$ZW_TMP/$f.html")
	[[ $n == "$want" ]] || zw_die "nginx serves $n bytes of $f.html, the page is $want"
done
run_wrk nginx_home "$NGINX_PID" "http://$ZW_HOST:$NPORT/home.html"
run_wrk nginx_article "$NGINX_PID" "http://$ZW_HOST:$NPORT/article.html"
zw_stop_pid "$NGINX_PID"

# ---- report ----
printf '\n%-34s %10s %9s %9s %7s %10s\n' "target" "req/s" "p50 ms" "p99 ms" "errors" "CPU us/req"
for k in home article home304 nginx_home nginx_article; do
	case $k in
	home) label="zhengwu GET / (cached)" ;;
	article) label="zhengwu GET $ARTICLE (cached)" ;;
	home304) label="zhengwu GET / If-None-Match (304)" ;;
	nginx_home) label="nginx static, same bytes as /" ;;
	nginx_article) label="nginx static, same as the article" ;;
	esac
	printf '%-34s %10s %9s %9s %7s %10s\n' "$label" "${RPS[$k]}" "${P50[$k]}" "${P99[$k]}" "${ERR[$k]}" "${CPU[$k]}"
	zw_result "portal.$k.rps" "${RPS[$k]}"
	zw_result "portal.$k.p50_ms" "${P50[$k]}"
	zw_result "portal.$k.p99_ms" "${P99[$k]}"
	zw_result "portal.$k.cpu_us" "${CPU[$k]}"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1f", (b > 0) ? 100 * a / b : 0}'; }
ok() { awk -v r="$1" 'BEGIN{print ((r >= 70) ? "yes" : "NO")}'; }
HOME_RATIO=$(ratio "${RPS[home]}" "${RPS[nginx_home]}")
ART_RATIO=$(ratio "${RPS[article]}" "${RPS[nginx_article]}")
printf '\nhome page %s bytes, article page %s bytes\n' "$HOME_BYTES" "$ART_BYTES"
printf 'home page rps / nginx rps = %s%% (target >= 70%%: %s)\n' "$HOME_RATIO" "$(ok "$HOME_RATIO")"
printf 'article rps / nginx rps   = %s%% (target >= 70%%: %s)\n' "$ART_RATIO" "$(ok "$ART_RATIO")"
printf '(wrk runs on the same cores as the servers: req/s is bounded by the machine)\n'
printf 'server RSS after the runs: %s MB\n' "$(awk -v k="$RSS_AFTER" 'BEGIN{printf "%.1f", k/1024}')"
zw_result portal.home_ratio_pct "$HOME_RATIO"
zw_result portal.article_ratio_pct "$ART_RATIO"
zw_result portal.home_ratio_ok "$(ok "$HOME_RATIO")"
zw_result portal.article_ratio_ok "$(ok "$ART_RATIO")"
bad=0
for k in home article home304 nginx_home nginx_article; do
	(( ${ERR[$k]} == 0 )) || { zw_log "warning: $k had ${ERR[$k]} failed requests"; bad=1; }
done
exit "$bad"
