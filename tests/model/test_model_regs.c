/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Register semantics of the IPMMU model, programmed through the MMIO seam
 * at addresses worked out by hand from docs/ipmmu-vmsa.md 2.1-2.3 and 8.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "model_fixture.h"

/* Gen3 root context 1 (base 0x40). */
#define H3_IMCTR1 (H3_MM + 0x40u)
#define H3_IMTTBCR1 (H3_MM + 0x48u)
#define H3_IMSTR1 (H3_MM + 0x60u)
#define H3_IMELAR1 (H3_MM + 0x70u)
#define H3_IMEUAR1 (H3_MM + 0x74u)

static int gen3(void **state)
{
	(void)state;
	fx_setup(IPFW_MODEL_GEN3);
	return 0;
}

static int gen4(void **state)
{
	(void)state;
	fx_setup(IPFW_MODEL_GEN4);
	return 0;
}

static void reset_state_has_every_mmu_off_and_secgrp_set(void **state)
{
	(void)state;
	for (uint32_t c = 0; c < 8; c++) {
		assert_int_equal(rd(H3_MM + 0x40u * c), 0);
		assert_int_equal(rd(H3_DS1 + 0x40u * c), 0);
	}
	/* IMSCTLR (0x500): USE_SECGRP, bit 28, modelled as reset to 1. */
	assert_int_equal(rd(H3_MM + 0x500), 0x10000000);
	assert_int_equal(rd(H3_DS1 + 0x500), 0x10000000);
	assert_int_equal(rd(H3_MM + 0x504), 0);
	assert_int_equal(fx_model.unknown_accesses, 0);
}

static void imuctr_resets_with_stale_ttsel_and_mmuen_off(void **state)
{
	(void)state;
	/* Gen3 TTSEL [7:4]: default garbage 0xE, MMUEN (bit 0) clear. */
	assert_int_equal(rd(H3_DS1 + 0x300), 0xE0);
	assert_int_equal(rd(H3_DS1 + 0x600), 0xE0);
	/* The garbage is a parameter; applied by reset. */
	fx_model.cfg.imuctr_reset_ttsel = 0x5;
	ipfw_model_reset(&fx_model);
	assert_int_equal(rd(H3_DS1 + 0x300 + 16 * 7), 0x50);
}

static void imuctr_resets_with_stale_ttsel_gen4(void **state)
{
	(void)state;
	/* Gen4 TTSEL [8:4]: default garbage 0x1E. uTLB 0 at 0x3300. */
	assert_int_equal(rd(S4_DS0 + 0x3300), 0x1E0);
	assert_int_equal(rd(S4_DS0 + 0x3600), 0x1E0);
}

static void ttsel_width_is_4_bits_on_gen3_5_on_gen4(void **state)
{
	(void)state;
	fx_setup(IPFW_MODEL_GEN3);
	wr(H3_DS1 + 0x300, 0x1F1);
	assert_int_equal(rd(H3_DS1 + 0x300), 0xF1);
	fx_setup(IPFW_MODEL_GEN4);
	wr(S4_DS0 + 0x3300, 0x1F1);
	assert_int_equal(rd(S4_DS0 + 0x3300), 0x1F1);
}

static void imctr_flush_self_clears_after_configured_reads(void **state)
{
	(void)state;
	/* Default: three reads still see FLUSH, the fourth does not. */
	wr(H3_IMCTR1, 0x7);
	assert_int_equal(rd(H3_IMCTR1), 0x7);
	assert_int_equal(rd(H3_IMCTR1), 0x7);
	assert_int_equal(rd(H3_IMCTR1), 0x7);
	assert_int_equal(rd(H3_IMCTR1), 0x5);
	assert_int_equal(rd(H3_IMCTR1), 0x5);

	fx_model.cfg.flush_reads = 0;
	wr(H3_IMCTR1, 0x3);
	assert_int_equal(rd(H3_IMCTR1), 0x1);

	fx_model.cfg.flush_reads = 10;
	wr(H3_IMCTR1, 0x3);
	for (int i = 0; i < 10; i++)
		assert_int_equal(rd(H3_IMCTR1), 0x3);
	assert_int_equal(rd(H3_IMCTR1), 0x1);
}

