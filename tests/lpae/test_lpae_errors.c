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

#include "badinput.h"

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

#define RANGE_CLASS "lpae: out-of-range maps"
#define OVERLAP_CLASS "lpae: overlapping maps"
#define POOL_CLASS "lpae: exhausted pools"
#define UNMAP_CLASS "lpae: partial unmaps"

/* Macros, so the catalogue names the calling test. */
#define EXPECT_MAP(klass, what, va, pa, size, attrs, err)                            \
	do {                                                                         \
		IPFW_BADINPUT(klass, what, err, ipfw_lpae_map(&ctx, va, pa, size, attrs)); \
		assert_unchanged();                                                  \
	} while (0)

#define EXPECT_UNMAP(klass, what, va, size, err)                                     \
	do {                                                                         \
		uint64_t n_ = 77;                                                    \
		IPFW_BADINPUT(klass, what, err, ipfw_lpae_unmap(&ctx, va, size, &n_)); \
		assert_int_equal(n_, 77); /* not written on failure */               \
		assert_unchanged();                                                  \
	} while (0)

static void misaligned_iova_pa_size_are_align_errors(void **state)
{
	(void)state;
	for (int f = 0; f < 2; f++) {
		init((enum ipfw_lpae_format)f, TEST_POOL_TABLES);
		EXPECT_MAP(RANGE_CLASS, "map: IOVA not 4 KiB aligned",
			   0x1800, 0x1000, 4096, A, IPFW_E_ALIGN);
		EXPECT_MAP(RANGE_CLASS, "map: PA not 4 KiB aligned",
			   0x1000, 0x1800, 4096, A, IPFW_E_ALIGN);
		EXPECT_MAP(RANGE_CLASS, "map: size 4095", 0x1000, 0x1000, 4095, A, IPFW_E_ALIGN);
		EXPECT_MAP(RANGE_CLASS, "map: size 4097", 0x1000, 0x1000, 4097, A, IPFW_E_ALIGN);
		EXPECT_UNMAP(RANGE_CLASS, "unmap: IOVA not 4 KiB aligned",
			     0x40000800, 4096, IPFW_E_ALIGN);
		EXPECT_UNMAP(RANGE_CLASS, "unmap: size 100", 0x40000000, 100, IPFW_E_ALIGN);
	}
}

static void size_zero_is_invalid(void **state)
{
	(void)state;
	for (int f = 0; f < 2; f++) {
		init((enum ipfw_lpae_format)f, TEST_POOL_TABLES);
		EXPECT_MAP(RANGE_CLASS, "map: size 0", 0x1000, 0x1000, 0, A, IPFW_E_INVAL);
		EXPECT_UNMAP(RANGE_CLASS, "unmap: size 0", 0x40000000, 0, IPFW_E_INVAL);
	}
}

