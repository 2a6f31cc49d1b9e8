#!/usr/bin/env python3
"""Row-level exports protect their quasi-identifiers (PRODUCT.md §2, issue 12).

A generated database is edited so that a unit x week group has one respondent, a
background category two and a language three; then it is exported as CSV, xlsx
(read here with zipfile and the XML parser) and sav (read back by sav_dump), and:

  - no combination of unit, wave, language, questionnaire version and background
    answers is shared by fewer than min_group rows, in any format;
  - no period column, no week or month anywhere;
  - the codebook's blanked counts and withheld rows are the markers in the data and
    the rows missing from it;
  - a unit or wave export is a subset of the whole export, and names only its own;
  - the decision depends on the rows, not on their order in the database;
  - a blanked background answer is written alike whether it was answered or not;
  - free text only in groups (by the names shown) of at least min_free_text rows;
  - a unit and wave are named only where the tables show the group's points;
  - an answer to a scale or yes/no item is shown only where the tables show that
    item's points for the row's group (its shown unit and wave), a don't know or
    no answer only where they show those counts.

Then survey/parorende.yaml, generated with `generate --n 400 --seed 5`: its
conditional items and items the gate lowers blank only their own cells, so most
rows keep their unit and wave.

usage: test_export_protect.py LYTT_ANALYZE SAV_DUMP [SURVEY_DIR (default: the repository's)]
"""
import collections
import csv
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

from checks import check, finish

ANALYZE, SAV_DUMP = sys.argv[1], sys.argv[2]
SURVEY_DIR = (sys.argv[3] if len(sys.argv) > 3 else
              os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "survey"))
MIN_GROUP, MIN_FREE_TEXT = 5, 10
MARK = "*"
QUASI = ["unit", "wave", "lang", "questionnaire_version", "relation", "lives_with"]
GATED = ["info_a", "info_b", "info_c"]  # scale items (lives_with is one of QUASI)
BACKGROUND = ["relation", "lives_with"]
OPTIONS = {"relation": ["partner", "parent", "child", "other"]}
TIME = re.compile(r"^\d{4}-(W\d{2}|\d{2})$")  # an ISO week or a month

QUESTIONNAIRE = """\
lytt: 1
id: protect
version: 1
audience: adult
languages: [nb, nn, en]
title: {nb: Vern, nn: Vern, en: Protect}
intro: {nb: Et testskjema., nn: Eit testskjema., en: A test form.}
support: {nb: Ring 800 33 850., nn: Ring 800 33 850., en: Call 800 33 850.}
period: week
min_group: 5
withdraw_days: 7
units:
  - id: big-a
    name: {nb: Big A, nn: Big A, en: Big A}
  - id: big-b
    name: {nb: Big B, nn: Big B, en: Big B}
  - id: small
    name: {nb: Small, nn: Small, en: Small}
scales:
  - id: agree5
    points:
      - {value: 1, label: {nb: Helt uenig, nn: Heilt usamd, en: Strongly disagree}}
      - {value: 2, label: {nb: Delvis uenig, nn: Delvis usamd, en: Disagree}}
      - {value: 3, label: {nb: Verken eller, nn: Verken eller, en: Neither}}
      - {value: 4, label: {nb: Delvis enig, nn: Delvis samd, en: Agree}}
      - {value: 5, label: {nb: Helt enig, nn: Heilt samd, en: Strongly agree}}
    positive: [4, 5]
    dont_know: {nb: Vet ikke, nn: Veit ikkje, en: Don't know}
domains:
  - id: info
    title: {nb: Informasjon, nn: Informasjon, en: Information}
sections:
  - id: about
    title: {nb: Om deg, nn: Om deg, en: About you}
    items:
      - id: relation
        type: single
        text: {nb: Hvem hjelper du?, nn: Kven hjelper du?, en: Whom do you help?}
        options:
          - {id: partner, label: {nb: Partner, nn: Partnar, en: Partner}}
          - {id: parent, label: {nb: Forelder, nn: Forelder, en: Parent}}
          - {id: child, label: {nb: Barn, nn: Barn, en: Child}}
          - {id: other, label: {nb: Annen, nn: Annan, en: Other}}
      - id: lives_with
        type: yesno
        text: {nb: Bor dere sammen?, nn: Bur de saman?, en: Do you live together?}
  - id: info
    title: {nb: Informasjon, nn: Informasjon, en: Information}
    items:
      - {id: info_a, type: scale, scale: agree5, domain: info, text: {nb: A, nn: A, en: A}}
      - {id: info_b, type: scale, scale: agree5, domain: info, text: {nb: B, nn: B, en: B}}
      - {id: info_c, type: scale, scale: agree5, domain: info, text: {nb: C, nn: C, en: C}}
  - id: your_words
    title: {nb: Med egne ord, nn: Med eigne ord, en: In your own words}
    items:
      - id: important_to_you
        type: text
        max_length: 500
        text: {nb: Hva er viktig?, nn: Kva er viktig?, en: What is important?}
"""


