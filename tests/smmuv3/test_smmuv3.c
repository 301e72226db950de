/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SMMUv3 driver (src/smmuv3) against the behavioural model, through
 * the MMIO seam. The oracle is what the model does with what the driver
 * wrote: which transactions translate, abort or bypass, which events it
 * records, which commands it executed, never the driver's own view.
 */
#define _DEFAULT_SOURCE /* mmap, for the matcher's guard page */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <sys/mman.h>
#include <unistd.h>

#include "badinput.h"

#include <ipmmu/error.h>
#include <ipmmu/lpae.h>
#include <ipmmu/smmuv3.h>

#include "smmuv3_rig.h"

#define BASE RIG_BASE
#define SID_BITS 5u

static struct smmuv3_model m;
static struct ipfw_smmuv3 s;
static struct ipfw_lpae_ctx tables;
static const struct ipfw_poll_limit limit = {50, 0};

static struct ipfw_smmuv3_mem mem(void)
{
	return rig_mem(SID_BITS);
}

static int setup(void **state)
{
	(void)state;
	rig_attach(&m);
	return 0;
}

static void up(void)
{
	const struct ipfw_smmuv3_mem mm = mem();

	assert_int_equal(ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL), IPFW_OK);
}

/* S1-32 tables: 0x1000 rw -> PA_DATA, 0x2000 read-only -> PA_DATA + 0x1000 */
static void domain(struct ipfw_smmuv3_domain *d, uint16_t asid)
{
	const struct ipfw_lpae_pool p = {pool, PA_POOL, 8};

	assert_int_equal(ipfw_lpae_init(&tables, IPFW_LPAE_S1_32, &p, IPFW_LPAE_F_COHERENT, NULL,
					NULL),
			 IPFW_OK);
	assert_int_equal(ipfw_lpae_map(&tables, 0x1000, PA_DATA, 0x1000,
				       IPFW_LPAE_RW | IPFW_LPAE_WB | IPFW_LPAE_XN),
			 IPFW_OK);
	assert_int_equal(ipfw_lpae_map(&tables, 0x2000, PA_DATA + 0x1000, 0x1000,
				       IPFW_LPAE_READ | IPFW_LPAE_WB | IPFW_LPAE_XN),
			 IPFW_OK);
	assert_int_equal(ipfw_smmuv3_domain_init(&s, d, &tables, asid), IPFW_OK);
}

/* ------------------------------------------------------------ probe */

static void test_probe_decodes_qemu_idrs(void **state)
{
	struct ipfw_smmuv3_features f;

	(void)state;
	assert_int_equal(ipfw_smmuv3_probe(BASE, &f), IPFW_OK);
	assert_true(f.s1);
	assert_false(f.s2);
	assert_true(f.aa64);
	assert_true(f.coherent);
	assert_true(f.two_level);
	assert_int_equal(f.sid_bits, 16);
	assert_int_equal(f.oas_bits, 44);
	assert_true(f.gran4k);
}

static void test_probe_refuses_missing_features(void **state)
{
	struct ipfw_smmuv3_features f;
	const struct ipfw_smmuv3_mem mm = mem();

	(void)state;
	m.idr0 &= ~2u; /* no stage 1 */
	IPFW_BADINPUT("smmuv3: ID registers", "IDR0.S1P clear (no stage 1)", IPFW_E_SMMU_FEATURE,
		      ipfw_smmuv3_probe(BASE, &f));
	IPFW_BADINPUT("smmuv3: ID registers", "init on an SMMU without stage 1",
		      IPFW_E_SMMU_FEATURE, ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL));
	m.idr0 = (m.idr0 | 2u) & ~(3u << 2); /* TTF: AArch32 tables only */
	m.idr0 |= 1u << 2;
	IPFW_BADINPUT("smmuv3: ID registers", "IDR0.TTF AArch32 tables only", IPFW_E_SMMU_FEATURE,
		      ipfw_smmuv3_probe(BASE, &f));
	m.idr0 = 0x0d40101au;
	m.idr5 &= ~(1u << 4); /* no 4 KiB granule */
	IPFW_BADINPUT("smmuv3: ID registers", "IDR5.GRAN4K clear", IPFW_E_SMMU_FEATURE,
		      ipfw_smmuv3_probe(BASE, &f));
	/* nothing was written: the SMMU was never touched */
	assert_int_equal(ipfw_bus_count(IPFW_BUS_WRITE), 0);
}

/* IDR1.TABLES_PRESET [30] and QUEUES_PRESET [29] (IHI 0070 6.3.2): fixed
 * table or queue bases would ignore the caller's memory, so such an SMMU
 * is refused before any register is written; the diagnostic names the ID
 * registers and holds the IDR0 the SMMU reported (no wanted value). */
static void test_init_refuses_preset_tables_or_queues(void **state)
{
	const struct ipfw_smmuv3_mem mm = mem();
	struct ipfw_smmuv3_features f;
	const uint32_t presets[2] = {1u << 29, 1u << 30};

	(void)state;
	for (int i = 0; i < 2; i++) {
		m.idr1 = 0x02730010u | presets[i];
		IPFW_BADINPUT("smmuv3: ID registers", i ? "IDR1.TABLES_PRESET set" : "IDR1.QUEUES_PRESET set",
			      IPFW_E_SMMU_FEATURE, ipfw_smmuv3_probe(BASE, &f));
		assert_int_equal(ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL),
				 IPFW_E_SMMU_FEATURE);
		assert_string_equal(s.diag.what, "IDR0/IDR1/IDR5");
		assert_int_equal(s.diag.want, 0);
		assert_int_equal(s.diag.got, 0x0d40101au);
	}
	assert_int_equal(ipfw_bus_count(IPFW_BUS_WRITE), 0);
}

/* STE word 1 of a translating STE (IHI 0070 5.2): on a coherent SMMU
 * (IDR0.COHACC) the CD and tables are fetched write-back (S1CIR [3:2] and
 * S1COR [5:4] 0b01) inner shareable (S1CSH [7:6] 0b11); SHCFG [45:44] 0b01
 * (incoming) either way; a non-coherent SMMU gets 0b00 in all three
 * (non-cacheable, non-shareable fetches). */
static void test_attach_ste_word1_follows_cohacc(void **state)
{
	struct ipfw_smmuv3_domain d;

	(void)state;
	up();
	domain(&d, 1);
	assert_int_equal(ipfw_smmuv3_attach(&s, &d, 6), IPFW_OK);
	assert_int_equal(strtab[6 * 8 + 1], (1ull << 44) | 0xD4u);
	setup(NULL);
	m.idr0 &= ~(1u << 4); /* COHACC clear */
	up();
	domain(&d, 1);
	assert_int_equal(ipfw_smmuv3_attach(&s, &d, 6), IPFW_OK);
	assert_int_equal(strtab[6 * 8 + 1], 1ull << 44);
}

/* The CD in memory, word by word (IHI 0070 5.4): T0SZ [5:0] 32, IR0/OR0
 * [11:8] WB (0b01 each) and SH0 [13:12] inner for the coherent tables of
 * domain(), EPD1 [30], V [31], IPS [34:32] 0b010 (40 bits), AA64 [41],
 * R [45], A [46], ASET [47], ASID [63:48]; word 1 TTB0 = the pool's bus
 * address; word 3 MAIR as the tables' registers give it; the rest 0. */
