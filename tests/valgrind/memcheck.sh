#!/bin/sh
# Runs a program under valgrind memcheck: any error or leak makes it exit 99.
# Used as the program for the integration tests (tests/valgrind/run.sh).
exec valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
        --errors-for-leak-kinds=definite,indirect --track-fds=no \
        --log-file="${VALGRIND_LOG_DIR:-/tmp}/memcheck.%p.log" "$@"
