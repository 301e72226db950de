/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SMMUv3 driver's operations for the boot flow (ipfw_smmuv3_iommu_ops,
 * ipmmu/iommu.h) against the behavioural model, through the MMIO seam. The
 * oracle is what the model does with what the driver wrote: a StreamID
 * translates, aborts or bypasses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <ipmmu/error.h>
#include <ipmmu/lpae.h>
#include <ipmmu/smmuv3.h>
#include <ipmmu/text.h>

#include "smmuv3_rig.h"

#define BASE RIG_BASE

static struct smmuv3_model m;
static struct ipfw_smmuv3_flow f;
static struct ipfw_lpae_ctx tables;
static const struct ipfw_iommu_ops *ops = &ipfw_smmuv3_iommu_ops;

/* Instance 0 an IPMMU (not the SMMU's), instance 1 the SMMUv3. */
static struct ipfw_iommu_inst inst[2];

static int setup(void **state)
{
	(void)state;
	rig_attach(&m);
	memset(&f, 0, sizeof(f));
	f.mem = rig_mem(5);
	f.limit = (struct ipfw_poll_limit){50, 0};
	inst[0] = (struct ipfw_iommu_inst){.name = "iommu@e6740000", .base = 0xE6740000u,
					   .home = IPFW_IOMMU_HOME_SELF,
					   .kind = IPFW_IOMMU_IPMMU, .used = true};
	inst[1] = (struct ipfw_iommu_inst){.name = "smmuv3@9050000", .base = BASE,
					   .home = IPFW_IOMMU_HOME_SELF,
					   .kind = IPFW_IOMMU_SMMUV3, .used = true};
	return 0;
}

/* Tables: 0x1000 rw -> PA_DATA; domain 0 on instance 1 through the ops. */
static void up_with_domain(unsigned int d, int slot)
{
	const struct ipfw_lpae_pool p = {pool, PA_POOL, 8};
	struct ipfw_lpae_regs r;

	assert_int_equal(ops->init(&f, inst, 2, NULL), IPFW_OK);
	assert_int_equal(ipfw_lpae_init(&tables, IPFW_LPAE_S1_32, &p, IPFW_LPAE_F_COHERENT, NULL,
					NULL),
			 IPFW_OK);
	assert_int_equal(ipfw_lpae_map(&tables, 0x1000, PA_DATA, 0x1000,
				       IPFW_LPAE_RW | IPFW_LPAE_WB | IPFW_LPAE_XN),
			 IPFW_OK);
	assert_int_equal(ipfw_lpae_regs(&tables, &r), IPFW_OK);
	assert_int_equal(ops->domain_create(&f, d, 1, slot, IPFW_LPAE_S1_32, &r), IPFW_OK);
}

static enum sm_outcome dma(uint32_t sid, uint64_t *pa)
{
	return sm_translate(&m, sid, 0x1000, true, pa);
}

static const struct ipfw_iommu_endpoint ep8 = {1, 8}, ep9 = {1, 9};

static void test_init_brings_up_only_its_instance_default_deny(void **state)
{
	uint64_t pa;

	(void)state;
	assert_int_equal(ops->init(&f, inst, 2, NULL), IPFW_OK);
	assert_int_equal(f.inst, 1);
	assert_true(f.smmu.enabled);
	/* nothing of the IPMMU's window was touched */
	assert_true(ipfw_bus_count(IPFW_BUS_WRITE) > 0);
	for (size_t i = 0; i < ipfw_bus_trace_len(); i++) {
		const struct ipfw_bus_access *a = ipfw_bus_trace_at(i);

		if (a->op != IPFW_BUS_BARRIER)
			assert_true(a->addr - BASE < 0x20000u);
	}
	for (uint32_t sid = 0; sid < 32; sid++)
		assert_int_equal(dma(sid, &pa), SM_ABORT);
}

static void test_init_without_an_smmu_in_use_touches_nothing(void **state)
{
	(void)state;
	inst[1].used = false;
	assert_int_equal(ops->init(&f, inst, 2, NULL), IPFW_OK);
	assert_int_equal(f.inst, -1);
	assert_int_equal(ipfw_bus_trace_len(), 0);
	/* and then nothing can be created or bypassed on it */
	assert_int_equal(ops->bypass(&f, 0, ep8, 0), IPFW_E_STATE);
}

