#!/usr/bin/env python3
"""The exports for spreadsheets and SPSS against the CSV export, end to end.

Generated responses are exported as CSV, xlsx and sav. The xlsx is opened with
openpyxl and its cells must be the CSV's, row by row; the sav is read back with
ReadStat's parser (sav_dump) and, when installed, the readstat program, and its
values must be the CSV's in SPSS coding. Labels and question texts are checked
against the questionnaire files (read here with PyYAML), protection against the
database: no row names a unit of too few respondents, rows written and withheld
add up to the responses, a blanked value is "*" (98 in SPSS, labelled and
user-missing, in background and scale items), free text only with the flag and only for groups (by the names
the rows show) of at least 10. test_export_protect.py checks the protection itself.

usage: test_export_formats.py LYTT_ANALYZE SURVEY_DIR SAV_DUMP
"""
import collections
import csv
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

from checks import check, finish

try:
    import openpyxl
    import yaml
except ImportError:
    # Debian's python3-openpyxl and python3-yaml belong to Debian's python3; another
    # python3 first on PATH (pyenv, a venv) may lack them.
    if os.path.exists("/usr/bin/python3") and not os.environ.get("LYTT_SYSTEM_PYTHON"):
        os.environ["LYTT_SYSTEM_PYTHON"] = "1"
        os.execv("/usr/bin/python3", ["/usr/bin/python3", *sys.argv])
    print("FAIL: python3-openpyxl and python3-yaml are needed (scripts/setup.sh installs them)",
          file=sys.stderr)
    print("export_formats: 0 passed, 1 failed")
    sys.exit(1)

ANALYZE, SURVEY_DIR, SAV_DUMP = sys.argv[1], sys.argv[2], sys.argv[3]
META = ["row", "unit", "wave", "lang", "questionnaire_version"]
MARK = "*"  # a blanked value
WORDS = {"nb": {"yes": "Ja", "no": "Nei", "dk": "Vet ikke", "chosen": "Valgt",
                "not_chosen": "Ikke valgt", "blanked": "Skjult for å verne en liten gruppe"},
         "nn": {"yes": "Ja", "no": "Nei", "dk": "Veit ikkje", "chosen": "Vald",
                "not_chosen": "Ikkje vald", "blanked": "Skjult for å verne ei lita gruppe"},
         "en": {"yes": "Yes", "no": "No", "dk": "Don't know", "chosen": "Chosen",
                "not_chosen": "Not chosen", "blanked": "Blanked to protect a small group"}}


def run(*args, ok=True):
    r = subprocess.run([ANALYZE, *args], capture_output=True, text=True)
    if ok and r.returncode != 0:
        print(" ".join(args), r.stderr, file=sys.stderr)
    return r


class Survey:
    """The questionnaire as the file says, independently of the C parser."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            d = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        self.scales = {s["id"]: s for s in d.get("scales", [])}
        self.items = {}
        for sec in d["sections"]:
            for it in sec["items"]:
                self.items[it["id"]] = it

    def column(self, name):
        """(item, option index or None) of a wide column name."""
        if "." in name:
            iid, oid = name.split(".", 1)
            it = self.items[iid]
            return it, [o["id"] for o in it["options"]].index(oid)
        return self.items[name], None

    def text(self, name, lang):
        it, o = self.column(name)
        t = it["text"][lang]
        return t if o is None else f"{t} – {it['options'][o]['label'][lang]}"

    def spss_labels(self, it, lang):
        """{code: label} of an item's SPSS variable (not of an option variable)."""
        w = WORDS[lang]
        if it["type"] == "scale":
            sc = self.scales[it["scale"]]
            lab = {float(p["value"]): p["label"][lang] for p in sc["points"]}
            if "dont_know" in sc:
                lab[99.0] = sc["dont_know"][lang]
            lab[98.0] = w["blanked"]
            return lab
        if it["type"] == "single":
            lab = {float(i + 1): o["label"][lang] for i, o in enumerate(it["options"])}
            lab[98.0] = w["blanked"]
            return lab
        if it["type"] == "yesno":
            return {1.0: w["yes"], 0.0: w["no"], 99.0: w["dk"], 98.0: w["blanked"]}
        return {}

    def spss_code(self, it, value):
        """The SPSS value of a CSV cell of a (non-option) column."""
        if value == "":
            return "" if it["type"] == "text" else None
        if value == "dk":
            return 99.0
        if value == MARK and it["type"] in ("scale", "single", "yesno"):
            return 98.0
        if it["type"] in ("scale", "number"):
            return float(int(value))
        if it["type"] == "single":
            return float([o["id"] for o in it["options"]].index(value) + 1)
        if it["type"] == "yesno":
            return 1.0 if value == "yes" else 0.0
        return value