static void test_domain_cd_words_by_hand(void **state)
{
	struct ipfw_smmuv3_domain d;
	struct ipfw_lpae_regs r;
	const uint64_t w0 = 32u | 0x3500u | (1ull << 30) | (1ull << 31) | (2ull << 32) |
			    (1ull << 41) | (1ull << 45) | (1ull << 46) | (1ull << 47) |
			    (0xBEEFull << 48);

	(void)state;
	up();
	domain(&d, 0xBEEF);
	assert_int_equal(ipfw_lpae_regs(&tables, &r), IPFW_OK);
	assert_int_equal(d.cd_pa, PA_CDS);
	assert_int_equal(cds[0], w0);
	assert_int_equal(cds[1], PA_POOL);
	assert_int_equal(cds[2], 0);
	assert_int_equal(cds[3], r.mair);
	for (int w = 4; w < 8; w++)
		assert_int_equal(cds[w], 0);
}

/* ------------------------------------------------------------ init */

static void test_init_is_default_deny(void **state)
{
	uint64_t pa;

	(void)state;
	up();
	assert_int_equal(sm_read32(&m, 0x24) & 0xD, 0xD); /* CR0ACK: SMMUEN, queues */
	/* every StreamID in the table aborts, silently; one beyond it is
	 * C_BAD_STREAMID; nothing bypasses */
	for (uint32_t sid = 0; sid < (1u << SID_BITS); sid++)
		assert_int_equal(sm_translate(&m, sid, 0x1000, false, &pa), SM_ABORT);
	assert_int_equal(m.events, 0);
	assert_int_equal(sm_translate(&m, 1u << SID_BITS, 0x1000, false, &pa), SM_ABORT);
	assert_int_equal(m.events, 1);
	/* caches dropped and a completed SYNC before SMMUEN */
	assert_int_equal(sm_count_cmds(&m, 0x04, -1), 1); /* CFGI_STE_RANGE ... */
	assert_int_equal(m.log[0].range, 31);              /* ... over all */
	assert_int_equal(sm_count_cmds(&m, 0x30, -1), 1);  /* TLBI_NSNH_ALL */
	assert_int_equal(m.syncs, 1);
	/* GBPA abort before the SMMU is enabled */
	assert_int_equal(m.gbpa & (1u << 20), 1u << 20);
	assert_true(s.gbpa_abort);
}

static void test_init_notes_a_gbpa_that_does_not_stick(void **state)
{
	(void)state;
	m.gbpa_raz = true; /* QEMU 7.2 */
	up();
	assert_false(s.gbpa_abort);
}

static void test_init_refuses_misaligned_or_oversized_memory(void **state)
{
	struct ipfw_smmuv3_mem mm = mem();

	(void)state;
	mm.strtab_pa += 64; /* the SMMU would read STEs from the aligned base */
	IPFW_BADINPUT("smmuv3: caller memory", "linear stream table 64 bytes off its size alignment",
		      IPFW_E_ALIGN, ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL));
	mm = mem();
	mm.sid_bits = 17; /* beyond IDR1.SIDSIZE */
	IPFW_BADINPUT("smmuv3: caller memory", "sid_bits 17 beyond IDR1.SIDSIZE 16", IPFW_E_INVAL,
		      ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL));
	mm = mem();
	mm.cmdq_log2 = 1; /* 2 commands: less than one batch */
	IPFW_BADINPUT("smmuv3: caller memory", "command queue of 2 entries (a batch needs 3)",
		      IPFW_E_INVAL, ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL));
	mm = mem();
	mm.evtq_pa += 32;
	IPFW_BADINPUT("smmuv3: caller memory", "event queue 32 bytes off its size alignment",
		      IPFW_E_ALIGN, ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL));
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_WRITE, BASE + 0x20), 0);
}

/* IDR1 (IHI 0070 6.3.2): SIDSIZE [5:0], EVENTQS [20:16], CMDQS [25:21] are
 * maxima the caller's memory may reach but not pass. An SMMU whose IDR1
 * says exactly this test's sizes (32 STEs, 8 commands, 4 events) takes
 * them; one more of each is refused before any register is written. */
static void test_init_takes_memory_up_to_the_idr1_maxima(void **state)
{
	struct ipfw_smmuv3_mem mm = mem();

	(void)state;
	m.idr1 = (3u << 21) | (2u << 16) | SID_BITS;
	up();
	assert_true(s.enabled);
	assert_int_equal(s.feat.cmdq_log2, 3);
	assert_int_equal(s.feat.evtq_log2, 2);
	assert_int_equal(s.feat.sid_bits, SID_BITS);
	mm.evtq_log2 = 3;
	IPFW_BADINPUT("smmuv3: caller memory", "event queue of 8 beyond IDR1.EVENTQS 2",
		      IPFW_E_INVAL, ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL));
	mm = mem();
	mm.cmdq_log2 = 4;
	IPFW_BADINPUT("smmuv3: caller memory", "command queue of 16 beyond IDR1.CMDQS 3",
		      IPFW_E_INVAL, ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL));
	mm = mem();
	mm.sid_bits = SID_BITS + 1u;
	IPFW_BADINPUT("smmuv3: caller memory", "sid_bits 6 beyond IDR1.SIDSIZE 5",
		      IPFW_E_INVAL, ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL));
}

static void test_init_reports_cr0ack_timeout(void **state)
{
	const struct ipfw_smmuv3_mem mm = mem();

	(void)state;
	m.cr0ack_stuck = true;
	m.cr0ack = 1; /* left enabled by earlier firmware, and never acknowledges */
	IPFW_BADINPUT("smmuv3: hardware", "CR0ACK never follows CR0", IPFW_E_TIMEOUT,
		      ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL));
	assert_string_equal(s.diag.what, "CR0ACK");
	assert_int_equal(ipfw_bus_count_addr(IPFW_BUS_READ, BASE + 0x24), limit.tries);
}

static void test_init_reports_register_readback(void **state)
{
	const struct ipfw_smmuv3_mem mm = mem();

	(void)state;
	ipfw_bus_stuck(BASE + 0x88, 0x3Fu, 0); /* STRTAB_BASE_CFG.LOG2SIZE stuck at 0 */
	IPFW_BADINPUT("smmuv3: hardware", "STRTAB_BASE_CFG.LOG2SIZE stuck at 0", IPFW_E_READBACK,
		      ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL));
	assert_string_equal(s.diag.what, "STRTAB_BASE_CFG");
	assert_int_equal(s.diag.want & 0x3F, SID_BITS);
	assert_int_equal(s.diag.got & 0x3F, 0);
	assert_int_equal(sm_read32(&m, 0x24) & 1u, 0); /* never enabled */
}

/* ------------------------------------------------------------ attach */

