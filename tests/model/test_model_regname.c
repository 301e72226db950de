/* SPDX-License-Identifier: BSD-3-Clause */
/* Register names for MMIO traces, checked at the worked addresses of
 * docs/ipmmu-vmsa.md 8 (H3 and S4). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "model_fixture.h"

struct name_case {
	uintptr_t addr;
	const char *name;
};

static void check(const struct name_case *c, size_t n)
{
	char buf[64];

	for (size_t i = 0; i < n; i++) {
		int len = ipfw_model_regname(&fx_model, c[i].addr, buf, sizeof(buf));

		assert_string_equal(buf, c[i].name);
		assert_int_equal(len, (int)strlen(c[i].name));
	}
}

static void h3_registers_are_named(void **state)
{
	static const struct name_case cases[] = {
		{0xE7740600u, "ipmmu_ds1 IMUCTR(32)"},   /* SDHI0 */
		{0xE7740608u, "ipmmu_ds1 IMUASID(32)"},
		{0xE77404F0u, "ipmmu_ds1 IMUCTR(31)"},
		{0xE77406F0u, "ipmmu_ds1 IMUCTR(47)"},
		{0xE6740300u, "ipmmu_ds0 IMUCTR(0)"},
		{0xE67B0040u, "ipmmu_mm IMCTR(1)"},
		{0xE67B0060u, "ipmmu_mm IMSTR(1)"},
		{0xE67B01F4u, "ipmmu_mm IMEUAR(7)"},
		{0xE67B0500u, "ipmmu_mm IMSCTLR"},
		{0xE67B0504u, "ipmmu_mm IMSAUXCTLR"},
		{0xE7740048u, "ipmmu_ds1 IMTTBCR(1)"}, /* named even on a cache */
		{0xE7740510u, "ipmmu_ds1 +0x510"},     /* not uTLB 33 */
		{0xE67B0004u, "ipmmu_mm +0x4"},
		{0xE6000000u, "0xe6000000"},
	};

	(void)state;
	fx_setup(IPFW_MODEL_GEN3);
	check(cases, sizeof(cases) / sizeof(cases[0]));
}

static void s4_registers_are_named(void **state)
{
	static const struct name_case cases[] = {
		{0xEED03600u, "ipmmu_ds0 IMUCTR(32)"},  /* mmc0 */
		{0xEED037F8u, "ipmmu_ds0 IMUASID(63)"},
		{0xEEFD1040u, "ipmmu_mm IMCTR(1)"},     /* EEFC0000 + 0x11040 */
		{0xEEFD8800u, "ipmmu_mm IMCTR(8)"},
		{0xEEFDF9D0u, "ipmmu_mm IMTTLBR0(15)"},
		{0xEED41500u, "ipmmu_hc IMSCTLR"},
		{0xEEFD8200u, "ipmmu_mm +0x18200"},
	};

	(void)state;
	fx_setup(IPFW_MODEL_GEN4);
	check(cases, sizeof(cases) / sizeof(cases[0]));
}

static void short_buffer_truncates_and_reports_full_length(void **state)
{
	char buf[8];

	(void)state;
	fx_setup(IPFW_MODEL_GEN3);
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(ipfw_model_regname(&fx_model, 0xE7740600u, buf, sizeof(buf)), 20);
	assert_string_equal(buf, "ipmmu_d");
	assert_int_equal(ipfw_model_regname(&fx_model, 0xE7740600u, NULL, 0), 20);
	assert_int_equal(ipfw_model_regname(NULL, 0xE7740600u, buf, sizeof(buf)),
			 IPFW_MODEL_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(h3_registers_are_named),
		cmocka_unit_test(s4_registers_are_named),
		cmocka_unit_test(short_buffer_truncates_and_reports_full_length),
	};

	return cmocka_run_group_tests_name("model.regname", tests, NULL, NULL);
}
