#!/usr/bin/env python3
"""property.py: the property test of the disclosure gate. It builds many small, awkward
databases (seeded, reproducible) and runs the attacker (published.py --quick) on each.

Usage: property.py LYTT_ANALYZE [--layouts N] [--seed S] [--jobs J] [--keep DIR]
                   [--only I[,I...]] [--narrowed] [--max-pins N] [--generator EXE]
                   [--verbose]

Layouts (i = 0 .. N-1, kind = i mod 8), on tests/attack/mini.yaml (2 background items,
6 scale items in 2 domains, free text) or mini-young.yaml (thresholds doubled), 2-5
units, 1-3 waves, 30-200 responses:

  small-units   units of 1-25 beside large ones
  lone-small    one unit of 1-4, the others large
  two-small     two units of 1-6, the others large
  small-bg      background categories of 1-4 respondents
  small-period  one month of a wave with 1-3 answers (one week), the rest elsewhere
  agree         a unit where everyone answers the top positive point on most items
  skipped       items that only 1-12 respondents answered
  young         the young-carer questionnaire, units around its thresholds

and, with probability 1/3, a second twist from the list. Exit status: 0 no layout pinned
anything or broke a rule, 1 some did (each is printed with its spec and how to run it
again), 2 usage, 3 internal trouble (and nothing pinned).
"""
import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ["small-units", "lone-small", "two-small", "small-bg", "small-period", "agree", "skipped", "young"]
WAVES = ["2025-H1", "2025-H2", "2026-H1"]
UNITS = ["unit-a", "unit-b", "unit-c", "unit-d", "unit-e"]
SCALE_ITEMS = ["info_a", "info_b", "info_c", "sup_a", "sup_b", "sup_c"]
OPTIONAL_ITEMS = ["info_b", "info_c", "sup_a", "sup_b", "sup_c"]


def layout(seed, i):
    """The spec of layout i: everything needed to build it again."""
    rng = random.Random(seed * 1000003 + i)
    kind = KINDS[i % len(KINDS)]
    young = kind == "young"
    nunits = rng.randint(2, 5)
    units = sorted(rng.sample(UNITS, nunits))
    waves = sorted(rng.sample(WAVES, rng.randint(1, 3)))
    big = (lambda: rng.randint(30, 70)) if not young else (lambda: rng.randint(20, 60))
    sizes = {u: big() for u in units}
    twists = [kind] if not young else ["young"]
    if rng.random() < 1 / 3:
        twists.append(rng.choice([k for k in KINDS if k not in ("young", kind)]))
    ops = []
    for tw in twists:
        if tw == "small-units":
            for u in rng.sample(units, rng.randint(1, max(1, nunits - 1))):
                sizes[u] = rng.randint(1, 25)
        elif tw == "lone-small":
            sizes[rng.choice(units)] = rng.randint(1, 4)
        elif tw == "two-small":
            for u in rng.sample(units, 2):
                sizes[u] = rng.randint(1, 6)
        elif tw == "small-bg":
            ops.append(("rare-category", "relation", "other", rng.randint(1, 4)))
            if rng.random() < 0.5:
                ops.append(("rare-category", "lives_with", "dk", rng.randint(1, 3)))
        elif tw == "small-period":
            ops.append(("small-month", rng.choice(waves), rng.randint(1, 3), rng.random() < 0.5))
        elif tw == "agree":
            items = rng.sample(SCALE_ITEMS, rng.randint(4, 6))
            ops.append(("agree", rng.choice(units), items))
        elif tw == "skipped":
            for it in rng.sample(OPTIONAL_ITEMS, rng.randint(1, 2)):
                ops.append(("skip", it, rng.randint(1, 12)))
        elif tw == "young":
            for u in units:
                sizes[u] = rng.choice([rng.randint(3, 12), rng.randint(10, 25), rng.randint(18, 45)])
            if rng.random() < 0.5:
                sizes[rng.choice(units)] = rng.randint(1, 9)
    total = sum(sizes.values())
    if total > 200:   # keep 30-200 responses
        f = 200.0 / total
        sizes = {u: max(1, int(n * f)) for u, n in sizes.items()}
    while sum(sizes.values()) < 30:
        u = max(sizes, key=sizes.get)
        sizes[u] += 30 - sum(sizes.values())
    return {"i": i, "kind": kind, "twists": twists, "questionnaire": "mini-young" if young else "mini",
            "units": sizes, "waves": waves, "gen_seed": rng.randint(1, 10 ** 6), "ops": ops,
            "op_seed": rng.randint(1, 10 ** 6)}


