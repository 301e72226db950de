/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal helpers of the ipmmu module (not installed). */
#ifndef IPMMU_SRC_IPMMU_PRIV_H
#define IPMMU_SRC_IPMMU_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ipmmu/ipmmu.h>

/* A bounded text builder: no stdio in the library. */
struct ipfw_ipmmu_text {
	char *buf;
	size_t len;
	size_t pos;
	bool overflow;
};

void ipfw_ipmmu_text_init(struct ipfw_ipmmu_text *t, char *buf, size_t len);
void ipfw_ipmmu_text_str(struct ipfw_ipmmu_text *t, const char *s);
/* "0x" followed by exactly `digits` upper-case hex digits. */
void ipfw_ipmmu_text_hex(struct ipfw_ipmmu_text *t, uint64_t v, unsigned int digits);
void ipfw_ipmmu_text_dec(struct ipfw_ipmmu_text *t, unsigned int v);
/* NUL-terminates; returns the length or IPFW_E_NOSPACE when truncated. */
int ipfw_ipmmu_text_end(struct ipfw_ipmmu_text *t);

bool ipfw_ipmmu_streq(const char *a, const char *b);

/* Absolute addresses of one instance's registers. */
uintptr_t ipfw_ipmmu_ctx_reg(const struct ipfw_ipmmu_inst *in, unsigned int ctx, uint32_t reg);
uintptr_t ipfw_ipmmu_imuctr(const struct ipfw_ipmmu_inst *in, unsigned int utlb);
uintptr_t ipfw_ipmmu_imuasid(const struct ipfw_ipmmu_inst *in, unsigned int utlb);
uintptr_t ipfw_ipmmu_ctrl_reg(const struct ipfw_ipmmu_inst *in, uint32_t reg);

#endif /* IPMMU_SRC_IPMMU_PRIV_H */
