/* SPDX-License-Identifier: BSD-3-Clause */
/* Behavioural SMMUv3 (see smmuv3_model.h). Facts from Arm IHI 0070. */
#include "smmuv3_model.h"

#include "mmio_bus.h"

/* Register offsets (IHI 0070, 6.2 "Register overview") */
enum {
	R_IDR0 = 0x00, R_IDR1 = 0x04, R_IDR5 = 0x14, R_CR0 = 0x20, R_CR0ACK = 0x24,
	R_CR1 = 0x28, R_CR2 = 0x2C, R_GBPA = 0x44, R_IRQ_CTRL = 0x50, R_IRQ_CTRLACK = 0x54,
	R_GERROR = 0x60, R_GERRORN = 0x64, R_STRTAB_BASE = 0x80, R_STRTAB_BASE_HI = 0x84,
	R_STRTAB_BASE_CFG = 0x88, R_CMDQ_BASE = 0x90, R_CMDQ_BASE_HI = 0x94, R_CMDQ_PROD = 0x98,
	R_CMDQ_CONS = 0x9C, R_EVENTQ_BASE = 0xA0, R_EVENTQ_BASE_HI = 0xA4,
	R_EVENTQ_PROD = 0x100A8, R_EVENTQ_CONS = 0x100AC,
};

#define EN_SMMU 0x1u
#define EN_EVTQ 0x4u
#define EN_CMDQ 0x8u
#define GERR_CMDQ 0x1u
#define GERR_EVTQ_ABT 0x4u
#define ADDR_51_6 0x000FFFFFFFFFFFC0ull
#define ADDR_51_5 0x000FFFFFFFFFFFE0ull
#define ADDR_51_4 0x000FFFFFFFFFFFF0ull
#define ADDR_47_12 0x0000FFFFFFFFF000ull

/* event types (IHI 0070, 7.3) */
enum {
	E_BAD_STREAMID = 0x02, E_STE_FETCH = 0x03, E_BAD_STE = 0x04, E_CD_FETCH = 0x09,
	E_BAD_CD = 0x0A, E_WALK_EABT = 0x0B, E_TRANSLATION = 0x10, E_ADDR_SIZE = 0x11,
	E_ACCESS = 0x12, E_PERMISSION = 0x13,
};

void sm_init(struct smmuv3_model *m, uintptr_t base)
{
	*m = (struct smmuv3_model){0};
	m->base = base;
	m->idr0 = 0x0d40101au;
	m->idr1 = 0x02730010u;
	m->idr5 = 0x00000074u;
}

int sm_add_ram(struct smmuv3_model *m, uint64_t pa, void *cpu, size_t size)
{
	if (m->nram >= SM_MAX_RAM)
		return -1;
	m->ram[m->nram].pa = pa;
	m->ram[m->nram].cpu = cpu;
	m->ram[m->nram].size = size;
	m->nram++;
	return 0;
}

static uint64_t *mem64(const struct smmuv3_model *m, uint64_t pa)
{
	for (unsigned int i = 0; i < m->nram; i++) {
		uint64_t b = m->ram[i].pa;

		if (pa >= b && pa + 8u <= b + m->ram[i].size && !(pa & 7u))
			return (uint64_t *)(void *)(m->ram[i].cpu + (pa - b));
	}
	return NULL;
}

static bool read_words(const struct smmuv3_model *m, uint64_t pa, uint64_t *out, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		const uint64_t *p = mem64(m, pa + 8u * i);

		if (!p)
			return false;
		out[i] = *p;
	}
	return true;
}

/* ------------------------------------------------------------ queues */

static uint32_t q_log2(uint64_t base)
{
	return (uint32_t)(base & 0x1Fu);
}

/* index + wrap bit mask of a queue of 2^log2 entries */
static uint32_t q_mask(uint32_t log2)
{
	return (2u << log2) - 1u;
}

