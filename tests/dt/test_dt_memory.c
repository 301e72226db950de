/* SPDX-License-Identifier: BSD-3-Clause */
/* ipfw_dt_memory(): DRAM ranges from /memory nodes, on trees built with
 * libfdt's sequential writer (the expected ranges are the ones written). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <libfdt.h>

#include <ipmmu/dt.h>
#include <ipmmu/error.h>
#include "badinput.h"

static unsigned char blob[4096];

static void begin(int ac, int sc)
{
	assert_int_equal(fdt_create(blob, sizeof(blob)), 0);
	assert_int_equal(fdt_finish_reservemap(blob), 0);
	assert_int_equal(fdt_begin_node(blob, ""), 0);
	assert_int_equal(fdt_property_u32(blob, "#address-cells", (uint32_t)ac), 0);
	assert_int_equal(fdt_property_u32(blob, "#size-cells", (uint32_t)sc), 0);
}

static void end(void)
{
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_finish(blob), 0);
}

/* A memory node with `n` (base, size) pairs in 2+2 cells; status (NULL:
 * none) is slen raw bytes. */
static void memory64_raw(const char *name, const uint64_t *pairs, int n, const char *status,
			 int slen, const char *type)
{
	fdt32_t reg[16];

	assert_true(n <= 4);
	for (int i = 0; i < 2 * n; i++) {
		reg[2 * i] = cpu_to_fdt32((uint32_t)(pairs[i] >> 32));
		reg[2 * i + 1] = cpu_to_fdt32((uint32_t)pairs[i]);
	}
	assert_int_equal(fdt_begin_node(blob, name), 0);
	assert_int_equal(fdt_property_string(blob, "device_type", type), 0);
	if (status)
		assert_int_equal(fdt_property(blob, "status", status, slen), 0);
	assert_int_equal(fdt_property(blob, "reg", reg, n * 16), 0);
	assert_int_equal(fdt_end_node(blob), 0);
}

/* The same with status a string (its NUL included). */
static void memory64(const char *name, const uint64_t *pairs, int n, const char *status,
		     const char *type)
{
	memory64_raw(name, pairs, n, status, status ? (int)strlen(status) + 1 : 0, type);
}

/* Salvator-XS-like: four banks in two nodes, the second with three. */
static void banks_of_every_memory_node_in_order(void **state)
{
	static const uint64_t a[] = {0x48000000, 0x38000000};
	static const uint64_t b[] = {0x500000000, 0x40000000, 0x600000000, 0x40000000,
				     0x700000000, 0x40000000};
	struct ipfw_dt_range r[8];
	size_t n = 99;

	(void)state;
	begin(2, 2);
	memory64("memory@48000000", a, 1, NULL, "memory");
	memory64("memory@500000000", b, 3, "okay", "memory");
	end();
	assert_int_equal(ipfw_dt_memory(blob, r, 8, &n, NULL), IPFW_OK);
	assert_int_equal(n, 4);
	assert_true(r[0].base == 0x48000000 && r[0].size == 0x38000000);
	assert_true(r[1].base == 0x500000000ull && r[1].size == 0x40000000);
	assert_true(r[3].base == 0x700000000ull && r[3].size == 0x40000000);
}

/* Not memory: other device_type, disabled, zero-sized, other names. */
static void only_enabled_memory_nodes_with_size_count(void **state)
{
	static const uint64_t one[] = {0x40000000, 0x10000000};
	static const uint64_t zero[] = {0x80000000, 0};
	struct ipfw_dt_range r[8];
	size_t n = 0;

	(void)state;
	begin(2, 2);
	memory64("memory@40000000", one, 1, NULL, "memory");
	memory64("memory@80000000", zero, 1, NULL, "memory");
	memory64("memory@90000000", one, 1, "disabled", "memory");
	memory64("sram@e6300000", one, 1, NULL, "memory");
	memory64("memory@a0000000", one, 1, NULL, "mmio-sram");
	end();
	assert_int_equal(ipfw_dt_memory(blob, r, 8, &n, NULL), IPFW_OK);
	assert_int_equal(n, 1);
	assert_true(r[0].base == 0x40000000 && r[0].size == 0x10000000);
}

/* The status rule of the Devicetree Specification, written out by hand:
 * absent, or "okay" / "ok" with its NUL as the last byte; nothing else. */
