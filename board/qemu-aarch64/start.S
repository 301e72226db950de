/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * QEMU virt (Cortex-A57, virtualization=on,secure=on) startup, AArch64.
 *
 * QEMU enters an ELF image at its entry point at EL3 with the MMU off (and
 * at EL2 or EL1 when the machine has no EL3, e.g. -M virt,iommu=smmuv3
 * without secure=on). From EL3 we drop to non-secure EL2 (SCR_EL3 NS, HCE,
 * RW); main() runs at EL2 with its MMU off. x0 on entry is saved for the
 * image (QEMU passes the DTB address there for Linux-style images only;
 * for an ELF the DTB sits at the start of RAM).
 *
 * EL1 calls: qemu_a64_el1_call(fn, a, b) runs fn(a, b) at EL1h (stage 2
 * applies when HCR_EL2.VM is set) and returns its result at EL2. fn
 * returns through "hvc #0". A data abort from EL1 taken to EL2 (a
 * stage-2 fault) records ESR_EL2, FAR_EL2 and HPFAR_EL2 and the call
 * returns QEMU_A64_FAULTED. Anything else is reported and ends the run.
 */
	.arch armv8-a

#define EC_HVC64 0x16
#define EC_DABT_LOW 0x24

/* ------------------------------------------------------------ entry */
	.section .text.start, "ax", %progbits
	.global qemu_a64_reset
	.type qemu_a64_reset, %function
qemu_a64_reset:
	msr	daifset, #0xf
	mov	x19, x0
	adr	x1, qemu_a64_vectors
	mrs	x2, CurrentEL
	lsr	x2, x2, #2
	cmp	x2, #3
	b.ne	1f
	/* EL3: vectors, then non-secure EL2 in AArch64. */
	msr	vbar_el3, x1
	mov	x2, #0x531		/* RW | HCE | RES1 (5:4) | NS */
	msr	scr_el3, x2
	msr	cptr_el3, xzr
	mov	x2, #0x3c9		/* EL2h, DAIF masked */
	msr	spsr_el3, x2
	adr	x2, 1f
	msr	elr_el3, x2
	isb
	eret
1:	mrs	x2, CurrentEL
	lsr	x2, x2, #2
	cmp	x2, #2
	b.ne	2f
	msr	vbar_el2, x1
	ldr	x2, =0x30c50830		/* SCTLR_EL2: RES1 bits, MMU and caches off */
	msr	sctlr_el2, x2
	mov	x2, #(1 << 31)		/* HCR_EL2.RW: EL1 is AArch64; VM off */
	msr	hcr_el2, x2
	msr	cptr_el2, xzr
	ldr	x2, =0x30d00800		/* SCTLR_EL1: RES1 bits, stage 1 off */
	msr	sctlr_el1, x2
	b	3f
2:	msr	vbar_el1, x1
3:	isb
	ldr	x2, =__stack_top
	mov	sp, x2
	ldr	x2, =qemu_a64_boot_x0
	str	x19, [x2]
	ldr	x0, =__bss_start
	ldr	x1, =__bss_end
4:	cmp	x0, x1
	b.hs	5f
	str	xzr, [x0], #8
	b	4b
5:	bl	main
	bl	qemu_a64_exit
6:	b	6b
	.size qemu_a64_reset, . - qemu_a64_reset

/* ------------------------------------------------------------ EL1 calls */
/* long qemu_a64_el1_call(long (*fn)(long, long), long a, long b) */
	.global qemu_a64_el1_call
	.type qemu_a64_el1_call, %function
