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

int ipfw_lpae_unmap(struct ipfw_lpae_ctx *ctx, uint64_t iova, uint64_t size,
		    uint64_t *unmapped)
{
	/* no output range: pa as iova, which passes where iova does */
	const struct ipfw_lpae_region r = {iova, iova, size, 0};
	struct ipfw_lpae_leaf leaf;
	struct lpae_op op;
	int err;

	op.rd = ctx;
	err = ipfw_lpae_op_region_(&op, NULL, &r, false);
	if (err)
		return err;
	/* the leaves holding the first and the last page lie inside */
	for (uint64_t a = iova;; a = iova + size - IPFW_LPAE_TABLE_SIZE) {
		if (!ipfw_lpae_lookup(ctx, a, NULL, &leaf) &&
		    (leaf.iova < iova || leaf.iova + leaf.size > iova + size))
			return IPFW_E_SPLIT;
		if (a == iova + size - IPFW_LPAE_TABLE_SIZE)
			break;
	}
	op.ctx = ctx; /* written through by UNMAP only */
	op.mode = LPAE_UNMAP;
	(void)ipfw_lpae_walk_range_(&op, lpae_top(ctx), 1, op.vp, op.np);
	if (!op.count)
		return IPFW_E_NOTMAPPED;
	if (unmapped)
		*unmapped = (uint64_t)op.count << LPAE_PAGE_SHIFT;
	return IPFW_OK;
}
