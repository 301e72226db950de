/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * 3-level LPAE translation-table builder (4 KiB granule, 8-byte descriptors).
 *
 * Formats (one walker, parameterised by a row of a format table):
 *  - IPFW_LPAE_S1_32: VMSAv8-32 long-descriptor stage 1, 32-bit input,
 *    40-bit output, start level 1 (4-entry top table). What the Linux
 *    IPMMU driver uses.
 *  - IPFW_LPAE_S2_40: VMSAv8-64 stage 2, 40-bit IPA, start level 1 with two
 *    concatenated level-1 tables (1024 entries, 8 KiB, 8 KiB aligned). What
 *    Xen shares with the IPMMU.
 * Leaves are 1 GiB (level 1), 2 MiB (level 2) or 4 KiB (level 3).
 *
 * State lives in a caller-provided struct ipfw_lpae_ctx; there is no hidden
 * state and no heap. Every table (the top table included) comes from a
 * caller-provided pool of 4 KiB tables described as (cpu pointer, physical
 * address, count): descriptors carry physical addresses, the CPU writes
 * through the pointer. The top table is the first pool table (S2-40: the
 * first two, so the pool's physical address must be 8 KiB aligned).
 *
 * Functions return IPFW_OK or a negative IPFW_E_* code (ipmmu/error.h).
 * A failed map or unmap leaves table memory, pool and context exactly as
 * they were.
 */
#ifndef IPMMU_LPAE_H
#define IPMMU_LPAE_H

#include <ipmmu/types.h>

enum ipfw_lpae_format {
	IPFW_LPAE_S1_32 = 0,
	IPFW_LPAE_S2_40 = 1,
};

/* Bytes of one table; pool entries are this size and this aligned. */
#define IPFW_LPAE_TABLE_SIZE 4096u

/*
 * Mapping attributes: an access set, exactly one memory type, and flags.
 * S1-32 needs READ (there is no write-only or no-access stage-1 encoding);
 * S2-40 accepts any access set, "none" included (a valid entry that
 * faults every access). PRIV is stage 1 only (AP[1] clear: privileged
 * accesses only). Each memory type is a bit of its own, so two types
 * OR-ed together (say DEVICE | NC) are refused rather than read as a
 * third; no type at all is refused too. Anything else is IPFW_E_ATTR.
 * Leaves (lookup, walk) give back exactly one type bit.
 */
#define IPFW_LPAE_READ 0x01u
#define IPFW_LPAE_WRITE 0x02u
#define IPFW_LPAE_XN 0x04u   /* execute never */
#define IPFW_LPAE_PRIV 0x08u /* S1 only: no unprivileged access */
#define IPFW_LPAE_DEVICE 0x10u /* Device-nGnRE */
#define IPFW_LPAE_NC 0x20u     /* Normal, non-cacheable */
#define IPFW_LPAE_WB 0x40u     /* Normal, write-back cacheable (inner shareable) */
#define IPFW_LPAE_MEM_MASK 0x70u /* the memory type bits */
#define IPFW_LPAE_RW (IPFW_LPAE_READ | IPFW_LPAE_WRITE)

/* Context flags (ipfw_lpae_init). */
#define IPFW_LPAE_F_NS 0x1u       /* S1: NS in leaves, NSTable in every table descriptor */
#define IPFW_LPAE_F_COHERENT 0x4u /* walker is cache coherent: WB/IS walk attributes */
/* 0x2u was IPFW_LPAE_F_CONTIG (the contiguous hint) and is refused now: a
 * partial unmap would have to change the hint on live neighbours, which
 * needs break-before-make of the whole group (docs/lpae.md). */

/*
 * Cache maintenance hook: called with every range of table memory the
 * library wrote (CPU address and length), once per table per operation,
 * so a board can clean it to the point of coherency for a non-coherent
 * walker. Children are reported before the table that points at them.
 */
typedef void ipfw_lpae_clean_fn(void *arg, void *cpu, size_t len);

/* Caller-provided table pool: count tables of 4 KiB, cpu 8-byte aligned,
 * pa 4 KiB aligned (8 KiB for S2-40), pa + count * 4 KiB <= 2^40. */
struct ipfw_lpae_pool {
	void *cpu;
	uint64_t pa;
	uint32_t count;
};

struct ipfw_lpae_fmt; /* private row of the format table */

/* Context. Fields are private: use the functions and accessors below. */
struct ipfw_lpae_ctx {
	const struct ipfw_lpae_fmt *fmt;
	uint8_t *pool_cpu;
	uint32_t pool_pfn;  /* pool physical address >> 12 */
	uint32_t pool_count;
	uint32_t fresh;     /* tables [fresh, count) were never handed out */
	uint32_t free_head; /* free list threaded through freed tables */
	uint32_t used;      /* tables in use, top table included */
	uint32_t peak;
	uint32_t flags;
	ipfw_lpae_clean_fn *clean;
	void *clean_arg;
	/* Kept for map's one-page fast path by the last one-page map whose
	 * page went into an existing level-3 table: that table (l3), its
	 * input slot plus one (l3_slot = (iova >> 21) + 1; 0: nothing kept,
	 * as in a zeroed context; init and freeing any table clear it), the
	 * attrs and their leaf bits. */
	uint64_t *l3;
	uint32_t l3_slot;
	uint32_t leaf_attrs;
	uint64_t leaf_bits;
};

/*
 * Prepare a context and zero its top table (reported to the hook).
 * Errors: IPFW_E_FORMAT (unknown format), IPFW_E_INVAL (NULL, unknown
 * flag), IPFW_E_ATTR (F_NS on a stage-2 format), IPFW_E_ALIGN (pool
 * alignment), IPFW_E_RANGE (pool beyond the output range), IPFW_E_NOMEM
 * (pool smaller than the top table).
 */
int ipfw_lpae_init(struct ipfw_lpae_ctx *ctx, enum ipfw_lpae_format format,
		   const struct ipfw_lpae_pool *pool, uint32_t flags,
		   ipfw_lpae_clean_fn *clean, void *clean_arg);

/*
 * Map [iova, iova + size) to [pa, pa + size). Picks the largest leaf that
 * fits at each point (1 GiB, 2 MiB, 4 KiB; iova and pa must agree modulo
 * the leaf size), allocating the fewest tables. The contiguous hint
 * (bit 52) is never set.
 * Errors (nothing changed): IPFW_E_INVAL (size 0), IPFW_E_ALIGN (iova, pa
 * or size not 4 KiB aligned), IPFW_E_RANGE (wrap, iova >= 2^ias, pa + size
 * > 2^40), IPFW_E_ATTR, IPFW_E_OVERLAP (any part already mapped),
 * IPFW_E_NOMEM (pool too small for the tables this map needs).
 */
int ipfw_lpae_map(struct ipfw_lpae_ctx *ctx, uint64_t iova, uint64_t pa, uint64_t size,
		  uint32_t attrs);

/*
 * Unmap every leaf inside [iova, iova + size); holes are allowed. Blocks
 * are never split: if a leaf straddles either end of the range the call
 * fails with IPFW_E_SPLIT and changes nothing (the Linux v6.13 contract).
 * Tables left empty go back to the pool. *unmapped (may be NULL) gets
 * the number of bytes removed. Errors as for map, plus
 * IPFW_E_NOTMAPPED when nothing in the range was mapped.
 */
int ipfw_lpae_unmap(struct ipfw_lpae_ctx *ctx, uint64_t iova, uint64_t size,
		    uint64_t *unmapped);

/* One leaf: base input address, base output address, size, attributes
 * (IPFW_LPAE_* as given to map), level (1..3) and the raw descriptor. */
struct ipfw_lpae_leaf {
	uint64_t iova;
	uint64_t pa;
	uint64_t size;
	uint64_t desc;
	uint32_t attrs;
	uint32_t level;
};

/*
 * Translate iova: *pa (may be NULL) gets the output address of iova itself,
 * *leaf (may be NULL) the leaf that maps it. IPFW_E_NOTMAPPED if nothing
 * maps it (never a magic PA), IPFW_E_RANGE if iova >= 2^ias.
 */
int ipfw_lpae_lookup(const struct ipfw_lpae_ctx *ctx, uint64_t iova, uint64_t *pa,
		     struct ipfw_lpae_leaf *leaf);

/*
 * Visit every leaf in increasing IOVA order, one callback per leaf (not
 * merged: adjacent leaves of one mapping come as separate calls). A
 * non-zero return from fn stops the walk and is returned.
 */
typedef int ipfw_lpae_leaf_fn(void *arg, const struct ipfw_lpae_leaf *leaf);
int ipfw_lpae_walk(const struct ipfw_lpae_ctx *ctx, ipfw_lpae_leaf_fn *fn, void *arg);

/* A region for the dry run (and for callers keeping TF-A style lists). */
struct ipfw_lpae_region {
	uint64_t iova;
	uint64_t pa;
	uint64_t size;
	uint32_t attrs;
};

/*
 * How many pool tables mapping these regions into an empty context needs,
 * top table included (the count ipfw_lpae_map reaches). Regions must be
 * sorted by iova and not overlap (IPFW_E_OVERLAP otherwise); each is
 * checked like a map (IPFW_E_INVAL/ALIGN/RANGE/ATTR). Returns the count.
 */
int ipfw_lpae_dry_run(enum ipfw_lpae_format format, const struct ipfw_lpae_region *regions,
		      size_t count);

/*
 * Values a translation regime needs for these tables, in generic form
 * (lpae knows no IPMMU register: the ipmmu layer builds IMTTBCR and the
 * other context registers itself from ias, t0sz and the walk flags).
 *  ttbr:  physical address of the top table;
 *  mair:  S1 memory attribute indirection (MAIR0 in bits 31:0, MAIR1 in
 *         63:32): index 0 Normal NC 0x44, 1 Normal WB 0xFF, 2 Device-nGnRE
 *         0x04; 0 for stage 2 (descriptors carry MemAttr);
 *  tcr:   the AArch32 CPU register for these tables, as it is written:
 *         S1-32: TTBCR: T0SZ [2:0] = 0, walk attributes, EPD1 [23] = 1,
 *                EAE [31] = 1 (0x80802000 non-coherent);
 *         S2-40: VTCR (Hyp): T0SZ [3:0] = -8 with S [4] = 1 (i.e. 0x18),
 *                SL0 [7:6] = 1, walk attributes, bit 31 RES1
 *                (0x80002058 non-coherent); no PS: bits 18:16 are RES0
 *                in the AArch32 VTCR;
 *  tcr64: the AArch64 register, as it is written (bits not named are 0):
 *         S2-40: VTCR_EL2: T0SZ [5:0] = 24, SL0 [7:6] = 1, walk
 *                attributes, TG0 [15:14] = 0 (4 KiB), PS [18:16] = ps,
 *                bit 31 RES1 (0x80022058 non-coherent);
 *         S1-32: TCR_EL1 (or an SMMUv3 CD's TCR fields, placed by that
 *                driver): T0SZ [5:0] = 32, walk attributes, TG0 [15:14]
 *                = 0 (4 KiB), EPD1 [23] = 1, TG1 [31:30] = 2 (4 KiB),
 *                IPS [34:32] = ps (0x280802020 non-coherent);
 *  ias, oas, start_level; t0sz = 64 - ias (AArch64-style field);
 *  sl0:   VTCR-style start-level encoding for a 4 KiB granule (2 - level);
 *  ps:    PS/IPS encoding of oas (2 = 40 bits).
 * Walk attributes, IRGN0 [9:8], ORGN0 [11:10], SH0 [13:12] in every form:
 * F_COHERENT gives IRGN0 = ORGN0 = 1 (WB-WA), SH0 = 3 (inner); otherwise
 * IRGN0 = ORGN0 = 0 (non-cacheable), SH0 = 2 (outer).
 */
struct ipfw_lpae_regs {
	uint64_t ttbr;
	uint64_t mair;
	uint32_t tcr;
	uint8_t ias;
	uint8_t oas;
	uint8_t start_level;
	uint8_t t0sz;
	uint8_t sl0;
	uint8_t ps;
	uint64_t tcr64;
};
int ipfw_lpae_regs(const struct ipfw_lpae_ctx *ctx, struct ipfw_lpae_regs *regs);

/* Pool accounting (tables of 4 KiB, the top table included). */
static inline uint32_t ipfw_lpae_tables_used(const struct ipfw_lpae_ctx *ctx)
{
	return ctx->used;
}
static inline uint32_t ipfw_lpae_tables_peak(const struct ipfw_lpae_ctx *ctx)
{
	return ctx->peak;
}
static inline uint32_t ipfw_lpae_tables_free(const struct ipfw_lpae_ctx *ctx)
{
	return ctx->pool_count - ctx->used;
}

#endif /* IPMMU_LPAE_H */
