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
libgsl-dev libjansson-dev libglpk-dev glpk-utils
python3 sqlite3 clang-format clang libclang-rt-14-dev valgrind openssl
chromium nodejs
fonts-dejavu-core libcairo2-dev libpango1.0-dev poppler-utils
libqrencode-dev zbar-tools
libxlsxwriter-dev libreadstat-dev readstat python3-openpyxl python3-yaml"

missing=""
for p in $packages; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
                missing="$missing $p"
done
# npm: its own package with Debian's nodejs; inside the nodejs package of other
# builds of Node.js, which conflict with Debian's npm package.
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
        echo "setup: installing$missing"
        sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
fi
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE="$type" "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
# The browser tests' npm packages (tests/browser/package-lock.json), installed
# again only when the lock file has changed. Without them those tests skip
# (and fail under CI), so a failure here does not stop the build.
browser="$top/tests/browser"
if ! cmp -s "$browser/package-lock.json" "$browser/node_modules/.lytt-lock" 2>/dev/null; then
        echo "setup: npm ci in tests/browser"
        if (cd "$browser" && npm ci --no-audit --no-fund --loglevel=error); then
                cp "$browser/package-lock.json" "$browser/node_modules/.lytt-lock"
        else
                echo "setup: npm ci failed: the browser tests cannot run" >&2
        fi
fi
