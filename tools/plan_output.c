/* SPDX-License-Identifier: BSD-3-Clause */
/* The plan as a table, as JSON and as a Graphviz graph (plan_output.h). */
#include "plan_output.h"

#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include <ipmmu/error.h>

#include "policy_file.h"

#define TEXT_MAX 512

/* ------------------------------------------------------------ shared */

static const char *fmt_name(enum ipfw_ipmmu_fmt f)
{
	return f == IPFW_IPMMU_FMT_S1_32 ? "s1-32" : "s2-40";
}

static bool is_root(const struct ipfw_plan_inst *pi)
{
	return pi->root == IPFW_IPMMU_IS_ROOT;
}

/* The tree's word (renesas,ipmmu-main), also for a disabled cache whose
 * root the walker leaves unresolved. */
static bool is_cache(const struct ipfw_plan *plan, size_t i)
{
	return plan->inst[i].cache;
}

/* A node's path, in one of four rotating buffers (several per printf). */
static const char *npath(const struct ipfw_plan *plan, int32_t node)
{
	static char buf[4][4096];
	static unsigned int next;
	char *b = buf[next++ % 4u];

	if (ipfw_plan_path(plan, node, b, sizeof(buf[0])) < 0 && !b[0])
		snprintf(b, sizeof(buf[0]), "(node at offset %d)", (int)node);
	return b;
}

static unsigned int count_level(const struct ipfw_plan *plan, enum ipfw_diag_level l)
{
	unsigned int n = 0;

	for (size_t i = 0; i < plan->ndiags; i++)
		n += plan->diags[i].level == l;
	return n;
}

/* "usable", "disabled", "unusable: IPFW_E_..." */
static void inst_state(const struct ipfw_plan *plan, size_t i, char *buf, size_t len)
{
	const struct ipfw_plan_inst *pi = &plan->inst[i];
	int code = 0;

	if (!pi->enabled) {
		snprintf(buf, len, "disabled");
		return;
	}
	if (pi->unpowered) {
		snprintf(buf, len, "unpowered: not touched");
		return;
	}
	if (pi->usable) {
		snprintf(buf, len, "usable%s",
			 is_root(pi) && pi->hw.verdict != IPFW_SOC_ALLOWED ? " (denylist overridden)" : "");
		return;
	}
	if (pi->err)
		code = pi->err;
	else if (!pi->hw.hw)
		code = IPFW_E_NOSOC;
	else if (is_root(pi) ? pi->hw.verdict != IPFW_SOC_ALLOWED
			     : pi->root >= 0 && plan->inst[pi->root].hw.verdict != IPFW_SOC_ALLOWED)
		code = IPFW_E_DENYLISTED;
	else
		code = IPFW_E_NOROOT;
	snprintf(buf, len, "unusable: %s", ipfw_errname(code));
}

static void inst_role(const struct ipfw_plan *plan, size_t i, char *buf, size_t len)
{
	const struct ipfw_plan_inst *pi = &plan->inst[i];

	if (!is_cache(plan, i))
		snprintf(buf, len, "root");
	else if (pi->root >= 0 && (size_t)pi->root < plan->ninst && !is_root(pi))
		snprintf(buf, len, "cache of %s", plan->inst[pi->root].name);
	else
		snprintf(buf, len, "cache, no root");
}

