/* SPDX-License-Identifier: BSD-3-Clause */
/* ID registers and the default-deny bring-up (IHI 0070, 6.3 "Register
 * formats"; the enable order follows "SMMU initialization" in 6.3.9). */
#include <ipmmu/error.h>
#include <ipmmu/smmuv3.h>

#include "smmuv3_priv.h"

int ipfw_smmuv3_probe(uintptr_t base, struct ipfw_smmuv3_features *f)
{
	uint32_t idr0, idr1, idr5;
	static const uint8_t oas_bits[8] = {32, 36, 40, 42, 44, 48, 52, 0};

	if (!f)
		return IPFW_E_INVAL;
	idr0 = ipfw_mmio_read32(base + SMMU_IDR0);
	idr1 = ipfw_mmio_read32(base + SMMU_IDR1);
	idr5 = ipfw_mmio_read32(base + SMMU_IDR5);
	f->idr0 = idr0;
	f->idr1 = idr1;
	f->idr5 = idr5;
	f->s1 = idr0 & IDR0_S1P;
	f->s2 = idr0 & IDR0_S2P;
	f->aa64 = ((idr0 >> IDR0_TTF_SHIFT) & 3u) & IDR0_TTF_AA64;
	f->coherent = idr0 & IDR0_COHACC;
	f->two_level = ((idr0 >> IDR0_ST_LEVEL_SHIFT) & 3u) == 1u;
	f->asid16 = idr0 & IDR0_ASID16;
	f->sid_bits = idr1 & IDR1_SIDSIZE_MASK;
	f->cmdq_log2 = (idr1 >> IDR1_CMDQS_SHIFT) & IDR1_QS_MASK;
	f->evtq_log2 = (idr1 >> IDR1_EVENTQS_SHIFT) & IDR1_QS_MASK;
	f->oas_bits = oas_bits[idr5 & IDR5_OAS_MASK];
	f->gran4k = idr5 & IDR5_GRAN4K;
	/* TTENDIAN 0b11 is big-endian walks only; this driver writes
	 * little-endian tables. */
	if (!f->s1 || !f->aa64 || !f->gran4k || ((idr0 >> IDR0_TTENDIAN_SHIFT) & 3u) == 3u ||
	    !f->oas_bits)
		return IPFW_E_SMMU_FEATURE;
	/* Fixed table or queue bases (IDR1.TABLES/QUEUES_PRESET) would
	 * ignore the caller's memory. */
	if (idr1 & (IDR1_TABLES_PRESET | IDR1_QUEUES_PRESET))
		return IPFW_E_SMMU_FEATURE;
	return IPFW_OK;
}

static bool aligned_to(uint64_t pa, uint64_t size)
{
	return (pa & (size - 1u)) == 0;
}

static int check_mem(const struct ipfw_smmuv3_features *f, const struct ipfw_smmuv3_mem *m)
{
	if (!m->strtab || !m->cmdq || !m->evtq || (!m->cds && m->ncds))
		return IPFW_E_INVAL;
	if (m->sid_bits > f->sid_bits || m->sid_bits > 16u || m->cmdq_log2 > f->cmdq_log2 ||
	    m->evtq_log2 > f->evtq_log2 || m->cmdq_log2 < 2u) /* a batch is up to 3 */
		return IPFW_E_INVAL;
	if (m->split) {
		uint64_t l1;

		/* SPLIT 6, 8 or 10 (the others are reserved); below sid_bits */
		if (!f->two_level)
			return IPFW_E_SMMU_FEATURE;
		if ((m->split != 6u && m->split != 8u && m->split != 10u) ||
		    m->split >= m->sid_bits || !m->l2 || !m->nl2)
			return IPFW_E_INVAL;
		l1 = 8ull << (m->sid_bits - m->split);
		if (!aligned_to(m->strtab_pa, l1 < 64u ? 64u : l1) ||
		    !aligned_to(m->l2_pa, (uint64_t)IPFW_SMMUV3_STE_SIZE << m->split))
			return IPFW_E_ALIGN;
		/* the last byte of the last level-2 table inside the output range */
		if ((m->l2_pa + ((uint64_t)m->nl2 * IPFW_SMMUV3_STE_SIZE << m->split) - 1u) >>
		    f->oas_bits)
			return IPFW_E_RANGE;
	} else if (!aligned_to(m->strtab_pa, (uint64_t)IPFW_SMMUV3_STE_SIZE << m->sid_bits)) {
		return IPFW_E_ALIGN;
	}
	/* each structure aligned to its own size (queues: at least 32 B) */
	if (!aligned_to(m->cmdq_pa, (uint64_t)IPFW_SMMUV3_CMD_SIZE << m->cmdq_log2) ||
	    !aligned_to(m->evtq_pa, (uint64_t)IPFW_SMMUV3_EVT_SIZE << m->evtq_log2) ||
	    !aligned_to(m->cds_pa, IPFW_SMMUV3_CD_SIZE))
		return IPFW_E_ALIGN;
	if ((m->strtab_pa | m->cmdq_pa | m->evtq_pa | m->cds_pa) >> f->oas_bits)
		return IPFW_E_RANGE;
	return IPFW_OK;
}

