/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the SMMUv3 driver costs on the bus: register reads and writes,
 * barriers, and commands, for the default-deny bring-up (linear 256-entry
 * and 2-level 16-bit stream tables) and for attaching N StreamIDs to one
 * domain, counted on the test bus against tests/smmuv3's model (which
 * acknowledges CR0 and consumes commands at once, so every poll costs one
 * read; a real SMMU adds polls, not writes).
 *
 * Goals: bring-up <= 48 register accesses (each register written once,
 * read back once, plus the CR0ACK/GBPA/CMDQ polls); attach <= 4 accesses
 * and exactly 3 commands per StreamID (CFGI_STE, CFGI_CD, CMD_SYNC: the
 * update rule's minimum for a translating STE), + 2 commands for the first
 * StreamID of a 2-level span (CFGI_STE_RANGE, CMD_SYNC).
 *
 * Usage: ipfw-bench-smmuv3 [OUT.json]
 */
#include <stdio.h>
#include <string.h>

#include <ipmmu/error.h>
#include <ipmmu/lpae.h>
#include <ipmmu/smmuv3.h>

#include "mmio_bus.h"
#include "smmuv3_model.h"

#define BASE 0x09050000u
#define PA_STRTAB 0x40000000ull
#define PA_CMDQ 0x40010000ull
#define PA_EVTQ 0x40011000ull
#define PA_CDS 0x40012000ull
#define PA_POOL 0x40020000ull
#define PA_L2 0x40040000ull

static uint64_t strtab[256 * 8] __attribute__((aligned(16384)));
static uint64_t cmdq[16 * 2] __attribute__((aligned(256)));
static uint64_t evtq[16 * 4] __attribute__((aligned(512)));
static uint64_t cds[4 * 8] __attribute__((aligned(64)));
static uint64_t pool[4][512] __attribute__((aligned(4096)));
static uint64_t l2[1][256 * 8] __attribute__((aligned(16384)));

static struct smmuv3_model m;
static struct ipfw_smmuv3 s;

struct cost {
	size_t reads, writes, barriers;
	unsigned int cmds;
};

static void start(struct cost *c)
{
	ipfw_bus_trace_clear();
	c->cmds = m.nlog;
}

static void stop(struct cost *c)
{
	c->reads = ipfw_bus_count(IPFW_BUS_READ);
	c->writes = ipfw_bus_count(IPFW_BUS_WRITE);
	c->barriers = ipfw_bus_count(IPFW_BUS_BARRIER);
	c->cmds = m.nlog - c->cmds;
}

static int bring_up(bool two_level, struct cost *c)
{
	const struct ipfw_poll_limit limit = {1000, 0};
	struct ipfw_smmuv3_mem mm = {
		.strtab = strtab, .strtab_pa = PA_STRTAB, .sid_bits = 8,
		.cmdq = cmdq, .cmdq_pa = PA_CMDQ, .cmdq_log2 = 4,
		.evtq = evtq, .evtq_pa = PA_EVTQ, .evtq_log2 = 4,
		.cds = cds, .cds_pa = PA_CDS, .ncds = 4,
	};
	int err;

	if (two_level) {
		mm.sid_bits = 16;
		mm.split = 8;
		mm.l2 = l2;
		mm.l2_pa = PA_L2;
		mm.nl2 = 1;
	}
	ipfw_bus_reset();
	sm_init(&m, BASE);
	sm_add_ram(&m, PA_STRTAB, strtab, sizeof(strtab));
	sm_add_ram(&m, PA_CMDQ, cmdq, sizeof(cmdq));
	sm_add_ram(&m, PA_EVTQ, evtq, sizeof(evtq));
	sm_add_ram(&m, PA_CDS, cds, sizeof(cds));
	sm_add_ram(&m, PA_POOL, pool, sizeof(pool));
	sm_add_ram(&m, PA_L2, l2, sizeof(l2));
	sm_attach(&m);
	start(c);
	err = ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL);
	stop(c);
	return err;
}

