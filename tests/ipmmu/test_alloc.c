/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Allocators and argument checks: context exhaustion, reserved contexts
 * (SoC context 0 and board masks), uTLB groups (refused across domains,
 * refcounted within one), topology errors. Expected values come from
 * docs/ipmmu-vmsa.md sections 3, 5, 7 and 9 (items 9 and 14) and from the bus
 * trace (what was, and was not, written).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "badinput.h"

#include <ipmmu/error.h>
#include <ipmmu/ipmmu.h>
#include "golden_util.h"

static struct ipfw_ipmmu_inst inst[3];
static struct ipfw_ipmmu_inst_state state[3];
static struct ipfw_ipmmu mmu;

static const struct ipfw_ipmmu_ctx_cfg s1 = {IPFW_IPMMU_FMT_S1_32, 0x7FE00000, 0xF404FF44};
static const struct ipfw_ipmmu_ctx_cfg s2 = {IPFW_IPMMU_FMT_S2_40, 0x7FE00000, 0};
static const struct ipfw_ipmmu_owner dmac0 = {"dmac0", 10};
static const struct ipfw_ipmmu_owner dmac0b = {"dmac0-ch1", 11};
static const struct ipfw_ipmmu_owner sata = {"sata", 20};

/* Every FLUSH on an H3 root IMCTR completes at once. */
static void h3_flush_completes(void)
{
	for (unsigned int c = 0; c < 8; c++)
		ipfw_bus_self_clear(H3_MM + 0x40 * c, 0x2, 0);
}

static int setup_h3(void **st)
{
	(void)st;
	ipfw_bus_reset();
	h3_instances(inst);
	h3_flush_completes();
	return ipfw_ipmmu_init(&mmu, inst, state, 3, NULL, NULL);
}

static void ctx_allocator_hands_out_1_to_7_on_gen3_then_reports_exhaustion(void **st)
{
	struct ipfw_ipmmu_ctx_alloc a;
	unsigned int c = 99;

	(void)st;
	assert_int_equal(ipfw_ipmmu_ctx_alloc_init(&a, ipfw_soc_by_name("r8a77965"), 0), IPFW_OK);
	for (unsigned int want = 1; want < 8; want++) {
		assert_int_equal(ipfw_ipmmu_ctx_get(&a, IPFW_IPMMU_CTX_ANY, &c), IPFW_OK);
		assert_int_equal(c, want);
	}
	IPFW_BADINPUT("ipmmu: allocator exhaustion",
		      "eighth context on a Gen3 SoC (7 usable)", IPFW_E_NOCTX,
		      ipfw_ipmmu_ctx_get(&a, IPFW_IPMMU_CTX_ANY, &c));
	/* freeing one makes exactly that one available again */
	assert_int_equal(ipfw_ipmmu_ctx_put(&a, 4), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_ctx_get(&a, IPFW_IPMMU_CTX_ANY, &c), IPFW_OK);
	assert_int_equal(c, 4);
	assert_int_equal(ipfw_ipmmu_ctx_put(&a, 4), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_ctx_put(&a, 4), IPFW_E_STATE);
}

static void ctx_allocator_gives_gen4_fifteen_contexts(void **st)
{
	struct ipfw_ipmmu_ctx_alloc a;
	unsigned int c;

	(void)st;
	assert_int_equal(ipfw_ipmmu_ctx_alloc_init(&a, ipfw_soc_by_name("r8a779g0"), 0), IPFW_OK);
	for (unsigned int i = 0; i < 15; i++)
		assert_int_equal(ipfw_ipmmu_ctx_get(&a, IPFW_IPMMU_CTX_ANY, &c), IPFW_OK);
	assert_int_equal(c, 15);
	IPFW_BADINPUT("ipmmu: allocator exhaustion",
		      "sixteenth context on a Gen4 SoC (15 usable)", IPFW_E_NOCTX,
		      ipfw_ipmmu_ctx_get(&a, IPFW_IPMMU_CTX_ANY, &c));
	IPFW_BADINPUT("ipmmu: allocator exhaustion", "context 16 on a Gen4 SoC", IPFW_E_RANGE,
		      ipfw_ipmmu_ctx_get(&a, 16, &c));
}

/* The allocator hands out the lowest free bank: on a SoC entry that
 * reserves nothing (none in the table does) that is bank 0. */
