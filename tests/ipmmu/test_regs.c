/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Register arithmetic against the tables of docs/ipmmu-vmsa.md section 2.3 and
 * the worked addresses of section 8.3; register names; the trace line.
 */
#define _POSIX_C_SOURCE 200809L /* fmemopen */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>
#include "ipmmu_trace.h"

static void gen4_context_blocks_match_the_section_2_3_table(void **st)
{
	static const uint32_t want[16] = {
		0x10000, 0x11040, 0x12080, 0x130C0, 0x14100, 0x15140, 0x16180, 0x171C0,
		0x18800, 0x19840, 0x1A880, 0x1B8C0, 0x1C900, 0x1D940, 0x1E980, 0x1F9C0,
	};
	const struct ipfw_soc *s4 = ipfw_soc_by_name("r8a779f0");

	(void)st;
	for (unsigned int c = 0; c < 16; c++)
		assert_int_equal(ipfw_ipmmu_ctx_off(s4, c), want[c]);
}

static void gen3_context_blocks_are_0x40_apart_from_zero(void **st)
{
	const struct ipfw_soc *h3 = ipfw_soc_by_name("r8a7795");

	(void)st;
	for (unsigned int c = 0; c < 8; c++)
		assert_int_equal(ipfw_ipmmu_ctx_off(h3, c), 0x40 * c);
}

static void utlb_registers_split_into_0x300_and_0x600_windows(void **st)
{
	const struct ipfw_soc *h3 = ipfw_soc_by_name("r8a7795");
	const struct ipfw_soc *s4 = ipfw_soc_by_name("r8a779f0");

	(void)st;
	assert_int_equal(ipfw_ipmmu_imuctr_off(h3, 0), 0x300);
	assert_int_equal(ipfw_ipmmu_imuasid_off(h3, 0), 0x308);
	assert_int_equal(ipfw_ipmmu_imuctr_off(h3, 31), 0x4F0);
	assert_int_equal(ipfw_ipmmu_imuctr_off(h3, 32), 0x600); /* H3 SDHI0: E7740600 */
	assert_int_equal(ipfw_ipmmu_imuasid_off(h3, 32), 0x608);
	assert_int_equal(ipfw_ipmmu_imuctr_off(h3, 47), 0x6F0);
	assert_int_equal(ipfw_ipmmu_imuctr_off(s4, 0), 0x3300);
	assert_int_equal(ipfw_ipmmu_imuctr_off(s4, 32), 0x3600); /* S4 mmc0: EED03600 */
	assert_int_equal(ipfw_ipmmu_imuctr_off(s4, 63), 0x37F0);
}

static void control_registers_and_ttsel_follow_the_generation(void **st)
{
	const struct ipfw_soc *h3 = ipfw_soc_by_name("r8a7795");
	const struct ipfw_soc *s4 = ipfw_soc_by_name("r8a779f0");

	(void)st;
	assert_int_equal(ipfw_ipmmu_ctrl_off(h3, IPFW_IPMMU_IMSCTLR), 0x500);
	assert_int_equal(ipfw_ipmmu_ctrl_off(h3, IPFW_IPMMU_IMSAUXCTLR), 0x504);
	assert_int_equal(ipfw_ipmmu_ctrl_off(s4, IPFW_IPMMU_IMSCTLR), 0x1500);
	assert_int_equal(ipfw_ipmmu_ctrl_off(s4, IPFW_IPMMU_IMSAUXCTLR), 0x1504);
	assert_int_equal(ipfw_ipmmu_ttsel_mask(h3), 15u << 4);
	assert_int_equal(ipfw_ipmmu_ttsel_mask(s4), 31u << 4);
}

