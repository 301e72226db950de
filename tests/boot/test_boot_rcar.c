/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The R-Car board hooks (ipmmu/boot_rcar.h): finding the CPG in a tree,
 * and holding / releasing masters through it, against the CPG model.
 * Trees are built in-process with libfdt's sequential writer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <libfdt.h>

#include <ipmmu/boot_rcar.h>
#include <ipmmu/error.h>
#include "badinput.h"
#include "cpg_model.h"
#include "mmio_bus.h"

#define CPG_BASE 0xE6150000u
#define CPG_PHANDLE 5u

static unsigned char blob[4096];

/* / (acells) -> soc (acells, 1) -> clock-controller@e6150000 */
static void tree(int acells, const char *compat, size_t compat_len, bool with_reg,
		 bool with_phandle)
{
	fdt32_t reg[4];
	int n = 0;

	if (acells == 2)
		reg[n++] = cpu_to_fdt32(0);
	reg[n++] = cpu_to_fdt32(CPG_BASE);
	reg[n++] = cpu_to_fdt32(0x1000);
	assert_int_equal(fdt_create(blob, sizeof(blob)), 0);
	assert_int_equal(fdt_finish_reservemap(blob), 0);
	assert_int_equal(fdt_begin_node(blob, ""), 0);
	assert_int_equal(fdt_begin_node(blob, "soc"), 0);
	assert_int_equal(fdt_property_u32(blob, "#address-cells", (uint32_t)acells), 0);
	assert_int_equal(fdt_property_u32(blob, "#size-cells", 1), 0);
	assert_int_equal(fdt_begin_node(blob, "clock-controller@e6150000"), 0);
	assert_int_equal(fdt_property(blob, "compatible", compat, (int)compat_len), 0);
	if (with_reg)
		assert_int_equal(fdt_property(blob, "reg", reg, n * 4), 0);
	if (with_phandle)
		assert_int_equal(fdt_property_u32(blob, "phandle", CPG_PHANDLE), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_finish(blob), 0);
}

#define COMPAT(s) s, sizeof(s)

/* Gen4 is r8a779 + a letter (a0, f0, g0, h0); r8a77965 (M3-N) and the
 * other Gen3 parts have a digit there (a prefix test would take M3-N for
 * Gen4: the QEMU demo's first run found that). */
static void layout_follows_the_soc_in_the_compatible(void **state)
{
	static const struct {
		const char *compat;
		size_t len;
		enum ipfw_cpg_layout layout;
	} cases[] = {
		{COMPAT("renesas,r8a7795-cpg-mssr"), IPFW_CPG_GEN3},
		{COMPAT("renesas,r8a77965-cpg-mssr"), IPFW_CPG_GEN3},
		{COMPAT("renesas,r8a77990-cpg-mssr"), IPFW_CPG_GEN3},
		{COMPAT("renesas,r8a774a1-cpg-mssr"), IPFW_CPG_GEN3},
		{COMPAT("renesas,r8a779a0-cpg-mssr"), IPFW_CPG_GEN4},
		{COMPAT("renesas,r8a779f0-cpg-mssr"), IPFW_CPG_GEN4},
		{COMPAT("renesas,r8a779g0-cpg-mssr"), IPFW_CPG_GEN4},
		{COMPAT("renesas,r8a779h0-cpg-mssr"), IPFW_CPG_GEN4},
	};
	struct ipfw_boot_rcar c;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tree(2, cases[i].compat, cases[i].len, true, true);
		assert_int_equal(ipfw_boot_rcar_from_dt(blob, &c), IPFW_OK);
		assert_int_equal(c.cpg.layout, cases[i].layout);
		assert_int_equal(c.cpg.base, CPG_BASE);
		assert_int_equal(c.phandle, CPG_PHANDLE);
		assert_true(c.cpg.limit.tries > 0);
	}
}

static void second_compatible_string_and_one_cell_bus_are_read(void **state)
{
	static const char two[] = "vendor,other\0renesas,r8a779f0-cpg-mssr";
	struct ipfw_boot_rcar c;

	(void)state;
	tree(1, two, sizeof(two), true, true);
	assert_int_equal(ipfw_boot_rcar_from_dt(blob, &c), IPFW_OK);
	assert_int_equal(c.cpg.layout, IPFW_CPG_GEN4);
	assert_int_equal(c.cpg.base, CPG_BASE);
}

