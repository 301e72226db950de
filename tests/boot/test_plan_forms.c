/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The rare legal device-tree forms (issue 14): the legacy linux,phandle
 * property instead of phandle, and a property and NOP tags before the root
 * node (libfdt's node iteration skips both; libfdt 1.6.1's path lookups
 * assume the root at offset 0 and would miss every policy path). Blobs are
 * written with libfdt's sequential writer; the oracle is the tree as
 * written here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include <ipmmu/boot_rcar.h>
#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>
#include <ipmmu/plan.h>

static unsigned char blob[8192];
static struct ipfw_plan plan;

enum { PH_CPG = 1, PH_MM = 2, PH_DS0 = 3 };

static void prop_u32s(const char *name, const uint32_t *v, int n)
{
	fdt32_t c[8];

	for (int i = 0; i < n; i++)
		c[i] = cpu_to_fdt32(v[i]);
	assert_int_equal(fdt_property(blob, name, c, 4 * n), 0);
}

/* An M3-N-like SoC: CPG, root and cache IPMMU, two masters on the cache.
 * pre_root: a property, then NOPs, before the root node. legacy: every
 * phandle as linux,phandle. */
static void write_tree(bool pre_root, bool legacy)
{
	const char *ph = legacy ? "linux,phandle" : "phandle";
	const uint32_t reg_mm[] = {0, 0xe67b0000u, 0, 0x1000}, reg_ds0[] = {0, 0xe6740000u, 0, 0x1000};
	const uint32_t mem[] = {0, 0x40000000u, 0, 0x40000000u};
	const uint32_t reg_cpg[] = {0, 0xe6150000u, 0, 0x1000};

	assert_int_equal(fdt_create(blob, sizeof(blob)), 0);
	assert_int_equal(fdt_finish_reservemap(blob), 0);
	if (pre_root) {
		assert_int_equal(fdt_property_u32(blob, "stray-before-root", 7), 0);
		/* 16 bytes of a property overwritten as four NOP tags below */
		assert_int_equal(fdt_property_u32(blob, "becomes-nops", 0), 0);
	}
	assert_int_equal(fdt_begin_node(blob, ""), 0);
	assert_int_equal(fdt_property_u32(blob, "#address-cells", 2), 0);
	assert_int_equal(fdt_property_u32(blob, "#size-cells", 2), 0);
	assert_int_equal(fdt_begin_node(blob, "memory@40000000"), 0);
	assert_int_equal(fdt_property_string(blob, "device_type", "memory"), 0);
	prop_u32s("reg", mem, 4);
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_begin_node(blob, "clock-controller@e6150000"), 0);
	assert_int_equal(fdt_property_string(blob, "compatible", "renesas,r8a77965-cpg-mssr"), 0);
	prop_u32s("reg", reg_cpg, 4);
	assert_int_equal(fdt_property_u32(blob, "#clock-cells", 2), 0);
	assert_int_equal(fdt_property_u32(blob, "#reset-cells", 1), 0);
	assert_int_equal(fdt_property_u32(blob, ph, PH_CPG), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_begin_node(blob, "iommu@e67b0000"), 0);
	assert_int_equal(fdt_property_string(blob, "compatible", "renesas,ipmmu-r8a77965"), 0);
	prop_u32s("reg", reg_mm, 4);
	assert_int_equal(fdt_property_u32(blob, "#iommu-cells", 1), 0);
	assert_int_equal(fdt_property_u32(blob, ph, PH_MM), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_begin_node(blob, "iommu@e6740000"), 0);
	assert_int_equal(fdt_property_string(blob, "compatible", "renesas,ipmmu-r8a77965"), 0);
	prop_u32s("reg", reg_ds0, 4);
	{
		const uint32_t main_[] = {PH_MM, 0};

		prop_u32s("renesas,ipmmu-main", main_, 2);
	}
	assert_int_equal(fdt_property_u32(blob, "#iommu-cells", 1), 0);
	assert_int_equal(fdt_property_u32(blob, ph, PH_DS0), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	for (int i = 0; i < 2; i++) {
		const uint32_t iommus[] = {PH_DS0, (uint32_t)(4 + i)}, resets[] = {PH_CPG, 100u + (uint32_t)i};

		assert_int_equal(fdt_begin_node(blob, i ? "mmc@ee120000" : "mmc@ee100000"), 0);
		prop_u32s("iommus", iommus, 2);
		prop_u32s("resets", resets, 2);
		assert_int_equal(fdt_end_node(blob), 0);
	}
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_finish(blob), 0);
	if (pre_root) {
		/* the second property (tag, len, nameoff, one cell) -> FDT_NOP x 4 */
		uint32_t *t = (uint32_t *)(void *)(blob + fdt_off_dt_struct(blob) + 16);

		assert_int_equal(fdt32_to_cpu(t[0]), FDT_PROP);
		for (int i = 0; i < 4; i++)
			t[i] = cpu_to_fdt32(FDT_NOP);
	}
}

static const struct ipfw_policy_rule deny_mmc1[] = {
	{"/mmc@ee120000", IPFW_ACT_DENY, NULL, NULL, 0, false},
};

