/* SPDX-License-Identifier: BSD-3-Clause */
/* R-Car CPG/MSSR release driver: offsets from design.md typed in by hand,
 * sequences checked on the bus trace, behaviour against the CPG model. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ipmmu/error.h>
#include <ipmmu/rcar_cpg.h>
#include "badinput.h"
#include "cpg_model.h"
#include "mmio_bus.h"

#define CPG_BASE 0xE6150000u /* H3 and S4 */

static int reset_bus(void **state)
{
	(void)state;
	ipfw_bus_reset();
	return 0;
}

/* design.md, "Releasing masters on R-Car": the Gen3 tables, verbatim. */
static void gen3_offsets_match_the_cpg_mssr_tables(void **state)
{
	static const uint32_t smstpcr[12] = {0x130, 0x134, 0x138, 0x13C, 0x140, 0x144,
					     0x148, 0x14C, 0x990, 0x994, 0x998, 0x99C};
	static const uint32_t mstpsr[12] = {0x030, 0x038, 0x040, 0x048, 0x04C, 0x03C,
					    0x1C0, 0x1C4, 0x9A0, 0x9A4, 0x9A8, 0x9AC};
	static const uint32_t srcr[12] = {0x0A0, 0x0A8, 0x0B0, 0x0B8, 0x0BC, 0x0C4,
					  0x1C8, 0x1CC, 0x920, 0x924, 0x928, 0x92C};
	struct ipfw_cpg_regs r;

	(void)state;
	for (uint32_t i = 0; i < 12; i++) {
		assert_int_equal(ipfw_cpg_regs(IPFW_CPG_GEN3, i, &r), IPFW_OK);
		assert_int_equal(r.stop_ctl, smstpcr[i]);
		assert_int_equal(r.stop_stat, mstpsr[i]);
		assert_int_equal(r.reset, srcr[i]);
		assert_int_equal(r.reset_clr, 0x940 + 4 * i);
	}
	assert_int_equal(ipfw_cpg_regs(IPFW_CPG_GEN3, 12, &r), IPFW_E_RANGE);
}

static void gen4_offsets_are_evenly_spaced_from_the_tables(void **state)
{
	struct ipfw_cpg_regs r;

	(void)state;
	assert_int_equal(ipfw_cpg_regs(IPFW_CPG_GEN4, 0, &r), IPFW_OK);
	assert_int_equal(r.stop_ctl, 0x2D00);
	assert_int_equal(r.stop_stat, 0x2E00);
	assert_int_equal(r.reset, 0x2C00);
	assert_int_equal(r.reset_clr, 0x2C80);
	assert_int_equal(ipfw_cpg_regs(IPFW_CPG_GEN4, 7, &r), IPFW_OK);
	assert_int_equal(r.stop_ctl, 0x2D1C);
	assert_int_equal(r.reset_clr, 0x2C9C);
	assert_int_equal(ipfw_cpg_regs(IPFW_CPG_GEN4, 31, &r), IPFW_OK);
	assert_int_equal(ipfw_cpg_regs(IPFW_CPG_GEN4, 32, &r), IPFW_E_RANGE);
	assert_int_equal(ipfw_cpg_regs(IPFW_CPG_GEN3, 0, NULL), IPFW_E_INVAL);
}

