/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ipmmu-dt: what the ipmmu-fw device-tree walker sees in a DTB.
 *
 *   ipmmu-dt masters FILE.dtb            one line per iommus specifier
 *   ipmmu-dt map FILE.dtb NODE-PATH RID  apply NODE's iommu-map to RID
 *   ipmmu-dt plan FILE.dtb [--policy F]  the bring-up plan (table, JSON, dot,
 *                                        or the MMIO writes on the models)
 *
 * Exit status: 0 success, 1 when a plan has errors, 2 on any other error
 * (message on stderr).
 */
#define _POSIX_C_SOURCE 200809L /* fileno, fstat */
#include <errno.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libfdt.h>

#include <ipmmu/dt.h>
#include <ipmmu/error.h>
#include <ipmmu/boot.h>
#include <ipmmu/plan.h>

#include "plan_output.h"
#include "policy_file.h"

#define EXIT_PLAN 1
#define EXIT_ERR 2
/* Where --trace-mmio pretends the page-table pool is, unless --pool-pa. */
#define DEFAULT_POOL_PA 0x7f000000ull
#define MAX_STDERR_ERRORS 10
/* Paths printed by the tool (the library itself keeps node offsets). */
#define PATH_BUF 4096

/* Generous for any real SoC (H3: 17 IPMMUs, ~300 phandles). */
enum { MAX_PHANDLES = 8192, MAX_IPMMUS = 256, MAX_MASTERS = 1024, MAX_SPECS = 4096,
       MAX_MAPS = 1024 };

static struct ipfw_dt_node_info slots[MAX_PHANDLES];
static struct ipfw_dt_ipmmu ipmmus[MAX_IPMMUS];
static struct ipfw_dt_master masters[MAX_MASTERS];
static struct ipfw_dt_spec specs[MAX_SPECS];
static struct ipfw_dt_map_entry maps[MAX_MAPS];
static struct ipfw_dt_ref refs[MAX_MASTERS * 8];
static struct ipfw_dt_range mem[64];

struct dtb {
	const char *file;
	void *blob;
	struct ipfw_dt_index idx;
	struct ipfw_dt_result res;
};

static const char usage_main[] =
	"usage: ipmmu-dt COMMAND [ARGS]\n"
	"\n"
	"Show what the ipmmu-fw device-tree walker reads from a flattened device tree.\n"
	"\n"
	"commands:\n"
	"  masters FILE.dtb             one line per iommus specifier of every enabled master\n"
	"  map FILE.dtb NODE-PATH RID...  apply NODE-PATH's iommu-map to requester IDs\n"
	"  plan FILE.dtb [OPTIONS]      the bring-up plan under a policy, and what is wrong\n"
	"  needs FILE.dtb [--policy F] [--cflags]  what the tree needs of each compile-time capacity\n"
	"\n"
	"'ipmmu-dt COMMAND --help' describes a command. Exit status: 0 on success,\n"
	"1 when a plan has errors, 2 on any other error (the message names the node,\n"
	"property and entry).\n";

static const char usage_masters[] =
	"usage: ipmmu-dt masters FILE.dtb\n"
	"\n"
	"Print, in device-tree order, one line per iommus specifier of every enabled\n"
	"node that has an iommus property, to an IOMMU of any kind (any node with\n"
	"#iommu-cells, as Linux's of_iommu reads the binding):\n"
	"  <master path> <IOMMU node path> <cells in decimal, comma-separated>\n"
	"e.g. '/soc/mmc@ee100000 /soc/iommu@e7740000 32'. FILE.dtb '-' reads standard\n"
	"input. Then every problem, on stderr: IPMMU nodes (#iommu-cells, reg,\n"
	"renesas,ipmmu-main roots) and iommus lists (phandles, #iommu-cells, a list\n"
	"ending inside an entry, a disabled IOMMU); a master's entries before its\n"
	"problem are listed. Exit status 2 when there is a problem.\n";

static const char usage_map[] =
	"usage: ipmmu-dt map FILE.dtb NODE-PATH RID...\n"
	"\n"
	"Apply NODE-PATH's iommu-map and iommu-map-mask to each RID (decimal, or hex\n"
	"with 0x) exactly as Linux 6.1's of_map_id() does: the first entry with\n"
	"id-base <= RID & mask < id-base + length (the sum in 32 bits: an entry whose\n"
	"end wraps 2^32 matches nothing) wins, for an IOMMU of any kind; the output\n"
	"is RID & mask - id-base + iommu-base. Prints one line per RID: '<IOMMU node\n"
	"path> <id>', or 'none' when no entry matches (Linux would let that ID pass\n"
	"untranslated; ipmmu-fw denies it unless a board policy allows bypass).\n";

