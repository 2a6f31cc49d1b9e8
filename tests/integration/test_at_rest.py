#!/usr/bin/env python3
"""An attacker at rest: someone gets a copy of every file in the database's folder
(the SQLite database, its -wal and -shm) at one moment, the invitation letters'
mailing list (which code went to whom: this test knows every code) and the hash
key file. Within a short window after the last write, with the server still
running, those files must hold no order of arrival, no link between an invitation
code and an answer, no trace of withdrawn answers and no key.

The same attacks are first run on a copy taken right after the writes, before the
server has rewritten its files: there they must succeed, so that a pass afterwards
means something. Where the product's files never allowed an attack even then, the
attack is shown to work on a database made unscrubbed on purpose.

  1. Server A (--scrub-after 3600): a code round, batch 1 of answers, one POST at a
     time in a random order of codes, each with a marker in its free text; two
     withdrawn. Copy the folder: the attacks must succeed. Server A is then killed
     (SIGKILL: what a crash leaves).
  2. Server B (--scrub-after 2) on the same files: a young carer's answer, batch 2,
     two more withdrawn. Wait until the WAL is empty and stays so, copy the folder,
     attack: (a) order from WAL commits and from B-tree cell offsets (Kendall's tau
     against the true order, |z| < 3.9; cells within each leaf page in key order),
     (b) code-answer links (hashes of used codes anywhere, WAL replay), (c) withdrawn
     markers, ids and receipt hashes anywhere, (d) verifying codes from the database
     alone (every 32-byte value in it tried as a key).
  3. File modes (0600) of the folder, the key file, the code list, the letters, a
     backup (lytt-admin backup, attacked like the folder) and an export.
  4. A young carer's receipt: its end day follows from the stored month label alone.

usage: test_at_rest.py LYTT_SERVER LYTT_ADMIN LYTT_ANALYZE SURVEY_DIR
"""
import calendar
import csv
import datetime
import hashlib
import http.client
import math
import os
import random
import re
import shutil
import signal
import sqlite3
import stat
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse

from checks import check, finish, wait_for_port, http_request as request

SERVER, ADMIN, ANALYZE, SURVEY_DIR = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
SURVEY, UNIT, ROUND, WAVE = "parorende", "demensteam", "demens-2026-11", "2026-11"
YOUNG, YOUNG_UNIT = "unge-parorende", "helsestasjon-skole"
N_CODES, BATCH, WITHDRAW = 90, 40, 2  # 80 codes used, 10 unused; 2 withdrawn a batch
Z_LIMIT = 3.9
MARK_RE = re.compile(rb"MARK-[0-9a-f]{16}")
rng = random.SystemRandom()


# ---- the server and the programs -------------------------------------------------------

class Server:
    def __init__(self, tmp, name, db, key_file, scrub_after):
        self.log_path = os.path.join(tmp, f"server-{name}.log")
        self.log = open(self.log_path, "w+")
        self.proc = subprocess.Popen(
            [SERVER, "--port", "0", "--db", db, "--surveys", SURVEY_DIR, "--rate-limit", "0",
             "--key-file", key_file, "--scrub-after", str(scrub_after)],
            stdout=self.log, stderr=self.log)
        self.port = wait_for_port(self.proc, self.log)
        if self.port is None:
            self.log.seek(0)
            sys.exit(f"the server did not start:\n{self.log.read()}")

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()


def run(*args):
    return subprocess.run(list(args), capture_output=True, text=True)




def answer(port, survey, unit, fields):
    """Posts one answer; returns its receipt code or None."""
    st, loc, _ = request(port, "POST", f"/s/{survey}/{unit}", fields)
    q = urllib.parse.parse_qs(urllib.parse.urlparse(loc).query)
    return q["receipt"][0] if st == 303 and "receipt" in q else None


def withdraw(port, survey, receipt):
    st, _, _ = request(port, "POST", f"/s/{survey}/withdraw", {"code": receipt})
    return st


def new_marker():
    return "MARK-" + os.urandom(8).hex()


# ---- keys and hashes -------------------------------------------------------------------

def read_keys(path):
    keys = {}
    for line in open(path, encoding="ascii"):
        parts = line.split()
        if len(parts) == 2 and not parts[0].startswith("#"):
            keys[parts[0]] = bytes.fromhex(parts[1])
    return keys


def code_hash(code, key):
    norm = code.replace("-", "").replace(" ", "").upper()
    return hashlib.blake2b(norm.encode(), key=key, digest_size=32).digest()


# ---- SQLite's files, read as an attacker reads them -----------------------------------

def varint(buf, off):
    """SQLite's varint at off: (value, next offset)."""
    v = 0
    for i in range(8):
        b = buf[off + i]
        v = (v << 7) | (b & 0x7F)
        if b < 0x80:
            return v, off + i + 1
    return (v << 8) | buf[off + 8], off + 9


