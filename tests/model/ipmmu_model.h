/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Behavioural model of the Renesas IPMMU-VMSA: the test oracle the driver
 * (src/ipmmu) is checked against. Written from the facts document
 * (docs/ipmmu-vmsa.md) only, never from src/, so that a misunderstanding shared
 * by both cannot pass.
 *
 * One struct ipfw_model holds a root IPMMU-MM and its cache IPMMUs (or
 * several independent roots). Tests program it through the MMIO seam
 * (ipfw_model_attach() claims one bus window per instance) and ask what a
 * master's access would do with ipfw_model_translate(); table walks read
 * "physical memory" through a caller callback.
 *
 * Freestanding C11 (stdint/stddef/stdbool only, no heap, no stdio): the
 * same sources can serve the IPMMU windows from a board image.
 *
 * Modelling choices where the facts are silent or disagree are listed at
 * each field or function below and in tests/model/README.md.
 */
#ifndef IPFW_TESTS_IPMMU_MODEL_H
#define IPFW_TESTS_IPMMU_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IPFW_MODEL_MAX_INSTANCES 20 /* H3 has 17 IPMMUs */
#define IPFW_MODEL_MAX_CTX 16
#define IPFW_MODEL_MAX_UTLB 64
#define IPFW_MODEL_TLB_MAX 4 /* cached walks per root context */
#define IPFW_MODEL_RAM_MAX_REGIONS 8

/* Model error codes (negative; same values as IPFW_E_INVAL/-NOSPACE/-RANGE). */
#define IPFW_MODEL_EINVAL (-1)
#define IPFW_MODEL_ERANGE (-3)
#define IPFW_MODEL_ENOSPACE (-4)

/* ------------------------------------------------------------ register bits */
/* Context registers, offsets inside a context block (docs/ipmmu-vmsa.md 2.1). */
#define IPFW_MODEL_IMCTR 0x00u
#define IPFW_MODEL_IMTTBCR 0x08u
#define IPFW_MODEL_IMBUSCR 0x0Cu
#define IPFW_MODEL_IMTTLBR0 0x10u
#define IPFW_MODEL_IMTTUBR0 0x14u
#define IPFW_MODEL_IMTTLBR1 0x18u
#define IPFW_MODEL_IMTTUBR1 0x1Cu
#define IPFW_MODEL_IMSTR 0x20u
#define IPFW_MODEL_IMMAIR0 0x28u
#define IPFW_MODEL_IMMAIR1 0x2Cu
#define IPFW_MODEL_IMELAR 0x30u
#define IPFW_MODEL_IMEUAR 0x34u
#define IPFW_MODEL_CTX_REGS_SIZE 0x40u

#define IPFW_MODEL_IMCTR_MMUEN (1u << 0)
#define IPFW_MODEL_IMCTR_FLUSH (1u << 1)
#define IPFW_MODEL_IMCTR_INTEN (1u << 2)

#define IPFW_MODEL_IMTTBCR_EAE (1u << 31)
#define IPFW_MODEL_IMTTBCR_PMB (1u << 30)
#define IPFW_MODEL_IMTTBCR_SL0_SHIFT 6
#define IPFW_MODEL_IMTTBCR_SL0_MASK (3u << 6)
#define IPFW_MODEL_IMTTBCR_TSZ0_MASK 0x3Fu

#define IPFW_MODEL_IMSTR_TF (1u << 0)
#define IPFW_MODEL_IMSTR_PF (1u << 1)
#define IPFW_MODEL_IMSTR_ABORT (1u << 2)
#define IPFW_MODEL_IMSTR_MHIT (1u << 4)
#define IPFW_MODEL_IMSTR_FAULTS 0x17u
#define IPFW_MODEL_IMSTR_ERRCODE_SHIFT 8
#define IPFW_MODEL_IMSTR_ERRCODE_MASK (7u << 8)
#define IPFW_MODEL_IMSTR_ERRLVL_SHIFT 12
#define IPFW_MODEL_IMSTR_ERRLVL_MASK (3u << 12)
/* ERRCODE values. 1/4/5 are from the facts (L14); 0 is the model's choice
 * for a plain translation fault (invalid descriptor, out-of-range input). */
