/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The plan on the real H3 Salvator-XS tree (Linux 6.1, plus the PCIe
 * iommu-map upstream added later: fixtures/h3-pcie-iommu-map.dts) programs
 * the behavioural IPMMU model and CPG model, and every master translates
 * per its policy; masters without a binding and unmatched requester IDs are
 * denied and never released.
 *
 * Oracles: which masters must be live, and on which uTLBs, is typed in from
 * ipmmu-vmsa.md section 8.2 (the H3 table), minus the nodes the Salvator-XS
 * board file leaves disabled (SDHI1); the identity range is the board's
 * memory@48000000 node read by hand (reg <0 0x48000000 0 0x38000000>, the
 * only DRAM below 4 GiB). Translations come from the IPMMU model, resets
 * from the CPG model; neither is the code under test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <ipmmu/boot.h>
#include <ipmmu/boot_rcar.h>
#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>

#include "cpg_model.h"
#include "dt_test_util.h"
#include "ipmmu_model.h"
#include "mmio_bus.h"

#define POOL_TABLES 64
#define POOL_PA 0x7F000000ull
#define CPG_BASE 0xE6150000u
#define H3_PRR_ES3 0x4F20u       /* product 0x4F (H3), cut ES3.0 */
#define DRAM_LO 0x48000000ull    /* memory@48000000 */
#define DRAM_END 0x80000000ull   /* + 0x38000000 */
#define SDHI0_BUF 0x50000000ull

struct want {
	const char *path;
	uint64_t ipmmu; /* cache IPMMU base */
	unsigned int first, count;
};

/* ipmmu-vmsa.md 8.2: ds0 E6740000, ds1 E7740000, hc E6570000, mp0 EC670000,
 * vp0 FE990000, vp1 FE980000, vi0 FEBD0000, vi1 FEBE0000. */
static const struct want h3_live[] = {
	{"/soc/dma-controller@e6700000", 0xE6740000u, 0, 16},  /* SYS-DMAC0 */
	{"/soc/dma-controller@e7300000", 0xE7740000u, 0, 16},  /* SYS-DMAC1 */
	{"/soc/dma-controller@e7310000", 0xE7740000u, 16, 16}, /* SYS-DMAC2 */
	{"/soc/ethernet@e6800000", 0xE6740000u, 16, 1},        /* EtherAVB */
	{"/soc/dma-controller@ec700000", 0xEC670000u, 0, 16},  /* Audio-DMAC0 */
	{"/soc/dma-controller@ec720000", 0xEC670000u, 16, 16}, /* Audio-DMAC1 */
	{"/soc/mmc@ee100000", 0xE7740000u, 32, 1},             /* SDHI0 */
	{"/soc/mmc@ee140000", 0xE7740000u, 34, 1},             /* SDHI2 */
	{"/soc/mmc@ee160000", 0xE7740000u, 35, 1},             /* SDHI3 */
	{"/soc/sata@ee300000", 0xE6570000u, 2, 1},             /* SATA */
	{"/soc/fcp@fe950000", 0xFE990000u, 0, 1},              /* FCPF0 */
	{"/soc/fcp@fe951000", 0xFE980000u, 1, 1},              /* FCPF1 */
	{"/soc/fcp@fe96f000", 0xFE990000u, 5, 1},              /* FCPVB0 */
	{"/soc/fcp@fe92f000", 0xFE980000u, 7, 1},              /* FCPVB1 */
	{"/soc/fcp@fe9af000", 0xFE990000u, 8, 1},              /* FCPVI0 */
	{"/soc/fcp@fe9bf000", 0xFE980000u, 9, 1},              /* FCPVI1 */
	{"/soc/fcp@fea27000", 0xFEBD0000u, 8, 1},              /* FCPVD0 */
	{"/soc/fcp@fea2f000", 0xFEBD0000u, 9, 1},              /* FCPVD1 */
	{"/soc/fcp@fea37000", 0xFEBE0000u, 10, 1},             /* FCPVD2 */
	/* fixture only: pciec0 <0 &ipmmu_hc 0 1>, pciec1 <0 &ipmmu_hc 1 1> */
	{"/soc/pcie@fe000000", 0xE6570000u, 0, 1},
	{"/soc/pcie@ee800000", 0xE6570000u, 1, 1},
};
#define N_LIVE_BASE 19 /* without the two PCIe hosts */

