#!/usr/bin/env python3
"""The weak doors of lytt-server, against the real binary:

- the request deadline: slow clients from many loopback addresses (127.0.0.2 ...
  127.0.0.17) hold every connection slot, sending one header byte a second and
  reconnecting as soon as they are cut; a carer's GET /healthz from 127.0.0.1 is
  still answered within the deadline plus 2 s. Without a deadline (one longer than
  the test) the same attack keeps the carer out. A client that sends nothing, one
  that trickles its headers, one that trickles its body and one idle on keep-alive
  are all cut at about the deadline; a POST waiting for a locked database is not.
- TLS when the server terminates it: only TLS 1.2 and 1.3, only ECDHE (forward
  secrecy), only AEAD ciphers; openssl s_client against the server, and the same
  client options against a permissive openssl s_server to show that each refusal
  is the server's.
- two Content-Length headers, or one beside Transfer-Encoding: 400, and the connection is
  closed after it.
- the withdraw page shows a long typed code back cut on a character boundary.

usage: test_doors.py LYTT_SERVER SURVEY_DIR
"""
import os
import re
import selectors
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

from checks import LyttServer, check, finish

SERVER, SURVEY_DIR = sys.argv[1], sys.argv[2]
PATH = "/s/parorende/demensteam"
VALID = b"relation=partner&involve_important=3&overall_trust=4&overall_satisfied=5"
DEADLINE = 3
ATTACKERS = [f"127.0.0.{i}" for i in range(2, 18)]  # 16 addresses
MAX_CONN = 48
PER_ADDRESS = 3  # 16 x 3 = 48: the attackers alone can fill every slot
HEALTH = b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"


class Server(LyttServer):
    def __init__(self, tmp, name, *extra):
        super().__init__(SERVER, SURVEY_DIR, tmp, name, "--rate-limit", "0", *extra)


def read_response(s, timeout=10):
    """One HTTP response from s: (status, headers, body bytes), or (0, {}, b"") when the
    connection ends (or times out) before a whole one has come."""
    s.settimeout(timeout)
    buf = b""
    try:
        while b"\r\n\r\n" not in buf:
            chunk = s.recv(65536)
            if not chunk:
                return 0, {}, b""
            buf += chunk
        head, _, body = buf.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        n = int(headers.get("content-length", "0"))
        while len(body) < n:
            chunk = s.recv(65536)
            if not chunk:
                break
            body += chunk
        return status, headers, body
    except (socket.timeout, ConnectionResetError):
        return 0, {}, b""


def closed_within(s, seconds):
    """Whether the server closes s (end of file or reset) within seconds."""
    s.settimeout(seconds)
    try:
        return s.recv(1) == b""
    except socket.timeout:
        return False
    except OSError:
        return True


def read_all(s, timeout):
    """Everything s receives until the server closes it or nothing comes for timeout
    seconds: (bytes, whether the server closed it)."""
    s.settimeout(timeout)
    buf = b""
    while True:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            return buf, False
        except OSError:
            return buf, True
        if not chunk:
            return buf, True
        buf += chunk


def statuses(data):
    return [int(x) for x in re.findall(rb"HTTP/1\.1 (\d{3}) ", data)]


def exchange(port, raw, timeout=10):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(raw)
        return read_response(s, timeout)
    finally:
        s.close()


# ---- the request deadline ------------------------------------------------------------------

class Attack:
    """Slow clients: per_address connections from each address, each sending one byte
    of an endless header a second, each reopened as soon as the server cuts it."""
    TRICKLE = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 4000

    def __init__(self, port, addrs, per_address):
        self.port = port
        self.sel = selectors.DefaultSelector()
        self.conns = {}
        self.cuts = 0
        self.reopened = 0
        self.stopping = threading.Event()
        for a in addrs:
            for _ in range(per_address):
                self.open(a)
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def open(self, addr):
        s = socket.socket()
        s.setblocking(False)
        s.bind((addr, 0))
        s.connect_ex(("127.0.0.1", self.port))
        self.conns[s] = {"addr": addr, "pos": 0, "next": time.monotonic()}
        self.sel.register(s, selectors.EVENT_READ)

    def cut(self, s):
        st = self.conns.pop(s)
        self.sel.unregister(s)
        s.close()
        self.cuts += 1
        if not self.stopping.is_set():
            self.open(st["addr"])
            self.reopened += 1

    def run(self):
        while not self.stopping.is_set():
            for key, _ in self.sel.select(timeout=0.05):
                s = key.fileobj
                try:
                    data = s.recv(4096)
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""
                if not data:
                    self.cut(s)
            now = time.monotonic()
            for s, st in list(self.conns.items()):
                if now < st["next"]:
                    continue
                st["next"] = now + 1.0
                try:
                    s.send(self.TRICKLE[st["pos"]:st["pos"] + 1])
                    st["pos"] = (st["pos"] + 1) % len(self.TRICKLE)
                except BlockingIOError:
                    pass
                except OSError:
                    self.cut(s)

    def stop(self):
        self.stopping.set()
        self.thread.join()
        for s in list(self.conns):
            self.sel.unregister(s)
            s.close()
        self.conns.clear()


