/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Real Linux 6.1 board trees, compiled at build time. Expected values are
 * literals from ipmmu-vmsa.md section 8 (H3 and S4 tables) and from reading
 * the .dtsi files; the full masters lists are checked by the dt.tool and
 * dt.oracle tests.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "dt_test_util.h"

/* Master `path` has exactly `count` specifiers on `ipmmu`, cells first..first+count-1. */
static void expect_specs(const struct t_dt *t, const char *path, const char *ipmmu,
			 uint32_t first, uint32_t count)
{
	int m = ipfw_dt_find_master(&t->res, path);
	int u = t_ipmmu(t, ipmmu);
	const struct ipfw_dt_master *ms;

	assert_true(m >= 0);
	assert_true(u >= 0);
	ms = &t->res.masters[m];
	assert_int_equal(ms->nspecs, count);
	for (uint32_t i = 0; i < count; i++) {
		const struct ipfw_dt_spec *sp = &t->res.specs[ms->first_spec + i];

		assert_int_equal(sp->master, m);
		assert_int_equal(sp->ipmmu, u);
		assert_int_equal(sp->ncells, 1);
		assert_int_equal(ipfw_dt_spec_cell(&t->res, sp, 0), first + i);
	}
}

struct ipmmu_fact {
	const char *path;
	uint64_t base;
	int main_bit; /* -1: root */
};

/* ipmmu-vmsa.md 8.2: every H3 IPMMU, its base and its IMSSTR bit on IPMMU-MM. */
static const struct ipmmu_fact h3_ipmmus[] = {
	{"/soc/iommu@e67b0000", 0xe67b0000, -1}, {"/soc/iommu@e6740000", 0xe6740000, 0},
	{"/soc/iommu@e7740000", 0xe7740000, 1},  {"/soc/iommu@e6570000", 0xe6570000, 2},
	{"/soc/iommu@ff8b0000", 0xff8b0000, 3},  {"/soc/iommu@ec670000", 0xec670000, 4},
	{"/soc/iommu@fd800000", 0xfd800000, 6},  {"/soc/iommu@fd950000", 0xfd950000, 7},
	{"/soc/iommu@fd960000", 0xfd960000, 8},  {"/soc/iommu@fd970000", 0xfd970000, 9},
	{"/soc/iommu@ffc80000", 0xffc80000, 10}, {"/soc/iommu@fe6b0000", 0xfe6b0000, 12},
	{"/soc/iommu@fe6f0000", 0xfe6f0000, 13}, {"/soc/iommu@febd0000", 0xfebd0000, 14},
	{"/soc/iommu@febe0000", 0xfebe0000, 15}, {"/soc/iommu@fe990000", 0xfe990000, 16},
	{"/soc/iommu@fe980000", 0xfe980000, 17},
};

static void check_ipmmus(const struct t_dt *t, const struct ipmmu_fact *f, size_t n,
			 uint64_t size, bool gen4)
{
	int root = t_ipmmu(t, f[0].path);

	assert_int_equal(t->res.nipmmus, n);
	assert_true(root >= 0);
	for (size_t i = 0; i < n; i++) {
		int u = t_ipmmu(t, f[i].path);
		const struct ipfw_dt_ipmmu *p;

		assert_true(u >= 0);
		p = &t->res.ipmmus[u];
		assert_true(p->enabled);
		assert_int_equal(p->gen4, gen4);
		assert_int_equal(p->reg_base, f[i].base);
		assert_int_equal(p->reg_size, size);
		assert_int_equal(p->has_main, f[i].main_bit >= 0);
		assert_int_equal(p->main_bit, f[i].main_bit);
		assert_int_equal(p->root, root); /* all resolve to IPMMU-MM */
	}
}

static void h3_salvator_xs_ipmmus_bases_bits_and_roots(void **state)
{
	struct t_dt *t = t_new();

	(void)state;
	assert_int_equal(t_walk(t, "r8a77951-salvator-xs", NULL), IPFW_OK);
	check_ipmmus(t, h3_ipmmus, sizeof(h3_ipmmus) / sizeof(h3_ipmmus[0]), 0x1000, false);
	/* H3's IPMMU nodes carry the SoC string r8a7795 for the SoC lookup. */
	assert_string_equal(t->res.ipmmus[0].compatible, "renesas,ipmmu-r8a7795");
	t_free(t);
}