static void imctr_flush_can_be_made_to_never_clear(void **state)
{
	(void)state;
	fx_model.cfg.flush_reads = IPFW_MODEL_FLUSH_NEVER;
	wr(H3_IMCTR1, 0x3);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(rd(H3_IMCTR1) & 0x2, 0x2);
}

static void imctr_write_without_flush_does_not_cancel_a_flush(void **state)
{
	(void)state;
	fx_model.cfg.flush_reads = 2;
	wr(H3_IMCTR1, 0x3);
	wr(H3_IMCTR1, 0x1);
	assert_int_equal(rd(H3_IMCTR1), 0x3);
	assert_int_equal(rd(H3_IMCTR1), 0x3);
	assert_int_equal(rd(H3_IMCTR1), 0x1);
}

static void cache_imctr_flush_self_clears_too(void **state)
{
	(void)state;
	fx_model.cfg.flush_reads = 1;
	wr(H3_DS1 + 0x40, 0x7);
	assert_int_equal(rd(H3_DS1 + 0x40), 0x7);
	assert_int_equal(rd(H3_DS1 + 0x40), 0x5);
	/* The root's context 1 is a different register. */
	assert_int_equal(rd(H3_IMCTR1), 0);
}

static void imuctr_flush_self_clears(void **state)
{
	(void)state;
	fx_model.cfg.flush_reads = 2;
	/* uTLB 33: 0x600 + 16. TTSEL 1, FLUSH, MMUEN. */
	wr(H3_DS1 + 0x610, 0x13);
	assert_int_equal(rd(H3_DS1 + 0x610), 0x13);
	assert_int_equal(rd(H3_DS1 + 0x610), 0x13);
	assert_int_equal(rd(H3_DS1 + 0x610), 0x11);
}

static void cache_drops_va64_root_keeps_it(void **state)
{
	(void)state;
	wr(H3_DS1 + 0x40, 0x20000005);
	assert_int_equal(rd(H3_DS1 + 0x40), 0x5);
	wr(H3_IMCTR1, 0x20000005);
	assert_int_equal(rd(H3_IMCTR1), 0x20000005);
}

static void imstr_clears_on_write_0_with_the_address(void **state)
{
	(void)state;
	assert_int_equal(ipfw_model_inject_fault(&fx_model, 0, 1, 0x3002, 0x12345678abull), 0);
	assert_int_equal(rd(H3_IMSTR1), 0x3002);
	assert_int_equal(rd(H3_IMELAR1), 0x345678ab);
	assert_int_equal(rd(H3_IMEUAR1), 0x12);
	/* Not write-1-to-clear: writing ones (or the value read) changes
	 * nothing. */
	wr(H3_IMSTR1, 0xFFFFFFFF);
	assert_int_equal(rd(H3_IMSTR1), 0x3002);
	wr(H3_IMSTR1, rd(H3_IMSTR1));
	assert_int_equal(rd(H3_IMSTR1), 0x3002);
	assert_int_equal(rd(H3_IMELAR1), 0x345678ab);
	/* Writing 0 clears status, and with it the fault address. */
	wr(H3_IMSTR1, 0);
	assert_int_equal(rd(H3_IMSTR1), 0);
	assert_int_equal(rd(H3_IMELAR1), 0);
	assert_int_equal(rd(H3_IMEUAR1), 0);
}

static void reading_the_address_after_clearing_sees_0(void **state)
{
	(void)state;
	ipfw_model_inject_fault(&fx_model, 0, 1, 0x1, 0x1000);
	wr(H3_IMSTR1, 0);
	assert_int_equal(rd(H3_IMELAR1), 0);
}