static void plan_it(void)
{
	const struct ipfw_policy pol = {.ipmmu = &ipfw_ipmmu_plan_ops, .rules = deny_mmc1,
					.nrules = 1, .pool_tables = 16};
	char path[64];
	int m0, m1;

	assert_int_equal(ipfw_dt_check(blob, NULL), IPFW_OK);
	assert_int_equal(ipfw_plan_build(blob, &pol, &plan), IPFW_OK);
	assert_int_equal(plan.ninst, 2);
	assert_int_equal(plan.nmasters, 2);
	m0 = ipfw_plan_find_master(&plan, "/mmc@ee100000");
	m1 = ipfw_plan_find_master(&plan, "/mmc@ee120000");
	assert_int_equal(m0, 0);
	assert_int_equal(m1, 1);
	assert_int_equal(ipfw_plan_path(&plan, plan.masters[1].node, path, sizeof(path)), 13);
	assert_string_equal(path, "/mmc@ee120000");
	/* the phandles resolved: uTLB 4 on the cache, the CPG reset read */
	assert_int_equal(plan.masters[0].action, IPFW_ACT_IDENTITY);
	assert_int_equal(plan.masters[0].nutlbs, 1);
	assert_int_equal(plan.utlbs[plan.masters[0].first_utlb].id, 4);
	assert_int_equal(plan.masters[0].nresets, 1);
	assert_int_equal(plan.masters[0].resets[0].phandle, PH_CPG);
	assert_int_equal(plan.masters[0].resets[0].cells[0], 100);
	/* the policy path was found: the DENY rule applies */
	assert_int_equal(plan.masters[1].action, IPFW_ACT_DENY);
	assert_int_equal(plan.masters[1].err, IPFW_E_DENIED);
	/* DRAM from /memory: the identity domain maps it */
	assert_int_equal(plan.nmem, 1);
}

static void legacy_linux_phandle_resolves_like_phandle(void **state)
{
	(void)state;
	write_tree(false, true);
	plan_it();
}

static void property_and_nops_before_the_root_are_skipped(void **state)
{
	(void)state;
	write_tree(true, false);
	/* libfdt 1.6.1's own lookup misses the root here; ours does not */
	assert_true(fdt_path_offset(blob, "/mmc@ee120000") < 0);
	assert_true(ipfw_dt_path_offset(blob, "/mmc@ee120000") > 0);
	plan_it();
}

/* Parents are found from the first node, not from offset 0: in a tree
 * whose root comes after a property and NOPs, a node's parent is that
 * root, the root has none, and the CPG's reg is read with the root's
 * #address-cells (fdt_parent_offset() fails on such a tree). */
static void parents_are_found_when_the_root_is_not_at_offset_0(void **state)
{
	struct ipfw_boot_rcar cpg;
	int root, mmc;

	(void)state;
	write_tree(true, false);
	root = fdt_next_node(blob, -1, NULL);
	assert_true(root > 0); /* past the property and the NOPs */
	mmc = ipfw_dt_path_offset(blob, "/mmc@ee100000");
	assert_true(mmc > root);
	assert_int_equal(ipfw_dt_parent(blob, mmc), root);
	assert_int_equal(ipfw_dt_parent(blob, root), -FDT_ERR_NOTFOUND);
	assert_true(ipfw_dt_parent(blob, mmc + 1) < 0); /* not a node's offset */
	assert_int_equal(ipfw_dt_parent(NULL, mmc), -FDT_ERR_BADMAGIC);
	assert_int_equal(ipfw_boot_rcar_from_dt(blob, &cpg), IPFW_OK);
	assert_int_equal(cpg.cpg.base, 0xe6150000u);
	assert_int_equal(cpg.phandle, PH_CPG);
}

static void both_forms_together(void **state)
{
	(void)state;
	write_tree(true, true);
	plan_it();
}

/* issue 11.2: a capacity the tree exceeds is named with both figures */
static void a_tree_beyond_a_capacity_says_what_it_needs(void **state)
{
	const struct ipfw_policy pol = {.ipmmu = &ipfw_ipmmu_plan_ops, .pool_tables = 16};
	const unsigned int n = IPFW_CFG_MAX_MASTERS + 12;
	char text[256], want[96];

	(void)state;
	assert_int_equal(fdt_create(blob, sizeof(blob)), 0);
	assert_int_equal(fdt_finish_reservemap(blob), 0);
	assert_int_equal(fdt_begin_node(blob, ""), 0);
	assert_int_equal(fdt_begin_node(blob, "iommu@e6740000"), 0);
	assert_int_equal(fdt_property_string(blob, "compatible", "arm,mmu-500"), 0);
	assert_int_equal(fdt_property_u32(blob, "#iommu-cells", 1), 0);
	assert_int_equal(fdt_property_u32(blob, "phandle", 1), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	for (unsigned int i = 0; i < n; i++) {
		const uint32_t iommus[] = {1, i};
		char name[32];

		snprintf(name, sizeof(name), "master@%u", i);
		assert_int_equal(fdt_begin_node(blob, name), 0);
		prop_u32s("iommus", iommus, 2);
		assert_int_equal(fdt_end_node(blob), 0);
	}
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_finish(blob), 0);
	assert_int_equal(ipfw_plan_build(blob, &pol, &plan), IPFW_E_NOSPACE);
	assert_int_equal(plan.ndiags, 1);
	assert_int_equal(plan.diags[0].need, n);
	assert_int_equal(plan.diags[0].have, IPFW_CFG_MAX_MASTERS);
	assert_true(ipfw_plan_diag_format(&plan, &plan.diags[0], text, sizeof(text)) > 0);
	snprintf(want, sizeof(want), "(needs %u, built for %u: IPFW_CFG_MAX_MASTERS)", n,
		 (unsigned int)IPFW_CFG_MAX_MASTERS);
	assert_non_null(strstr(text, want));
	assert_non_null(strstr(text, "capacity"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(legacy_linux_phandle_resolves_like_phandle),
		cmocka_unit_test(property_and_nops_before_the_root_are_skipped),
		cmocka_unit_test(parents_are_found_when_the_root_is_not_at_offset_0),
		cmocka_unit_test(both_forms_together),
		cmocka_unit_test(a_tree_beyond_a_capacity_says_what_it_needs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
