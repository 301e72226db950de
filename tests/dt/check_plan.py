#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Check `ipmmu-dt plan --json` or `--dot` output for structure, and the
JSON against the dtc-decompile oracle (dtb_masters.py, no code shared with
src/): every enabled master with iommus that is not denied goes through
exactly the uTLBs its iommus names, two live domains never share a context,
and a uTLB never points at two domains.
usage: check_plan.py json|dot TOOL DTC FILE.dtb RC [--policy FILE]"""
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dtb_masters import cells, parse  # noqa: E402


def fail(msg):
    print('check_plan: ' + msg, file=sys.stderr)
    sys.exit(1)


def oracle(dtc, dtb):
    """path -> [(ipmmu node name, uTLB)] for enabled nodes with iommus."""
    text = subprocess.run([dtc, '-q', '-I', 'dtb', '-O', 'dts', dtb], check=True,
                          capture_output=True, text=True).stdout
    nodes, order = parse(text)
    by_phandle = {cells(p['phandle'])[0]: path for path, p in nodes.items() if 'phandle' in p}
    out = {}
    for path in order:
        p = nodes[path]
        if 'iommus' not in p or p.get('status', '"okay"') not in ('"okay"', '"ok"'):
            continue
        c = cells(p['iommus'])
        i, specs = 0, []
        while i < len(c):
            target = by_phandle[c[i]]
            n = cells(nodes[target]['#iommu-cells'])[0]
            specs.append((target.rsplit('/', 1)[1], c[i + 1]))
            i += 1 + n
        out[path] = specs
    return out


def check_json(text, rc, dtc, dtb):
    d = json.loads(text)
    for key, kind in (('format', str), ('errors', int), ('warnings', int), ('pool_tables', dict),
                      ('memory', list), ('ipmmus', list), ('masters', list), ('domains', list),
                      ('diagnostics', list)):
        if not isinstance(d.get(key), kind):
            fail('field %s missing or not a %s' % (key, kind.__name__))
    levels = [x['level'] for x in d['diagnostics']]
    if d['diagnostics_dropped'] == 0 and levels.count('error') != d['errors']:
        fail('errors = %d but %d error diagnostics' % (d['errors'], levels.count('error')))
    if (rc == 1) != (d['errors'] > 0):
        fail('exit status %d with %d errors' % (rc, d['errors']))
    for x in d['diagnostics']:
        for key in ('level', 'code', 'what', 'path', 'text'):
            if key not in x:
                fail('diagnostic without %s' % key)
    domains = {x['name']: x for x in d['domains']}
    ctx_owner, utlb_owner = {}, {}
    for x in d['domains']:
        if x['error'] is None and x['context'] is not None:
            key = (x['root'], x['context'])
            if key in ctx_owner:
                fail('domains %s and %s share context %s' % (ctx_owner[key], x['name'], key))
            ctx_owner[key] = x['name']
    want = oracle(dtc, dtb)
    seen = set()
    for m in d['masters']:
        seen.add(m['path'])
        if m['action'] == 'deny':
            if not m['error'] or m['domain'] is not None:
                fail('%s: denied without a reason, or with a domain' % m['path'])
            continue
        if m['unbound']:
            fail('%s: unbound but not denied' % m['path'])
        if m['path'] in want:
            got = [(u['ipmmu'], u['utlb']) for u in m['utlbs']]
            if got != want[m['path']]:
                fail('%s: uTLBs %s, iommus says %s' % (m['path'], got, want[m['path']]))
        if m['action'] in ('translate', 'identity'):
            dom = domains.get(m['domain'])
            if not dom or dom['context'] != m['context'] or dom['error'] or not dom['regions']:
                fail('%s: no live domain with regions' % m['path'])
            for u in m['utlbs']:
                key = (u['ipmmu'], u['utlb'])
                if utlb_owner.setdefault(key, m['domain']) != m['domain']:
                    fail('uTLB %s in domains %s and %s' % (key, utlb_owner[key], m['domain']))
    missing = set(want) - seen
    if missing:
        fail('masters with iommus missing from the plan: %s' % sorted(missing))


def check_dot(text):
    if shutil.which('dot'):
        subprocess.run(['dot', '-Tsvg', '-o', os.devnull], input=text, text=True, check=True)
    lines = text.strip().split('\n')
    if lines[0] != 'digraph plan {' or lines[-1] != '}':
        fail('not one "digraph plan { ... }"')
    nodes, edges = set(), []
    label = r'"(?:[^"\\]|\\.)*"'
    for line in lines[1:-1]:
        line = line.strip()
        if line in ('rankdir=LR;',) or line.startswith('node ['):
            continue
        m = re.fullmatch(r'(\w+) \[(?:[\w]+=(?:%s|[\w]+)(?:, )?)+\];' % label, line)
        if m:
            nodes.add(m.group(1))
            continue
        m = re.fullmatch(r'(\w+) -> (\w+)(?: \[[^\]]*\])?;', line)
        if m:
            edges.append((m.group(1), m.group(2)))
            continue
        fail('not a node or edge statement: %s' % line)
    for a, b in edges:
        if a not in nodes or b not in nodes:
            fail('edge %s -> %s to an undeclared node' % (a, b))
    # the chain: every uTLB goes to an IPMMU, every live master reaches a context
    succ = {}
    for a, b in edges:
        succ.setdefault(a, set()).add(b)

    def reaches_ctx(n, depth=0):
        return n.startswith('c') or (depth < 5 and any(reaches_ctx(s, depth + 1)
                                                       for s in succ.get(n, ())))
    for n in nodes:
        if n.startswith('u') and not any(s.startswith('i') for s in succ.get(n, ())):
            fail('uTLB node %s leads to no IPMMU' % n)
    # uTLBs come in runs: two adjacent runs of one IPMMU serving the same
    # masters through the same context would be one node (a SoC on one screen)
    runs = {}
    for line in lines:
        m = re.match(r'\s*u(\d+)_(\d+) \[shape=ellipse, label="uTLB (\d+)(?:-(\d+))?(\\nctx \d+)?"', line)
        if m:
            inst, first = int(m.group(1)), int(m.group(3))
            last = int(m.group(4) or first)
            users = frozenset(a for a, b in edges if b == 'u%s_%s' % (m.group(1), m.group(2)))
            runs.setdefault(inst, []).append((first, last, users, m.group(5)))
    for inst, rs in runs.items():
        rs.sort()
        for (a0, b0, u0, c0), (a1, b1, u1, c1) in zip(rs, rs[1:]):
            if b0 + 1 == a1 and u0 == u1 and c0 == c1:
                fail('IPMMU i%d: uTLB runs %d-%d and %d-%d serve the same masters: one node'
                     % (inst, a0, b0, a1, b1))
    for line in lines:
        m = re.match(r'\s*(m\d+) \[label=.*color=(darkgreen)\];', line)
        if m and not reaches_ctx(m.group(1)):
            fail('translated master %s reaches no context' % m.group(1))


def main():
    mode, tool, dtc, dtb, rc = sys.argv[1:6]
    args = [tool, 'plan', dtb, '--' + mode] + sys.argv[6:]
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != int(rc):
        fail('%s: exit status %d, expected %s\n%s' % (' '.join(args), r.returncode, rc, r.stderr))
    if mode == 'json':
        check_json(r.stdout, r.returncode, dtc, dtb)
    else:
        check_dot(r.stdout)


if __name__ == '__main__':
    main()
