/* SPDX-License-Identifier: BSD-3-Clause */
/* Register address arithmetic (docs/ipmmu-vmsa.md section 2.3) and names. */
#include <ipmmu/error.h>
#include <ipmmu/ipmmu_regs.h>

#include "ipmmu_priv.h"

/* uTLBs 32-63 sit in a window of their own (section 9, pitfall 1). */
#define UTLB_LO_BASE 0x300u
#define UTLB_HI_BASE 0x600u
#define UTLB_STRIDE 0x10u
#define UTLB_IMUASID 0x8u
#define CTX_BLOCK 0x40u

uint32_t ipfw_ipmmu_ctx_off(const struct ipfw_soc *soc, unsigned int ctx)
{
	uint32_t off = soc->ctx_base + ctx * soc->ctx_stride;

	if (ctx > 7)
		off += soc->ctx_jump;
	return off;
}

uint32_t ipfw_ipmmu_imuctr_off(const struct ipfw_soc *soc, unsigned int utlb)
{
	if (utlb < 32)
		return soc->utlb_base + UTLB_LO_BASE + UTLB_STRIDE * utlb;
	return soc->utlb_base + UTLB_HI_BASE + UTLB_STRIDE * (utlb - 32);
}

uint32_t ipfw_ipmmu_imuasid_off(const struct ipfw_soc *soc, unsigned int utlb)
{
	return ipfw_ipmmu_imuctr_off(soc, utlb) + UTLB_IMUASID;
}

uint32_t ipfw_ipmmu_ctrl_off(const struct ipfw_soc *soc, uint32_t reg)
{
	return soc->ctrl_base + reg;
}

uint32_t ipfw_ipmmu_ttsel_mask(const struct ipfw_soc *soc)
{
	return ((1u << soc->ttsel_bits) - 1u) << IPFW_IPMMU_IMUCTR_TTSEL_SHIFT;
}

uintptr_t ipfw_ipmmu_ctx_reg(const struct ipfw_ipmmu_inst *in, unsigned int ctx, uint32_t reg)
{
	return in->base + ipfw_ipmmu_ctx_off(in->soc, ctx) + reg;
}

uintptr_t ipfw_ipmmu_imuctr(const struct ipfw_ipmmu_inst *in, unsigned int utlb)
{
	return in->base + ipfw_ipmmu_imuctr_off(in->soc, utlb);
}

uintptr_t ipfw_ipmmu_imuasid(const struct ipfw_ipmmu_inst *in, unsigned int utlb)
{
	return in->base + ipfw_ipmmu_imuasid_off(in->soc, utlb);
}

uintptr_t ipfw_ipmmu_ctrl_reg(const struct ipfw_ipmmu_inst *in, uint32_t reg)
{
	return in->base + ipfw_ipmmu_ctrl_off(in->soc, reg);
}

struct regname {
	uint32_t off;
	const char *name;
};

/* Context block registers (section 2.1); IMCAAR/IMBUSCR are Gen2's. */
static const struct regname ctx_regs[] = {
	{0x00, "IMCTR"},    {0x04, "IMCAAR"},   {0x08, "IMTTBCR"},  {0x0C, "IMBUSCR"},
	{0x10, "IMTTLBR0"}, {0x14, "IMTTUBR0"}, {0x18, "IMTTLBR1"}, {0x1C, "IMTTUBR1"},
	{0x20, "IMSTR"},    {0x28, "IMMAIR0"},  {0x2C, "IMMAIR1"},  {0x30, "IMELAR"},
	{0x34, "IMEUAR"},
};

static const struct regname ctrl_regs[] = {
	{IPFW_IPMMU_IMSCTLR, "IMSCTLR"},
	{IPFW_IPMMU_IMSAUXCTLR, "IMSAUXCTLR"},
	{IPFW_IPMMU_IMSSTR, "IMSSTR"},
};

static int regname_indexed(struct ipfw_text *t, const char *name, unsigned int idx)
{
	ipfw_text_str(t, name);
	ipfw_text_str(t, "(");
	ipfw_text_dec(t, idx);
	ipfw_text_str(t, ")");
	return ipfw_text_end(t);
}

int ipfw_ipmmu_regname(const struct ipfw_soc *soc, uint32_t off, char *buf, size_t len)
{
	struct ipfw_text t;

	if (!soc || !buf || len == 0)
		return IPFW_E_INVAL;
	ipfw_text_init(&t, buf, len);

	for (unsigned int i = 0; i < sizeof(ctrl_regs) / sizeof(ctrl_regs[0]); i++) {
		if (off == ipfw_ipmmu_ctrl_off(soc, ctrl_regs[i].off)) {
			ipfw_text_str(&t, ctrl_regs[i].name);
			return ipfw_text_end(&t);
		}
	}
	for (unsigned int n = 0; n < soc->num_utlbs; n++) {
		if (off == ipfw_ipmmu_imuctr_off(soc, n))
			return regname_indexed(&t, "IMUCTR", n);
		if (off == ipfw_ipmmu_imuasid_off(soc, n))
			return regname_indexed(&t, "IMUASID", n);
	}
	for (unsigned int c = 0; c < soc->num_ctx; c++) {
		uint32_t base = ipfw_ipmmu_ctx_off(soc, c);

		if (off < base || off - base >= CTX_BLOCK)
			continue;
		for (unsigned int i = 0; i < sizeof(ctx_regs) / sizeof(ctx_regs[0]); i++) {
			if (off - base == ctx_regs[i].off)
				return regname_indexed(&t, ctx_regs[i].name, c);
		}
	}
	ipfw_text_str(&t, "?");
	(void)ipfw_text_end(&t);
	return IPFW_E_RANGE;
}
