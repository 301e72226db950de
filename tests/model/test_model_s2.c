/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * S2-40 translation (what Xen shares with the IPMMU), on an R-Car S4
 * topology (Gen4 offsets). Tables written by hand from the stage-2
 * descriptor bits (docs/lpae-and-devicetree.md 1.1, 1.4); the model is
 * programmed through the MMIO seam in Xen's order (docs/ipmmu-vmsa.md 7).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "model_fixture.h"

/*
 * 40-bit IPA, start level 1, two concatenated level-1 tables (8 KiB,
 * 8 KiB aligned) at PA 0x4_8000_0000, indexed by IPA[39:30] (1024 entries).
 */
#define P2M_PA 0x480000000ull
#define L2_PA 0x480004000ull
#define L3_PA 0x480005000ull

static _Alignas(8192) uint64_t p2m[1024];
static _Alignas(4096) uint64_t l2[512];
static _Alignas(4096) uint64_t l3[512];

/* S4 root (Gen4): context c at 0x10000 + c*0x1040 (+0x600 for c > 7). */
#define CTX1 (S4_MM + 0x11040u)
#define CTX8 (S4_MM + 0x18800u)
#define IMCTR 0x00u
#define IMTTBCR 0x08u
#define IMTTLBR0 0x10u
#define IMTTUBR0 0x14u
#define IMSTR 0x20u
#define IMELAR 0x30u
#define IMEUAR 0x34u

#define DS0 1u /* model instance of ipmmu_ds0 */
#define HC 2u  /* model instance of ipmmu_hc */

static void build_p2m(void)
{
	for (int i = 0; i < 1024; i++)
		p2m[i] = 0;
	for (int i = 0; i < 512; i++)
		l2[i] = l3[i] = 0;
	/* 0x455: block | MemAttr 5 (NC) | S2AP read | AF */
	p2m[0] = 0x0000000040000455ull;
	/* 0x4BD: block | MemAttr 0xF | S2AP write only | AF */
	p2m[1] = 0x00000000800004BDull;
	/* Entry 513 lives in the second concatenated table (IPA 513 GiB).
	 * Stage-2 table descriptors carry no NSTable. */
	p2m[513] = 0x0000000480004003ull;
	l2[3] = 0x0000000480005003ull;
	/* 0x7FF: page | MemAttr 0xF | S2AP RW | SH IS | AF */
	l3[7] = 0x00000006000077FFull;
	/* 1G block for the last GiB of the IPA space: 0xFF_C000_0000. */
	p2m[1023] = 0x00000000C00007FDull;
}

static void xen_root_init(void)
{
	/* Every IPMMU: clear USE_SECGRP (control base 0x1000 + 0x500). */
	wr(S4_MM + 0x1500, rd(S4_MM + 0x1500) & ~0x10000000u);
	wr(S4_DS0 + 0x1500, rd(S4_DS0 + 0x1500) & ~0x10000000u);
	wr(S4_HC + 0x1500, rd(S4_HC + 0x1500) & ~0x10000000u);
	/* Root: IMSAUXCTLR.S2PTE */
	wr(S4_MM + 0x1504, rd(S4_MM + 0x1504) | 0x8u);
}

static void xen_context_init(uintptr_t ctx)
{
	wr(ctx + IMTTLBR0, (uint32_t)P2M_PA & 0xFFFFF000u);
	wr(ctx + IMTTUBR0, (uint32_t)(P2M_PA >> 32) & 0xFFu);
	/* EAE | PMB | SL0 = 1 (level 1) | TSZ0 = 64 - 40 */
	wr(ctx + IMTTBCR, 0x80000000u | 0x40000000u | (1u << 6) | 24u);
	wr(ctx + IMSTR, rd(ctx + IMSTR));
	/* VA64 (bit 29, Xen) | INTEN | FLUSH | MMUEN */
	wr(ctx + IMCTR, 0x20000007u);
}

/* Xen's cache attach: cache IMCTR = (root IMCTR | FLUSH) & 7. */
static void xen_cache_attach(uintptr_t cache, uintptr_t root_ctx_off)
{
	wr(cache + root_ctx_off, (rd(S4_MM + root_ctx_off) | 0x2u) & 0x7u);
}