def build(exe, spec, db):
    """Generates the layout's responses with EXE generate, then adjusts them in SQL."""
    q = os.path.join(HERE, spec["questionnaire"] + ".yaml")
    cmd = [exe, "generate", "--db", db, "--questionnaire", q, "--n", "0", "--seed", str(spec["gen_seed"]),
           "--waves", ",".join(spec["waves"]),
           "--unit-sizes", ",".join("%s=%d" % kv for kv in sorted(spec["units"].items()))]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise RuntimeError("generate failed: %s" % p.stderr.decode(errors="replace")[-300:])
    rng = random.Random(spec["op_seed"])
    con = sqlite3.connect(db)
    rows = con.execute("SELECT id, unit_id, wave, period, answers FROM responses ORDER BY id").fetchall()
    resp = [{"id": r[0], "unit": r[1], "wave": r[2], "period": r[3], "a": json.loads(r[4])} for r in rows]
    young = spec["questionnaire"] == "mini-young"
    top = "3" if young else "5"
    for op in spec["ops"]:
        if op[0] == "rare-category":
            _, item, cat, k = op
            chosen = rng.sample(resp, min(k, len(resp)))
            for r in resp:
                v = answer(r, item)
                if r in chosen:
                    set_answer(r, item, cat)
                elif v == cat:   # the category is rare: move the others elsewhere
                    set_answer(r, item, "partner" if item == "relation" else "no")
        elif op[0] == "small-month":
            _, wave, k, same_unit = op
            inw = [r for r in resp if r["wave"] == wave]
            if len(inw) < 2:
                continue
            weeks = week_range(wave, young)
            small, rest = weeks[-1], weeks[:-4] or weeks[:1]
            pool = inw
            if same_unit:   # a unit x week of k
                u = rng.choice(sorted({r["unit"] for r in inw}))
                pool = [r for r in inw if r["unit"] == u] or inw
            chosen = rng.sample(pool, min(k, len(pool)))
            for r in inw:
                r["period"] = small if r in chosen else rng.choice(rest)
        elif op[0] == "agree":
            _, unit, items = op
            for r in resp:
                if r["unit"] == unit:
                    for it in items:
                        rev = it == "sup_c"
                        set_answer(r, it, ("1" if rev else top))
        elif op[0] == "skip":
            _, item, k = op
            keep = set(id(r) for r in rng.sample(resp, min(k, len(resp))))
            for r in resp:
                if id(r) not in keep:
                    r["a"] = [x for x in r["a"] if x[0] != item]
    for r in resp:
        con.execute("UPDATE responses SET period = ?, answers = ? WHERE id = ?",
                    (r["period"], json.dumps(r["a"], separators=(",", ":")), r["id"]))
    con.commit()
    con.close()


def week_range(wave, young):
    y, h = int(wave[:4]), int(wave[-1])
    if young:   # period: month
        return ["%04d-%02d" % (y, m) for m in (range(1, 7) if h == 1 else range(7, 13))]
    return ["%04d-W%02d" % (y, w) for w in (range(1, 27) if h == 1 else range(27, 53))]


def answer(r, item):
    for k, v in r["a"]:
        if k == item:
            return v
    return None


def set_answer(r, item, value):
    for x in r["a"]:
        if x[0] == item:
            x[1] = value
            return
    r["a"].append([item, value])


