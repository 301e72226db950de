/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Plan, second half: masters that share a uTLB form a group, and a group
 * lives in one domain, because a uTLB points at one context (ipmmu-vmsa.md
 * pitfall 14; Xen leaves cross-domain sharing as a TODO, we refuse it).
 * Domains get their mappings, a slice of the page-table pool (sized by the
 * lpae dry run) and a context bank on their root.
 */
#include <ipmmu/error.h>
#include <ipmmu/plan.h>

#include "plan_priv.h"

static bool translating(const struct ipfw_plan_master *pm)
{
	return pm->action == IPFW_ACT_TRANSLATE || pm->action == IPFW_ACT_IDENTITY;
}

static bool live_candidate(const struct ipfw_plan_master *pm)
{
	return pm->action != IPFW_ACT_DENY && pm->nutlbs > 0;
}

/* ------------------------------------------------------------ groups */

static int16_t uf_find(int16_t *parent, int16_t i)
{
	while (parent[i] != i) {
		parent[i] = parent[parent[i]];
		i = parent[i];
	}
	return i;
}

/* First (instance, uTLB) masters a and b both use; false if none. */
static bool shared_utlb(const struct ipfw_plan *plan, size_t a, size_t b,
			struct ipfw_plan_utlb *out)
{
	const struct ipfw_plan_master *ma = &plan->masters[a], *mb = &plan->masters[b];

	for (size_t i = ma->first_utlb; i < (size_t)ma->first_utlb + ma->nutlbs; i++) {
		for (size_t j = mb->first_utlb; j < (size_t)mb->first_utlb + mb->nutlbs; j++) {
			if (plan->utlbs[i].inst == plan->utlbs[j].inst &&
			    plan->utlbs[i].id == plan->utlbs[j].id) {
				*out = plan->utlbs[i];
				return true;
			}
		}
	}
	return false;
}

/*
 * Union masters that share an endpoint (an IPMMU uTLB, a StreamID: ids up
 * to 2^16, so pairwise rather than a table per id; H3's 96 uTLBs over 22
 * masters are a few thousand comparisons). The group's number is its
 * lowest master.
 */
static void plan_groups(struct ipfw_plan *plan)
{
	int16_t parent[IPFW_PLAN_MAX_MASTERS];

	for (size_t m = 0; m < plan->nmasters; m++) {
		const struct ipfw_plan_master *pm = &plan->masters[m];

		parent[m] = (int16_t)m;
		if (!live_candidate(pm))
			continue;
		for (size_t o = 0; o < m; o++) {
			const struct ipfw_plan_master *po = &plan->masters[o];

			if (!live_candidate(po))
				continue;
			for (size_t k = pm->first_utlb; k < (size_t)pm->first_utlb + pm->nutlbs; k++) {
				for (size_t j = po->first_utlb; j < (size_t)po->first_utlb + po->nutlbs; j++) {
					int16_t a, b;

					if (plan->utlbs[j].inst != plan->utlbs[k].inst ||
					    plan->utlbs[j].id != plan->utlbs[k].id)
						continue;
					a = uf_find(parent, (int16_t)m);
					b = uf_find(parent, (int16_t)o);
					parent[a > b ? a : b] = a > b ? b : a;
				}
			}
		}
	}
	for (size_t i = 0; i < plan->nmasters; i++)
		plan->masters[i].group = live_candidate(&plan->masters[i]) ?
						 uf_find(parent, (int16_t)i) : -1;
}

/* The domain name a master asks for, NULL when it follows its group. */
static const char *wanted(const struct ipfw_plan *plan, size_t m)
{
	int16_t rule = plan->masters[m].rule;

	return rule >= 0 && plan->pol ? plan->pol->rules[rule].domain : 0;
}

/* Two masters of one group that cannot share: they differ in domain, or
 * one bypasses while the other translates. */
static bool incompatible(const struct ipfw_plan *plan, size_t a, size_t b)
{
	const char *da = wanted(plan, a), *db = wanted(plan, b);

	if (translating(&plan->masters[a]) != translating(&plan->masters[b]))
		return true;
	return da && db && !ipfw_streq(da, db);
}

static void deny_group(struct ipfw_plan *plan, int16_t g, int err)
{
	for (size_t i = 0; i < plan->nmasters; i++) {
		if (plan->masters[i].group == g)
			ipfw_plan_deny(plan, i, err);
	}
}

