#!/bin/sh
# make bench: builds in release mode and prints one table of figures, each against a
# baseline measured in the same run on this machine. Never a test: it only prints.
#
#   form page       GET /s/parorende/demensteam (gzip) vs a minimal libmicrohttpd server
#                   with the same threading answering a fixed small page (bench/baseline_server.c)
#   durable POST    full valid submissions, each acknowledged after a durable commit, with group
#                   commit vs one transaction per submission (--commit-batch 1), and vs the
#                   baseline GET rate
#   page weight     bytes and requests of the first form page
#   analysis        summary, compare, trend and report on 10 000, 100 000 and 1 000 000 generated
#                   responses: wall time and peak resident memory
#   rewrite         the at-rest rewrite (lytt-admin scrub: VACUUM and an emptied WAL, what the
#                   server does when idle) and lytt-admin backup (VACUUM INTO), against copying
#                   the same database file once with cp, at each size
#
# Environment: SECS (seconds per wrk run, default 10), CONNS (default 64),
# SIZES (default "10000 100000 1000000"), BENCH_DATA (where generated databases are
# kept between runs, default build-release/bench-data).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build="$top/build-release"
secs=${SECS:-10}
conns=${CONNS:-64}
sizes=${SIZES:-"10000 100000 1000000"}
data=${BENCH_DATA:-$build/bench-data}
"$top/scripts/setup.sh" "$build" Release >/dev/null
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)"; exit 1; }
mkdir -p "$data"
tmp=$(mktemp -d)
pids=""
# start() runs in a command substitution (a subshell), so the pids go to a file.
cleanup() {
        for p in $pids $(cat "$tmp/pids" 2>/dev/null); do kill "$p" 2>/dev/null || true; done
        rm -rf "$tmp"
}
trap cleanup EXIT

# Starts a server in the background; prints its port.
start() { # name command...
        name=$1
        shift
        "$@" >"$tmp/$name.out" 2>&1 &
        echo $! >>"$tmp/pids"
        echo $! >"$tmp/$name.pid"
        for _ in $(seq 100); do
                port=$(sed -n -e 's/.*127\.0\.0\.1:\([0-9][0-9]*\)\/.*/\1/p' \
                        -e 's/^listening on \([0-9][0-9]*\)$/\1/p' "$tmp/$name.out" | head -n1)
                [ -n "$port" ] && { echo "$port"; return; }
                sleep 0.1
        done
        echo "bench: $name did not start" >&2
        cat "$tmp/$name.out" >&2
        exit 1
}
rate() { awk '/Requests\/sec/ {print $2}'; }
p99() { awk '$1 == "99%" {print $2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

server="$build/src/server/lytt-server"
analyze="$build/analysis/lytt-analyze"
common="--rate-limit 0 --per-address-connections 100000 --max-connections 100000 --surveys $top/survey"
bport=$(start baseline "$build/bench/baseline_server" 0)
lport=$(start lytt "$server" --port 0 --db "$tmp/get.db" $common)
form="/s/parorende/demensteam?lang=nn"

wrk -t2 -c"$conns" -d"${secs}s" --latency "http://127.0.0.1:$bport/" >"$tmp/base.txt"
wrk -t2 -c"$conns" -d"${secs}s" --latency -H 'Accept-Encoding: gzip' "http://127.0.0.1:$lport$form" >"$tmp/get.txt"
base=$(rate <"$tmp/base.txt")
get=$(rate <"$tmp/get.txt")

gport=$(start group "$server" --port 0 --db "$tmp/group.db" $common)
wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$top/bench/post.lua" "http://127.0.0.1:$gport$form" >"$tmp/post.txt"
nport=$(start naive "$server" --port 0 --db "$tmp/naive.db" --commit-batch 1 $common)
wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$top/bench/post.lua" "http://127.0.0.1:$nport$form" >"$tmp/naive.txt"
post=$(rate <"$tmp/post.txt")
naive=$(rate <"$tmp/naive.txt")
stored=$(sqlite3 "$tmp/group.db" 'SELECT count(*) FROM responses')

size() { curl -s --noproxy '*' -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: gzip' "$1"; }
html=$(size "http://127.0.0.1:$lport$form")
css=$(size "http://127.0.0.1:$lport/static/lytt.css")
js=$(size "http://127.0.0.1:$lport/static/draft.js")
weight=$((html + css + js))

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r); wrk -t2 -c$conns -d${secs}s on loopback"
echo
printf '%-44s %14s %14s %8s %8s\n' "figure" "value" "baseline" "ratio" "target"
printf '%-44s %14s %14s %8s %8s\n' "GET form page, req/s (p99 $(p99 <"$tmp/get.txt"))" "$get" "$base" "$(ratio "$get" "$base")" ">= 0.8"
printf '%-44s %14s %14s %8s %8s\n' "durable POST, req/s (p99 $(p99 <"$tmp/post.txt"))" "$post" "$naive" "$(ratio "$post" "$naive")" "-"
printf '%-44s %14s %14s %8s %8s\n' "durable POST vs baseline GET" "$post" "$base" "$(ratio "$post" "$base")" ">= 0.4"
printf '%-44s %14s %14s %8s %8s\n' "first page weight, bytes (3 requests, 0 3rd-party)" "$weight" "25000" "$(ratio "$weight" 25000)" "< 1"
echo "  (POST: $stored stored by group commit; naive = one transaction per submission, --commit-batch 1)"
echo

# Analysis scale.
survey="$top/survey/parorende.yaml"
schema=$(sed -n 's/^#define DB_SCHEMA_VERSION  *\([0-9]*\).*/\1/p' "$top/src/core/db.h")
measure() { # label command...: prints "seconds MiB"
        /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" || {
                echo "- -"
                return
        }
        awk '{printf "%s %.0f", $1, $2 / 1024}' "$tmp/time"
}
printf '%-10s %-10s %10s %10s\n' "responses" "command" "seconds" "peak MiB"
for n in $sizes; do
        db="$data/gen-$n-schema$schema.db"
        if [ ! -f "$db" ]; then
                "$analyze" generate --db "$db.tmp" --questionnaire "$survey" --n "$n" --seed 42 \
                        --waves 2024-H2,2025-H1,2025-H2,2026-H1,2026-H2 >/dev/null
                mv "$db.tmp" "$db"
        fi
        for cmd in summary compare trend; do
                set -- $(measure "$analyze" $cmd --db "$db" --survey parorende --by unit --format csv)
                [ $cmd = trend ] && set -- $(measure "$analyze" trend --db "$db" --survey parorende --by wave --format csv)
                printf '%-10s %-10s %10s %10s\n' "$n" "$cmd" "$1" "$2"
        done
        if "$analyze" report --help >/dev/null 2>&1; then
                set -- $(measure "$analyze" report --db "$db" --survey parorende --out "$tmp/r.pdf")
                printf '%-10s %-10s %10s %10s\n' "$n" "report" "$1" "$2"
        fi
