/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The range walker shared by every operation (modes: lpae_internal.h).
 * All arithmetic is on 32-bit page numbers. Each table an operation
 * writes is reported to the cache hook once, after its children.
 */
#include <ipmmu/types.h>

#include <ipmmu/error.h>

#include "lpae_internal.h"

void ipfw_lpae_put_leaves_(const struct lpae_op *op, uint64_t *t, uint32_t i, uint32_t n,
			   uint32_t span, uint32_t vp)
{
	uint64_t d = lpae_leaf_desc(op, vp, span == 1u ? LPAE_TYPE_TABLE : LPAE_TYPE_BLOCK);

	uint64_t step = (uint64_t)span << LPAE_PAGE_SHIFT;
	uint64_t *p = t + i;
	const uint64_t *end = p + n;

	do { /* n >= 1 */
		*p++ = d;
		d += step;
	} while (p < end);
}

uint64_t *ipfw_lpae_new_table_(struct ipfw_lpae_ctx *ctx, uint64_t *e)
{
	uint64_t pa = (uint64_t)ipfw_lpae_table_alloc_(ctx) << LPAE_PAGE_SHIFT;

	/* IPMMU faults unless NSTable is set at every level (docs/lpae.md) */
	*e = pa | LPAE_TYPE_TABLE | ((ctx->flags & IPFW_LPAE_F_NS) ? LPAE_NSTABLE : 0u);
	return lpae_table_cpu(ctx, pa);
}

bool ipfw_lpae_any_set_(const uint64_t *t, uint32_t n)
{
	const uint64_t *end = t + n;
	uint64_t any = 0;

	do /* n >= 1 */
		any |= *t++;
	while (t < end);
	return any != 0;
}

uint64_t *ipfw_lpae_entry_(const struct ipfw_lpae_ctx *ctx, uint32_t vp, uint32_t np,
			   unsigned int *level)
{
	const uint32_t last = vp + np - 1u;
	uint64_t *e = &lpae_top(ctx)[vp >> 18];

	*level = 1;
	if (!((vp ^ last) >> 18) && (*e & LPAE_TYPE_MASK) == LPAE_TYPE_TABLE) {
		e = &lpae_table_cpu(ctx, *e)[(vp >> 9) & (LPAE_ENTRIES - 1u)];
		*level = 2;
		if (!((vp ^ last) >> 9) && (*e & LPAE_TYPE_MASK) == LPAE_TYPE_TABLE) {
			e = &lpae_table_cpu(ctx, *e)[vp & (LPAE_ENTRIES - 1u)];
			*level = 3;
		}
	}
	return e;
}

/* UNMAP's run at level 3: clear n entries, count the pages (leaves) among them. */
static uint32_t clear_pages(uint64_t *t, uint32_t n)
{
	const uint64_t *end = t + n;
	uint32_t pages = 0;

	do { /* n >= 1 */
		pages += (uint32_t)*t & LPAE_VALID;
		*t++ = 0;
	} while (t < end);
	return pages;
}

