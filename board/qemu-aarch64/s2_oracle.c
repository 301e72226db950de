/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CPU oracle for S2-40 on AArch64: the Cortex-A57's own stage-2 walker
 * (QEMU's, code nobody here wrote) walks tables the library built.
 *
 * At EL2: build S2-40 tables, load VTTBR_EL2 and VTCR_EL2 (40-bit IPA,
 * start level 1, two concatenated level-1 tables, 4 KiB granule, 40-bit
 * PA), set HCR_EL2.VM with stage 1 of EL1&0 off, so VA = IPA. Then for
 * every row of the table below:
 *   - AT S12E1R and AT S12E1W (PAR_EL1: PA or fault status, stage 2);
 *   - a real load and a real store at EL1: data lands at the PA, or the
 *     access takes a stage-2 data abort to EL2 (ESR_EL2, FAR_EL2,
 *     HPFAR_EL2) and memory is untouched.
 * Expected values come from the architecture (Arm ARM, VMSAv8-64 stage 2:
 * fault status codes, PAR_EL1 and HPFAR_EL2 layouts), written out below,
 * never from the library.
 */
#include <stdbool.h>

#include <ipmmu/error.h>
#include <ipmmu/lpae.h>

#include "board.h"

#define printf qemu_a64_printf

#define GIB (1ull << 30)
#define MIB (1ull << 20)
#define KIB (1ull << 10)
#define POOL_TABLES 12u

static uint64_t s2_pool[POOL_TABLES][512] __attribute__((section(".tables"), aligned(8192)));

/* Fault status codes (ESR_ELx.ISS.DFSC, PAR_EL1.FST), Arm ARM D17. */
#define FSC_NONE 0x00u
#define FSC_TRANS_L1 0x05u
#define FSC_TRANS_L2 0x06u
#define FSC_TRANS_L3 0x07u
#define FSC_PERM_L3 0x0Fu

/* Where the scratch PAs sit: well past the image, inside -m 256M. */
#define PA_2M 0x4E000000ull
#define PA_4K 0x4E200000ull
#define PA_RO 0x4E201000ull
#define PA_WO 0x4E203000ull
#define PA_HI2 0x4E400000ull /* behind the second concatenated table */
#define PA_TOP 0x4E600000ull /* behind the last page of the 1 TiB IPA space */

struct row {
	const char *what;
	uint64_t ipa;
	uint64_t pa;       /* expected output (when the FSC is none) */
	uint32_t fsc_rd;   /* expected fault of a read, FSC_NONE: translates */
	uint32_t fsc_wr;   /* of a write */
};

/* The architecture's answer for each probe: independent of src/lpae. */
static const struct row rows[] = {
	{"1 GiB leaf, identity RAM (level 1)", 0x4E700000ull, 0x4E700000ull, FSC_NONE, FSC_NONE},
	{"1 GiB leaf at IPA 256 GiB -> RAM (level 1)", 256 * GIB + 0x0E700010ull,
	 0x4E700010ull, FSC_NONE, FSC_NONE},
	{"2 MiB leaf (level 2)", 2 * GIB + 0x1F0000ull, PA_2M + 0x1F0000ull, FSC_NONE, FSC_NONE},
	{"4 KiB leaf (level 3)", 2 * GIB + 2 * MIB + 0x10ull, PA_4K + 0x10ull, FSC_NONE,
	 FSC_NONE},
	{"4 KiB read-only leaf: write is a permission fault, level 3", 2 * GIB + 2 * MIB + 4 * KIB,
	 PA_RO, FSC_NONE, FSC_PERM_L3},
	{"4 KiB write-only leaf: read is a permission fault, level 3",
	 2 * GIB + 2 * MIB + 12 * KIB + 0x20ull, PA_WO + 0x20ull, FSC_PERM_L3, FSC_NONE},
	{"unmapped page in a level-3 table: translation fault, level 3",
	 2 * GIB + 2 * MIB + 8 * KIB, 0, FSC_TRANS_L3, FSC_TRANS_L3},
	{"unmapped 2 MiB in a level-2 table: translation fault, level 2", 2 * GIB + 4 * MIB, 0,
	 FSC_TRANS_L2, FSC_TRANS_L2},
	{"unmapped GiB: translation fault, level 1", 3 * GIB + 0x40ull, 0, FSC_TRANS_L1,
	 FSC_TRANS_L1},
	{"second concatenated table, entry 0 (IPA 512 GiB, 2 MiB)", 512 * GIB + 0x100ull,
	 PA_HI2 + 0x100ull, FSC_NONE, FSC_NONE},
	{"second concatenated table, unmapped entry 1 (IPA 513 GiB)", 513 * GIB, 0, FSC_TRANS_L1,
	 FSC_TRANS_L1},
#ifndef QEMU_A64_ORACLE_FAIL
	{"top page of the 1 TiB IPA range", 1024 * GIB - 4 * KIB + 0xFF0ull, PA_TOP + 0xFF0ull,
	 FSC_NONE, FSC_NONE},
#else
	/* the failing variant: one wrong expectation must fail the verdict
	 * and reach QEMU's exit status */
	{"top page of the 1 TiB IPA range (wrong PA on purpose)", 1024 * GIB - 4 * KIB + 0xFF0ull,
	 PA_TOP + 0x1FF0ull, FSC_NONE, FSC_NONE},
#endif
	{"page below the top one: translation fault, level 3", 1024 * GIB - 8 * KIB, 0,
	 FSC_TRANS_L3, FSC_TRANS_L3},
};

static unsigned int failures;

static void check(bool ok, const char *what)
{
	printf("  [%s] %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

static uint32_t rd_pa(uint64_t pa)
{
	return *(volatile uint32_t *)(uintptr_t)pa;
}

static void wr_pa(uint64_t pa, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)pa = v;
	__asm__ volatile("dsb sy" : : : "memory");
}

/* ------------------------------------------------------------ EL1 side */

static long el1_read32(long addr, long unused)
{
	(void)unused;
	return (long)*(volatile uint32_t *)(uintptr_t)addr;
}

static long el1_write32(long addr, long val)
{
	*(volatile uint32_t *)(uintptr_t)addr = (uint32_t)val;
	__asm__ volatile("dsb sy" : : : "memory");
	return 0;
}

/* ------------------------------------------------------------ EL2 side */

static uint64_t at_s12e1(uint64_t va, bool write)
{
	uint64_t par;

	if (write)
		__asm__ volatile("at s12e1w, %0" : : "r"(va));
	else
		__asm__ volatile("at s12e1r, %0" : : "r"(va));
	__asm__ volatile("isb\n\tmrs %0, par_el1" : "=r"(par));
	return par;
}

/* PAR_EL1 (Arm ARM D17.2): F bit 0; on success PA[47:12] in [47:12];
 * on a fault FST in [6:1], PTW bit 8, S (stage 2) bit 9. */
static bool par_is(uint64_t par, const struct row *r, uint32_t fsc)
{
	if (fsc == FSC_NONE)
		return (par & 1u) == 0 && (par & 0x0000FFFFFFFFF000ull) == (r->pa & ~0xFFFull);
	return (par & 1u) && ((par >> 1) & 0x3Fu) == fsc && (par & (1u << 9)) &&
	       !(par & (1u << 8));
}

/* ESR_EL2 (Arm ARM D17.2.37): EC [31:26] 0x24, data abort from a lower
 * EL; ISS.WnR bit 6; ISS.DFSC [5:0]. HPFAR_EL2.FIPA [39:4] = IPA[51:12]. */
static bool abort_is(uint64_t ipa, uint32_t fsc, bool write)
{
	uint64_t esr = qemu_a64_fault.esr;

	return (esr >> 26) == 0x24u && (esr & 0x3Fu) == fsc && !!(esr & (1u << 6)) == write &&
	       qemu_a64_fault.far == ipa && qemu_a64_fault.hpfar == ((ipa >> 12) << 4);
}

static void probe_row(const struct row *r, unsigned int idx)
{
	uint64_t par_r = at_s12e1(r->ipa, false), par_w = at_s12e1(r->ipa, true);
	uint32_t seed = 0x5EED0000u + idx, mark = 0xC0DE0000u + idx;
	bool at_ok = par_is(par_r, r, r->fsc_rd) && par_is(par_w, r, r->fsc_wr);
	bool rd_ok, wr_ok;
	long v;

	if (r->fsc_rd == FSC_NONE || r->fsc_wr == FSC_NONE)
		wr_pa(r->pa, seed);
	v = qemu_a64_el1_call(el1_read32, (long)r->ipa, 0);
	if (r->fsc_rd == FSC_NONE)
		rd_ok = v == (long)seed;
	else
		rd_ok = v == QEMU_A64_FAULTED && abort_is(r->ipa, r->fsc_rd, false);
	v = qemu_a64_el1_call(el1_write32, (long)r->ipa, (long)mark);
	if (r->fsc_wr == FSC_NONE)
		wr_ok = v == 0 && rd_pa(r->pa) == mark;
	else
		wr_ok = v == QEMU_A64_FAULTED && abort_is(r->ipa, r->fsc_wr, true) &&
			(r->fsc_rd != FSC_NONE || rd_pa(r->pa) == seed);

	printf("  [%s] IPA 0x%010lx: %s\n", at_ok && rd_ok && wr_ok ? "ok" : "FAIL",
	       (unsigned long)r->ipa, r->what);
	if (!(at_ok && rd_ok && wr_ok))
		printf("         PAR r 0x%016lx w 0x%016lx, ESR 0x%08lx FAR 0x%lx HPFAR 0x%lx\n",
		       (unsigned long)par_r, (unsigned long)par_w, (unsigned long)qemu_a64_fault.esr,
		       (unsigned long)qemu_a64_fault.far, (unsigned long)qemu_a64_fault.hpfar);
	failures += !(at_ok && rd_ok && wr_ok);
}

static int build(struct ipfw_lpae_ctx *s2, struct ipfw_lpae_regs *regs)
{
	const uint32_t rw = IPFW_LPAE_RW | IPFW_LPAE_WB;
	const struct ipfw_lpae_region map[] = {
		{1 * GIB, 1 * GIB, 1 * GIB, rw},                       /* RAM, the image runs here */
		{2 * GIB, PA_2M, 2 * MIB, rw | IPFW_LPAE_XN},
		{2 * GIB + 2 * MIB, PA_4K, 4 * KIB, rw | IPFW_LPAE_XN},
		{2 * GIB + 2 * MIB + 4 * KIB, PA_RO, 4 * KIB, IPFW_LPAE_READ | IPFW_LPAE_WB},
		{2 * GIB + 2 * MIB + 12 * KIB, PA_WO, 4 * KIB, IPFW_LPAE_WRITE | IPFW_LPAE_WB},
		{256 * GIB, 1 * GIB, 1 * GIB, rw | IPFW_LPAE_XN},
		{512 * GIB, PA_HI2, 2 * MIB, rw | IPFW_LPAE_XN},
		{1024 * GIB - 4 * KIB, PA_TOP, 4 * KIB, rw | IPFW_LPAE_XN},
	};
	const unsigned int n = sizeof(map) / sizeof(map[0]);
	struct ipfw_lpae_pool pool = {s2_pool, (uint64_t)(uintptr_t)s2_pool, POOL_TABLES};
	int dry = ipfw_lpae_dry_run(IPFW_LPAE_S2_40, map, n);
	int err = ipfw_lpae_init(s2, IPFW_LPAE_S2_40, &pool, 0, qemu_a64_clean_to_poc, NULL);

	for (unsigned int k = 0; !err && k < n; k++) {
		err = ipfw_lpae_map(s2, map[k].iova, map[k].pa, map[k].size, map[k].attrs);
		if (err)
			printf("  map 0x%lx: %s\n", (unsigned long)map[k].iova, ipfw_errname(err));
	}
	if (!err)
		err = ipfw_lpae_regs(s2, regs);
	if (err)
		return err;
	/* hand count: the 8 KiB top, (L2 + L3) for GiB 2, L2 for GiB 512,
	 * (L2 + L3) for GiB 1023; the 1 GiB leaves need none */
	check(ipfw_lpae_tables_used(s2) == 7u && dry == 7,
	      "S2-40: 7 tables (hand count), as the dry run says");
	check((s2_pool[1][0] & 3u) == 3u && (s2_pool[1][511] & 3u) == 3u &&
		      (s2_pool[1][1] & 1u) == 0u && (s2_pool[0][1] & 3u) == 1u,
	      "S2-40: IPA 512 GiB and 1023 GiB are entries 0 and 511 of the second table");
	return 0;
}

/* VTCR_EL2 fields (Arm ARM D17.2): T0SZ [5:0], SL0 [7:6], IRGN0 [9:8],
 * ORGN0 [11:10], SH0 [13:12], TG0 [15:14], PS [18:16], bit 31 RES1. */
static void load(const struct ipfw_lpae_regs *regs)
{
	/* the lpae layer's AArch64 form of the register, PS included */
	uint64_t vtcr = regs->tcr64;
	uint64_t back, vttbr, hcr;

	__asm__ volatile("msr vtcr_el2, %0" : : "r"(vtcr));
	__asm__ volatile("msr vttbr_el2, %0" : : "r"(regs->ttbr)); /* VMID 0 */
	__asm__ volatile("isb");
	__asm__ volatile("mrs %0, vtcr_el2" : "=r"(back));
	__asm__ volatile("mrs %0, vttbr_el2" : "=r"(vttbr));
	printf("  VTCR_EL2 = 0x%08lx, VTTBR_EL2 = 0x%010lx\n", (unsigned long)back,
	       (unsigned long)vttbr);
	check((back & 0x3Fu) == 24u && ((back >> 6) & 3u) == 1u && ((back >> 14) & 3u) == 0u &&
		      ((back >> 16) & 7u) == 2u && (back & (1ull << 31)),
	      "VTCR_EL2: T0SZ 24, SL0 1, TG0 4 KiB, PS 40-bit, RES1 bit 31");
	check(back == 0x80022058u, "VTCR_EL2 reads back 0x80022058 (the probe's value)");
	check(vttbr == (uint64_t)(uintptr_t)s2_pool, "VTTBR_EL2: the 8 KiB concatenated pair");

	__asm__ volatile("mrs %0, hcr_el2" : "=r"(hcr));
	hcr |= 1u | (1ull << 31); /* VM, RW */
	__asm__ volatile("msr hcr_el2, %0\n\tisb" : : "r"(hcr));
	__asm__ volatile("tlbi vmalls12e1\n\tdsb sy\n\tisb" : : : "memory");
}

int main(void)
{
	struct ipfw_lpae_ctx s2;
	struct ipfw_lpae_regs regs;
	uint64_t sctlr1;

	printf("\nlpae S2-40 CPU oracle (Cortex-A57 stage-2 walker, QEMU virt, AArch64)\n");
	check(qemu_a64_current_el() == 2u, "runs at EL2 (entered at EL3, SCR_EL3 NS|HCE|RW)");
	__asm__ volatile("mrs %0, sctlr_el1" : "=r"(sctlr1));
	check((sctlr1 & 1u) == 0u, "EL1&0 stage 1 is off: VA = IPA");
	if (build(&s2, &regs)) {
		check(false, "build S2-40 tables");
	} else {
		load(&regs);
		for (unsigned int i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
			probe_row(&rows[i], i);
		printf("  %lu stage-2 aborts taken to EL2\n", (unsigned long)qemu_a64_fault.count);
	}
	printf("verdict: %s\n", failures ? "FAIL" : "PASS");
	return failures ? 1 : 0;
}
