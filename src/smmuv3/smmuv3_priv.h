/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal to src/smmuv3: register access, commands, diagnostics. */
#ifndef IPFW_SMMUV3_PRIV_H
#define IPFW_SMMUV3_PRIV_H

#include <ipmmu/error.h>
#include <ipmmu/mmio.h>
#include <ipmmu/smmuv3.h>

#include "smmuv3_regs.h"

static inline uint32_t ipfw_smmuv3_rd_(const struct ipfw_smmuv3 *s, uint32_t off)
{
	return ipfw_mmio_read32(s->base + off);
}

static inline void ipfw_smmuv3_wr_(const struct ipfw_smmuv3 *s, uint32_t off, uint32_t v)
{
	ipfw_mmio_write32(s->base + off, v);
}

/* Record where an error was found and return it. */
static inline int ipfw_smmuv3_fail_(struct ipfw_smmuv3 *s, int err, const char *what,
				    uint32_t sid, uint64_t want, uint64_t got)
{
	s->diag.what = what;
	s->diag.sid = sid;
	s->diag.want = want;
	s->diag.got = got;
	return err;
}

/* Wait until (reg & mask) == want: IPFW_OK or IPFW_E_TIMEOUT (diag set). */
int ipfw_smmuv3_wait_(struct ipfw_smmuv3 *s, uint32_t off, uint32_t mask, uint32_t want,
		      const char *what);

/* Queue cmds[0..n-1] (two words each) plus a CMD_SYNC and wait until the
 * SMMU has consumed them all. IPFW_E_SMMU_CMDQ when the queue stopped on
 * an error, IPFW_E_TIMEOUT, IPFW_E_NOSPACE (batch larger than the queue). */
int ipfw_smmuv3_cmds_sync_(struct ipfw_smmuv3 *s, const uint64_t (*cmds)[2], uint32_t n);

void ipfw_smmuv3_clean_(const struct ipfw_smmuv3 *s, void *cpu, size_t len);

#endif
