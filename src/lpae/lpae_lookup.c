/* SPDX-License-Identifier: BSD-3-Clause */
/* Lookup of one address and the in-order walk: the walker's VISIT mode. */
#include <ipmmu/types.h>

#include <ipmmu/error.h>

#include "lpae_internal.h"

static int visit(const struct ipfw_lpae_ctx *ctx, uint32_t vp, uint32_t np,
		 ipfw_lpae_leaf_fn *fn, void *arg, struct ipfw_lpae_leaf *leaf)
{
	struct lpae_op op;

	op.rd = ctx;
	op.fresh = 0; /* all VISIT reads besides the range, fn, arg and leaf_out */
	op.vp = vp;
	op.np = np;
	op.fn = fn;
	op.arg = arg;
	op.leaf_out = leaf;
	return ipfw_lpae_run_(&op, lpae_top(ctx), LPAE_VISIT);
}

int ipfw_lpae_lookup(const struct ipfw_lpae_ctx *ctx, uint64_t iova, uint64_t *pa,
		     struct ipfw_lpae_leaf *leaf)
{
	struct ipfw_lpae_leaf l;

	if (!leaf)
		leaf = &l;
	if (!ctx || !ctx->fmt)
		return IPFW_E_INVAL;
	if ((iova >> 40) || (uint32_t)(iova >> LPAE_PAGE_SHIFT) >= LPAE_IN_PAGES(ctx->fmt))
		return IPFW_E_RANGE;
	if (!visit(ctx, (uint32_t)(iova >> LPAE_PAGE_SHIFT), 1, NULL, NULL, leaf))
		return IPFW_E_NOTMAPPED;
	/* the leaf's pa is aligned to its size, at most 1 GiB */
	if (pa)
		*pa = leaf->pa | ((uint32_t)iova & ((uint32_t)leaf->size - 1u));
	return IPFW_OK;
}

int ipfw_lpae_walk(const struct ipfw_lpae_ctx *ctx, ipfw_lpae_leaf_fn *fn, void *arg)
{
	struct ipfw_lpae_leaf leaf; /* each leaf is built here for fn */

	if (!ctx || !ctx->fmt || !fn)
		return IPFW_E_INVAL;
	return visit(ctx, 0, LPAE_IN_PAGES(ctx->fmt), fn, arg, &leaf);
}
