/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * S1-32 translation (what Linux programs), on an R-Car H3 topology.
 * Tables are written by hand from the descriptor bit tables
 * (docs/ipmmu-vmsa.md 4, docs/lpae-and-devicetree.md 1.1); the model is programmed
 * through the MMIO seam in Linux's order (docs/ipmmu-vmsa.md 5).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "model_fixture.h"

/*
 * Physical layout (all above 4 GiB, 40-bit):
 *   0x5_4000_1040  L1 pgd, 4 entries, only 64-byte aligned (as Linux)
 *   0x5_4000_2000  L2 for IOVA 0..1G
 *   0x5_4000_3000  L3 for IOVA 0..2M
 *   0x5_4000_4000  L2 reached through a table without NSTable
 *   0x7_0000_0000  nothing (walks there abort)
 */
#define PGD_PA 0x540001040ull
#define L2_PA 0x540002000ull
#define L3_PA 0x540003000ull
#define L2B_PA 0x540004000ull

static _Alignas(4096) uint64_t page1[512]; /* PA 0x5_4000_1000: the pgd at +0x40 */
static _Alignas(4096) uint64_t l2[512];
static _Alignas(4096) uint64_t l3[512];
static _Alignas(4096) uint64_t l2b[512];

/* Root context 1 on H3 (Gen3, ctx base 0x40). */
#define IMCTR1 (H3_MM + 0x40u)
#define IMTTBCR1 (H3_MM + 0x48u)
#define IMTTLBR0_1 (H3_MM + 0x50u)
#define IMTTUBR0_1 (H3_MM + 0x54u)
#define IMSTR1 (H3_MM + 0x60u)
#define IMMAIR0_1 (H3_MM + 0x68u)
#define IMELAR1 (H3_MM + 0x70u)
#define IMEUAR1 (H3_MM + 0x74u)
#define DS1_IMCTR1 (H3_DS1 + 0x40u)

#define DS1 2u /* model instance index of ipmmu_ds1 */

static void build_tables(void)
{
	for (int i = 0; i < 512; i++)
		page1[i] = l2[i] = l3[i] = l2b[i] = 0;
	/* pgd: index = IOVA[31:30] */
	page1[8 + 0] = 0x8000000540002003ull; /* table, NSTable -> L2 */
	page1[8 + 1] = 0x0000000080000E61ull; /* 1G block -> 0x8000_0000, RW */
	page1[8 + 2] = 0x0000000540004003ull; /* table WITHOUT NSTable */
	page1[8 + 3] = 0;                     /* invalid */
	/* L2: index = IOVA[29:21] */
	l2[0] = 0x8000000540003003ull;        /* table -> L3 */
	l2[1] = 0x0000000090000E61ull;        /* 2M block -> 0x9000_0000 */
	l2[2] = 0x0000000090200EE1ull;        /* 2M block, AP[2] read-only */
	l2[3] = 0x8000000700000003ull;        /* table at an unbacked PA */
	l2[5] = 0x0000000090300E61ull;        /* 2M block, PA not 2M aligned */
	/* L3: index = IOVA[20:12]; 0xE63 = page|NS|AP-unpriv|SH-OS|AF|nG */
	l3[0] = 0x0000000412345E63ull;        /* RW page */
	l3[1] = 0x0000000412346EE3ull;        /* read-only page */
	l3[2] = 0x0000000412347E43ull;        /* NS clear */
	l3[3] = 0x0000000412348A63ull;        /* AF clear */
	l3[4] = 0x0000000412349E61ull;        /* type 1 at level 3: reserved */
	l3[5] = 0x000000041234AE6Bull;        /* AttrIndx 2 (device) */
	l3[7] = 0x0000010412345E63ull;        /* output address bit 40 set */
	l3[8] = 0x000000041234BE23ull;        /* AP[1] clear (privileged only) */
	/* L2b: an NS leaf, reached only through the NSTable-less table. */
	l2b[0] = 0x00000000A0000E61ull;
}

static void map_memory(void)
{
	ipfw_model_ram_add(&fx_ram, 0x540001000ull, page1, sizeof(page1));
	ipfw_model_ram_add(&fx_ram, L2_PA, l2, sizeof(l2));
	ipfw_model_ram_add(&fx_ram, L3_PA, l3, sizeof(l3));
	ipfw_model_ram_add(&fx_ram, L2B_PA, l2b, sizeof(l2b));
}