def legit_get(port, give_up):
    """GET /healthz from 127.0.0.1 on a fresh connection: (status, seconds), status 0 if
    nothing came within give_up seconds (the socket is then returned open as well)."""
    t0 = time.monotonic()
    s = socket.create_connection(("127.0.0.1", port), timeout=give_up)
    s.sendall(HEALTH)
    st, _, _ = read_response(s, give_up)
    took = time.monotonic() - t0
    if st:
        s.close()
        return st, took, None
    return st, took, s


def attack_without_deadline(tmp):
    """The same attack against a server whose deadline outlasts the test: the carer
    waits in the listen queue for as long as the attack goes on."""
    srv = Server(tmp, "nodeadline", "--max-connections", str(MAX_CONN),
                 "--per-address-connections", str(PER_ADDRESS), "--threads", "2",
                 "--request-deadline", "3600")
    try:
        attack = Attack(srv.port, ATTACKERS, PER_ADDRESS + 1)
        time.sleep(1.5)
        wait = DEADLINE + 3
        st, took, s = legit_get(srv.port, wait)
        check(st == 0, f"without a deadline the slow clients keep the carer out "
                       f"(answered {st} after {took:.2f} s)")
        attack.stop()
        if s:
            t1 = time.monotonic()
            st2, _, _ = read_response(s, 5)
            late = time.monotonic() - t1
            s.close()
            check(st2 == 200, f"the carer's queued connection is answered once the slow "
                              f"clients leave ({st2} after {late:.2f} s more)")
        print(f"without the deadline: GET /healthz not answered in {wait} s "
              f"({attack.cuts} attacker connections cut, all by the per-address limit)")
        return took
    finally:
        check(srv.stop() == 0, "the no-deadline server stops cleanly")


def attack_with_deadline(srv):
    attack = Attack(srv.port, ATTACKERS, PER_ADDRESS + 1)
    try:
        time.sleep(1.5)  # every slot taken, the rest of the attackers queued
        times = []
        for i in range(4):
            # At different moments of the attackers' cycle: right after a wave of cuts
            # the carer may walk in, in the middle of one they wait.
            time.sleep(0.8 if i else 0)
            st, took, s = legit_get(srv.port, DEADLINE + 10)
            if s:
                s.close()
            check(st == 200, f"the carer's GET /healthz is answered under attack ({st})")
            times.append(took)
        worst = max(times)
        print(f"slow-client attack: {len(ATTACKERS)} addresses x {PER_ADDRESS + 1} connections, "
              f"{MAX_CONN} slots, deadline {DEADLINE} s: the carer's GET /healthz took "
              + ", ".join(f"{t:.2f}" for t in times) + f" s (worst {worst:.2f} s)")
        check(worst <= DEADLINE + 2, f"answered within the deadline + 2 s ({worst:.2f} s)")
        check(max(times) > 0.3, f"the attack held every slot: the carer had to wait "
                                f"({worst:.2f} s)")
    finally:
        attack.stop()
    print(f"  attacker connections cut or refused: {attack.cuts}")
    check(attack.cuts >= MAX_CONN, f"the deadline cut the slow clients ({attack.cuts})")
    check(exchange(srv.port, HEALTH)[0] == 200, "the server is fine after the attack")


