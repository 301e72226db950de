/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Salvator-XS (R-Car H3 ES3.0): the image's exact flow, policy and tree
 * (board/salvator-xs) against the Gen3 IPMMU model and the CPG model.
 * Expectations are written by hand: topology and uTLBs from ipmmu-vmsa.md
 * 8.2, CPG modules from the `resets` of Linux 6.1's r8a77951.dtsi, DRAM
 * from r8a77951-salvator-xs.dts, windows from the board's policy text.
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

/* ipmmu-vmsa.md 8.2, minus the IPMMUs the board policy leaves unpowered (ir, vc0,
 * vc1, vp0, vp1: switchable power areas). */
static const struct rcar_ipmmu_fact h3_ipmmus[] = {
	{"ipmmu_mm", 0xE67B0000u, -1},  {"ipmmu_ds0", 0xE6740000u, 0}, {"ipmmu_ds1", 0xE7740000u, 0},
	{"ipmmu_hc", 0xE6570000u, 0},   {"ipmmu_mp0", 0xEC670000u, 0}, {"ipmmu_pv0", 0xFD800000u, 0},
	{"ipmmu_pv1", 0xFD950000u, 0},  {"ipmmu_pv2", 0xFD960000u, 0}, {"ipmmu_pv3", 0xFD970000u, 0},
	{"ipmmu_rt", 0xFFC80000u, 0},   {"ipmmu_vi0", 0xFEBD0000u, 0}, {"ipmmu_vi1", 0xFEBE0000u, 0},
};

#define DS0 0xE6740000u
#define DS1 0xE7740000u
#define HC 0xE6570000u
#define MP0 0xEC670000u
#define VI0 0xFEBD0000u
#define VI1 0xFEBE0000u
#define VP 0u /* behind an unpowered IPMMU: no model instance */

/* DRAM below 4 GiB on Salvator-XS: memory@48000000, 0x38000000 bytes. */
#define DRAM_LO 0x48000000u
#define DRAM_LO_SIZE 0x38000000u
#define MiB(n) ((uint64_t)(n) << 20)