static const char *node_path(const struct dtb *d, int node, char *buf, size_t len)
{
	if (ipfw_dt_path(d->blob, node, buf, len) < 0 && !buf[0])
		snprintf(buf, len, "(node at offset %d)", node);
	return buf;
}

static void report(const struct dtb *d, const struct ipfw_dt_diag *diag, int err)
{
	fprintf(stderr, "ipmmu-dt: %s: ", d->file);
	if (diag->node >= 0) {
		char path[PATH_BUF];

		fprintf(stderr, "%s: ", node_path(d, diag->node, path, sizeof(path)));
	}
	if (diag->prop && diag->index >= 0)
		fprintf(stderr, "%s[%d]: ", diag->prop, diag->index);
	else if (diag->prop)
		fprintf(stderr, "%s: ", diag->prop);
	fprintf(stderr, "%s (%s)", ipfw_strerror(err), ipfw_errname(err));
	if (err == IPFW_E_NOSPACE && diag->have) {
		if (diag->need)
			fprintf(stderr, ": the tree needs %" PRIu32 " %s, the tool has room for %" PRIu32,
				diag->need, diag->array ? diag->array : "entries", diag->have);
		else
			fprintf(stderr, ": more %s than the %" PRIu32 " the tool has room for",
				diag->array ? diag->array : "entries", diag->have);
	}
	if (err == IPFW_E_FDT && diag->fdt_err)
		fprintf(stderr, ": %s", fdt_strerror(diag->fdt_err));
	fputc('\n', stderr);
}

/* The whole of f into a fresh buffer (works for pipes: no seeking). */
static void *slurp(FILE *f, size_t *size)
{
	size_t len = 0, cap = 0;
	char *buf = NULL;

	for (;;) {
		size_t n;

		if (len == cap) {
			char *nb = realloc(buf, cap = cap ? cap * 2 : 65536);

			if (!nb) {
				free(buf);
				return NULL;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		return NULL;
	}
	*size = len;
	return buf;
}

/* FILE.dtb, or "-" for standard input. */
static int load(struct dtb *d, const char *file)
{
	bool in = !strcmp(file, "-");
	FILE *f = in ? stdin : fopen(file, "rb");
	struct stat st;
	size_t size = 0;

	d->file = in ? "(stdin)" : file;
	d->blob = NULL;
	if (!f) {
		fprintf(stderr, "ipmmu-dt: %s: %s\n", file, strerror(errno));
		return -1;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "ipmmu-dt: %s: is a directory, not a device tree blob\n", file);
		fclose(f);
		return -1;
	}
	d->blob = slurp(f, &size);
	if (!in)
		fclose(f);
	if (!d->blob) {
		fprintf(stderr, "ipmmu-dt: %s: cannot read\n", d->file);
		return -1;
	}
	if (size < FDT_V1_SIZE || fdt_check_header(d->blob) || fdt_totalsize(d->blob) > size) {
		fprintf(stderr, "ipmmu-dt: %s: not a device tree blob (bad header or truncated file)\n",
			d->file);
		return -1;
	}
	return 0;
}

/* A problem the lenient walk recorded at a node: FILE: PATH: PROP[i]: text (CODE). */
static void report_at(const struct dtb *d, int node, const char *prop, int index, int err)
{
	struct ipfw_dt_diag diag = {.err = err, .node = node, .prop = prop, .index = index};

	report(d, &diag, err);
}

/*
 * Walk leniently: a problem local to one master or IPMMU is recorded there
 * and the rest of the tree is still read (an unrelated broken node must not
 * hide the one asked about). Only a malformed blob or a full array stops it.
 */
static int walk(struct dtb *d)
{
	static const struct ipfw_dt_config lenient = {.lenient = true};
	struct ipfw_dt_diag diag;
	int r;

	d->idx = (struct ipfw_dt_index){.slots = slots, .cap = MAX_PHANDLES};
	d->res = (struct ipfw_dt_result){
		.ipmmus = ipmmus, .ipmmus_cap = MAX_IPMMUS,
		.masters = masters, .masters_cap = MAX_MASTERS,
		.specs = specs, .specs_cap = MAX_SPECS,
		.maps = maps, .maps_cap = MAX_MAPS,
		.refs = refs, .refs_cap = sizeof(refs) / sizeof(refs[0]),
	};
	r = ipfw_dt_walk(d->blob, &lenient, &d->idx, &d->res, &diag);
	if (r) {
		report(d, &diag, r);
		return -1;
	}
	return 0;
}

/* Problems of the IPMMU nodes; returns how many. */
static int report_ipmmus(const struct dtb *d)
{
	int n = 0;

	for (size_t i = 0; i < d->res.nipmmus; i++) {
		const struct ipfw_dt_ipmmu *u = &d->res.ipmmus[i];

		if (!u->err)
			continue;
		report_at(d, u->node, u->err_prop, u->err_index, u->err);
		n++;
	}
	return n;
}

static int wants_help(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
	}
	return 0;
}

