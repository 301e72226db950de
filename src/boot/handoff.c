/* SPDX-License-Identifier: BSD-3-Clause */
#include <libfdt.h>

#include <ipmmu/dt.h>
#include <ipmmu/error.h>
#include <ipmmu/handoff.h>
#include <ipmmu/text.h>

/* Bytes the edits may need: the /reserved-memory node, one child with
 * three properties, a phandle and a memory-region entry on the device,
 * property-name strings, alignment. Checked up front so no edit can run
 * out of space half way. */
#define HANDOFF_FIXED_BYTES 512u
/* ... and for every further device: its cells, a phandle, memory-region. */
#define HANDOFF_DEVICE_BYTES 64u

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

/* Device i of the region: the main one, then the others. */
static const char *device_at(const struct ipfw_handoff_region *r, const char *const *more,
			     size_t i)
{
	return i == 0 ? r->device_path : more[i - 1];
}

int ipfw_handoff_add_devices(void *fdt, const struct ipfw_handoff_region *r,
			     const char *const *more, size_t nmore)
{
	const size_t ndev = 1 + nmore;
	char node_name[64];
	fdt32_t cells[IPFW_HANDOFF_MAX_DEVICES * 5];
	uint32_t region_phandle;
	int bus_ac[IPFW_HANDOFF_MAX_DEVICES], bus_sc[IPFW_HANDOFF_MAX_DEVICES];
	int dev, resmem, child, root_ac, root_sc, n, err;
	uint32_t used;

	if (!fdt || !r || !r->device_path || !r->name || r->size == 0 ||
	    r->iova + r->size - 1u < r->iova || (r->has_pa && r->pa + r->size - 1u < r->pa) ||
	    (nmore && !more) || ndev > IPFW_HANDOFF_MAX_DEVICES)
		return IPFW_E_INVAL;
	if (ipfw_dt_check(fdt, NULL))
		return IPFW_E_FDT;

	/* --- checks: nothing is changed until all of them pass --- */
	root_ac = fdt_address_cells(fdt, 0);
	root_sc = fdt_size_cells(fdt, 0);
	if (root_ac < 0 || root_sc < 0 || root_ac > 2 || root_sc > 2 ||
	    (r->has_pa && (!fits_cells(r->pa, root_ac) || !fits_cells(r->size, root_sc))))
		return IPFW_E_DT_PROP;
	for (size_t i = 0; i < ndev; i++) {
		const char *path = device_at(r, more, i);
		int parent;

		for (size_t j = 0; path && j < i; j++) {
			if (ipfw_streq(path, device_at(r, more, j)))
				return IPFW_E_INVAL; /* a device named twice */
		}
		dev = path ? fdt_path_offset(fdt, path) : -FDT_ERR_NOTFOUND;
		if (dev < 0)
			return IPFW_E_DT_PROP;
		parent = ipfw_dt_parent(fdt, dev);
		if (parent < 0)
			return IPFW_E_FDT;
		bus_ac[i] = fdt_address_cells(fdt, parent);
		bus_sc[i] = fdt_size_cells(fdt, parent);
		/* iova and size are in the cells of the bus the device sits on */
		if (bus_ac[i] < 0 || bus_sc[i] < 0 || bus_ac[i] > 2 || bus_sc[i] > 2 ||
		    !fits_cells(r->iova, bus_ac[i]) || !fits_cells(r->size, bus_sc[i]))
			return IPFW_E_DT_PROP;
	}
	err = make_node_name(node_name, sizeof(node_name), r->name, r->has_pa, r->pa);
	if (err)
		return err;
	resmem = fdt_path_offset(fdt, "/reserved-memory");
	if (resmem >= 0 && fdt_subnode_offset(fdt, resmem, node_name) >= 0)
		return IPFW_E_DT_PROP; /* the same region handed off twice */
	used = fdt_off_dt_strings(fdt) + fdt_size_dt_strings(fdt);
	if (used > fdt_totalsize(fdt) ||
	    (size_t)(fdt_totalsize(fdt) - used) <
		    HANDOFF_FIXED_BYTES + 2u * str_len(node_name) + (size_t)HANDOFF_DEVICE_BYTES * nmore)
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

	/* Each device needs a phandle for iommu-addresses to name it. Offsets
	 * move with every edit: look nodes up again by path. */
	n = 0;
	for (size_t i = 0; i < ndev; i++) {
		uint32_t ph;

		dev = fdt_path_offset(fdt, device_at(r, more, i));
		ph = fdt_get_phandle(fdt, dev);
		if (!ph) {
			err = fdt_generate_phandle(fdt, &ph);
			if (!err)
				err = fdt_setprop_u32(fdt, dev, "phandle", ph);
			if (err)
				return fdt_err(err);
		}
		cells[n++] = cpu_to_fdt32(ph);
		n += put_cells(cells + n, r->iova, bus_ac[i]);
		n += put_cells(cells + n, r->size, bus_sc[i]);
	}
	err = fdt_generate_phandle(fdt, &region_phandle);
	if (err)
		return fdt_err(err);
	child = fdt_subnode_offset(fdt, fdt_path_offset(fdt, "/reserved-memory"), node_name);
	err = fdt_setprop(fdt, child, "iommu-addresses", cells, n * 4);
	if (!err)
		err = fdt_setprop_u32(fdt, child, "phandle", region_phandle);
	for (size_t i = 0; !err && i < ndev; i++) {
		dev = fdt_path_offset(fdt, device_at(r, more, i));
		err = fdt_appendprop_u32(fdt, dev, "memory-region", region_phandle);
	}
	return err ? fdt_err(err) : IPFW_OK;
}

int ipfw_handoff_add(void *fdt, const struct ipfw_handoff_region *r)
{
	return ipfw_handoff_add_devices(fdt, r, NULL, 0);
}
