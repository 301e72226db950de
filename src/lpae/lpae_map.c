/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Map: the walker runs twice. The CHECK run only reads: it finds overlaps
 * and counts the tables the map will allocate. Only when it succeeds and
 * the pool has the tables does the MAP run write, and that run cannot
 * fail; so a failed map leaves table memory and pool untouched. A range
 * that is one run of leaves in one existing table (a page, pages, blocks)
 * is written by the CHECK run once checked (lpae_internal.h); one page
 * whose tables exist, here.
 */
#include <stdint.h>

#include <ipmmu/error.h>

#include "lpae_internal.h"

int ipfw_lpae_map(struct ipfw_lpae_ctx *ctx, uint64_t iova, uint64_t pa, uint64_t size,
		  uint32_t attrs)
{
	const struct ipfw_lpae_region r = {iova, pa, size, attrs};
	struct lpae_op op;
	int err;

	op.rd = ctx;
	err = ipfw_lpae_op_region_(&op, &r, true);
	op.ctx = ctx; /* written through by MAP only */
	if (!err && op.np == 1u) {
		/* one page, the call a per-page caller makes: where its tables
		 * exist (or a block holds it), check and write it here */
		unsigned int level;
		uint64_t *e = ipfw_lpae_entry_(ctx, op.vp, &level);

		if (*e & LPAE_VALID) /* a page, or a block */
			return IPFW_E_OVERLAP;
		if (level == 3u) {
			*e = lpae_leaf_desc(&op, op.vp, LPAE_TYPE_TABLE); /* a page */
			if (ctx->clean)
				ctx->clean(ctx->clean_arg, e, 8u);
			return IPFW_OK;
		}
	}
	lpae_op_start(&op, 0);
	/* CHECK, then MAP (which cannot fail) if the pool has the tables */
	for (op.mode = LPAE_CHECK; !err && op.mode <= LPAE_MAP; op.mode++) {
		err = ipfw_lpae_walk_range_(&op, lpae_top(ctx), 1, op.vp, op.np);
		if (!err && op.mode == LPAE_CHECK && op.count > ipfw_lpae_tables_free(ctx))
			err = IPFW_E_NOMEM;
	}
	return err;
}
