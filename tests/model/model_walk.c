/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IPMMU model: what a master's access does. uTLB (cache IPMMU) -> TTSEL
 * context -> root context registers -> LPAE walk (S1-32 or S2-40) ->
 * permission and NS checks; faults land in the root context's IMSTR.
 * Facts: docs/ipmmu-vmsa.md sections 1, 2.1, 4, 6, 7, 9.4/9.6/9.13;
 * docs/lpae-and-devicetree.md section 1.1.
 */
#include "model_internal.h"

#define DESC_VALID (1ull << 0)
#define DESC_TYPE_MASK 3ull
#define DESC_TYPE_BLOCK 1ull
#define DESC_TYPE_TABLE 3ull /* or page at level 3 */
#define DESC_NS (1ull << 5)
#define DESC_AP_UNPRIV (1ull << 6) /* S1 AP[1]; S2 S2AP read */
#define DESC_AP_RDONLY (1ull << 7) /* S1 AP[2]; S2 S2AP write is bit 7 too */
#define DESC_S2_READ (1ull << 6)
#define DESC_S2_WRITE (1ull << 7)
#define DESC_AF (1ull << 10)
#define DESC_NSTABLE (1ull << 63)
#define DESC_OA_MASK 0x0000FFFFFFFFF000ull /* [47:12] */
#define DESC_OA_ABOVE_40 0x0000FF0000000000ull
#define PA_40_MASK 0x000000FFFFFFFFFFull

struct walk_out {
	enum ipfw_model_reason reason; /* R_OK or why it failed */
	uint32_t status;               /* IMSTR fault bit when failed */
	uint32_t errcode;
	unsigned int level;
	uint64_t desc, va, size, pa;
};

static unsigned int level_shift(unsigned int level)
{
	return 12u + 9u * (3u - level);
}

static void walk_fail(struct walk_out *w, enum ipfw_model_reason reason, uint32_t status,
		      uint32_t errcode, unsigned int level)
{
	w->reason = reason;
	w->status = status;
	w->errcode = errcode;
	w->level = level;
}

static void walk_config_fault(struct walk_out *w)
{
	walk_fail(w, IPFW_MODEL_R_CONFIG, IPFW_MODEL_IMSTR_TF, IPFW_MODEL_ERRCODE_FORMAT, 0);
}

/*
 * Format of a root context, from IMCTR.VA64 and IMSAUXCTLR.S2PTE:
 * neither = S1-32 (Linux), both = S2-40 (Xen). The two mixed settings are
 * not modelled and fault as a format error.
 */
static int context_format(const struct ipfw_model_instance *root, unsigned int ctx,
			  bool *stage2)
{
	const struct ipfw_model_ctx_regs *r = &root->ctx[ctx];
	bool va64 = (r->imctr >> root->model->cfg.va64_bit) & 1u;
	bool s2pte = (root->imsauxctlr & IPFW_MODEL_IMSAUXCTLR_S2PTE) != 0;

	if (!(r->imttbcr & IPFW_MODEL_IMTTBCR_EAE) || va64 != s2pte)
		return -1;
	*stage2 = va64;
	return 0;
}

/*
 * Geometry from IMTTBCR. SL0 [7:6]: S1-32 uses 0 = L3, 1 = L2, 2 = L1
 * (BSP, CR7); VA64 uses the VTCR encoding 0 = L2, 1 = L1, 2 = L0 (Xen).
 * TSZ0 [5:0]: input bits = 32 - TSZ0 (S1, at most 7) or 64 - TSZ0 (S2,
 * at most 40 bits: "the IPMMU accepts at most a 40-bit IPA", X).
 */
static int context_geometry(uint32_t ttbcr, bool stage2, unsigned int *start,
			    unsigned int *inbits)
{
	unsigned int sl0 = (ttbcr & IPFW_MODEL_IMTTBCR_SL0_MASK) >> IPFW_MODEL_IMTTBCR_SL0_SHIFT;
	unsigned int tsz = ttbcr & IPFW_MODEL_IMTTBCR_TSZ0_MASK;
	unsigned int top;

	if (sl0 == 3)
		return -1;
	if (stage2) {
		*start = 2u - sl0;
		if (tsz < 24)
			return -1;
		*inbits = 64u - tsz;
	} else {
		*start = 3u - sl0;
		if (tsz > 7)
			return -1;
		*inbits = 32u - tsz;
	}
	/* The top table indexes [inbits-1 : shift]; at most 16 concatenated
	 * tables, at least one entry. */
	if (*inbits <= level_shift(*start))
		return -1;
	top = *inbits - level_shift(*start);
	return top > 13 ? -1 : 0;
}

