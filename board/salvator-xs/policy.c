/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Salvator-XS policy (default deny, S1-32 tables):
 *   - SYS-DMAC0/1/2: identity over the DRAM below 4 GiB, one "sys-dmac"
 *     domain (the 32-bit IOVA of S1-32 clips /memory at 4 GiB).
 *   - EtherAVB: identity as well, in its own "avb" domain (its own context,
 *     so its faults are reported apart).
 *   - SDHI0/2/3 (SDHI1 is disabled on this board): each translates IOVA
 *     0 .. 64 MiB into its own buffer in the top 256 MiB of DRAM bank 3,
 *     above 4 GiB, which the SD hosts could not address directly.
 *   - PCIe 0/1 (all requester IDs, iommu-map mask 0): one "pcie" domain,
 *     IOVA 0 .. 1 GiB -> DRAM bank 1 (0x5_0000_0000).
 *   - Everything else is denied and stays in reset: audio DMACs, SATA,
 *     the FCPs, and xHCI, which is a DMA master with no IOMMU binding.
 * The windows are this board's choice: whatever runs next must use them.
 */
#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>
#include <ipmmu/lpae.h>

#include "policy.h"

/* Device DMA on Gen3 is not cache coherent: normal non-cacheable. */
#define DMA_ATTRS (IPFW_LPAE_RW | IPFW_LPAE_NC | IPFW_LPAE_XN)

static const struct ipfw_policy_map sdhi0_map[] = {
	{0x00000000u, 0x7F0000000ull, 0x04000000u, DMA_ATTRS, false},
};
static const struct ipfw_policy_map sdhi2_map[] = {
	{0x00000000u, 0x7F4000000ull, 0x04000000u, DMA_ATTRS, false},
};
static const struct ipfw_policy_map sdhi3_map[] = {
	{0x00000000u, 0x7F8000000ull, 0x04000000u, DMA_ATTRS, false},
};
static const struct ipfw_policy_map pcie_map[] = {
	{0x00000000u, 0x500000000ull, 0x40000000u, DMA_ATTRS, false},
};

static const struct ipfw_policy_rule rules[] = {
	{"/soc/dma-controller@e6700000", IPFW_ACT_IDENTITY, "sys-dmac", 0, 0, false},
	{"/soc/dma-controller@e7300000", IPFW_ACT_IDENTITY, "sys-dmac", 0, 0, false},
	{"/soc/dma-controller@e7310000", IPFW_ACT_IDENTITY, "sys-dmac", 0, 0, false},
	{"/soc/ethernet@e6800000", IPFW_ACT_IDENTITY, "avb", 0, 0, false},
	{"/soc/mmc@ee100000", IPFW_ACT_TRANSLATE, "sdhi0", sdhi0_map, 1, false},
	{"/soc/mmc@ee140000", IPFW_ACT_TRANSLATE, "sdhi2", sdhi2_map, 1, false},
	{"/soc/mmc@ee160000", IPFW_ACT_TRANSLATE, "sdhi3", sdhi3_map, 1, false},
	{"/soc/pcie@fe000000", IPFW_ACT_TRANSLATE, "pcie", pcie_map, 1, false},
	{"/soc/pcie@ee800000", IPFW_ACT_TRANSLATE, "pcie", pcie_map, 1, false},
	/* audio stays with the OS's audio stack */
	{"/soc/dma-controller@ec700000", IPFW_ACT_DENY, 0, 0, 0, false},
	{"/soc/dma-controller@ec720000", IPFW_ACT_DENY, 0, 0, 0, false},
};

static const char *const unbound[] = {"/soc/usb@ee000000"};

/* IPMMUs in switchable power areas (r8a77951.dtsi power-domains): off when
 * the RT core runs, and an access to an unpowered module may never
 * complete, so the flow must not touch them. Their masters stay held; the
 * OS brings them up with their power areas. */
static const char *const unpowered[] = {
	"/soc/iommu@ff8b0000", /* ipmmu_ir, A3IR */
	"/soc/iommu@fe6b0000", /* ipmmu_vc0, A3VC */
	"/soc/iommu@fe6f0000", /* ipmmu_vc1, A3VC */
	"/soc/iommu@fe990000", /* ipmmu_vp0, A3VP */
	"/soc/iommu@fe980000", /* ipmmu_vp1, A3VP */
};

static const struct ipfw_policy template = {
	.ipmmu = &ipfw_ipmmu_plan_ops,
	.rules = rules,
	.nrules = sizeof(rules) / sizeof(rules[0]),
	.unbound = unbound,
	.nunbound = sizeof(unbound) / sizeof(unbound[0]),
	.unpowered = unpowered,
	.nunpowered = sizeof(unpowered) / sizeof(unpowered[0]),
	.default_action = IPFW_ACT_DENY,
	.fmt = IPFW_IPMMU_FMT_S1_32,
	.identity_attrs = DMA_ATTRS,
	.pool_tables = SALVATOR_XS_POOL_TABLES,
};

void salvator_xs_policy(struct ipfw_policy *pol, uint32_t prr)
{
	*pol = template;
	pol->rev = (struct ipfw_soc_rev){.known = true, .prr = prr};
}

const struct rcar_board_known salvator_xs_known[] = {
	/* xHCI has no iommus: held (policy lists it as unbound) */
	{"/soc/usb@ee000000", IPFW_E_NOBINDING},
	/* FCPs behind ipmmu_vp0/vp1, left unpowered (A3VP) */
	{"/soc/fcp@fe950000", IPFW_E_UNPOWERED},
	{"/soc/fcp@fe951000", IPFW_E_UNPOWERED},
	{"/soc/fcp@fe96f000", IPFW_E_UNPOWERED},
	{"/soc/fcp@fe92f000", IPFW_E_UNPOWERED},
	{"/soc/fcp@fe9af000", IPFW_E_UNPOWERED},
	{"/soc/fcp@fe9bf000", IPFW_E_UNPOWERED},
};
const size_t salvator_xs_nknown = sizeof(salvator_xs_known) / sizeof(salvator_xs_known[0]);
