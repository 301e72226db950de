/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Plan for a master with iommu-map (a PCIe host bridge): every entry's
 * uTLBs, entries that overlap (the first match wins, lpae-and-devicetree.md
 * 2.2), and requester IDs no entry covers. Linux lets unmatched IDs bypass
 * the IOMMU; here they are denied and reported, unless the policy
 * explicitly allows bypass for this node.
 */
#include <ipmmu/error.h>
#include <ipmmu/plan.h>

#include "plan_priv.h"

/* PCI requester IDs are 16 bits (pci-iommu binding). */
#define IDMAP_ID_MAX 0xFFFFu

static uint32_t high_bit(uint32_t v)
{
	uint32_t b = 1;

	while (v >>= 1)
		b <<= 1;
	return b;
}

/* Smallest x >= a with no bit outside mask; false if none <= IDMAP_ID_MAX. */
static bool submask_at_or_above(uint32_t a, uint32_t mask, uint32_t *x)
{
	uint32_t v = a;

	while (v & ~mask) {
		uint32_t hb = high_bit(v & ~mask);

		/* round up past the offending bit (v <= 0xFFFF: no wrap) */
		v = (v | (hb | (hb - 1u))) + 1u;
		if (v > IDMAP_ID_MAX)
			return false;
	}
	*x = v;
	return v <= IDMAP_ID_MAX;
}

/* As submask_at_or_above, over the whole 32-bit ID space. */
static bool reachable_at_or_above(uint32_t a, uint32_t mask, uint32_t *x)
{
	uint64_t v = a;

	while (v & ~(uint64_t)mask) {
		uint64_t hb = high_bit((uint32_t)(v & ~(uint64_t)mask));

		v = (v | (hb | (hb - 1u))) + 1u;
		if (v > 0xFFFFFFFFu)
			return false;
	}
	*x = (uint32_t)v;
	return true;
}

/*
 * Can entry e match any ID? Linux 6.1's of_map_id() tests
 * id_base <= masked < id_base + length with the sum in 32 bits, so an
 * entry of length 0, or whose end reaches or wraps past 2^32, matches
 * nothing. Entries that can match have an end that fits in 32 bits.
 */
static bool entry_live(const struct ipfw_dt_map_entry *e)
{
	return (uint32_t)(e->id_base + e->length) > e->id_base;
}

/* Does an entry before k match masked ID v? (first match wins, whatever it names) */
static bool taken_earlier(const struct ipfw_plan *plan, const struct ipfw_dt_master *dm,
			  unsigned int k, uint32_t v)
{
	for (unsigned int j = 0; j < k; j++) {
		const struct ipfw_dt_map_entry *e = &plan->walk.dt.maps[dm->first_map + j];

		if (entry_live(e) && v >= e->id_base && v - e->id_base < e->length)
			return true;
	}
	return false;
}

/* Largest x <= b with no bit outside mask (0 always qualifies). */
static uint32_t submask_at_or_below(uint32_t b, uint32_t mask)
{
	uint32_t hb;

	if (!(b & ~mask))
		return b;
	hb = high_bit(b & ~mask);
	/* drop the offending bit, keep every mask bit below it */
	return (b & ~(hb | (hb - 1u))) | ((hb - 1u) & mask);
}

static void report_gap(struct ipfw_plan *plan, size_t m, uint32_t lo, uint32_t hi, uint32_t mask,
		       bool bypass_ok)
{
	uint32_t first, last;
	struct ipfw_plan_diag *d;

	if (!submask_at_or_above(lo, mask, &first))
		return;
	last = submask_at_or_below(hi, mask);
	if (first > last)
		return;
	d = ipfw_plan_diag_master(plan, m, IPFW_DIAG_WARNING, IPFW_E_DT_NOMATCH,
				  bypass_ok ? "requester IDs no iommu-map entry covers: bypass (policy)"
					    : "requester IDs no iommu-map entry covers: denied");
	d->prop = "iommu-map";
	d->id_lo = first;
	d->id_hi = last;
	d->ids = true;
}

/* Entries' [id_base, id_base + length) over masked IDs, sorted, merged:
 * report what lies between them. */
static void idmap_gaps(struct ipfw_plan *plan, size_t m, bool bypass_ok)
{
	const struct ipfw_dt_master *dm = &plan->walk.dt.masters[m];
	uint64_t next = 0; /* first ID not yet known covered */

	for (;;) {
		uint64_t best_lo = UINT64_MAX, best_hi = 0;

		/* the entry starting lowest among those reaching past `next` */
		for (unsigned int k = 0; k < dm->nmaps; k++) {
			const struct ipfw_dt_map_entry *e = &plan->walk.dt.maps[dm->first_map + k];
			uint64_t lo = e->id_base, hi = (uint64_t)e->id_base + e->length;

			if (!entry_live(e) || hi <= next)
				continue;
			if (lo < best_lo || (lo == best_lo && hi > best_hi)) {
				best_lo = lo;
				best_hi = hi;
			}
		}
		if (best_lo == UINT64_MAX || best_lo > IDMAP_ID_MAX) {
			if (next <= IDMAP_ID_MAX)
				report_gap(plan, m, (uint32_t)next, IDMAP_ID_MAX, dm->map_mask,
					   bypass_ok);
			return;
		}
		if (best_lo > next)
			report_gap(plan, m, (uint32_t)next, (uint32_t)(best_lo - 1u), dm->map_mask,
				   bypass_ok);
		next = best_hi > next ? best_hi : next;
	}
}

