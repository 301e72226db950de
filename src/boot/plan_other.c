/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Instances of IOMMUs other than the IPMMU (struct ipfw_plan_driver): made
 * when a master first names one. Linked only by a board that registers
 * such a driver (policy.iommus), so an IPMMU-only board pays nothing.
 */
#include <libfdt.h>

#include <ipmmu/error.h>
#include <ipmmu/plan.h>
#include <ipmmu/text.h>

#include "plan_priv.h"

/* The node's first reg address, in its parent's #address-cells. */
static uint64_t reg_base(const void *fdt, int node)
{
	int parent = ipfw_dt_parent(fdt, node);
	int ac = parent >= 0 ? fdt_address_cells(fdt, parent) : 2;
	int len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
	uint64_t base = 0;

	if (!reg || ac > 2 || len < ac * 4)
		return 0;
	/* ac 0, or a libfdt error: no turn, base 0 (no usable address) */
	for (int i = 0; i < ac; i++)
		base = base << 32 | fdt32_to_cpu(reg[i]);
	return base;
}

int ipfw_plan_add_instance(struct ipfw_plan *plan, const struct ipfw_plan_driver *pd,
			   int32_t node)
{
	struct ipfw_plan_inst *pi;
	const char *compat;
	int len;

	if (!plan || !pd || !pd->match || node < 0)
		return -1;
	for (size_t i = 0; i < plan->ninst; i++) {
		if (plan->inst[i].node == node)
			return plan->inst[i].drv == pd ? (int)i : -1;
	}
	compat = fdt_getprop(plan->fdt, node, "compatible", &len);
	if (!compat || len <= 0 || !pd->match(compat, len))
		return -1;
	if (plan->ninst >= IPFW_PLAN_MAX_INST) {
		struct ipfw_plan_diag *d = ipfw_plan_diag_add(
			plan, IPFW_DIAG_ERROR, IPFW_E_NOSPACE,
			"more IOMMU nodes than this build holds: its masters are held");

		d->node = node;
		d->need = (uint32_t)plan->ninst + 1u;
		d->have = IPFW_PLAN_MAX_INST;
		d->capacity = "IPFW_CFG_MAX_IPMMUS";
		return -1; /* its masters: held as bound to an IOMMU not planned */
	}
	pi = &plan->inst[plan->ninst];
	*pi = (struct ipfw_plan_inst){
		.name = fdt_get_name(plan->fdt, node, NULL), .base = reg_base(plan->fdt, node),
		.node = node, .kind = pd->kind, .root = IPFW_IOMMU_HOME_SELF,
		.enabled = ipfw_dt_node_okay(plan->fdt, node), .power_area = -1, .drv = pd,
		/* slots 1 .. pd->slots (slot 0 kept back: an SMMUv3's ASID 0) */
		.hw = {.name = "", .endpoints = pd->endpoints, .slots = pd->slots + 1u,
		       .reserved_slots = 1u, .formats = pd->formats, .always_on_area = -1,
		       .verdict = IPFW_SOC_ALLOWED},
	};
	pi->usable = pi->enabled && pi->base != 0;
	/* Brought up default-deny even when every master behind it is held:
	 * its endpoints then abort (a PCIe function's only hold is its
	 * bus-master bit, docs/smmuv3.md). */
	pi->needed = true;
	if (!pi->base)
		pi->err = IPFW_E_DT_PROP;
	return (int)plan->ninst++;
}

/* The instance of a registered driver for IOMMU node `node`, or -1. */
static int other_instance(struct ipfw_plan *plan, int32_t node)
{
	const struct ipfw_policy *pol = plan->pol;
	int inst = -1;

	for (size_t k = 0; pol->iommus && inst == -1 && k < pol->niommus; k++) {
		if (pol->iommus[k] && pol->iommus[k]->add)
			inst = pol->iommus[k]->add(plan, pol->iommus[k], node);
	}
	return inst;
}

