/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lpae workloads, the same for every contender (bench_contender.h), run
 * under callgrind by bench/lpae/run, one workload per run:
 *   anchor  init, then the 18 regions of the anchor map (count
 *           bench_anchor_build)
 *   bulk    1 GiB of 4 KiB pages in one call (the output offset by 4 KiB
 *           so no block fits; count bench_map)
 *   pages   the same 1 GiB, one call per 4 KiB page (count bench_map_page)
 *   churn   10,000 regions of 4 KiB to 2 MiB at random 4 KiB-aligned
 *           places in the 4 GiB input range (fixed seed), each mapped,
 *           then unmapped (count bench_map, bench_unmap)
 *   verify  after bulk, every leaf checked (count bench_verify)
 * Each prints what it built (leaves, operations, tables in use; anchor
 * and bulk a hash of every leaf, which must be the same for both).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <ipmmu/lpae.h>

#include "bench_contender.h"

#define GIB (1ull << 30)
#define MIB (1ull << 20)
#define PAGE 4096ull

#define BULK_TABLES 520u /* top + 1 L2 + 512 L3, and a few spare */
#define CHURN_TABLES 2304u /* Linux keeps every table it made: 1 + 4 + 2048 at most */
#define CHURN_REGIONS 10000u
#define CHURN_SEED 0x9E3779B97F4A7C15ull

#define ANCHOR_REGIONS 18
static struct ipfw_lpae_region anchor[ANCHOR_REGIONS];

static void anchor_regions(void)
{
	const uint32_t normal = IPFW_LPAE_RW | IPFW_LPAE_WB;
	const uint32_t dev = IPFW_LPAE_RW | IPFW_LPAE_DEVICE | IPFW_LPAE_XN;

	/* sorted by iova, identity */
	anchor[0] = (struct ipfw_lpae_region){0x40000000ull, 0x40000000ull, 2 * GIB, normal};
	anchor[1] = (struct ipfw_lpae_region){0xD0001000ull, 0xD0001000ull, MIB, normal};
	for (unsigned int i = 0; i < 16; i++) {
		uint64_t a = 0xE6000000ull + i * 0x00A00000ull;

		anchor[2 + i] = (struct ipfw_lpae_region){a, a, 0x10000, dev};
	}
}

/*
 * Minimum by hand: the 2 GiB at 0x40000000 are two 1 GiB blocks (no
 * table); everything else lies in the GiB at 0xC0000000 (one L2); the
 * 1 MiB at 0xD0001000 (pages, inside 0xD0000000-0xD01FFFFF) and each of
 * the 16 device windows (64 KiB, 10 MiB apart, each in its own 2 MiB
 * slot) need one L3 each: 17. Plus the S1-32 top table: 1 + 1 + 17 = 19.
 */
#define ANCHOR_MIN_TABLES 19

static int fail(const char *what, int err)
{
	fprintf(stderr, "%s %s: %d\n", bench_contender_name, what, err);
	return 1;
}

/* Not static: callgrind counts this one (init and every map). */
int bench_anchor_build(void);
__attribute__((noinline)) int bench_anchor_build(void)
{
	int err = bench_init();

	for (int k = 0; !err && k < ANCHOR_REGIONS; k++)
		err = bench_map(anchor[k].iova, anchor[k].pa, anchor[k].size, anchor[k].attrs);
	return err;
}

static int run_anchor(void)
{
	int dry, err;

	anchor_regions();
	bench_pool(32);
	err = bench_anchor_build();
	if (err)
		return fail("anchor map", err);
	dry = ipfw_lpae_dry_run(IPFW_LPAE_S1_32, anchor, ANCHOR_REGIONS);
	printf("tables %u dry_run %d minimum %d leaves %016llx\n", bench_tables(), dry,
	       ANCHOR_MIN_TABLES, (unsigned long long)bench_leaves_hash());
	return 0;
}

/* 1 GiB at 1 GiB to 2 GiB + 4 KiB: no 2 MiB block fits */
#define BULK_IOVA GIB
#define BULK_PA (2 * GIB + PAGE)

static int run_bulk(int per_page, int verify)
{
	const uint32_t attrs = IPFW_LPAE_RW | IPFW_LPAE_WB;
	uint64_t leaves = GIB / PAGE;
	int err;

	bench_pool(BULK_TABLES);
	err = bench_init();
	if (per_page) {
		for (uint64_t off = 0; !err && off < GIB; off += PAGE)
			err = bench_map_page(BULK_IOVA + off, BULK_PA + off, attrs);
	} else if (!err) {
		err = bench_map(BULK_IOVA, BULK_PA, GIB, attrs);
	}
	if (err)
		return fail("bulk map", err);
	if (verify && bench_verify(BULK_IOVA, BULK_PA, GIB) != leaves)
		return fail("verify", -1);
	printf("leaves %llu tables %u hash %016llx\n", (unsigned long long)leaves, bench_tables(),
	       (unsigned long long)bench_leaves_hash());
	return 0;
}

static uint64_t rng = CHURN_SEED;

static uint32_t next_random(void)
{
	/* xorshift64* */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 0x2545F4914F6CDD1Dull) >> 32);
}

static struct {
	uint64_t iova, size;
} churn[CHURN_REGIONS];

static int run_churn(void)
{
	const uint32_t attrs = IPFW_LPAE_RW | IPFW_LPAE_WB | IPFW_LPAE_XN;
	uint64_t pages = 0;
	int err;

	for (uint32_t k = 0; k < CHURN_REGIONS; k++) {
		uint32_t np = 1u + next_random() % 512u;           /* 4 KiB .. 2 MiB */
		uint32_t vp = next_random() % ((1u << 20) - np + 1u); /* inside 4 GiB */

		churn[k].iova = (uint64_t)vp * PAGE;
		churn[k].size = (uint64_t)np * PAGE;
		pages += np;
	}
	bench_pool(CHURN_TABLES);
	err = bench_init();
	/* pa = iova + 1 GiB: congruent for every leaf size a region can take */
	for (uint32_t k = 0; !err && k < CHURN_REGIONS; k++) {
		err = bench_map(churn[k].iova, churn[k].iova + GIB, churn[k].size, attrs);
		if (!err)
			err = bench_unmap(churn[k].iova, churn[k].size);
	}
	if (err)
		return fail("churn", err);
	printf("regions %u pages %llu tables %u\n", CHURN_REGIONS, (unsigned long long)pages,
	       bench_tables());
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "anchor"))
		return run_anchor();
	if (argc == 2 && !strcmp(argv[1], "bulk"))
		return run_bulk(0, 0);
	if (argc == 2 && !strcmp(argv[1], "pages"))
		return run_bulk(1, 0);
	if (argc == 2 && !strcmp(argv[1], "verify"))
		return run_bulk(0, 1);
	if (argc == 2 && !strcmp(argv[1], "churn"))
		return run_churn();
	fprintf(stderr, "usage: %s anchor|bulk|pages|churn|verify\n", argv[0]);
	return 2;
}
