/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The walk: IPMMU nodes and enabled masters into plain structs, then every
 * enabled cache IPMMU's root resolved through renesas,ipmmu-main.
 */
#include <libfdt.h>

#include <ipmmu/config.h>
#include <ipmmu/error.h>
#include <ipmmu/text.h>
#include "dt_args.h"
#include "dt_scan.h"

struct dt_walk {
	const void *fdt;
	const struct ipfw_dt_config *cfg;
	const struct ipfw_dt_index *idx;
	struct ipfw_dt_result *res;
	struct ipfw_dt_diag *diag;
	struct dt_scan scan;
	size_t nipmmus; /* IPMMU nodes met so far, enabled or not */
	int node;       /* the node being visited, for diagnostics */
	size_t need_masters, need_specs, need_maps, need_refs; /* a full array: the tree's figures */
};

static int dt_fail(struct dt_walk *w, int err, enum dt_prop_id prop, int index)
{
	ipfw_dt_diag_set(w->diag, err, w->node, prop ? ipfw_dt_prop_names[prop] : NULL, index);
	return err;
}

static int dt_full(struct dt_walk *w, const char *array, enum dt_prop_id prop, size_t need,
		   size_t have)
{
	ipfw_dt_diag_nospace(w->diag, array, w->node, prop ? ipfw_dt_prop_names[prop] : NULL, need,
			     have);
	return IPFW_E_NOSPACE;
}

/* The compatible list in the blob, cut after its last whole string. */
static void dt_keep_compatible(struct ipfw_dt_ipmmu *u, const struct dt_prop *p)
{
	uint32_t keep = 0;

	for (uint32_t i = 0; p->data && i < p->len && i < UINT16_MAX; i++) {
		if (!p->data[i])
			keep = i + 1;
	}
	u->compatible = (const char *)p->data;
	u->compatible_len = (uint16_t)keep;
}

/* First reg entry, with the parent's #address-cells / #size-cells. */
static int dt_read_reg(struct dt_walk *w, const struct dt_node *n, struct ipfw_dt_ipmmu *u)
{
	const struct dt_prop *p = &n->p[DT_P_REG];
	uint8_t ac8, sc8;
	uint32_t ac, sc;

	ipfw_dt_parent_cells(w->fdt, n->offset, &ac8, &sc8);
	ac = ac8;
	sc = sc8;
	u->reg_base = 0;
	u->reg_size = 0;
	if (!p->data)
		return u->enabled ? dt_fail(w, IPFW_E_DT_PROP, DT_P_REG, -1) : IPFW_OK;
	/* A 64-bit base needs at most 2 cells; the binding uses 2 and 2. */
	if (ac == 0 || ac > 2 || sc > 2)
		return dt_fail(w, IPFW_E_DT_PROP, DT_P_REG, 0);
	if (p->len < 4u * (ac + sc))
		return dt_fail(w, IPFW_E_DT_TRUNCATED, DT_P_REG, 0);
	for (uint32_t i = 0; i < ac; i++)
		u->reg_base = (u->reg_base << 32) | dt_cell(p, i);
	for (uint32_t i = 0; i < sc; i++)
		u->reg_size = (u->reg_size << 32) | dt_cell(p, ac + i);
	return IPFW_OK;
}

/*
 * renesas,ipmmu-main: Gen3 <phandle bit>, Gen4 <phandle> (ipmmu-vmsa.md 8.1).
 * Linux 6.1's Gen4 trees (r8a779a0, r8a779f0) still carry the Gen3 form
 * <phandle bit>, so Gen4 accepts both; the bit is recorded either way.
 */
static int dt_read_main(struct dt_walk *w, const struct dt_node *n, struct ipfw_dt_ipmmu *u)
{
	const struct dt_prop *p = &n->p[DT_P_IPMMU_MAIN];

	u->has_main = p->data != NULL;
	u->main_bit = -1;
	u->main_phandle = 0;
	if (!p->data)
		return IPFW_OK;
	if (!u->gen4 && p->len == 4)
		return dt_fail(w, IPFW_E_DT_TRUNCATED, DT_P_IPMMU_MAIN, 0);
	if (p->len != 8 && !(u->gen4 && p->len == 4))
		return dt_fail(w, IPFW_E_DT_PROP, DT_P_IPMMU_MAIN, 0);
	u->main_phandle = dt_cell(p, 0);
	if (p->len == 8) {
		uint32_t bit = dt_cell(p, 1);

		if (bit > 31)
			return dt_fail(w, IPFW_E_DT_PROP, DT_P_IPMMU_MAIN, 0);
		u->main_bit = (int8_t)bit;
	}
	return IPFW_OK;
}

