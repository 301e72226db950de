/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SMMUv3 registers and in-memory structures the driver uses (Arm IHI 0070,
 * "SMMUv3 architecture specification": chapter 6 "Memory map and
 * registers", chapter 5 "Data structure formats", chapter 4 "Commands",
 * chapter 7 "Events"). docs/smmuv3.md has the reasoning.
 */
#ifndef IPFW_SMMUV3_REGS_H
#define IPFW_SMMUV3_REGS_H

/* Page 0 */
#define SMMU_IDR0 0x0000u
#define SMMU_IDR1 0x0004u
#define SMMU_IDR5 0x0014u
#define SMMU_CR0 0x0020u
#define SMMU_CR0ACK 0x0024u
#define SMMU_CR1 0x0028u
#define SMMU_CR2 0x002Cu
#define SMMU_GBPA 0x0044u
#define SMMU_IRQ_CTRL 0x0050u
#define SMMU_GERROR 0x0060u
#define SMMU_GERRORN 0x0064u
#define SMMU_STRTAB_BASE 0x0080u /* 64-bit, written as two 32-bit halves */
#define SMMU_STRTAB_BASE_CFG 0x0088u
#define SMMU_CMDQ_BASE 0x0090u
#define SMMU_CMDQ_PROD 0x0098u
#define SMMU_CMDQ_CONS 0x009Cu
#define SMMU_EVENTQ_BASE 0x00A0u
/* Page 1 (the base + 64 KiB) */
#define SMMU_EVENTQ_PROD 0x100A8u
#define SMMU_EVENTQ_CONS 0x100ACu

#define IDR0_S2P (1u << 0)
#define IDR0_S1P (1u << 1)
#define IDR0_TTF_SHIFT 2 /* 2 bits: 0b10 AArch64, 0b11 both */
#define IDR0_TTF_AA64 0x2u
#define IDR0_COHACC (1u << 4)
#define IDR0_ASID16 (1u << 12)
#define IDR0_TTENDIAN_SHIFT 21 /* 0b00 mixed, 0b10 little, 0b11 big */
#define IDR0_ST_LEVEL_SHIFT 27 /* 0b00 linear only, 0b01 two-level too */
#define IDR1_SIDSIZE_MASK 0x3Fu
#define IDR1_EVENTQS_SHIFT 16
#define IDR1_CMDQS_SHIFT 21
#define IDR1_QS_MASK 0x1Fu
#define IDR1_TABLES_PRESET (1u << 30)
#define IDR1_QUEUES_PRESET (1u << 29)
#define IDR5_OAS_MASK 0x7u
#define IDR5_GRAN4K (1u << 4)

#define CR0_SMMUEN (1u << 0)
#define CR0_EVENTQEN (1u << 2)
#define CR0_CMDQEN (1u << 3)
/* CR1: queue and table walk attributes: IC [1:0]/[7:6], OC [3:2]/[9:8],
 * SH [5:4]/[11:10]; 0b01 write-back cacheable, 0b11 inner shareable. */
#define CR1_COHERENT 0x00000D75u
#define CR2_RECINVSID (1u << 1)
#define GBPA_ABORT (1u << 20)
#define GBPA_UPDATE (1u << 31)

#define GERROR_CMDQ_ERR (1u << 0)
#define GERROR_EVENTQ_ABT_ERR (1u << 2)
#define GERROR_SFM_ERR (1u << 8)

#define STRTAB_BASE_CFG_FMT_LINEAR (0u << 16)
#define STRTAB_BASE_CFG_FMT_2LVL (1u << 16)
#define STRTAB_BASE_CFG_SPLIT_SHIFT 6
/* Level-1 stream table descriptor: Span [4:0] (2^(Span - 1) STEs, 0 =
 * invalid), L2Ptr [51:6] */
#define L1STD_SPAN_MASK 0x1Full
#define L1STD_L2PTR_MASK 0x000FFFFFFFFFFFC0ull
#define QUEUE_BASE_ADDR_MASK 0x000FFFFFFFFFFFE0ull /* [51:5] */
#define STRTAB_BASE_ADDR_MASK 0x000FFFFFFFFFFFC0ull /* [51:6] */
#define CMDQ_CONS_ERR_SHIFT 24
#define CMDQ_CONS_ERR_MASK 0x7Fu
#define EVENTQ_PROD_OVFLG (1u << 31)
#define EVENTQ_CONS_OVACKFLG (1u << 31)

/* STE (64 bytes, 8 x 64-bit words) */
#define STE_WORDS 8u
#define STE0_V (1ull << 0)
#define STE0_CONFIG_SHIFT 1
#define STE0_CONFIG_MASK (7ull << 1)
#define STE_CONFIG_ABORT 0x0u
#define STE_CONFIG_BYPASS 0x4u
#define STE_CONFIG_S1 0x5u
#define STE0_S1CTXPTR_MASK 0x000FFFFFFFFFFFC0ull /* [51:6] */
/* w1: S1CIR [3:2], S1COR [5:4] 0b01 WB-RA-WA, S1CSH [7:6] 0b11 inner,
 * STRW [31:30] 0b00 NS-EL1, SHCFG [45:44] 0b01 incoming */
#define STE1_S1_COHERENT ((1ull << 2) | (1ull << 4) | (3ull << 6))
#define STE1_SHCFG_INCOMING (1ull << 44)

/* CD (64 bytes) */
#define CD_WORDS 8u
#define CD0_T0SZ_MASK 0x3Full
#define CD0_WALK_SHIFT 8 /* IR0 [9:8], OR0 [11:10], SH0 [13:12] */
#define CD0_WALK_MASK (0x3Full << 8)
#define CD0_EPD1 (1ull << 30)
#define CD0_V (1ull << 31)
#define CD0_IPS_SHIFT 32
#define CD0_AA64 (1ull << 41)
#define CD0_R (1ull << 45)
#define CD0_A (1ull << 46)
#define CD0_ASET (1ull << 47)
#define CD0_ASID_SHIFT 48
#define CD1_TTB0_MASK 0x000FFFFFFFFFFFF0ull /* [51:4] */

/* Commands (16 bytes); opcode in [7:0] of the first word */
#define CMD_PREFETCH_CONFIG 0x01u
#define CMD_CFGI_STE 0x03u
#define CMD_CFGI_ALL 0x04u    /* CMD_CFGI_STE_RANGE; Range 31: every StreamID */
#define CMD_CFGI_CD 0x05u
#define CMD_TLBI_NH_ALL 0x10u
#define CMD_TLBI_NH_ASID 0x11u
#define CMD_TLBI_NSNH_ALL 0x30u
#define CMD_SYNC 0x46u
#define CMD_SID_SHIFT 32       /* CFGI_STE, CFGI_CD: StreamID [63:32] */
#define CMD_ASID_SHIFT 48      /* TLBI_NH_ASID: ASID [63:48] */
#define CMD1_LEAF (1ull << 0)  /* CFGI_STE/CD word 1 */
#define CMD1_RANGE_ALL 31ull   /* CFGI_ALL word 1: Range [4:0] = 31 */

/* Events (32 bytes) */
#define EVT_WORDS 4u

#endif