static void status_is_okay_or_ok_with_its_nul_and_nothing_after(void **state)
{
	static const struct {
		const char *v;
		int len;
		bool okay;
	} cases[] = {
		{NULL, 0, true},
		{"okay", 5, true},
		{"ok", 3, true},
		{"okay", 4, false},          /* no NUL */
		{"ok", 2, false},            /* no NUL */
		{"okay\0junk", 10, false},   /* bytes after the NUL */
		{"ok\0\0", 4, false},
		{"okayy", 6, false},
		{"okayy", 5, false},         /* no NUL, a fifth letter */
		{"Okay", 5, false},          /* each letter counts, case too */
		{"oKay", 5, false},
		{"okAy", 5, false},
		{"okaY", 5, false},
		{"Ok", 3, false},
		{"oK", 3, false},
		{"okx", 3, false},           /* no NUL, a third letter */
		{"oky", 4, false},
		{"disabled", 9, false},
		{"fail", 5, false},
		{"reserved", 9, false},
		{"", 1, false},
		{"", 0, false},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (ipfw_dt_status_okay(cases[i].v, cases[i].len) != cases[i].okay)
			fail_msg("case %zu: status of %d bytes", i, cases[i].len);
	}
}

/* /memory reads status by that rule: "okay" with bytes after its NUL is no
 * DRAM, as it enables no node the walker reads. */
static void memory_node_status_with_trailing_bytes_is_not_dram(void **state)
{
	static const char okay_junk[] = "okay\0junk";
	static const uint64_t one[] = {0x40000000, 0x10000000};
	struct ipfw_dt_range r[2];
	size_t n = 9;

	(void)state;
	begin(2, 2);
	memory64_raw("memory@40000000", one, 1, okay_junk, sizeof(okay_junk), "memory");
	end();
	assert_int_equal(ipfw_dt_memory(blob, r, 2, &n, NULL), IPFW_OK);
	assert_int_equal(n, 0);
}