/* The IPMMU binding's #iommu-cells is 1: the uTLB (ipmmu-vmsa.md 8.1). Any
 * other count is the IPMMU's fault, reported once here; its masters are
 * held as bound to an unusable IPMMU, not blamed for a list they cannot
 * be parsed by. */
static int dt_read_ipmmu_cells(struct dt_walk *w, const struct dt_node *n)
{
	const struct dt_prop *p = &n->p[DT_P_IOMMU_CELLS];

	if (!p->data || p->len != 4 || dt_cell(p, 0) != 1)
		return dt_fail(w, IPFW_E_DT_CELLS, DT_P_IOMMU_CELLS, -1);
	return IPFW_OK;
}

/* Lenient walks record problems local to one node; the blob being
 * malformed, or an output array being full, still stops the walk. */
static bool dt_lenient_local(const struct dt_walk *w, int err)
{
	return w->cfg && w->cfg->lenient && err != IPFW_E_FDT && err != IPFW_E_NOSPACE;
}

/* Keep the first problem of a master, then clear the walk's diagnostic. */
static void dt_master_error(struct dt_walk *w, struct ipfw_dt_master *m, int err)
{
	if (!m->err) {
		m->err = err;
			m->err_prop = w->diag->prop;
		m->err_index = w->diag->index;
	}
	ipfw_dt_diag_set(w->diag, IPFW_OK, -1, NULL, -1);
}

static int dt_add_ipmmu(struct dt_walk *w, const struct dt_node *n, uint8_t flags)
{
	struct ipfw_dt_ipmmu *u;
	const struct dt_prop *ph = &n->p[DT_P_PHANDLE];
	int r;

	if (w->nipmmus >= w->res->ipmmus_cap)
		return dt_full(w, "ipmmus", DT_P_NONE, w->idx->nipmmus, w->res->ipmmus_cap);
	u = &w->res->ipmmus[w->nipmmus];
	u->node = n->offset;
	dt_keep_compatible(u, &n->p[DT_P_COMPATIBLE]);
	u->enabled = ipfw_dt_node_enabled(n);
	u->gen4 = (flags & IPFW_DT_NODE_GEN4) != 0;
	if (!ph->data)
		ph = &n->p[DT_P_LINUX_PHANDLE];
	u->phandle = ph->data ? dt_cell(ph, 0) : 0; /* length checked by the index */
	u->root = -1;
	u->err = IPFW_OK;
	u->err_prop = NULL;
	u->err_index = -1;
	/* One <phandle area> entry, the R-Car SYSC form (#power-domain-cells = 1) */
	u->power_area = n->p[DT_P_POWER_DOMAINS].data && n->p[DT_P_POWER_DOMAINS].len == 8 &&
				dt_cell(&n->p[DT_P_POWER_DOMAINS], 1) <= INT16_MAX
				? (int16_t)dt_cell(&n->p[DT_P_POWER_DOMAINS], 1)
				: -1;
	r = dt_read_ipmmu_cells(w, n);
	if (!r)
		r = dt_read_reg(w, n, u);
	if (!r)
		r = dt_read_main(w, n, u);
	if (r && u->enabled && !dt_lenient_local(w, r))
		return r;
	if (r && u->enabled) {
		/* Lenient: this IPMMU is unusable; its masters will say so. */
		u->err = r;
		u->err_prop = w->diag->prop;
		u->err_index = w->diag->index;
	}
	/* A disabled IPMMU is kept for reference; its flaws matter to no master. */
	if (r)
		ipfw_dt_diag_set(w->diag, IPFW_OK, -1, NULL, -1);
	w->nipmmus++;
	return IPFW_OK;
}

/* Does the entry at cell name an IPMMU whose #iommu-cells is not 1? */
static const struct ipfw_dt_node_info *dt_bad_ipmmu_at(const struct dt_walk *w,
						      const struct dt_prop *p, uint32_t cell)
{
	const struct ipfw_dt_node_info *t;

	if (!p->data || cell >= p->len / 4u)
		return NULL;
	t = ipfw_dt_index_find(w->idx, dt_cell(p, cell));
	return t && (t->flags & IPFW_DT_NODE_IPMMU) && t->iommu_cells != 1 ? t : NULL;
}

