/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The plan (ipmmu/plan.h) on synthetic trees (tests/boot/fixtures): what
 * the header promises about domains, groups, conflicts, exhaustion,
 * iommu-map gaps and overlaps, unusable IPMMUs, the SoC denylist and the
 * diagnostics. Expected values are worked out by hand from the fixtures,
 * plan.h, soc.h and the facts documents (Gen3: 8 contexts, context 0
 * reserved, 48 uTLBs; S1-32 starts at level 1 with a 4-entry table,
 * S2-40 at level 1 with two concatenated tables).
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

#include "badinput.h"
#include "boot_test_util.h"

#define ID_ATTRS (IPFW_LPAE_RW | IPFW_LPAE_WB | IPFW_LPAE_XN)
#define TR_ATTRS (IPFW_LPAE_RW | IPFW_LPAE_WB | IPFW_LPAE_XN)

static struct ipfw_plan plan;

static struct ipfw_policy policy(const struct ipfw_policy_rule *rules, size_t n)
{
	return (struct ipfw_policy){.ipmmu = &ipfw_ipmmu_plan_ops, .rules = rules, .nrules = n,
				    .default_action = IPFW_ACT_DEFAULT,
				    .fmt = IPFW_IPMMU_FMT_S1_32, .identity_attrs = ID_ATTRS,
				    .pool_tables = 64};
}

/* The plan keeps offsets into the blob: it stays loaded until the next build. */
static void *planned_blob;

static int build(const char *fixture, const struct ipfw_policy *pol)
{
	free(planned_blob);
	planned_blob = bt_load(fixture);
	return ipfw_plan_build(planned_blob, pol, &plan);
}

/* A plan was made; its return says whether it has errors (issue 14). */
static void assert_built(int built)
{
	assert_int_equal(built, plan.nerrors ? IPFW_PLAN_WITH_ERRORS : IPFW_OK);
	assert_int_equal(plan.status, built);
}

static const struct ipfw_plan_master *M(const char *path)
{
	return &plan.masters[bt_master(&plan, path)];
}

static void format(const struct ipfw_plan_diag *d, char *buf, size_t len)
{
	assert_non_null(d);
	assert_true(ipfw_plan_diag_format(&plan, d, buf, len) > 0);
}

/* A storage window: IOVA 0 -> 16 MiB at 0x48000000, 2 MiB blocks. */
static const struct ipfw_policy_map storage_map[] = {
	{0x00000000u, 0x48000000u, 0x01000000u, TR_ATTRS, false},
};
/* 64 KiB at IOVA 1 MiB: 4 KiB pages. */
static const struct ipfw_policy_map small_map[] = {
	{0x00100000u, 0x50000000u, 0x00010000u, TR_ATTRS, false},
};

/* ------------------------------------------------------------ domains */

static void default_identity_masters_share_one_domain_per_root(void **state)
{
	const char *const unbound[] = {P_USB};
	struct ipfw_policy pol = policy(NULL, 0);
	const struct ipfw_plan_master *pm;
	int mm = -1, ds0 = -1, ds1 = -1;

	(void)state;
	pol.unbound = unbound;
	pol.nunbound = 1;
	assert_built(build("plan-basic", &pol));
	mm = bt_inst(&plan, P_MM);
	ds0 = bt_inst(&plan, P_DS0);
	ds1 = bt_inst(&plan, P_DS1);
	assert_int_equal(plan.ninst, 3);
	assert_true(mm >= 0 && ds0 >= 0 && ds1 >= 0);
	assert_int_equal(plan.inst[mm].root, IPFW_IPMMU_IS_ROOT);
	assert_int_equal(plan.inst[ds0].root, mm);
	assert_int_equal(plan.inst[ds1].root, mm);
	assert_true(plan.inst[ds0].usable && plan.inst[ds1].usable && plan.inst[mm].usable);
	assert_int_equal(plan.inst[mm].base, MM_BASE);
	assert_string_equal(plan.inst[ds1].name, "iommu@e7740000");
	assert_string_equal(plan.inst[mm].hw.name, "r8a77965");

	/* ten bound masters and the unbound one */
	assert_int_equal(plan.nmasters, 11);
	/* one identity domain on the root, every bound master in it */
	assert_int_equal(plan.ndomains, 1);
	assert_string_equal(plan.domains[0].name, "identity");
	assert_int_equal(plan.domains[0].action, IPFW_ACT_IDENTITY);
	assert_int_equal(plan.domains[0].root, mm);
	assert_int_equal(plan.domains[0].err, 0);
	assert_int_equal(plan.domains[0].nmasters, 10);
	assert_false(plan.domains[0].named);
	/* Gen3: context 0 is reserved (ipmmu-vmsa.md 3) */
	assert_true(plan.domains[0].ctx >= 1 && plan.domains[0].ctx <= 7);
	/* /memory: 1 GiB at 0x40000000, identity with the policy's attributes */
	assert_int_equal(plan.nmem, 1);
	assert_int_equal(plan.domains[0].nregions, 1);
	assert_true(plan.regions[plan.domains[0].first_region].iova == 0x40000000u);
	assert_true(plan.regions[plan.domains[0].first_region].pa == 0x40000000u);
	assert_true(plan.regions[plan.domains[0].first_region].size == 0x40000000u);
	assert_int_equal(plan.regions[plan.domains[0].first_region].attrs, ID_ATTRS);
	assert_int_equal(plan.regions[plan.domains[0].first_region].master, -1);
	/* a 1 GiB-aligned GiB is one level-1 block in the 4-entry S1-32 top table */
	assert_int_equal(plan.domains[0].tables, 1);
	assert_int_equal(plan.pool_tables_needed, 1);

	for (size_t m = 0; m < plan.nmasters; m++) {
		pm = &plan.masters[m];
		if (!strcmp(bt_path(&plan, pm->node), P_USB))
			continue;
		assert_int_equal(pm->action, IPFW_ACT_IDENTITY);
		assert_int_equal(pm->domain, 0);
		assert_int_equal(pm->err, 0);
	}
	/* uTLBs as in the tree */
	pm = M(P_DMA0);
	assert_int_equal(pm->nutlbs, 2);
	assert_int_equal(plan.utlbs[pm->first_utlb].inst, ds0);
	assert_int_equal(plan.utlbs[pm->first_utlb].id, 0);
	assert_int_equal(plan.utlbs[pm->first_utlb + 1].id, 1);
	assert_int_equal(pm->nresets, 1);
	assert_int_equal(pm->resets[0].cells[0], 219);
	assert_int_equal(pm->nclocks, 1);
	assert_int_equal(pm->clocks[0].cells[0], 1);
	assert_int_equal(pm->clocks[0].cells[1], 219);
	pm = M(P_MMC0);
	assert_int_equal(pm->nutlbs, 1);
	assert_int_equal(plan.utlbs[pm->first_utlb].inst, ds1);
	assert_int_equal(plan.utlbs[pm->first_utlb].id, 32);

	/* the unbound master: held, an error naming it */
	pm = M(P_USB);
	assert_true(pm->unbound);
	assert_int_equal(pm->action, IPFW_ACT_DENY);
	assert_int_equal(pm->err, IPFW_E_NOBINDING);
	assert_int_equal(pm->domain, -1);
	assert_int_equal(pm->nutlbs, 0);
	assert_int_equal(pm->resets[0].cells[0], 328);
	assert_int_equal(plan.nerrors, 1);
	assert_int_equal(bt_count_diags(&plan, IPFW_E_NOBINDING, P_USB), 1);
	assert_int_equal(bt_diag(&plan, IPFW_E_NOBINDING, P_USB)->level, IPFW_DIAG_ERROR);
	assert_int_equal(bt_diag(&plan, IPFW_E_NOBINDING, P_USB)->master, bt_master(&plan, P_USB));
}

static void masters_sharing_a_utlb_form_one_group_and_one_domain(void **state)
{
	/* A names the domain; B and C follow their group (no domain, no maps). */
	const struct ipfw_policy_rule rules[] = {
		{P_USB_A, IPFW_ACT_TRANSLATE, "usb", small_map, 1, false},
		{P_USB_B, IPFW_ACT_TRANSLATE, NULL, NULL, 0, false},
		{P_USB_C, IPFW_ACT_TRANSLATE, NULL, NULL, 0, false},
	};
	struct ipfw_policy pol = policy(rules, 3);
	const struct ipfw_plan_master *a, *b, *c;
	int usb;

	(void)state;
	assert_built(build("plan-basic", &pol));
	assert_int_equal(plan.nerrors, 0);
	a = M(P_USB_A);
	b = M(P_USB_B);
	c = M(P_USB_C);
	/* A-B share uTLB 20, B-C share 21: one group through B */
	assert_true(a->group >= 0);
	assert_int_equal(b->group, a->group);
	assert_int_equal(c->group, a->group);
	assert_true(M(P_DMA0)->group != a->group);
	usb = bt_domain(&plan, "usb");
	assert_true(usb >= 0);
	assert_int_equal(a->domain, usb);
	assert_int_equal(b->domain, usb);
	assert_int_equal(c->domain, usb);
	assert_int_equal(plan.domains[usb].nmasters, 3);
	assert_true(plan.domains[usb].named);
	assert_int_equal(plan.domains[usb].action, IPFW_ACT_TRANSLATE);
	assert_int_equal(plan.domains[usb].nregions, 1);
	assert_int_equal(plan.regions[plan.domains[usb].first_region].master,
			 bt_master(&plan, P_USB_A));
	/* 64 KiB of 4 KiB pages: top + level 2 + level 3 */
	assert_int_equal(plan.domains[usb].tables, 3);
	/* the rest are default identity in their own shared domain */
	assert_int_equal(plan.ndomains, 2);
	assert_int_equal(M(P_DMA0)->domain, bt_domain(&plan, "identity"));
	assert_true(plan.domains[usb].ctx != plan.domains[bt_domain(&plan, "identity")].ctx);
}

