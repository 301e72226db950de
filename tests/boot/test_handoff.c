/* SPDX-License-Identifier: BSD-3-Clause */
/* OS handoff: reserved-memory + iommu-addresses, checked with libfdt reads
 * (libfdt is the oracle for what a Linux parser would see). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <libfdt.h>

#include <ipmmu/error.h>
#include <ipmmu/handoff.h>
#include "badinput.h"

#define BLOB_SIZE 8192

static unsigned char blob[BLOB_SIZE];
static unsigned char before[BLOB_SIZE];

/* / (2,2) -> soc (2,2) -> dma@e6700000, and lbus (1,1) -> fb@1000, with
 * fb already carrying phandle 7. Built with libfdt's sequential writer. */
static int build_tree(void **state)
{
	(void)state;
	assert_int_equal(fdt_create(blob, BLOB_SIZE), 0);
	assert_int_equal(fdt_finish_reservemap(blob), 0);
	assert_int_equal(fdt_begin_node(blob, ""), 0);
	assert_int_equal(fdt_property_u32(blob, "#address-cells", 2), 0);
	assert_int_equal(fdt_property_u32(blob, "#size-cells", 2), 0);
	assert_int_equal(fdt_begin_node(blob, "soc"), 0);
	assert_int_equal(fdt_property_u32(blob, "#address-cells", 2), 0);
	assert_int_equal(fdt_property_u32(blob, "#size-cells", 2), 0);
	assert_int_equal(fdt_begin_node(blob, "dma@e6700000"), 0);
	assert_int_equal(fdt_property_string(blob, "compatible", "renesas,rcar-dmac"), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_begin_node(blob, "lbus"), 0);
	assert_int_equal(fdt_property_u32(blob, "#address-cells", 1), 0);
	assert_int_equal(fdt_property_u32(blob, "#size-cells", 1), 0);
	assert_int_equal(fdt_begin_node(blob, "fb@1000"), 0);
	assert_int_equal(fdt_property_u32(blob, "phandle", 7), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_finish(blob), 0);
	/* room to grow, blocks in the standard order */
	assert_int_equal(fdt_open_into(blob, blob, BLOB_SIZE), 0);
	memcpy(before, blob, BLOB_SIZE);
	return 0;
}

static uint64_t be64_at(const fdt32_t *p)
{
	return ((uint64_t)fdt32_to_cpu(p[0]) << 32) | fdt32_to_cpu(p[1]);
}

static void region_with_pa_gets_reg_iommu_addresses_and_memory_region(void **state)
{
	const struct ipfw_handoff_region r = {
		.device_path = "/soc/dma@e6700000", .name = "ipfw-ring",
		.iova = 0x10000000, .size = 0x200000, .has_pa = true, .pa = 0x548000000ull,
	};
	const fdt32_t *p;
	int len, node, dev;
	uint32_t dev_ph, reg_ph;

	(void)state;
	assert_int_equal(ipfw_handoff_add(blob, &r), IPFW_OK);
	assert_int_equal(fdt_check_full(blob, BLOB_SIZE), 0);

	node = fdt_path_offset(blob, "/reserved-memory/ipfw-ring@548000000");
	assert_true(node >= 0);
	p = fdt_getprop(blob, fdt_path_offset(blob, "/reserved-memory"), "#address-cells", &len);
	assert_non_null(p);
	assert_int_equal(fdt32_to_cpu(p[0]), 2);
	assert_non_null(fdt_getprop(blob, fdt_path_offset(blob, "/reserved-memory"), "ranges", &len));
	assert_int_equal(len, 0);

	p = fdt_getprop(blob, node, "reg", &len);
	assert_non_null(p);
	assert_int_equal(len, 16);
	assert_true(be64_at(p) == 0x548000000ull);
	assert_true(be64_at(p + 2) == 0x200000);

	dev = fdt_path_offset(blob, "/soc/dma@e6700000");
	dev_ph = fdt_get_phandle(blob, dev);
	assert_true(dev_ph != 0);
	p = fdt_getprop(blob, node, "iommu-addresses", &len);
	assert_non_null(p);
	assert_int_equal(len, 4 * 5); /* phandle + 2 address + 2 size cells (soc bus) */
	assert_int_equal(fdt32_to_cpu(p[0]), dev_ph);
	assert_true(be64_at(p + 1) == 0x10000000);
	assert_true(be64_at(p + 3) == 0x200000);

	reg_ph = fdt_get_phandle(blob, node);
	assert_true(reg_ph != 0 && reg_ph != dev_ph);
	p = fdt_getprop(blob, dev, "memory-region", &len);
	assert_non_null(p);
	assert_int_equal(len, 4);
	assert_int_equal(fdt32_to_cpu(p[0]), reg_ph);
}

