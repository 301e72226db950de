/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Map's one-page fast path (the level-3 table and attribute encoding the
 * last one-page map left in the context). Every descriptor is checked
 * with the hand walker of lpae_test.h against values built by hand from
 * the bit layout in docs/lpae.md (S1-32 with F_NS: page = OA | type 3 |
 * NS 0x20 | AP[1] 0x40 | AF 0x400 | nG 0x800, AttrIndx 4:2, AP[2] 0x80
 * read-only, SH 9:8 outer 2 / inner 3, PXN and XN bits 53 and 54), never
 * from src/. The cases are the ones a stale or wrongly trusted cache gets
 * wrong: tables freed and handed out again, attributes that change,
 * arguments the fast tests must still refuse, failures that must leave
 * everything as it was.
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
static struct hook_log hooks;

#define RW_NC (IPFW_LPAE_RW | IPFW_LPAE_NC)
#define RO_WB (IPFW_LPAE_READ | IPFW_LPAE_WB)
#define RW_DEV_XN (IPFW_LPAE_RW | IPFW_LPAE_DEVICE | IPFW_LPAE_XN)

/* S1-32, F_NS pages by hand (see the top of the file). */
#define PAGE_RW_NC 0xE63ull
#define PAGE_RO_WB 0xFE7ull                /* AP[2], AttrIndx 1, SH inner */
#define PAGE_RW_DEV_XN (0xE6Bull | (3ull << 53)) /* AttrIndx 2 */

static void init(enum ipfw_lpae_format f, uint32_t flags)
{
	struct ipfw_lpae_pool d = test_pool_desc(&pool, TEST_POOL_TABLES);

	memset(&hooks, 0, sizeof(hooks));
	assert_int_equal(ipfw_lpae_init(&ctx, f, &d, flags, hook_record, &hooks), IPFW_OK);
}

static void snapshot(void)
{
	memcpy(before, pool.mem, sizeof(before));
	ctx_before = ctx;
	hooks.calls = 0;
}

static void assert_unchanged(void)
{
	assert_memory_equal(before, pool.mem, sizeof(before));
	assert_memory_equal(&ctx_before, &ctx, sizeof(ctx));
	assert_int_equal(hooks.calls, 0);
}

static void map_page(uint64_t iova, uint64_t pa, uint32_t attrs)
{
	assert_int_equal(ipfw_lpae_map(&ctx, iova, pa, 4096, attrs), IPFW_OK);
}

/* Pages one after the other, in and out of one 2 MiB slot, with changing
 * attributes: each descriptor is the hand one, each write reported alone. */
static void pages_in_a_row_get_their_own_attributes(void **state)
{
	const uint64_t base = 0xC01FE000ull; /* two pages below a 2 MiB boundary */
	static const uint32_t attrs[4] = {RW_NC, RW_NC, RO_WB, RW_DEV_XN};
	static const uint64_t bits[4] = {PAGE_RW_NC, PAGE_RW_NC, PAGE_RO_WB, PAGE_RW_DEV_XN};

	(void)state;
	init(IPFW_LPAE_S1_32, IPFW_LPAE_F_NS);
	for (unsigned int k = 0; k < 40; k++) {
		uint64_t iova = base + k * 4096ull, pa = 0xFFFFF00000ull + k * 4096ull;
		uint64_t *e;

		hooks.calls = 0;
		map_page(iova, pa, attrs[k & 3u]);
		e = hand_entry(&pool, iova, 3);
		assert_non_null(e);
		assert_int_equal(*e, pa | bits[k & 3u]);
		if (k != 0 && k != 2) { /* a new table at k = 0 and 2 (new 2 MiB slot) */
			assert_int_equal(hooks.calls, 1);
			assert_int_equal(hooks.r[0].start, (uintptr_t)e);
			assert_int_equal(hooks.r[0].len, 8);
		}
	}
	/* nothing else was written: the pages before and after are unmapped */
	assert_int_equal(ipfw_lpae_lookup(&ctx, base - 4096, NULL, NULL), IPFW_E_NOTMAPPED);
	assert_int_equal(ipfw_lpae_lookup(&ctx, base + 40 * 4096ull, NULL, NULL),
			 IPFW_E_NOTMAPPED);
	assert_int_equal(ipfw_lpae_tables_used(&ctx), 4); /* top, L2, two L3 */
}