/* The uTLB is written whole (Xen ORs, which the stale-bits test shows
 * to be unsafe). */
static void enable_utlb(uintptr_t imuctr, unsigned int ctx)
{
	wr(imuctr + 8, 0);
	wr(imuctr, (ctx << 4) | 0x1);
}

static int s4_xen(void **state)
{
	(void)state;
	fx_setup(IPFW_MODEL_GEN4);
	build_p2m();
	ipfw_model_ram_add(&fx_ram, P2M_PA, p2m, sizeof(p2m));
	ipfw_model_ram_add(&fx_ram, L2_PA, l2, sizeof(l2));
	ipfw_model_ram_add(&fx_ram, L3_PA, l3, sizeof(l3));
	xen_root_init();
	xen_context_init(CTX1);
	xen_cache_attach(S4_DS0, 0x11040);
	enable_utlb(S4_DS0 + 0x3300, 1);           /* uTLB 0: dmac0 */
	enable_utlb(S4_DS0 + 0x3600, 1);           /* uTLB 32: mmc0, EED03600 */
	enable_utlb(S4_DS0 + 0x3600 + 16 * 31, 1); /* uTLB 63 */
	return 0;
}

static int xlate(unsigned int inst, unsigned int utlb, uint64_t ipa, bool write,
		 struct ipfw_model_result *r)
{
	return ipfw_model_translate(&fx_model, inst, utlb, ipa, write, r);
}

static void entry_in_second_concatenated_table_translates(void **state)
{
	static const unsigned int utlbs[] = {0, 32, 63};
	struct ipfw_model_result r;

	(void)state;
	/* IPA = 513 << 30 | 3 << 21 | 7 << 12 | 0x9A */
	for (unsigned int i = 0; i < 3; i++) {
		assert_int_equal(xlate(DS0, utlbs[i], 0x804060709Aull, true, &r),
				 IPFW_MODEL_TRANSLATED);
		assert_int_equal(r.pa, 0x60000709Aull);
		assert_int_equal(r.level, 3);
		assert_true(r.stage2);
		assert_int_equal(r.attr, 0xF);
	}
	assert_int_equal(rd(CTX1 + IMSTR), 0);
	assert_int_equal(fx_model.unknown_accesses, 0);
}

static void s2ap_read_and_write_bits_are_checked(void **state)
{
	struct ipfw_model_result r;

	(void)state;
	/* p2m[0]: read-only 1G block */
	assert_int_equal(xlate(DS0, 32, 0x12345678, false, &r), IPFW_MODEL_TRANSLATED);
	assert_int_equal(r.pa, 0x52345678ull);
	assert_int_equal(r.attr, 0x5);
	assert_int_equal(xlate(DS0, 32, 0x12345678, true, &r), IPFW_MODEL_FAULT);
	assert_int_equal(r.reason, IPFW_MODEL_R_PERM_WRITE);
	assert_int_equal(rd(CTX1 + IMSTR), 0x1402); /* PF, ERRCODE 4, level 1 */
	assert_int_equal(rd(CTX1 + IMELAR), 0x12345678);
	wr(CTX1 + IMSTR, 0);
	/* p2m[1]: write-only 1G block */
	assert_int_equal(xlate(DS0, 32, 0x40000010, true, &r), IPFW_MODEL_TRANSLATED);
	assert_int_equal(r.pa, 0x80000010ull);
	assert_int_equal(xlate(DS0, 32, 0x40000010, false, &r), IPFW_MODEL_FAULT);
	assert_int_equal(r.reason, IPFW_MODEL_R_PERM_READ);
	assert_int_equal(rd(CTX1 + IMSTR), 0x1402);
}

