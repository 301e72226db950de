/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench_dt walk|plan|floor FILE.dtb
 *   walk:  ipfw_dt_walk() as `ipmmu-dt masters` runs it (index + walk + roots)
 *   plan:  ipfw_plan_build() as `ipmmu-dt plan` runs it with the default
 *          policy (walk + /memory + SoC table + groups, domains, the lpae dry
 *          run and context allocation)
 *   floor: bench_dt_floor(), a bare fdt_next_node() pass over the same blob,
 *          the least any walker must do.
 * bench/dt/run counts the instructions inside each with callgrind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include <ipmmu/dt.h>
#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>
#include <ipmmu/plan.h>

enum { MAX_PHANDLES = 4096, MAX_IPMMUS = 64, MAX_MASTERS = 512, MAX_SPECS = 2048, MAX_MAPS = 64 };

static struct ipfw_dt_node_info slots[MAX_PHANDLES];
static struct ipfw_dt_ipmmu ipmmus[MAX_IPMMUS];
static struct ipfw_dt_master masters[MAX_MASTERS];
static struct ipfw_dt_spec specs[MAX_SPECS];
static struct ipfw_dt_map_entry maps[MAX_MAPS];
static struct ipfw_dt_ref refs[MAX_MASTERS * 4];

static struct ipfw_plan plan;

int bench_dt_floor(const void *fdt);

__attribute__((noinline)) int bench_dt_floor(const void *fdt)
{
	int node = 0, depth = 0, count = 0;

	/* Leaving the root drives depth negative: the walk is over. */
	while (node >= 0 && depth >= 0) {
		count++;
		node = fdt_next_node(fdt, node, &depth);
	}
	return node < 0 ? node : count;
}

static void *load(const char *file)
{
	FILE *f = fopen(file, "rb");
	long size;
	void *blob;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	blob = malloc((size_t)size);
	if (blob && fread(blob, 1, (size_t)size, f) != (size_t)size) {
		free(blob);
		blob = NULL;
	}
	fclose(f);
	if (blob && (fdt_check_header(blob) || fdt_totalsize(blob) > (size_t)size)) {
		free(blob);
		blob = NULL;
	}
	return blob;
}

int main(int argc, char **argv)
{
	void *blob;
	int r;

	if (argc != 3 || (strcmp(argv[1], "walk") && strcmp(argv[1], "floor") &&
			  strcmp(argv[1], "plan"))) {
		fprintf(stderr, "usage: bench_dt walk|plan|floor FILE.dtb\n");
		return 2;
	}
	blob = load(argv[2]);
	if (!blob) {
		fprintf(stderr, "bench_dt: %s: not a readable DTB\n", argv[2]);
		return 2;
	}
	if (!strcmp(argv[1], "floor")) {
		r = bench_dt_floor(blob);
		printf("%d nodes\n", r);
	} else if (!strcmp(argv[1], "plan")) {
		/* the default policy of `ipmmu-dt plan` (tools/policy_file.c), with
		 * an H3 ES3.0 revision so that H3 is planned rather than refused
		 * at its root (the other SoCs ignore it) */
		const struct ipfw_policy pol = {
			.ipmmu = &ipfw_ipmmu_plan_ops,
			.default_action = IPFW_ACT_IDENTITY, .fmt = IPFW_IPMMU_FMT_S1_32,
			.identity_attrs = IPFW_LPAE_RW | IPFW_LPAE_WB | IPFW_LPAE_XN,
			.rev = {true, 0x4F20}, .pool_tables = 64,
		};

		r = ipfw_plan_build(blob, &pol, &plan);
		printf("%s: %zu masters, %zu domains, %u errors\n",
		       r == IPFW_PLAN_WITH_ERRORS ? "IPFW_PLAN_WITH_ERRORS" : ipfw_errname(r),
		       plan.nmasters, plan.ndomains, plan.nerrors);
		r = r < 0;
	} else {
		struct ipfw_dt_index idx = {.slots = slots, .cap = MAX_PHANDLES};
		struct ipfw_dt_result res = {
			.ipmmus = ipmmus, .ipmmus_cap = MAX_IPMMUS, .masters = masters,
			.masters_cap = MAX_MASTERS, .specs = specs, .specs_cap = MAX_SPECS,
			.maps = maps, .maps_cap = MAX_MAPS, .refs = refs,
			.refs_cap = sizeof(refs) / sizeof(refs[0])};
		struct ipfw_dt_diag diag;

		r = ipfw_dt_walk(blob, NULL, &idx, &res, &diag);
		printf("%s: %zu masters, %zu specifiers\n", ipfw_errname(r), res.nmasters, res.nspecs);
		r = r < 0;
	}
	free(blob);
	return r < 0;
}
