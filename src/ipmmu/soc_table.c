/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SoC feature table (docs/ipmmu-vmsa.md section 3: Linux's rcar_gen3 and
 * rcar_gen4 features, Xen's control-register base and TTSEL width) and the
 * Linux denylist (section 9, pitfall 10).
 */
#include <ipmmu/error.h>
#include <ipmmu/soc.h>

#include "ipmmu_priv.h"

/* Which entries this build keeps (ipmmu/config.h: IPFW_CFG_SOC_ALL, or
 * IPFW_CFG_SOC_<name>), and the marketing names only with texts. */
#define IPFW_SOC_BUILT(name) (IPFW_CFG_SOC_ALL || IPFW_CFG_SOC_##name)
#if IPFW_CFG_DIAG_TEXT
#define IPFW_SOC_TEXT(s) s
#else
#define IPFW_SOC_TEXT(s) 0
#endif

/* Gen3 and RZ/G2: 8 contexts, 48 uTLBs, everything at offset 0. */
#define GEN3_FEATURES                                                           \
	.gen = 3, .num_ctx = 8, .num_utlbs = 48, .ttsel_bits = 4,                   \
	.reserved_ctx = 1u << 0, .walk_snoop = false, .ctx_base = 0,              \
	.ctx_stride = 0x40, .ctx_jump = 0, .utlb_base = 0, .ctrl_base = 0,        \
	.reg_size = 0x1000

/*
 * Gen4: 16 contexts from +0x10000, stride 0x1040, and contexts 8-15 moved
 * up by 0x800 - 8 * 0x40 (context 8 at 0x18800, section 2.3); uTLBs at
 * +0x3000, control registers at +0x1000; TTSEL is 5 bits.
 */
#define GEN4_FEATURES                                                           \
	.gen = 4, .num_ctx = 16, .num_utlbs = 64, .ttsel_bits = 5,                  \
	.reserved_ctx = 1u << 0, .walk_snoop = false, .ctx_base = 0x10000,        \
	.ctx_stride = 0x1040, .ctx_jump = 0x800 - 8 * 0x40, .utlb_base = 0x3000,  \
	.ctrl_base = 0x1000, .reg_size = 0x20000

static const struct ipfw_soc ipfw_soc_table[] = {
	/* R-Car Gen3 */
#if IPFW_SOC_BUILT(r8a7795)
	{.name = "r8a7795", .compatible = "renesas,ipmmu-r8a7795",
	 .marketing = IPFW_SOC_TEXT("R-Car H3"),
	 .family = IPFW_SOC_RCAR_GEN3, GEN3_FEATURES, .prr_product = 0x4F00,
	 .deny = IPFW_SOC_DENY_BELOW_ES3},
#endif
#if IPFW_SOC_BUILT(r8a7796)
	{.name = "r8a7796", .compatible = "renesas,ipmmu-r8a7796",
	 .marketing = IPFW_SOC_TEXT("R-Car M3-W"),
	 .family = IPFW_SOC_RCAR_GEN3, GEN3_FEATURES, .prr_product = 0x5200,
	 .deny = IPFW_SOC_DENY_ALWAYS},
#endif
#if IPFW_SOC_BUILT(r8a77961)
	{.name = "r8a77961", .compatible = "renesas,ipmmu-r8a77961",
	 .marketing = IPFW_SOC_TEXT("R-Car M3-W+"),
	 .family = IPFW_SOC_RCAR_GEN3, GEN3_FEATURES},
#endif
#if IPFW_SOC_BUILT(r8a77965)
	{.name = "r8a77965", .compatible = "renesas,ipmmu-r8a77965",
	 .marketing = IPFW_SOC_TEXT("R-Car M3-N"),
	 .family = IPFW_SOC_RCAR_GEN3, GEN3_FEATURES, .prr_product = 0x5500},
#endif
#if IPFW_SOC_BUILT(r8a77970)
	{.name = "r8a77970", .compatible = "renesas,ipmmu-r8a77970",
	 .marketing = IPFW_SOC_TEXT("R-Car V3M"),
	 .family = IPFW_SOC_RCAR_GEN3, GEN3_FEATURES},
#endif
#if IPFW_SOC_BUILT(r8a77980)
	{.name = "r8a77980", .compatible = "renesas,ipmmu-r8a77980",
	 .marketing = IPFW_SOC_TEXT("R-Car V3H"),
	 .family = IPFW_SOC_RCAR_GEN3, GEN3_FEATURES},
#endif
#if IPFW_SOC_BUILT(r8a77990)
	{.name = "r8a77990", .compatible = "renesas,ipmmu-r8a77990",
	 .marketing = IPFW_SOC_TEXT("R-Car E3"),
	 .family = IPFW_SOC_RCAR_GEN3, GEN3_FEATURES},
#endif
#if IPFW_SOC_BUILT(r8a77995)
	{.name = "r8a77995", .compatible = "renesas,ipmmu-r8a77995",
	 .marketing = IPFW_SOC_TEXT("R-Car D3"),
	 .family = IPFW_SOC_RCAR_GEN3, GEN3_FEATURES},
#endif
	/* RZ/G2 (Gen3 features) */
#if IPFW_SOC_BUILT(r8a774a1)
	{.name = "r8a774a1", .compatible = "renesas,ipmmu-r8a774a1",
	 .marketing = IPFW_SOC_TEXT("RZ/G2M"),
	 .family = IPFW_SOC_RZG2, GEN3_FEATURES, .deny = IPFW_SOC_DENY_ALWAYS},
#endif
#if IPFW_SOC_BUILT(r8a774b1)
	{.name = "r8a774b1", .compatible = "renesas,ipmmu-r8a774b1",
	 .marketing = IPFW_SOC_TEXT("RZ/G2N"),
	 .family = IPFW_SOC_RZG2, GEN3_FEATURES},
#endif
#if IPFW_SOC_BUILT(r8a774c0)
	{.name = "r8a774c0", .compatible = "renesas,ipmmu-r8a774c0",
	 .marketing = IPFW_SOC_TEXT("RZ/G2E"),
	 .family = IPFW_SOC_RZG2, GEN3_FEATURES},
#endif
#if IPFW_SOC_BUILT(r8a774e1)
	{.name = "r8a774e1", .compatible = "renesas,ipmmu-r8a774e1",
	 .marketing = IPFW_SOC_TEXT("RZ/G2H"),
	 .family = IPFW_SOC_RZG2, GEN3_FEATURES},
#endif
	/* R-Car Gen4 */
#if IPFW_SOC_BUILT(r8a779a0)
	{.name = "r8a779a0", .compatible = "renesas,ipmmu-r8a779a0",
	 .marketing = IPFW_SOC_TEXT("R-Car V3U"),
	 .family = IPFW_SOC_RCAR_GEN4, GEN4_FEATURES},
#endif
#if IPFW_SOC_BUILT(r8a779f0)
	{.name = "r8a779f0", .compatible = "renesas,ipmmu-r8a779f0",
	 .marketing = IPFW_SOC_TEXT("R-Car S4"),
	 .family = IPFW_SOC_RCAR_GEN4, GEN4_FEATURES, .prr_product = 0x5A00},
#endif
#if IPFW_SOC_BUILT(r8a779g0)
	{.name = "r8a779g0", .compatible = "renesas,ipmmu-r8a779g0",
	 .marketing = IPFW_SOC_TEXT("R-Car V4H"),
	 .family = IPFW_SOC_RCAR_GEN4, GEN4_FEATURES, .prr_product = 0x5C00},
#endif
#if IPFW_SOC_BUILT(r8a779h0)
	{.name = "r8a779h0", .compatible = "renesas,ipmmu-r8a779h0",
	 .marketing = IPFW_SOC_TEXT("R-Car V4M"),
	 .family = IPFW_SOC_RCAR_GEN4, GEN4_FEATURES},
#endif
	/* What a Gen4 node matches when its SoC string is unknown to us. */
#if IPFW_SOC_BUILT(rcar_gen4)
	{.name = "rcar-gen4", .compatible = "renesas,rcar-gen4-ipmmu-vmsa",
	 
	 .marketing = IPFW_SOC_TEXT("R-Car Gen4 (generic)"), .family = IPFW_SOC_RCAR_GEN4, GEN4_FEATURES,
	 .generic = true},
#endif
};

#define IPFW_SOC_N (sizeof(ipfw_soc_table) / sizeof(ipfw_soc_table[0]))

/* PRR fields (docs/ipmmu-vmsa.md section 7): product [14:8], cut [7:0]. */
#define PRR_PRODUCT_MASK 0x7F00u
#define PRR_CUT_MASK 0xFFu
#define PRR_CUT_ES3_0 0x20u

unsigned int ipfw_soc_count(void)
{
	return (unsigned int)IPFW_SOC_N;
}

const struct ipfw_soc *ipfw_soc_at(unsigned int i)
{
	return i < IPFW_SOC_N ? &ipfw_soc_table[i] : 0;
}

const struct ipfw_soc *ipfw_soc_by_compatible(const char *compat)
{
	for (unsigned int i = 0; i < IPFW_SOC_N; i++) {
		if (ipfw_streq(ipfw_soc_table[i].compatible, compat))
			return &ipfw_soc_table[i];
	}
	return 0;
}

const struct ipfw_soc *ipfw_soc_by_compatible_list(const char *list, size_t len)
{
	const char *s;
	int pos = 0, n;

	/* a property is far below 2 GiB (ipfw_dt_check bounds the blob) */
	while ((s = ipfw_strlist_next(list, len < INT32_MAX ? (int)len : INT32_MAX, &pos, &n))) {
		const struct ipfw_soc *soc = ipfw_soc_by_compatible(s);

		if (soc)
			return soc;
	}
	return 0;
}

const struct ipfw_soc *ipfw_soc_by_name(const char *name)
{
	for (unsigned int i = 0; i < IPFW_SOC_N; i++) {
		if (ipfw_streq(ipfw_soc_table[i].name, name))
			return &ipfw_soc_table[i];
	}
	return 0;
}

enum ipfw_soc_verdict ipfw_soc_verdict(const struct ipfw_soc *soc,
				       const struct ipfw_soc_rev *rev)
{
	if (!soc)
		return IPFW_SOC_UNKNOWN;
	switch (soc->deny) {
	case IPFW_SOC_DENY_NONE:
		return IPFW_SOC_ALLOWED;
	case IPFW_SOC_DENY_ALWAYS:
		return IPFW_SOC_DENIED;
	case IPFW_SOC_DENY_BELOW_ES3:
		if (!rev || !rev->known || (rev->prr & PRR_PRODUCT_MASK) != soc->prr_product)
			return IPFW_SOC_UNKNOWN;
		return (rev->prr & PRR_CUT_MASK) < PRR_CUT_ES3_0 ? IPFW_SOC_DENIED
								  : IPFW_SOC_ALLOWED;
	default:
		return IPFW_SOC_UNKNOWN;
	}
}

const char *ipfw_soc_verdict_name(enum ipfw_soc_verdict v)
{
	switch (v) {
	case IPFW_SOC_ALLOWED:
		return "allowed";
	case IPFW_SOC_DENIED:
		return "denied";
	default:
		return "unknown";
	}
}

int ipfw_soc_gate(const struct ipfw_soc *soc, const struct ipfw_soc_rev *rev,
		  bool board_override, enum ipfw_soc_verdict *verdict)
{
	enum ipfw_soc_verdict v = ipfw_soc_verdict(soc, rev);

	if (verdict)
		*verdict = v;
	if (!soc)
		return IPFW_E_NOSOC;
	if (v == IPFW_SOC_ALLOWED || board_override)
		return IPFW_OK;
	return IPFW_E_DENYLISTED;
}
