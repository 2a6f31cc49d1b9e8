#!/usr/bin/env python3
"""Issue 12: every command publishes what the one disclosure gate decided.

On a small survey (300 responses; demensteam with 3 and heimetenester-nord with 7)
compare, trend and participation must not print a figure that summary hides:

1. compare shows no positive share for a unit's item that summary --by unit shows
   below item results, or banded;
2. every trend-by-wave item point of a unit equals summary --unit U --wave W's
   percent positive, or is empty when that one is not exact;
3. participation's n for a unit equals the --by unit group's n, or both are hidden;
4. summary --unit heimetenester-nord and --by unit agree that its size is hidden;
5. the issue's other regressions: no alpha_n anywhere, no n_not_answered or
   n_dont_know on a row whose item result is hidden, no chi-square min_expected
   beside a hidden group, no week in an export, and a municipality of 3 whose
   report, summary and export say "too few" and never 3.

usage: test_gate_consistency.py LYTT_ANALYZE SURVEY_DIR
"""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from checks import check, finish

ANALYZE, SURVEY_DIR = sys.argv[1], sys.argv[2]
SMALL, HIDDEN_UNIT = "demensteam", "heimetenester-nord"


def analyze(*args):
    r = subprocess.run([ANALYZE, *args], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stderr, file=sys.stderr)
    return r


def json_of(db, *args):
    r = analyze(args[0], "--db", db, "--survey", "parorende", *args[1:], "--format", "json")
    if not check(r.returncode == 0, f"{' '.join(args)} works"):
        return None
    return json.loads(r.stdout)


def exact_pct(row):
    """The summary's percent positive when it is published exactly, else None."""
    if row is None or row.get("pct_positive") is None:
        return None
    if row.get("detail") not in (None, "buckets", "points"):
        return None
    if row.get("band_positive", "") != "":
        return None
    return row["pct_positive"]


def item_rows(summary, group):
    return {x["item"]: x for x in summary["items"] if x["group"] == group}


def group_n(summary, group):
    for g in summary["groups"]:
        if g["group"] == group:
            return g["n"]
    return None


