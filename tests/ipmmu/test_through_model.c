/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The driver against the behavioural IPMMU model (tests/model, written from
 * the facts documents, not from src/): what a master's access does after the
 * driver programmed the hardware. Tables are built by hand from the
 * descriptor bits of docs/ipmmu-vmsa.md section 4 and docs/lpae-and-devicetree.md
 * (the lpae layer is not used here).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "badinput.h"

#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>
#include "golden_util.h"
#include "ipmmu_model.h"

/* Driver instances: [0] mm, [1] ds1 / ds0 (S4), [2] ds0 / hc (S4); the
 * model gets the same order so indices agree. */
static struct ipfw_ipmmu_inst inst[3];
static struct ipfw_ipmmu_inst_state state[3];
static struct ipfw_ipmmu mmu;
static struct ipfw_model model;
static struct ipfw_model_ram ram;

/* S1-32: level-1 (4 entries), level-2 and level-3 tables. */
#define S1_L1_PA 0x7FE00000ull
#define S1_L2_PA 0x7FE01000ull
#define S1_L3_PA 0x7FE02000ull
static _Alignas(4096) uint64_t s1_l1[512];
static _Alignas(4096) uint64_t s1_l2[512];
static _Alignas(4096) uint64_t s1_l3[512];

/* S2-40: two concatenated level-1 tables (8 KiB), then level 2 and 3. */
#define S2_L1_PA 0x480000000ull
#define S2_L2_PA 0x480004000ull
#define S2_L3_PA 0x480005000ull
static _Alignas(8192) uint64_t s2_l1[1024];
static _Alignas(4096) uint64_t s2_l2[512];
static _Alignas(4096) uint64_t s2_l3[512];

#define NSTABLE (1ull << 63)
#define S1_TABLE 0x3ull
/* Non-coherent RW 4K page: page, AttrIdx 0, NS, AP unpriv, SH OS, AF, nG
 * (docs/ipmmu-vmsa.md section 4 worked example); 0xE61 for a block. */
#define S1_PAGE 0xE63ull
#define S1_BLOCK 0xE61ull
/* Stage-2 page: MemAttr 0xF, S2AP RW, SH IS, AF. */
#define S2_PAGE 0x7FFull

/* IOVAs of the S1-32 map. */
#define IOVA_PAGE 0x00010000ull  /* L1[0] -> L2[0] -> L3[0x10] */
#define PA_PAGE 0x480000000ull
#define IOVA_BLOCK2M 0x00200000ull /* L2[1]: 2 MiB block */
#define PA_BLOCK2M 0x500200000ull
#define IOVA_BLOCK1G 0x40000000ull /* L1[1]: 1 GiB block */
#define PA_BLOCK1G 0x400000000ull
#define IOVA_HOLE3 0x00020000ull /* L3[0x20] empty: fault at level 3 */
#define IOVA_HOLE1 0x80000000ull /* L1[2] empty: fault at level 1 */

static const struct ipfw_ipmmu_owner who = {"master", 1};

static void build_s1(void)
{
	for (unsigned int i = 0; i < 512; i++)
		s1_l1[i] = s1_l2[i] = s1_l3[i] = 0;
	/* NSTable and NS everywhere, or the walk faults as secure (section 4) */
	s1_l1[0] = S1_L2_PA | NSTABLE | S1_TABLE;
	s1_l1[1] = PA_BLOCK1G | S1_BLOCK;
	s1_l2[0] = S1_L3_PA | NSTABLE | S1_TABLE;
	s1_l2[1] = PA_BLOCK2M | S1_BLOCK;
	s1_l3[0x10] = PA_PAGE | S1_PAGE;
}

static void build_s2(void)
{
	for (unsigned int i = 0; i < 1024; i++)
		s2_l1[i] = 0;
	for (unsigned int i = 0; i < 512; i++)
		s2_l2[i] = s2_l3[i] = 0;
	/* IPA 0x80_1234_5000: L1 index 512 (second table), L2 0x91, L3 0x145 */
	s2_l1[512] = S2_L2_PA | 0x3;
	s2_l2[0x91] = S2_L3_PA | 0x3;
	s2_l3[0x145] = 0x600007000ull | S2_PAGE;
}