/* docs/ipmmu-vmsa.md 5: setup_context on the root, then IMCTR cache-then-root. */
static void linux_setup_context1(void)
{
	wr(IMTTLBR0_1, (uint32_t)PGD_PA); /* mainline writes it unmasked */
	wr(IMTTUBR0_1, (uint32_t)(PGD_PA >> 32));
	wr(IMTTBCR1, 0x80000000u | (2u << 6)); /* EAE | SL0 = level 1 */
	wr(IMMAIR0_1, 0xF404FF44u);
	wr(IMSTR1, rd(IMSTR1));
	wr(DS1_IMCTR1, 0x7); /* INTEN | FLUSH | MMUEN */
	wr(IMCTR1, 0x7);
}

/* IMUASID(n) = 0, IMUCTR(n) = ctx<<4 | FLUSH | MMUEN (an overwrite). */
static void linux_enable_utlb(uintptr_t imuctr, unsigned int ctx)
{
	wr(imuctr + 8, 0);
	wr(imuctr, (ctx << 4) | 0x3);
}

static int h3_linux(void **state)
{
	(void)state;
	fx_setup(IPFW_MODEL_GEN3);
	build_tables();
	map_memory();
	/* USE_SECGRP cleared on every IPMMU, as Xen and the BSP do (9.4). */
	wr(H3_MM + 0x500, 0);
	wr(H3_DS0 + 0x500, 0);
	wr(H3_DS1 + 0x500, 0);
	linux_setup_context1();
	linux_enable_utlb(H3_DS1 + 0x300, 1);          /* uTLB 0 */
	linux_enable_utlb(H3_DS1 + 0x300 + 16 * 31, 1); /* uTLB 31 */
	linux_enable_utlb(H3_DS1 + 0x600, 1);          /* uTLB 32: SDHI0 */
	linux_enable_utlb(H3_DS1 + 0x600 + 16 * 15, 1); /* uTLB 47 */
	return 0;
}

static int xlate(unsigned int inst, unsigned int utlb, uint64_t iova, bool write,
		 struct ipfw_model_result *r)
{
	return ipfw_model_translate(&fx_model, inst, utlb, iova, write, r);
}

static void masters_on_utlb_0_31_32_47_translate_as_mapped(void **state)
{
	static const unsigned int utlbs[] = {0, 31, 32, 47};
	struct ipfw_model_result r;

	(void)state;
	for (unsigned int i = 0; i < 4; i++) {
		/* 4K page: L3[0] -> 0x4_1234_5000 */
		assert_int_equal(xlate(DS1, utlbs[i], 0x123, true, &r), IPFW_MODEL_TRANSLATED);
		assert_int_equal(r.pa, 0x412345123ull);
		assert_int_equal(r.level, 3);
		assert_int_equal(r.ctx, 1);
		/* 2M block: L2[1] -> 0x9000_0000 + 0x11_2345 */
		assert_int_equal(xlate(DS1, utlbs[i], 0x312345, false, &r), IPFW_MODEL_TRANSLATED);
		assert_int_equal(r.pa, 0x90112345ull);
		assert_int_equal(r.level, 2);
		/* 1G block: L1[1] -> 0x8000_0000 + 0x0567_89AB */
		assert_int_equal(xlate(DS1, utlbs[i], 0x456789AB, true, &r), IPFW_MODEL_TRANSLATED);
		assert_int_equal(r.pa, 0x856789ABull);
		assert_int_equal(r.level, 1);
		assert_int_equal(r.block_size, 0x40000000ull);
	}
	assert_int_equal(rd(IMSTR1), 0);
	assert_int_equal(fx_model.unknown_accesses, 0);
}

static void unmapped_iova_faults_with_tf_and_address(void **state)
{
	struct ipfw_model_result r;

	(void)state;
	assert_int_equal(xlate(DS1, 32, 0x6000, false, &r), IPFW_MODEL_FAULT);
	assert_int_equal(r.reason, IPFW_MODEL_R_INVALID);
	/* TF, ERRCODE 0, ERRLVL 3 */
	assert_int_equal(rd(IMSTR1), 0x3001);
	assert_int_equal(rd(IMELAR1), 0x6000);
	assert_int_equal(rd(IMEUAR1), 0);
	assert_true(ipfw_model_irq_pending(&fx_model, 0)); /* INTEN set */
}

