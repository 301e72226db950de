/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SMMUv3 end to end: QEMU's own SMMUv3 (-M virt,iommu=smmuv3) and its edu
 * PCI device (a DMA engine on command) are the oracle; nobody here wrote
 * either. The image:
 *   1. reads what the plan does not from the DTB QEMU passes (x0, else
 *      the start of RAM): DRAM, ECAM's reg and the PCI ranges, with libfdt;
 *   2. finds every edu (1234:11e8) through ECAM, assigns its BAR0 and
 *      registers its requester ID with the policy (policy.rids): each
 *      becomes a releasable unit whose StreamID the plan takes from the
 *      pcie node's iommu-map (an ID the map does not cover stays held);
 *   3. runs the library's boot flow (ipfw_boot_run: plan, hold, program,
 *      verify, release, report) with the SMMUv3 driver registered
 *      (policy.iommus, hooks.drivers): the SMMU up default-deny, the
 *      policy's tables (S1-32, walked as AArch64 stage 1, T0SZ 32) in a
 *      CD, the first edu's StreamID attached, the second aborting (policy
 *      deny);
 *   4. its release hook sets a device's bus master enable; the flow calls
 *      it only after reading back from the SMMU that the StreamID is live;
 *   5. shows with edu DMA that round trips land where the tables say, an
 *      unmapped IOVA leaves memory untouched and raises F_TRANSLATION
 *      (StreamID, IOVA), a read-only page written raises F_PERMISSION,
 *      and the denied edu reaches nothing even with bus mastering forced
 *      on; then prints the isolation report and the verdict.
 */
#include <stdbool.h>

#include <libfdt.h>

#include <ipmmu/boot.h>
#include <ipmmu/dt.h>
#include <ipmmu/error.h>
#include <ipmmu/lpae.h>
#include <ipmmu/smmuv3.h>
#include <ipmmu/version.h>

#include "board.h"
#include "pci_ecam.h"

#define printf qemu_a64_printf

/* edu (QEMU docs "edu" device, hw/misc/edu.c register map) */
#define EDU_VENDOR_DEVICE 0x11E81234u
#define EDU_ID 0x00u
#define EDU_LIVENESS 0x04u
#define EDU_DMA_SRC 0x80u
#define EDU_DMA_DST 0x88u
#define EDU_DMA_CNT 0x90u
#define EDU_DMA_CMD 0x98u
#define EDU_DMA_RUN 0x1u
#define EDU_DMA_TO_RAM 0x2u /* direction: edu buffer -> RAM */
#define EDU_BUF 0x40000u    /* the edu's 4 KiB buffer in its DMA address space */
#define XFER 2048u          /* at most 2 KiB: QEMU 7.2's range check is off by one at 4 KiB */
/* Faulting transfers: QEMU's SMMU records one event per 4-byte beat, and
 * reports a full event queue as GERROR.EVENTQ_ABT_ERR (not PROD.OVFLG):
 * 64 bytes give 16 events, well inside the 64-entry queue. */
#define XFER_FAULT 64u

/* ------------------------------------------------------------ policy */

/* IOVA layout of the edu domain (4 KiB pages, S1-32) */
#define IOVA_SRC 0x00100000u /* rw -> buf[0] */
#define IOVA_DST 0x00200000u /* rw -> buf[1] */
#define IOVA_RO 0x00300000u  /* read-only -> buf[2] */
#define IOVA_HOLE 0x00400000u /* not mapped */

enum act { ACT_DENY, ACT_TRANSLATE };

struct board_dt {
	uint64_t smmu_base, smmu_size;
	bool smmu_coherent;
	uint64_t ecam, ecam_size;
	uint32_t mmio32_base, mmio32_size; /* non-prefetchable 32-bit window */
	uint64_t ram_base, ram_size;
};

/* ------------------------------------------------------------ memory */

/* 2-level stream table over all 16 StreamID bits: 256 level-1
 * descriptors, level-2 tables of 256 STEs (one per PCI bus) on demand */