static void named_domains_gather_masters_and_get_their_own_contexts(void **state)
{
	const struct ipfw_policy_rule rules[] = {
		{P_MMC0, IPFW_ACT_TRANSLATE, "storage", storage_map, 1, false},
		{P_MMC1, IPFW_ACT_TRANSLATE, "storage", storage_map, 1, false},
		{P_ETH, IPFW_ACT_IDENTITY, "net", NULL, 0, false},
		{P_DMA0, IPFW_ACT_IDENTITY, "dma", NULL, 0, false},
	};
	struct ipfw_policy pol = policy(rules, 4);
	int storage, net, dma, id;
	uint32_t ctx_seen = 0;

	(void)state;
	assert_built(build("plan-basic", &pol));
	assert_int_equal(plan.nerrors, 0);
	assert_int_equal(plan.ndomains, 4);
	storage = bt_domain(&plan, "storage");
	net = bt_domain(&plan, "net");
	dma = bt_domain(&plan, "dma");
	id = bt_domain(&plan, "identity");
	assert_true(storage >= 0 && net >= 0 && dma >= 0 && id >= 0);
	/* two masters in different groups, one name: one domain */
	assert_true(M(P_MMC0)->group != M(P_MMC1)->group);
	assert_int_equal(M(P_MMC0)->domain, storage);
	assert_int_equal(M(P_MMC1)->domain, storage);
	assert_int_equal(plan.domains[storage].nmasters, 2);
	/* both rules name the same buffer: it is mapped once */
	assert_int_equal(plan.domains[storage].nregions, 1);
	/* 16 MiB of 2 MiB blocks: top + one level-2 table */
	assert_int_equal(plan.domains[storage].tables, 2);
	/* named identity domains are separate from the shared one */
	assert_int_equal(M(P_ETH)->domain, net);
	assert_int_equal(M(P_DMA0)->domain, dma);
	assert_int_equal(M(P_DMA1)->domain, id);
	assert_int_equal(plan.domains[net].action, IPFW_ACT_IDENTITY);
	assert_int_equal(plan.domains[net].nmasters, 1);
	assert_int_equal(plan.domains[id].nmasters, 6); /* dma1, 3 usb-dma, video, fcp */
	/* every domain its own context, none of them the reserved context 0 */
	for (size_t d = 0; d < plan.ndomains; d++) {
		assert_true(plan.domains[d].ctx >= 1 && plan.domains[d].ctx <= 7);
		assert_false(ctx_seen & (1u << plan.domains[d].ctx));
		ctx_seen |= 1u << plan.domains[d].ctx;
	}
	/* pool: 1 + 2 + 1 + 1 tables, slices back to back */
	assert_int_equal(plan.pool_tables_needed, 5);
}

/* ------------------------------------------------------------ conflicts */

static void utlb_shared_across_domains_denies_the_whole_group(void **state)
{
	const struct ipfw_policy_rule rules[] = {
		{P_USB_A, IPFW_ACT_TRANSLATE, "a", small_map, 1, false},
		{P_USB_B, IPFW_ACT_TRANSLATE, "b", small_map, 1, false},
		{P_USB_C, IPFW_ACT_TRANSLATE, NULL, small_map, 1, false},
	};
	struct ipfw_policy pol = policy(rules, 3);
	const struct ipfw_plan_diag *d;
	char text[256];

	(void)state;
	assert_built(build("plan-basic", &pol));
	assert_int_equal(bt_count_diags(&plan, IPFW_E_UTLB_CONFLICT, NULL), 1);
	d = bt_diag(&plan, IPFW_E_UTLB_CONFLICT, P_USB_A);
	assert_non_null(d);
	assert_int_equal(d->level, IPFW_DIAG_ERROR);
	assert_int_equal(d->master, bt_master(&plan, P_USB_A));
	assert_int_equal(d->other, bt_master(&plan, P_USB_B));
	assert_int_equal(d->inst, bt_inst(&plan, P_DS0));
	assert_int_equal(d->utlb, 20);
	format(d, text, sizeof(text));
	assert_string_equal(text, "error IPFW_E_UTLB_CONFLICT: uTLB shared by masters of different "
				  "domains: the group is denied [/usb-dma@e65a0000] uTLB 20 of "
				  "iommu@e6740000 also used by /usb-dma@e65b0000");
	/* C shares only uTLB 21 with B: still in the group, still denied */
	assert_int_equal(M(P_USB_A)->action, IPFW_ACT_DENY);
	assert_int_equal(M(P_USB_B)->action, IPFW_ACT_DENY);
	assert_int_equal(M(P_USB_C)->action, IPFW_ACT_DENY);
	assert_int_equal(M(P_USB_A)->err, IPFW_E_UTLB_CONFLICT);
	assert_int_equal(M(P_USB_B)->err, IPFW_E_UTLB_CONFLICT);
	assert_int_equal(M(P_USB_C)->err, IPFW_E_UTLB_CONFLICT);
	assert_int_equal(M(P_USB_A)->domain, -1);
	assert_int_equal(M(P_USB_C)->domain, -1);
	assert_int_equal(bt_domain(&plan, "a"), -1);
	assert_int_equal(bt_domain(&plan, "b"), -1);
	/* nobody else suffers */
	assert_int_equal(plan.nerrors, 1);
	assert_int_equal(M(P_DMA0)->action, IPFW_ACT_IDENTITY);
	assert_int_equal(M(P_MMC0)->action, IPFW_ACT_IDENTITY);
	assert_true(M(P_MMC0)->domain >= 0);
	assert_int_equal(plan.ndomains, 1);
}

static void bypass_and_translate_on_one_utlb_is_a_conflict(void **state)
{
	const struct ipfw_policy_rule rules[] = {
		{P_USB_A, IPFW_ACT_BYPASS, NULL, NULL, 0, false},
		{P_USB_B, IPFW_ACT_TRANSLATE, "usb", small_map, 1, false},
	};
	struct ipfw_policy pol = policy(rules, 2);
	const struct ipfw_plan_diag *d;
	char text[256];

	(void)state;
	assert_built(build("plan-basic", &pol));
	assert_int_equal(bt_count_diags(&plan, IPFW_E_UTLB_CONFLICT, NULL), 1);
	d = bt_diag(&plan, IPFW_E_UTLB_CONFLICT, P_USB_A);
	assert_non_null(d);
	assert_int_equal(d->other, bt_master(&plan, P_USB_B));
	assert_int_equal(d->utlb, 20);
	format(d, text, sizeof(text));
	assert_string_equal(text, "error IPFW_E_UTLB_CONFLICT: uTLB shared by a bypassed and a "
				  "translated master: the group is denied [/usb-dma@e65a0000] uTLB "
				  "20 of iommu@e6740000 also used by /usb-dma@e65b0000");
	/* the bypass is not granted either */
	assert_int_equal(M(P_USB_A)->action, IPFW_ACT_DENY);
	assert_int_equal(M(P_USB_A)->err, IPFW_E_UTLB_CONFLICT);
	assert_int_equal(M(P_USB_B)->err, IPFW_E_UTLB_CONFLICT);
	assert_int_equal(M(P_USB_C)->err, IPFW_E_UTLB_CONFLICT);
	assert_int_equal(M(P_ETH)->action, IPFW_ACT_IDENTITY);
}

/* ------------------------------------------------------------ exhaustion */

/* Eight uTLB groups, each its own unnamed translate domain. */
static const struct ipfw_policy_rule eight_domains[] = {
	{P_DMA0, IPFW_ACT_TRANSLATE, NULL, small_map, 1, false},
	{P_DMA1, IPFW_ACT_TRANSLATE, NULL, small_map, 1, false},
	{P_USB_A, IPFW_ACT_TRANSLATE, NULL, small_map, 1, false},
	{P_USB_B, IPFW_ACT_TRANSLATE, NULL, NULL, 0, false},
	{P_USB_C, IPFW_ACT_TRANSLATE, NULL, NULL, 0, false},
	{P_MMC0, IPFW_ACT_TRANSLATE, NULL, small_map, 1, false},
	{P_MMC1, IPFW_ACT_TRANSLATE, NULL, small_map, 1, false},
	{P_ETH, IPFW_ACT_TRANSLATE, NULL, small_map, 1, false},
	{P_VIDEO, IPFW_ACT_TRANSLATE, NULL, small_map, 1, false},
	{P_FCP, IPFW_ACT_TRANSLATE, NULL, small_map, 1, false},
};

