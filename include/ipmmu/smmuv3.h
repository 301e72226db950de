/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Arm SMMUv3 driver for early firmware: stage 1 with AArch64 tables,
 * a linear or 2-level stream table, one context descriptor per domain, command and
 * event queues, all in caller memory (no heap, no hidden state).
 *
 * Default deny: ipfw_smmuv3_init() sets GBPA to abort, writes every STE as
 * valid with Config = abort, then enables the SMMU. A StreamID translates
 * only after ipfw_smmuv3_attach(); it bypasses only after an explicit
 * ipfw_smmuv3_bypass(). StreamIDs beyond the stream table, or in a span
 * of a 2-level table that has no level-2 table yet, abort (C_BAD_STREAMID).
 *
 * The interface a driver-agnostic boot flow needs (docs/smmuv3.md):
 *   domain_init  tables (struct ipfw_lpae_ctx, S1-32) -> a domain (a CD);
 *   attach       StreamID -> domain, then CFGI_STE + CMD_SYNC, read back;
 *   is_live      read back, at that moment, that the StreamID's STE is
 *                valid, translating through the domain, synchronised,
 *                and the SMMU enabled without errors (the release gate);
 *   abort        StreamID -> aborting STE (detach, deny);
 *   events       decoded fault records (StreamID, address, kind).
 *
 * Memory the SMMU reads (stream table, CDs, queues) must be visible to it:
 * a dma-coherent SMMU (IDR0.COHACC and the DT's dma-coherent) or memory
 * the board maps non-cacheable; the clean hook is called for every
 * structure written, as for page tables.
 */
#ifndef IPMMU_SMMUV3_H
#define IPMMU_SMMUV3_H

#include <ipmmu/types.h>

#include <ipmmu/config.h>
#include <ipmmu/iommu.h>
#include <ipmmu/lpae.h>
#include <ipmmu/mmio.h>

/* Sizes and alignment of caller memory (bytes). */
#define IPFW_SMMUV3_STE_SIZE 64u
#define IPFW_SMMUV3_CD_SIZE 64u
#define IPFW_SMMUV3_CMD_SIZE 16u
#define IPFW_SMMUV3_EVT_SIZE 32u

/*
 * Caller memory, as (cpu pointer, bus address):
 *   strtab: split 0 (linear): 2^sid_bits STEs, aligned to its own size
 *           (64 << sid_bits): the SMMU ignores the low address bits, so a
 *           misaligned table is read from the wrong place (C_BAD_STE);
 *           split 6, 8 or 10 (2-level, IDR0.ST_LEVEL): 2^(sid_bits - split)
 *           level-1 descriptors of 8 bytes, aligned to their size (at
 *           least 64), and l2: nl2 level-2 tables of 2^split STEs, each
 *           aligned to its size (64 << split), handed out as StreamIDs of
 *           a new span are first written. A span without one aborts
 *           (C_BAD_STREAMID);
 *   cmdq:   2^cmdq_log2 commands (16 B each, at least 4: the driver
 *           issues up to two commands and a CMD_SYNC at once), aligned to
 *           its size;
 *   evtq:   2^evtq_log2 events (32 B each), aligned to its size;
 *   cds:    ncds context descriptors (64 B each), 64-byte aligned.
 */
struct ipfw_smmuv3_mem {
	void *strtab;
	uint64_t strtab_pa;
	uint32_t sid_bits;
	uint32_t split;       /* 0: linear stream table; 6, 8, 10: 2-level */
	void *l2;
	uint64_t l2_pa;
	uint32_t nl2;
	void *cmdq;
	uint64_t cmdq_pa;
	uint32_t cmdq_log2;
	void *evtq;
	uint64_t evtq_pa;
	uint32_t evtq_log2;
	void *cds;
	uint64_t cds_pa;
	uint32_t ncds;
};

/* What the ID registers say (probe). */
struct ipfw_smmuv3_features {
	uint32_t idr0, idr1, idr5;
	bool s1, s2;          /* stage 1 / stage 2 translation */
	bool aa64;            /* AArch64 table format */
	bool coherent;        /* IDR0.COHACC: coherent table walks and queues */
	bool two_level;       /* 2-level stream tables */
	bool asid16;
	uint32_t sid_bits;    /* IDR1.SIDSIZE */
	uint32_t cmdq_log2;   /* largest command queue */
	uint32_t evtq_log2;   /* largest event queue */
	uint32_t oas_bits;    /* IDR5.OAS */
	bool gran4k;
};

/* Where the last error was found: register or structure, StreamID, and
 * the value wanted and read (for IPFW_E_READBACK, _SMMU_STE, _SMMU_CD,
 * _SMMU_CMDQ: want = the command's opcode, got = CMDQ_CONS.ERR). */
struct ipfw_smmuv3_diag {
	const char *what;
	uint32_t sid;
	uint64_t want, got;
};

struct ipfw_smmuv3 {
	uintptr_t base;
	struct ipfw_smmuv3_features feat;
	uint64_t *strtab;     /* STEs (linear) or level-1 descriptors */
	uint64_t strtab_pa;
	uint32_t sid_bits;
	uint32_t split;
	uint64_t *l2;
	uint64_t l2_pa;
	uint32_t nl2;
	uint32_t l2_used;
	uint64_t *cmdq;
	uint64_t cmdq_pa;
	uint32_t cmdq_log2;
	uint32_t cmdq_prod;   /* index with the wrap bit */
	uint64_t *evtq;
	uint64_t evtq_pa;
	uint32_t evtq_log2;
	uint32_t evtq_cons;
	uint64_t *cds;
	uint64_t cds_pa;
	uint32_t ncds;
	uint32_t cds_used;
	uint32_t syncs;       /* CMD_SYNCs that completed */
	bool enabled;
	bool gbpa_abort;      /* GBPA.ABORT read back set: aborts while SMMUEN is 0 */
	bool broken;          /* a command failed: nothing counts as live */
	struct ipfw_poll_limit limit;
	struct ipfw_delay delay;
	ipfw_lpae_clean_fn *clean;
	void *clean_arg;
	struct ipfw_smmuv3_diag diag;
};

/* A translation domain: one CD with the tables' registers and an ASID. */
struct ipfw_smmuv3_domain {
	uint32_t cd;          /* index into mem.cds */
	uint64_t cd_pa;
	uint64_t ttb;
	uint16_t asid;
};

/* Read the ID registers. IPFW_E_SMMU_FEATURE when stage 1, AArch64
 * tables, little-endian walks or the 4 KiB granule are missing. */
int ipfw_smmuv3_probe(uintptr_t base, struct ipfw_smmuv3_features *feat);

/*
 * Probe, then bring the SMMU up default-deny: SMMUEN off (CR0ACK), GBPA
 * abort (s->gbpa_abort says whether it read back: if not, the SMMU may
 * bypass while disabled, so masters must stay held until this returns),
 * every STE abort, CR1/CR2, stream table and queues (read back),
 * queues on, CFGI_ALL + TLBI_NSNH_ALL + CMD_SYNC, SMMUEN on (CR0ACK).
 * limit/delay bound every poll; clean (may be NULL) gets every structure
 * written. Errors: IPFW_E_INVAL (memory sizes or alignment, sid_bits
 * beyond IDR1.SIDSIZE, queues beyond IDR1), IPFW_E_SMMU_FEATURE,
 * IPFW_E_TIMEOUT (CR0ACK, GBPA.UPDATE, a queue), IPFW_E_READBACK,
 * IPFW_E_SMMU_CMDQ; s->diag says where.
 */
int ipfw_smmuv3_init(struct ipfw_smmuv3 *s, uintptr_t base, const struct ipfw_smmuv3_mem *mem,
		     const struct ipfw_poll_limit *limit, const struct ipfw_delay *delay,
		     ipfw_lpae_clean_fn *clean, void *clean_arg);

/*
 * A domain for S1-32 tables (walked as AArch64 stage 1, T0SZ 32, 4 KiB
 * granule, start level 1): takes the next free CD and fills it from
 * ipfw_lpae_regs(): TTB0, T0SZ, IR0/OR0/SH0 (the tables' walk
 * attributes), MAIR, IPS; EPD1, AA64, R (record faults), A (abort), ASET,
 * the ASID; then reads it back. Errors: IPFW_E_FORMAT (not S1-32),
 * IPFW_E_NOSPACE (no CD left), IPFW_E_RANGE (ASID beyond 8 bits without
 * IDR0.ASID16, tables beyond IDR5.OAS), IPFW_E_SMMU_CD.
 */
int ipfw_smmuv3_domain_init(struct ipfw_smmuv3 *s, struct ipfw_smmuv3_domain *d,
			    const struct ipfw_lpae_ctx *tables, uint16_t asid);
/* The same from the tables' register values (ipfw_lpae_regs), as the boot
 * flow has them. */
int ipfw_smmuv3_domain_from_regs(struct ipfw_smmuv3 *s, struct ipfw_smmuv3_domain *d,
				 const struct ipfw_lpae_regs *regs, uint16_t asid);

/* StreamID sid translates through d: STE Config = S1 translate, then
 * CFGI_STE + CFGI_CD + CMD_SYNC, then read back. A 2-level table first gets a
 * level-2 table for sid's span (every STE abort, then the level-1
 * descriptor, CFGI_STE_RANGE + CMD_SYNC). IPFW_E_SMMU_SID, _SMMU_STE,
 * _SMMU_CMDQ, IPFW_E_TIMEOUT, IPFW_E_NOSPACE (no level-2 table left). */
int ipfw_smmuv3_attach(struct ipfw_smmuv3 *s, const struct ipfw_smmuv3_domain *d, uint32_t sid);

/* Detach / deny: STE Config = abort, CFGI_STE + CMD_SYNC, read back. */
int ipfw_smmuv3_abort(struct ipfw_smmuv3 *s, uint32_t sid);

/* Explicit opt-in only: STE Config = bypass. */
int ipfw_smmuv3_bypass(struct ipfw_smmuv3 *s, uint32_t sid);

/* After changing a domain's tables: TLBI_NH_ASID + CMD_SYNC. */
int ipfw_smmuv3_tlbi_asid(struct ipfw_smmuv3 *s, uint16_t asid);

/* What a StreamID's STE says, read back from the stream table. */
enum ipfw_smmuv3_ste_kind {
	IPFW_SMMUV3_STE_INVALID,   /* V = 0, or no level-2 table for it */
	IPFW_SMMUV3_STE_ABORT,
	IPFW_SMMUV3_STE_BYPASS,
	IPFW_SMMUV3_STE_TRANSLATE, /* stage 1 */
	IPFW_SMMUV3_STE_OTHER,     /* a configuration this driver never writes */
};
struct ipfw_smmuv3_ste_state {
	enum ipfw_smmuv3_ste_kind kind;
	uint64_t cd_pa;
	uint64_t ttb;              /* the CD's TTB0 (translate) */
	uint16_t asid;
};
int ipfw_smmuv3_ste_read(const struct ipfw_smmuv3 *s, uint32_t sid,
			 struct ipfw_smmuv3_ste_state *st);

/*
 * The release gate, read at this moment: IPFW_OK only if the SMMU is
 * enabled (CR0ACK.SMMUEN), no global error is active, no command has
 * failed, and sid's STE is valid, translating through d's CD with d's
 * tables and ASID (the CD valid), synchronised by a completed CMD_SYNC.
 * IPFW_E_NOTREADY otherwise (s->diag says what is missing).
 */
int ipfw_smmuv3_is_live(struct ipfw_smmuv3 *s, const struct ipfw_smmuv3_domain *d, uint32_t sid);

/* Event record, decoded (IHI 0070 chapter 7). */
#define IPFW_SMMUV3_EVT_F_UUT 0x01u
#define IPFW_SMMUV3_EVT_C_BAD_STREAMID 0x02u
#define IPFW_SMMUV3_EVT_F_STE_FETCH 0x03u
#define IPFW_SMMUV3_EVT_C_BAD_STE 0x04u
#define IPFW_SMMUV3_EVT_F_BAD_ATS_TREQ 0x05u
#define IPFW_SMMUV3_EVT_F_STREAM_DISABLED 0x06u
#define IPFW_SMMUV3_EVT_F_TRANSL_FORBIDDEN 0x07u
#define IPFW_SMMUV3_EVT_C_BAD_SUBSTREAMID 0x08u
#define IPFW_SMMUV3_EVT_F_CD_FETCH 0x09u
#define IPFW_SMMUV3_EVT_C_BAD_CD 0x0Au
#define IPFW_SMMUV3_EVT_F_WALK_EABT 0x0Bu
#define IPFW_SMMUV3_EVT_F_TRANSLATION 0x10u
#define IPFW_SMMUV3_EVT_F_ADDR_SIZE 0x11u
#define IPFW_SMMUV3_EVT_F_ACCESS 0x12u
#define IPFW_SMMUV3_EVT_F_PERMISSION 0x13u
#define IPFW_SMMUV3_EVT_F_TLB_CONFLICT 0x20u
#define IPFW_SMMUV3_EVT_F_CFG_CONFLICT 0x21u

struct ipfw_smmuv3_event {
	uint8_t type;
	uint32_t sid;
	bool ssv;
	uint32_t ssid;
	bool has_addr;   /* F_TRANSLATION, F_ADDR_SIZE, F_ACCESS, F_PERMISSION */
	uint64_t addr;   /* input address (IOVA) */
	bool read;       /* RnW */
	bool stage2;     /* S2 */
	uint64_t raw[4];
};

/* The next event: 1 and *ev filled, 0 when the queue is empty, or
 * IPFW_E_SMMU_EVENTQ once after an overflow (then the records follow). */
int ipfw_smmuv3_event_next(struct ipfw_smmuv3 *s, struct ipfw_smmuv3_event *ev);

/* "F_TRANSLATION" etc.; "EVT_?" for a type this driver does not name. */
const char *ipfw_smmuv3_event_name(uint8_t type);

/* One line: "F_TRANSLATION sid 0x8 iova 0x2000 write"; returns its
 * length or IPFW_E_NOSPACE when cut. */
int ipfw_smmuv3_event_format(const struct ipfw_smmuv3_event *ev, char *buf, size_t len);

/* Active global errors (GERROR ^ GERRORN, the bits above), acknowledged;
 * returns IPFW_E_SMMU_GERROR when any was active, else IPFW_OK. */
int ipfw_smmuv3_gerror(struct ipfw_smmuv3 *s, uint32_t *active);

/* ------------------------------------------------------------ boot flow */

/*
 * The SMMUv3 as the boot flow drives it (ipmmu/iommu.h): a board registers
 * { &ipfw_smmuv3_iommu_ops, &state, ipfw_smmuv3_iommu_report } for
 * IPFW_IOMMU_SMMUV3. It fills `mem` (the SMMU's memory), `limit` and the
 * clean hook; the rest is the driver's. One SMMUv3 instance per state
 * (a plan using two is IPFW_E_NOSPACE at init).
 *
 * init: ipfw_smmuv3_init of the used instance (every STE abort, SMMUEN);
 * domain_create: a CD from the tables' registers, ASID = the slot (the
 * domain number + 1 when the plan gives none); attach: STE translate
 * (ipfw_smmuv3_attach); detach: STE abort; domain_live: the CD was
 * written and read back; is_live: ipfw_smmuv3_is_live (SMMUEN, no global
 * error, STE valid and translating through the domain's CD, synchronised);
 * bypass: STE bypass; domain_destroy: every StreamID still attached to the
 * domain aborts (the CD itself is not reused).
 */
#ifndef IPFW_SMMUV3_FLOW_MAX_ATTACH
#define IPFW_SMMUV3_FLOW_MAX_ATTACH 64 /* StreamIDs attached at once */
#endif

struct ipfw_smmuv3_flow {
	/* the board's */
	struct ipfw_smmuv3_mem mem;
	struct ipfw_poll_limit limit;
	ipfw_lpae_clean_fn *clean;
	void *clean_arg;
	/* the driver's */
	struct ipfw_smmuv3 smmu;
	int16_t inst;                  /* flow instance it serves, -1 */
	bool dom_ok[IPFW_IOMMU_MAX_DOMAINS];
	struct ipfw_smmuv3_domain dom[IPFW_IOMMU_MAX_DOMAINS];
	uint32_t nattached;
	struct {
		uint32_t sid;
		uint16_t dom;
		uint16_t refs;
	} attached[IPFW_SMMUV3_FLOW_MAX_ATTACH];
};

extern const struct ipfw_iommu_ops ipfw_smmuv3_iommu_ops;

/* " asid N" after the domain's name; "smmuv3@9050000 sid 0x08,0x10" in the
 * endpoint column. */
void ipfw_smmuv3_iommu_report(const void *st, const struct ipfw_iommu_tail *tail,
			      struct ipfw_text *t);

/* Plan time: a node of this driver (its compatible list, NUL-separated
 * strings of len bytes, names arm,smmu-v3). */
bool ipfw_smmuv3_compatible(const char *compat, int len);

#if IPFW_CFG_REPORT
#define IPFW_SMMUV3_DRIVER(flow_state) {&ipfw_smmuv3_iommu_ops, (flow_state), ipfw_smmuv3_iommu_report}
#else
#define IPFW_SMMUV3_DRIVER(flow_state) {&ipfw_smmuv3_iommu_ops, (flow_state), NULL}
#endif

#endif /* IPMMU_SMMUV3_H */
