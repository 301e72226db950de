/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unmap: blocks are never split. The SPLIT walk only reads and fails if
 * a block straddles an end of the range; after it the UNMAP walk only
 * removes whole leaves and cannot fail.
 */
#include <ipmmu/types.h>

#include <ipmmu/error.h>

#include "lpae_internal.h"

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
	op.ctx = ctx; /* written through by UNMAP only */
	lpae_op_start(&op, 0);
	for (op.mode = LPAE_SPLIT; op.mode <= LPAE_UNMAP; op.mode++) {
		err = ipfw_lpae_walk_range_(&op, lpae_top(ctx), 1, op.vp, op.np);
		if (err)
			return err;
	}
	if (!op.count)
		return IPFW_E_NOTMAPPED;
	if (unmapped)
		*unmapped = (uint64_t)op.count << LPAE_PAGE_SHIFT;
	return IPFW_OK;
}
