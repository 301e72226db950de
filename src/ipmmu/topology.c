/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Root/cache topology check and the hardware reset that follows probe
 * (docs/ipmmu-vmsa.md sections 1, 5 and 7).
 */
#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>

#include "ipmmu_priv.h"

static int topo_check_one(const struct ipfw_ipmmu_inst *inst, unsigned int count, unsigned int i)
{
	const struct ipfw_ipmmu_inst *in = &inst[i];

	if (!in->soc)
		return IPFW_E_NOSOC;
	if (in->base == 0 || (in->base & (in->soc->reg_size - 1u)))
		return IPFW_E_INVAL;
	for (unsigned int j = 0; j < i; j++) {
		if (inst[j].base == in->base)
			return IPFW_E_INVAL;
	}
	if (in->root == IPFW_IPMMU_IS_ROOT) {
		uint32_t all = (1u << in->soc->num_ctx) - 1u;

		return (in->reserved_ctx & ~all) ? IPFW_E_INVAL : IPFW_OK;
	}
	if (in->root < 0 || (unsigned int)in->root >= count ||
	    inst[in->root].root != IPFW_IPMMU_IS_ROOT)
		return IPFW_E_NOROOT;
	if (inst[in->root].soc != in->soc)
		return IPFW_E_DOMAIN;
	return IPFW_OK;
}

int ipfw_ipmmu_init(struct ipfw_ipmmu *mmu, const struct ipfw_ipmmu_inst *inst,
		    struct ipfw_ipmmu_inst_state *state, unsigned int count,
		    const struct ipfw_poll_limit *poll, const struct ipfw_delay *delay)
{
	int err;

	if (!mmu || !inst || !state || count == 0)
		return IPFW_E_INVAL;
	for (unsigned int i = 0; i < count; i++) {
		err = topo_check_one(inst, count, i);
		if (err)
			return err;
	}
	for (unsigned int i = 0; i < count; i++) {
		struct ipfw_ipmmu_inst_state *st = &state[i];

		st->ctx_live = 0;
		st->ctx_failed = 0;
		st->ctx_s2 = 0;
		err = ipfw_ipmmu_ctx_alloc_init(&st->ctx, inst[i].soc,
						inst[i].root == IPFW_IPMMU_IS_ROOT ? inst[i].reserved_ctx
										   : 0);
		if (!err)
			err = ipfw_ipmmu_utlb_alloc_init(&st->utlb, inst[i].soc);
		if (err)
			return err;
	}
	mmu->inst = inst;
	mmu->state = state;
	mmu->count = count;
	mmu->poll = poll ? *poll : IPFW_IPMMU_POLL_DEFAULT;
	mmu->delay = delay ? *delay : (struct ipfw_delay){.udelay = 0, .ctx = 0};
	return IPFW_OK;
}

/*
 * IMSCTLR.USE_SECGRP has an undefined reset value and translation fails
 * while it is set (section 9, pitfall 4): clear it on every IPMMU.
 */
static int clear_use_secgrp(const struct ipfw_ipmmu_inst *in)
{
	uintptr_t reg = ipfw_ipmmu_ctrl_reg(in, IPFW_IPMMU_IMSCTLR);
	uint32_t v = ipfw_mmio_read32(reg);

	ipfw_mmio_write32(reg, v & ~IPFW_IPMMU_IMSCTLR_USE_SECGRP);
	if (ipfw_mmio_read32(reg) & IPFW_IPMMU_IMSCTLR_USE_SECGRP)
		return IPFW_E_READBACK;
	return IPFW_OK;
}

int ipfw_ipmmu_hw_reset(struct ipfw_ipmmu *mmu)
{
	if (!mmu || !mmu->inst || !mmu->state)
		return IPFW_E_INVAL;
	/* Resetting under live domains would pull contexts from their masters. */
	for (unsigned int i = 0; i < mmu->count; i++) {
		if (mmu->state[i].ctx.used || mmu->state[i].ctx_live)
			return IPFW_E_STATE;
	}
	for (unsigned int i = 0; i < mmu->count; i++) {
		const struct ipfw_ipmmu_inst *in = &mmu->inst[i];
		const struct ipfw_ipmmu_inst_state *st = &mmu->state[i];
		int err = clear_use_secgrp(in);

		if (err)
			return err;
		if (in->root != IPFW_IPMMU_IS_ROOT)
			continue;
		/* Linux resets every context; reserved ones may be in use by others. */
		for (unsigned int c = 0; c < in->soc->num_ctx; c++) {
			if (!(st->ctx.reserved & (1u << c)))
				ipfw_mmio_write32(ipfw_ipmmu_ctx_reg(in, c, IPFW_IPMMU_IMCTR), 0);
		}
	}
	return IPFW_OK;
}