static void plan_group_conflicts(struct ipfw_plan *plan)
{
	for (size_t x = 0; x < plan->nmasters; x++) {
		for (size_t y = x + 1; y < plan->nmasters; y++) {
			const struct ipfw_plan_master *mx = &plan->masters[x];
			const struct ipfw_plan_master *my = &plan->masters[y];
			struct ipfw_plan_utlb u = {0, 0};
			struct ipfw_plan_diag *d;
			int16_t g = mx->group;

			/* a group already denied has been reported */
			if (g < 0 || my->group != g || mx->action == IPFW_ACT_DENY ||
			    !incompatible(plan, x, y))
				continue;
			d = ipfw_plan_diag_master(plan, x, IPFW_DIAG_ERROR, IPFW_E_UTLB_CONFLICT,
						  translating(mx) != translating(my)
							  ? "uTLB shared by a bypassed and a translated "
							    "master: the group is denied"
							  : "uTLB shared by masters of different domains: "
							    "the group is denied");
			d->other = (int16_t)y;
			if (shared_utlb(plan, x, y, &u)) {
				d->inst = (int16_t)u.inst;
				d->utlb = u.id;
			}
			deny_group(plan, g, IPFW_E_UTLB_CONFLICT);
		}
	}
}

/* ------------------------------------------------------------ domains */

static unsigned int root_of(const struct ipfw_plan *plan, unsigned int inst)
{
	int16_t r = plan->inst[inst].root;

	return r == IPFW_IOMMU_HOME_SELF ? inst : (unsigned int)r;
}

/* Unnamed identity masters of one root share this group key: their
 * tables would be identical, so one context serves them all. */
#define SHARED_IDENTITY_GROUP (-2)

static int find_domain(const struct ipfw_plan *plan, const char *name, int16_t group,
		       unsigned int root)
{
	for (size_t d = 0; d < plan->ndomains; d++) {
		const struct ipfw_plan_domain *pd = &plan->domains[d];

		if (name ? pd->named && ipfw_streq(pd->name, name)
			 : !pd->named && pd->group == group &&
				   (group != SHARED_IDENTITY_GROUP || pd->root == root))
			return (int)d;
	}
	return -1;
}

static void fail_domain_(struct ipfw_plan *plan, size_t d, int err, const char *what)
{
	struct ipfw_plan_diag *diag = ipfw_plan_diag_new(plan, IPFW_DIAG_ERROR, err, what);

	plan->domains[d].err = err;
	diag->domain = (int16_t)d;
	diag->path = plan->domains[d].name;
}
/* The callers' texts go through IPFW_TEXT (ipmmu/config.h). */
#define fail_domain(plan, d, err, what) fail_domain_((plan), (d), (err), IPFW_TEXT(what))

static void join_domain(struct ipfw_plan *plan, size_t m)
{
	struct ipfw_plan_master *pm = &plan->masters[m];
	const char *name = wanted(plan, m);
	unsigned int root = root_of(plan, plan->utlbs[pm->first_utlb].inst);
	struct ipfw_plan_domain *pd;
	int16_t group;
	int d;

	/* A master without a name joins its group's named domain, if any. */
	for (size_t o = 0; !name && o < plan->nmasters; o++) {
		if (o != m && plan->masters[o].group == pm->group && translating(&plan->masters[o]))
			name = wanted(plan, o);
	}
	group = !name && pm->action == IPFW_ACT_IDENTITY ? SHARED_IDENTITY_GROUP : pm->group;
	d = find_domain(plan, name, group, root);
	if (d < 0) {
		if (plan->ndomains >= IPFW_PLAN_MAX_DOMAINS) {
			ipfw_plan_deny(plan, m, IPFW_E_NOSPACE);
			ipfw_plan_diag_master(plan, m, IPFW_DIAG_ERROR, IPFW_E_NOSPACE,
					      "too many domains for this plan: denied");
			return;
		}
		d = (int)plan->ndomains++;
		pd = &plan->domains[d];
		*pd = (struct ipfw_plan_domain){.action = pm->action, .root = (uint16_t)root,
						.ctx = -1, .group = group, .named = name != 0};
		/* the master's node name stands for an unnamed group */
		if (name) {
			pd->name = name;
		} else if (group == SHARED_IDENTITY_GROUP) {
			pd->name = "identity";
		} else {
			pd->name = ipfw_plan_node_name(plan, pm->node);
		}
	}
	pd = &plan->domains[d];
	if (pd->action != pm->action) {
		ipfw_plan_deny(plan, m, IPFW_E_POLICY);
		ipfw_plan_diag_master(plan, m, IPFW_DIAG_ERROR, IPFW_E_POLICY,
				      "domain mixes identity and translate masters: denied");
		return;
	}
	for (size_t k = pm->first_utlb; k < (size_t)pm->first_utlb + pm->nutlbs; k++) {
		if (root_of(plan, plan->utlbs[k].inst) != pd->root) {
			ipfw_plan_deny(plan, m, IPFW_E_DOMAIN);
			ipfw_plan_diag_master(plan, m, IPFW_DIAG_ERROR, IPFW_E_DOMAIN,
					      "domain spans IPMMUs with different roots: denied");
			return;
		}
	}
	pm->domain = (int16_t)d;
	pd->nmasters++;
}

