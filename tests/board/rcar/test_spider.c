/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Spider (R-Car S4): the image's exact flow, policy and tree (board/spider)
 * against the Gen4 IPMMU model and the CPG model. Expectations are written
 * by hand: topology and uTLBs from ipmmu-vmsa.md 8.3, CPG modules from the
 * `resets` of Linux 6.1's r8a779f0.dtsi, DRAM from r8a779f0-spider-cpu.dtsi,
 * the window from the board's policy text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <ipmmu/error.h>

#include "policy.h"
#include "rcar_harness.h"

/* ipmmu-vmsa.md 8.3 */
static const struct rcar_ipmmu_fact s4_ipmmus[] = {
	{"ipmmu_mm", 0xEEFC0000u, -1}, {"ipmmu_rt0", 0xEE480000u, 0}, {"ipmmu_rt1", 0xEE4C0000u, 0},
	{"ipmmu_ds0", 0xEED00000u, 0}, {"ipmmu_hc", 0xEED40000u, 0},
};

#define DS0 0xEED00000u
/* DRAM below 4 GiB on Spider: memory@48000000, 0x78000000 bytes. */
#define DRAM_LO 0x48000000u
#define DRAM_LO_SIZE 0x78000000u

static const struct rcar_expect s4_expect[] = {
	{"/soc/dma-controller@e7350000", DS0, 0, 16, RCAR_X_IDENTITY, DRAM_LO, 0, DRAM_LO_SIZE, 709, 0},
	{"/soc/dma-controller@e7351000", DS0, 16, 16, RCAR_X_IDENTITY, DRAM_LO, 0, DRAM_LO_SIZE, 710,
	 0},
	/* uTLB 32: the board tree adds upstream's iommus (6.1 has none) */
	{"/soc/mmc@ee140000", DS0, 32, 1, RCAR_X_WINDOW, 0, 0x4FC000000ull, 64u << 20, 706, 0},
};
#define NEXPECT (sizeof(s4_expect) / sizeof(s4_expect[0]))

#define POOL_PA 0x40080000u /* in the R52 carve-out */

static struct rcar_harness h;

static int setup(void **state)
{
	(void)state;
	rcar_harness_run(&h, IPFW_MODEL_GEN4, s4_ipmmus, sizeof(s4_ipmmus) / sizeof(s4_ipmmus[0]),
			 0xE6150000u, "r8a779f0-spider-ipfw", "Spider (host test)", &spider_policy,
			 spider_known, spider_nknown, SPIDER_POOL_TABLES, POOL_PA, s4_expect, NEXPECT);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rcar_harness_done(&h);
	return 0;
}

static void verdict_passes_with_no_plan_error(void **state)
{
	(void)state;
	assert_int_equal(h.ret, IPFW_OK);
	assert_true(h.run.pass);
	assert_int_equal(h.run.plan.nerrors, 0);
	assert_true(rcar_printed(&h, "verdict: PASS\n"));
}

static void every_master_of_the_tree_is_expected(void **state)
{
	(void)state;
	assert_int_equal(h.run.plan.nmasters, NEXPECT);
	for (size_t m = 0; m < NEXPECT; m++)
		assert_true(ipfw_plan_find_master(&h.run.plan, s4_expect[m].path) >= 0);
}

static void dmac_channels_reach_dram_below_4g_identity(void **state)
{
	(void)state;
	rcar_check_master(&h, &s4_expect[0]);
	rcar_check_master(&h, &s4_expect[1]);
}

static void mmc0_window_lands_above_4g_and_faults_past_its_end(void **state)
{
	(void)state;
	rcar_check_master(&h, &s4_expect[2]);
}

static void mmc0_imuctr_is_at_eed03600(void **state)
{
	uint32_t off;
	int i = ipfw_model_find(&h.model, 0xEED03600u, &off);

	(void)state;
	/* worked address of ipmmu-vmsa.md 8.3: Gen4 uTLBs at +0x3000 */
	assert_int_equal(i, 3);
	assert_int_equal(off, 0x3600u);
	assert_true(ipfw_model_read32(&h.model, (unsigned int)i, off) & IPFW_MODEL_IMUCTR_MMUEN);
}

static void no_reset_left_before_the_masters_utlbs_were_live(void **state)
{
	(void)state;
	assert_int_equal(h.release_checks, NEXPECT);
	assert_int_equal(h.release_violations, 0);
}

static void only_the_listed_ipmmus_and_the_cpg_are_touched(void **state)
{
	(void)state;
	rcar_check_trace(&h);
	assert_int_equal(h.model.inst[0].ctx[0].imctr, 0); /* context 0 reserved */
	assert_true(h.cleaned >= 4096u);
	for (unsigned int i = 0; i < h.model.num_inst; i++) {
		if (rcar_plan_needs(&h, h.model.inst[i].base))
			assert_false(h.model.inst[i].imsctlr & IPFW_MODEL_IMSCTLR_USE_SECGRP);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(verdict_passes_with_no_plan_error),
		cmocka_unit_test(every_master_of_the_tree_is_expected),
		cmocka_unit_test(dmac_channels_reach_dram_below_4g_identity),
		cmocka_unit_test(mmc0_window_lands_above_4g_and_faults_past_its_end),
		cmocka_unit_test(mmc0_imuctr_is_at_eed03600),
		cmocka_unit_test(no_reset_left_before_the_masters_utlbs_were_live),
		cmocka_unit_test(only_the_listed_ipmmus_and_the_cpg_are_touched),
	};

	return cmocka_run_group_tests_name("spider S4", tests, setup, teardown);
}
