/* SPDX-License-Identifier: BSD-3-Clause */
/* Forward pass over the FDT structure block, one node at a time. */
#include <libfdt.h>

#include <ipmmu/error.h>
#include <ipmmu/text.h>
#include "dt_scan.h"

const char *const ipfw_dt_prop_names[DT_P_COUNT] = {
	[DT_P_NONE] = "",
	[DT_P_COMPATIBLE] = "compatible",
	[DT_P_STATUS] = "status",
	[DT_P_PHANDLE] = "phandle",
	[DT_P_LINUX_PHANDLE] = "linux,phandle",
	[DT_P_IOMMU_CELLS] = "#iommu-cells",
	[DT_P_RESET_CELLS] = "#reset-cells",
	[DT_P_CLOCK_CELLS] = "#clock-cells",
	[DT_P_ADDRESS_CELLS] = "#address-cells",
	[DT_P_SIZE_CELLS] = "#size-cells",
	[DT_P_REG] = "reg",
	[DT_P_IOMMUS] = "iommus",
	[DT_P_IOMMU_MAP] = "iommu-map",
	[DT_P_IOMMU_MAP_MASK] = "iommu-map-mask",
	[DT_P_IPMMU_MAIN] = "renesas,ipmmu-main",
	[DT_P_RESETS] = "resets",
	[DT_P_CLOCKS] = "clocks",
	[DT_P_DEVICE_TYPE] = "device_type",
};

/* Default cells when a node has no #address-cells / #size-cells. */
#define DT_DEFAULT_ACELLS 2u
#define DT_DEFAULT_SCELLS 1u
#define DT_BAD_CELLS 0xffu

void ipfw_dt_diag_set(struct ipfw_dt_diag *d, int err, const char *path, const char *prop, int index)
{
	if (!d)
		return;
	d->err = err;
	d->fdt_err = 0;
	ipfw_strlcpy(d->path, path ? path : "", sizeof(d->path));
	d->prop = prop;
	d->index = index;
}

/*
 * Path of `node` into buf (len bytes), "" when it cannot be found or does
 * not fit. Not fdt_get_path(): on a path longer than its buffer, libfdt
 * 6.1's version walks back past the buffer's start (found by fuzz_dt).
 */
static void dt_node_path(const void *fdt, int node, char *buf, size_t len)
{
	size_t ends[IPFW_DT_MAX_DEPTH + 1]; /* path length after each depth */
	int offset = 0, depth = 0;

	buf[0] = '\0';
	ends[0] = 0;
	while (offset >= 0 && offset <= node) {
		int nlen;
		const char *name = fdt_get_name(fdt, offset, &nlen);
		size_t at;

		if (!name || depth < 0 || depth > IPFW_DT_MAX_DEPTH)
			break;
		at = depth == 0 ? 0 : ends[depth - 1];
		if (at + 1u + (size_t)nlen + 1u > len) {
			buf[0] = '\0';
			return;
		}
		if (depth > 0) {
			buf[at++] = '/';
			for (int i = 0; i < nlen; i++)
				buf[at++] = name[i];
		}
		ends[depth] = at;
		if (offset == node) {
			if (at == 0)
				buf[at++] = '/';
			buf[at] = '\0';
			return;
		}
		offset = fdt_next_node(fdt, offset, &depth);
	}
	buf[0] = '\0';
}

void ipfw_dt_diag_node(struct ipfw_dt_diag *d, int err, const void *fdt, int node, const char *prop,
		  int index)
{
	ipfw_dt_diag_set(d, err, "", prop, index);
	if (d)
		dt_node_path(fdt, node, d->path, sizeof(d->path));
}

/* Lengths of ipfw_dt_prop_names[], computed once per scan. */
static uint32_t dt_strlen(const char *s)
{
	uint32_t n = 0;

	while (s[n])
		n++;
	return n;
}

static unsigned int dt_name_hash(uint32_t off)
{
	return (unsigned int)((off * 0x9e3779b1u) >> 26); /* 6 bits: DT_NAME_SLOTS */
}

static bool dt_name_insert(struct dt_scan *s, uint32_t off, uint8_t id)
{
	unsigned int h = dt_name_hash(off);

	if (s->nnames == DT_NAME_MAX_SPELLINGS)
		return false;
	while (s->name_id[h])
		h = (h + 1) % DT_NAME_SLOTS;
	s->name_off[h] = off;
	s->name_id[h] = id;
	s->nnames++;
	return true;
}

/*
 * Record every strings-block offset that spells a wanted name. dtc shares
 * tails ("cells" can live inside "#address-cells"), so any offset names the
 * suffix of the string it falls in: checking each string's suffixes covers
 * every offset a property can use.
 */