static void imstr_partial_clear_keeps_address_while_a_fault_remains(void **state)
{
	(void)state;
	ipfw_model_inject_fault(&fx_model, 0, 1, 0x1, 0x1000);
	ipfw_model_inject_fault(&fx_model, 0, 1, 0x10, 0x2000); /* MHIT */
	assert_int_equal(rd(H3_IMSTR1), 0x11);
	/* First fault's address wins. */
	assert_int_equal(rd(H3_IMELAR1), 0x1000);
	wr(H3_IMSTR1, 0x10); /* clear TF only */
	assert_int_equal(rd(H3_IMSTR1), 0x10);
	assert_int_equal(rd(H3_IMELAR1), 0x1000);
}

static void fault_address_registers_are_read_only(void **state)
{
	(void)state;
	ipfw_model_inject_fault(&fx_model, 0, 1, 0x1, 0x1000);
	wr(H3_IMELAR1, 0xdead0000);
	wr(H3_IMEUAR1, 0xbeef);
	assert_int_equal(rd(H3_IMELAR1), 0x1000);
	assert_int_equal(rd(H3_IMEUAR1), 0);
	assert_int_equal(fx_model.inst[0].ro_writes, 2);
}

static void irq_pends_only_with_inten_and_a_fault(void **state)
{
	(void)state;
	ipfw_model_inject_fault(&fx_model, 0, 1, 0x1, 0x1000);
	assert_false(ipfw_model_irq_pending(&fx_model, 0));
	wr(H3_IMCTR1, 0x4); /* INTEN */
	assert_true(ipfw_model_irq_pending(&fx_model, 0));
	wr(H3_IMSTR1, 0);
	assert_false(ipfw_model_irq_pending(&fx_model, 0));
}

static void gen3_utlb_registers_split_at_32(void **state)
{
	(void)state;
	/* n < 32: 0x300 + 16n; n >= 32: 0x600 + 16(n-32) (pitfall 1). */
	wr(H3_DS1 + 0x300, 0x11);          /* IMUCTR(0) */
	wr(H3_DS1 + 0x4F0, 0x21);          /* IMUCTR(31) */
	wr(H3_DS1 + 0x4F8, 0x55);          /* IMUASID(31) */
	wr(H3_DS1 + 0x600, 0x31);          /* IMUCTR(32): SDHI0, E7740600 */
	wr(H3_DS1 + 0x608, 0x66);          /* IMUASID(32): E7740608 */
	wr(H3_DS1 + 0x6F0, 0x41);          /* IMUCTR(47) */
	assert_int_equal(fx_model.inst[2].imuctr[0], 0x11);
	assert_int_equal(fx_model.inst[2].imuctr[31], 0x21);
	assert_int_equal(fx_model.inst[2].imuasid[31], 0x55);
	assert_int_equal(fx_model.inst[2].imuctr[32], 0x31);
	assert_int_equal(fx_model.inst[2].imuasid[32], 0x66);
	assert_int_equal(fx_model.inst[2].imuctr[47], 0x41);
	assert_int_equal(fx_model.unknown_accesses, 0);
}

static void gen3_low_window_does_not_alias_upper_utlbs(void **state)
{
	(void)state;
	/* 0x300 + 16*33 = 0x510 is no register; uTLB 33 is untouched. */
	wr(H3_DS1 + 0x510, 0x11);
	assert_int_equal(fx_model.inst[2].imuctr[33], 0xE0);
	assert_int_equal(fx_model.unknown_accesses, 1);
	assert_int_equal(fx_model.last_unknown_addr, H3_DS1 + 0x510);
	/* uTLB 48 does not exist on Gen3 (48 uTLBs): 0x600 + 16*16. */
	wr(H3_DS1 + 0x700, 0x11);
	assert_int_equal(fx_model.unknown_accesses, 2);
	/* 0x300 + 16*32 is IMSCTLR on Gen3: the buggy write lands there. */
	wr(H3_DS1 + 0x500, 0x11);
	assert_int_equal(fx_model.inst[2].imsctlr, 0x11);
	assert_int_equal(fx_model.inst[2].imuctr[32], 0xE0);
}

