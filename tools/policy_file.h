/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The board policy as a text file, for the host tool (docs/policy.md).
 * Host code: it allocates, and the result owns every string and array the
 * struct ipfw_policy inside it points at.
 *
 *   # comment                       (also after a line's last word)
 *   default identity|deny           bound masters without a rule
 *   format s1-32|s2-40
 *   identity-attrs ATTRS            attributes of identity domains (rw,wb,xn)
 *   unbound PATH                    a DMA master with no IOMMU binding
 *   powered PATH                    an IPMMU in a switchable power area the
 *                                   board has powered
 *   unprotected PATH                a likely DMA master with no binding the
 *                                   board accepts outside the IOMMU
 *   unpowered PATH                  an IPMMU whose power area is off at boot
 *   reserve-ctx MASK                contexts nobody may take (bit n = ctx n)
 *   pool-tables N                   page-table pool, in 4 KiB tables
 *   soc-rev PRR                     PRR value (hex), for the SoC denylist
 *   soc-override                    accept a denylisted SoC
 *   PATH ACTION [domain=NAME] [map=IOVA:PA:SIZE:ATTRS]... [bypass-unmatched-ids]
 *
 * ACTION is translate, identity, bypass or deny; ATTRS a comma-separated
 * list of r, w, rw, xn, priv, wb, nc, dev, handoff.
 */
#ifndef IPFW_TOOLS_POLICY_FILE_H
#define IPFW_TOOLS_POLICY_FILE_H

#include <stddef.h>

#include <ipmmu/ipmmu.h>
#include <ipmmu/plan.h>

/* What the default policy gives (no --policy). */
#define IPFW_POLICY_FILE_POOL_TABLES 64u

struct ipfw_policy_file {
	struct ipfw_policy pol;  /* points into the arrays below */
	struct ipfw_policy_rule *rules;
	unsigned int *rule_line; /* line each rule came from */
	const char **unbound;
	const char **unpowered;
	const char **unprotected;
	const char **powered;
	void **allocs;           /* every string and map array the policy points at */
	size_t nallocs;
};

/* Called once per problem: line (1-based) and what is wrong. */
typedef void ipfw_policy_file_err_fn(void *ctx, unsigned int line, const char *msg);

/* The default policy: identity over /memory for bound masters, S1-32,
 * read/write write-back execute-never, IPFW_POLICY_FILE_POOL_TABLES. */
void ipfw_policy_file_default(struct ipfw_policy_file *pf);

/*
 * Parse `len` bytes of `text` on top of the default policy. Every problem
 * goes to err (may be NULL); returns the number of problems (0: pf holds
 * the policy), or -1 when memory ran out. Release with _free either way.
 */
int ipfw_policy_file_parse(const char *text, size_t len, struct ipfw_policy_file *pf,
			   ipfw_policy_file_err_fn *err, void *ctx);

void ipfw_policy_file_free(struct ipfw_policy_file *pf);

/* Attribute bits as the file spells them ("rw,wb,xn"), into buf. */
void ipfw_policy_file_attrs_str(unsigned int attrs, int handoff, char *buf, size_t len);

#endif
