/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The boot flow (docs/design.md, "Boot flow"): hold -> plan -> program ->
 * verify -> release -> hand off, as one call (ipfw_boot_run) or as steps.
 *
 * Ordering guarantee, by construction: ipfw_boot_release() calls a
 * master's release hook only after reading back, from the hardware and at
 * that moment, that every uTLB of the master is enabled and selects the
 * master's context, and that the context is enabled on its root with no
 * flush pending. A master whose policy is an explicit BYPASS is the only
 * exception. Every other master stays held: denied by the plan, failed
 * while programming, failed verification, or never planned. Errors name
 * the master and the reason (struct ipfw_boot_master.err).
 *
 * All state is in the caller's struct ipfw_boot and in the drivers' state
 * the board registers (hooks->drivers); nothing is allocated. The flow
 * reaches the hardware only through the drivers' operations
 * (ipmmu/iommu.h), so it does not know which IOMMU it drives.
 */
#ifndef IPMMU_BOOT_H
#define IPMMU_BOOT_H

#include <ipmmu/types.h>

#include <ipmmu/config.h>
#include <ipmmu/iommu.h>
#include <ipmmu/lpae.h>
#include <ipmmu/plan.h>

/* Bytes for the device paths of one domain's handoff (built on the stack). */
#ifndef IPFW_BOOT_HANDOFF_PATHS
#define IPFW_BOOT_HANDOFF_PATHS 512
#endif

struct ipfw_boot;

/* What the board provides. Any hook may be NULL except release. */
struct ipfw_boot_hooks {
	void *ctx;
	/* Put master m in reset (or confirm it is): 0, or a negative code. */
	int (*hold)(void *ctx, const struct ipfw_plan_master *m);
	/* Take master m out of reset and start its clocks. */
	int (*release)(void *ctx, const struct ipfw_plan_master *m);
	/* Clean [cpu, cpu+len) to the point of coherency (non-coherent walker). */
	void (*clean)(void *ctx, void *cpu, size_t len);
	/* One line of the report, without the newline. */
	void (*print)(void *ctx, const char *line);
	/* What ipfw_boot_run() reports at its end: ipfw_boot_report for the
	 * isolation report through print, or NULL for none. Through a pointer
	 * so that a board that wants only the data (struct ipfw_boot) links
	 * no text code (ipmmu-fw.mk: IPFW_WITH_REPORT=n). */
	void (*report)(const struct ipfw_boot *b);
	struct ipfw_delay delay;
	/* The blob passed on to the OS (writable, with free space), or NULL.
	 * When set, ipfw_boot_run() hands off (step 7) through `handoff`
	 * (set it to ipfw_boot_handoff; ipfw_boot_run refuses a blob without
	 * it, IPFW_E_INVAL): every mapping the policy marks as staying live
	 * (policy map `handoff`) of a released master becomes reserved-memory
	 * + iommu-addresses in it. Through a pointer so that a board without
	 * a handoff links neither it nor libfdt's write functions. */
	void *handoff_fdt;
	int (*handoff)(struct ipfw_boot *b, void *fdt);
	/* The IOMMU drivers, indexed by enum ipfw_iommu_kind: the flow calls
	 * them only through these (ipmmu/iommu.h). An instance the plan uses
	 * whose kind has no driver here fails its masters (IPFW_E_INVAL). */
	struct ipfw_iommu_driver drivers[IPFW_IOMMU_KINDS];
};

/* The page-table pool all domains share (see ipfw_lpae_pool). */
struct ipfw_boot_pool {
	void *cpu;
	uint64_t pa;
	uint32_t count;
};

enum ipfw_master_state {
	IPFW_MS_PLANNED,   /* nothing done yet */
	IPFW_MS_HELD,      /* in reset, waiting */
	IPFW_MS_DENIED,    /* the plan denies it: stays held */
	IPFW_MS_FAILED,    /* programming or verification failed: stays held */
	IPFW_MS_LIVE,      /* uTLBs enabled on a flushed, enabled context */
	IPFW_MS_BYPASS,    /* explicit bypass, uTLBs untouched */
	IPFW_MS_RELEASED,  /* release hook succeeded */
	IPFW_MS_REFUSED,   /* release refused: hardware not live at release time */
	IPFW_MS_RELEASE_FAILED, /* the release hook failed */
};

struct ipfw_boot_master {
	enum ipfw_master_state state;
	int err;            /* why it is held (IPFW_E_*), 0 otherwise */
	bool hold_failed;   /* hold hook failed: could not confirm the reset */
};

/* A run of IOVA space: one translation, merged over leaves that are
 * contiguous in IOVA and PA with the same attributes. */
struct ipfw_boot_reach {
	uint64_t iova;
	uint64_t pa;
	uint64_t size;
	uint32_t attrs; /* IPFW_LPAE_* */
};

/* The first difference between a domain's tables and its plan: at iova,
 * what each side maps from there on (size 0: that side maps nothing at
 * iova). Both sizes non-zero: PA or attributes differ. */
struct ipfw_boot_diff {
	bool found;
	uint64_t iova;
	struct ipfw_boot_reach plan;
	struct ipfw_boot_reach tables;
};

