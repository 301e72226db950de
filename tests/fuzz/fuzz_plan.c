/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer harness for the plan and the boot flow on arbitrary blobs:
 * plan with a fixed policy, format every diagnostic, and when a plan was
 * made, program it into the IPMMU model (Gen3) with a CPG model, verify
 * and release. Invariants checked independently of the code:
 *  - no master is released unless the plan gives it a translating domain
 *    or an explicit bypass;
 *  - every released translating master translates its reachable runs
 *    through the model;
 *  - diagnostics format to NUL-terminated text.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include <ipmmu/boot.h>
#include <ipmmu/boot_rcar.h>
#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>
#include "ipmmu_model.h"
#include "mmio_bus.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define POOL 32

static uint64_t pool_mem[POOL][512] __attribute__((aligned(8192)));
static struct ipfw_plan plan;
static struct ipfw_boot boot;
static struct ipfw_ipmmu_flow ipmmu_state;
static struct ipfw_model model;

static const struct ipfw_policy_map window[] = {
	{0x0, 0x48000000u, 0x200000u, IPFW_LPAE_RW | IPFW_LPAE_WB | IPFW_LPAE_XN, true},
};
static const struct ipfw_policy_rule rules[] = {
	{"/soc/mmc@ee100000", IPFW_ACT_TRANSLATE, "storage", window, 1, false},
	{"/soc/dma-controller@e6700000", IPFW_ACT_IDENTITY, "dma", NULL, 0, false},
	{"/soc/pcie@fe000000", IPFW_ACT_IDENTITY, NULL, NULL, 0, true},
	{"/soc/sata@ee300000", IPFW_ACT_DENY, NULL, NULL, 0, false},
	{"/soc/dma-controller@ec700000", IPFW_ACT_BYPASS, NULL, NULL, 0, false},
};
static const char *const unbound[] = {"/soc/usb@ee000000"};
static const struct ipfw_policy policy = {
	.ipmmu = &ipfw_ipmmu_plan_ops,
	.rules = rules, .nrules = 5, .unbound = unbound, .nunbound = 1,
	.default_action = IPFW_ACT_IDENTITY, .fmt = IPFW_IPMMU_FMT_S1_32,
	.identity_attrs = IPFW_LPAE_RW | IPFW_LPAE_WB | IPFW_LPAE_XN, .pool_tables = POOL,
	.rev = {true, 0x4F20}, /* H3 ES3.0: allowed */
};

static int no_hold(void *ctx, const struct ipfw_plan_master *m)
{
	(void)ctx;
	(void)m;
	return 0;
}

static int count_release(void *ctx, const struct ipfw_plan_master *m)
{
	(void)m;
	++*(unsigned int *)ctx;
	return 0;
}

/* Tables are in this process: "physical" = host address within the pool. */
static int read_pool(void *ctx, uint64_t pa, uint64_t *val)
{
	(void)ctx;
	if (pa < 0x40000000u || pa + 8 > 0x40000000u + sizeof(pool_mem) || (pa & 7))
		return -1;
	memcpy(val, (const uint8_t *)pool_mem + (pa - 0x40000000u), 8);
	return 0;
}

struct run_check {
	const struct ipfw_plan_master *pm;
	int bad;
};

static int check_run(void *arg, const struct ipfw_boot_reach *r)
{
	struct run_check *rc = arg;
	const struct ipfw_plan_utlb *u = &plan.utlbs[rc->pm->first_utlb];
	uint32_t off;
	int ci = ipfw_model_find(&model, (uintptr_t)plan.inst[u->inst].base, &off);
	struct ipfw_model_result res;

	if (ci < 0 || ipfw_model_translate(&model, (unsigned int)ci, u->id, r->iova, false,
					   &res) != IPFW_MODEL_TRANSLATED ||
	    res.pa != r->pa)
		rc->bad = 1;
	return 0;
}

static void run_flow(void)
{
	unsigned int released = 0;
	struct ipfw_boot_hooks hooks = {.ctx = &released, .hold = no_hold, .release = count_release, .drivers[IPFW_IOMMU_IPMMU] = IPFW_IPMMU_DRIVER(&ipmmu_state)};
	struct ipfw_boot_pool pool = {pool_mem, 0x40000000u, POOL};

	ipfw_bus_reset();
	ipfw_model_init(&model, IPFW_MODEL_GEN3);
	ipfw_model_set_memory(&model, read_pool, NULL);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < plan.ninst; i++) {
			const struct ipfw_plan_inst *pi = &plan.inst[i];
			bool root = pi->root == IPFW_IPMMU_IS_ROOT;
			uint32_t off;

			if (!pi->usable || root != (pass == 0) ||
			    ((const struct ipfw_soc *)pi->hw.hw)->gen != 3)
				continue;
			ipfw_model_add_instance(&model, pi->name, (uintptr_t)pi->base,
						root ? -1
						     : ipfw_model_find(&model,
								       (uintptr_t)plan.inst[pi->root].base,
								       &off));
		}
	}
	if (ipfw_model_attach(&model))
		return; /* overlapping windows: nothing to run on */
	if (ipfw_boot_hold(&boot, &plan, &hooks))
		return;
	ipfw_boot_program(&boot, &pool);
	ipfw_boot_verify(&boot);
	ipfw_boot_release(&boot);
	for (size_t m = 0; m < plan.nmasters; m++) {
		const struct ipfw_plan_master *pm = &plan.masters[m];
		struct run_check rc = {pm, 0};

		if (boot.m[m].state != IPFW_MS_RELEASED)
			continue;
		if (pm->action == IPFW_ACT_DENY)
			abort(); /* a denied master was released */
		if (pm->action == IPFW_ACT_BYPASS)
			continue;
		if (pm->domain < 0 || plan.domains[pm->domain].err)
			abort();
		ipfw_boot_reach_walk(&boot, m, check_run, &rc);
		if (rc.bad)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[160];
	void *blob;

	if (size < sizeof(struct fdt_header) || size > (1u << 18))
		return 0;
	blob = malloc(size);
	if (!blob)
		return 0;
	memcpy(blob, data, size);
	if (fdt_check_header(blob) || fdt_totalsize(blob) > size) {
		free(blob);
		return 0;
	}
	if (ipfw_plan_build(blob, &policy, &plan) >= 0) {
		for (size_t i = 0; i < plan.ndiags; i++) {
			memset(text, 'x', sizeof(text));
			ipfw_plan_diag_format(&plan, &plan.diags[i], text, sizeof(text));
			if (!memchr(text, '\0', sizeof(text)))
				abort();
		}
		run_flow();
	}
	free(blob);
	return 0;
}
