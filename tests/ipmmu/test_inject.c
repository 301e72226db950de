/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Hardware misbehaviour injected through the bus seam (mmio_bus.h): a FLUSH
 * that never clears, registers that read back wrong, a faulting register.
 * The driver must return the named error, stay bounded, and leave nothing
 * half-enabled (docs/ipmmu-vmsa.md sections 5 and 9 item 7).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "badinput.h"

#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>
#include "golden_util.h"

#define ROOT_IMCTR1 (H3_MM + 0x40)
#define ROOT_IMTTBCR1 (H3_MM + 0x48)
#define ROOT_IMTTUBR01 (H3_MM + 0x54)
#define DS1_IMCTR1 (H3_DS1 + 0x40)
#define DS0_IMCTR1 (H3_DS0 + 0x40)
#define DS1_IMUCTR(n) (H3_DS1 + 0x600 + 16 * ((n) - 32))
#define DS0_IMUCTR(n) (H3_DS0 + 0x300 + 16 * (n))

static struct ipfw_ipmmu_inst inst[3];
static struct ipfw_ipmmu_inst_state state[3];
static struct ipfw_ipmmu mmu;
static unsigned int delays;
static uint32_t delayed_us;

static const struct ipfw_ipmmu_ctx_cfg s1 = {IPFW_IPMMU_FMT_S1_32, 0x7FE00000, 0xF404FF44};
static const struct ipfw_ipmmu_owner m1 = {"sdhi0", 1}, m2 = {"sdhi1", 2}, m3 = {"avb", 3};

static void count_delay(void *ctx, uint32_t us)
{
	(void)ctx;
	delays++;
	delayed_us += us;
}

static int setup_h3(void **st)
{
	const struct ipfw_delay d = {count_delay, NULL};

	(void)st;
	ipfw_bus_reset();
	h3_instances(inst);
	delays = 0;
	delayed_us = 0;
	ipfw_bus_self_clear(ROOT_IMCTR1, 0x2, 0);
	return ipfw_ipmmu_init(&mmu, inst, state, 3, NULL, &d);
}

static void flush_that_never_clears_times_out_after_100_polls_and_disables_utlbs(void **st)
{
	struct ipfw_ipmmu_domain dom;

	(void)st;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &dom), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 1, 32, m1, NULL), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 1, 33, m2, NULL), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 2, 16, m3, NULL), IPFW_OK);
	ipfw_bus_stuck(ROOT_IMCTR1, 0x2, 0x2);
	ipfw_bus_trace_clear();
	delays = 0;
	delayed_us = 0;

	IPFW_BADINPUT("hardware: stuck bits", "IMCTR.FLUSH never clears: flush", IPFW_E_TIMEOUT,
		      ipfw_ipmmu_flush(&mmu, &dom));
	/* one read to build the value, then Linux's 100 x 1 us */
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_READ, ROOT_IMCTR1), 1 + 100);
	assert_int_equal(delays, 99);
	assert_int_equal(delayed_us, 99);
	/* every uTLB of the context, on both caches, is off */
	assert_int_equal(ipfw_bus_peek(DS1_IMUCTR(32)), 0);
	assert_int_equal(ipfw_bus_peek(DS1_IMUCTR(33)), 0);
	assert_int_equal(ipfw_bus_peek(DS0_IMUCTR(16)), 0);
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_WRITE, DS1_IMUCTR(32)), 1);
	/* and stays off: the domain refuses new masters */
	ipfw_bus_trace_clear();
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 1, 34, m1, NULL), IPFW_E_STATE);
	assert_int_equal(ipfw_bus_trace_len(), 0);
}

static void flush_poll_obeys_a_board_poll_limit(void **st)
{
	const struct ipfw_poll_limit lim = {.tries = 5, .step_us = 10};
	const struct ipfw_delay d = {count_delay, NULL};
	struct ipfw_ipmmu_domain dom;

	(void)st;
	assert_int_equal(ipfw_ipmmu_init(&mmu, inst, state, 3, &lim, &d), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &dom), IPFW_OK);
	ipfw_bus_stuck(ROOT_IMCTR1, 0x2, 0x2);
	ipfw_bus_trace_clear();
	IPFW_BADINPUT("hardware: stuck bits",
		      "IMCTR.FLUSH never clears: flush with a 5-try poll limit", IPFW_E_TIMEOUT,
		      ipfw_ipmmu_flush(&mmu, &dom));
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_READ, ROOT_IMCTR1), 1 + 5);
	assert_int_equal(delayed_us, 40);
	assert_int_equal(ipfw_bus_count(IPFW_BUS_BARRIER), 1);
}

