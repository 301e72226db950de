/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unmap: blocks are never split. A read-only SPLIT walk refuses a leaf
 * straddling either end before anything is written; after that the UNMAP
 * walk only removes whole leaves and cannot fail.
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

	op.rd = ctx;
	err = ipfw_lpae_op_region_(&op, NULL, &r, false);
	op.ctx = ctx; /* written through by UNMAP only */
	/* SPLIT, then UNMAP (which cannot fail) */
	for (uint32_t mode = LPAE_SPLIT; !err && mode <= LPAE_UNMAP; mode++)
		err = ipfw_lpae_run_(&op, lpae_top(ctx), mode);
	if (err)
		return err;
	if (!op.count)
		return IPFW_E_NOTMAPPED;
	if (unmapped)
		*unmapped = (uint64_t)op.count << LPAE_PAGE_SHIFT;
	return IPFW_OK;
}
