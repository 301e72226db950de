/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Descriptor golden values, derived by hand from the bit tables in
 * docs/lpae.md and the Arm ARM (never from src/):
 *   [1:0] type (3 page/table, 1 block), [4:2] AttrIndx (S1) / [5:2] MemAttr
 *   (S2), 5 NS, [7:6] AP (S1: 6 unpriv, 7 read-only) / HAP (S2: 6 read,
 *   7 write), [9:8] SH (2 outer, 3 inner), 10 AF, 11 nG (S1), 52 contiguous,
 *   53 PXN / 54 XN, 63 NSTable.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ipmmu/error.h>
#include <ipmmu/lpae.h>
#include "lpae_test.h"

static struct test_pool pool;
static struct ipfw_lpae_ctx ctx;

#define PA_4K 0x12345678000ull  /* 41 bits: too big, used for range tests */
#define OUT_PAGE 0x8765432000ull /* a 40-bit output page */
#define OUT_2M 0x8765400000ull
#define OUT_1G 0x8740000000ull
#define XN_BITS_S1 0x0060000000000000ull
#define XN_BIT_S2 0x0040000000000000ull

static void init(enum ipfw_lpae_format f, uint32_t flags)
{
	struct ipfw_lpae_pool d = test_pool_desc(&pool, TEST_POOL_TABLES);

	assert_int_equal(ipfw_lpae_init(&ctx, f, &d, flags, NULL, NULL), IPFW_OK);
}

/* Map a 4K page, a 2M block and a 1G block with attrs; check their
 * descriptors have exactly the expected low bits (page) and upper bits. */
static void check_leaves(uint32_t attrs, uint64_t page_bits, uint64_t upper)
{
	assert_int_equal(ipfw_lpae_map(&ctx, 0x1000, OUT_PAGE, 4096, attrs), IPFW_OK);
	assert_int_equal(ipfw_lpae_map(&ctx, 0x400000, OUT_2M, 2 * MIB, attrs), IPFW_OK);
	assert_int_equal(ipfw_lpae_map(&ctx, 2 * GIB, OUT_1G, GIB, attrs), IPFW_OK);
	assert_int_equal(hand_desc(&pool, 0x1000, 3), OUT_PAGE | page_bits | upper);
	/* a block is the page encoding with type 1 instead of 3 */
	assert_int_equal(hand_desc(&pool, 0x400000, 2), OUT_2M | (page_bits - 2u) | upper);
	assert_int_equal(hand_desc(&pool, 2 * GIB, 1), OUT_1G | (page_bits - 2u) | upper);
}

static void s1_ns_noncoherent_rw_page_is_0xE63_block_0xE61(void **state)
{
	(void)state;
	init(IPFW_LPAE_S1_32, IPFW_LPAE_F_NS);
	/* page, AttrIndx 0, NS, AP unpriv, SH outer, AF, nG (docs/lpae.md) */
	check_leaves(IPFW_LPAE_RW | IPFW_LPAE_NC, 0xE63, 0);
}

static void s1_ns_sets_nstable_in_every_table_descriptor(void **state)
{
	uint64_t l1, l2;

	(void)state;
	init(IPFW_LPAE_S1_32, IPFW_LPAE_F_NS);
	assert_int_equal(ipfw_lpae_map(&ctx, 0x1000, OUT_PAGE, 4096, IPFW_LPAE_RW | IPFW_LPAE_NC),
			 IPFW_OK);
	l1 = hand_desc(&pool, 0x1000, 1);
	l2 = hand_desc(&pool, 0x1000, 2);
	assert_int_equal(l1 & ~0x000000FFFFFFF000ull, 0x8000000000000003ull);
	assert_int_equal(l2 & ~0x000000FFFFFFF000ull, 0x8000000000000003ull);
	/* table addresses are "physical": inside the pool's bus window */
	assert_true((l1 & 0xFFFFFFF000ull) >= TEST_POOL_PA);
	assert_true((l2 & 0xFFFFFFF000ull) < TEST_POOL_PA + TEST_POOL_TABLES * 4096ull);
}

static void s1_without_ns_has_no_ns_nor_nstable(void **state)
{
	(void)state;
	init(IPFW_LPAE_S1_32, 0);
	check_leaves(IPFW_LPAE_RW | IPFW_LPAE_NC, 0xE43, 0);
	assert_int_equal(hand_desc(&pool, 0x1000, 1) & ~0x000000FFFFFFF000ull, 3u);
}

static void s1_rw_cache_noexec_is_0xF47_plus_xn(void **state)
{
	(void)state;
	init(IPFW_LPAE_S1_32, 0);
	/* page, AttrIndx 1 (WB), AP unpriv, SH inner, AF, nG; PXN+XN = 3 << 53 */
	check_leaves(IPFW_LPAE_RW | IPFW_LPAE_WB | IPFW_LPAE_XN, 0xF47, XN_BITS_S1);
}

