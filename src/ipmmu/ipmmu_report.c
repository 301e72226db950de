/* SPDX-License-Identifier: BSD-3-Clause */
/* The IPMMU's part of a master's line in the isolation report. */
#include <ipmmu/ipmmu.h>

/* "iommu@e6740000 uTLB 0-7,16; iommu@e7740000 uTLB 3": runs of
 * consecutive uTLBs of one instance as ranges. */
static void put_utlbs(const struct ipfw_iommu_tail *tail, struct ipfw_text *t)
{
	size_t k = 0;

	if (!tail->nep)
		ipfw_text_str(t, "no uTLB");
	while (k < tail->nep) {
		const struct ipfw_iommu_endpoint *u = &tail->ep[k];
		size_t run = 1;

		if (k == 0 || u->inst != tail->ep[k - 1].inst) {
			ipfw_text_str(t, k ? "; " : "");
			ipfw_text_str(t, tail->inst_name(tail->arg, u->inst));
			ipfw_text_str(t, " uTLB ");
		} else {
			ipfw_text_str(t, ",");
		}
		while (k + run < tail->nep && tail->ep[k + run].inst == u->inst &&
		       tail->ep[k + run].id == u->id + run)
			run++;
		ipfw_text_dec(t, u->id);
		if (run > 1) {
			ipfw_text_str(t, "-");
			ipfw_text_dec(t, (uint32_t)(u->id + run - 1u));
		}
		k += run;
	}
}

void ipfw_ipmmu_iommu_report(const void *st, const struct ipfw_iommu_tail *tail,
			     struct ipfw_text *t)
{
	(void)st;
	if (!tail || !t)
		return;
	if (tail->part == IPFW_IOMMU_TAIL_SLOT) {
		ipfw_text_str(t, " ctx ");
		ipfw_text_dec(t, (uint32_t)tail->slot);
	} else {
		put_utlbs(tail, t);
	}
}
