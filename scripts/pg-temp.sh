#!/bin/sh
# pg-temp.sh -- a throwaway PostgreSQL 15 server for tests.
#
#   scripts/pg-temp.sh start DIR   initdb + start on 127.0.0.1 and a free
#                                  port; prints the connection URL
#   scripts/pg-temp.sh stop DIR    stop it and remove what start created
#   scripts/pg-temp.sh url DIR     print the URL of a running server
#
# The cluster lives in DIR/data (socket in DIR, log in DIR/log).  As root
# the server runs as the `postgres` system user (PostgreSQL refuses to
# run as root), so DIR is chowned to it and must be reachable by it.
# Durability is off (fsync, synchronous_commit): test data only.
set -eu

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

usage() {
	echo "usage: $0 start|stop|url DIR" >&2
	exit 2
}

[ $# -eq 2 ] || usage
cmd=$1
dir=$2

# Run a PostgreSQL program as the right user.
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

url() {
	echo "postgresql://postgres@127.0.0.1:$(cat "$dir/port")/postgres"
}

running() {
	[ -f "$dir/port" ] && [ -f "$dir/data/postmaster.pid" ] &&
		as_pg "$PGBIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

# A random port in [20000, 60000) that nobody listens on.
free_port() {
	while :; do
		r=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
		p=$((20000 + r % 40000))
		if ! ss -Hltn "sport = :$p" 2>/dev/null | grep -q .; then
			echo "$p"
			return
		fi
	done
}

start() {
	[ -x "$PGBIN/initdb" ] || {
		echo "pg-temp: $PGBIN/initdb not found (apt-get install postgresql)" >&2
		exit 1
	}
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	if running; then
		url
		return
	fi
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres: "$dir"
		chmod 700 "$dir"
		runuser -u postgres -- test -w "$dir" || {
			echo "pg-temp: user postgres cannot reach $dir" \
			    "(a parent directory is private?)" >&2
			exit 1
		}
	fi
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		rm -rf "$dir/data"
		as_pg "$PGBIN/initdb" -D "$dir/data" -A trust -U postgres \
		    --no-sync -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 || {
			cat "$dir/initdb.log" >&2
			exit 1
		}
	fi
	tries=0
	while :; do
		port=$(free_port)
		if as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 20 \
		    -o "-c listen_addresses=127.0.0.1 -p $port -c fsync=off \
-c synchronous_commit=off -c full_page_writes=off \
-c unix_socket_directories=$dir -c max_connections=200" \
		    start >/dev/null 2>&1; then
			break
		fi
		tries=$((tries + 1))
		if [ $tries -ge 5 ]; then
			echo "pg-temp: cannot start PostgreSQL; log:" >&2
			tail -n 20 "$dir/log" >&2 2>/dev/null || true
			exit 1
		fi
	done
	echo "$port" >"$dir/port"
	i=0
	until "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$port"; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "pg-temp: server not ready" >&2; exit 1; }
		sleep 0.05
	done
	url
}

stop() {
	[ -d "$dir" ] || return 0
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop \
		    >/dev/null 2>&1 || true
	fi
	rm -rf "$dir/data" "$dir/log" "$dir/port" "$dir/initdb.log"
	rmdir "$dir" 2>/dev/null || true
}

case $cmd in
start)	start ;;
stop)	stop ;;
url)	running && url || { echo "pg-temp: not running" >&2; exit 1; } ;;
*)	usage ;;
esac
