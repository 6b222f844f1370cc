#!/bin/sh
# Installs the Debian packages zhengwu needs to build, test and benchmark,
# skipping those already installed.  Needs root (or sudo) only when
# something is missing.
set -e
PKGS="build-essential pkg-config libmicrohttpd-dev libsqlite3-dev sqlite3
libpq-dev postgresql libssl-dev openssl libsodium-dev libjansson-dev
libcurl4-openssl-dev libcmocka-dev chromium wrk nginx-light hyperfine
ca-certificates fonts-noto-cjk"
# Node.js 20 may come from outside Debian (as on our CI image); only ask
# Debian for it when there is no node at all.
command -v node >/dev/null 2>&1 || PKGS="$PKGS nodejs npm"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
