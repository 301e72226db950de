/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Dry run: the map's CHECK count over an empty context (no table exists),
 * region after region. Sorted regions visit table slots in increasing
 * order, so the walker counts a table shared by neighbours once.
 */
#include <ipmmu/types.h>

#include <ipmmu/error.h>

#include "lpae_internal.h"

int ipfw_lpae_dry_run(enum ipfw_lpae_format format, const struct ipfw_lpae_region *regions,
		      size_t count)
{
	const struct ipfw_lpae_fmt *f;
	struct ipfw_lpae_ctx ctx;
	struct lpae_op op;
	uint32_t end = 0; /* of the previous region, in pages */

	if ((unsigned int)format > IPFW_LPAE_S2_40)
		return IPFW_E_FORMAT;
	if (!regions && count)
		return IPFW_E_INVAL;
	f = &ipfw_lpae_fmts_[format];
	ctx.fmt = f; /* a context without tables or flags: the format's checks */
	ctx.flags = 0;
	lpae_op_start(&op, f->top_tables); /* CHECK's count below missing entries adds to it */
	op.mode = LPAE_CHECK;
	for (; count; count--, regions++) {
		int err = ipfw_lpae_op_region_(&op, &ctx, regions, true);

		if (!err && op.vp < end)
			err = IPFW_E_OVERLAP;
		if (err)
			return err;
		end = op.vp + op.np;
		(void)ipfw_lpae_walk_range_(&op, NULL, 1, op.vp, op.np);
	}
	return (int)op.count;
}
