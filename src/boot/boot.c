/* SPDX-License-Identifier: BSD-3-Clause */
/* The boot flow: hold, program, verify, release (see ipmmu/boot.h). */
#include <ipmmu/boot.h>
#include <ipmmu/error.h>
#include <ipmmu/handoff.h>

static bool translating(const struct ipfw_plan_master *pm)
{
	return pm->action == IPFW_ACT_TRANSLATE || pm->action == IPFW_ACT_IDENTITY;
}

static void master_fail(struct ipfw_boot *b, size_t m, enum ipfw_master_state st, int err)
{
	b->m[m].state = st;
	if (!b->m[m].err)
		b->m[m].err = err;
}

/* ------------------------------------------------------------ hold */

int ipfw_boot_hold(struct ipfw_boot *b, const struct ipfw_plan *plan,
		   const struct ipfw_boot_hooks *hooks)
{
	int first = IPFW_OK;

	if (!b || !plan || !hooks || !hooks->release)
		return IPFW_E_INVAL;
	b->plan = plan;
	b->hooks = hooks;
	b->released = 0;
	b->held = (unsigned int)plan->nmasters; /* every master, until released */
	b->err = IPFW_OK;
	/* A run starts here: nothing of an earlier run's domains survives;
	 * none is programmed until ipfw_boot_program() says otherwise. */
	for (size_t d = 0; d < IPFW_PLAN_MAX_DOMAINS; d++)
		b->dom[d] = (struct ipfw_boot_domain){.err = IPFW_E_STATE};
	for (size_t m = 0; m < plan->nmasters; m++) {
		const struct ipfw_plan_master *pm = &plan->masters[m];

		b->m[m] = (struct ipfw_boot_master){.state = IPFW_MS_HELD};
		if (pm->action == IPFW_ACT_DENY)
			master_fail(b, m, IPFW_MS_DENIED, pm->err ? pm->err : IPFW_E_DENIED);
		if (hooks->hold && hooks->hold(hooks->ctx, pm)) {
			/* Not confirmed in reset: never release it. */
			b->m[m].hold_failed = true;
			master_fail(b, m, IPFW_MS_FAILED, IPFW_E_RELEASE);
			if (!first)
				first = IPFW_E_RELEASE;
		}
	}
	return first;
}

static void lpae_clean(void *arg, void *cpu, size_t len)
{
	const struct ipfw_boot_hooks *h = arg;

	if (h->clean)
		h->clean(h->ctx, cpu, len);
}

/* ------------------------------------------------------------ drivers */

/* The driver of instance i (set up by setup_drivers: registered for every
 * instance in use; the flow calls it only for those). */
static const struct ipfw_iommu_driver *driver_of(const struct ipfw_boot *b, size_t i)
{
	return &b->hooks->drivers[b->inst[i].kind];
}

/* The plan's instances as the drivers see them; only usable instances a
 * planned master needs are used (an IOMMU nobody needs is never touched),
 * and only drivers with an instance in use are brought up. */
static int setup_drivers(struct ipfw_boot *b)
{
	const struct ipfw_plan *plan = b->plan;
	unsigned int want = 0;

	for (size_t i = 0; i < plan->ninst; i++) {
		const struct ipfw_plan_inst *pi = &plan->inst[i];
		unsigned int k = pi->kind;

		b->inst[i] = (struct ipfw_iommu_inst){
			.name = pi->name, .base = pi->base, .hw = pi->hw.hw, .home = pi->root,
			.kind = (uint8_t)k, .used = pi->usable && pi->needed,
			.reserved = plan->reserved_ctx,
		};
		if (!b->inst[i].used)
			continue;
		if (k >= IPFW_IOMMU_KINDS || !b->hooks->drivers[k].ops)
			return IPFW_E_INVAL; /* nothing to drive it with */
		want |= 1u << k;
	}
	for (unsigned int k = 0; want; k++, want >>= 1) {
		const struct ipfw_iommu_driver *drv = &b->hooks->drivers[k];
		int err;

		if (!(want & 1u))
			continue;
		err = drv->ops->init(drv->state, b->inst, plan->ninst, &b->hooks->delay);
		if (err)
			return err;
	}
	return IPFW_OK;
}

/* ------------------------------------------------------------ program */

