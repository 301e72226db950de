/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Plan, first half: the device tree and the policy into instances and
 * masters (uTLBs, resets, clocks, resolved action). Domains, tables and
 * contexts are plan_domains.c.
 */
#include <libfdt.h>

#include <ipmmu/error.h>
#include <ipmmu/plan.h>

#include "plan_priv.h"

struct ipfw_plan_diag *ipfw_plan_diag_new(struct ipfw_plan *plan, enum ipfw_diag_level level,
					  int code, const char *what)
{
	struct ipfw_plan_diag *d;

	if (level == IPFW_DIAG_ERROR)
		plan->nerrors++;
	if (plan->ndiags >= IPFW_PLAN_MAX_DIAGS) {
		plan->diags_dropped++;
		return &plan->diag_sink;
	}
	d = &plan->diags[plan->ndiags++];
	*d = (struct ipfw_plan_diag){.level = level, .code = code, .master = -1, .other = -1,
				     .inst = -1, .domain = -1, .utlb = -1, .node = -1,
				     .index = -1, .iommu = -1, .what = what};
	return d;
}

/* Deny master m with code err, unless something denied it already. */
void ipfw_plan_deny(struct ipfw_plan *plan, size_t m, int err)
{
	struct ipfw_plan_master *pm = &plan->masters[m];

	if (pm->action == IPFW_ACT_DENY && pm->err)
		return;
	pm->action = IPFW_ACT_DENY;
	pm->err = err;
}

struct ipfw_plan_diag *ipfw_plan_diag_new_master(struct ipfw_plan *plan, size_t m,
						 enum ipfw_diag_level level, int code,
						 const char *what)
{
	struct ipfw_plan_diag *d = ipfw_plan_diag_new(plan, level, code, what);

	d->master = (int16_t)m;
	d->node = plan->masters[m].node;
	return d;
}

/* The node name in the blob ("iommu@e6740000"), "" when unreadable. */
const char *ipfw_plan_node_name(const struct ipfw_plan *plan, int32_t node)
{
	const char *name = plan->fdt && node >= 0 ? fdt_get_name(plan->fdt, node, NULL) : NULL;

	return name ? name : "";
}

/* ------------------------------------------------------------ instances */

bool ipfw_plan_lists_node(const struct ipfw_plan *plan, const char *const *paths, size_t n,
			  int32_t node)
{
	for (size_t i = 0; paths && i < n; i++) {
		if (paths[i] && ipfw_dt_path_offset(plan->fdt, paths[i]) == node)
			return true;
	}
	return false;
}

/*
 * Default-safe power: an IPMMU whose power-domains names an area other than
 * the one its driver calls always on is off at boot (R-Car's SYSC powers
 * A3VP, A3VC, A3IR... up later), and an access to it may never complete.
 * Unless the board lists it as powered, it is left untouched and its
 * masters are held.
 */
static void plan_power_areas(struct ipfw_plan *plan, const struct ipfw_policy *pol)
{
	for (size_t i = 0; i < plan->ninst; i++) {
		struct ipfw_plan_inst *pi = &plan->inst[i];
		struct ipfw_plan_diag *d;

		if (!pi->usable || pi->power_area < 0 || pi->power_area == pi->hw.always_on_area ||
		    ipfw_plan_lists_node(plan, pol->powered, pol->npowered, pi->node))
			continue;
		pi->unpowered = true;
		pi->usable = false;
		d = ipfw_plan_diag_add(plan, IPFW_DIAG_INFO, IPFW_E_UNPOWERED,
				       "IPMMU in a switchable power area, off at boot unless the board "
				       "lists it as powered: not touched, its masters held");
		d->inst = (int16_t)i;
		d->node = pi->node;
		d->prop = "power-domains";
	}
}