static int cmd_masters(int argc, char **argv)
{
	struct dtb d;
	int problems;
	char path[PATH_BUF];

	if (argc != 1) {
		fputs(usage_masters, stderr);
		return EXIT_ERR;
	}
	if (load(&d, argv[0]) || walk(&d)) {
		free(d.blob);
		return EXIT_ERR;
	}
	for (size_t m = 0; m < d.res.nmasters; m++) {
		const struct ipfw_dt_master *ms = &d.res.masters[m];

		for (unsigned int s = 0; s < ms->nspecs; s++) {
			const struct ipfw_dt_spec *sp = &d.res.specs[ms->first_spec + s];

			char mpath[PATH_BUF];

			printf("%s %s ", node_path(&d, ms->node, mpath, sizeof(mpath)),
			       node_path(&d, sp->iommu, path, sizeof(path)));
			for (unsigned int c = 0; c < sp->ncells; c++)
				printf("%s%" PRIu32, c ? "," : "", ipfw_dt_spec_cell(&d.res, sp, c));
			putchar('\n');
		}
	}
	/* Then what is wrong: IPMMU nodes, and masters' iommus lists. */
	problems = report_ipmmus(&d);
	for (size_t m = 0; m < d.res.nmasters; m++) {
		const struct ipfw_dt_master *ms = &d.res.masters[m];

		if (!ms->err || !ms->err_prop || strcmp(ms->err_prop, "iommus") != 0)
			continue;
		report_at(&d, ms->node, ms->err_prop, ms->err_index, ms->err);
		problems++;
	}
	free(d.blob);
	return problems ? EXIT_ERR : 0;
}

/* Decimal, or hex with a 0x prefix; the whole string, at most 0xffffffff. */
static int parse_rid(const char *s, uint32_t *rid)
{
	int base = 10;
	char *end;
	unsigned long long v;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end || v > 0xffffffffull)
		return -1;
	*rid = (uint32_t)v;
	return 0;
}

static int map_not_found(const struct dtb *d, const char *path)
{
	int node = fdt_path_offset(d->blob, path);
	const char *status;

	if (node < 0) {
		fprintf(stderr, "ipmmu-dt: %s: %s: no such node\n", d->file, path);
		return EXIT_ERR;
	}
	if (!fdt_getprop(d->blob, node, "iommu-map", NULL)) {
		fprintf(stderr, "ipmmu-dt: %s: %s: iommu-map: node has no iommu-map property\n",
			d->file, path);
		return EXIT_ERR;
	}
	status = fdt_getprop(d->blob, node, "status", NULL);
	fprintf(stderr, "ipmmu-dt: %s: %s: status: node is disabled (\"%s\")\n", d->file, path,
		status ? status : "?");
	return EXIT_ERR;
}

