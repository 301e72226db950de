/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Table accounting: every map reaches the minimum number of tables,
 * checked against minima computed by hand (in the comments) and against
 * ipfw_lpae_dry_run(); unmapping returns tables to the pool; the cache
 * hook sees every descriptor written, in batches.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "badinput.h"

#include <ipmmu/error.h>
#include <ipmmu/lpae.h>
#include "lpae_test.h"

static struct test_pool pool;
static struct ipfw_lpae_ctx ctx;
static struct hook_log hooks;
static uint8_t before[sizeof(pool.mem)];

#define ATTR_S (IPFW_LPAE_RW | IPFW_LPAE_WB)
#define X 0x80000000ull /* a 1 GiB aligned base, inside both input ranges */

static uint32_t top_tables(enum ipfw_lpae_format f)
{
	return f == IPFW_LPAE_S2_40 ? 2u : 1u;
}

static void init(enum ipfw_lpae_format f, uint32_t count)
{
	struct ipfw_lpae_pool d = test_pool_desc(&pool, count);

	hooks.calls = 0;
	assert_int_equal(ipfw_lpae_init(&ctx, f, &d, 0, hook_record, &hooks), IPFW_OK);
	assert_int_equal(ipfw_lpae_tables_used(&ctx), top_tables(f));
}

/*
 * Map the regions one by one into fresh tables; the tables added below the
 * top must equal `minimum` (by hand) and the dry run; unmapping them all
 * must bring the pool back to the top table alone.
 */
static void expect_tables(enum ipfw_lpae_format f, const struct ipfw_lpae_region *r, size_t n,
			  uint32_t minimum)
{
	uint32_t base;

	init(f, TEST_POOL_TABLES);
	base = ipfw_lpae_tables_used(&ctx);
	for (size_t k = 0; k < n; k++)
		assert_int_equal(ipfw_lpae_map(&ctx, r[k].iova, r[k].pa, r[k].size, r[k].attrs),
				 IPFW_OK);
	assert_int_equal(ipfw_lpae_tables_used(&ctx) - base, minimum);
	assert_int_equal(ipfw_lpae_dry_run(f, r, n), (int)(minimum + top_tables(f)));
	assert_int_equal(ipfw_lpae_tables_peak(&ctx), base + minimum);
	for (size_t k = 0; k < n; k++)
		assert_int_equal(ipfw_lpae_unmap(&ctx, r[k].iova, r[k].size, NULL), IPFW_OK);
	assert_int_equal(ipfw_lpae_tables_used(&ctx), base);
	assert_int_equal(ipfw_lpae_tables_free(&ctx), TEST_POOL_TABLES - base);
	assert_int_equal(ipfw_lpae_tables_peak(&ctx), base + minimum);
}

static void both_formats(const struct ipfw_lpae_region *r, size_t n, uint32_t minimum)
{
	expect_tables(IPFW_LPAE_S1_32, r, n, minimum);
	expect_tables(IPFW_LPAE_S2_40, r, n, minimum);
}

static void one_page_takes_two_tables(void **state)
{
	/* a level-2 table for the GiB, a level-3 table for the 2 MiB */
	const struct ipfw_lpae_region r[] = {{X + 0x5000, 0x123456000ull, 4096, ATTR_S}};

	(void)state;
	both_formats(r, 1, 2);
}

static void aligned_2m_block_takes_one_table(void **state)
{
	const struct ipfw_lpae_region r[] = {{X + 0x600000, 0x8000600000ull, 2 * MIB, ATTR_S}};

	(void)state;
	both_formats(r, 1, 1);
}

static void block_then_page_takes_two_tables(void **state)
{
	/* one L2 (shared) + one L3 for the page; as two maps and as one */
	const struct ipfw_lpae_region two[] = {{X, X, 2 * MIB, ATTR_S},
					       {X + 2 * MIB, X + 2 * MIB, 4096, ATTR_S}};
	const struct ipfw_lpae_region one[] = {{X, X, 2 * MIB + 4096, ATTR_S}};

	(void)state;
	both_formats(two, 2, 2);
	both_formats(one, 1, 2);
}

static void page_then_block_takes_two_tables(void **state)
{
	const struct ipfw_lpae_region two[] = {{X + 2 * MIB - 4096, X + 2 * MIB - 4096, 4096, ATTR_S},
					       {X + 2 * MIB, X + 2 * MIB, 2 * MIB, ATTR_S}};
	const struct ipfw_lpae_region one[] = {{X + 2 * MIB - 4096, X + 2 * MIB - 4096,
						2 * MIB + 4096, ATTR_S}};

	(void)state;
	both_formats(two, 2, 2);
	both_formats(one, 1, 2);
}