static void record(struct smmuv3_model *m, uint8_t type, uint32_t sid, uint64_t w1, uint64_t addr)
{
	uint32_t log2 = q_log2(m->evtq_base), msk = q_mask(log2);
	uint32_t prod = m->evtq_prod & msk, cons = m->evtq_cons & msk;
	uint64_t rec[4] = {type | (uint64_t)sid << 32, w1, addr, 0};
	uint64_t at;

	if (!(m->cr0ack & EN_EVTQ)) {
		m->lost++;
		return;
	}
	if ((prod ^ cons) == (1u << log2)) { /* full: the record is lost */
		m->evtq_prod ^= 0x80000000u;     /* PROD.OVFLG toggles */
		m->lost++;
		return;
	}
	at = (m->evtq_base & ADDR_51_5) + (uint64_t)(prod & ((1u << log2) - 1u)) * 32u;
	for (unsigned int i = 0; i < 4; i++) {
		uint64_t *p = mem64(m, at + 8u * i);

		if (!p) {
			m->gerror ^= ((m->gerror ^ m->gerrorn) & GERR_EVTQ_ABT) ? 0 : GERR_EVTQ_ABT;
			m->lost++;
			return;
		}
		*p = rec[i];
	}
	m->evtq_prod = (m->evtq_prod & 0x80000000u) | ((prod + 1u) & msk);
	m->events++;
}

bool sm_event_peek(const struct smmuv3_model *m, unsigned int i, uint64_t rec[4])
{
	uint32_t log2 = q_log2(m->evtq_base), msk = q_mask(log2);
	uint32_t idx = (m->evtq_cons + i) & msk;

	if (i >= ((m->evtq_prod - m->evtq_cons) & msk))
		return false;
	return read_words(m, (m->evtq_base & ADDR_51_5) + (uint64_t)(idx & ((1u << log2) - 1u)) * 32u,
			  rec, 4);
}

/* ------------------------------------------------------------ config cache */

/* The cache keeps an StreamID's STE and its CD apart, keyed by StreamID:
 * CFGI_STE(_RANGE) drops STEs, CFGI_CD(_ALL) CDs, CFGI_ALL both. So a CD
 * changed behind a StreamID without CFGI_CD stays in use (the harshest
 * reading; a driver that invalidates what it changed works either way). */
static void drop(struct smmuv3_model *m, uint32_t sid, uint32_t span_log2, bool ste, bool cd)
{
	for (unsigned int i = 0; i < SM_CACHE; i++) {
		struct sm_cached *c = &m->cache[i];

		if (!c->valid || (span_log2 < 32 && (c->sid >> span_log2) != (sid >> span_log2)))
			continue;
		c->ste_valid &= !ste;
		c->cd_valid &= !cd;
		c->valid = c->ste_valid || c->cd_valid;
	}
}

static struct sm_cached *lookup(struct smmuv3_model *m, uint32_t sid)
{
	for (unsigned int i = 0; i < SM_CACHE; i++) {
		if (m->cache[i].valid && m->cache[i].sid == sid)
			return &m->cache[i];
	}
	return NULL;
}

/* ------------------------------------------------------------ commands */

static bool execute(struct smmuv3_model *m, const uint64_t c[2])
{
	struct sm_cmd e = {(uint8_t)c[0], (uint32_t)(c[0] >> 32), (uint16_t)(c[0] >> 48), 0};

	if (e.op == m->illegal_op && m->illegal_op)
		return false;
	switch (e.op) {
	case 0x01: /* CMD_PREFETCH_CONFIG */
	case 0x10: /* CMD_TLBI_NH_ALL */
	case 0x11: /* CMD_TLBI_NH_ASID */
	case 0x12: /* CMD_TLBI_NH_VA */
	case 0x20: /* CMD_TLBI_EL2_ALL */
	case 0x30: /* CMD_TLBI_NSNH_ALL */
		break;
	case 0x03: /* CMD_CFGI_STE */
		drop(m, e.sid, 0, true, false);
		break;
	case 0x04: /* CMD_CFGI_STE_RANGE: 2^(Range + 1) StreamIDs; 31 = CMD_CFGI_ALL */
		e.range = (uint32_t)(c[1] & 31u);
		if (e.range == 31u)
			drop(m, e.sid, 32u, true, true);
		else
			drop(m, e.sid, e.range + 1u, true, false);
		break;
	case 0x05: /* CMD_CFGI_CD */
	case 0x06: /* CMD_CFGI_CD_ALL */
		drop(m, e.sid, 0, false, true);
		break;
	case 0x46: /* CMD_SYNC: CS 0b11 is reserved */
		if (((c[0] >> 12) & 3u) == 3u)
			return false;
		m->syncs++;
		break;
	default:
		return false;
	}
	if (m->nlog < SM_LOG)
		m->log[m->nlog++] = e;
	return true;
}