/* `excess` domains fail with NOCTX, the others hold distinct contexts
 * outside `forbidden`; masters follow their domain. */
static void expect_noctx(unsigned int excess, uint32_t forbidden)
{
	unsigned int failed = 0;
	uint32_t seen = 0;

	assert_int_equal(plan.ndomains, 8);
	for (size_t d = 0; d < plan.ndomains; d++) {
		const struct ipfw_plan_domain *pd = &plan.domains[d];
		unsigned int n = 0;

		assert_false(pd->named);
		for (size_t m = 0; m < plan.nmasters; m++) {
			if (plan.masters[m].domain != (int16_t)d)
				continue;
			n++;
			if (pd->err) {
				assert_int_equal(plan.masters[m].action, IPFW_ACT_DENY);
				assert_int_equal(plan.masters[m].err, IPFW_E_NOCTX);
			} else {
				assert_int_equal(plan.masters[m].action, IPFW_ACT_TRANSLATE);
				assert_int_equal(plan.masters[m].err, 0);
			}
		}
		assert_int_equal(n, pd->nmasters);
		if (pd->err) {
			const struct ipfw_plan_diag *diag = bt_diag(&plan, IPFW_E_NOCTX, pd->name);

			assert_int_equal(pd->err, IPFW_E_NOCTX);
			assert_int_equal(pd->ctx, -1);
			assert_non_null(diag);
			assert_int_equal(diag->level, IPFW_DIAG_ERROR);
			assert_int_equal(diag->domain, (int)d);
			failed++;
			continue;
		}
		assert_true(pd->ctx >= 1 && pd->ctx <= 7);
		assert_false((1u << pd->ctx) & (seen | forbidden));
		seen |= 1u << pd->ctx;
	}
	assert_int_equal(failed, excess);
	assert_int_equal(bt_count_diags(&plan, IPFW_E_NOCTX, NULL), excess);
	assert_int_equal(plan.nerrors, excess);
	/* the usb group is one domain of three masters */
	assert_int_equal(plan.domains[M(P_USB_A)->domain].nmasters, 3);
}

static void more_domains_than_contexts_denies_only_the_excess(void **state)
{
	struct ipfw_policy pol = policy(eight_domains, 10);

	(void)state;
	/* 8 contexts, context 0 reserved on Gen3: 7 domains fit, 1 does not */
	assert_built(build("plan-basic", &pol));
	expect_noctx(1, 1u << 0);
}

static void board_reserved_contexts_shrink_the_supply(void **state)
{
	struct ipfw_policy pol = policy(eight_domains, 10);

	(void)state;
	/* the board keeps contexts 1 and 2 for itself: 5 left, 3 domains out */
	pol.reserved_ctx = (1u << 1) | (1u << 2);
	assert_built(build("plan-basic", &pol));
	expect_noctx(3, (1u << 0) | (1u << 1) | (1u << 2));
}

static void table_pool_too_small_denies_the_domain_that_does_not_fit(void **state)
{
	/* domains in master order: identity (dma0, 1 table), storage (mmc0,
	 * 2 tables), net (ethernet, 1 table) */
	const struct ipfw_policy_rule rules[] = {
		{P_MMC0, IPFW_ACT_TRANSLATE, "storage", storage_map, 1, false},
		{P_ETH, IPFW_ACT_IDENTITY, "net", NULL, 0, false},
	};
	struct ipfw_policy pol = policy(rules, 2);
	int storage, net, id;

	(void)state;
	pol.pool_tables = 2;
	assert_built(build("plan-basic", &pol));
	storage = bt_domain(&plan, "storage");
	net = bt_domain(&plan, "net");
	id = bt_domain(&plan, "identity");
	assert_int_equal(plan.domains[storage].err, IPFW_E_NOMEM);
	assert_int_equal(plan.domains[id].err, 0);
	assert_int_equal(plan.domains[net].err, 0);
	assert_int_equal(plan.domains[id].tables + plan.domains[net].tables, 2);
	assert_true(plan.domains[id].pool_first != plan.domains[net].pool_first);
	assert_true(plan.domains[id].pool_first < 2 && plan.domains[net].pool_first < 2);
	assert_int_equal(plan.pool_tables_needed, 2);
	assert_int_equal(M(P_MMC0)->action, IPFW_ACT_DENY);
	assert_int_equal(M(P_MMC0)->err, IPFW_E_NOMEM);
	assert_int_equal(M(P_ETH)->action, IPFW_ACT_IDENTITY);
	assert_int_equal(M(P_MMC1)->action, IPFW_ACT_IDENTITY);
	assert_int_equal(bt_count_diags(&plan, IPFW_E_NOMEM, "storage"), 1);
	assert_int_equal(bt_diag(&plan, IPFW_E_NOMEM, "storage")->domain, storage);
	assert_int_equal(plan.nerrors, 1);
}

/* ------------------------------------------------------------ formats */

static void s2_40_domains_need_concatenated_tops_on_even_pool_slots(void **state)
{
	const struct ipfw_policy_rule rules[] = {
		{P_MMC0, IPFW_ACT_TRANSLATE, "storage", storage_map, 1, false},
		{P_ETH, IPFW_ACT_IDENTITY, "net", NULL, 0, false},
	};
	struct ipfw_policy pol = policy(rules, 2);
	int storage, net, id;

	(void)state;
	/* S1-32 first: 1 + 2 + 1 tables back to back */
	assert_built(build("plan-basic", &pol));
	assert_int_equal(plan.fmt, IPFW_IPMMU_FMT_S1_32);
	assert_int_equal(plan.pool_tables_needed, 4);

	/* S2-40: two concatenated level-1 tables (8 KiB, 8 KiB aligned) on top:
	 * identity 2 at 0, storage 2+1 at 2, net 2 at 6 (5 rounded up) */
	pol.fmt = IPFW_IPMMU_FMT_S2_40;
	assert_built(build("plan-basic", &pol));
	assert_int_equal(plan.nerrors, 0);
	assert_int_equal(plan.fmt, IPFW_IPMMU_FMT_S2_40);
	storage = bt_domain(&plan, "storage");
	net = bt_domain(&plan, "net");
	id = bt_domain(&plan, "identity");
	assert_int_equal(plan.domains[id].tables, 2);
	assert_int_equal(plan.domains[id].pool_first, 0);
	assert_int_equal(plan.domains[storage].tables, 3);
	assert_int_equal(plan.domains[storage].pool_first, 2);
	assert_int_equal(plan.domains[net].tables, 2);
	assert_int_equal(plan.domains[net].pool_first, 6);
	assert_int_equal(plan.pool_tables_needed, 8);
}

static void dram_beyond_the_s1_32_input_range_is_clipped_with_a_warning(void **state)
{
	struct ipfw_policy pol = policy(NULL, 0);
	const struct ipfw_plan_domain *pd;
	const struct ipfw_plan_region *r;
	unsigned int warnings = 0;
	char text[256];

	(void)state;
	assert_built(build("plan-highmem", &pol));
	assert_int_equal(plan.nmem, 3);
	assert_int_equal(plan.ndomains, 1);
	pd = &plan.domains[0];
	assert_int_equal(pd->err, 0);
	/* [0x40000000, +1 GiB) whole; [0xc0000000, +2 GiB) cut at 4 GiB;
	 * [0x480000000, +1 GiB) dropped */
	assert_int_equal(pd->nregions, 2);
	r = &plan.regions[pd->first_region];
	assert_true(r[0].iova == 0x40000000u && r[0].pa == 0x40000000u && r[0].size == 0x40000000u);
	assert_true(r[1].iova == 0xC0000000u && r[1].pa == 0xC0000000u && r[1].size == 0x40000000u);
	for (size_t i = 0; i < plan.ndiags; i++) {
		const struct ipfw_plan_diag *d = &plan.diags[i];

		assert_int_equal(d->level, IPFW_DIAG_WARNING);
		assert_int_equal(d->code, IPFW_E_RANGE);
		assert_string_equal(bt_dpath(&plan, d), "/memory");
		assert_int_equal(d->domain, 0);
		/* DRAM ranges 1 (straddling) and 2 (above) */
		assert_int_equal(d->index, (int)(1 + warnings));
		warnings++;
	}
	assert_int_equal(warnings, 2);
	assert_int_equal(plan.nerrors, 0);
	assert_int_equal(M(P_DMA0)->action, IPFW_ACT_IDENTITY);
	format(&plan.diags[0], text, sizeof(text));
	assert_non_null(strstr(text, "warning IPFW_E_RANGE: DRAM beyond the format's input range is "
				     "not identity-mapped"));

	/* S2-40 (40-bit input) maps all three, whole, without warnings */
	pol.fmt = IPFW_IPMMU_FMT_S2_40;
	assert_built(build("plan-highmem", &pol));
	assert_int_equal(plan.ndiags, 0);
	pd = &plan.domains[0];
	assert_int_equal(pd->nregions, 3);
	r = &plan.regions[pd->first_region];
	assert_true(r[1].iova == 0xC0000000u && r[1].size == 0x80000000u);
	assert_true(r[2].iova == 0x480000000ull && r[2].pa == 0x480000000ull &&
		    r[2].size == 0x40000000u);
}

