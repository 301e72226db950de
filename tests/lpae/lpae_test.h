/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the lpae suites: a host buffer posing as table memory at a
 * 40-bit "physical" address, a walker written from the descriptor tables
 * in docs/lpae.md (not from src/), and a cache-hook recorder.
 */
#ifndef LPAE_TEST_H
#define LPAE_TEST_H

#include <stdint.h>
#include <string.h>

#include <ipmmu/lpae.h>

#define GIB (1ull << 30)
#define MIB (1ull << 20)
#define KIB (1ull << 10)

/* Somewhere high in a 40-bit bus, 8 KiB aligned, nothing like the host address. */
#define TEST_POOL_PA 0xA7C3B60000ull
#define TEST_POOL_TABLES 64u

struct test_pool {
	_Alignas(8192) uint8_t mem[TEST_POOL_TABLES * 4096u];
	uint32_t count;
};

struct hook_log {
	unsigned int calls;
	struct {
		uintptr_t start;
		size_t len;
	} r[4096];
};

static inline void hook_record(void *arg, void *cpu, size_t len)
{
	struct hook_log *h = arg;

	if (h->calls < 4096u) {
		h->r[h->calls].start = (uintptr_t)cpu;
		h->r[h->calls].len = len;
	}
	h->calls++;
}

static inline struct ipfw_lpae_pool test_pool_desc(struct test_pool *p, uint32_t count)
{
	struct ipfw_lpae_pool d = {p->mem, TEST_POOL_PA, count};

	/* poison, so a table the library forgets to zero shows up */
	memset(p->mem, 0xA5, sizeof(p->mem));
	p->count = count;
	return d;
}

/* Hand walker: the descriptor at `level` on the path to iova, or NULL if
 * the path ends (invalid entry or a leaf) above that level. Start level 1
 * for both formats; top index = iova[39:30] (S2-40: 1024 entries over two
 * concatenated 4 KiB tables), then iova[29:21], iova[20:12]. */
static inline uint64_t *hand_entry(struct test_pool *p, uint64_t iova, unsigned int level)
{
	uint64_t *t = (uint64_t *)(void *)p->mem;
	unsigned int shift[4] = {0, 30, 21, 12};

	for (unsigned int l = 1; l <= 3; l++) {
		uint64_t idx = l == 1 ? (iova >> 30) : ((iova >> shift[l]) & 511u);
		uint64_t *e = &t[idx];
		uint64_t tpa;

		if (l == level)
			return e;
		if ((*e & 3u) != 3u)
			return NULL; /* invalid or block */
		tpa = *e & 0x000000FFFFFFF000ull; /* bits [39:12] */
		if (tpa < TEST_POOL_PA || tpa >= TEST_POOL_PA + (uint64_t)p->count * 4096u)
			return NULL;
		t = (uint64_t *)(void *)(p->mem + (tpa - TEST_POOL_PA));
	}
	return NULL;
}

static inline uint64_t hand_desc(struct test_pool *p, uint64_t iova, unsigned int level)
{
	uint64_t *e = hand_entry(p, iova, level);

	return e ? *e : 0xDEADDEADDEADDEADull;
}

#endif