/* Large state: static, one test at a time. */
static struct ipfw_model model;
static struct ipfw_cpg_model cpg;
static struct ipfw_plan plan;
static struct ipfw_boot boot;
static struct ipfw_ipmmu_flow ipmmu_state;
static struct ipfw_boot_rcar rcar;
static struct ipfw_model_ram ram;
static uint64_t pool[POOL_TABLES][512] __attribute__((aligned(8192)));
static unsigned int release_violations, release_events;

static const struct want *wanted(const char *path, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(h3_live[i].path, path))
			return &h3_live[i];
	}
	return NULL;
}

static int model_inst(uint64_t base)
{
	uint32_t off;

	return ipfw_model_find(&model, (uintptr_t)base, &off);
}

/* From the model's registers, not the driver's view: is master m's path
 * live (uTLB enabled on its context, context enabled on cache and root)? */
static bool live_in_model(size_t m)
{
	const struct ipfw_plan_master *pm = &plan.masters[m];

	if (pm->domain < 0 || plan.domains[pm->domain].ctx < 0 || !pm->nutlbs)
		return false;
	for (size_t k = 0; k < pm->nutlbs; k++) {
		const struct ipfw_plan_utlb *u = &plan.utlbs[pm->first_utlb + k];
		int ci = model_inst(plan.inst[u->inst].base);
		int ri = model_inst(plan.inst[plan.domains[pm->domain].root].base);
		unsigned int ctx = (unsigned int)plan.domains[pm->domain].ctx;

		if (ci < 0 || ri < 0)
			return false;
		if (!(model.inst[ci].imuctr[u->id] & IPFW_MODEL_IMUCTR_MMUEN) ||
		    ((model.inst[ci].imuctr[u->id] >> 4) & 0xFu) != ctx ||
		    !(model.inst[ci].ctx[ctx].imctr & IPFW_MODEL_IMCTR_MMUEN) ||
		    !(model.inst[ri].ctx[ctx].imctr & IPFW_MODEL_IMCTR_MMUEN))
			return false;
	}
	return true;
}

static void on_cpg_event(void *ctx, const struct ipfw_cpg_event *ev)
{
	(void)ctx;
	if (ev->kind != IPFW_CPG_EV_RESET_RELEASE)
		return;
	release_events++;
	for (size_t m = 0; m < plan.nmasters; m++) {
		const struct ipfw_plan_master *pm = &plan.masters[m];

		for (unsigned int r = 0; r < pm->nresets; r++) {
			if (pm->resets[r].cells[0] == ev->module && pm->action != IPFW_ACT_BYPASS &&
			    !live_in_model(m))
				release_violations++;
		}
	}
}

static bool ever_released(const struct ipfw_plan_master *pm)
{
	for (unsigned int r = 0; r < pm->nresets; r++) {
		if (ipfw_cpg_model_first(&cpg, IPFW_CPG_EV_RESET_RELEASE, pm->resets[r].cells[0]) >= 0 ||
		    ipfw_cpg_model_held(&cpg, pm->resets[r].cells[0]) != 1)
			return true;
	}
	return false;
}

