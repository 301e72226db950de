/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CPU-MMU oracle for the lpae layer (design.md, "Oracles" 1): the
 * Cortex-A15's own table walker (QEMU's, code nobody here wrote) walks the
 * tables the library built.
 *
 *  1. In Hyp: build S2-40 tables (identity RAM and UART, two remapped IPA
 *     windows, one read-only, and IPA 513 GiB: index 513, in the second
 *     concatenated level-1 table); load VTCR/VTTBR, HCR.VM, TLBIALLNSNH.
 *  2. Drop to SVC (stage 1 off): accesses land at the stage-2 output
 *     addresses; a write to the read-only IPA and a read of an unmapped
 *     IPA take stage-2 aborts to Hyp with the expected HSR and HPFAR.
 *  3. Build S1-32 tables (identity RAM and UART as device, a VA window to
 *     other RAM, a read-only page, a page whose output is IPA 513 GiB,
 *     above 4 GiB); load MAIR0/1, TTBCR (EAE), TTBR0; set SCTLR.M. Check
 *     where accesses land, permission and translation faults (DFSR/DFAR),
 *     and that an unmapped page faults again; turn the MMU off and read
 *     the physical addresses directly.
 */
#include <stdint.h>
#include <stdio.h>

#include <ipmmu/error.h>
#include <ipmmu/lpae.h>

#include "board.h"

#define GIB (1ull << 30)
#define MIB (1ull << 20)
#define RAM_SIZE (256u * 1024u * 1024u) /* scripts/run-qemu: -m 256M */
#define POOL_TABLES 12u

/* Table pools: section .tables is 8 KiB aligned (linker/qemu-virt.ld). */
static uint64_t s2_pool[POOL_TABLES][512] __attribute__((section(".tables"), aligned(8192)));
static uint64_t s1_pool[POOL_TABLES][512] __attribute__((section(".tables"), aligned(8192)));

/* Stage-2 layout (IPA -> PA) */
#define S2_WIN_IPA 0x60000000u  /* 64 KiB RW -> S2_WIN_PA */
#define S2_WIN_PA 0x4E000000u
#define S2_RO_IPA 0x60100000u   /* 4 KiB read-only -> S2_RO_PA */
#define S2_RO_PA 0x4E100000u
#define S2_HOLE_IPA 0x70000000u /* unmapped; its GiB has a level-2 table */
#define S2_HIGH_IPA (513ull * GIB) /* top-level index 513 */
#define S2_HIGH_PA 0x4E200000u

/* Stage-1 layout (VA -> IPA) */
#define S1_WIN_VA 0x80000000u /* 64 KiB RW -> S1_WIN_OUT */
#define S1_WIN_OUT 0x4C000000u
#define S1_RO_VA 0x80100000u  /* 4 KiB read-only */
#define S1_RO_OUT 0x4C100000u
#define S1_HOLE_VA 0x80010000u /* just past the window: level-3 entry invalid */
#define S1_NOGIB_VA 0xC0000000u /* top-level entry invalid */
#define S1_HIGH_VA 0x90000000u /* -> IPA 513 GiB */
#define S1_GONE_VA 0xA0000000u /* mapped, used, unmapped */
#define S1_GONE_OUT 0x4C200000u

static unsigned int failures;

