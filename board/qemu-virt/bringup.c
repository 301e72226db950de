/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * QEMU virt bring-up image: the whole boot flow on a virtual R-Car Gen3
 * SoC (virt-soc.dtsi). QEMU provides the CPU, its MMU and RAM; the IPMMU
 * and CPG windows are served by the behavioural models through the MMIO
 * seam. The image plans, holds, programs, verifies and releases, prints
 * the report, then proves what it claims:
 *   - every released master translates exactly its reachable ranges
 *     through the IPMMU model, and faults one page past them;
 *   - at the moment each reset was released the master's uTLBs were live
 *     on an enabled, flushed context (checked from the CPG model's hook);
 *   - denied masters were never released;
 *   - the CPU's own MMU walks the identity domain's tables the same way;
 *   - the plan's errors are exactly the ones this board expects.
 * Exit status 0 only if every check holds.
 */
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include <ipmmu/boot.h>
#include <ipmmu/boot_rcar.h>
#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>
#include <ipmmu/version.h>

#include "board.h"
#include "cpg_model.h"
#include "ipmmu_model.h"
#include "mmio_bus.h"

extern const unsigned char qemu_virt_dtb[];

/* board/qemu-aarch64 builds this file too (its board interface is
 * board/qemu-aarch64/virt_board.c) and names its own CPU. */
#ifndef QEMU_VIRT_CPU_NAME
#define QEMU_VIRT_CPU_NAME "Cortex-A15, mode"
#endif

#define POOL_TABLES 48

/* ------------------------------------------------------------ policy */

static const struct ipfw_policy_map storage_maps[] = {
	/* one DMA window for the SD hosts: IOVA 0 -> a 16 MiB buffer that
	 * stays live for the OS (handed off as reserved-memory) */
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
	.ipmmu = &ipfw_ipmmu_plan_ops,
	.rules = rules, .nrules = sizeof(rules) / sizeof(rules[0]),
	.unbound = unbound, .nunbound = 1,
	.default_action = IPFW_ACT_IDENTITY,
	.fmt = IPFW_IPMMU_FMT_S1_32,
	/* executable so the CPU can run through these tables in the MMU check */
	.identity_attrs = IPFW_LPAE_RW | IPFW_LPAE_WB,
	.pool_tables = POOL_TABLES,
};

/* Problems this board knows about: anything else fails the verdict. */
struct expected_diag {
	const char *path;
	int code;
};
static const struct expected_diag known[] = {
	{"/soc/fcp@fea27000", IPFW_E_DT_DISABLED},  /* its IPMMU is disabled */
	{"/soc/usb@ee000000", IPFW_E_NOBINDING},    /* xHCI has no iommus */
};

/* ------------------------------------------------------------ state */

static uint64_t pool[POOL_TABLES][512] __attribute__((section(".tables"), aligned(8192)));
static struct ipfw_model model;
static struct ipfw_cpg_model cpg;
static struct ipfw_plan plan;
static struct ipfw_boot boot;
static struct ipfw_ipmmu_flow ipmmu;
static struct ipfw_boot_rcar rcar;
static unsigned int failures;
static unsigned int release_checks;
static unsigned int release_violations;

static void check(int ok, const char *what)
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
	if (pa < QEMU_VIRT_RAM_BASE || pa >= QEMU_VIRT_RAM_BASE + 0x10000000ull || (pa & 7u))
		return -1;
	*val = *(const volatile uint64_t *)(uintptr_t)pa;
	return 0;
}

/* ------------------------------------------------------------ live at release */

static int model_inst(uint64_t base)
{
	uint32_t off;

	return ipfw_model_find(&model, (uintptr_t)base, &off);
}

/* Read through the model, outside the trace: what the hardware holds. */
static uint32_t peek(uintptr_t addr)
{
	uint32_t off;
	int i = ipfw_model_find(&model, addr, &off);

	return i < 0 ? 0 : ipfw_model_read32(&model, (unsigned int)i, off);
}

