/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The bring-up plan: which DMA master goes through which uTLB of which
 * IPMMU, into which domain (one context bank), with which mappings, and
 * what is wrong with the device tree or the policy.
 *
 * ipfw_plan_build() reads the device tree once (the dt layer), applies the
 * board's policy and what each IOMMU's driver says of its hardware
 * (struct ipfw_iommu_desc: endpoints, slots, denylist; the plan itself
 * holds no hardware facts and calls no driver directly), groups masters that
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
 * compile-time capacities below). Nodes are kept as offsets into the blob
 * and names point into it (and into the policy): both must outlive the
 * plan.
 */
#ifndef IPMMU_PLAN_H
#define IPMMU_PLAN_H

#include <ipmmu/types.h>

#include <ipmmu/dt.h>
#include <ipmmu/iommu.h>
#include <ipmmu/lpae.h>

/*
 * Capacities of one plan: compile-time options, each overridable with -D
 * (e.g. -DIPFW_CFG_MAX_MASTERS=64; the library, the board and every caller
 * must see the same values). The defaults fit every Renesas arm64 tree of
 * Linux 6.1 (the largest figures, all H3, are in the comments;
 * `ipmmu-dt needs FILE.dtb` prints what a tree needs). A tree that needs more gets IPFW_E_NOSPACE with the tree's own
 * figure and the capacity ("needs 131 masters, built for 32"), or, for the
 * resets and clocks of one master, that master held.
 */
/* IPFW_CFG_MAX_IPMMUS and IPFW_CFG_MAX_DOMAINS: ipmmu/iommu.h (the drivers'
 * flow state is sized by them too). */
#ifndef IPFW_CFG_MAX_MASTERS
#define IPFW_CFG_MAX_MASTERS 28    /* enabled iommus/iommu-map nodes, and unbound ones (H3: 22) */
#endif
#ifndef IPFW_CFG_MAX_UTLBS
#define IPFW_CFG_MAX_UTLBS 112     /* (instance, uTLB) pairs over all masters (H3: 96) */
#endif
#ifndef IPFW_CFG_MAX_SPECS
#define IPFW_CFG_MAX_SPECS 112     /* iommus entries in the tree (H3 Salvator-X: 97) */
#endif
#ifndef IPFW_CFG_MAX_MAPENT
#define IPFW_CFG_MAX_MAPENT 8      /* iommu-map entries in the tree */
#endif
#ifndef IPFW_CFG_MAX_REFS
#define IPFW_CFG_MAX_REFS 64       /* resets + clocks entries of the masters (H3: 47) */
#endif
#ifndef IPFW_CFG_MAX_PROVIDERS
#define IPFW_CFG_MAX_PROVIDERS 32  /* phandle nodes with #iommu/#reset/#clock-cells (H3: 27) */
#endif
#ifndef IPFW_CFG_MAX_REGIONS
#define IPFW_CFG_MAX_REGIONS 16    /* mappings over all domains */
#endif
#ifndef IPFW_CFG_MAX_DIAGS
#define IPFW_CFG_MAX_DIAGS 32      /* diagnostics kept (more are counted) */
#endif
#ifndef IPFW_CFG_MAX_UNPROTECTED
#define IPFW_CFG_MAX_UNPROTECTED 48 /* likely DMA masters without a binding kept (H3: 40) */
#endif
#ifndef IPFW_CFG_MAX_MEM
#define IPFW_CFG_MAX_MEM 8         /* DRAM ranges from /memory */
#endif

/* The names the boot layer and boards use. */
#define IPFW_PLAN_MAX_INST IPFW_CFG_MAX_IPMMUS
#define IPFW_PLAN_MAX_MASTERS IPFW_CFG_MAX_MASTERS
#define IPFW_PLAN_MAX_UTLBS IPFW_CFG_MAX_UTLBS
#define IPFW_PLAN_MAX_SPECS IPFW_CFG_MAX_SPECS
#define IPFW_PLAN_MAX_MAPENT IPFW_CFG_MAX_MAPENT
#define IPFW_PLAN_MAX_REFS IPFW_CFG_MAX_REFS
#define IPFW_PLAN_MAX_DOMAINS IPFW_CFG_MAX_DOMAINS
#define IPFW_PLAN_MAX_REGIONS IPFW_CFG_MAX_REGIONS
#define IPFW_PLAN_MAX_DIAGS IPFW_CFG_MAX_DIAGS
#define IPFW_PLAN_MAX_MEM IPFW_CFG_MAX_MEM
#define IPFW_PLAN_MAX_PHANDLES IPFW_CFG_MAX_PROVIDERS
#define IPFW_PLAN_MAX_UNPROTECTED IPFW_CFG_MAX_UNPROTECTED

