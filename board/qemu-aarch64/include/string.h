/* SPDX-License-Identifier: BSD-3-Clause */
/* The images build -nostdinc: the string functions they and the library
 * call (tests/link/bootloader_libc.c, strcmp from console.c). */
#ifndef QEMU_A64_STRING_H
#define QEMU_A64_STRING_H

#include <stddef.h>

void *memchr(const void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int strcmp(const char *a, const char *b);
char *strchr(const char *s, int c);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
char *strrchr(const char *s, int c);

#endif
