/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal: (phandle, cells...) lists such as iommus, resets and clocks. */
#ifndef IPFW_DT_ARGS_H
#define IPFW_DT_ARGS_H

#include <ipmmu/dt.h>
#include "dt_scan.h"

/* Which #*-cells of the target gives the entry's cell count. */
enum dt_cells_kind { DT_CELLS_IOMMU, DT_CELLS_RESET, DT_CELLS_CLOCK };

/*
 * Read the entry at *cell of list p. Returns 1 with *out and *target set
 * and *cell advanced, 0 at the end of the list, or an error:
 *   IPFW_E_DT_PHANDLE    phandle 0 (*cell advanced past its one-cell slot) or unknown
 *   IPFW_E_DT_CELLS      target has no #*-cells, or more than max_cells
 * At most IPFW_DT_SPEC_CELLS_MAX cells are copied to out->cells; out->ncells
 * is the entry's full count.
 *   IPFW_E_DT_TRUNCATED  the list ends inside the entry
 */
int ipfw_dt_args_next(const struct ipfw_dt_index *idx, const struct dt_prop *p, uint32_t *cell,
		 enum dt_cells_kind kind, unsigned int max_cells, struct ipfw_dt_phandle_args *out,
		 const struct ipfw_dt_node_info **target);

#endif /* IPFW_DT_ARGS_H */