/* ------------------------------------------------------------ policy */

/* Identity mappings when policy.identity_attrs is 0: read/write, normal
 * write-back memory, never executable (what `ipmmu-dt plan` uses too). */
#define IPFW_PLAN_IDENTITY_ATTRS_DEFAULT (IPFW_LPAE_RW | IPFW_LPAE_WB | IPFW_LPAE_XN)

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

/* A PCIe function the board found behind the host at `host` (a node with
 * iommu-map), e.g. through ECAM: its own releasable unit, a plan master
 * whose endpoint is the iommu-map output of rid (docs/smmuv3.md). */
struct ipfw_policy_rid {
	const char *host;
	uint32_t rid;                   /* bus << 8 | device << 3 | function */
	int16_t rule;                   /* its rule in policy.rules (the host, held,
					   may match it too), -1: the policy's default */
};

struct ipfw_plan;

/*
 * An IOMMU other than the IPMMU that the board has a driver for
 * (policy.iommus): a master whose iommus entry names a node `match`
 * accepts is planned on it instead of being held as foreign
 * (IPFW_E_DT_FOREIGN). The plan makes one instance per such node, the
 * first time a master names it (`add`: ipfw_plan_add_instance, linked only
 * by a board that registers a driver), home of its own domains.
 */
struct ipfw_plan_driver {
	uint8_t kind;         /* enum ipfw_iommu_kind */
	/* the driver's: does it program a node with this compatible list
	 * (NUL-separated strings, len bytes)? e.g. ipfw_smmuv3_compatible */
	bool (*match)(const char *compat, int len);
	int (*add)(struct ipfw_plan *plan, const struct ipfw_plan_driver *pd, int32_t node);
	uint32_t slots;       /* domains one instance holds, numbered from 1 (SMMUv3:
				 the board's CDs, ASIDs 1 ..) */
	uint32_t endpoints;   /* endpoint ids 0 .. endpoints - 1, at most 65536
				 (SMMUv3: 2^sid_bits of the board's stream table) */
	uint32_t formats;     /* bit per enum ipfw_lpae_format it walks */
};

/* The instance for an IOMMU node of pd's kind: its index, created on first
 * use; -1 when pd does not match the node, or beyond IPFW_CFG_MAX_IPMMUS
 * (then with an IPFW_E_NOSPACE diagnostic; its masters are held as foreign). */
int ipfw_plan_add_instance(struct ipfw_plan *plan, const struct ipfw_plan_driver *pd,
			   int32_t node);

/* The plan's steps for IOMMUs other than the IPMMU and for requester-ID
 * units (src/boot/plan_other.c), reached through policy.others. */
struct ipfw_plan_others {
	/* The instance for IOMMU node `node` of a driver in policy.iommus
	 * (ipfw_plan_driver.add), or -1: foreign. */
	int (*instance)(struct ipfw_plan *plan, int32_t node);
	/* Master m is a PCIe host whose requester IDs are units: held (with
	 * an info diagnostic), true; false otherwise. */
	bool (*host)(struct ipfw_plan *plan, size_t m);
	/* After the tree's masters: one plan master per policy.rids entry (its
	 * rule, its endpoint from the host's iommu-map; an ID the map does not
	 * cover is held, IPFW_E_DT_NOMATCH), then every master whose
	 * endpoints are on two kinds of IOMMU denied (IPFW_E_DOMAIN: the flow
	 * drives a master's endpoints through one driver). */
	void (*finish)(struct ipfw_plan *plan);
};
extern const struct ipfw_plan_others ipfw_plan_others;

/* A board's entry in policy.iommus, e.g. for the SMMUv3 sized by its CDs
 * and stream table: IPFW_PLAN_DRIVER(IPFW_IOMMU_SMMUV3,
 * ipfw_smmuv3_compatible, ncds, 1u << sid_bits, 1u << IPFW_LPAE_S1_32). */