static void idmap_overlaps(struct ipfw_plan *plan, size_t m)
{
	const struct ipfw_dt_master *dm = &plan->walk.dt.masters[m];

	for (unsigned int l = 1; l < dm->nmaps; l++) {
		const struct ipfw_dt_map_entry *b = &plan->walk.dt.maps[dm->first_map + l];

		for (unsigned int k = 0; k < l; k++) {
			const struct ipfw_dt_map_entry *a = &plan->walk.dt.maps[dm->first_map + k];
			uint64_t a_hi = (uint64_t)a->id_base + a->length;
			uint64_t b_hi = (uint64_t)b->id_base + b->length;
			struct ipfw_plan_diag *d;

			if (!entry_live(a) || !entry_live(b) || b->id_base >= a_hi || a->id_base >= b_hi)
				continue;
			d = ipfw_plan_diag_master(plan, m, IPFW_DIAG_WARNING, 0,
						  "iommu-map entry overlaps an earlier one: "
						  "the earlier entry wins for the shared IDs");
			d->prop = "iommu-map";
			d->index = (int)l;
			d->ids = true;
			/* In masked-ID space, as the gaps: the later base has no
			 * bit outside the mask, the end may. */
			d->id_lo = b->id_base > a->id_base ? b->id_base : a->id_base;
			d->id_hi = submask_at_or_below((uint32_t)((a_hi < b_hi ? a_hi : b_hi) - 1u),
						       dm->map_mask);
			break;
		}
	}
}

static void entry_error_(struct ipfw_plan *plan, size_t m, unsigned int k, int code,
			 const char *what)
{
	struct ipfw_plan_diag *d = ipfw_plan_diag_new_master(plan, m, IPFW_DIAG_ERROR, code, what);

	d->prop = "iommu-map";
	d->index = (int)k;
}
/* The callers' texts go through IPFW_TEXT (ipmmu/config.h). */
#define entry_error(plan, m, k, code, what) entry_error_((plan), (m), (k), (code), IPFW_TEXT(what))

void ipfw_plan_master_idmap(struct ipfw_plan *plan, size_t m, bool bypass_ok)
{
	const struct ipfw_dt_master *dm = &plan->walk.dt.masters[m];

	for (unsigned int k = 0; k < dm->nmaps; k++) {
		const struct ipfw_dt_map_entry *e = &plan->walk.dt.maps[dm->first_map + k];
		int inst = e->ipmmu;

		/* of_map_id() aborts on such an entry: the whole map is unusable. */
		if (e->id_base & ~dm->map_mask) {
			ipfw_plan_deny(plan, m, IPFW_E_DT_MAPMASK);
			entry_error(plan, m, k, IPFW_E_DT_MAPMASK,
				    "iommu-map base has bits outside iommu-map-mask: denied");
			return;
		}
		if (!entry_live(e)) {
			struct ipfw_plan_diag *d = ipfw_plan_diag_master(
				plan, m, IPFW_DIAG_WARNING, 0,
				"iommu-map entry matches no ID (length 0, or id-base + length "
				"reaches 2^32, as Linux computes it)");

			d->prop = "iommu-map";
			d->index = (int)k;
			continue;
		}
		if (e->ipmmu == -1 || !(e->target & (IPFW_DT_NODE_IOMMU | IPFW_DT_NODE_IPMMU))) {
			/* Only the IDs of this entry lose their translation. */
			entry_error(plan, m, k,
				    e->ipmmu == -1 ? IPFW_E_DT_PHANDLE : IPFW_E_DT_NOTIOMMU,
				    e->ipmmu == -1 ? "iommu-map phandle names no node: its IDs denied"
						   : "iommu-map target is not an IOMMU: its IDs denied");
			continue;
		}
		/* another kind of IOMMU: the host is planned on it as a whole
		 * when the board has its driver */
		if (inst < 0 && plan->pol->others)
			inst = plan->pol->others->instance(plan, e->iommu);
		if (inst < 0) {
			ipfw_plan_foreign(plan, m, e->iommu, "iommu-map", (int)k);
			continue;
		}
		if (plan->inst[inst].usable &&
		    (uint64_t)e->iommu_base + e->length > plan->inst[inst].hw.endpoints) {
			ipfw_plan_deny(plan, m, IPFW_E_UTLB_RANGE);
			entry_error(plan, m, k, IPFW_E_UTLB_RANGE,
				    "iommu-map maps IDs onto endpoints the IOMMU does not have "
				    "(IPMMU uTLBs, SMMUv3 stream table entries): denied");
			return;
		}
		/* A uTLB is reached only through IDs the mask can produce that no
		 * earlier entry takes first (of_map_id(): first match wins). */
		for (uint64_t id = e->id_base; id < (uint64_t)e->id_base + e->length; id++) {
			uint32_t v;
			int err;

			if (!reachable_at_or_above((uint32_t)id, dm->map_mask, &v) ||
			    (uint64_t)v >= (uint64_t)e->id_base + e->length)
				break;
			id = v;
			if (taken_earlier(plan, dm, k, v))
				continue;
			err = ipfw_plan_master_utlb(plan, m, (unsigned int)inst,
						    e->iommu_base + (v - e->id_base), "iommu-map", (int)k);
			/* past the uTLB array: go on counting, the diagnostic
			 * gives the tree's figure (plan.h) */
			if (err && err != IPFW_E_NOSPACE)
				return;
		}
	}
	idmap_overlaps(plan, m);
	idmap_gaps(plan, m, bypass_ok);
}