static void allocator_starts_at_bank_0_when_nothing_is_reserved(void **st)
{
	struct ipfw_soc open = *ipfw_soc_by_name("r8a77965");
	struct ipfw_ipmmu_ctx_alloc a;
	unsigned int c = 99;

	(void)st;
	open.reserved_ctx = 0;
	assert_int_equal(ipfw_ipmmu_ctx_alloc_init(&a, &open, 0), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_ctx_get(&a, IPFW_IPMMU_CTX_ANY, &c), IPFW_OK);
	assert_int_equal(c, 0);
	assert_int_equal(ipfw_ipmmu_ctx_get(&a, IPFW_IPMMU_CTX_ANY, &c), IPFW_OK);
	assert_int_equal(c, 1);
	assert_int_equal(ipfw_ipmmu_ctx_put(&a, 0), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_ctx_get(&a, 0, &c), IPFW_OK);
	assert_int_equal(c, 0);
}

static void context_zero_is_never_handed_out(void **st)
{
	struct ipfw_ipmmu_ctx_alloc a;
	unsigned int c = 99;

	(void)st;
	assert_int_equal(ipfw_ipmmu_ctx_alloc_init(&a, ipfw_soc_by_name("r8a7795"), 0), IPFW_OK);
	IPFW_BADINPUT("ipmmu: allocator exhaustion", "claim of context 0", IPFW_E_CTX_RESERVED,
		      ipfw_ipmmu_ctx_get(&a, 0, &c));
	assert_int_equal(c, 99);
	IPFW_BADINPUT("ipmmu: allocator exhaustion", "release of context 0", IPFW_E_CTX_RESERVED,
		      ipfw_ipmmu_ctx_put(&a, 0));
	IPFW_BADINPUT("ipmmu: allocator exhaustion", "context 8 on a Gen3 SoC", IPFW_E_RANGE,
		      ipfw_ipmmu_ctx_get(&a, 8, &c));
	IPFW_BADINPUT("ipmmu: allocator exhaustion", "context -2", IPFW_E_RANGE,
		      ipfw_ipmmu_ctx_get(&a, -2, &c));
}

static void board_reserved_contexts_are_skipped_and_refused(void **st)
{
	struct ipfw_ipmmu_ctx_alloc a;
	unsigned int got[8];
	unsigned int n = 0;
	unsigned int c;

	(void)st;
	/* contexts 2, 3 and 7 belong to other firmware */
	assert_int_equal(ipfw_ipmmu_ctx_alloc_init(&a, ipfw_soc_by_name("r8a7795"), 0x8C), IPFW_OK);
	while (ipfw_ipmmu_ctx_get(&a, IPFW_IPMMU_CTX_ANY, &c) == IPFW_OK)
		got[n++] = c;
	assert_int_equal(n, 4);
	assert_int_equal(got[0], 1);
	assert_int_equal(got[1], 4);
	assert_int_equal(got[2], 5);
	assert_int_equal(got[3], 6);
	IPFW_BADINPUT("ipmmu: allocator exhaustion",
		      "claim of a board-reserved context", IPFW_E_CTX_RESERVED,
		      ipfw_ipmmu_ctx_get(&a, 3, &c));
	IPFW_BADINPUT("ipmmu: allocator exhaustion",
		      "release of a board-reserved context", IPFW_E_CTX_RESERVED,
		      ipfw_ipmmu_ctx_put(&a, 7));
	/* a mask naming contexts the SoC does not have is a board bug */
	IPFW_BADINPUT("ipmmu: bad topology",
		      "reserved-context mask naming context 8 on H3", IPFW_E_INVAL,
		      ipfw_ipmmu_ctx_alloc_init(&a, ipfw_soc_by_name("r8a7795"), 0x100));
}

static void ninth_domain_on_h3_fails_with_noctx_and_touches_no_register(void **st)
{
	struct ipfw_ipmmu_domain dom[8];

	(void)st;
	for (unsigned int i = 0; i < 7; i++)
		assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &dom[i]),
				 IPFW_OK);
	ipfw_bus_trace_clear();
	dom[7].live = false;
	IPFW_BADINPUT("ipmmu: allocator exhaustion", "eighth domain on H3", IPFW_E_NOCTX,
		      ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &dom[7]));
	assert_int_equal(ipfw_bus_trace_len(), 0);
	assert_false(dom[7].live);
}