#define SID_BITS 16u
#define SPLIT 8u
#define NL2 2u
#define POOL_TABLES 8u
static uint64_t strtab[1u << (SID_BITS - SPLIT)] __attribute__((section(".tables"), aligned(2048)));
static uint64_t l2[NL2][(64u << SPLIT) / 8u] __attribute__((section(".tables"), aligned(64u << SPLIT)));
static uint64_t cmdq[16 * 2] __attribute__((section(".tables"), aligned(256)));
static uint64_t evtq[64 * 4] __attribute__((section(".tables"), aligned(2048)));
static uint64_t cds[4 * 8] __attribute__((section(".tables"), aligned(64)));
static uint64_t pool[POOL_TABLES][512] __attribute__((section(".tables"), aligned(4096)));
static volatile uint8_t buf[4][4096] __attribute__((section(".tables"), aligned(4096)));

/* The SMMUv3 driver's flow state (ipmmu/smmuv3.h): the board gives its
 * memory, the driver keeps the rest. */
static struct ipfw_smmuv3_flow sflow;
static struct ipfw_plan plan;
static struct ipfw_boot boot;
static int edu_dom = -1; /* the plan domain of edu0 */
static struct board_dt bdt;
static unsigned int failures;

static void check(bool ok, const char *what)
{
	printf("  [%s] %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

static uint32_t pa32(const volatile void *p)
{
	return (uint32_t)(uintptr_t)p;
}

/* ------------------------------------------------------------ DT */


static uint64_t cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 32 | fdt32_to_cpu(p[i]);
	return v;
}

static int read_dt(const void *fdt, struct board_dt *b)
{
	struct ipfw_dt_range mem[2];
	size_t nmem = 0;
	int fdt_err = 0, snode, pcie, len;
	const fdt32_t *p;
	int err = ipfw_dt_check(fdt, &fdt_err);

	if (err) {
		printf("DT: %s (libfdt %d)\n", ipfw_errname(err), fdt_err);
		return err;
	}
	err = ipfw_dt_memory(fdt, mem, 2, &nmem, NULL);
	if (err || !nmem)
		return err ? err : IPFW_E_DT_PROP;
	b->ram_base = mem[0].base;
	b->ram_size = mem[0].size;

	/* the root has #address-cells = #size-cells = 2 on virt */
	snode = fdt_node_offset_by_compatible(fdt, -1, "arm,smmu-v3");
	p = snode >= 0 ? fdt_getprop(fdt, snode, "reg", &len) : NULL;
	if (!p || len < 16)
		return IPFW_E_DT_PROP;
	b->smmu_base = cells(p, 2);
	b->smmu_size = cells(p + 2, 2);
	b->smmu_coherent = fdt_getprop(fdt, snode, "dma-coherent", NULL) != NULL;

	pcie = fdt_node_offset_by_compatible(fdt, -1, "pci-host-ecam-generic");
	p = pcie >= 0 ? fdt_getprop(fdt, pcie, "reg", &len) : NULL;
	if (!p || len < 16)
		return IPFW_E_DT_PROP;
	b->ecam = cells(p, 2);
	b->ecam_size = cells(p + 2, 2);
	/* ranges: (pci hi, pci 64-bit addr, cpu 64-bit addr, 64-bit size) */
	p = fdt_getprop(fdt, pcie, "ranges", &len);
	for (int i = 0; p && i + 7 <= len / 4; i += 7) {
		if ((fdt32_to_cpu(p[i]) >> 24 & 3u) == 2u) { /* 32-bit memory space */
			b->mmio32_base = (uint32_t)cells(p + i + 3, 2);
			b->mmio32_size = (uint32_t)cells(p + i + 5, 2);
		}
	}
	return b->mmio32_size ? IPFW_OK : IPFW_E_DT_PROP;
}

/* ------------------------------------------------------------ PCI */

struct edu {
	uint32_t rid, sid;
	bool mapped; /* the plan gave it a StreamID (its iommu-map output) */
	uint32_t bar;
	enum act act;
	const char *domain;
	const char *state;
	int err;
};

static unsigned int find_edus(const struct board_dt *b, struct edu *e, unsigned int cap)
{
	unsigned int n = 0;
	uint32_t next_bar = b->mmio32_base;

	for (uint32_t dev = 0; dev < 32u && n < cap; dev++) {
		uint32_t rid = dev << 3, size;

		if (pci_rd32(b->ecam, rid, PCI_VENDOR_ID) != EDU_VENDOR_DEVICE)
			continue;
		pci_set_command(b->ecam, rid, 0); /* no decode, no DMA while we look */
		pci_wr32(b->ecam, rid, PCI_BAR0, 0xFFFFFFFFu);
		size = ~(pci_rd32(b->ecam, rid, PCI_BAR0) & ~0xFu) + 1u;
		next_bar = (next_bar + size - 1u) & ~(size - 1u);
		pci_wr32(b->ecam, rid, PCI_BAR0, next_bar);
		e[n] = (struct edu){.rid = rid, .bar = next_bar, .act = ACT_DENY, .state = "held"};
		next_bar += size;
		pci_set_command(b->ecam, rid, PCI_COMMAND_MEM);
		n++;
	}
	return n;
}

static uint32_t edu_rd(const struct edu *e, uint32_t off)
{
	return *(volatile uint32_t *)(uintptr_t)(e->bar + off);
}

static void edu_wr(const struct edu *e, uint32_t off, uint32_t v)
{
	__asm__ volatile("dsb sy" : : : "memory");
	*(volatile uint32_t *)(uintptr_t)(e->bar + off) = v;
}

/* One edu DMA; true when the engine finished (whatever the SMMU did). */
static bool edu_dma(const struct edu *e, uint32_t src, uint32_t dst, uint32_t len, bool to_ram)
{
	edu_wr(e, EDU_DMA_SRC, src);
	edu_wr(e, EDU_DMA_DST, dst);
	edu_wr(e, EDU_DMA_CNT, len);
	edu_wr(e, EDU_DMA_CMD, EDU_DMA_RUN | (to_ram ? EDU_DMA_TO_RAM : 0u));
	/* the edu runs its transfer from a 100 ms (virtual clock) timer */
	for (uint32_t i = 0; i < 400000000u; i++) {
		if (!(edu_rd(e, EDU_DMA_CMD) & EDU_DMA_RUN)) {
			__asm__ volatile("dsb sy" : : : "memory");
			return true;
		}
	}
	return false;
}

/* RAM -> edu buffer -> RAM, through IOVAs. */
static bool round_trip(const struct edu *e, uint32_t from, uint32_t to)
{
	return edu_dma(e, from, EDU_BUF, XFER, false) && edu_dma(e, EDU_BUF, to, XFER, true);
}

/* ------------------------------------------------------------ checks */

static void fill(volatile uint8_t *p, uint8_t seed)
{
	for (uint32_t i = 0; i < 4096u; i++)
		p[i] = (uint8_t)(seed + i * 7u);
}

static bool same(const volatile uint8_t *p, uint8_t seed, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++) {
		if (p[i] != (uint8_t)(seed + i * 7u))
			return false;
	}
	return true;
}

