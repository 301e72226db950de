/* SPDX-License-Identifier: BSD-3-Clause */
/* U-Boot names its libfdt header <linux/libfdt.h> (with its own
 * environment, <linux/libfdt_env.h>); the library includes <libfdt.h>.
 * The Kbuild file puts this folder on the library's include path only. */
#include <linux/libfdt.h>
