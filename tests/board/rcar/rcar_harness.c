/* SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <ipmmu/error.h>
#include <ipmmu/lpae.h>

#include "mmio_bus.h"
#include "rcar_harness.h"
#include "dtb_file.h"

/* ------------------------------------------------------------ hooks */

static void h_print(void *ctx, const char *line)
{
	struct rcar_harness *h = ctx;
	size_t n = strlen(line);

	printf("%s\n", line); /* the report in the test log */
	if (h->outlen + n + 2 > sizeof(h->out))
		return;
	memcpy(h->out + h->outlen, line, n);
	h->outlen += n;
	h->out[h->outlen++] = '\n';
	h->out[h->outlen] = '\0';
}

static void h_clean(void *ctx, void *cpu, size_t len)
{
	struct rcar_harness *h = ctx;

	(void)cpu;
	h->cleaned += len;
}

static void h_udelay(void *ctx, uint32_t us)
{
	struct rcar_harness *h = ctx;

	(void)us;
	h->delays++;
}

static const struct rcar_expect *expect_by_reset(const struct rcar_harness *h, uint32_t module)
{
	for (size_t i = 0; i < h->nexpect; i++) {
		if (h->expect[i].reset == module)
			return &h->expect[i];
	}
	return NULL;
}

static int model_inst(const struct rcar_harness *h, uint32_t base)
{
	uint32_t off;
	int i = ipfw_model_find(&h->model, base, &off);

	return i >= 0 && off == 0 ? i : -1;
}

/* uTLB n of the cache at `base` selects an enabled context (not the
 * reserved context 0) on an enabled cache and an enabled, flushed root.
 * Read from the model's state: no register read side effects. */
static bool utlb_live(const struct rcar_harness *h, uint32_t base, unsigned int n)
{
	int ci = model_inst(h, base);
	const struct ipfw_model_instance *c, *r;
	unsigned int ctx;

	if (ci < 0)
		return false;
	c = &h->model.inst[ci];
	r = &h->model.inst[c->root];
	if (!(c->imuctr[n] & IPFW_MODEL_IMUCTR_MMUEN))
		return false;
	ctx = (c->imuctr[n] & h->model.cfg.ttsel_mask) >> IPFW_MODEL_IMUCTR_TTSEL_SHIFT;
	return ctx != 0 && ctx < h->model.cfg.num_ctx &&
	       (c->ctx[ctx].imctr & IPFW_MODEL_IMCTR_MMUEN) &&
	       (r->ctx[ctx].imctr & IPFW_MODEL_IMCTR_MMUEN) && !r->ctx[ctx].flush_pending &&
	       !c->imuctr_flush_pending[n];
}

/* The moment a reset is released: the master must be one the facts say
 * is released, with every uTLB live. */
static void on_cpg_event(void *ctx, const struct ipfw_cpg_event *ev)
{
	struct rcar_harness *h = ctx;
	const struct rcar_expect *e;

	if (ev->kind != IPFW_CPG_EV_RESET_RELEASE)
		return;
	h->release_checks++;
	e = expect_by_reset(h, ev->module);
	if (!e || e->kind == RCAR_X_HELD) {
		printf("release of module %u, which must stay held\n", (unsigned int)ev->module);
		h->release_violations++;
		return;
	}
	for (unsigned int k = 0; k < e->nutlbs; k++) {
		if (!utlb_live(h, e->ipmmu, e->utlb + k)) {
			printf("%s released before uTLB %u was live\n", e->path, e->utlb + k);
			h->release_violations++;
		}
	}
}

/* ------------------------------------------------------------ run */

static void *load_dtb(const char *name)
{
	return ipfw_test_load_dtb(RCAR_DTB_DIR, name);
}