static int cmd_map(int argc, char **argv)
{
	struct dtb d;
	char path[PATH_BUF];
	int m, ret = EXIT_ERR;
	const struct ipfw_dt_master *ms;

	if (argc < 3) {
		fputs(usage_map, stderr);
		return EXIT_ERR;
	}
	for (int i = 2; i < argc; i++) {
		uint32_t rid;

		if (parse_rid(argv[i], &rid)) {
			fprintf(stderr,
				"ipmmu-dt: RID '%s' is not a decimal or 0x-hex number below 2^32\n",
				argv[i]);
			return EXIT_ERR;
		}
	}
	if (load(&d, argv[0]) || walk(&d))
		goto out;
	m = ipfw_dt_find_master(&d.res, argv[1]);
	ms = m >= 0 ? &d.res.masters[m] : NULL;
	if (ms && ms->err && !(ms->flags & IPFW_DT_MASTER_HAS_MAP)) {
		/* its iommus list is broken, so its iommu-map was never read */
		report_at(&d, ms->node, ms->err_prop, ms->err_index, ms->err);
		goto out;
	}
	if (ms && ms->err && ms->err_prop && !strncmp(ms->err_prop, "iommu-map", 9)) {
		/* The map itself is malformed: no ID can be looked up. */
		report_at(&d, ms->node, ms->err_prop, ms->err_index, ms->err);
		goto out;
	}
	if (!ms || !(ms->flags & IPFW_DT_MASTER_HAS_MAP)) {
		ret = map_not_found(&d, argv[1]);
		goto out;
	}
	ret = 0;
	for (int i = 2; i < argc; i++) {
		struct ipfw_dt_diag diag;
		struct ipfw_dt_map_out out;
		uint32_t rid = 0;
		int r;

		(void)parse_rid(argv[i], &rid);
		r = ipfw_dt_map_id(&d.res, (size_t)m, rid, &out, &diag);
		if (r == IPFW_E_DT_NOMATCH) {
			puts("none");
		} else if (r) {
			fflush(stdout);
			report(&d, &diag, r);
			ret = EXIT_ERR;
		} else {
			printf("%s %" PRIu32 "\n", node_path(&d, out.iommu, path, sizeof(path)), out.id);
		}
	}
out:
	free(d.blob);
	return ret;
}

static const char usage_plan[] =
	"usage: ipmmu-dt plan FILE.dtb [--policy FILE] [--json | --dot | --trace-mmio]\n"
	"                              [--pool-pa ADDR]\n"
	"\n"
	"Build the bring-up plan ipmmu-fw would program for FILE.dtb (ipfw_plan_build):\n"
	"which uTLB of which IPMMU each DMA master goes through, into which domain and\n"
	"context bank, with which mappings, and every problem found. Default deny:\n"
	"masters with a broken binding, behind a disabled or unknown IPMMU, without a\n"
	"binding, in a uTLB conflict, or denied by the policy stay in reset.\n"
	"\n"
	"output (one of):\n"
	"  (default)      tables of IPMMUs, masters, domains and mappings, then the\n"
	"                 diagnostics\n"
	"  --json         the same as one JSON object\n"
	"  --dot          a Graphviz digraph: masters -> uTLBs -> cache IPMMUs -> root\n"
	"                 -> contexts (denied masters red)\n"
	"  --trace-mmio   run hold, program, verify and release against the IPMMU and\n"
	"                 CPG models and print every register write, named\n"
	"options:\n"
	"  --policy FILE  the board policy (below); without it: identity over /memory\n"
	"                 for every bound master, s1-32, rw,wb,xn, 64 page tables, SoC\n"
	"                 revision unknown\n"
	"  --pool-pa ADDR physical address of the page-table pool for --trace-mmio\n"
	"                 (default 0x7f000000)\n"
	"\n"
	"policy file: one statement per line, '#' starts a comment.\n"
	"  PATH ACTION [domain=NAME] [map=IOVA:PA:SIZE:ATTRS]... [bypass-unmatched-ids]\n"
	"      a rule for the master at node PATH; ACTION is translate (its map=\n"
	"      entries), identity (IOVA = PA over /memory), bypass (explicit opt-in:\n"
	"      released untranslated) or deny. Masters naming one domain share it.\n"
	"      SIZE takes K, M, G suffixes; ATTRS is a comma list of r, w, rw, xn,\n"
	"      priv, wb, nc, dev (one memory type) and handoff (keep live for the OS).\n"
	"      bypass-unmatched-ids: iommu-map misses bypass instead of being denied.\n"
	"  default identity|deny      action for bound masters without a rule\n"
	"  format s1-32|s2-40         page-table format of every domain\n"
	"  identity-attrs ATTRS       attributes of identity mappings (default rw,wb,xn)\n"
	"  unbound PATH               a DMA master with no IOMMU binding: held, reported\n"
	"  reserve-ctx MASK           context banks nobody may take (bit n = context n)\n"
	"  pool-tables N              page-table pool size in 4 KiB tables (default 64)\n"
	"  soc-rev PRR                PRR register value in hex, for the SoC denylist\n"
	"  soc-override               accept a SoC on the denylist (still a warning)\n"
	"See docs/policy.md.\n"
	"\n"
	"Exit status: 0 when the plan has no error, 1 when it has errors (each is\n"
	"also printed on stderr; with --trace-mmio, also when a step fails on the\n"
	"model), 2 for usage, file and policy-file errors (FILE:LINE: what).\n";