static struct ipfw_dt_spec *dt_new_spec(struct dt_walk *w, const struct ipfw_dt_node_info *t)
{
	struct ipfw_dt_spec *sp = &w->res->specs[w->res->nspecs++];

	sp->master = (uint16_t)w->res->nmasters;
	sp->ipmmu = (t->flags & IPFW_DT_NODE_IPMMU) ? t->ipmmu : -1;
	sp->iommu = t->offset;
	sp->cells_at = 0;
	sp->ncells = 0;
	return sp;
}

/*
 * Every iommus entry, to an IOMMU of any kind (a node with #iommu-cells,
 * any cell count): the plan holds masters of IOMMUs it cannot program, the
 * host tool lists them. The entries before a problem are kept (Linux uses
 * them); the problem itself is the master's error.
 */
static int dt_add_specs(struct dt_walk *w, const struct dt_node *n, struct ipfw_dt_master *m)
{
	struct ipfw_dt_result *res = w->res;
	const struct dt_prop *p = &n->p[DT_P_IOMMUS];
	uint32_t cell = 0;

	m->first_spec = (uint16_t)res->nspecs;
	m->nspecs = 0;
	for (int i = 0;; i++) {
		struct ipfw_dt_phandle_args a;
		const struct ipfw_dt_node_info *t = dt_bad_ipmmu_at(w, p, cell);
		struct ipfw_dt_spec *sp;
		uint32_t first = cell + 1u;
		int r;

		if (t && (res->nspecs >= res->specs_cap || res->nspecs >= UINT16_MAX)) {
			w->need_specs++; /* counted on: the walk fails at its end */
			return IPFW_OK;
		}
		if (t) {
			/* The IPMMU is reported at its node; the rest of the list
			 * cannot be read without its cell count. */
			dt_new_spec(w, t);
			m->nspecs++;
			return IPFW_OK;
		}
		r = ipfw_dt_args_next(w->idx, p, &cell, DT_CELLS_IOMMU, INT8_MAX, &a, &t);
		if (r == 0)
			return IPFW_OK;
		if (r < 0)
			return dt_fail(w, r, DT_P_IOMMUS, i);
		/* Linux would run this master untranslated; we deny (iommu.txt, 2.1). */
		if (!(t->flags & IPFW_DT_NODE_ENABLED))
			return dt_fail(w, IPFW_E_DT_DISABLED, DT_P_IOMMUS, i);
		if (res->nspecs >= res->specs_cap || res->nspecs >= UINT16_MAX) {
			w->need_specs++;
			continue;
		}
		sp = dt_new_spec(w, t);
		sp->ncells = a.ncells;
		sp->cells_at = (uint32_t)((size_t)(p->data - (const uint8_t *)w->fdt) + (size_t)first * 4u);
		m->nspecs++;
	}
}

