/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The plan holds no hardware facts of its own: every count and check about
 * an IPMMU node comes from the driver's plan-time description
 * (policy.ipmmu, struct ipfw_iommu_desc in ipmmu/iommu.h). A stand-in
 * driver describes the fixture's M3-N-like IPMMUs with figures no real SoC
 * has (16 uTLBs, 3 slots, a verdict, an always-on area, its own list of
 * bus masters), and the plan must follow them exactly; without a driver
 * the IPMMU nodes are not programmed at all. The oracle is the fixture
 * (fixtures/plan-masters.dtsi lists each master's uTLBs) and the stand-in's
 * figures.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>
#include <ipmmu/plan.h>

#include "boot_test_util.h"

static struct ipfw_plan plan;
static void *blob;

/* ------------------------------------------------------------ the stand-in */

static const int fake_hw = 1;
static struct ipfw_iommu_desc fake;
static unsigned int described;
static char seen_compat[64];
static const struct ipfw_soc_rev *seen_rev;

static int fake_describe(const char *compat, size_t len, const struct ipfw_soc_rev *rev,
			 struct ipfw_iommu_desc *out)
{
	described++;
	seen_rev = rev;
	memcpy(seen_compat, compat, len < sizeof(seen_compat) ? len : sizeof(seen_compat) - 1u);
	*out = fake;
	return IPFW_OK;
}

/* Its bus masters: "vendor,dma*" only (fixtures/plan-other-dma-ip.dts);
 * the xHCI the IPMMU driver lists is not one of them. */
static int fake_dma_ip(const char *compat, int len, const char **unless_prop)
{
	*unless_prop = NULL;
	return len >= 10 && !memcmp(compat, "vendor,dma", 10) ? 0 : -1;
}

static const char *fake_dma_ip_name(unsigned int kind)
{
	return kind == 0 ? "the stand-in's DMA engine" : NULL;
}

static const struct ipfw_iommu_plan_ops fake_ops = {
	.describe = fake_describe, .dma_ip = fake_dma_ip, .dma_ip_name = fake_dma_ip_name,
};

static struct ipfw_policy policy(void)
{
	return (struct ipfw_policy){.ipmmu = &fake_ops, .default_action = IPFW_ACT_IDENTITY,
				    .fmt = IPFW_LPAE_S1_32, .pool_tables = 64};
}

static int setup(void **state)
{
	(void)state;
	blob = bt_load("plan-basic");
	fake = (struct ipfw_iommu_desc){
		.hw = &fake_hw, .name = "fake-soc", .endpoints = 16, .slots = 3,
		.reserved_slots = 1u << 0, .formats = 1u << IPFW_LPAE_S1_32,
		.always_on_area = -1, .verdict = IPFW_SOC_ALLOWED,
	};
	described = 0;
	memset(seen_compat, 0, sizeof(seen_compat));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(blob);
	return 0;
}

static const struct ipfw_plan_master *M(const char *path)
{
	return &plan.masters[bt_master(&plan, path)];
}

/* ------------------------------------------------------------ tests */

/* Every IPMMU node is described once, from its own compatible, for the
 * board's revision; the instance keeps what the driver said. */
static void each_ipmmu_node_is_described_by_its_driver(void **state)
{
	struct ipfw_policy pol = policy();

	(void)state;
	pol.rev = (struct ipfw_soc_rev){true, 0x1234};
	assert_true(ipfw_plan_build(blob, &pol, &plan) >= 0);
	assert_int_equal(described, 3);
	assert_string_equal(seen_compat, "renesas,ipmmu-r8a77965");
	assert_ptr_equal(seen_rev, &pol.rev);
	for (size_t i = 0; i < plan.ninst; i++) {
		assert_ptr_equal(plan.inst[i].hw.hw, &fake_hw);
		assert_string_equal(plan.inst[i].hw.name, "fake-soc");
	}
}

/* 16 endpoints: uTLBs 16 and up (ethernet 16, usb-dma 20/21, mmc 32/33)
 * are out of range; 0-10 are planned. */
static void endpoint_range_is_the_drivers(void **state)
{
	struct ipfw_policy pol = policy();

	(void)state;
	assert_int_equal(ipfw_plan_build(blob, &pol, &plan), IPFW_PLAN_WITH_ERRORS);
	assert_int_equal(M(P_ETH)->err, IPFW_E_UTLB_RANGE);
	assert_int_equal(M(P_USB_A)->err, IPFW_E_UTLB_RANGE);
	assert_int_equal(M(P_MMC0)->err, IPFW_E_UTLB_RANGE);
	assert_int_equal(M(P_DMA0)->action, IPFW_ACT_IDENTITY);
	assert_int_equal(M(P_VIDEO)->action, IPFW_ACT_IDENTITY);
	/* one more endpoint and uTLB 16 is in */
	fake.endpoints = 17;
	assert_true(ipfw_plan_build(blob, &pol, &plan) >= 0);
	assert_int_equal(M(P_ETH)->action, IPFW_ACT_IDENTITY);
}

/* Slots 0 .. 2 with 0 reserved by the driver and 1 by the board: one slot
 * left, slot 2; a second domain gets none (IPFW_E_NOCTX). */
static void slots_and_reserved_slots_are_the_drivers_and_the_boards(void **state)
{
	static const struct ipfw_policy_map one[] = {
		{0x00000000u, 0x50000000u, 0x1000u, IPFW_LPAE_RW | IPFW_LPAE_WB, false},
	};
	static const struct ipfw_policy_rule rules[] = {
		{P_DMA0, IPFW_ACT_TRANSLATE, "a", one, 1, false},
		{P_DMA1, IPFW_ACT_TRANSLATE, "b", one, 1, false},
	};
	struct ipfw_policy pol = policy();
	int a, b;

	(void)state;
	pol.rules = rules;
	pol.nrules = 2;
	pol.default_action = IPFW_ACT_DENY;
	pol.reserved_ctx = 1u << 1;
	fake.endpoints = 64;
	assert_int_equal(ipfw_plan_build(blob, &pol, &plan), IPFW_PLAN_WITH_ERRORS);
	a = bt_domain(&plan, "a");
	b = bt_domain(&plan, "b");
	assert_int_equal(plan.domains[a].ctx, 2);
	assert_int_equal(plan.domains[b].err, IPFW_E_NOCTX);
	assert_int_equal(M(P_DMA1)->err, IPFW_E_NOCTX);
	/* a fourth slot is a second free one */
	fake.slots = 4;
	assert_int_equal(ipfw_plan_build(blob, &pol, &plan), IPFW_OK);
	assert_int_equal(plan.domains[bt_domain(&plan, "a")].ctx, 2);
	assert_int_equal(plan.domains[bt_domain(&plan, "b")].ctx, 3);
}

/* A format the driver does not walk: every domain refused, said so. */
static void a_format_the_driver_does_not_walk_is_refused(void **state)
{
	struct ipfw_policy pol = policy();

	(void)state;
	pol.fmt = IPFW_LPAE_S2_40;
	assert_int_equal(ipfw_plan_build(blob, &pol, &plan), IPFW_PLAN_WITH_ERRORS);
	assert_true(plan.ndomains > 0);
	for (size_t d = 0; d < plan.ndomains; d++)
		assert_int_equal(plan.domains[d].err, IPFW_E_FORMAT);
	assert_int_equal(M(P_DMA0)->err, IPFW_E_FORMAT);
}

/* The denylist is the driver's verdict; the board's override is the
 * policy's. */
static void the_denylist_verdict_is_the_drivers(void **state)
{
	struct ipfw_policy pol = policy();
	const struct ipfw_plan_diag *d;

	(void)state;
	fake.verdict = IPFW_SOC_DENIED;
	assert_int_equal(ipfw_plan_build(blob, &pol, &plan), IPFW_PLAN_WITH_ERRORS);
	d = bt_diag(&plan, IPFW_E_DENYLISTED, P_MM);
	assert_non_null(d);
	assert_int_equal(d->level, IPFW_DIAG_ERROR);
	assert_int_equal(M(P_DMA0)->err, IPFW_E_DENYLISTED);
	{
		char line[256];

		assert_true(ipfw_plan_diag_format(&plan, d, line, sizeof(line)) > 0);
		assert_non_null(strstr(line, "SoC fake-soc"));
	}
	pol.soc_override = true;
	assert_true(ipfw_plan_build(blob, &pol, &plan) >= 0);
	assert_int_equal(bt_diag(&plan, IPFW_E_DENYLISTED, P_MM)->level, IPFW_DIAG_WARNING);
	assert_int_equal(M(P_DMA0)->action, IPFW_ACT_IDENTITY);
}

/* A cache the driver describes as other hardware than its root is not
 * used (the plan compares the driver's descriptions, not SoC names). */
static int other_hw;
static int describe_ds1_apart(const char *compat, size_t len, const struct ipfw_soc_rev *rev,
			      struct ipfw_iommu_desc *out)
{
	int err = fake_describe(compat, len, rev, out);

	if (described == 3) /* the third IPMMU node: ds1 */
		out->hw = &other_hw;
	return err;
}

static void a_cache_described_as_other_hardware_than_its_root_is_not_used(void **state)
{
	static const struct ipfw_iommu_plan_ops apart = {
		.describe = describe_ds1_apart, .dma_ip = fake_dma_ip,
		.dma_ip_name = fake_dma_ip_name,
	};
	struct ipfw_policy pol = policy();

	(void)state;
	fake.endpoints = 64;
	pol.ipmmu = &apart;
	assert_int_equal(ipfw_plan_build(blob, &pol, &plan), IPFW_PLAN_WITH_ERRORS);
	assert_false(plan.inst[bt_inst(&plan, P_DS1)].usable);
	assert_non_null(bt_diag(&plan, IPFW_E_DOMAIN, P_DS1));
	assert_int_equal(M(P_DMA1)->action, IPFW_ACT_DENY);
	assert_int_equal(M(P_DMA0)->action, IPFW_ACT_IDENTITY);
}

/* The likely bus masters are the driver's: its own compatible is listed
 * under its own words, the xHCI the IPMMU driver would list is not. */
static void the_unprotected_list_is_the_drivers(void **state)
{
	struct ipfw_policy pol = policy();

	(void)state;
	free(blob);
	blob = bt_load("plan-other-dma-ip");
	assert_true(ipfw_plan_build(blob, &pol, &plan) >= 0);
	assert_int_equal(plan.nunprotected, 1);
	assert_string_equal(bt_path(&plan, plan.unprotected[0].node), "/dma@e0000000");
	assert_string_equal(ipfw_plan_dma_ip_name(&plan, plan.unprotected[0].kind),
			    "the stand-in's DMA engine");
	/* a kind the driver has no words for */
	assert_string_equal(ipfw_plan_dma_ip_name(&plan, 7), "?");
	/* the IPMMU driver's own list names the xHCI, not the engine */
	pol.ipmmu = &ipfw_ipmmu_plan_ops;
	assert_true(ipfw_plan_build(blob, &pol, &plan) >= 0);
	assert_int_equal(plan.nunprotected, 1);
	assert_string_equal(bt_path(&plan, plan.unprotected[0].node), P_USB);
}

/* No driver for the IPMMU nodes: not one is usable, every master bound to
 * them is held as bound to an IOMMU nobody programs, said at each node. */
static void without_a_driver_the_ipmmu_nodes_are_not_programmed(void **state)
{
	struct ipfw_policy pol = policy();

	(void)state;
	pol.ipmmu = NULL;
	assert_int_equal(ipfw_plan_build(blob, &pol, &plan), IPFW_PLAN_WITH_ERRORS);
	assert_int_equal(described, 0);
	assert_int_equal(plan.ninst, 3);
	for (size_t i = 0; i < plan.ninst; i++) {
		const struct ipfw_plan_diag *d =
			bt_diag(&plan, IPFW_E_DT_FOREIGN, bt_path(&plan, plan.inst[i].node));

		assert_false(plan.inst[i].usable);
		assert_non_null(d);
		assert_non_null(strstr(d->what, "policy.ipmmu"));
	}
	for (size_t m = 0; m < plan.nmasters; m++) {
		if (plan.masters[m].unbound)
			continue;
		assert_int_equal(plan.masters[m].action, IPFW_ACT_DENY);
		assert_int_equal(plan.masters[m].err, IPFW_E_DT_FOREIGN);
	}
	assert_int_equal(plan.ndomains, 0);
	assert_int_equal(plan.nunprotected, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(each_ipmmu_node_is_described_by_its_driver, setup,
						teardown),
		cmocka_unit_test_setup_teardown(endpoint_range_is_the_drivers, setup, teardown),
		cmocka_unit_test_setup_teardown(
			slots_and_reserved_slots_are_the_drivers_and_the_boards, setup, teardown),
		cmocka_unit_test_setup_teardown(a_format_the_driver_does_not_walk_is_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(the_denylist_verdict_is_the_drivers, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			a_cache_described_as_other_hardware_than_its_root_is_not_used, setup,
			teardown),
		cmocka_unit_test_setup_teardown(the_unprotected_list_is_the_drivers, setup,
						teardown),
		cmocka_unit_test_setup_teardown(without_a_driver_the_ipmmu_nodes_are_not_programmed,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
