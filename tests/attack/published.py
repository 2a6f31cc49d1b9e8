#!/usr/bin/env python3
"""published.py: an independent differencing attacker on everything lytt-analyze publishes.

Usage: published.py LYTT_ANALYZE DB SURVEY_ID [--questionnaire FILE] [--json OUT]
                    [--quick] [--keep DIR] [--jobs N] [--no-export] [--strict]
                    [--pins-only] [--hidden-counts] [--explain N] [--max-pins N]
                    [--max-solves N] [--verbose]

It runs the publishing commands of lytt-analyze (summary, compare, trend, export, csv
and json, with filters and breakdowns), turns every published number it understands
into a linear fact over the counts of the finest cells (unit x wave [x month] x
background category x item x answer point), checks each fact against the database
(a fact that does not hold is a parse or model mistake and is not used), and asks
glpsol for the range of every protected value (PRODUCT.md section 2):

  - the size of every hidden group that is not empty;
  - every count (the three buckets, don't know, not answered) of an item that a shown
    group shows at `size` detail or hides;
  - every answer-point count of an item shown at `buckets` (points of one-point
    buckets excepted: the bucket is the point);
  - the count of every banded (`<=10`, `>=90`) or withheld share;
  - with --hidden-counts also every count of a hidden group.

"Pinned": one possible value (fails). "Narrowed": fewer possible values than
min(what the group's own figures leave, min_group) (reported; fails with --strict).
Besides, rule checks on the true values: a group or item shown in more detail than its
size allows, an exact share of 90 % or more / 10 % or less below 20, an export row
whose combination of named values fewer than min_group respondents share (fails).

Python 3 standard library and glpsol only; it shares no code with the product.
Exit status: 0 nothing found, 1 something pinned or a rule broken (or narrowed with
--strict), 2 usage error, 3 internal trouble.
"""
import argparse
import csv
import datetime
import decimal
import io
import json
import math
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
import zlib
from concurrent.futures import ThreadPoolExecutor

NA = "_na"              # answer point "not answered"
DK = "dk"
NOANS = "(no answer)"   # background group label for a missing answer
HIDDEN_KEYS = {"too-few-responses", "protects-another-group"}
RANK = {"": 0, "size": 1, "buckets": 2, "points": 3}
BUCKETS = ("negative", "neutral", "positive")
EPS = 1e-4              # margin on LP bounds before a claim is made (solver tolerance)
UNKNOWN_MONTH = "?"


def die(msg, code=2):
    print("published.py: " + msg, file=sys.stderr)
    sys.exit(code)


# ----------------------------------------------------------------------------- questionnaire
def flow_map(s):
    """The top-level keys of a one-line YAML flow mapping "{a: 1, b: {x: y}, c: [1, 2]}"
    (nested values kept as text)."""
    s = s.strip()
    if not (s.startswith("{") and s.endswith("}")):
        return None
    out, depth, cur = {}, 0, ""
    for ch in s[1:-1] + ",":
        if ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
        if ch == "," and depth == 0:
            k, _, v = cur.partition(":")
            if k.strip():
                out[k.strip()] = v.strip().strip('"')
            cur = ""
        else:
            cur += ch
    return out


def parse_questionnaire(text):
    """A small line parser for questionnaire files shaped like survey/parorende.yaml:
    items (type, scale, reverse, required, options, show_if, section), scales (points,
    positive), min_group, audience, period, units."""
    items, order, scales, units = {}, [], {}, []
    top = {"min_group": None, "audience": "adult", "period": "week"}
    block = None
    section = cur = scale = None
    for raw in text.splitlines():
        if raw.lstrip().startswith("#"):
            continue
        line = raw.split(" #")[0].rstrip()
        if not line.strip():
            continue
        ind = len(line) - len(line.lstrip())
        s = line.strip()
        if ind == 0:
            m = re.match(r"(\w+):\s*(.*)$", s)
            block = m.group(1) if m else None
            if m and m.group(1) in top and m.group(2):
                top[m.group(1)] = m.group(2).strip('"')
            continue
        if block == "units":
            m = re.match(r"- id:\s*\"?([^\"\s]+)\"?$", s)
            if m and ind == 2:
                units.append(m.group(1))
        elif block == "scales":
            m = re.match(r"- id:\s*\"?([^\"\s]+)\"?$", s)
            if m and ind == 2:
                scale = scales[m.group(1)] = {"points": [], "positive": None}
                continue
            if scale is None:
                continue
            m = re.match(r"-?\s*\{?\s*value:\s*\"?([^,}\"\s]+)", s)
            if m and ind in (6, 8):
                scale["points"].append(m.group(1))
                continue
            m = re.match(r"positive:\s*\[(.*)\]", s)
            if m:
                scale["positive"] = [x.strip().strip('"') for x in m.group(1).split(",") if x.strip()]
        elif block == "sections":
            m = re.match(r"- id:\s*\"?([^\"\s]+)\"?$", s)
            if m and ind == 2:
                section, cur = m.group(1), None
                continue
            fm = flow_map(s[1:]) if s.startswith("- {") and ind in (6, 10) else None
            if fm and "id" in fm and ind == 6:  # an item on one line
                cur = {"id": fm["id"], "section": section, "type": fm.get("type"),
                       "reverse": fm.get("reverse") == "true",
                       "required": fm.get("required") == "true", "options": [],
                       "scale": fm.get("scale"), "show_if": None}
                items[cur["id"]] = cur
                order.append(cur["id"])
                if "show_if" in fm or "options" in fm:
                    die("flow-style item %s with show_if or options: not read" % fm["id"], 3)
                continue
            if fm and "id" in fm and ind == 10 and cur is not None:  # an option on one line
                cur["options"].append(fm["id"])
                continue
            if m and ind == 6:
                cur = {"id": m.group(1), "section": section, "type": None, "reverse": False,
                       "required": False, "options": [], "scale": None, "show_if": None}
                items[cur["id"]] = cur
                order.append(cur["id"])
                continue
            if cur is None:
                continue
            if m and ind == 10:
                cur["options"].append(m.group(1))
                continue
            m = re.match(r"show_if:\s*\{\s*item:\s*\"?([^,\"\s]+)\"?\s*,\s*in:\s*\[(.*)\]\s*\}", s)
            if m and ind == 8:
                cur["show_if"] = (m.group(1), [x.strip().strip('"') for x in m.group(2).split(",")])
                continue
            m = re.match(r"(type|reverse|required|scale):\s*(\S+)", s)
            if m and ind == 8:
                k, v = m.group(1), m.group(2)
                cur[k] = (v == "true") if k in ("reverse", "required") else v
    if not any(it["type"] in ("scale", "yesno") for it in items.values()):
        die("no scale or yes/no item read from the questionnaire: not a layout this "
            "parser knows", 3)
    young = top["audience"] == "young"
    mg = int(top["min_group"]) if top["min_group"] else (10 if young else 5)
    return {"items": items, "order": order, "scales": scales, "units": units,
            "min_group": mg, "young": young, "period": top["period"]}


def month_of(period):
    """The month ("YYYY-MM") of an ISO week (by its Thursday) or of a month label."""
    m = re.match(r"^(\d{4})-W(\d{2})$", period or "")
    if m:
        try:
            d = datetime.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 4)
        except ValueError:
            return None
        return "%04d-%02d" % (d.year, d.month)
    m = re.match(r"^(\d{4})-(\d{2})$", period or "")
    if m and 1 <= int(m.group(2)) <= 12:
        return period
    return None


# ----------------------------------------------------------------------------- numbers
def num(v):
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    s = str(v).strip()
    if s == "":
        return None
    try:
        return float(s)
    except ValueError:
        return None


def half_ulp(v):
    """Half a unit of the last digit shown of a number as printed (csv text or the raw
    json text kept by parse_float=str), plus a little for float error."""
    if v is None:
        return 0.0
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return 1e-9 if float(v).is_integer() else 1e-6
    try:
        e = decimal.Decimal(str(v).strip()).as_tuple().exponent
    except decimal.InvalidOperation:
        return 1e-6
    return 0.5 * 10.0 ** min(int(e), 0) + 1e-9


def load_json(text):
    return json.loads(text, parse_float=str)


# ----------------------------------------------------------------------------- running lytt
class Runner:
    def __init__(self, exe, db, survey, keep):
        self.exe, self.db, self.survey, self.keep = exe, db, survey, keep
        self.failed = []
        self.lock = threading.Lock()

    def run(self, args):
        cmd = [self.exe] + args[:1] + ["--db", self.db, "--survey", self.survey] + args[1:]
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        err = p.stderr.decode(errors="replace")
        if p.returncode != 0:
            with self.lock:
                self.failed.append((" ".join(args), err.strip()[:300]))
            return None
        out = p.stdout.decode("utf-8-sig", errors="replace")
        if self.keep:
            name = re.sub(r"[^A-Za-z0-9_.=-]+", "_", "_".join(args))[:180]
            with open(os.path.join(self.keep, name), "w") as f:
                f.write(out)
        return out, err