static void regname_names_context_utlb_and_control_registers(void **st)
{
	const struct ipfw_soc *h3 = ipfw_soc_by_name("r8a7795");
	const struct ipfw_soc *s4 = ipfw_soc_by_name("r8a779f0");
	char buf[32];

	(void)st;
	assert_int_equal(ipfw_ipmmu_regname(h3, 0x600, buf, sizeof(buf)), 10);
	assert_string_equal(buf, "IMUCTR(32)");
	assert_int_equal(ipfw_ipmmu_regname(h3, 0x040, buf, sizeof(buf)), 8);
	assert_string_equal(buf, "IMCTR(1)");
	assert_int_equal(ipfw_ipmmu_regname(h3, 0x500, buf, sizeof(buf)), 7);
	assert_string_equal(buf, "IMSCTLR");
	ipfw_ipmmu_regname(h3, 0x308, buf, sizeof(buf));
	assert_string_equal(buf, "IMUASID(0)");
	ipfw_ipmmu_regname(h3, 0x1E8, buf, sizeof(buf));
	assert_string_equal(buf, "IMMAIR0(7)");
	ipfw_ipmmu_regname(s4, 0x18800, buf, sizeof(buf));
	assert_string_equal(buf, "IMCTR(8)");
	ipfw_ipmmu_regname(s4, 0x1F9C0 + 0x34, buf, sizeof(buf));
	assert_string_equal(buf, "IMEUAR(15)");
	ipfw_ipmmu_regname(s4, 0x11048, buf, sizeof(buf));
	assert_string_equal(buf, "IMTTBCR(1)");
	ipfw_ipmmu_regname(s4, 0x1504, buf, sizeof(buf));
	assert_string_equal(buf, "IMSAUXCTLR");
	ipfw_ipmmu_regname(s4, 0x37F8, buf, sizeof(buf));
	assert_string_equal(buf, "IMUASID(63)");
}

/* Every context register by name (docs/ipmmu-vmsa.md section 2.1, plus the
 * Gen2 IMCAAR/IMBUSCR and the TTBR1 pair), on H3 context 2 (block 0x80) and
 * S4 context 9 (0x18800 + 0x1040); the holes at 0x24 and 0x38 name nothing. */
static void regname_knows_every_context_register_and_no_hole(void **st)
{
	static const struct {
		uint32_t off;
		const char *name;
	} regs[] = {
		{0x00, "IMCTR"},    {0x04, "IMCAAR"},   {0x08, "IMTTBCR"},  {0x0C, "IMBUSCR"},
		{0x10, "IMTTLBR0"}, {0x14, "IMTTUBR0"}, {0x18, "IMTTLBR1"}, {0x1C, "IMTTUBR1"},
		{0x20, "IMSTR"},    {0x28, "IMMAIR0"},  {0x2C, "IMMAIR1"},  {0x30, "IMELAR"},
		{0x34, "IMEUAR"},
	};
	const struct ipfw_soc *h3 = ipfw_soc_by_name("r8a7795");
	const struct ipfw_soc *s4 = ipfw_soc_by_name("r8a779f0");
	char buf[32], want[32];

	(void)st;
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		snprintf(want, sizeof(want), "%s(2)", regs[i].name);
		assert_int_equal(ipfw_ipmmu_regname(h3, 0x80 + regs[i].off, buf, sizeof(buf)),
				 (int)strlen(want));
		assert_string_equal(buf, want);
		snprintf(want, sizeof(want), "%s(9)", regs[i].name);
		assert_int_equal(ipfw_ipmmu_regname(s4, 0x18800 + 0x1040 + regs[i].off, buf,
						    sizeof(buf)), (int)strlen(want));
		assert_string_equal(buf, want);
	}
	assert_int_equal(ipfw_ipmmu_regname(h3, 0x80 + 0x24, buf, sizeof(buf)), IPFW_E_RANGE);
	assert_int_equal(ipfw_ipmmu_regname(h3, 0x80 + 0x38, buf, sizeof(buf)), IPFW_E_RANGE);
	assert_int_equal(ipfw_ipmmu_regname(h3, 0x540, buf, sizeof(buf)), 6);
	assert_string_equal(buf, "IMSSTR");
}

static void regname_rejects_unknown_offsets_and_small_buffers(void **st)
{
	const struct ipfw_soc *h3 = ipfw_soc_by_name("r8a7795");
	const struct ipfw_soc *s4 = ipfw_soc_by_name("r8a779f0");
	char buf[8];

	(void)st;
	/* Gen3 has 48 uTLBs: 0x700 would be uTLB 48 */
	assert_int_equal(ipfw_ipmmu_regname(h3, 0x700, buf, sizeof(buf)), IPFW_E_RANGE);
	assert_string_equal(buf, "?");
	/* on Gen4 offset 0x040 is not a context register */
	assert_int_equal(ipfw_ipmmu_regname(s4, 0x40, buf, sizeof(buf)), IPFW_E_RANGE);
	/* the gap between context 7 and 8 on Gen4 (0x18200) names nothing */
	assert_int_equal(ipfw_ipmmu_regname(s4, 0x18200, buf, sizeof(buf)), IPFW_E_RANGE);
	assert_int_equal(ipfw_ipmmu_regname(h3, 0x600, buf, sizeof(buf)), IPFW_E_NOSPACE);
	assert_string_equal(buf, "IMUCTR(");
	assert_int_equal(ipfw_ipmmu_regname(h3, 0x600, buf, 0), IPFW_E_INVAL);
	assert_int_equal(ipfw_ipmmu_regname(NULL, 0x600, buf, sizeof(buf)), IPFW_E_INVAL);
}