static void test_two_smmus_for_one_state_are_refused(void **state)
{
	(void)state;
	inst[0].kind = IPFW_IOMMU_SMMUV3;
	assert_int_equal(ops->init(&f, inst, 2, NULL), IPFW_E_NOSPACE);
	assert_int_equal(ipfw_bus_trace_len(), 0);
}

static void test_attach_translates_and_reads_back_live(void **state)
{
	uint64_t pa = 0;

	(void)state;
	up_with_domain(0, 3);
	assert_int_equal(f.dom[0].asid, 3);
	assert_int_equal(ops->domain_live(&f, 0), IPFW_OK);
	assert_int_equal(ops->is_live(&f, 0, ep8, 0), IPFW_E_NOTREADY);
	assert_int_equal(ops->attach(&f, 0, ep8, 0), IPFW_OK);
	assert_int_equal(ops->is_live(&f, 0, ep8, 0), IPFW_OK);
	assert_int_equal(dma(8, &pa), SM_TRANSLATED);
	assert_int_equal(pa, PA_DATA);
	/* its neighbour still aborts */
	assert_int_equal(ops->is_live(&f, 0, ep9, 0), IPFW_E_NOTREADY);
	assert_int_equal(dma(9, &pa), SM_ABORT);
}

static void test_asid_defaults_to_the_domain_number_plus_one(void **state)
{
	(void)state;
	up_with_domain(2, -1);
	assert_int_equal(f.dom[2].asid, 3);
}

static void test_shared_streamid_aborts_when_the_last_master_leaves(void **state)
{
	uint64_t pa;

	(void)state;
	up_with_domain(0, 1);
	assert_int_equal(ops->attach(&f, 0, ep8, 0), IPFW_OK);
	assert_int_equal(ops->attach(&f, 0, ep8, 1), IPFW_OK);
	assert_int_equal(ops->detach(&f, 0, ep8, 1), IPFW_OK);
	assert_int_equal(dma(8, &pa), SM_TRANSLATED);
	assert_int_equal(ops->detach(&f, 0, ep8, 0), IPFW_OK);
	assert_int_equal(dma(8, &pa), SM_ABORT);
	assert_int_equal(ops->is_live(&f, 0, ep8, 0), IPFW_E_NOTREADY);
	assert_int_equal(ops->detach(&f, 0, ep8, 0), IPFW_E_STATE);
}

static void test_streamid_of_another_domain_is_a_conflict(void **state)
{
	const struct ipfw_lpae_pool p = {pool[4], PA_POOL + 4 * 4096u, 4};
	struct ipfw_lpae_ctx t2;
	struct ipfw_lpae_regs r;
	uint64_t pa;

	(void)state;
	up_with_domain(0, 1);
	assert_int_equal(ipfw_lpae_init(&t2, IPFW_LPAE_S1_32, &p, IPFW_LPAE_F_COHERENT, NULL, NULL),
			 IPFW_OK);
	assert_int_equal(ipfw_lpae_regs(&t2, &r), IPFW_OK);
	assert_int_equal(ops->domain_create(&f, 1, 1, 2, IPFW_LPAE_S1_32, &r), IPFW_OK);
	assert_int_equal(ops->attach(&f, 0, ep8, 0), IPFW_OK);
	assert_int_equal(ops->attach(&f, 1, ep8, 1), IPFW_E_UTLB_CONFLICT);
	/* still domain 0's */
	assert_int_equal(dma(8, &pa), SM_TRANSLATED);
	assert_int_equal(ops->is_live(&f, 1, ep8, 1), IPFW_E_NOTREADY);
}

static void test_destroy_aborts_every_streamid_of_the_domain(void **state)
{
	uint64_t pa;

	(void)state;
	up_with_domain(0, 1);
	assert_int_equal(ops->attach(&f, 0, ep8, 0), IPFW_OK);
	assert_int_equal(ops->attach(&f, 0, ep9, 1), IPFW_OK);
	assert_int_equal(ops->domain_destroy(&f, 0), IPFW_OK);
	assert_int_equal(dma(8, &pa), SM_ABORT);
	assert_int_equal(dma(9, &pa), SM_ABORT);
	assert_int_equal(ops->domain_live(&f, 0), IPFW_E_NOTREADY);
	assert_int_equal(ops->attach(&f, 0, ep8, 0), IPFW_E_STATE);
}

