/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal helpers of the ipmmu module (not installed). */
#ifndef IPMMU_SRC_IPMMU_PRIV_H
#define IPMMU_SRC_IPMMU_PRIV_H

#include <ipmmu/types.h>

#include <ipmmu/ipmmu.h>
#include <ipmmu/text.h>

/* Absolute addresses of one instance's registers. */
uintptr_t ipfw_ipmmu_ctx_reg(const struct ipfw_ipmmu_inst *in, unsigned int ctx, uint32_t reg);
uintptr_t ipfw_ipmmu_imuctr(const struct ipfw_ipmmu_inst *in, unsigned int utlb);
uintptr_t ipfw_ipmmu_imuasid(const struct ipfw_ipmmu_inst *in, unsigned int utlb);
uintptr_t ipfw_ipmmu_ctrl_reg(const struct ipfw_ipmmu_inst *in, uint32_t reg);

/* The SoCs' likely bus masters (dma_ip.c), as ipfw_iommu_plan_ops.dma_ip
 * and .dma_ip_name. */
int ipfw_ipmmu_dma_ip(const char *compat, int len, const char **unless_prop);
const char *ipfw_ipmmu_dma_ip_name(unsigned int kind);

#endif /* IPMMU_SRC_IPMMU_PRIV_H */
