/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Likely DMA masters that have no IOMMU binding: enabled nodes whose
 * compatible names a bus-master IP the IPMMU driver lists for its SoCs
 * (policy.ipmmu->dma_ip; docs/policy.md, "Outside the IOMMU's
 * protection"), with no iommus and no iommu-map, that the plan does not
 * hold already. No IOMMU confines them: they reach all of memory unless
 * the board holds them (unbound).
 */
#include <libfdt.h>

#include <ipmmu/plan.h>

#include "plan_priv.h"

/* The kind of bus master node is by its compatible (the driver's list),
 * or -1; one whose `unless` property is there has its DMA confined by
 * another node's binding. */
static int dma_kind(const struct ipfw_plan *plan, int node)
{
	const struct ipfw_iommu_plan_ops *ops = plan->pol->ipmmu;
	const char *unless = 0;
	int len;
	const char *c = fdt_getprop(plan->fdt, node, "compatible", &len);
	int kind = c && ops && ops->dma_ip ? ops->dma_ip(c, len, &unless) : -1;

	return kind >= 0 && unless && fdt_getprop(plan->fdt, node, unless, NULL) ? -1 : kind;
}

const char *ipfw_plan_dma_ip_name(const struct ipfw_plan *plan, unsigned int kind)
{
	const struct ipfw_iommu_plan_ops *ops = plan && plan->pol ? plan->pol->ipmmu : 0;
	const char *name = ops && ops->dma_ip_name ? ops->dma_ip_name(kind) : 0;

	return name ? name : "?";
}

static bool is_master(const struct ipfw_plan *plan, int node)
{
	for (size_t m = 0; m < plan->nmasters; m++) {
		if (plan->masters[m].node == node)
			return true;
	}
	return false;
}

void ipfw_plan_unprotected_masters(struct ipfw_plan *plan, const struct ipfw_policy *pol)
{
	const void *fdt = plan->fdt;
	int node;

	if (!plan->ninst)
		return; /* no IOMMU: nothing this library protects */
	for (node = fdt_next_node(fdt, -1, NULL); node >= 0; node = fdt_next_node(fdt, node, NULL)) {
		int kind = dma_kind(plan, node);
		struct ipfw_plan_unprotected *u;

		if (kind < 0 || !ipfw_dt_node_okay(fdt, node) || fdt_getprop(fdt, node, "iommus", NULL) ||
		    fdt_getprop(fdt, node, "iommu-map", NULL) || is_master(plan, node))
			continue;
		if (plan->nunprotected >= IPFW_PLAN_MAX_UNPROTECTED) {
			plan->unprotected_dropped++;
			continue;
		}
		u = &plan->unprotected[plan->nunprotected++];
		u->node = node;
		u->kind = (uint8_t)kind;
		u->accepted = ipfw_plan_lists_node(plan, pol->unprotected, pol->nunprotected, node);
	}
}
