#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Bytes of .text and .rodata that a GNU ld link map says each part of a
program kept (after --gc-sections): map_sizes.py MAP ROOT

ROOT is the folder the objects were built in; an object under ROOT/src/<module>/
counts for that module, under ROOT/libfdt/ for libfdt, anything else for "other".
Prints JSON: {"<part>": {"text": N, "rodata": N}, ...}."""
import json
import os
import re
import sys


def kind(section):
    if section.startswith(".text"):
        return "text"
    if section.startswith(".rodata"):
        return "rodata"
    return None


def part(path, root):
    if not path.startswith(root + "/"):
        return "other"
    rel = path[len(root) + 1:]
    m = re.match(r"src/([^/]+)/", rel)
    if m:
        return m.group(1)
    if rel.startswith("libfdt/"):
        return "libfdt"
    return "other"


def main():
    map_file, root = sys.argv[1], os.path.abspath(sys.argv[2])
    with open(map_file) as f:
        lines = f.read().splitlines()
    # Input sections kept in the output come after this heading; the ones
    # before it were discarded.
    start = next(i for i, l in enumerate(lines) if l.startswith("Linker script and memory map"))
    sizes = {}
    pending = None  # an input section whose address and size are on the next line
    entry = re.compile(r"^\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S+\.o)\s*$")
    for line in lines[start:]:
        m = re.match(r"^ (\.\S+)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S+\.o)\s*$", line)
        if m:
            sec, size, obj = m.group(1), int(m.group(2), 16), m.group(3)
        elif pending is not None and entry.match(line):
            m2 = entry.match(line)
            sec, size, obj = pending, int(m2.group(1), 16), m2.group(2)
        else:
            m3 = re.match(r"^ (\.\S+)\s*$", line)
            pending = m3.group(1) if m3 else None
            continue
        pending = None
        k = kind(sec)
        if k is None or size == 0:
            continue
        p = sizes.setdefault(part(obj, root), {"text": 0, "rodata": 0})
        p[k] += size
    json.dump(sizes, sys.stdout, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
