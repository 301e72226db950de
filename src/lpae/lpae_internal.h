/* SPDX-License-Identifier: BSD-3-Clause */
/* lpae module internals: format rows, descriptor bits, the range walker, the pool. */
#ifndef IPFW_LPAE_INTERNAL_H
#define IPFW_LPAE_INTERNAL_H

#include <ipmmu/types.h>

#include <ipmmu/error.h>
#include <ipmmu/lpae.h>

/* One row per format: everything that differs between formats. */
struct ipfw_lpae_fmt {
	uint8_t ias;         /* input address bits */
	uint8_t oas;         /* output address bits */
	uint8_t start_level; /* 1 for every 3-level 4 KiB format (the walker assumes it) */
	uint8_t stage;       /* 1 or 2 */
	uint8_t top_tables;  /* 4 KiB pool tables the top level takes (concatenation) */
	uint8_t ps;          /* PS/IPS encoding of oas */
	/* Attribute encoding (lpae_format.c). x = attrs ^ attr_xor: attrs is
	 * invalid if x & attr_bad; leaf bits 7:6 are (x & 2) | (x >> ap_shift & 1). */
	uint8_t attr_xor;
	uint8_t ap_shift;
	uint8_t mem_field;    /* leaf bits selecting the memory type */
	uint16_t mem_lo[8];   /* leaf low bits per memory type bits (attrs 6:4); 0: invalid */
	uint16_t top_entries; /* entries of the top level: 1 << (ias - 30) */
	uint32_t attr_bad;
	uint32_t xn_hi;       /* leaf bits 63:32 for IPFW_LPAE_XN */
	uint32_t tcr;         /* AArch32 TTBCR/VTCR without walk attributes */
	uint64_t tcr64;       /* AArch64 TCR_EL1/VTCR_EL2 (PS included) without walk attributes */
};

extern const struct ipfw_lpae_fmt ipfw_lpae_fmts_[2];

/* Descriptor bits (docs/lpae.md). */
#define LPAE_VALID 0x1u
#define LPAE_TYPE_MASK 0x3u
#define LPAE_TYPE_TABLE 0x3u /* levels 1-2; at level 3 this is a page */
#define LPAE_TYPE_BLOCK 0x1u
#define LPAE_NSTABLE (1ull << 63)

#define LPAE_ENTRIES 512u
/* Every address below is a page number (address >> 12): the input and
 * output ranges are at most 40 bits, so page numbers fit in 28 bits. */
#define LPAE_PAGE_SHIFT 12u
#define LPAE_OUT_PAGES (1u << (40u - LPAE_PAGE_SHIFT))
#define LPAE_OA_MASK ((1ull << 40) - 1u) /* descriptor bits of the output address */
/* Input pages of format f, 2^(ias - 12): a top-level entry maps 2^18 */
#define LPAE_IN_PAGES(f) ((uint32_t)(f)->top_entries << 18)

/* Output page number held in a descriptor, bits [39:12]. */
static inline uint32_t lpae_pfn(uint64_t desc)
{
	return (uint32_t)(desc >> LPAE_PAGE_SHIFT) & (LPAE_OUT_PAGES - 1u);
}

static inline uint64_t *lpae_table_cpu(const struct ipfw_lpae_ctx *ctx, uint64_t desc)
{
	return (uint64_t *)(void *)(ctx->pool_cpu +
				    ((size_t)(lpae_pfn(desc) - ctx->pool_pfn) << LPAE_PAGE_SHIFT));
}

static inline uint64_t *lpae_top(const struct ipfw_lpae_ctx *ctx)
{
	return (uint64_t *)(void *)ctx->pool_cpu;
}

/* Pages one entry at level maps: 1 << lpae_shift(level). */
static inline unsigned int lpae_shift(unsigned int level)
{
	return 9u * (3u - level);
}

/* Index of input page vp in a table at level (the top: S2-40 has 1024). */
static inline uint32_t lpae_index(uint32_t vp, unsigned int level)
{
	uint32_t i = vp >> lpae_shift(level);

	return level > 1u ? i & (LPAE_ENTRIES - 1u) : i;
}

/* Tells the compiler (and the static analyser) that c holds; no code.
 * Compilers without the GNU builtin get nothing. */
#if defined(__GNUC__)
#define LPAE_ASSUME(c) do { if (!(c)) __builtin_unreachable(); } while (0)
#else
#define LPAE_ASSUME(c) do { } while (0)
#endif