done
echo "targets for 1 000 000 responses: summary < 10 s, report < 20 s, peak memory < 1024 MiB"
echo

# The rewrite that takes the order of arrival out of the files (docs/privacy.md), and the
# backup, each against one plain copy of the same file in the same run.
admin="$build/src/admin/lytt-admin"
secs_of() { /usr/bin/time -f '%e' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" && cat "$tmp/time" || echo -; }
printf '%-10s %-22s %10s %14s %8s\n' "responses" "figure" "seconds" "cp seconds" "ratio"
for n in $sizes; do
        db="$data/gen-$n-schema$schema.db"
        rm -f "$tmp/copy.db" "$tmp/scrub.db" "$tmp/backup.db"
        cp "$db" "$tmp/scrub.db"
        sync
        c=$(secs_of cp "$db" "$tmp/copy.db")
        s=$(secs_of "$admin" scrub --db "$tmp/scrub.db")
        b=$(secs_of "$admin" backup --db "$tmp/copy.db" --out "$tmp/backup.db" --key-file "$tmp/k.key")
        printf '%-10s %-22s %10s %14s %8s\n' "$n" "rewrite (scrub)" "$s" "$c" "$(ratio "$s" "$c")"
        printf '%-10s %-22s %10s %14s %8s\n' "$n" "backup (VACUUM INTO)" "$b" "$c" "$(ratio "$b" "$c")"
        # A carer who sends while the server rewrites: one answer, a second of quiet so
        # the rewrite starts, then another answer, timed; it must be stored (303).
        wport=$(start "wait$n" "$server" --port 0 --db "$tmp/copy.db" --key-file "$tmp/k.key" \
                --scrub-after 1 $common)
        body=$(sed -n 's/^wrk.body = "\(.*\)" ..$/\1/p' "$top/bench/post.lua")
        curl -s --noproxy '*' -o /dev/null -d "$body&info_services=3" "http://127.0.0.1:$wport$form"
        sleep 1.3
        w=$(curl -s --noproxy '*' -o /dev/null -w '%{http_code} %{time_total}' \
                -d "relation=partner&overall_trust=4&overall_satisfied=5&involve_important=3" \
                "http://127.0.0.1:$wport$form")
        printf '%-10s %-22s %10s %14s %8s\n' "$n" "POST during rewrite" "${w#* }" "status ${w% *}" "-"
        kill "$(cat "$tmp/wait$n.pid")" 2>/dev/null || true
        sleep 1
        rm -f "$tmp/copy.db" "$tmp/scrub.db" "$tmp/backup.db" "$tmp/k.key"
done
echo "  (a carer who sends while the server rewrites waits in the writer's queue, then is stored)"
