/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Behaviours a mutation campaign (scripts/mutation --module dt) found
 * unpinned. Each tree is written here with libfdt's sequential writer, so
 * the expected result is what the test wrote (the device-tree
 * specification's and the Renesas IPMMU binding's forms), never the
 * walker's own output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libfdt.h>

#include <ipmmu/dt.h>
#include <ipmmu/error.h>

static unsigned char blob[8192];

/* ---------------------------------------------------------------- trees */

static void begin(void)
{
	assert_int_equal(fdt_create(blob, sizeof(blob)), 0);
	assert_int_equal(fdt_finish_reservemap(blob), 0);
	assert_int_equal(fdt_begin_node(blob, ""), 0);
	assert_int_equal(fdt_property_u32(blob, "#address-cells", 2), 0);
	assert_int_equal(fdt_property_u32(blob, "#size-cells", 2), 0);
}

static void end(void)
{
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_finish(blob), 0);
}

static void prop_cells(const char *name, const uint32_t *v, int n)
{
	fdt32_t c[16];

	assert_true(n <= 16);
	for (int i = 0; i < n; i++)
		c[i] = cpu_to_fdt32(v[i]);
	assert_int_equal(fdt_property(blob, name, c, n * 4), 0);
}

/* A Gen3 IPMMU: reg <0 base 0 0x1000>, #iommu-cells 1; main_ph/main_bit
 * give renesas,ipmmu-main (main_ph 0: a root). */
static void ipmmu(const char *name, uint32_t base, uint32_t phandle, uint32_t main_ph,
		  uint32_t main_bit)
{
	const uint32_t reg[4] = {0, base, 0, 0x1000};

	assert_int_equal(fdt_begin_node(blob, name), 0);
	assert_int_equal(fdt_property_string(blob, "compatible", "renesas,ipmmu-r8a7795"), 0);
	prop_cells("reg", reg, 4);
	assert_int_equal(fdt_property_u32(blob, "#iommu-cells", 1), 0);
	assert_int_equal(fdt_property_u32(blob, "phandle", phandle), 0);
	if (main_ph) {
		const uint32_t m[2] = {main_ph, main_bit};

		prop_cells("renesas,ipmmu-main", m, 2);
	}
	assert_int_equal(fdt_end_node(blob), 0);
}

/* ---------------------------------------------------------------- walk */

struct walk {
	struct ipfw_dt_node_info slots[64];
	struct ipfw_dt_index idx;
	struct ipfw_dt_ipmmu ipmmus[16];
	struct ipfw_dt_master masters[16];
	struct ipfw_dt_spec specs[32];
	struct ipfw_dt_map_entry maps[16];
	struct ipfw_dt_ref refs[32];
	struct ipfw_dt_result res;
	struct ipfw_dt_diag diag;
};

static struct walk w;

static int walk(const struct ipfw_dt_config *cfg)
{
	memset(&w, 0, sizeof(w));
	w.idx = (struct ipfw_dt_index){.slots = w.slots, .cap = 64};
	w.res = (struct ipfw_dt_result){
		.ipmmus = w.ipmmus, .ipmmus_cap = 16,
		.masters = w.masters, .masters_cap = 16,
		.specs = w.specs, .specs_cap = 32,
		.maps = w.maps, .maps_cap = 16,
		.refs = w.refs, .refs_cap = 32,
	};
	memset(&w.diag, 0x5a, sizeof(w.diag));
	return ipfw_dt_walk(blob, cfg, &w.idx, &w.res, &w.diag);
}

/* ---------------------------------------------------------------- tests */

/* The base tree: a root IPMMU (phandle 1) and a cache IPMMU (phandle 2,
 * renesas,ipmmu-main = <1 0>), a master using uTLB 7 of the cache one. */
static void base_tree(void)
{
	ipmmu("iommu@e67b0000", 0xe67b0000, 1, 0, 0);
	ipmmu("iommu@e6740000", 0xe6740000, 2, 1, 0);
	assert_int_equal(fdt_begin_node(blob, "dma@e6700000"), 0);
	prop_cells("iommus", (const uint32_t[]){2, 7}, 2);
	assert_int_equal(fdt_end_node(blob), 0);
}

