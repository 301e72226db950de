/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * 32-bit MMIO accessors, read-modify-write and poll-with-timeout.
 *
 * Two backends, chosen at compile time:
 *  - default (ARM, AArch64): plain volatile accesses, inlined, with the
 *    barriers the architecture needs; no function pointers.
 *  - IPFW_MMIO_SEAM defined (every host build, and boards that put a model
 *    behind the IPMMU windows): each access calls one of the three
 *    ipfw_mmio_seam_*() functions below, which the program linking the
 *    library provides (tests/support/mmio_bus.c is one such provider).
 *
 * Ordering rules the library relies on:
 *  - ipfw_mmio_write32() completes all earlier normal-memory stores (page
 *    tables, after their cache clean) before the register write, so a
 *    register that starts a walk never sees stale tables;
 *  - ipfw_mmio_poll32() issues a full DSB before its first read, so that
 *    the write that started the operation has reached the device before
 *    completion is sampled (Xen added this for the IPMMU flush, see
 *    docs/ipmmu-vmsa.md section 7).
 */
#ifndef IPMMU_MMIO_H
#define IPMMU_MMIO_H

#include <ipmmu/types.h>

#if defined(IPFW_MMIO_SEAM)

uint32_t ipfw_mmio_seam_read32(uintptr_t addr);
void ipfw_mmio_seam_write32(uintptr_t addr, uint32_t val);
/* Called for every barrier the library issues, so a test can see it. */
void ipfw_mmio_seam_barrier(void);

static inline void ipfw_mmio_dsb(void)
{
	ipfw_mmio_seam_barrier();
}

static inline uint32_t ipfw_mmio_read32(uintptr_t addr)
{
	return ipfw_mmio_seam_read32(addr);
}

static inline void ipfw_mmio_write32(uintptr_t addr, uint32_t val)
{
	ipfw_mmio_seam_write32(addr, val);
}

#elif defined(__arm__) || defined(__aarch64__)

static inline void ipfw_mmio_dsb(void)
{
	__asm__ volatile("dsb sy" ::: "memory");
}

static inline uint32_t ipfw_mmio_read32(uintptr_t addr)
{
	uint32_t v = *(volatile const uint32_t *)addr;

	__asm__ volatile("" ::: "memory");
	return v;
}

static inline void ipfw_mmio_write32(uintptr_t addr, uint32_t val)
{
	/* Earlier stores (tables) must be visible before the device acts. */
	__asm__ volatile("dsb st" ::: "memory");
	*(volatile uint32_t *)addr = val;
}

#else
#error "ipmmu/mmio.h: no MMIO backend for this target; define IPFW_MMIO_SEAM"
#endif

/* Clear then set bits; returns the value written. Not atomic. */
static inline uint32_t ipfw_mmio_clrset32(uintptr_t addr, uint32_t clr, uint32_t set)
{
	uint32_t v = (ipfw_mmio_read32(addr) & ~clr) | set;

	ipfw_mmio_write32(addr, v);
	return v;
}

/* Board-supplied delay; a NULL hook means "re-read at once". */
struct ipfw_delay {
	void (*udelay)(void *ctx, uint32_t us);
	void *ctx;
};

/* How long a poll may take: at most `tries` reads, `step_us` apart. */
struct ipfw_poll_limit {
	uint32_t tries;
	uint32_t step_us;
};

/*
 * Wait until (read32(addr) & mask) == want.
 * Issues one DSB, then reads at most limit->tries times (at least once),
 * calling the delay hook between reads. Returns IPFW_OK, IPFW_E_TIMEOUT
 * when the value never matched, or IPFW_E_INVAL for a NULL limit or a
 * `want` with bits outside `mask`. *last (if not NULL) receives the last
 * value read.
 */
int ipfw_mmio_poll32(uintptr_t addr, uint32_t mask, uint32_t want,
		     const struct ipfw_poll_limit *limit, const struct ipfw_delay *delay,
		     uint32_t *last);

#endif /* IPMMU_MMIO_H */