static void plan_instances(struct ipfw_plan *plan, const struct ipfw_policy *pol)
{
	for (size_t i = 0; i < plan->walk.dt.nipmmus; i++) {
		const struct ipfw_dt_ipmmu *u = &plan->walk.dt.ipmmus[i];
		struct ipfw_plan_inst *pi = &plan->inst[i];

		*pi = (struct ipfw_plan_inst){.kind = IPFW_IOMMU_IPMMU,
					      .base = u->reg_base, .enabled = u->enabled,
					      .node = u->node, .err = u->enabled ? u->err : 0,
					      .cache = u->has_main, .power_area = u->power_area};
		pi->name = ipfw_plan_node_name(plan, u->node);
		pi->root = u->has_main ? u->root : IPFW_IOMMU_HOME_SELF;
		if (pol->ipmmu)
			(void)pol->ipmmu->describe(u->compatible, u->compatible_len, &pol->rev,
						   &pi->hw);
		if (!u->enabled)
			continue;
		if (u->err) {
			struct ipfw_plan_diag *d = ipfw_plan_diag_add(
				plan, IPFW_DIAG_ERROR, u->err, "IPMMU unusable: its masters are denied");

			d->inst = (int16_t)i;
			d->node = u->node;
			d->prop = u->err_prop;
			d->index = u->err_index;
			continue;
		}
		if (!pol->ipmmu) {
			struct ipfw_plan_diag *d = ipfw_plan_diag_add(
				plan, IPFW_DIAG_ERROR, IPFW_E_DT_FOREIGN,
				"IPMMU node, but the policy names no driver for it (policy.ipmmu): "
				"its masters are held");

			pi->err = IPFW_E_DT_FOREIGN;
			d->inst = (int16_t)i;
			d->node = u->node;
			continue;
		}
		if (!pi->hw.hw) {
			struct ipfw_plan_diag *d = ipfw_plan_diag_add(
				plan, IPFW_DIAG_ERROR, IPFW_E_NOSOC,
				"IPMMU compatible its driver does not know (not in this build's SoC "
				"table): its masters are denied");

			d->inst = (int16_t)i;
			d->node = u->node;
			d->prop = "compatible";
			continue;
		}
		pi->usable = true;
	}
	plan->ninst = plan->walk.dt.nipmmus;

	/* Left alone by policy: their power area is off while we run. */
	for (size_t k = 0; k < pol->nunpowered; k++) {
		struct ipfw_plan_diag *d;
		int node = pol->unpowered[k] ? ipfw_dt_path_offset(plan->fdt, pol->unpowered[k]) : -1;
		size_t i = 0;

		while (i < plan->ninst && (node < 0 || plan->inst[i].node != node))
			i++;
		if (i == plan->ninst) {
			d = ipfw_plan_diag_add(plan, IPFW_DIAG_WARNING, IPFW_E_POLICY,
					       "unpowered IPMMU not in the tree");
			d->path = pol->unpowered[k];
			continue;
		}
		plan->inst[i].unpowered = true;
		plan->inst[i].usable = false;
		d = ipfw_plan_diag_add(plan, IPFW_DIAG_INFO, IPFW_E_UNPOWERED,
				       "IPMMU not powered at boot (policy): not touched, its masters held");
		d->inst = (int16_t)i;
		d->node = plan->inst[i].node;
	}

	plan_power_areas(plan, pol);

	/* Roots: the driver's denylist, unless the board overrides it; caches:
	 * a usable root the driver describes as the same hardware. */
	for (size_t i = 0; i < plan->ninst; i++) {
		struct ipfw_plan_inst *pi = &plan->inst[i];
		struct ipfw_plan_diag *d;

		if (!pi->usable || pi->root != IPFW_IOMMU_HOME_SELF ||
		    pi->hw.verdict == IPFW_SOC_ALLOWED)
			continue;
		if (pol->soc_override) {
			d = ipfw_plan_diag_add(plan, IPFW_DIAG_WARNING, IPFW_E_DENYLISTED,
					       "SoC on the Linux IPMMU denylist; board override accepted");
		} else {
			pi->usable = false;
			d = ipfw_plan_diag_add(plan, IPFW_DIAG_ERROR, IPFW_E_DENYLISTED,
					       pi->hw.verdict == IPFW_SOC_UNKNOWN
						       ? "SoC on the Linux IPMMU denylist unless its "
							 "revision is allowed, and no revision was "
							 "given: masters denied"
						       : "SoC (at this revision) on the Linux IPMMU "
							 "denylist: masters denied");
		}
		d->inst = (int16_t)i;
		d->node = pi->node;
	}
	for (size_t i = 0; i < plan->ninst; i++) {
		struct ipfw_plan_inst *pi = &plan->inst[i];

		if (!pi->usable || pi->root == IPFW_IOMMU_HOME_SELF)
			continue;
		if (pi->root < 0 || !plan->inst[pi->root].usable ||
		    plan->inst[pi->root].hw.hw != pi->hw.hw) {
			pi->usable = false;
			if (pi->root >= 0 && plan->inst[pi->root].usable) {
				struct ipfw_plan_diag *d = ipfw_plan_diag_add(
					plan, IPFW_DIAG_ERROR, IPFW_E_DOMAIN,
					"cache IPMMU and its root name different SoCs");

				d->inst = (int16_t)i;
				d->node = pi->node;
			}
		}
	}
}