struct fault_case {
	uint64_t iova;
	bool write;
	enum ipfw_model_reason reason;
	uint32_t imstr; /* TF 1, PF 2, ABORT 4 | ERRCODE << 8 | ERRLVL << 12 */
};

static void each_fault_sets_its_status_level_and_address(void **state)
{
	static const struct fault_case cases[] = {
		{0x00001ABC, true, IPFW_MODEL_R_PERM_WRITE, 0x3402},  /* RO page, write */
		{0x00400010, true, IPFW_MODEL_R_PERM_WRITE, 0x2402},  /* RO 2M block */
		{0x00002000, false, IPFW_MODEL_R_NS, 0x3502},         /* NS clear: secure */
		{0x80000000, false, IPFW_MODEL_R_NSTABLE, 0x1502},    /* NSTable clear */
		{0x00003000, false, IPFW_MODEL_R_AF, 0x3001},         /* AF clear */
		{0x00004000, false, IPFW_MODEL_R_RESERVED, 0x3101},   /* L3 type 1 */
		{0x00007000, false, IPFW_MODEL_R_ADDR_SIZE, 0x3101},  /* OA bit 40 */
		{0x00A00000, false, IPFW_MODEL_R_MISALIGNED, 0x2101}, /* 2M block at 1M */
		{0x00600000, false, IPFW_MODEL_R_ABORT, 0x3004},      /* L3 unreadable */
		{0x00800000, false, IPFW_MODEL_R_INVALID, 0x2001},    /* L2 empty */
		{0xC0000000, true, IPFW_MODEL_R_INVALID, 0x1001},     /* L1 empty */
		{0x100000000ull, false, IPFW_MODEL_R_INPUT_RANGE, 0x1001}, /* > 32 bits */
	};
	struct ipfw_model_result r;

	(void)state;
	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct fault_case *c = &cases[i];

		assert_int_equal(xlate(DS1, 0, c->iova, c->write, &r), IPFW_MODEL_FAULT);
		assert_int_equal(r.reason, c->reason);
		assert_int_equal(r.imstr, c->imstr);
		assert_int_equal(rd(IMSTR1), c->imstr);
		assert_int_equal(rd(IMELAR1), (uint32_t)c->iova);
		assert_int_equal(rd(IMEUAR1), (uint32_t)(c->iova >> 32));
		wr(IMSTR1, 0);
		assert_int_equal(rd(IMSTR1), 0);
	}
}

static void read_only_page_reads_but_faults_on_write(void **state)
{
	struct ipfw_model_result r;

	(void)state;
	assert_int_equal(xlate(DS1, 47, 0x1ABC, false, &r), IPFW_MODEL_TRANSLATED);
	assert_int_equal(r.pa, 0x412346ABCull);
	assert_int_equal(rd(IMSTR1), 0);
	assert_int_equal(xlate(DS1, 47, 0x1ABC, true, &r), IPFW_MODEL_FAULT);
	assert_int_equal(rd(IMSTR1), 0x3402);
}

static void attr_index_selects_the_immair0_byte(void **state)
{
	struct ipfw_model_result r;

	(void)state;
	/* IMMAIR0 = 0xF404FF44: idx0 0x44, idx2 0x04 (Device-nGnRE) */
	assert_int_equal(xlate(DS1, 0, 0x5000, false, &r), IPFW_MODEL_TRANSLATED);
	assert_int_equal(r.pa, 0x41234A000ull);
	assert_int_equal(r.attr, 0x04);
	assert_int_equal(xlate(DS1, 0, 0x0, false, &r), IPFW_MODEL_TRANSLATED);
	assert_int_equal(r.attr, 0x44);
	assert_false(r.stage2);
}

static void privileged_only_page_works_unless_unprivileged_is_chosen(void **state)
{
	struct ipfw_model_result r;

	(void)state;
	/* Default: device accesses are privileged (MMNGR's AP=0 works). */
	assert_int_equal(xlate(DS1, 0, 0x8000, true, &r), IPFW_MODEL_TRANSLATED);
	assert_int_equal(r.pa, 0x41234B000ull);
	fx_model.cfg.s1_unprivileged = true;
	assert_int_equal(xlate(DS1, 0, 0x8000, false, &r), IPFW_MODEL_FAULT);
	assert_int_equal(r.reason, IPFW_MODEL_R_PERM_UNPRIV);
	assert_int_equal(rd(IMSTR1), 0x3402);
	/* Linux's AP[1]-set pages still work. */
	assert_int_equal(xlate(DS1, 0, 0x0, false, &r), IPFW_MODEL_TRANSLATED);
}

