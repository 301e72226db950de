/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Entry point of the link check. It is never run; it must only link, and it
 * references every public entry point so that each one's dependencies are
 * resolved. Keep it in step with include/ipmmu/.
 */
#include <libfdt.h>
#include <ipmmu/dt.h>
#include <ipmmu/error.h>
#include <ipmmu/mmio.h>
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
	ipfw_link_check_sink = (void *)(uintptr_t)fdt_path_offset(blob, "/");
	ipfw_link_check_sink = fdt_strerror(-FDT_ERR_NOTFOUND);
	{
		static struct ipfw_dt_node_info slots[4];
		static struct ipfw_dt_index idx = {slots, 4, 0, 0};
		static struct ipfw_dt_result res;
		static struct ipfw_dt_map_out out;
		static struct ipfw_dt_phandle_args args;

		ipfw_link_check_sink = (void *)(uintptr_t)ipfw_dt_walk(blob, 0, &idx, &res, 0);
		ipfw_link_check_sink = ipfw_dt_index_find(&idx, 1);
		ipfw_link_check_sink = (void *)(uintptr_t)ipfw_dt_map_id(&res, 0, 0, &out, 0);
		ipfw_link_check_sink = (void *)(uintptr_t)ipfw_dt_find_master(&res, "/");
		ipfw_link_check_sink = (void *)(uintptr_t)ipfw_dt_iommus_get(blob, &idx, 0, 0, &args, 0);
	}
	for (;;)
		;
}