static void s1_read_only_adds_ap_rdonly_0x80(void **state)
{
	(void)state;
	init(IPFW_LPAE_S1_32, 0);
	check_leaves(IPFW_LPAE_READ | IPFW_LPAE_WB | IPFW_LPAE_XN, 0xFC7, XN_BITS_S1);
}

static void s1_device_is_attrindx_2_outer_shareable(void **state)
{
	(void)state;
	init(IPFW_LPAE_S1_32, IPFW_LPAE_F_NS);
	/* 3 | 2<<2 | NS 0x20 | unpriv 0x40 | SH outer 0x200 | AF | nG = 0xE6B */
	check_leaves(IPFW_LPAE_RW | IPFW_LPAE_DEVICE | IPFW_LPAE_XN, 0xE6B, XN_BITS_S1);
}

static void s1_priv_clears_ap_unpriv(void **state)
{
	(void)state;
	init(IPFW_LPAE_S1_32, 0);
	/* 3 | 1<<2 | RO 0x80 | SH inner 0x300 | AF | nG = 0xF87 */
	check_leaves(IPFW_LPAE_READ | IPFW_LPAE_PRIV | IPFW_LPAE_WB, 0xF87, 0);
}

static void s2_rw_cache_is_0x7FF(void **state)
{
	(void)state;
	init(IPFW_LPAE_S2_40, 0);
	/* page, MemAttr 0xF, HAP RW, SH inner, AF; no nG at stage 2 */
	check_leaves(IPFW_LPAE_RW | IPFW_LPAE_WB, 0x7FF, 0);
}

static void s2_device_is_memattr_1(void **state)
{
	(void)state;
	init(IPFW_LPAE_S2_40, 0);
	/* 3 | 1<<2 | HAP RW 0xC0 | SH outer 0x200 | AF = 0x6C7; XN is bit 54 only */
	check_leaves(IPFW_LPAE_RW | IPFW_LPAE_DEVICE | IPFW_LPAE_XN, 0x6C7, XN_BIT_S2);
}

static void s2_nc_read_only_is_memattr_5_hap_1(void **state)
{
	(void)state;
	init(IPFW_LPAE_S2_40, 0);
	/* 3 | 5<<2 | HAP R 0x40 | SH outer 0x200 | AF = 0x657 */
	check_leaves(IPFW_LPAE_READ | IPFW_LPAE_NC, 0x657, 0);
}

static void s2_write_only_and_no_access_are_encodable(void **state)
{
	(void)state;
	init(IPFW_LPAE_S2_40, 0);
	/* 3 | 0x14 | HAP W 0x80 | 0x200 | AF = 0x697 */
	check_leaves(IPFW_LPAE_WRITE | IPFW_LPAE_NC, 0x697, 0);
	init(IPFW_LPAE_S2_40, 0);
	/* 3 | 0x3C | HAP none | 0x300 | AF = 0x73F */
	check_leaves(IPFW_LPAE_WB, 0x73F, 0);
}

static void s2_table_descriptors_are_plain_type_3(void **state)
{
	(void)state;
	init(IPFW_LPAE_S2_40, 0);
	assert_int_equal(ipfw_lpae_map(&ctx, 0x1000, OUT_PAGE, 4096, IPFW_LPAE_RW | IPFW_LPAE_WB),
			 IPFW_OK);
	assert_int_equal(hand_desc(&pool, 0x1000, 1) & ~0x000000FFFFFFF000ull, 3u);
	assert_int_equal(hand_desc(&pool, 0x1000, 2) & ~0x000000FFFFFFF000ull, 3u);
}

static void lookup_returns_the_attributes_that_were_mapped(void **state)
{
	static const uint32_t s1[] = {
		IPFW_LPAE_RW | IPFW_LPAE_NC, IPFW_LPAE_READ | IPFW_LPAE_WB | IPFW_LPAE_XN,
		IPFW_LPAE_RW | IPFW_LPAE_DEVICE | IPFW_LPAE_XN | IPFW_LPAE_PRIV,
		IPFW_LPAE_READ | IPFW_LPAE_PRIV | IPFW_LPAE_NC};
	static const uint32_t s2[] = {
		IPFW_LPAE_RW | IPFW_LPAE_WB, IPFW_LPAE_READ | IPFW_LPAE_NC | IPFW_LPAE_XN,
		IPFW_LPAE_WRITE | IPFW_LPAE_DEVICE, IPFW_LPAE_DEVICE | IPFW_LPAE_XN};
	struct ipfw_lpae_leaf leaf;
	uint64_t pa;

	(void)state;
	for (int fmt = 0; fmt < 2; fmt++) {
		const uint32_t *a = fmt ? s2 : s1;

		init((enum ipfw_lpae_format)fmt, fmt ? 0 : IPFW_LPAE_F_NS);
		for (uint64_t k = 0; k < 4; k++) {
			uint64_t iova = k * 2 * MIB + 0x3000;

			assert_int_equal(ipfw_lpae_map(&ctx, iova, OUT_PAGE + k * 0x1000, 4096, a[k]),
					 IPFW_OK);
			assert_int_equal(ipfw_lpae_lookup(&ctx, iova + 0x123, &pa, &leaf), IPFW_OK);
			assert_int_equal(pa, OUT_PAGE + k * 0x1000 + 0x123);
			assert_int_equal(leaf.attrs, a[k]);
			assert_int_equal(leaf.level, 3);
			assert_int_equal(leaf.iova, iova);
			assert_int_equal(leaf.size, 4096);
		}
	}
}

