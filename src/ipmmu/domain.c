/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Domains: context setup on the root, master attach on the cache, flush
 * and teardown (docs/ipmmu-vmsa.md sections 5 and 7).
 *
 * Where this deviates from Linux, and why:
 *  - the context is enabled on the first attach (cache IMCTR, then root
 *    IMCTR) and the FLUSH is polled before any uTLB points at it; Linux
 *    does not poll after enabling;
 *  - IMSTR is cleared by writing 0 (Linux writes back what it read; the
 *    status is not write-1-to-clear, section 9 item 8);
 *  - TTBR halves, IMTTBCR and IMUCTR are read back, so a register that does
 *    not hold its value is an error rather than a silent bypass;
 *  - a uTLB shared by masters is refcounted and never handed to a second
 *    context (Linux has a TODO there, section 9 item 14);
 *  - a flush timeout disables the context's uTLBs (Linux only logs);
 *  - IMMAIR0 is what the caller gives (the boot flow: 0x0004FF44, attribute
 *    3 left 0 where Linux 6.1 has 0xF4; no descriptor selects it);
 *  - stage 2 writes IMUCTR = TTSEL | FLUSH | MMUEN whole, as Linux does for
 *    stage 1, where Xen ORs TTSEL | MMUEN without FLUSH: the uTLB may hold
 *    entries from before this firmware ran.
 * All listed in docs/ipmmu-vmsa.md section 11.
 */
#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>

#include "ipmmu_priv.h"

#define TTBR_PA_BITS 40
#define S1_TTBR_ALIGN 64u    /* 4-entry level-1 table, at least 64 bytes (section 4) */
#define S2_TTBR_ALIGN 8192u  /* two concatenated level-1 tables (section 7) */

static bool is_root(const struct ipfw_ipmmu *mmu, unsigned int i)
{
	return i < mmu->count && mmu->inst[i].root == IPFW_IPMMU_IS_ROOT;
}

static bool dom_ok(const struct ipfw_ipmmu *mmu, const struct ipfw_ipmmu_domain *dom)
{
	return mmu && mmu->inst && dom && dom->live && is_root(mmu, dom->root) &&
	       dom->ctx < mmu->inst[dom->root].soc->num_ctx &&
	       (mmu->state[dom->root].ctx.used & (1u << dom->ctx));
}

static uintptr_t imctr(const struct ipfw_ipmmu *mmu, unsigned int i, unsigned int ctx)
{
	return ipfw_ipmmu_ctx_reg(&mmu->inst[i], ctx, IPFW_IPMMU_IMCTR);
}

static int poll_flush(const struct ipfw_ipmmu *mmu, unsigned int root, unsigned int ctx)
{
	return ipfw_mmio_poll32(imctr(mmu, root, ctx), IPFW_IPMMU_IMCTR_FLUSH, 0, &mmu->poll,
				&mmu->delay, 0);
}

static bool behind(const struct ipfw_ipmmu *mmu, unsigned int cache, unsigned int root)
{
	return mmu->inst[cache].root >= 0 && (unsigned int)mmu->inst[cache].root == root;
}

static int write_check(uintptr_t reg, uint32_t val)
{
	ipfw_mmio_write32(reg, val);
	return ipfw_mmio_read32(reg) == val ? IPFW_OK : IPFW_E_READBACK;
}

static int check_ttbr(const struct ipfw_ipmmu_ctx_cfg *cfg)
{
	uint64_t align;

	switch (cfg->fmt) {
	case IPFW_IPMMU_FMT_S1_32:
		align = S1_TTBR_ALIGN;
		break;
	case IPFW_IPMMU_FMT_S2_40:
		align = S2_TTBR_ALIGN;
		break;
	default:
		return IPFW_E_FORMAT;
	}
	if (cfg->ttbr & (align - 1u))
		return IPFW_E_ALIGN;
	if (cfg->ttbr >> TTBR_PA_BITS)
		return IPFW_E_RANGE;
	return IPFW_OK;
}