/* ------------------------------------------------------------ iommu-map */

struct idrange {
	uint32_t lo, hi;
};

/* The NOMATCH warnings of `path`, in order, are exactly `want`. */
static void expect_gaps(const char *path, const struct idrange *want, size_t n, bool bypass)
{
	size_t k = 0;

	for (size_t i = 0; i < plan.ndiags; i++) {
		const struct ipfw_plan_diag *d = &plan.diags[i];

		if (d->code != IPFW_E_DT_NOMATCH || strcmp(bt_dpath(&plan, d), path))
			continue;
		assert_true(k < n);
		assert_int_equal(d->level, IPFW_DIAG_WARNING);
		assert_string_equal(d->prop, "iommu-map");
		assert_int_equal(d->master, bt_master(&plan, path));
		assert_int_equal(d->id_lo, want[k].lo);
		assert_int_equal(d->id_hi, want[k].hi);
		assert_non_null(strstr(d->what, bypass ? "bypass" : "denied"));
		k++;
	}
	assert_int_equal(k, n);
}

static void iommu_map_gaps_and_overlaps_are_reported_in_masked_id_space(void **state)
{
	static const struct idrange fe00[] = {{0x10, 0x1f}, {0x30, 0xff}};
	static const struct idrange ee80[] = {{0x08, 0x08}, {0x20, 0xfff8}};
	static const struct idrange fe10[] = {{0x0, 0xff}, {0x110, 0xffff}};
	struct ipfw_policy pol = policy(NULL, 0);
	const struct ipfw_plan_master *pm;
	const struct ipfw_plan_diag *d = NULL;
	unsigned int overlaps = 0;
	char text[256];

	(void)state;
	assert_built(build("plan-pcie", &pol));
	assert_int_equal(plan.nerrors, 0);
	expect_gaps("/pcie@fe000000", fe00, 2, false);
	expect_gaps("/pcie@ee800000", ee80, 2, false);
	expect_gaps("/pcie@fe100000", fe10, 2, false);
	/* one overlap: entry 2 of ee800000, masked ID 0x10 (entry 1 wins) */
	for (size_t i = 0; i < plan.ndiags; i++) {
		if (plan.diags[i].code == 0 && plan.diags[i].level == IPFW_DIAG_WARNING) {
			d = &plan.diags[i];
			overlaps++;
		}
	}
	assert_int_equal(overlaps, 1);
	assert_string_equal(bt_dpath(&plan, d), "/pcie@ee800000");
	assert_string_equal(d->prop, "iommu-map");
	assert_int_equal(d->index, 2);
	assert_int_equal(d->id_lo, 0x10);
	assert_int_equal(d->id_hi, 0x10);
	format(d, text, sizeof(text));
	assert_string_equal(text, "warning: iommu-map entry overlaps an earlier one: the earlier "
				  "entry wins for the shared IDs [/pcie@ee800000 iommu-map[2]] IDs "
				  "0x10");
	format(bt_diag(&plan, IPFW_E_DT_NOMATCH, "/pcie@fe000000"), text, sizeof(text));
	assert_string_equal(text, "warning IPFW_E_DT_NOMATCH: requester IDs no iommu-map entry "
				  "covers: denied [/pcie@fe000000 iommu-map] IDs 0x10-0x1f");

	/* the hosts themselves are planned on the uTLBs their entries name */
	pm = M("/pcie@fe000000");
	assert_true(pm->pci_host);
	assert_int_equal(pm->action, IPFW_ACT_IDENTITY);
	assert_int_equal(pm->nutlbs, 32); /* ds0 0-15 and 16-31 */
	for (size_t k = 0; k < pm->nutlbs; k++) {
		assert_int_equal(plan.utlbs[pm->first_utlb + k].inst, bt_inst(&plan, P_DS0));
		assert_int_equal(plan.utlbs[pm->first_utlb + k].id, k);
	}
	pm = M("/pcie@fe100000");
	assert_int_equal(pm->nutlbs, 16);
	assert_int_equal(plan.utlbs[pm->first_utlb].id, 32);
	assert_true(M("/pcie@ee800000")->domain >= 0);

	/* Mask 0xfff8: only masked IDs reach a uTLB, first match wins. Entry 0
	 * reaches ID 0 (uTLB 0), entry 1 ID 0x10 (uTLB 8); entry 2 covers 0x10
	 * and 0x18, but 0x10 is entry 1's, so only 0x18 (uTLB 16 + 1*8 = 24). */
	pm = M("/pcie@ee800000");
	assert_int_equal(pm->nutlbs, 3);
	assert_int_equal(plan.utlbs[pm->first_utlb + 0].id, 0);
	assert_int_equal(plan.utlbs[pm->first_utlb + 1].id, 8);
	assert_int_equal(plan.utlbs[pm->first_utlb + 2].id, 24);
}

/* An ID range that starts (and ends) at 0 is still printed. */
static void diag_text_prints_an_id_range_at_zero(void **state)
{
	struct ipfw_plan_diag d = {.level = IPFW_DIAG_WARNING, .code = 0, .master = -1,
				   .other = -1, .inst = -1, .domain = -1, .utlb = -1, .node = -1,
				   .path = "/pcie@0", .prop = "iommu-map", .index = 1,
				   .id_lo = 0, .id_hi = 0, .ids = true, .what = "overlap"};
	char text[200];

	(void)state;
	plan.ninst = 0;
	plan.nmasters = 0;
	format(&d, text, sizeof(text));
	assert_string_equal(text, "warning: overlap [/pcie@0 iommu-map[1]] IDs 0x0");
}

static void iommu_map_gaps_say_bypass_when_the_policy_allows_it(void **state)
{
	static const struct idrange fe00[] = {{0x10, 0x1f}, {0x30, 0xff}};
	const struct ipfw_policy_rule rules[] = {
		{"/pcie@fe000000", IPFW_ACT_IDENTITY, NULL, NULL, 0, true},
	};
	struct ipfw_policy pol = policy(rules, 1);
	char text[256];

	(void)state;
	assert_built(build("plan-pcie", &pol));
	expect_gaps("/pcie@fe000000", fe00, 2, true);
	format(bt_diag(&plan, IPFW_E_DT_NOMATCH, "/pcie@fe000000"), text, sizeof(text));
	assert_string_equal(text, "warning IPFW_E_DT_NOMATCH: requester IDs no iommu-map entry "
				  "covers: bypass (policy) [/pcie@fe000000 iommu-map] IDs 0x10-0x1f");
}

/* ------------------------------------------------------------ unusable IPMMUs */

static void masters_behind_a_disabled_ipmmu_are_denied_the_rest_planned(void **state)
{
	const char *const behind_ds1[] = {P_DMA1, P_MMC0, P_MMC1, P_VIDEO};
	struct ipfw_policy pol = policy(NULL, 0);
	int ds1;

	(void)state;
	assert_built(build("plan-ds1-disabled", &pol));
	ds1 = bt_inst(&plan, P_DS1);
	assert_true(ds1 >= 0);
	assert_false(plan.inst[ds1].enabled);
	assert_false(plan.inst[ds1].usable);
	for (size_t i = 0; i < 4; i++) {
		const struct ipfw_plan_diag *d = bt_diag(&plan, IPFW_E_DT_DISABLED, behind_ds1[i]);

		assert_int_equal(M(behind_ds1[i])->action, IPFW_ACT_DENY);
		assert_int_equal(M(behind_ds1[i])->err, IPFW_E_DT_DISABLED);
		assert_int_equal(M(behind_ds1[i])->domain, -1);
		assert_non_null(d);
		assert_int_equal(d->level, IPFW_DIAG_ERROR);
		assert_int_equal(d->master, bt_master(&plan, behind_ds1[i]));
		assert_string_equal(d->prop, "iommus");
		assert_int_equal(d->index, 0);
	}
	assert_int_equal(plan.nerrors, 4);
	assert_int_equal(M(P_DMA0)->action, IPFW_ACT_IDENTITY);
	assert_int_equal(M(P_ETH)->action, IPFW_ACT_IDENTITY);
	assert_int_equal(M(P_FCP)->action, IPFW_ACT_IDENTITY);
	assert_int_equal(plan.domains[M(P_DMA0)->domain].nmasters, 6);
}

/* A PCIe host whose iommu-map names a disabled IPMMU: denied, said at
 * its iommu-map entry, never planned on the disabled IPMMU. */
