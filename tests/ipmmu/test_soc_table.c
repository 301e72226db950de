/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SoC table against docs/ipmmu-vmsa.md section 3 (Linux rcar_gen3/rcar_gen4
 * features), section 2.3 (offsets, control base), section 9 items 3 and 10
 * (TTSEL width, denylist) and section 8.1 (Gen4 compatible order).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "badinput.h"

#include <ipmmu/error.h>
#include <ipmmu/soc.h>

static const char *const gen3_socs[] = {
	"r8a7795", "r8a7796", "r8a77961", "r8a77965", "r8a77970", "r8a77980",
	"r8a77990", "r8a77995", "r8a774a1", "r8a774b1", "r8a774c0", "r8a774e1",
};
static const char *const gen4_socs[] = {"r8a779a0", "r8a779f0", "r8a779g0", "r8a779h0"};

#define N(x) (sizeof(x) / sizeof((x)[0]))

static void every_listed_soc_has_an_entry_found_by_name_and_compatible(void **st)
{
	char compat[64];

	(void)st;
	for (size_t i = 0; i < N(gen3_socs); i++) {
		const struct ipfw_soc *s = ipfw_soc_by_name(gen3_socs[i]);

		assert_non_null(s);
		assert_string_equal(s->name, gen3_socs[i]);
		snprintf(compat, sizeof(compat), "renesas,ipmmu-%s", gen3_socs[i]);
		assert_ptr_equal(ipfw_soc_by_compatible(compat), s);
	}
	for (size_t i = 0; i < N(gen4_socs); i++) {
		const struct ipfw_soc *s = ipfw_soc_by_name(gen4_socs[i]);

		assert_non_null(s);
		snprintf(compat, sizeof(compat), "renesas,ipmmu-%s", gen4_socs[i]);
		assert_ptr_equal(ipfw_soc_by_compatible(compat), s);
	}
	/* 16 SoCs plus the Gen4 generic entry, and nothing else */
	assert_int_equal(ipfw_soc_count(), 17);
	assert_null(ipfw_soc_at(17));
}

static void gen3_and_rzg2_entries_carry_the_rcar_gen3_features(void **st)
{
	(void)st;
	for (size_t i = 0; i < N(gen3_socs); i++) {
		const struct ipfw_soc *s = ipfw_soc_by_name(gen3_socs[i]);

		assert_int_equal(s->gen, 3);
		assert_int_equal(s->num_ctx, 8);
		assert_int_equal(s->num_utlbs, 48);
		assert_int_equal(s->ctx_base, 0);
		assert_int_equal(s->ctx_stride, 0x40);
		assert_int_equal(s->utlb_base, 0);
		assert_int_equal(s->ctrl_base, 0);
		assert_int_equal(s->ttsel_bits, 4);
		assert_int_equal(s->reserved_ctx, 0x1);
		assert_false(s->walk_snoop);
		assert_int_equal(s->reg_size, 0x1000);
		assert_false(s->generic);
	}
	assert_int_equal(ipfw_soc_by_name("r8a774e1")->family, IPFW_SOC_RZG2);
	assert_int_equal(ipfw_soc_by_name("r8a77990")->family, IPFW_SOC_RCAR_GEN3);
}

static void gen4_entries_carry_the_rcar_gen4_features(void **st)
{
	(void)st;
	for (size_t i = 0; i <= N(gen4_socs); i++) {
		const struct ipfw_soc *s = i < N(gen4_socs) ? ipfw_soc_by_name(gen4_socs[i])
							    : ipfw_soc_by_name("rcar-gen4");

		assert_non_null(s);
		assert_int_equal(s->gen, 4);
		assert_int_equal(s->family, IPFW_SOC_RCAR_GEN4);
		assert_int_equal(s->num_ctx, 16);
		assert_int_equal(s->num_utlbs, 64);
		assert_int_equal(s->ctx_base, 0x10000);
		assert_int_equal(s->ctx_stride, 0x1040);
		assert_int_equal(s->utlb_base, 0x3000);
		assert_int_equal(s->ctrl_base, 0x1000);
		assert_int_equal(s->ttsel_bits, 5);
		assert_int_equal(s->reserved_ctx, 0x1);
		assert_false(s->walk_snoop);
		assert_int_equal(s->reg_size, 0x20000);
		/* ctx 8 at 0x18800 (section 2.3): base + 8*stride + jump */
		assert_int_equal(s->ctx_base + 8 * s->ctx_stride + s->ctx_jump, 0x18800);
	}
}

static void gen4_generic_compatible_resolves_to_generic_gen4_entry(void **st)
{
	const struct ipfw_soc *g = ipfw_soc_by_compatible("renesas,rcar-gen4-ipmmu-vmsa");

	(void)st;
	assert_non_null(g);
	assert_true(g->generic);
	assert_int_equal(g->gen, 4);
	/* the pre-2022 string is not a binding any more */
	assert_null(ipfw_soc_by_compatible("renesas,rcar-gen4-ipmmu"));
}