/* The root-side registers of a context; it stays disabled (IMCTR untouched). */
static int program_ctx(const struct ipfw_ipmmu_inst *rin, unsigned int ctx,
		       const struct ipfw_ipmmu_ctx_cfg *cfg)
{
	uint32_t ttbcr;
	int err;

	err = write_check(ipfw_ipmmu_ctx_reg(rin, ctx, IPFW_IPMMU_IMTTLBR0), (uint32_t)cfg->ttbr);
	if (!err)
		err = write_check(ipfw_ipmmu_ctx_reg(rin, ctx, IPFW_IPMMU_IMTTUBR0),
				  (uint32_t)(cfg->ttbr >> 32));
	if (err)
		return err;
	if (cfg->fmt == IPFW_IPMMU_FMT_S1_32) {
		/* Linux: EAE and the two-bit SL0 = level 1; TSZ0 0 (2^32 input). */
		ttbcr = IPFW_IPMMU_IMTTBCR_EAE | IPFW_IPMMU_IMTTBCR_SL0_32_L1;
	} else {
		/* Xen: PMB bypasses stage 1; SL0 in its VA64 encoding. */
		ttbcr = IPFW_IPMMU_IMTTBCR_EAE | IPFW_IPMMU_IMTTBCR_PMB |
			IPFW_IPMMU_IMTTBCR_SL0_64_L1 | IPFW_IPMMU_IMTTBCR_TSZ0_40;
	}
	err = write_check(ipfw_ipmmu_ctx_reg(rin, ctx, IPFW_IPMMU_IMTTBCR), ttbcr);
	if (err)
		return err;
	/* Stage-2 descriptors carry MemAttr themselves: no MAIR. */
	if (cfg->fmt == IPFW_IPMMU_FMT_S1_32)
		ipfw_mmio_write32(ipfw_ipmmu_ctx_reg(rin, ctx, IPFW_IPMMU_IMMAIR0), cfg->mair);
	ipfw_mmio_write32(ipfw_ipmmu_ctx_reg(rin, ctx, IPFW_IPMMU_IMSTR), 0);
	return IPFW_OK;
}

int ipfw_ipmmu_domain_create(struct ipfw_ipmmu *mmu, unsigned int root, int ctx_req,
			     const struct ipfw_ipmmu_ctx_cfg *cfg, struct ipfw_ipmmu_domain *dom)
{
	const struct ipfw_ipmmu_inst *rin;
	struct ipfw_ipmmu_inst_state *rst;
	uintptr_t auxctlr;
	uint32_t aux_old = 0;
	bool set_s2pte;
	unsigned int ctx;
	int err;

	if (!mmu || !mmu->inst || !cfg || !dom || !is_root(mmu, root))
		return IPFW_E_INVAL;
	err = check_ttbr(cfg);
	if (err)
		return err;
	rin = &mmu->inst[root];
	rst = &mmu->state[root];
	/* IMSAUXCTLR.S2PTE is root-wide: one descriptor format per root. */
	if (cfg->fmt == IPFW_IPMMU_FMT_S1_32 ? rst->ctx_s2 != 0
					     : (rst->ctx.used & ~rst->ctx_s2) != 0)
		return IPFW_E_STATE;
	err = ipfw_ipmmu_ctx_get(&rst->ctx, ctx_req, &ctx);
	if (err)
		return err;

	auxctlr = ipfw_ipmmu_ctrl_reg(rin, IPFW_IPMMU_IMSAUXCTLR);
	set_s2pte = cfg->fmt == IPFW_IPMMU_FMT_S2_40 && rst->ctx_s2 == 0;
	if (set_s2pte) {
		aux_old = ipfw_mmio_read32(auxctlr);
		ipfw_mmio_write32(auxctlr, aux_old | IPFW_IPMMU_IMSAUXCTLR_S2PTE);
	}
	err = program_ctx(rin, ctx, cfg);
	if (err) {
		ipfw_mmio_write32(ipfw_ipmmu_ctx_reg(rin, ctx, IPFW_IPMMU_IMCTR), 0);
		if (set_s2pte)
			ipfw_mmio_write32(auxctlr, aux_old);
		(void)ipfw_ipmmu_ctx_put(&rst->ctx, ctx);
		return err;
	}
	if (cfg->fmt == IPFW_IPMMU_FMT_S2_40)
		rst->ctx_s2 |= 1u << ctx;
	dom->root = root;
	dom->ctx = ctx;
	dom->fmt = cfg->fmt;
	dom->live = true;
	return IPFW_OK;
}