/* ------------------------------------------------------------ masters */

static int add_utlb(struct ipfw_plan *plan, struct ipfw_plan_master *pm, unsigned int inst,
		    unsigned int utlb)
{
	for (size_t k = pm->first_utlb; k < (size_t)pm->first_utlb + pm->nutlbs; k++) {
		if (plan->utlbs[k].inst == inst && plan->utlbs[k].id == utlb)
			return IPFW_OK;
	}
	if (plan->nutlbs >= IPFW_PLAN_MAX_UTLBS) {
		plan->utlbs_needed++;
		return IPFW_E_NOSPACE;
	}
	plan->utlbs[plan->nutlbs].inst = (uint16_t)inst;
	plan->utlbs[plan->nutlbs].id = (uint16_t)utlb;
	plan->nutlbs++;
	pm->nutlbs++;
	return IPFW_OK;
}

/* Why a master behind instance i cannot be translated, or 0. */
static int inst_unusable_code(const struct ipfw_plan *plan, unsigned int i)
{
	const struct ipfw_plan_inst *pi = &plan->inst[i];
	unsigned int root;

	if (pi->usable)
		return 0;
	if (!pi->enabled)
		return IPFW_E_DT_DISABLED;
	if (pi->unpowered || (pi->root >= 0 && plan->inst[pi->root].unpowered))
		return IPFW_E_UNPOWERED;
	if (pi->err)
		return pi->err;
	if (!pi->hw.hw)
		return IPFW_E_NOSOC;
	root = pi->root == IPFW_IOMMU_HOME_SELF ? i : (unsigned int)pi->root;
	if (pi->root < 0 && pi->root != IPFW_IOMMU_HOME_SELF)
		return IPFW_E_NOROOT;
	if (plan->inst[root].hw.verdict != IPFW_SOC_ALLOWED)
		return IPFW_E_DENYLISTED;
	return IPFW_E_NOROOT;
}

/* One uTLB of master m on instance inst: checks, then record. */
int ipfw_plan_master_utlb(struct ipfw_plan *plan, size_t m, unsigned int inst, uint32_t utlb,
		       const char *prop, int index)
{
	struct ipfw_plan_master *pm = &plan->masters[m];
	int code = inst_unusable_code(plan, inst);
	struct ipfw_plan_diag *d;

	if (!code && utlb >= plan->inst[inst].hw.endpoints)
		code = IPFW_E_UTLB_RANGE;
	if (!code) {
		code = add_utlb(plan, pm, inst, utlb);
		if (!code)
			return IPFW_OK;
	}
	/* One diagnostic per master and cause: the first entry says it. */
	if (pm->action == IPFW_ACT_DENY && pm->err == code)
		return code;
	ipfw_plan_deny(plan, m, code);
	d = ipfw_plan_diag_master(plan, m, IPFW_DIAG_ERROR, code,
			code == IPFW_E_UTLB_RANGE ? "uTLB number beyond the IPMMU's uTLBs: denied"
			: code == IPFW_E_NOSPACE ? "more endpoints than this build holds: held"
			: code == IPFW_E_DT_DISABLED ? "bound to a disabled IPMMU: denied"
			: code == IPFW_E_UNPOWERED ? "behind an IPMMU left unpowered (policy): held"
						     : "bound to an unusable IPMMU: denied");
	d->inst = (int16_t)inst;
	d->utlb = (int32_t)utlb;
	d->prop = prop;
	d->index = index;
	if (code == IPFW_E_NOSPACE) {
		d->have = IPFW_PLAN_MAX_UTLBS;
		d->capacity = "IPFW_CFG_MAX_UTLBS";
	}
	return code;
}

