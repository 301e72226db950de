/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The one walk of a domain's tables (every leaf, merged into runs) and the
 * two things built on it: what a master reaches (the isolation report) and
 * the exhaustive comparison of the tables with the plan (verify).
 */
#include <ipmmu/boot.h>
#include <ipmmu/error.h>

/* ------------------------------------------------------------ the walk */

struct merge {
	struct ipfw_boot_reach run;
	ipfw_boot_reach_fn *fn;
	void *arg;
};

/* Leaves contiguous in IOVA and PA with the same attributes are one run. */
static int merge_leaf(void *arg, const struct ipfw_lpae_leaf *leaf)
{
	struct merge *w = arg;
	struct ipfw_boot_reach *r = &w->run;

	if (r->size && r->iova + r->size == leaf->iova && r->pa + r->size == leaf->pa &&
	    r->attrs == leaf->attrs) {
		r->size += leaf->size;
		return 0;
	}
	if (r->size) {
		int err = w->fn(w->arg, r);
		if (err)
			return err;
	}
	*r = (struct ipfw_boot_reach){leaf->iova, leaf->pa, leaf->size, leaf->attrs};
	return 0;
}

int ipfw_boot_domain_walk(const struct ipfw_boot *b, size_t d, ipfw_boot_reach_fn *fn, void *arg)
{
	struct merge w = {.fn = fn, .arg = arg};
	int err;

	if (!b || !b->plan || d >= b->plan->ndomains || !fn)
		return IPFW_E_INVAL;
	if (!b->dom[d].programmed)
		return IPFW_OK;
	err = ipfw_lpae_walk(&b->dom[d].tables, merge_leaf, &w);
	if (!err && w.run.size)
		err = fn(arg, &w.run);
	return err;
}

int ipfw_boot_reach_walk(const struct ipfw_boot *b, size_t m, ipfw_boot_reach_fn *fn, void *arg)
{
	const struct ipfw_plan_master *pm;

	if (!b || !b->plan || m >= b->plan->nmasters || !fn)
		return IPFW_E_INVAL;
	pm = &b->plan->masters[m];
	if ((b->m[m].state != IPFW_MS_LIVE && b->m[m].state != IPFW_MS_RELEASED) || pm->domain < 0)
		return IPFW_OK;
	return ipfw_boot_domain_walk(b, (size_t)pm->domain, fn, arg);
}

/* ------------------------------------------------------------ the check */

/* The tables' runs against the plan's regions (sorted by IOVA, as the plan
 * keeps them; an unsorted list can only fail the check), both consumed
 * from the low end: equal means the same IOVA, PA and attributes for every
 * byte, and nothing mapped beyond the regions. */
struct check {
	const struct ipfw_plan *plan;
	const struct ipfw_plan_domain *pd;
	size_t next;                 /* next region of pd to take */
	struct ipfw_boot_reach want; /* what is left of the region taken; size 0: none */
	struct ipfw_boot_diff *diff;
};

#define CHECK_DIFFERS 1 /* stops the walk: not an IPFW_E_* code */

static void take_planned(struct check *c)
{
	while (!c->want.size && c->next < c->pd->nregions) {
		const struct ipfw_plan_region *r = &c->plan->regions[c->pd->first_region + c->next++];

		c->want = (struct ipfw_boot_reach){r->iova, r->pa, r->size, r->attrs};
	}
}

static int differs(struct check *c, uint64_t iova, bool planned, bool mapped,
		   const struct ipfw_boot_reach *got)
{
	*c->diff = (struct ipfw_boot_diff){.found = true, .iova = iova};
	if (planned)
		c->diff->plan = c->want;
	if (mapped)
		c->diff->tables = *got;
	return CHECK_DIFFERS;
}

static int check_run(void *arg, const struct ipfw_boot_reach *run)
{
	struct check *c = arg;
	struct ipfw_boot_reach got = *run;

	while (got.size) {
		struct ipfw_boot_reach *w = &c->want;
		uint64_t n;

		take_planned(c);
		if (!w->size || got.iova < w->iova)
			return differs(c, got.iova, false, true, &got); /* mapped, not planned */
		if (w->iova < got.iova)
			return differs(c, w->iova, true, false, &got); /* planned, not mapped */
		if (w->pa != got.pa || w->attrs != got.attrs)
			return differs(c, got.iova, true, true, &got);
		n = w->size < got.size ? w->size : got.size;
		w->iova += n;
		w->pa += n;
		w->size -= n;
		got.iova += n;
		got.pa += n;
		got.size -= n;
	}
	return 0;
}

int ipfw_boot_domain_check(const struct ipfw_boot *b, size_t d, struct ipfw_boot_diff *diff)
{
	struct check c;
	int err;

	if (!b || !b->plan || d >= b->plan->ndomains || !diff || !b->dom[d].programmed)
		return IPFW_E_INVAL;
	c = (struct check){.plan = b->plan, .pd = &b->plan->domains[d], .diff = diff};
	*diff = (struct ipfw_boot_diff){.found = false};
	err = ipfw_boot_domain_walk(b, d, check_run, &c);
	if (err == CHECK_DIFFERS)
		return IPFW_E_VERIFY;
	if (err)
		return err;
	take_planned(&c);
	if (c.want.size) {
		(void)differs(&c, c.want.iova, true, false, NULL); /* planned beyond the last run */
		return IPFW_E_VERIFY;
	}
	return IPFW_OK;
}
