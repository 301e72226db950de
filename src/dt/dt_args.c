/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * (phandle, cells...) lists, the cell count taken from the target node
 * (lpae-and-devicetree.md 2.4), and ipfw_dt_iommus_get() on top of them.
 */
#include <libfdt.h>

#include <ipmmu/error.h>
#include "dt_args.h"

static int8_t dt_target_cells(const struct ipfw_dt_node_info *t, enum dt_cells_kind kind)
{
	switch (kind) {
	case DT_CELLS_RESET:
		return t->reset_cells;
	case DT_CELLS_CLOCK:
		return t->clock_cells;
	default:
		return t->iommu_cells;
	}
}

int ipfw_dt_args_next(const struct ipfw_dt_index *idx, const struct dt_prop *p, uint32_t *cell,
		 enum dt_cells_kind kind, unsigned int max_cells, struct ipfw_dt_phandle_args *out,
		 const struct ipfw_dt_node_info **target)
{
	uint32_t total = p->len / 4u;
	const struct ipfw_dt_node_info *t;
	int8_t n;

	if (*cell >= total)
		return (p->len % 4u) ? IPFW_E_DT_TRUNCATED : 0;
	out->phandle = dt_cell(p, *cell);
	out->ncells = 0;
	if (out->phandle == 0) {
		(*cell)++; /* an empty slot, as Linux counts it */
		return IPFW_E_DT_PHANDLE;
	}
	t = ipfw_dt_index_find(idx, out->phandle);
	if (!t) {
		/* Not a provider: a node without the cells, or no node at all. */
		return idx->fdt && fdt_node_offset_by_phandle(idx->fdt, out->phandle) >= 0
			       ? IPFW_E_DT_CELLS
			       : IPFW_E_DT_PHANDLE;
	}
	n = dt_target_cells(t, kind);
	if (n < 0 || (unsigned int)n > max_cells)
		return IPFW_E_DT_CELLS;
	if ((uint32_t)n > total - *cell - 1u)
		return IPFW_E_DT_TRUNCATED;
	/* A longer specifier stays in the blob (the walk keeps its place). */
	for (int8_t i = 0; i < n && i < IPFW_DT_SPEC_CELLS_MAX; i++)
		out->cells[i] = dt_cell(p, *cell + 1u + (uint32_t)i);
	out->ncells = (uint8_t)n;
	*cell += 1u + (uint32_t)n;
	*target = t;
	return 1;
}

int ipfw_dt_iommus_get(const void *fdt, const struct ipfw_dt_index *idx, int node,
		       unsigned int index, struct ipfw_dt_phandle_args *out,
		       struct ipfw_dt_diag *diag)
{
	struct dt_prop p;
	const struct ipfw_dt_node_info *t;
	uint32_t cell = 0;
	unsigned int i;
	int len, r;

	if (!fdt || !idx || !out) {
		ipfw_dt_diag_set(diag, IPFW_E_INVAL, -1, NULL, -1);
		return IPFW_E_INVAL;
	}
	p.data = fdt_getprop(fdt, node, ipfw_dt_prop_names[DT_P_IOMMUS], &len);
	if (!p.data) {
		ipfw_dt_diag_set(diag, IPFW_E_DT_PROP, node, ipfw_dt_prop_names[DT_P_IOMMUS], -1);
		return IPFW_E_DT_PROP;
	}
	p.len = (uint32_t)len;
	for (i = 0;; i++) {
		r = ipfw_dt_args_next(idx, &p, &cell, DT_CELLS_IOMMU, IPFW_DT_SPEC_CELLS_MAX, out, &t);
		if (r == 0) {
			r = IPFW_E_RANGE;
			i = index;
			break;
		}
		if (i == index)
			break;
		/* Only an empty (0-phandle) slot lets the list be read further. */
		if (r < 0 && !(r == IPFW_E_DT_PHANDLE && out->phandle == 0))
			break;
	}
	if (r == 1)
		return IPFW_OK;
	ipfw_dt_diag_set(diag, r, node, ipfw_dt_prop_names[DT_P_IOMMUS], (int)i);
	return r;
}
