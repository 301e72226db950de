/* SPDX-License-Identifier: BSD-3-Clause */
/* Spider (R-Car S4) Cortex-R52 bring-up image. */
#include <stdio.h>

#include <ipmmu/version.h>

#include "rcar_scif.h"

#define SPIDER_SCIF0_BASE 0xE6E60000u /* the R52's console */

int main(void)
{
	rcar_scif_init(SPIDER_SCIF0_BASE);
	printf("%s: Spider (R-Car S4) Cortex-R52 image\n", ipfw_version());
	return 0;
}
