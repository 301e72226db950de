/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Phandle index: one pass records every node with a phandle and the facts
 * a reference to it needs (#iommu-cells, #reset-cells, #clock-cells,
 * status, IPMMU flavour), then a heapsort makes lookups a binary search.
 * libfdt's fdt_node_offset_by_phandle() is a linear scan of the whole tree
 * (lpae-and-devicetree.md 2.4); the walker resolves hundreds of phandles.
 */
#include <libfdt.h>

#include <ipmmu/error.h>
#include "dt_scan.h"

static int8_t dt_cells_prop(const struct dt_prop *p)
{
	uint32_t v;

	if (!p->data || p->len != 4)
		return -1;
	v = dt_cell(p, 0);
	return v > 127 ? 127 : (int8_t)v;
}

static void dt_sift_down(struct ipfw_dt_node_info *a, size_t root, size_t n)
{
	for (;;) {
		size_t child = 2 * root + 1;
		struct ipfw_dt_node_info t;

		if (child >= n)
			return;
		if (child + 1 < n && a[child + 1].phandle > a[child].phandle)
			child++;
		if (a[root].phandle >= a[child].phandle)
			return;
		t = a[root];
		a[root] = a[child];
		a[child] = t;
		root = child;
	}
}

static void dt_heapsort(struct ipfw_dt_node_info *a, size_t n)
{
	for (size_t i = n / 2; i-- > 0;)
		dt_sift_down(a, i, n);
	for (size_t end = n; end-- > 1;) {
		struct ipfw_dt_node_info t = a[0];

		a[0] = a[end];
		a[end] = t;
		dt_sift_down(a, 0, end);
	}
}

static int dt_index_fail(struct ipfw_dt_index *idx, struct ipfw_dt_diag *diag, int err)
{
	idx->count = 0;
	idx->nipmmus = 0;
	if (diag)
		diag->err = err;
	return err;
}

int ipfw_dt_index_build(const void *fdt, struct ipfw_dt_index *idx, struct ipfw_dt_diag *diag)
{
	struct dt_scan s;
	int r;

	if (!fdt || !idx || (!idx->slots && idx->cap)) {
		ipfw_dt_diag_set(diag, IPFW_E_INVAL, -1, NULL, -1);
		return IPFW_E_INVAL;
	}
	r = ipfw_dt_scan_init(&s, fdt);
	if (r) {
		ipfw_dt_diag_set(diag, r, -1, NULL, -1);
		if (diag)
			diag->fdt_err = s.fdt_err;
		return dt_index_fail(idx, diag, r);
	}
	return ipfw_dt_index_build_scan(&s, idx, diag);
}

/* Does a walk resolve references to this node? */
static bool dt_is_provider(const struct dt_node *n, uint8_t ipmmu)
{
	return ipmmu || n->p[DT_P_IOMMU_CELLS].data || n->p[DT_P_RESET_CELLS].data ||
	       n->p[DT_P_CLOCK_CELLS].data;
}

int ipfw_dt_index_build_scan(const struct dt_scan *sp, struct ipfw_dt_index *idx, struct ipfw_dt_diag *diag)
{
	struct dt_scan s = *sp;
	struct dt_node n;
	size_t count = 0, nipmmus = 0, over = 0;
	int r, over_node = -1;

	while ((r = ipfw_dt_scan_next(&s, &n)) == 1) {
		const struct dt_prop *ph = &n.p[DT_P_PHANDLE];
		uint8_t ipmmu = ipfw_dt_node_ipmmu_flags(&n);
		uint32_t phandle;

		if (ipmmu && ++nipmmus > INT16_MAX) {
			ipfw_dt_diag_nospace(diag, "ipmmus", n.offset, NULL, nipmmus, INT16_MAX);
			return dt_index_fail(idx, diag, IPFW_E_NOSPACE);
		}
		if (!ph->data)
			ph = &n.p[DT_P_LINUX_PHANDLE];
		if (!ph->data || !dt_is_provider(&n, ipmmu))
			continue;
		if (ph->len != 4) {
			ipfw_dt_diag_set(diag, IPFW_E_DT_PROP, n.offset, ipfw_dt_prop_names[DT_P_PHANDLE], -1);
			return dt_index_fail(idx, diag, IPFW_E_DT_PROP);
		}
		phandle = dt_cell(ph, 0);
		if (phandle == 0 || phandle == 0xffffffffu) {
			ipfw_dt_diag_set(diag, IPFW_E_DT_PHANDLE, n.offset, ipfw_dt_prop_names[DT_P_PHANDLE], -1);
			return dt_index_fail(idx, diag, IPFW_E_DT_PHANDLE);
		}
		if (count == idx->cap) {
			/* count on, to say what the tree needs */
			if (!over++)
				over_node = n.offset;
			continue;
		}
		idx->slots[count].phandle = phandle;
		idx->slots[count].offset = n.offset;
		idx->slots[count].iommu_cells = dt_cells_prop(&n.p[DT_P_IOMMU_CELLS]);
		idx->slots[count].reset_cells = dt_cells_prop(&n.p[DT_P_RESET_CELLS]);
		idx->slots[count].clock_cells = dt_cells_prop(&n.p[DT_P_CLOCK_CELLS]);
		idx->slots[count].flags = (uint8_t)(ipmmu | (ipfw_dt_node_enabled(&n) ? IPFW_DT_NODE_ENABLED : 0u) |
						    (n.p[DT_P_IOMMU_CELLS].data ? IPFW_DT_NODE_IOMMU : 0u));
		idx->slots[count].ipmmu = ipmmu ? (int16_t)(nipmmus - 1) : -1;
		count++;
	}
	if (r < 0) {
		ipfw_dt_diag_set(diag, r, -1, NULL, -1);
		if (diag && r == IPFW_E_FDT)
			diag->fdt_err = s.fdt_err;
		return dt_index_fail(idx, diag, r);
	}
	if (over) {
		ipfw_dt_diag_nospace(diag, "providers", over_node, ipfw_dt_prop_names[DT_P_PHANDLE], count + over,
				     idx->cap);
		return dt_index_fail(idx, diag, IPFW_E_NOSPACE);
	}
	dt_heapsort(idx->slots, count);
	for (size_t i = 1; i < count; i++) {
		if (idx->slots[i].phandle == idx->slots[i - 1].phandle) {
			ipfw_dt_diag_set(diag, IPFW_E_DT_PHANDLE, idx->slots[i].offset,
					 ipfw_dt_prop_names[DT_P_PHANDLE], -1);
			return dt_index_fail(idx, diag, IPFW_E_DT_PHANDLE);
		}
	}
	idx->fdt = s.fdt;
	idx->count = count;
	idx->nipmmus = nipmmus;
	return IPFW_OK;
}

const struct ipfw_dt_node_info *ipfw_dt_index_find(const struct ipfw_dt_index *idx, uint32_t phandle)
{
	size_t lo = 0, hi = idx->count;

	if (phandle == 0 || phandle == 0xffffffffu)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (idx->slots[mid].phandle == phandle)
			return &idx->slots[mid];
		if (idx->slots[mid].phandle < phandle)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
