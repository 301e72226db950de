/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The format table, attribute encoding and the register values a regime
 * needs. A new 3-level 4 KiB format (say S1 with a 39-bit input) is one
 * more row here: the walkers read everything else from the row.
 */
#include <ipmmu/error.h>

#include "lpae_internal.h"

/* TTBCR.EAE and VTCR bit 31 (RES1) */
#define TCR_EAE (1u << 31)
#define TCR_EPD1 (1u << 23)
/* TCR_EL1: T0SZ [5:0], TG1 [31:30] = 2 (4 KiB; 0 is reserved even with EPD1) */
#define TCR64_T0SZ_32 32u
#define TCR64_TG1_4K (2u << 30)
/* PS = 2 (40 bits): TCR_EL1.IPS [34:32], VTCR_EL2.PS [18:16]; the rest of
 * S2-40's VTCR_EL2 is its AArch32 VTCR */
#define TCR64_IPS_40 (2ull << 32)
#define VTCR64_PS_40 (2u << 16)
/* VTCR: T0SZ -8 as a 4-bit signed field with S (bit 4) = its sign: 24 */
#define VTCR_T0SZ_40 0x18u
#define VTCR_SL0_L1 (1u << 6)
/* Walk attributes: IRGN0 [9:8], ORGN0 [11:10], SH0 [13:12] */
#define TCR_WALK_COHERENT ((1u << 8) | (1u << 10) | (3u << 12))
#define TCR_WALK_NONCOHERENT (2u << 12)

/* Leaf bits common to both stages (low word) */
#define D_AF (1u << 10)
#define D_SH_OUTER (2u << 8)
#define D_SH_INNER (3u << 8)
/* Stage 1: nG; AttrIndx [4:2] into S1_MAIR: 0 Normal NC, 1 Normal WB, 2 Device-nGnRE */
#define D_NG (1u << 11)
#define S1_DEVICE (D_AF | D_SH_OUTER | D_NG | (2u << 2))
#define S1_NC (D_AF | D_SH_OUTER | D_NG | (0u << 2))
#define S1_WB (D_AF | D_SH_INNER | D_NG | (1u << 2))
#define S1_MAIR 0x0004FF44ull
/* Stage 2: MemAttr [5:2]: Device-nGnRE 0x1, Normal NC 0x5, Normal WB 0xF */
#define S2_DEVICE (D_AF | D_SH_OUTER | (0x1u << 2))
#define S2_NC (D_AF | D_SH_OUTER | (0x5u << 2))
#define S2_WB (D_AF | D_SH_INNER | (0xFu << 2))
/* IPMMU faults unless NS is set in S1 leaves too (docs/lpae.md) */
#define D_NS (1u << 5)
/* XN: S1 PXN and XN (bits 53, 54); S2 XN[1] alone (bit 54): bit 53 is RES0
 * without FEAT_XNX and would mean something else with it */
#define D_S1_XN_HI (3u << 21)
#define D_XN_HI (1u << 22)
#define ATTRS_ALL 0x7Fu

/*
 * Leaf bits 7:6. S1: AP[2] = read-only, AP[1] = unprivileged too; there
 * is no write-only or no-access encoding, so READ is required (flipped by
 * attr_xor bit 0, then refused by attr_bad). S2: HAP read (6), write (7);
 * PRIV is refused.
 */
/* Leaf bits per value of the memory type bits (attrs >> 4 & 7): one bit
 * set names a type, none or two or more are invalid (0). */
#define MEM_LO(dev, nc, wb) {[1] = (dev), [2] = (nc), [4] = (wb)}

/* A row's input size, and the top level's entries it implies (start level 1:
 * each entry maps 1 GiB), from one number. */
#define IAS(bits) .ias = (bits), .top_entries = 1u << ((bits) - 30u)

const struct ipfw_lpae_fmt ipfw_lpae_fmts_[2] = {
	[IPFW_LPAE_S1_32] = {IAS(32), .oas = 40, .start_level = 1, .stage = 1,
			     .top_tables = 1, .ps = 2,
			     .attr_xor = IPFW_LPAE_READ | IPFW_LPAE_WRITE | IPFW_LPAE_PRIV,
			     .ap_shift = 3, .mem_field = 0x1C,
			     .mem_lo = MEM_LO(S1_DEVICE, S1_NC, S1_WB),
			     .attr_bad = ~ATTRS_ALL | IPFW_LPAE_READ, .xn_hi = D_S1_XN_HI,
			     .tcr = TCR_EAE | TCR_EPD1,
			     .tcr64 = TCR64_T0SZ_32 | TCR_EPD1 | TCR64_TG1_4K | TCR64_IPS_40},
	[IPFW_LPAE_S2_40] = {IAS(40), .oas = 40, .start_level = 1, .stage = 2,
			     .top_tables = 2, .ps = 2, .attr_xor = 0,
			     .ap_shift = 0, .mem_field = 0x3C, .mem_lo = MEM_LO(S2_DEVICE, S2_NC, S2_WB),
			     .attr_bad = ~ATTRS_ALL | IPFW_LPAE_PRIV, .xn_hi = D_XN_HI,
			     .tcr = TCR_EAE | VTCR_SL0_L1 | VTCR_T0SZ_40,
			     .tcr64 = TCR_EAE | VTCR_SL0_L1 | VTCR_T0SZ_40 | VTCR64_PS_40},
};

