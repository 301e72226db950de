/* SPDX-License-Identifier: BSD-3-Clause */
/* Board support for QEMU virt (Cortex-A15 with virtualization). */
#ifndef QEMU_VIRT_BOARD_H
#define QEMU_VIRT_BOARD_H

#include <stddef.h>
#include <stdint.h>

#define QEMU_VIRT_RAM_BASE 0x40000000u
#define QEMU_VIRT_UART_BASE 0x09000000u

/* What the last faulted probe recorded (see start.S). */
struct qemu_virt_fault_info {
	uint32_t kind;   /* 1: stage 1 (DFSR/DFAR), 2: stage 2 (HSR/HDFAR/HPFAR) */
	uint32_t syndrome; /* DFSR or HSR */
	uint32_t va;     /* DFAR or HDFAR */
	uint32_t hpfar;  /* stage 2 only: IPA[39:12] in bits [31:4] */
	uint32_t reserved;
	uint32_t count;  /* faulted probes since reset */
};
extern volatile struct qemu_virt_fault_info qemu_virt_fault;

/* Access that may abort: 0 on success, -1 after a recorded data abort. */
int qemu_virt_probe_read32(uint32_t addr, uint32_t *val);
int qemu_virt_probe_write32(uint32_t addr, uint32_t val);

/* Drop from Hyp to SVC mode on the same stack. */
void qemu_virt_enter_svc(void);

/* Current CPSR mode field (0x1a Hyp, 0x13 SVC). */
uint32_t qemu_virt_cpu_mode(void);

/* Clean [cpu, cpu + len) to the point of coherency (DCCMVAC, 64-byte
 * lines); fits the library's table-write hook (ctx unused). */
void qemu_virt_clean_to_poc(void *ctx, void *cpu, size_t len);

/* Stage-1 MMU on with the LPAE registers given (MAIR0/1, TTBCR, TTBR0),
 * after TLBIALL; and off again. The tables must already be clean. */
void qemu_virt_s1_mmu_on(uint64_t mair, uint32_t ttbcr, uint64_t ttbr0);
void qemu_virt_s1_mmu_off(void);

/* Raw console output, usable from exception context. */
void qemu_virt_uart_putc(char c);
void qemu_virt_uart_puts(const char *s);

/* End the run through semihosting: status 0 is success, anything else
 * makes QEMU exit with status 1. Never returns. */
void qemu_virt_exit(int status) __attribute__((noreturn));

/* Called by start.S for an exception nobody expected. */
void qemu_virt_unexpected(uint32_t vector, uint32_t pc) __attribute__((noreturn));

#endif
