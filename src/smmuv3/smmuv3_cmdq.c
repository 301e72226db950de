/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Command queue (IHI 0070, 3.5 "Command and Event queues" and chapter 4
 * "Commands"): the driver writes entries at PROD, moves CMDQ_PROD, and the
 * SMMU consumes up to it. Indexes carry a wrap bit above the index bits,
 * so PROD == CONS is empty and PROD ^ CONS == wrap is full. Every batch
 * ends with a CMD_SYNC (CS = none) and is waited for: once CONS reaches
 * PROD, every earlier command (configuration and TLB invalidation) has
 * completed. A command the SMMU cannot execute stops the queue with
 * CMDQ_CONS.ERR and GERROR.CMDQ_ERR.
 */
#include <ipmmu/error.h>
#include <ipmmu/smmuv3.h>

#include "smmuv3_priv.h"

void ipfw_smmuv3_clean_(const struct ipfw_smmuv3 *s, void *cpu, size_t len)
{
	if (s->clean)
		s->clean(s->clean_arg, cpu, len);
}

int ipfw_smmuv3_wait_(struct ipfw_smmuv3 *s, uint32_t off, uint32_t mask, uint32_t want,
		      const char *what)
{
	uint32_t last = 0;
	int err = ipfw_mmio_poll32(s->base + off, mask, want, &s->limit, &s->delay, &last);

	if (err)
		return ipfw_smmuv3_fail_(s, err, what, 0, want, last & mask);
	return IPFW_OK;
}

/* The queue's index mask, wrap bit included. */
static uint32_t q_mask(uint32_t log2)
{
	return (2u << log2) - 1u;
}

static int wait_consumed(struct ipfw_smmuv3 *s, uint8_t last_op)
{
	const uint32_t m = q_mask(s->cmdq_log2);
	uint32_t cons = 0;

	ipfw_mmio_dsb();
	for (uint32_t t = 0; t < s->limit.tries; t++) {
		cons = ipfw_smmuv3_rd_(s, SMMU_CMDQ_CONS);
		if ((cons & m) == s->cmdq_prod)
			return IPFW_OK;
		if ((ipfw_smmuv3_rd_(s, SMMU_GERROR) ^ ipfw_smmuv3_rd_(s, SMMU_GERRORN)) &
		    GERROR_CMDQ_ERR) {
			uint32_t idx = cons & ((1u << s->cmdq_log2) - 1u);
			uint8_t op = (uint8_t)s->cmdq[(size_t)idx * 2u];

			s->broken = true;
			return ipfw_smmuv3_fail_(s, IPFW_E_SMMU_CMDQ, "CMDQ_CONS.ERR", 0, op,
						 (cons >> CMDQ_CONS_ERR_SHIFT) & CMDQ_CONS_ERR_MASK);
		}
		if (s->delay.udelay && t + 1u < s->limit.tries)
			s->delay.udelay(s->delay.ctx, s->limit.step_us);
	}
	return ipfw_smmuv3_fail_(s, IPFW_E_TIMEOUT, "CMDQ_CONS", 0, last_op, cons & m);
}

int ipfw_smmuv3_cmds_sync_(struct ipfw_smmuv3 *s, const uint64_t (*cmds)[2], uint32_t n)
{
	const uint32_t size = 1u << s->cmdq_log2;
	const uint32_t m = q_mask(s->cmdq_log2);
	uint32_t prod = s->cmdq_prod;
	int err;

	if (s->broken)
		return ipfw_smmuv3_fail_(s, IPFW_E_SMMU_CMDQ, "CMDQ (stopped earlier)", 0, 0, 0);
	/* the queue is empty here (every batch is waited for) */
	if (n + 1u > size)
		return ipfw_smmuv3_fail_(s, IPFW_E_NOSPACE, "CMDQ", 0, n + 1u, size);
	for (uint32_t i = 0; i <= n; i++) {
		uint64_t *e = &s->cmdq[(size_t)(prod & (size - 1u)) * 2u];

		e[0] = i < n ? cmds[i][0] : CMD_SYNC;
		e[1] = i < n ? cmds[i][1] : 0;
		ipfw_smmuv3_clean_(s, e, IPFW_SMMUV3_CMD_SIZE);
		prod = (prod + 1u) & m;
	}
	s->cmdq_prod = prod;
	ipfw_smmuv3_wr_(s, SMMU_CMDQ_PROD, prod); /* the write orders the entries first */
	err = wait_consumed(s, n ? (uint8_t)cmds[n - 1u][0] : (uint8_t)CMD_SYNC);
	if (!err)
		s->syncs++;
	return err;
}

int ipfw_smmuv3_tlbi_asid(struct ipfw_smmuv3 *s, uint16_t asid)
{
	const uint64_t cmd[1][2] = {{CMD_TLBI_NH_ASID | (uint64_t)asid << CMD_ASID_SHIFT, 0}};

	if (!s || !s->enabled)
		return IPFW_E_STATE;
	return ipfw_smmuv3_cmds_sync_(s, cmd, 1);
}