#define IPFW_PLAN_DRIVER(kind_, match_, slots_, endpoints_, formats_)                      \
	{(kind_), (match_), ipfw_plan_add_instance, (slots_), (endpoints_), (formats_)}

struct ipfw_policy {
	const struct ipfw_policy_rule *rules;
	size_t nrules;
	/* DMA masters the board knows have no IOMMU binding: held, reported. */
	const char *const *unbound;
	size_t nunbound;
	/* Likely DMA masters without an IOMMU binding the board knowingly leaves
	 * outside the IOMMU (plan.unprotected marks them accepted). */
	const char *const *unprotected;
	size_t nunprotected;
	/* IPMMU nodes in a switchable power area (power-domains other than the
	 * SoC's always-on area) that the board has powered before the plan
	 * runs. Without it such an IPMMU is left untouched and its masters are
	 * held (IPFW_E_UNPOWERED): R-Car boots with A3VP, A3VC, A3IR... off. */
	const char *const *powered;
	size_t npowered;
	/* IPMMU nodes whose power area is off when this firmware runs: never
	 * written (an access to an unpowered module may never complete), their
	 * masters held (IPFW_E_UNPOWERED); the OS brings them up later. */
	const char *const *unpowered;
	size_t nunpowered;
	/* The plan-time driver of the IOMMU nodes of the Renesas IPMMU-VMSA
	 * binding the walker finds (renesas,ipmmu-*, renesas,ipmmu-main):
	 * &ipfw_ipmmu_plan_ops (ipmmu/ipmmu.h). NULL: such nodes are not
	 * programmed, their masters held (IPFW_E_DT_FOREIGN). */
	const struct ipfw_iommu_plan_ops *ipmmu;
	enum ipfw_action default_action; /* DEFAULT or IDENTITY: identity; or DENY */
	enum ipfw_lpae_format fmt;       /* table format of every domain */
	uint32_t identity_attrs;         /* IPFW_LPAE_* for IDENTITY domains; 0 (a
					  * zero-initialised policy) means
					  * IPFW_PLAN_IDENTITY_ATTRS_DEFAULT */
	uint32_t reserved_ctx;           /* board-reserved slots (IPMMU contexts) on
					    every instance holding domains */
	struct ipfw_soc_rev rev;         /* for the drivers' denylists */
	bool soc_override;               /* board accepts a denylisted SoC */
	uint32_t pool_tables;            /* page-table pool size, in 4 KiB tables */
	/* Drivers for IOMMUs other than the IPMMU (see struct ipfw_plan_driver);
	 * none: a master bound to one is held (IPFW_E_DT_FOREIGN). */
	const struct ipfw_plan_driver *const *iommus;
	size_t niommus;
	/* Requester IDs planned one by one (their host is then held and not
	 * planned itself). */
	const struct ipfw_policy_rid *rids;
	size_t nrids;
	/* The plan's code for both (iommus, rids): &ipfw_plan_others, or NULL
	 * for an IPMMU-only board, which then links none of it (iommus and
	 * rids are ignored). */
	const struct ipfw_plan_others *others;
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
	int32_t node;                /* node the problem is in (libfdt offset), -1 none */
	const char *path;            /* ... or a policy path the tree lacks, NULL */
	const char *prop;            /* property, NULL when none */
	int index;                   /* entry in the property, -1 when none */
	uint32_t id_lo, id_hi;       /* iommu-map: masked-ID range concerned ... */
	bool ids;                    /* ... when this is set */
	int32_t iommu;               /* node offset of the IOMMU concerned (one this
					library does not program); 0 or -1: none (the
					root node is never an IOMMU worth naming) */
	uint32_t need, have;         /* IPFW_E_NOSPACE: the tree's figure and the capacity */
	const char *capacity;        /* ... and its option ("IPFW_CFG_MAX_MASTERS"), NULL */
	const char *what;            /* fixed text: what is wrong */
};