/* "iommu@e6740000 0-15; iommu@e7740000 32" */
static void utlb_list(const struct ipfw_plan *plan, const struct ipfw_plan_master *pm, char *buf,
		      size_t len)
{
	size_t pos = 0;

	buf[0] = '\0';
	for (size_t k = 0; k < pm->nutlbs && pos < len; k++) {
		const struct ipfw_plan_utlb *u = &plan->utlbs[pm->first_utlb + k];
		const struct ipfw_plan_utlb *prev = k ? u - 1 : NULL;
		size_t run = k;
		int n;

		/* extend over consecutive uTLBs of the same instance */
		while (run + 1 < pm->nutlbs && plan->utlbs[pm->first_utlb + run + 1].inst == u->inst &&
		       plan->utlbs[pm->first_utlb + run + 1].id ==
			       plan->utlbs[pm->first_utlb + run].id + 1)
			run++;
		if (!prev || prev->inst != u->inst)
			n = snprintf(buf + pos, len - pos, "%s%s ", k ? "; " : "",
				     plan->inst[u->inst].name);
		else
			n = snprintf(buf + pos, len - pos, ",");
		pos += n > 0 ? (size_t)n : 0;
		if (pos >= len)
			break;
		if (run > k)
			n = snprintf(buf + pos, len - pos, "%u-%u", u->id,
				     plan->utlbs[pm->first_utlb + run].id);
		else
			n = snprintf(buf + pos, len - pos, "%u", u->id);
		pos += n > 0 ? (size_t)n : 0;
		k = run;
	}
	if (!pm->nutlbs)
		snprintf(buf, len, "-");
}

static void size_str(uint64_t size, char *buf, size_t len)
{
	if (size >= (1ull << 30) && !(size & ((1ull << 30) - 1)))
		snprintf(buf, len, "%" PRIu64 " GiB", size >> 30);
	else if (size >= (1ull << 20) && !(size & ((1ull << 20) - 1)))
		snprintf(buf, len, "%" PRIu64 " MiB", size >> 20);
	else
		snprintf(buf, len, "%" PRIu64 " KiB", size >> 10);
}

static const char *domain_name(const struct ipfw_plan *plan, int16_t d)
{
	return d >= 0 && (size_t)d < plan->ndomains ? plan->domains[d].name : NULL;
}

static int domain_ctx(const struct ipfw_plan *plan, int16_t d)
{
	return d >= 0 && (size_t)d < plan->ndomains ? plan->domains[d].ctx : -1;
}

/* ------------------------------------------------------------ table */

struct col {
	const char *title;
	int width;
};

static void widen(struct col *c, const char *s)
{
	int n = (int)strlen(s);

	if (n > c->width)
		c->width = n;
}

static void table_ipmmus(FILE *out, const struct ipfw_plan *plan)
{
	struct col c[5] = {{"IPMMU", 5}, {"base", 4}, {"role", 4}, {"SoC", 3}, {"state", 5}};
	char role[TEXT_MAX], state[TEXT_MAX];

	for (size_t i = 0; i < plan->ninst; i++) {
		inst_role(plan, i, role, sizeof(role));
		widen(&c[0], plan->inst[i].name);
		widen(&c[2], role);
		widen(&c[3], plan->inst[i].hw.name ? plan->inst[i].hw.name : "?");
	}
	c[1].width = 10;
	fprintf(out, "%-*s  %-*s  %-*s  %-*s  %s\n", c[0].width, c[0].title, c[1].width, c[1].title,
		c[2].width, c[2].title, c[3].width, c[3].title, c[4].title);
	for (size_t i = 0; i < plan->ninst; i++) {
		const struct ipfw_plan_inst *pi = &plan->inst[i];

		inst_role(plan, i, role, sizeof(role));
		inst_state(plan, i, state, sizeof(state));
		fprintf(out, "%-*s  0x%08" PRIx64 "  %-*s  %-*s  %s\n", c[0].width, pi->name, pi->base,
			c[2].width, role, c[3].width, pi->hw.name ? pi->hw.name : "?", state);
	}
}