static int dt_add_map(struct dt_walk *w, const struct dt_node *n, struct ipfw_dt_master *m)
{
	struct ipfw_dt_result *res = w->res;
	const struct dt_prop *p = &n->p[DT_P_IOMMU_MAP];
	const struct dt_prop *mask;
	uint32_t count;

	m->first_map = (uint16_t)res->nmaps;
	m->nmaps = 0;
	m->map_mask = 0xffffffffu;
	if (!p->data)
		return IPFW_OK;
	m->flags |= IPFW_DT_MASTER_HAS_MAP;
	if (!IPFW_CFG_IOMMU_MAP) /* ipmmu/config.h: not read in this build */
		return dt_fail(w, IPFW_E_UNSUPPORTED, DT_P_IOMMU_MAP, -1);
	/* Entries are (id-base, phandle, iommu-base, length): 16 bytes each. */
	if (p->len == 0 || p->len % 16u)
		return dt_fail(w, IPFW_E_DT_MAPLEN, DT_P_IOMMU_MAP, -1);
	mask = &n->p[DT_P_IOMMU_MAP_MASK];
	if (mask->data) {
		/* Linux silently keeps ~0 on a bad mask; a firmware must not guess. */
		if (mask->len != 4)
			return dt_fail(w, IPFW_E_DT_PROP, DT_P_IOMMU_MAP_MASK, -1);
		m->map_mask = dt_cell(mask, 0);
	}
	count = p->len / 16u;
	if (w->need_maps || count > res->maps_cap - res->nmaps || res->nmaps + count > UINT16_MAX) {
		w->need_maps += count;
		return IPFW_OK;
	}
	for (uint32_t i = 0; i < count; i++) {
		struct ipfw_dt_map_entry *e = &res->maps[res->nmaps++];
		const struct ipfw_dt_node_info *t;

		e->id_base = dt_cell(p, 4 * i);
		e->phandle = dt_cell(p, 4 * i + 1);
		e->iommu_base = dt_cell(p, 4 * i + 2);
		e->length = dt_cell(p, 4 * i + 3);
		/* Resolved now, judged only if an ID matches it (of_map_id()). */
		t = ipfw_dt_index_find(w->idx, e->phandle);
		e->ipmmu = !t ? -1 : (t->flags & IPFW_DT_NODE_IPMMU) ? t->ipmmu : -2;
		e->iommu = t ? t->offset : -1;
		e->target = t ? t->flags : 0u;
		if (!t && e->phandle && e->phandle != 0xffffffffu) {
			/* not a provider: a node that is no IOMMU, or none at all */
			e->iommu = fdt_node_offset_by_phandle(w->fdt, e->phandle);
			e->ipmmu = e->iommu >= 0 ? -2 : -1;
			if (e->iommu < 0)
				e->iommu = -1;
		}
	}
	m->nmaps = (uint16_t)count;
	return IPFW_OK;
}

static int dt_add_refs(struct dt_walk *w, const struct dt_node *n, enum dt_prop_id prop,
		       uint8_t *count)
{
	struct ipfw_dt_result *res = w->res;
	const struct dt_prop *p = &n->p[prop];
	enum dt_cells_kind kind = prop == DT_P_RESETS ? DT_CELLS_RESET : DT_CELLS_CLOCK;
	uint32_t cell = 0;

	*count = 0;
	if (!res->refs_cap)
		return IPFW_OK; /* not collected */
	for (int i = 0;; i++) {
		struct ipfw_dt_phandle_args a;
		const struct ipfw_dt_node_info *t = NULL;
		struct ipfw_dt_ref *ref;
		int r = ipfw_dt_args_next(w->idx, p, &cell, kind, IPFW_DT_REF_CELLS_MAX, &a, &t);

		if (r == 0)
			return IPFW_OK;
		if (r < 0)
			return dt_fail(w, r, prop, i);
		if (res->nrefs >= res->refs_cap || *count == UINT8_MAX) {
			w->need_refs = res->nrefs + 1u;
			return dt_full(w, "refs", prop, 0, res->refs_cap);
		}
		ref = &res->refs[res->nrefs++];
		ref->phandle = a.phandle;
		ref->ncells = a.ncells;
		for (unsigned int c = 0; c < IPFW_DT_REF_CELLS_MAX; c++)
			ref->cells[c] = c < a.ncells ? a.cells[c] : 0;
		(*count)++;
	}
}

/* Too many resets/clocks for the refs array holds that master, not the walk. */
static bool dt_refs_local(const struct dt_walk *w, int err)
{
	return dt_lenient_local(w, err) ||
	       (w->cfg && w->cfg->lenient && err == IPFW_E_NOSPACE && w->need_refs);
}

