#!/usr/bin/env python3
"""published.py: an independent differencing attacker on everything lytt-analyze publishes.

Usage: published.py LYTT_ANALYZE DB SURVEY_ID [--questionnaire FILE] [--json OUT]
                    [--keep DIR] [--jobs N] [--no-export] [--verbose]

It runs every publishing command of lytt-analyze (summary, compare, trend, export in
csv and json, with every filter and breakdown), turns every published number into a
linear fact over the counts of the finest cells (unit x wave x background category x
item x answer point), and asks glpsol for the min and max of every protected value
(sizes of hidden groups, counts of hidden / totals-only groups, hidden small counts).
A protected value whose range is one single value is "pinned".

Python 3 standard library and glpsol only; it shares no code with the product.
Exit status: 0 nothing pinned, 1 something pinned, 2 usage error (3 internal trouble).
"""
import argparse
import csv
import io
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

NA = "_na"          # answer point "not answered"
NOANS = "(no answer)"  # background group label for a missing answer
HIDDEN_GROUP = {"too-few-responses", "protects-another-group"}
EPS = 1e-6


def die(msg, code=2):
    print("published.py: " + msg, file=sys.stderr)
    sys.exit(code)


# ----------------------------------------------------------------------------- questionnaire
def parse_questionnaire(text):
    """A tiny line parser for the questionnaire yaml: items with type, reverse, required,
    options, section, and the scale's positive points. Enough for parorende-like files."""
    items = {}
    order = []
    section = None
    cur = None
    positive = {}
    scale = None
    min_group = 5
    in_sections = False
    for raw in text.splitlines():
        line = raw.split(" #")[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        ind = len(line) - len(line.lstrip())
        s = line.strip()
        m = re.match(r"min_group:\s*(\d+)", s)
        if ind == 0 and m:
            min_group = int(m.group(1))
        if ind == 0:
            in_sections = s.startswith("sections:")
            if s.startswith("scales:"):
                scale = "?"
            else:
                scale = None
            continue
        if scale is not None:
            m = re.match(r"- id:\s*\"?([^\"]+)\"?", s)
            if m and ind == 2:
                scale = m.group(1)
            m = re.match(r"positive:\s*\[(.*)\]", s)
            if m:
                positive[scale] = [x.strip().strip('"') for x in m.group(1).split(",")]
            continue
        if not in_sections:
            continue
        m = re.match(r"- id:\s*\"?([^\"]+)\"?$", s)
        if m and ind == 2:
            section = m.group(1)
            cur = None
            continue
        if m and ind == 6:
            cur = {"id": m.group(1), "section": section, "type": None, "reverse": False,
                   "required": False, "options": [], "scale": None}
            items[cur["id"]] = cur
            order.append(cur["id"])
            continue
        if cur is None:
            continue
        if m and ind == 10:
            cur["options"].append(m.group(1))
            continue
        m = re.match(r"(type|reverse|required|scale):\s*(\S+)", s)
        if m and ind == 8:
            k, v = m.group(1), m.group(2)
            if k in ("reverse", "required"):
                cur[k] = v == "true"
            else:
                cur[k] = v
    return {"items": items, "order": order, "positive": positive, "min_group": min_group}


# ----------------------------------------------------------------------------- running lytt
class Runner:
    def __init__(self, exe, db, survey, keep):
        self.exe, self.db, self.survey, self.keep = exe, db, survey, keep
        self.published = 0
        self.failed = []

    def run(self, args):
        cmd = [self.exe] + args[:1] + ["--db", self.db, "--survey", self.survey] + args[1:]
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode != 0:
            self.failed.append((" ".join(args), p.stderr.decode(errors="replace").strip()[:200]))
            return None
        out = p.stdout.decode("utf-8-sig", errors="replace")
        if self.keep:
            name = re.sub(r"[^A-Za-z0-9_.=-]+", "_", "_".join(args))[:180]
            with open(os.path.join(self.keep, name), "w") as f:
                f.write(out)
        return out


def num(v):
    if v is None:
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v
    s = str(v).strip()
    if s == "":
        return None
    try:
        return float(s)
    except ValueError:
        return None


def decimals(s):
    s = str(s).strip()
    return len(s.split(".")[1]) if "." in s else 0


# ----------------------------------------------------------------------------- the model
class Model:
    """Groups are (units, waves, B, c): frozensets of units and waves, and optionally one
    background item B with category c. Cells are the strata (u, w) crossed with a
    background category and an item point."""

    def __init__(self, units, waves, bg, cats, items, layout):
        self.units, self.waves, self.bg, self.cats = units, waves, bg, cats
        self.items, self.layout = items, layout
        self.vid = {}

    def v(self, key):
        i = self.vid.get(key)
        if i is None:
            i = self.vid[key] = len(self.vid)
        return i

    def strata(self, g):
        return [(u, w) for u in g[0] for w in g[1]]

    def size_expr(self, g):
        e = {}
        for s in self.strata(g):
            k = ("N", s) if g[2] is None else ("M", s, g[2], g[3])
            e[self.v(k)] = e.get(self.v(k), 0) + 1
        return e

    def cell_expr(self, g, item, points, coefs=None):
        e = {}
        for s in self.strata(g):
            for j, p in enumerate(points):
                c = 1 if coefs is None else coefs[j]
                if c == 0:
                    continue
                k = ("Y", s, item, p) if g[2] is None else ("X", s, g[2], g[3], item, p)
                vi = self.v(k)
                e[vi] = e.get(vi, 0) + c
        return e

    def structure(self, item):
        """Linking equalities of the size variables, and of one item's variables."""
        cons = []
        for s in [(u, w) for u in self.units for w in self.waves]:
            n = self.v(("N", s))
            for B in self.bg:
                e = {self.v(("M", s, B, c)): 1 for c in self.cats[B]}
                e[n] = -1
                cons.append((e, 0, 0))
            if item is None:
                continue
            pts = self.layout[item]
            e = {self.v(("Y", s, item, p)): 1 for p in pts}
            e[n] = -1
            cons.append((e, 0, 0))
            for B in self.bg:
                for p in pts:
                    e = {self.v(("X", s, B, c, item, p)): 1 for c in self.cats[B]}
                    e[self.v(("Y", s, item, p))] = -1
                    cons.append((e, 0, 0))
                for c in self.cats[B]:
                    e = {self.v(("X", s, B, c, item, p)): 1 for p in pts}
                    e[self.v(("M", s, B, c))] = -1
                    cons.append((e, 0, 0))
                    if B == item:  # the group B=c answered c to B: structural zeros
                        for p in pts:
                            if p != (NA if c == NOANS else c):
                                cons.append(({self.v(("X", s, B, c, item, p)): 1}, 0, 0))
        return cons


def presolve(cons):
    """Fix variables that singleton equalities or zero sums of non-negative terms force,
    substitute them, repeat. Returns (fixed {var: value}, remaining constraints)."""
    fixed = {}
    cur = cons
    while True:
        nxt = []
        changed = False
        for e, lo, hi in cur:
            c0 = 0.0
            rest = {}
            for vi, c in e.items():
                if vi in fixed:
                    c0 += c * fixed[vi]
                else:
                    rest[vi] = c
            lo2 = None if lo is None else lo - c0
            hi2 = None if hi is None else hi - c0
            if not rest:
                continue
            if len(rest) == 1 and lo2 is not None and hi2 is not None and abs(lo2 - hi2) < 1e-9:
                (vi, c), = rest.items()
                x = lo2 / c
                fixed[vi] = float(round(x)) if abs(x - round(x)) < 1e-6 else x
                changed = True
                continue
            if all(c > 0 for c in rest.values()) and hi2 is not None and hi2 < 1e-9:
                for vi in rest:
                    fixed[vi] = 0.0
                changed = True
                continue
            if all(c < 0 for c in rest.values()) and lo2 is not None and lo2 > -1e-9:
                for vi in rest:
                    fixed[vi] = 0.0
                changed = True
                continue
            nxt.append((rest, lo2, hi2))
        cur = nxt
        if not changed:
            return fixed, cur


def reduce_expr(e, fixed):
    c0 = 0.0
    rest = {}
    for vi, c in e.items():
        if vi in fixed:
            c0 += c * fixed[vi]
        else:
            rest[vi] = c
    return c0, rest


def expr_value(e, truth):
    return sum(c * truth.get(k, 0) for k, c in e.items())


# ----------------------------------------------------------------------------- glpsol
class Solver:
    def __init__(self, tmp, ub):
        self.tmp, self.ub = tmp, ub
        self.calls = 0
        self.n = 0
        self.lock = threading.Lock()

    def solve(self, cons, nvars, obj, sense, integer=False):
        """Returns (objective, {var: value}) or (None, None) when infeasible."""
        with self.lock:
            self.n += 1
            self.calls += 1
            base = os.path.join(self.tmp, "m%d" % self.n)
        lines = ["Maximize" if sense == "max" else "Minimize", " obj: " + lin(obj or {0: 0}),
                 "Subject To"]
        for k, (e, lo, hi) in enumerate(cons):
            t = lin(e)
            if lo is not None and hi is not None and abs(lo - hi) < 1e-12:
                lines.append(" c%d: %s = %s" % (k, t, fmt(lo)))
            else:
                if lo is not None:
                    lines.append(" c%da: %s >= %s" % (k, t, fmt(lo)))
                if hi is not None:
                    lines.append(" c%db: %s <= %s" % (k, t, fmt(hi)))
        lines.append("Bounds")
        used = set(obj or {0: 0})
        for e, lo, hi in cons:
            used.update(e)
        used = sorted(used)
        for i in used:
            lines.append(" 0 <= v%d <= %d" % (i, self.ub))
        if integer:
            lines.append("General")
            lines.extend(" v%d" % i for i in used)
        lines.append("End")
        with open(base + ".lp", "w") as f:
            f.write("\n".join(lines) + "\n")
        cmd = ["glpsol", "--lp", base + ".lp", "-o", base + ".out"]
        if not integer:
            cmd.append("--nomip")
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        txt = open(base + ".out").read() if os.path.exists(base + ".out") else ""
        for ext in (".lp", ".out"):
            try:
                os.unlink(base + ext)
            except OSError:
                pass
        m = re.search(r"^Status:\s+(\S+)", txt, re.M)
        if not m or m.group(1) not in ("OPTIMAL", "INTEGER"):
            if "PROBLEM HAS NO" in p.stdout.decode(errors="replace") or (m and "INFEAS" in m.group(1)) \
                    or (m and m.group(1) == "UNDEFINED"):
                return None, None
            raise RuntimeError("glpsol: " + (m.group(1) if m else p.stdout.decode()[-300:]))
        objv = float(re.search(r"^Objective:\s+obj = (\S+)", txt, re.M).group(1))
        vals = {}
        sec = txt.split("Column name", 1)[1] if "Column name" in txt else ""
        for ln in sec.splitlines():
            t = ln.split()
            if len(t) >= 3 and t[0].isdigit() and t[1].startswith("v"):
                rest = t[2:]
                if rest and not re.match(r"^-?[\d.]", rest[0]):
                    rest = rest[1:]
                try:
                    vals[int(t[1][1:])] = float(rest[0])
                except (ValueError, IndexError):
                    pass
        return objv, vals


def fmt(x):
    return repr(float(x)) if not float(x).is_integer() else str(int(x))


def lin(e):
    parts = []
    for k, c in e.items():
        if c == 0:
            continue
        parts.append(("+ " if c > 0 else "- ") + fmt(abs(c)) + " v%d" % k)
    s = " ".join(parts) if parts else "0 v0"
    return s[2:] if s.startswith("+ ") else s


# ----------------------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(prog="published.py", add_help=True)
    ap.add_argument("lytt_analyze")
    ap.add_argument("db")
    ap.add_argument("survey")
    ap.add_argument("--questionnaire")
    ap.add_argument("--json")
    ap.add_argument("--keep", help="keep every published output in this folder")
    ap.add_argument("--jobs", type=int, default=max(1, min(4, os.cpu_count() or 1)))
    ap.add_argument("--no-export", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--max-solves", type=int, default=4000,
                    help="stop asking glpsol after this many runs (0: no limit); the rest is undecided")
    a = ap.parse_args()
    t0 = time.time()
    if not os.access(a.lytt_analyze, os.X_OK):
        die("not an executable: " + a.lytt_analyze)
    if not os.path.exists(a.db):
        die("no database: " + a.db)
    if shutil.which("glpsol") is None:
        die("glpsol not found (Debian glpk-utils)", 3)

    # --- ground truth
    con = sqlite3.connect("file:%s?mode=ro" % a.db, uri=True)
    rows = con.execute("SELECT unit_id, wave, period, answers, survey_version FROM responses "
                       "WHERE survey_id = ?", (a.survey,)).fetchall()
    if not rows:
        die("no responses of survey %s in %s" % (a.survey, a.db))
    if a.questionnaire:
        qtext = open(a.questionnaire, encoding="utf-8").read()
    else:
        r = con.execute("SELECT source FROM survey_versions WHERE survey_id = ? ORDER BY version DESC"
                        " LIMIT 1", (a.survey,)).fetchone()
        qtext = r[0] if r else ""
        if isinstance(qtext, bytes):
            qtext = qtext.decode()
    q = parse_questionnaire(qtext)
    qitems = q["items"]
    resp = []
    for u, w, per, ans, ver in rows:
        d = {}
        for it in json.loads(ans):
            d[it[0]] = str(it[1]) if not isinstance(it[1], list) else it[1]
        resp.append((u, w, d))
    units = set(r[0] for r in resp)
    if "\nunits:" in qtext:
        blk = qtext.split("\nunits:", 1)[1]
        blk = re.split(r"\n\S", blk, 1)[0]
        units |= set(x.strip('"') for x in re.findall(r"^  - id:\s*(\S+)", blk, re.M))
    units = sorted(units)
    waves = sorted({r[1] for r in resp})
    NR = len(resp)

    runner = Runner(a.lytt_analyze, a.db, a.survey, a.keep)
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)

    # background items: single / yesno items of the first section
    first_section = qitems[q["order"][0]]["section"] if q["order"] else None
    bg = [i for i in q["order"] if qitems[i]["section"] == first_section
          and qitems[i]["type"] in ("single", "yesno")]

    def catof(B, d):
        v = d.get(B)
        return NOANS if v is None or isinstance(v, list) else v

    cats = {}
    for B in bg:
        cs = set(qitems[B]["options"]) | {NOANS} | {catof(B, r[2]) for r in resp}
        if qitems[B]["type"] == "yesno":
            cs |= {"yes", "no", "dk"}
        cats[B] = sorted(cs)

    # --- run everything
    jobs = []
    filters = [[]] + [["--unit", u] for u in units] + [["--wave", w] for w in waves] + \
        [["--unit", u, "--wave", w] for u in units for w in waves]
    bys = [None, "unit", "wave"] + bg
    for f in filters:
        for b in bys:
            for fm in ("csv", "json"):
                jobs.append(["summary"] + f + (["--by", b] if b else []) + ["--format", fm])
    for f in [[]] + [["--wave", w] for w in waves]:
        for fm in ("csv", "json"):
            jobs.append(["compare", "--by", "unit"] + f + ["--format", fm])
    for f in [[]] + [["--unit", u] for u in units]:
        for b in ("wave", "month"):
            for fm in ("csv", "json"):
                jobs.append(["trend", "--by", b] + f + ["--format", fm])
    if not a.no_export:
        for f in [[]] + [["--unit", u] for u in units] + [["--wave", w] for w in waves]:
            jobs.append(["export", "--format", "csv"] + f)
    with ThreadPoolExecutor(max_workers=a.jobs) as ex:
        outs = list(ex.map(runner.run, jobs))

    # --- the item layout (answer points) from the published "all" distributions
    layout = {}
    positive = {}
    for job, out in zip(jobs, outs):
        if out is None or job[0] != "summary" or job[-1] != "json" or len(job) != 3:
            continue
        for r in json.loads(out).get("items", []):
            it = r["item"]
            qi = qitems.get(it, {})
            L = len(r.get("distribution") or [])
            if qi.get("type") == "yesno" or L == 4:
                layout[it] = ["yes", "no", "dk", NA]
                positive[it] = ["yes"]
            else:
                pts = [str(k) for k in range(1, L - 1)]
                layout[it] = pts + ["dk", NA]
                pos = q["positive"].get(qi.get("scale"), None) or pts[-2:]
                if qi.get("reverse"):
                    pos = [str(len(pts) + 1 - int(p)) for p in pos]
                positive[it] = pos
    items = list(layout)
    if not items:
        die("no item results published (summary --format json failed?)", 3)

    model = Model(units, waves, bg, cats, items, layout)

    # --- ground truth counts of every variable
    truth = {}

    def inc(k):
        vi = model.v(k)
        truth[vi] = truth.get(vi, 0) + 1

    for u, w, d in resp:
        s = (u, w)
        inc(("N", s))
        for B in bg:
            inc(("M", s, B, catof(B, d)))
        for it in items:
            v = d.get(it)
            p = NA if v is None else v
            if p not in layout[it]:
                p = NA
            inc(("Y", s, it, p))
            for B in bg:
                inc(("X", s, B, catof(B, d), it, p))

    ALLU, ALLW = frozenset(units), frozenset(waves)

    def group_of(filt, by, label):
        us, ws, B, c = set(ALLU), set(ALLW), None, None
        for k in range(0, len(filt), 2):
            if filt[k] == "--unit":
                us &= {filt[k + 1]}
            elif filt[k] == "--wave":
                ws &= {filt[k + 1]}
        if label not in (None, "all"):
            if by == "unit":
                us &= {label}
            elif by == "wave":
                ws &= {label}
            elif by in bg:
                B, c = by, label
                if c not in cats[B]:
                    return None
            else:
                return None
        if not us or not ws:
            return None
        return (frozenset(us), frozenset(ws), B, c)

    facts = {}          # item or None -> {key: (expr, lo, hi, source)}
    protected = {}      # key -> dict
    dropped = []
    stats = {"published": 0}

    def add_fact(item, e, lo, hi, src):
        e = {k: c for k, c in e.items() if c != 0}
        if not e:
            return
        tv = expr_value(e, truth)
        if (lo is not None and tv < lo - 1e-6) or (hi is not None and tv > hi + 1e-6):
            dropped.append({"source": src, "true": tv, "lo": lo, "hi": hi})
            return
        key = (item, tuple(sorted(e.items())), lo, hi)
        facts.setdefault(item, {})[key] = (e, lo, hi, src)

    def add_protected(item, e, what, reason):
        e = {k: c for k, c in e.items() if c != 0}
        key = (item, tuple(sorted(e.items())))
        if key not in protected:
            protected[key] = {"item": item, "expr": e, "what": what, "reason": reason,
                              "true": expr_value(e, truth)}

    def gname(g):
        parts = []
        if g[0] != ALLU:
            parts.append("unit=" + "+".join(sorted(g[0])) if len(g[0]) < len(ALLU) / 2 + 1 or len(g[0]) == 1
                         else "unit=all-" + "-".join(sorted(ALLU - g[0])))
        if g[1] != ALLW:
            parts.append("wave=" + "+".join(sorted(g[1])))
        if g[2]:
            parts.append("%s=%s" % (g[2], g[3]))
        return " & ".join(parts) or "all"

    valid_pts = {it: [p for p in layout[it] if p not in ("dk", NA)] for it in items}

    def item_facts(g, it, src, n, dk, na, pct, pct_tol, score, score_tol, dist, suppressed,
                   uncertain, group_hidden):
        if it not in layout:
            return
        L = layout[it]
        vp = valid_pts[it]
        fields = [n, dk, na, pct, score] + (dist or [])
        stats["published"] += sum(1 for x in fields if x is not None)
        if group_hidden:
            return
        if n is not None:
            add_fact(it, model.cell_expr(g, it, vp), n, n, src + " n")
        if dk is not None:
            add_fact(it, model.cell_expr(g, it, ["dk"]), dk, dk, src + " n_dont_know")
        if na is not None:
            add_fact(it, model.cell_expr(g, it, [NA]), na, na, src + " n_not_answered")
        if dist:
            for p, x in zip(L, dist):
                if x is not None:
                    add_fact(it, model.cell_expr(g, it, [p]), x, x, src + " dist[%s]" % p)
        if pct is not None and n is not None:
            add_fact(it, model.cell_expr(g, it, positive[it]), (pct - pct_tol) * n / 100.0,
                     (pct + pct_tol) * n / 100.0, src + " pct_positive")
        if score is not None and n is not None and it in layout and L[0] == "1":
            k = len(vp)
            rev = qitems.get(it, {}).get("reverse")
            co = [100.0 * ((k - int(p)) if rev else (int(p) - 1)) / (k - 1) for p in vp]
            add_fact(it, model.cell_expr(g, it, vp, co), (score - score_tol) * n,
                     (score + score_tol) * n, src + " score")
        # protected
        hidden_break = suppressed == "totals-only" or uncertain
        for j, p in enumerate(L):
            shown = dist[j] if dist else {"dk": dk, NA: na}.get(p, "?")
            if p == NA and qitems.get(it, {}).get("required"):
                continue  # structural zero
            if hidden_break or shown is None:
                add_protected(it, model.cell_expr(g, it, [p]),
                              "%s: %s = %s" % (gname(g), it, p if p != NA else "not answered"),
                              "totals-only" if hidden_break else (suppressed or "hidden"))

    def size_fact(g, n, src, status):
        stats["published"] += n is not None
        if n is not None:
            add_fact(None, model.size_expr(g), n, n, src + " n")
        if status in HIDDEN_GROUP or (n is None and status):
            add_protected(None, model.size_expr(g), "size of %s" % gname(g), status or "hidden")

    for job, out in zip(jobs, outs):
        if out is None:
            continue
        cmd = job[0]
        filt = [x for k, x in enumerate(job) if k > 0 and (job[k - 1] in ("--unit", "--wave") or x in ("--unit", "--wave"))]
        by = job[job.index("--by") + 1] if "--by" in job else None
        fm = job[job.index("--format") + 1] if "--format" in job else "csv"
        src0 = " ".join(job[:-2] if fm else job)
        if cmd == "summary" and fm == "json":
            d = json.loads(out)
            hid = {}
            for r in d.get("groups", []):
                g = group_of(filt, by, r["group"])
                if g is None:
                    continue
                hid[r["group"]] = r.get("suppressed") in HIDDEN_GROUP
                size_fact(g, r.get("n"), "%s json group %s" % (src0, r["group"]), r.get("suppressed"))
            for r in d.get("participation", []):
                g = group_of(filt, "unit" if by != "unit" and r.get("unit") not in (None, "all") else by, r.get("unit"))
                if g is not None:
                    size_fact(g, num(r.get("responses")), "%s json participation %s" % (src0, r.get("unit")),
                              r.get("suppressed"))
            for r in d.get("items", []):
                g = group_of(filt, by, r["group"])
                if g is None:
                    continue
                item_facts(g, r["item"], "%s json %s/%s" % (src0, r["group"], r["item"]), num(r.get("n")),
                           num(r.get("n_dont_know")), None, num(r.get("pct_positive")), 1e-5,
                           num(r.get("score")), 1e-5, r.get("distribution"), r.get("suppressed"),
                           r.get("uncertain"), r.get("suppressed") in HIDDEN_GROUP)
        elif cmd == "summary":
            for r in csv.DictReader(io.StringIO(out)):
                kind = r.get("kind")
                if kind == "participation":
                    label = r["group"]
                    g = group_of(filt, "unit" if label != "all" else by, label)
                    if g is not None:
                        size_fact(g, num(r.get("n")), "%s csv participation %s" % (src0, label), r.get("suppressed"))
                    continue
                if kind != "item":
                    continue
                g = group_of(filt, by, r["group"])
                if g is None:
                    continue
                pct = r.get("pct_positive") or ""
                sc = r.get("score") or ""
                item_facts(g, r["item"], "%s csv %s/%s" % (src0, r["group"], r["item"]), num(r.get("n")),
                           num(r.get("n_dont_know")), num(r.get("n_not_answered")), num(pct),
                           0.5 * 10 ** -decimals(pct) + 1e-9, num(sc), 0.5 * 10 ** -decimals(sc) + 1e-9,
                           None, r.get("suppressed"), r.get("uncertain") == "yes",
                           r.get("suppressed") in HIDDEN_GROUP)
        elif cmd == "compare":
            if fm == "json":
                d = json.loads(out)
                rws = [(r, 1e-5) for r in d.get("units", [])]
            else:
                rws = [(r, None) for r in csv.DictReader(io.StringIO(out))]
            for r, tol in rws:
                it = r.get("item")
                if it not in layout or (r.get("kind") not in (None, "item")):
                    continue
                gu = group_of(filt, "unit", r["unit"])
                if gu is None:
                    continue
                gr = (ALLU - gu[0], gu[1], None, None)
                for g, nk, vk in ((gu, "n_unit", "value_unit"), (gr, "n_rest", "value_rest")):
                    n, v = num(r.get(nk)), num(r.get(vk))
                    stats["published"] += (n is not None) + (v is not None)
                    t = tol if tol is not None else 0.5 * 10 ** -decimals(r.get(vk) or "") + 1e-9
                    if n is not None and g[0]:
                        add_fact(it, model.cell_expr(g, it, valid_pts[it]), n, n, "%s %s %s/%s %s" % (src0, fm, r["unit"], it, nk))
                        if v is not None:
                            add_fact(it, model.cell_expr(g, it, positive[it]), (v - t) * n / 100, (v + t) * n / 100,
                                     "%s %s %s/%s %s" % (src0, fm, r["unit"], it, vk))
        elif cmd == "trend":
            if "month" == by:
                # month points are not modelled (cells have no month dimension); count them
                if fm == "json":
                    for s in json.loads(out).get("series", []):
                        stats["published"] += sum((p.get("n") is not None) + (p.get("value") is not None)
                                                  for p in s.get("points", []))
                continue
            pts = []
            if fm == "json":
                for s in json.loads(out).get("series", []):
                    for p in s.get("points", []):
                        pts.append((s.get("item"), p.get("period"), num(p.get("n")), num(p.get("value")), 1e-5))
            else:
                for r in csv.DictReader(io.StringIO(out)):
                    if r.get("kind") == "item":
                        pts.append((r["series"], r["period"], num(r.get("n")), num(r.get("value")),
                                    0.5 * 10 ** -decimals(r.get("value") or "") + 1e-9))
            for it, per, n, v, t in pts:
                if it not in layout:
                    continue
                g = group_of(filt, "wave", per)
                if g is None:
                    continue
                stats["published"] += (n is not None) + (v is not None)
                if n is not None:
                    add_fact(it, model.cell_expr(g, it, valid_pts[it]), n, n, "%s %s %s/%s n" % (src0, fm, per, it))
                    if v is not None:
                        add_fact(it, model.cell_expr(g, it, positive[it]), (v - t) * n / 100, (v + t) * n / 100,
                                 "%s %s %s/%s value" % (src0, fm, per, it))
        elif cmd == "export":
            cnt = {}
            for r in csv.DictReader(io.StringIO(out)):
                u, w = r.get("unit"), r.get("wave")
                if u not in ALLU or w not in ALLW:
                    continue
                stats["published"] += 1
                s = (u, w)
                ks = [("N", s)] + [("M", s, B, (r.get(B) or NOANS)) for B in bg]
                for it in items:
                    v = r.get(it)
                    p = NA if v in (None, "") else v
                    ks.append(("Y", s, it, p))
                    ks += [("X", s, B, (r.get(B) or NOANS), it, p) for B in bg]
                for k in ks:
                    cnt[k] = cnt.get(k, 0) + 1
            strata = {k[1] for k in cnt if k[0] == "N"}
            src = "export " + " ".join(filt)
            for s in strata:
                g = (frozenset([s[0]]), frozenset([s[1]]), None, None)
                add_fact(None, model.size_expr(g), cnt[("N", s)], cnt[("N", s)], src + " rows of %s/%s" % s)
                for B in bg:
                    for c in cats[B]:
                        x = cnt.get(("M", s, B, c), 0)
                        add_fact(None, model.size_expr((g[0], g[1], B, c)), x, x, src + " rows %s/%s %s=%s" % (s + (B, c)))
                for it in items:
                    for p in layout[it]:
                        x = cnt.get(("Y", s, it, p), 0)
                        add_fact(it, model.cell_expr(g, it, [p]), x, x, src + " %s/%s %s=%s" % (s + (it, p)))
                        for B in bg:
                            for c in cats[B]:
                                x = cnt.get(("X", s, B, c, it, p), 0)
                                add_fact(it, model.cell_expr((g[0], g[1], B, c), it, [p]), x, x,
                                         src + " %s/%s %s=%s %s=%s" % (s + (B, c, it, p)))

    # protected values whose true value is 0 in an empty group are not reported:
    # empty groups are simply absent
    for k in list(protected):
        pr = protected[k]
        if pr["item"] is None and pr["true"] == 0:
            del protected[k]

    nfacts = sum(len(v) for v in facts.values())

    # --- solve
    tmp = tempfile.mkdtemp(prefix="lytt-attack-")
    solver = Solver(tmp, NR)
    size_facts = [(e, lo, hi) for (e, lo, hi, s) in facts.get(None, {}).values()]
    by_item = {}
    for k, pr in protected.items():
        by_item.setdefault(pr["item"], []).append(k)
    size_keys = by_item.get(None, [])
    proven = {k: {"max": None, "min": None} for k in protected}
    undecided = set()
    budget = a.max_solves  # best bound found per side
    pinned_by = {}

    models = [None] + [it for it in items if it in by_item or size_keys]
    structures = {it: model.structure(it) for it in models}  # creates every variable first

    def run_model(item):
        cons = structures[item] + size_facts
        if item is not None:
            cons += [(e, lo, hi) for (e, lo, hi, s) in facts.get(item, {}).values()]
        nv = len(model.vid)
        bad = [1 for e, lo, hi in cons
               if (lo is not None and expr_value(e, truth) < lo - 1e-6)
               or (hi is not None and expr_value(e, truth) > hi + 1e-6)]
        if bad:
            raise RuntimeError("model of %s: %d constraints do not hold for the database" % (item, len(bad)))
        fixed, cons = presolve(cons)
        keys = list(by_item.get(item, [])) + list(size_keys if item is not None else [])
        res = {}
        red = {}
        for k in keys:
            c0, rest = reduce_expr(protected[k]["expr"], fixed)
            if not rest:
                if abs(c0 - protected[k]["true"]) < 1e-6:
                    res[k] = {"max": c0, "min": c0}
            else:
                red[k] = (c0, rest)
        keys = list(red)
        rnd = random.Random(hash(item) & 0xffff)
        for sense in ("max", "min"):
            sign = 1 if sense == "max" else -1
            C = list(keys)
            for _ in range(12):
                if not C:
                    break
                obj = {}
                for k in C:
                    wt = 1 + rnd.random()
                    for vi, c in red[k][1].items():
                        obj[vi] = obj.get(vi, 0) + wt * c
                ov, vals = solver.solve(cons, nv, obj, sense)
                if ov is None:
                    return item, None
                keep = []
                for k in C:
                    val = red[k][0] + sum(c * vals.get(vi, 0.0) for vi, c in red[k][1].items())
                    if sign * (val - protected[k]["true"]) < 0.999:
                        keep.append(k)
                if len(keep) == len(C):
                    break
                C = keep
            C.sort(key=lambda k: protected[k]["item"] is not None)  # group sizes first
            for j, k in enumerate(C):
                if budget and solver.calls >= budget:
                    undecided.update(C[j:])
                    break
                c0, rest = red[k]
                ov, _ = solver.solve(cons, nv, rest, sense)
                t = protected[k]["true"]
                if ov is not None:
                    ov += c0
                # an integer-valued expression whose LP bound is below t + 1 is pinned on
                # that side; when the relaxation is still narrow, ask the integer solver
                if ov is not None and 1 - EPS <= sign * (ov - t) < 2 - EPS:
                    ov2, _ = solver.solve(cons, nv, rest, sense, integer=True)
                    if ov2 is not None:
                        ov = ov2 + c0
                if ov is not None and sign * (ov - t) < 1 - EPS:
                    res.setdefault(k, {})[sense] = t
        return item, res

    infeasible = []
    with ThreadPoolExecutor(max_workers=a.jobs) as ex:
        for item, res in ex.map(run_model, models):
            if res is None:
                infeasible.append(item)
                continue
            for k, sides in res.items():
                for sense, t in sides.items():
                    proven[k][sense] = t
                    pinned_by.setdefault(k, set()).add(item or "(sizes only)")
    shutil.rmtree(tmp, ignore_errors=True)

    pinned = [k for k in protected if proven[k]["max"] is not None and proven[k]["min"] is not None]
    out_pinned = []
    for k in pinned:
        pr = protected[k]
        out_pinned.append({"what": pr["what"], "kind": "group size" if pr["item"] is None else "count",
                           "reason_hidden": pr["reason"], "true": pr["true"], "range": [pr["true"], pr["true"]],
                           "model": sorted(pinned_by.get(k, []))})
    out_pinned.sort(key=lambda x: (x["kind"] != "group size", x["what"]))
    dt = time.time() - t0
    nsize = sum(1 for p in out_pinned if p["kind"] == "group size")
    print("attack: %d published numbers, %d facts, %d protected values, %d pinned"
          % (stats["published"], nfacts, len(protected), len(pinned)))
    print("  pinned group sizes %d, pinned counts %d (of them true value 0: %d); %d glpsol runs, %.1f s"
          % (nsize, len(pinned) - nsize, sum(1 for p in out_pinned if p["kind"] == "count" and p["true"] == 0),
             solver.calls, dt))
    if undecided:
        print("  note: glpsol budget (--max-solves %d) spent: %d protected values undecided"
              % (budget, len(undecided - set(pinned))))
    if dropped:
        print("  note: %d published figures did not match the database as modelled and were not used"
              % len(dropped))
    if runner.failed:
        print("  note: %d commands failed, e.g. %s" % (len(runner.failed), runner.failed[0]))
    if infeasible:
        print("  warning: infeasible models (modelling error): %s" % infeasible)
    if a.verbose:
        for p in out_pinned[:60]:
            print("  pinned: %s (true %s)" % (p["what"], p["true"]))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"published": stats["published"], "facts": nfacts, "protected": len(protected),
                       "pinned": len(pinned), "undecided": len(undecided - set(pinned)), "seconds": round(dt, 2), "glpsol_runs": solver.calls,
                       "commands": len(jobs), "failed_commands": runner.failed,
                       "unused_figures": dropped[:200], "pinned_values": out_pinned}, f, indent=1)
    if infeasible:
        sys.exit(3)
    sys.exit(1 if pinned else 0)


if __name__ == "__main__":
    main()