static void wrap_and_out_of_range_iova_are_range_errors(void **state)
{
	(void)state;
	init(IPFW_LPAE_S1_32, TEST_POOL_TABLES);
	EXPECT_MAP(RANGE_CLASS, "S1-32 map at IOVA 4 GiB",
		   1ull << 32, 0x1000, 4096, A, IPFW_E_RANGE);      /* first iova past 4 GiB */
	EXPECT_MAP(RANGE_CLASS, "S1-32 map ending past 4 GiB",
		   (1ull << 32) - 4096, 0x1000, 8192, A, IPFW_E_RANGE); /* ends past it */
	EXPECT_MAP(RANGE_CLASS, "S1-32 map whose IOVA + size wraps 64 bits",
		   0xFFFFFFFFFFFFF000ull, 0x1000, 0x2000, A, IPFW_E_RANGE);
	EXPECT_MAP(RANGE_CLASS, "S1-32 map of size 2^64 - 4 KiB",
		   0x1000, 0x1000, 0xFFFFFFFFFFFFF000ull, A, IPFW_E_RANGE);
	EXPECT_UNMAP(RANGE_CLASS, "S1-32 unmap at IOVA 4 GiB", 1ull << 32, 4096, IPFW_E_RANGE);
	IPFW_BADINPUT(RANGE_CLASS, "S1-32 lookup at IOVA 4 GiB", IPFW_E_RANGE,
		      ipfw_lpae_lookup(&ctx, 1ull << 32, NULL, NULL));
	/* the last page of the input range is fine (once the GiB block is gone) */
	assert_int_equal(ipfw_lpae_unmap(&ctx, 0xC0000000ull, GIB, NULL), IPFW_OK);
	assert_int_equal(ipfw_lpae_map(&ctx, (1ull << 32) - 4096, 0x1000, 4096, A), IPFW_OK);

	init(IPFW_LPAE_S2_40, TEST_POOL_TABLES);
	EXPECT_MAP(RANGE_CLASS, "S2-40 map at IPA 2^40", 1ull << 40, 0x1000, 4096, A, IPFW_E_RANGE);
	EXPECT_MAP(RANGE_CLASS, "S2-40 map ending past 2^40",
		   (1ull << 40) - GIB, 0, 2 * GIB, A, IPFW_E_RANGE);
	EXPECT_MAP(RANGE_CLASS, "S2-40 map whose IPA + size wraps 64 bits",
		   0xFFFFFFFFFFFFF000ull, 0x1000, 0x2000, A, IPFW_E_RANGE);
	EXPECT_UNMAP(RANGE_CLASS, "S2-40 unmap ending past 2^40",
		     (1ull << 40) - 4096, 8192, IPFW_E_RANGE);
	IPFW_BADINPUT(RANGE_CLASS, "S2-40 lookup at IPA 2^40", IPFW_E_RANGE,
		      ipfw_lpae_lookup(&ctx, 1ull << 40, NULL, NULL));
	assert_int_equal(ipfw_lpae_map(&ctx, (1ull << 40) - 4096, 0x1000, 4096, A), IPFW_OK);
}

static void output_beyond_40_bits_is_a_range_error(void **state)
{
	(void)state;
	for (int f = 0; f < 2; f++) {
		init((enum ipfw_lpae_format)f, TEST_POOL_TABLES);
		EXPECT_MAP(RANGE_CLASS, "map: PA 2^40", 0x1000, 1ull << 40, 4096, A, IPFW_E_RANGE);
		EXPECT_MAP(RANGE_CLASS, "map: PA range ending past 2^40",
			   0x1000, (1ull << 40) - 4096, 8192, A, IPFW_E_RANGE);
		EXPECT_MAP(RANGE_CLASS, "map: PA + size wraps 64 bits",
			   0, 0xFFFFFFFFFFFFF000ull, 8192, A, IPFW_E_RANGE);
		assert_int_equal(ipfw_lpae_map(&ctx, 0x1000, (1ull << 40) - 4096, 4096, A), IPFW_OK);
	}
}

static void overlap_with_any_existing_leaf_is_refused(void **state)
{
	(void)state;
	for (int f = 0; f < 2; f++) {
		init((enum ipfw_lpae_format)f, TEST_POOL_TABLES);
		/* exactly the 2 MiB block; a page inside it; a range ending in it */
		EXPECT_MAP(OVERLAP_CLASS, "map: exactly an existing 2 MiB block",
			   0x40000000ull, 0x0, 2 * MIB, A, IPFW_E_OVERLAP);
		EXPECT_MAP(OVERLAP_CLASS, "map: a page inside a 2 MiB block",
			   0x40100000ull, 0x0, 4096, A, IPFW_E_OVERLAP);
		EXPECT_MAP(OVERLAP_CLASS, "map: range ending inside a 2 MiB block",
			   0x3FF00000ull, 0x0, 2 * MIB, A, IPFW_E_OVERLAP);
		/* the trailing pages (0x40200000 + 8 KiB), from far below */
		EXPECT_MAP(OVERLAP_CLASS, "map: an existing 4 KiB page",
			   0x40201000ull, 0x0, 4096, A, IPFW_E_OVERLAP);
		EXPECT_MAP(OVERLAP_CLASS, "map: 64 MiB range whose last page is mapped",
			   0x40202000ull - 64 * MIB - 4096, 0x1000, 64 * MIB + 4096, A, IPFW_E_OVERLAP);
		/* a 1 GiB map over the GiB holding a table */
		EXPECT_MAP(OVERLAP_CLASS, "map: 1 GiB over a GiB holding a table",
			   0x40000000ull, 0x40000000ull, GIB, A, IPFW_E_OVERLAP);
		/* pages inside the 1 GiB block; the block itself */
		EXPECT_MAP(OVERLAP_CLASS, "map: a page inside a 1 GiB block",
			   0xC0001000ull, 0x1000, 4096, A, IPFW_E_OVERLAP);
		EXPECT_MAP(OVERLAP_CLASS, "map: exactly an existing 1 GiB block",
			   0xC0000000ull, 0x0, GIB, A, IPFW_E_OVERLAP);
		/* a big map whose last page hits: tables it would need are not taken */
		EXPECT_MAP(OVERLAP_CLASS, "map: 1 GiB + 4 KiB whose last page is mapped",
			   0x0, 0x1000, 0x40000000ull + 4096, A, IPFW_E_OVERLAP);
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
		EXPECT_MAP(POOL_CLASS, "map needing 4 tables with 2 free",
			   0x1000, 0x2000, 6 * MIB, A, IPFW_E_NOMEM);
		/* the first page fits (one L3 under the existing L2), the second
		 * needs an L2 + L3 in the next GiB: 3 > 2 */
		EXPECT_MAP(POOL_CLASS, "map across a GiB boundary needing 3 tables with 2 free",
			   2 * GIB - 4096, 0x5000, 8192, A, IPFW_E_NOMEM);
		/* exactly 2 fits */
		assert_int_equal(ipfw_lpae_map(&ctx, 0x1000, 0x2000, 4096, A), IPFW_OK);
		assert_int_equal(ipfw_lpae_tables_free(&ctx), 0);
	}
}

