/* SPDX-License-Identifier: BSD-3-Clause */
/* iommu-map lookup with of_map_id() semantics, deny on a miss. */
#include <libfdt.h>

#include <ipmmu/error.h>
#include <ipmmu/text.h>
#include "dt_scan.h"

int ipfw_dt_find_master(const struct ipfw_dt_result *res, const char *path)
{
	int node;

	if (!res || !path || !res->fdt)
		return -1;
	node = ipfw_dt_path_offset(res->fdt, path);
	for (size_t i = 0; node >= 0 && i < res->nmasters && i <= INT32_MAX; i++) {
		if (res->masters[i].node == node)
			return (int)i;
	}
	return -1;
}

static int dt_map_fail(struct ipfw_dt_diag *diag, int err, int node, int index)
{
	ipfw_dt_diag_set(diag, err, node, "iommu-map", index);
	return err;
}

int ipfw_dt_map_id(const struct ipfw_dt_result *res, size_t m, uint32_t rid,
		   struct ipfw_dt_map_out *out, struct ipfw_dt_diag *diag)
{
	const struct ipfw_dt_master *ms;
	uint32_t masked;

	if (!res || !out || m >= res->nmasters) {
		ipfw_dt_diag_set(diag, IPFW_E_INVAL, -1, NULL, -1);
		return IPFW_E_INVAL;
	}
	ms = &res->masters[m];
	if (!(ms->flags & IPFW_DT_MASTER_HAS_MAP))
		return dt_map_fail(diag, IPFW_E_DT_PROP, ms->node, -1);
	masked = rid & ms->map_mask;
	for (uint16_t i = 0; i < ms->nmaps; i++) {
		const struct ipfw_dt_map_entry *e = &res->maps[ms->first_map + i];

		/* Checked entry by entry: a bad entry before the match aborts. */
		if (e->id_base & ~ms->map_mask)
			return dt_map_fail(diag, IPFW_E_DT_MAPMASK, ms->node, i);
		/* The end in 32 bits, as Linux computes it: an entry whose end
		 * wraps past 2^32, or of length 0, matches nothing. */
		if (masked < e->id_base || masked >= (uint32_t)(e->id_base + e->length))
			continue;
		if (e->iommu < 0)
			return dt_map_fail(diag, IPFW_E_DT_PHANDLE, ms->node, i);
		if (!(e->target & (IPFW_DT_NODE_IOMMU | IPFW_DT_NODE_IPMMU)))
			return dt_map_fail(diag, IPFW_E_DT_NOTIOMMU, ms->node, i);
		if (!(e->target & IPFW_DT_NODE_ENABLED))
			return dt_map_fail(diag, IPFW_E_DT_DISABLED, ms->node, i);
		out->bypass = false;
		out->ipmmu = e->ipmmu >= 0 ? e->ipmmu : -1;
		out->iommu = e->iommu;
		out->id = masked - e->id_base + e->iommu_base;
		out->entry = i;
		return IPFW_OK;
	}
	if (!(ms->flags & IPFW_DT_MASTER_BYPASS_OK))
		return dt_map_fail(diag, IPFW_E_DT_NOMATCH, ms->node, -1);
	/* Explicit board policy: pass the unmasked ID through, untranslated. */
	out->bypass = true;
	out->ipmmu = -1;
	out->iommu = -1;
	out->id = rid;
	out->entry = 0;
	return IPFW_OK;
}

uint32_t ipfw_dt_spec_cell(const struct ipfw_dt_result *res, const struct ipfw_dt_spec *sp,
			   unsigned int i)
{
	const struct dt_prop p = {(const uint8_t *)res->fdt + sp->cells_at, 4u * sp->ncells};

	return i < sp->ncells ? dt_cell(&p, i) : 0;
}