static void board_reserved_contexts_are_not_reset_or_allocated_by_the_driver(void **st)
{
	struct ipfw_ipmmu_domain dom;

	(void)st;
	inst[0].reserved_ctx = 0xFC; /* only context 1 is ours */
	assert_int_equal(ipfw_ipmmu_init(&mmu, inst, state, 3, NULL, NULL), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_hw_reset(&mmu), IPFW_OK);
	/* context 0 (SoC) and 2..7 (board) untouched; context 1 reset */
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_WRITE, H3_MM + 0x00), 0);
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_WRITE, H3_MM + 0x40), 1);
	for (unsigned int c = 2; c < 8; c++)
		assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_WRITE, H3_MM + 0x40 * c), 0);
	IPFW_BADINPUT("ipmmu: allocator exhaustion",
		      "domain on a board-reserved context", IPFW_E_CTX_RESERVED,
		      ipfw_ipmmu_domain_create(&mmu, 0, 5, &s1, &dom));
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &dom), IPFW_OK);
	assert_int_equal(dom.ctx, 1);
	IPFW_BADINPUT("ipmmu: allocator exhaustion",
		      "second domain with one context left to the driver", IPFW_E_NOCTX,
		      ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &dom));
	/* a reset under a live domain would pull its context away */
	assert_int_equal(ipfw_ipmmu_hw_reset(&mmu), IPFW_E_STATE);
}

static void utlb_allocator_refuses_second_context_and_names_both_owners(void **st)
{
	struct ipfw_ipmmu_utlb_alloc a;
	struct ipfw_ipmmu_utlb_conflict cf = {0};
	struct ipfw_ipmmu_owner h = {0};
	unsigned int ctx = 0;

	(void)st;
	assert_int_equal(ipfw_ipmmu_utlb_alloc_init(&a, ipfw_soc_by_name("r8a7795")), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_utlb_get(&a, 2, 1, sata, &cf), 1);
	IPFW_BADINPUT("ipmmu: allocator exhaustion",
		      "uTLB held by context 1 claimed for context 3", IPFW_E_UTLB_CONFLICT,
		      ipfw_ipmmu_utlb_get(&a, 2, 3, dmac0, &cf));
	assert_int_equal(cf.utlb, 2);
	assert_int_equal(cf.held_ctx, 1);
	assert_int_equal(cf.wanted_ctx, 3);
	assert_null(cf.holder.name); /* kept by id only: 4 bytes a uTLB */
	assert_int_equal(cf.holder.id, 20);
	assert_string_equal(cf.requester.name, "dmac0");
	assert_int_equal(cf.requester.id, 10);
	/* the refused claim changed nothing */
	assert_int_equal(ipfw_ipmmu_utlb_query(&a, 2, &ctx, &h), 1);
	assert_int_equal(ctx, 1);
	assert_int_equal(h.id, 20); /* sata, by id */
	IPFW_BADINPUT("ipmmu: allocator exhaustion", "uTLB 48 on a Gen3 SoC", IPFW_E_UTLB_RANGE,
		      ipfw_ipmmu_utlb_get(&a, 48, 1, sata, &cf));
	assert_int_equal(ipfw_ipmmu_utlb_put(&a, 2, 3), IPFW_E_STATE);
}

static void utlb_allocator_refcounts_a_group_in_one_domain(void **st)
{
	struct ipfw_ipmmu_utlb_alloc a;

	(void)st;
	assert_int_equal(ipfw_ipmmu_utlb_alloc_init(&a, ipfw_soc_by_name("r8a779f0")), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_utlb_get(&a, 63, 9, dmac0, NULL), 1);
	assert_int_equal(ipfw_ipmmu_utlb_get(&a, 63, 9, dmac0b, NULL), 0);
	assert_int_equal(ipfw_ipmmu_utlb_query(&a, 63, NULL, NULL), 2);
	assert_int_equal(ipfw_ipmmu_utlb_put(&a, 63, 9), 0);
	assert_int_equal(ipfw_ipmmu_utlb_put(&a, 63, 9), 1);
	assert_int_equal(ipfw_ipmmu_utlb_put(&a, 63, 9), IPFW_E_STATE);
	assert_int_equal(ipfw_ipmmu_utlb_query(&a, 63, NULL, NULL), 0);
	/* free again: another context may have it */
	assert_int_equal(ipfw_ipmmu_utlb_get(&a, 63, 2, sata, NULL), 1);
}

/* 255 masters may share one uTLB (the count is 8 bits); the 256th is
 * refused and changes nothing. */
static void utlb_takes_255_references_and_refuses_the_256th(void **st)
{
	struct ipfw_ipmmu_utlb_alloc a;
	unsigned int ctx = 99;

	(void)st;
	assert_int_equal(ipfw_ipmmu_utlb_alloc_init(&a, ipfw_soc_by_name("r8a7795")), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_utlb_get(&a, 7, 2, dmac0, NULL), 1);
	for (unsigned int i = 1; i < 255; i++)
		assert_int_equal(ipfw_ipmmu_utlb_get(&a, 7, 2, dmac0b, NULL), 0);
	assert_int_equal(ipfw_ipmmu_utlb_query(&a, 7, &ctx, NULL), 255);
	IPFW_BADINPUT("ipmmu: allocator exhaustion", "256th master on one uTLB", IPFW_E_NOSPACE,
		      ipfw_ipmmu_utlb_get(&a, 7, 2, dmac0b, NULL));
	assert_int_equal(ipfw_ipmmu_utlb_query(&a, 7, &ctx, NULL), 255);
	assert_int_equal(ctx, 2);
}

