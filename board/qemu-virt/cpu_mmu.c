/* SPDX-License-Identifier: BSD-3-Clause */
/* The Cortex-A15's own stage-1 MMU and data cache, as the images use them
 * to check tables the library built (design.md, "Oracles"). */
#include <stddef.h>
#include <stdint.h>

#include "board.h"

void qemu_virt_clean_to_poc(void *ctx, void *cpu, size_t len)
{
	uintptr_t a = (uintptr_t)cpu & ~(uintptr_t)63u;
	uintptr_t end = (uintptr_t)cpu + len;

	(void)ctx;
	for (; a < end; a += 64u)
		__asm__ volatile("mcr p15, 0, %0, c7, c10, 1" : : "r"(a) : "memory"); /* DCCMVAC */
	__asm__ volatile("dsb sy" : : : "memory");
}

void qemu_virt_s1_mmu_on(uint64_t mair, uint32_t ttbcr, uint64_t ttbr0)
{
	uint32_t sctlr;

	__asm__ volatile("mcr p15, 0, %0, c10, c2, 0" : : "r"((uint32_t)mair));
	__asm__ volatile("mcr p15, 0, %0, c10, c2, 1" : : "r"((uint32_t)(mair >> 32)));
	__asm__ volatile("mcr p15, 0, %0, c2, c0, 2" : : "r"(ttbcr)); /* TTBCR, EAE */
	__asm__ volatile("mcrr p15, 0, %0, %1, c2"
			 :
			 : "r"((uint32_t)ttbr0), "r"((uint32_t)(ttbr0 >> 32)));
	__asm__ volatile("isb\n\tmcr p15, 0, %0, c8, c7, 0\n\tdsb sy\n\tisb" : : "r"(0) : "memory");
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(sctlr));
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 0\n\tisb" : : "r"(sctlr | 1u) : "memory"); /* M */
}

void qemu_virt_s1_mmu_off(void)
{
	uint32_t sctlr;

	__asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(sctlr));
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 0\n\tisb" : : "r"(sctlr & ~1u) : "memory");
}
