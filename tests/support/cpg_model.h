/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A behavioural R-Car CPG/MSSR (module stop and software reset registers)
 * behind the MMIO seam, written from design.md "Releasing masters on
 * R-Car". It records every reset release and clock start with the bus
 * trace position at that moment, so a test can prove no master left reset
 * before its IPMMU path was live. Freestanding: also linked into images.
 *
 * Semantics: stop-control bits are 1 (stopped) at reset; the stop-status
 * register follows stop-control after `status_lag` reads of it; the reset
 * register reads back held modules, writing 1 bits asserts, 0 bits do
 * nothing; writing 1 bits to reset-clear releases them.
 */
#ifndef IPFW_TESTS_CPG_MODEL_H
#define IPFW_TESTS_CPG_MODEL_H

#include <stddef.h>
#include <stdint.h>

#define IPFW_CPG_MODEL_NREGS 32
#define IPFW_CPG_MODEL_MAX_EVENTS 256

enum ipfw_cpg_model_gen { IPFW_CPG_MODEL_GEN3, IPFW_CPG_MODEL_GEN4 };

enum ipfw_cpg_event_kind {
	IPFW_CPG_EV_CLOCK_ON,
	IPFW_CPG_EV_CLOCK_OFF,
	IPFW_CPG_EV_RESET_ASSERT,
	IPFW_CPG_EV_RESET_RELEASE,
};

struct ipfw_cpg_event {
	enum ipfw_cpg_event_kind kind;
	uint32_t module;   /* register * 100 + bit */
	size_t trace_pos;  /* ipfw_bus_trace_len() when it happened */
};

struct ipfw_cpg_model;
/* Called for every event as it happens (NULL: none). */
typedef void (*ipfw_cpg_model_hook)(void *ctx, const struct ipfw_cpg_event *ev);

struct ipfw_cpg_model {
	enum ipfw_cpg_model_gen gen;
	uintptr_t base;
	uint32_t stop_ctl[IPFW_CPG_MODEL_NREGS];
	uint32_t stop_stat[IPFW_CPG_MODEL_NREGS];
	uint32_t reset[IPFW_CPG_MODEL_NREGS];
	unsigned int status_lag;   /* reads before status follows control */
	unsigned int lag_left[IPFW_CPG_MODEL_NREGS];
	struct ipfw_cpg_event events[IPFW_CPG_MODEL_MAX_EVENTS];
	size_t nevents;
	size_t dropped;
	unsigned int unknown_accesses;
	ipfw_cpg_model_hook hook;
	void *hook_ctx;
};

/* Every module stopped and, with all_held, held in reset. */
void ipfw_cpg_model_init(struct ipfw_cpg_model *m, enum ipfw_cpg_model_gen gen, uintptr_t base,
			 int all_held);
/* Claim the CPG window on the test bus (0 or -1). */
int ipfw_cpg_model_attach(struct ipfw_cpg_model *m);
/* 1 if module n is held in reset / has its clock stopped. */
int ipfw_cpg_model_held(const struct ipfw_cpg_model *m, uint32_t n);
int ipfw_cpg_model_stopped(const struct ipfw_cpg_model *m, uint32_t n);
/* Position of the first event of `kind` for module n, or -1. */
long ipfw_cpg_model_first(const struct ipfw_cpg_model *m, enum ipfw_cpg_event_kind kind,
			  uint32_t n);

#endif