/* A cache with 1 to IPFW_IPMMU_UTLB_MAX uTLBs is fine; 0 or more are not. */
static void utlb_allocator_takes_one_to_the_most_utlbs(void **st)
{
	struct ipfw_soc soc = *ipfw_soc_by_name("r8a7795");
	struct ipfw_ipmmu_utlb_alloc a;

	(void)st;
	soc.num_utlbs = 1;
	assert_int_equal(ipfw_ipmmu_utlb_alloc_init(&a, &soc), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_utlb_get(&a, 0, 1, dmac0, NULL), 1);
	assert_int_equal(ipfw_ipmmu_utlb_get(&a, 1, 1, dmac0, NULL), IPFW_E_UTLB_RANGE);
	soc.num_utlbs = IPFW_IPMMU_UTLB_MAX;
	assert_int_equal(ipfw_ipmmu_utlb_alloc_init(&a, &soc), IPFW_OK);
	soc.num_utlbs = 0;
	IPFW_BADINPUT("ipmmu: bad topology", "a cache with no uTLB", IPFW_E_INVAL,
		      ipfw_ipmmu_utlb_alloc_init(&a, &soc));
	soc.num_utlbs = IPFW_IPMMU_UTLB_MAX + 1;
	IPFW_BADINPUT("ipmmu: bad topology", "a cache with more uTLBs than the driver holds",
		      IPFW_E_INVAL, ipfw_ipmmu_utlb_alloc_init(&a, &soc));
	IPFW_BADINPUT("ipmmu: bad topology", "uTLB allocator without a SoC", IPFW_E_INVAL,
		      ipfw_ipmmu_utlb_alloc_init(&a, NULL));
}

static void attach_of_shared_utlb_to_second_domain_is_refused_without_mmio(void **st)
{
	struct ipfw_ipmmu_domain a, b;
	struct ipfw_ipmmu_utlb_conflict cf = {0};

	(void)st;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &a), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &b), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &a, 2, 0, dmac0, &cf), IPFW_OK);
	ipfw_bus_trace_clear();
	IPFW_BADINPUT("ipmmu: allocator exhaustion",
		      "attach of a uTLB another domain holds", IPFW_E_UTLB_CONFLICT,
		      ipfw_ipmmu_attach(&mmu, &b, 2, 0, dmac0b, &cf));
	assert_int_equal(ipfw_bus_trace_len(), 0);
	assert_int_equal(cf.inst, 2);
	assert_int_equal(cf.utlb, 0);
	assert_int_equal(cf.held_ctx, a.ctx);
	assert_int_equal(cf.wanted_ctx, b.ctx);
	assert_null(cf.holder.name);
	assert_int_equal(cf.holder.id, 10);
	assert_string_equal(cf.requester.name, "dmac0-ch1");
	/* ds0 IMUCTR(0) at 0x300 still selects domain a's context (1) */
	assert_int_equal(a.ctx, 1);
	assert_int_equal(ipfw_bus_peek(H3_DS0 + 0x300), 0x13);
}

static void shared_utlb_is_disabled_only_when_the_last_master_leaves(void **st)
{
	struct ipfw_ipmmu_domain a;
	const uintptr_t imuctr = H3_DS0 + 0x300 + 16 * 5;

	(void)st;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &a), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &a, 2, 5, dmac0, NULL), IPFW_OK);
	ipfw_bus_trace_clear();
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &a, 2, 5, dmac0b, NULL), IPFW_OK);
	assert_int_equal(ipfw_bus_trace_len(), 0); /* a reference, no register */
	assert_int_equal(ipfw_ipmmu_detach(&mmu, &a, 2, 5), IPFW_OK);
	assert_int_equal(ipfw_bus_trace_len(), 0);
	assert_int_equal(ipfw_bus_peek(imuctr) & 0x1, 0x1);
	assert_int_equal(ipfw_ipmmu_detach(&mmu, &a, 2, 5), IPFW_OK);
	assert_int_equal(ipfw_bus_trace_len(), 1);
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_WRITE, imuctr), 1);
	assert_int_equal(ipfw_bus_peek(imuctr), 0);
	assert_int_equal(ipfw_ipmmu_detach(&mmu, &a, 2, 5), IPFW_E_STATE);
}

