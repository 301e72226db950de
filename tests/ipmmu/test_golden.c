/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Golden register sequences: every access the driver makes, in order,
 * against literal tables derived by hand from docs/ipmmu-vmsa.md sections 2
 * (register map, Gen4 offsets), 5 (Linux order, S1-32), 7 (Xen order,
 * S2-40) and 9 (uTLB window, USE_SECGRP, flush). The bus is a plain
 * register file here; FLUSH on the root IMCTR self-clears.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>
#include "golden_util.h"

static struct ipfw_ipmmu_inst inst[3];
static struct ipfw_ipmmu_inst_state state[3];
static struct ipfw_ipmmu mmu;

static const struct ipfw_ipmmu_ctx_cfg s1_cfg = {
	.fmt = IPFW_IPMMU_FMT_S1_32, .ttbr = 0x57FE00040ull, .mair = 0xF404FF44u};
static const struct ipfw_ipmmu_ctx_cfg s2_cfg = {
	.fmt = IPFW_IPMMU_FMT_S2_40, .ttbr = 0x4812346000ull, .mair = 0};

static const struct ipfw_ipmmu_owner sdhi0 = {"sdhi0", 1};
static const struct ipfw_ipmmu_owner sdhi1 = {"sdhi1", 2};
static const struct ipfw_ipmmu_owner avb = {"avb", 3};

static int setup_h3(void **st)
{
	(void)st;
	ipfw_bus_reset();
	h3_instances(inst);
	/* USE_SECGRP set at reset (undefined reset value, section 9 item 4);
	 * ds1 also carries the MMNGR erratum bits, which must survive. */
	ipfw_bus_poke(0xE67B0500, 0x10000000);
	ipfw_bus_poke(0xE7740500, 0xF0000000);
	ipfw_bus_self_clear(0xE67B0040, 0x2, 0); /* root IMCTR(1).FLUSH */
	return ipfw_ipmmu_init(&mmu, inst, state, 2, NULL, NULL);
}

static int setup_s4(void **st)
{
	(void)st;
	ipfw_bus_reset();
	s4_instances(inst);
	ipfw_bus_poke(0xEEFC1500, 0x10000000);
	ipfw_bus_poke(0xEED01500, 0x10000000);
	ipfw_bus_poke(0xEEFC1504, 0x01000000); /* an unrelated IMSAUXCTLR bit */
	ipfw_bus_self_clear(0xEEFD1040, 0x2, 0); /* root IMCTR(1) at +0x11040 */
	return ipfw_ipmmu_init(&mmu, inst, state, 2, NULL, NULL);
}

static void h3_s1_32_one_master_on_sdhi0_utlb32_matches_golden_sequence(void **st)
{
	static const struct bus_op golden[] = {
		/* hw_reset: root clears USE_SECGRP (bit 28) and resets ctx 1..7 */
		R(0xE67B0500, 0x10000000), W(0xE67B0500, 0x00000000), R(0xE67B0500, 0x00000000),
		W(0xE67B0040, 0), W(0xE67B0080, 0), W(0xE67B00C0, 0), W(0xE67B0100, 0),
		W(0xE67B0140, 0), W(0xE67B0180, 0), W(0xE67B01C0, 0),
		/* ds1: only USE_SECGRP goes, the other IMSCTLR bits stay */
		R(0xE7740500, 0xF0000000), W(0xE7740500, 0xE0000000), R(0xE7740500, 0xE0000000),
		/* context 1 on the root: TTBR, IMTTBCR = EAE|SL0(2<<6), MAIR, IMSTR */
		W(0xE67B0050, 0x7FE00040), R(0xE67B0050, 0x7FE00040),
		W(0xE67B0054, 0x00000005), R(0xE67B0054, 0x00000005),
		W(0xE67B0048, 0x80000080), R(0xE67B0048, 0x80000080),
		W(0xE67B0068, 0xF404FF44),
		W(0xE67B0060, 0x00000000),
		/* attach: IMCTR = INTEN|FLUSH|MMUEN on the cache, then the root; poll */
		W(0xE7740040, 0x00000007), W(0xE67B0040, 0x00000007),
		DSB, R(0xE67B0040, 0x00000005),
		/* uTLB 32 is in the 0x600 window: IMUASID = 0, IMUCTR = TTSEL 1|FLUSH|MMUEN */
		W(0xE7740608, 0x00000000), W(0xE7740600, 0x00000013), R(0xE7740600, 0x00000013),
	};
	struct ipfw_ipmmu_domain dom;

	(void)st;
	assert_int_equal(ipfw_ipmmu_hw_reset(&mmu), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1_cfg, &dom),
			 IPFW_OK);
	assert_int_equal(dom.ctx, 1);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 1, 32, sdhi0, NULL), IPFW_OK);
	expect_trace(golden, N_OPS(golden));
}

