#!/bin/sh
# A quick look at lytt-server on this machine: page weight of the first form page,
# and full valid submissions per second, each acknowledged only after a durable
# commit, against GET of the same form in the same run.
# usage: bench/server-quick.sh [BUILD_DIR]   (needs wrk: apt-get install wrk)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
tmp=$(mktemp -d)
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$tmp"' EXIT
"$build/src/server/lytt-server" --port 0 --db "$tmp/b.db" --surveys "$top/survey" >"$tmp/out" 2>&1 &
pid=$!
for _ in $(seq 50); do grep -q listening "$tmp/out" && break; sleep 0.1; done
port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$tmp/out")
base="http://127.0.0.1:$port"
form="$base/s/parorende/demensteam?lang=nn"
size() { curl -s --noproxy '*' -o /dev/null -w '%{size_download}' $2 "$1"; }
html=$(size "$form" ""); htmlz=$(size "$form" "-H Accept-Encoding:gzip")
css=$(size "$base/static/lytt.css" ""); cssz=$(size "$base/static/lytt.css" "-H Accept-Encoding:gzip")
js=$(size "$base/static/draft.js" ""); jsz=$(size "$base/static/draft.js" "-H Accept-Encoding:gzip")
echo "page weight (first form page: HTML + CSS + script, 3 requests, 0 third-party):"
echo "  gzip:  $htmlz + $cssz + $jsz = $((htmlz + cssz + jsz)) bytes"
echo "  plain: $html + $css + $js = $((html + css + js)) bytes"
secs=${SECS:-5}
get=$(wrk -t2 -c32 -d${secs}s -H 'Accept-Encoding: gzip' "$form" | awk '/Requests\/sec/ {print $2}')
post=$(wrk -t2 -c32 -d${secs}s -s "$top/bench/post.lua" "$form")
postrate=$(echo "$post" | awk '/Requests\/sec/ {print $2}')
bad=$(echo "$post" | sed -n 's/non2xx3xx=//p')
stored=$(sqlite3 "$tmp/b.db" 'SELECT count(*) FROM responses')
echo "GET form (gzip), 32 connections:        $get req/s"
echo "POST durable submissions, 32 conns:     $postrate req/s ($stored stored, $bad failed)"
echo "ratio durable POST / GET:               $(echo "$postrate $get" | awk '{printf "%.2f", $1/$2}')"
