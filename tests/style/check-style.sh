#!/bin/sh
# Style is enforced by tools: clang-format (.clang-format at the top) and a list
# of banned functions. Usage: check-style.sh PROJECT_DIR
set -u
top=${1:-.}
cd "$top" || exit 2
files=$(find src tests analysis charts -name '*.[ch]' 2>/dev/null | sort)
status=0
if command -v clang-format >/dev/null 2>&1; then
        bad=""
        for f in $files; do
                clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad="$bad $f"
        done
        if [ -n "$bad" ]; then
                echo "not clang-formatted (run: clang-format -i$bad)"
                status=1
        fi
else
        echo "clang-format missing: install it (scripts/setup.sh does)"
        status=1
fi
# gets, sprintf, strcpy, strcat and atoi invite overflows and silent errors:
# use snprintf, a strbuf, memcpy with a length, strtol with an end check.
banned=$(grep -nE '(^|[^a-z_])(gets|sprintf|vsprintf|strcpy|strcat|atoi|atol)[[:space:]]*\(' $files | grep -v '^[^:]*:[0-9]*:[[:space:]]*/\?\*')
if [ -n "$banned" ]; then
        echo "banned functions:"
        echo "$banned"
        status=1
fi
n=$(echo "$files" | wc -w)
if [ $status -eq 0 ]; then
        echo "style: $n files checked, 1 passed, 0 failed"
else
        echo "style: $n files checked, 0 passed, 1 failed"
fi
exit $status
