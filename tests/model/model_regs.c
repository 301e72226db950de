/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IPMMU model: instances, register layout and register semantics.
 * Facts: docs/ipmmu-vmsa.md sections 2 (map), 5-7 (how drivers use them), 9.
 */
#include "model_internal.h"

#define CTX_REG_COUNT (IPFW_MODEL_CTX_REGS_SIZE / 4u)

/* Context register at each 4-byte slot of a context block. */
static const enum model_reg ctx_slot[CTX_REG_COUNT] = {
	MREG_IMCTR,    MREG_NONE,     MREG_IMTTBCR,  MREG_IMBUSCR,
	MREG_IMTTLBR0, MREG_IMTTUBR0, MREG_IMTTLBR1, MREG_IMTTUBR1,
	MREG_IMSTR,    MREG_NONE,     MREG_IMMAIR0,  MREG_IMMAIR1,
	MREG_IMELAR,   MREG_IMEUAR,   MREG_NONE,     MREG_NONE,
};

/* IMUCTR bits the model keeps: MMUEN, FLUSH, FIXADD [23:16], FIXADDEN
 * bit31 and TTSEL (per generation); the rest read as 0. */
#define IMUCTR_KEEP (0x80FF0003u)
#define IMUASID_KEEP (0xFFFFu)

uint32_t model_ctx_base(const struct ipfw_model_config *cfg, unsigned int c)
{
	uint32_t b = cfg->ctx_base + c * cfg->ctx_stride;

	/* Contexts 8..15 (Gen4) start at 0x18800, not 0x18200 (ML-V3U). */
	if (c > 7)
		b += 0x800u - 8u * 0x40u;
	return b;
}

uint32_t model_imuctr_off(const struct ipfw_model_config *cfg, unsigned int n)
{
	if (n < 32)
		return cfg->utlb_base + IPFW_MODEL_IMUCTR_LO + 16u * n;
	return cfg->utlb_base + IPFW_MODEL_IMUCTR_HI + 16u * (n - 32u);
}

static bool decode_utlb(const struct ipfw_model_config *cfg, uint32_t off, uint32_t start,
			unsigned int first, unsigned int count, struct model_decoded *d)
{
	uint32_t rel;

	if (off < start || off - start >= 16u * count)
		return false;
	rel = off - start;
	if ((rel & 0xFu) == 0)
		d->reg = MREG_IMUCTR;
	else if ((rel & 0xFu) == IPFW_MODEL_IMUASID_OFF)
		d->reg = MREG_IMUASID;
	else
		return false;
	d->idx = first + rel / 16u;
	(void)cfg;
	return true;
}

void model_decode(const struct ipfw_model_config *cfg, uint32_t off, struct model_decoded *d)
{
	unsigned int hi_count = cfg->num_utlb > 32 ? cfg->num_utlb - 32u : 0;

	d->reg = MREG_NONE;
	d->idx = 0;
	if (off & 3u)
		return;
	for (unsigned int c = 0; c < cfg->num_ctx; c++) {
		uint32_t b = model_ctx_base(cfg, c);

		if (off >= b && off - b < IPFW_MODEL_CTX_REGS_SIZE) {
			d->reg = ctx_slot[(off - b) / 4u];
			d->idx = c;
			return;
		}
	}
	/* The low window holds uTLBs 0..31 only: 0x300 + 16n for n >= 32 is
	 * not an alias of the upper window (pitfall 1). */
	if (decode_utlb(cfg, off, cfg->utlb_base + IPFW_MODEL_IMUCTR_LO, 0,
			cfg->num_utlb < 32 ? cfg->num_utlb : 32u, d))
		return;
	if (decode_utlb(cfg, off, cfg->utlb_base + IPFW_MODEL_IMUCTR_HI, 32, hi_count, d))
		return;
	if (off == cfg->ctrl_base + IPFW_MODEL_IMSCTLR)
		d->reg = MREG_IMSCTLR;
	else if (off == cfg->ctrl_base + IPFW_MODEL_IMSAUXCTLR)
		d->reg = MREG_IMSAUXCTLR;
}