def run(*args):
    r = subprocess.run([ANALYZE, *args], capture_output=True, text=True)
    if r.returncode != 0:
        print(" ".join(args), r.stderr, file=sys.stderr)
    return r


def export(db, fmt, out, *extra, survey="protect"):
    r = run("export", "--db", db, "--survey", survey, "--format", fmt, "--out", out, *extra)
    check(r.returncode == 0, f"export --format {fmt} {' '.join(extra)} works")
    return r


def said_by_command(r):
    """(values blanked, whether rows were withheld) as the export command says them: never
    how many rows (that number could be a hidden group's size)."""
    m = re.search(r"(\d+) values blanked( and some rows withheld)? to protect", r.stderr)
    return (int(m.group(1)), bool(m.group(2))) if m else None


def read_csv(path):
    """The header and the rows as dicts."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0] if rows else []
    return head, [dict(zip(head, x)) for x in rows[1:]]


# ---- xlsx with zipfile and the XML parser ---------------------------------------------

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "p": "http://schemas.openxmlformats.org/package/2006/relationships"}


def col_index(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1


def xlsx_sheets(path):
    """{sheet name: [[cell, ...], ...]} with numbers as float, text as str, empty None."""
    z = zipfile.ZipFile(path)
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")))
    rels = {x.get("Id"): x.get("Target") for x in
            ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).findall("p:Relationship", NS)}
    out = {}
    for s in ET.fromstring(z.read("xl/workbook.xml")).find("m:sheets", NS):
        target = rels[s.get(f"{{{NS['r']}}}id")].lstrip("/")
        target = target if target.startswith("xl/") else "xl/" + target
        rows = {}
        for row in ET.fromstring(z.read(target)).iter(f"{{{NS['m']}}}row"):
            cells = {}
            for c in row.findall("m:c", NS):
                t, v = c.get("t"), c.find("m:v", NS)
                if t == "inlineStr":
                    val = "".join(x.text or "" for x in c.iter(f"{{{NS['m']}}}t"))
                elif t == "s":
                    val = shared[int(v.text)]
                elif t == "b":
                    val = v.text == "1"
                elif t == "str":
                    val = v.text or ""
                else:
                    val = float(v.text) if v is not None else None
                cells[col_index(c.get("r"))] = val
            width = max(cells) + 1 if cells else 0
            rows[int(row.get("r")) - 1] = [cells.get(i) for i in range(width)]
        n = max(rows) + 1 if rows else 0
        out[s.get("name")] = [rows.get(i, []) for i in range(n)]
    return out


def xlsx_text(v):
    """An xlsx cell as the CSV writes it."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


# ---- sav through sav_dump -----------------------------------------------------------------

def sav_read(path):
    r = subprocess.run([SAV_DUMP, path], capture_output=True, text=True)
    if not check(r.returncode == 0, f"sav_dump reads {os.path.basename(path)} ({r.stderr})"):
        return None
    return json.loads(r.stdout)


def sav_as_csv(j):
    """The sav's cases as the CSV writes them (only the columns this test reads)."""
    names = [v["name"] for v in j["variables"]]
    rows = []
    for x in j["data"]:
        d = dict(zip(names, x))
        row = {"row": str(int(d["row"]))}
        for m in QUASI[:4]:
            row[m] = d[m]
        rel = d["relation"]
        row["relation"] = ("" if rel is None else MARK if rel == 98
                           else OPTIONS["relation"][int(rel) - 1])
        lw = d["lives_with"]
        row["lives_with"] = ("" if lw is None else MARK if lw == 98 else "dk" if lw == 99
                             else "yes" if lw == 1 else "no")
        row["important_to_you"] = d.get("important_to_you", "")
        rows.append(row)
    return rows


# ---- the checks ---------------------------------------------------------------------------

