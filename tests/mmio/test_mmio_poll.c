/* SPDX-License-Identifier: BSD-3-Clause */
/* ipfw_mmio_poll32: barrier first, bounded reads, delay between reads. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ipmmu/error.h>
#include <ipmmu/mmio.h>
#include "badinput.h"
#include "mmio_bus.h"

#define REG 0xE67B0000u /* IMCTR of context 0 on H3's IPMMU-MM */
#define FLUSH 0x2u

struct delay_log {
	unsigned int calls;
	uint32_t total_us;
	size_t trace_len_at_call[64];
};

static void log_delay(void *ctx, uint32_t us)
{
	struct delay_log *d = ctx;

	if (d->calls < 64)
		d->trace_len_at_call[d->calls] = ipfw_bus_trace_len();
	d->calls++;
	d->total_us += us;
}

static int reset_bus(void **state)
{
	(void)state;
	ipfw_bus_reset();
	return 0;
}

static void poll_succeeds_when_bit_self_clears_after_three_reads(void **state)
{
	struct delay_log log = {0};
	const struct ipfw_delay d = {log_delay, &log};
	const struct ipfw_poll_limit lim = {.tries = 100, .step_us = 1};
	uint32_t last = 0xdead;

	(void)state;
	ipfw_bus_self_clear(REG, FLUSH, 3);
	ipfw_mmio_write32(REG, FLUSH | 1);
	ipfw_bus_trace_clear();

	assert_int_equal(ipfw_mmio_poll32(REG, FLUSH, 0, &lim, &d, &last), IPFW_OK);
	assert_int_equal(last, 1);
	/* barrier, then 3 reads that see FLUSH, then the read that sees it clear */
	assert_int_equal(ipfw_bus_trace_len(), 5);
	assert_int_equal(ipfw_bus_trace_at(0)->op, IPFW_BUS_BARRIER);
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_READ, REG), 4);
	/* a delay between consecutive reads, never before the first */
	assert_int_equal(log.calls, 3);
	assert_int_equal(log.total_us, 3);
	assert_int_equal(log.trace_len_at_call[0], 2);
}

static void poll_times_out_after_exactly_tries_reads(void **state)
{
	struct delay_log log = {0};
	const struct ipfw_delay d = {log_delay, &log};
	const struct ipfw_poll_limit lim = {.tries = 100, .step_us = 1};
	uint32_t last = 0;

	(void)state;
	ipfw_bus_stuck(REG, FLUSH, FLUSH); /* FLUSH never clears */
	IPFW_BADINPUT("hardware: stuck bits", "IMCTR.FLUSH never self-clears", IPFW_E_TIMEOUT,
		      ipfw_mmio_poll32(REG, FLUSH, 0, &lim, &d, &last));
	assert_int_equal(last & FLUSH, FLUSH);
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_READ, REG), 100);
	assert_int_equal(ipfw_bus_count(IPFW_BUS_BARRIER), 1);
	assert_int_equal(log.calls, 99);
	assert_int_equal(log.total_us, 99);
}

static void poll_matches_a_set_value_too(void **state)
{
	const struct ipfw_poll_limit lim = {.tries = 5, .step_us = 10};
	static const uint32_t vals[] = {0x0, 0x4, 0x5};

	(void)state;
	ipfw_bus_script_reads(0x3000, vals, 3);
	assert_int_equal(ipfw_mmio_poll32(0x3000, 0x5, 0x5, &lim, NULL, NULL), IPFW_OK);
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_READ, 0x3000), 3);
}

static void poll_with_zero_tries_still_reads_once(void **state)
{
	const struct ipfw_poll_limit lim = {.tries = 0, .step_us = 1};

	(void)state;
	assert_int_equal(ipfw_mmio_poll32(0x3000, 1, 0, &lim, NULL, NULL), IPFW_OK);
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_READ, 0x3000), 1);
}

/* Zero tries means one read, not two: a value that never matches times out
 * after exactly one read and no delay. */
static void poll_with_zero_tries_times_out_after_one_read(void **state)
{
	struct delay_log log = {0};
	const struct ipfw_delay d = {log_delay, &log};
	const struct ipfw_poll_limit lim = {.tries = 0, .step_us = 1};
	uint32_t last = 0;

	(void)state;
	ipfw_bus_stuck(REG, FLUSH, FLUSH);
	assert_int_equal(ipfw_mmio_poll32(REG, FLUSH, 0, &lim, &d, &last), IPFW_E_TIMEOUT);
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_READ, REG), 1);
	assert_int_equal(last & FLUSH, FLUSH);
	assert_int_equal(log.calls, 0);
}

static void poll_rejects_bad_arguments_without_touching_hardware(void **state)
{
	const struct ipfw_poll_limit lim = {.tries = 5, .step_us = 1};

	(void)state;
	IPFW_BADINPUT("mmio: poll arguments", "wanted value has bits outside the mask", IPFW_E_INVAL,
		      ipfw_mmio_poll32(REG, 0x1, 0x2, &lim, NULL, NULL));
	IPFW_BADINPUT("mmio: poll arguments", "NULL poll limit", IPFW_E_INVAL,
		      ipfw_mmio_poll32(REG, 0x1, 0x0, NULL, NULL, NULL));
	assert_int_equal(ipfw_bus_trace_len(), 0);
}

/* A faulting register reads as all-ones: the poll for "clear" times out
 * instead of reporting success. */
static void poll_on_faulting_register_times_out(void **state)
{
	const struct ipfw_poll_limit lim = {.tries = 4, .step_us = 1};

	(void)state;
	ipfw_bus_fault(REG);
	IPFW_BADINPUT("hardware: bus faults", "register reads fault (all-ones)", IPFW_E_TIMEOUT,
		      ipfw_mmio_poll32(REG, FLUSH, 0, &lim, NULL, NULL));
	assert_int_equal(ipfw_bus_faults(), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(poll_succeeds_when_bit_self_clears_after_three_reads, reset_bus),
		cmocka_unit_test_setup(poll_times_out_after_exactly_tries_reads, reset_bus),
		cmocka_unit_test_setup(poll_matches_a_set_value_too, reset_bus),
		cmocka_unit_test_setup(poll_with_zero_tries_still_reads_once, reset_bus),
		cmocka_unit_test_setup(poll_with_zero_tries_times_out_after_one_read, reset_bus),
		cmocka_unit_test_setup(poll_rejects_bad_arguments_without_touching_hardware, reset_bus),
		cmocka_unit_test_setup(poll_on_faulting_register_times_out, reset_bus),
	};
	return cmocka_run_group_tests_name("mmio.poll", tests, NULL, NULL);
}
