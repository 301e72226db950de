/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench_dt walk|floor FILE.dtb
 *   walk:  ipfw_dt_walk() as `ipmmu-dt masters` runs it (index + walk + roots)
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

enum { MAX_PHANDLES = 4096, MAX_IPMMUS = 64, MAX_MASTERS = 512, MAX_SPECS = 2048, MAX_MAPS = 64 };

static struct ipfw_dt_node_info slots[MAX_PHANDLES];
static struct ipfw_dt_ipmmu ipmmus[MAX_IPMMUS];
static struct ipfw_dt_master masters[MAX_MASTERS];
static struct ipfw_dt_spec specs[MAX_SPECS];
static struct ipfw_dt_map_entry maps[MAX_MAPS];

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

	if (argc != 3 || (strcmp(argv[1], "walk") && strcmp(argv[1], "floor"))) {
		fprintf(stderr, "usage: bench_dt walk|floor FILE.dtb\n");
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
	} else {
		struct ipfw_dt_index idx = {slots, MAX_PHANDLES, 0, 0};
		struct ipfw_dt_result res = {ipmmus, MAX_IPMMUS, 0, masters, MAX_MASTERS, 0,
					     specs, MAX_SPECS, 0, maps, MAX_MAPS, 0};
		struct ipfw_dt_diag diag;

		r = ipfw_dt_walk(blob, NULL, &idx, &res, &diag);
		printf("%s: %zu masters, %zu specifiers\n", ipfw_errname(r), res.nmasters, res.nspecs);
		r = r < 0;
	}
	free(blob);
	return r < 0;
}