def csv_rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def sav_name(col):
    n = col.replace(".", "_").replace("-", "_")
    if not n[0].isalpha():
        n = "v" + n
    if n in ("all", "and", "by", "eq", "ge", "gt", "le", "lt", "ne", "not", "or", "to", "with"):
        n += "_"
    return n


def cell_text(v):
    """An xlsx cell as the CSV writes it."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def check_xlsx(path, csv_path, survey, lang, what):
    head, rows = csv_rows(csv_path)
    wb = openpyxl.load_workbook(path, read_only=True)
    check(wb.sheetnames == ["responses", "codebook"], f"{what}: sheets responses and codebook")
    ws = list(wb["responses"].iter_rows(values_only=True))
    check(list(ws[0]) == head, f"{what}: row 1 is the CSV header")
    texts = [survey.text(c, lang) for c in head[len(META):]]
    check(list(ws[1][len(META):]) == texts, f"{what}: row 2 holds the question texts ({lang})")
    data = ws[2:]
    check(len(data) == len(rows), f"{what}: as many rows as the CSV ({len(data)}, {len(rows)})")
    bad = [(i, j) for i, (x, c) in enumerate(zip(data, rows))
           for j, (a, b) in enumerate(zip(x, c)) if cell_text(a) != b]
    check(not bad and all(len(x) == len(c) for x, c in zip(data, rows)),
          f"{what}: every cell is the CSV's ({len(bad)} differ, first {bad[:3]})")
    # Numbers are numbers, option ids and "dk" text.
    wrong = []
    for j, name in enumerate(head):
        if j < len(META):
            want_num = name in ("row", "questionnaire_version")
        else:
            it, o = survey.column(name)
            want_num = o is not None or it["type"] in ("scale", "number")
        for x in data:
            v = x[j]
            if v is None or v in ("dk", MARK):
                continue
            if want_num != isinstance(v, (int, float)):
                wrong.append((name, v))
                break
    check(not wrong, f"{what}: numbers as numbers, codes as text ({wrong[:3]})")
    # The codebook: a row per column, labels from the questionnaire.
    cb = list(wb["codebook"].iter_rows(values_only=True))
    check(list(cb[0]) == ["column", "item", "type", "question", "domain", "domain_title",
                          "reverse", "values", "dont_know", "blanked"], f"{what}: codebook columns")
    ncb = next((i for i, r in enumerate(cb) if all(v is None for v in r)), len(cb))
    byname = {r[0]: r for r in cb[1:ncb]}
    check(list(byname) == head, f"{what}: a codebook row per column, in order")
    problems = []
    for name in head[len(META):]:
        r = byname.get(name)
        it, o = survey.column(name)
        if not r:
            continue
        if r[1] != it["id"] or r[2] != it["type"] or r[3] != survey.text(name, lang):
            problems.append((name, "item, type or question"))
        if it["type"] == "scale":
            sc = survey.scales[it["scale"]]
            values = "\n".join(f"{p['value']} = {p['label'][lang]}" for p in sc["points"])
            dk = f"dk = {sc['dont_know'][lang]}" if "dont_know" in sc else None
            if r[4] != it.get("domain") or r[6] is not bool(it.get("reverse", False)):
                problems.append((name, "domain or reverse"))
        elif o is not None:
            values, dk = f"1 = {WORDS[lang]['chosen']}", None
        elif it["type"] == "single":
            values = "\n".join(f"{x['id']} = {x['label'][lang]}" for x in it["options"])
            dk = None
        elif it["type"] == "yesno":
            values = f"yes = {WORDS[lang]['yes']}\nno = {WORDS[lang]['no']}"
            dk = f"dk = {WORDS[lang]['dk']}"
        else:
            values, dk = r[7], None
        if r[7] != values or r[8] != dk:
            problems.append((name, r[7], r[8]))
    check(not problems, f"{what}: codebook values and labels ({problems[:2]})")
    wb.close()
    return data


def check_sav(path, csv_path, survey, lang, what):
    head, rows = csv_rows(csv_path)
    r = subprocess.run([SAV_DUMP, path], capture_output=True, text=True)
    if not check(r.returncode == 0, f"{what}: ReadStat reads the file ({r.stderr.strip()})"):
        return None
    j = json.loads(r.stdout)
    check(j["rows"] == len(rows) and len(j["data"]) == len(rows),
          f"{what}: as many cases as CSV rows ({j['rows']}, {len(rows)})")
    check(j["encoding"] == "UTF-8", f"{what}: UTF-8")
    names = [v["name"] for v in j["variables"]]
    check(names == [sav_name(c) for c in head], f"{what}: variables named by item id ({names})")
    sets = {}
    for s, v, lab in j["labels"]:
        sets.setdefault(s, {})[float(v)] = lab
    problems = []
    for var, name in zip(j["variables"][len(META):], head[len(META):]):
        it, o = survey.column(name)
        if var["label"] != survey.text(name, lang):
            problems.append((name, "label", var["label"]))
        want_type = "string" if it["type"] == "text" else "numeric"
        got = sets.get(var["labels"], {})
        if o is not None:
            want = {0.0: WORDS[lang]["not_chosen"], 1.0: WORDS[lang]["chosen"]}
        else:
            want = survey.spss_labels(it, lang)
        missing = [99] if 99.0 in want and o is None else []
        missing += [98] if 98.0 in want and o is None else []
        if var["type"] != want_type or got != want or var["missing"] != missing:
            problems.append((name, var["type"], got, var["missing"]))
    check(not problems, f"{what}: variable labels, value labels, don't know missing "
          f"({problems[:2]})")
    meta = j["variables"][:len(META)]
    check(meta[0]["type"] == "numeric" and all(v["type"] == "string" for v in meta[1:]),
          f"{what}: row numeric; unit, wave, lang, questionnaire_version strings")
    # Values: the CSV's, in SPSS coding.
    bad = []
    for i, (x, c) in enumerate(zip(j["data"], rows)):
        want = [float(c[0])] + c[1:len(META)]
        cols = head[len(META):]
        for k, name in enumerate(cols):
            it, o = survey.column(name)
            v = c[len(META) + k]
            if o is None:
                want.append(survey.spss_code(it, v))
                continue
            group = [c[len(META) + m] for m, n in enumerate(cols)
                     if n.split(".")[0] == it["id"]]
            want.append(None if not any(group) else (1.0 if v == "1" else 0.0))
        got = [float(y) if isinstance(y, (int, float)) else y for y in x]
        if got != want:
            bad.append((i, [(h, a, b) for h, a, b in zip(head, got, want) if a != b][:3]))
    check(not bad, f"{what}: every value is the CSV's ({len(bad)} rows differ, {bad[:2]})")
    # A second reader: the readstat program's own CSV, where Debian's package is installed.
    tool = shutil.which("readstat")
    if tool:
        out = subprocess.run([tool, path, "-"], capture_output=True, text=True)
        rs = list(csv.reader(io.StringIO(out.stdout)))
        same = out.returncode == 0 and rs[0] == names and len(rs) - 1 == len(j["data"])
        for a, b in zip(rs[1:], j["data"]):
            for s, v in zip(a, b):
                if isinstance(v, str):
                    same = same and s == v
                else:
                    same = same and (s == "" if v is None else float(s) == v)
        check(same, f"{what}: the readstat program reads the same values")
    return j


def main():
    tmp = tempfile.mkdtemp(prefix="lytt-exf-")
    try:
        tests(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    finish("export_formats")


def export(db, survey, fmt, out, *extra):
    r = run("export", "--db", db, "--survey", survey, "--format", fmt, "--out", out, *extra)
    check(r.returncode == 0, f"export --format {fmt} {' '.join(extra)} works")
    return r


def tests(tmp):
    q = os.path.join(SURVEY_DIR, "parorende.yaml")
    par = Survey(q)
    db = os.path.join(tmp, "a.db")
    r = run("generate", "--db", db, "--questionnaire", q, "--n", "800", "--seed", "5",
            "--unit-sizes", "demensteam=3,sjukeheim-fjordly=7", "--waves", "2026-H1,2026-H2")
    check(r.returncode == 0, "generate works")
    con = sqlite3.connect(db)
    small = ("demensteam", "sjukeheim-fjordly")

    def withheld_said(r):
        """Whether the command says rows were withheld (never how many)."""
        m = re.search(r"values blanked( and some rows withheld)? to protect", r.stderr)
        return None if m is None else bool(m.group(1))

    # ---- without free text: CSV, xlsx (nb), sav (nb)
    f = {k: os.path.join(tmp, "a." + k) for k in ("csv", "xlsx", "sav")}
    r = export(db, "parorende", "csv", f["csv"])
    head, rows = csv_rows(f["csv"])
    withheld = withheld_said(r)
    check(withheld is not None and withheld == (len(rows) < 810),
          f"CSV: the command says whether rows were withheld ({r.stderr})")
    check(not re.search(r"\d+ rows withheld", r.stderr), "CSV: never how many rows were withheld")
    nwithheld = 810 - len(rows)  # known here: the test generated 810
    r = export(db, "parorende", "xlsx", f["xlsx"])
    check(withheld_said(r) == withheld, "xlsx: says what it left out, as CSV")
    r = export(db, "parorende", "sav", f["sav"])
    check(withheld_said(r) == withheld, "sav: says what it left out, as CSV")
    check(not any(x[1] in small for x in rows), "CSV: no row names a small unit")
    check("important_to_you" not in head, "CSV: no free text without the flag")
    data = check_xlsx(f["xlsx"], f["csv"], par, "nb", "xlsx")
    check(not any(x[1] in small for x in data), "xlsx: no row names a small unit")
    j = check_sav(f["sav"], f["csv"], par, "nb", "sav")
    if j:
        check(not any(x[1] in small for x in j["data"]), "sav: no case names a small unit")
        check("important_to_you" not in [v["name"] for v in j["variables"]],
              "sav: no free text without the flag")
        check(any("under 5" in n for n in j["notes"]), "sav: its notes say what was left out")
        check([x[0] for x in j["data"]] == list(range(1, len(rows) + 1)),
              "sav: running row numbers")

    def text_groups(head, rows, what):
        """Free text only in groups (by the names shown) of at least 10 rows."""
        t = head.index("important_to_you")
        size = collections.Counter((x[1], x[2]) for x in rows)
        texts = [x for x in rows if x[t]]
        check(all(size[(x[1], x[2])] >= 10 for x in texts),
              f"{what}: free text only in groups of 10 rows or more")
        return [x[t] for x in texts]

    # ---- with free text, labels in English (xlsx) and nynorsk (sav)
    g = {k: os.path.join(tmp, "ft." + k) for k in ("csv", "xlsx", "sav")}
    r = export(db, "parorende", "csv", g["csv"], "--include-free-text")
    m = re.search(r"(\d+) free-text answers left out", r.stderr)
    left = int(m.group(1)) if m else 0
    export(db, "parorende", "xlsx", g["xlsx"], "--include-free-text", "--lang", "en")
    export(db, "parorende", "sav", g["sav"], "--include-free-text", "--lang", "nn")
    head, rows = csv_rows(g["csv"])
    t = head.index("important_to_you")
    texts = text_groups(head, rows, "CSV")
    stored = con.execute("SELECT count(*) FROM answers WHERE item_id = 'important_to_you'"
                         ).fetchone()[0]
    check(texts and 0 <= stored - left - len(texts) <= nwithheld,
          f"CSV: every free text but those left out or of rows withheld ({stored}, {left}, "
          f"{len(texts)})")
    data = check_xlsx(g["xlsx"], g["csv"], par, "en", "xlsx --include-free-text --lang en")
    check(sorted(x[t] for x in data if x[t]) == sorted(texts), "xlsx: the same free texts")
    j = check_sav(g["sav"], g["csv"], par, "nn", "sav --include-free-text --lang nn")
    if j:
        check(sorted(x[t] for x in j["data"] if x[t]) == sorted(texts), "sav: the same free texts")

    # ---- a group of 8 writing free text: never named, its texts only in a larger group
    db2 = os.path.join(tmp, "b.db")
    run("generate", "--db", db2, "--questionnaire", q, "--n", "100", "--seed", "11",
        "--unit-sizes", "demensteam=8", "--waves", "2026-H2")
    con2 = sqlite3.connect(db2)
    dm_texts = con2.execute(
        "SELECT count(*) FROM answers a JOIN responses r ON r.id = a.response_id "
        "WHERE a.item_id = 'important_to_you' AND r.unit_id = 'demensteam'").fetchone()[0]
    check(dm_texts > 0, f"the group of 8 wrote free text ({dm_texts})")
    h = {k: os.path.join(tmp, "b." + k) for k in ("csv", "xlsx", "sav")}
    export(db2, "parorende", "csv", h["csv"], "--include-free-text")
    export(db2, "parorende", "xlsx", h["xlsx"], "--include-free-text")
    export(db2, "parorende", "sav", h["sav"], "--include-free-text")
    head, rows = csv_rows(h["csv"])
    t = head.index("important_to_you")
    texts = text_groups(head, rows, "CSV, a group of 8")
    data = check_xlsx(h["xlsx"], h["csv"], par, "nb", "xlsx, a group of 8")
    check(not any(x[1] == "demensteam" for x in data), "xlsx: the group of 8 is never named")
    check(sorted(x[t] for x in data if x[t]) == sorted(texts), "xlsx: the same free texts")
    j = check_sav(h["sav"], h["csv"], par, "nb", "sav, a group of 8")
    if j:
        check(not any(x[1] == "demensteam" for x in j["data"]), "sav: the group of 8 is never named")
        check(sorted(x[t] for x in j["data"] if x[t]) == sorted(texts), "sav: the same free texts")

    # ---- every item type: multiple choice, numbers below zero, odd item ids
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "survey", "valid",
                       "all-types", "all-types.yaml")
    with open(src, encoding="utf-8") as fh:
        text = fh.read()
    # "with" is an SPSS keyword, "2-more" starts with a digit and has a '-'.
    text = text.replace("- id: other\n", "- id: with\n").replace("id: info_more", "id: 2-more")
    qdir = os.path.join(tmp, "q")
    os.mkdir(qdir)
    q3 = os.path.join(qdir, "all-types.yaml")
    with open(q3, "w", encoding="utf-8") as fh:
        fh.write(text)
    at = Survey(q3)
    db3 = os.path.join(tmp, "c.db")
    r = run("generate", "--db", db3, "--questionnaire", q3, "--n", "300", "--seed", "3",
            "--waves", "2026-H2")
    check(r.returncode == 0, "generate with every item type")
    k = {x: os.path.join(tmp, "c." + x) for x in ("csv", "xlsx", "sav")}
    export(db3, "all-types", "csv", k["csv"], "--include-free-text")
    export(db3, "all-types", "xlsx", k["xlsx"], "--include-free-text")
    export(db3, "all-types", "sav", k["sav"], "--include-free-text", "--lang", "en")
    head, rows = csv_rows(k["csv"])
    check("services.home_care" in head and "with" in head and "2-more" in head,
          "CSV: a column per option, the odd ids")
    m = head.index("services.home_care")
    check(any(x[m] or x[m + 1] for x in rows), "some carers chose a service")
    check_xlsx(k["xlsx"], k["csv"], at, "nb", "xlsx, every item type")
    j = check_sav(k["sav"], k["csv"], at, "en", "sav, every item type")
    if j:
        names = [v["name"] for v in j["variables"]]
        check("with_" in names and "v2_more" in names and "services_home_care" in names,
              f"SPSS-safe names ({names})")
        opts = [x[m + d] for x in j["data"] for d in (0, 1) if x[m + d] is not None]
        check(0 in opts and 1 in opts, "options: 1 chosen, 0 not chosen of an answered item")

    # ---- bad command lines
    r = run("export", "--db", db, "--survey", "parorende", "--format", "xlsx", ok=False)
    check(r.returncode == 2 and "--out" in r.stderr, "xlsx without --out: exit 2")
    r = run("export", "--db", db, "--survey", "parorende", "--format", "xlsx", "--out", "-",
            ok=False)
    check(r.returncode == 2, "xlsx to standard output: exit 2")
    r = run("export", "--db", db, "--survey", "parorende", "--format", "sav", "--shape", "long",
            "--out", os.path.join(tmp, "x.sav"), ok=False)
    check(r.returncode == 2, "sav --shape long: exit 2")
    r = run("export", "--db", db, "--survey", "parorende", "--lang", "en", ok=False)
    check(r.returncode == 2, "csv --lang: exit 2")
    r = run("export", "--db", db, "--survey", "parorende", "--format", "xlsx", "--out",
            os.path.join(tmp, "no", "such", "dir.xlsx"), ok=False)
    check(r.returncode == 1 and "cannot write" in r.stderr, "an unwritable xlsx path: exit 1")


if __name__ == "__main__":
    main()