static void test_attach_translates_through_the_tables(void **state)
{
	struct ipfw_smmuv3_domain d;
	uint64_t pa = 0;

	(void)state;
	up();
	domain(&d, 7);
	/* before: the StreamID aborts (and its STE is now cached) */
	assert_int_equal(sm_translate(&m, 8, 0x1000, false, &pa), SM_ABORT);
	assert_int_equal(ipfw_smmuv3_is_live(&s, &d, 8), IPFW_E_NOTREADY);
	assert_int_equal(ipfw_smmuv3_attach(&s, &d, 8), IPFW_OK);
	/* CFGI_STE and CFGI_CD for that StreamID, then a SYNC: the cached
	 * abort is gone */
	assert_int_equal(sm_count_cmds(&m, 0x03, 8), 1);
	assert_int_equal(sm_count_cmds(&m, 0x05, 8), 1);
	assert_int_equal(m.log[m.nlog - 1].op, 0x46);
	assert_int_equal(sm_translate(&m, 8, 0x1234, false, &pa), SM_TRANSLATED);
	assert_int_equal(pa, PA_DATA + 0x234);
	assert_int_equal(sm_translate(&m, 8, 0x1FFC, true, &pa), SM_TRANSLATED);
	assert_int_equal(sm_translate(&m, 8, 0x2010, false, &pa), SM_TRANSLATED);
	assert_int_equal(pa, PA_DATA + 0x1010);
	assert_int_equal(m.events, 0);
	/* other StreamIDs still abort */
	assert_int_equal(sm_translate(&m, 9, 0x1000, false, &pa), SM_ABORT);
	assert_int_equal(ipfw_smmuv3_is_live(&s, &d, 8), IPFW_OK);
	assert_int_equal(ipfw_smmuv3_is_live(&s, &d, 9), IPFW_E_NOTREADY);
}

static void test_attach_refreshes_a_cached_cd(void **state)
{
	struct ipfw_smmuv3_domain d, d2;
	uint64_t pa = 0;

	(void)state;
	up();
	domain(&d, 1);
	domain(&d2, 2);
	assert_int_equal(ipfw_smmuv3_attach(&s, &d, 8), IPFW_OK);
	assert_int_equal(sm_translate(&m, 8, 0x1000, false, &pa), SM_TRANSLATED); /* cached */
	/* d's CD rewritten in place to other tables (as earlier firmware might
	 * leave a CD cached): a fresh attach must not translate with the old one */
	cds[d.cd * 8 + 1] = 0;
	assert_int_equal(ipfw_smmuv3_attach(&s, &d, 8), IPFW_OK);
	assert_int_equal(sm_translate(&m, 8, 0x1000, false, &pa), SM_ABORT);
}

static void test_faults_come_back_decoded(void **state)
{
	struct ipfw_smmuv3_domain d;
	struct ipfw_smmuv3_event ev;
	uint64_t pa;
	char line[80];

	(void)state;
	up();
	domain(&d, 1);
	assert_int_equal(ipfw_smmuv3_attach(&s, &d, 3), IPFW_OK);
	assert_int_equal(sm_translate(&m, 3, 0x2008, true, &pa), SM_ABORT);  /* read-only */
	assert_int_equal(sm_translate(&m, 3, 0x5000, false, &pa), SM_ABORT); /* unmapped */
	assert_int_equal(ipfw_smmuv3_event_next(&s, &ev), 1);
	assert_int_equal(ev.type, IPFW_SMMUV3_EVT_F_PERMISSION);
	assert_int_equal(ev.sid, 3);
	assert_int_equal(ev.addr, 0x2008);
	assert_false(ev.read);
	ipfw_smmuv3_event_format(&ev, line, sizeof(line));
	assert_string_equal(line, "F_PERMISSION sid 0x3 iova 0x2008 write");
	assert_int_equal(ipfw_smmuv3_event_next(&s, &ev), 1);
	assert_int_equal(ev.type, IPFW_SMMUV3_EVT_F_TRANSLATION);
	assert_int_equal(ev.addr, 0x5000);
	assert_true(ev.read);
	assert_int_equal(ipfw_smmuv3_event_next(&s, &ev), 0);
	/* the driver moved EVENTQ_CONS: the model's queue is empty */
	assert_int_equal(sm_read32(&m, 0x100AC) & 7u, sm_read32(&m, 0x100A8) & 7u);
}

static void test_event_overflow_is_reported_once(void **state)
{
	struct ipfw_smmuv3_domain d;
	struct ipfw_smmuv3_event ev;
	uint64_t pa;
	int n = 0;

	(void)state;
	up();
	domain(&d, 1);
	assert_int_equal(ipfw_smmuv3_attach(&s, &d, 3), IPFW_OK);
	for (int i = 0; i < 5; i++) /* a 4-entry queue: the fifth record is lost */
		sm_translate(&m, 3, 0x10000u + 0x1000u * (unsigned int)i, false, &pa);
	assert_int_equal(m.lost, 1);
	assert_int_equal(ipfw_smmuv3_event_next(&s, &ev), IPFW_E_SMMU_EVENTQ);
	while (ipfw_smmuv3_event_next(&s, &ev) == 1)
		n++;
	assert_int_equal(n, 4);
	assert_int_equal(ev.addr, 0x13000);
}

static void test_abort_detaches(void **state)
{
	struct ipfw_smmuv3_domain d;
	uint64_t pa;

	(void)state;
	up();
	domain(&d, 1);
	assert_int_equal(ipfw_smmuv3_attach(&s, &d, 4), IPFW_OK);
	assert_int_equal(sm_translate(&m, 4, 0x1000, false, &pa), SM_TRANSLATED);
	assert_int_equal(ipfw_smmuv3_abort(&s, 4), IPFW_OK);
	assert_int_equal(sm_translate(&m, 4, 0x1000, false, &pa), SM_ABORT);
	assert_int_equal(ipfw_smmuv3_is_live(&s, &d, 4), IPFW_E_NOTREADY);
	assert_int_equal(m.events, 0);
}

static void test_bypass_only_when_asked(void **state)
{
	uint64_t pa = 0;

	(void)state;
	up();
	assert_int_equal(sm_translate(&m, 5, 0x1234, false, &pa), SM_ABORT);
	assert_int_equal(ipfw_smmuv3_bypass(&s, 5), IPFW_OK);
	assert_int_equal(sm_translate(&m, 5, 0x1234, false, &pa), SM_BYPASS);
	assert_int_equal(pa, 0x1234);
}

static void test_sid_beyond_the_table_is_refused(void **state)
{
	struct ipfw_smmuv3_domain d;

	(void)state;
	up();
	domain(&d, 1);
	IPFW_BADINPUT("smmuv3: StreamID", "StreamID 32 beyond a 32-entry stream table",
		      IPFW_E_SMMU_SID, ipfw_smmuv3_attach(&s, &d, 1u << SID_BITS));
	assert_int_equal(s.diag.sid, 1u << SID_BITS);
}

static void test_failed_command_blocks_release(void **state)
{
	struct ipfw_smmuv3_domain d;
	uint32_t act = 0;

	(void)state;
	up();
	domain(&d, 1);
	m.illegal_op = 0x03; /* the SMMU rejects CFGI_STE */
	IPFW_BADINPUT("smmuv3: hardware", "CFGI_STE rejected (CERROR_ILL)", IPFW_E_SMMU_CMDQ,
		      ipfw_smmuv3_attach(&s, &d, 6));
	assert_int_equal(s.diag.want, 0x03);
	assert_int_equal(s.diag.got, 1); /* CERROR_ILL */
	/* the STE is in memory, but nothing says the SMMU saw it: not live */
	assert_int_equal(ipfw_smmuv3_is_live(&s, &d, 6), IPFW_E_NOTREADY);
	assert_int_equal(ipfw_smmuv3_gerror(&s, &act), IPFW_E_SMMU_GERROR);
	assert_int_equal(act & 1u, 1u); /* CMDQ_ERR */
	/* and later commands are refused rather than queued behind it */
	assert_int_equal(ipfw_smmuv3_attach(&s, &d, 7), IPFW_E_SMMU_CMDQ);
}