struct ipfw_plan_inst {
	const char *name;              /* node name in the blob: "iommu@e6740000" */
	struct ipfw_iommu_desc hw;     /* what its driver says of it; hw.hw NULL:
					  its driver does not know the compatible */
	uint64_t base;
	int32_t node;                  /* libfdt offset of the IPMMU node */
	uint8_t kind;                  /* enum ipfw_iommu_kind: its driver */
	int err;                       /* the IPMMU node's own problem, 0 if none */
	int16_t root;                  /* IPFW_IOMMU_HOME_SELF (-1, an instance holding
					  its own domains), or the index of its root */
	bool enabled;
	bool cache;                    /* has renesas,ipmmu-main (root unresolved when
					  the cache is disabled) */
	bool usable;                   /* enabled, known to its driver, root usable,
					  allowed by the driver's denylist, powered */
	bool needed;                   /* serves a master the plan releases (or bypasses),
					  or is the root of such a cache: the only
					  instances the boot flow touches */
	bool unpowered;                /* listed in policy.unpowered, or in a switchable
					  power area policy.powered does not list */
	int16_t power_area;            /* its power-domains area, -1 when none */
	const struct ipfw_plan_driver *drv; /* another kind's plan-time driver, NULL
					       for an IPMMU node */
};

/* A master's endpoint: (instance, uTLB) for an IPMMU cache. */
#define ipfw_plan_utlb ipfw_iommu_endpoint

struct ipfw_plan_master {
	int32_t node;                /* libfdt offset (ipfw_plan_path() prints it) */
	int err;                     /* why DENY (IPFW_E_*; IPFW_E_DENIED for policy) */
	uint8_t action;              /* enum ipfw_action, resolved: TRANSLATE, IDENTITY,
					BYPASS or DENY */
	bool unbound;                /* no IOMMU binding in the tree */
	bool pci_host;               /* has iommu-map */
	bool pci_rid;                /* a requester ID of its node (policy.rids): rid */
	uint32_t rid;
	uint8_t nresets;
	uint8_t nclocks;
	int16_t domain;              /* -1 when none */
	int16_t group;               /* masters sharing a uTLB share a group */
	int16_t rule;                /* index of its policy rule, -1 */
	uint16_t first_utlb;         /* utlbs[first_utlb .. + nutlbs) */
	uint16_t nutlbs;
	const struct ipfw_dt_ref *resets; /* in ipfw_plan.refs */
	const struct ipfw_dt_ref *clocks;
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
	const char *name;            /* policy name, "identity", or a node name (blob) */
	uint8_t action;              /* enum ipfw_action: TRANSLATE or IDENTITY */
	bool named;                  /* name came from the policy */
	uint16_t root;               /* root instance index */
	int16_t ctx;                 /* context bank, -1 when none could be given */
	int16_t group;               /* the uTLB group of an unnamed domain, -2 for the
				      * root's shared identity domain */
	int err;                     /* nonzero: the domain failed planning */
	uint16_t first_region;       /* regions[first_region .. + nregions) */
	uint16_t nregions;
	uint16_t nmasters;
	uint32_t tables;             /* page tables it needs (dry run, top included) */
	uint32_t pool_first;         /* its slice of the pool, in tables */
};

/*
 * A likely DMA master with no IOMMU binding (docs/policy.md, "Outside the
 * IOMMU's protection"): an enabled node whose compatible names a bus-master
 * IP of the SoC facts, with no iommus or iommu-map. It reaches all of
 * memory: the board lists it as unbound (held) or accepts it knowingly
 * (policy.unprotected). Reported only for trees with an IPMMU.
 */
struct ipfw_plan_unprotected {
	int32_t node;                /* libfdt offset */
	uint8_t kind;                /* index into ipfw_plan_dma_ip_name() */
	bool accepted;               /* listed in policy.unprotected */
};

/* "SD/MMC host (SDHI)", ...: what kind of bus master an entry is (the
 * driver's words, policy.ipmmu->dma_ip_name), "?" when unknown. */
const char *ipfw_plan_dma_ip_name(const struct ipfw_plan *plan, unsigned int kind);

/* Working storage of the device-tree walk: read while planning only. */
struct ipfw_plan_walk {
	struct ipfw_dt_node_info providers[IPFW_CFG_MAX_PROVIDERS];
	struct ipfw_dt_ipmmu ipmmus[IPFW_CFG_MAX_IPMMUS];
	struct ipfw_dt_master masters[IPFW_CFG_MAX_MASTERS];
	struct ipfw_dt_spec specs[IPFW_CFG_MAX_SPECS];
	struct ipfw_dt_map_entry maps[IPFW_CFG_MAX_MAPENT];
	struct ipfw_dt_result dt;
	struct ipfw_dt_index idx;
};

