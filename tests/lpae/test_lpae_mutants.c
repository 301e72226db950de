/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Behaviours a mutation campaign (scripts/mutation --module lpae) found
 * unpinned. Expected descriptors are built by hand from the bit layout in
 * docs/lpae.md and the Arm ARM (VMSAv8-64 stage 1 and stage 2 block and
 * page descriptors), never from src/.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ipmmu/error.h>
#include <ipmmu/lpae.h>
#include "lpae_test.h"

static struct test_pool pool;
static struct ipfw_lpae_ctx ctx;

static void init(enum ipfw_lpae_format f, uint32_t flags)
{
	struct ipfw_lpae_pool d = test_pool_desc(&pool, TEST_POOL_TABLES);

	assert_int_equal(ipfw_lpae_init(&ctx, f, &d, flags, NULL, NULL), IPFW_OK);
}

/* The raw descriptor lookup and walk hand back is the one in memory:
 * S1 NS RW NC page = OA | 0xE63 (type 3, AttrIndx 0, NS, AP[1], SH outer,
 * AF, nG); S2 RW WB 2 MiB block = OA | 0x7FD (type 1, MemAttr 0xF, HAP 3,
 * SH inner, AF) plus XN (bit 54). */
static int keep_leaf(void *arg, const struct ipfw_lpae_leaf *leaf)
{
	*(struct ipfw_lpae_leaf *)arg = *leaf;
	return 0;
}

static void lookup_and_walk_report_the_raw_descriptor(void **state)
{
	struct ipfw_lpae_leaf leaf, seen;

	(void)state;
	init(IPFW_LPAE_S1_32, IPFW_LPAE_F_NS);
	assert_int_equal(ipfw_lpae_map(&ctx, 0x5000, 0x8765432000ull, 4096,
				       IPFW_LPAE_RW | IPFW_LPAE_NC),
			 IPFW_OK);
	assert_int_equal(ipfw_lpae_lookup(&ctx, 0x5abc, NULL, &leaf), IPFW_OK);
	assert_int_equal(leaf.desc, 0x8765432000ull | 0xE63u);
	assert_int_equal(leaf.desc, hand_desc(&pool, 0x5000, 3));
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(ipfw_lpae_walk(&ctx, keep_leaf, &seen), 0);
	assert_int_equal(seen.desc, 0x8765432000ull | 0xE63u);

	init(IPFW_LPAE_S2_40, 0);
	assert_int_equal(ipfw_lpae_map(&ctx, 0x40200000ull, 0x8765400000ull, 2 * MIB,
				       IPFW_LPAE_RW | IPFW_LPAE_WB | IPFW_LPAE_XN),
			 IPFW_OK);
	assert_int_equal(ipfw_lpae_lookup(&ctx, 0x40212345ull, NULL, &leaf), IPFW_OK);
	assert_int_equal(leaf.desc, 0x8765400000ull | 0x7FDu | (1ull << 54));
	assert_int_equal(leaf.level, 2);
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(ipfw_lpae_walk(&ctx, keep_leaf, &seen), 0);
	assert_int_equal(seen.desc, 0x8765400000ull | 0x7FDu | (1ull << 54));
}

/* Lookup without a usable context is refused, not answered. */
static void lookup_refuses_a_missing_context(void **state)
{
	struct ipfw_lpae_ctx zero;
	uint64_t pa = 0x1234;

	(void)state;
	memset(&zero, 0, sizeof(zero));
	assert_int_equal(ipfw_lpae_lookup(NULL, 0x1000, &pa, NULL), IPFW_E_INVAL);
	assert_int_equal(ipfw_lpae_lookup(&zero, 0x1000, &pa, NULL), IPFW_E_INVAL);
	assert_int_equal(pa, 0x1234); /* nothing written */
}

/* S1-32 with F_NS: one RW NC page, 0x5000 -> 0x8765432000; its level-3
 * entry in table memory. */
static uint64_t *one_nc_page_at_0x5000(void)
{
	uint64_t *e;

	init(IPFW_LPAE_S1_32, IPFW_LPAE_F_NS);
	assert_int_equal(ipfw_lpae_map(&ctx, 0x5000, 0x8765432000ull, 4096,
				       IPFW_LPAE_RW | IPFW_LPAE_NC),
			 IPFW_OK);
	e = hand_entry(&pool, 0x5000, 3);
	assert_non_null(e);
	return e;
}

/* A leaf's output address is descriptor bits 39:12 only: with bits 47:40
 * set in memory (RES0 for a 40-bit output; a board's verification reads
 * tables anyone may have written), lookup and walk give pa without them
 * and desc with them. */
