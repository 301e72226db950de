/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One set of negative error codes for every ipmmu-fw module.
 *
 * Functions that can fail return IPFW_OK (0) or one of these negative
 * codes; functions that return a count or an offset return it as a
 * non-negative int and use the same codes for failure (the libfdt style).
 * ipfw_errname() gives the code's name ("IPFW_E_NOMEM") and
 * ipfw_strerror() a one-line explanation; both never return NULL.
 *
 * New codes go at the end of their group; values never change once
 * released because bootloaders log them as numbers.
 */
#ifndef IPMMU_ERROR_H
#define IPMMU_ERROR_H

/* X(name, value, text) */
#define IPFW_ERROR_LIST(X)                                                          \
	X(IPFW_OK, 0, "success")                                                        \
	/* generic */                                                                   \
	X(IPFW_E_INVAL, -1, "invalid argument")                                         \
	X(IPFW_E_ALIGN, -2, "address or size not aligned to the granule")               \
	X(IPFW_E_RANGE, -3, "address outside the input or output range")                \
	X(IPFW_E_NOSPACE, -4, "caller-provided table or buffer is full")                \
	X(IPFW_E_STATE, -5, "operation not allowed in the current state")               \
	X(IPFW_E_TIMEOUT, -6, "hardware did not complete within the poll limit")        \
	X(IPFW_E_READBACK, -7, "register read back a different value than written")     \
	X(IPFW_E_BUSFAULT, -8, "register access faulted")                               \
	X(IPFW_E_UNSUPPORTED, -9, "feature left out of this build (an IPFW_CFG_* option)") \
	/* lpae: page-table builder */                                                  \
	X(IPFW_E_OVERLAP, -20, "range overlaps an existing mapping")                    \
	X(IPFW_E_NOMEM, -21, "page-table pool exhausted")                               \
	X(IPFW_E_NOTMAPPED, -22, "address is not mapped")                               \
	X(IPFW_E_SPLIT, -23, "range covers only part of a block mapping")               \
	X(IPFW_E_ATTR, -24, "attribute combination not valid for this format")          \
	X(IPFW_E_FORMAT, -25, "unknown or unsupported table format")                    \
	/* ipmmu: SoC data, allocators, programming */                                  \
	X(IPFW_E_NOSOC, -40, "SoC not in the feature table")                            \
	X(IPFW_E_DENYLISTED, -41, "SoC is on the IPMMU denylist")                       \
	X(IPFW_E_NOCTX, -42, "no free context bank on the root IPMMU")                  \
	X(IPFW_E_CTX_RESERVED, -43, "context bank is reserved")                         \
	X(IPFW_E_UTLB_RANGE, -44, "uTLB number beyond this IPMMU's uTLBs")              \
	X(IPFW_E_UTLB_CONFLICT, -45, "uTLB already assigned to another domain")         \
	X(IPFW_E_NOROOT, -46, "cache IPMMU has no usable root IPMMU")                    \
	X(IPFW_E_HWFAULT, -47, "IPMMU reported a translation fault")                    \
	X(IPFW_E_DOMAIN, -48, "domain spans IPMMUs with different roots")               \
	X(IPFW_E_UNPOWERED, -49, "IPMMU not powered at boot (board policy): not touched") \
	/* dt: device-tree walker */                                                    \
	X(IPFW_E_FDT, -60, "device tree blob is malformed")                             \
	X(IPFW_E_DT_PHANDLE, -61, "phandle is 0 or names no node")                      \
	X(IPFW_E_DT_CELLS, -62, "#iommu-cells missing or invalid in the target node")   \
	X(IPFW_E_DT_TRUNCATED, -63, "property ends in the middle of an entry")          \
	X(IPFW_E_DT_MAPLEN, -64, "iommu-map length is zero or not whole entries")       \
	X(IPFW_E_DT_MAPMASK, -65, "iommu-map base has bits outside iommu-map-mask")     \
	X(IPFW_E_DT_NOTIOMMU, -66, "referenced node is not an IOMMU (no #iommu-cells)")          \
	X(IPFW_E_DT_DISABLED, -67, "referenced IOMMU node is disabled")                 \
	X(IPFW_E_DT_NOMATCH, -68, "no iommu-map entry matches the ID")                  \
	X(IPFW_E_DT_PROP, -69, "property missing or malformed")                         \
	X(IPFW_E_DT_FOREIGN, -70, "bound to an IOMMU this library cannot program")      \
	/* boot: plan, policy, release */                                               \
	X(IPFW_E_POLICY, -80, "policy entry invalid or contradicts the device tree")    \
	X(IPFW_E_DENIED, -81, "master denied by policy")                                \
	X(IPFW_E_NOTREADY, -82, "master's IOMMU path is not live; release refused")     \
	X(IPFW_E_RELEASE, -83, "reset or clock release failed")                         \
	X(IPFW_E_VERIFY, -84, "verification of programmed state failed")                \
	X(IPFW_E_NOBINDING, -85, "DMA master has no IOMMU binding in the device tree")  \
	/* SMMUv3 */                                                                    \
	X(IPFW_E_SMMU_FEATURE, -100, "SMMU lacks a feature the driver needs (ID registers)") \
	X(IPFW_E_SMMU_CMDQ, -101, "SMMU command queue stopped on an error (CMDQ_CONS.ERR)") \
	X(IPFW_E_SMMU_GERROR, -102, "SMMU global error active (GERROR != GERRORN)")    \
	X(IPFW_E_SMMU_STE, -103, "stream table entry reads back different from written") \
	X(IPFW_E_SMMU_CD, -104, "context descriptor reads back different from written") \
	X(IPFW_E_SMMU_SID, -105, "StreamID beyond the SMMU's stream table")             \
	X(IPFW_E_SMMU_EVENTQ, -106, "SMMU event queue overflowed: events were lost")

enum ipfw_err {
#define IPFW_ERR_ENUM_(name, value, text) name = (value),
	IPFW_ERROR_LIST(IPFW_ERR_ENUM_)
#undef IPFW_ERR_ENUM_
};

/* Name of the code ("IPFW_E_NOMEM"); "IPFW_E_?" for an unknown value. */
const char *ipfw_errname(int err);

/* One-line description; "unknown error" for an unknown value. */
const char *ipfw_strerror(int err);

#endif /* IPMMU_ERROR_H */
