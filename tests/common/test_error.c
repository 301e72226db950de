/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <ipmmu/error.h>

/* Every code is negative except OK, and the values are distinct. */
static void codes_are_negative_and_unique(void **state)
{
	static const int codes[] = {
#define CODE_(name, value, text) (value),
		IPFW_ERROR_LIST(CODE_)
#undef CODE_
	};
	const size_t n = sizeof(codes) / sizeof(codes[0]);

	(void)state;
	assert_int_equal(codes[0], 0);
	for (size_t i = 1; i < n; i++) {
		assert_true(codes[i] < 0);
		for (size_t j = 0; j < i; j++)
			assert_int_not_equal(codes[i], codes[j]);
	}
}

/* Names come from the enum spelling, so logs and headers agree. */
static void errname_spells_the_enum(void **state)
{
	(void)state;
	assert_string_equal(ipfw_errname(IPFW_OK), "IPFW_OK");
	assert_string_equal(ipfw_errname(IPFW_E_NOMEM), "IPFW_E_NOMEM");
	assert_string_equal(ipfw_errname(IPFW_E_UTLB_CONFLICT), "IPFW_E_UTLB_CONFLICT");
	assert_string_equal(ipfw_errname(IPFW_E_VERIFY), "IPFW_E_VERIFY");
}

static void strerror_has_text_for_every_code(void **state)
{
#define CHECK_(name, value, text)                                               \
	assert_string_equal(ipfw_strerror(value), text);                            \
	assert_true(strlen(ipfw_strerror(value)) > 5);
	(void)state;
	IPFW_ERROR_LIST(CHECK_)
#undef CHECK_
	assert_string_equal(ipfw_strerror(IPFW_E_TIMEOUT),
			    "hardware did not complete within the poll limit");
}

/* Unknown values never give NULL: a log line must not crash the loader. */
static void unknown_codes_are_safe(void **state)
{
	(void)state;
	assert_string_equal(ipfw_errname(-9999), "IPFW_E_?");
	assert_string_equal(ipfw_strerror(-9999), "unknown error");
	assert_string_equal(ipfw_strerror(12345), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(codes_are_negative_and_unique),
		cmocka_unit_test(errname_spells_the_enum),
		cmocka_unit_test(strerror_has_text_for_every_code),
		cmocka_unit_test(unknown_codes_are_safe),
	};
	return cmocka_run_group_tests_name("common.error", tests, NULL, NULL);
}
