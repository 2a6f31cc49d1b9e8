#!/usr/bin/env python3
"""fake_lytt.py: a stand-in for lytt-analyze that writes the issue-12 output contract
(summary, compare, trend, export; csv and json) from a Lytt database under a simple,
known policy. It checks the attacker (published.py), not the product:

  FAKE_POLICY=rules     every group and item gets the detail its own size allows, with
                        bands, and nothing more: no partner is hidden, so subtraction
                        recovers hidden groups (the attacker must find pins);
  FAKE_POLICY=all-only  only the whole survey's figures are shown; every smaller group
                        is hidden and the export names nothing (the attacker must find
                        no pin, and every figure must parse: no unused figures).

Usage: fake_lytt.py COMMAND --db F --survey S [--unit U] [--wave W] [--by X] [--format F]
"""
import json
import math
import os
import sqlite3
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from published import parse_questionnaire, month_of, NOANS  # noqa: E402

HIDE = "too-few-responses"


def opts(argv):
    o = {"--format": "csv"}
    i = 0
    while i < len(argv):
        if argv[i].startswith("--") and i + 1 < len(argv):
            o[argv[i]] = argv[i + 1]
            i += 2
        else:
            i += 1
    return o


class Data:
    def __init__(self, o):
        con = sqlite3.connect(o["--db"])
        rows = con.execute("SELECT unit_id, wave, period, answers FROM responses WHERE survey_id = ?",
                           (o["--survey"],)).fetchall()
        src = con.execute("SELECT source FROM survey_versions WHERE survey_id = ? ORDER BY version DESC",
                          (o["--survey"],)).fetchone()[0]
        self.q = q = parse_questionnaire(src)
        self.mg = q["min_group"]
        f = 2 if q["young"] else 1
        self.tb, self.tp = max(2 * self.mg, 10 * f), max(4 * self.mg, 20 * f)
        self.policy = os.environ.get("FAKE_POLICY", "rules")
        self.resp = []
        for u, w, per, ans in rows:
            d = {}
            for k, v in json.loads(ans):
                d[k] = v if isinstance(v, list) else str(v)
            self.resp.append({"unit": u, "wave": w, "period": per, "month": month_of(per), "a": d})
        qi = q["items"]
        first = qi[q["order"][0]]["section"]
        self.bg = [i for i in q["order"] if qi[i]["section"] == first and qi[i]["type"] in ("single", "yesno")]
        self.items = []
        self.pts, self.bk = {}, {}
        for it in q["order"]:
            x = qi[it]
            if x["type"] == "yesno":
                self.items.append(it)
                self.pts[it] = ["yes", "no"]
                self.bk[it] = (["no"], [], ["yes"])
            elif x["type"] == "scale":
                p = q["scales"][x["scale"]]["points"]
                pos = q["scales"][x["scale"]]["positive"]
                mir = [p[len(p) - 1 - p.index(v)] for v in pos]
                neg = mir
                if x["reverse"]:
                    pos, neg = mir, pos
                self.items.append(it)
                self.pts[it] = p
                self.bk[it] = (neg, [v for v in p if v not in pos and v not in neg], pos)
        if self.policy == "all-only":   # a background item's answers are its groups' sizes
            self.items = [it for it in self.items if it not in self.bg]
        self.all = self.resp
        self.units = sorted({r["unit"] for r in self.resp})
        self.waves = sorted({r["wave"] for r in self.resp})

    def filt(self, o):
        return [r for r in self.resp if ("--unit" not in o or r["unit"] == o["--unit"])
                and ("--wave" not in o or r["wave"] == o["--wave"])]

    def label(self, r, by):
        if by in ("unit", "wave", "month"):
            return r[by]
        v = r["a"].get(by)
        return NOANS if v is None or isinstance(v, list) else v

    def gdetail(self, g):
        n = len(g)
        if self.policy == "all-only" and len(g) != len(self.all):
            return 0
        return 0 if n < self.mg else 1 if n < self.tb else 2 if n < self.tp else 3

    def item(self, g, it):
        """Counts and the detail an item shows in group g."""
        c = {p: 0 for p in self.pts[it]}
        dk = na = 0
        for r in g:
            v = r["a"].get(it)
            if v in c:
                c[v] += 1
            elif v == "dk":
                dk += 1
            else:
                na += 1
        n = sum(c.values())
        d = self.gdetail(g)
        if d >= 2:
            d = min(d, 1 if n < self.tb else 2 if n < self.tp else 3)
        x = [sum(c[p] for p in b) for b in self.bk[it]]
        band = ["", "", ""]
        if d == 2:
            for b in range(3):
                if not self.bk[it][b]:
                    continue
                s = x[b] / n
                band[b] = ">=90" if s >= 0.9 else "<=10" if s <= 0.1 else ""
            ex = [b for b in range(3) if self.bk[it][b] and band[b] == ""]
            if 0 < sum(1 for b in range(3) if band[b]) and len(ex) == len([b for b in range(3) if self.bk[it][b]]) - 1:
                band[max(ex, key=lambda b: x[b])] = "withheld"
        return {"d": d, "c": c, "dk": dk, "na": na, "n": n, "x": x, "band": band, "G": len(g)}


