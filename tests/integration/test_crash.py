#!/usr/bin/env python3
"""Nothing acknowledged is ever lost, and a full disk loses nothing either.

1. Crash safety: many concurrent submissions; the server is killed with SIGKILL at a
   random moment, ROUNDS times, and restarted. Every submission whose receipt code the
   client saw (the 303 to the thank-you page) must be in the database afterwards: its
   receipt hash (BLAKE2b keyed with the database's receipt key, as libsodium's
   crypto_generichash) is looked up. PRAGMA integrity_check must say ok.
2. Disk full: the database on a small tmpfs the test mounts. When SQLite reports the
   disk full, the carer gets a 503 page with every answer kept, /healthz says 503, the
   server stays up, and when space returns (the tmpfs is grown) submissions work again.
   Mounting needs root; without it this part says SKIPPED.

usage: test_crash.py LYTT_SERVER SURVEY_DIR [ROUNDS]
"""
import hashlib
import http.client
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

from checks import check, finish

SERVER, SURVEY_DIR = sys.argv[1], sys.argv[2]
ROUNDS = int(sys.argv[3]) if len(sys.argv) > 3 else 10
PATH = "/s/parorende/demensteam?lang=nn"


def answers(i):
    return {"relation": "partner", "involve_important": "3", "overall_trust": "4",
            "overall_satisfied": "5", "hours_per_week": str(i % 169),
            "important_to_you": f"Svar nummer {i} med æøå"}


def start(db, *extra):
    log = open(db + ".log", "a+")
    log.seek(0, os.SEEK_END)
    offset = log.tell()
    p = subprocess.Popen([SERVER, "--port", "0", "--db", db, "--surveys", SURVEY_DIR,
                          "--rate-limit", "0", *extra], stdout=log, stderr=log)
    for _ in range(600):
        log.seek(offset)  # only what this start wrote
        ports = re.findall(r"127\.0\.0\.1:(\d+)/", log.read())
        if ports and p.poll() is None:
            return p, int(ports[-1])
        if p.poll() is not None:
            break
        time.sleep(0.05)
    raise RuntimeError("server did not start")


def post(port, body, timeout=10):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    c.request("POST", PATH, body=urllib.parse.urlencode(body),
              headers={"Content-Type": "application/x-www-form-urlencoded"})
    r = c.getresponse()
    data = r.read().decode("utf-8", "replace")
    c.close()
    return r.status, r.getheader("Location") or "", data


def get(port, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("GET", path)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data


def crash_rounds(tmp):
    db = os.path.join(tmp, "crash.db")
    acked = []          # receipt codes the clients saw
    in_flight = [0]     # requests that got no answer (killed mid-way)
    lock = threading.Lock()
    counter = [0]
    for rnd in range(ROUNDS):
        proc, port = start(db)
        stop = threading.Event()

        def client():
            while not stop.is_set():
                with lock:
                    counter[0] += 1
                    i = counter[0]
                try:
                    st, loc, _ = post(port, answers(i), timeout=5)
                except Exception:
                    with lock:
                        in_flight[0] += 1
                    return
                m = re.search(r"receipt=([2-9A-Z]{5}-[2-9A-Z]{5})", loc)
                if st == 303 and m:
                    with lock:
                        acked.append(m.group(1))

        threads = [threading.Thread(target=client) for _ in range(16)]
        for t in threads:
            t.start()
        time.sleep(random.uniform(0.3, 1.2))
        proc.send_signal(signal.SIGKILL)   # mid-write, no warning
        proc.wait()
        stop.set()
        for t in threads:
            t.join(timeout=30)
    # A last clean start and stop, then look in the database.
    proc, port = start(db)
    proc.send_signal(signal.SIGTERM)
    check(proc.wait(timeout=60) == 0, "the server starts and stops cleanly after 10 kills")
    con = sqlite3.connect(db)
    check(con.execute("PRAGMA integrity_check").fetchone()[0] == "ok",
          "integrity_check ok after the kills")
    check(con.execute("SELECT count(*) FROM meta").fetchone()[0] == 0,
          "no key is kept in the database")
    key = None
    with open(db + ".key") as f:   # the key file beside it (the default)
        for line in f:
            if line.startswith("receipt_key "):
                key = bytes.fromhex(line.split()[1])
    check(key is not None, "the key file holds the receipt key")
    hashes = {r[0] for r in con.execute("SELECT hash FROM receipts")}
    total = con.execute("SELECT count(*) FROM responses").fetchone()[0]
    con.close()
    lost = 0
    for code in acked:
        h = hashlib.blake2b(code.replace("-", "").encode(), digest_size=32, key=key).digest()
        if h not in hashes:
            lost += 1
    print(f"crash safety: {ROUNDS} rounds killed with SIGKILL, {len(acked)} acknowledged "
          f"submissions checked, {lost} lost, {in_flight[0]} in flight when killed, "
          f"{total} responses stored")
    check(len(acked) > ROUNDS * 10, f"enough acknowledged submissions to mean something ({len(acked)})")
    check(lost == 0, f"no acknowledged submission lost ({lost})")
    check(total >= len(acked), "at least every acknowledged response is stored")


def disk_full(tmp):
    mnt = os.path.join(tmp, "small")
    os.mkdir(mnt)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=420k", "tmpfs", mnt],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print(f"disk full: SKIPPED (cannot mount a small file system: {r.stderr.strip()})")
        return
    try:
        db = os.path.join(mnt, "full.db")
        proc, port = start(db)
        full_page = None
        ok = 0
        for i in range(3000):
            st, loc, page = post(port, answers(i))
            if st == 303:
                ok += 1
            elif st == 503:
                full_page = page
                break
            else:
                check(False, f"unexpected status {st} while filling the disk")
                break
        check(full_page is not None, f"a full disk gives 503 (after {ok} stored)")
        if full_page is not None:
            check("Svar nummer" in full_page and "æøå" in full_page,
                  "the 503 page keeps the typed free text")
            check(re.search(r'value="partner"[^>]*checked', full_page) is not None,
                  "the 503 page keeps the chosen answers")
            st, body = get(port, "/healthz")
            check(st == 503, f"/healthz says the last write failed ({st})")
            check(proc.poll() is None, "the server stays up on a full disk")
            st, _ = get(port, "/s/parorende/demensteam")
            check(st == 200, "carers can still open the form")
            # Space returns.
            subprocess.run(["mount", "-o", "remount,size=8m", mnt], check=True)
            st, loc, _ = post(port, answers(99999))
            check(st == 303, f"when space returns, answers are stored again ({st})")
            st, _ = get(port, "/healthz")
            check(st == 200, "and /healthz is 200 again")
        proc.send_signal(signal.SIGTERM)
        check(proc.wait(timeout=60) == 0, "clean stop after the full disk")
        con = sqlite3.connect(db)
        check(con.execute("PRAGMA integrity_check").fetchone()[0] == "ok",
              "integrity_check ok after the full disk")
        con.close()
        print(f"disk full: {ok} stored before the disk filled; 503 with answers kept; recovered")
    finally:
        subprocess.run(["umount", "-l", mnt])


def main():
    tmp = tempfile.mkdtemp(prefix="lytt-crash-")
    try:
        crash_rounds(tmp)
        disk_full(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    finish("crash")


if __name__ == "__main__":
    main()