static void model_up(enum ipfw_model_gen gen)
{
	ipfw_bus_reset();
	ipfw_model_init(&model, gen);
	ipfw_model_ram_init(&ram);
	assert_int_equal(ipfw_model_ram_add(&ram, S1_L1_PA, s1_l1, sizeof(s1_l1)), 0);
	assert_int_equal(ipfw_model_ram_add(&ram, S1_L2_PA, s1_l2, sizeof(s1_l2)), 0);
	assert_int_equal(ipfw_model_ram_add(&ram, S1_L3_PA, s1_l3, sizeof(s1_l3)), 0);
	assert_int_equal(ipfw_model_ram_add(&ram, S2_L1_PA, s2_l1, sizeof(s2_l1)), 0);
	assert_int_equal(ipfw_model_ram_add(&ram, S2_L2_PA, s2_l2, sizeof(s2_l2)), 0);
	assert_int_equal(ipfw_model_ram_add(&ram, S2_L3_PA, s2_l3, sizeof(s2_l3)), 0);
	ipfw_model_set_memory(&model, ipfw_model_ram_read64, &ram);
	for (unsigned int i = 0; i < 3; i++)
		assert_int_equal(ipfw_model_add_instance(&model, inst[i].name, inst[i].base,
							 i == 0 ? -1 : 0),
				 (int)i);
	assert_int_equal(ipfw_model_attach(&model), 0);
	build_s1();
	build_s2();
}

static int setup_h3(void **st)
{
	(void)st;
	h3_instances(inst);
	model_up(IPFW_MODEL_GEN3);
	assert_int_equal(ipfw_ipmmu_init(&mmu, inst, state, 3, NULL, NULL), IPFW_OK);
	return ipfw_ipmmu_hw_reset(&mmu);
}

static int setup_s4(void **st)
{
	(void)st;
	s4_instances(inst);
	model_up(IPFW_MODEL_GEN4);
	assert_int_equal(ipfw_ipmmu_init(&mmu, inst, state, 3, NULL, NULL), IPFW_OK);
	return ipfw_ipmmu_hw_reset(&mmu);
}

static const struct ipfw_ipmmu_ctx_cfg s1_cfg = {IPFW_IPMMU_FMT_S1_32, S1_L1_PA, 0xF404FF44};
static const struct ipfw_ipmmu_ctx_cfg s2_cfg = {IPFW_IPMMU_FMT_S2_40, S2_L1_PA, 0};

static void expect_translated(unsigned int in, unsigned int utlb, uint64_t iova, uint64_t pa)
{
	struct ipfw_model_result r;

	assert_int_equal(ipfw_model_translate(&model, in, utlb, iova, true, &r),
			 IPFW_MODEL_TRANSLATED);
	if (r.pa != pa)
		print_error("inst %u uTLB %u iova 0x%llx: pa 0x%llx, want 0x%llx\n", in, utlb,
			    (unsigned long long)iova, (unsigned long long)r.pa,
			    (unsigned long long)pa);
	assert_int_equal(r.pa, pa);
}

/* The access faults; the driver's decoder reads exactly that and clears it. */
static void expect_fault_decoded(const struct ipfw_ipmmu_domain *dom, unsigned int in,
				 unsigned int utlb, uint64_t iova, unsigned int level)
{
	struct ipfw_model_result r;
	struct ipfw_ipmmu_fault f;

	assert_int_equal(ipfw_model_translate(&model, in, utlb, iova, false, &r), IPFW_MODEL_FAULT);
	assert_int_equal(r.imstr & 0x17, IPFW_IPMMU_IMSTR_TF);
	assert_int_equal(r.level, level);
	assert_true(ipfw_model_irq_pending(&model, 0));
	assert_int_equal(ipfw_ipmmu_fault_scan(&mmu, 0, &f), 1);
	assert_int_equal(f.ctx, dom->ctx);
	assert_int_equal(f.imstr, r.imstr);
	assert_int_equal(f.kinds, IPFW_IPMMU_FAULT_TF);
	assert_int_equal(f.errlvl, level);
	assert_int_equal(f.addr, iova);
	/* cleared: the line drops, and nothing is pending any more */
	assert_false(ipfw_model_irq_pending(&model, 0));
	assert_int_equal(ipfw_ipmmu_fault_scan(&mmu, 0, &f), 0);
}

