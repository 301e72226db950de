/* SPDX-License-Identifier: BSD-3-Clause */
/* The policy file parser (policy_file.h, docs/policy.md). Host code. */
#include "policy_file.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 80
#define MAX_MAPS_PER_RULE IPFW_PLAN_MAX_REGIONS
#define PA_LIMIT (1ull << 40) /* 40-bit output addresses (lpae.h) */
#define PAGE 0x1000ull

/* Singleton global lines, by index: where each was first given. */
enum { G_DEFAULT, G_FORMAT, G_IDATTRS, G_RESERVE, G_POOL, G_REV, G_OVERRIDE, G_COUNT };
static const char *const global_names[G_COUNT] = {
	"default", "format", "identity-attrs", "reserve-ctx", "pool-tables", "soc-rev",
	"soc-override",
};

struct parser {
	struct ipfw_policy_file *pf;
	ipfw_policy_file_err_fn *err;
	void *ctx;
	unsigned int line;
	int problems;
	bool oom;
	unsigned int seen[G_COUNT];
	size_t cap_rules, cap_unbound, cap_unpowered, cap_unprotected, cap_powered, cap_allocs;
	unsigned int *unbound_line;
	unsigned int *unprotected_line;
	unsigned int *powered_line;
	unsigned int *unpowered_line;
};

static void report(struct parser *p, const char *msg)
{
	p->problems++;
	if (p->err)
		p->err(p->ctx, p->line, msg);
}

/* A problem on the current line, printf-style (a macro: no va_list). */
#define complain(p, ...)                                         \
	do {                                                     \
		char complain_msg_[256];                         \
                                                                 \
		snprintf(complain_msg_, sizeof(complain_msg_), __VA_ARGS__); \
		report((p), complain_msg_);                      \
	} while (0)

/* Grow *arr (elements of `size` bytes) to hold n + 1. */
static bool grow(struct parser *p, void **arr, size_t *cap, size_t n, size_t size)
{
	void *na;
	size_t nc;

	if (n < *cap)
		return true;
	nc = *cap ? *cap * 2 : 8;
	na = realloc(*arr, nc * size);
	if (!na) {
		p->oom = true;
		return false;
	}
	*arr = na;
	*cap = nc;
	return true;
}

/* Keep `mem` for pf's lifetime; false (and mem freed) when out of memory. */
static bool keep(struct parser *p, void *mem)
{
	struct ipfw_policy_file *pf = p->pf;

	if (!mem || !grow(p, (void **)&pf->allocs, &p->cap_allocs, pf->nallocs, sizeof(void *))) {
		free(mem);
		p->oom = true;
		return false;
	}
	pf->allocs[pf->nallocs++] = mem;
	return true;
}

static char *keep_str(struct parser *p, const char *s)
{
	size_t n = strlen(s) + 1;
	char *c = malloc(n);

	if (c)
		memcpy(c, s, n);
	return keep(p, c) ? c : NULL;
}

/* Next token of *cur split at any of delims (strtok_r without POSIX). */
static char *next_token(char **cur, const char *delims)
{
	char *s = *cur, *start;

	while (*s && strchr(delims, *s))
		s++;
	if (!*s) {
		*cur = s;
		return NULL;
	}
	start = s;
	while (*s && !strchr(delims, *s))
		s++;
	if (*s)
		*s++ = '\0';
	*cur = s;
	return start;
}

/* ------------------------------------------------------------ numbers */