static void s1_regs_mair_ttbcr_and_geometry(void **state)
{
	struct ipfw_lpae_regs r;

	(void)state;
	init(IPFW_LPAE_S1_32, IPFW_LPAE_F_NS);
	assert_int_equal(ipfw_lpae_regs(&ctx, &r), IPFW_OK);
	assert_int_equal(r.ttbr, TEST_POOL_PA);
	/* attr0 0x44 Normal NC, attr1 0xFF Normal WB, attr2 0x04 Device-nGnRE */
	assert_int_equal(r.mair, 0x0004FF44u);
	/* EAE bit 31, EPD1 bit 23, T0SZ 0, SH0 outer (2 << 12), NC walk */
	assert_int_equal(r.tcr, 0x80802000u);
	assert_int_equal(r.ias, 32);
	assert_int_equal(r.oas, 40);
	assert_int_equal(r.start_level, 1);
	assert_int_equal(r.t0sz, 32);
	assert_int_equal(r.sl0, 1);
	assert_int_equal(r.ps, 2);
	init(IPFW_LPAE_S1_32, IPFW_LPAE_F_COHERENT);
	assert_int_equal(ipfw_lpae_regs(&ctx, &r), IPFW_OK);
	/* IRGN0 = ORGN0 = 1 (WBWA), SH0 = 3 (inner): 0x3500 */
	assert_int_equal(r.tcr, 0x80803500u);
}

static void s2_regs_vtcr_t0sz_minus8_sl0_1(void **state)
{
	struct ipfw_lpae_regs r;

	(void)state;
	init(IPFW_LPAE_S2_40, 0);
	assert_int_equal(ipfw_lpae_regs(&ctx, &r), IPFW_OK);
	assert_int_equal(r.ttbr, TEST_POOL_PA);
	assert_int_equal(r.mair, 0);
	/* AArch32 VTCR: T0SZ 0b1000 with S (bit 4) set = 0x18, SL0 = 1 (0x40),
	 * bit 31; non-coherent walk SH0 = 2 (0x2000) */
	assert_int_equal(r.tcr, 0x80002058u);
	assert_int_equal(r.ias, 40);
	assert_int_equal(r.t0sz, 24); /* Xen/IPMMU TSZ0 for a 40-bit IPA */
	assert_int_equal(r.sl0, 1);
	assert_int_equal(r.start_level, 1);
	assert_int_equal(r.ps, 2);
}

/*
 * The AArch64 forms (regs.tcr64), composed from field positions taken
 * from the Arm ARM's register descriptions (DDI 0487, VTCR_EL2 and
 * TCR_EL1), not from src/: {lsb, width, value}.
 */
struct reg_field {
	unsigned int lsb, width;
	uint64_t value;
};

static uint64_t compose(const struct reg_field *f, size_t n)
{
	uint64_t v = 0;

	for (size_t k = 0; k < n; k++) {
		assert_true(f[k].value < (1ull << f[k].width));
		v |= f[k].value << f[k].lsb;
	}
	return v;
}

