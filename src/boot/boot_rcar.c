/* SPDX-License-Identifier: BSD-3-Clause */
#include <libfdt.h>

#include <ipmmu/boot_rcar.h>
#include <ipmmu/dt.h>
#include <ipmmu/error.h>
#include <ipmmu/text.h>

static bool ends_with(const char *s, int len, const char *suffix, int slen)
{
	if (len < slen)
		return false;
	for (int i = 0; i < slen; i++) {
		if (s[len - slen + i] != suffix[i])
			return false;
	}
	return true;
}

static bool starts_with(const char *s, const char *prefix)
{
	while (*prefix && *s == *prefix) {
		s++;
		prefix++;
	}
	return !*prefix;
}

/* The first string of `compatible` that ends in "-cpg-mssr", or NULL. */
static const char *cpg_compatible(const void *fdt, int node)
{
	int len = 0, pos = 0, n;
	const char *list = fdt_getprop(fdt, node, "compatible", &len);
	const char *s;

	while ((s = ipfw_strlist_next(list, len, &pos, &n))) {
		if (ends_with(s, n, "-cpg-mssr", 9))
			return s;
	}
	return NULL;
}

int ipfw_boot_rcar_from_dt(const void *fdt, struct ipfw_boot_rcar *c)
{
	const char *compat = NULL;
	int node, parent, ac, len;
	const fdt32_t *reg;
	uint64_t base = 0;

	if (!fdt || !c)
		return IPFW_E_INVAL;
	if (ipfw_dt_check(fdt, NULL))
		return IPFW_E_FDT;
	for (node = fdt_next_node(fdt, -1, NULL); node >= 0; node = fdt_next_node(fdt, node, NULL)) {
		compat = cpg_compatible(fdt, node);
		if (compat)
			break;
	}
	if (!compat)
		return node == -FDT_ERR_NOTFOUND ? IPFW_E_DT_PROP : IPFW_E_FDT;
	parent = ipfw_dt_parent(fdt, node);
	ac = parent >= 0 ? fdt_address_cells(fdt, parent) : -1;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (ac < 1 || ac > 2 || !reg || len < ac * 4)
		return IPFW_E_DT_PROP;
	for (int i = 0; i < ac; i++)
		base = (base << 32) | fdt32_to_cpu(reg[i]);
	c->phandle = fdt_get_phandle(fdt, node);
	if (!c->phandle || base > UINTPTR_MAX)
		return IPFW_E_DT_PROP;
	c->cpg.base = (uintptr_t)base;
	/* Gen4 is r8a779 + letter (a0, f0, g0, h0); Gen3 r8a7795, r8a77965, ... */
	c->cpg.layout = starts_with(compat, "renesas,r8a779") && compat[14] >= 'a' &&
				compat[14] <= 'z'
				? IPFW_CPG_GEN4
				: IPFW_CPG_GEN3;
	c->cpg.limit = (struct ipfw_poll_limit){.tries = 1000, .step_us = 1};
	c->cpg.delay = NULL;
	return IPFW_OK;
}

int ipfw_boot_rcar_hold(void *ctx, const struct ipfw_plan_master *m)
{
	const struct ipfw_boot_rcar *c = ctx;
	unsigned int held = 0;

	if (!c || !m)
		return IPFW_E_INVAL;
	for (unsigned int i = 0; i < m->nresets; i++) {
		const struct ipfw_dt_ref *r = &m->resets[i];
		int err;

		if (r->phandle != c->phandle || r->ncells != 1)
			continue;
		err = ipfw_cpg_reset_assert(&c->cpg, r->cells[0]);
		if (err)
			return err;
		/* Confirm it took: the reset register reads back held modules. */
		if (ipfw_cpg_reset_held(&c->cpg, r->cells[0]) != 1)
			return IPFW_E_READBACK;
		held++;
	}
	return held ? IPFW_OK : IPFW_E_RELEASE;
}

int ipfw_boot_rcar_release(void *ctx, const struct ipfw_plan_master *m)
{
	const struct ipfw_boot_rcar *c = ctx;

	if (!c || !m)
		return IPFW_E_INVAL;
	/* Clock first: the module reset is synchronous to its clock. */
	for (unsigned int i = 0; i < m->nclocks; i++) {
		const struct ipfw_dt_ref *r = &m->clocks[i];
		int err;

		if (r->phandle != c->phandle || r->ncells != 2 || r->cells[0] != IPFW_RCAR_CPG_MOD)
			continue;
		err = ipfw_cpg_clock_on(&c->cpg, r->cells[1]);
		if (err)
			return err;
	}
	for (unsigned int i = 0; i < m->nresets; i++) {
		const struct ipfw_dt_ref *r = &m->resets[i];
		int err;

		if (r->phandle != c->phandle || r->ncells != 1)
			continue;
		err = ipfw_cpg_reset_deassert(&c->cpg, r->cells[0]);
		if (err)
			return err;
	}
	return IPFW_OK;
}