/* Without a PA: an IOVA carve-out; the device's bus has one cell each;
 * the device's existing phandle is reused; a second region appends. */
static void iova_reservation_uses_the_device_bus_cells_and_appends(void **state)
{
	const struct ipfw_handoff_region a = {
		.device_path = "/lbus/fb@1000", .name = "ipfw-hole-a", .iova = 0xFE000000, .size = 0x400000,
	};
	const struct ipfw_handoff_region b = {
		.device_path = "/lbus/fb@1000", .name = "ipfw-hole-b", .iova = 0x0, .size = 0x1000,
	};
	const fdt32_t *p;
	int len, node;

	(void)state;
	assert_int_equal(ipfw_handoff_add(blob, &a), IPFW_OK);
	assert_int_equal(ipfw_handoff_add(blob, &b), IPFW_OK);
	assert_int_equal(fdt_check_full(blob, BLOB_SIZE), 0);

	node = fdt_path_offset(blob, "/reserved-memory/ipfw-hole-a");
	assert_true(node >= 0);
	assert_null(fdt_getprop(blob, node, "reg", &len));
	p = fdt_getprop(blob, node, "iommu-addresses", &len);
	assert_non_null(p);
	assert_int_equal(len, 12);
	assert_int_equal(fdt32_to_cpu(p[0]), 7);
	assert_int_equal(fdt32_to_cpu(p[1]), 0xFE000000);
	assert_int_equal(fdt32_to_cpu(p[2]), 0x400000);

	p = fdt_getprop(blob, fdt_path_offset(blob, "/lbus/fb@1000"), "memory-region", &len);
	assert_non_null(p);
	assert_int_equal(len, 8);
	assert_int_equal(fdt32_to_cpu(p[0]), fdt_get_phandle(blob, node));
	assert_int_equal(fdt32_to_cpu(p[1]),
			 fdt_get_phandle(blob, fdt_path_offset(blob, "/reserved-memory/ipfw-hole-b")));
	assert_int_equal(fdt_get_phandle(blob, fdt_path_offset(blob, "/lbus/fb@1000")), 7);
}

/* One mapping, two devices on buses with different cells: one node whose
 * iommu-addresses names both, each in its own bus's cells. */
static void a_shared_mapping_names_every_device(void **state)
{
	static const char *const more[] = {"/lbus/fb@1000"};
	const struct ipfw_handoff_region r = {
		.device_path = "/soc/dma@e6700000", .name = "ipfw-shared",
		.iova = 0x2000, .size = 0x1000, .has_pa = true, .pa = 0x48000000,
	};
	const fdt32_t *p;
	int len, node;
	uint32_t ph;

	(void)state;
	assert_int_equal(ipfw_handoff_add_devices(blob, &r, more, 1), IPFW_OK);
	assert_int_equal(fdt_check_full(blob, BLOB_SIZE), 0);
	node = fdt_path_offset(blob, "/reserved-memory/ipfw-shared@48000000");
	assert_true(node >= 0);
	ph = fdt_get_phandle(blob, node);
	p = fdt_getprop(blob, node, "iommu-addresses", &len);
	assert_non_null(p);
	assert_int_equal(len, 4 * (5 + 3)); /* <&dma 0 0x2000 0 0x1000>, <&fb 0x2000 0x1000> */
	assert_int_equal(fdt32_to_cpu(p[0]),
			 fdt_get_phandle(blob, fdt_path_offset(blob, "/soc/dma@e6700000")));
	assert_int_equal(fdt32_to_cpu(p[2]), 0x2000);
	assert_int_equal(fdt32_to_cpu(p[4]), 0x1000);
	assert_int_equal(fdt32_to_cpu(p[5]), 7); /* fb's existing phandle */
	assert_int_equal(fdt32_to_cpu(p[6]), 0x2000);
	assert_int_equal(fdt32_to_cpu(p[7]), 0x1000);
	p = fdt_getprop(blob, fdt_path_offset(blob, "/lbus/fb@1000"), "memory-region", &len);
	assert_non_null(p);
	assert_int_equal(fdt32_to_cpu(p[0]), ph);
	p = fdt_getprop(blob, fdt_path_offset(blob, "/soc/dma@e6700000"), "memory-region", &len);
	assert_non_null(p);
	assert_int_equal(fdt32_to_cpu(p[0]), ph);
}

