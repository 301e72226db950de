/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The R-Car board flow, as plain C shared by the RT-core images and the
 * host tests that run each board's exact plan and programming against the
 * IPMMU and CPG models: plan -> hold -> program -> verify -> release ->
 * report, through the CPG named by the device tree, then a verdict.
 *
 * The board supplies the embedded tree, its policy, the plan errors it
 * knows its tree has, the page-table pool and the hooks that differ
 * between target and host (cache clean, console line, delay).
 */
#ifndef RCAR_BOARD_H
#define RCAR_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ipmmu/boot.h>
#include <ipmmu/boot_rcar.h>
#include <ipmmu/ipmmu.h>
#include <ipmmu/plan.h>

/* A plan error the board's tree is known to produce (path and code). */
struct rcar_board_known {
	const char *path;
	int code;
};

struct rcar_board {
	const char *name;                     /* "Salvator-XS (R-Car H3)" */
	const void *fdt;
	const struct ipfw_policy *policy;
	const struct rcar_board_known *known;
	size_t nknown;
	struct ipfw_boot_pool pool;
	void (*clean)(void *ctx, void *cpu, size_t len); /* may be NULL */
	void (*print)(void *ctx, const char *line);      /* one line, no newline */
	void *ctx;                            /* for clean and print */
	struct ipfw_delay delay;              /* polls: IPMMU flush, CPG status */
};

/* Everything one run needs; large (the plan), so the caller places it. */
struct rcar_board_run {
	const struct rcar_board *board;
	struct ipfw_plan plan;
	struct ipfw_boot boot;
	struct ipfw_ipmmu_flow ipmmu; /* the IPMMU driver's flow state */
	struct ipfw_boot_rcar cpg;
	struct ipfw_boot_hooks hooks;
	int err;                 /* first step that failed, IPFW_OK if none */
	unsigned int unexpected; /* plan errors the board does not know */
	unsigned int missing;    /* known errors the plan did not report */
	unsigned int astray;     /* masters not in their planned end state */
	bool pass;
};

/*
 * Run the whole flow and print the report and the verdict through
 * board->print. The verdict passes when every step succeeded, the plan's
 * errors are exactly the board's known ones, and every master ended as
 * planned: translated and identity masters released, bypass masters
 * released untranslated, denied masters still held. Returns IPFW_OK when
 * it passes, else the first step's error or IPFW_E_VERIFY.
 */
int rcar_board_run(const struct rcar_board *board, struct rcar_board_run *run);

#endif