static void attach_checks_cache_root_and_utlb_range(void **st)
{
	struct ipfw_ipmmu_domain a;
	struct ipfw_ipmmu_domain dead = {0, 3, IPFW_IPMMU_FMT_S1_32, true};

	(void)st;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &a), IPFW_OK);
	ipfw_bus_trace_clear();
	IPFW_BADINPUT("ipmmu: allocator exhaustion", "attach to uTLB 48 on H3", IPFW_E_UTLB_RANGE,
		      ipfw_ipmmu_attach(&mmu, &a, 1, 48, sata, NULL));
	IPFW_BADINPUT("ipmmu: bad topology", "attach to the root, not a cache", IPFW_E_INVAL,
		      ipfw_ipmmu_attach(&mmu, &a, 0, 1, sata, NULL));
	IPFW_BADINPUT("ipmmu: bad topology", "attach to instance 3 of 3", IPFW_E_INVAL,
		      ipfw_ipmmu_attach(&mmu, &a, 3, 1, sata, NULL));
	/* a handle whose context was never allocated */
	IPFW_BADINPUT("ipmmu: bad topology", "attach with a domain never created", IPFW_E_INVAL,
		      ipfw_ipmmu_attach(&mmu, &dead, 1, 1, sata, NULL));
	assert_int_equal(ipfw_bus_trace_len(), 0);
}

static void detach_checks_its_arguments_and_touches_no_register_on_error(void **st)
{
	struct ipfw_ipmmu_domain a;
	struct ipfw_ipmmu_domain dead = {0, 3, IPFW_IPMMU_FMT_S1_32, true};
	struct ipfw_ipmmu_domain gone;

	(void)st;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &a), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &a, 2, 5, dmac0, NULL), IPFW_OK);
	ipfw_bus_trace_clear();
	IPFW_BADINPUT("ipmmu: bad topology", "detach with a NULL driver", IPFW_E_INVAL,
		      ipfw_ipmmu_detach(NULL, &a, 2, 5));
	IPFW_BADINPUT("ipmmu: bad topology", "detach with a NULL domain", IPFW_E_INVAL,
		      ipfw_ipmmu_detach(&mmu, NULL, 2, 5));
	IPFW_BADINPUT("ipmmu: bad topology", "detach from the root, not a cache", IPFW_E_INVAL,
		      ipfw_ipmmu_detach(&mmu, &a, 0, 5));
	IPFW_BADINPUT("ipmmu: bad topology", "detach from instance 3 of 3", IPFW_E_INVAL,
		      ipfw_ipmmu_detach(&mmu, &a, 3, 5));
	IPFW_BADINPUT("ipmmu: bad topology", "detach with a domain never created", IPFW_E_INVAL,
		      ipfw_ipmmu_detach(&mmu, &dead, 2, 5));
	IPFW_BADINPUT("ipmmu: allocator exhaustion", "detach from uTLB 48 on H3",
		      IPFW_E_UTLB_RANGE, ipfw_ipmmu_detach(&mmu, &a, 2, 48));
	IPFW_BADINPUT("ipmmu: bad topology", "detach of a uTLB never attached", IPFW_E_STATE,
		      ipfw_ipmmu_detach(&mmu, &a, 2, 6));
	IPFW_BADINPUT("ipmmu: bad topology", "detach from a cache the uTLB is not on",
		      IPFW_E_STATE, ipfw_ipmmu_detach(&mmu, &a, 1, 5));
	/* a destroyed domain is not live any more */
	gone = a;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &gone), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_domain_destroy(&mmu, &gone), IPFW_OK);
	ipfw_bus_trace_clear();
	IPFW_BADINPUT("ipmmu: bad topology", "detach from a destroyed domain", IPFW_E_INVAL,
		      ipfw_ipmmu_detach(&mmu, &gone, 2, 5));
	assert_int_equal(ipfw_bus_trace_len(), 0);
	/* the uTLB is still attached and enabled, selecting a's context */
	assert_int_equal(ipfw_bus_peek(H3_DS0 + 0x300 + 16 * 5), (a.ctx << 4) | 0x3u);
	assert_int_equal(ipfw_ipmmu_detach(&mmu, &a, 2, 5), IPFW_OK);
	assert_int_equal(ipfw_bus_peek(H3_DS0 + 0x300 + 16 * 5), 0);
}

/*
 * Caches may come before their root in the instance array: a flush that
 * times out and a teardown reach a cache at index 0 too. Only the cache the
 * context is live on gets IMCTR written at teardown.
 */