static int write64_checked(struct ipfw_smmuv3 *s, uint32_t off, uint64_t v, const char *what)
{
	uint64_t back;

	ipfw_smmuv3_wr_(s, off, (uint32_t)v);
	ipfw_smmuv3_wr_(s, off + 4u, (uint32_t)(v >> 32));
	back = ipfw_smmuv3_rd_(s, off) | (uint64_t)ipfw_smmuv3_rd_(s, off + 4u) << 32;
	if (back != v)
		return ipfw_smmuv3_fail_(s, IPFW_E_READBACK, what, 0, v, back);
	return IPFW_OK;
}

static int write32_checked(struct ipfw_smmuv3 *s, uint32_t off, uint32_t v, const char *what)
{
	uint32_t back;

	ipfw_smmuv3_wr_(s, off, v);
	back = ipfw_smmuv3_rd_(s, off);
	if (back != v)
		return ipfw_smmuv3_fail_(s, IPFW_E_READBACK, what, 0, v, back);
	return IPFW_OK;
}

/* CR0 takes effect when CR0ACK says so. */
static int set_cr0(struct ipfw_smmuv3 *s, uint32_t v)
{
	ipfw_smmuv3_wr_(s, SMMU_CR0, v);
	return ipfw_smmuv3_wait_(s, SMMU_CR0ACK, CR0_SMMUEN | CR0_EVENTQEN | CR0_CMDQEN, v,
				 "CR0ACK");
}

static void abort_all(struct ipfw_smmuv3 *s)
{
	uint32_t n = 1u << s->sid_bits;

	if (s->split) { /* no level-2 table yet: every span aborts */
		for (uint32_t i = 0; i < n >> s->split; i++)
			s->strtab[i] = 0;
		ipfw_smmuv3_clean_(s, s->strtab, (size_t)8u << (s->sid_bits - s->split));
		return;
	}

	for (uint32_t i = 0; i < n; i++) {
		uint64_t *ste = &s->strtab[(size_t)i * STE_WORDS];

		for (uint32_t w = 1; w < STE_WORDS; w++)
			ste[w] = 0;
		ste[0] = STE0_V; /* Config 0b000: abort */
	}
	ipfw_smmuv3_clean_(s, s->strtab, (size_t)IPFW_SMMUV3_STE_SIZE << s->sid_bits);
}