static void pcie_host_mapped_onto_a_disabled_ipmmu_is_denied(void **state)
{
	struct ipfw_policy pol = policy(NULL, 0);
	const struct ipfw_plan_diag *d;

	(void)state;
	assert_int_equal(build("plan-pcie-disabled", &pol), IPFW_PLAN_WITH_ERRORS);
	assert_int_equal(M("/pcie@fe000000")->action, IPFW_ACT_DENY);
	assert_int_equal(M("/pcie@fe000000")->err, IPFW_E_DT_DISABLED);
	assert_int_equal(M("/pcie@fe000000")->nutlbs, 0);
	d = bt_diag(&plan, IPFW_E_DT_DISABLED, "/pcie@fe000000");
	assert_non_null(d);
	assert_string_equal(d->prop, "iommu-map");
	assert_int_equal(d->index, 0);
	assert_false(plan.inst[bt_inst(&plan, P_DS1)].needed);
}

/* More resets and clocks than the refs array holds: that master is held,
 * the diagnostic names the capacity option and its value; the others are
 * planned. */
static void a_master_with_more_clocks_than_the_build_keeps_is_held(void **state)
{
	struct ipfw_policy pol = policy(NULL, 0);
	const struct ipfw_plan_diag *d;

	(void)state;
	assert_int_equal(build("plan-many-refs", &pol), IPFW_PLAN_WITH_ERRORS);
	assert_int_equal(M(P_DMA0)->action, IPFW_ACT_DENY);
	assert_int_equal(M(P_DMA0)->err, IPFW_E_NOSPACE);
	d = bt_diag(&plan, IPFW_E_NOSPACE, P_DMA0);
	assert_non_null(d);
	assert_string_equal(d->capacity, "IPFW_CFG_MAX_REFS");
	assert_int_equal(d->have, IPFW_PLAN_MAX_REFS);
	assert_string_equal(d->prop, "clocks");
	assert_int_equal(M(P_DMA1)->action, IPFW_ACT_IDENTITY);
}

/* A rule with more mappings than the plan holds: its domain fails with
 * IPFW_E_NOSPACE, its master is denied, and nothing is written past the
 * region array. */
static void more_mappings_than_the_plan_holds_fail_the_domain(void **state)
{
	static struct ipfw_policy_map many[IPFW_PLAN_MAX_REGIONS + 1];
	static const struct ipfw_policy_rule rules[] = {
		{P_DMA0, IPFW_ACT_TRANSLATE, "many", many, IPFW_PLAN_MAX_REGIONS + 1, false},
	};
	struct ipfw_policy pol = policy(rules, 1);
	int d;

	(void)state;
	for (size_t i = 0; i < IPFW_PLAN_MAX_REGIONS + 1u; i++)
		many[i] = (struct ipfw_policy_map){i * 0x10000u, 0x48000000u + i * 0x10000u,
						   0x1000u, TR_ATTRS, false};
	pol.default_action = IPFW_ACT_DENY;
	assert_int_equal(build("plan-basic", &pol), IPFW_PLAN_WITH_ERRORS);
	d = bt_domain(&plan, "many");
	assert_true(d >= 0);
	assert_int_equal(plan.domains[d].err, IPFW_E_NOSPACE);
	assert_int_equal(M(P_DMA0)->action, IPFW_ACT_DENY);
	assert_int_equal(M(P_DMA0)->err, IPFW_E_NOSPACE);
	assert_true(plan.nregions <= IPFW_PLAN_MAX_REGIONS);
}

/* Every SoC built in: Gen3 and Gen4 bus masters are both recognised (the
 * lean build of test_plan_lean.c keeps no Gen4 compatibles). */
static void gen3_and_gen4_bus_masters_are_both_listed(void **state)
{
	struct ipfw_policy pol = policy(NULL, 0);

	(void)state;
	assert_true(build("plan-pcie-gens", &pol) >= 0);
	assert_int_equal(plan.nunprotected, 2);
	for (size_t i = 0; i < 2; i++)
		assert_string_equal(ipfw_plan_dma_ip_name(&plan, plan.unprotected[i].kind),
				    "PCIe host (its endpoints' DMA)");
}

/* An IPMMU the board lists as unpowered is left alone: its masters are
 * held with IPFW_E_UNPOWERED (one diagnostic each), the rest is planned. */
static void masters_behind_an_unpowered_ipmmu_are_held(void **state)
{
	static const char *const off[] = {P_DS1};
	const char *const behind_ds1[] = {P_DMA1, P_MMC0, P_MMC1, P_VIDEO};
	struct ipfw_policy pol = policy(NULL, 0);
	int ds1;

	(void)state;
	pol.unpowered = off;
	pol.nunpowered = 1;
	assert_built(build("plan-basic", &pol));
	ds1 = bt_inst(&plan, P_DS1);
	assert_true(ds1 >= 0);
	assert_true(plan.inst[ds1].enabled);
	assert_true(plan.inst[ds1].unpowered);
	assert_false(plan.inst[ds1].usable);
	assert_non_null(bt_diag(&plan, IPFW_E_UNPOWERED, P_DS1));
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(M(behind_ds1[i])->action, IPFW_ACT_DENY);
		assert_int_equal(M(behind_ds1[i])->err, IPFW_E_UNPOWERED);
		assert_non_null(bt_diag(&plan, IPFW_E_UNPOWERED, behind_ds1[i]));
	}
	assert_int_equal(plan.nerrors, 4);
	assert_int_equal(M(P_DMA0)->action, IPFW_ACT_IDENTITY);
	assert_true(M(P_DMA0)->domain >= 0);
}

static void cache_ipmmu_without_its_root_denies_its_masters(void **state)
{
	struct ipfw_policy pol = policy(NULL, 0);
	const struct ipfw_plan_diag *d;
	int hc;

	(void)state;
	assert_built(build("plan-root-missing", &pol));
	hc = bt_inst(&plan, "/iommu@e6570000");
	assert_true(hc >= 0);
	assert_false(plan.inst[hc].usable);
	d = bt_diag(&plan, IPFW_E_NOROOT, "/iommu@e6570000");
	assert_non_null(d);
	assert_int_equal(d->level, IPFW_DIAG_ERROR);
	assert_int_equal(d->inst, hc);
	assert_string_equal(d->prop, "renesas,ipmmu-main");
	assert_int_equal(M("/sata@ee300000")->action, IPFW_ACT_DENY);
	assert_int_equal(M("/sata@ee300000")->err, IPFW_E_NOROOT);
	assert_int_equal(M(P_DMA0)->action, IPFW_ACT_IDENTITY);
	assert_int_equal(M(P_MMC0)->action, IPFW_ACT_IDENTITY);
	assert_true(plan.domains[M(P_MMC0)->domain].ctx >= 1);
}

static void unknown_ipmmu_compatible_denies_every_master(void **state)
{
	struct ipfw_policy pol = policy(NULL, 0);

	(void)state;
	assert_built(build("plan-unknown-soc", &pol));
	assert_int_equal(plan.ninst, 3);
	for (size_t i = 0; i < plan.ninst; i++) {
		const struct ipfw_plan_diag *d = bt_diag(&plan, IPFW_E_NOSOC, bt_path(&plan, plan.inst[i].node));

		assert_null(plan.inst[i].hw.hw);
		assert_false(plan.inst[i].usable);
		assert_non_null(d);
		assert_int_equal(d->level, IPFW_DIAG_ERROR);
		assert_string_equal(d->prop, "compatible");
		assert_int_equal(d->inst, (int)i);
	}
	for (size_t m = 0; m < plan.nmasters; m++) {
		assert_int_equal(plan.masters[m].action, IPFW_ACT_DENY);
		assert_int_equal(plan.masters[m].err, IPFW_E_NOSOC);
	}
	assert_int_equal(plan.ndomains, 0);
}

/* ------------------------------------------------------------ denylist */

/* The root's verdict, and whether its masters were planned or denied. */
static void expect_gate(const char *fixture, struct ipfw_soc_rev rev, bool override,
			enum ipfw_soc_verdict verdict, enum ipfw_diag_level level, bool planned)
{
	struct ipfw_policy pol = policy(NULL, 0);
	const struct ipfw_plan_diag *d;
	int mm;

	pol.rev = rev;
	pol.soc_override = override;
	assert_built(build(fixture, &pol));
	mm = bt_inst(&plan, P_MM);
	assert_int_equal(plan.inst[mm].hw.verdict, verdict);
	d = bt_diag(&plan, IPFW_E_DENYLISTED, P_MM);
	if (verdict == IPFW_SOC_ALLOWED) {
		assert_null(d);
	} else {
		assert_non_null(d);
		assert_int_equal(d->level, level);
		assert_int_equal(d->inst, mm);
	}
	assert_int_equal(bt_count_diags(&plan, IPFW_E_DENYLISTED, P_MM), d ? 1 : 0);
	/* caches follow their root: no verdict of their own */
	assert_int_equal(bt_count_diags(&plan, IPFW_E_DENYLISTED, P_DS0), 0);
	assert_int_equal(bt_count_diags(&plan, IPFW_E_DENYLISTED, P_DS1), 0);
	for (size_t m = 0; m < plan.nmasters; m++) {
		const struct ipfw_plan_diag *md =
			bt_diag(&plan, IPFW_E_DENYLISTED, bt_path(&plan, plan.masters[m].node));

		if (planned) {
			assert_int_equal(plan.masters[m].action, IPFW_ACT_IDENTITY);
			assert_null(md);
		} else {
			assert_int_equal(plan.masters[m].action, IPFW_ACT_DENY);
			assert_int_equal(plan.masters[m].err, IPFW_E_DENYLISTED);
			assert_non_null(md);
			assert_int_equal(md->level, IPFW_DIAG_ERROR);
		}
	}
	assert_int_equal(plan.nerrors, bt_count_level(&plan, IPFW_DIAG_ERROR));
	assert_int_equal(plan.ndomains, planned ? 1 : 0);
}