static void consume(struct smmuv3_model *m)
{
	uint32_t log2 = q_log2(m->cmdq_base), msk = q_mask(log2);

	if (!(m->cr0ack & EN_CMDQ) || ((m->gerror ^ m->gerrorn) & GERR_CMDQ))
		return;
	while ((m->cmdq_cons & msk) != (m->cmdq_prod & msk)) {
		uint64_t c[2];
		uint64_t at = (m->cmdq_base & ADDR_51_5) +
			      (uint64_t)(m->cmdq_cons & ((1u << log2) - 1u)) * 16u;
		uint32_t err = 0;

		if (!read_words(m, at, c, 2))
			err = 2; /* CERROR_ABT */
		else if (!execute(m, c))
			err = 1; /* CERROR_ILL */
		if (err) {
			m->cmdq_cons = (m->cmdq_cons & msk) | err << 24;
			m->gerror ^= GERR_CMDQ;
			return;
		}
		m->cmdq_cons = (m->cmdq_cons + 1u) & msk;
	}
}

/* ------------------------------------------------------------ registers */

uint32_t sm_read32(struct smmuv3_model *m, uint32_t off)
{
	switch (off) {
	case R_IDR0: return m->idr0;
	case R_IDR1: return m->idr1;
	case R_IDR5: return m->idr5;
	case R_CR0: return m->cr0;
	case R_CR0ACK: return m->cr0ack;
	case R_CR1: return m->cr1;
	case R_CR2: return m->cr2;
	case R_GBPA: return m->gbpa_raz ? 0u : m->gbpa;
	case R_IRQ_CTRL: return m->irq_ctrl;
	case R_IRQ_CTRLACK: return m->irq_ctrl;
	case R_GERROR: return m->gerror;
	case R_GERRORN: return m->gerrorn;
	case R_STRTAB_BASE: return (uint32_t)m->strtab_base;
	case R_STRTAB_BASE_HI: return (uint32_t)(m->strtab_base >> 32);
	case R_STRTAB_BASE_CFG: return m->strtab_cfg;
	case R_CMDQ_BASE: return (uint32_t)m->cmdq_base;
	case R_CMDQ_BASE_HI: return (uint32_t)(m->cmdq_base >> 32);
	case R_CMDQ_PROD: return m->cmdq_prod;
	case R_CMDQ_CONS: return m->cmdq_cons;
	case R_EVENTQ_BASE: return (uint32_t)m->evtq_base;
	case R_EVENTQ_BASE_HI: return (uint32_t)(m->evtq_base >> 32);
	case R_EVENTQ_PROD: return m->evtq_prod;
	case R_EVENTQ_CONS: return m->evtq_cons;
	default: return 0; /* RES0 */
	}
}

static void set_lo(uint64_t *r, uint32_t v, uint64_t keep)
{
	*r = ((*r & ~0xFFFFFFFFull) | v) & keep;
}

static void set_hi(uint64_t *r, uint32_t v, uint64_t keep)
{
	*r = ((*r & 0xFFFFFFFFull) | (uint64_t)v << 32) & keep;
}