static void table_masters(FILE *out, const struct ipfw_plan *plan)
{
	struct col c[4] = {{"master", 6}, {"action", 6}, {"domain", 6}, {"ctx", 3}};
	char utlbs[TEXT_MAX];

	for (size_t m = 0; m < plan->nmasters; m++) {
		const char *dn = domain_name(plan, plan->masters[m].domain);

		widen(&c[0], npath(plan, plan->masters[m].node));
		widen(&c[1], ipfw_action_name(plan->masters[m].action));
		widen(&c[2], dn ? dn : "-");
	}
	fprintf(out, "%-*s  %-*s  %-*s  %-*s  %s\n", c[0].width, c[0].title, c[1].width,
		c[1].title, c[2].width, c[2].title, c[3].width, c[3].title, "uTLBs");
	for (size_t m = 0; m < plan->nmasters; m++) {
		const struct ipfw_plan_master *pm = &plan->masters[m];
		const char *dn = domain_name(plan, pm->domain);
		int ctx = pm->action == IPFW_ACT_DENY ? -1 : domain_ctx(plan, pm->domain);
		char ctxs[16] = "-";

		if (ctx >= 0)
			snprintf(ctxs, sizeof(ctxs), "%d", ctx);
		utlb_list(plan, pm, utlbs, sizeof(utlbs));
		fprintf(out, "%-*s  %-*s  %-*s  %-*s  %s", c[0].width, npath(plan, pm->node), c[1].width,
			ipfw_action_name(pm->action), c[2].width,
			pm->action == IPFW_ACT_DENY || !dn ? "-" : dn, c[3].width, ctxs, utlbs);
		if (pm->action == IPFW_ACT_DENY)
			fprintf(out, "  held: %s", ipfw_errname(pm->err));
		else if (pm->unbound)
			fprintf(out, "  (no IOMMU binding)");
		fputc('\n', out);
	}
}

static void table_domains(FILE *out, const struct ipfw_plan *plan)
{
	struct col c[3] = {{"domain", 6}, {"action", 6}, {"root", 4}};
	char attrs[64], size[32];

	if (!plan->ndomains) {
		fprintf(out, "(no domains)\n");
		return;
	}
	for (size_t d = 0; d < plan->ndomains; d++) {
		widen(&c[0], plan->domains[d].name);
		widen(&c[1], ipfw_action_name(plan->domains[d].action));
		widen(&c[2], plan->inst[plan->domains[d].root].name);
	}
	fprintf(out, "%-*s  %-*s  %-*s  ctx  masters  tables  pool\n", c[0].width, c[0].title,
		c[1].width, c[1].title, c[2].width, c[2].title);
	for (size_t d = 0; d < plan->ndomains; d++) {
		const struct ipfw_plan_domain *pd = &plan->domains[d];
		char ctxs[16] = "-", pool[32] = "-";

		if (pd->ctx >= 0)
			snprintf(ctxs, sizeof(ctxs), "%d", pd->ctx);
		if (!pd->err && pd->tables)
			snprintf(pool, sizeof(pool), "%" PRIu32 "-%" PRIu32, pd->pool_first,
				 pd->pool_first + pd->tables - 1u);
		fprintf(out, "%-*s  %-*s  %-*s  %-3s  %-7u  %-6" PRIu32 "  %s", c[0].width, pd->name,
			c[1].width, ipfw_action_name(pd->action), c[2].width,
			plan->inst[pd->root].name, ctxs, pd->nmasters, pd->tables, pool);
		if (pd->err)
			fprintf(out, "  failed: %s", ipfw_errname(pd->err));
		fputc('\n', out);
		for (size_t i = 0; i < pd->nregions; i++) {
			const struct ipfw_plan_region *r = &plan->regions[pd->first_region + i];

			ipfw_policy_file_attrs_str(r->attrs, r->handoff, attrs, sizeof(attrs));
			size_str(r->size, size, sizeof(size));
			fprintf(out, "  iova 0x%010" PRIx64 "-0x%010" PRIx64 " -> pa 0x%010" PRIx64
				     "  %s  %s\n",
				r->iova, r->iova + r->size - 1u, r->pa, size, attrs);
		}
	}
}