def combos(rows, quasi):
    return collections.Counter(tuple(x[k] for k in quasi) for x in rows)


def check_k(rows, what, quasi=QUASI):
    small = {k: n for k, n in combos(rows, quasi).items() if n < MIN_GROUP}
    check(rows and not small,
          f"{what}: every combination of {', '.join(quasi)} is shared by {MIN_GROUP} "
          f"rows or more ({len(small)} are not: {list(small.items())[:3]})")


def check_no_time(head, rows, what):
    check("period" not in head, f"{what}: no period column ({head[:6]})")
    timed = [(k, v) for x in rows for k, v in x.items() if isinstance(v, str) and TIME.match(v)]
    check(not timed, f"{what}: no week or month in any cell ({timed[:3]})")


def edit_database(db):
    """One respondent alone in a unit x week, a relation of two, a language of three,
    and a quarter without a relation. Returns how many responses the survey has."""
    con = sqlite3.connect(db)
    # Response ids are random on every run, even with a seed: the edits pick rows by
    # their content so that the same seed gives the same database.
    by_content = "ORDER BY unit_id, wave, period, lang, answers"
    ids = [r[0] for r in con.execute(
        "SELECT id FROM responses WHERE unit_id = 'big-b' AND wave = '2026-H2' " + by_content)]
    # 2026 has 53 ISO weeks; the generator spreads over 1-52, so week 53 holds one.
    con.execute("UPDATE responses SET period = '2026-W53' WHERE id = ?", (ids[0],))
    rows = con.execute("SELECT id, answers FROM responses " + by_content).fetchall()
    others = 0
    for i, (rid, answers) in enumerate(rows):
        a = json.loads(answers)
        for pair in a:
            if pair[0] == "relation" and pair[1] == "other":
                others += 1
                if others > 2:
                    pair[1] = "parent"
        if i % 4 == 1:  # a quarter leave relation unanswered, except the two
            a = [p for p in a if p[0] != "relation" or p[1] == "other"]
        con.execute("UPDATE responses SET answers = ? WHERE id = ?",
                    (json.dumps(a, ensure_ascii=False, separators=(",", ":")), rid))
    con.execute("UPDATE responses SET lang = 'nb' WHERE lang = 'nn'")
    con.execute("UPDATE responses SET lang = 'nn' WHERE id IN (SELECT id FROM responses "
                "WHERE unit_id = 'big-b' " + by_content + " LIMIT 3)")
    con.commit()
    n = con.execute("SELECT count(*) FROM responses").fetchone()[0]
    one = con.execute("SELECT count(*) FROM responses WHERE unit_id = 'big-b' AND "
                      "period = '2026-W53'").fetchone()[0]
    two = con.execute("SELECT count(*) FROM answers WHERE item_id = 'relation' AND "
                      "value = 'other'").fetchone()[0]
    three = con.execute("SELECT count(*) FROM responses WHERE lang = 'nn'").fetchone()[0]
    con.close()
    check(one == 1 and two == 2 and three == 3,
          f"the database has a unit x week of 1 ({one}), a relation of 2 ({two}), "
          f"a language of 3 ({three})")
    return n


def item_shows(db, survey, unit, wave, cache={}):
    """{item: (detail, don't know and not answered shown)} of the group summary
    --unit U --wave W (every unit or wave where the row shows the marker)."""
    key = (db, survey, unit, wave)
    if key not in cache:
        args = ["summary", "--db", db, "--survey", survey, "--format", "json"]
        args += ["--unit", unit] if unit != MARK else []
        args += ["--wave", wave] if wave != MARK else []
        j = json.loads(run(*args).stdout)
        cache[key] = {x["item"]: (x["detail"], x["n_dont_know"] is not None)
                      for x in j["items"] if x["group"] == "all"}
    return cache[key]


def by_table(db, unit, wave, by=None, cache={}):
    """{(group, item or None): detail} of summary --unit U --wave W [--by ITEM] (every
    unit or wave where the row shows the marker), a "not answered" group being
    "(no answer)"."""
    key = (db, unit, wave, by)
    if key not in cache:
        args = ["summary", "--db", db, "--survey", "protect", "--format", "csv"]
        args += ["--unit", unit] if unit != MARK else []
        args += ["--wave", wave] if wave != MARK else []
        args += ["--by", by] if by else []
        out = csv.DictReader(run(*args).stdout.splitlines())
        cache[key] = {(x["group"], x["item"] or None): x["detail"] for x in out
                      if x["kind"] in ("group", "item")}
    return cache[key]


