/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IPMMU-VMSA driver: topology, context-bank and uTLB allocators, context
 * programming, TLB flush with timeout, fault decode.
 *
 * Model (docs/ipmmu-vmsa.md section 1): the root IPMMU (IPMMU-MM) holds the
 * translation contexts; each cache IPMMU holds uTLBs, and a master is wired
 * to one uTLB of one cache. Context registers go to the root, IMCTR to the
 * cache and then the root, IMUCTR/IMUASID to the master's cache.
 *
 * A domain is one context bank on one root. The caller owns every piece of
 * state (struct ipfw_ipmmu and its arrays); nothing is global, nothing is
 * allocated. Page tables come in as plain values (format, TTBR, MAIR): this
 * layer knows nothing of how they were built.
 *
 * Typical use:
 *   ipfw_ipmmu_init(&mmu, inst, state, n, NULL, &delay);
 *   ipfw_ipmmu_hw_reset(&mmu);
 *   ipfw_ipmmu_domain_create(&mmu, root, IPFW_IPMMU_CTX_ANY, &cfg, &dom);
 *   ipfw_ipmmu_attach(&mmu, &dom, cache, utlb, owner, &conflict);
 *   ...
 *   ipfw_ipmmu_domain_destroy(&mmu, &dom);
 */
#ifndef IPMMU_IPMMU_H
#define IPMMU_IPMMU_H

#include <ipmmu/types.h>

#include <ipmmu/config.h>
#include <ipmmu/iommu.h>
#include <ipmmu/ipmmu_regs.h>
#include <ipmmu/lpae.h>
#include <ipmmu/mmio.h>
#include <ipmmu/soc.h>

/* ------------------------------------------------------------ allocators */

/* Context banks of one root: a bitmap, with reserved banks never handed out. */
struct ipfw_ipmmu_ctx_alloc {
	uint32_t used;     /* allocated (includes nothing reserved) */
	uint32_t reserved; /* SoC reserved | board reserved */
	uint8_t num_ctx;
};

#define IPFW_IPMMU_CTX_ANY (-1)

/*
 * Reserved = the SoC's reserved contexts (context 0 on Gen3/Gen4) plus
 * board_reserved (e.g. banks other firmware owns). IPFW_E_INVAL for a NULL
 * argument or board bits beyond the SoC's contexts.
 */
int ipfw_ipmmu_ctx_alloc_init(struct ipfw_ipmmu_ctx_alloc *a, const struct ipfw_soc *soc,
			      uint32_t board_reserved);
/*
 * want = IPFW_IPMMU_CTX_ANY: the lowest free bank; otherwise exactly `want`.
 * IPFW_E_NOCTX when none is free (or `want` is taken),
 * IPFW_E_CTX_RESERVED when `want` is reserved, IPFW_E_RANGE beyond num_ctx.
 */
int ipfw_ipmmu_ctx_get(struct ipfw_ipmmu_ctx_alloc *a, int want, unsigned int *ctx);
/* IPFW_E_CTX_RESERVED for a reserved bank, IPFW_E_STATE when not allocated. */
int ipfw_ipmmu_ctx_put(struct ipfw_ipmmu_ctx_alloc *a, unsigned int ctx);

/* Who claims a uTLB: the caller's number for a master (0 .. INT16_MAX, e.g.
 * its plan index) and, for the requester's side of a conflict, its name. */
struct ipfw_ipmmu_owner {
	const char *name; /* may be NULL */
	int id;
};

/* Four bytes a uTLB (the boot state holds one per uTLB of every cache
 * IPMMU): the holder is kept by its id only, so a conflict or a query
 * gives the holder's id with name NULL; the caller maps ids to names. */
struct ipfw_ipmmu_utlb_slot {
	uint8_t ctx;      /* context the uTLB points at (valid when refs > 0) */
	uint8_t refs;     /* masters of the group currently attached */
	int16_t holder;   /* id of the master that claimed it first */
};

/* uTLBs of one cache IPMMU: each points at one context at most. */
struct ipfw_ipmmu_utlb_alloc {
	uint8_t num_utlbs;
	struct ipfw_ipmmu_utlb_slot slot[IPFW_IPMMU_UTLB_MAX];
};