/* Unmapping frees the table the fast path would write to; the same
 * memory comes back for another slot. The next page of the first slot
 * must go through the tables, not into the table kept before. */
static void a_freed_table_is_not_written_through_later(void **state)
{
	uint64_t *e;

	(void)state;
	init(IPFW_LPAE_S1_32, IPFW_LPAE_F_NS);
	map_page(0x00200000ull, 0x10000000ull, RW_NC); /* new L2 and L3 */
	map_page(0x00201000ull, 0x10001000ull, RW_NC); /* the L3 is kept */
	assert_int_equal(ipfw_lpae_tables_used(&ctx), 3);
	assert_int_equal(ipfw_lpae_unmap(&ctx, 0x00200000ull, 8192, NULL), IPFW_OK);
	assert_int_equal(ipfw_lpae_tables_used(&ctx), 1); /* the L3 and L2 went back */
	/* the freed L2 and L3 again (the free list gives the L2 first), the
	 * L3 now for 0x00600000 */
	map_page(0x00600000ull, 0x20000000ull, RW_NC);
	map_page(0x00602000ull, 0x20002000ull, RW_NC);
	assert_int_equal(ipfw_lpae_tables_used(&ctx), 3);
	/* back in the first slot: a new table, nothing in the other one */
	map_page(0x00202000ull, 0x10002000ull, RW_NC);
	assert_int_equal(ipfw_lpae_tables_used(&ctx), 4);
	e = hand_entry(&pool, 0x00202000ull, 3);
	assert_non_null(e);
	assert_int_equal(*e, 0x10002000ull | PAGE_RW_NC);
	assert_int_equal(hand_desc(&pool, 0x00600000ull, 3), 0x20000000ull | PAGE_RW_NC);
	assert_int_equal(hand_desc(&pool, 0x00601000ull, 3), 0);
	assert_int_equal(hand_desc(&pool, 0x00602000ull, 3), 0x20002000ull | PAGE_RW_NC);
	assert_int_equal(hand_desc(&pool, 0x00603000ull, 3), 0);

	/* the same with nothing mapped after the free: the next page of the
	 * emptied slot gets a fresh table, and the free list stays whole */
	init(IPFW_LPAE_S1_32, IPFW_LPAE_F_NS);
	map_page(0x40000000ull, 0x30000000ull, RO_WB);
	map_page(0x40001000ull, 0x30001000ull, RO_WB);
	assert_int_equal(ipfw_lpae_unmap(&ctx, 0x40000000ull, 8192, NULL), IPFW_OK);
	assert_int_equal(ipfw_lpae_tables_used(&ctx), 1);
	map_page(0x40002000ull, 0x30002000ull, RO_WB);
	assert_int_equal(hand_desc(&pool, 0x40002000ull, 3), 0x30002000ull | PAGE_RO_WB);
	assert_int_equal(hand_desc(&pool, 0x40000000ull, 3), 0);
	assert_int_equal(ipfw_lpae_tables_used(&ctx), 3);
	assert_int_equal(ipfw_lpae_tables_peak(&ctx), 3);
}

/* Calls the fast tests look at: each fails with the general path's code,
 * changing nothing (the kept table and attributes included). */
