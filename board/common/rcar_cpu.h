/* SPDX-License-Identifier: BSD-3-Clause */
/* Cortex-R7 / Cortex-R52 helpers the R-Car images hand to the boot flow. */
#ifndef RCAR_CPU_H
#define RCAR_CPU_H

#include <stddef.h>
#include <stdint.h>

/*
 * Clean [cpu, cpu+len) to the point of coherency (DCCMVAC by line, line
 * size from CTR.DminLine), then DSB. The IPMMU's table walker does not
 * snoop the CPU caches (ipmmu-vmsa.md 9.5). The images run with caches off
 * (rcar_start.S), where this is harmless; it is there for a loader that
 * left the data cache on.
 */
void rcar_dcache_clean_poc(void *ctx, void *cpu, size_t len);

/*
 * Busy-wait at least `us` microseconds; ctx points to the core clock in
 * MHz (const uint32_t). One loop iteration takes at least one cycle on
 * either core, so the wait is never shorter than asked; with caches off
 * and code in DRAM it is several times longer. Poll limits only grow.
 */
void rcar_udelay(void *ctx, uint32_t us);

/* 32-bit register read (PRR and the like). */
uint32_t rcar_read32(uintptr_t addr);

#endif