def check_background(db, rows, what):
    """A named unit x wave shows a background question on its rows where every category
    somebody chose is a group the tables show with its points, and showing it costs at
    most a tenth of the item answers the pair shows (the export's rule, worked out here
    from the published tables, in questionnaire order); a shown answer's group has its
    points. Returns the (unit, wave, question) shown."""
    con = sqlite3.connect(db)
    chose = collections.defaultdict(set)
    for u, w, answers in con.execute("SELECT unit_id, wave, answers FROM responses"):
        a = dict(json.loads(answers))
        for b in BACKGROUND:
            chose[(u, w, b)].add(a.get(b, "(no answer)"))
    con.close()
    shown = {(x["unit"], x["wave"], b) for x in rows for b in BACKGROUND if x[b] != MARK}
    pairs = {(x["unit"], x["wave"]) for x in rows if MARK not in (x["unit"], x["wave"])}
    wrong = []
    for (u, w) in sorted(pairs):
        t = by_table(db, u, w)
        items = {i for i in GATED if t.get(("all", i)) == "points"}
        for b in BACKGROUND:
            tb, cats = by_table(db, u, w, b), chose[(u, w, b)]
            ok = all(tb.get((c, None)) == "points" for c in cats)
            if ok:
                kept = {i for i in items if all(tb.get((c, i)) == "points" for c in cats)}
                ok = (len(items) - len(kept)) * 10 <= len(items)
                items = kept if ok else items
            if ok != ((u, w, b) in shown):
                wrong.append((u, w, b, "shown" if ok else "blanked"))
    check(not wrong, f"{what}: a pair shows a background question where every chosen "
          f"category has its points and it costs at most a tenth of the item answers "
          f"({len(wrong)} not: {wrong[:3]})")
    bad = [(x["unit"], x["wave"], b, x[b]) for x in rows for b in BACKGROUND
           if x[b] != MARK and by_table(db, x["unit"], x["wave"], b).get(
               (x[b] or "(no answer)", None)) != "points"]
    check(not bad, f"{what}: background answers shown only where the tables show their "
          f"group's points ({bad[:3]})")
    return shown


def check_item_cells(db, survey, rows, what):
    """No shown answer to a scale or yes/no item where the tables show that item below
    points for the row's group, no shown don't know or no answer (an empty cell) where
    they withhold those counts. Returns how many answers were checked."""
    wrong, n = [], 0
    for x in rows:
        shows = item_shows(db, survey, x["unit"], x["wave"])
        for item, (detail, dkna) in shows.items():
            v = x.get(item)
            if v is None or v == MARK:
                continue
            n += v != ""
            if (v != "" and detail != "points") or (v in ("dk", "") and not dkna):
                wrong.append((x["row"], x["unit"], x["wave"], item, v, detail, dkna))
    check(n and not wrong, f"{what}: item answers shown only where the tables show that item's "
          f"points for the row's group ({n} shown, {len(wrong)} not: {wrong[:3]})")
    return n


def codebook_notes(cb):
    """{key: row} of the rows after the empty one in the xlsx codebook."""
    notes, after = {}, False
    for r in cb[1:]:
        if not r or all(v is None for v in r):
            after = True
        elif after:
            notes[r[0]] = r
    return notes


