/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Spider (R-Car S4) Cortex-R52 image: before any DMA master leaves reset,
 * program the IPMMUs from the embedded device tree with the board's policy
 * (policy.c), release only the masters whose path is live, and print the
 * isolation report on SCIF0. Exits (parks the core) with the verdict; see
 * README.md.
 */
#include <stdio.h>

#include <ipmmu/version.h>

#include "policy.h"
#include "rcar_board.h"
#include "rcar_cpu.h"
#include "rcar_scif.h"

/* serial1 of r8a779f0-spider-cpu.dtsi; serial0 (SCIF3) is the A55s'
 * console. Earlier boot stages set its pins and baud rate. */
#define SPIDER_SCIF0_BASE 0xE6E60000u
/* Cortex-R52 clock on S4. */
#define SPIDER_R52_MHZ 1000u

extern const unsigned char spider_dtb[];

static uint64_t pool[SPIDER_POOL_TABLES][512] __attribute__((section(".tables"), aligned(4096)));
static struct rcar_board_run run;
static const uint32_t core_mhz = SPIDER_R52_MHZ;

static void print_line(void *ctx, const char *line)
{
	(void)ctx;
	printf("%s\n", line);
}

int main(void)
{
	const struct rcar_board board = {
		.name = "Spider (R-Car S4), Cortex-R52",
		.fdt = spider_dtb,
		.policy = &spider_policy,
		.known = spider_known,
		.nknown = spider_nknown,
		/* caches off, MPU off: the CPU address of DRAM is its physical one */
		.pool = {pool, (uintptr_t)pool, SPIDER_POOL_TABLES},
		.clean = rcar_dcache_clean_poc,
		.print = print_line,
		.delay = {rcar_udelay, (void *)&core_mhz},
	};

	rcar_scif_init(SPIDER_SCIF0_BASE);
	printf("\n%s: Spider (R-Car S4) Cortex-R52 image\n", ipfw_version());
	return rcar_board_run(&board, &run) ? 1 : 0;
}