/* Likely DMA masters with no IOMMU binding: said plainly, they are not confined. */
static void print_unprotected(FILE *out, const struct ipfw_plan *plan)
{
	size_t accepted = 0;

	if (!plan->nunprotected)
		return;
	for (size_t i = 0; i < plan->nunprotected; i++)
		accepted += plan->unprotected[i].accepted;
	fprintf(out, "\noutside the IOMMU's protection: %zu likely DMA master%s with no IOMMU "
		     "binding (no iommus, no iommu-map)\n"
		     "  they can read and write all of memory; list each as 'unbound' to hold it in "
		     "reset, or as 'unprotected' to accept it\n",
		plan->nunprotected + plan->unprotected_dropped,
		plan->nunprotected + plan->unprotected_dropped == 1 ? "" : "s");
	for (size_t i = 0; i < plan->nunprotected; i++) {
		const struct ipfw_plan_unprotected *u = &plan->unprotected[i];

		fprintf(out, "  %-40s %s%s\n", npath(plan, u->node), ipfw_plan_dma_ip_name(plan, u->kind),
			u->accepted ? "  (accepted by the policy)" : "");
	}
	if (plan->unprotected_dropped)
		fprintf(out, "  (%zu more not recorded)\n", plan->unprotected_dropped);
	(void)accepted;
}

void plan_print_table(FILE *out, const struct ipfw_plan *plan, const struct ipfw_policy *pol)
{
	char text[TEXT_MAX], size[32];
	unsigned int roots = 0, warnings = count_level(plan, IPFW_DIAG_WARNING);

	for (size_t i = 0; i < plan->ninst; i++)
		roots += !is_cache(plan, i);
	fprintf(out,
		"plan: %zu IPMMUs (%u root%s), %zu masters, %zu domains, %" PRIu32
		" of %" PRIu32 " page tables; %u error%s, %u warning%s\n",
		plan->ninst, roots, roots == 1 ? "" : "s", plan->nmasters, plan->ndomains,
		plan->pool_tables_needed, pol->pool_tables, plan->nerrors,
		plan->nerrors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
	fprintf(out, "format: %s\n", fmt_name(plan->fmt));
	for (size_t i = 0; i < plan->nmem; i++) {
		size_str(plan->mem[i].size, size, sizeof(size));
		fprintf(out, "memory: 0x%010" PRIx64 "-0x%010" PRIx64 " (%s)\n", plan->mem[i].base,
			plan->mem[i].base + plan->mem[i].size - 1u, size);
	}
	fputc('\n', out);
	table_ipmmus(out, plan);
	fputc('\n', out);
	table_masters(out, plan);
	fputc('\n', out);
	table_domains(out, plan);
	fprintf(out, "\ndiagnostics:%s\n", plan->ndiags ? "" : " none");
	for (size_t i = 0; i < plan->ndiags; i++) {
		ipfw_plan_diag_format(plan, &plan->diags[i], text, sizeof(text));
		fprintf(out, "  %s\n", text);
	}
	if (plan->diags_dropped)
		fprintf(out, "  (%zu more not recorded)\n", plan->diags_dropped);
	print_unprotected(out, plan);
}

/* ------------------------------------------------------------ JSON */

static void json_str(FILE *out, const char *s)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(out, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(out, "\\u%04x", ch);
		else
			fputc(ch, out);
	}
	fputc('"', out);
}

static void json_hex(FILE *out, uint64_t v)
{
	fprintf(out, "\"0x%" PRIx64 "\"", v);
}

static void json_int_or_null(FILE *out, long v)
{
	if (v < 0)
		fputs("null", out);
	else
		fprintf(out, "%ld", v);
}

