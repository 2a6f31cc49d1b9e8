#!/usr/bin/env python3
"""Issue 12: the gate shows what it can, and what it shows still pins nothing.

Two layouts where the gate used to hide more than the rules ask:

1. "everyone answered": a unit of 10 in which all ten answered an item (no don't know,
   none skipped), split 5 + 5 by a background question. The unit's published zero of
   skipped answers says that each half answered it too (five of five): that is the zero's
   own figure, not differencing, so the unit keeps its result for the item (the gate
   used to hide the unit's valid answers, and with them its percent positive).
2. "asked only on yes": the children's items are asked only of carers who said yes to
   children_in_family. The "yes" group's answers to them are the whole group's: the
   gate publishes them alike (it used to hide them in the "yes" group while "all"
   published them, and an attacker pinned 35 values of "hidden" figures that were
   published anyway), and a group that is never asked publishes no answer.

In both, the independent attacker (tests/attack/published.py --quick) pins nothing.

usage: test_gate_utility.py LYTT_ANALYZE SURVEY_DIR
"""
import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

from checks import check, finish

ANALYZE, SURVEY_DIR = sys.argv[1], sys.argv[2]
Q = os.path.join(SURVEY_DIR, "parorende.yaml")
ATTACKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "attack", "published.py")
CHILD_ITEMS = ("child_asked", "child_info", "child_support", "child_advice")


def analyze(*args):
    r = subprocess.run([ANALYZE, *args], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stderr, file=sys.stderr)
    return r


def generate(db, sizes, seed):
    r = analyze("generate", "--db", db, "--questionnaire", Q, "--n", "0", "--seed", str(seed),
                "--waves", "2026-H1", "--unit-sizes", sizes)
    return check(r.returncode == 0, f"generate {sizes} works")


def summary(db, *args):
    r = analyze("summary", "--db", db, "--survey", "parorende", *args, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout))) if r.returncode == 0 else []
    return {(row["group"], row["item"]): row for row in rows if row["kind"] == "item"}


def attacker_pins_nothing(db, what):
    r = subprocess.run([sys.executable, ATTACKER, ANALYZE, db, "parorende", "--pins-only",
                        "--quick", "--jobs", "2"], capture_output=True, text=True)
    first = (r.stdout.splitlines() or [""])[0]
    check(r.returncode == 0 and " 0 pinned" in first and "protected values" in first,
          f"{what}: the attacker pins nothing ({first}; rc {r.returncode})")


def everyone_answered(tmp):
    db = os.path.join(tmp, "full.db")
    if not generate(db, "demensteam=10,heimetenester-sor=60,sjukeheim-fjordly=45", 3):
        return
    con = sqlite3.connect(db)
    rows = con.execute("SELECT id, answers FROM responses WHERE unit_id = 'demensteam' "
                       "ORDER BY answers").fetchall()
    check(len(rows) == 10, f"demensteam has 10 answers (got {len(rows)})")
    values = ["1", "2", "2", "3", "3", "4", "4", "5", "5", "5"]  # 30 / 20 / 50 %
    for k, (rid, answers) in enumerate(rows):
        yes = k % 2 == 0
        a = [p for p in json.loads(answers)
             if p[0] not in ("involve_plans", "children_in_family") and
             (yes or p[0] not in CHILD_ITEMS)]
        a.append(["children_in_family", "yes" if yes else "no"])
        a.append(["involve_plans", values[k]])
        con.execute("UPDATE responses SET answers = ? WHERE id = ?",
                    (json.dumps(a, separators=(",", ":")), rid))
    con.commit()
    con.close()
    rows = summary(db, "--by", "unit")
    row = rows.get(("demensteam", "involve_plans"), {})
    check(row.get("n") == "10" and row.get("pct_positive") == "50.00",
          "everyone answered: demensteam shows involve_plans (n 10, 50 % positive; got "
          f"n {row.get('n')!r}, {row.get('pct_positive')!r}, {row.get('detail')!r})")
    halves = summary(db, "--unit", "demensteam", "--by", "children_in_family")
    for g in ("yes", "no"):
        h = halves.get((g, "involve_plans"), {})
        check(not h.get("pct_positive") and h.get("detail") in ("size", ""),
              f"everyone answered: the half '{g}' of 5 shows no item result "
              f"(detail {h.get('detail')!r})")
    attacker_pins_nothing(db, "everyone answered")


def asked_on_yes(tmp):
    db = os.path.join(tmp, "yes.db")
    if not generate(db, "demensteam=10,heimetenester-nord=20,heimetenester-sor=40,"
                        "sjukeheim-fjordly=80", 1):
        return
    whole = summary(db)
    by = summary(db, "--by", "children_in_family")
    same = 0
    for item in CHILD_ITEMS:
        a, y = whole.get(("all", item), {}), by.get(("yes", item), {})
        check(a.get("detail") == y.get("detail") and a.get("n") == y.get("n") and
              a.get("pct_positive") == y.get("pct_positive"),
              f"asked on yes: 'yes' publishes {item} as 'all' does ({a.get('detail')} "
              f"n {a.get('n')} {a.get('pct_positive')} against {y.get('detail')} n {y.get('n')} "
              f"{y.get('pct_positive')})")
        same += bool(a.get("pct_positive"))
        for g in ("no",):
            n = by.get((g, item), {})
            check(not n.get("pct_positive") and n.get("n") in ("", "0", None),
                  f"asked on yes: '{g}' publishes no answer to {item}")
    check(same > 0, "asked on yes: 'all' shows at least one children's item")
    attacker_pins_nothing(db, "asked on yes")


def main():
    tmp = tempfile.mkdtemp(prefix="lytt-utility-")
    try:
        everyone_answered(tmp)
        asked_on_yes(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    finish("gate_utility")


if __name__ == "__main__":
    main()