static void compatible_list_takes_the_first_string_that_matches(void **st)
{
	/* S4 node: SoC string first, then the generic Gen4 one (section 8.1) */
	static const char s4[] = "renesas,ipmmu-r8a779f0\0renesas,rcar-gen4-ipmmu-vmsa";
	/* a future Gen4 SoC we do not list falls back to the generic entry */
	static const char v5[] = "renesas,ipmmu-r8a779z9\0renesas,rcar-gen4-ipmmu-vmsa";
	static const char h3[] = "renesas,ipmmu-r8a7795";
	static const char gen2[] = "renesas,ipmmu-r8a7790\0renesas,ipmmu-vmsa";
	static const char unterminated[] = {'r', 'e', 'n'};

	(void)st;
	assert_ptr_equal(ipfw_soc_by_compatible_list(s4, sizeof(s4)), ipfw_soc_by_name("r8a779f0"));
	assert_ptr_equal(ipfw_soc_by_compatible_list(v5, sizeof(v5)), ipfw_soc_by_name("rcar-gen4"));
	assert_ptr_equal(ipfw_soc_by_compatible_list(h3, sizeof(h3)), ipfw_soc_by_name("r8a7795"));
	assert_null(ipfw_soc_by_compatible_list(gen2, sizeof(gen2)));
	assert_null(ipfw_soc_by_compatible_list(unterminated, sizeof(unterminated)));
	assert_null(ipfw_soc_by_compatible_list(NULL, 4));
}

static void lookups_are_exact_not_prefix_or_case_insensitive(void **st)
{
	(void)st;
	assert_null(ipfw_soc_by_compatible("renesas,ipmmu-r8a779"));
	assert_null(ipfw_soc_by_compatible("renesas,ipmmu-r8a77951"));
	assert_null(ipfw_soc_by_compatible("RENESAS,IPMMU-R8A7795"));
	assert_null(ipfw_soc_by_compatible("renesas,ipmmu-vmsa")); /* Gen2: not supported */
	assert_null(ipfw_soc_by_compatible(""));
	assert_null(ipfw_soc_by_compatible(NULL));
	assert_null(ipfw_soc_by_name("r8a779"));
	assert_null(ipfw_soc_by_name(NULL));
}

/* PRR product codes where the table records one (docs/ipmmu-vmsa.md
 * section 7: Xen's list), and none elsewhere. */
static void prr_products_are_the_recorded_ones(void **st)
{
	static const struct {
		const char *name;
		uint16_t prr;
	} want[] = {
		{"r8a7795", 0x4F00}, {"r8a7796", 0x5200}, {"r8a77965", 0x5500},
		{"r8a779f0", 0x5A00}, {"r8a779g0", 0x5C00}, {"r8a77990", 0},
		{"r8a774a1", 0},
	};

	(void)st;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct ipfw_soc *soc = ipfw_soc_by_name(want[i].name);

		assert_non_null(soc);
		assert_int_equal(soc->prr_product, want[i].prr);
	}
}

static void denylist_refuses_rzg2m_and_m3w_in_every_revision(void **st)
{
	const struct ipfw_soc_rev es3 = {.known = true, .prr = 0x5220};

	(void)st;
	assert_int_equal(ipfw_soc_verdict(ipfw_soc_by_name("r8a774a1"), NULL), IPFW_SOC_DENIED);
	assert_int_equal(ipfw_soc_verdict(ipfw_soc_by_name("r8a7796"), NULL), IPFW_SOC_DENIED);
	assert_int_equal(ipfw_soc_verdict(ipfw_soc_by_name("r8a7796"), &es3), IPFW_SOC_DENIED);
	assert_int_equal(ipfw_soc_by_name("r8a7796")->deny, IPFW_SOC_DENY_ALWAYS);
	/* M3-W+ is a different SoC entry, allowed */
	assert_int_equal(ipfw_soc_verdict(ipfw_soc_by_name("r8a77961"), NULL), IPFW_SOC_ALLOWED);
}

