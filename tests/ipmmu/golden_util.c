/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "golden_util.h"

void h3_instances(struct ipfw_ipmmu_inst inst[3])
{
	const struct ipfw_soc *soc = ipfw_soc_by_name("r8a7795");

	inst[0] = (struct ipfw_ipmmu_inst){"ipmmu_mm", H3_MM, soc, IPFW_IPMMU_IS_ROOT, 0};
	inst[1] = (struct ipfw_ipmmu_inst){"ipmmu_ds1", H3_DS1, soc, 0, 0};
	inst[2] = (struct ipfw_ipmmu_inst){"ipmmu_ds0", H3_DS0, soc, 0, 0};
}

void s4_instances(struct ipfw_ipmmu_inst inst[3])
{
	const struct ipfw_soc *soc = ipfw_soc_by_name("r8a779f0");

	inst[0] = (struct ipfw_ipmmu_inst){"ipmmu_mm", S4_MM, soc, IPFW_IPMMU_IS_ROOT, 0};
	inst[1] = (struct ipfw_ipmmu_inst){"ipmmu_ds0", S4_DS0, soc, 0, 0};
	inst[2] = (struct ipfw_ipmmu_inst){"ipmmu_hc", S4_HC, soc, 0, 0};
}

static const char *op_name(enum ipfw_bus_op op)
{
	return op == IPFW_BUS_WRITE ? "W" : op == IPFW_BUS_READ ? "R" : "DSB";
}

void dump_trace(void)
{
	for (size_t i = 0; i < ipfw_bus_trace_len(); i++) {
		const struct ipfw_bus_access *a = ipfw_bus_trace_at(i);

		print_message("  [%zu] %s 0x%08lX 0x%08X\n", i, op_name(a->op),
			      (unsigned long)a->addr, (unsigned int)a->val);
	}
}

void expect_trace(const struct bus_op *e, size_t n)
{
	size_t len = ipfw_bus_trace_len();
	size_t bad = n > len ? len : n;

	for (size_t i = 0; i < n && i < len; i++) {
		const struct ipfw_bus_access *a = ipfw_bus_trace_at(i);

		if (a->op != e[i].op || a->addr != e[i].addr || a->val != e[i].val) {
			bad = i;
			break;
		}
	}
	if (bad == n && len == n)
		return;
	print_error("trace differs at [%zu] (expected %zu accesses, got %zu)\n", bad, n, len);
	if (bad < n)
		print_error("  expected %s 0x%08lX 0x%08X\n", op_name(e[bad].op),
			    (unsigned long)e[bad].addr, (unsigned int)e[bad].val);
	dump_trace();
	fail();
}
