/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Synthetic fixtures (tests/dt/fixtures/NAME.dts): one error or edge case each,
 * expected codes and locations from lpae-and-devicetree.md 2.4 (iommus
 * parsing) and ipmmu-vmsa.md 8.1 (renesas,ipmmu-main).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <unistd.h>
#include <cmocka.h>

#include "badinput.h"

#include "dt_test_util.h"

#define MALFORMED "dt: malformed DTBs"
#define HOSTILE_MAP "dt: hostile iommu-map"
#define TOPOLOGY "dt: IPMMU topology"

/* The failed walk's diagnostic names path/prop[index], it left no result; frees t. */
static void assert_walk_failed_at(struct t_dt *t, int err, const char *path, const char *prop,
				  int index)
{
	assert_int_equal(t->diag.err, err);
	assert_string_equal(t_path(t, t->diag.node), path);
	if (prop)
		assert_string_equal(t->diag.prop, prop);
	else
		assert_null(t->diag.prop);
	assert_int_equal(t->diag.index, index);
	assert_int_equal(t->res.nipmmus, 0);
	assert_int_equal(t->res.nmasters, 0);
	assert_int_equal(t->res.nspecs, 0);
	t_free(t);
}

/* The walk of fixture `name` fails with err; a macro so the catalogue names the test. */
#define EXPECT_WALK_ERROR(klass, what, name, err, path, prop, index)                 \
	do {                                                                         \
		struct t_dt *t_ = t_new();                                           \
		IPFW_BADINPUT(klass, what, err, t_walk(t_, name, NULL));             \
		assert_walk_failed_at(t_, err, path, prop, index);                   \
	} while (0)

static void valid_tree_lists_enabled_masters_in_dt_order(void **state)
{
	struct t_dt *t = t_new();
	const struct ipfw_dt_master *m;
	int ds0, ds1, mm;

	(void)state;
	assert_int_equal(t_walk(t, "ok-basic", NULL), IPFW_OK);
	assert_int_equal(t->diag.err, IPFW_OK);
	assert_int_equal(t->res.nipmmus, 3);
	mm = t_ipmmu(t, "/iommu@e67b0000");
	ds0 = t_ipmmu(t, "/iommu@e6740000");
	ds1 = t_ipmmu(t, "/bus/iommu@e7740000");
	assert_true(mm >= 0 && ds0 >= 0 && ds1 >= 0);
	assert_int_equal(t->res.ipmmus[ds0].root, mm);
	assert_int_equal(t->res.ipmmus[ds1].root, mm);
	assert_int_equal(t->res.ipmmus[mm].root, mm);
	assert_int_equal(t->res.ipmmus[ds1].main_bit, 1);
	/* reg under a bus with #address-cells = <1>, #size-cells = <1> */
	assert_int_equal(t->res.ipmmus[ds1].reg_base, 0xe7740000);
	assert_int_equal(t->res.ipmmus[ds1].reg_size, 0x1000);
	assert_int_equal(t->res.ipmmus[ds0].reg_base, 0xe6740000);
	assert_int_equal(t->res.ipmmus[ds0].reg_size, 0x1000);
	assert_int_equal(t->res.ipmmus[mm].phandle,
			 fdt_get_phandle(t->blob, fdt_path_offset(t->blob, "/iommu@e67b0000")));
	assert_int_equal(t->res.ipmmus[ds0].main_phandle, t->res.ipmmus[mm].phandle);

	/* dma, mmc@ee100000 ("okay"), ethernet ("ok"); mmc@ee120000 is disabled. */
	assert_int_equal(t->res.nmasters, 3);
	assert_string_equal(t_path(t, t->res.masters[0].node), "/dma@e6700000");
	assert_string_equal(t_path(t, t->res.masters[1].node), "/mmc@ee100000");
	assert_string_equal(t_path(t, t->res.masters[2].node), "/ethernet@e6800000");
	assert_int_equal(t->res.nspecs, 4);
	assert_int_equal(t->res.specs[0].ipmmu, ds0);
	assert_int_equal(ipfw_dt_spec_cell(&t->res, &t->res.specs[0], 0), 0);
	assert_int_equal(ipfw_dt_spec_cell(&t->res, &t->res.specs[1], 0), 15);
	assert_int_equal(t->res.specs[2].ipmmu, ds1);
	assert_int_equal(ipfw_dt_spec_cell(&t->res, &t->res.specs[2], 0), 32);
	assert_int_equal(t->res.specs[2].master, 1);
	assert_int_equal(ipfw_dt_spec_cell(&t->res, &t->res.specs[3], 0), 16);

	m = &t->res.masters[1];
	assert_int_equal(m->first_spec, 2);
	assert_int_equal(m->nspecs, 1);
	assert_int_equal(m->nclocks, 2);
	assert_int_equal(T_CLOCK(t, m, 1).cells[0], 0);
	assert_int_equal(T_CLOCK(t, m, 1).cells[1], 12);
	assert_int_equal(m->nresets, 1);
	assert_int_equal(T_RESET(t, m, 0).cells[0], 314);
	assert_int_equal(m->flags, 0);
	assert_int_equal(t->res.masters[2].nresets, 0);
	t_free(t);
}