static void gen4_utlb_registers_at_0x3300_and_0x3600(void **state)
{
	(void)state;
	wr(S4_DS0 + 0x3300, 0x11);  /* IMUCTR(0) */
	wr(S4_DS0 + 0x3600, 0x21);  /* IMUCTR(32): mmc0, EED03600 */
	wr(S4_DS0 + 0x37F0, 0x31);  /* IMUCTR(63) */
	wr(S4_DS0 + 0x37F8, 0x7);   /* IMUASID(63) */
	assert_int_equal(fx_model.inst[1].imuctr[0], 0x11);
	assert_int_equal(fx_model.inst[1].imuctr[32], 0x21);
	assert_int_equal(fx_model.inst[1].imuctr[63], 0x31);
	assert_int_equal(fx_model.inst[1].imuasid[63], 0x7);
	assert_int_equal(fx_model.unknown_accesses, 0);
	/* Gen3 offsets mean nothing on Gen4, and 0x3300 + 16*32 does not
	 * alias uTLB 32. */
	wr(S4_DS0 + 0x300, 0x11);
	wr(S4_DS0 + 0x3500, 0x11);
	assert_int_equal(fx_model.inst[1].imuctr[32], 0x21);
	assert_int_equal(fx_model.unknown_accesses, 2);
}

static void gen4_context_bases_follow_the_facts_table(void **state)
{
	/* docs/ipmmu-vmsa.md 2.3: contexts 0..15 on Gen4. */
	static const uint32_t base[16] = {
		0x10000, 0x11040, 0x12080, 0x130C0, 0x14100, 0x15140, 0x16180, 0x171C0,
		0x18800, 0x19840, 0x1A880, 0x1B8C0, 0x1C900, 0x1D940, 0x1E980, 0x1F9C0,
	};

	(void)state;
	for (unsigned int c = 0; c < 16; c++)
		wr(S4_MM + base[c] + 0x08, 0x80000000u | c); /* IMTTBCR */
	for (unsigned int c = 0; c < 16; c++)
		assert_int_equal(fx_model.inst[0].ctx[c].imttbcr, 0x80000000u | c);
	assert_int_equal(fx_model.unknown_accesses, 0);
}

static void gen4_context_8_is_at_0x18800_not_0x18200(void **state)
{
	(void)state;
	wr(S4_MM + 0x18200, 0x1);
	assert_int_equal(fx_model.inst[0].ctx[8].imctr, 0);
	assert_int_equal(fx_model.unknown_accesses, 1);
	wr(S4_MM + 0x18800, 0x1);
	assert_int_equal(fx_model.inst[0].ctx[8].imctr, 0x1);
	/* S4 root context 1 IMCTR at EEFC0000 + 0x11040 (8.3). */
	wr(0xEEFD1040u, 0x5);
	assert_int_equal(fx_model.inst[0].ctx[1].imctr, 0x5);
}

static void gen4_control_registers_at_0x1500(void **state)
{
	(void)state;
	assert_int_equal(rd(S4_DS0 + 0x1500), 0x10000000);
	wr(S4_DS0 + 0x1500, 0);
	wr(S4_MM + 0x1504, 0x8); /* S2PTE */
	assert_int_equal(fx_model.inst[1].imsctlr, 0);
	assert_int_equal(fx_model.inst[0].imsauxctlr, 0x8);
	/* The Gen3 offset is nothing on Gen4. */
	wr(S4_MM + 0x500, 0);
	assert_int_equal(fx_model.unknown_accesses, 1);
}

