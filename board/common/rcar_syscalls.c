/* SPDX-License-Identifier: BSD-3-Clause */
/* The R-Car RT-core images' side of the newlib glue: the SCIF is the
 * console, and _exit parks the core (there is no host to return to). */
#include "newlib_glue.h"
#include "rcar_scif.h"

void board_console_putc(char c)
{
	rcar_scif_putc(c);
}

void _exit(int status)
{
	(void)status;
	for (;;)
		__asm__ volatile("wfi");
}
