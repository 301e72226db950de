/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdint.h>
#include <stdio.h>

#include <ipmmu/error.h>
#include <ipmmu/lpae.h>
#include <ipmmu/version.h>

/* The installed library is a host build: it routes MMIO through the seam,
 * which this program does not use but must provide. */
uint32_t ipfw_mmio_seam_read32(uintptr_t addr);
void ipfw_mmio_seam_write32(uintptr_t addr, uint32_t val);
void ipfw_mmio_seam_barrier(void);
uint32_t ipfw_mmio_seam_read32(uintptr_t addr) { (void)addr; return 0; }
void ipfw_mmio_seam_write32(uintptr_t addr, uint32_t val) { (void)addr; (void)val; }
void ipfw_mmio_seam_barrier(void) {}

int main(void)
{
	const struct ipfw_lpae_region r = {0x40000000u, 0x40000000u, 0x200000u, IPFW_LPAE_RW | IPFW_LPAE_WB};

	printf("%s %s %d tables\n", ipfw_version(), ipfw_errname(IPFW_E_NOMEM),
	       ipfw_lpae_dry_run(IPFW_LPAE_S1_32, &r, 1));
	return 0;
}