/* Attach n StreamIDs (0x10, 0x11, ...) to one S1-32 domain; every one must
 * then translate through the model. */
static int attach(unsigned int n, struct cost *c)
{
	static struct ipfw_lpae_ctx t;
	const struct ipfw_lpae_pool p = {pool, PA_POOL, 4};
	struct ipfw_smmuv3_domain d;
	int err = ipfw_lpae_init(&t, IPFW_LPAE_S1_32, &p, IPFW_LPAE_F_COHERENT, NULL, NULL);

	if (!err)
		err = ipfw_lpae_map(&t, 0x1000, 0x48000000, 0x1000, IPFW_LPAE_RW | IPFW_LPAE_WB);
	if (!err)
		err = ipfw_smmuv3_domain_init(&s, &d, &t, 1);
	start(c);
	for (unsigned int i = 0; !err && i < n; i++)
		err = ipfw_smmuv3_attach(&s, &d, 0x10u + i);
	stop(c);
	for (unsigned int i = 0; !err && i < n; i++) {
		uint64_t pa = 0;

		if (sm_translate(&m, 0x10u + i, 0x1000, false, &pa) != SM_TRANSLATED || pa != 0x48000000)
			err = IPFW_E_VERIFY;
	}
	return err;
}

int main(int argc, char **argv)
{
	static const unsigned int ns[] = {1, 16, 64};
	FILE *json = argc > 1 ? fopen(argv[1], "w") : NULL;
	struct cost c;
	int bad = 0;

	printf("SMMUv3 driver on the bus (model acknowledges and consumes at once)\n");
	printf("%-34s %6s %6s %6s %5s   %s\n", "operation", "reads", "writes", "dsb", "cmds", "goal");
	if (json)
		fprintf(json, "{\n  \"rows\": [\n");
	for (int two = 0; two < 2; two++) {
		const char *name = two ? "bring-up, 2-level, 16-bit SIDs" : "bring-up, linear, 256 SIDs";
		int err = bring_up(two, &c);
		bool ok = !err && c.reads + c.writes <= 48u;

		printf("%-34s %6zu %6zu %6zu %5u   <= 48 accesses %s\n", name, c.reads, c.writes,
		       c.barriers, c.cmds, ok ? "ok" : "MISSED");
		bad += !ok;
		if (json)
			fprintf(json,
				"    {\"op\": \"%s\", \"reads\": %zu, \"writes\": %zu, \"barriers\": %zu, "
				"\"commands\": %u, \"goal_accesses\": 48, \"met\": %s},\n",
				name, c.reads, c.writes, c.barriers, c.cmds, ok ? "true" : "false");
		for (size_t k = 0; k < sizeof(ns) / sizeof(ns[0]); k++) {
			char op[64];
			unsigned int n = ns[k];
			unsigned int want = 3u * n + (two ? 2u : 0u);

			err = bring_up(two, &c);
			if (!err)
				err = attach(n, &c);
			ok = !err && c.reads + c.writes <= 4u * n && c.cmds == want;
			snprintf(op, sizeof(op), "  attach %u StreamID%s%s", n, n > 1 ? "s" : "",
				 two ? " (2-level)" : "");
			printf("%-34s %6zu %6zu %6zu %5u   <= %u accesses, %u cmds %s\n", op, c.reads,
			       c.writes, c.barriers, c.cmds, 4u * n, want, ok ? "ok" : "MISSED");
			bad += !ok;
			if (json)
				fprintf(json,
					"    {\"op\": \"%s\", \"reads\": %zu, \"writes\": %zu, "
					"\"barriers\": %zu, \"commands\": %u, \"goal_accesses\": %u, "
					"\"goal_commands\": %u, \"met\": %s}%s\n",
					op + 2, c.reads, c.writes, c.barriers, c.cmds, 4u * n, want,
					ok ? "true" : "false", two && k + 1 == sizeof(ns) / sizeof(ns[0]) ? "" : ",");
		}
	}
	if (json) {
		fprintf(json, "  ]\n}\n");
		fclose(json);
	}
	return bad ? 1 : 0;
}
