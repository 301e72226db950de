/* SPDX-License-Identifier: BSD-3-Clause */
/* Lookup of one address and an in-order walk over every leaf. */
#include <stdint.h>

#include <ipmmu/error.h>

#include "lpae_internal.h"

static void leaf_of(const struct ipfw_lpae_ctx *ctx, uint64_t e, unsigned int level,
		    uint64_t va, struct ipfw_lpae_leaf *leaf)
{
	uint64_t size = 1ull << lpae_shift(level);

	leaf->iova = va & ~(size - 1u);
	leaf->pa = e & LPAE_ADDR_MASK & ~(size - 1u);
	leaf->size = size;
	leaf->desc = e;
	leaf->attrs = ipfw_lpae_attrs_of_(ctx->fmt, e);
	leaf->level = level;
}

int ipfw_lpae_lookup(const struct ipfw_lpae_ctx *ctx, uint64_t iova, uint64_t *pa,
		     struct ipfw_lpae_leaf *leaf)
{
	const uint64_t *t;
	struct ipfw_lpae_leaf l;

	if (!ctx || !ctx->fmt)
		return IPFW_E_INVAL;
	if (iova >> ctx->fmt->ias)
		return IPFW_E_RANGE;
	t = lpae_top(ctx);
	for (unsigned int level = ctx->fmt->start_level;; level++) {
		uint64_t e = t[lpae_index(ctx->fmt, level, iova)];

		if (!(e & LPAE_VALID))
			return IPFW_E_NOTMAPPED;
		if (!lpae_is_table(e, level)) {
			leaf_of(ctx, e, level, iova, &l);
			if (pa)
				*pa = l.pa + (iova - l.iova);
			if (leaf)
				*leaf = l;
			return IPFW_OK;
		}
		t = lpae_table_cpu(ctx, e);
	}
}

static int walk_level(const struct ipfw_lpae_ctx *ctx, const uint64_t *t, unsigned int level,
		      uint64_t base, uint32_t entries, ipfw_lpae_leaf_fn *fn, void *arg)
{
	unsigned int shift = lpae_shift(level);

	for (uint32_t i = 0; i < entries; i++) {
		uint64_t e = t[i];
		uint64_t va = base + ((uint64_t)i << shift);
		int ret;

		if (!(e & LPAE_VALID))
			continue;
		if (lpae_is_table(e, level)) {
			ret = walk_level(ctx, lpae_table_cpu(ctx, e), level + 1u, va, LPAE_ENTRIES,
					 fn, arg);
		} else {
			struct ipfw_lpae_leaf leaf;

			leaf_of(ctx, e, level, va, &leaf);
			ret = fn(arg, &leaf);
		}
		if (ret)
			return ret;
	}
	return 0;
}

int ipfw_lpae_walk(const struct ipfw_lpae_ctx *ctx, ipfw_lpae_leaf_fn *fn, void *arg)
{
	const struct ipfw_lpae_fmt *f;

	if (!ctx || !ctx->fmt || !fn)
		return IPFW_E_INVAL;
	f = ctx->fmt;
	return walk_level(ctx, lpae_top(ctx), f->start_level, 0,
			  1u << (f->ias - lpae_shift(f->start_level)), fn, arg);
}