def tests(tmp):
    qdir = os.path.join(tmp, "q")
    os.mkdir(qdir)
    q = os.path.join(qdir, "protect.yaml")
    with open(q, "w", encoding="utf-8") as f:
        f.write(QUESTIONNAIRE)
    db = os.path.join(tmp, "p.db")
    r = run("generate", "--db", db, "--questionnaire", q, "--n", "1200", "--seed", "5",
            "--unit-sizes", "small=8", "--waves", "2026-H1,2026-H2")
    check(r.returncode == 0, "generate works")
    total = edit_database(db)

    f = {k: os.path.join(tmp, "p." + k) for k in ("csv", "xlsx", "sav")}
    for k in f:
        export(db, k, f[k], "--include-free-text")
    head, rows = read_csv(f["csv"])

    # (a) k-anonymity on the joint combination, in every format.
    check_k(rows, "CSV")
    check(all(x["relation"] != "other" for x in rows), "CSV: the relation of two is not shown")
    check(all(x["lang"] != "nn" for x in rows), "CSV: the language of three is not shown")
    check(any(x["unit"] == "big-b" for x in rows) and any(x["wave"] != MARK for x in rows),
          "CSV: a unit of 800 is named (the tables show its points)")
    check(not any(x["unit"] == "small" for x in rows), "CSV: the unit of 8 is never named")
    book = xlsx_sheets(f["xlsx"])
    check(list(book) == ["responses", "codebook"], f"xlsx: its sheets ({list(book)})")
    xs = book["responses"]
    check([xlsx_text(v) for v in xs[0]] == head, "xlsx: the CSV's columns")
    xrows = [dict(zip(head, [xlsx_text(v) for v in x] + [""] * (len(head) - len(x))))
             for x in xs[2:]]
    check(xrows == rows, "xlsx: the CSV's rows, cell for cell")
    check_k(xrows, "xlsx")
    j = sav_read(f["sav"])
    srows = sav_as_csv(j) if j else []
    check_k(srows, "sav")
    same = [{k: x[k] for k in srows[0]} for x in rows] if srows else None
    check(srows == same, "sav: the CSV's rows, in SPSS coding")

    # (b) the period is coarsened to the wave.
    check_no_time(head, rows, "CSV")
    check_no_time([xlsx_text(v) for v in xs[0]], xrows, "xlsx")
    if j:
        names = [v["name"] for v in j["variables"]]
        check_no_time(names, [dict(zip(names, x)) for x in j["data"]], "sav")

    # (c) the codebook's counts are the markers in the data.
    cb = book["codebook"]
    check(cb[0][9] == "blanked", f"xlsx codebook: a column blanked ({cb[0]})")
    counted = {r[0]: r[9] for r in cb[1:] if r and len(r) > 9 and r[9] is not None}
    marks = {k: sum(1 for x in rows if x[k] == MARK) for k in head if k != "row"}
    check(set(counted) == set(QUASI + GATED) and all(marks[k] == 0 for k in marks
                                                      if k not in counted),
          f"xlsx codebook: a blanked count for each column that may be blanked ({sorted(counted)})")
    check(counted == {k: float(marks[k]) for k in counted},
          f"xlsx codebook: blanked per column {counted} = the markers {marks}")
    check(sum(marks.values()) > 0 and marks["lang"] + marks["relation"] > 0,
          f"something was blanked beyond the names ({marks})")
    notes = codebook_notes(cb)
    check({"rule", "marker", "period", "filter", "min_group", "rows_withheld"} <= set(notes),
          f"xlsx codebook: says the rule, the marker and the counts ({sorted(notes)})")
    withheld = total - len(rows)
    check(notes.get("rows_withheld", [None, None])[1] == ("yes" if withheld else "no"),
          f"xlsx codebook: whether rows were withheld, never how many "
          f"({notes.get('rows_withheld')})")
    check(notes.get("min_group", [None, None])[1] == MIN_GROUP, "xlsx codebook: min_group")
    check(str(notes.get("marker", [None] * 4)[3]).startswith(MARK + " = "),
          "xlsx codebook: the marker and its meaning")
    if j:
        said = {}
        for n in j["notes"]:
            m = re.match(r"Blanked in (\S+): (\d+)$", n)
            if m:
                said[m.group(1)] = int(m.group(2))
        want = {k: marks[k] for k in QUASI + GATED}
        check(said == want, f"sav notes: blanked per column {said} = the markers {want}")
        w = [n for n in j["notes"] if n.startswith("Withheld:")]
        check(w and (("some rows" in w[0]) == bool(withheld)) and not re.search(r"\d", w[0]),
              f"sav notes: whether rows were withheld, no count ({w})")
        var = {v["name"]: v for v in j["variables"]}
        labels = {(s, float(v)): lab for s, v, lab in j["labels"]}
        rel, lw = var["relation"], var["lives_with"]
        check(98 in rel["missing"] and 98 in lw["missing"] and 99 in lw["missing"],
              f"sav: 98 (blanked) user-missing beside 99 ({rel['missing']}, {lw['missing']})")
        check((rel["labels"], 98.0) in labels and (lw["labels"], 98.0) in labels,
              "sav: 98 has a value label")
        check(all(MARK in var[m]["missing"] for m in QUASI[:4]),
              "sav: the string marker is user-missing")
    r = run("export", "--db", db, "--survey", "protect", "--format", "csv")
    blanked = sum(marks.values())
    check(said_by_command(r) == (blanked, withheld > 0),
          f"the command says {blanked} values blanked, and whether rows were withheld "
          f"({r.stderr.strip()})")

    # (d) filtered exports are subsets of the whole one.
    def key(x):
        return tuple(sorted(x.items()))
    full = {key(x) for x in rows}
    for opt, col, val in (("--unit", "unit", "big-b"), ("--wave", "wave", "2026-H1"),
                          ("--unit", "unit", "big-a"), ("--unit", "unit", "small")):
        out = os.path.join(tmp, f"f-{val}.csv")
        export(db, "csv", out, "--include-free-text", opt, val)
        h2, part = read_csv(out)
        want = [x for x in rows if x[col] == val]
        check(h2 == head and [key(x) for x in part] == [key(x) for x in want]
              and {key(x) for x in part} <= full,
              f"{opt} {val}: the whole export's rows naming {val} ({len(part)}, {len(want)})")
    out = os.path.join(tmp, "f-both.csv")
    export(db, "csv", out, "--include-free-text", "--unit", "big-b", "--wave", "2026-H2")
    _, part = read_csv(out)
    check(part and all(x["unit"] == "big-b" and x["wave"] == "2026-H2" for x in part)
          and {key(x) for x in part} <= full, "--unit --wave: a subset naming both")
    out = os.path.join(tmp, "f.sav")
    export(db, "sav", out, "--include-free-text", "--unit", "big-b")
    jf = sav_read(out)
    if jf and j:
        check({key(x) for x in sav_as_csv(jf)} <= {key(x) for x in srows},
              "sav --unit: a subset of the whole sav")

    # Deterministic, and not by the order of the rows: reverse the ids.
    again = os.path.join(tmp, "again.csv")
    export(db, "csv", again, "--include-free-text")
    with open(again, encoding="utf-8") as a, open(f["csv"], encoding="utf-8") as b:
        check(a.read() == b.read(), "the same database gives the same export")
    db2 = os.path.join(tmp, "rev.db")
    shutil.copy(db, db2)
    con = sqlite3.connect(db2)
    con.execute("UPDATE responses SET id = -id")
    con.commit()
    con.close()
    out = os.path.join(tmp, "rev.csv")
    export(db2, "csv", out, "--include-free-text")
    _, rev = read_csv(out)

    def bag(rs):
        return collections.Counter(key({k: v for k, v in x.items() if k != "row"}) for x in rs)
    check(bag(rev) == bag(rows), "the rows in another order: the same rows blanked alike")

    # A blanked background answer reads the same answered or not (long shape).
    out = os.path.join(tmp, "long.csv")
    export(db, "csv", out, "--shape", "long")
    _, lrows = read_csv(out)
    by_row = collections.defaultdict(dict)
    for x in lrows:
        by_row[x["row"]][x["item"]] = x["value"]
    bad = [x["row"] for x in rows for b in BACKGROUND
           if (x[b] == MARK) != (by_row[x["row"]].get(b) == MARK)
           or (x[b] == "") != (b not in by_row[x["row"]])]
    check(not bad, f"long shape: a row per blanked answer, none for a shown no answer {bad[:3]}")
    check(any(x[b] == MARK for x in rows for b in BACKGROUND), "background answers blanked")

    # Free text only in groups of at least min_free_text by the names shown.
    size = collections.Counter((x["unit"], x["wave"]) for x in rows)
    texts = [x for x in rows if x["important_to_you"]]
    check(texts and all(size[(x["unit"], x["wave"])] >= MIN_FREE_TEXT for x in texts),
          "free text only in groups of at least 10 rows")

    # Names only where the tables show the group with its points.
    for (u, w) in size:
        if u != MARK or w != MARK:
            check(by_table(db, u, w)[("all", None)] == "points",
                  f"{u} {w} is named: the tables show its points")
    check_background(db, rows, "CSV")

    # Item answers (scale and yes/no) only where the tables show that item's points.
    check_item_cells(db, "protect", rows, "CSV")
    check_item_cells(db, "protect", xrows, "xlsx")

    # The independent attacker (tests/attack) on this database: before the gate closed
    # chains of item figures it pinned four don't-know and not-answered counts here.
    attacker = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "attack",
                            "published.py")
    r = subprocess.run([sys.executable, attacker, ANALYZE, db, "protect", "--questionnaire", q,
                        "--pins-only", "--jobs", "2"], capture_output=True, text=True)
    first = (r.stdout.splitlines() or [""])[0]
    check(r.returncode == 0 and " 0 pinned" in first and "protected values" in first,
          f"the attacker pins nothing in this database ({first}; rc {r.returncode})")


