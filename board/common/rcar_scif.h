/* SPDX-License-Identifier: BSD-3-Clause */
/* Polled transmit on an R-Car SCIF/HSCIF that earlier boot stages already
 * configured (pins, baud rate): the RT-core image only writes characters. */
#ifndef RCAR_SCIF_H
#define RCAR_SCIF_H

#include <stdint.h>

void rcar_scif_init(uintptr_t base);
void rcar_scif_putc(char c);
void rcar_scif_puts(const char *s);

#endif
