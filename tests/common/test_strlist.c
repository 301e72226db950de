/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ipfw_strlist_next (ipmmu/text.h) against lists written by hand: the
 * strings it hands out, in order, with their lengths, for well-formed
 * lists, empty strings, a last string without its NUL, and no list. Each
 * list is copied into a heap block of exactly its length, so under
 * ASan+UBSan (tests/common/CMakeLists.txt) a read one byte past the
 * property fails the suite.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <ipmmu/text.h>

/* The strings of list[0 .. len) joined by '|', each followed by its
 * length, e.g. "ab:2|c:1|" (the oracle below is written by hand). */
static void strings_of(const char *list, int len, char *out, size_t cap)
{
	char *copy = len > 0 ? malloc((size_t)len) : NULL;
	const char *s;
	int pos = 0, n;
	size_t o = 0;

	if (copy)
		memcpy(copy, list, (size_t)len);
	out[0] = '\0';
	while ((s = ipfw_strlist_next(copy ? copy : list, len, &pos, &n))) {
		assert_true(o + (size_t)n + 4 < cap);
		assert_int_equal(strlen(s), n); /* the string ends at its NUL */
		memcpy(out + o, s, (size_t)n);
		o += (size_t)n;
		out[o++] = ':';
		out[o++] = (char)('0' + n % 10);
		out[o++] = '|';
		out[o] = '\0';
	}
	free(copy);
}

static void strings_come_in_order_with_their_lengths(void **state)
{
	static const char s4[] = "renesas,ipmmu-r8a779f0\0renesas,rcar-gen4-ipmmu-vmsa";
	char out[128];

	(void)state;
	strings_of(s4, sizeof(s4), out, sizeof(out));
	assert_string_equal(out, "renesas,ipmmu-r8a779f0:2|renesas,rcar-gen4-ipmmu-vmsa:8|");
	strings_of("a\0bc\0def", 9, out, sizeof(out));
	assert_string_equal(out, "a:1|bc:2|def:3|");
}

static void empty_strings_are_strings(void **state)
{
	char out[64];

	(void)state;
	strings_of("\0\0x", 4, out, sizeof(out));
	assert_string_equal(out, ":0|:0|x:1|");
	strings_of("", 1, out, sizeof(out));
	assert_string_equal(out, ":0|");
}

static void a_last_string_without_its_nul_is_not_read(void **state)
{
	char out[64];

	(void)state;
	strings_of("ab\0cd", 5, out, sizeof(out)); /* "cd" has no NUL */
	assert_string_equal(out, "ab:2|");
	strings_of("abc", 3, out, sizeof(out));
	assert_string_equal(out, "");
}

static void no_list_or_no_bytes_gives_no_string(void **state)
{
	int pos = 0, n = 77;

	(void)state;
	assert_null(ipfw_strlist_next(NULL, 8, &pos, &n));
	assert_null(ipfw_strlist_next("a", 0, &pos, &n));
	assert_null(ipfw_strlist_next("a", -1, &pos, &n));
	pos = -1;
	assert_null(ipfw_strlist_next("a", 2, &pos, &n));
	assert_int_equal(n, 77); /* untouched when there is no string */
	pos = 2;
	assert_null(ipfw_strlist_next("a", 2, &pos, &n)); /* at the end */
	assert_int_equal(pos, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strings_come_in_order_with_their_lengths),
		cmocka_unit_test(empty_strings_are_strings),
		cmocka_unit_test(a_last_string_without_its_nul_is_not_read),
		cmocka_unit_test(no_list_or_no_bytes_gives_no_string),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
