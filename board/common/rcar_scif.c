/* SPDX-License-Identifier: BSD-3-Clause */
#include "rcar_scif.h"

/* Register layout shared by SCIF and HSCIF for what we use. */
#define SCIF_FTDR 0x0Cu /* 8-bit transmit FIFO data */
#define SCIF_FSR 0x10u  /* 16-bit serial status */
#define SCIF_FSR_TEND (1u << 6)
#define SCIF_FSR_TDFE (1u << 5)

static uintptr_t rcar_scif_base;

void rcar_scif_init(uintptr_t base)
{
	rcar_scif_base = base;
}

void rcar_scif_putc(char c)
{
	volatile uint16_t *fsr = (volatile uint16_t *)(rcar_scif_base + SCIF_FSR);
	volatile uint8_t *ftdr = (volatile uint8_t *)(rcar_scif_base + SCIF_FTDR);

	if (!rcar_scif_base)
		return;
	while (!(*fsr & SCIF_FSR_TDFE))
		;
	*ftdr = (uint8_t)c;
	/* Status flags clear by writing 0 after reading 1; write 1 elsewhere. */
	*fsr = (uint16_t)~(SCIF_FSR_TDFE | SCIF_FSR_TEND);
}

void rcar_scif_puts(const char *s)
{
	while (*s)
		rcar_scif_putc(*s++);
}