static void cache_before_its_root_is_flushed_disabled_and_torn_down(void **st)
{
	const struct ipfw_soc *h3 = ipfw_soc_by_name("r8a7795");
	const struct ipfw_ipmmu_inst order[3] = {
		{"ds1", H3_DS1, h3, 2, 0},
		{"ds0", H3_DS0, h3, 2, 0},
		{"mm", H3_MM, h3, IPFW_IPMMU_IS_ROOT, 0},
	};
	const uintptr_t root_imctr1 = H3_MM + 0x40, ds1_imctr1 = H3_DS1 + 0x40;
	const uintptr_t ds0_imctr1 = H3_DS0 + 0x40, ds1_imuctr32 = H3_DS1 + 0x600;
	struct ipfw_ipmmu_inst_state st3[3];
	struct ipfw_ipmmu m;
	struct ipfw_ipmmu_domain d;

	(void)st;
	assert_int_equal(ipfw_ipmmu_init(&m, order, st3, 3, NULL, NULL), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_domain_create(&m, 2, IPFW_IPMMU_CTX_ANY, &s1, &d), IPFW_OK);
	assert_int_equal(d.ctx, 1);
	assert_int_equal(ipfw_ipmmu_attach(&m, &d, 0, 32, sata, NULL), IPFW_OK);
	assert_int_equal(ipfw_bus_peek(ds1_imuctr32), 0x13);
	/* teardown: the uTLB on cache 0 off, IMCTR = FLUSH on cache 0 and the
	 * root, nothing on ds0 where the context never was */
	ipfw_bus_trace_clear();
	assert_int_equal(ipfw_ipmmu_domain_destroy(&m, &d), IPFW_OK);
	assert_int_equal(ipfw_bus_peek(ds1_imuctr32), 0);
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_WRITE, ds1_imctr1), 1);
	assert_int_equal(ipfw_bus_peek(ds1_imctr1), 0x2);
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_WRITE, ds0_imctr1), 0);
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_WRITE, root_imctr1), 1);
	assert_int_equal(st3[0].ctx_live, 0);
	/* again, and this time the flush never completes: the uTLB on cache 0
	 * is written 0 */
	assert_int_equal(ipfw_ipmmu_domain_create(&m, 2, IPFW_IPMMU_CTX_ANY, &s1, &d), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_attach(&m, &d, 0, 32, sata, NULL), IPFW_OK);
	ipfw_bus_stuck(root_imctr1, 0x2, 0x2);
	assert_int_equal(ipfw_ipmmu_flush(&m, &d), IPFW_E_TIMEOUT);
	assert_int_equal(ipfw_bus_peek(ds1_imuctr32), 0);
}

/* *conflict is written only when the answer is IPFW_E_UTLB_CONFLICT. */
static void conflict_report_is_left_alone_on_success(void **st)
{
	struct ipfw_ipmmu_domain a;
	struct ipfw_ipmmu_utlb_conflict c;

	(void)st;
	memset(&c, 0x77, sizeof(c));
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &a), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &a, 2, 5, dmac0, &c), IPFW_OK);
	assert_int_equal(c.inst, 0x77777777u);
	assert_int_equal(c.utlb, 0x77777777u);
	/* a second master on the same uTLB and domain: a reference, no report */
	assert_int_equal(ipfw_ipmmu_attach(&mmu, &a, 2, 5, dmac0b, &c), IPFW_OK);
	assert_int_equal(c.inst, 0x77777777u);
}

/* Teardown refuses what is not a live domain of this driver. */
static void destroy_refuses_a_domain_that_is_not_live(void **st)
{
	struct ipfw_ipmmu_domain a;
	struct ipfw_ipmmu_domain dead = {0, 3, IPFW_IPMMU_FMT_S1_32, true};

	(void)st;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &a), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_domain_destroy(&mmu, &a), IPFW_OK);
	ipfw_bus_trace_clear();
	IPFW_BADINPUT("ipmmu: bad topology", "destroy of a destroyed domain", IPFW_E_INVAL,
		      ipfw_ipmmu_domain_destroy(&mmu, &a));
	IPFW_BADINPUT("ipmmu: bad topology", "destroy of a domain never created", IPFW_E_INVAL,
		      ipfw_ipmmu_domain_destroy(&mmu, &dead));
	IPFW_BADINPUT("ipmmu: bad topology", "destroy with a NULL domain", IPFW_E_INVAL,
		      ipfw_ipmmu_domain_destroy(&mmu, NULL));
	IPFW_BADINPUT("ipmmu: bad topology", "flush of a destroyed domain", IPFW_E_INVAL,
		      ipfw_ipmmu_flush(&mmu, &a));
	assert_int_equal(ipfw_bus_trace_len(), 0);
}