static int build_tables(struct ipfw_boot *b, size_t d, const struct ipfw_boot_pool *pool)
{
	const struct ipfw_plan *plan = b->plan;
	const struct ipfw_plan_domain *pd = &plan->domains[d];
	struct ipfw_boot_domain *bd = &b->dom[d];
	const bool s1 = plan->fmt == IPFW_LPAE_S1_32;
	struct ipfw_lpae_pool slice;
	int err;

	if ((uint64_t)pd->pool_first + pd->tables > pool->count)
		return IPFW_E_NOMEM;
	slice.cpu = (uint8_t *)pool->cpu + (size_t)pd->pool_first * IPFW_LPAE_TABLE_SIZE;
	slice.pa = pool->pa + (uint64_t)pd->pool_first * IPFW_LPAE_TABLE_SIZE;
	slice.count = pd->tables;
	/* the descriptor bits the domain's driver needs in its tables */
	err = ipfw_lpae_init(&bd->tables, s1 ? IPFW_LPAE_S1_32 : IPFW_LPAE_S2_40, &slice,
			     s1 ? driver_of(b, pd->root)->ops->s1_table_flags : 0, lpae_clean,
			     (void *)b->hooks);
	for (size_t i = 0; !err && i < pd->nregions; i++) {
		const struct ipfw_plan_region *r = &plan->regions[pd->first_region + i];

		err = ipfw_lpae_map(&bd->tables, r->iova, r->pa, r->size, r->attrs);
	}
	return err;
}

/* EP_UNDO: detach, from the last endpoint back (a failed attach's undo). */
enum ep_op { EP_ATTACH, EP_DETACH, EP_LIVE, EP_BYPASS, EP_UNDO };

/*
 * One operation on endpoints [0, n) of master m (domain d) through the
 * driver of its first endpoint's instance: the plan puts all of a
 * master's endpoints on one kind of IOMMU (IPFW_E_DOMAIN otherwise).
 * Detaching ignores errors and goes on; anything else returns the first
 * error (an endpoint on an instance not in use: IPFW_E_INVAL), and a failed
 * attach first undoes what this call attached. The order of the driver
 * calls is the order of the old IPMMU-only flow, so the IPMMU's register
 * sequences are unchanged.
 */
static int endpoints(struct ipfw_boot *b, size_t m, unsigned int d, enum ep_op op, size_t n)
{
	const struct ipfw_plan *plan = b->plan;
	const struct ipfw_iommu_endpoint *ep = &plan->utlbs[plan->masters[m].first_utlb];
	const struct ipfw_iommu_driver *drv;
	ipfw_iommu_ep_fn *fn;

	if (!n)
		return IPFW_OK;
	drv = driver_of(b, ep[0].inst);
	fn = op == EP_ATTACH ? drv->ops->attach
	   : op == EP_LIVE   ? drv->ops->is_live
	   : op == EP_BYPASS ? drv->ops->bypass
			     : drv->ops->detach;
	for (size_t i = 0; i < n; i++) {
		size_t k = op == EP_UNDO ? n - 1u - i : i;
		int err = b->inst[ep[k].inst].used ? fn(drv->state, d, ep[k], (int)m) : IPFW_E_INVAL;

		if (err && op != EP_DETACH && op != EP_UNDO) {
			if (op == EP_ATTACH)
				endpoints(b, m, d, EP_UNDO, k);
			return err;
		}
	}
	return IPFW_OK;
}

/* Masters attached before the domain failed go down with it: the domain is
 * torn down, so none of them is live any more. */
static void fail_domain_masters(struct ipfw_boot *b, size_t d, int err)
{
	for (size_t m = 0; m < b->plan->nmasters; m++) {
		if (b->plan->masters[m].domain == (int16_t)d &&
		    (b->m[m].state == IPFW_MS_HELD || b->m[m].state == IPFW_MS_LIVE))
			master_fail(b, m, IPFW_MS_FAILED, err);
	}
}

static int program_domain(struct ipfw_boot *b, size_t d, const struct ipfw_boot_pool *pool)
{
	const struct ipfw_plan *plan = b->plan;
	const struct ipfw_plan_domain *pd = &plan->domains[d];
	struct ipfw_boot_domain *bd = &b->dom[d];
	const struct ipfw_iommu_driver *drv = driver_of(b, pd->root);
	struct ipfw_lpae_regs regs;
	int err;

	if (!b->inst[pd->root].used)
		return IPFW_E_INVAL;
	err = build_tables(b, d, pool);
	if (!err)
		err = ipfw_lpae_regs(&bd->tables, &regs);
	if (err)
		return err;
	err = drv->ops->domain_create(drv->state, (unsigned int)d, pd->root, pd->ctx, plan->fmt,
				      &regs);
	if (err)
		return err;
	bd->programmed = true;
	for (size_t m = 0; m < plan->nmasters; m++) {
		const struct ipfw_plan_master *pm = &plan->masters[m];

		if (pm->domain != (int16_t)d || !translating(pm) || b->m[m].state != IPFW_MS_HELD)
			continue;
		err = endpoints(b, m, (unsigned int)d, EP_ATTACH, pm->nutlbs);
		if (err) {
			master_fail(b, m, IPFW_MS_FAILED, err);
			/* A stuck flush leaves the whole context unusable. */
			if (err == IPFW_E_TIMEOUT)
				return err;
			continue;
		}
		b->m[m].state = IPFW_MS_LIVE;
	}
	return IPFW_OK;
}

