/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SMMUv3 model against hand-built structures (values worked out from
 * IHI 0070 by hand, no driver code): the model is only an oracle if it
 * follows the architecture on its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mmio_bus.h"
#include "smmuv3_model.h"

#define BASE 0x09050000u
#define RAM_PA 0x80000000ull

/* one RAM window: strtab (4 STEs) @0, CD @0x400, queues @0x800/@0xC00,
 * tables @0x1000.., data page @0x5000 */
static uint64_t ram[0x6000 / 8] __attribute__((aligned(4096)));
static struct smmuv3_model m;

#define W(pa) ram[((pa) - RAM_PA) / 8u]

static int setup(void **state)
{
	(void)state;
	memset(ram, 0, sizeof(ram));
	sm_init(&m, BASE);
	sm_add_ram(&m, RAM_PA, ram, sizeof(ram));
	sm_write32(&m, 0x80, (uint32_t)RAM_PA);                  /* STRTAB_BASE */
	sm_write32(&m, 0x84, 0);
	sm_write32(&m, 0x88, 2);                                 /* linear, 4 STEs */
	sm_write32(&m, 0x90, (uint32_t)(RAM_PA + 0x800) | 2u);   /* CMDQ, 4 entries */
	sm_write32(&m, 0xA0, (uint32_t)(RAM_PA + 0xC00) | 1u);   /* EVENTQ, 2 entries */
	sm_write32(&m, 0x2C, 2);                                 /* RECINVSID */
	sm_write32(&m, 0x20, 0xD);                               /* SMMUEN|EVENTQEN|CMDQEN */
	/* sid 1: S1 translate via CD @0x400: T0SZ 32, EPD1, V, IPS 40, AA64, R */
	W(RAM_PA + 64) = 1u | 5u << 1 | (RAM_PA + 0x400);
	W(RAM_PA + 0x400) = 32u | 1ull << 30 | 1ull << 31 | 2ull << 32 | 1ull << 41 | 1ull << 45;
	W(RAM_PA + 0x408) = RAM_PA + 0x1000;
	/* 4-entry L1 @0x1000 -> L2 @0x2000 -> L3 @0x3000 for IOVA 0..2M */
	W(RAM_PA + 0x1000) = (RAM_PA + 0x2000) | 3u;
	W(RAM_PA + 0x2000) = (RAM_PA + 0x3000) | 3u;
	/* page 0: rw (AP 0b01), AF; page 1: read-only (AP 0b11); page 2: AF clear */
	W(RAM_PA + 0x3000) = (RAM_PA + 0x5000) | 3u | 1u << 6 | 1u << 10;
	W(RAM_PA + 0x3008) = (RAM_PA + 0x5000) | 3u | 3u << 6 | 1u << 10;
	W(RAM_PA + 0x3010) = (RAM_PA + 0x5000) | 3u | 1u << 6;
	/* sid 2: abort; sid 3: bypass; sid 0: V = 0 */
	W(RAM_PA + 128) = 1u;
	W(RAM_PA + 192) = 1u | 4u << 1;
	return 0;
}

static void event(unsigned int i, uint8_t type, uint32_t sid)
{
	uint64_t rec[4];

	assert_true(sm_event_peek(&m, i, rec));
	assert_int_equal(rec[0] & 0xFFu, type);
	assert_int_equal(rec[0] >> 32, sid);
}

static void test_s1_walk_follows_the_descriptors(void **state)
{
	uint64_t pa = 0;

	(void)state;
	assert_int_equal(sm_translate(&m, 1, 0x123, false, &pa), SM_TRANSLATED);
	assert_int_equal(pa, RAM_PA + 0x5123);
	assert_int_equal(sm_translate(&m, 1, 0x1008, false, &pa), SM_TRANSLATED);
	assert_int_equal(pa, RAM_PA + 0x5008);
	assert_int_equal(m.events, 0);
}

static void test_faults_are_recorded_with_sid_and_address(void **state)
{
	uint64_t pa, rec[4];

	(void)state;
	assert_int_equal(sm_translate(&m, 1, 0x1000, true, &pa), SM_ABORT); /* read-only */
	event(0, 0x13, 1);                                                  /* F_PERMISSION */
	assert_true(sm_event_peek(&m, 0, rec));
	assert_int_equal(rec[2], 0x1000);
	assert_int_equal((rec[1] >> 35) & 1u, 0); /* RnW: a write */
	assert_int_equal(sm_translate(&m, 1, 0x4000, false, &pa), SM_ABORT);
	event(1, 0x10, 1); /* F_TRANSLATION (level 3 entry invalid) */
	/* queue of 2 is full now: the next record is lost and OVFLG toggles */
	assert_int_equal(sm_translate(&m, 1, 0x2000, false, &pa), SM_ABORT);
	assert_int_equal(m.lost, 1);
	assert_int_equal(sm_read32(&m, 0x100A8) >> 31, 1);
}

