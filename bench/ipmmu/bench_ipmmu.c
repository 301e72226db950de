/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * MMIO accesses to bring up one S1-32 context with N masters on R-Car H3
 * (root ipmmu_mm, masters on ipmmu_ds1 uTLBs: N = 1 -> uTLB 32 (SDHI0),
 * otherwise uTLBs 0..N-1), counted on the test bus, next to the count the
 * Linux driver's sequence needs for the same plan (docs/ipmmu-vmsa.md section 5).
 * FLUSH completes at once on this bus, so every poll costs one read; the
 * same is assumed for Linux.
 *
 * Usage: ipfw-bench-ipmmu [OUT.json]
 */
#include <stdio.h>
#include <stdlib.h>

#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>
#include "mmio_bus.h"

#define H3_MM 0xE67B0000u
#define H3_DS1 0xE7740000u

struct count {
	size_t reads, writes, barriers;
};

/* Linux (section 5), one domain on one cache IPMMU:
 *  probe:  IMCTR = 0 for each of the 8 contexts            8 W
 *  setup:  IMTTLBR0, IMTTUBR0, IMTTBCR, IMMAIR0             4 W
 *          IMSTR = IMSTR                                    1 R + 1 W
 *          IMCTR on the cache, then the root                2 W
 *  per uTLB: IMUASID = 0, IMUCTR = TTSEL|FLUSH|MMUEN        2 W
 *  flush:  read root IMCTR, write cache + root, poll once   2 R + 2 W
 */
static struct count linux_count(unsigned int n)
{
	struct count c = {.reads = 1 + 2, .writes = 8 + 4 + 1 + 2 + 2 * (size_t)n + 2,
			  .barriers = 0};

	return c;
}

static int ours(unsigned int n, struct count *c)
{
	const struct ipfw_soc *h3 = ipfw_soc_by_name("r8a7795");
	const struct ipfw_ipmmu_inst inst[2] = {
		{"ipmmu_mm", H3_MM, h3, IPFW_IPMMU_IS_ROOT, 0},
		{"ipmmu_ds1", H3_DS1, h3, 0, 0},
	};
	static struct ipfw_ipmmu_inst_state state[2];
	const struct ipfw_ipmmu_ctx_cfg cfg = {IPFW_IPMMU_FMT_S1_32, 0x7FE00000, 0xF404FF44};
	struct ipfw_ipmmu mmu;
	struct ipfw_ipmmu_domain dom;
	int err;

	ipfw_bus_reset();
	for (unsigned int ctx = 0; ctx < 8; ctx++)
		ipfw_bus_self_clear(H3_MM + 0x40 * ctx, 0x2, 0);
	err = ipfw_ipmmu_init(&mmu, inst, state, 2, NULL, NULL);
	if (!err)
		err = ipfw_ipmmu_hw_reset(&mmu);
	if (!err)
		err = ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &cfg, &dom);
	for (unsigned int i = 0; !err && i < n; i++) {
		const struct ipfw_ipmmu_owner who = {"master", (int)i};

		err = ipfw_ipmmu_attach(&mmu, &dom, 1, n == 1 ? 32 : i, who, NULL);
	}
	c->reads = ipfw_bus_count(IPFW_BUS_READ);
	c->writes = ipfw_bus_count(IPFW_BUS_WRITE);
	c->barriers = ipfw_bus_count(IPFW_BUS_BARRIER);
	return err;
}

int main(int argc, char **argv)
{
	static const unsigned int ns[] = {1, 16, 48};
	FILE *json = NULL;

	if (argc > 1) {
		json = fopen(argv[1], "w");
		if (!json) {
			perror(argv[1]);
			return 1;
		}
		fprintf(json, "{\n  \"benchmark\": \"ipmmu bring-up MMIO count, R-Car H3, one "
			      "S1-32 context\",\n  \"runs\": [\n");
	}
	printf("%-8s %10s %10s %10s   %10s %10s\n", "masters", "ours.R", "ours.W", "ours.dsb",
	       "linux.R", "linux.W");
	for (unsigned int i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		struct count o;
		struct count l = linux_count(ns[i]);
		int err = ours(ns[i], &o);

		if (err) {
			fprintf(stderr, "bring-up with %u masters failed: %s\n", ns[i],
				ipfw_errname(err));
			return 1;
		}
		printf("%-8u %10zu %10zu %10zu   %10zu %10zu\n", ns[i], o.reads, o.writes,
		       o.barriers, l.reads, l.writes);
		if (json)
			fprintf(json,
				"    {\"masters\": %u, \"ours\": {\"reads\": %zu, \"writes\": %zu, "
				"\"barriers\": %zu}, \"linux\": {\"reads\": %zu, \"writes\": %zu}}%s\n",
				ns[i], o.reads, o.writes, o.barriers, l.reads, l.writes,
				i + 1 < sizeof(ns) / sizeof(ns[0]) ? "," : "");
	}
	printf("\nLinux count (docs/ipmmu-vmsa.md section 5), N masters on one cache IPMMU:\n"
	       "  probe reset   IMCTR=0 x 8 contexts                     8 W\n"
	       "  context setup IMTTLBR0 IMTTUBR0 IMTTBCR IMMAIR0        4 W\n"
	       "                IMSTR=IMSTR                              1 R + 1 W\n"
	       "                IMCTR cache, root                        2 W\n"
	       "  per uTLB      IMUASID=0, IMUCTR                        2 W each\n"
	       "  flush         read root IMCTR, write cache+root, poll  2 R + 2 W\n"
	       "  total         3 R, 17 + 2N W (polls counted as one read each)\n"
	       "Ours: USE_SECGRP read/clear/read-back on both IPMMUs (Linux never clears it),\n"
	       "reset of the 7 non-reserved contexts only, TTBR and IMTTBCR read back, IMSTR\n"
	       "cleared with a plain 0, the enable flush polled, and each IMUCTR read back:\n"
	       "  8 + N R, 16 + 2N W.\n");
	if (json) {
		fprintf(json, "  ],\n  \"linux_derivation\": \"probe 8W; setup 4W + IMSTR 1R1W + "
			      "IMCTR cache,root 2W; per uTLB 2W; flush 2R 2W; = 3R, 17+2N W\",\n"
			      "  \"poll_reads\": \"FLUSH completes at once: one read per poll\"\n}\n");
		fclose(json);
	}
	return 0;
}
