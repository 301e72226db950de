/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A bus behind the MMIO seam (IPFW_MMIO_SEAM), for host tests, host tools
 * and boards that serve IPMMU windows from the behavioural model.
 *
 * Devices (such as tests/model) claim address windows. Addresses no device
 * claims form a sparse register file. On top of both, a test can script
 * behaviour per address: a queue of values the next reads return, bits
 * that self-clear N reads after being written as 1, bits stuck at a value,
 * or an address whose accesses fault. Every access and barrier is traced
 * in order, and an optional observer sees each one as it happens.
 *
 * All state is static: one bus per program. ipfw_bus_reset() starts over.
 */
#ifndef IPFW_TESTS_MMIO_BUS_H
#define IPFW_TESTS_MMIO_BUS_H

#include <stddef.h>
#include <stdint.h>

#define IPFW_BUS_MAX_DEVICES 32
#define IPFW_BUS_MAX_REGS 1024
#define IPFW_BUS_MAX_SCRIPTS 32
#define IPFW_BUS_SCRIPT_DEPTH 16
#ifndef IPFW_BUS_TRACE_CAP
#define IPFW_BUS_TRACE_CAP 65536
#endif
/* What a read of a faulting address returns (an AXI SLVERR reads as ~0). */
#define IPFW_BUS_FAULT_VALUE 0xFFFFFFFFu

enum ipfw_bus_op {
	IPFW_BUS_READ,
	IPFW_BUS_WRITE,
	IPFW_BUS_BARRIER,
};

struct ipfw_bus_access {
	enum ipfw_bus_op op;
	uintptr_t addr;   /* 0 for a barrier */
	uint32_t val;     /* value read or written */
	int faulted;      /* the access hit an address set up to fault */
};

struct ipfw_bus_device {
	const char *name;
	uintptr_t base;
	uintptr_t size;
	uint32_t (*read)(void *ctx, uintptr_t off);
	void (*write)(void *ctx, uintptr_t off, uint32_t val);
	void *ctx;
};

/* Forget devices, registers, scripts, trace and observer. */
void ipfw_bus_reset(void);

/* Claim [base, base+size) for a device. Returns 0, or -1 when the window
 * overlaps another device or the table is full. The struct is copied. */
int ipfw_bus_attach(const struct ipfw_bus_device *dev);

/* Register file: set or read a value without tracing or scripting. */
int ipfw_bus_poke(uintptr_t addr, uint32_t val);
uint32_t ipfw_bus_peek(uintptr_t addr);

/* The next n reads of addr return vals[0..n-1], then normal behaviour. */
int ipfw_bus_script_reads(uintptr_t addr, const uint32_t *vals, unsigned int n);
/* Register-file bits in mask, once written as 1, read back as 1 for
 * `reads` more reads and then clear (reads = 0: clear at once). */
int ipfw_bus_self_clear(uintptr_t addr, uint32_t mask, unsigned int reads);
/* Bits in mask always read as (val & mask): "never clears", "reads back
 * wrong". Applies to devices too. */
int ipfw_bus_stuck(uintptr_t addr, uint32_t mask, uint32_t val);
/* Every access to addr faults: reads return IPFW_BUS_FAULT_VALUE, writes
 * are dropped, and the trace marks them. Applies to devices too. */
int ipfw_bus_fault(uintptr_t addr);

/* Trace of every access since the last reset or clear. */
size_t ipfw_bus_trace_len(void);
const struct ipfw_bus_access *ipfw_bus_trace_at(size_t i);
size_t ipfw_bus_trace_dropped(void); /* accesses beyond IPFW_BUS_TRACE_CAP */
void ipfw_bus_trace_clear(void);
/* Count of traced accesses of one kind (optionally to one address). */
size_t ipfw_bus_count(enum ipfw_bus_op op);
size_t ipfw_bus_count_addr(enum ipfw_bus_op op, uintptr_t addr);
/* Number of faulted accesses since the last reset or trace clear. */
size_t ipfw_bus_faults(void);

typedef void (*ipfw_bus_observer_fn)(void *ctx, const struct ipfw_bus_access *a);
void ipfw_bus_set_observer(ipfw_bus_observer_fn fn, void *ctx);

#endif /* IPFW_TESTS_MMIO_BUS_H */
