/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer harness for the lpae layer: the input is a sequence of map,
 * unmap and lookup operations (12 bytes each) on one S1-32 or S2-40 context
 * with a small pool. A reference model, a list of the mapped intervals,
 * judges every result:
 *  - map succeeds only for valid, non-overlapping ranges, and IPFW_E_OVERLAP
 *    happens only when the reference says so;
 *  - lookup agrees with the reference at every probed address;
 *  - a failed map or unmap leaves the pool memory byte-for-byte unchanged;
 *  - after a successful unmap the range is gone and the rest stays.
 * Any disagreement aborts (a finding).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ipmmu/error.h>
#include <ipmmu/lpae.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define POOL 24
#define MAX_IV 256

static uint64_t pool_mem[POOL][512] __attribute__((aligned(8192)));
static uint64_t before[POOL][512];

struct iv {
	uint64_t iova, pa, size;
};
static struct iv ref[MAX_IV];
static size_t nref;

static void fail(void)
{
	abort();
}

static const struct iv *ref_find(uint64_t iova)
{
	for (size_t i = 0; i < nref; i++) {
		if (iova >= ref[i].iova && iova - ref[i].iova < ref[i].size)
			return &ref[i];
	}
	return NULL;
}

static int ref_overlaps(uint64_t iova, uint64_t size)
{
	for (size_t i = 0; i < nref; i++) {
		if (iova < ref[i].iova + ref[i].size && ref[i].iova < iova + size)
			return 1;
	}
	return 0;
}

/* Remove [iova, iova+size) from the reference, splitting intervals. */
static void ref_remove(uint64_t iova, uint64_t size)
{
	size_t n = nref;

	for (size_t i = 0; i < n; i++) {
		struct iv a = ref[i];
		uint64_t end = iova + size, aend = a.iova + a.size;

		if (end <= a.iova || aend <= iova)
			continue;
		ref[i].size = 0;
		if (a.iova < iova && nref < MAX_IV)
			ref[nref++] = (struct iv){a.iova, a.pa, iova - a.iova};
		if (aend > end && nref < MAX_IV)
			ref[nref++] = (struct iv){end, a.pa + (end - a.iova), aend - end};
	}
	n = 0;
	for (size_t i = 0; i < nref; i++) {
		if (ref[i].size)
			ref[n++] = ref[i];
	}
	nref = n;
}

static uint64_t rd64(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipfw_lpae_pool pool = {pool_mem, 0x40000000ull, POOL};
	struct ipfw_lpae_ctx ctx;
	enum ipfw_lpae_format fmt;
	uint64_t span;

	if (size < 1)
		return 0;
	fmt = (data[0] & 1) ? IPFW_LPAE_S2_40 : IPFW_LPAE_S1_32;
	span = fmt == IPFW_LPAE_S1_32 ? (1ull << 32) : (1ull << 40);
	if (ipfw_lpae_init(&ctx, fmt, &pool, fmt == IPFW_LPAE_S1_32 ? IPFW_LPAE_F_NS : 0, NULL,
			   NULL))
		fail();
	nref = 0;
	data++;
	size--;
	for (; size >= 12 && nref < MAX_IV - 4; data += 12, size -= 12) {
		uint8_t op = data[0] % 3;
		/* Page-granular positions, sometimes misaligned or huge on purpose. */
		uint64_t iova = (rd64(data + 1, 4) << 12) % span;
		uint64_t pa = (rd64(data + 5, 4) << 12) & ((1ull << 40) - 1);
		uint64_t len = ((uint64_t)(data[9] | (data[10] << 8)) + 1) << 12;
		uint32_t attrs = IPFW_LPAE_READ | ((data[11] & 1) ? IPFW_LPAE_WRITE : 0) |
				 ((data[11] & 6) == 2 ? IPFW_LPAE_DEVICE : IPFW_LPAE_WB);
		int r;

		if (data[11] & 0x80)
			len <<= 9; /* 2 MiB multiples: blocks */
		if (data[11] & 0x40)
			iova |= 0x800; /* misaligned */
		if (op == 0) {
			memcpy(before, pool_mem, sizeof(before));
			r = ipfw_lpae_map(&ctx, iova, pa, len, attrs);
			if (r == IPFW_OK) {
				if ((iova & 0xFFF) || iova + len > span || ref_overlaps(iova, len))
					fail();
				ref[nref++] = (struct iv){iova, pa, len};
			} else {
				if (memcmp(before, pool_mem, sizeof(before)))
					fail(); /* a failed map changed the tables */
				if (r == IPFW_E_OVERLAP && !ref_overlaps(iova, len))
					fail();
			}
		} else if (op == 1) {
			uint64_t done = 0;

			memcpy(before, pool_mem, sizeof(before));
			r = ipfw_lpae_unmap(&ctx, iova, len, &done);
			if (r == IPFW_OK) {
				ref_remove(iova, len);
			} else if (memcmp(before, pool_mem, sizeof(before))) {
				fail();
			}
		}
		/* Lookups at the range's ends and middle must agree with the reference. */
		for (int k = 0; k < 3; k++) {
			uint64_t probe = k == 0 ? iova : k == 1 ? iova + len / 2 : iova + len - 1;
			const struct iv *w;
			uint64_t out = 0;

			if (probe >= span)
				continue;
			w = ref_find(probe);
			r = ipfw_lpae_lookup(&ctx, probe, &out, NULL);
			if (w ? (r != IPFW_OK || out != w->pa + (probe - w->iova))
			      : r != IPFW_E_NOTMAPPED)
				fail();
		}
	}
	return 0;
}