static void denylisted_soc_is_denied_unless_the_board_overrides(void **state)
{
	const struct ipfw_soc_rev unknown = {false, 0};
	const struct ipfw_soc_rev m3w_es30 = {true, 0x5230};

	(void)state;
	/* M3-W: refused on every revision */
	expect_gate("plan-m3w", unknown, false, IPFW_SOC_DENIED, IPFW_DIAG_ERROR, false);
	expect_gate("plan-m3w", m3w_es30, false, IPFW_SOC_DENIED, IPFW_DIAG_ERROR, false);
	expect_gate("plan-m3w", m3w_es30, true, IPFW_SOC_DENIED, IPFW_DIAG_WARNING, true);
}

/* issue 11.7: the refusal names the SoC and the revision seen, and the way on */
static void denylist_message_names_soc_revision_and_how_to_proceed(void **state)
{
	struct ipfw_policy pol = policy(NULL, 0);
	const struct ipfw_plan_diag *d;
	char text[400];

	(void)state;
	assert_built(build("plan-h3", &pol));
	d = bt_diag(&plan, IPFW_E_DENYLISTED, P_MM);
	assert_non_null(d);
	format(d, text, sizeof(text));
	assert_non_null(strstr(text, "no revision was given"));
	assert_non_null(strstr(text, "(SoC r8a7795, revision unknown; give the PRR value with "
				     "soc-rev (policy.rev), or accept the SoC with soc-override "
				     "(policy.soc_override))"));
	pol.rev = (struct ipfw_soc_rev){true, 0x4F11};
	assert_built(build("plan-h3", &pol));
	d = bt_diag(&plan, IPFW_E_DENYLISTED, P_MM);
	assert_non_null(d);
	format(d, text, sizeof(text));
	assert_non_null(strstr(text, "(SoC r8a7795, revision 0x4f11; give the PRR"));
	/* overridden: a warning that still says what was seen, no advice */
	pol.soc_override = true;
	assert_built(build("plan-h3", &pol));
	d = bt_diag(&plan, IPFW_E_DENYLISTED, P_MM);
	assert_non_null(d);
	format(d, text, sizeof(text));
	assert_non_null(strstr(text, "(SoC r8a7795, revision 0x4f11)"));
}

static void h3_verdict_needs_the_prr_cut(void **state)
{
	const struct ipfw_soc_rev unknown = {false, 0};
	const struct ipfw_soc_rev es20 = {true, 0x4F11};   /* H3 product 0x4F, cut ES2.x */
	const struct ipfw_soc_rev es30 = {true, 0x4F20};   /* ES3.0 */
	const struct ipfw_soc_rev other = {true, 0x5530};  /* an M3-N PRR on an H3 tree */

	(void)state;
	expect_gate("plan-h3", es30, false, IPFW_SOC_ALLOWED, IPFW_DIAG_ERROR, true);
	expect_gate("plan-h3", es20, false, IPFW_SOC_DENIED, IPFW_DIAG_ERROR, false);
	expect_gate("plan-h3", es20, true, IPFW_SOC_DENIED, IPFW_DIAG_WARNING, true);
	expect_gate("plan-h3", unknown, false, IPFW_SOC_UNKNOWN, IPFW_DIAG_ERROR, false);
	expect_gate("plan-h3", unknown, true, IPFW_SOC_UNKNOWN, IPFW_DIAG_WARNING, true);
	expect_gate("plan-h3", other, false, IPFW_SOC_UNKNOWN, IPFW_DIAG_ERROR, false);
	/* M3-N has no denylist rule: allowed whatever the board says */
	expect_gate("plan-basic", unknown, false, IPFW_SOC_ALLOWED, IPFW_DIAG_ERROR, true);
}

/* ------------------------------------------------------------ policy mistakes */

/* issue 11.3: a rule for an enabled node without iommus would not confine
 * it: an error, and the node is held as an unbound master is */
static void rule_for_a_node_without_binding_is_an_error_and_holds_it(void **state)
{
	static const struct ipfw_policy_map window[] = {
		{0x00000000u, 0x48000000u, 0x01000000u, TR_ATTRS, false},
	};
	const struct ipfw_policy_rule rules[] = {
		{P_DMA0, IPFW_ACT_IDENTITY, NULL, NULL, 0, false},
		{P_USB, IPFW_ACT_TRANSLATE, "usb", window, 1, false},
	};
	struct ipfw_policy pol = policy(rules, 2);
	const struct ipfw_plan_master *pm;
	const struct ipfw_plan_diag *d;
	char text[320];

	(void)state;
	assert_int_equal(build("plan-basic", &pol), IPFW_PLAN_WITH_ERRORS);
	pm = M(P_USB);
	assert_true(pm->unbound);
	assert_int_equal(pm->action, IPFW_ACT_DENY);
	assert_int_equal(pm->err, IPFW_E_NOBINDING);
	assert_int_equal(pm->nutlbs, 0);
	/* held by its reset on the CPG, like any unbound master */
	assert_true(pm->nresets >= 1);
	d = bt_diag(&plan, IPFW_E_NOBINDING, P_USB);
	assert_non_null(d);
	assert_int_equal(d->level, IPFW_DIAG_ERROR);
	/* where: the policy's rule 1, not a property of the node */
	assert_int_equal(d->index, 1);
	assert_null(d->prop);
	format(d, text, sizeof(text));
	assert_non_null(strstr(text, "policy rule names a node with no IOMMU binding"));
	assert_non_null(strstr(text, "held in reset"));
	/* no warning that it names nothing: it names something, unbound */
	assert_int_equal(bt_count_diags(&plan, IPFW_E_POLICY, NULL), 0);
	/* no domain was made for it */
	assert_int_equal(bt_domain(&plan, "usb"), -1);
}

/* issue 11.3: likely DMA masters without a binding are named, plainly
 * outside the IOMMU's protection; one the board lists as unbound is held
 * instead, one it lists as unprotected is marked accepted */
static void likely_dma_masters_without_binding_are_reported(void **state)
{
	const char *const unbound[] = {P_USB};
	const char *const accepted[] = {P_USB};
	struct ipfw_policy pol = policy(NULL, 0);

	(void)state;
	assert_built(build("plan-basic", &pol));
	assert_int_equal(plan.nunprotected, 1);
	assert_int_equal(plan.unprotected_dropped, 0);
	assert_string_equal(bt_path(&plan, plan.unprotected[0].node), P_USB);
	assert_string_equal(ipfw_plan_dma_ip_name(&plan, plan.unprotected[0].kind), "USB 3.0 host (xHCI)");
	assert_false(plan.unprotected[0].accepted);
	/* not an error: the board decides */
	assert_int_equal(plan.nerrors, 0);

	pol.unprotected = accepted;
	pol.nunprotected = 1;
	assert_built(build("plan-basic", &pol));
	assert_int_equal(plan.nunprotected, 1);
	assert_true(plan.unprotected[0].accepted);

	pol.nunprotected = 0;
	pol.unbound = unbound;
	pol.nunbound = 1;
	assert_built(build("plan-basic", &pol));
	assert_int_equal(plan.nunprotected, 0);
	assert_true(M(P_USB)->unbound);
}

static void policy_paths_that_name_nothing_are_warnings(void **state)
{
	const struct ipfw_policy_rule rules[] = {
		{P_DMA0, IPFW_ACT_IDENTITY, NULL, NULL, 0, false},
		{"/nosuch@0", IPFW_ACT_BYPASS, NULL, NULL, 0, false},
	};
	const char *const unbound[] = {"/nothere@0", P_USB, P_MMC0};
	struct ipfw_policy pol = policy(rules, 2);
	const struct ipfw_plan_diag *d;
	char text[256];

	(void)state;
	pol.unbound = unbound;
	pol.nunbound = 3;
	assert_built(build("plan-basic", &pol));
	assert_int_equal(bt_count_diags(&plan, IPFW_E_POLICY, NULL), 3);
	d = bt_diag(&plan, IPFW_E_POLICY, "/nosuch@0");
	assert_non_null(d);
	assert_int_equal(d->level, IPFW_DIAG_WARNING);
	assert_int_equal(d->index, 1);
	assert_int_equal(d->master, -1);
	format(d, text, sizeof(text));
	assert_string_equal(text, "warning IPFW_E_POLICY: policy rule names no enabled DMA master "
				  "in the tree [/nosuch@0]");
	d = bt_diag(&plan, IPFW_E_POLICY, "/nothere@0");
	assert_non_null(d);
	assert_int_equal(d->level, IPFW_DIAG_WARNING);
	d = bt_diag(&plan, IPFW_E_POLICY, P_MMC0);
	assert_non_null(d);
	assert_int_equal(d->level, IPFW_DIAG_WARNING);
	/* the only error: the real unbound master */
	assert_int_equal(plan.nerrors, 1);
	assert_int_equal(M(P_USB)->err, IPFW_E_NOBINDING);
	/* a master listed as unbound that has a binding keeps it */
	assert_false(M(P_MMC0)->unbound);
	assert_int_equal(M(P_MMC0)->action, IPFW_ACT_IDENTITY);
	/* nothing was made of the phantom bypass */
	assert_int_equal(ipfw_plan_find_master(&plan, "/nosuch@0"), -1);
}

