/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Bad-input cases: assert the error code AND log the case for the
 * robustness catalogue (docs/robustness.md, made by
 * scripts/robustness-report from a real run of the suite).
 *
 *   IPFW_BADINPUT("dt: iommus", "phandle 0 in entry 1", IPFW_E_DT_PHANDLE,
 *                 ipfw_dt_...(...));
 *
 * The call is evaluated once; the test fails unless it returns `expected`.
 * With IPFW_BADINPUT_LOG set in the environment, one tab-separated line is
 * appended there per case: class, input, expected, actual, file, test.
 * Include after <cmocka.h>.
 */
#ifndef IPFW_TESTS_BADINPUT_H
#define IPFW_TESTS_BADINPUT_H

void ipfw_badinput_record(const char *klass, const char *what, int expected, int actual,
			  const char *file, const char *test);

#define IPFW_BADINPUT(klass, what, expected, call)                                      \
	do {                                                                                \
		int ipfw_bi_actual_ = (call);                                                   \
		ipfw_badinput_record((klass), (what), (expected), ipfw_bi_actual_, __FILE__,    \
				     __func__);                                                         \
		assert_int_equal(ipfw_bi_actual_, (expected));                                  \
	} while (0)

#endif