static void zero_phandle_slot_is_an_error_with_its_index(void **state)
{
	(void)state;
	EXPECT_WALK_ERROR(MALFORMED, "iommus entry 0 is phandle 0 (iommus-zero-phandle)",
			  "iommus-zero-phandle", IPFW_E_DT_PHANDLE, "/master", "iommus", 0);
}

static void zero_phandle_occupies_one_cell_for_indexed_reads(void **state)
{
	struct t_dt *t = t_new();
	struct ipfw_dt_phandle_args a;
	int node;

	(void)state;
	t->blob = t_load("iommus-zero-phandle");
	t->idx = (struct ipfw_dt_index){.slots = t->slots, .cap = T_PHANDLES};
	assert_int_equal(ipfw_dt_index_build(t->blob, &t->idx, NULL), IPFW_OK);
	node = fdt_path_offset(t->blob, "/master");
	/* iommus = <0>, <&ipmmu_ds0 7>: slot 0 is empty, slot 1 is ds0 7 */
	IPFW_BADINPUT(MALFORMED, "indexed iommus read of a phandle-0 entry", IPFW_E_DT_PHANDLE,
		      ipfw_dt_iommus_get(t->blob, &t->idx, node, 0, &a, &t->diag));
	assert_int_equal(t->diag.index, 0);
	assert_int_equal(ipfw_dt_iommus_get(t->blob, &t->idx, node, 1, &a, &t->diag), IPFW_OK);
	assert_int_equal(a.phandle,
			 fdt_get_phandle(t->blob, fdt_path_offset(t->blob, "/iommu@e6740000")));
	assert_int_equal(a.ncells, 1);
	assert_int_equal(a.cells[0], 7);
	/* index past the end */
	IPFW_BADINPUT(MALFORMED, "indexed iommus read past the last entry", IPFW_E_RANGE,
		      ipfw_dt_iommus_get(t->blob, &t->idx, node, 2, &a, &t->diag));
	assert_string_equal(t_path(t, t->diag.node), "/master");
	assert_int_equal(t->diag.index, 2);
	/* missing list property */
	IPFW_BADINPUT(MALFORMED, "indexed iommus read of a node without iommus", IPFW_E_DT_PROP,
		      ipfw_dt_iommus_get(t->blob, &t->idx, fdt_path_offset(t->blob, "/bus"), 0, &a,
					 &t->diag));
	t_free(t);
}

static void unknown_phandle_is_an_error_at_its_entry(void **state)
{
	(void)state;
	EXPECT_WALK_ERROR(MALFORMED, "iommus entry 1 names no node (iommus-unknown-phandle)",
			  "iommus-unknown-phandle", IPFW_E_DT_PHANDLE, "/master", "iommus", 1);
}

static void ipmmu_without_iommu_cells_is_reported_at_the_ipmmu(void **state)
{
	(void)state;
	EXPECT_WALK_ERROR(MALFORMED, "IPMMU without #iommu-cells (iommus-no-cells)",
			  "iommus-no-cells", IPFW_E_DT_CELLS, "/iommu@e6570000", "#iommu-cells", -1);
}

static void target_without_iommu_cells_is_a_cells_error(void **state)
{
	(void)state;
	EXPECT_WALK_ERROR(MALFORMED, "iommus target without #iommu-cells (iommus-not-iommu)",
			  "iommus-not-iommu", IPFW_E_DT_CELLS, "/master", "iommus", 0);
}

/* Lenient: the IPMMU carries the error once; its masters are bound to it,
 * not blamed for a list its cell count would misread. */