def fmt2(v):
    return "%.2f" % v


def summary(D, o):
    g0 = D.filt(o)
    by = o.get("--by")
    groups = [("all", g0)]
    if by:
        labs = {}
        for r in g0:
            labs.setdefault(D.label(r, by), []).append(r)
        groups += sorted(labs.items())
    key = ["", "size", "buckets", "points"]
    out_groups, out_items = [], []
    for lab, g in groups:
        d = D.gdetail(g)
        out_groups.append({"group": lab, "n": len(g) if d else None, "detail": key[d],
                           "uncertain": d == 1, "suppressed": "" if d else HIDE})
        for it in D.items:
            s = D.item(g, it)
            row = {"group": lab, "item": it, "detail": key[s["d"]] if d else "", "uncertain": d == 1,
                   "suppressed": "" if d else HIDE}
            if s["d"] >= 2:
                row.update(n=s["n"], n_dont_know=s["dk"], n_not_answered=s["na"],
                           pct_dont_know=100.0 * s["dk"] / s["G"])
                for b, name in enumerate(("negative", "neutral", "positive")):
                    exact = D.bk[it][b] and s["band"][b] == "" and s["n"] > 0
                    row["pct_" + name] = 100.0 * s["x"][b] / s["n"] if exact else None
                    row["band_" + name] = s["band"][b]
                if s["d"] == 3:
                    row["distribution"] = [s["c"][p] for p in D.pts[it]] + [s["dk"], s["na"]]
            out_items.append(row)
    if o["--format"] == "json":
        print(json.dumps({"survey": o["--survey"], "by": by, "groups": out_groups, "items": out_items,
                          "domains": [], "disclosure": {"passed": True}}, indent=1))
        return
    cols = ("group,item,kind,detail,n,n_dont_know,n_not_answered,pct_negative,pct_neutral,pct_positive,"
            "band_negative,band_neutral,band_positive,pct_dont_know,ci_low,ci_high,score,score_ci_low,"
            "score_ci_high,alpha,r_drop,uncertain,suppressed").split(",")
    print(",".join(cols))
    for gr in out_groups:
        r = dict(gr, kind="group", item="", uncertain="yes" if gr["uncertain"] else "")
        print(",".join("" if r.get(c) is None else str(r.get(c, "")) for c in cols))
    for it in out_items:
        r = dict(it, kind="item", uncertain="yes" if it["uncertain"] else "")
        for k in ("pct_negative", "pct_neutral", "pct_positive", "pct_dont_know"):
            if r.get(k) is not None:
                r[k] = fmt2(r[k])
        print(",".join("" if r.get(c) is None else str(r.get(c, "")) for c in cols))


