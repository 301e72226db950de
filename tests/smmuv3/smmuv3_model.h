/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Behavioural SMMUv3 model: the oracle tests/smmuv3 checks the driver
 * against. Written from the architecture (Arm IHI 0070, "SMMUv3
 * architecture specification": register formats, STE/CD formats, the
 * command and event queues, the AArch64 stage-1 walk), never from
 * src/smmuv3. What it models and what it leaves out: README.md here.
 *
 * Memory: the test registers windows of host memory at bus addresses it
 * chooses (below 2^40, as a 40-bit system would have them); the model
 * reads and writes only there (anything else is an external abort:
 * F_STE_FETCH, F_CD_FETCH, F_WALK_EABT, GERROR.EVENTQ_ABT_ERR).
 */
#ifndef SMMUV3_MODEL_H
#define SMMUV3_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SM_WINDOW 0x20000u /* two 64 KiB register pages */
#define SM_MAX_RAM 8
#define SM_CACHE 8
#define SM_LOG 512

enum sm_outcome {
	SM_TRANSLATED, /* pa valid */
	SM_BYPASS,     /* pa = iova */
	SM_ABORT,      /* terminated; an event may have been recorded */
};

struct sm_cmd {
	uint8_t op;
	uint32_t sid;
	uint16_t asid;
	uint32_t range; /* CFGI_STE_RANGE */
};

struct sm_cached {
	bool valid;      /* the slot is in use */
	bool ste_valid;
	uint32_t sid;
	uint64_t ste[8];
	uint64_t cd[8];
	bool cd_valid;
};

struct smmuv3_model {
	uintptr_t base;
	/* ID registers (QEMU 7.2's by default) */
	uint32_t idr0, idr1, idr5;
	/* control */
	uint32_t cr0, cr0ack, cr1, cr2, gbpa, irq_ctrl, gerror, gerrorn;
	uint64_t strtab_base;
	uint32_t strtab_cfg;
	uint64_t cmdq_base, evtq_base;
	uint32_t cmdq_prod, cmdq_cons, evtq_prod, evtq_cons;
	/* behaviour knobs */
	bool gbpa_raz;        /* GBPA not implemented: reads as zero (QEMU 7.2) */
	bool cr0ack_stuck;    /* CR0ACK never follows CR0 */
	uint8_t illegal_op;   /* treat this opcode as CERROR_ILL (0: none) */
	/* configuration cache: STE and CD copies, dropped by CFGI_* */
	struct sm_cached cache[SM_CACHE];
	unsigned int cache_next;
	/* every command executed, in order */
	struct sm_cmd log[SM_LOG];
	unsigned int nlog;
	unsigned int syncs;
	unsigned int events;  /* records written */
	unsigned int lost;    /* records dropped (queue full or disabled) */
	struct {
		uint64_t pa;
		uint8_t *cpu;
		size_t size;
	} ram[SM_MAX_RAM];
	unsigned int nram;
};

/* QEMU 7.2's ID registers (IDR0 0x0d40101a, IDR1 0x02730010, IDR5 0x74). */
void sm_init(struct smmuv3_model *m, uintptr_t base);
/* Let the SMMU read and write [cpu, cpu + size) at bus address pa. */
int sm_add_ram(struct smmuv3_model *m, uint64_t pa, void *cpu, size_t size);
/* Claim the register window on the test bus. */
int sm_attach(struct smmuv3_model *m);

uint32_t sm_read32(struct smmuv3_model *m, uint32_t off);
void sm_write32(struct smmuv3_model *m, uint32_t off, uint32_t val);

/* One transaction from StreamID sid (unprivileged data, no SubstreamID). */
enum sm_outcome sm_translate(struct smmuv3_model *m, uint32_t sid, uint64_t iova, bool write,
			     uint64_t *pa);

/* The i-th event record in the queue memory (0 = oldest not consumed). */
bool sm_event_peek(const struct smmuv3_model *m, unsigned int i, uint64_t rec[4]);

/* Commands of one opcode in the log (optionally for one StreamID, -1: any). */
unsigned int sm_count_cmds(const struct smmuv3_model *m, uint8_t op, int64_t sid);

#endif