int ipfw_boot_program(struct ipfw_boot *b, const struct ipfw_boot_pool *pool)
{
	const struct ipfw_plan *plan;
	int first = IPFW_OK;
	int err;

	if (!b || !b->plan || !pool)
		return IPFW_E_INVAL;
	plan = b->plan;
	err = setup_drivers(b);
	if (err) {
		b->err = err;
		for (size_t m = 0; m < plan->nmasters; m++) {
			if (b->m[m].state == IPFW_MS_HELD && translating(&plan->masters[m]))
				master_fail(b, m, IPFW_MS_FAILED, err);
		}
		return err;
	}
	for (size_t d = 0; d < plan->ndomains; d++) {
		struct ipfw_boot_domain *bd = &b->dom[d];

		*bd = (struct ipfw_boot_domain){.err = plan->domains[d].err};
		if (bd->err)
			continue;
		err = program_domain(b, d, pool);
		if (err) {
			bd->err = err;
			fail_domain_masters(b, d, err);
			if (bd->programmed) {
				const struct ipfw_iommu_driver *drv =
					driver_of(b, plan->domains[d].root);

				drv->ops->domain_destroy(drv->state, (unsigned int)d);
			}
			if (!first)
				first = err;
		}
	}
	for (size_t m = 0; m < plan->nmasters; m++) {
		if (b->m[m].state != IPFW_MS_HELD || plan->masters[m].action != IPFW_ACT_BYPASS)
			continue;
		err = endpoints(b, m, 0, EP_BYPASS, plan->masters[m].nutlbs);
		if (err) {
			master_fail(b, m, IPFW_MS_FAILED, err);
			if (!first)
				first = err;
			continue;
		}
		b->m[m].state = IPFW_MS_BYPASS;
	}
	return first;
}

/* ------------------------------------------------------------ live checks */

/* Master m's domain is enabled and every endpoint of m translates through
 * it: read from the hardware, by the drivers, now. */
static bool master_live_now(struct ipfw_boot *b, size_t m)
{
	const struct ipfw_plan_master *pm = &b->plan->masters[m];
	const struct ipfw_iommu_driver *drv;
	unsigned int d;

	if (pm->domain < 0)
		return false;
	d = (unsigned int)pm->domain;
	/* only a domain this run programmed has a driver to ask */
	if (b->dom[d].err || !b->dom[d].programmed)
		return false;
	drv = driver_of(b, b->plan->domains[d].root);
	return !drv->ops->domain_live(drv->state, d) && pm->nutlbs &&
	       !endpoints(b, m, d, EP_LIVE, pm->nutlbs);
}

/* ------------------------------------------------------------ verify */

int ipfw_boot_verify(struct ipfw_boot *b)
{
	int ret = IPFW_OK;

	if (!b || !b->plan)
		return IPFW_E_INVAL;
	/* A domain found wrong stays wrong: a second verify says so again. */
	for (size_t d = 0; d < b->plan->ndomains; d++) {
		if (!b->dom[d].programmed)
			continue;
		if (!b->dom[d].err && ipfw_boot_domain_check(b, d, &b->dom[d].diff))
			b->dom[d].err = IPFW_E_VERIFY;
		if (b->dom[d].err == IPFW_E_VERIFY)
			ret = IPFW_E_VERIFY;
	}
	for (size_t m = 0; m < b->plan->nmasters; m++) {
		if (b->m[m].state != IPFW_MS_LIVE || master_live_now(b, m))
			continue;
		master_fail(b, m, IPFW_MS_FAILED, IPFW_E_VERIFY);
		endpoints(b, m, (unsigned int)b->plan->masters[m].domain, EP_DETACH,
			  b->plan->masters[m].nutlbs);
		ret = IPFW_E_VERIFY;
	}
	return ret;
}

/* ------------------------------------------------------------ release */

