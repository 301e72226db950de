/* SPDX-License-Identifier: BSD-3-Clause */
/* Board support for QEMU virt, AArch64 (Cortex-A57). */
#ifndef QEMU_A64_BOARD_H
#define QEMU_A64_BOARD_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define QEMU_A64_RAM_BASE 0x40000000u
#define QEMU_A64_RAM_SIZE 0x10000000u /* scripts/run-qemu: -m 256M */
#define QEMU_A64_UART_BASE 0x09000000u

/* What qemu_a64_el1_call returns when the EL1 function took a data abort
 * to EL2 (a stage-2 fault); qemu_a64_fault says which. */
#define QEMU_A64_FAULTED (-1L)

struct qemu_a64_fault_info {
	uint64_t esr;   /* ESR_EL2 */
	uint64_t far;   /* FAR_EL2: the faulting VA (= IPA, stage 1 off) */
	uint64_t hpfar; /* HPFAR_EL2: IPA[39:12] in bits [35:4] */
	uint64_t count; /* faults since reset */
};
extern volatile struct qemu_a64_fault_info qemu_a64_fault;

/* The last data abort a probe took at EL2 itself (stage 1 of EL2). */
struct qemu_a64_cur_fault_info {
	uint64_t esr;   /* ESR_EL2 */
	uint64_t far;   /* FAR_EL2 */
	uint64_t count;
};
extern volatile struct qemu_a64_cur_fault_info qemu_a64_cur_fault;

/* An access at EL2 that may abort: 0, or -1 after a recorded abort. */
int qemu_a64_probe_read32(uint32_t addr, uint32_t *val);
int qemu_a64_probe_write32(uint32_t addr, uint32_t val);

/* x0 as QEMU left it at entry. */
extern uint64_t qemu_a64_boot_x0;

/* Run fn(a, b) at EL1h and return its result (or QEMU_A64_FAULTED). */
typedef long qemu_a64_el1_fn(long a, long b);
long qemu_a64_el1_call(qemu_a64_el1_fn *fn, long a, long b);

/* Current exception level (0..3). */
unsigned int qemu_a64_current_el(void);

/* Clean [cpu, cpu + len) to the point of coherency (DC CVAC, 64-byte
 * lines); fits the library's table-write hook (ctx unused). */
void qemu_a64_clean_to_poc(void *ctx, void *cpu, size_t len);

/* Console on the PL011: raw output and a small printf (%s %c %d %u %x
 * %p, with l/ll, width and 0 flag; '#' gives 0x). */
void qemu_a64_putc(char c);
void qemu_a64_puts(const char *s);
int qemu_a64_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int qemu_a64_vprintf(const char *fmt, va_list ap);
/* printf and strcmp (console.c) are declared in include/stdio.h and
 * include/string.h: the images build without a C library's headers. */

/* Semihosting (HLT #0xF000), and the run's end: status 0 is success,
 * anything else makes QEMU exit with status 1. */
uint64_t qemu_a64_semihost(uint32_t op, const void *arg);
void qemu_a64_exit(int status) __attribute__((noreturn));

/* Called by start.S for an exception nobody expected. */
void qemu_a64_unexpected(uint64_t vector, uint64_t elr, uint64_t esr) __attribute__((noreturn));

#endif