static bool untouched(const volatile uint8_t *p, uint8_t fillv)
{
	for (uint32_t i = 0; i < 4096u; i++) {
		if (p[i] != fillv)
			return false;
	}
	return true;
}

static void set_all(volatile uint8_t *p, uint8_t v)
{
	for (uint32_t i = 0; i < 4096u; i++)
		p[i] = v;
}

/* Drain the event queue: count the records, keep the first few, print
 * one line per run of identical type and StreamID. */
struct seen {
	unsigned int n;
	unsigned int overflow;
	struct ipfw_smmuv3_event ev[16];
	unsigned int nev;
};

static void drain(struct seen *sn)
{
	struct ipfw_smmuv3_event ev;
	char line[96];
	int r;

	while ((r = ipfw_smmuv3_event_next(&sflow.smmu, &ev)) != 0) {
		if (r < 0) {
			sn->overflow++;
			continue;
		}
		if (!sn->n || ev.type != sn->ev[0].type || ev.sid != sn->ev[0].sid) {
			ipfw_smmuv3_event_format(&ev, line, sizeof(line));
			printf("  event: %s\n", line);
		}
		if (sn->nev < 16)
			sn->ev[sn->nev++] = ev;
		sn->n++;
	}
	if (sn->n)
		printf("  %u event record(s)\n", sn->n);
}

/* The records are exactly one fault kind for this StreamID, writes, the
 * first at addr and all inside [addr, addr + len). */
static bool events_are(const struct seen *sn, uint8_t type, uint32_t sid, uint64_t addr,
		       uint32_t len)
{
	if (!sn->n || sn->overflow || sn->ev[0].addr != addr)
		return false;
	for (unsigned int i = 0; i < sn->nev; i++) {
		const struct ipfw_smmuv3_event *ev = &sn->ev[i];

		if (ev->type != type || ev->sid != sid || !ev->has_addr || ev->read ||
		    ev->addr < addr || ev->addr >= addr + len)
			return false;
	}
	return true;
}