static int dt_add_master(struct dt_walk *w, const struct dt_node *n, bool unbound)
{
	struct ipfw_dt_result *res = w->res;
	struct ipfw_dt_master *m;
	int r;

	if (res->nmasters >= res->masters_cap || res->nmasters >= UINT16_MAX) {
		w->need_masters++;
		return IPFW_OK; /* counted on: the walk fails at its end, with the figure */
	}
	m = &res->masters[res->nmasters];
	m->node = n->offset;
	m->flags = unbound ? IPFW_DT_MASTER_UNBOUND : 0u;
	m->err = IPFW_OK;
	m->err_prop = NULL;
	m->err_index = -1;
	m->nresets = 0;
	m->nclocks = 0;
	m->first_ref = (uint16_t)(res->nrefs < UINT16_MAX ? res->nrefs : UINT16_MAX);
	r = dt_add_specs(w, n, m);
	if (!r)
		r = dt_add_map(w, n, m);
	if (r && dt_lenient_local(w, r)) {
		/* Lenient: record the problem; the entries before it stay
		 * (what Linux would use; the plan holds the master anyway). */
		dt_master_error(w, m, r);
		if (m->err_prop != ipfw_dt_prop_names[DT_P_IOMMUS]) {
			res->nmaps = m->first_map;
			m->nmaps = 0;
		} else {
			m->first_map = (uint16_t)res->nmaps;
			m->nmaps = 0;
			m->map_mask = 0xffffffffu;
		}
		r = IPFW_OK;
	}
	w->need_refs = 0;
	if (!r)
		r = dt_add_refs(w, n, DT_P_RESETS, &m->nresets);
	if (!r)
		r = dt_add_refs(w, n, DT_P_CLOCKS, &m->nclocks);
	if (r && dt_refs_local(w, r)) {
		/* A master whose references are unread cannot be held: say so. */
		dt_master_error(w, m, r);
		if (w->need_refs) {
			res->nrefs = m->first_ref;
			m->nresets = 0;
			m->nclocks = 0;
		}
		r = IPFW_OK;
	}
	if (r)
		return r;
	res->nmasters++;
	return IPFW_OK;
}

/* "memory" or "memory@..." */
static bool dt_is_memory_name(const char *p)
{
	static const char m[] = "memory";

	for (unsigned int i = 0; i < sizeof(m) - 1u; i++) {
		if (p[i] != m[i])
			return false;
	}
	return p[6] == '\0' || p[6] == '@';
}

/* A root-level memory node's reg entries into res->mem (zero sizes skipped). */
static int dt_add_memory(struct dt_walk *w, const struct dt_node *n)
{
	const struct dt_prop *t = &n->p[DT_P_DEVICE_TYPE], *reg = &n->p[DT_P_REG];
	struct ipfw_dt_result *res = w->res;
	uint32_t ac = w->scan.root_acells, sc = w->scan.root_scells;
	const char *name = (const char *)w->scan.sblock + n->offset + 4;

	if (!res->mem_cap || n->depth != 1 || !t->data || t->len != 7 ||
	    !ipfw_streq((const char *)t->data, "memory") || !ipfw_dt_node_enabled(n) ||
	    !dt_is_memory_name(name))
		return IPFW_OK;
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2 || !reg->data || !reg->len ||
	    reg->len % (4u * (ac + sc)))
		return dt_fail(w, IPFW_E_DT_PROP, DT_P_REG, -1);
	for (uint32_t e = 0; e < reg->len / (4u * (ac + sc)); e++) {
		uint64_t base = 0, size = 0;

		for (uint32_t c = 0; c < ac; c++)
			base = (base << 32) | dt_cell(reg, e * (ac + sc) + c);
		for (uint32_t c = 0; c < sc; c++)
			size = (size << 32) | dt_cell(reg, e * (ac + sc) + ac + c);
		if (!size)
			continue;
		if (res->nmem >= res->mem_cap)
			return dt_full(w, "mem", DT_P_REG, 0, res->mem_cap);
		res->mem[res->nmem].base = base;
		res->mem[res->nmem].size = size;
		res->nmem++;
	}
	return IPFW_OK;
}

static int dt_visit(struct dt_walk *w, const struct dt_node *n)
{
	uint8_t flags = ipfw_dt_node_ipmmu_flags(n);

	w->node = n->offset;
	if (n->depth == 1 && n->p[DT_P_DEVICE_TYPE].data) {
		int r = dt_add_memory(w, n);

		if (r)
			return r;
	}

	if (flags)
		return dt_add_ipmmu(w, n, flags);
	if (!n->p[DT_P_IOMMUS].data && !n->p[DT_P_IOMMU_MAP].data)
		return IPFW_OK;
	if (!ipfw_dt_node_enabled(n))
		return IPFW_OK; /* Linux never probes it; its reset stays asserted */
	return dt_add_master(w, n, false);
}

/* Index of the master at node offset `node`, or -1. */
static int dt_master_at(const struct ipfw_dt_result *res, int node)
{
	for (size_t i = 0; i < res->nmasters && i <= INT32_MAX; i++) {
		if (res->masters[i].node == node)
			return (int)i;
	}
	return -1;
}

/*
 * The board's lists, matched by node: a policy path is looked up once
 * (fdt_path_offset), so no path is built or kept. DMA masters the board
 * knows have no binding are read as masters (their resets), after the
 * tree's own, in list order; paths naming bound masters, disabled nodes
 * or nothing are left for the plan to report.
 */
