/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Plan behaviours a mutation campaign over the plan files found unpinned
 * (scripts/mutation, issue 14; docs/mutation.md). Only the public API:
 * ipfw_plan_build() on fixtures compiled from the .dts files of tests/boot/fixtures
 * with a policy, then the plan's fields and diagnostics. Expected values
 * are worked out by hand from each fixture, plan.h and the bindings
 * (Gen3: 48 uTLBs per IPMMU, 8 contexts, context 0 reserved), never taken
 * from the plan's own output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <libfdt.h>

#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>
#include <ipmmu/plan.h>

#include "boot_test_util.h"

#define ATTRS (IPFW_LPAE_RW | IPFW_LPAE_WB | IPFW_LPAE_XN)

static struct ipfw_plan plan;
static void *blob; /* the plan keeps offsets into it */

static struct ipfw_policy policy(const struct ipfw_policy_rule *rules, size_t n)
{
	return (struct ipfw_policy){.ipmmu = &ipfw_ipmmu_plan_ops, .rules = rules, .nrules = n,
				    .fmt = IPFW_IPMMU_FMT_S1_32,
				    .identity_attrs = ATTRS, .pool_tables = 64};
}

static int build(const char *fixture, const struct ipfw_policy *pol)
{
	free(blob);
	blob = bt_load(fixture);
	return ipfw_plan_build(blob, pol, &plan);
}

static const struct ipfw_plan_master *M(const char *path)
{
	return &plan.masters[bt_master(&plan, path)];
}

/* Diagnostics of master `path` whose text contains `what`. */
static unsigned int diags_saying(const char *path, const char *what)
{
	unsigned int n = 0;

	for (size_t i = 0; i < plan.ndiags; i++) {
		const struct ipfw_plan_diag *d = &plan.diags[i];

		n += ipfw_plan_diag_at(&plan, d, path) && strstr(d->what, what) != NULL;
	}
	return n;
}

static void text_of(const struct ipfw_plan_diag *d, char *buf, size_t len)
{
	assert_non_null(d);
	assert_true(ipfw_plan_diag_format(&plan, d, buf, len) > 0);
}

/* ------------------------------------------------------------ capacities */

/* plan-utlb-overflow: 3 x 48 = 144 (instance, uTLB) pairs for one PCIe
 * host, the array holds 112. The master is held with one diagnostic that
 * gives the tree's figure and the option (plan.h: "needs N, built for M"). */
static void utlbs_beyond_the_array_hold_the_master_and_give_the_trees_figure(void **state)
{
	const struct ipfw_policy pol = policy(NULL, 0);
	const struct ipfw_plan_diag *d;
	char text[256], want[80];

	(void)state;
	assert_int_equal(build("plan-utlb-overflow", &pol), IPFW_PLAN_WITH_ERRORS);
	assert_int_equal(M("/pcie@fe000000")->action, IPFW_ACT_DENY);
	assert_int_equal(M("/pcie@fe000000")->err, IPFW_E_NOSPACE);
	assert_int_equal(plan.nutlbs, IPFW_CFG_MAX_UTLBS);
	assert_int_equal(plan.nutlbs + plan.utlbs_needed, 144);
	assert_int_equal(bt_count_diags(&plan, IPFW_E_NOSPACE, "/pcie@fe000000"), 1);
	d = bt_diag(&plan, IPFW_E_NOSPACE, "/pcie@fe000000");
	assert_non_null(d);
	assert_int_equal(d->need, 144);
	assert_int_equal(d->have, IPFW_CFG_MAX_UTLBS);
	assert_string_equal(d->capacity, "IPFW_CFG_MAX_UTLBS");
	text_of(d, text, sizeof(text));
	snprintf(want, sizeof(want), "(needs 144, built for %u: IPFW_CFG_MAX_UTLBS)",
		 (unsigned int)IPFW_CFG_MAX_UTLBS);
	assert_non_null(strstr(text, want));
	/* a held master reaches no domain, and its IPMMUs are not needed */
	assert_int_equal(M("/pcie@fe000000")->domain, -1);
	for (size_t i = 0; i < plan.ninst; i++)
		assert_false(plan.inst[i].needed);
}

/* ------------------------------------------------------------ diagnostics */