static void check(int ok, const char *what)
{
	printf("  [%s] %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

static struct ipfw_lpae_pool pool_of(uint64_t (*p)[512])
{
	struct ipfw_lpae_pool d = {p, (uint64_t)(uintptr_t)p, POOL_TABLES};

	return d;
}

static int map_all(struct ipfw_lpae_ctx *ctx, const struct ipfw_lpae_region *r, unsigned int n)
{
	for (unsigned int k = 0; k < n; k++) {
		int err = ipfw_lpae_map(ctx, r[k].iova, r[k].pa, r[k].size, r[k].attrs);

		if (err) {
			printf("  map %#llx: %s\n", (unsigned long long)r[k].iova, ipfw_errname(err));
			return err;
		}
	}
	return IPFW_OK;
}

static uint32_t rd(uint32_t a)
{
	return *(volatile uint32_t *)(uintptr_t)a;
}

static void wr(uint32_t a, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)a = v;
	__asm__ volatile("dsb sy" : : : "memory");
}

/* HSR: EC 0x24 (data abort from a lower mode), DFSC in [5:0] */
static int s2_abort_is(uint32_t ipa, uint32_t dfsc)
{
	return qemu_virt_fault.kind == 2u && (qemu_virt_fault.syndrome >> 26) == 0x24u &&
	       (qemu_virt_fault.syndrome & 0x3Fu) == dfsc &&
	       qemu_virt_fault.hpfar == ((ipa >> 12) << 4) && qemu_virt_fault.va == ipa;
}

/* DFSR in the long-descriptor format: LPAE (bit 9), STATUS [5:0] */
static int s1_abort_is(uint32_t va, uint32_t status)
{
	return qemu_virt_fault.kind == 1u && (qemu_virt_fault.syndrome & (1u << 9)) &&
	       (qemu_virt_fault.syndrome & 0x3Fu) == status && qemu_virt_fault.va == va;
}

static int stage2(struct ipfw_lpae_ctx *s2)
{
	const uint32_t rw = IPFW_LPAE_RW | IPFW_LPAE_WB;
	const struct ipfw_lpae_region r[] = {
		{0x09000000u, 0x09000000u, 0x1000, IPFW_LPAE_RW | IPFW_LPAE_DEVICE | IPFW_LPAE_XN},
		{QEMU_VIRT_RAM_BASE, QEMU_VIRT_RAM_BASE, RAM_SIZE, rw},
		{S2_WIN_IPA, S2_WIN_PA, 0x10000, rw},
		{S2_RO_IPA, S2_RO_PA, 0x1000, IPFW_LPAE_READ | IPFW_LPAE_WB},
		{S2_HIGH_IPA, S2_HIGH_PA, 0x1000, rw},
	};
	struct ipfw_lpae_pool pool = pool_of(s2_pool);
	struct ipfw_lpae_regs regs;
	int dry = ipfw_lpae_dry_run(IPFW_LPAE_S2_40, r, 5);

	if (ipfw_lpae_init(s2, IPFW_LPAE_S2_40, &pool, 0, qemu_virt_clean_to_poc, NULL) ||
	    map_all(s2, r, 5) || ipfw_lpae_regs(s2, &regs))
		return -1;
	/* top 2 + (L2 + L3) for GiB 0, GiB 1 and GiB 513; RAM is 2 MiB blocks */
	check(ipfw_lpae_tables_used(s2) == 8u && dry == 8,
	      "S2-40: 8 tables (hand count), as the dry run says");
	check((s2_pool[1][1] & 3u) == 3u && (s2_pool[1][0] & 1u) == 0u,
	      "S2-40: IPA 513 GiB is entry 1 of the second concatenated table");
	check((regs.tcr & 0x800000FFu) == 0x80000058u && regs.ttbr == (uintptr_t)s2_pool,
	      "S2-40: VTCR T0SZ -8 with S, SL0 1, bit 31; VTTBR = the 8 KiB pair");

	/* load: VTCR, VTTBR (VMID 0), HCR.VM, then TLBIALLNSNH */
	__asm__ volatile("mcr p15, 4, %0, c2, c1, 2" : : "r"(regs.tcr));
	__asm__ volatile("mcrr p15, 6, %0, %1, c2"
			 :
			 : "r"((uint32_t)regs.ttbr), "r"((uint32_t)(regs.ttbr >> 32)));
	__asm__ volatile("isb");
	{
		uint32_t hcr;

		__asm__ volatile("mrc p15, 4, %0, c1, c1, 0" : "=r"(hcr));
		hcr |= 1u; /* VM */
		__asm__ volatile("mcr p15, 4, %0, c1, c1, 0" : : "r"(hcr));
	}
	__asm__ volatile("mcr p15, 4, %0, c8, c7, 4\n\tdsb sy\n\tisb" : : "r"(0) : "memory");
	return 0;
}

static void stage2_checks(void)
{
	uint32_t v = 0;

	/* stage 1 is off: VA = IPA */
	wr(S2_WIN_PA + 0x20u, 0x5EED0002u);
	check(qemu_virt_probe_write32(S2_WIN_IPA + 0x10u, 0xCAFE0001u) == 0 &&
		      rd(S2_WIN_PA + 0x10u) == 0xCAFE0001u,
	      "S2: write to IPA 0x60000010 lands at PA 0x4e000010");
	check(qemu_virt_probe_read32(S2_WIN_IPA + 0x20u, &v) == 0 && v == 0x5EED0002u,
	      "S2: read of IPA 0x60000020 comes from PA 0x4e000020");
	wr(S2_RO_PA, 0x0DDBA11u);
	check(qemu_virt_probe_read32(S2_RO_IPA, &v) == 0 && v == 0x0DDBA11u,
	      "S2: read-only IPA page reads");
	check(qemu_virt_probe_write32(S2_RO_IPA, 1u) == -1 && s2_abort_is(S2_RO_IPA, 0x0Fu) &&
		      rd(S2_RO_PA) == 0x0DDBA11u,
	      "S2: write to it aborts to Hyp: permission fault, level 3, HPFAR = IPA");
	check(qemu_virt_probe_read32(S2_HOLE_IPA, &v) == -1 && s2_abort_is(S2_HOLE_IPA, 0x06u),
	      "S2: unmapped IPA aborts to Hyp: translation fault, level 2, HPFAR = IPA");
	printf("  HSR=0x%08lx HPFAR=0x%08lx\n", (unsigned long)qemu_virt_fault.syndrome,
	       (unsigned long)qemu_virt_fault.hpfar);
}

static int stage1(struct ipfw_lpae_ctx *s1)
{
	const uint32_t rw = IPFW_LPAE_RW | IPFW_LPAE_WB | IPFW_LPAE_XN;
	const struct ipfw_lpae_region r[] = {
		{0x09000000u, 0x09000000u, 0x1000, IPFW_LPAE_RW | IPFW_LPAE_DEVICE | IPFW_LPAE_XN},
		{QEMU_VIRT_RAM_BASE, QEMU_VIRT_RAM_BASE, RAM_SIZE, IPFW_LPAE_RW | IPFW_LPAE_WB},
		{S1_WIN_VA, S1_WIN_OUT, 0x10000, rw},
		{S1_RO_VA, S1_RO_OUT, 0x1000, IPFW_LPAE_READ | IPFW_LPAE_WB | IPFW_LPAE_XN},
		{S1_HIGH_VA, S2_HIGH_IPA, 0x1000, rw},
		{S1_GONE_VA, S1_GONE_OUT, 0x1000, rw},
	};
	struct ipfw_lpae_pool pool = pool_of(s1_pool);
	struct ipfw_lpae_regs regs;
	int dry = ipfw_lpae_dry_run(IPFW_LPAE_S1_32, r, 6);

	if (ipfw_lpae_init(s1, IPFW_LPAE_S1_32, &pool, IPFW_LPAE_F_NS, qemu_virt_clean_to_poc,
			   NULL) ||
	    map_all(s1, r, 6) || ipfw_lpae_regs(s1, &regs))
		return -1;
	/* top + (L2 + L3) GiB 0 + L2 GiB 1 (blocks) + L2 and 3 L3 in GiB 2 */
	check(ipfw_lpae_tables_used(s1) == 8u && dry == 8,
	      "S1-32: 8 tables (hand count), as the dry run says");

	qemu_virt_s1_mmu_on(regs.mair, regs.tcr, regs.ttbr);
	return 0;
}

static void stage1_checks(struct ipfw_lpae_ctx *s1)
{
	uint32_t v = 0;
	uint64_t n = 0;

	wr(S1_WIN_OUT + 0x20u, 0x5EED0003u); /* through the identity map */
	check(qemu_virt_probe_write32(S1_WIN_VA + 0x10u, 0xCAFE0004u) == 0 &&
		      rd(S1_WIN_OUT + 0x10u) == 0xCAFE0004u,
	      "S1: write to VA 0x80000010 lands at 0x4c000010 (identity alias)");
	check(qemu_virt_probe_read32(S1_WIN_VA + 0x20u, &v) == 0 && v == 0x5EED0003u,
	      "S1: read of VA 0x80000020 comes from 0x4c000020");
	wr(S1_RO_OUT, 0xB0B0CAFEu);
	check(qemu_virt_probe_read32(S1_RO_VA, &v) == 0 && v == 0xB0B0CAFEu,
	      "S1: read-only page reads");
	check(qemu_virt_probe_write32(S1_RO_VA, 2u) == -1 && s1_abort_is(S1_RO_VA, 0x0Fu) &&
		      (qemu_virt_fault.syndrome & (1u << 11)) && rd(S1_RO_OUT) == 0xB0B0CAFEu,
	      "S1: write to it aborts: permission fault, level 3, WnR, DFAR = VA");
	check(qemu_virt_probe_read32(S1_HOLE_VA, &v) == -1 && s1_abort_is(S1_HOLE_VA, 0x07u),
	      "S1: unmapped page aborts: translation fault, level 3, DFAR = VA");
	check(qemu_virt_probe_read32(S1_NOGIB_VA, &v) == -1 && s1_abort_is(S1_NOGIB_VA, 0x05u),
	      "S1: unmapped GiB aborts: translation fault, level 1");
	printf("  DFSR=0x%08lx DFAR=0x%08lx\n", (unsigned long)qemu_virt_fault.syndrome,
	       (unsigned long)qemu_virt_fault.va);

	/* S1 output above 4 GiB, into the second concatenated S2 table */
	check(qemu_virt_probe_write32(S1_HIGH_VA + 0x40u, 0xF00DF00Du) == 0 &&
		      rd(S2_HIGH_PA + 0x40u) == 0xF00DF00Du,
	      "S1+S2: VA 0x90000040 -> IPA 0x8040000040 (index 513) -> PA 0x4e200040");

	/* unmap: the entry goes, its tables go back, the walker sees it */
	check(qemu_virt_probe_write32(S1_GONE_VA, 0x600D0005u) == 0 &&
		      rd(S1_GONE_OUT) == 0x600D0005u,
	      "S1: page at VA 0xa0000000 works before unmap");
	check(ipfw_lpae_unmap(s1, S1_GONE_VA, 0x1000, &n) == IPFW_OK && n == 0x1000 &&
		      ipfw_lpae_tables_used(s1) == 7u,
	      "S1: unmap returns its size and frees the page's level-3 table");
	__asm__ volatile("mcr p15, 0, %0, c8, c7, 0\n\tdsb sy\n\tisb" : : "r"(0) : "memory");
	check(qemu_virt_probe_read32(S1_GONE_VA, &v) == -1 && s1_abort_is(S1_GONE_VA, 0x06u),
	      "S1: after unmap + TLBIALL it aborts: translation fault, level 2");

	qemu_virt_s1_mmu_off();
	check(rd(S1_WIN_OUT + 0x10u) == 0xCAFE0004u && rd(S2_HIGH_PA + 0x40u) == 0xF00DF00Du,
	      "MMU off: the data sits at the physical addresses");
}

int main(void)
{
	struct ipfw_lpae_ctx s1, s2;

	printf("\nlpae CPU-MMU oracle (Cortex-A15 walker, QEMU virt)\n");
	check(qemu_virt_cpu_mode() == 0x1au, "starts in Hyp mode");
	if (stage2(&s2) != 0) {
		check(0, "build and load S2-40 tables");
	} else {
		qemu_virt_enter_svc();
		check(qemu_virt_cpu_mode() == 0x13u, "SVC mode, stage 2 on");
		stage2_checks();
		if (stage1(&s1) != 0)
			check(0, "build and load S1-32 tables");
		else
			stage1_checks(&s1);
	}
	printf("verdict: %s\n", failures ? "FAIL" : "PASS");
	return failures ? 1 : 0;
}