static void h3_flush_sets_flush_on_cache_then_root_and_polls_root(void **st)
{
	static const struct bus_op golden[] = {
		R(0xE67B0040, 0x00000005),
		W(0xE7740040, 0x00000007), W(0xE67B0040, 0x00000007),
		DSB, R(0xE67B0040, 0x00000005),
	};
	struct ipfw_ipmmu_domain dom;

	(void)st;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1_cfg, &dom),
			 IPFW_OK);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 1, 32, sdhi0, NULL), IPFW_OK);
	ipfw_bus_trace_clear();
	assert_int_equal(ipfw_ipmmu_flush(&mmu, &dom), IPFW_OK);
	expect_trace(golden, N_OPS(golden));
}

static void h3_teardown_disables_utlbs_then_flushes_cache_and_root(void **st)
{
	static const struct bus_op golden[] = {
		W(0xE7740600, 0x00000000), W(0xE7740610, 0x00000000),
		W(0xE7740040, 0x00000002), W(0xE67B0040, 0x00000002),
		DSB, R(0xE67B0040, 0x00000000),
	};
	struct ipfw_ipmmu_domain dom;

	(void)st;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1_cfg, &dom),
			 IPFW_OK);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 1, 32, sdhi0, NULL), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 1, 33, sdhi1, NULL), IPFW_OK);
	ipfw_bus_trace_clear();
	assert_int_equal(ipfw_ipmmu_domain_destroy(&mmu, &dom), IPFW_OK);
	expect_trace(golden, N_OPS(golden));
	assert_false(dom.live);
	/* the bank is free again: the next domain gets context 1 */
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1_cfg, &dom),
			 IPFW_OK);
	assert_int_equal(dom.ctx, 1);
}

static void h3_second_master_on_same_cache_programs_only_its_utlb(void **st)
{
	static const struct bus_op golden[] = {
		W(0xE7740618, 0x00000000), W(0xE7740610, 0x00000013), R(0xE7740610, 0x00000013),
	};
	struct ipfw_ipmmu_domain dom;

	(void)st;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1_cfg, &dom),
			 IPFW_OK);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 1, 32, sdhi0, NULL), IPFW_OK);
	ipfw_bus_trace_clear();
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 1, 33, sdhi1, NULL), IPFW_OK);
	expect_trace(golden, N_OPS(golden));
}

static void h3_master_behind_second_cache_enables_context_there_too(void **st)
{
	static const struct bus_op golden[] = {
		/* ds0 joins: its IMCTR(1), the root's again (a flush), poll */
		W(0xE6740040, 0x00000007), W(0xE67B0040, 0x00000007),
		DSB, R(0xE67B0040, 0x00000005),
		/* EtherAVB on ds0 uTLB 16: the low window, 0x300 + 16*16 */
		W(0xE6740408, 0x00000000), W(0xE6740400, 0x00000013), R(0xE6740400, 0x00000013),
	};
	struct ipfw_ipmmu_domain dom;

	(void)st;
	assert_int_equal(ipfw_ipmmu_init(&mmu, inst, state, 3, NULL, NULL), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1_cfg, &dom),
			 IPFW_OK);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 1, 32, sdhi0, NULL), IPFW_OK);
	ipfw_bus_trace_clear();
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 2, 16, avb, NULL), IPFW_OK);
	expect_trace(golden, N_OPS(golden));
}

