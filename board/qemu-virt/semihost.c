/* SPDX-License-Identifier: BSD-3-Clause */
#include "board.h"

#define SEMIHOST_SYS_EXIT 0x18u
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u /* QEMU exits 0 */
#define ADP_STOPPED_RUNTIME_ERROR 0x20023u    /* QEMU exits 1 */

/* ARM-state trap in start.S: "svc 0x123456" with r0 = op, r1 = arg. */
void qemu_virt_semihost_call(uint32_t op, uint32_t arg);

void qemu_virt_exit(int status)
{
	qemu_virt_semihost_call(SEMIHOST_SYS_EXIT, status == 0 ? ADP_STOPPED_APPLICATION_EXIT
							    : ADP_STOPPED_RUNTIME_ERROR);
	for (;;)
		;
}

static void put_hex(uint32_t v)
{
	static const char digits[] = "0123456789abcdef";

	qemu_virt_uart_puts("0x");
	for (int s = 28; s >= 0; s -= 4)
		qemu_virt_uart_putc(digits[(v >> s) & 0xF]);
}

uint32_t qemu_virt_cpu_mode(void)
{
	uint32_t cpsr;

	__asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
	return cpsr & 0x1F;
}

void qemu_virt_unexpected(uint32_t vector, uint32_t pc)
{
	qemu_virt_uart_puts("\nFATAL: unexpected exception, vector ");
	put_hex(vector & 0xFF);
	qemu_virt_uart_puts(vector & 0x100 ? " (Hyp)" : " (PL1)");
	qemu_virt_uart_puts(" at pc ");
	put_hex(pc);
	qemu_virt_uart_puts("\n");
	qemu_virt_exit(1);
}
