/* SPDX-License-Identifier: BSD-3-Clause */
#include "cpg_model.h"
#include "mmio_bus.h"

enum cpg_kind { CPG_STOP_CTL, CPG_STOP_STAT, CPG_RESET, CPG_RESET_CLR, CPG_NONE };

/* Gen3 offsets, as the register map in design.md lists them. */
static const uint16_t gen3_map[4][12] = {
	[CPG_STOP_CTL] = {0x130, 0x134, 0x138, 0x13C, 0x140, 0x144, 0x148, 0x14C, 0x990, 0x994,
			  0x998, 0x99C},
	[CPG_STOP_STAT] = {0x030, 0x038, 0x040, 0x048, 0x04C, 0x03C, 0x1C0, 0x1C4, 0x9A0, 0x9A4,
			   0x9A8, 0x9AC},
	[CPG_RESET] = {0x0A0, 0x0A8, 0x0B0, 0x0B8, 0x0BC, 0x0C4, 0x1C8, 0x1CC, 0x920, 0x924, 0x928,
		       0x92C},
	[CPG_RESET_CLR] = {0x940, 0x944, 0x948, 0x94C, 0x950, 0x954, 0x958, 0x95C, 0x960, 0x964,
			   0x968, 0x96C},
};

/* Which register an offset is, and its index. */
static enum cpg_kind cpg_decode(const struct ipfw_cpg_model *m, uintptr_t off, unsigned int *idx)
{
	if (m->gen == IPFW_CPG_MODEL_GEN4) {
		static const uint32_t base4[4] = {0x2D00, 0x2E00, 0x2C00, 0x2C80};

		for (unsigned int k = 0; k < 4; k++) {
			if (off >= base4[k] && off < base4[k] + 4u * IPFW_CPG_MODEL_NREGS &&
			    (off & 3u) == 0) {
				*idx = (unsigned int)((off - base4[k]) / 4u);
				return (enum cpg_kind)k;
			}
		}
		return CPG_NONE;
	}
	for (unsigned int k = 0; k < 4; k++) {
		for (unsigned int i = 0; i < 12; i++) {
			if (gen3_map[k][i] == off) {
				*idx = i;
				return (enum cpg_kind)k;
			}
		}
	}
	return CPG_NONE;
}

static void cpg_event(struct ipfw_cpg_model *m, enum ipfw_cpg_event_kind kind, unsigned int reg,
		      uint32_t bits)
{
	for (unsigned int b = 0; b < 32; b++) {
		struct ipfw_cpg_event ev;

		if (!(bits & (1u << b)))
			continue;
		ev.kind = kind;
		ev.module = reg * 100u + b;
		ev.trace_pos = ipfw_bus_trace_len();
		if (m->nevents < IPFW_CPG_MODEL_MAX_EVENTS)
			m->events[m->nevents++] = ev;
		else
			m->dropped++;
		if (m->hook)
			m->hook(m->hook_ctx, &ev);
	}
}

static uint32_t cpg_read(void *ctx, uintptr_t off)
{
	struct ipfw_cpg_model *m = ctx;
	unsigned int i = 0;

	switch (cpg_decode(m, off, &i)) {
	case CPG_STOP_CTL:
		return m->stop_ctl[i];
	case CPG_STOP_STAT:
		if (m->stop_stat[i] != m->stop_ctl[i]) {
			if (m->lag_left[i] == 0)
				m->stop_stat[i] = m->stop_ctl[i];
			else
				m->lag_left[i]--;
		}
		return m->stop_stat[i];
	case CPG_RESET:
		return m->reset[i];
	case CPG_RESET_CLR:
		return 0;
	default:
		m->unknown_accesses++;
		return 0;
	}
}

static void cpg_write(void *ctx, uintptr_t off, uint32_t val)
{
	struct ipfw_cpg_model *m = ctx;
	unsigned int i = 0;
	uint32_t changed;

	switch (cpg_decode(m, off, &i)) {
	case CPG_STOP_CTL:
		changed = m->stop_ctl[i] ^ val;
		cpg_event(m, IPFW_CPG_EV_CLOCK_ON, i, changed & m->stop_ctl[i]);
		cpg_event(m, IPFW_CPG_EV_CLOCK_OFF, i, changed & val);
		m->stop_ctl[i] = val;
		m->lag_left[i] = m->status_lag;
		break;
	case CPG_RESET:
		cpg_event(m, IPFW_CPG_EV_RESET_ASSERT, i, val & ~m->reset[i]);
		m->reset[i] |= val;
		break;
	case CPG_RESET_CLR:
		cpg_event(m, IPFW_CPG_EV_RESET_RELEASE, i, val & m->reset[i]);
		m->reset[i] &= ~val;
		break;
	case CPG_STOP_STAT: /* read-only */
	default:
		m->unknown_accesses++;
		break;
	}
}

void ipfw_cpg_model_init(struct ipfw_cpg_model *m, enum ipfw_cpg_model_gen gen, uintptr_t base,
			 int all_held)
{
	*m = (struct ipfw_cpg_model){.gen = gen, .base = base, .status_lag = 2};
	for (unsigned int i = 0; i < IPFW_CPG_MODEL_NREGS; i++) {
		m->stop_ctl[i] = 0xFFFFFFFFu;
		m->stop_stat[i] = 0xFFFFFFFFu;
		m->reset[i] = all_held ? 0xFFFFFFFFu : 0;
	}
}

int ipfw_cpg_model_attach(struct ipfw_cpg_model *m)
{
	const struct ipfw_bus_device dev = {
		.name = "cpg", .base = m->base, .size = 0x3000, .read = cpg_read,
		.write = cpg_write, .ctx = m,
	};

	return ipfw_bus_attach(&dev);
}

static int cpg_bit(const uint32_t *regs, uint32_t n)
{
	if (n / 100u >= IPFW_CPG_MODEL_NREGS || n % 100u > 31u)
		return -1;
	return (regs[n / 100u] >> (n % 100u)) & 1u;
}

int ipfw_cpg_model_held(const struct ipfw_cpg_model *m, uint32_t n)
{
	return cpg_bit(m->reset, n);
}

int ipfw_cpg_model_stopped(const struct ipfw_cpg_model *m, uint32_t n)
{
	return cpg_bit(m->stop_ctl, n);
}

long ipfw_cpg_model_first(const struct ipfw_cpg_model *m, enum ipfw_cpg_event_kind kind,
			  uint32_t n)
{
	for (size_t i = 0; i < m->nevents; i++) {
		if (m->events[i].kind == kind && m->events[i].module == n)
			return (long)m->events[i].trace_pos;
	}
	return -1;
}
