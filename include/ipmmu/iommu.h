/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The interface between the boot flow and an IOMMU driver
 * (docs/design.md, "One flow, several drivers").
 *
 * The flow (src/boot) knows instances, endpoints and domains by number;
 * each driver knows its own registers. A board registers, per driver kind,
 * the driver's operations and the driver's state (caller memory: no heap,
 * nothing global), in struct ipfw_boot_hooks. The flow calls only these
 * operations, in this order (ipmmu/boot.h):
 *
 *   hold every master -> init (bring the instances the plan needs up
 *   default-deny) -> domain_create (one per planned domain, from the
 *   tables' register values) -> attach (each endpoint of each translating
 *   master) -> domain_live + is_live (read back: verify) -> bypass (explicit
 *   policy only) -> domain_live + is_live again, at release time, for every
 *   master about to be released -> report.
 *
 * Every operation returns IPFW_OK or a negative IPFW_E_* code and leaves
 * nothing enabled that it enabled itself when it fails. This header
 * includes no driver header, and no driver includes the plan or the flow
 * (scripts/check-layers).
 *
 * Before any of that, at plan time, a driver describes its hardware to the
 * plan (struct ipfw_iommu_plan_ops, reached through the policy): how many
 * endpoints and domain slots an instance has, which formats it walks, its
 * denylist verdict, its SoCs' likely bus masters. The plan keeps no
 * hardware facts of its own.
 */
#ifndef IPMMU_IOMMU_H
#define IPMMU_IOMMU_H

#include <ipmmu/types.h>

#include <ipmmu/lpae.h>
#include <ipmmu/mmio.h>
#include <ipmmu/text.h>

/* Capacities shared by the plan and the drivers' flow state (see
 * ipmmu/plan.h for the other IPFW_CFG_ options). */
#ifndef IPFW_CFG_MAX_IPMMUS
#define IPFW_CFG_MAX_IPMMUS 20     /* IOMMU nodes (H3: 17 IPMMUs, the most in Linux 6.1) */
#endif
#ifndef IPFW_CFG_MAX_DOMAINS
#define IPFW_CFG_MAX_DOMAINS 8     /* Gen3 roots have 8 contexts */
#endif
#define IPFW_IOMMU_MAX_INST IPFW_CFG_MAX_IPMMUS
#define IPFW_IOMMU_MAX_DOMAINS IPFW_CFG_MAX_DOMAINS

/* Which driver an instance belongs to (chosen from its compatible). */
enum ipfw_iommu_kind {
	IPFW_IOMMU_IPMMU,  /* renesas,ipmmu-*: Renesas IPMMU-VMSA */
	IPFW_IOMMU_SMMUV3, /* arm,smmu-v3 */
	IPFW_IOMMU_KINDS,
};

/* An instance that holds its own domains (an IPMMU root, an SMMUv3). */
#define IPFW_IOMMU_HOME_SELF (-1)

/* One IOMMU instance, as the plan describes it to the driver. Instances
 * are numbered as in the plan; the driver touches only those with `used`. */
struct ipfw_iommu_inst {
	const char *name;       /* node name ("iommu@e6740000"), for messages */
	uint64_t base;          /* register window */
	const void *hw;         /* the driver's own plan-time description (IPMMU:
				 * its struct ipfw_soc), NULL when none */
	int16_t home;           /* IPFW_IOMMU_HOME_SELF or the instance that holds
				 * this one's domains (an IPMMU cache's root) */
	uint8_t kind;           /* enum ipfw_iommu_kind */
	bool used;              /* the plan needs it: bring it up */
	uint32_t reserved;      /* slots other firmware keeps (IPMMU contexts) */
};

/* One endpoint: what a master's DMA is tagged with at one instance (an
 * IPMMU uTLB, an SMMUv3 StreamID). */
struct ipfw_iommu_endpoint {
	uint16_t inst; /* instance index */
	uint16_t id;   /* uTLB or StreamID */
};

/* Which part of a master's report line the driver writes. */
enum ipfw_iommu_tail_part {
	IPFW_IOMMU_TAIL_SLOT,      /* after the domain's name: its slot */
	IPFW_IOMMU_TAIL_ENDPOINTS, /* the endpoint column */
};

/* What the report gives the driver for a master's line. */
struct ipfw_iommu_tail {
	enum ipfw_iommu_tail_part part;
	int slot;                               /* the domain's slot */
	const struct ipfw_iommu_endpoint *ep;   /* the master's endpoints */
	size_t nep;
	const char *(*inst_name)(const void *arg, unsigned int inst);
	const void *arg;
};

/*
 * An operation on one endpoint of the flow's master number `owner`
 * (0 .. INT16_MAX) and domain d: one type for the four of them, so that the
 * flow picks the operation once per master. Arguments an operation does
 * not need are ignored (detach, is_live and bypass ignore owner; bypass
 * ignores d).
 */
typedef int ipfw_iommu_ep_fn(void *st, unsigned int d, struct ipfw_iommu_endpoint ep, int owner);

/* The flow passes a driver only its own state, instance and domain numbers
 * below IPFW_IOMMU_MAX_INST and IPFW_IOMMU_MAX_DOMAINS, and endpoints of
 * instances it has brought up (`used`); a driver need not check them. */