int ipfw_lpae_op_region_(struct lpae_op *op, const struct ipfw_lpae_ctx *rd,
			 const struct ipfw_lpae_region *r, bool leaves)
{
	uint64_t all = r->iova | r->pa | r->size;
	const struct ipfw_lpae_fmt *f;
	uint32_t vp, pp, np, x, lo;

	if (!rd || !rd->fmt || r->size == 0)
		return IPFW_E_INVAL;
	f = rd->fmt;
	op->rd = rd;
	if ((uint32_t)all & (IPFW_LPAE_TABLE_SIZE - 1u))
		return IPFW_E_ALIGN;
	/* below 2^40 each, page numbers are 28 bits and their sums cannot wrap */
	vp = (uint32_t)(r->iova >> LPAE_PAGE_SHIFT);
	pp = (uint32_t)(r->pa >> LPAE_PAGE_SHIFT);
	np = (uint32_t)(r->size >> LPAE_PAGE_SHIFT);
	if ((all >> 40) || vp + np > LPAE_IN_PAGES(f) || pp + np > LPAE_OUT_PAGES)
		return IPFW_E_RANGE;
	op->vp = vp;
	op->np = np;
	op->delta = pp - vp;
	if (!leaves)
		return IPFW_OK;
	x = r->attrs ^ f->attr_xor;
	lo = f->mem_lo[(r->attrs >> 4) & 7u];
	if ((x & f->attr_bad) || !lo)
		return IPFW_E_ATTR;
	/* F_NS is refused at init for stage 2 */
	lo |= (((x & 2u) | ((x >> f->ap_shift) & 1u)) << 6) | ((rd->flags & IPFW_LPAE_F_NS) << 5);
	op->leaf = ((uint64_t)((r->attrs & IPFW_LPAE_XN) ? f->xn_hi : 0u) << 32) | lo;
	return IPFW_OK;
}

static uint32_t attrs_of(const struct ipfw_lpae_fmt *f, uint64_t d)
{
	uint32_t lo = (uint32_t)d;
	uint32_t ap = (lo >> 6) & 3u;
	uint32_t mem = 4; /* WB, NC, else DEVICE */

	while (mem > 1u && ((lo ^ f->mem_lo[mem]) & f->mem_field))
		mem >>= 1;
	return (((ap & 2u) | ((ap & 1u) << f->ap_shift)) ^ f->attr_xor) | (mem << 4) |
	       (((uint32_t)(d >> 32) & D_XN_HI) ? IPFW_LPAE_XN : 0u);
}

void ipfw_lpae_leaf_of_(const struct ipfw_lpae_ctx *ctx, struct ipfw_lpae_leaf *leaf,
			uint64_t e, unsigned int level, uint32_t vp)
{
	uint32_t size = (1u << lpae_shift(level)) << LPAE_PAGE_SHIFT; /* at most 1 GiB */

	leaf->iova = (uint64_t)(vp & ~((1u << lpae_shift(level)) - 1u)) << LPAE_PAGE_SHIFT;
	leaf->pa = e & (LPAE_OA_MASK & ~(uint64_t)(size - 1u));
	leaf->size = size;
	leaf->desc = e;
	leaf->attrs = attrs_of(ctx->fmt, e);
	leaf->level = level;
}

int ipfw_lpae_regs(const struct ipfw_lpae_ctx *ctx, struct ipfw_lpae_regs *regs)
{
	const struct ipfw_lpae_fmt *f;
	uint32_t walk;

	if (!ctx || !regs || !ctx->fmt)
		return IPFW_E_INVAL;
	f = ctx->fmt;
	walk = (ctx->flags & IPFW_LPAE_F_COHERENT) ? TCR_WALK_COHERENT : TCR_WALK_NONCOHERENT;
	regs->ttbr = (uint64_t)ctx->pool_pfn << LPAE_PAGE_SHIFT;
	regs->mair = f->stage == 1 ? S1_MAIR : 0u;
	regs->tcr = f->tcr | walk;
	regs->tcr64 = f->tcr64 | walk;
	regs->ias = f->ias;
	regs->oas = f->oas;
	regs->start_level = f->start_level;
	regs->t0sz = (uint8_t)(64u - f->ias);
	regs->sl0 = (uint8_t)(2u - f->start_level);
	regs->ps = f->ps;
	return IPFW_OK;
}