static void assert_base_result(void)
{
	assert_int_equal(w.res.nipmmus, 2);
	assert_int_equal(w.res.ipmmus[1].reg_base, 0xe6740000);
	assert_int_equal(w.res.ipmmus[1].main_phandle, 1);
	assert_int_equal(w.res.ipmmus[1].root, 0);
	assert_int_equal(w.res.nmasters, 1);
	assert_int_equal(w.res.nspecs, 1);
	assert_int_equal(w.res.specs[0].ipmmu, 1);
	assert_int_equal(ipfw_dt_spec_cell(&w.res, &w.res.specs[0], 0), 7);
}

/* More than the strings block's fast table holds (40 spellings of wanted
 * names; each "vendorNN,status" spells "status" at its tail): the walk
 * falls back to comparing names one by one and reads the same tree. */
static void many_spellings_of_wanted_names_read_the_same_tree(void **state)
{
	char name[32];

	(void)state;
	begin();
	for (int i = 0; i < 48; i++) {
		snprintf(name, sizeof(name), "vendor%02d,status", i);
		assert_int_equal(fdt_property_string(blob, name, "x"), 0);
	}
	base_tree();
	end();
	assert_int_equal(walk(NULL), IPFW_OK);
	assert_base_result();
}

/* An enabled IPMMU without reg cannot be programmed: IPFW_E_DT_PROP at
 * its reg (no entry); a disabled one is kept for reference without it. */
