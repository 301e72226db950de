/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unmap: blocks are never split. Only the leaves holding the first and
 * the last page can straddle an end of the range, so those two are looked
 * at before anything is written; after that the UNMAP walk only removes
 * whole leaves and cannot fail.
 */
#include <ipmmu/types.h>

#include <ipmmu/error.h>

#include "lpae_internal.h"

/* Whether a block holds input page vp and goes on below it (after 0) or
 * above it (after 1). Pages are never split. */
static bool block_goes_on(const struct ipfw_lpae_ctx *ctx, uint32_t vp, uint32_t after)
{
	unsigned int level;
	uint64_t e = *ipfw_lpae_entry_(ctx, vp, 1, &level);

	return level < 3u && (e & LPAE_VALID) && ((vp + after) & ((1u << lpae_shift(level)) - 1u));
}

int ipfw_lpae_unmap(struct ipfw_lpae_ctx *ctx, uint64_t iova, uint64_t size,
		    uint64_t *unmapped)
{
	/* no output range: pa as iova, which passes where iova does */
	const struct ipfw_lpae_region r = {iova, iova, size, 0};
	struct lpae_op op;
	int err;

	err = ipfw_lpae_op_region_(&op, ctx, &r, false);
	if (err)
		return err;
	if (block_goes_on(ctx, op.vp, 0) || block_goes_on(ctx, op.vp + op.np - 1u, 1))
		return IPFW_E_SPLIT;
	op.ctx = ctx; /* written through by UNMAP only */
	lpae_op_start(&op, 0);
	op.mode = LPAE_UNMAP;
	(void)ipfw_lpae_walk_range_(&op, lpae_top(ctx), 1, op.vp, op.np);
	if (!op.count)
		return IPFW_E_NOTMAPPED;
	if (unmapped)
		*unmapped = (uint64_t)op.count << LPAE_PAGE_SHIFT;
	return IPFW_OK;
}