static void shared_mapping_refusals_leave_the_blob_untouched(void **state)
{
	static const char *const twice[] = {"/soc/dma@e6700000"};
	static const char *const missing[] = {"/lbus/fb@1000", "/soc/gone@0"};
	static const char *many[IPFW_HANDOFF_MAX_DEVICES];
	const struct ipfw_handoff_region r = {
		.device_path = "/soc/dma@e6700000", .name = "x", .iova = 0x2000, .size = 0x1000,
	};

	(void)state;
	for (size_t i = 0; i < IPFW_HANDOFF_MAX_DEVICES; i++)
		many[i] = "/lbus/fb@1000";
	IPFW_BADINPUT("boot: OS handoff", "the same device named twice for one mapping",
		      IPFW_E_INVAL, ipfw_handoff_add_devices(blob, &r, twice, 1));
	IPFW_BADINPUT("boot: OS handoff", "one of the devices does not exist", IPFW_E_DT_PROP,
		      ipfw_handoff_add_devices(blob, &r, missing, 2));
	IPFW_BADINPUT("boot: OS handoff", "more devices than one region may name", IPFW_E_INVAL,
		      ipfw_handoff_add_devices(blob, &r, many, IPFW_HANDOFF_MAX_DEVICES));
	IPFW_BADINPUT("boot: OS handoff", "NULL list of further devices", IPFW_E_INVAL,
		      ipfw_handoff_add_devices(blob, &r, NULL, 1));
	assert_memory_equal(blob, before, BLOB_SIZE);
}

/* Every refusal leaves the blob byte-for-byte as it was. */
static void refusals_leave_the_blob_untouched(void **state)
{
	struct ipfw_handoff_region r = {
		.device_path = "/lbus/fb@1000", .name = "x", .iova = 0x100000000ull, .size = 0x1000,
	};
	static unsigned char small[1024];

	(void)state;
	IPFW_BADINPUT("boot: OS handoff", "IOVA above 4 GiB on a bus with one address cell",
		      IPFW_E_DT_PROP, ipfw_handoff_add(blob, &r));
	r.iova = 0x1000;
	r.size = 0x100000000ull;
	IPFW_BADINPUT("boot: OS handoff", "size above 4 GiB on a bus with one size cell",
		      IPFW_E_DT_PROP, ipfw_handoff_add(blob, &r));
	r.size = 0;
	IPFW_BADINPUT("boot: OS handoff", "zero-sized region", IPFW_E_INVAL, ipfw_handoff_add(blob, &r));
	r.size = 0x2000;
	r.iova = 0xFFFFFFFFFFFFF000ull;
	IPFW_BADINPUT("boot: OS handoff", "iova + size wraps", IPFW_E_INVAL, ipfw_handoff_add(blob, &r));
	r.iova = 0x1000;
	r.device_path = "/soc/nope@0";
	IPFW_BADINPUT("boot: OS handoff", "device node does not exist", IPFW_E_DT_PROP,
		      ipfw_handoff_add(blob, &r));
	r.device_path = "/lbus/fb@1000";
	r.name = "";
	IPFW_BADINPUT("boot: OS handoff", "empty node name", IPFW_E_INVAL, ipfw_handoff_add(blob, &r));
	assert_memory_equal(blob, before, BLOB_SIZE);

	/* the same region twice */
	r.name = "dup";
	assert_int_equal(ipfw_handoff_add(blob, &r), IPFW_OK);
	memcpy(before, blob, BLOB_SIZE);
	IPFW_BADINPUT("boot: OS handoff", "the same region handed off twice", IPFW_E_DT_PROP,
		      ipfw_handoff_add(blob, &r));
	assert_memory_equal(blob, before, BLOB_SIZE);

	/* a blob with no room left */
	assert_int_equal(fdt_pack(blob), 0); /* totalsize = content: no free space */
	assert_int_equal(fdt_move(blob, small, (int)sizeof(small)), 0);
	memcpy(before, small, sizeof(small));
	r.name = "late";
	IPFW_BADINPUT("boot: OS handoff", "blob has no free space", IPFW_E_NOSPACE,
		      ipfw_handoff_add(small, &r));
	assert_memory_equal(small, before, sizeof(small));
	memset(small, 0xA5, 64);
	IPFW_BADINPUT("boot: OS handoff", "not a device tree blob", IPFW_E_FDT,
		      ipfw_handoff_add(small, &r));
}