static void trace_line_prints_address_value_instance_and_register(void **st)
{
	const struct ipfw_soc *h3 = ipfw_soc_by_name("r8a7795");
	const struct ipfw_ipmmu_inst inst[2] = {
		{"ipmmu_mm", 0xE67B0000, h3, IPFW_IPMMU_IS_ROOT, 0},
		{"ipmmu_ds1", 0xE7740000, h3, 0, 0},
	};
	const struct ipfw_bus_access w = {IPFW_BUS_WRITE, 0xE7740600, 0x13, 0};
	const struct ipfw_bus_access r = {IPFW_BUS_READ, 0xE67B0040, 0x5, 0};
	const struct ipfw_bus_access other = {IPFW_BUS_WRITE, 0x12345678, 1, 0};
	char line[128];

	(void)st;
	assert_true(ipfw_ipmmu_trace_format(inst, 2, &w, line, sizeof(line)) > 0);
	assert_string_equal(line, "0xE7740600 <- 0x00000013  ipmmu_ds1 IMUCTR(32)");
	assert_true(ipfw_ipmmu_trace_format(inst, 2, &r, line, sizeof(line)) > 0);
	assert_string_equal(line, "0xE67B0040 -> 0x00000005  ipmmu_mm IMCTR(1)");
	assert_true(ipfw_ipmmu_trace_format(inst, 2, &other, line, sizeof(line)) > 0);
	assert_string_equal(line, "0x12345678 <- 0x00000001");
}

static void trace_observer_prints_every_write_the_driver_makes(void **st)
{
	const struct ipfw_soc *h3 = ipfw_soc_by_name("r8a7795");
	const struct ipfw_ipmmu_inst inst[2] = {
		{"ipmmu_mm", 0xE67B0000, h3, IPFW_IPMMU_IS_ROOT, 0},
		{"ipmmu_ds1", 0xE7740000, h3, 0, 0},
	};
	struct ipfw_ipmmu_inst_state state[2];
	struct ipfw_ipmmu mmu;
	struct ipfw_ipmmu_domain dom;
	const struct ipfw_ipmmu_ctx_cfg cfg = {IPFW_IPMMU_FMT_S1_32, 0x7FE00000, 0xF404FF44};
	char out[4096] = "";
	FILE *f = fmemopen(out, sizeof(out), "w");
	struct ipfw_ipmmu_tracer t = {inst, 2, f, 0, 0};

	(void)st;
	assert_non_null(f);
	ipfw_bus_reset();
	ipfw_bus_self_clear(0xE67B0040, 0x2, 0);
	assert_int_equal(ipfw_ipmmu_init(&mmu, inst, state, 2, NULL, NULL), IPFW_OK);
	ipfw_ipmmu_trace_start(&t);
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &cfg, &dom), 0);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 1, 32, (struct ipfw_ipmmu_owner){"sdhi0", 0},
					   NULL), 0);
	ipfw_ipmmu_trace_stop();
	fclose(f);
	assert_int_equal(t.lines, ipfw_bus_count(IPFW_BUS_WRITE));
	assert_non_null(strstr(out, "0xE67B0048 <- 0x80000080  ipmmu_mm IMTTBCR(1)\n"));
	assert_non_null(strstr(out, "0xE7740040 <- 0x00000007  ipmmu_ds1 IMCTR(1)\n"));
	assert_non_null(strstr(out, "0xE7740600 <- 0x00000013  ipmmu_ds1 IMUCTR(32)\n"));
	assert_null(strstr(out, "->")); /* reads not shown unless asked */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gen4_context_blocks_match_the_section_2_3_table),
		cmocka_unit_test(gen3_context_blocks_are_0x40_apart_from_zero),
		cmocka_unit_test(utlb_registers_split_into_0x300_and_0x600_windows),
		cmocka_unit_test(control_registers_and_ttsel_follow_the_generation),
		cmocka_unit_test(regname_names_context_utlb_and_control_registers),
		cmocka_unit_test(regname_knows_every_context_register_and_no_hole),
		cmocka_unit_test(regname_rejects_unknown_offsets_and_small_buffers),
		cmocka_unit_test(trace_line_prints_address_value_instance_and_register),
		cmocka_unit_test(trace_observer_prints_every_write_the_driver_makes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
