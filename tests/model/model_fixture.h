/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the model's own tests: the H3 (Gen3) and S4 (Gen4) topologies
 * with the DT base addresses of docs/ipmmu-vmsa.md 8.2/8.3, attached to the
 * test bus, and a fake physical memory for table walks.
 */
#ifndef IPFW_TESTS_MODEL_FIXTURE_H
#define IPFW_TESTS_MODEL_FIXTURE_H

#include <ipmmu/mmio.h>
#include "ipmmu_model.h"
#include "mmio_bus.h"

/* H3 (r8a77951.dtsi) */
#define H3_MM 0xE67B0000u
#define H3_DS0 0xE6740000u
#define H3_DS1 0xE7740000u
/* S4 (r8a779f0.dtsi) */
#define S4_MM 0xEEFC0000u
#define S4_DS0 0xEED00000u
#define S4_HC 0xEED40000u

static struct ipfw_model fx_model;
static struct ipfw_model_ram fx_ram;

/* Instances: 0 = root ipmmu_mm, 1 = ds0, 2 = ds1 (H3) or hc (S4). */
static inline void fx_setup(enum ipfw_model_gen gen)
{
	ipfw_bus_reset();
	ipfw_model_ram_init(&fx_ram);
	ipfw_model_init(&fx_model, gen);
	ipfw_model_set_memory(&fx_model, ipfw_model_ram_read64, &fx_ram);
	if (gen == IPFW_MODEL_GEN3) {
		ipfw_model_add_instance(&fx_model, "ipmmu_mm", H3_MM, -1);
		ipfw_model_add_instance(&fx_model, "ipmmu_ds0", H3_DS0, 0);
		ipfw_model_add_instance(&fx_model, "ipmmu_ds1", H3_DS1, 0);
	} else {
		ipfw_model_add_instance(&fx_model, "ipmmu_mm", S4_MM, -1);
		ipfw_model_add_instance(&fx_model, "ipmmu_ds0", S4_DS0, 0);
		ipfw_model_add_instance(&fx_model, "ipmmu_hc", S4_HC, 0);
	}
	ipfw_model_attach(&fx_model);
}

static inline uint32_t rd(uintptr_t a)
{
	return ipfw_mmio_read32(a);
}

static inline void wr(uintptr_t a, uint32_t v)
{
	ipfw_mmio_write32(a, v);
}

#endif /* IPFW_TESTS_MODEL_FIXTURE_H */
