/* SPDX-License-Identifier: BSD-3-Clause */
/* lpae module internals: format rows, descriptor bits, pool and range helpers. */
#ifndef IPFW_LPAE_INTERNAL_H
#define IPFW_LPAE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ipmmu/lpae.h>

/* One row per format: everything that differs between formats. */
struct ipfw_lpae_fmt {
	uint8_t ias;         /* input address bits */
	uint8_t oas;         /* output address bits */
	uint8_t start_level; /* 1 for every 3-level 4 KiB format */
	uint8_t stage;       /* 1 or 2: selects the attribute encoding */
	uint8_t top_tables;  /* 4 KiB pool tables the top level takes (concatenation) */
	uint8_t ps;          /* PS/IPS encoding of oas */
	uint32_t tcr;        /* TTBCR/VTCR without walk attributes */
};

extern const struct ipfw_lpae_fmt ipfw_lpae_fmts_[2];

/* Descriptor bits (lpae-and-devicetree.md 1.1). */
#define LPAE_VALID 0x1ull
#define LPAE_TYPE_MASK 0x3ull
#define LPAE_TYPE_TABLE 0x3ull /* levels 1-2; at level 3 this is a page */
#define LPAE_TYPE_BLOCK 0x1ull
#define LPAE_NS (1ull << 5)
#define LPAE_CONT (1ull << 52)
#define LPAE_XN (1ull << 54)
#define LPAE_NSTABLE (1ull << 63)
#define LPAE_ADDR_MASK 0x0000FFFFFFFFF000ull

#define LPAE_ENTRIES 512u
#define LPAE_CONT_ENTRIES 16u

static inline unsigned lpae_shift(unsigned level)
{
	return 12u + 9u * (3u - level); /* L1 1 GiB, L2 2 MiB, L3 4 KiB */
}

/* Entry index of va in its table at level (the top table may be wider). */
static inline uint32_t lpae_index(const struct ipfw_lpae_fmt *f, unsigned level, uint64_t va)
{
	uint64_t i = va >> lpae_shift(level);

	return (uint32_t)(level == f->start_level ? i : (i & (LPAE_ENTRIES - 1u)));
}

static inline bool lpae_is_table(uint64_t e, unsigned level)
{
	return level < 3u && (e & LPAE_TYPE_MASK) == LPAE_TYPE_TABLE;
}

static inline uint64_t *lpae_table_cpu(const struct ipfw_lpae_ctx *ctx, uint64_t desc)
{
	return (uint64_t *)(void *)(ctx->pool_cpu + ((desc & LPAE_ADDR_MASK) - ctx->pool_pa));
}

static inline uint64_t *lpae_top(const struct ipfw_lpae_ctx *ctx)
{
	return (uint64_t *)(void *)ctx->pool_cpu;
}

static inline void lpae_clean(const struct ipfw_lpae_ctx *ctx, uint64_t *t, uint32_t lo,
			      uint32_t hi)
{
	if (ctx->clean && lo <= hi)
		ctx->clean(ctx->clean_arg, t + lo, (size_t)(hi - lo + 1u) * 8u);
}

/* Argument checks shared by map, unmap and the dry run. */
int ipfw_lpae_check_range_(const struct ipfw_lpae_fmt *f, uint64_t iova, uint64_t pa,
			   uint64_t size);
/* Leaf attribute bits (no type, no address), or IPFW_E_ATTR. */
int ipfw_lpae_leaf_bits_(const struct ipfw_lpae_fmt *f, uint32_t flags, uint32_t attrs,
			 uint64_t *bits);
uint32_t ipfw_lpae_attrs_of_(const struct ipfw_lpae_fmt *f, uint64_t desc);

/* Pool: allocation cannot fail once the caller checked the free count.
 * Tables come back uninitialised: the caller writes or zeroes every entry. */
uint64_t *ipfw_lpae_table_alloc_(struct ipfw_lpae_ctx *ctx, uint64_t *pa);
void ipfw_lpae_zero_(uint64_t *t, uint32_t a, uint32_t b);
void ipfw_lpae_table_free_(struct ipfw_lpae_ctx *ctx, uint64_t *t);

#endif
