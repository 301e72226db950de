/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The plan as a bootloader without a text report builds it: the library
 * compiled with IPFW_CFG_DIAG_TEXT=0, a one-SoC table (IPFW_CFG_SOC_ALL=0,
 * IPFW_CFG_SOC_r8a77965=1) and no iommu-map (IPFW_CFG_IOMMU_MAP=0;
 * ipmmu/config.h). Every
 * diagnostic keeps its code and where (node, property, entry, uTLB,
 * instance) and loses only its fixed text; an IPMMU of a SoC left out of
 * the table holds its masters with IPFW_E_NOSOC, and a PCIe host with
 * iommu-map is held with IPFW_E_UNSUPPORTED: neither is ever bypassed.
 * Expected values are the same hand-worked ones as test_plan.c's (the
 * fixtures' comments give the uTLBs; Gen3 has uTLBs 0-47).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>
#include <ipmmu/plan.h>
#include <ipmmu/soc.h>

#include "boot_test_util.h"

static struct ipfw_plan plan;
static void *blob;

static int build(const char *fixture, const struct ipfw_policy *pol)
{
	free(blob);
	blob = bt_load(fixture);
	return ipfw_plan_build(blob, pol, &plan);
}

static struct ipfw_policy identity_policy(void)
{
	return (struct ipfw_policy){.ipmmu = &ipfw_ipmmu_plan_ops, .default_action = IPFW_ACT_DEFAULT,
				    .fmt = IPFW_IPMMU_FMT_S1_32, .pool_tables = 64};
}

static void assert_no_texts(void)
{
	for (size_t i = 0; i < plan.ndiags; i++)
		assert_null(plan.diags[i].what);
}

static void the_table_holds_only_the_socs_built_in(void **st)
{
	const struct ipfw_soc *m3n = ipfw_soc_by_compatible("renesas,ipmmu-r8a77965");

	(void)st;
	assert_int_equal(ipfw_soc_count(), 1);
	assert_non_null(m3n);
	assert_string_equal(m3n->name, "r8a77965");
	assert_int_equal(m3n->num_utlbs, 48);
	assert_null(m3n->marketing); /* a text: not kept */
	assert_null(ipfw_soc_by_compatible("renesas,ipmmu-r8a7795"));
	assert_null(ipfw_soc_by_name("rcar-gen4"));
}

static void a_bad_utlb_keeps_its_code_and_where_without_the_text(void **st)
{
	struct ipfw_policy pol = identity_policy();
	const struct ipfw_plan_diag *d;
	char text[256];

	(void)st;
	assert_int_equal(build("plan-bad-utlb", &pol), IPFW_PLAN_WITH_ERRORS);
	assert_int_equal(plan.nerrors, 1);
	d = bt_diag(&plan, IPFW_E_UTLB_RANGE, "/vsp@fea20000");
	assert_non_null(d);
	assert_int_equal(d->level, IPFW_DIAG_ERROR);
	assert_string_equal(d->prop, "iommus");
	assert_int_equal(d->index, 1);
	assert_int_equal(d->utlb, 48);
	assert_int_equal(d->inst, bt_inst(&plan, P_DS0));
	assert_no_texts();
	assert_true(ipfw_plan_diag_format(&plan, d, text, sizeof(text)) > 0);
	assert_string_equal(text, "error IPFW_E_UTLB_RANGE [/vsp@fea20000 iommus[1]] uTLB 48 of "
				  "iommu@e6740000");
	assert_int_equal(plan.masters[bt_master(&plan, "/vsp@fea20000")].err, IPFW_E_UTLB_RANGE);
	assert_int_equal(plan.masters[bt_master(&plan, "/dma-controller@e6700000")].action,
			 IPFW_ACT_IDENTITY);
}