/* Filled when a uTLB is wanted by a second domain: both parties. */
struct ipfw_ipmmu_utlb_conflict {
	unsigned int inst; /* cache instance index (set by ipfw_ipmmu_attach) */
	unsigned int utlb;
	unsigned int held_ctx;
	unsigned int wanted_ctx;
	struct ipfw_ipmmu_owner holder;
	struct ipfw_ipmmu_owner requester;
};

int ipfw_ipmmu_utlb_alloc_init(struct ipfw_ipmmu_utlb_alloc *a, const struct ipfw_soc *soc);
/*
 * Claim `utlb` for context `ctx` on behalf of `who`.
 * Returns 1 when this is the first user (the caller programs the uTLB),
 * 0 when the uTLB already points at `ctx` (reference taken, nothing to
 * program), IPFW_E_UTLB_CONFLICT when it points at another context
 * (*conflict, if not NULL, gives both owners: the holder by id), IPFW_E_UTLB_RANGE
 * beyond the SoC's uTLBs, IPFW_E_NOSPACE at 255 references, IPFW_E_INVAL for
 * an id outside 0 .. INT16_MAX.
 */
int ipfw_ipmmu_utlb_get(struct ipfw_ipmmu_utlb_alloc *a, unsigned int utlb, unsigned int ctx,
			struct ipfw_ipmmu_owner who, struct ipfw_ipmmu_utlb_conflict *conflict);
/*
 * Drop one reference. Returns 1 when the last user left (the caller
 * disables the uTLB), 0 while others remain, IPFW_E_STATE when the uTLB is
 * not held for `ctx`, IPFW_E_UTLB_RANGE beyond the SoC's uTLBs.
 */
int ipfw_ipmmu_utlb_put(struct ipfw_ipmmu_utlb_alloc *a, unsigned int utlb, unsigned int ctx);
/* Current holder: returns the reference count (0 = free); *ctx and *holder
 * (if not NULL; the holder by id, name NULL) are set when held.
 * IPFW_E_UTLB_RANGE beyond the uTLBs. */
int ipfw_ipmmu_utlb_query(const struct ipfw_ipmmu_utlb_alloc *a, unsigned int utlb,
			  unsigned int *ctx, struct ipfw_ipmmu_owner *holder);

/* ------------------------------------------------------------ topology */

#define IPFW_IPMMU_IS_ROOT (-1)

/* One IPMMU instance, as the DT layer finds it. */
struct ipfw_ipmmu_inst {
	const char *name;           /* "ipmmu_ds1" (traces, messages); may be NULL */
	uintptr_t base;             /* register window */
	const struct ipfw_soc *soc;
	int root;                   /* IPFW_IPMMU_IS_ROOT, or the index of its root
				     * (the node renesas,ipmmu-main points at) */
	uint32_t reserved_ctx;      /* roots: contexts the board keeps for others */
};

/* Per-instance driver state; the caller provides one per instance. */
struct ipfw_ipmmu_inst_state {
	struct ipfw_ipmmu_ctx_alloc ctx;   /* roots */
	struct ipfw_ipmmu_utlb_alloc utlb; /* caches */
	uint32_t ctx_live;   /* contexts this instance's IMCTR has enabled */
	uint32_t ctx_failed; /* roots: contexts whose flush timed out */
	uint32_t ctx_s2;     /* roots: allocated contexts in S2-40 format */
};

struct ipfw_ipmmu {
	const struct ipfw_ipmmu_inst *inst;
	struct ipfw_ipmmu_inst_state *state;
	unsigned int count;
	struct ipfw_poll_limit poll;
	struct ipfw_delay delay;
};

/* Linux's TLB_LOOP_TIMEOUT: 100 reads, 1 us apart. */
#define IPFW_IPMMU_POLL_DEFAULT ((struct ipfw_poll_limit){.tries = 100, .step_us = 1})

/*
 * Check the topology and set up the allocators; no register access.
 * poll NULL = IPFW_IPMMU_POLL_DEFAULT; delay NULL = re-read at once.
 * IPFW_E_INVAL: NULL arguments, count 0, a base of 0 or not aligned to the
 * SoC's window, two instances at the same base, board reserved bits beyond
 * the contexts; IPFW_E_NOSOC: an instance without a SoC entry;
 * IPFW_E_NOROOT: a cache whose root index is out of range or names a
 * non-root; IPFW_E_DOMAIN: a cache and its root with different SoC entries.
 */