static int dt_apply_lists(struct dt_walk *w)
{
	const struct ipfw_dt_config *cfg = w->cfg;
	struct dt_node n;

	if (!cfg)
		return IPFW_OK;
	for (size_t i = 0; i < cfg->nbypass; i++) {
		int node = cfg->bypass_paths[i] ? ipfw_dt_path_offset(w->fdt, cfg->bypass_paths[i]) : -1;
		int m = node >= 0 ? dt_master_at(w->res, node) : -1;

		if (m >= 0)
			w->res->masters[m].flags |= IPFW_DT_MASTER_BYPASS_OK;
	}
	for (size_t i = 0; i < cfg->nunbound; i++) {
		int node = cfg->unbound_paths[i] ? ipfw_dt_path_offset(w->fdt, cfg->unbound_paths[i]) : -1;
		int r;

		if (node < 0 || dt_master_at(w->res, node) >= 0)
			continue;
		r = ipfw_dt_scan_node(&w->scan, node, &n);
		if (r < 0)
			return r;
		if (ipfw_dt_node_ipmmu_flags(&n) || !ipfw_dt_node_enabled(&n))
			continue;
		w->node = node;
		r = dt_add_master(w, &n, true);
		if (r)
			return r;
	}
	return IPFW_OK;
}

/* Every enabled cache IPMMU needs an enabled root IPMMU (ipmmu-vmsa.md 9.15). */
static int dt_resolve_roots(struct dt_walk *w)
{
	struct ipfw_dt_result *res = w->res;

	for (size_t i = 0; i < res->nipmmus; i++) {
		struct ipfw_dt_ipmmu *u = &res->ipmmus[i];
		const struct ipfw_dt_node_info *t;
		int err = IPFW_OK;

		if (!u->has_main) {
			u->root = (int16_t)i;
			continue;
		}
		if (!u->enabled)
			continue;
		t = ipfw_dt_index_find(w->idx, u->main_phandle);
		if (t && (!(t->flags & IPFW_DT_NODE_IPMMU) || t->ipmmu < 0))
			err = IPFW_E_DT_NOTIOMMU;
		else if (!t || !res->ipmmus[t->ipmmu].enabled || res->ipmmus[t->ipmmu].has_main)
			err = IPFW_E_NOROOT; /* missing, disabled, or itself a cache */
		if (err) {
			ipfw_dt_diag_set(w->diag, err, u->node, ipfw_dt_prop_names[DT_P_IPMMU_MAIN], 0);
			if (!dt_lenient_local(w, err))
				return err;
			/* Lenient: an unusable cache; its masters will say so. */
			u->err = err;
			u->err_prop = ipfw_dt_prop_names[DT_P_IPMMU_MAIN];
			u->err_index = 0;
			ipfw_dt_diag_set(w->diag, IPFW_OK, -1, NULL, -1);
			continue;
		}
		u->root = t->ipmmu;
	}
	return IPFW_OK;
}

static void dt_result_clear(struct ipfw_dt_result *res)
{
	res->nipmmus = 0;
	res->nmasters = 0;
	res->nspecs = 0;
	res->nmaps = 0;
	res->nmem = 0;
	res->nrefs = 0;
}

/* A full masters array: the walk counted on, now it says by how much. */
static int dt_check_counts(struct dt_walk *w)
{
	const struct ipfw_dt_result *res = w->res;

	if (w->need_masters)
		ipfw_dt_diag_nospace(w->diag, "masters", -1, NULL, res->nmasters + w->need_masters,
				     res->masters_cap);
	else if (w->need_specs)
		ipfw_dt_diag_nospace(w->diag, "specs", -1, ipfw_dt_prop_names[DT_P_IOMMUS],
				     res->nspecs + w->need_specs, res->specs_cap);
	else if (w->need_maps)
		ipfw_dt_diag_nospace(w->diag, "maps", -1, ipfw_dt_prop_names[DT_P_IOMMU_MAP],
				     res->nmaps + w->need_maps, res->maps_cap);
	else
		return IPFW_OK;
	return IPFW_E_NOSPACE;
}