static void test_domain_refuses_s2_tables_and_full_cds(void **state)
{
	static uint64_t s2pool[4][512] __attribute__((aligned(8192)));
	const struct ipfw_lpae_pool p = {s2pool, 0x40020000ull, 4};
	struct ipfw_lpae_ctx s2;
	struct ipfw_smmuv3_domain d;

	(void)state;
	up();
	assert_int_equal(ipfw_lpae_init(&s2, IPFW_LPAE_S2_40, &p, 0, NULL, NULL), IPFW_OK);
	IPFW_BADINPUT("smmuv3: tables", "S2-40 tables for a stage-1 CD", IPFW_E_FORMAT,
		      ipfw_smmuv3_domain_init(&s, &d, &s2, 1));
	for (int i = 0; i < 4; i++)
		domain(&d, (uint16_t)(i + 1));
	IPFW_BADINPUT("smmuv3: caller memory", "fifth domain with 4 CDs", IPFW_E_NOSPACE,
		      ipfw_smmuv3_domain_init(&s, &d, &tables, 9));
}

static void test_tlbi_asid_is_a_synced_command(void **state)
{
	struct ipfw_smmuv3 cold = {0};

	(void)state;
	assert_int_equal(ipfw_smmuv3_tlbi_asid(&cold, 7), IPFW_E_STATE); /* never initialised */
	up();
	assert_int_equal(ipfw_smmuv3_tlbi_asid(&s, 7), IPFW_OK);
	assert_int_equal(sm_count_cmds(&m, 0x11, -1), 1);
	assert_int_equal(m.log[m.nlog - 2].asid, 7);
	assert_int_equal(m.log[m.nlog - 1].op, 0x46);
}

static void test_command_queue_that_stalls_times_out(void **state)
{
	struct ipfw_smmuv3_domain d;

	(void)state;
	up();
	domain(&d, 1);
	m.cr0ack &= ~8u; /* the queue stops being consumed */
	IPFW_BADINPUT("smmuv3: hardware", "command queue never consumed", IPFW_E_TIMEOUT,
		      ipfw_smmuv3_attach(&s, &d, 2));
	assert_string_equal(s.diag.what, "CMDQ_CONS");
	assert_int_equal(ipfw_smmuv3_is_live(&s, &d, 2), IPFW_E_NOTREADY);
}

static void test_ste_read_names_what_memory_holds(void **state)
{
	struct ipfw_smmuv3_domain d;
	struct ipfw_smmuv3_ste_state st;

	(void)state;
	up();
	domain(&d, 5);
	assert_int_equal(ipfw_smmuv3_attach(&s, &d, 1), IPFW_OK);
	assert_int_equal(ipfw_smmuv3_bypass(&s, 2), IPFW_OK);
	strtab[3 * 8] = 0;                /* V = 0 */
	strtab[4 * 8] = 1u | 6u << 1;     /* stage 2: never written by the driver */
	assert_int_equal(ipfw_smmuv3_ste_read(&s, 0, &st), IPFW_OK);
	assert_int_equal(st.kind, IPFW_SMMUV3_STE_ABORT);
	assert_int_equal(ipfw_smmuv3_ste_read(&s, 1, &st), IPFW_OK);
	assert_int_equal(st.kind, IPFW_SMMUV3_STE_TRANSLATE);
	assert_int_equal(st.cd_pa, d.cd_pa);
	assert_int_equal(st.ttb, PA_POOL);
	assert_int_equal(st.asid, 5);
	assert_int_equal(ipfw_smmuv3_ste_read(&s, 2, &st), IPFW_OK);
	assert_int_equal(st.kind, IPFW_SMMUV3_STE_BYPASS);
	assert_int_equal(ipfw_smmuv3_ste_read(&s, 3, &st), IPFW_OK);
	assert_int_equal(st.kind, IPFW_SMMUV3_STE_INVALID);
	assert_int_equal(ipfw_smmuv3_ste_read(&s, 4, &st), IPFW_OK);
	assert_int_equal(st.kind, IPFW_SMMUV3_STE_OTHER);
	assert_int_equal(ipfw_smmuv3_ste_read(&s, 1u << SID_BITS, &st), IPFW_E_SMMU_SID);
}

static void test_is_live_reads_the_hardware_now(void **state)
{
	struct ipfw_smmuv3_domain d, d2;
	uint64_t saved;

	(void)state;
	up();
	domain(&d, 1);
	assert_int_equal(ipfw_smmuv3_attach(&s, &d, 8), IPFW_OK);
	assert_int_equal(ipfw_smmuv3_is_live(&s, &d, 8), IPFW_OK);
	m.cr0ack &= ~1u; /* someone turned the SMMU off */
	assert_int_equal(ipfw_smmuv3_is_live(&s, &d, 8), IPFW_E_NOTREADY);
	assert_string_equal(s.diag.what, "CR0ACK.SMMUEN");
	m.cr0ack |= 1u;
	m.gerror ^= 1u << 8; /* SFM_ERR: the SMMU stopped */
	assert_int_equal(ipfw_smmuv3_is_live(&s, &d, 8), IPFW_E_NOTREADY);
	assert_string_equal(s.diag.what, "GERROR");
	m.gerror ^= 1u << 8;
	saved = cds[d.cd * 8 + 1];
	cds[d.cd * 8 + 1] = PA_POOL + 0x1000; /* the CD names other tables */
	assert_int_equal(ipfw_smmuv3_is_live(&s, &d, 8), IPFW_E_NOTREADY);
	cds[d.cd * 8 + 1] = saved;
	assert_int_equal(ipfw_smmuv3_is_live(&s, &d, 8), IPFW_OK);
	domain(&d2, 2);
	assert_int_equal(ipfw_smmuv3_attach(&s, &d2, 8), IPFW_OK); /* moved to another domain */
	assert_int_equal(ipfw_smmuv3_is_live(&s, &d, 8), IPFW_E_NOTREADY);
	assert_int_equal(ipfw_smmuv3_is_live(&s, &d2, 8), IPFW_OK);
	assert_int_equal(ipfw_smmuv3_is_live(&s, &d, 1u << SID_BITS), IPFW_E_SMMU_SID);
}

static void test_event_format_edges(void **state)
{
	struct ipfw_smmuv3_event ev = {0};
	char line[80], tiny[8];

	(void)state;
	ev.type = IPFW_SMMUV3_EVT_C_BAD_STE;
	ev.sid = 0x1234;
	ev.ssv = true;
	ev.ssid = 5;
	ipfw_smmuv3_event_format(&ev, line, sizeof(line));
	assert_string_equal(line, "C_BAD_STE sid 0x1234 ssid 0x5");
	ev = (struct ipfw_smmuv3_event){.type = 0x13, .sid = 0, .has_addr = true,
					.addr = 0xFFFFF000u, .read = true, .stage2 = true};
	ipfw_smmuv3_event_format(&ev, line, sizeof(line));
	assert_string_equal(line, "F_PERMISSION sid 0x0 iova 0xfffff000 read stage 2");
	assert_int_equal(ipfw_smmuv3_event_format(&ev, tiny, sizeof(tiny)), IPFW_E_NOSPACE);
	ipfw_smmuv3_event_format(NULL, line, sizeof(line));
	assert_string_equal(line, "(no event)");
}

