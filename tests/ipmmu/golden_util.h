/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared by the ipmmu suites: board topologies and trace comparison. */
#ifndef IPFW_TESTS_IPMMU_GOLDEN_UTIL_H
#define IPFW_TESTS_IPMMU_GOLDEN_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include <ipmmu/ipmmu.h>
#include "mmio_bus.h"

struct bus_op {
	enum ipfw_bus_op op;
	uintptr_t addr;
	uint32_t val;
};

#define W(a, v) {IPFW_BUS_WRITE, (a), (v)}
#define R(a, v) {IPFW_BUS_READ, (a), (v)}
#define DSB {IPFW_BUS_BARRIER, 0, 0}
#define N_OPS(x) (sizeof(x) / sizeof((x)[0]))

/*
 * R-Car H3 (r8a77951.dtsi, docs/ipmmu-vmsa.md section 8.2):
 * [0] ipmmu_mm E67B0000 (root), [1] ipmmu_ds1 E7740000, [2] ipmmu_ds0 E6740000.
 * R-Car S4 (r8a779f0.dtsi, section 8.3):
 * [0] ipmmu_mm EEFC0000 (root), [1] ipmmu_ds0 EED00000, [2] ipmmu_hc EED40000.
 */
#define H3_MM 0xE67B0000u
#define H3_DS1 0xE7740000u
#define H3_DS0 0xE6740000u
#define S4_MM 0xEEFC0000u
#define S4_DS0 0xEED00000u
#define S4_HC 0xEED40000u

void h3_instances(struct ipfw_ipmmu_inst inst[3]);
void s4_instances(struct ipfw_ipmmu_inst inst[3]);

/* Compare the whole bus trace with `e`; on a difference print both and fail. */
void expect_trace(const struct bus_op *e, size_t n);
/* Print the bus trace (for a failing test's log). */
void dump_trace(void);

#endif