/* Decimal, or hex with 0x (or always hex with force_hex); the whole word. */
static bool parse_u64(const char *s, uint64_t *out, bool force_hex)
{
	int base = force_hex ? 16 : 10;
	char *end;
	unsigned long long v;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!isxdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

/* A number with an optional K, M or G suffix (binary units). */
static bool parse_size(const char *s, uint64_t *out)
{
	char buf[32];
	size_t n = strlen(s);
	unsigned int shift = 0;
	uint64_t v;

	if (!n || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n + 1);
	switch (buf[n - 1]) {
	case 'K': shift = 10; break;
	case 'M': shift = 20; break;
	case 'G': shift = 30; break;
	default: break;
	}
	if (shift)
		buf[n - 1] = '\0';
	if (!parse_u64(buf, &v, false) || (shift && v > (UINT64_MAX >> shift)))
		return false;
	*out = v << shift;
	return true;
}

/* ------------------------------------------------------------ attributes */

/* "rw,wb,xn,handoff" into IPFW_LPAE_* bits; the problem into why. */
static bool parse_attrs(const char *s, bool allow_handoff, uint32_t *attrs, bool *handoff,
			char *why, size_t whylen)
{
	static const struct {
		const char *name;
		uint32_t bits;
	} words[] = {
		{"r", IPFW_LPAE_READ}, {"w", IPFW_LPAE_WRITE}, {"rw", IPFW_LPAE_RW},
		{"xn", IPFW_LPAE_XN}, {"priv", IPFW_LPAE_PRIV}, {"wb", IPFW_LPAE_WB},
		{"nc", IPFW_LPAE_NC}, {"dev", IPFW_LPAE_DEVICE},
	};
	char buf[128];
	char *save = buf;
	unsigned int mems = 0;

	*attrs = 0;
	*handoff = false;
	if (strlen(s) >= sizeof(buf)) {
		snprintf(why, whylen, "attributes too long");
		return false;
	}
	memcpy(buf, s, strlen(s) + 1);
	for (char *w = next_token(&save, ","); w; w = next_token(&save, ",")) {
		bool found = false;

		if (allow_handoff && !strcmp(w, "handoff")) {
			*handoff = true;
			continue;
		}
		for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
			if (strcmp(w, words[i].name) != 0)
				continue;
			found = true;
			*attrs |= words[i].bits;
			mems += (words[i].bits & IPFW_LPAE_MEM_MASK) != 0;
		}
		if (!found) {
			snprintf(why, whylen,
				 "unknown attribute '%s' (expected r, w, rw, xn, priv, wb, nc, dev%s)",
				 w, allow_handoff ? ", handoff" : "");
			return false;
		}
	}
	if (!(*attrs & IPFW_LPAE_RW)) {
		snprintf(why, whylen, "attributes '%s' give no access: add r, w or rw", s);
		return false;
	}
	if (mems != 1) {
		snprintf(why, whylen, "attributes '%s' need exactly one memory type: wb, nc or dev",
			 s);
		return false;
	}
	return true;
}

void ipfw_policy_file_attrs_str(unsigned int attrs, int handoff, char *buf, size_t len)
{
	unsigned int mem = attrs & IPFW_LPAE_MEM_MASK;

	snprintf(buf, len, "%s%s%s%s%s%s", (attrs & IPFW_LPAE_READ) ? "r" : "",
		 (attrs & IPFW_LPAE_WRITE) ? "w" : "",
		 mem == IPFW_LPAE_WB ? ",wb" : mem == IPFW_LPAE_NC ? ",nc"
					     : mem == IPFW_LPAE_DEVICE ? ",dev" : "",
		 (attrs & IPFW_LPAE_XN) ? ",xn" : "", (attrs & IPFW_LPAE_PRIV) ? ",priv" : "",
		 handoff ? ",handoff" : "");
}

/* ------------------------------------------------------------ rules */

static bool parse_action(const char *s, enum ipfw_action *a)
{
	static const struct {
		const char *name;
		enum ipfw_action act;
	} acts[] = {
		{"translate", IPFW_ACT_TRANSLATE}, {"identity", IPFW_ACT_IDENTITY},
		{"bypass", IPFW_ACT_BYPASS}, {"deny", IPFW_ACT_DENY},
	};

	for (size_t i = 0; i < sizeof(acts) / sizeof(acts[0]); i++) {
		if (!strcmp(s, acts[i].name)) {
			*a = acts[i].act;
			return true;
		}
	}
	return false;
}

static bool valid_path(struct parser *p, const char *what, const char *path)
{
	if (path[0] != '/') {
		complain(p, "%s '%s': a node path starts with '/'", what, path);
		return false;
	}
	return true; /* any length: the library matches paths in the blob */
}

