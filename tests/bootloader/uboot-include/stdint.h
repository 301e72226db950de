/* SPDX-License-Identifier: BSD-3-Clause */
/* U-Boot's <stdint.h> is a stub that defines no type: code that includes it
 * to get uint32_t gets nothing (U-Boot's types are in <linux/types.h>). */
#ifndef BL_UB_STDINT_H
#define BL_UB_STDINT_H
#endif