# ----------------------------------------------------------------------------- the model
class Model:
    """Variables: N[u,w], M[u,w,B,c], Y[u,w,it,p], X[u,w,B,c,it,p] on the strata unit x
    wave, and, where months are modelled, N[u,w,m] and Y[u,w,m,it,p] on unit x wave x
    month. A group is (units, waves, month or None, B or None, c)."""

    def __init__(self, units, waves, pairs, bg, cats, layout, structural):
        self.units, self.waves, self.pairs = units, waves, pairs
        self.bg, self.cats, self.layout, self.structural = bg, cats, layout, structural
        self.months_of = {}
        for w, m in pairs:
            self.months_of.setdefault(w, []).append(m)
        self.vid = {}

    def v(self, key):
        i = self.vid.get(key)
        if i is None:
            i = self.vid[key] = len(self.vid)
        return i

    def _keys(self, g):
        U, W, mo, B, c = g
        if mo is not None:
            return [(u, w, mo) for u in sorted(U) for w in sorted(W) if mo in self.months_of.get(w, ())]
        return [(u, w) for u in sorted(U) for w in sorted(W)]

    def size_expr(self, g):
        e = {}
        for s in self._keys(g):
            k = ("N", s) if g[3] is None else ("M", s, g[3], g[4])
            vi = self.v(k)
            e[vi] = e.get(vi, 0) + 1
        return e

    def cell_expr(self, g, item, points, coefs=None):
        e = {}
        for s in self._keys(g):
            for j, p in enumerate(points):
                c = 1 if coefs is None else coefs[j]
                if c == 0:
                    continue
                k = ("Y", s, item, p) if g[3] is None else ("X", s, g[3], g[4], item, p)
                vi = self.v(k)
                e[vi] = e.get(vi, 0) + c
        return e

    def structure(self, item):
        """Linking equalities of the sizes, and of one item's counts; structural zeros."""
        cons = []
        for u in self.units:
            for w in self.waves:
                s = (u, w)
                n = self.v(("N", s))
                for B in self.bg:
                    e = {self.v(("M", s, B, c)): 1 for c in self.cats[B]}
                    e[n] = -1
                    cons.append((e, 0, 0))
                fine = [(u, w, m) for m in self.months_of.get(w, ())]
                if fine:
                    e = {self.v(("N", f)): 1 for f in fine}
                    e[n] = -1
                    cons.append((e, 0, 0))
                if item is None:
                    continue
                pts = self.layout[item]
                e = {self.v(("Y", s, item, p)): 1 for p in pts}
                e[n] = -1
                cons.append((e, 0, 0))
                for f in fine:
                    e = {self.v(("Y", f, item, p)): 1 for p in pts}
                    e[self.v(("N", f))] = -1
                    cons.append((e, 0, 0))
                if fine:
                    for p in pts:
                        e = {self.v(("Y", f, item, p)): 1 for f in fine}
                        e[self.v(("Y", s, item, p))] = -1
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
                # zeros everyone knows: the group B=c answered c to B; a required item is
                # answered; an item whose condition is false is not answered
                for kind, B, c, p in self.structural.get(item, ()):
                    if kind == "Y":
                        for f in [s] + fine:
                            cons.append(({self.v(("Y", f, item, p)): 1}, 0, 0))
                    else:
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
class LP:
    """One model's constraints in GLPK's own format (rows with two bounds, columns with
    bounds), written once; each solve adds only its objective."""

    def __init__(self, cons, extra_vars, ub):
        lb = {}
        ubd = {}
        rows = []
        for e, lo, hi in cons:
            if len(e) == 1:
                (vi, c), = e.items()
                l, h = (lo, hi) if c > 0 else (hi, lo)
                if l is not None:
                    x = l / c
                    lb[vi] = max(lb.get(vi, 0.0), x)
                if h is not None:
                    x = h / c
                    ubd[vi] = min(ubd.get(vi, float(ub)), x)
            else:
                rows.append((e, lo, hi))
        used = set(extra_vars) | set(lb) | set(ubd)
        for e, lo, hi in rows:
            used.update(e)
        self.cols = sorted(used)
        self.col = {v: j + 1 for j, v in enumerate(self.cols)}
        self.nrows = len(rows)
        rl, al = [], []
        for i, (e, lo, hi) in enumerate(rows, 1):
            if lo is not None and hi is not None and abs(lo - hi) < 1e-12:
                rl.append("i %d s %s" % (i, fmt(lo)))
            elif lo is not None and hi is not None:
                rl.append("i %d d %s %s" % (i, fmt(lo), fmt(hi)))
            elif lo is not None:
                rl.append("i %d l %s" % (i, fmt(lo)))
            elif hi is not None:
                rl.append("i %d u %s" % (i, fmt(hi)))
            else:
                rl.append("i %d f" % i)
            for vi, c in e.items():
                if c != 0:
                    al.append("a %d %d %s" % (i, self.col[vi], fmt(c)))
        self.nnz = len(al)
        self.rows_text = "\n".join(rl + al)
        self.bounds = []
        for v in self.cols:
            l, h = lb.get(v, 0.0), ubd.get(v, float(ub))
            if l > h:
                if l - h > 1e-6:
                    raise RuntimeError("contradicting bounds on a variable: %s > %s" % (l, h))
                l = h
            self.bounds.append((l, h))

    def text(self, obj, sense, integer):
        head = "p %s %s %d %d %d" % ("mip" if integer else "lp", sense, self.nrows, len(self.cols), self.nnz)
        cl = []
        for j, (l, h) in enumerate(self.bounds, 1):
            kind = "i " if integer else ""
            if abs(l - h) < 1e-12:
                cl.append("j %d %ss %s" % (j, kind, fmt(l)))
            else:
                cl.append("j %d %sd %s %s" % (j, kind, fmt(l), fmt(h)))
        ol = ["a 0 %d %s" % (self.col[vi], fmt(c)) for vi, c in obj.items() if c != 0 and vi in self.col]
        return "\n".join([head, self.rows_text] + cl + ol + ["e o f", ""])


class Solver:
    def __init__(self, tmp, ub):
        self.tmp, self.ub = tmp, ub
        self.calls = 0
        self.n = 0
        self.lock = threading.Lock()

    def solve(self, lp, obj, sense, integer=False, exact=False):
        """(objective, {var: value}); (None, None) when infeasible (or, for the integer
        solver, when it proved nothing). An LP that the floating-point simplex calls
        infeasible is solved again in exact arithmetic (--exact): every model holds for
        the database, so that is a numerical failure, and it comes and goes with the
        order of the columns."""
        with self.lock:
            self.n += 1
            self.calls += 1
            base = os.path.join(self.tmp, "m%d" % self.n)
        with open(base + ".glp", "w") as f:
            f.write(lp.text(obj, sense, integer))
        cmd = ["glpsol", "--glp", base + ".glp", "-w", base + ".sol"]
        cmd += ["--tmlim", "30"] if integer else ["--nomip"]
        if exact:
            cmd.append("--exact")
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        txt = open(base + ".sol").read() if os.path.exists(base + ".sol") else ""
        for ext in (".glp", ".sol"):
            try:
                os.unlink(base + ext)
            except OSError:
                pass
        m = re.search(r"^s (bas|mip) \d+ \d+ (.*)$", txt, re.M)
        if not m:
            raise RuntimeError("glpsol: %s" % p.stdout.decode(errors="replace")[-300:])
        t = m.group(2).split()
        if m.group(1) == "mip":
            if t[0] != "o":
                return None, None
            objv = float(t[1])
            k = 2
        else:
            if t[0] != "f" or t[1] != "f":
                if t[0] in ("n", "i", "u"):
                    if not exact:
                        return self.solve(lp, obj, sense, integer, exact=True)
                    return None, None
                raise RuntimeError("glpsol: status %s: %s" % (t, p.stdout.decode(errors="replace")[-300:]))
            objv = float(t[2])
            k = 3
        vals = {}
        for ln in txt.splitlines():
            if ln.startswith("j "):
                f = ln.split()
                vals[lp.cols[int(f[1]) - 1]] = float(f[k])
        return objv, vals


def fmt(x):
    return repr(float(x)) if not float(x).is_integer() else str(int(x))