static void bad_attributes_are_attr_errors(void **state)
{
	(void)state;
	init(IPFW_LPAE_S1_32, TEST_POOL_TABLES);
	EXPECT_MAP(RANGE_CLASS, "S1-32 attributes without a memory type",
		   0x1000, 0x1000, 4096, IPFW_LPAE_RW, IPFW_E_ATTR);
	EXPECT_MAP(RANGE_CLASS, "S1-32 attributes with unknown bit 0x80",
		   0x1000, 0x1000, 4096, A | 0x80u, IPFW_E_ATTR);
	EXPECT_MAP(RANGE_CLASS, "S1-32 attributes with unknown bit 31",
		   0x1000, 0x1000, 4096, A | 0x80000000u, IPFW_E_ATTR);
	EXPECT_MAP(RANGE_CLASS, "S1-32 attributes with every bit set",
		   0x1000, 0x1000, 4096, UINT32_MAX, IPFW_E_ATTR);
	EXPECT_MAP(RANGE_CLASS, "S1-32 write-only attributes",
		   0x1000, 0x1000, 4096, IPFW_LPAE_WRITE | IPFW_LPAE_WB, IPFW_E_ATTR);
	EXPECT_MAP(RANGE_CLASS, "S1-32 attributes without read or write",
		   0x1000, 0x1000, 4096, IPFW_LPAE_WB, IPFW_E_ATTR);
	init(IPFW_LPAE_S2_40, TEST_POOL_TABLES);
	EXPECT_MAP(RANGE_CLASS, "S2-40 attributes with PRIV",
		   0x1000, 0x1000, 4096, A | IPFW_LPAE_PRIV, IPFW_E_ATTR);
	EXPECT_MAP(RANGE_CLASS, "S2-40 attributes without a memory type",
		   0x1000, 0x1000, 4096, IPFW_LPAE_READ, IPFW_E_ATTR);
	EXPECT_MAP(RANGE_CLASS, "S2-40 attributes with unknown bit 0x100",
		   0x1000, 0x1000, 4096, A | 0x100u, IPFW_E_ATTR);
}

/* Issue 14: DEVICE | NC once read as WB. Two or three memory types
 * together name no type: refused on both formats, on map and in a dry
 * run, and each type alone still maps (the oracle: the three constants'
 * documented meaning, one type per mapping). */
