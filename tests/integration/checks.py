"""The small harness the integration tests share.

check(cond, what) counts a check and says what failed; finish(name) prints
"name: N passed, M failed" (the line CI reads) and exits non-zero if anything failed
or nothing was checked, so a test that asserts nothing cannot pass.
"""
import http.client
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.parse

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


class LyttServer:
    """A real lytt-server on a free loopback port: database NAME.db and log NAME.log in
    tmp, the extra options after the usual ones."""

    def __init__(self, server, survey_dir, tmp, name, *extra):
        self.db = os.path.join(tmp, name + ".db")
        self.log = open(os.path.join(tmp, name + ".log"), "w+")
        self.proc = subprocess.Popen([server, "--port", "0", "--db", self.db, "--surveys",
                                      survey_dir, *extra], stdout=self.log, stderr=self.log)
        self.port = wait_for_port(self.proc, self.log)
        if not self.port:
            self.log.seek(0)
            raise RuntimeError("server did not start: " + self.log.read())

    def count(self):
        con = sqlite3.connect(self.db)
        try:
            return con.execute("SELECT count(*) FROM responses").fetchone()[0]
        finally:
            con.close()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=60)


def http_request(port, method, path, body=None):
    """One request on its own connection; body is a dict sent urlencoded. Returns
    (status, Location or "", the page as text)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {}
    if body is not None:
        body = urllib.parse.urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    c.request(method, path, body=body, headers=headers)
    r = c.getresponse()
    data = r.read().decode("utf-8", "replace")
    c.close()
    return r.status, r.getheader("Location") or "", data
