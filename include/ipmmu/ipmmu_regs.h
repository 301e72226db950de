/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IPMMU-VMSA register offsets and bits (docs/ipmmu-vmsa.md section 2), and the
 * per-SoC address arithmetic (section 2.3). Offsets returned by the
 * functions are from the instance base and already include the SoC's
 * context, uTLB and control-register bases.
 */
#ifndef IPMMU_IPMMU_REGS_H
#define IPMMU_IPMMU_REGS_H

#include <ipmmu/types.h>

#include <ipmmu/soc.h>

#define IPFW_IPMMU_CTX_MAX 16
#define IPFW_IPMMU_UTLB_MAX 64

/* Context registers, offset inside one context block. */
#define IPFW_IPMMU_IMCTR 0x00u
#define IPFW_IPMMU_IMTTBCR 0x08u
#define IPFW_IPMMU_IMTTLBR0 0x10u
#define IPFW_IPMMU_IMTTUBR0 0x14u
#define IPFW_IPMMU_IMSTR 0x20u
#define IPFW_IPMMU_IMMAIR0 0x28u
#define IPFW_IPMMU_IMELAR 0x30u
#define IPFW_IPMMU_IMEUAR 0x34u

#define IPFW_IPMMU_IMCTR_MMUEN (1u << 0)
#define IPFW_IPMMU_IMCTR_FLUSH (1u << 1)
#define IPFW_IPMMU_IMCTR_INTEN (1u << 2)
/* Xen's position (bit 29); the CR7 loader says bit 28 (section 9, item 13). */
#define IPFW_IPMMU_IMCTR_VA64 (1u << 29)
/* Bits a cache IPMMU's IMCTR takes (Xen masks to [2:0]). */
#define IPFW_IPMMU_IMCTR_CACHE_MASK 0x7u

#define IPFW_IPMMU_IMTTBCR_EAE (1u << 31)
#define IPFW_IPMMU_IMTTBCR_PMB (1u << 30)
#define IPFW_IPMMU_IMTTBCR_SL0_32_L1 (2u << 6) /* 32-bit mode, start at level 1 */
#define IPFW_IPMMU_IMTTBCR_SL0_64_L1 (1u << 6) /* VA64 stage 2, start at level 1 */
#define IPFW_IPMMU_IMTTBCR_TSZ0_40 24u         /* 64 - 40 */

#define IPFW_IPMMU_IMSTR_TF (1u << 0)
#define IPFW_IPMMU_IMSTR_PF (1u << 1)
#define IPFW_IPMMU_IMSTR_ABORT (1u << 2)
#define IPFW_IPMMU_IMSTR_MHIT (1u << 4)
#define IPFW_IPMMU_IMSTR_ERR_MASK 0x17u
#define IPFW_IPMMU_IMSTR_ERRCODE(v) (((v) >> 8) & 0x7u)
#define IPFW_IPMMU_IMSTR_ERRLVL(v) (((v) >> 12) & 0x3u)

/* uTLB registers: IMUCTR(n)/IMUASID(n), windows at 0x300 and 0x600. */
#define IPFW_IPMMU_IMUCTR_MMUEN (1u << 0)
#define IPFW_IPMMU_IMUCTR_FLUSH (1u << 1)
#define IPFW_IPMMU_IMUCTR_TTSEL_SHIFT 4

/* Control registers (plus the SoC's ctrl_base). */
#define IPFW_IPMMU_IMSCTLR 0x500u
#define IPFW_IPMMU_IMSAUXCTLR 0x504u
#define IPFW_IPMMU_IMSSTR 0x540u
#define IPFW_IPMMU_IMSCTLR_USE_SECGRP (1u << 28)
#define IPFW_IPMMU_IMSAUXCTLR_S2PTE (1u << 3)

/* Offset of context `ctx`'s block; contexts 8+ take the SoC's jump. */
uint32_t ipfw_ipmmu_ctx_off(const struct ipfw_soc *soc, unsigned int ctx);
/* Offset of IMUCTR(utlb) / IMUASID(utlb); uTLBs 32+ sit at 0x600. */
uint32_t ipfw_ipmmu_imuctr_off(const struct ipfw_soc *soc, unsigned int utlb);
uint32_t ipfw_ipmmu_imuasid_off(const struct ipfw_soc *soc, unsigned int utlb);
/* Offset of a control register (IPFW_IPMMU_IMSCTLR, ...). */
uint32_t ipfw_ipmmu_ctrl_off(const struct ipfw_soc *soc, uint32_t reg);
/* IMUCTR.TTSEL field mask for this SoC (15<<4 on Gen3, 31<<4 on Gen4). */
uint32_t ipfw_ipmmu_ttsel_mask(const struct ipfw_soc *soc);

/*
 * Name of the register at `off` from an instance base, for traces:
 * "IMCTR(1)", "IMUCTR(32)", "IMSCTLR". Writes a NUL-terminated string.
 * Returns its length, IPFW_E_RANGE for an offset that names no register
 * (buf receives "?"), IPFW_E_NOSPACE when it does not fit (truncated),
 * IPFW_E_INVAL for a NULL soc or buffer, or len 0.
 */
int ipfw_ipmmu_regname(const struct ipfw_soc *soc, uint32_t off, char *buf, size_t len);

#endif /* IPMMU_IPMMU_REGS_H */
