/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host harness for the R-Car board packages: runs a board's exact flow
 * (board/common/rcar_board.c with the board's policy.c and its embedded
 * tree, compiled here from the same overlay DTS) against the behavioural
 * IPMMU model and the CPG model, then checks the outcome against
 * expectations written by hand from ipmmu-vmsa.md 8.2/8.3 and the Linux
 * DTS (`resets`), never from the plan.
 *
 * The model's instances come from the hand-written facts table, not from
 * the plan: a plan that programmed any other address would touch a plain
 * register file instead, which the trace check catches.
 */
#ifndef RCAR_HARNESS_H
#define RCAR_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpg_model.h"
#include "ipmmu_model.h"
#include "rcar_board.h"

/* One IPMMU as ipmmu-vmsa.md lists it. */
struct rcar_ipmmu_fact {
	const char *name;
	uint32_t base;
	int root; /* -1 for the root, else the index of the root in the table */
};

enum rcar_expect_kind {
	RCAR_X_IDENTITY, /* released; reaches [iova, iova+size) at the same PA */
	RCAR_X_WINDOW,   /* released; reaches [iova, iova+size) at pa */
	RCAR_X_HELD,     /* never released; held with code `err` */
};

/* One master as the facts and the board's policy say it must end. */
struct rcar_expect {
	const char *path;
	uint32_t ipmmu;      /* cache IPMMU base; 0 when it has no binding */
	uint16_t utlb;       /* first uTLB */
	uint16_t nutlbs;     /* consecutive uTLBs */
	enum rcar_expect_kind kind;
	uint64_t iova, pa, size;
	uint32_t reset;      /* its CPG module (`resets` of the Linux DTS) */
	int err;             /* RCAR_X_HELD: why */
};

#define RCAR_POOL_MAX 16
#define RCAR_OUT_MAX (128 * 1024)

struct rcar_harness {
	struct ipfw_model model;
	struct ipfw_model_ram ram;
	struct ipfw_cpg_model cpg;
	uint64_t pool[RCAR_POOL_MAX][512] __attribute__((aligned(4096)));
	uint64_t pool_pa;
	void *dtb;
	uint32_t cpg_base;
	const struct rcar_expect *expect;
	size_t nexpect;
	char out[RCAR_OUT_MAX]; /* what the image would print */
	size_t outlen;
	size_t cleaned;         /* bytes the clean hook was asked to clean */
	unsigned int delays;
	unsigned int release_checks;
	unsigned int release_violations;
	struct rcar_board board;
	struct rcar_board_run run;
	int ret;                /* rcar_board_run()'s return */
};

/*
 * Reset the bus, build the model from the facts (gen 3 or 4), attach the
 * CPG model at cpg_base with every module held, load build/.../<dtb>.dtb,
 * and run the board flow with policy/known/pool size. The pool sits at
 * physical address pool_pa for the walker.
 */
void rcar_harness_run(struct rcar_harness *h, enum ipfw_model_gen gen,
		      const struct rcar_ipmmu_fact *facts, size_t nfacts, uint32_t cpg_base,
		      const char *dtb, const char *name, const struct ipfw_policy *policy,
		      const struct rcar_board_known *known, size_t nknown, uint32_t pool_tables,
		      uint64_t pool_pa, const struct rcar_expect *expect, size_t nexpect);

/* Free the loaded blob. */
void rcar_harness_done(struct rcar_harness *h);

/* Every cmocka check of one expected master (state, CPG, uTLBs, reach,
 * translations through the model, a fault one page past each end). */
void rcar_check_master(struct rcar_harness *h, const struct rcar_expect *e);

/* Every bus access went to a facts-table IPMMU or the CPG, none to an
 * offset that is no register, and the trace is complete. */
void rcar_check_trace(const struct rcar_harness *h);

/* The printed output contains `text`. */
bool rcar_printed(const struct rcar_harness *h, const char *text);

/* Does the plan let the boot flow touch the IPMMU at base (issue 11.6:
 * one no planned master needs is never written)? */
static inline bool rcar_plan_needs(const struct rcar_harness *h, uintptr_t base)
{
	for (size_t i = 0; i < h->run.plan.ninst; i++) {
		if (h->run.plan.inst[i].base == base)
			return h->run.plan.inst[i].needed;
	}
	return false;
}

#endif
