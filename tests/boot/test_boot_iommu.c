/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The boot flow through the driver interface (ipmmu/iommu.h) alone: a
 * recording driver stands in for the IOMMU, so the flow's calls can be
 * checked against the order the design promises (docs/design.md, "One
 * flow, several drivers"): hold every master -> init -> domains -> attach
 * -> verify read-back -> release only what is_live confirmed at that
 * moment. The oracles are hand-written from the fixture tree
 * (fixtures/plan-masters.dtsi lists each master's uTLBs) and the policy,
 * and the MMIO bus trace: the flow itself must make no register access
 * (it does not know which IOMMU it drives).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ipmmu/boot.h>
#include <ipmmu/error.h>
#include <ipmmu/iommu.h>
#include <ipmmu/ipmmu.h>

#include "boot_test_util.h"
#include "mmio_bus.h"

#define POOL_TABLES 16
#define POOL_PA 0x7F000000u

/* ------------------------------------------------------------ the record */

enum ev_kind { EV_HOLD, EV_INIT, EV_CREATE, EV_DESTROY, EV_DLIVE, EV_ATTACH, EV_DETACH,
	       EV_LIVE, EV_BYPASS, EV_RELEASE };

struct ev {
	enum ev_kind kind;
	int d;          /* domain, -1 */
	int inst, id;   /* endpoint, -1 */
	int m;          /* master (hold, release, attach owner), -1 */
	int ret;        /* what the driver returned */
};

#define MAX_EV 512
static struct ev evs[MAX_EV];
static size_t nev;

/* Faults to inject. */
static struct {
	int init_err;
	int attach_fail_inst, attach_fail_id; /* attach of this endpoint fails */
	bool live_off_after_verify;           /* is_live of live_off_* says no ... */
	bool live_off_always;                 /* ... from the start (verify fails) */
	int live_off_inst, live_off_id;       /* ... once verify is over */
	bool verify_done;
} inj;

static struct ipfw_iommu_inst seen_inst[IPFW_PLAN_MAX_INST];
static size_t seen_n;
static bool created[IPFW_PLAN_MAX_DOMAINS];
static struct ipfw_lpae_regs seen_regs[IPFW_PLAN_MAX_DOMAINS];
static int seen_slot[IPFW_PLAN_MAX_DOMAINS], seen_home[IPFW_PLAN_MAX_DOMAINS];
static int state_token; /* the driver state the board registered */

static int rec(enum ev_kind k, int d, int inst, int id, int m, int ret)
{
	assert_true(nev < MAX_EV);
	evs[nev++] = (struct ev){k, d, inst, id, m, ret};
	return ret;
}

static int rd_init(void *st, const struct ipfw_iommu_inst *inst, size_t n,
		   const struct ipfw_delay *delay)
{
	(void)delay;
	assert_ptr_equal(st, &state_token);
	assert_true(n <= IPFW_PLAN_MAX_INST);
	memcpy(seen_inst, inst, n * sizeof(*inst));
	seen_n = n;
	return rec(EV_INIT, -1, -1, -1, -1, inj.init_err);
}

static int rd_create(void *st, unsigned int d, unsigned int home, int slot,
		     enum ipfw_lpae_format fmt, const struct ipfw_lpae_regs *regs)
{
	assert_ptr_equal(st, &state_token);
	assert_int_equal(fmt, IPFW_LPAE_S1_32);
	created[d] = true;
	seen_regs[d] = *regs;
	seen_slot[d] = slot;
	seen_home[d] = (int)home;
	return rec(EV_CREATE, (int)d, (int)home, -1, -1, IPFW_OK);
}

static int rd_destroy(void *st, unsigned int d)
{
	(void)st;
	created[d] = false;
	return rec(EV_DESTROY, (int)d, -1, -1, -1, IPFW_OK);
}

static int rd_dlive(void *st, unsigned int d)
{
	(void)st;
	return rec(EV_DLIVE, (int)d, -1, -1, -1, created[d] ? IPFW_OK : IPFW_E_NOTREADY);
}

static int rd_attach(void *st, unsigned int d, struct ipfw_iommu_endpoint ep, int owner)
{
	(void)st;
	return rec(EV_ATTACH, (int)d, ep.inst, ep.id, owner,
		   ep.inst == inj.attach_fail_inst && ep.id == inj.attach_fail_id
			   ? IPFW_E_UTLB_CONFLICT
			   : IPFW_OK);
}

static int rd_detach(void *st, unsigned int d, struct ipfw_iommu_endpoint ep, int owner)
{
	(void)st;
	return rec(EV_DETACH, (int)d, ep.inst, ep.id, owner, IPFW_OK);
}

/* Live when attached (and not detached since) to d, unless injected off. */
static int rd_live(void *st, unsigned int d, struct ipfw_iommu_endpoint ep, int owner)
{
	int attached = 0;

	(void)st;
	for (size_t i = 0; i < nev; i++) {
		if (evs[i].inst != ep.inst || evs[i].id != ep.id || evs[i].d != (int)d || evs[i].ret)
			continue;
		attached += evs[i].kind == EV_ATTACH;
		attached -= evs[i].kind == EV_DETACH;
	}
	if ((inj.live_off_always || (inj.verify_done && inj.live_off_after_verify)) &&
	    ep.inst == inj.live_off_inst && ep.id == inj.live_off_id)
		attached = 0;
	return rec(EV_LIVE, (int)d, ep.inst, ep.id, owner, attached > 0 ? IPFW_OK : IPFW_E_NOTREADY);
}

static int rd_bypass(void *st, unsigned int d, struct ipfw_iommu_endpoint ep, int owner)
{
	(void)st;
	(void)d;
	return rec(EV_BYPASS, -1, ep.inst, ep.id, owner, IPFW_OK);
}

static const struct ipfw_iommu_ops rec_ops = {
	.init = rd_init, .domain_create = rd_create, .domain_destroy = rd_destroy,
	.domain_live = rd_dlive, .attach = rd_attach, .detach = rd_detach,
	.is_live = rd_live, .bypass = rd_bypass,
};

/* ------------------------------------------------------------ board */

static uint64_t pool_mem[POOL_TABLES][512] __attribute__((aligned(8192)));
static struct ipfw_plan plan;
static struct ipfw_boot boot;
static void *blob;

static int hold(void *ctx, const struct ipfw_plan_master *m)
{
	(void)ctx;
	rec(EV_HOLD, -1, -1, -1, (int)(m - plan.masters), 0);
	return 0;
}

static int release(void *ctx, const struct ipfw_plan_master *m)
{
	(void)ctx;
	rec(EV_RELEASE, -1, -1, -1, (int)(m - plan.masters), 0);
	return 0;
}

static struct ipfw_boot_hooks hooks = {
	.hold = hold, .release = release,
	.drivers[IPFW_IOMMU_IPMMU] = {&rec_ops, &state_token, NULL},
};
static const struct ipfw_boot_pool pool = {pool_mem, POOL_PA, POOL_TABLES};

static struct ipfw_policy_map usb_maps[] = {
	{0x00000000u, 0x50000000u, 0x00100000u, IPFW_LPAE_RW | IPFW_LPAE_WB, false},
};
static const struct ipfw_policy_rule rules[] = {
	{P_USB_A, IPFW_ACT_TRANSLATE, "usb", usb_maps, 1, false},
	{P_USB_B, IPFW_ACT_TRANSLATE, "usb", usb_maps, 1, false},
	{P_USB_C, IPFW_ACT_TRANSLATE, "usb", usb_maps, 1, false},
	{P_VIDEO, IPFW_ACT_DENY, NULL, NULL, 0, false},
	{P_FCP, IPFW_ACT_BYPASS, NULL, NULL, 0, false},
};
static const struct ipfw_policy pol = {
	.ipmmu = &ipfw_ipmmu_plan_ops,
	.rules = rules, .nrules = 5, .default_action = IPFW_ACT_IDENTITY,
	.fmt = IPFW_LPAE_S1_32, .pool_tables = POOL_TABLES,
};

static int setup(void **state)
{
	(void)state;
	blob = bt_load("plan-basic");
	nev = 0;
	memset(&inj, 0, sizeof(inj));
	inj.attach_fail_inst = inj.live_off_inst = -1;
	memset(created, 0, sizeof(created));
	seen_n = 0;
	hooks.drivers[IPFW_IOMMU_IPMMU] = (struct ipfw_iommu_driver){&rec_ops, &state_token, NULL};
	ipfw_bus_reset();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(blob);
	return 0;
}

/* Verify is over: from here on is_live answers for release time. */
static int run_flow(void)
{
	int err = ipfw_plan_build(blob, &pol, &plan);

	assert_true(err >= 0);
	assert_int_equal(ipfw_boot_hold(&boot, &plan, &hooks), IPFW_OK);
	(void)ipfw_boot_program(&boot, &pool);
	(void)ipfw_boot_verify(&boot);
	inj.verify_done = true;
	return ipfw_boot_release(&boot);
}

static size_t first_ev(enum ev_kind k)
{
	for (size_t i = 0; i < nev; i++) {
		if (evs[i].kind == k)
			return i;
	}
	return nev;
}

static size_t last_ev(enum ev_kind k)
{
	size_t at = nev;

	for (size_t i = 0; i < nev; i++) {
		if (evs[i].kind == k)
			at = i;
	}
	return at;
}

static bool released(int m)
{
	for (size_t i = 0; i < nev; i++) {
		if (evs[i].kind == EV_RELEASE && evs[i].m == m)
			return true;
	}
	return false;
}

static int master(const char *path)
{
	int m = ipfw_plan_find_master(&plan, path);

	assert_true(m >= 0);
	return m;
}

static int inst_at(uint64_t base)
{
	for (size_t i = 0; i < plan.ninst; i++) {
		if (plan.inst[i].base == base)
			return (int)i;
	}
	fail_msg("no instance at 0x%llx", (unsigned long long)base);
	return -1;
}

/*
 * The promise, event by event: every hold before init; init once, before
 * any domain; each attach after its domain's creation; every attach before
 * the first read-back; each release preceded, since the previous release
 * (or the end of verify), by a successful domain_live of the master's
 * domain and a successful is_live of each of its endpoints (for a
 * translating master).
 */
static void check_order(void)
{
	size_t init = first_ev(EV_INIT);

	assert_true(init < nev);
	assert_int_equal(last_ev(EV_INIT), init);
	assert_true(last_ev(EV_HOLD) < init);
	assert_int_equal(first_ev(EV_HOLD), 0);
	for (size_t i = 0; i < nev; i++) {
		if (evs[i].kind == EV_CREATE)
			assert_true(i > init);
		if (evs[i].kind == EV_ATTACH) {
			bool dom_first = false;

			for (size_t j = 0; j < i; j++)
				dom_first |= evs[j].kind == EV_CREATE && evs[j].d == evs[i].d;
			assert_true(dom_first);
			assert_true(i < first_ev(EV_LIVE));
		}
	}
	for (size_t i = 0; i < nev; i++) {
		const struct ipfw_plan_master *pm;
		size_t from = i;

		if (evs[i].kind != EV_RELEASE)
			continue;
		pm = &plan.masters[evs[i].m];
		if (pm->action == IPFW_ACT_BYPASS)
			continue;
		while (from > 0 && evs[from - 1].kind != EV_RELEASE)
			from--;
		{
			bool dl = false;

			for (size_t j = from; j < i; j++)
				dl |= evs[j].kind == EV_DLIVE && evs[j].d == pm->domain && !evs[j].ret;
			assert_true(dl);
		}
		for (size_t k = 0; k < pm->nutlbs; k++) {
			const struct ipfw_iommu_endpoint *ep = &plan.utlbs[pm->first_utlb + k];
			bool ok = false;

			for (size_t j = from; j < i; j++)
				ok |= evs[j].kind == EV_LIVE && evs[j].inst == ep->inst &&
				      evs[j].id == ep->id && !evs[j].ret;
			assert_true(ok);
		}
	}
}

static void clean_run_follows_the_promised_order(void **state)
{
	int ds0;

	(void)state;
	assert_int_equal(run_flow(), IPFW_OK);
	ds0 = inst_at(DS0_BASE);
	check_order();
	/* the flow touched no register itself */
	assert_int_equal(ipfw_bus_trace_len(), 0);
	/* every master but video is released; video was never touched */
	for (size_t m = 0; m < plan.nmasters; m++) {
		bool want = plan.masters[m].action != IPFW_ACT_DENY;

		assert_int_equal(released((int)m), want);
	}
	for (size_t i = 0; i < nev; i++)
		assert_false(evs[i].inst == inst_at(DS1_BASE) && evs[i].id == 5);
	/* fcp (ds0 uTLB 10) is bypassed, never attached */
	for (size_t i = 0; i < nev; i++) {
		if (evs[i].inst == ds0 && evs[i].id == 10)
			assert_int_equal(evs[i].kind, EV_BYPASS);
	}
	assert_true(released(master(P_FCP)));
}

static void init_sees_the_plans_instances_and_domains_their_slots(void **state)
{
	(void)state;
	assert_int_equal(run_flow(), IPFW_OK);
	assert_int_equal(seen_n, plan.ninst);
	for (size_t i = 0; i < plan.ninst; i++) {
		const struct ipfw_plan_inst *pi = &plan.inst[i];

		assert_int_equal(seen_inst[i].base, pi->base);
		assert_int_equal(seen_inst[i].kind, IPFW_IOMMU_IPMMU);
		assert_int_equal(seen_inst[i].used, pi->usable && pi->needed);
		assert_int_equal(seen_inst[i].home,
				 pi->base == MM_BASE ? IPFW_IOMMU_HOME_SELF : inst_at(MM_BASE));
	}
	for (size_t d = 0; d < plan.ndomains; d++) {
		assert_true(created[d]);
		assert_int_equal(seen_slot[d], plan.domains[d].ctx);
		assert_int_equal(seen_home[d], inst_at(MM_BASE));
		/* the tables' top lives in the pool slice the plan gave the domain */
		assert_int_equal(seen_regs[d].ttbr,
				 POOL_PA + (uint64_t)plan.domains[d].pool_first * 4096u);
	}
}

/* usb-dma B has uTLBs 20 and 21 of ds0: 21 failing detaches 20 (the
 * only endpoint this attach did), and B is never released. */
static void failed_attach_detaches_what_it_did_and_holds_the_master(void **state)
{
	int ds0 = inst_at(DS0_BASE), b = -1;
	size_t fail = nev;

	(void)state;
	inj.attach_fail_inst = ds0;
	inj.attach_fail_id = 21;
	(void)run_flow();
	b = master(P_USB_B);
	for (size_t i = 0; i < nev; i++) {
		if (evs[i].kind == EV_ATTACH && evs[i].ret && evs[i].m == b)
			fail = i;
	}
	assert_true(fail < nev);
	assert_int_equal(evs[fail + 1].kind, EV_DETACH);
	assert_int_equal(evs[fail + 1].id, 20);
	assert_int_equal(evs[fail + 1].m, b);
	assert_false(released(b));
	assert_int_equal(boot.m[b].state, IPFW_MS_FAILED);
	assert_int_equal(boot.m[b].err, IPFW_E_UTLB_CONFLICT);
	/* the others are released in order */
	assert_true(released(master(P_DMA0)));
	check_order();
}

/* An endpoint that reads back not live at release time: its master is
 * refused (no release), the others go on. */
static void endpoint_not_live_at_release_is_refused(void **state)
{
	int eth;

	(void)state;
	inj.live_off_after_verify = true;
	inj.live_off_inst = inst_at(DS0_BASE);
	inj.live_off_id = 16; /* ethernet */
	assert_int_equal(run_flow(), IPFW_E_NOTREADY);
	eth = master(P_ETH);
	assert_false(released(eth));
	assert_int_equal(boot.m[eth].state, IPFW_MS_REFUSED);
	assert_true(released(master(P_MMC0)));
	check_order();
}

/* uTLB 21 of ds0 never reads back live: verify fails usb-dma B and
 * detaches both its endpoints, first to last (as the IPMMU-only flow did);
 * B is never released, A (on uTLB 20 alone) still is. */
static void failed_verify_detaches_the_master_first_to_last(void **state)
{
	int b, first = -1, second = -1;

	(void)state;
	inj.live_off_always = true;
	assert_true(ipfw_plan_build(blob, &pol, &plan) >= 0);
	inj.live_off_inst = inst_at(DS0_BASE);
	inj.live_off_id = 21;
	assert_int_equal(ipfw_boot_hold(&boot, &plan, &hooks), IPFW_OK);
	(void)ipfw_boot_program(&boot, &pool);
	assert_int_equal(ipfw_boot_verify(&boot), IPFW_E_VERIFY);
	inj.verify_done = true;
	(void)ipfw_boot_release(&boot);
	b = master(P_USB_B);
	for (size_t i = 0; i < nev; i++) {
		if (evs[i].kind != EV_DETACH || evs[i].m != b)
			continue;
		if (first < 0)
			first = (int)i;
		else if (second < 0)
			second = (int)i;
	}
	assert_true(first >= 0 && second > first);
	assert_int_equal(evs[first].id, 20);
	assert_int_equal(evs[second].id, 21);
	assert_int_equal(boot.m[b].state, IPFW_MS_FAILED);
	assert_int_equal(boot.m[b].err, IPFW_E_VERIFY);
	assert_false(released(b));
	assert_true(released(master(P_USB_A)));
	check_order();
}

static void failed_init_programs_and_releases_nothing(void **state)
{
	(void)state;
	inj.init_err = IPFW_E_READBACK;
	(void)run_flow();
	assert_int_equal(boot.err, IPFW_E_READBACK);
	assert_int_equal(first_ev(EV_CREATE), nev);
	assert_int_equal(first_ev(EV_ATTACH), nev);
	assert_int_equal(first_ev(EV_BYPASS), nev);
	assert_int_equal(first_ev(EV_RELEASE), nev);
	assert_int_equal(boot.released, 0);
}

static void no_driver_for_the_instances_releases_nothing(void **state)
{
	(void)state;
	hooks.drivers[IPFW_IOMMU_IPMMU] = (struct ipfw_iommu_driver){NULL, NULL, NULL};
	(void)run_flow();
	assert_int_equal(boot.err, IPFW_E_INVAL);
	/* the holds, and nothing after them */
	assert_int_equal(nev, plan.nmasters);
	assert_int_equal(last_ev(EV_HOLD), nev - 1u);
	assert_int_equal(boot.released, 0);
}

/* A domain whose pool slice is smaller than its tables need (a plan
 * changed after its dry run): the table builder runs out, and the domain
 * fails with IPFW_E_NOMEM before the driver is asked to create it, so its
 * masters are never attached nor released. */
static void tables_that_do_not_fit_their_slice_fail_before_the_domain_exists(void **state)
{
	int usb = -1;

	(void)state;
	assert_true(ipfw_plan_build(blob, &pol, &plan) >= 0);
	for (size_t d = 0; d < plan.ndomains; d++) {
		if (!strcmp(plan.domains[d].name, "usb"))
			usb = (int)d;
	}
	assert_true(usb >= 0);
	/* 1 MiB of 4 KiB pages: the top table alone cannot hold them */
	assert_true(plan.domains[usb].tables > 1);
	plan.domains[usb].tables = 1;
	assert_int_equal(ipfw_boot_hold(&boot, &plan, &hooks), IPFW_OK);
	assert_int_equal(ipfw_boot_program(&boot, &pool), IPFW_E_NOMEM);
	for (size_t i = 0; i < nev; i++)
		assert_false(evs[i].kind == EV_CREATE && evs[i].d == usb);
	assert_int_equal(boot.m[master(P_USB_A)].state, IPFW_MS_FAILED);
	assert_int_equal(boot.m[master(P_USB_A)].err, IPFW_E_NOMEM);
	(void)ipfw_boot_verify(&boot);
	(void)ipfw_boot_release(&boot);
	assert_false(released(master(P_USB_A)));
	assert_false(released(master(P_USB_B)));
	assert_true(released(master(P_MMC0)));
}

/* The board's hooks followed in memory by something that looks like one
 * more driver slot (recording, with a report tail), and a plan whose
 * instances all have a kind no slot exists for (a plan changed after it
 * was built), held. */
static struct {
	struct ipfw_boot_hooks h;
	struct ipfw_iommu_driver past_the_slots;
} w;

static void hold_instances_of_no_kind(ipfw_iommu_report_fn *report)
{
	w.h = hooks;
	w.past_the_slots = (struct ipfw_iommu_driver){&rec_ops, &state_token, report};
	assert_true(ipfw_plan_build(blob, &pol, &plan) >= 0);
	for (size_t i = 0; i < plan.ninst; i++)
		plan.inst[i].kind = IPFW_IOMMU_KINDS;
	assert_int_equal(ipfw_boot_hold(&boot, &plan, &w.h), IPFW_OK);
}

/* Programming fails before any driver is called. */
static void an_instance_of_no_driver_kind_programs_nothing(void **state)
{
	(void)state;
	hold_instances_of_no_kind(NULL);
	assert_int_equal(ipfw_boot_program(&boot, &pool), IPFW_E_INVAL);
	assert_int_equal(first_ev(EV_INIT), nev);
	assert_int_equal(first_ev(EV_CREATE), nev);
	assert_int_equal(first_ev(EV_ATTACH), nev);
}

/* The report asks a master's line of its instance's driver only when that
 * kind has a driver slot: an instance of no kind gets a line without a
 * driver's words, never a call past the slots. */
static unsigned int past_calls;
static void past_report(const void *st, const struct ipfw_iommu_tail *tail, struct ipfw_text *t)
{
	(void)st, (void)tail, (void)t;
	past_calls++;
}

static unsigned int lines;
static void count_line(void *ctx, const char *line)
{
	(void)ctx, (void)line;
	lines++;
}

static void report_asks_no_driver_past_the_slots(void **state)
{
	(void)state;
	hold_instances_of_no_kind(past_report);
	w.h.print = count_line;
	past_calls = lines = 0;
	ipfw_boot_report(&boot);
	assert_true(lines > plan.nmasters);
	assert_int_equal(past_calls, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(clean_run_follows_the_promised_order, setup,
						teardown),
		cmocka_unit_test_setup_teardown(init_sees_the_plans_instances_and_domains_their_slots,
						setup, teardown),
		cmocka_unit_test_setup_teardown(failed_attach_detaches_what_it_did_and_holds_the_master,
						setup, teardown),
		cmocka_unit_test_setup_teardown(endpoint_not_live_at_release_is_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(failed_verify_detaches_the_master_first_to_last, setup,
						teardown),
		cmocka_unit_test_setup_teardown(failed_init_programs_and_releases_nothing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(no_driver_for_the_instances_releases_nothing,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			tables_that_do_not_fit_their_slice_fail_before_the_domain_exists, setup,
			teardown),
		cmocka_unit_test_setup_teardown(an_instance_of_no_driver_kind_programs_nothing,
						setup, teardown),
		cmocka_unit_test_setup_teardown(report_asks_no_driver_past_the_slots, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