static void test_gerror_quiet_and_acknowledged(void **state)
{
	uint32_t act = 1;

	(void)state;
	up();
	assert_int_equal(ipfw_smmuv3_gerror(&s, &act), IPFW_OK);
	assert_int_equal(act, 0);
	m.gerror ^= 1u << 2; /* EVENTQ_ABT_ERR */
	assert_int_equal(ipfw_smmuv3_gerror(&s, &act), IPFW_E_SMMU_GERROR);
	assert_int_equal(act, 1u << 2);
	assert_int_equal(m.gerror ^ m.gerrorn, 0); /* acknowledged in GERRORN */
	assert_int_equal(ipfw_smmuv3_gerror(&s, NULL), IPFW_OK);
}

/* A record laid out by hand from IHI 0070 7.3 (word 0: [7:0] type, [11]
 * SSV, [31:12] SubstreamID, [63:32] StreamID; word 1: [35] RnW, [39] S2;
 * word 2: input address), put in the queue as the SMMU would (record,
 * then PROD): every field comes back, the 20-bit SubstreamID whole. */
static void test_event_fields_of_a_substream_stage2_fault(void **state)
{
	struct ipfw_smmuv3_event ev;
	char line[96];

	(void)state;
	up();
	evtq[0] = 0x10u | (1u << 11) | (0xABCDEull << 12) | (0x1Full << 32);
	evtq[1] = (1ull << 35) | (1ull << 39);
	evtq[2] = 0x12345000u;
	evtq[3] = 0;
	m.evtq_prod = 1;
	assert_int_equal(ipfw_smmuv3_event_next(&s, &ev), 1);
	assert_int_equal(ev.type, IPFW_SMMUV3_EVT_F_TRANSLATION);
	assert_true(ev.ssv);
	assert_int_equal(ev.ssid, 0xABCDE);
	assert_int_equal(ev.sid, 0x1F);
	assert_true(ev.has_addr);
	assert_int_equal(ev.addr, 0x12345000u);
	assert_true(ev.read);
	assert_true(ev.stage2);
	ipfw_smmuv3_event_format(&ev, line, sizeof(line));
	assert_string_equal(line, "F_TRANSLATION sid 0x1f ssid 0xabcde iova 0x12345000 read stage 2");
	assert_int_equal(sm_read32(&m, 0x100AC) & 7u, 1u); /* EVENTQ_CONS moved past it */
	assert_int_equal(ipfw_smmuv3_event_next(&s, &ev), 0);
}

/* ------------------------------------------------------------ 2-level */

#define PA_L1 0x40040000ull /* 256 level-1 descriptors: 2 KiB */
#define PA_L2 0x40080000ull /* two level-2 tables of 256 STEs: 16 KiB each */
static uint64_t l1tab[256] __attribute__((aligned(2048)));
static uint64_t l2tabs[2][256 * 8] __attribute__((aligned(16384)));

static struct ipfw_smmuv3_mem mem_2lvl(void)
{
	struct ipfw_smmuv3_mem mm = mem();

	mm.strtab = l1tab;
	mm.strtab_pa = PA_L1;
	mm.sid_bits = 16;
	mm.split = 8;
	mm.l2 = l2tabs;
	mm.l2_pa = PA_L2;
	mm.nl2 = 2;
	sm_add_ram(&m, PA_L1, l1tab, sizeof(l1tab));
	sm_add_ram(&m, PA_L2, l2tabs, sizeof(l2tabs));
	return mm;
}

static void test_two_level_table_default_deny_and_attach(void **state)
{
	const struct ipfw_smmuv3_mem mm = mem_2lvl();
	struct ipfw_smmuv3_domain d;
	struct ipfw_smmuv3_ste_state st;
	uint64_t pa, rec[4];

	(void)state;
	memset(l1tab, 0x5A, sizeof(l1tab));
	assert_int_equal(ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL), IPFW_OK);
	/* no span has a level-2 table: every StreamID aborts */
	assert_int_equal(sm_translate(&m, 0x0108, 0x1000, false, &pa), SM_ABORT);
	assert_int_equal(sm_translate(&m, 0xFFFF, 0x1000, false, &pa), SM_ABORT);
	assert_true(sm_event_peek(&m, 1, rec));
	assert_int_equal(rec[0] & 0xFFu, 0x02); /* C_BAD_STREAMID */
	assert_int_equal(ipfw_smmuv3_ste_read(&s, 0x0108, &st), IPFW_OK);
	assert_int_equal(st.kind, IPFW_SMMUV3_STE_INVALID);

	domain(&d, 3);
	assert_int_equal(ipfw_smmuv3_attach(&s, &d, 0x0108), IPFW_OK);
	/* the span's table came with CFGI_STE_RANGE over its 256 StreamIDs */
	assert_int_equal(sm_count_cmds(&m, 0x04, 0x0100), 1);
	assert_int_equal(m.log[m.nlog - 5].range, 7);
	assert_int_equal(sm_translate(&m, 0x0108, 0x1010, false, &pa), SM_TRANSLATED);
	assert_int_equal(pa, PA_DATA + 0x10);
	assert_int_equal(ipfw_smmuv3_is_live(&s, &d, 0x0108), IPFW_OK);
	m.events = 0;
	/* its neighbours abort silently (STE abort), other spans still C_BAD_STREAMID */
	assert_int_equal(sm_translate(&m, 0x0109, 0x1000, false, &pa), SM_ABORT);
	assert_int_equal(m.events, 0);
	assert_int_equal(sm_translate(&m, 0x0208, 0x1000, false, &pa), SM_ABORT);
	assert_int_equal(m.events, 1);
	/* a second span, then the pool is empty */
	assert_int_equal(ipfw_smmuv3_abort(&s, 0x0208), IPFW_OK);
	IPFW_BADINPUT("smmuv3: caller memory", "third level-2 table from a pool of 2",
		      IPFW_E_NOSPACE, ipfw_smmuv3_attach(&s, &d, 0x0308));
	assert_int_equal(s.diag.sid, 0x0308);
	assert_int_equal(sm_translate(&m, 0x0308, 0x1000, false, &pa), SM_ABORT);
}

/* SPLIT 6 and 10 (IHI 0070 6.3.25 STRTAB_BASE_CFG: 6, 8 and 10 are the
 * legal splits; test_two_level_table_default_deny_and_attach has 8): the
 * model translates through the span's level-2 table, the span came with
 * CFGI_STE_RANGE Range = SPLIT - 1 (2^SPLIT StreamIDs), the next span
 * aborts. SPLIT 5 and 9 are reserved. */
#define PA_L2_BIG 0x40100000ull /* one level-2 table of 1024 STEs: 64 KiB */
static uint64_t l2big[1024 * 8] __attribute__((aligned(65536)));