static bool leaf_type_ok(uint64_t d, unsigned int level)
{
	if (level == 3)
		return (d & DESC_TYPE_MASK) == DESC_TYPE_TABLE;
	/* 4K granule: no block at level 0. */
	return level > 0 && (d & DESC_TYPE_MASK) == DESC_TYPE_BLOCK;
}

static void walk(struct ipfw_model *m, const struct ipfw_model_instance *root, unsigned int ctx,
		 bool stage2, uint64_t iova, struct walk_out *w)
{
	const struct ipfw_model_ctx_regs *r = &root->ctx[ctx];
	unsigned int start, inbits, bits;
	uint64_t table, ttbr;

	if (context_geometry(r->imttbcr, stage2, &start, &inbits) < 0) {
		walk_config_fault(w);
		return;
	}
	if (iova >> inbits) {
		walk_fail(w, IPFW_MODEL_R_INPUT_RANGE, IPFW_MODEL_IMSTR_TF,
			  IPFW_MODEL_ERRCODE_NONE, start);
		return;
	}
	/* TTBR = IMTTUBR0[7:0]:IMTTLBR0. Bits below the top table's size are
	 * ignored, as for an ARM TTBR: Linux's 64-byte aligned 4-entry pgd
	 * (written unmasked) and Xen's 8 KiB P2M root both work. */
	bits = inbits - level_shift(start);
	ttbr = ((uint64_t)(r->imttubr0 & 0xFFu) << 32) | r->imttlbr0;
	table = ttbr & ~((8ull << bits) - 1u);
	m->walks++;

	for (unsigned int level = start; level <= 3; level++) {
		uint64_t idx = (iova >> level_shift(level)) & ((1ull << bits) - 1u);
		uint64_t d;

		if (!m->cfg.read64 || m->cfg.read64(m->cfg.read64_ctx, table + idx * 8u, &d)) {
			walk_fail(w, IPFW_MODEL_R_ABORT, IPFW_MODEL_IMSTR_ABORT,
				  IPFW_MODEL_ERRCODE_NONE, level);
			return;
		}
		if (!(d & DESC_VALID)) {
			walk_fail(w, IPFW_MODEL_R_INVALID, IPFW_MODEL_IMSTR_TF,
				  IPFW_MODEL_ERRCODE_NONE, level);
			return;
		}
		if (d & DESC_OA_ABOVE_40) {
			walk_fail(w, IPFW_MODEL_R_ADDR_SIZE, IPFW_MODEL_IMSTR_TF,
				  IPFW_MODEL_ERRCODE_FORMAT, level);
			return;
		}
		if (level < 3 && (d & DESC_TYPE_MASK) == DESC_TYPE_TABLE) {
			/* NS quirk: a table without NSTable makes the rest of
			 * the walk secure, which faults (docs/ipmmu-vmsa.md 4). Stage-2
			 * descriptors have no NS bits (Xen's P2M works). */
			if (!stage2 && !(d & DESC_NSTABLE)) {
				walk_fail(w, IPFW_MODEL_R_NSTABLE, IPFW_MODEL_IMSTR_PF,
					  IPFW_MODEL_ERRCODE_SECURE, level);
				return;
			}
			table = d & DESC_OA_MASK;
			bits = 9;
			continue;
		}
		if (!leaf_type_ok(d, level)) {
			walk_fail(w, IPFW_MODEL_R_RESERVED, IPFW_MODEL_IMSTR_TF,
				  IPFW_MODEL_ERRCODE_FORMAT, level);
			return;
		}
		w->size = 1ull << level_shift(level);
		w->pa = d & DESC_OA_MASK;
		if (w->pa & (w->size - 1u)) {
			/* RES0 bits of a block's address set: a table builder
			 * bug, made visible instead of silently masked. */
			walk_fail(w, IPFW_MODEL_R_MISALIGNED, IPFW_MODEL_IMSTR_TF,
				  IPFW_MODEL_ERRCODE_FORMAT, level);
			return;
		}
		if (!(d & DESC_AF)) {
			walk_fail(w, IPFW_MODEL_R_AF, IPFW_MODEL_IMSTR_TF,
				  IPFW_MODEL_ERRCODE_NONE, level);
			return;
		}
		if (!stage2 && !(d & DESC_NS)) {
			walk_fail(w, IPFW_MODEL_R_NS, IPFW_MODEL_IMSTR_PF,
				  IPFW_MODEL_ERRCODE_SECURE, level);
			return;
		}
		w->reason = IPFW_MODEL_R_OK;
		w->level = level;
		w->desc = d;
		w->va = iova & ~(w->size - 1u);
		return;
	}
}