/*
 * The one walker behind map, the dry run, unmap and walk: it visits
 * [vp, vp + np) (page numbers) of table t at level, descending where an
 * entry covers the range only in part or holds a table. Whole entries
 * that can only be leaves go as one run (CHECK and MAP: the leaves map
 * writes; SPLIT and UNMAP: level 3). VISIT takes every entry on its own.
 *  CHECK: read only; IPFW_E_OVERLAP on any leaf in the way; counts the
 *         tables a MAP would allocate, each slot once (op->last) even
 *         over a dry run's regions. Below a missing entry it goes on
 *         with t NULL (a table of zeros that does not exist yet), and
 *         there is no table to count below level 2. Never writes.
 *  MAP:   writes the leaves, allocating tables; run only after CHECK
 *         passed and the pool holds `count` tables, so it cannot fail.
 *  SPLIT: read only; IPFW_E_SPLIT if a block straddles either end of the
 *         range (pages never do).
 *  UNMAP: removes whole leaves (run only after SPLIT passed, so it cannot
 *         fail), frees tables left empty, counts the pages removed.
 *         Returns 1 if t was left empty.
 *  VISIT: calls fn for every leaf; a non-zero return stops the walk.
 */
enum lpae_mode { LPAE_CHECK, LPAE_MAP, LPAE_SPLIT, LPAE_UNMAP, LPAE_VISIT };

struct lpae_op {
	struct ipfw_lpae_ctx *ctx;      /* MAP, UNMAP (writable) */
	const struct ipfw_lpae_ctx *rd; /* the walked context (NULL in a dry run) */
	uint64_t leaf;                  /* MAP: leaf attribute bits */
	uint32_t vp, np;                /* the range: first input page, pages */
	uint32_t delta;                 /* CHECK, MAP: output page - input page */
	uint32_t count;                 /* CHECK: tables needed; UNMAP: pages removed */
	uint32_t last[3];               /* CHECK: last missing slot counted, per level */
	uint32_t mode;
	uint32_t fresh; /* MAP: the next table entered was just allocated */
	ipfw_lpae_leaf_fn *fn;           /* VISIT */
	void *arg;
	struct ipfw_lpae_leaf *leaf_out; /* VISIT: where the leaf is built */
};

/* Check region r as map does (IPFW_E_INVAL/ALIGN/RANGE, then with leaves
 * IPFW_E_ATTR) against the format and flags of context rd (IPFW_E_INVAL
 * without one), and set op's context rd, range, delta and (with leaves)
 * leaf attribute bits (no type, no address); unmap has no leaves, and
 * r->attrs is not looked at. */
int ipfw_lpae_op_region_(struct lpae_op *op, const struct ipfw_lpae_ctx *rd,
			 const struct ipfw_lpae_region *r, bool leaves);

/* Ready op for a walk that counts (CHECK) or writes. */
static inline void lpae_op_start(struct lpae_op *op, uint32_t count)
{
	op->count = count;
	op->last[1] = UINT32_MAX;
	op->last[2] = UINT32_MAX;
	op->fresh = 0;
}

/* The descriptor of a leaf for input page vp with op's attributes and
 * delta: type is LPAE_TYPE_BLOCK, or LPAE_TYPE_TABLE for a level-3 page. */
static inline uint64_t lpae_leaf_desc(const struct lpae_op *op, uint32_t vp, uint32_t type)
{
	return ((uint64_t)(vp + op->delta) << LPAE_PAGE_SHIFT) | op->leaf | type;
}

int ipfw_lpae_walk_range_(struct lpae_op *op, uint64_t *t, unsigned int level, uint32_t vp,
			  uint32_t np);

/* Down the tables from the top, as long as [vp, vp + np) lies inside one
 * entry holding a table: the entry of vp where that stops, its level in
 * *level. There the range lies inside an entry holding no table (a leaf,
 * or invalid; always so at level 3), or spans several entries. */
uint64_t *ipfw_lpae_entry_(const struct ipfw_lpae_ctx *ctx, uint32_t vp, uint32_t np,
			   unsigned int *level);

/* n leaves of span pages (the level's) from t[i] on, for input page vp,
 * with op's attributes and delta. */
void ipfw_lpae_put_leaves_(const struct lpae_op *op, uint64_t *t, uint32_t i, uint32_t n,
			   uint32_t span, uint32_t vp);

/* A zero table from the pool (its free count checked before) in the
 * missing entry e, a table descriptor; the table's CPU address. */
uint64_t *ipfw_lpae_new_table_(struct ipfw_lpae_ctx *ctx, uint64_t *e);

/* Whether any of the n (at least 1) entries from t on is non-zero. */
bool ipfw_lpae_any_set_(const uint64_t *t, uint32_t n);

/* The leaf of ctx's format for descriptor e of span pages at input page
 * vp and level (lookup, VISIT). */
void ipfw_lpae_leaf_of_(const struct ipfw_lpae_ctx *ctx, struct ipfw_lpae_leaf *leaf,
			uint64_t e, unsigned int level, uint32_t vp);

/*
 * Pool: allocation cannot fail once the caller checked the free count.
 * It returns the page number of a zero table: a table never handed out
 * is zeroed here (zeroing is most of what a small map costs), a freed one
 * was empty when freed and only its free-list link is cleared.
 */
uint32_t ipfw_lpae_table_alloc_(struct ipfw_lpae_ctx *ctx);
void ipfw_lpae_table_free_(struct ipfw_lpae_ctx *ctx, uint64_t *t);
void ipfw_lpae_zero_(uint64_t *t, uint32_t n);

#endif