static void test_access_flag_clear_is_f_access(void **state)
{
	uint64_t pa;

	(void)state;
	assert_int_equal(sm_translate(&m, 1, 0x2000, false, &pa), SM_ABORT);
	event(0, 0x12, 1);
}

static void test_ste_configs(void **state)
{
	uint64_t pa = 0;

	(void)state;
	assert_int_equal(sm_translate(&m, 2, 0x40, false, &pa), SM_ABORT);
	assert_int_equal(m.events, 0); /* Config abort: no event */
	assert_int_equal(sm_translate(&m, 3, 0x40, false, &pa), SM_BYPASS);
	assert_int_equal(pa, 0x40);
	assert_int_equal(sm_translate(&m, 0, 0x40, false, &pa), SM_ABORT);
	event(0, 0x04, 0); /* C_BAD_STE: V = 0 */
	assert_int_equal(sm_translate(&m, 4, 0x40, false, &pa), SM_ABORT);
	event(1, 0x02, 4); /* C_BAD_STREAMID: beyond the 4-entry table */
}

static void test_config_is_cached_until_cfgi(void **state)
{
	uint64_t pa;

	(void)state;
	assert_int_equal(sm_translate(&m, 2, 0x40, false, &pa), SM_ABORT); /* cached */
	W(RAM_PA + 128) = 1u | 4u << 1;                                     /* now bypass */
	assert_int_equal(sm_translate(&m, 2, 0x40, false, &pa), SM_ABORT);
	W(RAM_PA + 0x800) = 0x03u | 2ull << 32; /* CFGI_STE sid 2 */
	W(RAM_PA + 0x808) = 1u;
	W(RAM_PA + 0x810) = 0x46u; /* CMD_SYNC */
	sm_write32(&m, 0x98, 2);
	assert_int_equal(sm_read32(&m, 0x9C), 2);
	assert_int_equal(m.syncs, 1);
	assert_int_equal(sm_translate(&m, 2, 0x40, false, &pa), SM_BYPASS);
}

static void test_illegal_command_stops_the_queue(void **state)
{
	(void)state;
	W(RAM_PA + 0x800) = 0x7Fu; /* no such opcode */
	W(RAM_PA + 0x810) = 0x46u;
	sm_write32(&m, 0x98, 2);
	assert_int_equal(sm_read32(&m, 0x9C), 1u << 24); /* CONS stays, ERR = CERROR_ILL */
	assert_int_equal((sm_read32(&m, 0x60) ^ sm_read32(&m, 0x64)) & 1u, 1);
	assert_int_equal(m.syncs, 0);
}

static void test_strtab_low_address_bits_are_ignored(void **state)
{
	uint64_t pa;

	(void)state;
	/* 64 bytes off: sid 0 is read from the aligned base (V = 0 there) */
	sm_write32(&m, 0x20, 0);
	sm_write32(&m, 0x80, (uint32_t)RAM_PA + 64u);
	sm_write32(&m, 0x20, 0xD);
	assert_int_equal(sm_translate(&m, 0, 0x40, false, &pa), SM_ABORT);
	event(0, 0x04, 0);
}

static void test_two_level_stream_table(void **state)
{
	uint64_t pa = 0;

	(void)state;
	/* SPLIT 6, LOG2SIZE 8: four level-1 descriptors at 0x600 */
	sm_write32(&m, 0x20, 0);
	sm_write32(&m, 0x80, (uint32_t)RAM_PA + 0x600u);
	sm_write32(&m, 0x88, 1u << 16 | 6u << 6 | 8u);
	sm_write32(&m, 0x20, 0xD);
	W(RAM_PA + 0x600) = (RAM_PA + 0x4000) | 7u;     /* Span 7: all 64 STEs */
	W(RAM_PA + 0x610) = (RAM_PA + 0x4000) | 2u;     /* Span 2: 2 STEs */
	W(RAM_PA + 0x4000 + 64) = W(RAM_PA + 64);       /* STE 1: translate */
	assert_int_equal(sm_translate(&m, 1, 0x123, false, &pa), SM_TRANSLATED);
	assert_int_equal(pa, RAM_PA + 0x5123);
	assert_int_equal(sm_translate(&m, 0x81, 0x123, false, &pa), SM_TRANSLATED);
	assert_int_equal(sm_translate(&m, 0x41, 0x123, false, &pa), SM_ABORT);
	event(0, 0x02, 0x41); /* Span 0: C_BAD_STREAMID */
	assert_int_equal(sm_translate(&m, 0x83, 0x123, false, &pa), SM_ABORT);
	event(1, 0x04, 0x83); /* beyond the span: C_BAD_STE */
	/* without IDR0.ST_LEVEL the 2-level format is not there */
	m.idr0 &= ~(3u << 27);
	m.cache[0].valid = m.cache[1].valid = false;
	assert_int_equal(sm_translate(&m, 0x20, 0x123, false, &pa), SM_ABORT);
}

