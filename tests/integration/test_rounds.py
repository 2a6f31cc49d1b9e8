#!/usr/bin/env python3
"""Survey rounds and invitation codes end to end: lytt-admin opens a code-only round
and makes codes; the real server asks for a code, takes each code once (also when
several carers race with the same one), keeps every answer when a code is missing,
wrong or used, and shows a closed page when the round is closed. Afterwards nothing
in the database joins an invitation to a response.

usage: test_rounds.py LYTT_SERVER LYTT_ADMIN SURVEY_DIR [LYTT_ANALYZE]
"""
import concurrent.futures
import csv
import http.client
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse

from checks import check, finish, http_request as request

SERVER, ADMIN, SURVEY_DIR = sys.argv[1], sys.argv[2], sys.argv[3]
ANALYZE = sys.argv[4] if len(sys.argv) > 4 else None
ANSWERS = {"relation": "partner", "involve_important": "3", "overall_trust": "4",
           "overall_satisfied": "5", "important_to_you": "Tid til meg sjølv"}


def admin(*args):
    return subprocess.run([ADMIN, *args], capture_output=True, text=True)




def main():
    tmp = tempfile.mkdtemp(prefix="lytt-rounds-")
    db = os.path.join(tmp, "r.db")
    log = open(os.path.join(tmp, "server.log"), "w+")
    proc = subprocess.Popen([SERVER, "--port", "0", "--db", db, "--surveys", SURVEY_DIR,
                             "--rate-limit", "0"], stdout=log, stderr=log)
    try:
        port = None
        for _ in range(200):
            log.seek(0)
            m = re.search(r"127\.0\.0\.1:(\d+)/", log.read())
            if m:
                port = int(m.group(1))
                break
            time.sleep(0.05)
        run(tmp, db, port)
    finally:
        proc.send_signal(signal.SIGTERM)
        check(proc.wait(timeout=60) == 0, "the server stops cleanly")
        shutil.rmtree(tmp, ignore_errors=True)
    finish("rounds")


