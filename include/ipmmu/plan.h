/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The bring-up plan: which DMA master goes through which uTLB of which
 * IPMMU, into which domain (one context bank), with which mappings, and
 * what is wrong with the device tree or the policy.
 *
 * ipfw_plan_build() reads the device tree once (the dt layer), applies the
 * board's policy and the SoC table (the ipmmu layer), groups masters that
 * share a uTLB, forms domains, dry-runs the page tables against the pool
 * and assigns context banks. It touches no register: programming is the
 * boot layer's next step (ipmmu/boot.h), and the host tool prints plans.
 *
 * Default deny. A master is released later only if the plan gives it a
 * translating domain (TRANSLATE or IDENTITY) or the policy explicitly asks
 * for BYPASS. Everything else is DENIED and stays in reset: masters with
 * an error in their binding, masters behind a disabled or unknown IPMMU,
 * unmatched PCIe requester IDs, uTLB conflicts, context or table-pool
 * exhaustion, denylisted SoCs without a board override, masters the board
 * lists as having no IOMMU binding, and masters the policy denies. Each
 * such master carries the error code that denied it, and the plan's
 * diagnostics say where and why. One bad master never sinks the others.
 *
 * Domains: masters sharing a uTLB form a group and land in one domain.
 * A policy rule may name a domain (masters naming the same one share it);
 * an unnamed TRANSLATE group gets its own domain; unnamed IDENTITY masters
 * (the default policy: identity over the DRAM of /memory) share one
 * "identity" domain per root, since their tables would be identical and
 * context banks are few (7 usable on Gen3). Masters that must be isolated
 * from each other get their own maps or distinct domain names.
 *
 * Everything lives in the caller's struct ipfw_plan (arrays with
 * compile-time capacities below); nothing points into the blob.
 */
#ifndef IPMMU_PLAN_H
#define IPMMU_PLAN_H

#include <ipmmu/types.h>

#include <ipmmu/dt.h>
#include <ipmmu/ipmmu.h>
#include <ipmmu/lpae.h>
#include <ipmmu/soc.h>

/* Capacities of one plan. */
#define IPFW_PLAN_MAX_INST 24     /* IPMMU instances (H3 has 17) */
#define IPFW_PLAN_MAX_MASTERS 96
#define IPFW_PLAN_MAX_UTLBS 256   /* (instance, uTLB) pairs over all masters */
#define IPFW_PLAN_MAX_SPECS 320   /* iommus entries in the tree */
#define IPFW_PLAN_MAX_MAPENT 32   /* iommu-map entries in the tree */
#define IPFW_PLAN_MAX_DOMAINS 32
#define IPFW_PLAN_MAX_REGIONS 64  /* mappings over all domains */
#define IPFW_PLAN_MAX_DIAGS 96
#define IPFW_PLAN_MAX_MEM 8       /* DRAM ranges from /memory */
#define IPFW_PLAN_MAX_PHANDLES 512
#define IPFW_PLAN_NAME_MAX 24

/* ------------------------------------------------------------ policy */

enum ipfw_action {
	IPFW_ACT_DEFAULT = 0, /* the policy's default for bound masters */
	IPFW_ACT_TRANSLATE,   /* the rule's own mappings */
	IPFW_ACT_IDENTITY,    /* IOVA == PA over the DRAM ranges of /memory */
	IPFW_ACT_BYPASS,      /* uTLB left off, master released: explicit opt-in */
	IPFW_ACT_DENY,        /* held in reset */
};

/* One mapping of a TRANSLATE rule. */
struct ipfw_policy_map {
	uint64_t iova;
	uint64_t pa;
	uint64_t size;
	uint32_t attrs;  /* IPFW_LPAE_* */
	bool handoff;    /* stays live for the OS (reserved-memory, ipmmu/handoff.h) */
};

struct ipfw_policy_rule {
	const char *path;               /* master node path, exact */
	enum ipfw_action action;
	const char *domain;             /* domain name; NULL: the master's own group */
	const struct ipfw_policy_map *maps;
	size_t nmaps;
	bool bypass_unmatched_ids;      /* iommu-map misses become bypass (else deny) */
};