static void fault_above_4g_fills_imeuar(void **state)
{
	struct ipfw_model_result r;

	(void)state;
	/* Entry 514 is empty: TF at level 1, address bits [39:32] in IMEUAR. */
	assert_int_equal(xlate(DS0, 63, 0x8080001234ull, false, &r), IPFW_MODEL_FAULT);
	assert_int_equal(rd(CTX1 + IMSTR), 0x1001);
	assert_int_equal(rd(CTX1 + IMELAR), 0x80001234);
	assert_int_equal(rd(CTX1 + IMEUAR), 0x80);
	wr(CTX1 + IMSTR, 0);
	/* Below an existing table: L2 entry 4 of entry 513 is empty. */
	assert_int_equal(xlate(DS0, 63, 0x8040800000ull, false, &r), IPFW_MODEL_FAULT);
	assert_int_equal(rd(CTX1 + IMSTR), 0x2001);
	assert_int_equal(rd(CTX1 + IMEUAR), 0x80);
}

static void last_gib_of_the_40_bit_ipa_and_beyond(void **state)
{
	struct ipfw_model_result r;

	(void)state;
	assert_int_equal(xlate(DS0, 0, 0xFFFFFFF000ull, true, &r), IPFW_MODEL_TRANSLATED);
	assert_int_equal(r.pa, 0xFFFFF000ull);
	/* IPA bit 40: outside the input range (TSZ0 = 24). */
	assert_int_equal(xlate(DS0, 0, 0x10000000000ull, false, &r), IPFW_MODEL_FAULT);
	assert_int_equal(r.reason, IPFW_MODEL_R_INPUT_RANGE);
	assert_int_equal(rd(CTX1 + IMSTR), 0x1001);
	assert_int_equal(rd(CTX1 + IMEUAR), 0x100);
}

static void stage2_leaf_needs_the_access_flag(void **state)
{
	struct ipfw_model_result r;

	(void)state;
	l3[8] = 0x00000006000083FFull; /* 0x7FF without AF (0x400) */
	assert_int_equal(xlate(DS0, 0, 0x8040608000ull, false, &r), IPFW_MODEL_FAULT);
	assert_int_equal(r.reason, IPFW_MODEL_R_AF);
	assert_int_equal(rd(CTX1 + IMSTR), 0x3001);
}

static void walk_to_unbacked_memory_aborts(void **state)
{
	struct ipfw_model_result r;

	(void)state;
	p2m[600] = 0x0000009000000003ull; /* table at PA 0x90_0000_0000 */
	assert_int_equal(xlate(DS0, 0, 600ull << 30, false, &r), IPFW_MODEL_FAULT);
	assert_int_equal(r.reason, IPFW_MODEL_R_ABORT);
	assert_int_equal(rd(CTX1 + IMSTR), 0x2004); /* ABORT at level 2 */
}

static void context_8_on_gen4_translates(void **state)
{
	struct ipfw_model_result r;

	(void)state;
	xen_context_init(CTX8);
	xen_cache_attach(S4_HC, 0x18800);
	enable_utlb(S4_HC + 0x3600, 8); /* uTLB 32 of ipmmu_hc, TTSEL 8 */
	assert_int_equal(rd(S4_HC + 0x3600), 0x81);
	assert_int_equal(xlate(HC, 32, 0x804060709Aull, false, &r), IPFW_MODEL_TRANSLATED);
	assert_int_equal(r.ctx, 8);
	assert_int_equal(r.pa, 0x60000709Aull);
	assert_int_equal(xlate(HC, 32, 0x80C0000000ull, false, &r), IPFW_MODEL_FAULT);
	assert_int_equal(rd(CTX8 + IMSTR), 0x1001);
	assert_int_equal(rd(CTX1 + IMSTR), 0);
}

static void va64_bit_position_is_a_model_parameter(void **state)
{
	struct ipfw_model_result r;

	(void)state;
	/* With the CR7 reading (bit 28), Xen's bit-29 write sets no VA64:
	 * S2PTE without VA64 is a format fault. */
	fx_model.cfg.va64_bit = 28;
	assert_int_equal(xlate(DS0, 0, 0x804060709Aull, false, &r), IPFW_MODEL_FAULT);
	assert_int_equal(r.reason, IPFW_MODEL_R_CONFIG);
	assert_int_equal(rd(CTX1 + IMSTR), 0x0101);
	wr(CTX1 + IMSTR, 0);
	wr(CTX1 + IMCTR, 0x10000007u);
	assert_int_equal(xlate(DS0, 0, 0x804060709Aull, false, &r), IPFW_MODEL_TRANSLATED);
}