struct ipfw_plan {
	const void *fdt;             /* the blob planned: node offsets and names point
					into it, so it must outlive the plan */
	const struct ipfw_policy *pol; /* the policy planned: domain names and policy
					paths point into it, so it must outlive the plan */
	int status;                  /* what ipfw_plan_build() returned */
	/* results */
	struct ipfw_plan_inst inst[IPFW_CFG_MAX_IPMMUS];
	size_t ninst;
	struct ipfw_plan_master masters[IPFW_CFG_MAX_MASTERS];
	size_t nmasters;
	struct ipfw_plan_utlb utlbs[IPFW_CFG_MAX_UTLBS];
	size_t nutlbs;
	struct ipfw_plan_domain domains[IPFW_CFG_MAX_DOMAINS];
	size_t ndomains;
	struct ipfw_plan_region regions[IPFW_CFG_MAX_REGIONS];
	size_t nregions;
	struct ipfw_dt_ref refs[IPFW_CFG_MAX_REFS]; /* masters' resets and clocks */
	size_t nrefs;
	struct ipfw_dt_range mem[IPFW_CFG_MAX_MEM]; /* DRAM from /memory */
	size_t nmem;
	struct ipfw_plan_unprotected unprotected[IPFW_CFG_MAX_UNPROTECTED];
	size_t nunprotected;
	size_t unprotected_dropped;  /* more of them than the array holds */
	struct ipfw_plan_diag diags[IPFW_CFG_MAX_DIAGS];
	size_t ndiags;
	size_t diags_dropped;        /* diagnostics beyond the array */
	unsigned int nerrors;        /* diagnostics of level ERROR */
	uint32_t pool_tables_needed; /* sum over planned domains */
	enum ipfw_lpae_format fmt;
	uint32_t reserved_ctx;       /* the policy's board-reserved contexts */
	size_t utlbs_needed;         /* uTLBs beyond the array (the tree needs nutlbs + this) */
	struct ipfw_plan_walk walk;  /* working storage of the walk */
	struct ipfw_plan_diag diag_sink; /* where diagnostics beyond the array go */
};

/* ipfw_plan_build(): a plan was made, and it has errors (masters held). */
#define IPFW_PLAN_WITH_ERRORS 1

/*
 * Build the plan. Three outcomes, never to be confused:
 *   IPFW_OK (0)              a clean plan: no diagnostic of level ERROR;
 *   IPFW_PLAN_WITH_ERRORS (1) a plan was made, but it holds masters for
 *                            errors in the tree or the policy
 *                            (plan->nerrors of them, each a diagnostic):
 *                            go on (hold, program, release what is planned)
 *                            but do not call the board healthy;
 *   negative IPFW_E_*        no plan at all (NULL arguments, a blob libfdt
 *                            rejects, a tree beyond this build's capacities),
 *                            with one diagnostic saying why; every master
 *                            stays held.
 * plan->status keeps the same value. In every case no master is planned
 * for release unless its entry says so. The blob must outlive the plan:
 * nodes are kept as offsets into it, names point into it.
 */
int ipfw_plan_build(const void *fdt, const struct ipfw_policy *pol, struct ipfw_plan *plan);

/* Plan master index of a node path (looked up in the blob), or -1. */
int ipfw_plan_find_master(const struct ipfw_plan *plan, const char *path);

/* The full path of a plan node (master, instance, diagnostic) into buf, as
 * ipfw_dt_path(): its length, or IPFW_E_NOSPACE (cut, NUL-terminated). */
int ipfw_plan_path(const struct ipfw_plan *plan, int32_t node, char *buf, size_t len);

/* The node's name in the blob ("mmc@ee100000"), "" when none. */
const char *ipfw_plan_node_name(const struct ipfw_plan *plan, int32_t node);

/* Is diagnostic d about the node at path (or, for a policy path the tree
 * lacks, that path)? */
bool ipfw_plan_diag_at(const struct ipfw_plan *plan, const struct ipfw_plan_diag *d,
		       const char *path);

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