#define IPFW_MODEL_ERRCODE_NONE 0u
#define IPFW_MODEL_ERRCODE_FORMAT 1u
#define IPFW_MODEL_ERRCODE_PERM 4u
#define IPFW_MODEL_ERRCODE_SECURE 5u

/* IPMMU-wide registers (offsets from the instance base, 2.2). */
#define IPFW_MODEL_IMUCTR_LO 0x300u  /* IMUCTR(n) = +16n, n < 32 */
#define IPFW_MODEL_IMUCTR_HI 0x600u  /* IMUCTR(n) = +16(n-32), n >= 32 */
#define IPFW_MODEL_IMUASID_OFF 0x8u  /* IMUASID(n) = IMUCTR(n) + 8 */
#define IPFW_MODEL_IMSCTLR 0x500u    /* + control base */
#define IPFW_MODEL_IMSAUXCTLR 0x504u /* + control base */

#define IPFW_MODEL_IMUCTR_MMUEN (1u << 0)
#define IPFW_MODEL_IMUCTR_FLUSH (1u << 1)
#define IPFW_MODEL_IMUCTR_TTSEL_SHIFT 4
#define IPFW_MODEL_IMSCTLR_USE_SECGRP (1u << 28)
#define IPFW_MODEL_IMSAUXCTLR_S2PTE (1u << 3)

/* --------------------------------------------------------------- config */
enum ipfw_model_gen {
	IPFW_MODEL_GEN3 = 3, /* R-Car Gen3 / RZ/G2: 8 contexts, 48 uTLBs */
	IPFW_MODEL_GEN4 = 4, /* R-Car Gen4: 16 contexts, 64 uTLBs */
};

/* IMCTR/IMUCTR FLUSH that never self-clears (flush timeout tests). */
#define IPFW_MODEL_FLUSH_NEVER UINT32_MAX

/* Physical memory for table walks: return 0 and *val, or non-zero when
 * nothing answers at pa (the walk then ends in an ABORT fault). */
typedef int (*ipfw_model_read64_fn)(void *ctx, uint64_t pa, uint64_t *val);

/*
 * Everything a test may tune. ipfw_model_init() fills in the defaults;
 * change fields afterwards, then call ipfw_model_reset() if instances
 * already exist (reset values are applied when an instance is added or
 * reset).
 */
struct ipfw_model_config {
	enum ipfw_model_gen gen;
	/* Derived from gen by ipfw_model_init(); exposed for tests. */
	unsigned int num_ctx, num_utlb;
	uint32_t ttsel_mask;                   /* 0xF0 (Gen3) or 0x1F0 (Gen4) */
	uint32_t ctx_base, ctx_stride;         /* 0/0x40 or 0x10000/0x1040 */
	uint32_t utlb_base, ctrl_base, window; /* window: 0x1000 or 0x20000 */