/* plan.h: master, other, inst, domain, utlb, node and index are -1 when
 * none, iommu 0 or -1. A diagnostic about a policy path has no node and
 * no master; one about an unbound master has no IPMMU, uTLB or domain. */
static void diagnostic_fields_without_a_subject_say_none(void **state)
{
	static const char *const unbound[] = {P_USB};
	static const struct ipfw_policy_rule rules[] = {
		{"/no-such-node", IPFW_ACT_DENY, NULL, NULL, 0, false},
	};
	struct ipfw_policy pol = policy(rules, 1);
	const struct ipfw_plan_diag *d;

	(void)state;
	pol.unbound = unbound;
	pol.nunbound = 1;
	assert_int_equal(build("plan-basic", &pol), IPFW_PLAN_WITH_ERRORS);
	assert_int_equal(plan.ndiags, 2);
	for (size_t i = 0; i < plan.ndiags; i++) {
		d = &plan.diags[i];
		assert_true(d->iommu == -1 || d->iommu == 0);
		assert_int_equal(d->other, -1);
		assert_int_equal(d->inst, -1);
		assert_int_equal(d->domain, -1);
		assert_int_equal(d->utlb, -1);
		assert_false(d->ids);
	}
	d = bt_diag(&plan, IPFW_E_POLICY, "/no-such-node");
	assert_non_null(d);
	assert_int_equal(d->master, -1);
	assert_int_equal(d->node, -1);
	assert_int_equal(d->index, 0);
	d = bt_diag(&plan, IPFW_E_NOBINDING, P_USB);
	assert_non_null(d);
	assert_int_equal(d->master, (int)bt_master(&plan, P_USB));
	assert_int_equal(d->index, -1);
	assert_null(d->prop);
}

/* plan-unbound-only: the listed unbound master is plan master 0; it is
 * held and the list entry is no mistake (no policy warning). */
static void an_unbound_master_at_index_0_is_no_policy_mistake(void **state)
{
	static const char *const unbound[] = {P_USB};
	struct ipfw_policy pol = policy(NULL, 0);

	(void)state;
	pol.unbound = unbound;
	pol.nunbound = 1;
	assert_int_equal(build("plan-unbound-only", &pol), IPFW_PLAN_WITH_ERRORS);
	assert_int_equal(plan.nmasters, 1);
	assert_int_equal(bt_master(&plan, P_USB), 0);
	assert_true(plan.masters[0].unbound);
	assert_int_equal(plan.masters[0].err, IPFW_E_NOBINDING);
	assert_int_equal(bt_count_diags(&plan, IPFW_E_POLICY, NULL), 0);
	assert_int_equal(plan.ndiags, 1);
	assert_int_equal(plan.nerrors, 1);
}

/* plan-root-master: the root node (offset 0) is the master. */
static void a_master_at_the_root_node_is_found_by_path(void **state)
{
	const struct ipfw_policy pol = policy(NULL, 0);

	(void)state;
	assert_int_equal(build("plan-root-master", &pol), IPFW_OK);
	assert_int_equal(plan.nmasters, 1);
	assert_int_equal(plan.masters[0].node, 0);
	assert_int_equal(ipfw_plan_find_master(&plan, "/"), 0);
	assert_int_equal(plan.masters[0].action, IPFW_ACT_IDENTITY);
	assert_int_equal(plan.masters[0].nutlbs, 1);
	assert_int_equal(plan.utlbs[plan.masters[0].first_utlb].id, 3);
}

/* A build that makes no plan leaves nothing of the previous one: every
 * count is 0 (plan.h: "no plan at all ... with one diagnostic"). */