static void disabled_utlb_bypasses(void **state)
{
	struct ipfw_model_result r;

	(void)state;
	/* uTLB 5 never enabled: reset MMUEN is 0. */
	assert_int_equal(xlate(DS1, 5, 0x6000, true, &r), IPFW_MODEL_BYPASS);
	assert_int_equal(r.pa, 0x6000);
	assert_int_equal(r.reason, IPFW_MODEL_R_UTLB_OFF);
	/* uTLB 32 disabled the way Linux detaches: IMUCTR = 0. */
	wr(H3_DS1 + 0x600, 0);
	assert_int_equal(xlate(DS1, 32, 0x6000, false, &r), IPFW_MODEL_BYPASS);
	/* The same uTLB number on another cache IPMMU is another uTLB. */
	assert_int_equal(xlate(1, 0, 0x123, false, &r), IPFW_MODEL_BYPASS);
	assert_int_equal(rd(IMSTR1), 0);
}

static void use_secgrp_left_set_drops_the_access(void **state)
{
	struct ipfw_model_result r;

	(void)state;
	wr(H3_DS1 + 0x500, 0x10000000);
	assert_int_equal(xlate(DS1, 0, 0x123, false, &r), IPFW_MODEL_DROPPED);
	assert_int_equal(r.reason, IPFW_MODEL_R_SECGRP);
	assert_int_equal(rd(IMSTR1), 0); /* nothing reported */
	/* Clearing it on the cache but not on the root is not enough. */
	wr(H3_DS1 + 0x500, 0);
	wr(H3_MM + 0x500, 0x10000000);
	assert_int_equal(xlate(DS1, 0, 0x123, false, &r), IPFW_MODEL_DROPPED);
	/* The other failure mode: a secure-access PF at level 0. */
	fx_model.cfg.secgrp_faults = true;
	assert_int_equal(xlate(DS1, 0, 0x123, false, &r), IPFW_MODEL_FAULT);
	assert_int_equal(rd(IMSTR1), 0x0502);
	assert_int_equal(rd(IMELAR1), 0x123);
	wr(H3_MM + 0x500, 0);
	wr(IMSTR1, 0);
	assert_int_equal(xlate(DS1, 0, 0x123, false, &r), IPFW_MODEL_TRANSLATED);
}

static void or_into_stale_imuctr_selects_a_wrong_context(void **state)
{
	struct ipfw_model_result r;
	uintptr_t imuctr3 = H3_DS1 + 0x300 + 16 * 3;

	(void)state;
	/* BSP/Xen style IMUCTR |= TTSEL | MMUEN over reset garbage 0xE. */
	wr(imuctr3, rd(imuctr3) | (1u << 4) | 0x1);
	assert_int_equal(rd(imuctr3), 0xF1);
	assert_int_equal(xlate(DS1, 3, 0x123, false, &r), IPFW_MODEL_DROPPED);
	assert_int_equal(r.reason, IPFW_MODEL_R_TTSEL_RANGE);
	assert_int_equal(r.ctx, 15);
}

static void context_with_mmuen_off_bypasses(void **state)
{
	struct ipfw_model_result r;

	(void)state;
	wr(IMCTR1, 0x4); /* root MMUEN off */
	assert_int_equal(xlate(DS1, 0, 0x6000, false, &r), IPFW_MODEL_BYPASS);
	assert_int_equal(r.reason, IPFW_MODEL_R_ROOT_CTX_OFF);
	assert_int_equal(r.pa, 0x6000);
	wr(IMCTR1, 0x5);
	wr(DS1_IMCTR1, 0x4); /* cache MMUEN off */
	assert_int_equal(xlate(DS1, 0, 0x6000, false, &r), IPFW_MODEL_BYPASS);
	assert_int_equal(r.reason, IPFW_MODEL_R_CACHE_CTX_OFF);
	fx_model.cfg.ctx_off_bypasses = false;
	assert_int_equal(xlate(DS1, 0, 0x6000, false, &r), IPFW_MODEL_DROPPED);
	assert_int_equal(rd(IMSTR1), 0);
}