static void policy_problem(void *ctx, unsigned int line, const char *msg)
{
	fprintf(stderr, "%s:%u: %s\n", (const char *)ctx, line, msg);
}

static int load_policy(const char *file, struct ipfw_policy_file *pf)
{
	FILE *f = fopen(file, "rb");
	char *text;
	size_t len = 0;
	int r;

	if (!f) {
		fprintf(stderr, "ipmmu-dt: %s: %s\n", file, strerror(errno));
		return -1;
	}
	text = slurp(f, &len);
	fclose(f);
	if (!text) {
		fprintf(stderr, "ipmmu-dt: %s: cannot read\n", file);
		return -1;
	}
	r = ipfw_policy_file_parse(text, len, pf, policy_problem, (void *)file);
	free(text);
	if (r < 0)
		fprintf(stderr, "ipmmu-dt: %s: out of memory\n", file);
	return r ? -1 : 0;
}

enum plan_out { OUT_TABLE, OUT_JSON, OUT_DOT, OUT_TRACE };

static struct ipfw_plan the_plan;

static int cmd_plan(int argc, char **argv)
{
	struct ipfw_policy_file pf;
	const char *dtb = NULL, *policy = NULL;
	enum plan_out mode = OUT_TABLE;
	int nmodes = 0, ret = EXIT_ERR;
	uint64_t pool_pa = DEFAULT_POOL_PA;
	struct dtb d = {0};
	char text[512];

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--json") || !strcmp(a, "--dot") || !strcmp(a, "--trace-mmio")) {
			mode = a[2] == 'j' ? OUT_JSON : a[2] == 'd' ? OUT_DOT : OUT_TRACE;
			nmodes++;
		} else if (!strcmp(a, "--policy") || !strcmp(a, "--pool-pa")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "ipmmu-dt: plan: %s needs an argument\n", a);
				return EXIT_ERR;
			}
			bool is_policy = !strcmp(a, "--policy");

			if (is_policy && policy) {
				fprintf(stderr, "ipmmu-dt: plan: --policy given twice\n");
				return EXIT_ERR;
			}
			if (is_policy) {
				policy = argv[++i];
			} else {
				char *end;

				errno = 0;
				pool_pa = strtoull(argv[++i], &end, 0);
				if (errno || *end || !argv[i][0] || (pool_pa & 0x1FFFu) ||
				    pool_pa >= (1ull << 40)) {
					fprintf(stderr, "ipmmu-dt: plan: --pool-pa '%s' is not an 8 KiB "
							"aligned address below 2^40\n", argv[i]);
					return EXIT_ERR;
				}
			}
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "ipmmu-dt: plan: unknown option '%s'\n\n%s", a, usage_plan);
			return EXIT_ERR;
		} else if (dtb) {
			fprintf(stderr, "ipmmu-dt: plan: one FILE.dtb only ('%s' and '%s')\n", dtb, a);
			return EXIT_ERR;
		} else {
			dtb = a;
		}
	}
	if (!dtb || nmodes > 1) {
		fprintf(stderr, "%s%s", nmodes > 1 ? "ipmmu-dt: plan: --json, --dot and "
						     "--trace-mmio exclude each other\n\n" : "",
			usage_plan);
		return EXIT_ERR;
	}
	ipfw_policy_file_default(&pf);
	if (policy && load_policy(policy, &pf))
		goto out;
	if (load(&d, dtb))
		goto out;
	if (ipfw_plan_build(d.blob, &pf.pol, &the_plan) < 0) {
		/* No plan at all: its one diagnostic says why. */
		ipfw_plan_diag_format(&the_plan, &the_plan.diags[0], text, sizeof(text));
		fprintf(stderr, "ipmmu-dt: %s: no plan: %s\n", dtb, text);
		goto out;
	}
	ret = the_plan.nerrors ? EXIT_PLAN : 0;
	switch (mode) {
	case OUT_JSON:
		plan_print_json(stdout, &the_plan, &pf.pol);
		break;
	case OUT_DOT:
		plan_print_dot(stdout, &the_plan);
		break;
	case OUT_TRACE:
		if (plan_trace_mmio(stdout, stderr, dtb, d.blob, &the_plan, pf.pol.pool_tables,
				    pool_pa))
			ret = EXIT_PLAN;
		break;
	default:
		plan_print_table(stdout, &the_plan, &pf.pol);
		break;
	}
	/* The errors on stderr too, the first few of them: stdout may be a file. */
	for (size_t i = 0, shown = 0; i < the_plan.ndiags; i++) {
		if (the_plan.diags[i].level != IPFW_DIAG_ERROR)
			continue;
		if (shown++ == MAX_STDERR_ERRORS) {
			fprintf(stderr, "ipmmu-dt: %s: %u errors in all (the plan lists them)\n",
				dtb, the_plan.nerrors);
			break;
		}
		ipfw_plan_diag_format(&the_plan, &the_plan.diags[i], text, sizeof(text));
		fprintf(stderr, "ipmmu-dt: %s: %s\n", dtb, text);
	}
