/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Context set-up and the table pool: tables never handed out are taken in
 * order ("fresh") and zeroed once, freed ones are kept on a list threaded
 * through their first word (the rest of a freed table is zero: only
 * empty tables are freed). Callers check ipfw_lpae_tables_free() before
 * they start writing, so allocation itself cannot fail half-way through.
 */
#include <ipmmu/types.h>

#include <ipmmu/error.h>

#include "lpae_internal.h"

#define NO_TABLE UINT32_MAX
#define ALL_FLAGS (IPFW_LPAE_F_NS | IPFW_LPAE_F_COHERENT)

int ipfw_lpae_init(struct ipfw_lpae_ctx *ctx, enum ipfw_lpae_format format,
		   const struct ipfw_lpae_pool *pool, uint32_t flags,
		   ipfw_lpae_clean_fn *clean, void *clean_arg)
{
	const struct ipfw_lpae_fmt *f;
	uint64_t *t;
	uint32_t top;

	if (!ctx || !pool || !pool->cpu || (flags & ~ALL_FLAGS))
		return IPFW_E_INVAL;
	if ((unsigned int)format > IPFW_LPAE_S2_40)
		return IPFW_E_FORMAT;
	f = &ipfw_lpae_fmts_[format];
	if ((flags & IPFW_LPAE_F_NS) && f->stage != 1)
		return IPFW_E_ATTR; /* stage-2 descriptors have no NS bit */
	/* S2-40's top level is two concatenated tables, aligned to their size */
	if (((uintptr_t)pool->cpu & 7u) ||
	    ((uint32_t)pool->pa & (f->top_tables * IPFW_LPAE_TABLE_SIZE - 1u)))
		return IPFW_E_ALIGN;
	if (pool->count < f->top_tables)
		return IPFW_E_NOMEM;
	/* every format's output range is 40 bits */
	if ((pool->pa >> 40) ||
	    pool->count > LPAE_OUT_PAGES - (uint32_t)(pool->pa >> LPAE_PAGE_SHIFT))
		return IPFW_E_RANGE;

	ctx->fmt = f;
	ctx->pool_cpu = pool->cpu;
	ctx->pool_pfn = (uint32_t)(pool->pa >> LPAE_PAGE_SHIFT);
	ctx->pool_count = pool->count;
	ctx->fresh = f->top_tables;
	ctx->free_head = NO_TABLE;
	ctx->used = f->top_tables;
	ctx->peak = f->top_tables;
	ctx->flags = flags;
	ctx->clean = clean;
	ctx->clean_arg = clean_arg;
	ctx->l3_slot = 0;

	/* The top level's entries in whole blocks of zero_: S1-32's 4 take one
	 * block of 16 (128 of the top pool table's 4096 bytes) */
	top = (f->top_entries + 15u) & ~15u;
	t = lpae_top(ctx);
	ipfw_lpae_zero_(t, top);
	if (clean)
		clean(clean_arg, ctx->pool_cpu, (size_t)top * 8u);
	return IPFW_OK;
}

/* n entries, a non-zero multiple of 16 (tables have 512 or 1024; init rounds the
 * S1-32 top's 4 up). A plain loop: the library calls no memset (and
 * hosts count no rep stosb); 16 entries a turn, as zeroing is most of
 * what a small map costs. */
void ipfw_lpae_zero_(uint64_t *t, uint32_t n)
{
	const uint64_t *end = t + n;

	do {
		t[0] = 0;
		t[1] = 0;
		t[2] = 0;
		t[3] = 0;
		t[4] = 0;
		t[5] = 0;
		t[6] = 0;
		t[7] = 0;
		t[8] = 0;
		t[9] = 0;
		t[10] = 0;
		t[11] = 0;
		t[12] = 0;
		t[13] = 0;
		t[14] = 0;
		t[15] = 0;
		t += 16;
	} while (t < end);
}

uint32_t ipfw_lpae_table_alloc_(struct ipfw_lpae_ctx *ctx)
{
	uint32_t idx = ctx->free_head;
	uint64_t *t;

	if (idx != NO_TABLE) {
		t = (uint64_t *)(void *)(ctx->pool_cpu + (size_t)idx * IPFW_LPAE_TABLE_SIZE);
		ctx->free_head = (uint32_t)t[0];
		t[0] = 0;
	} else {
		idx = ctx->fresh++;
		t = (uint64_t *)(void *)(ctx->pool_cpu + (size_t)idx * IPFW_LPAE_TABLE_SIZE);
		ipfw_lpae_zero_(t, LPAE_ENTRIES);
	}
	if (++ctx->used > ctx->peak)
		ctx->peak = ctx->used;
	return ctx->pool_pfn + idx;
}

void ipfw_lpae_table_free_(struct ipfw_lpae_ctx *ctx, uint64_t *t)
{
	uint32_t idx = (uint32_t)(((uint8_t *)t - ctx->pool_cpu) / IPFW_LPAE_TABLE_SIZE);

	t[0] = ctx->free_head;
	ctx->free_head = idx;
	ctx->l3_slot = 0; /* t may be the level-3 table map remembers */
	ctx->used--;
}
