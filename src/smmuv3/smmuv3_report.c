/* SPDX-License-Identifier: BSD-3-Clause */
/* The SMMUv3's part of a master's line in the isolation report. */
#include <ipmmu/smmuv3.h>

static void put_sid(struct ipfw_text *t, uint32_t sid)
{
	ipfw_text_hex(t, sid, sid > 0xFFu ? 4u : 2u, false);
}

void ipfw_smmuv3_iommu_report(const void *st, const struct ipfw_iommu_tail *tail,
			      struct ipfw_text *t)
{
	(void)st;
	if (!tail || !t)
		return;
	if (tail->part == IPFW_IOMMU_TAIL_SLOT) {
		ipfw_text_str(t, " asid ");
		ipfw_text_dec(t, (uint32_t)tail->slot);
		return;
	}
	if (!tail->nep)
		ipfw_text_str(t, "no StreamID");
	for (size_t k = 0; k < tail->nep; k++) {
		const struct ipfw_iommu_endpoint *ep = &tail->ep[k];

		if (k == 0 || ep->inst != tail->ep[k - 1].inst) {
			ipfw_text_str(t, k ? "; " : "");
			ipfw_text_str(t, tail->inst_name(tail->arg, ep->inst));
			ipfw_text_str(t, " sid ");
		} else {
			ipfw_text_str(t, ",");
		}
		put_sid(t, ep->id);
	}
}
