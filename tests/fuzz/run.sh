#!/bin/sh
# Builds the libFuzzer targets with clang (address + undefined sanitizers) and runs
# each for SECONDS, starting from the seed corpora in tests/fuzz/corpus/. Prints the
# executions per target; fails on any crash, leak or sanitizer report (the input is
# kept in build-fuzz/crashes/).
# usage: tests/fuzz/run.sh [SECONDS]   (make fuzz-quick: 10, make fuzz: 300)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-10}
build="$top/build-fuzz"
CC=clang cmake -S "$top" -B "$build" -DLYTT_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug -DLYTT_WERROR=ON >/dev/null
cmake --build "$build" -j "$(nproc)" >/dev/null
mkdir -p "$build/crashes"
status=0
passed=0
failed=0
for t in survey_def form_body html_escape; do
        work="$build/corpus/$t"
        mkdir -p "$work"
        log="$build/fuzz_$t.log"
        if LYTT_FUZZ_SURVEY="$top/survey/parorende.yaml" \
                "$build/tests/fuzz/fuzz_$t" -max_total_time="$secs" -print_final_stats=1 \
                -artifact_prefix="$build/crashes/$t-" -max_len=65536 \
                "$work" "$top/tests/fuzz/corpus/$t" >"$log" 2>&1; then
                runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
                echo "fuzz $t: $runs executions in ${secs}s, no crash"
                passed=$((passed + 1))
        else
                echo "fuzz $t: FAILED (see $log and $build/crashes/)"
                tail -n 30 "$log"
                failed=$((failed + 1))
                status=1
        fi
done
echo "fuzz: $passed passed, $failed failed"
exit $status
