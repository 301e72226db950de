/* SPDX-License-Identifier: BSD-3-Clause */
/* The QEMU virt images' side of the newlib glue: the PL011 is the console
 * and _exit ends the run through semihosting with the status. */
#include "board.h"
#include "newlib_glue.h"

volatile struct qemu_virt_fault_info qemu_virt_fault;

void board_console_putc(char c)
{
	qemu_virt_uart_putc(c);
}

void _exit(int status)
{
	qemu_virt_exit(status);
}