static void assert_bad_ipmmu_cells_blamed_once(const char *fixture, int nmasters)
{
	static const struct ipfw_dt_config lenient = {.lenient = true};
	struct t_dt *t = t_new();
	int bad;

	assert_int_equal(t_walk(t, fixture, &lenient), IPFW_OK);
	bad = t_ipmmu(t, "/iommu@e6570000");
	assert_true(bad >= 0);
	assert_int_equal(t->res.ipmmus[bad].err, IPFW_E_DT_CELLS);
	assert_string_equal(t->res.ipmmus[bad].err_prop, "#iommu-cells");
	assert_int_equal((int)t->res.nmasters, nmasters);
	for (size_t m = 0; m < t->res.nmasters; m++) {
		const struct ipfw_dt_master *ms = &t->res.masters[m];

		assert_int_equal(ms->err, IPFW_OK);
		assert_int_equal(ms->nspecs, 1);
		assert_int_equal(t->res.specs[ms->first_spec].ipmmu, bad);
	}
	t_free(t);
}

static void ipmmu_with_zero_iommu_cells_is_blamed_not_its_masters(void **state)
{
	(void)state;
	assert_bad_ipmmu_cells_blamed_once("ipmmu-cells-zero", 2);
}

static void ipmmu_with_three_iommu_cells_is_blamed_not_its_masters(void **state)
{
	(void)state;
	assert_bad_ipmmu_cells_blamed_once("ipmmu-cells-three", 1);
}

static void list_ending_inside_a_specifier_is_truncated(void **state)
{
	(void)state;
	EXPECT_WALK_ERROR(MALFORMED, "iommus ends inside entry 1 (iommus-truncated)",
			  "iommus-truncated", IPFW_E_DT_TRUNCATED, "/master@1", "iommus", 1);
}

static void indexed_read_stops_at_the_truncated_entry(void **state)
{
	struct t_dt *t = t_new();
	struct ipfw_dt_phandle_args a;
	int node;

	(void)state;
	t->blob = t_load("iommus-truncated");
	t->idx = (struct ipfw_dt_index){.slots = t->slots, .cap = T_PHANDLES};
	assert_int_equal(ipfw_dt_index_build(t->blob, &t->idx, NULL), IPFW_OK);
	node = fdt_path_offset(t->blob, "/master@1");
	assert_int_equal(ipfw_dt_iommus_get(t->blob, &t->idx, node, 0, &a, NULL), IPFW_OK);
	assert_int_equal(a.cells[0], 1);
	IPFW_BADINPUT(MALFORMED, "indexed iommus read of the truncated entry", IPFW_E_DT_TRUNCATED,
		      ipfw_dt_iommus_get(t->blob, &t->idx, node, 1, &a, &t->diag));
	assert_int_equal(t->diag.index, 1);
	IPFW_BADINPUT(MALFORMED, "indexed iommus read past a truncated entry", IPFW_E_DT_TRUNCATED,
		      ipfw_dt_iommus_get(t->blob, &t->idx, node, 5, &a, &t->diag));
	assert_int_equal(t->diag.index, 1);
	t_free(t);
}

static void iommus_naming_another_iommu_is_kept_with_its_cells(void **state)
{
	struct t_dt *t = t_new();
	const struct ipfw_dt_spec *sp;

	(void)state;
	assert_int_equal(t_walk(t, "iommus-not-ipmmu", NULL), IPFW_OK);
	assert_int_equal(t->res.nmasters, 1);
	assert_int_equal(t->res.nspecs, 1);
	sp = &t->res.specs[0];
	assert_int_equal(sp->ipmmu, -1);
	assert_int_equal(sp->iommu, fdt_path_offset(t->blob, "/iommu@fd800000"));
	assert_int_equal(sp->ncells, 1);
	assert_int_equal(ipfw_dt_spec_cell(&t->res, sp, 0), 3);
	t_free(t);
}

static void master_on_a_disabled_ipmmu_is_denied_not_bypassed(void **state)
{
	(void)state;
	EXPECT_WALK_ERROR(TOPOLOGY, "enabled master behind a disabled IPMMU (ipmmu-disabled)",
			  "ipmmu-disabled", IPFW_E_DT_DISABLED, "/master", "iommus", 1);
}

