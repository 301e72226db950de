/* SPDX-License-Identifier: BSD-3-Clause */
#include "dtb_file.h"

#include <stdio.h>
#include <stdlib.h>

#include <libfdt.h>

__attribute__((noreturn)) static void fail(const char *what, const char *path)
{
	fprintf(stderr, "ipfw_test_load_dtb: %s: %s\n", what, path);
	abort();
}

void *ipfw_test_load_dtb(const char *dir, const char *name)
{
	char path[512];
	FILE *f;
	long size = 0;
	void *blob;

	snprintf(path, sizeof(path), "%s/%s.dtb", dir, name);
	f = fopen(path, "rb");
	if (!f)
		fail("cannot open", path);
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET))
		fail("cannot size", path);
	blob = malloc((size_t)size);
	if (!blob || fread(blob, 1, (size_t)size, f) != (size_t)size)
		fail("cannot read", path);
	fclose(f);
	if (fdt_check_header(blob) || fdt_totalsize(blob) > (size_t)size)
		fail("not a device tree blob", path);
	return blob;
}
