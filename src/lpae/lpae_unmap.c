/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unmap: blocks are never split. A leaf can only straddle the range at its
 * two ends, so two lookups decide IPFW_E_SPLIT before anything is written;
 * after that the walk only removes whole leaves and cannot fail.
 */
#include <stdint.h>

#include <ipmmu/error.h>

#include "lpae_internal.h"

/* IPFW_E_SPLIT if a leaf maps addr but starts before lo or ends after hi. */
static int straddles(const struct ipfw_lpae_ctx *ctx, uint64_t addr, uint64_t lo, uint64_t hi)
{
	struct ipfw_lpae_leaf leaf;

	if (ipfw_lpae_lookup(ctx, addr, NULL, &leaf) != IPFW_OK)
		return IPFW_OK;
	if (leaf.iova < lo || leaf.iova + leaf.size - 1u > hi)
		return IPFW_E_SPLIT;
	return IPFW_OK;
}

int ipfw_lpae_unmap(struct ipfw_lpae_ctx *ctx, uint64_t iova, uint64_t size,
		    uint64_t *unmapped)
{
	struct lpae_op op;
	uint64_t last = iova + size - 1u;
	int err;

	if (!ctx || !ctx->fmt)
		return IPFW_E_INVAL;
	err = ipfw_lpae_check_range_(ctx->fmt, iova, 0, size);
	if (!err)
		err = straddles(ctx, iova, iova, last);
	if (!err)
		err = straddles(ctx, last, iova, last);
	if (err)
		return err;
	ipfw_lpae_op_init_(&op, ctx, LPAE_UNMAP);
	op.ctx = ctx;
	(void)ipfw_lpae_walk_range_(&op, lpae_top(ctx), 1, (uint32_t)(iova >> LPAE_PAGE_SHIFT),
				    (uint32_t)(size >> LPAE_PAGE_SHIFT));
	if (!op.count)
		return IPFW_E_NOTMAPPED;
	if (unmapped)
		*unmapped = (uint64_t)op.count << LPAE_PAGE_SHIFT;
	return IPFW_OK;
}
