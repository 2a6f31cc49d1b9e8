#!/bin/sh
# Installs what Lytt needs on Debian 12 (only what is missing), then configures
# and builds into the given build folder.
# usage: scripts/setup.sh [BUILD_DIR [CMAKE_BUILD_TYPE [extra cmake args...]]]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
type=${2:-RelWithDebInfo}
[ $# -gt 2 ] && shift 2 || set --
# The packages, one per line: compiler and build tools, the libraries, and the
# tools the tests use.
packages="build-essential cmake pkg-config
libmicrohttpd-dev libsqlite3-dev libyaml-dev libsodium-dev zlib1g-dev
libgsl-dev libjansson-dev
python3 sqlite3 clang-format clang libclang-rt-14-dev valgrind"

missing=""
for p in $packages; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
                missing="$missing $p"
done
if [ -n "$missing" ]; then
        echo "setup: installing$missing"
        sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
fi
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE="$type" "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
