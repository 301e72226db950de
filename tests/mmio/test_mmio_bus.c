/* SPDX-License-Identifier: BSD-3-Clause */
/* The seam's bus is itself an oracle for other tests: pin its behaviour. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ipmmu/mmio.h>
#include "mmio_bus.h"

struct fake_dev {
	uint32_t regs[4];
	unsigned int reads, writes;
};

static uint32_t fake_read(void *ctx, uintptr_t off)
{
	struct fake_dev *f = ctx;

	f->reads++;
	return f->regs[(off / 4) & 3];
}

static void fake_write(void *ctx, uintptr_t off, uint32_t val)
{
	struct fake_dev *f = ctx;

	f->writes++;
	f->regs[(off / 4) & 3] = val + 1; /* visibly not a plain register */
}

static int reset_bus(void **state)
{
	(void)state;
	ipfw_bus_reset();
	return 0;
}

static void device_window_receives_offsets(void **state)
{
	struct fake_dev f = {0};
	const struct ipfw_bus_device dev = {"fake", 0x10000, 0x10, fake_read, fake_write, &f};

	(void)state;
	assert_int_equal(ipfw_bus_attach(&dev), 0);
	ipfw_mmio_write32(0x10008, 41);
	assert_int_equal(ipfw_mmio_read32(0x10008), 42);
	assert_int_equal(f.reads, 1);
	assert_int_equal(f.writes, 1);
	/* just outside the window: the register file, not the device */
	ipfw_mmio_write32(0x10010, 7);
	assert_int_equal(ipfw_mmio_read32(0x10010), 7);
	assert_int_equal(f.writes, 1);
}

static void overlapping_windows_are_refused(void **state)
{
	struct fake_dev f = {0};
	const struct ipfw_bus_device a = {"a", 0x10000, 0x1000, fake_read, fake_write, &f};
	const struct ipfw_bus_device b = {"b", 0x10800, 0x1000, fake_read, fake_write, &f};
	const struct ipfw_bus_device c = {"c", 0x11000, 0x1000, fake_read, fake_write, &f};

	(void)state;
	assert_int_equal(ipfw_bus_attach(&a), 0);
	assert_int_equal(ipfw_bus_attach(&b), -1);
	assert_int_equal(ipfw_bus_attach(&c), 0);
}

static void scripted_reads_come_first_then_normal(void **state)
{
	static const uint32_t vals[] = {1, 2};

	(void)state;
	ipfw_bus_poke(0x40, 9);
	ipfw_bus_script_reads(0x40, vals, 2);
	assert_int_equal(ipfw_mmio_read32(0x40), 1);
	assert_int_equal(ipfw_mmio_read32(0x40), 2);
	assert_int_equal(ipfw_mmio_read32(0x40), 9);
}

static void self_clear_zero_reads_clears_on_write(void **state)
{
	(void)state;
	ipfw_bus_self_clear(0x50, 0x2, 0);
	ipfw_mmio_write32(0x50, 0x3);
	assert_int_equal(ipfw_mmio_read32(0x50), 0x1);
}

static void stuck_bits_override_devices(void **state)
{
	struct fake_dev f = {.regs = {0x10, 0, 0, 0}};
	const struct ipfw_bus_device dev = {"fake", 0x20000, 0x10, fake_read, fake_write, &f};

	(void)state;
	ipfw_bus_attach(&dev);
	ipfw_bus_stuck(0x20000, 0xFF, 0x5A);
	assert_int_equal(ipfw_mmio_read32(0x20000), 0x5A);
}

static void faulting_write_is_dropped_and_marked(void **state)
{
	(void)state;
	ipfw_bus_poke(0x60, 3);
	ipfw_bus_fault(0x60);
	ipfw_mmio_write32(0x60, 4);
	assert_int_equal(ipfw_bus_peek(0x60), 3);
	assert_int_equal(ipfw_mmio_read32(0x60), IPFW_BUS_FAULT_VALUE);
	assert_true(ipfw_bus_trace_at(0)->faulted);
	assert_true(ipfw_bus_trace_at(1)->faulted);
	assert_int_equal(ipfw_bus_faults(), 2);
}

static unsigned int observed;
static void count_observer(void *ctx, const struct ipfw_bus_access *a)
{
	(void)ctx;
	(void)a;
	observed++;
}

static void observer_sees_every_access(void **state)
{
	(void)state;
	observed = 0;
	ipfw_bus_set_observer(count_observer, NULL);
	ipfw_mmio_write32(0x70, 1);
	(void)ipfw_mmio_read32(0x70);
	ipfw_mmio_dsb();
	assert_int_equal(observed, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(device_window_receives_offsets, reset_bus),
		cmocka_unit_test_setup(overlapping_windows_are_refused, reset_bus),
		cmocka_unit_test_setup(scripted_reads_come_first_then_normal, reset_bus),
		cmocka_unit_test_setup(self_clear_zero_reads_clears_on_write, reset_bus),
		cmocka_unit_test_setup(stuck_bits_override_devices, reset_bus),
		cmocka_unit_test_setup(faulting_write_is_dropped_and_marked, reset_bus),
		cmocka_unit_test_setup(observer_sees_every_access, reset_bus),
	};
	return cmocka_run_group_tests_name("mmio.bus", tests, NULL, NULL);
}
