/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Entry point of the link check. It is never run; it must only link, and it
 * references every public entry point so that each one's dependencies are
 * resolved. Keep it in step with include/ipmmu/.
 */
#include <libfdt.h>
#include <ipmmu/error.h>
#include <ipmmu/handoff.h>
#include <ipmmu/mmio.h>
#include <ipmmu/rcar_cpg.h>
#include <ipmmu/version.h>

void ipfw_link_check_entry(void);

/* Somewhere a debugger or the optimiser cannot see through. */
volatile const void *ipfw_link_check_sink;

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
	}
	ipfw_link_check_sink = (void *)(uintptr_t)fdt_path_offset(blob, "/");
	ipfw_link_check_sink = fdt_strerror(-FDT_ERR_NOTFOUND);
	for (;;)
		;
}
