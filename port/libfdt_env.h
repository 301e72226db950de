/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libfdt's environment header, for the builds that compile libfdt from the
 * Linux 6.1 sources (every cross target, and the fuzz build).
 *
 * libfdt leaves this header to whoever embeds it (TF-A and U-Boot each
 * ship their own). The one in the kernel tree is written for a hosted C
 * library: it includes <stdlib.h>, <string.h> and <limits.h>. A bare-metal
 * compiler has none of those (Debian's aarch64-linux-gnu-gcc without the
 * cross libc then falls back to the host's /usr/include and fails), so this
 * one uses only the compiler's own freestanding headers and declares the
 * few C library functions libfdt calls. A bootloader supplies them:
 * memchr, memcmp, memcpy, memmove, memset, strchr, strlen, strnlen,
 * strrchr and strtoul (fdt_overlay.c only).
 *
 * The build copies libfdt's sources next to this file's copy, because
 * libfdt includes "libfdt_env.h" with quotes: the kernel's copy beside
 * fdt.c would otherwise always win.
 */
#ifndef LIBFDT_ENV_H
#define LIBFDT_ENV_H

/* The basic types from where the library takes them (IPFW_TYPES_HEADER). */
#include <ipmmu/types.h>

/* <limits.h> of a freestanding GCC forwards to the C library's copy;
 * the compiler's predefined macro gives the one libfdt uses. */
#ifndef INT_MAX
#define INT_MAX __INT_MAX__
#endif

void *memchr(const void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
char *strchr(const char *s, int c);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
char *strrchr(const char *s, int c);
unsigned long strtoul(const char *s, char **end, int base);

/* Cells are big-endian in the blob. libfdt reads them through these. */
typedef uint16_t fdt16_t;
typedef uint32_t fdt32_t;
typedef uint64_t fdt64_t;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define IPFW_FDT_BE16_(x) __builtin_bswap16(x)
#define IPFW_FDT_BE32_(x) __builtin_bswap32(x)
#define IPFW_FDT_BE64_(x) __builtin_bswap64(x)
#elif __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define IPFW_FDT_BE16_(x) (x)
#define IPFW_FDT_BE32_(x) (x)
#define IPFW_FDT_BE64_(x) (x)
#else
#error "libfdt_env.h: the compiler does not say the byte order (__BYTE_ORDER__)"
#endif

/* Each conversion is its own inverse: a byte swap, or nothing. */
static inline uint16_t fdt16_to_cpu(fdt16_t x) { return IPFW_FDT_BE16_(x); }
static inline fdt16_t cpu_to_fdt16(uint16_t x) { return IPFW_FDT_BE16_(x); }
static inline uint32_t fdt32_to_cpu(fdt32_t x) { return IPFW_FDT_BE32_(x); }
static inline fdt32_t cpu_to_fdt32(uint32_t x) { return IPFW_FDT_BE32_(x); }
static inline uint64_t fdt64_to_cpu(fdt64_t x) { return IPFW_FDT_BE64_(x); }
static inline fdt64_t cpu_to_fdt64(uint64_t x) { return IPFW_FDT_BE64_(x); }

#endif /* LIBFDT_ENV_H */
