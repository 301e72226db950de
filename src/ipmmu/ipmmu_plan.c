/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The IPMMU's plan-time operations (ipmmu/iommu.h): an IPMMU node described
 * from the SoC table (its uTLBs, its root's context banks, the Linux
 * denylist for the board's revision, the SoC's always-on power area), and
 * the SoC's likely bus masters (dma_ip.c). The plan reaches them only
 * through policy.ipmmu.
 */
#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>
#include <ipmmu/soc.h>

#include "ipmmu_priv.h"

/* The SoC's name is for messages only: a build without texts keeps none. */
#if IPFW_CFG_DIAG_TEXT
#define IPFW_SOC_NAME(soc) ((soc)->name)
#else
#define IPFW_SOC_NAME(soc) ((const char *)0)
#endif

static int ipmmu_describe(const char *compat, size_t len, const struct ipfw_soc_rev *rev,
			  struct ipfw_iommu_desc *out)
{
	const struct ipfw_soc *soc = ipfw_soc_by_compatible_list(compat, len);

	if (!soc)
		return IPFW_E_NOSOC;
	*out = (struct ipfw_iommu_desc){
		.hw = soc, .name = IPFW_SOC_NAME(soc), .endpoints = soc->num_utlbs,
		.slots = soc->num_ctx,
		.reserved_slots = soc->reserved_ctx,
		.formats = (1u << IPFW_LPAE_S1_32) | (1u << IPFW_LPAE_S2_40),
		/* the SYSC's always-on area (dt-bindings/power/r8a77*-sysc.h:
		 * 32 on every Gen3 and RZ/G2 SoC; r8a779*-sysc.h: 64 on Gen4) */
		.always_on_area = soc->gen >= 4 ? 64 : 32,
		.verdict = (uint8_t)ipfw_soc_verdict(soc, rev),
	};
	return IPFW_OK;
}

const struct ipfw_iommu_plan_ops ipfw_ipmmu_plan_ops = {
	.describe = ipmmu_describe,
	.dma_ip = ipfw_ipmmu_dma_ip,
	/* the kinds' words are text: a build without texts (ipmmu/config.h)
	 * links none of them, and the plan says "?" */
#if IPFW_CFG_DIAG_TEXT
	.dma_ip_name = ipfw_ipmmu_dma_ip_name,
#endif
};
