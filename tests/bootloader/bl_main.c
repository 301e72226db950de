/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A bootloader's call into the library, built from source through
 * ipmmu-fw.mk under a bootloader's flags (tests/bootloader/Makefile):
 * every public header in one translation unit, the whole flow called,
 * linked -nostdlib against only what a bootloader has. Never run: it
 * exists to be compiled and linked.
 */
#include <ipmmu/boot.h>
#include <ipmmu/boot_rcar.h>
#include <ipmmu/dt.h>
#include <ipmmu/error.h>
#include <ipmmu/handoff.h>
#include <ipmmu/ipmmu.h>
#include <ipmmu/ipmmu_regs.h>
#include <ipmmu/lpae.h>
#include <ipmmu/mmio.h>
#include <ipmmu/plan.h>
#include <ipmmu/rcar_cpg.h>
#include <ipmmu/soc.h>
#include <ipmmu/text.h>
#include <ipmmu/types.h>
#include <ipmmu/version.h>

void bl_entry(const void *fdt);

static uint64_t bl_tables[16][512] __attribute__((aligned(8192)));
static struct ipfw_plan bl_plan;
static struct ipfw_boot bl_boot;
static struct ipfw_ipmmu_flow bl_ipmmu;

static int bl_release(void *ctx, const struct ipfw_plan_master *m)
{
	(void)ctx;
	(void)m;
	return 0;
}

static void bl_print(void *ctx, const char *line)
{
	(void)ctx;
	(void)line;
}

void bl_entry(const void *fdt)
{
	static const struct ipfw_policy pol = {
		.ipmmu = &ipfw_ipmmu_plan_ops,
		.default_action = IPFW_ACT_IDENTITY,
		.identity_attrs = IPFW_LPAE_RW | IPFW_LPAE_WB,
		.pool_tables = 16,
	};
	struct ipfw_boot_hooks hooks = {
		.release = bl_release,
		.print = bl_print,
		.report = IPFW_BOOT_REPORT, /* NULL where ipmmu-fw.mk has IPFW_WITH_REPORT=n */
#ifndef BL_NO_REPORT
		.handoff = ipfw_boot_handoff, /* linked; used when handoff_fdt is set */
#endif
		.drivers[IPFW_IOMMU_IPMMU] = IPFW_IPMMU_DRIVER(&bl_ipmmu),
	};
	struct ipfw_boot_pool pool = {bl_tables, (uintptr_t)bl_tables, 16};

	(void)ipfw_boot_run(fdt, &pol, &hooks, &pool, &bl_plan, &bl_boot);
}
