/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Per-SoC IPMMU-VMSA features, as data (docs/ipmmu-vmsa.md sections 2.3 and 3).
 *
 * One entry per SoC: R-Car Gen3 (r8a7795 r8a7796 r8a77961 r8a77965
 * r8a77970 r8a77980 r8a77990 r8a77995), RZ/G2 (r8a774a1 r8a774b1 r8a774c0
 * r8a774e1), R-Car Gen4 (r8a779a0 r8a779f0 r8a779g0 r8a779h0), plus one
 * entry for the generic "renesas,rcar-gen4-ipmmu-vmsa" string.
 *
 * The DT layer looks an IPMMU node up by its compatible strings, in the
 * order the node lists them (Gen4 nodes list the SoC string first and the
 * generic one second, so the SoC entry wins).
 *
 * Denylist (docs/ipmmu-vmsa.md section 9, pitfall 10): Linux refuses the IPMMU
 * on r8a774a1, r8a7796 and r8a7795 before ES3.0. Deciding H3 needs the
 * revision, which the board supplies as the PRR value when it knows it.
 * A denied SoC is a warning the board may override, never a silent pass:
 * the verdict is always reported.
 */
#ifndef IPMMU_SOC_H
#define IPMMU_SOC_H

#include <ipmmu/types.h>

#include <ipmmu/config.h>
#include <ipmmu/iommu.h>

enum ipfw_soc_family {
	IPFW_SOC_RCAR_GEN3,
	IPFW_SOC_RZG2,
	IPFW_SOC_RCAR_GEN4,
};

/* How the Linux denylist treats a SoC. */
enum ipfw_soc_deny_rule {
	IPFW_SOC_DENY_NONE,       /* every revision allowed */
	IPFW_SOC_DENY_ALWAYS,     /* every revision refused */
	IPFW_SOC_DENY_BELOW_ES3,  /* refused unless PRR cut >= ES3.0 (0x20) */
};

struct ipfw_soc {
	const char *name;       /* "r8a7795"; "rcar-gen4" for the generic entry */
	const char *compatible; /* exactly as in the device tree */
	const char *marketing;  /* "R-Car H3"; NULL without texts (ipmmu/config.h) */
	enum ipfw_soc_family family;
	uint8_t gen;            /* 3 (Gen3 and RZ/G2) or 4 */
	uint8_t num_ctx;        /* context banks on the root */
	uint8_t num_utlbs;      /* uTLBs per cache IPMMU */
	uint8_t ttsel_bits;     /* width of IMUCTR.TTSEL at [..:4] */
	uint32_t reserved_ctx;  /* contexts nobody may allocate (bit n = ctx n) */
	bool walk_snoop;        /* table walk may snoop CPU caches */
	bool generic;           /* not one SoC: the Gen4 generic compatible */
	uint32_t ctx_base;      /* offset of context 0's block */
	uint32_t ctx_stride;    /* distance between context blocks */
	uint32_t ctx_jump;      /* extra offset for contexts 8 and up */
	uint32_t utlb_base;     /* added to IMUCTR/IMUASID offsets */
	uint32_t ctrl_base;     /* added to IMSCTLR/IMSAUXCTLR offsets */
	uint32_t reg_size;      /* size of the register window */
	uint16_t prr_product;   /* PRR[14:8] << 8 where recorded, else 0 */
	enum ipfw_soc_deny_rule deny;
};

/* Entry for a compatible string (exact match), or NULL. */
const struct ipfw_soc *ipfw_soc_by_compatible(const char *compat);

/*
 * First entry matching any string of a DT "compatible" property value
 * (NUL-separated strings, `len` bytes), in the order listed; NULL when
 * none matches. A last string without its NUL is not read
 * (ipfw_strlist_next).
 */
const struct ipfw_soc *ipfw_soc_by_compatible_list(const char *list, size_t len);

/* Entry for a SoC name ("r8a7795"), or NULL. */
const struct ipfw_soc *ipfw_soc_by_name(const char *name);

/* Iterate the table: entries 0..ipfw_soc_count()-1; NULL past the end. */
unsigned int ipfw_soc_count(void);
const struct ipfw_soc *ipfw_soc_at(unsigned int i);

/* struct ipfw_soc_rev and enum ipfw_soc_verdict: ipmmu/iommu.h (drivers
 * describe their hardware to the plan with them). */

/* Denylist decision for a SoC; rev may be NULL (unknown). */
enum ipfw_soc_verdict ipfw_soc_verdict(const struct ipfw_soc *soc,
				       const struct ipfw_soc_rev *rev);

/* "allowed", "denied", "unknown". */
const char *ipfw_soc_verdict_name(enum ipfw_soc_verdict v);

/*
 * The gate the boot flow applies: *verdict (if not NULL) always receives the
 * decision so the caller can print it. Returns IPFW_OK when allowed or when
 * board_override is set, IPFW_E_DENYLISTED when denied or unknown without
 * override, IPFW_E_NOSOC for a NULL soc.
 */
int ipfw_soc_gate(const struct ipfw_soc *soc, const struct ipfw_soc_rev *rev,
		  bool board_override, enum ipfw_soc_verdict *verdict);

#endif /* IPMMU_SOC_H */