static void h3_salvator_xs_masters_match_the_binding_table(void **state)
{
	struct t_dt *t = t_new();
	const char *ds0 = "/soc/iommu@e6740000", *ds1 = "/soc/iommu@e7740000";
	const char *mp0 = "/soc/iommu@ec670000", *hc = "/soc/iommu@e6570000";
	const char *vp0 = "/soc/iommu@fe990000", *vp1 = "/soc/iommu@fe980000";
	const char *vi0 = "/soc/iommu@febd0000", *vi1 = "/soc/iommu@febe0000";

	(void)state;
	assert_int_equal(t_walk(t, "r8a77951-salvator-xs", NULL), IPFW_OK);
	expect_specs(t, "/soc/dma-controller@e6700000", ds0, 0, 16);  /* SYS-DMAC0 */
	expect_specs(t, "/soc/dma-controller@e7300000", ds1, 0, 16);  /* SYS-DMAC1 */
	expect_specs(t, "/soc/dma-controller@e7310000", ds1, 16, 16); /* SYS-DMAC2 */
	expect_specs(t, "/soc/ethernet@e6800000", ds0, 16, 1);        /* EtherAVB */
	expect_specs(t, "/soc/dma-controller@ec700000", mp0, 0, 16);  /* Audio-DMAC0 */
	expect_specs(t, "/soc/dma-controller@ec720000", mp0, 16, 16); /* Audio-DMAC1 */
	expect_specs(t, "/soc/mmc@ee100000", ds1, 32, 1);             /* SDHI0 */
	expect_specs(t, "/soc/mmc@ee140000", ds1, 34, 1);             /* SDHI2 */
	expect_specs(t, "/soc/mmc@ee160000", ds1, 35, 1);             /* SDHI3 */
	expect_specs(t, "/soc/sata@ee300000", hc, 2, 1);
	expect_specs(t, "/soc/fcp@fe950000", vp0, 0, 1);  /* FCPF0 */
	expect_specs(t, "/soc/fcp@fe951000", vp1, 1, 1);  /* FCPF1 */
	expect_specs(t, "/soc/fcp@fe96f000", vp0, 5, 1);  /* FCPVB0 */
	expect_specs(t, "/soc/fcp@fe92f000", vp1, 7, 1);  /* FCPVB1 */
	expect_specs(t, "/soc/fcp@fe9af000", vp0, 8, 1);  /* FCPVI0 */
	expect_specs(t, "/soc/fcp@fe9bf000", vp1, 9, 1);  /* FCPVI1 */
	expect_specs(t, "/soc/fcp@fea27000", vi0, 8, 1);  /* FCPVD0 */
	expect_specs(t, "/soc/fcp@fea2f000", vi0, 9, 1);  /* FCPVD1 */
	expect_specs(t, "/soc/fcp@fea37000", vi1, 10, 1); /* FCPVD2 */
	/* SDHI1 is disabled on Salvator-XS (salvator-common.dtsi), so skipped. */
	assert_int_equal(ipfw_dt_find_master(&t->res, "/soc/mmc@ee120000"), -1);
	/* 19 masters in all; PCIe has no iommu-map in Linux 6.1. */
	assert_int_equal(t->res.nmasters, 19);
	assert_int_equal(t->res.nmaps, 0);
	t_free(t);
}

