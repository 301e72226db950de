/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The small SMMUv3 that the driver, flow and boot suites drive: its
 * memory (32 STEs, 8 commands, 4 events, 4 CDs, a pool of 8 tables) at
 * fixed bus addresses below 2^40, each aligned to its size, registered
 * with the behavioural model. Include after <cmocka.h>; one suite per
 * executable, so each has its own copy of the arrays.
 */
#ifndef IPFW_TESTS_SMMUV3_RIG_H
#define IPFW_TESTS_SMMUV3_RIG_H

#include <stdint.h>
#include <string.h>

#include <ipmmu/smmuv3.h>

#include "mmio_bus.h"
#include "smmuv3_model.h"

#define RIG_BASE 0x09050000u
#define PA_STRTAB 0x40000000ull /* 32 STEs = 2 KiB */
#define PA_CMDQ 0x40001000ull   /* 8 commands */
#define PA_EVTQ 0x40002000ull   /* 4 events */
#define PA_CDS 0x40003000ull    /* 4 CDs */
#define PA_POOL 0x40010000ull   /* 8 tables */
#define POOL_TABLES 8
#define PA_DATA 0x48000000ull /* what the tables map to (never dereferenced) */

static uint64_t strtab[32 * 8] __attribute__((aligned(2048)));
static uint64_t cmdq[8 * 2] __attribute__((aligned(128)));
static uint64_t evtq[4 * 4] __attribute__((aligned(128)));
static uint64_t cds[4 * 8] __attribute__((aligned(64)));
static uint64_t pool[POOL_TABLES][512] __attribute__((aligned(8192)));

/* A fresh bus and model with the rig's memory: the stream table full of
 * garbage the driver must overwrite, everything else zero. */
static inline void rig_attach(struct smmuv3_model *m)
{
	memset(strtab, 0xA5, sizeof(strtab));
	memset(cmdq, 0, sizeof(cmdq));
	memset(evtq, 0, sizeof(evtq));
	memset(cds, 0, sizeof(cds));
	memset(pool, 0, sizeof(pool));
	ipfw_bus_reset();
	sm_init(m, RIG_BASE);
	sm_add_ram(m, PA_STRTAB, strtab, sizeof(strtab));
	sm_add_ram(m, PA_CMDQ, cmdq, sizeof(cmdq));
	sm_add_ram(m, PA_EVTQ, evtq, sizeof(evtq));
	sm_add_ram(m, PA_CDS, cds, sizeof(cds));
	sm_add_ram(m, PA_POOL, pool, sizeof(pool));
	assert_int_equal(sm_attach(m), 0);
}

/* The rig's memory for the driver, with a stream table of 2^sid_bits
 * entries (at most 5: 32). */
static inline struct ipfw_smmuv3_mem rig_mem(unsigned int sid_bits)
{
	return (struct ipfw_smmuv3_mem){
		.strtab = strtab, .strtab_pa = PA_STRTAB, .sid_bits = sid_bits,
		.cmdq = cmdq, .cmdq_pa = PA_CMDQ, .cmdq_log2 = 3,
		.evtq = evtq, .evtq_pa = PA_EVTQ, .evtq_log2 = 2,
		.cds = cds, .cds_pa = PA_CDS, .ncds = 4,
	};
}

#endif