void rcar_harness_run(struct rcar_harness *h, enum ipfw_model_gen gen,
		      const struct rcar_ipmmu_fact *facts, size_t nfacts, uint32_t cpg_base,
		      const char *dtb, const char *name, const struct ipfw_policy *policy,
		      const struct rcar_board_known *known, size_t nknown, uint32_t pool_tables,
		      uint64_t pool_pa, const struct rcar_expect *expect, size_t nexpect)
{
	int idx[IPFW_MODEL_MAX_INSTANCES];

	assert_true(pool_tables <= RCAR_POOL_MAX);
	assert_true(nfacts <= IPFW_MODEL_MAX_INSTANCES);
	memset(h, 0, sizeof(*h));
	h->dtb = load_dtb(dtb);
	h->pool_pa = pool_pa;
	h->cpg_base = cpg_base;
	h->expect = expect;
	h->nexpect = nexpect;

	ipfw_bus_reset();
	assert_int_equal(ipfw_model_init(&h->model, gen), 0);
	for (size_t i = 0; i < nfacts; i++) {
		idx[i] = ipfw_model_add_instance(&h->model, facts[i].name, facts[i].base,
						 facts[i].root < 0 ? -1 : idx[facts[i].root]);
		assert_true(idx[i] >= 0);
	}
	ipfw_model_ram_init(&h->ram);
	assert_int_equal(ipfw_model_ram_add(&h->ram, pool_pa, h->pool,
					    (size_t)pool_tables * IPFW_LPAE_TABLE_SIZE), 0);
	ipfw_model_set_memory(&h->model, ipfw_model_ram_read64, &h->ram);
	assert_int_equal(ipfw_model_attach(&h->model), 0);
	ipfw_cpg_model_init(&h->cpg, gen == IPFW_MODEL_GEN4 ? IPFW_CPG_MODEL_GEN4 : IPFW_CPG_MODEL_GEN3,
			    cpg_base, 1);
	h->cpg.hook = on_cpg_event;
	h->cpg.hook_ctx = h;
	assert_int_equal(ipfw_cpg_model_attach(&h->cpg), 0);

	h->board = (struct rcar_board){
		.name = name, .fdt = h->dtb, .policy = policy, .known = known, .nknown = nknown,
		.pool = {h->pool, pool_pa, pool_tables},
		.clean = h_clean, .print = h_print, .ctx = h,
		.delay = {h_udelay, h},
	};
	h->ret = rcar_board_run(&h->board, &h->run);
}

void rcar_harness_done(struct rcar_harness *h)
{
	free(h->dtb);
	h->dtb = NULL;
}

bool rcar_printed(const struct rcar_harness *h, const char *text)
{
	return strstr(h->out, text) != NULL;
}

/* ------------------------------------------------------------ checks */

struct runs {
	struct ipfw_boot_reach r[4];
	unsigned int n;
};

static int collect(void *arg, const struct ipfw_boot_reach *r)
{
	struct runs *rs = arg;

	if (rs->n < 4)
		rs->r[rs->n] = *r;
	rs->n++;
	return 0;
}

static void expect_translates(struct rcar_harness *h, int ci, unsigned int utlb, uint64_t iova,
			      uint64_t pa)
{
	struct ipfw_model_result res;

	for (int w = 0; w < 2; w++) {
		int o = ipfw_model_translate(&h->model, (unsigned int)ci, utlb, iova, w, &res);

		if (o != IPFW_MODEL_TRANSLATED || res.pa != pa)
			printf("uTLB %u iova 0x%llx: %s (%s) pa 0x%llx, want 0x%llx\n", utlb,
			       (unsigned long long)iova, ipfw_model_outcome_name(res.outcome),
			       ipfw_model_reason_name(res.reason), (unsigned long long)res.pa,
			       (unsigned long long)pa);
		assert_int_equal(o, IPFW_MODEL_TRANSLATED);
		assert_true(res.pa == pa);
		/* IMMAIR byte of the leaf: 0x44 is Normal Non-cacheable (ARM ARM) */
		assert_int_equal(res.attr, 0x44);
		assert_false(res.stage2);
	}
}

static void expect_faults(struct rcar_harness *h, int ci, unsigned int utlb, uint64_t iova)
{
	struct ipfw_model_result res;
	int o = ipfw_model_translate(&h->model, (unsigned int)ci, utlb, iova, false, &res);

	assert_int_equal(o, IPFW_MODEL_FAULT);
	assert_true(res.imstr & IPFW_MODEL_IMSTR_TF);
}