void sm_write32(struct smmuv3_model *m, uint32_t off, uint32_t v)
{
	/* base registers ignore writes while their table or queue is on */
	bool st_on = m->cr0ack & EN_SMMU, cq_on = m->cr0ack & EN_CMDQ, eq_on = m->cr0ack & EN_EVTQ;
	const uint64_t qkeep = ADDR_51_5 | (1ull << 62) | 0x1Fu;

	switch (off) {
	case R_CR0:
		m->cr0 = v & 0xDFu;
		if (!m->cr0ack_stuck)
			m->cr0ack = m->cr0;
		consume(m);
		break;
	case R_CR1: m->cr1 = v & 0xFFFu; break;
	case R_CR2: m->cr2 = v & 0x7u; break;
	case R_GBPA:
		/* fields take effect with UPDATE; UPDATE reads 0 once done */
		if (!m->gbpa_raz && (v & 0x80000000u))
			m->gbpa = v & 0x001FFFFFu;
		break;
	case R_IRQ_CTRL: m->irq_ctrl = v & 7u; break;
	case R_GERRORN:
		m->gerrorn = v;
		consume(m); /* an acknowledged CMDQ_ERR lets the queue resume */
		break;
	case R_STRTAB_BASE: if (!st_on) set_lo(&m->strtab_base, v, ADDR_51_6 | (1ull << 62)); break;
	case R_STRTAB_BASE_HI: if (!st_on) set_hi(&m->strtab_base, v, ADDR_51_6 | (1ull << 62)); break;
	case R_STRTAB_BASE_CFG: if (!st_on) m->strtab_cfg = v & 0x307FFu; break;
	case R_CMDQ_BASE: if (!cq_on) set_lo(&m->cmdq_base, v, qkeep); break;
	case R_CMDQ_BASE_HI: if (!cq_on) set_hi(&m->cmdq_base, v, qkeep); break;
	case R_CMDQ_PROD:
		m->cmdq_prod = v & 0xFFFFFu;
		consume(m);
		break;
	case R_CMDQ_CONS: if (!cq_on) m->cmdq_cons = v & 0x7F0FFFFFu; break;
	case R_EVENTQ_BASE: if (!eq_on) set_lo(&m->evtq_base, v, qkeep); break;
	case R_EVENTQ_BASE_HI: if (!eq_on) set_hi(&m->evtq_base, v, qkeep); break;
	case R_EVENTQ_PROD: if (!eq_on) m->evtq_prod = v & 0x800FFFFFu; break;
	case R_EVENTQ_CONS: m->evtq_cons = v & 0x800FFFFFu; break;
	default: break; /* RO or RES0: ignored */
	}
}

static uint32_t dev_read(void *ctx, uintptr_t off)
{
	return sm_read32(ctx, (uint32_t)off);
}

static void dev_write(void *ctx, uintptr_t off, uint32_t val)
{
	sm_write32(ctx, (uint32_t)off, val);
}

int sm_attach(struct smmuv3_model *m)
{
	const struct ipfw_bus_device dev = {"smmuv3-model", m->base, SM_WINDOW, dev_read,
					    dev_write, m};

	return ipfw_bus_attach(&dev);
}

/* ------------------------------------------------------------ translation */