static void dma_checks(const struct edu *e0, const struct edu *e1)
{
	struct seen sn = {0};
	uint32_t ack = 0;

	printf("DMA checks (QEMU's SMMUv3 and edu are the oracle):\n");
	/* 1. round trip through the tables */
	fill(buf[0], 0x11);
	set_all(buf[1], 0xEE);
	check(round_trip(e0, IOVA_SRC, IOVA_DST) && same(buf[1], 0x11, XFER) &&
		      buf[1][XFER] == 0xEE,
	      "edu0: RAM -> edu -> RAM via IOVA 0x100000 -> 0x200000 lands in the mapped pages, "
	      "2048 bytes exactly");
	drain(&sn);
	check(sn.n == 0, "edu0: no event for mapped traffic");

	/* 2. unmapped IOVA: nothing written anywhere we can see, F_TRANSLATION */
	fill(buf[0], 0x22);
	set_all(buf[1], 0xEE);
	set_all(buf[3], 0xEE);
	check(edu_dma(e0, IOVA_SRC, EDU_BUF, XFER, false) &&
		      edu_dma(e0, EDU_BUF, IOVA_HOLE, XFER_FAULT, true) && untouched(buf[1], 0xEE) &&
		      untouched(buf[3], 0xEE),
	      "edu0: DMA to unmapped IOVA 0x400000 leaves memory untouched");
	drain(&sn);
	check(events_are(&sn, IPFW_SMMUV3_EVT_F_TRANSLATION, e0->sid, IOVA_HOLE, XFER_FAULT) &&
		      sn.n == XFER_FAULT / 4u,
	      "edu0: F_TRANSLATION with its StreamID, IOVA 0x400000 (write), one per 4-byte beat");

	/* 3. read-only page: readable, and a write is F_PERMISSION */
	sn = (struct seen){0};
	fill(buf[2], 0x33);
	set_all(buf[1], 0xEE);
	check(round_trip(e0, IOVA_RO, IOVA_DST) && same(buf[1], 0x33, XFER),
	      "edu0: the read-only page at IOVA 0x300000 is readable");
	fill(buf[0], 0x44);
	check(edu_dma(e0, IOVA_SRC, EDU_BUF, XFER, false) &&
		      edu_dma(e0, EDU_BUF, IOVA_RO, XFER_FAULT, true) && same(buf[2], 0x33, 4096u),
	      "edu0: DMA write to the read-only page leaves it untouched");
	drain(&sn);
	check(events_are(&sn, IPFW_SMMUV3_EVT_F_PERMISSION, e0->sid, IOVA_RO, XFER_FAULT) &&
		      sn.n == XFER_FAULT / 4u,
	      "edu0: F_PERMISSION with its StreamID and IOVA 0x300000 (write)");

	/* 4. unmap + TLBI: QEMU's SMMU keeps an IOTLB, so the page goes only
	 * when TLBI_NH_ASID + CMD_SYNC say so */
	sn = (struct seen){0};
	{
		uint64_t gone = 0;
		bool stale;

		fill(buf[0], 0x66);
		set_all(buf[1], 0xEE);
		check(ipfw_lpae_unmap(&boot.dom[edu_dom].tables, IOVA_DST, 4096u, &gone) == IPFW_OK && gone == 4096u,
		      "edu0: IOVA 0x200000 unmapped from the tables (lpae)");
		stale = edu_dma(e0, IOVA_SRC, EDU_BUF, XFER_FAULT, false) &&
			edu_dma(e0, EDU_BUF, IOVA_DST, XFER_FAULT, true) && same(buf[1], 0x66, XFER_FAULT);
		printf("  before TLBI the device still %s the unmapped page (the SMMU's TLB)\n",
		       stale ? "reaches" : "does not reach");
		set_all(buf[1], 0xEE);
		drain(&sn);
		sn = (struct seen){0};
		check(ipfw_smmuv3_tlbi_asid(&sflow.smmu, sflow.dom[edu_dom].asid) == IPFW_OK &&
			      edu_dma(e0, EDU_BUF, IOVA_DST, XFER_FAULT, true) && untouched(buf[1], 0xEE),
		      "edu0: after TLBI_NH_ASID + CMD_SYNC the unmapped page is unreachable");
		drain(&sn);
		check(events_are(&sn, IPFW_SMMUV3_EVT_F_TRANSLATION, e0->sid, IOVA_DST, XFER_FAULT),
		      "edu0: F_TRANSLATION at IOVA 0x200000 once the TLB entry is gone");
		check(ipfw_lpae_map(&boot.dom[edu_dom].tables, IOVA_DST, pa32(buf[1]), 4096u,
				    IPFW_LPAE_RW | IPFW_LPAE_WB | IPFW_LPAE_XN) == IPFW_OK &&
			      round_trip(e0, IOVA_SRC, IOVA_DST) && same(buf[1], 0x66, XFER),
		      "edu0: mapped again, the round trip lands again");
	}

	/* 5. the denied edu: held (no bus mastering), and aborted by its
	 * STE even when bus mastering is forced on */
	if (!e1) {
		check(false, "a second edu is present (run-qemu --smmuv3-edu 2)");
		return;
	}
	sn = (struct seen){0};
	fill(buf[0], 0x55);
	set_all(buf[1], 0xEE);
	check(!(pci_command(bdt.ecam, e1->rid) & PCI_COMMAND_MASTER) &&
		      round_trip(e1, pa32(buf[0]), pa32(buf[1])) && untouched(buf[1], 0xEE),
	      "edu1 (denied, bus master off): DMA to physical addresses reaches nothing");
	pci_set_command(bdt.ecam, e1->rid, PCI_COMMAND_MEM | PCI_COMMAND_MASTER);
	check(round_trip(e1, pa32(buf[0]), pa32(buf[1])) && round_trip(e1, IOVA_SRC, IOVA_DST) &&
		      untouched(buf[1], 0xEE),
	      "edu1 with bus mastering forced on: its aborting STE stops every DMA");
	pci_set_command(bdt.ecam, e1->rid, PCI_COMMAND_MEM);
	drain(&sn);
	check(sn.n == 0, "edu1: its aborting STE records no event (Config = abort)");
	check(ipfw_smmuv3_gerror(&sflow.smmu, &ack) == IPFW_OK && ack == 0, "no global error (GERROR)");
	if (ack)
		printf("  GERROR ^ GERRORN = 0x%lx\n", (unsigned long)ack);
}