static const struct rcar_expect h3_expect[] = {
	/* SYS-DMAC: one uTLB per channel */
	{"/soc/dma-controller@e6700000", DS0, 0, 16, RCAR_X_IDENTITY, DRAM_LO, 0, DRAM_LO_SIZE, 219, 0},
	{"/soc/dma-controller@e7300000", DS1, 0, 16, RCAR_X_IDENTITY, DRAM_LO, 0, DRAM_LO_SIZE, 218, 0},
	{"/soc/dma-controller@e7310000", DS1, 16, 16, RCAR_X_IDENTITY, DRAM_LO, 0, DRAM_LO_SIZE, 217,
	 0},
	{"/soc/ethernet@e6800000", DS0, 16, 1, RCAR_X_IDENTITY, DRAM_LO, 0, DRAM_LO_SIZE, 812, 0},
	/* SDHI0/2/3 in the upper uTLB window; SDHI1 is disabled on this board */
	{"/soc/mmc@ee100000", DS1, 32, 1, RCAR_X_WINDOW, 0, 0x7F0000000ull, MiB(64), 314, 0},
	{"/soc/mmc@ee140000", DS1, 34, 1, RCAR_X_WINDOW, 0, 0x7F4000000ull, MiB(64), 312, 0},
	{"/soc/mmc@ee160000", DS1, 35, 1, RCAR_X_WINDOW, 0, 0x7F8000000ull, MiB(64), 311, 0},
	/* PCIe: every requester ID on one uTLB of ipmmu_hc */
	{"/soc/pcie@fe000000", HC, 0, 1, RCAR_X_WINDOW, 0, 0x500000000ull, MiB(1024), 319, 0},
	{"/soc/pcie@ee800000", HC, 1, 1, RCAR_X_WINDOW, 0, 0x500000000ull, MiB(1024), 318, 0},
	/* held: by policy, by default deny, or for lack of a usable IPMMU */
	{"/soc/sata@ee300000", HC, 2, 1, RCAR_X_HELD, 0, 0, 0, 815, IPFW_E_DENIED},
	{"/soc/dma-controller@ec700000", MP0, 0, 16, RCAR_X_HELD, 0, 0, 0, 502, IPFW_E_DENIED},
	{"/soc/dma-controller@ec720000", MP0, 16, 16, RCAR_X_HELD, 0, 0, 0, 501, IPFW_E_DENIED},
	{"/soc/fcp@fea27000", VI0, 8, 1, RCAR_X_HELD, 0, 0, 0, 603, IPFW_E_DENIED},
	{"/soc/fcp@fea2f000", VI0, 9, 1, RCAR_X_HELD, 0, 0, 0, 602, IPFW_E_DENIED},
	{"/soc/fcp@fea37000", VI1, 10, 1, RCAR_X_HELD, 0, 0, 0, 601, IPFW_E_DENIED},
	{"/soc/fcp@fe950000", VP, 0, 1, RCAR_X_HELD, 0, 0, 0, 615, IPFW_E_UNPOWERED},
	{"/soc/fcp@fe951000", VP, 1, 1, RCAR_X_HELD, 0, 0, 0, 614, IPFW_E_UNPOWERED},
	{"/soc/fcp@fe96f000", VP, 5, 1, RCAR_X_HELD, 0, 0, 0, 607, IPFW_E_UNPOWERED},
	{"/soc/fcp@fe92f000", VP, 7, 1, RCAR_X_HELD, 0, 0, 0, 606, IPFW_E_UNPOWERED},
	{"/soc/fcp@fe9af000", VP, 8, 1, RCAR_X_HELD, 0, 0, 0, 611, IPFW_E_UNPOWERED},
	{"/soc/fcp@fe9bf000", VP, 9, 1, RCAR_X_HELD, 0, 0, 0, 610, IPFW_E_UNPOWERED},
	{"/soc/usb@ee000000", 0, 0, 0, RCAR_X_HELD, 0, 0, 0, 328, IPFW_E_NOBINDING},
};
#define NEXPECT (sizeof(h3_expect) / sizeof(h3_expect[0]))

/* H3 ES3.0: product 0x4F in PRR[14:8], cut 0x20. */
#define PRR_H3_ES30 0x00004F20u
#define PRR_H3_ES20 0x00004F10u
#define PRR_M3W_ES30 0x00005220u
/* The pool somewhere in the R7 carve-out (any 40-bit address works). */
#define POOL_PA 0x40100000u

static struct rcar_harness h;
static struct ipfw_policy policy;

static void run_with_prr(uint32_t prr)
{
	salvator_xs_policy(&policy, prr);
	rcar_harness_run(&h, IPFW_MODEL_GEN3, h3_ipmmus, sizeof(h3_ipmmus) / sizeof(h3_ipmmus[0]),
			 0xE6150000u, "r8a77951-salvator-xs-ipfw", "Salvator-XS (host test)", &policy,
			 salvator_xs_known, salvator_xs_nknown, SALVATOR_XS_POOL_TABLES, POOL_PA,
			 h3_expect, NEXPECT);
}

static int setup_es30(void **state)
{
	(void)state;
	run_with_prr(PRR_H3_ES30);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rcar_harness_done(&h);
	return 0;
}

static const struct rcar_expect *expect_of(const char *path)
{
	for (size_t i = 0; i < NEXPECT; i++) {
		if (!strcmp(h3_expect[i].path, path))
			return &h3_expect[i];
	}
	fail_msg("no expectation for %s", path);
	return NULL;
}

/* ------------------------------------------------------------ ES3.0 */