static void gib_block_takes_no_table(void **state)
{
	const struct ipfw_lpae_region r[] = {{X, 0xFF00000000ull, GIB, ATTR_S}};

	(void)state;
	both_formats(r, 1, 0);
}

static void misaligned_output_forces_pages(void **state)
{
	/* 4 MiB with pa off by 4 KiB from iova: only 4 KiB leaves fit:
	 * one L2 + two L3 */
	const struct ipfw_lpae_region r[] = {{X, X + 4096, 4 * MIB, ATTR_S}};

	(void)state;
	both_formats(r, 1, 3);
}

static void punching_a_page_hole_in_a_block(void **state)
{
	uint64_t n = 0;
	/* 2 MiB minus one page: L2 + L3 */
	const struct ipfw_lpae_region r2m[] = {{X, X, MIB, ATTR_S},
					       {X + MIB + 4096, X + MIB + 4096, MIB - 4096, ATTR_S}};
	/* 1 GiB minus one page at 512 MiB: L2 + one L3; the rest stays 2 MiB blocks */
	const struct ipfw_lpae_region r1g[] = {
		{X, X, 512 * MIB, ATTR_S},
		{X + 512 * MIB + 4096, X + 512 * MIB + 4096, 512 * MIB - 4096, ATTR_S}};

	(void)state;
	both_formats(r2m, 2, 2);
	both_formats(r1g, 2, 2);

	/* unmapping a page out of a block is refused: no split, nothing changes */
	init(IPFW_LPAE_S2_40, TEST_POOL_TABLES);
	assert_int_equal(ipfw_lpae_map(&ctx, X, X, 2 * MIB, ATTR_S), IPFW_OK);
	memcpy(before, pool.mem, sizeof(before));
	IPFW_BADINPUT("lpae: partial unmaps",
		      "unmap of a page in the middle of a 2 MiB block", IPFW_E_SPLIT,
		      ipfw_lpae_unmap(&ctx, X + MIB, 4096, &n));
	IPFW_BADINPUT("lpae: partial unmaps",
		      "unmap of a free page and the first page of a 2 MiB block", IPFW_E_SPLIT,
		      ipfw_lpae_unmap(&ctx, X - 4096, 8192, &n));
	assert_memory_equal(before, pool.mem, sizeof(before));
	assert_int_equal(ipfw_lpae_tables_used(&ctx), 3);
	assert_int_equal(ipfw_lpae_unmap(&ctx, X, 2 * MIB, &n), IPFW_OK);
	assert_int_equal(n, 2 * MIB);
	assert_int_equal(ipfw_lpae_tables_used(&ctx), 2);
}

static void anchor_map_reaches_hand_minimum(void **state)
{
	/*
	 * The bench anchor (S1): 2 GiB at 0x40000000 = two 1 GiB blocks, no
	 * table. 1 MiB at 0xD0001000 and 16 x 64 KiB at 0xE6000000 + i*10 MiB
	 * all lie in the GiB at 0xC0000000: one L2; each is 4 KiB pages in its
	 * own 2 MiB slot (10 MiB apart, 64 KiB long; 0xD0001000 + 1 MiB stays
	 * below 0xD0200000): 17 L3. Minimum below the top: 18.
	 */
	struct ipfw_lpae_region r[18];
	const uint32_t dev = IPFW_LPAE_RW | IPFW_LPAE_DEVICE | IPFW_LPAE_XN;

	(void)state;
	r[0] = (struct ipfw_lpae_region){0x40000000ull, 0x40000000ull, 2 * GIB, ATTR_S};
	r[1] = (struct ipfw_lpae_region){0xD0001000ull, 0xD0001000ull, MIB, ATTR_S};
	for (unsigned int i = 0; i < 16; i++)
		r[2 + i] = (struct ipfw_lpae_region){0xE6000000ull + i * 0xA00000ull,
						     0xE6000000ull + i * 0xA00000ull, 64 * KIB, dev};
	expect_tables(IPFW_LPAE_S1_32, r, 18, 18);
}