/* Master m is bound to an IOMMU of another kind: held, once, naming it. */
void ipfw_plan_foreign(struct ipfw_plan *plan, size_t m, int32_t iommu, const char *prop, int index)
{
	struct ipfw_plan_diag *d;

	if (plan->masters[m].err == IPFW_E_DT_FOREIGN)
		return;
	ipfw_plan_deny(plan, m, IPFW_E_DT_FOREIGN);
	d = ipfw_plan_diag_master(plan, m, IPFW_DIAG_ERROR, IPFW_E_DT_FOREIGN,
				  "bound to an IOMMU this library cannot program: held");
	d->prop = prop;
	d->index = index;
	d->iommu = iommu;
}

static void master_specs(struct ipfw_plan *plan, size_t m)
{
	const struct ipfw_dt_master *dm = &plan->walk.dt.masters[m];

	for (unsigned int s = 0; s < dm->nspecs; s++) {
		const struct ipfw_dt_spec *sp = &plan->walk.dt.specs[dm->first_spec + s];
		int inst = sp->ipmmu;

		/* another kind of IOMMU: planned when the board has its driver */
		if (inst == -1 && plan->pol->others)
			inst = plan->pol->others->instance(plan, sp->iommu);
		if (inst < 0) {
			ipfw_plan_foreign(plan, m, sp->iommu, "iommus", (int)s);
			continue;
		}
		if (sp->ncells != 1) {
			struct ipfw_plan_diag *d;

			ipfw_plan_deny(plan, m, IPFW_E_DT_CELLS);
			d = ipfw_plan_diag_master(plan, m, IPFW_DIAG_ERROR, IPFW_E_DT_CELLS,
					"IPMMU specifier must be one cell (the uTLB): denied");
			d->prop = "iommus";
			d->index = (int)s;
			continue;
		}
		ipfw_plan_master_utlb(plan, m, (unsigned int)inst, ipfw_dt_spec_cell(&plan->walk.dt, sp, 0),
				      "iommus", (int)s);
	}
}

static void plan_master(struct ipfw_plan *plan, const struct ipfw_policy *pol, size_t m)
{
	const struct ipfw_dt_master *dm = &plan->walk.dt.masters[m];
	struct ipfw_plan_master *pm = &plan->masters[m];
	const struct ipfw_policy_rule *rule;

	int16_t rule_index = pm->rule; /* set by plan_rules() */

	*pm = (struct ipfw_plan_master){.node = dm->node, .domain = -1, .group = -1, .rule = rule_index,
					.first_utlb = (uint16_t)plan->nutlbs,
					.nresets = dm->nresets, .nclocks = dm->nclocks,
					.resets = &plan->refs[dm->first_ref],
					.clocks = &plan->refs[dm->first_ref + dm->nresets]};
	pm->unbound = (dm->flags & IPFW_DT_MASTER_UNBOUND) != 0;
	pm->pci_host = (dm->flags & IPFW_DT_MASTER_HAS_MAP) != 0;

	rule = pm->rule >= 0 ? &pol->rules[pm->rule] : NULL;
	pm->action = (uint8_t)(rule ? rule->action : pol->default_action);
	if (pm->action == IPFW_ACT_DEFAULT)
		pm->action = IPFW_ACT_IDENTITY;

	if (pm->unbound) {
		struct ipfw_plan_diag *d;

		ipfw_plan_deny(plan, m, IPFW_E_NOBINDING);
		d = ipfw_plan_diag_master(plan, m, IPFW_DIAG_ERROR, IPFW_E_NOBINDING,
					  ipfw_plan_lists_node(plan, pol->unbound, pol->nunbound, dm->node)
						  ? "DMA master without IOMMU binding: held in reset"
						  : "policy rule names a node with no IOMMU binding (no "
						    "iommus, no iommu-map): the IOMMU cannot confine it, "
						    "held in reset");
		if (rule) {
			d->prop = NULL;
			d->index = pm->rule;
		}
		return;
	}
	if (dm->err) {
		struct ipfw_plan_diag *d;

		ipfw_plan_deny(plan, m, dm->err);
		d = ipfw_plan_diag_master(plan, m, IPFW_DIAG_ERROR, dm->err,
					  dm->err == IPFW_E_DT_DISABLED ? "bound to a disabled IOMMU: denied"
					  : dm->err == IPFW_E_DT_NOTIOMMU ? "bound to a node that is not an IOMMU: denied"
					  : dm->err == IPFW_E_NOSPACE ? "more resets and clocks than this build keeps: held"
					  : dm->err == IPFW_E_UNSUPPORTED ? "iommu-map support left out of this build (IPFW_CFG_IOMMU_MAP=0): held"
									 : "IOMMU binding malformed: denied");
		d->prop = dm->err_prop;
		d->index = dm->err_index;
		if (dm->err == IPFW_E_NOSPACE) {
			d->have = IPFW_PLAN_MAX_REFS;
			d->capacity = "IPFW_CFG_MAX_REFS";
		}
		return;
	}
	/* a host whose requester IDs are units (policy.rids) is held */
	if (pm->pci_host && pol->others && pol->others->host(plan, m))
		return;
	master_specs(plan, m);
	if (IPFW_CFG_IOMMU_MAP && pm->pci_host)
		ipfw_plan_master_idmap(plan, m, rule && rule->bypass_unmatched_ids);
	if (pm->action == IPFW_ACT_DENY && !pm->err) {
		pm->err = IPFW_E_DENIED;
		ipfw_plan_diag_master(plan, m, IPFW_DIAG_INFO, IPFW_E_DENIED, "denied by policy: held in reset");
	}
}