static enum ipfw_model_reason permission(const struct ipfw_model *m, bool stage2, uint64_t d,
					 bool is_write)
{
	if (stage2) {
		/* S2AP: bit 6 read, bit 7 write. */
		if (is_write && !(d & DESC_S2_WRITE))
			return IPFW_MODEL_R_PERM_WRITE;
		if (!is_write && !(d & DESC_S2_READ))
			return IPFW_MODEL_R_PERM_READ;
		return IPFW_MODEL_R_OK;
	}
	if (is_write && (d & DESC_AP_RDONLY))
		return IPFW_MODEL_R_PERM_WRITE;
	if (m->cfg.s1_unprivileged && !(d & DESC_AP_UNPRIV))
		return IPFW_MODEL_R_PERM_UNPRIV;
	return IPFW_MODEL_R_OK;
}

static uint32_t imstr_value(uint32_t status, uint32_t errcode, unsigned int level)
{
	return status | (errcode << IPFW_MODEL_IMSTR_ERRCODE_SHIFT) |
	       ((uint32_t)level << IPFW_MODEL_IMSTR_ERRLVL_SHIFT);
}

/* Status bits accumulate; code, level and address are the first fault's. */
static void record_fault(struct ipfw_model_instance *root, unsigned int ctx, uint32_t value,
			 uint64_t addr)
{
	struct ipfw_model_ctx_regs *r = &root->ctx[ctx];

	if (r->imstr & IPFW_MODEL_IMSTR_FAULTS) {
		r->imstr |= value & IPFW_MODEL_IMSTR_FAULTS;
		return;
	}
	r->imstr = value;
	r->imelar = (uint32_t)addr;
	r->imeuar = (uint32_t)(addr >> 32);
}

static int fault(struct ipfw_model_instance *root, unsigned int ctx, uint64_t iova,
		 struct ipfw_model_result *res, enum ipfw_model_reason reason, uint32_t status,
		 uint32_t errcode, unsigned int level)
{
	res->outcome = IPFW_MODEL_FAULT;
	res->reason = reason;
	res->level = level;
	res->imstr = imstr_value(status, errcode, level);
	record_fault(root, ctx, res->imstr, iova);
	return IPFW_MODEL_FAULT;
}

static int finish(enum ipfw_model_outcome o, enum ipfw_model_reason reason, uint64_t pa,
		  struct ipfw_model_result *res)
{
	res->outcome = o;
	res->reason = reason;
	res->pa = pa;
	return (int)o;
}

static const struct ipfw_model_tlb_entry *tlb_lookup(const struct ipfw_model_instance *root,
						     unsigned int ctx, unsigned int entries,
						     uint64_t iova)
{
	for (unsigned int i = 0; i < entries && i < IPFW_MODEL_TLB_MAX; i++) {
		const struct ipfw_model_tlb_entry *e = &root->tlb[ctx][i];

		if (e->valid && iova - e->va < e->size && iova >= e->va)
			return e;
	}
	return 0;
}

static void tlb_fill(struct ipfw_model_instance *root, unsigned int ctx, unsigned int entries,
		     const struct walk_out *w)
{
	struct ipfw_model_tlb_entry *e;

	if (entries == 0)
		return;
	if (entries > IPFW_MODEL_TLB_MAX)
		entries = IPFW_MODEL_TLB_MAX;
	e = &root->tlb[ctx][root->tlb_next[ctx] % entries];
	root->tlb_next[ctx] = (root->tlb_next[ctx] + 1u) % entries;
	e->valid = true;
	e->va = w->va;
	e->size = w->size;
	e->pa = w->pa;
	e->desc = w->desc;
	e->level = w->level;
}

