/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internal: one forward pass over the structure block, node by node, with
 * the properties the walker cares about collected per node. Property names
 * are recognised by their offset in the strings block (found once, up
 * front), so the per-property cost is an integer compare, not a strcmp.
 */
#ifndef IPFW_DT_SCAN_H
#define IPFW_DT_SCAN_H

#include <ipmmu/types.h>

#include <ipmmu/dt.h>
#include <ipmmu/text.h>

enum dt_prop_id {
	DT_P_NONE = 0,
	DT_P_COMPATIBLE,
	DT_P_STATUS,
	DT_P_PHANDLE,
	DT_P_LINUX_PHANDLE,
	DT_P_IOMMU_CELLS,
	DT_P_RESET_CELLS,
	DT_P_CLOCK_CELLS,
	DT_P_ADDRESS_CELLS,
	DT_P_SIZE_CELLS,
	DT_P_REG,
	DT_P_IOMMUS,
	DT_P_IOMMU_MAP,
	DT_P_IOMMU_MAP_MASK,
	DT_P_IPMMU_MAIN,
	DT_P_RESETS,
	DT_P_CLOCKS,
	DT_P_DEVICE_TYPE,
	DT_P_POWER_DOMAINS,
	DT_P_COUNT
};

/* Property names, indexed by enum dt_prop_id (for diagnostics). */
extern const char *const ipfw_dt_prop_names[DT_P_COUNT];

struct dt_prop {
	const uint8_t *data; /* NULL when absent */
	uint32_t len;
};

/* One node, complete with its properties (they precede its subnodes). */
struct dt_node {
	int offset;          /* libfdt node offset */
	int depth;           /* root = 0 */
	struct dt_prop p[DT_P_COUNT];
};

/* Open-addressed table: strings-block offset -> property id. */
#define DT_NAME_SLOTS 64
#define DT_NAME_MAX_SPELLINGS 40

/*
 * The scan keeps no path and no per-depth state: any nesting depth and
 * path length is read (a path is built only to be printed, ipfw_dt_path()).
 */
struct dt_scan {
	const void *fdt;
	int off;             /* next tag to read */
	int depth;           /* depth of the innermost open node, -1 before the root */
	bool pending;        /* node's properties collected, not yet handed out */
	bool root_done;
	uint8_t root_acells; /* the root's #address-cells (0xff: malformed) */
	uint8_t root_scells; /* the root's #size-cells */
	const uint8_t *sblock; /* structure block (tags already bounds-checked) */
	/* Strings-block offsets that spell a wanted name (id 0: empty slot). */
	uint32_t name_off[DT_NAME_SLOTS];
	uint8_t name_id[DT_NAME_SLOTS];
	unsigned int nnames;
	bool names_slow;     /* too many spellings: compare names one by one */
	int fdt_err;         /* libfdt code behind the last IPFW_E_FDT */
};

/* Check the header and prepare a scan. IPFW_E_FDT on a bad header. */
int ipfw_dt_scan_init(struct dt_scan *s, const void *fdt);

/* Start again from the first node, keeping the name table. */
void ipfw_dt_scan_rewind(struct dt_scan *s);

/* The phandle index pass over an initialised scan (see ipfw_dt_index_build()). */
int ipfw_dt_index_build_scan(const struct dt_scan *s, struct ipfw_dt_index *idx, struct ipfw_dt_diag *diag);

/*
 * Next node in structure order: 1 with *n filled, 0 after the last node,
 * IPFW_E_FDT (s->fdt_err set) on failure.
 */
int ipfw_dt_scan_next(struct dt_scan *s, struct dt_node *n);

/* Big-endian cell i of a property (caller checked the length). */
static inline uint32_t dt_cell(const struct dt_prop *p, uint32_t i)
{
	const uint8_t *b = p->data + 4u * i;

	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}

/* The properties of the one node at libfdt offset node (s is not moved):
 * 1 with *n filled, or IPFW_E_FDT. */
int ipfw_dt_scan_node(const struct dt_scan *s, int node, struct dt_node *n);

/* Node facts shared by both passes. */
bool ipfw_dt_node_enabled(const struct dt_node *n);
/* IPFW_DT_NODE_IPMMU and IPFW_DT_NODE_GEN4 bits from the compatible list. */
uint8_t ipfw_dt_node_ipmmu_flags(const struct dt_node *n);

/* Diagnostics helper: node -1 when none. */
void ipfw_dt_diag_set(struct ipfw_dt_diag *d, int err, int node, const char *prop, int index);
/* ... for IPFW_E_NOSPACE: what the tree needs and the capacity it met. */
void ipfw_dt_diag_nospace(struct ipfw_dt_diag *d, const char *array, int node, const char *prop,
			  size_t need, size_t have);
/* #address-cells / #size-cells that apply to node's reg (its parent's), 0xff when
 * malformed. */
void ipfw_dt_parent_cells(const void *fdt, int node, uint8_t *acells, uint8_t *scells);

/* Bounded string helpers (the library avoids libc). */

#endif /* IPFW_DT_SCAN_H */