/* Domain names are labels in the report: short ones. */
#define POLICY_NAME_MAX 24

static bool valid_domain(struct parser *p, const char *name)
{
	size_t n = strlen(name);

	if (!n || n >= POLICY_NAME_MAX) {
		complain(p, "domain name '%s' must be 1 to %d characters", name,
			 POLICY_NAME_MAX - 1);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (!isalnum(c) && c != '-' && c != '_' && c != '.') {
			complain(p, "domain name '%s': only letters, digits, '-', '_' and '.'",
				 name);
			return false;
		}
	}
	return true;
}

/* "IOVA:PA:SIZE:ATTRS" */
static bool parse_map(struct parser *p, const char *s, struct ipfw_policy_map *m)
{
	char buf[160];
	char *f[4];
	char *cur;
	char why[160];
	uint32_t attrs;
	bool handoff;

	if (strlen(s) >= sizeof(buf)) {
		complain(p, "map=%s: too long", s);
		return false;
	}
	memcpy(buf, s, strlen(s) + 1);
	cur = buf;
	for (int i = 0; i < 4; i++) {
		f[i] = cur;
		cur = i < 3 ? strchr(cur, ':') : NULL;
		if (i < 3 && !cur) {
			complain(p, "map=%s: expected IOVA:PA:SIZE:ATTRS", s);
			return false;
		}
		if (cur)
			*cur++ = '\0';
	}
	if (!parse_u64(f[0], &m->iova, false)) {
		complain(p, "map=%s: IOVA '%s' is not a number", s, f[0]);
		return false;
	}
	if (!parse_u64(f[1], &m->pa, false)) {
		complain(p, "map=%s: PA '%s' is not a number", s, f[1]);
		return false;
	}
	if (!parse_size(f[2], &m->size)) {
		complain(p, "map=%s: SIZE '%s' is not a number (K, M, G suffixes allowed)", s, f[2]);
		return false;
	}
	if (!parse_attrs(f[3], true, &attrs, &handoff, why, sizeof(why))) {
		complain(p, "map=%s: %s", s, why);
		return false;
	}
	m->attrs = attrs;
	m->handoff = handoff;
	if (!m->size || (m->iova | m->pa | m->size) & (PAGE - 1u)) {
		complain(p, "map=%s: IOVA, PA and SIZE must be non-zero multiples of 4 KiB "
			    "(SIZE may not be 0)", s);
		return false;
	}
	if (m->pa >= PA_LIMIT || m->size > PA_LIMIT - m->pa) {
		complain(p, "map=%s: PA range ends beyond 40 bits", s);
		return false;
	}
	if (m->iova + m->size < m->iova) {
		complain(p, "map=%s: IOVA range wraps", s);
		return false;
	}
	return true;
}