static void disabled_masters_are_skipped_whatever_their_iommus(void **state)
{
	struct t_dt *t = t_new();

	(void)state;
	assert_int_equal(t_walk(t, "master-disabled", NULL), IPFW_OK);
	assert_int_equal(t->res.nmasters, 0);
	assert_int_equal(t->res.nspecs, 0);
	assert_int_equal(t->res.nipmmus, 3);
	assert_false(t->res.ipmmus[t_ipmmu(t, "/bus/iommu@e7740000")].enabled);
	t_free(t);
}

static void cache_whose_root_phandle_is_unknown_has_no_root(void **state)
{
	(void)state;
	EXPECT_WALK_ERROR(TOPOLOGY, "renesas,ipmmu-main names an unknown phandle (root-missing)",
			  "root-missing", IPFW_E_NOROOT, "/iommu@e6570000", "renesas,ipmmu-main", 0);
}

static void cache_whose_root_is_disabled_has_no_root(void **state)
{
	(void)state;
	/* the first cache in DT order is reported */
	EXPECT_WALK_ERROR(TOPOLOGY, "renesas,ipmmu-main names a disabled root (root-disabled)",
			  "root-disabled", IPFW_E_NOROOT, "/iommu@e6740000", "renesas,ipmmu-main", 0);
}

static void cache_whose_root_is_not_an_ipmmu_is_refused(void **state)
{
	(void)state;
	EXPECT_WALK_ERROR(TOPOLOGY, "renesas,ipmmu-main names a non-IPMMU (root-not-ipmmu)",
			  "root-not-ipmmu", IPFW_E_DT_NOTIOMMU, "/iommu@e6570000",
			  "renesas,ipmmu-main", 0);
}

static void cache_whose_main_is_another_cache_has_no_root(void **state)
{
	(void)state;
	EXPECT_WALK_ERROR(TOPOLOGY, "renesas,ipmmu-main names another cache (root-is-cache)",
			  "root-is-cache", IPFW_E_NOROOT, "/iommu@e6570000", "renesas,ipmmu-main", 0);
}

static void disabled_cache_with_broken_main_is_ignored(void **state)
{
	struct t_dt *t = t_new();
	int u;

	(void)state;
	assert_int_equal(t_walk(t, "root-disabled-cache-unused", NULL), IPFW_OK);
	u = t_ipmmu(t, "/iommu@e6570000");
	assert_true(u >= 0);
	assert_false(t->res.ipmmus[u].enabled);
	assert_int_equal(t->res.ipmmus[u].root, -1);
	t_free(t);
}

static void gen3_main_without_the_bit_cell_is_truncated(void **state)
{
	(void)state;
	EXPECT_WALK_ERROR(MALFORMED, "Gen3 renesas,ipmmu-main without a bit cell (main-gen3-one-cell)",
			  "main-gen3-one-cell", IPFW_E_DT_TRUNCATED, "/iommu@e6740000",
			  "renesas,ipmmu-main", 0);
}

static void gen4_main_takes_one_cell_or_the_legacy_two(void **state)
{
	struct t_dt *t = t_new();
	int mm, ds0, hc, v3u;

	(void)state;
	assert_int_equal(t_walk(t, "gen4", NULL), IPFW_OK);
	mm = t_ipmmu(t, "/iommu@eefc0000");
	ds0 = t_ipmmu(t, "/iommu@eed00000");
	hc = t_ipmmu(t, "/iommu@eed40000");
	v3u = t_ipmmu(t, "/iommu@ee4c0000");
	for (int i = 0; i < 4; i++) {
		assert_true(t->res.ipmmus[i].gen4);
		assert_int_equal(t->res.ipmmus[i].root, mm);
		assert_int_equal(t->res.ipmmus[i].reg_size, 0x20000);
	}
	assert_int_equal(t->res.ipmmus[ds0].main_bit, -1);
	assert_true(t->res.ipmmus[ds0].has_main);
	assert_int_equal(t->res.ipmmus[hc].main_bit, 10);
	assert_int_equal(t->res.ipmmus[v3u].main_bit, -1);
	assert_string_equal(t->res.ipmmus[v3u].compatible, "renesas,ipmmu-r8a779a0");
	assert_int_equal(t->res.nmasters, 1);
	assert_int_equal(ipfw_dt_spec_cell(&t->res, &t->res.specs[0], 0), 32);
	t_free(t);
}

static void gen4_main_with_three_cells_is_malformed(void **state)
{
	(void)state;
	EXPECT_WALK_ERROR(MALFORMED, "Gen4 renesas,ipmmu-main of 3 cells (main-gen4-three-cells)",
			  "main-gen4-three-cells", IPFW_E_DT_PROP, "/iommu@eed00000",
			  "renesas,ipmmu-main", 0);
}