/* ------------------------------------------------------------ flow */

static void delay_spin(void *ctx, uint32_t us)
{
	(void)ctx;
	for (volatile uint32_t i = 0; i < us * 10u; i++)
		;
}

static int print_leaf(void *arg, const struct ipfw_lpae_leaf *l)
{
	(void)arg;
	printf("      0x%08lx-0x%08lx -> 0x%08lx  %lu KiB  %c%c-\n", (unsigned long)l->iova,
	       (unsigned long)(l->iova + l->size - 1u), (unsigned long)l->pa,
	       (unsigned long)(l->size >> 10), l->attrs & IPFW_LPAE_READ ? 'r' : '-',
	       l->attrs & IPFW_LPAE_WRITE ? 'w' : '-');
	return 0;
}

static void report(const struct edu *e, unsigned int n)
{
	printf("isolation report: SMMUv3 smmuv3@%lx, StreamID = requester ID (iommu-map)\n",
	       (unsigned long)bdt.smmu_base);
	for (unsigned int i = 0; i < n; i++) {
		struct ipfw_smmuv3_ste_state st = {0};
		static const char *const kinds[] = {"invalid", "abort", "bypass", "translate", "other"};

		if (e[i].mapped)
			ipfw_smmuv3_ste_read(&sflow.smmu, e[i].sid, &st);
		char sid[8] = "none";

		if (e[i].mapped) {
			static const char hex[] = "0123456789abcdef";

			sid[0] = '0';
			sid[1] = 'x';
			sid[2] = hex[(e[i].sid >> 4) & 15u];
			sid[3] = hex[e[i].sid & 15u];
		}
		printf("  %02lx:%02lx.%lx edu  sid %s  %-8s %-9s %-5s STE %s, bus master %s",
		       (unsigned long)(e[i].rid >> 8), (unsigned long)(e[i].rid >> 3 & 31u),
		       (unsigned long)(e[i].rid & 7u), sid, e[i].state,
		       e[i].act == ACT_TRANSLATE ? "translate" : "deny",
		       e[i].domain ? e[i].domain : "-", e[i].mapped ? kinds[st.kind] : "none (RID not in iommu-map)",
		       pci_command(bdt.ecam, e[i].rid) & PCI_COMMAND_MASTER ? "on" : "off");
		if (e[i].err)
			printf(" (%s)", ipfw_errname(e[i].err));
		printf("\n");
		if (st.kind == IPFW_SMMUV3_STE_TRANSLATE) {
			printf("      asid %u, TTB0 0x%lx (S1-32 as AArch64 stage 1, T0SZ 32)\n",
			       (unsigned int)st.asid, (unsigned long)st.ttb);
			ipfw_lpae_walk(&boot.dom[edu_dom].tables, print_leaf, NULL);
		}
	}
	printf("  stream table: 2-level, %u-bit StreamIDs, %u level-2 table(s) of %u STEs in use; "
	       "every other StreamID: STE abort in those spans, no level-2 table elsewhere "
	       "(C_BAD_STREAMID, abort)\n",
	       SID_BITS, (unsigned int)sflow.smmu.l2_used, 1u << SPLIT);
}

