/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Map: the walker runs twice. The CHECK run only reads: it finds overlaps
 * and counts the tables the map will allocate. Only when it succeeds and
 * the pool has the tables does the MAP run write, and that run cannot
 * fail; so a failed map leaves table memory and pool untouched.
 */
#include <stdint.h>

#include <ipmmu/error.h>

#include "lpae_internal.h"

int ipfw_lpae_map(struct ipfw_lpae_ctx *ctx, uint64_t iova, uint64_t pa, uint64_t size,
		  uint32_t attrs)
{
	struct lpae_op op;
	uint32_t vp = (uint32_t)(iova >> LPAE_PAGE_SHIFT);
	uint32_t np = (uint32_t)(size >> LPAE_PAGE_SHIFT);
	int err;

	if (!ctx || !ctx->fmt)
		return IPFW_E_INVAL;
	err = ipfw_lpae_check_range_(ctx->fmt, iova, pa, size);
	if (!err)
		err = ipfw_lpae_leaf_bits_(ctx->fmt, ctx->flags, attrs, &op.leaf);
	if (err)
		return err;
	ipfw_lpae_op_init_(&op, ctx, LPAE_CHECK);
	op.ctx = ctx;
	op.delta = (uint32_t)(pa >> LPAE_PAGE_SHIFT) - vp;
	err = ipfw_lpae_walk_range_(&op, lpae_top(ctx), 1, vp, np);
	if (err)
		return err;
	if (op.count > ipfw_lpae_tables_free(ctx))
		return IPFW_E_NOMEM;
	op.mode = LPAE_MAP;
	return ipfw_lpae_walk_range_(&op, lpae_top(ctx), 1, vp, np);
}