/* Fetch (or reuse the cached) STE and CD of sid: 0, or the event type. */
static int config(struct smmuv3_model *m, uint32_t sid, struct sm_cached **out)
{
	struct sm_cached *c = lookup(m, sid);
	uint32_t log2size = m->strtab_cfg & 0x3Fu;
	uint64_t base;

	if (!c || !c->ste_valid) {
		uint32_t fmt = (m->strtab_cfg >> 16) & 3u, split = (m->strtab_cfg >> 6) & 0x1Fu;
		uint64_t at;

		if (fmt == 0u) {
			/* the table is aligned to its size: low address bits are ignored */
			base = m->strtab_base & ADDR_51_6 & ~((64ull << log2size) - 1u);
			at = base + (uint64_t)sid * 64u;
		} else if (fmt == 1u && (m->idr0 >> 27 & 3u) == 1u && split < log2size) {
			/* level 1: 2^(log2size - split) descriptors (at least 64 B);
			 * Span [4:0] gives 2^(Span - 1) STEs, 0 = invalid */
			uint64_t l1size = 8ull << (log2size - split), desc;
			uint32_t span;

			if (l1size < 64u)
				l1size = 64u;
			base = m->strtab_base & ADDR_51_6 & ~(l1size - 1u);
			if (!read_words(m, base + (uint64_t)(sid >> split) * 8u, &desc, 1))
				return E_STE_FETCH;
			span = (uint32_t)(desc & 0x1Fu);
			if (!span)
				return E_BAD_STREAMID;
			if (span > split + 1u)
				span = split + 1u;
			if ((sid & ((1u << split) - 1u)) >= 1u << (span - 1u))
				return E_BAD_STE;
			at = (desc & ADDR_51_6) + (uint64_t)(sid & ((1u << split) - 1u)) * 64u;
		} else {
			return E_BAD_STE;
		}
		if (!c) {
			c = &m->cache[m->cache_next];
			m->cache_next = (m->cache_next + 1u) % SM_CACHE;
			*c = (struct sm_cached){0};
		}
		if (!read_words(m, at, c->ste, 8))
			return E_STE_FETCH;
		c->valid = true;
		c->ste_valid = true;
		c->sid = sid;
	}
	*out = c;
	return 0;
}

static int fetch_cd(struct smmuv3_model *m, struct sm_cached *c)
{
	if (!c->cd_valid) {
		if (!read_words(m, c->ste[0] & ADDR_51_6, c->cd, 8))
			return E_CD_FETCH;
		c->cd_valid = true;
	}
	return 0;
}

static const uint8_t oas_bits[8] = {32, 36, 40, 42, 44, 48, 52, 52};

/* AArch64 stage 1, 4 KiB granule: 0 and *pa, or the fault type. */
static int walk(struct smmuv3_model *m, const uint64_t cd[8], uint64_t iova, bool write,
		uint64_t *pa)
{
	uint32_t t0sz = (uint32_t)(cd[0] & 0x3Fu);
	uint32_t ias = 64u - t0sz;
	uint32_t oas = oas_bits[(cd[0] >> 32) & 7u];
	const int start = ias > 39u ? 0 : ias > 30u ? 1 : 2;
	int level = start;
	uint64_t table = cd[1] & ADDR_51_4;
	bool no_write = false;

	if (oas > oas_bits[m->idr5 & 7u])
		oas = oas_bits[m->idr5 & 7u];
	if (iova >> ias || (cd[0] & (1u << 14))) /* beyond TT0, or EPD0 */
		return E_TRANSLATION;
	for (;; level++) {
		uint32_t shift = 12u + 9u * (3u - (uint32_t)level);
		uint32_t bits = level == start ? ias - shift : 9u;
		uint64_t idx = (iova >> shift) & ((1ull << bits) - 1u);
		const uint64_t *d = mem64(m, table + idx * 8u);
		uint64_t desc, out;

		if (!d)
			return E_WALK_EABT;
		desc = *d;
		if (!(desc & 1u) || (level == 3 && !(desc & 2u)) || (level == 0 && !(desc & 2u)))
			return E_TRANSLATION;
		out = desc & ADDR_47_12;
		if (out >> oas)
			return E_ADDR_SIZE;
		if (level < 3 && (desc & 2u)) { /* table descriptor */
			no_write |= (desc >> 62) & 1u; /* APTable[1] */
			table = out;
			continue;
		}
		if (!(desc & (1u << 10))) /* AF */
			return E_ACCESS;
		/* AP[2:1]: AP[1] clear is privileged only, AP[2] set is read-only */
		if (!(desc & (1u << 6)) || (write && ((desc & (1u << 7)) || no_write)))
			return E_PERMISSION;
		*pa = (out & ~((1ull << shift) - 1u)) | (iova & ((1ull << shift) - 1u));
		return 0;
	}
}