static void unknown_offsets_read_0_and_are_counted(void **state)
{
	(void)state;
	wr(H3_MM + 0x04, 0x1234); /* IMCAAR: Gen2 only */
	assert_int_equal(rd(H3_MM + 0x04), 0);
	assert_int_equal(rd(H3_MM + 0xFFC), 0);
	assert_int_equal(rd(H3_MM + 0x42), 0); /* unaligned */
	assert_int_equal(fx_model.unknown_accesses, 4);
	assert_int_equal(fx_model.inst[0].unknown_writes, 1);
	assert_int_equal(fx_model.inst[0].unknown_reads, 3);
	assert_int_equal(fx_model.last_unknown_addr, H3_MM + 0x42);
}

static void cache_has_imctr_but_no_other_context_registers(void **state)
{
	(void)state;
	/* Contexts are programmed on the root; on a cache only IMCTR exists. */
	wr(H3_DS1 + 0x48, 0x80000080); /* IMTTBCR(1) on a cache */
	wr(H3_DS1 + 0x50, 0x1000);     /* IMTTLBR0(1) on a cache */
	assert_int_equal(rd(H3_DS1 + 0x48), 0);
	assert_int_equal(fx_model.inst[2].unknown_writes, 2);
	assert_int_equal(fx_model.inst[0].ctx[1].imttbcr, 0);
	wr(H3_DS1 + 0x40, 0x1);
	assert_int_equal(rd(H3_DS1 + 0x40), 0x1);
	assert_int_equal(fx_model.unknown_accesses, 3);
}

static void root_context_registers_hold_what_is_written(void **state)
{
	static const uint32_t off[] = {0x08, 0x0C, 0x10, 0x14, 0x18, 0x1C, 0x28, 0x2C};

	(void)state;
	for (unsigned int i = 0; i < sizeof(off) / sizeof(off[0]); i++)
		wr(H3_MM + 0x1C0 + off[i], 0xA5000000u + off[i]); /* context 7 */
	for (unsigned int i = 0; i < sizeof(off) / sizeof(off[0]); i++)
		assert_int_equal(rd(H3_MM + 0x1C0 + off[i]), 0xA5000000u + off[i]);
	assert_int_equal(fx_model.inst[0].ctx[7].immair0, 0xA5000028u);
	assert_int_equal(fx_model.unknown_accesses, 0);
}

static void address_helpers_match_the_worked_addresses(void **state)
{
	(void)state;
	fx_setup(IPFW_MODEL_GEN3);
	assert_int_equal(ipfw_model_imuctr_addr(&fx_model, 2, 32), 0xE7740600u);
	assert_int_equal(ipfw_model_imuasid_addr(&fx_model, 2, 32), 0xE7740608u);
	assert_int_equal(ipfw_model_imuctr_addr(&fx_model, 2, 31), 0xE77404F0u);
	assert_int_equal(ipfw_model_ctx_addr(&fx_model, 0, 1, IPFW_MODEL_IMSTR), 0xE67B0060u);
	assert_int_equal(ipfw_model_ctrl_addr(&fx_model, 2, IPFW_MODEL_IMSCTLR), 0xE7740500u);
	fx_setup(IPFW_MODEL_GEN4);
	assert_int_equal(ipfw_model_imuctr_addr(&fx_model, 1, 32), 0xEED03600u);
	assert_int_equal(ipfw_model_imuctr_addr(&fx_model, 1, 0), 0xEED03300u);
	assert_int_equal(ipfw_model_ctx_addr(&fx_model, 0, 1, IPFW_MODEL_IMCTR), 0xEEFD1040u);
	assert_int_equal(ipfw_model_ctx_addr(&fx_model, 0, 8, IPFW_MODEL_IMCTR), 0xEEFD8800u);
	assert_int_equal(ipfw_model_ctrl_addr(&fx_model, 0, IPFW_MODEL_IMSAUXCTLR), 0xEEFC1504u);
	assert_int_equal(ipfw_model_find(&fx_model, 0xEED1FFFCu, NULL), 1);
	assert_int_equal(ipfw_model_find(&fx_model, 0xEED20000u, NULL), -1);
}

