/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * OS handoff: tell the next stage (Linux) which IOVA mappings firmware left
 * live, so it keeps them when it takes the IPMMU over.
 *
 * Each region becomes a /reserved-memory child carrying
 * `iommu-addresses = <&device iova size>` (iova and size in the cells of the
 * device's bus), and the device gets a `memory-region` reference to it,
 * which is how Linux finds it (reserved-memory binding, "iommu-addresses").
 * With a physical address the node also gets `reg`, and Linux recreates the
 * mapping IOVA -> PA before it attaches the device; without one, the IOVA
 * range is only reserved (carved out of the device's IOVA space).
 *
 * Only for mappings that stay in use across the handoff (a framebuffer being
 * scanned out, a firmware ring): `reg` also keeps the OS from allocating
 * that memory, so never hand off a bulk identity map of DRAM.
 */
#ifndef IPMMU_HANDOFF_H
#define IPMMU_HANDOFF_H

#include <ipmmu/types.h>

struct ipfw_handoff_region {
	const char *device_path; /* the DMA master's node path */
	const char *name;        /* node name, e.g. "ipfw-splash"; "@<pa>" is added
				  * when there is a physical address */
	uint64_t iova;
	uint64_t size;
	bool has_pa;             /* false: IOVA reservation only */
	uint64_t pa;
};

/*
 * Add one region to the blob `fdt` (writable, with free space at its end,
 * e.g. after fdt_open_into() into a larger buffer). All checks run before
 * the first change, so an error leaves the blob as it was:
 *   IPFW_E_INVAL     NULL arguments, empty or over-long name, size 0,
 *                    iova/pa + size wraps
 *   IPFW_E_FDT       not a valid blob, or a libfdt failure
 *   IPFW_E_DT_PROP   device node missing, iova/size/pa do not fit the
 *                    address/size cells of the bus they are expressed in,
 *                    or a region of that name already exists
 *   IPFW_E_NOSPACE   not enough free space in the blob
 */
int ipfw_handoff_add(void *fdt, const struct ipfw_handoff_region *r);

/* Most devices one region can name. */
#define IPFW_HANDOFF_MAX_DEVICES 16

/*
 * The same for a mapping several devices share (masters of one domain):
 * iommu-addresses names r->device_path and every path in more[], each in
 * its own bus's cells, and each device gets the memory-region reference.
 * Also IPFW_E_INVAL for a device named twice or more than
 * IPFW_HANDOFF_MAX_DEVICES in all.
 */
int ipfw_handoff_add_devices(void *fdt, const struct ipfw_handoff_region *r,
			     const char *const *more, size_t nmore);

#endif /* IPMMU_HANDOFF_H */