struct ipfw_policy {
	const struct ipfw_policy_rule *rules;
	size_t nrules;
	/* DMA masters the board knows have no IOMMU binding: held, reported. */
	const char *const *unbound;
	size_t nunbound;
	/* IPMMU nodes whose power area is off when this firmware runs: never
	 * written (an access to an unpowered module may never complete), their
	 * masters held (IPFW_E_UNPOWERED); the OS brings them up later. */
	const char *const *unpowered;
	size_t nunpowered;
	enum ipfw_action default_action; /* DEFAULT or IDENTITY: identity; or DENY */
	enum ipfw_ipmmu_fmt fmt;         /* table format of every domain */
	uint32_t identity_attrs;         /* IPFW_LPAE_* for IDENTITY domains */
	uint32_t reserved_ctx;           /* board-reserved contexts on every root */
	struct ipfw_soc_rev rev;         /* for the SoC denylist */
	bool soc_override;               /* board accepts a denylisted SoC */
	uint32_t pool_tables;            /* page-table pool size, in 4 KiB tables */
};

/* ------------------------------------------------------------ plan */

enum ipfw_diag_level {
	IPFW_DIAG_ERROR,   /* something is denied because of it */
	IPFW_DIAG_WARNING, /* allowed, but worth a look */
	IPFW_DIAG_INFO,
};

struct ipfw_plan_diag {
	enum ipfw_diag_level level;
	int code;                    /* IPFW_E_*, 0 for notes */
	int16_t master;              /* plan master index, -1 when none */
	int16_t other;               /* a second master (uTLB conflict), -1 */
	int16_t inst;                /* plan instance index, -1 */
	int16_t domain;              /* plan domain index, -1 */
	int32_t utlb;                /* -1 when none */
	char path[IPFW_DT_PATH_MAX]; /* node the problem is in */
	const char *prop;            /* property, NULL when none */
	int index;                   /* entry in the property, -1 when none */
	uint32_t id_lo, id_hi;       /* iommu-map: masked-ID range concerned ... */
	bool ids;                    /* ... when this is set */
	const char *what;            /* fixed text: what is wrong */
};

struct ipfw_plan_inst {
	char name[IPFW_PLAN_NAME_MAX]; /* "iommu@e6740000" */
	char path[IPFW_DT_PATH_MAX];
	const struct ipfw_soc *soc;    /* NULL: unknown compatible */
	uint64_t base;
	int16_t root;                  /* IPFW_IPMMU_IS_ROOT or root instance index */
	bool enabled;
	bool usable;                   /* enabled, known SoC, root usable, SoC allowed,
					  powered */
	bool unpowered;                /* listed in policy.unpowered */
	enum ipfw_soc_verdict verdict; /* roots: denylist decision */
};

struct ipfw_plan_utlb {
	uint16_t inst;  /* cache instance */
	uint16_t utlb;
};

struct ipfw_plan_master {
	char path[IPFW_DT_PATH_MAX];
	enum ipfw_action action;     /* resolved: TRANSLATE, IDENTITY, BYPASS or DENY */
	int err;                     /* why DENY (IPFW_E_*; IPFW_E_DENIED for policy) */
	int16_t domain;              /* -1 when none */
	int16_t group;               /* masters sharing a uTLB share a group */
	uint16_t first_utlb;         /* utlbs[first_utlb .. + nutlbs) */
	uint16_t nutlbs;
	bool unbound;                /* no IOMMU binding in the tree */
	bool pci_host;               /* has iommu-map */
	uint8_t nresets;
	uint8_t nclocks;
	struct ipfw_dt_ref resets[IPFW_DT_MAX_RESETS];
	struct ipfw_dt_ref clocks[IPFW_DT_MAX_CLOCKS];
};

struct ipfw_plan_region {
	uint64_t iova;
	uint64_t pa;
	uint64_t size;
	uint32_t attrs;
	bool handoff;
	int16_t master;              /* rule it came from, -1 for identity */
};