static void dt_scan_names(struct dt_scan *s)
{
	const char *base = (const char *)s->fdt + fdt_off_dt_strings(s->fdt);
	uint32_t size = fdt_size_dt_strings(s->fdt);
	uint32_t nlen[DT_P_COUNT];
	uint32_t start = 0;

	for (unsigned int i = 0; i < DT_NAME_SLOTS; i++)
		s->name_id[i] = 0;
	for (unsigned int id = 1; id < DT_P_COUNT; id++)
		nlen[id] = dt_strlen(ipfw_dt_prop_names[id]);
	s->nnames = 0;
	s->names_slow = false;
	while (start < size) {
		uint32_t end = start;

		while (end < size && base[end])
			end++;
		if (end == size)
			break; /* unterminated tail: no property can name it */
		for (unsigned int id = 1; id < DT_P_COUNT; id++) {
			const char *name = ipfw_dt_prop_names[id];
			uint32_t l = nlen[id], i = 0;

			if (l > end - start || base[end - 1] != name[l - 1])
				continue;
			while (i < l && base[end - l + i] == name[i])
				i++;
			if (i < l)
				continue;
			if (!dt_name_insert(s, end - l, (uint8_t)id)) {
				s->names_slow = true;
				return;
			}
		}
		start = end + 1;
	}
}

static enum dt_prop_id dt_name_lookup(const struct dt_scan *s, uint32_t nameoff)
{
	if (!s->names_slow) {
		unsigned int h = dt_name_hash(nameoff);

		while (s->name_id[h]) {
			if (s->name_off[h] == nameoff)
				return (enum dt_prop_id)s->name_id[h];
			h = (h + 1) % DT_NAME_SLOTS;
		}
		return DT_P_NONE;
	}
	if (nameoff > INT32_MAX)
		return DT_P_NONE;
	int len;
	const char *name = fdt_get_string(s->fdt, (int)nameoff, &len);

	if (!name)
		return DT_P_NONE;
	for (unsigned int id = 1; id < DT_P_COUNT; id++) {
		if (ipfw_streq(name, ipfw_dt_prop_names[id]))
			return (enum dt_prop_id)id;
	}
	return DT_P_NONE;
}

/* The header facts ipfw_dt_check() starts with; the scan checks the rest as it goes. */
static int dt_check_header(const void *fdt)
{
	int err;

	if (!fdt)
		return -FDT_ERR_BADMAGIC;
	err = fdt_check_header(fdt);
	/* Version 16 and later only: older blobs pad property values differently. */
	if (!err && fdt_version(fdt) < 16)
		err = -FDT_ERR_BADVERSION;
	/* libfdt loads tags with aligned 32-bit reads (undefined otherwise). */
	if (!err && ((fdt_off_dt_struct(fdt) | fdt_off_dt_strings(fdt)) & 3u ||
		     fdt_off_mem_rsvmap(fdt) & 7u))
		err = -FDT_ERR_ALIGNMENT;
	return err;
}

/*
 * Does the tag at off, which fdt_next_tag() says ends at next, move the
 * walk forward, and does a property's value end by next? libfdt 1.6.1
 * (Debian's and Linux 6.1's copy) adds a property's 32-bit length to the
 * offset unchecked: a length near 2^32 wraps, and fdt_next_tag() hands
 * back an offset at or just after the tag itself. Every libfdt loop over
 * such a blob (fdt_next_node, fdt_getprop, fdt_path_offset) then runs for
 * ever (found by fuzz_plan), and the wrapped length points past the block.
 */
static bool dt_prop_fits(uint32_t span, const struct dt_prop *hdr)
{
	/* tag, length, name offset (12 bytes), then the value */
	return span >= 12u && dt_cell(hdr, 1) <= span - 12u;
}

static bool dt_tag_sound(const uint8_t *sblock, uint32_t tag, int off, int next)
{
	const struct dt_prop hdr = {sblock + off, 12};

	if (next <= off)
		return false;
	return tag != FDT_PROP || dt_prop_fits((uint32_t)(next - off), &hdr);
}

/* The whole tag sequence: sound tags, one root, balanced nesting, FDT_END. */
static int dt_check_structure(const void *fdt)
{
	const uint8_t *sblock = (const uint8_t *)fdt + fdt_off_dt_struct(fdt);
	int off = 0, next, depth = -1;
	bool root_done = false;

	for (;;) {
		uint32_t tag = fdt_next_tag(fdt, off, &next);

		if (tag == FDT_END || next < 0)
			return next < 0 ? next : root_done ? 0 : -FDT_ERR_BADSTRUCTURE;
		if (!dt_tag_sound(sblock, tag, off, next))
			return -FDT_ERR_BADSTRUCTURE;
		if (tag == FDT_BEGIN_NODE) {
			if (root_done)
				return -FDT_ERR_BADSTRUCTURE;
			depth++;
		} else if (tag == FDT_END_NODE || tag == FDT_PROP) {
			if (depth < 0)
				return -FDT_ERR_BADSTRUCTURE;
			if (tag == FDT_END_NODE && --depth < 0)
				root_done = true;
		}
		off = next;
	}
}