static void es30_verdict_passes_with_only_the_known_plan_errors(void **state)
{
	(void)state;
	assert_int_equal(h.ret, IPFW_OK);
	assert_true(h.run.pass);
	assert_int_equal(h.run.unexpected, 0);
	assert_int_equal(h.run.missing, 0);
	assert_true(rcar_printed(&h, "verdict: PASS\n"));
	assert_true(rcar_printed(&h, "isolation report"));
}

static void es30_every_master_of_the_tree_is_expected(void **state)
{
	(void)state;
	/* the plan knows no master the hand-written table lacks */
	assert_int_equal(h.run.plan.nmasters, NEXPECT);
	for (size_t m = 0; m < h.run.plan.nmasters; m++) {
		char path[256];

		assert_true(ipfw_plan_path(&h.run.plan, h.run.plan.masters[m].node, path,
					   sizeof(path)) > 0);
		expect_of(path);
	}
}

static void es30_sys_dmac_channels_reach_dram_below_4g_identity(void **state)
{
	(void)state;
	rcar_check_master(&h, expect_of("/soc/dma-controller@e6700000"));
	rcar_check_master(&h, expect_of("/soc/dma-controller@e7300000"));
	rcar_check_master(&h, expect_of("/soc/dma-controller@e7310000"));
}

static void es30_avb_reaches_dram_below_4g_in_its_own_context(void **state)
{
	const struct ipfw_model_instance *ds0 = &h.model.inst[1];
	unsigned int avb_ctx, dmac_ctx;

	(void)state;
	rcar_check_master(&h, expect_of("/soc/ethernet@e6800000"));
	avb_ctx = (ds0->imuctr[16] >> 4) & 0xFu;
	dmac_ctx = (ds0->imuctr[0] >> 4) & 0xFu;
	assert_int_not_equal(avb_ctx, dmac_ctx);
}

static void es30_sdhi_windows_land_above_4g_and_fault_past_their_end(void **state)
{
	(void)state;
	rcar_check_master(&h, expect_of("/soc/mmc@ee100000"));
	rcar_check_master(&h, expect_of("/soc/mmc@ee140000"));
	rcar_check_master(&h, expect_of("/soc/mmc@ee160000"));
}

static void es30_sdhi0_imuctr_is_at_e7740600(void **state)
{
	uint32_t off;
	int i = ipfw_model_find(&h.model, 0xE7740600u, &off);

	(void)state;
	/* worked address of ipmmu-vmsa.md 8.3: uTLB 32 is in the upper window */
	assert_int_equal(i, 2);
	assert_int_equal(off, 0x600u);
	assert_true(ipfw_model_read32(&h.model, (unsigned int)i, off) & IPFW_MODEL_IMUCTR_MMUEN);
	assert_int_equal(ipfw_model_read32(&h.model, (unsigned int)i, 0x608u), 0);
}

static void es30_both_pcie_hosts_share_one_window_through_hc(void **state)
{
	(void)state;
	rcar_check_master(&h, expect_of("/soc/pcie@fe000000"));
	rcar_check_master(&h, expect_of("/soc/pcie@ee800000"));
	/* one domain: both uTLBs select the same context */
	assert_int_equal(h.model.inst[3].imuctr[0] & 0xF0u, h.model.inst[3].imuctr[1] & 0xF0u);
}

static void es30_sata_audio_fcp_and_xhci_stay_held(void **state)
{
	(void)state;
	for (size_t i = 0; i < NEXPECT; i++) {
		if (h3_expect[i].kind == RCAR_X_HELD)
			rcar_check_master(&h, &h3_expect[i]);
	}
}

static void es30_no_reset_left_before_the_masters_utlbs_were_live(void **state)
{
	unsigned int released = 0;

	(void)state;
	for (size_t i = 0; i < NEXPECT; i++)
		released += h3_expect[i].kind != RCAR_X_HELD;
	/* one release per released master, each checked as it happened */
	assert_int_equal(h.release_checks, released);
	assert_int_equal(h.release_violations, 0);
}