struct ipfw_plan_domain {
	char name[IPFW_PLAN_NAME_MAX];
	enum ipfw_action action;     /* TRANSLATE or IDENTITY */
	uint16_t root;               /* root instance index */
	int16_t ctx;                 /* context bank, -1 when none could be given */
	int err;                     /* nonzero: the domain failed planning */
	uint16_t first_region;       /* regions[first_region .. + nregions) */
	uint16_t nregions;
	uint16_t nmasters;
	uint32_t tables;             /* page tables it needs (dry run, top included) */
	uint32_t pool_first;         /* its slice of the pool, in tables */
	int16_t group;               /* the uTLB group of an unnamed domain, -2 for the
				      * root's shared identity domain */
	bool named;                  /* name came from the policy */
};

struct ipfw_plan {
	/* results */
	struct ipfw_plan_inst inst[IPFW_PLAN_MAX_INST];
	size_t ninst;
	struct ipfw_plan_master masters[IPFW_PLAN_MAX_MASTERS];
	size_t nmasters;
	struct ipfw_plan_utlb utlbs[IPFW_PLAN_MAX_UTLBS];
	size_t nutlbs;
	struct ipfw_plan_domain domains[IPFW_PLAN_MAX_DOMAINS];
	size_t ndomains;
	struct ipfw_plan_region regions[IPFW_PLAN_MAX_REGIONS];
	size_t nregions;
	struct ipfw_dt_range mem[IPFW_PLAN_MAX_MEM]; /* DRAM from /memory */
	size_t nmem;
	struct ipfw_plan_diag diags[IPFW_PLAN_MAX_DIAGS];
	size_t ndiags;
	size_t diags_dropped;        /* diagnostics beyond the array */
	unsigned int nerrors;        /* diagnostics of level ERROR */
	uint32_t pool_tables_needed; /* sum over planned domains */
	enum ipfw_ipmmu_fmt fmt;
	uint32_t reserved_ctx;       /* the policy's board-reserved contexts */
	/* working storage of the device-tree walk */
	struct ipfw_dt_node_info phandles[IPFW_PLAN_MAX_PHANDLES];
	struct ipfw_dt_ipmmu dt_ipmmus[IPFW_PLAN_MAX_INST];
	struct ipfw_dt_master dt_masters[IPFW_PLAN_MAX_MASTERS];
	struct ipfw_dt_spec dt_specs[IPFW_PLAN_MAX_SPECS];
	struct ipfw_dt_map_entry dt_maps[IPFW_PLAN_MAX_MAPENT];
	struct ipfw_dt_result dt;
	struct ipfw_dt_index idx;
	const char *bypass_paths[IPFW_PLAN_MAX_MASTERS];
	const char *wanted[IPFW_PLAN_MAX_MASTERS]; /* policy domain names, while building */
	struct ipfw_plan_diag diag_sink; /* where diagnostics beyond the array go */
};

/*
 * Build the plan. Returns IPFW_OK when a plan was made, even one that
 * denies masters (plan->nerrors counts the problems); a negative code only
 * when no plan could be made at all (NULL arguments, a blob libfdt rejects,
 * capacities exceeded), with one diagnostic saying why. In every case no
 * master is planned for release unless its entry says so.
 */
int ipfw_plan_build(const void *fdt, const struct ipfw_policy *pol, struct ipfw_plan *plan);

/* Plan master index of a node path, or -1. */
int ipfw_plan_find_master(const struct ipfw_plan *plan, const char *path);

/* "translate", "identity", "bypass", "deny", "default". */
const char *ipfw_action_name(enum ipfw_action a);
/* "error", "warning", "info". */
const char *ipfw_diag_level_name(enum ipfw_diag_level l);

/*
 * One diagnostic as a line of text into buf (no stdio): level, code name,
 * what, and where (node, property, entry, uTLB, masters). Returns the
 * length, or IPFW_E_NOSPACE when truncated (still NUL-terminated).
 */
int ipfw_plan_diag_format(const struct ipfw_plan *plan, const struct ipfw_plan_diag *d,
			  char *buf, size_t len);

#endif /* IPMMU_PLAN_H */
