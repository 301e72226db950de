/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stream table entries and context descriptors (IHI 0070, 5.2 "Stream
 * Table Entry", 5.4 "Context Descriptor"), and the release gate.
 *
 * Updating a live STE: the SMMU may fetch it at any time, so words 1..7
 * are written first (an aborting STE ignores them), then word 0 (V,
 * Config, S1ContextPtr) in one 64-bit store, then CFGI_STE (+ CFGI_CD
 * for a translating STE) + CMD_SYNC so no cached copy of the old entry
 * survives (3.21 "Structure access rules and update procedures").
 */
#include <ipmmu/error.h>
#include <ipmmu/smmuv3.h>

#include "smmuv3_priv.h"

/* sid's STE in memory; NULL when its span has no level-2 table yet. */
static uint64_t *ste_at(const struct ipfw_smmuv3 *s, uint32_t sid)
{
	uint64_t l1, off;
	const uint64_t l2_bytes = (uint64_t)IPFW_SMMUV3_STE_SIZE << s->split;

	if (!s->split)
		return &s->strtab[(size_t)sid * STE_WORDS];
	l1 = ((volatile const uint64_t *)s->strtab)[sid >> s->split];
	off = (l1 & L1STD_L2PTR_MASK) - s->l2_pa;
	if (!(l1 & L1STD_SPAN_MASK) || (l1 & L1STD_L2PTR_MASK) < s->l2_pa ||
	    off / l2_bytes >= s->l2_used || off % l2_bytes)
		return NULL;
	return &s->l2[(size_t)(off / 8u) + (size_t)(sid & ((1u << s->split) - 1u)) * STE_WORDS];
}

/* Give sid's span a level-2 table: every STE abort, then the level-1
 * descriptor (Span = split + 1: the whole table), CFGI_STE_RANGE over the
 * span + CMD_SYNC (the SMMU may cache level-1 descriptors too). */
static int ensure_l2(struct ipfw_smmuv3 *s, uint32_t sid)
{
	const uint32_t n = 1u << s->split;
	const uint64_t cmd[1][2] = {
		{CMD_CFGI_ALL | (uint64_t)(sid & ~(n - 1u)) << CMD_SID_SHIFT, s->split - 1u}};
	volatile uint64_t *l1 = &s->strtab[sid >> s->split];
	uint64_t *t, desc;

	if (ste_at(s, sid))
		return IPFW_OK;
	if (!s->l2 || s->l2_used >= s->nl2)
		return ipfw_smmuv3_fail_(s, IPFW_E_NOSPACE, "level-2 stream tables", sid, s->nl2,
					 s->l2_used);
	t = &s->l2[(size_t)s->l2_used * n * STE_WORDS];
	for (uint32_t i = 0; i < n; i++) {
		for (uint32_t w = 1; w < STE_WORDS; w++)
			t[(size_t)i * STE_WORDS + w] = 0;
		t[(size_t)i * STE_WORDS] = STE0_V; /* Config 0b000: abort */
	}
	ipfw_smmuv3_clean_(s, t, (size_t)IPFW_SMMUV3_STE_SIZE << s->split);
	desc = ((s->l2_pa + ((uint64_t)s->l2_used * IPFW_SMMUV3_STE_SIZE << s->split)) &
		L1STD_L2PTR_MASK) |
	       (s->split + 1u);
	ipfw_mmio_dsb();
	*l1 = desc;
	ipfw_smmuv3_clean_(s, (void *)&s->strtab[sid >> s->split], 8u);
	s->l2_used++;
	/* a read of memory the SMMU shares (volatile), not of the value above */
	if (*l1 != desc) // cppcheck-suppress knownConditionTrueFalse
		return ipfw_smmuv3_fail_(s, IPFW_E_SMMU_STE, "level-1 descriptor", sid, desc, *l1);
	return ipfw_smmuv3_cmds_sync_(s, cmd, 1);
}

/* Write sid's STE, then CFGI_STE (and, for a translating STE, CFGI_CD:
 * the SMMU may hold a CD it fetched for this StreamID before, from earlier
 * firmware) + CMD_SYNC, then read it back. */
static int write_ste(struct ipfw_smmuv3 *s, uint32_t sid, const uint64_t want[STE_WORDS])
{
	const uint64_t cmd[2][2] = {
		{CMD_CFGI_STE | (uint64_t)sid << CMD_SID_SHIFT, CMD1_LEAF},
		{CMD_CFGI_CD | (uint64_t)sid << CMD_SID_SHIFT, CMD1_LEAF}, /* SubstreamID 0 */
	};
	const bool translate =
		((want[0] & STE0_CONFIG_MASK) >> STE0_CONFIG_SHIFT) == STE_CONFIG_S1;
	uint64_t *raw;
	volatile uint64_t *ste;
	int err;

	if (!s || !s->enabled)
		return IPFW_E_STATE;
	if (sid >> s->sid_bits)
		return ipfw_smmuv3_fail_(s, IPFW_E_SMMU_SID, "StreamID", sid, 1u << s->sid_bits, sid);
	if (s->split) {
		err = ensure_l2(s, sid);
		if (err)
			return err;
	}
	raw = ste_at(s, sid);
	ste = raw; /* read back through volatile: what memory holds */
	for (uint32_t w = 1; w < STE_WORDS; w++)
		ste[w] = want[w];
	ipfw_mmio_dsb(); /* the SMMU must never see the new word 0 with old words */
	ste[0] = want[0];
	ipfw_smmuv3_clean_(s, raw, IPFW_SMMUV3_STE_SIZE);
	err = ipfw_smmuv3_cmds_sync_(s, cmd, translate ? 2u : 1u);
	if (err)
		return err;
	for (uint32_t w = 0; w < STE_WORDS; w++) {
		if (ste[w] != want[w])
			return ipfw_smmuv3_fail_(s, IPFW_E_SMMU_STE, w ? "STE word 1-7" : "STE word 0",
						 sid, want[w], ste[w]);
	}
	return IPFW_OK;
}

int ipfw_smmuv3_attach(struct ipfw_smmuv3 *s, const struct ipfw_smmuv3_domain *d, uint32_t sid)
{
	uint64_t ste[STE_WORDS] = {0};

	if (!d)
		return IPFW_E_INVAL;
	ste[0] = STE0_V | (uint64_t)STE_CONFIG_S1 << STE0_CONFIG_SHIFT |
		 (d->cd_pa & STE0_S1CTXPTR_MASK); /* S1Fmt 0, S1CDMax 0: one CD */
	ste[1] = (s && s->feat.coherent ? STE1_S1_COHERENT : 0u) | STE1_SHCFG_INCOMING;
	return write_ste(s, sid, ste);
}

int ipfw_smmuv3_abort(struct ipfw_smmuv3 *s, uint32_t sid)
{
	const uint64_t ste[STE_WORDS] = {STE0_V}; /* Config 0b000: abort */

	return write_ste(s, sid, ste);
}

int ipfw_smmuv3_bypass(struct ipfw_smmuv3 *s, uint32_t sid)
{
	const uint64_t ste[STE_WORDS] = {STE0_V | (uint64_t)STE_CONFIG_BYPASS << STE0_CONFIG_SHIFT,
					 STE1_SHCFG_INCOMING};

	return write_ste(s, sid, ste);
}

int ipfw_smmuv3_domain_init(struct ipfw_smmuv3 *s, struct ipfw_smmuv3_domain *d,
			    const struct ipfw_lpae_ctx *tables, uint16_t asid)
{
	struct ipfw_lpae_regs r;
	int err;

	if (!s || !d || !tables)
		return IPFW_E_INVAL;
	err = ipfw_lpae_regs(tables, &r);
	if (err)
		return err;
	return ipfw_smmuv3_domain_from_regs(s, d, &r, asid);
}

int ipfw_smmuv3_domain_from_regs(struct ipfw_smmuv3 *s, struct ipfw_smmuv3_domain *d,
				 const struct ipfw_lpae_regs *regs, uint16_t asid)
{
	uint64_t *raw;
	volatile uint64_t *cd;
	uint64_t want[CD_WORDS] = {0};
	struct ipfw_lpae_regs r;

	if (!s || !d || !regs)
		return IPFW_E_INVAL;
	r = *regs;
	/* AArch64 stage 1, 4 KiB granule: a 32-bit input starts at level 1
	 * with a 4-entry table, the S1-32 layout (T0SZ 32). */
	if (r.ias != 32u || r.start_level != 1u || r.t0sz != 32u)
		return ipfw_smmuv3_fail_(s, IPFW_E_FORMAT, "tables (need S1-32)", 0, 32u, r.ias);
	if (s->cds_used >= s->ncds)
		return ipfw_smmuv3_fail_(s, IPFW_E_NOSPACE, "CDs", 0, s->ncds, s->cds_used);
	if ((!s->feat.asid16 && asid > 0xFFu) || r.oas > s->feat.oas_bits || (r.ttbr >> r.oas))
		return ipfw_smmuv3_fail_(s, IPFW_E_RANGE, "ASID/OAS", 0, s->feat.oas_bits, r.oas);

	/* T0SZ; IR0/OR0/SH0 are where the AArch32 TTBCR keeps them; TG0 0
	 * (4 KiB); TT1 disabled; 40-bit IPS from the tables' output size. */
	want[0] = r.t0sz | ((uint64_t)r.tcr & CD0_WALK_MASK) | CD0_EPD1 | CD0_V |
		  (uint64_t)r.ps << CD0_IPS_SHIFT | CD0_AA64 | CD0_R | CD0_A | CD0_ASET |
		  (uint64_t)asid << CD0_ASID_SHIFT;
	want[1] = r.ttbr & CD1_TTB0_MASK;
	want[3] = r.mair; /* MAIR0 in [31:0], MAIR1 in [63:32]: the AArch64 layout */

	d->cd = s->cds_used;
	d->cd_pa = s->cds_pa + (uint64_t)d->cd * IPFW_SMMUV3_CD_SIZE;
	d->ttb = r.ttbr;
	d->asid = asid;
	raw = &s->cds[(size_t)d->cd * CD_WORDS];
	cd = raw;
	for (uint32_t w = 0; w < CD_WORDS; w++)
		cd[w] = want[w];
	ipfw_smmuv3_clean_(s, raw, IPFW_SMMUV3_CD_SIZE);
	for (uint32_t w = 0; w < CD_WORDS; w++) {
		if (cd[w] != want[w])
			return ipfw_smmuv3_fail_(s, IPFW_E_SMMU_CD, "CD", 0, want[w], cd[w]);
	}
	s->cds_used++;
	return IPFW_OK;
}

static enum ipfw_smmuv3_ste_kind kind_of(uint64_t w0)
{
	if (!(w0 & STE0_V))
		return IPFW_SMMUV3_STE_INVALID;
	switch ((w0 & STE0_CONFIG_MASK) >> STE0_CONFIG_SHIFT) {
	case STE_CONFIG_ABORT:
		return IPFW_SMMUV3_STE_ABORT;
	case STE_CONFIG_BYPASS:
		return IPFW_SMMUV3_STE_BYPASS;
	case STE_CONFIG_S1:
		return IPFW_SMMUV3_STE_TRANSLATE;
	default:
		return IPFW_SMMUV3_STE_OTHER;
	}
}

/* The CD at a bus address, if it is one of ours. */
static const volatile uint64_t *cd_at(const struct ipfw_smmuv3 *s, uint64_t pa)
{
	uint64_t off = pa - s->cds_pa;

	if (pa < s->cds_pa || off % IPFW_SMMUV3_CD_SIZE || off / IPFW_SMMUV3_CD_SIZE >= s->cds_used)
		return NULL;
	return &s->cds[off / IPFW_SMMUV3_CD_SIZE * CD_WORDS];
}

int ipfw_smmuv3_ste_read(const struct ipfw_smmuv3 *s, uint32_t sid,
			 struct ipfw_smmuv3_ste_state *st)
{
	const volatile uint64_t *ste;
	const volatile uint64_t *cd;

	if (!s || !st || !s->strtab)
		return IPFW_E_INVAL;
	if (sid >> s->sid_bits)
		return IPFW_E_SMMU_SID;
	ste = ste_at(s, sid);
	if (!ste) { /* no level-2 table: the SMMU aborts it (C_BAD_STREAMID) */
		*st = (struct ipfw_smmuv3_ste_state){IPFW_SMMUV3_STE_INVALID, 0, 0, 0};
		return IPFW_OK;
	}
	*st = (struct ipfw_smmuv3_ste_state){kind_of(ste[0]), 0, 0, 0};
	if (st->kind != IPFW_SMMUV3_STE_TRANSLATE)
		return IPFW_OK;
	st->cd_pa = ste[0] & STE0_S1CTXPTR_MASK;
	cd = cd_at(s, st->cd_pa);
	if (cd && (cd[0] & CD0_V)) {
		st->ttb = cd[1] & CD1_TTB0_MASK;
		st->asid = (uint16_t)(cd[0] >> CD0_ASID_SHIFT);
	}
	return IPFW_OK;
}

int ipfw_smmuv3_is_live(struct ipfw_smmuv3 *s, const struct ipfw_smmuv3_domain *d, uint32_t sid)
{
	struct ipfw_smmuv3_ste_state st;
	uint32_t ack, gerr;
	int err;

	if (!s || !d)
		return IPFW_E_INVAL;
	ack = ipfw_smmuv3_rd_(s, SMMU_CR0ACK);
	if (!(ack & CR0_SMMUEN) || !s->enabled)
		return ipfw_smmuv3_fail_(s, IPFW_E_NOTREADY, "CR0ACK.SMMUEN", sid, CR0_SMMUEN, ack);
	gerr = ipfw_smmuv3_rd_(s, SMMU_GERROR) ^ ipfw_smmuv3_rd_(s, SMMU_GERRORN);
	if (gerr || s->broken)
		return ipfw_smmuv3_fail_(s, IPFW_E_NOTREADY, "GERROR", sid, 0, gerr);
	err = ipfw_smmuv3_ste_read(s, sid, &st);
	if (err)
		return ipfw_smmuv3_fail_(s, err, "StreamID", sid, 1u << s->sid_bits, sid);
	if (st.kind != IPFW_SMMUV3_STE_TRANSLATE || st.cd_pa != d->cd_pa)
		return ipfw_smmuv3_fail_(s, IPFW_E_NOTREADY, "STE (not translating via the CD)", sid,
					 d->cd_pa, st.cd_pa);
	if (st.ttb != (d->ttb & CD1_TTB0_MASK) || st.asid != d->asid)
		return ipfw_smmuv3_fail_(s, IPFW_E_NOTREADY, "CD (tables or ASID)", sid, d->ttb,
					 st.ttb);
	/* Synchronised: the command queue is drained up to our last SYNC. */
	if ((ipfw_smmuv3_rd_(s, SMMU_CMDQ_CONS) & ((2u << s->cmdq_log2) - 1u)) != s->cmdq_prod ||
	    !s->syncs)
		return ipfw_smmuv3_fail_(s, IPFW_E_NOTREADY, "CMDQ (CFGI/SYNC not done)", sid,
					 s->cmdq_prod, ipfw_smmuv3_rd_(s, SMMU_CMDQ_CONS));
	return IPFW_OK;
}