static void expect_clean_register_use(void)
{
	/* every access hit a register of the instance it was meant for */
	assert_int_equal(model.unknown_accesses, 0);
	for (unsigned int i = 0; i < 3; i++)
		assert_int_equal(model.inst[i].ro_writes, 0);
}

static void h3_masters_on_utlb_0_31_32_47_translate_and_fault_as_mapped(void **st)
{
	static const struct {
		unsigned int in, utlb;
	} masters[] = {{2, 0}, {2, 31}, {1, 32}, {1, 47}};
	struct ipfw_ipmmu_domain dom;

	(void)st;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1_cfg, &dom),
			 IPFW_OK);
	for (unsigned int i = 0; i < 4; i++)
		assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, masters[i].in, masters[i].utlb, who,
						   NULL),
				 IPFW_OK);
	for (unsigned int i = 0; i < 4; i++) {
		expect_translated(masters[i].in, masters[i].utlb, IOVA_PAGE + 0x123, PA_PAGE + 0x123);
		expect_translated(masters[i].in, masters[i].utlb, IOVA_BLOCK2M + 0x1000,
				  PA_BLOCK2M + 0x1000);
		expect_translated(masters[i].in, masters[i].utlb, IOVA_BLOCK1G + 0x2345678,
				  PA_BLOCK1G + 0x2345678);
		expect_fault_decoded(&dom, masters[i].in, masters[i].utlb, IOVA_HOLE3 + 0x10, 3);
		expect_fault_decoded(&dom, masters[i].in, masters[i].utlb, IOVA_HOLE1, 1);
	}
	expect_clean_register_use();
}

static void h3_utlb_the_driver_did_not_enable_does_not_translate(void **st)
{
	struct ipfw_ipmmu_domain dom;
	struct ipfw_model_result r;

	(void)st;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1_cfg, &dom),
			 IPFW_OK);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 1, 32, who, NULL), IPFW_OK);
	assert_int_equal(ipfw_model_translate(&model, 1, 33, IOVA_PAGE, false, &r),
			 IPFW_MODEL_BYPASS);
	assert_int_equal(r.reason, IPFW_MODEL_R_UTLB_OFF);
	/* detached: the uTLB stops translating */
	assert_int_equal(ipfw_ipmmu_detach(&mmu, &dom, 1, 32), IPFW_OK);
	assert_int_equal(ipfw_model_translate(&model, 1, 32, IOVA_PAGE, false, &r),
			 IPFW_MODEL_BYPASS);
	assert_int_equal(r.reason, IPFW_MODEL_R_UTLB_OFF);
}

static void h3_shared_utlb_keeps_translating_until_last_master_detaches(void **st)
{
	struct ipfw_ipmmu_domain dom;
	struct ipfw_model_result r;

	(void)st;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1_cfg, &dom), 0);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 2, 7, who, NULL), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 2, 7, who, NULL), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_detach(&mmu, &dom, 2, 7), IPFW_OK);
	expect_translated(2, 7, IOVA_PAGE, PA_PAGE);
	assert_int_equal(ipfw_ipmmu_detach(&mmu, &dom, 2, 7), IPFW_OK);
	assert_int_equal(ipfw_model_translate(&model, 2, 7, IOVA_PAGE, false, &r),
			 IPFW_MODEL_BYPASS);
}