static void no_plan_leaves_nothing_of_the_last_one(void **state)
{
	static const char *const unbound[] = {P_USB};
	struct ipfw_policy pol = policy(NULL, 0);

	(void)state;
	pol.unbound = unbound;
	pol.nunbound = 1;
	pol.reserved_ctx = 0x2;
	assert_int_equal(build("plan-basic", &pol), IPFW_PLAN_WITH_ERRORS);
	assert_int_equal(plan.nmem, 1);
	assert_true(plan.nmasters > 0 && plan.ninst > 0 && plan.ndomains > 0 && plan.nrefs > 0);
	assert_int_equal(ipfw_plan_build(NULL, &pol, &plan), IPFW_E_INVAL);
	assert_int_equal(plan.status, IPFW_E_INVAL);
	assert_null(plan.fdt);
	assert_null(plan.pol);
	assert_int_equal(plan.ninst, 0);
	assert_int_equal(plan.nmasters, 0);
	assert_int_equal(plan.nutlbs, 0);
	assert_int_equal(plan.ndomains, 0);
	assert_int_equal(plan.nregions, 0);
	assert_int_equal(plan.nrefs, 0);
	assert_int_equal(plan.nmem, 0);
	assert_int_equal(plan.nunprotected, 0);
	assert_int_equal(plan.unprotected_dropped, 0);
	assert_int_equal(plan.diags_dropped, 0);
	assert_int_equal(plan.pool_tables_needed, 0);
	assert_int_equal(plan.reserved_ctx, 0);
	assert_int_equal(plan.utlbs_needed, 0);
	assert_int_equal(plan.ndiags, 1);
	assert_int_equal(plan.nerrors, 1);
	/* no blob, no path: refused with an empty string, as without a plan */
	{
		char buf[16];

		memset(buf, 'x', sizeof(buf));
		assert_int_equal(ipfw_plan_path(&plan, 0, buf, sizeof(buf)), IPFW_E_INVAL);
		assert_string_equal(buf, "");
		memset(buf, 'x', sizeof(buf));
		assert_int_equal(ipfw_plan_path(NULL, 0, buf, sizeof(buf)), IPFW_E_INVAL);
		assert_string_equal(buf, "");
	}
}

/* ------------------------------------------------------------ domains */

/* plan-basic, master 0 (dma-controller@e6700000) translating in a domain
 * of its own, every other bound master identity: the shared identity
 * domain is group -2 (plan.h), never a master's group, so the translate
 * group of master 0 and the identity masters stay apart. */
static void the_shared_identity_domain_is_no_masters_group(void **state)
{
	static const struct ipfw_policy_map map[] = {
		{0x00000000u, 0x48000000u, 0x00200000u, ATTRS, false},
	};
	static const struct ipfw_policy_rule rules[] = {
		{P_DMA0, IPFW_ACT_TRANSLATE, NULL, map, 1, false},
	};
	static const char *const unbound[] = {P_USB};
	struct ipfw_policy pol = policy(rules, 1);
	int own, id;

	(void)state;
	pol.unbound = unbound;
	pol.nunbound = 1;
	assert_int_equal(build("plan-basic", &pol), IPFW_PLAN_WITH_ERRORS); /* the unbound USB */
	assert_int_equal(bt_master(&plan, P_DMA0), 0);
	assert_int_equal(M(P_DMA0)->group, 0);
	assert_int_equal(plan.ndomains, 2);
	own = bt_domain(&plan, "dma-controller@e6700000");
	id = bt_domain(&plan, "identity");
	assert_true(own >= 0 && id >= 0);
	assert_int_equal(plan.domains[own].group, 0);
	assert_int_equal(plan.domains[own].action, IPFW_ACT_TRANSLATE);
	assert_int_equal(plan.domains[own].nmasters, 1);
	assert_int_equal(plan.domains[id].group, -2);
	assert_int_equal(plan.domains[id].action, IPFW_ACT_IDENTITY);
	assert_int_equal(plan.domains[id].nmasters, 9);
	assert_int_equal(M(P_DMA0)->domain, own);
	assert_int_equal(M(P_DMA1)->domain, id);
	assert_int_equal(M(P_MMC0)->err, 0);
	assert_int_equal(bt_count_diags(&plan, IPFW_E_POLICY, NULL), 0);
	assert_int_equal(plan.nerrors, 1);
}

/* ------------------------------------------------------------ iommu-map */

