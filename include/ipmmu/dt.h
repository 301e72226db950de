/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Device-tree walker: which DMA masters sit behind which IOMMU, and how.
 *
 * ipfw_dt_walk() reads a flattened device tree (libfdt) into plain structs
 * in caller-provided arrays; nothing is allocated. Nodes are kept as libfdt
 * offsets and compatible lists as pointers into the blob, so the blob must
 * outlive the result; a path is built only to be printed (ipfw_dt_path()),
 * and no path length or nesting depth limits the walk. IPMMUs and masters
 * refer to each other by index.
 *
 * What it reads (lpae-and-devicetree.md section 2, ipmmu-vmsa.md section 8):
 *  - every IPMMU node (compatible "renesas,ipmmu-*" or
 *    "renesas,rcar-gen4-ipmmu-vmsa"): compatible, phandle, status, reg
 *    (with the parent's #address-cells/#size-cells), Gen3/Gen4 flavour and
 *    "renesas,ipmmu-main" (Gen3: phandle + IMSSTR bit; Gen4: phandle only
 *    per the current binding, or phandle + bit as Linux 6.1's Gen4 trees
 *    still have it), resolved to the root IPMMU's index;
 *  - every enabled node with "iommus" or "iommu-map": the (IOMMU, cells)
 *    specifiers for an IOMMU of any kind (any node with #iommu-cells, as
 *    Linux's of_iommu; any cell count), the iommu-map entries and mask, its
 *    "resets" and "clocks" (phandle + cells, counts from the provider's
 *    #reset-cells/#clock-cells).
 * Disabled masters are skipped, as Linux does.
 *
 * Default deny: what Linux treats as "no IOMMU, bypass" is an error here
 * (an IPMMU that is disabled, an iommu-map with no match), except for
 * iommu-map misses of nodes the caller's policy lists in
 * ipfw_dt_config.bypass_paths.
 *
 * Cost: two passes over the structure block (the first builds the phandle
 * index), each phandle resolved by binary search in the index.
 *
 * Errors: a negative IPFW_E_* code; the caller's struct ipfw_dt_diag then
 * says where (node offset, property, entry index). A failed walk leaves the
 * result counts at 0.
 */
#ifndef IPMMU_DT_H
#define IPMMU_DT_H

#include <ipmmu/types.h>

/* Most cells after the phandle in a resets/clocks entry kept (R-Car: 1 and 2). */
#ifndef IPFW_CFG_REF_CELLS_MAX
#define IPFW_CFG_REF_CELLS_MAX 3
#endif
#define IPFW_DT_REF_CELLS_MAX IPFW_CFG_REF_CELLS_MAX
/* Most cells ipfw_dt_iommus_get() copies out of one specifier (IPMMU: 1);
 * the walk keeps a specifier of any length as a place in the blob. */
#define IPFW_DT_SPEC_CELLS_MAX 4

/* Where an error was found. prop points at a string constant or is NULL. */
struct ipfw_dt_diag {
	int err;                     /* the IPFW_E_* code returned */
	int fdt_err;                 /* libfdt's -FDT_ERR_* when err == IPFW_E_FDT, else 0 */
	int32_t node;                /* libfdt offset of the node, -1 when none applies
					(ipfw_dt_path() prints it) */
	const char *prop;            /* property name, NULL when none */
	int index;                   /* entry index in the property, -1 when none */
	uint32_t need;               /* IPFW_E_NOSPACE: entries the tree needs (0: unknown) */
	uint32_t have;               /* ... and the capacity it met */
	const char *array;           /* ... of which array: "masters", "ipmmus", "specs",
					"maps", "refs", "providers", "mem"; NULL */
};

/*
 * Check a blob before any libfdt call touches it: fdt_check_header(),
 * version 16 or later, the structure and strings blocks 4-byte aligned and
 * the memory reservation block 8-byte aligned, as the devicetree
 * specification requires (libfdt reads tags with aligned loads), then the
 * whole tag sequence: every tag moves forward, every property value ends
 * inside the structure block, one root, balanced nesting, FDT_END last
 * (libfdt 1.6.1 loops for ever on a property length that wraps its offset
 * arithmetic). Returns 0 or IPFW_E_FDT; *fdt_err (may be NULL) gets
 * libfdt's code, or -FDT_ERR_ALIGNMENT / -FDT_ERR_BADVERSION /
 * -FDT_ERR_BADSTRUCTURE. Every dt and boot entry point that takes a blob
 * calls this first, or (the walk and the index) makes the same checks in
 * its own single pass before any libfdt traversal.
 */
int ipfw_dt_check(const void *fdt, int *fdt_err);

/* ---------------------------------------------------------------- phandle index */

/* Node facts recorded per phandle by the index pass. */
#define IPFW_DT_NODE_ENABLED 0x01u /* status absent, "okay" or "ok" */
#define IPFW_DT_NODE_IPMMU 0x02u   /* compatible names a Renesas IPMMU */
#define IPFW_DT_NODE_GEN4 0x04u    /* ... of the Gen4 flavour */
#define IPFW_DT_NODE_IOMMU 0x08u   /* has #iommu-cells: an IOMMU of any kind */

struct ipfw_dt_node_info {
	uint32_t phandle;
	int32_t offset;      /* libfdt node offset (valid for this blob only) */
	int8_t iommu_cells;  /* #iommu-cells, -1 when absent or unreadable */
	int8_t reset_cells;  /* #reset-cells, -1 when absent */
	int8_t clock_cells;  /* #clock-cells, -1 when absent */
	uint8_t flags;       /* IPFW_DT_NODE_* */
	int16_t ipmmu;       /* index in ipfw_dt_result.ipmmus, -1 if not an IPMMU */
};

/* The caller provides slots[cap]; ipfw_dt_index_build() sets count. */
struct ipfw_dt_index {
	const void *fdt;         /* the blob indexed (set by the build) */
	struct ipfw_dt_node_info *slots;
	size_t cap;
	size_t count;            /* provider phandles recorded */
	size_t nipmmus;          /* IPMMU nodes in the tree, with or without phandle */
};

/*
 * One pass over the structure block: record every node carrying a phandle
 * (or the legacy linux,phandle) that a walk resolves references to: nodes
 * with #iommu-cells, #reset-cells or #clock-cells, and IPMMU nodes; sorted
 * by phandle. Other nodes are not indexed (the index is only as big as the
 * providers: 27 of H3 Salvator-XS's 199 phandles), so a reference to one is
 * told from a dangling one by a slow fdt_node_offset_by_phandle() on the
 * error path only. IPFW_E_NOSPACE when the blob has more than cap such
 * nodes (diag need/have give both figures); IPFW_E_DT_PHANDLE for a
 * duplicate among them or a 0/0xffffffff phandle; IPFW_E_FDT for a
 * malformed blob. The caller must have checked that the buffer holding fdt
 * is at least fdt_totalsize(fdt) bytes long.
 */
int ipfw_dt_index_build(const void *fdt, struct ipfw_dt_index *idx, struct ipfw_dt_diag *diag);

/* Binary search; NULL for 0, 0xffffffff and unknown phandles. */
const struct ipfw_dt_node_info *ipfw_dt_index_find(const struct ipfw_dt_index *idx,
						   uint32_t phandle);

/* ---------------------------------------------------------------- walk result */

struct ipfw_dt_ipmmu {
	/* Compatible strings, NUL-separated, in the blob; compatible itself is
	 * the first one. */
	const char *compatible;
	const char *err_prop;    /* lenient walk: the property at fault, NULL when none */
	uint64_t reg_base;       /* first reg entry */
	uint64_t reg_size;
	int32_t node;            /* libfdt offset (the blob must outlive the result) */
	uint32_t phandle;        /* 0 when the node has none */
	uint32_t main_phandle;   /* phandle in renesas,ipmmu-main, 0 for a root */
	int err;                 /* lenient walk: why this IPMMU is unusable, 0 if fine */
	int err_index;           /* ... the entry in err_prop, -1 when none */
	uint16_t compatible_len; /* bytes, including the last NUL (whole strings) */
	int16_t root;            /* index of the root IPMMU; its own index for a root;
				    -1 for a disabled cache IPMMU (not resolved) */
	int16_t power_area;      /* power-domains = <&provider AREA>: AREA (the R-Car
				    SYSC's area number); -1 without power-domains or
				    in another form */
	bool enabled;
	bool gen4;
	bool has_main;           /* has renesas,ipmmu-main: a cache IPMMU */
	int8_t main_bit;         /* IMSSTR bit from ipmmu-main's second cell; -1 for a
				    root or a one-cell (Gen4) ipmmu-main */
};

/*
 * One iommus entry of a master, to an IOMMU of any kind (a node with
 * #iommu-cells, as Linux's of_iommu reads the binding). The specifier's
 * cells stay in the blob: ipfw_dt_spec_cell() reads them.
 */
struct ipfw_dt_spec {
	uint16_t master;         /* index in ipfw_dt_result.masters */
	int16_t ipmmu;           /* index in ipfw_dt_result.ipmmus; -1: an IOMMU this
				    library does not program (its node in iommu) */
	int32_t iommu;           /* libfdt offset of the IOMMU node */
	uint32_t cells_at;       /* byte offset in the blob of the first cell */
	uint8_t ncells;          /* the IOMMU's #iommu-cells */
};

/* One iommu-map entry, as in the property (lpae-and-devicetree.md 2.1). */
struct ipfw_dt_map_entry {
	uint32_t id_base;
	uint32_t phandle;
	uint32_t iommu_base;
	uint32_t length;
	int32_t iommu;           /* libfdt offset of the node the phandle names, -1 none */
	int16_t ipmmu;           /* IPMMU index; -1 when the phandle names no node,
				    -2 when it names a node that is not an IPMMU */
	uint8_t target;          /* IPFW_DT_NODE_* of the node the phandle names */
};

/* A phandle plus its cells (resets, clocks). */
struct ipfw_dt_ref {
	uint32_t phandle;
	uint8_t ncells;
	uint32_t cells[IPFW_DT_REF_CELLS_MAX];
};

#define IPFW_DT_MASTER_BYPASS_OK 0x01u /* policy allows bypass on an iommu-map miss */
#define IPFW_DT_MASTER_HAS_MAP 0x02u   /* has iommu-map */
#define IPFW_DT_MASTER_UNBOUND 0x04u   /* no iommus/iommu-map: listed in cfg->unbound_paths */

struct ipfw_dt_master {
	/* Lenient walk: the first problem in this master's binding (the iommus
	 * entries before it are kept, its map entries dropped; resets and
	 * clocks are still read, so it can be held in reset). err is 0 when
	 * fine. */
	const char *err_prop;
	int32_t node;            /* libfdt offset (the blob must outlive the result) */
	int err;
	int err_index;
	uint32_t map_mask;       /* iommu-map-mask, 0xffffffff when absent */
	uint16_t first_spec;     /* iommus entries: specs[first_spec .. +nspecs) */
	uint16_t nspecs;
	uint16_t first_map;      /* iommu-map entries: maps[first_map .. +nmaps) */
	uint16_t nmaps;
	uint16_t first_ref;      /* refs[first_ref .. +nresets): resets, then clocks */
	uint8_t nresets;
	uint8_t nclocks;
	uint8_t flags;           /* IPFW_DT_MASTER_* */
};

/* A DRAM range (ipfw_dt_memory, ipfw_dt_result.mem). */
struct ipfw_dt_range {
	uint64_t base;
	uint64_t size;
};

/*
 * Caller-provided output arrays. Set the pointers and *_cap; the walker sets
 * the counts. Too small an array gives IPFW_E_NOSPACE (diag names the node,
 * and need/have say what the tree needs and what the array holds). In a
 * lenient walk a master with more resets or clocks than refs can take is
 * held, not fatal (its err is IPFW_E_NOSPACE).
 */
struct ipfw_dt_result {
	const void *fdt;         /* the blob walked (set by the walk; must outlive res) */
	struct ipfw_dt_ipmmu *ipmmus;
	size_t ipmmus_cap, nipmmus;
	struct ipfw_dt_master *masters;
	size_t masters_cap, nmasters;
	struct ipfw_dt_spec *specs;
	size_t specs_cap, nspecs;
	struct ipfw_dt_map_entry *maps;
	size_t maps_cap, nmaps;
	/* Optional (refs_cap 0: not collected): resets and clocks of every
	 * master, each master's in one run. */
	struct ipfw_dt_ref *refs;
	size_t refs_cap, nrefs;
	/* Optional (mem_cap 0: not collected): DRAM ranges of the root's
	 * enabled "memory"/"memory@..." nodes with device_type "memory", as
	 * ipfw_dt_memory() reads them, gathered in the same pass. */
	struct ipfw_dt_range *mem;
	size_t mem_cap, nmem;
};

/* Board policy given to the walker. */
struct ipfw_dt_config {
	/* Node paths whose iommu-map misses become bypass instead of deny. */
	const char *const *bypass_paths;
	size_t nbypass;
	/* DMA masters known to have no IOMMU binding: recorded as masters
	 * (flag IPFW_DT_MASTER_UNBOUND) so their resets and clocks are read,
	 * after the tree's own masters, in list order. */
	const char *const *unbound_paths;
	size_t nunbound;
	/* Lenient: a problem local to one master or one IPMMU is recorded in
	 * its err fields and the walk goes on (what a boot plan needs: one bad
	 * master must not sink the others). A malformed blob or a full array
	 * still stops the walk. Strict (false) stops at the first problem. */
	bool lenient;
};

/*
 * Build idx (as ipfw_dt_index_build()) and walk the tree into res.
 * cfg may be NULL (no bypass allowed). diag may be NULL.
 *
 * Errors, with diag pointing at the node/property/entry:
 *   IPFW_E_FDT            malformed blob (diag.fdt_err has libfdt's code)
 *   IPFW_E_NOSPACE        an output array, the index or a path buffer is too small
 *   IPFW_E_DT_PHANDLE     iommus/resets/clocks entry with phandle 0 or unknown
 *   IPFW_E_DT_CELLS       target lacks #iommu-cells (#reset-cells, #clock-cells)
 *                         or has more cells than this library keeps
 *   IPFW_E_DT_TRUNCATED   a list ends in the middle of an entry
 *   IPFW_E_DT_NOTIOMMU    iommus target, or ipmmu-main root, is not an IPMMU
 *   IPFW_E_DT_DISABLED    an enabled master uses a disabled IPMMU
 *   IPFW_E_NOROOT         enabled cache IPMMU whose root is missing, disabled
 *                         or itself a cache
 *   IPFW_E_DT_MAPLEN      iommu-map empty or not whole 4-cell entries
 *   IPFW_E_DT_PROP        reg, ipmmu-main, iommu-map-mask, #*-cells malformed
 */
int ipfw_dt_walk(const void *fdt, const struct ipfw_dt_config *cfg, struct ipfw_dt_index *idx,
		 struct ipfw_dt_result *res, struct ipfw_dt_diag *diag);

/*
 * After a walk of this blob into res: read node (a libfdt offset) as one
 * more master without an IOMMU binding (IPFW_DT_MASTER_UNBOUND), with its
 * resets and clocks, as cfg->unbound_paths does, for a node some other
 * list names (the plan: a policy rule naming a node with no binding).
 * Returns its master index; IPFW_E_INVAL when node is an IPMMU, has a
 * binding, is disabled, or is a master already; IPFW_E_NOSPACE when the
 * masters array is full; IPFW_E_FDT for an offset that is no node. A
 * problem with its resets or clocks is recorded in its err fields.
 */
int ipfw_dt_add_unbound(const struct ipfw_dt_index *idx, struct ipfw_dt_result *res, int node,
			struct ipfw_dt_diag *diag);

/* ---------------------------------------------------------------- iommu-map lookup */

struct ipfw_dt_map_out {
	bool bypass;             /* no entry matched and the policy allows bypass */
	int16_t ipmmu;           /* target IPMMU index, -1 for another IOMMU (not valid
				    when bypass) */
	int32_t iommu;           /* libfdt offset of the target IOMMU node, -1 on bypass */
	uint32_t id;             /* output ID (uTLB); the unmasked input when bypass */
	uint16_t entry;          /* matching entry, relative to the master's first */
};

/*
 * Apply master m's iommu-map / iommu-map-mask to input ID rid exactly as
 * Linux 6.1's of_map_id() (lpae-and-devicetree.md 2.2): masked = rid &
 * mask; entries are scanned in order and the first with id_base <= masked
 * < id_base + length wins, the sum computed in 32 bits as Linux does (an
 * entry whose end wraps past 2^32 matches nothing, nor does length 0); the
 * output is masked - id_base + iommu_base, for whatever IOMMU the entry
 * names. An entry with id_base bits outside the mask met before the match
 * is IPFW_E_DT_MAPMASK. A matching entry whose phandle names nothing is
 * IPFW_E_DT_PHANDLE, one naming a node without #iommu-cells
 * IPFW_E_DT_NOTIOMMU, one naming a disabled IOMMU IPFW_E_DT_DISABLED
 * (Linux would run those IDs untranslated). No match: IPFW_E_DT_NOMATCH
 * (Linux: the ID passes untranslated; here: deny) unless the master is
 * marked IPFW_DT_MASTER_BYPASS_OK, then IPFW_OK with out->bypass set.
 * A master without iommu-map: IPFW_E_DT_PROP. diag may be NULL.
 */
int ipfw_dt_map_id(const struct ipfw_dt_result *res, size_t m, uint32_t rid,
		   struct ipfw_dt_map_out *out, struct ipfw_dt_diag *diag);

/* A phandle and the specifier cells that follow it. */
struct ipfw_dt_phandle_args {
	uint32_t phandle;
	uint8_t ncells;
	uint32_t cells[IPFW_DT_SPEC_CELLS_MAX];
};

/*
 * Entry index of node's iommus list (lpae-and-devicetree.md 2.4), the cell
 * count read from the target's #iommu-cells. A 0 phandle fills a one-cell
 * slot and reading that slot gives IPFW_E_DT_PHANDLE; an index past the
 * last entry gives IPFW_E_RANGE; no iommus property IPFW_E_DT_PROP; the
 * other errors as for ipfw_dt_walk(). node is a libfdt node offset. idx
 * must have been built from this blob (which checked it, ipfw_dt_check()).
 */
int ipfw_dt_iommus_get(const void *fdt, const struct ipfw_dt_index *idx, int node,
		       unsigned int index, struct ipfw_dt_phandle_args *out,
		       struct ipfw_dt_diag *diag);

/* Index of the master whose path is path, or -1. */
int ipfw_dt_find_master(const struct ipfw_dt_result *res, const char *path);

/* Cell i (< sp->ncells) of an iommus specifier, read from the blob walked;
 * 0 for i >= sp->ncells (nothing past the specifier is read). */
uint32_t ipfw_dt_spec_cell(const struct ipfw_dt_result *res, const struct ipfw_dt_spec *sp,
			   unsigned int i);

/*
 * Full path of libfdt node offset `node` into buf (len bytes), built from
 * the structure block with no limit on depth or length other than len.
 * Returns the path's length, IPFW_E_NOSPACE when it does not fit (buf then
 * holds as much of it as fits, NUL-terminated) or IPFW_E_FDT when node is
 * not a node of this blob (buf ""). The blob must have passed
 * ipfw_dt_check().
 */
int ipfw_dt_path(const void *fdt, int node, char *buf, size_t len);

/*
 * The libfdt offset of the node at path ("/soc/mmc@ee100000"; a component
 * may omit its unit address when that names one node, as libfdt allows),
 * or a negative -FDT_ERR_*. Unlike libfdt 1.6.1's fdt_path_offset() it
 * finds the root wherever the structure block starts it (after NOP tags
 * or properties, which libfdt's node iteration skips). The blob must have
 * passed ipfw_dt_check().
 */
int ipfw_dt_path_offset(const void *fdt, const char *path);

/* Whether a node's status property enables it: v and len as fdt_getprop()
 * gives them. Absent (v NULL) or exactly "okay" or "ok" with its NUL and
 * nothing after it (Devicetree Specification, "status") is enabled;
 * anything else (a value without its NUL, "okay" followed by more bytes,
 * "disabled", "fail", "reserved") is not. The one rule for every reader
 * of status: the walker, /memory and the plan (ipfw_dt_node_okay). */
bool ipfw_dt_status_okay(const char *v, int len);

/* Node's own status by that rule (fdt_getprop of "status"). */
bool ipfw_dt_node_okay(const void *fdt, int node);

/* The parent of node, found from the first node as ipfw_dt_path_offset()
 * finds paths (not fdt_parent_offset(), which takes the root to be at
 * offset 0): its offset, -FDT_ERR_NOTFOUND for the root, or libfdt's
 * negative error for a bad blob or offset. */
int ipfw_dt_parent(const void *fdt, int node);

/* ---------------------------------------------------------------- memory */

/*
 * DRAM ranges: every `reg` entry of the root's "memory" / "memory@..."
 * children with device_type "memory" (status okay), in the root's
 * #address-cells/#size-cells, zero-sized entries skipped. *n gets the count.
 * IPFW_E_NOSPACE beyond cap, IPFW_E_DT_PROP for a malformed reg or cells,
 * IPFW_E_FDT for a bad blob; diag (may be NULL) says where.
 */
int ipfw_dt_memory(const void *fdt, struct ipfw_dt_range *out, size_t cap, size_t *n,
		   struct ipfw_dt_diag *diag);

#endif /* IPMMU_DT_H */