/* Plan, then hold, program, verify and release on the models. */
static void run_flow(const char *dtb, const struct ipfw_policy *pol)
{
	static void *blob; /* the plan points into it: kept until the next run */

	free(blob);
	blob = t_load(dtb);
	static const struct ipfw_boot_hooks hooks_tmpl = {
		.hold = ipfw_boot_rcar_hold, .release = ipfw_boot_rcar_release,
		.drivers[IPFW_IOMMU_IPMMU] = IPFW_IPMMU_DRIVER(&ipmmu_state),
	};
	static struct ipfw_boot_hooks hooks;
	const struct ipfw_boot_pool bp = {pool, POOL_PA, POOL_TABLES};

	release_violations = release_events = 0;
	memset(pool, 0, sizeof(pool));
	ipfw_bus_reset();
	assert_int_equal(ipfw_model_init(&model, IPFW_MODEL_GEN3), 0);
	ipfw_model_ram_init(&ram);
	assert_int_equal(ipfw_model_ram_add(&ram, POOL_PA, pool, sizeof(pool)), 0);
	ipfw_model_set_memory(&model, ipfw_model_ram_read64, &ram);
	ipfw_cpg_model_init(&cpg, IPFW_CPG_MODEL_GEN3, CPG_BASE, 1);
	cpg.hook = on_cpg_event;
	assert_int_equal(ipfw_cpg_model_attach(&cpg), 0);

	{
		int built = ipfw_plan_build(blob, pol, &plan);

		/* a plan with errors says so in its return, a clean one is IPFW_OK */
		assert_int_equal(built, plan.nerrors ? IPFW_PLAN_WITH_ERRORS : IPFW_OK);
	}
	/* every enabled IPMMU of the tree, roots first, into the model */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < plan.ninst; i++) {
			const struct ipfw_plan_inst *pi = &plan.inst[i];
			bool root = !pi->cache;

			if (!pi->enabled || root != (pass == 0))
				continue;
			assert_true(ipfw_model_add_instance(&model, pi->name, (uintptr_t)pi->base,
							    root ? -1 : model_inst(plan.inst[pi->root].base)) >= 0);
		}
	}
	assert_int_equal(ipfw_model_attach(&model), 0);
	assert_int_equal(ipfw_boot_rcar_from_dt(blob, &rcar), IPFW_OK);
	assert_int_equal(rcar.cpg.base, CPG_BASE);
	hooks = hooks_tmpl;
	hooks.ctx = &rcar;

	ipfw_boot_hold(&boot, &plan, &hooks);
	assert_int_equal(ipfw_boot_program(&boot, &bp), IPFW_OK);
	assert_int_equal(ipfw_boot_verify(&boot), IPFW_OK);
	assert_int_equal(ipfw_boot_release(&boot), IPFW_OK);
}

struct reach {
	size_t m;
	unsigned int runs;
	unsigned int bad;
	uint64_t lo, hi; /* span of all runs */
};

/* Each run's first and last page translate through the model to where the
 * run says, on every uTLB of the master. */
static int check_run(void *arg, const struct ipfw_boot_reach *r)
{
	struct reach *rc = arg;
	const struct ipfw_plan_master *pm = &plan.masters[rc->m];

	if (!rc->runs || r->iova < rc->lo)
		rc->lo = r->iova;
	if (r->iova + r->size > rc->hi)
		rc->hi = r->iova + r->size;
	rc->runs++;
	for (size_t k = 0; k < pm->nutlbs; k++) {
		const struct ipfw_plan_utlb *u = &plan.utlbs[pm->first_utlb + k];
		const uint64_t probe[2] = {r->iova, r->iova + r->size - 4096u};

		for (int p = 0; p < 2; p++) {
			struct ipfw_model_result res;
			int o = ipfw_model_translate(&model, (unsigned int)model_inst(plan.inst[u->inst].base),
						     u->id, probe[p], true, &res);

			if (o != IPFW_MODEL_TRANSLATED || res.pa != r->pa + (probe[p] - r->iova))
				rc->bad++;
		}
	}
	return 0;
}

/* What master m's first uTLB does with an access at iova (the model). */
static int access(size_t m, uint64_t iova, struct ipfw_model_result *res)
{
	const struct ipfw_plan_utlb *u = &plan.utlbs[plan.masters[m].first_utlb];

	return ipfw_model_translate(&model, (unsigned int)model_inst(plan.inst[u->inst].base),
				    u->id, iova, false, res);
}

