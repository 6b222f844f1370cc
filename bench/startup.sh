#!/usr/bin/env bash
# bench/startup.sh -- time from `zhengwu serve` to the first 200 on
# /healthz (10 runs, median), and the idle server's resident memory.
#
# The poll is a tight loop in bash itself (/dev/tcp, no curl fork) with
# 1 ms naps between attempts, so the figure's resolution is about 1 ms.
# Environment: ZW_BENCH_STARTS (10), ZW_BENCH_IDLE_WAIT (1 s before
# reading VmRSS), ZHENGWU_THREADS.
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

RUNS=${ZW_BENCH_STARTS:-10}
IDLE_WAIT=${ZW_BENCH_IDLE_WAIT:-1}

zw_build
zw_setup_tmp
zw_env_header

DATA=$ZW_TMP/data
zw_init_data "$DATA"
# One throwaway start: the first ever open of a data dir may do one-off
# work (WAL creation, checks); the runs below measure routine restarts.
zw_launch "$DATA" "$ZW_TMP/server.log"
zw_stop_pid "$ZW_SERVER_PID"

times=()
rss=()
stops=()
retries=0
for ((run = 1; run <= RUNS; run++)); do
	PORT=$(zw_free_port)
	zw_us; t0=$ZW_US
	zw_start_server "$DATA" "$PORT" "$ZW_TMP/server.$run.log"
	ok=0
	while :; do
		if zw_get200 "$PORT" /healthz 2>/dev/null; then
			ok=1
			break
		fi
		kill -0 "$ZW_SERVER_PID" 2>/dev/null || break
		zw_us
		(( ZW_US - t0 < 10000000 )) || break
		zw_nap 0.001
	done
	zw_us; t1=$ZW_US
	if (( !ok )); then
		zw_stop_pid "$ZW_SERVER_PID"
		# the port was taken between the check and the bind: run again
		if grep -q 'already in use' "$ZW_TMP/server.$run.log" && (( retries++ < 5 )); then
			run=$((run - 1))
			continue
		fi
		cat "$ZW_TMP/server.$run.log" >&2
		zw_die "run $run: no 200 from /healthz"
	fi
	times+=($(( t1 - t0 )))
	zw_nap "$IDLE_WAIT"
	rss+=("$(zw_rss_kb "$ZW_SERVER_PID")")
	zw_us; t0=$ZW_US
	zw_stop_pid "$ZW_SERVER_PID"
	zw_us; stops+=($(( ZW_US - t0 )))
	printf 'run %2d: first 200 after %6.1f ms, idle VmRSS %5.1f MB, SIGTERM to exit %6.1f ms\n' "$run" \
		"$(awk -v u="${times[-1]}" 'BEGIN{print u/1000}')" \
		"$(awk -v k="${rss[-1]}" 'BEGIN{print k/1024}')" \
		"$(awk -v u="${stops[-1]}" 'BEGIN{print u/1000}')"
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
MED_MS=$(awk -v u="$(median "${times[@]}")" 'BEGIN{printf "%.1f", u/1000}')
MIN_MS=$(printf '%s\n' "${times[@]}" | sort -n | head -1 | awk '{printf "%.1f", $1/1000}')
MAX_MS=$(printf '%s\n' "${times[@]}" | sort -n | tail -1 | awk '{printf "%.1f", $1/1000}')
STOP_MS=$(awk -v u="$(median "${stops[@]}")" 'BEGIN{printf "%.1f", u/1000}')
RSS_MB=$(awk -v k="$(median "${rss[@]}")" 'BEGIN{printf "%.1f", k/1024}')
START_OK=$(awk -v m="$MED_MS" 'BEGIN{print ((m < 200) ? "yes" : "NO")}')
RSS_OK=$(awk -v m="$RSS_MB" 'BEGIN{print ((m < 30) ? "yes" : "NO")}')
printf '\nstartup to first 200: median %s ms (min %s, max %s, %d runs; target < 200 ms: %s)\n' \
	"$MED_MS" "$MIN_MS" "$MAX_MS" "$RUNS" "$START_OK"
printf 'idle RSS: median %s MB (target < 30 MB: %s)\n' "$RSS_MB" "$RSS_OK"
printf 'shutdown (SIGTERM to exit, idle): median %s ms\n' "$STOP_MS"
zw_result startup.median_ms "$MED_MS"
zw_result startup.min_ms "$MIN_MS"
zw_result startup.max_ms "$MAX_MS"
zw_result startup.ok "$START_OK"
zw_result startup.rss_mb "$RSS_MB"
zw_result startup.rss_ok "$RSS_OK"
zw_result startup.stop_ms "$STOP_MS"