	/* Reads of an IMCTR (or IMUCTR) that still see FLUSH set after a write
	 * with FLUSH; the next read sees it clear. Default 3;
	 * IPFW_MODEL_FLUSH_NEVER keeps it set for ever. */
	uint32_t flush_reads;
	/* IMCTR bit that selects the VMSAv8-64 (VA64) mode on the root: 29 per
	 * Xen (default) or 28 per the CR7 loader (docs/ipmmu-vmsa.md 2.1, 9.13). */
	unsigned int va64_bit;
	/* Reset IMUCTR TTSEL field value ("stale garbage", pitfall 14). Default
	 * 0xE (Gen3) / 0x1E (Gen4): ORing any valid context into it changes it. */
	uint32_t imuctr_reset_ttsel;
	/* Reset IMSCTLR (undefined on hardware): default USE_SECGRP set. */
	uint32_t imsctlr_reset;
	/* USE_SECGRP still set on the cache or the root: false (default) =
	 * the access is DROPPED with no status anywhere ("DMA transfers fail"),
	 * true = PF with ERRCODE 5 recorded in the root context. */
	bool secgrp_faults;
	/* Cache or root IMCTR(ctx).MMUEN clear for an enabled uTLB:
	 * true (default) = BYPASS (an MMU that is off does not translate);
	 * false = DROPPED. */
	bool ctx_off_bypasses;
	/* Stage-1 AP[1] (bit 6): false (default) = device accesses are
	 * privileged, so bit 6 does not matter (MMNGR's AP=0 blocks work on
	 * hardware); true = unprivileged, bit 6 clear is a permission fault. */
	bool s1_unprivileged;
	/* Completed walks cached per root context (0..IPFW_MODEL_TLB_MAX);
	 * only a FLUSH written to the root's IMCTR(ctx) drops them. Default 4. */
	unsigned int tlb_entries;

	ipfw_model_read64_fn read64;
	void *read64_ctx;
};

/* ---------------------------------------------------------------- state */
struct ipfw_model;

struct ipfw_model_ctx_regs {
	uint32_t imctr, imttbcr, imbuscr, imttlbr0, imttubr0, imttlbr1, imttubr1;
	uint32_t imstr, immair0, immair1, imelar, imeuar;
	uint32_t flush_pending; /* reads left that still see IMCTR.FLUSH */
};

struct ipfw_model_tlb_entry {
	bool valid;
	uint64_t va, size, pa, desc;
	unsigned int level;
};

struct ipfw_model_instance {
	struct ipfw_model *model;
	const char *name; /* not copied: must outlive the model */
	uintptr_t base;
	int root; /* index of the root instance; its own index for a root */
	struct ipfw_model_ctx_regs ctx[IPFW_MODEL_MAX_CTX];
	uint32_t imuctr[IPFW_MODEL_MAX_UTLB], imuasid[IPFW_MODEL_MAX_UTLB];
	uint32_t imuctr_flush_pending[IPFW_MODEL_MAX_UTLB];
	uint32_t imsctlr, imsauxctlr;
	struct ipfw_model_tlb_entry tlb[IPFW_MODEL_MAX_CTX][IPFW_MODEL_TLB_MAX];
	unsigned int tlb_next[IPFW_MODEL_MAX_CTX];
	/* Accesses to offsets that are no register of this instance. */
	unsigned long unknown_reads, unknown_writes;
	/* Writes to read-only registers (IMELAR, IMEUAR), ignored. */
	unsigned long ro_writes;
};

struct ipfw_model {
	struct ipfw_model_config cfg;
	struct ipfw_model_instance inst[IPFW_MODEL_MAX_INSTANCES];
	unsigned int num_inst;
	unsigned long unknown_accesses; /* over all instances */
	uintptr_t last_unknown_addr;    /* absolute address of the latest one */
	unsigned long walks;            /* table walks performed (TLB misses) */
};

/* ------------------------------------------------------------------ API */
/* Defaults for gen; no instances. Returns 0 or IPFW_MODEL_EINVAL. */
int ipfw_model_init(struct ipfw_model *m, enum ipfw_model_gen gen);
/* Where table walks read physical memory. */
void ipfw_model_set_memory(struct ipfw_model *m, ipfw_model_read64_fn fn, void *ctx);
/*
 * Add an IPMMU at base. root < 0: it is a root (it holds the context
 * registers; a master behind it is translated by itself, as on Gen2);
 * otherwise root is the index of an earlier root instance. Returns the new
 * index, IPFW_MODEL_ENOSPACE or IPFW_MODEL_EINVAL (bad root, overlapping
 * window, NULL name).
 */
