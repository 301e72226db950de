/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Bad input gets a named error and changes nothing: table memory (the
 * whole pool) and pool accounting are compared before and after.
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
static struct ipfw_lpae_ctx ctx_before;
static uint8_t before[sizeof(pool.mem)];

#define A (IPFW_LPAE_RW | IPFW_LPAE_WB)

/* Tables with something in them, so "nothing changed" means something. */
static void init(enum ipfw_lpae_format f, uint32_t count)
{
	struct ipfw_lpae_pool d = test_pool_desc(&pool, count);

	assert_int_equal(ipfw_lpae_init(&ctx, f, &d, 0, NULL, NULL), IPFW_OK);
	assert_int_equal(ipfw_lpae_map(&ctx, 0x40000000ull, 0x40000000ull, 2 * MIB + 8 * KIB, A),
			 IPFW_OK);
	assert_int_equal(ipfw_lpae_map(&ctx, 0xC0000000ull, 0x1000000000ull, GIB, A), IPFW_OK);
	memcpy(before, pool.mem, sizeof(before));
	ctx_before = ctx;
}

static void assert_unchanged(void)
{
	assert_memory_equal(before, pool.mem, sizeof(before));
	assert_memory_equal(&ctx_before, &ctx, sizeof(ctx));
}

static void expect_map(uint64_t va, uint64_t pa, uint64_t size, uint32_t attrs, int err)
{
	assert_int_equal(ipfw_lpae_map(&ctx, va, pa, size, attrs), err);
	assert_unchanged();
}

static void expect_unmap(uint64_t va, uint64_t size, int err)
{
	uint64_t n = 77;

	assert_int_equal(ipfw_lpae_unmap(&ctx, va, size, &n), err);
	assert_int_equal(n, 77); /* not written on failure */
	assert_unchanged();
}

static void misaligned_iova_pa_size_are_align_errors(void **state)
{
	(void)state;
	for (int f = 0; f < 2; f++) {
		init((enum ipfw_lpae_format)f, TEST_POOL_TABLES);
		expect_map(0x1800, 0x1000, 4096, A, IPFW_E_ALIGN);
		expect_map(0x1000, 0x1800, 4096, A, IPFW_E_ALIGN);
		expect_map(0x1000, 0x1000, 4095, A, IPFW_E_ALIGN);
		expect_map(0x1000, 0x1000, 4097, A, IPFW_E_ALIGN);
		expect_unmap(0x40000800, 4096, IPFW_E_ALIGN);
		expect_unmap(0x40000000, 100, IPFW_E_ALIGN);
	}
}

static void size_zero_is_invalid(void **state)
{
	(void)state;
	for (int f = 0; f < 2; f++) {
		init((enum ipfw_lpae_format)f, TEST_POOL_TABLES);
		expect_map(0x1000, 0x1000, 0, A, IPFW_E_INVAL);
		expect_unmap(0x40000000, 0, IPFW_E_INVAL);
	}
}