static void enabled_ipmmu_without_reg_is_refused(void **state)
{
	(void)state;
	begin();
	base_tree();
	assert_int_equal(fdt_begin_node(blob, "iommu@e6570000"), 0);
	assert_int_equal(fdt_property_string(blob, "compatible", "renesas,ipmmu-r8a7795"), 0);
	assert_int_equal(fdt_property_u32(blob, "#iommu-cells", 1), 0);
	assert_int_equal(fdt_property_u32(blob, "phandle", 3), 0);
	prop_cells("renesas,ipmmu-main", (const uint32_t[]){1, 2}, 2);
	assert_int_equal(fdt_end_node(blob), 0);
	end();
	assert_int_equal(walk(NULL), IPFW_E_DT_PROP);
	assert_int_equal(w.diag.err, IPFW_E_DT_PROP);
	assert_int_equal(w.diag.node, fdt_path_offset(blob, "/iommu@e6570000"));
	assert_string_equal(w.diag.prop, "reg");
	assert_int_equal(w.diag.index, -1);

	begin();
	base_tree();
	assert_int_equal(fdt_begin_node(blob, "iommu@e6570000"), 0);
	assert_int_equal(fdt_property_string(blob, "compatible", "renesas,ipmmu-r8a7795"), 0);
	assert_int_equal(fdt_property_string(blob, "status", "disabled"), 0);
	assert_int_equal(fdt_property_u32(blob, "#iommu-cells", 1), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	end();
	assert_int_equal(walk(NULL), IPFW_OK);
	assert_int_equal(w.res.nipmmus, 3);
	assert_false(w.res.ipmmus[2].enabled);
	assert_int_equal(w.res.ipmmus[2].reg_size, 0);
}


/* The board's bypass list matched against the first master too. */
static void bypass_list_names_the_first_master(void **state)
{
	static const char *const path[] = {"/dma@e6700000"};
	const struct ipfw_dt_config cfg = {.bypass_paths = path, .nbypass = 1};
	const struct ipfw_dt_config cfg2 = {.unbound_paths = path, .nunbound = 1};

	(void)state;
	begin();
	base_tree();
	end();
	assert_int_equal(walk(&cfg), IPFW_OK);
	assert_base_result();
	assert_int_equal(w.res.masters[0].flags & IPFW_DT_MASTER_BYPASS_OK, IPFW_DT_MASTER_BYPASS_OK);
	/* and an unbound list naming it adds no second master */
	assert_int_equal(walk(&cfg2), IPFW_OK);
	assert_int_equal(w.res.nmasters, 1);
	assert_int_equal(w.res.masters[0].flags & IPFW_DT_MASTER_UNBOUND, 0);
}

/* Lenient walk: a clocks entry naming no node (phandle 0x77) is the
 * master's error (clocks[0]); the resets read before it are kept, so
 * the master can still be held in reset. */
static void lenient_bad_clock_keeps_the_resets_read_before_it(void **state)
{
	const struct ipfw_dt_config cfg = {.lenient = true};
	const struct ipfw_dt_master *m;

	(void)state;
	begin();
	assert_int_equal(fdt_begin_node(blob, "reset-controller@e6150000"), 0);
	assert_int_equal(fdt_property_u32(blob, "#reset-cells", 1), 0);
	assert_int_equal(fdt_property_u32(blob, "phandle", 9), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	ipmmu("iommu@e67b0000", 0xe67b0000, 1, 0, 0);
	ipmmu("iommu@e6740000", 0xe6740000, 2, 1, 0);
	assert_int_equal(fdt_begin_node(blob, "dma@e6700000"), 0);
	prop_cells("iommus", (const uint32_t[]){2, 7}, 2);
	prop_cells("resets", (const uint32_t[]){9, 219}, 2);
	prop_cells("clocks", (const uint32_t[]){0x77, 1}, 2);
	assert_int_equal(fdt_end_node(blob), 0);
	end();
	assert_int_equal(walk(&cfg), IPFW_OK);
	assert_int_equal(w.res.nmasters, 1);
	m = &w.res.masters[0];
	assert_int_equal(m->err, IPFW_E_DT_PHANDLE);
	assert_string_equal(m->err_prop, "clocks");
	assert_int_equal(m->err_index, 0);
	assert_int_equal(m->nresets, 1);
	assert_int_equal(m->nclocks, 0);
	assert_int_equal(w.res.refs[m->first_ref].phandle, 9);
	assert_int_equal(w.res.refs[m->first_ref].ncells, 1);
	assert_int_equal(w.res.refs[m->first_ref].cells[0], 219);
	assert_int_equal(m->nspecs, 1); /* its binding is whole */
}

/* ipfw_dt_add_unbound() on an offset that is no node (misaligned, past
 * the structure block): IPFW_E_FDT, the diagnostic naming no node, no
 * property, no entry; on a node without a binding, the next master. */
static void add_unbound_on_no_node_is_fdt_error_without_place(void **state)
{
	struct ipfw_dt_diag d;
	const int bad[2] = {3, 0x7ffffff0};

	(void)state;
	begin();
	base_tree();
	assert_int_equal(fdt_begin_node(blob, "usb@ee000000"), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	end();
	assert_int_equal(walk(NULL), IPFW_OK);
	for (int i = 0; i < 2; i++) {
		memset(&d, 0x5a, sizeof(d));
		assert_int_equal(ipfw_dt_add_unbound(&w.idx, &w.res, bad[i], &d), IPFW_E_FDT);
		assert_int_equal(d.err, IPFW_E_FDT);
		assert_int_equal(d.node, -1);
		assert_null(d.prop);
		assert_int_equal(d.index, -1);
	}
	assert_int_equal(w.res.nmasters, 1);
	assert_int_equal(ipfw_dt_add_unbound(&w.idx, &w.res, fdt_path_offset(blob, "/usb@ee000000"), &d),
			 1);
	assert_int_equal(w.res.nmasters, 2);
	assert_int_equal(w.res.masters[1].flags & IPFW_DT_MASTER_UNBOUND, IPFW_DT_MASTER_UNBOUND);
}

/* iommu-map onto the first IPMMU of the tree (index 0, a root): the
 * lookup names IPMMU 0, not "another IOMMU" (-1). Entry <0x100 &ipmmu0 5
 * 0x10>: requester ID 0x103 -> uTLB 5 + 3 = 8. */
static void map_id_onto_ipmmu_index_0(void **state)
{
	struct ipfw_dt_map_out out;
	struct ipfw_dt_diag d;

	(void)state;
	begin();
	ipmmu("iommu@e67b0000", 0xe67b0000, 1, 0, 0);
	assert_int_equal(fdt_begin_node(blob, "pcie@fe000000"), 0);
	prop_cells("iommu-map", (const uint32_t[]){0x100, 1, 5, 0x10}, 4);
	assert_int_equal(fdt_end_node(blob), 0);
	end();
	assert_int_equal(walk(NULL), IPFW_OK);
	assert_int_equal(w.res.nipmmus, 1);
	assert_int_equal(w.res.nmasters, 1);
	memset(&out, 0x5a, sizeof(out));
	assert_int_equal(ipfw_dt_map_id(&w.res, 0, 0x103, &out, &d), IPFW_OK);
	assert_false(out.bypass);
	assert_int_equal(out.ipmmu, 0);
	assert_int_equal(out.iommu, fdt_path_offset(blob, "/iommu@e67b0000"));
	assert_int_equal(out.id, 8);
	assert_int_equal(out.entry, 0);
}

/* dt.h: a cell past the specifier reads 0, never the blob's next word.
 * iommus = <2 7>, <2 9>: specifier 0 is one cell (7); its "cell 1" is not
 * the 2 or the 9 that follow it in the property. */
static void spec_cell_past_the_specifier_is_0(void **state)
{
	(void)state;
	begin();
	ipmmu("iommu@e67b0000", 0xe67b0000, 1, 0, 0);
	ipmmu("iommu@e6740000", 0xe6740000, 2, 1, 0);
	assert_int_equal(fdt_begin_node(blob, "dma@e6700000"), 0);
	prop_cells("iommus", (const uint32_t[]){2, 7, 2, 9}, 4);
	assert_int_equal(fdt_end_node(blob), 0);
	end();
	assert_int_equal(walk(NULL), IPFW_OK);
	assert_int_equal(w.res.nspecs, 2);
	assert_int_equal(w.res.specs[0].ncells, 1);
	assert_int_equal(ipfw_dt_spec_cell(&w.res, &w.res.specs[0], 0), 7);
	assert_int_equal(ipfw_dt_spec_cell(&w.res, &w.res.specs[1], 0), 9);
	assert_int_equal(ipfw_dt_spec_cell(&w.res, &w.res.specs[0], 1), 0);
	assert_int_equal(ipfw_dt_spec_cell(&w.res, &w.res.specs[1], 1), 0);
	assert_int_equal(ipfw_dt_spec_cell(&w.res, &w.res.specs[0], 5), 0);
}

/* The root node's path is "/" (devicetree specification 2.2.3); it is at
 * offset 0 of a blob written with nothing before it. */
static void path_of_the_root_is_a_slash(void **state)
{
	char buf[8];

	(void)state;
	begin();
	base_tree();
	end();
	assert_int_equal(fdt_next_node(blob, -1, NULL), 0);
	memset(buf, 0x5a, sizeof(buf));
	assert_int_equal(ipfw_dt_path(blob, 0, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "/");
	assert_int_equal(ipfw_dt_path(blob, 0, buf, 1), IPFW_E_NOSPACE);
	assert_string_equal(buf, "");
	assert_int_equal(ipfw_dt_path(blob, -1, buf, sizeof(buf)), IPFW_E_FDT);
}

/* Lenient walk, an enabled IPMMU whose renesas,ipmmu-main names bit 40
 * (the binding's bit is a uTLB-group index below 32): unusable, and the
 * entry at fault is kept with the property (entry 0). */
static void lenient_bad_ipmmu_main_keeps_its_entry(void **state)
{
	const struct ipfw_dt_config cfg = {.lenient = true};

	(void)state;
	begin();
	ipmmu("iommu@e67b0000", 0xe67b0000, 1, 0, 0);
	ipmmu("iommu@e6740000", 0xe6740000, 2, 1, 40);
	end();
	assert_int_equal(walk(&cfg), IPFW_OK);
	assert_int_equal(w.res.nipmmus, 2);
	assert_int_equal(w.res.ipmmus[1].err, IPFW_E_DT_PROP);
	assert_string_equal(w.res.ipmmus[1].err_prop, "renesas,ipmmu-main");
	assert_int_equal(w.res.ipmmus[1].err_index, 0);
	assert_int_equal(w.res.ipmmus[0].err, 0);
	assert_int_equal(w.res.ipmmus[0].err_index, -1);
}

/* An IPMMU with #iommu-cells = <2> (phandle 3, the binding wants 1), named
 * by the last entry of a list: the entries before it are kept, the bad
 * IPMMU gets a spec with no cells and the list stops there. */
static void bad_ipmmu_late_in_a_list_is_recognised(void **state)
{
	const struct ipfw_dt_config lenient = {.lenient = true};

	(void)state;
	begin();
	ipmmu("iommu@e67b0000", 0xe67b0000, 1, 0, 0);
	ipmmu("iommu@e6740000", 0xe6740000, 2, 1, 0);
	assert_int_equal(fdt_begin_node(blob, "iommu@e6570000"), 0);
	assert_int_equal(fdt_property_string(blob, "compatible", "renesas,ipmmu-r8a7795"), 0);
	prop_cells("reg", (const uint32_t[]){0, 0xe6570000u, 0, 0x1000}, 4);
	assert_int_equal(fdt_property_u32(blob, "#iommu-cells", 2), 0);
	assert_int_equal(fdt_property_u32(blob, "phandle", 3), 0);
	prop_cells("renesas,ipmmu-main", (const uint32_t[]){1, 2}, 2);
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_begin_node(blob, "dma@e6700000"), 0);
	/* cells: 2 1 | 2 2 | 2 3 | 2 4 | 3 5 6 -- the bad entry starts at cell 8 of 11 */
	prop_cells("iommus", (const uint32_t[]){2, 1, 2, 2, 2, 3, 2, 4, 3, 5, 6}, 11);
	assert_int_equal(fdt_end_node(blob), 0);
	end();
	assert_int_equal(walk(&lenient), IPFW_OK); /* the bad IPMMU is its own error */
	assert_int_equal(w.res.nmasters, 1);
	assert_int_equal(w.res.masters[0].nspecs, 5);
	for (unsigned int i = 0; i < 4; i++) {
		assert_int_equal(w.res.specs[i].ipmmu, 1);
		assert_int_equal(w.res.specs[i].ncells, 1);
		assert_int_equal(ipfw_dt_spec_cell(&w.res, &w.res.specs[i], 0), i + 1);
	}
	assert_int_equal(w.res.specs[4].ipmmu, 2);
	assert_int_equal(w.res.specs[4].ncells, 0);
}

/* The list ends at its length: the word after iommus (the next
 * property's FDT_PROP tag, 0x00000003, as the DT specification 5.4.1
 * numbers it) is never read as a phandle, even when phandle 3 is an
 * IPMMU whose #iommu-cells the binding refuses. */
static void nothing_after_the_iommus_list_is_read(void **state)
{
	const struct ipfw_dt_config lenient = {.lenient = true};

	(void)state;
	begin();
	ipmmu("iommu@e67b0000", 0xe67b0000, 1, 0, 0);
	ipmmu("iommu@e6740000", 0xe6740000, 2, 1, 0);
	assert_int_equal(fdt_begin_node(blob, "iommu@e6570000"), 0);
	assert_int_equal(fdt_property_string(blob, "compatible", "renesas,ipmmu-r8a7795"), 0);
	prop_cells("reg", (const uint32_t[]){0, 0xe6570000u, 0, 0x1000}, 4);
	assert_int_equal(fdt_property_u32(blob, "#iommu-cells", 2), 0);
	assert_int_equal(fdt_property_u32(blob, "phandle", 3), 0);
	prop_cells("renesas,ipmmu-main", (const uint32_t[]){1, 2}, 2);
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_begin_node(blob, "dma@e6700000"), 0);
	prop_cells("iommus", (const uint32_t[]){2, 1, 2, 2, 2, 3}, 6);
	assert_int_equal(fdt_property_u32(blob, "dma-coherent-not", 0), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	end();
	assert_int_equal(walk(&lenient), IPFW_OK); /* the bad IPMMU is its own error */
	assert_int_equal(w.res.nmasters, 1);
	assert_int_equal(w.res.masters[0].nspecs, 3);
	assert_int_equal(w.res.nspecs, 3);
	assert_int_equal(w.res.masters[0].err, 0);
}

/* Lenient walk, a master whose iommus names a disabled IPMMU: its error is
 * at iommus[1], the entry before it kept, and it has no iommu-map, so its
 * mask reads as absent (dt.h: 0xffffffff) and no map entry is its own. */
static void lenient_iommus_error_leaves_the_mask_absent(void **state)
{
	const struct ipfw_dt_config cfg = {.lenient = true};
	const struct ipfw_dt_master *m;

	(void)state;
	begin();
	ipmmu("iommu@e67b0000", 0xe67b0000, 1, 0, 0);
	ipmmu("iommu@e6740000", 0xe6740000, 2, 1, 0);
	assert_int_equal(fdt_begin_node(blob, "iommu@e6570000"), 0);
	assert_int_equal(fdt_property_string(blob, "compatible", "renesas,ipmmu-r8a7795"), 0);
	assert_int_equal(fdt_property_string(blob, "status", "disabled"), 0);
	assert_int_equal(fdt_property_u32(blob, "#iommu-cells", 1), 0);
	assert_int_equal(fdt_property_u32(blob, "phandle", 3), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_begin_node(blob, "dma@e6700000"), 0);
	prop_cells("iommus", (const uint32_t[]){2, 7, 3, 8}, 4);
	assert_int_equal(fdt_end_node(blob), 0);
	end();
	assert_int_equal(walk(&cfg), IPFW_OK);
	assert_int_equal(w.res.nmasters, 1);
	m = &w.res.masters[0];
	assert_int_equal(m->err, IPFW_E_DT_DISABLED);
	assert_string_equal(m->err_prop, "iommus");
	assert_int_equal(m->err_index, 1);
	assert_int_equal(m->nspecs, 1);
	assert_int_equal(m->nmaps, 0);
	assert_true(m->map_mask == 0xffffffffu);
	assert_int_equal(m->flags & IPFW_DT_MASTER_HAS_MAP, 0);
}

/* The root node (offset 0) on the board's lists: a NULL bypass entry names
 * no node, so the root master is not bypassed; an unbound list naming "/"
 * makes the root, which has no binding, an unbound master. */
static void the_root_node_on_the_boards_lists(void **state)
{
	static const char *const none[] = {NULL};
	static const char *const root[] = {"/"};
	const struct ipfw_dt_config bypass = {.bypass_paths = none, .nbypass = 1};
	const struct ipfw_dt_config unbound = {.unbound_paths = root, .nunbound = 1};

	(void)state;
	begin();
	prop_cells("iommus", (const uint32_t[]){2, 7}, 2);
	ipmmu("iommu@e67b0000", 0xe67b0000, 1, 0, 0);
	ipmmu("iommu@e6740000", 0xe6740000, 2, 1, 0);
	end();
	assert_int_equal(fdt_next_node(blob, -1, NULL), 0);
	assert_int_equal(walk(&bypass), IPFW_OK);
	assert_int_equal(w.res.nmasters, 1);
	assert_int_equal(w.res.masters[0].node, 0);
	assert_int_equal(w.res.masters[0].flags & IPFW_DT_MASTER_BYPASS_OK, 0);

	begin();
	base_tree();
	end();
	assert_int_equal(walk(&unbound), IPFW_OK);
	assert_int_equal(w.res.nmasters, 2);
	assert_int_equal(w.res.masters[1].node, 0);
	assert_int_equal(w.res.masters[1].flags & IPFW_DT_MASTER_UNBOUND, IPFW_DT_MASTER_UNBOUND);
}

/* dt.h: a walk that succeeds leaves the diagnostic saying nothing: err 0,
 * node -1 ("-1 when none applies"), no property, no entry. */
static void a_clean_walk_leaves_an_empty_diagnostic(void **state)
{
	(void)state;
	begin();
	base_tree();
	end();
	assert_int_equal(walk(NULL), IPFW_OK);
	assert_int_equal(w.diag.err, IPFW_OK);
	assert_int_equal(w.diag.fdt_err, 0);
	assert_int_equal(w.diag.node, -1);
	assert_null(w.diag.prop);
	assert_int_equal(w.diag.index, -1);
}

/* ipfw_dt_add_unbound() refuses, with IPFW_E_INVAL and nothing added, an
 * IPMMU, a node with a binding, a disabled node and a node that is a
 * master already (dt.h). */
static void add_unbound_refuses_what_is_no_unbound_master(void **state)
{
	const char *const refused[] = {"/iommu@e6740000", "/dma@e6700000", "/usb@ee080000"};
	const char *const path[] = {"/usb@ee000000"};
	const struct ipfw_dt_config cfg = {.unbound_paths = path, .nunbound = 1};
	struct ipfw_dt_diag d;

	(void)state;
	begin();
	base_tree();
	assert_int_equal(fdt_begin_node(blob, "usb@ee000000"), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_begin_node(blob, "usb@ee080000"), 0);
	assert_int_equal(fdt_property_string(blob, "status", "disabled"), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	end();
	assert_int_equal(walk(&cfg), IPFW_OK);
	assert_int_equal(w.res.nmasters, 2); /* dma, and usb@ee000000 from the list */
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(ipfw_dt_add_unbound(&w.idx, &w.res, fdt_path_offset(blob, refused[i]), &d),
				 IPFW_E_INVAL);
		assert_int_equal(w.res.nmasters, 2);
	}
	assert_int_equal(ipfw_dt_add_unbound(&w.idx, &w.res, fdt_path_offset(blob, path[0]), &d),
			 IPFW_E_INVAL);
	assert_int_equal(w.res.nmasters, 2);
}

/* ipfw_dt_iommus_get() past the last entry: IPFW_E_RANGE, and the
 * diagnostic names the entry asked for (5 of a two-entry list). */
static void iommus_get_past_the_end_names_the_entry_asked_for(void **state)
{
	struct ipfw_dt_phandle_args a;
	struct ipfw_dt_diag d;
	int node;

	(void)state;
	begin();
	ipmmu("iommu@e67b0000", 0xe67b0000, 1, 0, 0);
	ipmmu("iommu@e6740000", 0xe6740000, 2, 1, 0);
	assert_int_equal(fdt_begin_node(blob, "dma@e6700000"), 0);
	prop_cells("iommus", (const uint32_t[]){2, 7, 2, 8}, 4);
	assert_int_equal(fdt_end_node(blob), 0);
	end();
	assert_int_equal(walk(NULL), IPFW_OK);
	node = fdt_path_offset(blob, "/dma@e6700000");
	assert_int_equal(ipfw_dt_iommus_get(blob, &w.idx, node, 1, &a, &d), IPFW_OK);
	assert_int_equal(a.phandle, 2);
	assert_int_equal(a.ncells, 1);
	assert_int_equal(a.cells[0], 8);
	memset(&d, 0x5a, sizeof(d));
	assert_int_equal(ipfw_dt_iommus_get(blob, &w.idx, node, 5, &a, &d), IPFW_E_RANGE);
	assert_int_equal(d.err, IPFW_E_RANGE);
	assert_int_equal(d.node, node);
	assert_string_equal(d.prop, "iommus");
	assert_int_equal(d.index, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(many_spellings_of_wanted_names_read_the_same_tree),
		cmocka_unit_test(enabled_ipmmu_without_reg_is_refused),
		cmocka_unit_test(bypass_list_names_the_first_master),
		cmocka_unit_test(lenient_bad_clock_keeps_the_resets_read_before_it),
		cmocka_unit_test(add_unbound_on_no_node_is_fdt_error_without_place),
		cmocka_unit_test(map_id_onto_ipmmu_index_0),
		cmocka_unit_test(spec_cell_past_the_specifier_is_0),
		cmocka_unit_test(path_of_the_root_is_a_slash),
		cmocka_unit_test(lenient_bad_ipmmu_main_keeps_its_entry),
		cmocka_unit_test(bad_ipmmu_late_in_a_list_is_recognised),
		cmocka_unit_test(nothing_after_the_iommus_list_is_read),
		cmocka_unit_test(lenient_iommus_error_leaves_the_mask_absent),
		cmocka_unit_test(the_root_node_on_the_boards_lists),
		cmocka_unit_test(a_clean_walk_leaves_an_empty_diagnostic),
		cmocka_unit_test(add_unbound_refuses_what_is_no_unbound_master),
		cmocka_unit_test(iommus_get_past_the_end_names_the_entry_asked_for),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