static void va64_without_s2pte_is_a_format_fault(void **state)
{
	struct ipfw_model_result r;

	(void)state;
	wr(S4_MM + 0x1504, 0);
	assert_int_equal(xlate(DS0, 0, 0x12345678, false, &r), IPFW_MODEL_FAULT);
	assert_int_equal(r.reason, IPFW_MODEL_R_CONFIG);
	/* The cache's S2PTE is not what counts: the root's is. */
	wr(S4_DS0 + 0x1504, 0x8);
	assert_int_equal(xlate(DS0, 0, 0x12345678, false, &r), IPFW_MODEL_FAULT);
}

static void s1_style_sl0_in_va64_mode_starts_at_level_0(void **state)
{
	struct ipfw_model_result r;

	(void)state;
	/* SL0 = 2 means level 0 in VA64 mode: IPA[39] indexes a 2-entry
	 * table; entry 1 at P2M_PA + 8 is p2m[1], read as a block at level
	 * 0, which a 4K granule does not have. */
	wr(CTX1 + IMTTBCR, 0xC0000000u | (2u << 6) | 24u);
	wr(CTX1 + IMCTR, rd(CTX1 + IMCTR) | 0x2);
	assert_int_equal(xlate(DS0, 0, 0x8000000000ull, false, &r), IPFW_MODEL_FAULT);
	assert_int_equal(r.reason, IPFW_MODEL_R_RESERVED);
	assert_int_equal(rd(CTX1 + IMSTR), 0x0101);
}

static void stale_imuctr_or_on_gen4_selects_no_context(void **state)
{
	struct ipfw_model_result r;
	uintptr_t imuctr5 = S4_DS0 + 0x3300 + 16 * 5;

	(void)state;
	/* Xen's IMUCTR |= TTSEL | MMUEN over the reset garbage 0x1E. */
	wr(imuctr5, rd(imuctr5) | (1u << 4) | 0x1);
	assert_int_equal(rd(imuctr5), 0x1F1);
	assert_int_equal(xlate(DS0, 5, 0x12345678, false, &r), IPFW_MODEL_DROPPED);
	assert_int_equal(r.ctx, 31);
}

static void cache_without_xen_attach_bypasses(void **state)
{
	struct ipfw_model_result r;

	(void)state;
	/* ipmmu_hc's context 1 IMCTR was never written. */
	enable_utlb(S4_HC + 0x3300, 1);
	assert_int_equal(xlate(HC, 0, 0x12345678, false, &r), IPFW_MODEL_BYPASS);
	assert_int_equal(r.reason, IPFW_MODEL_R_CACHE_CTX_OFF);
	xen_cache_attach(S4_HC, 0x11040);
	assert_int_equal(xlate(HC, 0, 0x12345678, false, &r), IPFW_MODEL_TRANSLATED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(entry_in_second_concatenated_table_translates, s4_xen),
		cmocka_unit_test_setup(s2ap_read_and_write_bits_are_checked, s4_xen),
		cmocka_unit_test_setup(fault_above_4g_fills_imeuar, s4_xen),
		cmocka_unit_test_setup(last_gib_of_the_40_bit_ipa_and_beyond, s4_xen),
		cmocka_unit_test_setup(stage2_leaf_needs_the_access_flag, s4_xen),
		cmocka_unit_test_setup(walk_to_unbacked_memory_aborts, s4_xen),
		cmocka_unit_test_setup(context_8_on_gen4_translates, s4_xen),
		cmocka_unit_test_setup(va64_bit_position_is_a_model_parameter, s4_xen),
		cmocka_unit_test_setup(va64_without_s2pte_is_a_format_fault, s4_xen),
		cmocka_unit_test_setup(s1_style_sl0_in_va64_mode_starts_at_level_0, s4_xen),
		cmocka_unit_test_setup(stale_imuctr_or_on_gen4_selects_no_context, s4_xen),
		cmocka_unit_test_setup(cache_without_xen_attach_bypasses, s4_xen),
	};

	return cmocka_run_group_tests_name("model.s2", tests, NULL, NULL);
}