int ipfw_model_add_instance(struct ipfw_model *m, const char *name, uintptr_t base, int root);
/* Power-on state for every instance (keeps instances and config). */
void ipfw_model_reset(struct ipfw_model *m);
/* Claim one window per instance on the test bus (tests/support/mmio_bus.h).
 * Returns 0, or -1 when the bus refuses a window. Host tests only. */
int ipfw_model_attach(struct ipfw_model *m);

/* Register accesses by instance and offset (what the bus window calls). */
uint32_t ipfw_model_read32(struct ipfw_model *m, unsigned int inst, uint32_t off);
void ipfw_model_write32(struct ipfw_model *m, unsigned int inst, uint32_t off, uint32_t val);
/* The same with the signature of a bus device (ctx = the instance). */
uint32_t ipfw_model_dev_read(void *ctx, uintptr_t off);
void ipfw_model_dev_write(void *ctx, uintptr_t off, uint32_t val);
/* Instance whose window holds addr, or -1; *off gets the offset. */
int ipfw_model_find(const struct ipfw_model *m, uintptr_t addr, uint32_t *off);

/* Absolute addresses of registers (for tests and traces). */
uintptr_t ipfw_model_ctx_addr(const struct ipfw_model *m, unsigned int inst, unsigned int ctx,
			      uint32_t reg);
uintptr_t ipfw_model_imuctr_addr(const struct ipfw_model *m, unsigned int inst, unsigned int utlb);
uintptr_t ipfw_model_imuasid_addr(const struct ipfw_model *m, unsigned int inst,
				  unsigned int utlb);
uintptr_t ipfw_model_ctrl_addr(const struct ipfw_model *m, unsigned int inst, uint32_t reg);

/* ---------------------------------------------------------- translation */
enum ipfw_model_outcome {
	IPFW_MODEL_TRANSLATED, /* result.pa is where the access lands */
	IPFW_MODEL_BYPASS,     /* not translated: lands at the master's address */
	IPFW_MODEL_FAULT,      /* refused; recorded in the root context's IMSTR */
	IPFW_MODEL_DROPPED,    /* refused with no status anywhere */
};

enum ipfw_model_reason {
	IPFW_MODEL_R_OK,
	IPFW_MODEL_R_UTLB_OFF,      /* BYPASS: IMUCTR.MMUEN clear */
	IPFW_MODEL_R_CACHE_CTX_OFF, /* cache IMCTR(ctx).MMUEN clear */
	IPFW_MODEL_R_ROOT_CTX_OFF,  /* root IMCTR(ctx).MMUEN clear */
	IPFW_MODEL_R_TTSEL_RANGE,   /* DROPPED: TTSEL names no context */
	IPFW_MODEL_R_SECGRP,        /* IMSCTLR.USE_SECGRP set (pitfall 4) */
	IPFW_MODEL_R_CONFIG,        /* TF/FORMAT: EAE, SL0, TSZ0, mode */
	IPFW_MODEL_R_INPUT_RANGE,   /* TF: IOVA beyond the input size */
	IPFW_MODEL_R_INVALID,       /* TF: descriptor bit 0 clear */
	IPFW_MODEL_R_RESERVED,      /* TF/FORMAT: type 1 at level 3 */
	IPFW_MODEL_R_ADDR_SIZE,     /* TF/FORMAT: output above 40 bits */
	IPFW_MODEL_R_MISALIGNED,    /* TF/FORMAT: block address not aligned */
	IPFW_MODEL_R_AF,            /* TF: access flag clear */
	IPFW_MODEL_R_NSTABLE,       /* PF/SECURE: table without NSTable */
	IPFW_MODEL_R_NS,            /* PF/SECURE: leaf without NS */
	IPFW_MODEL_R_PERM_WRITE,    /* PF/PERM: write to read-only */
	IPFW_MODEL_R_PERM_READ,     /* PF/PERM: S2 read not allowed */
	IPFW_MODEL_R_PERM_UNPRIV,   /* PF/PERM: S1 AP[1] clear, unprivileged */
	IPFW_MODEL_R_ABORT,         /* ABORT: walk read refused */
};