int ipfw_ipmmu_init(struct ipfw_ipmmu *mmu, const struct ipfw_ipmmu_inst *inst,
		    struct ipfw_ipmmu_inst_state *state, unsigned int count,
		    const struct ipfw_poll_limit *poll, const struct ipfw_delay *delay);

/*
 * Bring the hardware to a known state, instance by instance in array order:
 * clear IMSCTLR.USE_SECGRP (read, write, read back) on every IPMMU, and on
 * each root write IMCTR = 0 to every context that is not reserved.
 * Deviation from Linux: reserved contexts are left alone (they may belong
 * to other firmware, docs/ipmmu-vmsa.md section 9 item 9), and USE_SECGRP is
 * cleared as Xen does (item 4). IPFW_E_READBACK if USE_SECGRP stays set.
 */
int ipfw_ipmmu_hw_reset(struct ipfw_ipmmu *mmu);

/* ------------------------------------------------------------ domains */

/*
 * Table formats: one list for both layers, lpae's (ipmmu/lpae.h). The IPMMU
 * walks the tables lpae builds, so a plan's format goes to the table
 * builder and to the context as the same value; a format the IPMMU cannot
 * walk is IPFW_E_FORMAT here. The IPMMU names are kept for its callers
 * (enum ipfw_ipmmu_fmt is enum ipfw_lpae_format):
 *   IPFW_IPMMU_FMT_S1_32: VMSAv8-32 LPAE stage 1, 32-bit IOVA (Linux);
 *   IPFW_IPMMU_FMT_S2_40: VA64 stage 2, 40-bit IPA, two concatenated L1 (Xen).
 */
#define ipfw_ipmmu_fmt ipfw_lpae_format
#define IPFW_IPMMU_FMT_S1_32 IPFW_LPAE_S1_32
#define IPFW_IPMMU_FMT_S2_40 IPFW_LPAE_S2_40

struct ipfw_ipmmu_ctx_cfg {
	enum ipfw_ipmmu_fmt fmt;
	uint64_t ttbr; /* table PA < 2^40; 64-byte aligned (S1-32) or 8 KiB (S2-40) */
	uint32_t mair; /* IMMAIR0, S1-32 only */
};

/* A handle: the context bank `ctx` on instance `root`. */
struct ipfw_ipmmu_domain {
	unsigned int root;
	unsigned int ctx;
	enum ipfw_ipmmu_fmt fmt;
	bool live;
};

/*
 * Allocate a context on `root` (ctx_req: IPFW_IPMMU_CTX_ANY or a bank) and
 * program its registers on the root. The context is not enabled yet: the
 * first attach enables it (cache IMCTR, then root IMCTR).
 *
 * S1-32 (as Linux): IMTTLBR0, IMTTUBR0, IMTTBCR = EAE | SL0 level 1 (2<<6),
 * IMMAIR0 = cfg->mair, IMSTR = 0. (The boot flow passes lpae's 0x0004FF44
 * where Linux 6.1 writes 0xF404FF44: attribute 3 is selected by no
 * descriptor, so it stays 0; docs/ipmmu-vmsa.md section 11 item 1.)
 * S2-40 (as Xen): IMSAUXCTLR.S2PTE set, IMTTLBR0, IMTTUBR0,
 * IMTTBCR = EAE | PMB | SL0 level 1 (1<<6) | TSZ0 24, IMSTR = 0; IMCTR gets
 * VA64 later. The TTBR halves and IMTTBCR are read back.
 *
 * Errors: IPFW_E_INVAL (bad arguments, `root` not a root), IPFW_E_FORMAT,
 * IPFW_E_ALIGN / IPFW_E_RANGE (TTBR), IPFW_E_STATE (S1-32 and S2-40 mixed
 * on one root: S2PTE is root-wide), the allocator's errors, IPFW_E_READBACK
 * (the context is disabled and freed again).
 */
int ipfw_ipmmu_domain_create(struct ipfw_ipmmu *mmu, unsigned int root, int ctx_req,
			     const struct ipfw_ipmmu_ctx_cfg *cfg, struct ipfw_ipmmu_domain *dom);