static void parse_rule(struct parser *p, char **w, int n)
{
	struct ipfw_policy_file *pf = p->pf;
	struct ipfw_policy_rule r = {0};
	struct ipfw_policy_map maps[MAX_MAPS_PER_RULE];
	size_t nmaps = 0;
	int before = p->problems;

	if (!valid_path(p, "rule", w[0]))
		return;
	for (size_t i = 0; i < pf->pol.nrules; i++) {
		if (!strcmp(pf->rules[i].path, w[0])) {
			complain(p, "%s: already has a rule (line %u)", w[0], pf->rule_line[i]);
			return;
		}
	}
	if (n < 2 || !parse_action(w[1], &r.action)) {
		complain(p, "%s: expected an action (translate, identity, bypass or deny)%s%s%s",
			 w[0], n < 2 ? "" : ", not '", n < 2 ? "" : w[1], n < 2 ? "" : "'");
		return;
	}
	for (int i = 2; i < n; i++) {
		if (!strncmp(w[i], "domain=", 7)) {
			if (r.domain) {
				complain(p, "%s: domain= given twice", w[0]);
			} else if (r.action != IPFW_ACT_TRANSLATE && r.action != IPFW_ACT_IDENTITY) {
				complain(p, "%s: domain= applies to translate and identity only",
					 w[0]);
			} else if (valid_domain(p, w[i] + 7)) {
				r.domain = w[i] + 7;
			}
		} else if (!strncmp(w[i], "map=", 4)) {
			if (r.action != IPFW_ACT_TRANSLATE)
				complain(p, "%s: map= applies to translate only", w[0]);
			else if (nmaps >= MAX_MAPS_PER_RULE)
				complain(p, "%s: more than %d maps", w[0], MAX_MAPS_PER_RULE);
			else if (parse_map(p, w[i] + 4, &maps[nmaps]))
				nmaps++;
		} else if (!strcmp(w[i], "bypass-unmatched-ids")) {
			if (r.action == IPFW_ACT_DENY)
				complain(p, "%s: bypass-unmatched-ids contradicts deny", w[0]);
			r.bypass_unmatched_ids = true;
		} else {
			complain(p, "%s: unknown option '%s' (expected domain=NAME, "
				    "map=IOVA:PA:SIZE:ATTRS or bypass-unmatched-ids)", w[0], w[i]);
		}
	}
	if (r.action == IPFW_ACT_TRANSLATE && !nmaps && p->problems == before)
		complain(p, "%s: translate needs at least one map=IOVA:PA:SIZE:ATTRS", w[0]);
	if (p->problems != before)
		return;
	r.path = keep_str(p, w[0]);
	if (r.domain)
		r.domain = keep_str(p, r.domain);
	if (nmaps) {
		struct ipfw_policy_map *copy = malloc(nmaps * sizeof(*copy));

		if (copy)
			memcpy(copy, maps, nmaps * sizeof(*copy));
		if (!keep(p, copy))
			return;
		r.maps = copy;
		r.nmaps = nmaps;
	}
	if (p->oom || !grow(p, (void **)&pf->rules, &p->cap_rules, pf->pol.nrules, sizeof(r)))
		return;
	/* rule_line shares the capacity of rules */
	{
		unsigned int *nl = realloc(pf->rule_line, p->cap_rules * sizeof(*nl));

		if (!nl) {
			p->oom = true;
			return;
		}
		pf->rule_line = nl;
	}
	pf->rule_line[pf->pol.nrules] = p->line;
	pf->rules[pf->pol.nrules++] = r;
}

/* ------------------------------------------------------------ global lines */

static int global_index(const char *w)
{
	for (int i = 0; i < G_COUNT; i++) {
		if (!strcmp(w, global_names[i]))
			return i;
	}
	return -1;
}

static bool one_arg(struct parser *p, char **w, int n, const char *form)
{
	if (n == 2)
		return true;
	complain(p, "%s: expected '%s'", w[0], form);
	return false;
}

/* A list of node paths kept by a keyword (unbound, unpowered). */
struct path_list {
	const char *keyword;
	const char ***items;
	size_t *count;
	size_t *cap;
	unsigned int **lines;
};

static void parse_path_list(struct parser *p, const struct path_list *l, char **w, int n)
{
	char form[32];
	char *copy;

	snprintf(form, sizeof(form), "%s PATH", l->keyword);
	if (!one_arg(p, w, n, form) || !valid_path(p, l->keyword, w[1]))
		return;
	for (size_t i = 0; i < *l->count; i++) {
		if (!strcmp((*l->items)[i], w[1])) {
			complain(p, "%s %s: already listed (line %u)", l->keyword, w[1],
				 (*l->lines)[i]);
			return;
		}
	}
	copy = keep_str(p, w[1]);
	if (!copy || !grow(p, (void **)l->items, l->cap, *l->count, sizeof(char *)))
		return;
	{
		unsigned int *nl = realloc(*l->lines, *l->cap * sizeof(*nl));

		if (!nl) {
			p->oom = true;
			return;
		}
		*l->lines = nl;
	}
	(*l->lines)[*l->count] = p->line;
	(*l->items)[(*l->count)++] = copy;
}