static void aarch64_vtcr_el2_and_tcr_el1_carry_ps(void **state)
{
	/* VTCR_EL2: T0SZ 24 (40-bit IPA), SL0 1 (start at level 1), IRGN0,
	 * ORGN0, SH0, TG0 0 (4 KiB), PS 2 (40 bits), bit 31 RES1 */
	const struct reg_field vtcr_nc[] = {{0, 6, 24}, {6, 2, 1},  {8, 2, 0},  {10, 2, 0},
					    {12, 2, 2}, {14, 2, 0}, {16, 3, 2}, {31, 1, 1}};
	const struct reg_field vtcr_wb[] = {{0, 6, 24}, {6, 2, 1},  {8, 2, 1},  {10, 2, 1},
					    {12, 2, 3}, {14, 2, 0}, {16, 3, 2}, {31, 1, 1}};
	/* TCR_EL1, TTBR0 half for a 32-bit input: T0SZ 32, EPD0 0, IRGN0,
	 * ORGN0, SH0, TG0 0 (4 KiB), T1SZ 0, A1 0, EPD1 1, TG1 2 (4 KiB),
	 * IPS 2 (40 bits) */
	const struct reg_field tcr_nc[] = {{0, 6, 32}, {7, 1, 0},  {8, 2, 0},  {10, 2, 0},
					   {12, 2, 2}, {14, 2, 0}, {16, 6, 0}, {22, 1, 0},
					   {23, 1, 1}, {30, 2, 2}, {32, 3, 2}};
	struct ipfw_lpae_regs r;

	(void)state;
	init(IPFW_LPAE_S2_40, 0);
	assert_int_equal(ipfw_lpae_regs(&ctx, &r), IPFW_OK);
	assert_int_equal(r.tcr64, compose(vtcr_nc, sizeof(vtcr_nc) / sizeof(vtcr_nc[0])));
	/* what QEMU's cortex-a57 read back from VTCR_EL2 with these fields */
	assert_int_equal(r.tcr64, 0x80022058u);
	assert_int_equal(r.tcr, 0x80002058u); /* AArch32 VTCR: bits 18:16 RES0 */
	init(IPFW_LPAE_S2_40, IPFW_LPAE_F_COHERENT);
	assert_int_equal(ipfw_lpae_regs(&ctx, &r), IPFW_OK);
	assert_int_equal(r.tcr64, compose(vtcr_wb, sizeof(vtcr_wb) / sizeof(vtcr_wb[0])));
	init(IPFW_LPAE_S1_32, IPFW_LPAE_F_NS);
	assert_int_equal(ipfw_lpae_regs(&ctx, &r), IPFW_OK);
	assert_int_equal(r.tcr64, compose(tcr_nc, sizeof(tcr_nc) / sizeof(tcr_nc[0])));
}

/* The hint is never set, even where 16 aligned, congruent leaves would
 * allow it (docs/lpae.md: a partial unmap would need break-before-make of
 * the whole group); the old IPFW_LPAE_F_CONTIG value is refused. */
static void contiguous_hint_is_never_set(void **state)
{
	const uint32_t a = IPFW_LPAE_RW | IPFW_LPAE_WB;
	struct ipfw_lpae_pool d = test_pool_desc(&pool, TEST_POOL_TABLES);

	(void)state;
	assert_int_equal(ipfw_lpae_init(&ctx, IPFW_LPAE_S2_40, &d, 0x2u, NULL, NULL),
			 IPFW_E_INVAL);
	init(IPFW_LPAE_S2_40, 0);
	/* 64 KiB of pages and 32 MiB of blocks, both groups of 16 aligned */
	assert_int_equal(ipfw_lpae_map(&ctx, 0x10000, OUT_2M + 0x10000, 0x10000, a), IPFW_OK);
	assert_int_equal(ipfw_lpae_map(&ctx, GIB, 0x4000000000ull, 32 * MIB, a), IPFW_OK);
	for (uint64_t k = 0; k < 16; k++) {
		assert_int_equal(hand_desc(&pool, 0x10000 + k * 4096, 3),
				 (OUT_2M + 0x10000 + k * 4096) | 0x7FF);
		assert_int_equal(hand_desc(&pool, GIB + k * 2 * MIB, 2),
				 (0x4000000000ull + k * 2 * MIB) | 0x7FD);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(s1_ns_noncoherent_rw_page_is_0xE63_block_0xE61),
		cmocka_unit_test(s1_ns_sets_nstable_in_every_table_descriptor),
		cmocka_unit_test(s1_without_ns_has_no_ns_nor_nstable),
		cmocka_unit_test(s1_rw_cache_noexec_is_0xF47_plus_xn),
		cmocka_unit_test(s1_read_only_adds_ap_rdonly_0x80),
		cmocka_unit_test(s1_device_is_attrindx_2_outer_shareable),
		cmocka_unit_test(s1_priv_clears_ap_unpriv),
		cmocka_unit_test(s2_rw_cache_is_0x7FF),
		cmocka_unit_test(s2_device_is_memattr_1),
		cmocka_unit_test(s2_nc_read_only_is_memattr_5_hap_1),
		cmocka_unit_test(s2_write_only_and_no_access_are_encodable),
		cmocka_unit_test(s2_table_descriptors_are_plain_type_3),
		cmocka_unit_test(lookup_returns_the_attributes_that_were_mapped),
		cmocka_unit_test(s1_regs_mair_ttbcr_and_geometry),
		cmocka_unit_test(s2_regs_vtcr_t0sz_minus8_sl0_1),
		cmocka_unit_test(aarch64_vtcr_el2_and_tcr_el1_carry_ps),
		cmocka_unit_test(contiguous_hint_is_never_set),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