const char *model_reg_name(enum model_reg reg)
{
	switch (reg) {
	case MREG_IMCTR: return "IMCTR";
	case MREG_IMTTBCR: return "IMTTBCR";
	case MREG_IMBUSCR: return "IMBUSCR";
	case MREG_IMTTLBR0: return "IMTTLBR0";
	case MREG_IMTTUBR0: return "IMTTUBR0";
	case MREG_IMTTLBR1: return "IMTTLBR1";
	case MREG_IMTTUBR1: return "IMTTUBR1";
	case MREG_IMSTR: return "IMSTR";
	case MREG_IMMAIR0: return "IMMAIR0";
	case MREG_IMMAIR1: return "IMMAIR1";
	case MREG_IMELAR: return "IMELAR";
	case MREG_IMEUAR: return "IMEUAR";
	case MREG_IMUCTR: return "IMUCTR";
	case MREG_IMUASID: return "IMUASID";
	case MREG_IMSCTLR: return "IMSCTLR";
	case MREG_IMSAUXCTLR: return "IMSAUXCTLR";
	case MREG_NONE: break;
	}
	return "?";
}

bool model_reg_is_ctx(enum model_reg reg)
{
	return reg >= MREG_IMCTR && reg <= MREG_IMEUAR;
}

bool model_reg_is_utlb(enum model_reg reg)
{
	return reg == MREG_IMUCTR || reg == MREG_IMUASID;
}

void model_tlb_invalidate(struct ipfw_model_instance *in, unsigned int ctx)
{
	for (unsigned int i = 0; i < IPFW_MODEL_TLB_MAX; i++)
		in->tlb[ctx][i].valid = false;
	in->tlb_next[ctx] = 0;
}

/* ------------------------------------------------------------ lifecycle */
int ipfw_model_init(struct ipfw_model *m, enum ipfw_model_gen gen)
{
	struct ipfw_model_config *c;

	if (!m || (gen != IPFW_MODEL_GEN3 && gen != IPFW_MODEL_GEN4))
		return IPFW_MODEL_EINVAL;
	m->num_inst = 0;
	m->unknown_accesses = 0;
	m->last_unknown_addr = 0;
	m->walks = 0;
	c = &m->cfg;
	c->gen = gen;
	if (gen == IPFW_MODEL_GEN3) {
		c->num_ctx = 8;
		c->num_utlb = 48;
		c->ttsel_mask = 0xFu << 4;
		c->ctx_base = 0;
		c->ctx_stride = 0x40;
		c->utlb_base = 0;
		c->ctrl_base = 0;
		c->window = 0x1000;
		c->imuctr_reset_ttsel = 0xE;
	} else {
		c->num_ctx = 16;
		c->num_utlb = 64;
		c->ttsel_mask = 0x1Fu << 4;
		c->ctx_base = 0x10000;
		c->ctx_stride = 0x1040;
		c->utlb_base = 0x3000;
		c->ctrl_base = 0x1000;
		c->window = 0x20000;
		c->imuctr_reset_ttsel = 0x1E;
	}
	c->flush_reads = 3;
	c->va64_bit = 29;
	c->imsctlr_reset = IPFW_MODEL_IMSCTLR_USE_SECGRP;
	c->secgrp_faults = false;
	c->ctx_off_bypasses = true;
	c->s1_unprivileged = false;
	c->tlb_entries = 4;
	c->read64 = 0;
	c->read64_ctx = 0;
	return 0;
}

void ipfw_model_set_memory(struct ipfw_model *m, ipfw_model_read64_fn fn, void *ctx)
{
	if (!m)
		return;
	m->cfg.read64 = fn;
	m->cfg.read64_ctx = ctx;
}