static void split_translates(uint8_t split, uint8_t sid_bits, uint32_t sid)
{
	struct ipfw_smmuv3_mem mm = mem_2lvl();
	struct ipfw_smmuv3_domain d;
	uint64_t pa;

	setup(NULL);
	mm = mem_2lvl();
	mm.split = split;
	mm.sid_bits = sid_bits;
	if (split == 10u) {
		mm.l2 = l2big;
		mm.l2_pa = PA_L2_BIG;
		mm.nl2 = 1;
		sm_add_ram(&m, PA_L2_BIG, l2big, sizeof(l2big));
	}
	assert_int_equal(ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL), IPFW_OK);
	domain(&d, 4);
	assert_int_equal(ipfw_smmuv3_attach(&s, &d, sid), IPFW_OK);
	assert_int_equal(sm_count_cmds(&m, 0x04, sid & ~((1u << split) - 1u)), 1);
	assert_int_equal(m.log[m.nlog - 5].range, split - 1u);
	assert_int_equal(sm_translate(&m, sid, 0x1010, false, &pa), SM_TRANSLATED);
	assert_int_equal(pa, PA_DATA + 0x10);
	assert_int_equal(sm_translate(&m, sid ^ (1u << split), 0x1010, false, &pa), SM_ABORT);
}

static void test_two_level_table_with_split_6_and_10(void **state)
{
	struct ipfw_smmuv3_mem mm;

	(void)state;
	split_translates(6, 8, 0x45);
	split_translates(10, 11, 0x523);
	mm = mem_2lvl();
	mm.split = 5;
	IPFW_BADINPUT("smmuv3: caller memory", "SPLIT 5 (only 6, 8, 10)", IPFW_E_INVAL,
		      ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL));
	mm.split = 9;
	mm.sid_bits = 11;
	IPFW_BADINPUT("smmuv3: caller memory", "SPLIT 9 (only 6, 8, 10)", IPFW_E_INVAL,
		      ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL));
}

/* Two spans get two level-2 tables (IHI 0070 5.1 level-1 descriptor:
 * L2Ptr [51:6], Span [4:0] = SPLIT + 1): span 1 the first 16 KiB table,
 * span 2 the second, and each StreamID keeps its own STE and CD. */
static void test_two_level_spans_get_their_own_tables(void **state)
{
	const struct ipfw_smmuv3_mem mm = mem_2lvl();
	struct ipfw_smmuv3_domain d1, d2;
	uint64_t pa;

	(void)state;
	assert_int_equal(ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL), IPFW_OK);
	domain(&d1, 3);
	domain(&d2, 4);
	assert_int_equal(ipfw_smmuv3_attach(&s, &d1, 0x0108), IPFW_OK);
	assert_int_equal(ipfw_smmuv3_attach(&s, &d2, 0x0208), IPFW_OK);
	assert_int_equal(l1tab[1], PA_L2 | 9u);
	assert_int_equal(l1tab[2], (PA_L2 + 0x4000u) | 9u);
	assert_int_equal(ipfw_smmuv3_is_live(&s, &d1, 0x0108), IPFW_OK);
	assert_int_equal(ipfw_smmuv3_is_live(&s, &d2, 0x0208), IPFW_OK);
	assert_int_equal(sm_translate(&m, 0x0108, 0x1010, false, &pa), SM_TRANSLATED);
	assert_int_equal(sm_translate(&m, 0x0208, 0x1010, false, &pa), SM_TRANSLATED);
}

static void test_two_level_table_refused_when_wrong(void **state)
{
	struct ipfw_smmuv3_mem mm = mem_2lvl();

	(void)state;
	mm.split = 7; /* SPLIT is 6, 8 or 10 */
	IPFW_BADINPUT("smmuv3: caller memory", "SPLIT 7 (only 6, 8, 10)", IPFW_E_INVAL,
		      ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL));
	mm.split = 10;
	mm.sid_bits = 8; /* SPLIT at or above the StreamID width */
	IPFW_BADINPUT("smmuv3: caller memory", "SPLIT 10 with 8-bit StreamIDs", IPFW_E_INVAL,
		      ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL));
	mm = mem_2lvl();
	mm.nl2 = 0;
	IPFW_BADINPUT("smmuv3: caller memory", "2-level table with no level-2 tables", IPFW_E_INVAL,
		      ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL));
	mm = mem_2lvl();
	mm.l2_pa += 4096; /* level-2 tables aligned to 16 KiB */
	IPFW_BADINPUT("smmuv3: caller memory", "level-2 tables 4 KiB off their 16 KiB alignment",
		      IPFW_E_ALIGN, ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL));
	mm = mem_2lvl();
	m.idr0 &= ~(3u << 27); /* ST_LEVEL: linear only */
	IPFW_BADINPUT("smmuv3: ID registers", "2-level table on a linear-only SMMU (IDR0.ST_LEVEL 0)",
		      IPFW_E_SMMU_FEATURE, ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL));
}

/* A 2-level table on a non-coherent SMMU: the level-1 descriptors (all
 * invalid: every span aborts) are cleaned whole, 2^(16 - 8) x 8 bytes,
 * once they are written. */
struct l1_cleaned {
	bool whole_and_zero;
};

static void record_l1_clean(void *arg, void *cpu, size_t len)
{
	struct l1_cleaned *c = arg;
	bool zero = true;

	if (cpu != (void *)l1tab || len != sizeof(l1tab))
		return;
	for (size_t i = 0; i < 256u; i++)
		zero = zero && l1tab[i] == 0;
	c->whole_and_zero |= zero;
}

static void test_two_level_table_cleans_its_level_1(void **state)
{
	const struct ipfw_smmuv3_mem mm = mem_2lvl();
	struct l1_cleaned c = {false};

	(void)state;
	memset(l1tab, 0x5A, sizeof(l1tab));
	assert_int_equal(ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, record_l1_clean, &c),
			 IPFW_OK);
	assert_true(c.whole_and_zero);
}

/* The clean hook sees every structure the SMMU reads, after it is
 * written: what a non-coherent SMMU needs cleaned to the point of
 * coherency. */
struct cleaned {
	unsigned int calls;
	uintptr_t lo, hi;
	bool strtab, cd, ste8, cmd;
};

static void record_clean(void *arg, void *cpu, size_t len)
{
	struct cleaned *c = arg;
	uintptr_t a = (uintptr_t)cpu;

	c->calls++;
	c->strtab |= a == (uintptr_t)strtab && len == sizeof(strtab);
	c->ste8 |= a == (uintptr_t)&strtab[8 * 8] && len == 64u;
	c->cd |= a >= (uintptr_t)cds && a < (uintptr_t)cds + sizeof(cds) && len == 64u;
	c->cmd |= a >= (uintptr_t)cmdq && a < (uintptr_t)cmdq + sizeof(cmdq) && len == 16u;
}

static void count_delay(void *ctx, uint32_t us)
{
	(void)us;
	(*(unsigned int *)ctx)++;
}

static void test_clean_hook_and_delay(void **state)
{
	const struct ipfw_smmuv3_mem mm = mem();
	struct cleaned c = {0};
	unsigned int delays = 0;
	const struct ipfw_delay delay = {count_delay, &delays};
	struct ipfw_smmuv3_domain d;

	(void)state;
	assert_int_equal(ipfw_smmuv3_init(&s, BASE, &mm, &limit, &delay, record_clean, &c),
			 IPFW_OK);
	assert_true(c.strtab);
	assert_true(c.cmd);
	domain(&d, 1);
	assert_true(c.cd);
	assert_int_equal(ipfw_smmuv3_attach(&s, &d, 8), IPFW_OK);
	assert_true(c.ste8);
	assert_int_equal(delays, 0); /* the model answers at once: no waiting */
	m.cr0ack_stuck = true;
	m.cr0ack = 1;
	assert_int_equal(ipfw_smmuv3_init(&s, BASE, &mm, &limit, &delay, NULL, NULL),
			 IPFW_E_TIMEOUT);
	assert_int_equal(delays, limit.tries - 1u); /* between the reads, not after the last */
}