static void denylist_decides_h3_by_prr_cut_and_says_unknown_without_it(void **st)
{
	const struct ipfw_soc *h3 = ipfw_soc_by_name("r8a7795");
	/* PRR: product H3 = 0x4F00; cut 0x00 ES1.0, 0x10 ES2.0, 0x20 ES3.0 */
	const struct ipfw_soc_rev es1 = {true, 0x4F00}, es11 = {true, 0x4F01};
	const struct ipfw_soc_rev es2 = {true, 0x4F10}, es3 = {true, 0x4F20};
	const struct ipfw_soc_rev unknown = {false, 0x4F20};
	const struct ipfw_soc_rev m3w_prr = {true, 0x5220};

	(void)st;
	assert_int_equal(ipfw_soc_verdict(h3, &es1), IPFW_SOC_DENIED);
	assert_int_equal(ipfw_soc_verdict(h3, &es11), IPFW_SOC_DENIED);
	assert_int_equal(ipfw_soc_verdict(h3, &es2), IPFW_SOC_DENIED);
	assert_int_equal(ipfw_soc_verdict(h3, &es3), IPFW_SOC_ALLOWED);
	assert_int_equal(ipfw_soc_verdict(h3, NULL), IPFW_SOC_UNKNOWN);
	assert_int_equal(ipfw_soc_verdict(h3, &unknown), IPFW_SOC_UNKNOWN);
	/* a PRR of another product cannot tell H3's revision */
	assert_int_equal(ipfw_soc_verdict(h3, &m3w_prr), IPFW_SOC_UNKNOWN);
	/* bits above the product field (PRR[31:15]) do not matter */
	assert_int_equal(ipfw_soc_verdict(h3, &(struct ipfw_soc_rev){true, 0xABCD4F20}),
			 IPFW_SOC_ALLOWED);
	/* no SoC entry, or a rule the table does not know: never "allowed" */
	assert_int_equal(ipfw_soc_verdict(NULL, &es3), IPFW_SOC_UNKNOWN);
	{
		struct ipfw_soc odd = *h3;

		odd.deny = (enum ipfw_soc_deny_rule)99;
		assert_int_equal(ipfw_soc_verdict(&odd, &es3), IPFW_SOC_UNKNOWN);
	}
}

static void other_socs_are_allowed_without_a_revision(void **st)
{
	static const char *const allowed[] = {
		"r8a77961", "r8a77965", "r8a77970", "r8a77980", "r8a77990", "r8a77995",
		"r8a774b1", "r8a774c0", "r8a774e1", "r8a779a0", "r8a779f0", "r8a779g0",
		"r8a779h0", "rcar-gen4",
	};

	(void)st;
	for (size_t i = 0; i < N(allowed); i++) {
		assert_int_equal(ipfw_soc_verdict(ipfw_soc_by_name(allowed[i]), NULL),
				 IPFW_SOC_ALLOWED);
		assert_int_equal(ipfw_soc_by_name(allowed[i])->deny, IPFW_SOC_DENY_NONE);
	}
}

static void gate_refuses_denied_and_unknown_unless_overridden_but_still_reports(void **st)
{
	const struct ipfw_soc *h3 = ipfw_soc_by_name("r8a7795");
	const struct ipfw_soc_rev es2 = {true, 0x4F10}, es3 = {true, 0x4F20};
	enum ipfw_soc_verdict v = IPFW_SOC_ALLOWED;

	(void)st;
	assert_int_equal(ipfw_soc_gate(h3, &es2, false, &v), IPFW_E_DENYLISTED);
	assert_int_equal(v, IPFW_SOC_DENIED);
	assert_int_equal(ipfw_soc_gate(h3, NULL, false, &v), IPFW_E_DENYLISTED);
	assert_int_equal(v, IPFW_SOC_UNKNOWN);
	/* the board overrides: allowed through, the verdict still says denied */
	assert_int_equal(ipfw_soc_gate(h3, &es2, true, &v), IPFW_OK);
	assert_int_equal(v, IPFW_SOC_DENIED);
	assert_int_equal(ipfw_soc_gate(h3, &es3, false, &v), IPFW_OK);
	assert_int_equal(v, IPFW_SOC_ALLOWED);
	IPFW_BADINPUT("ipmmu: bad topology", "SoC gate without a SoC", IPFW_E_NOSOC,
		      ipfw_soc_gate(NULL, NULL, true, &v));
	assert_string_equal(ipfw_soc_verdict_name(IPFW_SOC_DENIED), "denied");
	assert_string_equal(ipfw_soc_verdict_name(IPFW_SOC_UNKNOWN), "unknown");
	assert_string_equal(ipfw_soc_verdict_name(IPFW_SOC_ALLOWED), "allowed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_listed_soc_has_an_entry_found_by_name_and_compatible),
		cmocka_unit_test(gen3_and_rzg2_entries_carry_the_rcar_gen3_features),
		cmocka_unit_test(gen4_entries_carry_the_rcar_gen4_features),
		cmocka_unit_test(gen4_generic_compatible_resolves_to_generic_gen4_entry),
		cmocka_unit_test(compatible_list_takes_the_first_string_that_matches),
		cmocka_unit_test(lookups_are_exact_not_prefix_or_case_insensitive),
		cmocka_unit_test(prr_products_are_the_recorded_ones),
		cmocka_unit_test(denylist_refuses_rzg2m_and_m3w_in_every_revision),
		cmocka_unit_test(denylist_decides_h3_by_prr_cut_and_says_unknown_without_it),
		cmocka_unit_test(other_socs_are_allowed_without_a_revision),
		cmocka_unit_test(gate_refuses_denied_and_unknown_unless_overridden_but_still_reports),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
