/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The one place the library takes its basic types from: uint8_t .. uint64_t,
 * int16_t, int32_t, int64_t, uintptr_t, size_t, bool, NULL.
 *
 * By default these come from the compiler's own freestanding headers.
 * A bootloader whose <stdint.h> is a stub or absent (U-Boot's is) points
 * the library at the header that defines them instead:
 *
 *     -DIPFW_TYPES_HEADER='"linux/types.h"'        (U-Boot)
 *
 * Quotes, not angle brackets: the name is macro-expanded, and GCC for
 * aarch64-linux-gnu predefines `linux` as 1 in its GNU modes.
 * The named header must define every type above; bool must be C's _Bool
 * (true and false as 1 and 0). NULL and the limits of the fixed-width
 * types (INT8_MAX .. UINT64_MAX, UINTPTR_MAX, SIZE_MAX) are defined here
 * from the compiler's predefined macros when it does not define them (U-Boot's
 * <linux/types.h> leaves NULL to <linux/stddef.h> and has no limits).
 */
#ifndef IPMMU_TYPES_H
#define IPMMU_TYPES_H

#ifdef IPFW_TYPES_HEADER
#include IPFW_TYPES_HEADER
#ifndef NULL
#define NULL ((void *)0)
#endif
/* The limits of the fixed-width types, from the compiler, where the header has none. */
#ifndef INT8_MAX
#define INT8_MAX __INT8_MAX__
#endif
#ifndef INT16_MAX
#define INT16_MAX __INT16_MAX__
#endif
#ifndef INT32_MAX
#define INT32_MAX __INT32_MAX__
#endif
#ifndef INT64_MAX
#define INT64_MAX __INT64_MAX__
#endif
#ifndef UINT8_MAX
#define UINT8_MAX __UINT8_MAX__
#endif
#ifndef UINT16_MAX
#define UINT16_MAX __UINT16_MAX__
#endif
#ifndef UINT32_MAX
#define UINT32_MAX __UINT32_MAX__
#endif
#ifndef UINT64_MAX
#define UINT64_MAX __UINT64_MAX__
#endif
#ifndef UINTPTR_MAX
#define UINTPTR_MAX __UINTPTR_MAX__
#endif
#ifndef SIZE_MAX
#define SIZE_MAX __SIZE_MAX__
#endif
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#endif

#endif /* IPMMU_TYPES_H */