def wal_checksum(data, s0, s1, big_endian):
    fmt = ">" if big_endian else "<"
    words = struct.unpack(f"{fmt}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def wal_commits(wal):
    """The WAL's transactions in the order they were written, oldest generation
    first: a list of lists of (page number, page image). Frames of the current
    generation count up to the last valid commit (salts and checksum chain);
    leftovers of older generations (other salts) are replayed before it, each
    commit as written. Also returns the page size and the frame count."""
    if len(wal) < 32:
        return [], 0, 0
    magic, _, psize, _, salt1, salt2, ck1, ck2 = struct.unpack(">8I", wal[:32])
    if magic not in (0x377F0682, 0x377F0683) or psize < 512:
        return [], 0, 0
    big = magic & 1
    s = wal_checksum(wal[:24], 0, 0, big)
    header_ok = s == (ck1, ck2)
    frames, off = [], 32
    while off + 24 + psize <= len(wal):
        pgno, commit, fs1, fs2, c1, c2 = struct.unpack(">6I", wal[off:off + 24])
        frames.append((pgno, commit, (fs1, fs2), (c1, c2), wal[off:off + 8],
                       wal[off + 24:off + 24 + psize]))
        off += 24 + psize
    # The current generation: the valid prefix.
    current, pending = [], []
    valid_end = 0
    if header_ok:
        for i, (pgno, commit, salts, cks, head8, page) in enumerate(frames):
            if salts != (salt1, salt2):
                break
            s = wal_checksum(head8 + page, s[0], s[1], big)
            if s != cks:
                break
            pending.append((pgno, page))
            if commit:
                current.append(pending)
                pending = []
                valid_end = i + 1
    # Older generations: frames after the valid prefix with other salts, by salt1.
    older = {}
    for pgno, commit, salts, _, _, page in frames[valid_end:]:
        if salts == (salt1, salt2):
            continue
        g = older.setdefault(salts, [[]])
        g[-1].append((pgno, page))
        if commit:
            g.append([])
    commits = []
    for salts in sorted(older, key=lambda x: (x[0] - salt1) & 0xFFFFFFFF):
        commits += [c for c in older[salts] if c]
    return commits + current, psize, len(frames)


def db_pages(data):
    if len(data) < 100:
        return {}, 4096
    psize = struct.unpack(">H", data[16:18])[0]
    psize = 65536 if psize == 1 else psize
    return {i // psize + 1: data[i:i + psize] for i in range(0, len(data), psize)}, psize


def image(files, dbname):
    """The database as SQLite would read it: the main file with the WAL's committed
    transactions applied. Returns (pages, page size)."""
    pages, psize = db_pages(files.get(dbname, b""))
    commits, wpsize, _ = wal_commits(files.get(dbname + "-wal", b""))
    if commits and not pages:
        psize = wpsize
    for c in commits:
        for pgno, page in c:
            pages[pgno] = page
    return pages, psize


def image_bytes(pages, psize):
    n = max(pages) if pages else 0
    return b"".join(pages.get(i, bytes(psize)) for i in range(1, n + 1))


def open_image(pages, psize, path):
    """Writes the image to path and opens it read-only and immutable."""
    with open(path, "wb") as f:
        f.write(image_bytes(pages, psize))
    return sqlite3.connect(f"file:{path}?immutable=1", uri=True)


def int_encodings(v):
    """How SQLite stores the integer v: in a record (big-endian, the smallest of its
    widths that holds it) and as a rowid (varint)."""
    rec = next(v.to_bytes(w, "big", signed=True) for w in (1, 2, 3, 4, 6, 8)
               if -(1 << (8 * w - 1)) <= v < 1 << (8 * w - 1))
    u = v & ((1 << 64) - 1)
    if u >= 1 << 56:
        out = [u & 0xFF]
        u >>= 8
        out = [(u & 0x7F) | 0x80] + out
        u >>= 7
        for _ in range(7):
            out.insert(0, (u & 0x7F) | 0x80)
            u >>= 7
        vi = bytes(out)
    else:
        out = [u & 0x7F]
        u >>= 7
        while u:
            out.insert(0, (u & 0x7F) | 0x80)
            u >>= 7
        vi = bytes(out)
    return [rec, vi]


def record(payload):
    """The values of an SQLite record (only as far as the payload goes)."""
    hsize, off = varint(payload, 0)
    types = []
    while off < hsize:
        t, off = varint(payload, off)
        types.append(t)
    vals, pos = [], hsize
    widths = {1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8}
    for t in types:
        if t == 0:
            vals.append(None)
        elif t in widths:
            w = widths[t]
            vals.append(int.from_bytes(payload[pos:pos + w], "big", signed=True))
            pos += w
        elif t == 7:
            vals.append(struct.unpack(">d", payload[pos:pos + 8])[0])
            pos += 8
        elif t in (8, 9):
            vals.append(t - 8)
        elif t >= 12:
            n = (t - 12) // 2
            vals.append(payload[pos:pos + n] if t % 2 == 0 else payload[pos:pos + n].decode("utf-8", "replace"))
            pos += n
        else:
            vals.append(None)
    return vals


def local_payload(p, usable, is_index):
    x = ((usable - 12) * 64 // 255) - 23 if is_index else usable - 35
    if p <= x:
        return p
    m = ((usable - 12) * 32 // 255) - 23
    k = m + ((p - m) % (usable - 4))
    return k if k <= x else m


def btree_page(pages, pgno, usable):
    """(type, [(cell offset, cell)], right child, first overflow pages) of page
    pgno: cells as ('rowid', n), ('record', values) or ('child', n, key-or-record)."""
    page = pages.get(pgno)
    if page is None:
        return None, [], None, []
    h = 100 if pgno == 1 else 0
    kind = page[h]
    if kind not in (0x02, 0x05, 0x0A, 0x0D):
        return None, [], None, []
    ncells = struct.unpack(">H", page[h + 3:h + 5])[0]
    hlen = 12 if kind in (0x02, 0x05) else 8
    right = struct.unpack(">I", page[h + 8:h + 12])[0] if hlen == 12 else None
    cells, overflow = [], []
    for i in range(ncells):
        off = struct.unpack(">H", page[h + hlen + 2 * i:h + hlen + 2 * i + 2])[0]
        try:
            if kind == 0x0D:
                p, o = varint(page, off)
                rowid, o = varint(page, o)
                if rowid >= 1 << 63:
                    rowid -= 1 << 64
                n = local_payload(p, usable, False)
                if n < p:
                    overflow.append(struct.unpack(">I", page[o + n:o + n + 4])[0])
                cells.append((off, ("rowid", rowid)))
            elif kind == 0x05:
                child = struct.unpack(">I", page[off:off + 4])[0]
                rowid, _ = varint(page, off + 4)
                cells.append((off, ("child", child, rowid)))
            else:
                o = off + 4 if kind == 0x02 else off
                p, o = varint(page, o)
                n = local_payload(p, usable, True)
                if n < p:
                    overflow.append(struct.unpack(">I", page[o + n:o + n + 4])[0])
                vals = record(page[o:o + n])
                if kind == 0x02:
                    child = struct.unpack(">I", page[off:off + 4])[0]
                    cells.append((off, ("child", child, vals)))
                else:
                    cells.append((off, ("record", vals)))
        except (IndexError, UnicodeDecodeError, struct.error):
            cells.append((off, ("bad",)))
    return kind, cells, right, overflow


def btree_pages(pages, root, usable, reached):
    """Every page of the B-tree at root: [(pgno, type, cells)], leaves and interiors.
    Adds them and their overflow pages to the set reached."""
    out, todo = [], [root]
    while todo:
        pg = todo.pop()
        if pg in reached or pg not in pages:
            continue
        reached.add(pg)
        kind, cells, right, overflow = btree_page(pages, pg, usable)
        if kind is None:
            continue
        out.append((pg, kind, cells))
        for ov in overflow:
            while ov and ov in pages and ov not in reached:
                reached.add(ov)
                ov = struct.unpack(">I", pages[ov][:4])[0]
        if kind in (0x02, 0x05):
            todo += [c[1][1] for c in cells if c[1][0] == "child"]
            if right:
                todo.append(right)
    return sorted(out)


def freelist(pages):
    """The free-list pages (trunks and leaves) named by page 1's header."""
    out = set()
    trunk = struct.unpack(">I", pages[1][32:36])[0]
    while trunk and trunk in pages and trunk not in out:
        out.add(trunk)
        nxt, n = struct.unpack(">II", pages[trunk][:8])
        out.update(struct.unpack(f">{min(n, len(pages[trunk]) // 4 - 2)}I",
                                 pages[trunk][8:8 + 4 * min(n, len(pages[trunk]) // 4 - 2)]))
        trunk = nxt
    return out


def cell_key(cell):
    """A comparable key of a cell for the order check (records of mixed types too)."""
    if cell[0] == "rowid":
        return (cell[1],)
    vals = cell[1] if cell[0] == "record" else cell[2]
    if isinstance(vals, int):
        return (vals,)
    rank = {type(None): 0, int: 1, float: 1, str: 3, bytes: 4}
    return tuple((rank.get(type(v), 5), v) for v in vals)


# ---- statistics ------------------------------------------------------------------------

def sgn(a, b):
    return (a > b) - (a < b)


def kendall(xs, ys):
    """Kendall's tau-b and the number of pairs; 0.0 when one side is all ties."""
    n = len(xs)
    c = d = tx = ty = 0
    for i in range(n):
        for j in range(i + 1, n):
            dx, dy = sgn(xs[i], xs[j]), sgn(ys[i], ys[j])
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                tx += 1
            elif dy == 0:
                ty += 1
            elif dx == dy:
                c += 1
            else:
                d += 1
    den = math.sqrt((c + d + tx) * (c + d + ty))
    return ((c - d) / den if den else 0.0), n


def null_sd(n):
    return math.sqrt(2 * (2 * n + 5) / (9 * n * (n - 1))) if n > 1 else float("inf")


def tau_z(xs, ys):
    tau, n = kendall(xs, ys)
    return tau, (tau / null_sd(n) if n > 1 else 0.0), n


def within_groups(groups):
    """Kendall's S summed over groups of (x, y) pairs (pairs inside a group only),
    as a tau over those pairs and a z against its null variance."""
    s = pairs = 0
    var = 0.0
    for g in groups:
        n = len(g)
        if n < 2:
            continue
        for i in range(n):
            for j in range(i + 1, n):
                s += sgn(g[i][0], g[j][0]) * sgn(g[i][1], g[j][1])
        pairs += n * (n - 1) // 2
        var += n * (n - 1) * (2 * n + 5) / 18
    return (s / pairs if pairs else 0.0), (s / math.sqrt(var) if var else 0.0), pairs


# ---- the attacks -----------------------------------------------------------------------

class Truth:
    """What the test knows: markers in arrival order, the codes and receipts used."""

    def __init__(self):
        self.order = []          # markers in the order they were posted (kept and withdrawn)
        self.code_of = {}        # marker -> invitation code used (or None)
        self.receipt_of = {}     # marker -> receipt code
        self.withdrawn = set()   # markers withdrawn
        self.codes = []          # every invitation code made
        self.keys = {}           # the key file's keys

    def used_codes(self):
        return [c for c in self.code_of.values() if c]

    def unused_codes(self):
        used = set(self.used_codes())
        return [c for c in self.codes if c not in used]


def read_folder(folder):
    return {name: open(os.path.join(folder, name), "rb").read() for name in sorted(os.listdir(folder))
            if os.path.isfile(os.path.join(folder, name))}


def snapshot(folder, dest):
    """Copies every file of folder at once (the attacker's copy) and reads it."""
    os.makedirs(dest)
    for name in os.listdir(folder):
        src = os.path.join(folder, name)
        if os.path.isfile(src):
            shutil.copyfile(src, os.path.join(dest, name))
    return read_folder(dest)


def hits(files, needle):
    return [name for name, data in files.items() if needle in data]


def attack_wal(files, dbname, truth):
    """(a) and (b) from the WAL: replays its commits on the main file and notes in
    which commit each marker first appears and each used code's hash disappears."""
    commits, psize, nframes = wal_commits(files.get(dbname + "-wal", b""))
    pages, _ = db_pages(files.get(dbname, b""))
    used = {code_hash(c, truth.keys["invite_key"]): c for c in truth.used_codes()}
    def present(pg):
        data = pages.get(pg, b"")
        return set(MARK_RE.findall(data)), {h for h in used if h in data}
    page_state = {pg: present(pg) for pg in pages}
    def holders():
        m, h = {}, {}
        for pg, (ms, hs) in page_state.items():
            for x in ms:
                m.setdefault(x, set()).add(pg)
            for x in hs:
                h.setdefault(x, set()).add(pg)
        return m, h
    first_seen = {m: -1 for m in holders()[0]}
    links = []
    for k, frames in enumerate(commits):
        _, hs_before = holders()
        for pgno, page in frames:
            pages[pgno] = page
            page_state[pgno] = present(pgno)
        ms_after, hs_after = holders()
        new_marks = [m for m in ms_after if m not in first_seen]
        for m in new_marks:
            first_seen[m] = k
        gone = [h for h in hs_before if h not in hs_after]
        if len(new_marks) == 1 and len(gone) == 1:
            links.append((used[gone[0]], new_marks[0].decode()))
    kept = [m for m in truth.order if m.encode() in first_seen]
    xs = [first_seen[m.encode()] for m in kept]
    ys = [truth.order.index(m) for m in kept]
    tau, z, n = tau_z(xs, ys)
    right = sum(1 for code, m in links if truth.code_of.get(m) == code)
    return {"frames": nframes, "commits": len(commits), "ordered": n, "tau": tau, "z": z,
            "links": len(links), "links_right": right}


def attack_cells(pages, psize, truth, workdir, tag):
    """(a) from the B-tree: each leaf cell mapped to a response (rowid, a response
    id or a receipt hash in an index record), ordered by (page, offset) and by
    offset within a page, against the true order. Also counts pages whose cell
    offsets are not monotone in the key."""
    con = open_image(pages, psize, os.path.join(workdir, f"image-{tag}.db"))
    usable = psize - pages[1][20]
    roots = [("sqlite_master", 1)] + con.execute(
        "SELECT name, rootpage FROM sqlite_master WHERE rootpage > 0").fetchall()
    resp = {}
    for rid, answers in con.execute("SELECT id, answers FROM responses"):
        m = MARK_RE.search(answers.encode())
        if m and m.group().decode() in truth.order:
            resp[rid] = truth.order.index(m.group().decode())
    receipt_to_id = {h: rid for h, rid in con.execute("SELECT hash, response_id FROM receipts")}
    con.close()

    def arrival(cell):
        if cell[0] == "rowid":
            return resp.get(cell[1])
        vals = cell[1] if cell[0] == "record" else []
        for v in vals:
            if isinstance(v, int) and v in resp:
                return resp[v]
            if isinstance(v, bytes) and v in receipt_to_id and receipt_to_id[v] in resp:
                return resp[receipt_to_id[v]]
        return None

    result = {"trees": {}, "bad_pages": 0, "pages": 0, "worst_z": 0.0}
    reached = set()
    free = freelist(pages)
    for name, root in roots:
        tree = btree_pages(pages, root, usable, reached)
        points, groups = [], []
        for pg, kind, cells in tree:
            result["pages"] += 1
            keyed = [c for c in cells if c[1][0] != "bad"]
            if len(keyed) == len(cells):
                order_by_key = [off for off, _ in sorted(keyed, key=lambda oc: cell_key(oc[1]))]
                inc = all(a < b for a, b in zip(order_by_key, order_by_key[1:]))
                dec = all(a > b for a, b in zip(order_by_key, order_by_key[1:]))
                if not (inc or dec):
                    result["bad_pages"] += 1
            else:
                result["bad_pages"] += 1
            if kind not in (0x0A, 0x0D):
                continue
            g = []
            for off, cell in cells:
                a = arrival(cell)
                if a is not None:
                    points.append(((pg, off), a))
                    g.append((off, a))
            groups.append(g)
        if len(points) < 10:
            continue
        tau, z, n = tau_z([p for p, _ in points], [a for _, a in points])
        tw, zw, pairs = within_groups(groups)
        result["trees"][name] = {"n": n, "tau": tau, "z": z, "tau_within": tw, "z_within": zw,
                                 "pairs_within": pairs}
        result["worst_z"] = max(result["worst_z"], abs(z), abs(zw))
    result["free"] = len(free)
    result["orphans"] = sorted(set(pages) - reached - free)
    return result


def attack_bytes(files, truth, withdrawn_ids):
    """(b) and (c) byte for byte in every file."""
    inv, rec = truth.keys["invite_key"], truth.keys["receipt_key"]
    used = [code_hash(c, inv) for c in truth.used_codes()]
    unused = [code_hash(c, inv) for c in truth.unused_codes()]
    gone = [m for m in truth.order if m in truth.withdrawn]
    kept = [m for m in truth.order if m not in truth.withdrawn]
    out = {
        "used_hash_hits": sum(1 for h in used if hits(files, h)),
        "unused_hash_found": sum(1 for h in unused if hits(files, h)),
        "withdrawn_marker_hits": sorted({n for m in gone for n in hits(files, m.encode())}),
        "withdrawn_receipt_hits": sum(1 for m in gone if hits(files, code_hash(truth.receipt_of[m], rec))),
        "withdrawn_id_hits": sum(1 for i in withdrawn_ids
                                 if any(hits(files, e) for e in int_encodings(i))),
        "kept_markers_found": sum(1 for m in kept if hits(files, m.encode())),
        "kept": len(kept),
        "key_hits": sorted({n for k in truth.keys.values()
                            for needle in (k, k.hex().encode(), k.hex().upper().encode())
                            for n in hits(files, needle)}),
    }
    return out


def attack_db_alone(files, pages, psize, truth, workdir, tag):
    """(d): every 32-byte value stored in the database (and every 64-hex-digit text)
    tried as the BLAKE2b key of every code we know; a code counts as verified when
    its hash under that key is in one of the files. Returns (verified codes, meta
    keys that look like keys, candidates tried)."""
    con = open_image(pages, psize, os.path.join(workdir, f"keys-{tag}.db"))
    candidates = set()
    meta_suspects = []
    meta_rows = con.execute("SELECT key, value FROM meta").fetchall()
    print(f"{tag}: (d) meta rows: " + (", ".join(
        f"{k} ({len(v) if isinstance(v, (bytes, str)) else type(v).__name__})"
        for k, v in meta_rows) or "none"))
    for key, value in meta_rows:
        if re.search(r"key|secret|salt|pepper", str(key), re.I):
            meta_suspects.append(key)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for t in tables:
        for row in con.execute(f'SELECT * FROM "{t}"'):
            for v in row:
                if isinstance(v, bytes) and len(v) == 32:
                    candidates.add(v)
                elif isinstance(v, str) and re.fullmatch(r"[0-9a-fA-F]{64}", v):
                    candidates.add(bytes.fromhex(v))
                elif isinstance(v, (bytes, str)):
                    b = v if isinstance(v, bytes) else v.encode()
                    for m in re.finditer(rb"[0-9a-fA-F]{64}", b):
                        candidates.add(bytes.fromhex(m.group().decode()))
    con.close()
    codes = truth.codes + list(truth.receipt_of.values())
    blob = b"\0".join(files.values())
    verified = 0
    for k in candidates:
        verified += sum(1 for c in codes if code_hash(c, k) in blob)
    return verified, meta_suspects, len(candidates)


def verified_with_real_keys(files, truth):
    blob = b"\0".join(files.values())
    inv, rec = truth.keys["invite_key"], truth.keys["receipt_key"]
    unused = sum(1 for c in truth.unused_codes() if code_hash(c, inv) in blob)
    receipts = sum(1 for m, r in truth.receipt_of.items()
                   if m not in truth.withdrawn and code_hash(r, rec) in blob)
    return unused, receipts


def shm_header(shm):
    """The -shm file's first wal-index header (native byte order): its change
    counter iChange (one more on every write transaction), mxFrame, the salts."""
    if len(shm) < 48:
        return None
    i_version, _, i_change, is_init, _, _, mx = struct.unpack("=IIIBBHI", shm[:20])
    return {"iVersion": i_version, "iChange": i_change, "isInit": is_init, "mxFrame": mx,
            "salts": shm[32:40].hex()}


def shm_pages(shm):
    """The page numbers the -shm file's first wal-index block still lists, frame by
    frame (aPgno), and the header's mxFrame."""
    if len(shm) < 136 + 4 * 4062:
        return 0, []
    mx = struct.unpack("=I", shm[16:20])[0]  # the wal-index is in native byte order
    apgno = struct.unpack("=4062I", shm[136:136 + 4 * 4062])
    last = max((i for i, p in enumerate(apgno) if p), default=-1)
    return mx, list(apgno[:last + 1])


# ---- the test --------------------------------------------------------------------------

def main():
    tmp = tempfile.mkdtemp(prefix="lytt-at-rest-")
    servers = []
    try:
        test(tmp, servers)
    finally:
        for s in servers:
            s.stop(signal.SIGKILL)
        shutil.rmtree(tmp, ignore_errors=True)
    finish("at_rest")


def post_batch(port, truth, codes, withdraw_n, learn_ids):
    order = list(codes)
    rng.shuffle(order)
    ok = 0
    for code in order:
        m = new_marker()
        fields = {"relation": "partner", "involve_important": str(rng.randint(1, 5)),
                  "overall_trust": str(rng.randint(1, 5)),
                  "overall_satisfied": str(rng.randint(1, 5)),
                  "important_to_you": f"Avlastning {m} takk", "_code": code}
        r = answer(port, SURVEY, UNIT, fields)
        if r:
            ok += 1
            truth.order.append(m)
            truth.code_of[m] = code
            truth.receipt_of[m] = r
    check(ok == len(order), f"{ok} of {len(order)} answers with a code stored (303 and a receipt)")
    batch = truth.order[-ok:]
    learn_ids()  # the response ids, from the files as they are before any withdrawal
    # Withdraw some answers from the middle of the batch, not the last ones.
    gone = rng.sample(batch[:-5], withdraw_n)
    for m in gone:
        st = withdraw(port, SURVEY, truth.receipt_of[m])
        check(st == 200, f"withdrawing an answer by its receipt: 200 ({st})")
        truth.withdrawn.add(m)


def wait_scrubbed(folder, dbname, limit=60.0, stable=2.5):
    """Polls until the -wal file is empty or absent and has stayed so for `stable`
    seconds; returns the seconds waited, or None."""
    t0 = time.monotonic()
    since = None
    while time.monotonic() - t0 < limit:
        wal = os.path.join(folder, dbname + "-wal")
        empty = not os.path.exists(wal) or os.path.getsize(wal) == 0
        if empty:
            since = since or time.monotonic()
            if time.monotonic() - since >= stable:
                return time.monotonic() - t0
        else:
            since = None
        time.sleep(0.1)
    return None


def learn_ids(folder, dbname, truth, tmp, tag, all_ids):
    """Reads the response ids of the answers so far from a copy (the test needs the
    ids of answers it is about to withdraw, to look for them afterwards)."""
    files = snapshot(folder, os.path.join(tmp, "copy-" + tag))
    pages, psize = image(files, dbname)
    all_ids.update(ids_of(pages, psize, truth, os.path.join(tmp, f"ids-{tag}.db")))


def ids_of(pages, psize, truth, path):
    con = open_image(pages, psize, path)
    ids = {}
    for rid, answers in con.execute("SELECT id, answers FROM responses"):
        m = MARK_RE.search(answers.encode())
        if m:
            ids[m.group().decode()] = rid
    con.close()
    return ids


def test(tmp, servers):
    data, keys_dir, out = (os.path.join(tmp, d) for d in ("data", "keys", "out"))
    for d in (data, keys_dir, out):
        os.makedirs(d)
    dbname = "lytt.db"
    db = os.path.join(data, dbname)
    key_file = os.path.join(keys_dir, "lytt.key")
    truth = Truth()
    all_ids = {}  # marker -> response id, as learnt from the copies

    # ---- 1. server A, batch 1, the attacks before the scrub ----------------------------
    a = Server(tmp, "a", db, key_file, 3600)
    servers.append(a)
    check(os.path.exists(key_file), "the server made the key file outside the database folder")
    truth.keys = read_keys(key_file)
    check(set(truth.keys) >= {"receipt_key", "invite_key"} and
          all(len(k) == 32 for k in truth.keys.values()),
          f"the key file holds receipt_key and invite_key, 32 bytes each ({sorted(truth.keys)})")
    r = run(ADMIN, "round", "open", "--db", db, "--id", ROUND, "--survey", SURVEY, "--wave", WAVE,
            "--units", UNIT, "--mode", "code", "--surveys", SURVEY_DIR)
    check(r.returncode == 0, f"round open ({r.stderr.strip()})")
    codes_csv, letters = os.path.join(out, "codes.csv"), os.path.join(out, "letters.pdf")
    r = run(ADMIN, "invite", "--db", db, "--round", ROUND, "--unit", UNIT, "--count", str(N_CODES),
            "--out", codes_csv, "--letters", letters, "--key-file", key_file,
            "--surveys", SURVEY_DIR)
    check(r.returncode == 0, f"invite ({r.stderr.strip()})")
    truth.codes = [row["code"] for row in csv.DictReader(open(codes_csv, encoding="utf-8"))]
    check(len(set(truth.codes)) == N_CODES and
          all(re.fullmatch(r"[2-9A-Z]{5}-[2-9A-Z]{5}", c) for c in truth.codes),
          f"{N_CODES} distinct codes")
    pool = list(truth.codes)
    rng.shuffle(pool)
    batch1, batch2 = pool[:BATCH], pool[BATCH:2 * BATCH]
    time.sleep(2.3)  # the server looks at rounds again after 2 s
    learn = lambda tag: (lambda: learn_ids(data, dbname, truth, tmp, tag, all_ids))
    post_batch(a.port, truth, batch1, WITHDRAW, learn("mid-a"))

    before = snapshot(data, os.path.join(tmp, "copy-before"))
    print(f"before the scrub: files {', '.join(f'{n} {len(d)} B' for n, d in before.items())}")
    pages, psize = image(before, dbname)
    ids = ids_of(pages, psize, truth, os.path.join(tmp, "ids-before.db"))
    all_ids.update(ids)
    wal = attack_wal(before, dbname, truth)
    print(f"before: WAL {wal['frames']} frames, {wal['commits']} commits; order of "
          f"{wal['ordered']} markers tau = {wal['tau']:.3f} (z = {wal['z']:.1f}); "
          f"links {wal['links']} ({wal['links_right']} right)")
    check(wal["tau"] > 0.9 and wal["z"] >= Z_LIMIT,
          f"before the scrub the WAL gives the order away (tau {wal['tau']:.3f}, z {wal['z']:.1f}): "
          "the order attack works")
    check(wal["links_right"] >= BATCH - 2 and wal["links_right"] == wal["links"],
          f"before the scrub the WAL links codes to answers ({wal['links_right']} of {BATCH}): "
          "the link attack works")
    gone_ids = {all_ids[m] for m in truth.withdrawn if m in all_ids}
    byt = attack_bytes(before, truth, gone_ids)
    check(len(gone_ids) == WITHDRAW and byt["withdrawn_id_hits"] == WITHDRAW,
          f"before the scrub withdrawn answers' ids are still in the files "
          f"({byt['withdrawn_id_hits']} of {len(gone_ids)})")
    check(byt["used_hash_hits"] > 0,
          f"before the scrub used codes' hashes are still in the files ({byt['used_hash_hits']})")
    check(byt["withdrawn_marker_hits"] != [],
          f"before the scrub withdrawn answers are still in {byt['withdrawn_marker_hits']}: "
          "the withdrawn attack works")
    cells = attack_cells(pages, psize, truth, tmp, "before")
    for name, t in cells["trees"].items():
        print(f"before: cells of {name}: n {t['n']}, tau(page, offset) = {t['tau']:.3f} "
              f"(z {t['z']:.1f}), within pages tau = {t['tau_within']:.3f} (z {t['z_within']:.1f}, "
              f"{t['pairs_within']} pairs)")
    print(f"before: {cells['bad_pages']} of {cells['pages']} B-tree pages have cell offsets "
          "not in key order")
    check(cells["worst_z"] >= Z_LIMIT,
          f"before the scrub cell offsets give the order away (largest |z| "
          f"{cells['worst_z']:.1f}): the cell-offset attack works")
    check(cells["bad_pages"] > 0, f"before the scrub {cells['bad_pages']} pages have cells out of "
          "key order: the structural check works")
    check(cells["orphans"] == [], f"before: every page is a B-tree, overflow or free-list page "
          f"({cells['orphans']})")
    mx, plist = shm_pages(before.get(dbname + "-shm", b""))
    print(f"before: -shm mxFrame {mx}, {len(plist)} frame slots list pages {summary_list(plist, 30)}")
    unused_v, receipts_v = verified_with_real_keys(before, truth)
    check(unused_v == len(truth.unused_codes()),
          f"with the key file, every unused code verifies ({unused_v} of {len(truth.unused_codes())})")
    # Server A is killed: what a crash leaves must be scrubbed by the next server.
    check(a.stop(signal.SIGKILL) == -signal.SIGKILL, "server A killed")

    # ---- 2. server B, the young carer, batch 2, the attacks after the scrub ------------
    b = Server(tmp, "b", db, key_file, 2)
    servers.append(b)
    before_label = young_label()
    m = new_marker()
    r = answer(b.port, YOUNG, YOUNG_UNIT, {"y_overall_help": "2", "age_band": "15-16",
                                           "important_to_you": f"Meir tid {m}"})
    check(r is not None, "a young carer's answer is stored")
    if r:
        truth.order.append(m)
        truth.code_of[m] = None
        truth.receipt_of[m] = r
    young_marker, young_labels = m, {before_label, young_label()}
    time.sleep(0.3)
    post_batch(b.port, truth, batch2, WITHDRAW, learn("mid-b"))
    t_last = time.monotonic()
    waited = wait_scrubbed(data, dbname)
    check(waited is not None, "the WAL is emptied (0 bytes or gone) and stays so within 60 s "
          f"after the last write ({os.path.getsize(db + '-wal') if os.path.exists(db + '-wal') else 'no'} "
          "bytes in it now)")
    after = snapshot(data, os.path.join(tmp, "copy-after"))
    print(f"after the scrub ({time.monotonic() - t_last:.1f} s after the last write): files "
          f"{', '.join(f'{n} {len(d)} B' for n, d in after.items())}")
    withdrawn_ids = {all_ids[m] for m in truth.withdrawn if m in all_ids}
    check(len(withdrawn_ids) == 2 * WITHDRAW, f"the withdrawn answers' ids are known "
          f"({len(withdrawn_ids)} of {2 * WITHDRAW})")
    check(set(after) <= {dbname, dbname + "-wal", dbname + "-shm"},
          f"the database folder holds the database's files only ({sorted(after)})")
    attack_all(after, dbname, truth, tmp, "after", withdrawn_ids, all_ids)

    # -shm: what the wal-index still lists.
    mx, plist = shm_pages(after.get(dbname + "-shm", b""))
    print(f"after: -shm {len(after.get(dbname + '-shm', b''))} B, mxFrame {mx}, "
          f"{len(plist)} frame slots still list pages {summary_list(plist)}")
    check(mx == 0, f"the -shm header lists no frame ({mx})")
    hdr = shm_header(after.get(dbname + "-shm", b""))
    writes_b = 1 + BATCH + WITHDRAW  # server B's write transactions: one POST or withdrawal each
    if hdr:
        print(f"after: -shm header {hdr}; server B made {writes_b} write transactions, "
              f"{WITHDRAW} of them withdrawals")
        check(hdr["iChange"] < writes_b,
              f"the -shm header does not count the write transactions (iChange {hdr['iChange']} "
              f"after {writes_b} writes: minus the answers stored, that is the number of "
              "withdrawals)")
    check(all(x <= y for x, y in zip(plist, plist[1:])),
          "the -shm's stale page list is one rewrite in page order, not the commits' "
          f"pages in arrival order ({summary_list(plist)})")

    # ---- 3. file modes, the backup, the export -----------------------------------------
    backup, export = os.path.join(out, "backup.db"), os.path.join(out, "export.csv")
    r = run(ADMIN, "backup", "--db", db, "--out", backup, "--key-file", key_file)
    check(r.returncode == 0 and os.path.exists(backup), f"backup ({r.stderr.strip()})")
    r = run(ANALYZE, "export", "--db", db, "--survey", SURVEY, "--format", "csv", "--out", export)
    check(r.returncode == 0 and os.path.exists(export), f"export ({r.stderr.strip()})")
    for path in [os.path.join(data, n) for n in sorted(os.listdir(data))] + \
            [key_file, codes_csv, letters, backup, export]:
        if os.path.exists(path):
            mode = stat.S_IMODE(os.stat(path).st_mode)
            check(mode == 0o600, f"{os.path.relpath(path, tmp)} is 0600 ({mode:o})")
    check(not any(os.path.exists(backup + s) for s in ("-wal", "-shm", "-journal")),
          "the backup is one file, no WAL beside it")
    if os.path.exists(backup):
        bfiles = {"backup.db": open(backup, "rb").read()}
        print(f"backup: {len(bfiles['backup.db'])} B")
        attack_all(bfiles, "backup.db", truth, tmp, "backup", withdrawn_ids, all_ids)

    # ---- 4. the young carer's receipt --------------------------------------------------
    young_receipt(after, dbname, truth, young_marker, young_labels, tmp)

    # The server stops cleanly and leaves its files scrubbed too.
    check(b.stop() == 0, "server B stops cleanly")
    b.log.seek(0)
    log = b.log.read()
    check("could not be rewritten" not in log, f"server B never failed to rewrite ({log.strip()})")
    final = read_folder(data)
    wal_left = len(final.get(dbname + "-wal", b""))
    byt = attack_bytes(final, truth, withdrawn_ids)
    check(wal_left == 0 and byt["used_hash_hits"] == 0 and not byt["withdrawn_marker_hits"],
          f"after the server stopped ({sorted(final)}): WAL {wal_left} B, used hashes "
          f"{byt['used_hash_hits']}, "
          f"withdrawn markers in {byt['withdrawn_marker_hits']}")


def summary_list(xs, n=12):
    return "[" + ", ".join(map(str, xs[:n])) + (", ...]" if len(xs) > n else "]")


def attack_all(files, dbname, truth, tmp, tag, withdrawn_ids, all_ids):
    pages, psize = image(files, dbname)
    ids = ids_of(pages, psize, truth, os.path.join(tmp, f"ids-{tag}.db"))
    all_ids.update(ids)
    kept = [m for m in truth.order if m not in truth.withdrawn]
    check(sorted(ids) == sorted(kept),
          f"{tag}: the database holds exactly the answers not withdrawn ({len(ids)} of {len(kept)})")
    # (a) order
    wal = attack_wal(files, dbname, truth)
    print(f"{tag}: (a) WAL {wal['frames']} frames, {wal['commits']} commits; {wal['ordered']} "
          f"markers placed, tau = {wal['tau']:.3f} (z = {wal['z']:.2f})")
    check(wal["frames"] == 0 or abs(wal["z"]) < Z_LIMIT,
          f"{tag}: the WAL gives no order (frames {wal['frames']}, tau {wal['tau']:.3f}, z {wal['z']:.2f})")
    cells = attack_cells(pages, psize, truth, tmp, tag)
    for name, t in cells["trees"].items():
        print(f"{tag}: (a) cells of {name}: n {t['n']}, tau(page, offset) = {t['tau']:.3f} "
              f"(z {t['z']:.2f}), within pages tau = {t['tau_within']:.3f} "
              f"(z {t['z_within']:.2f}, {t['pairs_within']} pairs)")
        check(abs(t["z"]) < Z_LIMIT and abs(t["z_within"]) < Z_LIMIT,
              f"{tag}: {name}'s cell positions give no order (z {t['z']:.2f}, within {t['z_within']:.2f})")
    check(len(cells["trees"]) >= 2, f"{tag}: cells of the responses were found in "
          f"{len(cells['trees'])} B-trees ({sorted(cells['trees'])})")
    print(f"{tag}: (a) {cells['bad_pages']} of {cells['pages']} B-tree pages have cell offsets "
          "not monotone in the key")
    check(cells["bad_pages"] == 0,
          f"{tag}: every B-tree page has its cells in key order ({cells['bad_pages']} not)")
    print(f"{tag}: (a) {len(pages)} pages: {cells['free']} on the free list, "
          f"{len(cells['orphans'])} neither B-tree, overflow nor free")
    check(cells["free"] == 0 and cells["orphans"] == [],
          f"{tag}: no free or orphan page keeps old contents ({cells['free']}, {cells['orphans']})")
    # (b) links
    byt = attack_bytes(files, truth, withdrawn_ids)
    print(f"{tag}: (b) links found {wal['links']}; used codes' hashes found {byt['used_hash_hits']} "
          f"of {len(truth.used_codes())}; unused codes' hashes found {byt['unused_hash_found']} of "
          f"{len(truth.unused_codes())}")
    check(wal["links"] == 0, f"{tag}: no code is linked to an answer ({wal['links']})")
    check(byt["used_hash_hits"] == 0, f"{tag}: no used code's hash is in any file "
          f"({byt['used_hash_hits']})")
    check(byt["unused_hash_found"] == len(truth.unused_codes()),
          f"{tag}: every unused code's hash is there (the hashing is right: "
          f"{byt['unused_hash_found']} of {len(truth.unused_codes())})")
    # (c) withdrawn
    print(f"{tag}: (c) withdrawn markers found in {byt['withdrawn_marker_hits']}; withdrawn receipt "
          f"hashes {byt['withdrawn_receipt_hits']}, ids {byt['withdrawn_id_hits']}; kept markers "
          f"{byt['kept_markers_found']} of {byt['kept']}")
    check(not byt["withdrawn_marker_hits"], f"{tag}: no withdrawn marker in any file "
          f"({byt['withdrawn_marker_hits']})")
    check(byt["withdrawn_receipt_hits"] == 0 and byt["withdrawn_id_hits"] == 0,
          f"{tag}: no withdrawn receipt hash or response id ({byt['withdrawn_receipt_hits']}, "
          f"{byt['withdrawn_id_hits']})")
    check(byt["kept_markers_found"] == byt["kept"],
          f"{tag}: every kept answer's marker is there ({byt['kept_markers_found']} of {byt['kept']})")
    # (d) keys
    check(not byt["key_hits"], f"{tag}: no key (raw or hex) in any file ({byt['key_hits']})")
    verified, suspects, tried = attack_db_alone(files, pages, psize, truth, tmp, tag)
    print(f"{tag}: (d) {tried} 32-byte values tried as keys; codes verified from the database "
          f"alone {verified}; meta rows named like keys {suspects}")
    check(verified == 0, f"{tag}: no code verifies from the database alone ({verified})")
    check(not suspects, f"{tag}: no meta row holds a key ({suspects})")
    unused_v, receipts_v = verified_with_real_keys(files, truth)
    print(f"{tag}: (d) with the key file: {unused_v} unused codes and {receipts_v} live receipts verify")
    check(unused_v == len(truth.unused_codes()) and receipts_v == len(kept),
          f"{tag}: with the key file the unused codes and live receipts verify "
          f"({unused_v}, {receipts_v})")
    # (d) can fail: the same database with a key put in meta, as an older Lytt kept it.
    leaky = os.path.join(tmp, f"leaky-{tag}.db")
    with open(leaky, "wb") as f:
        f.write(image_bytes(pages, psize))
    con = sqlite3.connect(leaky)
    con.execute("PRAGMA journal_mode = DELETE")
    con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('invite_key', ?)",
                (truth.keys["invite_key"],))
    con.commit()
    con.close()
    lfiles = {"leaky.db": open(leaky, "rb").read()}
    lpages, lpsize = image(lfiles, "leaky.db")
    lverified, lsuspects, _ = attack_db_alone(lfiles, lpages, lpsize, truth, tmp, tag + "-leaky")
    print(f"{tag}: (d) the same with invite_key put in meta: {lverified} codes verify")
    check(lverified >= len(truth.unused_codes()) and lsuspects,
          f"{tag}: with a key in meta the attack does verify codes ({lverified}, {lsuspects})")


def young_label():
    return time.strftime("%Y-%m", time.localtime())


def withdraw_days(survey_id):
    text = open(os.path.join(SURVEY_DIR, survey_id + ".yaml"), encoding="utf-8").read()
    m = re.search(r"^withdraw_days:\s*(\d+)", text, re.M)
    return int(m.group(1)) if m else 7


def expected_end_day(label, days):
    """The Monday after the week that holds (the period's last day + days), as days
    since 1970-01-01, from the label alone."""
    m = re.fullmatch(r"(\d{4})-W(\d{2})", label)
    if m:
        last = datetime.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 7)
    else:
        y, mo = map(int, label.split("-"))
        last = datetime.date(y, mo, calendar.monthrange(y, mo)[1])
    d = last + datetime.timedelta(days=days)
    monday_after = d - datetime.timedelta(days=d.weekday()) + datetime.timedelta(days=7)
    return (monday_after - datetime.date(1970, 1, 1)).days


def young_receipt(files, dbname, truth, marker, labels, tmp):
    pages, psize = image(files, dbname)
    con = open_image(pages, psize, os.path.join(tmp, "receipts.db"))
    rows = con.execute("SELECT s.survey_id, s.period, s.answers, r.end_day, r.hash FROM receipts r "
                       "JOIN responses s ON s.id = r.response_id").fetchall()
    con.close()
    rec = truth.keys["receipt_key"]
    young = [r for r in rows if r[0] == YOUNG and marker in r[2]]
    check(len(young) == 1, f"the young carer's answer has one receipt row ({len(young)})")
    if young:
        _, period, _, end_day, h = young[0]
        want = expected_end_day(period, withdraw_days(YOUNG))
        print(f"young carer: period {period}, end_day {end_day} "
              f"({datetime.date(1970, 1, 1) + datetime.timedelta(days=end_day)}), expected {want} "
              f"({datetime.date(1970, 1, 1) + datetime.timedelta(days=want)})")
        check(re.fullmatch(r"\d{4}-\d{2}", period) is not None and period in labels,
              f"the young carer's period is the month label ({period}, {sorted(labels)})")
        check(end_day == want, f"the young carer's receipt end day {end_day} follows from the "
              f"label {period} alone ({want})")
        check(h == code_hash(truth.receipt_of[marker], rec), "its hash is the receipt code's")
    wrong = [(s, p, e, expected_end_day(p, withdraw_days(s))) for s, p, _, e, _ in rows
             if e != expected_end_day(p, withdraw_days(s))]
    check(rows and not wrong, f"every receipt's end day follows from its period label "
          f"({len(rows)} rows, wrong {wrong[:3]})")


if __name__ == "__main__":
    main()
