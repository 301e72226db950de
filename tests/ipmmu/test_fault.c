/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fault decode against docs/ipmmu-vmsa.md section 6: read IMSTR, then IMELAR and
 * IMEUAR, then clear IMSTR by writing 0 (not W1C); text formatting.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>
#include "badinput.h"
#include "golden_util.h"

static struct ipfw_ipmmu_inst inst[3];
static struct ipfw_ipmmu_inst_state state[3];
static struct ipfw_ipmmu mmu;
static const struct ipfw_ipmmu_ctx_cfg s1 = {IPFW_IPMMU_FMT_S1_32, 0x7FE00000, 0xF404FF44};

static int setup_h3(void **st)
{
	(void)st;
	ipfw_bus_reset();
	h3_instances(inst);
	return ipfw_ipmmu_init(&mmu, inst, state, 3, NULL, NULL);
}

static int setup_s4(void **st)
{
	(void)st;
	ipfw_bus_reset();
	s4_instances(inst);
	return ipfw_ipmmu_init(&mmu, inst, state, 3, NULL, NULL);
}

static void translation_fault_is_read_address_first_then_cleared_with_zero(void **st)
{
	static const struct bus_op golden[] = {
		R(0xE67B0060, 0x00000101), /* IMSTR(1): TF, ERRCODE 1 */
		R(0xE67B0070, 0x12345000), /* IMELAR(1) */
		R(0xE67B0074, 0x00000000), /* IMEUAR(1) */
		W(0xE67B0060, 0x00000000),
	};
	struct ipfw_ipmmu_fault f;
	char line[128];

	(void)st;
	ipfw_bus_poke(0xE67B0060, 0x101);
	ipfw_bus_poke(0xE67B0070, 0x12345000);
	assert_int_equal(ipfw_ipmmu_fault_read(&mmu, 0, 1, &f), 1);
	expect_trace(golden, N_OPS(golden));
	assert_int_equal(f.ctx, 1);
	assert_int_equal(f.root, 0);
	assert_int_equal(f.imstr, 0x101);
	assert_int_equal(f.kinds, IPFW_IPMMU_FAULT_TF);
	assert_int_equal(f.errcode, 1);
	assert_int_equal(f.addr, 0x12345000);
	assert_int_equal(ipfw_ipmmu_fault_format(&f, line, sizeof(line)), 74);
	assert_string_equal(line,
			    "ipmmu_mm ctx 1: translation fault at 0x0000000012345000 (IMSTR 0x00000101)");
}

static void no_error_bit_means_no_fault_and_no_write(void **st)
{
	struct ipfw_ipmmu_fault f;

	(void)st;
	assert_int_equal(ipfw_ipmmu_fault_read(&mmu, 0, 2, &f), 0);
	ipfw_bus_poke(0xE67B00A0, 0x8); /* bit 3 is not an error bit */
	assert_int_equal(ipfw_ipmmu_fault_read(&mmu, 0, 2, &f), 0);
	assert_int_equal(ipfw_bus_count(IPFW_BUS_WRITE), 0);
	assert_int_equal(ipfw_bus_count(IPFW_BUS_READ), 2);
	assert_int_equal(ipfw_ipmmu_fault_read(&mmu, 0, 8, &f), IPFW_E_RANGE);
	assert_int_equal(ipfw_ipmmu_fault_read(&mmu, 1, 1, &f), IPFW_E_INVAL);
}

static void gen4_fault_carries_a_40_bit_address_from_imeuar(void **st)
{
	struct ipfw_ipmmu_fault f;
	char line[128];

	(void)st;
	/* S4 context 1 at +0x11040: IMSTR +0x20, IMELAR +0x30, IMEUAR +0x34 */
	ipfw_bus_poke(0xEEFD1060, 0x2 | 0x10); /* PF + MHIT */
	ipfw_bus_poke(0xEEFD1070, 0x12345000);
	ipfw_bus_poke(0xEEFD1074, 0x48);
	assert_int_equal(ipfw_ipmmu_fault_read(&mmu, 0, 1, &f), 1);
	assert_int_equal(f.addr, 0x4812345000ull);
	assert_int_equal(f.kinds, IPFW_IPMMU_FAULT_PF | IPFW_IPMMU_FAULT_MHIT);
	assert_int_equal(ipfw_bus_peek(0xEEFD1060), 0);
	ipfw_ipmmu_fault_format(&f, line, sizeof(line));
	assert_string_equal(line, "ipmmu_mm ctx 1: permission fault+multiple TLB hit at "
				  "0x0000004812345000 (IMSTR 0x00000012)");
}