static void a_cpg_that_cannot_be_used_is_refused(void **state)
{
	struct ipfw_boot_rcar c;
	int off;

	(void)state;
	tree(2, COMPAT("renesas,r8a77965-sysc"), true, true);
	IPFW_BADINPUT("boot: R-Car CPG", "no node compatible with *-cpg-mssr", IPFW_E_DT_PROP,
		      ipfw_boot_rcar_from_dt(blob, &c));
	tree(2, COMPAT("renesas,r8a77965-cpg-mssr"), false, true);
	IPFW_BADINPUT("boot: R-Car CPG", "CPG node without reg", IPFW_E_DT_PROP,
		      ipfw_boot_rcar_from_dt(blob, &c));
	tree(2, COMPAT("renesas,r8a77965-cpg-mssr"), true, false);
	IPFW_BADINPUT("boot: R-Car CPG", "CPG node without phandle (no master can name it)",
		      IPFW_E_DT_PROP, ipfw_boot_rcar_from_dt(blob, &c));
	/* a property length that wraps libfdt 1.6.1's offset: its loops would spin */
	tree(2, COMPAT("renesas,r8a77965-cpg-mssr"), true, true);
	off = fdt_first_property_offset(blob, fdt_path_offset(blob, "/soc"));
	assert_true(off >= 0);
	((fdt32_t *)(blob + fdt_off_dt_struct(blob) + off))[1] = cpu_to_fdt32(0xfffffff4u);
	alarm(20); /* a regression hangs: SIGALRM ends the test */
	IPFW_BADINPUT("boot: R-Car CPG", "property length wrapping libfdt's offset", IPFW_E_FDT,
		      ipfw_boot_rcar_from_dt(blob, &c));
	alarm(0);
	memset(blob, 0x42, 64);
	IPFW_BADINPUT("boot: R-Car CPG", "not a device tree blob", IPFW_E_FDT,
		      ipfw_boot_rcar_from_dt(blob, &c));
	IPFW_BADINPUT("boot: R-Car CPG", "NULL result", IPFW_E_INVAL,
		      ipfw_boot_rcar_from_dt(blob, NULL));
}

/* ------------------------------------------------------------ hold, release */

static struct ipfw_cpg_model model;
static struct ipfw_boot_rcar rcar;

static int cpg_setup(void **state)
{
	(void)state;
	ipfw_bus_reset();
	ipfw_cpg_model_init(&model, IPFW_CPG_MODEL_GEN3, CPG_BASE, 0);
	assert_int_equal(ipfw_cpg_model_attach(&model), 0);
	rcar = (struct ipfw_boot_rcar){
		.cpg = {CPG_BASE, IPFW_CPG_GEN3, {.tries = 10, .step_us = 1}, NULL},
		.phandle = CPG_PHANDLE,
	};
	return 0;
}

static struct ipfw_dt_ref refs[5];

static struct ipfw_plan_master master(void)
{
	/* resets = <&cpg 314>, <&other 7>;  clocks = <&cpg CPG_MOD 314>,
	 * <&cpg CPG_CORE 12>, <&other 1 2> (fresh each call: tests edit them) */
	struct ipfw_plan_master m = {.node = -1, .resets = refs, .clocks = refs + 2};

	m.nresets = 2;
	refs[0] = (struct ipfw_dt_ref){CPG_PHANDLE, 1, {314, 0, 0}};
	refs[1] = (struct ipfw_dt_ref){9, 1, {7, 0, 0}};
	m.nclocks = 3;
	refs[2] = (struct ipfw_dt_ref){CPG_PHANDLE, 2, {IPFW_RCAR_CPG_MOD, 314, 0}};
	refs[3] = (struct ipfw_dt_ref){CPG_PHANDLE, 2, {IPFW_RCAR_CPG_CORE, 12, 0}};
	refs[4] = (struct ipfw_dt_ref){9, 2, {1, 2, 0}};
	return m;
}

static void hold_asserts_this_cpgs_resets_and_confirms(void **state)
{
	const struct ipfw_plan_master m = master();

	(void)state;
	assert_int_equal(ipfw_cpg_model_held(&model, 314), 0);
	assert_int_equal(ipfw_boot_rcar_hold(&rcar, &m), IPFW_OK);
	assert_int_equal(ipfw_cpg_model_held(&model, 314), 1);
	/* module 7 belongs to another provider: untouched */
	assert_int_equal(ipfw_cpg_model_held(&model, 7), 0);
	assert_int_equal(model.nevents, 1);
}