static void iommu_map_edges(void **state)
{
	const struct ipfw_policy pol = policy(NULL, 0);
	const struct ipfw_plan_master *pm;
	const struct ipfw_plan_diag *d = NULL;
	char text[256];

	(void)state;
	assert_int_equal(build("plan-idmap-edges", &pol), IPFW_PLAN_WITH_ERRORS);
	/* adjacent entries, in either order, share no ID */
	assert_int_equal(diags_saying("/pcie@fe000000", "overlaps"), 0);
	assert_int_equal(diags_saying("/pcie@ee800000", "overlaps"), 0);
	assert_int_equal(M("/pcie@fe000000")->nutlbs, 0x20);
	assert_int_equal(M("/pcie@ee800000")->nutlbs, 0x20);
	/* eight hex digits, as many as a 32-bit ID has */
	assert_int_equal(diags_saying("/pcie@fe100000", "overlaps"), 1);
	for (size_t i = 0; i < plan.ndiags; i++) {
		if (ipfw_plan_diag_at(&plan, &plan.diags[i], "/pcie@fe100000") &&
		    strstr(plan.diags[i].what, "overlaps"))
			d = &plan.diags[i];
	}
	assert_non_null(d);
	assert_int_equal(d->index, 1);
	assert_true(d->id_lo == 0x10000002u && d->id_hi == 0x10000003u);
	text_of(d, text, sizeof(text));
	assert_non_null(strstr(text, " IDs 0x10000002-0x10000003"));
	/* a phandle no node has denies its entry's IDs, not the master */
	pm = M("/pcie@fe200000");
	assert_int_equal(bt_count_diags(&plan, IPFW_E_DT_PHANDLE, "/pcie@fe200000"), 1);
	d = bt_diag(&plan, IPFW_E_DT_PHANDLE, "/pcie@fe200000");
	assert_int_equal(d->index, 0);
	assert_string_equal(d->prop, "iommu-map");
	assert_int_equal(bt_count_diags(&plan, IPFW_E_DT_FOREIGN, "/pcie@fe200000"), 0);
	assert_int_equal(pm->err, 0);
	assert_int_equal(pm->action, IPFW_ACT_IDENTITY);
	assert_int_equal(pm->nutlbs, 4);
	for (unsigned int k = 0; k < 4; k++) {
		assert_int_equal(plan.utlbs[pm->first_utlb + k].inst, bt_inst(&plan, P_DS1));
		assert_int_equal(plan.utlbs[pm->first_utlb + k].id, 40 + k);
	}
}

/* ------------------------------------------------------------ unprotected */

static int unprotected_at(const char *path)
{
	for (size_t i = 0; i < plan.nunprotected; i++) {
		if (!strcmp(bt_path(&plan, plan.unprotected[i].node), path))
			return (int)i;
	}
	return -1;
}

/* status "okay" and the older "ok" are enabled, anything else is not. */
static void unprotected_masters_follow_every_spelling_of_status(void **state)
{
	static const char *const unbound[] = {P_USB};
	struct ipfw_policy pol = policy(NULL, 0);

	(void)state;
	pol.unbound = unbound;
	pol.nunbound = 1;
	(void)build("plan-unprotected-status", &pol);
	assert_true(unprotected_at("/dma-controller@e6710000") >= 0);
	assert_true(unprotected_at("/dma-controller@e6720000") >= 0);
	assert_int_equal(unprotected_at("/dma-controller@e6730000"), -1);
	assert_int_equal(unprotected_at("/dma-controller@e6740800"), -1);
	/* matching is exact (or a listed prefix), from the first character */
	assert_int_equal(unprotected_at("/dma-controller@e6750000"), -1);
	assert_int_equal(unprotected_at("/pcie@e65d0000"), -1);
	assert_true(unprotected_at("/pcie@e65e0000") >= 0);
	assert_string_equal(
		ipfw_plan_dma_ip_name(&plan, plan.unprotected[unprotected_at("/pcie@e65e0000")].kind),
		"PCIe host (its endpoints' DMA)");
	assert_string_equal(
		ipfw_plan_dma_ip_name(&plan,
				      plan.unprotected[unprotected_at("/dma-controller@e6710000")].kind),
		"DMA controller (SYS-/Audio-DMAC)");
}

/* plan-cache-other-soc: a cache whose root is plan instance 0 and names
 * another SoC is unusable, with one IPFW_E_DOMAIN diagnostic at the cache;
 * its masters are denied, the other cache's are planned. */
