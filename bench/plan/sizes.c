/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Compiled, never run: one array per public struct whose size is the
 * struct's, so `nm -S` of the object reads each sizeof for the target the
 * object was built for (bench/plan/run builds it for the host, AArch64
 * and Thumb-2). ipfw_sizeof_state is the state a bootloader keeps for
 * ipfw_boot_run(): struct ipfw_plan, struct ipfw_boot and the IPMMU
 * driver's flow state (struct ipfw_ipmmu_flow, which the board registers
 * in hooks.drivers) together.
 */
#include <ipmmu/boot.h>
#include <ipmmu/boot_rcar.h>
#include <ipmmu/dt.h>
#include <ipmmu/handoff.h>
#include <ipmmu/ipmmu.h>
#include <ipmmu/lpae.h>
#include <ipmmu/plan.h>

#define IPFW_SIZEOF(name, type) char ipfw_sizeof_##name[sizeof(type)];

IPFW_SIZEOF(state, struct { struct ipfw_plan p; struct ipfw_boot b; struct ipfw_ipmmu_flow f; })
IPFW_SIZEOF(ipmmu_flow, struct ipfw_ipmmu_flow)
IPFW_SIZEOF(plan, struct ipfw_plan)
IPFW_SIZEOF(boot, struct ipfw_boot)
IPFW_SIZEOF(plan_walk, struct ipfw_plan_walk)
IPFW_SIZEOF(plan_inst, struct ipfw_plan_inst)
IPFW_SIZEOF(plan_master, struct ipfw_plan_master)
IPFW_SIZEOF(plan_utlb, struct ipfw_plan_utlb)
IPFW_SIZEOF(plan_domain, struct ipfw_plan_domain)
IPFW_SIZEOF(plan_region, struct ipfw_plan_region)
IPFW_SIZEOF(plan_diag, struct ipfw_plan_diag)
IPFW_SIZEOF(policy, struct ipfw_policy)
IPFW_SIZEOF(policy_rule, struct ipfw_policy_rule)
IPFW_SIZEOF(policy_map, struct ipfw_policy_map)
IPFW_SIZEOF(dt_ipmmu, struct ipfw_dt_ipmmu)
IPFW_SIZEOF(dt_master, struct ipfw_dt_master)
IPFW_SIZEOF(dt_spec, struct ipfw_dt_spec)
IPFW_SIZEOF(dt_map_entry, struct ipfw_dt_map_entry)
IPFW_SIZEOF(dt_ref, struct ipfw_dt_ref)
IPFW_SIZEOF(dt_node_info, struct ipfw_dt_node_info)
IPFW_SIZEOF(dt_result, struct ipfw_dt_result)
IPFW_SIZEOF(dt_diag, struct ipfw_dt_diag)
IPFW_SIZEOF(dt_range, struct ipfw_dt_range)
IPFW_SIZEOF(boot_master, struct ipfw_boot_master)
IPFW_SIZEOF(boot_domain, struct ipfw_boot_domain)
IPFW_SIZEOF(boot_hooks, struct ipfw_boot_hooks)
IPFW_SIZEOF(boot_rcar, struct ipfw_boot_rcar)
IPFW_SIZEOF(ipmmu, struct ipfw_ipmmu)
IPFW_SIZEOF(ipmmu_inst, struct ipfw_ipmmu_inst)
IPFW_SIZEOF(ipmmu_inst_state, struct ipfw_ipmmu_inst_state)
IPFW_SIZEOF(ipmmu_domain, struct ipfw_ipmmu_domain)
IPFW_SIZEOF(lpae_ctx, struct ipfw_lpae_ctx)
