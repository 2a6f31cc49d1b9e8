#!/usr/bin/env python3
"""End-to-end test of `lytt-analyze report` and `lytt-analyze chart`: generated
responses with a unit of 3 and one of 7 respondents, the report in nb, nn and en,
its pages and text read back with pdftotext (poppler-utils), suppression notes,
Norwegian number format, PNGs for slides, and the same bytes for the same data.

usage: test_report.py LYTT_ANALYZE SURVEY_DIR
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

from checks import check, finish

ANALYZE, SURVEY_DIR = sys.argv[1], sys.argv[2]

NEEDS = 10  # domains of survey/parorende.yaml
# Title, key findings (2 pages), a page per need, a page per shown unit (the two
# home-care districts: demensteamet (3) is too small and hides sjukeheim-fjordly
# (7) with it), method and anonymity.
EXPECTED_PAGES = 1 + 2 + NEEDS + 2 + 1


def run(*args):
    return subprocess.run([ANALYZE, *args], capture_output=True, text=True)


def pdftotext(path, *opts):
    r = subprocess.run(["pdftotext", *opts, path, "-"], capture_output=True, text=True)
    return r.stdout


def pages(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return int(m.group(1)) if m else -1


def norm(s):
    """Spaces as pdftotext writes them (the narrow no-break space may come out as
    a space or stay U+202F) made plain."""
    return re.sub(r"[ \u00a0\u202f]+", " ", s)


def main():
    if not shutil.which("pdftotext") or not shutil.which("pdfinfo"):
        print("report_integration: pdftotext/pdfinfo missing (apt-get install poppler-utils)",
              file=sys.stderr)
        sys.exit(1)
    tmp = tempfile.mkdtemp(prefix="lytt-report-")
    try:
        tests(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    finish("report_integration")


def tests(tmp):
    db = os.path.join(tmp, "r.db")
    q = os.path.join(SURVEY_DIR, "parorende.yaml")
    r = run("generate", "--db", db, "--questionnaire", q, "--n", "1500", "--seed", "3",
            "--waves", "2025-H1,2025-H2,2026-H1,2026-H2",
            "--unit-sizes", "demensteam=3,sjukeheim-fjordly=7")
    if not check(r.returncode == 0, f"generate works ({r.stderr.strip()})"):
        return

    # --- the report in Bokmål, with PNGs ---------------------------------------------
    pdf = os.path.join(tmp, "report.pdf")
    pngs = os.path.join(tmp, "png")
    r = run("report", "--db", db, "--survey", "parorende", "--out", pdf, "--png-dir", pngs)
    check(r.returncode == 0, f"report works ({r.stderr.strip()})")
    check(r.stderr == "", "no progress bar when stderr is no terminal")
    with open(pdf, "rb") as f:
        data = f.read()
    check(data.startswith(b"%PDF-") and b"%%EOF" in data[-64:], "a complete PDF")
    check(b"/CreationDate" not in data and b"/ModDate" not in data, "no dates in the PDF")
    check(pages(pdf) == EXPECTED_PAGES, f"{EXPECTED_PAGES} pages (got {pages(pdf)})")

    text = norm(pdftotext(pdf))
    for want in ["Pårørendeundersøkelse", "Rapport for ledere", "Hovedfunn",
                 "Støtte og noen å snakke med", "Egen helse og hverdag", "Avlastning og praktisk",
                 "Hjemmetjenesten nord", "Hjemmetjenesten sør", "Metode og anonymitet",
                 "Slik svarte de pårørende", "utvikling over tid", "Dette fungerer best",
                 "Størst forbedringsbehov", "Endringer over tid", "Forskjeller mellom enheter"]:
        check(want in text, f"the report says {want!r}")
    # Coverage, never a response rate.
    check("Dekning: 1 510 svar" in text, "coverage with the number of responses")
    check(not re.search(r"[Ss]varprosent(en)?\s*(er|:|på)\s*\d", text), "no response rate")
    # Suppression: the small units are named with the reason, never with a number.
    check("for få svar" in text, "'for få svar' shown")
    # Small and protecting units read the same: which is which is not told.
    check("skjult for å beskytte en liten gruppe" in text, "the method page says why units hide")
    check(re.search(r"Demensteamet\s+for få svar \(under 5", text) is not None and
          re.search(r"Fjordly sykehjem\s+for få svar \(under 5", text) is not None,
          "the method page names both hidden units alike")
    check("beskytte en annen enhet" not in text, "nothing says which unit protects which")
    check("Grupper med færre enn 5 svar vises ikke" in text, "the thresholds are stated")
    layout = norm(pdftotext(pdf, "-layout"))
    for unit in ["Demensteamet", "Fjordly sykehjem"]:
        lines = [ln for ln in layout.splitlines() if unit in ln and "for få svar" in ln
                 or unit in ln and "beskytte" in ln]
        check(lines and all(not re.search(r"\d", ln.replace("under 5", "")) for ln in lines),
              f"no count for {unit} ({lines})")
    for p in range(1, EXPECTED_PAGES + 1):
        first = pdftotext(pdf, "-f", str(p), "-l", str(p)).strip().splitlines()
        head = first[0] if first else ""
        check(head not in ("Demensteamet", "Fjordly sykehjem"), f"page {p} is no hidden unit's")
    # Norwegian numbers: "85 %" with a (narrow no-break) space, decimal comma. In
    # small print pdftotext may drop so narrow a space, so look at the findings.
    check(re.search(r"\d % positive svar", text) is not None, "percent with a space in nb")
    check(re.search(r"\d% positive", text) is None, "no English percent in nb")
    check(re.search(r"alfa for påstandene: 0,\d\d", text) is not None, "decimal comma")

    # PNGs: every chart of the report at 2x (640 points: 1280 pixels wide).
    files = sorted(os.listdir(pngs))
    # Per shown unit its scores, and its weakest items where the gate shows its item
    # results: with required items a hidden unit of 3 can cost the next smallest unit
    # its don't-know counts, and with them its item results (docs/privacy.md).
    weakest = sum(1 for f in files if f.endswith("-weakest.png"))
    check(len(files) >= 1 + 1 + 3 * NEEDS + 2 + weakest and weakest >= 1,
          f"a PNG per chart ({len(files)}, {weakest} of weakest items)")
    for name in files:
        with open(os.path.join(pngs, name), "rb") as f:
            head = f.read(24)
        ok = head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
        check(ok and struct.unpack(">I", head[16:20])[0] == 1280, f"{name} is a 1280 px PNG")
    check(not any("demensteam" in n or "fjordly" in n for n in files), "no PNG of a hidden unit")

    # The same data gives the same bytes.
    again = os.path.join(tmp, "again.pdf")
    run("report", "--db", db, "--survey", "parorende", "--out", again)
    with open(again, "rb") as f:
        check(f.read() == data, "the same report twice gives the same bytes")

    # --- Nynorsk and English -----------------------------------------------------------
    for lang, words, percent in [
        ("nn", ["Pårørandeundersøking", "Hovudfunn", "Metode og anonymitet", "for få svar",
                "skjult for å verne ei lita gruppe"], r"\d % positive svar"),
        ("en", ["Carer survey", "Key findings", "Method and anonymity", "too few responses",
                "Coverage: 1,510 responses", "hidden to protect a small group"],
         r"\d% positive \(95% CI"),
    ]:
        out = os.path.join(tmp, f"report-{lang}.pdf")
        r = run("report", "--db", db, "--survey", "parorende", "--lang", lang, "--out", out)
        check(r.returncode == 0, f"report --lang {lang} ({r.stderr.strip()})")
        check(pages(out) == EXPECTED_PAGES, f"{lang}: {EXPECTED_PAGES} pages ({pages(out)})")
        t = norm(pdftotext(out))
        for w in words:
            check(w in t, f"{lang}: says {w!r}")
        check(re.search(percent, t) is not None, f"{lang}: its percent style")
    t = norm(pdftotext(os.path.join(tmp, "report-en.pdf")))
    check(re.search(r"\d % positive", t) is None, "en: no Norwegian percent")

    # One wave only.
    out = os.path.join(tmp, "wave.pdf")
    r = run("report", "--db", db, "--survey", "parorende", "--wave", "2026-H2", "--out", out)
    check(r.returncode == 0 and "Bølge 2026-H2" in norm(pdftotext(out)), "report --wave")

    # --- single charts -----------------------------------------------------------------
    for args, ext in [(["agreement", "--domain", "information"], "png"),
                      (["agreement", "--unit", "heimetenester-nord"], "svg"),
                      (["domains"], "pdf"), (["domains", "--domain", "overall"], "png"),
                      (["domains", "--unit", "heimetenester-sor", "--lang", "en"], "png"),
                      (["run", "--domain", "overall"], "png"),
                      (["run", "--item", "overall_satisfied", "--by", "wave"], "svg"),
                      (["pchart", "--item", "info_rights"], "pdf"),
                      (["counts", "--by", "month"], "png")]:
        out = os.path.join(tmp, f"chart-{args[0]}.{ext}")
        r = run("chart", *args, "--db", db, "--survey", "parorende", "--out", out)
        ok = r.returncode == 0 and os.path.getsize(out) > 1000
        check(ok, f"chart {' '.join(args)} -> .{ext} ({r.stderr.strip()})")
    r = run("chart", "pie", "--db", db, "--survey", "parorende", "--out", "x.png")
    check(r.returncode == 2 and "unknown kind" in r.stderr, "an unknown kind is a usage error")
    r = run("chart", "agreement", "--db", db, "--survey", "parorende", "--out", "x.jpg")
    check(r.returncode == 2, "an unknown extension is a usage error")
    r = run("chart", "run", "--db", db, "--survey", "parorende", "--item", "nope",
            "--out", os.path.join(tmp, "x.png"))
    check(r.returncode == 1 and "nope" in r.stderr, "an unknown item is an error")
    r = run("chart", "agreement", "--db", db, "--survey", "parorende", "--unit", "demensteam",
            "--out", os.path.join(tmp, "small.svg"))
    with open(os.path.join(tmp, "small.svg"), encoding="utf-8") as f:
        svg = f.read()
    check(r.returncode == 0 and "<svg" in svg, "a chart of a hidden unit is drawn")
    r = run("report", "--db", os.path.join(tmp, "missing.db"), "--survey", "parorende",
            "--out", os.path.join(tmp, "m.pdf"))
    check(r.returncode == 1, "a missing database is an error")


if __name__ == "__main__":
    main()