int ipfw_dt_check(const void *fdt, int *fdt_err)
{
	int err = dt_check_header(fdt);

	if (!err)
		err = dt_check_structure(fdt);
	if (fdt_err)
		*fdt_err = err;
	return err ? IPFW_E_FDT : IPFW_OK;
}

int ipfw_dt_scan_init(struct dt_scan *s, const void *fdt)
{
	s->fdt = fdt;
	/* Header only: ipfw_dt_scan_next() checks each tag as ipfw_dt_check() would. */
	s->fdt_err = dt_check_header(fdt);
	if (s->fdt_err)
		return IPFW_E_FDT;
	s->sblock = (const uint8_t *)fdt + fdt_off_dt_struct(fdt);
	dt_scan_names(s);
	ipfw_dt_scan_rewind(s);
	return IPFW_OK;
}

void ipfw_dt_scan_rewind(struct dt_scan *s)
{
	s->off = 0;
	s->depth = -1;
	s->pending = false;
	s->root_done = false;
	s->trunc_depth = IPFW_DT_MAX_DEPTH + 1;
	s->path[0] = '\0';
	s->fdt_err = 0;
}

static int dt_scan_bad(struct dt_scan *s, int fdt_err)
{
	s->fdt_err = fdt_err;
	return IPFW_E_FDT;
}

static uint8_t dt_cells_value(const struct dt_prop *p, uint8_t dflt)
{
	uint32_t v;

	if (!p->data)
		return dflt;
	if (p->len != 4)
		return DT_BAD_CELLS;
	v = dt_cell(p, 0);
	return v > 4 ? DT_BAD_CELLS : (uint8_t)v;
}

/* Open a node: append its name to the path. */
static int dt_scan_begin(struct dt_scan *s, struct dt_node *n)
{
	const char *name;
	uint32_t nlen = 0;
	int depth = s->depth + 1;

	if (s->root_done)
		return dt_scan_bad(s, -FDT_ERR_BADSTRUCTURE); /* a second root */
	if (depth > IPFW_DT_MAX_DEPTH)
		return IPFW_E_NOSPACE;
	/* fdt_next_tag() checked the name is NUL-terminated inside the block. */
	name = (const char *)s->sblock + s->off + FDT_TAGSIZE;
	while (name[nlen])
		nlen++;
	if (depth == 0) {
		if (nlen)
			return dt_scan_bad(s, -FDT_ERR_BADSTRUCTURE); /* the root is unnamed */
		s->path[0] = '/';
		s->path[1] = '\0';
		s->pathlen[0] = 1;
	} else {
		uint16_t plen = s->pathlen[depth - 1];
		uint32_t sep = plen > 1 ? 1u : 0u;

		if (s->trunc_depth < depth) {
			/* an ancestor's path did not fit: keep its prefix */
		} else if (plen + sep + nlen > IPFW_DT_PATH_MAX - 1u) {
			s->trunc_depth = depth;
		} else {
			if (sep)
				s->path[plen++] = '/';
			for (uint32_t i = 0; i < nlen; i++)
				s->path[plen + i] = name[i];
			plen = (uint16_t)(plen + nlen);
			s->path[plen] = '\0';
		}
		s->pathlen[depth] = plen;
	}
	s->depth = depth;
	s->acells[depth] = DT_DEFAULT_ACELLS;
	s->scells[depth] = DT_DEFAULT_SCELLS;
	for (unsigned int i = 0; i < DT_P_COUNT; i++) {
		n->p[i].data = NULL;
		n->p[i].len = 0;
	}
	n->offset = s->off;
	n->depth = depth;
	n->path_ok = s->trunc_depth > depth;
	n->parent_acells = depth ? s->acells[depth - 1] : DT_DEFAULT_ACELLS;
	n->parent_scells = depth ? s->scells[depth - 1] : DT_DEFAULT_SCELLS;
	s->pending = true;
	return IPFW_OK;
}

/* Hand out the pending node; its cells apply to its children. */
static int dt_scan_emit(struct dt_scan *s, struct dt_node *n)
{
	s->pending = false;
	s->acells[s->depth] = dt_cells_value(&n->p[DT_P_ADDRESS_CELLS], DT_DEFAULT_ACELLS);
	s->scells[s->depth] = dt_cells_value(&n->p[DT_P_SIZE_CELLS], DT_DEFAULT_SCELLS);
	return 1;
}