static void utlb_pointing_at_an_unprogrammed_context_bypasses(void **state)
{
	struct ipfw_model_result r;

	(void)state;
	linux_enable_utlb(H3_DS1 + 0x300 + 16 * 9, 2);
	assert_int_equal(xlate(DS1, 9, 0x123, false, &r), IPFW_MODEL_BYPASS);
	assert_int_equal(r.ctx, 2);
}

static void tlb_keeps_stale_entries_until_the_root_is_flushed(void **state)
{
	struct ipfw_model_result r;

	(void)state;
	assert_int_equal(xlate(DS1, 0, 0x123, false, &r), IPFW_MODEL_TRANSLATED);
	assert_false(r.tlb_hit);
	l3[0] = 0x0000000412350E63ull; /* remap without invalidating */
	assert_int_equal(xlate(DS1, 0, 0x123, false, &r), IPFW_MODEL_TRANSLATED);
	assert_true(r.tlb_hit);
	assert_int_equal(r.pa, 0x412345123ull);
	/* A flush of the cache IMCTR alone does not reach the root's TLB. */
	wr(DS1_IMCTR1, rd(IMCTR1) | 0x2);
	assert_int_equal(xlate(DS1, 0, 0x123, false, &r), IPFW_MODEL_TRANSLATED);
	assert_int_equal(r.pa, 0x412345123ull);
	/* Linux: OR FLUSH into the root IMCTR, write cache and root. */
	wr(IMCTR1, rd(IMCTR1) | 0x2);
	assert_int_equal(xlate(DS1, 0, 0x123, false, &r), IPFW_MODEL_TRANSLATED);
	assert_false(r.tlb_hit);
	assert_int_equal(r.pa, 0x412350123ull);
	/* Faults are not cached: a new mapping is seen at once. */
	assert_int_equal(xlate(DS1, 0, 0x6000, false, &r), IPFW_MODEL_FAULT);
	l3[6] = 0x0000000412351E63ull;
	assert_int_equal(xlate(DS1, 0, 0x6000, false, &r), IPFW_MODEL_TRANSLATED);
	/* tlb_entries = 0: every access walks. */
	fx_model.cfg.tlb_entries = 0;
	l3[6] = 0;
	assert_int_equal(xlate(DS1, 0, 0x6000, false, &r), IPFW_MODEL_FAULT);
}

static void first_fault_wins_and_status_bits_accumulate(void **state)
{
	struct ipfw_model_result r;

	(void)state;
	xlate(DS1, 0, 0x6000, false, &r);       /* TF at L3 */
	xlate(DS1, 0, 0x1ABC, true, &r);        /* PF at L3 */
	assert_int_equal(r.imstr, 0x3402);      /* what this access reported */
	assert_int_equal(rd(IMSTR1), 0x3003);   /* TF|PF, first code/level */
	assert_int_equal(rd(IMELAR1), 0x6000);
}

static void ttbr_masked_to_4k_misses_a_64_byte_aligned_pgd(void **state)
{
	struct ipfw_model_result r;

	(void)state;
	/* A driver masking IMTTLBR0 with 0xFFFFF000 points at page1[0..3],
	 * which is empty: level 1 translation fault. */
	wr(IMTTLBR0_1, (uint32_t)PGD_PA & 0xFFFFF000u);
	wr(IMCTR1, rd(IMCTR1) | 0x2);
	assert_int_equal(xlate(DS1, 0, 0x123, false, &r), IPFW_MODEL_FAULT);
	assert_int_equal(rd(IMSTR1), 0x1001);
}

static void misconfigured_context_faults_as_format_error(void **state)
{
	static const uint32_t bad_ttbcr[] = {
		2u << 6,                       /* EAE clear */
		0x80000000u | (3u << 6),       /* SL0 = 3: reserved */
		0x80000000u | (2u << 6) | 8u,  /* TSZ0 8: beyond the S1 field */
		0x80000000u | (2u << 6) | 3u,  /* 29-bit input from level 1 */
	};
	struct ipfw_model_result r;

	(void)state;
	for (unsigned int i = 0; i < 4; i++) {
		wr(IMTTBCR1, bad_ttbcr[i]);
		wr(IMCTR1, rd(IMCTR1) | 0x2);
		assert_int_equal(xlate(DS1, 0, 0x123, false, &r), IPFW_MODEL_FAULT);
		assert_int_equal(r.reason, IPFW_MODEL_R_CONFIG);
		assert_int_equal(rd(IMSTR1), 0x0101); /* TF, ERRCODE 1, level 0 */
		wr(IMSTR1, 0);
	}
	/* Stage-2 descriptors (S2PTE) without VA64: not a modelled mode. */
	wr(IMTTBCR1, 0x80000080u);
	wr(H3_MM + 0x504, 0x8);
	assert_int_equal(xlate(DS1, 0, 0x123, false, &r), IPFW_MODEL_FAULT);
	assert_int_equal(r.reason, IPFW_MODEL_R_CONFIG);
}

