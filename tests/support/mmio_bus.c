/* SPDX-License-Identifier: BSD-3-Clause */
#include "mmio_bus.h"

#include <ipmmu/mmio.h>

struct bus_reg {
	uintptr_t addr;
	uint32_t val;
	uint32_t clear_mask;      /* self-clearing bits */
	unsigned int clear_after; /* reads they stay set after a write */
	unsigned int pending;     /* reads left before pending bits clear */
	uint32_t stuck_mask;
	uint32_t stuck_val;
	int fault;
};

struct bus_script {
	uintptr_t addr;
	uint32_t vals[IPFW_BUS_SCRIPT_DEPTH];
	unsigned int n;
	unsigned int next;
};

static struct ipfw_bus_device bus_devs[IPFW_BUS_MAX_DEVICES];
static unsigned int bus_ndevs;
static struct bus_reg bus_regs[IPFW_BUS_MAX_REGS];
static unsigned int bus_nregs;
static struct bus_script bus_scripts[IPFW_BUS_MAX_SCRIPTS];
static unsigned int bus_nscripts;
static struct ipfw_bus_access bus_trace[IPFW_BUS_TRACE_CAP];
static size_t bus_tlen;
static size_t bus_tdropped;
static size_t bus_nfaults;
static ipfw_bus_observer_fn bus_observer;
static void *bus_observer_ctx;

void ipfw_bus_reset(void)
{
	bus_ndevs = 0;
	bus_nregs = 0;
	bus_nscripts = 0;
	bus_tlen = 0;
	bus_tdropped = 0;
	bus_nfaults = 0;
	bus_observer = 0;
	bus_observer_ctx = 0;
}

int ipfw_bus_attach(const struct ipfw_bus_device *dev)
{
	if (!dev || !dev->size || bus_ndevs >= IPFW_BUS_MAX_DEVICES)
		return -1;
	if (dev->base + dev->size < dev->base)
		return -1;
	for (unsigned int i = 0; i < bus_ndevs; i++) {
		const struct ipfw_bus_device *d = &bus_devs[i];

		if (dev->base < d->base + d->size && d->base < dev->base + dev->size)
			return -1;
	}
	bus_devs[bus_ndevs++] = *dev;
	return 0;
}

static const struct ipfw_bus_device *bus_dev_at(uintptr_t addr)
{
	for (unsigned int i = 0; i < bus_ndevs; i++) {
		if (addr >= bus_devs[i].base && addr - bus_devs[i].base < bus_devs[i].size)
			return &bus_devs[i];
	}
	return 0;
}

static struct bus_reg *bus_reg_find(uintptr_t addr)
{
	for (unsigned int i = 0; i < bus_nregs; i++) {
		if (bus_regs[i].addr == addr)
			return &bus_regs[i];
	}
	return 0;
}

static struct bus_reg *bus_reg_get(uintptr_t addr)
{
	struct bus_reg *r = bus_reg_find(addr);

	if (r || bus_nregs >= IPFW_BUS_MAX_REGS)
		return r;
	r = &bus_regs[bus_nregs++];
	*r = (struct bus_reg){.addr = addr};
	return r;
}

int ipfw_bus_poke(uintptr_t addr, uint32_t val)
{
	struct bus_reg *r = bus_reg_get(addr);

	if (!r)
		return -1;
	r->val = val;
	return 0;
}

uint32_t ipfw_bus_peek(uintptr_t addr)
{
	const struct bus_reg *r = bus_reg_find(addr);

	return r ? r->val : 0;
}

int ipfw_bus_script_reads(uintptr_t addr, const uint32_t *vals, unsigned int n)
{
	struct bus_script *s;

	if (!vals || n == 0 || n > IPFW_BUS_SCRIPT_DEPTH || bus_nscripts >= IPFW_BUS_MAX_SCRIPTS)
		return -1;
	s = &bus_scripts[bus_nscripts++];
	s->addr = addr;
	s->n = n;
	s->next = 0;
	for (unsigned int i = 0; i < n; i++)
		s->vals[i] = vals[i];
	return 0;
}

int ipfw_bus_self_clear(uintptr_t addr, uint32_t mask, unsigned int reads)
{
	struct bus_reg *r = bus_reg_get(addr);

	if (!r)
		return -1;
	r->clear_mask = mask;
	r->clear_after = reads;
	return 0;
}

