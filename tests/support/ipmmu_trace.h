/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host-only MMIO trace for the IPMMU driver: every register access the bus
 * sees, with the instance and register name, e.g.
 *   0xE7740600 <- 0x00000013  ipmmu_ds1 IMUCTR(32)
 *   0xE67B0040 -> 0x00000005  ipmmu_mm IMCTR(1)
 * Names come from the driver's own SoC table (ipfw_ipmmu_regname), so the
 * trace prints what the driver means, next to what the bus saw.
 */
#ifndef IPFW_TESTS_IPMMU_TRACE_H
#define IPFW_TESTS_IPMMU_TRACE_H

#include <stddef.h>
#include <stdio.h>

#include <ipmmu/ipmmu.h>
#include "mmio_bus.h"

struct ipfw_ipmmu_tracer {
	const struct ipfw_ipmmu_inst *inst; /* instances to name addresses by */
	unsigned int count;
	FILE *out;
	int show_reads;    /* also print reads and barriers */
	unsigned long lines; /* lines printed so far */
};

/*
 * One line (no newline) for an access. Writes "<-", reads "->", barriers
 * "dsb". An address outside every instance has no name. Returns the length
 * or -1 when buf is too small.
 */
int ipfw_ipmmu_trace_format(const struct ipfw_ipmmu_inst *inst, unsigned int count,
			    const struct ipfw_bus_access *a, char *buf, size_t len);

/* Print each access as it happens (the bus observer); stop() detaches. */
void ipfw_ipmmu_trace_start(struct ipfw_ipmmu_tracer *t);
void ipfw_ipmmu_trace_stop(void);

#endif /* IPFW_TESTS_IPMMU_TRACE_H */
