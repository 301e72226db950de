/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * board/qemu-virt's board interface (its board.h) on AArch64, so that its
 * bring-up demo (bringup.c) runs unchanged as AArch64 code at EL2:
 *   - "SVC mode" is EL2 itself: the CPU-MMU check uses the EL2 stage-1
 *     regime, which walks the demo's S1-32 identity tables as AArch64
 *     stage 1 with T0SZ = 32 (a 32-bit input starts at level 1 with a
 *     4-entry table: the S1-32 layout, and the SMMUv3's view of them);
 *   - probes record ESR_EL2/FAR_EL2 as the long-descriptor DFSR/DFAR the
 *     demo reads (the fault status codes are the same: DFSC 0b0001LL is a
 *     translation fault at level LL).
 */
#include "board.h"
#include "qemu-virt/board.h"

volatile struct qemu_virt_fault_info qemu_virt_fault;

/* A probe took a data abort: record it where the shared demo code looks. */
static void record_fault(void)
{
	qemu_virt_fault.kind = 1u;
	qemu_virt_fault.syndrome = (uint32_t)qemu_a64_cur_fault.esr;
	qemu_virt_fault.va = (uint32_t)qemu_a64_cur_fault.far;
	qemu_virt_fault.count++;
}

int qemu_virt_probe_read32(uint32_t addr, uint32_t *val)
{
	int r = qemu_a64_probe_read32(addr, val);

	if (r)
		record_fault();
	return r;
}

int qemu_virt_probe_write32(uint32_t addr, uint32_t val)
{
	int r = qemu_a64_probe_write32(addr, val);

	if (r)
		record_fault();
	return r;
}

void qemu_virt_enter_svc(void)
{
	/* stays at EL2: its own stage-1 regime is the one checked */
}

uint32_t qemu_virt_cpu_mode(void)
{
	return qemu_a64_current_el();
}

void qemu_virt_clean_to_poc(void *ctx, void *cpu, size_t len)
{
	qemu_a64_clean_to_poc(ctx, cpu, len);
}

/*
 * EL2 stage 1 from the demo's S1-32 registers: MAIR as is (MAIR0 low,
 * MAIR1 high is the AArch64 layout); TCR_EL2 T0SZ 32, the walk attributes
 * IRGN0/ORGN0/SH0 from the TTBCR's bits [13:8] (same positions), TG0 4 KiB,
 * PS 40-bit, RES1 bits 31 and 23; TTBR0_EL2; SCTLR_EL2.M.
 */
void qemu_virt_s1_mmu_on(uint64_t mair, uint32_t ttbcr, uint64_t ttbr0)
{
	uint64_t tcr = 32u | (ttbcr & 0x3F00u) | 2ull << 16 | 1ull << 31 | 1ull << 23;
	uint64_t sctlr;

	__asm__ volatile("msr mair_el2, %0" : : "r"(mair));
	__asm__ volatile("msr tcr_el2, %0" : : "r"(tcr));
	__asm__ volatile("msr ttbr0_el2, %0" : : "r"(ttbr0));
	__asm__ volatile("isb\n\ttlbi alle2\n\tdsb sy\n\tisb" : : : "memory");
	__asm__ volatile("mrs %0, sctlr_el2" : "=r"(sctlr));
	sctlr |= 1u; /* M */
	__asm__ volatile("msr sctlr_el2, %0\n\tisb" : : "r"(sctlr) : "memory");
}

void qemu_virt_s1_mmu_off(void)
{
	uint64_t sctlr;

	__asm__ volatile("mrs %0, sctlr_el2" : "=r"(sctlr));
	sctlr &= ~(uint64_t)1u;
	__asm__ volatile("msr sctlr_el2, %0\n\tisb\n\ttlbi alle2\n\tdsb sy\n\tisb" : : "r"(sctlr)
			 : "memory");
}

void qemu_virt_uart_putc(char c)
{
	qemu_a64_putc(c);
}

void qemu_virt_uart_puts(const char *s)
{
	qemu_a64_puts(s);
}

void qemu_virt_exit(int status)
{
	qemu_a64_exit(status);
}

void qemu_virt_unexpected(uint32_t vector, uint32_t pc)
{
	qemu_a64_unexpected(vector, pc, 0);
}