int ipfw_boot_release(struct ipfw_boot *b)
{
	int ret = IPFW_OK;

	if (!b || !b->plan || !b->hooks || !b->hooks->release)
		return IPFW_E_INVAL;
	for (size_t m = 0; m < b->plan->nmasters; m++) {
		const struct ipfw_plan_master *pm = &b->plan->masters[m];
		struct ipfw_boot_master *bm = &b->m[m];

		if (bm->state == IPFW_MS_LIVE) {
			/* The guarantee: check the hardware itself, right now. */
			if (!master_live_now(b, m)) {
				master_fail(b, m, IPFW_MS_REFUSED, IPFW_E_NOTREADY);
				ret = IPFW_E_NOTREADY;
				continue;
			}
		} else if (bm->state != IPFW_MS_BYPASS || pm->action != IPFW_ACT_BYPASS) {
			continue;
		}
		if (b->hooks->release(b->hooks->ctx, pm)) {
			master_fail(b, m, IPFW_MS_RELEASE_FAILED, IPFW_E_RELEASE);
			ret = IPFW_E_RELEASE;
			continue;
		}
		bm->state = IPFW_MS_RELEASED;
		b->released++;
	}
	b->held = 0;
	for (size_t m = 0; m < b->plan->nmasters; m++)
		b->held += b->m[m].state != IPFW_MS_RELEASED;
	return ret;
}

/* ------------------------------------------------------------ handoff */

static bool has_handoff(const struct ipfw_plan *plan, const struct ipfw_plan_domain *pd)
{
	for (size_t i = 0; i < pd->nregions; i++) {
		if (plan->regions[pd->first_region + i].handoff)
			return true;
	}
	return false;
}

int ipfw_boot_handoff(struct ipfw_boot *b, void *fdt)
{
	const struct ipfw_plan *plan;

	if (!b || !b->plan || !fdt)
		return IPFW_E_INVAL;
	plan = b->plan;
	for (size_t d = 0; d < plan->ndomains; d++) {
		const struct ipfw_plan_domain *pd = &plan->domains[d];
		const char *paths[IPFW_HANDOFF_MAX_DEVICES];
		/* the handoff blob is edited as it goes: devices are named by path */
		char text[IPFW_BOOT_HANDOFF_PATHS];
		size_t n = 0, used = 0;

		/* Only domains with a mapping to hand off are limited by the
		 * devices a node can name (an identity domain has none). */
		if (!has_handoff(plan, pd))
			continue;
		/* Every released master of the domain reaches its mappings. */
		for (size_t m = 0; m < plan->nmasters; m++) {
			if (plan->masters[m].domain != (int16_t)d ||
			    b->m[m].state != IPFW_MS_RELEASED)
				continue;
			int len;

			if (n == IPFW_HANDOFF_MAX_DEVICES)
				return IPFW_E_NOSPACE;
			len = ipfw_plan_path(plan, plan->masters[m].node, text + used,
					     sizeof(text) - used);
			if (len < 0)
				return len;
			paths[n++] = text + used;
			used += (size_t)len + 1u;
		}
		for (size_t i = 0; n && i < pd->nregions; i++) {
			const struct ipfw_plan_region *r = &plan->regions[pd->first_region + i];
			struct ipfw_handoff_region h;
			int err;

			if (!r->handoff)
				continue;
			h = (struct ipfw_handoff_region){.device_path = paths[0], .name = "ipfw-live",
							 .iova = r->iova, .size = r->size,
							 .has_pa = true, .pa = r->pa};
			err = ipfw_handoff_add_devices(fdt, &h, paths + 1, n - 1);
			if (err)
				return err;
		}
	}
	return IPFW_OK;
}

/* ------------------------------------------------------------ all of it */

int ipfw_boot_run(const void *fdt, const struct ipfw_policy *pol,
		  const struct ipfw_boot_hooks *hooks, const struct ipfw_boot_pool *pool,
		  struct ipfw_plan *plan, struct ipfw_boot *b)
{
	int err, ret;

	if (!b || !plan || !hooks || !pool)
		return IPFW_E_INVAL;
	/* A blob to hand off with nothing to hand it off: refused before
	 * anything happens, never a silently missing handoff. */
	if (hooks->handoff_fdt && !hooks->handoff)
		return IPFW_E_INVAL;
	err = ipfw_plan_build(fdt, pol, plan);
	/* Even without a plan, hold what the plan knows (nothing is released). */
	ret = ipfw_boot_hold(b, plan, hooks);
	if (err < 0)
		return err; /* no plan; IPFW_PLAN_WITH_ERRORS still programs the rest */
	err = ipfw_boot_program(b, pool);
	if (!ret)
		ret = err;
	err = ipfw_boot_verify(b);
	if (!ret)
		ret = err;
	err = ipfw_boot_release(b);
	if (!ret)
		ret = err;
	if (hooks->handoff_fdt) {
		err = hooks->handoff(b, hooks->handoff_fdt);
		if (!ret)
			ret = err;
	}
	if (hooks->report)
		hooks->report(b);
	if (!ret && plan->nerrors)
		ret = IPFW_E_VERIFY;
	return ret;
}