static void level2_start_with_a_25_bit_input_walks_from_l2(void **state)
{
	static _Alignas(128) uint64_t top[16];
	struct ipfw_model_result r;

	(void)state;
	/* SL0 = 1 (start at level 2), TSZ0 = 7: 25-bit input, 16 entries
	 * indexed by IOVA[24:21], at PA 0x6_0000_0080. */
	for (int i = 0; i < 16; i++)
		top[i] = 0;
	top[1] = 0x00000000B0000E61ull; /* 2M block */
	top[15] = 0x8000000540003003ull; /* table -> the L3 above */
	ipfw_model_ram_add(&fx_ram, 0x600000080ull, top, sizeof(top));
	wr(IMTTLBR0_1, 0x00000080);
	wr(IMTTUBR0_1, 0x6);
	wr(IMTTBCR1, 0x80000000u | (1u << 6) | 7u);
	wr(IMCTR1, rd(IMCTR1) | 0x2);
	assert_int_equal(xlate(DS1, 0, 0x2ABCDE, false, &r), IPFW_MODEL_TRANSLATED);
	assert_int_equal(r.pa, 0xB00ABCDEull);
	assert_int_equal(r.level, 2);
	assert_int_equal(xlate(DS1, 0, 0x1E00123, false, &r), IPFW_MODEL_TRANSLATED);
	assert_int_equal(r.pa, 0x412345123ull);
	assert_int_equal(xlate(DS1, 0, 0x2000000, false, &r), IPFW_MODEL_FAULT);
	assert_int_equal(r.reason, IPFW_MODEL_R_INPUT_RANGE);
	assert_int_equal(rd(IMSTR1), 0x2001);
}

static void bad_arguments_are_refused(void **state)
{
	struct ipfw_model_result r;

	(void)state;
	assert_int_equal(xlate(7, 0, 0, false, &r), IPFW_MODEL_EINVAL);
	assert_int_equal(xlate(DS1, 48, 0, false, &r), IPFW_MODEL_ERANGE);
	assert_int_equal(xlate(DS1, 0, 0, false, NULL), IPFW_MODEL_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(masters_on_utlb_0_31_32_47_translate_as_mapped, h3_linux),
		cmocka_unit_test_setup(unmapped_iova_faults_with_tf_and_address, h3_linux),
		cmocka_unit_test_setup(each_fault_sets_its_status_level_and_address, h3_linux),
		cmocka_unit_test_setup(read_only_page_reads_but_faults_on_write, h3_linux),
		cmocka_unit_test_setup(attr_index_selects_the_immair0_byte, h3_linux),
		cmocka_unit_test_setup(privileged_only_page_works_unless_unprivileged_is_chosen,
				       h3_linux),
		cmocka_unit_test_setup(disabled_utlb_bypasses, h3_linux),
		cmocka_unit_test_setup(use_secgrp_left_set_drops_the_access, h3_linux),
		cmocka_unit_test_setup(or_into_stale_imuctr_selects_a_wrong_context, h3_linux),
		cmocka_unit_test_setup(context_with_mmuen_off_bypasses, h3_linux),
		cmocka_unit_test_setup(utlb_pointing_at_an_unprogrammed_context_bypasses, h3_linux),
		cmocka_unit_test_setup(tlb_keeps_stale_entries_until_the_root_is_flushed, h3_linux),
		cmocka_unit_test_setup(first_fault_wins_and_status_bits_accumulate, h3_linux),
		cmocka_unit_test_setup(ttbr_masked_to_4k_misses_a_64_byte_aligned_pgd, h3_linux),
		cmocka_unit_test_setup(misconfigured_context_faults_as_format_error, h3_linux),
		cmocka_unit_test_setup(level2_start_with_a_25_bit_input_walks_from_l2, h3_linux),
		cmocka_unit_test_setup(bad_arguments_are_refused, h3_linux),
	};

	return cmocka_run_group_tests_name("model.s1", tests, NULL, NULL);
}
