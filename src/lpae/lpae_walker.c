/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The range walker shared by every operation (modes: lpae_internal.h).
 * All arithmetic is on 32-bit page numbers. Each table an operation
 * writes is reported to the cache hook once, after its children.
 */
#include <ipmmu/types.h>

#include <ipmmu/error.h>

#include "lpae_internal.h"

/* n leaves of span pages (the level's) from t[i] on, for input page vp;
 * with the hint on, whole aligned 16-groups get CONT. */
static void put_leaves(const struct lpae_op *op, uint64_t *t, uint32_t i, uint32_t n,
		       uint32_t span, uint32_t vp)
{
	uint64_t d = ((uint64_t)(vp + op->delta) << LPAE_PAGE_SHIFT) | op->leaf |
		     (span == 1u ? LPAE_TYPE_TABLE : LPAE_TYPE_BLOCK); /* level 3: page */

	uint64_t step = (uint64_t)span << LPAE_PAGE_SHIFT;

	for (uint64_t *p = t + i, *end = p + n; p < end; p++, d += step)
		*p = d;
	/* not on 1 GiB blocks; the hint needs iova and pa congruent modulo the
	 * 16 leaves */
	if ((op->ctx->flags & IPFW_LPAE_F_CONTIG) && span != LPAE_ENTRIES * LPAE_ENTRIES &&
	    !(op->delta & (LPAE_CONT_ENTRIES * span - 1u))) {
		uint32_t ge = (i + n) & ~(LPAE_CONT_ENTRIES - 1u);

		for (uint32_t k = (i + LPAE_CONT_ENTRIES - 1u) & ~(LPAE_CONT_ENTRIES - 1u); k < ge;
		     k++)
			t[k] |= LPAE_CONT;
	}
}

static int table_is_empty(const uint64_t *t)
{
	for (uint32_t k = 0; k < LPAE_ENTRIES; k++)
		if (t[k])
			return 0;
	return 1;
}

/*
 * CHECK below a missing entry: nothing there can overlap, only tables to
 * allocate are counted, each slot once even over a dry run's regions.
 * need_table counts the table a missing, non-leaf entry at level takes
 * and the tables below it; count_missing goes over the entries of a
 * missing table at level. Level-3 entries are always leaves.
 */
static void need_table(struct lpae_op *op, unsigned int level, uint32_t vp, uint32_t np)
{
	const uint32_t slot = vp >> (9u * (3u - level));

	op->count += op->last[level] != slot;
	op->last[level] = slot;
	if (level == 1u)
		ipfw_lpae_count_missing_(op, 2, vp, np);
}

void ipfw_lpae_count_missing_(struct lpae_op *op, unsigned int level, uint32_t vp,
			      uint32_t np)
{
	const uint32_t span = 1u << (9u * (3u - level));

	while (np) {
		uint32_t off = vp & (span - 1u);
		uint32_t chunk = span - off < np ? span - off : np;

		if (off || chunk != span || (op->delta & (span - 1u)))
			need_table(op, level, vp, chunk);
		vp += chunk;
		np -= chunk;
	}
}

int ipfw_lpae_walk_range_(struct lpae_op *op, uint64_t *t, unsigned int level, uint32_t vp,
			  uint32_t np)
{
	unsigned int sh;
	uint32_t span, i, lo, hi, fresh;
	int err;

descend:
	sh = 9u * (3u - level); /* pages per entry: 1 << sh */
	span = 1u << sh;
	i = vp >> sh;
	lo = UINT32_MAX; /* entries written; i only grows, so hi is the last */
	hi = 0;
	fresh = op->fresh; /* reported whole */
	op->fresh = 0;
	if (level > 1u)
		i &= LPAE_ENTRIES - 1u; /* the top index is vp >> sh itself (S2-40: 1024) */
	while (np) {
		uint32_t off = vp & (span - 1u);
		uint32_t chunk = span - off < np ? span - off : np;
		uint32_t n = 1, w = 0; /* w: entries [i, i + n) written */
		uint64_t e = t[i];

		/* chunk == span: the whole entry (chunk <= span - off) */
		if (op->mode <= LPAE_MAP && chunk == span && !(op->delta & (span - 1u))) {
			/* a run of leaves at this level to the end of the range
			 * (a range never leaves the table it is walked in) */
			if (op->mode == LPAE_CHECK) {
				if (e) /* CHECK takes such entries one at a turn */
					return IPFW_E_OVERLAP;
			} else {
				n = np >> sh;
				chunk = n << sh;
				put_leaves(op, t, i, n, span, vp);
				w = 1;
			}
		} else if (level < 3u && (e & LPAE_TYPE_MASK) == LPAE_TYPE_TABLE) {
			uint64_t *child = lpae_table_cpu(op->rd, e);

			if (chunk == np && lo > hi && op->mode != LPAE_UNMAP) {
				/* the last entry and nothing to report here: no recursion */
				t = child;
				level++;
				goto descend;
			}
			err = ipfw_lpae_walk_range_(op, child, level + 1u, vp, chunk);
			if (err)
				return err;
			if (op->mode == LPAE_UNMAP && table_is_empty(child)) {
				ipfw_lpae_table_free_(op->ctx, child);
				goto clear;
			}
		} else if (e & LPAE_VALID) {
			if (op->mode <= LPAE_MAP)
				return IPFW_E_OVERLAP; /* a block covers part of the range */
			if (op->mode == LPAE_VISIT) {
				err = ipfw_lpae_visit_(op, e, level, vp - off, span);
				if (err)
					return err;
			} else if (chunk != span) {
				return IPFW_E_SPLIT; /* only the SPLIT run meets these */
			} else if (op->mode == LPAE_UNMAP) {
				op->count += span;
clear:
				t[i] = 0;
				w = 1;
			}
		} else if (op->mode == LPAE_CHECK) {
			need_table(op, level, vp, chunk);
		} else if (op->mode == LPAE_MAP) {
			e = (uint64_t)ipfw_lpae_table_alloc_(op->ctx) << LPAE_PAGE_SHIFT;
			/* IPMMU faults unless NSTable is set at every level (ipmmu-vmsa.md 4) */
			t[i] = e | LPAE_TYPE_TABLE |
			       ((op->ctx->flags & IPFW_LPAE_F_NS) ? LPAE_NSTABLE : 0u);
			w = 1;
			op->fresh = 1;
			(void)ipfw_lpae_walk_range_(op, lpae_table_cpu(op->ctx, e), level + 1u, vp,
						    chunk);
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
	/* The contiguous hint must not outlive part of its group: clear it on
	 * the 16-entry groups holding lo and hi (entries between hold no leaf
	 * any more). The hint is only ever set below the top level (see map). */
	if (op->mode == LPAE_UNMAP && level > 1u) {
		for (uint32_t k = lo & ~(LPAE_CONT_ENTRIES - 1u); k <= (hi | (LPAE_CONT_ENTRIES - 1u));
		     k++) {
			if (t[k] & LPAE_CONT) {
				t[k] &= ~LPAE_CONT;
				lo = k < lo ? k : lo;
				hi = k > hi ? k : hi;
			}
		}
	}
	if (op->ctx->clean)
		op->ctx->clean(op->ctx->clean_arg, t + lo, (size_t)(hi - lo + 1u) * 8u);
	return 0;
}
