#!/usr/bin/env python3
"""End-to-end test of lytt-analyze: generated responses in a real database, every
subcommand in every format, suppression of a unit with 3 and one with 7 respondents,
and numbers recomputed here independently from the database.

usage: test_analyze.py LYTT_ANALYZE SURVEY_DIR
"""
import csv
import io
import json
import math
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

from checks import check, finish

ANALYZE, SURVEY_DIR = sys.argv[1], sys.argv[2]


def run(*args, ok=True):
    r = subprocess.run([ANALYZE, *args], capture_output=True, text=True)
    if ok and r.returncode != 0:
        print(r.stderr, file=sys.stderr)
    return r


def rows_of(text):
    return list(csv.DictReader(io.StringIO(text)))


def wilson(x, n, z=1.959963984540054):
    p = x / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (c - h) * 100, (c + h) * 100


def main():
    tmp = tempfile.mkdtemp(prefix="lytt-an-")
    try:
        tests(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    finish("analyze_integration")


def tests(tmp):
    db = os.path.join(tmp, "a.db")
    q = os.path.join(SURVEY_DIR, "parorende.yaml")
    waves = "2025-H1,2025-H2,2026-H1,2026-H2"
    r = run("generate", "--db", db, "--questionnaire", q, "--n", "1200", "--seed", "7",
            "--waves", waves, "--unit-sizes", "demensteam=3,sjukeheim-fjordly=7")
    check(r.returncode == 0, "generate works")
    con = sqlite3.connect(db)
    total = con.execute("SELECT count(*) FROM responses").fetchone()[0]
    check(total == 1210, f"1210 responses generated (got {total})")
    sizes = dict(con.execute("SELECT unit_id, count(*) FROM responses GROUP BY unit_id"))
    check(sizes.get("demensteam") == 3 and sizes.get("sjukeheim-fjordly") == 7,
          f"fixed unit sizes ({sizes})")

    # Same seed, same answers (ids are random, the answers are not).
    db2 = os.path.join(tmp, "b.db")
    run("generate", "--db", db2, "--questionnaire", q, "--n", "50", "--seed", "3",
        "--waves", "2026-H2")
    db3 = os.path.join(tmp, "c.db")
    run("generate", "--db", db3, "--questionnaire", q, "--n", "50", "--seed", "3",
        "--waves", "2026-H2")
    qa = ("SELECT item_id, value, count(*) FROM answers GROUP BY item_id, value "
          "ORDER BY 1, 2")
    a2 = sqlite3.connect(db2).execute(qa).fetchall()
    a3 = sqlite3.connect(db3).execute(qa).fetchall()
    check(a2 == a3 and len(a2) > 20, "the same seed gives the same answers")

    # ---- summary, CSV, by unit
    r = run("summary", "--db", db, "--survey", "parorende", "--by", "unit", "--format", "csv")
    check(r.returncode == 0, "summary --format csv works")
    rows = rows_of(r.stdout)
    need = ["group", "item", "n", "n_dont_know", "pct_positive", "ci_low", "ci_high", "score",
            "score_ci_low", "score_ci_high", "suppressed"]
    check(rows and all(c in rows[0] for c in need), "summary CSV has the required columns")
    numeric = ["n", "n_dont_know", "pct_positive", "ci_low", "ci_high", "score", "score_ci_low",
               "score_ci_high", "alpha", "r_drop"]
    # Both read "too few": which one is small and which protects it is not told.
    for unit, reason in (("demensteam", "too-few-responses"),
                         ("sjukeheim-fjordly", "too-few-responses")):
        ur = [x for x in rows if x["group"] == unit]
        check(ur and all(x["suppressed"] == reason for x in ur),
              f"{unit}: every row suppressed as {reason}")
        check(all(all(x[c] == "" for c in numeric) for x in ur), f"{unit}: no number shown")
    # Every visible percentage is consistent with its interval, and recomputed here.
    allrows = {x["item"]: x for x in rows if x["group"] == "all"}
    it = allrows.get("overall_trust")
    check(it is not None and it["pct_positive"] != "", "overall_trust is shown for all")
    x, n = con.execute(
        "SELECT sum(value IN ('4','5')), sum(value IN ('1','2','3','4','5')) FROM answers "
        "WHERE item_id = 'overall_trust'").fetchone()
    if it:
        check(int(it["n"]) == n, f"n of overall_trust matches the database ({it['n']} vs {n})")
        check(abs(float(it["pct_positive"]) - 100 * x / n) < 0.006, "percent positive recomputed")
        lo, hi = wilson(x, n)
        check(abs(float(it["ci_low"]) - lo) < 0.006 and abs(float(it["ci_high"]) - hi) < 0.006,
              "the Wilson interval recomputed")
    # A reverse item's positive share is the favourable (disagreeing) side.
    rev = [k for k in allrows if k in ("health_worn_out", "emo_alone", "coord_repeat")]
    if rev:
        k = rev[0]
        x, n = con.execute(
            "SELECT sum(value IN ('1','2')), sum(value IN ('1','2','3','4','5')) FROM answers "
            "WHERE item_id = ?", (k,)).fetchone()
        check(abs(float(allrows[k]["pct_positive"]) - 100 * x / n) < 0.006,
              f"reverse item {k}: positive means disagreeing")
    for x in rows:
        if x["pct_positive"]:
            p, lo, hi = float(x["pct_positive"]), float(x["ci_low"]), float(x["ci_high"])
            if not (lo - 1e-9 <= p <= hi + 1e-9 and 0 <= lo and hi <= 100):
                check(False, f"interval holds the estimate ({x['group']} {x['item']})")
                break
    # Domain rows: score in [0, 100], alpha for all (n >= 50).
    dom = [x for x in rows if x["kind"] == "domain" and x["group"] == "all"]
    check(len(dom) == 10, f"ten domains ({len(dom)})")
    check(all(x["score"] == "" or 0 <= float(x["score"]) <= 100 for x in dom), "scores 0-100")
    check(any(x["alpha"] != "" for x in dom), "Cronbach's alpha reported")
    # Small groups: no group size and no item's valid answers from 1 to 4.
    bad = [x for x in rows if x["n"] and 0 < int(x["n"]) < 5]
    check(not bad, "no n from 1 to 4 is shown")
    # Under 20 no answer points: every item row below points shows no distribution.
    check(all(x["detail"] in ("points", "buckets", "size", "") for x in rows),
          "every row says what it shows")

    # The same summary as JSON and text carries the same suppression.
    r = run("summary", "--db", db, "--survey", "parorende", "--by", "unit", "--format", "json")
    j = json.loads(r.stdout)
    check(j["method"]["interval"] == "wilson" and j["method"]["disclosure"]["min_group"] == 5,
          "JSON states the method and the thresholds")
    check(all(x["distribution"] is None for x in j["items"] if x["detail"] != "points"),
          "no distribution below points")
    dm = [x for x in j["items"] if x["group"] == "demensteam"]
    check(dm and all(x["n"] is None and x["pct_positive"] is None for x in dm),
          "JSON hides the small unit")
    g = {x["group"]: x for x in j["groups"]}
    check(g["demensteam"]["n"] is None and g["all"]["n"] == 1210, "JSON group sizes")
    r = run("summary", "--db", db, "--survey", "parorende", "--by", "unit")
    check("demensteam: too few responses" in r.stdout, "text says too few responses")
    r = run("summary", "--db", db, "--survey", "parorende", "--ci", "clopper-pearson",
            "--format", "json")
    check(json.loads(r.stdout)["method"]["interval"] == "clopper-pearson", "--ci option")
    r = run("summary", "--db", db, "--survey", "parorende", "--by", "age_band", "--format", "csv")
    check(r.returncode == 0 and any(x["group"] == "(no answer)" for x in rows_of(r.stdout)),
          "--by a background item, with the no-answer group")
    r = run("summary", "--db", db, "--survey", "parorende", "--by", "wave", "--format", "csv",
            "--spreadsheet-nb")
    check(r.stdout.startswith("\ufeffgroup;item;"), "Norwegian spreadsheet CSV: BOM and ;")
    check(any("," in x for x in r.stdout.split(";")[20:200]), "decimal comma")
    r = run("summary", "--db", db, "--survey", "parorende", "--unit", "demensteam",
            "--format", "json")
    j = json.loads(r.stdout)
    check(all(x["n"] is None for x in j["items"]), "a unit of 3 alone shows nothing")

    # ---- compare
    r = run("compare", "--db", db, "--survey", "parorende", "--by", "unit", "--format", "csv")
    check(r.returncode == 0, "compare works")
    rows = rows_of(r.stdout)
    check(rows and not any(x["unit"] in ("demensteam", "sjukeheim-fjordly") for x in rows),
          "small units are not compared")
    check(all(x["adjustment"] == "holm" for x in rows), "Holm by default, stated")
    for x in rows:
        if x["p"] and float(x["p_adjusted"]) + 1e-12 < float(x["p"]):
            check(False, "adjusted p is never below p")
            break
        if x["flagged"] == "yes":
            lim = 5 if x["kind"] == "domain" else 10
            if not (float(x["p_adjusted"]) < 0.05 and abs(float(x["diff"])) >= lim):
                check(False, f"flag rule holds ({x})")
                break
    check(any(x["test"] == "welch" for x in rows), "Welch's t for domains")
    check(any(x["test"] in ("two-proportion", "fisher") for x in rows), "proportion tests")
    r = run("compare", "--db", db, "--survey", "parorende", "--adjust", "bh", "--format", "json")
    j = json.loads(r.stdout)
    check(j["method"]["adjustment"] == "BH", "Benjamini-Hochberg on request")
    check(len(j["kruskal_wallis"]) > 0 and len(j["chi_square"]) > 0,
          "Kruskal-Wallis and chi-square reported")
    check({x["unit"] for x in j["not_compared"]} == {"demensteam", "sjukeheim-fjordly"},
          "JSON names the units left out")
    check(j["disclosure"]["min_group"] == 5 and "audit" in j["disclosure"],
          "compare JSON carries the gate's rules and audit status")
    hidden = [x for x in j["units"] if x["suppressed"]]
    check(all(x["n_unit"] is None and x["value_unit"] is None and x["p"] is None
              for x in hidden), "hidden compare rows carry no numbers")
    for x in j["chi_square"]:
        if x["statistic"] is None and x["rows"] >= 2 and x["note"] == "":
            check(False, f"a chi-square without a statistic says why ({x})")
            break

    # ---- trend
    r = run("trend", "--db", db, "--survey", "parorende", "--by", "wave", "--format", "json")
    check(r.returncode == 0, "trend works")
    j = json.loads(r.stdout)
    s = [x for x in j["series"] if x.get("item") == "overall_trust"][0]
    check([p["period"] for p in s["points"]] == waves.split(","), "one point per wave")
    check(all(p["lcl"] is None or p["lcl"] <= s["centre"] <= p["ucl"] for p in s["points"]),
          "limits around the centre line")
    check(j["disclosure"]["points_from"] == 20 and "audit" in j["disclosure"],
          "trend JSON carries the gate's rules and audit status")
    pts = [p for x in j["series"] for p in x["points"]]
    # A banded point keeps its valid answers, as the summary does; nothing else hidden
    # carries a number.
    check(all(p["value"] is None and (p["n"] is None or p["suppressed"] == "banded")
              for p in pts if p["suppressed"]), "hidden trend points carry no numbers")
    check(all(p["band"] for p in pts if p["suppressed"] == "banded"),
          "a banded trend point says its band")
    check(all(p["value"] is None for p in pts if p["band"]), "a banded point shows no number")
    r = run("trend", "--db", db, "--survey", "parorende", "--by", "month", "--format", "csv")
    check(r.returncode == 0 and len(rows_of(r.stdout)) > 0, "trend by month")

    # ---- export
    r = run("export", "--db", db, "--survey", "parorende", "--format", "csv")
    check(r.returncode == 0, "export works")
    rows = rows_of(r.stdout)
    said = re.search(r"wrote (\d+) rows; (\d+) values blanked( and some rows withheld)?",
                     r.stderr)
    check(said is not None and int(said.group(1)) == len(rows),
          f"export says what it wrote and blanked ({r.stderr.strip()})")
    check(said is not None and bool(said.group(3)) == (len(rows) < 1210),
          f"export says whether rows were withheld, never how many ({r.stderr.strip()})")
    check(not any(x["unit"] in ("demensteam", "sjukeheim-fjordly") for x in rows),
          "no row names a small unit")
    check("period" not in rows[0], "no period: the time of answering is the wave")
    check("important_to_you" not in rows[0], "no free text without the flag")
    check(rows[0]["row"] == "1" and "id" not in rows[0], "running numbers, no response ids")
    r = run("export", "--db", db, "--survey", "parorende", "--include-free-text")
    rows = rows_of(r.stdout)
    check("important_to_you" in rows[0], "free text with the flag")
    r = run("export", "--db", db, "--survey", "parorende", "--shape", "long",
            "--out", os.path.join(tmp, "long.csv"))
    longrows = rows_of(open(os.path.join(tmp, "long.csv"), encoding="utf-8").read())
    check(longrows and set(longrows[0]) >= {"row", "item", "value"}, "long shape")

    # ---- bad command lines and inputs
    check(run("nope", ok=False).returncode == 2, "unknown command: exit 2")
    r = run("summary", "--survey", "parorende", ok=False)
    check(r.returncode == 2 and "--db" in r.stderr, "missing --db: exit 2 with a message")
    r = run("summary", "--db", db, "--survey", "parorende", "--format", "xml", ok=False)
    check(r.returncode == 2 and "text, csv, json" in r.stderr, "a bad --format is named")
    r = run("summary", "--db", db, "--survey", "nope", ok=False)
    check(r.returncode == 1 and "no questionnaire 'nope'" in r.stderr, "unknown survey: exit 1")
    r = run("summary", "--db", os.path.join(tmp, "missing.db"), "--survey", "x", ok=False)
    check(r.returncode == 1, "a missing database: exit 1")
    r = run("summary", "--db", db, "--survey", "parorende", "--by", "nope", ok=False)
    check(r.returncode == 2 and "--by" in r.stderr, "a bad --by: exit 2")
    check(run("summary", "--help").returncode == 0, "summary --help")


if __name__ == "__main__":
    main()