static void wrap_and_out_of_range_iova_are_range_errors(void **state)
{
	(void)state;
	init(IPFW_LPAE_S1_32, TEST_POOL_TABLES);
	expect_map(1ull << 32, 0x1000, 4096, A, IPFW_E_RANGE);      /* first iova past 4 GiB */
	expect_map((1ull << 32) - 4096, 0x1000, 8192, A, IPFW_E_RANGE); /* ends past it */
	expect_map(0xFFFFFFFFFFFFF000ull, 0x1000, 0x2000, A, IPFW_E_RANGE); /* 64-bit wrap */
	expect_map(0x1000, 0x1000, 0xFFFFFFFFFFFFF000ull, A, IPFW_E_RANGE);
	expect_unmap(1ull << 32, 4096, IPFW_E_RANGE);
	assert_int_equal(ipfw_lpae_lookup(&ctx, 1ull << 32, NULL, NULL), IPFW_E_RANGE);
	/* the last page of the input range is fine (once the GiB block is gone) */
	assert_int_equal(ipfw_lpae_unmap(&ctx, 0xC0000000ull, GIB, NULL), IPFW_OK);
	assert_int_equal(ipfw_lpae_map(&ctx, (1ull << 32) - 4096, 0x1000, 4096, A), IPFW_OK);

	init(IPFW_LPAE_S2_40, TEST_POOL_TABLES);
	expect_map(1ull << 40, 0x1000, 4096, A, IPFW_E_RANGE);
	expect_map((1ull << 40) - GIB, 0, 2 * GIB, A, IPFW_E_RANGE);
	expect_map(0xFFFFFFFFFFFFF000ull, 0x1000, 0x2000, A, IPFW_E_RANGE);
	expect_unmap((1ull << 40) - 4096, 8192, IPFW_E_RANGE);
	assert_int_equal(ipfw_lpae_lookup(&ctx, 1ull << 40, NULL, NULL), IPFW_E_RANGE);
	assert_int_equal(ipfw_lpae_map(&ctx, (1ull << 40) - 4096, 0x1000, 4096, A), IPFW_OK);
}

static void output_beyond_40_bits_is_a_range_error(void **state)
{
	(void)state;
	for (int f = 0; f < 2; f++) {
		init((enum ipfw_lpae_format)f, TEST_POOL_TABLES);
		expect_map(0x1000, 1ull << 40, 4096, A, IPFW_E_RANGE);
		expect_map(0x1000, (1ull << 40) - 4096, 8192, A, IPFW_E_RANGE);
		expect_map(0, 0xFFFFFFFFFFFFF000ull, 8192, A, IPFW_E_RANGE);
		assert_int_equal(ipfw_lpae_map(&ctx, 0x1000, (1ull << 40) - 4096, 4096, A), IPFW_OK);
	}
}

static void overlap_with_any_existing_leaf_is_refused(void **state)
{
	(void)state;
	for (int f = 0; f < 2; f++) {
		init((enum ipfw_lpae_format)f, TEST_POOL_TABLES);
		/* exactly the 2 MiB block; a page inside it; a range ending in it */
		expect_map(0x40000000ull, 0x0, 2 * MIB, A, IPFW_E_OVERLAP);
		expect_map(0x40100000ull, 0x0, 4096, A, IPFW_E_OVERLAP);
		expect_map(0x3FF00000ull, 0x0, 2 * MIB, A, IPFW_E_OVERLAP);
		/* the trailing pages (0x40200000 + 8 KiB), from far below */
		expect_map(0x40201000ull, 0x0, 4096, A, IPFW_E_OVERLAP);
		expect_map(0x40202000ull - 64 * MIB - 4096, 0x1000, 64 * MIB + 4096, A,
			   IPFW_E_OVERLAP);
		/* a 1 GiB map over the GiB holding a table */
		expect_map(0x40000000ull, 0x40000000ull, GIB, A, IPFW_E_OVERLAP);
		/* pages inside the 1 GiB block; the block itself */
		expect_map(0xC0001000ull, 0x1000, 4096, A, IPFW_E_OVERLAP);
		expect_map(0xC0000000ull, 0x0, GIB, A, IPFW_E_OVERLAP);
		/* a big map whose last page hits: tables it would need are not taken */
		expect_map(0x0, 0x1000, 0x40000000ull + 4096, A, IPFW_E_OVERLAP);
	}
}