def compare(D, o):
    g0 = D.filt(o)
    rows, left = [], []
    for u in D.units:
        gu = [r for r in g0 if r["unit"] == u]
        gr = [r for r in g0 if r["unit"] != u]
        if not gu:
            continue
        if D.gdetail(gu) == 0 or D.gdetail(gr) == 0:
            left.append({"unit": u, "reason": HIDE})
            continue
        for it in D.items:
            su, sr = D.item(gu, it), D.item(gr, it)
            ok = su["d"] >= 2 and sr["d"] >= 2 and su["band"][2] == "" and sr["band"][2] == "" \
                and su["n"] and sr["n"]
            rows.append({"unit": u, "item": it, "kind": "item",
                         "n_unit": su["n"] if ok else None, "n_rest": sr["n"] if ok else None,
                         "value_unit": 100.0 * su["x"][2] / su["n"] if ok else None,
                         "value_rest": 100.0 * sr["x"][2] / sr["n"] if ok else None,
                         "suppressed": "" if ok else HIDE})
        rows.append({"unit": u, "domain": "all_items", "kind": "domain", "n_unit": len(gu), "n_rest": len(gr),
                     "value_unit": None, "value_rest": None, "suppressed": ""})
    if o["--format"] == "json":
        out = []
        for r in rows:
            r = dict(r)
            r.pop("kind")
            out.append(r)
        print(json.dumps({"survey": o["--survey"], "not_compared": left, "units": out}, indent=1))
        return
    cols = "unit,item,kind,n_unit,n_rest,value_unit,value_rest,diff,test,statistic,df,p,p_adjusted,adjustment,flagged,suppressed".split(",")
    print(",".join(cols))
    for r in rows:
        r = dict(r, item=r.get("item", r.get("domain")))
        for k in ("value_unit", "value_rest"):
            if r.get(k) is not None:
                r[k] = fmt2(r[k])
        print(",".join("" if r.get(c) is None else str(r.get(c, "")) for c in cols))


def trend(D, o):
    g0 = D.filt(o)
    by = o["--by"]
    pers = sorted({r[by] for r in g0 if r[by]})
    series = []
    for it in D.items + ["all_items"]:
        pts = []
        for p in pers:
            g = [r for r in g0 if r[by] == p]
            d = D.gdetail(g)
            if it == "all_items":
                pts.append({"period": p, "n": len(g) if d else None, "value": None, "suppressed": "" if d else HIDE})
                continue
            s = D.item(g, it)
            ok = s["d"] >= 2
            val = 100.0 * s["x"][2] / s["n"] if ok and s["band"][2] == "" and s["n"] else None
            pts.append({"period": p, "n": s["n"] if ok else None, "value": val,
                        "suppressed": "" if ok else HIDE})
        series.append(({"domain": it} if it == "all_items" else {"item": it}, pts))
    if o["--format"] == "json":
        print(json.dumps({"survey": o["--survey"], "by": by, "method": {"control_chart": "p-chart"},
                          "series": [dict(k, points=p) for k, p in series]}, indent=1))
        return
    cols = "series,kind,period,n,value,centre,lcl,ucl,outside,break,median,longest_run,run_limit,crossings,crossing_limit,signal,suppressed".split(",")
    print(",".join(cols))
    for k, pts in series:
        for p in pts:
            r = dict(p, series=list(k.values())[0], kind=list(k.keys())[0])
            if r.get("value") is not None:
                r["value"] = fmt2(r["value"])
            print(",".join("" if r.get(c) is None else str(r.get(c, "")) for c in cols))


def export(D, o):
    g0 = D.filt(o)
    cols = ["row", "unit", "wave", "period", "lang"] + D.bg + D.items
    print(",".join(cols))
    if D.policy == "all-only" and D.gdetail(D.all) < 3:   # rows would show the points
        print("fake_lytt export: left out %d responses of groups under %d" % (len(g0), D.mg), file=sys.stderr)
        return
    for i, r in enumerate(g0):
        if D.policy == "all-only":
            row = {"unit": "*", "wave": "*", "period": "*"}
            for B in D.bg:
                row[B] = "*"
        else:
            st = [x for x in D.all if x["unit"] == r["unit"] and x["wave"] == r["wave"]]
            named = len(st) >= D.mg
            row = {"unit": r["unit"] if named else "*", "wave": r["wave"] if named else "*", "period": r["wave"]}
            for B in D.bg:
                v = r["a"].get(B)
                row[B] = "" if v is None else v
        for it in D.items:
            v = r["a"].get(it)
            row[it] = "" if v is None else v
            if D.policy == "all-only" and D.item(D.all, it)["d"] < 3:
                row[it] = "*"   # the item does not show its points: no rows of it
        row["row"] = i + 1
        row["lang"] = "nb"
        print(",".join(str(row.get(c, "")) for c in cols))


def main():
    if len(sys.argv) < 2:
        sys.exit(2)
    cmd = sys.argv[1]
    o = opts(sys.argv[2:])
    D = Data(o)
    {"summary": summary, "compare": compare, "trend": trend, "export": export}[cmd](D, o)


if __name__ == "__main__":
    main()