static void freed_tables_are_reused(void **state)
{
	(void)state;
	/* exactly the top + 2 tables: a page anywhere, again and again */
	init(IPFW_LPAE_S1_32, 3);
	for (uint64_t k = 0; k < 8; k++) {
		uint64_t va = k * 0x1E00000ull + 0x7000;

		assert_int_equal(ipfw_lpae_map(&ctx, va, va, 4096, ATTR_S), IPFW_OK);
		assert_int_equal(ipfw_lpae_tables_free(&ctx), 0);
		IPFW_BADINPUT("lpae: exhausted pools",
			      "map needing a second L3 table with the pool empty", IPFW_E_NOMEM,
			      ipfw_lpae_map(&ctx, va + 2 * MIB, va, 4096, ATTR_S));
		assert_int_equal(ipfw_lpae_unmap(&ctx, va, 4096, NULL), IPFW_OK);
		assert_int_equal(ipfw_lpae_tables_free(&ctx), 2);
	}
	assert_int_equal(ipfw_lpae_tables_peak(&ctx), 3);
}

/* Live tables (reachable from the top) as a bitmap over the pool. */
static void live_tables(uint8_t *live)
{
	memset(live, 0, TEST_POOL_TABLES);
	live[0] = live[1] = 1; /* the top (S2-40 takes both) */
	for (unsigned int t = 0; t < TEST_POOL_TABLES; t++) {
		const uint64_t *e = (const uint64_t *)(const void *)(pool.mem + t * 4096u);
		unsigned int n = t < 2 ? 1024 : 512;

		if (!live[t] || (t == 1))
			continue;
		for (unsigned int k = 0; k < n; k++) {
			uint64_t pa = e[k] & 0xFFFFFFF000ull;

			/* level-3 pages are type 3 too, but never point into the pool */
			if ((e[k] & 3u) == 3u && pa >= TEST_POOL_PA &&
			    pa < TEST_POOL_PA + TEST_POOL_TABLES * 4096ull)
				live[(pa - TEST_POOL_PA) / 4096u] = 1;
		}
	}
}

static int in_hook_range(uintptr_t a)
{
	for (unsigned int k = 0; k < hooks.calls && k < 4096u; k++)
		if (a >= hooks.r[k].start && a + 8 <= hooks.r[k].start + hooks.r[k].len)
			return 1;
	return 0;
}

static void check_written_words_were_cleaned(void)
{
	uint8_t live[TEST_POOL_TABLES];

	live_tables(live);
	for (size_t off = 0; off < sizeof(before); off += 8) {
		if (!live[off / 4096u] || !memcmp(before + off, pool.mem + off, 8))
			continue;
		if (!in_hook_range((uintptr_t)(pool.mem + off)))
			fail_msg("word at table %zu entry %zu written but not cleaned", off / 4096,
				 (off % 4096) / 8);
	}
}

static void cache_hook_covers_every_written_descriptor_in_batches(void **state)
{
	/* The pool is poisoned with 0xA5 before init, so zeroing counts as a write. */
	static const struct {
		int map;
		uint64_t va, pa, size;
	} ops[] = {
		{1, 0x3000, 0x9000003000ull, 5 * MIB},   /* pages, 3 L3 tables, blocks */
		{1, GIB + 2 * MIB, GIB + 2 * MIB, 6 * MIB}, /* 2 MiB blocks */
		{1, 2 * GIB, 4 * GIB, GIB},               /* 1 GiB block */
		{0, 0x200000, 0, 2 * MIB},                /* the 2 MiB block */
		{0, 0x3000, 0, 0x1000},
		{1, 0x210000, 0x210000, 0x8000},         /* pages where it was */
		{0, 0, 0, 4 * GIB},                       /* everything */
	};

	(void)state;
	for (int f = 0; f < 2; f++) {
		memset(pool.mem, 0xA5, sizeof(pool.mem));
		memcpy(before, pool.mem, sizeof(before));
		init((enum ipfw_lpae_format)f, TEST_POOL_TABLES);
		check_written_words_were_cleaned();
		for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
			uint32_t used = ipfw_lpae_tables_used(&ctx);

			memcpy(before, pool.mem, sizeof(before));
			hooks.calls = 0;
			if (ops[k].map)
				assert_int_equal(ipfw_lpae_map(&ctx, ops[k].va, ops[k].pa, ops[k].size,
							       ATTR_S),
						 IPFW_OK);
			else
				assert_int_equal(ipfw_lpae_unmap(&ctx, ops[k].va, ops[k].size, NULL),
						 IPFW_OK);
			check_written_words_were_cleaned();
			/* batched: at most one range per table in use before or after */
			assert_true(hooks.calls >= 1);
			assert_true(hooks.calls <= (used > ipfw_lpae_tables_used(&ctx)
							    ? used
							    : ipfw_lpae_tables_used(&ctx)));
		}
		assert_int_equal(ipfw_lpae_tables_used(&ctx), top_tables((enum ipfw_lpae_format)f));
	}
}

