/* SPDX-License-Identifier: BSD-3-Clause */
#include "rcar_cpu.h"

void rcar_dcache_clean_poc(void *ctx, void *cpu, size_t len)
{
	uint32_t ctr, line;
	uintptr_t a, end = (uintptr_t)cpu + len;

	(void)ctx;
	__asm__ volatile("mrc p15, 0, %0, c0, c0, 1" : "=r"(ctr)); /* CTR */
	line = 4u << ((ctr >> 16) & 0xFu);                         /* DminLine: log2 words */
	for (a = (uintptr_t)cpu & ~(uintptr_t)(line - 1u); a < end; a += line)
		__asm__ volatile("mcr p15, 0, %0, c7, c10, 1" : : "r"(a) : "memory"); /* DCCMVAC */
	__asm__ volatile("dsb sy" : : : "memory");
}

void rcar_udelay(void *ctx, uint32_t us)
{
	uint32_t n = *(const uint32_t *)ctx * us;

	/* subs + bne: at least one cycle per iteration */
	__asm__ volatile("1:\tsubs %0, %0, #1\n\tbhi 1b" : "+r"(n) : : "cc");
}

uint32_t rcar_read32(uintptr_t addr)
{
	return *(const volatile uint32_t *)addr;
}