static int translate_ctx(struct ipfw_model *m, struct ipfw_model_instance *root,
			 unsigned int ctx, uint64_t iova, bool is_write,
			 struct ipfw_model_result *res)
{
	const struct ipfw_model_tlb_entry *e;
	struct walk_out w = {0};
	enum ipfw_model_reason perm;
	bool stage2;

	if (context_format(root, ctx, &stage2) < 0)
		return fault(root, ctx, iova, res, IPFW_MODEL_R_CONFIG, IPFW_MODEL_IMSTR_TF,
			     IPFW_MODEL_ERRCODE_FORMAT, 0);
	res->stage2 = stage2;
	e = tlb_lookup(root, ctx, m->cfg.tlb_entries, iova);
	if (e) {
		res->tlb_hit = true;
		w.desc = e->desc;
		w.level = e->level;
		w.size = e->size;
		w.pa = e->pa;
	} else {
		walk(m, root, ctx, stage2, iova, &w);
		if (w.reason != IPFW_MODEL_R_OK)
			return fault(root, ctx, iova, res, w.reason, w.status, w.errcode,
				     w.level);
		tlb_fill(root, ctx, m->cfg.tlb_entries, &w);
	}
	res->level = w.level;
	res->desc = w.desc;
	res->block_size = w.size;
	if (stage2) {
		res->attr = (uint8_t)((w.desc >> 2) & 0xFu);
	} else {
		unsigned int idx = (unsigned int)(w.desc >> 2) & 7u;
		uint32_t mair = idx < 4 ? root->ctx[ctx].immair0 : root->ctx[ctx].immair1;

		res->attr = (uint8_t)(mair >> (8u * (idx & 3u)));
	}
	perm = permission(m, stage2, w.desc, is_write);
	if (perm != IPFW_MODEL_R_OK)
		return fault(root, ctx, iova, res, perm, IPFW_MODEL_IMSTR_PF,
			     IPFW_MODEL_ERRCODE_PERM, w.level);
	return finish(IPFW_MODEL_TRANSLATED, IPFW_MODEL_R_OK,
		      (w.pa | (iova & (w.size - 1u))) & PA_40_MASK, res);
}

int ipfw_model_translate(struct ipfw_model *m, unsigned int inst, unsigned int utlb,
			 uint64_t iova, bool is_write, struct ipfw_model_result *res)
{
	struct ipfw_model_instance *cache, *root;
	uint32_t u;
	unsigned int ctx;

	if (!m || !res || inst >= m->num_inst)
		return IPFW_MODEL_EINVAL;
	if (utlb >= m->cfg.num_utlb)
		return IPFW_MODEL_ERANGE;
	*res = (struct ipfw_model_result){0};
	cache = &m->inst[inst];
	root = &m->inst[cache->root];

	/* "A disabled uTLB does not translate": the master's access goes out
	 * as is (masters Linux does not allow stay in bypass, 9.11). */
	u = cache->imuctr[utlb];
	if (!(u & IPFW_MODEL_IMUCTR_MMUEN))
		return finish(IPFW_MODEL_BYPASS, IPFW_MODEL_R_UTLB_OFF, iova, res);
	ctx = (u & m->cfg.ttsel_mask) >> IPFW_MODEL_IMUCTR_TTSEL_SHIFT;
	res->ctx = ctx;
	if (ctx >= m->cfg.num_ctx)
		return finish(IPFW_MODEL_DROPPED, IPFW_MODEL_R_TTSEL_RANGE, 0, res);
	/* Pitfall 4: with USE_SECGRP left set "address translation does not
	 * work". Both the cache and its root must have it clear. */
	if ((cache->imsctlr | root->imsctlr) & IPFW_MODEL_IMSCTLR_USE_SECGRP) {
		if (m->cfg.secgrp_faults)
			return fault(root, ctx, iova, res, IPFW_MODEL_R_SECGRP,
				     IPFW_MODEL_IMSTR_PF, IPFW_MODEL_ERRCODE_SECURE, 0);
		return finish(IPFW_MODEL_DROPPED, IPFW_MODEL_R_SECGRP, 0, res);
	}
	/* An MMU that is off does not translate (like SCTLR.M = 0). Every
	 * driver enables the context on both the cache and the root. */
	if (!(cache->ctx[ctx].imctr & IPFW_MODEL_IMCTR_MMUEN) ||
	    !(root->ctx[ctx].imctr & IPFW_MODEL_IMCTR_MMUEN)) {
		enum ipfw_model_reason why = (cache->ctx[ctx].imctr & IPFW_MODEL_IMCTR_MMUEN)
						     ? IPFW_MODEL_R_ROOT_CTX_OFF
						     : IPFW_MODEL_R_CACHE_CTX_OFF;

		if (m->cfg.ctx_off_bypasses)
			return finish(IPFW_MODEL_BYPASS, why, iova, res);
		return finish(IPFW_MODEL_DROPPED, why, 0, res);
	}
	return translate_ctx(m, root, ctx, iova, is_write, res);
}