# ----------------------------------------------------------------------------- the attack
class Attack:
    def __init__(self, a):
        self.a = a
        self.facts = {}        # item or None -> {key: (expr, lo, hi, source, command)}
        self.cur_cmd = ""
        self.protected = {}    # key -> dict
        self.zeros = {}        # item -> published zero counts (see zero())
        self.own_group = None  # the group whose values protect() records (item_row, trend)
        self.dropped = []      # figures that did not hold for the database
        self.violations = []   # rule checks on true values
        self.published = 0
        self.rules = {}        # inference rule -> [ok, [(item, expr, lo, hi, src)]]

    # --- ground truth and model ------------------------------------------------------
    def load(self):
        a = self.a
        con = sqlite3.connect("file:%s?mode=ro" % a.db, uri=True)
        rows = con.execute("SELECT unit_id, wave, period, answers FROM responses WHERE survey_id = ?",
                           (a.survey,)).fetchall()
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
        con.close()
        q = self.q = parse_questionnaire(qtext)
        self.mg = q["min_group"]
        f = 2 if q["young"] else 1
        self.t_buckets = max(2 * self.mg, 10 * f)   # item results from here
        self.t_points = max(4 * self.mg, 20 * f)    # answer points, no bands from here
        qi = q["items"]
        resp = []
        for u, w, per, ans in rows:
            d = {}
            for it in json.loads(ans):
                d[it[0]] = it[1] if isinstance(it[1], list) else str(it[1])
            resp.append((u, w, per, d))
        self.resp = resp
        self.units = sorted(set(r[0] for r in resp) | set(q["units"]))
        self.waves = sorted(set(r[1] for r in resp))
        pairs = set()
        for u, w, per, d in resp:
            pairs.add((w, month_of(per) or UNKNOWN_MONTH))
        for w in self.waves:   # a half-year wave may have answers in any of its months
            mw = re.match(r"^(\d{4})-H([12])$", w)
            if mw:
                first_month = 1 if mw.group(2) == "1" else 7
                pairs.update((w, "%s-%02d" % (mw.group(1), first_month + k)) for k in range(6))
        self.pairs = sorted(pairs)
        self.NR = len(resp)
        first = qi[q["order"][0]]["section"] if q["order"] else None
        self.bg = [i for i in q["order"] if qi[i]["section"] == first and qi[i]["type"] in ("single", "yesno")]
        cats = {}
        for B in self.bg:
            cs = set(qi[B]["options"]) | {NOANS} | {self.catof(B, r[3]) for r in resp}
            if qi[B]["type"] == "yesno":
                cs |= {"yes", "no", DK}
            cats[B] = sorted(cs)
        self.cats = cats
        # items: scale and yes/no, points from the questionnaire
        layout, buckets = {}, {}
        for it in q["order"]:
            x = qi[it]
            if x["type"] == "yesno":
                layout[it] = ["yes", "no", DK, NA]
                buckets[it] = {"negative": ["no"], "neutral": [], "positive": ["yes"]}
            elif x["type"] == "scale" and x["scale"] in q["scales"]:
                sc = q["scales"][x["scale"]]
                pts = list(sc["points"])
                if len(pts) < 2:
                    continue
                pos = [p for p in (sc["positive"] or pts[-2:]) if p in pts]
                mir = [pts[len(pts) - 1 - pts.index(p)] for p in pos]
                neg = mir
                if x["reverse"]:
                    pos, neg = mir, pos
                neu = [p for p in pts if p not in pos and p not in neg]
                layout[it] = pts + [DK, NA]
                buckets[it] = {"negative": neg, "neutral": neu, "positive": pos}
        self.layout, self.buckets = layout, buckets
        self.items = list(layout)
        self.valid = {it: [p for p in layout[it] if p not in (DK, NA)] for it in self.items}
        # structural zeros, used only where the database keeps them
        structural = {}
        for it in self.items:
            z = []
            for B in self.bg:
                if B == it:
                    for c in cats[B]:
                        for p in layout[it]:
                            if p != (NA if c == NOANS else c):
                                z.append(("X", B, c, p))
            if qi[it]["required"]:
                z.append(("Y", None, None, NA))
            si = qi[it]["show_if"]
            if si and si[0] in self.bg:
                for c in cats[si[0]]:
                    if c not in si[1]:
                        z.extend(("X", si[0], c, p) for p in layout[it] if p != NA)
            structural[it] = z
        self.model = Model(self.units, self.waves, self.pairs, self.bg, cats, layout, {})
        self.truth = {}
        for u, w, per, d in resp:
            s = (u, w)
            fm = (u, w, month_of(per) or UNKNOWN_MONTH)
            self.inc(("N", s))
            self.inc(("N", fm))
            for B in self.bg:
                self.inc(("M", s, B, self.catof(B, d)))
            for it in self.items:
                p = self.point(it, d)
                self.inc(("Y", s, it, p))
                self.inc(("Y", fm, it, p))
                for B in self.bg:
                    self.inc(("X", s, B, self.catof(B, d), it, p))
        # keep a structural zero only where it holds (paper may break "required")
        t = self.truth
        keep = {}
        for it, z in structural.items():
            ok = []
            for kind, B, c, p in z:
                if kind == "Y":
                    bad = any(t.get(self.model.v(("Y", (u, w), it, p)), 0) for u in self.units for w in self.waves)
                else:
                    bad = any(t.get(self.model.v(("X", (u, w), B, c, it, p)), 0) for u in self.units for w in self.waves)
                if not bad:
                    ok.append((kind, B, c, p))
            keep[it] = ok
        self.model.structural = keep
        self.required_na = {it for it in self.items if ("Y", None, None, NA) in keep[it]}
        self.ALLU, self.ALLW = frozenset(self.units), frozenset(self.waves)

    def structural_zero(self, g, it, p):
        z = self.model.structural.get(it, ())
        return ("Y", None, None, p) in z or (g[3] is not None and ("X", g[3], g[4], p) in z)

    def catof(self, B, d):
        v = d.get(B)
        return NOANS if v is None or isinstance(v, list) else v

    def point(self, it, d):
        v = d.get(it)
        return v if (v is not None and not isinstance(v, list) and v in self.layout[it]) else NA

    def inc(self, k):
        vi = self.model.v(k)
        self.truth[vi] = self.truth.get(vi, 0) + 1

    # --- groups ----------------------------------------------------------------------
    def group_of(self, filt, by, label):
        us, ws, mo, B, c = set(self.ALLU), set(self.ALLW), None, None, None
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
            elif by == "month":
                if not re.match(r"^\d{4}-\d{2}$", label):
                    return None
                mo = label
            elif by in self.bg:
                B, c = by, label
                if c not in self.cats[B]:
                    return None
            else:
                return None
        if not us or not ws:
            return None
        return (frozenset(us), frozenset(ws), mo, B, c)

    def gname(self, g):
        parts = []
        if g[0] != self.ALLU:
            if len(g[0]) <= len(self.ALLU) / 2 + 1 or len(g[0]) == 1:
                parts.append("unit=" + "+".join(sorted(g[0])))
            else:
                parts.append("unit=all-" + "-".join(sorted(self.ALLU - g[0])))
        if g[1] != self.ALLW:
            parts.append("wave=" + "+".join(sorted(g[1])))
        if g[2]:
            parts.append("month=" + g[2])
        if g[3]:
            parts.append("%s=%s" % (g[3], g[4]))
        return " & ".join(parts) or "all"

    def true_size(self, g):
        return expr_value(self.model.size_expr(g), self.truth)

    def true_cells(self, g, it, pts):
        return expr_value(self.model.cell_expr(g, it, pts), self.truth)

    # --- facts -------------------------------------------------------------------------
    def add_fact(self, item, e, lo, hi, src):
        e = {k: c for k, c in e.items() if c != 0}
        if not e:
            return
        tv = expr_value(e, self.truth)
        if (lo is not None and tv < lo - 1e-6) or (hi is not None and tv > hi + 1e-6):
            self.dropped.append({"source": src, "true": tv, "lo": lo, "hi": hi})
            return
        key = (item, tuple(sorted(e.items())), lo, hi)
        if key not in self.facts.setdefault(item, {}):
            self.facts[item][key] = (e, lo, hi, src, self.cur_cmd)
        if hi is not None and hi < 1 - 1e-9 and all(c > 0 for c in e.values()):
            self.zero(item, e, src)

    def zero(self, item, e, src):
        """A published count of 0 (docs/privacy.md): every part of it is 0 by that figure
        alone, which is not differencing. Values pinned only by such zeros are reported
        apart ("zero-covered"), not as pins."""
        self.zeros.setdefault(item, {})[tuple(sorted(e.items()))] = ({k: 1 for k in e}, 0, 0, src,
                                                                     self.cur_cmd)

    def add_rule_fact(self, rule, item, e, lo, hi, src):
        """A fact that follows from an inference rule ("a listed hidden group is not
        empty"): used only if the rule holds for every case in the whole run."""
        r = self.rules.setdefault(rule, [True, []])
        e = {k: c for k, c in e.items() if c != 0}
        if not e:
            return
        tv = expr_value(e, self.truth)
        if (lo is not None and tv < lo - 1e-6) or (hi is not None and tv > hi + 1e-6):
            r[0] = False
        r[1].append((item, e, lo, hi, src))

    def ratio_fact(self, item, num_e, den_e, plo, phi, src):
        """plo <= num / den <= phi (fractions), as two linear facts."""
        if plo is not None and plo > 0:
            e = dict(num_e)
            for k, c in den_e.items():
                e[k] = e.get(k, 0) - plo * c
            self.add_fact(item, e, 0, None, src)
        if phi is not None and phi < 1:
            e = dict(num_e)
            for k, c in den_e.items():
                e[k] = e.get(k, 0) - phi * c
            self.add_fact(item, e, None, 0, src)

    def pct_fact(self, item, num_e, den_e, pct_raw, src):
        v = num(pct_raw)
        if v is None:
            return
        t = half_ulp(pct_raw)
        self.ratio_fact(item, num_e, den_e, (v - t) / 100.0, (v + t) / 100.0, src)
        if v == 0 and expr_value(num_e, self.truth) == 0 and expr_value(den_e, self.truth) * t < 100:
            self.zero(item, num_e, src + " (0 %)")
        # 100 %: every other part of the denominator is 0 (a published zero too)
        rest = {k: c - num_e.get(k, 0) for k, c in den_e.items() if c - num_e.get(k, 0) > 0}
        if v == 100 and rest and all(num_e.get(k, 0) in (0, c) for k, c in den_e.items()) \
                and expr_value(rest, self.truth) == 0 and expr_value(den_e, self.truth) * t < 100:
            self.zero(item, rest, src + " (100 %)")

    def pct_rule_fact(self, rule, item, num_e, den_e, pct_raw, src):
        v = num(pct_raw)
        if v is None:
            return
        t = half_ulp(pct_raw)
        for bound, lo, hi in (((v - t) / 100.0, 0, None), ((v + t) / 100.0, None, 0)):
            e = dict(num_e)
            for k, c in den_e.items():
                e[k] = e.get(k, 0) - bound * c
            self.add_rule_fact(rule, item, e, lo, hi, src)

    def protect(self, item, e, what, reason, own):
        """own: (lo, hi) the value's range given the group's own figures, or None."""
        e = {k: c for k, c in e.items() if c != 0}
        if not e:
            return
        tv = expr_value(e, self.truth)
        key = (item, tuple(sorted(e.items())))
        if key in self.protected:
            p = self.protected[key]
            if own is not None and (p["own"] is None or own[1] - own[0] < p["own"][1] - p["own"][0]):
                p["own"] = own
            return
        self.protected[key] = {"item": item, "expr": e, "what": what, "reason": reason,
                               "true": tv, "own": own,
                               "group": self.own_group if item is not None else None}

    def violation(self, what, src):
        self.violations.append({"what": what, "source": src})

    # --- summary -------------------------------------------------------------------------
    def group_row(self, g, n, detail, suppressed, src, st):
        n = num(n)
        self.published += n is not None
        if detail is None:   # the format before issue 12
            detail = "" if n is None else ("size" if st.get("uncertain") else "points")
        hidden = n is None
        tv = self.true_size(g)
        st["groups"][(g)] = (detail, n)
        e = self.model.size_expr(g)
        if n is not None:
            self.add_fact(None, e, n, n, src + " n")
            allowed = 0 if tv < self.mg else 1 if tv < self.t_buckets else 2 if tv < self.t_points else 3
            if tv < self.mg or RANK.get(detail, 3) > allowed:
                self.violation("%s (true size %d) shown at %r" % (self.gname(g), tv, detail or "n"), src)
        if hidden:
            rule = "a hidden group of a breakdown is not empty" if st.get("label") not in (None, "all") \
                else "a hidden 'all' row is not empty"
            self.add_rule_fact(rule, None, e, 1, None, src + " listed hidden")
            if tv > 0:
                self.protect(None, e, "size of %s" % self.gname(g), "hidden group", None)

    def item_row(self, g, it, r, src, st, fmt_json):
        if it not in self.layout:
            return
        self.own_group = g   # the group of the values protect() records next
        L = self.layout[it]
        vp = self.valid[it]
        bk = self.buckets[it]
        m = self.model
        gdet, gn = st["groups"].get(g, (None, None))
        n = num(r.get("n"))
        dk = num(r.get("n_dont_know"))
        na = num(r.get("n_not_answered"))
        dist = r.get("distribution") if fmt_json else None
        if dist is not None and not isinstance(dist, list):
            dist = None
        detail = r.get("detail")
        old = detail is None
        sup = r.get("suppressed") or ""
        if old:
            unc = r.get("uncertain") in (True, "yes")
            detail = "" if sup in HIDDEN_KEYS else "size" if (unc or sup == "totals-only") else "points"
            if gdet is None:
                gdet = "" if sup in HIDDEN_KEYS else "size" if unc else "points"
        if gdet is None:
            gdet = ""
        pct = {b: r.get("pct_" + b) for b in BUCKETS}
        band = {b: (r.get("band_" + b) or "") for b in BUCKETS}
        fields = [n, dk, na, num(r.get("pct_dont_know")), num(r.get("score"))] + \
            [num(pct[b]) for b in BUCKETS] + [x for x in (dist or []) if x is not None]
        self.published += sum(1 for x in fields if x is not None) + sum(1 for b in BUCKETS if band[b])
        valid_e = m.cell_expr(g, it, vp)
        G_e = m.size_expr(g)
        tn = expr_value(valid_e, self.truth)
        tG = expr_value(G_e, self.truth)
        # facts
        if n is not None:
            self.add_fact(it, valid_e, n, n, src + " n")
            if gn is not None and num(gn) == n:   # "n of n answered": nobody skipped
                self.zero(it, m.cell_expr(g, it, [DK, NA]), src + " n = group size")
        if dk is not None:
            self.add_fact(it, m.cell_expr(g, it, [DK]), dk, dk, src + " n_dont_know")
        if na is not None:
            self.add_fact(it, m.cell_expr(g, it, [NA]), na, na, src + " n_not_answered")
        if dist:
            for p, x in zip(L, dist):
                x = num(x)
                if x is not None:
                    self.add_fact(it, m.cell_expr(g, it, [p]), x, x, src + " distribution[%s]" % p)
        if r.get("pct_dont_know") not in (None, ""):
            self.pct_fact(it, m.cell_expr(g, it, [DK]), G_e, r.get("pct_dont_know"), src + " pct_dont_know")
        for b in BUCKETS:
            if not bk[b]:
                continue
            be = m.cell_expr(g, it, bk[b])
            if band[b] == "" and pct[b] not in (None, ""):
                self.pct_fact(it, be, valid_e, pct[b], src + " pct_" + b)
                v = num(pct[b])
                if (v >= 90 - 1e-9 or v <= 10 + 1e-9) and (tn < self.t_points or tG < self.t_points):
                    self.violation("%s: %s %s = %s%% shown exactly (valid n %d, group %d)"
                                   % (self.gname(g), it, b, pct[b], tn, tG), src)
            elif band[b] == "<=10":
                self.ratio_fact(it, be, valid_e, None, 0.1, src + " band_" + b)
            elif band[b] == ">=90":
                self.ratio_fact(it, be, valid_e, 0.9, None, src + " band_" + b)
        sc = r.get("score")
        if num(sc) is not None and self.q["items"][it]["type"] == "scale":
            k = len(vp)
            rev = self.q["items"][it]["reverse"]
            co = [100.0 * ((k - 1 - j) if rev else j) / (k - 1) for j in range(k)]
            t = half_ulp(sc)
            s = num(sc)
            for sign, bound in ((1, s + t), (-1, s - t)):
                e = m.cell_expr(g, it, vp, [c - bound for c in co])
                if sign == 1:
                    self.add_fact(it, e, None, 0, src + " score")
                else:
                    self.add_fact(it, e, 0, None, src + " score")
        # rule checks
        if n is not None or dist or any(num(pct[b]) is not None for b in BUCKETS):
            # docs/privacy.md: an item's valid answers are a group of their own: fewer than
            # min_group show no item result, fewer than t_points no points
            allowed = 3 if (tn >= self.t_points and tG >= self.t_points) else \
                2 if (tn >= self.mg and tG >= self.t_buckets) else 0
            shown = 3 if dist else 2
            if shown > allowed:
                self.violation("%s: %s shows %s (valid n %d, group %d)"
                               % (self.gname(g), it, "points" if shown == 3 else "item results", tn, tG), src)
        # protected values (none for the breakdown's own item: its answer is the group's;
        # none that the questionnaire's structure fixes in this group)
        if g[3] == it:
            return
        zero = {p for p in L if self.structural_zero(g, it, p)}
        if all(p in zero for p in L if p != NA):
            return   # nobody in the group can answer it (a condition): "not answered" = the group
        if RANK.get(gdet, 0) == 0:
            if self.a.hidden_counts and tG > 0:
                for b in BUCKETS:
                    if bk[b]:
                        self.protect(it, m.cell_expr(g, it, bk[b]), "%s: %s %s" % (self.gname(g), it, b),
                                     "hidden group", None)
                for p in (DK, NA):
                    if not (p == NA and it in self.required_na):
                        self.protect(it, m.cell_expr(g, it, [p]), "%s: %s %s" % (self.gname(g), it, p),
                                     "hidden group", None)
            return
        own_G = (0, int(gn)) if gn is not None else None
        if RANK.get(detail, 0) <= 1:
            for b in BUCKETS:
                if bk[b]:
                    self.protect(it, m.cell_expr(g, it, bk[b]), "%s: %s %s" % (self.gname(g), it, b),
                                 "item at %r" % detail, own_G)
            self.protect(it, m.cell_expr(g, it, [DK]), "%s: %s don't know" % (self.gname(g), it),
                         "item at %r" % detail, own_G)
            if it not in self.required_na:
                self.protect(it, m.cell_expr(g, it, [NA]), "%s: %s not answered" % (self.gname(g), it),
                             "item at %r" % detail, own_G)
            return
        # buckets / points: own ranges of the three buckets from the row itself
        own = {}
        nn = int(n) if n is not None else None
        for b in BUCKETS:
            if not bk[b]:
                own[b] = (0, 0)
            elif nn is None:
                own[b] = None
            elif band[b] == "" and num(pct[b]) is not None:
                x = num(pct[b]) * nn / 100.0
                t = half_ulp(pct[b]) * nn / 100.0
                own[b] = (max(0, math.ceil(x - t - 1e-9)), min(nn, math.floor(x + t + 1e-9)))
            elif band[b] == "<=10":
                own[b] = (0, math.floor(0.1 * nn + 1e-9))
            elif band[b] == ">=90":
                own[b] = (math.ceil(0.9 * nn - 1e-9), nn)
            else:
                own[b] = (0, nn)
        if nn is not None and all(own[b] is not None for b in BUCKETS):
            for _ in range(2):
                for b in BUCKETS:
                    others = [own[o] for o in BUCKETS if o != b]
                    lo = max(own[b][0], nn - sum(o[1] for o in others))
                    hi = min(own[b][1], nn - sum(o[0] for o in others))
                    own[b] = (lo, max(lo, hi))
        for b in BUCKETS:
            if not bk[b]:
                continue
            if (nn is None or nn > 0) and (band[b] in ("<=10", ">=90", "withheld") or (pct[b] in (None, "") and not old)):
                self.protect(it, m.cell_expr(g, it, bk[b]), "%s: %s %s (%s)" % (self.gname(g), it, b, band[b] or "not shown"),
                             "banded share", own[b])
            if detail == "buckets" and len(bk[b]) >= 2:
                hi = own[b][1] if own[b] is not None else None
                for p in bk[b]:
                    self.protect(it, m.cell_expr(g, it, [p]), "%s: %s = %s" % (self.gname(g), it, p),
                                 "point at 'buckets'", (0, hi) if hi is not None else None)

    def parse_summary(self, job, filt, by, fm, out, src0):
        st = {"groups": {}}
        listed = set()
        if fm == "json":
            d = load_json(out)
            for r in d.get("groups", []):
                g = self.group_of(filt, by, r.get("group"))
                if g is None:
                    continue
                listed.add(g)
                st["uncertain"] = r.get("uncertain") is True
                st["label"] = r.get("group")
                self.group_row(g, r.get("n"), r.get("detail"), r.get("suppressed"),
                               "%s json group %s" % (src0, r.get("group")), st)
            for r in d.get("participation", []) or []:
                lab = r.get("unit", r.get("group"))
                g = self.group_of(filt, "unit" if lab not in (None, "all") else by, lab)
                n = num(r.get("responses", r.get("n")))
                self.published += n is not None
                if g is not None and n is not None:
                    self.add_fact(None, self.model.size_expr(g), n, n, "%s json participation %s" % (src0, lab))
            for r in d.get("items", []):
                g = self.group_of(filt, by, r.get("group"))
                if g is not None:
                    self.item_row(g, r.get("item"), r, "%s json %s/%s" % (src0, r.get("group"), r.get("item")), st, True)
        else:
            rows = list(csv.DictReader(io.StringIO(out)))
            for r in rows:
                if r.get("kind") == "group":
                    g = self.group_of(filt, by, r.get("group"))
                    if g is None:
                        continue
                    listed.add(g)
                    st["uncertain"] = r.get("uncertain") == "yes"
                    st["label"] = r.get("group")
                    self.group_row(g, r.get("n"), r.get("detail") or "", r.get("suppressed"),
                                   "%s csv group %s" % (src0, r.get("group")), st)
                elif r.get("kind") == "participation":
                    lab = r.get("group")
                    g = self.group_of(filt, "unit" if lab != "all" else by, lab)
                    n = num(r.get("n"))
                    self.published += n is not None
                    if g is not None and n is not None:
                        self.add_fact(None, self.model.size_expr(g), n, n, "%s csv participation %s" % (src0, lab))
            for r in rows:
                if r.get("kind") == "item":
                    g = self.group_of(filt, by, r.get("group"))
                    if g is None:
                        continue
                    self.item_row(g, r.get("item"), r, "%s csv %s/%s" % (src0, r.get("group"), r.get("item")), st, False)
        # a group of the breakdown that is not listed is empty (if the rule holds)
        if by and listed:
            labels = self.units if by == "unit" else self.waves if by == "wave" else self.cats.get(by, [])
            for lab in labels:
                g = self.group_of(filt, by, lab)
                if g is not None and g not in listed:
                    self.add_rule_fact("a group not listed is empty", None, self.model.size_expr(g), 0, 0,
                                       "%s: %s not listed" % (src0, lab))

    # --- compare -------------------------------------------------------------------------
    def parse_compare(self, filt, fm, out, src0):
        if fm == "json":
            rws = load_json(out).get("units", [])
        else:
            rws = list(csv.DictReader(io.StringIO(out)))
        for r in rws:
            kind = r.get("kind") or ("domain" if "domain" in r else "item")
            it = r.get("item") if "item" in r and kind == "item" else None
            gu = self.group_of(filt, "unit", r.get("unit"))
            if gu is None or kind not in ("item", "domain"):
                continue
            if kind == "item" and it not in self.layout:
                continue
            gr = (self.ALLU - gu[0], gu[1], None, None, None)
            for g, nk, vk in ((gu, "n_unit", "value_unit"), (gr, "n_rest", "value_rest")):
                n, v = num(r.get(nk)), r.get(vk)
                self.published += (n is not None) + (num(v) is not None)
                if not g[0]:
                    continue
                src = "%s %s %s/%s %s" % (src0, fm, r.get("unit"), it or r.get("domain") or r.get("item"), nk)
                if kind == "domain":
                    if n is not None:
                        self.add_fact(None, self.model.size_expr(g), n, n, src)
                    continue
                ve = self.model.cell_expr(g, it, self.valid[it])
                if n is not None:
                    self.add_fact(it, ve, n, n, src)
                if num(v) is not None:
                    self.pct_fact(it, self.model.cell_expr(g, it, self.buckets[it]["positive"]), ve, v, src + " value")
                    self.check_exact_value(g, it, num(v), src)

    def check_exact_value(self, g, it, v, src):
        tn = self.true_cells(g, it, self.valid[it])
        tG = self.true_size(g)
        if tn < self.mg or tG < self.t_buckets:
            self.violation("%s: %s percent positive shown (valid n %d, group %d)" % (self.gname(g), it, tn, tG), src)
        elif (v >= 90 - 1e-9 or v <= 10 + 1e-9) and (tn < self.t_points or tG < self.t_points):
            self.violation("%s: %s percent positive %.2f shown exactly (valid n %d, group %d)"
                           % (self.gname(g), it, v, tn, tG), src)

    # --- trend ---------------------------------------------------------------------------
    def parse_trend(self, filt, by, fm, out, src0):
        pts = []   # (kind, id, period, n, value, centre, ucl, suppressed)
        laney = False
        if fm == "json":
            d = load_json(out)
            laney = "laney" in str(d.get("method", {}).get("control_chart", "")).lower()
            for s in d.get("series", []):
                kind = "domain" if "domain" in s else "item"
                sid = s.get(kind)
                for p in s.get("points", []):
                    pts.append((kind, sid, p.get("period"), p.get("n"), p.get("value"), s.get("centre"),
                                p.get("ucl"), p.get("suppressed") or ""))
        else:
            for r in csv.DictReader(io.StringIO(out)):
                pts.append((r.get("kind"), r.get("series"), r.get("period"), r.get("n"), r.get("value"),
                            r.get("centre"), r.get("ucl"), r.get("suppressed") or ""))
        m = self.model
        per_group = {}
        centres = {}
        sizes_seen = {}
        # domain points first, so an item point can be read against its group's size
        pts.sort(key=lambda t: t[0] != "domain")
        for kind, sid, per, n, v, centre, ucl, sup in pts:
            g = self.group_of(filt, by, per)
            if g is None:
                continue
            n = num(n)
            self.published += (n is not None) + (num(v) is not None)
            src = "%s %s %s/%s" % (src0, fm, per, sid)
            per_group.setdefault(g, []).append((kind, sid, n, v, sup))
            if kind == "domain":
                if n is not None:
                    self.add_fact(None, m.size_expr(g), n, n, src + " n")
                    sizes_seen[g] = n
                continue
            if kind != "item" or sid not in self.layout:
                continue
            ve = m.cell_expr(g, sid, self.valid[sid])
            if n is None and not laney and num(v) is not None and num(ucl) is not None and num(centre) is not None:
                c, u = num(centre) / 100.0, num(ucl) / 100.0
                if 0 < c < 1 and c < u < 1:
                    est = 9 * c * (1 - c) / (u - c) ** 2
                    if abs(est - round(est)) < 0.02:
                        n = float(round(est))
                        src += " (n from the control limits)"
            if n is not None:
                self.add_fact(sid, ve, n, n, src + " n")
                if sizes_seen.get(g) == n:   # "n of n answered": nobody skipped
                    self.zero(sid, m.cell_expr(g, sid, [DK, NA]), src + " n = group size")
            if num(v) is not None:
                self.pct_fact(sid, m.cell_expr(g, sid, self.buckets[sid]["positive"]), ve, v, src + " value")
                self.check_exact_value(g, sid, num(v), src)
            if centre not in (None, ""):
                centres[sid] = centre
        # the centre line: percent positive of the whole series (every period)
        gall = self.group_of(filt, None, None)
        for sid, c in centres.items():
            self.pct_rule_fact("the centre line is the percent positive of the whole series", sid, m.cell_expr(gall, sid, self.buckets[sid]["positive"]),
                          m.cell_expr(gall, sid, self.valid[sid]), c, "%s %s %s centre" % (src0, fm, sid))
        if by != "month":
            return
        # unit x month groups exist only here: protect what they hide
        for g, lst in per_group.items():
            self.own_group = g
            tG = self.true_size(g)
            shown_n = [n for kind, sid, n, v, sup in lst if kind == "domain" and n is not None]
            if all(n is None and sup for kind, sid, n, v, sup in lst):
                self.add_rule_fact("a hidden month of a trend is not empty", None, m.size_expr(g), 1, None,
                                   "%s: %s listed hidden" % (src0, self.gname(g)))
                if tG > 0:
                    self.protect(None, m.size_expr(g), "size of %s" % self.gname(g), "hidden group", None)
                continue
            if shown_n and tG < self.mg:
                self.violation("%s (true size %d) shown" % (self.gname(g), tG), src0)
            own_G = (0, int(shown_n[0])) if shown_n else None
            for kind, sid, n, v, sup in lst:
                if kind != "item" or sid not in self.layout:
                    continue
                bk = self.buckets[sid]
                if n is None:
                    for b in BUCKETS:
                        if bk[b]:
                            self.protect(sid, m.cell_expr(g, sid, bk[b]), "%s: %s %s" % (self.gname(g), sid, b),
                                         "item hidden in trend", own_G)
                    self.protect(sid, m.cell_expr(g, sid, [DK]), "%s: %s don't know" % (self.gname(g), sid),
                                 "item hidden in trend", own_G)
                    if sid not in self.required_na:
                        self.protect(sid, m.cell_expr(g, sid, [NA]), "%s: %s not answered" % (self.gname(g), sid),
                                     "item hidden in trend", own_G)
                elif num(v) is None and n > 0:
                    self.protect(sid, m.cell_expr(g, sid, bk["positive"]), "%s: %s positive (not shown)"
                                 % (self.gname(g), sid), "banded share", (0, int(n)))

    # --- export --------------------------------------------------------------------------
    def parse_export(self, filt, out, err, src0):
        """Rows: a unit, wave or background value that is not a known name (a blanking
        marker) is unknown; the period gives the month when it is a week or a month. For
        every stratum, every unit, every wave and the whole filter, each count is at least
        the rows that surely fall in it and at most those that may (plus the responses the
        export says it left out)."""
        mm = re.search(r"left out (\d+) responses|(\d+) rows withheld", err or "")
        left_out = int(mm.group(1) or mm.group(2)) if mm else 0
        # Newer exports say only whether rows were withheld, never how many: then any
        # number may have been (a sound, weaker fact).
        some = re.search(r"some rows withheld", err or "") is not None
        if some and not mm:
            left_out = 10 ** 9
        gf = self.group_of(filt, None, None)
        fu, fw = sorted(gf[0]), sorted(gf[1])
        rows = list(csv.DictReader(io.StringIO(out)))
        self.published += len(rows)
        m = self.model
        combo = {}
        # the sets counted over: (name, frozenset of strata)
        sets = [("%s/%s" % (u, w), frozenset([(u, w)])) for u in fu for w in fw]
        if len(fw) > 1:
            sets += [("%s/*" % u, frozenset((u, w) for w in fw)) for u in fu]
        if len(fu) > 1:
            sets += [("*/%s" % w, frozenset((u, w) for u in fu)) for w in fw]
        if len(fu) > 1 and len(fw) > 1:
            sets.append(("*/*", frozenset((u, w) for u in fu for w in fw)))
        lo = [dict() for _ in sets]
        hi = [dict() for _ in sets]
        flo, fhi = {}, {}   # months: per stratum x month, when the period tells the month

        def bump(dct, k):
            dct[k] = dct.get(k, 0) + 1

        def keys_of(Cs, vals, exact):
            ks = [(("N",), exact)]
            for it in self.items:
                ks += [(("Y", it, p), exact and len(vals[it]) == 1) for p in vals[it]]
            for B in self.bg:
                exb = exact and len(Cs[B]) == 1
                for c in Cs[B]:
                    ks.append((("M", B, c), exb))
                    for it in self.items:
                        ks += [(("X", B, c, it, p), exb and len(vals[it]) == 1) for p in vals[it]]
            return ks

        for r in rows:
            u, w, per = r.get("unit"), r.get("wave"), r.get("period") or ""
            U = [u] if u in gf[0] else fu
            W = [w] if w in gf[1] else fw
            P = frozenset((x, y) for x in U for y in W)
            mo = month_of(per)
            Cs, named = {}, []
            for B in self.bg:
                v = r.get(B)
                v = NOANS if v in (None, "") else v
                Cs[B] = [v] if v in self.cats[B] else list(self.cats[B])
                named.append(v if v in self.cats[B] else None)
            key = (u if u in self.ALLU else None, w if w in self.ALLW else None, per, tuple(named))
            combo[key] = combo.get(key, 0) + 1
            vals = {}
            for it in self.items:
                v = r.get(it)
                vals[it] = [NA] if v in (None, "") else [v] if v in self.layout[it] else list(self.layout[it])
            ks_exact = keys_of(Cs, vals, True)
            for j, (name, S) in enumerate(sets):
                if not (P & S):
                    continue
                inside = P <= S
                for k, ex in ks_exact:
                    bump(hi[j], k)
                    if inside and ex:
                        bump(lo[j], k)
            if mo is not None:
                for (x, y) in P:
                    fines = [(x, y, mo)] if mo in m.months_of.get(y, ()) else [(x, y, z) for z in m.months_of.get(y, ())]
                    ex = len(P) == 1 and len(fines) == 1
                    for f in fines:
                        bump(fhi, ("N", f))
                        if ex:
                            bump(flo, ("N", f))
                        for it in self.items:
                            for p in vals[it]:
                                bump(fhi, ("Y", f, it, p))
                                if ex and len(vals[it]) == 1:
                                    bump(flo, ("Y", f, it, p))
        # rule check: a combination of named values shared by fewer than min_group
        tk = [(u, w, per, month_of(per), tuple(self.catof(B, d) for B in self.bg)) for u, w, per, d in self.resp]
        for (u, w, per, named), cnt in combo.items():
            wk = re.match(r"^\d{4}-W\d{2}$", per) is not None
            mo = per if re.match(r"^\d{4}-\d{2}$", per) else None
            k = sum(1 for tu, tw, tper, tmo, tcs in tk
                    if (u is None or tu == u) and (w is None or tw == w)
                    and (not wk or tper == per) and (mo is None or tmo == mo)
                    and all(c is None or c == tc for c, tc in zip(named, tcs)))
            if k < self.mg:
                self.violation("export: %d row(s) unit=%s wave=%s period=%s %s: %d respondents share it"
                               % (cnt, u, w, per, dict(zip(self.bg, named)), k), src0)
        # facts
        total = len(rows) + left_out
        if left_out < 10 ** 9:
            self.add_fact(None, m.size_expr(gf), total, total, src0 + " rows")
            self.add_rule_fact("the export leaves out whole unit x wave groups", None, m.size_expr(gf), total,
                               total, src0)
        else:
            self.add_fact(None, m.size_expr(gf), len(rows), None, src0 + " rows (some withheld)")
        strata_with_rows = {s for j, (name, S) in enumerate(sets) if len(S) == 1 for s in S if lo[j].get(("N",), 0) > 0}

        def var_expr(S, k):
            e = {}
            for s in S:
                kk = (k[0], s) + tuple(k[1:])
                e[m.v(kk)] = 1
            return e

        single = {next(iter(S)): j for j, (name, S) in enumerate(sets) if len(S) == 1}
        for j, (name, S) in enumerate(sets):
            whole = left_out and S <= strata_with_rows
            allk = set(hi[j])
            nmax = hi[j].get(("N",), 0)
            parts = [single[x] for x in S] if len(S) > 1 and all(x in single for x in S) else None
            for k in allk:
                a, b = lo[j].get(k, 0), hi[j].get(k, 0)
                if a == 0 and (b >= len(rows) or (k[0] != "N" and b >= nmax)):
                    continue   # says nothing the total or the set's size does not
                if parts is not None and a == sum(lo[i].get(k, 0) for i in parts) \
                        and b == sum(hi[i].get(k, 0) for i in parts):
                    continue   # the sum of its strata's facts
                item = k[1] if k[0] == "Y" else k[3] if k[0] == "X" else None
                e = var_expr(S, k)
                src = "%s %s %s" % (src0, name, "/".join(str(x) for x in k))
                self.add_fact(item, e, a, b + left_out, src)
                if whole:
                    self.add_rule_fact("the export leaves out whole unit x wave groups", item, e, a, b, src)
            # counts no row may hold: zero (when nothing was left out, or not from here)
            if not left_out or whole:
                for k in [("N",)]:
                    if k not in allk:
                        self.add_fact(None, var_expr(S, k), 0, 0, "%s %s no rows" % (src0, name))
        for k, b in fhi.items():
            a = flo.get(k, 0)
            item = k[2] if k[0] == "Y" else None
            src = "%s %s" % (src0, "/".join(str(x) for x in k))
            self.add_fact(item, {m.v(k): 1}, a, b + left_out, src)
            if left_out and k[1][:2] in strata_with_rows:
                self.add_rule_fact("the export leaves out whole unit x wave groups", item, {m.v(k): 1}, a, b, src)

    # --- run -----------------------------------------------------------------------------
    def jobs(self):
        a = self.a
        units, waves, bg = self.units, self.waves, self.bg
        jobs = []
        if a.quick:
            for b in [None, "unit", "wave"] + bg:
                jobs.append(["summary"] + (["--by", b] if b else []) + ["--format", "json"])
            for b in (None, "unit"):
                jobs.append(["summary"] + (["--by", b] if b else []) + ["--format", "csv"])
            for u in units:
                for b in (None, "wave"):
                    jobs.append(["summary", "--unit", u] + (["--by", b] if b else []) + ["--format", "json"])
            for w in waves:
                for b in (None, "unit"):
                    jobs.append(["summary", "--wave", w] + (["--by", b] if b else []) + ["--format", "json"])
                for u in units:
                    jobs.append(["summary", "--unit", u, "--wave", w, "--format", "json"])
            jobs.append(["compare", "--by", "unit", "--format", "json"])
            jobs.append(["compare", "--by", "unit", "--format", "csv"])
            for w in waves:
                jobs.append(["compare", "--by", "unit", "--wave", w, "--format", "json"])
            for b in ("wave", "month"):
                jobs.append(["trend", "--by", b, "--format", "csv"])
                for u in units:
                    jobs.append(["trend", "--by", b, "--unit", u, "--format", "json"])
            if not a.no_export:
                jobs.append(["export", "--format", "csv"])
            return jobs
        filters = [[]] + [["--unit", u] for u in units] + [["--wave", w] for w in waves] + \
            [["--unit", u, "--wave", w] for u in units for w in waves]
        for f in filters:
            for b in [None, "unit", "wave"] + bg:
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
        return jobs

    def parse(self, jobs, outs):
        for job, res in zip(jobs, outs):
            if res is None:
                continue
            out, err = res
            cmd = job[0]
            filt = []
            for k in range(1, len(job) - 1):
                if job[k] in ("--unit", "--wave"):
                    filt += [job[k], job[k + 1]]
            by = job[job.index("--by") + 1] if "--by" in job else None
            fm = job[job.index("--format") + 1] if "--format" in job else "csv"
            src0 = " ".join(x for x in job if x not in ("--format", fm))
            self.cur_cmd = " ".join(job)
            try:
                if cmd == "summary":
                    self.parse_summary(job, filt, by, fm, out, src0)
                elif cmd == "compare":
                    self.parse_compare(filt, fm, out, src0)
                elif cmd == "trend":
                    self.parse_trend(filt, by, fm, out, src0)
                elif cmd == "export":
                    self.parse_export(filt, out, err, src0)
            except (ValueError, KeyError, TypeError, AttributeError) as e:
                self.dropped.append({"source": " ".join(job), "error": "unreadable output: %r" % e})
        self.rules_used = {}
        for rule, (ok, lst) in self.rules.items():
            self.rules_used[rule] = ok
            if ok:
                for item, e, lo, hi, src in lst:
                    self.add_fact(item, e, lo, hi, src)

    # --- solve ---------------------------------------------------------------------------
    def solve(self):
        a = self.a
        tmp = tempfile.mkdtemp(prefix="lytt-attack-")
        solver = Solver(tmp, 4 * self.NR + 100)
        self.solver = solver
        protected = self.protected
        size_facts = [(e, lo, hi) for (e, lo, hi, s, c) in self.facts.get(None, {}).values()]
        by_item = {}
        for k, pr in protected.items():
            by_item.setdefault(pr["item"], []).append(k)
        size_keys = by_item.get(None, [])
        for k, pr in protected.items():
            own = pr["own"]
            pr["K"] = self.mg if own is None else max(1, min(own[1] - own[0] + 1, self.mg))
            if a.pins_only:
                pr["K"] = min(pr["K"], 2)
        bounds = {k: {"max": math.inf, "min": -math.inf} for k in protected}
        by_model = {k: set() for k in protected}
        undecided = set()
        lock = threading.Lock()
        models = [None] + [it for it in self.items if it in by_item or size_keys]
        structures = {it: self.model.structure(it) for it in models}
        self.structures = structures
        truth = self.truth

        found = [0]
        sides_by_model = {}

        def stop():
            return bool(a.max_pins) and found[0] >= a.max_pins

        def run_model(item):
            cons = structures[item] + size_facts
            if item is not None:
                cons += [(e, lo, hi) for (e, lo, hi, s, c) in self.facts.get(item, {}).values()]
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
                    if abs(c0 - protected[k]["true"]) > 1e-6:
                        raise RuntimeError("presolve of %s fixed %s at %s, true %s"
                                           % (item, protected[k]["what"], c0, protected[k]["true"]))
                    res[k] = {"max": c0, "min": c0}
                else:
                    red[k] = (c0, rest)
            extra = set()
            for k in red:
                extra.update(red[k][1])
            lp = LP(cons, extra, solver.ub)
            rnd = random.Random(zlib.crc32(str(item).encode()))
            K = {k: max(2, protected[k]["K"]) for k in red}
            val_of = lambda k, vals: red[k][0] + sum(c * vals.get(vi, 0.0) for vi, c in red[k][1].items())
            seen = {k: [protected[k]["true"], protected[k]["true"]] for k in red}

            def wide(k, lo, hi):
                # the LP bounds can only be wider than what an LP point shows: with a range of
                # K values or more seen, this model cannot prove the value narrowed
                return math.floor(hi + EPS) - math.ceil(lo - EPS) + 1 >= K[k]

            # batches: random-weighted sums of the candidates, max and min, in turns
            C = list(red)
            for _ in range(12):
                if not C:
                    break
                for sense in ("max", "min"):
                    if sense == "min" and all(protected[k]["true"] < EPS for k in C):
                        continue   # counts are not negative: a minimum of 0 is known
                    if stop():
                        break
                    obj = {}
                    for k in C:
                        wt = 1 + rnd.random()
                        for vi, c in red[k][1].items():
                            obj[vi] = obj.get(vi, 0) + wt * c
                    ov, vals = solver.solve(lp, obj, sense)
                    if ov is None:
                        return item, None
                    for k in C:
                        x = val_of(k, vals)
                        seen[k][0] = min(seen[k][0], x)
                        seen[k][1] = max(seen[k][1], x)
                keep = [k for k in C if not wide(k, *seen[k])]
                if len(keep) == len(C):
                    break
                C = keep
            C.sort(key=lambda k: protected[k]["item"] is not None)  # group sizes first
            for j, k in enumerate(C):
                c0, rest = red[k]
                t = protected[k]["true"]
                got = {}
                for sense in ("max", "min"):
                    if sense == "min" and t < EPS:
                        got["min"] = 0.0
                        continue
                    if stop() or (a.max_solves and solver.calls >= a.max_solves):
                        with lock:
                            undecided.add(k)
                        break
                    sign = 1 if sense == "max" else -1
                    ov, _ = solver.solve(lp, rest, sense)
                    if ov is None:
                        return item, None
                    ov += c0
                    # an integer count whose LP bound is below t + 1 is pinned on that side;
                    # when the relaxation is just above, ask the integer solver
                    if 1 - EPS <= sign * (ov - t) < 2 - EPS:
                        ov2, _ = solver.solve(lp, rest, sense, integer=True)
                        if ov2 is not None:
                            ov = ov2 + c0
                    got[sense] = ov
                    if sense == "max" and wide(k, seen[k][0], ov) and ov - t >= 1 - EPS:
                        break   # wide whatever the minimum (the min side cannot be narrower than seen)
                res[k] = got
                if "max" in got and "min" in got and got["max"] - got["min"] < 1 - EPS:
                    with lock:
                        found[0] += 1
            return item, res

        infeasible = []
        with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
            for item, res in ex.map(run_model, models):
                if res is None:
                    infeasible.append(item)
                    continue
                for k, sides in res.items():
                    t = protected[k]["true"]
                    sides_by_model.setdefault(k, {})[item or "(sizes only)"] = (
                        "max" in sides and sides["max"] - t < 1 - EPS, "min" in sides and t - sides["min"] < 1 - EPS)
                    if "max" in sides and sides["max"] < bounds[k]["max"]:
                        bounds[k]["max"] = sides["max"]
                        by_model[k].add(item or "(sizes only)")
                    if "min" in sides and sides["min"] > bounds[k]["min"]:
                        bounds[k]["min"] = sides["min"]
                        by_model[k].add(item or "(sizes only)")
        pinned, narrowed = [], []
        self.zero_covered_n = 0
        for k, pr in protected.items():
            hi = bounds[k]["max"]
            lo = bounds[k]["min"]
            hi_i = math.floor(hi + EPS) if hi != math.inf else math.inf
            lo_i = math.ceil(lo - EPS) if lo != -math.inf else -math.inf
            lo_i = max(lo_i, 0)
            width = hi_i - lo_i + 1
            t = pr["true"]
            if not (lo_i - 1e-9 <= t <= hi_i + 1e-9):
                raise RuntimeError("range [%s, %s] of %s misses its true value %s" % (lo_i, hi_i, pr["what"], t))
            rec = {"key": k, "what": pr["what"], "kind": "group size" if pr["item"] is None else "count",
                   "reason_hidden": pr["reason"], "true": t,
                   "range": [lo_i, hi_i if hi_i != math.inf else None],
                   "own_range": list(pr["own"]) if pr["own"] else None, "needed_values": pr["K"],
                   "model": sorted(by_model[k])}
            if width <= 1 and pr["item"] is not None and self.zero_covered(pr["item"], k):
                self.zero_covered_n += 1
            elif width <= 1:
                pinned.append(rec)
            elif width < pr["K"]:
                narrowed.append(rec)
        key = lambda x: (x["kind"] != "group size", x["what"])
        self.pinned, self.narrowed = sorted(pinned, key=key), sorted(narrowed, key=key)
        self.undecided = set(undecided)
        self.infeasible = infeasible
        self.structures = structures
        self.sides = sides_by_model

    def zero_covered(self, item, k):
        """Whether published zero counts alone (with the model's structure) pin value k:
        at 0, or at its own group's published size (every other answer in the group is
        covered by a published zero, so "all of them" is what those figures say: a unit
        that publishes that everyone agreed tells it of each of its months)."""
        zf = list(self.zeros.get(item, {}).values())
        if not zf:
            return False
        # group sizes are public: they say which groups hold nobody, and which group
        # lies inside another ("all 8 of the month were unit-c's")
        zf += list(self.facts.get(None, {}).values())
        pr = self.protected[k]
        if pr["true"] != 0:
            own, g = pr.get("own"), pr.get("group")
            if own is None or g is None or pr["true"] != own[1]:
                return False
            e = self.model.size_expr(g)
            if expr_value(e, self.truth) != own[1]:   # own is not the group's size
                return False
            zf = zf + [(e, own[1], own[1], "own group size", None)]
        return self.pinned_in(item, zf, k)

    def pinned_in(self, item, facts, k):
        """Whether protected value k is pinned by the model of item with these facts."""
        pr = self.protected[k]
        cons = self.structures[item] + [(e, lo, hi) for (e, lo, hi, src, cmd) in facts]
        fixed, cons = presolve(cons)
        c0, rest = reduce_expr(pr["expr"], fixed)
        if not rest:
            return True
        lp = LP(cons, set(rest), self.solver.ub)
        hi, _ = self.solver.solve(lp, rest, "max")
        lo, _ = self.solver.solve(lp, rest, "min")
        if hi is None or lo is None:
            return False
        return math.floor(hi + c0 + EPS) - max(0, math.ceil(lo + c0 - EPS)) < 1

    def explain(self, rec):
        """A small set of published figures that pins rec by itself: drop whole commands,
        then halves, quarters, ... of the figures left, as long as the value stays pinned."""
        k = rec["key"]
        models = [m for m, (mx, mn) in self.sides.get(k, {}).items() if mx and mn]
        if not models:
            return None
        item = None if models[0] == "(sizes only)" else models[0]
        facts = list(self.facts.get(None, {}).values())
        if item is not None:
            facts += list(self.facts.get(item, {}).values())
        if not self.pinned_in(item, facts, k):
            return None
        cmds = sorted({f[4] for f in facts})
        for c in cmds:
            trial = [f for f in facts if f[4] != c]
            if self.pinned_in(item, trial, k):
                facts = trial
        n = max(1, len(facts) // 2)
        while n >= 1 and len(facts) > 1:
            i, changed = 0, False
            while i < len(facts):
                trial = facts[:i] + facts[i + n:]
                if trial and self.pinned_in(item, trial, k):
                    facts, changed = trial, True
                else:
                    i += n
            if n == 1 and not changed:
                break
            n = n // 2 if n > 1 else 1
            if n == 1 and not changed and len(facts) > 60:
                break
        return ["%s [%s, %s]" % (f[3], "" if f[1] is None else "%g" % f[1], "" if f[2] is None else "%g" % f[2])
                for f in facts]


def main():
    ap = argparse.ArgumentParser(prog="published.py")
    ap.add_argument("lytt_analyze")
    ap.add_argument("db")
    ap.add_argument("survey")
    ap.add_argument("--questionnaire")
    ap.add_argument("--json")
    ap.add_argument("--keep", help="keep every published output in this folder")
    ap.add_argument("--jobs", type=int, default=max(1, min(4, os.cpu_count() or 1)))
    ap.add_argument("--quick", action="store_true",
                    help="fewer commands: summary json with and without --by/--unit/--wave, "
                         "two csv, compare, trend by wave and month, one export")
    ap.add_argument("--no-export", action="store_true")
    ap.add_argument("--strict", action="store_true", help="fail on narrowed values too")
    ap.add_argument("--hidden-counts", action="store_true",
                    help="protect every count of a hidden group too (fails when pinned)")
    ap.add_argument("--pins-only", action="store_true",
                    help="look for pinned values only, not narrowed ones (faster)")
    ap.add_argument("--max-pins", type=int, default=0,
                    help="stop solving once this many values are pinned (0: find them all)")
    ap.add_argument("--explain", type=int, default=0,
                    help="for the first N pinned values, find a small set of figures that pins each")
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
    at = Attack(a)
    at.load()
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
    runner = Runner(a.lytt_analyze, a.db, a.survey, a.keep)
    jobs = at.jobs()
    with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        outs = list(ex.map(runner.run, jobs))
    if all(o is None for o in outs):
        die("every command failed, e.g. %s" % (runner.failed[:1],), 3)
    t1 = time.time()
    at.parse(jobs, outs)
    t2 = time.time()
    nfacts = sum(len(v) for v in at.facts.values())
    try:
        at.solve()
        t3 = time.time()
    except RuntimeError as e:
        if getattr(at, "solver", None):
            shutil.rmtree(at.solver.tmp, ignore_errors=True)
        die("internal trouble: %s" % e, 3)
    pinned, narrowed = at.pinned, at.narrowed
    try:
        for p in pinned[:a.explain]:
            p["explained_by"] = at.explain(p)
    finally:
        shutil.rmtree(at.solver.tmp, ignore_errors=True)
    for p in pinned + narrowed:
        del p["key"]
    dt = time.time() - t0
    nsize = sum(1 for p in pinned if p["kind"] == "group size")
    print("attack: %d commands, %d published numbers, %d facts, %d protected values, %d pinned, "
          "%d narrowed, %d rule violations, %d zero-covered"
          % (len(jobs), at.published, nfacts, len(at.protected), len(pinned), len(narrowed), len(at.violations),
             getattr(at, "zero_covered_n", 0)))
    print("  pinned group sizes %d, pinned counts %d (of them true value 0: %d); %d glpsol runs; "
          "%.1f s (commands %.1f, reading %.1f, solving %.1f)"
          % (nsize, len(pinned) - nsize, sum(1 for p in pinned if p["kind"] == "count" and p["true"] == 0),
             at.solver.calls, dt, t1 - t0, t2 - t1, t3 - t2))
    und = at.undecided - {k for k in at.protected if False}
    if und:
        print("  note: stopped early (--max-pins %d, --max-solves %d): %d protected values undecided" % (a.max_pins, a.max_solves, len(und)))
    if at.dropped:
        print("  note: %d published figures did not match the database as modelled and were not used, e.g. %s"
              % (len(at.dropped), at.dropped[0]))
    for rule, ok in at.rules_used.items():
        if not ok:
            print("  note: rule %r does not hold here; not used" % rule)
    if runner.failed:
        print("  note: %d commands failed, e.g. %s" % (len(runner.failed), runner.failed[0]))
    if at.infeasible:
        print("  warning: infeasible models (modelling error): %s" % at.infeasible)
    lim = 60 if a.verbose else 8
    for p in pinned[:lim]:
        print("  pinned: %s = %s (%s; %s)" % (p["what"], p["true"], p["reason_hidden"], ", ".join(p["model"])))
        if p.get("explained_by"):
            for f in p["explained_by"][:40]:
                print("      by: " + f)
        elif "explained_by" in p:
            print("      (only by combining models, or no small set found)")
    for p in narrowed[:lim if a.verbose else 3]:
        print("  narrowed: %s in %s, needs %d values (true %s)" % (p["what"], p["range"], p["needed_values"], p["true"]))
    for v in at.violations[:lim]:
        print("  rule: %s [%s]" % (v["what"], v["source"]))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"published": at.published, "facts": nfacts, "protected": len(at.protected),
                       "pinned": len(pinned), "narrowed": len(narrowed), "violations": len(at.violations),
                       "undecided": len(und), "seconds": round(dt, 2), "glpsol_runs": at.solver.calls,
                       "commands": len(jobs), "failed_commands": runner.failed,
                       "rules": at.rules_used, "unused": len(at.dropped), "unused_figures": at.dropped[:200],
                       "pinned_values": pinned, "narrowed_values": narrowed,
                       "rule_violations": at.violations[:500]}, f, indent=1)
    if at.infeasible:
        sys.exit(3)
    fail = pinned or at.violations or (a.strict and narrowed)
    sys.exit(1 if fail else 0)


if __name__ == "__main__":
    try:
        main()
    except (OSError, ValueError, KeyError, IndexError, TypeError, RuntimeError, sqlite3.Error) as e:
        import traceback
        traceback.print_exc()
        die("internal trouble: %r" % e, 3)
