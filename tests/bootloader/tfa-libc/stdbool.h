/* SPDX-License-Identifier: BSD-3-Clause */
/* A bootloader's own <stdbool.h>. */
#ifndef BL_STDBOOL_H
#define BL_STDBOOL_H
#define bool _Bool
#define true 1
#define false 0
#endif