qemu_a64_el1_call:
	stp	x29, x30, [sp, #-96]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	ldr	x9, =el2_saved_sp
	mov	x10, sp
	str	x10, [x9]
	ldr	x9, =__el1_stack_top
	msr	sp_el1, x9
	msr	elr_el2, x0
	mov	x9, #0x3c5		/* EL1h, DAIF masked */
	msr	spsr_el2, x9
	mov	x0, x1
	mov	x1, x2
	ldr	x30, =el1_return
	isb
	eret
el1_return:
	hvc	#0			/* result in x0 */
	.size qemu_a64_el1_call, . - qemu_a64_el1_call

/* Back at EL2 with x0 = the result: restore the caller's frame. */
el2_resume:
	ldr	x9, =el2_saved_sp
	ldr	x10, [x9]
	mov	sp, x10
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret

/* Synchronous exception from a lower EL (AArch64) taken to EL2. */
el2_sync_lower:
	mrs	x9, esr_el2
	lsr	x10, x9, #26
	cmp	x10, #EC_HVC64
	b.eq	el2_resume
	cmp	x10, #EC_DABT_LOW
	b.ne	el2_unexpected_lower
	ldr	x10, =qemu_a64_fault
	str	x9, [x10, #0]
	mrs	x11, far_el2
	str	x11, [x10, #8]
	mrs	x11, hpfar_el2
	str	x11, [x10, #16]
	ldr	x11, [x10, #24]
	add	x11, x11, #1
	str	x11, [x10, #24]
	mov	x0, #-1			/* QEMU_A64_FAULTED */
	b	el2_resume
el2_unexpected_lower:
	mov	x0, #0x400
	mrs	x1, elr_el2
	mov	x2, x9
	b	qemu_a64_unexpected

/* ------------------------------------------------------------ EL2 probes */
/* int qemu_a64_probe_read32(uint32_t addr, uint32_t *val),
 * int qemu_a64_probe_write32(uint32_t addr, uint32_t val): an access with
 * the EL2 stage-1 MMU on that may abort. A data abort taken at the probe
 * instruction (to EL2 itself) is recorded in qemu_a64_cur_fault and the
 * probe returns -1. */
	.global qemu_a64_probe_read32
	.type qemu_a64_probe_read32, %function
qemu_a64_probe_read32:
	mov	w2, w0
probe_ld_insn:
	ldr	w3, [x2]
	str	w3, [x1]
	mov	w0, #0
	ret
	.size qemu_a64_probe_read32, . - qemu_a64_probe_read32

	.global qemu_a64_probe_write32
	.type qemu_a64_probe_write32, %function
qemu_a64_probe_write32:
	mov	w2, w0
probe_st_insn:
	str	w1, [x2]
	dsb	sy
	mov	w0, #0
	ret
	.size qemu_a64_probe_write32, . - qemu_a64_probe_write32

probe_fixup:
	mov	w0, #-1
	ret

/* Synchronous exception at the current EL: only EL2 probes are expected. */
cur_sync:
	mrs	x9, CurrentEL
	cmp	x9, #(2 << 2)
	b.ne	cur_unexpected
	mrs	x9, elr_el2
	adr	x10, probe_ld_insn
	cmp	x9, x10
	adr	x10, probe_st_insn
	ccmp	x9, x10, #4, ne		/* Z set if either matched */
	b.ne	cur_unexpected
	ldr	x10, =qemu_a64_cur_fault
	mrs	x11, esr_el2
	str	x11, [x10, #0]
	mrs	x11, far_el2
	str	x11, [x10, #8]
	ldr	x11, [x10, #16]
	add	x11, x11, #1
	str	x11, [x10, #16]
	adr	x10, probe_fixup
	msr	elr_el2, x10
	eret
cur_unexpected:
	mov	x0, #0x200
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.eq	1f
	cmp	x1, #(3 << 2)
	b.eq	2f
	mrs	x1, elr_el1
	mrs	x2, esr_el1
	b	qemu_a64_unexpected
1:	mrs	x1, elr_el2
	mrs	x2, esr_el2
	b	qemu_a64_unexpected
2:	mrs	x1, elr_el3
	mrs	x2, esr_el3
	b	qemu_a64_unexpected

/* ------------------------------------------------------------ vectors */
	.macro	vec_unexpected off
	.balign	0x80
	mov	x0, #\off
	mrs	x1, CurrentEL
	lsr	x1, x1, #2
	cmp	x1, #3
	b.eq	7f
	cmp	x1, #2
	b.eq	8f
	mrs	x1, elr_el1
	mrs	x2, esr_el1
	b	qemu_a64_unexpected
7:	mrs	x1, elr_el3
	mrs	x2, esr_el3
	b	qemu_a64_unexpected
8:	mrs	x1, elr_el2
	mrs	x2, esr_el2
	b	qemu_a64_unexpected
	.endm

	.section .text.vectors, "ax", %progbits
	.balign	0x800
	.global qemu_a64_vectors
qemu_a64_vectors:
	vec_unexpected 0x000	/* current EL, SP0 */
	vec_unexpected 0x080
	vec_unexpected 0x100
	vec_unexpected 0x180
	.balign	0x80		/* 0x200: current EL, SPx, synchronous: probes */
	b	cur_sync
	vec_unexpected 0x280
	vec_unexpected 0x300
	vec_unexpected 0x380
	.balign	0x80		/* 0x400: lower EL, AArch64, synchronous */
	b	el2_sync_lower
	vec_unexpected 0x480
	vec_unexpected 0x500
	vec_unexpected 0x580
	vec_unexpected 0x600
	vec_unexpected 0x680
	vec_unexpected 0x700
	vec_unexpected 0x780

/* ------------------------------------------------------------ semihosting */
/* uint64_t qemu_a64_semihost(uint32_t op, const void *arg) */
	.text
	.global qemu_a64_semihost
	.type qemu_a64_semihost, %function
qemu_a64_semihost:
	hlt	#0xf000
	ret
	.size qemu_a64_semihost, . - qemu_a64_semihost

	.bss
	.balign	8
el2_saved_sp:
	.quad	0