static void reset_provider_without_reset_cells_is_a_cells_error(void **state)
{
	(void)state;
	EXPECT_WALK_ERROR(MALFORMED, "resets provider without #reset-cells (resets-no-cells)",
			  "resets-no-cells", IPFW_E_DT_CELLS, "/master", "resets", 1);
}

static void long_paths_and_deep_nesting_are_walked(void **state)
{
	static const char deep[] =
		"/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z/a/b/c/d/e/f/g/h/i/j/master@1";
	struct t_dt *t = t_new();

	(void)state;
	/* a 135-character path (80 used to be the limit) and 37 levels (32 was) */
	assert_int_equal(t_walk(t, "path-too-long", NULL), IPFW_OK);
	assert_int_equal(t->res.nmasters, 2);
	assert_string_equal(t_path(t, t->res.masters[0].node),
			    "/a-very-long-bus-name-that-goes-on-and-on@10000000"
			    "/another-very-long-bus-name-that-goes-on@20000000/master@30000000");
	assert_string_equal(t_path(t, t->res.masters[1].node), deep);
	assert_int_equal(ipfw_dt_find_master(&t->res, deep), 1);
	assert_int_equal(t->res.nspecs, 2);
	t_free(t);
}

static void iommu_map_not_whole_entries_is_maplen(void **state)
{
	(void)state;
	EXPECT_WALK_ERROR(HOSTILE_MAP, "iommu-map of 5 cells (map-badlen)",
			  "map-badlen", IPFW_E_DT_MAPLEN, "/pcie@fe000000", "iommu-map", -1);
	EXPECT_WALK_ERROR(HOSTILE_MAP, "empty iommu-map (map-emptylen)",
			  "map-emptylen", IPFW_E_DT_MAPLEN, "/pcie@fe000000", "iommu-map", -1);
}

static void iommu_map_mask_of_wrong_size_is_refused(void **state)
{
	(void)state;
	EXPECT_WALK_ERROR(HOSTILE_MAP, "iommu-map-mask of 2 cells (map-badmask)",
			  "map-badmask", IPFW_E_DT_PROP, "/pcie@fe000000", "iommu-map-mask", -1);
}

static void output_arrays_too_small_are_nospace(void **state)
{
	struct t_dt *t = t_new();

	(void)state;
	t->blob = t_load("ok-basic");
	t->idx = (struct ipfw_dt_index){.slots = t->slots, .cap = T_PHANDLES};
	t->res = (struct ipfw_dt_result){
		.ipmmus = t->ipmmus, .ipmmus_cap = T_IPMMUS,
		.masters = t->masters, .masters_cap = T_MASTERS,
		.specs = t->specs, .specs_cap = 2, /* ok-basic has 4 specifiers */
		.maps = t->maps, .maps_cap = T_MAPS,
	};
	IPFW_BADINPUT(MALFORMED, "room for 2 specifiers, tree has 4", IPFW_E_NOSPACE,
		      ipfw_dt_walk(t->blob, NULL, &t->idx, &t->res, &t->diag));
	/* the tree's own figure and the capacity, for the message */
	assert_string_equal(t->diag.prop, "iommus");
	assert_int_equal(t->diag.need, 4);
	assert_int_equal(t->diag.have, 2);
	assert_int_equal(t->res.nspecs, 0);

	t->res.specs_cap = T_SPECS;
	t->res.ipmmus_cap = 2; /* three IPMMUs */
	IPFW_BADINPUT(MALFORMED, "room for 2 IPMMUs, tree has 3", IPFW_E_NOSPACE,
		      ipfw_dt_walk(t->blob, NULL, &t->idx, &t->res, &t->diag));
	assert_int_equal(t->diag.need, 3);
	assert_int_equal(t->diag.have, 2);
	t->res.ipmmus_cap = T_IPMMUS;
	t->res.masters_cap = 1;
	IPFW_BADINPUT(MALFORMED, "room for 1 master, tree has 3", IPFW_E_NOSPACE,
		      ipfw_dt_walk(t->blob, NULL, &t->idx, &t->res, &t->diag));
	assert_int_equal(t->diag.need, 3);
	assert_int_equal(t->diag.have, 1);
	assert_null(t->diag.prop);
	t_free(t);
}