static void policy_deny_is_a_note_and_default_deny_holds_everyone(void **state)
{
	const struct ipfw_policy_rule rules[] = {
		{P_VIDEO, IPFW_ACT_DENY, NULL, NULL, 0, false},
		{P_ETH, IPFW_ACT_IDENTITY, NULL, NULL, 0, false},
	};
	struct ipfw_policy pol = policy(rules, 2);
	const struct ipfw_plan_diag *d;

	(void)state;
	assert_built(build("plan-basic", &pol));
	assert_int_equal(M(P_VIDEO)->action, IPFW_ACT_DENY);
	assert_int_equal(M(P_VIDEO)->err, IPFW_E_DENIED);
	d = bt_diag(&plan, IPFW_E_DENIED, P_VIDEO);
	assert_non_null(d);
	assert_int_equal(d->level, IPFW_DIAG_INFO);
	assert_int_equal(plan.nerrors, 0);

	/* default DENY: only the explicit rule's master is planned */
	pol.default_action = IPFW_ACT_DENY;
	assert_built(build("plan-basic", &pol));
	for (size_t m = 0; m < plan.nmasters; m++) {
		if (!strcmp(bt_path(&plan, plan.masters[m].node), P_ETH)) {
			assert_int_equal(plan.masters[m].action, IPFW_ACT_IDENTITY);
			continue;
		}
		assert_int_equal(plan.masters[m].action, IPFW_ACT_DENY);
		assert_int_equal(plan.masters[m].err, IPFW_E_DENIED);
		assert_int_equal(plan.masters[m].domain, -1);
	}
	assert_int_equal(plan.ndomains, 1);
}

/* ------------------------------------------------------------ bad input */

/* issue 14: a plan with errors can never be mistaken for a clean one */
static void a_plan_with_errors_returns_a_positive_code_not_ok(void **state)
{
	struct ipfw_policy pol = policy(NULL, 0);

	(void)state;
	assert_int_equal(build("plan-basic", &pol), IPFW_OK);
	assert_int_equal(plan.nerrors, 0);
	assert_int_equal(plan.status, IPFW_OK);
	/* ipmmu_ds1 disabled: its masters are held, the plan says so in its return */
	assert_int_equal(build("plan-ds1-disabled", &pol), IPFW_PLAN_WITH_ERRORS);
	assert_true(IPFW_PLAN_WITH_ERRORS > 0);
	assert_true(plan.nerrors > 0);
	assert_int_equal(plan.status, IPFW_PLAN_WITH_ERRORS);
}

/* issue 14: a zero-initialised policy is identity over DRAM with a safe,
 * documented attribute default; a bad identity_attrs is named as such */
/* issue 11.6: an IPMMU in a switchable power area is never touched by
 * default; its masters are held; the board can say the area is powered */
static void switchable_power_area_is_left_alone_unless_powered(void **state)
{
	const char *const powered[] = {P_DS1};
	struct ipfw_policy pol = policy(NULL, 0);
	int ds0, ds1;

	(void)state;
	assert_int_equal(build("plan-power", &pol), IPFW_PLAN_WITH_ERRORS);
	ds0 = bt_inst(&plan, P_DS0);
	ds1 = bt_inst(&plan, P_DS1);
	assert_true(ds0 >= 0 && ds1 >= 0);
	assert_true(plan.inst[ds1].unpowered);
	assert_false(plan.inst[ds1].usable);
	assert_int_equal(plan.inst[ds1].power_area, 9);
	assert_true(plan.inst[ds0].usable);
	assert_false(plan.inst[ds0].unpowered);
	/* ds1's masters held, none of them with a uTLB on it */
	assert_int_equal(M(P_MMC0)->err, IPFW_E_UNPOWERED);
	assert_int_equal(M(P_MMC1)->err, IPFW_E_UNPOWERED);
	assert_int_equal(M(P_VIDEO)->err, IPFW_E_UNPOWERED);
	for (size_t k = 0; k < plan.nutlbs; k++)
		assert_int_not_equal(plan.utlbs[k].inst, ds1);
	/* ds0's are planned */
	assert_int_equal(M(P_ETH)->action, IPFW_ACT_IDENTITY);
	assert_int_equal(M(P_ETH)->err, 0);
	assert_non_null(bt_diag(&plan, IPFW_E_UNPOWERED, P_DS1));
	/* only what planned masters need is ever touched: ds0 and the root */
	assert_true(plan.inst[ds0].needed);
	assert_true(plan.inst[bt_inst(&plan, P_MM)].needed);
	assert_false(plan.inst[ds1].needed);

	pol.powered = powered;
	pol.npowered = 1;
	assert_int_equal(build("plan-power", &pol), IPFW_OK);
	assert_true(plan.inst[ds1].usable);
	assert_false(plan.inst[ds1].unpowered);
	assert_true(plan.inst[ds1].needed);
	assert_int_equal(M(P_MMC0)->action, IPFW_ACT_IDENTITY);
}

static void zero_policy_is_identity_with_the_default_attributes(void **state)
{
	struct ipfw_policy pol = {.ipmmu = &ipfw_ipmmu_plan_ops};
	const struct ipfw_plan_diag *d;
	char text[320];

	(void)state;
	/* all zero: no pool, so nothing can be mapped; the masters are held */
	assert_int_equal(build("plan-basic", &pol), IPFW_PLAN_WITH_ERRORS);
	assert_non_null(bt_diag(&plan, IPFW_E_NOMEM, "identity"));
	/* zero but for the pool the board gives */
	pol.pool_tables = 64;
	assert_int_equal(build("plan-basic", &pol), IPFW_OK);
	assert_int_equal(plan.ndomains, 1);
	assert_int_equal(plan.domains[0].action, IPFW_ACT_IDENTITY);
	assert_int_equal(plan.domains[0].err, 0);
	assert_int_equal(plan.regions[plan.domains[0].first_region].attrs,
			 IPFW_LPAE_RW | IPFW_LPAE_WB | IPFW_LPAE_XN);
	/* two memory types at once: no such attribute set */
	pol.identity_attrs = IPFW_LPAE_WRITE | IPFW_LPAE_DEVICE | IPFW_LPAE_NC;
	assert_int_equal(build("plan-basic", &pol), IPFW_PLAN_WITH_ERRORS);
	d = bt_diag(&plan, IPFW_E_ATTR, "identity");
	assert_non_null(d);
	format(d, text, sizeof(text));
	assert_non_null(strstr(text, "identity_attrs"));
}

static void malformed_blob_gives_no_plan_and_one_diagnostic(void **state)
{
	void *blob = bt_load("plan-basic");
	struct ipfw_policy pol = policy(NULL, 0);
	static unsigned char junk[256];
	uint32_t off;

	(void)state;
	/* a header libfdt rejects */
	memset(junk, 0xA5, sizeof(junk));
	IPFW_BADINPUT("boot: plan", "blob with a garbage header", IPFW_E_FDT,
		      ipfw_plan_build(junk, &pol, &plan));
	assert_int_equal(plan.ndiags, 1);
	assert_int_equal(plan.nerrors, 1);
	assert_int_equal(plan.diags[0].level, IPFW_DIAG_ERROR);
	assert_int_equal(plan.diags[0].code, IPFW_E_FDT);
	assert_int_equal(plan.nmasters, 0);
	assert_int_equal(plan.ndomains, 0);

	/* a valid header over a structure block that starts with a bad token */
	off = fdt_off_dt_struct(blob);
	((unsigned char *)blob)[off + 3] = 0x7F;
	IPFW_BADINPUT("boot: plan", "structure block with a bad token", IPFW_E_FDT,
		      ipfw_plan_build(blob, &pol, &plan));
	assert_int_equal(plan.ndiags, 1);
	assert_int_equal(plan.diags[0].code, IPFW_E_FDT);
	assert_int_equal(plan.nmasters, 0);
	free(blob);
}

