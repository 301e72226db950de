/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Dry run: the map's CHECK walk over an empty context (no table exists),
 * region after region. Sorted regions visit table slots in increasing
 * order, so the walker counts a table shared by neighbours once.
 */
#include <stdint.h>

#include <ipmmu/error.h>

#include "lpae_internal.h"

int ipfw_lpae_dry_run(enum ipfw_lpae_format format, const struct ipfw_lpae_region *regions,
		      size_t count)
{
	const struct ipfw_lpae_fmt *f;
	struct lpae_op op;
	uint64_t prev_end = 0;

	if ((unsigned int)format > IPFW_LPAE_S2_40)
		return IPFW_E_FORMAT;
	if (!regions && count)
		return IPFW_E_INVAL;
	f = &ipfw_lpae_fmts_[format];
	ipfw_lpae_op_init_(&op, NULL, LPAE_CHECK);
	for (size_t r = 0; r < count; r++) {
		const struct ipfw_lpae_region *g = &regions[r];
		int err = ipfw_lpae_check_range_(f, g->iova, g->pa, g->size);

		if (!err)
			err = ipfw_lpae_leaf_bits_(f, 0, g->attrs, &op.leaf);
		if (err)
			return err;
		if (g->iova < prev_end)
			return IPFW_E_OVERLAP;
		prev_end = g->iova + g->size;
		op.delta = (uint32_t)((g->pa - g->iova) >> LPAE_PAGE_SHIFT);
		(void)ipfw_lpae_walk_range_(&op, NULL, 1, (uint32_t)(g->iova >> LPAE_PAGE_SHIFT),
					    (uint32_t)(g->size >> LPAE_PAGE_SHIFT));
	}
	return (int)(f->top_tables + op.count);
}