/* Called by the CPG model the moment a reset is released. */
static void on_cpg_event(void *hook_ctx, const struct ipfw_cpg_event *ev)
{
	(void)hook_ctx;
	if (ev->kind != IPFW_CPG_EV_RESET_RELEASE)
		return;
	for (size_t m = 0; m < plan.nmasters; m++) {
		const struct ipfw_plan_master *pm = &plan.masters[m];
		bool mine = false;
		bool live = true;

		for (unsigned int r = 0; r < pm->nresets; r++)
			mine |= pm->resets[r].cells[0] == ev->module;
		if (!mine)
			continue;
		release_checks++;
		if (pm->action == IPFW_ACT_BYPASS)
			continue;
		if (pm->domain < 0 || plan.domains[pm->domain].ctx < 0) {
			printf("  [FAIL] %s released without a domain\n",
			       ipfw_plan_node_name(&plan, pm->node));
			release_violations++;
			continue;
		}
		for (size_t k = 0; k < pm->nutlbs; k++) {
			const struct ipfw_plan_utlb *u = &plan.utlbs[pm->first_utlb + k];
			int ci = model_inst(plan.inst[u->inst].base);
			int ri = model_inst(plan.inst[plan.domains[pm->domain].root].base);
			unsigned int ctx = (unsigned int)plan.domains[pm->domain].ctx;
			uint32_t imuctr, root_imctr, cache_imctr;

			if (ci < 0 || ri < 0) {
				live = false;
				break;
			}
			imuctr = peek(ipfw_model_imuctr_addr(&model, (unsigned int)ci, u->id));
			root_imctr = peek(ipfw_model_ctx_addr(&model, (unsigned int)ri, ctx, 0));
			cache_imctr = peek(ipfw_model_ctx_addr(&model, (unsigned int)ci, ctx, 0));
			live &= (imuctr & 1u) && ((imuctr >> 4) & 0xFu) == ctx &&
				(root_imctr & 3u) == 1u && (cache_imctr & 1u);
		}
		if (!live) {
			printf("  [FAIL] %s released before its IPMMU path was live\n",
			       ipfw_plan_node_name(&plan, pm->node));
			release_violations++;
		}
	}
}

/* ------------------------------------------------------------ checks */

struct reach_check {
	size_t m;
	unsigned int runs;
	unsigned int bad;
	uint64_t end;
};

/* Through the IPMMU model: the run's first and last page translate to
 * where the report says; the page after it faults. */
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
			int o = ipfw_model_translate(&model, (unsigned int)ci, u->id, probe[p],
						     false, &res);

			if (o != IPFW_MODEL_TRANSLATED || res.pa != r->pa + (probe[p] - r->iova))
				rc->bad++;
		}
	}
	rc->end = r->iova + r->size;
	return 0;
}

static void check_masters(void)
{
	unsigned int translated = 0, faulted = 0, held_ok = 0, bypassed = 0;
	unsigned int bad = 0;

	for (size_t m = 0; m < plan.nmasters; m++) {
		const struct ipfw_plan_master *pm = &plan.masters[m];
		enum ipfw_master_state st = boot.m[m].state;
		bool released = false;

		for (unsigned int r = 0; r < pm->nresets; r++)
			released |= ipfw_cpg_model_first(&cpg, IPFW_CPG_EV_RESET_RELEASE,
							 pm->resets[r].cells[0]) >= 0;
		if (st == IPFW_MS_RELEASED && pm->action == IPFW_ACT_BYPASS) {
			const struct ipfw_plan_utlb *u = &plan.utlbs[pm->first_utlb];
			struct ipfw_model_result res;

			bypassed += ipfw_model_translate(&model,
							 (unsigned int)model_inst(plan.inst[u->inst].base),
							 u->id, 0x40000000u, false,
							 &res) == IPFW_MODEL_BYPASS;
			continue;
		}
		if (st == IPFW_MS_RELEASED) {
			struct reach_check rc = {m, 0, 0, 0};
			const struct ipfw_plan_utlb *u = &plan.utlbs[pm->first_utlb];
			struct ipfw_model_result res;
			struct ipfw_ipmmu_fault f;
			int o;

			ipfw_boot_reach_walk(&boot, m, check_run, &rc);
			bad += rc.bad || !rc.runs || !released;
			translated += !rc.bad && rc.runs;
			/* one page past the last run: a translation fault, reported */
			o = ipfw_model_translate(&model, (unsigned int)model_inst(plan.inst[u->inst].base),
						 u->id, rc.end, false, &res);
			if (o == IPFW_MODEL_FAULT &&
			    ipfw_ipmmu_fault_scan(&ipmmu.mmu, ipmmu.dom[pm->domain].root, &f) == 1 &&
			    f.addr == rc.end && (f.kinds & IPFW_IPMMU_FAULT_TF))
				faulted++;
			else
				bad++;
			continue;
		}
		/* everything else must still be held, never released */
		if (!released) {
			for (unsigned int r = 0; r < pm->nresets; r++)
				released |= ipfw_cpg_model_held(&cpg, pm->resets[r].cells[0]) != 1;
		}
		if (released)
			bad++;
		else
			held_ok++;
	}
	printf("  %u translated as reported, %u fault past their range, %u bypassed, %u held\n",
	       translated, faulted, bypassed, held_ok);
	check(bad == 0, "every released master reaches exactly its reported ranges (IPMMU model)");
	check(faulted == translated, "one page past each master's ranges is a translation fault");
	check(held_ok + translated + bypassed == plan.nmasters,
	      "every other master is still held in reset (CPG model)");
	check(release_checks > 0 && release_violations == 0,
	      "no master left reset before its uTLBs were live on a flushed context");
}