/*
 * Attach the master on uTLB `utlb` of cache instance `cache` to the domain.
 * First master of the domain on this cache: cache IMCTR = INTEN|FLUSH|MMUEN,
 * root IMCTR = [VA64|]INTEN|FLUSH|MMUEN, then poll the root until FLUSH
 * clears (Linux does not poll here; we do, so no uTLB is pointed at a
 * context whose flush has not completed). First master on the uTLB:
 * IMUASID = 0, then IMUCTR = TTSEL|FLUSH|MMUEN written whole (never ORed
 * into a stale value), read back (TTSEL and MMUEN). Both formats: for S2-40
 * Xen ORs TTSEL|MMUEN without FLUSH; the FLUSH drops what the uTLB cached
 * before (docs/ipmmu-vmsa.md section 11 item 2).
 * A master sharing a uTLB already attached to this domain takes a
 * reference and touches no register.
 *
 * Errors: IPFW_E_INVAL (arguments, `cache` is a root), IPFW_E_DOMAIN
 * (cache behind another root), IPFW_E_STATE (domain not live or failed),
 * IPFW_E_UTLB_RANGE, IPFW_E_UTLB_CONFLICT (*conflict names both owners; it
 * is written for this error only),
 * IPFW_E_TIMEOUT (flush never completed: the domain is marked failed and the
 * uTLB is not enabled), IPFW_E_READBACK (uTLB written 0 again; a context
 * enabled by this call is disabled again). On error nothing stays enabled
 * that this call enabled.
 */
int ipfw_ipmmu_attach(struct ipfw_ipmmu *mmu, struct ipfw_ipmmu_domain *dom, unsigned int cache,
		      unsigned int utlb, struct ipfw_ipmmu_owner who,
		      struct ipfw_ipmmu_utlb_conflict *conflict);

/*
 * Drop one master of a uTLB group; the last one out writes IMUCTR = 0.
 * IPFW_E_STATE when the uTLB is not attached to this domain.
 */
int ipfw_ipmmu_detach(struct ipfw_ipmmu *mmu, struct ipfw_ipmmu_domain *dom, unsigned int cache,
		      unsigned int utlb);

/*
 * Whole-context TLB flush (there is no selective one): read the root IMCTR,
 * write it | FLUSH to every cache with the context enabled (masked to
 * [2:0]) and then to the root, DSB, poll the root's FLUSH, bounded by
 * mmu->poll. On timeout every uTLB of the context on every cache is written
 * 0 (the masters must stay in reset), the domain is marked failed, and
 * IPFW_E_TIMEOUT is returned.
 */
int ipfw_ipmmu_flush(struct ipfw_ipmmu *mmu, const struct ipfw_ipmmu_domain *dom);

/*
 * Tear the domain down: every uTLB still pointing at it written 0, IMCTR =
 * FLUSH on each cache then the root, poll, and free the context. On a
 * flush timeout the context stays allocated (marked failed) and
 * IPFW_E_TIMEOUT is returned; calling again retries.
 */
int ipfw_ipmmu_domain_destroy(struct ipfw_ipmmu *mmu, struct ipfw_ipmmu_domain *dom);

/* ------------------------------------------------------------ faults */

enum ipfw_ipmmu_fault_kind {
	IPFW_IPMMU_FAULT_TF = IPFW_IPMMU_IMSTR_TF,       /* translation fault */
	IPFW_IPMMU_FAULT_PF = IPFW_IPMMU_IMSTR_PF,       /* permission fault */
	IPFW_IPMMU_FAULT_ABORT = IPFW_IPMMU_IMSTR_ABORT, /* page-walk abort */
	IPFW_IPMMU_FAULT_MHIT = IPFW_IPMMU_IMSTR_MHIT,   /* multiple TLB hit */
};

struct ipfw_ipmmu_fault {
	unsigned int root;  /* instance index */
	const char *name;   /* root instance name (may be NULL) */
	unsigned int ctx;
	uint32_t imstr;     /* raw status as read */
	uint32_t kinds;     /* IPFW_IPMMU_FAULT_* bits present */
	unsigned int errcode;
	unsigned int errlvl;
	uint64_t addr;      /* IMEUAR:IMELAR */
};

