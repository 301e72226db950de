/* SPDX-License-Identifier: BSD-3-Clause */
#include <ipmmu/error.h>
#include <ipmmu/mmio.h>

int ipfw_mmio_poll32(uintptr_t addr, uint32_t mask, uint32_t want,
		     const struct ipfw_poll_limit *limit, const struct ipfw_delay *delay,
		     uint32_t *last)
{
	uint32_t tries;
	uint32_t v = 0;

	if (!limit || (want & ~mask))
		return IPFW_E_INVAL;

	tries = limit->tries ? limit->tries : 1;
	ipfw_mmio_dsb();
	for (uint32_t i = 0; i < tries; i++) {
		v = ipfw_mmio_read32(addr);
		if ((v & mask) == want) {
			if (last)
				*last = v;
			return IPFW_OK;
		}
		if (i + 1 < tries && delay && delay->udelay)
			delay->udelay(delay->ctx, limit->step_us);
	}
	if (last)
		*last = v;
	return IPFW_E_TIMEOUT;
}
