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
	[DT_P_POWER_DOMAINS] = "power-domains",
};

/* Default cells when a node has no #address-cells / #size-cells. */
#define DT_DEFAULT_ACELLS 2u
#define DT_DEFAULT_SCELLS 1u
#define DT_BAD_CELLS 0xffu

void ipfw_dt_diag_set(struct ipfw_dt_diag *d, int err, int node, const char *prop, int index)
{
	if (!d)
		return;
	d->err = err;
	d->fdt_err = 0;
	d->node = node;
	d->prop = prop;
	d->index = index;
	d->need = 0;
	d->have = 0;
	d->array = NULL;
}

static uint32_t dt_clamp32(size_t v)
{
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

void ipfw_dt_diag_nospace(struct ipfw_dt_diag *d, const char *array, int node, const char *prop,
			  size_t need, size_t have)
{
	ipfw_dt_diag_set(d, IPFW_E_NOSPACE, node, prop, -1);
	if (d) {
		d->need = dt_clamp32(need);
		d->have = dt_clamp32(have);
		d->array = array;
	}
}

static uint8_t dt_libfdt_cells(int v)
{
	return v < 0 || v > 4 ? 0xffu : (uint8_t)v;
}

/*
 * libfdt 1.6.1 takes the root to be at offset 0 in fdt_path_offset(),
 * fdt_parent_offset() and fdt_node_depth(); a blob whose structure block
 * starts with a NOP or a property (fdt_next_node() skips both) has its
 * root further on, and those calls fail or answer for the wrong node. The
 * walker finds ancestors and paths from the first node instead. (Not
 * fdt_get_path() either: on a path longer than its buffer, libfdt 6.1's
 * version walks back past the buffer's start, found by fuzz_dt.)
 */

/* Depth of node (root 0) and, at depth `want` (when >= 0), its ancestor. */
static int dt_ancestry(const void *fdt, int node, int want, int *ancestor)
{
	int depth = -1, at = -1;

	for (int off = fdt_next_node(fdt, -1, &depth); off >= 0 && off <= node;
	     off = fdt_next_node(fdt, off, &depth)) {
		if (depth == want)
			at = off;
		if (off == node) {
			if (ancestor)
				*ancestor = at;
			return depth;
		}
	}
	return -FDT_ERR_BADOFFSET;
}

int ipfw_dt_parent(const void *fdt, int node)
{
	int parent = -FDT_ERR_NOTFOUND;
	int depth = fdt ? dt_ancestry(fdt, node, -2, NULL) : -FDT_ERR_BADMAGIC;

	if (depth > 0)
		(void)dt_ancestry(fdt, node, depth - 1, &parent);
	return depth < 0 ? depth : parent;
}

void ipfw_dt_parent_cells(const void *fdt, int node, uint8_t *acells, uint8_t *scells)
{
	int parent = ipfw_dt_parent(fdt, node);

	*acells = parent < 0 ? 0xffu : dt_libfdt_cells(fdt_address_cells(fdt, parent));
	*scells = parent < 0 ? 0xffu : dt_libfdt_cells(fdt_size_cells(fdt, parent));
}

int ipfw_dt_path_offset(const void *fdt, const char *path)
{
	int node;

	if (!fdt || !path || path[0] != '/')
		return -FDT_ERR_BADPATH;
	node = fdt_next_node(fdt, -1, NULL); /* the root, wherever it starts */
	while (node >= 0 && *path) {
		const char *end;

		while (*path == '/')
			path++;
		if (!*path)
			break;
		end = path;
		while (*end && *end != '/')
			end++;
		if (end - path > INT32_MAX)
			return -FDT_ERR_BADPATH;
		node = fdt_subnode_offset_namelen(fdt, node, path, (int)(end - path));
		path = end;
	}
	return node;
}

/* Each ancestor is found from the root (depth x nodes steps): a path is
 * built only to be printed, so no depth or length limit is worth a faster
 * walk. */
int ipfw_dt_path(const void *fdt, int node, char *buf, size_t len)
{
	int depth;
	size_t at = 0;

	if (!buf || !len)
		return IPFW_E_NOSPACE;
	buf[0] = '\0';
	if (!fdt || node < 0)
		return IPFW_E_FDT;
	depth = dt_ancestry(fdt, node, -2, NULL);
	if (depth < 0)
		return IPFW_E_FDT;
	if (depth == 0) {
		if (len < 2)
			return IPFW_E_NOSPACE;
		buf[0] = '/';
		buf[1] = '\0';
		return 1;
	}
	for (int d = 1; d <= depth; d++) {
		int nlen = 0, anc = -1;
		const char *name;

		(void)dt_ancestry(fdt, node, d, &anc);
		name = anc >= 0 ? fdt_get_name(fdt, anc, &nlen) : NULL;
		if (!name) {
			buf[0] = '\0';
			return IPFW_E_FDT;
		}
		for (int i = -1; i < nlen; i++) {
			if (at + 1u >= len) {
				buf[at] = '\0';
				return IPFW_E_NOSPACE;
			}
			buf[at++] = i < 0 ? '/' : name[i];
		}
	}
	buf[at] = '\0';
	return at > INT32_MAX ? IPFW_E_NOSPACE : (int)at;
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
		} else if (tag == FDT_PROP && depth < 0 && !root_done) {
			/* before the root: libfdt's node iteration skips it, so do we */
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
	s->root_acells = DT_DEFAULT_ACELLS;
	s->root_scells = DT_DEFAULT_SCELLS;
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

/* Open a node. */
static int dt_scan_begin(struct dt_scan *s, struct dt_node *n)
{
	const char *name;
	int depth = s->depth + 1;

	if (s->root_done)
		return dt_scan_bad(s, -FDT_ERR_BADSTRUCTURE); /* a second root */
	if (depth == INT32_MAX)
		return dt_scan_bad(s, -FDT_ERR_BADSTRUCTURE);
	/* fdt_next_tag() checked the name is NUL-terminated inside the block. */
	name = (const char *)s->sblock + s->off + FDT_TAGSIZE;
	if (depth == 0 && name[0])
		return dt_scan_bad(s, -FDT_ERR_BADSTRUCTURE); /* the root is unnamed */
	s->depth = depth;
	for (unsigned int i = 0; i < DT_P_COUNT; i++) {
		n->p[i].data = NULL;
		n->p[i].len = 0;
	}
	n->offset = s->off;
	n->depth = depth;
	s->pending = true;
	return IPFW_OK;
}

/* Hand out the pending node; the root's cells apply to /memory. */
static int dt_scan_emit(struct dt_scan *s, struct dt_node *n)
{
	s->pending = false;
	if (s->depth == 0) {
		s->root_acells = dt_cells_value(&n->p[DT_P_ADDRESS_CELLS], DT_DEFAULT_ACELLS);
		s->root_scells = dt_cells_value(&n->p[DT_P_SIZE_CELLS], DT_DEFAULT_SCELLS);
	}
	return 1;
}

static int dt_scan_prop(struct dt_scan *s, struct dt_node *n, int next)
{
	/* Tag, length, name offset, value; byte loads: a hostile blob's
	 * structure block need not be 4-byte aligned in memory. */
	const uint8_t *pr = s->sblock + s->off;
	const struct dt_prop hdr = {pr, 12};
	enum dt_prop_id id;

	/* ipfw_dt_scan_next() saw the tag move forward; the value must end inside it */
	if (!dt_prop_fits((uint32_t)(next - s->off), &hdr))
		return dt_scan_bad(s, -FDT_ERR_BADSTRUCTURE);
	if (!s->pending && s->depth < 0 && !s->root_done)
		return IPFW_OK; /* before the root (libfdt skips it too): no node's */
	if (!s->pending)
		return dt_scan_bad(s, -FDT_ERR_BADSTRUCTURE); /* property after a subnode */
	id = dt_name_lookup(s, dt_cell(&hdr, 2));
	if (id != DT_P_NONE) {
		n->p[id].data = pr + 12;
		n->p[id].len = dt_cell(&hdr, 1);
	}
	return IPFW_OK;
}

static void dt_scan_end(struct dt_scan *s)
{
	s->depth--;
	if (s->depth < 0)
		s->root_done = true;
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

int ipfw_dt_scan_node(const struct dt_scan *sp, int node, struct dt_node *n)
{
	struct dt_scan s = *sp;
	int next, r;

	/* The node must open here: a BEGIN_NODE tag at that offset. */
	if (node < 0 || (node & 3) || fdt_next_tag(s.fdt, node, &next) != FDT_BEGIN_NODE)
		return dt_scan_bad(&s, -FDT_ERR_BADOFFSET);
	s.off = node;
	s.depth = 0; /* any depth above the root: only this node is read */
	s.pending = false;
	s.root_done = false;
	r = ipfw_dt_scan_next(&s, n);
	if (r == 1)
		n->depth = -1; /* unknown, and not needed */
	return r == 1 ? 1 : IPFW_E_FDT;
}

bool ipfw_dt_status_okay(const char *v, int len)
{
	if (!v)
		return true;
	/* "okay" or "ok", the NUL the property's last byte */
	if (len == 5 && v[0] == 'o' && v[1] == 'k' && v[2] == 'a' && v[3] == 'y' && !v[4])
		return true;
	return len == 3 && v[0] == 'o' && v[1] == 'k' && !v[2];
}

bool ipfw_dt_node_okay(const void *fdt, int node)
{
	int len = 0;
	const char *v = fdt_getprop(fdt, node, "status", &len);

	return ipfw_dt_status_okay(v, len);
}

bool ipfw_dt_node_enabled(const struct dt_node *n)
{
	const struct dt_prop *p = &n->p[DT_P_STATUS];

	/* a property is far below 2 GiB (ipfw_dt_check bounds the blob) */
	return ipfw_dt_status_okay((const char *)p->data, (int)p->len);
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
	const char *str;
	uint8_t flags = 0;
	int pos = 0, slen;

	/* a property is far below 2 GiB (ipfw_dt_check bounds the blob) */
	while ((str = ipfw_strlist_next((const char *)p->data, (int)p->len, &pos, &slen))) {
		const uint32_t len = (uint32_t)slen;

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