/* Requester ID pr; `need` masters hold the tree's and every ID's. */
static void rid_unit(struct ipfw_plan *plan, const struct ipfw_policy_rid *pr, size_t need)
{
	const struct ipfw_policy *pol = plan->pol;
	int h = pr->host ? ipfw_plan_find_master(plan, pr->host) : -1;
	struct ipfw_plan_master *pm;
	struct ipfw_dt_map_out out;
	struct ipfw_plan_diag *d;
	size_t u = plan->nmasters;
	int inst = -1;
	int err;

	if (h < 0 || !plan->masters[h].pci_host) {
		d = ipfw_plan_diag_add(plan, IPFW_DIAG_ERROR, IPFW_E_POLICY,
				       "requester ID of a node that is no PCIe host with iommu-map");
		d->path = pr->host;
		return;
	}
	if (u >= IPFW_PLAN_MAX_MASTERS) {
		d = ipfw_plan_diag_add(plan, IPFW_DIAG_ERROR, IPFW_E_NOSPACE,
				       "more masters than this build holds: the requester ID is held");
		d->path = pr->host;
		d->ids = true;
		d->id_lo = d->id_hi = pr->rid;
		d->need = (uint32_t)need;
		d->have = IPFW_PLAN_MAX_MASTERS;
		d->capacity = "IPFW_CFG_MAX_MASTERS";
		return;
	}
	plan->nmasters++;
	pm = &plan->masters[u];
	*pm = (struct ipfw_plan_master){.node = plan->masters[h].node, .domain = -1, .group = -1,
					.rule = pr->rule >= 0 && (size_t)pr->rule < pol->nrules
							? pr->rule
							: -1,
					.pci_rid = true,
					.rid = pr->rid, .first_utlb = (uint16_t)plan->nutlbs};
	pm->action = (uint8_t)(pm->rule >= 0 ? pol->rules[pm->rule].action : pol->default_action);
	if (pm->action == IPFW_ACT_DEFAULT)
		pm->action = IPFW_ACT_IDENTITY;
#if IPFW_CFG_IOMMU_MAP
	err = ipfw_dt_map_id(&plan->walk.dt, (size_t)h, pr->rid, &out, NULL);
	if (!err && out.bypass)
		err = IPFW_E_DT_NOMATCH; /* a unit is never bypassed for a miss */
#else
	err = IPFW_E_UNSUPPORTED;
#endif
	if (err) {
		ipfw_plan_deny(plan, u, err);
		d = ipfw_plan_diag_master(plan, u, IPFW_DIAG_ERROR, err,
					  "requester ID the host's iommu-map does not map: held");
		d->prop = "iommu-map";
		d->ids = true;
		d->id_lo = d->id_hi = pr->rid;
		return;
	}
	if (out.ipmmu >= 0)
		inst = out.ipmmu;
	if (inst == -1)
		inst = other_instance(plan, out.iommu);
	if (inst < 0) {
		ipfw_plan_foreign(plan, u, out.iommu, "iommu-map", (int)out.entry);
		return;
	}
	if (ipfw_plan_master_utlb(plan, u, (unsigned int)inst, out.id, "iommu-map", (int)out.entry))
		return;
	if (pm->action == IPFW_ACT_DENY && !pm->err) {
		pm->err = IPFW_E_DENIED;
		d = ipfw_plan_diag_master(plan, u, IPFW_DIAG_INFO, IPFW_E_DENIED,
					  "denied by policy: held in reset");
		d->ids = true;
		d->id_lo = d->id_hi = pr->rid;
	}
}

/* Endpoints on two kinds of IOMMU: the master is denied. */
static void mixed_kinds(struct ipfw_plan *plan, size_t m)
{
	const struct ipfw_plan_master *pm = &plan->masters[m];

	for (size_t k = 1; k < pm->nutlbs; k++) {
		if (plan->inst[plan->utlbs[pm->first_utlb + k].inst].kind ==
		    plan->inst[plan->utlbs[pm->first_utlb].inst].kind)
			continue;
		ipfw_plan_deny(plan, m, IPFW_E_DOMAIN);
		ipfw_plan_diag_master(plan, m, IPFW_DIAG_ERROR, IPFW_E_DOMAIN,
				      "bound to IOMMUs of two kinds: denied");
		return;
	}
}

static void other_finish(struct ipfw_plan *plan)
{
	/* the figure a build needs: the tree's masters and one per ID */
	const size_t need = plan->nmasters + plan->pol->nrids;

	for (size_t i = 0; plan->pol->rids && i < plan->pol->nrids; i++)
		rid_unit(plan, &plan->pol->rids[i], need);
	for (size_t m = 0; m < plan->nmasters; m++)
		mixed_kinds(plan, m);
}

static bool other_host(struct ipfw_plan *plan, size_t m)
{
	const struct ipfw_policy *pol = plan->pol;

	for (size_t i = 0; pol->rids && i < pol->nrids; i++) {
		if (pol->rids[i].host && ipfw_plan_find_master(plan, pol->rids[i].host) == (int)m) {
			plan->masters[m].action = IPFW_ACT_DENY;
			plan->masters[m].err = IPFW_E_DENIED;
			ipfw_plan_diag_master(plan, m, IPFW_DIAG_INFO, IPFW_E_DENIED,
					      "PCIe host: its requester IDs are planned one by one");
			return true;
		}
	}
	return false;
}

const struct ipfw_plan_others ipfw_plan_others = {
	.instance = other_instance, .host = other_host, .finish = other_finish,
};