/* The instances the boot flow may touch: those serving a master that is
 * not held, and their roots. An IPMMU nobody needs is never written. */
static void plan_needed_instances(struct ipfw_plan *plan)
{
	for (size_t m = 0; m < plan->nmasters; m++) {
		const struct ipfw_plan_master *pm = &plan->masters[m];

		if (pm->action == IPFW_ACT_DENY)
			continue;
		for (size_t k = 0; k < pm->nutlbs; k++) {
			struct ipfw_plan_inst *pi = &plan->inst[plan->utlbs[pm->first_utlb + k].inst];

			pi->needed = true;
			if (pi->root >= 0 && (size_t)pi->root < plan->ninst)
				plan->inst[pi->root].needed = true;
		}
	}
}

/* Each master's policy rule (the first naming its node), each path looked up once. */
static void plan_rules(struct ipfw_plan *plan, const struct ipfw_policy *pol)
{
	for (size_t m = 0; m < plan->nmasters; m++)
		plan->masters[m].rule = -1;
	for (size_t i = 0; i < pol->nrules && i < INT16_MAX; i++) {
		int m = pol->rules[i].path ? ipfw_plan_find_master(plan, pol->rules[i].path) : -1;

		if (m >= 0 && plan->masters[m].rule < 0)
			plan->masters[m].rule = (int16_t)i;
	}
}

/* uTLB overflow: now the tree's figure is known, the diagnostics say it. */
static void plan_utlb_figures(struct ipfw_plan *plan)
{
	for (size_t i = 0; plan->utlbs_needed && i < plan->ndiags; i++) {
		struct ipfw_plan_diag *d = &plan->diags[i];

		if (d->code == IPFW_E_NOSPACE && d->have == IPFW_PLAN_MAX_UTLBS && d->utlb >= 0)
			d->need = (uint32_t)(plan->nutlbs + plan->utlbs_needed);
	}
}

/*
 * A rule naming an enabled node that has no IOMMU binding would leave the
 * board believing it confined while it reaches all of memory: the node is
 * read as a master (its resets), held, and the rule is an error.
 */
static void plan_rule_nodes_without_binding(struct ipfw_plan *plan, const struct ipfw_policy *pol)
{
	for (size_t i = 0; i < pol->nrules; i++) {
		int node = pol->rules[i].path ? ipfw_dt_path_offset(plan->fdt, pol->rules[i].path) : -1;

		if (node < 0)
			continue;
		(void)ipfw_dt_add_unbound(&plan->walk.idx, &plan->walk.dt, node, NULL);
	}
}

