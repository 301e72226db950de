/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared between the plan's source files; not installed. */
#ifndef IPFW_BOOT_PLAN_PRIV_H
#define IPFW_BOOT_PLAN_PRIV_H

#include <ipmmu/types.h>

#include <ipmmu/config.h>
#include <ipmmu/plan.h>
#include <ipmmu/text.h>

/* Append a diagnostic (never NULL: past capacity it lands in a sink).
 * Call it through ipfw_plan_diag_add(): the text goes through IPFW_TEXT, so
 * a build without diagnostic texts (ipmmu/config.h) keeps none of them. */
struct ipfw_plan_diag *ipfw_plan_diag_new(struct ipfw_plan *plan, enum ipfw_diag_level level,
					  int code, const char *what);
/* ... about master m (path and index filled in). */
struct ipfw_plan_diag *ipfw_plan_diag_new_master(struct ipfw_plan *plan, size_t m,
						 enum ipfw_diag_level level, int code,
						 const char *what);
#define ipfw_plan_diag_add(plan, level, code, what)                                     \
	ipfw_plan_diag_new((plan), (level), (code), IPFW_TEXT(what))
#define ipfw_plan_diag_master(plan, m, level, code, what)                               \
	ipfw_plan_diag_new_master((plan), (m), (level), (code), IPFW_TEXT(what))
void ipfw_plan_deny(struct ipfw_plan *plan, size_t m, int err);
/* Does one of the n policy paths name node (each path looked up in the blob)? */
bool ipfw_plan_lists_node(const struct ipfw_plan *plan, const char *const *paths, size_t n,
			  int32_t node);
/* Record uTLB `utlb` of instance `inst` for master m, or deny m with a
 * diagnostic naming prop[index]. Returns IPFW_OK or the code. */
int ipfw_plan_master_utlb(struct ipfw_plan *plan, size_t m, unsigned int inst, uint32_t utlb,
			  const char *prop, int index);

/* Hold master m: iommus/iommu-map entry prop[index] names IOMMU node `iommu`,
 * not an IPMMU (one diagnostic per master). */
void ipfw_plan_foreign(struct ipfw_plan *plan, size_t m, int32_t iommu, const char *prop, int index);
/* Master m's iommu-map: uTLBs, overlaps, gaps (plan_idmap.c). */
void ipfw_plan_master_idmap(struct ipfw_plan *plan, size_t m, bool bypass_ok);
/* Likely DMA masters without a binding (plan_unprotected.c). */
void ipfw_plan_unprotected_masters(struct ipfw_plan *plan, const struct ipfw_policy *pol);
/* Groups, domains, regions, tables, contexts (plan_domains.c). */
void ipfw_plan_domains(struct ipfw_plan *plan, const struct ipfw_policy *pol);

#endif