/* Pages inside a missing 2 MiB entry of an existing level-2 table get one
 * new table: the hook sees the new table whole, then the one parent entry
 * (children first); the addresses come from the hand walker. With no
 * free table the same map is refused and changes nothing. */
static void pages_below_a_missing_2m_entry_report_child_then_parent(void **state)
{
	(void)state;
	for (int f = 0; f < 2; f++) {
		init((enum ipfw_lpae_format)f, top_tables((enum ipfw_lpae_format)f) + 2u);
		/* a 2 MiB block at X makes the level-2 table (1 table) */
		assert_int_equal(ipfw_lpae_map(&ctx, X, X, 2 * MIB, ATTR_S), IPFW_OK);
		hooks.calls = 0;
		assert_int_equal(ipfw_lpae_map(&ctx, X + 2 * MIB + 0x5000, 0x7000005000ull, 16 * 4096u,
					       ATTR_S),
				 IPFW_OK);
		assert_int_equal(hooks.calls, 2);
		assert_true(hooks.r[0].start ==
			    (uintptr_t)hand_entry(&pool, X + 2 * MIB, 3)); /* entry 0: the table */
		assert_int_equal(hooks.r[0].len, 4096);
		assert_true(hooks.r[1].start == (uintptr_t)hand_entry(&pool, X + 2 * MIB, 2));
		assert_int_equal(hooks.r[1].len, 8);
		assert_int_equal(hand_desc(&pool, X + 2 * MIB + 0x5000, 3) & 0xFFFFFFF003ull,
				 0x7000005003ull);
		assert_int_equal(hand_desc(&pool, X + 2 * MIB + 0x14000, 3) & 0xFFFFFFF003ull,
				 0x7000014003ull);
		assert_int_equal(hand_desc(&pool, X + 2 * MIB + 0x15000, 3), 0);
		/* the pool is empty now: the next slot's pages need a table */
		assert_int_equal(ipfw_lpae_tables_free(&ctx), 0);
		memcpy(before, pool.mem, sizeof(before));
		IPFW_BADINPUT("lpae: exhausted pools", "pages below a missing 2 MiB entry, no table free",
			      IPFW_E_NOMEM, ipfw_lpae_map(&ctx, X + 4 * MIB, X + 4 * MIB, 4096, ATTR_S));
		assert_memory_equal(before, pool.mem, sizeof(before));
	}
}

static void big_page_map_cleans_each_table_once(void **state)
{
	(void)state;
	/* 1 GiB of 4 KiB pages: 512 L3 + 1 L2 + top = 514 hook calls, not 262144 */
	static struct {
		_Alignas(8192) uint8_t mem[600 * 4096u];
	} big;
	struct ipfw_lpae_pool d = {big.mem, TEST_POOL_PA, 600};

	hooks.calls = 0;
	assert_int_equal(ipfw_lpae_init(&ctx, IPFW_LPAE_S1_32, &d, 0, hook_record, &hooks),
			 IPFW_OK);
	hooks.calls = 0;
	assert_int_equal(ipfw_lpae_map(&ctx, GIB, 2 * GIB + 4096, GIB, ATTR_S), IPFW_OK);
	assert_int_equal(hooks.calls, 514);
	assert_int_equal(ipfw_lpae_tables_used(&ctx), 514);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_page_takes_two_tables),
		cmocka_unit_test(aligned_2m_block_takes_one_table),
		cmocka_unit_test(block_then_page_takes_two_tables),
		cmocka_unit_test(page_then_block_takes_two_tables),
		cmocka_unit_test(gib_block_takes_no_table),
		cmocka_unit_test(misaligned_output_forces_pages),
		cmocka_unit_test(punching_a_page_hole_in_a_block),
		cmocka_unit_test(anchor_map_reaches_hand_minimum),
		cmocka_unit_test(freed_tables_are_reused),
		cmocka_unit_test(cache_hook_covers_every_written_descriptor_in_batches),
		cmocka_unit_test(pages_below_a_missing_2m_entry_report_child_then_parent),
		cmocka_unit_test(big_page_map_cleans_each_table_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
