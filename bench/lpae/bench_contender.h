/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What bench_lpae.c asks of a contender: the library (contender_ipfw.c)
 * or Linux 6.1's io-pgtable-arm (contender_linux.c). Every contender
 * builds S1-32 tables with NS set (the IPMMU's format), without cache
 * maintenance (the library: no clean hook; Linux: coherent_walk), from
 * a pool of 4 KiB tables set up before anything is counted.
 *
 * Each function below is what callgrind counts for a workload (bench/lpae/run
 * toggles collection on its name); none is inlined into the harness.
 */
#ifndef BENCH_CONTENDER_H
#define BENCH_CONTENDER_H

#include <stdint.h>

extern const char bench_contender_name[];

/* Set up a pool of `tables` 4 KiB tables (not counted). */
void bench_pool(uint32_t tables);
/* Start an empty translation regime from the pool. 0 or a negative code. */
int bench_init(void);
/* Map one region in one call (Linux: the IOMMU core's way, one map_pages
 * call per run of equal page sizes). attrs are IPFW_LPAE_* flags. */
int bench_map(uint64_t iova, uint64_t pa, uint64_t size, uint32_t attrs);
/* One 4 KiB map call (the library: ipfw_lpae_map; Linux: ->map). */
int bench_map_page(uint64_t iova, uint64_t pa, uint32_t attrs);
/* Unmap one region mapped by bench_map. 0 or a negative code. */
int bench_unmap(uint64_t iova, uint64_t size);
/* Check every 4 KiB leaf of [iova, iova + size) maps to pa + offset; the
 * number of leaves found (the library: one ipfw_lpae_walk; Linux, which
 * has no walk: iova_to_phys per leaf). */
uint64_t bench_verify(uint64_t iova, uint64_t pa, uint64_t size);
/* A hash of every leaf, (input address, descriptor) in input address
 * order, so the run can check both contenders built the same leaves (not
 * counted). */
uint64_t bench_leaves_hash(void);
/* Tables in use (the top table included). */
uint32_t bench_tables(void);

#endif
