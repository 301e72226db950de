/* SPDX-License-Identifier: BSD-3-Clause */
/* The library as a bench contender (bench_contender.h). */
#include <stdio.h>
#include <stdlib.h>

#include <ipmmu/error.h>
#include <ipmmu/lpae.h>

#include "bench_contender.h"

#define POOL_PA 0x8000000000ull /* a 40-bit bus address, nothing like the host's */

const char bench_contender_name[] = "ipfw";

static struct ipfw_lpae_ctx ctx;
static struct ipfw_lpae_pool pool;

void bench_pool(uint32_t tables)
{
	pool.cpu = aligned_alloc(8192, (size_t)tables * IPFW_LPAE_TABLE_SIZE);
	if (!pool.cpu) {
		perror("aligned_alloc");
		exit(2);
	}
	pool.pa = POOL_PA;
	pool.count = tables;
}

__attribute__((noinline)) int bench_init(void)
{
	return ipfw_lpae_init(&ctx, IPFW_LPAE_S1_32, &pool, IPFW_LPAE_F_NS, NULL, NULL);
}

__attribute__((noinline)) int bench_map(uint64_t iova, uint64_t pa, uint64_t size, uint32_t attrs)
{
	return ipfw_lpae_map(&ctx, iova, pa, size, attrs);
}

__attribute__((noinline)) int bench_map_page(uint64_t iova, uint64_t pa, uint32_t attrs)
{
	return ipfw_lpae_map(&ctx, iova, pa, IPFW_LPAE_TABLE_SIZE, attrs);
}

__attribute__((noinline)) int bench_unmap(uint64_t iova, uint64_t size)
{
	uint64_t done;
	int err = ipfw_lpae_unmap(&ctx, iova, size, &done);

	return err ? err : done == size ? 0 : IPFW_E_NOTMAPPED;
}

struct expect {
	uint64_t iova, pa, size, leaves;
};

static int check_leaf(void *arg, const struct ipfw_lpae_leaf *leaf)
{
	struct expect *x = arg;

	if (leaf->iova - x->iova >= x->size || leaf->pa != x->pa + (leaf->iova - x->iova))
		return IPFW_E_INVAL;
	x->leaves++;
	return 0;
}

__attribute__((noinline)) uint64_t bench_verify(uint64_t iova, uint64_t pa, uint64_t size)
{
	struct expect x = {iova, pa, size, 0};

	return ipfw_lpae_walk(&ctx, check_leaf, &x) ? 0 : x.leaves;
}

static int hash_leaf(void *arg, const struct ipfw_lpae_leaf *leaf)
{
	uint64_t *h = arg;

	*h = (*h ^ leaf->iova) * 0x100000001B3ull;
	*h = (*h ^ leaf->desc) * 0x100000001B3ull;
	return 0;
}

uint64_t bench_leaves_hash(void)
{
	uint64_t h = 0xCBF29CE484222325ull; /* FNV-1a over 64-bit words */

	return ipfw_lpae_walk(&ctx, hash_leaf, &h) ? 0 : h;
}

uint32_t bench_tables(void)
{
	return ipfw_lpae_tables_used(&ctx);
}
