/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Build options that change code, not structures (struct layouts never
 * depend on them, so objects built with different values still agree).
 * Capacities are in ipmmu/plan.h and ipmmu/iommu.h (IPFW_CFG_MAX_*).
 *
 * IPFW_CFG_DIAG_TEXT (default 1): keep the fixed texts of diagnostics
 *   (struct ipfw_plan_diag.what: "bound to a disabled IPMMU: denied", ...).
 *   0 leaves every `what` NULL: a board that links no text report
 *   (ipmmu-fw.mk: IPFW_WITH_REPORT=n sets it) does not pay for sentences
 *   it never prints. Everything else a diagnostic says stays: the code
 *   (IPFW_E_*), the node, property, entry, uTLB, masters and figures.
 *
 * IPFW_CFG_REPORT (default 1): the text report is linked (boot_report.c,
 *   plan_text.c). ipmmu-fw.mk sets 0 with IPFW_WITH_REPORT=n, where those
 *   files are not built; a board writes `.report = IPFW_BOOT_REPORT`
 *   (ipmmu/boot.h) and gets ipfw_boot_report or NULL to match.
 *
 * IPFW_CFG_SOC_ALL (default 1): the SoC table (ipmmu/soc.h) has every SoC.
 *   0 keeps only the SoCs set with IPFW_CFG_SOC_<name>=1 (r8a7795 for
 *   R-Car H3, ..., rcar_gen4 for the generic Gen4 entry), as TF-A's
 *   LSI= builds one SoC: ipmmu-fw.mk turns IPFW_SOCS=r8a7795 into these.
 *   An IPMMU of a SoC left out is IPFW_E_NOSOC: its masters stay held.
 *
 * IPFW_CFG_IOMMU_MAP (default 1): PCIe hosts with iommu-map (requester ID
 *   -> uTLB). 0 leaves that code out, for a board whose tree has none
 *   (Linux 6.1's R-Car trees have none): a master with iommu-map is then
 *   held, IPFW_E_UNSUPPORTED at its iommu-map property.
 */
#ifndef IPMMU_CONFIG_H
#define IPMMU_CONFIG_H

#ifndef IPFW_CFG_DIAG_TEXT
#define IPFW_CFG_DIAG_TEXT 1
#endif

#ifndef IPFW_CFG_REPORT
#define IPFW_CFG_REPORT 1
#endif

#ifndef IPFW_CFG_IOMMU_MAP
#define IPFW_CFG_IOMMU_MAP 1
#endif

#ifndef IPFW_CFG_SOC_ALL
#define IPFW_CFG_SOC_ALL 1
#endif
#ifndef IPFW_CFG_SOC_r8a7795
#define IPFW_CFG_SOC_r8a7795 0
#endif
#ifndef IPFW_CFG_SOC_r8a7796
#define IPFW_CFG_SOC_r8a7796 0
#endif
#ifndef IPFW_CFG_SOC_r8a77961
#define IPFW_CFG_SOC_r8a77961 0
#endif
#ifndef IPFW_CFG_SOC_r8a77965
#define IPFW_CFG_SOC_r8a77965 0
#endif
#ifndef IPFW_CFG_SOC_r8a77970
#define IPFW_CFG_SOC_r8a77970 0
#endif
#ifndef IPFW_CFG_SOC_r8a77980
#define IPFW_CFG_SOC_r8a77980 0
#endif
#ifndef IPFW_CFG_SOC_r8a77990
#define IPFW_CFG_SOC_r8a77990 0
#endif
#ifndef IPFW_CFG_SOC_r8a77995
#define IPFW_CFG_SOC_r8a77995 0
#endif
#ifndef IPFW_CFG_SOC_r8a774a1
#define IPFW_CFG_SOC_r8a774a1 0
#endif
#ifndef IPFW_CFG_SOC_r8a774b1
#define IPFW_CFG_SOC_r8a774b1 0
#endif
#ifndef IPFW_CFG_SOC_r8a774c0
#define IPFW_CFG_SOC_r8a774c0 0
#endif
#ifndef IPFW_CFG_SOC_r8a774e1
#define IPFW_CFG_SOC_r8a774e1 0
#endif
#ifndef IPFW_CFG_SOC_r8a779a0
#define IPFW_CFG_SOC_r8a779a0 0
#endif
#ifndef IPFW_CFG_SOC_r8a779f0
#define IPFW_CFG_SOC_r8a779f0 0
#endif
#ifndef IPFW_CFG_SOC_r8a779g0
#define IPFW_CFG_SOC_r8a779g0 0
#endif
#ifndef IPFW_CFG_SOC_r8a779h0
#define IPFW_CFG_SOC_r8a779h0 0
#endif
#ifndef IPFW_CFG_SOC_rcar_gen4
#define IPFW_CFG_SOC_rcar_gen4 0
#endif
/* Whether the build keeps an R-Car Gen4 SoC (lists that only Gen4 parts
 * need, e.g. the Gen4 bus-master compatibles, follow it). */
#define IPFW_CFG_SOC_GEN4_ANY                                                          \
	(IPFW_CFG_SOC_ALL || IPFW_CFG_SOC_r8a779a0 || IPFW_CFG_SOC_r8a779f0 ||              \
	 IPFW_CFG_SOC_r8a779g0 || IPFW_CFG_SOC_r8a779h0 || IPFW_CFG_SOC_rcar_gen4)
#if !IPFW_CFG_SOC_ALL && \
	!IPFW_CFG_SOC_r8a7795 && \
	!IPFW_CFG_SOC_r8a7796 && \
	!IPFW_CFG_SOC_r8a77961 && \
	!IPFW_CFG_SOC_r8a77965 && \
	!IPFW_CFG_SOC_r8a77970 && \
	!IPFW_CFG_SOC_r8a77980 && \
	!IPFW_CFG_SOC_r8a77990 && \
	!IPFW_CFG_SOC_r8a77995 && \
	!IPFW_CFG_SOC_r8a774a1 && \
	!IPFW_CFG_SOC_r8a774b1 && \
	!IPFW_CFG_SOC_r8a774c0 && \
	!IPFW_CFG_SOC_r8a774e1 && \
	!IPFW_CFG_SOC_r8a779a0 && \
	!IPFW_CFG_SOC_r8a779f0 && \
	!IPFW_CFG_SOC_r8a779g0 && \
	!IPFW_CFG_SOC_r8a779h0 && \
	!IPFW_CFG_SOC_rcar_gen4
#error "IPFW_CFG_SOC_ALL=0 needs at least one IPFW_CFG_SOC_<name>=1 (see ipmmu/config.h)"
#endif

/* A diagnostic's fixed text, or NULL in a build without them. The
 * argument is still evaluated for its type (and marked used), but a
 * string literal that is not kept costs nothing. */
#if IPFW_CFG_DIAG_TEXT
#define IPFW_TEXT(s) (s)
#else
#define IPFW_TEXT(s) ((void)(s), (const char *)0)
#endif

#endif /* IPMMU_CONFIG_H */