/* ------------------------------------------------------------ the flow's hooks */

static char host[64];             /* the pcie node's path */
static struct ipfw_policy_map maps[3];
static struct ipfw_policy_rule rules[2];
static struct ipfw_policy_rid rids[4];
static const struct ipfw_plan_driver smmu_plan = IPFW_PLAN_DRIVER(
	IPFW_IOMMU_SMMUV3, ipfw_smmuv3_compatible, 4, 1u << SID_BITS, 1u << IPFW_LPAE_S1_32);
static const struct ipfw_plan_driver *const plan_drivers[] = {&smmu_plan};
static struct ipfw_policy pol = {
	.default_action = IPFW_ACT_DENY, .fmt = IPFW_LPAE_S1_32, .pool_tables = POOL_TABLES,
	.iommus = plan_drivers, .niommus = 1, .others = &ipfw_plan_others,
};
static unsigned int released_calls, release_bme_off, release_live;

static void pcie_path(const void *fdt)
{
	int pcie = fdt_node_offset_by_compatible(fdt, -1, "pci-host-ecam-generic");

	if (pcie < 0 || fdt_get_path(fdt, pcie, host, sizeof(host)))
		host[0] = 0;
}

static const struct ipfw_plan_master *unit_of(uint32_t rid)
{
	for (size_t m = 0; m < plan.nmasters; m++) {
		if (plan.masters[m].pci_rid && plan.masters[m].rid == rid)
			return &plan.masters[m];
	}
	return NULL;
}

/* Hold: bus mastering off (a PCI function's reset, as far as DMA goes). */
static int edu_hold(void *ctx, const struct ipfw_plan_master *m)
{
	(void)ctx;
	if (m->pci_rid)
		pci_set_command(bdt.ecam, m->rid, PCI_COMMAND_MEM);
	return 0;
}

/* Release: bus mastering on. The flow calls this only for a requester
 * whose StreamID it has just read back live; the board checks that too,
 * through the driver, as an oracle of the ordering. */
static int edu_release(void *ctx, const struct ipfw_plan_master *m)
{
	(void)ctx;
	if (!m->pci_rid)
		return IPFW_E_INVAL; /* the host itself is never released */
	released_calls++;
	release_bme_off += !(pci_command(bdt.ecam, m->rid) & PCI_COMMAND_MASTER);
	if (m->domain >= 0 && m->nutlbs == 1)
		release_live += ipfw_smmuv3_is_live(&sflow.smmu, &sflow.dom[m->domain],
						    plan.utlbs[m->first_utlb].id) == IPFW_OK;
	pci_set_command(bdt.ecam, m->rid, PCI_COMMAND_MEM | PCI_COMMAND_MASTER);
	return 0;
}

static void edu_print(void *ctx, const char *line)
{
	(void)ctx;
	printf("  | %s\n", line);
}

static struct ipfw_boot_hooks hooks = {
	.hold = edu_hold, .release = edu_release, .print = edu_print,
	.report = IPFW_BOOT_REPORT,
	.drivers[IPFW_IOMMU_SMMUV3] = IPFW_SMMUV3_DRIVER(&sflow),
};