static void leaf_pa_is_bits_39_to_12_of_the_descriptor(void **state)
{
	struct ipfw_lpae_leaf leaf, seen;
	uint64_t *e, pa;

	(void)state;
	e = one_nc_page_at_0x5000();
	*e |= 0xFFull << 40;
	assert_int_equal(ipfw_lpae_lookup(&ctx, 0x5abc, &pa, &leaf), IPFW_OK);
	assert_int_equal(pa, 0x8765432abcull);
	assert_int_equal(leaf.pa, 0x8765432000ull);
	assert_int_equal(leaf.desc, 0x8765432000ull | 0xE63u | (0xFFull << 40));
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(ipfw_lpae_walk(&ctx, keep_leaf, &seen), 0);
	assert_int_equal(seen.pa, 0x8765432000ull);
}

/* A memory type map never writes (S1 AttrIndx 3, set in memory: tables
 * anyone may have written) reads back as Device, the strictest of the
 * three, so the leaf still has exactly one type bit (ipmmu/lpae.h). */
static void a_leaf_of_an_unknown_memory_type_reads_as_device(void **state)
{
	struct ipfw_lpae_leaf leaf;
	uint64_t *e;

	(void)state;
	e = one_nc_page_at_0x5000();
	*e = (*e & ~0x1Cull) | (3u << 2); /* AttrIndx 0 (NC) -> 3 */
	assert_int_equal(ipfw_lpae_lookup(&ctx, 0x5000, NULL, &leaf), IPFW_OK);
	assert_int_equal(leaf.attrs & IPFW_LPAE_MEM_MASK, IPFW_LPAE_DEVICE);
	assert_int_equal(leaf.attrs & ~IPFW_LPAE_MEM_MASK, IPFW_LPAE_RW);
}

/* A table entered after a new one in the same map is an old one: only
 * its written entries are reported to the hook, not the whole table.
 * S1-32: an L3 for 0x00400000 exists (one page at 0x00401000); the map
 * of 0x003FF000-0x00400FFF writes a new L3 for 0x00200000 (its last
 * page), then entry 0 of the old L3, then L2 entry 1 (entry 2 still
 * points at the old L3: not written). */
static void an_old_table_after_a_new_one_is_reported_in_part(void **state)
{
	static struct hook_log log;
	struct ipfw_lpae_pool d = test_pool_desc(&pool, TEST_POOL_TABLES);
	uint64_t *old, *fresh, *l2;

	(void)state;
	memset(&log, 0, sizeof(log));
	assert_int_equal(ipfw_lpae_init(&ctx, IPFW_LPAE_S1_32, &d, IPFW_LPAE_F_NS, hook_record,
					&log),
			 IPFW_OK);
	assert_int_equal(ipfw_lpae_map(&ctx, 0x00401000ull, 0x60001000ull, 4096,
				       IPFW_LPAE_RW | IPFW_LPAE_NC),
			 IPFW_OK);
	log.calls = 0;
	assert_int_equal(ipfw_lpae_map(&ctx, 0x003FF000ull, 0x603FF000ull, 8192,
				       IPFW_LPAE_RW | IPFW_LPAE_NC),
			 IPFW_OK);
	old = hand_entry(&pool, 0x00400000ull, 3);
	fresh = hand_entry(&pool, 0x003FF000ull, 3);
	l2 = hand_entry(&pool, 0x00200000ull, 2);
	assert_non_null(old);
	assert_non_null(fresh);
	assert_non_null(l2);
	assert_int_equal(*old, 0x60400000ull | 0xE63u);
	assert_int_equal(*fresh, 0x603FF000ull | 0xE63u);
	assert_int_equal(log.calls, 3);
	assert_int_equal(log.r[0].start, (uintptr_t)(fresh - 511));
	assert_int_equal(log.r[0].len, 4096);
	assert_int_equal(log.r[1].start, (uintptr_t)old);
	assert_int_equal(log.r[1].len, 8);
	assert_int_equal(log.r[2].start, (uintptr_t)l2);
	assert_int_equal(log.r[2].len, 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lookup_and_walk_report_the_raw_descriptor),
		cmocka_unit_test(a_leaf_of_an_unknown_memory_type_reads_as_device),
		cmocka_unit_test(lookup_refuses_a_missing_context),
		cmocka_unit_test(leaf_pa_is_bits_39_to_12_of_the_descriptor),
		cmocka_unit_test(an_old_table_after_a_new_one_is_reported_in_part),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