static void a_cache_of_another_soc_than_root_0_is_reported(void **state)
{
	static const char *const unbound[] = {P_USB};
	struct ipfw_policy pol = policy(NULL, 0);
	int mm, ds1;

	(void)state;
	pol.unbound = unbound;
	pol.nunbound = 1;
	assert_int_equal(build("plan-cache-other-soc", &pol), IPFW_PLAN_WITH_ERRORS);
	mm = bt_inst(&plan, P_MM);
	ds1 = bt_inst(&plan, P_DS1);
	assert_int_equal(mm, 0);
	assert_int_equal(plan.inst[ds1].root, 0);
	assert_false(plan.inst[ds1].usable);
	assert_true(plan.inst[mm].usable);
	assert_int_equal(bt_count_diags(&plan, IPFW_E_DOMAIN, P_DS1), 1);
	assert_int_equal(bt_diag(&plan, IPFW_E_DOMAIN, P_DS1)->inst, ds1);
	assert_int_equal(M(P_DMA1)->action, IPFW_ACT_DENY);
	assert_int_equal(M(P_DMA0)->action, IPFW_ACT_IDENTITY);
}

/* The root (plan instance 0) left unpowered by policy: the masters behind
 * its caches are held for that reason, IPFW_E_UNPOWERED, not for a
 * missing root. */
static void masters_behind_an_unpowered_root_0_are_held_as_unpowered(void **state)
{
	static const char *const unbound[] = {P_USB};
	static const char *const off[] = {P_MM};
	struct ipfw_policy pol = policy(NULL, 0);
	const struct ipfw_plan_diag *d;

	(void)state;
	pol.unbound = unbound;
	pol.nunbound = 1;
	pol.unpowered = off;
	pol.nunpowered = 1;
	assert_int_equal(build("plan-basic", &pol), IPFW_PLAN_WITH_ERRORS);
	assert_int_equal(bt_inst(&plan, P_MM), 0);
	assert_true(plan.inst[0].unpowered);
	assert_int_equal(M(P_DMA0)->action, IPFW_ACT_DENY);
	assert_int_equal(M(P_DMA0)->err, IPFW_E_UNPOWERED);
	assert_int_equal(M(P_MMC0)->err, IPFW_E_UNPOWERED);
	d = bt_diag(&plan, IPFW_E_UNPOWERED, P_DMA0);
	assert_non_null(d);
	assert_non_null(strstr(d->what, "unpowered"));
	assert_int_equal(bt_count_diags(&plan, IPFW_E_NOROOT, NULL), 0);
}

/* A tree the walk refuses at one node (an IPMMU whose phandle is
 * 0xffffffff, which the DT specification 2.3.3 does not allow as a
 * phandle): no plan, and its one diagnostic names that node and property. */
static void a_refused_tree_names_the_node_at_fault(void **state)
{
	static unsigned char t[1024];
	const struct ipfw_policy pol = policy(NULL, 0);
	int node;

	(void)state;
	assert_int_equal(fdt_create(t, sizeof(t)), 0);
	assert_int_equal(fdt_finish_reservemap(t), 0);
	assert_int_equal(fdt_begin_node(t, ""), 0);
	assert_int_equal(fdt_begin_node(t, "iommu@e67b0000"), 0);
	assert_int_equal(fdt_property_string(t, "compatible", "renesas,ipmmu-r8a77965"), 0);
	assert_int_equal(fdt_property_u32(t, "#iommu-cells", 1), 0);
	assert_int_equal(fdt_property_u32(t, "phandle", 0xffffffffu), 0);
	assert_int_equal(fdt_end_node(t), 0);
	assert_int_equal(fdt_end_node(t), 0);
	assert_int_equal(fdt_finish(t), 0);
	node = fdt_path_offset(t, "/iommu@e67b0000");
	assert_true(node > 0);
	assert_int_equal(ipfw_plan_build(t, &pol, &plan), IPFW_E_DT_PHANDLE);
	assert_int_equal(plan.ndiags, 1);
	assert_int_equal(plan.diags[0].code, IPFW_E_DT_PHANDLE);
	assert_int_equal(plan.diags[0].node, node);
	assert_string_equal(plan.diags[0].prop, "phandle");
	assert_int_equal(plan.nmasters, 0);
}

