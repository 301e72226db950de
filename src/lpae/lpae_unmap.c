/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unmap: blocks are never split. A leaf can only straddle the range at its
 * two ends, so two lookups decide IPFW_E_SPLIT before anything is written;
 * after that the walk only removes whole leaves and cannot fail.
 */
#include <stdint.h>

#include <ipmmu/error.h>

#include "lpae_internal.h"

static int table_is_empty(const uint64_t *t)
{
	for (uint32_t k = 0; k < LPAE_ENTRIES; k++)
		if (t[k])
			return 0;
	return 1;
}

/* The contiguous hint must not outlive part of its group: clear it on the
 * rest of the 16-entry group containing entry i. */
static void clear_cont_group(uint64_t *t, uint32_t i, uint32_t *lo, uint32_t *hi)
{
	uint32_t g = i & ~(LPAE_CONT_ENTRIES - 1u);

	for (uint32_t k = g; k < g + LPAE_CONT_ENTRIES; k++) {
		if (t[k] & LPAE_CONT) {
			t[k] &= ~LPAE_CONT;
			*lo = k < *lo ? k : *lo;
			*hi = k > *hi ? k : *hi;
		}
	}
}

static void unmap_level(struct ipfw_lpae_ctx *ctx, uint64_t *t, unsigned int level,
			uint64_t va, uint64_t end, uint64_t *bytes)
{
	unsigned int shift = lpae_shift(level);
	uint64_t blk = 1ull << shift;
	uint32_t i = lpae_index(ctx->fmt, level, va);
	uint32_t lo = UINT32_MAX, hi = 0;

	while (va < end) {
		uint64_t next = (va | (blk - 1u)) + 1u;
		uint64_t stop = next < end ? next : end;
		uint64_t e = t[i];

		if (lpae_is_table(e, level)) {
			uint64_t *child = lpae_table_cpu(ctx, e);

			unmap_level(ctx, child, level + 1u, va, stop, bytes);
			if (table_is_empty(child)) {
				ipfw_lpae_table_free_(ctx, child);
				e = 0;
			}
		} else if (e & LPAE_VALID) {
			*bytes += blk; /* whole leaf: straddling ones were refused */
			e = 0;
		}
		if (!e && t[i]) {
			t[i] = 0;
			lo = i < lo ? i : lo;
			hi = i;
		}
		i++;
		va = stop;
	}
	/* the hint is only ever set below the top level (see map) */
	if (lo <= hi && level > ctx->fmt->start_level) {
		uint32_t last = hi;

		clear_cont_group(t, lo, &lo, &hi);
		clear_cont_group(t, last, &lo, &hi);
	}
	lpae_clean(ctx, t, lo, hi);
}

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
	uint64_t bytes = 0;
	int err;

	if (!ctx || !ctx->fmt)
		return IPFW_E_INVAL;
	err = ipfw_lpae_check_range_(ctx->fmt, iova, 0, size);
	if (err)
		return err;
	err = straddles(ctx, iova, iova, iova + size - 1u);
	if (!err)
		err = straddles(ctx, iova + size - 1u, iova, iova + size - 1u);
	if (err)
		return err;
	unmap_level(ctx, lpae_top(ctx), ctx->fmt->start_level, iova, iova + size, &bytes);
	if (!bytes)
		return IPFW_E_NOTMAPPED;
	if (unmapped)
		*unmapped = bytes;
	return IPFW_OK;
}