static void parse_global(struct parser *p, int g, char **w, int n)
{
	struct ipfw_policy *pol = &p->pf->pol;
	uint64_t v;
	char why[160];
	uint32_t attrs;
	bool handoff;

	if (p->seen[g]) {
		complain(p, "%s: given twice (first at line %u)", w[0], p->seen[g]);
		return;
	}
	p->seen[g] = p->line;
	switch (g) {
	case G_DEFAULT:
		if (!one_arg(p, w, n, "default identity|deny"))
			return;
		if (!strcmp(w[1], "identity"))
			pol->default_action = IPFW_ACT_IDENTITY;
		else if (!strcmp(w[1], "deny"))
			pol->default_action = IPFW_ACT_DENY;
		else
			complain(p, "default: '%s' is not identity or deny", w[1]);
		return;
	case G_FORMAT:
		if (!one_arg(p, w, n, "format s1-32|s2-40"))
			return;
		if (!strcmp(w[1], "s1-32"))
			pol->fmt = IPFW_IPMMU_FMT_S1_32;
		else if (!strcmp(w[1], "s2-40"))
			pol->fmt = IPFW_IPMMU_FMT_S2_40;
		else
			complain(p, "format: '%s' is not s1-32 or s2-40", w[1]);
		return;
	case G_IDATTRS:
		if (!one_arg(p, w, n, "identity-attrs ATTRS"))
			return;
		if (parse_attrs(w[1], false, &attrs, &handoff, why, sizeof(why)))
			pol->identity_attrs = attrs;
		else
			complain(p, "identity-attrs: %s", why);
		return;
	case G_RESERVE:
		if (!one_arg(p, w, n, "reserve-ctx MASK"))
			return;
		if (parse_u64(w[1], &v, false) && v <= 0xFFFFu)
			pol->reserved_ctx = (uint32_t)v;
		else
			complain(p, "reserve-ctx: '%s' is not a mask of contexts 0-15", w[1]);
		return;
	case G_POOL:
		if (!one_arg(p, w, n, "pool-tables N"))
			return;
		if (parse_u64(w[1], &v, false) && v >= 1 && v <= 65536)
			pol->pool_tables = (uint32_t)v;
		else
			complain(p, "pool-tables: '%s' is not a number of tables from 1 to 65536",
				 w[1]);
		return;
	case G_REV:
		if (!one_arg(p, w, n, "soc-rev PRR"))
			return;
		if (parse_u64(w[1], &v, true) && v <= 0xFFFFFFFFu)
			pol->rev = (struct ipfw_soc_rev){.known = true, .prr = (uint32_t)v};
		else
			complain(p, "soc-rev: '%s' is not a 32-bit hex PRR value", w[1]);
		return;
	default: /* G_OVERRIDE */
		if (n != 1)
			complain(p, "soc-override takes no argument");
		else
			pol->soc_override = true;
		return;
	}
}

/* ------------------------------------------------------------ lines */

static void parse_line(struct parser *p, char *line)
{
	char *w[MAX_WORDS];
	int n = 0;
	char *hash = strchr(line, '#');
	char *save = line;
	int g;

	if (hash)
		*hash = '\0';
	for (char *t = next_token(&save, " \t\r"); t; t = next_token(&save, " \t\r")) {
		if (n == MAX_WORDS) {
			complain(p, "more than %d words on one line", MAX_WORDS);
			return;
		}
		w[n++] = t;
	}
	if (!n)
		return;
	if (w[0][0] == '/') {
		parse_rule(p, w, n);
		return;
	}
	if (!strcmp(w[0], "unbound")) {
		const struct path_list l = {"unbound", &p->pf->unbound, &p->pf->pol.nunbound,
					    &p->cap_unbound, &p->unbound_line};

		parse_path_list(p, &l, w, n);
		return;
	}
	if (!strcmp(w[0], "powered")) {
		const struct path_list l = {"powered", &p->pf->powered, &p->pf->pol.npowered,
					    &p->cap_powered, &p->powered_line};

		parse_path_list(p, &l, w, n);
		return;
	}
	if (!strcmp(w[0], "unprotected")) {
		const struct path_list l = {"unprotected", &p->pf->unprotected,
					    &p->pf->pol.nunprotected, &p->cap_unprotected,
					    &p->unprotected_line};

		parse_path_list(p, &l, w, n);
		return;
	}
	if (!strcmp(w[0], "unpowered")) {
		const struct path_list l = {"unpowered", &p->pf->unpowered,
					    &p->pf->pol.nunpowered, &p->cap_unpowered,
					    &p->unpowered_line};

		parse_path_list(p, &l, w, n);
		return;
	}
	g = global_index(w[0]);
	if (g >= 0) {
		parse_global(p, g, w, n);
		return;
	}
	complain(p, "'%s' is neither a keyword (default, format, identity-attrs, unbound, "
		    "unprotected, powered, unpowered, reserve-ctx, pool-tables, soc-rev, soc-override) nor a node path",
		 w[0]);
}

