/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * iommu-map lookup against the of_map_id() table of lpae-and-devicetree.md
 * 2.2 (fixture tests/dt/fixtures/map.dts), with deny instead of bypass on a
 * miss unless the board policy lists the node.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "badinput.h"

#include "dt_test_util.h"

static const char *const bypass_paths[] = {"/gap-bypass"};
static const struct ipfw_dt_config policy = {.bypass_paths = bypass_paths, .nbypass = 1};

static int setup(void **state)
{
	struct t_dt *t = t_new();

	if (t_walk(t, "map", &policy) != IPFW_OK)
		return -1;
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	t_free(*state);
	return 0;
}

static int map(struct t_dt *t, const char *node, uint32_t rid, struct ipfw_dt_map_out *out)
{
	int m = ipfw_dt_find_master(&t->res, node);

	assert_true(m >= 0);
	memset(&t->diag, 0x5a, sizeof(t->diag));
	return ipfw_dt_map_id(&t->res, (size_t)m, rid, out, &t->diag);
}

static void expect_id(struct t_dt *t, const char *node, uint32_t rid, uint32_t id)
{
	struct ipfw_dt_map_out out;

	assert_int_equal(map(t, node, rid, &out), IPFW_OK);
	assert_false(out.bypass);
	assert_int_equal(out.ipmmu, t_ipmmu(t, "/iommu@e6740000"));
	assert_int_equal(out.id, id);
}

/* The failed lookup's diagnostic names node/iommu-map[index]. */
static void assert_map_failed_at(struct t_dt *t, const char *node, int err, int index)
{
	assert_int_equal(t->diag.err, err);
	assert_string_equal(t_path(t, t->diag.node), node);
	assert_string_equal(t->diag.prop, "iommu-map");
	assert_int_equal(t->diag.index, index);
}

#define HOSTILE_MAP "dt: hostile iommu-map"
#define TOPOLOGY "dt: IPMMU topology"

/* A macro so the catalogue names the calling test. */
#define EXPECT_ERR(klass, what, t, node, rid, err, index)                            \
	do {                                                                         \
		struct ipfw_dt_map_out out_;                                         \
		IPFW_BADINPUT(klass, what, err, map(t, node, rid, &out_));           \
		assert_map_failed_at(t, node, err, index);                           \
	} while (0)

static void node_without_iommu_map_has_nothing_to_map(void **state)
{
	EXPECT_ERR(HOSTILE_MAP, "ID lookup on a node without iommu-map",
		   *state, "/nomap", 1, IPFW_E_DT_PROP, -1);
}

static void first_matching_entry_wins(void **state)
{
	struct ipfw_dt_map_out out;

	/* <0x10 ds0 0x100 0x10>, <0x00 ds0 0x200 0x100>: 0x11 is in both */
	expect_id(*state, "/first-match", 0x11, 0x101);
	assert_int_equal(map(*state, "/first-match", 0x11, &out), IPFW_OK);
	assert_int_equal(out.entry, 0);
	expect_id(*state, "/first-match", 0x0f, 0x20f);
	expect_id(*state, "/first-match", 0x20, 0x220);
	EXPECT_ERR(HOSTILE_MAP, "ID 0x100 past every entry",
		   *state, "/first-match", 0x100, IPFW_E_DT_NOMATCH, -1);
}

static void id_in_a_gap_is_denied(void **state)
{
	/* [0,0x10) and [0x20,0x30): Linux bypasses 0x18, we deny */
	expect_id(*state, "/gap", 0x0f, 0x0f);
	EXPECT_ERR(HOSTILE_MAP, "ID 0x10, first of a gap between entries",
		   *state, "/gap", 0x10, IPFW_E_DT_NOMATCH, -1);
	EXPECT_ERR(HOSTILE_MAP, "ID 0x18 in a gap between entries",
		   *state, "/gap", 0x18, IPFW_E_DT_NOMATCH, -1);
	expect_id(*state, "/gap", 0x20, 0x10);
	EXPECT_ERR(HOSTILE_MAP, "ID 0x30 past the last entry",
		   *state, "/gap", 0x30, IPFW_E_DT_NOMATCH, -1);
}

