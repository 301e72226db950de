#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Independent oracle for `ipmmu-dt masters`: decompile a DTB with dtc and
list, per enabled node with iommus, one line per (phandle, #iommu-cells
cells) entry. Shares no code with src/dt. Usage: dtb_masters.py DTC FILE.dtb"""
import re
import subprocess
import sys


def parse(text):
    nodes = {}  # path -> {prop: value-string}
    order = []
    stack = []
    for raw in text.splitlines():
        line = raw.strip()
        m = re.match(r'^(?:[\w,.+-]+:\s*)*([^\s{]+)\s*\{$', line)
        if m:
            name = m.group(1)
            path = '/' if name == '/' else ('' if stack[-1] == '/' else stack[-1]) + '/' + name
            stack.append(path)
            nodes[path] = {}
            order.append(path)
            continue
        if line == '};':
            stack.pop()
            continue
        m = re.match(r'^([^\s=]+)\s*=\s*(.*);$', line)
        if m and stack:
            nodes[stack[-1]][m.group(1)] = m.group(2)
    return nodes, order


def cells(v):
    out = []
    for group in re.findall(r'<([^>]*)>', v):
        out += [int(x, 0) for x in group.split()]
    return out


def main():
    dtc, dtb = sys.argv[1], sys.argv[2]
    text = subprocess.run([dtc, '-q', '-I', 'dtb', '-O', 'dts', dtb], check=True,
                          capture_output=True, text=True).stdout
    nodes, order = parse(text)
    by_phandle = {cells(p['phandle'])[0]: path for path, p in nodes.items() if 'phandle' in p}
    for path in order:
        p = nodes[path]
        if 'iommus' not in p:
            continue
        if p.get('status', '"okay"') not in ('"okay"', '"ok"'):
            continue
        c = cells(p['iommus'])
        i = 0
        while i < len(c):
            target = by_phandle[c[i]]
            n = cells(nodes[target]['#iommu-cells'])[0]
            print(path, target, ','.join(str(x) for x in c[i + 1:i + 1 + n]))
            i += 1 + n


if __name__ == '__main__':
    main()