def main():
    tmp = tempfile.mkdtemp(prefix="lytt-gate-")
    try:
        tests(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    finish("gate_consistency")


def tests(tmp):
    db = os.path.join(tmp, "g.db")
    q = os.path.join(SURVEY_DIR, "parorende.yaml")
    r = analyze("generate", "--db", db, "--questionnaire", q, "--n", "300", "--seed", "7",
                "--unit-sizes", f"{SMALL}=3,{HIDDEN_UNIT}=7")
    if not check(r.returncode == 0, "generate works"):
        return
    by_unit = json_of(db, "summary", "--by", "unit")
    if by_unit is None:
        return
    units = [g["group"] for g in by_unit["groups"] if g["group"] != "all"]
    check(SMALL in units and HIDDEN_UNIT in units, f"the small units are there ({units})")

    # 1. compare against summary --by unit.
    cmp = json_of(db, "compare", "--by", "unit")
    if cmp is not None:
        check(cmp.get("disclosure", {}).get("min_group") == 5, "compare JSON: the gate's rules")
        shown = 0
        for row in cmp["units"]:
            if "item" not in row:
                continue
            s = item_rows(by_unit, row["unit"]).get(row["item"])
            pct = exact_pct(s)
            if pct is None:
                if not check(row["value_unit"] is None and row["n_unit"] is None,
                             f"compare hides {row['unit']} {row['item']} as summary does"):
                    break
            elif row["value_unit"] is not None:
                shown += 1
                if not check(abs(row["value_unit"] - pct) < 1e-6,
                             f"compare's share of {row['unit']} {row['item']} is summary's "
                             f"({row['value_unit']} vs {pct})"):
                    break
        check(shown > 0, "compare shows some item shares")
        r = analyze("compare", "--db", db, "--survey", "parorende", "--by", "unit")
        check(r.returncode == 0 and f"\n{SMALL} " not in r.stdout.split("\n\n", 1)[-1],
              "compare text has no row of the unit of 3")

    # 2. trend by wave of each unit against summary --unit U --wave W.
    for unit in units:
        tr = json_of(db, "trend", "--by", "wave", "--unit", unit)
        if tr is None:
            continue
        check(tr.get("disclosure", {}).get("min_group") == 5, f"trend {unit}: the gate's rules")
        waves = [p["period"] for p in tr["series"][0]["points"]] if tr["series"] else []
        per_wave = {w: json_of(db, "summary", "--unit", unit, "--wave", w) for w in waves}
        bad = []
        for s in tr["series"]:
            if "item" not in s:
                continue
            for p in s["points"]:
                sw = per_wave.get(p["period"])
                if sw is None:
                    continue
                pct = exact_pct(item_rows(sw, "all").get(s["item"]))
                if pct is None and p["value"] is not None:
                    bad.append((s["item"], p["period"], p["value"], "summary hides it"))
                elif pct is not None and (p["value"] is None or abs(p["value"] - pct) > 1e-6):
                    bad.append((s["item"], p["period"], p["value"], pct))
                if p["value"] is None and p["n"] is not None:
                    # a banded point keeps its valid answers, as the summary does
                    row = item_rows(sw, "all").get(s["item"]) or {}
                    if not p["band"] or row.get("n") != p["n"]:
                        bad.append((s["item"], p["period"], p["n"], "n beside a hidden value"))
        check(not bad, f"trend {unit}: every item point is summary's or empty ({bad[:3]})")
        for s in tr["series"]:
            for p in s["points"]:
                if p["band"] and p["value"] is not None:
                    check(False, f"trend {unit}: a banded point has no value")
                    break
        # The CSV says what the JSON says: n, value and band of every point.
        r = analyze("trend", "--db", db, "--survey", "parorende", "--by", "wave", "--unit",
                    unit, "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(r.stdout)))
        js = [(s.get("item") or s.get("domain"), p) for s in tr["series"] for p in s["points"]]

        def same(c, p):
            v = "" if p["value"] is None else f"{p['value']:.2f}"
            n = "" if p["n"] is None else str(p["n"])
            return (c["n"], c["value"], c["band"]) == (n, v, p["band"])
        check(len(rows) == len(js) and all(c["series"] == sid and c["period"] == p["period"]
                                           and same(c, p) for c, (sid, p) in zip(rows, js)),
              f"trend {unit}: the CSV's n, value and band are the JSON's")

    # 3. participation against the --by unit groups.
    part = {p["unit"]: p for p in by_unit.get("participation", [])}
    for unit in units + ["all"]:
        p, n = part.get(unit), group_n(by_unit, unit)
        check(p is not None and p["responses"] == n,
              f"participation n of {unit} is the group's ({p and p['responses']} vs {n})")
    check(part.get(SMALL, {}).get("responses") is None, "participation hides the unit of 3")

    # 4. The unit of 7 alone and in the breakdown: its size hidden in both.
    alone = json_of(db, "summary", "--unit", HIDDEN_UNIT)
    if alone is not None:
        a, b = group_n(alone, "all"), group_n(by_unit, HIDDEN_UNIT)
        check(a is None and b is None,
              f"{HIDDEN_UNIT}: size hidden alone and in --by unit ({a}, {b})")
        pa = {p["unit"]: p for p in alone.get("participation", [])}
        check(all(p["responses"] is None for p in pa.values()),
              f"{HIDDEN_UNIT} alone: participation shows no n")
        shown = [x["item"] for x in alone["items"] if x.get("pct_positive") is not None]
        check(not shown, f"{HIDDEN_UNIT} alone: no item shown ({shown[:3]})")

    regressions(db, by_unit)


def regressions(db, by_unit):
    # alpha_n is not published; hidden item rows carry no counts.
    check(all("alpha_n" not in x for x in by_unit["domains"]), "no alpha_n in the JSON")
    r = analyze("summary", "--db", db, "--survey", "parorende", "--by", "unit", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    bad = [x for x in rows if x["kind"] == "item" and x["detail"] in ("", "size") and
           (x["n"] or x["n_dont_know"] or x["n_not_answered"])]
    check(not bad, f"no count on an item row whose result is hidden ({bad[:1]})")
    # Chi-square: a statistic only where every group shows its points.
    cmp = json_of(db, "compare", "--by", "unit")
    if cmp is not None:
        for x in cmp.get("chi_square", []):
            if x.get("min_expected") is not None and x.get("statistic") is None:
                check(False, f"min_expected without its test ({x})")
                break
    # Exports: no ISO week.
    r = analyze("export", "--db", db, "--survey", "parorende", "--format", "csv")
    check(r.returncode == 0 and not re.search(r"\d{4}-W\d{2}", r.stdout),
          "the export holds no week")
    # A municipality of 3: every output says too few, none says 3.
    tmp = tempfile.mkdtemp(prefix="lytt-gate3-")
    try:
        db3 = os.path.join(tmp, "three.db")
        r = analyze("generate", "--db", db3, "--questionnaire",
                    os.path.join(SURVEY_DIR, "parorende.yaml"), "--n", "0", "--seed", "4",
                    "--unit-sizes", f"{SMALL}=3")
        check(r.returncode == 0, "a survey of 3 generated")
        j = json_of(db3, "summary")
        if j is not None:
            check(group_n(j, "all") is None, "a municipality of 3: size hidden")
            check(all(x["n"] is None for x in j["items"]), "a municipality of 3: no item")
        pdf = os.path.join(tmp, "r.pdf")
        r = analyze("report", "--db", db3, "--survey", "parorende", "--out", pdf)
        check(r.returncode == 0, "a report of 3 is made (saying too few)")
        if r.returncode == 0 and shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True,
                                  text=True).stdout
            check(not re.search(r"\b3 (svar|responses)", text),
                  "the report never says 3 responses")
        r = analyze("export", "--db", db3, "--survey", "parorende", "--format", "csv")
        lines = [x for x in r.stdout.splitlines()[1:] if x.strip()]
        check(r.returncode == 0 and not lines, f"a municipality of 3 exports no row ({lines[:1]})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