int ipfw_lpae_walk_range_(struct lpae_op *op, uint64_t *t, unsigned int level, uint32_t vp,
			  uint32_t np)
{
	unsigned int sh;
	uint32_t span, i, lo, hi, fresh;
	int err;

	/* only CHECK walks on below a missing entry, with no table (t NULL);
	 * every mode that writes is given a table */
	LPAE_ASSUME(t || op->mode == LPAE_CHECK);

	sh = lpae_shift(level); /* pages per entry: 1 << sh */
	span = 1u << sh;
	i = lpae_index(vp, level);
	lo = UINT32_MAX; /* entries written; i only grows, so hi is the last */
	hi = 0;
	fresh = op->fresh; /* reported whole */
	op->fresh = 0;
	while (np) {
		uint32_t off = vp & (span - 1u);
		uint32_t chunk = span - off < np ? span - off : np;
		uint32_t n = 1, w = 0; /* w: entries [i, i + n) written */
		uint64_t *child = NULL;  /* with down: the table below (none: missing) */
		bool down = false;
		uint64_t e = t ? t[i] : 0u; /* CHECK below a missing entry: no table */

		/* chunk == span: the whole entry (chunk <= span - off). A run of
		 * entries that can only be leaves, to the end of the range (a
		 * range never leaves the table it is walked in): map's leaves,
		 * or level 3 for SPLIT (pages never straddle: nothing to do) and
		 * UNMAP (VISIT takes level 3 one entry at a time, as the leaves
		 * they are) */
		if (chunk == span &&
		    (op->mode <= LPAE_MAP ? !(op->delta & (span - 1u))
					  : op->mode < LPAE_VISIT && level == 3u)) {
			n = np >> sh;
			chunk = n << sh;
			if (op->mode == LPAE_CHECK && t && ipfw_lpae_any_set_(t + i, n))
				return IPFW_E_OVERLAP;
			if (op->mode == LPAE_MAP) {
				ipfw_lpae_put_leaves_(op, t, i, n, span, vp);
				w = 1;
			} else if (op->mode == LPAE_UNMAP) {
				uint32_t pages = clear_pages(t + i, n);

				op->count += pages;
				w = pages != 0;
			}
		} else if (level < 3u && (e & LPAE_TYPE_MASK) == LPAE_TYPE_TABLE) {
			child = lpae_table_cpu(op->rd, e);
			down = true;
		} else if (e & LPAE_VALID) {
			/* a block; UNMAP meets only whole ones (SPLIT checked the ends) */
			if (op->mode <= LPAE_MAP)
				return IPFW_E_OVERLAP;
			if (op->mode == LPAE_VISIT) {
				ipfw_lpae_leaf_of_(op->rd, op->leaf_out, e, level, vp);
				err = op->fn(op->arg, op->leaf_out);
				if (err)
					return err;
			} else if (op->mode == LPAE_SPLIT) {
				if (chunk != span)
					return IPFW_E_SPLIT;
			} else {
				op->count += span;
				t[i] = 0;
				w = 1;
			}
		} else if (op->mode <= LPAE_MAP) {
			/* a missing entry that cannot be one leaf: a new table. CHECK
			 * counts it (a table shared by a dry run's regions once) and
			 * goes on below it with no table; MAP allocates it */
			if (op->mode == LPAE_CHECK) {
				op->count += op->last[level] != vp >> sh;
				op->last[level] = vp >> sh;
			} else {
				w = 1;
				op->fresh = 1;
				child = ipfw_lpae_new_table_(op->ctx, t + i);
			}
			down = child || level < 2u; /* below level 2 only leaves */
		}
		if (down) { /* below a missing entry nothing fails or empties */
			err = ipfw_lpae_walk_range_(op, child, level + 1u, vp, chunk);
			if (op->mode != LPAE_UNMAP && err)
				return err;
			if (err) { /* UNMAP left the child empty */
				LPAE_ASSUME(t); /* UNMAP is given tables */
				ipfw_lpae_table_free_(op->ctx, child);
				t[i] = 0;
				w = 1;
			}
		}
		if (w) {
			lo = i < lo ? i : lo;
			hi = i + n - 1u;
		}
		i += n;
		vp += chunk;
		np -= chunk;
	}
	if (fresh) {
		lo = 0;
		hi = LPAE_ENTRIES - 1u;
	}
	if (lo > hi)
		return 0;
	err = 0;
	if (op->mode == LPAE_UNMAP && level > 1u) {
		/* left empty: one scan of the whole table, cheaper in code than
		 * scanning around the range (the top level is never freed) */
		err = !ipfw_lpae_any_set_(t, LPAE_ENTRIES);
	}
	if (op->ctx->clean)
		op->ctx->clean(op->ctx->clean_arg, t + lo, (size_t)(hi - lo + 1u) * 8u);
	return err;
}
