/* SPDX-License-Identifier: BSD-3-Clause */
/* Event queue and global errors (IHI 0070, chapter 7 "Events and event
 * queue"; 6.3.17 "SMMU_GERROR"). The SMMU writes records at PROD; the
 * driver reads up to it and moves CONS. PROD.OVFLG toggles when records
 * were lost; CONS.OVACKFLG is set equal to acknowledge. */
#include <ipmmu/error.h>
#include <ipmmu/smmuv3.h>
#include <ipmmu/text.h>

#include "smmuv3_priv.h"

int ipfw_smmuv3_event_next(struct ipfw_smmuv3 *s, struct ipfw_smmuv3_event *ev)
{
	uint32_t m, prod, idx;
	const volatile uint64_t *rec;

	if (!s || !ev || !s->evtq)
		return IPFW_E_INVAL;
	m = (2u << s->evtq_log2) - 1u;
	prod = ipfw_smmuv3_rd_(s, SMMU_EVENTQ_PROD);
	if ((prod & EVENTQ_PROD_OVFLG) != (s->evtq_cons & EVENTQ_CONS_OVACKFLG)) {
		s->evtq_cons = (s->evtq_cons & ~EVENTQ_CONS_OVACKFLG) | (prod & EVENTQ_PROD_OVFLG);
		ipfw_smmuv3_wr_(s, SMMU_EVENTQ_CONS, s->evtq_cons);
		return IPFW_E_SMMU_EVENTQ;
	}
	if ((prod & m) == (s->evtq_cons & m))
		return 0;
	ipfw_mmio_dsb(); /* read the record only after PROD said it is there */
	idx = s->evtq_cons & ((1u << s->evtq_log2) - 1u);
	rec = &s->evtq[(size_t)idx * EVT_WORDS];
	for (uint32_t w = 0; w < EVT_WORDS; w++)
		ev->raw[w] = rec[w];
	ev->type = (uint8_t)ev->raw[0];
	ev->ssv = (ev->raw[0] >> 11) & 1u;
	ev->ssid = (uint32_t)(ev->raw[0] >> 12) & 0xFFFFFu;
	ev->sid = (uint32_t)(ev->raw[0] >> 32);
	ev->has_addr = ev->type >= IPFW_SMMUV3_EVT_F_TRANSLATION &&
		       ev->type <= IPFW_SMMUV3_EVT_F_PERMISSION;
	ev->addr = ev->has_addr ? ev->raw[2] : 0;
	ev->read = ev->has_addr && ((ev->raw[1] >> 35) & 1u); /* RnW */
	ev->stage2 = ev->has_addr && ((ev->raw[1] >> 39) & 1u);
	s->evtq_cons = (s->evtq_cons & EVENTQ_CONS_OVACKFLG) | ((s->evtq_cons + 1u) & m);
	ipfw_smmuv3_wr_(s, SMMU_EVENTQ_CONS, s->evtq_cons);
	return 1;
}

const char *ipfw_smmuv3_event_name(uint8_t type)
{
	static const struct {
		uint8_t type;
		const char *name;
	} names[] = {
		{IPFW_SMMUV3_EVT_F_UUT, "F_UUT"},
		{IPFW_SMMUV3_EVT_C_BAD_STREAMID, "C_BAD_STREAMID"},
		{IPFW_SMMUV3_EVT_F_STE_FETCH, "F_STE_FETCH"},
		{IPFW_SMMUV3_EVT_C_BAD_STE, "C_BAD_STE"},
		{IPFW_SMMUV3_EVT_F_BAD_ATS_TREQ, "F_BAD_ATS_TREQ"},
		{IPFW_SMMUV3_EVT_F_STREAM_DISABLED, "F_STREAM_DISABLED"},
		{IPFW_SMMUV3_EVT_F_TRANSL_FORBIDDEN, "F_TRANSL_FORBIDDEN"},
		{IPFW_SMMUV3_EVT_C_BAD_SUBSTREAMID, "C_BAD_SUBSTREAMID"},
		{IPFW_SMMUV3_EVT_F_CD_FETCH, "F_CD_FETCH"},
		{IPFW_SMMUV3_EVT_C_BAD_CD, "C_BAD_CD"},
		{IPFW_SMMUV3_EVT_F_WALK_EABT, "F_WALK_EABT"},
		{IPFW_SMMUV3_EVT_F_TRANSLATION, "F_TRANSLATION"},
		{IPFW_SMMUV3_EVT_F_ADDR_SIZE, "F_ADDR_SIZE"},
		{IPFW_SMMUV3_EVT_F_ACCESS, "F_ACCESS"},
		{IPFW_SMMUV3_EVT_F_PERMISSION, "F_PERMISSION"},
		{IPFW_SMMUV3_EVT_F_TLB_CONFLICT, "F_TLB_CONFLICT"},
		{IPFW_SMMUV3_EVT_F_CFG_CONFLICT, "F_CFG_CONFLICT"},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (names[i].type == type)
			return names[i].name;
	}
	return "EVT_?";
}

/* Hex with as many digits as the value needs. */
static void hex(struct ipfw_text *t, uint64_t v)
{
	unsigned int digits = 1;

	while (digits < 16u && (v >> (4u * digits)))
		digits++;
	ipfw_text_hex(t, v, digits, false);
}

int ipfw_smmuv3_event_format(const struct ipfw_smmuv3_event *ev, char *buf, size_t len)
{
	struct ipfw_text t;

	ipfw_text_init(&t, buf, len);
	if (!ev) {
		ipfw_text_str(&t, "(no event)");
		return ipfw_text_end(&t);
	}
	ipfw_text_str(&t, ipfw_smmuv3_event_name(ev->type));
	ipfw_text_str(&t, " sid ");
	hex(&t, ev->sid);
	if (ev->ssv) {
		ipfw_text_str(&t, " ssid ");
		hex(&t, ev->ssid);
	}
	if (ev->has_addr) {
		ipfw_text_str(&t, " iova ");
		hex(&t, ev->addr);
		ipfw_text_str(&t, ev->read ? " read" : " write");
		if (ev->stage2)
			ipfw_text_str(&t, " stage 2");
	}
	return ipfw_text_end(&t);
}

int ipfw_smmuv3_gerror(struct ipfw_smmuv3 *s, uint32_t *active)
{
	uint32_t g, gn, act;

	if (!s)
		return IPFW_E_INVAL;
	g = ipfw_smmuv3_rd_(s, SMMU_GERROR);
	gn = ipfw_smmuv3_rd_(s, SMMU_GERRORN);
	act = g ^ gn;
	if (active)
		*active = act;
	if (!act)
		return IPFW_OK;
	ipfw_smmuv3_wr_(s, SMMU_GERRORN, gn ^ act); /* acknowledge: GERRORN = GERROR */
	return IPFW_E_SMMU_GERROR;
}