int ipfw_model_inject_fault(struct ipfw_model *m, unsigned int root, unsigned int ctx,
			    uint32_t status, uint64_t addr)
{
	if (!m || root >= m->num_inst || m->inst[root].root != (int)root ||
	    ctx >= m->cfg.num_ctx || !(status & IPFW_MODEL_IMSTR_FAULTS))
		return IPFW_MODEL_EINVAL;
	record_fault(&m->inst[root], ctx, status, addr);
	return 0;
}

bool ipfw_model_irq_pending(const struct ipfw_model *m, unsigned int root)
{
	if (!m || root >= m->num_inst)
		return false;
	for (unsigned int c = 0; c < m->cfg.num_ctx; c++) {
		const struct ipfw_model_ctx_regs *r = &m->inst[root].ctx[c];

		if ((r->imctr & IPFW_MODEL_IMCTR_INTEN) && (r->imstr & IPFW_MODEL_IMSTR_FAULTS))
			return true;
	}
	return false;
}

const char *ipfw_model_outcome_name(enum ipfw_model_outcome o)
{
	switch (o) {
	case IPFW_MODEL_TRANSLATED: return "TRANSLATED";
	case IPFW_MODEL_BYPASS: return "BYPASS";
	case IPFW_MODEL_FAULT: return "FAULT";
	case IPFW_MODEL_DROPPED: return "DROPPED";
	}
	return "?";
}

const char *ipfw_model_reason_name(enum ipfw_model_reason r)
{
	switch (r) {
	case IPFW_MODEL_R_OK: return "ok";
	case IPFW_MODEL_R_UTLB_OFF: return "uTLB disabled";
	case IPFW_MODEL_R_CACHE_CTX_OFF: return "cache IMCTR.MMUEN clear";
	case IPFW_MODEL_R_ROOT_CTX_OFF: return "root IMCTR.MMUEN clear";
	case IPFW_MODEL_R_TTSEL_RANGE: return "TTSEL names no context";
	case IPFW_MODEL_R_SECGRP: return "IMSCTLR.USE_SECGRP set";
	case IPFW_MODEL_R_CONFIG: return "context misconfigured (EAE/SL0/TSZ0/VA64/S2PTE)";
	case IPFW_MODEL_R_INPUT_RANGE: return "IOVA beyond the input size";
	case IPFW_MODEL_R_INVALID: return "invalid descriptor";
	case IPFW_MODEL_R_RESERVED: return "reserved descriptor type";
	case IPFW_MODEL_R_ADDR_SIZE: return "output address above 40 bits";
	case IPFW_MODEL_R_MISALIGNED: return "block output address not aligned";
	case IPFW_MODEL_R_AF: return "access flag clear";
	case IPFW_MODEL_R_NSTABLE: return "table descriptor without NSTable";
	case IPFW_MODEL_R_NS: return "leaf descriptor without NS";
	case IPFW_MODEL_R_PERM_WRITE: return "write not permitted";
	case IPFW_MODEL_R_PERM_READ: return "read not permitted";
	case IPFW_MODEL_R_PERM_UNPRIV: return "unprivileged access not permitted";
	case IPFW_MODEL_R_ABORT: return "table walk read aborted";
	}
	return "?";
}