static void s4_s1_32_one_master_on_mmc0_utlb32_matches_golden_sequence(void **st)
{
	static const struct bus_op golden[] = {
		/* control registers at +0x1000 on Gen4 */
		R(0xEEFC1500, 0x10000000), W(0xEEFC1500, 0x00000000), R(0xEEFC1500, 0x00000000),
		/* contexts 1..15 from +0x10000, stride 0x1040, ctx 8 at +0x18800 */
		W(0xEEFD1040, 0), W(0xEEFD2080, 0), W(0xEEFD30C0, 0), W(0xEEFD4100, 0),
		W(0xEEFD5140, 0), W(0xEEFD6180, 0), W(0xEEFD71C0, 0), W(0xEEFD8800, 0),
		W(0xEEFD9840, 0), W(0xEEFDA880, 0), W(0xEEFDB8C0, 0), W(0xEEFDC900, 0),
		W(0xEEFDD940, 0), W(0xEEFDE980, 0), W(0xEEFDF9C0, 0),
		R(0xEED01500, 0x10000000), W(0xEED01500, 0x00000000), R(0xEED01500, 0x00000000),
		/* context 1 at root + 0x11040 */
		W(0xEEFD1050, 0x7FE00040), R(0xEEFD1050, 0x7FE00040),
		W(0xEEFD1054, 0x00000005), R(0xEEFD1054, 0x00000005),
		W(0xEEFD1048, 0x80000080), R(0xEEFD1048, 0x80000080),
		W(0xEEFD1068, 0xF404FF44),
		W(0xEEFD1060, 0x00000000),
		W(0xEED11040, 0x00000007), W(0xEEFD1040, 0x00000007),
		DSB, R(0xEEFD1040, 0x00000005),
		/* mmc0: ds0 uTLB 32 at +0x3600 */
		W(0xEED03608, 0x00000000), W(0xEED03600, 0x00000013), R(0xEED03600, 0x00000013),
	};
	struct ipfw_ipmmu_domain dom;

	(void)st;
	assert_int_equal(ipfw_ipmmu_hw_reset(&mmu), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1_cfg, &dom),
			 IPFW_OK);
	assert_int_equal(dom.ctx, 1);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 1, 32, sdhi0, NULL), IPFW_OK);
	expect_trace(golden, N_OPS(golden));
}

static void s4_s2_40_one_master_matches_xen_style_golden_sequence(void **st)
{
	static const struct bus_op golden[] = {
		/* IMSAUXCTLR.S2PTE (bit 3) set, other bits kept */
		R(0xEEFC1504, 0x01000000), W(0xEEFC1504, 0x01000008),
		/* TTBR of the 8 KiB concatenated level-1 pair, 40-bit PA */
		W(0xEEFD1050, 0x12346000), R(0xEEFD1050, 0x12346000),
		W(0xEEFD1054, 0x00000048), R(0xEEFD1054, 0x00000048),
		/* EAE | PMB | SL0 = 1<<6 (level 1, VA64 encoding) | TSZ0 = 24 */
		W(0xEEFD1048, 0xC0000058), R(0xEEFD1048, 0xC0000058),
		/* no MAIR in stage 2 */
		W(0xEEFD1060, 0x00000000),
		/* cache IMCTR masked to [2:0]; root gets VA64 (bit 29) too */
		W(0xEED11040, 0x00000007), W(0xEEFD1040, 0x20000007),
		DSB, R(0xEEFD1040, 0x20000005),
		W(0xEED03608, 0x00000000), W(0xEED03600, 0x00000013), R(0xEED03600, 0x00000013),
	};
	struct ipfw_ipmmu_domain dom;

	(void)st;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s2_cfg, &dom),
			 IPFW_OK);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 1, 32, sdhi0, NULL), IPFW_OK);
	expect_trace(golden, N_OPS(golden));
}

