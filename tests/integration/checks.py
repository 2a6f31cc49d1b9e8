"""The small harness the integration tests share.

check(cond, what) counts a check and says what failed; finish(name) prints
"name: N passed, M failed" (the line CI reads) and exits non-zero if anything failed
or nothing was checked, so a test that asserts nothing cannot pass.
"""
import sys

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {what}", file=sys.stderr)
    return cond


def finish(name):
    print(f"{name}: {passed} passed, {failed} failed")
    sys.exit(1 if failed or not passed else 0)
