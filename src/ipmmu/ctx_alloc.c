/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Context-bank allocator of one root IPMMU. Context 0 is reserved on
 * Gen3/Gen4 (docs/ipmmu-vmsa.md section 9, item 9); a board may reserve more,
 * e.g. banks that other firmware programs.
 */
#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>

int ipfw_ipmmu_ctx_alloc_init(struct ipfw_ipmmu_ctx_alloc *a, const struct ipfw_soc *soc,
			      uint32_t board_reserved)
{
	uint32_t all;

	if (!a || !soc || soc->num_ctx == 0 || soc->num_ctx > IPFW_IPMMU_CTX_MAX)
		return IPFW_E_INVAL;
	all = (1u << soc->num_ctx) - 1u;
	if (board_reserved & ~all)
		return IPFW_E_INVAL;
	a->used = 0;
	a->reserved = (soc->reserved_ctx | board_reserved) & all;
	a->num_ctx = soc->num_ctx;
	return IPFW_OK;
}

int ipfw_ipmmu_ctx_get(struct ipfw_ipmmu_ctx_alloc *a, int want, unsigned int *ctx)
{
	if (!a || !ctx)
		return IPFW_E_INVAL;
	if (want == IPFW_IPMMU_CTX_ANY) {
		for (unsigned int c = 0; c < a->num_ctx; c++) {
			uint32_t bit = 1u << c;

			if (!((a->used | a->reserved) & bit)) {
				a->used |= bit;
				*ctx = c;
				return IPFW_OK;
			}
		}
		return IPFW_E_NOCTX;
	}
	if (want < 0 || (unsigned int)want >= a->num_ctx)
		return IPFW_E_RANGE;
	if (a->reserved & (1u << want))
		return IPFW_E_CTX_RESERVED;
	if (a->used & (1u << want))
		return IPFW_E_NOCTX;
	a->used |= 1u << want;
	*ctx = (unsigned int)want;
	return IPFW_OK;
}

int ipfw_ipmmu_ctx_put(struct ipfw_ipmmu_ctx_alloc *a, unsigned int ctx)
{
	if (!a)
		return IPFW_E_INVAL;
	if (ctx >= a->num_ctx)
		return IPFW_E_RANGE;
	if (a->reserved & (1u << ctx))
		return IPFW_E_CTX_RESERVED;
	if (!(a->used & (1u << ctx)))
		return IPFW_E_STATE;
	a->used &= ~(1u << ctx);
	return IPFW_OK;
}
