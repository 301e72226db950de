/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The IPMMU driver's side of the boot flow (src/ipmmu/ipmmu_flow.c,
 * ipfw_ipmmu_iommu_ops.init): which of the instances the flow describes it
 * brings up. The contract (ipmmu/iommu.h): inst[0 .. n) are the plan's
 * instances; only those marked `used` and of the IPMMU kind are touched,
 * and a cache whose root is not brought up is refused. The oracle is the
 * bus: which register windows saw an access (the behavioural model of
 * tests/model answers them).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>
#include <ipmmu/soc.h>

#include "model_fixture.h"

static struct ipfw_ipmmu_flow flow;
static const struct ipfw_delay no_delay = {0};

/* Accesses that fell in the 4 KiB register window at base. */
static size_t accesses_to(uintptr_t base)
{
	size_t n = 0;

	for (size_t i = 0; i < ipfw_bus_trace_len(); i++) {
		uintptr_t a = ipfw_bus_trace_at(i)->addr;

		n += a >= base && a < base + 0x1000u;
	}
	return n;
}

static struct ipfw_iommu_inst h3(const char *name, uint64_t base, int16_t home)
{
	return (struct ipfw_iommu_inst){.name = name, .base = base,
					.hw = ipfw_soc_by_compatible("renesas,ipmmu-r8a7795"),
					.home = home, .kind = IPFW_IOMMU_IPMMU, .used = true};
}

static int setup(void **state)
{
	(void)state;
	fx_setup(IPFW_MODEL_GEN3);
	memset(&flow, 0, sizeof(flow));
	return 0;
}

/* The array holds three used instances; the flow says there are two. The
 * third (ds1) is past the plan's instances and is never touched. */
static void init_brings_up_only_the_n_instances_it_is_given(void **state)
{
	struct ipfw_iommu_inst inst[3] = {
		h3("ipmmu_mm", H3_MM, IPFW_IOMMU_HOME_SELF),
		h3("ipmmu_ds0", H3_DS0, 0),
		h3("ipmmu_ds1", H3_DS1, 0),
	};

	(void)state;
	assert_non_null(inst[0].hw);
	assert_int_equal(ipfw_ipmmu_iommu_ops.init(&flow, inst, 2, &no_delay), IPFW_OK);
	assert_true(accesses_to(H3_MM) > 0);
	assert_true(accesses_to(H3_DS0) > 0);
	assert_int_equal(accesses_to(H3_DS1), 0);
}

/* Unused instances and instances of another driver are left alone; the
 * root is listed after its cache and still comes up first. */
static void init_skips_unused_and_foreign_instances(void **state)
{
	struct ipfw_iommu_inst inst[4] = {
		h3("ipmmu_ds0", H3_DS0, 1),
		h3("ipmmu_mm", H3_MM, IPFW_IOMMU_HOME_SELF),
		h3("ipmmu_ds1", H3_DS1, 1),
		{.name = "smmuv3@9050000", .base = 0x09050000u, .home = IPFW_IOMMU_HOME_SELF,
		 .kind = IPFW_IOMMU_SMMUV3, .used = true},
	};

	(void)state;
	inst[2].used = false;
	assert_int_equal(ipfw_ipmmu_iommu_ops.init(&flow, inst, 4, &no_delay), IPFW_OK);
	assert_true(accesses_to(H3_MM) > 0);
	assert_true(accesses_to(H3_DS0) > 0);
	assert_int_equal(accesses_to(H3_DS1), 0);
	assert_int_equal(accesses_to(0x09050000u), 0);
}

/* A used cache whose root the plan does not use would otherwise pass for
 * a root of its own: refused before any register is touched. */
static void cache_without_its_root_is_refused(void **state)
{
	struct ipfw_iommu_inst inst[2] = {
		h3("ipmmu_mm", H3_MM, IPFW_IOMMU_HOME_SELF),
		h3("ipmmu_ds0", H3_DS0, 0),
	};

	(void)state;
	inst[0].used = false;
	assert_int_equal(ipfw_ipmmu_iommu_ops.init(&flow, inst, 2, &no_delay), IPFW_E_NOROOT);
	assert_int_equal(ipfw_bus_trace_len(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(init_brings_up_only_the_n_instances_it_is_given, setup),
		cmocka_unit_test_setup(init_skips_unused_and_foreign_instances, setup),
		cmocka_unit_test_setup(cache_without_its_root_is_refused, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