static int bring_up(struct ipfw_smmuv3 *s)
{
	static const uint64_t reset_cmds[2][2] = {
		{CMD_CFGI_ALL, CMD1_RANGE_ALL},
		{CMD_TLBI_NSNH_ALL, 0},
	};
	uint32_t cr1 = s->feat.coherent ? CR1_COHERENT : 0u;
	int err;

	/* 1. off, and abort everything while it is off */
	err = set_cr0(s, 0);
	if (!err) {
		ipfw_smmuv3_wr_(s, SMMU_GBPA, GBPA_UPDATE | GBPA_ABORT);
		err = ipfw_smmuv3_wait_(s, SMMU_GBPA, GBPA_UPDATE, 0, "GBPA.UPDATE");
	}
	if (err)
		return err;
	/* GBPA only acts while SMMUEN is 0. An SMMU whose GBPA.ABORT does not
	 * stick (QEMU 7.2 implements no GBPA and bypasses while disabled) is
	 * said so in gbpa_abort: the caller must keep masters held until
	 * SMMUEN, which this function sets before it returns. */
	s->gbpa_abort = (ipfw_smmuv3_rd_(s, SMMU_GBPA) & GBPA_ABORT) != 0;
	ipfw_smmuv3_wr_(s, SMMU_IRQ_CTRL, 0); /* polled: no interrupts */

	/* 2. structures: every STE aborts before the table is live */
	abort_all(s);
	err = write32_checked(s, SMMU_CR1, cr1, "CR1");
	if (!err)
		err = write32_checked(s, SMMU_CR2, CR2_RECINVSID, "CR2");
	if (!err)
		err = write64_checked(s, SMMU_STRTAB_BASE, s->strtab_pa & STRTAB_BASE_ADDR_MASK,
				      "STRTAB_BASE");
	if (!err)
		err = write32_checked(s, SMMU_STRTAB_BASE_CFG,
				      (s->split ? STRTAB_BASE_CFG_FMT_2LVL |
							  s->split << STRTAB_BASE_CFG_SPLIT_SHIFT
						: STRTAB_BASE_CFG_FMT_LINEAR) |
					      s->sid_bits,
				      "STRTAB_BASE_CFG");
	if (!err)
		err = write64_checked(s, SMMU_CMDQ_BASE,
				      (s->cmdq_pa & QUEUE_BASE_ADDR_MASK) | s->cmdq_log2, "CMDQ_BASE");
	if (!err)
		err = write32_checked(s, SMMU_CMDQ_PROD, 0, "CMDQ_PROD");
	if (!err)
		err = write32_checked(s, SMMU_CMDQ_CONS, 0, "CMDQ_CONS");
	if (!err)
		err = write64_checked(s, SMMU_EVENTQ_BASE,
				      (s->evtq_pa & QUEUE_BASE_ADDR_MASK) | s->evtq_log2,
				      "EVENTQ_BASE");
	if (!err)
		err = write32_checked(s, SMMU_EVENTQ_PROD, 0, "EVENTQ_PROD");
	if (!err)
		err = write32_checked(s, SMMU_EVENTQ_CONS, 0, "EVENTQ_CONS");
	if (err)
		return err;

	/* 3. queues on; forget anything cached from before; then translate */
	err = set_cr0(s, CR0_CMDQEN | CR0_EVENTQEN);
	if (!err)
		err = ipfw_smmuv3_cmds_sync_(s, reset_cmds, 2);
	if (!err)
		err = set_cr0(s, CR0_CMDQEN | CR0_EVENTQEN | CR0_SMMUEN);
	s->enabled = err == IPFW_OK;
	return err;
}

int ipfw_smmuv3_init(struct ipfw_smmuv3 *s, uintptr_t base, const struct ipfw_smmuv3_mem *mem,
		     const struct ipfw_poll_limit *limit, const struct ipfw_delay *delay,
		     ipfw_lpae_clean_fn *clean, void *clean_arg)
{
	int err;

	if (!s || !mem || !limit || !limit->tries)
		return IPFW_E_INVAL;
	*s = (struct ipfw_smmuv3){0};
	s->base = base;
	s->limit = *limit;
	if (delay)
		s->delay = *delay;
	s->clean = clean;
	s->clean_arg = clean_arg;
	err = ipfw_smmuv3_probe(base, &s->feat);
	if (!err)
		err = check_mem(&s->feat, mem);
	if (err)
		return ipfw_smmuv3_fail_(s, err, err == IPFW_E_SMMU_FEATURE ? "IDR0/IDR1/IDR5" : "mem",
					 0, 0, s->feat.idr0);
	s->strtab = mem->strtab;
	s->strtab_pa = mem->strtab_pa;
	s->sid_bits = mem->sid_bits;
	s->split = mem->split;
	s->l2 = mem->l2;
	s->l2_pa = mem->l2_pa;
	s->nl2 = mem->nl2;
	s->cmdq = mem->cmdq;
	s->cmdq_pa = mem->cmdq_pa;
	s->cmdq_log2 = mem->cmdq_log2;
	s->evtq = mem->evtq;
	s->evtq_pa = mem->evtq_pa;
	s->evtq_log2 = mem->evtq_log2;
	s->cds = mem->cds;
	s->cds_pa = mem->cds_pa;
	s->ncds = mem->ncds;
	return bring_up(s);
}
