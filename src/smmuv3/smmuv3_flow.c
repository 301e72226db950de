/* SPDX-License-Identifier: BSD-3-Clause */
/* The SMMUv3 behind the boot flow's driver interface (ipmmu/iommu.h). */
#include <ipmmu/error.h>
#include <ipmmu/smmuv3.h>

/* Arguments are the flow's (ipmmu/iommu.h): instance and domain numbers
 * below the capacities, endpoints of the instance it brought up. */

static int flow_init(void *st, const struct ipfw_iommu_inst *inst, size_t n,
		     const struct ipfw_delay *delay)
{
	struct ipfw_smmuv3_flow *f = st;
	size_t use = n;

	f->inst = -1;
	f->nattached = 0;
	for (size_t d = 0; d < IPFW_IOMMU_MAX_DOMAINS; d++)
		f->dom_ok[d] = false;
	for (size_t i = 0; i < n; i++) {
		if (!inst[i].used || inst[i].kind != IPFW_IOMMU_SMMUV3)
			continue;
		if (use != n)
			return IPFW_E_NOSPACE; /* one SMMUv3 per state */
		use = i;
	}
	if (use == n)
		return IPFW_OK;
	f->inst = (int16_t)use;
	return ipfw_smmuv3_init(&f->smmu, (uintptr_t)inst[use].base, &f->mem, &f->limit, delay,
				f->clean, f->clean_arg);
}

static int flow_domain_create(void *st, unsigned int d, unsigned int home, int slot,
			      enum ipfw_lpae_format fmt, const struct ipfw_lpae_regs *regs)
{
	struct ipfw_smmuv3_flow *f = st;
	int err;

	if (f->inst < 0 || home != (unsigned int)f->inst)
		return IPFW_E_INVAL;
	/* S1-32 only: the SMMU walks it as AArch64 stage 1 with T0SZ 32 */
	if (fmt != IPFW_LPAE_S1_32)
		return IPFW_E_FORMAT;
	err = ipfw_smmuv3_domain_from_regs(&f->smmu, &f->dom[d], regs,
					   (uint16_t)(slot > 0 ? (unsigned int)slot : d + 1u));
	f->dom_ok[d] = !err;
	return err;
}

static int find(const struct ipfw_smmuv3_flow *f, uint32_t sid)
{
	for (uint32_t i = 0; i < f->nattached; i++) {
		if (f->attached[i].sid == sid)
			return (int)i;
	}
	return -1;
}

/* The last master out of a StreamID aborts it. */
static int drop(struct ipfw_smmuv3_flow *f, int i)
{
	uint32_t sid = f->attached[i].sid;

	if (--f->attached[i].refs)
		return IPFW_OK;
	f->attached[i] = f->attached[--f->nattached];
	return ipfw_smmuv3_abort(&f->smmu, sid);
}

static int flow_domain_destroy(void *st, unsigned int d)
{
	struct ipfw_smmuv3_flow *f = st;
	int first = IPFW_OK;

	f->dom_ok[d] = false;
	for (uint32_t i = f->nattached; i-- > 0;) {
		if (f->attached[i].dom != d)
			continue;
		f->attached[i].refs = 1;
		{
			int err = drop(f, (int)i);

			if (!first)
				first = err;
		}
	}
	return first;
}

static int flow_domain_live(void *st, unsigned int d)
{
	const struct ipfw_smmuv3_flow *f = st;

	return f->dom_ok[d] && f->smmu.enabled ? IPFW_OK : IPFW_E_NOTREADY;
}

/* A StreamID belongs to one domain (two requesters aliasing one StreamID
 * share it; the plan refuses anything else, IPFW_E_UTLB_CONFLICT). */
static int flow_attach(void *st, unsigned int d, struct ipfw_iommu_endpoint ep, int owner)
{
	struct ipfw_smmuv3_flow *f = st;
	int i = find(f, ep.id);
	int err;

	(void)owner;
	if (!f->dom_ok[d])
		return IPFW_E_STATE;
	if (i >= 0) {
		if (f->attached[i].dom != d)
			return IPFW_E_UTLB_CONFLICT;
		if (f->attached[i].refs == UINT16_MAX)
			return IPFW_E_NOSPACE;
		f->attached[i].refs++;
		return IPFW_OK;
	}
	if (f->nattached == IPFW_SMMUV3_FLOW_MAX_ATTACH)
		return IPFW_E_NOSPACE;
	err = ipfw_smmuv3_attach(&f->smmu, &f->dom[d], ep.id);
	if (err) {
		(void)ipfw_smmuv3_abort(&f->smmu, ep.id); /* nothing half-attached */
		return err;
	}
	f->attached[f->nattached].sid = ep.id;
	f->attached[f->nattached].dom = (uint16_t)d;
	f->attached[f->nattached].refs = 1;
	f->nattached++;
	return IPFW_OK;
}

static int flow_detach(void *st, unsigned int d, struct ipfw_iommu_endpoint ep, int owner)
{
	struct ipfw_smmuv3_flow *f = st;
	int i = find(f, ep.id);

	(void)owner;
	if (i < 0 || f->attached[i].dom != d)
		return IPFW_E_STATE;
	return drop(f, i);
}

static int flow_is_live(void *st, unsigned int d, struct ipfw_iommu_endpoint ep, int owner)
{
	struct ipfw_smmuv3_flow *f = st;

	(void)owner;
	if (!f->dom_ok[d])
		return IPFW_E_NOTREADY;
	return ipfw_smmuv3_is_live(&f->smmu, &f->dom[d], ep.id);
}

static int flow_bypass(void *st, unsigned int d, struct ipfw_iommu_endpoint ep, int owner)
{
	struct ipfw_smmuv3_flow *f = st;

	(void)d;
	(void)owner;
	if (f->inst < 0)
		return IPFW_E_STATE;
	return ipfw_smmuv3_bypass(&f->smmu, ep.id);
}

const struct ipfw_iommu_ops ipfw_smmuv3_iommu_ops = {
	.init = flow_init,
	.domain_create = flow_domain_create,
	.domain_destroy = flow_domain_destroy,
	.domain_live = flow_domain_live,
	.attach = flow_attach,
	.detach = flow_detach,
	.is_live = flow_is_live,
	.bypass = flow_bypass,
};

/* The compatible a node of this driver has (the Linux binding
 * arm,smmu-v3.yaml), anywhere in its list of strings. */
bool ipfw_smmuv3_compatible(const char *compat, int len)
{
	const char *s;
	int pos = 0, n;

	while ((s = ipfw_strlist_next(compat, len, &pos, &n))) {
		if (ipfw_streq(s, "arm,smmu-v3"))
			return true;
	}
	return false;
}