out:
	ipfw_policy_file_free(&pf);
	free(d.blob);
	return ret;
}

/* --cflags: diagnostics kept at least this many (a later tree's problems). */
#define IPFW_NEEDS_DIAGS_MIN 8
#define IPFW_NEEDS_DIAGS_MIN_S "8"

static const char usage_needs[] =
	"usage: ipmmu-dt needs FILE.dtb [--policy FILE] [--cflags]\n"
	"\n"
	"What FILE.dtb needs of each compile-time capacity of the library\n"
	"(IPFW_CFG_*, include/ipmmu/plan.h), beside the figure this build has:\n"
	"  <capacity> <the tree needs> <built for> <option> [too small]\n"
	"The walk's figures come from the tree alone; uTLBs, domains, mappings and\n"
	"diagnostics from the plan under the policy (default: identity over\n"
	"/memory for every bound master). Exit status 1 when a capacity is too\n"
	"small (rebuild with -DIPFW_CFG_...=N), 2 for usage and file errors.\n"
	"--cflags prints instead one line of -DIPFW_CFG_*=N with the tree's own figures\n"
	"(at least 1 each; diagnostics at least " IPFW_NEEDS_DIAGS_MIN_S " to leave room for\n"
	"problems the tree does not have yet): the smallest build that plans this tree\n"
	"under this policy, for the library, the board and every caller alike.\n";

struct need_row {
	const char *option;
	size_t need;
};

/* The -D line of --cflags, from the rows needs printed. */
static void print_cflags(const struct need_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t v = rows[i].need ? rows[i].need : 1;

		if (!strcmp(rows[i].option, "IPFW_CFG_MAX_DIAGS") && v < IPFW_NEEDS_DIAGS_MIN)
			v = IPFW_NEEDS_DIAGS_MIN;
		printf("%s-D%s=%zu", i ? " " : "", rows[i].option, v);
	}
	printf("\n");
}

static struct need_row need_rows[16];
static size_t need_nrows;
static bool need_quiet; /* --cflags: the rows are kept, not printed */

static int need_line(const char *what, size_t need, size_t have, const char *option)
{
	bool small = need > have;

	if (need_nrows < sizeof(need_rows) / sizeof(need_rows[0]))
		need_rows[need_nrows++] = (struct need_row){option, need};
	if (!need_quiet)
		printf("%-20s %8zu %10zu  %-24s%s\n", what, need, have, option,
		       small ? "  too small" : "");
	return small;
}

