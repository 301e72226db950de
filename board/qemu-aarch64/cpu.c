/* SPDX-License-Identifier: BSD-3-Clause */
/* Semihosting exit, the exception report, cache maintenance. */
#include "board.h"

#define SEMIHOST_SYS_EXIT 0x18u
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u /* QEMU exits 0 */
#define ADP_STOPPED_RUNTIME_ERROR 0x20023u    /* QEMU exits 1 */

volatile struct qemu_a64_fault_info qemu_a64_fault;
volatile struct qemu_a64_cur_fault_info qemu_a64_cur_fault;
uint64_t qemu_a64_boot_x0;

void qemu_a64_exit(int status)
{
	/* AArch64 SYS_EXIT takes a block: reason, subcode. */
	static uint64_t block[2];

	block[0] = status == 0 ? ADP_STOPPED_APPLICATION_EXIT : ADP_STOPPED_RUNTIME_ERROR;
	block[1] = (uint64_t)(uint32_t)status;
	qemu_a64_semihost(SEMIHOST_SYS_EXIT, block);
	for (;;)
		;
}

unsigned int qemu_a64_current_el(void)
{
	uint64_t el;

	__asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
	return (unsigned int)(el >> 2) & 3u;
}

void qemu_a64_unexpected(uint64_t vector, uint64_t elr, uint64_t esr)
{
	qemu_a64_printf("\nFATAL: unexpected exception, vector 0x%03lx at EL%u, ELR 0x%lx, "
			"ESR 0x%08lx\n",
			(unsigned long)vector, qemu_a64_current_el(), (unsigned long)elr,
			(unsigned long)esr);
	qemu_a64_exit(1);
}

void qemu_a64_clean_to_poc(void *ctx, void *cpu, size_t len)
{
	uintptr_t a = (uintptr_t)cpu & ~(uintptr_t)63u;
	uintptr_t end = (uintptr_t)cpu + len;

	(void)ctx;
	for (; a < end; a += 64u)
		__asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
	__asm__ volatile("dsb sy" : : : "memory");
}