static void test_walk_faults_of_every_kind(void **state)
{
	uint64_t pa, rec[4];

	(void)state;
	/* page 3: output beyond IPS 40 bits: F_ADDR_SIZE */
	W(RAM_PA + 0x3018) = (1ull << 41) | 3u | 1u << 6 | 1u << 10;
	assert_int_equal(sm_translate(&m, 1, 0x3000, false, &pa), SM_ABORT);
	event(0, 0x11, 1);
	/* page 4: AP[1] clear (privileged only) is a permission fault for DMA */
	W(RAM_PA + 0x3020) = (RAM_PA + 0x5000) | 3u | 1u << 10;
	assert_int_equal(sm_translate(&m, 1, 0x4000, false, &pa), SM_ABORT);
	event(1, 0x13, 1);
	assert_true(sm_event_peek(&m, 1, rec));
	assert_int_equal((rec[1] >> 35) & 1u, 1); /* RnW: a read */
	/* a level-2 entry pointing outside memory: F_WALK_EABT */
	sm_write32(&m, 0x100AC, sm_read32(&m, 0x100A8)); /* consume both */
	W(RAM_PA + 0x2008) = 0x7FF000000ull | 3u;
	assert_int_equal(sm_translate(&m, 1, 0x200000, false, &pa), SM_ABORT);
	event(0, 0x0B, 1);
	/* APTable[1] on the level-2 table descriptor: no writes below it */
	W(RAM_PA + 0x2000) |= 1ull << 62;
	assert_int_equal(sm_translate(&m, 1, 0x0, false, &pa), SM_TRANSLATED);
	assert_int_equal(sm_translate(&m, 1, 0x0, true, &pa), SM_ABORT);
	event(1, 0x13, 1);
	/* without CD.R nothing is recorded */
	W(RAM_PA + 0x400) &= ~(1ull << 45);
	m.cache[0].valid = m.cache[1].valid = false;
	sm_write32(&m, 0x100AC, sm_read32(&m, 0x100A8));
	assert_int_equal(sm_translate(&m, 1, 0x4000, false, &pa), SM_ABORT);
	assert_false(sm_event_peek(&m, 0, rec));
}

static void test_bad_cds(void **state)
{
	uint64_t pa;

	(void)state;
	W(RAM_PA + 0x400) &= ~(1ull << 41); /* AA64 clear: the SMMU walks AArch64 only */
	assert_int_equal(sm_translate(&m, 1, 0x0, false, &pa), SM_ABORT);
	event(0, 0x0A, 1);
	W(RAM_PA + 0x400) |= 1ull << 41;
	W(RAM_PA + 0x400) &= ~(1ull << 30); /* EPD1 clear with T1SZ 0 */
	m.cache[0].valid = m.cache[1].valid = false;
	assert_int_equal(sm_translate(&m, 1, 0x0, false, &pa), SM_ABORT);
	event(1, 0x0A, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_s1_walk_follows_the_descriptors, setup),
		cmocka_unit_test_setup(test_faults_are_recorded_with_sid_and_address, setup),
		cmocka_unit_test_setup(test_access_flag_clear_is_f_access, setup),
		cmocka_unit_test_setup(test_ste_configs, setup),
		cmocka_unit_test_setup(test_config_is_cached_until_cfgi, setup),
		cmocka_unit_test_setup(test_illegal_command_stops_the_queue, setup),
		cmocka_unit_test_setup(test_strtab_low_address_bits_are_ignored, setup),
		cmocka_unit_test_setup(test_two_level_stream_table, setup),
		cmocka_unit_test_setup(test_walk_faults_of_every_kind, setup),
		cmocka_unit_test_setup(test_bad_cds, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