static int cmd_needs(int argc, char **argv)
{
	struct ipfw_policy_file pf;
	const char *dtb = NULL, *policy = NULL;
	struct dtb d = {0};
	int small = 0, ret = EXIT_ERR, built;
	size_t unbound = 0;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--policy") && i + 1 < argc && !policy) {
			policy = argv[++i];
		} else if (!strcmp(argv[i], "--cflags")) {
			need_quiet = true;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "ipmmu-dt: needs: unknown option '%s'\n\n%s", argv[i], usage_needs);
			return EXIT_ERR;
		} else if (!dtb) {
			dtb = argv[i];
		} else {
			fputs(usage_needs, stderr);
			return EXIT_ERR;
		}
	}
	if (!dtb) {
		fputs(usage_needs, stderr);
		return EXIT_ERR;
	}
	ipfw_policy_file_default(&pf);
	if (policy && load_policy(policy, &pf))
		goto out;
	if (load(&d, dtb) || walk(&d))
		goto out;
	{
		/* DRAM ranges, as the plan's walk gathers them */
		size_t nmem = 0;

		if (ipfw_dt_memory(d.blob, mem, sizeof(mem) / sizeof(mem[0]), &nmem, NULL) == IPFW_OK)
			d.res.nmem = nmem;
	}
	for (size_t i = 0; i < pf.pol.nunbound; i++) {
		int node = fdt_path_offset(d.blob, pf.pol.unbound[i]);

		unbound += node >= 0 && ipfw_dt_find_master(&d.res, pf.pol.unbound[i]) < 0;
	}
	if (!need_quiet)
		printf("%-20s %8s %10s  %s\n", "capacity", "needs", "built for", "option");
	small |= need_line("IPMMU nodes", d.res.nipmmus, IPFW_CFG_MAX_IPMMUS, "IPFW_CFG_MAX_IPMMUS");
	small |= need_line("masters", d.res.nmasters + unbound, IPFW_CFG_MAX_MASTERS,
			   "IPFW_CFG_MAX_MASTERS");
	small |= need_line("iommus entries", d.res.nspecs, IPFW_CFG_MAX_SPECS, "IPFW_CFG_MAX_SPECS");
	small |= need_line("iommu-map entries", d.res.nmaps, IPFW_CFG_MAX_MAPENT,
			   "IPFW_CFG_MAX_MAPENT");
	small |= need_line("resets and clocks", d.res.nrefs, IPFW_CFG_MAX_REFS, "IPFW_CFG_MAX_REFS");
	small |= need_line("providers", d.idx.count, IPFW_CFG_MAX_PROVIDERS, "IPFW_CFG_MAX_PROVIDERS");
	small |= need_line("DRAM ranges", d.res.nmem, IPFW_CFG_MAX_MEM, "IPFW_CFG_MAX_MEM");
	built = small ? IPFW_E_NOSPACE : ipfw_plan_build(d.blob, &pf.pol, &the_plan);
	if (built >= 0) {
		size_t regions = the_plan.nregions;

		for (size_t i = 0; i < the_plan.ndiags; i++)
			regions += the_plan.diags[i].code == IPFW_E_NOSPACE &&
				   the_plan.diags[i].domain >= 0;
		small |= need_line("uTLBs", the_plan.nutlbs + the_plan.utlbs_needed,
				   IPFW_CFG_MAX_UTLBS, "IPFW_CFG_MAX_UTLBS");
		small |= need_line("domains", the_plan.ndomains, IPFW_CFG_MAX_DOMAINS,
				   "IPFW_CFG_MAX_DOMAINS");
		small |= need_line("mappings", regions, IPFW_CFG_MAX_REGIONS, "IPFW_CFG_MAX_REGIONS");
		small |= need_line("diagnostics", the_plan.ndiags + the_plan.diags_dropped,
				   IPFW_CFG_MAX_DIAGS, "IPFW_CFG_MAX_DIAGS");
		small |= need_line("unprotected masters",
				   the_plan.nunprotected + the_plan.unprotected_dropped,
				   IPFW_CFG_MAX_UNPROTECTED, "IPFW_CFG_MAX_UNPROTECTED");
	} else {
		printf("(no plan at these capacities: uTLBs, domains, mappings and diagnostics "
		       "unknown)\n");
	}
	if (need_quiet && built >= 0)
		print_cflags(need_rows, need_nrows);
	else if (!need_quiet)
		printf("state: struct ipfw_plan %zu B + struct ipfw_boot %zu B on this host\n",
		       sizeof(struct ipfw_plan), sizeof(struct ipfw_boot));
	ret = small ? EXIT_PLAN : 0;
out:
	ipfw_policy_file_free(&pf);
	free(d.blob);
	return ret;
}

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
};

static const struct command commands[] = {
	{"masters", cmd_masters, usage_masters},
	{"map", cmd_map, usage_map},
	{"plan", cmd_plan, usage_plan},
	{"needs", cmd_needs, usage_needs},
};

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage_main, stderr);
		return EXIT_ERR;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		fputs(usage_main, stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		if (wants_help(argc - 2, argv + 2)) {
			fputs(commands[i].usage, stdout);
			return 0;
		}
		return commands[i].run(argc - 2, argv + 2);
	}
	fprintf(stderr, "ipmmu-dt: unknown command '%s'\n\n%s", argv[1], usage_main);
	return EXIT_ERR;
}
