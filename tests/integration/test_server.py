#!/usr/bin/env python3
"""End-to-end test of lytt-server: the real binary on a free loopback port, a real
SQLite file, plain HTTP from the standard library (no mocks).

usage: test_server.py LYTT_SERVER SURVEY_DIR
"""
import concurrent.futures
import http.client
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse

from checks import check, finish

SERVER, SURVEY_DIR = sys.argv[1], sys.argv[2]
AGENT = "LyttTestAgent/7.3 (unique-agent-marker)"


class Server:
    def __init__(self, tmp, extra=()):
        self.db = os.path.join(tmp, "lytt.db")
        self.out = open(os.path.join(tmp, "stdout.log"), "w+")
        self.err = open(os.path.join(tmp, "stderr.log"), "w+")
        self.proc = subprocess.Popen(
            [SERVER, "--port", "0", "--db", self.db, "--surveys", SURVEY_DIR, *extra],
            stdout=self.out, stderr=self.err)
        deadline = time.time() + 20
        self.port = None
        while time.time() < deadline and self.port is None:
            self.out.seek(0)
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", self.out.read())
            if m:
                self.port = int(m.group(1))
            elif self.proc.poll() is not None:
                break
            else:
                time.sleep(0.05)
        if self.port is None:
            self.err.seek(0)
            raise RuntimeError("server did not start: " + self.err.read())

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        h = {"User-Agent": AGENT}
        if body is not None and not isinstance(body, bytes):
            body = urllib.parse.urlencode(body, doseq=True).encode()
            h["Content-Type"] = "application/x-www-form-urlencoded"
        h.update(headers or {})
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        data = r.read().decode("utf-8", "replace")
        conn.close()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        rc = self.proc.wait(timeout=30)
        self.out.seek(0)
        self.err.seek(0)
        return rc, self.out.read() + self.err.read()


def checked(html, value):
    return re.search(r'value="%s"[^>]*\schecked>' % re.escape(value), html) is not None


def form_ids(html):
    return set(re.findall(r'name="([a-z0-9_-]+)"', html))


def valid_answers(lang="nn"):
    return {
        "relation": "partner", "age_band": "67-79", "service_area": "home_care",
        "years_as_carer": "3-5", "hours_per_week": "20", "children_in_family": "no",
        "info_illness": "4", "involve_important": "5", "overall_trust": "4",
        "overall_satisfied": "dk", "important_to_you": "Å bli sett. <b>Takk</b>",
    }