struct ipfw_boot_domain {
	struct ipfw_lpae_ctx tables;
	bool programmed;   /* the driver created it (domain_create succeeded) */
	int err;
	struct ipfw_boot_diff diff; /* set by ipfw_boot_verify() when the tables differ */
};

struct ipfw_boot {
	const struct ipfw_plan *plan;
	const struct ipfw_boot_hooks *hooks;
	struct ipfw_iommu_inst inst[IPFW_PLAN_MAX_INST]; /* what the drivers were given */
	struct ipfw_boot_domain dom[IPFW_PLAN_MAX_DOMAINS];
	struct ipfw_boot_master m[IPFW_PLAN_MAX_MASTERS];
	unsigned int released; /* masters whose release hook succeeded */
	unsigned int held;     /* masters not released: all of them from hold on */
	int err;            /* first flow-level error (hardware reset, pool) */
};

/* Step 1: hold every master of the plan (the board's hold hook). */
int ipfw_boot_hold(struct ipfw_boot *b, const struct ipfw_plan *plan,
		   const struct ipfw_boot_hooks *hooks);

/*
 * Step 4: reset the IPMMUs to a known state (USE_SECGRP cleared, contexts
 * off), build each domain's tables from its pool slice, clean them, program
 * the context and attach every uTLB (the flush is waited for). A domain
 * that fails leaves nothing enabled and its masters FAILED; the others go
 * on. Returns IPFW_OK, or the first error (which master states detail).
 */
int ipfw_boot_program(struct ipfw_boot *b, const struct ipfw_boot_pool *pool);

/*
 * Step 5: compare every programmed domain's tables with its plan, leaf by
 * leaf (ipfw_boot_domain_check: the same IOVA runs, PA offsets and
 * attributes, nothing else mapped), then read back every live context and
 * uTLB. A domain whose tables differ gets IPFW_E_VERIFY and its first
 * difference in dom[d].diff (the report prints it); a master of such a
 * domain, or whose registers do not read back live, becomes FAILED
 * (IPFW_E_VERIFY) and its uTLBs are detached. Returns IPFW_OK or
 * IPFW_E_VERIFY.
 */
int ipfw_boot_verify(struct ipfw_boot *b);

/* Step 6: release LIVE (re-checked in hardware) and BYPASS masters only.
 * Returns IPFW_OK when every releasable master was released. */
int ipfw_boot_release(struct ipfw_boot *b);

/*
 * Step 7 (optional): for every mapping the policy marked `handoff`, one
 * reserved-memory node with iommu-addresses naming every released master
 * of its domain (they share the tables), in the blob passed on
 * (ipmmu/handoff.h). Domains with no released master hand off nothing.
 * Returns IPFW_OK or the first error.
 */
int ipfw_boot_handoff(struct ipfw_boot *b, void *fdt);

/* Everything: plan, hold, program, verify, release, then the handoff when
 * hooks->handoff_fdt is set, then hooks->report (when set). Returns
 * IPFW_OK only when the plan had no error and every planned master
 * reached its planned state. */
int ipfw_boot_run(const void *fdt, const struct ipfw_policy *pol,
		  const struct ipfw_boot_hooks *hooks, const struct ipfw_boot_pool *pool,
		  struct ipfw_plan *plan, struct ipfw_boot *b);

/* ------------------------------------------------------------ report */

/* Called once per run, in IOVA order; a non-zero return stops the walk
 * and is returned. */
typedef int ipfw_boot_reach_fn(void *arg, const struct ipfw_boot_reach *r);

/* Every run the tables of domain d map (every leaf, merged), in IOVA
 * order: what verify compares with the plan and what the report prints.
 * No call for a domain that was not programmed. IPFW_E_INVAL for bad
 * arguments. */
int ipfw_boot_domain_walk(const struct ipfw_boot *b, size_t d, ipfw_boot_reach_fn *fn, void *arg);

/* Every run master m can reach: its domain's runs (ipfw_boot_domain_walk).
 * Masters that are not LIVE or RELEASED reach nothing (no call). */
int ipfw_boot_reach_walk(const struct ipfw_boot *b, size_t m, ipfw_boot_reach_fn *fn, void *arg);

/* The exhaustive check of programmed domain d: its runs equal the plan's
 * regions byte for byte (IOVA, PA, attributes) and nothing else is mapped.
 * IPFW_OK (diff->found false), IPFW_E_VERIFY with the first difference in
 * *diff, IPFW_E_INVAL for bad arguments or a domain not programmed. */
int ipfw_boot_domain_check(const struct ipfw_boot *b, size_t d, struct ipfw_boot_diff *diff);

const char *ipfw_master_state_name(enum ipfw_master_state s);

/* The isolation report through hooks->print: the plan's diagnostics, then
 * per master its state, domain and context, uTLBs, and what it can reach
 * (IOVA -> PA, permissions) or why it is held. */
void ipfw_boot_report(const struct ipfw_boot *b);

/* What hooks.report should be in this build: ipfw_boot_report, or NULL
 * where the report is not built (ipmmu-fw.mk IPFW_WITH_REPORT=n). */
#if IPFW_CFG_REPORT
#define IPFW_BOOT_REPORT ipfw_boot_report
#else
#define IPFW_BOOT_REPORT NULL
#endif

#endif /* IPMMU_BOOT_H */
