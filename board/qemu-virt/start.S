/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * QEMU virt (Cortex-A15, virtualization=on) startup.
 *
 * QEMU enters an ELF image at its entry point in Hyp mode with the MMU off.
 * We stay in Hyp (so stage 2 can be enabled later), install one vector
 * table for Hyp (HVBAR) and one for the PL1 modes (VBAR), set up stacks,
 * clear .bss, run main() and exit through semihosting with its status.
 *
 * Probes: qemu_virt_probe_read32/write32 access an address that may abort.
 * A data abort taken at the probe instruction, in SVC mode (stage 1, to
 * Abort mode) or from SVC into Hyp (stage 2, Hyp trap), is recorded and
 * the probe returns -1 instead of the image dying. Any other exception
 * is reported and ends the run with a failure status.
 */
	.syntax unified
	.arch armv7ve
	.arm

/* ------------------------------------------------------------ vectors */
	.section .text.vectors, "ax", %progbits
	.balign 32
	.global qemu_virt_hyp_vectors
qemu_virt_hyp_vectors:
	b	qemu_virt_reset		/* 0x00: unused by HVBAR; our entry */
	b	hyp_unexpected_04	/* undefined instruction in Hyp */
	b	hyp_unexpected_08	/* HVC */
	b	hyp_unexpected_0c	/* prefetch abort in Hyp */
	b	hyp_unexpected_10	/* data abort in Hyp */
	b	hyp_trap		/* trap into Hyp: stage-2 faults from SVC */
	b	hyp_unexpected_18	/* IRQ */
	b	hyp_unexpected_1c	/* FIQ */

	.balign 32
	.global qemu_virt_svc_vectors
qemu_virt_svc_vectors:
	b	svc_unexpected_00
	b	svc_unexpected_04	/* undefined instruction */
	b	svc_unexpected_08	/* SVC */
	b	svc_unexpected_0c	/* prefetch abort */
	b	svc_dabt		/* data abort: probes */
	b	svc_unexpected_14
	b	svc_unexpected_18	/* IRQ */
	b	svc_unexpected_1c	/* FIQ */

/* ------------------------------------------------------------ reset */
	.section .text.start, "ax", %progbits
	.global qemu_virt_reset
	.type qemu_virt_reset, %function
qemu_virt_reset:
	cpsid	aif
	ldr	sp, =__hyp_stack_top
	ldr	r0, =qemu_virt_hyp_vectors
	mcr	p15, 4, r0, c12, c0, 0	/* HVBAR */
	ldr	r0, =qemu_virt_svc_vectors
	mcr	p15, 0, r0, c12, c0, 0	/* VBAR, for the PL1 modes */
	/* Stacks of the PL1 modes, usable once code drops to SVC. */
	ldr	r0, =__abt_stack_top
	msr	sp_abt, r0
	ldr	r0, =__und_stack_top
	msr	sp_und, r0
	isb
	/* .bss */
	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
1:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	1b
	bl	main
	bl	exit			/* newlib: flush stdio, then _exit() */
2:	b	2b
	.size qemu_virt_reset, . - qemu_virt_reset

/*
 * void qemu_virt_enter_svc(void): called in Hyp, returns in SVC mode on the
 * same stack (IRQ/FIQ/async aborts masked). Hyp mode has no banked LR, so
 * LR is the caller's return address in both modes.
 */
	.global qemu_virt_enter_svc
	.type qemu_virt_enter_svc, %function
qemu_virt_enter_svc:
	mov	r0, sp
	msr	sp_svc, r0		/* continue on this stack in SVC */
	mov	r0, #0x1d3		/* SVC mode, A/I/F masked */
	tst	lr, #1
	orrne	r0, r0, #0x20		/* caller is Thumb: return in Thumb */
	bic	r1, lr, #1
	/* "msr spsr_hyp" is undefined in Hyp mode itself: use spsr_cxsf */
	msr	spsr_cxsf, r0
	msr	elr_hyp, r1
	eret
	.size qemu_virt_enter_svc, . - qemu_virt_enter_svc

/*
 * void qemu_virt_semihost_call(uint32_t op, uint32_t arg): the semihosting
 * trap is "svc 0x123456" in ARM state; QEMU takes it in Hyp and SVC alike.
 */
	.global qemu_virt_semihost_call
	.type qemu_virt_semihost_call, %function
qemu_virt_semihost_call:
	svc	0x123456
	bx	lr
	.size qemu_virt_semihost_call, . - qemu_virt_semihost_call

/* ------------------------------------------------------------ probes */
/* int qemu_virt_probe_read32(uint32_t addr, uint32_t *val) */
	.global qemu_virt_probe_read32
	.type qemu_virt_probe_read32, %function
