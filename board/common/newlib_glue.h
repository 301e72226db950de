/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef BOARD_NEWLIB_GLUE_H
#define BOARD_NEWLIB_GLUE_H

/* One character to the board's console (the board provides it). */
void board_console_putc(char c);
/* Leave the program (the board provides it: semihosting, or park). */
void _exit(int status) __attribute__((noreturn));

#endif
