/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The policy-file parser (tools/policy_file.c): every statement of the
 * grammar in docs/policy.md, with expected values worked out by hand from
 * the attribute bits of ipmmu/lpae.h and the text; every mistake reported
 * with the line it is on.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "policy_file.h"

#define MAX_PROBLEMS 16

struct problems {
	unsigned int n;
	unsigned int line[MAX_PROBLEMS];
	char msg[MAX_PROBLEMS][256];
};

static void record(void *ctx, unsigned int line, const char *msg)
{
	struct problems *p = ctx;

	if (p->n < MAX_PROBLEMS) {
		p->line[p->n] = line;
		snprintf(p->msg[p->n], sizeof(p->msg[0]), "%s", msg);
	}
	p->n++;
}

static int parse(const char *text, struct ipfw_policy_file *pf, struct problems *p)
{
	memset(p, 0, sizeof(*p));
	return ipfw_policy_file_parse(text, strlen(text), pf, record, p);
}

/* Exactly one problem, on `line`, whose message contains `needle`. */
static void expect_one_problem(const char *text, unsigned int line, const char *needle)
{
	struct ipfw_policy_file pf;
	struct problems p;

	assert_int_equal(parse(text, &pf, &p), 1);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.line[0], line);
	if (!strstr(p.msg[0], needle))
		fail_msg("'%s' does not mention '%s'", p.msg[0], needle);
	ipfw_policy_file_free(&pf);
}

static void empty_file_gives_the_default_policy(void **state)
{
	struct ipfw_policy_file pf;
	struct problems p;

	(void)state;
	assert_int_equal(parse("", &pf, &p), 0);
	assert_int_equal(pf.pol.default_action, IPFW_ACT_IDENTITY);
	assert_int_equal(pf.pol.fmt, IPFW_IPMMU_FMT_S1_32);
	/* read 0x01 | write 0x02 | xn 0x04 | write-back 0x40 */
	assert_int_equal(pf.pol.identity_attrs, 0x47);
	assert_int_equal(pf.pol.pool_tables, 64);
	assert_int_equal(pf.pol.nrules, 0);
	assert_int_equal(pf.pol.nunbound, 0);
	assert_false(pf.pol.rev.known);
	assert_false(pf.pol.soc_override);
	assert_int_equal(pf.pol.reserved_ctx, 0);
	ipfw_policy_file_free(&pf);
}

static void every_global_statement_sets_its_field(void **state)
{
	static const char text[] =
		"# a board\n"
		"default deny\n"
		"format s2-40   # Xen shares stage 2\n"
		"identity-attrs r,nc\n"
		"reserve-ctx 0x81\n"
		"pool-tables 200\n"
		"soc-rev 4f20\n"
		"soc-override\n"
		"unbound /soc/usb@ee000000\n"
		"unbound /soc/usb@ee040000\n"
		"unpowered /soc/iommu@fe990000\n";
	struct ipfw_policy_file pf;
	struct problems p;

	(void)state;
	assert_int_equal(parse(text, &pf, &p), 0);
	assert_int_equal(pf.pol.default_action, IPFW_ACT_DENY);
	assert_int_equal(pf.pol.fmt, IPFW_IPMMU_FMT_S2_40);
	assert_int_equal(pf.pol.identity_attrs, 0x01 | 0x20);
	assert_int_equal(pf.pol.reserved_ctx, 0x81);
	assert_int_equal(pf.pol.pool_tables, 200);
	assert_true(pf.pol.rev.known);
	assert_int_equal(pf.pol.rev.prr, 0x4F20); /* soc-rev is hex without 0x too */
	assert_true(pf.pol.soc_override);
	assert_int_equal(pf.pol.nunbound, 2);
	assert_string_equal(pf.pol.unbound[0], "/soc/usb@ee000000");
	assert_string_equal(pf.pol.unbound[1], "/soc/usb@ee040000");
	assert_int_equal(pf.pol.nunpowered, 1);
	assert_string_equal(pf.pol.unpowered[0], "/soc/iommu@fe990000");
	ipfw_policy_file_free(&pf);
}