static void release_starts_the_module_clock_before_the_reset(void **state)
{
	const struct ipfw_plan_master m = master();

	(void)state;
	assert_int_equal(ipfw_boot_rcar_hold(&rcar, &m), IPFW_OK);
	assert_int_equal(ipfw_boot_rcar_release(&rcar, &m), IPFW_OK);
	assert_int_equal(ipfw_cpg_model_held(&model, 314), 0);
	assert_int_equal(ipfw_cpg_model_stopped(&model, 314), 0);
	assert_true(ipfw_cpg_model_first(&model, IPFW_CPG_EV_CLOCK_ON, 314) <
		    ipfw_cpg_model_first(&model, IPFW_CPG_EV_RESET_RELEASE, 314));
	/* the core clock (CPG_CORE 12) is not a module: module 12 untouched */
	assert_int_equal(ipfw_cpg_model_stopped(&model, 12), 1);
	assert_int_equal(ipfw_cpg_model_first(&model, IPFW_CPG_EV_CLOCK_ON, 102), -1);
	assert_int_equal(model.unknown_accesses, 0);
}

static void masters_the_cpg_cannot_hold_are_refused(void **state)
{
	struct ipfw_plan_master m = master();

	(void)state;
	refs[0].phandle = 9; /* no reset on this CPG */
	IPFW_BADINPUT("boot: R-Car CPG", "master with no reset on the CPG (cannot be held)",
		      IPFW_E_RELEASE, ipfw_boot_rcar_hold(&rcar, &m));
	m = master();
	ipfw_bus_stuck(CPG_BASE + 0x0B8, 1u << 14, 0); /* SRCR3 bit 14 never reads held */
	IPFW_BADINPUT("hardware: read-back mismatch", "reset register does not show the hold",
		      IPFW_E_READBACK, ipfw_boot_rcar_hold(&rcar, &m));
	refs[0].cells[0] = 1299;
	IPFW_BADINPUT("boot: R-Car CPG", "reset module number 1299", IPFW_E_RANGE,
		      ipfw_boot_rcar_hold(&rcar, &m));
	IPFW_BADINPUT("boot: R-Car CPG", "NULL master", IPFW_E_INVAL,
		      ipfw_boot_rcar_hold(&rcar, NULL));
	IPFW_BADINPUT("boot: R-Car CPG", "NULL context on release", IPFW_E_INVAL,
		      ipfw_boot_rcar_release(NULL, &m));
}

static void a_clock_that_never_starts_fails_the_release(void **state)
{
	const struct ipfw_plan_master m = master();

	(void)state;
	ipfw_bus_stuck(CPG_BASE + 0x048, 1u << 14, 1u << 14); /* MSTPSR3 bit 14 stays stopped */
	IPFW_BADINPUT("hardware: stuck bits", "module clock status never shows it running",
		      IPFW_E_TIMEOUT, ipfw_boot_rcar_release(&rcar, &m));
	/* the reset was not released after the clock failed */
	assert_int_equal(ipfw_cpg_model_first(&model, IPFW_CPG_EV_RESET_RELEASE, 314), -1);
}

/* ------------------------------------------------------------ edge values (issue 14) */

/* / (acells) -> soc (acells, 1) -> clock-controller with reg bytes as given */
static void tree_reg(int acells, const char *compat, size_t compat_len, const void *reg, int len)
{
	assert_int_equal(fdt_create(blob, sizeof(blob)), 0);
	assert_int_equal(fdt_finish_reservemap(blob), 0);
	assert_int_equal(fdt_begin_node(blob, ""), 0);
	assert_int_equal(fdt_begin_node(blob, "soc"), 0);
	assert_int_equal(fdt_property_u32(blob, "#address-cells", (uint32_t)acells), 0);
	assert_int_equal(fdt_property_u32(blob, "#size-cells", 1), 0);
	assert_int_equal(fdt_begin_node(blob, "clock-controller@e6150000"), 0);
	assert_int_equal(fdt_property(blob, "compatible", compat, (int)compat_len), 0);
	assert_int_equal(fdt_property(blob, "reg", reg, len), 0);
	assert_int_equal(fdt_property_u32(blob, "phandle", CPG_PHANDLE), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_finish(blob), 0);
}

/* reg holds #address-cells 32-bit cells of address first (devicetree
 * specification 2.3.6): fewer bytes than one address is no address. */
static void a_reg_shorter_than_one_address_is_refused(void **state)
{
	static const unsigned char three[] = {0xe6, 0x15, 0x00};
	static const unsigned char seven[] = {0x00, 0x00, 0x00, 0x00, 0xe6, 0x15, 0x00};
	static const unsigned char four[] = {0xe6, 0x15, 0x00, 0x00};
	struct ipfw_boot_rcar c;

	(void)state;
	tree_reg(1, COMPAT("renesas,r8a77965-cpg-mssr"), three, sizeof(three));
	assert_int_equal(ipfw_boot_rcar_from_dt(blob, &c), IPFW_E_DT_PROP);
	tree_reg(2, COMPAT("renesas,r8a77965-cpg-mssr"), seven, sizeof(seven));
	assert_int_equal(ipfw_boot_rcar_from_dt(blob, &c), IPFW_E_DT_PROP);
	/* exactly one address and no size is enough for the base */
	tree_reg(1, COMPAT("renesas,r8a77965-cpg-mssr"), four, sizeof(four));
	assert_int_equal(ipfw_boot_rcar_from_dt(blob, &c), IPFW_OK);
	assert_int_equal(c.cpg.base, CPG_BASE);
}

