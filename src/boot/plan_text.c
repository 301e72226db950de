/* SPDX-License-Identifier: BSD-3-Clause */
/* Names and one-line diagnostics, without stdio. */
#include <ipmmu/error.h>
#include <ipmmu/plan.h>

#include "plan_priv.h"

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

/* A bounded string builder: keeps NUL termination, remembers overflow. */
struct text {
	char *buf;
	size_t len;
	size_t pos;
	bool full;
};

static void put(struct text *t, const char *s)
{
	for (; s && *s; s++) {
		if (t->pos + 1 >= t->len) {
			t->full = true;
			break;
		}
		t->buf[t->pos++] = *s;
	}
	t->buf[t->pos] = '\0';
}

static void put_uint(struct text *t, uint32_t v, bool hex)
{
	char tmp[12];
	int n = 0;
	unsigned int base = hex ? 16 : 10;

	if (hex)
		put(t, "0x");
	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n) {
		char c[2] = {tmp[--n], '\0'};

		put(t, c);
	}
}

int ipfw_plan_diag_format(const struct ipfw_plan *plan, const struct ipfw_plan_diag *d,
			  char *buf, size_t len)
{
	struct text t = {buf, len, 0, false};

	if (!plan || !d || !buf || !len)
		return IPFW_E_INVAL;
	buf[0] = '\0';
	put(&t, ipfw_diag_level_name(d->level));
	if (d->code) {
		put(&t, " ");
		put(&t, ipfw_errname(d->code));
	}
	put(&t, ": ");
	put(&t, d->what);
	if (d->path[0]) {
		put(&t, " [");
		put(&t, d->path);
		if (d->prop) {
			put(&t, " ");
			put(&t, d->prop);
			if (d->index >= 0) {
				put(&t, "[");
				put_uint(&t, (uint32_t)d->index, false);
				put(&t, "]");
			}
		}
		put(&t, "]");
	}
	if (d->utlb >= 0 && d->inst >= 0 && (size_t)d->inst < plan->ninst) {
		put(&t, " uTLB ");
		put_uint(&t, (uint32_t)d->utlb, false);
		put(&t, " of ");
		put(&t, plan->inst[d->inst].name);
	}
	if (d->other >= 0 && (size_t)d->other < plan->nmasters) {
		put(&t, " also used by ");
		put(&t, plan->masters[d->other].path);
	}
	if (d->ids) {
		put(&t, " IDs ");
		put_uint(&t, d->id_lo, true);
		if (d->id_hi != d->id_lo) {
			put(&t, "-");
			put_uint(&t, d->id_hi, true);
		}
	}
	return t.full ? IPFW_E_NOSPACE : (int)t.pos;
}