static void h3_without_hw_reset_use_secgrp_drops_every_access(void **st)
{
	struct ipfw_ipmmu_domain dom;
	struct ipfw_model_result r;

	(void)st;
	/* fresh model: USE_SECGRP set at reset; skip ipfw_ipmmu_hw_reset() */
	model_up(IPFW_MODEL_GEN3);
	assert_int_equal(ipfw_ipmmu_init(&mmu, inst, state, 3, NULL, NULL), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1_cfg, &dom), 0);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 1, 32, who, NULL), IPFW_OK);
	assert_int_equal(ipfw_model_translate(&model, 1, 32, IOVA_PAGE, false, &r),
			 IPFW_MODEL_DROPPED);
	assert_int_equal(r.reason, IPFW_MODEL_R_SECGRP);
	/* hw_reset refuses to run under a live domain; after teardown it fixes it */
	assert_int_equal(ipfw_ipmmu_hw_reset(&mmu), IPFW_E_STATE);
	assert_int_equal(ipfw_ipmmu_domain_destroy(&mmu, &dom), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_hw_reset(&mmu), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1_cfg, &dom), 0);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 1, 32, who, NULL), IPFW_OK);
	expect_translated(1, 32, IOVA_PAGE, PA_PAGE);
}

static void flush_reaches_the_root_and_drops_stale_walks(void **st)
{
	struct ipfw_ipmmu_domain dom;
	struct ipfw_model_result r;

	(void)st;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1_cfg, &dom), 0);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 1, 32, who, NULL), IPFW_OK);
	expect_translated(1, 32, IOVA_PAGE, PA_PAGE);
	/* remap the page; the model's TLB still holds the old walk */
	s1_l3[0x10] = (PA_PAGE + 0x100000) | S1_PAGE;
	assert_int_equal(ipfw_model_translate(&model, 1, 32, IOVA_PAGE, false, &r),
			 IPFW_MODEL_TRANSLATED);
	assert_true(r.tlb_hit);
	assert_int_equal(r.pa, PA_PAGE);
	assert_int_equal(ipfw_ipmmu_flush(&mmu, &dom), IPFW_OK);
	expect_translated(1, 32, IOVA_PAGE, PA_PAGE + 0x100000);
	expect_clean_register_use();
}

static void teardown_leaves_no_master_translating_and_frees_the_bank(void **st)
{
	struct ipfw_ipmmu_domain dom;
	struct ipfw_model_result r;

	(void)st;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1_cfg, &dom), 0);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 1, 32, who, NULL), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 2, 0, who, NULL), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_domain_destroy(&mmu, &dom), IPFW_OK);
	assert_int_equal(ipfw_model_translate(&model, 1, 32, IOVA_PAGE, false, &r),
			 IPFW_MODEL_BYPASS);
	assert_int_equal(ipfw_model_translate(&model, 2, 0, IOVA_PAGE, false, &r),
			 IPFW_MODEL_BYPASS);
	/* the context registers themselves are off on the cache and the root */
	assert_int_equal(model.inst[0].ctx[1].imctr & 1, 0);
	assert_int_equal(model.inst[1].ctx[1].imctr & 1, 0);
	expect_clean_register_use();
}

static void injected_mhit_is_decoded_with_its_address_and_cleared(void **st)
{
	struct ipfw_ipmmu_domain dom;
	struct ipfw_ipmmu_fault f;
	char line[128];

	(void)st;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1_cfg, &dom), 0);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 1, 32, who, NULL), IPFW_OK);
	assert_int_equal(ipfw_model_inject_fault(&model, 0, dom.ctx, IPFW_IPMMU_IMSTR_MHIT,
						 0xFEDCB000),
			 0);
	assert_int_equal(ipfw_ipmmu_fault_read(&mmu, 0, dom.ctx, &f), 1);
	assert_int_equal(f.kinds, IPFW_IPMMU_FAULT_MHIT);
	assert_int_equal(f.addr, 0xFEDCB000);
	ipfw_ipmmu_fault_format(&f, line, sizeof(line));
	assert_string_equal(line, "ipmmu_mm ctx 1: multiple TLB hit at 0x00000000FEDCB000 "
				  "(IMSTR 0x00000010)");
	assert_int_equal(model.inst[0].ctx[1].imstr, 0);
	assert_int_equal(model.inst[0].ctx[1].imelar, 0);
}

