/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Entry of the R-Car RT-core images (Cortex-R7 on Gen3, Cortex-R52 on
 * Gen4), loaded into their DRAM carve-out by earlier boot stages with
 * caches and MPU off. The R52 (ARMv8-R) enters at EL2 (Hyp mode); the R7
 * (ARMv7-R) in SVC mode. Either way: one stack, .bss cleared, main(),
 * then exit() which parks the core.
 */
	.syntax unified
	.arm
	.section .text.start, "ax", %progbits
	.global rcar_rt_reset
	.type rcar_rt_reset, %function
rcar_rt_reset:
	cpsid	aif
	ldr	sp, =__stack_top
	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
1:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	1b
	bl	main
	bl	exit
2:	wfi
	b	2b
	.size rcar_rt_reset, . - rcar_rt_reset