static void an_ipmmu_of_a_soc_left_out_holds_every_master_behind_it(void **st)
{
	static const char *const bound[] = {
		"/dma-controller@e6700000", "/dma-controller@e7300000", "/usb-dma@e65a0000",
		"/usb-dma@e65b0000", "/usb-dma@e65c0000", "/mmc@ee100000", "/mmc@ee120000",
		"/ethernet@e6800000", "/video@e6ef0000", "/fcp@fe950000",
	};
	const char *const unbound[] = {P_USB};
	struct ipfw_policy pol = identity_policy();

	(void)st;
	pol.unbound = unbound;
	pol.nunbound = 1;
	pol.rev = (struct ipfw_soc_rev){.known = true, .prr = 0x4F20}; /* H3 ES3.0: allowed */
	assert_int_equal(build("plan-h3", &pol), IPFW_PLAN_WITH_ERRORS);
	for (const char *const *p = (const char *const[]){P_MM, P_DS0, P_DS1, NULL}; *p; p++) {
		const struct ipfw_plan_diag *d = bt_diag(&plan, IPFW_E_NOSOC, *p);
		int i = bt_inst(&plan, *p);

		assert_non_null(d);
		assert_int_equal(d->level, IPFW_DIAG_ERROR);
		assert_string_equal(d->prop, "compatible");
		assert_true(i >= 0);
		assert_false(plan.inst[i].usable);
		assert_false(plan.inst[i].needed);
	}
	for (size_t k = 0; k < sizeof(bound) / sizeof(bound[0]); k++) {
		const struct ipfw_plan_master *pm = &plan.masters[bt_master(&plan, bound[k])];

		assert_int_equal(pm->action, IPFW_ACT_DENY);
		assert_int_equal(pm->err, IPFW_E_NOSOC);
	}
	assert_int_equal(plan.ndomains, 0);
	assert_no_texts();
}

static void a_pcie_host_with_iommu_map_is_held_when_the_build_has_no_iommu_map(void **st)
{
	static const char *const hosts[] = {"/pcie@fe000000", "/pcie@ee800000", "/pcie@fe100000"};
	struct ipfw_policy pol = identity_policy();

	(void)st;
	assert_int_equal(build("plan-pcie", &pol), IPFW_PLAN_WITH_ERRORS);
	assert_int_equal(plan.nerrors, 3);
	for (size_t k = 0; k < sizeof(hosts) / sizeof(hosts[0]); k++) {
		const struct ipfw_plan_master *pm = &plan.masters[bt_master(&plan, hosts[k])];
		const struct ipfw_plan_diag *d = bt_diag(&plan, IPFW_E_UNSUPPORTED, hosts[k]);

		assert_int_equal(pm->action, IPFW_ACT_DENY);
		assert_int_equal(pm->err, IPFW_E_UNSUPPORTED);
		assert_int_equal(pm->nutlbs, 0);
		assert_non_null(d);
		assert_int_equal(d->level, IPFW_DIAG_ERROR);
		assert_string_equal(d->prop, "iommu-map");
	}
	/* the masters of plan-base.dtsi's IPMMUs are unaffected */
	assert_int_equal(plan.inst[bt_inst(&plan, P_DS0)].usable, true);
	assert_no_texts();
}

/* Without a Gen4 SoC the Gen4 bus-master compatibles are not kept: the
 * Gen3 PCIe host is listed outside the IOMMU's protection, the Gen4 one
 * not (test_plan.c: a build with every SoC lists both). */
static void a_build_without_gen4_lists_only_gen3_bus_masters(void **st)
{
	struct ipfw_policy pol = identity_policy();

	(void)st;
	assert_true(build("plan-pcie-gens", &pol) >= 0);
	assert_int_equal(plan.nunprotected, 1);
	assert_string_equal(bt_path(&plan, plan.unprotected[0].node), "/pcie@fe000000");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_table_holds_only_the_socs_built_in),
		cmocka_unit_test(a_bad_utlb_keeps_its_code_and_where_without_the_text),
		cmocka_unit_test(an_ipmmu_of_a_soc_left_out_holds_every_master_behind_it),
		cmocka_unit_test(a_pcie_host_with_iommu_map_is_held_when_the_build_has_no_iommu_map),
		cmocka_unit_test(a_build_without_gen4_lists_only_gen3_bus_masters),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);

	free(blob);
	return r;
}
