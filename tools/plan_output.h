/* SPDX-License-Identifier: BSD-3-Clause */
/* `ipmmu-dt plan`: the plan as a table, JSON, Graphviz, or an MMIO trace. */
#ifndef IPFW_TOOLS_PLAN_OUTPUT_H
#define IPFW_TOOLS_PLAN_OUTPUT_H

#include <stdint.h>
#include <stdio.h>

#include <ipmmu/plan.h>

void plan_print_table(FILE *out, const struct ipfw_plan *plan, const struct ipfw_policy *pol);
void plan_print_json(FILE *out, const struct ipfw_plan *plan, const struct ipfw_policy *pol);
void plan_print_dot(FILE *out, const struct ipfw_plan *plan);

/*
 * Run hold, program, verify and release on the behavioural IPMMU model and
 * CPG model behind the test bus, printing every register write with its
 * name. Page tables live in a host buffer the model sees at pool_pa.
 * Returns 0 when every step succeeded, 1 when one failed (said on err).
 */
int plan_trace_mmio(FILE *out, FILE *err, const char *file, const void *fdt,
		    const struct ipfw_plan *plan, uint32_t pool_tables, uint64_t pool_pa);

#endif
