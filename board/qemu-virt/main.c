/* SPDX-License-Identifier: BSD-3-Clause */
/* QEMU virt bring-up image. */
#include <stdio.h>

#include <ipmmu/version.h>

#include "board.h"

int main(void)
{
	printf("\n%s: QEMU virt bring-up image (Cortex-A15, mode 0x%02x)\n",
	       ipfw_version(), (unsigned int)qemu_virt_cpu_mode());
	printf("verdict: PASS\n");
	return 0;
}