/* Policy paths the tree does not have are mistakes worth a warning. */
static void plan_check_policy_paths(struct ipfw_plan *plan, const struct ipfw_policy *pol)
{
	for (size_t i = 0; i < pol->nrules; i++) {
		struct ipfw_plan_diag *d;

		if (pol->rules[i].path && ipfw_plan_find_master(plan, pol->rules[i].path) >= 0)
			continue;
		d = ipfw_plan_diag_add(plan, IPFW_DIAG_WARNING, IPFW_E_POLICY,
				       "policy rule names no enabled DMA master in the tree");
		d->path = pol->rules[i].path;
		d->index = (int)i;
	}
	for (size_t i = 0; i < pol->nunbound; i++) {
		struct ipfw_plan_diag *d;
		int m = pol->unbound[i] ? ipfw_plan_find_master(plan, pol->unbound[i]) : -1;

		if (m >= 0 && plan->masters[m].unbound)
			continue;
		d = ipfw_plan_diag_add(plan, IPFW_DIAG_WARNING, IPFW_E_POLICY,
				       m >= 0 ? "listed as unbound but has an IOMMU binding"
					      : "unbound master not in the tree (or disabled)");
		d->path = pol->unbound[i];
	}
}

int ipfw_plan_find_master(const struct ipfw_plan *plan, const char *path)
{
	int node;

	if (!plan || !path || !plan->fdt)
		return -1;
	node = ipfw_dt_path_offset(plan->fdt, path);
	for (size_t i = 0; node >= 0 && i < plan->nmasters; i++) {
		if (plan->masters[i].node == node)
			return (int)i;
	}
	return -1;
}

int ipfw_plan_path(const struct ipfw_plan *plan, int32_t node, char *buf, size_t len)
{
	if (!plan || !plan->fdt) {
		if (buf && len)
			buf[0] = '\0';
		return IPFW_E_INVAL;
	}
	return ipfw_dt_path(plan->fdt, node, buf, len);
}

/*
 * A tree with IPMMUs in which no master is bound to any, while likely DMA
 * masters are there, protects nothing: typically a tree whose iommus were
 * stripped to save space (U-Boot's CONFIG_OF_REMOVE_PROPS lists "iommus" in
 * the R-Car Gen3 defconfigs). Said once, as an error, not left to the list
 * of unprotected masters.
 */
static void plan_no_master_bound(struct ipfw_plan *plan)
{
	const struct ipfw_dt_result *dt = &plan->walk.dt;
	struct ipfw_plan_diag *d;

	if (!plan->ninst || !plan->nunprotected)
		return;
	for (size_t k = 0; k < dt->nspecs; k++) {
		if (dt->specs[k].ipmmu >= 0)
			return;
	}
	for (size_t k = 0; k < dt->nmaps; k++) {
		if (dt->maps[k].ipmmu >= 0)
			return;
	}
	d = ipfw_plan_diag_add(plan, IPFW_DIAG_ERROR, IPFW_E_NOBINDING,
			       "the tree has IPMMUs but no master bound to one (were its iommus "
			       "properties stripped? U-Boot: CONFIG_OF_REMOVE_PROPS): every DMA "
			       "master is outside the IPMMU's protection");
	d->inst = 0;
	d->node = plan->inst[0].node;
	d->prop = "iommus";
}

static void plan_reset(struct ipfw_plan *plan)
{
	struct ipfw_plan_walk *w = &plan->walk;

	plan->fdt = NULL;
	plan->pol = NULL;
	plan->status = IPFW_E_STATE;
	plan->ninst = 0;
	plan->nmasters = 0;
	plan->nutlbs = 0;
	plan->ndomains = 0;
	plan->nregions = 0;
	plan->nrefs = 0;
	plan->nunprotected = 0;
	plan->unprotected_dropped = 0;
	plan->nmem = 0;
	plan->ndiags = 0;
	plan->diags_dropped = 0;
	plan->nerrors = 0;
	plan->pool_tables_needed = 0;
	plan->reserved_ctx = 0;
	plan->utlbs_needed = 0;
	w->dt = (struct ipfw_dt_result){
		.ipmmus = w->ipmmus, .ipmmus_cap = IPFW_PLAN_MAX_INST,
		.masters = w->masters, .masters_cap = IPFW_PLAN_MAX_MASTERS,
		.specs = w->specs, .specs_cap = IPFW_PLAN_MAX_SPECS,
		.maps = w->maps, .maps_cap = IPFW_PLAN_MAX_MAPENT,
		.refs = plan->refs, .refs_cap = IPFW_PLAN_MAX_REFS,
		.mem = plan->mem, .mem_cap = IPFW_PLAN_MAX_MEM,
	};
	w->idx = (struct ipfw_dt_index){.slots = w->providers, .cap = IPFW_PLAN_MAX_PHANDLES};
}

