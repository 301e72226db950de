/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Linux 6.1's io-pgtable-arm as a bench contender (bench_contender.h),
 * driven the way the IOMMU core drives it: a region is split into runs
 * of one page size, each run one map_pages or unmap_pages call. The
 * kernel file itself is extracted at build time and compiled against
 * linux_shim/ipfw_linux_shim.h (what the shims flatter is said there).
 * This file and the shim are written for the bench; no kernel code.
 */
#include <stdio.h>
#include <stdlib.h>

#include <ipmmu/error.h>
#include <ipmmu/lpae.h>

#include "bench_contender.h"
#include "ipfw_linux_shim.h"
/* after the shim: the kernel's header, extracted beside io-pgtable-arm.c */
#include <linux/io-pgtable.h>

#define PGSIZES (SZ_4K | SZ_2M | SZ_1G)

const char bench_contender_name[] = "linux";
unsigned long bench_linux_warnings;

/* ---------------------------------------------------------- page pool */
static uint8_t *pool;
static uint32_t pool_pages, pool_next, pages_in_use;
static void *free_list; /* freed pages, linked through their first word */

void bench_pool(uint32_t tables)
{
	pool = aligned_alloc(PAGE_SIZE, (size_t)tables * PAGE_SIZE);
	if (!pool) {
		perror("aligned_alloc");
		exit(2);
	}
	pool_pages = tables;
}

static void zero_page(uint64_t *p)
{
	for (unsigned int k = 0; k < PAGE_SIZE / 8u; k += 16) {
		p[k + 0] = 0;
		p[k + 1] = 0;
		p[k + 2] = 0;
		p[k + 3] = 0;
		p[k + 4] = 0;
		p[k + 5] = 0;
		p[k + 6] = 0;
		p[k + 7] = 0;
		p[k + 8] = 0;
		p[k + 9] = 0;
		p[k + 10] = 0;
		p[k + 11] = 0;
		p[k + 12] = 0;
		p[k + 13] = 0;
		p[k + 14] = 0;
		p[k + 15] = 0;
	}
}

void *bench_linux_pages_alloc(unsigned int order)
{
	uint8_t *p;

	if (order == 0 && free_list) {
		p = free_list;
		free_list = *(void **)free_list;
	} else {
		if (pool_next + (1u << order) > pool_pages)
			return NULL;
		p = pool + (size_t)pool_next * PAGE_SIZE;
		pool_next += 1u << order;
	}
	pages_in_use += 1u << order;
	for (unsigned int k = 0; k < 1u << order; k++)
		zero_page((uint64_t *)(void *)(p + k * PAGE_SIZE));
	return p;
}

void bench_linux_pages_free(void *p, unsigned int order)
{
	pages_in_use -= 1u << order;
	if (order == 0) { /* larger blocks are not reused */
		*(void **)p = free_list;
		free_list = p;
	}
}

static _Alignas(16) uint8_t heap[4096];
static size_t heap_used;

void *kmalloc(size_t size, gfp_t gfp)
{
	void *p = heap + heap_used;

	(void)gfp;
	size = (size + 15u) & ~(size_t)15u;
	if (heap_used + size > sizeof(heap))
		return NULL;
	heap_used += size;
	return p;
}

void kfree(const void *p)
{
	(void)p;
}

/* ------------------------------------------------------------ contender */
static struct io_pgtable_cfg cfg;
static struct io_pgtable_ops *ops;

/* What alloc_io_pgtable_ops() does for ARM_32_LPAE_S1 (io-pgtable.c is not
 * extracted): the format's alloc, then fmt, cookie and cfg recorded. */
__attribute__((noinline)) int bench_init(void)
{
	struct io_pgtable *iop;

	cfg = (struct io_pgtable_cfg){
		.quirks = IO_PGTABLE_QUIRK_ARM_NS,
		.pgsize_bitmap = PGSIZES,
		.ias = 32,
		.oas = 40,
		.coherent_walk = true,
	};
	iop = io_pgtable_arm_32_lpae_s1_init_fns.alloc(&cfg, NULL);
	if (!iop)
		return IPFW_E_NOMEM;
	iop->fmt = ARM_32_LPAE_S1;
	iop->cookie = NULL;
	iop->cfg = cfg;
	ops = &iop->ops;
	return 0;
}

static int prot_of(uint32_t attrs)
{
	int prot = 0;

	prot |= (attrs & IPFW_LPAE_READ) ? IOMMU_READ : 0;
	prot |= (attrs & IPFW_LPAE_WRITE) ? IOMMU_WRITE : 0;
	prot |= (attrs & IPFW_LPAE_XN) ? IOMMU_NOEXEC : 0;
	prot |= (attrs & IPFW_LPAE_PRIV) ? IOMMU_PRIV : 0;
	if ((attrs & IPFW_LPAE_MEM_MASK) == IPFW_LPAE_DEVICE)
		prot |= IOMMU_MMIO;
	else if ((attrs & IPFW_LPAE_MEM_MASK) == IPFW_LPAE_WB)
		prot |= IOMMU_CACHE;
	return prot;
}