static void h3_sdhi0_resets_and_clocks_come_from_the_cpg(void **state)
{
	struct t_dt *t = t_new();
	const struct ipfw_dt_master *m;
	const struct ipfw_dt_node_info *cpg;

	(void)state;
	assert_int_equal(t_walk(t, "r8a77951-salvator-xs", NULL), IPFW_OK);
	m = &t->res.masters[ipfw_dt_find_master(&t->res, "/soc/mmc@ee100000")];
	/* r8a77951.dtsi: clocks = <&cpg CPG_MOD 314>, <&cpg CPG_CORE R8A7795_CLK_SD0H (25)>;
	 * resets = <&cpg 314>; CPG_CORE = 0, CPG_MOD = 1 (dt-bindings). */
	assert_int_equal(m->nclocks, 2);
	assert_int_equal(T_CLOCK(t, m, 0).ncells, 2);
	assert_int_equal(T_CLOCK(t, m, 0).cells[0], 1);
	assert_int_equal(T_CLOCK(t, m, 0).cells[1], 314);
	assert_int_equal(T_CLOCK(t, m, 1).cells[0], 0);
	assert_int_equal(T_CLOCK(t, m, 1).cells[1], 25);
	assert_int_equal(m->nresets, 1);
	assert_int_equal(T_RESET(t, m, 0).ncells, 1);
	assert_int_equal(T_RESET(t, m, 0).cells[0], 314);
	cpg = ipfw_dt_index_find(&t->idx, T_RESET(t, m, 0).phandle);
	assert_non_null(cpg);
	assert_int_equal(cpg->offset, fdt_path_offset(t->blob, "/soc/clock-controller@e6150000"));
	assert_int_equal(T_CLOCK(t, m, 0).phandle, T_RESET(t, m, 0).phandle);
	t_free(t);
}

static void h3_pcie_iommu_map_sends_every_rid_to_one_utlb(void **state)
{
	struct t_dt *t = t_new();
	static const uint32_t rids[] = {0, 1, 0x100, 0x1234, 0xffff, 0x10000, 0xffffffffu};
	int hc, c0, c1;

	(void)state;
	/* The 6.1 tree plus the later upstream iommu-map (ipmmu-vmsa.md 8.2). */
	assert_int_equal(t_walk(t, "h3-pcie-iommu-map", NULL), IPFW_OK);
	hc = t_ipmmu(t, "/soc/iommu@e6570000");
	c0 = ipfw_dt_find_master(&t->res, "/soc/pcie@fe000000");
	c1 = ipfw_dt_find_master(&t->res, "/soc/pcie@ee800000");
	assert_true(hc >= 0 && c0 >= 0 && c1 >= 0);
	assert_int_equal(t->res.masters[c0].map_mask, 0);
	for (size_t i = 0; i < sizeof(rids) / sizeof(rids[0]); i++) {
		struct ipfw_dt_map_out out;

		assert_int_equal(ipfw_dt_map_id(&t->res, (size_t)c0, rids[i], &out, NULL), IPFW_OK);
		assert_false(out.bypass);
		assert_int_equal(out.ipmmu, hc);
		assert_int_equal(out.id, 0);
		assert_int_equal(ipfw_dt_map_id(&t->res, (size_t)c1, rids[i], &out, NULL), IPFW_OK);
		assert_int_equal(out.ipmmu, hc);
		assert_int_equal(out.id, 1);
	}
	/* A PCIe controller has no iommus: no specifiers. */
	assert_int_equal(t->res.masters[c0].nspecs, 0);
	t_free(t);
}

/* ipmmu-vmsa.md 8.3: S4's IPMMUs, 0x20000 each, all behind IPMMU-MM. */
static const struct ipmmu_fact s4_ipmmus[] = {
	{"/soc/iommu@eefc0000", 0xeefc0000, -1}, {"/soc/iommu@ee480000", 0xee480000, 10},
	{"/soc/iommu@ee4c0000", 0xee4c0000, 19}, {"/soc/iommu@eed00000", 0xeed00000, 0},
	{"/soc/iommu@eed40000", 0xeed40000, 2},
};

