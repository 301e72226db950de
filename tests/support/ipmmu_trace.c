/* SPDX-License-Identifier: BSD-3-Clause */
#include "ipmmu_trace.h"

#include <inttypes.h>

static const struct ipfw_ipmmu_inst *trace_inst_at(const struct ipfw_ipmmu_inst *inst,
						   unsigned int count, uintptr_t addr)
{
	for (unsigned int i = 0; i < count; i++) {
		if (inst[i].soc && addr >= inst[i].base && addr - inst[i].base < inst[i].soc->reg_size)
			return &inst[i];
	}
	return NULL;
}

int ipfw_ipmmu_trace_format(const struct ipfw_ipmmu_inst *inst, unsigned int count,
			    const struct ipfw_bus_access *a, char *buf, size_t len)
{
	const struct ipfw_ipmmu_inst *in;
	char reg[32] = "";
	int n;

	if (a->op == IPFW_BUS_BARRIER) {
		n = snprintf(buf, len, "dsb");
		return n < 0 || (size_t)n >= len ? -1 : n;
	}
	in = trace_inst_at(inst, count, a->addr);
	if (in)
		(void)ipfw_ipmmu_regname(in->soc, (uint32_t)(a->addr - in->base), reg, sizeof(reg));
	n = snprintf(buf, len, "0x%08" PRIXPTR " %s 0x%08" PRIX32 "%s%s%s%s%s", a->addr,
		     a->op == IPFW_BUS_WRITE ? "<-" : "->", a->val, in ? "  " : "",
		     in && in->name ? in->name : "", in && in->name ? " " : "", in ? reg : "",
		     a->faulted ? "  (bus fault)" : "");
	return n < 0 || (size_t)n >= len ? -1 : n;
}

static void trace_observe(void *ctx, const struct ipfw_bus_access *a)
{
	struct ipfw_ipmmu_tracer *t = ctx;
	char line[160];

	if (a->op != IPFW_BUS_WRITE && !t->show_reads)
		return;
	if (ipfw_ipmmu_trace_format(t->inst, t->count, a, line, sizeof(line)) < 0)
		return;
	fprintf(t->out ? t->out : stdout, "%s\n", line);
	t->lines++;
}

void ipfw_ipmmu_trace_start(struct ipfw_ipmmu_tracer *t)
{
	ipfw_bus_set_observer(trace_observe, t);
}

void ipfw_ipmmu_trace_stop(void)
{
	ipfw_bus_set_observer(NULL, NULL);
}
