/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The one place the library takes its basic types from: uint8_t .. uint64_t,
 * int16_t, int32_t, int64_t, uintptr_t, size_t, bool, NULL.
 *
 * By default these come from the compiler's own freestanding headers.
 * A bootloader whose <stdint.h> is a stub or absent (U-Boot's is) points
 * the library at the header that defines them instead:
 *
 *     -DIPFW_TYPES_HEADER='<linux/types.h>'        (U-Boot)
 *
 * The named header must define every type above and NULL; bool must be
 * C's _Bool (true and false as 1 and 0).
 */
#ifndef IPMMU_TYPES_H
#define IPMMU_TYPES_H

#ifdef IPFW_TYPES_HEADER
#include IPFW_TYPES_HEADER
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#endif

#endif /* IPMMU_TYPES_H */