/* Write 0 to every uTLB that points at the context, on every cache of the root. */
static void disable_ctx_utlbs(struct ipfw_ipmmu *mmu, const struct ipfw_ipmmu_domain *dom,
			      bool release)
{
	for (unsigned int i = 0; i < mmu->count; i++) {
		struct ipfw_ipmmu_utlb_alloc *ua = &mmu->state[i].utlb;

		if (!behind(mmu, i, dom->root))
			continue;
		for (unsigned int n = 0; n < ua->num_utlbs; n++) {
			struct ipfw_ipmmu_utlb_slot *s = &ua->slot[n];

			if (s->refs == 0 || s->ctx != dom->ctx)
				continue;
			ipfw_mmio_write32(ipfw_ipmmu_imuctr(&mmu->inst[i], n), 0);
			if (release)
				*s = (struct ipfw_ipmmu_utlb_slot){.ctx = 0, .refs = 0};
		}
	}
}

/* A flush that never completed: the MMU may be wedged, so no master may use it. */
static int ctx_failed(struct ipfw_ipmmu *mmu, const struct ipfw_ipmmu_domain *dom, int err)
{
	mmu->state[dom->root].ctx_failed |= 1u << dom->ctx;
	disable_ctx_utlbs(mmu, dom, false);
	return err;
}

/* First master of the domain behind this cache: enable the context there. */
static int enable_on_cache(struct ipfw_ipmmu *mmu, const struct ipfw_ipmmu_domain *dom,
			   unsigned int cache, bool *root_enabled)
{
	uint32_t bit = 1u << dom->ctx;
	uint32_t ctl = IPFW_IPMMU_IMCTR_INTEN | IPFW_IPMMU_IMCTR_FLUSH | IPFW_IPMMU_IMCTR_MMUEN;

	if (dom->fmt == IPFW_IPMMU_FMT_S2_40)
		ctl |= IPFW_IPMMU_IMCTR_VA64; /* implemented in IPMMU-MM only (section 2.1) */
	ipfw_mmio_write32(imctr(mmu, cache, dom->ctx), ctl & IPFW_IPMMU_IMCTR_CACHE_MASK);
	ipfw_mmio_write32(imctr(mmu, dom->root, dom->ctx), ctl);
	mmu->state[cache].ctx_live |= bit;
	*root_enabled = !(mmu->state[dom->root].ctx_live & bit);
	mmu->state[dom->root].ctx_live |= bit;
	return poll_flush(mmu, dom->root, dom->ctx);
}

/* Undo enable_on_cache() after a failed attach. */
static void disable_on_cache(struct ipfw_ipmmu *mmu, const struct ipfw_ipmmu_domain *dom,
			     unsigned int cache, bool root_enabled)
{
	uint32_t bit = 1u << dom->ctx;

	ipfw_mmio_write32(imctr(mmu, cache, dom->ctx), 0);
	mmu->state[cache].ctx_live &= ~bit;
	if (root_enabled) {
		ipfw_mmio_write32(imctr(mmu, dom->root, dom->ctx), 0);
		mmu->state[dom->root].ctx_live &= ~bit;
	}
}

static int enable_utlb(const struct ipfw_ipmmu_inst *cin, unsigned int utlb, unsigned int ctx)
{
	uintptr_t reg = ipfw_ipmmu_imuctr(cin, utlb);
	uint32_t want = (ctx << IPFW_IPMMU_IMUCTR_TTSEL_SHIFT) | IPFW_IPMMU_IMUCTR_MMUEN;
	uint32_t mask = ipfw_ipmmu_ttsel_mask(cin->soc) | IPFW_IPMMU_IMUCTR_MMUEN;

	ipfw_mmio_write32(ipfw_ipmmu_imuasid(cin, utlb), 0);
	/* The whole register: ORing into a stale TTSEL would merge contexts. */
	ipfw_mmio_write32(reg, want | IPFW_IPMMU_IMUCTR_FLUSH);
	if ((ipfw_mmio_read32(reg) & mask) != want) {
		ipfw_mmio_write32(reg, 0);
		return IPFW_E_READBACK;
	}
	return IPFW_OK;
}

int ipfw_ipmmu_attach(struct ipfw_ipmmu *mmu, struct ipfw_ipmmu_domain *dom, unsigned int cache,
		      unsigned int utlb, struct ipfw_ipmmu_owner who,
		      struct ipfw_ipmmu_utlb_conflict *conflict)
{
	struct ipfw_ipmmu_inst_state *cst;
	bool first_on_cache;
	bool root_enabled = false;
	int ret;
	int err;