int ipfw_dt_walk(const void *fdt, const struct ipfw_dt_config *cfg, struct ipfw_dt_index *idx,
		 struct ipfw_dt_result *res, struct ipfw_dt_diag *diag)
{
	struct dt_walk w = {0};
	struct dt_node n;
	struct ipfw_dt_diag local;
	int r;

	if (!diag)
		diag = &local; /* lenient walks read back what dt_fail() recorded */
	ipfw_dt_diag_set(diag, IPFW_OK, -1, NULL, -1);
	if (!fdt || !idx || !res || (cfg && cfg->nbypass && !cfg->bypass_paths) ||
	    (cfg && cfg->nunbound && !cfg->unbound_paths)) {
		ipfw_dt_diag_set(diag, IPFW_E_INVAL, -1, NULL, -1);
		return IPFW_E_INVAL;
	}
	dt_result_clear(res);
	if (!idx->slots && idx->cap) {
		ipfw_dt_diag_set(diag, IPFW_E_INVAL, -1, NULL, -1);
		return IPFW_E_INVAL;
	}
	r = ipfw_dt_scan_init(&w.scan, fdt);
	if (r) {
		ipfw_dt_diag_set(diag, r, -1, NULL, -1);
		diag->fdt_err = w.scan.fdt_err;
		return r;
	}
	/* Pass 1: the phandle index (the scan is copied, its name table kept). */
	r = ipfw_dt_index_build_scan(&w.scan, idx, diag);
	if (r)
		return r;
	if (idx->nipmmus > res->ipmmus_cap) {
		ipfw_dt_diag_nospace(diag, "ipmmus", -1, NULL, idx->nipmmus, res->ipmmus_cap);
		return IPFW_E_NOSPACE;
	}
	res->fdt = fdt;
	w.fdt = fdt;
	w.cfg = cfg;
	w.idx = idx;
	w.res = res;
	w.diag = diag;
	w.node = -1;
	/* Pass 2: IPMMUs and masters. */
	ipfw_dt_scan_rewind(&w.scan);
	while ((r = ipfw_dt_scan_next(&w.scan, &n)) == 1) {
		r = dt_visit(&w, &n);
		if (r)
			break;
	}
	if (r == IPFW_E_FDT) {
		ipfw_dt_diag_set(diag, r, -1, NULL, -1);
		diag->fdt_err = w.scan.fdt_err;
	}
	if (r == IPFW_OK)
		r = dt_apply_lists(&w);
	if (r == IPFW_OK)
		r = dt_check_counts(&w);
	if (r == IPFW_OK) {
		res->nipmmus = w.nipmmus;
		r = dt_resolve_roots(&w);
	}
	if (r) {
		dt_result_clear(res);
		return r;
	}
	return IPFW_OK;
}

int ipfw_dt_add_unbound(const struct ipfw_dt_index *idx, struct ipfw_dt_result *res, int node,
			struct ipfw_dt_diag *diag)
{
	static const struct ipfw_dt_config lenient = {.lenient = true};
	struct dt_walk w = {0};
	struct ipfw_dt_diag local;
	struct dt_node n = {0};
	int r;

	if (!diag)
		diag = &local;
	ipfw_dt_diag_set(diag, IPFW_OK, node, NULL, -1);
	if (!idx || !res || !res->fdt)
		return IPFW_E_INVAL;
	r = ipfw_dt_scan_init(&w.scan, res->fdt);
	if (!r)
		r = ipfw_dt_scan_node(&w.scan, node, &n);
	if (r < 0) {
		ipfw_dt_diag_set(diag, IPFW_E_FDT, -1, NULL, -1);
		return IPFW_E_FDT;
	}
	if (ipfw_dt_node_ipmmu_flags(&n) || n.p[DT_P_IOMMUS].data || n.p[DT_P_IOMMU_MAP].data ||
	    !ipfw_dt_node_enabled(&n) || dt_master_at(res, node) >= 0)
		return IPFW_E_INVAL;
	if (res->nmasters >= res->masters_cap || res->nmasters >= UINT16_MAX) {
		ipfw_dt_diag_nospace(diag, "masters", node, NULL, res->nmasters + 1u, res->masters_cap);
		return IPFW_E_NOSPACE;
	}
	w.fdt = res->fdt;
	w.cfg = &lenient;
	w.idx = idx;
	w.res = res;
	w.diag = diag;
	w.node = node;
	r = dt_add_master(&w, &n, true);
	return r ? r : (int)(res->nmasters - 1u);
}
