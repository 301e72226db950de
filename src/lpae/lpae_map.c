/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Map: one recursive walker run twice. The first run only reads: it finds
 * overlaps and counts the tables the map will allocate (a missing table is
 * walked as an all-invalid one). Only when that run succeeds and the pool
 * has the tables does the second run write, and it cannot fail; so a
 * failed map leaves table memory and pool untouched.
 */
#include <stdbool.h>
#include <stdint.h>

#include <ipmmu/error.h>

#include "lpae_internal.h"

struct map_op {
	struct ipfw_lpae_ctx *ctx;
	uint64_t leaf;  /* leaf attribute bits */
	uint32_t need;  /* check run: tables to allocate */
	bool write;     /* false: check run */
	bool contig;
};

/* The inner loop: n leaves in a row, output address stepping by step. */
static void fill(uint64_t *p, uint32_t n, uint64_t d, uint64_t step)
{
	for (uint32_t k = 0; k < n; k++) {
		p[k] = d;
		d += step;
	}
}

/* Write leaves [a, b) of t; with the hint on, whole aligned 16-groups get CONT. */
static void write_leaves(uint64_t *t, uint32_t a, uint32_t b,
			 uint64_t d, unsigned int shift, bool cont)
{
	uint64_t step = 1ull << shift;
	uint32_t gs = b, ge = b;

	if (cont) {
		gs = (a + LPAE_CONT_ENTRIES - 1u) & ~(LPAE_CONT_ENTRIES - 1u);
		gs = gs < b ? gs : b;
		ge = b & ~(LPAE_CONT_ENTRIES - 1u);
		ge = ge > gs ? ge : gs;
	}
	fill(t + a, gs - a, d, step);
	d += (uint64_t)(gs - a) << shift;
	fill(t + gs, ge - gs, d | LPAE_CONT, step);
	d += (uint64_t)(ge - gs) << shift;
	fill(t + ge, b - ge, d, step);
}

/*
 * Map [va, end) -> pa into table t at level; t is NULL in the check run
 * for a table that does not exist yet. fresh: t was just allocated, so the
 * whole table (not only the entries written) goes to the cache hook.
 */
static int map_level(struct map_op *op, uint64_t *t, unsigned int level, uint64_t va,
		     uint64_t end, uint64_t pa, bool fresh)
{
	const struct ipfw_lpae_fmt *f = op->ctx->fmt;
	unsigned int shift = lpae_shift(level);
	uint64_t blk = 1ull << shift;
	uint32_t i = lpae_index(f, level, va);
	uint32_t lo = fresh ? 0u : UINT32_MAX;
	uint32_t hi = fresh ? LPAE_ENTRIES - 1u : 0u;

	if (fresh) {
		/* a new table: every entry in [i, last] is written below, so
		 * only the others need zeroing */
		uint32_t last = lpae_index(f, level, end - 1u);

		ipfw_lpae_zero_(t, 0, i);
		ipfw_lpae_zero_(t, last + 1u, LPAE_ENTRIES);
	}

	while (va < end) {
		uint64_t next = (va | (blk - 1u)) + 1u;
		uint64_t stop = next < end ? next : end;

		/* no level-0 blocks with a 4 KiB granule */
		if (level > 0u && next <= end && !((va | pa) & (blk - 1u))) {
			/* a run of n leaves at this level */
			uint32_t n = (uint32_t)((end - va) >> shift);

			if (!op->write || !t) {
				for (uint32_t k = 0; t && k < n; k++)
					if (t[i + k])
						return IPFW_E_OVERLAP;
			} else {
				uint64_t d = pa | op->leaf |
					     (level == 3u ? LPAE_TYPE_TABLE : LPAE_TYPE_BLOCK);
				bool cont = op->contig && level > f->start_level &&
					    !((va ^ pa) & ((blk * LPAE_CONT_ENTRIES) - 1u));

				write_leaves(t, i, i + n, d, shift, cont);
				lo = i < lo ? i : lo;
				hi = i + n - 1u > hi ? i + n - 1u : hi;
			}
			i += n;
			va += (uint64_t)n << shift;
			pa += (uint64_t)n << shift;
			continue;
		}

		/* part of this entry's range: descend (level < 3, 4 KiB aligned) */
		{
			uint64_t e = (t && !fresh) ? t[i] : 0u; /* fresh: not zeroed here */
			uint64_t *child = NULL;
			bool child_fresh = false;
			int err;

			if (e & LPAE_VALID) {
				if (!lpae_is_table(e, level))
					return IPFW_E_OVERLAP; /* a block covers it */
				child = lpae_table_cpu(op->ctx, e);
			} else if (!op->write || !t) { /* t is NULL only in the check run */
				op->need++;
			} else {
				uint64_t cpa;

				child = ipfw_lpae_table_alloc_(op->ctx, &cpa);
				child_fresh = true;
				/* IPMMU faults unless NSTable is set at every level (ipmmu-vmsa.md 4) */
				t[i] = cpa | LPAE_TYPE_TABLE |
				       ((op->ctx->flags & IPFW_LPAE_F_NS) ? LPAE_NSTABLE : 0u);
				lo = i < lo ? i : lo;
				hi = i > hi ? i : hi;
			}
			err = map_level(op, child, level + 1u, va, stop, pa, child_fresh);
			if (err)
				return err;
		}
		pa += stop - va;
		va = stop;
		i++;
	}
	if (op->write)
		lpae_clean(op->ctx, t, lo, hi);
	return IPFW_OK;
}

int ipfw_lpae_map(struct ipfw_lpae_ctx *ctx, uint64_t iova, uint64_t pa, uint64_t size,
		  uint32_t attrs)
{
	struct map_op op;
	int err;

	if (!ctx || !ctx->fmt)
		return IPFW_E_INVAL;
	err = ipfw_lpae_check_range_(ctx->fmt, iova, pa, size);
	if (err)
		return err;
	op.ctx = ctx;
	op.need = 0;
	op.write = false;
	op.contig = (ctx->flags & IPFW_LPAE_F_CONTIG) != 0u;
	err = ipfw_lpae_leaf_bits_(ctx->fmt, ctx->flags, attrs, &op.leaf);
	if (err)
		return err;
	err = map_level(&op, lpae_top(ctx), ctx->fmt->start_level, iova, iova + size, pa, false);
	if (err)
		return err;
	if (op.need > ipfw_lpae_tables_free(ctx))
		return IPFW_E_NOMEM;
	op.write = true;
	return map_level(&op, lpae_top(ctx), ctx->fmt->start_level, iova, iova + size, pa, false);
}