void rcar_check_master(struct rcar_harness *h, const struct rcar_expect *e)
{
	int m = ipfw_plan_find_master(&h->run.plan, e->path);
	struct runs rs = {.n = 0};
	int ci = e->ipmmu ? model_inst(h, e->ipmmu) : -1;

	printf("checking %s\n", e->path);
	assert_true(m >= 0);
	if (e->ipmmu)
		assert_true(ci >= 0);
	if (e->kind == RCAR_X_HELD) {
		assert_int_equal(h->run.boot.m[m].state, IPFW_MS_DENIED);
		assert_int_equal(h->run.boot.m[m].err, e->err);
		/* held in reset, clock untouched, never released */
		assert_int_equal(ipfw_cpg_model_held(&h->cpg, e->reset), 1);
		assert_int_equal(ipfw_cpg_model_stopped(&h->cpg, e->reset), 1);
		assert_true(ipfw_cpg_model_first(&h->cpg, IPFW_CPG_EV_RESET_RELEASE, e->reset) < 0);
		for (unsigned int k = 0; ci >= 0 && k < e->nutlbs; k++)
			assert_false(h->model.inst[ci].imuctr[e->utlb + k] &
				     IPFW_MODEL_IMUCTR_MMUEN);
		assert_int_equal(ipfw_boot_reach_walk(&h->run.boot, (size_t)m, collect, &rs), 0);
		assert_int_equal(rs.n, 0);
		return;
	}
	assert_int_equal(h->run.boot.m[m].state, IPFW_MS_RELEASED);
	assert_int_equal(ipfw_cpg_model_held(&h->cpg, e->reset), 0);
	assert_int_equal(ipfw_cpg_model_stopped(&h->cpg, e->reset), 0);
	/* the report's data: one run, exactly the expected one */
	assert_int_equal(ipfw_boot_reach_walk(&h->run.boot, (size_t)m, collect, &rs), 0);
	assert_int_equal(rs.n, 1);
	assert_true(rs.r[0].iova == e->iova);
	assert_true(rs.r[0].size == e->size);
	assert_true(rs.r[0].pa == (e->kind == RCAR_X_IDENTITY ? e->iova : e->pa));
	assert_int_equal(rs.r[0].attrs, IPFW_LPAE_RW | IPFW_LPAE_NC | IPFW_LPAE_XN);
	/* through the model, on every uTLB the facts name */
	for (unsigned int k = 0; k < e->nutlbs; k++) {
		unsigned int u = e->utlb + k;
		uint64_t pa = e->kind == RCAR_X_IDENTITY ? e->iova : e->pa;

		assert_true(utlb_live(h, e->ipmmu, u));
		expect_translates(h, ci, u, e->iova, pa);
		expect_translates(h, ci, u, e->iova + e->size - 4096u, pa + e->size - 4096u);
		expect_faults(h, ci, u, e->iova + e->size);
		if (e->iova >= 4096u)
			expect_faults(h, ci, u, e->iova - 4096u);
	}
}

void rcar_check_trace(const struct rcar_harness *h)
{
	size_t n = ipfw_bus_trace_len();
	unsigned int stray = 0;

	assert_int_equal(ipfw_bus_trace_dropped(), 0);
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		const struct ipfw_bus_access *a = ipfw_bus_trace_at(i);
		uint32_t off;

		if (a->op == IPFW_BUS_BARRIER)
			continue;
		if (ipfw_model_find(&h->model, a->addr, &off) >= 0)
			continue;
		if (a->addr >= h->cpg_base && a->addr < h->cpg_base + 0x3000u)
			continue;
		if (stray++ < 8)
			printf("stray %s at 0x%lx\n", a->op == IPFW_BUS_READ ? "read" : "write",
			       (unsigned long)a->addr);
	}
	assert_int_equal(stray, 0);
	assert_int_equal(h->model.unknown_accesses, 0);
	assert_int_equal(h->cpg.unknown_accesses, 0);
}
