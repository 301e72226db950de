/* SPDX-License-Identifier: BSD-3-Clause */
#include <libfdt.h>

#include <ipmmu/dt.h>
#include <ipmmu/error.h>
#include <ipmmu/handoff.h>

/* Bytes the edits may need: the /reserved-memory node, one child with
 * three properties, a phandle and a memory-region entry on the device,
 * property-name strings, alignment. Checked up front so no edit can run
 * out of space half way. */
#define HANDOFF_FIXED_BYTES 512u

static bool fits_cells(uint64_t v, int cells)
{
	return cells >= 2 || (cells == 1 && v <= 0xFFFFFFFFu) || (cells == 0 && v == 0);
}

/* Big-endian cells of v into out[]; returns the number of cells. */
static int put_cells(fdt32_t *out, uint64_t v, int cells)
{
	if (cells == 2) {
		out[0] = cpu_to_fdt32((uint32_t)(v >> 32));
		out[1] = cpu_to_fdt32((uint32_t)v);
		return 2;
	}
	if (cells == 1)
		out[0] = cpu_to_fdt32((uint32_t)v);
	return cells;
}

static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* "name@<hex pa>" into buf; just "name" without reg (a unit address must
 * match reg). */
static int make_node_name(char *buf, size_t len, const char *name, bool has_unit, uint64_t unit)
{
	static const char hex[] = "0123456789abcdef";
	char digits[16];
	size_t n = str_len(name);
	int nd = 0;

	do {
		digits[nd++] = hex[unit & 0xF];
		unit >>= 4;
	} while (unit && nd < 16);
	if (n == 0 || n + 1u + (size_t)nd + 1u > len)
		return IPFW_E_INVAL;
	for (size_t i = 0; i < n; i++)
		buf[i] = name[i];
	if (has_unit)
		buf[n++] = '@';
	else
		nd = 0;
	while (nd)
		buf[n++] = digits[--nd];
	buf[n] = '\0';
	return IPFW_OK;
}

static int fdt_err(int err)
{
	return err == -FDT_ERR_NOSPACE ? IPFW_E_NOSPACE : IPFW_E_FDT;
}

int ipfw_handoff_add(void *fdt, const struct ipfw_handoff_region *r)
{
	char node_name[64];
	fdt32_t cells[1 + 4];
	uint32_t dev_phandle;
	uint32_t region_phandle;
	int dev, parent, resmem, child, root_ac, root_sc, bus_ac, bus_sc, n, err;
	uint32_t used;

	if (!fdt || !r || !r->device_path || !r->name || r->size == 0 ||
	    r->iova + r->size - 1u < r->iova || (r->has_pa && r->pa + r->size - 1u < r->pa))
		return IPFW_E_INVAL;
	if (ipfw_dt_check(fdt, NULL))
		return IPFW_E_FDT;

	/* --- checks: nothing is changed until all of them pass --- */
	dev = fdt_path_offset(fdt, r->device_path);
	if (dev < 0)
		return IPFW_E_DT_PROP;
	parent = fdt_parent_offset(fdt, dev);
	if (parent < 0)
		return IPFW_E_FDT;
	bus_ac = fdt_address_cells(fdt, parent);
	bus_sc = fdt_size_cells(fdt, parent);
	root_ac = fdt_address_cells(fdt, 0);
	root_sc = fdt_size_cells(fdt, 0);
	if (bus_ac < 0 || bus_sc < 0 || root_ac < 0 || root_sc < 0 || bus_ac > 2 || bus_sc > 2 ||
	    root_ac > 2 || root_sc > 2)
		return IPFW_E_DT_PROP;
	if (!fits_cells(r->iova, bus_ac) || !fits_cells(r->size, bus_sc) ||
	    (r->has_pa && (!fits_cells(r->pa, root_ac) || !fits_cells(r->size, root_sc))))
		return IPFW_E_DT_PROP;
	err = make_node_name(node_name, sizeof(node_name), r->name, r->has_pa, r->pa);
	if (err)
		return err;
	resmem = fdt_path_offset(fdt, "/reserved-memory");
	if (resmem >= 0 && fdt_subnode_offset(fdt, resmem, node_name) >= 0)
		return IPFW_E_DT_PROP; /* the same region handed off twice */
	used = fdt_off_dt_strings(fdt) + fdt_size_dt_strings(fdt);
	if (used > fdt_totalsize(fdt) ||
	    fdt_totalsize(fdt) - used < HANDOFF_FIXED_BYTES + 2u * str_len(node_name))
		return IPFW_E_NOSPACE;

	/* --- edits --- */
	if (resmem < 0) {
		resmem = fdt_add_subnode(fdt, 0, "reserved-memory");
		if (resmem < 0)
			return fdt_err(resmem);
		cells[0] = cpu_to_fdt32((uint32_t)root_ac);
		err = fdt_setprop(fdt, resmem, "#address-cells", cells, 4);
		if (!err) {
			cells[0] = cpu_to_fdt32((uint32_t)root_sc);
			err = fdt_setprop(fdt, resmem, "#size-cells", cells, 4);
		}
		if (!err)
			err = fdt_setprop(fdt, resmem, "ranges", 0, 0);
		if (err)
			return fdt_err(err);
	}
	child = fdt_add_subnode(fdt, resmem, node_name);
	if (child < 0)
		return fdt_err(child);
	if (r->has_pa) {
		n = put_cells(cells, r->pa, root_ac);
		n += put_cells(cells + n, r->size, root_sc);
		err = fdt_setprop(fdt, child, "reg", cells, n * 4);
		if (err)
			return fdt_err(err);
	}

	/* The device needs a phandle for iommu-addresses to name it. Offsets
	 * move with every edit: look nodes up again by path. */
	dev = fdt_path_offset(fdt, r->device_path);
	dev_phandle = fdt_get_phandle(fdt, dev);
	if (!dev_phandle) {
		err = fdt_generate_phandle(fdt, &dev_phandle);
		if (!err)
			err = fdt_setprop_u32(fdt, dev, "phandle", dev_phandle);
		if (err)
			return fdt_err(err);
	}
	err = fdt_generate_phandle(fdt, &region_phandle);
	if (err)
		return fdt_err(err);
	child = fdt_subnode_offset(fdt, fdt_path_offset(fdt, "/reserved-memory"), node_name);
	cells[0] = cpu_to_fdt32(dev_phandle);
	n = 1 + put_cells(cells + 1, r->iova, bus_ac);
	n += put_cells(cells + n, r->size, bus_sc);
	err = fdt_setprop(fdt, child, "iommu-addresses", cells, n * 4);
	if (!err)
		err = fdt_setprop_u32(fdt, child, "phandle", region_phandle);
	if (err)
		return fdt_err(err);
	dev = fdt_path_offset(fdt, r->device_path);
	err = fdt_appendprop_u32(fdt, dev, "memory-region", region_phandle);
	return err ? fdt_err(err) : IPFW_OK;
}