static void domain_cannot_take_a_cache_of_another_root(void **st)
{
	const struct ipfw_soc *h3 = ipfw_soc_by_name("r8a7795");
	const struct ipfw_ipmmu_inst two[4] = {
		{"mm_a", 0xE67B0000, h3, IPFW_IPMMU_IS_ROOT, 0},
		{"mm_b", 0xE67C0000, h3, IPFW_IPMMU_IS_ROOT, 0},
		{"ds_a", 0xE6740000, h3, 0, 0},
		{"ds_b", 0xE7740000, h3, 1, 0},
	};
	struct ipfw_ipmmu_inst_state st4[4];
	struct ipfw_ipmmu m;
	struct ipfw_ipmmu_domain d;

	(void)st;
	assert_int_equal(ipfw_ipmmu_init(&m, two, st4, 4, NULL, NULL), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_domain_create(&m, 0, IPFW_IPMMU_CTX_ANY, &s1, &d), IPFW_OK);
	IPFW_BADINPUT("ipmmu: bad topology", "attach to a cache of another root", IPFW_E_DOMAIN,
		      ipfw_ipmmu_attach(&m, &d, 3, 0, sata, NULL));
	IPFW_BADINPUT("ipmmu: bad topology", "domain on a cache, not a root", IPFW_E_INVAL,
		      ipfw_ipmmu_domain_create(&m, 2, IPFW_IPMMU_CTX_ANY, &s1, &d));
	IPFW_BADINPUT("ipmmu: bad topology", "detach from a cache of another root", IPFW_E_DOMAIN,
		      ipfw_ipmmu_detach(&m, &d, 3, 0));
}

static void init_rejects_broken_topologies(void **st)
{
	const struct ipfw_soc *h3 = ipfw_soc_by_name("r8a7795");
	const struct ipfw_soc *s4 = ipfw_soc_by_name("r8a779f0");
	struct ipfw_ipmmu_inst t[2];
	struct ipfw_ipmmu_inst_state s[2];
	struct ipfw_ipmmu m;

	(void)st;
	t[0] = (struct ipfw_ipmmu_inst){"mm", 0xE67B0000, h3, IPFW_IPMMU_IS_ROOT, 0};
	t[1] = (struct ipfw_ipmmu_inst){"ds1", 0xE7740000, h3, 1, 0}; /* its own "root" */
	IPFW_BADINPUT("ipmmu: bad topology", "cache naming itself as root", IPFW_E_NOROOT,
		      ipfw_ipmmu_init(&m, t, s, 2, NULL, NULL));
	t[1].root = 2;
	IPFW_BADINPUT("ipmmu: bad topology", "cache naming root index 2 of 2", IPFW_E_NOROOT,
		      ipfw_ipmmu_init(&m, t, s, 2, NULL, NULL));
	t[1].root = 0;
	t[1].soc = NULL;
	IPFW_BADINPUT("ipmmu: bad topology", "instance without a SoC", IPFW_E_NOSOC,
		      ipfw_ipmmu_init(&m, t, s, 2, NULL, NULL));
	t[1].soc = s4;
	t[1].base = 0xEED00000;
	IPFW_BADINPUT("ipmmu: bad topology", "Gen4 cache under a Gen3 root", IPFW_E_DOMAIN,
		      ipfw_ipmmu_init(&m, t, s, 2, NULL, NULL));
	t[1].soc = h3;
	t[1].base = 0xE67B0000;
	IPFW_BADINPUT("ipmmu: bad topology", "two instances at one base", IPFW_E_INVAL,
		      ipfw_ipmmu_init(&m, t, s, 2, NULL, NULL));
	t[1].base = 0xE7740800; /* not on a 0x1000 boundary */
	IPFW_BADINPUT("ipmmu: bad topology", "base not 4 KiB aligned", IPFW_E_INVAL,
		      ipfw_ipmmu_init(&m, t, s, 2, NULL, NULL));
	t[1].base = 0xE7740000;
	t[0].reserved_ctx = 0x100; /* H3 has 8 contexts */
	IPFW_BADINPUT("ipmmu: bad topology",
		      "reserved-context mask naming context 8 on H3", IPFW_E_INVAL,
		      ipfw_ipmmu_init(&m, t, s, 2, NULL, NULL));
	t[0].reserved_ctx = 0;
	IPFW_BADINPUT("ipmmu: bad topology", "zero instances", IPFW_E_INVAL,
		      ipfw_ipmmu_init(&m, t, s, 0, NULL, NULL));
	assert_int_equal(ipfw_ipmmu_init(&m, t, s, 2, NULL, NULL), IPFW_OK);
	assert_int_equal(m.poll.tries, 100);
	assert_int_equal(m.poll.step_us, 1);
}

