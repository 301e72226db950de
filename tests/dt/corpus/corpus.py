#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Corpus test: `ipmmu-dt masters` and `ipmmu-dt map` on every arm and arm64
device tree of Linux 6.1, against an independent reference.

The reference shares no code with src/dt: it reads each DTB through
Debian's pylibfdt (python3-libfdt) and implements the iommus binding and
Linux 6.1's of_map_id() (drivers/of/base.c) itself, plus the few places
where ipmmu-fw deliberately refuses what Linux would let through
(docs/robustness.md, "iommus and iommu-map: where the library refuses
what Linux lets through"):
  - an iommus entry naming a disabled IOMMU is an error (Linux: no IOMMU);
  - a master's entries before a broken one are listed, the broken one is
    an error (Linux uses the earlier ones and stops);
  - an IPMMU whose #iommu-cells is not 1 ends its masters' lists without
    blaming them (the IPMMU node is reported instead);
  - iommu-map-mask must be one cell (Linux ignores a bad one);
  - a matching iommu-map entry naming a node without #iommu-cells, or a
    disabled IOMMU, is an error (Linux: the ID runs untranslated).

Every requester-ID boundary of every iommu-map entry is asked: id-base - 1,
id-base, id-base + length - 1, id-base + length (modulo 2^32), each also
with every bit outside iommu-map-mask set.

Trees are compiled once (cpp with the dt-bindings includes, then dtc, as
the kernel does) into the cache directory and reused while the DTS is not
newer. Usage:
  corpus.py --tool ipmmu-dt --linux build/linux-6.1 --cache DIR [--jobs 2]
Exit status 0 when every tree compiled and nothing differs.
"""
import argparse
import concurrent.futures
import glob
import os
import subprocess
import sys

import libfdt

Q = (libfdt.NOTFOUND,)
MASK32 = 0xffffffff
# ipmmu-fw error names the tool prints, by the rule that produces them
E_PHANDLE, E_CELLS, E_TRUNC, E_DISABLED = ('IPFW_E_DT_PHANDLE', 'IPFW_E_DT_CELLS',
                                           'IPFW_E_DT_TRUNCATED', 'IPFW_E_DT_DISABLED')
E_MAPLEN, E_MAPMASK, E_PROP, E_NOTIOMMU = ('IPFW_E_DT_MAPLEN', 'IPFW_E_DT_MAPMASK',
                                           'IPFW_E_DT_PROP', 'IPFW_E_DT_NOTIOMMU')


# ---------------------------------------------------------------- compile

def sources(linux):
    arm = sorted(glob.glob(os.path.join(linux, 'arch/arm/boot/dts/*.dts')))
    arm64 = sorted(glob.glob(os.path.join(linux, 'arch/arm64/boot/dts/*/*.dts')))
    return arm, arm64


def include_prefixes(linux, cache):
    """The kernel's scripts/dtc/include-prefixes: arm, arm64, dt-bindings."""
    d = os.path.join(cache, 'include-prefixes')
    os.makedirs(d, exist_ok=True)
    for name, target in (('arm', 'arch/arm/boot/dts'), ('arm64', 'arch/arm64/boot/dts'),
                         ('dt-bindings', 'include/dt-bindings')):
        link = os.path.join(d, name)
        want = os.path.abspath(os.path.join(linux, target))
        if os.path.islink(link) and os.readlink(link) == want:
            continue
        if os.path.lexists(link):
            os.unlink(link)
        os.symlink(want, link)
    return d


def dtb_path(linux, cache, src):
    rel = os.path.relpath(src, os.path.join(linux, 'arch'))
    return os.path.join(cache, 'dtb', os.path.splitext(rel)[0] + '.dtb')


def compile_one(args):
    src, out, inc, cpp, dtc = args
    if os.path.exists(out) and os.path.getmtime(out) >= os.path.getmtime(src):
        return out, None, True
    os.makedirs(os.path.dirname(out), exist_ok=True)
    pp = out + '.pp'
    srcdir = os.path.dirname(src)
    r = subprocess.run([cpp, '-nostdinc', '-I', srcdir, '-I', inc, '-undef', '-D__DTS__',
                        '-x', 'assembler-with-cpp', '-o', pp, src], capture_output=True, text=True)
    if r.returncode == 0:
        r = subprocess.run([dtc, '-q', '-I', 'dts', '-O', 'dtb', '-i', srcdir, '-o', out + '.tmp',
                            pp], capture_output=True, text=True)
    if os.path.exists(pp):
        os.unlink(pp)
    if r.returncode != 0:
        return out, (r.stderr.strip().splitlines() or ['failed'])[-1], False
    os.replace(out + '.tmp', out)
    return out, None, False


# ---------------------------------------------------------------- reference

def props_of(fdt, node):
    """Every property of node, by iteration (pylibfdt 1.6.1's getprop on a
    missing property corrupts the interpreter's reference counts)."""
    d = {}
    p = fdt.first_property_offset(node, Q)
    while p >= 0:
        prop = fdt.get_property_by_offset(p)
        d[prop.name] = bytes(prop)
        p = fdt.next_property_offset(p, Q)
    return d


def walk_nodes(fdt, node=0, path='/'):
    yield node, path
    child = fdt.first_subnode(node, Q)
    while child >= 0:
        yield from walk_nodes(fdt, child, (path if path != '/' else '') + '/' + fdt.get_name(child))
        child = fdt.next_subnode(child, Q)


def cells_of(value):
    return [int.from_bytes(value[i:i + 4], 'big') for i in range(0, len(value) - len(value) % 4, 4)]


def one_cell(props, name):
    """The value of a one-cell property, None when absent or not one cell."""
    v = props.get(name)
    return int.from_bytes(v, 'big') if v is not None and len(v) == 4 else None


def enabled(props):
    s = props.get('status')
    return s is None or s in (b'okay\0', b'ok\0')


def is_ipmmu(props):
    strings = props.get('compatible', b'').split(b'\0')[:-1]  # an unterminated tail is no string
    return any(c.startswith(b'renesas,ipmmu-') or c == b'renesas,rcar-gen4-ipmmu-vmsa'
               for c in strings)


class Tree:
    def __init__(self, blob):
        fdt = libfdt.Fdt(blob)
        self.nodes = []          # (path, props) in structure order
        self.by_phandle = {}     # phandle -> index in nodes
        for node, path in walk_nodes(fdt):
            props = props_of(fdt, node)
            i = len(self.nodes)
            self.nodes.append((path, props))
            ph = one_cell(props, 'phandle')
            if ph is None:
                ph = one_cell(props, 'linux,phandle')
            if ph not in (None, 0, MASK32):
                self.by_phandle.setdefault(ph, i)

    def target(self, ph):
        i = self.by_phandle.get(ph)
        return None if i is None else self.nodes[i]

    def masters(self):
        for path, props in self.nodes:
            if ('iommus' in props or 'iommu-map' in props) and enabled(props) and not is_ipmmu(props):
                yield path, props


def ref_iommus(tree, props):
    """(entries [(iommu path, cells)], error (index, code) or None)."""
    value = props.get('iommus')
    if value is None:
        return [], None
    cells, out = cells_of(value), []
    pos = i = 0
    while True:
        if pos >= len(cells):
            return out, (i, E_TRUNC) if len(value) % 4 else None
        ph = cells[pos]
        t = tree.target(ph)
        if t and is_ipmmu(t[1]) and one_cell(t[1], '#iommu-cells') != 1:
            out.append((t[0], []))  # the IPMMU is at fault; the rest is unreadable
            return out, None
        if ph == 0 or t is None:
            return out, (i, E_PHANDLE)
        n = one_cell(t[1], '#iommu-cells')
        if n is None:
            return out, (i, E_CELLS)
        n = min(n, 127)
        if n > len(cells) - pos - 1:
            return out, (i, E_TRUNC)
        if not enabled(t[1]):
            return out, (i, E_DISABLED)
        out.append((t[0], cells[pos + 1:pos + 1 + n]))
        pos += 1 + n
        i += 1


def ref_map_table(props):
    """(mask, entries) or (None, (prop, code)) for a malformed map."""
    value = props['iommu-map']
    if len(value) == 0 or len(value) % 16:
        return None, ('iommu-map', E_MAPLEN)
    mask = MASK32
    if 'iommu-map-mask' in props:
        mask = one_cell(props, 'iommu-map-mask')
        if mask is None:
            return None, ('iommu-map-mask', E_PROP)
    c = cells_of(value)
    return mask, [tuple(c[k:k + 4]) for k in range(0, len(c), 4)]


def ref_map(tree, mask, entries, rid):
    """Linux 6.1 of_map_id() with ipmmu-fw's refusals: (path, id), 'none' or (index, code)."""
    masked = rid & mask
    for i, (base, ph, out_base, length) in enumerate(entries):
        if base & ~mask & MASK32:
            return (i, E_MAPMASK)
        # the end in 32 bits, as Linux computes it
        if masked < base or masked >= (base + length) & MASK32:
            continue
        t = tree.target(ph)
        if t is None:
            return (i, E_PHANDLE)
        if '#iommu-cells' not in t[1] and not is_ipmmu(t[1]):
            return (i, E_NOTIOMMU)
        if not enabled(t[1]):
            return (i, E_DISABLED)
        return (t[0], (masked - base + out_base) & MASK32)
    return 'none'


def boundary_rids(mask, entries):
    rids = []
    for base, _, _, length in entries:
        for r in (base - 1, base, base + length - 1, base + length):
            for v in (r & MASK32, (r | ~mask) & MASK32):
                if v not in rids:
                    rids.append(v)
    return rids


# ---------------------------------------------------------------- tool

def tool_errors(stderr):
    """'PATH PROP[i] CODE' of each error line the tool printed."""
    out = []
    for line in stderr.splitlines():
        if not line.startswith('ipmmu-dt: ') or not line.endswith(')'):
            out.append(line)
            continue
        code = line[line.rindex('(') + 1:-1]
        parts = line.split(': ')
        out.append('%s %s %s' % (parts[2], parts[3] if len(parts) > 4 else '', code))
    return out


def check_tree(tool, dtb):
    """A list of mismatch descriptions (empty: the tree agrees); and counts."""
    problems, counts = [], {'lines': 0, 'rids': 0, 'maps': 0}
    with open(dtb, 'rb') as f:
        tree = Tree(f.read())
    want_lines, want_errs, maps = [], [], []
    for path, props in tree.masters():
        entries, err = ref_iommus(tree, props)
        for iommu, cells in entries:
            want_lines.append('%s %s %s' % (path, iommu, ','.join(str(c) for c in cells)))
        if err:
            want_errs.append('%s iommus[%d] %s' % (path, err[0], err[1]))
        elif 'iommu-map' in props:
            maps.append((path, props))
    for path, props in tree.nodes:
        if is_ipmmu(props) and enabled(props) and one_cell(props, '#iommu-cells') != 1:
            want_errs.insert(0, '%s #iommu-cells %s' % (path, E_CELLS))
    r = subprocess.run([tool, 'masters', dtb], capture_output=True, text=True)
    got_lines = r.stdout.splitlines()
    got_errs = tool_errors(r.stderr)
    counts['lines'] = len(want_lines)
    if got_lines != want_lines:
        problems.append('masters stdout differs: got %d lines, want %d; first difference: %s'
                        % (len(got_lines), len(want_lines), first_diff(got_lines, want_lines)))
    if sorted(got_errs) != sorted(want_errs):
        problems.append('masters errors differ: got %s, want %s' % (got_errs, want_errs))
    if r.returncode != (2 if want_errs else 0):
        problems.append('masters exit status %d' % r.returncode)
    for path, props in maps:
        counts['maps'] += 1
        mask, entries = ref_map_table(props)
        rids = boundary_rids(mask, entries) if mask is not None else [0]
        counts['rids'] += len(rids)
        r = subprocess.run([tool, 'map', dtb, path] + ['0x%x' % v for v in rids],
                           capture_output=True, text=True)
        if mask is None:
            want_out, want_err = [], ['%s %s %s' % (path, entries[0], entries[1])]
        else:
            answers = [ref_map(tree, mask, entries, v) for v in rids]
            want_out = ['none' if a == 'none' else '%s %d' % a for a in answers
                        if a == 'none' or isinstance(a[0], str)]
            want_err = ['%s iommu-map[%d] %s' % (path, a[0], a[1]) for a in answers
                        if a != 'none' and isinstance(a[0], int)]
        got_out, got_err = r.stdout.splitlines(), tool_errors(r.stderr)
        if got_out != want_out or got_err != want_err:
            problems.append('map %s %s: got %s / %s, want %s / %s' % (
                path, ' '.join('0x%x' % v for v in rids), got_out, got_err, want_out, want_err))
    return problems, counts


def first_diff(a, b):
    for i in range(max(len(a), len(b))):
        x = a[i] if i < len(a) else '(none)'
        y = b[i] if i < len(b) else '(none)'
        if x != y:
            return 'line %d: got %r, want %r' % (i + 1, x, y)
    return '-'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--tool', required=True)
    ap.add_argument('--linux', required=True)
    ap.add_argument('--cache', required=True)
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--cpp', default='cpp')
    ap.add_argument('--dtc', default='dtc')
    a = ap.parse_args()
    arm, arm64 = sources(a.linux)
    if not arm or not arm64:
        print('corpus: no arm or arm64 DTS under %s/arch (scripts/setup extracts them)' % a.linux)
        return 1
    inc = include_prefixes(a.linux, a.cache)
    jobs = [(s, dtb_path(a.linux, a.cache, s), inc, a.cpp, a.dtc) for s in arm + arm64]
    failed, dtbs, cached = [], [], 0
    with concurrent.futures.ProcessPoolExecutor(max_workers=a.jobs) as ex:
        for out, err, hit in ex.map(compile_one, jobs):
            cached += hit
            if err:
                failed.append((out, err))
            else:
                dtbs.append(out)
        results = list(zip(dtbs, ex.map(check_tree, [a.tool] * len(dtbs), dtbs, chunksize=8)))
    mismatches = [(d, p) for d, (p, _) in results if p]
    lines = sum(c['lines'] for _, (_, c) in results)
    nmaps = sum(c['maps'] for _, (_, c) in results)
    rids = sum(c['rids'] for _, (_, c) in results)
    with_iommus = sum(1 for _, (_, c) in results if c['lines'] or c['maps'])
    print('corpus: %d trees (%d arm, %d arm64; %d from the cache), %d did not compile' %
          (len(jobs), len(arm), len(arm64), cached, len(failed)))
    print('corpus: %d trees with iommus or iommu-map: %d iommus entries, %d iommu-maps, '
          '%d requester IDs asked' % (with_iommus, lines, nmaps, rids))
    print('corpus: %d trees differ from the reference' % len(mismatches))
    for out, err in failed[:20]:
        print('  did not compile: %s: %s' % (out, err))
    for d, p in mismatches[:20]:
        for x in p[:3]:
            print('  %s: %s' % (os.path.relpath(d, a.cache), x[:600]))
    sys.stdout.flush()
    # pylibfdt 1.6.1 can crash the interpreter at exit (a reference-count bug)
    os._exit(1 if failed or mismatches else 0)


if __name__ == '__main__':
    main()
