#!/bin/sh
# with-pg.sh -- run a command with a throwaway PostgreSQL server:
#   scripts/with-pg.sh CMD ARGS...
# exports ZHENGWU_TEST_PG_URL for the command and stops the server after.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d /tmp/zw-pg.XXXXXX)
chmod 755 "$dir"
url=$("$here/pg-temp.sh" start "$dir")
trap '"$here/pg-temp.sh" stop "$dir" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT INT TERM
export ZHENGWU_TEST_PG_URL="$url"
"$@"
