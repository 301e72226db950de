/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Salvator-XS (R-Car H3 ES3.0) Cortex-R7 image: before any DMA master
 * leaves reset, program the IPMMUs from the embedded device tree with the
 * board's policy (policy.c), release only the masters whose path is live,
 * and print the isolation report on SCIF2. Exits (parks the core) with the
 * verdict; see README.md.
 */
#include <stdio.h>

#include <ipmmu/version.h>

#include "policy.h"
#include "rcar_board.h"
#include "rcar_cpu.h"
#include "rcar_scif.h"

/* serial0 of salvator-common.dtsi: the board's debug console. Earlier boot
 * stages set its pins and baud rate (115200 8N1). */
#define SALVATOR_XS_SCIF2_BASE 0xE6E88000u
/* Cortex-R7 clock on H3. */
#define SALVATOR_XS_R7_MHZ 800u

extern const unsigned char salvator_xs_dtb[];

static uint64_t pool[SALVATOR_XS_POOL_TABLES][512]
	__attribute__((section(".tables"), aligned(4096)));
static struct rcar_board_run run;
static struct ipfw_policy policy;
static const uint32_t core_mhz = SALVATOR_XS_R7_MHZ;

static void print_line(void *ctx, const char *line)
{
	(void)ctx;
	printf("%s\n", line);
}

int main(void)
{
	struct rcar_board board = {
		.name = "Salvator-XS (R-Car H3), Cortex-R7",
		.fdt = salvator_xs_dtb,
		.policy = &policy,
		.known = salvator_xs_known,
		.nknown = salvator_xs_nknown,
		/* caches off, MPU off: the CPU address of DRAM is its physical one */
		.pool = {pool, (uintptr_t)pool, SALVATOR_XS_POOL_TABLES},
		.clean = rcar_dcache_clean_poc,
		.print = print_line,
		.delay = {rcar_udelay, (void *)&core_mhz},
	};
	uint32_t prr;

	rcar_scif_init(SALVATOR_XS_SCIF2_BASE);
	printf("\n%s: Salvator-XS (R-Car H3) Cortex-R7 image\n", ipfw_version());
	prr = rcar_read32(SALVATOR_XS_PRR_ADDR);
	printf("PRR 0x%08lx\n", (unsigned long)prr);
	salvator_xs_policy(&policy, prr);
	return rcar_board_run(&board, &run) ? 1 : 0;
}