static void one_cell_roots_read_32_bit_ranges(void **state)
{
	const fdt32_t reg[] = {cpu_to_fdt32(0x40000000), cpu_to_fdt32(0x08000000)};
	struct ipfw_dt_range r[2];
	size_t n = 0;

	(void)state;
	begin(1, 1);
	assert_int_equal(fdt_begin_node(blob, "memory"), 0);
	assert_int_equal(fdt_property_string(blob, "device_type", "memory"), 0);
	assert_int_equal(fdt_property(blob, "reg", reg, sizeof(reg)), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	end();
	assert_int_equal(ipfw_dt_memory(blob, r, 2, &n, NULL), IPFW_OK);
	assert_int_equal(n, 1);
	assert_true(r[0].base == 0x40000000 && r[0].size == 0x08000000);
}

static void bad_trees_are_refused_with_where(void **state)
{
	static const uint64_t two[] = {0x40000000, 0x1000, 0x50000000, 0x1000};
	const fdt32_t odd[] = {cpu_to_fdt32(0), cpu_to_fdt32(0x40000000), cpu_to_fdt32(0x1000)};
	struct ipfw_dt_range r[1];
	struct ipfw_dt_diag diag;
	size_t n = 0;

	(void)state;
	begin(2, 2);
	memory64("memory@40000000", two, 2, NULL, "memory");
	end();
	IPFW_BADINPUT("dt: /memory", "more DRAM ranges than the caller's array", IPFW_E_NOSPACE,
		      ipfw_dt_memory(blob, r, 1, &n, &diag));

	begin(2, 2);
	assert_int_equal(fdt_begin_node(blob, "memory@0"), 0);
	assert_int_equal(fdt_property_string(blob, "device_type", "memory"), 0);
	assert_int_equal(fdt_property(blob, "reg", odd, sizeof(odd)), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	end();
	IPFW_BADINPUT("dt: /memory", "reg not a whole number of (address, size) pairs",
		      IPFW_E_DT_PROP, ipfw_dt_memory(blob, r, 1, &n, &diag));
	assert_int_equal(diag.node, fdt_path_offset(blob, "/memory@0"));
	assert_string_equal(diag.prop, "reg");

	begin(3, 2);
	end();
	IPFW_BADINPUT("dt: /memory", "root #address-cells of 3", IPFW_E_DT_PROP,
		      ipfw_dt_memory(blob, r, 1, &n, &diag));
	memset(blob, 0x5A, 64);
	IPFW_BADINPUT("dt: /memory", "not a device tree blob", IPFW_E_FDT,
		      ipfw_dt_memory(blob, r, 1, &n, &diag));
	IPFW_BADINPUT("dt: /memory", "NULL count", IPFW_E_INVAL,
		      ipfw_dt_memory(blob, r, 1, NULL, &diag));
}

/* The walker gathers the same ranges in its own pass (ipfw_dt_result.mem),
 * and refuses a bad memory reg with where. */
static void walk_gathers_memory_like_ipfw_dt_memory(void **state)
{
	static const uint64_t a[] = {0x48000000, 0x38000000};
	static const uint64_t b[] = {0x500000000, 0x40000000, 0x600000000, 0};
	static struct ipfw_dt_node_info slots[8];
	static struct ipfw_dt_range mem[4], ref[4];
	const fdt32_t odd[] = {cpu_to_fdt32(0), cpu_to_fdt32(0x40000000), cpu_to_fdt32(0x1000)};
	struct ipfw_dt_index idx = {.slots = slots, .cap = 8};
	struct ipfw_dt_result res = {.mem = mem, .mem_cap = 4};
	struct ipfw_dt_diag diag;
	size_t nref = 0;

	(void)state;
	begin(2, 2);
	memory64("memory@48000000", a, 1, NULL, "memory");
	memory64("memory@500000000", b, 2, NULL, "memory");
	memory64("memory@90000000", a, 1, "disabled", "memory");
	end();
	assert_int_equal(ipfw_dt_walk(blob, NULL, &idx, &res, &diag), IPFW_OK);
	assert_int_equal(ipfw_dt_memory(blob, ref, 4, &nref, NULL), IPFW_OK);
	assert_int_equal(res.nmem, 2);
	assert_int_equal(nref, 2);
	assert_memory_equal(mem, ref, 2 * sizeof(mem[0]));

	begin(2, 2);
	assert_int_equal(fdt_begin_node(blob, "memory@0"), 0);
	assert_int_equal(fdt_property_string(blob, "device_type", "memory"), 0);
	assert_int_equal(fdt_property(blob, "reg", odd, sizeof(odd)), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	end();
	IPFW_BADINPUT("dt: /memory", "walk: reg not a whole number of pairs", IPFW_E_DT_PROP,
		      ipfw_dt_walk(blob, NULL, &idx, &res, &diag));
	assert_int_equal(diag.node, fdt_path_offset(blob, "/memory@0"));
	assert_string_equal(diag.prop, "reg");
	assert_int_equal(res.nmem, 0);
}

/* The structure block must be 4-byte aligned (ipfw_dt_check). */
static void misaligned_blocks_are_refused_before_libfdt_reads_them(void **state)
{
	static const uint64_t one[] = {0x40000000, 0x10000000};
	static unsigned char shifted[4096 + 4];
	struct ipfw_dt_range r[1];
	size_t n = 0;
	int fdt_err = 0;

	(void)state;
	begin(2, 2);
	memory64("memory@40000000", one, 1, NULL, "memory");
	end();
	assert_int_equal(ipfw_dt_check(blob, &fdt_err), IPFW_OK);
	/* move the structure block by 2 bytes inside a copy */
	memcpy(shifted, blob, fdt_totalsize(blob));
	memmove(shifted + fdt_off_dt_struct(blob) + 2, shifted + fdt_off_dt_struct(blob),
		fdt_totalsize(blob) - fdt_off_dt_struct(blob));
	fdt_set_off_dt_struct(shifted, fdt_off_dt_struct(blob) + 2);
	fdt_set_off_dt_strings(shifted, fdt_off_dt_strings(blob) + 2);
	fdt_set_totalsize(shifted, fdt_totalsize(blob) + 2);
	IPFW_BADINPUT("dt: blob", "structure block not 4-byte aligned", IPFW_E_FDT,
		      ipfw_dt_check(shifted, &fdt_err));
	assert_int_equal(fdt_err, -FDT_ERR_ALIGNMENT);
	IPFW_BADINPUT("dt: blob", "misaligned blob given to ipfw_dt_memory", IPFW_E_FDT,
		      ipfw_dt_memory(shifted, r, 1, &n, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(banks_of_every_memory_node_in_order),
		cmocka_unit_test(only_enabled_memory_nodes_with_size_count),
		cmocka_unit_test(status_is_okay_or_ok_with_its_nul_and_nothing_after),
		cmocka_unit_test(memory_node_status_with_trailing_bytes_is_not_dram),
		cmocka_unit_test(one_cell_roots_read_32_bit_ranges),
		cmocka_unit_test(bad_trees_are_refused_with_where),
		cmocka_unit_test(walk_gathers_memory_like_ipfw_dt_memory),
		cmocka_unit_test(misaligned_blocks_are_refused_before_libfdt_reads_them),
	};
	return cmocka_run_group_tests_name("dt.memory", tests, NULL, NULL);
}