def run(tmp, db, port):
    path = "/s/parorende/demensteam"
    # Without rounds the open link works as always.
    st, _, _ = request(port, "POST", path, ANSWERS)
    check(st == 303, "no rounds: the open link takes answers")

    r = admin("round", "open", "--db", db, "--id", "demens-2026-11", "--survey", "parorende",
              "--wave", "2026-11", "--units", "demensteam", "--mode", "code",
              "--surveys", SURVEY_DIR)
    check(r.returncode == 0, f"round open works ({r.stderr.strip()})")
    r = admin("round", "open", "--db", db, "--id", "demens-2026-11", "--survey", "parorende",
              "--wave", "2026-11", "--units", "nope", "--surveys", SURVEY_DIR)
    check(r.returncode == 1 and "not a unit" in r.stderr, "an unknown unit is refused")
    codes_file = os.path.join(tmp, "codes.csv")
    letters = os.path.join(tmp, "letters.pdf")
    # The codes must go somewhere: letters, a CSV, or both; a CSV only when asked.
    r = admin("invite", "--db", db, "--round", "demens-2026-11", "--unit", "demensteam",
              "--count", "3", "--surveys", SURVEY_DIR)
    check(r.returncode == 2 and "--letters" in r.stderr, "invite without a destination: usage")
    only_letters = os.path.join(tmp, "only-letters.pdf")
    db2 = os.path.join(tmp, "other.db")
    admin("round", "open", "--db", db2, "--id", "x", "--survey", "parorende", "--wave", "w",
          "--units", "demensteam", "--mode", "code", "--surveys", SURVEY_DIR)
    r = admin("invite", "--db", db2, "--round", "x", "--unit", "demensteam",
              "--count", "2", "--letters", only_letters, "--surveys", SURVEY_DIR)
    check(r.returncode == 0 and os.path.exists(only_letters) and
          not any(f.endswith(".csv") for f in os.listdir(tmp)),
          f"letters alone, no code list written ({r.stderr.strip()})")
    check(os.stat(only_letters).st_mode & 0o777 == 0o600, "the letters are written 0600")
    r = admin("invite", "--db", db, "--round", "demens-2026-11", "--unit", "demensteam",
              "--count", "20", "--out", codes_file, "--base-url", "https://lytt.example.no",
              "--letters", letters, "--lang", "nn", "--surveys", SURVEY_DIR)
    check(r.returncode == 0, f"invite works ({r.stderr.strip()})")
    rows = list(csv.DictReader(open(codes_file, encoding="utf-8")))
    codes = [x["code"] for x in rows]
    check(len(set(codes)) == 20 and all(re.fullmatch(r"[2-9A-Z]{5}-[2-9A-Z]{5}", c) for c in codes),
          "20 distinct codes without look-alike characters")
    check(rows[0]["link"] == f"https://lytt.example.no/s/parorende/demensteam?code={codes[0]}",
          "each code comes with its link")
    # The letters: 20 pages, each with its code, and a QR code that decodes to its link.
    info = subprocess.run(["pdfinfo", letters], capture_output=True, text=True).stdout
    check(re.search(r"Pages:\s+20\n", info) is not None, "20 letters, one a page")
    txt = subprocess.run(["pdftotext", "-f", "3", "-l", "3", letters, "-"], capture_output=True,
                         text=True).stdout
    check(codes[2] in txt and "Pårørandeundersøking" in txt and "anonym" in txt,
          "a letter carries its code, the survey's Nynorsk title and the anonymity note")
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "2", letters,
                    os.path.join(tmp, "letter")], check=True)
    for page, code in ((1, codes[0]), (2, codes[1])):
        png = os.path.join(tmp, f"letter-{page:02d}.png")
        if not os.path.exists(png):
            png = os.path.join(tmp, f"letter-{page}.png")
        z = subprocess.run(["zbarimg", "-q", "--raw", png], capture_output=True, text=True)
        want = f"https://lytt.example.no/s/parorende/demensteam?lang=nn&code={code}"
        check(z.stdout.strip() == want, f"letter {page}'s QR code opens its form ({z.stdout.strip()})")
    poster = os.path.join(tmp, "poster.pdf")
    r = admin("poster", "--db", db, "--round", "demens-2026-11", "--unit", "demensteam",
              "--out", poster, "--size", "a3", "--base-url", "https://lytt.example.no",
              "--surveys", SURVEY_DIR)
    check(r.returncode == 0 and "code only" in r.stderr, "a poster for a code-only round warns")
    subprocess.run(["pdftoppm", "-r", "50", "-png", poster, os.path.join(tmp, "poster")], check=True)
    png = [f for f in os.listdir(tmp) if f.startswith("poster") and f.endswith(".png")][0]
    z = subprocess.run(["zbarimg", "-q", "--raw", os.path.join(tmp, png)], capture_output=True,
                       text=True)
    check(z.stdout.strip() == "https://lytt.example.no/s/parorende/demensteam?lang=nb",
          f"the poster's QR code opens the open link ({z.stdout.strip()})")
    r = admin("round", "list", "--db", db)
    check("demens-2026-11" in r.stdout and "demensteam=20" in r.stdout, "round list shows invited")

    time.sleep(2.2)  # the server looks at rounds again after 2 s
    st, _, page = request(port, "GET", path + f"?code={codes[0]}")
    check(st == 200 and 'name="_code"' in page and f'value="{codes[0]}"' in page,
          "the form asks for the code, filled in from the link")
    st, _, page = request(port, "POST", path, ANSWERS)
    check(st == 422 and 'href="#f-_code"' in page and "Tid til meg sjølv" in page,
          "no code: 422, the answers kept")
    st, _, page = request(port, "POST", path, dict(ANSWERS, _code="ZZZZZ-ZZZZZ"))
    check(st == 422 and "Tid til meg sjølv" in page and 'value="ZZZZZ-ZZZZZ"' in page,
          "an unknown code: 422, the answers and the code kept")
    st, loc, _ = request(port, "POST", path, dict(ANSWERS, _code=codes[0].lower()))
    check(st == 303, "a valid code (any case): stored")
    st, _, page = request(port, "POST", path, dict(ANSWERS, _code=codes[0]))
    check(st == 422 and "Tid til meg sjølv" in page, "the same code again: 422, answers kept")

    # Eight carers race with one code: exactly one wins.
    with concurrent.futures.ThreadPoolExecutor(8) as ex:
        results = list(ex.map(lambda _: request(port, "POST", path, dict(ANSWERS, _code=codes[1]))[0],
                              range(8)))
    check(results.count(303) == 1 and results.count(422) == 7,
          f"a code used by 8 at once is taken once ({results})")
    for c in codes[2:6]:
        request(port, "POST", path, dict(ANSWERS, _code=c))

    con = sqlite3.connect(db)
    left = con.execute("SELECT count(*) FROM invite_codes").fetchone()[0]
    check(left == 14, f"used codes' hashes are deleted ({left} left of 20)")
    waves = dict(con.execute("SELECT wave, count(*) FROM responses GROUP BY wave"))
    check(waves.get("2026-11") == 6, f"answers get the round's wave ({waves})")
    invited = con.execute("SELECT invited FROM round_units").fetchone()[0]
    check(invited == 20, "20 invited, a count only")
    # Unlinkability: no column of responses refers to a code, hash or round order.
    cols = [r[1] for r in con.execute("PRAGMA table_info(responses)")]
    check(not any(c in cols for c in ("code", "hash", "invite", "round_id")),
          f"responses hold nothing of the invitation ({cols})")
    raw = open(db, "rb").read() + (open(db + "-wal", "rb").read() if os.path.exists(db + "-wal") else b"")
    check(not any(c.encode() in raw or c.replace("-", "").encode() in raw for c in codes),
          "no code is stored in the database files")
    con.close()

    # Another unit of the survey is not in the round: closed.
    st, _, page = request(port, "GET", "/s/parorende/heimetenester-nord")
    check(st == 403 and "closed" in page.lower() or "stengt" in page, "a unit outside every open round is closed")
    # Closing the round.
    r = admin("round", "close", "--db", db, "--id", "demens-2026-11")
    check(r.returncode == 0, "round close works")
    time.sleep(2.2)
    st, _, page = request(port, "GET", path)
    check(st == 403 and ("stengt" in page or "closed" in page), "a closed round: a kind closed page")
    st, _, page = request(port, "POST", path, dict(ANSWERS, _code=codes[7]))
    check(st == 403 and "Tid til meg sjølv" in page, "posting to a closed round keeps the answers")
    con = sqlite3.connect(db)
    check(con.execute("SELECT count(*) FROM invite_codes").fetchone()[0] == 14,
          "a closed round uses no code")
    con.close()
    r = admin("round", "nope", "--db", db)
    check(r.returncode == 2, "a bad round action: exit 2")

    if ANALYZE:
        import json

        def unit_part(wave):
            r = subprocess.run([ANALYZE, "summary", "--db", db, "--survey", "parorende",
                                "--wave", wave, "--by", "unit", "--format", "json"],
                               capture_output=True, text=True)
            return r, {p["unit"]: p for p in json.loads(r.stdout or "{}").get("participation", [])}

        # The open-link answer before the round is demensteam's only one in another wave:
        # showing the unit's 7 and the round's 6 would tell that one, so the gate hides
        # the round's count (docs/privacy.md).
        r, part = unit_part("2026-11")
        check(part.get("demensteam", {}).get("responses") is None,
              "a lone answer in another wave: the round's count is hidden to protect it")
        con = sqlite3.connect(db)
        con.execute("DELETE FROM responses WHERE wave != '2026-11'")
        con.commit()
        con.close()
        r = subprocess.run([ANALYZE, "summary", "--db", db, "--survey", "parorende", "--wave",
                            "2026-11", "--by", "unit", "--format", "json"],
                           capture_output=True, text=True)
        check(r.returncode == 0, f"summary of the round works ({r.stderr.strip()})")
        part = {p["unit"]: p for p in json.loads(r.stdout)["participation"]}
        d = part.get("demensteam", {})
        check(d.get("measure") == "response_rate" and d.get("invited") == 20 and
              abs((d.get("response_rate") or 0) - 30.0) < 1e-9,
              f"response rate = 6 completes / 20 invited ({d})")
        r = subprocess.run([ANALYZE, "summary", "--db", db, "--survey", "parorende",
                            "--format", "csv"], capture_output=True, text=True)
        check(",response_rate,participation," in r.stdout, "the CSV carries the response rate")


if __name__ == "__main__":
    main()
