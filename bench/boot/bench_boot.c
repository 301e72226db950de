/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The cost of the exhaustive verify (ipfw_boot_verify: every leaf of every
 * domain walked, merged and compared with the plan, then the registers read
 * back). The flow runs on the R-Car H3 Salvator-XS tree against the test bus
 * (a register file; every root context's FLUSH clears at once); bench/boot/run
 * counts the instructions of ipfw_boot_domain_check (the table part) and of
 * ipfw_boot_verify under callgrind, and divides by the leaves this program
 * prints.
 *
 * Usage: ipfw-bench-boot DTB h3|h3-4k
 *   h3:    the default policy (identity over /memory, few large leaves);
 *   h3-4k: plus SDHI0 translating 8 MiB whose IOVA and PA differ by an odd
 *          number of pages, so every leaf is 4 KiB (2048 of them).
 * Prints "leaves N domains D runs R".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ipmmu/boot.h>
#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>
#include "mmio_bus.h"

#define POOL_TABLES 64
#define H3_MM 0xE67B0000u

/* (Not aligned(8192): valgrind 3.19 reads no symbols of an ELF whose segments
 * are aligned beyond the page size. The descriptors carry pool.pa, not this.) */
static uint64_t pool_mem[POOL_TABLES][512];
static struct ipfw_plan plan;
static struct ipfw_boot boot;
static struct ipfw_ipmmu_flow ipmmu_state;

static int hold(void *ctx, const struct ipfw_plan_master *m)
{
	(void)ctx;
	(void)m;
	return 0;
}

static int release(void *ctx, const struct ipfw_plan_master *m)
{
	(void)ctx;
	(void)m;
	return 0;
}

static int count_leaf(void *arg, const struct ipfw_lpae_leaf *leaf)
{
	(void)leaf;
	++*(unsigned long *)arg;
	return 0;
}

static int count_run(void *arg, const struct ipfw_boot_reach *r)
{
	(void)r;
	++*(unsigned long *)arg;
	return 0;
}

static void *load(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	void *buf;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "bench_boot: cannot read %s\n", path);
		exit(2);
	}
	buf = malloc((size_t)n);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "bench_boot: cannot read %s\n", path);
		exit(2);
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* What is measured: one verify of the programmed flow. */
__attribute__((noinline)) int bench_verify(struct ipfw_boot *b)
{
	return ipfw_boot_verify(b);
}

int main(int argc, char **argv)
{
	static const struct ipfw_policy_map sdhi0_4k[] = {
		{0x00001000u, 0x48000000u, 8u << 20, IPFW_LPAE_RW | IPFW_LPAE_WB | IPFW_LPAE_XN, false},
	};
	static const struct ipfw_policy_rule rules[] = {
		{"/soc/mmc@ee100000", IPFW_ACT_TRANSLATE, "sdhi0", sdhi0_4k, 1, false},
	};
	struct ipfw_policy pol = {
		.ipmmu = &ipfw_ipmmu_plan_ops,
		.default_action = IPFW_ACT_IDENTITY, .fmt = IPFW_IPMMU_FMT_S1_32,
		.identity_attrs = IPFW_LPAE_RW | IPFW_LPAE_WB | IPFW_LPAE_XN,
		.pool_tables = POOL_TABLES, .rev = {true, 0x4F20},
	};
	const struct ipfw_boot_hooks hooks = {.hold = hold, .release = release, .drivers[IPFW_IOMMU_IPMMU] = IPFW_IPMMU_DRIVER(&ipmmu_state)};
	const struct ipfw_boot_pool pool = {pool_mem, 0x7F000000u, POOL_TABLES};
	unsigned long leaves = 0, runs = 0;
	size_t len;
	void *fdt;
	int err;

	if (argc != 3 || (strcmp(argv[2], "h3") && strcmp(argv[2], "h3-4k"))) {
		fprintf(stderr, "usage: ipfw-bench-boot DTB h3|h3-4k\n");
		return 2;
	}
	if (!strcmp(argv[2], "h3-4k")) {
		pol.rules = rules;
		pol.nrules = 1;
	}
	fdt = load(argv[1], &len);
	ipfw_bus_reset();
	for (unsigned int ctx = 0; ctx < 8; ctx++)
		ipfw_bus_self_clear(H3_MM + 0x40u * ctx, IPFW_IPMMU_IMCTR_FLUSH, 0);
	err = ipfw_plan_build(fdt, &pol, &plan);
	if (!err)
		err = ipfw_boot_hold(&boot, &plan, &hooks);
	if (!err)
		err = ipfw_boot_program(&boot, &pool);
	if (err || plan.nerrors) {
		fprintf(stderr, "bench_boot: flow failed before verify: %s, %u plan errors\n",
			ipfw_errname(err), plan.nerrors);
		return 1;
	}
	err = bench_verify(&boot);
	if (err) {
		fprintf(stderr, "bench_boot: verify failed: %s\n", ipfw_errname(err));
		return 1;
	}
	for (size_t d = 0; d < plan.ndomains; d++) {
		if (!boot.dom[d].programmed)
			continue;
		(void)ipfw_lpae_walk(&boot.dom[d].tables, count_leaf, &leaves);
		(void)ipfw_boot_domain_walk(&boot, d, count_run, &runs);
	}
	printf("leaves %lu domains %zu runs %lu\n", leaves, plan.ndomains, runs);
	free(fdt);
	return 0;
}
