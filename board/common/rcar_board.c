/* SPDX-License-Identifier: BSD-3-Clause */
/* The R-Car board flow (rcar_board.h): no stdio, so host tests run it as is. */
#include <ipmmu/error.h>
#include <ipmmu/text.h>

#include "rcar_board.h"

#define TEXT_MAX 200

/* One line of board output, built without stdio (ipmmu/text.h). */
struct text {
	char buf[TEXT_MAX];
	struct ipfw_text t;
};

static void text_init(struct text *t)
{
	ipfw_text_init(&t->t, t->buf, sizeof(t->buf));
}

static void put(struct text *t, const char *s)
{
	ipfw_text_str(&t->t, s);
}

static void put_uint(struct text *t, unsigned int v)
{
	ipfw_text_dec(&t->t, v);
}

static void emit(const struct rcar_board *b, struct text *t)
{
	b->print(b->ctx, t->buf);
	text_init(t);
}

static void step_failed(const struct rcar_board *b, struct rcar_board_run *r, const char *step,
			int err)
{
	struct text t;

	text_init(&t);
	put(&t, step);
	put(&t, ": ");
	put(&t, ipfw_errname(err));
	put(&t, " (");
	put(&t, ipfw_strerror(err));
	put(&t, ")");
	emit(b, &t);
	if (!r->err)
		r->err = err;
}

/* ------------------------------------------------------------ hooks */

/* The library's hook context is the run, which knows its board. */
static struct rcar_board_run *run_of(void *ctx)
{
	return ctx;
}

static int hold(void *ctx, const struct ipfw_plan_master *m)
{
	return ipfw_boot_rcar_hold(&run_of(ctx)->cpg, m);
}

static int release(void *ctx, const struct ipfw_plan_master *m)
{
	return ipfw_boot_rcar_release(&run_of(ctx)->cpg, m);
}

static void clean(void *ctx, void *cpu, size_t len)
{
	const struct rcar_board *b = run_of(ctx)->board;

	if (b->clean)
		b->clean(b->ctx, cpu, len);
}

static void print(void *ctx, const char *line)
{
	const struct rcar_board *b = run_of(ctx)->board;

	b->print(b->ctx, line);
}

/* ------------------------------------------------------------ checks */

/* Plan errors must be exactly the board's known ones. */
static void check_known(const struct rcar_board *b, struct rcar_board_run *r)
{
	const struct ipfw_plan *plan = &r->plan;

	for (size_t i = 0; i < plan->ndiags; i++) {
		const struct ipfw_plan_diag *d = &plan->diags[i];
		bool ok = false;

		if (d->level != IPFW_DIAG_ERROR)
			continue;
		for (size_t k = 0; k < b->nknown && !ok; k++)
			ok = d->code == b->known[k].code && ipfw_plan_diag_at(plan, d, b->known[k].path);
		if (!ok) {
			struct text t;
			char text[TEXT_MAX];

			text_init(&t);
			ipfw_plan_diag_format(plan, d, text, sizeof(text));
			put(&t, "unexpected: ");
			put(&t, text);
			emit(b, &t);
			r->unexpected++;
		}
	}
	r->unexpected += (unsigned int)plan->diags_dropped;
	for (size_t k = 0; k < b->nknown; k++) {
		bool seen = false;

		for (size_t i = 0; i < plan->ndiags && !seen; i++) {
			const struct ipfw_plan_diag *d = &plan->diags[i];

			seen = d->level == IPFW_DIAG_ERROR && d->code == b->known[k].code &&
			       ipfw_plan_diag_at(plan, d, b->known[k].path);
		}
		if (!seen) {
			struct text t;

			text_init(&t);
			put(&t, "missing: ");
			put(&t, b->known[k].path);
			put(&t, " ");
			put(&t, ipfw_errname(b->known[k].code));
			emit(b, &t);
			r->missing++;
		}
	}
}

/* Every master in the end state its plan entry promises. */
static void check_states(struct rcar_board_run *r)
{
	for (size_t m = 0; m < r->plan.nmasters; m++) {
		enum ipfw_master_state want = r->plan.masters[m].action == IPFW_ACT_DENY
						      ? IPFW_MS_DENIED
						      : IPFW_MS_RELEASED;

		r->astray += r->boot.m[m].state != want;
	}
}

static void verdict(const struct rcar_board *b, struct rcar_board_run *r)
{
	struct text t;

	text_init(&t);
	r->pass = !r->err && !r->unexpected && !r->missing && !r->astray;
	put(&t, "verdict: ");
	put(&t, r->pass ? "PASS" : "FAIL");
	if (!r->pass) {
		put(&t, " (");
		put_uint(&t, r->unexpected);
		put(&t, " unexpected plan errors, ");
		put_uint(&t, r->missing);
		put(&t, " known ones missing, ");
		put_uint(&t, r->astray);
		put(&t, " masters not as planned");
		if (r->err) {
			put(&t, ", ");
			put(&t, ipfw_errname(r->err));
		}
		put(&t, ")");
	}
	emit(b, &t);
}

/* ------------------------------------------------------------ the flow */

int rcar_board_run(const struct rcar_board *b, struct rcar_board_run *r)
{
	struct text t;
	int err;

	if (!b || !r || !b->print)
		return IPFW_E_INVAL;
	r->err = IPFW_OK;
	r->unexpected = 0;
	r->missing = 0;
	r->astray = 0;
	r->pass = false;
	r->board = b;
	text_init(&t);
	put(&t, "board: ");
	put(&t, b->name);
	emit(b, &t);

	/* Without the CPG nothing can be held, so nothing may be programmed. */
	err = ipfw_boot_rcar_from_dt(b->fdt, &r->cpg);
	if (err) {
		step_failed(b, r, "CPG from the device tree", err);
		verdict(b, r);
		return err;
	}
	r->cpg.cpg.delay = &b->delay;
	r->hooks = (struct ipfw_boot_hooks){.ctx = r, .hold = hold, .release = release,
					    .clean = clean, .print = print, .delay = b->delay,
					    .drivers[IPFW_IOMMU_IPMMU] = IPFW_IPMMU_DRIVER(&r->ipmmu)};

	err = ipfw_plan_build(b->fdt, b->policy, &r->plan);
	if (err < 0) { /* IPFW_PLAN_WITH_ERRORS: a plan; its errors are checked below */
		step_failed(b, r, "plan", err);
		if (r->plan.ndiags) {
			char text[TEXT_MAX];

			ipfw_plan_diag_format(&r->plan, &r->plan.diags[0], text, sizeof(text));
			put(&t, "  ");
			put(&t, text);
			emit(b, &t);
		}
		/* hold what the plan knows; nothing is released */
		ipfw_boot_hold(&r->boot, &r->plan, &r->hooks);
		verdict(b, r);
		return err;
	}
	err = ipfw_boot_hold(&r->boot, &r->plan, &r->hooks);
	if (err)
		step_failed(b, r, "hold", err);
	err = ipfw_boot_program(&r->boot, &b->pool);
	if (err)
		step_failed(b, r, "program", err);
	err = ipfw_boot_verify(&r->boot);
	if (err)
		step_failed(b, r, "verify", err);
	err = ipfw_boot_release(&r->boot);
	if (err)
		step_failed(b, r, "release", err);
	ipfw_boot_report(&r->boot);
	check_known(b, r);
	check_states(r);
	verdict(b, r);
	if (r->pass)
		return IPFW_OK;
	return r->err ? r->err : IPFW_E_VERIFY;
}
