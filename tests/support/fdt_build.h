/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Small device trees built in memory with libfdt's sequential-write calls,
 * for tests whose tree is easier to read in C than as a fixture: a root
 * with two address and size cells and 256 MiB of DRAM at 0x40000000, IOMMU
 * nodes with one specifier cell, then whatever the test adds, then
 * fdtb_end(). Each returns 0 or the first libfdt error.
 */
#ifndef IPFW_TESTS_FDT_BUILD_H
#define IPFW_TESTS_FDT_BUILD_H

#include <stdint.h>

#include <libfdt.h>

static inline int fdtb_begin(void *b, int size)
{
	const fdt32_t mem[] = {0, cpu_to_fdt32(0x40000000u), 0, cpu_to_fdt32(0x10000000u)};
	int err = fdt_create(b, size);

	err = err ? err : fdt_finish_reservemap(b);
	err = err ? err : fdt_begin_node(b, "");
	err = err ? err : fdt_property_u32(b, "#address-cells", 2);
	err = err ? err : fdt_property_u32(b, "#size-cells", 2);
	err = err ? err : fdt_begin_node(b, "memory@40000000");
	err = err ? err : fdt_property_string(b, "device_type", "memory");
	err = err ? err : fdt_property(b, "reg", mem, sizeof(mem));
	return err ? err : fdt_end_node(b);
}

/* An IOMMU node: compatible, one reg entry, #iommu-cells = 1, phandle, and
 * a status of slen raw bytes unless status is NULL. */
static inline int fdtb_iommu_status(void *b, const char *name, const char *compat,
				    uint32_t base, uint32_t size, uint32_t phandle,
				    const char *status, int slen)
{
	const fdt32_t reg[] = {0, cpu_to_fdt32(base), 0, cpu_to_fdt32(size)};
	int err = fdt_begin_node(b, name);

	err = err ? err : fdt_property_string(b, "compatible", compat);
	err = err ? err : fdt_property(b, "reg", reg, sizeof(reg));
	err = err ? err : fdt_property_u32(b, "#iommu-cells", 1);
	err = err ? err : fdt_property_u32(b, "phandle", phandle);
	if (status)
		err = err ? err : fdt_property(b, "status", status, slen);
	return err ? err : fdt_end_node(b);
}

static inline int fdtb_iommu(void *b, const char *name, const char *compat, uint32_t base,
			     uint32_t size, uint32_t phandle)
{
	return fdtb_iommu_status(b, name, compat, base, size, phandle, NULL, 0);
}

static inline int fdtb_end(void *b)
{
	int err = fdt_end_node(b);

	return err ? err : fdt_finish(b);
}

#endif /* IPFW_TESTS_FDT_BUILD_H */