static void gap_of_a_policy_listed_node_bypasses_with_the_unmasked_id(void **state)
{
	struct t_dt *t = *state;
	struct ipfw_dt_map_out out;
	int m = ipfw_dt_find_master(&t->res, "/gap-bypass");

	assert_true(t->res.masters[m].flags & IPFW_DT_MASTER_BYPASS_OK);
	assert_false(t->res.masters[ipfw_dt_find_master(&t->res, "/gap")].flags &
		     IPFW_DT_MASTER_BYPASS_OK);
	/* mask 0xff: 0x1318 masks to 0x18, in the gap; the output keeps 0x1318 */
	assert_int_equal(map(t, "/gap-bypass", 0x1318, &out), IPFW_OK);
	assert_true(out.bypass);
	assert_int_equal(out.id, 0x1318);
	/* a hit still translates from the masked ID */
	assert_int_equal(map(t, "/gap-bypass", 0x1325, &out), IPFW_OK);
	assert_false(out.bypass);
	assert_int_equal(out.id, 0x15);
}

static void base_outside_the_mask_before_the_match_aborts(void **state)
{
	/* entry 0 has id-base 0x1000 with mask 0xff */
	EXPECT_ERR(HOSTILE_MAP, "entry 0 id-base 0x1000 outside mask 0xff, ID 5",
		   *state, "/mask-before", 5, IPFW_E_DT_MAPMASK, 0);
	EXPECT_ERR(HOSTILE_MAP, "entry 0 id-base 0x1000 outside mask 0xff, ID 0x1000",
		   *state, "/mask-before", 0x1000, IPFW_E_DT_MAPMASK, 0);
}

static void base_outside_the_mask_after_the_match_is_not_reached(void **state)
{
	expect_id(*state, "/mask-after", 5, 0x25);
	EXPECT_ERR(HOSTILE_MAP, "entry 1 id-base outside the mask, reached by ID 0x10",
		   *state, "/mask-after", 0x10, IPFW_E_DT_MAPMASK, 1);
}

static void output_comes_from_the_masked_id(void **state)
{
	/* mask 0xfff8 drops the function bits: 0x0f -> 0x08, 0x1234f -> 0x2348 */
	expect_id(*state, "/masked-output", 0x0f, 0x48);
	expect_id(*state, "/masked-output", 0x1234f, 0x2388);
}

static void mask_zero_maps_every_id_to_the_base(void **state)
{
	expect_id(*state, "/mask-zero", 0, 3);
	expect_id(*state, "/mask-zero", 0xffffffffu, 3);
}

static void unknown_phandle_matters_only_when_its_entry_matches(void **state)
{
	/* <0x100 0x77 0 0x100>, <0 ds0 0 0x100> */
	expect_id(*state, "/phandle-missing", 5, 5);
	EXPECT_ERR(HOSTILE_MAP, "matching entry names an unknown phandle",
		   *state, "/phandle-missing", 0x150, IPFW_E_DT_PHANDLE, 0);
}

static void entry_wrapping_past_2_32_matches_nothing_as_linux(void **state)
{
	/* <0xfffffff0 ds0 0x100 0x20>: Linux 6.1 tests masked < id_base +
	 * length in 32 bits, 0x10: no ID is both >= 0xfffffff0 and < 0x10 */
	EXPECT_ERR(HOSTILE_MAP, "ID 0xfffffff0 at the base of an entry wrapping 2^32",
		   *state, "/wrap", 0xfffffff0u, IPFW_E_DT_NOMATCH, -1);
	EXPECT_ERR(HOSTILE_MAP, "ID 0xffffffff inside an entry wrapping 2^32",
		   *state, "/wrap", 0xffffffffu, IPFW_E_DT_NOMATCH, -1);
	EXPECT_ERR(HOSTILE_MAP, "ID 0x0 past the wrap of an entry wrapping 2^32",
		   *state, "/wrap", 0x0, IPFW_E_DT_NOMATCH, -1);
	EXPECT_ERR(HOSTILE_MAP, "ID 0xf below the wrapped end of an entry",
		   *state, "/wrap", 0xf, IPFW_E_DT_NOMATCH, -1);
}

