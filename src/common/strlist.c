/* SPDX-License-Identifier: BSD-3-Clause */
/* The strings of a NUL-separated list, such as a compatible property. */
#include <ipmmu/text.h>

const char *ipfw_strlist_next(const char *list, int len, int *pos, int *n)
{
	int at = *pos, end = at;

	if (!list || at < 0)
		return 0;
	while (end < len && list[end])
		end++;
	if (end >= len) /* the end, or a last string without its NUL */
		return 0;
	*n = end - at;
	*pos = end + 1;
	return list + at;
}
