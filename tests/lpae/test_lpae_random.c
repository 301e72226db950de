/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Differential test: 100,000+ random map/unmap/lookup operations per format
 * against a reference model written here (a sorted list of mappings and
 * the architecture's leaf rule: a 1 GiB or 2 MiB leaf wherever an aligned
 * box lies inside a mapping whose iova and pa agree modulo the box). The
 * model predicts every result, the translation and leaf of every lookup,
 * and the minimum table count; every failed operation is checked to leave
 * table memory and pool state byte for byte as they were.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include <ipmmu/error.h>
#include <ipmmu/lpae.h>
#include "lpae_test.h"

#define POOL_TABLES 40u
#define OPS 110000u
#define MAX_RECS 4096u

struct rec {
	uint64_t va, pa, size;
	uint32_t attrs;
};

static struct test_pool pool;
static struct ipfw_lpae_ctx ctx;
static struct ipfw_lpae_ctx ctx_before;
static uint8_t before[POOL_TABLES * 4096u];
static struct rec recs[MAX_RECS];
static size_t nrecs;
static uint64_t rng;
static uint64_t win; /* the window [win, win + space) */
static unsigned int results[4]; /* ok, overlap/split, nomem, notmapped */

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Size of the leaf that maps b inside r (the architecture's rule). */
static uint64_t leaf_size_at(const struct rec *r, uint64_t b)
{
	static const uint64_t box[2] = {GIB, 2 * MIB};

	for (int k = 0; k < 2; k++) {
		uint64_t s = box[k], base = b & ~(s - 1u);

		if (!((r->va - r->pa) & (s - 1u)) && base >= r->va && base + s <= r->va + r->size)
			return s;
	}
	return 4096;
}

static const struct rec *find(uint64_t x)
{
	for (size_t k = 0; k < nrecs; k++)
		if (x >= recs[k].va && x - recs[k].va < recs[k].size)
			return &recs[k];
	return NULL;
}

/* Minimum tables below the top: a GiB needs an L2 if any leaf in it is
 * smaller than 1 GiB, a 2 MiB slot an L3 if any leaf in it is 4 KiB. */
static uint32_t model_tables(void)
{
	uint64_t last_g = UINT64_MAX, last_s = UINT64_MAX;
	uint32_t n = 0;

	for (size_t k = 0; k < nrecs; k++) {
		const struct rec *r = &recs[k];
		uint64_t end = r->va + r->size;

		for (uint64_t x = r->va; x < end;) {
			uint64_t s = leaf_size_at(r, x);

			if (s < GIB && (x >> 30) != last_g) {
				last_g = x >> 30;
				n++;
			}
			if (s == 4096) {
				uint64_t next = (x | (2 * MIB - 1u)) + 1u;

				if ((x >> 21) != last_s) {
					last_s = x >> 21;
					n++;
				}
				x = next < end ? next : end;
			} else {
				x += s;
			}
		}
	}
	return n;
}

static void insert(struct rec r)
{
	size_t k = 0;

	assert_true(nrecs < MAX_RECS);
	while (k < nrecs && recs[k].va < r.va)
		k++;
	memmove(&recs[k + 1], &recs[k], (nrecs - k) * sizeof(recs[0]));
	recs[k] = r;
	nrecs++;
}

static void remove_range(uint64_t va, uint64_t end)
{
	struct rec keep[MAX_RECS];
	size_t n = 0;

	for (size_t k = 0; k < nrecs; k++) {
		struct rec r = recs[k];
		uint64_t rend = r.va + r.size;

		if (rend <= va || r.va >= end) {
			keep[n++] = r;
			continue;
		}
		if (r.va < va)
			keep[n++] = (struct rec){r.va, r.pa, va - r.va, r.attrs};
		if (rend > end)
			keep[n++] = (struct rec){end, r.pa + (end - r.va), rend - end, r.attrs};
	}
	memcpy(recs, keep, n * sizeof(recs[0]));
	nrecs = n;
}

static void snapshot(void)
{
	memcpy(before, pool.mem, sizeof(before));
	ctx_before = ctx;
}

static void assert_unchanged(void)
{
	assert_memory_equal(before, pool.mem, sizeof(before));
	assert_memory_equal(&ctx_before, &ctx, sizeof(ctx));
}

static uint64_t pick_size(void)
{
	switch (rnd() % 8) {
	case 0:
		return GIB;
	case 1:
	case 2:
		return (1 + rnd() % 3) * 2 * MIB;
	case 3:
		return (1 + rnd() % 600) * 4096; /* may span 2 MiB slots */
	default:
		return (1 + rnd() % 16) * 4096;
	}
}

static uint64_t pick_iova(uint64_t space)
{
	uint64_t a = win + rnd() % space;

	switch (rnd() % 4) {
	case 0:
		return a & ~(GIB - 1u);
	case 1:
		return a & ~(2 * MIB - 1u);
	default:
		return a & ~0xFFFull;
	}
}

static void do_map(enum ipfw_lpae_format f, uint64_t space)
{
	static const uint32_t a1[] = {IPFW_LPAE_RW | IPFW_LPAE_WB, IPFW_LPAE_READ | IPFW_LPAE_NC,
				      IPFW_LPAE_RW | IPFW_LPAE_DEVICE | IPFW_LPAE_XN,
				      IPFW_LPAE_READ | IPFW_LPAE_PRIV | IPFW_LPAE_WB};
	static const uint32_t a2[] = {IPFW_LPAE_RW | IPFW_LPAE_WB, IPFW_LPAE_WRITE | IPFW_LPAE_NC,
				      IPFW_LPAE_DEVICE | IPFW_LPAE_XN, IPFW_LPAE_READ | IPFW_LPAE_WB};
	uint64_t size = pick_size(), va = pick_iova(space);
	/* output: congruent modulo 1 GiB, 2 MiB, or only 4 KiB */
	uint64_t offs[3] = {(rnd() % 64) * GIB, (rnd() % 512) * 2 * MIB, (rnd() % 4096) * 4096};
	uint64_t pa = (va + offs[rnd() % 3]) & ((1ull << 40) - 1u);
	struct rec r = {va, pa, size, (f ? a2 : a1)[rnd() % 4]};
	int expect = IPFW_OK, got;

	if (va + size > win + space || pa + size > (1ull << 40))
		return; /* range errors are the error suite's business */
	for (size_t k = 0; k < nrecs; k++)
		if (va < recs[k].va + recs[k].size && recs[k].va < va + size)
			expect = IPFW_E_OVERLAP;
	if (expect == IPFW_OK) {
		insert(r);
		if (model_tables() + (f ? 2u : 1u) > POOL_TABLES) {
			expect = IPFW_E_NOMEM;
			remove_range(va, va + size);
		}
	}
	snapshot();
	got = ipfw_lpae_map(&ctx, va, pa, size, r.attrs);
	if (got != expect)
		fail_msg("map %#llx -> %#llx size %#llx: got %s, model says %s",
			 (unsigned long long)va, (unsigned long long)pa, (unsigned long long)size,
			 ipfw_errname(got), ipfw_errname(expect));
	results[got == IPFW_OK ? 0 : got == IPFW_E_NOMEM ? 2 : 1]++;
	if (got)
		assert_unchanged();
}

static void do_unmap(uint64_t space)
{
	uint64_t va = pick_iova(space), size = pick_size(), end = va + size, bytes = 0, n = 0;
	int expect, got;

	if (end > win + space)
		return;
	for (size_t k = 0; k < nrecs; k++) {
		uint64_t lo = recs[k].va > va ? recs[k].va : va;
		uint64_t re = recs[k].va + recs[k].size, hi = re < end ? re : end;

		if (lo < hi)
			bytes += hi - lo;
	}
	expect = bytes ? IPFW_OK : IPFW_E_NOTMAPPED;
	/* a leaf straddling either end: refused, never split */
	for (int e = 0; e < 2; e++) {
		uint64_t b = e ? end - 1u : va;
		const struct rec *r = find(b);

		if (r) {
			uint64_t s = leaf_size_at(r, b), base = b & ~(s - 1u);

			if (base < va || base + s > end)
				expect = IPFW_E_SPLIT;
		}
	}
	snapshot();
	got = ipfw_lpae_unmap(&ctx, va, size, &n);
	if (got != expect)
		fail_msg("unmap %#llx size %#llx: got %s, model says %s", (unsigned long long)va,
			 (unsigned long long)size, ipfw_errname(got), ipfw_errname(expect));
	results[got == IPFW_OK ? 0 : got == IPFW_E_NOTMAPPED ? 3 : 1]++;
	if (got) {
		assert_unchanged();
		return;
	}
	assert_int_equal(n, bytes);
	remove_range(va, end);
}

static void do_lookup(uint64_t space)
{
	uint64_t x = win + rnd() % space;
	const struct rec *r = find(x);
	struct ipfw_lpae_leaf leaf;
	uint64_t pa = 0;
	int got = ipfw_lpae_lookup(&ctx, x, &pa, &leaf);

	if (!r) {
		assert_int_equal(got, IPFW_E_NOTMAPPED);
		return;
	}
	assert_int_equal(got, IPFW_OK);
	assert_int_equal(pa, r->pa + (x - r->va));
	assert_int_equal(leaf.size, leaf_size_at(r, x));
	assert_int_equal(leaf.iova, x & ~(leaf.size - 1u));
	assert_int_equal(leaf.attrs, r->attrs);
}

struct walk_state {
	uint64_t next_va; /* leaves must come in increasing order */
	uint64_t bytes;
};

static int check_leaf(void *arg, const struct ipfw_lpae_leaf *l)
{
	struct walk_state *w = arg;
	const struct rec *r = find(l->iova);

	assert_true(l->iova >= w->next_va);
	assert_non_null(r);
	assert_true(l->iova + l->size <= r->va + r->size);
	assert_int_equal(l->pa, r->pa + (l->iova - r->va));
	assert_int_equal(l->size, leaf_size_at(r, l->iova));
	w->next_va = l->iova + l->size;
	w->bytes += l->size;
	return 0;
}

static void full_compare(enum ipfw_lpae_format f)
{
	struct walk_state w = {0, 0};
	uint64_t total = 0;

	assert_int_equal(ipfw_lpae_walk(&ctx, check_leaf, &w), 0);
	for (size_t k = 0; k < nrecs; k++)
		total += recs[k].size;
	assert_int_equal(w.bytes, total);
	/* the builder holds exactly the minimum number of tables */
	assert_int_equal(ipfw_lpae_tables_used(&ctx), model_tables() + (f ? 2u : 1u));
}

static void run(enum ipfw_lpae_format f, uint64_t window, uint64_t space, uint64_t seed)
{
	struct ipfw_lpae_pool d = test_pool_desc(&pool, POOL_TABLES);
	unsigned int counts[3] = {0, 0, 0};

	rng = seed;
	nrecs = 0;
	win = window;
	memset(results, 0, sizeof(results));
	assert_int_equal(ipfw_lpae_init(&ctx, f, &d, 0, NULL, NULL), IPFW_OK);
	for (unsigned int i = 0; i < OPS; i++) {
		unsigned int op = (unsigned int)(rnd() % 10);

		if (op < 4)
			do_map(f, space);
		else if (op < 7)
			do_unmap(space);
		else
			do_lookup(space);
		counts[op < 4 ? 0 : op < 7 ? 1 : 2]++;
		if (i % 500 == 0)
			full_compare(f);
	}
	full_compare(f);
	/* drain: back to the top table alone */
	assert_int_equal(ipfw_lpae_unmap(&ctx, win, space, NULL), nrecs ? IPFW_OK : IPFW_E_NOTMAPPED);
	assert_int_equal(ipfw_lpae_tables_used(&ctx), f ? 2u : 1u);
	printf("  %s: %u maps, %u unmaps, %u lookups, peak %u tables; results: %u ok, "
	       "%u overlap/split, %u nomem, %u notmapped\n",
	       f ? "S2-40" : "S1-32", counts[0], counts[1], counts[2], ipfw_lpae_tables_peak(&ctx),
	       results[0], results[1], results[2], results[3]);
	/* every outcome must actually have been exercised */
	for (int k = 0; k < 4; k++)
		assert_true(results[k] > 100);
}

static void s1_32_random_ops_match_the_reference_model(void **state)
{
	(void)state;
	run(IPFW_LPAE_S1_32, 0, 1ull << 32, 0x9E3779B97F4A7C15ull);
}

static void s2_40_random_ops_match_the_reference_model(void **state)
{
	(void)state;
	/* 16 GiB straddling 512 GiB: both concatenated level-1 tables */
	run(IPFW_LPAE_S2_40, 504 * GIB, 16 * GIB, 0xD1B54A32D192ED03ull);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(s1_32_random_ops_match_the_reference_model),
		cmocka_unit_test(s2_40_random_ops_match_the_reference_model),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