static void test_bypass_only_when_asked(void **state)
{
	uint64_t pa = 0;

	(void)state;
	assert_int_equal(ops->init(&f, inst, 2, NULL), IPFW_OK);
	assert_int_equal(dma(8, &pa), SM_ABORT);
	assert_int_equal(ops->bypass(&f, 0, ep8, 0), IPFW_OK);
	assert_int_equal(dma(8, &pa), SM_BYPASS);
	assert_int_equal(dma(9, &pa), SM_ABORT);
}

static void test_domain_refuses_s2_and_foreign_homes(void **state)
{
	struct ipfw_lpae_regs r = {0};

	(void)state;
	assert_int_equal(ops->init(&f, inst, 2, NULL), IPFW_OK);
	assert_int_equal(ops->domain_create(&f, 0, 1, 1, IPFW_LPAE_S2_40, &r), IPFW_E_FORMAT);
	assert_int_equal(ops->domain_create(&f, 0, 0, 1, IPFW_LPAE_S1_32, &r), IPFW_E_INVAL);
	assert_int_equal(ops->domain_live(&f, 0), IPFW_E_NOTREADY);
}

static const char *name_of(const void *arg, unsigned int i)
{
	(void)arg;
	return inst[i].name;
}

static void test_report_tail_names_asid_and_streamids(void **state)
{
	const struct ipfw_iommu_endpoint eps[] = {{1, 8}, {1, 0x10}, {1, 0x123}};
	struct ipfw_iommu_tail tail = {IPFW_IOMMU_TAIL_SLOT, 1, eps, 3, name_of, NULL};
	char buf[96];
	struct ipfw_text t;

	(void)state;
	ipfw_text_init(&t, buf, sizeof(buf));
	ipfw_smmuv3_iommu_report(&f, &tail, &t);
	tail.part = IPFW_IOMMU_TAIL_ENDPOINTS;
	ipfw_text_str(&t, " | ");
	ipfw_smmuv3_iommu_report(&f, &tail, &t);
	assert_true(ipfw_text_end(&t) > 0);
	assert_string_equal(buf, " asid 1 | smmuv3@9050000 sid 0x08,0x10,0x0123");
}

/* The plan's slot is the ASID, slot 1 included (the default is only for a
 * domain without one). */
static void test_slot_one_is_asid_one_whatever_the_domain_number(void **state)
{
	(void)state;
	up_with_domain(2, 1);
	assert_int_equal(f.dom[2].asid, 1);
}

/* An SMMU that is the plan's first instance (index 0) bypasses when asked. */
static void test_bypass_on_an_smmu_at_instance_0(void **state)
{
	const struct ipfw_iommu_inst smmu_first[1] = {inst[1]};
	const struct ipfw_iommu_endpoint ep = {0, 8};
	uint64_t pa = 0;

	(void)state;
	assert_int_equal(ops->init(&f, smmu_first, 1, NULL), IPFW_OK);
	assert_int_equal(f.inst, 0);
	assert_int_equal(ops->bypass(&f, 0, ep, 0), IPFW_OK);
	assert_int_equal(dma(8, &pa), SM_BYPASS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_init_brings_up_only_its_instance_default_deny, setup),
		cmocka_unit_test_setup(test_init_without_an_smmu_in_use_touches_nothing, setup),
		cmocka_unit_test_setup(test_two_smmus_for_one_state_are_refused, setup),
		cmocka_unit_test_setup(test_attach_translates_and_reads_back_live, setup),
		cmocka_unit_test_setup(test_asid_defaults_to_the_domain_number_plus_one, setup),
		cmocka_unit_test_setup(test_shared_streamid_aborts_when_the_last_master_leaves, setup),
		cmocka_unit_test_setup(test_streamid_of_another_domain_is_a_conflict, setup),
		cmocka_unit_test_setup(test_destroy_aborts_every_streamid_of_the_domain, setup),
		cmocka_unit_test_setup(test_bypass_only_when_asked, setup),
		cmocka_unit_test_setup(test_domain_refuses_s2_and_foreign_homes, setup),
		cmocka_unit_test_setup(test_report_tail_names_asid_and_streamids, setup),
		cmocka_unit_test_setup(test_slot_one_is_asid_one_whatever_the_domain_number, setup),
		cmocka_unit_test_setup(test_bypass_on_an_smmu_at_instance_0, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