	if (!dom_ok(mmu, dom) || cache >= mmu->count || is_root(mmu, cache))
		return IPFW_E_INVAL;
	if (!behind(mmu, cache, dom->root))
		return IPFW_E_DOMAIN;
	if (mmu->state[dom->root].ctx_failed & (1u << dom->ctx))
		return IPFW_E_STATE;
	cst = &mmu->state[cache];
	ret = ipfw_ipmmu_utlb_get(&cst->utlb, utlb, dom->ctx, who, conflict);
	if (ret == IPFW_E_UTLB_CONFLICT && conflict)
		conflict->inst = cache;
	if (ret <= 0)
		return ret; /* an error, or a reference on a uTLB already set up */

	first_on_cache = !(cst->ctx_live & (1u << dom->ctx));
	if (first_on_cache) {
		err = enable_on_cache(mmu, dom, cache, &root_enabled);
		if (err) {
			(void)ipfw_ipmmu_utlb_put(&cst->utlb, utlb, dom->ctx);
			return ctx_failed(mmu, dom, err);
		}
	}
	err = enable_utlb(&mmu->inst[cache], utlb, dom->ctx);
	if (err) {
		(void)ipfw_ipmmu_utlb_put(&cst->utlb, utlb, dom->ctx);
		if (first_on_cache)
			disable_on_cache(mmu, dom, cache, root_enabled);
		return err;
	}
	return IPFW_OK;
}

int ipfw_ipmmu_detach(struct ipfw_ipmmu *mmu, struct ipfw_ipmmu_domain *dom, unsigned int cache,
		      unsigned int utlb)
{
	int ret;

	if (!dom_ok(mmu, dom) || cache >= mmu->count || is_root(mmu, cache))
		return IPFW_E_INVAL;
	if (!behind(mmu, cache, dom->root))
		return IPFW_E_DOMAIN;
	ret = ipfw_ipmmu_utlb_put(&mmu->state[cache].utlb, utlb, dom->ctx);
	if (ret < 0)
		return ret;
	if (ret == 1)
		ipfw_mmio_write32(ipfw_ipmmu_imuctr(&mmu->inst[cache], utlb), 0);
	return IPFW_OK;
}

int ipfw_ipmmu_flush(struct ipfw_ipmmu *mmu, const struct ipfw_ipmmu_domain *dom)
{
	uint32_t bit;
	uint32_t v;
	int err;

	if (!dom_ok(mmu, dom))
		return IPFW_E_INVAL;
	bit = 1u << dom->ctx;
	v = ipfw_mmio_read32(imctr(mmu, dom->root, dom->ctx)) | IPFW_IPMMU_IMCTR_FLUSH;
	for (unsigned int i = 0; i < mmu->count; i++) {
		if (behind(mmu, i, dom->root) && (mmu->state[i].ctx_live & bit))
			ipfw_mmio_write32(imctr(mmu, i, dom->ctx), v & IPFW_IPMMU_IMCTR_CACHE_MASK);
	}
	ipfw_mmio_write32(imctr(mmu, dom->root, dom->ctx), v);
	err = poll_flush(mmu, dom->root, dom->ctx);
	return err ? ctx_failed(mmu, dom, err) : IPFW_OK;
}

int ipfw_ipmmu_domain_destroy(struct ipfw_ipmmu *mmu, struct ipfw_ipmmu_domain *dom)
{
	struct ipfw_ipmmu_inst_state *rst;
	uint32_t bit;
	int err;

	if (!dom_ok(mmu, dom))
		return IPFW_E_INVAL;
	rst = &mmu->state[dom->root];
	bit = 1u << dom->ctx;
	disable_ctx_utlbs(mmu, dom, true);
	for (unsigned int i = 0; i < mmu->count; i++) {
		if (behind(mmu, i, dom->root) && (mmu->state[i].ctx_live & bit)) {
			ipfw_mmio_write32(imctr(mmu, i, dom->ctx), IPFW_IPMMU_IMCTR_FLUSH);
			mmu->state[i].ctx_live &= ~bit;
		}
	}
	ipfw_mmio_write32(imctr(mmu, dom->root, dom->ctx), IPFW_IPMMU_IMCTR_FLUSH);
	rst->ctx_live &= ~bit;
	err = poll_flush(mmu, dom->root, dom->ctx);
	if (err) {
		rst->ctx_failed |= bit; /* keep the bank until a retry completes */
		return err;
	}
	rst->ctx_failed &= ~bit;
	rst->ctx_s2 &= ~bit;
	dom->live = false;
	return ipfw_ipmmu_ctx_put(&rst->ctx, dom->ctx);
}