static void fast_path_refusals_change_nothing(void **state)
{
	const uint64_t iova = 0x80000000ull, pa = 0x8000000000ull;

	(void)state;
	init(IPFW_LPAE_S1_32, IPFW_LPAE_F_NS);
	map_page(iova, pa, RW_NC);
	map_page(iova + 4096, pa + 4096, RW_NC); /* kept: this slot, RW_NC */
	snapshot();
	assert_int_equal(ipfw_lpae_map(&ctx, iova + 4096, pa + 8192, 4096, RW_NC),
			 IPFW_E_OVERLAP);
	assert_unchanged();
	assert_int_equal(ipfw_lpae_map(&ctx, iova + 0x2800, pa + 0x2000, 4096, RW_NC),
			 IPFW_E_ALIGN);
	assert_unchanged();
	assert_int_equal(ipfw_lpae_map(&ctx, iova + 0x2000, pa + 0x2010, 4096, RW_NC),
			 IPFW_E_ALIGN);
	assert_unchanged();
	/* pa at 2^40 and beyond: out of the output range */
	assert_int_equal(ipfw_lpae_map(&ctx, iova + 0x2000, 1ull << 40, 4096, RW_NC),
			 IPFW_E_RANGE);
	assert_unchanged();
	assert_int_equal(ipfw_lpae_map(&ctx, iova + 0x2000, (1ull << 41) | 0x2000u, 4096, RW_NC),
			 IPFW_E_RANGE);
	assert_unchanged();
	/* iova with bits above the input range but the same low 40 bits */
	assert_int_equal(ipfw_lpae_map(&ctx, (1ull << 40) | (iova + 0x2000), pa + 0x2000, 4096,
				       RW_NC),
			 IPFW_E_RANGE);
	assert_unchanged();
	assert_int_equal(ipfw_lpae_map(&ctx, (1ull << 53) | (iova + 0x2000), pa + 0x2000, 4096,
				       RW_NC),
			 IPFW_E_RANGE);
	assert_unchanged();
	/* other attributes: refused ones are refused */
	assert_int_equal(ipfw_lpae_map(&ctx, iova + 0x2000, pa + 0x2000, 4096,
				       RW_NC | IPFW_LPAE_WB),
			 IPFW_E_ATTR);
	assert_unchanged();
	assert_int_equal(ipfw_lpae_map(&ctx, iova + 0x2000, pa + 0x2000, 4096, IPFW_LPAE_NC),
			 IPFW_E_ATTR);
	assert_unchanged();
	/* two pages over the kept page and one free one: the general path */
	assert_int_equal(ipfw_lpae_map(&ctx, iova + 4096, pa + 4096, 8192, RW_NC),
			 IPFW_E_OVERLAP);
	assert_unchanged();
	/* the last page of the output range is fine */
	map_page(iova + 0x2000, (1ull << 40) - 4096, RW_NC);
	assert_int_equal(hand_desc(&pool, iova + 0x2000, 3), ((1ull << 40) - 4096) | PAGE_RW_NC);

	/* a zeroed context is refused, whatever the arguments */
	memset(&ctx, 0, sizeof(ctx));
	assert_int_equal(ipfw_lpae_map(&ctx, 0, 0, 4096, 0), IPFW_E_INVAL);
	assert_int_equal(ipfw_lpae_map(&ctx, 0x1000, 0x1000, 4096, RW_NC), IPFW_E_INVAL);
	assert_int_equal(ipfw_lpae_map(NULL, 0x1000, 0x1000, 4096, RW_NC), IPFW_E_INVAL);
}

/* A block mapped over a whole slot leaves no table to keep; a kept table
 * does not survive init. Stage 2 with a 40-bit input: the kept slot is
 * above 4 GiB, and its neighbours 4 GiB apart (same low 32 bits) differ. */
