/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Map: the walker runs twice. The CHECK run only reads: it finds overlaps
 * and counts the tables the map will allocate. Only when it succeeds and
 * the pool has the tables does the MAP run write, and that run cannot
 * fail; so a failed map leaves table memory and pool untouched. A range
 * that is one run of leaves in one existing table (a page, pages, blocks)
 * is written by the CHECK run once checked (lpae_internal.h).
 */
#include <ipmmu/types.h>

#include <ipmmu/error.h>

#include "lpae_internal.h"

int ipfw_lpae_map(struct ipfw_lpae_ctx *ctx, uint64_t iova, uint64_t pa, uint64_t size,
		  uint32_t attrs)
{
	const struct ipfw_lpae_region r = {iova, pa, size, attrs};
	struct lpae_op op;
	int err;

	op.rd = ctx;
	err = ipfw_lpae_op_region_(&op, NULL, &r, true);
	op.ctx = ctx; /* written through by MAP only */
	/* CHECK, then MAP (which cannot fail) if the pool has the tables */
	for (op.mode = LPAE_CHECK; !err && op.mode <= LPAE_MAP; op.mode++) {
		err = ipfw_lpae_walk_range_(&op, lpae_top(ctx), 1, op.vp, op.np);
		if (!err && op.mode == LPAE_CHECK && op.count > ipfw_lpae_tables_free(ctx))
			err = IPFW_E_NOMEM;
	}
	return err;
}
