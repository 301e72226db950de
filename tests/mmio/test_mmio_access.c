/* SPDX-License-Identifier: BSD-3-Clause */
/* Accessors reach the seam one-for-one, in program order. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ipmmu/mmio.h>
#include "mmio_bus.h"

static int reset_bus(void **state)
{
	(void)state;
	ipfw_bus_reset();
	return 0;
}

static void write_then_read_returns_value_and_traces_both(void **state)
{
	(void)state;
	ipfw_mmio_write32(0xE67B0010, 0x12345000);
	assert_int_equal(ipfw_mmio_read32(0xE67B0010), 0x12345000);

	assert_int_equal(ipfw_bus_trace_len(), 2);
	assert_int_equal(ipfw_bus_trace_at(0)->op, IPFW_BUS_WRITE);
	assert_int_equal(ipfw_bus_trace_at(0)->addr, 0xE67B0010);
	assert_int_equal(ipfw_bus_trace_at(0)->val, 0x12345000);
	assert_int_equal(ipfw_bus_trace_at(1)->op, IPFW_BUS_READ);
	assert_int_equal(ipfw_bus_trace_at(1)->val, 0x12345000);
}

static void clrset_reads_once_writes_once(void **state)
{
	(void)state;
	ipfw_bus_poke(0x1000, 0xF0F0F0F0);
	assert_int_equal(ipfw_mmio_clrset32(0x1000, 0x000000F0, 0x00000003), 0xF0F0F003);
	assert_int_equal(ipfw_bus_peek(0x1000), 0xF0F0F003);
	assert_int_equal(ipfw_bus_count(IPFW_BUS_READ), 1);
	assert_int_equal(ipfw_bus_count(IPFW_BUS_WRITE), 1);
	assert_int_equal(ipfw_bus_trace_at(0)->op, IPFW_BUS_READ);
	assert_int_equal(ipfw_bus_trace_at(1)->op, IPFW_BUS_WRITE);
}

/* Bits both cleared and set end up set (set wins), as documented. */
static void clrset_set_wins_over_clear(void **state)
{
	(void)state;
	ipfw_bus_poke(0x2000, 0x0);
	assert_int_equal(ipfw_mmio_clrset32(0x2000, 0x3, 0x1), 0x1);
}

static void dsb_reaches_the_seam_as_barrier(void **state)
{
	(void)state;
	ipfw_mmio_dsb();
	assert_int_equal(ipfw_bus_trace_len(), 1);
	assert_int_equal(ipfw_bus_trace_at(0)->op, IPFW_BUS_BARRIER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(write_then_read_returns_value_and_traces_both, reset_bus),
		cmocka_unit_test_setup(clrset_reads_once_writes_once, reset_bus),
		cmocka_unit_test_setup(clrset_set_wins_over_clear, reset_bus),
		cmocka_unit_test_setup(dsb_reaches_the_seam_as_barrier, reset_bus),
	};
	return cmocka_run_group_tests_name("mmio.access", tests, NULL, NULL);
}