static void kept_state_follows_init_and_high_slots(void **state)
{
	const uint64_t hi = 0xFFFFE00000ull; /* the last 2 MiB slot of 40 bits */
	/* S2 RW NC page: type 3, MemAttr 0x5 (0x14), HAP 3 (0xC0), SH outer, AF */
	const uint64_t s2_rw_nc = 0x6D7ull;

	(void)state;
	init(IPFW_LPAE_S2_40, 0);
	map_page(hi, 0x1000, RW_NC);
	map_page(hi + 4096, 0x2000, RW_NC);
	assert_int_equal(hand_desc(&pool, hi + 4096, 3), 0x2000 | s2_rw_nc);
	/* same low 32 bits, 4 GiB below: its own tables */
	map_page(hi - (4ull << 30) + 0x2000, 0x3000, RW_NC);
	assert_int_equal(hand_desc(&pool, hi - (4ull << 30) + 0x2000, 3), 0x3000 | s2_rw_nc);
	assert_int_equal(hand_desc(&pool, hi + 0x2000, 3), 0);
	map_page(hi + 0x2000, 0x4000, RW_NC);
	assert_int_equal(hand_desc(&pool, hi + 0x2000, 3), 0x4000 | s2_rw_nc);
	assert_int_equal(ipfw_lpae_tables_used(&ctx), 2 + 4); /* top, 2 x (L2, L3) */
	assert_int_equal(ipfw_lpae_map(&ctx, 1ull << 40, 0x5000, 4096, RW_NC), IPFW_E_RANGE);
	/* kept: a slot below 4 GiB; the page 4 GiB above it is elsewhere */
	map_page(0x00200000ull, 0x6000, RW_NC);
	map_page(0x00201000ull, 0x7000, RW_NC);
	map_page(0x100202000ull, 0x8000, RW_NC);
	assert_int_equal(hand_desc(&pool, 0x100202000ull, 3), 0x8000 | s2_rw_nc);
	assert_int_equal(hand_desc(&pool, 0x00202000ull, 3), 0);

	/* kept: slot 0 after its second page; 1 GiB up (input page 1 << 18,
	 * slot 512) is another top entry and gets its own tables */
	init(IPFW_LPAE_S2_40, 0);
	map_page(0, 0x9000, RW_NC);
	map_page(0x1000, 0xA000, RW_NC);
	map_page(0x40002000ull, 0xB000, RW_NC);
	assert_int_equal(hand_desc(&pool, 0x40002000ull, 3), 0xB000 | s2_rw_nc);
	assert_int_equal(hand_desc(&pool, 0x2000, 3), 0);
	assert_int_equal(ipfw_lpae_tables_used(&ctx), 2 + 4);

	/* init forgets: the same page in a new context is mapped afresh */
	init(IPFW_LPAE_S2_40, 0);
	map_page(hi + 4096, 0x2000, RW_NC);
	assert_int_equal(hand_desc(&pool, hi + 4096, 3), 0x2000 | s2_rw_nc);
	assert_int_equal(hand_desc(&pool, hi, 3), 0);
	assert_int_equal(ipfw_lpae_tables_used(&ctx), 2 + 2);

	/* S1-32: the top of its 32-bit input */
	init(IPFW_LPAE_S1_32, IPFW_LPAE_F_NS);
	map_page(0xFFFFE000ull, 0x5000, RW_NC);
	map_page(0xFFFFF000ull, 0x6000, RW_NC);
	assert_int_equal(hand_desc(&pool, 0xFFFFF000ull, 3), 0x6000 | PAGE_RW_NC);
	assert_int_equal(ipfw_lpae_map(&ctx, 0x100000000ull, 0x7000, 4096, RW_NC), IPFW_E_RANGE);
}

/* The kept slot is the 2 MiB slot of the page (iova >> 21): after pages of
 * slot 1, pages of slots 2 and 3 get tables of their own, and slot 1's
 * entries stay as they were. */