/* The expected masters are released on exactly their 8.2 uTLBs; nobody
 * else is, and no uTLB outside them is enabled anywhere. */
static void check_live_set(size_t nlive)
{
	unsigned int released = 0;

	for (size_t m = 0; m < plan.nmasters; m++) {
		const struct ipfw_plan_master *pm = &plan.masters[m];
		const struct want *w = wanted(t_node_path(plan.fdt, pm->node), nlive);

		if (!w) {
			if (boot.m[m].state == IPFW_MS_RELEASED || ever_released(pm))
				fail_msg("%s released, but 8.2 does not list it", t_node_path(plan.fdt, pm->node));
			continue;
		}
		if (boot.m[m].state != IPFW_MS_RELEASED)
			fail_msg("%s not released: %s", t_node_path(plan.fdt, pm->node), ipfw_errname(boot.m[m].err));
		assert_true(ever_released(pm));
		assert_int_equal(pm->nutlbs, w->count);
		for (unsigned int k = 0; k < w->count; k++) {
			const struct ipfw_plan_utlb *u = &plan.utlbs[pm->first_utlb + k];

			assert_int_equal(plan.inst[u->inst].base, w->ipmmu);
			assert_int_equal(u->id, w->first + k);
		}
		released++;
	}
	assert_int_equal(released, nlive);
	assert_int_equal(boot.released, nlive);
	/* every enabled uTLB in the model belongs to one of them */
	for (unsigned int i = 0; i < model.num_inst; i++) {
		for (unsigned int u = 0; u < model.cfg.num_utlb; u++) {
			bool listed = false;

			if (!(model.inst[i].imuctr[u] & IPFW_MODEL_IMUCTR_MMUEN))
				continue;
			for (size_t k = 0; k < nlive; k++)
				listed |= h3_live[k].ipmmu == model.inst[i].base &&
					  u >= h3_live[k].first && u < h3_live[k].first + h3_live[k].count;
			if (!listed)
				fail_msg("uTLB %u of %s enabled for no listed master", u, model.inst[i].name);
		}
	}
	assert_true(release_events >= nlive);
	assert_int_equal(release_violations, 0);
}

/* H3's IPMMUs in switchable power areas (A3IR, A3VC, A3VP): the models
 * are always powered, so this board says those areas are on. */
static const char *const h3_powered[] = {
	"/soc/iommu@ff8b0000", "/soc/iommu@fe6b0000", "/soc/iommu@fe6f0000",
	"/soc/iommu@fe990000", "/soc/iommu@fe980000",
};

static struct ipfw_policy h3_policy(void)
{
	return (struct ipfw_policy){
		.ipmmu = &ipfw_ipmmu_plan_ops,
		.powered = h3_powered, .npowered = 5,
		.default_action = IPFW_ACT_IDENTITY,
		.fmt = IPFW_IPMMU_FMT_S1_32,
		.identity_attrs = IPFW_LPAE_RW | IPFW_LPAE_WB | IPFW_LPAE_XN,
		.rev = {true, H3_PRR_ES3},
		.pool_tables = POOL_TABLES,
	};
}

static void h3_identity_every_listed_master_reaches_exactly_dram_below_4g(void **state)
{
	struct ipfw_policy pol = h3_policy();

	(void)state;
	run_flow("r8a77951-salvator-xs", &pol);
	assert_int_equal(plan.nerrors, 0);
	check_live_set(N_LIVE_BASE);
	for (size_t m = 0; m < plan.nmasters; m++) {
		struct reach rc = {m, 0, 0, 0, 0};
		struct ipfw_model_result res;

		ipfw_boot_reach_walk(&boot, m, check_run, &rc);
		assert_int_equal(rc.bad, 0);
		assert_true(rc.runs > 0);
		assert_int_equal(rc.lo, DRAM_LO);
		assert_int_equal(rc.hi, DRAM_END);
		/* identity: where it lands is where it pointed */
		assert_int_equal(access(m, DRAM_LO + 0x123000u, &res), IPFW_MODEL_TRANSLATED);
		assert_int_equal(res.pa, DRAM_LO + 0x123000u);
		/* a page either side of DRAM: a translation fault, not a bypass */
		assert_int_equal(access(m, DRAM_END, &res), IPFW_MODEL_FAULT);
		assert_int_equal(access(m, DRAM_LO - 4096u, &res), IPFW_MODEL_FAULT);
	}
}

