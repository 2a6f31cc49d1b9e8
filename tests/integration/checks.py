"""The small harness the integration tests share.

check(cond, what) counts a check and says what failed; finish(name) prints
"name: N passed, M failed" (the line CI reads) and exits non-zero if anything failed
or nothing was checked, so a test that asserts nothing cannot pass.
"""
import re
import sys
import time

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


def wait_for_port(proc, log, pattern=r"https?://127\.0\.0\.1:(\d+)/", tries=400):
    """Waits until a server started with stdout/stderr in the open file `log` prints
    its address; returns the port, or None if it exited or never said."""
    for _ in range(tries):
        log.seek(0)
        m = re.search(pattern, log.read())
        if m:
            return int(m.group(1))
        if proc.poll() is not None:
            return None
        time.sleep(0.05)
    return None