static void pool_exhaustion_mid_map_changes_nothing(void **state)
{
	(void)state;
	for (int f = 0; f < 2; f++) {
		uint32_t top = f ? 2u : 1u;

		/* top + 2 used by init's page run (L2 + L3), the GiB block: none;
		 * leave exactly 2 free */
		init((enum ipfw_lpae_format)f, top + 2 + 2);
		assert_int_equal(ipfw_lpae_tables_free(&ctx), 2);
		/* pages across three 2 MiB slots of a new GiB: L2 + 3 L3 = 4 > 2 */
		expect_map(0x1000, 0x2000, 6 * MIB, A, IPFW_E_NOMEM);
		/* the first page fits (one L3 under the existing L2), the second
		 * needs an L2 + L3 in the next GiB: 3 > 2 */
		expect_map(2 * GIB - 4096, 0x5000, 8192, A, IPFW_E_NOMEM);
		/* exactly 2 fits */
		assert_int_equal(ipfw_lpae_map(&ctx, 0x1000, 0x2000, 4096, A), IPFW_OK);
		assert_int_equal(ipfw_lpae_tables_free(&ctx), 0);
	}
}

static void bad_attributes_are_attr_errors(void **state)
{
	(void)state;
	init(IPFW_LPAE_S1_32, TEST_POOL_TABLES);
	expect_map(0x1000, 0x1000, 4096, IPFW_LPAE_RW, IPFW_E_ATTR); /* no memory type */
	expect_map(0x1000, 0x1000, 4096, A | 0x40u, IPFW_E_ATTR);    /* unknown bit */
	expect_map(0x1000, 0x1000, 4096, A | 0x80000000u, IPFW_E_ATTR);
	expect_map(0x1000, 0x1000, 4096, IPFW_LPAE_WRITE | IPFW_LPAE_WB, IPFW_E_ATTR);
	expect_map(0x1000, 0x1000, 4096, IPFW_LPAE_WB, IPFW_E_ATTR); /* no access */
	init(IPFW_LPAE_S2_40, TEST_POOL_TABLES);
	expect_map(0x1000, 0x1000, 4096, A | IPFW_LPAE_PRIV, IPFW_E_ATTR);
	expect_map(0x1000, 0x1000, 4096, IPFW_LPAE_READ, IPFW_E_ATTR);
	expect_map(0x1000, 0x1000, 4096, A | 0x100u, IPFW_E_ATTR);
}

static void unmap_errors_and_nothing_mapped(void **state)
{
	(void)state;
	init(IPFW_LPAE_S2_40, TEST_POOL_TABLES);
	expect_unmap(0x80000000ull, GIB, IPFW_E_NOTMAPPED);
	expect_unmap(0x40001000ull, 4096, IPFW_E_SPLIT);          /* inside the 2 MiB block */
	expect_unmap(0xC0000000ull, 2 * MIB, IPFW_E_SPLIT);       /* head of the 1 GiB block */
	expect_unmap(0xBFFFF000ull, 8192, IPFW_E_SPLIT);          /* last page before, first of */
}

static void init_rejects_bad_pools_and_flags(void **state)
{
	struct ipfw_lpae_ctx c;
	struct ipfw_lpae_pool d = {pool.mem, TEST_POOL_PA, 8};

	(void)state;
	assert_int_equal(ipfw_lpae_init(NULL, IPFW_LPAE_S1_32, &d, 0, NULL, NULL), IPFW_E_INVAL);
	assert_int_equal(ipfw_lpae_init(&c, IPFW_LPAE_S1_32, NULL, 0, NULL, NULL), IPFW_E_INVAL);
	assert_int_equal(ipfw_lpae_init(&c, (enum ipfw_lpae_format)2, &d, 0, NULL, NULL),
			 IPFW_E_FORMAT);
	assert_int_equal(ipfw_lpae_init(&c, IPFW_LPAE_S1_32, &d, 0x80, NULL, NULL), IPFW_E_INVAL);
	assert_int_equal(ipfw_lpae_init(&c, IPFW_LPAE_S2_40, &d, IPFW_LPAE_F_NS, NULL, NULL),
			 IPFW_E_ATTR);
	d.pa = TEST_POOL_PA + 4096; /* fine for S1, not 8 KiB aligned for S2 */
	assert_int_equal(ipfw_lpae_init(&c, IPFW_LPAE_S1_32, &d, 0, NULL, NULL), IPFW_OK);
	assert_int_equal(ipfw_lpae_init(&c, IPFW_LPAE_S2_40, &d, 0, NULL, NULL), IPFW_E_ALIGN);
	d.pa = TEST_POOL_PA + 64;
	assert_int_equal(ipfw_lpae_init(&c, IPFW_LPAE_S1_32, &d, 0, NULL, NULL), IPFW_E_ALIGN);
	d.pa = (1ull << 40) - 4 * 4096; /* 8 tables do not fit below 2^40 */
	assert_int_equal(ipfw_lpae_init(&c, IPFW_LPAE_S1_32, &d, 0, NULL, NULL), IPFW_E_RANGE);
	d.pa = TEST_POOL_PA;
	d.count = 1;
	assert_int_equal(ipfw_lpae_init(&c, IPFW_LPAE_S2_40, &d, 0, NULL, NULL), IPFW_E_NOMEM);
	d.cpu = pool.mem + 4;
	assert_int_equal(ipfw_lpae_init(&c, IPFW_LPAE_S1_32, &d, 0, NULL, NULL), IPFW_E_ALIGN);
}

