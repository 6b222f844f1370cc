#!/usr/bin/env bash
# bench/run.sh -- every benchmark in sequence, then a summary table
# (`make bench`).  Each script's full output is printed as it runs.
# Environment: see bench/http.sh, bench/startup.sh, bench/audit.sh, bench/portal.sh.
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

zw_build
export ZW_BENCH_NO_BUILD=1
zw_setup_tmp
export ZW_BENCH_RESULTS=$ZW_TMP/results
: >"$ZW_BENCH_RESULTS"

status=0
for b in http startup audit documents approvals registry portal search letters compare; do
	printf '\n==== bench/%s.sh ====\n' "$b"
	if ! zw_run "$ZW_ROOT/bench/$b.sh"; then
		zw_log "bench/$b.sh failed"
		status=1
	fi
done

declare -A R
while IFS='=' read -r k v; do
	R[$k]=$v
done <"$ZW_BENCH_RESULTS"
r() { printf '%s' "${R[$1]:-n/a}"; }

printf '\n==== summary (%s, %s cores, load %s) ====\n' "$(date -Iseconds)" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-36s %-44s %-12s %s\n' "measure" "result" "target" "met"
row() { printf '%-36s %-44s %-12s %s\n' "$1" "$2" "$3" "$4"; }
for k in healthz login orgs nginx; do
	case $k in
	healthz) label="GET /healthz" ;;
	login) label="GET /office/login (templated)" ;;
	orgs) label="GET /api/v1/orgs (bearer)" ;;
	nginx) label="nginx, static login page" ;;
	esac
	row "$label" "$(r http.$k.rps) req/s, p50 $(r http.$k.p50_ms) ms, $(r http.$k.cpu_us) us CPU/req" "p99 < 10 ms" "$(r http.$k.p99_ok) (p99 $(r http.$k.p99_ms) ms)"
done
row "templated page / nginx throughput" "$(r http.ratio_pct) %" ">= 50 %" "$(r http.ratio_ok)"
row "startup to first 200 (median)" "$(r startup.median_ms) ms" "< 200 ms" "$(r startup.ok)"
row "idle RSS (median)" "$(r startup.rss_mb) MB" "< 30 MB" "$(r startup.rss_ok)"
row "RSS after the HTTP runs" "$(r http.rss_after_mb) MB" "-" "-"
row "shutdown, SIGTERM to exit (idle)" "$(r startup.stop_ms) ms" "-" "-"
row "audit verify, $(r audit.events) events" "$(r audit.verify_s) s" "< 5 s" "$(r audit.verify_ok)"
row "  sqlite3 full scan, same table" "$(r audit.scan_s) s" "-" "-"
row "  SM3 alone over the chain (openssl)" "$(r audit.hash_floor_s) s ($(r audit.sm3_256_mbs) MB/s)" "-" "-"
row "  generating the chain (gen_audit)" "$(r audit.gen_s) s" "-" "-"
row "GET /api/v1/audit, first page" "$(r audit.api_first_page_ms) ms at $(r audit.events) events" "-" "-"
row "GET /api/v1/audit?actor=nobody" "$(r audit.api_actor_filter_ms) ms" "-" "-"
row "application submissions (POST /api/v1/applications)" "$(r approvals.submit_rps)/s (sqlite3 shell, one row per transaction: $(r approvals.submit_ref_rps)/s)" ">= 1000/s" "-"
row "public progress query" "$(r approvals.progress_rps) req/s, p99 $(r approvals.progress_p99)" "p99 < 5 ms" "-"
row "registry import, $(r registry.rows) people" "$(r registry.import_rate) rows/s ($(r registry.import_s) s)" ">= 50 % ref" "$(r registry.ratio_ok) ($(r registry.ratio_pct) % of $(r registry.ref_rate))"
row "registry lookup, 64 connections" "$(r registry.lookup_rps) req/s, p50 $(r registry.lookup_p50_ms) ms" "p99 < 2 ms" "$(r registry.lookup_p99_ok) (p99 $(r registry.lookup_p99_ms) ms)"
row "portal GET / (cached page)" "$(r portal.home.rps) req/s, p99 $(r portal.home.p99_ms) ms, $(r portal.home.cpu_us) us CPU/req" "-" "-"
row "portal GET /articles/N (cached page)" "$(r portal.article.rps) req/s, p99 $(r portal.article.p99_ms) ms" "-" "-"
row "portal GET / with If-None-Match (304)" "$(r portal.home304.rps) req/s" "-" "-"
row "portal home / nginx, same bytes" "$(r portal.home_ratio_pct) %" ">= 70 %" "$(r portal.home_ratio_ok)"
row "portal article / nginx, same bytes" "$(r portal.article_ratio_pct) %" ">= 70 %" "$(r portal.article_ratio_ok)"
exit "$status"
