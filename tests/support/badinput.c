/* SPDX-License-Identifier: BSD-3-Clause */
/* Host-only: appends bad-input cases to $IPFW_BADINPUT_LOG. */
#include "badinput.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ipmmu/error.h>

void ipfw_badinput_record(const char *klass, const char *what, int expected, int actual,
			  const char *file, const char *test)
{
	const char *path = getenv("IPFW_BADINPUT_LOG");
	const char *base = strrchr(file, '/');
	FILE *f;

	if (!path || !*path)
		return;
	f = fopen(path, "a");
	if (!f)
		return;
	fprintf(f, "%s\t%s\t%s\t%s\t%s\t%s\n", klass, what, ipfw_errname(expected),
		ipfw_errname(actual), base ? base + 1 : file, test);
	fclose(f);
}
