/* SPDX-License-Identifier: BSD-3-Clause */
/* The images build -nostdinc (no C library's headers): the one stdio
 * function the shared board/qemu-virt/bringup.c calls, from console.c. */
#ifndef QEMU_A64_STDIO_H
#define QEMU_A64_STDIO_H

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
