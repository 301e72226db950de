/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer harness for the device-tree walker: arbitrary bytes, checked
 * the way a boot loader checks a blob it was handed (header sane, totalsize
 * inside the buffer), then walked; every iommu-map found is applied to IDs
 * taken from the input and every node's iommus read by index. Under ASan the
 * walker must never read outside the blob nor crash.
 *
 * clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
 *   tests/fuzz/fuzz_dt.c src/dt/[a-z]*.c src/common/[a-z]*.c -lfdt -o fuzz_dt
 * ./fuzz_dt -max_total_time=60 tests/fuzz/corpus/dt
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include <ipmmu/dt.h>
#include <ipmmu/error.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define F_PHANDLES 64
#define F_IPMMUS 16
#define F_MASTERS 32
#define F_SPECS 64
#define F_MAPS 16

static struct ipfw_dt_node_info slots[F_PHANDLES];
static struct ipfw_dt_ipmmu ipmmus[F_IPMMUS];
static struct ipfw_dt_master masters[F_MASTERS];
static struct ipfw_dt_spec specs[F_SPECS];
static struct ipfw_dt_map_entry maps[F_MAPS];
static struct ipfw_dt_range mem[4];

static void exercise(const void *fdt, uint32_t seed)
{
	static const char *const bypass[] = {"/", "/pcie@fe000000", "/master"};
	const struct ipfw_dt_config cfg = {.bypass_paths = bypass, .nbypass = 3};
	struct ipfw_dt_index idx = {.slots = slots, .cap = F_PHANDLES};
	struct ipfw_dt_result res = {.ipmmus = ipmmus, .ipmmus_cap = F_IPMMUS,
				     .masters = masters, .masters_cap = F_MASTERS,
				     .specs = specs, .specs_cap = F_SPECS,
				     .maps = maps, .maps_cap = F_MAPS,
				     .mem = mem, .mem_cap = 4};
	struct ipfw_dt_diag diag;
	int r = ipfw_dt_walk(fdt, (seed & 1) ? &cfg : NULL, &idx, &res, &diag);

	if (r == IPFW_OK) {
		const uint32_t rids[] = {0, 1, seed, ~seed, 0xffffffffu, seed >> 16};

		for (size_t m = 0; m < res.nmasters; m++) {
			for (size_t i = 0; i < sizeof(rids) / sizeof(rids[0]); i++) {
				struct ipfw_dt_map_out out;

				(void)ipfw_dt_map_id(&res, m, rids[i], &out, &diag);
			}
		}
		/* Paths are built only to print: every master's, cut or whole,
		 * and looked up again (a hostile name may hold a '/', so the
		 * lookup need not find it; it must not misbehave). */
		for (size_t m = 0; m < res.nmasters; m++) {
			static char path[96];
			int len = ipfw_dt_path(fdt, res.masters[m].node, path, (seed >> 8) % sizeof(path));

			if (len > 0)
				(void)ipfw_dt_path_offset(fdt, path);
		}
	}
	/* The index alone and the indexed iommus reader, on every node. */
	if (ipfw_dt_index_build(fdt, &idx, &diag) == IPFW_OK) {
		int node = 0, depth = 0, n = 0;

		while (node >= 0 && n++ < 256) {
			struct ipfw_dt_phandle_args a;

			for (unsigned int i = 0; i < 3; i++)
				(void)ipfw_dt_iommus_get(fdt, &idx, node, i + (seed & 7), &a, &diag);
			node = fdt_next_node(fdt, node, &depth);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t seed = 0;
	void *blob;

	if (size < sizeof(struct fdt_header) || size > (1u << 20))
		return 0;
	/* A private, aligned copy sized exactly as the input, so ASan sees overruns. */
	blob = malloc(size);
	if (!blob)
		return 0;
	memcpy(blob, data, size);
	if (fdt_check_header(blob) == 0 && fdt_totalsize(blob) <= size) {
		for (size_t i = 0; i < 4 && i < size; i++)
			seed = (seed << 8) | data[size - 1 - i];
		exercise(blob, seed);
	}
	free(blob);
	return 0;
}
