/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fault status: read, decode, clear, describe (docs/ipmmu-vmsa.md section 6).
 * The address must be read before IMSTR is cleared (it reads 0 after), and
 * IMSTR clears by writing 0, not 1s.
 */
#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>

#include "ipmmu_priv.h"

int ipfw_ipmmu_fault_read(struct ipfw_ipmmu *mmu, unsigned int root, unsigned int ctx,
			  struct ipfw_ipmmu_fault *f)
{
	const struct ipfw_ipmmu_inst *rin;
	uint32_t st;
	uint32_t lo;
	uint32_t hi;

	if (!mmu || !mmu->inst || !f || root >= mmu->count ||
	    mmu->inst[root].root != IPFW_IPMMU_IS_ROOT)
		return IPFW_E_INVAL;
	rin = &mmu->inst[root];
	if (ctx >= rin->soc->num_ctx)
		return IPFW_E_RANGE;
	st = ipfw_mmio_read32(ipfw_ipmmu_ctx_reg(rin, ctx, IPFW_IPMMU_IMSTR));
	if (!(st & IPFW_IPMMU_IMSTR_ERR_MASK))
		return 0;
	lo = ipfw_mmio_read32(ipfw_ipmmu_ctx_reg(rin, ctx, IPFW_IPMMU_IMELAR));
	hi = ipfw_mmio_read32(ipfw_ipmmu_ctx_reg(rin, ctx, IPFW_IPMMU_IMEUAR));
	ipfw_mmio_write32(ipfw_ipmmu_ctx_reg(rin, ctx, IPFW_IPMMU_IMSTR), 0);

	f->root = root;
	f->name = rin->name;
	f->ctx = ctx;
	f->imstr = st;
	f->kinds = st & IPFW_IPMMU_IMSTR_ERR_MASK;
	f->errcode = IPFW_IPMMU_IMSTR_ERRCODE(st);
	f->errlvl = IPFW_IPMMU_IMSTR_ERRLVL(st);
	f->addr = ((uint64_t)hi << 32) | lo;
	return 1;
}

int ipfw_ipmmu_fault_scan(struct ipfw_ipmmu *mmu, unsigned int root, struct ipfw_ipmmu_fault *f)
{
	const struct ipfw_ipmmu_inst_state *rst;

	if (!mmu || !mmu->inst || !mmu->state || !f || root >= mmu->count ||
	    mmu->inst[root].root != IPFW_IPMMU_IS_ROOT)
		return IPFW_E_INVAL;
	rst = &mmu->state[root];
	for (unsigned int c = 0; c < mmu->inst[root].soc->num_ctx; c++) {
		int ret;

		if (!((rst->ctx.used | rst->ctx_failed) & (1u << c)))
			continue;
		ret = ipfw_ipmmu_fault_read(mmu, root, c, f);
		if (ret)
			return ret;
	}
	return 0;
}

static const struct {
	uint32_t bit;
	const char *text;
} fault_kinds[] = {
	{IPFW_IPMMU_FAULT_TF, "translation fault"},
	{IPFW_IPMMU_FAULT_PF, "permission fault"},
	{IPFW_IPMMU_FAULT_ABORT, "page-walk abort"},
	{IPFW_IPMMU_FAULT_MHIT, "multiple TLB hit"},
};

int ipfw_ipmmu_fault_format(const struct ipfw_ipmmu_fault *f, char *buf, size_t len)
{
	struct ipfw_text t;
	bool any = false;

	if (!f || !buf || len == 0)
		return IPFW_E_INVAL;
	ipfw_text_init(&t, buf, len);
	ipfw_text_str(&t, f->name ? f->name : "ipmmu");
	ipfw_text_str(&t, " ctx ");
	ipfw_text_dec(&t, f->ctx);
	ipfw_text_str(&t, ": ");
	for (unsigned int i = 0; i < sizeof(fault_kinds) / sizeof(fault_kinds[0]); i++) {
		if (!(f->kinds & fault_kinds[i].bit))
			continue;
		if (any)
			ipfw_text_str(&t, "+");
		ipfw_text_str(&t, fault_kinds[i].text);
		any = true;
	}
	if (!any)
		ipfw_text_str(&t, "no fault");
	ipfw_text_str(&t, " at ");
	ipfw_text_hex(&t, f->addr, 16, true);
	ipfw_text_str(&t, " (IMSTR ");
	ipfw_text_hex(&t, f->imstr, 8, true);
	ipfw_text_str(&t, ")");
	return ipfw_text_end(&t);
}
