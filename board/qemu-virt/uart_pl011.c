/* SPDX-License-Identifier: BSD-3-Clause */
#include "board.h"

#define PL011_DR 0x00u
#define PL011_FR 0x18u
#define PL011_FR_TXFF (1u << 5)

void qemu_virt_uart_putc(char c)
{
	volatile uint32_t *fr = (volatile uint32_t *)(QEMU_VIRT_UART_BASE + PL011_FR);
	volatile uint32_t *dr = (volatile uint32_t *)(QEMU_VIRT_UART_BASE + PL011_DR);

	while (*fr & PL011_FR_TXFF)
		;
	*dr = (uint32_t)(unsigned char)c;
}

void qemu_virt_uart_puts(const char *s)
{
	while (*s)
		qemu_virt_uart_putc(*s++);
}