static void s4_spider_ipmmus_and_dmacs(void **state)
{
	struct t_dt *t = t_new();
	const char *ds0 = "/soc/iommu@eed00000";

	(void)state;
	assert_int_equal(t_walk(t, "r8a779f0-spider", NULL), IPFW_OK);
	/* Linux 6.1 still writes a second ipmmu-main cell on Gen4 (bits by eye
	 * from r8a779f0.dtsi); the 2025 binding drops it. */
	check_ipmmus(t, s4_ipmmus, sizeof(s4_ipmmus) / sizeof(s4_ipmmus[0]), 0x20000, true);
	assert_string_equal(t->res.ipmmus[0].compatible, "renesas,ipmmu-r8a779f0");
	assert_int_equal(t->res.ipmmus[0].compatible_len,
			 sizeof("renesas,ipmmu-r8a779f0") + sizeof("renesas,rcar-gen4-ipmmu-vmsa"));
	expect_specs(t, "/soc/dma-controller@e7350000", ds0, 0, 16);  /* dmac0 */
	expect_specs(t, "/soc/dma-controller@e7351000", ds0, 16, 16); /* dmac1 */
	/* mmc0 (ds0 uTLB 32 in later trees) has no iommus in Linux 6.1. */
	assert_int_equal(t->res.nmasters, 2);
	t_free(t);
}

static void v3u_falcon_root_listed_after_its_caches_still_resolves(void **state)
{
	struct t_dt *t = t_new();
	int mm;

	(void)state;
	assert_int_equal(t_walk(t, "r8a779a0-falcon", NULL), IPFW_OK);
	/* r8a779a0.dtsi: 12 IPMMUs, ipmmu_mm (eefc0000) last in DT order. */
	assert_int_equal(t->res.nipmmus, 12);
	mm = t_ipmmu(t, "/soc/iommu@eefc0000");
	assert_int_equal(mm, 11);
	for (size_t i = 0; i < t->res.nipmmus; i++) {
		assert_true(t->res.ipmmus[i].gen4); /* renesas,ipmmu-r8a779a0 is Gen4 */
		assert_int_equal(t->res.ipmmus[i].root, mm);
	}
	expect_specs(t, "/soc/mmc@ee140000", "/soc/iommu@eed00000", 32, 1);
	assert_int_equal(t->res.nmasters, 1);
	t_free(t);
}

/* Gen3 boards other than H3: every IPMMU's root is IPMMU-MM at E67B0000,
 * and SDHI sits on ds1 at uTLB 32 + n (dtsi by eye). */
static void gen3_board(const char *name, size_t nipmmus, const char *sdhi, uint32_t utlb)
{
	struct t_dt *t = t_new();
	int mm;

	assert_int_equal(t_walk(t, name, NULL), IPFW_OK);
	assert_int_equal(t->res.nipmmus, nipmmus);
	mm = t_ipmmu(t, "/soc/iommu@e67b0000");
	assert_true(mm >= 0);
	for (size_t i = 0; i < t->res.nipmmus; i++) {
		assert_false(t->res.ipmmus[i].gen4);
		assert_int_equal(t->res.ipmmus[i].root, mm);
	}
	assert_false(t->res.ipmmus[mm].has_main);
	expect_specs(t, sdhi, "/soc/iommu@e7740000", utlb, 1);
	expect_specs(t, "/soc/ethernet@e6800000", "/soc/iommu@e6740000", 16, 1);
	t_free(t);
}

static void m3w_plus_salvator_xs_roots_and_sdhi(void **state)
{
	(void)state;
	gen3_board("r8a77961-salvator-xs", 11, "/soc/mmc@ee100000", 32);
}

static void m3n_salvator_xs_roots_and_sdhi(void **state)
{
	(void)state;
	gen3_board("r8a77965-salvator-xs", 10, "/soc/mmc@ee160000", 35);
}

static void e3_ebisu_roots_and_sdhi(void **state)
{
	(void)state;
	gen3_board("r8a77990-ebisu", 10, "/soc/mmc@ee120000", 33);
}

static void d3_draak_roots_and_sdhi(void **state)
{
	(void)state;
	gen3_board("r8a77995-draak", 10, "/soc/mmc@ee140000", 34);
}