static void h3_pcie_mixed_policy_translates_denies_and_holds_the_unbound(void **state)
{
	static const struct ipfw_policy_map sdhi0_map[] = {
		{0, SDHI0_BUF, 0x1000000u, IPFW_LPAE_RW | IPFW_LPAE_WB | IPFW_LPAE_XN, false},
	};
	static const struct ipfw_policy_rule rules[] = {
		{"/soc/mmc@ee100000", IPFW_ACT_TRANSLATE, "sd0", sdhi0_map, 1, false},
		{"/soc/sata@ee300000", IPFW_ACT_DENY, NULL, NULL, 0, false},
	};
	static const char *const unbound[] = {"/soc/usb@ee000000"}; /* xHCI: no iommus (8.2) */
	struct ipfw_policy pol = h3_policy();
	struct ipfw_model_result res;
	struct reach rc;
	int sdhi0, sata, xhci, pcie0;

	(void)state;
	pol.rules = rules;
	pol.nrules = 2;
	pol.unbound = unbound;
	pol.nunbound = 1;
	run_flow("h3-pcie-iommu-map", &pol);

	/* mask 0 folds every requester ID onto the one entry: no ID is unmatched */
	for (size_t i = 0; i < plan.ndiags; i++)
		assert_int_not_equal(plan.diags[i].code, IPFW_E_DT_NOMATCH);
	/* the one error is the unbound xHCI */
	assert_int_equal(plan.nerrors, 1);
	xhci = ipfw_plan_find_master(&plan, "/soc/usb@ee000000");
	assert_true(xhci >= 0);
	assert_int_equal(boot.m[xhci].state, IPFW_MS_DENIED);
	assert_int_equal(boot.m[xhci].err, IPFW_E_NOBINDING);
	assert_false(ever_released(&plan.masters[xhci]));
	assert_int_equal(ipfw_cpg_model_held(&cpg, 328), 1); /* resets = <&cpg 328> */

	sata = ipfw_plan_find_master(&plan, "/soc/sata@ee300000");
	assert_int_equal(boot.m[sata].state, IPFW_MS_DENIED);
	assert_false(ever_released(&plan.masters[sata]));
	assert_int_equal(ipfw_cpg_model_held(&cpg, 815), 1);

	/* SDHI0: IOVA 0..16M -> its buffer, and nothing else */
	sdhi0 = ipfw_plan_find_master(&plan, "/soc/mmc@ee100000");
	assert_int_equal(boot.m[sdhi0].state, IPFW_MS_RELEASED);
	rc = (struct reach){(size_t)sdhi0, 0, 0, 0, 0};
	ipfw_boot_reach_walk(&boot, (size_t)sdhi0, check_run, &rc);
	assert_int_equal(rc.bad, 0);
	assert_int_equal(rc.lo, 0);
	assert_int_equal(rc.hi, 0x1000000u);
	assert_int_equal(access((size_t)sdhi0, 0x4000u, &res), IPFW_MODEL_TRANSLATED);
	assert_int_equal(res.pa, SDHI0_BUF + 0x4000u);
	assert_int_equal(access((size_t)sdhi0, 0x1000000u, &res), IPFW_MODEL_FAULT);
	assert_int_equal(access((size_t)sdhi0, DRAM_LO, &res), IPFW_MODEL_FAULT);

	/* the PCIe hosts translate identity through ipmmu_hc uTLB 0 and 1 */
	pcie0 = ipfw_plan_find_master(&plan, "/soc/pcie@fe000000");
	assert_true(pcie0 >= 0);
	assert_int_equal(access((size_t)pcie0, DRAM_LO, &res), IPFW_MODEL_TRANSLATED);
	assert_int_equal(res.pa, DRAM_LO);

	/* the live set: 8.2 plus PCIe, minus the denied SATA */
	{
		unsigned int live = 0;

		for (size_t m = 0; m < plan.nmasters; m++) {
			const struct want *w = wanted(t_node_path(plan.fdt, plan.masters[m].node),
						      sizeof(h3_live) / sizeof(h3_live[0]));

			if ((int)m == sata)
				continue;
			if (w) {
				assert_int_equal(boot.m[m].state, IPFW_MS_RELEASED);
				live++;
			} else {
				assert_false(ever_released(&plan.masters[m]));
			}
		}
		assert_int_equal(live, sizeof(h3_live) / sizeof(h3_live[0]) - 1);
		assert_int_equal(boot.released, live);
	}
	assert_int_equal(release_violations, 0);
}

