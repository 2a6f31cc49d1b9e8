#!/usr/bin/env python3
"""Utility and cost of the disclosure gate (issue 12). A benchmark: it prints figures,
it asserts nothing.

    bench/disclosure.py LYTT_ANALYZE QUESTIONNAIRE [--seeds N] [--sizes 100000]
        [--audit-sizes 150,300] [--keep DIR]

Utility: on generated data with one unit each of 10, 20, 40 and 80 respondents (one
wave), the share of items whose percent positive, or its band ("90 % or more",
"10 % or less"), `summary --by unit` shows per unit size, over --seeds databases, beside
the figures of the old rule (issue 12: 0 of 40 at 20 and 40, 21 of 40 at 80, 28 of 40
at 160). Items are the questionnaire's non-background scale and yes/no items.

Cost: the wall time of `summary` (the gate's decision is in every command) against
`export --format csv` of the same data, and, separately, `lytt-analyze audit` (the
linear-program check, on request) on small generated databases; the audit's time grows
quickly with the number of groups, which is why it is not in every command yet.
"""
import argparse
import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

SIZES = {"demensteam": 10, "heimetenester-nord": 20, "heimetenester-sor": 40,
         "sjukeheim-fjordly": 80}
OLD = {10: None, 20: "0 of 40", 40: "0 of 40", 80: "21 of 40", 160: "28 of 40"}


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def timed(cmd):
    t = time.monotonic()
    r = run(cmd)
    return time.monotonic() - t, r


def shown_items(a, db):
    """Per unit of SIZES: the items whose percent positive (or band) summary --by unit shows."""
    r = run([a, "summary", "--db", db, "--survey", "parorende", "--by", "unit", "--format", "csv"])
    if r.returncode != 0:
        sys.exit(f"summary failed: {r.stderr}")
    shown = {u: set() for u in SIZES}
    items = set()
    for row in csv.DictReader(io.StringIO(r.stdout)):
        if row["kind"] != "item" or row["group"] not in SIZES:
            continue
        items.add(row["item"])
        if row["pct_positive"] or row["band_positive"] in ("<=10", ">=90"):
            shown[row["group"]].add(row["item"])
    return shown, items


def utility(a, q, tmp, seeds):
    """Beside each unit's figure, its ceiling: what the unit would show if it were alone in
    the database (the rules for its own size, bands and don't-know; no other group to be
    protected from, none to protect). What lies between the two is what differencing costs."""
    shown = {n: 0 for n in SIZES.values()}
    alone = {n: 0 for n in SIZES.values()}
    total = {n: 0 for n in SIZES.values()}
    for seed in range(1, seeds + 1):
        db = os.path.join(tmp, f"u{seed}.db")
        if os.path.exists(db):
            os.remove(db)
        sizes = ",".join(f"{u}={n}" for u, n in SIZES.items())
        r = run([a, "generate", "--db", db, "--questionnaire", q, "--n", "0", "--seed",
                 str(seed), "--waves", "2026-H1", "--unit-sizes", sizes])
        if r.returncode != 0:
            sys.exit(f"generate failed: {r.stderr}")
        got, items = shown_items(a, db)
        for u, n in SIZES.items():
            total[n] += len(items)
            shown[n] += len(got[u])
            one = os.path.join(tmp, f"u{seed}-{u}.db")
            shutil.copyfile(db, one)
            con = sqlite3.connect(one)
            con.execute("DELETE FROM responses WHERE unit_id <> ?", (u,))
            con.commit()
            con.close()
            alone[n] += len(shown_items(a, one)[0][u])
            os.remove(one)
    print(f"utility: share of items with percent positive (or its band) shown, "
          f"{seeds} databases, one unit of each size")
    print(f"  {'unit size':>9}  {'shown':>12}  {'share':>6}  {'alone':>6}  old rule")
    for n in sorted(total):
        share = 100.0 * shown[n] / total[n] if total[n] else float("nan")
        ceil = 100.0 * alone[n] / total[n] if total[n] else float("nan")
        print(f"  {n:>9}  {shown[n]:>5} of {total[n]:<4}  {share:5.1f} %  {ceil:5.1f} %  "
              f"{OLD[n] or '-'}")
    print("  (alone: the same unit as the only one in its database, the ceiling the rules for "
          "its own size leave)")


def cost(a, q, tmp, sizes):
    print("gate: summary (decision over every group, every command) vs export csv, same data")
    for n in sizes:
        db = os.path.join(tmp, f"c{n}.db")
        if not os.path.exists(db):
            r = run([a, "generate", "--db", db, "--questionnaire", q, "--n", str(n), "--seed",
                     "11"])
            if r.returncode != 0:
                sys.exit(f"generate failed: {r.stderr}")
        ts, _ = timed([a, "summary", "--db", db, "--survey", "parorende", "--format", "csv"])
        te, _ = timed([a, "export", "--db", db, "--survey", "parorende", "--format", "csv"])
        print(f"  {n:>8} responses: summary {ts:6.2f} s, export {te:6.2f} s, "
              f"ratio {ts / te if te else float('nan'):.2f}")


def audit(a, q, tmp, sizes):
    print("audit (lytt-analyze audit, on request): one wave, four units")
    for n in sizes:
        db = os.path.join(tmp, f"a{n}.db")
        if os.path.exists(db):
            os.remove(db)
        run([a, "generate", "--db", db, "--questionnaire", q, "--n", "0", "--seed", "5",
             "--waves", "2026-H1", "--unit-sizes",
             ",".join(f"{u}={max(1, m * n // 150)}" for u, m in SIZES.items())])
        ts, _ = timed([a, "summary", "--db", db, "--survey", "parorende", "--format", "csv"])
        t, r = timed([a, "audit", "--db", db, "--survey", "parorende", "--format", "json"])
        try:
            au = json.loads(r.stdout)["disclosure"]["audit"]
        except (ValueError, KeyError):
            print(f"  {n:>6} responses: audit failed ({r.stderr.strip()})")
            continue
        print(f"  {n:>6} responses: {au['protected_values']} protected values, "
              f"{au['narrow']} narrower than the rule ({au['pinned']} pinned), {t:.1f} s "
              f"({t / ts if ts else float('nan'):.0f} x summary)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("analyze")
    ap.add_argument("questionnaire")
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--sizes", default="100000")
    ap.add_argument("--audit-sizes", default="150")
    ap.add_argument("--keep")
    o = ap.parse_args()
    tmp = o.keep or tempfile.mkdtemp(prefix="lytt-bench-disclosure-")
    os.makedirs(tmp, exist_ok=True)
    try:
        utility(o.analyze, o.questionnaire, tmp, o.seeds)
        cost(o.analyze, o.questionnaire, tmp, [int(x) for x in o.sizes.split(",") if x])
        audit(o.analyze, o.questionnaire, tmp, [int(x) for x in o.audit_sizes.split(",") if x])
    finally:
        if not o.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