static void json_ipmmus(FILE *out, const struct ipfw_plan *plan)
{
	char state[TEXT_MAX];

	fputs("  \"ipmmus\": [", out);
	for (size_t i = 0; i < plan->ninst; i++) {
		const struct ipfw_plan_inst *pi = &plan->inst[i];

		inst_state(plan, i, state, sizeof(state));
		fprintf(out, "%s\n    {\"name\": ", i ? "," : "");
		json_str(out, pi->name);
		fputs(", \"path\": ", out);
		json_str(out, npath(plan, pi->node));
		fputs(", \"base\": ", out);
		json_hex(out, pi->base);
		fputs(", \"soc\": ", out);
		json_str(out, pi->hw.name);
		fputs(", \"root\": ", out);
		json_str(out, is_cache(plan, i) && !is_root(pi) && pi->root >= 0 &&
					      (size_t)pi->root < plan->ninst
				      ? plan->inst[pi->root].name
				      : NULL);
		fprintf(out, ", \"is_root\": %s, \"enabled\": %s, \"usable\": %s, \"verdict\": ",
			is_cache(plan, i) ? "false" : "true", pi->enabled ? "true" : "false",
			pi->usable ? "true" : "false");
		/* the denylist decides at the root; a cache follows its root */
		json_str(out, ipfw_soc_verdict_name(is_root(pi) ? (enum ipfw_soc_verdict)pi->hw.verdict
							       : IPFW_SOC_ALLOWED));
		fputs(", \"state\": ", out);
		json_str(out, state);
		fputc('}', out);
	}
	fputs("\n  ],\n", out);
}

static void json_refs(FILE *out, const char *name, const struct ipfw_dt_ref *refs, unsigned int n)
{
	fprintf(out, ", \"%s\": [", name);
	for (unsigned int i = 0; i < n; i++) {
		fputs(i ? ", [" : "[", out);
		for (unsigned int c = 0; c < refs[i].ncells && c < IPFW_DT_REF_CELLS_MAX; c++)
			fprintf(out, "%s%" PRIu32, c ? ", " : "", refs[i].cells[c]);
		fputc(']', out);
	}
	fputc(']', out);
}

static void json_masters(FILE *out, const struct ipfw_plan *plan)
{
	fputs("  \"masters\": [", out);
	for (size_t m = 0; m < plan->nmasters; m++) {
		const struct ipfw_plan_master *pm = &plan->masters[m];
		bool deny = pm->action == IPFW_ACT_DENY;

		fprintf(out, "%s\n    {\"path\": ", m ? "," : "");
		json_str(out, npath(plan, pm->node));
		fputs(", \"action\": ", out);
		json_str(out, ipfw_action_name(pm->action));
		fputs(", \"domain\": ", out);
		json_str(out, deny ? NULL : domain_name(plan, pm->domain));
		fputs(", \"context\": ", out);
		json_int_or_null(out, deny ? -1 : domain_ctx(plan, pm->domain));
		fputs(", \"error\": ", out);
		json_str(out, deny ? ipfw_errname(pm->err) : NULL);
		fprintf(out, ", \"unbound\": %s, \"pci_host\": %s, \"utlbs\": [",
			pm->unbound ? "true" : "false", pm->pci_host ? "true" : "false");
		for (size_t k = 0; k < pm->nutlbs; k++) {
			const struct ipfw_plan_utlb *u = &plan->utlbs[pm->first_utlb + k];

			fprintf(out, "%s{\"ipmmu\": ", k ? ", " : "");
			json_str(out, plan->inst[u->inst].name);
			fprintf(out, ", \"utlb\": %u}", u->id);
		}
		fputc(']', out);
		json_refs(out, "resets", pm->resets, pm->nresets);
		json_refs(out, "clocks", pm->clocks, pm->nclocks);
		fputc('}', out);
	}
	fputs("\n  ],\n", out);
}

