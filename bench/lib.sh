# bench/lib.sh -- helpers shared by the benchmark scripts (sourced, not run).
#
# Every script gets a private temp dir ($ZW_TMP) and a cleanup trap that
# stops the processes it started (by PID, never by name) and removes the
# temp dir, on success, failure or Ctrl-C.  Everything listens on and
# talks to 127.0.0.1 only.

set -euo pipefail

ZW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ZW_BIN=${ZW_BIN:-$ZW_ROOT/bin/zhengwu}
ZW_HOST=127.0.0.1
ZW_PASS_INIT='Zw#Pass2026'
ZW_PASS_NEW='Bench#Pass2026-x'
ZW_PIDS=()

zw_log() { printf '%s\n' "$*" >&2; }
zw_die() { zw_log "error: $*"; exit 1; }

zw_setup_tmp() {
	ZW_TMP=$(mktemp -d "${TMPDIR:-/tmp}/zwbench.XXXXXX")
	trap zw_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# Stop one process we started: TERM, up to 5 s, then KILL.
zw_stop_pid() {
	local pid=$1 i
	kill -0 "$pid" 2>/dev/null || return 0
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < 500; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		read -rt 0.01 -u "$ZW_SLEEP_FD" _ 2>/dev/null || true
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
}

zw_cleanup() {
	local rc=$? pid
	trap - EXIT INT TERM
	for pid in "${ZW_PIDS[@]}"; do
		zw_stop_pid "$pid"
	done
	if [[ -n ${ZW_TMP:-} && -d $ZW_TMP ]]; then
		rm -rf -- "$ZW_TMP"
	fi
	exit "$rc"
}

# A file descriptor that never becomes readable: `read -t` on it is a
# builtin sub-millisecond sleep (no fork of /bin/sleep in poll loops).
exec {ZW_SLEEP_FD}<> <(:)
# Microseconds since the epoch into $ZW_US (bash 5 clock; no fork).
zw_us() { ZW_US=${EPOCHREALTIME/[.,]/}; ZW_US=$((10#$ZW_US)); }
zw_nap() { read -rt "$1" -u "$ZW_SLEEP_FD" _ 2>/dev/null || true; }

# Make sure the binary (and libzw.a) are current, unless told not to.
zw_build() {
	if [[ ${ZW_BENCH_NO_BUILD:-0} != 1 ]]; then
		make -s -C "$ZW_ROOT" bin/zhengwu build/libzw.a >&2
	fi
	[[ -x $ZW_BIN ]] || zw_die "$ZW_BIN missing: run make"
}

# A TCP port on 127.0.0.1 that nothing listens on right now.
zw_free_port() {
	local p i
	for ((i = 0; i < 200; i++)); do
		p=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/$ZW_HOST/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	zw_die "no free port found"
}

# One HTTP/1.0 GET over bash's /dev/tcp; succeeds iff the status is 200.
zw_get200() {
	local port=$1 path=$2 line
	exec {fd}<>"/dev/tcp/$ZW_HOST/$port" || return 1
	printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$ZW_HOST" >&"$fd" || { exec {fd}>&-; return 1; }
	IFS= read -r -t 2 -u "$fd" line || line=
	exec {fd}>&-
	[[ $line == "HTTP/1."[01]" 200"* ]]
}

# Wait (up to $3 seconds, default 10) for a 200 on port $1 path $2.
zw_wait200() {
	local port=$1 path=$2 limit=${3:-10} t0
	zw_us; t0=$ZW_US
	while ! zw_get200 "$port" "$path" 2>/dev/null; do
		zw_us
		(( ZW_US - t0 < limit * 1000000 )) || return 1
		zw_nap 0.005
	done
}

# Create a fresh demo data dir: zw_init_data DIR
zw_init_data() {
	ZHENGWU_ADMIN_PASSWORD=$ZW_PASS_INIT "$ZW_BIN" init --data "$1" --demo >/dev/null 2>"$ZW_TMP/init.log" ||
		{ cat "$ZW_TMP/init.log" >&2; zw_die "zhengwu init failed"; }
}

# Start the server in the background: zw_start_server DATA PORT LOG
# Sets ZW_SERVER_PID (also registered for cleanup).
zw_start_server() {
	ZHENGWU_ACCESS_LOG=off ZHENGWU_LOGIN_RATE_PER_MINUTE=100000 \
		"$ZW_BIN" serve --data "$1" --listen "$ZW_HOST:$2" >"$3" 2>&1 &
	ZW_SERVER_PID=$!
	ZW_PIDS+=("$ZW_SERVER_PID")
}

zw_rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# Record a result for bench/run.sh's summary (no-op when run alone).
zw_result() {
	if [[ -n ${ZW_BENCH_RESULTS:-} ]]; then
		printf '%s=%s\n' "$1" "$2" >>"$ZW_BENCH_RESULTS"
	fi
}

# Machine and load, printed at the top of each script's output.
zw_env_header() {
	printf '# %s  host: %s cores, %s, kernel %s\n' "$(date -Iseconds)" "$(nproc)" \
		"$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)" "$(uname -r)"
	printf '# load average before the run: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
	printf '# zhengwu commit %s%s\n' "$(git -C "$ZW_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')" \
		"$(git -C "$ZW_ROOT" diff --quiet HEAD -- src 2>/dev/null || echo ' (+ uncommitted changes in src/)')"
}