def background_tests(tmp):
    """A background question every category of which the tables show with the items'
    points is kept beside the item answers; one whose small category lowers the items
    is blanked so that the answers stay."""
    db = os.path.join(tmp, "bg.db")
    r = run("generate", "--db", db, "--questionnaire", os.path.join(tmp, "q", "protect.yaml"),
            "--n", "1200", "--seed", "5", "--waves", "2026-H1,2026-H2")
    check(r.returncode == 0, "background: generate works")
    con = sqlite3.connect(db)
    rows = con.execute("SELECT id, answers FROM responses ORDER BY unit_id, wave, period, "
                       "lang, answers").fetchall()
    for i, (rid, answers) in enumerate(rows):  # lives_with: yes or no, always answered
        a = [p for p in json.loads(answers) if p[0] != "lives_with"]
        a.insert(1 if a and a[0][0] == "relation" else 0, ["lives_with", "yes" if i % 3 else "no"])
        con.execute("UPDATE responses SET answers = ? WHERE id = ?",
                    (json.dumps(a, separators=(",", ":")), rid))
    con.commit()
    con.close()
    out = os.path.join(tmp, "bg.csv")
    export(db, "csv", out)
    _, rows = read_csv(out)
    shown = check_background(db, rows, "background")
    check(any(b == "lives_with" for (_, _, b) in shown),
          f"background: lives_with (two large categories) is shown ({sorted(shown)[:4]})")
    both = [x for x in rows if x["lives_with"] not in (MARK, "") and
            all(x[i] != MARK for i in GATED)]
    check(len(both) > len(rows) / 2,
          f"background: most rows show lives_with beside the item answers "
          f"({len(both)} of {len(rows)})")
    check_item_cells(db, "protect", rows, "background")