static void rules_carry_action_domain_maps_and_bypass(void **state)
{
	static const char text[] =
		"/soc/mmc@ee100000 translate domain=storage map=0x0:0x48000000:16M:rw,wb,xn "
		"map=0x10000000:0x49000000:4K:r,dev,handoff\r\n"
		"\n"
		"   /soc/dma-controller@e6700000   identity   domain=dma\n"
		"/soc/pcie@fe000000 identity bypass-unmatched-ids\n"
		"/soc/sata@ee300000 deny\n"
		"/soc/dma-controller@ec700000 bypass # audio\n";
	struct ipfw_policy_file pf;
	struct problems p;
	const struct ipfw_policy_rule *r;

	(void)state;
	assert_int_equal(parse(text, &pf, &p), 0);
	assert_int_equal(pf.pol.nrules, 5);
	r = &pf.pol.rules[0];
	assert_string_equal(r->path, "/soc/mmc@ee100000");
	assert_int_equal(r->action, IPFW_ACT_TRANSLATE);
	assert_string_equal(r->domain, "storage");
	assert_int_equal(r->nmaps, 2);
	assert_int_equal(r->maps[0].iova, 0);
	assert_int_equal(r->maps[0].pa, 0x48000000u);
	assert_int_equal(r->maps[0].size, 0x1000000u);
	assert_int_equal(r->maps[0].attrs, 0x47);
	assert_false(r->maps[0].handoff);
	assert_int_equal(r->maps[1].iova, 0x10000000u);
	assert_int_equal(r->maps[1].size, 0x1000u);
	assert_int_equal(r->maps[1].attrs, 0x01 | 0x10);
	assert_true(r->maps[1].handoff);
	assert_false(r->bypass_unmatched_ids);
	r = &pf.pol.rules[1];
	assert_string_equal(r->path, "/soc/dma-controller@e6700000");
	assert_int_equal(r->action, IPFW_ACT_IDENTITY);
	assert_string_equal(r->domain, "dma");
	assert_int_equal(r->nmaps, 0);
	assert_int_equal(pf.rule_line[1], 3);
	r = &pf.pol.rules[2];
	assert_null(r->domain);
	assert_true(r->bypass_unmatched_ids);
	assert_int_equal(pf.pol.rules[3].action, IPFW_ACT_DENY);
	assert_int_equal(pf.pol.rules[4].action, IPFW_ACT_BYPASS);
	assert_int_equal(pf.rule_line[4], 6);
	ipfw_policy_file_free(&pf);
}

static void sizes_take_binary_suffixes(void **state)
{
	static const char text[] =
		"/a translate map=0:0x40000000:1G:rw,wb map=0x40000000:0:2M:w,nc,priv "
		"map=0x80000000:0x1000:8192:rw,wb map=0x90000000:0:0x3000:rw,wb\n";
	struct ipfw_policy_file pf;
	struct problems p;

	(void)state;
	assert_int_equal(parse(text, &pf, &p), 0);
	assert_int_equal(pf.pol.rules[0].maps[0].size, 0x40000000u);
	assert_int_equal(pf.pol.rules[0].maps[1].size, 0x200000u);
	assert_int_equal(pf.pol.rules[0].maps[1].attrs, 0x02 | 0x20 | 0x08);
	assert_int_equal(pf.pol.rules[0].maps[2].size, 0x2000u);
	assert_int_equal(pf.pol.rules[0].maps[3].size, 0x3000u);
	ipfw_policy_file_free(&pf);
}

static void unknown_keyword_names_itself_and_its_line(void **state)
{
	(void)state;
	expect_one_problem("format s1-32\n\nreserve 3\n", 3, "'reserve' is neither a keyword");
}

