/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lpae benchmarks, run under callgrind by bench/lpae/run:
 *   bulk    map 1 GiB with 4 KiB pages in one call (output offset by 4 KiB
 *           so no block fits; contiguous hint off) - count ipfw_lpae_map
 *   anchor  build the anchor map from scratch - count bench_anchor_build
 * Without valgrind each mode also prints its table counts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ipmmu/error.h>
#include <ipmmu/lpae.h>

#define GIB (1ull << 30)
#define MIB (1ull << 20)
#define POOL_PA 0x8000000000ull
#define BULK_TABLES 520u  /* top + 1 L2 + 512 L3, and a few spare */
#define ANCHOR_TABLES 32u

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

/* Not static: callgrind toggles collection on this symbol. */
int bench_anchor_build(struct ipfw_lpae_ctx *ctx, const struct ipfw_lpae_pool *pool);
__attribute__((noinline)) int bench_anchor_build(struct ipfw_lpae_ctx *ctx,
						 const struct ipfw_lpae_pool *pool)
{
	int err = ipfw_lpae_init(ctx, IPFW_LPAE_S1_32, pool, IPFW_LPAE_F_NS, NULL, NULL);

	for (int k = 0; !err && k < ANCHOR_REGIONS; k++)
		err = ipfw_lpae_map(ctx, anchor[k].iova, anchor[k].pa, anchor[k].size,
				    anchor[k].attrs);
	return err;
}

static void *table_memory(uint32_t tables)
{
	void *p = aligned_alloc(8192, (size_t)tables * IPFW_LPAE_TABLE_SIZE);

	if (!p) {
		perror("aligned_alloc");
		exit(2);
	}
	return p;
}

int main(int argc, char **argv)
{
	struct ipfw_lpae_ctx ctx;
	int err;

	if (argc < 2) {
		fprintf(stderr, "usage: %s bulk|anchor\n", argv[0]);
		return 2;
	}
	if (!strcmp(argv[1], "bulk")) {
		struct ipfw_lpae_pool pool = {table_memory(BULK_TABLES), POOL_PA, BULK_TABLES};

		err = ipfw_lpae_init(&ctx, IPFW_LPAE_S1_32, &pool, IPFW_LPAE_F_NS, NULL, NULL);
		if (!err)
			err = ipfw_lpae_map(&ctx, GIB, 2 * GIB + 0x1000, GIB,
					    IPFW_LPAE_RW | IPFW_LPAE_WB);
		if (err) {
			fprintf(stderr, "bulk map: %s\n", ipfw_errname(err));
			return 1;
		}
		printf("leaves %llu tables %u\n", (unsigned long long)(GIB >> 12),
		       ipfw_lpae_tables_used(&ctx));
		return 0;
	}
	if (!strcmp(argv[1], "anchor")) {
		struct ipfw_lpae_pool pool = {table_memory(ANCHOR_TABLES), POOL_PA, ANCHOR_TABLES};
		int dry;

		anchor_regions();
		err = bench_anchor_build(&ctx, &pool);
		if (err) {
			fprintf(stderr, "anchor map: %s\n", ipfw_errname(err));
			return 1;
		}
		dry = ipfw_lpae_dry_run(IPFW_LPAE_S1_32, anchor, ANCHOR_REGIONS);
		printf("tables %u dry_run %d minimum %d\n", ipfw_lpae_tables_used(&ctx), dry,
		       ANCHOR_MIN_TABLES);
		return 0;
	}
	fprintf(stderr, "unknown mode %s\n", argv[1]);
	return 2;
}