/* ------------------------------------------------------------ regions */

static int add_region(struct ipfw_plan *plan, struct ipfw_plan_domain *pd,
		      const struct ipfw_plan_region *r)
{
	size_t end = (size_t)pd->first_region + pd->nregions;
	size_t at = end;

	/* identical entries (two masters' rules naming one buffer) count once */
	for (size_t i = pd->first_region; i < end; i++) {
		const struct ipfw_plan_region *o = &plan->regions[i];

		if (o->iova == r->iova && o->pa == r->pa && o->size == r->size &&
		    o->attrs == r->attrs)
			return IPFW_OK;
	}
	if (plan->nregions >= IPFW_PLAN_MAX_REGIONS || end != plan->nregions)
		return IPFW_E_NOSPACE;
	/* keep the slice sorted by iova (the dry run wants it so) */
	while (at > pd->first_region && plan->regions[at - 1].iova > r->iova) {
		plan->regions[at] = plan->regions[at - 1];
		at--;
	}
	plan->regions[at] = *r;
	plan->nregions++;
	pd->nregions++;
	return IPFW_OK;
}

static uint64_t ias_limit(enum ipfw_lpae_format fmt)
{
	return fmt == IPFW_LPAE_S1_32 ? (1ull << 32) : (1ull << 40);
}

static int identity_regions(struct ipfw_plan *plan, const struct ipfw_policy *pol, size_t d)
{
	struct ipfw_plan_domain *pd = &plan->domains[d];
	const uint64_t lim = ias_limit(plan->fmt);

	for (size_t i = 0; i < plan->nmem; i++) {
		uint64_t base = plan->mem[i].base, size = plan->mem[i].size;
		struct ipfw_plan_region r;
		int err;

		if (base >= lim || size > lim - base) {
			struct ipfw_plan_diag *diag = ipfw_plan_diag_add(
				plan, IPFW_DIAG_WARNING, IPFW_E_RANGE,
				"DRAM beyond the format's input range is not identity-mapped");

			diag->domain = (int16_t)d;
			diag->index = (int)i;
			diag->path = "/memory";
			if (base >= lim)
				continue;
			size = lim - base;
		}
		r = (struct ipfw_plan_region){.iova = base, .pa = base, .size = size,
					      .attrs = pol->identity_attrs ? pol->identity_attrs
									   : IPFW_PLAN_IDENTITY_ATTRS_DEFAULT,
					      .master = -1};
		err = add_region(plan, pd, &r);
		if (err)
			return err;
	}
	return pd->nregions ? IPFW_OK : IPFW_E_RANGE;
}

static int translate_regions(struct ipfw_plan *plan, const struct ipfw_policy *pol, size_t d)
{
	struct ipfw_plan_domain *pd = &plan->domains[d];

	for (size_t m = 0; m < plan->nmasters; m++) {
		const struct ipfw_plan_master *pm = &plan->masters[m];

		if (pm->domain != (int16_t)d || pm->action == IPFW_ACT_DENY)
			continue;
		for (size_t i = 0; i < pol->nrules; i++) {
			const struct ipfw_policy_rule *rule = &pol->rules[i];

			if (pm->rule != (int16_t)i)
				continue;
			for (size_t k = 0; k < rule->nmaps; k++) {
				const struct ipfw_policy_map *mp = &rule->maps[k];
				struct ipfw_plan_region r = {mp->iova, mp->pa, mp->size, mp->attrs,
							     mp->handoff, (int16_t)m};
				int err = add_region(plan, pd, &r);

				if (err)
					return err;
			}
		}
	}
	return pd->nregions ? IPFW_OK : IPFW_E_POLICY;
}

/* ------------------------------------------------------------ tables, contexts */