static void two_memory_types_are_attr_errors(void **state)
{
	static const uint32_t mixes[] = {
		IPFW_LPAE_DEVICE | IPFW_LPAE_NC, IPFW_LPAE_DEVICE | IPFW_LPAE_WB,
		IPFW_LPAE_NC | IPFW_LPAE_WB, IPFW_LPAE_DEVICE | IPFW_LPAE_NC | IPFW_LPAE_WB};
	static const uint32_t types[] = {IPFW_LPAE_DEVICE, IPFW_LPAE_NC, IPFW_LPAE_WB};

	(void)state;
	for (unsigned int f = IPFW_LPAE_S1_32; f <= IPFW_LPAE_S2_40; f++) {
		init(f, TEST_POOL_TABLES);
		for (unsigned int k = 0; k < 4; k++) {
			struct ipfw_lpae_region r = {0x1000, 0x1000, 4096, IPFW_LPAE_RW | mixes[k]};

			EXPECT_MAP(RANGE_CLASS, "attributes with two or three memory types",
				   0x1000, 0x1000, 4096, IPFW_LPAE_RW | mixes[k], IPFW_E_ATTR);
			assert_int_equal(ipfw_lpae_dry_run(f, &r, 1), IPFW_E_ATTR);
		}
		for (unsigned int k = 0; k < 3; k++) {
			struct ipfw_lpae_leaf leaf;

			assert_int_equal(ipfw_lpae_map(&ctx, 0x10000 + k * 4096u, 0x1000,
						       4096, IPFW_LPAE_RW | types[k]),
					 IPFW_OK);
			assert_int_equal(ipfw_lpae_lookup(&ctx, 0x10000 + k * 4096u, NULL, &leaf),
					 IPFW_OK);
			assert_int_equal(leaf.attrs & IPFW_LPAE_MEM_MASK, types[k]);
		}
	}
}

static void unmap_errors_and_nothing_mapped(void **state)
{
	(void)state;
	init(IPFW_LPAE_S2_40, TEST_POOL_TABLES);
	EXPECT_UNMAP(UNMAP_CLASS, "unmap of a GiB with nothing mapped",
		     0x80000000ull, GIB, IPFW_E_NOTMAPPED);
	EXPECT_UNMAP(UNMAP_CLASS, "unmap of a page inside a 2 MiB block",
		     0x40001000ull, 4096, IPFW_E_SPLIT);
	EXPECT_UNMAP(UNMAP_CLASS, "unmap of the first 2 MiB of a 1 GiB block",
		     0xC0000000ull, 2 * MIB, IPFW_E_SPLIT);
	EXPECT_UNMAP(UNMAP_CLASS, "unmap of a free page and the first page of a 1 GiB block",
		     0xBFFFF000ull, 8192, IPFW_E_SPLIT);
}

static void init_rejects_bad_pools_and_flags(void **state)
{
	struct ipfw_lpae_ctx c;
	struct ipfw_lpae_pool d = {pool.mem, TEST_POOL_PA, 8};

	(void)state;
	IPFW_BADINPUT(RANGE_CLASS, "init: NULL context", IPFW_E_INVAL,
		      ipfw_lpae_init(NULL, IPFW_LPAE_S1_32, &d, 0, NULL, NULL));
	IPFW_BADINPUT(RANGE_CLASS, "init: NULL pool", IPFW_E_INVAL,
		      ipfw_lpae_init(&c, IPFW_LPAE_S1_32, NULL, 0, NULL, NULL));
	IPFW_BADINPUT(RANGE_CLASS, "init: table format 2", IPFW_E_FORMAT,
		      ipfw_lpae_init(&c, (enum ipfw_lpae_format)2, &d, 0, NULL, NULL));
	IPFW_BADINPUT(RANGE_CLASS, "init: unknown flag 0x80", IPFW_E_INVAL,
		      ipfw_lpae_init(&c, IPFW_LPAE_S1_32, &d, 0x80, NULL, NULL));
	IPFW_BADINPUT(RANGE_CLASS, "init: NS flag on a stage-2 context", IPFW_E_ATTR,
		      ipfw_lpae_init(&c, IPFW_LPAE_S2_40, &d, IPFW_LPAE_F_NS, NULL, NULL));
	d.pa = TEST_POOL_PA + 4096; /* fine for S1, not 8 KiB aligned for S2 */
	assert_int_equal(ipfw_lpae_init(&c, IPFW_LPAE_S1_32, &d, 0, NULL, NULL), IPFW_OK);
	IPFW_BADINPUT(RANGE_CLASS, "init: S2-40 pool PA 4 KiB but not 8 KiB aligned", IPFW_E_ALIGN,
		      ipfw_lpae_init(&c, IPFW_LPAE_S2_40, &d, 0, NULL, NULL));
	d.pa = TEST_POOL_PA + 64;
	IPFW_BADINPUT(RANGE_CLASS, "init: pool PA 64 bytes past a page", IPFW_E_ALIGN,
		      ipfw_lpae_init(&c, IPFW_LPAE_S1_32, &d, 0, NULL, NULL));
	d.pa = (1ull << 40) - 4 * 4096; /* 8 tables do not fit below 2^40 */
	IPFW_BADINPUT(RANGE_CLASS, "init: pool of 8 tables crossing 2^40", IPFW_E_RANGE,
		      ipfw_lpae_init(&c, IPFW_LPAE_S1_32, &d, 0, NULL, NULL));
	d.pa = TEST_POOL_PA;
	d.count = 1;
	IPFW_BADINPUT(POOL_CLASS, "init: S2-40 pool of 1 table (2 needed)", IPFW_E_NOMEM,
		      ipfw_lpae_init(&c, IPFW_LPAE_S2_40, &d, 0, NULL, NULL));
	d.cpu = pool.mem + 4;
	IPFW_BADINPUT(RANGE_CLASS, "init: pool CPU pointer not page aligned", IPFW_E_ALIGN,
		      ipfw_lpae_init(&c, IPFW_LPAE_S1_32, &d, 0, NULL, NULL));
}