qemu_virt_probe_read32:
	mov	r2, r0
probe_ld_insn:
	ldr	r3, [r2]
	str	r3, [r1]
	mov	r0, #0
	bx	lr
	.size qemu_virt_probe_read32, . - qemu_virt_probe_read32

/* int qemu_virt_probe_write32(uint32_t addr, uint32_t val) */
	.global qemu_virt_probe_write32
	.type qemu_virt_probe_write32, %function
qemu_virt_probe_write32:
	mov	r2, r0
probe_st_insn:
	str	r1, [r2]
	dsb	sy
	mov	r0, #0
	bx	lr
	.size qemu_virt_probe_write32, . - qemu_virt_probe_write32

/* Where a faulted probe resumes: return -1 to the probe's caller. */
probe_fault:
	mvn	r0, #0
	bx	lr

/* ------------------------------------------------------------ handlers */
/* Data abort in SVC (stage-1 fault): LR_abt = faulting instruction + 8. */
svc_dabt:
	sub	lr, lr, #8
	push	{r0, r1}
	ldr	r0, =probe_ld_insn
	cmp	lr, r0
	ldrne	r0, =probe_st_insn
	cmpne	lr, r0
	bne	svc_dabt_unexpected
	ldr	r1, =qemu_virt_fault
	mov	r0, #1			/* kind 1: stage 1, taken to Abort mode */
	str	r0, [r1, #0]
	mrc	p15, 0, r0, c5, c0, 0	/* DFSR */
	str	r0, [r1, #4]
	mrc	p15, 0, r0, c6, c0, 0	/* DFAR */
	str	r0, [r1, #8]
	mov	r0, #0
	str	r0, [r1, #12]
	str	r0, [r1, #16]
	ldr	r0, [r1, #20]
	add	r0, r0, #1
	str	r0, [r1, #20]		/* count */
	pop	{r0, r1}
	ldr	lr, =probe_fault
	movs	pc, lr			/* back to SVC, at the fixup */
svc_dabt_unexpected:
	pop	{r0, r1}
	mov	r0, #0x10
	mov	r1, lr
	b	qemu_virt_unexpected

/* Trap into Hyp from SVC: stage-2 data aborts land here. ELR_hyp = the
 * faulting instruction. */
hyp_trap:
	push	{r0, r1}
	mrs	r0, elr_hyp
	ldr	r1, =probe_ld_insn
	cmp	r0, r1
	ldrne	r1, =probe_st_insn
	cmpne	r0, r1
	bne	hyp_trap_unexpected
	ldr	r1, =qemu_virt_fault
	mov	r0, #2			/* kind 2: stage 2, taken to Hyp */
	str	r0, [r1, #0]
	mrc	p15, 4, r0, c5, c2, 0	/* HSR */
	str	r0, [r1, #4]
	mrc	p15, 4, r0, c6, c0, 0	/* HDFAR */
	str	r0, [r1, #8]
	mrc	p15, 4, r0, c6, c0, 4	/* HPFAR: IPA[39:12] in bits [31:4] */
	str	r0, [r1, #12]
	mov	r0, #0
	str	r0, [r1, #16]
	ldr	r0, [r1, #20]
	add	r0, r0, #1
	str	r0, [r1, #20]
	ldr	r0, =probe_fault
	msr	elr_hyp, r0
	pop	{r0, r1}
	eret
hyp_trap_unexpected:
	pop	{r0, r1}
	mov	r0, #0x14
	mrs	r1, elr_hyp
	orr	r0, r0, #0x100		/* 0x1xx: taken to Hyp */
	b	qemu_virt_unexpected

	.macro unexpected label, vec, hyp
\label:
	mov	r0, #(\vec + (\hyp * 0x100))
	.if \hyp
	mrs	r1, elr_hyp
	.else
	mov	r1, lr
	.endif
	b	qemu_virt_unexpected
	.endm

	unexpected hyp_unexpected_04, 0x04, 1
	unexpected hyp_unexpected_08, 0x08, 1
	unexpected hyp_unexpected_0c, 0x0c, 1
	unexpected hyp_unexpected_10, 0x10, 1
	unexpected hyp_unexpected_18, 0x18, 1
	unexpected hyp_unexpected_1c, 0x1c, 1
	unexpected svc_unexpected_00, 0x00, 0
	unexpected svc_unexpected_04, 0x04, 0
	unexpected svc_unexpected_08, 0x08, 0
	unexpected svc_unexpected_0c, 0x0c, 0
	unexpected svc_unexpected_14, 0x14, 0
	unexpected svc_unexpected_18, 0x18, 0
	unexpected svc_unexpected_1c, 0x1c, 0