int main(void)
{
	static const struct ipfw_poll_limit limit = {100000u, 1u};
	const struct ipfw_delay delay = {delay_spin, NULL};
	const struct ipfw_smmuv3_mem mem = {
		.strtab = strtab, .strtab_pa = (uint64_t)(uintptr_t)strtab, .sid_bits = SID_BITS,
		.split = SPLIT, .l2 = l2, .l2_pa = (uint64_t)(uintptr_t)l2, .nl2 = NL2,
		.cmdq = cmdq, .cmdq_pa = (uint64_t)(uintptr_t)cmdq, .cmdq_log2 = 4,
		.evtq = evtq, .evtq_pa = (uint64_t)(uintptr_t)evtq, .evtq_log2 = 6,
		.cds = cds, .cds_pa = (uint64_t)(uintptr_t)cds, .ncds = 4,
	};
	const void *fdt = (const void *)(uintptr_t)QEMU_A64_RAM_BASE;
	struct edu e[4];
	unsigned int n;
	int err;

	printf("\n%s: SMMUv3 + edu image (QEMU virt,iommu=smmuv3, Cortex-A57, EL%u)\n",
	       ipfw_version(), qemu_a64_current_el());
	if (qemu_a64_boot_x0 && fdt_magic((const void *)(uintptr_t)qemu_a64_boot_x0) == FDT_MAGIC)
		fdt = (const void *)(uintptr_t)qemu_a64_boot_x0;
#ifdef QEMU_A64_NARROW_MAP
	/* The variant: the same machine described with an iommu-map that
	 * covers requester IDs 0x00-0x0f only, so the second edu (0x10) has
	 * no StreamID in the tree: it must stay denied and held. */
	{
		static uint8_t copy[1u << 20] __attribute__((aligned(8)));
		fdt32_t *map;
		int pcie, len;

		if (fdt_open_into(fdt, copy, sizeof(copy)) == 0) {
			pcie = fdt_node_offset_by_compatible(copy, -1, "pci-host-ecam-generic");
			map = pcie >= 0 ? fdt_getprop_w(copy, pcie, "iommu-map", &len) : NULL;
			if (map && len == 16)
				map[3] = cpu_to_fdt32(0x10u);
			fdt = copy;
			printf("variant: iommu-map narrowed to <0x0 smmu 0x0 0x10>\n");
		}
	}
#endif
	err = read_dt(fdt, &bdt);
	printf("DT at 0x%lx: %s; RAM 0x%lx+0x%lx, SMMU 0x%lx%s, ECAM 0x%lx, MMIO 0x%x+0x%x\n",
	       (unsigned long)(uintptr_t)fdt, ipfw_errname(err), (unsigned long)bdt.ram_base,
	       (unsigned long)bdt.ram_size, (unsigned long)bdt.smmu_base,
	       bdt.smmu_coherent ? " dma-coherent" : "", (unsigned long)bdt.ecam,
	       (unsigned int)bdt.mmio32_base, (unsigned int)bdt.mmio32_size);
	check(err == IPFW_OK, "DT: SMMU, ECAM and the 32-bit window found");
	if (err)
		goto out;
	n = find_edus(&bdt, e, 4);
	printf("PCI: %u edu device(s)", n);
	for (unsigned int i = 0; i < n; i++)
		printf("; %02lx.%lx BAR0 0x%lx ID 0x%08lx", (unsigned long)(e[i].rid >> 3),
		       (unsigned long)(e[i].rid & 7u), (unsigned long)e[i].bar,
		       (unsigned long)edu_rd(&e[i], EDU_ID));
	printf("\n");
	check(n >= 1 && edu_rd(&e[0], EDU_ID) == 0x010000EDu, "edu found through ECAM, BAR0 assigned");
	if (!n)
		goto out;
	pcie_path(fdt);

	/* the policy: edu0 translates through "edu0", edu1 is denied, any
	 * other requester ID no rule names is denied too (default deny) */
	{
		const uint32_t rw = IPFW_LPAE_RW | IPFW_LPAE_WB | IPFW_LPAE_XN;

		maps[0] = (struct ipfw_policy_map){IOVA_SRC, pa32(buf[0]), 4096u, rw, false};
		maps[1] = (struct ipfw_policy_map){IOVA_DST, pa32(buf[1]), 4096u, rw, false};
		maps[2] = (struct ipfw_policy_map){IOVA_RO, pa32(buf[2]), 4096u,
						   IPFW_LPAE_READ | IPFW_LPAE_WB | IPFW_LPAE_XN, false};
		rules[0] = (struct ipfw_policy_rule){host, IPFW_ACT_TRANSLATE, "edu0", maps, 3, false};
		rules[1] = (struct ipfw_policy_rule){host, IPFW_ACT_DENY, NULL, NULL, 0, false};
		for (unsigned int i = 0; i < n; i++)
			rids[i] = (struct ipfw_policy_rid){host, e[i].rid, i < 2 ? (int16_t)i : -1};
		pol.rules = rules;
		pol.nrules = 2;
		pol.rids = rids;
		pol.nrids = n;
	}
	sflow.mem = mem;
	sflow.limit = limit;
	hooks.ctx = e;
	hooks.delay = delay;
	{
		const struct ipfw_boot_pool bpool = {pool, (uint64_t)(uintptr_t)pool, POOL_TABLES};

		err = ipfw_boot_run(fdt, &pol, &hooks, &bpool, &plan, &boot);
	}
	printf("boot flow: %s; plan %s, %u released, %u held\n", ipfw_errname(err),
	       plan.status == IPFW_PLAN_WITH_ERRORS ? "with errors (masters held)"
						     : ipfw_errname(plan.status),
	       boot.released, boot.held);
	check(plan.ninst == 1 && plan.inst[0].kind == IPFW_IOMMU_SMMUV3,
	      "plan: the SMMUv3 is an instance of the plan (policy.iommus)");
	printf("SMMU %s at 0x%lx: IDR0 0x%08lx IDR1 0x%08lx IDR5 0x%08lx: %s%s%s, %u-bit SIDs, "
	       "OAS %u\n",
	       plan.ninst ? plan.inst[0].name : "?", plan.ninst ? (unsigned long)plan.inst[0].base : 0ul,
	       (unsigned long)sflow.smmu.feat.idr0, (unsigned long)sflow.smmu.feat.idr1,
	       (unsigned long)sflow.smmu.feat.idr5, sflow.smmu.feat.s1 ? "S1" : "", sflow.smmu.feat.s2 ? "+S2" : "",
	       sflow.smmu.feat.two_level ? ", 2-level stream table" : "", (unsigned int)sflow.smmu.feat.sid_bits,
	       (unsigned int)sflow.smmu.feat.oas_bits);
	check(sflow.smmu.enabled, "SMMU up default-deny: every STE abort, queues, SMMUEN (CR0ACK)");
	if (sflow.smmu.enabled && !sflow.smmu.gbpa_abort)
		printf("  note: GBPA.ABORT reads back 0 (QEMU 7.2 has no GBPA: bypass while SMMUEN "
		       "is 0); every edu was held (bus master off) until SMMUEN\n");

	/* what the plan and the flow made of each edu */
	for (unsigned int i = 0; i < n; i++) {
		const struct ipfw_plan_master *pm = unit_of(e[i].rid);
		size_t m = pm ? (size_t)(pm - plan.masters) : 0;

		if (!pm)
			continue;
		e[i].mapped = pm->nutlbs == 1;
		e[i].sid = e[i].mapped ? plan.utlbs[pm->first_utlb].id : 0;
		e[i].act = pm->action == IPFW_ACT_TRANSLATE ? ACT_TRANSLATE : ACT_DENY;
		e[i].domain = pm->domain >= 0 ? plan.domains[pm->domain].name : NULL;
		e[i].state = ipfw_master_state_name(boot.m[m].state);
		e[i].err = boot.m[m].err;
		if (i == 0 && pm->domain >= 0)
			edu_dom = pm->domain;
	}
	check(release_bme_off == released_calls && released_calls == 1,
	      "no edu had bus mastering before its release hook");
	check(edu_dom >= 0 && boot.dom[edu_dom].programmed,
	      "edu0 domain: S1-32 tables (lpae) in a CD, read back");
	if (edu_dom < 0)
		goto out;
	check(boot.released == 1 && e[0].act == ACT_TRANSLATE && release_live == 1 &&
		      !ipfw_smmuv3_is_live(&sflow.smmu, &sflow.dom[edu_dom], e[0].sid),
	      "edu0 released (BME) after its STE read back live: valid, translate, CFGI+SYNC done");
	check(n < 2 || !e[1].mapped || ipfw_smmuv3_is_live(&sflow.smmu, &sflow.dom[edu_dom], e[1].sid) == IPFW_E_NOTREADY,
	      "edu1's STE is not live (abort): its release is refused");

	dma_checks(&e[0], n >= 2 ? &e[1] : NULL);
	report(e, n);
out:
	printf("verdict: %s\n", failures ? "FAIL" : "PASS");
	return failures ? 1 : 0;
}