static void instances_refuse_bad_roots_and_overlaps(void **state)
{
	static struct ipfw_model m;

	(void)state;
	ipfw_model_init(&m, IPFW_MODEL_GEN3);
	assert_int_equal(ipfw_model_add_instance(&m, "mm", 0x10000, -1), 0);
	assert_int_equal(ipfw_model_add_instance(&m, "a", 0x20000, 0), 1);
	/* A cache's root must be a root, not another cache. */
	assert_int_equal(ipfw_model_add_instance(&m, "b", 0x30000, 1), IPFW_MODEL_EINVAL);
	assert_int_equal(ipfw_model_add_instance(&m, "c", 0x30000, 5), IPFW_MODEL_EINVAL);
	assert_int_equal(ipfw_model_add_instance(&m, "d", 0x10800, -1), IPFW_MODEL_EINVAL);
	assert_int_equal(ipfw_model_add_instance(&m, NULL, 0x40000, -1), IPFW_MODEL_EINVAL);
	assert_int_equal(ipfw_model_init(&m, (enum ipfw_model_gen)2), IPFW_MODEL_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(reset_state_has_every_mmu_off_and_secgrp_set, gen3),
		cmocka_unit_test_setup(imuctr_resets_with_stale_ttsel_and_mmuen_off, gen3),
		cmocka_unit_test_setup(imuctr_resets_with_stale_ttsel_gen4, gen4),
		cmocka_unit_test(ttsel_width_is_4_bits_on_gen3_5_on_gen4),
		cmocka_unit_test_setup(imctr_flush_self_clears_after_configured_reads, gen3),
		cmocka_unit_test_setup(imctr_flush_can_be_made_to_never_clear, gen3),
		cmocka_unit_test_setup(imctr_write_without_flush_does_not_cancel_a_flush, gen3),
		cmocka_unit_test_setup(cache_imctr_flush_self_clears_too, gen3),
		cmocka_unit_test_setup(imuctr_flush_self_clears, gen3),
		cmocka_unit_test_setup(cache_drops_va64_root_keeps_it, gen3),
		cmocka_unit_test_setup(imstr_clears_on_write_0_with_the_address, gen3),
		cmocka_unit_test_setup(reading_the_address_after_clearing_sees_0, gen3),
		cmocka_unit_test_setup(imstr_partial_clear_keeps_address_while_a_fault_remains, gen3),
		cmocka_unit_test_setup(fault_address_registers_are_read_only, gen3),
		cmocka_unit_test_setup(irq_pends_only_with_inten_and_a_fault, gen3),
		cmocka_unit_test_setup(gen3_utlb_registers_split_at_32, gen3),
		cmocka_unit_test_setup(gen3_low_window_does_not_alias_upper_utlbs, gen3),
		cmocka_unit_test_setup(gen4_utlb_registers_at_0x3300_and_0x3600, gen4),
		cmocka_unit_test_setup(gen4_context_bases_follow_the_facts_table, gen4),
		cmocka_unit_test_setup(gen4_context_8_is_at_0x18800_not_0x18200, gen4),
		cmocka_unit_test_setup(gen4_control_registers_at_0x1500, gen4),
		cmocka_unit_test_setup(unknown_offsets_read_0_and_are_counted, gen3),
		cmocka_unit_test_setup(cache_has_imctr_but_no_other_context_registers, gen3),
		cmocka_unit_test_setup(root_context_registers_hold_what_is_written, gen3),
		cmocka_unit_test(address_helpers_match_the_worked_addresses),
		cmocka_unit_test(instances_refuse_bad_roots_and_overlaps),
	};

	return cmocka_run_group_tests_name("model.regs", tests, NULL, NULL);
}
