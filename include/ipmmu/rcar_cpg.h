/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * R-Car CPG/MSSR module clocks and resets: what releases a DMA master once
 * its IPMMU path is live.
 *
 * A master's `resets = <&cpg N>` and `clocks = <&cpg CPG_MOD N>` name module
 * N = register * 100 + bit (decimal), as in the renesas,cpg-mssr binding.
 * Clock on: clear the module's bit in the stop-control register, then wait
 * for the stop-status register to show it running. Reset: write the bit to
 * the reset register to assert, to the reset-clear register to deassert
 * (writing 0 bits has no effect on either, so no read-modify-write).
 */
#ifndef IPMMU_RCAR_CPG_H
#define IPMMU_RCAR_CPG_H

#include <ipmmu/types.h>

#include <ipmmu/mmio.h>

enum ipfw_cpg_layout {
	IPFW_CPG_GEN3, /* R-Car Gen3 and RZ/G2: 12 registers of each kind */
	IPFW_CPG_GEN4, /* R-Car Gen4: 32 registers of each kind */
};

struct ipfw_cpg {
	uintptr_t base;
	enum ipfw_cpg_layout layout;
	struct ipfw_poll_limit limit;   /* waiting for the clock to run */
	const struct ipfw_delay *delay; /* may be NULL */
};

/* Register offsets of module register `reg` (IPFW_E_RANGE past the last). */
struct ipfw_cpg_regs {
	uint32_t stop_ctl;   /* SMSTPCR (Gen3) / MSTPCR (Gen4) */
	uint32_t stop_stat;  /* MSTPSR */
	uint32_t reset;      /* SRCR */
	uint32_t reset_clr;  /* SRSTCLR */
};
int ipfw_cpg_regs(enum ipfw_cpg_layout layout, uint32_t reg, struct ipfw_cpg_regs *out);

/* Split module number N into (register, bit); IPFW_E_RANGE if either is
 * out of range for the layout. */
int ipfw_cpg_module(enum ipfw_cpg_layout layout, uint32_t n, uint32_t *reg, uint32_t *bit);

/* Ungate module N's clock and wait until it runs (IPFW_E_TIMEOUT if not). */
int ipfw_cpg_clock_on(const struct ipfw_cpg *cpg, uint32_t n);
/* Gate module N's clock (no wait). */
int ipfw_cpg_clock_off(const struct ipfw_cpg *cpg, uint32_t n);
/* Hold module N in reset. */
int ipfw_cpg_reset_assert(const struct ipfw_cpg *cpg, uint32_t n);
/* Release module N from reset. */
int ipfw_cpg_reset_deassert(const struct ipfw_cpg *cpg, uint32_t n);
/* 1 if module N is held in reset, 0 if not, or a negative error. */
int ipfw_cpg_reset_held(const struct ipfw_cpg *cpg, uint32_t n);

#endif /* IPMMU_RCAR_CPG_H */
