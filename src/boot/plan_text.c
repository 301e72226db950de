/* SPDX-License-Identifier: BSD-3-Clause */
/* Names and one-line diagnostics, without stdio. */
#include <libfdt.h>

#include <ipmmu/error.h>
#include <ipmmu/plan.h>

#include "plan_priv.h"

/* A path printed in a diagnostic line (longer ones are cut, still NUL-ended). */
#define IPFW_PLAN_TEXT_PATH_MAX 128

const char *ipfw_action_name(enum ipfw_action a)
{
	switch (a) {
	case IPFW_ACT_TRANSLATE:
		return "translate";
	case IPFW_ACT_IDENTITY:
		return "identity";
	case IPFW_ACT_BYPASS:
		return "bypass";
	case IPFW_ACT_DENY:
		return "deny";
	default:
		return "default";
	}
}

const char *ipfw_diag_level_name(enum ipfw_diag_level l)
{
	return l == IPFW_DIAG_ERROR ? "error" : l == IPFW_DIAG_WARNING ? "warning" : "info";
}

/* "0x" and as many hex digits as v needs (IDs in diagnostics). */
static void put_id(struct ipfw_text *t, uint32_t v)
{
	unsigned int digits = 1;

	while (digits < 8 && (v >> (4u * digits)))
		digits++;
	ipfw_text_hex(t, v, digits, false);
}

int ipfw_plan_diag_format(const struct ipfw_plan *plan, const struct ipfw_plan_diag *d,
			  char *buf, size_t len)
{
	struct ipfw_text t;

	if (!plan || !d || !buf || !len)
		return IPFW_E_INVAL;
	ipfw_text_init(&t, buf, len);
	ipfw_text_str(&t, ipfw_diag_level_name(d->level));
	if (d->code) {
		ipfw_text_str(&t, " ");
		ipfw_text_str(&t, ipfw_errname(d->code));
	}
	if (d->what) { /* NULL in a build without texts (ipmmu/config.h) */
		ipfw_text_str(&t, ": ");
		ipfw_text_str(&t, d->what);
	}
	if (d->code == IPFW_E_NOSPACE && d->have) {
		if (d->need) {
			ipfw_text_str(&t, " (needs ");
			ipfw_text_dec(&t, d->need);
			ipfw_text_str(&t, ",");
		} else {
			ipfw_text_str(&t, " (");
		}
		ipfw_text_str(&t, " built for ");
		ipfw_text_dec(&t, d->have);
		if (d->capacity) {
			ipfw_text_str(&t, ": ");
			ipfw_text_str(&t, d->capacity);
		}
		ipfw_text_str(&t, ")");
	}
	if (d->node >= 0 || d->path) {
		char path[IPFW_PLAN_TEXT_PATH_MAX];

		if (d->path)
			ipfw_strlcpy(path, d->path, sizeof(path));
		else
			(void)ipfw_plan_path(plan, d->node, path, sizeof(path));
		ipfw_text_str(&t, " [");
		ipfw_text_str(&t, path);
		if (d->prop) {
			ipfw_text_str(&t, " ");
			ipfw_text_str(&t, d->prop);
			if (d->index >= 0) {
				ipfw_text_str(&t, "[");
				ipfw_text_dec(&t, (uint32_t)d->index);
				ipfw_text_str(&t, "]");
			}
		}
		ipfw_text_str(&t, "]");
	}
	if (d->utlb >= 0 && d->inst >= 0 && (size_t)d->inst < plan->ninst) {
		ipfw_text_str(&t, " uTLB ");
		ipfw_text_dec(&t, (uint32_t)d->utlb);
		ipfw_text_str(&t, " of ");
		ipfw_text_str(&t, plan->inst[d->inst].name);
	}
	if (d->code == IPFW_E_DENYLISTED && d->master < 0 && d->inst >= 0 && (size_t)d->inst < plan->ninst &&
	    plan->inst[d->inst].hw.name) {
		const struct ipfw_soc_rev *rev = plan->pol ? &plan->pol->rev : NULL;

		/* what was seen, and the two ways on (docs/policy.md) */
		ipfw_text_str(&t, " (SoC ");
		ipfw_text_str(&t, plan->inst[d->inst].hw.name);
		ipfw_text_str(&t, ", revision ");
		if (rev && rev->known)
			ipfw_text_hex(&t, rev->prr, 4, false);
		else
			ipfw_text_str(&t, "unknown");
		if (d->level == IPFW_DIAG_ERROR)
			ipfw_text_str(&t, "; give the PRR value with soc-rev (policy.rev), or accept "
					  "the SoC with soc-override (policy.soc_override)");
		ipfw_text_str(&t, ")");
	}
	if (d->iommu > 0 && plan->fdt) {
		char path[IPFW_PLAN_TEXT_PATH_MAX];

		(void)ipfw_plan_path(plan, d->iommu, path, sizeof(path));
		ipfw_text_str(&t, " IOMMU ");
		ipfw_text_str(&t, path);
	}
	if (d->other >= 0 && (size_t)d->other < plan->nmasters) {
		char path[IPFW_PLAN_TEXT_PATH_MAX];

		(void)ipfw_plan_path(plan, plan->masters[d->other].node, path, sizeof(path));
		ipfw_text_str(&t, " also used by ");
		ipfw_text_str(&t, path);
	}
	if (d->ids) {
		ipfw_text_str(&t, " IDs ");
		put_id(&t, d->id_lo);
		if (d->id_hi != d->id_lo) {
			ipfw_text_str(&t, "-");
			put_id(&t, d->id_hi);
		}
	}
	return ipfw_text_end(&t);
}

bool ipfw_plan_diag_at(const struct ipfw_plan *plan, const struct ipfw_plan_diag *d,
		       const char *path)
{
	if (!plan || !d || !path)
		return false;
	if (d->path)
		return ipfw_streq(d->path, path);
	return d->node >= 0 && plan->fdt && ipfw_dt_path_offset(plan->fdt, path) == d->node;
}
