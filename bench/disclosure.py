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


def utility(a, q, tmp, seeds):
    shown = {n: 0 for n in SIZES.values()}
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
        r = run([a, "summary", "--db", db, "--survey", "parorende", "--by", "unit", "--format",
                 "csv"])
        for row in csv.DictReader(io.StringIO(r.stdout)):
            if row["kind"] != "item" or row["group"] not in SIZES:
                continue
            n = SIZES[row["group"]]
            total[n] += 1
            if row["pct_positive"] or row["band_positive"] in ("<=10", ">=90"):
                shown[n] += 1
    print(f"utility: share of items with percent positive (or its band) shown, "
          f"{seeds} databases, one unit of each size")
    print(f"  {'unit size':>9}  {'shown':>12}  {'share':>6}  old rule")
    for n in sorted(total):
        share = 100.0 * shown[n] / total[n] if total[n] else float("nan")
        print(f"  {n:>9}  {shown[n]:>5} of {total[n]:<4}  {share:5.1f} %  {OLD[n] or '-'}")


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
