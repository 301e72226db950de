/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer harness for the fault decoder: arbitrary IMSTR/IMELAR/IMEUAR
 * values for arbitrary contexts of an H3 or S4 root, served by the test
 * bus. Checks, independently of the decoder's code:
 *  - a fault is reported iff IMSTR has one of TF/PF/ABORT/MHIT;
 *  - the address is IMEUAR:IMELAR, and both were read before IMSTR was
 *    cleared by writing 0 (ipmmu-vmsa.md section 6);
 *  - no fault, no write;
 *  - the one-line text is NUL-terminated in every buffer size.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>
#include <ipmmu/ipmmu_regs.h>
#include "mmio_bus.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ipfw_ipmmu_inst inst[1];
	static struct ipfw_ipmmu_inst_state state[1];
	struct ipfw_ipmmu mmu;
	struct ipfw_ipmmu_fault f;
	const struct ipfw_soc *soc;
	uint32_t imstr, elar, euar;
	unsigned int ctx;
	uintptr_t base, cb;
	size_t w_imstr = 0, r_elar = 0, r_euar = 0;
	char text[128];
	int r;

	if (size < 14)
		return 0;
	soc = ipfw_soc_by_name((data[0] & 1) ? "r8a779f0" : "r8a7795");
	base = (data[0] & 1) ? 0xEEFC0000u : 0xE67B0000u;
	ctx = data[1] % soc->num_ctx;
	imstr = rd32(data + 2);
	elar = rd32(data + 6);
	euar = rd32(data + 10);
	ipfw_bus_reset();
	inst[0] = (struct ipfw_ipmmu_inst){"mm", base, soc, IPFW_IPMMU_IS_ROOT, 0};
	if (ipfw_ipmmu_init(&mmu, inst, state, 1, NULL, NULL))
		abort();
	cb = base + ipfw_ipmmu_ctx_off(soc, ctx);
	ipfw_bus_poke(cb + IPFW_IPMMU_IMSTR, imstr);
	ipfw_bus_poke(cb + IPFW_IPMMU_IMELAR, elar);
	ipfw_bus_poke(cb + IPFW_IPMMU_IMEUAR, euar);

	r = ipfw_ipmmu_fault_read(&mmu, 0, ctx, &f);
	if (r != ((imstr & IPFW_IPMMU_IMSTR_ERR_MASK) ? 1 : 0))
		abort();
	for (size_t i = 0; i < ipfw_bus_trace_len(); i++) {
		const struct ipfw_bus_access *a = ipfw_bus_trace_at(i);

		if (a->op == IPFW_BUS_WRITE && a->addr == cb + IPFW_IPMMU_IMSTR && !w_imstr) {
			if (a->val != 0)
				abort(); /* cleared by writing 0, not write-1-to-clear */
			w_imstr = i + 1;
		}
		if (a->op == IPFW_BUS_READ && a->addr == cb + IPFW_IPMMU_IMELAR && !r_elar)
			r_elar = i + 1;
		if (a->op == IPFW_BUS_READ && a->addr == cb + IPFW_IPMMU_IMEUAR && !r_euar)
			r_euar = i + 1;
	}
	if (r == 1) {
		if (f.addr != ((uint64_t)euar << 32 | elar) || f.ctx != ctx || f.imstr != imstr ||
		    !w_imstr || !r_elar || !r_euar || r_elar > w_imstr || r_euar > w_imstr)
			abort();
		for (size_t len = 1; len <= sizeof(text); len += 7) {
			memset(text, 'x', sizeof(text));
			r = ipfw_ipmmu_fault_format(&f, text, len);
			if (!memchr(text, '\0', len) || (r >= 0 && (size_t)r >= len))
				abort();
		}
	} else if (r == 0 && w_imstr) {
		abort(); /* nothing pending: nothing written */
	}
	return 0;
}
