/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ipmmu/version.h>

/* The string the QEMU image prints is built from the three macros, and
 * the macros agree with the version CMake read (IPFW_TEST_VERSION). */
static void version_string_matches_the_build(void **state)
{
	(void)state;
	assert_string_equal(ipfw_version(), "ipmmu-fw " IPFW_TEST_VERSION);
	assert_string_equal(IPFW_VERSION_STRING, IPFW_TEST_VERSION);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(version_string_matches_the_build),
	};
	return cmocka_run_group_tests_name("common.version", tests, NULL, NULL);
}