/* The highest address uintptr_t holds is a base; one above it is refused
 * (only reachable where uintptr_t is narrower than two cells). */
static void a_base_at_the_top_of_uintptr_is_kept(void **state)
{
	const uint64_t top = (uint64_t)UINTPTR_MAX;
	fdt32_t reg[3] = {cpu_to_fdt32((uint32_t)(top >> 32)), cpu_to_fdt32((uint32_t)top),
			  cpu_to_fdt32(0x1000)};
	struct ipfw_boot_rcar c;

	(void)state;
	tree_reg(2, COMPAT("renesas,r8a77965-cpg-mssr"), reg, sizeof(reg));
	assert_int_equal(ipfw_boot_rcar_from_dt(blob, &c), IPFW_OK);
	assert_true(c.cpg.base == UINTPTR_MAX);
	if (top < UINT64_MAX) {
		reg[0] = cpu_to_fdt32((uint32_t)((top + 1u) >> 32));
		reg[1] = cpu_to_fdt32((uint32_t)(top + 1u));
		tree_reg(2, COMPAT("renesas,r8a77965-cpg-mssr"), reg, sizeof(reg));
		assert_int_equal(ipfw_boot_rcar_from_dt(blob, &c), IPFW_E_DT_PROP);
	}
}

/* Gen4 means a lower-case letter right after "r8a779": the characters
 * either side of 'a'..'z' in ASCII ('`' and '{') are no letter, whatever
 * follows them. */
static void gen4_needs_a_letter_after_r8a779(void **state)
{
	static const struct {
		const char *compat;
		size_t len;
		enum ipfw_cpg_layout layout;
	} cases[] = {
		{COMPAT("renesas,r8a779`0-cpg-mssr"), IPFW_CPG_GEN3},
		{COMPAT("renesas,r8a779{0-cpg-mssr"), IPFW_CPG_GEN3},
		{COMPAT("renesas,r8a779{a-cpg-mssr"), IPFW_CPG_GEN3},
		{COMPAT("renesas,r8a779a{-cpg-mssr"), IPFW_CPG_GEN4},
		{COMPAT("renesas,r8a779z~-cpg-mssr"), IPFW_CPG_GEN4},
	};
	struct ipfw_boot_rcar c;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tree(2, cases[i].compat, cases[i].len, true, true);
		assert_int_equal(ipfw_boot_rcar_from_dt(blob, &c), IPFW_OK);
		assert_int_equal(c.cpg.layout, cases[i].layout);
	}
}

/* boot_rcar.h: "The poll limit defaults to 1000 reads, 1 us apart", no
 * delay hook. */
static void the_poll_limit_is_as_documented(void **state)
{
	struct ipfw_boot_rcar c;

	(void)state;
	memset(&c, 0x5a, sizeof(c));
	tree(2, COMPAT("renesas,r8a7795-cpg-mssr"), true, true);
	assert_int_equal(ipfw_boot_rcar_from_dt(blob, &c), IPFW_OK);
	assert_int_equal(c.cpg.limit.tries, 1000);
	assert_int_equal(c.cpg.limit.step_us, 1);
	assert_null(c.cpg.delay);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(layout_follows_the_soc_in_the_compatible),
		cmocka_unit_test(second_compatible_string_and_one_cell_bus_are_read),
		cmocka_unit_test(a_cpg_that_cannot_be_used_is_refused),
		cmocka_unit_test_setup(hold_asserts_this_cpgs_resets_and_confirms, cpg_setup),
		cmocka_unit_test_setup(release_starts_the_module_clock_before_the_reset, cpg_setup),
		cmocka_unit_test_setup(masters_the_cpg_cannot_hold_are_refused, cpg_setup),
		cmocka_unit_test_setup(a_clock_that_never_starts_fails_the_release, cpg_setup),
		cmocka_unit_test(a_reg_shorter_than_one_address_is_refused),
		cmocka_unit_test(a_base_at_the_top_of_uintptr_is_kept),
		cmocka_unit_test(gen4_needs_a_letter_after_r8a779),
		cmocka_unit_test(the_poll_limit_is_as_documented),
	};
	return cmocka_run_group_tests_name("boot.rcar", tests, NULL, NULL);
}