static void flush_that_never_completes_leaves_the_master_untranslated(void **st)
{
	struct ipfw_ipmmu_domain dom;
	struct ipfw_model_result r;

	(void)st;
	model.cfg.flush_reads = IPFW_MODEL_FLUSH_NEVER;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1_cfg, &dom), 0);
	ipfw_bus_trace_clear();
	IPFW_BADINPUT("hardware: stuck bits",
		      "model IPMMU whose FLUSH never completes: attach", IPFW_E_TIMEOUT,
		      ipfw_ipmmu_attach(&mmu, &dom, 1, 32, who, NULL));
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_READ, H3_MM + 0x40), 100);
	assert_int_equal(ipfw_model_translate(&model, 1, 32, IOVA_PAGE, false, &r),
			 IPFW_MODEL_BYPASS);
	assert_int_equal(r.reason, IPFW_MODEL_R_UTLB_OFF);
	assert_int_equal(model.inst[1].imuctr[32] & 1, 0);
}

static void s4_master_on_utlb_63_with_context_15_translates_and_faults(void **st)
{
	struct ipfw_ipmmu_domain dom;

	(void)st;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, 15, &s1_cfg, &dom), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 1, 63, who, NULL), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 2, 32, who, NULL), IPFW_OK);
	expect_translated(1, 63, IOVA_PAGE + 0xFFF, PA_PAGE + 0xFFF);
	expect_translated(2, 32, IOVA_BLOCK1G, PA_BLOCK1G);
	expect_fault_decoded(&dom, 1, 63, IOVA_HOLE3, 3);
	expect_clean_register_use();
}

static void s4_s2_40_walks_into_the_second_concatenated_table(void **st)
{
	struct ipfw_ipmmu_domain dom;
	struct ipfw_model_result r;

	(void)st;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s2_cfg, &dom), 0);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &dom, 1, 32, who, NULL), IPFW_OK);
	assert_int_equal(ipfw_model_translate(&model, 1, 32, 0x8012345ABCull, true, &r),
			 IPFW_MODEL_TRANSLATED);
	assert_true(r.stage2);
	assert_int_equal(r.pa, 0x600007ABCull);
	/* IPA 0x80_1234_6000: L3 0x146 is empty, fault at level 3 */
	expect_fault_decoded(&dom, 1, 32, 0x8012346000ull, 3);
	expect_clean_register_use();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(h3_masters_on_utlb_0_31_32_47_translate_and_fault_as_mapped,
				       setup_h3),
		cmocka_unit_test_setup(h3_utlb_the_driver_did_not_enable_does_not_translate, setup_h3),
		cmocka_unit_test_setup(h3_shared_utlb_keeps_translating_until_last_master_detaches,
				       setup_h3),
		cmocka_unit_test_setup(h3_without_hw_reset_use_secgrp_drops_every_access, setup_h3),
		cmocka_unit_test_setup(flush_reaches_the_root_and_drops_stale_walks, setup_h3),
		cmocka_unit_test_setup(teardown_leaves_no_master_translating_and_frees_the_bank,
				       setup_h3),
		cmocka_unit_test_setup(injected_mhit_is_decoded_with_its_address_and_cleared, setup_h3),
		cmocka_unit_test_setup(flush_that_never_completes_leaves_the_master_untranslated,
				       setup_h3),
		cmocka_unit_test_setup(s4_master_on_utlb_63_with_context_15_translates_and_faults,
				       setup_s4),
		cmocka_unit_test_setup(s4_s2_40_walks_into_the_second_concatenated_table, setup_s4),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
