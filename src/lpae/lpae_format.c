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
/* VTCR: T0SZ -8 as a 4-bit signed field with S (bit 4) = its sign: 24 */
#define VTCR_T0SZ_40 0x18u
#define VTCR_SL0_L1 (1u << 6)
/* Walk attributes: IRGN0 [9:8], ORGN0 [11:10], SH0 [13:12] */
#define TCR_WALK_COHERENT ((1u << 8) | (1u << 10) | (3u << 12))
#define TCR_WALK_NONCOHERENT (2u << 12)

const struct ipfw_lpae_fmt ipfw_lpae_fmts_[2] = {
	[IPFW_LPAE_S1_32] = {.ias = 32, .oas = 40, .start_level = 1, .stage = 1,
			     .top_tables = 1, .ps = 2, .tcr = TCR_EAE | TCR_EPD1},
	[IPFW_LPAE_S2_40] = {.ias = 40, .oas = 40, .start_level = 1, .stage = 2,
			     .top_tables = 2, .ps = 2,
			     .tcr = TCR_EAE | VTCR_SL0_L1 | VTCR_T0SZ_40},
};

/* Leaf bits common to both stages (low word) */
#define D_AF (1u << 10)
#define D_SH_OUTER (2u << 8)
#define D_SH_INNER (3u << 8)
/* Stage 1 */
#define D_NS (1u << 5)
#define D_NG (1u << 11)
#define D_S1_XN_HI (3u << 21) /* PXN and XN, bits 53 and 54 */
/* XN[1] alone (bit 54): stage 2 has only this one, bit 53 is RES0 without
 * FEAT_XNX and would mean something else with it */
#define D_XN_HI (1u << 22)
/* Stage 2: HAP read bit 6, write bit 7 */
#define D_S2_HAP_SHIFT 6

#define MEM_DEVICE 1u
#define MEM_NC 2u
#define MEM_WB 3u

/* MAIR index per memory type: 0 Normal NC, 1 Normal WB, 2 Device-nGnRE */
static const uint8_t s1_attrindx[4] = {0, 2, 0, 1};
/* Stage-2 MemAttr per memory type: Device-nGnRE, Normal NC, Normal WB */
static const uint8_t s2_memattr[4] = {0, 0x1, 0x5, 0xF};
#define S1_MAIR 0x0004FF44ull

int ipfw_lpae_op_range_(struct lpae_op *op, const struct ipfw_lpae_fmt *f, uint64_t iova,
			uint64_t pa, uint64_t size)
{
	uint32_t vp = (uint32_t)(iova >> LPAE_PAGE_SHIFT);
	uint32_t pp = (uint32_t)(pa >> LPAE_PAGE_SHIFT);
	uint32_t np = (uint32_t)(size >> LPAE_PAGE_SHIFT);

	if (size == 0)
		return IPFW_E_INVAL;
	if ((uint32_t)(iova | pa | size) & (IPFW_LPAE_TABLE_SIZE - 1u))
		return IPFW_E_ALIGN;
	/* below 2^40 each, page numbers are 28 bits and their sums cannot wrap */
	if (((iova | pa | size) >> 40) || vp + np > 1u << (f->ias - LPAE_PAGE_SHIFT) ||
	    pp + np > LPAE_OUT_PAGES)
		return IPFW_E_RANGE;
	op->vp = vp;
	op->np = np;
	op->delta = pp - vp;
	return IPFW_OK;
}

int ipfw_lpae_leaf_bits_(const struct ipfw_lpae_fmt *f, uint32_t flags, uint32_t attrs,
			 uint64_t *bits)
{
	uint32_t mem = (attrs & IPFW_LPAE_MEM_MASK) >> 4;
	uint32_t lo = D_AF | (mem == MEM_WB ? D_SH_INNER : D_SH_OUTER);
	uint32_t hi = 0; /* bits 63:32 */

	if (mem == 0 || (attrs & ~(IPFW_LPAE_MEM_MASK | 0xFu)))
		return IPFW_E_ATTR;
	if (f->stage == 1) {
		if (!(attrs & IPFW_LPAE_READ))
			return IPFW_E_ATTR; /* no write-only or no-access S1 encoding */
		/* AP[2] (bit 7): read-only; AP[1] (bit 6): unprivileged too */
		lo |= D_NG | ((uint32_t)s1_attrindx[mem] << 2) | ((~attrs & IPFW_LPAE_WRITE) << 6) |
		      ((~attrs & IPFW_LPAE_PRIV) << 3);
		/* IPMMU faults unless NS is set in leaves too (ipmmu-vmsa.md 4) */
		if (flags & IPFW_LPAE_F_NS)
			lo |= D_NS;
		if (attrs & IPFW_LPAE_XN)
			hi = D_S1_XN_HI;
	} else {
		if (attrs & IPFW_LPAE_PRIV)
			return IPFW_E_ATTR;
		lo |= ((uint32_t)s2_memattr[mem] << 2) | ((attrs & IPFW_LPAE_RW) << D_S2_HAP_SHIFT);
		if (attrs & IPFW_LPAE_XN)
			hi = D_XN_HI;
	}
	*bits = ((uint64_t)hi << 32) | lo;
	return IPFW_OK;
}

uint32_t ipfw_lpae_attrs_of_(const struct ipfw_lpae_fmt *f, uint64_t d)
{
	uint32_t lo = (uint32_t)d;
	uint32_t a = ((uint32_t)(d >> 32) & D_XN_HI) ? IPFW_LPAE_XN : 0u;

	if (f->stage == 1) {
		uint32_t idx = (lo >> 2) & 7u;

		a |= IPFW_LPAE_READ | ((~lo >> 6) & IPFW_LPAE_WRITE) | ((~lo >> 3) & IPFW_LPAE_PRIV);
		a |= idx == 2u ? IPFW_LPAE_DEVICE : idx == 1u ? IPFW_LPAE_WB : IPFW_LPAE_NC;
	} else {
		uint32_t ma = (lo >> 2) & 0xFu;

		a |= (lo >> D_S2_HAP_SHIFT) & IPFW_LPAE_RW;
		a |= ma == 0x1u ? IPFW_LPAE_DEVICE : ma == 0x5u ? IPFW_LPAE_NC : IPFW_LPAE_WB;
	}
	return a;
}

int ipfw_lpae_regs(const struct ipfw_lpae_ctx *ctx, struct ipfw_lpae_regs *regs)
{
	const struct ipfw_lpae_fmt *f;

	if (!ctx || !regs || !ctx->fmt)
		return IPFW_E_INVAL;
	f = ctx->fmt;
	regs->ttbr = (uint64_t)ctx->pool_pfn << LPAE_PAGE_SHIFT;
	regs->mair = f->stage == 1 ? S1_MAIR : 0u;
	regs->tcr = f->tcr | ((ctx->flags & IPFW_LPAE_F_COHERENT) ? TCR_WALK_COHERENT
								   : TCR_WALK_NONCOHERENT);
	regs->ias = f->ias;
	regs->oas = f->oas;
	regs->start_level = f->start_level;
	regs->t0sz = (uint8_t)(64u - f->ias);
	regs->sl0 = (uint8_t)(2u - f->start_level);
	regs->ps = f->ps;
	return IPFW_OK;
}