/*
 * Read context `ctx`'s IMSTR on `root`; when an error bit is set, read
 * IMELAR and IMEUAR (before clearing: they read 0 after), then clear with
 * IMSTR = 0 (not write-1-to-clear, section 6). Returns 1 with *f filled
 * when a fault was pending, 0 when none (nothing written), IPFW_E_INVAL or
 * IPFW_E_RANGE for bad arguments.
 */
int ipfw_ipmmu_fault_read(struct ipfw_ipmmu *mmu, unsigned int root, unsigned int ctx,
			  struct ipfw_ipmmu_fault *f);

/* The first context of `root` (allocated or failed) with a pending fault,
 * as ipfw_ipmmu_fault_read(); 0 when none. */
int ipfw_ipmmu_fault_scan(struct ipfw_ipmmu *mmu, unsigned int root, struct ipfw_ipmmu_fault *f);

/*
 * One line: "ipmmu_mm ctx 1: translation fault at 0x0000000012345000
 * (IMSTR 0x00000001)". Several kinds are joined with '+'. Returns the
 * length, IPFW_E_NOSPACE when truncated (still NUL-terminated),
 * IPFW_E_INVAL for NULL or len 0.
 */
int ipfw_ipmmu_fault_format(const struct ipfw_ipmmu_fault *f, char *buf, size_t len);

/* ------------------------------------------------------------ boot flow */

/*
 * The IPMMU as the boot flow drives it (ipmmu/iommu.h): a board registers
 * { &ipfw_ipmmu_iommu_ops, &state, ipfw_ipmmu_iommu_report } for
 * IPFW_IOMMU_IPMMU, with `state` in its own memory.
 *
 * init: the used instances, roots first (so that each cache's root index
 * stays valid), go to ipfw_ipmmu_init (a root keeps the flow's reserved
 * contexts that exist on its SoC), then ipfw_ipmmu_hw_reset;
 * domain_create: ipfw_ipmmu_domain_create with TTBR and MAIR from the
 * tables (attribute 3 of MAIR left 0: docs/ipmmu-vmsa.md section 11);
 * attach/detach: ipfw_ipmmu_attach/_detach of the uTLB; domain_live: the
 * root's IMCTR reads MMUEN without FLUSH; is_live: the uTLB's IMUCTR reads
 * MMUEN with TTSEL = the domain's context; bypass: nothing to write (an
 * IPMMU passes a uTLB that is off through).
 */
struct ipfw_ipmmu_flow {
	struct ipfw_ipmmu mmu;
	struct ipfw_ipmmu_inst inst[IPFW_IOMMU_MAX_INST];
	struct ipfw_ipmmu_inst_state state[IPFW_IOMMU_MAX_INST];
	int16_t index[IPFW_IOMMU_MAX_INST]; /* flow instance -> mmu index, -1 */
	struct ipfw_ipmmu_domain dom[IPFW_IOMMU_MAX_DOMAINS];
};

extern const struct ipfw_iommu_ops ipfw_ipmmu_iommu_ops;

/* What a board puts in policy.ipmmu (ipmmu/plan.h): the IPMMU's plan-time
 * operations (an IPMMU node described from the SoC table, the SoCs' likely
 * bus masters). */
extern const struct ipfw_iommu_plan_ops ipfw_ipmmu_plan_ops;

/* What a board puts in hooks.drivers[IPFW_IOMMU_IPMMU]: with the report
 * tail where the report is built (IPFW_CFG_REPORT, ipmmu/config.h); the
 * second form never links the report text. */
#if IPFW_CFG_REPORT
#define IPFW_IPMMU_DRIVER(flow_state) {&ipfw_ipmmu_iommu_ops, (flow_state), ipfw_ipmmu_iommu_report}
#else
#define IPFW_IPMMU_DRIVER(flow_state) {&ipfw_ipmmu_iommu_ops, (flow_state), NULL}
#endif
#define IPFW_IPMMU_DRIVER_NOREPORT(flow_state) {&ipfw_ipmmu_iommu_ops, (flow_state), NULL}

/* The master line's tail: " ctx N" after the domain's name, and
 * "iommu@e6740000 uTLB 0-7,16; ..." in the endpoint column. */
void ipfw_ipmmu_iommu_report(const void *st, const struct ipfw_iommu_tail *tail,
			     struct ipfw_text *t);

#endif /* IPMMU_IPMMU_H */
