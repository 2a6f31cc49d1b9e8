#!/usr/bin/env python3
"""The layers of docs/architecture.md, checked: every #include "x.h" in a folder of the
source tree must name a header of its own layer or of a layer below it. A header is
known by its file name, which is unique across the tree (checked too).

Usage: check-layers.py PROJECT_DIR      Exit 0 when every include points down, 1 if not.
"""
import os
import re
import sys

# folder -> (layer, the layers it may include besides its own)
LAYERS = {
    "src/core": ("core", set()),
    "charts": ("charts", set()),
    "src/tool": ("tool", {"core"}),
    "src/server": ("server", {"core"}),
    "src/admin": ("admin", {"core", "tool"}),
    "analysis": ("analysis", {"core", "charts"}),
    "analysis/cmd": ("analyze", {"analysis", "charts", "core", "tool"}),
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def layer_of(path):
    best = None
    for folder in LAYERS:
        if path == folder or path.startswith(folder + "/"):
            if best is None or len(folder) > len(best):
                best = folder
    return best


def main():
    top = sys.argv[1] if len(sys.argv) > 1 else "."
    headers, sources, bad = {}, [], []
    for folder in LAYERS:
        for name in sorted(os.listdir(os.path.join(top, folder))):
            rel = folder + "/" + name
            if not name.endswith((".c", ".h")) or layer_of(rel) != folder:
                continue
            sources.append(rel)
            if name.endswith(".h"):
                if name in headers:
                    bad.append(f"{rel}: a second header named {name} (also {headers[name]})")
                headers[name] = rel
    for rel in sources:
        layer, below = LAYERS[layer_of(rel)]
        with open(os.path.join(top, rel), encoding="utf-8") as f:
            text = f.read()
        for m in INCLUDE.finditer(text):
            h = os.path.basename(m.group(1))
            if h not in headers:
                continue  # generated or system-like (e.g. the embedded assets)
            to = LAYERS[layer_of(headers[h])][0]
            if to != layer and to not in below:
                line = text.count("\n", 0, m.start()) + 1
                bad.append(f"{rel}:{line}: the {layer} layer includes {headers[h]} "
                           f"({to}), which it may not (see docs/architecture.md)")
    for b in bad:
        print(b)
    print(f"layers: {len(sources)} files checked, {0 if bad else 1} passed, {1 if bad else 0} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