static void bad_arguments_give_no_plan_and_one_diagnostic(void **state)
{
	void *blob = bt_load("plan-basic");
	struct ipfw_policy pol = policy(NULL, 0);

	(void)state;
	IPFW_BADINPUT("boot: plan", "NULL plan", IPFW_E_INVAL, ipfw_plan_build(blob, &pol, NULL));
	IPFW_BADINPUT("boot: plan", "NULL blob", IPFW_E_INVAL, ipfw_plan_build(NULL, &pol, &plan));
	assert_int_equal(plan.ndiags, 1);
	assert_int_equal(plan.diags[0].code, IPFW_E_INVAL);
	IPFW_BADINPUT("boot: plan", "NULL policy", IPFW_E_INVAL,
		      ipfw_plan_build(blob, NULL, &plan));
	assert_int_equal(plan.ndiags, 1);
	pol.nrules = 2; /* rules NULL */
	IPFW_BADINPUT("boot: plan", "rule count without rules", IPFW_E_INVAL,
		      ipfw_plan_build(blob, &pol, &plan));
	pol.nrules = 0;
	pol.nunbound = 1;
	IPFW_BADINPUT("boot: plan", "unbound count without a list", IPFW_E_INVAL,
		      ipfw_plan_build(blob, &pol, &plan));
	pol.nunbound = 0;
	pol.fmt = (enum ipfw_ipmmu_fmt)77;
	IPFW_BADINPUT("boot: plan", "unknown table format", IPFW_E_INVAL,
		      ipfw_plan_build(blob, &pol, &plan));
	assert_int_equal(plan.ndiags, 1);
	assert_int_equal(plan.nmasters, 0);
	free(blob);
}

static void utlb_beyond_the_ipmmu_is_denied_with_its_entry(void **state)
{
	struct ipfw_policy pol = policy(NULL, 0);
	const struct ipfw_plan_diag *d;
	char text[256];

	(void)state;
	assert_built(build("plan-bad-utlb", &pol));
	d = bt_diag(&plan, IPFW_E_UTLB_RANGE, "/vsp@fea20000");
	assert_non_null(d);
	assert_int_equal(d->level, IPFW_DIAG_ERROR);
	assert_string_equal(d->prop, "iommus");
	assert_int_equal(d->index, 1);
	assert_int_equal(d->utlb, 48);
	assert_int_equal(d->inst, bt_inst(&plan, P_DS0));
	format(d, text, sizeof(text));
	assert_string_equal(text, "error IPFW_E_UTLB_RANGE: uTLB number beyond the IPMMU's uTLBs: "
				  "denied [/vsp@fea20000 iommus[1]] uTLB 48 of iommu@e6740000");
	assert_int_equal(M("/vsp@fea20000")->action, IPFW_ACT_DENY);
	assert_int_equal(M("/vsp@fea20000")->err, IPFW_E_UTLB_RANGE);
	assert_int_equal(M(P_DMA0)->action, IPFW_ACT_IDENTITY);
	assert_int_equal(plan.nerrors, 1);
}

static void diag_format_reports_truncation_and_bad_arguments(void **state)
{
	struct ipfw_policy pol = policy(NULL, 0);
	const struct ipfw_plan_diag *d;
	char small[16];

	(void)state;
	assert_built(build("plan-ds1-disabled", &pol));
	d = bt_diag(&plan, IPFW_E_DT_DISABLED, P_MMC0);
	memset(small, 'x', sizeof(small));
	IPFW_BADINPUT("boot: plan text", "16-byte buffer for a long diagnostic", IPFW_E_NOSPACE,
		      ipfw_plan_diag_format(&plan, d, small, sizeof(small)));
	assert_int_equal(small[15], '\0');
	assert_string_equal(small, "error IPFW_E_DT");
	IPFW_BADINPUT("boot: plan text", "NULL buffer", IPFW_E_INVAL,
		      ipfw_plan_diag_format(&plan, d, NULL, 10));
	IPFW_BADINPUT("boot: plan text", "zero-length buffer", IPFW_E_INVAL,
		      ipfw_plan_diag_format(&plan, d, small, 0));
	IPFW_BADINPUT("boot: plan text", "NULL diagnostic", IPFW_E_INVAL,
		      ipfw_plan_diag_format(&plan, NULL, small, sizeof(small)));
	assert_string_equal(ipfw_action_name(IPFW_ACT_BYPASS), "bypass");
	assert_string_equal(ipfw_action_name(IPFW_ACT_DEFAULT), "default");
	assert_string_equal(ipfw_diag_level_name(IPFW_DIAG_INFO), "info");
	assert_int_equal(ipfw_plan_find_master(&plan, NULL), -1);
	assert_int_equal(ipfw_plan_find_master(NULL, P_DMA0), -1);
}

/* A tree with IPMMUs but no master bound to one (its iommus stripped, as
 * U-Boot's CONFIG_OF_REMOVE_PROPS does) protects nothing: one error at the
 * first IPMMU, the plan is not clean; a tree with bound masters never says it. */
static void ipmmus_without_any_bound_master_are_an_error(void **state)
{
	struct ipfw_policy pol = policy(NULL, 0);
	const struct ipfw_plan_diag *d;

	(void)state;
	assert_int_equal(build("plan-stripped", &pol), IPFW_PLAN_WITH_ERRORS);
	assert_int_equal(plan.nmasters, 0);
	assert_int_equal(plan.nunprotected, 2);
	assert_int_equal(plan.nerrors, 1);
	d = bt_diag(&plan, IPFW_E_NOBINDING, P_MM);
	assert_non_null(d);
	assert_int_equal(d->level, IPFW_DIAG_ERROR);
	assert_string_equal(d->prop, "iommus");
	assert_non_null(strstr(d->what, "CONFIG_OF_REMOVE_PROPS"));
	assert_built(build("plan-basic", &pol));
	for (size_t i = 0; i < plan.ndiags; i++)
		assert_false(plan.diags[i].code == IPFW_E_NOBINDING && plan.diags[i].inst == 0 &&
			     plan.diags[i].master < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ipmmus_without_any_bound_master_are_an_error),
		cmocka_unit_test(default_identity_masters_share_one_domain_per_root),
		cmocka_unit_test(masters_sharing_a_utlb_form_one_group_and_one_domain),
		cmocka_unit_test(named_domains_gather_masters_and_get_their_own_contexts),
		cmocka_unit_test(utlb_shared_across_domains_denies_the_whole_group),
		cmocka_unit_test(bypass_and_translate_on_one_utlb_is_a_conflict),
		cmocka_unit_test(more_domains_than_contexts_denies_only_the_excess),
		cmocka_unit_test(board_reserved_contexts_shrink_the_supply),
		cmocka_unit_test(table_pool_too_small_denies_the_domain_that_does_not_fit),
		cmocka_unit_test(s2_40_domains_need_concatenated_tops_on_even_pool_slots),
		cmocka_unit_test(dram_beyond_the_s1_32_input_range_is_clipped_with_a_warning),
		cmocka_unit_test(iommu_map_gaps_and_overlaps_are_reported_in_masked_id_space),
		cmocka_unit_test(diag_text_prints_an_id_range_at_zero),
		cmocka_unit_test(iommu_map_gaps_say_bypass_when_the_policy_allows_it),
		cmocka_unit_test(masters_behind_a_disabled_ipmmu_are_denied_the_rest_planned),
		cmocka_unit_test(pcie_host_mapped_onto_a_disabled_ipmmu_is_denied),
		cmocka_unit_test(a_master_with_more_clocks_than_the_build_keeps_is_held),
		cmocka_unit_test(more_mappings_than_the_plan_holds_fail_the_domain),
		cmocka_unit_test(gen3_and_gen4_bus_masters_are_both_listed),
		cmocka_unit_test(masters_behind_an_unpowered_ipmmu_are_held),
		cmocka_unit_test(cache_ipmmu_without_its_root_denies_its_masters),
		cmocka_unit_test(unknown_ipmmu_compatible_denies_every_master),
		cmocka_unit_test(denylisted_soc_is_denied_unless_the_board_overrides),
		cmocka_unit_test(denylist_message_names_soc_revision_and_how_to_proceed),
		cmocka_unit_test(h3_verdict_needs_the_prr_cut),
		cmocka_unit_test(rule_for_a_node_without_binding_is_an_error_and_holds_it),
		cmocka_unit_test(likely_dma_masters_without_binding_are_reported),
		cmocka_unit_test(policy_paths_that_name_nothing_are_warnings),
		cmocka_unit_test(policy_deny_is_a_note_and_default_deny_holds_everyone),
		cmocka_unit_test(a_plan_with_errors_returns_a_positive_code_not_ok),
		cmocka_unit_test(switchable_power_area_is_left_alone_unless_powered),
		cmocka_unit_test(zero_policy_is_identity_with_the_default_attributes),
		cmocka_unit_test(malformed_blob_gives_no_plan_and_one_diagnostic),
		cmocka_unit_test(bad_arguments_give_no_plan_and_one_diagnostic),
		cmocka_unit_test(utlb_beyond_the_ipmmu_is_denied_with_its_entry),
		cmocka_unit_test(diag_format_reports_truncation_and_bad_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
