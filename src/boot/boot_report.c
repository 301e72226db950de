/* SPDX-License-Identifier: BSD-3-Clause */
/* The isolation report: what each master can reach, or why it is held. */
#include <ipmmu/boot.h>
#include <ipmmu/error.h>
#include <ipmmu/text.h>

const char *ipfw_master_state_name(enum ipfw_master_state s)
{
	static const char *const names[] = {
		[IPFW_MS_PLANNED] = "planned",   [IPFW_MS_HELD] = "held",
		[IPFW_MS_DENIED] = "denied",     [IPFW_MS_FAILED] = "failed",
		[IPFW_MS_LIVE] = "live",         [IPFW_MS_BYPASS] = "bypass",
		[IPFW_MS_RELEASED] = "released", [IPFW_MS_REFUSED] = "refused",
		[IPFW_MS_RELEASE_FAILED] = "release-failed",
	};

	return (unsigned int)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

/* ------------------------------------------------------------ text */

#define LINE_MAX 240

struct line {
	char buf[LINE_MAX];
	struct ipfw_text t;
};

static void line_init(struct line *l)
{
	ipfw_text_init(&l->t, l->buf, sizeof(l->buf));
}

static void put(struct line *l, const char *s)
{
	ipfw_text_str(&l->t, s);
}

static void put_uint(struct line *l, uint32_t v)
{
	ipfw_text_dec(&l->t, v);
}

/* Left-justify to column `col` with at least one space. */
static void pad(struct line *l, size_t col)
{
	do {
		put(l, " ");
	} while (l->t.pos < col && l->t.pos + 1 < LINE_MAX);
}

/* Only reached from ipfw_boot_report(), which checked hooks->print. */
static void emit(const struct ipfw_boot *b, struct line *l)
{
	b->hooks->print(b->hooks->ctx, l->buf);
	line_init(l);
}

/* 8 hex digits below 4 GiB, 10 above (40-bit addresses). */
static void put_addr(struct line *l, uint64_t a)
{
	ipfw_text_hex(&l->t, a, a >> 32 ? 10 : 8, false);
}

static void put_size(struct line *l, uint64_t size)
{
	/* sizes are never 0: a multiple of the unit is at least one unit */
	if (!(size & ((1ull << 30) - 1))) {
		put_uint(l, (uint32_t)(size >> 30));
		put(l, " GiB");
	} else if (!(size & ((1ull << 20) - 1))) {
		put_uint(l, (uint32_t)(size >> 20));
		put(l, " MiB");
	} else {
		put_uint(l, (uint32_t)(size >> 10));
		put(l, " KiB");
	}
}

static void put_attrs(struct line *l, uint32_t a)
{
	uint32_t mem = a & IPFW_LPAE_MEM_MASK;

	put(l, (a & IPFW_LPAE_READ) ? "r" : "-");
	put(l, (a & IPFW_LPAE_WRITE) ? "w" : "-");
	put(l, (a & IPFW_LPAE_XN) ? "-" : "x");
	put(l, mem == IPFW_LPAE_DEVICE ? " device" : mem == IPFW_LPAE_NC ? " normal-nc"
					     : mem == IPFW_LPAE_WB ? " normal-wb" : "");
}

/* "0x48000000-0x480fffff -> 0x48000000 rw- normal-wb", or "nothing". */
static void put_run(struct line *l, const struct ipfw_boot_reach *r)
{
	if (!r->size) {
		put(l, "nothing");
		return;
	}
	put_addr(l, r->iova);
	put(l, "-");
	put_addr(l, r->iova + r->size - 1u);
	put(l, " -> ");
	put_addr(l, r->pa);
	put(l, " ");
	put_attrs(l, r->attrs);
}

/* Where verify found the domain's tables differ from its plan, both sides. */
static void report_diff(const struct ipfw_boot *b, size_t d, struct line *l)
{
	const struct ipfw_boot_diff *diff = &b->dom[d].diff;

	put(l, "      verify: domain ");
	put(l, b->plan->domains[d].name);
	put(l, " at IOVA ");
	put_addr(l, diff->iova);
	put(l, ": tables map ");
	put_run(l, &diff->tables);
	put(l, "; plan maps ");
	put_run(l, &diff->plan);
	emit(b, l);
}

struct report_ctx {
	const struct ipfw_boot *b;
	unsigned int runs;
};

static int report_run(void *arg, const struct ipfw_boot_reach *r)
{
	struct report_ctx *rc = arg;
	struct line l;

	line_init(&l);
	rc->runs++;
	put(&l, "      ");
	put_addr(&l, r->iova);
	put(&l, "-");
	put_addr(&l, r->iova + r->size - 1u);
	put(&l, " -> ");
	put_addr(&l, r->pa);
	put(&l, "  ");
	put_size(&l, r->size);
	put(&l, "  ");
	put_attrs(&l, r->attrs);
	emit(rc->b, &l);
	return 0;
}

static const char *inst_name(const void *arg, unsigned int inst)
{
	const struct ipfw_plan *plan = arg;

	return inst < plan->ninst ? plan->inst[inst].name : "?";
}

/* The driver whose words fill master m's line: its first endpoint's, or
 * for a master with none the first driver the board registered. */
static const struct ipfw_iommu_driver *report_driver(const struct ipfw_boot *b, size_t m)
{
	const struct ipfw_plan *plan = b->plan;
	const struct ipfw_plan_master *pm = &plan->masters[m];

	if (pm->nutlbs) {
		unsigned int i = plan->utlbs[pm->first_utlb].inst;
		unsigned int k = i < plan->ninst ? plan->inst[i].kind : IPFW_IOMMU_KINDS;

		return k < IPFW_IOMMU_KINDS && b->hooks->drivers[k].report ? &b->hooks->drivers[k]
									 : NULL;
	}
	for (size_t k = 0; k < IPFW_IOMMU_KINDS; k++) {
		if (b->hooks->drivers[k].report)
			return &b->hooks->drivers[k];
	}
	return NULL;
}

/* The driver's own text for a part of master m's line. */
static void report_tail(const struct ipfw_boot *b, size_t m, enum ipfw_iommu_tail_part part,
			struct line *l)
{
	const struct ipfw_plan *plan = b->plan;
	const struct ipfw_plan_master *pm = &plan->masters[m];
	const struct ipfw_iommu_driver *drv = report_driver(b, m);
	struct ipfw_iommu_tail tail = {
		.part = part,
		.slot = pm->domain >= 0 ? plan->domains[pm->domain].ctx : -1,
		.ep = &plan->utlbs[pm->first_utlb], .nep = pm->nutlbs,
		.inst_name = inst_name, .arg = plan,
	};

	if (drv)
		drv->report(drv->state, &tail, &l->t);
}

static void report_master(const struct ipfw_boot *b, size_t m)
{
	const struct ipfw_plan *plan = b->plan;
	const struct ipfw_plan_master *pm = &plan->masters[m];
	const struct ipfw_boot_master *bm = &b->m[m];
	struct report_ctx rc = {b, 0};
	struct line l;

	line_init(&l);
	put(&l, "  ");
	{
		char path[LINE_MAX / 2];

		(void)ipfw_plan_path(plan, pm->node, path, sizeof(path));
		put(&l, path);
	}
	if (pm->pci_rid) {
		/* a requester ID unit: " 00:01.0" (bus:device.function) */
		static const char hex[] = "0123456789abcdef";
		const char bdf[] = {' ',
				    hex[pm->rid >> 12 & 15u], hex[pm->rid >> 8 & 15u], ':',
				    hex[pm->rid >> 7 & 1u], hex[pm->rid >> 3 & 15u], '.',
				    hex[pm->rid & 7u], 0};

		put(&l, bdf);
	}
	pad(&l, 32);
	put(&l, ipfw_master_state_name(bm->state));
	pad(&l, 41);
	put(&l, ipfw_action_name(pm->action));
	pad(&l, 50);
	if (pm->domain >= 0 && plan->domains[pm->domain].ctx >= 0) {
		put(&l, plan->domains[pm->domain].name);
		report_tail(b, m, IPFW_IOMMU_TAIL_SLOT, &l);
	} else {
		put(&l, "-");
	}
	pad(&l, 70);
	report_tail(b, m, IPFW_IOMMU_TAIL_ENDPOINTS, &l);
	emit(b, &l);
	if (bm->err) {
		put(&l, "      held: ");
		put(&l, ipfw_errname(bm->err));
		put(&l, " (");
		put(&l, ipfw_strerror(bm->err));
		put(&l, ")");
		emit(b, &l);
	}
	if (pm->domain >= 0 && b->dom[pm->domain].diff.found)
		report_diff(b, (size_t)pm->domain, &l);
	ipfw_boot_reach_walk(b, m, report_run, &rc);
	if ((bm->state == IPFW_MS_RELEASED || bm->state == IPFW_MS_LIVE) && !rc.runs &&
	    pm->action != IPFW_ACT_BYPASS) {
		put(&l, "      reaches nothing");
		emit(b, &l);
	}
	if (pm->action == IPFW_ACT_BYPASS && bm->state == IPFW_MS_RELEASED) {
		put(&l, "      untranslated: reaches all of memory (bypass by policy)");
		emit(b, &l);
	}
}

/* Likely DMA masters with no IOMMU binding (plan.h): said on the console,
 * since nothing holds them and they reach all of memory. */
static void report_unprotected(const struct ipfw_boot *b)
{
	const struct ipfw_plan *plan = b->plan;
	struct line l;
	char path[LINE_MAX / 2];

	if (!plan->nunprotected && !plan->unprotected_dropped)
		return;
	line_init(&l);
	put(&l, "outside the IOMMU's protection (no iommus, no iommu-map; they reach all of "
		"memory): ");
	put_uint(&l, (uint32_t)(plan->nunprotected + plan->unprotected_dropped));
	emit(b, &l);
	for (size_t i = 0; i < plan->nunprotected; i++) {
		const struct ipfw_plan_unprotected *u = &plan->unprotected[i];

		(void)ipfw_plan_path(plan, u->node, path, sizeof(path));
		put(&l, "  ");
		put(&l, path);
		pad(&l, 41);
		put(&l, ipfw_plan_dma_ip_name(plan, u->kind));
		put(&l, u->accepted ? ", accepted by the policy" : ", NOT accepted: hold it (unbound)");
		emit(b, &l);
	}
	if (plan->unprotected_dropped) {
		put(&l, "  and ");
		put_uint(&l, (uint32_t)plan->unprotected_dropped);
		put(&l, " more (IPFW_CFG_MAX_UNPROTECTED)");
		emit(b, &l);
	}
}

void ipfw_boot_report(const struct ipfw_boot *b)
{
	const struct ipfw_plan *plan;
	struct line l;
	char text[LINE_MAX];

	if (!b || !b->plan || !b->hooks || !b->hooks->print)
		return;
	plan = b->plan;
	line_init(&l);
	put(&l, "plan: ");
	put_uint(&l, (uint32_t)plan->ninst);
	put(&l, " IOMMUs, ");
	put_uint(&l, (uint32_t)plan->nmasters);
	put(&l, " masters, ");
	put_uint(&l, (uint32_t)plan->ndomains);
	put(&l, " domains, ");
	put_uint(&l, plan->pool_tables_needed);
	put(&l, " page tables; ");
	put_uint(&l, plan->nerrors);
	put(&l, " errors");
	emit(b, &l);
	for (size_t i = 0; i < plan->ndiags; i++) {
		ipfw_plan_diag_format(plan, &plan->diags[i], text, sizeof(text));
		put(&l, "  ");
		put(&l, text);
		emit(b, &l);
	}
	put(&l, "isolation report: master, state, policy, domain, uTLBs; then what it reaches");
	emit(b, &l);
	for (size_t m = 0; m < plan->nmasters; m++)
		report_master(b, m);
	report_unprotected(b);
	put(&l, "released ");
	put_uint(&l, b->released);
	put(&l, ", held ");
	put_uint(&l, b->held);
	emit(b, &l);
}