def parorende_tests(tmp):
    """A real questionnaire: conditional items few answer, items the gate lowers."""
    db = os.path.join(tmp, "par.db")
    r = run("generate", "--db", db, "--questionnaire", os.path.join(SURVEY_DIR, "parorende.yaml"),
            "--n", "400", "--seed", "5")
    check(r.returncode == 0, "parorende: generate works")
    out = os.path.join(tmp, "par.csv")
    r = export(db, "csv", out, survey="parorende")
    _, rows = read_csv(out)
    con = sqlite3.connect(db)
    total = con.execute("SELECT count(*) FROM responses").fetchone()[0]
    sizes = dict(((u, w), n) for u, w, n in con.execute(
        "SELECT unit_id, wave, count(*) FROM responses GROUP BY unit_id, wave"))
    con.close()
    named = [x for x in rows if x["unit"] != MARK and x["wave"] != MARK]
    # The rows whose unit x wave the tables show with points may keep both; the others
    # (groups under 20, or lowered) never can, so the share is taken of the first.
    def shown_with_points(u, w):
        args = ["summary", "--db", db, "--survey", "parorende", "--unit", u, "--wave", w,
                "--format", "json"]
        return json.loads(run(*args).stdout)["groups"][0]["detail"] == "points"
    eligible = sum(n for (u, w), n in sizes.items() if shown_with_points(u, w))
    check(eligible and len(named) >= 0.8 * eligible,
          f"parorende: rows of groups the tables show with points keep their unit and wave "
          f"({len(named)} of {eligible}; {total} rows in all)")
    check(len(named) > total / 2, f"parorende: most rows keep their unit and wave "
          f"({len(named)} of {total})")
    check_item_cells(db, "parorende", rows, "parorende")
    check_k(rows, "parorende", QUASI[:4] + ["relation", "age_band", "service_area",
                                           "years_as_carer", "children_in_family"])
    marks = sum(1 for x in rows for k, v in x.items() if v == MARK)
    check(said_by_command(r) == (marks, total > len(rows)),
          f"parorende: the command says {marks} values blanked, and whether rows were "
          f"withheld ({r.stderr.strip()})")


def main():
    tmp = tempfile.mkdtemp(prefix="lytt-exp-")
    try:
        tests(tmp)
        background_tests(tmp)
        parorende_tests(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    finish("export_protect")


if __name__ == "__main__":
    main()
