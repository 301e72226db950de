/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uTLB allocator of one cache IPMMU. A uTLB points at one context, so the
 * masters sharing it form a group that must sit in one domain
 * (docs/ipmmu-vmsa.md section 9, item 14). Linux does not check this; Xen
 * refuses a second context and refcounts; so do we, and the refusal names
 * both masters.
 */
#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>

#define UTLB_REFS_MAX 255u

int ipfw_ipmmu_utlb_alloc_init(struct ipfw_ipmmu_utlb_alloc *a, const struct ipfw_soc *soc)
{
	if (!a || !soc || soc->num_utlbs == 0 || soc->num_utlbs > IPFW_IPMMU_UTLB_MAX)
		return IPFW_E_INVAL;
	a->num_utlbs = soc->num_utlbs;
	for (unsigned int i = 0; i < IPFW_IPMMU_UTLB_MAX; i++)
		a->slot[i] = (struct ipfw_ipmmu_utlb_slot){.ctx = 0, .refs = 0};
	return IPFW_OK;
}

int ipfw_ipmmu_utlb_get(struct ipfw_ipmmu_utlb_alloc *a, unsigned int utlb, unsigned int ctx,
			struct ipfw_ipmmu_owner who, struct ipfw_ipmmu_utlb_conflict *conflict)
{
	struct ipfw_ipmmu_utlb_slot *s;

	if (!a || ctx >= IPFW_IPMMU_CTX_MAX || who.id < 0 || who.id > INT16_MAX)
		return IPFW_E_INVAL;
	if (utlb >= a->num_utlbs)
		return IPFW_E_UTLB_RANGE;
	s = &a->slot[utlb];
	if (s->refs == 0) {
		s->ctx = (uint8_t)ctx;
		s->refs = 1;
		s->holder = (int16_t)who.id;
		return 1;
	}
	if (s->ctx != ctx) {
		if (conflict) {
			conflict->utlb = utlb;
			conflict->held_ctx = s->ctx;
			conflict->wanted_ctx = ctx;
			conflict->holder = (struct ipfw_ipmmu_owner){.name = NULL, .id = s->holder};
			conflict->requester = who;
		}
		return IPFW_E_UTLB_CONFLICT;
	}
	if (s->refs >= UTLB_REFS_MAX)
		return IPFW_E_NOSPACE;
	s->refs++;
	return 0;
}

int ipfw_ipmmu_utlb_put(struct ipfw_ipmmu_utlb_alloc *a, unsigned int utlb, unsigned int ctx)
{
	struct ipfw_ipmmu_utlb_slot *s;

	if (!a)
		return IPFW_E_INVAL;
	if (utlb >= a->num_utlbs)
		return IPFW_E_UTLB_RANGE;
	s = &a->slot[utlb];
	if (s->refs == 0 || s->ctx != ctx)
		return IPFW_E_STATE;
	s->refs--;
	if (s->refs == 0) {
		s->holder = 0;
		return 1;
	}
	return 0;
}

int ipfw_ipmmu_utlb_query(const struct ipfw_ipmmu_utlb_alloc *a, unsigned int utlb,
			  unsigned int *ctx, struct ipfw_ipmmu_owner *holder)
{
	const struct ipfw_ipmmu_utlb_slot *s;

	if (!a)
		return IPFW_E_INVAL;
	if (utlb >= a->num_utlbs)
		return IPFW_E_UTLB_RANGE;
	s = &a->slot[utlb];
	if (s->refs) {
		if (ctx)
			*ctx = s->ctx;
		if (holder)
			*holder = (struct ipfw_ipmmu_owner){.name = NULL, .id = s->holder};
	}
	return s->refs;
}