/* Unmatched requester IDs on the QEMU demo's virtual SoC: its pciec0 maps
 * bus 0 and bus 2 (mask 0xff00), so under the mask bus 1 (ID 0x100) and
 * buses 3..255 (0x300..0xff00) match no entry; they are reported denied and
 * no uTLB beyond the two mapped ones (ipmmu_hc 4, 5) is enabled for it. */
static void unmatched_requester_ids_are_denied_and_reported(void **state)
{
	static const char *const unbound[] = {"/soc/usb@ee000000"};
	struct ipfw_policy pol = h3_policy();
	bool seen_100 = false, seen_rest = false;
	int pcie, xhci;

	(void)state;
	pol.rev.known = false; /* r8a77965 is not on the denylist */
	pol.unbound = unbound;
	pol.nunbound = 1;
	run_flow("virt-soc", &pol);
	for (size_t i = 0; i < plan.ndiags; i++) {
		const struct ipfw_plan_diag *d = &plan.diags[i];

		if (d->code != IPFW_E_DT_NOMATCH)
			continue;
		assert_string_equal(t_node_path(plan.fdt, d->node), "/soc/pcie@fe000000");
		seen_100 |= d->id_lo == 0x100 && d->id_hi == 0x100;
		seen_rest |= d->id_lo == 0x300 && d->id_hi == 0xff00;
	}
	assert_true(seen_100);
	assert_true(seen_rest);
	pcie = ipfw_plan_find_master(&plan, "/soc/pcie@fe000000");
	assert_true(pcie >= 0);
	assert_int_equal(plan.masters[pcie].nutlbs, 2);
	assert_int_equal(plan.utlbs[plan.masters[pcie].first_utlb].id, 4);
	assert_int_equal(plan.utlbs[plan.masters[pcie].first_utlb + 1].id, 5);
	{
		int hc = model_inst(0xE6570000u);

		assert_true(hc >= 0);
		for (unsigned int u = 0; u < model.cfg.num_utlb; u++) {
			bool on = model.inst[hc].imuctr[u] & IPFW_MODEL_IMUCTR_MMUEN;

			/* 2 is SATA (identity by default here), 4 and 5 the PCIe entries */
			assert_int_equal(on, u == 2 || u == 4 || u == 5);
		}
	}
	/* the master without a binding stays in reset: xHCI, resets <&cpg 328> */
	xhci = ipfw_plan_find_master(&plan, "/soc/usb@ee000000");
	assert_true(xhci >= 0);
	assert_int_equal(boot.m[xhci].state, IPFW_MS_DENIED);
	assert_false(ever_released(&plan.masters[xhci]));
	assert_int_equal(ipfw_cpg_model_held(&cpg, 328), 1);
	assert_int_equal(release_violations, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(h3_identity_every_listed_master_reaches_exactly_dram_below_4g),
		cmocka_unit_test(h3_pcie_mixed_policy_translates_denies_and_holds_the_unbound),
		cmocka_unit_test(unmatched_requester_ids_are_denied_and_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