/*
 * The page size for the next run, as the IOMMU core picks it: the largest
 * supported size that the alignment of iova and pa and the size left
 * allow; the run goes up to where the next larger size could start (if
 * iova and pa agree modulo it), or to the end.
 */
static size_t run_pgsize(uint64_t iova, uint64_t pa, uint64_t size, size_t *count)
{
	uint64_t align = iova | pa;
	size_t pgsize = SZ_4K;
	uint64_t run = size;

	for (size_t s = SZ_2M; s && s <= SZ_1G; s <<= 9) /* 2 MiB, 1 GiB */
		if ((PGSIZES & s) && s <= size && !(align & (s - 1)))
			pgsize = s;
	for (uint64_t up = (uint64_t)pgsize << 9; up <= SZ_1G; up <<= 9) {
		if ((PGSIZES & up) && !((iova ^ pa) & (up - 1))) {
			uint64_t to_boundary = up - (iova & (up - 1));

			run = to_boundary < size ? to_boundary : size;
			break;
		}
	}
	*count = run / pgsize;
	return pgsize;
}

static uint64_t unmap_runs(uint64_t iova, uint64_t size)
{
	uint64_t done = 0;

	while (done < size) {
		size_t count, pgsize = run_pgsize(iova, iova, size - done, &count);
		size_t n = ops->unmap_pages(ops, iova, pgsize, count, NULL);

		if (!n)
			break;
		iova += n;
		done += n;
	}
	return done;
}

__attribute__((noinline)) int bench_map(uint64_t iova, uint64_t pa, uint64_t size, uint32_t attrs)
{
	const int prot = prot_of(attrs);
	const uint64_t start = iova, total = size;

	while (size) {
		size_t count, mapped = 0, pgsize = run_pgsize(iova, pa, size, &count);
		int err = ops->map_pages(ops, iova, pa, pgsize, count, prot, GFP_KERNEL, &mapped);

		if (err) { /* the core unmaps what it mapped */
			unmap_runs(start, total - size);
			return err;
		}
		iova += mapped;
		pa += mapped;
		size -= mapped;
	}
	return 0;
}

__attribute__((noinline)) int bench_map_page(uint64_t iova, uint64_t pa, uint32_t attrs)
{
	return ops->map(ops, iova, pa, SZ_4K, prot_of(attrs), GFP_KERNEL);
}

__attribute__((noinline)) int bench_unmap(uint64_t iova, uint64_t size)
{
	return unmap_runs(iova, size) == size ? 0 : IPFW_E_NOTMAPPED;
}

__attribute__((noinline)) uint64_t bench_verify(uint64_t iova, uint64_t pa, uint64_t size)
{
	uint64_t leaves = 0;

	for (uint64_t off = 0; off < size; off += SZ_4K) {
		if (ops->iova_to_phys(ops, iova + off) != pa + off)
			return 0;
		leaves++;
	}
	return leaves;
}

/* The leaves of Linux's tables, read here from the descriptors (S1-32:
 * 4 top entries of 1 GiB, then 512 of 2 MiB, then 512 pages): a table
 * descriptor is type 3 above level 3, its next table at bits 47:12. */
static void hash_table(uint64_t *h, const uint64_t *t, unsigned int level, uint64_t iova)
{
	const unsigned int shift = 12u + 9u * (3u - level);
	const unsigned int n = level == 1u ? 4u : 512u;

	for (unsigned int k = 0; k < n; k++) {
		uint64_t e = t[k], a = iova + ((uint64_t)k << shift);

		if (!e)
			continue;
		if (level < 3u && (e & 3u) == 3u) {
			hash_table(h, __va(e & GENMASK_ULL(47, 12)), level + 1u, a);
			continue;
		}
		*h = (*h ^ a) * 0x100000001B3ull;
		*h = (*h ^ e) * 0x100000001B3ull;
	}
}

uint64_t bench_leaves_hash(void)
{
	uint64_t h = 0xCBF29CE484222325ull; /* FNV-1a over 64-bit words */

	hash_table(&h, __va(cfg.arm_lpae_s1_cfg.ttbr), 1, 0);
	return h;
}

uint32_t bench_tables(void)
{
	if (bench_linux_warnings)
		fprintf(stderr, "linux: %lu WARN_ON hits\n", bench_linux_warnings);
	return pages_in_use;
}