static void test_null_and_cold_arguments(void **state)
{
	struct ipfw_smmuv3 cold = {0};
	struct ipfw_smmuv3_domain d = {0};
	struct ipfw_smmuv3_ste_state st;
	struct ipfw_smmuv3_event ev;
	const struct ipfw_smmuv3_mem mm = mem();
	const struct ipfw_poll_limit none = {0, 0};

	(void)state;
	assert_int_equal(ipfw_smmuv3_probe(BASE, NULL), IPFW_E_INVAL);
	assert_int_equal(ipfw_smmuv3_init(NULL, BASE, &mm, &limit, NULL, NULL, NULL), IPFW_E_INVAL);
	assert_int_equal(ipfw_smmuv3_init(&s, BASE, NULL, &limit, NULL, NULL, NULL), IPFW_E_INVAL);
	assert_int_equal(ipfw_smmuv3_init(&s, BASE, &mm, &none, NULL, NULL, NULL), IPFW_E_INVAL);
	assert_int_equal(ipfw_smmuv3_attach(&cold, &d, 1), IPFW_E_STATE);
	assert_int_equal(ipfw_smmuv3_attach(&cold, NULL, 1), IPFW_E_INVAL);
	assert_int_equal(ipfw_smmuv3_abort(&cold, 1), IPFW_E_STATE);
	assert_int_equal(ipfw_smmuv3_bypass(NULL, 1), IPFW_E_STATE);
	assert_int_equal(ipfw_smmuv3_domain_init(NULL, &d, &tables, 1), IPFW_E_INVAL);
	assert_int_equal(ipfw_smmuv3_ste_read(&cold, 1, &st), IPFW_E_INVAL);
	assert_int_equal(ipfw_smmuv3_is_live(NULL, &d, 1), IPFW_E_INVAL);
	assert_int_equal(ipfw_smmuv3_event_next(&cold, &ev), IPFW_E_INVAL);
	assert_int_equal(ipfw_smmuv3_gerror(NULL, NULL), IPFW_E_INVAL);
	/* none of it touched the SMMU */
	assert_int_equal(ipfw_bus_count(IPFW_BUS_WRITE), 0);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(ipfw_smmuv3_event_name(0x10), "F_TRANSLATION");
	assert_string_equal(ipfw_smmuv3_event_name(0x04), "C_BAD_STE");
	assert_string_equal(ipfw_smmuv3_event_name(0xEE), "EVT_?");
	assert_string_equal(ipfw_errname(IPFW_E_SMMU_CMDQ), "IPFW_E_SMMU_CMDQ");
}

/* ------------------------------------------------------------ mutation survivors (issue 14) */

/* IDR0.TTENDIAN is bits [22:21] (IHI 0070 6.3.1): 0b11 means big-endian
 * walks only, which a driver writing little-endian tables must refuse;
 * 0b10 (little) and 0b00 (mixed) are fine whatever IDR0[20] (VATOS) says. */
static void test_probe_reads_ttendian_at_bits_22_21(void **state)
{
	struct ipfw_smmuv3_features f;
	const uint32_t qemu = 0x0d40101au; /* TTENDIAN 0b10 */

	(void)state;
	m.idr0 = qemu | (3u << 21); /* big-endian only, VATOS clear */
	assert_int_equal(ipfw_smmuv3_probe(BASE, &f), IPFW_E_SMMU_FEATURE);
	m.idr0 = (qemu & ~(3u << 21)) | (1u << 20); /* mixed, VATOS set */
	assert_int_equal(ipfw_smmuv3_probe(BASE, &f), IPFW_OK);
	m.idr0 = qemu | (1u << 20); /* little, VATOS set */
	assert_int_equal(ipfw_smmuv3_probe(BASE, &f), IPFW_OK);
}

/* SMMU_CR1 on a coherent SMMU (IHI 0070 6.3.10): queues and tables
 * write-back inner and outer (IC, OC = 0b01) and inner shareable
 * (SH = 0b11): QUEUE_IC [1:0] 01, QUEUE_OC [3:2] 01, QUEUE_SH [5:4] 11,
 * TABLE_IC [7:6] 01, TABLE_OC [9:8] 01, TABLE_SH [11:10] 11 = 0xD75;
 * a non-coherent one gets 0 (non-cacheable, non-shareable). */
static void test_cr1_by_hand(void **state)
{
	const struct ipfw_smmuv3_mem mm = mem();

	(void)state;
	up();
	assert_int_equal(m.cr1, 0xD75u);
	setup(NULL);
	m.idr0 &= ~(1u << 4); /* COHACC clear */
	assert_int_equal(ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL), IPFW_OK);
	assert_int_equal(m.cr1, 0u);
}

/* The drained check compares CMDQ_CONS.RD (the index and the wrap bit,
 * [cmdq_log2:0]) with the driver's PROD (IHI 0070 6.3.27): CONS.ERR
 * [30:24] keeps the code of an earlier, acknowledged command error
 * (GERROR == GERRORN) and says nothing about the queue being drained. */
static void test_is_live_reads_only_the_cons_index_and_wrap(void **state)
{
	struct ipfw_smmuv3_domain d;

	(void)state;
	up();
	domain(&d, 1);
	assert_int_equal(ipfw_smmuv3_attach(&s, &d, 8), IPFW_OK);
	assert_int_equal(ipfw_smmuv3_is_live(&s, &d, 8), IPFW_OK);
	m.cmdq_cons |= 1u << 24; /* ERR = CERROR_ILL, left from before */
	assert_int_equal(m.gerror ^ m.gerrorn, 0);
	assert_int_equal(ipfw_smmuv3_is_live(&s, &d, 8), IPFW_OK);
	m.cmdq_cons ^= 1u << 3; /* the wrap bit of an 8-entry queue differs: not drained */
	assert_int_equal(ipfw_smmuv3_is_live(&s, &d, 8), IPFW_E_NOTREADY);
}

/* ---- what the survivors of the smmuv3 campaign (seed 10) left unpinned */

/* IDR0.S2P is bit 0: an SMMU with stage 2 says so (QEMU 7.2's has none). */
static void test_probe_reads_stage_2_from_idr0_bit_0(void **state)
{
	struct ipfw_smmuv3_features f;

	(void)state;
	m.idr0 |= 1u << 0;
	assert_int_equal(ipfw_smmuv3_probe(BASE, &f), IPFW_OK);
	assert_true(f.s2);
	assert_true(f.s1);
}

/* Level-2 tables whose end passes the output address size (44 bits here):
 * nl2 tables of 64 << split bytes each, not the level-1 size. */
static void test_two_level_tables_past_the_output_range_are_refused(void **state)
{
	struct ipfw_smmuv3_mem mm = mem_2lvl();

	(void)state;
	/* two 16 KiB level-2 tables, the second past 2^44 */
	mm.l2_pa = (1ull << 44) - 0x4000u;
	IPFW_BADINPUT("smmuv3: caller memory", "level-2 tables ending past the 44-bit output range",
		      IPFW_E_RANGE, ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL));
	/* the same place with one table ends exactly at 2^44: taken */
	mm.nl2 = 1;
	assert_int_equal(ipfw_smmuv3_init(&s, BASE, &mm, &limit, NULL, NULL, NULL), IPFW_OK);
}