static void domain_create_validates_table_parameters(void **st)
{
	struct ipfw_ipmmu_domain d;
	struct ipfw_ipmmu_ctx_cfg c = s1;

	(void)st;
	ipfw_bus_trace_clear();
	c.ttbr = 0x7FE00020; /* S1-32 tables are 64-byte aligned */
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &c, &d), IPFW_E_ALIGN);
	c.ttbr = 1ull << 40; /* beyond the 40-bit output range */
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &c, &d), IPFW_E_RANGE);
	c = s2;
	c.ttbr = 0x7FE01000; /* S2-40 concatenated tables are 8 KiB aligned */
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &c, &d), IPFW_E_ALIGN);
	c.fmt = (enum ipfw_ipmmu_fmt)7;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &c, &d),
			 IPFW_E_FORMAT);
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 1, IPFW_IPMMU_CTX_ANY, &s1, &d), IPFW_E_INVAL);
	assert_int_equal(ipfw_bus_trace_len(), 0);
	/* nothing leaked: all seven contexts are still there */
	for (unsigned int i = 0; i < 7; i++)
		assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &d), IPFW_OK);
}

/* One list of table formats: what lpae builds is what a context takes, with
 * no conversion (under -Werror=enum-conversion this only compiles if the
 * IPMMU's format type is lpae's). */
static void contexts_take_the_table_builders_formats(void **st)
{
	struct ipfw_ipmmu_ctx_cfg c = {.fmt = IPFW_LPAE_S2_40, .ttbr = 0x7FE00000};
	enum ipfw_lpae_format built = c.fmt;
	struct ipfw_ipmmu_domain d;

	(void)st;
	assert_int_equal(built, IPFW_IPMMU_FMT_S2_40);
	assert_int_equal(IPFW_IPMMU_FMT_S1_32, IPFW_LPAE_S1_32);
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &c, &d), IPFW_OK);
	assert_true(d.fmt == IPFW_LPAE_S2_40);
}

static void s1_and_s2_contexts_do_not_mix_on_one_root(void **st)
{
	struct ipfw_ipmmu_domain a, b;

	(void)st;
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &a), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s2, &b), IPFW_E_STATE);
	assert_int_equal(ipfw_ipmmu_domain_destroy(&mmu, &a), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s2, &b), IPFW_OK);
	assert_int_equal(ipfw_ipmmu_domain_create(&mmu, 0, IPFW_IPMMU_CTX_ANY, &s1, &a), IPFW_E_STATE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ctx_allocator_hands_out_1_to_7_on_gen3_then_reports_exhaustion),
		cmocka_unit_test(ctx_allocator_gives_gen4_fifteen_contexts),
		cmocka_unit_test(allocator_starts_at_bank_0_when_nothing_is_reserved),
		cmocka_unit_test(context_zero_is_never_handed_out),
		cmocka_unit_test(board_reserved_contexts_are_skipped_and_refused),
		cmocka_unit_test_setup(ninth_domain_on_h3_fails_with_noctx_and_touches_no_register,
				       setup_h3),
		cmocka_unit_test_setup(board_reserved_contexts_are_not_reset_or_allocated_by_the_driver,
				       setup_h3),
		cmocka_unit_test(utlb_allocator_refuses_second_context_and_names_both_owners),
		cmocka_unit_test(utlb_allocator_refcounts_a_group_in_one_domain),
		cmocka_unit_test(utlb_takes_255_references_and_refuses_the_256th),
		cmocka_unit_test(utlb_allocator_takes_one_to_the_most_utlbs),
		cmocka_unit_test_setup(attach_of_shared_utlb_to_second_domain_is_refused_without_mmio,
				       setup_h3),
		cmocka_unit_test_setup(shared_utlb_is_disabled_only_when_the_last_master_leaves,
				       setup_h3),
		cmocka_unit_test_setup(attach_checks_cache_root_and_utlb_range, setup_h3),
		cmocka_unit_test_setup(detach_checks_its_arguments_and_touches_no_register_on_error,
				       setup_h3),
		cmocka_unit_test_setup(cache_before_its_root_is_flushed_disabled_and_torn_down,
				       setup_h3),
		cmocka_unit_test_setup(conflict_report_is_left_alone_on_success, setup_h3),
		cmocka_unit_test_setup(destroy_refuses_a_domain_that_is_not_live, setup_h3),
		cmocka_unit_test_setup(domain_cannot_take_a_cache_of_another_root, setup_h3),
		cmocka_unit_test(init_rejects_broken_topologies),
		cmocka_unit_test_setup(domain_create_validates_table_parameters, setup_h3),
		cmocka_unit_test_setup(contexts_take_the_table_builders_formats, setup_h3),
		cmocka_unit_test_setup(s1_and_s2_contexts_do_not_mix_on_one_root, setup_h3),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