static void entry_ending_at_2_32_matches_nothing_as_linux(void **state)
{
	/* <0xfffffff0 ds0 0x100 0x10>: the end is 2^32, 0 in 32 bits */
	EXPECT_ERR(HOSTILE_MAP, "ID 0xffffffff in an entry ending exactly at 2^32",
		   *state, "/end-at-2-32", 0xffffffffu, IPFW_E_DT_NOMATCH, -1);
	expect_id(*state, "/end-at-2-32", 0x0, 0x7);
}

static void entry_of_length_zero_matches_nothing(void **state)
{
	struct ipfw_dt_map_out out;

	/* <0x4 ds0 0x100 0>, <0x0 ds0 0x8 0x10>: 4 falls to the second */
	expect_id(*state, "/len-zero", 0x4, 0xc);
	assert_int_equal(map(*state, "/len-zero", 0x4, &out), IPFW_OK);
	assert_int_equal(out.entry, 1);
}

static void match_on_a_disabled_ipmmu_is_denied(void **state)
{
	EXPECT_ERR(TOPOLOGY, "iommu-map entry targets a disabled IPMMU",
		   *state, "/disabled-target", 3, IPFW_E_DT_DISABLED, 0);
}

static void match_on_another_iommu_answers_with_that_iommu(void **state)
{
	struct t_dt *t = *state;
	struct ipfw_dt_map_out out;

	/* <0x0 &smmu 0 0x10>: an arm,mmu-500, answered as of_map_id() does */
	assert_int_equal(map(t, "/not-ipmmu-target", 3, &out), IPFW_OK);
	assert_false(out.bypass);
	assert_int_equal(out.ipmmu, -1);
	assert_int_equal(out.iommu, fdt_path_offset(t->blob, "/iommu@fd800000"));
	assert_int_equal(out.id, 3);
}

static void match_on_a_node_that_is_no_iommu_is_refused(void **state)
{
	EXPECT_ERR(TOPOLOGY, "iommu-map entry targets a node without #iommu-cells",
		   *state, "/not-iommu-target", 3, IPFW_E_DT_NOTIOMMU, 0);
}

static void disabled_master_is_not_recorded(void **state)
{
	struct t_dt *t = *state;

	assert_int_equal(ipfw_dt_find_master(&t->res, "/disabled-master"), -1);
	/* 15 enabled masters in map.dts, every map entry copied in order */
	assert_int_equal(t->res.nmasters, 15);
	assert_int_equal(t->res.nmaps, 22);
	assert_int_equal(t->res.maps[t->res.masters[1].first_map].id_base, 0x10);
	assert_int_equal(t->res.maps[t->res.masters[1].first_map + 1].iommu_base, 0x200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(node_without_iommu_map_has_nothing_to_map),
		cmocka_unit_test(first_matching_entry_wins),
		cmocka_unit_test(id_in_a_gap_is_denied),
		cmocka_unit_test(gap_of_a_policy_listed_node_bypasses_with_the_unmasked_id),
		cmocka_unit_test(base_outside_the_mask_before_the_match_aborts),
		cmocka_unit_test(base_outside_the_mask_after_the_match_is_not_reached),
		cmocka_unit_test(output_comes_from_the_masked_id),
		cmocka_unit_test(mask_zero_maps_every_id_to_the_base),
		cmocka_unit_test(unknown_phandle_matters_only_when_its_entry_matches),
		cmocka_unit_test(entry_wrapping_past_2_32_matches_nothing_as_linux),
		cmocka_unit_test(entry_ending_at_2_32_matches_nothing_as_linux),
		cmocka_unit_test(entry_of_length_zero_matches_nothing),
		cmocka_unit_test(match_on_a_disabled_ipmmu_is_denied),
		cmocka_unit_test(match_on_another_iommu_answers_with_that_iommu),
		cmocka_unit_test(match_on_a_node_that_is_no_iommu_is_refused),
		cmocka_unit_test(disabled_master_is_not_recorded),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
