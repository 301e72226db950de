/* SPDX-License-Identifier: BSD-3-Clause */
/* iommu-map lookup with of_map_id() semantics, deny on a miss. */
#include <ipmmu/error.h>
#include <ipmmu/text.h>
#include "dt_scan.h"

int ipfw_dt_find_master(const struct ipfw_dt_result *res, const char *path)
{
	if (!res || !path)
		return -1;
	for (size_t i = 0; i < res->nmasters && i <= INT32_MAX; i++) {
		if (ipfw_streq(res->masters[i].path, path))
			return (int)i;
	}
	return -1;
}

static int dt_map_fail(struct ipfw_dt_diag *diag, int err, const char *path, int index)
{
	ipfw_dt_diag_set(diag, err, path, "iommu-map", index);
	return err;
}

int ipfw_dt_map_id(const struct ipfw_dt_result *res, size_t m, uint32_t rid,
		   struct ipfw_dt_map_out *out, struct ipfw_dt_diag *diag)
{
	const struct ipfw_dt_master *ms;
	uint32_t masked;

	if (!res || !out || m >= res->nmasters) {
		ipfw_dt_diag_set(diag, IPFW_E_INVAL, "", NULL, -1);
		return IPFW_E_INVAL;
	}
	ms = &res->masters[m];
	if (!(ms->flags & IPFW_DT_MASTER_HAS_MAP))
		return dt_map_fail(diag, IPFW_E_DT_PROP, ms->path, -1);
	masked = rid & ms->map_mask;
	for (uint16_t i = 0; i < ms->nmaps; i++) {
		const struct ipfw_dt_map_entry *e = &res->maps[ms->first_map + i];
		const struct ipfw_dt_ipmmu *u;

		/* Checked entry by entry: a bad entry before the match aborts. */
		if (e->id_base & ~ms->map_mask)
			return dt_map_fail(diag, IPFW_E_DT_MAPMASK, ms->path, i);
		/* Unsigned difference: base + length may wrap past 2^32. */
		if (masked - e->id_base >= e->length)
			continue;
		if (e->ipmmu == -1)
			return dt_map_fail(diag, IPFW_E_DT_PHANDLE, ms->path, i);
		if (e->ipmmu < 0 || (size_t)e->ipmmu >= res->nipmmus)
			return dt_map_fail(diag, IPFW_E_DT_NOTIOMMU, ms->path, i);
		u = &res->ipmmus[e->ipmmu];
		if (!u->enabled)
			return dt_map_fail(diag, IPFW_E_DT_DISABLED, ms->path, i);
		out->bypass = false;
		out->ipmmu = (uint16_t)e->ipmmu;
		out->id = masked - e->id_base + e->iommu_base;
		out->entry = i;
		return IPFW_OK;
	}
	if (!(ms->flags & IPFW_DT_MASTER_BYPASS_OK))
		return dt_map_fail(diag, IPFW_E_DT_NOMATCH, ms->path, -1);
	/* Explicit board policy: pass the unmasked ID through, untranslated. */
	out->bypass = true;
	out->ipmmu = 0;
	out->id = rid;
	out->entry = 0;
	return IPFW_OK;
}
