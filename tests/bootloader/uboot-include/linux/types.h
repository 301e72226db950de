/* SPDX-License-Identifier: BSD-3-Clause */
/* The shape of U-Boot's <linux/types.h>: the kernel-style and C99 fixed-width
 * types, uintptr_t as unsigned long, size_t, bool from <stdbool.h>; no NULL
 * (U-Boot has that in <linux/stddef.h>). */
#ifndef BL_UB_LINUX_TYPES_H
#define BL_UB_LINUX_TYPES_H
#include <stdbool.h>
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char int8_t;
typedef short int16_t;
typedef int int32_t;
typedef long long int64_t;
typedef u8 uint8_t;
typedef u16 uint16_t;
typedef u32 uint32_t;
typedef u64 uint64_t;
typedef unsigned long uintptr_t;
typedef __SIZE_TYPE__ size_t;
#endif
