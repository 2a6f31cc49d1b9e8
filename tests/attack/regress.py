#!/usr/bin/env python3
"""regress.py: the regression cases of issue 12, with the attacker (published.py) on
fixed layouts, and a check of the attacker itself.

Usage: regress.py LYTT_ANALYZE SURVEY_DIR [--keep DIR] [--jobs J] [--full]

Cases (each must show no pinned value and break no rule):
  unit-3-beside-7  survey/parorende.yaml, n 300 seed 7, --unit-sizes
                   demensteam=3,heimetenester-nord=7 (the issue's demo: "all" minus the
                   shown units gave demensteam = 3)
  lone-small       tests/attack/mini.yaml: one unit of 2 beside units of 60 and 45
  unit-week-of-1   tests/attack/mini.yaml: one unit with a single answer in the last
                   month of a wave (one week), three units, two waves

The attacker is checked first on tests/attack/fake_lytt.py (the output contract written
from the same database under known policies): the "rules" policy (no partner hidden)
must be caught with pinned values, the "all-only" policy must pass with every figure read
(no unused figures). So a broken parser cannot make this test pass by finding nothing.

--full runs the full command set on the cases (default: published.py --quick).
--self-check-only runs only the attacker check. ctest attack_regress runs it all;
property.py joins ctest when the gate passes every layout (docs/privacy.md).
Exit status: 0 all well, 1 a case pinned something or broke a rule (or the attacker
check failed), 2 usage, 3 internal trouble.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, HERE)
from property import build  # noqa: E402

CASES = [
    {"name": "unit-3-beside-7", "questionnaire": "parorende", "n": 300, "seed": 7,
     "sizes": "demensteam=3,heimetenester-nord=7"},
    {"name": "lone-small", "spec": {"i": 0, "questionnaire": "mini", "units": {"unit-a": 2, "unit-b": 60, "unit-c": 45},
                                    "waves": ["2025-H2", "2026-H1"], "gen_seed": 11, "ops": [], "op_seed": 1}},
    {"name": "unit-week-of-1", "spec": {"i": 0, "questionnaire": "mini",
                                        "units": {"unit-a": 40, "unit-b": 35, "unit-c": 30},
                                        "waves": ["2025-H2", "2026-H1"], "gen_seed": 12,
                                        "ops": [["small-month", "2026-H1", 1, True]], "op_seed": 5}},
]


def attack(exe, db, survey, out_json, args, extra=(), env=None):
    cmd = [sys.executable, os.path.join(HERE, "published.py"), exe, db, survey, "--jobs", str(args.jobs),
           "--json", out_json, "--pins-only", "--max-pins", "10"] + list(extra)
    if not args.full:
        cmd.append("--quick")
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    res = {}
    if os.path.exists(out_json):
        with open(out_json) as f:
            res = json.load(f)
    return p.returncode, p.stdout.decode(errors="replace"), res


def main():
    ap = argparse.ArgumentParser(prog="regress.py")
    ap.add_argument("lytt_analyze")
    ap.add_argument("survey_dir")
    ap.add_argument("--keep")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--full", action="store_true")
    ap.add_argument("--self-check-only", action="store_true",
                    help="only check the attacker on fake_lytt.py (no engine cases)")
    args = ap.parse_args()
    exe = os.path.abspath(args.lytt_analyze)
    work = args.keep or tempfile.mkdtemp(prefix="lytt-regress-")
    os.makedirs(work, exist_ok=True)
    bad, trouble = [], []
    t0 = time.time()
    try:
        dbs = {}
        for c in [c for c in CASES if not args.self_check_only or c["name"] == "lone-small"]:
            db = os.path.join(work, c["name"] + ".db")
            if os.path.exists(db):
                os.unlink(db)
            if "spec" in c:
                build(exe, c["spec"], db)
                dbs[c["name"]] = (db, c["spec"]["questionnaire"])
            else:
                q = os.path.join(args.survey_dir, c["questionnaire"] + ".yaml")
                p = subprocess.run([exe, "generate", "--db", db, "--questionnaire", q, "--n", str(c["n"]),
                                    "--seed", str(c["seed"]), "--unit-sizes", c["sizes"]],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                if p.returncode != 0:
                    print("regress: generate failed: %s" % p.stderr.decode(errors="replace"))
                    return 3
                dbs[c["name"]] = (db, c["questionnaire"])
        # the attacker on the fake engine: it must catch the leaky policy and read everything
        fake = os.path.join(HERE, "fake_lytt.py")
        db, q = dbs["lone-small"]
        for pol, want in (("rules", 1), ("all-only", 0)):
            env = dict(os.environ, FAKE_POLICY=pol)
            rc, text, res = attack(fake, db, q, os.path.join(work, "fake-%s.json" % pol), args,
                                   ["--max-pins", "3"] if want else [], env)
            first = text.splitlines()[0] if text else ""
            ok = rc == want and (want == 1 and res.get("pinned", 0) > 0 or
                                 want == 0 and not res.get("unused_figures") and not res.get("failed_commands"))
            print("attacker check (fake_lytt %s): %s  [%s]" % (pol, "ok" if ok else "FAILED", first))
            if not ok:
                print("  " + text.replace("\n", "\n  "))
                bad.append("attacker check " + pol)
        for c in ([] if args.self_check_only else CASES):
            db, q = dbs[c["name"]]
            rc, text, res = attack(exe, db, q, os.path.join(work, c["name"] + ".json"), args,
                                   ["--keep", os.path.join(work, c["name"])] if args.keep else [])
            print("%s: %s" % (c["name"], "ok" if rc == 0 else "FAILED" if rc == 1 else "trouble (rc %d)" % rc))
            for ln in text.splitlines():
                print("  " + ln)
            if rc == 1 and not (res.get("pinned") or res.get("violations") or res.get("narrowed")):
                rc = 3   # exit 1 without a report: a crash, not a finding
            if rc == 1:
                bad.append(c["name"])
            elif rc != 0:
                trouble.append(c["name"])
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("regress: %d failed %s, %d trouble %s; %.0f s" % (len(bad), bad, len(trouble), trouble, time.time() - t0))
    return 1 if bad else 3 if trouble else 0


if __name__ == "__main__":
    sys.exit(main())