int ipfw_bus_stuck(uintptr_t addr, uint32_t mask, uint32_t val)
{
	struct bus_reg *r = bus_reg_get(addr);

	if (!r)
		return -1;
	r->stuck_mask = mask;
	r->stuck_val = val & mask;
	return 0;
}

int ipfw_bus_fault(uintptr_t addr)
{
	struct bus_reg *r = bus_reg_get(addr);

	if (!r)
		return -1;
	r->fault = 1;
	return 0;
}

static void bus_record(enum ipfw_bus_op op, uintptr_t addr, uint32_t val, int faulted)
{
	struct ipfw_bus_access a = {op, addr, val, faulted};

	if (faulted)
		bus_nfaults++;
	if (bus_tlen < IPFW_BUS_TRACE_CAP)
		bus_trace[bus_tlen++] = a;
	else
		bus_tdropped++;
	if (bus_observer)
		bus_observer(bus_observer_ctx, &a);
}

/* A scripted value for addr, if one is queued; consumes it. */
static int bus_script_take(uintptr_t addr, uint32_t *val)
{
	for (unsigned int i = 0; i < bus_nscripts; i++) {
		struct bus_script *s = &bus_scripts[i];

		if (s->addr == addr && s->next < s->n) {
			*val = s->vals[s->next++];
			return 1;
		}
	}
	return 0;
}

uint32_t ipfw_mmio_seam_read32(uintptr_t addr)
{
	const struct ipfw_bus_device *d = bus_dev_at(addr);
	struct bus_reg *r = bus_reg_find(addr);
	uint32_t v;

	if (r && r->fault) {
		bus_record(IPFW_BUS_READ, addr, IPFW_BUS_FAULT_VALUE, 1);
		return IPFW_BUS_FAULT_VALUE;
	}
	if (!bus_script_take(addr, &v)) {
		if (d) {
			v = d->read(d->ctx, addr - d->base);
		} else if (r) {
			if (r->val & r->clear_mask) {
				if (r->pending == 0)
					r->val &= ~r->clear_mask;
				else
					r->pending--;
			}
			v = r->val;
		} else {
			v = 0;
		}
	}
	if (r && r->stuck_mask)
		v = (v & ~r->stuck_mask) | r->stuck_val;
	bus_record(IPFW_BUS_READ, addr, v, 0);
	return v;
}

void ipfw_mmio_seam_write32(uintptr_t addr, uint32_t val)
{
	const struct ipfw_bus_device *d = bus_dev_at(addr);
	struct bus_reg *r = bus_reg_find(addr);

	if (r && r->fault) {
		bus_record(IPFW_BUS_WRITE, addr, val, 1);
		return;
	}
	bus_record(IPFW_BUS_WRITE, addr, val, 0);
	if (d) {
		d->write(d->ctx, addr - d->base, val);
		return;
	}
	if (!r)
		r = bus_reg_get(addr);
	if (!r)
		return;
	r->val = val;
	if (val & r->clear_mask) {
		/* Self-clearing bits read back set `clear_after` times. */
		r->pending = r->clear_after;
		if (r->pending == 0)
			r->val &= ~r->clear_mask;
	}
}

void ipfw_mmio_seam_barrier(void)
{
	bus_record(IPFW_BUS_BARRIER, 0, 0, 0);
}

size_t ipfw_bus_trace_len(void)
{
	return bus_tlen;
}

const struct ipfw_bus_access *ipfw_bus_trace_at(size_t i)
{
	return i < bus_tlen ? &bus_trace[i] : 0;
}

size_t ipfw_bus_trace_dropped(void)
{
	return bus_tdropped;
}

void ipfw_bus_trace_clear(void)
{
	bus_tlen = 0;
	bus_tdropped = 0;
	bus_nfaults = 0;
}

size_t ipfw_bus_count(enum ipfw_bus_op op)
{
	size_t n = 0;

	for (size_t i = 0; i < bus_tlen; i++)
		n += bus_trace[i].op == op;
	return n;
}

size_t ipfw_bus_count_addr(enum ipfw_bus_op op, uintptr_t addr)
{
	size_t n = 0;

	for (size_t i = 0; i < bus_tlen; i++)
		n += bus_trace[i].op == op && bus_trace[i].addr == addr;
	return n;
}

size_t ipfw_bus_faults(void)
{
	return bus_nfaults;
}

void ipfw_bus_set_observer(ipfw_bus_observer_fn fn, void *ctx)
{
	bus_observer = fn;
	bus_observer_ctx = ctx;
}