/* After a command failed, a later one is refused saying so, and the
 * diagnostic carries no value of the earlier failure. */
static void test_a_command_after_a_stop_says_so_without_old_values(void **state)
{
	struct ipfw_smmuv3_domain d;

	(void)state;
	up();
	domain(&d, 1);
	m.illegal_op = 0x03;
	assert_int_equal(ipfw_smmuv3_attach(&s, &d, 6), IPFW_E_SMMU_CMDQ);
	assert_int_equal(s.diag.got, 1);
	assert_int_equal(ipfw_smmuv3_attach(&s, &d, 7), IPFW_E_SMMU_CMDQ);
	assert_string_equal(s.diag.what, "CMDQ (stopped earlier)");
	assert_int_equal(s.diag.sid, 0);
	assert_int_equal(s.diag.want, 0);
	assert_int_equal(s.diag.got, 0);
}

/* An STE word that memory does not hold as written (changed behind the
 * driver's back while the SMMU took the CFGI) fails the attach, naming
 * the StreamID, the word's value wanted and what memory holds. */
static uint64_t *flip_at;
static void flip_on_prod(void *ctx, const struct ipfw_bus_access *a)
{
	(void)ctx;
	if (flip_at && a->op == IPFW_BUS_WRITE && a->addr == BASE + 0x98u) {
		*flip_at ^= 1ull << 40;
		flip_at = NULL;
	}
}

static void test_an_ste_that_does_not_read_back_fails_the_attach(void **state)
{
	struct ipfw_smmuv3_domain d;
	uint64_t want;

	(void)state;
	up();
	domain(&d, 1);
	flip_at = &strtab[6 * 8 + 2];
	ipfw_bus_set_observer(flip_on_prod, NULL);
	IPFW_BADINPUT("smmuv3: hardware", "STE word 2 changed under the CFGI", IPFW_E_SMMU_STE,
		      ipfw_smmuv3_attach(&s, &d, 6));
	ipfw_bus_set_observer(NULL, NULL);
	assert_string_equal(s.diag.what, "STE word 1-7");
	assert_int_equal(s.diag.sid, 6);
	want = s.diag.want;
	assert_int_equal(s.diag.got, want ^ (1ull << 40));
	assert_int_equal(strtab[6 * 8 + 2], s.diag.got);
}

/* The matcher never reads past the property: an unterminated
 * "arm,smmu-v3" at the very end of readable memory is no match. */
static void test_the_compatible_matcher_stays_inside_the_property(void **state)
{
	const long page = sysconf(_SC_PAGESIZE);
	char *map = mmap(NULL, (size_t)page * 2u, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
	char *at;

	(void)state;
	assert_true(map != MAP_FAILED);
	assert_int_equal(mprotect(map + page, (size_t)page, PROT_NONE), 0);
	at = map + page - 11;
	memcpy(at, "arm,smmu-v3", 11);
	assert_false(ipfw_smmuv3_compatible(at, 11));
	memcpy(map + page - 12, "arm,smmu-v3", 12);
	assert_true(ipfw_smmuv3_compatible(map + page - 12, 12));
	/* the binding's string anywhere in the list */
	memcpy(map + page - 21, "vendor,x\0arm,smmu-v3", 21);
	assert_true(ipfw_smmuv3_compatible(map + page - 21, 21));
	munmap(map, (size_t)page * 2u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_probe_decodes_qemu_idrs, setup),
		cmocka_unit_test_setup(test_probe_refuses_missing_features, setup),
		cmocka_unit_test_setup(test_init_refuses_preset_tables_or_queues, setup),
		cmocka_unit_test_setup(test_attach_ste_word1_follows_cohacc, setup),
		cmocka_unit_test_setup(test_domain_cd_words_by_hand, setup),
		cmocka_unit_test_setup(test_init_is_default_deny, setup),
		cmocka_unit_test_setup(test_init_notes_a_gbpa_that_does_not_stick, setup),
		cmocka_unit_test_setup(test_init_refuses_misaligned_or_oversized_memory, setup),
		cmocka_unit_test_setup(test_init_takes_memory_up_to_the_idr1_maxima, setup),
		cmocka_unit_test_setup(test_init_reports_cr0ack_timeout, setup),
		cmocka_unit_test_setup(test_init_reports_register_readback, setup),
		cmocka_unit_test_setup(test_attach_translates_through_the_tables, setup),
		cmocka_unit_test_setup(test_attach_refreshes_a_cached_cd, setup),
		cmocka_unit_test_setup(test_faults_come_back_decoded, setup),
		cmocka_unit_test_setup(test_event_overflow_is_reported_once, setup),
		cmocka_unit_test_setup(test_abort_detaches, setup),
		cmocka_unit_test_setup(test_bypass_only_when_asked, setup),
		cmocka_unit_test_setup(test_sid_beyond_the_table_is_refused, setup),
		cmocka_unit_test_setup(test_failed_command_blocks_release, setup),
		cmocka_unit_test_setup(test_domain_refuses_s2_tables_and_full_cds, setup),
		cmocka_unit_test_setup(test_tlbi_asid_is_a_synced_command, setup),
		cmocka_unit_test_setup(test_command_queue_that_stalls_times_out, setup),
		cmocka_unit_test_setup(test_ste_read_names_what_memory_holds, setup),
		cmocka_unit_test_setup(test_is_live_reads_the_hardware_now, setup),
		cmocka_unit_test_setup(test_event_format_edges, setup),
		cmocka_unit_test_setup(test_gerror_quiet_and_acknowledged, setup),
		cmocka_unit_test_setup(test_event_fields_of_a_substream_stage2_fault, setup),
		cmocka_unit_test_setup(test_two_level_table_default_deny_and_attach, setup),
		cmocka_unit_test_setup(test_two_level_table_refused_when_wrong, setup),
		cmocka_unit_test_setup(test_two_level_spans_get_their_own_tables, setup),
		cmocka_unit_test_setup(test_two_level_table_with_split_6_and_10, setup),
		cmocka_unit_test_setup(test_two_level_table_cleans_its_level_1, setup),
		cmocka_unit_test_setup(test_clean_hook_and_delay, setup),
		cmocka_unit_test_setup(test_null_and_cold_arguments, setup),
		cmocka_unit_test_setup(test_names, setup),
		cmocka_unit_test_setup(test_probe_reads_ttendian_at_bits_22_21, setup),
		cmocka_unit_test_setup(test_cr1_by_hand, setup),
		cmocka_unit_test_setup(test_is_live_reads_only_the_cons_index_and_wrap, setup),
		cmocka_unit_test_setup(test_probe_reads_stage_2_from_idr0_bit_0, setup),
		cmocka_unit_test_setup(test_two_level_tables_past_the_output_range_are_refused, setup),
		cmocka_unit_test_setup(test_a_command_after_a_stop_says_so_without_old_values, setup),
		cmocka_unit_test_setup(test_an_ste_that_does_not_read_back_fails_the_attach, setup),
		cmocka_unit_test_setup(test_the_compatible_matcher_stays_inside_the_property, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