static void json_domains(FILE *out, const struct ipfw_plan *plan)
{
	char attrs[64];

	fputs("  \"domains\": [", out);
	for (size_t d = 0; d < plan->ndomains; d++) {
		const struct ipfw_plan_domain *pd = &plan->domains[d];

		fprintf(out, "%s\n    {\"name\": ", d ? "," : "");
		json_str(out, pd->name);
		fputs(", \"action\": ", out);
		json_str(out, ipfw_action_name(pd->action));
		fputs(", \"root\": ", out);
		json_str(out, plan->inst[pd->root].name);
		fputs(", \"context\": ", out);
		json_int_or_null(out, pd->ctx);
		fprintf(out, ", \"masters\": %u, \"tables\": %" PRIu32 ", \"pool_first\": %" PRIu32
			     ", \"error\": ",
			pd->nmasters, pd->tables, pd->pool_first);
		json_str(out, pd->err ? ipfw_errname(pd->err) : NULL);
		fputs(", \"regions\": [", out);
		for (size_t i = 0; i < pd->nregions; i++) {
			const struct ipfw_plan_region *r = &plan->regions[pd->first_region + i];

			ipfw_policy_file_attrs_str(r->attrs, r->handoff, attrs, sizeof(attrs));
			fprintf(out, "%s{\"iova\": ", i ? ", " : "");
			json_hex(out, r->iova);
			fputs(", \"pa\": ", out);
			json_hex(out, r->pa);
			fputs(", \"size\": ", out);
			json_hex(out, r->size);
			fputs(", \"attrs\": ", out);
			json_str(out, attrs);
			fputc('}', out);
		}
		fputs("]}", out);
	}
	fputs("\n  ],\n", out);
}

static void json_diags(FILE *out, const struct ipfw_plan *plan)
{
	char text[TEXT_MAX];

	fputs("  \"diagnostics\": [", out);
	for (size_t i = 0; i < plan->ndiags; i++) {
		const struct ipfw_plan_diag *d = &plan->diags[i];

		ipfw_plan_diag_format(plan, d, text, sizeof(text));
		fprintf(out, "%s\n    {\"level\": ", i ? "," : "");
		json_str(out, ipfw_diag_level_name(d->level));
		fputs(", \"code\": ", out);
		json_str(out, d->code ? ipfw_errname(d->code) : NULL);
		fputs(", \"what\": ", out);
		json_str(out, d->what);
		fputs(", \"path\": ", out);
		json_str(out, d->path ? d->path : d->node >= 0 ? npath(plan, d->node) : NULL);
		fputs(", \"prop\": ", out);
		json_str(out, d->prop);
		fputs(", \"index\": ", out);
		json_int_or_null(out, d->index);
		fputs(", \"master\": ", out);
		json_str(out, d->master >= 0 && (size_t)d->master < plan->nmasters
				      ? npath(plan, plan->masters[d->master].node) : NULL);
		fputs(", \"other\": ", out);
		json_str(out, d->other >= 0 && (size_t)d->other < plan->nmasters
				      ? npath(plan, plan->masters[d->other].node) : NULL);
		fputs(", \"ipmmu\": ", out);
		json_str(out, d->inst >= 0 && (size_t)d->inst < plan->ninst ? plan->inst[d->inst].name
									   : NULL);
		fputs(", \"utlb\": ", out);
		json_int_or_null(out, d->utlb);
		fputs(", \"text\": ", out);
		json_str(out, text);
		fputc('}', out);
	}
	fputs("\n  ]\n", out);
}