/* N = register * 100 + bit, decimal (renesas,cpg-mssr binding). */
static void module_numbers_split_into_register_and_bit(void **state)
{
	uint32_t reg = 0, bit = 0;

	(void)state;
	assert_int_equal(ipfw_cpg_module(IPFW_CPG_GEN3, 314, &reg, &bit), IPFW_OK);
	assert_int_equal(reg, 3);
	assert_int_equal(bit, 14);
	assert_int_equal(ipfw_cpg_module(IPFW_CPG_GEN3, 1131, &reg, &bit), IPFW_OK);
	assert_int_equal(reg, 11);
	assert_int_equal(bit, 31);
	IPFW_BADINPUT("boot: CPG module numbers", "Gen3 module 332 (bit 32)", IPFW_E_RANGE,
		      ipfw_cpg_module(IPFW_CPG_GEN3, 332, &reg, &bit));
	IPFW_BADINPUT("boot: CPG module numbers", "Gen3 module 1200 (register 12)", IPFW_E_RANGE,
		      ipfw_cpg_module(IPFW_CPG_GEN3, 1200, &reg, &bit));
	assert_int_equal(ipfw_cpg_module(IPFW_CPG_GEN4, 2931, &reg, &bit), IPFW_OK);
	IPFW_BADINPUT("boot: CPG module numbers", "Gen4 module 3200 (register 32)", IPFW_E_RANGE,
		      ipfw_cpg_module(IPFW_CPG_GEN4, 3200, &reg, &bit));
}

/* H3 SDHI0 is module 314: clear SMSTPCR3 bit 14, poll MSTPSR3. */
static void clock_on_clears_the_stop_bit_then_polls_status(void **state)
{
	const struct ipfw_cpg cpg = {CPG_BASE, IPFW_CPG_GEN3, {.tries = 10, .step_us = 1}, NULL};

	(void)state;
	ipfw_bus_poke(CPG_BASE + 0x13C, 0xFFFFFFFF);
	ipfw_bus_poke(CPG_BASE + 0x048, 0xFFFFFFFF & ~(1u << 14));
	assert_int_equal(ipfw_cpg_clock_on(&cpg, 314), IPFW_OK);
	assert_int_equal(ipfw_bus_trace_len(), 4);
	assert_int_equal(ipfw_bus_trace_at(0)->op, IPFW_BUS_READ);
	assert_int_equal(ipfw_bus_trace_at(0)->addr, CPG_BASE + 0x13C);
	assert_int_equal(ipfw_bus_trace_at(1)->op, IPFW_BUS_WRITE);
	assert_int_equal(ipfw_bus_trace_at(1)->addr, CPG_BASE + 0x13C);
	assert_int_equal(ipfw_bus_trace_at(1)->val, 0xFFFFFFFF & ~(1u << 14));
	assert_int_equal(ipfw_bus_trace_at(2)->op, IPFW_BUS_BARRIER);
	assert_int_equal(ipfw_bus_trace_at(3)->addr, CPG_BASE + 0x048);
}

static void clock_that_never_starts_times_out(void **state)
{
	const struct ipfw_cpg cpg = {CPG_BASE, IPFW_CPG_GEN3, {.tries = 10, .step_us = 1}, NULL};

	(void)state;
	ipfw_bus_stuck(CPG_BASE + 0x048, 1u << 14, 1u << 14);
	assert_int_equal(ipfw_cpg_clock_on(&cpg, 314), IPFW_E_TIMEOUT);
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_READ, CPG_BASE + 0x048), 10);
	IPFW_BADINPUT("hardware: stuck bits", "CPG clock status never shows the module running",
		      IPFW_E_TIMEOUT, ipfw_cpg_clock_on(&cpg, 314));
}

/* Reset registers take the bit alone: no read-modify-write. */
static void reset_writes_only_the_module_bit(void **state)
{
	const struct ipfw_cpg cpg = {0xE6150000u, IPFW_CPG_GEN4, {.tries = 10, .step_us = 1}, NULL};

	(void)state;
	assert_int_equal(ipfw_cpg_reset_assert(&cpg, 706), IPFW_OK);
	assert_int_equal(ipfw_cpg_reset_deassert(&cpg, 706), IPFW_OK);
	assert_int_equal(ipfw_bus_count(IPFW_BUS_READ), 0);
	assert_int_equal(ipfw_bus_trace_at(0)->addr, 0xE6150000u + 0x2C1C);
	assert_int_equal(ipfw_bus_trace_at(0)->val, 1u << 6);
	assert_int_equal(ipfw_bus_trace_at(1)->addr, 0xE6150000u + 0x2C9C);
	assert_int_equal(ipfw_bus_trace_at(1)->val, 1u << 6);
}

