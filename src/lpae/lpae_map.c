/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Map: the walker runs twice. The CHECK run only reads: it finds overlaps
 * and counts the tables the map will allocate. Only when it succeeds and
 * the pool has the tables does the MAP run write, and that run cannot
 * fail; so a failed map leaves table memory and pool untouched. Both
 * start in the deepest existing table holding the whole range. Two cases
 * skip the walker: pages inside a missing 2 MiB entry (one new table,
 * written here), and one page (the fast path: one entry of a
 * level-3 table kept in the context, no descent, no attribute encoding).
 */
#include <ipmmu/types.h>

#include <ipmmu/error.h>

#include "lpae_internal.h"

/* What map_walk returns when one page is left to write, in ctx->l3. */
#define ONE_PAGE 1

/* Map the general way: check, then walk from the deepest existing table
 * holding the range. One page in an existing level-3 table is left to
 * the fast path, its table and attributes kept in ctx for it (and for
 * the pages after it). */
static int map_walk(struct ipfw_lpae_ctx *ctx, const struct ipfw_lpae_region *r)
{
	struct lpae_op op;
	unsigned int level;
	uint64_t *e;
	bool inside;
	int err;

	err = ipfw_lpae_op_region_(&op, ctx, r, true);
	if (err)
		return err;
	op.ctx = ctx; /* written through by MAP only */
	e = ipfw_lpae_entry_(ctx, op.vp, op.np, &level);
	inside = !((op.vp ^ (op.vp + op.np - 1u)) >> lpae_shift(level));
	if (inside && (*e & LPAE_VALID)) /* inside a page, or a block */
		return IPFW_E_OVERLAP;
	if (inside && level == 3u) {
		ctx->l3 = e - (op.vp & (LPAE_ENTRIES - 1u));
		ctx->l3_slot = (op.vp >> 9) + 1u;
		ctx->leaf_attrs = r->attrs;
		ctx->leaf_bits = op.leaf;
		return ONE_PAGE;
	}
	/* pages inside a missing 2 MiB entry (np below 512 or delta not a
	 * multiple of 512, so not one block): one new table of pages */
	if (inside && level == 2u && (op.np | (op.delta & (LPAE_ENTRIES - 1u))) != LPAE_ENTRIES) {
		uint64_t *pages;

		if (!ipfw_lpae_tables_free(ctx))
			return IPFW_E_NOMEM;
		pages = ipfw_lpae_new_table_(ctx, e);
		ipfw_lpae_put_leaves_(&op, pages, op.vp & (LPAE_ENTRIES - 1u), op.np, 1, op.vp);
		if (ctx->clean) { /* a new table whole, then its parent entry */
			ctx->clean(ctx->clean_arg, pages, IPFW_LPAE_TABLE_SIZE);
			ctx->clean(ctx->clean_arg, e, 8u);
		}
		return IPFW_OK;
	}
	lpae_op_start(&op, 0);
	/* CHECK, then MAP (which cannot fail) if the pool has the tables;
	 * both in table t, which holds the range */
	e -= lpae_index(op.vp, level);
	for (op.mode = LPAE_CHECK; op.mode <= LPAE_MAP; op.mode++) {
		if (op.mode == LPAE_MAP && op.count > ipfw_lpae_tables_free(ctx))
			return IPFW_E_NOMEM;
		err = ipfw_lpae_walk_range_(&op, e, level, op.vp, op.np);
		if (err)
			return err;
	}
	return IPFW_OK;
}

int ipfw_lpae_map(struct ipfw_lpae_ctx *ctx, uint64_t iova, uint64_t pa, uint64_t size,
		  uint32_t attrs)
{
	uint64_t *e;

	/* Fast path: one page in the level-3 table the last one-page map
	 * wrote to, with its attributes. These tests are the full checks for
	 * it: attrs passed before, iova and pa are aligned and below 2^40 (so
	 * the page ends at 2^40 at most, and iova >> 21 is a slot number),
	 * and the slot lies in the input range. */
	if (!ctx)
		return IPFW_E_INVAL;
	if (size != IPFW_LPAE_TABLE_SIZE || attrs != ctx->leaf_attrs ||
	    (((uint32_t)(iova | pa) & (IPFW_LPAE_TABLE_SIZE - 1u)) | (uint32_t)((iova | pa) >> 40)) ||
	    (uint32_t)(iova >> 21) + 1u != ctx->l3_slot) {
		const struct ipfw_lpae_region r = {iova, pa, size, attrs};
		int err = map_walk(ctx, &r);

		if (err != ONE_PAGE)
			return err;
	}
	e = &ctx->l3[(uint32_t)(iova >> LPAE_PAGE_SHIFT) & (LPAE_ENTRIES - 1u)];
	if (*e & LPAE_VALID)
		return IPFW_E_OVERLAP;
	*e = pa | ctx->leaf_bits | LPAE_TYPE_TABLE;
	if (ctx->clean)
		ctx->clean(ctx->clean_arg, e, 8u);
	return IPFW_OK;
}