def slow_client(port, kind, addr, out):
    """One slow client; out[kind] = (seconds until the server cut it, status seen)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=15, source_address=(addr, 0))
    t0 = time.monotonic()
    status = 0
    try:
        if kind == "keep-alive idle":
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            status, _, _ = read_response(s)
            t0 = time.monotonic()
            closed = closed_within(s, DEADLINE + 4)
        elif kind == "silent":
            closed = closed_within(s, DEADLINE + 4)
        else:
            if kind == "trickled headers":
                data = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100
            else:
                s.sendall(b"POST " + PATH.encode() + b" HTTP/1.1\r\nHost: x\r\n"
                          b"Content-Type: application/x-www-form-urlencoded\r\n"
                          b"Content-Length: %d\r\n\r\n" % len(VALID))
                data = VALID
            closed = False
            for i in range(len(data)):
                try:
                    s.sendall(data[i:i + 1])
                except OSError:
                    closed = True
                    break
                if closed_within(s, 0.5):
                    closed = True
                    break
                if time.monotonic() - t0 > DEADLINE + 4:
                    break
        out[kind] = (time.monotonic() - t0 if closed else None, status)
    finally:
        s.close()


def deadline_cuts(srv):
    before = srv.count()
    out = {}
    kinds = ["silent", "trickled headers", "trickled body", "keep-alive idle"]
    # Each from its own address: the per-address limit is small here.
    threads = [threading.Thread(target=slow_client, args=(srv.port, k, f"127.0.0.{20 + i}", out))
               for i, k in enumerate(kinds)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k in kinds:
        took, _ = out.get(k, (None, 0))
        check(took is not None and DEADLINE - 0.5 <= took <= DEADLINE + 1.5,
              f"a {k} client is cut at about the deadline ({took})")
    check(out.get("keep-alive idle", (0, 0))[1] == 200, "the keep-alive client got its answer")
    print("cut after: " + ", ".join(f"{k} {out[k][0]:.2f} s" for k in kinds
                                    if out.get(k) and out[k][0] is not None))
    check(srv.count() == before, "the trickled POST stored nothing")
    # A normal POST still works.
    st, h, _ = exchange(srv.port, b"POST " + PATH.encode() + b" HTTP/1.1\r\nHost: x\r\n"
                        b"Connection: close\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        b"Content-Length: %d\r\n\r\n" % len(VALID) + VALID)
    check(st == 303 and srv.count() == before + 1, f"a normal POST is stored ({st})")


def waiting_post_not_cut(srv):
    """A POST that has arrived waits for the database writer (here: the test holds the
    write lock) for longer than the deadline, and is answered, not cut."""
    before = srv.count()
    con = sqlite3.connect(srv.db, timeout=10, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=20)
    try:
        s.sendall(b"POST " + PATH.encode() + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                  b"Content-Type: application/x-www-form-urlencoded\r\n"
                  b"Content-Length: %d\r\n\r\n" % len(VALID) + VALID)
        cut = closed_within(s, DEADLINE + 1.5)
        check(not cut, "a POST waiting for the database is not cut at the deadline")
        con.execute("ROLLBACK")
        st, _, _ = read_response(s, 15)
        check(st == 303, f"and is stored once the database is free ({st})")
    finally:
        s.close()
        con.close()
    check(srv.count() == before + 1, "the waiting POST is stored")


# ---- two Content-Lengths -------------------------------------------------------------------

def content_length(srv):
    cases = {
        "two equal lengths (GET)": b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                                   b"Content-Length: 0\r\n\r\n",
        "two equal lengths (POST)": b"POST " + PATH.encode() + b" HTTP/1.1\r\nHost: x\r\n"
                                    b"Content-Type: application/x-www-form-urlencoded\r\n"
                                    b"Content-Length: 5\r\nContent-Length: 5\r\n\r\nrelat",
        "two different lengths": b"POST " + PATH.encode() + b" HTTP/1.1\r\nHost: x\r\n"
                                 b"Content-Type: application/x-www-form-urlencoded\r\n"
                                 b"Content-Length: 5\r\ncontent-length: 50\r\n\r\nrelat",
        "a length beside chunked": b"POST " + PATH.encode() + b" HTTP/1.1\r\nHost: x\r\n"
                                   b"Content-Type: application/x-www-form-urlencoded\r\n"
                                   b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                                   b"5\r\nrelat\r\n0\r\n\r\n",
    }
    smuggled = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    for name, raw in cases.items():
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        try:
            # A second request right behind: it must never be answered.
            s.sendall(raw + smuggled)
            data, closed = read_all(s, 3)
            check(statuses(data) == [400], f"{name}: 400 and nothing more ({statuses(data)})")
            check(b"<h1>" in data, f"{name}: a page a person can read")
            check(closed, f"{name}: the connection is closed after it")
        finally:
            s.close()
    # The same pipelined pair with one length: both answered on one connection.
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    try:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n" + smuggled)
        data, _ = read_all(s, 1)
        check(statuses(data) == [200, 200], f"one length: both requests answered "
                                            f"({statuses(data)})")
    finally:
        s.close()


# ---- the withdraw page ---------------------------------------------------------------------

def withdraw_echo(srv):
    for ch in ("ø", "€", "😀"):
        code = ch * 40
        body = urllib.parse.urlencode({"code": code}).encode()
        st, _, page = exchange(srv.port, b"POST /s/parorende/withdraw HTTP/1.1\r\nHost: x\r\n"
                               b"Connection: close\r\n"
                               b"Content-Type: application/x-www-form-urlencoded\r\n"
                               b"Content-Length: %d\r\n\r\n" % len(body) + body)
        check(st == 422, f"a code of 40 x {ch}: 422 ({st})")
        try:
            text = page.decode("utf-8", "strict")
        except UnicodeDecodeError as e:
            check(False, f"a code of 40 x {ch}: the page is valid UTF-8 ({e})")
            continue
        m = re.search(r'name="code"[^>]*value="([^"]*)"', text) or \
            re.search(r'value="([^"]*)"[^>]*name="code"', text)
        shown = m.group(1) if m else None
        check(shown is not None and shown and code.startswith(shown)
              and len(shown.encode()) <= 63 and len(shown.encode()) + len(ch.encode()) > 63,
              f"a code of 40 x {ch}: shown back cut after a whole character "
              f"({len(shown) if shown else None} characters)")


# ---- TLS -----------------------------------------------------------------------------------

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def s_client(port, *opts):
    """(handshake done, protocol, cipher, output) for openssl s_client with opts."""
    try:
        r = subprocess.run(["openssl", "s_client", "-connect", f"127.0.0.1:{port}",
                            "-servername", "localhost", *opts],
                           stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=15)
    except subprocess.TimeoutExpired:
        return False, None, None, "timeout"
    out = r.stdout + r.stderr
    m = re.search(r"New, (\S+), Cipher is (\S+)", out)
    ok = r.returncode == 0 and m is not None and m.group(2) != "(NONE)"
    # The version agreed is in the session block; "New, X" is the suite's version, which
    # is the same for TLS 1.3 (whose session block may come after stdin has closed).
    proto = re.search(r"Protocol\s*:\s*(\S+)", out)
    proto = proto.group(1) if proto else m.group(1) if m else None
    return ok, proto, m.group(2) if m else None, out


def make_cert(tmp, kind):
    key, cert = os.path.join(tmp, kind + ".key"), os.path.join(tmp, kind + ".pem")
    newkey = (["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"] if kind == "ec"
              else ["-newkey", "rsa:2048"])
    subprocess.run(["openssl", "req", "-x509", *newkey, "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=localhost"], check=True, capture_output=True)
    return cert, key


LEGACY = "DEFAULT:@SECLEVEL=0"  # lets OpenSSL 3 offer TLS 1.0 and 1.1 at all

# (what, s_client options, expected from lytt-server, cert kinds it applies to)
TLS_CASES = [
    ("TLS 1.0", ["-tls1", "-cipher", LEGACY], False, ("ec", "rsa")),
    ("TLS 1.1", ["-tls1_1", "-cipher", LEGACY], False, ("ec", "rsa")),
    ("TLS 1.2 static RSA, CBC (AES128-SHA)", ["-tls1_2", "-cipher", "AES128-SHA:@SECLEVEL=0"],
     False, ("rsa",)),
    ("TLS 1.2 static RSA, CBC (AES256-SHA256)", ["-tls1_2", "-cipher", "AES256-SHA256"], False,
     ("rsa",)),
    ("TLS 1.2 static RSA, GCM (AES128-GCM-SHA256)", ["-tls1_2", "-cipher", "AES128-GCM-SHA256"],
     False, ("rsa",)),
    ("TLS 1.2 ECDHE, CBC", ["-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES128-SHA"],
     False, ("rsa",)),
    ("TLS 1.2 ECDHE, CBC", ["-tls1_2", "-cipher",
                            "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA"], False, ("ec",)),
    ("TLS 1.2 ECDHE-RSA-AES128-GCM-SHA256", ["-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"],
     True, ("rsa",)),
    ("TLS 1.2 ECDHE-RSA-CHACHA20-POLY1305", ["-tls1_2", "-cipher",
                                             "ECDHE-RSA-CHACHA20-POLY1305"], True, ("rsa",)),
    ("TLS 1.2 ECDHE-ECDSA-AES256-GCM-SHA384", ["-tls1_2", "-cipher",
                                               "ECDHE-ECDSA-AES256-GCM-SHA384"], True, ("ec",)),
    ("TLS 1.3", ["-tls1_3"], True, ("ec", "rsa")),
]


def tls(tmp):
    for kind in ("ec", "rsa"):
        cert, key = make_cert(tmp, kind)
        srv = Server(tmp, "tls-" + kind, "--tls-cert", cert, "--tls-key", key)
        control_port = free_port()
        # A permissive control with the same certificate: every option below works
        # against it, so a refusal by lytt-server is lytt-server's own.
        control = subprocess.Popen(["openssl", "s_server", "-accept", f"127.0.0.1:{control_port}",
                                    "-cert", cert, "-key", key, "-cipher", "ALL:@SECLEVEL=0",
                                    "-quiet"], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", control_port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.05)
            for what, opts, want, kinds in TLS_CASES:
                if kind not in kinds:
                    continue
                ok_c, proto_c, _, out_c = s_client(control_port, *opts)
                check(ok_c, f"{kind} cert: {what}: the permissive control accepts the client "
                            f"({out_c[-300:]!r})")
                ok, proto, cipher, out = s_client(srv.port, *opts)
                if want:
                    check(ok, f"{kind} cert: {what}: accepted ({proto} {cipher}; {out[-300:]!r})")
                    check(proto == ("TLSv1.3" if "-tls1_3" in opts else "TLSv1.2"),
                          f"{kind} cert: {what}: the version asked for ({proto})")
                else:
                    check(not ok, f"{kind} cert: {what}: refused (got {proto} {cipher})")
                    # The client did offer it (the control took it); the server said no
                    # (libmicrohttpd hangs up on a failed handshake without an alert).
                    check(not re.search(r"no protocols available|no cipher match", out),
                          f"{kind} cert: {what}: the client offered it ({out[-300:]!r})")
            # An ordinary request over TLS.
            r = subprocess.run(["openssl", "s_client", "-connect", f"127.0.0.1:{srv.port}",
                                "-quiet", "-servername", "localhost"],
                               input=HEALTH, capture_output=True, timeout=15)
            check(b"HTTP/1.1 200" in r.stdout and b"Strict-Transport-Security" in r.stdout,
                  f"{kind} cert: GET /healthz over TLS is 200 with HSTS")
        finally:
            control.terminate()
            control.wait(timeout=10)
            check(srv.stop() == 0, f"the TLS server ({kind}) stops cleanly")


def main():
    tmp = tempfile.mkdtemp(prefix="lytt-doors-")
    t0 = time.monotonic()
    try:
        attack_without_deadline(tmp)
        srv = Server(tmp, "doors", "--max-connections", str(MAX_CONN),
                     "--per-address-connections", str(PER_ADDRESS), "--threads", "2",
                     "--request-deadline", str(DEADLINE))
        try:
            attack_with_deadline(srv)
            deadline_cuts(srv)
            waiting_post_not_cut(srv)
            content_length(srv)
            withdraw_echo(srv)
            check(exchange(srv.port, HEALTH)[0] == 200, "the server is up after it all")
        finally:
            check(srv.stop() == 0, "the server stops cleanly")
            srv.log.seek(0)
            log = srv.log.read()
            check(not any(a in log for a in ATTACKERS), "no client address in the log")
        if shutil.which("openssl"):
            tls(tmp)
        else:
            check(False, "openssl is installed (scripts/setup.sh)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"doors: {time.monotonic() - t0:.1f} s")
    finish("doors")


if __name__ == "__main__":
    main()
