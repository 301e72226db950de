/* SPDX-License-Identifier: BSD-3-Clause */
/* The IPMMU behind the boot flow's driver interface (ipmmu/iommu.h). */
#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>

/* Contexts a root keeps for other firmware: the flow's reserved bits that
 * exist on the SoC (at most IPFW_IPMMU_CTX_MAX, 16, so the shift is
 * defined). ipfw_ipmmu_init reads reserved_ctx of roots only: a cache's
 * value is never used. */
static uint32_t root_reserved(const struct ipfw_iommu_inst *in, const struct ipfw_soc *soc)
{
	return in->reserved & ((1u << soc->num_ctx) - 1u);
}

/* Arguments are the flow's: a state it registered, instance and domain
 * numbers below IPFW_IOMMU_MAX_INST and IPFW_IOMMU_MAX_DOMAINS, endpoints
 * of instances it brought up (ipmmu/iommu.h). */

static int flow_init(void *st, const struct ipfw_iommu_inst *inst, size_t n,
		     const struct ipfw_delay *delay)
{
	struct ipfw_ipmmu_flow *f = st;
	unsigned int count = 0;
	int err;

	f->mmu.count = 0;
	for (size_t i = 0; i < IPFW_IOMMU_MAX_INST; i++)
		f->index[i] = -1;
	/* Roots first keeps the root index of every cache valid in the
	 * compacted array; an instance the plan does not use is never touched. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			const struct ipfw_iommu_inst *in = &inst[i];
			bool root = in->home == IPFW_IOMMU_HOME_SELF;

			if (!in->used || in->kind != IPFW_IOMMU_IPMMU || root != (pass == 0))
				continue;
			/* a cache whose root is not brought up would pass for a root */
			if (!root && f->index[in->home] < 0)
				return IPFW_E_NOROOT;
			f->inst[count] = (struct ipfw_ipmmu_inst){
				.name = in->name, .base = (uintptr_t)in->base, .soc = in->hw,
				.root = root ? IPFW_IPMMU_IS_ROOT : f->index[in->home],
				.reserved_ctx = root_reserved(in, in->hw),
			};
			f->index[i] = (int16_t)count++;
		}
	}
	if (!count)
		return IPFW_OK;
	err = ipfw_ipmmu_init(&f->mmu, f->inst, f->state, count, 0, delay);
	return err ? err : ipfw_ipmmu_hw_reset(&f->mmu);
}

static int flow_domain_create(void *st, unsigned int d, unsigned int home, int slot,
			      enum ipfw_lpae_format fmt, const struct ipfw_lpae_regs *regs)
{
	struct ipfw_ipmmu_flow *f = st;
	struct ipfw_ipmmu_ctx_cfg cfg;

	/* an index of -1 (not brought up) is refused there (IPFW_E_INVAL) */
	cfg.fmt = fmt;
	cfg.ttbr = regs->ttbr;
	cfg.mair = (uint32_t)regs->mair; /* attribute 3 left 0: docs/ipmmu-vmsa.md section 11 */
	return ipfw_ipmmu_domain_create(&f->mmu, (unsigned int)f->index[home], slot, &cfg,
					&f->dom[d]);
}

static int flow_domain_destroy(void *st, unsigned int d)
{
	struct ipfw_ipmmu_flow *f = st;

	return ipfw_ipmmu_domain_destroy(&f->mmu, &f->dom[d]);
}

/* An index of -1 (instance not brought up) becomes one ipfw_ipmmu_attach
 * and _detach refuse (IPFW_E_INVAL). */
static int flow_attach(void *st, unsigned int d, struct ipfw_iommu_endpoint ep, int owner)
{
	struct ipfw_ipmmu_flow *f = st;

	return ipfw_ipmmu_attach(&f->mmu, &f->dom[d], (unsigned int)f->index[ep.inst], ep.id,
				 (struct ipfw_ipmmu_owner){NULL, owner}, NULL);
}

static int flow_detach(void *st, unsigned int d, struct ipfw_iommu_endpoint ep, int owner)
{
	struct ipfw_ipmmu_flow *f = st;

	(void)owner;
	return ipfw_ipmmu_detach(&f->mmu, &f->dom[d], (unsigned int)f->index[ep.inst], ep.id);
}

/* Root context enabled, no flush pending; read from the hardware now. */
static int flow_domain_live(void *st, unsigned int d)
{
	const struct ipfw_ipmmu_flow *f = st;
	const struct ipfw_ipmmu_domain *dom = &f->dom[d];
	const struct ipfw_ipmmu_inst *root = &f->inst[dom->root];
	uint32_t imctr;

	if (!dom->live)
		return IPFW_E_NOTREADY;
	imctr = ipfw_mmio_read32(root->base + ipfw_ipmmu_ctx_off(root->soc, dom->ctx) +
				 IPFW_IPMMU_IMCTR);
	return (imctr & (IPFW_IPMMU_IMCTR_MMUEN | IPFW_IPMMU_IMCTR_FLUSH)) == IPFW_IPMMU_IMCTR_MMUEN
		       ? IPFW_OK
		       : IPFW_E_NOTREADY;
}

/* The uTLB enabled and selecting the domain's context. */
static int flow_is_live(void *st, unsigned int d, struct ipfw_iommu_endpoint ep, int owner)
{
	const struct ipfw_ipmmu_flow *f = st;
	const struct ipfw_ipmmu_inst *cache;
	uint32_t v, want;

	(void)owner;
	cache = &f->inst[f->index[ep.inst]];
	v = ipfw_mmio_read32(cache->base + ipfw_ipmmu_imuctr_off(cache->soc, ep.id));
	want = ((uint32_t)f->dom[d].ctx << IPFW_IPMMU_IMUCTR_TTSEL_SHIFT) | IPFW_IPMMU_IMUCTR_MMUEN;
	return (v & (ipfw_ipmmu_ttsel_mask(cache->soc) | IPFW_IPMMU_IMUCTR_MMUEN)) == want
		       ? IPFW_OK
		       : IPFW_E_NOTREADY;
}

/* A uTLB that is off passes its master through: nothing to write. */
static int flow_bypass(void *st, unsigned int d, struct ipfw_iommu_endpoint ep, int owner)
{
	(void)st;
	(void)d;
	(void)ep;
	(void)owner;
	return IPFW_OK;
}

const struct ipfw_iommu_ops ipfw_ipmmu_iommu_ops = {
	/* the IPMMU walks as a secure master: NS and NSTable at every level */
	.s1_table_flags = IPFW_LPAE_F_NS,
	.init = flow_init,
	.domain_create = flow_domain_create,
	.domain_destroy = flow_domain_destroy,
	.domain_live = flow_domain_live,
	.attach = flow_attach,
	.detach = flow_detach,
	.is_live = flow_is_live,
	.bypass = flow_bypass,
};