static void instance_reset(const struct ipfw_model_config *cfg, struct ipfw_model_instance *in)
{
	uint32_t stale = (cfg->imuctr_reset_ttsel << IPFW_MODEL_IMUCTR_TTSEL_SHIFT) & cfg->ttsel_mask;

	for (unsigned int c = 0; c < IPFW_MODEL_MAX_CTX; c++) {
		in->ctx[c] = (struct ipfw_model_ctx_regs){0};
		model_tlb_invalidate(in, c);
	}
	for (unsigned int u = 0; u < IPFW_MODEL_MAX_UTLB; u++) {
		/* MMUEN off, TTSEL holding stale garbage (pitfall 14). */
		in->imuctr[u] = stale;
		in->imuasid[u] = 0;
		in->imuctr_flush_pending[u] = 0;
	}
	in->imsctlr = cfg->imsctlr_reset;
	in->imsauxctlr = 0;
	in->unknown_reads = 0;
	in->unknown_writes = 0;
	in->ro_writes = 0;
}

int ipfw_model_add_instance(struct ipfw_model *m, const char *name, uintptr_t base, int root)
{
	struct ipfw_model_instance *in;
	unsigned int idx;

	if (!m || !name)
		return IPFW_MODEL_EINVAL;
	if (m->num_inst >= IPFW_MODEL_MAX_INSTANCES)
		return IPFW_MODEL_ENOSPACE;
	if (base + m->cfg.window < base)
		return IPFW_MODEL_EINVAL;
	if (root >= 0 && ((unsigned int)root >= m->num_inst || m->inst[root].root != root))
		return IPFW_MODEL_EINVAL;
	for (unsigned int i = 0; i < m->num_inst; i++) {
		uintptr_t b = m->inst[i].base;

		if (base < b + m->cfg.window && b < base + m->cfg.window)
			return IPFW_MODEL_EINVAL;
	}
	idx = m->num_inst++;
	in = &m->inst[idx];
	in->model = m;
	in->name = name;
	in->base = base;
	in->root = root >= 0 ? root : (int)idx;
	instance_reset(&m->cfg, in);
	return (int)idx;
}

void ipfw_model_reset(struct ipfw_model *m)
{
	if (!m)
		return;
	for (unsigned int i = 0; i < m->num_inst; i++)
		instance_reset(&m->cfg, &m->inst[i]);
	m->unknown_accesses = 0;
	m->last_unknown_addr = 0;
	m->walks = 0;
}

int ipfw_model_find(const struct ipfw_model *m, uintptr_t addr, uint32_t *off)
{
	if (!m)
		return -1;
	for (unsigned int i = 0; i < m->num_inst; i++) {
		if (addr >= m->inst[i].base && addr - m->inst[i].base < m->cfg.window) {
			if (off)
				*off = (uint32_t)(addr - m->inst[i].base);
			return (int)i;
		}
	}
	return -1;
}

uintptr_t ipfw_model_ctx_addr(const struct ipfw_model *m, unsigned int inst, unsigned int ctx,
			      uint32_t reg)
{
	return m->inst[inst].base + model_ctx_base(&m->cfg, ctx) + reg;
}

uintptr_t ipfw_model_imuctr_addr(const struct ipfw_model *m, unsigned int inst, unsigned int utlb)
{
	return m->inst[inst].base + model_imuctr_off(&m->cfg, utlb);
}

uintptr_t ipfw_model_imuasid_addr(const struct ipfw_model *m, unsigned int inst,
				  unsigned int utlb)
{
	return ipfw_model_imuctr_addr(m, inst, utlb) + IPFW_MODEL_IMUASID_OFF;
}

uintptr_t ipfw_model_ctrl_addr(const struct ipfw_model *m, unsigned int inst, uint32_t reg)
{
	return m->inst[inst].base + m->cfg.ctrl_base + reg;
}

