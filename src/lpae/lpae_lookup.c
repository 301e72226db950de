/* SPDX-License-Identifier: BSD-3-Clause */
/* Lookup of one address (down the tables to its entry) and the in-order
 * walk (the walker's VISIT mode). */
#include <ipmmu/types.h>

#include <ipmmu/error.h>

#include "lpae_internal.h"

int ipfw_lpae_lookup(const struct ipfw_lpae_ctx *ctx, uint64_t iova, uint64_t *pa,
		     struct ipfw_lpae_leaf *leaf)
{
	struct ipfw_lpae_leaf l;
	unsigned int level;
	uint32_t vp;
	uint64_t e;

	if (!leaf)
		leaf = &l;
	if (!ctx || !ctx->fmt)
		return IPFW_E_INVAL;
	if (iova >= (uint64_t)LPAE_IN_PAGES(ctx->fmt) << LPAE_PAGE_SHIFT)
		return IPFW_E_RANGE;
	vp = (uint32_t)(iova >> LPAE_PAGE_SHIFT);
	e = *ipfw_lpae_entry_(ctx, vp, 1, &level);
	if (!(e & LPAE_VALID))
		return IPFW_E_NOTMAPPED;
	ipfw_lpae_leaf_of_(ctx, leaf, e, level, vp);
	/* the leaf's pa is aligned to its size, at most 1 GiB */
	if (pa)
		*pa = leaf->pa | ((uint32_t)iova & ((uint32_t)leaf->size - 1u));
	return IPFW_OK;
}

int ipfw_lpae_walk(const struct ipfw_lpae_ctx *ctx, ipfw_lpae_leaf_fn *fn, void *arg)
{
	struct ipfw_lpae_leaf leaf; /* each leaf is built here for fn */
	struct lpae_op op;

	if (!ctx || !ctx->fmt || !fn)
		return IPFW_E_INVAL;
	op.rd = ctx;
	op.fresh = 0; /* all VISIT reads besides the range, fn, arg and leaf_out */
	op.mode = LPAE_VISIT;
	op.fn = fn;
	op.arg = arg;
	op.leaf_out = &leaf;
	return ipfw_lpae_walk_range_(&op, lpae_top(ctx), 1, 0, LPAE_IN_PAGES(ctx->fmt));
}
