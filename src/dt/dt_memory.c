/* SPDX-License-Identifier: BSD-3-Clause */
/* DRAM ranges from /memory nodes (the identity-map default of the plan). */
#include <libfdt.h>

#include <ipmmu/dt.h>
#include <ipmmu/error.h>
#include <ipmmu/text.h>

#include "dt_scan.h"

static bool is_memory_node(const void *fdt, int node)
{
	int name_len, type_len;
	const char *name = fdt_get_name(fdt, node, &name_len);
	const char *type = fdt_getprop(fdt, node, "device_type", &type_len);

	if (!name || name_len < 6 || !type || type_len != 7 || type[6] != '\0' ||
	    !ipfw_streq(type, "memory"))
		return false;
	if (!ipfw_dt_node_okay(fdt, node))
		return false;
	/* "memory" or "memory@<unit>" */
	return name[0] == 'm' && name[1] == 'e' && name[2] == 'm' && name[3] == 'o' &&
	       name[4] == 'r' && name[5] == 'y' && (name[6] == '\0' || name[6] == '@');
}

int ipfw_dt_memory(const void *fdt, struct ipfw_dt_range *out, size_t cap, size_t *n,
		   struct ipfw_dt_diag *diag)
{
	int ac, sc, node;

	ipfw_dt_diag_set(diag, IPFW_OK, -1, NULL, -1);
	if (!fdt || !n || (cap && !out)) {
		ipfw_dt_diag_set(diag, IPFW_E_INVAL, -1, NULL, -1);
		return IPFW_E_INVAL;
	}
	*n = 0;
	if (ipfw_dt_check(fdt, NULL)) {
		ipfw_dt_diag_set(diag, IPFW_E_FDT, -1, NULL, -1);
		return IPFW_E_FDT;
	}
	ac = fdt_address_cells(fdt, 0);
	sc = fdt_size_cells(fdt, 0);
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2) {
		ipfw_dt_diag_set(diag, IPFW_E_DT_PROP, 0, "#address-cells", -1);
		return IPFW_E_DT_PROP;
	}
	fdt_for_each_subnode(node, fdt, 0) {
		const fdt32_t *reg;
		int len, entries;

		if (!is_memory_node(fdt, node))
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg || len <= 0 || len % (4 * (ac + sc))) {
			ipfw_dt_diag_set(diag, IPFW_E_DT_PROP, node, "reg", -1);
			return IPFW_E_DT_PROP;
		}
		entries = len / (4 * (ac + sc));
		for (int e = 0; e < entries; e++) {
			uint64_t base = 0, size = 0;

			for (int c = 0; c < ac; c++)
				base = (base << 32) | fdt32_to_cpu(reg[e * (ac + sc) + c]);
			for (int c = 0; c < sc; c++)
				size = (size << 32) | fdt32_to_cpu(reg[e * (ac + sc) + ac + c]);
			if (!size)
				continue;
			if (*n >= cap) {
				ipfw_dt_diag_nospace(diag, "mem", node, "reg", *n + 1u, cap);
				return IPFW_E_NOSPACE;
			}
			out[*n].base = base;
			out[*n].size = size;
			(*n)++;
		}
	}
	if (node != -FDT_ERR_NOTFOUND) {
		ipfw_dt_diag_set(diag, IPFW_E_FDT, -1, NULL, -1);
		return IPFW_E_FDT;
	}
	return IPFW_OK;
}
