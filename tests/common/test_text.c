/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The bounded text builder and string helpers (ipmmu/text.h) against
 * hand-written expectations: what lands in the buffer byte by byte, what is
 * never written (guard bytes on both sides), and the return contract of
 * ipfw_text_end on a buffer of 0, 1 and n bytes. This suite compiles
 * src/common itself under ASan+UBSan (tests/common/CMakeLists.txt), so a
 * read or write one past a buffer or table fails it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <ipmmu/error.h>
#include <ipmmu/text.h>

#define GUARD 0x5A

/* buf[1 .. n] is the text buffer; buf[0] and buf[n + 1 ..] are guards. */
struct guarded {
	char b[40];
};

static char *guarded_init(struct guarded *g)
{
	memset(g->b, GUARD, sizeof(g->b));
	return g->b + 1;
}

static void expect_untouched_from(const struct guarded *g, size_t from)
{
	assert_int_equal((unsigned char)g->b[0], GUARD);
	for (size_t i = from; i < sizeof(g->b); i++)
		assert_int_equal((unsigned char)g->b[i], GUARD);
}

static void init_terminates_the_buffer_and_writes_nothing_else(void **state)
{
	struct guarded g;
	struct ipfw_text t;
	char *buf = guarded_init(&g);

	(void)state;
	ipfw_text_init(&t, buf, 8);
	assert_int_equal(buf[0], '\0');
	expect_untouched_from(&g, 2);
	assert_int_equal(ipfw_text_end(&t), 0);
	assert_false(t.overflow);
}

static void a_zero_length_buffer_is_never_written(void **state)
{
	struct guarded g;
	struct ipfw_text t;
	char *buf = guarded_init(&g);

	(void)state;
	ipfw_text_init(&t, buf, 0);
	ipfw_text_str(&t, "abc");
	ipfw_text_dec(&t, 12);
	ipfw_text_hex(&t, 0xAB, 2, false);
	assert_true(t.overflow);
	assert_int_equal(ipfw_text_end(&t), IPFW_E_NOSPACE);
	expect_untouched_from(&g, 1);
}

static void a_one_byte_buffer_holds_only_the_terminator(void **state)
{
	struct guarded g;
	struct ipfw_text t;
	char *buf = guarded_init(&g);

	(void)state;
	ipfw_text_init(&t, buf, 1);
	assert_false(t.overflow);
	ipfw_text_str(&t, "a");
	assert_true(t.overflow);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(ipfw_text_end(&t), IPFW_E_NOSPACE);
	expect_untouched_from(&g, 2);
}

static void text_that_fits_exactly_is_not_an_overflow(void **state)
{
	struct guarded g;
	struct ipfw_text t;
	char *buf = guarded_init(&g);

	(void)state;
	ipfw_text_init(&t, buf, 5);
	ipfw_text_str(&t, "abcd");
	assert_false(t.overflow);
	assert_int_equal(ipfw_text_end(&t), 4);
	assert_string_equal(buf, "abcd");
	expect_untouched_from(&g, 6);
	/* one more byte is cut, and said so */
	ipfw_text_str(&t, "e");
	assert_int_equal(ipfw_text_end(&t), IPFW_E_NOSPACE);
	assert_string_equal(buf, "abcd");
	expect_untouched_from(&g, 6);
}

static void a_null_string_adds_nothing(void **state)
{
	char buf[8];
	struct ipfw_text t;

	(void)state;
	ipfw_text_init(&t, buf, sizeof(buf));
	ipfw_text_str(&t, "x");
	ipfw_text_str(&t, NULL);
	ipfw_text_str(&t, "");
	assert_int_equal(ipfw_text_end(&t), 1);
	assert_string_equal(buf, "x");
}