void plan_print_json(FILE *out, const struct ipfw_plan *plan, const struct ipfw_policy *pol)
{
	fputs("{\n  \"format\": ", out);
	json_str(out, fmt_name(plan->fmt));
	fprintf(out,
		",\n  \"errors\": %u,\n  \"warnings\": %u,\n  \"diagnostics_dropped\": %zu,\n"
		"  \"pool_tables\": {\"needed\": %" PRIu32 ", \"size\": %" PRIu32 "},\n"
		"  \"unprotected\": [",
		plan->nerrors, count_level(plan, IPFW_DIAG_WARNING), plan->diags_dropped,
		plan->pool_tables_needed, pol->pool_tables);
	/* likely DMA masters with no IOMMU binding: outside the IOMMU's protection */
	for (size_t i = 0; i < plan->nunprotected; i++) {
		fprintf(out, "%s{\"path\": ", i ? ", " : "");
		json_str(out, npath(plan, plan->unprotected[i].node));
		fputs(", \"kind\": ", out);
		json_str(out, ipfw_plan_dma_ip_name(plan, plan->unprotected[i].kind));
		fprintf(out, ", \"accepted\": %s}", plan->unprotected[i].accepted ? "true" : "false");
	}
	fputs("],\n  \"memory\": [", out);
	for (size_t i = 0; i < plan->nmem; i++) {
		fprintf(out, "%s{\"base\": ", i ? ", " : "");
		json_hex(out, plan->mem[i].base);
		fputs(", \"size\": ", out);
		json_hex(out, plan->mem[i].size);
		fputc('}', out);
	}
	fputs("],\n", out);
	json_ipmmus(out, plan);
	json_masters(out, plan);
	json_domains(out, plan);
	json_diags(out, plan);
	fputs("}\n", out);
}

/* ------------------------------------------------------------ Graphviz */

static void dot_label(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '\n') {
			fputs("\\n", out);
			continue;
		}
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

/* Has (inst, utlb) appeared for a master before m? Nodes are declared once. */
/* Does master m use uTLB utlb of instance inst? */
static bool uses_utlb(const struct ipfw_plan *plan, size_t m, unsigned int inst, unsigned int utlb)
{
	const struct ipfw_plan_master *pm = &plan->masters[m];

	for (size_t k = 0; k < pm->nutlbs; k++) {
		const struct ipfw_plan_utlb *u = &plan->utlbs[pm->first_utlb + k];

		if (u->inst == inst && u->id == utlb)
			return true;
	}
	return false;
}

/* Do uTLBs a and b of inst serve the same masters (so one node can stand for both)? */
static bool same_users(const struct ipfw_plan *plan, unsigned int inst, unsigned int a,
		       unsigned int b)
{
	for (size_t m = 0; m < plan->nmasters; m++) {
		if (uses_utlb(plan, m, inst, a) != uses_utlb(plan, m, inst, b))
			return false;
	}
	return true;
}

static bool used(const struct ipfw_plan *plan, unsigned int inst, unsigned int utlb)
{
	for (size_t m = 0; m < plan->nmasters; m++) {
		if (uses_utlb(plan, m, inst, utlb))
			return true;
	}
	return false;
}

/* The context the masters of uTLB utlb of inst reach, -1 when none. */
static int utlb_ctx(const struct ipfw_plan *plan, unsigned int inst, unsigned int utlb)
{
	for (size_t m = 0; m < plan->nmasters; m++) {
		const struct ipfw_plan_master *pm = &plan->masters[m];

		if (pm->action != IPFW_ACT_DENY && uses_utlb(plan, m, inst, utlb))
			return domain_ctx(plan, pm->domain);
	}
	return -1;
}

/*
 * uTLBs as runs: consecutive uTLBs of one IPMMU that serve exactly the same
 * masters are one node ("uTLB 0-15" for a 16-channel DMAC), so a whole SoC
 * fits one screen while every shared uTLB still shows who shares it.
 */