/*
 * Xen's stage-2 uTLB enable, written out from docs/ipmmu-vmsa.md section 7:
 * IMUASID = 0, then IMUCTR |= TTSEL(ctx) | MMUEN (no FLUSH): 0x11 for
 * context 1 on a uTLB that read 0. The library's one deviation (section 11
 * item 2): the whole register, with FLUSH, so whatever the uTLB cached
 * before this firmware ran is dropped. Nothing else differs.
 */
static void s4_s2_40_utlb_enable_is_xens_value_plus_flush(void **st)
{
	const uint32_t xen_imuctr = (1u << 4) | 0x1u; /* TTSEL 1 | MMUEN */
	const uint32_t flush = 0x2u;
	const uintptr_t imuctr = 0xEED03600u; /* S4 ds0 uTLB 32 (section 2.3) */
	struct ipfw_ipmmu_domain dom;

	(void)st;
	ipfw_bus_poke(imuctr, 0);
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s2_cfg, &dom),
			 IPFW_OK);
	assert_int_equal(dom.ctx, 1);
	ipfw_bus_trace_clear();
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 1, 32, sdhi0, NULL), IPFW_OK);
	assert_int_equal(xen_imuctr, 0x11u);
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_WRITE, imuctr), 1);
	for (size_t i = 0; i < ipfw_bus_trace_len(); i++) {
		const struct ipfw_bus_access *a = ipfw_bus_trace_at(i);

		if (a->op == IPFW_BUS_WRITE && a->addr == imuctr)
			assert_int_equal(a->val, xen_imuctr | flush);
	}
}

static void s4_context_15_gets_ttsel_15_in_five_bit_field(void **st)
{
	static const struct bus_op golden[] = {
		/* ctx 15 at 0x10000 + 15*0x1040 + 0x600 = 0x1F9C0 */
		W(0xEED1F9C0, 0x00000007), W(0xEEFDF9C0, 0x00000007),
		DSB, R(0xEEFDF9C0, 0x00000005),
		/* uTLB 63: 0x3600 + 16*31 = 0x37F0 */
		W(0xEED037F8, 0x00000000), W(0xEED037F0, 0x000000F3), R(0xEED037F0, 0x000000F3),
	};
	struct ipfw_ipmmu_domain dom;

	(void)st;
	ipfw_bus_self_clear(0xEEFDF9C0, 0x2, 0);
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, 15, &s1_cfg, &dom), IPFW_OK);
	ipfw_bus_trace_clear();
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 1, 63, sdhi0, NULL), IPFW_OK);
	expect_trace(golden, N_OPS(golden));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(h3_s1_32_one_master_on_sdhi0_utlb32_matches_golden_sequence,
				       setup_h3),
		cmocka_unit_test_setup(h3_flush_sets_flush_on_cache_then_root_and_polls_root, setup_h3),
		cmocka_unit_test_setup(h3_teardown_disables_utlbs_then_flushes_cache_and_root,
				       setup_h3),
		cmocka_unit_test_setup(h3_second_master_on_same_cache_programs_only_its_utlb, setup_h3),
		cmocka_unit_test_setup(h3_master_behind_second_cache_enables_context_there_too,
				       setup_h3),
		cmocka_unit_test_setup(s4_s1_32_one_master_on_mmc0_utlb32_matches_golden_sequence,
				       setup_s4),
		cmocka_unit_test_setup(s4_s2_40_one_master_matches_xen_style_golden_sequence, setup_s4),
		cmocka_unit_test_setup(s4_s2_40_utlb_enable_is_xens_value_plus_flush, setup_s4),
		cmocka_unit_test_setup(s4_context_15_gets_ttsel_15_in_five_bit_field, setup_s4),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
