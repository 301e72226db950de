/* SPDX-License-Identifier: BSD-3-Clause */
/* Salvator-XS (R-Car H3) Cortex-R7 bring-up image. */
#include <stdio.h>

#include <ipmmu/version.h>

#include "rcar_scif.h"

#define SALVATOR_SCIF2_BASE 0xE6E88000u /* debug console */

int main(void)
{
	rcar_scif_init(SALVATOR_SCIF2_BASE);
	printf("%s: Salvator-XS (R-Car H3) Cortex-R7 image\n", ipfw_version());
	return 0;
}