static void bad_module_numbers_touch_no_register(void **state)
{
	const struct ipfw_cpg cpg = {CPG_BASE, IPFW_CPG_GEN3, {.tries = 10, .step_us = 1}, NULL};

	(void)state;
	IPFW_BADINPUT("boot: CPG module numbers", "clock on for module 1250", IPFW_E_RANGE,
		      ipfw_cpg_clock_on(&cpg, 1250));
	IPFW_BADINPUT("boot: CPG module numbers", "reset release for module 99", IPFW_E_RANGE,
		      ipfw_cpg_reset_deassert(&cpg, 99));
	IPFW_BADINPUT("boot: CPG module numbers", "reset status of module 1200", IPFW_E_RANGE,
		      ipfw_cpg_reset_held(&cpg, 1200));
	IPFW_BADINPUT("boot: CPG module numbers", "NULL CPG description", IPFW_E_INVAL,
		      ipfw_cpg_reset_assert(NULL, 314));
	assert_int_equal(ipfw_bus_trace_len(), 0);
}

/* Against the model: a held, stopped module comes out running, and the
 * model saw the clock start before the reset release. */
static void release_against_the_model_clock_then_reset(void **state)
{
	static struct ipfw_cpg_model m;
	const struct ipfw_cpg cpg = {CPG_BASE, IPFW_CPG_GEN3, {.tries = 10, .step_us = 1}, NULL};

	(void)state;
	ipfw_cpg_model_init(&m, IPFW_CPG_MODEL_GEN3, CPG_BASE, 1);
	assert_int_equal(ipfw_cpg_model_attach(&m), 0);
	assert_int_equal(ipfw_cpg_reset_held(&cpg, 812), 1);

	assert_int_equal(ipfw_cpg_clock_on(&cpg, 812), IPFW_OK);
	assert_int_equal(ipfw_cpg_reset_deassert(&cpg, 812), IPFW_OK);
	assert_int_equal(ipfw_cpg_model_held(&m, 812), 0);
	assert_int_equal(ipfw_cpg_model_stopped(&m, 812), 0);
	assert_int_equal(ipfw_cpg_reset_held(&cpg, 812), 0);
	assert_true(ipfw_cpg_model_first(&m, IPFW_CPG_EV_CLOCK_ON, 812) <
		    ipfw_cpg_model_first(&m, IPFW_CPG_EV_RESET_RELEASE, 812));
	/* nothing else moved */
	assert_int_equal(ipfw_cpg_model_held(&m, 813), 1);
	assert_int_equal(ipfw_cpg_model_stopped(&m, 811), 1);
	assert_int_equal(m.nevents, 2);
	assert_int_equal(m.unknown_accesses, 0);

	assert_int_equal(ipfw_cpg_reset_assert(&cpg, 812), IPFW_OK);
	assert_int_equal(ipfw_cpg_model_held(&m, 812), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gen3_offsets_match_the_cpg_mssr_tables),
		cmocka_unit_test(gen4_offsets_are_evenly_spaced_from_the_tables),
		cmocka_unit_test(module_numbers_split_into_register_and_bit),
		cmocka_unit_test_setup(clock_on_clears_the_stop_bit_then_polls_status, reset_bus),
		cmocka_unit_test_setup(clock_that_never_starts_times_out, reset_bus),
		cmocka_unit_test_setup(reset_writes_only_the_module_bit, reset_bus),
		cmocka_unit_test_setup(bad_module_numbers_touch_no_register, reset_bus),
		cmocka_unit_test_setup(release_against_the_model_clock_then_reset, reset_bus),
	};
	return cmocka_run_group_tests_name("boot.rcar_cpg", tests, NULL, NULL);
}