/* ------------------------------------------------------------ accesses */
static bool is_root(const struct ipfw_model_instance *in)
{
	return &in->model->inst[in->root] == in;
}

static void unknown_access(struct ipfw_model_instance *in, uint32_t off, bool write)
{
	if (write)
		in->unknown_writes++;
	else
		in->unknown_reads++;
	in->model->unknown_accesses++;
	in->model->last_unknown_addr = in->base + off;
}

/* FLUSH reads back set for cfg.flush_reads reads after it was written. */
static uint32_t flush_read(uint32_t *reg, uint32_t *pending, uint32_t flush)
{
	if (*reg & flush) {
		if (*pending == 0)
			*reg &= ~flush;
		else if (*pending != IPFW_MODEL_FLUSH_NEVER)
			(*pending)--;
	}
	return *reg;
}

static uint32_t *ctx_reg(struct ipfw_model_ctx_regs *r, enum model_reg reg)
{
	switch (reg) {
	case MREG_IMCTR: return &r->imctr;
	case MREG_IMTTBCR: return &r->imttbcr;
	case MREG_IMBUSCR: return &r->imbuscr;
	case MREG_IMTTLBR0: return &r->imttlbr0;
	case MREG_IMTTUBR0: return &r->imttubr0;
	case MREG_IMTTLBR1: return &r->imttlbr1;
	case MREG_IMTTUBR1: return &r->imttubr1;
	case MREG_IMSTR: return &r->imstr;
	case MREG_IMMAIR0: return &r->immair0;
	case MREG_IMMAIR1: return &r->immair1;
	case MREG_IMELAR: return &r->imelar;
	case MREG_IMEUAR: return &r->imeuar;
	default: return 0;
	}
}

/* A context register other than IMCTR on a cache IPMMU is not modelled:
 * drivers program contexts on the root only (docs/ipmmu-vmsa.md 1, 9.15), so a
 * write there is a driver bug the unknown-access counter shows. */
static bool ctx_reg_present(const struct ipfw_model_instance *in, enum model_reg reg)
{
	return reg == MREG_IMCTR || is_root(in);
}

static uint32_t instance_read(struct ipfw_model_instance *in, uint32_t off)
{
	const struct ipfw_model_config *cfg = &in->model->cfg;
	struct model_decoded d;

	model_decode(cfg, off, &d);
	if (model_reg_is_ctx(d.reg) && ctx_reg_present(in, d.reg)) {
		struct ipfw_model_ctx_regs *r = &in->ctx[d.idx];

		if (d.reg == MREG_IMCTR)
			return flush_read(&r->imctr, &r->flush_pending, IPFW_MODEL_IMCTR_FLUSH);
		return *ctx_reg(r, d.reg);
	}
	switch (d.reg) {
	case MREG_IMUCTR:
		return flush_read(&in->imuctr[d.idx], &in->imuctr_flush_pending[d.idx],
				  IPFW_MODEL_IMUCTR_FLUSH);
	case MREG_IMUASID:
		return in->imuasid[d.idx];
	case MREG_IMSCTLR:
		return in->imsctlr;
	case MREG_IMSAUXCTLR:
		return in->imsauxctlr;
	default:
		break;
	}
	unknown_access(in, off, false);
	return 0;
}

static void imctr_write(struct ipfw_model_instance *in, unsigned int c, uint32_t val)
{
	const struct ipfw_model_config *cfg = &in->model->cfg;
	struct ipfw_model_ctx_regs *r = &in->ctx[c];

	/* VA64 is "implemented in IPMMU-MM only" (X): a cache drops it. */
	if (!is_root(in))
		val &= ~(1u << cfg->va64_bit);
	if (val & IPFW_MODEL_IMCTR_FLUSH) {
		r->flush_pending = cfg->flush_reads;
		/* The root holds the context's TLB: a flush written there drops
		 * it at once (completion is what the FLUSH bit reports). */
		if (is_root(in))
			model_tlb_invalidate(in, c);
	} else if (r->imctr & IPFW_MODEL_IMCTR_FLUSH) {
		/* A flush in progress is not cancelled by a later write. */
		val |= IPFW_MODEL_IMCTR_FLUSH;
	}
	r->imctr = val;
}