static void v4h_white_hawk_has_no_ipmmu_in_linux_6_1(void **state)
{
	struct t_dt *t = t_new();

	(void)state;
	assert_int_equal(t_walk(t, "r8a779g0-white-hawk", NULL), IPFW_OK);
	assert_int_equal(t->res.nipmmus, 0);
	assert_int_equal(t->res.nmasters, 0);
	t_free(t);
}

static void index_too_small_for_real_tree_is_nospace(void **state)
{
	struct t_dt *t = t_new();

	(void)state;
	t->blob = t_load("r8a77951-salvator-xs");
	t->idx = (struct ipfw_dt_index){.slots = t->slots, .cap = 8};
	assert_int_equal(ipfw_dt_index_build(t->blob, &t->idx, &t->diag), IPFW_E_NOSPACE);
	assert_int_equal(t->diag.err, IPFW_E_NOSPACE);
	assert_string_equal(t->diag.prop, "phandle");
	/* the message gives the tree's own figure: 27 providers, built for 8 */
	assert_int_equal(t->diag.need, 27);
	assert_int_equal(t->diag.have, 8);
	assert_int_equal(t->idx.count, 0);
	t_free(t);
}

/* A node a walk resolves references to: #iommu-cells, #reset-cells, #clock-cells. */
static bool provider(const void *blob, int off)
{
	return fdt_getprop(blob, off, "#iommu-cells", NULL) ||
	       fdt_getprop(blob, off, "#reset-cells", NULL) ||
	       fdt_getprop(blob, off, "#clock-cells", NULL);
}

static void index_lookup_matches_libfdt_for_every_provider_phandle(void **state)
{
	struct t_dt *t = t_new();
	uint32_t max = 0;
	size_t providers = 0, others = 0;

	(void)state;
	t->blob = t_load("r8a77951-salvator-xs");
	t->idx = (struct ipfw_dt_index){.slots = t->slots, .cap = T_PHANDLES};
	assert_int_equal(ipfw_dt_index_build(t->blob, &t->idx, NULL), IPFW_OK);
	assert_int_equal(t->idx.nipmmus, 17);
	/* libfdt's own (linear) lookup is the oracle; only providers are indexed. */
	assert_int_equal(fdt_find_max_phandle(t->blob, &max), 0);
	for (uint32_t ph = 1; ph <= max + 1; ph++) {
		const struct ipfw_dt_node_info *n = ipfw_dt_index_find(&t->idx, ph);
		int off = fdt_node_offset_by_phandle(t->blob, ph);

		if (off < 0 || !provider(t->blob, off)) {
			others += off >= 0;
			assert_null(n);
			continue;
		}
		providers++;
		assert_non_null(n);
		assert_int_equal(n->offset, off);
	}
	/* H3 Salvator-XS: 199 phandles, 27 of them providers */
	assert_int_equal(providers, 27);
	assert_int_equal(others, 172);
	assert_int_equal(t->idx.count, providers);
	assert_null(ipfw_dt_index_find(&t->idx, 0));
	assert_null(ipfw_dt_index_find(&t->idx, 0xffffffffu));
	t_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(h3_salvator_xs_ipmmus_bases_bits_and_roots),
		cmocka_unit_test(h3_salvator_xs_masters_match_the_binding_table),
		cmocka_unit_test(h3_sdhi0_resets_and_clocks_come_from_the_cpg),
		cmocka_unit_test(h3_pcie_iommu_map_sends_every_rid_to_one_utlb),
		cmocka_unit_test(s4_spider_ipmmus_and_dmacs),
		cmocka_unit_test(v3u_falcon_root_listed_after_its_caches_still_resolves),
		cmocka_unit_test(m3w_plus_salvator_xs_roots_and_sdhi),
		cmocka_unit_test(m3n_salvator_xs_roots_and_sdhi),
		cmocka_unit_test(e3_ebisu_roots_and_sdhi),
		cmocka_unit_test(d3_draak_roots_and_sdhi),
		cmocka_unit_test(v4h_white_hawk_has_no_ipmmu_in_linux_6_1),
		cmocka_unit_test(index_too_small_for_real_tree_is_nospace),
		cmocka_unit_test(index_lookup_matches_libfdt_for_every_provider_phandle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