static void dot_utlb_runs(FILE *out, const struct ipfw_plan *plan)
{
	char text[TEXT_MAX];

	for (unsigned int i = 0; i < plan->ninst; i++) {
		unsigned int top = 0;

		for (size_t k = 0; k < plan->nutlbs; k++) {
			if (plan->utlbs[k].inst == i && plan->utlbs[k].id + 1u > top)
				top = plan->utlbs[k].id + 1u;
		}
		for (unsigned int a = 0; a < top; a++) {
			unsigned int b = a;
			int ctx;

			if (!used(plan, i, a))
				continue;
			ctx = utlb_ctx(plan, i, a);
			while (b + 1 < top && used(plan, i, b + 1) && same_users(plan, i, a, b + 1) &&
			       utlb_ctx(plan, i, b + 1) == ctx)
				b++;
			if (a == b)
				snprintf(text, sizeof(text), "uTLB %u", a);
			else
				snprintf(text, sizeof(text), "uTLB %u-%u", a, b);
			if (ctx >= 0)
				snprintf(text + strlen(text), sizeof(text) - strlen(text), "\nctx %d", ctx);
			fprintf(out, "\tu%u_%u [shape=ellipse, label=", i, a);
			dot_label(out, text);
			fputs("];\n", out);
			fprintf(out, "\tu%u_%u -> i%u;\n", i, a, i);
			for (size_t m = 0; m < plan->nmasters; m++) {
				if (uses_utlb(plan, m, i, a))
					fprintf(out, "\tm%zu -> u%u_%u%s;\n", m, i, a,
						plan->masters[m].action == IPFW_ACT_DENY
							? " [style=dashed, color=red]"
							: "");
			}
			a = b;
		}
	}
}

void plan_print_dot(FILE *out, const struct ipfw_plan *plan)
{
	char text[TEXT_MAX];

	fputs("digraph plan {\n\trankdir=LR;\n\tnode [shape=box, fontname=\"monospace\"];\n", out);
	/* masters */
	for (size_t m = 0; m < plan->nmasters; m++) {
		const struct ipfw_plan_master *pm = &plan->masters[m];
		bool deny = pm->action == IPFW_ACT_DENY;

		if (deny)
			snprintf(text, sizeof(text), "%s\ndeny: %s", npath(plan, pm->node), ipfw_errname(pm->err));
		else
			snprintf(text, sizeof(text), "%s\n%s", npath(plan, pm->node), ipfw_action_name(pm->action));
		fprintf(out, "\tm%zu [label=", m);
		dot_label(out, text);
		fprintf(out, ", color=%s];\n",
			deny ? "red" : pm->action == IPFW_ACT_BYPASS ? "orange" : "darkgreen");
	}
	/* uTLBs, in runs, and each master's edges to them */
	dot_utlb_runs(out, plan);
	/* IPMMUs: caches point at their root */
	for (size_t i = 0; i < plan->ninst; i++) {
		const struct ipfw_plan_inst *pi = &plan->inst[i];

		inst_state(plan, i, text, sizeof(text));
		fprintf(out, "\ti%zu [shape=component, label=", i);
		{
			char label[TEXT_MAX + 256];

			snprintf(label, sizeof(label), "%s\n%s\n%s", pi->name,
				 is_cache(plan, i) ? "cache" : "root", text);
			dot_label(out, label);
		}
		fprintf(out, "%s];\n", pi->usable ? "" : ", color=red");
		if (is_cache(plan, i) && !is_root(pi) && pi->root >= 0 &&
		    (size_t)pi->root < plan->ninst)
			fprintf(out, "\ti%zu -> i%d;\n", i, pi->root);
	}
	/* contexts on their roots */
	for (size_t d = 0; d < plan->ndomains; d++) {
		const struct ipfw_plan_domain *pd = &plan->domains[d];
		char label[TEXT_MAX];

		if (pd->ctx < 0)
			continue;
		snprintf(label, sizeof(label), "ctx %d\n%s (%s)%s%s", pd->ctx, pd->name,
			 ipfw_action_name(pd->action), pd->err ? "\nfailed: " : "",
			 pd->err ? ipfw_errname(pd->err) : "");
		fprintf(out, "\tc%u_%d [shape=oval, style=filled, fillcolor=lightgrey, label=",
			pd->root, pd->ctx);
		dot_label(out, label);
		fputs("];\n", out);
		fprintf(out, "\ti%u -> c%u_%d;\n", pd->root, pd->root, pd->ctx);
	}
	fputs("}\n", out);
}