static void imstr_write(struct ipfw_model_ctx_regs *r, uint32_t val)
{
	/* Write 0 to clear, not W1C (docs/ipmmu-vmsa.md 6, 9.8): a bit written 0
	 * clears, a bit written 1 stays as it was. Once no fault bit is left
	 * the whole status and the fault address clear too. */
	r->imstr &= val;
	if (!(r->imstr & IPFW_MODEL_IMSTR_FAULTS)) {
		r->imstr = 0;
		r->imelar = 0;
		r->imeuar = 0;
	}
}

static void imuctr_write(struct ipfw_model_instance *in, unsigned int n, uint32_t val)
{
	const struct ipfw_model_config *cfg = &in->model->cfg;

	val &= IMUCTR_KEEP | cfg->ttsel_mask;
	if (val & IPFW_MODEL_IMUCTR_FLUSH)
		in->imuctr_flush_pending[n] = cfg->flush_reads;
	else if (in->imuctr[n] & IPFW_MODEL_IMUCTR_FLUSH)
		val |= IPFW_MODEL_IMUCTR_FLUSH;
	in->imuctr[n] = val;
}

static void instance_write(struct ipfw_model_instance *in, uint32_t off, uint32_t val)
{
	const struct ipfw_model_config *cfg = &in->model->cfg;
	struct model_decoded d;

	model_decode(cfg, off, &d);
	if (model_reg_is_ctx(d.reg) && ctx_reg_present(in, d.reg)) {
		struct ipfw_model_ctx_regs *r = &in->ctx[d.idx];

		switch (d.reg) {
		case MREG_IMCTR:
			imctr_write(in, d.idx, val);
			break;
		case MREG_IMSTR:
			imstr_write(r, val);
			break;
		case MREG_IMELAR:
		case MREG_IMEUAR:
			in->ro_writes++;
			break;
		default:
			*ctx_reg(r, d.reg) = val;
			break;
		}
		return;
	}
	switch (d.reg) {
	case MREG_IMUCTR:
		imuctr_write(in, d.idx, val);
		return;
	case MREG_IMUASID:
		in->imuasid[d.idx] = val & IMUASID_KEEP;
		return;
	case MREG_IMSCTLR:
		in->imsctlr = val;
		return;
	case MREG_IMSAUXCTLR:
		in->imsauxctlr = val;
		return;
	default:
		break;
	}
	unknown_access(in, off, true);
}

uint32_t ipfw_model_read32(struct ipfw_model *m, unsigned int inst, uint32_t off)
{
	if (!m || inst >= m->num_inst)
		return 0;
	if (off >= m->cfg.window) {
		unknown_access(&m->inst[inst], off, false);
		return 0;
	}
	return instance_read(&m->inst[inst], off);
}

void ipfw_model_write32(struct ipfw_model *m, unsigned int inst, uint32_t off, uint32_t val)
{
	if (!m || inst >= m->num_inst)
		return;
	if (off >= m->cfg.window) {
		unknown_access(&m->inst[inst], off, true);
		return;
	}
	instance_write(&m->inst[inst], off, val);
}

uint32_t ipfw_model_dev_read(void *ctx, uintptr_t off)
{
	struct ipfw_model_instance *in = ctx;

	if (!in || off >= in->model->cfg.window)
		return 0;
	return instance_read(in, (uint32_t)off);
}

void ipfw_model_dev_write(void *ctx, uintptr_t off, uint32_t val)
{
	struct ipfw_model_instance *in = ctx;

	if (!in || off >= in->model->cfg.window)
		return;
	instance_write(in, (uint32_t)off, val);
}
