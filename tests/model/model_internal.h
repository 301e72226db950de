/* SPDX-License-Identifier: BSD-3-Clause */
/* Register decode shared by the model's accessors and its tracer. */
#ifndef IPFW_TESTS_MODEL_INTERNAL_H
#define IPFW_TESTS_MODEL_INTERNAL_H

#include "ipmmu_model.h"

enum model_reg {
	MREG_NONE,
	/* context registers, idx = context */
	MREG_IMCTR,
	MREG_IMTTBCR,
	MREG_IMBUSCR,
	MREG_IMTTLBR0,
	MREG_IMTTUBR0,
	MREG_IMTTLBR1,
	MREG_IMTTUBR1,
	MREG_IMSTR,
	MREG_IMMAIR0,
	MREG_IMMAIR1,
	MREG_IMELAR,
	MREG_IMEUAR,
	/* uTLB registers, idx = uTLB */
	MREG_IMUCTR,
	MREG_IMUASID,
	/* IPMMU-wide */
	MREG_IMSCTLR,
	MREG_IMSAUXCTLR,
};

struct model_decoded {
	enum model_reg reg;
	unsigned int idx;
};

/* Which register sits at off inside an instance window (layout only:
 * the same on roots and caches). */
void model_decode(const struct ipfw_model_config *cfg, uint32_t off, struct model_decoded *d);
/* Offset of context c's register block (docs/ipmmu-vmsa.md 2.3). */
uint32_t model_ctx_base(const struct ipfw_model_config *cfg, unsigned int c);
/* Offset of IMUCTR(n) (pitfall 1: n >= 32 in a separate window). */
uint32_t model_imuctr_off(const struct ipfw_model_config *cfg, unsigned int n);
const char *model_reg_name(enum model_reg reg);
bool model_reg_is_ctx(enum model_reg reg);
bool model_reg_is_utlb(enum model_reg reg);
void model_tlb_invalidate(struct ipfw_model_instance *in, unsigned int ctx);

#endif /* IPFW_TESTS_MODEL_INTERNAL_H */
