/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Entry point of the link check. It is never run; it must only link, and it
 * references every public entry point so that each one's dependencies are
 * resolved. Keep it in step with include/ipmmu/.
 */
#include <libfdt.h>
#include <ipmmu/dt.h>
#include <ipmmu/error.h>
#include <ipmmu/handoff.h>
#include <ipmmu/ipmmu.h>
#include <ipmmu/mmio.h>
#include <ipmmu/rcar_cpg.h>
#include <ipmmu/version.h>

void ipfw_link_check_entry(void);

/* Somewhere a debugger or the optimiser cannot see through. */
volatile const void *ipfw_link_check_sink;

/* The ipmmu module: SoC table, allocators, programming, faults. */
static const void *ipfw_link_check_ipmmu(void)
{
	static const struct ipfw_soc_rev rev = {.known = true, .prr = 0x4F20};
	static struct ipfw_ipmmu_inst inst[2];
	static struct ipfw_ipmmu_inst_state state[2];
	static struct ipfw_ipmmu mmu;
	static struct ipfw_ipmmu_domain dom;
	static struct ipfw_ipmmu_fault fault;
	static const struct ipfw_ipmmu_ctx_cfg cfg = {IPFW_IPMMU_FMT_S1_32, 0x40000000, 0};
	static const char compat[] = "renesas,ipmmu-r8a7795";
	static char text[80];
	const struct ipfw_soc *soc = ipfw_soc_by_compatible(compat);
	unsigned int ctx = 0;

	inst[0] = (struct ipfw_ipmmu_inst){"mm", 0xE67B0000, soc, IPFW_IPMMU_IS_ROOT, 0};
	inst[1] = (struct ipfw_ipmmu_inst){"ds1", 0xE7740000, soc, 0, 0};
	ipfw_link_check_sink = ipfw_soc_by_compatible_list(compat, sizeof(compat));
	ipfw_link_check_sink = ipfw_soc_by_name("r8a779f0");
	ipfw_link_check_sink = ipfw_soc_at(ipfw_soc_count() - 1);
	ipfw_link_check_sink = ipfw_soc_verdict_name(ipfw_soc_verdict(soc, &rev));
	(void)ipfw_soc_gate(soc, &rev, false, 0);
	(void)ipfw_ipmmu_init(&mmu, inst, state, 2, 0, 0);
	(void)ipfw_ipmmu_hw_reset(&mmu);
	(void)ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &cfg, &dom);
	(void)ipfw_ipmmu_attach(&mmu, &dom, 1, 32, (struct ipfw_ipmmu_owner){"m", 0}, 0);
	(void)ipfw_ipmmu_flush(&mmu, &dom);
	(void)ipfw_ipmmu_detach(&mmu, &dom, 1, 32);
	(void)ipfw_ipmmu_domain_destroy(&mmu, &dom);
	(void)ipfw_ipmmu_fault_scan(&mmu, 0, &fault);
	(void)ipfw_ipmmu_fault_read(&mmu, 0, 1, &fault);
	(void)ipfw_ipmmu_fault_format(&fault, text, sizeof(text));
	(void)ipfw_ipmmu_regname(soc, ipfw_ipmmu_imuctr_off(soc, 32), text, sizeof(text));
	(void)ipfw_ipmmu_ctx_get(&state[0].ctx, IPFW_IPMMU_CTX_ANY, &ctx);
	(void)ipfw_ipmmu_ctx_put(&state[0].ctx, ctx);
	(void)ipfw_ipmmu_utlb_query(&state[1].utlb, 0, &ctx, 0);
	return text;
}

void ipfw_link_check_entry(void)
{
	static const struct ipfw_poll_limit lim = {.tries = 1, .step_us = 0};
	static const char blob[64];

	ipfw_link_check_sink = ipfw_version();
	ipfw_link_check_sink = ipfw_strerror(IPFW_E_NOMEM);
	ipfw_link_check_sink = ipfw_errname(IPFW_E_NOMEM);
	ipfw_link_check_sink = (void *)(uintptr_t)ipfw_mmio_poll32(0x1000, 1, 1, &lim, 0, 0);
	{
		static const struct ipfw_cpg cpg = {0xE6150000u, IPFW_CPG_GEN3, {10, 1}, 0};

		ipfw_link_check_sink = (void *)(uintptr_t)ipfw_cpg_clock_on(&cpg, 314);
		ipfw_link_check_sink = (void *)(uintptr_t)ipfw_cpg_clock_off(&cpg, 314);
		ipfw_link_check_sink = (void *)(uintptr_t)ipfw_cpg_reset_assert(&cpg, 314);
		ipfw_link_check_sink = (void *)(uintptr_t)ipfw_cpg_reset_deassert(&cpg, 314);
		ipfw_link_check_sink = (void *)(uintptr_t)ipfw_cpg_reset_held(&cpg, 314);
	}
	{
		static const struct ipfw_handoff_region r = {"/soc/x", "x", 0, 0x1000, false, 0};
		static char buf[256];

		ipfw_link_check_sink = (void *)(uintptr_t)ipfw_handoff_add(buf, &r);
		ipfw_link_check_sink = (void *)(uintptr_t)ipfw_handoff_add_devices(buf, &r, 0, 0);
	}
	ipfw_link_check_sink = (void *)(uintptr_t)fdt_path_offset(blob, "/");
	ipfw_link_check_sink = ipfw_link_check_ipmmu();
	ipfw_link_check_sink = fdt_strerror(-FDT_ERR_NOTFOUND);
	{
		static struct ipfw_dt_node_info slots[4];
		static struct ipfw_dt_index idx = {.slots = slots, .cap = 4};
		static struct ipfw_dt_result res;
		static struct ipfw_dt_map_out out;
		static struct ipfw_dt_phandle_args args;

		ipfw_link_check_sink = (void *)(uintptr_t)ipfw_dt_walk(blob, 0, &idx, &res, 0);
		ipfw_link_check_sink = ipfw_dt_index_find(&idx, 1);
		ipfw_link_check_sink = (void *)(uintptr_t)ipfw_dt_map_id(&res, 0, 0, &out, 0);
		ipfw_link_check_sink = (void *)(uintptr_t)ipfw_dt_find_master(&res, "/");
		ipfw_link_check_sink = (void *)(uintptr_t)ipfw_dt_iommus_get(blob, &idx, 0, 0, &args, 0);
		ipfw_link_check_sink = (void *)(uintptr_t)ipfw_dt_add_unbound(&idx, &res, 0, 0);
		{
			static char path[64];

			ipfw_link_check_sink = (void *)(uintptr_t)ipfw_dt_path(blob, 0, path, sizeof(path));
		}
	}
	for (;;)
		;
}