/* Plan errors must be exactly the board's known ones. */
static void check_plan(void)
{
	unsigned int unexpected = 0, seen = 0;

	for (size_t i = 0; i < plan.ndiags; i++) {
		const struct ipfw_plan_diag *d = &plan.diags[i];
		bool ok = false;

		if (d->level != IPFW_DIAG_ERROR)
			continue;
		for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
			ok |= d->code == known[k].code && ipfw_plan_diag_at(&plan, d, known[k].path);
		seen += ok;
		if (!ok) {
			char text[200];

			ipfw_plan_diag_format(&plan, d, text, sizeof(text));
			printf("  unexpected: %s\n", text);
			unexpected++;
		}
	}
	check(unexpected == 0, "the plan has no errors beyond the board's known ones");
	check(seen == sizeof(known) / sizeof(known[0]), "every known problem was detected");
}

/* The CPU's MMU walks the "dma" identity domain's tables (S1-32 is the
 * Cortex-A15's own LPAE format). The image runs from identity-mapped DRAM;
 * the UART is not mapped, so results are printed after the MMU is off. */
static void check_cpu_mmu(void)
{
	static volatile uint32_t cell = 0x12345678u;
	int d = -1;
	struct ipfw_lpae_regs regs;
	uint32_t v = 0;
	int beyond, uart, rw;

	for (size_t i = 0; i < plan.ndomains; i++) {
		if (!strcmp(plan.domains[i].name, "dma") && boot.dom[i].programmed)
			d = (int)i;
	}
	if (d < 0 || ipfw_lpae_regs(&boot.dom[d].tables, &regs)) {
		check(0, "CPU MMU: the dma domain's tables exist");
		return;
	}
	qemu_virt_s1_mmu_on(regs.mair, regs.tcr, regs.ttbr);

	rw = qemu_virt_probe_write32((uint32_t)(uintptr_t)&cell, 0xCAFEF00Du) == 0 &&
	     qemu_virt_probe_read32((uint32_t)(uintptr_t)&cell, &v) == 0 && v == 0xCAFEF00Du;
	beyond = qemu_virt_probe_read32(0x50000000u, &v) == -1 &&
		 (qemu_virt_fault.syndrome & 0x3Cu) == 0x04u; /* translation fault */
	uart = qemu_virt_probe_read32(QEMU_VIRT_UART_BASE, &v) == -1;

	qemu_virt_s1_mmu_off();
	check(rw && cell == 0xCAFEF00Du, "CPU MMU: DRAM reads and writes land identity-mapped");
	check(beyond, "CPU MMU: the first byte past DRAM takes a translation fault");
	check(uart, "CPU MMU: device registers are not reachable through the domain");
}

/* The DTB passed on to the OS gets the live SD window (ipmmu/handoff.h):
 * check what Linux will read there. */