struct ipfw_model_result {
	enum ipfw_model_outcome outcome;
	enum ipfw_model_reason reason;
	uint64_t pa;          /* TRANSLATED or BYPASS */
	unsigned int ctx;     /* TTSEL of the uTLB (when enabled) */
	unsigned int level;   /* leaf level, or the level that faulted */
	uint64_t desc;        /* leaf descriptor (TRANSLATED) */
	uint64_t block_size;  /* 4K, 2M or 1G (TRANSLATED) */
	uint8_t attr;         /* S1: IMMAIR byte for AttrIndx; S2: MemAttr[3:0] */
	bool stage2;          /* S2-40 format was used */
	bool tlb_hit;         /* served from the model's TLB, no walk */
	uint32_t imstr;       /* FAULT: the IMSTR value this access reported */
};

/*
 * What an access by the master on uTLB `utlb` of instance `inst` to `iova`
 * does. Faults are recorded in the root's IMSTR/IMELAR/IMEUAR for the
 * context: status bits accumulate, ERRCODE/ERRLVL/address are those of the
 * first fault since IMSTR was last cleared. Returns the outcome (>= 0) or
 * IPFW_MODEL_EINVAL / IPFW_MODEL_ERANGE for a bad instance or uTLB.
 */
int ipfw_model_translate(struct ipfw_model *m, unsigned int inst, unsigned int utlb,
			 uint64_t iova, bool is_write, struct ipfw_model_result *res);

/* Record a fault as hardware would (e.g. MHIT, which the model cannot
 * produce by itself), for fault-handler tests. */
int ipfw_model_inject_fault(struct ipfw_model *m, unsigned int root, unsigned int ctx,
			    uint32_t status, uint64_t addr);
/* The root's interrupt line: some context has INTEN and a fault bit. */
bool ipfw_model_irq_pending(const struct ipfw_model *m, unsigned int root);

const char *ipfw_model_outcome_name(enum ipfw_model_outcome o);
const char *ipfw_model_reason_name(enum ipfw_model_reason r);

/* -------------------------------------------------------------- tracing */
/*
 * Name the register at absolute address addr into buf (always
 * NUL-terminated when len > 0): "ipmmu_ds1 IMUCTR(32)", "ipmmu_mm IMCTR(1)",
 * "ipmmu_mm IMSCTLR", "ipmmu_mm +0x0a24" for an offset that is no
 * register, "0xe6000000" outside every window. Returns the length of the
 * full name (snprintf style; >= len means truncated), or
 * IPFW_MODEL_EINVAL for a NULL model.
 */
int ipfw_model_regname(const struct ipfw_model *m, uintptr_t addr, char *buf, size_t len);

/* --------------------------------------------------- physical memory */
/* A ready-made read64 backend: PA ranges backed by caller buffers. */
struct ipfw_model_ram {
	struct {
		uint64_t pa;
		size_t size;
		const void *mem;
	} region[IPFW_MODEL_RAM_MAX_REGIONS];
	unsigned int count;
};

void ipfw_model_ram_init(struct ipfw_model_ram *ram);
/* Back [pa, pa+size) with mem (8-byte aligned, host byte order, the
 * descriptors as uint64_t). Returns 0, IPFW_MODEL_ENOSPACE or EINVAL. */
int ipfw_model_ram_add(struct ipfw_model_ram *ram, uint64_t pa, const void *mem, size_t size);
/* ipfw_model_read64_fn over a struct ipfw_model_ram (ctx). */
int ipfw_model_ram_read64(void *ctx, uint64_t pa, uint64_t *val);

#endif /* IPFW_TESTS_IPMMU_MODEL_H */