/* ------------------------------------------------------------ edges (issue 14) */

/* / (root_ac, 2) -> soc (2,2) -> n devices dev@<i>; fresh blob, room to grow. */
static void tree_of(uint32_t root_ac, unsigned int n)
{
	char name[16];

	assert_int_equal(fdt_create(blob, BLOB_SIZE), 0);
	assert_int_equal(fdt_finish_reservemap(blob), 0);
	assert_int_equal(fdt_begin_node(blob, ""), 0);
	assert_int_equal(fdt_property_u32(blob, "#address-cells", root_ac), 0);
	assert_int_equal(fdt_property_u32(blob, "#size-cells", 2), 0);
	assert_int_equal(fdt_begin_node(blob, "soc"), 0);
	assert_int_equal(fdt_property_u32(blob, "#address-cells", 2), 0);
	assert_int_equal(fdt_property_u32(blob, "#size-cells", 2), 0);
	for (unsigned int i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "dev@%x", i);
		assert_int_equal(fdt_begin_node(blob, name), 0);
		assert_int_equal(fdt_end_node(blob), 0);
	}
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_finish(blob), 0);
	assert_int_equal(fdt_open_into(blob, blob, BLOB_SIZE), 0);
}

/* IPFW_HANDOFF_MAX_DEVICES devices on a two-cell bus: iommu-addresses is
 * 16 x <phandle iova-hi iova-lo size-hi size-lo> = 80 cells, each entry
 * naming its device (reserved-memory binding, "iommu-addresses"). */
static void the_most_devices_on_a_two_cell_bus(void **state)
{
	const struct ipfw_handoff_region r = {"/soc/dev@0", "ipfw-ring", 0x123456789000ull,
					      0x200000u, false, 0};
	static char paths[IPFW_HANDOFF_MAX_DEVICES][24];
	const char *more[IPFW_HANDOFF_MAX_DEVICES - 1];
	const fdt32_t *ia;
	int len, node;

	(void)state;
	tree_of(2, IPFW_HANDOFF_MAX_DEVICES);
	for (unsigned int i = 0; i < IPFW_HANDOFF_MAX_DEVICES; i++)
		snprintf(paths[i], sizeof(paths[i]), "/soc/dev@%x", i);
	for (unsigned int i = 1; i < IPFW_HANDOFF_MAX_DEVICES; i++)
		more[i - 1] = paths[i];
	assert_int_equal(ipfw_handoff_add_devices(blob, &r, more, IPFW_HANDOFF_MAX_DEVICES - 1),
			 IPFW_OK);
	node = fdt_path_offset(blob, "/reserved-memory/ipfw-ring");
	assert_true(node >= 0);
	ia = fdt_getprop(blob, node, "iommu-addresses", &len);
	assert_non_null(ia);
	assert_int_equal(len, IPFW_HANDOFF_MAX_DEVICES * 5 * 4);
	for (unsigned int i = 0; i < IPFW_HANDOFF_MAX_DEVICES; i++) {
		const fdt32_t *e = ia + 5 * i;
		int dev = fdt_path_offset(blob, paths[i]);

		assert_true(dev >= 0);
		assert_int_equal(fdt32_to_cpu(e[0]), fdt_get_phandle(blob, dev));
		assert_true(be64_at(e + 1) == 0x123456789000ull);
		assert_true(be64_at(e + 3) == 0x200000u);
		assert_non_null(fdt_getprop(blob, dev, "memory-region", &len));
		assert_int_equal(len, 4);
	}
}

