#!/bin/sh
# The end-to-end tests of lytt-server and lytt-analyze with both programs under
# valgrind memcheck: zero errors and zero leaks, or this fails.
# usage: tests/valgrind/run.sh BUILD_DIR
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
logs=$(mktemp -d)
export VALGRIND_LOG_DIR="$logs"
wrap() { # a one-line program that runs $1 under memcheck
        w="$logs/$(basename "$1")"
        printf '#!/bin/sh\nexec %s %s "$@"\n' "$top/tests/valgrind/memcheck.sh" "$1" >"$w"
        chmod +x "$w"
        echo "$w"
}
server=$(wrap "$build/src/server/lytt-server")
analyze=$(wrap "$build/analysis/lytt-analyze")
status=0
python3 "$top/tests/integration/test_server.py" "$server" "$top/survey" || status=1
python3 "$top/tests/integration/test_analyze.py" "$analyze" "$top/survey" || status=1
errors=0
for f in "$logs"/memcheck.*.log; do
        [ -s "$f" ] || continue
        errors=$((errors + 1))
        echo "== $f"
        cat "$f"
done
runs=$(ls "$logs"/memcheck.*.log 2>/dev/null | wc -l)
echo "valgrind: $runs program runs checked, $errors with errors or leaks"
rm -rf "$logs"
[ $errors -eq 0 ] && [ $status -eq 0 ] && echo "valgrind: 1 passed, 0 failed" && exit 0
echo "valgrind: 0 passed, 1 failed"
exit 1
