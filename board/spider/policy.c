/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Spider policy (default deny, S1-32 tables):
 *   - SYS-DMAC0/1: identity over the DRAM below 4 GiB, one "sys-dmac"
 *     domain (the 32-bit IOVA of S1-32 clips /memory at 4 GiB).
 *   - mmc0: IOVA 0 .. 64 MiB into its own buffer at the top of the DRAM
 *     bank above 4 GiB (0x4_FC00_0000).
 *   - Everything else is denied. S4 is on no IPMMU denylist, so the
 *     policy needs no SoC revision.
 * The windows are this board's choice: whatever runs next must use them.
 */
#include <ipmmu/ipmmu.h>
#include <ipmmu/lpae.h>

#include "policy.h"

/* Device DMA on Gen4 is not cache coherent: normal non-cacheable. */
#define DMA_ATTRS (IPFW_LPAE_RW | IPFW_LPAE_NC | IPFW_LPAE_XN)

static const struct ipfw_policy_map mmc0_map[] = {
	{0x00000000u, 0x4FC000000ull, 0x04000000u, DMA_ATTRS, false},
};

static const struct ipfw_policy_rule rules[] = {
	{"/soc/dma-controller@e7350000", IPFW_ACT_IDENTITY, "sys-dmac", 0, 0, false},
	{"/soc/dma-controller@e7351000", IPFW_ACT_IDENTITY, "sys-dmac", 0, 0, false},
	{"/soc/mmc@ee140000", IPFW_ACT_TRANSLATE, "mmc0", mmc0_map, 1, false},
};

const struct ipfw_policy spider_policy = {
	.ipmmu = &ipfw_ipmmu_plan_ops,
	.rules = rules,
	.nrules = sizeof(rules) / sizeof(rules[0]),
	.default_action = IPFW_ACT_DENY,
	.fmt = IPFW_IPMMU_FMT_S1_32,
	.identity_attrs = DMA_ATTRS,
	.pool_tables = SPIDER_POOL_TABLES,
};

/* cppcheck and C11 want at least one element: a never-matching one. */
const struct rcar_board_known spider_known[] = {{"", 0}};
const size_t spider_nknown = 0;