static void enable_flush_timeout_on_first_attach_never_enables_the_utlb(void **st)
{
	struct ipfw_ipmmu_domain dom, other;

	(void)st;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &dom), IPFW_OK);
	ipfw_bus_stuck(ROOT_IMCTR1, 0x2, 0x2);
	ipfw_bus_trace_clear();
	IPFW_BADINPUT("hardware: stuck bits",
		      "IMCTR.FLUSH never clears: first attach", IPFW_E_TIMEOUT,
		      ipfw_ipmmu_attach(&mmu, &dom, 1, 32, m1, NULL));
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_READ, ROOT_IMCTR1), 100);
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_WRITE, DS1_IMUCTR(32)), 0);
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_WRITE, DS1_IMUCTR(32) + 8), 0);
	assert_int_equal(ipfw_ipmmu_utlb_query(&state[1].utlb, 32, NULL, NULL), 0);
	/* teardown times out too: the bank stays taken */
	IPFW_BADINPUT("hardware: stuck bits",
		      "IMCTR.FLUSH never clears: domain teardown", IPFW_E_TIMEOUT,
		      ipfw_ipmmu_domain_destroy(&mmu, &dom));
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &other), IPFW_OK);
	assert_int_equal(other.ctx, 2);
	/* the hardware recovers: a retried teardown frees context 1 */
	ipfw_bus_stuck(ROOT_IMCTR1, 0, 0);
	assert_int_equal(ipfw_ipmmu_domain_destroy(&mmu, &dom), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &other), IPFW_OK);
	assert_int_equal(other.ctx, 1);
}

static void imttbcr_reading_back_wrong_fails_create_and_frees_the_context(void **st)
{
	struct ipfw_ipmmu_domain dom = {0};

	(void)st;
	ipfw_bus_stuck(ROOT_IMTTBCR1, 0x80000000, 0); /* EAE does not stick */
	IPFW_BADINPUT("hardware: read-back mismatch", "IMTTBCR.EAE does not stick", IPFW_E_READBACK,
		      ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &dom));
	assert_false(dom.live);
	/* the context is not enabled: its last IMCTR write is 0 */
	assert_int_equal(ipfw_bus_peek(ROOT_IMCTR1), 0);
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_WRITE, ROOT_IMCTR1), 1);
	/* and the bank is free again */
	ipfw_bus_stuck(ROOT_IMTTBCR1, 0, 0);
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &dom), IPFW_OK);
	assert_int_equal(dom.ctx, 1);
}

static void ttbr_upper_half_reading_back_wrong_fails_create(void **st)
{
	struct ipfw_ipmmu_domain dom = {0};
	struct ipfw_ipmmu_ctx_cfg hi = s1;

	(void)st;
	hi.ttbr = 0x57FE00000ull;
	ipfw_bus_stuck(ROOT_IMTTUBR01, 0xFF, 0x01); /* PA[39:32] stuck at 1 */
	IPFW_BADINPUT("hardware: read-back mismatch",
		      "IMTTUBR0 PA[39:32] stuck at 1", IPFW_E_READBACK,
		      ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &hi, &dom));
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_WRITE, ROOT_IMTTBCR1), 0);
	assert_int_equal(state[0].ctx.used, 0);
}