/* Board-reserved contexts a root does not have (bit 8 and up on a Gen3
 * root of 8 contexts) reserve nothing; bit 1 still keeps context 1 free,
 * and context 0 is the SoC's (Gen3): the identity domain gets 2..7. */
static void reserved_contexts_beyond_the_root_reserve_nothing(void **state)
{
	static const char *const unbound[] = {P_USB};
	struct ipfw_policy pol = policy(NULL, 0);
	int id;

	(void)state;
	pol.unbound = unbound;
	pol.nunbound = 1;
	pol.reserved_ctx = (1u << 1) | (1u << 8) | (1u << 31);
	assert_int_equal(build("plan-basic", &pol), IPFW_PLAN_WITH_ERRORS); /* the unbound USB */
	id = bt_domain(&plan, "identity");
	assert_true(id >= 0);
	assert_int_equal(plan.domains[id].err, 0);
	assert_true(plan.domains[id].ctx >= 2 && plan.domains[id].ctx <= 7);
	assert_int_equal(M(P_DMA0)->err, 0);
	assert_int_equal(plan.nerrors, 1);
}

/* A domain that fails planning (a pool of 0 tables: the identity domain
 * needs its top table) denies every one of its masters, plan master 0
 * (dma-controller@e6700000) included, with the domain's code. */
static void a_failed_domain_denies_master_0_too(void **state)
{
	static const char *const unbound[] = {P_USB};
	struct ipfw_policy pol = policy(NULL, 0);
	int id;

	(void)state;
	pol.unbound = unbound;
	pol.nunbound = 1;
	pol.pool_tables = 0;
	assert_int_equal(build("plan-basic", &pol), IPFW_PLAN_WITH_ERRORS);
	id = bt_domain(&plan, "identity");
	assert_true(id >= 0);
	assert_int_equal(plan.domains[id].err, IPFW_E_NOMEM);
	assert_int_equal(bt_master(&plan, P_DMA0), 0);
	for (size_t m = 0; m < plan.nmasters; m++) {
		if (plan.masters[m].domain != id)
			continue;
		assert_int_equal(plan.masters[m].action, IPFW_ACT_DENY);
		assert_int_equal(plan.masters[m].err, IPFW_E_NOMEM);
	}
	assert_int_equal(M(P_DMA0)->domain, id);
}

/* plan-unprotected-many: 50 unbound DMA controllers, the array keeps
 * IPFW_CFG_MAX_UNPROTECTED of them and counts the rest. */
static void unprotected_masters_beyond_the_array_are_counted(void **state)
{
	const struct ipfw_policy pol = policy(NULL, 0);

	(void)state;
	(void)build("plan-unprotected-many", &pol);
	assert_int_equal(plan.nunprotected, IPFW_CFG_MAX_UNPROTECTED);
	assert_int_equal(plan.nunprotected + plan.unprotected_dropped, 50);
}

static int teardown(void **state)
{
	(void)state;
	free(blob);
	blob = NULL;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utlbs_beyond_the_array_hold_the_master_and_give_the_trees_figure),
		cmocka_unit_test(diagnostic_fields_without_a_subject_say_none),
		cmocka_unit_test(an_unbound_master_at_index_0_is_no_policy_mistake),
		cmocka_unit_test(a_master_at_the_root_node_is_found_by_path),
		cmocka_unit_test(no_plan_leaves_nothing_of_the_last_one),
		cmocka_unit_test(the_shared_identity_domain_is_no_masters_group),
		cmocka_unit_test(iommu_map_edges),
		cmocka_unit_test(unprotected_masters_follow_every_spelling_of_status),
		cmocka_unit_test(a_cache_of_another_soc_than_root_0_is_reported),
		cmocka_unit_test(masters_behind_an_unpowered_root_0_are_held_as_unpowered),
		cmocka_unit_test(a_refused_tree_names_the_node_at_fault),
		cmocka_unit_test(reserved_contexts_beyond_the_root_reserve_nothing),
		cmocka_unit_test(a_failed_domain_denies_master_0_too),
		cmocka_unit_test(unprotected_masters_beyond_the_array_are_counted),
	};

	return cmocka_run_group_tests_name("boot.plan_mutants", tests, NULL, teardown);
}