static void pages_of_the_next_slots_are_not_written_through_the_kept_table(void **state)
{
	(void)state;
	init(IPFW_LPAE_S1_32, IPFW_LPAE_F_NS);
	map_page(0x200000, 0x10000, RW_NC);
	map_page(0x201000, 0x11000, RW_NC); /* kept: slot 1 */
	map_page(0x400000, 0x12000, RW_NC);
	map_page(0x601000, 0x13000, RW_NC);
	assert_int_equal(hand_desc(&pool, 0x200000, 3), 0x10000 | PAGE_RW_NC);
	assert_int_equal(hand_desc(&pool, 0x201000, 3), 0x11000 | PAGE_RW_NC);
	assert_int_equal(hand_desc(&pool, 0x400000, 3), 0x12000 | PAGE_RW_NC);
	assert_int_equal(hand_desc(&pool, 0x601000, 3), 0x13000 | PAGE_RW_NC);
	assert_int_equal(ipfw_lpae_tables_used(&ctx), 1 + 1 + 3); /* top, L2, three L3 */
}

/* The fast tests read all of iova | pa: on a kept slot at 4 GiB (S2-40),
 * where the iova's low word can be zero, a pa at 2^40 with a zero low
 * word is out of the output range as anywhere else. */
static void fast_path_reads_the_high_words_too(void **state)
{
	const uint64_t s2_rw_nc = 0x6D7ull; /* as in kept_state_follows_init_and_high_slots */

	(void)state;
	init(IPFW_LPAE_S2_40, 0);
	map_page(0x100001000ull, 0x1000, RW_NC);
	map_page(0x100002000ull, 0x2000, RW_NC); /* kept: the slot at 4 GiB */
	snapshot();
	assert_int_equal(ipfw_lpae_map(&ctx, 0x100000000ull, 1ull << 40, 4096, RW_NC),
			 IPFW_E_RANGE);
	assert_unchanged();
	map_page(0x100000000ull, 0x3000, RW_NC);
	assert_int_equal(hand_desc(&pool, 0x100000000ull, 3), 0x3000 | s2_rw_nc);
}

/* A map of many pages after one-page maps, a map failing half-way (the
 * pool runs out) after them: the failed one changes nothing, the kept
 * table still serves the next page. */
static void failing_maps_after_fast_ones_change_nothing(void **state)
{
	struct ipfw_lpae_pool d;

	(void)state;
	d = test_pool_desc(&pool, 4); /* top, L2, L3, one spare */
	memset(&hooks, 0, sizeof(hooks));
	assert_int_equal(ipfw_lpae_init(&ctx, IPFW_LPAE_S1_32, &d, IPFW_LPAE_F_NS, hook_record,
					&hooks),
			 IPFW_OK);
	map_page(0x10000000ull, 0x50000000ull, RW_NC);
	map_page(0x10001000ull, 0x50001000ull, RW_NC);
	snapshot();
	/* pages at both ends of 2 MiB blocks need two L3 tables: one is left */
	assert_int_equal(ipfw_lpae_map(&ctx, 0x10400000ull - 4096, 0x60000000ull - 4096,
				       4 * MIB + 8192, RW_NC),
			 IPFW_E_NOMEM);
	assert_unchanged();
	/* a region running into the kept page: overlap found half-way */
	assert_int_equal(ipfw_lpae_map(&ctx, 0x0FFFF000ull, 0x4FFFF000ull, 0x3000, RW_NC),
			 IPFW_E_OVERLAP);
	assert_unchanged();
	map_page(0x10002000ull, 0x50002000ull, RW_NC);
	assert_int_equal(hand_desc(&pool, 0x10002000ull, 3), 0x50002000ull | PAGE_RW_NC);
	assert_int_equal(ipfw_lpae_tables_used(&ctx), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pages_in_a_row_get_their_own_attributes),
		cmocka_unit_test(a_freed_table_is_not_written_through_later),
		cmocka_unit_test(fast_path_refusals_change_nothing),
		cmocka_unit_test(kept_state_follows_init_and_high_slots),
		cmocka_unit_test(pages_of_the_next_slots_are_not_written_through_the_kept_table),
		cmocka_unit_test(fast_path_reads_the_high_words_too),
		cmocka_unit_test(failing_maps_after_fast_ones_change_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