/* CD checks: 0, or E_BAD_CD. */
static int check_cd(const struct smmuv3_model *m, const uint64_t cd[8])
{
	uint32_t t0sz = (uint32_t)(cd[0] & 0x3Fu), t1sz = (uint32_t)((cd[0] >> 16) & 0x3Fu);
	bool aa64_only = ((m->idr0 >> 2) & 3u) == 2u;

	if (!(cd[0] & (1ull << 31)))          /* V */
		return E_BAD_CD;
	if (aa64_only && !(cd[0] & (1ull << 41))) /* AA64 */
		return E_BAD_CD;
	if (((cd[0] >> 6) & 3u) != 0 || t0sz < 16u || t0sz > 39u) /* TG0 4 KiB; T0SZ */
		return E_BAD_CD;
	if (!(cd[0] & (1ull << 30)) && (((cd[0] >> 22) & 3u) != 2u || t1sz < 16u || t1sz > 39u))
		return E_BAD_CD;                     /* TT1 in use needs TG1 4 KiB and T1SZ */
	if (((cd[0] >> 32) & 7u) == 7u)          /* IPS reserved */
		return E_BAD_CD;
	return 0;
}

enum sm_outcome sm_translate(struct smmuv3_model *m, uint32_t sid, uint64_t iova, bool write,
			     uint64_t *pa)
{
	struct sm_cached *c;
	uint32_t cfg, limit = m->strtab_cfg & 0x3Fu;
	int ev;

	if (!(m->cr0ack & EN_SMMU)) /* disabled: GBPA decides */
		return (m->gbpa_raz ? 0u : m->gbpa) & (1u << 20) ? SM_ABORT : (*pa = iova, SM_BYPASS);
	if ((m->idr1 & 0x3Fu) < limit)
		limit = m->idr1 & 0x3Fu;
	if (sid >> limit) {
		if (m->cr2 & 2u) /* RECINVSID */
			record(m, E_BAD_STREAMID, sid, 0, 0);
		return SM_ABORT;
	}
	ev = config(m, sid, &c);
	if (ev) {
		record(m, (uint8_t)ev, sid, 0, 0);
		return SM_ABORT;
	}
	if (!(c->ste[0] & 1u)) {
		record(m, E_BAD_STE, sid, 0, 0);
		return SM_ABORT;
	}
	cfg = (uint32_t)(c->ste[0] >> 1) & 7u;
	if (cfg == 0u) /* abort, no event */
		return SM_ABORT;
	if (cfg == 4u) {
		*pa = iova;
		return SM_BYPASS;
	}
	/* 1-3 reserved; stage 2 (bit 1 of Config) without S2P; S1 without
	 * S1P; S1Fmt or S1CDMax (substreams) are not modelled */
	if (cfg < 4u || ((cfg & 2u) && !(m->idr0 & 1u)) || !(m->idr0 & 2u) ||
	    ((c->ste[0] >> 4) & 3u) || (c->ste[0] >> 59)) {
		record(m, E_BAD_STE, sid, 0, 0);
		return SM_ABORT;
	}
	ev = fetch_cd(m, c);
	if (!ev)
		ev = check_cd(m, c->cd);
	if (ev) {
		record(m, (uint8_t)ev, sid, 0, 0);
		return SM_ABORT;
	}
	ev = walk(m, c->cd, iova, write, pa);
	if (ev) {
		/* F_* from the walk are recorded only with CD.R; RnW is bit 35,
		 * CLASS (bits 41:40) 0b10: the input address */
		if (c->cd[0] & (1ull << 45))
			record(m, (uint8_t)ev, sid, (write ? 0 : 1ull << 35) | 2ull << 40, iova);
		return SM_ABORT;
	}
	return SM_TRANSLATED;
}

unsigned int sm_count_cmds(const struct smmuv3_model *m, uint8_t op, int64_t sid)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < m->nlog; i++)
		n += m->log[i].op == op && (sid < 0 || m->log[i].sid == (uint32_t)sid);
	return n;
}