static void corrupt_blob_is_fdt_error(void **state)
{
	struct t_dt *t = t_new();
	uint32_t *words;

	(void)state;
	t->blob = t_load("ok-basic");
	t->idx = (struct ipfw_dt_index){.slots = t->slots, .cap = T_PHANDLES};
	t->res = (struct ipfw_dt_result){.ipmmus = t->ipmmus, .ipmmus_cap = T_IPMMUS};
	/* an unknown tag as the first structure word */
	words = (uint32_t *)((char *)t->blob + fdt_off_dt_struct(t->blob));
	words[0] = cpu_to_fdt32(0x77);
	IPFW_BADINPUT(MALFORMED, "unknown tag as the first structure word", IPFW_E_FDT,
		      ipfw_dt_walk(t->blob, NULL, &t->idx, &t->res, &t->diag));
	assert_int_equal(t->diag.fdt_err, -FDT_ERR_BADSTRUCTURE);
	/* a bad magic number */
	words = (uint32_t *)t->blob;
	words[0] = 0;
	IPFW_BADINPUT(MALFORMED, "bad magic number", IPFW_E_FDT,
		      ipfw_dt_walk(t->blob, NULL, &t->idx, &t->res, &t->diag));
	assert_int_equal(t->diag.fdt_err, -FDT_ERR_BADMAGIC);
	t_free(t);
}

/*
 * Point the length of /mmc@ee100000's "iommus" at len. libfdt 1.6.1 adds
 * it to a 32-bit offset unchecked: 0xfffffff4 makes fdt_next_tag() return
 * the tag's own offset (every libfdt loop then spins), 0xfffffff8 an
 * offset 4 bytes on with a value that would run 4 GiB past the block.
 */
static void set_iommus_len(void *blob, uint32_t len)
{
	int node = fdt_path_offset(blob, "/mmc@ee100000");
	int off;

	assert_true(node >= 0);
	fdt_for_each_property_offset(off, blob, node) {
		const char *name;

		fdt_getprop_by_offset(blob, off, &name, NULL);
		if (!strcmp(name, "iommus"))
			break;
	}
	assert_true(off >= 0);
	/* tag, len, nameoff: the length is the second word of the property */
	((fdt32_t *)((char *)blob + fdt_off_dt_struct(blob) + off))[1] = cpu_to_fdt32(len);
}

static void property_length_wrapping_the_offset_is_refused_not_looped_on(void **state)
{
	static const uint32_t lens[] = {0xfffffff4u, 0xfffffff8u, 0xfffffff0u};

	(void)state;
	/* A regression would hang rather than fail: let SIGALRM end the test. */
	alarm(20);
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		struct t_dt *t = t_new();
		struct ipfw_dt_range mem[4];
		size_t nmem;
		int fdt_err = 0;

		t->blob = t_load("ok-basic");
		set_iommus_len(t->blob, lens[i]);
		t->idx = (struct ipfw_dt_index){.slots = t->slots, .cap = T_PHANDLES};
		t->res = (struct ipfw_dt_result){.ipmmus = t->ipmmus, .ipmmus_cap = T_IPMMUS,
						 .masters = t->masters, .masters_cap = T_MASTERS,
						 .specs = t->specs, .specs_cap = T_SPECS};
		IPFW_BADINPUT(MALFORMED, "property length wrapping libfdt's offset (walk)", IPFW_E_FDT,
			      ipfw_dt_walk(t->blob, NULL, &t->idx, &t->res, &t->diag));
		assert_int_equal(t->diag.fdt_err, -FDT_ERR_BADSTRUCTURE);
		assert_int_equal(t->res.nmasters, 0);
		IPFW_BADINPUT(MALFORMED, "property length wrapping libfdt's offset (index)", IPFW_E_FDT,
			      ipfw_dt_index_build(t->blob, &t->idx, &t->diag));
		assert_int_equal(t->diag.fdt_err, -FDT_ERR_BADSTRUCTURE);
		IPFW_BADINPUT(MALFORMED, "property length wrapping libfdt's offset (check)", IPFW_E_FDT,
			      ipfw_dt_check(t->blob, &fdt_err));
		assert_int_equal(fdt_err, -FDT_ERR_BADSTRUCTURE);
		IPFW_BADINPUT(MALFORMED, "property length wrapping libfdt's offset (memory)", IPFW_E_FDT,
			      ipfw_dt_memory(t->blob, mem, 4, &nmem, &t->diag));
		t_free(t);
	}
	alarm(0);
}