static void dry_run_rejects_unsorted_overlapping_and_bad_regions(void **state)
{
	struct ipfw_lpae_region r[2] = {{0x200000, 0x200000, 4096, A}, {0x100000, 0x100000, 4096, A}};

	(void)state;
	assert_int_equal(ipfw_lpae_dry_run(IPFW_LPAE_S1_32, r, 2), IPFW_E_OVERLAP);
	r[1].iova = 0x200000;
	assert_int_equal(ipfw_lpae_dry_run(IPFW_LPAE_S1_32, r, 2), IPFW_E_OVERLAP);
	r[1].iova = 0x201000;
	assert_int_equal(ipfw_lpae_dry_run(IPFW_LPAE_S1_32, r, 2), 3); /* top + L2 + L3 */
	r[1].size = 0;
	assert_int_equal(ipfw_lpae_dry_run(IPFW_LPAE_S1_32, r, 2), IPFW_E_INVAL);
	r[1].size = 4096;
	r[1].iova = 1ull << 32;
	assert_int_equal(ipfw_lpae_dry_run(IPFW_LPAE_S1_32, r, 2), IPFW_E_RANGE);
	assert_int_equal(ipfw_lpae_dry_run(IPFW_LPAE_S2_40, r, 2), 2 + 2 + 2); /* two GiBs */
	r[1].iova = 0x201000;
	r[1].attrs = IPFW_LPAE_WB; /* no access: fine for S2, not for S1 */
	assert_int_equal(ipfw_lpae_dry_run(IPFW_LPAE_S2_40, r, 2), 2 + 2);
	assert_int_equal(ipfw_lpae_dry_run(IPFW_LPAE_S1_32, r, 2), IPFW_E_ATTR);
	assert_int_equal(ipfw_lpae_dry_run(IPFW_LPAE_S2_40, NULL, 1), IPFW_E_INVAL);
	assert_int_equal(ipfw_lpae_dry_run(IPFW_LPAE_S2_40, NULL, 0), 2);
	assert_int_equal(ipfw_lpae_dry_run((enum ipfw_lpae_format)7, r, 2), IPFW_E_FORMAT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(misaligned_iova_pa_size_are_align_errors),
		cmocka_unit_test(size_zero_is_invalid),
		cmocka_unit_test(wrap_and_out_of_range_iova_are_range_errors),
		cmocka_unit_test(output_beyond_40_bits_is_a_range_error),
		cmocka_unit_test(overlap_with_any_existing_leaf_is_refused),
		cmocka_unit_test(pool_exhaustion_mid_map_changes_nothing),
		cmocka_unit_test(bad_attributes_are_attr_errors),
		cmocka_unit_test(unmap_errors_and_nothing_mapped),
		cmocka_unit_test(init_rejects_bad_pools_and_flags),
		cmocka_unit_test(dry_run_rejects_unsorted_overlapping_and_bad_regions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
