/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ready-made boot hooks for R-Car boards: hold and release masters through
 * the CPG/MSSR named by their `resets` and `clocks` (ipmmu/rcar_cpg.h).
 *
 *   struct ipfw_boot_rcar cpg;
 *   ipfw_boot_rcar_from_dt(fdt, &cpg);          // base, layout, phandle
 *   hooks.hold = ipfw_boot_rcar_hold; hooks.release = ipfw_boot_rcar_release;
 *   hooks.ctx = &cpg;
 *
 * Only references to this CPG count (resets/clocks of other providers are
 * not touched); clocks are the two-cell <CPG_MOD N> form, core clocks
 * (<CPG_CORE N>) are always running and skipped. A master with no reset
 * on this CPG cannot be confirmed held: hold fails for it, so the boot flow
 * never releases it.
 */
#ifndef IPMMU_BOOT_RCAR_H
#define IPMMU_BOOT_RCAR_H

#include <ipmmu/types.h>

#include <ipmmu/plan.h>
#include <ipmmu/rcar_cpg.h>

/* dt-bindings/clock/renesas-cpg-mssr.h */
#define IPFW_RCAR_CPG_CORE 0u
#define IPFW_RCAR_CPG_MOD 1u

struct ipfw_boot_rcar {
	struct ipfw_cpg cpg;
	uint32_t phandle; /* the CPG node's phandle */
};

/*
 * Find the node whose compatible ends in "-cpg-mssr", take its reg base,
 * its phandle, and the register layout (Gen4 for r8a779a0/f0/g0/h0).
 * The poll limit defaults to 1000 reads, 1 us apart. IPFW_E_DT_PROP when
 * there is no such node or it lacks reg or a phandle; IPFW_E_FDT for a bad
 * blob.
 */
int ipfw_boot_rcar_from_dt(const void *fdt, struct ipfw_boot_rcar *c);

/* struct ipfw_boot_hooks callbacks; ctx is a struct ipfw_boot_rcar. */
int ipfw_boot_rcar_hold(void *ctx, const struct ipfw_plan_master *m);
int ipfw_boot_rcar_release(void *ctx, const struct ipfw_plan_master *m);

#endif