def run_one(args, spec, work):
    d = os.path.join(work, "layout-%03d" % spec["i"])
    os.makedirs(d, exist_ok=True)
    db = os.path.join(d, "l.db")
    if os.path.exists(db):
        os.unlink(db)
    t0 = time.time()
    try:
        build(args.generator or args.lytt_analyze, spec, db)
    except (RuntimeError, sqlite3.Error) as e:
        return spec, {"rc": 3, "error": str(e)}, time.time() - t0
    out = os.path.join(d, "attack.json")
    cmd = [sys.executable, os.path.join(HERE, "published.py"), args.lytt_analyze, db, spec["questionnaire"],
           "--quick", "--jobs", "1", "--json", out, "--max-pins", str(args.max_pins)]
    if not args.narrowed:
        cmd.append("--pins-only")
    if args.keep:
        cmd += ["--keep", os.path.join(d, "out")]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    res = {"rc": p.returncode, "text": p.stdout.decode(errors="replace")}
    if os.path.exists(out):
        with open(out) as f:
            res["json"] = json.load(f)
    with open(os.path.join(d, "spec.json"), "w") as f:
        json.dump(spec, f, indent=1)
    return spec, res, time.time() - t0


def main():
    ap = argparse.ArgumentParser(prog="property.py")
    ap.add_argument("lytt_analyze")
    ap.add_argument("--layouts", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", help="keep every layout's database and outputs here")
    ap.add_argument("--only", help="run only these layouts (comma-separated indexes)")
    ap.add_argument("--narrowed", action="store_true", help="also look for narrowed values (slower)")
    ap.add_argument("--max-pins", type=int, default=5,
                    help="per layout, stop solving after this many pinned values (0: find all)")
    ap.add_argument("--generator", help="the lytt-analyze that generates the databases (default: "
                    "LYTT_ANALYZE; for checking the attacker on tests/attack/fake_lytt.py)")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    if not os.access(args.lytt_analyze, os.X_OK):
        print("property.py: not an executable: %s" % args.lytt_analyze, file=sys.stderr)
        return 2
    idx = [int(x) for x in args.only.split(",")] if args.only else list(range(args.layouts))
    specs = [layout(args.seed, i) for i in idx]
    work = args.keep or tempfile.mkdtemp(prefix="lytt-property-")
    os.makedirs(work, exist_ok=True)
    t0 = time.time()
    failed, trouble, narrowed, unused = [], [], 0, 0
    done = 0
    try:
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
            for spec, res, dt in ex.map(lambda s: run_one(args, s, work), specs):
                done += 1
                j = res.get("json") or {}
                narrowed += j.get("narrowed", 0)
                unused += 1 if j.get("unused") else 0
                line = "layout %3d %-12s %5.1f s  %s" % (spec["i"], spec["kind"], dt,
                                                         (res.get("text") or res.get("error", "")).splitlines()[0]
                                                         if (res.get("text") or res.get("error")) else "")
                if res["rc"] == 1 and not (j.get("pinned") or j.get("violations") or j.get("narrowed")):
                    res["rc"] = 3   # exit 1 without a report: a crash, not a finding
                if res["rc"] == 1:
                    failed.append((spec, res))
                    print(line)
                    print("  spec: %s" % json.dumps({k: spec[k] for k in ("twists", "questionnaire", "units", "waves", "ops")}))
                    for ln in res["text"].splitlines()[1:12]:
                        print("  " + ln)
                    print("  again: %s %s --seed %d --only %d --keep DIR" % (sys.argv[0], args.lytt_analyze, args.seed, spec["i"]))
                elif res["rc"] != 0:
                    trouble.append((spec, res))
                    print(line + "  [internal trouble, rc %d]" % res["rc"])
                    print("  " + (res.get("text") or res.get("error", ""))[-600:].replace("\n", "\n  "))
                elif args.verbose:
                    print(line)
                sys.stdout.flush()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    dt = time.time() - t0
    npins = sum((r.get("json") or {}).get("pinned", 0) for s, r in failed)
    nrule = sum((r.get("json") or {}).get("violations", 0) for s, r in failed)
    print("property: %d layouts, %d with pins or broken rules (%d pinned values, %d rule violations), "
          "%d internal trouble, %d narrowed values%s, %d with figures that did not match the database; %.0f s"
          % (len(specs), len(failed), npins, nrule, len(trouble), narrowed,
             "" if args.narrowed else " (not looked for: --narrowed)", unused, dt))
    if failed:
        return 1
    return 3 if trouble else 0


if __name__ == "__main__":
    sys.exit(main())