static void es30_only_the_listed_ipmmus_and_the_cpg_are_touched(void **state)
{
	(void)state;
	rcar_check_trace(&h);
	/* context 0 stays reserved on the root (ipmmu-vmsa.md 9.9) */
	assert_int_equal(h.model.inst[0].ctx[0].imctr, 0);
	/* tables were cleaned for the non-coherent walker (9.5) */
	assert_true(h.cleaned >= 4096u);
}

static void es30_use_secgrp_is_cleared_on_every_touched_ipmmu(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < h.model.num_inst; i++) {
		if (rcar_plan_needs(&h, h.model.inst[i].base))
			assert_false(h.model.inst[i].imsctlr & IPFW_MODEL_IMSCTLR_USE_SECGRP);
	}
}

/* ------------------------------------------------------------ denylist */

static void es20_is_denylisted_nothing_is_released_or_programmed(void **state)
{
	(void)state;
	run_with_prr(PRR_H3_ES20);
	assert_int_not_equal(h.ret, IPFW_OK);
	assert_false(h.run.pass);
	assert_true(rcar_printed(&h, "IPFW_E_DENYLISTED"));
	assert_true(rcar_printed(&h, "verdict: FAIL"));
	for (size_t i = 0; i < NEXPECT; i++) {
		int m = ipfw_plan_find_master(&h.run.plan, h3_expect[i].path);

		assert_true(m >= 0);
		assert_int_equal(h.run.boot.m[m].state, IPFW_MS_DENIED);
		assert_int_equal(ipfw_cpg_model_held(&h.cpg, h3_expect[i].reset), 1);
	}
	assert_int_equal(h.release_checks, 0);
	/* no IPMMU register is written when the SoC is refused */
	for (unsigned int i = 0; i < h.model.num_inst; i++)
		assert_true(h.model.inst[i].imsctlr & IPFW_MODEL_IMSCTLR_USE_SECGRP);
	rcar_harness_done(&h);
}

static void prr_of_another_soc_is_refused_like_an_unknown_revision(void **state)
{
	(void)state;
	run_with_prr(PRR_M3W_ES30);
	assert_false(h.run.pass);
	assert_true(rcar_printed(&h, "IPFW_E_DENYLISTED"));
	assert_int_equal(h.release_checks, 0);
	rcar_harness_done(&h);
}

int main(void)
{
	const struct CMUnitTest es30[] = {
		cmocka_unit_test(es30_verdict_passes_with_only_the_known_plan_errors),
		cmocka_unit_test(es30_every_master_of_the_tree_is_expected),
		cmocka_unit_test(es30_sys_dmac_channels_reach_dram_below_4g_identity),
		cmocka_unit_test(es30_avb_reaches_dram_below_4g_in_its_own_context),
		cmocka_unit_test(es30_sdhi_windows_land_above_4g_and_fault_past_their_end),
		cmocka_unit_test(es30_sdhi0_imuctr_is_at_e7740600),
		cmocka_unit_test(es30_both_pcie_hosts_share_one_window_through_hc),
		cmocka_unit_test(es30_sata_audio_fcp_and_xhci_stay_held),
		cmocka_unit_test(es30_no_reset_left_before_the_masters_utlbs_were_live),
		cmocka_unit_test(es30_only_the_listed_ipmmus_and_the_cpg_are_touched),
		cmocka_unit_test(es30_use_secgrp_is_cleared_on_every_touched_ipmmu),
	};
	const struct CMUnitTest deny[] = {
		cmocka_unit_test(es20_is_denylisted_nothing_is_released_or_programmed),
		cmocka_unit_test(prr_of_another_soc_is_refused_like_an_unknown_revision),
	};
	int fails = cmocka_run_group_tests_name("salvator-xs H3 ES3.0", es30, setup_es30, teardown);

	return fails + cmocka_run_group_tests_name("salvator-xs denylist", deny, NULL, NULL);
}