static void structure_check_accepts_the_untouched_blob(void **state)
{
	void *blob = t_load("ok-basic");
	int fdt_err = 1;

	(void)state;
	assert_int_equal(ipfw_dt_check(blob, &fdt_err), IPFW_OK);
	assert_int_equal(fdt_err, 0);
	free(blob);
}

static void structure_check_refuses_unbalanced_nesting(void **state)
{
	void *blob = t_load("ok-basic");
	fdt32_t *w = (fdt32_t *)((char *)blob + fdt_off_dt_struct(blob));
	uint32_t n = fdt_size_dt_struct(blob) / 4u;
	int fdt_err = 0;

	(void)state;
	/* the root's FDT_END_NODE (just before FDT_END) turned into FDT_NOP */
	assert_int_equal(fdt32_to_cpu(w[n - 1]), FDT_END);
	assert_int_equal(fdt32_to_cpu(w[n - 2]), FDT_END_NODE);
	w[n - 2] = cpu_to_fdt32(FDT_NOP);
	IPFW_BADINPUT(MALFORMED, "root node never closed", IPFW_E_FDT, ipfw_dt_check(blob, &fdt_err));
	assert_int_equal(fdt_err, -FDT_ERR_BADSTRUCTURE);
	/* ... and closed twice */
	w[n - 2] = cpu_to_fdt32(FDT_END_NODE);
	w[n - 1] = cpu_to_fdt32(FDT_END_NODE);
	IPFW_BADINPUT(MALFORMED, "root node closed twice", IPFW_E_FDT, ipfw_dt_check(blob, &fdt_err));
	assert_int_equal(fdt_err, -FDT_ERR_BADSTRUCTURE);
	free(blob);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_tree_lists_enabled_masters_in_dt_order),
		cmocka_unit_test(zero_phandle_slot_is_an_error_with_its_index),
		cmocka_unit_test(zero_phandle_occupies_one_cell_for_indexed_reads),
		cmocka_unit_test(unknown_phandle_is_an_error_at_its_entry),
		cmocka_unit_test(ipmmu_without_iommu_cells_is_reported_at_the_ipmmu),
		cmocka_unit_test(target_without_iommu_cells_is_a_cells_error),
		cmocka_unit_test(ipmmu_with_zero_iommu_cells_is_blamed_not_its_masters),
		cmocka_unit_test(ipmmu_with_three_iommu_cells_is_blamed_not_its_masters),
		cmocka_unit_test(list_ending_inside_a_specifier_is_truncated),
		cmocka_unit_test(indexed_read_stops_at_the_truncated_entry),
		cmocka_unit_test(iommus_naming_another_iommu_is_kept_with_its_cells),
		cmocka_unit_test(master_on_a_disabled_ipmmu_is_denied_not_bypassed),
		cmocka_unit_test(disabled_masters_are_skipped_whatever_their_iommus),
		cmocka_unit_test(cache_whose_root_phandle_is_unknown_has_no_root),
		cmocka_unit_test(cache_whose_root_is_disabled_has_no_root),
		cmocka_unit_test(cache_whose_root_is_not_an_ipmmu_is_refused),
		cmocka_unit_test(cache_whose_main_is_another_cache_has_no_root),
		cmocka_unit_test(disabled_cache_with_broken_main_is_ignored),
		cmocka_unit_test(gen3_main_without_the_bit_cell_is_truncated),
		cmocka_unit_test(gen4_main_takes_one_cell_or_the_legacy_two),
		cmocka_unit_test(gen4_main_with_three_cells_is_malformed),
		cmocka_unit_test(reset_provider_without_reset_cells_is_a_cells_error),
		cmocka_unit_test(long_paths_and_deep_nesting_are_walked),
		cmocka_unit_test(iommu_map_not_whole_entries_is_maplen),
		cmocka_unit_test(iommu_map_mask_of_wrong_size_is_refused),
		cmocka_unit_test(output_arrays_too_small_are_nospace),
		cmocka_unit_test(corrupt_blob_is_fdt_error),
		cmocka_unit_test(property_length_wrapping_the_offset_is_refused_not_looped_on),
		cmocka_unit_test(structure_check_accepts_the_untouched_blob),
		cmocka_unit_test(structure_check_refuses_unbalanced_nesting),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
