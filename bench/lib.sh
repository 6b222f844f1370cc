# shellcheck shell=bash disable=SC2034  # constants and ids used by the scripts that source this
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

# Run a command in the background and wait for it, so that a signal to
# this script (Ctrl-C, TERM) runs the cleanup at once; the cleanup stops
# the command too.  Returns the command's status.
zw_run() {
	local pid rc=0 p keep=()
	"$@" &
	pid=$!
	ZW_PIDS+=("$pid")
	wait "$pid" || rc=$?
	for p in "${ZW_PIDS[@]}"; do
		[[ $p == "$pid" ]] || keep+=("$p")
	done
	ZW_PIDS=("${keep[@]}")
	return "$rc"
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

# A TCP port on 127.0.0.1 that nothing listens on right now, below the
# kernel's ephemeral range (ports there can be taken at any moment by
# outgoing connections, ours or other programs').
zw_free_port() {
	local p i lo=10000 hi
	read -r hi _ </proc/sys/net/ipv4/ip_local_port_range || hi=32768
	(( hi > lo + 1000 )) || { lo=20000; hi=60000; }
	for ((i = 0; i < 200; i++)); do
		p=$((lo + (RANDOM * 32768 + RANDOM) % (hi - lo)))
		if ! (exec 3<>"/dev/tcp/$ZW_HOST/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	zw_die "no free port found"
}

# One HTTP/1.0 GET over bash's /dev/tcp; succeeds iff the status is 200.
zw_get200() {
	local port=$1 path=$2 line fd
	exec {fd}<>"/dev/tcp/$ZW_HOST/$port" || return 1
	printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$ZW_HOST" >&"$fd" || { exec {fd}>&-; return 1; }
	IFS= read -r -t 2 -u "$fd" line || line=
	exec {fd}>&-
	[[ $line == "HTTP/1."[01]" 200"* ]]
}

# Wait (up to $3 seconds, default 10) for a 200 on port $1 path $2;
# give up early when process $4 (optional) has exited.
zw_wait200() {
	local port=$1 path=$2 limit=${3:-10} pid=${4:-} t0
	zw_us; t0=$ZW_US
	while ! zw_get200 "$port" "$path" 2>/dev/null; do
		[[ -z $pid ]] || kill -0 "$pid" 2>/dev/null || return 1
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
	ZHENGWU_ACCESS_LOG=off ZHENGWU_LOGIN_RATE_PER_MINUTE=10000 \
		"$ZW_BIN" serve --data "$1" --listen "$ZW_HOST:$2" >"$3" 2>&1 &
	ZW_SERVER_PID=$!
	ZW_PIDS+=("$ZW_SERVER_PID")
}

# Start the server on a free port and wait for /healthz: zw_launch DATA LOG
# Sets ZW_PORT and ZW_SERVER_PID.  Retries with another port when the
# chosen one was taken in the meantime.
zw_launch() {
	local try
	for ((try = 0; try < 5; try++)); do
		ZW_PORT=$(zw_free_port)
		zw_start_server "$1" "$ZW_PORT" "$2"
		zw_wait200 "$ZW_PORT" /healthz 10 "$ZW_SERVER_PID" && return 0
		zw_stop_pid "$ZW_SERVER_PID"
		grep -q 'already in use' "$2" || break
	done
	cat "$2" >&2
	zw_die "server did not start"
}

# CPU ticks (user + system) used so far by process $1 and its children
# (nginx: master + workers).  Divide by `getconf CLK_TCK` for seconds.
zw_cpu_ticks() {
	local pid=$1 total=0 c t
	for c in $pid $(cat /proc/"$pid"/task/*/children 2>/dev/null); do
		# fields 14 and 15 of /proc/PID/stat, after the "(comm)" field
		t=$(awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$c/stat" 2>/dev/null) || t=0
		total=$((total + ${t:-0}))
	done
	echo "$total"
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

# zw_start_nginx FILE...: nginx (at $NGINX) serving the given files as
# static pages from $ZW_TMP/nginx/html, with the configuration the
# benchmarks compare against (sendfile, no access log, 2 workers).
# Sets NG, NPORT and NGINX_PID (also in ZW_PIDS); retries on a port
# taken meanwhile.  The first file is the probe.
zw_start_nginx() {
	local probe f
	probe=$(basename "$1")
	NG=$ZW_TMP/nginx
	mkdir -p "$NG/html" "$NG/logs" "$NG/tmp"
	for f in "$@"; do
		cp "$f" "$NG/html/"
	done
	user_line=
	if [[ $(id -u) == 0 ]]; then
		# as root the workers would drop to "nobody"; keep them as us
		user_line="user $(id -un) $(id -gn);"
	fi
	for ((try = 0; try < 5; try++)); do
		NPORT=$(zw_free_port)
		cat >"$NG/nginx.conf" <<-CONF
	$user_line
	worker_processes 2;
	daemon off;
	pid $NG/nginx.pid;
	error_log $NG/logs/error.log warn;
	events { worker_connections 1024; }
	http {
	    access_log off;
	    sendfile on;
	    tcp_nopush on;
	    keepalive_requests 1000000;
	    open_file_cache max=16;
	    types { text/html html; }
	    default_type application/octet-stream;
	    client_body_temp_path $NG/tmp/body;
	    proxy_temp_path $NG/tmp/proxy;
	    fastcgi_temp_path $NG/tmp/fastcgi;
	    uwsgi_temp_path $NG/tmp/uwsgi;
	    scgi_temp_path $NG/tmp/scgi;
	    server {
	        listen $ZW_HOST:$NPORT;
	        root $NG/html;
	        location / { }
	    }
	}
	CONF
		"$NGINX" -p "$NG" -e "$NG/logs/error.log" -c "$NG/nginx.conf" 2>"$NG/logs/stderr.log" &
		NGINX_PID=$!
		ZW_PIDS+=("$NGINX_PID")
		if zw_wait200 "$NPORT" "/$probe" 10 "$NGINX_PID"; then
			break
		fi
		zw_stop_pid "$NGINX_PID"
		grep -q 'already in use' "$NG/logs/error.log" "$NG/logs/stderr.log" 2>/dev/null ||
			{ cat "$NG/logs/error.log" "$NG/logs/stderr.log" >&2; zw_die "nginx did not start"; }
	done
	kill -0 "$NGINX_PID" 2>/dev/null || zw_die "nginx did not start (ports taken)"
}
