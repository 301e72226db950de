/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The optional steps of ipfw_boot_run() are reached only through the
 * hooks (hooks->report, hooks->handoff), so that a board without them
 * links no text or DTB-writing code; and a handoff blob without a handoff
 * hook is refused before anything happens, never skipped in silence.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <libfdt.h>

#include <ipmmu/boot.h>
#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>

#include "fdt_build.h"

static unsigned char blob[1024];
static unsigned int lines, holds;
static uint64_t tables[4][512] __attribute__((aligned(8192)));
static struct ipfw_plan plan;
static struct ipfw_boot boot;
static struct ipfw_ipmmu_flow ipmmu_state;

/* A tree with DRAM and no IOMMU: the flow has nothing to program. */
static void make_blob(void)
{
	assert_int_equal(fdtb_begin(blob, sizeof(blob)), 0);
	assert_int_equal(fdtb_end(blob), 0);
}

static void count_line(void *ctx, const char *line)
{
	(void)ctx;
	(void)line;
	lines++;
}

static int count_hold(void *ctx, const struct ipfw_plan_master *m)
{
	(void)ctx;
	(void)m;
	holds++;
	return 0;
}

static int never_release(void *ctx, const struct ipfw_plan_master *m)
{
	(void)ctx;
	(void)m;
	fail_msg("no master to release in this tree");
	return IPFW_E_INVAL;
}

static const struct ipfw_policy pol = {
	.ipmmu = &ipfw_ipmmu_plan_ops,
	.default_action = IPFW_ACT_IDENTITY,
	.identity_attrs = IPFW_LPAE_RW | IPFW_LPAE_WB,
	.pool_tables = 4,
};
static const struct ipfw_boot_pool pool = {tables, 0x7F000000u, 4};

static int setup(void **state)
{
	(void)state;
	make_blob();
	lines = 0;
	holds = 0;
	return 0;
}

static void run_without_report_hook_prints_nothing(void **state)
{
	struct ipfw_boot_hooks hooks = {.hold = count_hold, .release = never_release,
					.print = count_line,
		.drivers[IPFW_IOMMU_IPMMU] = IPFW_IPMMU_DRIVER(&ipmmu_state),
	};

	(void)state;
	assert_int_equal(ipfw_boot_run(blob, &pol, &hooks, &pool, &plan, &boot), IPFW_OK);
	assert_int_equal(lines, 0);
}

static void run_with_report_hook_prints_the_report(void **state)
{
	struct ipfw_boot_hooks hooks = {.hold = count_hold, .release = never_release,
					.print = count_line, .report = ipfw_boot_report,
		.drivers[IPFW_IOMMU_IPMMU] = IPFW_IPMMU_DRIVER(&ipmmu_state),
	};

	(void)state;
	assert_int_equal(ipfw_boot_run(blob, &pol, &hooks, &pool, &plan, &boot), IPFW_OK);
	assert_true(lines > 0);
}

static void handoff_blob_without_handoff_hook_is_refused_before_anything(void **state)
{
	static unsigned char out[2048];
	struct ipfw_boot_hooks hooks = {.hold = count_hold, .release = never_release,
					.print = count_line, .report = ipfw_boot_report,
					.handoff_fdt = out,
		.drivers[IPFW_IOMMU_IPMMU] = IPFW_IPMMU_DRIVER(&ipmmu_state),
	};

	(void)state;
	memset(&plan, 0x5a, sizeof(plan));
	assert_int_equal(ipfw_boot_run(blob, &pol, &hooks, &pool, &plan, &boot), IPFW_E_INVAL);
	assert_int_equal(holds, 0);
	assert_int_equal(lines, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(run_without_report_hook_prints_nothing, setup),
		cmocka_unit_test_setup(run_with_report_hook_prints_the_report, setup),
		cmocka_unit_test_setup(handoff_blob_without_handoff_hook_is_refused_before_anything,
				       setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
