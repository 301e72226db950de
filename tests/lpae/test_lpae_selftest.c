/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The cases of Linux's io-pgtable-arm selftest (arm_lpae_run_tests in
 * drivers/iommu/io-pgtable-arm.c),
 * run on both formats: empty lookups, one mapping of each page size at
 * the j-th GiB, double map, lookup, unmap returning the size, remap, and
 * the last largest page of the input range (S2-40: in the second
 * concatenated level-1 table).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "badinput.h"

#include <ipmmu/error.h>
#include <ipmmu/lpae.h>
#include "lpae_test.h"

static struct test_pool pool;
static struct ipfw_lpae_ctx ctx;

static const uint64_t pgsizes[3] = {4 * KIB, 2 * MIB, GIB};

static void init(enum ipfw_lpae_format f)
{
	struct ipfw_lpae_pool d = test_pool_desc(&pool, TEST_POOL_TABLES);

	assert_int_equal(ipfw_lpae_init(&ctx, f, &d, f == IPFW_LPAE_S1_32 ? IPFW_LPAE_F_NS : 0,
					NULL, NULL),
			 IPFW_OK);
}

static void empty_tables_map_nothing(enum ipfw_lpae_format f)
{
	uint64_t pa = 0x5555;

	init(f);
	assert_int_equal(ipfw_lpae_lookup(&ctx, 42, &pa, NULL), IPFW_E_NOTMAPPED);
	assert_int_equal(ipfw_lpae_lookup(&ctx, GIB + 42, &pa, NULL), IPFW_E_NOTMAPPED);
	assert_int_equal(ipfw_lpae_lookup(&ctx, 2 * GIB + 42, &pa, NULL), IPFW_E_NOTMAPPED);
	assert_int_equal(pa, 0x5555); /* not overwritten with a fake PA */
}

static void map_each_size_double_map_unmap_remap(enum ipfw_lpae_format f)
{
	const uint32_t rw = IPFW_LPAE_RW | IPFW_LPAE_XN | IPFW_LPAE_WB;
	/* S1 has no write-only encoding: its remap uses read/write */
	const uint32_t wo = f == IPFW_LPAE_S2_40 ? IPFW_LPAE_WRITE | IPFW_LPAE_WB : rw;
	uint64_t pa, n;
	struct ipfw_lpae_leaf leaf;

	init(f);
	for (unsigned int j = 0; j < 3; j++) {
		uint64_t iova = j * GIB;

		assert_int_equal(ipfw_lpae_map(&ctx, iova, iova, pgsizes[j], rw), IPFW_OK);
		/* the same iova again, other PA, read-only: refused */
		IPFW_BADINPUT("lpae: overlapping maps",
			      "same IOVA mapped again, other PA, read-only", IPFW_E_OVERLAP,
			      ipfw_lpae_map(&ctx, iova, iova + pgsizes[j], pgsizes[j],
					    IPFW_LPAE_READ | IPFW_LPAE_XN | IPFW_LPAE_WB));
		assert_int_equal(ipfw_lpae_lookup(&ctx, iova + 42, &pa, &leaf), IPFW_OK);
		assert_int_equal(pa, iova + 42);
		assert_int_equal(leaf.size, pgsizes[j]);
		assert_int_equal(leaf.level, 3 - j);
	}
	for (unsigned int j = 0; j < 3; j++) {
		uint64_t iova = j * GIB;

		assert_int_equal(ipfw_lpae_unmap(&ctx, iova, pgsizes[j], &n), IPFW_OK);
		assert_int_equal(n, pgsizes[j]);
		assert_int_equal(ipfw_lpae_lookup(&ctx, iova + 42, &pa, NULL), IPFW_E_NOTMAPPED);
		assert_int_equal(ipfw_lpae_map(&ctx, iova, iova, pgsizes[j], wo), IPFW_OK);
		assert_int_equal(ipfw_lpae_lookup(&ctx, iova + 42, &pa, &leaf), IPFW_OK);
		assert_int_equal(pa, iova + 42);
		assert_int_equal(leaf.attrs, wo);
	}
}

static void last_largest_page(enum ipfw_lpae_format f, uint64_t ias_size)
{
	uint64_t iova = ias_size - GIB;
	uint64_t pa, n;
	uint64_t *e;

	init(f);
	assert_int_equal(ipfw_lpae_map(&ctx, iova, 0x40000000ull, GIB, IPFW_LPAE_RW | IPFW_LPAE_WB),
			 IPFW_OK);
	assert_int_equal(ipfw_lpae_lookup(&ctx, iova + 42, &pa, NULL), IPFW_OK);
	assert_int_equal(pa, 0x40000000ull + 42);
	e = hand_entry(&pool, iova, 1);
	assert_non_null(e);
	assert_int_equal(*e & 3u, 1u); /* a 1 GiB block at the top level */
	if (f == IPFW_LPAE_S2_40) /* entry 1023: in the second concatenated table */
		assert_int_equal((uint8_t *)e - pool.mem, 4096 + 511 * 8);
	else /* entry 3 of the 4-entry S1-32 top table */
		assert_int_equal((uint8_t *)e - pool.mem, 3 * 8);
	assert_int_equal(ipfw_lpae_unmap(&ctx, iova, GIB, &n), IPFW_OK);
	assert_int_equal(n, GIB);
	assert_int_equal(*e, 0);
}

static void s1_32_empty_lookups(void **state)
{
	(void)state;
	empty_tables_map_nothing(IPFW_LPAE_S1_32);
}

static void s2_40_empty_lookups(void **state)
{
	(void)state;
	empty_tables_map_nothing(IPFW_LPAE_S2_40);
}

static void s1_32_each_page_size_map_double_map_unmap_remap(void **state)
{
	(void)state;
	map_each_size_double_map_unmap_remap(IPFW_LPAE_S1_32);
}

static void s2_40_each_page_size_map_double_map_unmap_remap(void **state)
{
	(void)state;
	map_each_size_double_map_unmap_remap(IPFW_LPAE_S2_40);
}

static void s1_32_last_gib_of_4gib_input(void **state)
{
	(void)state;
	last_largest_page(IPFW_LPAE_S1_32, 1ull << 32);
}

static void s2_40_last_gib_of_1tib_input_in_second_concat_table(void **state)
{
	(void)state;
	last_largest_page(IPFW_LPAE_S2_40, 1ull << 40);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(s1_32_empty_lookups),
		cmocka_unit_test(s2_40_empty_lookups),
		cmocka_unit_test(s1_32_each_page_size_map_double_map_unmap_remap),
		cmocka_unit_test(s2_40_each_page_size_map_double_map_unmap_remap),
		cmocka_unit_test(s1_32_last_gib_of_4gib_input),
		cmocka_unit_test(s2_40_last_gib_of_1tib_input_in_second_concat_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