/* The IPFW_CFG_* option behind one of the walk's arrays. */
static const char *capacity_option(const char *array)
{
	static const char *const names[][2] = {
		{"masters", "IPFW_CFG_MAX_MASTERS"},     {"ipmmus", "IPFW_CFG_MAX_IPMMUS"},
		{"specs", "IPFW_CFG_MAX_SPECS"},         {"maps", "IPFW_CFG_MAX_MAPENT"},
		{"refs", "IPFW_CFG_MAX_REFS"},           {"providers", "IPFW_CFG_MAX_PROVIDERS"},
		{"mem", "IPFW_CFG_MAX_MEM"},
	};

	for (size_t i = 0; array && i < sizeof(names) / sizeof(names[0]); i++) {
		if (ipfw_streq(names[i][0], array))
			return names[i][1];
	}
	return 0;
}

/* The walk's failure as the plan's one diagnostic. */
static int plan_walk_failed(struct ipfw_plan *plan, int err, const struct ipfw_dt_diag *dd)
{
	struct ipfw_plan_diag *d = ipfw_plan_diag_add(
		plan, IPFW_DIAG_ERROR, err,
		err == IPFW_E_NOSPACE ? "device tree larger than this build's capacity: no plan, "
					"every master held"
				      : "device tree unusable: no plan, every master held");

	d->node = dd->node;
	d->prop = dd->prop;
	d->index = dd->index;
	d->need = dd->need;
	d->have = dd->have;
	d->capacity = capacity_option(dd->array);
	return err;
}

static int plan_done(struct ipfw_plan *plan, int status)
{
	plan->status = status;
	return status;
}

int ipfw_plan_build(const void *fdt, const struct ipfw_policy *pol, struct ipfw_plan *plan)
{
	struct ipfw_dt_config cfg;
	struct ipfw_dt_diag dd;
	int err;

	if (!plan)
		return IPFW_E_INVAL;
	plan_reset(plan);
	if (!fdt || !pol || (pol->nrules && !pol->rules) || (pol->nunbound && !pol->unbound) ||
	    (pol->nunprotected && !pol->unprotected) ||
	    (pol->nunpowered && !pol->unpowered) || (pol->npowered && !pol->powered) ||
	    (pol->fmt != IPFW_LPAE_S1_32 && pol->fmt != IPFW_LPAE_S2_40)) {
		ipfw_plan_diag_add(plan, IPFW_DIAG_ERROR, IPFW_E_INVAL, "bad arguments");
		return plan_done(plan, IPFW_E_INVAL);
	}
	plan->fmt = pol->fmt;
	plan->reserved_ctx = pol->reserved_ctx;
	cfg = (struct ipfw_dt_config){.unbound_paths = pol->unbound, .nunbound = pol->nunbound,
				      .lenient = true};
	plan->fdt = fdt;
	plan->pol = pol;
	err = ipfw_dt_walk(fdt, &cfg, &plan->walk.idx, &plan->walk.dt, &dd);
	if (err)
		return plan_done(plan, plan_walk_failed(plan, err, &dd));
	plan->nrefs = plan->walk.dt.nrefs;
	/* the walk gathered /memory in the same pass (dt.mem = plan->mem) */
	plan->nmem = plan->walk.dt.nmem;

	plan_instances(plan, pol);
	plan_rule_nodes_without_binding(plan, pol);
	plan->nrefs = plan->walk.dt.nrefs;
	plan->nmasters = plan->walk.dt.nmasters;
	for (size_t m = 0; m < plan->nmasters; m++)
		plan->masters[m].node = plan->walk.dt.masters[m].node;
	plan_rules(plan, pol);
	for (size_t m = 0; m < plan->nmasters; m++)
		plan_master(plan, pol, m);
	if (pol->others)
		pol->others->finish(plan);
	plan_check_policy_paths(plan, pol);
	ipfw_plan_domains(plan, pol);
	plan_utlb_figures(plan);
	plan_needed_instances(plan);
	ipfw_plan_unprotected_masters(plan, pol);
	plan_no_master_bound(plan);
	return plan_done(plan, plan->nerrors ? IPFW_PLAN_WITH_ERRORS : IPFW_OK);
}