static void rule_without_a_known_action_is_refused(void **state)
{
	(void)state;
	expect_one_problem("/soc/a\n", 1, "expected an action");
	expect_one_problem("/soc/a allow\n", 1, "not 'allow'");
}

static void translate_needs_a_map(void **state)
{
	(void)state;
	expect_one_problem("/soc/a translate domain=x\n", 1, "at least one map=");
}

static void maps_must_be_page_aligned_and_non_empty(void **state)
{
	(void)state;
	expect_one_problem("/a translate map=0x800:0x48000000:4K:rw,wb\n", 1, "multiples of 4 KiB");
	expect_one_problem("/a translate map=0:0x48000000:0:rw,wb\n", 1, "multiples of 4 KiB");
	expect_one_problem("/a translate map=0:0x48000000:1000:rw,wb\n", 1, "multiples of 4 KiB");
}

static void map_fields_must_be_numbers_in_range(void **state)
{
	(void)state;
	expect_one_problem("/a translate map=0:0x48000000:16M\n", 1, "IOVA:PA:SIZE:ATTRS");
	expect_one_problem("/a translate map=zero:0:4K:rw,wb\n", 1, "IOVA 'zero'");
	expect_one_problem("/a translate map=0:0x48g00000:4K:rw,wb\n", 1, "PA '0x48g00000'");
	expect_one_problem("/a translate map=0:0:4Q:rw,wb\n", 1, "SIZE '4Q'");
	/* 40-bit outputs: 0xFF_FFFF_F000 + 8 KiB ends past 2^40 */
	expect_one_problem("/a translate map=0:0xfffffff000:8K:rw,wb\n", 1, "beyond 40 bits");
}

static void attributes_need_access_and_one_memory_type(void **state)
{
	(void)state;
	expect_one_problem("/a translate map=0:0:4K:wb\n", 1, "no access");
	expect_one_problem("/a translate map=0:0:4K:rw\n", 1, "exactly one memory type");
	expect_one_problem("/a translate map=0:0:4K:rw,wb,nc\n", 1, "exactly one memory type");
	expect_one_problem("/a translate map=0:0:4K:rw,wb,exec\n", 1, "unknown attribute 'exec'");
	expect_one_problem("identity-attrs rw,wb,handoff\n", 1, "unknown attribute 'handoff'");
}

static void options_that_do_not_fit_the_action_are_refused(void **state)
{
	(void)state;
	expect_one_problem("/a identity map=0:0:4K:rw,wb\n", 1, "map= applies to translate only");
	expect_one_problem("/a bypass domain=x\n", 1, "domain= applies to translate and identity");
	expect_one_problem("/a deny bypass-unmatched-ids\n", 1, "contradicts deny");
	expect_one_problem("/a identity colour=blue\n", 1, "unknown option 'colour=blue'");
}

static void domain_names_fit_the_plan(void **state)
{
	(void)state;
	/* IPFW_PLAN_NAME_MAX is 24: 23 characters fit, 24 do not */
	expect_one_problem("/a identity domain=abcdefghijklmnopqrstuvwx\n", 1, "1 to 23 characters");
	expect_one_problem("/a identity domain=a/b\n", 1, "only letters");
}

static void repeated_statements_point_at_the_first(void **state)
{
	(void)state;
	expect_one_problem("/a identity\n# x\n/a deny\n", 3, "already has a rule (line 1)");
	expect_one_problem("format s1-32\nformat s2-40\n", 2, "given twice (first at line 1)");
	expect_one_problem("unbound /u\nunbound /u\n", 2, "already listed (line 1)");
}