struct ipfw_iommu_ops {
	/* Bring every instance with `used` up default-deny: after this no
	 * endpoint translates or bypasses. inst[0 .. n) are all of the plan's
	 * instances (of every kind: the driver skips other kinds). */
	int (*init)(void *st, const struct ipfw_iommu_inst *inst, size_t n,
		    const struct ipfw_delay *delay);
	/* Domain d (the plan's number) on instance `home`, slot `slot` (an
	 * IPMMU context bank, an SMMUv3 ASID/CD), walking tables of format
	 * fmt with the register values regs. Not yet reachable by anyone. */
	int (*domain_create)(void *st, unsigned int d, unsigned int home, int slot,
			     enum ipfw_lpae_format fmt, const struct ipfw_lpae_regs *regs);
	/* Tear domain d down: every endpoint still in it denied. */
	int (*domain_destroy)(void *st, unsigned int d);
	/* Read from the hardware now: IPFW_OK when domain d is programmed and
	 * enabled with no invalidation pending, else IPFW_E_NOTREADY. */
	int (*domain_live)(void *st, unsigned int d);
	/* The endpoint translates through domain d (an endpoint shared by two
	 * masters of one domain is attached once per master). */
	ipfw_iommu_ep_fn *attach;
	/* The endpoint leaves domain d: denied again. */
	ipfw_iommu_ep_fn *detach;
	/* Read from the hardware now: IPFW_OK when the endpoint translates
	 * through domain d, else IPFW_E_NOTREADY. */
	ipfw_iommu_ep_fn *is_live;
	/* Explicit policy bypass of the endpoint (the driver may leave it as
	 * it is when the hardware passes an unconfigured endpoint through). */
	ipfw_iommu_ep_fn *bypass;
	/* IPFW_LPAE_F_* the flow builds this driver's stage-1 tables with
	 * (the IPMMU: IPFW_LPAE_F_NS, since it walks as a secure master and
	 * faults on descriptors without NS and NSTable); stage-2 tables get
	 * none of the stage-1 flags. */
	uint32_t s1_table_flags;
};

/* The driver's own text for a master's line of the isolation report. A
 * separate pointer from the operations so that a board without the report
 * links no text code. */
typedef void ipfw_iommu_report_fn(const void *st, const struct ipfw_iommu_tail *tail,
				  struct ipfw_text *t);

/* ------------------------------------------------------------ plan time */

/* The SoC revision as the board knows it, for a driver's denylist. */
struct ipfw_soc_rev {
	bool known;   /* false: the board cannot read it */
	uint32_t prr; /* the revision register's value (R-Car PRR: product [14:8], cut [7:0]) */
};

/* A driver's denylist decision for its hardware at that revision. */
enum ipfw_soc_verdict {
	IPFW_SOC_ALLOWED,
	IPFW_SOC_DENIED,
	IPFW_SOC_UNKNOWN, /* the rule needs a revision the board did not give,
			   * or the revision given is not this hardware's */
};

/*
 * What a driver says, at plan time, of one IOMMU node from its compatible
 * strings: everything the plan needs to count, check and assign, so that
 * the plan itself holds no hardware facts. `hw` goes back to the driver in
 * struct ipfw_iommu_inst.
 */
struct ipfw_iommu_desc {
	const void *hw;           /* the driver's own description (the IPMMU: its
				     struct ipfw_soc); NULL: not hardware it knows */
	const char *name;         /* what the hardware is, for messages ("r8a7795") */
	uint32_t endpoints;       /* endpoint ids 0 .. endpoints - 1 (an IPMMU's uTLBs) */
	uint32_t slots;           /* domain slots 0 .. slots - 1 of an instance that
				     holds domains (an IPMMU root's context banks) */
	uint32_t reserved_slots;  /* slots nobody may take, bit n = slot n (the
				     IPMMU's context 0); more than 32 slots: only
				     the first 32 can be reserved */
	uint32_t formats;         /* bit per enum ipfw_lpae_format it walks */
	int16_t always_on_area;   /* the power-domains area that is never switched
				     off (the R-Car SYSC's always-on area), -1: none */
	uint8_t verdict;          /* enum ipfw_soc_verdict for the board's revision */
};

/* A driver's plan-time operations. */
struct ipfw_iommu_plan_ops {
	/* Describe the node whose compatible property is compat (NUL-separated
	 * strings, len bytes), for the board's revision rev (never NULL):
	 * IPFW_OK and *out, or IPFW_E_NOSOC when no string names hardware
	 * this driver (in this build) knows. */
	int (*describe)(const char *compat, size_t len, const struct ipfw_soc_rev *rev,
			struct ipfw_iommu_desc *out);
	/* Likely bus masters of the SoCs this driver serves, for the list of
	 * masters outside the IOMMU's protection: the kind (0 ..) a node with
	 * this compatible property is, or -1. *unless_prop (set when a kind
	 * is returned): a property that, present on the node, means its DMA
	 * goes through another node's binding (NULL: none). */
	int (*dma_ip)(const char *compat, int len, const char **unless_prop);
	/* "SD/MMC host (SDHI)": what a kind is. */
	const char *(*dma_ip_name)(unsigned int kind);
};

/* What a board registers for one driver kind. */
struct ipfw_iommu_driver {
	const struct ipfw_iommu_ops *ops; /* NULL: no such driver on this board */
	void *state;                      /* the driver's flow state */
	ipfw_iommu_report_fn *report;     /* may be NULL (no report text) */
};

#endif /* IPMMU_IOMMU_H */
