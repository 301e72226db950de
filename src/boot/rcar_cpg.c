/* SPDX-License-Identifier: BSD-3-Clause */
#include <ipmmu/error.h>
#include <ipmmu/rcar_cpg.h>

/* Gen3 register offsets from the CPG base, per register index 0..11
 * (design.md, "Releasing masters on R-Car"). They are not evenly spaced. */
static const uint16_t cpg_gen3_stop_ctl[12] = {
	0x130, 0x134, 0x138, 0x13C, 0x140, 0x144, 0x148, 0x14C, 0x990, 0x994, 0x998, 0x99C,
};
static const uint16_t cpg_gen3_stop_stat[12] = {
	0x030, 0x038, 0x040, 0x048, 0x04C, 0x03C, 0x1C0, 0x1C4, 0x9A0, 0x9A4, 0x9A8, 0x9AC,
};
static const uint16_t cpg_gen3_reset[12] = {
	0x0A0, 0x0A8, 0x0B0, 0x0B8, 0x0BC, 0x0C4, 0x1C8, 0x1CC, 0x920, 0x924, 0x928, 0x92C,
};
#define CPG_GEN3_RESET_CLR(n) (0x940u + 4u * (n))
#define CPG_GEN4_NREGS 32u
#define CPG_GEN4_STOP_CTL(n) (0x2D00u + 4u * (n))
#define CPG_GEN4_STOP_STAT(n) (0x2E00u + 4u * (n))
#define CPG_GEN4_RESET(n) (0x2C00u + 4u * (n))
#define CPG_GEN4_RESET_CLR(n) (0x2C80u + 4u * (n))

int ipfw_cpg_regs(enum ipfw_cpg_layout layout, uint32_t reg, struct ipfw_cpg_regs *out)
{
	if (!out)
		return IPFW_E_INVAL;
	switch (layout) {
	case IPFW_CPG_GEN3:
		if (reg >= sizeof(cpg_gen3_reset) / sizeof(cpg_gen3_reset[0]))
			return IPFW_E_RANGE;
		out->stop_ctl = cpg_gen3_stop_ctl[reg];
		out->stop_stat = cpg_gen3_stop_stat[reg];
		out->reset = cpg_gen3_reset[reg];
		out->reset_clr = CPG_GEN3_RESET_CLR(reg);
		return IPFW_OK;
	case IPFW_CPG_GEN4:
		if (reg >= CPG_GEN4_NREGS)
			return IPFW_E_RANGE;
		out->stop_ctl = CPG_GEN4_STOP_CTL(reg);
		out->stop_stat = CPG_GEN4_STOP_STAT(reg);
		out->reset = CPG_GEN4_RESET(reg);
		out->reset_clr = CPG_GEN4_RESET_CLR(reg);
		return IPFW_OK;
	default:
		return IPFW_E_INVAL;
	}
}

int ipfw_cpg_module(enum ipfw_cpg_layout layout, uint32_t n, uint32_t *reg, uint32_t *bit)
{
	struct ipfw_cpg_regs regs;
	int err;

	if (!reg || !bit)
		return IPFW_E_INVAL;
	/* N = register * 100 + bit: bits 32..99 name nothing. */
	if (n % 100u > 31u)
		return IPFW_E_RANGE;
	err = ipfw_cpg_regs(layout, n / 100u, &regs);
	if (err)
		return err;
	*reg = n / 100u;
	*bit = n % 100u;
	return IPFW_OK;
}

/* Resolve module N into its registers and bit mask. */
static int cpg_lookup(const struct ipfw_cpg *cpg, uint32_t n, struct ipfw_cpg_regs *regs,
		      uint32_t *mask)
{
	uint32_t reg;
	uint32_t bit;
	int err;

	if (!cpg)
		return IPFW_E_INVAL;
	err = ipfw_cpg_module(cpg->layout, n, &reg, &bit);
	if (err)
		return err;
	err = ipfw_cpg_regs(cpg->layout, reg, regs);
	if (err)
		return err;
	*mask = 1u << bit;
	return IPFW_OK;
}

int ipfw_cpg_clock_on(const struct ipfw_cpg *cpg, uint32_t n)
{
	struct ipfw_cpg_regs r;
	uint32_t mask;
	int err = cpg_lookup(cpg, n, &r, &mask);

	if (err)
		return err;
	ipfw_mmio_clrset32(cpg->base + r.stop_ctl, mask, 0);
	/* The stop-status bit lags the control bit: wait for it. */
	return ipfw_mmio_poll32(cpg->base + r.stop_stat, mask, 0, &cpg->limit, cpg->delay, 0);
}

int ipfw_cpg_clock_off(const struct ipfw_cpg *cpg, uint32_t n)
{
	struct ipfw_cpg_regs r;
	uint32_t mask;
	int err = cpg_lookup(cpg, n, &r, &mask);

	if (err)
		return err;
	ipfw_mmio_clrset32(cpg->base + r.stop_ctl, 0, mask);
	return IPFW_OK;
}

int ipfw_cpg_reset_assert(const struct ipfw_cpg *cpg, uint32_t n)
{
	struct ipfw_cpg_regs r;
	uint32_t mask;
	int err = cpg_lookup(cpg, n, &r, &mask);

	if (err)
		return err;
	ipfw_mmio_write32(cpg->base + r.reset, mask);
	return IPFW_OK;
}

int ipfw_cpg_reset_deassert(const struct ipfw_cpg *cpg, uint32_t n)
{
	struct ipfw_cpg_regs r;
	uint32_t mask;
	int err = cpg_lookup(cpg, n, &r, &mask);

	if (err)
		return err;
	ipfw_mmio_write32(cpg->base + r.reset_clr, mask);
	return IPFW_OK;
}

int ipfw_cpg_reset_held(const struct ipfw_cpg *cpg, uint32_t n)
{
	struct ipfw_cpg_regs r;
	uint32_t mask;
	int err = cpg_lookup(cpg, n, &r, &mask);

	if (err)
		return err;
	return (ipfw_mmio_read32(cpg->base + r.reset) & mask) ? 1 : 0;
}