/* A root with #address-cells = <0>: libfdt's fdt_address_cells() calls it
 * -FDT_ERR_BADNCELLS, so the region is refused (IPFW_E_DT_PROP) and the
 * blob left as it was, even for an IOVA-only reservation. */
static void a_root_with_zero_address_cells_is_refused(void **state)
{
	const struct ipfw_handoff_region r = {"/soc/dev@0", "ipfw-iova", 0x10000000u, 0x100000u,
					      false, 0};

	(void)state;
	tree_of(0, 1);
	memcpy(before, blob, BLOB_SIZE);
	assert_int_equal(ipfw_handoff_add(blob, &r), IPFW_E_DT_PROP);
	assert_memory_equal(blob, before, BLOB_SIZE);
}

/* The up-front space check (handoff.c: 512 bytes, twice the node name, 64
 * per further device) is no more than the edits can use: with exactly that
 * much free space the region is written and the blob stays valid; one
 * byte less is IPFW_E_NOSPACE with the blob untouched. */
static void exactly_the_reserved_free_space_is_enough(void **state)
{
	const struct ipfw_handoff_region r = {"/soc/dev@0", "ipfw-ring", 0x10000000u, 0x100000u,
					      true, 0x50000000u};
	const size_t name_len = sizeof("ipfw-ring@50000000") - 1u;

	(void)state;
	for (int less = 1; less >= 0; less--) {
		uint32_t used;

		tree_of(2, 1);
		used = fdt_off_dt_strings(blob) + fdt_size_dt_strings(blob);
		/* the blocks end at `used`: the free space is what totalsize adds */
		fdt_set_totalsize(blob, used + 512u + 2u * (uint32_t)name_len - (uint32_t)less);
		assert_int_equal(fdt_off_dt_strings(blob) + fdt_size_dt_strings(blob), used);
		memcpy(before, blob, BLOB_SIZE);
		if (less) {
			assert_int_equal(ipfw_handoff_add(blob, &r), IPFW_E_NOSPACE);
			assert_memory_equal(blob, before, BLOB_SIZE);
			continue;
		}
		assert_int_equal(ipfw_handoff_add(blob, &r), IPFW_OK);
		assert_int_equal(fdt_check_header(blob), 0);
		assert_true(fdt_path_offset(blob, "/reserved-memory/ipfw-ring@50000000") >= 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(region_with_pa_gets_reg_iommu_addresses_and_memory_region,
				       build_tree),
		cmocka_unit_test_setup(iova_reservation_uses_the_device_bus_cells_and_appends,
				       build_tree),
		cmocka_unit_test_setup(a_shared_mapping_names_every_device, build_tree),
		cmocka_unit_test_setup(shared_mapping_refusals_leave_the_blob_untouched, build_tree),
		cmocka_unit_test_setup(refusals_leave_the_blob_untouched, build_tree),
		cmocka_unit_test(the_most_devices_on_a_two_cell_bus),
		cmocka_unit_test(a_root_with_zero_address_cells_is_refused),
		cmocka_unit_test(exactly_the_reserved_free_space_is_enough),
	};
	return cmocka_run_group_tests_name("boot.handoff", tests, NULL, NULL);
}