static int dt_scan_prop(struct dt_scan *s, struct dt_node *n, int next)
{
	/* Tag, length, name offset, value; byte loads: a hostile blob's
	 * structure block need not be 4-byte aligned in memory. */
	const uint8_t *pr = s->sblock + s->off;
	const struct dt_prop hdr = {pr, 12};
	enum dt_prop_id id;

	if (!s->pending)
		return dt_scan_bad(s, -FDT_ERR_BADSTRUCTURE); /* property after a subnode */
	/* ipfw_dt_scan_next() saw the tag move forward; the value must end inside it */
	if (!dt_prop_fits((uint32_t)(next - s->off), &hdr))
		return dt_scan_bad(s, -FDT_ERR_BADSTRUCTURE);
	id = dt_name_lookup(s, dt_cell(&hdr, 2));
	if (id != DT_P_NONE) {
		n->p[id].data = pr + 12;
		n->p[id].len = dt_cell(&hdr, 1);
	}
	return IPFW_OK;
}

static void dt_scan_end(struct dt_scan *s)
{
	if (s->trunc_depth == s->depth)
		s->trunc_depth = IPFW_DT_MAX_DEPTH + 1;
	s->depth--;
	if (s->depth < 0)
		s->root_done = true;
	else
		s->path[s->pathlen[s->depth]] = '\0';
}

int ipfw_dt_scan_next(struct dt_scan *s, struct dt_node *n)
{
	for (;;) {
		int next, err = IPFW_OK;
		uint32_t tag = fdt_next_tag(s->fdt, s->off, &next);

		if (next >= 0 && next <= s->off)
			return dt_scan_bad(s, -FDT_ERR_BADSTRUCTURE); /* see dt_tag_sound() */
		switch (tag) {
		case FDT_BEGIN_NODE:
			if (s->pending)
				return dt_scan_emit(s, n); /* reread this tag next time */
			err = dt_scan_begin(s, n);
			break;
		case FDT_PROP:
			err = dt_scan_prop(s, n, next);
			break;
		case FDT_END_NODE:
			if (s->pending)
				return dt_scan_emit(s, n);
			if (s->depth < 0)
				return dt_scan_bad(s, -FDT_ERR_BADSTRUCTURE);
			dt_scan_end(s);
			break;
		case FDT_NOP:
			break;
		default: /* FDT_END, or a bad tag reported as FDT_END */
			if (next < 0)
				return dt_scan_bad(s, next);
			if (!s->root_done)
				return dt_scan_bad(s, -FDT_ERR_BADSTRUCTURE);
			return 0;
		}
		if (err)
			return err;
		s->off = next;
	}
}

bool ipfw_dt_node_enabled(const struct dt_node *n)
{
	const struct dt_prop *p = &n->p[DT_P_STATUS];
	const char *v = (const char *)p->data;

	if (!v)
		return true;
	/* "okay" or "ok", NUL-terminated inside the property */
	if (p->len == 5 && v[0] == 'o' && v[1] == 'k' && v[2] == 'a' && v[3] == 'y' && !v[4])
		return true;
	return p->len == 3 && v[0] == 'o' && v[1] == 'k' && !v[2];
}

/* Is the string s (length len) exactly lit (length llen)? */
static bool dt_is(const char *s, uint32_t len, const char *lit, uint32_t llen)
{
	if (len != llen)
		return false;
	for (uint32_t i = 0; i < len; i++) {
		if (s[i] != lit[i])
			return false;
	}
	return true;
}

#define DT_LIT(x) (x), (sizeof(x) - 1u)

uint8_t ipfw_dt_node_ipmmu_flags(const struct dt_node *n)
{
	const struct dt_prop *p = &n->p[DT_P_COMPATIBLE];
	const char *c = (const char *)p->data;
	uint8_t flags = 0;
	uint32_t pos = 0;

	if (!c)
		return 0;
	/* Walk the NUL-separated list; an unterminated tail is ignored. */
	while (pos < p->len) {
		uint32_t end = pos, len;
		const char *str = c + pos;

		while (end < p->len && c[end])
			end++;
		if (end == p->len)
			break;
		len = end - pos;
		pos = end + 1;
		/* every string of interest starts "renesas," */
		if (len < 14 || !dt_is(str, 8, DT_LIT("renesas,")))
			continue;
		if (dt_is(str, 14, DT_LIT("renesas,ipmmu-")))
			flags |= IPFW_DT_NODE_IPMMU;
		/* ipmmu-vmsa.md 8.1; V3U (r8a779a0) is Gen4 too */
		if (dt_is(str, len, DT_LIT("renesas,rcar-gen4-ipmmu-vmsa")))
			flags |= IPFW_DT_NODE_IPMMU | IPFW_DT_NODE_GEN4;
		else if (dt_is(str, len, DT_LIT("renesas,ipmmu-r8a779a0")))
			flags |= IPFW_DT_NODE_GEN4;
	}
	return (flags & IPFW_DT_NODE_IPMMU) ? flags : 0;
}
