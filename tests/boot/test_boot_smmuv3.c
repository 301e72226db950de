/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Plan and boot flow for masters behind an SMMUv3 (docs/smmuv3.md, "One
 * boot flow for both drivers"): a tree with an arm,smmu-v3 node and
 * platform masters bound to it by iommus, planned when the board
 * registers the SMMUv3 (policy.iommus) and programmed through its
 * operations into the behavioural SMMUv3 model. The oracles: the model's
 * own translation (what each StreamID reaches, aborts), the release hook's
 * calls, and the diagnostics hand-written from the tree.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <libfdt.h>

#include <ipmmu/boot.h>
#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>
#include <ipmmu/smmuv3.h>

#include "fdt_build.h"
#include "smmuv3_rig.h"

#define SMMU_BASE RIG_BASE

#define P_A "/dma@a000000" /* sid 8: translate */
#define P_B "/dma@a001000" /* sid 16: denied by policy */
#define P_C "/dma@a002000" /* sid 8 too, another domain: a conflict */
#define P_D "/dma@a003000" /* sid 40: beyond a 32-entry stream table */

static unsigned char blob[2048];
static struct smmuv3_model model;
static struct ipfw_smmuv3_flow smmu;
static struct ipfw_plan plan;
static struct ipfw_boot boot;
static char released[8][64];
static unsigned int nreleased;
static char report[64][256];
static unsigned int nreport;

/* ---- the trees (tests/support/fdt_build.h), each builder checked here */

static void blob_begin(void *b, int size)
{
	assert_int_equal(fdtb_begin(b, size), 0);
}

static void blob_iommu(void *b, const char *name, const char *compat, uint32_t base,
		       uint32_t size, uint32_t phandle)
{
	assert_int_equal(fdtb_iommu(b, name, compat, base, size, phandle), 0);
}

/* The SMMU every tree here has: phandle 1. */
static void blob_smmu(void *b)
{
	blob_iommu(b, "smmuv3@9050000", "arm,smmu-v3", SMMU_BASE, 0x20000u, 1);
}

static void blob_end(void *b)
{
	assert_int_equal(fdtb_end(b), 0);
}

static void master_node(const char *name, uint32_t sid)
{
	const fdt32_t iommus[] = {cpu_to_fdt32(1), cpu_to_fdt32(sid)};

	assert_int_equal(fdt_begin_node(blob, name), 0);
	assert_int_equal(fdt_property(blob, "iommus", iommus, sizeof(iommus)), 0);
	assert_int_equal(fdt_end_node(blob), 0);
}

static void make_blob(bool with_c, bool with_d)
{
	blob_begin(blob, sizeof(blob));
	blob_smmu(blob);
	master_node("dma@a000000", 8);
	master_node("dma@a001000", 16);
	if (with_c)
		master_node("dma@a002000", 8);
	if (with_d)
		master_node("dma@a003000", 40);
	blob_end(blob);
}

static uint32_t released_rid[8];

static int release(void *ctx, const struct ipfw_plan_master *m)
{
	(void)ctx;
	assert_true(nreleased < 8);
	assert_true(ipfw_plan_path(&plan, m->node, released[nreleased], 64) > 0);
	released_rid[nreleased] = m->pci_rid ? m->rid : 0xFFFFFFFFu;
	nreleased++;
	return 0;
}

/* PCIe hosts (pcie@10000000, and pcie@20000000 when there are two) whose
 * iommu-map covers requester IDs [0, map_len) with StreamID = requester ID. */
static void make_pci_blob_hosts(uint32_t map_len, unsigned int hosts)
{
	const fdt32_t map[] = {0, cpu_to_fdt32(1), 0, cpu_to_fdt32(map_len)};

	blob_begin(blob, sizeof(blob));
	blob_smmu(blob);
	for (unsigned int h = 0; h < hosts; h++) {
		assert_int_equal(fdt_begin_node(blob, h ? "pcie@20000000" : "pcie@10000000"), 0);
		assert_int_equal(fdt_property_string(blob, "compatible", "pci-host-ecam-generic"),
				 0);
		assert_int_equal(fdt_property(blob, "iommu-map", map, sizeof(map)), 0);
		assert_int_equal(fdt_end_node(blob), 0);
	}
	blob_end(blob);
}

static void make_pci_blob(uint32_t map_len)
{
	make_pci_blob_hosts(map_len, 1);
}

static void print(void *ctx, const char *line)
{
	(void)ctx;
	if (nreport < 64)
		strncpy(report[nreport++], line, 255);
}

static bool was_released(const char *path)
{
	for (unsigned int i = 0; i < nreleased; i++) {
		if (!strcmp(released[i], path))
			return true;
	}
	return false;
}

static bool never_matches(const char *compat, int len)
{
	(void)compat;
	(void)len;
	return false;
}

static const struct ipfw_plan_driver smmu_plan = IPFW_PLAN_DRIVER(
	IPFW_IOMMU_SMMUV3, ipfw_smmuv3_compatible, 4, 32, 1u << IPFW_LPAE_S1_32);
static const struct ipfw_plan_driver *const drivers[] = {&smmu_plan};

static const struct ipfw_policy_map a_maps[] = {
	{0x00100000u, PA_DATA, 0x1000u, IPFW_LPAE_RW | IPFW_LPAE_WB | IPFW_LPAE_XN, false},
	{0x00200000u, PA_DATA + 0x1000u, 0x1000u, IPFW_LPAE_READ | IPFW_LPAE_WB | IPFW_LPAE_XN,
	 false},
};
static const struct ipfw_policy_rule rules[] = {
	{P_A, IPFW_ACT_TRANSLATE, "edu0", a_maps, 2, false},
	{P_B, IPFW_ACT_DENY, NULL, NULL, 0, false},
	{P_C, IPFW_ACT_TRANSLATE, "other", a_maps, 1, false},
};

static struct ipfw_policy policy(bool registered)
{
	return (struct ipfw_policy){
		.ipmmu = &ipfw_ipmmu_plan_ops,
		.rules = rules, .nrules = 3, .default_action = IPFW_ACT_DENY,
		.fmt = IPFW_LPAE_S1_32, .pool_tables = POOL_TABLES,
		.iommus = drivers, .niommus = 1, .others = registered ? &ipfw_plan_others : NULL,
	};
}

static const struct ipfw_boot_hooks hooks = {
	.release = release, .print = print, .report = ipfw_boot_report,
	.drivers[IPFW_IOMMU_SMMUV3] = IPFW_SMMUV3_DRIVER(&smmu),
};
static const struct ipfw_boot_pool bpool = {pool, PA_POOL, POOL_TABLES};

static int setup(void **state)
{
	(void)state;
	rig_attach(&model);
	memset(&smmu, 0, sizeof(smmu));
	smmu.mem = rig_mem(5);
	smmu.limit = (struct ipfw_poll_limit){50, 0};
	nreleased = nreport = 0;
	return 0;
}

static const struct ipfw_plan_diag *diag_at(const char *path, int code)
{
	for (size_t i = 0; i < plan.ndiags; i++) {
		if (plan.diags[i].code == code && ipfw_plan_diag_at(&plan, &plan.diags[i], path))
			return &plan.diags[i];
	}
	return NULL;
}

static void unregistered_smmu_masters_stay_foreign(void **state)
{
	struct ipfw_policy pol = policy(false);

	(void)state;
	make_blob(false, false);
	assert_int_equal(ipfw_plan_build(blob, &pol, &plan), IPFW_PLAN_WITH_ERRORS);
	assert_non_null(diag_at(P_A, IPFW_E_DT_FOREIGN));
	assert_int_equal(plan.ninst, 0);
	assert_int_equal(plan.masters[ipfw_plan_find_master(&plan, P_A)].action, IPFW_ACT_DENY);
}

/* One status rule for every reader (ipfw_dt_status_okay): "okay" with
 * bytes after its NUL does not enable an SMMU node; its masters are held
 * as bound to a disabled IOMMU, and no instance is made for it. */
static void smmu_status_okay_with_trailing_bytes_is_disabled(void **state)
{
	static const char okay_junk[] = "okay\0junk"; /* 10 bytes with the last NUL */
	struct ipfw_policy pol = policy(true);

	(void)state;
	blob_begin(blob, sizeof(blob));
	assert_int_equal(fdtb_iommu_status(blob, "smmuv3@9050000", "arm,smmu-v3", SMMU_BASE,
					   0x20000u, 1, okay_junk, sizeof(okay_junk)),
			 0);
	master_node("dma@a000000", 8);
	blob_end(blob);
	assert_int_equal(ipfw_plan_build(blob, &pol, &plan), IPFW_PLAN_WITH_ERRORS);
	assert_int_equal(plan.ninst, 0); /* the walk holds the master first */
	assert_non_null(diag_at(P_A, IPFW_E_DT_DISABLED));
	assert_int_equal(plan.masters[ipfw_plan_find_master(&plan, P_A)].action, IPFW_ACT_DENY);
}

static void registered_smmu_is_an_instance_and_streamids_endpoints(void **state)
{
	struct ipfw_policy pol = policy(true);
	const struct ipfw_plan_master *pa;

	(void)state;
	make_blob(false, false);
	assert_int_equal(ipfw_plan_build(blob, &pol, &plan), IPFW_OK);
	assert_null(diag_at(P_A, IPFW_E_DT_FOREIGN));
	assert_int_equal(plan.ninst, 1);
	assert_int_equal(plan.inst[0].kind, IPFW_IOMMU_SMMUV3);
	assert_int_equal(plan.inst[0].base, SMMU_BASE);
	assert_string_equal(plan.inst[0].name, "smmuv3@9050000");
	assert_true(plan.inst[0].usable);
	pa = &plan.masters[ipfw_plan_find_master(&plan, P_A)];
	assert_int_equal(pa->action, IPFW_ACT_TRANSLATE);
	assert_int_equal(pa->nutlbs, 1);
	assert_int_equal(plan.utlbs[pa->first_utlb].inst, 0);
	assert_int_equal(plan.utlbs[pa->first_utlb].id, 8);
	assert_int_equal(plan.domains[pa->domain].ctx, 1); /* ASID 1 */
}

static void flow_translates_through_the_smmu_and_releases_only_the_live(void **state)
{
	struct ipfw_policy pol = policy(true);
	uint64_t out = 0;
	bool line = false;

	(void)state;
	make_blob(false, false);
	assert_int_equal(ipfw_boot_run(blob, &pol, &hooks, &bpool, &plan, &boot), IPFW_OK);
	/* the model, not the driver, says what each StreamID reaches */
	assert_int_equal(sm_translate(&model, 8, 0x00100010u, true, &out), SM_TRANSLATED);
	assert_int_equal(out, PA_DATA + 0x10u);
	assert_int_equal(sm_translate(&model, 8, 0x00200000u, false, &out), SM_TRANSLATED);
	assert_int_equal(out, PA_DATA + 0x1000u);
	assert_int_equal(sm_translate(&model, 8, 0x00200000u, true, &out), SM_ABORT);
	assert_int_equal(sm_translate(&model, 8, 0x00300000u, false, &out), SM_ABORT);
	assert_int_equal(sm_translate(&model, 16, 0x00100000u, false, &out), SM_ABORT);
	assert_int_equal(sm_translate(&model, 3, 0x00100000u, false, &out), SM_ABORT);
	/* the IPMMU's NS/NSTable are not the SMMU's: no descriptor the flow
	 * built for it carries them (bit 5 of a leaf, bit 63 of a table) */
	for (size_t t = 0; t < POOL_TABLES; t++) {
		for (size_t i = 0; i < 512; i++) {
			if (!(pool[t][i] & 1u))
				continue;
			assert_int_equal(pool[t][i] & ((1ull << 63) | (1ull << 5)), 0);
		}
	}
	assert_int_equal(nreleased, 1);
	assert_true(was_released(P_A));
	assert_false(was_released(P_B));
	/* the master's line carries the SMMUv3's own words */
	for (unsigned int i = 0; i < nreport; i++)
		line |= strstr(report[i], P_A) && strstr(report[i], "edu0 asid 1") &&
			strstr(report[i], "smmuv3@9050000 sid 0x08");
	assert_true(line);
}

static void streamid_wanted_by_two_domains_is_a_conflict(void **state)
{
	struct ipfw_policy pol = policy(true);

	(void)state;
	make_blob(true, false);
	assert_int_equal(ipfw_boot_run(blob, &pol, &hooks, &bpool, &plan, &boot), IPFW_E_VERIFY);
	assert_non_null(diag_at(P_A, IPFW_E_UTLB_CONFLICT));
	assert_false(was_released(P_A));
	assert_false(was_released(P_C));
	{
		uint64_t out;

		assert_int_equal(sm_translate(&model, 8, 0x00100000u, false, &out), SM_ABORT);
	}
}

static void streamid_beyond_the_stream_table_is_denied(void **state)
{
	struct ipfw_policy pol = policy(true);
	const struct ipfw_plan_diag *d;

	(void)state;
	make_blob(false, true);
	assert_int_equal(ipfw_plan_build(blob, &pol, &plan), IPFW_PLAN_WITH_ERRORS);
	d = diag_at(P_D, IPFW_E_UTLB_RANGE);
	assert_non_null(d);
	assert_int_equal(d->utlb, 40);
}

static void table_format_the_smmu_does_not_walk_is_refused(void **state)
{
	struct ipfw_policy pol = policy(true);
	const struct ipfw_plan_master *pa;

	(void)state;
	pol.fmt = IPFW_LPAE_S2_40;
	make_blob(false, false);
	assert_int_equal(ipfw_plan_build(blob, &pol, &plan), IPFW_PLAN_WITH_ERRORS);
	pa = &plan.masters[ipfw_plan_find_master(&plan, P_A)];
	assert_int_equal(pa->action, IPFW_ACT_DENY);
	assert_int_equal(pa->err, IPFW_E_FORMAT);
	/* one error names the domain and says what the IOMMU cannot walk */
	for (size_t i = 0; i < plan.ndiags; i++) {
		const struct ipfw_plan_diag *d = &plan.diags[i];

		if (d->code != IPFW_E_FORMAT)
			continue;
		assert_int_equal(d->level, IPFW_DIAG_ERROR);
		assert_int_equal(d->domain, pa->domain);
		assert_non_null(strstr(d->what, "does not walk the policy's table format"));
		return;
	}
	fail_msg("no IPFW_E_FORMAT diagnostic");
}

/* The SMMU (phandle 1) beside an M3-N root IPMMU (phandle 2), and masters
 * dma@a004000 with iommus a and, when b is given, dma@a005000 with b. */
static void make_mixed_blob(const fdt32_t *a, size_t alen, const fdt32_t *b, size_t blen)
{
	blob_begin(blob, sizeof(blob));
	blob_smmu(blob);
	blob_iommu(blob, "iommu@e67b0000", "renesas,ipmmu-r8a77965", 0xe67b0000u, 0x1000u, 2);
	assert_int_equal(fdt_begin_node(blob, "dma@a004000"), 0);
	assert_int_equal(fdt_property(blob, "iommus", a, (int)alen), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	if (b) {
		assert_int_equal(fdt_begin_node(blob, "dma@a005000"), 0);
		assert_int_equal(fdt_property(blob, "iommus", b, (int)blen), 0);
		assert_int_equal(fdt_end_node(blob), 0);
	}
	blob_end(blob);
}

/* A master whose second iommus entry names an IPMMU and its first the
 * SMMU is bound to IOMMUs of two kinds: denied (IPFW_E_DOMAIN), whatever
 * each driver would make of its own endpoint. */
static void a_master_on_two_kinds_of_iommu_is_denied(void **state)
{
	static const struct ipfw_policy_rule both_rule[] = {
		{"/dma@a004000", IPFW_ACT_IDENTITY, NULL, NULL, 0, false},
	};
	const fdt32_t both[] = {cpu_to_fdt32(1), cpu_to_fdt32(8), cpu_to_fdt32(2), cpu_to_fdt32(3)};
	struct ipfw_policy pol = policy(true);
	const struct ipfw_plan_master *pm;

	(void)state;
	make_mixed_blob(both, sizeof(both), NULL, 0);
	pol.rules = both_rule;
	pol.nrules = 1;
	assert_int_equal(ipfw_plan_build(blob, &pol, &plan), IPFW_PLAN_WITH_ERRORS);
	pm = &plan.masters[ipfw_plan_find_master(&plan, "/dma@a004000")];
	assert_int_equal(pm->nutlbs, 2);
	assert_int_equal(pm->action, IPFW_ACT_DENY);
	assert_int_equal(pm->err, IPFW_E_DOMAIN);
	/* said as what it is, not only as a domain across roots */
	assert_non_null(diag_at("/dma@a004000", IPFW_E_DOMAIN));
	assert_non_null(strstr(diag_at("/dma@a004000", IPFW_E_DOMAIN)->what, "two kinds"));
}

/* One slot (one CD) only: the second domain gets none. */
static void a_second_domain_beyond_the_slots_is_held(void **state)
{
	static const struct ipfw_plan_driver one_slot = IPFW_PLAN_DRIVER(
		IPFW_IOMMU_SMMUV3, ipfw_smmuv3_compatible, 1, 64, 1u << IPFW_LPAE_S1_32);
	static const struct ipfw_plan_driver *const one[] = {&one_slot};
	static const struct ipfw_policy_rule two[] = {
		{P_A, IPFW_ACT_TRANSLATE, "edu0", a_maps, 2, false},
		{P_D, IPFW_ACT_TRANSLATE, "other", a_maps, 1, false},
	};
	struct ipfw_policy pol = policy(true);
	const struct ipfw_plan_master *pa, *pd;

	(void)state;
	pol.rules = two;
	pol.nrules = 2;
	pol.iommus = one;
	make_blob(false, true);
	assert_int_equal(ipfw_plan_build(blob, &pol, &plan), IPFW_PLAN_WITH_ERRORS);
	pa = &plan.masters[ipfw_plan_find_master(&plan, P_A)];
	pd = &plan.masters[ipfw_plan_find_master(&plan, P_D)];
	assert_int_equal(pa->action, IPFW_ACT_TRANSLATE);
	assert_int_equal(plan.domains[pa->domain].ctx, 1);
	assert_int_equal(pd->action, IPFW_ACT_DENY);
	assert_int_equal(pd->err, IPFW_E_NOCTX);
}

/* A node another driver does not match stays foreign. */
static void a_node_the_driver_does_not_match_stays_foreign(void **state)
{
	static const struct ipfw_plan_driver other = IPFW_PLAN_DRIVER(
		IPFW_IOMMU_SMMUV3, never_matches, 4, 32, 1u << IPFW_LPAE_S1_32);
	static const struct ipfw_plan_driver *const none[] = {&other};
	struct ipfw_policy pol = policy(true);

	(void)state;
	pol.iommus = none;
	make_blob(false, false);
	assert_int_equal(ipfw_plan_build(blob, &pol, &plan), IPFW_PLAN_WITH_ERRORS);
	assert_non_null(diag_at(P_A, IPFW_E_DT_FOREIGN));
	assert_int_equal(plan.ninst, 0);
}

#define P_PCIE "/pcie@10000000"

static const struct ipfw_policy_rule pci_rules[] = {
	{P_PCIE, IPFW_ACT_TRANSLATE, "edu0", a_maps, 2, false},
	{P_PCIE, IPFW_ACT_DENY, NULL, NULL, 0, false},
};
/* edu0 at 00:01.0 translates, edu1 at 00:02.0 is denied, 00:03.0 has no
 * rule (default deny) */
static const struct ipfw_policy_rid rids[] = {
	{P_PCIE, 0x08, 0}, {P_PCIE, 0x10, 1}, {P_PCIE, 0x18, -1},
};

static struct ipfw_policy pci_policy(void)
{
	return (struct ipfw_policy){
		.ipmmu = &ipfw_ipmmu_plan_ops,
		.rules = pci_rules, .nrules = 2, .default_action = IPFW_ACT_DENY,
		.fmt = IPFW_LPAE_S1_32, .pool_tables = POOL_TABLES,
		.iommus = drivers, .niommus = 1,
		.rids = rids, .nrids = 3, .others = &ipfw_plan_others,
	};
}

static const struct ipfw_plan_master *unit(uint32_t rid)
{
	for (size_t m = 0; m < plan.nmasters; m++) {
		if (plan.masters[m].pci_rid && plan.masters[m].rid == rid)
			return &plan.masters[m];
	}
	fail_msg("no unit for requester ID 0x%x", (unsigned int)rid);
	return NULL;
}

static void requester_ids_are_units_released_one_by_one(void **state)
{
	struct ipfw_policy pol = pci_policy();
	uint64_t out = 0;
	bool line = false;

	(void)state;
	make_pci_blob(0x10000u);
	assert_int_equal(ipfw_boot_run(blob, &pol, &hooks, &bpool, &plan, &boot), IPFW_OK);
	assert_null(diag_at(P_PCIE, IPFW_E_DT_FOREIGN));
	/* each unit's endpoint is its iommu-map output */
	assert_int_equal(plan.utlbs[unit(0x08)->first_utlb].id, 0x08);
	assert_int_equal(unit(0x08)->action, IPFW_ACT_TRANSLATE);
	assert_int_equal(unit(0x10)->action, IPFW_ACT_DENY);
	assert_int_equal(unit(0x18)->action, IPFW_ACT_DENY);
	/* denied by the policy, with its endpoint still planned (held, said once) */
	assert_int_equal(unit(0x10)->err, IPFW_E_DENIED);
	assert_int_equal(unit(0x10)->nutlbs, 1);
	/* only 00:01.0 is released; the host itself never */
	assert_int_equal(nreleased, 1);
	assert_int_equal(released_rid[0], 0x08);
	assert_int_equal(sm_translate(&model, 0x08, 0x00100000u, true, &out), SM_TRANSLATED);
	assert_int_equal(out, PA_DATA);
	assert_int_equal(sm_translate(&model, 0x10, 0x00100000u, true, &out), SM_ABORT);
	assert_int_equal(sm_translate(&model, 0x18, 0x00100000u, true, &out), SM_ABORT);
	for (unsigned int i = 0; i < nreport; i++)
		line |= strstr(report[i], P_PCIE " 00:01.0") && strstr(report[i], "released") &&
			strstr(report[i], "smmuv3@9050000 sid 0x08");
	assert_true(line);
}

static void requester_id_the_map_does_not_cover_is_held(void **state)
{
	struct ipfw_policy pol = pci_policy();
	const struct ipfw_plan_diag *d = NULL;

	(void)state;
	make_pci_blob(0x10u); /* 0x10 and 0x18 are outside */
	assert_int_equal(ipfw_boot_run(blob, &pol, &hooks, &bpool, &plan, &boot), IPFW_E_VERIFY);
	assert_int_equal(unit(0x10)->err, IPFW_E_DT_NOMATCH);
	assert_int_equal(unit(0x10)->nutlbs, 0);
	for (size_t i = 0; i < plan.ndiags; i++) {
		if (plan.diags[i].code == IPFW_E_DT_NOMATCH && plan.diags[i].ids &&
		    plan.diags[i].id_lo == 0x10)
			d = &plan.diags[i];
	}
	assert_non_null(d);
	assert_int_equal(nreleased, 1);
	assert_int_equal(released_rid[0], 0x08);
}

/* More requester IDs than the build has master slots: each one past the
 * capacity is held, named by its ID, and every such diagnostic gives the
 * figure a build needs for the whole policy (the host and all 30 IDs). */
static void requester_ids_past_the_capacity_say_what_the_policy_needs(void **state)
{
	static struct ipfw_policy_rid many[IPFW_PLAN_MAX_MASTERS + 2];
	struct ipfw_policy pol = pci_policy();
	const size_t n = sizeof(many) / sizeof(many[0]);
	unsigned int held = 0;

	(void)state;
	for (size_t i = 0; i < n; i++)
		many[i] = (struct ipfw_policy_rid){P_PCIE, (uint32_t)(i + 1u) << 3, -1};
	pol.rids = many;
	pol.nrids = n;
	make_pci_blob(0x10000u);
	assert_int_equal(ipfw_plan_build(blob, &pol, &plan), IPFW_PLAN_WITH_ERRORS);
	assert_int_equal(plan.nmasters, IPFW_PLAN_MAX_MASTERS);
	for (size_t i = 0; i < plan.ndiags; i++) {
		const struct ipfw_plan_diag *d = &plan.diags[i];

		if (d->code != IPFW_E_NOSPACE)
			continue;
		/* the IDs left over, in policy order */
		assert_true(d->ids);
		assert_int_equal(d->id_lo, (uint32_t)(IPFW_PLAN_MAX_MASTERS + held) << 3);
		assert_int_equal(d->need, 1u + n);
		assert_int_equal(d->have, IPFW_PLAN_MAX_MASTERS);
		assert_string_equal(d->capacity, "IPFW_CFG_MAX_MASTERS");
		held++;
	}
	assert_int_equal(held, n - (IPFW_PLAN_MAX_MASTERS - 1u));
}

/* Two hosts, each with a registered requester ID: both hosts are held as
 * hosts of units (said so), neither is planned as a whole, even with a
 * policy whose default would translate a host. */
static void every_host_with_registered_ids_is_held_as_a_host(void **state)
{
	static const struct ipfw_policy_rid two[] = {
		{P_PCIE, 0x08, -1}, {"/pcie@20000000", 0x08, -1},
	};
	struct ipfw_policy pol = pci_policy();

	(void)state;
	pol.rids = two;
	pol.nrids = 2;
	pol.default_action = IPFW_ACT_IDENTITY;
	make_pci_blob_hosts(0x20u, 2);
	assert_true(ipfw_plan_build(blob, &pol, &plan) >= 0);
	for (int h = 0; h < 2; h++) {
		const char *path = h ? "/pcie@20000000" : P_PCIE;
		const struct ipfw_plan_master *pm = &plan.masters[ipfw_plan_find_master(&plan, path)];
		const struct ipfw_plan_diag *d = diag_at(path, IPFW_E_DENIED);

		assert_false(pm->pci_rid);
		assert_int_equal(pm->action, IPFW_ACT_DENY);
		assert_int_equal(pm->nutlbs, 0);
		assert_non_null(d);
		assert_non_null(strstr(d->what, "one by one"));
	}
	/* and each host's unit is planned, on its own host's node */
	for (size_t m = 0; m < plan.nmasters; m++)
		assert_true(!plan.masters[m].pci_rid || plan.masters[m].action == IPFW_ACT_IDENTITY);
}

/* ---- an IPMMU beside the SMMU: a stand-in IPMMU driver that records */

static struct {
	unsigned int attached, live_asked;
	struct ipfw_iommu_endpoint ep;
} fake_ipmmu;

static int fi_init(void *st, const struct ipfw_iommu_inst *inst, size_t n,
		   const struct ipfw_delay *delay)
{
	(void)st, (void)inst, (void)n, (void)delay;
	return IPFW_OK;
}

static int fi_create(void *st, unsigned int d, unsigned int home, int slot,
		     enum ipfw_lpae_format fmt, const struct ipfw_lpae_regs *regs)
{
	(void)st, (void)d, (void)home, (void)slot, (void)fmt, (void)regs;
	return IPFW_OK;
}

static int fi_domain(void *st, unsigned int d)
{
	(void)st, (void)d;
	return IPFW_OK;
}

static int fi_attach(void *st, unsigned int d, struct ipfw_iommu_endpoint ep, int owner)
{
	(void)st, (void)d, (void)owner;
	fake_ipmmu.attached++;
	fake_ipmmu.ep = ep;
	return IPFW_OK;
}

static int fi_live(void *st, unsigned int d, struct ipfw_iommu_endpoint ep, int owner)
{
	(void)st, (void)d, (void)owner;
	fake_ipmmu.live_asked++;
	return fake_ipmmu.attached && ep.inst == fake_ipmmu.ep.inst && ep.id == fake_ipmmu.ep.id
		       ? IPFW_OK
		       : IPFW_E_NOTREADY;
}

static int fi_none(void *st, unsigned int d, struct ipfw_iommu_endpoint ep, int owner)
{
	(void)st, (void)d, (void)ep, (void)owner;
	return IPFW_OK;
}

static const struct ipfw_iommu_ops fake_ipmmu_ops = {
	.init = fi_init, .domain_create = fi_create, .domain_destroy = fi_domain,
	.domain_live = fi_domain, .attach = fi_attach, .detach = fi_none, .is_live = fi_live,
	.bypass = fi_none,
};

/* An IPMMU master with one uTLB, then an SMMU master: each master's
 * endpoints go to its own driver (the IPMMU's uTLB 3 is never taken for
 * a StreamID), and both are released. */
static void each_master_is_driven_by_the_driver_of_its_own_iommu(void **state)
{
	static const struct ipfw_policy_rule two[] = {
		{"/dma@a004000", IPFW_ACT_IDENTITY, NULL, NULL, 0, false},
		{"/dma@a005000", IPFW_ACT_TRANSLATE, "edu0", a_maps, 2, false},
	};
	const fdt32_t on_ipmmu[] = {cpu_to_fdt32(2), cpu_to_fdt32(3)};
	const fdt32_t on_smmu[] = {cpu_to_fdt32(1), cpu_to_fdt32(8)};
	struct ipfw_policy pol = policy(true);
	struct ipfw_boot_hooks both = hooks;
	uint64_t out = 0;
	int mi;

	(void)state;
	memset(&fake_ipmmu, 0, sizeof(fake_ipmmu));
	both.drivers[IPFW_IOMMU_IPMMU] = (struct ipfw_iommu_driver){&fake_ipmmu_ops, &fake_ipmmu,
								    NULL};
	make_mixed_blob(on_ipmmu, sizeof(on_ipmmu), on_smmu, sizeof(on_smmu));
	pol.rules = two;
	pol.nrules = 2;
	assert_int_equal(ipfw_boot_run(blob, &pol, &both, &bpool, &plan, &boot), IPFW_OK);
	mi = ipfw_plan_find_master(&plan, "/dma@a004000");
	assert_int_equal(plan.masters[mi].nutlbs, 1);
	assert_int_equal(fake_ipmmu.attached, 1);
	assert_int_equal(fake_ipmmu.ep.id, 3);
	assert_int_equal(plan.inst[fake_ipmmu.ep.inst].kind, IPFW_IOMMU_IPMMU);
	assert_true(fake_ipmmu.live_asked > 0);
	/* StreamID 3 was never given to anyone; StreamID 8 translates */
	assert_int_equal(sm_translate(&model, 3, 0x40000000u, true, &out), SM_ABORT);
	assert_int_equal(sm_translate(&model, 8, 0x00100000u, true, &out), SM_TRANSLATED);
	assert_int_equal(out, PA_DATA);
	assert_int_equal(nreleased, 2);
	assert_true(was_released("/dma@a004000"));
	assert_true(was_released("/dma@a005000"));
}

/* A PCIe host on the SMMU with no requester IDs registered: planned as one
 * unit through its whole iommu-map (each mapped ID an endpoint of its
 * domain), not held as foreign. */
static void pci_host_without_registered_ids_translates_as_one_unit(void **state)
{
	struct ipfw_policy pol = pci_policy();
	const struct ipfw_plan_master *host;
	uint64_t out = 0;

	(void)state;
	pol.rids = NULL;
	pol.nrids = 0;
	make_pci_blob(0x10u);
	assert_int_equal(ipfw_boot_run(blob, &pol, &hooks, &bpool, &plan, &boot), IPFW_OK);
	assert_null(diag_at(P_PCIE, IPFW_E_DT_FOREIGN));
	host = &plan.masters[ipfw_plan_find_master(&plan, P_PCIE)];
	assert_int_equal(host->action, IPFW_ACT_TRANSLATE);
	assert_int_equal(host->nutlbs, 16);
	for (unsigned int k = 0; k < 16; k++)
		assert_int_equal(plan.utlbs[host->first_utlb + k].id, k);
	/* every function of the host reaches the rule's window, and only it */
	assert_int_equal(sm_translate(&model, 0x00, 0x00100000u, true, &out), SM_TRANSLATED);
	assert_int_equal(out, PA_DATA);
	assert_int_equal(sm_translate(&model, 0x0F, 0x00100008u, true, &out), SM_TRANSLATED);
	assert_int_equal(out, PA_DATA + 8u);
	assert_int_equal(sm_translate(&model, 0x0F, 0x00300000u, true, &out), SM_ABORT);
	assert_int_equal(sm_translate(&model, 0x10, 0x00100000u, true, &out), SM_ABORT);
	assert_int_equal(nreleased, 1);
	assert_true(was_released(P_PCIE));
}

/* QEMU's map covers 2^16 requester IDs; a 32-entry stream table has no
 * endpoint for most of them: the host is held, said at its iommu-map. */
static void pci_host_map_beyond_the_stream_table_is_held(void **state)
{
	struct ipfw_policy pol = pci_policy();
	const struct ipfw_plan_diag *d;

	(void)state;
	pol.rids = NULL;
	pol.nrids = 0;
	make_pci_blob(0x10000u);
	assert_int_equal(ipfw_plan_build(blob, &pol, &plan), IPFW_PLAN_WITH_ERRORS);
	assert_null(diag_at(P_PCIE, IPFW_E_DT_FOREIGN));
	d = diag_at(P_PCIE, IPFW_E_UTLB_RANGE);
	assert_non_null(d);
	assert_string_equal(d->prop, "iommu-map");
	assert_int_equal(d->index, 0);
	assert_non_null(strstr(d->what, "stream table"));
	assert_int_equal(plan.masters[ipfw_plan_find_master(&plan, P_PCIE)].action, IPFW_ACT_DENY);
}

/* ---- more IOMMU nodes than instances, and other IOMMU forms */

static bool matches_anything(const char *compat, int len)
{
	(void)compat;
	return len >= 0;
}

/* The driver's match decides, even for a node whose compatible is one
 * empty string: such a node is an instance of a driver that accepts it. */
static void the_drivers_match_decides_even_for_an_empty_compatible(void **state)
{
	static const struct ipfw_plan_driver any = IPFW_PLAN_DRIVER(
		IPFW_IOMMU_SMMUV3, matches_anything, 4, 32, 1u << IPFW_LPAE_S1_32);
	static const struct ipfw_plan_driver *const anyone[] = {&any};
	struct ipfw_policy pol = policy(true);

	(void)state;
	pol.iommus = anyone;
	blob_begin(blob, sizeof(blob));
	blob_iommu(blob, "iommu@9050000", "", SMMU_BASE, 0x20000u, 1);
	master_node("dma@a000000", 8);
	blob_end(blob);
	assert_true(ipfw_plan_build(blob, &pol, &plan) >= 0);
	assert_int_equal(plan.ninst, 1);
	assert_null(diag_at(P_A, IPFW_E_DT_FOREIGN));
	assert_int_equal(plan.masters[ipfw_plan_find_master(&plan, P_A)].nutlbs, 1);
}

/* One SMMU node more than IPFW_CFG_MAX_IPMMUS instances: its master is
 * held as bound to an IOMMU not planned (never planned on another
 * instance), and the diagnostic gives the figure and the option. */
static void an_smmu_node_past_the_instance_capacity_holds_its_master(void **state)
{
	static unsigned char big[16384];
	static const struct ipfw_policy_rule ident[] = {
		{"/dma@a0000000", IPFW_ACT_IDENTITY, NULL, NULL, 0, false},
	};
	const unsigned int n = IPFW_PLAN_MAX_INST + 1u;
	struct ipfw_policy pol = policy(true);
	const struct ipfw_plan_master *last;
	char name[32];

	(void)state;
	pol.default_action = IPFW_ACT_IDENTITY;
	pol.rules = ident;
	pol.nrules = 1;
	blob_begin(big, sizeof(big));
	for (unsigned int i = 0; i < n; i++) {
		const fdt32_t iommus[] = {cpu_to_fdt32(i + 1u), cpu_to_fdt32(1)};

		snprintf(name, sizeof(name), "smmuv3@%x", 0x09000000u + i * 0x20000u);
		blob_iommu(big, name, "arm,smmu-v3", 0x09000000u + i * 0x20000u, 0x20000u, i + 1u);
		snprintf(name, sizeof(name), "dma@%x", 0xa0000000u + i);
		assert_int_equal(fdt_begin_node(big, name), 0);
		assert_int_equal(fdt_property(big, "iommus", iommus, sizeof(iommus)), 0);
		assert_int_equal(fdt_end_node(big), 0);
	}
	blob_end(big);
	assert_int_equal(ipfw_plan_build(big, &pol, &plan), IPFW_PLAN_WITH_ERRORS);
	assert_int_equal(plan.ninst, IPFW_PLAN_MAX_INST);
	snprintf(name, sizeof(name), "/dma@%x", 0xa0000000u + n - 1u);
	last = &plan.masters[ipfw_plan_find_master(&plan, name)];
	assert_int_equal(last->action, IPFW_ACT_DENY);
	assert_int_equal(last->err, IPFW_E_DT_FOREIGN);
	assert_int_equal(last->nutlbs, 0);
	for (size_t i = 0; i < plan.ndiags; i++) {
		const struct ipfw_plan_diag *d = &plan.diags[i];

		if (d->code != IPFW_E_NOSPACE)
			continue;
		assert_int_equal(d->need, n);
		assert_int_equal(d->have, IPFW_PLAN_MAX_INST);
		assert_string_equal(d->capacity, "IPFW_CFG_MAX_IPMMUS");
		return;
	}
	fail_msg("no IPFW_E_NOSPACE diagnostic");
}

/* A requester ID whose iommu-map output names an IOMMU no driver is
 * registered for: the unit is held as foreign, naming that IOMMU. */
static void requester_id_onto_an_iommu_without_a_driver_is_held_as_foreign(void **state)
{
	const fdt32_t map[] = {0, cpu_to_fdt32(2), 0, cpu_to_fdt32(0x100u)};
	struct ipfw_policy pol = pci_policy();
	const struct ipfw_plan_master *u;
	int other;

	(void)state;
	pol.nrids = 1; /* 00:01.0 only */
	blob_begin(blob, sizeof(blob));
	blob_iommu(blob, "iommu@a100000", "vendor,other-iommu", 0x0a100000u, 0x1000u, 2);
	assert_int_equal(fdt_begin_node(blob, "pcie@10000000"), 0);
	assert_int_equal(fdt_property_string(blob, "compatible", "pci-host-ecam-generic"), 0);
	assert_int_equal(fdt_property(blob, "iommu-map", map, sizeof(map)), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	blob_end(blob);
	assert_int_equal(ipfw_plan_build(blob, &pol, &plan), IPFW_PLAN_WITH_ERRORS);
	u = unit(0x08);
	assert_int_equal(u->action, IPFW_ACT_DENY);
	assert_int_equal(u->err, IPFW_E_DT_FOREIGN);
	other = fdt_path_offset(blob, "/iommu@a100000");
	for (size_t i = 0; i < plan.ndiags; i++) {
		const struct ipfw_plan_diag *d = &plan.diags[i];

		if (d->code == IPFW_E_DT_FOREIGN && d->master == (int16_t)(u - plan.masters)) {
			assert_int_equal(d->iommu, other);
			assert_string_equal(d->prop, "iommu-map");
			return;
		}
	}
	fail_msg("no IPFW_E_DT_FOREIGN diagnostic for the unit");
}

/* The report names a unit by bus:device.function, two hex digits of bus
 * (bus 0x1f here), and prints a 32-bit address above 2 GiB with 8 digits. */
static void report_names_units_by_bus_device_function_and_prints_high_addresses(void **state)
{
	static const struct ipfw_policy_map high[] = {
		{0x00100000u, 0x80000000u, 0x1000u, IPFW_LPAE_RW | IPFW_LPAE_WB | IPFW_LPAE_XN, false},
	};
	static const struct ipfw_policy_rule r[] = {
		{P_PCIE, IPFW_ACT_TRANSLATE, "high", high, 1, false},
	};
	static const struct ipfw_policy_rid far[] = {{P_PCIE, 0x1f08, -1}, {P_PCIE, 0x08, 0}};
	static const struct ipfw_plan_driver wide = IPFW_PLAN_DRIVER(
		IPFW_IOMMU_SMMUV3, ipfw_smmuv3_compatible, 4, 1u << 16, 1u << IPFW_LPAE_S1_32);
	static const struct ipfw_plan_driver *const wides[] = {&wide};
	struct ipfw_policy pol = pci_policy();
	bool unit_line = false, addr_line = false;

	(void)state;
	pol.rules = r;
	pol.nrules = 1;
	pol.rids = far;
	pol.nrids = 2;
	pol.iommus = wides;
	make_pci_blob(0x10000u);
	/* 1f:01.0 is denied by default; 00:01.0 translates to 0x80000000 */
	assert_int_equal(ipfw_boot_run(blob, &pol, &hooks, &bpool, &plan, &boot), IPFW_OK);
	for (unsigned int i = 0; i < nreport; i++) {
		unit_line |= strstr(report[i], P_PCIE " 1f:01.0") != NULL;
		addr_line |= strstr(report[i], "-> 0x80000000 ") != NULL;
	}
	assert_true(unit_line);
	assert_true(addr_line);
}

/* A requester ID the policy puts on a node that is no PCIe host: an error
 * at that policy path. */
static void requester_id_of_a_node_that_is_no_host_is_a_policy_error(void **state)
{
	static const struct ipfw_policy_rid wrong[] = {{"/nowhere", 0x08, -1}};
	struct ipfw_policy pol = pci_policy();
	const struct ipfw_plan_diag *d;

	(void)state;
	pol.rids = wrong;
	pol.nrids = 1;
	make_pci_blob(0x10000u);
	assert_int_equal(ipfw_plan_build(blob, &pol, &plan), IPFW_PLAN_WITH_ERRORS);
	d = diag_at("/nowhere", IPFW_E_POLICY);
	assert_non_null(d);
	assert_string_equal(d->path, "/nowhere");
	assert_int_equal(d->level, IPFW_DIAG_ERROR);
}

/* An SMMU master the policy bypasses: its StreamID passes through. */
static void an_smmu_master_the_policy_bypasses_passes_through(void **state)
{
	static const struct ipfw_policy_rule bypass[] = {
		{P_A, IPFW_ACT_BYPASS, NULL, NULL, 0, false},
	};
	struct ipfw_policy pol = policy(true);
	uint64_t out = 0;

	(void)state;
	pol.rules = bypass;
	pol.nrules = 1;
	make_blob(false, false);
	assert_int_equal(ipfw_boot_run(blob, &pol, &hooks, &bpool, &plan, &boot), IPFW_OK);
	assert_int_equal(plan.inst[plan.utlbs[plan.masters[ipfw_plan_find_master(&plan, P_A)]
						    .first_utlb].inst].kind,
			 IPFW_IOMMU_SMMUV3);
	assert_int_equal(sm_translate(&model, 8, 0x00100000u, true, &out), SM_BYPASS);
	assert_int_equal(sm_translate(&model, 16, 0x00100000u, true, &out), SM_ABORT);
	assert_true(was_released(P_A));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(unregistered_smmu_masters_stay_foreign, setup),
		cmocka_unit_test_setup(smmu_status_okay_with_trailing_bytes_is_disabled, setup),
		cmocka_unit_test_setup(registered_smmu_is_an_instance_and_streamids_endpoints, setup),
		cmocka_unit_test_setup(flow_translates_through_the_smmu_and_releases_only_the_live,
				       setup),
		cmocka_unit_test_setup(streamid_wanted_by_two_domains_is_a_conflict, setup),
		cmocka_unit_test_setup(streamid_beyond_the_stream_table_is_denied, setup),
		cmocka_unit_test_setup(table_format_the_smmu_does_not_walk_is_refused, setup),
		cmocka_unit_test_setup(a_master_on_two_kinds_of_iommu_is_denied, setup),
		cmocka_unit_test_setup(a_second_domain_beyond_the_slots_is_held, setup),
		cmocka_unit_test_setup(a_node_the_driver_does_not_match_stays_foreign, setup),
		cmocka_unit_test_setup(requester_ids_are_units_released_one_by_one, setup),
		cmocka_unit_test_setup(requester_id_the_map_does_not_cover_is_held, setup),
		cmocka_unit_test_setup(requester_ids_past_the_capacity_say_what_the_policy_needs,
				       setup),
		cmocka_unit_test_setup(every_host_with_registered_ids_is_held_as_a_host, setup),
		cmocka_unit_test_setup(each_master_is_driven_by_the_driver_of_its_own_iommu, setup),
		cmocka_unit_test_setup(pci_host_without_registered_ids_translates_as_one_unit, setup),
		cmocka_unit_test_setup(pci_host_map_beyond_the_stream_table_is_held, setup),
		cmocka_unit_test_setup(the_drivers_match_decides_even_for_an_empty_compatible,
				       setup),
		cmocka_unit_test_setup(an_smmu_node_past_the_instance_capacity_holds_its_master,
				       setup),
		cmocka_unit_test_setup(
			requester_id_onto_an_iommu_without_a_driver_is_held_as_foreign, setup),
		cmocka_unit_test_setup(
			report_names_units_by_bus_device_function_and_prints_high_addresses, setup),
		cmocka_unit_test_setup(requester_id_of_a_node_that_is_no_host_is_a_policy_error,
				       setup),
		cmocka_unit_test_setup(an_smmu_master_the_policy_bypasses_passes_through, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