static void decimal_covers_every_uint32_width(void **state)
{
	static const struct {
		uint32_t v;
		const char *text;
	} cases[] = {
		{0, "0"},          {7, "7"},           {10, "10"},         {99, "99"},
		{100, "100"},      {65535, "65535"},   {999999999, "999999999"},
		{1000000000, "1000000000"},            {4294967295u, "4294967295"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[16];
		struct ipfw_text t;

		ipfw_text_init(&t, buf, sizeof(buf));
		ipfw_text_dec(&t, cases[i].v);
		assert_int_equal(ipfw_text_end(&t), (int)strlen(cases[i].text));
		assert_string_equal(buf, cases[i].text);
	}
}

static void hex_prints_the_digits_asked_for_in_either_case(void **state)
{
	char buf[24];
	struct ipfw_text t;

	(void)state;
	ipfw_text_init(&t, buf, sizeof(buf));
	ipfw_text_hex(&t, 0xE6740300u, 8, false);
	assert_string_equal(buf, "0xe6740300");
	ipfw_text_init(&t, buf, sizeof(buf));
	ipfw_text_hex(&t, 0x0000FEDCBA987654ull, 16, true);
	assert_string_equal(buf, "0x0000FEDCBA987654");
	ipfw_text_init(&t, buf, sizeof(buf));
	ipfw_text_hex(&t, 0x12345u, 3, false); /* the low digits only */
	assert_string_equal(buf, "0x345");
	ipfw_text_init(&t, buf, sizeof(buf));
	ipfw_text_hex(&t, 0xFu, 0, false);
	assert_string_equal(buf, "0x");
	assert_int_equal(ipfw_text_end(&t), 2);
}

static void streq_is_null_safe_and_exact(void **state)
{
	(void)state;
	assert_true(ipfw_streq("mmc", "mmc"));
	assert_true(ipfw_streq("", ""));
	assert_false(ipfw_streq("mmc", "mmc0"));
	assert_false(ipfw_streq("mmc0", "mmc"));
	assert_false(ipfw_streq("mmc", "mmd"));
	assert_false(ipfw_streq(NULL, "a"));
	assert_false(ipfw_streq("a", NULL));
	assert_false(ipfw_streq(NULL, NULL));
}

static void strlcpy_truncates_terminates_and_respects_zero_length(void **state)
{
	struct guarded g;
	char *buf = guarded_init(&g);

	(void)state;
	ipfw_strlcpy(buf, "abc", 0);
	expect_untouched_from(&g, 1);
	ipfw_strlcpy(buf, "abcdef", 4);
	assert_string_equal(buf, "abc");
	expect_untouched_from(&g, 5);
	ipfw_strlcpy(buf, "ab", 4);
	assert_string_equal(buf, "ab");
	ipfw_strlcpy(buf, NULL, 4);
	assert_string_equal(buf, "");
	ipfw_strlcpy(buf, "abc", 1);
	assert_string_equal(buf, "");
	expect_untouched_from(&g, 5);
}

static void unknown_codes_have_a_placeholder_name_and_text(void **state)
{
	(void)state;
	assert_string_equal(ipfw_errname(1), "IPFW_E_?");
	assert_string_equal(ipfw_strerror(1), "unknown error");
	assert_string_equal(ipfw_errname(-100000), "IPFW_E_?");
	/* the last code of the list is found (the search reaches the end) */
	assert_string_equal(ipfw_errname(IPFW_E_NOBINDING), "IPFW_E_NOBINDING");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_terminates_the_buffer_and_writes_nothing_else),
		cmocka_unit_test(a_zero_length_buffer_is_never_written),
		cmocka_unit_test(a_one_byte_buffer_holds_only_the_terminator),
		cmocka_unit_test(text_that_fits_exactly_is_not_an_overflow),
		cmocka_unit_test(a_null_string_adds_nothing),
		cmocka_unit_test(decimal_covers_every_uint32_width),
		cmocka_unit_test(hex_prints_the_digits_asked_for_in_either_case),
		cmocka_unit_test(streq_is_null_safe_and_exact),
		cmocka_unit_test(strlcpy_truncates_terminates_and_respects_zero_length),
		cmocka_unit_test(unknown_codes_have_a_placeholder_name_and_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