def main():
    tmp = tempfile.mkdtemp(prefix="lytt-it-")
    try:
        run(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    finish("server_integration")


def run(tmp):
    srv = Server(tmp, ("--rate-limit", "0"))
    try:
        flow(srv)
    finally:
        rc, logs = srv.stop()
    check(rc == 0, f"SIGTERM stops the server cleanly (exit {rc})")
    check("stopped; database closed" in logs, "the server says it closed the database")
    # Logs carry no answers, no addresses, no agent.
    check(AGENT not in logs and "Å bli sett" not in logs and "partner" not in logs,
          "logs hold no answers or user agent")
    check(logs.count("127.0.0.1") <= 1, "logs name no client address (only the listen line)")

    con = sqlite3.connect(srv.db)
    check(con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity_check ok")
    con.close()
    raw = b""
    for suffix in ("", "-wal", "-shm"):
        p = srv.db + suffix
        if os.path.exists(p):
            raw += open(p, "rb").read()
    check(b"127.0.0.1" not in raw, "no client address anywhere in the database files")
    check(AGENT.encode() not in raw, "no user agent anywhere in the database files")
    today = time.strftime("%Y-%m-%d").encode()
    check(today not in raw, "no date anywhere in the database files")

    cli_checks(tmp)
    rate_limit(tmp)


def rate_limit(tmp):
    """Submissions per address are limited (in memory); the carer keeps every answer."""
    d = os.path.join(tmp, "rl")
    os.mkdir(d)
    srv = Server(d, ("--rate-limit", "3"))
    try:
        path = "/s/parorende/demensteam?lang=en"
        codes = [srv.request("POST", path, valid_answers())[0] for _ in range(3)]
        check(codes == [303, 303, 303], f"3 submissions within the limit ({codes})")
        st, h, page = srv.request("POST", path, valid_answers())
        check(st == 429 and checked(page, "partner") and "Too many submissions" in page,
              "the 4th in a minute: 429 with the answers kept")
        st, _, page = srv.request("POST", "/s/parorende/withdraw", {"code": "ABCDE-FGHJK"})
        check(st == 429 and 'value="ABCDE-FGHJK"' in page, "withdraw attempts are limited too")
        st, _, _ = srv.request("GET", path)
        check(st == 200, "reading the form is not limited")
        check(count(srv) == 3, "nothing stored past the limit")
    finally:
        rc, logs = srv.stop()
    check(rc == 0 and "127.0.0.1" not in logs.replace("listening on http://127.0.0.1", ""),
          "the limiter logs no address")


def flow(srv):
    # Health, index, static.
    st, h, body = srv.request("GET", "/healthz")
    check(st == 200 and body == "ok\n", "GET /healthz is 200 ok")
    st, h, body = srv.request("GET", "/")
    check(st == 200, "GET / is 200")
    units = re.findall(r'href="(/s/parorende/[a-z0-9-]+)\?', body)
    check(len(units) >= 2, "the index links every unit of the adult survey")
    check("/s/unge-parorende/" in body, "the index lists the young-carer survey")
    for u in units:
        st, _, _ = srv.request("GET", u)
        check(st == 200, f"unit link {u} works")
    st, h, css = srv.request("GET", "/static/lytt.css")
    check(st == 200 and "max-age" in h.get("cache-control", "") and h.get("etag"),
          "CSS is served with caching headers")
    st, _, _ = srv.request("GET", "/static/lytt.css", headers={"If-None-Match": h.get("etag", "")})
    check(st == 304, "CSS revalidates with 304")
    st, _, _ = srv.request("GET", "/static/../../etc/passwd")
    check(st == 404, "no path traversal under /static/")

    # The form, in Nynorsk from the link and from Accept-Language.
    path = "/s/parorende/demensteam"
    st, h, form = srv.request("GET", path + "?lang=nn")
    check(st == 200 and '<html lang="nn">' in form, "the form in Nynorsk from ?lang=nn")
    check("script-src 'self'" in h.get("content-security-policy", "")
          and "unsafe-inline" not in h.get("content-security-policy", ""),
          "CSP without inline script")
    check(h.get("referrer-policy") == "no-referrer", "Referrer-Policy no-referrer")
    check(h.get("x-content-type-options") == "nosniff", "X-Content-Type-Options nosniff")
    check("set-cookie" not in h, "no cookie is set")
    check("strict-transport-security" not in h, "no HSTS without TLS")
    check("<script>" not in form and " style=" not in form, "no inline script or style")
    check(not re.search(r'(src|href)="(https?:)?//', form), "no third-party resource in the form")
    ids = form_ids(form)
    for item in ("relation", "hours_per_week", "important_to_you", "info_illness",
                 "overall_trust", "children_in_family"):
        check(item in ids, f"form has field {item}")
    print(f"form page: {len(form.encode())} bytes of HTML, {len(css.encode())} bytes of CSS")
    st, _, f2 = srv.request("GET", path, headers={"Accept-Language": "nn-NO,nn;q=0.9,en;q=0.5"})
    check('<html lang="nn">' in f2, "Accept-Language nn-NO gives Nynorsk")
    st, _, f3 = srv.request("GET", path, headers={"Accept-Language": "de-DE"})
    check('<html lang="nb">' in f3, "an unknown language falls back to Bokmål")
    st, _, f4 = srv.request("GET", path + "?lang=en", headers={"Accept-Language": "nn"})
    check('<html lang="en">' in f4, "the link's language wins over Accept-Language")

    # An invalid submission: 422, every typed answer back, errors beside fields.
    bad = valid_answers()
    del bad["overall_trust"]              # required
    bad["hours_per_week"] = "tjue"        # not a number
    bad["important_to_you"] = "Mitt svar <script>alert(1)</script> æøå"
    st, h, page = srv.request("POST", path + "?lang=nn", bad)
    check(st == 422, f"invalid answers give 422 (got {st})")
    check(checked(page, "partner") and checked(page, "67-79"), "chosen radio buttons are kept")
    check('value="tjue"' in page, "the typed (wrong) number is kept")
    check("Mitt svar &lt;script&gt;alert(1)&lt;/script&gt; æøå</textarea>" in page,
          "the free text is kept, escaped")
    check("<script>alert" not in page, "free text is never shown unescaped")
    check(re.search(r'aria-describedby="e-overall_trust', page) is not None
          and 'id="e-overall_trust"' in page, "the error is linked with aria-describedby")
    check('href="#f-hours_per_week"' in page, "the error summary links to the field")
    check(count(srv) == 0, "nothing is stored for an invalid submission")

    # Switching language keeps the answers (no JavaScript needed).
    sw = dict(valid_answers(), _lang="en")
    st, _, page = srv.request("POST", path + "?lang=nn", sw)
    check(st == 200 and '<html lang="en">' in page and checked(page, "partner"),
          "the language button re-renders in English with the answers kept")
    check(count(srv) == 0, "a language switch stores nothing")
    sw = dict(valid_answers(), _size="large")
    st, _, page = srv.request("POST", path + "?lang=nn", sw)
    check(st == 200 and 'class="large"' in page and checked(page, "67-79"),
          "the large-text button keeps the answers")

    # A valid submission in Nynorsk: 303 to the thank-you page with a receipt.
    good = valid_answers()
    good["child_info"] = "5"  # answer to a hidden conditional item: ignored
    st, h, _ = srv.request("POST", path + "?lang=nn", good)
    check(st == 303, f"a valid submission gives 303 (got {st})")
    loc = h.get("location", "")
    m = re.match(r"/s/parorende/thanks\?lang=nn&receipt=([2-9A-Z]{5}-[2-9A-Z]{5})$", loc)
    check(m is not None, f"redirect to the thank-you page with a receipt ({loc})")
    code = m.group(1) if m else "XXXXX-XXXXX"
    st, h, thanks = srv.request("GET", loc)
    check(st == 200 and code in thanks, "the thank-you page shows the receipt code")
    check("800 33 850" in thanks, "the thank-you page says where to find carer support")
    check(h.get("cache-control") == "no-store", "the thank-you page is not cached")

    con = sqlite3.connect(srv.db)
    rows = con.execute("SELECT id, survey_id, survey_version, unit_id, wave, period, lang "
                       "FROM responses").fetchall()
    check(len(rows) == 1, "one response stored")
    rid, sid, ver, unit, wave, period, lang = rows[0]
    check(isinstance(rid, int) and rid > 2**40, f"the response id is a large random number ({rid})")
    check((sid, ver, unit, lang) == ("parorende", 1, "demensteam", "nn"),
          "survey, version, unit and language are stored")
    check(re.fullmatch(r"\d{4}-W\d{2}", period) is not None, f"week, not date ({period})")
    check(re.fullmatch(r"\d{4}-H[12]", wave) is not None, f"default wave is a half year ({wave})")
    answers = dict(con.execute("SELECT item_id, value FROM answers WHERE response_id = ?",
                               (rid,)).fetchall())
    check(answers.get("important_to_you") == "Å bli sett. <b>Takk</b>", "free text stored as typed")
    check(answers.get("overall_satisfied") == "dk", "don't know stored as dk")
    check("child_info" not in answers, "an answer to a hidden conditional item is not stored")
    check(con.execute("SELECT count(*) FROM survey_versions").fetchone()[0] == 2,
          "both questionnaire texts are stored with their version")
    con.close()

    # The unit chosen in the form at /s/<survey>.
    st, _, page = srv.request("GET", "/s/parorende?lang=en")
    check(st == 200 and 'name="_unit"' in page, "/s/<survey> asks which service")
    st, _, page = srv.request("POST", "/s/parorende?lang=en", valid_answers())
    check(st == 422 and 'href="#f-_unit"' in page, "the service question is required")
    st, h, _ = srv.request("POST", "/s/parorende?lang=en",
                           dict(valid_answers(), _unit="heimetenester-nord"))
    check(st == 303, "with a service chosen the answer is stored")

    # Many carers at once: all acknowledged, all stored, ids distinct.
    def submit(i):
        a = valid_answers()
        a["hours_per_week"] = str(i % 100)
        return srv.request("POST", path, a)
    with concurrent.futures.ThreadPoolExecutor(16) as ex:
        results = list(ex.map(submit, range(64)))
    check(all(r[0] == 303 for r in results), "64 concurrent submissions all get 303")
    codes = {r[1].get("location") for r in results}
    check(len(codes) == 64, "64 distinct receipts")
    check(count(srv) == 66, f"66 responses stored (got {count(srv)})")

    # Withdraw with the receipt.
    st, _, page = srv.request("GET", "/s/parorende/withdraw?lang=nn")
    check(st == 200 and 'name="code"' in page, "the withdraw page has a code box")
    st, _, page = srv.request("POST", "/s/parorende/withdraw?lang=nn", {"code": "ZZZZZ-ZZZZZ"})
    check(st == 422 and 'value="ZZZZZ-ZZZZZ"' in page, "an unknown code: 422, code kept")
    st, _, page = srv.request("POST", "/s/unge-parorende/withdraw", {"code": code})
    check(st == 422, "a code does not withdraw from another survey")
    st, _, page = srv.request("POST", "/s/parorende/withdraw?lang=nn", {"code": code.lower()})
    check(st == 200 and 'class="done"' in page, "the right code (any case) withdraws")
    check(count(srv) == 65, "the response is gone")
    con = sqlite3.connect(srv.db)
    check(con.execute("SELECT count(*) FROM answers WHERE response_id = ?", (rid,)).fetchone()[0]
          == 0, "its answers are gone")
    con.close()
    st, _, _ = srv.request("POST", "/s/parorende/withdraw", {"code": code})
    check(st == 422, "a code withdraws only once")

    # Errors that keep the server up.
    for p in ("/s/nope", "/s/parorende/nope", "/nope", "/s/", "/s/parorende/a/b",
              "/s/" + "x" * 5000):
        st, _, page = srv.request("GET", p)
        check(st == 404 and "<h1>" in page, f"GET {p[:40]} is a 404 page")
    st, h, _ = srv.request("PUT", path, b"x")
    check(st == 405 and "POST" in h.get("allow", ""), "PUT is 405 with Allow")
    st, _, _ = srv.request("DELETE", "/")
    check(st == 405, "DELETE is 405")
    st, _, page = srv.request("POST", path, b"a=" + b"x" * (70 * 1024),
                              {"Content-Type": "application/x-www-form-urlencoded"})
    check(st == 413, f"a body over 64 KiB is 413 (got {st})")
    st, _, _ = srv.request("POST", path, b'{"a":1}', {"Content-Type": "application/json"})
    check(st == 415, "a JSON body is 415")
    st, _, page = srv.request("POST", path, b"relation=%ZZ",
                              {"Content-Type": "application/x-www-form-urlencoded"})
    check(st == 400 and 'id="survey"' in page, "bad percent-encoding is 400 with the form")
    st, _, page = srv.request("POST", path, b"important_to_you=%FF%FE",
                              {"Content-Type": "application/x-www-form-urlencoded"})
    check(st == 400, "invalid UTF-8 is 400")
    st, _, _ = srv.request("GET", "/healthz")
    check(st == 200, "the server is still up after the bad requests")
    check(count(srv) == 65, "no bad request stored anything")


def count(srv):
    con = sqlite3.connect(srv.db)
    n = con.execute("SELECT count(*) FROM responses").fetchone()[0]
    con.close()
    return n


def cli_checks(tmp):
    r = subprocess.run([SERVER, "--check", os.path.join(SURVEY_DIR, "parorende.yaml"),
                        os.path.join(SURVEY_DIR, "unge-parorende.yaml")],
                       capture_output=True, text=True)
    check(r.returncode == 0 and "2 files fine" in r.stdout, "--check passes the bundled surveys")
    bad = os.path.join(tmp, "bad.yaml")
    with open(bad, "w") as f:
        f.write("lytt: 1\nid: bad\nversion: 1\nlanguages: [nb, nn, en]\ntitel: x\n")
    r = subprocess.run([SERVER, "--check", bad], capture_output=True, text=True)
    check(r.returncode == 1 and f"{bad}:5: survey: unknown key 'titel'" in r.stderr,
          "--check reports file:line and exits 1")
    r = subprocess.run([SERVER, "--port", "http"], capture_output=True, text=True)
    check(r.returncode == 2 and "usage:" in r.stderr and "--port" in r.stderr,
          "a bad option gives usage and exit 2")
    r = subprocess.run([SERVER, "--help"], capture_output=True, text=True)
    check(r.returncode == 0 and "usage:" in r.stdout, "--help prints usage")
    # A port that is taken: a clear error, exit 1.
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    port = s.getsockname()[1]
    r = subprocess.run([SERVER, "--port", str(port), "--db", os.path.join(tmp, "x.db"),
                        "--surveys", SURVEY_DIR], capture_output=True, text=True, timeout=20)
    s.close()
    check(r.returncode == 1 and "cannot listen" in r.stderr, "a taken port is a clear error")
    # A bad questionnaire folder: every problem, exit 1.
    sdir = os.path.join(tmp, "surveys")
    os.mkdir(sdir)
    shutil.copy(bad, sdir)
    r = subprocess.run([SERVER, "--port", "0", "--db", os.path.join(tmp, "y.db"),
                        "--surveys", sdir], capture_output=True, text=True, timeout=20)
    check(r.returncode == 1 and "bad.yaml:5:" in r.stderr, "start-up refuses a bad questionnaire")


if __name__ == "__main__":
    main()