static void imuctr_mmuen_not_sticking_undoes_the_attach(void **st)
{
	struct ipfw_ipmmu_domain dom;

	(void)st;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &dom), IPFW_OK);
	ipfw_bus_stuck(DS1_IMUCTR(32), 0x1, 0);
	IPFW_BADINPUT("hardware: read-back mismatch",
		      "IMUCTR.MMUEN does not stick", IPFW_E_READBACK,
		      ipfw_ipmmu_attach(&mmu, &dom, 1, 32, m1, NULL));
	/* uTLB written 0 again, and the context this attach enabled is off */
	assert_int_equal(ipfw_bus_peek(DS1_IMUCTR(32)), 0);
	assert_int_equal(ipfw_bus_peek(DS1_IMCTR1), 0);
	assert_int_equal(ipfw_bus_peek(ROOT_IMCTR1), 0);
	assert_int_equal(ipfw_ipmmu_utlb_query(&state[1].utlb, 32, NULL, NULL), 0);
	assert_int_equal(state[1].ctx_live | state[0].ctx_live, 0);
	/* once the register behaves, the same attach works from scratch */
	ipfw_bus_stuck(DS1_IMUCTR(32), 0, 0);
	ipfw_bus_trace_clear();
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 1, 32, m1, NULL), IPFW_OK);
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_WRITE, DS1_IMCTR1), 1);
	assert_int_equal(ipfw_bus_peek(DS1_IMUCTR(32)), 0x13);
}

static void imuctr_ttsel_reading_back_wrong_keeps_earlier_masters_enabled(void **st)
{
	struct ipfw_ipmmu_domain dom;

	(void)st;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &dom), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 1, 32, m1, NULL), IPFW_OK);
	ipfw_bus_stuck(DS1_IMUCTR(33), 0xF0, 0x30); /* TTSEL reads 3, not 1 */
	IPFW_BADINPUT("hardware: read-back mismatch",
		      "IMUCTR.TTSEL reads back 3 instead of 1", IPFW_E_READBACK,
		      ipfw_ipmmu_attach(&mmu, &dom, 1, 33, m2, NULL));
	assert_int_equal(ipfw_bus_peek(DS1_IMUCTR(33)), 0);
	/* the context stays enabled for the master already attached */
	assert_int_equal(ipfw_bus_peek(DS1_IMUCTR(32)), 0x13);
	assert_int_equal(ipfw_bus_peek(DS1_IMCTR1), 0x7);
	assert_int_equal(ipfw_bus_peek(ROOT_IMCTR1) & 0x1, 0x1);
}

static void faulting_imuctr_is_caught_by_the_readback(void **st)
{
	struct ipfw_ipmmu_domain dom;

	(void)st;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &dom), IPFW_OK);
	ipfw_bus_fault(DS1_IMUCTR(40));
	IPFW_BADINPUT("hardware: read-back mismatch",
		      "IMUCTR access faults on the bus", IPFW_E_READBACK,
		      ipfw_ipmmu_attach(&mmu, &dom, 1, 40, m1, NULL));
	assert_true(ipfw_bus_faults() >= 2);
	assert_int_equal(state[1].ctx_live, 0);
}

static void use_secgrp_that_stays_set_fails_hw_reset(void **st)
{
	(void)st;
	ipfw_bus_stuck(H3_DS1 + 0x500, 1u << 28, 1u << 28);
	IPFW_BADINPUT("hardware: read-back mismatch",
		      "IMSCTLR USE_SECGRP stays set", IPFW_E_READBACK,
		      ipfw_ipmmu_hw_reset(&mmu));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(
			flush_that_never_clears_times_out_after_100_polls_and_disables_utlbs, setup_h3),
		cmocka_unit_test_setup(flush_poll_obeys_a_board_poll_limit, setup_h3),
		cmocka_unit_test_setup(enable_flush_timeout_on_first_attach_never_enables_the_utlb,
				       setup_h3),
		cmocka_unit_test_setup(imttbcr_reading_back_wrong_fails_create_and_frees_the_context,
				       setup_h3),
		cmocka_unit_test_setup(ttbr_upper_half_reading_back_wrong_fails_create, setup_h3),
		cmocka_unit_test_setup(imuctr_mmuen_not_sticking_undoes_the_attach, setup_h3),
		cmocka_unit_test_setup(imuctr_ttsel_reading_back_wrong_keeps_earlier_masters_enabled,
				       setup_h3),
		cmocka_unit_test_setup(faulting_imuctr_is_caught_by_the_readback, setup_h3),
		cmocka_unit_test_setup(use_secgrp_that_stays_set_fails_hw_reset, setup_h3),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