static void check_handoff(void)
{
	static unsigned char out[16384] __attribute__((aligned(8)));
	const uint32_t *p;
	int len, node, sdhi0, sdhi1, n = 0;

	if (fdt_open_into(qemu_virt_dtb, out, sizeof(out)) || ipfw_boot_handoff(&boot, out)) {
		check(0, "handoff: reserved-memory written into the DTB for the OS");
		return;
	}
	node = fdt_path_offset(out, "/reserved-memory");
	if (node >= 0) {
		int child;

		fdt_for_each_subnode(child, out, node)
			n++;
	}
	node = fdt_path_offset(out, "/reserved-memory/ipfw-live@48000000");
	sdhi0 = fdt_path_offset(out, "/soc/mmc@ee100000");
	sdhi1 = fdt_path_offset(out, "/soc/mmc@ee120000");
	p = node >= 0 ? fdt_getprop(out, node, "iommu-addresses", &len) : NULL;
	printf("handoff: %d reserved-memory node(s) for the OS\n", n);
	/* both SD hosts share the storage domain: <&sdhi0 0 0 0 16M>, <&sdhi1 ...> */
	check(n == 1 && p && len == 40 && fdt32_to_cpu(p[0]) == fdt_get_phandle(out, sdhi0) &&
		      fdt32_to_cpu(p[4]) == 0x01000000u &&
		      fdt32_to_cpu(p[5]) == fdt_get_phandle(out, sdhi1),
	      "handoff: the live SD window is reserved-memory + iommu-addresses for both SD hosts");
}

/* ------------------------------------------------------------ main */

static void register_models(void)
{
	/* roots first: a cache names its root by model index */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < plan.ninst; i++) {
			const struct ipfw_plan_inst *pi = &plan.inst[i];
			bool root = pi->root == IPFW_IPMMU_IS_ROOT;

			if (!pi->enabled || root != (pass == 0))
				continue;
			ipfw_model_add_instance(&model, pi->name, (uintptr_t)pi->base,
						root ? -1 : model_inst(plan.inst[pi->root].base));
		}
	}
	ipfw_model_attach(&model);
}

static void mmio_summary(void)
{
	printf("MMIO trace: %u reads, %u writes, %u barriers (%u dropped)\n",
	       (unsigned int)ipfw_bus_count(IPFW_BUS_READ), (unsigned int)ipfw_bus_count(IPFW_BUS_WRITE),
	       (unsigned int)ipfw_bus_count(IPFW_BUS_BARRIER), (unsigned int)ipfw_bus_trace_dropped());
}

int main(void)
{
	static const struct ipfw_boot_pool bpool = {pool, 0, POOL_TABLES};
	struct ipfw_boot_pool p = bpool;
	struct ipfw_boot_hooks hooks = {
		.ctx = &rcar, .hold = ipfw_boot_rcar_hold, .release = ipfw_boot_rcar_release,
		.clean = qemu_virt_clean_to_poc, .print = print_line,
		.drivers[IPFW_IOMMU_IPMMU] = IPFW_IPMMU_DRIVER(&ipmmu),
	};
	int err;

	printf("\n%s: QEMU virt bring-up image (" QEMU_VIRT_CPU_NAME " 0x%02x)\n", ipfw_version(),
	       (unsigned int)qemu_virt_cpu_mode());
	printf("virtual SoC: %s\n", QEMU_VIRT_DTS_NAME);
	/* PL1 (SVC): the CPU-MMU check uses the PL1 stage-1 regime. */
	qemu_virt_enter_svc();
	p.pa = (uint64_t)(uintptr_t)pool;

	ipfw_bus_reset();
	ipfw_model_init(&model, IPFW_MODEL_GEN3);
	ipfw_model_set_memory(&model, read_phys64, NULL);
	ipfw_cpg_model_init(&cpg, IPFW_CPG_MODEL_GEN3, 0xE6150000u, 1);
	cpg.hook = on_cpg_event;
	ipfw_cpg_model_attach(&cpg);

	err = ipfw_plan_build(qemu_virt_dtb, &policy, &plan);
	if (err < 0) { /* IPFW_PLAN_WITH_ERRORS: a plan; its known errors are checked */
		printf("plan: %s (%s)\n", ipfw_errname(err), ipfw_strerror(err));
		printf("verdict: FAIL\n");
		return 1;
	}
	register_models();
	err = ipfw_boot_rcar_from_dt(qemu_virt_dtb, &rcar);
	check(err == IPFW_OK, "CPG found in the device tree");

	ipfw_boot_hold(&boot, &plan, &hooks);
	ipfw_boot_program(&boot, &p);
	ipfw_boot_verify(&boot);
	ipfw_boot_release(&boot);
	ipfw_boot_report(&boot);
	mmio_summary();

	printf("checks:\n");
	check_plan();
	check_masters();
	check_cpu_mmu();
	check_handoff();
	printf("verdict: %s\n", failures ? "FAIL" : "PASS");
	return failures ? 1 : 0;
}