/* Checks that need the whole file: IOVAs against the format's input range. */
static void check_ranges(struct parser *p)
{
	const struct ipfw_policy_file *pf = p->pf;
	const uint64_t ias = pf->pol.fmt == IPFW_IPMMU_FMT_S1_32 ? 1ull << 32 : 1ull << 40;

	for (size_t i = 0; i < pf->pol.nrules; i++) {
		const struct ipfw_policy_rule *r = &pf->rules[i];

		for (size_t k = 0; k < r->nmaps; k++) {
			if (r->maps[k].iova < ias && r->maps[k].size <= ias - r->maps[k].iova)
				continue;
			p->line = pf->rule_line[i];
			complain(p, "%s: map %zu: IOVA range ends beyond the %s input range "
				    "(%u bits)", r->path, k + 1,
				 pf->pol.fmt == IPFW_IPMMU_FMT_S1_32 ? "s1-32" : "s2-40",
				 pf->pol.fmt == IPFW_IPMMU_FMT_S1_32 ? 32u : 40u);
		}
	}
}

void ipfw_policy_file_default(struct ipfw_policy_file *pf)
{
	*pf = (struct ipfw_policy_file){0};
	pf->pol = (struct ipfw_policy){
		.ipmmu = &ipfw_ipmmu_plan_ops,
		.default_action = IPFW_ACT_IDENTITY,
		.fmt = IPFW_IPMMU_FMT_S1_32,
		.identity_attrs = IPFW_LPAE_RW | IPFW_LPAE_WB | IPFW_LPAE_XN,
		.pool_tables = IPFW_POLICY_FILE_POOL_TABLES,
	};
}

int ipfw_policy_file_parse(const char *text, size_t len, struct ipfw_policy_file *pf,
			   ipfw_policy_file_err_fn *err, void *ctx)
{
	struct parser p = {.pf = pf, .err = err, .ctx = ctx};
	size_t pos = 0;

	ipfw_policy_file_default(pf);
	while (pos < len && !p.oom) {
		size_t end = pos;

		while (end < len && text[end] != '\n')
			end++;
		p.line++;
		if (memchr(text + pos, '\0', end - pos)) {
			complain(&p, "NUL byte in the line: not a text file");
		} else {
			char *line = malloc(end - pos + 1);

			if (!line) {
				p.oom = true;
				break;
			}
			memcpy(line, text + pos, end - pos);
			line[end - pos] = '\0';
			parse_line(&p, line);
			free(line);
		}
		pos = end + 1;
	}
	if (!p.oom)
		check_ranges(&p);
	free(p.unbound_line);
	free(p.unpowered_line);
	free(p.unprotected_line);
	free(p.powered_line);
	pf->pol.powered = (const char *const *)pf->powered;
	pf->pol.rules = pf->rules;
	pf->pol.unprotected = (const char *const *)pf->unprotected;
	pf->pol.unbound = (const char *const *)pf->unbound;
	pf->pol.unpowered = (const char *const *)pf->unpowered;
	return p.oom ? -1 : p.problems;
}

void ipfw_policy_file_free(struct ipfw_policy_file *pf)
{
	for (size_t i = 0; i < pf->nallocs; i++)
		free(pf->allocs[i]);
	free(pf->allocs);
	free(pf->rules);
	free(pf->rule_line);
	free((void *)pf->unbound);
	free((void *)pf->unpowered);
	free((void *)pf->unprotected);
	free((void *)pf->powered);
	ipfw_policy_file_default(pf);
}
