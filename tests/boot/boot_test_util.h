/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared by the plan and boot-flow tests: load a fixture DTB built by CMake
 * (tests/boot/fixtures), find plan entries by path, count diagnostics. */
#ifndef IPFW_BOOT_TEST_UTIL_H
#define IPFW_BOOT_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>
#include <ipmmu/error.h>
#include <ipmmu/plan.h>
#include "dtb_file.h"

/* Fixture paths, as written in plan-masters.dtsi and plan-base.dtsi. */
#define P_DMA0 "/dma-controller@e6700000"
#define P_DMA1 "/dma-controller@e7300000"
#define P_USB_A "/usb-dma@e65a0000"
#define P_USB_B "/usb-dma@e65b0000"
#define P_USB_C "/usb-dma@e65c0000"
#define P_MMC0 "/mmc@ee100000"
#define P_MMC1 "/mmc@ee120000"
#define P_ETH "/ethernet@e6800000"
#define P_VIDEO "/video@e6ef0000"
#define P_FCP "/fcp@fe950000"
#define P_USB "/usb@ee000000"
#define P_MM "/iommu@e67b0000"
#define P_DS0 "/iommu@e6740000"
#define P_DS1 "/iommu@e7740000"
#define MM_BASE 0xE67B0000u
#define DS0_BASE 0xE6740000u
#define DS1_BASE 0xE7740000u
#define CPG_BASE 0xE6150000u

/* Load NAME.dtb (heap; the caller frees it). */
static inline void *bt_load(const char *name)
{
	return ipfw_test_load_dtb(IPFW_BOOT_DTB_DIR, name);
}

/* Plan index of master `path`; fails the test when it is not there. */
static inline size_t bt_master(const struct ipfw_plan *plan, const char *path)
{
	int m = ipfw_plan_find_master(plan, path);

	if (m < 0) {
		fprintf(stderr, "master %s not in the plan\n", path);
		abort();
	}
	return (size_t)m;
}

/* A plan node's path, in one of eight rotating buffers ("?" when none). */
static inline const char *bt_path(const struct ipfw_plan *plan, int32_t node)
{
	static char buf[8][512];
	static unsigned int next;
	char *b = buf[next++ % 8u];

	if (ipfw_plan_path(plan, node, b, sizeof(buf[0])) < 0 && !b[0])
		strcpy(b, "?");
	return b;
}

/* Where a diagnostic is: a policy path, or its node's path ("" when none). */
static inline const char *bt_dpath(const struct ipfw_plan *plan, const struct ipfw_plan_diag *d)
{
	return d->path ? d->path : d->node >= 0 ? bt_path(plan, d->node) : "";
}

static inline int bt_inst(const struct ipfw_plan *plan, const char *path)
{
	for (size_t i = 0; i < plan->ninst; i++) {
		if (!strcmp(bt_path(plan, plan->inst[i].node), path))
			return (int)i;
	}
	return -1;
}

static inline int bt_domain(const struct ipfw_plan *plan, const char *name)
{
	for (size_t d = 0; d < plan->ndomains; d++) {
		if (!strcmp(plan->domains[d].name, name))
			return (int)d;
	}
	return -1;
}

/* Diagnostics with this code (and path, when not NULL). */
static inline unsigned int bt_count_diags(const struct ipfw_plan *plan, int code,
					  const char *path)
{
	unsigned int n = 0;

	for (size_t i = 0; i < plan->ndiags; i++)
		n += plan->diags[i].code == code && (!path || !strcmp(bt_dpath(plan, &plan->diags[i]), path));
	return n;
}

/* The first diagnostic with this code and path, or NULL. */
static inline const struct ipfw_plan_diag *bt_diag(const struct ipfw_plan *plan, int code,
						   const char *path)
{
	for (size_t i = 0; i < plan->ndiags; i++) {
		if (plan->diags[i].code == code && !strcmp(bt_dpath(plan, &plan->diags[i]), path))
			return &plan->diags[i];
	}
	return NULL;
}

static inline unsigned int bt_count_level(const struct ipfw_plan *plan, enum ipfw_diag_level l)
{
	unsigned int n = 0;

	for (size_t i = 0; i < plan->ndiags; i++)
		n += plan->diags[i].level == l;
	return n;
}

#endif /* IPFW_BOOT_TEST_UTIL_H */
