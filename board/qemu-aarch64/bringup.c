/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The IPMMU boot flow as AArch64 code: ipfw_boot_run() on the virtual
 * R-Car Gen3 SoC of board/qemu-virt (virt-soc.dtsi), at EL2 on a
 * Cortex-A57. QEMU provides the CPU and RAM; the IPMMU and CPG windows
 * are the behavioural models behind the MMIO seam, linked into the image
 * as in the Cortex-A15 demo. The image then checks, from the models:
 *   - the plan's errors are exactly the board's known ones;
 *   - every released master translates its reported runs through the
 *     IPMMU model and faults one page past them;
 *   - at each reset release the master's uTLBs were live on an enabled,
 *     flushed context (the CPG model's hook); every other master is held.
 */
#include <stdbool.h>
#include <ipmmu/text.h>

#include <ipmmu/boot.h>
#include <ipmmu/boot_rcar.h>
#include <ipmmu/error.h>
#include <ipmmu/version.h>

#include "board.h"
#include "cpg_model.h"
#include "ipmmu_model.h"
#include "mmio_bus.h"

#define printf qemu_a64_printf

extern const unsigned char qemu_a64_dtb[];

#define POOL_TABLES 48

static const struct ipfw_policy_map storage_maps[] = {
	{0x00000000u, 0x48000000u, 0x01000000u, IPFW_LPAE_RW | IPFW_LPAE_WB | IPFW_LPAE_XN, true},
};
static const struct ipfw_policy_map sdhi3_maps[] = {
	{0x10000000u, 0x49000000u, 0x00100000u, IPFW_LPAE_READ | IPFW_LPAE_WB | IPFW_LPAE_XN,
	 false},
};
static const struct ipfw_policy_rule rules[] = {
	{"/soc/dma-controller@e6700000", IPFW_ACT_IDENTITY, "dma", 0, 0, false},
	{"/soc/ethernet@e6800000", IPFW_ACT_IDENTITY, "net", 0, 0, false},
	{"/soc/mmc@ee100000", IPFW_ACT_TRANSLATE, "storage", storage_maps, 1, false},
	{"/soc/mmc@ee120000", IPFW_ACT_TRANSLATE, "storage", storage_maps, 1, false},
	{"/soc/mmc@ee160000", IPFW_ACT_TRANSLATE, 0, sdhi3_maps, 1, false},
	{"/soc/sata@ee300000", IPFW_ACT_DENY, 0, 0, 0, false},
	{"/soc/dma-controller@ec700000", IPFW_ACT_BYPASS, 0, 0, 0, false},
};
static const char *const unbound[] = {"/soc/usb@ee000000"};
static const struct ipfw_policy policy = {
	.rules = rules, .nrules = sizeof(rules) / sizeof(rules[0]),
	.unbound = unbound, .nunbound = 1,
	.default_action = IPFW_ACT_IDENTITY,
	.fmt = IPFW_IPMMU_FMT_S1_32,
	.identity_attrs = IPFW_LPAE_RW | IPFW_LPAE_WB | IPFW_LPAE_XN,
	.pool_tables = POOL_TABLES,
};

/* Problems this board knows about: anything else fails the verdict. */
static const struct {
	const char *path;
	int code;
} known[] = {
	{"/soc/fcp@fea27000", IPFW_E_DT_DISABLED}, /* its IPMMU is disabled */
	{"/soc/usb@ee000000", IPFW_E_NOBINDING},   /* xHCI has no iommus */
};

static uint64_t pool[POOL_TABLES][512] __attribute__((section(".tables"), aligned(8192)));
static struct ipfw_model model;
static struct ipfw_cpg_model cpg;
static struct ipfw_plan plan;
static struct ipfw_boot boot;
static struct ipfw_boot_rcar rcar;
static unsigned int failures, release_checks, release_violations;

static void check(bool ok, const char *what)
{
	printf("  [%s] %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

static void print_line(void *ctx, const char *line)
{
	(void)ctx;
	printf("%s\n", line);
}

/* The model walks tables in RAM: physical == CPU address, MMU off. */
static int read_phys64(void *ctx, uint64_t pa, uint64_t *val)
{
	(void)ctx;
	if (pa < QEMU_A64_RAM_BASE || pa >= QEMU_A64_RAM_BASE + (uint64_t)QEMU_A64_RAM_SIZE ||
	    (pa & 7u))
		return -1;
	*val = *(const volatile uint64_t *)(uintptr_t)pa;
	return 0;
}

static int model_inst(uint64_t base)
{
	uint32_t off;

	return ipfw_model_find(&model, (uintptr_t)base, &off);
}

static uint32_t peek(uintptr_t addr)
{
	uint32_t off;
	int i = ipfw_model_find(&model, addr, &off);

	return i < 0 ? 0 : ipfw_model_read32(&model, (unsigned int)i, off);
}

static bool owns_reset(const struct ipfw_plan_master *pm, uint32_t module)
{
	for (unsigned int r = 0; r < pm->nresets; r++)
		if (pm->resets[r].cells[0] == module)
			return true;
	return false;
}

/* Called by the CPG model the moment a reset is released: the master's
 * uTLBs must select its context, enabled on root and cache (IMUCTR.MMUEN
 * and the context number; IMCTR.MMUEN with no flush pending). */
static void on_cpg_event(void *hook_ctx, const struct ipfw_cpg_event *ev)
{
	(void)hook_ctx;
	if (ev->kind != IPFW_CPG_EV_RESET_RELEASE)
		return;
	for (size_t m = 0; m < plan.nmasters; m++) {
		const struct ipfw_plan_master *pm = &plan.masters[m];
		bool live = true;

		if (!owns_reset(pm, ev->module))
			continue;
		release_checks++;
		if (pm->action == IPFW_ACT_BYPASS)
			continue;
		if (pm->domain < 0 || plan.domains[pm->domain].ctx < 0) {
			release_violations++;
			continue;
		}
		for (size_t k = 0; k < pm->nutlbs; k++) {
			const struct ipfw_plan_utlb *u = &plan.utlbs[pm->first_utlb + k];
			int ci = model_inst(plan.inst[u->inst].base);
			int ri = model_inst(plan.inst[plan.domains[pm->domain].root].base);
			unsigned int ctx = (unsigned int)plan.domains[pm->domain].ctx;
			uint32_t imuctr;

			if (ci < 0 || ri < 0) {
				live = false;
				break;
			}
			imuctr = peek(ipfw_model_imuctr_addr(&model, (unsigned int)ci, u->utlb));
			live &= (imuctr & 1u) && ((imuctr >> 4) & 0xFu) == ctx &&
				(peek(ipfw_model_ctx_addr(&model, (unsigned int)ri, ctx, 0)) & 3u) == 1u &&
				(peek(ipfw_model_ctx_addr(&model, (unsigned int)ci, ctx, 0)) & 1u);
		}
		if (!live) {
			printf("  [FAIL] %s released before its IPMMU path was live\n", pm->path);
			release_violations++;
		}
	}
}

struct reach_check {
	size_t m;
	unsigned int runs, bad;
	uint64_t end;
};

static int check_run(void *arg, const struct ipfw_boot_reach *r)
{
	struct reach_check *rc = arg;
	const struct ipfw_plan_master *pm = &plan.masters[rc->m];

	rc->runs++;
	for (size_t k = 0; k < pm->nutlbs; k++) {
		const struct ipfw_plan_utlb *u = &plan.utlbs[pm->first_utlb + k];
		int ci = model_inst(plan.inst[u->inst].base);
		const uint64_t probe[2] = {r->iova, r->iova + r->size - 4096u};

		for (int p = 0; p < 2; p++) {
			struct ipfw_model_result res;
			int o = ipfw_model_translate(&model, (unsigned int)ci, u->utlb, probe[p], false,
						     &res);

			rc->bad += o != IPFW_MODEL_TRANSLATED || res.pa != r->pa + (probe[p] - r->iova);
		}
	}
	rc->end = r->iova + r->size;
	return 0;
}

static void check_masters(void)
{
	unsigned int translated = 0, faulted = 0, held = 0, bypassed = 0, bad = 0;

	for (size_t m = 0; m < plan.nmasters; m++) {
		const struct ipfw_plan_master *pm = &plan.masters[m];
		const struct ipfw_plan_utlb *u = &plan.utlbs[pm->first_utlb];
		enum ipfw_master_state st = boot.m[m].state;
		struct ipfw_model_result res;
		bool released = false;

		for (unsigned int r = 0; r < pm->nresets; r++)
			released |= ipfw_cpg_model_first(&cpg, IPFW_CPG_EV_RESET_RELEASE,
							 pm->resets[r].cells[0]) >= 0;
		if (st == IPFW_MS_RELEASED && pm->action == IPFW_ACT_BYPASS) {
			bypassed += ipfw_model_translate(&model,
							 (unsigned int)model_inst(plan.inst[u->inst].base),
							 u->utlb, 0x40000000u, false,
							 &res) == IPFW_MODEL_BYPASS;
		} else if (st == IPFW_MS_RELEASED) {
			struct reach_check rc = {m, 0, 0, 0};
			struct ipfw_ipmmu_fault f;
			int o;

			ipfw_boot_reach_walk(&boot, m, check_run, &rc);
			bad += rc.bad || !rc.runs || !released;
			translated += !rc.bad && rc.runs;
			o = ipfw_model_translate(&model, (unsigned int)model_inst(plan.inst[u->inst].base),
						 u->utlb, rc.end, false, &res);
			if (o == IPFW_MODEL_FAULT &&
			    ipfw_ipmmu_fault_scan(&boot.mmu, boot.dom[pm->domain].dom.root, &f) == 1 &&
			    f.addr == rc.end && (f.kinds & IPFW_IPMMU_FAULT_TF))
				faulted++;
			else
				bad++;
		} else {
			for (unsigned int r = 0; r < pm->nresets; r++)
				released |= ipfw_cpg_model_held(&cpg, pm->resets[r].cells[0]) != 1;
			bad += released;
			held += !released;
		}
	}
	printf("  %u translated as reported, %u fault past their range, %u bypassed, %u held\n",
	       translated, faulted, bypassed, held);
	check(bad == 0, "every released master reaches exactly its reported ranges (IPMMU model)");
	check(translated > 0 && faulted == translated,
	      "one page past each master's ranges is a translation fault");
	check(held > 0 && held + translated + bypassed == plan.nmasters,
	      "every other master is still held in reset (CPG model)");
	check(release_checks > 0 && release_violations == 0,
	      "no master left reset before its uTLBs were live on a flushed context");
}

static void check_plan(void)
{
	unsigned int unexpected = 0, seen = 0;

	for (size_t i = 0; i < plan.ndiags; i++) {
		const struct ipfw_plan_diag *d = &plan.diags[i];
		bool ok = false;

		if (d->level != IPFW_DIAG_ERROR)
			continue;
		for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
			ok |= d->code == known[k].code && ipfw_streq(d->path, known[k].path);
		seen += ok;
		unexpected += !ok;
	}
	check(unexpected == 0, "the plan has no errors beyond the board's known ones");
	check(seen == sizeof(known) / sizeof(known[0]), "every known problem was detected");
}

/* The models must exist before the flow touches them: a first plan of the
 * same tree names the IPMMUs (roots first: a cache names its root). */
static int register_models(void)
{
	int err = ipfw_plan_build(qemu_a64_dtb, &policy, &plan);

	if (err)
		return err;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < plan.ninst; i++) {
			const struct ipfw_plan_inst *pi = &plan.inst[i];
			bool root = pi->root == IPFW_IPMMU_IS_ROOT;

			if (pi->enabled && root == (pass == 0))
				ipfw_model_add_instance(&model, pi->name, (uintptr_t)pi->base,
							root ? -1 : model_inst(plan.inst[pi->root].base));
		}
	}
	return ipfw_model_attach(&model);
}

int main(void)
{
	struct ipfw_boot_pool p = {pool, (uint64_t)(uintptr_t)pool, POOL_TABLES};
	struct ipfw_boot_hooks hooks = {
		.ctx = &rcar, .hold = ipfw_boot_rcar_hold, .release = ipfw_boot_rcar_release,
		.clean = qemu_a64_clean_to_poc, .print = print_line,
	};
	int err;

	printf("\n%s: QEMU virt AArch64 bring-up image (Cortex-A57, EL%u)\n", ipfw_version(),
	       qemu_a64_current_el());
	ipfw_bus_reset();
	ipfw_model_init(&model, IPFW_MODEL_GEN3);
	ipfw_model_set_memory(&model, read_phys64, NULL);
	ipfw_cpg_model_init(&cpg, IPFW_CPG_MODEL_GEN3, 0xE6150000u, 1);
	cpg.hook = on_cpg_event;
	ipfw_cpg_model_attach(&cpg);
	err = register_models();
	if (!err)
		err = ipfw_boot_rcar_from_dt(qemu_a64_dtb, &rcar);
	if (err) {
		printf("set-up: %s (%s)\nverdict: FAIL\n", ipfw_errname(err), ipfw_strerror(err));
		return 1;
	}
	err = ipfw_boot_run(qemu_a64_dtb, &policy, &hooks, &p, &plan, &boot);
	printf("ipfw_boot_run: %s\n", ipfw_errname(err));
	printf("MMIO trace: %u reads, %u writes, %u barriers\n",
	       (unsigned int)ipfw_bus_count(IPFW_BUS_READ), (unsigned int)ipfw_bus_count(IPFW_BUS_WRITE),
	       (unsigned int)ipfw_bus_count(IPFW_BUS_BARRIER));
	printf("checks:\n");
	check(qemu_a64_current_el() == 2u, "the flow ran as AArch64 code at EL2");
	check_plan();
	check_masters();
	printf("verdict: %s\n", failures ? "FAIL" : "PASS");
	return failures ? 1 : 0;
}
