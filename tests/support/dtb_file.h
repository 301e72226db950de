/* SPDX-License-Identifier: BSD-3-Clause */
/* Host tests: load DIR/NAME.dtb into the heap (the caller frees it). The
 * blob must pass fdt_check_header() and fit the file; anything else ends
 * the test program with a message naming the file. */
#ifndef IPFW_TESTS_DTB_FILE_H
#define IPFW_TESTS_DTB_FILE_H

void *ipfw_test_load_dtb(const char *dir, const char *name);

#endif