static void dry_run_rejects_unsorted_overlapping_and_bad_regions(void **state)
{
	struct ipfw_lpae_region r[2] = {{0x200000, 0x200000, 4096, A}, {0x100000, 0x100000, 4096, A}};

	(void)state;
	IPFW_BADINPUT(OVERLAP_CLASS, "dry run: regions out of order", IPFW_E_OVERLAP,
		      ipfw_lpae_dry_run(IPFW_LPAE_S1_32, r, 2));
	r[1].iova = 0x200000;
	IPFW_BADINPUT(OVERLAP_CLASS, "dry run: two regions at the same IOVA", IPFW_E_OVERLAP,
		      ipfw_lpae_dry_run(IPFW_LPAE_S1_32, r, 2));
	r[1].iova = 0x201000;
	assert_int_equal(ipfw_lpae_dry_run(IPFW_LPAE_S1_32, r, 2), 3); /* top + L2 + L3 */
	r[1].size = 0;
	IPFW_BADINPUT(RANGE_CLASS, "dry run: region of size 0", IPFW_E_INVAL,
		      ipfw_lpae_dry_run(IPFW_LPAE_S1_32, r, 2));
	r[1].size = 4096;
	r[1].iova = 1ull << 32;
	IPFW_BADINPUT(RANGE_CLASS, "dry run: S1-32 region at IOVA 4 GiB", IPFW_E_RANGE,
		      ipfw_lpae_dry_run(IPFW_LPAE_S1_32, r, 2));
	assert_int_equal(ipfw_lpae_dry_run(IPFW_LPAE_S2_40, r, 2), 2 + 2 + 2); /* two GiBs */
	r[1].iova = 0x201000;
	r[1].attrs = IPFW_LPAE_WB; /* no access: fine for S2, not for S1 */
	assert_int_equal(ipfw_lpae_dry_run(IPFW_LPAE_S2_40, r, 2), 2 + 2);
	IPFW_BADINPUT(RANGE_CLASS, "dry run: S1-32 region without read or write", IPFW_E_ATTR,
		      ipfw_lpae_dry_run(IPFW_LPAE_S1_32, r, 2));
	IPFW_BADINPUT(RANGE_CLASS, "dry run: NULL region array of 1", IPFW_E_INVAL,
		      ipfw_lpae_dry_run(IPFW_LPAE_S2_40, NULL, 1));
	assert_int_equal(ipfw_lpae_dry_run(IPFW_LPAE_S2_40, NULL, 0), 2);
	IPFW_BADINPUT(RANGE_CLASS, "dry run: table format 7", IPFW_E_FORMAT,
		      ipfw_lpae_dry_run((enum ipfw_lpae_format)7, r, 2));
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
		cmocka_unit_test(two_memory_types_are_attr_errors),
		cmocka_unit_test(unmap_errors_and_nothing_mapped),
		cmocka_unit_test(init_rejects_bad_pools_and_flags),
		cmocka_unit_test(dry_run_rejects_unsorted_overlapping_and_bad_regions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