static void scan_reads_only_allocated_contexts_and_returns_the_faulting_one(void **st)
{
	struct ipfw_ipmmu_domain d[3];
	struct ipfw_ipmmu_fault f;

	(void)st;
	for (unsigned int i = 0; i < 3; i++)
		assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &d[i]), 0);
	ipfw_bus_poke(0xE67B0020, 0x1); /* context 0: not ours, ignored */
	ipfw_bus_poke(0xE67B00E0, 0x4); /* context 3: page-walk abort */
	ipfw_bus_poke(0xE67B00F0, 0xFFFFF000);
	ipfw_bus_trace_clear();
	assert_int_equal(ipfw_ipmmu_fault_scan(&mmu, 0, &f), 1);
	assert_int_equal(f.ctx, 3);
	assert_int_equal(f.kinds, IPFW_IPMMU_FAULT_ABORT);
	assert_int_equal(f.addr, 0xFFFFF000);
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_READ, 0xE67B0020), 0);
	assert_int_equal(ipfw_bus_peek(0xE67B0020), 0x1);
	/* cleared: a second scan finds nothing */
	assert_int_equal(ipfw_ipmmu_fault_scan(&mmu, 0, &f), 0);
}

/* Instance indices are checked against the count given to init, not the
 * caller's array: a root past the count is refused, touching nothing. */
static void fault_read_and_scan_refuse_an_instance_past_the_count(void **st)
{
	const struct ipfw_soc *h3 = ipfw_soc_by_name("r8a7795");
	const struct ipfw_ipmmu_inst two[2] = {
		{"mm_a", 0xE67B0000, h3, IPFW_IPMMU_IS_ROOT, 0},
		{"mm_b", 0xE67C0000, h3, IPFW_IPMMU_IS_ROOT, 0},
	};
	struct ipfw_ipmmu_inst_state st2[2];
	struct ipfw_ipmmu m;
	struct ipfw_ipmmu_fault f;

	(void)st;
	memset(st2, 0, sizeof(st2));
	assert_int_equal(ipfw_ipmmu_init(&m, two, st2, 1, NULL, NULL), IPFW_OK);
	ipfw_bus_trace_clear();
	IPFW_BADINPUT("ipmmu: fault arguments", "fault scan of instance 1 of 1", IPFW_E_INVAL,
		      ipfw_ipmmu_fault_scan(&m, 1, &f));
	IPFW_BADINPUT("ipmmu: fault arguments", "fault read of instance 1 of 1", IPFW_E_INVAL,
		      ipfw_ipmmu_fault_read(&m, 1, 1, &f));
	assert_int_equal(ipfw_bus_trace_len(), 0);
	assert_int_equal(ipfw_ipmmu_fault_scan(&m, 0, &f), 0);
}

static void fault_text_truncates_with_nospace_and_stays_terminated(void **st)
{
	const struct ipfw_ipmmu_fault f = {.root = 0, .name = NULL, .ctx = 12, .imstr = 0x1,
					   .kinds = IPFW_IPMMU_FAULT_TF, .addr = 0xABC};
	char line[20];
	char big[128];

	(void)st;
	assert_int_equal(ipfw_ipmmu_fault_format(&f, line, sizeof(line)), IPFW_E_NOSPACE);
	assert_int_equal(strlen(line), sizeof(line) - 1);
	assert_memory_equal(line, "ipmmu ctx 12: trans", 19);
	assert_int_equal(ipfw_ipmmu_fault_format(&f, big, sizeof(big)), 72);
	assert_string_equal(big, "ipmmu ctx 12: translation fault at 0x0000000000000ABC (IMSTR "
				 "0x00000001)");
	assert_int_equal(ipfw_ipmmu_fault_format(&f, big, 0), IPFW_E_INVAL);
	assert_int_equal(ipfw_ipmmu_fault_format(NULL, big, 4), IPFW_E_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(translation_fault_is_read_address_first_then_cleared_with_zero,
				       setup_h3),
		cmocka_unit_test_setup(no_error_bit_means_no_fault_and_no_write, setup_h3),
		cmocka_unit_test_setup(gen4_fault_carries_a_40_bit_address_from_imeuar, setup_s4),
		cmocka_unit_test_setup(scan_reads_only_allocated_contexts_and_returns_the_faulting_one,
				       setup_h3),
		cmocka_unit_test_setup(fault_read_and_scan_refuse_an_instance_past_the_count, setup_h3),
		cmocka_unit_test(fault_text_truncates_with_nospace_and_stays_terminated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
