/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What a bootloader has beside the library: the string functions libfdt
 * calls (tests/link/bootloader_libc.c) and, for -fstack-protector-strong
 * (TF-A's ENABLE_STACK_PROTECTOR), the guard and its failure handler.
 */
#include <ipmmu/types.h>

unsigned long __stack_chk_guard = 0x5a5aa5a5ul;
void __stack_chk_fail(void);

void __stack_chk_fail(void)
{
	for (;;)
		;
}