static void global_values_are_checked(void **state)
{
	(void)state;
	expect_one_problem("default bypass\n", 1, "not identity or deny");
	expect_one_problem("format s1-40\n", 1, "not s1-32 or s2-40");
	expect_one_problem("reserve-ctx 0x10000\n", 1, "contexts 0-15");
	expect_one_problem("pool-tables 0\n", 1, "from 1 to 65536");
	expect_one_problem("soc-rev PRR\n", 1, "hex PRR");
	expect_one_problem("soc-override yes\n", 1, "takes no argument");
	expect_one_problem("unbound usb\n", 1, "starts with '/'");
	expect_one_problem("default\n", 1, "expected 'default identity|deny'");
}

static void iova_range_is_checked_against_the_final_format(void **state)
{
	struct ipfw_policy_file pf;
	struct problems p;

	(void)state;
	/* s1-32 has a 32-bit input: 0xFFFFF000 + 8 KiB ends past it; reported
	 * on the rule's line even though the format line comes later */
	expect_one_problem("/a translate map=0xfffff000:0:8K:rw,wb\nformat s1-32\n", 1,
			   "beyond the s1-32 input range");
	/* the same map fits s2-40 (40-bit input) */
	assert_int_equal(parse("/a translate map=0xfffff000:0:8K:rw,wb\nformat s2-40\n", &pf, &p),
			 0);
	ipfw_policy_file_free(&pf);
}

static void every_problem_is_reported_not_just_the_first(void **state)
{
	static const char text[] = "format s3\n"
				   "/ok identity\n"
				   "/bad translate\n"
				   "pool-tables lots\n";
	struct ipfw_policy_file pf;
	struct problems p;

	(void)state;
	assert_int_equal(parse(text, &pf, &p), 3);
	assert_int_equal(p.n, 3);
	assert_int_equal(p.line[0], 1);
	assert_int_equal(p.line[1], 3);
	assert_int_equal(p.line[2], 4);
	ipfw_policy_file_free(&pf);
}

static void nul_byte_is_not_text(void **state)
{
	static const char text[] = "format s1-32\npool\0-tables 3\n";
	struct ipfw_policy_file pf;
	struct problems p;

	(void)state;
	memset(&p, 0, sizeof(p));
	assert_int_equal(ipfw_policy_file_parse(text, sizeof(text) - 1, &pf, record, &p), 1);
	assert_int_equal(p.line[0], 2);
	assert_non_null(strstr(p.msg[0], "NUL byte"));
	ipfw_policy_file_free(&pf);
}

static void attribute_text_round_trips(void **state)
{
	char buf[64];

	(void)state;
	ipfw_policy_file_attrs_str(0x47, 0, buf, sizeof(buf));
	assert_string_equal(buf, "rw,wb,xn");
	ipfw_policy_file_attrs_str(0x01 | 0x10 | 0x08, 1, buf, sizeof(buf));
	assert_string_equal(buf, "r,dev,priv,handoff");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_file_gives_the_default_policy),
		cmocka_unit_test(every_global_statement_sets_its_field),
		cmocka_unit_test(rules_carry_action_domain_maps_and_bypass),
		cmocka_unit_test(sizes_take_binary_suffixes),
		cmocka_unit_test(unknown_keyword_names_itself_and_its_line),
		cmocka_unit_test(rule_without_a_known_action_is_refused),
		cmocka_unit_test(translate_needs_a_map),
		cmocka_unit_test(maps_must_be_page_aligned_and_non_empty),
		cmocka_unit_test(map_fields_must_be_numbers_in_range),
		cmocka_unit_test(attributes_need_access_and_one_memory_type),
		cmocka_unit_test(options_that_do_not_fit_the_action_are_refused),
		cmocka_unit_test(domain_names_fit_the_plan),
		cmocka_unit_test(repeated_statements_point_at_the_first),
		cmocka_unit_test(global_values_are_checked),
		cmocka_unit_test(iova_range_is_checked_against_the_final_format),
		cmocka_unit_test(every_problem_is_reported_not_just_the_first),
		cmocka_unit_test(nul_byte_is_not_text),
		cmocka_unit_test(attribute_text_round_trips),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