static void plan_tables(struct ipfw_plan *plan, const struct ipfw_policy *pol)
{
	uint32_t next = 0;

	for (size_t d = 0; d < plan->ndomains; d++) {
		struct ipfw_plan_domain *pd = &plan->domains[d];
		struct ipfw_lpae_region regs[IPFW_PLAN_MAX_REGIONS];
		int n;

		if (pd->err)
			continue;
		for (size_t i = 0; i < pd->nregions; i++) {
			const struct ipfw_plan_region *r = &plan->regions[pd->first_region + i];

			regs[i] = (struct ipfw_lpae_region){r->iova, r->pa, r->size, r->attrs};
		}
		n = ipfw_lpae_dry_run(plan->fmt, regs, pd->nregions);
		if (n < 0) {
			fail_domain(plan, d, n,
				    n == IPFW_E_ATTR && pd->action == IPFW_ACT_IDENTITY
					    ? "policy identity_attrs not valid for this table format "
					      "(identity-attrs in a policy file): domain rejected"
					    : "domain mappings rejected by the table builder");
			continue;
		}
		/* S2-40's concatenated top level needs an 8 KiB aligned pair. */
		if (plan->fmt == IPFW_LPAE_S2_40)
			next = (next + 1u) & ~1u;
		if ((uint64_t)next + (uint32_t)n > pol->pool_tables) {
			fail_domain(plan, d, IPFW_E_NOMEM,
				    "page-table pool too small for this domain: its masters are denied");
			continue;
		}
		pd->tables = (uint32_t)n;
		pd->pool_first = next;
		next += (uint32_t)n;
	}
	plan->pool_tables_needed = next;
}

/*
 * Slots (an IPMMU root's context banks, an SMMUv3's CDs) for the domains of
 * each instance that holds domains, lowest free first, in domain order:
 * none of those its driver reserves (the IPMMU's context 0) or the board
 * does. Slots past the 32nd are never needed: a plan has at most
 * IPFW_CFG_MAX_DOMAINS domains.
 */
static void plan_slots(struct ipfw_plan *plan, const struct ipfw_policy *pol)
{
	for (size_t r = 0; r < plan->ninst; r++) {
		const struct ipfw_plan_inst *pi = &plan->inst[r];
		const uint32_t n = pi->hw.slots < 32 ? pi->hw.slots : 32;
		uint32_t taken = pi->hw.reserved_slots | pol->reserved_ctx;

		if (pi->root != IPFW_IOMMU_HOME_SELF || !pi->usable)
			continue;
		for (size_t d = 0; d < plan->ndomains; d++) {
			struct ipfw_plan_domain *pd = &plan->domains[d];
			uint32_t c = 0;

			if (pd->root != r || pd->err)
				continue;
			if (!(pi->hw.formats & (1u << plan->fmt))) {
				fail_domain(plan, d, IPFW_E_FORMAT,
					    "the IOMMU does not walk the policy's table format: its "
					    "masters are denied");
				continue;
			}
			while (c < n && (taken >> c) & 1u)
				c++;
			if (c == n) {
				fail_domain(plan, d, IPFW_E_NOCTX,
					    "no free domain slot on the IOMMU (context bank, CD): its "
					    "masters are denied");
				continue;
			}
			taken |= 1u << c;
			pd->ctx = (int16_t)c;
		}
	}
}

void ipfw_plan_domains(struct ipfw_plan *plan, const struct ipfw_policy *pol)
{
	plan_groups(plan);
	plan_group_conflicts(plan);
	for (size_t m = 0; m < plan->nmasters; m++) {
		if (translating(&plan->masters[m]) && plan->masters[m].nutlbs > 0)
			join_domain(plan, m);
		else if (translating(&plan->masters[m]))
			ipfw_plan_deny(plan, m, IPFW_E_NOBINDING);
	}
	for (size_t d = 0; d < plan->ndomains; d++) {
		struct ipfw_plan_domain *pd = &plan->domains[d];
		int err;

		pd->first_region = (uint16_t)plan->nregions;
		err = pd->action == IPFW_ACT_IDENTITY ? identity_regions(plan, pol, d)
						      : translate_regions(plan, pol, d);
		if (err)
			fail_domain(plan, d, err,
				    err == IPFW_E_POLICY ? "translate domain without mappings"
				    : err == IPFW_E_RANGE ? "no DRAM to identity-map in range"
							  : "too many mappings for this plan");
	}
	plan_tables(plan, pol);
	plan_slots(plan, pol);
	for (size_t m = 0; m < plan->nmasters; m++) {
		struct ipfw_plan_master *pm = &plan->masters[m];

		if (pm->domain >= 0 && plan->domains[pm->domain].err)
			ipfw_plan_deny(plan, m, plan->domains[pm->domain].err);
	}
}
